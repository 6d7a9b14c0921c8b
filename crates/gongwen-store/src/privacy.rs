//! Migration 4: masks personal numbers in everything a store made before
//! masking moved to the boundary (`gongwen_parse::privacy`) still holds.
//! After it, no stored text — and so no index built from it — holds a number
//! a reader may not see.

use gongwen_parse::knowledge::Knowledge;
use gongwen_parse::privacy::{find, mask, mask_json};
use rusqlite::{params, Connection};

/// Text columns masked as text; JSON columns masked string by string.
const TEXT_COLUMNS: &[(&str, &str)] = &[
    ("doc", "title"),
    ("doc", "norm_title"),
    ("doc", "issuer"),
    ("version", "parent_key"),
    ("link", "text"),
    ("link", "title"),
    ("link", "norm_title"),
    ("link", "short_name"),
    ("clause", "text"),
];
const JSON_COLUMNS: &[(&str, &str)] = &[("version", "body"), ("clause", "body"), ("fact", "body")];

pub(crate) fn mask_stored(conn: &Connection, k: &Knowledge) -> rusqlite::Result<()> {
    for &(table, column) in TEXT_COLUMNS {
        rewrite(k, conn, table, column, |s| mask(k, s))?;
    }
    for &(table, column) in JSON_COLUMNS {
        rewrite(k, conn, table, column, |raw| match serde_json::from_str::<serde_json::Value>(raw) {
            Ok(mut v) => {
                mask_json(k, &mut v);
                v.to_string()
            }
            // Not JSON (never written so by gongwen): masked as text.
            Err(_) => mask(k, raw),
        })?;
    }
    // Keys are unique: a masked key that meets another keeps its row apart by id.
    let rows: Vec<(i64, String)> = {
        let mut st = conn.prepare("SELECT id, key FROM doc")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, key) in rows.into_iter().filter(|(_, key)| !find(k, key).is_empty()) {
        let masked = mask(k, &key);
        let taken: bool = conn.query_row("SELECT EXISTS(SELECT 1 FROM doc WHERE key = ?1)", [&masked], |r| r.get(0))?;
        let masked = if taken { format!("{masked}#{id}") } else { masked };
        conn.execute("UPDATE doc SET key = ?1 WHERE id = ?2", params![masked, id])?;
    }
    Ok(())
}

/// Rewrites the rows of `table.column` that hold a number, through `f`.
fn rewrite(k: &Knowledge, conn: &Connection, table: &str, column: &str, f: impl Fn(&str) -> String) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String)> = {
        let mut st = conn.prepare(&format!("SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"))?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = conn.prepare(&format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"))?;
    for (id, raw) in rows {
        if find(k, &raw).is_empty() {
            continue;
        }
        update.execute(params![f(&raw), id])?;
    }
    Ok(())
}
