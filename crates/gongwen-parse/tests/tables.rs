//! Tables recovered from the real corpus. Skips loudly without `../shared`.

use gongwen_model::{CellKind, Document};
use gongwen_parse::{parse_bytes, ParsedFile};

fn parse(rel: &str) -> Option<ParsedFile> {
    let path = gongwen_testkit::shared_corpus()?.join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), rel, &bytes).expect("corpus file parses"))
}

fn doc<'a>(pf: &'a ParsedFile, number: &str) -> &'a Document {
    pf.documents.iter().find(|d| d.doc_number.as_deref() == Some(number)).unwrap_or_else(|| panic!("{number} not found"))
}

#[test]
fn responsibility_list_has_92_rows_across_seven_pages() {
    let Some(pf) = parse("wuhan/wuhan-gazette-2021-18.txt") else { return };
    let d = doc(&pf, "武政〔2021〕23号");
    assert_eq!(d.tables.len(), 1);
    let t = &d.tables[0];
    assert_eq!(t.caption.as_deref(), Some("武汉片区深化改革创新发展三年行动方案（2021—2023年）责任清单"));
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    // The seventh copy of the header is letter-spaced (牵 头 单 位); it is still a repeat.
    assert_eq!(names, ["序号", "任务事项", "牵头单位", "责任单位", "完成时限"]);
    assert_eq!(t.repeated_headers, 6);
    assert_eq!(t.rows.len(), 92);
    let serials: Vec<String> = t.rows.iter().map(|r| r.cells[0].clone()).collect();
    assert_eq!(serials, (1..=92).map(|n| n.to_string()).collect::<Vec<_>>());
    assert!(t.rows.iter().all(|r| r.cells.len() == 5 && !r.cells[2].is_empty() && !r.cells[4].is_empty()));
    assert_eq!(t.rows[1].cells[2..], ["市科技局", "东湖高新区管委会", "2022年"]);
    assert_eq!(t.rows[91].cells[2..], ["市发改委", "市商务局、市招商办", "持续推进"]);
    assert_eq!(t.rows[91].line, 2689);
}

#[test]
fn award_list_counts_match_every_heading() {
    let Some(pf) = parse("wuhan/wuhan-gazette-2021-18.txt") else { return };
    let d = doc(&pf, "武政〔2021〕22号");
    let t = &d.tables[0];
    let counts: Vec<_> = t.checks.iter().filter(|c| c.kind == gongwen_model::CheckKind::Count).collect();
    // 6 parts, 2 groups and 83 categories, each stating how many it lists.
    assert_eq!(counts.len(), 91);
    let bad: Vec<_> = counts.iter().filter(|c| !c.ok).map(|c| (&c.subject, c.stated, c.counted)).collect();
    assert!(bad.is_empty(), "{bad:?}");
    let of = |s: &str| counts.iter().find(|c| c.subject == s).map(|c| c.counted).unwrap();
    assert_eq!(of("一、技术状元（32名）"), 32.0);
    assert_eq!(of("二、技术能手（464名）"), 464.0);
    assert_eq!(of("（一）职工组（274名）"), 274.0);
    assert_eq!(of("（二）学生组（190名）"), 190.0);
    assert_eq!(of("三、优秀组织单位（49个）"), 49.0);
    assert_eq!(of("五、优秀教练（172名）"), 172.0);
    // Team rows (two and three names), padded names and a unit with spaces.
    assert_eq!(of("物联网技术（9名）"), 9.0);
    let row = t.rows.iter().find(|r| r.cells.contains(&"林威".to_string())).unwrap();
    assert_eq!(row.cells, ["第三名", "林威", "洪山广场管理处"]);
    assert_eq!(row.groups, ["二、技术能手（464名）", "（一）职工组（274名）", "园林植物养护（9名）"]);
    let bar = t.rows.iter().find(|r| r.cells.get(1).is_some_and(|c| c == "涂睿")).unwrap();
    assert_eq!(bar.cells[2], "武汉 ZOZO 左佐鸡尾酒吧");
}

#[test]
fn indicator_tables_totals_and_html_residue() {
    let Some(pf) = parse("wuhan/wuhan-gazette-2021-18.txt") else { return };
    let t = &doc(&pf, "武政〔2021〕20号").tables[1];
    assert_eq!(t.caption.as_deref(), Some("专栏2“十四五”时期主要指标"));
    assert_eq!(t.columns[2].name, "2025年");
    assert_eq!(t.columns[2].kind, CellKind::Number);
    assert_eq!(t.rows[0].groups, ["一、就业"]);
    assert_eq!(t.rows[0].cells, ["1.城镇新增就业人数（万人）", "[106.74]", ">[110]", "预期性"]);
    assert!(t.notes[0].starts_with("注"));

    let Some(pf) = parse("wuhan/hanyang-gazette-2022-02.txt") else { return };
    let t = &doc(&pf, "阳政办〔2022〕3号").tables[0];
    assert_eq!(t.columns[2].name, "策划项目个数/总计");
    let totals: Vec<_> = t.checks.iter().filter(|c| c.kind == gongwen_model::CheckKind::Total).map(|c| (c.stated, c.ok)).collect();
    assert_eq!(totals, [(140.0, true), (2.0, true), (12.0, true), (20.0, true), (106.0, true)]);

    let Some(pf) = parse("wuhan/wuhan-gazette-2024-05-06.txt") else { return };
    let t = &doc(&pf, "武政办〔2024〕24号").tables[0];
    assert_eq!(t.rows[0].cells[2], "市民政局");
    assert!(t.rows.iter().all(|r| r.cells.iter().all(|c| !c.contains("<p>"))));
}
