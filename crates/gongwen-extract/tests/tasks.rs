//! Tasks, targets and rosters read from the real gazettes.

use gongwen_extract::{rosters, targets, tasks, Deadline, Role};
use gongwen_model::{Date, Document};

fn doc(file: &str, number: &str) -> Option<Document> {
    let path = gongwen_testkit::shared_corpus()?.join("wuhan").join(file);
    let bytes = std::fs::read(&path).unwrap();
    let parsed = gongwen_parse::parse_bytes(&gongwen_parse::knowledge::Knowledge::builtin(), &path.display().to_string(), &bytes).unwrap();
    Some(parsed.documents.into_iter().find(|d| d.doc_number.as_deref() == Some(number)).expect(number))
}

#[test]
fn free_trade_zone_responsibility_list_yields_92_tasks_with_lead_and_deadline() {
    let Some(d) = doc("wuhan-gazette-2021-18.txt", "武政〔2021〕23号") else { return };
    let from_table: Vec<_> = tasks(&gongwen_parse::knowledge::Knowledge::builtin(), &d).into_iter().filter(|t| t.from != "inline").collect();
    assert_eq!(from_table.len(), 92);
    assert!(from_table.iter().all(|t| t.units.iter().any(|u| u.role == Role::Lead) && t.deadline.is_some()));
    let t2 = &from_table[1];
    assert!(t2.text.starts_with("聚焦光电科学、集成电路、空天科技"));
    assert_eq!(t2.units.iter().map(|u| (u.role, u.name.as_str())).collect::<Vec<_>>(), [(Role::Lead, "市科技局"), (Role::Responsible, "东湖高新区管委会")]);
    assert_eq!(t2.deadline.as_ref().and_then(|d| d.date()), Date::new(2022, 12, 31));
    assert!(matches!(from_table[4].deadline, Some(Deadline::Ongoing { .. })), "row 5 is 持续推进");
    // Row 52: the 市司法局 leads the foreign-related legal service platform, by the end of 2022.
    let justice: Vec<_> = from_table.iter().filter(|t| t.involves("市司法局")).collect();
    assert_eq!(justice.len(), 2);
    assert_eq!(justice[0].line, 2643);
    let counts = |role| from_table.iter().filter(|t| t.units.iter().any(|u| u.role == role && u.name == "东湖高新区管委会")).count();
    // Counted independently in the source with awk over the tab-separated rows.
    assert_eq!((counts(Role::Lead), counts(Role::Responsible)), (25, 17));
}

#[test]
fn inline_notes_expand_district_governments_and_carry_xiatong() {
    let Some(d) = doc("wuhan-gazette-2021-18.txt", "武政规〔2021〕18号") else { return };
    let t = tasks(&gongwen_parse::knowledge::Knowledge::builtin(), &d);
    let first = &t[0];
    assert!(first.text.starts_with("一、引进培育头部企业"));
    let names: Vec<(Role, &str, Option<&str>)> = first.units.iter().map(|u| (u.role, u.name.as_str(), u.via.as_deref())).collect();
    assert_eq!(
        names,
        [
            (Role::Lead, "市招商办", None),
            (Role::Cooperating, "市直各相关部门", None),
            (Role::Cooperating, "各区人民政府", None),
            (Role::Cooperating, "开发区管委会", Some("各区人民政府")),
            (Role::Cooperating, "风景区管委会", Some("各区人民政府")),
        ]
    );
    // 下同: the next note's plain 各区人民政府 includes them too.
    assert!(t[1].units.iter().any(|u| u.name == "风景区管委会"));
    // Two tasks in one paragraph (十、), each with its own note.
    assert_eq!(t.iter().filter(|x| x.node.first().map(String::as_str) == Some("十")).count(), 2);
    assert!(t.iter().any(|x| x.involves("江岸区人民政府")));
}

#[test]
fn targets_from_text_and_indicator_tables() {
    let Some(d) = doc("wuhan-gazette-2021-18.txt", "武政〔2021〕20号") else { return };
    let t = targets(&gongwen_parse::knowledge::Knowledge::builtin(), &d);
    let jobs = t.iter().find(|x| x.metric.starts_with("城镇新增就业人数") && x.year == Some(2025)).expect("table target");
    assert_eq!((jobs.value, jobs.unit.as_str(), jobs.bound.as_deref(), jobs.aspirational), (110.0, "万人", Some(">"), true));
    let insured = t.iter().find(|x| x.metric.starts_with("工伤保险参保人数")).unwrap();
    assert!(!insured.aspirational, "约束性 is firm");
    assert_eq!(insured.value, 380.0);
}

#[test]
fn roster_of_the_low_altitude_economy_task_force() {
    let Some(d) = doc("wuhan-gazette-2024-05-06.txt", "武政办〔2024〕25号") else { return };
    let m = rosters(&d);
    assert_eq!(m.len(), 41);
    assert!(m.iter().all(|x| x.group == "武汉市低空经济发展工作专班"));
    assert_eq!((m[0].role.as_str(), m[0].person.as_str(), m[0].title.as_str()), ("组长", "程用文", "市委副书记、市人民政府市长"));
    // Padded name, and the role carried from the line above.
    let yuan = m.iter().find(|x| x.person == "袁野").unwrap();
    assert_eq!((yuan.role.as_str(), yuan.title.as_str()), ("副组长", "市委常委、武汉警备区司令员"));
    assert_eq!(m.iter().filter(|x| x.role == "成员").count(), 35);
}
