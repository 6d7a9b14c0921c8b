//! Tests over the real corpus in `../shared/corpus`. They skip (loudly) when
//! the corpus is absent, and fail when `CI=true` and it is absent.
//!
//! Every expected value below was checked by hand against the source text.

use gongwen_model::{Document, NodeKind, OutlineNode};
use gongwen_parse::{mark_duplicates, parse_bytes, ParsedFile};
use std::path::PathBuf;

/// The built-in knowledge, loaded once for this test binary (tests only).
fn knowledge() -> &'static gongwen_parse::knowledge::Knowledge {
    static K: std::sync::OnceLock<gongwen_parse::knowledge::Knowledge> = std::sync::OnceLock::new();
    K.get_or_init(gongwen_parse::knowledge::Knowledge::builtin)
}

fn corpus() -> Option<PathBuf> {
    gongwen_testkit::shared_corpus()
}

fn parse(rel: &str) -> Option<ParsedFile> {
    let path = corpus()?.join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(parse_bytes(knowledge(), rel, &bytes).expect("corpus file parses"))
}

/// (line_start, 文号, title, date, embedded_in)
type Expected = (usize, Option<&'static str>, &'static str, Option<&'static str>, Option<&'static str>);

    // hanyang-gazette-2022-02.txt
    const HANYANG_2022_02: &[Expected] = &[
        (59, Some("阳政规〔2022〕3号"), "区人民政府印发关于落实加快推进总部经济高质量发展政策措施实施细则的通知", Some("2022-06-07"), None),
        (147, Some("阳政规〔2022〕4号"), "人民政府印发关于加快培育汉阳地理信息产业发展的若干扶持政策的通知", Some("2022-06-23"), None),
        (231, Some("阳政规〔2022〕5号"), "区人民政府印发关于支持中国武汉人力资源服务产业园（汉阳集聚区）发展的扶持政策（试行）的通知", Some("2022-06-26"), None),
        (355, Some("阳政〔2022〕10号"), "区人民政府关于武汉市汉阳区行政执法主体（第一批）的公告", Some("2022-04-15"), None),
        (440, Some("阳政〔2022〕11号"), "区人民政府关于印发武汉市汉阳区人民政府工作规则等文件的通知", Some("2022-04-14"), None),
        (1072, Some("阳政〔2022〕13号"), "区人民政府关于印发汉阳区加快推进现代化产业体系提升“1654”行动计划（2022-2024年）的通知", Some("2022-05-17"), None),
        (1274, Some("阳政〔2022〕15号"), "区人民政府关于公示第六批区级非物质文化遗产代表性项目名录的通知", Some("2022-06-15"), None),
        (1308, Some("阳政办〔2022〕3号"), "区人民政府办公室关于印发汉阳区2022年“项目策划年”实施方案的通知", Some("2022-04-06"), None),
        (1477, Some("阳政办〔2022〕4号"), "区人民政府办公室关于进一步加强区政府领导安全生产责任的通知", Some("2022-04-06"), None),
        (1541, Some("阳政办〔2022〕5号"), "区人民政府办公室关于印发武汉市汉阳区人民政府2022年度重大行政决策事项目录的通知", Some("2022-04-07"), None),
        (1559, Some("阳政办〔2022〕6号"), "区人民政府办公室印发汉阳区关于市十五届人大一次会议2号议案办理工作实施方案的通知", Some("2022-04-11"), None),
        (1643, Some("阳政办〔2022〕7号"), "区人民政府办公室印发汉阳区关于市政协十四届一次会议3号建议案办理工作方案的通知", Some("2022-04-15"), None),
        (1747, Some("阳政办〔2022〕8号"), "区人民政府办公室印发汉阳区行政执法协调监督工作体系建设试点工作方案的通知", Some("2022-04-30"), None),
        (1907, Some("阳政办〔2022〕9号"), "区人民政府办公室关于成立汉阳区保障性租赁住房工作领导小组的通知", Some("2022-03-18"), None),
        (1979, Some("阳政办〔2022〕10号"), "区人民政府办公室关于做好住户调查大样本轮换工作的通知", Some("2022-03-18"), None),
    ];
    // wuhan-gazette-2021-18.txt
    const WUHAN_2021_18: &[Expected] = &[
        (99, Some("武政规〔2021〕18号"), "市人民政府关于印发进一步推进大健康和生物技术产业发展政策措施的通知", Some("2021-11-16"), None),
        (162, Some("武政规〔2021〕19号"), "市人民政府关于印发武汉市市场主体住所（经营场所）登记管理办法的通知", Some("2021-11-26"), None),
        (223, Some("武政规〔2021〕20号"), "市人民政府关于印发武汉市湿地自然保护区生态补偿办法的通知", Some("2021-12-10"), None),
        (298, Some("武政规〔2021〕21号"), "市人民政府关于进一步完善城乡居民基本养老保险制度的实施意见", Some("2021-12-15"), None),
        (399, Some("武政〔2021〕19号"), "武汉市人民政府武汉海关印发关于促进综合保税区高水平开放高质量发展若干措施的通知", Some("2021-12-09"), None),
        (469, Some("武政〔2021〕20号"), "市人民政府关于印发武汉市人力资源和社会保障事业发展“十四五”规划的通知", Some("2021-12-02"), None),
        (917, Some("武政〔2021〕21号"), "市人民政府关于印发武汉东湖新技术开发区发展“十四五”规划的通知", Some("2021-12-02"), None),
        (1403, Some("武政〔2021〕22号"), "市人民政府关于武汉市第二十二届职业技能大赛技术状元技术能手及优秀单位和个人的通报", Some("2021-12-17"), None),
        (2432, Some("武政〔2021〕23号"), "市人民政府关于印发中国（湖北）自由贸易试验区武汉片区深化改革创新发展三年行动方案（2021—2023年）的通知", Some("2021-12-20"), None),
        (2691, Some("武政办〔2021〕132号"), "市人民政府办公厅关于印发武汉市影响群众健康突出问题“323”攻坚行动方案（2021—2025年）的通知", Some("2021-11-17"), None),
        (2761, Some("武政办〔2021〕135号"), "市人民政府办公厅关于推进人工影响天气工作高质量发展的意见", Some("2021-11-19"), None),
        (2809, Some("武政办〔2021〕136号"), "市人民政府办公厅关于印发武汉市推进市医院特色化发展实施方案的通知", Some("2021-11-22"), None),
        (2884, Some("武政办〔2021〕138号"), "市人民政府办公厅关于印发武汉市康复辅助器具产业国家综合创新试点实施方案的通知", Some("2021-11-25"), None),
        (2972, Some("武政办〔2021〕140号"), "市人民政府办公厅关于印发武汉市推进村卫生室和乡村医生队伍建设实施方案的通知", Some("2021-12-04"), None),
        (3042, Some("武政办〔2021〕145号"), "市人民政府办公厅关于印发武汉市第四期学前教育三年行动计划（2021—2023年）的通知", Some("2021-12-15"), None),
        (3139, Some("武政办〔2021〕148号"), "市人民政府办公厅关于印发武汉市重特大火灾事故应急预案（2021版）的通知", Some("2021-12-17"), None),
        (4123, None, "人事任免", Some("2021-12-08"), None),
    ];
    // wuhan-gazette-2024-05-06.txt
    const WUHAN_2024_05_06: &[Expected] = &[
        (92, None, "政府工作报告", Some("2024-01-18"), None),
        (288, Some("武政规〔2024〕4号"), "市人民政府关于集中修改和废止部分行政规范性文件的决定", Some("2024-03-16"), None),
        (334, Some("武政规〔2019〕21号"), "市人民政府关于进一步加强摩托车管理工作的通告", Some("2019-09-12"), Some("武政规〔2024〕4号")),
        (354, Some("武政规〔2022〕22号"), "市人民政府关于印发武汉市促进预制菜产业高质量发展若干措施的通知", Some("2022-11-24"), Some("武政规〔2024〕4号")),
        (394, Some("武政规〔2023〕6号"), "市人民政府印发关于加快发展股权投资若干支持政策的通知", Some("2023-02-05"), Some("武政规〔2024〕4号")),
        (509, Some("武政规〔2024〕5号"), "市人民政府关于公布继续有效的行政规范性文件目录的通告", Some("2024-03-16"), None),
        (671, Some("武政〔2024〕7号"), "市人民政府关于印发武汉市碳达峰实施方案的通知", Some("2024-03-24"), None),
        (799, Some("武政办〔2024〕19号"), "市人民政府办公厅关于印发市十五届人大三次会议2号议案办理工作方案的通知", Some("2024-02-29"), None),
        (871, Some("武政办〔2024〕20号"), "市人民政府办公厅关于印发市政协十四届三次会议3号建议案办理工作方案的通知", Some("2024-03-01"), None),
        (945, Some("武政办〔2024〕21号"), "市人民政府办公厅印发关于推动外经贸载体创新提能发展实施方案的通知", Some("2024-03-07"), None),
        (1124, Some("武政办〔2024〕23号"), "市人民政府办公厅关于印发市政协十四届三次会议2号建议案办理工作方案的通知", Some("2024-03-09"), None),
        (1255, Some("武政办〔2024〕24号"), "市人民政府办公厅关于印发武汉市落实省进一步保障和改善民生若干措施任务清单的通知", Some("2024-03-11"), None),
        (1341, Some("武政办〔2024〕25号"), "市人民政府办公厅印发关于支持武汉市低空经济高质量发展实施意见的通知", Some("2024-03-12"), None),
        (1506, Some("武政办〔2024〕28号"), "市人民政府办公厅关于印发市政协十四届三次会议1号建议案办理工作方案的通知", Some("2024-03-26"), None),
        (1612, Some("武政办〔2024〕30号"), "市人民政府办公厅关于印发市十五届人大三次会议1号议案办理工作方案的通知", Some("2024-03-27"), None),
        (1728, Some("武发改规〔2023〕1号"), "市发改委关于印发武汉市固定资产投资项目节能审查实施办法的通知", Some("2023-11-09"), None),
        (1845, Some("武发改规〔2023〕2号"), "市发改委关于印发武汉市节能降碳和循环经济发展专项资金管理办法的通知", Some("2023-11-30"), None),
        (1963, Some("武医保规〔2023〕2号"), "市医保局关于进一步加强全市基本医疗保险门诊慢特病待遇保障工作的通知", Some("2023-12-26"), None),
        (2005, None, "人事任免", Some("2024-03-01"), None),
    ];
    // wuhan-gazette-2024-excerpt.txt
    const WUHAN_2024_EXCERPT: &[Expected] = &[
        (3, Some("武政规〔2024〕6号"), "市人民政府关于印发武汉市推进商业航天突破性发展若干措施的通知", Some("2024-07-11"), None),
        (206, Some("武政〔2024〕9号"), "武汉市人民政府武汉市人民检察院关于印发武汉市“府检联动”实施方案的通知", Some("2024-06-16"), None),
        (466, Some("武政办〔2024〕67号"), "市人民政府办公厅关于印发武汉市提升行政执法质量行动方案的通知", Some("2024-06-21"), None),
        (740, Some("武医保规〔2024〕1号"), "市医保局市财政局关于废止《武汉市欺诈骗取医疗保障基金行为举报奖励实施细则》的通知", Some("2024-03-18"), None),
        (770, Some("武市监规〔2024〕1号"), "市市场监管局关于印发《“武汉精品”认定管理办法》的通知", Some("2024-04-08"), None),
        (1282, None, "人事任免", Some("2024-06-24"), None),
    ];
    // wuhan-zhengban-2024-67.txt
    const ZHENGBAN_2024_67: &[Expected] = &[
        (2, Some("武政办〔2024〕67号"), "市人民政府办公厅关于印发武汉市提升行政执法质量行动方案的通知", Some("2024-06-21"), None),
    ];


fn check(file: &str, expected: &[Expected]) -> ParsedFile {
    let pf = parse(&format!("wuhan/{file}")).unwrap();
    let got: Vec<Expected> = pf
        .documents
        .iter()
        .map(|d| {
            let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
            (
                d.line_start,
                d.doc_number.clone().map(leak),
                leak(d.title.clone()),
                d.date.map(|x| leak(x.to_string())),
                d.embedded_in.clone().map(leak),
            )
        })
        .collect();
    for (g, e) in got.iter().zip(expected) {
        assert_eq!(g, e, "{file}");
    }
    assert_eq!(got.len(), expected.len(), "{file}: number of documents");
    pf
}

fn doc<'a>(pf: &'a ParsedFile, number: &str) -> &'a Document {
    pf.documents.iter().find(|d| d.doc_number.as_deref() == Some(number)).unwrap_or_else(|| panic!("{number} not found"))
}

fn find_node<'a>(nodes: &'a [OutlineNode], path: &[&str]) -> Option<&'a OutlineNode> {
    let (first, rest) = path.split_first()?;
    let n = nodes.iter().find(|n| n.label == *first)?;
    if rest.is_empty() { Some(n) } else { find_node(&n.children, rest) }
}

fn warning_codes(pf: &ParsedFile) -> Vec<String> {
    pf.warnings.iter().chain(pf.documents.iter().flat_map(|d| &d.warnings)).map(|w| w.code.clone()).collect()
}

#[test]
fn wuhan_2024_05_06() {
    if corpus().is_none() { return; }
    let pf = check("wuhan-gazette-2024-05-06.txt", WUHAN_2024_05_06);
    // 16 TOC entries, 16 top-level documents in the body, every entry matched.
    assert_eq!(pf.toc.len(), 16);
    assert_eq!(pf.documents.iter().filter(|d| d.embedded_in.is_none()).count(), 16);
    assert!(!warning_codes(&pf).contains(&"toc_entry_unmatched".to_string()));
    // The TOC spells one title with a doubled 文件: reported, not hidden.
    let d = doc(&pf, "武政规〔2024〕4号");
    assert!(d.warnings.iter().any(|w| w.code == "toc_title_differs"));
    assert_eq!(d.doc_type.as_deref(), Some("决定"));
    assert_eq!(d.issuers, ["武汉市人民政府"]);
    assert_eq!(d.addressees, ["各区人民政府", "市人民政府各部门"]);
    // Department layout: 文号 and date on one line, issuer from the title.
    let d = doc(&pf, "武发改规〔2023〕1号");
    assert_eq!(d.issuers, ["市发改委"]);
    assert_eq!(d.issuers_full, ["武汉市发展和改革委员会"]);
    assert_eq!(d.section.as_deref(), Some("部门文件选登"));
    assert_eq!(d.enclosed_type.as_deref(), Some("办法"));
    assert!(find_node(&d.outline, &["第一章", "第一条"]).is_some());
    let articles: usize = d.outline.iter().map(|c| c.children.iter().filter(|n| n.kind == NodeKind::Article).count()).sum();
    assert_eq!(articles, 21);
    // The report has no 文号 and takes its date from the subtitle.
    let r = &pf.documents[0];
    assert_eq!((r.title.as_str(), r.doc_type.as_deref()), ("政府工作报告", Some("报告")));
    assert_eq!(r.signers, ["市长 程用文"]);
    // Republished texts are their own documents, inside their parent's section.
    let m = doc(&pf, "武政规〔2019〕21号");
    assert_eq!(m.embedded_in.as_deref(), Some("武政规〔2024〕4号"));
    assert_eq!(m.section.as_deref(), Some("市级文件选登"));
    assert!(m.history_note.as_deref().unwrap().contains("2019年9月15日起施行"));
    assert_eq!(find_node(&m.outline, &["八"]).unwrap().text, "八、本通告自2019年9月15日起施行。");
    // 人事任免
    let p = pf.documents.last().unwrap();
    assert_eq!((p.title.as_str(), p.section.as_deref()), ("人事任免", Some("人事任免")));
    assert_eq!((p.line_start, p.line_end), (2005, 2007));
}

#[test]
fn wuhan_2021_18() {
    if corpus().is_none() { return; }
    let pf = check("wuhan-gazette-2021-18.txt", WUHAN_2021_18);
    assert_eq!(pf.toc.len(), 17, "16 documents + 人事任免, wrapped entries joined");
    assert!(pf.toc.iter().any(|e| e.title == "市人民政府办公厅关于印发武汉市影响群众健康突出问题“323”攻坚行动方案（2021—2025年）的通知" && e.page == Some(97)));
    assert!(!warning_codes(&pf).contains(&"toc_entry_unmatched".to_string()));
    // A joint document: 版头 of the government, the customs on the next line.
    let d = doc(&pf, "武政〔2021〕19号");
    assert_eq!(d.issuers, ["武汉市人民政府", "武汉海关"]);
    assert_eq!(d.signers, ["武汉市人民政府", "武汉海关"]);
    // The TOC misspells one title: 市区级医院 vs the body's 市医院.
    assert!(doc(&pf, "武政办〔2021〕136号").warnings.iter().any(|w| w.code == "toc_title_differs"));
    // Sidebars of a 规划.
    let plan = doc(&pf, "武政〔2021〕20号");
    let mut all = Vec::new();
    gongwen_parse::outline::walk(&plan.outline, "", &mut all);
    assert!(all.iter().filter(|(_, n)| n.kind == NodeKind::Sidebar).count() >= 17);
    let p = pf.documents.last().unwrap();
    assert_eq!(p.title, "人事任免");
    assert!(p.text.contains("任命赵峰为武汉市人民政府副市长（挂职）"));
}

#[test]
fn hanyang_2022_02() {
    if corpus().is_none() { return; }
    let pf = check("hanyang-gazette-2022-02.txt", HANYANG_2022_02);
    assert_eq!(pf.documents.len(), 15);
    assert_eq!(pf.toc.len(), 15);
    // The TOC entry wrapped around a running header and a rule line is joined.
    assert!(pf.toc.iter().any(|e| e.title.ends_with("2号议案办理工作实施方案的通知") && e.page == Some(66)));
    let d = doc(&pf, "阳政办〔2022〕8号");
    assert!(d.warnings.iter().any(|w| w.code == "toc_title_differs"));
    // 区 expands to the district named in the masthead.
    let d = doc(&pf, "阳政办〔2022〕3号");
    assert_eq!(d.issuers, ["武汉市汉阳区人民政府办公室"]);
    assert_eq!(d.section.as_deref(), Some("区政府办公室文件选登"));
    assert_eq!(d.attachments, ["汉阳区2022年重大项目策划任务分配表"]);
    let rules = doc(&pf, "阳政〔2022〕11号");
    assert_eq!(rules.attachments.len(), 3);
    assert!(find_node(&rules.outline, &["附件1"]).is_some());
    let hq = doc(&pf, "阳政规〔2022〕3号");
    let n = find_node(&hq.outline, &["第三章", "第九条", "（一）"]).unwrap();
    assert!(n.text.contains("按照企业实缴注册资本的2%给予落户奖励"));
}

#[test]
fn excerpt_and_standalone_are_one_document() {
    if corpus().is_none() { return; }
    let ex = check("wuhan-gazette-2024-excerpt.txt", WUHAN_2024_EXCERPT);
    let alone = check("wuhan-zhengban-2024-67.txt", ZHENGBAN_2024_67);
    // Fixed-width wrapping with blank lines between the pieces is undone.
    let d = doc(&ex, "武政规〔2024〕6号");
    let five = find_node(&d.outline, &["三", "（五）"]).unwrap();
    assert!(five.text.contains("依据生产性设备购置与改造投资总额的8%给予最高不超过800万元资金支持"));
    assert_eq!(five.heading.as_deref(), Some("加速商业航天企业智改数转"));
    // Letter-spaced joint 版头 with 文 / 件 on lines of their own.
    let j = doc(&ex, "武政〔2024〕9号");
    assert_eq!(j.issuers, ["武汉市人民政府", "武汉市人民检察院"]);
    // Department layout with two issuers in the title.
    let m = doc(&ex, "武医保规〔2024〕1号");
    assert_eq!(m.issuers_full, ["武汉市医疗保障局", "武汉市财政局"]);
    // The standalone copy carries its 版记.
    let s = &alone.documents[0];
    assert_eq!(s.printing.as_ref().unwrap().date.unwrap().to_string(), "2024-06-25");
    assert!(s.copy_to.contains(&"市纪委监委机关".to_string()));
    let mut docs: Vec<Document> = ex.documents.into_iter().chain(alone.documents).collect();
    let a = docs.iter().find(|d| d.doc_number.as_deref() == Some("武政办〔2024〕67号") && d.source.contains("excerpt")).unwrap();
    let b = docs.iter().find(|d| d.source.contains("zhengban")).unwrap();
    assert_eq!(a.fingerprint, b.fingerprint, "same content, different layout");
    mark_duplicates(&mut docs);
    let dup = docs.iter().find(|d| d.source.contains("zhengban")).unwrap();
    assert_eq!(dup.duplicate_of.as_ref().unwrap().line_start, 466);
}

/// Every law file parses with a title, and its outline has exactly as many
/// 第X条 nodes as the text has article lines.
#[test]
fn laws_corpus() {
    let Some(dir) = corpus() else { return };
    let mut files = Vec::new();
    let mut stack = vec![dir.join("laws")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { stack.push(p) } else if p.extension().is_some_and(|x| x == "md") { files.push(p) }
        }
    }
    assert!(files.len() >= 2800, "found {} law files", files.len());
    fn count(nodes: &[OutlineNode]) -> usize {
        nodes.iter().map(|n| usize::from(n.kind == NodeKind::Article) + count(&n.children)).sum()
    }
    let article = regex::Regex::new(r"^第[一二三四五六七八九十百千零〇两]+条[ \u{3000}]").unwrap();
    let mut with_date = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let src = String::from_utf8_lossy(&bytes);
        let pf = parse_bytes(knowledge(), &f.display().to_string(), &bytes).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let d = &pf.documents[0];
        assert!(!d.title.is_empty(), "{}", f.display());
        let body = src.split("<!-- INFO END -->").nth(1).unwrap_or("");
        let expected = body.lines().filter(|l| article.is_match(l.trim_start_matches('#').trim())).count();
        assert_eq!(count(&d.outline), expected, "{}", f.display());
        with_date += usize::from(d.date.is_some());
    }
    assert!(with_date + 1 >= files.len(), "all but one law (a Q&A guide) carry a date");
    let pf = parse("laws/行政法规/不动产登记暂行条例(2019-03-24).md").unwrap();
    let d = &pf.documents[0];
    assert_eq!(d.title, "不动产登记暂行条例");
    assert_eq!(d.issuers, ["国务院"]);
    assert_eq!(d.events[0].kind, gongwen_model::LawEventKind::Promulgated);
    assert_eq!(d.events[0].date.to_string(), "2014-11-24");
}

/// Flattened texts (the whole document in one line) of beyond/flattened:
/// title, 文号, joint issuers and date as printed.
#[test]
fn beyond_flattened_documents() {
    let Some(pf) = parse("beyond/flattened/0015_国家发展改革委办公厅国家能源局综合司关于开展电力现货市场建设试点工作的通知.txt") else { return };
    let d = &pf.documents[0];
    assert_eq!(d.title, "国家发展改革委办公厅国家能源局综合司关于开展电力现货市场建设试点工作的通知");
    assert_eq!(d.doc_number.as_deref(), Some("发改办能源〔2017〕1453号"));
    assert_eq!(d.issuers_full, ["国家发展和改革委员会办公厅", "国家能源局综合司"]);
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2017-08-28"));
    let Some(pf) = parse("beyond/flattened/0010_电力中长期交易基本规则（暂行）.txt") else { return };
    assert_eq!(pf.documents[0].title, "电力中长期交易基本规则");
    assert!(pf.documents[0].outline.iter().any(|n| n.label == "第一章"));
}
