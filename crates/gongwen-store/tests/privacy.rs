//! A store written before masking moved to the boundary holds numbers in
//! clear; opening it with this gongwen masks every stored field (migration 4).

use gongwen_parse::privacy::Unmasker;
use gongwen_store::Store;
use gongwen_testkit::{reveals_private_number, PRIVATE_DOC};

/// Every text column of the store, as (table, column).
const COLUMNS: &[(&str, &str)] = &[
    ("doc", "key"),
    ("doc", "title"),
    ("doc", "norm_title"),
    ("doc", "issuer"),
    ("version", "body"),
    ("link", "text"),
    ("link", "title"),
    ("clause", "body"),
    ("clause", "text"),
    ("fact", "body"),
];

fn dump(conn: &rusqlite::Connection) -> String {
    let mut all = String::new();
    for (t, c) in COLUMNS {
        let mut st = conn.prepare(&format!("SELECT coalesce({c}, '') FROM {t}")).unwrap();
        for v in st.query_map([], |r| r.get::<_, String>(0)).unwrap() {
            all.push_str(&v.unwrap());
            all.push('\n');
        }
    }
    all
}

#[test]
fn an_older_store_is_masked_when_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("private.txt");
    std::fs::write(&src, PRIVATE_DOC).unwrap();
    let db = tmp.path().join("store");
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db).unwrap();
    store.ingest(&[src], |_, _| {}).unwrap();
    drop(store);

    // Make it the store an older gongwen wrote: numbers in clear, schema 3.
    let conn = rusqlite::Connection::open(db.join("gongwen.sqlite3")).unwrap();
    let mut unmasker = Unmasker::new();
    unmasker.learn(&gongwen_parse::knowledge::Knowledge::builtin(), PRIVATE_DOC);
    for (t, c) in COLUMNS {
        let rows: Vec<(i64, String)> = {
            let mut st = conn.prepare(&format!("SELECT id, {c} FROM {t} WHERE {c} IS NOT NULL")).unwrap();
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
        };
        for (id, v) in rows {
            conn.execute(&format!("UPDATE {t} SET {c} = ?1 WHERE id = ?2"), rusqlite::params![unmasker.unmask(&v), id]).unwrap();
        }
    }
    let before = dump(&conn);
    assert!(before.contains("13912345678") && before.contains("420102198001011234"), "{before}");
    // Schema 3 had no works (migration 5) and no fact pages (migration 6).
    conn.execute_batch("DROP TABLE record; DROP TABLE work_text; DROP TABLE work; ALTER TABLE fact DROP COLUMN page; PRAGMA user_version = 3").unwrap();
    drop(conn);

    let store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db).unwrap();
    assert_eq!(store.schema_version().unwrap(), gongwen_store::schema::LATEST);
    drop(store);
    let conn = rusqlite::Connection::open(db.join("gongwen.sqlite3")).unwrap();
    let after = dump(&conn);
    assert_eq!(reveals_private_number(&after), None, "{after}");
    assert!(after.contains("139******78"), "{after}");
    // The JSON bodies are still documents.
    let store = Store::open_read_only(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db).unwrap();
    let d = store.find("襄政办〔2024〕9号").unwrap();
    let doc = store.document(&d).unwrap().unwrap();
    assert!(doc.title.contains("139******78"), "{}", doc.title);
}
