//! Ingest: read → hash → parse (files in parallel, in order) → write (one transaction
//! for the whole run) → resolve citations → commit. Killing the process at any
//! point before the commit leaves the previous content untouched.

use crate::{resolve, Result, Store, StoreError};
use gongwen_link::{normalize_title, Statements};
use gongwen_model::{Document, Warning};
use gongwen_parse::knowledge::Knowledge;
use gongwen_parse::{docnum, ParsedFile};
use rusqlite::{params, Transaction};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// (kind, line, JSON) of each item gongwen-extract read from a document.
type Facts = Vec<gongwen_extract::Fact>;

/// What happened to one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    New { documents: usize },
    Changed { documents: usize },
    Unchanged,
    Failed(String),
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IngestReport {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub documents: usize,
    pub links: usize,
    pub clauses: usize,
    /// Measures, tasks, targets, appointments and roster members read from the documents.
    pub facts: usize,
    /// Links pointing at a document the store holds in full, and at stubs
    /// (documents known only through references), after resolution.
    pub resolved_links: usize,
    pub stub_links: usize,
    /// What was read but could not be kept, one entry each: an extraction
    /// step that failed on one document (`step_failed`; the rest of the
    /// document and of the file is stored), and lines of a file that belong
    /// to no document (`lines_outside_documents`).
    pub warnings: Vec<Warning>,
}

enum Read {
    Unchanged(PathBuf),
    Parsed {
        path: PathBuf,
        canonical: String,
        hash: String,
        bytes: usize,
        parsed: ParsedFile,
        statements: Vec<(Statements, Facts)>,
        warnings: Vec<Warning>,
    },
    Failed(PathBuf, String),
}

/// The identity of a document: its 文号, else its normalised title and date.
pub(crate) fn doc_key(d: &Document) -> String {
    // A 令 or 公告 is known by its order number (山东省人民政府令第345号), as
    // citations of it name it.
    match d.doc_number.as_ref().or(d.order.as_ref()) {
        Some(n) => n.clone(),
        None => {
            let part = d.part.as_deref().map(|p| format!("#{p}")).unwrap_or_default();
            format!("{}@{}{part}", normalize_title(&d.title), d.date.map(|x| x.to_string()).unwrap_or_default())
        }
    }
}

/// Bumped when parsing or extraction changes what a file yields, so that the
/// next ingest reads every file again instead of skipping it as unchanged.
const READER_VERSION: u32 = 10;

fn hash(bytes: &[u8]) -> String {
    format!("{:032x}@{READER_VERSION}", xxhash_rust::xxh3::xxh3_128(bytes))
}

fn read_one(k: &Knowledge, path: &Path, known: &HashMap<String, String>) -> Read {
    let canonical = match path.canonicalize() {
        Ok(p) => p.display().to_string(),
        Err(e) => return Read::Failed(path.into(), e.to_string()),
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Read::Failed(path.into(), e.to_string()),
    };
    let h = hash(&bytes);
    if known.get(&canonical) == Some(&h) {
        return Read::Unchanged(path.into());
    }
    // A parser bug on one odd file must not stop the run (or lose the store).
    let source = path.display().to_string();
    let parsed = std::panic::catch_unwind(|| gongwen_parse::parse_bytes(k, &source, &bytes));
    match parsed {
        Ok(Ok(parsed)) => {
            // Extraction runs per document and per step: a failure drops that
            // step's items for that document only.
            let mut warnings: Vec<Warning> = parsed
                .warnings
                .iter()
                .chain(parsed.documents.iter().flat_map(|d| &d.warnings))
                .filter(|w| SURFACED.contains(&w.code.as_str()))
                .cloned()
                .collect();
            let statements = parsed.documents.iter().map(|d| extract(k, &source, d, &mut warnings)).collect();
            Read::Parsed { path: path.into(), canonical, hash: h, bytes: bytes.len(), parsed, statements, warnings }
        }
        Ok(Err(e)) => Read::Failed(path.into(), e.to_string()),
        Err(_) => Read::Failed(path.into(), "internal parser error (please report this file)".into()),
    }
}

/// Files parsed at once, in parallel, ahead of the writer.
const PARSE_CHUNK: usize = 16;

/// Parse warnings that mean something was read but not kept; ingest reports them.
const SURFACED: [&str; 2] = ["step_failed", "lines_outside_documents"];

/// Citations, lifecycle clauses and facts of one document, each step isolated.
fn extract(k: &Knowledge, source: &str, doc: &Document, warnings: &mut Vec<Warning>) -> (Statements, Facts) {
    let mut citations = step("citations", source, doc, warnings, || gongwen_link::cite::extract(k, doc));
    citations.extend(step("catalog", source, doc, warnings, || gongwen_link::catalog::rows(k, doc)));
    let clauses = step("clauses", source, doc, warnings, || gongwen_link::clause::extract(k, doc));
    let facts = gongwen_extract::FACT_STEPS.iter().flat_map(|&(name, f)| step(name, source, doc, warnings, || f(k, doc))).collect();
    (Statements { citations, clauses }, facts)
}

/// Runs one extraction step on one document; a panic inside it becomes a
/// `step_failed` warning and no items, instead of losing the whole file.
fn step<T>(name: &str, source: &str, doc: &Document, warnings: &mut Vec<Warning>, f: impl FnOnce() -> Vec<T>) -> Vec<T> {
    let run = std::panic::AssertUnwindSafe(|| {
        test_hook::check(name, doc);
        f()
    });
    match std::panic::catch_unwind(run) {
        Ok(items) => items,
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "内部错误".into());
            let number = doc.doc_number.as_deref().map(|n| format!("（{n}）")).unwrap_or_default();
            warnings.push(Warning {
                code: "step_failed".into(),
                message: format!(
                    "《{}》{number}第{}行起：提取步骤 {name} 失败（{why}），本文件此项未入库，其余内容已入库；请报告此文件",
                    doc.title, doc.line_start
                ),
                source: source.into(),
                line: doc.line_start,
            });
            Vec::new()
        }
    }
}

/// A failure injected into one extraction step, for tests of the isolation
/// (there is no real bug to trigger it with). Not part of the API.
#[doc(hidden)]
pub mod test_hook {
    use gongwen_model::Document;
    use std::sync::Mutex;

    static FAIL: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

    /// From now on, step `step` panics on every document whose title contains `title_contains`.
    pub fn fail_step(step: &str, title_contains: &str) {
        FAIL.lock().unwrap_or_else(|e| e.into_inner()).push((step.into(), title_contains.into()));
    }

    pub fn clear() {
        FAIL.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    pub(crate) fn check(step: &str, doc: &Document) {
        let hit = {
            let fail = FAIL.lock().unwrap_or_else(|e| e.into_inner());
            fail.iter().any(|(s, t)| s == step && doc.title.contains(t.as_str()))
        };
        if hit {
            panic!("test hook: injected failure in {step}");
        }
    }
}

impl Store {
    /// Ingests `files`; `on_file` is called once per file, in order, as it is done.
    pub fn ingest(&mut self, files: &[PathBuf], mut on_file: impl FnMut(&Path, &FileOutcome)) -> Result<IngestReport> {
        let knowledge = self.knowledge_arc();
        let k: &Knowledge = &knowledge;
        let known: HashMap<String, String> = {
            let mut st = self.conn.prepare("SELECT path, hash FROM source").map_err(|e| self.err(e))?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(|e| self.err(e))?;
            rows.collect::<std::result::Result<_, _>>().map_err(|e| self.err(e))?
        };
        let path = self.path.clone();
        let sql = |e: rusqlite::Error| StoreError::from_sql(&path, e);
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sql)?;
        let mut report = IngestReport::default();
        let mut law_dbs = crate::works::LawDbs::default();

        // Parsing is CPU-bound and independent of the database: a thread
        // reads and parses chunks of files on all cores (rayon) and hands
        // their results over in file order while this one writes. At most
        // two chunks (one being parsed, one queued) are held at a time.
        let (send, recv) = mpsc::sync_channel::<Read>(PARSE_CHUNK);
        std::thread::scope(|scope| -> Result<()> {
            let known = &known;
            scope.spawn(move || {
                use rayon::prelude::*;
                for chunk in files.chunks(PARSE_CHUNK) {
                    let reads: Vec<Read> = chunk.par_iter().map(|f| read_one(k, f, known)).collect();
                    for read in reads {
                        if send.send(read).is_err() {
                            return;
                        }
                    }
                }
            });
            for read in recv {
                let (shown, outcome) = match read {
                    Read::Unchanged(p) => (p, FileOutcome::Unchanged),
                    Read::Failed(p, e) => (p, FileOutcome::Failed(e)),
                    Read::Parsed { path: p, canonical, hash, bytes, parsed, statements, warnings } => {
                        let existed = known.contains_key(&canonical);
                        report.warnings.extend(warnings);
                        let n = write_file(k, &tx, &canonical, &hash, bytes, &parsed, &statements, &mut law_dbs, &mut report).map_err(sql)?;
                        (p, if existed { FileOutcome::Changed { documents: n } } else { FileOutcome::New { documents: n } })
                    }
                };
                match &outcome {
                    FileOutcome::New { .. } => report.new += 1,
                    FileOutcome::Changed { .. } => report.changed += 1,
                    FileOutcome::Unchanged => report.unchanged += 1,
                    FileOutcome::Failed(_) => report.failed += 1,
                }
                on_file(&shown, &outcome);
            }
            Ok(())
        })?;

        if report.new + report.changed > 0 {
            let (resolved, stubs) = resolve::run(&tx).map_err(sql)?;
            report.resolved_links = resolved;
            report.stub_links = stubs;
            crate::works::prune(&tx).map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        Ok(report)
    }
}

fn write_file(
    k: &Knowledge,
    tx: &Transaction,
    path: &str,
    hash: &str,
    bytes: usize,
    parsed: &ParsedFile,
    statements: &[(Statements, Facts)],
    law_dbs: &mut crate::works::LawDbs,
    report: &mut IngestReport,
) -> rusqlite::Result<usize> {
    // A changed file replaces everything it contributed (versions, links and
    // clauses cascade); documents left without a version become stubs in `resolve`.
    tx.execute("DELETE FROM source WHERE path = ?1", [path])?;
    let kind = serde_json::to_value(parsed.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    tx.execute(
        "INSERT INTO source(path, hash, bytes, kind, ingested_at) VALUES (?1, ?2, ?3, ?4, datetime('now'))",
        params![path, hash, bytes as i64, kind],
    )?;
    let source_id = tx.last_insert_rowid();

    let keys: Vec<String> = parsed.documents.iter().map(doc_key).collect();
    let parents: Vec<Option<String>> =
        parsed.documents.iter().map(|d| parent_index(k, d, &parsed.documents).map(|i| keys[i].clone())).collect();
    let mut ids: HashMap<&str, (i64, i64)> = HashMap::new(); // key → (doc id, version id)
    for (order, (((doc, key), (st, facts)), parent_key)) in parsed.documents.iter().zip(&keys).zip(statements).zip(&parents).enumerate() {
        let doc_id: i64 = tx.prepare_cached(
            "INSERT INTO doc(key, doc_number, title, norm_title, issuer, doc_type, date, stub)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)
             ON CONFLICT(key) DO UPDATE SET doc_number = excluded.doc_number, title = excluded.title,
                 norm_title = excluded.norm_title, issuer = excluded.issuer, doc_type = excluded.doc_type,
                 date = excluded.date, stub = 0
             RETURNING id",
        )?
        .query_row(
            params![
                key,
                // A 令's order number is the number it is known by (发文字号
                // in registers: 山东省人民政府令第345号).
                doc.doc_number.as_ref().or(doc.order.as_ref()),
                doc.title,
                normalize_title(&doc.title),
                doc.issuers_full.join("、"),
                doc.doc_type,
                doc.date.map(|d| d.to_string())
            ],
            |r| r.get(0),
        )?;
        let body = serde_json::to_string(doc).expect("a Document always serialises");
        tx.prepare_cached("INSERT INTO version(doc_id, source_id, line_start, line_end, parent_key, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![doc_id, source_id, doc.line_start as i64, doc.line_end as i64, parent_key, body])?;
        let version_id = tx.last_insert_rowid();
        ids.insert(key, (doc_id, version_id));
        let parent = parent_key.as_deref().and_then(|pk| keys.iter().position(|k| k == pk)).map(|i| &parsed.documents[i]);
        crate::works::add(tx, path, version_id, doc_id, doc, parent, order, law_dbs, &mut report.warnings)?;

        let mut ins_link = tx.prepare_cached(
            "INSERT INTO link(version_id, from_doc, relation, text, title, norm_title, doc_number, order_no, short_name,
                              line, from_date, until_date, class, indefinite)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for c in &st.citations {
            ins_link.execute(params![
                version_id,
                doc_id,
                c.relation.as_str(),
                c.text,
                c.title,
                c.title.as_deref().map(normalize_title),
                c.doc_number,
                c.order,
                c.short_name,
                c.line as i64,
                c.from.map(|d| d.to_string()),
                c.until.map(|d| d.to_string()),
                c.class,
                c.indefinite
            ])?;
        }
        let mut ins_clause = tx.prepare_cached("INSERT INTO clause(version_id, doc_id, kind, body, text, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for c in &st.clauses {
            // The `kind` column repeats the JSON's serde tag, for reading the table by hand.
            let body = serde_json::to_value(c.clause).expect("a Clause always serialises");
            let kind = body["kind"].as_str().unwrap_or_default().to_string();
            ins_clause.execute(params![version_id, doc_id, kind, body.to_string(), c.text, c.line as i64])?;
        }
        let mut ins_fact = tx.prepare_cached("INSERT INTO fact(version_id, doc_id, kind, line, page, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for (kind, line, body) in facts {
            ins_fact.execute(params![version_id, doc_id, kind.as_str(), *line as i64, doc.page_of(*line), body])?;
        }
        report.facts += facts.len();
        report.documents += 1;
        report.links += st.citations.len();
        report.clauses += st.clauses.len();
    }

    // A republished text: its parent decision republishes it.
    for (doc, parent_key) in parsed.documents.iter().zip(&parents) {
        let Some(&(parent_id, parent_version)) = parent_key.as_deref().and_then(|pk| ids.get(pk)) else { continue };
        tx.prepare_cached(
            "INSERT INTO link(version_id, from_doc, relation, text, title, norm_title, doc_number, line)
             VALUES (?1, ?2, 'republishes', ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            parent_version,
            parent_id,
            doc.history_note.clone().unwrap_or_else(|| doc.title.clone()),
            doc.title,
            normalize_title(&doc.title),
            doc.doc_number,
            doc.history_note_line.unwrap_or(doc.line_start) as i64
        ])?;
        report.links += 1;
    }
    Ok(parsed.documents.len())
}

/// Which of the documents of the same file `doc` is republished inside
/// (its `embedded_in`), found by 文号, else by title.
pub(crate) fn parent_index(k: &Knowledge, doc: &Document, docs: &[Document]) -> Option<usize> {
    let embedded_in = doc.embedded_in.as_deref()?;
    let number = docnum::find_all(k, embedded_in).into_iter().next().map(|f| f.number.to_string());
    let norm = normalize_title(embedded_in);
    docs.iter().position(|d| match &number {
        Some(n) => d.doc_number.as_deref() == Some(n.as_str()),
        None => !d.title.is_empty() && norm.contains(&normalize_title(&d.title)),
    })
}
