//! Per-document isolation in ingest: a failing extraction step drops only that
//! step's items for that document, with a `step_failed` warning; the file and
//! every other document (and the document's other items) are stored. The
//! failure is injected through `gongwen_store::test_hook` (its own test
//! binary, so no other test sees the hook).

use gongwen_store::{test_hook, Store};
use std::path::PathBuf;

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/register-gazette.txt")
}

#[test]
fn a_failing_step_drops_only_that_step_of_that_document() {
    let file = example();
    let tmp = tempfile::tempdir().unwrap();
    let baseline = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &tmp.path().join("a")).unwrap().ingest(std::slice::from_ref(&file), |_, _| {}).unwrap();
    assert!(baseline.warnings.iter().all(|w| w.code != "step_failed"), "{:?}", baseline.warnings);

    // What the citations step yields for the victim, read the way ingest reads it.
    let parsed = gongwen_parse::parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), &file.display().to_string(), &std::fs::read(&file).unwrap()).unwrap();
    let victim = parsed.documents.iter().find(|d| d.title.contains("质量奖励办法")).expect("the fixture has the victim document");
    let lost = gongwen_link::cite::extract(&gongwen_parse::knowledge::Knowledge::builtin(), victim).len();
    assert!(lost > 0, "the victim cites something");

    test_hook::fail_step("citations", "质量奖励办法");
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &tmp.path().join("b")).unwrap();
    let r = store.ingest(std::slice::from_ref(&file), |_, _| {}).unwrap();
    test_hook::clear();

    assert_eq!((r.new, r.failed), (1, 0), "the file is stored, not skipped");
    assert_eq!(r.documents, baseline.documents, "every document is stored");
    assert_eq!(r.links, baseline.links - lost, "only the victim's citations are missing");
    assert_eq!((r.clauses, r.facts), (baseline.clauses, baseline.facts), "the victim's other steps are kept");
    let failed: Vec<_> = r.warnings.iter().filter(|w| w.code == "step_failed").collect();
    assert_eq!(failed.len(), 1, "{:?}", r.warnings);
    let w = failed[0];
    assert!(w.source.ends_with("register-gazette.txt"), "names the source: {}", w.source);
    assert_eq!(w.line, victim.line_start);
    assert!(w.message.contains(&victim.title) && w.message.contains("citations"), "names document and step: {}", w.message);
    assert!(store.find(victim.doc_number.as_deref().unwrap()).is_ok(), "the victim itself is stored");
}
