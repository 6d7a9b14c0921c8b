//! What the server's test suites share: a store ingested from some paths,
//! served on a free local port for the whole test binary.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Ingests `paths` into a store in `dir` (a problem reading any of them
/// fails the test), opens it with the access `access` gives for `dir`, and
/// serves it on a thread of its own; returns the address it listens on.
#[allow(dead_code)] // suites that ask in process (`get`) serve nothing
pub fn serve_ingested(dir: &Path, paths: &[PathBuf], access: impl FnOnce(&Path) -> gongwen_server::Access) -> SocketAddr {
    let (files, problems) = gongwen_store::files::collect(paths);
    assert!(problems.is_empty(), "{problems:?}");
    let db = dir.join("store");
    gongwen_store::Store::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db).unwrap().ingest(&files, |_, _| {}).unwrap();
    let app = gongwen_server::App::open(std::sync::Arc::new(gongwen_parse::knowledge::Knowledge::builtin()), &db, access(dir)).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(gongwen_server::serve(app, "127.0.0.1:0".parse().unwrap(), |a| tx.send(a).unwrap())).unwrap();
    });
    rx.recv().unwrap()
}

/// `GET uri` against the app's router, in process: the status and the body.
#[allow(dead_code)] // not every suite that shares this module asks in process
pub fn get(app: &std::sync::Arc<gongwen_server::App>, uri: &str) -> (axum::http::StatusCode, String) {
    use tower::ServiceExt;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let req = axum::http::Request::get(uri).body(axum::body::Body::empty()).unwrap();
        let res = gongwen_server::router(app.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    })
}
