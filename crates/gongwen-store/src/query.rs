//! Reading the register: find a document, its links both ways, lists.

use crate::{Result, Store, StoreError};
use gongwen_link::normalize_title;
use gongwen_model::{Date, Document, FactKind, Relation, Status, UnknownValue};
use gongwen_parse::docnum;
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

/// A document as the register knows it.
#[derive(Debug, Clone, Serialize)]
pub struct DocRef {
    #[serde(skip)]
    pub id: i64,
    pub key: String,
    pub doc_number: Option<String>,
    pub title: String,
    pub issuer: String,
    pub doc_type: Option<String>,
    pub date: Option<String>,
    /// Known only through references; no text in the store.
    pub stub: bool,
}

impl DocRef {
    pub fn label(&self) -> String {
        match &self.doc_number {
            Some(n) if !self.title.is_empty() && self.title != *n => format!("{n} 《{}》", self.title),
            Some(n) => n.clone(),
            None => format!("《{}》", self.title),
        }
    }
}

const DOC_COLS: &str = "d.id, d.key, d.doc_number, d.title, d.issuer, d.doc_type, d.date, d.stub";

/// A vocabulary word (relation, status …) read from column `i`. A stored
/// value outside the vocabulary is an error whose cause names it, never a
/// default: the store's values are the enums' `as_str` spellings.
pub(crate) fn vocab<T: std::str::FromStr<Err = UnknownValue>>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    s.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

fn doc_ref(r: &Row) -> rusqlite::Result<DocRef> {
    doc_ref_at(r, 0)
}

/// A [`DocRef`] from the `DOC_COLS` columns starting at column `at`.
fn doc_ref_at(r: &Row, at: usize) -> rusqlite::Result<DocRef> {
    Ok(DocRef {
        id: r.get(at)?,
        key: r.get(at + 1)?,
        doc_number: r.get(at + 2)?,
        title: r.get(at + 3)?,
        issuer: r.get(at + 4)?,
        doc_type: r.get(at + 5)?,
        date: r.get(at + 6)?,
        stub: r.get(at + 7)?,
    })
}

/// One edge of the citation graph, seen from either end.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRow {
    pub relation: Relation,
    /// The other document (the cited one for `cites`, the citing one for `cited-by`).
    pub other: Option<DocRef>,
    /// The citation as written, and where.
    pub text: String,
    pub source: String,
    pub line: usize,
    pub until: Option<String>,
    pub class: Option<String>,
}

/// Filters of `gongwen list`.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub issuer: Option<String>,
    pub doc_type: Option<String>,
    pub year: Option<u16>,
    pub status_on: Option<Date>,
    pub include_stubs: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListRow {
    #[serde(flatten)]
    pub doc: DocRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

impl Store {
    /// A document by 文号 (any bracket or spacing variant), store key or title
    /// (exact, else the only stored title containing it).
    pub fn find(&self, query: &str) -> Result<DocRef> {
        let k = self.knowledge();
        let q = query.trim();
        let by = |sql: &str, arg: &str| -> Result<Vec<DocRef>> {
            let mut st = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
            let rows = st.query_map([arg], doc_ref).and_then(|r| r.collect()).map_err(|e| self.err(e));
            rows
        };
        if let Some(n) = docnum::parse_exact(k, q) {
            if let Some(d) = by(&format!("SELECT {DOC_COLS} FROM doc d WHERE d.key = ?1"), &n.to_string())?.pop() {
                return Ok(d);
            }
        }
        if let Some(d) = by(&format!("SELECT {DOC_COLS} FROM doc d WHERE d.key = ?1"), q)?.pop() {
            return Ok(d);
        }
        let norm = normalize_title(q.trim_start_matches('《').trim_end_matches('》'));
        if norm.is_empty() {
            return Err(StoreError::NotFound(q.into()));
        }
        let exact = by(&format!("SELECT {DOC_COLS} FROM doc d WHERE d.norm_title = ?1 ORDER BY d.stub, d.date DESC"), &norm)?;
        if let Some(d) = exact.into_iter().next() {
            return Ok(d);
        }
        let like = by(&format!("SELECT {DOC_COLS} FROM doc d WHERE instr(d.norm_title, ?1) > 0 ORDER BY d.stub, d.date DESC LIMIT 2"), &norm)?;
        match like.len() {
            1 => Ok(like.into_iter().next().unwrap()),
            0 => Err(StoreError::NotFound(q.into())),
            _ => Err(StoreError::NotFound(format!("{q}（有多份文件的标题包含它；请给出文号或完整标题）"))),
        }
    }

    /// The stored text of a document: the latest version not republished
    /// inside another document, else any.
    pub fn document(&self, doc: &DocRef) -> Result<Option<Document>> {
        let body: Option<String> = self
            .conn
            .prepare_cached("SELECT body FROM version WHERE doc_id = ?1 ORDER BY parent_key IS NOT NULL, id DESC LIMIT 1")
            .and_then(|mut s| s.query_row([doc.id], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?;
        body.map(|b| serde_json::from_str(&b).map_err(|e| self.unreadable(format!("文档 {} 的正文", doc.label()), e))).transpose()
    }

    /// Where the document was read from: (source path, line_start, line_end, republished in).
    /// Every ingested source file's path.
    pub fn source_paths(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached("SELECT path FROM source ORDER BY id").map_err(|e| self.err(e))?;
        let rows = st.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<String>>>().map_err(|e| self.err(e))
    }

    pub fn sources(&self, doc: &DocRef) -> Result<Vec<(String, usize, usize, Option<String>)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT s.path, v.line_start, v.line_end, v.parent_key FROM version v JOIN source s ON s.id = v.source_id WHERE v.doc_id = ?1 ORDER BY v.id")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([doc.id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize, r.get(3)?)))
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e));
        rows
    }

    /// Outgoing citations of `doc`.
    pub fn cites(&self, doc: &DocRef) -> Result<Vec<LinkRow>> {
        self.links(doc, "l.from_doc = ?1", "l.to_doc")
    }

    /// Citations of `doc` by other documents.
    pub fn cited_by(&self, doc: &DocRef) -> Result<Vec<LinkRow>> {
        self.links(doc, "l.to_doc = ?1 AND l.from_doc != l.to_doc", "l.from_doc")
    }

    fn links(&self, doc: &DocRef, filter: &str, other: &str) -> Result<Vec<LinkRow>> {
        let sql = format!(
            "SELECT l.relation, l.text, s.path, l.line, l.until_date, l.class, {DOC_COLS}
             FROM link l JOIN version v ON v.id = l.version_id JOIN source s ON s.id = v.source_id
             LEFT JOIN doc d ON d.id = {other}
             WHERE {filter} ORDER BY s.path, l.line, l.id"
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![doc.id], |r| {
                // LEFT JOIN: no document columns while the link is unresolved.
                let other = match r.get::<_, Option<i64>>(6)? {
                    Some(_) => Some(doc_ref_at(r, 6)?),
                    None => None,
                };
                Ok(LinkRow {
                    relation: vocab(r, 0)?,
                    text: r.get(1)?,
                    source: r.get(2)?,
                    line: r.get::<_, i64>(3)? as usize,
                    until: r.get(4)?,
                    class: r.get(5)?,
                    other,
                })
            })
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e));
        rows
    }

    /// Documents matching `f`, by date then 文号. The issuer filter goes
    /// through the alias table (市经信局 finds 武汉市经济和信息化局).
    pub fn list(&self, f: &ListFilter) -> Result<Vec<ListRow>> {
        let k = self.knowledge();
        let mut sql = format!("SELECT {DOC_COLS} FROM doc d WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        if !f.include_stubs {
            sql.push_str(" AND d.stub = 0");
        }
        if let Some(issuer) = &f.issuer {
            args.push(k.issuer_needle(issuer));
            sql.push_str(&format!(" AND instr(d.issuer, ?{}) > 0", args.len()));
        }
        if let Some(t) = &f.doc_type {
            args.push(t.clone());
            sql.push_str(&format!(" AND d.doc_type = ?{}", args.len()));
        }
        if let Some(y) = f.year {
            args.push(y.to_string());
            sql.push_str(&format!(" AND (substr(d.date, 1, 4) = ?{n} OR d.doc_number LIKE '%〔' || ?{n} || '〕%')", n = args.len()));
        }
        sql.push_str(" ORDER BY d.date, d.doc_number, d.title");
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let docs: Vec<DocRef> = st
            .query_map(rusqlite::params_from_iter(args.iter()), doc_ref)
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            let status = match f.status_on {
                Some(on) => Some(self.status(&doc, on)?.status),
                None => None,
            };
            out.push(ListRow { doc, status });
        }
        Ok(out)
    }

    /// Every document (stubs included) for exports.
    pub fn all_docs(&self) -> Result<Vec<DocRef>> {
        let mut st = self.conn.prepare(&format!("SELECT {DOC_COLS} FROM doc d ORDER BY d.id")).map_err(|e| self.err(e))?;
        let rows = st.query_map([], doc_ref).and_then(|r| r.collect()).map_err(|e| self.err(e));
        rows
    }
}

/// What a search index needs to know to decide whether a document changed
/// since it was indexed.
#[derive(Debug, Clone)]
pub struct IndexRow {
    pub doc: DocRef,
    /// The version whose text [`Store::document`] returns; `None` for stubs.
    pub version: Option<i64>,
}

impl Store {
    /// Every document with the version a reader would be shown, for indexing.
    pub fn index_rows(&self) -> Result<Vec<IndexRow>> {
        // Same choice of version as `document`: not republished inside another, latest first.
        let sql = format!(
            "SELECT {DOC_COLS},
                    (SELECT v.id FROM version v WHERE v.doc_id = d.id ORDER BY v.parent_key IS NOT NULL, v.id DESC LIMIT 1)
             FROM doc d ORDER BY d.id"
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok(IndexRow { doc: doc_ref(r)?, version: r.get(8)? }))
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e));
        rows
    }

    /// The text and gazette section of one version: what an index needs,
    /// without building the whole `Document` (outline, warnings …).
    pub fn version_text(&self, version: i64) -> Result<Option<(String, Option<String>)>> {
        #[derive(serde::Deserialize)]
        struct Text {
            text: String,
            section: Option<String>,
        }
        let body: Option<String> = self
            .conn
            .prepare_cached("SELECT body FROM version WHERE id = ?1")
            .and_then(|mut s| s.query_row([version], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?;
        let text = body.map(|b| serde_json::from_str::<Text>(&b).map_err(|e| self.unreadable(format!("版本 #{version} 的正文"), e))).transpose()?;
        Ok(text.map(|t| (t.text, t.section)))
    }

    /// A value that changes whenever an ingest changes what the store holds,
    /// so derived data (the search index, a running server) can tell it is
    /// stale. Counts and max ids alone miss a changed file re-ingested in
    /// place (its rows are deleted and re-inserted under the same ids), so
    /// the content hashes of the sources are part of it.
    pub fn generation(&self) -> Result<String> {
        let counts: String = self
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM source) || ':' || coalesce((SELECT max(id) FROM version), 0) || ':' ||
                        (SELECT count(*) FROM version) || ':' || (SELECT count(*) FROM link) || ':' || (SELECT count(*) FROM doc)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut st = self.conn.prepare_cached("SELECT id, hash FROM source ORDER BY id").map_err(|e| self.err(e))?;
        let mut rows = st.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            hasher.update(&r.get::<_, i64>(0).map_err(|e| self.err(e))?.to_le_bytes());
            hasher.update(r.get_ref(1).map_err(|e| self.err(e))?.as_bytes().unwrap_or_default());
        }
        Ok(format!("{counts}:{:016x}", hasher.digest()))
    }
}

/// One stored item read from a document (a measure, task, target …), as JSON.
#[derive(Debug, Clone)]
pub struct FactRow {
    pub doc: DocRef,
    pub source: String,
    pub line: usize,
    /// The page the item was printed on, for a paged source.
    pub page: Option<u32>,
    pub body: String,
}

/// A [`FactRow`] from the columns `{DOC_COLS}, s.path, f.line, f.body, f.page`.
fn fact_row(r: &rusqlite::Row) -> rusqlite::Result<FactRow> {
    Ok(FactRow { doc: doc_ref(r)?, source: r.get(8)?, line: r.get::<_, i64>(9)? as usize, body: r.get(10)?, page: r.get(11)? })
}

impl Store {
    /// Every stored item of `kind` (`measure`, `task`, `target`,
    /// `appointment`, `member`), from the version a reader would be shown,
    /// in document order; `doc` limits it to one document.
    pub fn facts(&self, kind: FactKind, doc: Option<&DocRef>) -> Result<Vec<FactRow>> {
        let mut out = Vec::new();
        self.each_fact(kind, doc, |f| {
            out.push(f);
            true
        })?;
        Ok(out)
    }

    /// The stored items of `kind` in the order of [`Store::facts`], one at a
    /// time, without holding them all; `f` returns false to stop.
    pub fn each_fact(&self, kind: FactKind, doc: Option<&DocRef>, mut f: impl FnMut(FactRow) -> bool) -> Result<()> {
        let sql = format!("SELECT {DOC_COLS}, s.path, f.line, f.body, f.page {FACTS_FROM} ORDER BY d.date, d.id, f.id");
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = st.query(rusqlite::params![kind.as_str(), doc.map(|d| d.id)]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let row = fact_row(r).map_err(|e| self.err(e))?;
            if !f(row) {
                break;
            }
        }
        Ok(())
    }

    /// One page of the stored items of `kind` (the order of [`Store::facts`])
    /// and how many there are in all, read with LIMIT/OFFSET.
    pub fn facts_page(&self, kind: FactKind, offset: usize, limit: usize) -> Result<(Vec<FactRow>, usize)> {
        let count_sql = format!("SELECT count(*) {FACTS_FROM}");
        let total: i64 = self
            .conn
            .prepare_cached(&count_sql)
            .and_then(|mut st| st.query_row(rusqlite::params![kind.as_str(), None::<i64>], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        let sql = format!("SELECT {DOC_COLS}, s.path, f.line, f.body, f.page {FACTS_FROM} ORDER BY d.date, d.id, f.id LIMIT ?3 OFFSET ?4");
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(rusqlite::params![kind.as_str(), None::<i64>, limit as i64, offset as i64], fact_row)
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        Ok((rows, total as usize))
    }
}

/// The items of kind ?1 (of document ?2 when not NULL) from the version a
/// reader would be shown: a version of the document itself before one
/// republished in another, the newest first; no other version beats it
/// (NOT EXISTS, not a sorted subquery per item: several times faster).
const FACTS_FROM: &str = "FROM fact f
     JOIN doc d ON d.id = f.doc_id
     JOIN version v ON v.id = f.version_id
     JOIN source s ON s.id = v.source_id
     WHERE f.kind = ?1 AND (?2 IS NULL OR f.doc_id = ?2)
       AND NOT EXISTS (SELECT 1 FROM version v2 WHERE v2.doc_id = f.doc_id AND v2.id <> v.id
                       AND ((v2.parent_key IS NOT NULL) < (v.parent_key IS NOT NULL)
                            OR ((v2.parent_key IS NOT NULL) = (v.parent_key IS NOT NULL) AND v2.id > v.id)))";
