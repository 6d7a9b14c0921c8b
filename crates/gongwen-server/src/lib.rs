//! The HTTP server: a read-only JSON API (`/api/…`, described by
//! `/api/openapi.json`) and the web reading room (`/`, `/doc/…`,
//! `/register`), both over one store and its search index.
//!
//! Handlers are thin: they parse parameters into a request, run the store or
//! index call on a blocking thread (SQLite and tantivy are synchronous) and
//! render JSON or HTML. Every response that carries document text masks phone
//! and ID numbers; every page escapes document text (maud escapes by default).

mod api;
mod compare;
mod eli;
mod guard;
mod said;
mod said_pages;
mod search_page;
mod measures_page;
mod people_page;
mod graph;
pub mod ledger;
pub mod msg;
mod pages;
mod params;
pub mod register;
mod source_page;
mod tasks_page;

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use gongwen_index::{DocMeta, IndexError, SearchIndex};
use gongwen_parse::knowledge::Knowledge;
use gongwen_store::{Store, StoreError};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

pub use guard::{Limits, CONTENT_SECURITY_POLICY, HEADER_READ_TIMEOUT, MAX_BLOCKING, MAX_CONNECTIONS, MAX_IN_FLIGHT, REQUEST_TIMEOUT};
pub use pages::enc;

/// Longest URI accepted (path and query); longer is a 414.
pub const MAX_URI_BYTES: usize = 4096;
/// Largest request body accepted (only the write endpoint reads one).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What the write endpoint allows. Without a token, or without an ingest
/// root, `POST /api/ingest` is refused: the server is read-only.
#[derive(Clone, Debug, Default)]
pub struct Access {
    /// Clients sending `Authorization: Bearer TOKEN` may ingest.
    pub write_token: Option<String>,
    /// Only files under these directories may be ingested over HTTP
    /// (canonicalised when the app opens; symlinks out of them are refused).
    pub ingest_roots: Vec<PathBuf>,
}

impl Access {
    fn canonical(mut self) -> Result<Access, String> {
        for root in &mut self.ingest_roots {
            let c = std::fs::canonicalize(&*root).map_err(|e| format!("--ingest-root {}：{}", root.display(), gongwen_store::files::io_reason(&e)))?;
            if !c.is_dir() {
                return Err(format!("--ingest-root {}：不是目录", root.display()));
            }
            *root = c;
        }
        Ok(self)
    }
}

/// How often a request checks whether the store changed under the server.
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(500);

pub struct App {
    db: PathBuf,
    /// The index and its metadata, swapped whole when the store changes.
    index: RwLock<Arc<SearchIndex>>,
    /// When the store's generation was last compared with the index's.
    checked: Mutex<Instant>,
    /// Read-only connections, reused across requests.
    stores: Mutex<Vec<Store>>,
    /// Who may write (POST /api/ingest), and what.
    access: Access,
    ingest_lock: Mutex<()>,
    /// The knowledge loaded at start-up, given to every store opened.
    knowledge: Arc<Knowledge>,
}

impl App {
    /// Opens the store in `db` read-only and its search index, bringing the
    /// index up to date first if the store changed since it was built.
    pub fn open(knowledge: Arc<Knowledge>, db: &Path, access: Access) -> Result<Arc<App>, String> {
        let access = access.canonical()?;
        let store = Store::open_read_only(knowledge.clone(), db).map_err(|e| e.to_string())?;
        // A damaged store is not served: its pages would answer with garbage or errors.
        store.quick_check().map_err(|e| e.to_string())?;
        let (index, _) = SearchIndex::open_synced(&store, |_, _| {}).map_err(|e| e.to_string())?;
        if let Some(note) = index.note() {
            eprintln!("提示：{note}");
        }
        // Load the segmenter's dictionary now, not on the first search.
        gongwen_index::tokenizer::CnTokenizer::query().words("预热");
        Ok(Arc::new(App {
            db: db.to_path_buf(),
            index: RwLock::new(Arc::new(index)),
            checked: Mutex::new(Instant::now()),
            stores: Mutex::new(vec![store]),
            access,
            ingest_lock: Mutex::new(()),
            knowledge,
        }))
    }

    /// The current index; a request keeps the one it started with.
    pub fn index(&self) -> Arc<SearchIndex> {
        self.index.read().expect("index lock").clone()
    }

    fn follow_due(&self) -> bool {
        self.checked.lock().expect("follow clock").elapsed() >= FOLLOW_INTERVAL
    }

    /// Follows the store: when its generation differs from the index's (a
    /// CLI ingest into the store this server reads), the index and its
    /// metadata are reopened from disk, synced if still behind, and swapped
    /// in whole. At most once per [`FOLLOW_INTERVAL`]; one request does it
    /// while the others go on with the current index. Blocking.
    pub fn follow_store(&self) {
        let Ok(mut checked) = self.checked.try_lock() else { return };
        if checked.elapsed() < FOLLOW_INTERVAL {
            return;
        }
        *checked = Instant::now();
        let current = self.index();
        let refreshed = self.with_store(|store| {
            if store.is_immutable() || !current.is_stale(store)? {
                return Ok(None);
            }
            // The CLI that ingested usually synced the index on disk already.
            let fresh = SearchIndex::open(current.dir())?;
            if let Some(note) = fresh.note() {
                eprintln!("提示：{note}");
            }
            if fresh.is_stale(store)? {
                // Behind still (the ingest is indexing, or failed): catch up
                // here; a busy writer lock means an ingest is on it, so keep
                // serving the current index and retry later — swapping in one
                // that is behind would hide what that ingest adds.
                if let Err(e) = fresh.sync(store, |_, _| {}) {
                    eprintln!("警告：{e}（先用现有的索引提供服务，稍后重试）");
                    return Ok(None);
                }
            }
            Ok(Some(fresh))
        });
        match refreshed {
            Ok(Some(fresh)) => *self.index.write().expect("index lock") = Arc::new(fresh),
            Ok(None) => {}
            Err(e) => eprintln!("警告：跟随资料库更新时出错：{}", e.message),
        }
    }

    /// Runs `f` with a pooled read-only store connection.
    fn with_store<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let pooled = self.stores.lock().expect("store pool").pop();
        let store = match pooled {
            Some(s) => s,
            None => Store::open_read_only(self.knowledge.clone(), &self.db).map_err(ApiError::from)?,
        };
        let out = f(&store);
        self.stores.lock().expect("store pool").push(store);
        out
    }

    /// The document a URL names: its slug, or its 文号 in any spelling.
    fn doc_by_slug(&self, slug: &str) -> Result<DocMeta, ApiError> {
        let meta = self.index().meta();
        let found = meta.by_slug(slug).or_else(|| {
            let n = gongwen_parse::docnum::parse_exact(&self.knowledge, slug)?;
            meta.by_slug(&n.to_string())
        });
        found.cloned().ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, msg::no_document(slug)))
    }
}

/// An error as the API reports it: a status and a one-line message.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

/// A server-side failure: the details (file paths, SQLite's words) go to the
/// server's log, the client gets a status and a message naming no file.
fn internal(status: StatusCode, message: &str, e: &dyn std::error::Error) -> ApiError {
    eprintln!("错误：{e}");
    ApiError::new(status, message)
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            // A document removed since the page linking it was made (a re-ingest).
            StoreError::NotFound(what) => ApiError::new(StatusCode::NOT_FOUND, msg::no_document(&what)),
            StoreError::Locked(_) => internal(StatusCode::SERVICE_UNAVAILABLE, "存储正忙，请稍后重试", &e),
            e => internal(StatusCode::INTERNAL_SERVER_ERROR, "存储读取失败（详见服务器日志）", &e),
        }
    }
}

impl From<IndexError> for ApiError {
    fn from(e: IndexError) -> Self {
        match e {
            IndexError::Query(q) => ApiError::bad_request(q.to_string()),
            IndexError::Store(s) => s.into(),
            e => internal(StatusCode::INTERNAL_SERVER_ERROR, "搜索索引读取失败（详见服务器日志）", &e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(serde_json::json!({ "error": self.message }))).into_response()
    }
}

/// Runs blocking work (SQLite, tantivy) off the async threads.
/// At most `MAX_BLOCKING` run at once; the others wait their turn (bounded
/// by the request timeout).
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    let _turn = guard::BLOCKING.acquire().await.map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "服务器正在关闭"))?;
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(internal(StatusCode::INTERNAL_SERVER_ERROR, "请求处理失败（详见服务器日志）", &e)))
}

/// Before a request, at most every [`FOLLOW_INTERVAL`]: follow the store.
async fn follow_store(axum::extract::State(app): axum::extract::State<Arc<App>>, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if app.follow_due() {
        let a = app.clone();
        let _ = tokio::task::spawn_blocking(move || a.follow_store()).await;
    }
    next.run(req).await
}

async fn limit_uri(uri: Uri, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if uri.to_string().len() > MAX_URI_BYTES {
        return ApiError::new(StatusCode::URI_TOO_LONG, format!("请求地址超过 {MAX_URI_BYTES} 字节")).into_response();
    }
    next.run(req).await
}

pub fn router(app: Arc<App>) -> Router {
    router_with(app, &Limits::default())
}

/// The routes with their bounds, outermost first: security headers, error
/// bodies, the in-flight cap, the request timeout, the URI and body limits.
pub fn router_with(app: Arc<App>, limits: &Limits) -> Router {
    let in_flight = Arc::new(tokio::sync::Semaphore::new(limits.max_in_flight));
    Router::new()
        .merge(api::routes())
        .merge(said::routes())
        .merge(pages::routes())
        .merge(tasks_page::routes())
        .merge(measures_page::routes())
        .merge(people_page::routes())
        .merge(source_page::routes())
        .merge(eli::routes())
        .route("/static/style.css", axum::routing::get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages::STYLE) }))
        .route("/static/cite.js", axum::routing::get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], eli::CITE_JS) }))
        .fallback(guard::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(app.clone(), follow_store))
        .layer(axum::middleware::from_fn(limit_uri))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
        .layer(axum::middleware::from_fn(move |req, next| guard::in_flight(in_flight.clone(), req, next)))
        .layer(axum::middleware::from_fn(guard::error_bodies))
        .layer(axum::middleware::from_fn(guard::security_headers))
        .with_state(app)
}

/// Serves until Ctrl-C with the default bounds; `ready` is called with the bound address.
pub async fn serve(app: Arc<App>, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    serve_with(app, addr, Limits::default(), ready, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serves until `shutdown` completes, within `limits`.
pub async fn serve_with(app: Arc<App>, addr: SocketAddr, limits: Limits, ready: impl FnOnce(SocketAddr), shutdown: impl std::future::Future<Output = ()>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    guard::accept_loop(listener, router_with(app, &limits), &limits, shutdown).await
}
