//! `gongwen eval --measures [FILE]`: precision and recall of support measures
//! against labels made from documents of other governments and from laws and
//! work reports (default eval/measures-beyond.toml), per source and split. A
//! predicted measure matches a label when its line and its kind are the same;
//! agreement of the largest amount is counted on the matches whose label
//! states one.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::eval_beyond::{score_doc, LabelDoc, Tally};
use gongwen_extract::{measures, Measure};
use gongwen_model::MeasureKind;
use serde::Deserialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Deserialize)]
struct MeasureLabel {
    line: usize,
    kind: MeasureKind,
    /// The most one grant can be, in yuan, when the text states it.
    max_yuan: Option<f64>,
    text: String,
}

fn score(k: &Arc<Knowledge>, doc: &LabelDoc<MeasureLabel>, documents: &[gongwen_model::Document], verbose: bool) -> Tally {
    let predicted: Vec<Measure> = documents.iter().flat_map(|d| measures(k, d)).collect();
    let short = |s: &str| s.chars().take(36).collect::<String>();
    score_doc(
        &doc.items,
        &predicted,
        verbose,
        |l, p| p.line == l.line && p.kind == l.kind,
        |l, p| l.max_yuan.map(|y| p.amount.max_yuan().is_some_and(|got| (got - y).abs() < 0.5)),
        |l| format!("第{}行 {} {:?} {}", l.line, l.kind.label_zh(), l.max_yuan, short(&l.text)),
        |p| format!("第{}行 {} {:?} {}", p.line, p.kind.label_zh(), p.amount.max_yuan(), short(&p.text)),
    )
}

pub fn run(k: &Arc<Knowledge>, labels: &Path, corpus: &Path, verbose: bool) -> ExitCode {
    crate::eval_beyond::run(k, labels, "measures", corpus, verbose, "金额一致", score)
}
