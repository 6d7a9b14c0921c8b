//! `gongwen measures`, `people`: what ingest read from the documents
//! (stored as facts), filtered and printed as text, JSON Lines or CSV.
//! Phone and ID numbers were masked when read; `--unmasked` restores them
//! locally from the source files (see [`crate::reveal`]).

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::register::{fail, today};
use gongwen_extract::{Appointment, Measure, Member};
use gongwen_model::{Date, FactKind, Status};
use gongwen_store::query::{DocRef, FactRow};
use gongwen_store::Store;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Output format flags shared by the extraction commands.
#[derive(clap::Args, Clone, Copy)]
pub struct Format {
    /// 以 JSON Lines 输出，每项一个对象
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// 以带表头的 CSV 输出
    #[arg(long)]
    pub csv: bool,
    /// 电话号码和身份证号不打码，从本机的源文件重新读取（存储中只有打码后的号码）
    #[arg(long)]
    pub unmasked: bool,
}

impl Format {
    pub fn text(&self, s: &str) -> String {
        if self.unmasked {
            crate::reveal::text(s)
        } else {
            s.to_string()
        }
    }
    /// Restores numbers in every string of a JSON value when `--unmasked`.
    pub fn json(&self, v: &mut serde_json::Value) {
        if self.unmasked {
            crate::reveal::json(v);
        }
    }
    pub fn write_json(&self, out: &mut impl Write, item: &impl Serialize) {
        let mut v = serde_json::to_value(item).unwrap_or_default();
        self.json(&mut v);
        let _ = serde_json::to_writer(&mut *out, &v);
        let _ = writeln!(out);
    }
    /// CSV for people, as the reading room writes it: BOM, header, cells
    /// defused against spreadsheet formulas.
    pub fn csv<W: Write>(&self, out: W, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) {
        let rows = rows.into_iter().map(|r| r.iter().map(|c| self.text(c)).collect());
        let _ = gongwen_server::register::write_csv(out, header, rows);
    }
}

pub fn open(k: &Arc<Knowledge>, db: &Path, fmt: &Format) -> Result<Store, ExitCode> {
    let store = Store::open_read_only(k.clone(), db).map_err(fail)?;
    if fmt.unmasked {
        crate::reveal::enable(k, &store);
    }
    Ok(store)
}

/// Stored facts of `kind`, decoded (see [`Store::said`]).
pub fn load<T: DeserializeOwned>(store: &Store, kind: FactKind, doc: Option<&DocRef>) -> Result<Vec<(FactRow, T)>, ExitCode> {
    let (rows, skipped) = store.said(kind, doc).map_err(fail)?;
    if skipped > 0 {
        eprintln!("注意：{skipped} 条已存的 {kind} 记录来自另一版本的 gongwen，请重新运行 `gongwen ingest`");
    }
    Ok(rows)
}

pub use gongwen_store::said::Statuses;

#[derive(clap::Args)]
pub struct MeasureArgs {
    /// 只列在该日（YYYY-MM-DD）现行有效的文件中的措施
    #[arg(long, value_parser = crate::register::parse_date)]
    pub in_force_on: Option<Date>,
    /// 只列最高额度不低于此数（万元）的措施
    #[arg(long)]
    pub min_amount: Option<f64>,
    /// 只列该发文机关（全称或简称，同 `list`）文件中的措施
    #[arg(long)]
    pub issuer: Option<String>,
    /// 只列该单位负责的措施（牵头/责任/配合；市经信局、经信局）
    #[arg(long)]
    pub unit: Option<String>,
    #[command(flatten)]
    pub format: Format,
}

#[derive(Serialize)]
struct Row {
    doc_number: Option<String>,
    title: String,
    status: Status,
    status_on: Date,
    source: String,
    #[serde(flatten)]
    measure: Measure,
    max_yuan: Option<f64>,
}

pub fn unit_names(units: &[gongwen_extract::Unit]) -> String {
    units.iter().filter(|u| u.via.is_none()).map(|u| format!("{}:{}", u.role.label(), u.name)).collect::<Vec<_>>().join("；")
}

pub fn run(k: &Arc<Knowledge>, db: &Path, args: &MeasureArgs) -> ExitCode {
    let store = match open(k, db, &args.format) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let on = args.in_force_on.unwrap_or_else(today);
    let facts: Vec<(FactRow, Measure)> = match load(&store, FactKind::Measure, None) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let needle = args.issuer.as_deref().map(|i| k.issuer_needle(i));
    let mut statuses = Statuses::new(&store, on);
    let mut rows = Vec::new();
    for (f, m) in facts {
        if needle.as_deref().is_some_and(|n| !f.doc.issuer.contains(n)) {
            continue;
        }
        if args.unit.as_deref().is_some_and(|u| !gongwen_extract::task::units_involve(&m.units, u)) {
            continue;
        }
        let status = match statuses.of(&f.doc) {
            Ok(s) => s,
            Err(e) => return crate::register::fail(e),
        };
        if args.in_force_on.is_some() && !status.is_live() {
            continue;
        }
        let max = m.amount.max_yuan();
        if args.min_amount.is_some_and(|min| max.is_none_or(|y| y < min * 1e4)) {
            continue;
        }
        rows.push(Row { doc_number: f.doc.doc_number.clone(), title: f.doc.title.clone(), status, status_on: on, source: f.source, measure: m, max_yuan: max });
    }
    let fmt = args.format;
    let mut out = std::io::stdout().lock();
    if fmt.json {
        rows.iter().for_each(|r| fmt.write_json(&mut out, r));
    } else if fmt.csv {
        let header = ["文号", "标题", "状态", "条目", "措施", "金额", "最高(元)", "每年", "一次性", "分期", "条件", "叠加规则", "退回", "责任单位", "来源行"];
        let cells = rows.iter().map(|r| {
            let m = &r.measure;
            vec![
                r.doc_number.clone().unwrap_or_default(),
                r.title.clone(),
                r.status.label_zh().to_string(),
                m.node.join("/"),
                m.heading.clone().unwrap_or_default(),
                m.amount.to_string(),
                r.max_yuan.map(|y| format!("{y}")).unwrap_or_default(),
                yes_no(m.per_year),
                yes_no(m.one_off),
                m.installments.as_ref().and_then(|i| i.years).map(|y| format!("{y}年")).unwrap_or_default(),
                m.condition.clone(),
                m.stacking.clone().unwrap_or_default(),
                m.clawback.clone().unwrap_or_default(),
                unit_names(&m.units),
                format!("{}:{}", r.source, m.line),
            ]
        });
        fmt.csv(out, &header, cells);
    } else {
        for r in &rows {
            let m = &r.measure;
            let _ = writeln!(
                out,
                "{} {} ［{}］{}{}：{}{}{}\n    条件：{}{}",
                r.doc_number.as_deref().unwrap_or(&r.title),
                m.node.join(""),
                r.status.label_zh(),
                m.heading.as_deref().unwrap_or(""),
                if m.per_year { "（每年）" } else { "" },
                m.amount,
                if m.one_off { "，一次性" } else { "" },
                m.installments.as_ref().and_then(|i| i.years).map(|y| format!("，分{y}年兑现")).unwrap_or_default(),
                fmt.text(&m.condition),
                if m.units.is_empty() { String::new() } else { format!("\n    单位：{}", unit_names(&m.units)) }
            );
        }
        eprintln!("{} 项措施（状态按 {on} 计）", rows.len());
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
pub struct PeopleArgs {
    /// 只列此人（姓名，不含空格）
    #[arg(long)]
    pub person: Option<String>,
    /// 改为列出领导小组和工作专班的成员，而不是人事任免
    #[arg(long)]
    pub roster: bool,
    #[command(flatten)]
    pub format: Format,
}

/// `gongwen people`: the 人事任免 ledger, or with `--roster` the rosters of
/// leading groups, of the stored documents.
pub fn people(k: &Arc<Knowledge>, db: &Path, args: &PeopleArgs) -> ExitCode {
    let store = match open(k, db, &args.format) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let fmt = args.format;
    let mut out = std::io::stdout().lock();
    if args.roster {
        let members: Vec<(FactRow, Member)> = match load(&store, FactKind::Member, None) {
            Ok(f) => f,
            Err(e) => return e,
        };
        let members: Vec<_> = members.into_iter().filter(|(_, m)| args.person.as_deref().is_none_or(|p| m.person == p)).collect();
        if fmt.json {
            for (f, m) in &members {
                fmt.write_json(&mut out, &serde_json::json!({ "doc_number": f.doc.doc_number, "source": f.source, "member": m }));
            }
        } else if fmt.csv {
            let rows = members.iter().map(|(f, m)| vec![f.doc.doc_number.clone().unwrap_or_default(), m.group.clone(), m.role.clone(), m.person.clone(), m.title.clone(), format!("{}:{}", f.source, m.line)]);
            fmt.csv(out, &["文号", "机构", "分工", "姓名", "职务", "来源行"], rows);
        } else {
            for (f, m) in &members {
                let _ = writeln!(out, "{} {} {} {} {}", f.doc.doc_number.as_deref().unwrap_or(""), m.group, m.role, m.person, fmt.text(&m.title));
            }
        }
        return ExitCode::SUCCESS;
    }
    let mut rows: Vec<(FactRow, Appointment)> = match load(&store, FactKind::Appointment, None) {
        Ok(f) => f,
        Err(e) => return e,
    };
    rows.retain(|(_, a)| args.person.as_deref().is_none_or(|p| a.person == p));
    rows.sort_by(|a, b| a.1.date.cmp(&b.1.date).then(a.1.line.cmp(&b.1.line)));
    let action = |a: &Appointment| match a.action {
        gongwen_extract::Action::Appointed => "任命",
        gongwen_extract::Action::Removed => "免去",
        gongwen_extract::Action::Elected => "选举",
    };
    if fmt.json {
        for (f, a) in &rows {
            fmt.write_json(&mut out, &serde_json::json!({ "source": f.source, "appointment": a }));
        }
    } else if fmt.csv {
        let cells = rows.iter().map(|(f, a)| {
            vec![
                a.date.map(|d| d.to_string()).unwrap_or_default(),
                action(a).to_string(),
                a.person.clone(),
                a.organ.clone().unwrap_or_default(),
                a.title.clone().unwrap_or_else(|| a.post.clone()),
                a.qualifiers.join("；"),
                a.decided_by.clone().unwrap_or_default(),
                format!("{}:{}", f.source, a.line),
            ]
        });
        fmt.csv(out, &["日期", "事项", "姓名", "机关", "职务", "备注", "决定机关", "来源行"], cells);
    } else {
        for (_, a) in &rows {
            let _ = writeln!(out, "{} {} {} {}{}", a.date.map(|d| d.to_string()).unwrap_or_default(), action(a), a.person, a.post, if a.qualifiers.is_empty() { String::new() } else { format!("（{}）", a.qualifiers.join("；")) });
        }
    }
    ExitCode::SUCCESS
}

/// A yes/no cell of a CSV meant for people: 是 or 否.
fn yes_no(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}
