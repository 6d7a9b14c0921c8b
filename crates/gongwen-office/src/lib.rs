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

mod container;
mod docx;
mod ofd;

pub use container::Limits;
pub use docx::read_docx;
pub use ofd::read_ofd;

/// One line of text and the 1-based page it was printed on (DOCX: counted
/// from page breaks the file records; 1 when it records none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub page: u32,
    pub text: String,
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

/// The lines of an OFD or DOCX file.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<Line>, OfficeError> {
    match kind_of(bytes) {
        Some(Kind::Ofd) => read_ofd(bytes, limits),
        Some(Kind::Docx) => read_docx(bytes, limits),
        None => Err(OfficeError::MissingPart("OFD.xml 或 word/document.xml".into())),
    }
}
