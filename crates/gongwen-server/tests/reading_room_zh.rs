//! The reading room speaks Chinese: a crawler follows every link of the
//! pages over a store of the in-repo fixtures (and the Wuhan corpus when
//! present) and fails on interface text in Latin letters. The document's own
//! words (a title with 5G, a file name) are inside `translate="no"`
//! elements, which the crawler skips. Also: the downloads people open (the
//! register and task CSVs with a BOM, the task calendar) and the `/tasks`
//! ledger a 督查室 filters.

mod common;

use gongwen_testkit::http::enc;
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::OnceLock;

/// An implementation notice with tasks: one overdue on 2025-01-01, one
/// recurring, one due in the future.
const TASKS_DOC: &str = "襄江市人民政府办公厅文件

襄政办〔2024〕12号

市人民政府办公厅关于做好养老服务设施建设工作的通知

各区人民政府，市人民政府各部门：

一、2024年6月底前完成全市养老服务设施普查，建立设施台账（牵头单位：市银龄事务局；配合单位：市康养基金管理局）。

二、每年3月底前报送上一年度养老服务设施建设情况（责任单位：各区人民政府）。

三、2030年12月底前建成市级养老服务指导中心（牵头单位：市银龄事务局）。

本通知自印发之日起施行。

襄江市人民政府办公厅
2024年3月1日
";

/// Latin words an interface may show: the product's and formats' names and
/// the date pattern in a hint.
const ALLOWED: &[&str] = &["gongwen", "API", "JSON", "CSV", "ICS", "YYYY", "MM", "DD"];

fn server() -> &'static SocketAddr {
    static SERVER: OnceLock<(SocketAddr, tempfile::TempDir)> = OnceLock::new();
    &SERVER
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let tasks = dir.path().join("tasks.txt");
            std::fs::write(&tasks, TASKS_DOC).unwrap();
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            let mut paths = vec![root.join("examples"), root.join("crates/gongwen-parse/tests/fixtures"), tasks];
            if let Some(corpus) = gongwen_testkit::shared_corpus() {
                paths.push(corpus.join("wuhan"));
            }
            (common::serve_ingested(dir.path(), &paths, |_| gongwen_server::Access::default()), dir)
        })
        .0
}

/// GET `path` as a person would type it (encoded here).
fn get(path: &str) -> gongwen_testkit::http::Answer {
    get_raw(&enc(path))
}

/// GET a path already percent-encoded (a link from a page).
fn get_raw(path: &str) -> gongwen_testkit::http::Answer {
    gongwen_testkit::http::request(*server(), "GET", path, "", "")
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
/// Attributes a person reads.
const READ_ATTRS: &[&str] = &["title", "placeholder", "aria-label", "alt"];

/// What a page shows a person outside `translate="no"` and `<head>`: its
/// text and readable attributes, and the links it holds.
struct Page {
    shown: Vec<String>,
    links: Vec<String>,
}

fn attrs(tag: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_string();
        let after = &rest[eq + 2..];
        let end = after.find('"').unwrap_or(after.len());
        out.insert(name, decode(&after[..end]));
        rest = &after[(end + 1).min(after.len())..];
    }
    out
}

fn read_page(html: &str) -> Page {
    let mut shown = Vec::new();
    let mut links = Vec::new();
    // (tag name, skipped)
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            break;
        };
        let text = &rest[..lt];
        let skipped = stack.last().is_some_and(|s| s.1);
        if !skipped && !text.trim().is_empty() {
            shown.push(decode(text));
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g);
        let tag = &rest[lt + 1..gt];
        rest = &rest[(gt + 1).min(rest.len())..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|s| s.0 == name) {
                stack.truncate(at);
            }
            continue;
        }
        let name: String = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("").to_ascii_lowercase();
        let a = attrs(tag);
        let parent = stack.last().is_some_and(|s| s.1);
        let skip = match a.get("translate").map(String::as_str) {
            Some("no") => true,
            Some("yes") => false,
            _ => parent || name == "head",
        };
        if let Some(href) = a.get("href").filter(|h| h.starts_with('/')) {
            links.push(href.clone());
        }
        if !skip {
            for k in READ_ATTRS {
                if let Some(v) = a.get(*k) {
                    shown.push(v.clone());
                }
            }
        }
        if !(VOID.contains(&name.as_str()) || tag.ends_with('/')) {
            stack.push((name, skip));
        }
    }
    Page { shown, links }
}

/// Words of Latin letters in `text` that are not in [`ALLOWED`].
fn english(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty() && !ALLOWED.contains(w)).map(String::from).collect()
}

fn crawlable(href: &str) -> bool {
    !(href.starts_with("/api/") || href.starts_with("/static/") || href.contains(".csv") || href.contains(".ics"))
}

#[test]
fn no_english_interface_text_on_any_page() {
    // Every page reachable by links, bounded (facet combinations multiply).
    let limit = 5000;
    let seeds = [
        "/",
        "/?q=质量",
        "/?q=\"未闭合",
        "/?q=低空经济",
        "/register?all=1",
        "/register?on=2025-05-01",
        "/find",
        "/find?industry=商业航天&planned_investment_wan=20000&revenue_wan=5000",
        "/tasks",
        "/tasks?overdue=1&on=2025-01-01",
        "/tasks?role=lead&unit=市银龄事务局",
        "/measures",
        "/measures?kind=grant&in_force=1",
        "/measures?beneficiary=企业&issuer=市人民政府",
        "/people",
        "/people?what=rosters",
        "/people?name=张&from=2021-01-01",
        "/?q=补贴&scope=local&sort=doc_number",
        "/?q=质量&scope=national&issuer=襄江市人民政府&issuer_mode=exact",
        "/?q=通知&page=2",
        "/doc/襄政办〔2024〕12号",
        "/doc/襄政规〔2025〕4号/graph",
        // Errors: unknown page, document, parameter values.
        "/no-such-page",
        "/doc/不存在〔2099〕1号",
        "/?on=2024-13-45",
        "/?page=第二",
        "/tasks?due_before=明天",
        "/tasks?role=组长",
        "/register?on=昨天",
        "/measures?kind=罚款",
        "/people?what=谁",
        "/?sort=标题",
        "/?scope=省级",
    ];
    let mut queue: VecDeque<String> = seeds.iter().map(|s| enc(s)).collect();
    let mut seen: HashSet<String> = queue.iter().cloned().collect();
    let mut found: Vec<String> = Vec::new();
    let mut crawled = 0;
    while let Some(path) = queue.pop_front() {
        if crawled >= limit {
            break;
        }
        crawled += 1;
        let a = get_raw(&path);
        assert!(a.status != 500, "{path}: {}", a.body);
        if !a.header("content-type").unwrap_or_default().starts_with("text/html") {
            continue;
        }
        let page = read_page(&a.body);
        for t in &page.shown {
            let words = english(t);
            if !words.is_empty() {
                found.push(format!("{path}: {words:?} in “{}”", t.trim()));
            }
        }
        for l in page.links {
            let l = l.split('#').next().unwrap_or("").to_string();
            if crawlable(&l) && seen.insert(l.clone()) {
                queue.push_back(l);
            }
        }
    }
    eprintln!("crawled {crawled} pages");
    assert!(crawled >= 30, "crawled only {crawled} pages");
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "English interface text on {} places:\n{}", found.len(), found.join("\n"));
}

#[test]
fn the_crawler_sees_interface_text_and_skips_document_text() {
    let p = read_page(r#"<html><head><title>x</title></head><body><h1 translate="no">5G 应用<span>GDP</span></h1><p>later <b>wins</b></p><input placeholder="search"><p translate="no">a<span translate="yes">keeps_valid</span></p></body></html>"#);
    let words: Vec<String> = p.shown.iter().flat_map(|t| english(t)).collect();
    assert_eq!(words, ["later", "wins", "search", "keeps", "valid"]);
}

#[test]
fn downloads_for_people_have_a_bom_and_chinese_headers() {
    let reg = get("/api/register.csv?on=2025-05-01");
    assert_eq!(reg.status, 200);
    assert!(reg.body.starts_with("\u{feff}文号,标题,发文机关,成文日期,施行日期,有效期至,状态\n"), "{}", reg.body);
    let row = reg.body.lines().find(|l| l.starts_with("襄政规〔2025〕4号,")).unwrap_or_else(|| panic!("{}", reg.body));
    assert!(row.ends_with(",2025-05-01,2028-04-30,现行有效"), "{row}");
    assert!(!reg.body.contains("in_force"));

    let csv = get("/tasks.csv?unit=市银龄事务局&on=2025-01-01");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-disposition").unwrap_or_default().contains("gongwen-tasks-2025-01-01.csv"));
    let mut lines = csv.body.lines();
    assert!(lines.next().unwrap().starts_with("\u{feff}文号,标题,条目,任务,牵头单位,责任单位,配合单位,指导单位,完成时限,截止日期,是否逾期,文件状态"), "{}", csv.body);
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{}", csv.body);
    assert!(rows[0].contains(",市银龄事务局,,市康养基金管理局,,2024年6月底前,2024-06-30,逾期,现行有效,"), "{}", rows[0]);
    assert!(rows[1].contains(",2030-12-31,,现行有效,"), "{}", rows[1]);

    let ics = get("/tasks.ics?unit=市银龄事务局&overdue=1&on=2025-01-01");
    assert_eq!(ics.status, 200);
    assert!(ics.header("content-type").unwrap_or_default().starts_with("text/calendar"));
    let body = ics.body.replace("\r\n ", "");
    assert!(body.contains("BEGIN:VCALENDAR") && body.contains("DTSTART;VALUE=DATE:20240630"), "{body}");
    assert!(body.contains("SUMMARY:【逾期】一、2024年6月底前完成全市养老服务设施普查"), "{body}");
    assert_eq!(body.matches("BEGIN:VEVENT").count(), 1, "{body}");
}

#[test]
fn the_task_ledger_filters_and_flags_overdue() {
    let count = |q: &str| -> (usize, usize) {
        let a = get(&format!("/tasks?{q}"));
        assert_eq!(a.status, 200, "{q}: {}", a.body);
        let num = |id: &str| -> usize {
            let at = a.body.find(&format!("id=\"{id}\">")).unwrap_or_else(|| panic!("{q}: no #{id}")) + id.len() + 6;
            a.body[at..].split('<').next().unwrap().parse().unwrap()
        };
        (num("total"), num("overdue"))
    };
    assert_eq!(count("unit=市银龄事务局&on=2025-01-01"), (2, 1));
    assert_eq!(count("unit=市银龄事务局&on=2024-06-30"), (2, 0), "not overdue on its own day");
    assert_eq!(count("unit=市康养基金管理局&role=cooperating&on=2025-01-01"), (1, 1));
    assert_eq!(count("unit=市康养基金管理局&role=lead&on=2025-01-01"), (0, 0));
    // 各区人民政府 includes a district; a recurring task is never overdue.
    let district = get("/tasks.csv?unit=江岸区人民政府&on=2025-01-01").body;
    let ours: Vec<&str> = district.lines().filter(|l| l.starts_with("襄政办〔2024〕12号,")).collect();
    assert_eq!(ours.len(), 1, "{district}");
    assert!(ours[0].contains(",各区人民政府,,,每年3月底,,,现行有效,"), "{}", ours[0]);
    assert_eq!(count("unit=市银龄事务局&due_after=2025-01-01&on=2025-01-01"), (1, 0));
    assert_eq!(count("unit=市银龄事务局&due_before=2024-12-31&on=2025-01-01"), (1, 1));
    assert_eq!(count("unit=市银龄事务局&overdue=1&status=in_force&on=2025-01-01"), (1, 1));
    assert_eq!(count("unit=市银龄事务局&status=repealed&on=2025-01-01"), (0, 0));
    // Each task links to its row on its document's page, which has that anchor.
    let page = get("/tasks?unit=市银龄事务局&on=2025-01-01").body;
    let href = "/doc/%E8%A5%84%E6%94%BF%E5%8A%9E%E3%80%942024%E3%80%9512%E5%8F%B7#task-";
    let at = page.find(href).unwrap_or_else(|| panic!("{page}")) + href.len();
    let line: String = page[at..].chars().take_while(char::is_ascii_digit).collect();
    let doc = get("/doc/襄政办〔2024〕12号").body;
    assert!(doc.contains(&format!("id=\"task-{line}\"")), "task-{line} on the document page");
    // Bad values: one Chinese line naming the parameter.
    let bad = get("/tasks?role=组长");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains(r#"参数 <code translate="no">role</code>"#), "{}", bad.body);
}

#[test]
fn the_search_page_leaves_stubs_out_unless_asked_and_sorts_by_date() {
    let stub = r#"<span class="stub">仅见于引用</span>"#;
    let plain = get("/?q=襄政规〔2018〕6号");
    assert_eq!(plain.status, 200);
    assert!(!plain.body.contains(stub), "stubs are off by default");
    assert!(plain.body.contains(r#"<input type="checkbox" name="stubs" value="1">"#), "the toggle is shown, unchecked");
    let with = get("/?q=襄政规〔2018〕6号&stubs=1");
    assert!(with.body.contains(stub), "襄政规〔2018〕6号 is known only through a citation");
    assert!(with.body.contains(r#"name="stubs" value="1" checked>"#));
    let by_date = get("/?q=质量&sort=date");
    assert!(by_date.body.contains(r#"<option value="date" selected>"#), "{}", by_date.body);
}
