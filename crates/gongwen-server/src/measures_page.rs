//! `/measures`: the support measures read from every document (the data of
//! `gongwen measures` and the finder) — filter by kind, issuer, words of the
//! beneficiary and documents in force; grouped by document, documents ranked
//! by the largest amount one of their measures gives; `/measures.csv` is the
//! filtered list for a spreadsheet (BOM, Chinese header).

use crate::msg::measures as words;
use crate::pages::{badge, doc_href, error_page, page};
use crate::params::{self, Params};
use crate::{blocking, msg, ApiError, App};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gongwen_extract::Measure;
use gongwen_model::{Date, FactKind, MeasureKind, Status};
use gongwen_store::query::DocRef;
use gongwen_store::said::Statuses;
use gongwen_store::Store;
use maud::{html, Markup};
use std::collections::HashMap;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/measures", get(measures_page)).route("/measures.csv", get(measures_csv))
}

/// Documents per page of `/measures`.
const PER_PAGE: usize = 20;

/// What a reader filters measures by.
#[derive(Debug, Clone, Default)]
pub struct MeasureFilter {
    pub kind: Option<MeasureKind>,
    /// Through the alias table (市经信局 → 武汉市经济和信息化局); any organ whose name holds it.
    pub issuer: Option<String>,
    /// Words any of which the beneficiary or the condition holds (企业 人才).
    pub beneficiary: Vec<String>,
    /// Only documents in force (amended or not) on the date.
    pub in_force: bool,
}

impl MeasureFilter {
    pub fn from_params(p: &Params) -> Result<MeasureFilter, ApiError> {
        let kind = params::text(p, "kind")
            .map(|k| k.parse::<MeasureKind>().map_err(|_| ApiError::bad_request(msg::param_not_one_of("kind", &k, &MeasureKind::ALL.map(MeasureKind::as_str).join(", ")))))
            .transpose()?;
        let beneficiary = params::text(p, "beneficiary")
            .map(|s| s.split(['，', ',', '、', ' ', '　']).map(str::trim).filter(|w| !w.is_empty()).map(String::from).collect())
            .unwrap_or_default();
        Ok(MeasureFilter { kind, issuer: params::text(p, "issuer"), beneficiary, in_force: params::flag(p, "in_force")?.unwrap_or(false) })
    }

    /// Does a measure of a document with this issuer and status pass?
    pub(crate) fn keeps(&self, needle: Option<&str>, issuer: &str, status: Status, m: &Measure) -> bool {
        let words = format!("{}\n{}", m.beneficiary.as_deref().unwrap_or(""), m.condition);
        self.kind.is_none_or(|k| m.kind == k)
            && needle.is_none_or(|n| issuer.contains(n))
            && (self.beneficiary.is_empty() || self.beneficiary.iter().any(|w| words.contains(w.as_str())))
            && (!self.in_force || status.is_live())
    }
}

/// One document's measures that passed, most money first.
#[derive(Debug, Clone)]
pub struct DocMeasures {
    pub doc: DocRef,
    pub slug: String,
    pub status: Status,
    pub measures: Vec<Measure>,
    /// The page each measure was printed on (paged sources), by its line.
    pub pages: HashMap<usize, u32>,
    /// The largest amount one of its measures gives, in 元.
    pub max_yuan: Option<f64>,
}

/// Every document with measures that pass `filter`, its status on `on`;
/// documents ranked by their largest amount (those with none stated last).
pub fn grouped(store: &Store, filter: &MeasureFilter, on: Date) -> Result<Vec<DocMeasures>, ApiError> {
    let (facts, _) = store.said::<Measure>(FactKind::Measure, None)?;
    let needle = filter.issuer.as_deref().map(|i| store.knowledge().issuer_needle(i));
    let mut statuses = Statuses::new(store, on);
    let mut at: HashMap<i64, usize> = HashMap::new();
    let mut out: Vec<DocMeasures> = Vec::new();
    for (f, m) in facts {
        let status = statuses.of(&f.doc)?;
        if !filter.keeps(needle.as_deref(), &f.doc.issuer, status, &m) {
            continue;
        }
        let i = *at.entry(f.doc.id).or_insert_with(|| {
            let slug = gongwen_index::slug(&f.doc.key, f.doc.doc_number.as_deref(), f.doc.date.as_deref());
            out.push(DocMeasures { doc: f.doc.clone(), slug, status, measures: Vec::new(), pages: Default::default(), max_yuan: None });
            out.len() - 1
        });
        let d = &mut out[i];
        if let Some(y) = m.amount.max_yuan() {
            d.max_yuan = Some(d.max_yuan.map_or(y, |x| x.max(y)));
        }
        if let Some(p) = f.page {
            d.pages.insert(m.line, p);
        }
        d.measures.push(m);
    }
    let most = |m: &Measure| m.amount.max_yuan().unwrap_or(-1.0);
    for d in &mut out {
        d.measures.sort_by(|a, b| most(b).total_cmp(&most(a)).then(a.line.cmp(&b.line)));
    }
    out.sort_by(|a, b| b.max_yuan.unwrap_or(-1.0).total_cmp(&a.max_yuan.unwrap_or(-1.0)).then_with(|| b.doc.date.cmp(&a.doc.date)));
    Ok(out)
}

/// The cells of one measure, in [`words::CSV_HEADER`] order.
fn csv_cells(d: &DocMeasures, m: &Measure) -> Vec<String> {
    vec![
        d.doc.doc_number.clone().unwrap_or_default(),
        d.doc.title.clone(),
        d.doc.issuer.clone(),
        d.doc.date.clone().unwrap_or_default(),
        d.status.label_zh().to_string(),
        m.node.join(""),
        m.kind.label_zh().to_string(),
        m.heading.clone().unwrap_or_default(),
        m.amount.to_string(),
        m.amount.max_yuan().map(|y| format!("{}", y / 1e4)).unwrap_or_default(),
        m.beneficiary.clone().unwrap_or_default(),
        m.condition.clone(),
    ]
}

struct Request {
    filter: MeasureFilter,
    on: Date,
    page: usize,
}

fn request(p: &Params) -> Result<Request, ApiError> {
    Ok(Request {
        filter: MeasureFilter::from_params(p)?,
        on: params::date(p, "on")?.unwrap_or_else(Date::today),
        page: params::number(p, "page", "页码")?.unwrap_or(1usize).max(1),
    })
}

async fn load(app: Arc<App>, p: &Params) -> Result<(Request, Vec<DocMeasures>), ApiError> {
    let r = request(p)?;
    let (filter, on) = (r.filter.clone(), r.on);
    let docs = blocking(move || app.with_store(|s| grouped(s, &filter, on))).await?;
    Ok((r, docs))
}

fn form(p: &Params) -> Markup {
    let field = |k: &str| p.get(k).cloned().unwrap_or_default();
    let kind = field("kind");
    html! {
        form.filters method="get" action="/measures" {
            label { (words::KIND) select name="kind" {
                option value="" { (words::ALL) }
                @for k in MeasureKind::ALL { option value=(k.as_str()) selected[kind == k.as_str()] { (k.label_zh()) } }
            } }
            label { (words::ISSUER) input name="issuer" value=(field("issuer")) placeholder=(words::ISSUER_PLACEHOLDER); }
            label { (words::BENEFICIARY) input name="beneficiary" value=(field("beneficiary")) placeholder=(words::BENEFICIARY_PLACEHOLDER); }
            label { (words::ON) input type="date" name="on" value=(field("on")); }
            label.check { input type="checkbox" name="in_force" value="1" checked[field("in_force") == "1"]; " " (words::IN_FORCE) }
            button type="submit" { (words::SUBMIT) }
        }
    }
}

fn amount(m: &Measure) -> Markup {
    html! { span translate="no" { (m.amount) } @if m.one_off { (words::ONE_OFF) } @if m.per_year { (words::PER_YEAR) } }
}

fn doc_block(d: &DocMeasures) -> Markup {
    html! {
        section.doc-measures data-doc=(d.slug) {
            h2 {
                a href=(doc_href(&d.slug)) translate="no" { (d.doc.title) }
                " " (badge(d.status))
            }
            p.doc-meta {
                @if let Some(n) = &d.doc.doc_number { span.docno translate="no" { (n) } " " }
                span translate="no" { (d.doc.issuer) } " "
                @if let Some(date) = &d.doc.date { span { (date) } " " }
                span.max { (words::MAX) "：" strong { (d.max_yuan.map(words::wan).unwrap_or_else(|| words::UNSTATED.to_string())) } }
            }
            div.scroll { table.data.measures {
                thead { tr { th { (words::ITEM) } th { (words::KIND) } th { (words::MEASURE) } th { (words::AMOUNT) } th { (words::BENEFICIARY_COL) } th { (words::CONDITION) } } }
                tbody { @for m in &d.measures { tr data-kind=(m.kind.as_str()) {
                    td.node { a href=(format!("{}#L{}", doc_href(&d.slug), m.line)) translate="no" { (if m.node.is_empty() { m.line.to_string() } else { m.node.join("") }) } (crate::pages::page_mark(d.pages.get(&m.line).copied())) }
                    td.kind { (m.kind.label_zh()) }
                    td translate="no" { (m.heading.as_deref().unwrap_or("")) }
                    td.amount { (amount(m)) }
                    td translate="no" { (m.beneficiary.as_deref().unwrap_or("")) }
                    td.condition translate="no" { (m.condition.chars().take(120).collect::<String>()) }
                } } }
            } }
        }
    }
}

fn view(p: &Params, req: &Request, docs: &[DocMeasures]) -> Markup {
    let items: usize = docs.iter().map(|d| d.measures.len()).sum();
    let pages = docs.len().div_ceil(PER_PAGE).max(1);
    let page_no = req.page.min(pages);
    let q = params::query_without_page(p);
    html! {
        h1 { (words::TITLE) }
        p.hint { (words::HINT) }
        (form(p))
        p.summary #summary data-docs=(docs.len()) data-items=(items) { (words::summary(docs.len(), items, &req.on.to_string())) }
        p.downloads { a.download href=(format!("/measures.csv?{q}")) download { (words::DOWNLOAD) } }
        @for d in docs.iter().skip((page_no - 1) * PER_PAGE).take(PER_PAGE) { (doc_block(d)) }
        (crate::pages::pager(|n| format!("/measures?{q}&page={n}"), page_no, pages))
    }
}

async fn measures_page(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    match load(app, &p).await {
        Ok((req, docs)) => page(words::TITLE, view(&p, &req, &docs)).into_response(),
        Err(e) => error_page(e),
    }
}

async fn measures_csv(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    let (req, docs) = match load(app, &p).await {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let rows = docs.iter().flat_map(|d| d.measures.iter().map(move |m| csv_cells(d, m)));
    let mut out = Vec::new();
    if let Err(e) = crate::register::write_csv(&mut out, &words::CSV_HEADER, rows) {
        return error_page(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, msg::export_failed("措施 CSV ", &e)));
    }
    let disposition = format!("attachment; filename=\"gongwen-measures-{}.csv\"", req.on);
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)], out).into_response()
}
