//! Support measures read from the real gazettes.

use gongwen_extract::{measures, Amount, Installments};
use gongwen_model::Document;
use std::path::PathBuf;

/// The built-in knowledge, loaded once for this test binary (tests only).
fn knowledge() -> &'static gongwen_parse::knowledge::Knowledge {
    static K: std::sync::OnceLock<gongwen_parse::knowledge::Knowledge> = std::sync::OnceLock::new();
    K.get_or_init(gongwen_parse::knowledge::Knowledge::builtin)
}

fn corpus() -> Option<PathBuf> {
    gongwen_testkit::shared_corpus().map(|c| c.join("wuhan"))
}

fn doc(file: &str, number: &str) -> Option<Document> {
    let path = corpus()?.join(file);
    let bytes = std::fs::read(&path).unwrap();
    let parsed = gongwen_parse::parse_bytes(knowledge(), &path.display().to_string(), &bytes).unwrap();
    Some(parsed.documents.into_iter().find(|d| d.doc_number.as_deref() == Some(number)).expect(number))
}

#[test]
fn commercial_space_equipment_investment_rates_and_caps() {
    let Some(d) = doc("wuhan-gazette-2024-excerpt.txt", "武政规〔2024〕6号") else { return };
    let m = measures(knowledge(), &d);
    let five: Vec<_> = m.iter().filter(|m| m.node == ["三", "（五）"]).collect();
    assert!(five.len() >= 4, "{five:#?}");
    assert!(five.iter().all(|m| m.line >= 118));
    match &five[0].amount {
        Amount::Rate { percent, base, cap } => {
            assert_eq!((*percent, *cap), (8.0, Some(8e6)));
            assert!(base.contains("设备购置与改造投资总额"), "{base}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(five[0].condition, "符合条件的商业航天产业化投资和技术改造项目");
    match &five[1].amount {
        Amount::Rate { percent, cap, .. } => assert_eq!((*percent, *cap), (8.0, Some(1e7))),
        other => panic!("{other:?}"),
    }
    assert!(five[1].condition.contains("智能化改造项目"));
    assert_eq!(five[2].amount, Amount::List { yuan: vec![1e7, 5e6, 2e6] });
    assert!(five[2].one_off);
    assert_eq!(five[3].amount, Amount::Fixed { yuan: 1e6 });
}

#[test]
fn hanyang_headquarters_settlement_award() {
    let Some(d) = doc("hanyang-gazette-2022-02.txt", "阳政规〔2022〕3号") else { return };
    let m = measures(knowledge(), &d);
    let settle = m.iter().find(|m| m.heading.as_deref() == Some("落户奖励")).expect("落户奖励");
    assert_eq!(settle.amount, Amount::Rate { percent: 2.0, base: "企业实缴注册资本".into(), cap: Some(4e7) });
    assert_eq!(settle.installments, Some(Installments { years: Some(2), ratio: vec![] }));
    assert_eq!(settle.condition, "申请落户奖励的总部企业");
    // The office-space subsidies: per year with a cap, or per square metre; not both.
    let office: Vec<_> = m.iter().filter(|m| m.heading.as_deref() == Some("办公用房补贴")).collect();
    assert!(office.iter().any(|m| m.per_year && m.amount == Amount::Rate { percent: 50.0, base: "租金".into(), cap: Some(2e6) }), "{office:#?}");
    assert!(office.iter().any(|m| matches!(m.amount, Amount::PerUnit { yuan, cap: Some(c), .. } if yuan == 1000.0 && c == 1e7)));
    assert!(office.iter().all(|m| m.stacking.as_deref().is_some_and(|s| s.contains("不能同时享受"))));
    let invest = m.iter().find(|m| m.heading.as_deref() == Some("投资奖励")).expect("投资奖励");
    assert!(invest.clawback.as_deref().is_some_and(|s| s.contains("退回")));
}

#[test]
fn appointments_of_2024_06_21() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("wuhan-gazette-2024-excerpt.txt");
    let parsed = gongwen_parse::parse_bytes(knowledge(), &path.display().to_string(), &std::fs::read(&path).unwrap()).unwrap();
    let all: Vec<_> = parsed.documents.iter().flat_map(|d| gongwen_extract::appointments(knowledge(), d)).collect();
    let on = gongwen_model::Date::new(2024, 6, 21);
    let li = all.iter().find(|a| a.person == "李世涛").expect("李世涛");
    assert_eq!((li.action, li.date, li.title.as_deref(), li.organ.as_deref()), (gongwen_extract::Action::Appointed, on, Some("局长"), Some("武汉市经济和信息化局")));
    let yang = all.iter().find(|a| a.person == "杨相卫").expect("杨相卫");
    assert_eq!((yang.action, yang.date), (gongwen_extract::Action::Removed, on));
    assert!(all.iter().any(|a| a.person == "盛阅春" && a.action == gongwen_extract::Action::Elected && a.title.as_deref() == Some("市长")));
}

/// No fine, confiscation or penalty of any law of the corpus is read as a
/// support measure (issue: 215 of 329 `measures` were fines).
#[test]
fn no_law_penalty_is_a_measure() {
    let Some(shared) = gongwen_testkit::shared_corpus() else { return };
    let mut files = vec![];
    let mut dirs = vec![shared.join("laws")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 2000, "{}", files.len());
    let mut measures = 0;
    for f in &files {
        let Ok(parsed) = gongwen_parse::parse_bytes(knowledge(), &f.display().to_string(), &std::fs::read(f).unwrap()) else { continue };
        for m in parsed.documents.iter().flat_map(|d| gongwen_extract::measures(knowledge(), d)) {
            measures += 1;
            assert!(!["罚款", "罚金", "没收", "处以"].iter().any(|w| m.text.contains(w)), "{}:{} {}", f.display(), m.line, m.text);
        }
    }
    assert!(measures > 500, "{measures}");
}
