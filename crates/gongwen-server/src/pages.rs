//! The reading room: server-rendered pages in Chinese, no script needed.
//! maud escapes every interpolated value, so gazette text cannot inject markup.

use crate::api::{self, DocView, LinkView, RegisterRow};
use crate::params::{self, Params};
use crate::{blocking, graph, msg, ApiError, App};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use gongwen_model::{Date, OutlineNode, Relation, Status};
use maud::{html, Markup, DOCTYPE};
use std::sync::Arc;

pub const STYLE: &str = include_str!("../static/style.css");

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(crate::search_page::search_page))
        .route("/doc/{slug}", get(doc_page))
        .route("/doc/{slug}/graph", get(graph_page))
        .route("/register", get(register_page))
        .route("/find", get(crate::said_pages::finder_page))
}

pub(crate) fn badge(status: Status) -> Markup {
    let s = status.as_str();
    html! { span.badge.(s) data-status=(s) { (status.label_zh()) } }
}

/// `第3页` after a line reference, for an item of a paged source (PDF, OFD,
/// Word); nothing for text.
pub(crate) fn page_mark(page: Option<u32>) -> Markup {
    html! { @if let Some(p) = page { " " span.page-no { "第" (p) "页" } } }
}

pub(crate) fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · 公文库" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { "公文库 gongwen" }
                    nav { @for (href, label) in msg::NAV { a href=(href) { (label) } } }
                }
                main { (body) }
            }
        }
    }
}

/// Numbered page links either side of the current page.
const PAGE_SPAN: usize = 2;

/// The page numbers a pager links: the first, the last, and those near the current one; `None` is a gap.
fn page_numbers(page: usize, pages: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(page) <= PAGE_SPAN {
            out.push(Some(n));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

/// Numbered pages with previous and next; `href` makes page N's address. Nothing for one page.
pub(crate) fn pager(href: impl Fn(usize) -> String, page: usize, pages: usize) -> Markup {
    html! {
        @if pages > 1 {
            nav.pager aria-label=(msg::PAGER) {
                @if page > 1 { a rel="prev" href=(href(page - 1)) { (msg::PREV) } }
                @for n in page_numbers(page, pages) {
                    @match n {
                        Some(n) if n == page => span.current aria-current="page" { (n) },
                        Some(n) => a.page href=(href(n)) { (n) },
                        None => span.gap { "…" },
                    }
                }
                @if page < pages { a rel="next" href=(href(page + 1)) { (msg::NEXT) } }
                span.of { (msg::page_of(page, pages)) }
            }
        }
    }
}

pub(crate) fn error_page(e: ApiError) -> Response {
    let status = e.status;
    (status, page("出错", html! { h1 { "出错了" } p.error { (msg::rich(&e.message)) } p { a href="/" { "返回检索" } } })).into_response()
}

/// Characters left as they are in a URL path segment or query value (RFC 3986 unreserved).
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A path segment or query value, percent-encoded.
pub fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, UNRESERVED).to_string()
}

pub fn doc_href(slug: &str) -> String {
    format!("/doc/{}", enc(slug))
}

async fn doc_page(State(app): State<Arc<App>>, Path(slug): Path<String>, Query(p): Query<Params>) -> Response {
    let on = match params::date(&p, "on") {
        Ok(d) => d.unwrap_or_else(Date::today),
        Err(e) => return error_page(e),
    };
    let app2 = app.clone();
    let slug2 = slug.clone();
    let load = move || {
        let v = api::doc_view(&app2, &slug2, on)?;
        // The document is loaded (and masked) once; its tables come from it.
        let tables = v.document.as_ref().map(|d| d.tables.clone()).unwrap_or_default();
        let said = crate::said::said_with(&app2, &v.meta.doc_ref(), tables)?;
        Ok((v, said))
    };
    match blocking(load).await {
        // Any other spelling of the 文号 lands on the canonical URL.
        Ok((v, _)) if v.meta.slug != slug => Redirect::permanent(&doc_href(&v.meta.slug)).into_response(),
        Ok((v, said)) => {
            let page_of = |line: usize| v.document.as_ref().and_then(|d| d.page_of(line));
            page(&v.meta.title, html! { (doc_view(&v, on)) (crate::said_pages::said_view(&said, &page_of)) }).into_response()
        }
        // A work's name (产品质量法's title) is no document slug: its address is.
        Err(e) if e.status == StatusCode::NOT_FOUND => crate::eli::redirect_for_name(app, slug).await.unwrap_or_else(|| error_page(e)),
        Err(e) => error_page(e),
    }
}

fn outline_nav(nodes: &[OutlineNode]) -> Markup {
    html! {
        ul translate="no" {
            @for n in nodes {
                li {
                    a href=(format!("#L{}", n.line_start)) { (n.label) @if let Some(h) = &n.heading { " " (h.chars().take(18).collect::<String>()) } }
                    @if !n.children.is_empty() && n.children.len() < 40 { (outline_nav(&n.children)) }
                }
            }
        }
    }
}

/// A paragraph with its citations made links (or marked, when unresolved).
fn paragraph(text: &str, cites: &[&LinkView]) -> Markup {
    let mut parts: Vec<(&str, Option<&LinkView>)> = Vec::new();
    let mut rest = text;
    for c in cites {
        if let Some(at) = rest.find(c.link.text.as_str()).filter(|_| !c.link.text.is_empty()) {
            parts.push((&rest[..at], None));
            parts.push((&rest[at..at + c.link.text.len()], Some(c)));
            rest = &rest[at + c.link.text.len()..];
        }
    }
    parts.push((rest, None));
    html! {
        @for (t, c) in parts {
            @match c {
                None => (t),
                Some(c) => @match (&c.slug, c.link.other.as_ref().is_some_and(|o| !o.stub)) {
                    (Some(s), true) => a.cite href=(doc_href(s)) data-relation=(c.link.relation.as_str()) title=(c.link.relation.label_zh()) { (t) },
                    (Some(s), false) => a.cite.unresolved href=(doc_href(s)) data-relation=(c.link.relation.as_str()) title="未收录：仅见于引用" { (t) },
                    _ => span.cite.unresolved title="未能解析" { (t) },
                },
            }
        }
    }
}

fn doc_view(v: &DocView, on: Date) -> Markup {
    let m = &v.meta;
    let st = &v.status;
    html! {
        article.doc {
            h1 translate="no" { (m.title) }
            div.status-bar {
                (badge(st.status))
                @if let Some(v) = &st.version { " " (crate::eli::currency_badge(v.currency)) }
                form.on method="get" {
                    label { "查看日期 " input #on type="date" name="on" value=(on.to_string()); }
                    button type="submit" { "查看" }
                }
                span.range { "本状态自 " (st.from.map(|d| d.to_string()).unwrap_or("—".into())) " 至 " (st.until.map(|d| d.to_string()).unwrap_or("—".into())) }
                a href=(format!("{}/graph", doc_href(&m.slug))) { "关系图" }
                a href=(format!("/api/docs/{}", enc(&m.slug))) { "JSON" }
            }
            table.meta {
                @if let Some(n) = &m.doc_number { tr { th { "发文字号" } td.docno translate="no" { (n) } } }
                tr { th { "发文机关" } td translate="no" { (m.issuers.join("、")) } }
                @if let Some(t) = &m.doc_type { tr { th { "文种" } td translate="no" { (t) } } }
                @if let Some(d) = &m.date { tr { th { "成文日期" } td { (d) } } }
                @if let Some(s) = &m.section { tr { th { "栏目" } td translate="no" { (s) } } }
                @if let Some(d) = st.timeline.effective { tr { th { "施行日期" } td { (d.to_string()) } } }
                @if let Some(d) = st.timeline.expires { tr { th { "有效期至" } td { (d.to_string()) } } }
                @if st.timeline.indefinite { tr { th { "有效期" } td { "长期有效" } } }
                @for (i, (src, a, b, parent)) in v.sources.iter().enumerate() { tr { th { "来源" } td {
                    a.source href=(format!("{}/source?n={}#L{a}", doc_href(&m.slug), i + 1)) translate="no" { (crate::source_page::file_name(src)) }
                    "，第 " (a) "–" (b) " 行" @if let Some(p) = parent { "（载于 " span translate="no" { (p) } "）" }
                } } }
                @if let Some(d) = &v.document {
                    @if let (Some(a), Some(b)) = (d.page_start, d.page_end) {
                        tr { th { "页码" } td { @if a == b { "第" (a) "页" } @else { "第" (a) "–" (b) "页" } } }
                    }
                }
            }
            section.timeline {
                h2 { "效力时间线" }
                ol {
                    @for s in &st.timeline.segments {
                        li {
                            (badge(s.status)) @if s.amended { span.amended { "（修改后）" } } @if s.suspended { span.suspended { "（部分条款暂停实施）" } } " "
                            (s.from.map(|d| d.to_string()).unwrap_or("…".into())) " — " (s.until.map(|d| d.to_string()).unwrap_or("…".into()))
                            @if !s.evidence.is_empty() {
                                ul.evidence { @for e in unique_evidence(&s.evidence) { li { "依据 " span translate="no" { (e.by) "：" (e.text) } " " span.src { "（" span translate="no" { (crate::source_page::file_name(&e.source)) } "，第 " (e.line) " 行）" } } } }
                            }
                        }
                    }
                }
                @if !st.timeline.conflicts.is_empty() {
                    h3 { "相互矛盾的表述" }
                    ul { @for c in &st.timeline.conflicts { li {
                        (msg::conflict_about(c)) "：采用 " span translate="no" { (c.chosen.evidence.by) } "（" (msg::fact(&c.chosen.fact)) "），未采用 "
                        span translate="no" { (c.other.evidence.by) } "（" (msg::fact(&c.other.fact)) "）；" (msg::resolution(c))
                    } } }
                }
            }
            @if let Some(w) = &v.work {
                @let shown = w.versions.iter().find(|x| x.parts.iter().any(|p| p.doc.id == m.id)).map(|x| x.eli.as_str());
                (crate::eli::versions_box(w, shown))
            }
            div.doc-layout {
                @if let Some(d) = &v.document { @if !d.outline.is_empty() { nav.outline { h2 { "目录" } (outline_nav(&d.outline)) } } }
                section.body translate="no" {
                    @match &v.document {
                        Some(d) => {
                            @let paras: Vec<(usize, &str)> = d.paragraphs().collect();
                            @let anchors = crate::eli::anchor_lines(d, None);
                            @for (i, (line, text)) in paras.iter().enumerate() {
                                @let next = paras.get(i + 1).map(|p| p.0).unwrap_or(usize::MAX);
                                @let pg = d.page_of(*line);
                                @let before = if i == 0 { d.page_start } else { d.page_of(paras[i - 1].0) };
                                @if pg.is_some() && pg != before { div.page-mark data-page=[pg] { "第" (pg.unwrap_or(0)) "页" } }
                                @let cites: Vec<&LinkView> = v.links.cites.iter().filter(|c| c.link.line >= *line && c.link.line < next.max(*line + 1)).collect();
                                // Values printed on a later line of a wrapped paragraph link to that line.
                                p id=(format!("L{line}")) {
                                    @for a in anchors.get(line).into_iter().flatten() { span id=(a.0) {} }
                                    @for w in d.wrap_lines(i).filter(|w| w != line) { span id=(format!("L{w}")) {} }
                                    (paragraph(text, &cites))
                                }
                            }
                        },
                        None => p.stub translate="yes" { "本文件未收录全文，仅见于其他文件的引用。" },
                    }
                }
            }
            section.links {
                h2 { "引用的文件（" (v.links.cites.len()) "）" }
                (link_list(&v.links.cites))
                h2 { "被以下文件引用（" (v.links.cited_by.len()) "）" }
                (link_list(&v.links.cited_by))
            }
        }
    }
}

/// A segment's evidence, each statement once (one statement may ground two
/// facts of the same segment: its effective date and its term).
fn unique_evidence(all: &[gongwen_link::timeline::Evidence]) -> Vec<&gongwen_link::timeline::Evidence> {
    let mut seen = std::collections::HashSet::new();
    all.iter().filter(|e| seen.insert((e.source.as_str(), e.line, e.text.as_str()))).collect()
}

fn link_list(links: &[LinkView]) -> Markup {
    html! {
        ul.link-list {
            @for l in links {
                li {
                    span.rel { (l.link.relation.label_zh()) } " "
                    @match (&l.slug, &l.link.other) {
                        (Some(s), Some(o)) => a href=(doc_href(s)) class=(if o.stub { "unresolved" } else { "" }) translate="no" { (o.label()) },
                        _ => span.unresolved translate="no" { (l.link.text) },
                    }
                    " " span.src { span translate="no" { (crate::source_page::file_name(&l.link.source)) } "，第 " (l.link.line) " 行" }
                }
            }
        }
    }
}

async fn graph_page(State(app): State<Arc<App>>, Path(slug): Path<String>) -> Response {
    let app2 = app.clone();
    match blocking(move || {
        let m = app2.doc_by_slug(&slug)?;
        let links = api::links_of(&app2, &m)?;
        Ok((m, links))
    })
    .await
    {
        Ok((m, links)) => page(
            &m.title,
            html! {
                h1 { "关系图：" a href=(doc_href(&m.slug)) translate="no" { (m.title) } }
                p.legend { "箭头由引用方指向被引用方；颜色表示关系：" @for r in [Relation::Cites, Relation::Implements, Relation::Amends, Relation::Repeals, Relation::KeepsValid] { span class=(format!("rel-{r}")) { (r.label_zh()) } " " } }
                (graph::svg(&m, &links))
            },
        )
        .into_response(),
        Err(e) => error_page(e),
    }
}

const REGISTER_COLUMNS: [(&str, &str); 6] =
    [("doc_number", "文号"), ("title", "标题"), ("issuer", "发文机关"), ("date", "成文日期"), ("expires", "有效期至"), ("status", "状态")];

fn sort_rows(rows: &mut [RegisterRow], by: &str, desc: bool) {
    rows.sort_by(|a, b| {
        let o = match by {
            "doc_number" => a.doc_number.cmp(&b.doc_number),
            "title" => a.title.cmp(&b.title),
            "issuer" => a.issuer.cmp(&b.issuer),
            "expires" => a.expires.cmp(&b.expires),
            "status" => a.status.as_str().cmp(b.status.as_str()),
            _ => a.date.cmp(&b.date),
        };
        if desc {
            o.reverse()
        } else {
            o
        }
    });
}

async fn register_page(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    let on = match params::date(&p, "on") {
        Ok(d) => d.unwrap_or_else(Date::today),
        Err(e) => return error_page(e),
    };
    let all = params::flag(&p, "all").ok().flatten().unwrap_or(false);
    let by = params::text(&p, "sort").filter(|s| REGISTER_COLUMNS.iter().any(|c| c.0 == s)).unwrap_or("date".into());
    let desc = params::text(&p, "dir").as_deref() != Some("asc");
    let mut rows = api::register_rows(&app, on, all);
    sort_rows(&mut rows, &by, desc);
    let in_force = rows.iter().filter(|r| r.status.is_live()).count();
    let base = format!("on={on}{}", if all { "&all=1" } else { "" });
    page(
        "规范性文件目录",
        html! {
            h1 { "规范性文件目录" }
            form.on method="get" {
                label { "状态日期 " input type="date" name="on" value=(on.to_string()); }
                label { input type="checkbox" name="all" value="1" checked[all]; " 含非规范性文件" }
                button type="submit" { "更新" }
                a.download href=(format!("/api/register.csv?{base}")) download { "下载 CSV" }
            }
            p.summary { "共 " (rows.len()) " 件，其中现行有效 " (in_force) " 件（按 " (on.to_string()) " 计）" }
            table.register {
                thead { tr { @for (key, label) in REGISTER_COLUMNS {
                    th { a href=(format!("/register?{base}&sort={key}&dir={}", if by == key && desc { "asc" } else { "desc" })) {
                        (label) @if by == key { (if desc { " ▼" } else { " ▲" }) }
                    } }
                } } }
                tbody { @for r in &rows { tr {
                    td.docno translate="no" { (r.doc_number.clone().unwrap_or_default()) }
                    td translate="no" { a href=(doc_href(&r.slug)) { (r.title) } }
                    td translate="no" { (r.issuer) }
                    td { (r.date.clone().unwrap_or_default()) }
                    td { (r.expires.map(|d| d.to_string()).unwrap_or_default()) }
                    td { (badge(r.status)) }
                } } }
            }
        },
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn pagers_show_the_ends_and_the_pages_near_the_current_one() {
        let shown = |page, pages| super::page_numbers(page, pages).iter().map(|n| n.map_or("…".to_string(), |n| n.to_string())).collect::<Vec<_>>().join(" ");
        assert_eq!(shown(1, 3), "1 2 3");
        assert_eq!(shown(1, 20), "1 2 3 … 20");
        assert_eq!(shown(10, 20), "1 … 8 9 10 11 12 … 20");
        assert_eq!(shown(20, 20), "1 … 18 19 20");
    }
}
