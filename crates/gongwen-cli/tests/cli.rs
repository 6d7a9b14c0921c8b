//! `gongwen parse` end to end, including every kind of bad input: each gets a
//! one-line error naming the file, the other files are still parsed, and the
//! exit code is non-zero only when nothing could be parsed.

mod common;
use common::{gongwen, s};

use std::process::Output;

fn fixture(name: &str) -> String {
    format!("{}/../gongwen-parse/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A scratch folder removed when the returned guard drops (a 51 MB input
/// file lives in one of them).
fn tmpdir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("gongwen-cli-{name}-")).tempdir().unwrap()
}

fn stdout_docs(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn parses_and_prints_json_lines() {
    let o = gongwen(&["parse", &fixture("gazette-mini.txt")]);
    assert!(o.status.success());
    let docs = stdout_docs(&o);
    assert_eq!(docs.len(), 7);
    for field in ["source", "line_start", "line_end", "doc_number", "doc_number_parts", "title", "issuers", "date", "doc_type", "section", "embedded_in", "outline", "warnings"] {
        assert!(docs[0].get(field).is_some(), "missing {field}");
    }
    assert_eq!(docs[0]["doc_number_parts"]["agency"], "襄政规");
    assert_eq!(docs[0]["outline"][0]["label"], "一");
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    assert!(err.contains("gazette-mini.txt:101：文号 襄政〔2022〕8号 的年份是 2022"), "{err}");
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_parsed() {
    let tmp = tmpdir("bad");
    let dir = tmp.path();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.join("scan.pdf");
    std::fs::write(&binary, b"%PDF-1.7\n\x00\x01\x02binary").unwrap();
    let gbk = dir.join("gbk.txt");
    let text = std::fs::read_to_string(fixture("single.txt")).unwrap();
    std::fs::write(&gbk, encoding_rs::GBK.encode(&text).0).unwrap();
    // 50 MB with no line break.
    let huge = dir.join("huge.txt");
    std::fs::write(&huge, "公".repeat(50 * 1024 * 1024 / 3)).unwrap();
    let missing = dir.join("missing.txt");
    let o = gongwen(&["parse", "--no-text", s(&empty), s(&binary), s(&gbk), s(&huge), s(&missing)]);
    assert!(o.status.success(), "one file parsed, so success");
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("错误：")).collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(err.contains(&format!("错误：{}：文件为空", s(&empty))));
    assert!(err.contains(&format!("错误：{}：PDF 文件已损坏或不完整，无法读取", s(&binary))), "{err}");
    assert!(err.contains(&format!("错误：{}：第 1 行长", s(&huge))));
    assert!(err.contains(&format!("错误：{}：文件或目录不存在", s(&missing))));
    assert!(!err.contains("panicked"));
    let docs = stdout_docs(&o);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["doc_number"], "襄政办〔2024〕5号");
}

#[test]
fn nothing_parsed_is_a_failure() {
    let tmp = tmpdir("none");
    let dir = tmp.path();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "\n\n").unwrap();
    let o = gongwen(&["parse", s(&empty), s(&dir.join("nope.txt"))]);
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
}

#[test]
fn a_directory_is_walked_and_duplicates_are_marked() {
    let tmp = tmpdir("dir");
    let dir = tmp.path();
    let text = std::fs::read_to_string(fixture("single.txt")).unwrap();
    std::fs::write(dir.join("a.txt"), &text).unwrap();
    // The same document with other line breaks and half-width punctuation.
    let relaid = text.replace("\n\n", "\n").replace('，', ",").replace("推\n进", "推进");
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/b.txt"), relaid).unwrap();
    let o = gongwen(&["parse", "--no-text", s(&dir)]);
    assert!(o.status.success());
    let docs = stdout_docs(&o);
    assert_eq!(docs.len(), 2);
    assert!(docs[0]["duplicate_of"].is_null());
    assert_eq!(docs[1]["duplicate_of"]["source"], s(&dir.join("a.txt")));
}

#[test]
fn help_documents_every_field() {
    let o = gongwen(&["parse", "--help"]);
    let help = String::from_utf8(o.stdout).unwrap();
    for field in ["line_start", "doc_number_parts", "issuers", "embedded_in", "outline", "warnings", "fingerprint", "duplicate_of"] {
        assert!(help.contains(field), "--help lacks {field}");
    }
}

#[test]
fn a_bad_data_file_stops_the_run_naming_it() {
    let tmp = tmpdir("bad-data");
    let dir = tmp.path();
    std::fs::write(dir.join("layouts.toml"), "[[layout]]\nname = \"x\"\nanchor = \"no_such_anchor\"\n").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["parse", &fixture("single.txt")])
        .env("GONGWEN_DATA", &dir)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("layouts.toml") && err.contains("格式错误"), "{err}");
    assert!(o.stdout.is_empty());
    // A folder with only some of the files: the others are the built-in ones.
    std::fs::write(dir.join("layouts.toml"), include_str!("../../../data/layouts.toml")).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["parse", &fixture("single.txt")])
        .env("GONGWEN_DATA", &dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// `gongwen eval … | head`: a reader that closes the pipe early ends the
/// command quietly (no panic message from println! on stderr).
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let Some(corpus) = gongwen_testkit::shared_corpus() else { return };
    // The documents of the five Wuhan gazettes as JSON Lines: megabytes, far
    // more than a pipe holds, so writes go on after the reader has gone.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["parse", corpus.join("wuhan").to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe's read end is dropped here.
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
}
