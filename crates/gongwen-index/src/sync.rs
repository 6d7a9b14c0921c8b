//! Bringing the index up to date with the store.

use gongwen_parse::knowledge::Knowledge;
use crate::meta::{DocHead, DocMeta, MetaTable, StatusSpan, WorkOf};
use crate::{index_err, IndexError, Result, SearchIndex};
use gongwen_model::Date;
use gongwen_store::query::IndexRow;
use gongwen_store::Store;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::{doc, Term};

/// The index writer's memory budget, split by tantivy among its indexing
/// threads (two on a 2-core machine, 32 MB each); a thread whose postings
/// reach its share writes them out as a segment. Was 96 MB: on a 2-core
/// machine 64 MB keeps the index the same size with one more segment.
const WRITER_BUDGET: usize = 64 << 20;

/// Text (bytes, counted once per field it goes into) handed to the index
/// writer and not indexed yet. tantivy queues up to
/// 10,000 documents ahead of its indexing threads, and reading texts from
/// the store is faster than tokenizing them: without this bound the whole
/// corpus's text sat in that queue (about 90 MB for 60 MB of text).
const QUEUE_BYTES: usize = 8 << 20;

/// How long `InFlight::admit` waits without any queued document being
/// indexed before it hands the next one over anyway: a stopped writer
/// (a disk error) then reports its error on `add_document` instead of the
/// sync waiting forever.
const STALL: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SyncReport {
    pub documents: usize,
    /// Documents whose text was (re)indexed.
    pub indexed: usize,
    pub deleted: usize,
    pub millis: u128,
}

/// What identifies a document's indexed content: its version and its head.
fn tag(row: &IndexRow) -> String {
    let d = &row.doc;
    format!("{:?}|{}|{:?}|{}|{:?}|{:?}|{}", row.version, d.key, d.doc_number, d.title, d.doc_type, d.date, d.issuer)
}

fn year(k: &Knowledge, row: &IndexRow) -> Option<u16> {
    let from_date = row.doc.date.as_deref().and_then(|d| d.get(..4)?.parse().ok());
    from_date.or_else(|| gongwen_parse::docnum::parse_exact(k, row.doc.doc_number.as_deref()?).map(|n| n.year))
}

impl SearchIndex {
    /// Opens the index of `store` and syncs it if the store changed since the
    /// last sync; the report says what the sync did, if it ran.
    pub fn open_synced(store: &Store, progress: impl FnMut(usize, usize)) -> Result<(SearchIndex, Option<SyncReport>)> {
        let index = SearchIndex::open(&SearchIndex::dir_for(store.path()))?;
        let report = if index.is_stale(store)? { Some(index.sync(store, progress)?) } else { None };
        Ok((index, report))
    }

    /// Indexes what changed in `store` since the last sync, deletes what is
    /// gone, and recomputes every status timeline (a new document can change
    /// the status of an old one). `progress` gets (done, total).
    pub fn sync(&self, store: &Store, mut progress: impl FnMut(usize, usize)) -> Result<SyncReport> {
        let started = std::time::Instant::now();
        let generation = store.generation()?;
        let rows = store.index_rows()?;
        let works: HashMap<i64, gongwen_store::works::DocWork> = store.doc_works()?.into_iter().map(|w| (w.doc_id, w)).collect();
        let k = store.knowledge();
        let levels = &k.levels;
        let old = self.meta();
        let mut writer = self.index.writer::<Queued>(WRITER_BUDGET).map_err(index_err(&self.dir))?;
        let in_flight = Arc::new(InFlight::default());
        let f = self.fields;
        let mut report = SyncReport { documents: rows.len(), ..Default::default() };
        let mut docs = HashMap::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let tag = tag(row);
            let prev = old.docs.get(&row.doc.id).filter(|m| m.tag == tag && m.key == row.doc.key);
            let section = match prev {
                Some(m) => m.section.clone(),
                None => {
                    if let Some(m) = old.docs.get(&row.doc.id) {
                        writer.delete_term(Term::from_field_text(f.key, &m.key));
                    }
                    writer.delete_term(Term::from_field_text(f.key, &row.doc.key));
                    let document = match (row.doc.stub, row.version) {
                        (false, Some(v)) => store.version_text(v)?,
                        _ => None,
                    };
                    let mut d = doc!(
                        f.ord => row.doc.id as u64,
                        f.key => row.doc.key.as_str(),
                        f.title => row.doc.title.as_str(),
                        f.title_exact => gongwen_link::normalize_title(&row.doc.title),
                    );
                    if let Some(n) = &row.doc.doc_number {
                        d.add_text(f.doc_number, n);
                    }
                    d.add_text(f.chars, &row.doc.title);
                    if let Some((text, _)) = &document {
                        d.add_text(f.body, text);
                        d.add_text(f.chars, text);
                    }
                    // The body goes into two fields, the title into three.
                    let bytes = document.as_ref().map_or(0, |(text, _)| 2 * text.len()) + 3 * row.doc.title.len() + row.doc.key.len();
                    let ticket = in_flight.admit(bytes);
                    writer.add_document(Queued { doc: d, _ticket: ticket }).map_err(index_err(&self.dir))?;
                    report.indexed += 1;
                    document.and_then(|d| d.1)
                }
            };
            let timeline = store.own_status(&row.doc, Date::new(2000, 1, 1).expect("valid date"))?.timeline;
            let spans = timeline
                .segments
                .iter()
                .map(|s| StatusSpan { status: s.status, from: s.from, until: s.until })
                .collect();
            let work = works.get(&row.doc.id);
            let agency = row.doc.doc_number.as_deref().and_then(|n| gongwen_parse::docnum::parse_exact(k, n)).map(|n| n.agency);
            let level = levels
                .level_of(work.and_then(|w| w.level.as_deref()), work.map(|w| w.work.kind.as_str()), agency.as_deref(), section.as_deref())
                .to_string();
            let national = work.is_some_and(|w| levels.is_national(&w.work.jurisdiction, w.work.kind.as_str(), !row.doc.issuer.is_empty()));
            let issuers = row.doc.issuer.split('、').filter(|s| !s.is_empty()).map(str::to_string).collect();
            docs.insert(
                row.doc.id,
                DocMeta {
                    id: row.doc.id,
                    head: DocHead {
                        key: row.doc.key.clone(),
                        slug: crate::meta::slug(&row.doc.key, row.doc.doc_number.as_deref(), row.doc.date.as_deref()),
                        doc_number: row.doc.doc_number.clone(),
                        title: row.doc.title.clone(),
                        issuers,
                        doc_type: row.doc.doc_type.clone(),
                        date: row.doc.date.clone(),
                        section,
                        stub: row.doc.stub,
                    },
                    year: year(k, row),
                    tag,
                    spans,
                    work: work.map(|w| WorkOf { id: w.work.id, eli: w.work.eli.clone(), part: w.part.clone(), version: w.version, from: w.from }),
                    level,
                    national,
                },
            );
            progress(i + 1, rows.len());
        }
        for (id, m) in &old.docs {
            if !docs.contains_key(id) {
                writer.delete_term(Term::from_field_text(f.key, &m.key));
                report.deleted += 1;
            }
        }
        writer.commit().map_err(index_err(&self.dir))?;
        // Merging segments in the background would outlive this call; wait for it.
        writer.wait_merging_threads().map_err(index_err(&self.dir))?;
        let table = MetaTable::new(generation, docs);
        if !self.in_memory {
            table.save(&self.dir).map_err(|e| IndexError::Index(format!("{}: {e}", self.dir.display())))?;
        }
        self.reader.reload().map_err(index_err(&self.dir))?;
        *self.meta.write().expect("meta lock") = Arc::new(table);
        report.millis = started.elapsed().as_millis();
        Ok(report)
    }
}

/// Bytes of text queued for the index writer (see [`QUEUE_BYTES`]).
#[derive(Default)]
struct InFlight {
    bytes: std::sync::Mutex<usize>,
    indexed: std::sync::Condvar,
}

impl InFlight {
    /// Waits until `n` more bytes fit under [`QUEUE_BYTES`] (a document
    /// larger than the bound goes alone), then counts them in until the
    /// returned ticket is dropped, which tantivy does once it has indexed
    /// the document.
    fn admit(self: &Arc<Self>, n: usize) -> Ticket {
        let mut queued = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        while *queued > 0 && *queued + n > QUEUE_BYTES {
            let (now, wait) = self.indexed.wait_timeout(queued, STALL).unwrap_or_else(|e| e.into_inner());
            queued = now;
            if wait.timed_out() {
                break;
            }
        }
        *queued += n;
        Ticket { n, in_flight: self.clone() }
    }
}

/// `n` bytes of one queued document, counted out when dropped.
struct Ticket {
    n: usize,
    in_flight: Arc<InFlight>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        *self.in_flight.bytes.lock().unwrap_or_else(|e| e.into_inner()) -= self.n;
        self.in_flight.indexed.notify_one();
    }
}

/// A document on its way through the index writer, with its [`Ticket`]:
/// indexed exactly as the `TantivyDocument` inside.
struct Queued {
    doc: tantivy::TantivyDocument,
    _ticket: Ticket,
}

impl tantivy::Document for Queued {
    type Value<'a> = <tantivy::TantivyDocument as tantivy::Document>::Value<'a>;
    type FieldsValuesIter<'a> = <tantivy::TantivyDocument as tantivy::Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }

    fn into_tantivy_document(self) -> tantivy::TantivyDocument {
        self.doc
    }
}
