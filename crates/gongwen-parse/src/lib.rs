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
pub mod fields;
mod gazette;
pub mod html;
pub mod knowledge;
pub mod law;
pub mod layout;
pub mod lex;
pub mod meta;
pub mod noise;
pub mod outline;
pub mod privacy;
pub mod reflow;
pub mod roster;
pub mod segment;
pub mod table;
pub mod text;
pub mod toc;

pub use decode::InputError;
pub use privacy::Privacy;
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

/// Parses the bytes of one file; `source` names it in the output. Personal
/// numbers are masked where the text enters (see [`privacy`]).
pub fn parse_bytes(source: &str, bytes: &[u8]) -> Result<ParsedFile, InputError> {
    parse_bytes_with(source, bytes, Privacy::Masked)
}

/// [`parse_bytes`] with an explicit privacy choice (only a local command the
/// user asked to unmask passes [`Privacy::Unmasked`]).
pub fn parse_bytes_with(source: &str, bytes: &[u8], privacy: Privacy) -> Result<ParsedFile, InputError> {
    let decoded = decode::decode(bytes)?;
    // `decode` has already normalised line breaks and invisibles.
    let mut parsed = parse_normalized(source, &decoded.text, privacy);
    let repaired = decoded.warnings.into_iter().map(|w| Warning { code: w.code.to_string(), message: w.message, source: source.to_string(), line: w.line });
    parsed.warnings.splice(0..0, repaired);
    Ok(parsed)
}

/// Parses text, choosing the pipeline by the file's name and content.
pub fn parse_text(source: &str, input: &str) -> ParsedFile {
    parse_text_with(source, input, Privacy::Masked)
}

/// How a text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    LawMarkdown,
    Html,
    Text,
}

fn form_of(source: &str, input: &str) -> Form {
    let ext = Path::new(source).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if law::looks_like_law_markdown(input) {
        Form::LawMarkdown
    } else if matches!(ext.as_str(), "html" | "htm" | "shtml") || html::looks_like_html(input) {
        Form::Html
    } else {
        Form::Text
    }
}

/// The text every later stage reads, before masking: the decoded input, or a
/// portal page's article text.
fn entering(form: Form, input: &str) -> std::borrow::Cow<'_, str> {
    match form {
        Form::Html => std::borrow::Cow::Owned(html::extract_text(input)),
        Form::LawMarkdown | Form::Text => std::borrow::Cow::Borrowed(input),
    }
}

/// The unmasked text of a file as it enters the pipeline, for an
/// [`privacy::Unmasker`] that restores numbers in local output.
pub fn entering_text(source: &str, bytes: &[u8]) -> Result<String, InputError> {
    let decoded = decode::decode(bytes)?;
    Ok(entering(form_of(source, &decoded.text), &decoded.text).into_owned())
}

/// [`parse_text`] with an explicit privacy choice. This is the one place where
/// text enters the pipeline, and so the one place where it is masked.
pub fn parse_text_with(source: &str, input: &str, privacy: Privacy) -> ParsedFile {
    // Line breaks and invisibles as `decode` leaves them, for text given directly.
    parse_normalized(source, &text::normalize_input(input), privacy)
}

/// [`parse_text_with`] of text already normalised (by `decode`).
fn parse_normalized(source: &str, input: &str, privacy: Privacy) -> ParsedFile {
    let form = form_of(source, input);
    let text = entering(form, input);
    let text = match privacy {
        Privacy::Masked => std::borrow::Cow::Owned(privacy::mask(&text)),
        Privacy::Unmasked => text,
    };
    match form {
        Form::LawMarkdown => law::parse(source, &text),
        Form::Html => gazette::parse(source, &text, Some(SourceKind::Html)),
        Form::Text => gazette::parse(source, &text, None),
    }
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
