//! The HTTP server: a read-only JSON API (`/api/…`, described by
//! `/api/openapi.json`) and the web reading room (`/`, `/doc/…`,
//! `/register`), both over one store and its search index.
//!
//! Handlers are thin: they parse parameters into a request, run the store or
//! index call on a blocking thread (SQLite and tantivy are synchronous) and
//! render JSON or HTML. Every response that carries document text masks phone
//! and ID numbers; every page escapes document text (maud escapes by default).

mod api;
mod said;
mod said_pages;
mod graph;
mod pages;
mod params;

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use gongwen_index::{DocMeta, IndexError, SearchIndex};
use gongwen_store::{Store, StoreError};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use pages::enc;

/// Longest URI accepted (path and query); longer is a 414.
pub const MAX_URI_BYTES: usize = 4096;
/// Largest request body accepted (only the write endpoint reads one).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub struct App {
    db: PathBuf,
    index: SearchIndex,
    /// Read-only connections, reused across requests.
    stores: Mutex<Vec<Store>>,
    /// Writes (POST /api/ingest) are refused unless this is set.
    write_token: Option<String>,
    ingest_lock: Mutex<()>,
}

impl App {
    /// Opens the store in `db` read-only and its search index, bringing the
    /// index up to date first if the store changed since it was built.
    pub fn open(db: &Path, write_token: Option<String>) -> Result<Arc<App>, String> {
        let store = Store::open_read_only(db).map_err(|e| e.to_string())?;
        // A damaged store is not served: its pages would answer with garbage or errors.
        store.quick_check().map_err(|e| e.to_string())?;
        let (index, _) = SearchIndex::open_synced(&store, |_, _| {}).map_err(|e| e.to_string())?;
        // Load the segmenter's dictionary now, not on the first search.
        gongwen_index::tokenizer::CnTokenizer::query().words("预热");
        Ok(Arc::new(App { db: db.to_path_buf(), index, stores: Mutex::new(vec![store]), write_token, ingest_lock: Mutex::new(()) }))
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Runs `f` with a pooled read-only store connection.
    fn with_store<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let pooled = self.stores.lock().expect("store pool").pop();
        let store = match pooled {
            Some(s) => s,
            None => Store::open_read_only(&self.db).map_err(ApiError::from)?,
        };
        let out = f(&store);
        self.stores.lock().expect("store pool").push(store);
        out
    }

    /// The document a URL names: its slug, or its 文号 in any spelling.
    fn doc_by_slug(&self, slug: &str) -> Result<DocMeta, ApiError> {
        let meta = self.index.meta();
        let found = meta.by_slug(slug).or_else(|| {
            let n = gongwen_parse::docnum::parse_exact(slug)?;
            meta.by_slug(&n.to_string())
        });
        found.cloned().ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no document `{slug}`")))
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

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let status = match e {
            StoreError::NotFound(_) => StatusCode::NOT_FOUND,
            StoreError::Locked(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, e.to_string())
    }
}

impl From<IndexError> for ApiError {
    fn from(e: IndexError) -> Self {
        match e {
            IndexError::Query(q) => ApiError::bad_request(q.to_string()),
            IndexError::Store(s) => s.into(),
            e => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(serde_json::json!({ "error": self.message }))).into_response()
    }
}

/// Runs blocking work (SQLite, tantivy) off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("request failed: {e}"))))
}

async fn limit_uri(uri: Uri, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if uri.to_string().len() > MAX_URI_BYTES {
        return ApiError::new(StatusCode::URI_TOO_LONG, format!("request URI longer than {MAX_URI_BYTES} bytes")).into_response();
    }
    next.run(req).await
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(said::routes())
        .merge(pages::routes())
        .route("/static/style.css", axum::routing::get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages::STYLE) }))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such page") })
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(limit_uri))
        .with_state(app)
}

/// Serves until Ctrl-C; `ready` is called with the bound address.
pub async fn serve(app: Arc<App>, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
