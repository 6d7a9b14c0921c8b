//! The text of the other published forms of a 公文, as lines with the page
//! each was printed on: OFD (GB/T 33190, the national e-document format: a
//! zip of XML parts, text as positioned `TextObject`s per page) and Word
//! (DOCX: a zip whose `word/document.xml` holds paragraphs and tables).
//!
//! Both are zip containers, so reading is bounded: at most
//! [`Limits::max_part_bytes`] uncompressed per part and
//! [`Limits::max_total_bytes`] in all (a zip bomb posing as a document stops
//! with [`OfficeError::TooLarge`]), at most [`Limits::max_pages`] pages.
//! Depends on no gongwen crate; `gongwen-parse` feeds the lines to the same
//! pipeline as text.
//!
//! A reader returns an [`Output`]: the lines, the [`Warning`]s about parts
//! that could not be read while the text still could (Word numbering or
//! styles, an OFD template), and the file's own [`Meta`] (OFD `DocInfo`,
//! DOCX `docProps/core.xml`) as evidence beside the text.

mod container;
mod docx;
pub mod numbering;
mod ofd;

pub use container::Limits;
pub use docx::read_docx;
pub use ofd::read_ofd;

/// One line of text and the 1-based page it was printed on (DOCX: counted
/// from page breaks the file records; 1 when it records none).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub page: u32,
    pub text: String,
    /// How the line is set, where the file places its text (OFD); `None`
    /// for Word, whose layout is the reader's to make.
    pub style: Option<LineStyle>,
}

/// How a line is set, in points: the evidence of its type (a 版头 is large
/// red centred type, a title larger than the body).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineStyle {
    /// Font size of most of the line's characters.
    pub size: f64,
    /// Colour of most of its characters, when the file gives one.
    pub color: Option<[u8; 3]>,
    /// The line's left and right edges.
    pub x0: f64,
    pub x1: f64,
    /// Left and right edges of all the page's text: the text area.
    pub area: (f64, f64),
}

/// What a reader found in a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    pub lines: Vec<Line>,
    /// Problems that did not stop the reading, in the order found.
    pub warnings: Vec<Warning>,
    pub meta: Meta,
}

/// A part of the file that could not be read while its text still was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Stable, English: `docx_numbering_unreadable`, `docx_numbering_missing`,
    /// `docx_numbering_undefined`, `docx_styles_unreadable`,
    /// `ofd_template_missing`, `ofd_template_unreadable`.
    pub code: &'static str,
    /// For people, in Chinese.
    pub message: String,
    /// The page it concerns (OFD templates), if any.
    pub page: Option<u32>,
}

/// What the file says about itself (OFD `DocInfo` of the first document:
/// `Title`, `Author`, `CreationDate`, `CustomDatas/CustomData@Name`; DOCX
/// `docProps/core.xml`: `dc:title`, `dc:creator`, `dcterms:created`). Not
/// the document's metadata: producers fill these with file names, user
/// accounts and save dates, so they are evidence, never a 文号 or a title.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub creation_date: Option<String>,
    /// Name and value of each custom datum, in order.
    pub custom: Vec<(String, String)>,
}

/// Why a file could not be read. Messages are Chinese, for people.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error("不是有效的 zip 容器（文件损坏或被截断）")]
    Zip(#[source] zip::result::ZipError),
    #[error("缺少部件 {0}")]
    MissingPart(String),
    #[error("部件 {part} 不是有效的 XML")]
    Xml {
        part: String,
        #[source]
        source: roxmltree::Error,
    },
    #[error("部件 {part} 解压后超过 {limit} 字节（疑似压缩炸弹），已停止读取")]
    TooLarge { part: String, limit: u64 },
    #[error("部件 {part} 无法读取")]
    Read {
        part: String,
        #[source]
        source: std::io::Error,
    },
    #[error("部件 {0} 的文字不是 UTF-8")]
    Encoding(String),
}

/// What a zip container holds, by its parts' names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ofd,
    Docx,
}

/// Whether `bytes` are an OFD or a DOCX file (a zip holding `OFD.xml`, or
/// `word/document.xml`); `None` for anything else, zips included.
pub fn kind_of(bytes: &[u8]) -> Option<Kind> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let names = container::names(&archive);
    if names.iter().any(|n| n.eq_ignore_ascii_case("OFD.xml")) {
        Some(Kind::Ofd)
    } else if names.iter().any(|n| n == "word/document.xml") {
        Some(Kind::Docx)
    } else {
        None
    }
}

/// The lines of an OFD or DOCX file, with warnings and meta.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Output, OfficeError> {
    match kind_of(bytes) {
        Some(Kind::Ofd) => read_ofd(bytes, limits),
        Some(Kind::Docx) => read_docx(bytes, limits),
        None => Err(OfficeError::MissingPart("OFD.xml 或 word/document.xml".into())),
    }
}
