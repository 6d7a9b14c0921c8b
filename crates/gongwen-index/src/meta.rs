//! What search needs of each document besides its words: the fields it
//! filters and counts facets on, and the status timeline, so "in force on a
//! date" is answered in memory for every match without asking the store.

use gongwen_model::{Date, Status};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One stretch of a document's validity timeline. In `docs.json` the status
/// is its `as_str` spelling; a table holding another word does not load
/// (and the index is rebuilt), it is never read as some default.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusSpan {
    pub status: Status,
    pub from: Option<Date>,
    pub until: Option<Date>,
}

/// A document as a search hit or a register row shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocHead {
    pub key: String,
    /// The document's URL segment: its canonical 文号, else date and a hash
    /// of its key, so the URL outlives re-ingests.
    pub slug: String,
    pub doc_number: Option<String>,
    pub title: String,
    pub issuers: Vec<String>,
    pub doc_type: Option<String>,
    pub date: Option<String>,
    /// The gazette section (规范性文件, 政府文件 …) it was printed in.
    pub section: Option<String>,
    pub stub: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocMeta {
    /// The store's document id; also the index's `ord` fast field.
    pub id: i64,
    #[serde(flatten)]
    pub head: DocHead,
    pub year: Option<u16>,
    /// Changes whenever the indexed text or head of the document changes.
    pub tag: String,
    pub spans: Vec<StatusSpan>,
}

/// The URL segment of the document with this store key and 文号.
pub fn slug(key: &str, doc_number: Option<&str>, date: Option<&str>) -> String {
    match doc_number {
        Some(n) => n.to_string(),
        None => format!("{}-{:012x}", date.unwrap_or("undated"), xxhash_rust::xxh3::xxh3_64(key.as_bytes()) & 0xffff_ffff_ffff),
    }
}

/// The head's fields read as the metadata's own (`m.title`), as they are in JSON.
impl std::ops::Deref for DocMeta {
    type Target = DocHead;

    fn deref(&self) -> &DocHead {
        &self.head
    }
}

impl DocMeta {
    /// The store's handle on this document.
    pub fn doc_ref(&self) -> gongwen_store::query::DocRef {
        gongwen_store::query::DocRef {
            id: self.id,
            key: self.key.clone(),
            doc_number: self.doc_number.clone(),
            title: self.title.clone(),
            issuer: self.issuers.join("、"),
            doc_type: self.doc_type.clone(),
            date: self.date.clone(),
            stub: self.stub,
        }
    }

    pub fn status_on(&self, on: Date) -> Status {
        self.spans
            .iter()
            .find(|s| s.from.is_none_or(|f| f <= on) && s.until.is_none_or(|u| on <= u))
            .or(self.spans.last())
            .map_or(Status::Unknown, |s| s.status)
    }
}

/// The metadata of every indexed document, saved beside the index.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct MetaTable {
    /// [`MetaTable::FORMAT`] of the code that built the index.
    #[serde(default)]
    pub format: u32,
    /// [`gongwen_store::Store::generation`] when the index was last synced.
    pub generation: String,
    pub docs: HashMap<i64, DocMeta>,
}

impl MetaTable {
    pub const FILE: &'static str = "docs.json";
    /// Bumped whenever tokenization or fields change meaning, so an index
    /// built by an older gongwen is rebuilt rather than half-matched.
    pub const FORMAT: u32 = 4;

    pub fn load(dir: &std::path::Path) -> Option<MetaTable> {
        let bytes = std::fs::read(dir.join(Self::FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Written to a temporary file and renamed, so a reader never sees half a table.
    pub fn save(&self, dir: &std::path::Path) -> std::io::Result<()> {
        let tmp = dir.join(format!("{}.tmp", Self::FILE));
        std::fs::write(&tmp, serde_json::to_vec(self)?)?;
        std::fs::rename(tmp, dir.join(Self::FILE))
    }

    pub fn by_slug(&self, slug: &str) -> Option<&DocMeta> {
        self.docs.values().find(|d| d.slug == slug)
    }
}
