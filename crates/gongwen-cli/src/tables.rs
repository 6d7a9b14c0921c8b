//! `gongwen tables DOC` and `gongwen targets`: tables recovered from the
//! flattened layout, and the numeric targets read from text and tables.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::extract::{load, open, unit_names, Format};
use crate::register::fail;
use gongwen_extract::Target;
use gongwen_model::{CellKind, FactKind, Table};
use gongwen_store::query::FactRow;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct TableArgs {
    /// 文件：文号（写法不限）或标题
    pub doc: String,
    /// 只看第 N 个表格（从 1 起）
    #[arg(long)]
    pub table: Option<usize>,
    #[command(flatten)]
    pub format: Format,
}

pub fn tables(k: &Arc<Knowledge>, db: &Path, args: &TableArgs) -> ExitCode {
    let store = match open(k, db, &args.format) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let doc = match store.find(&args.doc).and_then(|d| store.document(&d).map(|doc| (d, doc))) {
        Ok((_, Some(doc))) => doc,
        Ok((d, None)) => return fail(format!("{} 仅经引用得知，存储中没有它的正文", d.label())),
        Err(e) => return fail(e),
    };
    let picked: Vec<(usize, &Table)> = doc.tables.iter().enumerate().map(|(i, t)| (i + 1, t)).filter(|(i, _)| args.table.is_none_or(|n| n == *i)).collect();
    if picked.is_empty() {
        let n = doc.tables.len();
        return match args.table {
            Some(k) => fail(format!("--table {k}：这份文件只有 {n} 个表格")),
            None => {
                eprintln!("{}：没有表格", doc.doc_number.as_deref().unwrap_or(&doc.title));
                ExitCode::SUCCESS
            }
        };
    }
    let fmt = args.format;
    let mut out = std::io::stdout().lock();
    if fmt.json {
        for (i, t) in &picked {
            fmt.write_json(&mut out, &serde_json::json!({ "doc_number": doc.doc_number, "source": doc.source, "table": i, "data": t }));
        }
    } else if fmt.csv {
        // One CSV: the table number and the headings a row sits under come first.
        let width = picked.iter().map(|(_, t)| t.columns.len()).max().unwrap_or(0);
        let mut header = vec!["表".to_string(), "分组".to_string(), "来源行".to_string()];
        match picked.as_slice() {
            [(_, t)] => header.extend(t.columns.iter().map(|c| c.name.clone())),
            _ => header.extend((1..=width).map(|i| format!("列{i}"))),
        }
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows = picked.iter().flat_map(|(i, t)| {
            t.rows.iter().map(move |r| {
                let mut cells = vec![i.to_string(), r.groups.join(" / "), r.line.to_string()];
                cells.extend(r.cells.iter().cloned());
                cells
            })
        });
        fmt.csv(out, &header_refs, rows);
    } else {
        for (i, t) in &picked {
            let kind = |k: CellKind| match k {
                CellKind::Number => "数",
                CellKind::Date => "日期",
                CellKind::Text => "文",
            };
            let _ = writeln!(out, "表{i} {} （行 {}–{}，{} 行{}）", t.caption.as_deref().unwrap_or(""), t.line_start, t.line_end, t.rows.len(), if t.repeated_headers > 0 { format!("，跨页重复表头 {} 次", t.repeated_headers) } else { String::new() });
            let cols: Vec<String> = t.columns.iter().map(|c| format!("{}[{}]", c.name, kind(c.kind))).collect();
            let _ = writeln!(out, "  {}", cols.join("\t"));
            for r in &t.rows {
                let _ = writeln!(out, "  {}", fmt.text(&r.cells.join("\t")));
            }
            for n in &t.notes {
                let _ = writeln!(out, "  {n}");
            }
            for c in &t.checks {
                let _ = writeln!(out, "  {} {}：声明 {} / 实计 {}（行 {}）", if c.ok { "✓" } else { "✗ 不符" }, c.subject, c.stated, c.counted, c.line);
            }
        }
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
pub struct TargetArgs {
    /// 只列该年份的目标
    #[arg(long)]
    pub year: Option<u16>,
    /// 只列该单位负责的目标
    #[arg(long)]
    pub unit: Option<String>,
    /// 只列这份文件（文号或标题）中的目标
    #[arg(long)]
    pub doc: Option<String>,
    #[command(flatten)]
    pub format: Format,
}

pub fn targets(k: &Arc<Knowledge>, db: &Path, args: &TargetArgs) -> ExitCode {
    let store = match open(k, db, &args.format) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let doc = match args.doc.as_deref().map(|d| store.find(d)).transpose() {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let facts: Vec<(FactRow, Target)> = match load(&store, FactKind::Target, doc.as_ref()) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let rows: Vec<_> = facts
        .into_iter()
        .filter(|(_, t)| args.year.is_none_or(|y| t.year == Some(y)))
        .filter(|(_, t)| args.unit.as_deref().is_none_or(|u| gongwen_extract::task::units_involve(&t.units, u)))
        .collect();
    let fmt = args.format;
    let mut out = std::io::stdout().lock();
    if fmt.json {
        for (f, t) in &rows {
            fmt.write_json(&mut out, &serde_json::json!({ "doc_number": f.doc.doc_number, "source": f.source, "target": t }));
        }
    } else if fmt.csv {
        let cells = rows.iter().map(|(f, t)| {
            vec![
                f.doc.doc_number.clone().unwrap_or_default(),
                t.metric.clone(),
                t.value.to_string(),
                t.unit.clone(),
                t.bound.clone().unwrap_or_default(),
                t.year.map(|y| y.to_string()).unwrap_or_default(),
                if t.aspirational { "力争/预期" } else { "约束" }.to_string(),
                unit_names(&t.units),
                gongwen_extract::from_label(&t.from).to_string(),
                format!("{}:{}", f.source, t.line),
            ]
        });
        fmt.csv(out, &["文号", "指标", "数值", "单位", "限定", "年份", "性质", "责任单位", "出处", "来源行"], cells);
    } else {
        for (f, t) in &rows {
            let _ = writeln!(
                out,
                "{} {}年 {} {}{}{}{} {}{}",
                f.doc.doc_number.as_deref().unwrap_or(&f.doc.title),
                t.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
                t.metric,
                t.bound.as_deref().filter(|b| !b.starts_with('以') && *b != "左右").unwrap_or(""),
                t.value,
                t.unit,
                t.bound.as_deref().filter(|b| b.starts_with('以') || *b == "左右").unwrap_or(""),
                if t.aspirational { "（力争/预期）" } else { "" },
                if t.units.is_empty() { String::new() } else { format!(" ← {}", unit_names(&t.units)) }
            );
        }
        eprintln!("{} 项目标", rows.len());
    }
    ExitCode::SUCCESS
}
