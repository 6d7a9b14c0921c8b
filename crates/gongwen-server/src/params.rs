//! Query-string parameters, parsed with messages that name the parameter.

use crate::{msg, ApiError};
use gongwen_index::{SearchRequest, Sort};
use gongwen_model::{Date, Status};
use std::collections::HashMap;

pub type Params = HashMap<String, String>;

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

pub fn search_request(p: &Params) -> Result<SearchRequest, ApiError> {
    let status = text(p, "status")
        .map(|s| s.parse::<Status>().map_err(|_| ApiError::bad_request(msg::param_not_one_of("status", &s, &Status::ALL.map(Status::as_str).join(", ")))))
        .transpose()?;
    let sort = match text(p, "sort").as_deref() {
        None | Some("relevance") => Sort::Relevance,
        Some("date") => Sort::Date,
        Some(s) => return Err(ApiError::bad_request(msg::param_not_one_of("sort", s, "relevance, date"))),
    };
    Ok(SearchRequest {
        issuer: text(p, "issuer"),
        doc_type: text(p, "type"),
        year: number(p, "year", "年份")?,
        section: text(p, "section"),
        status,
        include_stubs: flag(p, "stubs")?.unwrap_or(true),
        sort,
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
