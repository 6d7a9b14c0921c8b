//! What documents say, over HTTP: measures, tasks, targets, people and
//! rosters across the store, one document's tables and items, and the policy
//! finder. Every string is masked (phone and ID numbers) on the way out.

use crate::params::{self, Params};
use crate::{blocking, ApiError, App};
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use gongwen_extract::finder::Profile;
use gongwen_extract::{Appointment, Measure, Member, Target, Task};
use gongwen_model::{Date, FactKind, Table};
use gongwen_store::query::{DocRef, FactRow};
use gongwen_store::said::Statuses;
use gongwen_store::Store;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/measures", get(measures))
        .route("/api/tasks", get(tasks))
        .route("/api/targets", get(targets))
        .route("/api/people", get(people))
        .route("/api/docs/{slug}/said", get(doc_said))
        .route("/api/find", post(find))
}

/// Stored text was masked when it was read: output needs no second pass.
fn to_json(v: impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}

fn row(f: &FactRow, kind: FactKind, item: impl Serialize) -> Value {
    json!({ "doc_number": f.doc.doc_number, "title": f.doc.title, "key": f.doc.key, "source": f.source, "line": f.line, "page": f.page, kind.as_str(): item })
}

/// One page of the items of `kind` that `keep` accepts, with how many there
/// are in all. Rows are read one at a time and only the page's are turned
/// into JSON; without a filter the store pages with LIMIT/OFFSET and nothing
/// else is read.
fn page_of<T: DeserializeOwned + Serialize>(store: &Store, kind: FactKind, page: params::Page, filtered: bool, mut keep: impl FnMut(&FactRow, &T) -> bool) -> Result<Value, ApiError> {
    let mut items = Vec::new();
    let total = if filtered {
        let mut total = 0;
        store.each_fact(kind, None, |f| {
            let Ok(item) = serde_json::from_str::<T>(&f.body) else { return true };
            if keep(&f, &item) {
                if total >= page.offset && items.len() < page.limit {
                    items.push(row(&f, kind, &item));
                }
                total += 1;
            }
            true
        })?;
        total
    } else {
        let (rows, total) = store.facts_page(kind, page.offset, page.limit)?;
        items = rows.iter().map(|f| serde_json::from_str::<Value>(&f.body).map(|item| row(f, kind, item)).unwrap_or_default()).collect();
        total
    };
    Ok(json!({ "total": total, "offset": page.offset, "limit": page.limit, "items": items }))
}

async fn measures(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<Value>, ApiError> {
    let on = params::date(&p, "in_force_on")?;
    let min: Option<f64> = params::number(&p, "min_amount", "万元数")?;
    let unit = params::text(&p, "unit");
    // kind, issuer, beneficiary: as on the /measures page.
    let filter = crate::measures_page::MeasureFilter::from_params(&p)?;
    let page = params::page(&p)?;
    blocking(move || {
        app.with_store(|s| {
            let mut statuses = Statuses::new(s, on.unwrap_or_else(Date::today));
            let needle = filter.issuer.as_deref().map(|i| s.knowledge().issuer_needle(i));
            let filtered = on.is_some() || min.is_some() || unit.is_some() || filter.kind.is_some() || needle.is_some() || !filter.beneficiary.is_empty();
            // A status the store cannot give ends the request with its error.
            let mut failed = None;
            let page = page_of::<Measure>(s, FactKind::Measure, page, filtered, |f, m| {
                unit.as_deref().is_none_or(|u| gongwen_extract::task::units_involve(&m.units, u))
                    && min.is_none_or(|w| m.amount.max_yuan().is_some_and(|y| y >= w * 1e4))
                    && filter.keeps(needle.as_deref(), &f.doc.issuer, gongwen_model::Status::InForce, m)
                    && (on.is_none()
                        || match statuses.of(&f.doc) {
                            Ok(status) => status.is_live(),
                            Err(e) => {
                                failed.get_or_insert(e);
                                false
                            }
                        })
            });
            match failed {
                Some(e) => Err(e.into()),
                None => page,
            }
        })
    })
    .await
    .map(Json)
}

async fn tasks(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<Value>, ApiError> {
    let due: Option<Date> = params::date(&p, "due_before")?;
    let unit = params::text(&p, "unit");
    let page = params::page(&p)?;
    blocking(move || {
        app.with_store(|s| {
            let filtered = due.is_some() || unit.is_some();
            page_of::<Task>(s, FactKind::Task, page, filtered, |_, t| unit.as_deref().is_none_or(|u| t.involves(u)) && due.is_none_or(|d| t.due_by(d)))
        })
    })
    .await
    .map(Json)
}

async fn targets(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<Value>, ApiError> {
    let year: Option<u16> = params::number(&p, "year", "年份")?;
    let unit = params::text(&p, "unit");
    let page = params::page(&p)?;
    blocking(move || {
        app.with_store(|s| {
            let filtered = year.is_some() || unit.is_some();
            page_of::<Target>(s, FactKind::Target, page, filtered, |_, t| {
                year.is_none_or(|y| t.year == Some(y)) && unit.as_deref().is_none_or(|u| gongwen_extract::task::units_involve(&t.units, u))
            })
        })
    })
    .await
    .map(Json)
}

async fn people(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<Value>, ApiError> {
    let roster = params::flag(&p, "roster")?.unwrap_or(false);
    let person = params::text(&p, "person");
    // Parts of a name, a post, an organ: as on the /people page.
    let (name, post, organ) = (params::text(&p, "name"), params::text(&p, "post"), params::text(&p, "organ"));
    let page = params::page(&p)?;
    let has = |needle: &Option<String>, hay: &[&str]| needle.as_deref().is_none_or(|n| hay.iter().any(|h| h.contains(n)));
    blocking(move || {
        app.with_store(|s| {
            let filtered = person.is_some() || name.is_some() || post.is_some() || organ.is_some();
            if roster {
                page_of::<Member>(s, FactKind::Member, page, filtered, |_, m| {
                    person.as_deref().is_none_or(|x| m.person == x) && has(&name, &[&m.person]) && has(&post, &[&m.title, &m.role]) && has(&organ, &[&m.group, &m.title])
                })
            } else {
                page_of::<Appointment>(s, FactKind::Appointment, page, filtered, |_, a| {
                    person.as_deref().is_none_or(|x| a.person == x)
                        && has(&name, &[&a.person])
                        && has(&post, &[&a.post])
                        && has(&organ, &[a.organ.as_deref().unwrap_or(""), &a.post])
                })
            }
        })
    })
    .await
    .map(Json)
}

/// Everything read from one document: its tables and its items.
#[derive(Serialize)]
pub struct Said {
    pub tables: Vec<Table>,
    pub measures: Vec<Measure>,
    pub tasks: Vec<Task>,
    pub targets: Vec<Target>,
    pub appointments: Vec<Appointment>,
    pub members: Vec<Member>,
    /// Stored items that did not read back (written by another version):
    /// counted, never silently dropped.
    #[serde(skip_serializing_if = "is_zero")]
    pub unreadable: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One document's tables and items, masked for output.
pub(crate) fn said_of(app: &App, slug: &str) -> Result<Said, ApiError> {
    let d = app.doc_by_slug(slug)?.doc_ref();
    let tables = app.with_store(|s| Ok(s.document(&d)?))?.map(|doc| doc.tables);
    said_with(app, &d, tables.unwrap_or_default())
}

/// The stored items of `d`, masked, beside tables the caller already has
/// (the document page has loaded and masked the document).
pub(crate) fn said_with(app: &App, d: &DocRef, tables: Vec<Table>) -> Result<Said, ApiError> {
    /// The items of `rows`, and how many rows did not read back.
    fn read<T: DeserializeOwned>(s: &gongwen_store::Store, kind: FactKind, d: &DocRef, unreadable: &mut usize) -> Result<Vec<T>, gongwen_store::StoreError> {
        let (rows, skipped) = s.said::<T>(kind, Some(d))?;
        *unreadable += skipped;
        Ok(rows.into_iter().map(|(_, t)| t).collect())
    }
    app.with_store(|s| {
        let mut n = 0;
        Ok(Said {
            tables,
            measures: read(s, FactKind::Measure, d, &mut n)?,
            tasks: read(s, FactKind::Task, d, &mut n)?,
            targets: read(s, FactKind::Target, d, &mut n)?,
            appointments: read(s, FactKind::Appointment, d, &mut n)?,
            members: read(s, FactKind::Member, d, &mut n)?,
            unreadable: n,
        })
    })
}

async fn doc_said(State(app): State<Arc<App>>, Path(slug): Path<String>) -> Result<Json<Value>, ApiError> {
    blocking(move || said_of(&app, &slug).map(|s| serde_json::to_value(s).unwrap_or_default())).await.map(Json)
}

async fn find(State(app): State<Arc<App>>, Query(p): Query<Params>, headers: axum::http::HeaderMap, body: axum::body::Bytes) -> Result<Json<Value>, ApiError> {
    crate::guard::require_json(&headers)?;
    let profile: Profile = serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(crate::msg::bad_body(&e, "企业情况（见 /api/openapi.json）")))?;
    let on = params::date(&p, "on")?.unwrap_or_else(Date::today);
    let all = params::flag(&p, "all")?.unwrap_or(false);
    blocking(move || app.with_store(|s| Ok(s.find_support(&profile, on, all)?))).await.map(|f| Json(to_json(json!({ "on": on, "found": f }))))
}
