//! Query-string parameters, parsed with messages that name the parameter.

use crate::{msg, ApiError};
use gongwen_index::{Scope, SearchRequest, Sort};
use gongwen_model::{Date, Status};
use std::collections::HashMap;

pub type Params = HashMap<String, String>;

/// The query string of the current filter without `page` (empty values
/// dropped, keys in order): what a pager's links add their page number to.
pub fn query_without_page(p: &Params) -> String {
    let mut pairs: Vec<(&String, &String)> = p.iter().filter(|(k, v)| *k != "page" && !v.trim().is_empty()).collect();
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{}={}", crate::pages::enc(k), crate::pages::enc(v))).collect::<Vec<_>>().join("&")
}

pub fn text(p: &Params, name: &str) -> Option<String> {
    p.get(name).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

pub fn date(p: &Params, name: &str) -> Result<Option<Date>, ApiError> {
    text(p, name)
        .map(|s| Date::parse_iso(&s).ok_or_else(|| ApiError::bad_request(msg::param_not_date(name, &s))))
        .transpose()
}

pub fn number<T: std::str::FromStr>(p: &Params, name: &str, what: &str) -> Result<Option<T>, ApiError> {
    text(p, name)
        .map(|s| s.parse().map_err(|_| ApiError::bad_request(msg::param_not(name, &s, what))))
        .transpose()
}

pub fn flag(p: &Params, name: &str) -> Result<Option<bool>, ApiError> {
    match text(p, name).as_deref() {
        None => Ok(None),
        Some("1" | "true" | "yes" | "on") => Ok(Some(true)),
        Some("0" | "false" | "no" | "off") => Ok(Some(false)),
        Some(s) => Err(ApiError::bad_request(msg::param_not_flag(name, s))),
    }
}

/// One of a closed set of spellings, or a message naming the parameter and the set.
fn one_of<T: Copy>(p: &Params, name: &str, all: &[T], spell: impl Fn(T) -> &'static str) -> Result<Option<T>, ApiError> {
    match text(p, name) {
        None => Ok(None),
        Some(s) => all.iter().copied().find(|v| spell(*v) == s).map(Some).ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| spell(*v)).collect();
            ApiError::bad_request(msg::param_not_one_of(name, &s, &names.join(", ")))
        }),
    }
}

pub fn search_request(p: &Params) -> Result<SearchRequest, ApiError> {
    let status = text(p, "status")
        .map(|s| s.parse::<Status>().map_err(|_| ApiError::bad_request(msg::param_not_one_of("status", &s, &Status::ALL.map(Status::as_str).join(", ")))))
        .transpose()?;
    // `all` is the absence of a scope, spelled so a form can choose it.
    let scope = match text(p, "scope").as_deref() {
        Some("all") => None,
        _ => one_of(p, "scope", &Scope::ALL, Scope::as_str).map_err(|_| {
            ApiError::bad_request(msg::param_not_one_of("scope", &text(p, "scope").unwrap_or_default(), "local, national, all"))
        })?,
    };
    let issuer_exact = match text(p, "issuer_mode").as_deref() {
        None | Some("family") => false,
        Some("exact") => true,
        Some(s) => return Err(ApiError::bad_request(msg::param_not_one_of("issuer_mode", s, "exact, family"))),
    };
    Ok(SearchRequest {
        issuer: text(p, "issuer"),
        issuer_exact,
        doc_type: text(p, "type"),
        year: number(p, "year", "年份")?,
        section: text(p, "section"),
        level: text(p, "level"),
        scope,
        status,
        include_stubs: flag(p, "stubs")?.unwrap_or(false),
        sort: one_of(p, "sort", &Sort::ALL, Sort::as_str)?.unwrap_or_default(),
        page: number(p, "page", "页码")?.unwrap_or(1),
        per_page: number(p, "per_page", "数目")?.unwrap_or(10),
        ..SearchRequest::new(&p.get("q").cloned().unwrap_or_default(), date(p, "on")?.unwrap_or_else(Date::today))
    })
}

/// Items per answer of a list endpoint when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 50;
/// The most items one answer of a list endpoint holds.
pub const MAX_LIMIT: usize = 500;

/// Which items of a list to answer with: `limit` (1–`MAX_LIMIT`, default
/// `DEFAULT_LIMIT`) from `offset` (default 0).
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub offset: usize,
    pub limit: usize,
}

pub fn page(p: &Params) -> Result<Page, ApiError> {
    let limit = number(p, "limit", "数目")?.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::bad_request(msg::param_out_of_range("limit", limit, 1, MAX_LIMIT)));
    }
    Ok(Page { offset: number(p, "offset", "数目")?.unwrap_or(0), limit })
}
