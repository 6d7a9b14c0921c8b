//! In-repo fixtures, one per artifact the parser must handle, written by the
//! team for an invented city (襄江市), so `cargo test` means something without
//! `../shared` and nothing depends on knowledge of the Wuhan files.

use gongwen_model::{Document, NodeKind, OutlineNode};
use gongwen_parse::{parse_bytes, ParsedFile};

fn fixture(name: &str) -> ParsedFile {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), name, &std::fs::read(&path).unwrap()).unwrap()
}

fn by_number<'a>(pf: &'a ParsedFile, n: &str) -> &'a Document {
    pf.documents.iter().find(|d| d.doc_number.as_deref() == Some(n)).unwrap()
}

fn node<'a>(nodes: &'a [OutlineNode], path: &[&str]) -> &'a OutlineNode {
    let n = nodes.iter().find(|n| n.label == path[0]).unwrap_or_else(|| panic!("no {}", path[0]));
    if path.len() == 1 { n } else { node(&n.children, &path[1..]) }
}

#[test]
fn gazette_segmentation_and_metadata() {
    let pf = fixture("gazette-mini.txt");
    let numbers: Vec<Option<&str>> = pf.documents.iter().map(|d| d.doc_number.as_deref()).collect();
    assert_eq!(
        numbers,
        [Some("襄政规〔2023〕3号"), Some("襄政办〔2023〕12号"), Some("襄政〔2022〕8号"), Some("襄政规〔2023〕4号"), Some("襄政规〔2019〕7号"), Some("襄发改规〔2023〕1号"), None]
    );
    // Letter-spaced 版头, `[2023] 3 号`, title wrapped with a space, spaced signature and date.
    let d = by_number(&pf, "襄政规〔2023〕3号");
    assert_eq!(d.title, "市人民政府关于印发襄江市促进数字经济发展若干措施的通知");
    assert_eq!(d.issuers, ["襄江市人民政府"]);
    assert_eq!(d.date.unwrap().to_string(), "2023-03-01");
    assert_eq!((d.doc_type.as_deref(), d.enclosed_type.as_deref()), (Some("通知"), Some("措施")));
    assert_eq!(d.section.as_deref(), Some("市级文件选登"));
    assert_eq!((d.line_start, d.line_end), (33, 64));
    // A sentence broken by a page break and a running header is one paragraph.
    let one = node(&d.outline, &["一", "（一）"]);
    assert!(one.text.contains("对入选省级专精特新企业的给予20万元奖励"), "{}", one.text);
    assert_eq!((one.line_start, one.line_end), (50, 54));
    let two = node(&d.outline, &["一", "（二）", "2"]);
    assert_eq!((two.text.as_str(), two.heading.as_deref()), ("2.平台应当连续运营一年以上。", None), "one sentence: no heading");
    assert_eq!(node(&d.outline, &["一", "（二）"]).heading.as_deref(), Some("支持平台建设"));
    // 附件说明 and attachments.
    let d = by_number(&pf, "襄政办〔2023〕12号");
    assert_eq!(d.attachments, ["防汛责任人名单", "防汛物资清单"]);
    assert_eq!(node(&d.outline, &["附件2"]).heading.as_deref(), Some("防汛物资清单"));
    assert!(!node(&d.outline, &["二"]).text.contains("附件"));
    // Joint 版头 and a 文号 whose year disagrees with the date.
    let d = by_number(&pf, "襄政〔2022〕8号");
    assert_eq!(d.issuers, ["襄江市人民政府", "襄江海关"]);
    assert!(d.warnings.iter().any(|w| w.code == "docno_year_mismatch" && w.line == 101 && w.source == "gazette-mini.txt"));
    // A republished text inside a decision.
    let d = by_number(&pf, "襄政规〔2019〕7号");
    assert_eq!(d.embedded_in.as_deref(), Some("襄政规〔2023〕4号"));
    assert_eq!(d.title, "市人民政府关于加强犬只管理的通告");
    assert_eq!(d.date.unwrap().to_string(), "2019-05-06");
    assert!(by_number(&pf, "襄政规〔2023〕4号").outline.is_empty());
    // Department layout: title over two lines, 文号 and date on one line.
    let d = by_number(&pf, "襄发改规〔2023〕1号");
    assert_eq!(d.title, "市发改委关于印发襄江市节能管理办法的通知");
    assert_eq!(d.issuers_full, ["襄江市发展和改革委员会"]);
    assert_eq!(d.section.as_deref(), Some("部门文件选登"));
    let articles: Vec<&str> = d.outline.iter().flat_map(|c| &c.children).filter(|n| n.kind == NodeKind::Article).map(|n| n.label.as_str()).collect();
    assert_eq!(articles, ["第一条", "第二条", "第三条"]);
    // Tripled bold glyphs open the 人事任免 section; the back matter is not a document.
    let p = pf.documents.last().unwrap();
    assert_eq!((p.title.as_str(), p.doc_type.as_deref(), p.line_end), ("人事任免", Some("人事任免"), 171));
    assert_eq!(p.date.unwrap().to_string(), "2023-02-28");
}

#[test]
fn toc_reconciliation() {
    let pf = fixture("gazette-mini.txt");
    let titles: Vec<(&str, Option<u32>)> = pf.toc.iter().map(|e| (e.title.as_str(), e.page)).collect();
    assert_eq!(titles.len(), 7);
    assert_eq!(titles[1], ("市人民政府办公厅关于做好防汛工作的通知", Some(5)), "entry wrapped over two lines");
    assert_eq!(titles[2], ("襄江市人民政府襄江海关关于推进口岸建设的意见", Some(8)), "tab leader");
    assert_eq!(pf.toc[4].section.as_deref(), Some("部门文件选登"));
    let unmatched: Vec<&str> = pf.warnings.iter().filter(|w| w.code == "toc_entry_unmatched").map(|w| w.message.as_str()).collect();
    assert_eq!(unmatched.len(), 1);
    assert!(unmatched[0].contains("市财政局关于加强会计管理的通知"));
}

#[test]
fn single_document_from_a_website() {
    let pf = fixture("single.txt");
    assert_eq!(pf.documents.len(), 1);
    let d = &pf.documents[0];
    assert_eq!(d.doc_number.as_deref(), Some("襄政办〔2024〕5号"));
    assert_eq!(d.title, "市人民政府办公厅关于开展城市体检工作的通知");
    assert_eq!(d.issuers, ["襄江市人民政府办公厅"]);
    assert_eq!(d.date.unwrap().to_string(), "2024-03-05");
    assert_eq!(d.copy_to, ["市委办公厅", "市人大常委会办公厅", "市政协办公厅"]);
    assert_eq!(d.printing.as_ref().unwrap().organ, "襄江市人民政府办公厅");
    // Fixed-width wrapping with blank lines between the pieces.
    let goal = node(&d.outline, &["一"]);
    assert!(goal.text.contains("形成城市体检报告，建立问题清单、整治清单和项目清单，为城市更新提供依据。"));
    assert_eq!(node(&d.outline, &["二", "（二）"]).line_end, 29);
    assert!(d.text.lines().next().unwrap().starts_with("为贯彻落实国家和省关于城市体检工作的部署要求，推进城市更新行动"));
}

#[test]
fn portal_html() {
    let pf = fixture("portal.html");
    assert_eq!(pf.documents.len(), 1);
    let d = &pf.documents[0];
    assert_eq!(d.title, "市人民政府关于加强城市绿化管理的通知");
    assert_eq!(d.doc_number.as_deref(), Some("襄政规〔2024〕2号"));
    assert_eq!(d.date.unwrap().to_string(), "2024-01-20");
    assert_eq!(d.outline.len(), 3);
    assert!(!d.text.contains("首页") && !d.text.contains("不是正文") && !d.text.contains("alert"));
}

#[test]
fn law_markdown() {
    let pf = fixture("law.md");
    let d = &pf.documents[0];
    assert_eq!(d.title, "襄江市城市绿化条例");
    assert_eq!(d.doc_type.as_deref(), Some("条例"));
    assert_eq!(d.issuers, ["襄江市人民代表大会常务委员会"]);
    let kinds: Vec<&str> = d.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["通过", "修正"]);
    assert_eq!(d.date.unwrap().to_string(), "2020-12-02", "full-width digits, latest version");
    // 第一条规定的… is a reference, not a sixth article.
    assert_eq!(node(&d.outline, &["第二章", "第二节", "第四条"]).line_start, 25);
    let mut all = Vec::new();
    gongwen_parse::outline::walk(&d.outline, "", &mut all);
    assert_eq!(all.iter().filter(|(_, n)| n.kind == NodeKind::Article).count(), 5);
}

#[test]
fn gbk_input_gives_the_same_documents() {
    let utf8 = std::fs::read_to_string(format!("{}/tests/fixtures/single.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&utf8);
    let a = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "single.txt", utf8.as_bytes()).unwrap();
    let b = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "single-gbk.txt", &gbk).unwrap();
    assert_eq!(a.documents[0].fingerprint, b.documents[0].fingerprint);
    assert_eq!(a.documents[0].title, b.documents[0].title);
}

/// A joint document of four national organs signed one a line, in their
/// 规范简称, with a seal note between the signature and the date.
#[test]
fn long_signatures_seal_notes_and_national_short_names() {
    let text = "各有关单位：\n\n为推进示范工作，现就有关事项通知如下。\n\n一、加强组织领导。\n\n科技部\n国家发展改革委办公厅\n市场监管总局\n中央网信办\n\n（科技部代章）\n\n2024年3月5日\n";
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "joint.txt", text);
    let d = &pf.documents[0];
    assert_eq!(
        d.issuers_full,
        ["科学技术部", "国家发展和改革委员会办公厅", "国家市场监督管理总局", "中央网络安全和信息化委员会办公室"]
    );
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2024-03-05"));
    assert!(!d.text.contains("代章"), "{}", d.text);
}

/// A document dated only by its 题注, in brackets above the body.
#[test]
fn a_title_note_gives_the_date() {
    let text = "（2024年1月29日在襄江市第十届人民代表大会第二次会议上）\n\n各位代表：\n\n现在，我代表市人民政府，向大会报告工作。\n\n一、过去一年的工作\n\n经济运行稳中向好。\n";
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "report.txt", text);
    assert_eq!(pf.documents[0].date.map(|x| x.to_string()).as_deref(), Some("2024-01-29"));
}

/// An extraction that prints the 版头's `文件` on its own line under the 文号:
/// it is not the start of the title.
#[test]
fn a_lone_header_word_is_not_the_title() {
    let text = "襄江市工业和信息化局\n襄江市公安局\n襄工信字〔2024〕3号\n文件\n关于印发《襄江市道路测试管理办法》的通知\n各相关单位：\n现将《襄江市道路测试管理办法》印发给你们，请遵照执行。\n襄江市工业和信息化局\n襄江市公安局\n2024年3月5日\n";
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "header.txt", text);
    assert_eq!(pf.documents[0].title, "关于印发《襄江市道路测试管理办法》的通知");
}

/// A whole 公文 flattened into one line (title, 文号, 主送, body, a contact
/// line, two organs signed without a space, the date, then 抄送), as portals
/// and scrapers deliver it: read as if printed line by line.
#[test]
fn a_flattened_department_notice() {
    let body = "各地要加强组织领导，明确责任分工，抓好工作落实，确保取得实效。".repeat(12);
    let text = format!(
        "襄江省发展改革委办公厅襄江省能源局综合司关于开展储能示范工作的通知襄发改办能源〔2021〕45号各市发展改革委、能源局，省电力公司：为推动储能示范工作，现将有关事项通知如下。一、总体要求{body}二、工作安排{body}三、组织保障{body}联系人：周明，电话：0731-88990011。襄江省发展改革委办公厅襄江省能源局综合司2021年5月8日抄送：国家能源局。\n"
    );
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "flat.txt", &text);
    assert_eq!(pf.documents.len(), 1);
    let d = &pf.documents[0];
    assert_eq!(d.title, "襄江省发展改革委办公厅襄江省能源局综合司关于开展储能示范工作的通知");
    assert_eq!(d.doc_number.as_deref(), Some("襄发改办能源〔2021〕45号"));
    assert_eq!(d.addressees, ["各市发展改革委", "能源局", "省电力公司"]);
    assert_eq!(d.issuers, ["襄江省发展改革委办公厅", "襄江省能源局综合司"]);
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2021-05-08"));
    let items: Vec<&str> = d.outline.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(items, ["一", "二", "三"]);
    // Every piece keeps the file's one line.
    assert_eq!((d.line_start, d.line_end), (1, 1));
}

/// Rules flattened after an attachment label, with chapters: the title is the
/// rules' name, not the label or the first chapter.
#[test]
fn flattened_rules_with_chapters() {
    let body = "示范区应当建立健全管理制度，加强日常监督检查。".repeat(12);
    let text = format!("附件2襄江示范区管理办法（试行）第一章总则第一条为规范示范区管理，制定本办法。{body}第二条本办法适用于全省示范区。{body}第二章附则第三条本办法自发布之日起施行。—6—\n");
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "flat-rules.txt", &text);
    let d = &pf.documents[0];
    assert_eq!(d.title, "襄江示范区管理办法（试行）");
    let chapters: Vec<&str> = d.outline.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(chapters, ["第一章", "第二章"]);
}

/// A document copied from a portal with its 信息公开 table above it, and a
/// legal-database export header: the fields are furniture (not the title),
/// and what they state fills in what the text does not print, with a
/// warning naming the line.
#[test]
fn portal_and_database_fields_are_evidence_not_text() {
    let text = "索引号：11000000/2023-00045\t主题分类：商贸\n发文机关：襄江市商务局 成文日期：2023年06月12日\n发文字号：襄商发〔2023〕7号\n收藏 打印本页 关闭窗口\n关于开展老字号认定工作的通知\n各区商务主管部门：\n为保护和传承老字号，现将有关事项通知如下。\n一、认定条件。\n二、申报程序。\n";
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "portal.txt", text);
    assert_eq!(pf.documents.len(), 1);
    let d = &pf.documents[0];
    assert_eq!(d.title, "关于开展老字号认定工作的通知");
    assert_eq!(d.doc_number.as_deref(), Some("襄商发〔2023〕7号"));
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2023-06-12"));
    assert_eq!(d.issuers, ["襄江市商务局"]);
    assert!(!d.text.contains("索引号") && !d.text.contains("打印本页"), "{}", d.text);
    let lines: Vec<usize> = d.warnings.iter().filter(|w| w.code == "metadata_from_fields").map(|w| w.line).collect();
    assert_eq!(lines, [2, 2, 3], "{:?}", d.warnings);
    assert!(!pf.warnings.iter().any(|w| w.code == "lines_outside_documents"), "{:?}", pf.warnings);

    // A flattened legal-database export runs the fields into the title.
    let body = "各地要加强组织领导，明确责任分工，抓好工作落实。".repeat(30);
    let flat = format!("襄江省人民政府关于促进示范发展的意见文号:襄政发[2022]12号效力级别:地方规范性文件各市人民政府，省政府各部门：为促进示范发展，提出如下意见。一、总体要求{body}二、主要任务{body}\n");
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "export.txt", &flat);
    let d = &pf.documents[0];
    assert_eq!(d.title, "襄江省人民政府关于促进示范发展的意见");
    assert_eq!(d.doc_number.as_deref(), Some("襄政发〔2022〕12号"));
    assert_eq!(d.addressees, ["各市人民政府", "省政府各部门"]);
}

/// A 文号 printed in brackets under the title, and a date written with ○ for
/// 〇, as some publishers print them.
#[test]
fn a_bracketed_number_under_the_title_and_a_circle_for_zero() {
    let text = "襄江市人民政府关于加强示范区管理的通知\n（襄政发〔2012〕3号）\n各区人民政府，市人民政府各部门：\n为加强示范区管理，现将有关事项通知如下。\n一、明确职责。\n襄江市人民政府\n二○一二年三月五日\n";
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "bracketed.txt", text);
    assert_eq!(pf.documents.len(), 1);
    let d = &pf.documents[0];
    assert_eq!(d.title, "襄江市人民政府关于加强示范区管理的通知");
    assert_eq!(d.doc_number.as_deref(), Some("襄政发〔2012〕3号"));
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2012-03-05"));
    assert_eq!(d.issuers, ["襄江市人民政府"]);
}

/// Copies of documents laid end to end without 版头 (as portals and
/// exports print them): each is found at its first printed line by the
/// layouts of data/layouts.toml — a 文号 with its 主送, a 主送 after the end
/// of the one before, a 题注, a speech's salutation — and the text a notice
/// encloses after its signature stays with it.
#[test]
fn documents_laid_end_to_end_without_headers() {
    let pf = fixture("end-to-end-copies.txt");
    let got: Vec<(usize, Option<&str>, Option<String>)> =
        pf.documents.iter().map(|d| (d.line_start, d.doc_number.as_deref(), d.date.map(|x| x.to_string()))).collect();
    assert_eq!(
        got,
        [
            (1, Some("襄政数发〔2024〕7号"), Some("2024-06-14".into())),
            (21, None, Some("2024-08-26".into())),
            (31, None, Some("2024-05-06".into())),
            (37, None, None),
        ],
        "{:#?}",
        pf.warnings
    );
    // The enclosed 措施 and the contact line stay with the notice.
    assert!(pf.documents[0].text.contains("简化办事材料"));
    assert_eq!(pf.documents[0].issuers, ["襄江市数据管理局"]);
    assert!(pf.warnings.iter().all(|w| w.code != "lines_outside_documents"), "{:#?}", pf.warnings);
}

/// A plan printed with its title alone (no 版头, 文号 or 主送) after a text
/// that has no end of its own: the title starts a document (layout 独立标题
/// of data/layouts.toml). Prose that a PDF's text wraps into short lines,
/// one of them ending in 标准, does not; nor does a box (专栏), a numbered
/// item or a list over its table inside a text.
#[test]
fn a_plan_under_its_title_alone_after_a_text_without_end() {
    let text = "各区人民政府，市人民政府各部门：\n为推进数据标准化工作，现将有关事项通知如下。\n一、完善标准体系。\n加快制定重点行业数据分类分级标准\n，形成统一规则。\n专栏一 重点行业数据标准\n制造业：重点制定设备数据标准。\n二、加强组织实施。各单位要认真落实。\n03“城市数据大脑”建设计划\n加大数据开发力度，定期发布数据目录。\n襄江市数据标准化重点任务清单\n序号\t主要任务\t责任单位\n1\t制定数据标准。\t市数据局\n三、强化督促检查。市数据局定期通报进展。\n\n襄江市数字经济发展行动计划\n（2024-2026年）\n为加快数字经济发展，\n结合本市实际，制定本计划。\n一、总体要求\n到2026年，数字经济核心产业增加值达到800亿元。\n";
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "plan.txt", text);
    let got: Vec<(usize, &str)> = pf.documents.iter().map(|d| (d.line_start, d.title.as_str())).collect();
    assert_eq!(got, [(1, ""), (16, "襄江市数字经济发展行动计划（2024-2026年）")], "{:#?}", pf.warnings);
}

/// A rule printed under its title, with a preamble and then its first
/// chapter, after a text without end, is a text of its own; the rule a
/// notice encloses stays with the notice.
#[test]
fn a_rule_under_its_title_with_its_chapters_after_a_text_without_end() {
    let text = "各区人民政府，市人民政府各部门：\n为推进养老服务，现将有关事项通知如下。\n一、加快人才培养。鼓励科研人员进入养老行业。\n二、打造高素质的人才队伍。\n\n襄江市智能养老服务伦理规范\n为规范智能养老服务，制定本规范。\n第一章　总则\n第一条　本规范适用于本市。\n";
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "rule.txt", text);
    let got: Vec<(usize, &str)> = pf.documents.iter().map(|d| (d.line_start, d.title.as_str())).collect();
    assert_eq!(got, [(1, ""), (6, "襄江市智能养老服务伦理规范")], "{:#?}", pf.warnings);
    let enclosed = "襄江市人民政府关于印发襄江市智能养老服务伦理规范的通知\n各区人民政府，市人民政府各部门：\n现将《襄江市智能养老服务伦理规范》印发给你们，请认真贯彻执行。\n\n襄江市智能养老服务伦理规范\n第一章　总则\n第一条　本规范适用于本市。\n";
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "enclosed-rule.txt", enclosed);
    assert_eq!(pf.documents.len(), 1, "{:#?}", pf.documents.iter().map(|d| (d.line_start, &d.title)).collect::<Vec<_>>());
}

/// The plan a 印发 notice encloses, printed under the notice that has no
/// signature, stays with the notice.
#[test]
fn the_enclosed_plan_stays_with_its_notice() {
    let text = "襄江市人民政府关于印发襄江市数字经济发展行动计划的通知\n各区人民政府，市人民政府各部门：\n现将《襄江市数字经济发展行动计划》印发给你们，请认真贯彻执行。\n\n襄江市数字经济发展行动计划\n为加快数字经济发展，结合本市实际，制定本计划。\n一、总体要求\n";
    let pf = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "enclosed.txt", text);
    assert_eq!(pf.documents.len(), 1, "{:#?}", pf.documents.iter().map(|d| (d.line_start, &d.title)).collect::<Vec<_>>());
}

/// A paragraph wrapped over several source lines keeps where each line
/// begins: a value found inside it cites the line it is printed on. On the
/// Wuhan gazettes (PDF-extracted, wrapped everywhere): at every recorded
/// wrap, the paragraph goes on with that source line's text.
#[test]
fn a_wrapped_paragraph_knows_the_line_of_every_offset() {
    let Some(corpus) = gongwen_testkit::shared_corpus() else { return };
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).take(4).collect::<String>();
    let mut checked = 0;
    for e in std::fs::read_dir(corpus.join("wuhan")).unwrap().flatten() {
        let path = e.path();
        let raw = std::fs::read_to_string(&path).unwrap();
        let source: Vec<&str> = raw.lines().collect();
        let parsed = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), &path.to_string_lossy(), &raw);
        for d in &parsed.documents {
            let paras: Vec<(usize, &str)> = d.paragraphs().collect();
            for w in &d.wraps {
                let [i, at, line] = *w;
                let (first, para) = paras[i];
                assert!(line > first && line <= d.line_end, "{w:?} in {}", d.title);
                assert_eq!(d.line_at(first, at), line);
                assert_eq!(d.line_at(first, at.saturating_sub(1)), if at == 0 { line } else { d.line_at(first, at - 1) });
                let printed = squeeze(source[line - 1]);
                if printed.chars().count() == 4 && printed.chars().all(|c| c > '\u{3000}') {
                    assert!(squeeze(&para[at..]).starts_with(&printed) || printed.starts_with(&squeeze(&para[at..])), "line {line} of {}: {printed} vs {}", path.display(), &para[at..].chars().take(8).collect::<String>());
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 300, "{checked} wraps checked");
}

/// A 令 and a 公告 numbered in their own series, each followed by the text it
/// promulgates, then a notice citing the first by its order number: each
/// promulgation and its text are one document, titled by the text and known
/// by its order number.
#[test]
fn a_decree_and_the_text_it_promulgates_are_one_document() {
    let pf = fixture("orders.txt");
    let got: Vec<(usize, usize, Option<&str>, &str)> =
        pf.documents.iter().map(|d| (d.line_start, d.line_end, d.order.as_deref().or(d.doc_number.as_deref()), d.title.as_str())).collect();
    assert_eq!(
        got,
        [
            (1, 21, Some("襄江省人民政府令第345号"), "襄江省农村公路管理办法"),
            (23, 39, Some("襄江省人民代表大会常务委员会公告〔十四届〕第103号"), "襄江省接诉即办工作条例"),
            (41, 53, Some("襄政办发〔2022〕5号"), "襄江省人民政府办公厅关于做好农村公路养护工作的通知"),
        ]
    );
    let decree = &pf.documents[0];
    // Signed by a person, issued by the organ the 令 names; its 文种 stays 令.
    assert_eq!((decree.issuers.as_slice(), decree.doc_type.as_deref()), (&["襄江省人民政府".to_string()][..], Some("令")));
    assert!(decree.doc_number.is_none());
    // The promulgated text's articles are the document's outline.
    assert_eq!(decree.signers, ["省长 张三丰"]);
    assert!(decree.text.starts_with("《襄江省农村公路管理办法》已经") && decree.text.ends_with("第三条本办法自2022年1月1日起施行。"), "{}", decree.text);
    assert!(!decree.text.contains("张三丰"), "the signature is not body text");
    let notice = &pf.documents[1];
    assert_eq!(notice.issuers, ["襄江省第十四届人民代表大会常务委员会"]);
    assert_eq!(notice.doc_type.as_deref(), Some("公告"));
}

/// A copy cut short mid-sentence, then a plan's cover (title, edition note,
/// month of issue, 目录): the cover starts a text of its own.
#[test]
fn a_cover_after_a_text_cut_short_starts_a_text() {
    let text = "襄江市人民政府关于加强河湖管理的通知\n\n襄政发〔2023〕9号\n\n各区人民政府：\n\n一、加强巡查。各区要加强河湖日常巡查。\n\n二、强化考核。考核结果纳入年度目标管理，并作为\n\n襄江市智慧水利标准体系\n建设指南\n（2023版）\n2023年11月\n目录\n一、总体要求\n\n一、总体要求\n\n为推进智慧水利建设，制定本指南。\n";
    let pf = parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "cover.txt", text.as_bytes()).unwrap();
    let got: Vec<(usize, &str)> = pf.documents.iter().map(|d| (d.line_start, d.title.as_str())).collect();
    assert_eq!(got, [(1, "襄江市人民政府关于加强河湖管理的通知"), (11, "襄江市智慧水利标准体系建设指南（2023版）")]);
}

/// Heads other governments print: a title whose organ stands on a line of its
/// own above `关于…` (a 批复 without 版头, a 通告 right after another
/// document's date), and a 纪要 with its issue number and its printing office
/// and date on one line: the 纪要 is issued by the organ whose meeting it
/// records (its title names it), as registers list it, not by the office.
#[test]
fn titles_with_their_organ_above_and_a_numbered_minutes() {
    let pf = fixture("heads.txt");
    let got: Vec<(Option<&str>, &str, Vec<&str>, String)> = pf
        .documents
        .iter()
        .map(|d| (d.order.as_deref().or(d.doc_number.as_deref()), d.title.as_str(), d.issuers.iter().map(String::as_str).collect(), d.date.unwrap().to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("襄政字〔2023〕45号"), "襄江省人民政府关于同意设立襄北新区的批复", vec!["襄江省人民政府"], "2023-03-10".to_string()),
            (Some("襄北政发〔2022〕9号"), "襄北市人民政府关于禁止燃放烟花爆竹的通告", vec!["襄北市人民政府"], "2022-12-20".to_string()),
            (Some("襄北市人民政府常务会议纪要第12期"), "襄北市人民政府常务会议纪要", vec!["襄北市人民政府"], "2023-04-06".to_string()),
        ]
    );
    assert!(pf.warnings.iter().all(|w| w.code != "lines_outside_documents"), "{:?}", pf.warnings);
}

/// A provincial gazette whose sections are printed in brackets (【省政府令】)
/// and whose TOC names each document's number after its title: every
/// document is found in its section, every TOC entry matches its document.
#[test]
fn a_gazette_with_bracketed_sections_and_numbered_toc_entries() {
    let pf = fixture("gazette-brackets.txt");
    let got: Vec<(Option<&str>, &str, Option<&str>)> =
        pf.documents.iter().map(|d| (d.order.as_deref().or(d.doc_number.as_deref()), d.title.as_str(), d.section.as_deref())).collect();
    assert_eq!(
        got,
        [
            (Some("襄南省人民政府令第301号"), "襄南省农村供水管理办法", Some("省政府令")),
            (Some("襄南府〔2024〕12号"), "襄南省人民政府关于印发襄南省促进民营经济发展若干措施的通知", Some("省政府文件")),
            (Some("襄南府办〔2024〕3号"), "襄南省人民政府办公厅关于做好春耕生产工作的通知", Some("省政府办公厅文件")),
        ]
    );
    let toc: Vec<(&str, Option<u32>)> = pf.toc.iter().map(|e| (e.title.as_str(), e.page)).collect();
    assert_eq!(toc[0], ("襄南省农村供水管理办法", Some(3)));
    let noisy: Vec<&str> = pf.warnings.iter().chain(pf.documents.iter().flat_map(|d| &d.warnings)).map(|w| w.code.as_str()).collect();
    assert!(noisy.is_empty(), "{noisy:?}");
}

/// A portal page whose 信息公开 table prints the title and 文号 in cells
/// (label and value in cells of one row, labels spaced out: `标　　题：`)
/// and whose article prints neither: the table's fields give them, with a
/// warning naming the line; the breadcrumb trail is furniture.
#[test]
fn a_portal_table_gives_the_title_and_number_the_article_does_not_print() {
    let pf = fixture("portal-table.html");
    assert_eq!(pf.documents.len(), 1, "{:?}", pf.documents.iter().map(|d| &d.title).collect::<Vec<_>>());
    let d = &pf.documents[0];
    assert_eq!(d.title, "襄江省人民政府关于印发襄江省数字经济发展规划的通知");
    assert_eq!((d.doc_number.as_deref(), d.doc_type.as_deref()), (Some("襄政发〔2024〕2号"), Some("通知")));
    assert_eq!(d.date.unwrap().to_string(), "2024-01-15");
    assert_eq!(d.addressees, ["各市人民政府", "省政府各部门", "各直属机构"]);
    let codes: Vec<&str> = d.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["metadata_from_fields", "metadata_from_fields"], "{:?}", d.warnings);
    assert!(pf.warnings.iter().all(|w| w.code != "lines_outside_documents"), "{:?}", pf.warnings);
}

/// The letter format (信函格式): the issuing organs printed without `文件`,
/// the 文号 right under them — one organ, and two side by side; a field whose
/// colon was lost (`发文机构北京市…`) is never read as such an organ.
#[test]
fn letter_format_heads_without_the_word_file() {
    let pf = fixture("letters.txt");
    let got: Vec<(usize, Option<&str>, Vec<&str>)> =
        pf.documents.iter().map(|d| (d.line_start, d.doc_number.as_deref(), d.issuers.iter().map(String::as_str).collect())).collect();
    assert_eq!(got, [(1, Some("襄政办函〔2024〕5号"), vec!["襄江市人民政府办公室"]), (15, Some("襄发改〔2024〕12号"), vec!["襄江市发展和改革委员会", "襄江市财政局"])]);
    assert!(pf.warnings.iter().all(|w| w.code != "lines_outside_documents"), "{:?}", pf.warnings);
    let k = &gongwen_parse::knowledge::Knowledge::builtin();
    assert!(!k.is_org_name("发文机构北京市发展和改革委员会") && k.is_org_name("北京市发展和改革委员会"));
}

/// A text that opens straight with its body keeps its first line: the
/// sentence stands in as its name and stays in its text (a lone file, and a
/// flattened one whose title is printed in 《》 with a qualifier after it).
#[test]
fn a_text_opening_with_its_body_keeps_its_first_line() {
    let k = gongwen_parse::knowledge::Knowledge::builtin();
    let pf = gongwen_parse::parse_text(&k, "lone.txt", "为加强襄江市数据管理，制定本办法。\n第二条 本办法适用于本市。\n第三条 本办法自2024年1月1日起施行。\n");
    let d = &pf.documents[0];
    assert_eq!(d.title, "为加强襄江市数据管理，制定本办法。");
    assert!(d.text.starts_with("为加强襄江市数据管理，制定本办法。\n第二条"), "{}", d.text);
    assert_eq!(d.para_lines.first(), Some(&1));

    let body = "示范区应当建立健全管理制度，加强日常监督检查。".repeat(12);
    let text = format!("《襄江示范区管理办法》(修订征求意见稿)第一章总则第一条为规范示范区管理，根据《襄江省示范区条例》，制定本办法。{body}第二条本办法适用于全省示范区。{body}第三条本办法自发布之日起施行。\n");
    let pf = gongwen_parse::parse_text(&k, "flat-draft.txt", &text);
    let d = &pf.documents[0];
    assert_eq!(d.title, "襄江示范区管理办法（修订征求意见稿）");
    assert!(d.text.contains("第一条为规范示范区管理"), "{}", d.text);
}

/// A colon-ended line is no title: recipients the lexicon does not know
/// (`各煤矿安全监察分局，…：`) are not taken for one.
#[test]
fn recipients_are_no_title() {
    let k = gongwen_parse::knowledge::Knowledge::builtin();
    let pf = gongwen_parse::parse_text(&k, "to.txt", "各矿山安全监察分站，各县矿山监管部门，各矿业公司，各矿山：\n为加强矿山安全管理，现就有关事项通知如下。\n一、落实主体责任。\n");
    let d = &pf.documents[0];
    assert!(!d.title.ends_with('：'), "{}", d.title);
}

/// Replies to NPC deputies' suggestions and CPPCC members' proposals: the
/// title names what they answer (…第123号建议的答复, with or without the
/// replying organ and 关于/对), the salutation (李四代表：) is the addressee,
/// and the 文号 under the title is theirs, not part of the title.
#[test]
fn replies_to_suggestions_and_proposals() {
    let k = gongwen_parse::knowledge::Knowledge::builtin();
    let text = "关于市十五届人大三次会议第0123号建议的答复\n襄规资函〔2024〕45号\n张三代表：\n您提出的《关于加快城东片区规划建设的建议》收悉。现答复如下：\n一、关于规划编制。我局已组织编制城东片区控制性详细规划。\n襄江市自然资源和规划局\n2024年6月1日\n\n襄江市教育局对市十五届人大三次会议第123号建议的答复\n襄教函〔2024〕30号\n李四代表：\n您提出的关于加强中小学课后服务的建议收悉。现答复如下：\n一、关于课后服务时间。我局已出台相关文件。\n襄江市教育局\n2024年6月10日\n\n襄江市农业农村局关于市政协十四届三次会议第0456号提案的答复\n襄农函〔2024〕18号\n王五委员：\n您提出的关于发展都市农业的提案收悉。现答复如下：\n襄江市农业农村局\n2024年7月2日\n";
    let pf = gongwen_parse::parse_text(&k, "replies.txt", text);
    let got: Vec<(usize, Option<&str>, &str, Vec<&str>, Option<&str>)> = pf
        .documents
        .iter()
        .map(|d| (d.line_start, d.doc_number.as_deref(), d.title.as_str(), d.addressees.iter().map(String::as_str).collect(), d.doc_type.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (1, Some("襄规资函〔2024〕45号"), "关于市十五届人大三次会议第0123号建议的答复", vec!["张三代表"], Some("答复")),
            (9, Some("襄教函〔2024〕30号"), "襄江市教育局对市十五届人大三次会议第123号建议的答复", vec!["李四代表"], Some("答复")),
            (17, Some("襄农函〔2024〕18号"), "襄江市农业农村局关于市政协十四届三次会议第0456号提案的答复", vec!["王五委员"], Some("答复")),
        ]
    );
    assert!(pf.warnings.is_empty(), "{:?}", pf.warnings);
}

/// A joint title of many bodies printed on one line (separated by spaces,
/// by 、 or by nothing) is the title, however long.
#[test]
fn joint_titles_of_many_bodies_on_one_line() {
    let k = gongwen_parse::knowledge::Knowledge::builtin();
    let organs = ["襄江市发展和改革委员会", "襄江市财政局", "襄江市科学技术局", "襄江市经济和信息化局", "襄江市商务局", "襄江市自然资源和规划局", "襄江市生态环境局"];
    for sep in ["　", "、", ""] {
        let title = format!("{}关于印发襄江市绿色低碳产业发展若干措施的通知", organs.join(sep));
        let text = format!("{title}\n襄发改规〔2024〕5号\n各区人民政府，市直各有关单位：\n现将《襄江市绿色低碳产业发展若干措施》印发给你们，请认真贯彻执行。\n{}\n2024年5月6日\n", organs.join("　"));
        let pf = gongwen_parse::parse_text(&k, "joint.txt", &text);
        assert_eq!(pf.documents.len(), 1, "{sep:?}");
        let d = &pf.documents[0];
        assert_eq!((d.line_start, d.title.as_str()), (1, title.replace('　', "").as_str()), "{sep:?}");
        assert_eq!(d.issuers.len(), 7, "{sep:?}: {:?}", d.issuers);
        assert!(pf.warnings.is_empty() && d.warnings.is_empty(), "{sep:?}: {:?} {:?}", pf.warnings, d.warnings);
    }
}

/// A legal database's export header with its labels in brackets
/// (【发布部门】…, no colon) and a portal's buttons in brackets on one line
/// (【打印本页】【关闭窗口】) are furniture: the title above the header heads
/// the document, the header's 文号 fills in what the text does not print.
#[test]
fn bracketed_export_labels_and_buttons_are_furniture() {
    let k = gongwen_parse::knowledge::Knowledge::builtin();
    let text = "襄江市人民政府关于印发襄江市优化营商环境行动方案的通知\n【法宝引证码】CLI.12.345678\n【发布部门】襄江市人民政府\n【发文字号】襄政发〔2024〕3号\n【发布日期】2024.02.01\n【时效性】现行有效\n【效力级别】地方规范性文件\n各区人民政府，市人民政府各部门：\n现将《襄江市优化营商环境行动方案》印发给你们，请认真贯彻执行。\n襄江市人民政府\n2024年2月1日\n【打印本页】【关闭窗口】\n";
    let pf = gongwen_parse::parse_text(&k, "export.txt", text);
    assert_eq!(pf.documents.len(), 1, "{:?}", pf.documents.iter().map(|d| &d.title).collect::<Vec<_>>());
    let d = &pf.documents[0];
    assert_eq!(d.line_start, 1);
    assert_eq!(d.title, "襄江市人民政府关于印发襄江市优化营商环境行动方案的通知");
    assert_eq!(d.doc_number.as_deref(), Some("襄政发〔2024〕3号"));
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2024-02-01"));
    assert!(d.warnings.iter().any(|w| w.code == "metadata_from_fields"), "{:?}", d.warnings);
    assert!(!d.text.contains("打印本页") && !d.text.contains("发布部门"), "{}", d.text);
}

/// A speech: its title ends at 讲话, and neither the speaker's line nor the
/// 题注 date under it runs into the title.
#[test]
fn a_speech_title_ends_at_its_kind() {
    let k = gongwen_parse::knowledge::Knowledge::builtin();
    let pf = gongwen_parse::parse_text(&k, "speech.txt", "在全市经济工作会议上的讲话\n张　三\n（2024年1月5日）\n同志们：\n这次会议的主要任务是总结2023年经济工作，部署2024年工作。\n一、2023年经济运行总体平稳。\n");
    let d = &pf.documents[0];
    assert_eq!(d.title, "在全市经济工作会议上的讲话");
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2024-01-05"));
}

/// A joint 印发 title whose issuers stand on a line of their own above it
/// keeps them (发文机关 + 事由 + 文种); a 附注 under the date (（此件公开发布）)
/// is no part of the last paragraph; a responsibility note closing a sentence
/// ends its paragraph even where each paragraph is one long line.
#[test]
fn issuers_above_a_carrier_title_and_notes_that_end_paragraphs() {
    let k = gongwen_parse::knowledge::Knowledge::builtin();
    let text = "中共襄江市委办公室　襄江市人民政府办公室\n印发《关于推进乡村全面振兴的实施方案》的通知\n襄办发〔2025〕3号\n各区委、区人民政府，市委各部委：\n　　《关于推进乡村全面振兴的实施方案》已经市委、市政府同意，现印发给你们，请认真贯彻落实。对首次认定为国家级专精特新“小巨人”的企业，给予一次性奖励50万元，并支持其申报省级以上各类专项资金项目。（市工业和信息化局、市财政局按职责分工负责）\n　　本方案自印发之日起施行。\n中共襄江市委办公室\n襄江市人民政府办公室\n2025年2月14日\n（此件公开发布）\n";
    let pf = gongwen_parse::parse_text(&k, "carrier.txt", text);
    assert!(pf.warnings.is_empty(), "{:?}", pf.warnings);
    let [d] = &pf.documents[..] else { panic!("{:?}", pf.documents.len()) };
    assert_eq!(d.line_start, 1);
    assert_eq!(d.title, "中共襄江市委办公室襄江市人民政府办公室印发《关于推进乡村全面振兴的实施方案》的通知");
    assert_eq!(d.issuers, ["中共襄江市委办公室", "襄江市人民政府办公室"]);
    assert_eq!(d.para_lines, [5, 6]);
    assert!(d.text.ends_with("本方案自印发之日起施行。"), "{}", d.text);
}
