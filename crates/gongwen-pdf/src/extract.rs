//! The PDF library boundary: bytes → positioned runs per page.
//!
//! Everything oxidize-pdf does happens here, each page on its own: a page that
//! fails (or panics inside the library) is skipped and named, the others are
//! read. Memory is bounded by [`Limits`]: at most `max_pages` pages, at most
//! `max_page_bytes` of text a page.

use crate::{LibraryError, Page, PdfError, Rgb, Run};
use oxidize_pdf::graphics::Color;
use oxidize_pdf::parser::{ParseError, PdfDocument, PdfReader};
use oxidize_pdf::text::{ExtractionOptions, TextExtractor};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Bounds on what one file may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A file with more pages is refused before any page is read.
    pub max_pages: u32,
    /// Text of one page beyond this many bytes is dropped (and the page named).
    pub max_page_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // A year of a weekly gazette is well under 5,000 pages; a page of
        // dense small print is about 10 KB of text.
        Limits { max_pages: 5_000, max_page_bytes: 1 << 20 }
    }
}

/// The runs of every page that could be read.
#[derive(Debug, Default)]
pub struct Extracted {
    pub page_count: u32,
    /// Pages read, in order (possibly with no runs).
    pub pages: Vec<Page>,
    /// Pages that could not be read, with the library's reason.
    pub skipped: Vec<(u32, String)>,
    /// Pages whose text was cut at the byte limit.
    pub truncated: Vec<u32>,
}

fn library(e: ParseError) -> PdfError {
    match e {
        ParseError::EncryptionNotSupported | ParseError::WrongPassword | ParseError::PdfLocked => PdfError::Encrypted,
        e => PdfError::Corrupt(LibraryError(e.to_string())),
    }
}

/// Positioned runs of every page. Never panics: a panic inside the library
/// while opening the file is [`PdfError::Panicked`], while reading a page it
/// skips that page.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, PdfError> {
    let opened = catch_unwind(AssertUnwindSafe(|| -> Result<(PdfDocument<std::io::Cursor<&[u8]>>, u32), PdfError> {
        let reader = PdfReader::new(std::io::Cursor::new(bytes)).map_err(library)?;
        if reader.is_encrypted() && !reader.is_unlocked() {
            return Err(PdfError::Encrypted);
        }
        let doc = PdfDocument::new(reader);
        let n = doc.page_count().map_err(library)?;
        Ok((doc, n))
    }));
    let (doc, page_count) = opened.map_err(|_| PdfError::Panicked)??;
    if page_count > limits.max_pages {
        return Err(PdfError::TooManyPages { pages: page_count, limit: limits.max_pages });
    }
    let options = ExtractionOptions {
        // Runs with positions are only kept in layout mode; the text the
        // library assembles from them is not used.
        preserve_layout: true,
        sort_by_position: false,
        merge_hyphenated: false,
        include_artifacts: true,
        max_extracted_bytes: Some(limits.max_page_bytes),
        ..ExtractionOptions::default()
    };
    let mut extractor = TextExtractor::with_options(options);
    let mut out = Extracted { page_count, ..Extracted::default() };
    let mut first_error: Option<LibraryError> = None;
    for index in 0..page_count {
        let number = index + 1;
        let read = catch_unwind(AssertUnwindSafe(|| -> Result<Page, ParseError> {
            let page = doc.get_page(index)?;
            let text = extractor.extract_from_page(&doc, index)?;
            let runs = text.fragments.iter().map(run).collect();
            if text.truncated {
                out.truncated.push(number);
            }
            Ok(Page { number, width: page.width() as f32, height: page.height() as f32, runs })
        }));
        match read {
            Ok(Ok(page)) => out.pages.push(page),
            Ok(Err(e)) => {
                if matches!(e, ParseError::EncryptionNotSupported | ParseError::WrongPassword | ParseError::PdfLocked) {
                    return Err(PdfError::Encrypted);
                }
                let why = e.to_string();
                first_error.get_or_insert_with(|| LibraryError(why.clone()));
                out.skipped.push((number, why));
            }
            Err(_) => {
                first_error.get_or_insert_with(|| LibraryError("internal error".into()));
                out.skipped.push((number, "读取此页时出现内部错误".into()));
            }
        }
    }
    if out.pages.is_empty() && !out.skipped.is_empty() {
        let pages = out.skipped.iter().map(|(p, _)| *p).collect();
        return Err(PdfError::NoReadablePage { pages, first: first_error.unwrap_or_else(|| LibraryError(String::new())) });
    }
    Ok(out)
}

fn run(f: &oxidize_pdf::text::TextFragment) -> Run {
    Run {
        text: f.text.clone(),
        x: f.x as f32,
        y: f.y as f32,
        width: f.width as f32,
        size: f.font_size as f32,
        color: f.color.as_ref().map(rgb),
        bold: f.is_bold,
    }
}

fn rgb(c: &Color) -> Rgb {
    let to = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    match *c {
        Color::Rgb(r, g, b) => [to(r), to(g), to(b)],
        Color::Gray(v) => [to(v); 3],
        Color::Cmyk(c, m, y, k) => [to((1.0 - c) * (1.0 - k)), to((1.0 - m) * (1.0 - k)), to((1.0 - y) * (1.0 - k))],
    }
}
