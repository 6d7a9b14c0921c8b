//! `gongwen show WORK --on DATE`: a work (by address, name, 文号 or the title
//! of one of its documents), its status on the date, its versions with their
//! currency, then the version in force on that date as `show` prints a document.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::register::{fail, today};
use gongwen_model::Date;
use gongwen_store::works::WorkReport;
use gongwen_store::{Store, StoreError};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn show(k: &Arc<Knowledge>, db: &Path, query: &str, on: Option<Date>, json: bool) -> ExitCode {
    // Without a date or an address, `show` is the document view it always was.
    if on.is_none() && !query.starts_with("/eli/") {
        return crate::register::show(k, db, query, json);
    }
    let on = on.unwrap_or_else(today);
    let result = (|| -> Result<Option<(WorkReport, Option<Date>)>, StoreError> {
        let s = Store::open_read_only(k.clone(), db)?;
        let (work, version) = match s.work_by_eli(query)? {
            Some(t) => (t.work, t.version),
            None => match s.find_work(query) {
                Ok(w) => (w, None),
                Err(StoreError::NotFound(_)) => return Ok(None),
                Err(e) => return Err(e),
            },
        };
        Ok(Some((s.work_report(&work, on)?, version)))
    })();
    let (report, version) = match result {
        Ok(Some(r)) => r,
        // Not a work (a stub, or an older store): show the document as before.
        Ok(None) => return crate::register::show(k, db, query, json),
        Err(e) => return fail(e),
    };
    let shown = match version {
        Some(d) => match report.version_on_date(d) {
            Some(v) => Some(v),
            None => return fail(format!("《{}》没有 {d} 的版本", report.work.name)),
        },
        None => report.shown(),
    };
    if json {
        let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&serde_json::json!({ "work": report, "shown": shown.map(|v| &v.eli) })).expect("serialisable"));
        return ExitCode::SUCCESS;
    }
    let mut out = std::io::stdout().lock();
    let w = &report.work;
    let _ = writeln!(out, "{}  [{}]", w.name, w.kind.label_zh());
    let _ = writeln!(out, "  地址      {}", w.eli);
    let _ = writeln!(out, "  效力      {}（{}）", report.status.label_zh(), report.on);
    for e in &report.evidence {
        let _ = writeln!(out, "            依据 {}：{}", e.by, e.text);
    }
    let _ = writeln!(out, "  版本:");
    for v in &report.versions {
        let mark = if shown.is_some_and(|s| s.eli == v.eli) { "▶" } else { " " };
        let parts = if v.parts.len() > 1 { format!("（{}个部分）", v.parts.len()) } else { String::new() };
        let _ = writeln!(
            out,
            "   {mark} {}  施行 {}  {}{}  {}",
            v.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
            v.effective.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
            v.currency.label_zh(),
            v.superseded_from.map(|d| format!("（{d} 起被修订）")).unwrap_or_default(),
            parts
        );
        let _ = writeln!(out, "      {}", v.eli);
    }
    if !report.amendments.is_empty() {
        let _ = writeln!(out, "  修改沿革:");
        for a in &report.amendments {
            let made = a.version.as_deref().map(|v| format!("→ {v}")).unwrap_or_else(|| "（未收录该版本文本）".into());
            let _ = writeln!(out, "     {}  {made}", a.date);
            let _ = writeln!(out, "        依据 {}：{}", a.evidence.by, a.evidence.text);
        }
    }
    for c in &report.conflicts {
        let _ = writeln!(out, "  记录与文本不一致 {}：{} — {}（{}:{}）；{}", c.about, c.record.by, c.record.text, c.record.source, c.record.line, c.texts);
    }
    drop(out);
    let Some(v) = shown else { return ExitCode::SUCCESS };
    let mut code = ExitCode::SUCCESS;
    for p in &v.parts {
        println!();
        if let Some(name) = &p.part {
            println!("【{name}】");
        }
        code = crate::register::show(k, db, &p.doc.key, false);
    }
    code
}

/// `gongwen amendments [DECISION]`: each amendment decision's operations
/// applied to the version before it, per operation applied or why not, and
/// the amended text against the republished one; then the totals.
pub fn amendments(k: &Arc<Knowledge>, db: &Path, decision: Option<&str>, json: bool) -> ExitCode {
    use gongwen_server::msg;
    let result = (|| -> Result<_, StoreError> {
        let s = Store::open_read_only(k.clone(), db)?;
        match decision {
            Some(q) => {
                let d = s.find(q)?;
                s.amendments_by(&d)
            }
            None => s.amendments(),
        }
    })();
    let reports = match result {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if json {
        let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&reports).expect("serialisable"));
        return ExitCode::SUCCESS;
    }
    let mut out = std::io::stdout().lock();
    let mut t = Totals::default();
    let mut decisions = std::collections::BTreeSet::new();
    let mut parsed = std::collections::BTreeSet::new();
    for r in &reports {
        decisions.insert(r.decision.key.clone());
        let _ = writeln!(out, "{}", r.decision.title);
        let target = r.target.as_deref().or(r.number.as_deref()).unwrap_or("（未写明）");
        let _ = writeln!(out, "  修改对象  {target}{}", r.work.as_ref().map(|w| format!("  {}", w.eli)).unwrap_or_default());
        if let Some(e) = &r.earlier {
            let _ = writeln!(out, "  原版本    {}", e.eli);
        }
        if let Some(p) = &r.republished {
            let _ = writeln!(out, "  重新公布  {}", p.eli);
        }
        if let Some(m) = r.missing {
            let _ = writeln!(out, "  未适用：{}", msg::missing(m));
        }
        for o in &r.operations {
            let recognised = !matches!(o.operation.kind, gongwen_amend::OpKind::Unrecognized);
            t.operations += 1;
            if recognised {
                t.recognised += 1;
                parsed.insert(r.decision.key.clone());
            }
            let state = match &o.outcome {
                Some(x) => {
                    if x.is_applied() {
                        t.applied += 1;
                    } else if recognised {
                        t.not_applicable += 1;
                    }
                    msg::outcome(x)
                }
                None if recognised => {
                    t.without_text += 1;
                    "未适用".into()
                }
                None => "未识别".into(),
            };
            let item = o.operation.item.as_deref().map(|i| format!("{i}、")).unwrap_or_default();
            let clause: String = o.operation.source.chars().map(|c| if c == '\n' { ' ' } else { c }).take(60).collect();
            let _ = writeln!(out, "    {item}{clause}  〔第{}行〕 → {state}", o.operation.span.line_start);
        }
        if let Some(a) = &r.agreement {
            t.compared += a.articles;
            t.agreeing += a.agreeing;
            let _ = writeln!(out, "  与重新公布文本对照：{} 条中 {} 条一致{}", a.articles, a.agreeing, if a.differing.is_empty() { String::new() } else { format!("；不一致：{}", a.differing.join("、")) });
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "修改决定 {} 件（识别出修改操作的 {} 件），修改对象 {} 个；操作 {} 条：识别 {}，已适用 {}，不适用 {}，无原版本可适用 {}；与重新公布文本对照条文 {} 条，一致 {} 条",
        decisions.len(),
        parsed.len(),
        reports.len(),
        t.operations,
        t.recognised,
        t.applied,
        t.not_applicable,
        t.without_text,
        t.compared,
        t.agreeing
    );
    ExitCode::SUCCESS
}

#[derive(Default)]
struct Totals {
    operations: usize,
    recognised: usize,
    applied: usize,
    not_applicable: usize,
    without_text: usize,
    compared: usize,
    agreeing: usize,
}

/// `gongwen export akn WORK [-o DIR]`: one Akoma Ntoso file per version.
pub fn export_akn(k: &Arc<Knowledge>, db: &Path, work: &str, dir: &Path) -> ExitCode {
    let result = Store::open_read_only(k.clone(), db).and_then(|s| s.export_akn(work, dir, today()));
    match result {
        Ok(files) => {
            for f in &files {
                println!("{}", f.display());
            }
            eprintln!("已导出 {} 个版本（Akoma Ntoso）", files.len());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
