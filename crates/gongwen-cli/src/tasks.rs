//! `gongwen tasks`: the task ledger (who must do what by when), as text,
//! JSON Lines, CSV or an iCalendar file that imports into a calendar.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::extract::{load, open, unit_names, Format};
use crate::register::today;
use gongwen_extract::{Deadline, Role, Task};
use gongwen_model::{Date, FactKind};
use gongwen_server::ledger::{self, TaskFilter};
use gongwen_store::query::FactRow;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct TaskArgs {
    /// 只列以任何角色提到该单位的任务（市司法局；江岸区人民政府也匹配“各区人民政府”）
    #[arg(long)]
    pub unit: Option<String>,
    /// 只列有单位担任此角色的任务（给了 --unit 时指该单位的角色）
    #[arg(long, value_parser = role_parser())]
    pub role: Option<String>,
    /// 只列完成时限在该日（YYYY-MM-DD）或之前的任务，含周期性任务
    #[arg(long, value_parser = crate::register::parse_date)]
    pub due_before: Option<Date>,
    /// 只列完成时限在该日（YYYY-MM-DD）或之后的任务，含周期性任务
    #[arg(long, value_parser = crate::register::parse_date)]
    pub due_after: Option<Date>,
    /// 只列逾期任务：时限已过且文件仍现行有效
    #[arg(long)]
    pub overdue: bool,
    /// 只列在该日（YYYY-MM-DD）现行有效的文件中的任务
    #[arg(long, value_parser = crate::register::parse_date)]
    pub in_force_on: Option<Date>,
    /// 按哪一天（YYYY-MM-DD）判断逾期；不给则取 --in-force-on，再不给则为今天
    #[arg(long, value_parser = crate::register::parse_date)]
    pub on: Option<Date>,
    /// 把有日期的任务和周期性任务写成 iCalendar（.ics）文件，输出到标准输出
    #[arg(long, conflicts_with_all = ["json", "csv"])]
    pub ics: bool,
    #[command(flatten)]
    pub format: Format,
}

fn deadline_text(d: &Option<Deadline>) -> String {
    d.as_ref().map(|d| d.to_string()).unwrap_or_default()
}

fn role(s: &str) -> Option<Role> {
    match s {
        "lead" => Some(Role::Lead),
        "responsible" => Some(Role::Responsible),
        "cooperating" => Some(Role::Cooperating),
        "guiding" => Some(Role::Guiding),
        _ => None,
    }
}

pub fn run(k: &Arc<Knowledge>, db: &Path, args: &TaskArgs) -> ExitCode {
    let store = match open(k, db, &args.format) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let facts: Vec<(FactRow, Task)> = match load(&store, FactKind::Task, None) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let on = args.on.or(args.in_force_on).unwrap_or_else(today);
    let filter = TaskFilter {
        unit: args.unit.clone(),
        role: args.role.as_deref().and_then(role),
        due_before: args.due_before,
        due_after: args.due_after,
        overdue: args.overdue,
        status: args.in_force_on.map(|_| gongwen_model::Status::InForce),
    };
    let rows = match ledger::select(&store, facts, &filter, on) {
        Ok(rows) => rows,
        Err(e) => return crate::register::fail(e),
    };
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let fmt = args.format;
    let mut out = std::io::stdout().lock();
    if args.ics {
        let (cal, skipped) = ledger::calendar(&rows, on, &|s| fmt.text(s));
        let _ = write!(out, "{cal}");
        eprintln!("日历中 {} 项任务；{skipped} 项没有日期或周期，未列入", rows.len() - skipped);
    } else if fmt.json {
        for r in &rows {
            let (f, t) = (&r.fact, &r.task);
            fmt.write_json(&mut out, &serde_json::json!({ "doc_number": f.doc.doc_number, "title": f.doc.title, "source": f.source, "status": r.status, "overdue": r.overdue, "task": t }));
        }
    } else if fmt.csv {
        fmt.csv(out, &ledger::CSV_HEADER, rows.iter().map(ledger::csv_cells));
    } else {
        for r in &rows {
            let (f, t) = (&r.fact, &r.task);
            let text: String = t.text.chars().take(80).collect();
            let _ = writeln!(
                out,
                "{}{} {} {}\n    {}{}",
                if r.overdue { "【逾期】" } else { "" },
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
        eprintln!("{} 项任务，其中逾期 {overdue} 项（按 {on} 计：截止日期已过而文件仍现行有效）", rows.len());
    }
    ExitCode::SUCCESS
}

/// `--role`: the machine spellings, each with its Chinese name for `--help`.
fn role_parser() -> clap::builder::PossibleValuesParser {
    use clap::builder::PossibleValue;
    clap::builder::PossibleValuesParser::new([("lead", "牵头"), ("responsible", "责任"), ("cooperating", "配合"), ("guiding", "指导")]
        .map(|(v, zh)| PossibleValue::new(v).help(zh)))
}
