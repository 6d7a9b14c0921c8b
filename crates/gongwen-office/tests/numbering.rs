//! Word automatic numbering rendered as Word prints it: the 公文 outline
//! levels (chineseCounting `%1、`, `（%1）`, decimal `%1.`, `（%1）`), a
//! number inherited from a style through `basedOn`, numId 0, a start
//! override, multi-level `%1.%2`, `lvlRestart` 0, bullets, and the warnings
//! when the numbering cannot be read.

use gongwen_office::{read, Limits, Output};
use gongwen_testkit::office::{docx_of, num_pr, numbering_xml, outline_levels, paragraph, W_NS};

fn lines(out: &Output) -> Vec<&str> {
    out.lines.iter().map(|l| l.text.as_str()).collect()
}

fn style_ref(id: &str) -> String {
    format!(r#"<w:pStyle w:val="{id}"/>"#)
}

fn styles() -> String {
    format!(
        r#"<?xml version="1.0"?><w:styles xmlns:w="{W_NS}">
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr>{}</w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="GongwenH1"><w:name w:val="Gongwen H1"/><w:basedOn w:val="Heading1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="character" w:styleId="Strong"/>
        </w:styles>"#,
        num_pr(1, 0)
    )
}

fn numbering() -> String {
    let multi = r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:suff w:val="space"/></w:lvl>"#;
    let no_restart = r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%2)"/><w:lvlRestart w:val="0"/></w:lvl>"#;
    let bullet = r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>"#;
    // Level 1 of list 1 is bound to style Heading2 (its style gives no level).
    let outline = outline_levels().replacen(r#"<w:lvl w:ilvl="1"><w:start w:val="1"/>"#, r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:pStyle w:val="Heading2"/>"#, 1);
    let others = r#"<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%3)"/></w:lvl><w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="%4．"/></w:lvl>"#;
    numbering_xml(
        &[(10, outline), (20, multi.into()), (30, no_restart.into()), (40, bullet.into()), (50, others.into())],
        &[
            (1, 10, String::new()),
            (2, 20, String::new()),
            (3, 30, String::new()),
            (4, 40, String::new()),
            (5, 10, r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>"#.into()),
            (6, 50, String::new()),
        ],
    )
}

fn body() -> String {
    let p = |ppr: String, t: &str| paragraph(&ppr, t);
    [
        p(String::new(), "襄江市人民政府关于做好某项工作的通知"),
        p(style_ref("GongwenH1"), "总体要求"),
        p(num_pr(1, 1), "基本原则"),
        p(num_pr(1, 2), "坚持统筹。"),
        p(num_pr(1, 2), "坚持分类。"),
        p(num_pr(1, 3), "分步实施。"),
        p(num_pr(1, 3), "有序推进。"),
        p(num_pr(1, 1), "主要目标"),
        p(num_pr(1, 2), "到2025年完成。"),
        p(style_ref("Heading1"), "主要任务"),
        p(style_ref("Heading2"), "加强组织"),
        p(format!("{}{}", style_ref("Heading1"), num_pr(0, 0)), "不编号的段落"),
        p(String::new(), "正文段落。"),
        p(num_pr(5, 0), "从五开始"),
        p(num_pr(5, 1), "其下一项"),
        p(num_pr(2, 0), "第一章"),
        p(num_pr(2, 1), "第一节"),
        p(num_pr(2, 1), "第二节"),
        p(num_pr(2, 0), "第二章"),
        p(num_pr(2, 1), "第一节"),
        p(num_pr(3, 0), "甲项"),
        p(num_pr(3, 1), "子项"),
        p(num_pr(3, 0), "乙项"),
        p(num_pr(3, 1), "子项"),
        p(num_pr(4, 0), "要点"),
        p(num_pr(6, 0), "天干"),
        p(num_pr(6, 1), "圈码"),
        p(num_pr(6, 2), "罗马"),
        p(num_pr(6, 3), "全角"),
    ]
    .concat()
}

#[test]
fn automatic_numbers_are_rendered_as_word_prints_them() {
    let out = read(&docx_of(&body(), Some(&numbering()), Some(&styles())), &Limits::default()).unwrap();
    assert_eq!(
        lines(&out),
        [
            "襄江市人民政府关于做好某项工作的通知",
            "一、总体要求",
            "（一）基本原则",
            "1.坚持统筹。",
            "2.坚持分类。",
            "（1）分步实施。",
            "（2）有序推进。",
            "（二）主要目标",
            "1.到2025年完成。",
            "二、主要任务",
            "（一）加强组织",
            "不编号的段落",
            "正文段落。",
            "五、从五开始",
            "（一）其下一项",
            "1.第一章",
            "1.1 第一节",
            "1.2 第二节",
            "2.第二章",
            "2.1 第一节",
            "1.甲项",
            "A)子项",
            "2.乙项",
            "B)子项",
            "要点",
            "丙、天干",
            "① 圈码",
            "i)罗马",
            "１．全角",
        ]
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn tens_count_in_chinese() {
    let body: String = (0..23).map(|i| paragraph(&num_pr(1, 0), &format!("第{i}项"))).collect();
    let out = read(&docx_of(&body, Some(&numbering()), None), &Limits::default()).unwrap();
    let got = lines(&out);
    assert_eq!(got[9], "十、第9项");
    assert_eq!(got[10], "十一、第10项");
    assert_eq!(got[19], "二十、第19项");
    assert_eq!(got[22], "二十三、第22项");
}

#[test]
fn broken_or_missing_numbering_reads_the_text_with_a_warning() {
    let body = body();
    let broken = read(&docx_of(&body, Some("<w:numbering><w:num"), Some(&styles())), &Limits::default()).unwrap();
    assert_eq!(broken.lines[1].text, "总体要求");
    assert_eq!(broken.lines[2].text, "基本原则");
    assert_eq!(broken.warnings.iter().map(|w| w.code).collect::<Vec<_>>(), ["docx_numbering_unreadable"]);
    assert!(broken.warnings[0].message.contains("word/numbering.xml"), "{}", broken.warnings[0].message);

    let missing = read(&docx_of(&body, None, Some(&styles())), &Limits::default()).unwrap();
    assert_eq!(missing.lines[1].text, "总体要求");
    assert_eq!(missing.warnings.iter().map(|w| w.code).collect::<Vec<_>>(), ["docx_numbering_missing"]);

    let bad_styles = read(&docx_of(&body, Some(&numbering()), Some("<w:styles")), &Limits::default()).unwrap();
    // Direct numbering still counts; the style's does not.
    assert_eq!(bad_styles.lines[1].text, "总体要求");
    assert_eq!(bad_styles.lines[2].text, "（一）基本原则");
    assert_eq!(bad_styles.warnings.iter().map(|w| w.code).collect::<Vec<_>>(), ["docx_styles_unreadable"]);

    let undefined = read(&docx_of(&paragraph(&num_pr(77, 0), "无定义"), Some(&numbering()), None), &Limits::default()).unwrap();
    assert_eq!(lines(&undefined), ["无定义"]);
    assert_eq!(undefined.warnings[0].code, "docx_numbering_undefined");

    // A file without numbering or styles is no warning.
    let plain = read(&docx_of(&paragraph("", "正文"), None, None), &Limits::default()).unwrap();
    assert!(plain.warnings.is_empty());
}

#[test]
fn docx_core_properties_are_meta() {
    let core = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>关于做好某项工作的通知</dc:title><dc:creator>办公室</dc:creator><dcterms:created>2024-03-05T08:00:00Z</dcterms:created></cp:coreProperties>"#;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    use std::io::Write;
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(format!(r#"<w:document xmlns:w="{W_NS}"><w:body>{}</w:body></w:document>"#, paragraph("", "正文")).as_bytes()).unwrap();
    w.start_file("docProps/core.xml", opts).unwrap();
    w.write_all(core.as_bytes()).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let out = read(&bytes, &Limits::default()).unwrap();
    assert_eq!(out.meta.title.as_deref(), Some("关于做好某项工作的通知"));
    assert_eq!(out.meta.author.as_deref(), Some("办公室"));
    assert_eq!(out.meta.creation_date.as_deref(), Some("2024-03-05T08:00:00Z"));
}


#[test]
fn a_page_break_before_the_text_takes_the_number_to_the_new_page() {
    let first = paragraph(&num_pr(1, 0), "工作目标");
    let second = paragraph(&num_pr(1, 0), "工作要求").replacen("</w:pPr>", "</w:pPr><w:r><w:lastRenderedPageBreak/></w:r>", 1);
    let out = read(&docx_of(&(first + &second), Some(&numbering()), None), &Limits::default()).unwrap();
    let got: Vec<(u32, &str)> = out.lines.iter().map(|l| (l.page, l.text.as_str())).collect();
    assert_eq!(got, [(1, "一、工作目标"), (2, "二、工作要求")]);
}
