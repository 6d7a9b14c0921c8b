//! Damaged and unusual encodings of a real-shaped 公文 still give its metadata.

use gongwen_parse::parse_bytes;

fn single() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/single.txt")).unwrap()
}

fn metadata(bytes: &[u8]) -> (Option<String>, String, Option<gongwen_model::Date>, usize) {
    let pf = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "single.txt", bytes).unwrap();
    let d = &pf.documents[0];
    (d.doc_number.clone(), d.title.clone(), d.date, d.line_end)
}

#[test]
fn cr_only_nel_and_unicode_separators_are_line_breaks() {
    let lf = single();
    let expected = metadata(lf.as_bytes());
    assert!(expected.0.is_some() && expected.2.is_some());
    for sep in ["\r", "\u{85}", "\u{2028}", "\u{2029}", "\r\n"] {
        assert_eq!(metadata(lf.replace('\n', sep).as_bytes()), expected, "separator {sep:?}");
    }
}

#[test]
fn zero_width_bidi_and_stray_boms_do_not_erase_metadata() {
    let lf = single();
    let expected = metadata(lf.as_bytes());
    let invisible = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2060}', '\u{2063}', '\u{FEFF}'];
    // One invisible character after every third character of the file.
    let noisy: String = lf.chars().enumerate().flat_map(|(i, c)| [Some(c), (i % 3 == 2).then_some(invisible[i % invisible.len()])]).flatten().collect();
    assert_eq!(metadata(noisy.as_bytes()), expected);
    // parse_text, given text directly, reads the same.
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "single.txt", &noisy);
    assert_eq!(pf.documents[0].doc_number, expected.0);
}

#[test]
fn invalid_bytes_become_a_file_warning_not_a_refusal() {
    let lf = single();
    let cut = lf.find("各区人民政府").unwrap();
    let mut bytes = lf.as_bytes()[..cut].to_vec();
    bytes.extend_from_slice(b"\xC3\x28");
    bytes.extend_from_slice(&lf.as_bytes()[cut..]);
    let pf = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "single.txt", &bytes).unwrap();
    assert!(pf.documents[0].doc_number.is_some());
    let w: Vec<_> = pf.warnings.iter().filter(|w| w.code == "invalid_utf8").collect();
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains(&format!("第{cut}字节")), "{}", w[0].message);
    assert_eq!(w[0].source, "single.txt");
}
