//! gongwen-pdf: the text layer of a PDF as lines in reading order.
//!
//! Pipeline (each stage a plain function from data to data):
//! [`extract`] (the PDF library: positioned runs of text per page, each page
//! isolated) → [`layout::page_lines`] (runs on one baseline → a line; two
//! columns → left then right) → [`furniture::remove`] (page numbers and
//! running headers at the page edges) → [`PdfText`]: lines with the page they
//! were printed on and their visual cues (size, colour, centring, weight),
//! which the parser takes as evidence (`gongwen_parse::cues`).
//!
//! The library is oxidize-pdf (pure Rust): of the readers measured on the
//! three font setups of Chinese typesetting (Identity-H + ToUnicode;
//! UniGB-UCS2-H and GBK-EUC-H without ToUnicode and not embedded), it is the
//! one that reads all three; see ARCHITECTURE.md for the matrix.

pub mod extract;
pub mod furniture;
pub mod layout;

pub use extract::{extract, Limits};

/// An sRGB colour, 0–255 per channel.
pub type Rgb = [u8; 3];

/// A run of text as the PDF shows it: one text-showing operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    /// Left edge of the run, in points from the page's left edge.
    pub x: f32,
    /// Baseline, in points from the page's bottom edge.
    pub y: f32,
    pub width: f32,
    /// Font size in points.
    pub size: f32,
    pub color: Option<Rgb>,
    pub bold: bool,
}

/// One page: its 1-based number, size in points, and runs in content order.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub runs: Vec<Run>,
}

/// Where a line sits on a page with two columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The only column, or a line spanning both.
    Full,
    Left,
    Right,
}

/// One printed line in reading order, with the evidence the page gives about it.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// 1-based page number.
    pub page: u32,
    /// The runs joined in x order; a gap becomes a space, a wide one a tab.
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Baseline, from the page's bottom.
    pub y: f32,
    /// Font size of most of the line's characters.
    pub size: f32,
    /// Centred in the text area (titles, 版头, 文号).
    pub centred: bool,
    /// Colour of most of the line's characters (the red 版头), if known.
    pub color: Option<Rgb>,
    pub bold: bool,
    pub column: Column,
}

/// The text layer of a PDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfText {
    /// Number of pages in the file.
    pub pages: u32,
    /// The lines of every page in reading order, furniture removed.
    pub lines: Vec<TextLine>,
    /// Pages that show no text at all (scanned images): they need OCR.
    pub pages_without_text: Vec<u32>,
    /// Page-number and running-header lines removed.
    pub furniture_removed: usize,
    /// Pages that could not be read, with why; the others were read.
    pub skipped: Vec<(u32, String)>,
    /// Pages whose text was cut at [`Limits::max_page_bytes`].
    pub truncated: Vec<u32>,
}

impl PdfText {
    /// The lines as text, one per line, for the line-oriented parser.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 1).sum());
        for l in &self.lines {
            out.push_str(&l.text);
            out.push('\n');
        }
        out
    }
}

/// Why a PDF gave no text. Messages are for people, in Chinese; the library's
/// own words, where there are any, are the [`LibraryError`] source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("PDF 已加密，无法读取文字（请先去除密码保护）")]
    Encrypted,
    #[error("PDF 文件已损坏或不完整，无法读取")]
    Corrupt(#[source] LibraryError),
    #[error("PDF 共 {pages} 页，超过可读取的上限 {limit} 页")]
    TooManyPages { pages: u32, limit: u32 },
    #[error("PDF 没有文字层（扫描件？），{}需要先做 OCR", page_list(.pages))]
    NoText { pages: Vec<u32> },
    #[error("PDF 的页面都无法读取（{}）", page_list(.pages))]
    NoReadablePage {
        pages: Vec<u32>,
        #[source]
        first: LibraryError,
    },
    #[error("读取 PDF 时出现内部错误，请报告此文件")]
    Panicked,
}

/// What the PDF library said, verbatim (English).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LibraryError(pub String);

/// `第1–3、5页`: page numbers, runs collapsed, at most a dozen named.
pub fn page_list(pages: &[u32]) -> String {
    const NAMED: usize = 12;
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &p in pages {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == p => *end = p,
            _ => runs.push((p, p)),
        }
    }
    let named: Vec<String> = runs.iter().take(NAMED).map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    let more = if runs.len() > NAMED { format!("等共{}页", pages.len()) } else { String::new() };
    format!("第{}页{more}", named.join("、"))
}

/// Reads the text layer of a PDF: [`extract`], then lines, reading order and
/// furniture. A file with pages but no text on any of them is an error
/// ([`PdfError::NoText`]); a file with some such pages lists them in
/// [`PdfText::pages_without_text`].
pub fn read(bytes: &[u8], limits: &Limits) -> Result<PdfText, PdfError> {
    let extracted = extract(bytes, limits)?;
    let mut pages: Vec<Vec<TextLine>> = extracted.pages.iter().map(layout::page_lines).collect();
    let pages_without_text: Vec<u32> = extracted.pages.iter().zip(&pages).filter(|(_, l)| l.is_empty()).map(|(p, _)| p.number).collect();
    if pages_without_text.len() == extracted.pages.len() && !extracted.pages.is_empty() {
        return Err(PdfError::NoText { pages: pages_without_text });
    }
    let furniture_removed = furniture::remove(&mut pages);
    Ok(PdfText {
        pages: extracted.page_count,
        lines: pages.into_iter().flatten().collect(),
        pages_without_text,
        furniture_removed,
        skipped: extracted.skipped,
        truncated: extracted.truncated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_collapse_runs() {
        assert_eq!(page_list(&[1, 2, 3, 5]), "第1–3、5页");
        assert_eq!(page_list(&[7]), "第7页");
        let many: Vec<u32> = (1..=40).step_by(2).collect();
        assert!(page_list(&many).ends_with("等共20页"));
    }

    #[test]
    fn errors_read_in_chinese_and_keep_their_source() {
        use std::error::Error;
        let e = PdfError::Corrupt(LibraryError("Invalid xref table".into()));
        assert_eq!(e.to_string(), "PDF 文件已损坏或不完整，无法读取");
        assert_eq!(e.source().map(|s| s.to_string()).as_deref(), Some("Invalid xref table"));
        assert_eq!(PdfError::NoText { pages: vec![1, 2] }.to_string(), "PDF 没有文字层（扫描件？），第1–2页需要先做 OCR");
    }
}
