//! 新旧对照: two versions of a work side by side, article by article, at
//! `/eli/<work>/compare?old=DATE&new=DATE` (the page) and
//! `/api/eli/<work>/compare?old=…&new=…` (JSON). Without dates: the version
//! shown today against the one before it. Changes are marked inside each
//! changed article; runs of unchanged articles fold away.

use crate::eli::href;
use crate::params::{self, Params};
use crate::{msg, ApiError, App};
use axum::http::StatusCode;
use gongwen_amend::{Change, Pair, Piece};
use gongwen_model::Date;
use gongwen_store::works::WorkRef;
use maud::{html, Markup};
use serde::Serialize;

/// The last segment of a comparison's address.
pub const SEGMENT: &str = "compare";

/// One side of the comparison.
#[derive(Serialize)]
pub struct Side {
    pub date: Date,
    pub eli: String,
}

#[derive(Serialize)]
pub struct CompareView {
    pub work: WorkRef,
    pub old: Side,
    pub new: Side,
    /// Every version's date, oldest first (the choices of the form).
    pub versions: Vec<Date>,
    /// How many articles changed in each way (`same`, `changed` …).
    pub counts: std::collections::BTreeMap<&'static str, usize>,
    pub articles: Vec<Pair>,
}

/// The work address of a comparison's address (`…/compare`), if it is one.
pub fn work_address(address: &str) -> Option<&str> {
    address.strip_suffix(SEGMENT).and_then(|a| a.strip_suffix('/'))
}

pub(crate) fn load(app: &App, work_address: &str, p: &Params) -> Result<CompareView, ApiError> {
    let old = params::date(p, "old")?;
    let new = params::date(p, "new")?;
    app.with_store(|s| {
        let target = s.work_by_eli(work_address)?.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("没有地址为 `{work_address}` 的作品")))?;
        let report = s.work_report(&target.work, Date::today())?;
        let dated: Vec<Date> = report.versions.iter().filter_map(|v| v.date).collect();
        let shown = report.shown().and_then(|v| v.date);
        let new = new.or(shown).or(dated.last().copied());
        let old = old.or_else(|| new.and_then(|n| dated.iter().rev().find(|d| **d < n).copied()));
        let (Some(old), Some(new)) = (old, new) else {
            return Err(ApiError::new(StatusCode::NOT_FOUND, format!("《{}》只有一个版本，无可对照", target.work.name)));
        };
        for d in [old, new] {
            if !dated.contains(&d) {
                return Err(ApiError::new(StatusCode::NOT_FOUND, format!("《{}》没有 {d} 的版本", target.work.name)));
            }
        }
        let articles = s.compare_versions(&target.work, old, new)?;
        let mut counts = std::collections::BTreeMap::new();
        for a in &articles {
            *counts.entry(a.change.as_str()).or_default() += 1;
        }
        let side = |d: Date| Side { date: d, eli: format!("{}/{d}", target.work.eli) };
        Ok(CompareView { old: side(old), new: side(new), versions: dated, counts, articles, work: target.work })
    })
}

/// The form choosing two versions, on the work page and the comparison page.
pub(crate) fn form(work_eli: &str, versions: &[Date], old: Option<Date>, new: Option<Date>) -> Markup {
    html! {
        form.compare method="get" action=(format!("{}/{SEGMENT}", href(work_eli))) {
            label { "旧版本 " select name="old" { @for d in versions { option value=(d.to_string()) selected[Some(*d) == old] { (d) } } } }
            label { " 新版本 " select name="new" { @for d in versions { option value=(d.to_string()) selected[Some(*d) == new] { (d) } } } }
            " " button type="submit" { "新旧对照" }
        }
    }
}

fn article_text(pair: &Pair, old_side: bool) -> Markup {
    let article = if old_side { &pair.old } else { &pair.new };
    let Some(a) = article else { return html! { span.none { "（无）" } } };
    html! {
        strong.no { (a.no.to_string()) } " "
        @if pair.change == Change::Changed {
            @for piece in &pair.pieces {
                @match (piece, old_side) {
                    (Piece::Both(t), _) => (t),
                    (Piece::Old(t), true) => del { (t) },
                    (Piece::New(t), false) => ins { (t) },
                    _ => {},
                }
            }
        } @else {
            (a.text())
        }
    }
}

fn row(pair: &Pair) -> Markup {
    html! {
        div.cmp-row data-change=(pair.change.as_str()) {
            div.cmp-change { (msg::change(pair.change)) }
            div.cmp-old translate="no" { (article_text(pair, true)) }
            div.cmp-new translate="no" { (article_text(pair, false)) }
        }
    }
}

pub(crate) fn view(v: &CompareView) -> Markup {
    // Runs of unchanged articles fold into one <details>.
    let mut groups: Vec<(bool, Vec<&Pair>)> = Vec::new();
    for p in &v.articles {
        let same = p.change == Change::Same;
        match groups.last_mut() {
            Some((s, g)) if *s == same && same => g.push(p),
            _ => groups.push((same, vec![p])),
        }
    }
    html! {
        article.doc.compare-page {
            h1 { "新旧对照" }
            p.lead { span translate="no" { (v.work.name) } " · " a href=(href(&v.work.eli)) { "作品页" } " · " a href=(format!("/api{}/{SEGMENT}?old={}&new={}", href(&v.work.eli), v.old.date, v.new.date)) { "JSON" } }
            (form(&v.work.eli, &v.versions, Some(v.old.date), Some(v.new.date)))
            p.counts {
                "共 " (v.articles.len()) " 条："
                @for (k, n) in &v.counts { span.count data-change=(k) { (msg::change(change_of(k))) " " (n) } " " }
            }
            div.cmp {
                div.cmp-row.cmp-head {
                    div.cmp-change { "变化" }
                    div.cmp-old { "旧版本 " a href=(href(&v.old.eli)) { (v.old.date) } }
                    div.cmp-new { "新版本 " a href=(href(&v.new.eli)) { (v.new.date) } }
                }
                @for (same, g) in &groups {
                    @if *same {
                        details.cmp-same {
                            summary { "未改动的 " (g.len()) " 条（" (g[0].new.as_ref().map(|a| a.no.to_string()).unwrap_or_default()) @if g.len() > 1 { "至" (g[g.len() - 1].new.as_ref().map(|a| a.no.to_string()).unwrap_or_default()) } "）" }
                            @for p in g { (row(p)) }
                        }
                    } @else {
                        @for p in g { (row(p)) }
                    }
                }
            }
        }
    }
}

fn change_of(k: &str) -> Change {
    match k {
        "same" => Change::Same,
        "moved" => Change::Moved,
        "changed" => Change::Changed,
        "added" => Change::Added,
        _ => Change::Removed,
    }
}
