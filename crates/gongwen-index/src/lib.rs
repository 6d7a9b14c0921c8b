//! Full-text search over the register.
//!
//! The index lives in `index/` beside the store's database and is derived
//! data: [`SearchIndex::sync`] brings it up to date with the store (adding,
//! replacing and deleting documents whose text changed) and can be rerun at
//! any time. Words go to tantivy (BM25, positions for phrases); what search
//! filters and counts on — issuer, 文种, year, section, the status timeline —
//! sits in a [`meta::MetaTable`] in memory, so "in force on a date" costs a
//! lookup per match instead of a store query.

mod meta;
mod query;
mod search;
mod sync;
pub mod tokenizer;

pub use meta::{slug, DocHead, DocMeta, MetaTable, StatusSpan, WorkOf};
pub use query::{QueryError, QueryTerm, UserQuery, MAX_QUERY_CHARS};
pub use search::{Facet, Fragment, Hit, HitWork, NodeHit, Scope, SearchRequest, SearchResults, Sort, VersionHit};
pub use sync::SyncReport;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING};
use tantivy::{Index, IndexReader, ReloadPolicy};

#[derive(Debug)]
pub enum IndexError {
    /// The user's query cannot be run; the message says why (an HTTP 400).
    Query(QueryError),
    Store(gongwen_store::StoreError),
    /// The index files could not be read or written.
    Index(String),
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexError::Query(e) => write!(f, "{e}"),
            IndexError::Store(e) => write!(f, "{e}"),
            IndexError::Index(e) => write!(f, "检索索引：{e}"),
        }
    }
}

impl std::error::Error for IndexError {}

impl From<gongwen_store::StoreError> for IndexError {
    fn from(e: gongwen_store::StoreError) -> Self {
        IndexError::Store(e)
    }
}

impl From<QueryError> for IndexError {
    fn from(e: QueryError) -> Self {
        IndexError::Query(e)
    }
}

pub type Result<T> = std::result::Result<T, IndexError>;

fn index_err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |e| IndexError::Index(format!("{}: {e}", dir.display()))
}

/// The fields of a tantivy document.
#[derive(Clone, Copy)]
struct Fields {
    /// The store's document id (fast field, read by the collector).
    ord: Field,
    /// The store key, for deleting a document when it changes.
    key: Field,
    /// The canonical 文号, untokenized: an exact lookup.
    doc_number: Field,
    title: Field,
    /// The normalised title, untokenized: typing a whole title finds that document first.
    title_exact: Field,
    body: Field,
    /// Title and body as single characters: the fallback when words find nothing.
    chars: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(tokenizer::NAME).set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        ord: b.add_u64_field("ord", FAST | INDEXED | STORED),
        key: b.add_text_field("key", STRING | STORED),
        doc_number: b.add_text_field("doc_number", STRING),
        title: b.add_text_field("title", words.clone()),
        title_exact: b.add_text_field("title_exact", STRING),
        body: b.add_text_field("body", words),
        chars: b.add_text_field(
            "chars",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default().set_tokenizer(tokenizer::CHARS).set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
    };
    (b.build(), fields)
}

/// The search index of one store.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    meta: RwLock<Arc<MetaTable>>,
    /// The directory cannot be written (a read-only store): the index lives
    /// in memory, copied from the directory, and syncs are never saved.
    in_memory: bool,
    /// Why what was on disk was discarded, for a one-line note.
    note: Option<String>,
}

/// Can files be created in `dir` (creating it if needed)? A probe, because
/// permission bits do not tell (root, read-only mounts).
fn writable(dir: &Path) -> bool {
    if std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    let probe = dir.join(".gongwen-probe");
    match std::fs::File::create(&probe) {
        Ok(_) => std::fs::remove_file(&probe).is_ok(),
        Err(_) => false,
    }
}

fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_else(|| "panic".into())
}

/// Opens and checks an existing index: same schema, every file's checksum
/// intact, readable. `Ok(None)`: nothing there, or made with another schema.
/// tantivy panics on some damaged files; the panic is caught here, at the boundary.
/// Registers gongwen's tokenizers on `index` and makes its reader (reloaded
/// by hand after each commit): what every opened or created index needs.
fn ready(index: &Index) -> tantivy::Result<IndexReader> {
    index.tokenizers().register(tokenizer::NAME, tokenizer::CnTokenizer::index());
    index.tokenizers().register(tokenizer::CHARS, tokenizer::CharTokenizer);
    index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()
}

fn open_checked(open: impl FnOnce() -> tantivy::Result<Index>, schema: &Schema) -> std::result::Result<Option<(Index, IndexReader)>, String> {
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let index = match open() {
            Ok(index) => index,
            Err(tantivy::TantivyError::OpenDirectoryError(_)) => return Ok(None),
            Err(tantivy::TantivyError::OpenReadError(tantivy::directory::error::OpenReadError::FileDoesNotExist(p))) if p.ends_with("meta.json") => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        if &index.schema() != schema {
            return Ok(None);
        }
        let damaged = index.validate_checksum().map_err(|e| e.to_string())?;
        if !damaged.is_empty() {
            let names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
            return Err(format!("校验和不符：{}", names.join("、")));
        }
        let reader = ready(&index).map_err(|e| e.to_string())?;
        // Open every segment's postings and fast fields now, not on the first search.
        for segment in reader.searcher().segment_readers() {
            segment.fast_fields().u64("ord").map_err(|e| e.to_string())?;
            for field in ["title", "body", "chars", "key"] {
                let f = index.schema().get_field(field).map_err(|e| e.to_string())?;
                segment.inverted_index(f).map_err(|e| e.to_string())?;
            }
        }
        Ok(Some((index, reader)))
    }));
    checked.unwrap_or_else(|p| Err(panic_text(p)))
}

impl SearchIndex {
    /// The index directory of the store whose database file is `db_path`.
    pub fn dir_for(db_path: &Path) -> PathBuf {
        db_path.parent().unwrap_or(Path::new(".")).join("index")
    }

    /// Opens the index in `dir`, creating an empty one if there is none (or
    /// if what is there was made with another schema). A damaged index
    /// (checksums, truncated files, unreadable segments) is discarded and
    /// started again, with a [`note`](Self::note); the next sync rebuilds it
    /// from the store. A directory that cannot be written is read into memory.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        if !writable(dir) {
            return SearchIndex::open_in_memory(dir);
        }
        let (schema, fields) = schema();
        let meta = MetaTable::load(dir).filter(|m| m.format == MetaTable::FORMAT);
        let mut note = None;
        let opened = match open_checked(|| Index::open_in_dir(dir), &schema) {
            Ok(Some(found)) => meta.map(|m| (found, m)),
            Ok(None) => None,
            Err(why) => {
                note = Some(format!("检索索引 {}：已损坏（{why}）；已从资料库重建", dir.display()));
                None
            }
        };
        let ((index, reader), meta) = match opened {
            Some(found) => found,
            None => {
                // Absent, damaged or built by another version: the index is derived data, so start again.
                clear_dir(dir)?;
                let meta = MetaTable::new(String::new(), Default::default());
                let index = Index::create_in_dir(dir, schema).map_err(index_err(dir))?;
                let reader = ready(&index).map_err(index_err(dir))?;
                ((index, reader), meta)
            }
        };
        Ok(SearchIndex { dir: dir.to_path_buf(), index, reader, fields, meta: RwLock::new(Arc::new(meta)), in_memory: false, note })
    }

    /// The index of a store that cannot be written: the files in `dir` are
    /// copied into memory (or an empty index is made there), so searching
    /// takes no lock file and a sync changes nothing on disk.
    fn open_in_memory(dir: &Path) -> Result<SearchIndex> {
        let (schema, fields) = schema();
        let ram = tantivy::directory::RamDirectory::create();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name();
                if !path.is_file() || name.to_string_lossy().ends_with(".lock") {
                    continue;
                }
                let bytes = std::fs::read(&path).map_err(|e| IndexError::Index(format!("{}: {e}", path.display())))?;
                use tantivy::Directory;
                ram.atomic_write(Path::new(&name), &bytes).map_err(|e| IndexError::Index(format!("{}: {e}", path.display())))?;
            }
        }
        let meta = MetaTable::load(dir).filter(|m| m.format == MetaTable::FORMAT);
        let mut note = None;
        let opened = match open_checked(|| Index::open(ram.clone()), &schema) {
            Ok(Some(found)) => meta.map(|m| (found, m)),
            Ok(None) => None,
            Err(why) => {
                note = Some(format!("检索索引 {}：已损坏（{why}）；已在内存中从资料库重建", dir.display()));
                None
            }
        };
        let ((index, reader), meta) = match opened {
            Some(found) => found,
            None => {
                let index = Index::create_in_ram(schema);
                let reader = ready(&index).map_err(index_err(dir))?;
                ((index, reader), MetaTable::new(String::new(), Default::default()))
            }
        };
        Ok(SearchIndex { dir: dir.to_path_buf(), index, reader, fields, meta: RwLock::new(Arc::new(meta)), in_memory: true, note })
    }

    /// True when the index is held in memory because its directory cannot be written.
    pub fn in_memory(&self) -> bool {
        self.in_memory
    }

    /// Why the index found on disk was discarded (damaged), if it was.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The metadata table as of the last sync.
    pub fn meta(&self) -> Arc<MetaTable> {
        self.meta.read().expect("meta lock").clone()
    }

    /// True when the store changed since the last sync.
    pub fn is_stale(&self, store: &gongwen_store::Store) -> Result<bool> {
        Ok(self.meta().generation != store.generation()?)
    }

    /// Bytes on disk, for reports.
    pub fn size_bytes(&self) -> u64 {
        std::fs::read_dir(&self.dir)
            .map(|rd| rd.filter_map(|e| e.ok()?.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum())
            .unwrap_or(0)
    }
}

fn clear_dir(dir: &Path) -> Result<()> {
    let io = |e: std::io::Error| IndexError::Index(format!("{}: {e}", dir.display()));
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_file() {
            std::fs::remove_file(&path).map_err(io)?;
        }
    }
    Ok(())
}
