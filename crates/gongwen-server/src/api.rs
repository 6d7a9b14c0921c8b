//! The JSON API. Read-only, except `POST /api/ingest` when a write token is set.

use crate::params::{self, Params};
use crate::{blocking, msg, ApiError, App};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use gongwen_index::{DocMeta, SearchResults};
use gongwen_model::{Date, Document, OutlineNode};
use gongwen_store::query::LinkRow;
use gongwen_store::StatusReport;
use serde::Serialize;
use std::sync::Arc;

pub const OPENAPI: &str = include_str!("../openapi.json");

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/openapi.json", get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }))
        .route("/api/search", get(search))
        .route("/api/docs/{slug}", get(document))
        .route("/api/docs/{slug}/node", get(node))
        .route("/api/docs/{slug}/status", get(status))
        .route("/api/docs/{slug}/links", get(links))
        .route("/api/register", get(register))
        .route("/api/register.csv", get(register_csv))
        .route("/api/ingest", post(ingest))
}

async fn search(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<SearchResults>, ApiError> {
    let req = params::search_request(&p)?;
    blocking(move || app.with_store(|store| Ok(app.index().search(store, &req)?))).await.map(Json)
}

/// Links both ways, with the other end's URL segment.
#[derive(Serialize)]
pub struct Links {
    pub cites: Vec<LinkView>,
    pub cited_by: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct LinkView {
    #[serde(flatten)]
    pub link: LinkRow,
    /// `/doc/{slug}` of the other document; absent while unresolved.
    pub slug: Option<String>,
}

pub(crate) fn link_views(app: &App, rows: Vec<LinkRow>) -> Vec<LinkView> {
    let meta = app.index().meta();
    rows.into_iter()
        .map(|link| {
            let slug = link.other.as_ref().and_then(|o| meta.docs.get(&o.id)).map(|m| m.slug.clone());
            LinkView { link, slug }
        })
        .collect()
}

pub(crate) fn links_of(app: &App, m: &DocMeta) -> Result<Links, ApiError> {
    let d = m.doc_ref();
    let (cites, cited_by) = app.with_store(|s| Ok((s.cites(&d)?, s.cited_by(&d)?)))?;
    Ok(Links { cites: link_views(app, cites), cited_by: link_views(app, cited_by) })
}

#[derive(Serialize)]
pub struct DocView {
    pub meta: DocMeta,
    /// The parsed document (personal numbers masked when it was read); absent for a
    /// document known only through references.
    pub document: Option<Document>,
    /// Where it was read from: (file, first line, last line, republished in).
    pub sources: Vec<(String, usize, usize, Option<String>)>,
    pub status: StatusReport,
    pub links: Links,
    /// The work this document is a version (or part) of, on the same date.
    pub work: Option<gongwen_store::works::WorkReport>,
}

pub(crate) fn doc_view(app: &App, slug: &str, on: Date) -> Result<DocView, ApiError> {
    let meta = app.doc_by_slug(slug)?;
    let d = meta.doc_ref();
    let (document, sources, status, work) = app.with_store(|s| {
        let work = match s.work_of(&d)? {
            Some(w) => Some(s.work_report(&w, on)?),
            None => None,
        };
        Ok((s.document(&d)?, s.sources(&d)?, s.status(&d, on)?, work))
    })?;
    let links = links_of(app, &meta)?;
    Ok(DocView { meta, document, sources, status, links, work })
}

async fn document(State(app): State<Arc<App>>, Path(slug): Path<String>, Query(p): Query<Params>) -> Result<Json<DocView>, ApiError> {
    let on = params::date(&p, "on")?.unwrap_or_else(Date::today);
    blocking(move || doc_view(&app, &slug, on)).await.map(Json)
}

#[derive(Serialize)]
struct NodeView {
    slug: String,
    path: Vec<String>,
    node: OutlineNode,
}

/// `path` is the node's labels from the outermost, joined by `/`: `三/（四）`.
fn find_node<'a>(nodes: &'a [OutlineNode], path: &[&str]) -> Option<&'a OutlineNode> {
    let (first, rest) = path.split_first()?;
    let n = nodes.iter().find(|n| n.label == *first)?;
    if rest.is_empty() {
        Some(n)
    } else {
        find_node(&n.children, rest)
    }
}

async fn node(State(app): State<Arc<App>>, Path(slug): Path<String>, Query(p): Query<Params>) -> Result<Json<NodeView>, ApiError> {
    let path = params::text(&p, "path").ok_or_else(|| ApiError::bad_request(msg::param_required("path", "三/（四）")))?;
    blocking(move || {
        let meta = app.doc_by_slug(&slug)?;
        let doc = app
            .with_store(|s| Ok(s.document(&meta.doc_ref())?))?
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, msg::stub_has_no_text(&slug)))?;
        let labels: Vec<&str> = path.split('/').map(str::trim).filter(|s| !s.is_empty()).collect();
        let node = find_node(&doc.outline, &labels)
            .cloned()
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, msg::no_outline_node(&slug, &path)))?;
        Ok(NodeView { slug: meta.head.slug, path: labels.iter().map(|s| s.to_string()).collect(), node })
    })
    .await
    .map(Json)
}

async fn status(State(app): State<Arc<App>>, Path(slug): Path<String>, Query(p): Query<Params>) -> Result<Json<StatusReport>, ApiError> {
    let on = params::date(&p, "on")?.unwrap_or_else(Date::today);
    blocking(move || {
        let meta = app.doc_by_slug(&slug)?;
        app.with_store(|s| Ok(s.status(&meta.doc_ref(), on)?))
    })
    .await
    .map(Json)
}

async fn links(State(app): State<Arc<App>>, Path(slug): Path<String>) -> Result<Json<Links>, ApiError> {
    blocking(move || links_of(&app, &app.doc_by_slug(&slug)?)).await.map(Json)
}

pub use crate::register::RegisterRow;

/// The register on `on`: normative documents only unless `all`.
pub(crate) fn register_rows(app: &App, on: Date, all: bool) -> Vec<RegisterRow> {
    crate::register::rows(&app.index().meta(), on, all)
}

#[derive(Serialize)]
struct Register {
    on: Date,
    total: usize,
    offset: usize,
    limit: usize,
    rows: Vec<RegisterRow>,
}

async fn register(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<impl Serialize>, ApiError> {
    let on = params::date(&p, "on")?.unwrap_or_else(Date::today);
    let all = params::flag(&p, "all")?.unwrap_or(false);
    let page = params::page(&p)?;
    let (total, rows) = crate::register::page(&app.index().meta(), on, all, page.offset, page.limit);
    Ok(Json(Register { on, total, offset: page.offset, limit: page.limit, rows }))
}

async fn register_csv(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<impl IntoResponse, ApiError> {
    let on = params::date(&p, "on")?.unwrap_or_else(Date::today);
    let all = params::flag(&p, "all")?.unwrap_or(false);
    let mut out = Vec::new();
    crate::register::write_register_csv(&mut out, &register_rows(&app, on, all))
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, msg::export_failed("目录 CSV ", &e)))?;
    let disposition = format!("attachment; filename=\"gongwen-register-{on}.csv\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)], out))
}

#[derive(serde::Deserialize)]
struct IngestBody {
    paths: Vec<std::path::PathBuf>,
}

#[derive(Serialize)]
struct IngestResult {
    files: usize,
    new: usize,
    changed: usize,
    unchanged: usize,
    failed: Vec<String>,
    indexed: usize,
    /// Read but not kept: failed extraction steps, lines outside any document.
    warnings: Vec<gongwen_model::Warning>,
}

async fn ingest(State(app): State<Arc<App>>, headers: HeaderMap, body: axum::body::Bytes) -> Result<Json<IngestResult>, ApiError> {
    let Some(token) = app.access.write_token.clone() else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "接口只读：须以写入令牌（GONGWEN_WRITE_TOKEN 或 --write-token-file）启动服务器才能导入"));
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| crate::guard::same_secret(token.as_bytes(), g.as_bytes())) {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "缺少写入令牌或令牌错误（Authorization: Bearer …）"));
    }
    if app.access.ingest_roots.is_empty() {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "未开放网络导入：须以 --ingest-root 目录 启动服务器"));
    }
    crate::guard::require_json(&headers)?;
    let body: IngestBody = serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(msg::bad_body(&e, r#" {"paths": ["…"]}"#)))?;
    let roots = app.access.ingest_roots.clone();
    blocking(move || {
        let paths = body.paths.iter().map(|p| confined(&roots, p)).collect::<Result<Vec<_>, _>>()?;
        let _one_at_a_time = app.ingest_lock.lock().expect("ingest lock");
        let (files, mut failed) = gongwen_store::files::collect(&paths);
        // A directory inside a root may hold a symlink out of it.
        let files = files.iter().map(|f| confined(&roots, f)).collect::<Result<Vec<_>, _>>()?;
        let mut store = gongwen_store::Store::open(app.knowledge.clone(), &app.db)?;
        let r = store.ingest(&files, |path, outcome| {
            if let gongwen_store::FileOutcome::Failed(e) = outcome {
                failed.push(format!("{}: {e}", path.display()));
            }
        })?;
        let synced = app.index().sync(&store, |_, _| {})?;
        Ok(IngestResult {
            files: files.len(),
            new: r.new,
            changed: r.changed,
            unchanged: r.unchanged,
            failed,
            indexed: synced.indexed,
            warnings: r.warnings,
        })
    })
    .await
    .map(Json)
}

/// `path` resolved (symlinks followed) when that lands inside one of `roots`
/// (already canonical); else a 403 that says the same whether or not the
/// path exists, so nothing is learnt about the rest of the file system.
fn confined(roots: &[std::path::PathBuf], path: &std::path::Path) -> Result<std::path::PathBuf, ApiError> {
    let refused = || ApiError::new(StatusCode::FORBIDDEN, format!("{} 不在导入目录（--ingest-root）之内", path.display()));
    let real = std::fs::canonicalize(path).map_err(|_| refused())?;
    if roots.iter().any(|r| real.starts_with(r)) {
        Ok(real)
    } else {
        Err(refused())
    }
}

#[cfg(test)]
mod tests {
    use gongwen_model::{CheckKind, Status};
    use serde_json::Value;

    /// Every `enum` under a key named `key` in the OpenAPI document.
    fn enums<'a>(v: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == key {
                        if let Some(e) = x.get("enum") {
                            out.push(e);
                        }
                    }
                    enums(x, key, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| enums(x, key, out)),
            _ => {}
        }
    }

    /// The documented statuses and table check kinds are the model's vocabulary.
    #[test]
    fn openapi_enums_are_the_vocabulary() {
        let doc: Value = serde_json::from_str(super::OPENAPI).unwrap();
        let statuses: Value = Status::ALL.map(Status::as_str).to_vec().into();
        let mut found = Vec::new();
        enums(&doc, "status", &mut found);
        let search = doc.pointer("/paths/~1api~1search/get/parameters").and_then(Value::as_array).unwrap();
        let param = search.iter().find(|p| p["name"] == "status").unwrap();
        found.push(&param["schema"]["enum"]);
        assert!(found.len() >= 4, "{found:?}");
        assert!(found.iter().all(|e| **e == statuses), "{found:?}");
        let kinds = doc.pointer("/components/schemas/Table/properties/checks/items/properties/kind/enum").unwrap();
        assert_eq!(*kinds, Value::from(CheckKind::ALL.map(CheckKind::as_str).to_vec()));
    }
}
