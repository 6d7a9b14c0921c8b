//! Faults and recovery, as a user meets them: a store changed under a running
//! server, a read-only store, a full disk while indexing, a damaged or foreign
//! store file, a damaged or truncated index. (Killing an ingest is in
//! `register_cli.rs`.)

mod common;
use common::{bin, gongwen, s, stdout, stderr};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
    assert!(err.contains("不是 gongwen 资料库（文件为空（0 字节））"), "{err}");
    assert_eq!(std::fs::metadata(db_file(&db)).unwrap().len(), 0, "left as it was");
    let err = one_error_line(&gongwen(&["list", "--db", s(&db)]));
    assert!(err.contains("文件为空"), "not `older schema`: {err}");
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
    assert!(err.contains("不是 gongwen 资料库（含有其他表的 SQLite 数据库：accounts）"), "{err}");
    assert_eq!(std::fs::read(db_file(&other)).unwrap(), before, "never written into");
    let err = one_error_line(&gongwen(&["search", "通知", "--db", s(&other)]));
    assert!(err.contains("不是 gongwen 资料库"), "{err}");

    let random = tmp.path().join("random");
    std::fs::create_dir_all(&random).unwrap();
    let bytes: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(db_file(&random), &bytes).unwrap();
    let err = one_error_line(&gongwen(&["ingest", s(&src), "--db", s(&random)]));
    assert!(err.contains("不是 gongwen 资料库（不是 SQLite 数据库）"), "{err}");
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
    assert!(err.contains("资料库已损坏（quick_check："), "{err}");
    assert!(err.contains("未写入任何内容"), "{err}");
    assert_eq!(std::fs::read(db_file(&db)).unwrap(), before, "not written into");
    assert!(!db.join("gongwen.sqlite3-wal").exists() || std::fs::metadata(db.join("gongwen.sqlite3-wal")).unwrap().len() == 0);

    let err = one_error_line(&gongwen(&["serve", "--addr", "127.0.0.1:0", "--db", s(&db)]));
    assert!(err.contains("资料库已损坏"), "{err}");
}

/// Runs `gongwen args` inside a user and mount namespace after `setup` (a
/// shell snippet: read-only bind mounts, a small tmpfs), so the fault is real
/// even for root, whom permission bits do not stop. `None` (visibly skipped)
/// where namespaces are not allowed.
fn in_namespace(setup: &str, args: &[&str]) -> Option<Output> {
    if !Command::new("unshare").args(["-rm", "true"]).status().is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: unshare -rm is not permitted here");
        return None;
    }
    let script = format!("set -e; {setup}; exec \"$@\"");
    Some(Command::new("unshare").args(["-rm", "sh", "-c", &script, "sh", bin()]).args(args).output().unwrap())
}

/// A shell snippet making `dir` read-only (the whole file system view of it).
fn read_only(dir: &Path) -> String {
    format!("mount --bind '{0}' '{0}'; mount -o remount,bind,ro '{0}'", s(dir))
}

#[test]
fn a_read_only_store_is_searched_with_its_index_in_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path(), 3);
    let listing = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let before = listing(&db);

    // A current index on a read-only file system: copied into memory, no lock file.
    let Some(o) = in_namespace(&read_only(&db), &["search", "夜市", "--db", s(&db)]) else { return };
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("襄政规〔2019〕7号"), "{}", stdout(&o));
    assert_eq!(listing(&db), before, "nothing created beside the store");

    // No index at all and none can be written: built in memory from the store.
    std::fs::remove_dir_all(db.join("index")).unwrap();
    let before = listing(&db);
    let o = in_namespace(&read_only(&db), &["search", "夜市", "--db", s(&db)]).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("襄政规〔2019〕7号"), "{}", stdout(&o));
    assert!(stderr(&o).contains("（只读：索引建在内存中，不保存）"), "{}", stderr(&o));
    assert_eq!(listing(&db), before, "nothing written");
}

#[test]
fn a_full_disk_while_indexing_fails_the_ingest_and_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path(), 2);
    let index = db.join("index");
    let size: u64 = std::fs::read_dir(&index).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    let more = tmp.path().join("more");
    copies(&more, 40, 100);
    // The index directory becomes a tmpfs holding a copy of the index and
    // little room besides; the store's own directory is untouched.
    let saved = tmp.path().join("saved-index");
    let setup = format!(
        "cp -a '{i}' '{s}'; mount -t tmpfs -o size={k}k tmpfs '{i}'; cp -a '{s}'/. '{i}'/",
        i = s(&index),
        s = s(&saved),
        k = size / 1024 + 48
    );
    let Some(o) = in_namespace(&setup, &["ingest", s(&more), "--db", s(&db)]) else { return };
    let err = stderr(&o);
    assert!(!o.status.success(), "a failed index fails the run: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("存储已更新且完好"), "{err}");
    // Everything stored is there, old and new, and the next search indexes it.
    let o = gongwen(&["list", "--db", s(&db)]);
    assert_eq!(stdout(&o).lines().count(), 3 * 42, "{}", stderr(&o));
    let o = gongwen(&["search", "襄政规〔2025〕1139号", "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("襄政规〔2025〕1139号"), "{}", stdout(&o));
}

/// The largest file of the index (a segment's postings or store).
fn largest_index_file(db: &Path) -> PathBuf {
    std::fs::read_dir(db.join("index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with(".json"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap()
}

fn search_recovers_once(db: &Path) {
    let o = gongwen(&["search", "夜市", "--db", s(db)]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let notes: Vec<&str> = err.lines().filter(|l| l.starts_with("提示：检索索引")).collect();
    assert_eq!(notes.len(), 1, "{err}");
    assert!(notes[0].contains("已损坏") && notes[0].contains("已从资料库重建"), "{err}");
    assert!(stdout(&o).contains("襄政规〔2019〕7号"), "{}", stdout(&o));
    // Rebuilt once: the next search has nothing to say.
    let o = gongwen(&["search", "夜市", "--db", s(db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
    assert!(stdout(&o).contains("襄政规〔2019〕7号"), "{}", stdout(&o));
}

#[test]
fn a_damaged_index_file_is_rebuilt_from_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path(), 5);
    let file = largest_index_file(&db);
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid.saturating_sub(64)..mid + 64] {
        *b ^= 0x5A;
    }
    std::fs::write(&file, bytes).unwrap();
    search_recovers_once(&db);
}

#[test]
fn a_truncated_index_file_is_rebuilt_from_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path(), 5);
    let file = largest_index_file(&db);
    let len = std::fs::metadata(&file).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&file).unwrap().set_len(len / 2).unwrap();
    search_recovers_once(&db);
}

/// `gongwen serve` on a free loopback port, and the address it bound.
struct Served {
    child: std::process::Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &Path) -> Served {
    use std::io::BufRead;
    let mut child = Command::new(bin())
        .args(["serve", "--addr", "127.0.0.1:0", "--db", s(db)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep draining the server's log so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Served { child, addr }
}

fn pct(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// GET `path`: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut c = std::net::TcpStream::connect(addr).unwrap();
    write!(c, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    c.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn a_running_server_follows_a_reingested_store() {
    let tmp = tempfile::tempdir().unwrap();
    let db = store(tmp.path(), 3);
    let server = serve(&db);
    let doc = |n: &str| format!("/api/docs/{}", pct(&format!("襄政规〔2025〕{n}号")));
    let search = |q: &str| format!("/api/search?q={}", pct(q));
    assert_eq!(get(&server.addr, &doc("1002")).0, 200);
    assert_eq!(get(&server.addr, &doc("7777")).0, 404);

    // The CLI renumbers a document in the store the server is reading.
    let file = tmp.path().join("src/g0002.txt");
    let text = std::fs::read_to_string(&file).unwrap().replace("〕1002号", "〕7777号");
    std::fs::write(&file, text).unwrap();
    let o = gongwen(&["ingest", s(&tmp.path().join("src")), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Within a few follow intervals: the new document is there, the old one
    // is gone (404), and no answer is a 5xx or names a file.
    let started = std::time::Instant::now();
    loop {
        let answers = [get(&server.addr, &doc("7777")), get(&server.addr, &doc("1002")), get(&server.addr, &search("襄政规〔2025〕7777号"))];
        for (status, body) in &answers {
            assert!(*status < 500, "{status}: {body}");
            assert!(*status == 200 || !body.contains(s(tmp.path())), "a path in an error: {body}");
        }
        if answers[0].0 == 200 && answers[1].0 == 404 && answers[2].1.contains("7777") {
            break;
        }
        assert!(started.elapsed().as_secs() < 10, "still stale after 10 s: {:?}", answers.iter().map(|a| a.0).collect::<Vec<_>>());
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // The vanished document's status and links answer 404, not 500.
    let (status, body) = get(&server.addr, &format!("{}/status", doc("1002")));
    assert_eq!(status, 404, "{body}");
}
