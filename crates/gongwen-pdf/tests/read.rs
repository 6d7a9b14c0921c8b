//! The text layer of the generated fixtures (tools/pdfgen/regenerate.sh) in
//! the three font setups of Chinese typesetting, and bad input.

use gongwen_pdf::{read, Limits, PdfError};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

const SETUPS: [&str; 4] = ["A", "B", "B2", "C"];

#[test]
fn every_font_setup_reads_the_source_text_back() {
    for stem in ["notice", "gazette"] {
        let source = String::from_utf8(fixture(&format!("{stem}.txt"))).expect("UTF-8 source");
        for setup in SETUPS {
            let pdf = read(&fixture(&format!("{stem}-{setup}.pdf")), &Limits::default()).unwrap_or_else(|e| panic!("{stem}-{setup}: {e}"));
            // Page numbers and the generator's running header are furniture.
            assert_eq!(squeeze(&pdf.text()), squeeze(&source), "{stem}-{setup}");
            assert!(pdf.lines.iter().all(|l| !l.text.starts_with('—')), "{stem}-{setup}: a page number is left");
        }
    }
}

#[test]
fn lines_carry_their_page_and_visual_cues() {
    for setup in SETUPS {
        let pdf = read(&fixture(&format!("notice-{setup}.pdf")), &Limits::default()).expect("reads");
        assert_eq!(pdf.pages, 2);
        let head = &pdf.lines[0];
        assert_eq!(head.text, "襄江市发展和改革委员会", "{setup}");
        assert!(head.centred && head.size == 30.0, "{setup}: {head:?}");
        assert!(head.color.is_some_and(|[r, g, b]| r > 200 && g == 0 && b == 0), "{setup}: {head:?}");
        let docno = pdf.lines.iter().find(|l| l.text.contains("〔2024〕")).expect("文号 line");
        assert!(docno.centred && docno.page == 1, "{setup}");
        let date = pdf.lines.iter().find(|l| l.text == "2024年4月8日").expect("date line");
        assert_eq!(date.page, 2, "{setup}");
        assert!(!pdf.lines.iter().any(|l| l.text.contains("各区发展改革局") && l.centred), "{setup}: body is not centred");
    }
}

#[test]
fn running_headers_repeated_across_pages_are_removed() {
    let source = String::from_utf8(fixture("gazette.txt")).expect("UTF-8");
    let in_source = source.lines().filter(|l| l.trim() == "襄江市人民政府公报").count();
    for setup in SETUPS {
        let pdf = read(&fixture(&format!("gazette-{setup}.pdf")), &Limits::default()).expect("reads");
        assert_eq!(pdf.pages, 5);
        // The generator printed the header on pages 2–5; only the source's own remain.
        assert_eq!(pdf.lines.iter().filter(|l| l.text == "襄江市人民政府公报").count(), in_source, "{setup}");
        assert_eq!(pdf.furniture_removed, 5 + 4, "{setup}: five page numbers and four headers");
    }
}

#[test]
fn encrypted_files_are_refused_unless_only_restricted() {
    assert_eq!(read(&fixture("encrypted.pdf"), &Limits::default()), Err(PdfError::Encrypted));
    assert_eq!(PdfError::Encrypted.to_string(), "PDF 已加密，无法读取文字（请先去除密码保护）");
    // An owner password only restricts printing or copying: the text is read.
    let pdf = read(&fixture("owner-only.pdf"), &Limits::default()).expect("owner-only PDFs are read");
    assert_eq!(pdf.lines[0].text, "襄江市发展和改革委员会");
}

#[test]
fn scanned_pages_are_named() {
    let e = read(&fixture("scan.pdf"), &Limits::default()).unwrap_err();
    assert_eq!(e, PdfError::NoText { pages: vec![1, 2] });
    assert_eq!(e.to_string(), "PDF 没有文字层（扫描件？），第1–2页需要先做 OCR");
    let half = read(&fixture("half-scan.pdf"), &Limits::default()).expect("the page with text is read");
    assert_eq!(half.pages_without_text, vec![2]);
    assert_eq!(half.lines.len(), 2);
}

#[test]
fn too_many_pages_are_refused_before_reading() {
    let e = read(&fixture("notice-B.pdf"), &Limits { max_pages: 1, ..Limits::default() }).unwrap_err();
    assert_eq!(e, PdfError::TooManyPages { pages: 2, limit: 1 });
    assert_eq!(e.to_string(), "PDF 共 2 页，超过可读取的上限 1 页");
}

#[test]
fn truncated_and_damaged_files_give_an_error_or_less_text_never_a_panic() {
    for setup in SETUPS {
        let bytes = fixture(&format!("notice-{setup}.pdf"));
        for cut in [0, 8, 100, bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
            let _ = read(&bytes[..cut], &Limits::default());
        }
        // Bytes overwritten at many places.
        for at in (0..bytes.len()).step_by(bytes.len() / 40 + 1) {
            let mut damaged = bytes.clone();
            for b in damaged.iter_mut().skip(at).take(16) {
                *b = b'#';
            }
            let _ = read(&damaged, &Limits::default());
        }
    }
    assert!(matches!(read(b"%PDF-1.4\nnot a pdf at all", &Limits::default()), Err(PdfError::Corrupt(_))));
}
