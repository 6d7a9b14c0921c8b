//! Several gazette issues in one file: every issue keeps its documents, and
//! nothing between or after them disappears silently. Uses the real corpus
//! (skips visibly without `../shared`, fails under `CI=true`).

use gongwen_parse::{parse_text, ParsedFile};
use std::time::Instant;

const ISSUES: [&str; 3] = ["wuhan/wuhan-gazette-2021-18.txt", "wuhan/wuhan-gazette-2024-05-06.txt", "wuhan/hanyang-gazette-2022-02.txt"];

fn read(rel: &str) -> Option<String> {
    let path = gongwen_testkit::shared_corpus()?.join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(gongwen_parse::decode::decode(&bytes).expect("corpus file decodes").text)
}

/// (文号, title) of every document, in order.
fn identities(pf: &ParsedFile) -> Vec<(Option<String>, String)> {
    pf.documents.iter().map(|d| (d.doc_number.clone(), d.title.clone())).collect()
}

/// Same documents, same order; on failure names the count and the first difference only.
fn assert_same(got: &[(Option<String>, String)], want: &[(Option<String>, String)], what: &str) {
    let first = got.iter().zip(want).position(|(a, b)| a != b);
    assert!(
        got.len() == want.len() && first.is_none(),
        "{what}: {} documents, the parts have {}; first difference at {:?}: {:?} vs {:?}",
        got.len(),
        want.len(),
        first,
        first.map(|i| &got[i]),
        first.map(|i| &want[i])
    );
}

/// Parses each part alone and their concatenation; returns (sum of the parts, whole).
fn parts_and_whole(parts: &[String]) -> (Vec<(Option<String>, String)>, ParsedFile) {
    let mut alone = Vec::new();
    for (n, p) in parts.iter().enumerate() {
        alone.extend(identities(&parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), &format!("part{n}.txt"), p)));
    }
    let whole = parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "whole.txt", &parts.join("\n"));
    (alone, whole)
}

#[test]
fn two_and_three_issues_in_one_file() {
    let Some(texts) = ISSUES.iter().map(|r| read(r)).collect::<Option<Vec<_>>>() else { return };
    for n in [2, 3] {
        let (alone, whole) = parts_and_whole(&texts[..n]);
        assert!(alone.len() > 30, "{n} issues: {} documents alone", alone.len());
        assert_same(&identities(&whole), &alone, &format!("{n} issues"));
        assert!(
            !whole.warnings.iter().any(|w| w.code == "lines_outside_documents"),
            "{n} issues: back matter and mastheads are furniture, not lost lines: {:?}",
            whole.warnings.iter().filter(|w| w.code == "lines_outside_documents").collect::<Vec<_>>()
        );
    }
    // Each issue keeps its own context: 区人民政府 in the district gazette is
    // that district's government, 市人民政府 in the city's is the city's.
    let (_, whole) = parts_and_whole(&texts);
    let last = whole.documents.last().unwrap();
    assert!(last.issuers_full.iter().any(|i| i.contains("汉阳区")), "per-issue masthead: {:?}", last.issuers_full);
    let first = &whole.documents[0];
    assert!(first.issuers_full.iter().all(|i| !i.contains("汉阳区")), "{:?}", first.issuers_full);
}

#[test]
fn twenty_issues_scale_linearly() {
    let Some(texts) = ISSUES.iter().map(|r| read(r)).collect::<Option<Vec<_>>>() else { return };
    let parts: Vec<String> = (0..20).map(|i| texts[i % texts.len()].clone()).collect();
    let t = Instant::now();
    let (alone, _) = parts_and_whole(&parts);
    let parts_time = t.elapsed();
    let t = Instant::now();
    let whole = parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "whole.txt", &parts.join("\n"));
    let whole_time = t.elapsed();
    assert_same(&identities(&whole), &alone, "20 issues");
    assert!(
        whole_time < parts_time * 3 + std::time::Duration::from_secs(1),
        "20 issues at once took {whole_time:?}, one by one {parts_time:?}"
    );
}

/// The 200 MB case: `cargo test -p gongwen-parse --test multi_issue -- --ignored`.
#[test]
#[ignore]
fn two_hundred_megabytes() {
    let Some(texts) = ISSUES.iter().map(|r| read(r)).collect::<Option<Vec<_>>>() else { return };
    let per_round: usize = texts.iter().map(String::len).sum();
    let rounds = 200 * 1024 * 1024 / per_round + 1;
    let expected: usize = texts.iter().map(|t| parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "part.txt", t).documents.len()).sum::<usize>() * rounds;
    let big = std::iter::repeat(texts.join("\n")).take(rounds).collect::<Vec<_>>().join("\n");
    let t = Instant::now();
    let whole = parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "big.txt", &big);
    eprintln!("{} MB, {} issues: {} documents in {:?}", big.len() >> 20, rounds * texts.len(), whole.documents.len(), t.elapsed());
    assert_eq!(whole.documents.len(), expected);
}

/// A line between two documents, or after the back matter, that is neither a
/// document nor furniture is reported with its line range.
#[test]
fn stray_lines_are_reported() {
    let Some(a) = read(ISSUES[0]) else { return };
    let Some(b) = read(ISSUES[1]) else { return };
    let stray = "这一行不属于任何文件，也不是页码或页眉\n另一行无主的文字";
    let text = format!("{a}\n{stray}\n{b}");
    let first_stray = a.lines().count() + 1;
    let pf = parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "stray.txt", &text);
    let w: Vec<_> = pf.warnings.iter().filter(|w| w.code == "lines_outside_documents").collect();
    assert_eq!(w.len(), 1, "{:?}", pf.warnings);
    assert_eq!(w[0].line, first_stray);
    assert!(w[0].message.contains(&format!("{}", first_stray)) && w[0].message.contains(&format!("{}", first_stray + 1)), "{}", w[0].message);
}
