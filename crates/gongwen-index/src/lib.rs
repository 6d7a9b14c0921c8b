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

pub use meta::{slug, DocHead, DocMeta, MetaTable, StatusSpan};
pub use query::{QueryError, QueryTerm, UserQuery, MAX_QUERY_CHARS};
pub use search::{Facet, Fragment, Hit, NodeHit, SearchRequest, SearchResults, Sort};
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
            IndexError::Index(e) => write!(f, "search index: {e}"),
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
}

impl SearchIndex {
    /// The index directory of the store whose database file is `db_path`.
    pub fn dir_for(db_path: &Path) -> PathBuf {
        db_path.parent().unwrap_or(Path::new(".")).join("index")
    }

    /// Opens the index in `dir`, creating an empty one if there is none
    /// (or if what is there was made with another schema).
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).map_err(|e| IndexError::Index(format!("{}: {e}", dir.display())))?;
        let (schema, fields) = schema();
        let meta = MetaTable::load(dir).filter(|m| m.format == MetaTable::FORMAT);
        let (index, meta) = match (Index::open_in_dir(dir), meta) {
            (Ok(index), Some(meta)) if index.schema() == schema => (index, meta),
            _ => {
                // Absent, unreadable or built by another version: the index is derived data, so start again.
                clear_dir(dir)?;
                let meta = MetaTable { format: MetaTable::FORMAT, ..Default::default() };
                (Index::create_in_dir(dir, schema).map_err(index_err(dir))?, meta)
            }
        };
        index.tokenizers().register(tokenizer::NAME, tokenizer::CnTokenizer::index());
        index.tokenizers().register(tokenizer::CHARS, tokenizer::CharTokenizer);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(index_err(dir))?;
        Ok(SearchIndex { dir: dir.to_path_buf(), index, reader, fields, meta: RwLock::new(Arc::new(meta)) })
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
