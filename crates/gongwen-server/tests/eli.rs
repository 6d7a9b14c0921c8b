//! Stable addresses (issue 15): `/eli/…` pages and `/api/eli/…` over a store
//! of the Wuhan gazettes and a few laws of the shared corpus.

mod common;

use gongwen_testkit::http::{enc, request};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::OnceLock;

fn server() -> Option<SocketAddr> {
    static SERVER: OnceLock<Option<(SocketAddr, tempfile::TempDir)>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let corpus = gongwen_testkit::shared_corpus()?;
            let dir = tempfile::tempdir().unwrap();
            let laws = corpus.join("laws");
            let paths = [
                corpus.join("wuhan"),
                laws.join("经济法/产品质量法(2018-12-29).md"),
                laws.join("民法典"),
                laws.join("行政法/职业教育法(1996-05-15).md"),
                laws.join("行政法/职业教育法(2022-04-20).md"),
            ];
            Some((common::serve_ingested(dir.path(), &paths, |_| gongwen_server::Access::default()), dir))
        })
        .as_ref()
        .map(|(a, _)| *a)
}

fn get(addr: SocketAddr, path: &str) -> gongwen_testkit::http::Answer {
    request(addr, "GET", &enc(path), "", "")
}

fn json(addr: SocketAddr, path: &str) -> Value {
    let a = get(addr, path);
    assert_eq!(a.status, 200, "{path}: {}", a.body);
    serde_json::from_str(&a.body).unwrap()
}

#[test]
fn a_law_address_round_trips_through_the_api_and_the_pages() {
    let Some(addr) = server() else { return };
    let work = "/eli/cn/law/中华人民共和国产品质量法";
    let v = json(addr, &format!("/api{work}"));
    assert_eq!(v["report"]["work"]["eli"], work);
    assert_eq!(v["report"]["status"], "in_force");
    assert_eq!(v["version"]["currency"], "current");
    let version = v["version"]["eli"].as_str().unwrap().to_string();
    assert_eq!(version, format!("{work}/2018-12-29"));
    // The version's own address answers with the same version.
    let again = json(addr, &format!("/api{version}"));
    assert_eq!(again["version"]["eli"], version.as_str());
    // An article's address: its node, and a citation.
    let art = json(addr, &format!("/api{version}/art_13"));
    assert_eq!(art["node"]["label"], "第十三条");
    assert_eq!(art["node"]["citation"], "《中华人民共和国产品质量法》第十三条");
    assert_eq!(get(addr, &format!("/api{version}/art_9999")).status, 404);
    // The page holds every article as an anchor, and the versions.
    let page = get(addr, work);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"art_13\""), "no article anchor");
    assert!(page.body.contains("现行版本"));
    // The article's page address lands on the version's page at the anchor.
    let a = get(addr, &format!("{version}/art_13"));
    assert!((300..400).contains(&a.status), "{}", a.status);
    assert!(a.header("location").unwrap().ends_with("#art_13"));
    // The old way of asking by name reaches the work.
    let a = get(addr, "/doc/中华人民共和国产品质量法");
    assert!((300..400).contains(&a.status), "{} {}", a.status, a.body);
    assert_eq!(a.header("location").unwrap(), enc(work));
    // A document's page lists its work's versions.
    let slug = v["parts"][0]["doc"].as_str().unwrap().to_string();
    let page = get(addr, &slug);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("版本（1）") && page.body.contains("id=\"art_13\""));
}

#[test]
fn the_civil_code_is_one_work_in_parts() {
    let Some(addr) = server() else { return };
    let v = json(addr, "/api/eli/cn/law/中华人民共和国民法典?text=1");
    let parts = v["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 8);
    let contract = parts.iter().find(|p| p["part"] == "合同编").unwrap();
    assert!(contract["document"]["text"].as_str().unwrap().contains("本编调整因合同产生的民事关系"));
    let art = json(addr, "/api/eli/cn/law/中华人民共和国民法典/2020-05-28/art_1260");
    assert_eq!(art["node"]["label"], "第一千二百六十条");
}

#[test]
fn two_versions_side_by_side_and_citations_to_copy() {
    let Some(addr) = server() else { return };
    let work = "/eli/cn/law/中华人民共和国职业教育法";
    // Without dates: the current version against the one before it.
    let v = json(addr, &format!("/api{work}/compare"));
    assert_eq!(v["old"]["eli"], format!("{work}/1996-05-15"));
    assert_eq!(v["new"]["eli"], format!("{work}/2022-04-20"));
    let articles = v["articles"].as_array().unwrap();
    let count = |k: &str| articles.iter().filter(|a| a["change"] == k).count();
    // The 2022 revision: 69 articles against 40; the counts add up.
    let new_articles = articles.iter().filter(|a| !a["new"].is_null()).count();
    let old_articles = articles.iter().filter(|a| !a["old"].is_null()).count();
    assert_eq!((old_articles, new_articles), (40, 69));
    assert_eq!(v["counts"]["changed"].as_u64().unwrap() as usize, count("changed"));
    assert!(count("changed") > 0 && count("added") > 0);
    // A changed article carries its pieces: old-only and new-only runs.
    let changed = articles.iter().find(|a| a["change"] == "changed").unwrap();
    let pieces = changed["pieces"].as_array().unwrap();
    assert!(pieces.iter().any(|p| p["in"] == "both"));
    // Explicit dates, the same answer; an unknown one is a 404 naming it.
    let again = json(addr, &format!("/api{work}/compare?old=1996-05-15&new=2022-04-20"));
    assert_eq!(again["articles"].as_array().unwrap().len(), articles.len());
    let missing = get(addr, &format!("/api{work}/compare?old=1997-01-01"));
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("1997-01-01"));
    // The page: the two columns, changes marked, unchanged folded; reachable from the version list.
    let page = get(addr, &format!("{work}/compare"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("新旧对照") && page.body.contains("<ins>") && page.body.contains("class=\"cmp-row\""));
    let work_page = get(addr, work);
    assert!(work_page.body.contains("与上一版本对照"));
    // Copy-citation buttons: the current version cites plainly at the work's address …
    assert!(work_page.body.contains("data-cite=\"《中华人民共和国职业教育法》第十三条\""), "no citation button");
    assert!(work_page.body.contains(&format!("data-href=\"{}/art_13\"", gongwen_testkit::http::enc(work))));
    // … an older version with its date.
    let old = get(addr, &format!("{work}/1996-05-15"));
    assert!(old.body.contains("data-cite=\"《中华人民共和国职业教育法》（1996-05-15版本）第十三条\""));
    let js = get(addr, "/static/cite.js");
    assert_eq!(js.status, 200);
    assert!(js.body.contains("clipboard"));
}
