//! Search benchmark over the whole shared corpus (Wuhan gazettes + laws):
//! gongwen's index (tantivy + jieba) against SQLite FTS5 with its trigram
//! tokenizer, the index a user would otherwise pick, on the same texts and
//! the labelled queries of `queries.tsv`.
//!
//! Reports build time and size, p50/p99 latency in-process and over HTTP,
//! and top-1 accuracy, with ratios. Run with
//! `cargo bench -p gongwen-server --bench search`.

use gongwen_index::{SearchIndex, SearchRequest};
use gongwen_model::Date;
use gongwen_store::Store;
use rusqlite::{params, Connection};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const BUILDS: usize = 3;
const ROUNDS: usize = 15;

struct Query {
    category: String,
    expected: String,
    text: String,
    filters: Vec<(String, String)>,
}

fn queries() -> Vec<Query> {
    let raw = include_str!("queries.tsv");
    raw.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let filters = cols
                .get(3)
                .map(|f| f.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect())
                .unwrap_or_default();
            Query { category: cols[0].into(), expected: cols[1].into(), text: cols[2].into(), filters }
        })
        .collect()
}

fn filter<'a>(q: &'a Query, name: &str) -> Option<&'a str> {
    q.filters.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn percentile(v: &[Duration], p: f64) -> f64 {
    let mut ms: Vec<f64> = v.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    ms[((ms.len() as f64 - 1.0) * p).round() as usize]
}

/// One document as both engines index it.
struct Row {
    key: String,
    doc_number: String,
    title: String,
    body: String,
    issuer: String,
    doc_type: String,
    year: String,
    status: String,
}

fn rows(store: &Store, index: &SearchIndex, on: Date) -> Vec<Row> {
    let meta = index.meta();
    store
        .index_rows()
        .unwrap()
        .into_iter()
        .map(|r| {
            let m = &meta.docs[&r.doc.id];
            let body = if r.doc.stub { String::new() } else { store.document(&r.doc).unwrap().map(|d| d.text).unwrap_or_default() };
            Row {
                key: r.doc.key.clone(),
                doc_number: r.doc.doc_number.clone().unwrap_or_default(),
                title: r.doc.title.clone(),
                body,
                issuer: r.doc.issuer.clone(),
                doc_type: r.doc.doc_type.clone().unwrap_or_default(),
                year: m.year.map(|y| y.to_string()).unwrap_or_default(),
                status: m.status_on(on).to_string(),
            }
        })
        .collect()
}

fn fts_build(path: &Path, rows: &[Row]) -> Connection {
    let _ = std::fs::remove_file(path);
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, doc_number, title, body,
             issuer UNINDEXED, doc_type UNINDEXED, year UNINDEXED, status UNINDEXED, tokenize = 'trigram');",
    )
    .unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut st = tx.prepare("INSERT INTO docs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)").unwrap();
        for r in rows {
            st.execute(params![r.key, r.doc_number, r.title, r.body, r.issuer, r.doc_type, r.year, r.status]).unwrap();
        }
    }
    tx.commit().unwrap();
    conn
}

/// FTS5 over the words as typed (quoted, ANDed); `canonical` first rewrites
/// a 文号 query into its canonical spelling, as gongwen does.
fn fts_query(conn: &Connection, q: &Query, canonical: bool) -> Vec<String> {
    let squeezed: String = q.text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = match gongwen_parse::docnum::parse_exact(&gongwen_parse::knowledge::Knowledge::builtin(), &squeezed) {
        Some(n) if canonical => n.to_string(),
        _ => q.text.clone(),
    };
    let expr: Vec<String> = text.split_whitespace().map(|t| format!("\"{}\"", t.replace('"', "\"\""))).collect();
    let mut sql = String::from(
        "SELECT key, snippet(docs, 3, '[', ']', '…', 16) FROM docs WHERE docs MATCH ?1",
    );
    let mut args: Vec<String> = vec![expr.join(" ")];
    for (name, col) in [("issuer", "issuer"), ("type", "doc_type"), ("year", "year"), ("status", "status")] {
        if let Some(v) = filter(q, name) {
            // The issuer filter goes through the alias table, as gongwen applies it.
            let v = if name == "issuer" { gongwen_parse::knowledge::Knowledge::builtin().issuer_needle(v) } else { v.to_string() };
            args.push(v);
            if name == "issuer" {
                sql.push_str(&format!(" AND instr({col}, ?{}) > 0", args.len()));
            } else {
                sql.push_str(&format!(" AND {col} = ?{}", args.len()));
            }
        }
    }
    sql.push_str(" ORDER BY bm25(docs, 0, 20.0, 3.0, 1.0, 0, 0, 0, 0) LIMIT 10");
    let mut st = conn.prepare_cached(&sql).unwrap();
    let rows = st.query_map(rusqlite::params_from_iter(args.iter()), |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)));
    match rows {
        Ok(rows) => rows.filter_map(|r| r.ok()).map(|r| r.0).collect(),
        Err(_) => Vec::new(),
    }
}

fn request(q: &Query, on: Date) -> SearchRequest {
    SearchRequest {
        issuer: filter(q, "issuer").map(str::to_string),
        doc_type: filter(q, "type").map(str::to_string),
        year: filter(q, "year").and_then(|y| y.parse().ok()),
        status: filter(q, "status").and_then(|s| s.parse().ok()),
        include_stubs: true,
        ..SearchRequest::new(&q.text, on)
    }
}

fn http_get(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.join("wuhan").is_dir() {
        eprintln!("SKIPPED: shared corpus not found at {}", corpus.display());
        return;
    }
    let on = Date::new(2026, 1, 1).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    let (files, _) = gongwen_store::files::collect(&[corpus.join("wuhan"), corpus.join("laws")]);
    let bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let started = Instant::now();
    Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db).unwrap().ingest(&files, |_, _| {}).unwrap();
    println!("corpus: {} files, {:.1} MB; ingest into the store {:.2} s", files.len(), bytes as f64 / 1e6, started.elapsed().as_secs_f64());
    let store = Store::open_read_only(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db).unwrap();

    // Builds: gongwen from the store (reads each document, computes every status
    // timeline, indexes), FTS5 from the texts already in memory.
    let mut g_build = Vec::new();
    let mut index_dir = PathBuf::new();
    for i in 0..BUILDS {
        index_dir = tmp.path().join(format!("index{i}"));
        let t = Instant::now();
        let index = SearchIndex::open(&index_dir).unwrap();
        index.sync(&store, |_, _| {}).unwrap();
        g_build.push(t.elapsed().as_secs_f64());
    }
    let index = SearchIndex::open(&index_dir).unwrap();
    let g_size = index.size_bytes();
    let rows = rows(&store, &index, on);
    let fts_path = tmp.path().join("fts.sqlite3");
    let mut f_build = Vec::new();
    for _ in 0..BUILDS {
        let t = Instant::now();
        drop(fts_build(&fts_path, &rows));
        f_build.push(t.elapsed().as_secs_f64());
    }
    let f_size = std::fs::metadata(&fts_path).unwrap().len();
    let fts = Connection::open(&fts_path).unwrap();
    let (g_build, f_build) = (median(g_build), median(f_build));

    let queries = queries();
    let mut g_lat = Vec::new();
    let mut f_lat = Vec::new();
    let mut g_right = 0;
    let mut f_right = 0;
    let mut fc_right = 0;
    let mut by_category: std::collections::BTreeMap<String, (usize, usize, usize, usize)> = Default::default();
    let mut misses = Vec::new();
    for q in &queries {
        let g = index.search(&store, &request(q, on)).unwrap();
        let g_top = g.hits.first().map(|h| h.doc.key.clone()).unwrap_or_default();
        let f_top = fts_query(&fts, q, false).into_iter().next().unwrap_or_default();
        let fc_top = fts_query(&fts, q, true).into_iter().next().unwrap_or_default();
        let c = by_category.entry(q.category.clone()).or_default();
        c.0 += 1;
        if g_top == q.expected {
            g_right += 1;
            c.1 += 1;
        } else {
            misses.push(format!("gongwen  {} → {} (wanted {})", q.text, if g_top.is_empty() { "nothing" } else { &g_top }, q.expected));
        }
        if f_top == q.expected {
            f_right += 1;
            c.2 += 1;
        }
        if fc_top == q.expected {
            fc_right += 1;
            c.3 += 1;
        }
    }
    for _ in 0..ROUNDS {
        for q in &queries {
            let req = request(q, on);
            let t = Instant::now();
            std::hint::black_box(index.search(&store, &req).unwrap());
            g_lat.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(fts_query(&fts, q, false));
            f_lat.push(t.elapsed());
        }
    }

    // Over HTTP: the server in this process, a fresh connection per request.
    let app = gongwen_server::App::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db, gongwen_server::Access::default()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(gongwen_server::serve(app, "127.0.0.1:0".parse().unwrap(), |a| tx.send(a).unwrap())).unwrap();
    });
    let addr = rx.recv().unwrap();
    let paths: Vec<String> = queries
        .iter()
        .map(|q| {
            let mut p = format!("/api/search?on={on}&q={}", gongwen_server::enc(&q.text));
            for (k, v) in &q.filters {
                p.push_str(&format!("&{k}={}", gongwen_server::enc(v)));
            }
            p
        })
        .collect();
    let mut h_lat = Vec::new();
    for round in 0..=ROUNDS {
        for p in &paths {
            let t = Instant::now();
            let answer = http_get(addr, p);
            if round > 0 {
                h_lat.push(t.elapsed());
            } else {
                assert!(answer.starts_with("HTTP/1.1 200"), "{p}: {answer}");
            }
        }
    }

    let n = queries.len();
    let pct = |k: usize| 100.0 * k as f64 / n as f64;
    println!("queries: {n} labelled, {ROUNDS} rounds each (latency figures are over all {} runs)", n * ROUNDS);
    println!();
    println!("| | gongwen (tantivy + jieba) | SQLite FTS5 trigram | ratio |");
    println!("|---|---|---|---|");
    println!("| index build (median of {BUILDS}) | {g_build:.2} s | {f_build:.2} s | {:.1}× faster |", f_build / g_build);
    println!("| index size | {:.1} MB | {:.1} MB | {:.2} of FTS5 |", g_size as f64 / 1e6, f_size as f64 / 1e6, g_size as f64 / f_size as f64);
    let (g50, g99, f50, f99) = (percentile(&g_lat, 0.5), percentile(&g_lat, 0.99), percentile(&f_lat, 0.5), percentile(&f_lat, 0.99));
    println!("| p50 in-process | {g50:.2} ms | {f50:.2} ms | {:.2}× FTS5 |", g50 / f50);
    println!("| p99 in-process | {g99:.2} ms | {f99:.2} ms | {:.2}× FTS5 |", g99 / f99);
    println!("| p50 / p99 over HTTP | {:.2} / {:.2} ms | — | |", percentile(&h_lat, 0.5), percentile(&h_lat, 0.99));
    println!("| top-1 accuracy | {g_right}/{n} ({:.0}%) | {f_right}/{n} ({:.0}%) as typed; {fc_right}/{n} ({:.0}%) with gongwen's 文号 normalisation | |", pct(g_right), pct(f_right), pct(fc_right));
    println!();
    println!("top-1 by category (gongwen / FTS5 as typed / FTS5 with 文号 normalisation):");
    for (cat, (total, g, f, fc)) in &by_category {
        println!("  {cat:9} {g}/{total}  {f}/{total}  {fc}/{total}");
    }
    if !misses.is_empty() {
        println!("\ngongwen's misses:");
        for m in misses {
            println!("  {m}");
        }
    }
    println!("\ngongwen does more per query than the FTS5 query: facet counts over all matches, statuses, snippets and outline nodes for the page.");
}
