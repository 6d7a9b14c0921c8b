//! Damaged files never panic: valid OFD and DOCX containers with bytes
//! flipped, cut short or overwritten read to lines or to an error.

use gongwen_testkit::office::zip_of;
use proptest::prelude::*;

fn docx() -> Vec<u8> {
    zip_of(&[(
        "word/document.xml",
        r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>襄江市人民政府文件</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#,
    )])
}

fn ofd() -> Vec<u8> {
    zip_of(&[
        ("OFD.xml", r#"<ofd:OFD xmlns:ofd="o"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#),
        ("Doc_0/Document.xml", r#"<ofd:Document xmlns:ofd="o"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#),
        ("Doc_0/Pages/Page_0/Content.xml", r#"<ofd:Page xmlns:ofd="o"><ofd:Content><ofd:Layer><ofd:TextObject Boundary="20 20 50 6" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="g 4 4">襄江市人民政府</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#),
    ])
}

#[test]
fn the_undamaged_files_read() {
    let lim = gongwen_office::Limits::default();
    assert_eq!(gongwen_office::read(&docx(), &lim).unwrap().lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["襄江市人民政府文件", "甲"]);
    assert_eq!(gongwen_office::read(&ofd(), &lim).unwrap().lines[0].text, "襄江市人民政府");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn flipped_or_cut_bytes_never_panic(which in 0..2usize, flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
        let mut bytes = if which == 0 { docx() } else { ofd() };
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= b;
        }
        let keep = cut.index(bytes.len() + 1).max(bytes.len() / 2);
        bytes.truncate(keep);
        let _ = gongwen_office::kind_of(&bytes);
        let _ = gongwen_office::read(&bytes, &gongwen_office::Limits::default());
    }
}
