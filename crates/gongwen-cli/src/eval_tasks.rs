//! `gongwen eval --tasks [FILE]`: precision and recall of tasks against labels
//! made from documents of other governments (default eval/tasks-beyond.toml),
//! per source and split. A predicted task matches a label when its line and
//! its lead units are the same; deadline agreement is counted on the matches.

use crate::register::fail;
use gongwen_extract::{tasks, Deadline, Role, Task};
use gongwen_parse::text::compact;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

#[derive(Deserialize)]
struct LabelFile {
    docs: Vec<LabelDoc>,
}

#[derive(Deserialize)]
struct LabelDoc {
    file: String,
    source: String,
    split: String,
    tasks: Vec<TaskLabel>,
}

#[derive(Deserialize)]
struct TaskLabel {
    line: usize,
    lead: Vec<String>,
    /// Normalised deadline (`2024-06-30`, `monthly:07`, `yearly:11-30`, `ongoing`).
    deadline: Option<String>,
}

/// Counts for one (source, split) cell of the table.
#[derive(Default, Clone, Copy)]
struct Tally {
    gold: usize,
    predicted: usize,
    matched: usize,
    /// Matches whose label has a normalised deadline, and of those the ones
    /// whose predicted deadline agrees.
    dated: usize,
    agreed: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.dated += o.dated;
        self.agreed += o.agreed;
    }

    fn row(&self, source: &str, split: &str) -> String {
        let ratio = |a: usize, b: usize| if b == 0 { "   – ".to_string() } else { format!("{:.2}", a as f64 / b as f64) };
        format!(
            "{} {split:<8} {:>5} {:>9} {:>7}  {:>9}  {:>6}  期限一致 {}/{} ({})",
            pad(source, 10),
            self.gold,
            self.predicted,
            self.matched,
            ratio(self.matched, self.predicted),
            ratio(self.matched, self.gold),
            self.agreed,
            self.dated,
            ratio(self.agreed, self.dated),
        )
    }
}

/// `s` padded to `width` terminal columns (a CJK character takes two).
fn pad(s: &str, width: usize) -> String {
    let used: usize = s.chars().map(|c| if gongwen_parse::text::is_cjk(c) { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}

/// The units a task is led by: its 牵头 units, else its responsible units
/// (units included through an expansion are not named by the note itself).
pub fn lead_set(t: &Task) -> BTreeSet<String> {
    let named = |role: Role| -> BTreeSet<String> { t.units.iter().filter(|u| u.role == role && u.via.is_none()).map(|u| compact(&u.name)).collect() };
    let lead = named(Role::Lead);
    if lead.is_empty() {
        named(Role::Responsible)
    } else {
        lead
    }
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

/// Greedy one-to-one matching of one document's labels and predictions.
fn score_doc(labels: &[TaskLabel], predicted: &[Task], verbose: bool) -> Tally {
    let mut used = vec![false; predicted.len()];
    let mut t = Tally { gold: labels.len(), predicted: predicted.len(), ..Tally::default() };
    for l in labels {
        let want: BTreeSet<String> = l.lead.iter().map(|x| compact(x)).collect();
        let hit = predicted.iter().enumerate().position(|(i, p)| !used[i] && p.line == l.line && lead_set(p) == want);
        match hit {
            Some(i) => {
                used[i] = true;
                t.matched += 1;
                if let Some(d) = &l.deadline {
                    t.dated += 1;
                    let got = predicted[i].deadline.as_ref().map(deadline_label);
                    if got.as_deref() == Some(d.as_str()) {
                        t.agreed += 1;
                    } else if verbose {
                        println!("  期限不符 第{}行 标注 {d} 得到 {}", l.line, got.unwrap_or_else(|| "无".into()));
                    }
                }
            }
            None if verbose => println!("  漏报 第{}行 牵头 {:?}", l.line, want),
            None => {}
        }
    }
    if verbose {
        for (p, _) in predicted.iter().zip(&used).filter(|(_, u)| !**u) {
            println!("  误报 第{}行 牵头 {:?} {}", p.line, lead_set(p), p.text.chars().take(30).collect::<String>());
        }
    }
    t
}

/// Every task gongwen reads in one corpus file (all its documents).
fn predicted_tasks(corpus: &Path, file: &str) -> Result<Vec<Task>, String> {
    let path = corpus.join(file);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed = gongwen_parse::parse_bytes(file, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(parsed.documents.iter().flat_map(tasks).collect())
}

/// Scores every labelled document: a cell per (source, split).
fn score_all(labels: &Path, corpus: &Path, verbose: bool) -> Result<BTreeMap<(String, String), Tally>, String> {
    let text = std::fs::read_to_string(labels).map_err(|e| format!("{}: {e}", labels.display()))?;
    let file: LabelFile = toml::from_str(&text).map_err(|e| format!("{}: {}", labels.display(), e.message()))?;
    let mut cells: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for doc in &file.docs {
        let predicted = predicted_tasks(corpus, &doc.file)?;
        if verbose {
            println!("{}（{}，{}）:", doc.file, doc.source, doc.split);
        }
        let t = score_doc(&doc.tasks, &predicted, verbose);
        cells.entry((doc.source.clone(), doc.split.clone())).or_default().add(t);
    }
    Ok(cells)
}

pub fn run(labels: &Path, corpus: &Path, verbose: bool) -> ExitCode {
    let cells = match score_all(labels, corpus, verbose) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    println!("{:<10} {:<8} {:>5} {:>9} {:>7}  {:>9}  {:>6}", "source", "split", "gold", "predicted", "matched", "precision", "recall");
    let mut per_split: BTreeMap<String, Tally> = BTreeMap::new();
    for ((source, split), t) in &cells {
        println!("{}", t.row(source, split));
        per_split.entry(split.clone()).or_default().add(*t);
    }
    for (split, t) in &per_split {
        println!("{}", t.row("合计", split));
    }
    ExitCode::SUCCESS
}
