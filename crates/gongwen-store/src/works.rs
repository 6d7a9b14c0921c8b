//! Works and versions (see `gongwen_model::work`): at ingest every stored
//! copy of a document is placed in its work (`work`, `work_text`), and the
//! validity rows a legal database keeps beside a law file are recorded as
//! evidence (`record`). At query time the versions of a work are ordered,
//! each version's effective date is chosen from its evidence, and the two
//! statuses — is the work in force, is this version the current one — are
//! answered for any date. Nothing derived is stored.

use crate::query::DocRef;
use crate::{Result, Store, StoreError};
use gongwen_link::normalize_title;
use gongwen_link::timeline::Evidence;
use gongwen_model::work::Membership;
use gongwen_model::{Currency, Date, Document, SourceKind, Status, WorkKind};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The file a legal database keeps beside its law files (table `law`).
const LAW_DB_FILE: &str = "db.sqlite3";
/// How many directories up from a law file its database is looked for.
const LAW_DB_DEPTH: usize = 4;

/// The work a document belongs to.
pub(crate) fn membership(doc: &Document) -> Membership {
    let norm = normalize_title(&doc.title);
    if doc.source_kind == SourceKind::LawMarkdown {
        return Membership::of_law(&doc.title, &norm, &doc.issuers_full, doc.doc_type.as_deref(), doc.part.as_deref());
    }
    match &doc.doc_number {
        Some(n) => Membership::of_policy(n, &doc.title, &doc.issuers_full),
        None => Membership::of_document(&doc.title, &norm, doc.date, &doc.issuers_full),
    }
}

/// The address of a work: `/eli/cn/law/<title>`, `/eli/<place>/policy/<agency>/<year>/<serial>`.
pub(crate) fn eli_of(m: &Membership, doc: &Document) -> String {
    let clean = |s: &str| s.replace(['/', '?', '#'], "_");
    match (m.kind, &doc.doc_number_parts) {
        (WorkKind::Policy, Some(n)) => format!("/eli/{}/policy/{}/{}/{}", m.jurisdiction, clean(&n.agency), n.year, n.serial),
        (WorkKind::Policy, None) => format!("/eli/{}/policy/{}", m.jurisdiction, clean(doc.doc_number.as_deref().unwrap_or(&m.name))),
        (WorkKind::Document, _) => {
            let date = doc.date.map(|d| d.to_string()).unwrap_or_else(|| "undated".into());
            // A document with no title is named by its text, so that its
            // address has a last segment and resolves.
            let name = match clean(&m.name) {
                n if n.trim().is_empty() => format!("无题-{:012x}", xxhash_rust::xxh3::xxh3_64(doc.text.as_bytes()) >> 16),
                n => n,
            };
            format!("/eli/{}/document/{date}/{name}", m.jurisdiction)
        }
        (kind, _) => format!("/eli/{}/{}/{}", m.jurisdiction, kind.as_str(), clean(&m.name)),
    }
}

/// A document's place among works as its file alone tells it: what `gongwen
/// parse` prints beside each document, and the addresses the store gives it
/// (unless two works' addresses coincide, when the later gets `~2`).
#[derive(Debug, Clone, Serialize)]
pub struct WorkId {
    #[serde(flatten)]
    pub of: Membership,
    /// The work's address: its current version.
    pub eli: String,
    /// This text's version: `…/<date>` (see [`version_date`]); absent for an
    /// undated text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// The date that names the version a text is: a republished text is the
/// version of the decision that printed it.
fn version_date(doc: &Document, parent: Option<&Document>) -> Option<Date> {
    parent.and_then(|p| p.date).or(doc.date)
}

/// The works of the documents of one file, in order.
pub fn identify(k: &gongwen_parse::knowledge::Knowledge, docs: &[Document]) -> Vec<WorkId> {
    docs.iter()
        .map(|doc| {
            let m = membership(doc);
            let eli = eli_of(&m, doc);
            let parent = crate::ingest::parent_index(k, doc, docs).map(|i| &docs[i]);
            let version = version_date(doc, parent).map(|d| format!("{eli}/{d}"));
            WorkId { of: m, eli, version }
        })
        .collect()
}

/// One row of a legal database's `law` table.
#[derive(Debug, Clone)]
struct LawRow {
    id: String,
    rowid: i64,
    level: Option<String>,
    name: String,
    publish: Option<String>,
    valid_from: Option<String>,
    expired: bool,
}

/// Legal databases found beside law files during one ingest, read once each.
#[derive(Default)]
pub(crate) struct LawDbs {
    /// Directory → the database found from it (its path and rows by name).
    found: HashMap<PathBuf, Option<std::sync::Arc<(String, HashMap<String, Vec<LawRow>>)>>>,
}

impl LawDbs {
    /// The database nearest above `file` and its rows, or a warning when one
    /// is there but cannot be read.
    fn for_file(&mut self, file: &Path, warnings: &mut Vec<gongwen_model::Warning>) -> Option<std::sync::Arc<(String, HashMap<String, Vec<LawRow>>)>> {
        let dir = file.parent()?.to_path_buf();
        if let Some(hit) = self.found.get(&dir) {
            return hit.clone();
        }
        let mut found = None;
        for up in dir.ancestors().take(LAW_DB_DEPTH) {
            let candidate = up.join(LAW_DB_FILE);
            if let Some(hit) = self.found.get(up).filter(|h| h.is_some()) {
                found = hit.clone();
                break;
            }
            if candidate.is_file() {
                match read_law_db(&candidate) {
                    Ok(rows) => found = Some(std::sync::Arc::new((candidate.display().to_string(), rows))),
                    Err(e) => warnings.push(gongwen_model::Warning {
                        code: "law_db_unreadable".into(),
                        message: format!("{}：无法读取法规数据库，其效力记录未入库（{e}）", candidate.display()),
                        source: candidate.display().to_string(),
                        line: 0,
                    }),
                }
                self.found.insert(up.to_path_buf(), found.clone());
                break;
            }
        }
        self.found.insert(dir, found.clone());
        found
    }
}

fn read_law_db(path: &Path) -> rusqlite::Result<HashMap<String, Vec<LawRow>>> {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let mut st = conn.prepare("SELECT id, rowid, level, name, publish, valid_from, expired FROM law")?;
    let rows = st.query_map([], |r| {
        Ok(LawRow {
            id: r.get(0)?,
            rowid: r.get(1)?,
            level: r.get(2)?,
            name: r.get(3)?,
            publish: r.get(4)?,
            valid_from: r.get(5)?,
            expired: r.get::<_, Option<i64>>(6)?.unwrap_or(0) != 0,
        })
    })?;
    let mut out: HashMap<String, Vec<LawRow>> = HashMap::new();
    for row in rows {
        let row = row?;
        out.entry(row.name.clone()).or_default().push(row);
    }
    Ok(out)
}

/// The database row of a law file: the file is named `<name>(<publish>).md`
/// (or `<part>.md` inside a folder named after the work, whose row is
/// `<work> <part>`).
fn matching_row<'a>(rows: &'a HashMap<String, Vec<LawRow>>, file: &Path) -> Option<&'a LawRow> {
    let stem = file.file_stem()?.to_str()?;
    let (name, date) = match stem.strip_suffix(')').and_then(|s| s.rsplit_once('(')) {
        Some((n, d)) => (n.to_string(), Some(d)),
        None => (stem.to_string(), None),
    };
    let folder = file.parent().and_then(|p| p.file_name()).and_then(|f| f.to_str()).unwrap_or("");
    let by_name = rows.get(&name).or_else(|| rows.get(&format!("{folder} {name}")))?;
    match date {
        Some(d) => by_name.iter().find(|r| r.publish.as_deref() == Some(d)),
        None => (by_name.len() == 1).then(|| &by_name[0]),
    }
}

/// Places one stored copy of `doc` in its work; records its database row, if any.
#[allow(clippy::too_many_arguments)]
pub(crate) fn add(
    tx: &Transaction,
    path: &str,
    copy_id: i64,
    doc_id: i64,
    doc: &Document,
    parent: Option<&Document>,
    order: usize,
    dbs: &mut LawDbs,
    warnings: &mut Vec<gongwen_model::Warning>,
) -> rusqlite::Result<()> {
    let m = membership(doc);
    let eli = eli_of(&m, doc);
    let work_id: i64 = match tx.prepare_cached("SELECT id FROM work WHERE key = ?1")?.query_row([&m.key], |r| r.get(0)).optional()? {
        Some(id) => id,
        None => {
            // Two works whose addresses coincide: the later one gets a suffix.
            let taken = |e: &str| -> rusqlite::Result<bool> { tx.prepare_cached("SELECT 1 FROM work WHERE eli = ?1")?.exists([e]) };
            let mut address = eli.clone();
            let mut n = 2;
            while taken(&address)? {
                address = format!("{eli}~{n}");
                n += 1;
            }
            tx.prepare_cached("INSERT INTO work(key, kind, name, jurisdiction, eli) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id")?
                .query_row(params![m.key, m.kind.as_str(), m.name, m.jurisdiction, address], |r| r.get(0))?
        }
    };
    let date = version_date(doc, parent);
    tx.prepare_cached("INSERT INTO work_text(copy_id, work_id, doc_id, date, part, part_order) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![copy_id, work_id, doc_id, date.map(|d| d.to_string()), m.part, order as i64])?;

    if doc.source_kind == SourceKind::LawMarkdown {
        let file = Path::new(path);
        if let Some(db) = dbs.for_file(file, warnings) {
            if let Some(row) = matching_row(&db.1, file) {
                tx.prepare_cached(
                    "INSERT INTO record(copy_id, doc_id, source, row_id, rowid_in_source, level, name, publish, valid_from, expired, read_on)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?
                .execute(params![
                    copy_id,
                    doc_id,
                    db.0,
                    row.id,
                    row.rowid,
                    row.level,
                    row.name,
                    row.publish,
                    row.valid_from,
                    row.expired,
                    Date::today().to_string()
                ])?;
            }
        }
    }
    Ok(())
}

/// Works left without texts after a file changed or vanished.
pub(crate) fn prune(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM work WHERE id NOT IN (SELECT work_id FROM work_text)", []).map(|_| ())
}

/// A work as the register knows it.
#[derive(Debug, Clone, Serialize)]
pub struct WorkRef {
    #[serde(skip)]
    pub id: i64,
    pub key: String,
    pub kind: WorkKind,
    pub name: String,
    pub jurisdiction: String,
    pub eli: String,
}

/// One part of a version: the document that carries it.
#[derive(Debug, Clone, Serialize)]
pub struct PartRef {
    pub part: Option<String>,
    pub doc: DocRef,
    /// The stored copy this part is read from.
    #[serde(skip)]
    pub copy_id: i64,
}

/// A legal database's row about a version: evidence with its source.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub source: String,
    /// The row's `id` and its rowid in the file.
    pub row_id: String,
    pub row: i64,
    pub level: Option<String>,
    pub name: String,
    pub publish: Option<Date>,
    pub valid_from: Option<Date>,
    pub expired: bool,
    /// The day the row was read (it speaks of the database's present).
    pub read_on: Option<Date>,
}

impl Record {
    fn evidence(&self, what: &str) -> Evidence {
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        Evidence {
            by: format!("法规数据库 law 表 id={}", self.row_id),
            source: self.source.clone(),
            line: self.row as usize,
            text: format!(
                "{what}：name={}，publish={}，valid_from={}，expired={}",
                self.name,
                date(self.publish),
                date(self.valid_from),
                u8::from(self.expired)
            ),
        }
    }
}

/// One version of a work on the asked date.
#[derive(Debug, Clone, Serialize)]
pub struct VersionReport {
    pub date: Option<Date>,
    pub effective: Option<Date>,
    pub effective_evidence: Option<Evidence>,
    pub superseded_from: Option<Date>,
    pub currency: Currency,
    pub eli: String,
    pub parts: Vec<PartRef>,
    pub records: Vec<Record>,
}

/// A database row and the text disagreeing.
#[derive(Debug, Clone, Serialize)]
pub struct RecordConflict {
    pub about: &'static str,
    pub version: Option<Date>,
    pub record: Evidence,
    /// What the texts say instead.
    pub texts: String,
}

/// Where one document stands among its work's versions on a date.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    pub work: WorkRef,
    /// The address of the version the document is (a part of).
    pub eli: String,
    pub currency: Currency,
    pub superseded_from: Option<Date>,
    /// The address of the version current on the date, when it is another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// How many versions the work has.
    pub versions: usize,
}

/// A work on a date: whether it is in force, and each version's currency.
#[derive(Debug, Clone, Serialize)]
pub struct WorkReport {
    pub work: WorkRef,
    pub on: Date,
    pub status: Status,
    pub evidence: Vec<Evidence>,
    /// Oldest first.
    pub versions: Vec<VersionReport>,
    /// The version in force on `on` (or the latest before it), by index.
    pub current: Option<usize>,
    /// Every amendment its texts record (法规变迁), oldest first, whether or
    /// not the store holds the text it made.
    pub amendments: Vec<AmendmentStep>,
    pub conflicts: Vec<RecordConflict>,
}

/// One amendment of a work as a text records it (`2009年8月27日…第二次修正`).
#[derive(Debug, Clone, Serialize)]
pub struct AmendmentStep {
    pub date: Date,
    pub evidence: Evidence,
    /// The address of the version it made, when the store holds that text.
    pub version: Option<String>,
}

impl WorkReport {
    /// The version an address without a date shows on `on`: the current one,
    /// else the first (before the work takes effect).
    pub fn shown(&self) -> Option<&VersionReport> {
        self.current.and_then(|i| self.versions.get(i)).or(self.versions.first())
    }

    pub fn version_on_date(&self, date: Date) -> Option<&VersionReport> {
        self.versions.iter().find(|v| v.date == Some(date))
    }
}

fn work_ref(r: &rusqlite::Row) -> rusqlite::Result<WorkRef> {
    Ok(WorkRef { id: r.get(0)?, key: r.get(1)?, kind: crate::query::vocab(r, 2)?, name: r.get(3)?, jurisdiction: r.get(4)?, eli: r.get(5)? })
}

const WORK_COLS: &str = "w.id, w.key, w.kind, w.name, w.jurisdiction, w.eli";

/// What an `/eli/…` path names: a work, maybe one version, maybe a node.
#[derive(Debug, Clone, Serialize)]
pub struct EliTarget {
    pub work: WorkRef,
    pub version: Option<Date>,
    /// `art_13`, `chp_2__sec_1` …
    pub node: Option<String>,
}

impl Store {
    /// The work whose address is `eli` (with a version date and a node
    /// anchor after it, optionally), e.g. `/eli/cn/law/X/2018-12-29/art_13`.
    pub fn work_by_eli(&self, eli: &str) -> Result<Option<EliTarget>> {
        let eli = eli.trim_end_matches('/');
        let mut base = eli.to_string();
        let mut node = None;
        let mut version = None;
        if let Some((head, last)) = base.rsplit_once('/') {
            if is_anchor(last) {
                node = Some(last.to_string());
                base = head.to_string();
            }
        }
        if let Some((head, last)) = base.rsplit_once('/') {
            if let Some(d) = Date::parse_iso(last).filter(|_| last.len() == 10) {
                // A document work's address holds a date of its own: try it whole first.
                if self.work_at(&base)?.is_none() {
                    version = Some(d);
                    base = head.to_string();
                }
            }
        }
        Ok(self.work_at(&base)?.map(|work| EliTarget { work, version, node }))
    }

    fn work_at(&self, eli: &str) -> Result<Option<WorkRef>> {
        self.conn
            .prepare_cached(&format!("SELECT {WORK_COLS} FROM work w WHERE w.eli = ?1"))
            .and_then(|mut s| s.query_row([eli], work_ref).optional())
            .map_err(|e| self.err(e))
    }

    /// The work a document belongs to (its first copy's).
    pub fn work_of(&self, doc: &DocRef) -> Result<Option<WorkRef>> {
        self.conn
            .prepare_cached(&format!("SELECT {WORK_COLS} FROM work w JOIN work_text t ON t.work_id = w.id WHERE t.doc_id = ?1 ORDER BY t.copy_id LIMIT 1"))
            .and_then(|mut s| s.query_row([doc.id], work_ref).optional())
            .map_err(|e| self.err(e))
    }

    /// Where `doc` stands among its work's versions on `on`, with the work's
    /// status and evidence; `None` unless the document is a version of a
    /// work that has more than one.
    pub fn standing(&self, doc: &DocRef, on: Date) -> Result<Option<(Standing, Status, Vec<Evidence>)>> {
        let versions: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(DISTINCT ifnull(o.date, '')) FROM work_text t JOIN work_text o ON o.work_id = t.work_id WHERE t.doc_id = ?1",
            )
            .and_then(|mut s| s.query_row([doc.id], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        if versions < 2 {
            return Ok(None);
        }
        let Some(work) = self.work_of(doc)? else { return Ok(None) };
        let report = self.work_report(&work, on)?;
        let Some(v) = report.versions.iter().find(|v| v.parts.iter().any(|p| p.doc.id == doc.id)) else { return Ok(None) };
        let current = report.current.and_then(|i| report.versions.get(i)).filter(|c| c.eli != v.eli).map(|c| c.eli.clone());
        let standing = Standing {
            eli: v.eli.clone(),
            currency: v.currency,
            superseded_from: v.superseded_from,
            current,
            versions: report.versions.len(),
            work: report.work,
        };
        Ok(Some((standing, report.status, report.evidence)))
    }

    /// A work by its key, address, or the name or 文号 of one of its documents.
    pub fn find_work(&self, query: &str) -> Result<WorkRef> {
        if query.starts_with("/eli/") {
            if let Some(t) = self.work_by_eli(query)? {
                return Ok(t.work);
            }
        }
        let by_key: Option<WorkRef> = self
            .conn
            .prepare_cached(&format!("SELECT {WORK_COLS} FROM work w WHERE w.key = ?1 OR w.name = ?1 ORDER BY w.id LIMIT 1"))
            .and_then(|mut s| s.query_row([query], work_ref).optional())
            .map_err(|e| self.err(e))?;
        if let Some(w) = by_key {
            return Ok(w);
        }
        let doc = self.find(query)?;
        self.work_of(&doc)?.ok_or_else(|| StoreError::NotFound(query.to_string()))
    }

    /// The stored copy's document (one version or part of a work).
    pub fn copy_document(&self, copy_id: i64) -> Result<Option<Document>> {
        let body: Option<String> = self
            .conn
            .prepare_cached("SELECT body FROM version WHERE id = ?1")
            .and_then(|mut s| s.query_row([copy_id], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))?;
        match body {
            None => Ok(None),
            Some(b) => serde_json::from_str(&b).map(Some).map_err(|e| StoreError::Io(self.path_str(), format!("copy #{copy_id}: stored document unreadable: {e}"))),
        }
    }

    /// The work on `on`: its status, its versions and their currency.
    pub fn work_report(&self, work: &WorkRef, on: Date) -> Result<WorkReport> {
        let versions = self.versions_of(work)?;
        let mut conflicts = Vec::new();
        // Each version's effective date, from its texts and its records.
        let mut reports: Vec<VersionReport> = Vec::new();
        for (date, parts, parent) in versions {
            let records = self.records_of(&parts)?;
            let (effective, evidence) = self.effective_of(date, &parts, parent, &records, &mut conflicts)?;
            let eli = match date {
                Some(d) => format!("{}/{d}", work.eli),
                None => format!("{}/undated", work.eli),
            };
            reports.push(VersionReport { date, effective, effective_evidence: evidence, superseded_from: None, currency: Currency::Current, eli, parts, records });
        }
        reports.sort_by_key(|v| (v.date, v.effective));
        for i in 0..reports.len().saturating_sub(1) {
            reports[i].superseded_from = reports[i + 1].effective.or(reports[i + 1].date);
        }
        let current = reports.iter().rposition(|v| v.effective.or(v.date).is_none_or(|e| e <= on));

        // Each text's own statements, read once: the work's status and its amendments.
        let mut own: Vec<Vec<crate::status::StatusReport>> = Vec::with_capacity(reports.len());
        for v in &reports {
            own.push(v.parts.iter().map(|p| self.own_status(&p.doc, on)).collect::<Result<_>>()?);
        }
        let (status, evidence) = self.work_status(&reports, &own, current, on)?;
        let amendments = amendment_steps(&reports, &own);
        for v in reports.iter_mut() {
            v.currency = if v.effective.or(v.date).is_some_and(|e| on < e) {
                Currency::NotYetEffective
            } else if v.superseded_from.is_some_and(|s| s <= on) {
                Currency::Superseded
            } else if status.is_live() {
                Currency::Current
            } else {
                Currency::Lapsed
            };
        }
        // A database row that calls a superseded version valid, or the last
        // version expired where no text says so, disagrees with the texts.
        for v in &reports {
            for r in &v.records {
                if !r.expired && v.superseded_from.is_some_and(|s| r.read_on.is_none_or(|d| s <= d)) {
                    conflicts.push(RecordConflict {
                        about: "version_currency",
                        version: v.date,
                        record: r.evidence("记为有效（expired=0）"),
                        texts: format!("本作品已有后续版本，自 {} 起施行", v.superseded_from.map(|d| d.to_string()).unwrap_or_default()),
                    });
                }
            }
        }
        Ok(WorkReport { work: work.clone(), on, status, evidence, versions: reports, current, amendments, conflicts })
    }

    /// Copies of the work grouped into versions by date, parts in order, and
    /// the key of the decision a republished version is printed in.
    #[allow(clippy::type_complexity)]
    fn versions_of(&self, work: &WorkRef) -> Result<Vec<(Option<Date>, Vec<PartRef>, Option<String>)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT t.date, t.part, t.copy_id, v.parent_key, d.id, d.key, d.doc_number, d.title, d.issuer, d.doc_type, d.date, d.stub
                 FROM work_text t JOIN version v ON v.id = t.copy_id JOIN doc d ON d.id = t.doc_id
                 WHERE t.work_id = ?1 ORDER BY t.date, t.part_order, t.copy_id",
            )
            .map_err(|e| self.err(e))?;
        type Row = (Option<String>, Option<String>, i64, Option<String>, DocRef);
        let rows: Vec<Row> = st
            .query_map([work.id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    DocRef { id: r.get(4)?, key: r.get(5)?, doc_number: r.get(6)?, title: r.get(7)?, issuer: r.get(8)?, doc_type: r.get(9)?, date: r.get(10)?, stub: r.get(11)? },
                ))
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        let mut out: Vec<(Option<Date>, Vec<PartRef>, Option<String>)> = Vec::new();
        for (date, part, copy_id, parent_key, doc) in rows {
            let date = date.as_deref().and_then(Date::parse_iso);
            let at = match out.iter().position(|(d, _, _)| *d == date) {
                Some(i) => i,
                None => {
                    out.push((date, Vec::new(), None));
                    out.len() - 1
                }
            };
            let (_, parts, parent) = &mut out[at];
            if parent_key.is_some() {
                *parent = parent_key;
            }
            // The same part from two files (two copies of one text) is one part.
            if !parts.iter().any(|p| p.part == part && p.doc.id == doc.id) {
                parts.push(PartRef { part, doc, copy_id });
            }
        }
        Ok(out)
    }

    fn records_of(&self, parts: &[PartRef]) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        for p in parts {
            let mut st = self
                .conn
                .prepare_cached("SELECT source, row_id, rowid_in_source, level, name, publish, valid_from, expired, read_on FROM record WHERE copy_id = ?1 ORDER BY id")
                .map_err(|e| self.err(e))?;
            let date = |s: Option<String>| s.as_deref().and_then(Date::parse_iso);
            let rows: Vec<Record> = st
                .query_map([p.copy_id], |r| {
                    Ok(Record {
                        source: r.get(0)?,
                        row_id: r.get(1)?,
                        row: r.get(2)?,
                        level: r.get(3)?,
                        name: r.get(4)?,
                        publish: date(r.get(5)?),
                        valid_from: date(r.get(6)?),
                        expired: r.get(7)?,
                        read_on: date(r.get(8)?),
                    })
                })
                .and_then(|rows| rows.collect())
                .map_err(|e| self.err(e))?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// When a version took effect: a 施行 date its text states (on or after
    /// its own date: an amended law keeps the original's 施行 article), else
    /// its database row's `valid_from`, else the decision that republished
    /// it, else its own date. A stated date and a row that differ are a conflict.
    fn effective_of(
        &self,
        date: Option<Date>,
        parts: &[PartRef],
        parent: Option<String>,
        records: &[Record],
        conflicts: &mut Vec<RecordConflict>,
    ) -> Result<(Option<Date>, Option<Evidence>)> {
        let mut stated: Option<(Date, Evidence)> = None;
        if let Some(pk) = &parent {
            let parent_id: Option<i64> = self
                .conn
                .prepare_cached("SELECT id FROM doc WHERE key = ?1")
                .and_then(|mut s| s.query_row([pk], |r| r.get(0)).optional())
                .map_err(|e| self.err(e))?;
            if let Some(pid) = parent_id {
                if let Some(d) = self.own_effective(pid)? {
                    stated = Some((d, Evidence { by: pk.clone(), source: String::new(), line: 0, text: "修改决定施行之日".into() }));
                }
            }
        }
        if stated.is_none() {
            for p in parts {
                let statements = self.effective_statements(p.doc.id)?;
                if let Some((d, e)) = statements.into_iter().filter(|(d, _)| date.is_none_or(|v| *d >= v)).max_by_key(|(d, _)| *d) {
                    if stated.as_ref().is_none_or(|(s, _)| d > *s) {
                        stated = Some((d, e));
                    }
                }
            }
        }
        let recorded = records.iter().find_map(|r| r.valid_from.map(|d| (d, r)));
        if let (Some((s, e)), Some((d, r))) = (&stated, recorded) {
            if *s != d {
                conflicts.push(RecordConflict {
                    about: "effective",
                    version: date,
                    record: r.evidence("施行日期不同"),
                    texts: format!("{}：{}（{}）", e.by, e.text, s),
                });
            }
        }
        Ok(match (stated, recorded) {
            (Some((d, e)), _) => (Some(d), Some(e)),
            (None, Some((d, r))) => (Some(d), Some(r.evidence("施行日期"))),
            (None, None) => (date, None),
        })
    }

    /// The 施行 dates a document states of itself, with their evidence.
    fn effective_statements(&self, doc_id: i64) -> Result<Vec<(Date, Evidence)>> {
        use gongwen_link::timeline::Fact;
        let statements = self.statements_about(doc_id)?;
        Ok(statements
            .into_iter()
            .filter_map(|s| match s.fact {
                Fact::Effective(d) => Some((d, s.evidence)),
                // An 自公布之日起施行 computed from the date is the version's own date.
                Fact::EffectiveComputed(d) if s.evidence.line > 0 => Some((d, s.evidence)),
                _ => None,
            })
            .collect())
    }

    /// Is the work in force on `on`: not before its first version takes
    /// effect; repealed or expired as any of its texts' timelines say; expired
    /// by a database row (from the day the row was read) when no text has a
    /// later version.
    fn work_status(&self, versions: &[VersionReport], own: &[Vec<crate::status::StatusReport>], current: Option<usize>, on: Date) -> Result<(Status, Vec<Evidence>)> {
        let Some(first) = versions.first() else { return Ok((Status::Unknown, Vec::new())) };
        let begins = first.effective.or(first.date);
        if begins.is_some_and(|b| on < b) {
            return Ok((Status::NotYetInForce, first.effective_evidence.iter().cloned().collect()));
        }
        let Some(cur) = current.and_then(|i| versions.get(i)) else { return Ok((Status::Unknown, Vec::new())) };
        // Repeals and expiries said of any version's texts; the current one's own term.
        for (i, reports) in own.iter().enumerate() {
            for report in reports {
                let ended = matches!(report.status, Status::Repealed | Status::Expired);
                // An old version's own term ends with it; a repeal ends the work.
                if ended && (Some(i) == current || report.status == Status::Repealed) {
                    return Ok((report.status, report.evidence.clone()));
                }
            }
        }
        let last = versions.last().expect("versions is not empty");
        if std::ptr::eq(cur, last) {
            if let Some(r) = cur.records.iter().find(|r| r.expired && r.read_on.is_some_and(|d| d <= on)) {
                return Ok((Status::Expired, vec![r.evidence("记为已失效（日期不明，自读取之日起计）")]));
            }
        }
        let mut evidence: Vec<Evidence> = cur.effective_evidence.iter().cloned().collect();
        if evidence.is_empty() {
            evidence.push(Evidence {
                by: cur.parts.first().map(|p| p.doc.label()).unwrap_or_default(),
                source: String::new(),
                line: 0,
                text: format!("未见施行日期，按版本日期 {} 计", cur.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())),
            });
        }
        Ok((Status::InForce, evidence))
    }

    /// Every work's address and name, for listings.
    pub fn works(&self) -> Result<Vec<WorkRef>> {
        let mut st = self.conn.prepare_cached(&format!("SELECT {WORK_COLS} FROM work w ORDER BY w.id")).map_err(|e| self.err(e))?;
        let rows = st.query_map([], work_ref).and_then(|r| r.collect()).map_err(|e| self.err(e))?;
        Ok(rows)
    }
}

/// The amendments stated by any text of the work, one per date (the first
/// statement read), each with the stored version it made (same date, or a
/// version taking effect that day).
fn amendment_steps(versions: &[VersionReport], own: &[Vec<crate::status::StatusReport>]) -> Vec<AmendmentStep> {
    use gongwen_link::timeline::Fact;
    let mut steps: Vec<AmendmentStep> = Vec::new();
    for s in own.iter().flatten().flat_map(|r| &r.statements) {
        let Fact::Amended(date) = s.fact else { continue };
        if steps.iter().any(|x| x.date == date) {
            continue;
        }
        let version = versions.iter().find(|v| v.date == Some(date) || v.effective == Some(date)).map(|v| v.eli.clone());
        steps.push(AmendmentStep { date, evidence: s.evidence.clone(), version });
    }
    steps.sort_by_key(|x| x.date);
    steps
}

/// `art_13`, `chp_2__sec_1`, `item_3__subitem_4`: a node anchor, not a version or a name.
pub fn is_anchor(segment: &str) -> bool {
    const KINDS: [&str; 10] = ["art_", "chp_", "sec_", "part_", "att_", "item_", "subitem_", "point_", "subpoint_", "box_"];
    KINDS.iter().any(|k| segment.starts_with(k)) && segment.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Where a stored document sits in its work: what search groups versions by.
#[derive(Debug, Clone)]
pub struct DocWork {
    pub doc_id: i64,
    pub work: WorkRef,
    /// `合同编`, for a version in several files.
    pub part: Option<String>,
    /// The date that names the version.
    pub version: Option<Date>,
    /// The day the version took effect (its evidence as in [`WorkReport`]);
    /// for a work of one version, the version's date.
    pub from: Option<Date>,
    /// The level a legal database's row records for it (法律, 行政法规 …).
    pub level: Option<String>,
}

impl Store {
    /// Every document stored with text, placed in its work (its first
    /// copy's), with its version's effective date: works of several
    /// versions are reported once each to read the dates from their evidence.
    pub fn doc_works(&self) -> Result<Vec<DocWork>> {
        let sql = format!(
            "SELECT t.doc_id, t.part, t.date,
                    (SELECT r.level FROM record r WHERE r.copy_id = t.copy_id AND r.level IS NOT NULL ORDER BY r.id LIMIT 1),
                    {WORK_COLS}
             FROM work_text t JOIN work w ON w.id = t.work_id ORDER BY t.doc_id, t.copy_id"
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows: Vec<(i64, Option<String>, Option<String>, Option<String>, WorkRef)> = st
            .query_map([], |r| {
                let w = WorkRef { id: r.get(4)?, key: r.get(5)?, kind: crate::query::vocab(r, 6)?, name: r.get(7)?, jurisdiction: r.get(8)?, eli: r.get(9)? };
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, w))
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        let mut out: Vec<DocWork> = Vec::with_capacity(rows.len());
        let mut docs_of: HashMap<i64, Vec<usize>> = HashMap::new();
        for (doc_id, part, date, level, work) in rows {
            if out.last().is_some_and(|d| d.doc_id == doc_id) {
                continue;
            }
            let version = date.as_deref().and_then(Date::parse_iso);
            docs_of.entry(work.id).or_default().push(out.len());
            out.push(DocWork { doc_id, work, part, version, from: version, level });
        }
        let today = Date::today();
        for at in docs_of.values().filter(|v| v.len() > 1) {
            let report = self.work_report(&out[at[0]].work, today)?;
            let from: HashMap<i64, Option<Date>> =
                report.versions.iter().flat_map(|v| v.parts.iter().map(move |p| (p.doc.id, v.effective.or(v.date)))).collect();
            for &i in at {
                if let Some(f) = from.get(&out[i].doc_id) {
                    out[i].from = *f;
                }
            }
        }
        Ok(out)
    }
}
