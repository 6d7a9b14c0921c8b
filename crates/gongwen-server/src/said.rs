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
use gongwen_model::{Date, Table};
use gongwen_store::query::{DocRef, FactRow};
use gongwen_store::said::{in_force, Statuses};
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

/// At most this many items per answer; `offset` pages on.
const PAGE: usize = 500;

/// Stored text was masked when it was read: output needs no second pass.
fn to_json(v: impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}

fn row(f: &FactRow, kind: &str, item: impl Serialize) -> Value {
    to_json(json!({ "doc_number": f.doc.doc_number, "title": f.doc.title, "key": f.doc.key, "source": f.source, "line": f.line, kind: item }))
}

fn items<T: DeserializeOwned>(store: &Store, kind: &str) -> Result<Vec<(FactRow, T)>, ApiError> {
    Ok(store.said(kind, None)?.0)
}

fn page(p: &Params, rows: Vec<Value>) -> Result<Value, ApiError> {
    let offset: usize = params::number(p, "offset", "a count")?.unwrap_or(0);
    let total = rows.len();
    Ok(json!({ "total": total, "offset": offset, "items": rows.into_iter().skip(offset).take(PAGE).collect::<Vec<_>>() }))
}

async fn measures(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<Value>, ApiError> {
    let on = params::date(&p, "in_force_on")?;
    let min: Option<f64> = params::number(&p, "min_amount", "a number of 万元")?;
    let unit = params::text(&p, "unit");
    blocking(move || {
        app.with_store(|s| {
            let mut statuses = Statuses::new(s, on.unwrap_or_else(Date::today));
            let rows = items::<Measure>(s, "measure")?
                .into_iter()
                .filter(|(_, m)| unit.as_deref().is_none_or(|u| gongwen_extract::task::units_involve(&m.units, u)))
                .filter(|(_, m)| min.is_none_or(|w| m.amount.max_yuan().is_some_and(|y| y >= w * 1e4)))
                .filter(|(f, _)| on.is_none() || in_force(&statuses.of(&f.doc)))
                .map(|(f, m)| row(&f, "measure", &m))
                .collect();
            page(&p, rows)
        })
    })
    .await
    .map(Json)
}

async fn tasks(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<Value>, ApiError> {
    let due: Option<Date> = params::date(&p, "due_before")?;
    let unit = params::text(&p, "unit");
    blocking(move || {
        app.with_store(|s| {
            let rows = items::<Task>(s, "task")?
                .into_iter()
                .filter(|(_, t)| unit.as_deref().is_none_or(|u| t.involves(u)))
                .filter(|(_, t)| due.is_none_or(|d| t.due_by(d)))
                .map(|(f, t)| row(&f, "task", &t))
                .collect();
            page(&p, rows)
        })
    })
    .await
    .map(Json)
}

async fn targets(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<Value>, ApiError> {
    let year: Option<u16> = params::number(&p, "year", "a year")?;
    let unit = params::text(&p, "unit");
    blocking(move || {
        app.with_store(|s| {
            let rows = items::<Target>(s, "target")?
                .into_iter()
                .filter(|(_, t)| year.is_none_or(|y| t.year == Some(y)))
                .filter(|(_, t)| unit.as_deref().is_none_or(|u| gongwen_extract::task::units_involve(&t.units, u)))
                .map(|(f, t)| row(&f, "target", &t))
                .collect();
            page(&p, rows)
        })
    })
    .await
    .map(Json)
}

async fn people(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Result<Json<Value>, ApiError> {
    let roster = params::flag(&p, "roster")?.unwrap_or(false);
    let person = params::text(&p, "person");
    blocking(move || {
        app.with_store(|s| {
            let rows: Vec<Value> = if roster {
                items::<Member>(s, "member")?.into_iter().filter(|(_, m)| person.as_deref().is_none_or(|x| m.person == x)).map(|(f, m)| row(&f, "member", &m)).collect()
            } else {
                items::<Appointment>(s, "appointment")?.into_iter().filter(|(_, a)| person.as_deref().is_none_or(|x| a.person == x)).map(|(f, a)| row(&f, "appointment", &a)).collect()
            };
            page(&p, rows)
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
    fn typed<T: DeserializeOwned>(rows: Vec<FactRow>) -> Vec<T> {
        rows.into_iter()
            .filter_map(|f| serde_json::from_str::<Value>(&f.body).ok())
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect()
    }
    app.with_store(|s| {
        Ok(Said {
            tables,
            measures: typed(s.facts("measure", Some(d))?),
            tasks: typed(s.facts("task", Some(d))?),
            targets: typed(s.facts("target", Some(d))?),
            appointments: typed(s.facts("appointment", Some(d))?),
            members: typed(s.facts("member", Some(d))?),
        })
    })
}

async fn doc_said(State(app): State<Arc<App>>, Path(slug): Path<String>) -> Result<Json<Value>, ApiError> {
    blocking(move || said_of(&app, &slug).map(|s| serde_json::to_value(s).unwrap_or_default())).await.map(Json)
}

async fn find(State(app): State<Arc<App>>, Query(p): Query<Params>, body: axum::body::Bytes) -> Result<Json<Value>, ApiError> {
    let profile: Profile = serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("request body: {e}; expected an enterprise profile (see /api/openapi.json)")))?;
    let on = params::date(&p, "on")?.unwrap_or_else(Date::today);
    let all = params::flag(&p, "all")?.unwrap_or(false);
    blocking(move || app.with_store(|s| Ok(s.find_support(&profile, on, all)?))).await.map(|f| Json(to_json(json!({ "on": on, "found": f }))))
}
