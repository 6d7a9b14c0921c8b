//! Damaged files never panic: valid OFD and DOCX containers with bytes
//! flipped, cut short or overwritten read to lines or to an error.

use gongwen_testkit::office::{docx_with_numbering, ofd_page, zip_of, OFD_NS};
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

/// A DOCX with automatic numbering (numbering.xml) and an OFD whose header
/// is on a template page: the parts read beyond document and page content.
fn numbered_docx() -> Vec<u8> {
    docx_with_numbering("襄江市人民政府文件\n一、工作目标\n（一）住房体检\n1.排查\n（1）建档\n二、工作要求\n", 3)
}

fn templated_ofd() -> Vec<u8> {
    zip_of(&[
        ("OFD.xml", format!(r#"<ofd:OFD {OFD_NS}><ofd:DocBody><ofd:DocInfo><ofd:Title>t</ofd:Title><ofd:CustomDatas><ofd:CustomData Name="a">b</ofd:CustomData></ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#)),
        ("Doc_0/Document.xml", format!(r#"<ofd:Document {OFD_NS}><ofd:CommonData><ofd:TemplatePage ID="3" BaseLoc="Tpl.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="P0.xml"/><ofd:Page ID="2" BaseLoc="P1.xml"/></ofd:Pages></ofd:Document>"#)),
        ("Doc_0/P0.xml", ofd_page(&["3"], &[(80.0, "关于开展城市体检工作的通知")])),
        ("Doc_0/P1.xml", ofd_page(&["3", "4"], &[(80.0, "第二页")])),
        ("Doc_0/Tpl.xml", ofd_page(&[], &[(30.0, "襄江市人民政府文件")])),
    ])
}

#[test]
fn the_undamaged_files_read() {
    let lim = gongwen_office::Limits::default();
    assert_eq!(gongwen_office::read(&docx(), &lim).unwrap().lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["襄江市人民政府文件", "甲"]);
    assert_eq!(gongwen_office::read(&ofd(), &lim).unwrap().lines[0].text, "襄江市人民政府");
    assert_eq!(gongwen_office::read(&numbered_docx(), &lim).unwrap().lines[4].text, "（1）建档");
    let ofd = gongwen_office::read(&templated_ofd(), &lim).unwrap();
    assert_eq!(ofd.lines[0].text, "襄江市人民政府文件");
    assert_eq!(ofd.warnings.len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn flipped_or_cut_bytes_never_panic(which in 0..4usize, flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
        let mut bytes = match which {
            0 => docx(),
            1 => ofd(),
            2 => numbered_docx(),
            _ => templated_ofd(),
        };
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
