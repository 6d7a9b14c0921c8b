//! `gongwen eval --tasks [FILE]`: precision and recall of tasks against labels
//! made from documents of other governments (default eval/tasks-beyond.toml),
//! per source and split. A predicted task matches a label when its line and
//! its lead units are the same; deadline agreement is counted on the matches.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::eval_beyond::{score_doc, LabelDoc, Tally};
use gongwen_extract::{tasks, Deadline, Role, Task};
use gongwen_parse::text::compact;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

#[derive(Deserialize)]
struct TaskLabel {
    line: usize,
    lead: Vec<String>,
    /// Normalised deadline (`2024-06-30`, `monthly:07`, `yearly:11-30`, `ongoing`).
    deadline: Option<String>,
}

/// The units a task is led by: its 牵头 units, else its responsible units,
/// else those that guide it (`X指导，Y落实`) (units included through an
/// expansion are not named by the note itself).
pub fn lead_set(t: &Task) -> BTreeSet<String> {
    let named = |role: Role| -> BTreeSet<String> { t.units.iter().filter(|u| u.role == role && u.via.is_none()).map(|u| compact(&u.name)).collect() };
    [Role::Lead, Role::Responsible, Role::Guiding].into_iter().map(named).find(|s| !s.is_empty()).unwrap_or_default()
}

/// The label spelling of a deadline.
pub fn deadline_label(d: &Deadline) -> String {
    match d {
        Deadline::By { date, .. } => date.to_string(),
        Deadline::Yearly { month, day, .. } => format!("yearly:{month:02}-{day:02}"),
        Deadline::Monthly { day, .. } => format!("monthly:{day:02}"),
        Deadline::Quarterly { .. } => "quarterly".into(),
        Deadline::Relative { text } => format!("relative:{text}"),
        Deadline::Ongoing { .. } => "ongoing".into(),
    }
}

fn score(k: &Arc<Knowledge>, doc: &LabelDoc<TaskLabel>, documents: &[gongwen_model::Document], verbose: bool) -> Tally {
    let predicted: Vec<Task> = documents.iter().flat_map(|d| tasks(k, d)).collect();
    // Labels copy names as printed (各有关省(区、市)); the parser's punctuation is normalised.
    let want = |l: &TaskLabel| -> BTreeSet<String> { l.lead.iter().map(|x| compact(&gongwen_parse::text::normalize_line(0, x).text)).collect() };
    score_doc(
        &doc.items,
        &predicted,
        verbose,
        |l, p| p.line == l.line && lead_set(p) == want(l),
        |l, p| l.deadline.as_ref().map(|d| p.deadline.as_ref().map(deadline_label).as_deref() == Some(d.as_str())),
        |l| format!("第{}行 牵头 {:?} 期限 {}", l.line, want(l), l.deadline.as_deref().unwrap_or("无")),
        |p| format!("第{}行 牵头 {:?} 期限 {} {}", p.line, lead_set(p), p.deadline.as_ref().map(deadline_label).unwrap_or_else(|| "无".into()), p.text.chars().take(30).collect::<String>()),
    )
}

pub fn run(k: &Arc<Knowledge>, labels: &Path, corpus: &Path, verbose: bool) -> ExitCode {
    crate::eval_beyond::run(k, labels, "tasks", corpus, verbose, "期限一致", score)
}
