//! The API and pages over a real store: the Wuhan corpus, the repository's
//! examples and a hostile document, served on a free loopback port.

mod common;

use gongwen_testkit::http::enc;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn corpus() -> Option<PathBuf> {
    gongwen_testkit::shared_corpus()
}

/// Text as a gazette would never print it: markup, a phone number, no 文号.
const HOSTILE: &str = "市人民政府办公厅关于<script>alert(1)</script>测试页面转义的通知\n\n各区人民政府：\n\n一、联系人张三，电话13812345678，请勿泄露。<img src=x onerror=alert(2)>\n\n二、本通知自印发之日起施行。\n\n襄江市人民政府办公厅\n2024年5月6日\n";

struct Server {
    addr: SocketAddr,
    /// Holds the store; `dir/inbox` is the one ingest root.
    dir: tempfile::TempDir,
}

/// One server for all tests (ingest and index once), with a write token.
fn server() -> Option<&'static Server> {
    static SERVER: OnceLock<Option<Server>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let corpus = corpus()?;
            let dir = tempfile::tempdir().unwrap();
            let hostile = dir.path().join("hostile.txt");
            std::fs::write(&hostile, HOSTILE).unwrap();
            let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
            let addr = common::serve_ingested(dir.path(), &[corpus.join("wuhan"), examples, hostile], |dir| {
                let inbox = dir.join("inbox");
                std::fs::create_dir(&inbox).unwrap();
                gongwen_server::Access { write_token: Some("s3cret".into()), ingest_roots: vec![inbox] }
            });
            Some(Server { addr, dir })
        })
        .as_ref()
}

/// A minimal HTTP/1.1 exchange: (status, content type, body).
fn request(addr: SocketAddr, method: &str, path: &str, headers: &str, body: &str) -> (u16, String, String) {
    let a = gongwen_testkit::http::request(addr, method, path, headers, body);
    (a.status, a.header("content-type").unwrap_or_default(), a.body)
}

fn get(path: &str) -> (u16, String) {
    let (status, _, body) = request(server().unwrap().addr, "GET", &enc(path), "", "");
    (status, body)
}

fn json(path: &str) -> serde_json::Value {
    let (status, body) = get(path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn first_key(v: &serde_json::Value) -> &str {
    v["hits"][0]["key"].as_str().unwrap_or("")
}

#[test]
fn search_ranks_the_document_a_query_is_written_for() {
    if server().is_none() {
        return;
    }
    assert_eq!(first_key(&json("/api/search?q=低空经济")), "武政办〔2024〕25号");
    for q in ["武政规[2024]6号", "武政规〔2024〕 6 号", "武政规（2024）6号"] {
        let r = json(&format!("/api/search?q={q}"));
        assert_eq!(first_key(&r), "武政规〔2024〕6号", "{q}");
        assert!(r["hits"][0]["title"].as_str().unwrap().contains("商业航天"));
    }
    // Two-character words, which a trigram index cannot find.
    assert!(json("/api/search?q=补贴")["total"].as_u64().unwrap() > 3);
    assert!(json("/api/search?q=监管")["total"].as_u64().unwrap() > 3);
    // A name jieba cuts differently in the text (襄江 inside 襄江市) is found by the character fallback.
    let r = json("/api/search?q=襄江");
    assert!(r["total"].as_u64().unwrap() > 0);
    assert_eq!(r["matched_by"], "characters");
    assert_eq!(json("/api/search?q=低空经济")["matched_by"], "words");
    // A word absent from the corpus finds nothing; an exclusion removes.
    assert_eq!(json("/api/search?q=量子引力波")["total"], 0);
    let all = json("/api/search?q=低空经济")["total"].as_u64().unwrap();
    let less = json("/api/search?q=低空经济 -政府工作报告")["total"].as_u64().unwrap();
    assert!(less < all, "{less} < {all}");
}

#[test]
fn hits_point_at_outline_nodes_with_marked_snippets() {
    if server().is_none() {
        return;
    }
    let r = json("/api/search?q=商业航天 智改数转");
    let hit = &r["hits"][0];
    assert_eq!(hit["key"], "武政规〔2024〕6号");
    let marked: Vec<&str> = hit["snippet"].as_array().unwrap().iter().filter(|f| f["mark"] == true).map(|f| f["text"].as_str().unwrap()).collect();
    assert!(marked.contains(&"智改数转") && marked.contains(&"商业航天"), "{marked:?}");
    let node = &hit["nodes"][0];
    assert_eq!(node["path"], serde_json::json!(["三", "（五）"]), "{node}");
    // The node the hit points to is served by the node endpoint.
    let path: Vec<&str> = node["path"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let n = json(&format!("/api/docs/武政规〔2024〕6号/node?path={}", path.join("/")));
    assert_eq!(n["node"]["line_start"], node["line"]);
}

#[test]
fn filters_and_facets() {
    if server().is_none() {
        return;
    }
    let r = json("/api/search?issuer=市医保局&per_page=100");
    let hits = r["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert!(h["issuers"].as_array().unwrap().iter().any(|i| i.as_str().unwrap().contains("医疗保障局")), "{h}");
    }
    // Status on a date, with its facet: 武医保规〔2019〕1号 is repealed from
    // 2024-05-01. It is known only through references: asked for with `stubs`.
    let before = json("/api/search?q=武医保规〔2019〕1号&on=2024-04-30&stubs=1");
    let after = json("/api/search?q=武医保规〔2019〕1号&on=2024-05-01&stubs=1");
    assert_eq!(first_key(&after), "武医保规〔2019〕1号");
    assert_eq!(after["hits"][0]["status"], "repealed");
    assert_ne!(before["hits"][0]["status"], "repealed");
    let repealed = json("/api/search?status=repealed&on=2024-05-01&per_page=100&stubs=1");
    let facet = repealed["facets"]["status"].as_array().unwrap();
    let count = facet.iter().find(|f| f["value"] == "repealed").unwrap()["count"].as_u64().unwrap();
    assert_eq!(count, repealed["total"].as_u64().unwrap());
    assert!(facet.len() > 1, "the status facet counts other statuses too: {facet:?}");
    let y = json("/api/search?q=通知&year=2021&per_page=100");
    assert!(y["hits"].as_array().unwrap().iter().all(|h| h["date"].as_str().unwrap_or("2021").starts_with("2021")));
    // Pagination: page 2 continues page 1.
    let p1 = json("/api/search?q=补贴&per_page=2");
    let p2 = json("/api/search?q=补贴&per_page=2&page=2");
    assert_ne!(first_key(&p1), first_key(&p2));
}

/// Resolves `#/components/schemas/X` references in the OpenAPI document.
fn schema<'a>(spec: &'a serde_json::Value, s: &'a serde_json::Value) -> &'a serde_json::Value {
    match s.get("$ref").and_then(|r| r.as_str()) {
        Some(r) => &spec["components"]["schemas"][r.rsplit('/').next().unwrap()],
        None => s,
    }
}

#[test]
fn every_get_endpoint_answers_as_the_openapi_document_says() {
    if server().is_none() {
        return;
    }
    let spec = json("/api/openapi.json");
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.len() >= 8);
    for (path, item) in paths {
        let Some(op) = item.get("get") else { continue };
        let mut url = path.clone();
        let mut query = Vec::new();
        for p in op["parameters"].as_array().into_iter().flatten() {
            let (Some(name), Some(example)) = (p["name"].as_str(), p.get("example")) else { continue };
            let value = example.as_str().map(str::to_string).unwrap_or_else(|| example.to_string());
            match p["in"].as_str() {
                Some("path") => url = url.replace(&format!("{{{name}}}"), &value),
                _ => query.push(format!("{name}={value}")),
            }
        }
        if !query.is_empty() {
            url = format!("{url}?{}", query.join("&"));
        }
        let (status, ctype, body) = request(server().unwrap().addr, "GET", &enc(&url), "", "");
        assert_eq!(status, 200, "{url}: {body}");
        let content = &op["responses"]["200"]["content"];
        if let Some(media) = content.get("application/json") {
            assert!(ctype.starts_with("application/json"), "{url}: {ctype}");
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            let s = schema(&spec, &media["schema"]);
            for key in s["required"].as_array().into_iter().flatten() {
                assert!(v.get(key.as_str().unwrap()).is_some(), "{url}: response lacks `{key}`");
            }
            for (key, prop) in s["properties"].as_object().into_iter().flatten() {
                let Some(field) = v.get(key) else { continue };
                let item_schema = schema(&spec, &prop["items"]);
                if let (Some(items), Some(required)) = (field.as_array(), item_schema["required"].as_array()) {
                    for item in items.iter().take(5) {
                        for r in required {
                            assert!(item.get(r.as_str().unwrap()).is_some(), "{url}: {key}[] lacks `{r}`");
                        }
                    }
                }
            }
        } else {
            assert!(ctype.starts_with("text/csv"), "{url}: {ctype}");
            assert!(body.starts_with("\u{feff}文号,标题"), "{url}: UTF-8 with a BOM");
        }
    }
}

#[test]
fn bad_input_is_a_4xx_with_a_message_never_a_500() {
    let Some(s) = server() else { return };
    let cases = [
        ("/api/search?q=\"未闭合", 400),
        ("/api/search?q=-补贴", 400),
        ("/api/search?year=abc", 400),
        ("/api/search?status=alive", 400),
        ("/api/search?on=2024-13-45", 400),
        ("/api/search?page=-1", 400),
        ("/api/docs/不存在〔2099〕1号", 404),
        ("/api/docs/武政规〔2024〕6号/node?path=第九百条", 404),
        ("/api/docs/武政规〔2024〕6号/node", 400),
    ];
    for (path, want) in cases {
        let (status, body) = get(path);
        assert_eq!(status, want, "{path}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(!v["error"].as_str().unwrap().is_empty());
    }
    assert!(get("/api/search?year=abc").1.contains("year"), "the message names the parameter");
    // Long, odd and hostile queries.
    let long = format!("/api/search?q={}", "字".repeat(300));
    assert_eq!(get(&long).0, 400);
    let huge = format!("/api/search?q={}", "a".repeat(10_000));
    assert_eq!(request(s.addr, "GET", &huge, "", "").0, 414);
    for q in ["*", "AND OR", "((", "\\", "🙂", "%00", "武政规〔", "〕号", "' OR 1=1 --", "<script>", "a:b", "\"\""] {
        let (status, _, body) = request(s.addr, "GET", &format!("/api/search?q={}", enc(q).replace('&', "%26")), "", "");
        assert!(status == 200 || status == 400, "{q}: {status} {body}");
    }
    // Writes: refused without the token, and the body is bounded.
    let body = r#"{"paths": []}"#;
    assert_eq!(request(s.addr, "POST", "/api/ingest", "", body).0, 401);
    assert_eq!(request(s.addr, "POST", "/api/ingest", "Authorization: Bearer wrong\r\n", body).0, 401);
    let big = format!(r#"{{"paths": ["{}"]}}"#, "x".repeat(100_000));
    assert_eq!(request(s.addr, "POST", "/api/ingest", "Authorization: Bearer s3cret\r\n", &big).0, 413);
    assert_eq!(request(s.addr, "POST", "/api/ingest", "Authorization: Bearer s3cret\r\nContent-Type: application/json\r\n", "not json").0, 400);
    assert_eq!(request(s.addr, "POST", "/api/ingest", "Authorization: Bearer s3cret\r\n", body).0, 415, "a body not declared JSON");
    assert_eq!(request(s.addr, "DELETE", "/api/search", "", "").0, 405);
}

#[test]
fn pages_escape_gazette_text_and_mask_phone_numbers() {
    if server().is_none() {
        return;
    }
    let r = json("/api/search?q=测试页面转义");
    let slug = r["hits"][0]["slug"].as_str().unwrap().to_string();
    assert!(slug.starts_with("2024-05-06-"), "a document without 文号 gets a date-hash slug: {slug}");
    let (status, html) = get(&format!("/doc/{slug}"));
    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "markup from the text is escaped");
    assert!(html.contains("&lt;script&gt;alert"), "and shown as text");
    assert!(!html.contains("13812345678") && html.contains("138******78"), "phone masked on the page");
    let (_, api) = get(&format!("/api/docs/{slug}"));
    assert!(!api.contains("13812345678") && api.contains("138******78"), "phone masked in the API");
    let (_, search_json) = get("/api/search?q=请勿泄露");
    assert!(search_json.contains("请勿泄露") && !search_json.contains("13812345678"), "phone masked in snippets");
    let (_, search_html) = get("/?q=测试页面转义");
    assert!(!search_html.contains("<script>alert"));
}

#[test]
fn document_page_links_citations_and_shows_status_on_a_date() {
    if server().is_none() {
        return;
    }
    let (status, html) = get("/doc/武政规〔2024〕4号?on=2024-04-01");
    assert_eq!(status, 200);
    assert!(html.contains(r#"data-status="in_force""#));
    // The amended 武政规〔2019〕21号 is in the store: a link; the repealed ones are stubs: marked.
    assert!(html.contains(r#"class="cite" href="/doc/%E6%AD%A6%E6%94%BF%E8%A7%84%E3%80%942019%E3%80%9521%E5%8F%B7""#), "resolved citation linked");
    assert!(html.contains("cite unresolved"), "unresolved citations marked");
    let (_, before) = get("/doc/武政规〔2024〕6号?on=2024-08-01");
    let (_, after) = get("/doc/武政规〔2024〕6号?on=2024-09-01");
    assert!(before.contains(r#"data-status="not_yet_in_force""#) && after.contains(r#"data-status="in_force""#));
    // Another spelling of the 文号 redirects to the canonical URL.
    let (status, _) = get("/doc/武政规[2024]6号");
    assert_eq!(status, 308);
    let (status, svg) = get("/doc/武政规〔2024〕4号/graph");
    assert_eq!(status, 200);
    assert!(svg.contains("<svg") && svg.contains("rel-repeals"));
    let (status, reg) = get("/register?on=2024-04-01&sort=doc_number&dir=asc");
    assert_eq!(status, 200);
    assert!(reg.contains("武政规〔2024〕6号") && reg.contains("下载 CSV"));
}

#[test]
fn ingest_with_the_write_token_updates_search() {
    let Some(s) = server() else { return };
    let file = s.dir.path().join("inbox/new.txt");
    std::fs::write(&file, HOSTILE.replace("测试页面转义", "独角兽培育专项").replace("5月6日", "5月7日")).unwrap();
    assert_eq!(json("/api/search?q=独角兽培育专项")["total"], 0);
    let body = format!(r#"{{"paths": ["{}"]}}"#, file.display());
    let (status, _, answer) = request(s.addr, "POST", "/api/ingest", "Authorization: Bearer s3cret\r\nContent-Type: application/json\r\n", &body);
    assert_eq!(status, 200, "{answer}");
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert!(answer["warnings"].is_array(), "warnings are returned: {answer}");
    assert_eq!(json("/api/search?q=独角兽培育专项")["total"], 1);
}

#[test]
fn what_documents_say_tasks_tables_finder_and_masked_phones() {
    let Some(s) = server() else { return };
    // The supervision office's question: what must 市司法局 finish by the end of 2024?
    let t = json("/api/tasks?unit=市司法局&due_before=2024-12-31");
    let items = t["items"].as_array().unwrap();
    assert_eq!(t["total"], 2, "{t}");
    assert!(items.iter().all(|i| i["doc_number"] == "武政〔2021〕23号" && i["task"]["deadline"]["date"] == "2022-12-31"));

    let said = json("/api/docs/武政〔2021〕23号/said");
    assert_eq!(said["tables"][0]["rows"].as_array().unwrap().len(), 92);
    assert_eq!(said["tasks"].as_array().unwrap().iter().filter(|t| t["from"] != "inline").count(), 92);

    // A responsible person's mobile number in a table is masked in the API and on the page.
    let said = json("/api/docs/阳政办〔2022〕9号/said");
    let cells = said["tables"].to_string();
    assert!(cells.contains("159******03") && !cells.contains("15994232803"));
    let (_, _, page) = request(s.addr, "GET", &enc("/doc/阳政办〔2022〕9号"), "", "");
    assert!(page.contains("表格") && page.contains("组成人员") && !page.contains("15994232803"));

    // The finder: a commercial-space enterprise planning 2亿 of equipment investment.
    let (status, _, body) = request(s.addr, "POST", "/api/find?on=2024-12-01", "Content-Type: application/json\r\n", r#"{"industry":["商业航天"],"planned_investment_wan":20000}"#);
    assert_eq!(status, 200, "{body}");
    let f: serde_json::Value = serde_json::from_str(&body).unwrap();
    let found = f["found"].as_array().unwrap();
    assert!(found.iter().all(|x| x["doc_number"] == "武政规〔2024〕6号"));
    let capped = found.iter().find(|x| x["assessment"]["how"].as_str().is_some_and(|h| h.contains("上限800万元"))).expect("8% of 2亿 capped at 800万");
    assert_eq!(capped["assessment"]["max_yuan"], 8e6);
    assert_eq!(capped["assessment"]["verdict"], "to_check", "符合条件 is left to a person");
    let (status, _, body) = request(s.addr, "POST", "/api/find", "Content-Type: application/json\r\n", r#"{"turnover": 5}"#);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("turnover"));
    let (status, _, page) = request(s.addr, "GET", &enc("/find?industry=商业航天&planned_investment_wan=20000&on=2024-12-01"), "", "");
    assert_eq!(status, 200);
    assert!(page.contains("待人工核实") && page.contains("800万元"));
}

#[test]
fn lists_are_paged_with_a_total() {
    if server().is_none() {
        return;
    }
    let lists = [
        ("/api/tasks", "items"),
        ("/api/tasks?due_before=2030-12-31", "items"),
        ("/api/measures", "items"),
        ("/api/measures?min_amount=1", "items"),
        ("/api/targets", "items"),
        ("/api/people", "items"),
        ("/api/people?roster=true", "items"),
        ("/api/register", "rows"), // normative only: the ingest test adds a plain notice meanwhile
    ];
    for (path, key) in lists {
        let sep = if path.contains('?') { '&' } else { '?' };
        let all = json(&format!("{path}{sep}limit=500"));
        let total = all["total"].as_u64().unwrap() as usize;
        assert!(total > 3, "{path}: {total}");
        let rows = all[key].as_array().unwrap();
        assert_eq!(rows.len(), total.min(500), "{path}");
        let first = json(path);
        assert_eq!((first["limit"].as_u64(), first["offset"].as_u64(), first["total"].as_u64()), (Some(50), Some(0), Some(total as u64)), "{path}: default page");
        assert_eq!(first[key].as_array().unwrap().len(), total.min(50), "{path}");
        // Any window is the same slice of the whole list.
        for offset in [0, 1, rows.len() - 2, total + 3] {
            let page = json(&format!("{path}{sep}limit=2&offset={offset}"));
            assert_eq!(page["total"].as_u64(), Some(total as u64), "{path}");
            let want: Vec<_> = rows.iter().skip(offset).take(2).collect();
            let got: Vec<_> = page[key].as_array().unwrap().iter().collect();
            assert_eq!(got, want, "{path} offset {offset}");
        }
    }
}
