//! gongwen-parse: text in, [`Document`]s out.
//!
//! Pipeline (each stage a plain function from data to data):
//! `decode` → `text::lines` (normalise, keep line numbers) → `noise` →
//! `toc::parse` → `segment::find` → `meta::build` (+ `outline`) →
//! TOC reconciliation → [`mark_duplicates`] across everything parsed in one run.
//! Law Markdown and portal HTML enter the same pipeline through `law` and
//! `html`; a PDF's text layer through `pdf` (read by `gongwen-pdf`).

pub mod cues;
pub mod date;
pub mod decode;
pub mod decree;
pub mod docnum;
pub mod fields;
mod gazette;
pub mod html;
pub mod knowledge;
pub mod law;
pub mod legacy;
pub mod layout;
pub mod lex;
pub mod meta;
pub mod noise;
pub mod outline;
pub mod office;
pub mod pdf;
pub mod privacy;
pub mod reflow;
pub mod roster;
pub mod segment;
pub mod table;
pub mod text;
pub mod toc;

pub use decode::InputError;
pub use privacy::Privacy;
use gongwen_model::{Document, PageBreak, PageSpan, SourceKind, SourceRef, TocEntry, Warning};
use std::collections::HashMap;
use std::path::Path;
use knowledge::Knowledge;

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
pub fn parse_bytes(k: &Knowledge, source: &str, bytes: &[u8]) -> Result<ParsedFile, InputError> {
    parse_bytes_with(k, source, bytes, Privacy::Masked)
}

/// [`parse_bytes`] with an explicit privacy choice (only a local command the
/// user asked to unmask passes [`Privacy::Unmasked`]).
pub fn parse_bytes_with(k: &Knowledge, source: &str, bytes: &[u8], privacy: Privacy) -> Result<ParsedFile, InputError> {
    parse_paged(k, source, bytes, privacy).map(|p| p.file)
}

/// A file as parsed, with the pages its lines were printed on when it has
/// pages (PDF).
#[derive(Debug)]
pub struct Parsed {
    pub file: ParsedFile,
    pub pages: Option<Pages>,
}

/// The page each line of a paged source was printed on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pages {
    line_pages: Vec<u32>,
}

impl Pages {
    /// `line_pages[i]` is the page of line `i + 1`.
    pub fn new(line_pages: Vec<u32>) -> Self {
        Pages { line_pages }
    }
    /// The page of a 1-based line.
    pub fn of_line(&self, line: usize) -> Option<u32> {
        line.checked_sub(1).and_then(|i| self.line_pages.get(i)).copied()
    }
    /// The first and last page of a document.
    /// Writes on every document of `file` the pages it is printed on.
    pub fn stamp(&self, file: &mut ParsedFile) {
        for d in &mut file.documents {
            if let Some(span) = self.of_document(d) {
                d.page_start = Some(span.page_start);
                d.page_end = Some(span.page_end);
                d.page_breaks = self.breaks(d.line_start, d.line_end);
            }
        }
    }

    /// Where pages begin after the first within lines `start..=end`.
    fn breaks(&self, start: usize, end: usize) -> Vec<PageBreak> {
        let mut out = Vec::new();
        let mut last = self.of_line(start);
        for line in start + 1..=end {
            let page = self.of_line(line);
            if let (Some(p), true) = (page, page != last) {
                out.push(PageBreak { line, page: p });
            }
            last = page.or(last);
        }
        out
    }

    pub fn of_document(&self, d: &Document) -> Option<PageSpan> {
        let start = self.of_line(d.line_start)?;
        let end = self.of_line(d.line_end).unwrap_or(start).max(start);
        Some(PageSpan { page_start: start, page_end: end })
    }
}

/// [`parse_bytes_with`], keeping the pages of a paged source. A PDF is read
/// through its text layer (`gongwen-pdf`), OFD and DOCX by `gongwen-office`,
/// a legacy .doc/.wps after LibreOffice converts it to DOCX ([`legacy`]);
/// everything else is decoded as text.
pub fn parse_paged(k: &Knowledge, source: &str, bytes: &[u8], privacy: Privacy) -> Result<Parsed, InputError> {
    if pdf::is_pdf(bytes) {
        return pdf::parse(k, source, bytes, privacy);
    }
    if let Some(kind) = gongwen_office::kind_of(bytes) {
        return office::parse(k, source, bytes, kind, privacy);
    }
    if office::is_zip(bytes) {
        return Err(InputError::Office { form: "zip", reason: "不是 OFD 或 Word（DOCX）文件，或文件已损坏、被截断".into() });
    }
    if legacy::is_legacy(source, bytes) {
        let docx = legacy::convert(source, bytes).map_err(InputError::Legacy)?;
        return office::parse(k, source, &docx, gongwen_office::Kind::Docx, privacy);
    }
    let decoded = decode::decode(bytes)?;
    // `decode` has already normalised line breaks and invisibles.
    let mut parsed = parse_normalized(k, source, &decoded.text, privacy);
    let repaired = decoded.warnings.into_iter().map(|w| Warning { code: w.code.to_string(), message: w.message, source: source.to_string(), line: w.line });
    parsed.warnings.splice(0..0, repaired);
    Ok(Parsed { file: parsed, pages: None })
}

/// Parses text, choosing the pipeline by the file's name and content.
pub fn parse_text(k: &Knowledge, source: &str, input: &str) -> ParsedFile {
    parse_text_with(k, source, input, Privacy::Masked)
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
    entering_with_pages(source, bytes).map(|(text, _)| text)
}

/// A file's text as it enters the pipeline (before masking), and for a paged
/// source (PDF, OFD, Word) the page of each of its lines: the reading of
/// [`parse_paged`], without the parse.
fn entering_with_pages(source: &str, bytes: &[u8]) -> Result<(String, Option<Pages>), InputError> {
    let office = |docx: &[u8], kind| office::read(docx, kind).map(|r| (r.text, Some(Pages::new(r.lines.iter().map(|l| l.page).collect()))));
    if pdf::is_pdf(bytes) {
        let (pdf, text) = pdf::read(bytes)?;
        return Ok((text, Some(Pages::new(pdf.lines.iter().map(|l| l.page).collect()))));
    }
    if let Some(kind) = gongwen_office::kind_of(bytes) {
        return office(bytes, kind);
    }
    if !office::is_zip(bytes) && legacy::is_legacy(source, bytes) {
        let docx = legacy::convert(source, bytes).map_err(InputError::Legacy)?;
        return office(&docx, gongwen_office::Kind::Docx);
    }
    let decoded = decode::decode(bytes)?;
    Ok((entering(form_of(source, &decoded.text), &decoded.text).into_owned(), None))
}

/// A source file as it entered the pipeline, for showing it beside what was
/// read from it.
#[derive(Debug)]
pub struct SourceText {
    /// The masked lines: line `i + 1` is the line documents and items cite.
    pub lines: Vec<String>,
    /// The page of each line, for a paged source (PDF, OFD, Word).
    pub pages: Option<Pages>,
}

/// The masked text of a source file, line by line, with its pages: what
/// [`parse_paged`] reads, without parsing it into documents.
pub fn source_text(k: &Knowledge, source: &str, bytes: &[u8]) -> Result<SourceText, InputError> {
    let (text, pages) = entering_with_pages(source, bytes)?;
    Ok(SourceText { lines: privacy::mask(k, &text).split('\n').map(String::from).collect(), pages })
}

/// [`parse_text`] with an explicit privacy choice. This is the one place where
/// text enters the pipeline, and so the one place where it is masked.
pub fn parse_text_with(k: &Knowledge, source: &str, input: &str, privacy: Privacy) -> ParsedFile {
    // Line breaks and invisibles as `decode` leaves them, for text given directly.
    parse_normalized(k, source, &text::normalize_input(input), privacy)
}

/// [`parse_text_with`] of text already normalised (by `decode`).
fn parse_normalized(k: &Knowledge, source: &str, input: &str, privacy: Privacy) -> ParsedFile {
    let form = form_of(source, input);
    let text = entering(form, input);
    let text = match privacy {
        Privacy::Masked => std::borrow::Cow::Owned(privacy::mask(k, &text)),
        Privacy::Unmasked => text,
    };
    match form {
        Form::LawMarkdown => law::parse(source, &text),
        Form::Html => gazette::parse(k, source, &text, Some(SourceKind::Html), &cues::Cues::none()),
        Form::Text => gazette::parse(k, source, &text, None, &cues::Cues::none()),
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
