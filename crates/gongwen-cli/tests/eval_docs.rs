//! `gongwen eval --docs` on the hand labels in eval/docs.toml: the table has a
//! row for every labelled source and split, each with documents counted. No
//! accuracy thresholds: the parser is expected to score low on some sources.

use std::collections::BTreeSet;
use std::process::Command;

#[test]
fn docs_eval_reports_every_source() {
    let Some(corpus) = gongwen_testkit::shared_corpus() else { return };
    let labels = format!("{}/../../eval/docs.toml", env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_gongwen")).args(["eval", "--docs", &labels, "--corpus", corpus.to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let text = std::fs::read_to_string(&labels).unwrap();
    let sources: BTreeSet<&str> = text.lines().filter_map(|l| l.strip_prefix("source = \"")).map(|s| s.trim_end_matches('"')).collect();
    assert!(sources.len() >= 4, "{sources:?}");
    for source in sources {
        for split in ["dev", "heldout"] {
            let row = out.lines().find(|l| l.starts_with(&format!("| {source} | {split} |"))).unwrap_or_else(|| panic!("no row for {source} {split}:\n{out}"));
            let count: usize = row.split('|').nth(3).unwrap().trim().parse().unwrap();
            assert!(count > 0, "{row}");
        }
    }
}
