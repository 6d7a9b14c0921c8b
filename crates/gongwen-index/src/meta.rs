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
    /// The work and version it is a text of; absent for stubs.
    #[serde(default)]
    pub work: Option<WorkOf>,
    /// 效力级别 (data/levels.toml): 法律, 行政法规 … 规范性文件, 其他.
    #[serde(default)]
    pub level: String,
    /// Its work is national law (国家法律法规), not a local text.
    #[serde(default)]
    pub national: bool,
}

/// Where a document sits in its work: search shows one hit per work and part.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkOf {
    /// The store's work id.
    pub id: i64,
    /// `/eli/cn/law/中华人民共和国产品质量法`.
    pub eli: String,
    pub part: Option<String>,
    /// The date that names the version.
    pub version: Option<Date>,
    /// The day the version took effect.
    pub from: Option<Date>,
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
    /// (work, part) → the documents that are its versions, oldest first; built on first use.
    #[serde(skip)]
    versions: std::sync::OnceLock<HashMap<(i64, Option<String>), Vec<i64>>>,
}

impl MetaTable {
    pub const FILE: &'static str = "docs.json";
    /// Bumped whenever tokenization or fields change meaning, so an index
    /// built by an older gongwen is rebuilt rather than half-matched.
    pub const FORMAT: u32 = 6;

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

    pub fn new(generation: String, docs: HashMap<i64, DocMeta>) -> MetaTable {
        MetaTable { format: Self::FORMAT, generation, docs, versions: Default::default() }
    }

    /// The documents that are versions of `m`'s work (the same part), oldest
    /// first; `m` alone when it has no work.
    pub fn versions_of<'a>(&'a self, m: &'a DocMeta) -> Vec<&'a DocMeta> {
        let Some(w) = &m.work else { return vec![m] };
        let groups = self.versions.get_or_init(|| {
            let mut g: HashMap<(i64, Option<String>), Vec<i64>> = HashMap::new();
            for d in self.docs.values() {
                if let Some(w) = &d.work {
                    g.entry((w.id, w.part.clone())).or_default().push(d.id);
                }
            }
            for ids in g.values_mut() {
                let key = |id: &i64| self.docs.get(id).and_then(|d| d.work.as_ref()).map(|w| (w.from.or(w.version), w.version));
                ids.sort_by(|a, b| key(a).cmp(&key(b)).then(a.cmp(b)));
            }
            g
        });
        match groups.get(&(w.id, w.part.clone())) {
            Some(ids) => ids.iter().filter_map(|id| self.docs.get(id)).collect(),
            None => vec![m],
        }
    }

    /// Of the versions of `m`'s work, the one in force on `on`: the latest
    /// that took effect by then, else the first.
    pub fn current_on<'a>(&'a self, m: &'a DocMeta, on: Date) -> &'a DocMeta {
        let versions = self.versions_of(m);
        let from = |d: &DocMeta| d.work.as_ref().and_then(|w| w.from.or(w.version));
        versions.iter().rev().find(|d| from(d).is_none_or(|f| f <= on)).or(versions.first()).copied().unwrap_or(m)
    }

    pub fn by_slug(&self, slug: &str) -> Option<&DocMeta> {
        self.docs.values().find(|d| d.slug == slug)
    }
}
