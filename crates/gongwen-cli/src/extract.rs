//! `gongwen measures`: support measures of the stored documents, read from
//! their text at query time, with each document's status on a date.

use crate::register::{fail, today};
use gongwen_extract::{appointments, measures, Amount, Appointment, Measure};
use gongwen_model::Date;
use gongwen_store::Store;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct MeasureArgs {
    /// Only measures of documents in force on this date (YYYY-MM-DD).
    #[arg(long, value_parser = crate::register::parse_date)]
    pub in_force_on: Option<Date>,
    /// Only measures whose maximum is at least this many 万元.
    #[arg(long)]
    pub min_amount: Option<f64>,
    /// Only measures of documents by this issuer (full or part of the name).
    #[arg(long)]
    pub issuer: Option<String>,
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    #[arg(long)]
    pub csv: bool,
}

#[derive(Serialize)]
struct Row {
    doc_number: Option<String>,
    title: String,
    status: String,
    status_on: Date,
    source: String,
    #[serde(flatten)]
    measure: Measure,
    max_yuan: Option<f64>,
}

fn describe(a: &Amount) -> String {
    let wan = |y: f64| format!("{}万元", y / 1e4);
    match a {
        Amount::Rate { percent, base, cap } => format!("{base}的{percent}%{}", cap.map(|c| format!("，最高{}", wan(c))).unwrap_or_default()),
        Amount::PerUnit { yuan, unit, cap } => format!("每{unit}{yuan}元{}", cap.map(|c| format!("，最高{}", wan(c))).unwrap_or_default()),
        Amount::List { yuan } => yuan.iter().map(|y| wan(*y)).collect::<Vec<_>>().join("、"),
        Amount::Cap { yuan } => format!("最高{}", wan(*yuan)),
        Amount::Fixed { yuan } => wan(*yuan),
    }
}

pub fn run(db: &Path, args: &MeasureArgs) -> ExitCode {
    let store = match Store::open_read_only(db) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let on = args.in_force_on.unwrap_or_else(today);
    let docs = match store.all_docs() {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let mut rows = Vec::new();
    for d in docs.iter().filter(|d| !d.stub) {
        if args.issuer.as_deref().is_some_and(|i| !d.issuer.contains(i.trim_start_matches(['市', '区']))) {
            continue;
        }
        let (Ok(Some(doc)), Ok(status)) = (store.document(d), store.status(d, on)) else { continue };
        let status = status.status.as_str().to_string();
        if args.in_force_on.is_some() && !matches!(status.as_str(), "in_force" | "amended") {
            continue;
        }
        for m in measures(&doc) {
            let max = m.amount.max_yuan();
            if args.min_amount.is_some_and(|min| max.is_none_or(|y| y < min * 1e4)) {
                continue;
            }
            rows.push(Row { doc_number: d.doc_number.clone(), title: d.title.clone(), status: status.clone(), status_on: on, source: doc.source.clone(), measure: m, max_yuan: max });
        }
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        for r in &rows {
            let _ = serde_json::to_writer(&mut out, r);
            let _ = writeln!(out);
        }
    } else if args.csv {
        let mut w = csv::Writer::from_writer(out);
        let _ = w.write_record(["文号", "标题", "状态", "条目", "措施", "金额", "最高(元)", "每年", "一次性", "分期", "条件", "叠加规则", "退回", "来源行"]);
        for r in &rows {
            let m = &r.measure;
            let cells = [
                r.doc_number.clone().unwrap_or_default(),
                r.title.clone(),
                r.status.clone(),
                m.node.join("/"),
                m.heading.clone().unwrap_or_default(),
                describe(&m.amount),
                r.max_yuan.map(|y| format!("{y}")).unwrap_or_default(),
                m.per_year.to_string(),
                m.one_off.to_string(),
                m.installments.as_ref().and_then(|i| i.years).map(|y| format!("{y}年")).unwrap_or_default(),
                m.condition.clone(),
                m.stacking.clone().unwrap_or_default(),
                m.clawback.clone().unwrap_or_default(),
                format!("{}:{}", r.source, m.line),
            ];
            let _ = w.write_record(&cells);
        }
        let _ = w.flush();
    } else {
        for r in &rows {
            let m = &r.measure;
            let _ = writeln!(
                out,
                "{} {} [{}] {}{}: {}{}{}\n    条件：{}",
                r.doc_number.as_deref().unwrap_or(&r.title),
                m.node.join(""),
                r.status,
                m.heading.as_deref().unwrap_or(""),
                if m.per_year { "（每年）" } else { "" },
                describe(&m.amount),
                if m.one_off { "，一次性" } else { "" },
                m.installments.as_ref().and_then(|i| i.years).map(|y| format!("，分{y}年兑现")).unwrap_or_default(),
                m.condition
            );
        }
        eprintln!("{} measures (status on {on})", rows.len());
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
pub struct PeopleArgs {
    /// Only this person (name without spaces).
    #[arg(long)]
    pub person: Option<String>,
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    #[arg(long)]
    pub csv: bool,
}

/// `gongwen people`: the 人事任免 ledger of the stored documents.
pub fn people(db: &Path, args: &PeopleArgs) -> ExitCode {
    let store = match Store::open_read_only(db) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let docs = match store.all_docs() {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let mut rows: Vec<(String, Appointment)> = Vec::new();
    for d in docs.iter().filter(|d| !d.stub) {
        let Ok(Some(doc)) = store.document(d) else { continue };
        for a in appointments(&doc) {
            if args.person.as_deref().is_none_or(|p| a.person == p) {
                rows.push((doc.source.clone(), a));
            }
        }
    }
    rows.sort_by(|a, b| a.1.date.cmp(&b.1.date).then(a.1.line.cmp(&b.1.line)));
    let mut out = std::io::stdout().lock();
    let action = |a: &Appointment| match a.action {
        gongwen_extract::Action::Appointed => "任命",
        gongwen_extract::Action::Removed => "免去",
        gongwen_extract::Action::Elected => "选举",
    };
    if args.json {
        for (source, a) in &rows {
            let _ = serde_json::to_writer(&mut out, &serde_json::json!({ "source": source, "appointment": a }));
            let _ = writeln!(out);
        }
    } else if args.csv {
        let mut w = csv::Writer::from_writer(out);
        let _ = w.write_record(["日期", "事项", "姓名", "机关", "职务", "备注", "决定机关", "来源行"]);
        for (source, a) in &rows {
            let cells = [
                a.date.map(|d| d.to_string()).unwrap_or_default(),
                action(a).to_string(),
                a.person.clone(),
                a.organ.clone().unwrap_or_default(),
                a.title.clone().unwrap_or_else(|| a.post.clone()),
                a.qualifiers.join("；"),
                a.decided_by.clone().unwrap_or_default(),
                format!("{source}:{}", a.line),
            ];
            let _ = w.write_record(&cells);
        }
        let _ = w.flush();
    } else {
        for (_, a) in &rows {
            let _ = writeln!(out, "{} {} {} {}{}", a.date.map(|d| d.to_string()).unwrap_or_default(), action(a), a.person, a.post, if a.qualifiers.is_empty() { String::new() } else { format!("（{}）", a.qualifiers.join("；")) });
        }
    }
    ExitCode::SUCCESS
}
