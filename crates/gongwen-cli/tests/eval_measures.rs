//! `gongwen eval --measures` on the hand labels in eval/measures-beyond.toml
//! (support measures of other governments, laws with fines and work reports
//! full of statistics). Floors are the figures measured when the labels and
//! the clause grammar landed, so that a change that loses measures or lets
//! fines and statistics in shows here.

use std::process::Command;

fn cell(row: &str, i: usize) -> f64 {
    row.split_whitespace().nth(i).and_then(|c| c.parse().ok()).unwrap_or(0.0)
}

#[test]
fn measures_eval_has_floors_per_split() {
    let Some(corpus) = gongwen_testkit::shared_corpus() else { return };
    let labels = format!("{}/../../eval/measures-beyond.toml", env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_gongwen")).args(["eval", "--measures", &labels, "--corpus", corpus.to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    // 来源 划分 标注 预测 命中 准确率 召回率
    for source in ["beijing", "central-shandong", "flattened", "laws", "work-reports"] {
        assert!(out.lines().any(|l| l.starts_with(source)), "no row for {source}:\n{out}");
    }
    // (split, precision floor, recall floor): measured dev 0.98/0.92,
    // heldout 0.67/0.72; with the second batch of labels (14 documents,
    // 12 measures) dev 0.96/0.90; with the third (12 documents chosen for
    // their grant words, 79 measures) dev 0.90/0.79 and heldout 0.75/0.74 as
    // the code stood, dev 0.95/0.85 after the means frame, funding verbs,
    // compound heads and open shares (heldout unchanged).
    for (split, p, r) in [("dev", 0.92, 0.82), ("heldout", 0.70, 0.70)] {
        let row = out.lines().find(|l| l.starts_with("合计") && l.split_whitespace().nth(1) == Some(split)).unwrap_or_else(|| panic!("no total for {split}:\n{out}"));
        assert!(cell(row, 5) >= p, "{split} precision below {p}:\n{out}");
        assert!(cell(row, 6) >= r, "{split} recall below {r}:\n{out}");
    }
    // Work reports state results, not measures: at most a handful of false
    // alarms there (predicted − matched; measured 5 over 9 reports).
    let alarms: f64 = out.lines().filter(|l| l.starts_with("work-reports")).map(|l| cell(l, 3) - cell(l, 4)).sum();
    assert!(alarms <= 5.0, "{alarms} false measures read from work reports:\n{out}");
}
