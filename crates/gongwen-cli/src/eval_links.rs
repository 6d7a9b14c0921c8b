//! `gongwen eval --citations [FILE]` and `gongwen eval --lifecycle [FILE]`:
//! precision and recall of citations (with their relation) and of the
//! statements a document makes about its own life, against labels made from
//! documents of other governments (default eval/citations-beyond.toml, which
//! holds both kinds; see its header for what counts as one item).
//!
//! A predicted citation matches a label on the same line that names the same
//! document: the same title (content characters compared, or the short name
//! or full title of a short-form mention), or the same 文号 or 令 number
//! (brackets ignored). Mentions of one document on one line count once, on
//! both sides. Relation agreement is counted on the matches. A lifecycle
//! statement matches on its line and kind; agreement of its date, years or
//! delay is counted on the matches.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::eval_beyond::{score_doc, LabelDoc, Tally};
use gongwen_link::normalize_title;
use gongwen_model::{Citation, Clause, Date, Document, LifecycleClause};
use serde::Deserialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Deserialize)]
struct CitationLabel {
    line: usize,
    title: Option<String>,
    doc_number: Option<String>,
    order: Option<String>,
    relation: String,
    /// For a mention by a short name: the full title it stands for.
    refers_to: Option<String>,
}

#[derive(Deserialize)]
struct ClauseLabel {
    line: usize,
    kind: String,
    date: Option<String>,
    years: Option<u32>,
    delay_days: Option<u32>,
    text: String,
}

/// A 文号 or 令 number without its brackets and spaces: `发改数据规〔2025〕26号`
/// and `发改数据规[2025]26号` compare equal.
fn bare_number(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric() && !matches!(c, '〔' | '〕' | '［' | '］' | '﹝' | '﹞')).collect()
}

fn same_document(l: &CitationLabel, p: &Citation) -> bool {
    let titles: Vec<String> = [p.title.as_deref(), p.short_name.as_deref()].into_iter().flatten().map(normalize_title).collect();
    let label_titles: Vec<String> = [l.title.as_deref(), l.refers_to.as_deref()].into_iter().flatten().map(normalize_title).collect();
    let title = label_titles.iter().any(|t| !t.is_empty() && titles.contains(t));
    let number = |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if bare_number(a) == bare_number(b));
    title || number(l.doc_number.as_deref(), p.doc_number.as_deref()) || number(l.order.as_deref(), p.order.as_deref())
}

/// The serde name of a lifecycle clause (`effective_on`, `trial` …).
fn name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Object(o)) => o.get("kind").and_then(|k| k.as_str()).unwrap_or_default().to_string(),
        _ => String::new(),
    }
}

/// Citations of every document of the file, one per cited document and line.
fn predicted_citations(k: &Arc<Knowledge>, documents: &[Document]) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    for c in documents.iter().flat_map(|d| gongwen_link::statements(k, d).citations) {
        let key = |c: &Citation| (c.line, c.title.as_deref().map(normalize_title), c.doc_number.clone(), c.order.clone());
        if !out.iter().any(|o| key(o) == key(&c)) {
            out.push(c);
        }
    }
    out
}

fn score_citations(k: &Arc<Knowledge>, doc: &LabelDoc<CitationLabel>, documents: &[Document], verbose: bool) -> Tally {
    let predicted = predicted_citations(k, documents);
    let show = |line: usize, title: Option<&str>, number: Option<&str>, relation: &str| {
        format!("第{line}行 《{}》 {} {relation}", title.unwrap_or(""), number.unwrap_or(""))
    };
    score_doc(
        &doc.items,
        &predicted,
        verbose,
        |l, p| p.line == l.line && same_document(l, p),
        |l, p| Some(p.relation.as_str() == l.relation),
        |l| show(l.line, l.title.as_deref(), l.doc_number.as_deref().or(l.order.as_deref()), &l.relation),
        |p| show(p.line, p.title.as_deref(), p.doc_number.as_deref().or(p.order.as_deref()), p.relation.as_str()),
    )
}

/// Does the predicted clause state what the label says (its date, years or delay)?
fn same_detail(l: &ClauseLabel, p: &Clause) -> Option<bool> {
    let date = |d: &Date| Some(d.to_string()) == l.date;
    match p {
        Clause::EffectiveOn { date: d } | Clause::ValidUntil { date: d } | Clause::AmendedOn { date: d } => l.date.as_ref().map(|_| date(d)),
        Clause::TermYears { years } => l.years.map(|y| y == *years),
        Clause::EffectiveOnPublication { delay_days } => l.delay_days.map(|d| d == *delay_days),
        Clause::Indefinite | Clause::Trial => None,
    }
}

fn score_lifecycle(k: &Arc<Knowledge>, doc: &LabelDoc<ClauseLabel>, documents: &[Document], verbose: bool) -> Tally {
    let predicted: Vec<LifecycleClause> = documents.iter().flat_map(|d| gongwen_link::statements(k, d).clauses).collect();
    let short = |s: &str| s.chars().take(30).collect::<String>();
    score_doc(
        &doc.items,
        &predicted,
        verbose,
        |l, p| p.line == l.line && name(&p.clause) == l.kind,
        |l, p| same_detail(l, &p.clause),
        |l| format!("第{}行 {} {}", l.line, l.kind, short(&l.text)),
        |p| format!("第{}行 {} {}", p.line, name(&p.clause), short(&p.text)),
    )
}

pub fn run_citations(k: &Arc<Knowledge>, labels: &Path, corpus: &Path, verbose: bool) -> ExitCode {
    crate::eval_beyond::run(k, labels, "citations", corpus, verbose, "关系一致", score_citations)
}

pub fn run_lifecycle(k: &Arc<Knowledge>, labels: &Path, corpus: &Path, verbose: bool) -> ExitCode {
    crate::eval_beyond::run(k, labels, "lifecycle", corpus, verbose, "日期一致", score_lifecycle)
}
