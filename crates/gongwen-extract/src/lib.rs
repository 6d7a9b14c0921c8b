//! What a document *says*, as data, each item tied to its outline node and
//! source line. Pure functions of a parsed [`gongwen_model::Document`]; no I/O.

mod deadline;
pub mod finder;
mod amount;
mod grant;
pub mod measure;
mod nodes;
mod note;
pub mod people;
pub mod roster;
mod running;
pub mod target;
pub mod task;
mod units;

pub use amount::Amount;
pub use measure::{measures, Installments, Measure};
pub use people::{appointments, Action, Appointment};
pub use roster::{rosters, Member};
pub use target::{targets, Target};
pub use task::{tasks, Deadline, Role, Task, Unit};

use gongwen_parse::knowledge::Knowledge;
use gongwen_model::{Document, FactKind};
use serde::Serialize;

/// One stored item: (kind, line, JSON).
pub type Fact = (FactKind, usize, String);

/// An extraction step behind [`facts`]: its name and what it reads.
pub type FactStep = (&'static str, fn(&Knowledge, &Document) -> Vec<Fact>);

fn rows<T: Serialize>(kind: FactKind, items: Vec<T>, line: impl Fn(&T) -> usize) -> Vec<Fact> {
    items
        .into_iter()
        .map(|it| (kind, line(&it), serde_json::to_string(&it).expect("extracted items always serialise")))
        .collect()
}

/// The steps of [`facts`], by name, so that a caller can run (and isolate)
/// each one on its own: ingest drops only the step that fails.
pub const FACT_STEPS: [FactStep; 5] = [
    ("measures", |k, d| rows(FactKind::Measure, measures(k, d), |m| m.line)),
    ("tasks", |k, d| rows(FactKind::Task, tasks(k, d), |t| t.line)),
    ("targets", |k, d| rows(FactKind::Target, targets(k, d), |t| t.line)),
    ("people", |k, d| rows(FactKind::Appointment, appointments(k, d), |a| a.line)),
    ("rosters", |_, d| rows(FactKind::Member, rosters(d), |m| m.line)),
];

/// Everything read from one document, as stored by ingest: one JSON row per
/// item, tagged with its kind.
pub fn facts(k: &Knowledge, doc: &Document) -> Vec<Fact> {
    FACT_STEPS.iter().flat_map(|(_, step)| step(k, doc)).collect()
}

/// Where a task or target was read, for people: the machine value `inline`
/// (the running text) is 正文; a table's caption is shown as it is.
pub fn from_label(from: &str) -> &str {
    if from == "inline" {
        "正文"
    } else {
        from
    }
}
