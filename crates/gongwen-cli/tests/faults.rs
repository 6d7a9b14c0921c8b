//! Faults and recovery, as a user meets them: a store changed under a running
//! server, a read-only store, a full disk while indexing, a damaged or foreign
//! store file, a damaged or truncated index. (Killing an ingest is in
//! `register_cli.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_gongwen")
}

fn gongwen(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[allow(dead_code)]
fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn fixture() -> String {
    std::fs::read_to_string(examples().join("register-gazette.txt")).unwrap()
}

/// `n` copies of the fixture gazette with distinct 文号 (serials shifted by `base`).
fn copies(dir: &Path, n: usize, base: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let f = fixture();
    for k in 0..n {
        let k = base + k;
        let text = f.replace("〕2号", &format!("〕{}号", 1000 + k)).replace("〕3号", &format!("〕{}号", 5000 + k)).replace("〕4号", &format!("〕{}号", 9000 + k));
        std::fs::write(dir.join(format!("g{k:04}.txt")), text).unwrap();
    }
}

/// A store ingested from `n` fixture copies, with its index.
fn store(root: &Path, n: usize) -> PathBuf {
    let src = root.join("src");
    copies(&src, n, 0);
    let db = root.join("db");
    let o = gongwen(&["ingest", s(&src), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

fn db_file(db: &Path) -> PathBuf {
    db.join("gongwen.sqlite3")
}

fn one_error_line(o: &Output) -> String {
    let err = stderr(o);
    assert!(!o.status.success(), "expected a failure: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn an_empty_store_file_is_refused_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    std::fs::create_dir_all(&db).unwrap();
    std::fs::write(db_file(&db), b"").unwrap();
    let src = tmp.path().join("src");
    copies(&src, 1, 0);
    let err = one_error_line(&gongwen(&["ingest", s(&src), "--db", s(&db)]));
    assert!(err.contains("not a gongwen store (the file is empty (0 bytes))"), "{err}");
    assert_eq!(std::fs::metadata(db_file(&db)).unwrap().len(), 0, "left as it was");
    let err = one_error_line(&gongwen(&["list", "--db", s(&db)]));
    assert!(err.contains("the file is empty"), "not `older schema`: {err}");
}

#[test]
fn a_foreign_sqlite_file_or_random_bytes_are_refused_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    copies(&src, 1, 0);

    let other = tmp.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let conn = rusqlite::Connection::open(db_file(&other)).unwrap();
    conn.execute_batch("CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT); INSERT INTO accounts(owner) VALUES ('x');").unwrap();
    drop(conn);
    let before = std::fs::read(db_file(&other)).unwrap();
    let err = one_error_line(&gongwen(&["ingest", s(&src), "--db", s(&other)]));
    assert!(err.contains("not a gongwen store (an SQLite database with other tables: accounts)"), "{err}");
    assert_eq!(std::fs::read(db_file(&other)).unwrap(), before, "never written into");
    let err = one_error_line(&gongwen(&["search", "通知", "--db", s(&other)]));
    assert!(err.contains("not a gongwen store"), "{err}");

    let random = tmp.path().join("random");
    std::fs::create_dir_all(&random).unwrap();
    let bytes: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(db_file(&random), &bytes).unwrap();
    let err = one_error_line(&gongwen(&["ingest", s(&src), "--db", s(&random)]));
    assert!(err.contains("not a gongwen store (not an SQLite database)"), "{err}");
    assert_eq!(std::fs::read(db_file(&random)).unwrap(), bytes, "never written into");
}

/// Overwrites the middle of a page in the second half of the file (table or
/// index b-tree pages, not the header page).
fn damage_pages(file: &Path) {
    let mut bytes = std::fs::read(file).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(pages > 8, "a store of {pages} pages");
    for p in [pages / 2, pages / 2 + 1, pages - 2] {
        for b in &mut bytes[p * page + 8..p * page + 2048] {
            *b = 0xA5;
        }
    }
    std::fs::write(file, bytes).unwrap();
}

#[test]
fn a_damaged_store_is_not_written_into_nor_served() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path(), 20);
    damage_pages(&db_file(&db));
    let before = std::fs::read(db_file(&db)).unwrap();
    let more = tmp.path().join("more");
    copies(&more, 2, 100);
    let err = one_error_line(&gongwen(&["ingest", s(&more), "--db", s(&db)]));
    assert!(err.contains("the store is damaged (quick_check:"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read(db_file(&db)).unwrap(), before, "not written into");
    assert!(!db.join("gongwen.sqlite3-wal").exists() || std::fs::metadata(db.join("gongwen.sqlite3-wal")).unwrap().len() == 0);

    let err = one_error_line(&gongwen(&["serve", "--addr", "127.0.0.1:0", "--db", s(&db)]));
    assert!(err.contains("the store is damaged"), "{err}");
}
