//! Reading-room views of what documents say: a document's tables, tasks,
//! measures, targets and rosters, and the policy finder form.

use crate::params::{self, Params};
use crate::said::Said;
use crate::{blocking, App};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gongwen_extract::finder::{Profile, Verdict};
use gongwen_extract::{Deadline, Task};
use gongwen_model::{Date, Table};
use maud::{html, Markup};
use std::sync::Arc;

fn deadline(d: &Option<Deadline>) -> String {
    d.as_ref().map_or("—".into(), |d| d.to_string())
}

fn units(t: &Task) -> Markup {
    html! { @for u in t.units.iter().filter(|u| u.via.is_none()) { span.unit data-role=(format!("{:?}", u.role).to_lowercase()) { (u.role.label()) "：" span translate="no" { (u.name) } } " " } }
}

/// The page of a source line of the document shown, when it has pages.
type PageOf<'a> = &'a dyn Fn(usize) -> Option<u32>;

fn table(i: usize, t: &Table, page_of: PageOf) -> Markup {
    html! {
        figure.table id=(format!("T{i}")) {
            figcaption { "表" (i) " " span translate="no" { (t.caption.as_deref().unwrap_or("")) } " " span.src { "（" @if let Some(p) = page_of(t.line_start) { "第" (p) "页，" } "第 " (t.line_start) "–" (t.line_end) " 行，共 " (t.rows.len()) " 行）" } }
            div.scroll translate="no" { table.data {
                @if t.columns.iter().any(|c| !c.name.is_empty()) { thead { tr { @for c in &t.columns { th { (c.name) } } } } }
                tbody { @for r in &t.rows { tr title=(r.groups.join(" / ")) { @for c in &r.cells { td { (c) } } } } }
            } }
            @for n in &t.notes { p.note translate="no" { (n) } }
            @if !t.checks.is_empty() {
                @let bad: Vec<_> = t.checks.iter().filter(|c| !c.ok).collect();
                p.checks data-ok=(bad.is_empty()) {
                    "核对 " (t.checks.len()) " 处合计/人数，" (t.checks.len() - bad.len()) " 处相符"
                    @for c in &bad { br; "✗ " span translate="no" { (c.subject) } "：声明 " (c.stated) "，实计 " (c.counted) "（第 " (c.line) " 行）" }
                }
            }
        }
    }
}

/// The sections under a document's body; nothing when it says nothing.
pub fn said_view(s: &Said, page_of: PageOf) -> Markup {
    html! {
        @if !s.measures.is_empty() {
            section.said #measures {
                h2 { "惠企措施（" (s.measures.len()) "）" }
                table.data { thead { tr { th { "条目" } th { "措施" } th { "金额" } th { "条件" } th { "出处" } } }
                    tbody { @for m in &s.measures { tr {
                        td translate="no" { (m.node.join("")) } td translate="no" { (m.heading.as_deref().unwrap_or("")) } td.amount { span translate="no" { (m.amount) } @if m.one_off { "，一次性" } @if m.per_year { "，每年" } }
                        td translate="no" { (m.condition) } td { a href=(format!("#L{}", m.line)) { (m.line) } (crate::pages::page_mark(page_of(m.line))) }
                    } } }
                }
            }
        }
        @if !s.tasks.is_empty() {
            section.said #tasks {
                h2 { "任务分工（" (s.tasks.len()) "）" }
                table.data { thead { tr { th { "条目" } th { "任务" } th { "单位" } th { "时限" } } }
                    tbody { @for t in &s.tasks { tr id=(format!("task-{}", t.line)) {
                        td translate="no" { (t.node.join("")) (crate::pages::page_mark(page_of(t.line))) } td translate="no" { (t.text.chars().take(120).collect::<String>()) } td { (units(t)) } td.deadline translate="no" { (deadline(&t.deadline)) }
                    } } }
                }
            }
        }
        @if !s.targets.is_empty() {
            section.said #targets {
                h2 { "目标指标（" (s.targets.len()) "）" }
                ul { @for t in &s.targets { li {
                    (t.year.map(|y| format!("{y}年 ")).unwrap_or_default()) span translate="no" { (t.metric) " " (t.bound.as_deref().unwrap_or("")) (t.value) (t.unit) }
                    @if t.aspirational { " " span.tag { "力争/预期" } }
                } } }
            }
        }
        @if !s.members.is_empty() {
            section.said #roster {
                h2 { "组成人员（" (s.members.len()) "）" }
                table.data translate="no" { tbody { @for m in &s.members { tr { td { (m.role) } td { (m.person) } td { (m.title) } } } } }
            }
        }
        @if !s.tables.is_empty() {
            section.said #tables {
                h2 { "表格（" (s.tables.len()) "）" }
                @for (i, t) in s.tables.iter().enumerate() { (table(i + 1, t, page_of)) }
            }
        }
    }
}

fn profile_of(p: &Params) -> Result<Profile, crate::ApiError> {
    let list = |k: &str| params::text(p, k).map(|s| s.split(['，', ',', '、', ' ']).map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect()).unwrap_or_default();
    Ok(Profile {
        name: params::text(p, "name"),
        industry: list("industry"),
        district: params::text(p, "district"),
        revenue_wan: params::number(p, "revenue_wan", "万元数")?,
        registered_capital_wan: params::number(p, "registered_capital_wan", "万元数")?,
        employees: params::number(p, "employees", "数字")?,
        planned_investment_wan: params::number(p, "planned_investment_wan", "万元数")?,
        certifications: list("certifications"),
    })
}

/// `/find`: the enterprise profile as a form; results below it.
pub async fn finder_page(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    let field = |k: &str| p.get(k).cloned().unwrap_or_default();
    let form = html! {
        h1 { "政策匹配" }
        p.hint { "填写企业情况，列出查看日期现行有效、可能适用的惠企措施：已满足的条件、不满足的条件，以及需要人工核实的条件。未填写的项目不会被当作满足。" }
        form.finder method="get" action="/find" {
            label { "行业关键词 " input name="industry" value=(field("industry")) placeholder="商业航天，卫星"; }
            label { "所在区 " input name="district" value=(field("district")) placeholder="东湖高新区"; }
            label { "营业收入（万元） " input name="revenue_wan" value=(field("revenue_wan")); }
            label { "注册资本（万元） " input name="registered_capital_wan" value=(field("registered_capital_wan")); }
            label { "员工人数 " input name="employees" value=(field("employees")); }
            label { "计划投资（万元） " input name="planned_investment_wan" value=(field("planned_investment_wan")); }
            label { "资质 " input name="certifications" value=(field("certifications")) placeholder="专精特新“小巨人”，高新技术企业"; }
            label { "查看日期 " input type="date" name="on" value=(field("on")); }
            button type="submit" { "匹配" }
        }
    };
    if p.is_empty() {
        return crate::pages::page("政策匹配", form).into_response();
    }
    let (profile, on) = match (profile_of(&p), params::date(&p, "on")) {
        (Ok(pr), Ok(on)) => (pr, on.unwrap_or_else(Date::today)),
        (Err(e), _) | (_, Err(e)) => return crate::pages::error_page(e),
    };
    let found = match blocking(move || app.with_store(|s| Ok(s.find_support(&profile, on, false)?))).await {
        Ok(f) => f,
        Err(e) => return crate::pages::error_page(e),
    };
    let verdict = |v: &Verdict| match v {
        Verdict::Meets => ("meets", "符合"),
        Verdict::ToCheck => ("to_check", "待人工核实"),
        Verdict::NotMet => ("not_met", "不符合"),
    };
    let body = html! {
        (form)
        h2 { (on.to_string()) " 现行有效、可能适用的措施（" (found.len()) "）" }
        ol.found {
            @for f in &found {
                @let a = &f.assessment;
                @let (cls, label) = verdict(&a.verdict);
                li {
                    span.verdict data-verdict=(cls) { (label) } " "
                    a href=(format!("{}#L{}", crate::pages::doc_href(f.doc_number.as_deref().unwrap_or(&f.title)), f.measure.line)) translate="no" { (f.doc_number.as_deref().unwrap_or(&f.title)) " " (f.measure.node.join("")) } " "
                    span translate="no" { (f.measure.heading.as_deref().unwrap_or("")) "：" (f.measure.amount) }
                    p.max { "最高可得：" (a.max_yuan.map(|y| format!("{}万元", y / 1e4)).unwrap_or("无法计算".into())) " " span.src translate="no" { (a.how.as_deref().unwrap_or("")) } }
                    ul {
                        @for m in &a.met { li.met { "✓ " span translate="no" { (m) } } }
                        @for m in &a.to_check { li.check { "? " span translate="no" { (m) } } }
                    }
                }
            }
        }
    };
    crate::pages::page("政策匹配", body).into_response()
}
