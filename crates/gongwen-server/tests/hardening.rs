//! The server under hostile or careless clients: ingest confined to its
//! roots, slow clients disconnected, security headers, one error shape,
//! bounded lists. Over the repository's examples only (no `../shared`).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const TOKEN: &str = "hardening-token";

struct Server {
    addr: SocketAddr,
    /// `dir/root` is the ingest root; `dir/outside` is not.
    dir: tempfile::TempDir,
}

/// Starts a server over the examples with short timeouts.
fn start(access: impl FnOnce(&Path) -> gongwen_server::Access) -> Server {
    start_with(access, gongwen_server::Limits { header_read_timeout: Duration::from_secs(1), request_timeout: Duration::from_secs(2), ..Default::default() })
}

fn start_with(access: impl FnOnce(&Path) -> gongwen_server::Access, limits: gongwen_server::Limits) -> Server {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("root")).unwrap();
    std::fs::create_dir(dir.path().join("outside")).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let (files, problems) = gongwen_store::files::collect(&[examples]);
    assert!(problems.is_empty(), "{problems:?}");
    let db = dir.path().join("store");
    gongwen_store::Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db).unwrap().ingest(&files, |_, _| {}).unwrap();
    let app = gongwen_server::App::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db, access(dir.path())).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(gongwen_server::serve_with(app, "127.0.0.1:0".parse().unwrap(), limits, |a| tx.send(a).unwrap(), std::future::pending())).unwrap();
    });
    Server { addr: rx.recv().unwrap(), dir }
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| start(|dir| gongwen_server::Access { write_token: Some(TOKEN.into()), ingest_roots: vec![dir.join("root")] }))
}

use gongwen_testkit::http::{enc, Answer};

trait Json {
    fn json(&self) -> serde_json::Value;
}

impl Json for Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }
}

fn request(addr: SocketAddr, method: &str, path: &str, headers: &str, body: &str) -> Answer {
    gongwen_testkit::http::request(addr, method, &enc(path), headers, body)
}

fn get(path: &str) -> Answer {
    request(server().addr, "GET", path, "", "")
}

fn ingest(addr: SocketAddr, path: &Path) -> Answer {
    let body = serde_json::json!({ "paths": [path] }).to_string();
    request(addr, "POST", "/api/ingest", &format!("Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n"), &body)
}

const NOTICE: &str = "市人民政府办公厅关于KEYWORD工作的通知\n\n各区人民政府：\n\n一、做好KEYWORD工作。\n\n二、本通知自印发之日起施行。\n\n襄江市人民政府办公厅\n2024年5月6日\n";

fn hits(q: &str) -> u64 {
    get(&format!("/api/search?q={q}")).json()["total"].as_u64().unwrap()
}

#[test]
fn ingest_reads_only_inside_its_roots() {
    let s = server();
    // Outside every root: refused, and nothing becomes searchable.
    let outside = s.dir.path().join("outside/secret.txt");
    std::fs::write(&outside, NOTICE.replace("KEYWORD", "机密外泄")).unwrap();
    for path in [Path::new("/etc/passwd"), &outside, &s.dir.path().join("root/../outside/secret.txt"), Path::new("/no/such/file")] {
        let a = ingest(s.addr, path);
        assert_eq!(a.status, 403, "{}: {}", path.display(), a.body);
        assert!(a.json()["error"].as_str().unwrap().contains("不在导入目录（--ingest-root）之内"));
    }
    // A symlink inside the root that leads out of it, named or found in a directory walk.
    let link_dir = s.dir.path().join("root/links");
    std::fs::create_dir_all(&link_dir).unwrap();
    std::os::unix::fs::symlink(&outside, link_dir.join("secret.txt")).unwrap();
    assert_eq!(ingest(s.addr, &link_dir.join("secret.txt")).status, 403);
    assert_eq!(ingest(s.addr, &link_dir).status, 403);
    assert_eq!(hits("机密外泄"), 0);
    // Inside: ingested.
    let inside = s.dir.path().join("root/notice.txt");
    std::fs::write(&inside, NOTICE.replace("KEYWORD", "根内导入")).unwrap();
    let a = ingest(s.addr, &inside);
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(hits("根内导入"), 1);
}

#[test]
fn ingest_without_a_root_is_refused_even_with_the_token() {
    let s = start(|_| gongwen_server::Access { write_token: Some(TOKEN.into()), ingest_roots: vec![] });
    let file = s.dir.path().join("root/notice.txt");
    std::fs::write(&file, NOTICE.replace("KEYWORD", "无根导入")).unwrap();
    let a = ingest(s.addr, &file);
    assert_eq!(a.status, 403, "{}", a.body);
    assert!(a.json()["error"].as_str().unwrap().contains("--ingest-root"));
    // And with a wrong token, a 401 before anything else.
    let a = request(s.addr, "POST", "/api/ingest", "Authorization: Bearer hardening-tokeN\r\nContent-Type: application/json\r\n", r#"{"paths":[]}"#);
    assert_eq!(a.status, 401);
}

/// Reads until the server closes the connection; the time it took.
fn time_to_close(mut s: TcpStream, mut trickle: impl FnMut(&mut TcpStream, usize) -> bool) -> Duration {
    let started = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(250))).unwrap();
    let mut buf = [0u8; 4096];
    for tick in 0.. {
        assert!(started.elapsed() < Duration::from_secs(10), "still connected after 10 s");
        match s.read(&mut buf) {
            Ok(0) => return started.elapsed(),
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return started.elapsed(),
        }
        if !trickle(&mut s, tick) {
            return started.elapsed();
        }
    }
    unreachable!()
}

#[test]
fn a_slowloris_client_is_disconnected() {
    let s = server();
    // Sends a header line a byte at a time, never finishing the head.
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
    let took = time_to_close(c, |c, _| c.write_all(b"a").is_ok());
    assert!(took < Duration::from_secs(4), "closed after {took:?}");
    // A connection that sends nothing is closed too.
    let took = time_to_close(TcpStream::connect(s.addr).unwrap(), |_, _| true);
    assert!(took < Duration::from_secs(4), "idle closed after {took:?}");
    // And a request whose body never arrives gets a 408.
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.write_all(b"POST /api/find HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{").unwrap();
    let mut raw = String::new();
    let _ = c.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 408"), "{raw}");
    assert!(raw.contains("\"error\""), "{raw}");
    // The server still answers.
    assert_eq!(get("/api/search?q=质量").status, 200);
}

#[test]
fn every_response_carries_the_security_headers() {
    for (method, path) in [("GET", "/"), ("GET", "/api/search?q=质量"), ("GET", "/static/style.css"), ("GET", "/nope"), ("GET", "/api/nope"), ("DELETE", "/api/search"), ("GET", "/register"), ("GET", "/find")] {
        let a = request(server().addr, method, path, "", "");
        assert_eq!(a.header("content-security-policy").as_deref(), Some(gongwen_server::CONTENT_SECURITY_POLICY), "{method} {path}");
        assert_eq!(a.header("x-content-type-options").as_deref(), Some("nosniff"), "{path}");
        assert_eq!(a.header("x-frame-options").as_deref(), Some("DENY"), "{path}");
        assert_eq!(a.header("referrer-policy").as_deref(), Some("no-referrer"), "{path}");
    }
}

#[test]
fn pages_need_nothing_the_policy_forbids() {
    // No script and no inline style anywhere: the CSP allows only /static/style.css.
    let slug = get("/api/search?q=质量").json()["hits"][0]["slug"].as_str().unwrap().to_string();
    for path in ["/".to_string(), "/?q=质量".into(), format!("/doc/{slug}"), format!("/doc/{slug}/graph"), "/register".into(), "/find".into(), "/nope".into()] {
        let a = get(&path);
        let html = a.body.to_ascii_lowercase();
        assert!(!html.contains("<script") && !html.contains("<style") && !html.contains(" style=") && !html.contains(" on"), "{path}");
        assert!(html.contains(r#"<link rel="stylesheet" href="/static/style.css">"#), "{path}");
    }
}

#[test]
fn errors_under_api_are_json_and_pages_are_chinese_html() {
    let s = server();
    let big = format!(r#"{{"industry": ["{}"]}}"#, "x".repeat(100_000));
    let json = "Content-Type: application/json\r\n";
    let cases: [(&str, &str, &str, &str, u16); 8] = [
        ("GET", "/api/nope", "", "", 404),
        ("DELETE", "/api/search", "", "", 405),
        ("POST", "/api/find", json, &big, 413),
        ("POST", "/api/find", "", r#"{"industry": []}"#, 415),
        ("POST", "/api/find", "Content-Type: text/plain\r\n", r#"{"industry": []}"#, 415),
        ("POST", "/api/find", json, "{not json", 400),
        ("GET", "/api/search?year=abc", "", "", 400),
        ("GET", "/api/tasks?limit=-1", "", "", 400),
    ];
    for (method, path, headers, body, want) in cases {
        let a = request(s.addr, method, path, headers, body);
        assert_eq!(a.status, want, "{method} {path}: {}", a.body);
        assert!(a.header("content-type").unwrap().starts_with("application/json"), "{method} {path}");
        assert!(!a.json()["error"].as_str().unwrap().is_empty(), "{method} {path}");
    }
    assert!(request(s.addr, "DELETE", "/api/search", "", "").header("allow").is_some_and(|a| a.contains("GET")));
    for (method, path, want) in [("GET", "/nope", 404), ("DELETE", "/", 405), ("GET", "/doc/不存在〔2099〕1号", 404)] {
        let a = request(s.addr, method, path, "", "");
        assert_eq!(a.status, want, "{path}");
        assert!(a.header("content-type").unwrap().starts_with("text/html"), "{path}");
        assert!(a.body.contains("出错了") && a.body.contains("lang=\"zh-CN\""), "{path}: {}", a.body);
    }
}

#[test]
fn list_parameters_are_checked() {
    for path in ["/api/tasks", "/api/measures", "/api/targets", "/api/people", "/api/register"] {
        let first = get(path).json();
        assert_eq!((first["limit"].as_u64(), first["offset"].as_u64()), (Some(50), Some(0)), "{path}: default page");
        assert!(first["total"].is_u64(), "{path}");
        for bad in ["limit=0", "limit=501", "limit=x", "offset=-1"] {
            let a = get(&format!("{path}?{bad}"));
            assert_eq!(a.status, 400, "{path} {bad}");
            assert!(a.json()["error"].as_str().unwrap().contains(bad.split('=').next().unwrap()), "{path} {bad}: names the parameter");
        }
    }
}

#[test]
fn requests_over_the_in_flight_cap_get_a_503_at_once() {
    let limits = gongwen_server::Limits { header_read_timeout: Duration::from_secs(5), request_timeout: Duration::from_secs(3), max_in_flight: 1, ..Default::default() };
    let s = start_with(|_| gongwen_server::Access::default(), limits);
    // One request holds the only slot, waiting for a body that never comes.
    let mut holder = TcpStream::connect(s.addr).unwrap();
    holder.write_all(b"POST /api/find HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let a = request(s.addr, "GET", "/api/search?q=质量", "", "");
    assert_eq!(a.status, 503, "{}", a.body);
    assert!(started.elapsed() < Duration::from_secs(1), "answered at once");
    assert!(a.json()["error"].is_string() && a.header("retry-after").is_some());
    assert_eq!(request(s.addr, "GET", "/nope", "", "").header("content-type").as_deref().map(|c| c.starts_with("text/html")), Some(true));
    // The slot frees when the holder times out.
    let mut raw = String::new();
    let _ = holder.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 408"), "{raw}");
    assert_eq!(request(s.addr, "GET", "/api/search?q=质量", "", "").status, 200);
}
