//! `gongwen show WORK --on DATE`: a work (by address, name, 文号 or the title
//! of one of its documents), its status on the date, its versions with their
//! currency, then the version in force on that date as `show` prints a document.

use crate::register::{fail, today};
use gongwen_model::Date;
use gongwen_store::works::WorkReport;
use gongwen_store::{Store, StoreError};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn show(db: &Path, query: &str, on: Option<Date>, json: bool) -> ExitCode {
    // Without a date or an address, `show` is the document view it always was.
    if on.is_none() && !query.starts_with("/eli/") {
        return crate::register::show(db, query, json);
    }
    let on = on.unwrap_or_else(today);
    let result = (|| -> Result<Option<(WorkReport, Option<Date>)>, StoreError> {
        let s = Store::open_read_only(db)?;
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
        Ok(None) => return crate::register::show(db, query, json),
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
        code = crate::register::show(db, &p.doc.key, false);
    }
    code
}
