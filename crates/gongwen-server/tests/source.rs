//! Where a value came from, in a paged source: a gazette PDF ingested, its
//! document's page shows page marks in the body and the page of each
//! measure and task, links to the source view, and the source view shows the
//! file as read — numbered lines, page marks, the document highlighted —
//! naming the file, never the server's path.

mod common;

use axum::http::StatusCode;
use common::get;
use std::path::Path;
use std::sync::Arc;

struct Fixture {
    app: Arc<gongwen_server::App>,
    dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("gazette-A.pdf");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../gongwen-pdf/tests/fixtures/gazette-A.pdf"), &src).unwrap();
    let db = dir.path().join("store");
    gongwen_store::Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db).unwrap().ingest(&[src], |_, _| {}).unwrap();
    let app = gongwen_server::App::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db, gongwen_server::Access::default()).unwrap();
    Fixture { app, dir }
}

fn slug_of(app: &gongwen_server::App, doc_number: &str) -> String {
    let meta = app.index().meta();
    meta.docs.values().find(|m| m.doc_number.as_deref() == Some(doc_number)).unwrap_or_else(|| panic!("{doc_number} is stored")).slug.clone()
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[test]
fn items_of_a_pdf_carry_their_page() {
    let f = fixture();
    let (status, body) = get(&f.app, "/api/measures?limit=100");
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let items = v["items"].as_array().expect("items");
    let award = items.iter().find(|i| i["measure"].to_string().contains("50万元")).unwrap_or_else(|| panic!("the 50万元 award is read: {body}"));
    // The gazette's cover and contents fill page 1; the notice begins on page 2.
    let page = award["page"].as_u64().unwrap_or_else(|| panic!("a PDF's item has a page: {award}"));
    assert!(page >= 2, "{award}");
    // The document page shows it beside the item's line.
    let slug = slug_of(&f.app, "襄政规〔2023〕3号");
    let (status, page_html) = get(&f.app, &format!("/doc/{}", enc(&slug)));
    assert_eq!(status, StatusCode::OK);
    assert!(page_html.contains(&format!("第{page}页")), "{page_html}");
}

#[test]
fn a_document_links_to_its_source_as_read() {
    let f = fixture();
    let slug = slug_of(&f.app, "襄政规〔2023〕3号");
    let (_, doc) = get(&f.app, &format!("/doc/{}", enc(&slug)));
    let tmp = f.dir.path().to_string_lossy().to_string();
    assert!(!doc.contains(&tmp), "the server's path is not shown: {doc}");
    assert!(doc.contains("/source?n=1#L"), "{doc}");
    assert!(doc.contains(">gazette-A.pdf<"), "{doc}");
    // A document printed over several pages marks where each begins.
    assert!(doc.contains("class=\"page-mark\""), "{doc}");

    let (status, src) = get(&f.app, &format!("/doc/{}/source?n=1", enc(&slug)));
    assert_eq!(status, StatusCode::OK, "{src}");
    assert!(src.contains("来源：") && src.contains("gazette-A.pdf") && !src.contains(&tmp), "{src}");
    assert!(src.contains("第1页") && src.contains("第2页"), "{src}");
    assert!(src.contains("class=\"in-doc\""), "the document's lines are highlighted");
    assert!(src.contains("id=\"L1\""), "every line has its anchor");
    assert!(src.contains("襄江市促进数字经济发展若干措施"), "{src}");
}

#[test]
fn a_missing_source_or_number_is_one_clear_error() {
    let f = fixture();
    let slug = slug_of(&f.app, "襄政规〔2023〕3号");
    let (status, body) = get(&f.app, &format!("/doc/{}/source?n=9", enc(&slug)));
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("没有第 9 个来源"), "{body}");
    let (status, body) = get(&f.app, &format!("/doc/{}/source?n=x", enc(&slug)));
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    std::fs::remove_file(f.dir.path().join("gazette-A.pdf")).unwrap();
    let (status, body) = get(&f.app, &format!("/doc/{}/source", enc(&slug)));
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("gazette-A.pdf") && body.contains("已不在"), "{body}");
    assert!(!body.contains(&f.dir.path().to_string_lossy().to_string()), "{body}");
    // The document itself is still served from the store.
    assert_eq!(get(&f.app, &format!("/doc/{}", enc(&slug))).0, StatusCode::OK);
}
