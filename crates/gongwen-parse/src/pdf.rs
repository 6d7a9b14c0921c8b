//! PDF input: the text layer read by `gongwen-pdf` (lines in reading order,
//! furniture removed, each with its page), then the same pipeline as text,
//! with the visual cues of each line (size, colour, centring: see `cues`) as
//! evidence for the line tagger.
//! Personal numbers are masked here, where the text enters, as for text.

use crate::knowledge::Knowledge;
use crate::cues::Cues;
use crate::{gazette, privacy, text, InputError, Parsed, Privacy};
use gongwen_model::{SourceKind, Warning};
use gongwen_pdf::{page_list, Limits, PdfText};

/// Does the file start like a PDF (`%PDF-` within the first 1024 bytes, as
/// readers accept it)?
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

/// The text of a PDF as it enters the pipeline (before masking), and the page
/// each of its lines was printed on.
pub(crate) fn read(bytes: &[u8]) -> Result<(PdfText, String), InputError> {
    let pdf = gongwen_pdf::read(bytes, &Limits::default()).map_err(InputError::Pdf)?;
    let text = text::normalize_input(&pdf.text()).into_owned();
    Ok((pdf, text))
}

/// The cues of the PDF's lines (see `cues`), if its text has one line per
/// line read (else none: no evidence rather than evidence on the wrong line).
fn cues(pdf: &PdfText, text: &str) -> Cues {
    match text.split('\n').count() == pdf.lines.len() + 1 {
        true => Cues::from_pdf(pdf),
        false => Cues::none(),
    }
}

pub(crate) fn parse(k: &Knowledge, source: &str, bytes: &[u8], privacy: Privacy) -> Result<Parsed, InputError> {
    let (pdf, text) = read(bytes)?;
    let text = match privacy {
        Privacy::Masked => privacy::mask(k, &text),
        Privacy::Unmasked => text,
    };
    let mut file = gazette::parse(k, source, &text, Some(SourceKind::Pdf), &cues(&pdf, &text));
    let line_pages: Vec<u32> = pdf.lines.iter().map(|l| l.page).collect();
    // A page-level problem points at the first line read after that page.
    let line_after = |page: u32| line_pages.iter().position(|&p| p > page).map(|i| i + 1).unwrap_or(line_pages.len().max(1));
    let mut warn = |code: &str, message: String, page: u32| {
        file.warnings.push(Warning { code: code.into(), message, source: source.to_string(), line: line_after(page) });
    };
    if let Some(&first) = pdf.pages_without_text.first() {
        warn("pdf_needs_ocr", format!("{}没有文字层（扫描件？），需要 OCR；其余页面照常读取", page_list(&pdf.pages_without_text)), first);
    }
    for (page, why) in &pdf.skipped {
        warn("pdf_page_unreadable", format!("第{page}页无法读取，已跳过（{why}）"), *page);
    }
    if let Some(&first) = pdf.truncated.first() {
        warn("pdf_page_truncated", format!("{}文字过多，超出部分未读取", page_list(&pdf.truncated)), first);
    }
    let pages = crate::Pages::new(line_pages);
    pages.stamp(&mut file);
    Ok(Parsed { file, pages: Some(pages) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_is_recognised_by_its_header() {
        assert!(is_pdf(b"%PDF-1.7\n..."));
        assert!(is_pdf(b"\xEF\xBB\xBF junk %PDF-1.4"));
        assert!(!is_pdf("襄江市人民政府文件".as_bytes()));
    }
}
