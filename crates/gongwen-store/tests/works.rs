//! Works and versions (issue 15): in-repo fixtures for an invented
//! jurisdiction, then the shared corpus's laws and their database. Corpus
//! tests skip visibly without ../shared and fail under `CI=true`.

use gongwen_model::{Currency, Date, Status, WorkKind};
use gongwen_store::works::WorkRef;
use gongwen_store::Store;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

/// A law whose articles stand under `## 第一章 总则`.
fn law(title: &str, events: &[&str], part: Option<&str>, articles: &[&str]) -> String {
    gongwen_testkit::law_markdown(title, part, events, &[&["## 第一章 总则"], articles].concat())
}

/// Two versions of one law, a code in two files, and a database beside them.
fn fixture(dir: &Path) -> Vec<PathBuf> {
    let folder = dir.join("laws");
    std::fs::create_dir_all(folder.join("襄江典")).unwrap();
    let v1 = folder.join("襄江河道管理法(2001-04-28).md");
    std::fs::write(
        &v1,
        law(
            "中华人民共和国襄江河道管理法",
            &["2001年4月28日 第九届全国人民代表大会常务委员会第二十一次会议通过"],
            None,
            &["第一条 为了管理襄江河道，制定本法。", "第二条 本法适用于襄江河道。", "第三条 本法自2001年7月1日起施行。"],
        ),
    )
    .unwrap();
    let v2 = folder.join("襄江河道管理法(2012-06-30).md");
    std::fs::write(
        &v2,
        law(
            "中华人民共和国襄江河道管理法",
            &["2001年4月28日 第九届全国人民代表大会常务委员会第二十一次会议通过", "2012年6月30日 第十一届全国人民代表大会常务委员会第二十七次会议修订"],
            None,
            &["第一条 为了保护襄江河道，制定本法。", "第二条 本法适用于襄江及其支流的河道。", "第三条 本法自2013年1月1日起施行。"],
        ),
    )
    .unwrap();
    let p1 = folder.join("襄江典/甲编.md");
    std::fs::write(&p1, law("襄江典", &["2020年5月28日 第十三届全国人民代表大会第三次会议通过"], Some("甲编"), &["第一条 甲编的第一条。", "第二条 甲编的第二条。"])).unwrap();
    let p2 = folder.join("襄江典/乙编.md");
    std::fs::write(&p2, law("襄江典", &["2020年5月28日 第十三届全国人民代表大会第三次会议通过"], Some("乙编"), &["第三条 乙编有一句只在这里的话。", "第四条 本法自2021年1月1日起施行。"])).unwrap();

    let db = rusqlite::Connection::open(folder.join("db.sqlite3")).unwrap();
    db.execute_batch(
        "CREATE TABLE law (id TEXT NOT NULL PRIMARY KEY, level TEXT NOT NULL, name TEXT NOT NULL, filename TEXT, publish DATE,
                           expired INTEGER NOT NULL, valid_from DATE);
         INSERT INTO law VALUES ('a1', '法律', '襄江河道管理法', NULL, '2001-04-28', 0, NULL);
         INSERT INTO law VALUES ('a2', '法律', '襄江河道管理法', NULL, '2012-06-30', 0, '2013-01-01');",
    )
    .unwrap();
    vec![v1, v2, p1, p2]
}

fn work(store: &Store, name: &str) -> WorkRef {
    store.find_work(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn versions_of_a_fixture_law_and_a_code_in_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let files = fixture(tmp.path());
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &tmp.path().join("store")).unwrap();
    let report = store.ingest(&files, |_, _| {}).unwrap();
    assert_eq!((report.new, report.failed, report.documents), (4, 0, 4));

    let w = work(&store, "中华人民共和国襄江河道管理法");
    assert_eq!((w.kind, w.jurisdiction.as_str()), (WorkKind::Law, "cn"));
    assert_eq!(w.eli, "/eli/cn/law/中华人民共和国襄江河道管理法");
    let on = |day: &str| store.work_report(&w, d(day)).unwrap();

    let r = on("2000-01-01");
    assert_eq!(r.status, Status::NotYetInForce);
    let r = on("2005-01-01");
    assert_eq!(r.status, Status::InForce);
    assert_eq!(r.versions.len(), 2);
    assert_eq!(r.versions[0].effective, Some(d("2001-07-01")), "stated in its text");
    assert_eq!(r.versions[0].superseded_from, Some(d("2013-01-01")));
    assert_eq!((r.versions[0].currency, r.versions[1].currency), (Currency::Current, Currency::NotYetEffective));
    // Between the revision's publication and its effective date the old text rules.
    let r = on("2012-12-31");
    assert_eq!((r.versions[0].currency, r.versions[1].currency), (Currency::Current, Currency::NotYetEffective));
    let r = on("2013-01-01");
    assert_eq!(r.status, Status::InForce);
    assert_eq!((r.versions[0].currency, r.versions[1].currency), (Currency::Superseded, Currency::Current));
    assert_eq!(r.shown().unwrap().eli, "/eli/cn/law/中华人民共和国襄江河道管理法/2012-06-30");
    // The database calls the superseded text valid: recorded as a conflict, with its row.
    let c = r.conflicts.iter().find(|c| c.about == "version_currency").expect("a conflict with the database");
    assert_eq!(c.version, Some(d("2001-04-28")));
    assert!(c.record.source.ends_with("db.sqlite3") && c.record.line == 1, "{:?}", c.record);
    assert_eq!(r.versions[1].records.len(), 1);

    // Addresses: the work, a version, an article.
    let t = store.work_by_eli("/eli/cn/law/中华人民共和国襄江河道管理法/2001-04-28/art_3").unwrap().unwrap();
    assert_eq!((t.work.key.as_str(), t.version, t.node.as_deref()), (w.key.as_str(), Some(d("2001-04-28")), Some("art_3")));
    assert!(store.work_by_eli("/eli/cn/law/没有这部法").unwrap().is_none());

    // The code: one work, one version of two parts, each with its own outline.
    let code = work(&store, "襄江典");
    let r = store.work_report(&code, d("2022-01-01")).unwrap();
    assert_eq!(r.versions.len(), 1);
    let v = &r.versions[0];
    assert_eq!(v.parts.iter().map(|p| p.part.as_deref().unwrap()).collect::<Vec<_>>(), ["甲编", "乙编"]);
    assert_eq!(v.effective, Some(d("2021-01-01")));
    let second = store.copy_document(v.parts[1].copy_id).unwrap().unwrap();
    assert!(second.text.contains("乙编有一句只在这里的话"));
    let articles: usize = v.parts.iter().map(|p| count_articles(&store.copy_document(p.copy_id).unwrap().unwrap().outline)).sum();
    assert_eq!(articles, 4);
    assert_eq!(store.work_report(&code, d("2021-01-01")).unwrap().status, Status::InForce);
    assert_eq!(store.work_report(&code, d("2020-12-31")).unwrap().status, Status::NotYetInForce);

    // Re-ingesting a changed file keeps one work, and no work outlives its texts.
    std::fs::write(&files[0], "# 中华人民共和国襄江河道管理法\n\n2001年4月28日 第九届全国人民代表大会常务委员会第二十一次会议通过\n\n<!-- INFO END -->\n\n第一条 改过的文本。\n").unwrap();
    store.ingest(&files, |_, _| {}).unwrap();
    assert_eq!(store.works().unwrap().len(), 2);
}

fn count_articles(nodes: &[gongwen_model::OutlineNode]) -> usize {
    nodes.iter().map(|n| usize::from(n.kind == gongwen_model::NodeKind::Article) + count_articles(&n.children)).sum()
}

/// The national law files (not the provinces' DLC folders) whose name is in `names`.
fn law_files(laws: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![laws.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "DLC") {
                    dirs.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "md") {
                let stem = p.file_stem().unwrap().to_string_lossy().to_string();
                let name = stem.rsplit_once('(').map(|(n, _)| n.to_string()).unwrap_or(stem.clone());
                let folder = p.parent().unwrap().file_name().unwrap().to_string_lossy().to_string();
                if keep(&name) || keep(&format!("{folder} {name}")) {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn national_laws_one_work_many_versions() {
    let Some(corpus) = gongwen_testkit::shared_corpus() else { return };
    let laws = corpus.join("laws");
    let db = rusqlite::Connection::open_with_flags(laws.join("db.sqlite3"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    // (name, publish) of every row the database marks expired.
    let expired: Vec<(String, Option<String>)> = db
        .prepare("SELECT name, publish FROM law WHERE expired = 1")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(expired.len(), 86);
    let names: HashSet<String> = expired.iter().map(|(n, _)| n.clone()).chain(["产品质量法".to_string(), "职业教育法".to_string()]).collect();
    let mut files = law_files(&laws, |n| names.contains(n) || n.starts_with("民法典 "));
    // The decision of the Supreme People's Court that amends its own interpretations.
    files.extend(law_files(&laws, |n| n.starts_with("最高人民法院关于修改《最高人民法院关于在民事审判工作中适用")));
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), tmp.path()).unwrap();
    let report = store.ingest(&files, |_, _| {}).unwrap();
    assert_eq!(report.failed, 0);
    let today = Date::today();

    // 职业教育法: the 1996 text is superseded by the 2022 revision from 2022-05-01.
    let w = work(&store, "中华人民共和国职业教育法");
    let r = store.work_report(&w, today).unwrap();
    assert_eq!(r.status, Status::InForce);
    let dates: Vec<String> = r.versions.iter().map(|v| v.date.unwrap().to_string()).collect();
    assert_eq!(dates, ["1996-05-15", "2022-04-20"]);
    assert_eq!((r.versions[0].currency, r.versions[1].currency), (Currency::Superseded, Currency::Current));
    assert_eq!(r.versions[0].superseded_from, Some(d("2022-05-01")));
    let r = store.work_report(&w, d("2022-04-30")).unwrap();
    assert_eq!((r.versions[0].currency, r.versions[1].currency), (Currency::Current, Currency::NotYetEffective));
    // The 1996 text asked alone: the work is in force, this version is not the current one.
    let old = store.find("中华人民共和国职业教育法@1996-05-15").unwrap();
    let s = store.status(&old, today).unwrap();
    assert_eq!(s.status, Status::InForce);
    let v = s.version.as_ref().expect("a version of a work with two");
    assert_eq!((v.currency, v.superseded_from, v.versions), (Currency::Superseded, Some(d("2022-05-01")), 2));
    assert_eq!(v.current.as_deref(), Some("/eli/cn/law/中华人民共和国职业教育法/2022-04-20"));
    let s = store.status(&old, d("2022-04-30")).unwrap();
    assert_eq!(s.version.as_ref().map(|v| v.currency), Some(Currency::Current));

    // 产品质量法: in force, its current version the 2018 amendment.
    let w = work(&store, "中华人民共和国产品质量法");
    assert_eq!(w.eli, "/eli/cn/law/中华人民共和国产品质量法");
    let r = store.work_report(&w, today).unwrap();
    assert_eq!(r.status, Status::InForce);
    let cur = r.shown().unwrap();
    assert_eq!((cur.date, cur.currency), (Some(d("2018-12-29")), Currency::Current));
    assert_eq!(cur.eli, "/eli/cn/law/中华人民共和国产品质量法/2018-12-29");
    // Its amendments in order, as its history note records them; only the last one's text is in the corpus.
    let steps: Vec<(String, Option<&str>)> = r.amendments.iter().map(|a| (a.date.to_string(), a.version.as_deref())).collect();
    assert_eq!(
        steps,
        [
            ("2000-07-08".to_string(), None),
            ("2009-08-27".to_string(), None),
            ("2018-12-29".to_string(), Some("/eli/cn/law/中华人民共和国产品质量法/2018-12-29")),
        ]
    );
    assert!(r.amendments[2].evidence.text.contains("第三次修正"), "{:?}", r.amendments[2].evidence);

    // 民法典: one work, one version in eight parts, 1,260 articles.
    let w = work(&store, "中华人民共和国民法典");
    let r = store.work_report(&w, today).unwrap();
    assert_eq!(r.versions.len(), 1);
    let v = &r.versions[0];
    assert_eq!(v.parts.len(), 8);
    let articles: usize = v.parts.iter().map(|p| count_articles(&store.copy_document(p.copy_id).unwrap().unwrap().outline)).sum();
    assert_eq!(articles, 1260);
    assert_eq!((r.status, v.currency), (Status::InForce, Currency::Current));
    // A sentence of 合同编 is in its part's text.
    let contract = v.parts.iter().find(|p| p.part.as_deref() == Some("合同编")).expect("合同编");
    assert!(store.copy_document(contract.copy_id).unwrap().unwrap().text.contains("本编调整因合同产生的民事关系"));
    // The court's decision about its own interpretations does not amend the Civil Code.
    let code = store.find("中华人民共和国民法典").unwrap();
    let amends: Vec<_> = store.cited_by(&code).unwrap().into_iter().filter(|l| l.relation == gongwen_model::Relation::Amends).collect();
    assert!(amends.is_empty(), "{amends:?}");

    // Every version the database marks expired: superseded once its successor
    // takes effect, and never the current version after that.
    let mut by_row: HashMap<(String, Option<String>), (WorkRef, Option<Date>)> = HashMap::new();
    for w in store.works().unwrap() {
        let r = store.work_report(&w, today).unwrap();
        for v in &r.versions {
            for rec in &v.records {
                by_row.insert((rec.name.clone(), rec.publish.map(|d| d.to_string())), (w.clone(), v.date));
            }
        }
    }
    let (mut superseded, mut lapsed, mut missing) = (0, 0, Vec::new());
    for row in &expired {
        let Some((w, date)) = by_row.get(row) else {
            missing.push(row.clone());
            continue;
        };
        let r = store.work_report(w, today).unwrap();
        let v = r.versions.iter().find(|v| v.date == *date).unwrap();
        assert_ne!(v.currency, Currency::Current, "{row:?} is current today");
        if let Some(s) = v.superseded_from {
            for on in [s, s.add_days(1), today] {
                let r = store.work_report(w, on).unwrap();
                let v = r.versions.iter().find(|v| v.date == *date).unwrap();
                assert_eq!(v.currency, Currency::Superseded, "{row:?} on {on}");
            }
            superseded += 1;
        } else {
            assert_eq!(v.currency, Currency::Lapsed, "{row:?}");
            lapsed += 1;
        }
    }
    eprintln!("expired rows: {superseded} superseded, {lapsed} lapsed, {} without a file: {missing:?}", missing.len());
    assert!(superseded >= 23, "{superseded}");
    assert!(missing.len() <= 5, "{missing:?}");
}
