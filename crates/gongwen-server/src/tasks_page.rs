//! `/tasks`: the task ledger for a 督查室 — filter by unit, role, deadline,
//! overdue and the document's status; download the filtered list as CSV or
//! as a calendar (`/tasks.csv`, `/tasks.ics`). Each task links to its row
//! on its document's page.

use crate::ledger::{self, TaskFilter, TaskRow};
use crate::pages::{badge, doc_href, error_page, page, page_mark};
use crate::params::{self, Params};
use crate::{blocking, msg, ApiError, App};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gongwen_extract::Role;
use gongwen_model::{Date, Status};
use maud::{html, Markup};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/tasks", get(tasks_page)).route("/tasks.csv", get(tasks_csv)).route("/tasks.ics", get(tasks_ics))
}

/// Tasks per page of `/tasks`.
const PER_PAGE: usize = 50;

const ROLES: [(Role, &str); 4] = [(Role::Lead, "lead"), (Role::Responsible, "responsible"), (Role::Cooperating, "cooperating"), (Role::Guiding, "guiding")];

/// The filter and the ledger's date, from the query string.
struct Request {
    filter: TaskFilter,
    on: Date,
    page: usize,
}

fn request(p: &Params) -> Result<Request, ApiError> {
    let role = match params::text(p, "role") {
        None => None,
        Some(r) => Some(ROLES.iter().find(|(_, s)| *s == r).map(|(role, _)| *role).ok_or_else(|| {
            ApiError::bad_request(msg::param_not_one_of("role", &r, &ROLES.map(|(_, s)| s).join(", ")))
        })?),
    };
    let status = match params::text(p, "status").as_deref() {
        None => None,
        // `live` (in force, amended or not) is the in_force of earlier releases.
        Some("live") => Some(Status::InForce),
        Some(s) => Some(s.parse::<Status>().map_err(|_| ApiError::bad_request(msg::param_not_one_of("status", s, &Status::ALL.map(Status::as_str).join(", "))))?),
    };
    let filter = TaskFilter {
        unit: params::text(p, "unit"),
        role,
        due_before: params::date(p, "due_before")?,
        due_after: params::date(p, "due_after")?,
        overdue: params::flag(p, "overdue")?.unwrap_or(false),
        status,
    };
    let page = params::number(p, "page", "页码")?.unwrap_or(1usize).max(1);
    Ok(Request { filter, on: params::date(p, "on")?.unwrap_or_else(Date::today), page })
}

async fn load(app: Arc<App>, p: &Params) -> Result<(Request, Vec<TaskRow>), ApiError> {
    let r = request(p)?;
    let (filter, on) = (r.filter.clone(), r.on);
    let rows = blocking(move || app.with_store(|s| Ok(ledger::tasks(s, &filter, on)?.0))).await?;
    Ok((r, rows))
}

fn form(p: &Params) -> Markup {
    let field = |k: &str| p.get(k).cloned().unwrap_or_default();
    let role = field("role");
    let status = field("status");
    html! {
        form.tasks method="get" action="/tasks" {
            label { "单位 " input name="unit" value=(field("unit")) placeholder="市民政局"; }
            label { "角色 " select name="role" {
                option value="" { "全部" }
                @for (r, s) in ROLES { option value=(s) selected[role == s] { (r.label()) } }
            } }
            label { "截止不晚于 " input type="date" name="due_before" value=(field("due_before")); }
            label { "截止不早于 " input type="date" name="due_after" value=(field("due_after")); }
            label { "文件状态 " select name="status" {
                option value="" { "全部" }
                @for s in Status::ALL { option value=(s.as_str()) selected[status == s.as_str()] { (s.label_zh()) } }
            } }
            label { input type="checkbox" name="overdue" value="1" checked[field("overdue") == "1"]; " 只看逾期" }
            label { "查看日期 " input type="date" name="on" value=(field("on")); }
            button type="submit" { "筛选" }
        }
    }
}

fn row(r: &TaskRow) -> Markup {
    let (f, t) = (&r.fact, &r.task);
    let slug = gongwen_index::slug(&f.doc.key, f.doc.doc_number.as_deref(), f.doc.date.as_deref());
    let node = if t.node.is_empty() { "正文".to_string() } else { t.node.join("") };
    html! {
        tr data-overdue=(r.overdue) {
            td.doc { a href=(doc_href(&slug)) translate="no" { (f.doc.doc_number.as_deref().unwrap_or(&f.doc.title)) } }
            td.node { a href=(format!("{}#task-{}", doc_href(&slug), t.line)) translate="no" { (node) } (page_mark(f.page)) }
            td.text translate="no" { (t.text.chars().take(160).collect::<String>()) }
            td.units { @for u in t.units.iter().filter(|u| u.via.is_none()) { span.unit { (u.role.label()) "：" span translate="no" { (u.name) } } " " } }
            td.deadline {
                @if let Some(d) = &t.deadline { span translate="no" { (d.text()) } @if let Some(date) = d.date() { br; (date.to_string()) } }
                @else { "—" }
                @if r.overdue { " " span.overdue { "逾期" } }
            }
            td { (badge(r.status)) }
        }
    }
}

fn view(p: &Params, req: &Request, rows: &[TaskRow]) -> Markup {
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let pages = rows.len().div_ceil(PER_PAGE).max(1);
    let page_no = req.page.min(pages);
    let q = params::query_without_page(p);
    let shown = rows.iter().skip((page_no - 1) * PER_PAGE).take(PER_PAGE);
    html! {
        h1 { "任务督办" }
        (form(p))
        p.summary {
            "共 " strong #total { (rows.len()) } " 项任务，其中逾期 " strong #overdue { (overdue) } " 项（按 " (req.on.to_string()) " 计；逾期指截止日期已过而文件仍现行有效）"
        }
        p.downloads {
            a.download href=(format!("/tasks.csv?{q}")) download { "下载 CSV" }
            " "
            a.download href=(format!("/tasks.ics?{q}")) download { "下载日历（ICS）" }
        }
        div.scroll {
            table.data.ledger {
                thead { tr { th { "文件" } th { "条目" } th { "任务" } th { "单位" } th { "时限" } th { "文件状态" } } }
                tbody { @for r in shown { (row(r)) } }
            }
        }
        (crate::pages::pager(|n| format!("/tasks?{q}&page={n}"), page_no, pages))
    }
}

async fn tasks_page(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    match load(app, &p).await {
        Ok((req, rows)) => page("任务督办", view(&p, &req, &rows)).into_response(),
        Err(e) => error_page(e),
    }
}

fn download(ctype: &str, name: String, body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, ctype.to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))], body).into_response()
}

async fn tasks_csv(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    let (req, rows) = match load(app, &p).await {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let mut out = Vec::new();
    if let Err(e) = crate::register::write_csv(&mut out, &ledger::CSV_HEADER, rows.iter().map(ledger::csv_cells)) {
        return error_page(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, msg::export_failed("任务 CSV ", &e)));
    }
    download("text/csv; charset=utf-8", format!("gongwen-tasks-{}.csv", req.on), out)
}

async fn tasks_ics(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    let (req, rows) = match load(app, &p).await {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let (cal, _) = ledger::calendar(&rows, req.on, &|s| s.to_string());
    download("text/calendar; charset=utf-8", format!("gongwen-tasks-{}.ics", req.on), cal.to_string().into_bytes())
}
