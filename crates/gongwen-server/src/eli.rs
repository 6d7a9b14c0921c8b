//! Stable addresses in the pattern of ELI: `/eli/<jurisdiction>/<kind>/<name>`
//! is a work (the version in force on `?on=`, today by default),
//! `…/<YYYY-MM-DD>` one version, `…/art_13` one article of it (the page,
//! at that anchor). `/api/eli/…` answers the same address as JSON. Every
//! article and outline node of a version is an anchor on its page.

use crate::params::{self, Params};
use crate::{blocking, ApiError, App};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use gongwen_model::work::anchors;
use gongwen_model::{Currency, Date, Document, OutlineNode, Status};
use gongwen_store::works::{EliTarget, VersionReport, WorkReport};
use maud::{html, Markup};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// The copy-citation buttons' script.
pub const CITE_JS: &str = include_str!("../static/cite.js");

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/eli/{*rest}", get(eli_page)).route("/api/eli/{*rest}", get(eli_json))
}

/// One part of the version shown: its document and where its page is.
#[derive(Serialize)]
pub struct PartView {
    pub part: Option<String>,
    /// The document's page: `/doc/<slug>`.
    pub doc: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
}

/// A node an address names: its anchor, label and text.
#[derive(Serialize)]
pub struct NodeView {
    pub anchor: String,
    pub label: String,
    pub heading: Option<String>,
    pub text: String,
    /// `《X》第十三条`: how to cite it.
    pub citation: String,
}

#[derive(Serialize)]
pub struct EliView {
    /// The address as asked (without `?on=`).
    pub address: String,
    pub report: WorkReport,
    /// The version the address names, or the one in force on the date.
    pub version: Option<VersionReport>,
    pub parts: Vec<PartView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeView>,
}

fn not_found(address: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, format!("没有地址为 `{address}` 的作品"))
}

/// Loads what an address names, with the documents of its version when `full`.
pub(crate) fn load(app: &App, address: &str, on: Date, full: bool) -> Result<EliView, ApiError> {
    let meta = app.index().meta();
    app.with_store(|s| {
        let EliTarget { work, version, node } = s.work_by_eli(address)?.ok_or_else(|| not_found(address))?;
        let report = s.work_report(&work, on)?;
        let shown = match version {
            Some(d) => Some(report.version_on_date(d).cloned().ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("《{}》没有 {d} 的版本", work.name)))?),
            None => report.shown().cloned(),
        };
        let mut parts = Vec::new();
        let mut found = None;
        for p in shown.iter().flat_map(|v| &v.parts) {
            let slug = meta.docs.get(&p.doc.id).map(|m| m.slug.clone()).unwrap_or_else(|| gongwen_index::slug(&p.doc.key, p.doc.doc_number.as_deref(), p.doc.date.as_deref()));
            let document = if full || node.is_some() { s.copy_document(p.copy_id)? } else { None };
            if let (Some(want), Some(d), None) = (&node, &document, &found) {
                found = anchors(&d.outline).into_iter().find(|(a, _)| a == want).map(|(a, n)| NodeView {
                    citation: format!("《{}》{}", work.name, n.label),
                    anchor: a,
                    label: n.label.clone(),
                    heading: n.heading.clone(),
                    text: node_text(n),
                });
            }
            parts.push(PartView { part: p.part.clone(), doc: crate::pages::doc_href(&slug), document: if full { document } else { None } });
        }
        if let Some(want) = &node {
            if found.is_none() {
                return Err(ApiError::new(StatusCode::NOT_FOUND, format!("《{}》此版本中没有 {want}", work.name)));
            }
        }
        Ok(EliView { address: address.to_string(), report, version: shown, parts, node: found })
    })
}

/// A node's text with its children's, one paragraph a line.
fn node_text(n: &OutlineNode) -> String {
    let mut out = n.text.clone();
    for c in &n.children {
        out.push('\n');
        out.push_str(&node_text(c));
    }
    out
}

fn address_of(rest: &str) -> String {
    format!("/eli/{}", rest.trim_end_matches('/'))
}

async fn eli_json(State(app): State<Arc<App>>, Path(rest): Path<String>, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let address = address_of(&rest);
    if let Some(work) = crate::compare::work_address(&address).map(String::from) {
        return blocking(move || crate::compare::load(&app, &work, &p)).await.map(|v| Json(v).into_response());
    }
    let on = params::date(&p, "on")?.unwrap_or_else(Date::today);
    let full = p.get("text").is_some_and(|v| v == "1" || v == "true");
    blocking(move || load(&app, &address, on, full)).await.map(|v| Json(v).into_response())
}

async fn eli_page(State(app): State<Arc<App>>, Path(rest): Path<String>, Query(p): Query<Params>) -> Response {
    if let Some(work) = crate::compare::work_address(&address_of(&rest)).map(String::from) {
        return match blocking(move || crate::compare::load(&app, &work, &p)).await {
            Ok(v) => crate::pages::page(&format!("新旧对照 · {}", v.work.name), crate::compare::view(&v)).into_response(),
            Err(e) => crate::pages::error_page(e),
        };
    }
    let on = match params::date(&p, "on") {
        Ok(d) => d.unwrap_or_else(Date::today),
        Err(e) => return crate::pages::error_page(e),
    };
    let address = address_of(&rest);
    // An article's address is its version's page at the article's anchor.
    if let Some((page, last)) = address.rsplit_once('/') {
        if gongwen_store::works::is_anchor(last) {
            let a = address.clone();
            let checked = blocking(move || load(&app, &a, on, false)).await;
            return match checked {
                Ok(_) => Redirect::to(&format!("{}#{last}", href(page))).into_response(),
                Err(e) => crate::pages::error_page(e),
            };
        }
    }
    let a = address.clone();
    match blocking(move || load(&app, &a, on, true)).await {
        Ok(v) => crate::pages::page(&v.report.work.name, view(&v)).into_response(),
        Err(e) => crate::pages::error_page(e),
    }
}

/// An address as a link: each segment percent-encoded.
pub fn href(address: &str) -> String {
    address.split('/').map(crate::pages::enc).collect::<Vec<_>>().join("/")
}

fn status_badge(s: Status) -> Markup {
    html! { span.badge.(s.as_str()) data-status=(s.as_str()) { (s.label_zh()) } }
}

pub fn currency_badge(c: Currency) -> Markup {
    // Styled as the work statuses they resemble.
    let class = match c {
        Currency::Current => "in_force",
        Currency::Superseded => "superseded",
        Currency::NotYetEffective => "not_yet_in_force",
        Currency::Lapsed => "expired",
    };
    html! { span.badge.(class) data-currency=(c.as_str()) { (c.label_zh()) } }
}

/// The versions of a work, the shown one marked: on the address's page and on each document's page.
pub(crate) fn versions_box(report: &WorkReport, shown: Option<&str>) -> Markup {
    html! {
        section.versions {
            h2 { "版本（" (report.versions.len()) "）" }
            p {
                (report.work.kind.label_zh()) " · " "作品地址 " a href=(href(&report.work.eli)) { code translate="no" { (report.work.eli) } }
                " · " (report.on) " " (status_badge(report.status))
            }
            ol {
                @for (i, v) in report.versions.iter().enumerate() {
                    li data-current=(v.currency == Currency::Current) {
                        @let label = v.date.map(|d| d.to_string()).unwrap_or_else(|| "日期不明".into());
                        @if shown == Some(v.eli.as_str()) { strong { (label) } } @else { a href=(href(&v.eli)) { (label) } }
                        " " (currency_badge(v.currency))
                        @if let Some(e) = v.effective { " 施行 " (e) }
                        @if let Some(s) = v.superseded_from { "，" (s) " 起被修订" }
                        @if v.parts.len() > 1 { "（" (v.parts.len()) "个部分）" }
                        @if let (Some(prev), Some(d)) = (i.checked_sub(1).and_then(|j| report.versions[j].date), v.date) {
                            " " a.compare-link href=(format!("{}/{}?old={prev}&new={d}", href(&report.work.eli), crate::compare::SEGMENT)) { "与上一版本对照" }
                        }
                    }
                }
            }
            @if !report.amendments.is_empty() {
                h3 { "修改沿革（" (report.amendments.len()) "）" }
                ol.amendments {
                    @for a in &report.amendments {
                        li {
                            (a.date) " "
                            @match &a.version { Some(v) => { a href=(href(v)) { "修改后版本" } }, None => { span.muted { "修改（未收录该版本文本）" } } }
                            " " span.src translate="no" { (a.evidence.text) }
                        }
                    }
                }
            }
            @let dated: Vec<Date> = report.versions.iter().filter_map(|v| v.date).collect();
            @if dated.len() > 1 {
                (crate::compare::form(&report.work.eli, &dated, dated.get(dated.len() - 2).copied(), dated.last().copied()))
            }
            @if !report.conflicts.is_empty() {
                h3 { "数据库记录与文本不一致" }
                ul { @for c in &report.conflicts { li { (c.record.by) "：" (c.record.text) " 〔" (c.record.source) " 第" (c.record.line) "行〕；文本：" (c.texts) } } }
            }
        }
    }
}

/// Anchor ids by the line their node starts on. Several parts of one
/// version restart chapters, so their non-article anchors get the part's number.
pub(crate) fn anchor_lines(d: &Document, part_index: Option<usize>) -> HashMap<usize, Vec<(String, String)>> {
    let mut out: HashMap<usize, Vec<(String, String)>> = HashMap::new();
    for (a, n) in anchors(&d.outline) {
        let a = match part_index {
            Some(i) if !a.starts_with("art_") => format!("p{}__{a}", i + 1),
            _ => a,
        };
        out.entry(n.line_start).or_default().push((a, n.label.clone()));
    }
    out
}

/// How to cite a node of the version shown: `《X》第十三条`, with the
/// version's date when it is not the current one.
pub(crate) fn citation(work: &str, version: Option<&VersionReport>, label: &str) -> String {
    match version.filter(|v| v.currency != Currency::Current).and_then(|v| v.date) {
        Some(d) => format!("《{work}》（{d}版本）{label}"),
        None => format!("《{work}》{label}"),
    }
}

/// The copy-citation button of an anchor: its citation and its address.
pub(crate) fn cite_button(citation: &str, address: &str) -> Markup {
    html! { button.cite-copy type="button" data-cite=(citation) data-href=(address) title=(format!("复制引用：{citation}")) { "复制引用" } }
}

/// An anchor's address: `<page>/<anchor>` when the anchor is an address
/// segment, else the page at the anchor.
fn anchor_address(page: &str, anchor: &str) -> String {
    if gongwen_store::works::is_anchor(anchor) {
        format!("{}/{anchor}", href(page))
    } else {
        format!("{}#{anchor}", href(page))
    }
}

fn view(v: &EliView) -> Markup {
    let r = &v.report;
    let shown = v.version.as_ref();
    let several = v.parts.len() > 1;
    // Anchors of the current version are cited at the work's address, older ones at their version's.
    let page_address = match shown {
        Some(s) if s.currency != Currency::Current => s.eli.clone(),
        _ => r.work.eli.clone(),
    };
    html! {
        script src="/static/cite.js" defer {}
        article.doc.work {
            h1 translate="no" { (r.work.name) }
            div.status-bar {
                (status_badge(r.status))
                @if let Some(s) = shown { (currency_badge(s.currency)) " " span.range { "版本 " (s.date.map(|d| d.to_string()).unwrap_or_default()) } }
                form.on method="get" {
                    label { "查看日期 " input #on type="date" name="on" value=(r.on.to_string()); }
                    button type="submit" { "查看" }
                }
                a href=(format!("/api{}", href(&v.address))) { "JSON" }
            }
            @if !r.evidence.is_empty() {
                ul.evidence { @for e in &r.evidence { li { "依据 " (e.by) "：" (e.text) @if !e.source.is_empty() { " " span.src translate="no" { "（" (e.source) ":" (e.line) "）" } } } } }
            }
            (versions_box(r, shown.map(|s| s.eli.as_str())))
            @for (i, p) in v.parts.iter().enumerate() {
                section.body.part {
                    @if let Some(name) = &p.part { h2 translate="no" { (name) } }
                    p.src { a href=(p.doc) { "本文件的详情、引用与效力时间线" } }
                    @if let Some(d) = &p.document {
                        @let ids = anchor_lines(d, several.then_some(i));
                        @for (line, text) in d.paragraphs() {
                            @let here = ids.get(&line);
                            p id=(here.and_then(|h| h.first()).map(|h| h.0.clone()).unwrap_or_else(|| format!("L{line}"))) translate="no" {
                                @if let Some(h) = here {
                                    @for a in h.iter().skip(1) { span id=(a.0) {} }
                                    a.anchor href=(format!("#{}", h[0].0)) title=(format!("《{}》本段的固定链接", r.work.name)) { "¶" } " "
                                    span translate="yes" { (cite_button(&citation(&r.work.name, shown, &h[0].1), &anchor_address(&page_address, &h[0].0))) } " "
                                }
                                (text)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `/doc/<name>` for a name that is no document's slug: the work of that
/// name (or of the document with that title or 文号), at its address.
pub(crate) async fn redirect_for_name(app: Arc<App>, name: String) -> Option<Response> {
    let found = blocking(move || {
        app.with_store(|s| match s.find_work(&name) {
            Ok(w) => Ok(Some(w.eli)),
            Err(gongwen_store::StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        })
    })
    .await;
    match found {
        Ok(Some(eli)) => Some(Redirect::permanent(&href(&eli)).into_response()),
        Ok(None) => None,
        Err(e) => Some(crate::pages::error_page(e)),
    }
}
