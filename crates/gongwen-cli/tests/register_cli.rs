//! The register commands as a user runs them: ingest, status, exports, and
//! what happens to the store when things go wrong.

mod common;
use common::{gongwen, s, stdout, stderr};

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixture() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/register-gazette.txt");
    std::fs::read_to_string(p).unwrap()
}

/// `n` copies of the fixture gazette with distinct 文号 (serials shifted).
fn copies(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let f = fixture();
    for k in 0..n {
        let text = f.replace("〕2号", &format!("〕{}号", 1000 + k)).replace("〕3号", &format!("〕{}号", 5000 + k)).replace("〕4号", &format!("〕{}号", 9000 + k));
        std::fs::write(dir.join(format!("g{k:04}.txt")), text).unwrap();
    }
}

#[test]
fn ingest_status_show_and_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let src = tmp.path().join("src");
    copies(&src, 1);
    let o = gongwen(&["ingest", s(&src), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 个源文件：新增 1，"), "{}", stderr(&o));

    let o = gongwen(&["status", "襄政规[2019]7号", "--on", "2025-03-02", "--db", s(&db)]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("2025-03-02：已废止"), "{out}");
    assert!(out.contains("g0000.txt:17"), "evidence names file and line: {out}");

    let o = gongwen(&["status", "襄政规〔2025〕9000号", "--on", "2025-05-01", "--json", "--db", s(&db)]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["status"], "in_force");
    assert_eq!(v["timeline"]["expires"], "2028-04-30");

    let o = gongwen(&["show", "襄政规〔2025〕1000号", "--db", s(&db)]);
    assert!(stdout(&o).contains("废止"), "{}", stdout(&o));

    let csv = tmp.path().join("register.csv");
    let o = gongwen(&["export", "register", "--on", "2025-05-01", "--out", s(&csv), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    // The web download's schema: BOM, Chinese header, Chinese status on the date.
    assert!(text.starts_with("\u{feff}文号,标题,发文机关,成文日期,施行日期,有效期至,状态\n"), "{text}");
    let row = text.lines().find(|l| l.starts_with("襄政规〔2025〕9000号,")).unwrap_or_else(|| panic!("{text}"));
    assert!(row.ends_with(",2028-04-30,现行有效"), "{row}");
    assert!(!text.contains("襄政规〔2019〕7号"), "documents known only through references are not in the register: {text}");
    let o = gongwen(&["export", "links", "--db", s(&db)]);
    assert!(stdout(&o).lines().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));

    let o = gongwen(&["status", "襄政规〔1999〕1号", "--db", s(&db)]);
    assert!(!o.status.success());
    assert_eq!(stderr(&o).trim(), "错误：襄政规〔1999〕1号：资料库中没有这份文档");
    let o = gongwen(&["status", "x", "--on", "2025-13-01", "--db", s(&db)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不是日期"), "{}", stderr(&o));
}

#[test]
fn missing_and_unusable_stores_get_one_line_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let o = gongwen(&["status", "襄政规〔2019〕7号", "--db", s(&tmp.path().join("none"))]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("这里没有资料库；请先运行 `gongwen ingest`"), "{}", stderr(&o));

    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("gongwen.sqlite3"), "this is not a database, just text that is long enough to fill a header".repeat(100)).unwrap();
    let o = gongwen(&["ingest", s(&bad), "--db", s(&bad)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不是 gongwen 资料库（不是 SQLite 数据库）"), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
}

fn doc_count(db: &Path) -> usize {
    let o = gongwen(&["list", "--db", s(db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().count()
}

#[test]
fn killing_an_ingest_leaves_the_previous_content_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let first = tmp.path().join("first");
    copies(&first, 1);
    assert!(gongwen(&["ingest", s(&first), "--db", s(&db)]).status.success());
    let before = doc_count(&db);
    assert_eq!(before, 3);

    let big: PathBuf = tmp.path().join("big");
    copies(&big, 600);
    // Kill at several points of the run: the store holds either the old
    // content or all of the new, never a part.
    for delay_ms in [20u64, 80, 200] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(["ingest", s(&big), "--db", s(&db)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let n = doc_count(&db);
        // g0000 of the big set is the first file again (same 文号): 600 × 3 in all.
        assert!(n == before || n == 600 * 3, "after a kill at {delay_ms} ms the store has {n} documents");
        let o = gongwen(&["status", "襄政规〔2019〕7号", "--on", "2025-03-02", "--db", s(&db)]);
        assert!(stdout(&o).contains("已废止"), "{}", stdout(&o));
    }
    // And a full run afterwards completes.
    assert!(gongwen(&["ingest", s(&big), "--db", s(&db)]).status.success());
    assert_eq!(doc_count(&db), 600 * 3);
}

/// A PDF in a folder is ingested with the rest, and the register keeps the
/// pages its document is printed on.
#[test]
fn ingest_reads_a_pdf_and_keeps_its_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../gongwen-pdf/tests/fixtures/notice-A.pdf");
    std::fs::copy(pdf, src.join("notice-A.pdf")).unwrap();
    let o = gongwen(&["ingest", s(&src), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = gongwen(&["show", "襄发改规〔2024〕7号", "--json", "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let doc = v.get("document").unwrap_or(&v);
    assert_eq!((doc["page_start"].as_u64(), doc["page_end"].as_u64()), (Some(1), Some(2)), "{v}");
    assert_eq!(doc["source_kind"], "pdf");
}

/// `parse` names each document's work and version by the addresses the
/// store then serves: `show <address>` finds the same work.
#[test]
fn parse_prints_the_addresses_the_store_serves() {
    let gazette = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/register-gazette.txt");
    let o = gongwen(&["parse", "--no-text", s(&gazette)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let parsed: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(parsed.len() >= 2);
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let o = gongwen(&["ingest", s(&gazette), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    for d in &parsed {
        let (eli, version) = (d["work"]["eli"].as_str().unwrap(), d["work"]["version"].as_str().unwrap());
        assert!(eli.starts_with("/eli/") && version.starts_with(eli), "{d}");
        for address in [eli, version] {
            let o = gongwen(&["show", address, "--json", "--db", s(&db)]);
            assert!(o.status.success(), "{address}: {}", stderr(&o));
            let shown: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
            assert_eq!(shown["work"]["work"]["eli"], eli, "{address}");
            assert!(shown["work"]["versions"].as_array().unwrap().iter().any(|v| v["eli"] == version), "{address}");
        }
    }
}
