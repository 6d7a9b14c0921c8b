//! What a document *says*, as data, each item tied to its outline node and
//! source line. Pure functions of a parsed [`gongwen_model::Document`]; no I/O.

pub mod finder;
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

use gongwen_model::Document;
use serde::Serialize;

/// Everything read from one document, as stored by ingest: one JSON row per
/// item, tagged with its kind.
pub fn facts(doc: &Document) -> Vec<(&'static str, usize, String)> {
    fn rows<T: Serialize>(kind: &'static str, items: Vec<T>, line: impl Fn(&T) -> usize, out: &mut Vec<(&'static str, usize, String)>) {
        for it in items {
            let l = line(&it);
            out.push((kind, l, serde_json::to_string(&it).expect("extracted items always serialise")));
        }
    }
    let mut out = Vec::new();
    rows("measure", measures(doc), |m| m.line, &mut out);
    rows("task", tasks(doc), |t| t.line, &mut out);
    rows("target", targets(doc), |t| t.line, &mut out);
    rows("appointment", appointments(doc), |a| a.line, &mut out);
    rows("member", rosters(doc), |m| m.line, &mut out);
    out
}
