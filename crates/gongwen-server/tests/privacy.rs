//! Personal numbers cannot be read or confirmed through the server: every
//! endpoint and page of a store holding a document with numbers in its title,
//! 主送, body, table, 附件 and 抄送 is free of them, and searching for a
//! number — whole, or digit by digit as an attacker would — finds nothing
//! more than the masked form shows.

mod common;

use axum::http::StatusCode;
use common::get;
use gongwen_testkit::{reveals_private_number, PRIVATE_DOC, PRIVATE_NUMBERS};
use std::sync::Arc;

struct Fixture {
    app: Arc<gongwen_server::App>,
    slug: String,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("private.txt");
    std::fs::write(&src, PRIVATE_DOC).unwrap();
    let db = dir.path().join("store");
    let mut store = gongwen_store::Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db).unwrap();
    store.ingest(&[src], |_, _| {}).unwrap();
    drop(store);
    let app = gongwen_server::App::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db, gongwen_server::Access::default()).unwrap();
    let slug = app.index().meta().docs.values().find(|m| !m.stub).expect("the document is stored").slug.clone();
    Fixture { app, slug, _dir: dir }
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[test]
fn no_endpoint_or_page_shows_a_personal_number() {
    let f = fixture();
    let s = &f.slug;
    let uris = [
        format!("/api/docs/{s}"),
        format!("/api/docs/{s}/node?path={}", enc("一")),
        format!("/api/docs/{s}/node?path={}", enc("二")),
        format!("/api/docs/{s}/status"),
        format!("/api/docs/{s}/links"),
        format!("/api/docs/{s}/said"),
        "/api/register?all=true".into(),
        "/api/register.csv?all=true".into(),
        "/api/measures".into(),
        "/api/tasks".into(),
        "/api/targets".into(),
        "/api/people".into(),
        format!("/api/search?q={}", enc("值班")),
        format!("/?q={}", enc("值班")),
        format!("/doc/{s}"),
        format!("/doc/{s}/graph"),
        format!("/doc/{s}/source"),
        "/register?all=true".into(),
        "/find".into(),
    ];
    for uri in &uris {
        let (status, body) = get(&f.app, uri);
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert_eq!(reveals_private_number(&body), None, "{uri} shows a number: {body}");
    }
    // The document is really there, masked: its title and table are served.
    let (_, page) = get(&f.app, &format!("/doc/{s}"));
    assert!(page.contains("139******78"), "{page}");
    assert!(page.contains("139 **** **21"), "{page}");
}

#[test]
fn searching_a_number_digit_by_digit_confirms_nothing() {
    let f = fixture();
    let total = |q: &str| -> u64 {
        let (status, body) = get(&f.app, &format!("/api/search?q={}", enc(q)));
        assert_eq!(status, StatusCode::OK, "{q}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        // The answer echoes the query; what it found must not show a number.
        assert_eq!(reveals_private_number(&v["hits"].to_string()), None, "{q}: {body}");
        v["total"].as_u64().unwrap()
    };
    assert!(total("值班") > 0, "the document is searchable");
    for n in PRIVATE_NUMBERS {
        // Every prefix longer than the three digits a mask keeps, the whole
        // number, and every suffix longer than the two it keeps.
        let prefixes = (4..=n.len()).map(|k| &n[..k]);
        let suffixes = (0..n.len() - 2).map(|k| &n[k..]);
        for q in prefixes.chain(suffixes) {
            assert_eq!(total(q), 0, "searching {q} finds the document holding {n}");
        }
    }
}
