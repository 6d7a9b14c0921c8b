//! gongwen-parse: text in, [`Document`]s out.
//!
//! Pipeline (each stage a plain function from data to data):
//! `decode` → `text::lines` (normalise, keep line numbers) → `noise` →
//! `toc::parse` → `segment::find` → `meta::build` (+ `outline`) →
//! TOC reconciliation → [`mark_duplicates`] across everything parsed in one run.
//! Law Markdown and portal HTML enter the same pipeline through `law` and `html`.

pub mod date;
pub mod decode;
pub mod docnum;
mod gazette;
pub mod html;
pub mod knowledge;
pub mod law;
pub mod meta;
pub mod noise;
pub mod outline;
pub mod privacy;
pub mod roster;
pub mod segment;
pub mod table;
pub mod text;
pub mod toc;

pub use decode::InputError;
use gongwen_model::{Document, SourceKind, SourceRef, TocEntry, Warning};
use std::collections::HashMap;
use std::path::Path;

/// Everything parsed from one file.
#[derive(Debug)]
pub struct ParsedFile {
    pub documents: Vec<Document>,
    pub toc: Vec<TocEntry>,
    /// Problems that belong to the file rather than to one document
    /// (e.g. a TOC entry that matches no document).
    pub warnings: Vec<Warning>,
    pub kind: SourceKind,
}

/// Parses the bytes of one file; `source` names it in the output.
pub fn parse_bytes(source: &str, bytes: &[u8]) -> Result<ParsedFile, InputError> {
    let decoded = decode::decode(bytes)?;
    Ok(parse_text(source, &decoded.text))
}

/// Parses text, choosing the pipeline by the file's name and content.
pub fn parse_text(source: &str, input: &str) -> ParsedFile {
    let ext = Path::new(source).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if law::looks_like_law_markdown(input) {
        return law::parse(source, input);
    }
    if matches!(ext.as_str(), "html" | "htm" | "shtml") || html::looks_like_html(input) {
        return gazette::parse(source, &html::extract_text(input), Some(SourceKind::Html));
    }
    gazette::parse(source, input, None)
}

/// The same document parsed from two sources (a gazette and a standalone copy,
/// each with its own line breaks) is recognised by its 文号 and its content
/// fingerprint; later copies point at the first.
pub fn mark_duplicates(docs: &mut [Document]) {
    let mut seen: HashMap<(Option<String>, String), SourceRef> = HashMap::new();
    for d in docs.iter_mut() {
        if d.text.chars().count() < 20 {
            continue;
        }
        let key = (d.doc_number.clone(), d.fingerprint.clone());
        match seen.get(&key) {
            Some(first) if first.source != d.source || first.line_start != d.line_start => {
                d.duplicate_of = Some(first.clone());
            }
            Some(_) => {}
            None => {
                seen.insert(key, SourceRef { source: d.source.clone(), line_start: d.line_start, line_end: d.line_end });
            }
        }
    }
}
