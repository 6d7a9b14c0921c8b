//! Citation resolution, run at the end of every ingest that changed something.
//!
//! A citation resolves by 文号 first, then by normalised title (a national law
//! cited without its 中华人民共和国 prefix included), then by 政府令 number.
//! What resolves to nothing becomes a stub document keyed by what was cited,
//! so that statements about it (a repeal, a catalog row) still have a subject,
//! and a later ingest of the real document takes the stub's place.

use rusqlite::{params, Transaction};
use std::collections::HashMap;

struct Docs {
    by_key: HashMap<String, (i64, bool)>,
    /// norm_title → the latest real document with that title.
    by_title: HashMap<String, (i64, Option<String>)>,
    /// norm_title → a stub with that title (one cited elsewhere with its 文号).
    stub_by_title: HashMap<String, i64>,
}

fn load(tx: &Transaction) -> rusqlite::Result<Docs> {
    let mut docs = Docs { by_key: HashMap::new(), by_title: HashMap::new(), stub_by_title: HashMap::new() };
    let mut st = tx.prepare("SELECT id, key, norm_title, date, stub FROM doc")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (id, key, norm, date, stub): (i64, String, String, Option<String>, bool) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        docs.by_key.insert(key, (id, stub));
        if stub && !norm.is_empty() {
            docs.stub_by_title.entry(norm.clone()).or_insert(id);
        }
        if !stub && !norm.is_empty() {
            let e = docs.by_title.entry(norm).or_insert((id, date.clone()));
            if date > e.1 {
                *e = (id, date);
            }
        }
    }
    Ok(docs)
}

/// Returns (links to full documents, links to stubs).
pub(crate) fn run(tx: &Transaction) -> rusqlite::Result<(usize, usize)> {
    tx.execute("UPDATE doc SET stub = 1 WHERE stub = 0 AND NOT EXISTS (SELECT 1 FROM version v WHERE v.doc_id = doc.id)", [])?;
    let mut docs = load(tx)?;
    let pending: Vec<(i64, Option<String>, Option<String>, Option<String>, Option<String>)> = {
        let mut st = tx.prepare(
            "SELECT id, doc_number, norm_title, title, order_no FROM link
             WHERE to_doc IS NULL OR to_doc IN (SELECT id FROM doc WHERE stub = 1)
             ORDER BY doc_number IS NULL, id",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = tx.prepare_cached("UPDATE link SET to_doc = ?2 WHERE id = ?1")?;
    let mut stub = tx.prepare_cached(
        "INSERT INTO doc(key, doc_number, title, norm_title, stub) VALUES (?1, ?2, ?3, ?4, 1)
         ON CONFLICT(key) DO UPDATE SET title = doc.title RETURNING id",
    )?;
    for (link_id, number, norm, title, order) in pending {
        let by_title = norm.as_deref().and_then(|t| {
            docs.by_title
                .get(t)
                .or_else(|| (!t.starts_with("中华人民共和国")).then(|| docs.by_title.get(&format!("中华人民共和国{t}"))).flatten())
                .map(|(id, _)| *id)
                .or_else(|| if number.is_none() { docs.stub_by_title.get(t).copied() } else { None })
        });
        let target = match (&number, by_title) {
            (Some(n), _) if docs.by_key.contains_key(n) => docs.by_key[n].0,
            (None, Some(id)) => id,
            _ => {
                let key = number
                    .clone()
                    .or_else(|| order.clone())
                    .or_else(|| norm.as_ref().map(|t| format!("《{t}》")))
                    .unwrap_or_else(|| format!("link:{link_id}"));
                match docs.by_key.get(&key) {
                    Some(&(id, _)) => id,
                    None => {
                        let shown = title.clone().or_else(|| number.clone()).or_else(|| order.clone()).unwrap_or_else(|| key.clone());
                        let id: i64 = stub.query_row(params![key, number, shown, norm.clone().unwrap_or_default()], |r| r.get(0))?;
                        docs.by_key.insert(key, (id, true));
                        if let Some(t) = norm.clone().filter(|t| !t.is_empty()) {
                            docs.stub_by_title.entry(t).or_insert(id);
                        }
                        id
                    }
                }
            }
        };
        update.execute(params![link_id, target])?;
    }
    tx.execute("DELETE FROM doc WHERE stub = 1 AND NOT EXISTS (SELECT 1 FROM link WHERE to_doc = doc.id)", [])?;
    let count = |sql: &str| tx.query_row(sql, [], |r| r.get::<_, i64>(0)).map(|n| n as usize);
    Ok((
        count("SELECT count(*) FROM link l JOIN doc d ON d.id = l.to_doc WHERE d.stub = 0")?,
        count("SELECT count(*) FROM link l JOIN doc d ON d.id = l.to_doc WHERE d.stub = 1")?,
    ))
}
