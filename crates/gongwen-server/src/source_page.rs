//! `/doc/<slug>/source?n=N`: the N-th file a document was read from, as the
//! pipeline read it — every line numbered with an anchor (`#L120`, the line
//! numbers documents and items cite), a mark where each page of a paged
//! source begins, the document's own lines highlighted. Masked like
//! everything served: the original file may hold phone and ID numbers, so it
//! is not served as it is.

use crate::pages::{doc_href, error_page, page};
use crate::params::{self, Params};
use crate::{blocking, msg, ApiError, App};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gongwen_parse::SourceText;
use maud::html;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/doc/{slug}/source", get(source_page))
}

/// The name a reader knows a source by: its file name, not the server's path.
pub fn file_name(path: &str) -> &str {
    std::path::Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path)
}

struct SourceView {
    title: String,
    slug: String,
    name: String,
    /// The document's lines in the file.
    lines: (usize, usize),
    text: SourceText,
}

fn load(app: &App, slug: &str, n: usize) -> Result<SourceView, ApiError> {
    let meta = app.doc_by_slug(slug)?;
    let sources = app.with_store(|s| Ok(s.sources(&meta.doc_ref())?))?;
    let Some((path, a, b, _)) = sources.get(n - 1).cloned() else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, msg::no_such_source(&meta.slug, n, sources.len())));
    };
    let name = file_name(&path).to_string();
    let bytes = std::fs::read(&path).map_err(|e| {
        eprintln!("警告：来源 {path}：{e}");
        ApiError::new(StatusCode::NOT_FOUND, msg::source_unreadable(&name))
    })?;
    let text = gongwen_parse::source_text(&app.knowledge, &path, &bytes).map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, msg::source_unparsable(&name, &e.to_string())))?;
    Ok(SourceView { title: meta.title.clone(), slug: meta.slug.clone(), name, lines: (a, b), text })
}

async fn source_page(State(app): State<Arc<App>>, Path(slug): Path<String>, Query(p): Query<Params>) -> Response {
    let n = match params::number::<usize>(&p, "n", "来源序号") {
        Ok(n) => n.unwrap_or(1).max(1),
        Err(e) => return error_page(e),
    };
    match blocking(move || load(&app, &slug, n)).await {
        Ok(v) => page(&format!("来源 · {}", v.name), view(&v)).into_response(),
        Err(e) => error_page(e),
    }
}

fn view(v: &SourceView) -> maud::Markup {
    let (a, b) = v.lines;
    let page_of = |line: usize| v.text.pages.as_ref().and_then(|p| p.of_line(line));
    html! {
        article.source {
            h1 { "来源：" span translate="no" { (v.name) } }
            p.hint {
                "《" span translate="no" { (v.title) } "》读自本文件第 " (a) "–" (b) " 行"
                @if let (Some(p), Some(q)) = (page_of(a), page_of(b)) { @if p == q { "（第" (p) "页）" } @else { "（第" (p) "–" (q) "页）" } }
                "，已高亮。文字为 gongwen 读取所得，电话号码和身份证号已遮盖。 "
                a href=(doc_href(&v.slug)) { "返回文件" }
            }
            @if v.text.lines.len() < b { p.error { "来源文件自收录以来已改变：现有 " (v.text.lines.len()) " 行，少于收录时的第 " (b) " 行。" } }
            ol.source-lines translate="no" {
                @for (i, line) in v.text.lines.iter().enumerate() {
                    @let no = i + 1;
                    @let pg = page_of(no);
                    @if pg.is_some() && (no == 1 || pg != page_of(no - 1)) { li.page-mark value=(no) data-page=[pg] { "第" (pg.unwrap_or(0)) "页" } }
                    li id=(format!("L{no}")) value=(no) class=(if (a..=b).contains(&no) { "in-doc" } else { "" }) { (line) }
                }
            }
        }
    }
}
