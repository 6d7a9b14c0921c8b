//! OFD template pages: a template's text is read on the first page that
//! uses it, merged by position with the page's own text, and not on later
//! pages; a missing template is a warning and the page is still read;
//! `DocInfo` is the output's meta.

use gongwen_office::{read, Limits};
use gongwen_testkit::office::{ofd_page as content, zip_of, OFD_NS};

const NS: &str = OFD_NS;

fn ofd(with_template_part: bool) -> Vec<u8> {
    let root = format!(
        r#"<?xml version="1.0"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>abc</ofd:DocID><ofd:Title>关于开展城市体检工作的通知</ofd:Title><ofd:Author>襄江市人民政府</ofd:Author><ofd:CreationDate>2024-03-05</ofd:CreationDate><ofd:CustomDatas><ofd:CustomData Name="发文字号">襄政发〔2024〕1号</ofd:CustomData></ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
    );
    let doc = format!(
        r#"<?xml version="1.0"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:TemplatePage ID="5" BaseLoc="Tpls/Tpl_0/Content.xml" ZOrder="Background"/><ofd:TemplatePage ID="6" BaseLoc="Tpls/Tpl_1/Content.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="10" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="11" BaseLoc="Pages/Page_1/Content.xml"/><ofd:Page ID="12" BaseLoc="Pages/Page_2/Content.xml"/></ofd:Pages></ofd:Document>"#
    );
    let mut parts = vec![
        ("OFD.xml", root),
        ("Doc_0/Document.xml", doc),
        ("Doc_0/Pages/Page_0/Content.xml", content(&["5"], &[(40.0, "——————"), (70.0, "关于开展城市体检工作的通知"), (80.0, "各区人民政府：")])),
        ("Doc_0/Pages/Page_1/Content.xml", content(&["5"], &[(70.0, "第二页正文。")])),
        ("Doc_0/Pages/Page_2/Content.xml", content(&["6", "9"], &[(70.0, "第三页正文。")])),
    ];
    if with_template_part {
        parts.push(("Doc_0/Tpls/Tpl_0/Content.xml", content(&[], &[(30.0, "襄江市人民政府文件"), (50.0, "襄政发〔2024〕1号")])));
    }
    zip_of(&parts)
}

#[test]
fn a_template_is_read_on_the_first_page_that_uses_it() {
    let out = read(&ofd(true), &Limits::default()).unwrap();
    let got: Vec<(u32, &str)> = out.lines.iter().map(|l| (l.page, l.text.as_str())).collect();
    assert_eq!(
        got,
        [(1, "襄江市人民政府文件"), (1, "——————"), (1, "襄政发〔2024〕1号"), (1, "关于开展城市体检工作的通知"), (1, "各区人民政府："), (2, "第二页正文。"), (3, "第三页正文。")]
    );
    // Template 6 names a part that is not there; template 9 is not defined.
    let codes: Vec<(&str, Option<u32>)> = out.warnings.iter().map(|w| (w.code, w.page)).collect();
    assert_eq!(codes, [("ofd_template_missing", Some(3)), ("ofd_template_missing", Some(3))]);
    assert!(out.warnings[0].message.contains("Tpl_1"), "{}", out.warnings[0].message);
}

#[test]
fn a_missing_template_part_is_a_warning_and_the_page_is_read() {
    let out = read(&ofd(false), &Limits::default()).unwrap();
    assert_eq!(out.lines[0].text, "——————");
    assert_eq!(out.warnings[0].code, "ofd_template_missing");
    assert_eq!(out.warnings[0].page, Some(1));
    // Reported once, on the first page that uses it.
    assert_eq!(out.warnings.iter().filter(|w| w.message.contains("模板 5")).count(), 1);
}

#[test]
fn doc_info_is_meta() {
    let m = read(&ofd(true), &Limits::default()).unwrap().meta;
    assert_eq!(m.title.as_deref(), Some("关于开展城市体检工作的通知"));
    assert_eq!(m.author.as_deref(), Some("襄江市人民政府"));
    assert_eq!(m.creation_date.as_deref(), Some("2024-03-05"));
    assert_eq!(m.custom, [("发文字号".to_string(), "襄政发〔2024〕1号".to_string())]);
}
