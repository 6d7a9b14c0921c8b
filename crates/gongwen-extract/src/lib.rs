//! What a document *says*, as data, each item tied to its outline node and
//! source line. Pure functions of a parsed [`gongwen_model::Document`]; no I/O.

pub mod measure;
mod nodes;
pub mod people;
pub mod roster;
pub mod target;
pub mod task;

pub use measure::{measures, Amount, Installments, Measure};
pub use people::{appointments, Action, Appointment};
pub use roster::{rosters, Member};
pub use target::{targets, Target};
pub use task::{tasks, Deadline, Role, Task, Unit};
