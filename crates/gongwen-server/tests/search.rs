//! Search as a legal researcher expects, and the /measures and /people
//! views, over the Wuhan gazettes and two versions of one national law
//! (职业教育法, 1996 and 2022, with the law database beside them): one hit
//! per work with its two statuses, sort, scope, 效力级别, exact or family
//! issuer, stubs off by default, numbered pages, a 文号 that lands on its
//! document; measures grouped and ranked with their CSV; people by name.

mod common;

use gongwen_testkit::http::enc;
use serde_json::Value;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;

const LAW: &str = "/eli/cn/law/中华人民共和国职业教育法";

fn server() -> Option<SocketAddr> {
    static SERVER: OnceLock<Option<(SocketAddr, tempfile::TempDir)>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let corpus = gongwen_testkit::shared_corpus()?;
            let dir = tempfile::tempdir().unwrap();
            let laws = corpus.join("laws/行政法");
            let paths: Vec<PathBuf> = vec![corpus.join("wuhan"), laws.join("职业教育法(1996-05-15).md"), laws.join("职业教育法(2022-04-20).md")];
            Some((common::serve_ingested(dir.path(), &paths, |_| gongwen_server::Access::default()), dir))
        })
        .as_ref()
        .map(|s| s.0)
}

fn get(path: &str) -> gongwen_testkit::http::Answer {
    gongwen_testkit::http::request(server().unwrap(), "GET", &enc(path), "", "")
}

fn json(path: &str) -> Value {
    let a = get(path);
    assert_eq!(a.status, 200, "{path}: {}", a.body);
    serde_json::from_str(&a.body).unwrap()
}

fn hits(r: &Value) -> &Vec<Value> {
    r["hits"].as_array().unwrap()
}

fn facet(r: &Value, name: &str) -> Vec<(String, u64)> {
    r["facets"][name].as_array().unwrap().iter().map(|f| (f["value"].as_str().unwrap().to_string(), f["count"].as_u64().unwrap())).collect()
}

#[test]
fn one_hit_per_work_shows_the_current_version_and_the_older_ones_that_matched() {
    if server().is_none() {
        return;
    }
    let r = json("/api/search?q=职业教育&per_page=100&on=2025-01-01");
    let law: Vec<&Value> = hits(&r).iter().filter(|h| h["work"]["eli"] == LAW).collect();
    assert_eq!(law.len(), 1, "both versions match, one hit: {law:?}");
    let h = law[0];
    assert_eq!(h["work"]["versions"], 2);
    assert_eq!((h["work"]["status"].as_str(), h["work"]["currency"].as_str()), (Some("in_force"), Some("current")));
    assert_eq!(h["date"].as_str().map(|d| &d[..4]), Some("2022"), "{h}");
    let older = h["other_versions"].as_array().unwrap();
    assert_eq!(older.len(), 1, "{h}");
    assert_eq!(older[0]["version"], "1996-05-15");
    assert_eq!((h["level"].as_str(), h["scope"].as_str()), (Some("法律"), Some("national")));
    // Before the 2022 revision took effect, the 1996 text is the one shown.
    let then = json("/api/search?q=职业教育&per_page=100&on=2022-04-30");
    let h = hits(&then).iter().find(|h| h["work"]["eli"] == LAW).unwrap();
    assert_eq!(h["date"].as_str().map(|d| &d[..4]), Some("1996"), "{h}");
    assert_eq!(h["work"]["currency"], "current");
    assert_eq!(h["other_versions"][0]["version"], "2022-04-20");
    // Counts and facets count works: every facet of one dimension sums to the total.
    let total = r["total"].as_u64().unwrap();
    assert_eq!(total as usize, hits(&r).len());
    assert_eq!(facet(&r, "level").iter().map(|f| f.1).sum::<u64>(), total);
    assert_eq!(facet(&r, "status").iter().map(|f| f.1).sum::<u64>(), total);
    // The page shows both statuses as badges and links the older version.
    let page = get("/?q=职业教育&on=2025-01-01").body;
    assert!(page.contains(r#"data-currency="current""#), "{page}");
    assert!(page.contains("同一法规的其他命中版本："), "{page}");
    assert!(page.contains("1996-05-15 版"), "{page}");
}

#[test]
fn scope_and_level_come_from_the_kind_of_text() {
    if server().is_none() {
        return;
    }
    let national = json("/api/search?scope=national&per_page=100");
    assert_eq!(national["total"], 1, "one national work: the law (its two versions one hit)");
    assert_eq!(hits(&national)[0]["work"]["eli"], LAW);
    let local = json("/api/search?scope=local&per_page=100");
    let all = json("/api/search?scope=all&per_page=100");
    assert_eq!(local["total"].as_u64().unwrap() + 1, all["total"].as_u64().unwrap());
    assert!(hits(&local).iter().all(|h| h["scope"] == "local" && h["level"] != "法律"));
    // 效力级别 in the order of data/levels.toml; 规范性文件 are the …规〔〕 numbers.
    let levels: Vec<String> = facet(&all, "level").into_iter().map(|f| f.0).collect();
    let order = ["法律", "行政法规", "地方性法规", "规章", "规范性文件", "其他"];
    let ranks: Vec<usize> = levels.iter().map(|l| order.iter().position(|o| o == l).unwrap_or_else(|| panic!("{l}"))).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{levels:?}");
    let normative = json("/api/search?level=规范性文件&per_page=100");
    assert!(normative["total"].as_u64().unwrap() > 10);
    assert!(hits(&normative).iter().all(|h| h["level"] == "规范性文件"));
    assert!(hits(&normative).iter().any(|h| h["doc_number"] == "武政规〔2024〕6号"));
    let bad = get("/api/search?scope=省级");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("`scope`"), "{}", bad.body);
}

#[test]
fn facets_years_newest_first_and_every_issuer() {
    if server().is_none() {
        return;
    }
    let all = json("/api/search?per_page=1");
    let years: Vec<String> = facet(&all, "year").into_iter().map(|f| f.0).collect();
    assert!(years.len() >= 3 && years.windows(2).all(|w| w[0] > w[1]), "{years:?}");
    // Every issuer, not the first few: as many as the documents have.
    let everything = json("/api/search?per_page=100");
    assert!(everything["total"].as_u64().unwrap() <= 100);
    let mut named: Vec<&str> = hits(&everything).iter().flat_map(|h| h["issuers"].as_array().unwrap().iter().map(|i| i.as_str().unwrap())).collect();
    named.sort();
    named.dedup();
    let mut listed: Vec<String> = facet(&all, "issuer").into_iter().map(|f| f.0).collect();
    listed.sort();
    assert_eq!(listed, named);
}

#[test]
fn issuer_exact_is_that_organ_family_its_offices_too() {
    if server().is_none() {
        return;
    }
    let gov = "武汉市人民政府";
    let exact = json(&format!("/api/search?issuer={gov}&issuer_mode=exact&per_page=100"));
    let family = json(&format!("/api/search?issuer={gov}&issuer_mode=family&per_page=100"));
    let issuers = |h: &Value| h["issuers"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(hits(&exact).iter().all(|h| issuers(h).iter().any(|i| i == gov)), "exact");
    assert!(!hits(&exact).iter().any(|h| issuers(h).iter().all(|i| i == "武汉市人民政府办公厅")));
    assert!(hits(&family).iter().any(|h| issuers(h).iter().any(|i| i == "武汉市人民政府办公厅")), "family holds the 办公厅");
    assert!(family["total"].as_u64().unwrap() > exact["total"].as_u64().unwrap());
    // The facet's count is the exact filter's total.
    let count = facet(&json("/api/search?per_page=1"), "issuer").into_iter().find(|f| f.0 == gov).unwrap().1;
    assert_eq!(count, exact["total"].as_u64().unwrap());
    let bad = get(&format!("/api/search?issuer={gov}&issuer_mode=全部"));
    assert_eq!(bad.status, 400);
}

#[test]
fn sorts_by_relevance_date_and_doc_number() {
    if server().is_none() {
        return;
    }
    let by_number = json("/api/search?q=通知&sort=doc_number&per_page=100");
    let keys: Vec<(String, u16, u32)> = hits(&by_number)
        .iter()
        .filter_map(|h| h["doc_number"].as_str())
        .map(|n| {
            let (agency, rest) = n.split_once('〔').unwrap();
            let (year, serial) = rest.split_once('〕').unwrap();
            (agency.to_string(), year.parse().unwrap(), serial.trim_end_matches('号').parse().unwrap())
        })
        .collect();
    assert!(keys.len() > 10);
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    let by_date = json("/api/search?q=通知&sort=date&per_page=100");
    let dates: Vec<&str> = hits(&by_date).iter().filter_map(|h| h["date"].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let bad = get("/api/search?q=通知&sort=title");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("`doc_number`"), "{}", bad.body);
    let page = get("/?q=通知&sort=doc_number").body;
    assert!(page.contains(r#"<option value="doc_number" selected>文号</option>"#), "{page}");
}

#[test]
fn stubs_are_off_by_default() {
    if server().is_none() {
        return;
    }
    let plain = json("/api/search?per_page=100");
    let with = json("/api/search?per_page=100&stubs=1");
    assert!(hits(&plain).iter().all(|h| h["stub"] == false));
    assert!(with["total"].as_u64().unwrap() > plain["total"].as_u64().unwrap());
    assert!(hits(&with).iter().any(|h| h["stub"] == true));
}

#[test]
fn pages_are_numbered() {
    if server().is_none() {
        return;
    }
    let r = json("/api/search?q=通知");
    let pages = r["total"].as_u64().unwrap().div_ceil(10);
    assert!(pages >= 3, "{pages}");
    let page = get("/?q=通知&page=2").body;
    assert!(page.contains(r#"<span class="current" aria-current="page">2</span>"#), "{page}");
    for n in [1, 3] {
        assert!(page.contains(&format!("page={n}&amp;q=")), "a link to page {n}");
    }
    assert!(page.contains(r#"rel="prev""#) && page.contains(r#"rel="next""#));
    assert!(page.contains(&format!("第 2 / {pages} 页")));
}

#[test]
fn a_doc_number_lands_on_its_document() {
    if server().is_none() {
        return;
    }
    for q in ["武政规〔2024〕6号", "武政规[2024]6号", "武政规（2024）6号", " 武政规〔2024〕 6 号 "] {
        assert_eq!(json(&format!("/api/search?q={q}"))["landing"], "武政规〔2024〕6号", "{q}");
        let a = get(&format!("/?q={q}"));
        assert_eq!(a.status, 303, "{q}");
        assert_eq!(a.header("location").as_deref(), Some(gongwen_server::enc("武政规〔2024〕6号").as_str()).map(|s| format!("/doc/{s}")).as_deref());
    }
    // Words are no 文号: a list of results.
    assert!(json("/api/search?q=商业航天")["landing"].is_null());
    assert_eq!(get("/?q=商业航天").status, 200);
}

/// The CSV rows (header first) of a download, checking its BOM.
fn csv(path: &str) -> Vec<Vec<String>> {
    let a = get(path);
    assert_eq!(a.status, 200, "{path}");
    let body = a.body.strip_prefix('\u{feff}').unwrap_or_else(|| panic!("{path}: no BOM"));
    csv::ReaderBuilder::new().has_headers(false).from_reader(body.as_bytes()).records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

#[test]
fn measures_grouped_by_document_ranked_by_amount_with_a_csv() {
    if server().is_none() {
        return;
    }
    let rows = csv("/measures.csv?kind=grant");
    assert_eq!(rows[0], ["文号", "标题", "发文机关", "成文日期", "文件状态", "条目", "措施类型", "措施", "金额", "最高金额（万元）", "对象", "条件"]);
    let rows = &rows[1..];
    assert!(rows.len() > 10, "{}", rows.len());
    assert!(rows.iter().all(|r| r[6] == "资金奖补"));
    // Documents in order of their largest amount; a document's rows together.
    let mut firsts: Vec<((String, String), f64)> = Vec::new();
    for r in rows {
        let wan = r[9].parse::<f64>().unwrap_or(-1.0);
        // A document: its title and date (two versions of a law share a title).
        let doc = (r[1].clone(), r[3].clone());
        match firsts.last_mut() {
            Some((d, max)) if *d == doc => assert!(wan <= *max, "{r:?}"),
            _ => {
                assert!(!firsts.iter().any(|f| f.0 == doc), "{doc:?} twice");
                firsts.push((doc, wan));
            }
        }
    }
    assert!(firsts.windows(2).all(|w| w[0].1 >= w[1].1), "{firsts:?}");
    // The page: one section per document, the same number as in the CSV.
    let page = get("/measures?kind=grant").body;
    assert!(page.contains(&format!(r#"data-docs="{}""#, firsts.len())), "{page}");
    assert!(page.contains(&format!(r#"data-items="{}""#, rows.len())));
    // Beneficiary words, issuer, in force: each narrows.
    let firms = csv("/measures.csv?beneficiary=企业");
    assert!(firms[1..].iter().all(|r| r[10].contains("企业") || r[11].contains("企业")));
    let all = csv("/measures.csv");
    assert!(firms.len() < all.len());
    let live = csv("/measures.csv?in_force=1&on=2025-01-01");
    assert!(live[1..].iter().all(|r| r[4] == "现行有效"), "{live:?}");
    let api = json("/api/measures?kind=grant&limit=500");
    assert_eq!(api["total"].as_u64().unwrap() as usize, rows.len());
    assert_eq!(get("/measures?kind=罚款").status, 400);
}

#[test]
fn people_by_name_post_organ_and_date() {
    if server().is_none() {
        return;
    }
    let first = json("/api/people?limit=1");
    let item = &first["items"][0]["appointment"];
    let person = item["person"].as_str().unwrap();
    let page = get(&format!("/people?name={person}")).body;
    let rows = page.matches("<tr data-what=").count();
    assert!(rows >= 1, "{page}");
    assert!(page.contains(&format!(r#"<td class="person" translate="no">{person}</td>"#)));
    assert!(page.contains("#L"), "rows link to their line");
    // All rows, then narrowed by an organ word and by dates.
    let all = get("/people").body;
    let total = |p: &str| -> usize {
        let at = p.find(r#"data-rows=""#).unwrap() + 11;
        p[at..].split('"').next().unwrap().parse().unwrap()
    };
    let everyone = total(&all);
    assert!(everyone > 20, "{everyone}");
    let organ = total(&get("/people?organ=公安局").body);
    assert!(0 < organ && organ < everyone, "{organ}");
    let in_2021 = total(&get("/people?from=2021-01-01&until=2021-12-31").body);
    assert!(0 < in_2021 && in_2021 < everyone, "{in_2021}");
    let api = json(&format!("/api/people?name={}", person.chars().next().unwrap()));
    assert!(api["items"].as_array().unwrap().iter().all(|i| i["appointment"]["person"].as_str().unwrap().contains(person.chars().next().unwrap())));
    assert_eq!(get("/people?from=去年").status, 400);
}


#[test]
fn a_policy_republished_as_amended_is_its_current_version() {
    if server().is_none() {
        return;
    }
    // 武政规〔2019〕21号 was amended by a 2024 decision: its work is in force, its text current.
    let r = json("/api/search?q=武政规〔2019〕21号&on=2025-01-01");
    let h = &hits(&r)[0];
    assert_eq!(h["doc_number"], "武政规〔2019〕21号");
    assert_eq!((h["work"]["status"].as_str(), h["work"]["currency"].as_str()), (Some("in_force"), Some("current")));
    assert_eq!(h["status"], "in_force", "the work is in force; its amendment is a version");
}

/// Every measure, task and target cites the line it is printed on, and its
/// document's page has that line's anchor (a paragraph wrapped over several
/// source lines carries an anchor for each).
#[test]
fn every_cited_line_has_its_anchor_on_the_document_page() {
    if server().is_none() {
        return;
    }
    let mut pages: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut checked = 0;
    for kind in ["measures", "tasks", "targets"] {
        let mut items = Vec::new();
        for offset in (0..).step_by(500) {
            let page = json(&format!("/api/{kind}?limit=500&offset={offset}"));
            let got = page["items"].as_array().unwrap().clone();
            let done = got.len() < 500;
            items.extend(got);
            if done {
                break;
            }
        }
        for item in &items {
            let Some(number) = item["doc_number"].as_str() else { continue };
            let line = item["line"].as_u64().unwrap();
            let page = pages.entry(number.to_string()).or_insert_with(|| get(&format!("/doc/{number}")).body);
            assert!(page.contains(&format!(r#"id="L{line}""#)), "{kind} of {number} at line {line}: no anchor");
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}
