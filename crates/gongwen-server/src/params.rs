//! Query-string parameters, parsed with messages that name the parameter.

use crate::ApiError;
use gongwen_index::{SearchRequest, Sort};
use gongwen_model::{Date, Status};
use std::collections::HashMap;

pub type Params = HashMap<String, String>;

pub fn text(p: &Params, name: &str) -> Option<String> {
    p.get(name).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

pub fn date(p: &Params, name: &str) -> Result<Option<Date>, ApiError> {
    text(p, name)
        .map(|s| Date::parse_iso(&s).ok_or_else(|| ApiError::bad_request(format!("parameter `{name}`: `{s}` is not a date (YYYY-MM-DD)"))))
        .transpose()
}

pub fn number<T: std::str::FromStr>(p: &Params, name: &str, what: &str) -> Result<Option<T>, ApiError> {
    text(p, name)
        .map(|s| s.parse().map_err(|_| ApiError::bad_request(format!("parameter `{name}`: `{s}` is not {what}"))))
        .transpose()
}

pub fn flag(p: &Params, name: &str) -> Result<Option<bool>, ApiError> {
    match text(p, name).as_deref() {
        None => Ok(None),
        Some("1" | "true" | "yes" | "on") => Ok(Some(true)),
        Some("0" | "false" | "no" | "off") => Ok(Some(false)),
        Some(s) => Err(ApiError::bad_request(format!("parameter `{name}`: `{s}` is not true or false"))),
    }
}

pub fn search_request(p: &Params) -> Result<SearchRequest, ApiError> {
    let status = text(p, "status")
        .map(|s| s.parse::<Status>().map_err(|_| ApiError::bad_request(format!("parameter `status`: `{s}` is not one of {}", Status::ALL.map(Status::as_str).join(", ")))))
        .transpose()?;
    let sort = match text(p, "sort").as_deref() {
        None | Some("relevance") => Sort::Relevance,
        Some("date") => Sort::Date,
        Some(s) => return Err(ApiError::bad_request(format!("parameter `sort`: `{s}` is not relevance or date"))),
    };
    Ok(SearchRequest {
        issuer: text(p, "issuer"),
        doc_type: text(p, "type"),
        year: number(p, "year", "a year")?,
        section: text(p, "section"),
        status,
        include_stubs: flag(p, "stubs")?.unwrap_or(true),
        sort,
        page: number(p, "page", "a page number")?.unwrap_or(1),
        per_page: number(p, "per_page", "a count")?.unwrap_or(10),
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
    let limit = number(p, "limit", "a count")?.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::bad_request(format!("parameter `limit`: `{limit}` is not between 1 and {MAX_LIMIT}")));
    }
    Ok(Page { offset: number(p, "offset", "a count")?.unwrap_or(0), limit })
}
