//! `gongwen eval --targets [FILE]`: precision and recall of numeric targets
//! against labels made from documents of other governments (default
//! eval/targets-beyond.toml; see its header for what counts as one). A
//! predicted target matches a label on the same line with the same value and
//! unit (％ as %); agreement of the target year is counted on the matches
//! whose label states one.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::eval_beyond::{score_doc, LabelDoc, Tally};
use gongwen_extract::{targets, Target};
use gongwen_model::Document;
use serde::Deserialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Deserialize)]
struct TargetLabel {
    line: usize,
    metric: String,
    value: f64,
    unit: String,
    year: Option<u16>,
}

fn unit(s: &str) -> String {
    s.trim().replace('％', "%")
}

fn score(k: &Arc<Knowledge>, doc: &LabelDoc<TargetLabel>, documents: &[Document], verbose: bool) -> Tally {
    let predicted: Vec<Target> = documents.iter().flat_map(|d| targets(k, d)).collect();
    let short = |s: &str| s.chars().take(24).collect::<String>();
    score_doc(
        &doc.items,
        &predicted,
        verbose,
        |l, p| p.line == l.line && (p.value - l.value).abs() < 1e-6 && unit(&p.unit) == unit(&l.unit),
        |l, p| l.year.map(|y| p.year == Some(y)),
        |l| format!("第{}行 {} {}{} {:?}", l.line, short(&l.metric), l.value, l.unit, l.year),
        |p| format!("第{}行 {} {}{} {:?}", p.line, short(&p.metric), p.value, p.unit, p.year),
    )
}

pub fn run(k: &Arc<Knowledge>, labels: &Path, corpus: &Path, verbose: bool) -> ExitCode {
    crate::eval_beyond::run(k, labels, "targets", corpus, verbose, "年份一致", score)
}
