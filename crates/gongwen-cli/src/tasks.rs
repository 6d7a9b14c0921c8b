//! `gongwen tasks`: the task ledger (who must do what by when), as text,
//! JSON Lines, CSV or an iCalendar file that imports into a calendar.

use crate::extract::{load, open, unit_names, Format, Statuses};
use crate::register::today;
use gongwen_extract::{Deadline, Task};
use gongwen_model::{Date, FactKind};
use gongwen_store::query::FactRow;
use icalendar::{Calendar, Component, EventLike};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct TaskArgs {
    /// Only tasks naming this unit in any role (市司法局; 江岸区人民政府 also
    /// matches 各区人民政府).
    #[arg(long)]
    pub unit: Option<String>,
    /// Only tasks due on or before this date (YYYY-MM-DD), recurring ones included.
    #[arg(long, value_parser = crate::register::parse_date)]
    pub due_before: Option<Date>,
    /// Only tasks of documents in force on this date.
    #[arg(long, value_parser = crate::register::parse_date)]
    pub in_force_on: Option<Date>,
    /// Write an iCalendar (.ics) file of the dated and recurring tasks to stdout.
    #[arg(long, conflicts_with_all = ["json", "csv"])]
    pub ics: bool,
    #[command(flatten)]
    pub format: Format,
}

fn deadline_text(d: &Option<Deadline>) -> String {
    d.as_ref().map(|d| d.to_string()).unwrap_or_default()
}

pub fn run(db: &Path, args: &TaskArgs) -> ExitCode {
    let store = match open(db, &args.format) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let facts: Vec<(FactRow, Task)> = match load(&store, FactKind::Task, None) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let mut statuses = Statuses::new(&store, args.in_force_on.unwrap_or_else(today));
    let rows: Vec<(FactRow, Task)> = facts
        .into_iter()
        .filter(|(_, t)| args.unit.as_deref().is_none_or(|u| t.involves(u)))
        .filter(|(_, t)| args.due_before.is_none_or(|d| t.due_by(d)))
        .filter(|(f, _)| args.in_force_on.is_none() || statuses.of(&f.doc).is_live())
        .collect();
    let fmt = args.format;
    let mut out = std::io::stdout().lock();
    if args.ics {
        let (cal, skipped) = calendar(&rows, &fmt);
        let _ = write!(out, "{cal}");
        eprintln!("{} tasks in the calendar; {skipped} without a date or recurrence left out", rows.len() - skipped);
    } else if fmt.json {
        for (f, t) in &rows {
            fmt.write_json(&mut out, &serde_json::json!({ "doc_number": f.doc.doc_number, "title": f.doc.title, "source": f.source, "task": t }));
        }
    } else if fmt.csv {
        let header = ["文号", "标题", "条目", "任务", "牵头单位", "责任单位", "配合单位", "指导单位", "完成时限", "截止日期", "阶段", "出处", "来源行"];
        let role = |t: &Task, r: gongwen_extract::Role| t.units.iter().filter(|u| u.role == r && u.via.is_none()).map(|u| u.name.as_str()).collect::<Vec<_>>().join("、");
        let cells = rows.iter().map(|(f, t)| {
            vec![
                f.doc.doc_number.clone().unwrap_or_default(),
                f.doc.title.clone(),
                t.node.join("/"),
                t.text.clone(),
                role(t, gongwen_extract::Role::Lead),
                role(t, gongwen_extract::Role::Responsible),
                role(t, gongwen_extract::Role::Cooperating),
                role(t, gongwen_extract::Role::Guiding),
                t.deadline.as_ref().map(|d| d.text().to_string()).unwrap_or_default(),
                t.deadline.as_ref().and_then(|d| d.date()).map(|d| d.to_string()).unwrap_or_default(),
                t.phase.clone().unwrap_or_default(),
                t.from.clone(),
                format!("{}:{}", f.source, t.line),
            ]
        });
        fmt.csv(out, &header, cells);
    } else {
        for (f, t) in &rows {
            let text: String = t.text.chars().take(80).collect();
            let _ = writeln!(
                out,
                "{} {} {}\n    {}{}",
                f.doc.doc_number.as_deref().unwrap_or(&f.doc.title),
                t.node.join(""),
                fmt.text(&text),
                unit_names(&t.units),
                match deadline_text(&t.deadline) {
                    d if d.is_empty() => String::new(),
                    d => format!("；时限：{d}"),
                }
            );
        }
        eprintln!("{} tasks", rows.len());
    }
    ExitCode::SUCCESS
}

fn naive(d: Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
}

/// One all-day event per dated task; recurring tasks repeat by RRULE from the
/// first occurrence after the document's date.
fn calendar(rows: &[(FactRow, Task)], fmt: &Format) -> (Calendar, usize) {
    let mut cal = Calendar::new();
    cal.name("gongwen 任务");
    let mut skipped = 0;
    for (f, t) in rows {
        let from = f.doc.date.as_deref().and_then(Date::parse_iso).unwrap_or_else(today);
        let (start, rule) = match &t.deadline {
            Some(Deadline::By { date, .. }) => (Some(*date), None),
            Some(Deadline::Yearly { month, day, .. }) => {
                let this = Date::new(from.year, *month, *day).filter(|d| *d >= from);
                (this.or_else(|| Date::new(from.year + 1, *month, *day)), Some(format!("FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}")))
            }
            Some(Deadline::Monthly { day, .. }) => {
                let this = Date::new(from.year, from.month, *day).filter(|d| *d >= from);
                let next = if from.month == 12 { Date::new(from.year + 1, 1, *day) } else { Date::new(from.year, from.month + 1, *day) };
                (this.or(next), Some(format!("FREQ=MONTHLY;BYMONTHDAY={day}")))
            }
            Some(Deadline::Quarterly { .. }) => {
                let q_end = from.month.div_ceil(3) * 3;
                let last = (28..=31).rev().find(|d| Date::new(from.year, q_end, *d).is_some()).unwrap_or(28);
                (Date::new(from.year, q_end, last), Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1".to_string()))
            }
            _ => (None, None),
        };
        let Some(day) = start.and_then(naive) else {
            skipped += 1;
            continue;
        };
        let summary: String = t.text.chars().take(60).collect();
        let mut ev = icalendar::Event::new();
        ev.summary(&fmt.text(&summary))
            .description(&fmt.text(&format!(
                "{}\n{}\n{}\n时限：{}\n来源：{}:{}",
                f.doc.doc_number.as_deref().unwrap_or(""),
                f.doc.title,
                unit_names(&t.units),
                t.deadline.as_ref().map(|d| d.text()).unwrap_or(""),
                f.source,
                t.line
            )))
            // All-day: DTEND is exclusive, so the next day.
            .starts(day)
            .ends(day.succ_opt().unwrap_or(day))
            // Stable across exports, so a re-import updates instead of duplicating.
            .uid(&format!("{}-{}-{}@gongwen", f.doc.key, t.line, short_hash(&t.text)));
        if let Some(r) = rule {
            ev.add_property("RRULE", r);
        }
        cal.push(ev.done());
    }
    (cal.done(), skipped)
}

fn short_hash(s: &str) -> String {
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(s.as_bytes()) as u32)
}
