//! The search page (`/`): the query with its controls (sort, scope, issuer
//! exact or family, stubs, date), facets with counts, one hit per work with
//! its two statuses, numbered pages; a query that is one document's 文号
//! lands on that document.

use crate::msg::search as words;
use crate::pages::{badge, doc_href, enc, error_page, page};
use crate::params::{self, Params};
use crate::{blocking, msg, App};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongwen_index::{Facet, Hit, Scope, SearchResults, Sort};
use maud::{html, Markup};
use std::sync::Arc;

/// Facets in the order the side bar shows them: (facet, query parameter).
const FACETS: [(&str, &str); 6] = [("status", "status"), ("level", "level"), ("issuer", "issuer"), ("doc_type", "type"), ("year", "year"), ("section", "section")];
/// Values a facet shows before its “更多” expansion.
const FACET_SHOWN: usize = 12;

/// A status as a facet value or query parameter spells it, in Chinese; a
/// word that is no status is shown as it is.
fn status_word(s: &str) -> String {
    s.parse::<gongwen_model::Status>().map_or_else(|_| s.to_string(), |s| s.label_zh().to_string())
}

/// A URL for the search page with parameters changed (`None` removes one);
/// the page goes back to 1 unless it is among them.
fn with_params(p: &Params, changes: &[(&str, Option<&str>)]) -> String {
    let mut pairs: Vec<(String, String)> =
        p.iter().filter(|(k, _)| k.as_str() != "page" && !changes.iter().any(|c| c.0 == k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    for (k, v) in changes {
        if let Some(v) = v {
            pairs.push((k.to_string(), v.to_string()));
        }
    }
    pairs.sort();
    let q: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    format!("/?{}", q.join("&"))
}

fn with_param(p: &Params, key: &str, value: Option<&str>) -> String {
    with_params(p, &[(key, value)])
}

pub async fn search_page(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    let req = match params::search_request(&p) {
        Ok(r) => r,
        Err(e) => return error_page(e),
    };
    let form_state = (req.query.clone(), req.on, req.sort, req.scope, req.include_stubs, req.issuer.clone().unwrap_or_default(), req.issuer_exact);
    let result = blocking(move || app.with_store(|s| Ok(app.index().search(s, &req)?))).await;
    let (results, error) = match result {
        Ok(r) => (Some(r), None),
        Err(e) if e.status == StatusCode::BAD_REQUEST => (None, Some(e.message)),
        Err(e) => return error_page(e),
    };
    // A 文号 that names one document takes the reader there.
    if let Some(slug) = results.as_ref().and_then(|r| r.landing.as_deref()) {
        return Redirect::to(&doc_href(slug)).into_response();
    }
    let q = form_state.0.clone();
    let body = html! {
        (form(&p, form_state))
        @if let Some(m) = error { p.error role="alert" { (words::QUERY_ERROR) (msg::rich(&m)) } }
        @if let Some(r) = results { (results_view(&r, &p)) }
    };
    page(if q.is_empty() { words::TITLE } else { &q }, body).into_response()
}

type FormState = (String, gongwen_model::Date, Sort, Option<Scope>, bool, String, bool);

fn form(p: &Params, (q, on, sort, scope, stubs, issuer, exact): FormState) -> Markup {
    html! {
        form.search method="get" action="/" {
            div.query {
                input type="search" name="q" value=(q) placeholder=(words::PLACEHOLDER) aria-label=(words::TITLE) autofocus;
                button type="submit" { (words::SUBMIT) }
            }
            div.controls {
                label { (words::SORT) " " select name="sort" {
                    @for s in Sort::ALL { option value=(s.as_str()) selected[sort == s] { (words::sort(s)) } }
                } }
                label { (words::SCOPE) " " select name="scope" {
                    option value="all" selected[scope.is_none()] { (words::scope(None)) }
                    @for s in Scope::ALL { option value=(s.as_str()) selected[scope == Some(s)] { (words::scope(Some(s))) } }
                } }
                label { (words::ISSUER) " " input name="issuer" value=(issuer) placeholder=(words::ISSUER_PLACEHOLDER); }
                label { (words::ISSUER_MODE) " " select name="issuer_mode" {
                    option value="family" selected[!exact] { (words::ISSUER_FAMILY) }
                    option value="exact" selected[exact] { (words::ISSUER_EXACT) }
                } }
                label { (words::ON) " " input type="date" name="on" value=(on.to_string()); }
                label.check { input type="checkbox" name="stubs" value="1" checked[stubs]; " " (words::STUBS) }
            }
            @for (_, param) in FACETS {
                @if param != "issuer" { @if let Some(v) = p.get(param).filter(|v| !v.is_empty()) { input type="hidden" name=(param) value=(v); } }
            }
        }
    }
}

fn facet_value(name: &str, value: &str) -> Markup {
    html! { @if name == "status" { (status_word(value)) } @else { span translate="no" { (value) } } }
}

fn facet_item(name: &str, param: &str, f: &Facet, p: &Params) -> Markup {
    // An issuer chosen from the list is that organ alone, as its count says.
    let href = if name == "issuer" { with_params(p, &[(param, Some(&f.value)), ("issuer_mode", Some("exact"))]) } else { with_param(p, param, Some(&f.value)) };
    html! { li { a href=(href) { (facet_value(name, &f.value)) } " " span.count { (f.count) } } }
}

fn facet_list(name: &str, param: &str, values: &[Facet], p: &Params) -> Markup {
    let chosen = p.get(param).filter(|v| !v.is_empty());
    let (shown, more) = values.split_at(values.len().min(FACET_SHOWN));
    // Clearing the issuer clears its mode too.
    let clear = if name == "issuer" { with_params(p, &[(param, None), ("issuer_mode", None)]) } else { with_param(p, param, None) };
    html! {
        section.facet data-facet=(name) {
            h3 { (words::facet(name)) }
            @if let Some(c) = chosen { a.clear href=(clear) { "✕ " (facet_value(name, c)) } }
            ul { @for f in shown { (facet_item(name, param, f, p)) } }
            @if !more.is_empty() {
                details.more {
                    summary { (words::MORE) "（" (more.len()) "）" }
                    ul { @for f in more { (facet_item(name, param, f, p)) } }
                }
            }
        }
    }
}

/// Snippet text without the paragraph tags a portal page left in it.
fn clean(text: &str) -> String {
    let mut out = text.to_string();
    for tag in ["</p>", "<p>", "<br>", "<br/>", "&nbsp;"] {
        out = out.replace(tag, " ");
    }
    let mut collapsed = String::with_capacity(out.len());
    for c in out.chars() {
        if !(c == ' ' && collapsed.ends_with(' ')) {
            collapsed.push(c);
        }
    }
    collapsed
}

fn hit(h: &Hit) -> Markup {
    html! {
        li.hit {
            div.hit-head {
                a.hit-title href=(doc_href(&h.doc.slug)) translate="no" { (h.doc.title) }
                " "
                @match &h.work {
                    // A work of several versions: is it in force, is this its current version.
                    Some(w) if w.versions > 1 => {
                        span.badges title=(words::WORK_STATUS) { (badge(w.status)) }
                        " "
                        span.badge.currency.(w.currency.as_str()) data-currency=(w.currency.as_str()) title=(words::VERSION) { (w.currency.label_zh()) }
                    },
                    Some(w) => span.badges title=(words::WORK_STATUS) { (badge(w.status)) },
                    None => (badge(h.status)),
                }
                " " span.level data-level=(h.level) { (h.level) }
            }
            div.hit-meta {
                @if let Some(n) = &h.doc.doc_number { span.docno translate="no" { (n) } }
                span translate="no" { (h.doc.issuers.join("、")) }
                @if let Some(d) = &h.doc.date { span { (d) } }
                @if h.doc.stub { span.stub { (words::STUB) } }
            }
            @if !h.snippet.is_empty() {
                p.snippet translate="no" { @for f in &h.snippet { @if f.mark { mark { (clean(&f.text)) } } @else { (clean(&f.text)) } } }
            }
            @if !h.nodes.is_empty() {
                p.nodes { (words::FOUND_IN) @for n in &h.nodes {
                    a href=(format!("{}#L{}", doc_href(&h.doc.slug), n.line)) translate="no" { (n.path.join(" ")) @if let Some(t) = &n.heading { " " (t) } }
                } }
            }
            @if !h.other_versions.is_empty() {
                p.versions {
                    (words::OTHER_VERSIONS)
                    @for v in &h.other_versions {
                        a href=(doc_href(&v.slug)) { (words::version_of(&v.version.map(|d| d.to_string()).unwrap_or_default())) } " "
                    }
                    @if let Some(w) = &h.work { a.all-versions href=(w.eli.clone()) { (words::VERSIONS_LINK) } }
                }
            }
        }
    }
}

fn pager(r: &SearchResults, p: &Params) -> Markup {
    let pages = r.total.div_ceil(r.per_page).max(1);
    crate::pages::pager(|n| with_params(p, &[("page", Some(&n.to_string()))]), r.page, pages)
}

fn results_view(r: &SearchResults, p: &Params) -> Markup {
    let (before, after) = words::summary(&r.on.to_string(), r.took_micros as f64 / 1000.0);
    html! {
        div.results-layout {
            section.results {
                p.summary { (before) strong #total { (r.total) } (after) }
                ol.hits start=((r.page - 1) * r.per_page + 1) { @for h in &r.hits { (hit(h)) } }
                (pager(r, p))
            }
            aside.facets {
                @for (name, param) in FACETS {
                    @if let Some(values) = r.facets.get(name) { @if !values.is_empty() || p.contains_key(param) { (facet_list(name, param, values, p)) } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_lose_paragraph_tags_left_by_portal_pages() {
        assert_eq!(clean("加快发展。</p> <p>二、支持"), "加快发展。 二、支持");
        assert_eq!(clean("低空"), "低空");
    }

    #[test]
    fn a_long_facet_shows_twelve_and_the_rest_behind_more() {
        let values: Vec<Facet> = (0..20).map(|i| Facet { value: format!("襄江市第{i}局"), count: 20 - i }).collect();
        let html = facet_list("issuer", "issuer", &values, &Params::new()).into_string();
        let (shown, more) = html.split_once(r#"<details class="more"><summary>更多（8）</summary>"#).expect(&html);
        assert_eq!(shown.matches("<li>").count(), 12);
        assert_eq!(more.matches("<li>").count(), 8);
        assert!(html.contains("issuer_mode=exact"), "an issuer chosen from the list is that organ alone");
    }

    #[test]
    fn facet_links_keep_the_other_filters_and_reset_the_page() {
        let p: Params = [("q", "补贴"), ("page", "3"), ("year", "2024")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(with_params(&p, &[("issuer", Some("武汉市人民政府")), ("issuer_mode", Some("exact"))]), format!("/?issuer={}&issuer_mode=exact&q={}&year=2024", enc("武汉市人民政府"), enc("补贴")));
        assert_eq!(with_params(&p, &[("page", Some("4"))]), format!("/?page=4&q={}&year=2024", enc("补贴")));
    }
}
