//! `/people`: who was appointed to or removed from which post (人事任免),
//! and who sits in which leading group (领导小组名单), as one searchable
//! table — by name, post, organ and date — each row linking to the line of
//! the document it was read from.

use crate::msg::people as words;
use crate::pages::{doc_href, error_page, page};
use crate::params::{self, Params};
use crate::{blocking, msg, ApiError, App};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gongwen_extract::people::Action;
use gongwen_extract::{Appointment, Member};
use gongwen_model::{Date, FactKind};
use gongwen_store::query::{DocRef, FactRow};
use gongwen_store::Store;
use maud::{html, Markup};
use serde::Serialize;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/people", get(people_page))
}

/// Rows per page of `/people`.
const PER_PAGE: usize = 50;

/// Which kind of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    All,
    Appointments,
    Rosters,
}

impl Which {
    const ALL: [(Which, &'static str); 3] = [(Which::All, "all"), (Which::Appointments, "appointments"), (Which::Rosters, "rosters")];

    fn label(self) -> &'static str {
        match self {
            Which::All => words::ALL,
            Which::Appointments => words::APPOINTMENTS,
            Which::Rosters => words::ROSTERS,
        }
    }
}

/// What a reader looks people up by; text filters match part of the value.
#[derive(Debug, Clone)]
pub struct PeopleFilter {
    pub name: Option<String>,
    pub post: Option<String>,
    pub organ: Option<String>,
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub which: Which,
}

impl PeopleFilter {
    pub fn from_params(p: &Params) -> Result<PeopleFilter, ApiError> {
        let which = match params::text(p, "what") {
            None => Which::All,
            Some(w) => Which::ALL.iter().find(|(_, s)| *s == w).map(|(x, _)| *x).ok_or_else(|| {
                ApiError::bad_request(msg::param_not_one_of("what", &w, &Which::ALL.map(|(_, s)| s).join(", ")))
            })?,
        };
        Ok(PeopleFilter {
            name: params::text(p, "name"),
            post: params::text(p, "post"),
            organ: params::text(p, "organ"),
            from: params::date(p, "from")?,
            until: params::date(p, "until")?,
            which,
        })
    }
}

/// One person in one document: an appointment or a group membership.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub person: String,
    /// `appointed`, `removed`, `elected`, or `member`.
    pub what: &'static str,
    /// The post as written (武汉市经济和信息化局局长), or a member's posts.
    pub post: String,
    pub organ: Option<String>,
    /// A member's role in the group (组长, 成员).
    pub role: Option<String>,
    pub group: Option<String>,
    pub decided_by: Option<String>,
    /// The decision's date; a member's, the document's.
    pub date: Option<Date>,
    pub doc: DocRef,
    pub slug: String,
    pub line: usize,
    /// The page it was printed on, for a paged source.
    pub page: Option<u32>,
}

impl PersonRow {
    fn keep(&self, f: &PeopleFilter) -> bool {
        let has = |needle: &Option<String>, hay: &[Option<&str>]| needle.as_deref().is_none_or(|n| hay.iter().flatten().any(|h| h.contains(n)));
        has(&f.name, &[Some(&self.person)])
            && has(&f.post, &[Some(&self.post), self.role.as_deref()])
            && has(&f.organ, &[self.organ.as_deref(), Some(&self.post), self.group.as_deref(), Some(&self.doc.issuer)])
            && f.from.is_none_or(|d| self.date.is_some_and(|x| x >= d))
            && f.until.is_none_or(|d| self.date.is_some_and(|x| x <= d))
    }
}

fn slug_of(d: &DocRef) -> String {
    gongwen_index::slug(&d.key, d.doc_number.as_deref(), d.date.as_deref())
}

fn action(a: Action) -> &'static str {
    match a {
        Action::Appointed => "appointed",
        Action::Removed => "removed",
        Action::Elected => "elected",
    }
}

fn what_label(what: &str) -> &'static str {
    match what {
        "appointed" => words::APPOINTED,
        "removed" => words::REMOVED,
        "elected" => words::ELECTED,
        _ => words::ROSTERS,
    }
}

/// Every row that passes `f`, newest first.
pub fn rows(store: &Store, f: &PeopleFilter) -> Result<Vec<PersonRow>, ApiError> {
    let mut out = Vec::new();
    let doc_date = |r: &FactRow| r.doc.date.as_deref().and_then(Date::parse_iso);
    if f.which != Which::Rosters {
        let (facts, _) = store.said::<Appointment>(FactKind::Appointment, None)?;
        for (r, a) in facts {
            out.push(PersonRow {
                date: a.date.or_else(|| doc_date(&r)),
                person: a.person,
                what: action(a.action),
                post: a.post,
                organ: a.organ,
                role: None,
                group: None,
                decided_by: a.decided_by,
                slug: slug_of(&r.doc),
                line: a.line,
                page: r.page,
                doc: r.doc,
            });
        }
    }
    if f.which != Which::Appointments {
        let (facts, _) = store.said::<Member>(FactKind::Member, None)?;
        for (r, m) in facts {
            out.push(PersonRow {
                date: doc_date(&r),
                person: m.person,
                what: "member",
                post: m.title,
                organ: None,
                role: Some(m.role),
                group: Some(m.group),
                decided_by: None,
                slug: slug_of(&r.doc),
                line: m.line,
                page: r.page,
                doc: r.doc,
            });
        }
    }
    out.retain(|r| r.keep(f));
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.doc.key.cmp(&b.doc.key)).then(a.line.cmp(&b.line)));
    Ok(out)
}

fn form(p: &Params) -> Markup {
    let field = |k: &str| p.get(k).cloned().unwrap_or_default();
    let what = field("what");
    html! {
        form.filters method="get" action="/people" {
            label { (words::NAME) input name="name" value=(field("name")); }
            label { (words::POST) input name="post" value=(field("post")); }
            label { (words::ORGAN) input name="organ" value=(field("organ")); }
            label { (words::FROM) input type="date" name="from" value=(field("from")); }
            label { (words::UNTIL) input type="date" name="until" value=(field("until")); }
            label { (words::WHAT) select name="what" {
                @for (w, s) in Which::ALL { option value=(s) selected[what == s] { (w.label()) } }
            } }
            button type="submit" { (words::SUBMIT) }
        }
    }
}

fn row(r: &PersonRow) -> Markup {
    html! {
        tr data-what=(r.what) {
            td.person translate="no" { (r.person) }
            td.what { (what_label(r.what)) @if let Some(role) = &r.role { "（" span translate="no" { (role) } "）" } }
            td.post translate="no" { (r.post) }
            td.organ translate="no" { (r.organ.as_deref().or(r.group.as_deref()).unwrap_or("")) }
            td.date { (r.date.map(|d| d.to_string()).unwrap_or_default()) }
            td.source { a href=(format!("{}#L{}", doc_href(&r.slug), r.line)) translate="no" { (r.doc.doc_number.as_deref().unwrap_or(&r.doc.title)) } (crate::pages::page_mark(r.page)) }
        }
    }
}

async fn people_page(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    let (filter, page_no) = match (PeopleFilter::from_params(&p), params::number(&p, "page", "页码")) {
        (Ok(f), Ok(n)) => (f, n.unwrap_or(1usize).max(1)),
        (Err(e), _) | (_, Err(e)) => return error_page(e),
    };
    let (all, found) = match blocking(move || {
        app.with_store(|s| {
            let everyone = PeopleFilter { name: None, post: None, organ: None, from: None, until: None, which: filter.which };
            Ok((rows(s, &everyone)?.len(), rows(s, &filter)?))
        })
    })
    .await
    {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let pages = found.len().div_ceil(PER_PAGE).max(1);
    let page_no = page_no.min(pages);
    let q = params::query_without_page(&p);
    let body = html! {
        h1 { (words::TITLE) }
        p.hint { (words::HINT) }
        (form(&p))
        p.summary #summary data-rows=(found.len()) { (words::summary(found.len(), all)) }
        div.scroll { table.data.people {
            thead { tr { th { (words::NAME) } th { (words::ACTION) } th { (words::POST) } th { (words::ORGAN) } th { (words::DATE) } th { (words::SOURCE) } } }
            tbody { @for r in found.iter().skip((page_no - 1) * PER_PAGE).take(PER_PAGE) { (row(r)) } }
        } }
        (crate::pages::pager(|n| format!("/people?{q}&page={n}"), page_no, pages))
    };
    page(words::TITLE, body).into_response()
}
