//! gongwen-link: what a parsed [`Document`] says about other documents and
//! about itself, and the timeline those statements add up to.
//!
//! Stages, each a plain function:
//! [`cite::extract`] (citations with their relation) ·
//! [`catalog::rows`] (继续有效 / 废止 catalog tables) ·
//! [`clause::extract`] (施行, 有效期, 试行 …) ·
//! [`timeline::build`] (statements from every source → status on any date).

pub mod catalog;
pub mod cite;
pub mod clause;
pub mod timeline;

use gongwen_parse::knowledge::Knowledge;
use gongwen_model::{Citation, Document, LifecycleClause};

/// Everything one document states: its references and its own lifecycle clauses.
#[derive(Debug, Default)]
pub struct Statements {
    pub citations: Vec<Citation>,
    pub clauses: Vec<LifecycleClause>,
}

pub fn statements(k: &Knowledge, doc: &Document) -> Statements {
    let mut citations = cite::extract(k, doc);
    citations.extend(catalog::rows(k, doc));
    Statements { citations, clauses: clause::extract(k, doc) }
}

/// Title form used to match a cited title against stored titles: content
/// characters only, with the bracket and quote variants of PDF text folded away.
pub fn normalize_title(title: &str) -> String {
    gongwen_parse::text::content_chars(title)
}
