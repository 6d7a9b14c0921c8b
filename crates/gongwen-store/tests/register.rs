//! The register end to end: ingest real files into a temporary store, then ask
//! it what a legal office would. Corpus tests skip visibly when ../shared is
//! absent and fail when `CI=true`.

use gongwen_model::{Date, FactKind, Relation, Status};
use gongwen_store::query::{DocRef, LinkRow};
use gongwen_store::{FileOutcome, Store};
use std::path::{Path, PathBuf};

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn corpus() -> Option<PathBuf> {
    gongwen_testkit::shared_corpus()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    v.sort();
    v
}

fn ingest(store: &mut Store, files: &[PathBuf]) -> gongwen_store::IngestReport {
    store.ingest(files, |_, _| {}).unwrap()
}

fn status(store: &Store, doc: &str, on: &str) -> Status {
    let r = store.find(doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
    store.status(&r, d(on)).unwrap().status
}

/// In force as amended on `on`: the text changed, the status did not.
fn amended(store: &Store, doc: &str, on: &str) -> bool {
    let r = store.find(doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
    store.status(&r, d(on)).unwrap().timeline.on(d(on)).amended
}

fn doc(store: &Store, q: &str) -> DocRef {
    store.find(q).unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn targets<'a>(links: &'a [LinkRow], relation: Relation) -> Vec<&'a str> {
    let mut v: Vec<&str> =
        links.iter().filter(|l| l.relation == relation).filter_map(|l| l.other.as_ref()?.doc_number.as_deref()).collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn wuhan_register_answers_the_done_when_questions() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), tmp.path()).unwrap();
    let report = ingest(&mut store, &files(&corpus.join("wuhan")));
    assert_eq!((report.new, report.failed, report.documents), (5, 0, 58));

    // The six documents repealed by 武政规〔2024〕4号, in force from 2024-03-22.
    let repealed = ["武政规〔2017〕17号", "武政规〔2018〕31号", "武政规〔2019〕31号", "武政规〔2020〕1号", "武政规〔2020〕4号", "武政规〔2020〕19号"];
    for n in repealed {
        assert_eq!(status(&store, n, "2024-04-01"), Status::Repealed, "{n}");
        assert_eq!(status(&store, n, "2024-03-22"), Status::Repealed, "{n}");
        assert_ne!(status(&store, n, "2024-03-21"), Status::Repealed, "{n} must not be repealed before the decision took effect");
        let r = store.status(&doc(&store, n), d("2024-04-01")).unwrap();
        assert_eq!(r.evidence[0].by, "武政规〔2024〕4号");
        assert!(r.doc.stub, "{n} is known only through the decision");
    }
    let decision = store.cites(&doc(&store, "武政规〔2024〕4号")).unwrap();
    assert_eq!(targets(&decision, Relation::Repeals), {
        let mut v = repealed.to_vec();
        v.sort();
        v
    });
    assert_eq!(targets(&decision, Relation::Amends), ["武政规〔2019〕21号", "武政规〔2022〕22号", "武政规〔2023〕6号"]);
    assert_eq!(targets(&decision, Relation::Republishes), ["武政规〔2019〕21号", "武政规〔2022〕22号", "武政规〔2023〕6号"]);

    // 武医保规〔2024〕1号 repeals 武医保规〔2019〕1号 from its own effective date.
    assert_eq!(status(&store, "武医保规〔2019〕1号", "2024-04-30"), Status::Unknown);
    assert_eq!(status(&store, "武医保规〔2019〕1号", "2024-05-01"), Status::Repealed);
    assert_eq!(targets(&store.cites(&doc(&store, "武医保规〔2024〕1号")).unwrap(), Relation::Repeals), ["武医保规〔2019〕1号"]);

    // 自2024年8月15日起施行，有效期为4年.
    assert_eq!(status(&store, "武政规〔2024〕6号", "2024-08-01"), Status::NotYetInForce);
    assert_eq!(status(&store, "武政规〔2024〕6号", "2024-09-01"), Status::InForce);
    let t = store.status(&doc(&store, "武政规〔2024〕6号"), d("2024-09-01")).unwrap().timeline;
    assert_eq!(t.expires, Some(d("2028-08-14")));

    // The 继续有效 catalog: 114 rows, with class and expiry.
    let catalog = store.cites(&doc(&store, "武政规〔2024〕5号")).unwrap();
    let rows: Vec<&LinkRow> = catalog.iter().filter(|l| l.relation == Relation::KeepsValid).collect();
    assert_eq!(rows.len(), 114);
    let class = |c: &str| rows.iter().filter(|l| l.class.as_deref() == Some(c)).collect::<Vec<_>>();
    let original = class("执行原有效期的文件");
    let republished = class("重新公布有效期至2025年12月31日的文件");
    let indefinite = class("长期有效的文件");
    assert_eq!((original.len(), republished.len(), indefinite.len()), (63, 15, 36));
    assert!(original.iter().all(|l| l.until.is_some()));
    assert!(republished.iter().all(|l| l.until.as_deref() == Some("2025-12-31")));
    assert!(indefinite.iter().all(|l| l.until.is_none()));
    let row = original.iter().find(|l| l.other.as_ref().unwrap().doc_number.as_deref() == Some("武政规〔2023〕6号")).unwrap();
    assert_eq!(row.until.as_deref(), Some("2026-02-07"));
    assert_eq!(status(&store, "武政规〔2009〕6号", "2040-01-01"), Status::InForce);
    assert_eq!(status(&store, "武政规〔2019〕17号", "2025-12-31"), Status::InForce);
    assert_eq!(status(&store, "武政规〔2019〕17号", "2026-01-01"), Status::Expired);

    // A 2021 document and a row of the 2024 catalog: the catalog's later expiry
    // wins over the term the document computed for itself, and the
    // disagreement is reported.
    assert_eq!(status(&store, "武政规〔2021〕18号", "2024-12-01"), Status::InForce);
    assert_eq!(status(&store, "武政规〔2021〕18号", "2025-01-01"), Status::Expired);
    let r = store.status(&doc(&store, "武政规〔2021〕18号"), d("2025-01-01")).unwrap();
    assert_eq!(r.timeline.expires, Some(d("2024-12-25")));
    assert_eq!(r.timeline.conflicts.len(), 1);
    assert_eq!(r.timeline.conflicts[0].resolution, "later statement wins");

    // Republished with a new term inside the decision.
    let r = store.status(&doc(&store, "武政规〔2019〕21号"), d("2025-01-01")).unwrap();
    assert_eq!(r.status, Status::InForce, "amended, and in force: 已修改 is no status");
    assert!(amended(&store, "武政规〔2019〕21号", "2025-01-01"));
    assert_eq!(r.timeline.expires, Some(d("2029-03-21")));
    assert_eq!(r.timeline.effective, Some(d("2019-09-15")));
    assert_eq!(status(&store, "武政规〔2019〕21号", "2022-01-01"), Status::InForce);
    assert!(amended(&store, "武政规〔2019〕21号", "2022-01-01"), "first amended on 2021-03-23");
    assert_eq!(status(&store, "武政规〔2019〕21号", "2020-01-01"), Status::InForce);
    assert!(!amended(&store, "武政规〔2019〕21号", "2020-01-01"));
    // Its work: the 2024 text is the current version, made by the 2024 decision; the 2021 amendment is recorded, its text not stored.
    let w = store.work_of(&doc(&store, "武政规〔2019〕21号")).unwrap().expect("a work");
    let wr = store.work_report(&w, d("2025-01-01")).unwrap();
    assert_eq!((wr.status, wr.shown().unwrap().currency), (Status::InForce, gongwen_model::Currency::Current));
    let steps: Vec<(String, bool)> = wr.amendments.iter().map(|a| (a.date.to_string(), a.version.is_some())).collect();
    assert_eq!(steps, [("2021-03-23".to_string(), false), ("2024-03-22".to_string(), true)]);
    assert!(wr.amendments[1].evidence.text.contains("集中修改和废止部分规范性文件的决定"));

    // The same document from the excerpt and the standalone copy: stored once, two sources.
    assert_eq!(store.sources(&doc(&store, "武政办〔2024〕67号")).unwrap().len(), 2);

    // Ingest stores what the documents say: the 92 rows of the responsibility list as tasks.
    let list = store.facts(FactKind::Task, Some(&doc(&store, "武政〔2021〕23号"))).unwrap();
    assert_eq!(list.iter().filter(|f| f.body.contains("责任清单")).count(), 92);
    assert!(store.facts(FactKind::Measure, None).unwrap().len() > 100);
    assert_eq!(store.facts(FactKind::Member, Some(&doc(&store, "武政办〔2024〕25号"))).unwrap().len(), 41);

    // Short forms, 政府令 and implements edges.
    let chronic = store.cites(&doc(&store, "武医保规〔2023〕2号")).unwrap();
    assert!(chronic.iter().any(|l| l.text == "省21号文" && l.other.as_ref().unwrap().doc_number.as_deref() == Some("鄂医保发〔2023〕21号")));
    assert_eq!(targets(&chronic, Relation::Implements), ["鄂医保发〔2023〕21号"]);
    let energy = store.cited_by(&doc(&store, "国家发展改革委2023年第2号令")).unwrap();
    assert!(energy.len() >= 2, "cited by its title+order and by the bare order: {energy:?}");

    // Idempotent: the second run changes nothing.
    let again = ingest(&mut store, &files(&corpus.join("wuhan")));
    assert_eq!((again.unchanged, again.new, again.changed, again.documents), (5, 0, 0, 0));
}

#[test]
fn fixture_register_relations_and_lifecycle() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), tmp.path()).unwrap();
    let report = ingest(&mut store, &files(&fixtures));
    assert_eq!((report.new, report.failed, report.documents), (2, 0, 4));

    assert_eq!(status(&store, "襄政规〔2019〕7号", "2025-02-28"), Status::Unknown);
    assert_eq!(status(&store, "襄政规〔2019〕7号", "2025-03-01"), Status::Repealed);
    // A title printed without 《》 before its 文号.
    assert_eq!(doc(&store, "襄政规〔2020〕3号").title, "市人民政府关于支持小微企业发展的意见");
    assert_eq!(status(&store, "襄政规〔2020〕3号", "2025-03-01"), Status::Repealed);
    // Amended by the decision, then kept valid by the catalog until 2026-06-30.
    assert_eq!(status(&store, "襄政规〔2021〕5号", "2025-06-01"), Status::InForce);
    assert!(amended(&store, "襄政规〔2021〕5号", "2025-06-01"));
    assert_eq!(status(&store, "襄政规〔2021〕5号", "2026-07-01"), Status::Expired);
    // Republished with a new term; the row's date is the old expiry, not the new one.
    assert_eq!(status(&store, "襄政规〔2020〕9号", "2027-12-31"), Status::InForce);
    assert_eq!(status(&store, "襄政规〔2020〕9号", "2028-01-01"), Status::Expired);
    assert_eq!(status(&store, "襄政规〔2012〕1号", "2040-01-01"), Status::InForce);
    // 自公布之日起30日后施行，有效期为3年 (publication taken as the 成文日期 2025-04-01).
    assert_eq!(status(&store, "襄政规〔2025〕4号", "2025-04-30"), Status::NotYetInForce);
    assert_eq!(status(&store, "襄政规〔2025〕4号", "2025-05-01"), Status::InForce);
    assert_eq!(store.status(&doc(&store, "襄政规〔2025〕4号"), d("2025-05-01")).unwrap().timeline.expires, Some(d("2028-04-30")));
    assert_eq!(status(&store, "襄政规〔2018〕6号", "2025-05-01"), Status::Repealed);

    // The law cited by title resolves to the ingested law; the short name
    // 省3号文 resolves to the document it was defined for.
    let links = store.cites(&doc(&store, "襄政规〔2025〕4号")).unwrap();
    let law = links.iter().find(|l| l.text.contains("产品质量法")).unwrap();
    assert_eq!(law.relation, Relation::Implements);
    assert!(!law.other.as_ref().unwrap().stub);
    assert!(links.iter().any(|l| l.text == "省3号文" && l.other.as_ref().unwrap().doc_number.as_deref() == Some("鄂政发〔2024〕3号")));
    assert!(links.iter().any(|l| l.other.as_ref().unwrap().title == "襄江市人民政府规章制定程序规定"));
    assert_eq!(targets(&links, Relation::Implements), ["鄂政发〔2024〕3号"]);
    assert_eq!(status(&store, "中华人民共和国产品质量法", "2020-01-01"), Status::InForce);
    assert!(amended(&store, "中华人民共和国产品质量法", "2020-01-01"));

    // Issuer filter through the alias table; year and status filters.
    let filter = gongwen_store::query::ListFilter { year: Some(2025), status_on: Some(d("2025-05-01")), ..Default::default() };
    let rows = store.list(&filter).unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.status == Some(Status::InForce)));
}

#[test]
fn changed_file_replaces_its_documents_and_bad_files_are_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("in");
    std::fs::create_dir(&src).unwrap();
    let fixture = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/register-gazette.txt")).unwrap();
    let file = src.join("g.txt");
    std::fs::write(&file, &fixture).unwrap();
    std::fs::write(src.join("empty.txt"), "").unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &tmp.path().join("db")).unwrap();
    let mut outcomes = Vec::new();
    store.ingest(&files(&src), |p, o| outcomes.push((p.file_name().unwrap().to_owned(), o.clone()))).unwrap();
    assert!(matches!(outcomes[0].1, FileOutcome::Failed(_)), "empty file reported: {outcomes:?}");
    assert_eq!(outcomes[1].1, FileOutcome::New { documents: 3 });

    // The decision now repeals from a later date; the old statement must go.
    std::fs::write(&file, fixture.replace("本决定自2025年3月1日起施行", "本决定自2025年6月1日起施行")).unwrap();
    let r = ingest(&mut store, &files(&src));
    assert_eq!((r.changed, r.failed), (1, 1));
    assert_eq!(status(&store, "襄政规〔2019〕7号", "2025-03-01"), Status::Unknown);
    assert_eq!(status(&store, "襄政规〔2019〕7号", "2025-06-01"), Status::Repealed);
    assert_eq!(store.sources(&doc(&store, "襄政规〔2025〕2号")).unwrap().len(), 1);

    // The decision leaves the file: the documents it alone named disappear.
    std::fs::write(&file, fixture.split("襄江市人民政府文件\n\n襄政规〔2025〕3号").next().unwrap().replace("襄政规〔2025〕2号", "襄政规〔2025〕9号")).unwrap();
    ingest(&mut store, &files(&src));
    assert!(store.find("襄政规〔2025〕3号").is_err());
    assert!(store.find("襄政规〔2025〕9号").is_ok());
}

#[test]
fn older_schema_is_migrated_and_newer_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    Store::create_at_version(&gongwen_parse::knowledge::Knowledge::builtin(), tmp.path(), 1).unwrap();
    let store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), tmp.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), gongwen_store::schema::LATEST);
    drop(store);

    let newer = tempfile::tempdir().unwrap();
    Store::create_at_version(&gongwen_parse::knowledge::Knowledge::builtin(), newer.path(), gongwen_store::schema::MIGRATIONS.len()).unwrap();
    let conn = rusqlite_conn(newer.path());
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(conn);
    let err = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), newer.path()).err().unwrap().to_string();
    assert!(err.contains("更新版本的 gongwen"), "{err}");

    let corrupt = tempfile::tempdir().unwrap();
    std::fs::write(corrupt.path().join("gongwen.sqlite3"), vec![0x42u8; 8192]).unwrap();
    let err = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), corrupt.path()).err().unwrap().to_string();
    assert!(err.contains("不是 gongwen 资料库"), "{err}");
    assert_eq!(std::fs::read(corrupt.path().join("gongwen.sqlite3")).unwrap(), vec![0x42u8; 8192], "never overwritten");
}

fn rusqlite_conn(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("gongwen.sqlite3")).unwrap()
}

/// A stored relation outside the vocabulary is an error whose cause names
/// the value, never silently skipped or read as `cites`.
#[test]
fn unknown_stored_relation_is_an_error_naming_it() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let tmp = tempfile::tempdir().unwrap();
    let path = {
        let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), tmp.path()).unwrap();
        ingest(&mut store, &files(&fixtures));
        store.path().to_path_buf()
    };
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE link SET relation = 'quotes'", []).unwrap();
    drop(conn);
    let store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), tmp.path()).unwrap();
    let e = store.cites(&doc(&store, "襄政规〔2025〕4号")).unwrap_err();
    let mut chain = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        chain.push_str(&format!(" / {s}"));
        source = s.source();
    }
    assert!(chain.contains("`quotes` 不是已知的 relation"), "{chain}");
    assert!(store.status(&doc(&store, "襄政规〔2019〕7号"), d("2025-03-01")).is_err(), "status reads the same rows");
}

#[test]
fn files_parsed_in_parallel_are_reported_and_stored_in_file_order() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("in");
    std::fs::create_dir(&src).unwrap();
    let fixture = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/register-gazette.txt")).unwrap();
    // More files than one parallel chunk, every third one unreadable.
    for i in 0..50 {
        std::fs::write(src.join(format!("{i:02}.txt")), if i % 3 == 0 { String::new() } else { fixture.clone() }).unwrap();
    }
    let inputs = files(&src);
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &tmp.path().join("db")).unwrap();
    let mut outcomes = Vec::new();
    let r = store.ingest(&inputs, |p, o| outcomes.push((p.to_path_buf(), o.clone()))).unwrap();
    assert_eq!(outcomes.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(), inputs);
    for (i, (_, o)) in outcomes.iter().enumerate() {
        if i % 3 == 0 {
            assert!(matches!(o, FileOutcome::Failed(_)), "{i}: {o:?}");
        } else {
            assert_eq!(*o, FileOutcome::New { documents: 3 }, "{i}");
        }
    }
    assert_eq!((r.new, r.failed, r.documents), (33, 17, 99));
}

/// A 令 is one document with the text it promulgates, known by its order
/// number: found by it, and a citation naming only that number links to it.
#[test]
fn a_decree_is_found_and_cited_by_its_order_number() {
    let tmp = tempfile::tempdir().unwrap();
    let decrees = Path::new(env!("CARGO_MANIFEST_DIR")).join("../gongwen-parse/tests/fixtures/orders.txt");
    let citing = tmp.path().join("citing.txt");
    std::fs::write(
        &citing,
        "襄江省交通运输厅关于农村公路养护考核的通知\n\n襄交发〔2023〕2号\n\n各市交通运输局：\n\n按照襄江省人民政府令第345号的规定，做好养护考核。\n\n襄江省交通运输厅\n\n2023年3月1日\n",
    )
    .unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &tmp.path().join("store")).unwrap();
    ingest(&mut store, &[decrees, citing]);
    let decree = doc(&store, "襄江省人民政府令第345号");
    assert_eq!((decree.title.as_str(), decree.stub), ("襄江省农村公路管理办法", false));
    assert_eq!(decree.doc_number.as_deref(), Some("襄江省人民政府令第345号"));
    let notice = doc(&store, "襄交发〔2023〕2号");
    let cited: Vec<(String, bool)> =
        store.cites(&notice).unwrap().into_iter().filter_map(|l| l.other).map(|o| (o.title, o.stub)).collect();
    assert_eq!(cited, [("襄江省农村公路管理办法".to_string(), false)]);
}

/// A stored text that does not read back is an error naming the store and
/// the document, never an empty answer.
#[test]
fn a_damaged_stored_text_is_an_error_not_nothing() {
    let file = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/register-gazette.txt");
    let tmp = tempfile::tempdir().unwrap();
    let k = std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin());
    let mut store = gongwen_store::Store::open(k.clone(), tmp.path()).unwrap();
    store.ingest(std::slice::from_ref(&file), |_, _| {}).unwrap();
    let doc = store.find("襄政规〔2025〕4号").unwrap();
    assert!(store.document(&doc).unwrap().is_some());
    drop(store);
    let db = rusqlite::Connection::open(tmp.path().join("gongwen.sqlite3")).unwrap();
    db.execute("UPDATE version SET body = '{\"title\": 1' WHERE doc_id = ?1", [doc.id]).unwrap();
    drop(db);
    let store = gongwen_store::Store::open_read_only(k, tmp.path()).unwrap();
    let e = store.document(&doc).unwrap_err();
    assert!(matches!(e, gongwen_store::StoreError::Unreadable { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("gongwen.sqlite3") && msg.contains("襄政规〔2025〕4号") && msg.contains("无法读回"), "{msg}");
}

/// A suspension (暂时调整实施…暂停实施至…) is a link of its own: the cited text
/// stays in force, with the stretch it covers marked suspended and the
/// suspending text as evidence; before and after, it is in force as before.
#[test]
fn a_suspension_marks_the_stretch_it_covers_and_ends_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("suspend.txt");
    std::fs::write(
        &file,
        "襄江市人民政府关于在城东片区暂时调整实施有关规定的决定\n襄政发〔2024〕8号\n各区人民政府，市人民政府各部门：\n为支持城东片区改革试点，市人民政府决定，在城东片区暂时调整实施《襄江市城市管理办法》（襄政规〔2019〕7号）第十二条的规定，暂停实施至2026年4月30日。\n本决定自2024年5月1日起施行。\n襄江市人民政府\n2024年4月20日\n\n襄江市人民政府关于印发襄江市城市管理办法的通知\n襄政规〔2019〕7号\n各区人民政府，市人民政府各部门：\n现将《襄江市城市管理办法》印发给你们，请认真贯彻执行。本办法自2019年6月1日起施行。\n襄江市人民政府\n2019年5月6日\n",
    )
    .unwrap();
    let mut store = Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &tmp.path().join("store")).unwrap();
    ingest(&mut store, &[file]);
    let decision = doc(&store, "襄政发〔2024〕8号");
    let links = store.cites(&decision).unwrap();
    assert_eq!(targets(&links, Relation::Suspends), ["襄政规〔2019〕7号"]);
    assert_eq!(links.iter().find(|l| l.relation == Relation::Suspends).and_then(|l| l.until.clone()).as_deref(), Some("2026-04-30"));
    let suspended = |on: &str| {
        let r = doc(&store, "襄政规〔2019〕7号");
        let report = store.status(&r, d(on)).unwrap();
        (report.status, report.timeline.on(d(on)).suspended)
    };
    assert_eq!(suspended("2023-01-01"), (Status::InForce, false));
    assert_eq!(suspended("2025-01-01"), (Status::InForce, true));
    assert_eq!(suspended("2026-05-01"), (Status::InForce, false));
}
