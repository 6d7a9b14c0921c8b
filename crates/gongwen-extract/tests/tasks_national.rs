//! Tasks written the national way, on an invented 公文 (no corpus needed):
//! the first-listed unit leads from the rule on, items under
//! `以下各项均由…落实` get those units, running-text tasks and deadlines
//! counted from the document's date.

use gongwen_extract::{tasks, Role};
use gongwen_model::Date;

const TEXT: &str = "甲省人民政府办公厅关于推进示范工作的通知
甲政办发〔2030〕7号
各市人民政府，省政府各部门：
为推进示范工作，现将有关事项通知如下。
一、夯实基础
（一）完善标准体系。制定示范标准。（甲省市场监管局、甲省工业和信息化厅负责，列第一位者为牵头部门，下同）
（二）加强数据共享。建设共享平台。（甲省数据局、甲省公安厅负责）
二、强化落实
以下各项均由各市人民政府负责落实，不再一一列出。
（一）开展集中排查。全面排查风险隐患。
（二）建立工作台账。逐项登记销号。
三、工作要求
请各市人民政府自本通知印发之日起30日内报送工作方案。由甲省财政厅负责资金保障。
甲省人民政府办公厅
2030年3月1日
";

#[test]
fn national_conventions_in_one_document() {
    let parsed = gongwen_parse::parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), "invented.txt", TEXT.as_bytes()).unwrap();
    let doc = &parsed.documents[0];
    let t = tasks(&gongwen_parse::knowledge::Knowledge::builtin(), doc);
    let leads = |i: usize| -> Vec<&str> {
        let lead: Vec<&str> = t[i].units.iter().filter(|u| u.role == Role::Lead).map(|u| u.name.as_str()).collect();
        if lead.is_empty() {
            t[i].units.iter().filter(|u| u.role == Role::Responsible).map(|u| u.name.as_str()).collect()
        } else {
            lead
        }
    };
    let summary: Vec<(usize, Vec<&str>)> = (0..t.len()).map(|i| (t[i].line, leads(i))).collect();
    assert_eq!(
        summary,
        [
            (6, vec!["甲省市场监管局"]),
            (7, vec!["甲省数据局"]),
            (10, vec!["各市人民政府"]),
            (11, vec!["各市人民政府"]),
            (13, vec!["各市人民政府"]),
            (13, vec!["甲省财政厅"]),
        ]
    );
    assert_eq!(t[4].deadline.as_ref().and_then(|d| d.date()), Date::new(2030, 3, 31));
}

#[test]
fn odd_text_stays_quick_and_quiet() {
    use std::time::Instant;
    let odd = [
        "（".repeat(200_000),
        "请于".repeat(100_000),
        format!("（{}负责）", "甲、".repeat(50_000)),
        format!("（{}）", "甲部、".repeat(50_000)),
        "由负责牵头，请，由。".repeat(20_000),
    ];
    let head: String = TEXT.lines().take(5).map(|l| format!("{l}\n")).collect();
    for body in odd {
        let start = Instant::now();
        let parsed = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "odd.txt", &format!("{head}{body}\n"));
        let parsed_in = start.elapsed();
        assert!(!parsed.documents.is_empty());
        for d in &parsed.documents {
            let _ = tasks(&gongwen_parse::knowledge::Knowledge::builtin(), d);
        }
        eprintln!("parse {parsed_in:?}, with tasks {:?}", start.elapsed());
        assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    }
}
