//! What a document *says*, as data, each item tied to its outline node and
//! source line. Pure functions of a parsed [`gongwen_model::Document`]; no I/O.

pub mod measure;
pub mod people;

pub use measure::{measures, Amount, Installments, Measure};
pub use people::{appointments, Action, Appointment};
