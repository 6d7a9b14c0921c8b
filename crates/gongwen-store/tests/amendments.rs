//! Amendment decisions applied to the version before them and compared with
//! the republished text (issue 15 item 3), and the Akoma Ntoso export (item
//! 4): an invented law in three files, then the shared laws. Corpus tests
//! skip visibly without ../shared and fail under `CI=true`.

use gongwen_amend::{Change, OpKind, Outcome};
use gongwen_model::Date;
use gongwen_store::amendments::Missing;
use gongwen_store::Store;
use std::path::{Path, PathBuf};

fn law(title: &str, events: &[&str], body: &[&str]) -> String {
    gongwen_testkit::law_markdown(title, None, events, body)
}

const PASSED_2001: &str = "2001年4月28日 第九届全国人民代表大会常务委员会第二十一次会议通过";
const AMENDED_2012: &str = "2012年6月30日 第十一届全国人民代表大会常务委员会第二十七次会议修正";

/// The 2001 text, the 2012 decision, and the 2012 text as republished (with
/// one article the decision does not explain: the republished 第六条).
fn fixture(dir: &Path) -> Vec<PathBuf> {
    let folder = dir.join("laws");
    std::fs::create_dir_all(&folder).unwrap();
    let v1 = folder.join("襄江河道管理法(2001-04-28).md");
    std::fs::write(
        &v1,
        law(
            "中华人民共和国襄江河道管理法",
            &[PASSED_2001],
            &[
                "## 第一章 总则",
                "第一条 为了管理襄江河道，制定本法。",
                "第二条 本法适用于襄江河道。",
                "河道管理机构负责日常巡查。",
                "第三条 河道内禁止下列行为：",
                "（一）倾倒垃圾;",
                "（二）围垦河道。",
                "## 第二章 附则",
                "第四条 违反本法的，由县级人民政府处罚。",
                "第五条 本法所称河道，包括湖泊。",
                "第六条 本法自2001年7月1日起施行。",
            ],
        ),
    )
    .unwrap();
    let decision = folder.join("全国人民代表大会常务委员会关于修改《中华人民共和国襄江河道管理法》的决定(2012-06-30).md");
    std::fs::write(
        &decision,
        law(
            "全国人民代表大会常务委员会关于修改《中华人民共和国襄江河道管理法》的决定",
            &["2012年6月30日 第十一届全国人民代表大会常务委员会第二十七次会议通过"],
            &[
                "第十一届全国人民代表大会常务委员会第二十七次会议决定对《中华人民共和国襄江河道管理法》作如下修改：",
                "一、将第一条修改为：“为了保护襄江河道，保障防洪安全，制定本法。”",
                "二、将第二条第二款中的“日常巡查”修改为“日常巡查和监测”。",
                "三、第三条增加一项，作为第三项：“（三）非法采砂。”",
                "四、删去第五条。",
                "五、在第四条后增加一条，作为第五条：“第五条 国家鼓励公众参与河道保护。”",
                "六、将第四条中的“乡镇人民政府”修改为“水行政主管部门”。",
                "七、第四条条首部分修改为：“违反本法规定的”。",
                "本决定自2012年7月1日起施行。",
                "《中华人民共和国襄江河道管理法》根据本决定作相应修改，重新公布。",
            ],
        ),
    )
    .unwrap();
    let v2 = folder.join("襄江河道管理法(2012-06-30).md");
    std::fs::write(
        &v2,
        law(
            "中华人民共和国襄江河道管理法",
            &[PASSED_2001, AMENDED_2012],
            &[
                "## 第一章 总则",
                "第一条 为了保护襄江河道，保障防洪安全，制定本法。",
                "第二条 本法适用于襄江河道。",
                "河道管理机构负责日常巡查和监测。",
                "第三条 河道内禁止下列行为：",
                "（一）倾倒垃圾 ；",
                "（二）围垦河道。",
                "（三）非法采砂。",
                "## 第二章 附则",
                "第四条 违反本法的，由县级人民政府处罚。",
                "第五条 国家鼓励公众参与河道保护。",
                "第六条 本法自2012年7月1日起施行。",
            ],
        ),
    )
    .unwrap();
    vec![v1, decision, v2]
}

#[test]
fn a_decision_applied_to_the_earlier_text_and_compared_with_the_republished_one() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &tmp.path().join("store")).unwrap();
    store.ingest(&fixture(tmp.path()), |_, _| {}).unwrap();
    let reports = store.amendments().unwrap();
    assert_eq!(reports.len(), 1, "{reports:#?}");
    let r = &reports[0];
    assert_eq!(r.target.as_deref(), Some("中华人民共和国襄江河道管理法"));
    assert_eq!(r.work.as_ref().unwrap().eli, "/eli/cn/law/中华人民共和国襄江河道管理法");
    assert_eq!(r.earlier.as_ref().unwrap().eli, "/eli/cn/law/中华人民共和国襄江河道管理法/2001-04-28");
    assert_eq!(r.republished.as_ref().unwrap().eli, "/eli/cn/law/中华人民共和国襄江河道管理法/2012-06-30");
    assert!(r.missing.is_none());
    let outcomes: Vec<&str> = r.operations.iter().map(|o| o.outcome.as_ref().unwrap().as_str()).collect();
    // The 乡镇人民政府 of item 六 is not in 第四条: reported, not guessed; item 七 is no pattern.
    assert_eq!(outcomes, ["applied", "applied", "applied", "applied", "applied", "text_not_found", "unrecognized"]);
    assert!(matches!(&r.operations[5].outcome, Some(Outcome::TextNotFound { text }) if text == "乡镇人民政府"));
    assert!(matches!(r.operations[2].operation.kind, OpKind::AddItem { .. }));
    // Each operation keeps the line it was read from.
    assert!(r.operations.windows(2).all(|w| w[0].operation.span.line_start < w[1].operation.span.line_start));
    // Layout (a semicolon's width, a space) aside, all agree but 第六条, which no item changed.
    let a = r.agreement.as_ref().unwrap();
    assert_eq!((a.articles, a.agreeing), (6, 5));
    assert_eq!(a.differing, ["第六条"]);

    // 新旧对照 of the two versions.
    let w = store.find_work("中华人民共和国襄江河道管理法").unwrap();
    let pairs = store.compare_versions(&w, Date::parse_iso("2001-04-28").unwrap(), Date::parse_iso("2012-06-30").unwrap()).unwrap();
    let changes: Vec<(Change, Option<u32>, Option<u32>)> = pairs.iter().map(|p| (p.change, p.old.as_ref().map(|a| a.no.n), p.new.as_ref().map(|a| a.no.n))).collect();
    assert_eq!(
        changes,
        [
            (Change::Changed, Some(1), Some(1)),
            (Change::Changed, Some(2), Some(2)),
            (Change::Changed, Some(3), Some(3)),
            (Change::Same, Some(4), Some(4)),
            // Two unrelated texts under one number are set side by side as a change.
            (Change::Changed, Some(5), Some(5)),
            (Change::Changed, Some(6), Some(6)),
        ]
    );
}

#[test]
fn akoma_ntoso_of_each_version_is_well_formed_and_named_by_eli() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &tmp.path().join("store")).unwrap();
    store.ingest(&fixture(tmp.path()), |_, _| {}).unwrap();
    let out = tmp.path().join("akn");
    let files = store.export_akn("中华人民共和国襄江河道管理法", &out, Date::parse_iso("2026-01-01").unwrap()).unwrap();
    assert_eq!(files.len(), 2);
    let xml = std::fs::read_to_string(&files[0]).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ns = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
    let value = |parent: &str, child: &str| {
        let p = doc.descendants().find(|n| n.has_tag_name(parent)).unwrap();
        p.children().find(|n| n.has_tag_name(child)).and_then(|n| n.attribute("value")).unwrap().to_string()
    };
    assert_eq!(value("FRBRWork", "FRBRuri"), "/eli/cn/law/中华人民共和国襄江河道管理法");
    assert_eq!(value("FRBRExpression", "FRBRuri"), "/eli/cn/law/中华人民共和国襄江河道管理法/2001-04-28");
    assert_eq!(value("FRBRManifestation", "FRBRthis"), "/eli/cn/law/中华人民共和国襄江河道管理法/2001-04-28/main.xml");
    let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("eId")).collect();
    for want in ["chp_1", "art_2", "art_2__para_2", "art_3__para_1__list_1__point_2", "chp_2", "art_6__para_1"] {
        assert!(ids.contains(&want), "{want} in {ids:?}");
    }
    let para = doc.descendants().find(|n| n.attribute("eId") == Some("art_2__para_2")).unwrap();
    assert_eq!(para.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap()).collect::<String>(), "河道管理机构负责日常巡查。");
    // eIds are unique; the second version is its own expression.
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
    let second = std::fs::read_to_string(&files[1]).unwrap();
    let doc2 = roxmltree::Document::parse(&second).unwrap();
    assert!(doc2.descendants().any(|n| n.attribute("value") == Some("/eli/cn/law/中华人民共和国襄江河道管理法/2012-06-30")));
    assert!(doc2.descendants().any(|n| n.attribute("eId") == Some("art_3__para_1__list_1__point_3")));
}

#[test]
fn the_shared_laws_amendment_decisions() {
    let Some(corpus) = gongwen_testkit::shared_corpus() else { return };
    let laws = corpus.join("laws");
    let mut files = Vec::new();
    for folder in ["司法解释", "刑法", "宪法"] {
        for e in std::fs::read_dir(laws.join(folder)).unwrap() {
            files.push(e.unwrap().path());
        }
    }
    files.sort();
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), tmp.path()).unwrap();
    store.ingest(&files, |_, _| {}).unwrap();
    let reports = store.amendments().unwrap();
    let by = |decision: &str, target: &str| {
        reports
            .iter()
            .find(|r| r.decision.title.contains(decision) && r.target.as_deref().is_some_and(|t| t.contains(target)))
            .unwrap_or_else(|| panic!("{decision} / {target}"))
    };
    // 刑法修正案（十二）: the corpus's 刑法 is the text it made (its version is
    // dated 2023-12-29), so there is nothing earlier to apply it to: said so.
    let r = by("刑法修正案（十二）", "刑法");
    assert_eq!(r.missing, Some(Missing::EarlierVersion));
    assert_eq!(r.republished.as_ref().unwrap().date.unwrap().to_string(), "2023-12-29");
    assert!(r.operations.iter().all(|o| o.outcome.is_none() && !matches!(o.operation.kind, OpKind::Unrecognized)), "{:#?}", r.operations);
    // The 2020 decision on the 2015 text of the patent provisions: each instruction applied.
    let r = by("十八件知识产权类司法解释", "专利纠纷案件适用法律问题的若干规定");
    assert_eq!(r.earlier.as_ref().unwrap().date.unwrap().to_string(), "2015-01-19");
    let outcomes: Vec<&str> = r.operations.iter().map(|o| o.outcome.as_ref().map(Outcome::as_str).unwrap_or("-")).collect();
    assert!(outcomes.iter().filter(|o| **o == "applied").count() >= 5, "{outcomes:?}");
    assert!(r.operations.iter().any(|o| matches!(&o.operation.kind, OpKind::DeleteArticles { articles } if articles.len() == 6)));
    // An interpretation whose earlier text the corpus lacks: nothing applied, and said so.
    let r = by("铁路运输人身损害赔偿", "铁路运输人身损害赔偿");
    assert_eq!(r.missing, Some(Missing::EarlierVersion));
    assert!(r.operations.iter().all(|o| o.outcome.is_none()));
    assert!(r.operations.iter().any(|o| matches!(o.operation.kind, OpKind::Renumber { ref pairs } if pairs.len() == 7)));
}
