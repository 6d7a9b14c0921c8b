//! `gongwen find PROFILE`: the support measures in force that an enterprise
//! may qualify for, with what is met, what is not, and what a person must check.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::extract::{open, Format};
use crate::register::{fail, today};
use gongwen_extract::finder::{Profile, Verdict};
use gongwen_model::Date;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct FindArgs {
    /// 企业画像，TOML 或 JSON 格式（参见 profiles/space-startup.toml）
    pub profile: PathBuf,
    /// 在该日（YYYY-MM-DD）现行有效的措施，默认为今天
    #[arg(long, value_parser = crate::register::parse_date)]
    pub on: Option<Date>,
    /// 同时列出条件与画像不符的措施
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub format: Format,
}

pub fn read_profile(path: &Path) -> Result<Profile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        toml::from_str(&text).map_err(|e| e.message().to_string())
    };
    parsed.map_err(|e| format!("{}：不是有效的企业画像：{e}", path.display()))
}

pub fn run(k: &Arc<Knowledge>, db: &Path, args: &FindArgs) -> ExitCode {
    let profile = match read_profile(&args.profile) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let store = match open(k, db, &args.format) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let on = args.on.unwrap_or_else(today);
    let found = match store.find_support(&profile, on, args.all) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let fmt = args.format;
    let mut out = std::io::stdout().lock();
    let verdict = |v: &Verdict| match v {
        Verdict::Meets => "符合",
        Verdict::ToCheck => "待人工核实",
        Verdict::NotMet => "不符合",
    };
    if fmt.json {
        found.iter().for_each(|f| fmt.write_json(&mut out, f));
    } else if fmt.csv {
        let rows = found.iter().map(|f| {
            let a = &f.assessment;
            vec![
                f.doc_number.clone().unwrap_or_default(),
                f.title.clone(),
                f.measure.heading.clone().unwrap_or_default(),
                verdict(&a.verdict).to_string(),
                a.max_yuan.map(|y| y.to_string()).unwrap_or_default(),
                a.how.clone().unwrap_or_default(),
                a.met.join("；"),
                a.not_met.join("；"),
                a.to_check.join("；"),
                format!("{}:{}", f.source, f.measure.line),
            ]
        });
        fmt.csv(out, &["文号", "标题", "措施", "判断", "最高可得(元)", "计算", "已满足", "不满足", "待核实", "来源行"], rows);
    } else {
        for f in &found {
            let a = &f.assessment;
            let _ = writeln!(
                out,
                "【{}】{} {} {}：{}\n    最高可得：{}{}",
                verdict(&a.verdict),
                f.doc_number.as_deref().unwrap_or(&f.title),
                f.measure.node.join(""),
                f.measure.heading.as_deref().unwrap_or(""),
                f.measure.amount,
                a.max_yuan.map(|y| format!("{}万元", y / 1e4)).unwrap_or_else(|| "无法计算".into()),
                a.how.as_deref().map(|h| format!("（{h}）")).unwrap_or_default()
            );
            for m in &a.met {
                let _ = writeln!(out, "    ✓ {m}");
            }
            for m in &a.not_met {
                let _ = writeln!(out, "    ✗ {m}");
            }
            for m in &a.to_check {
                let _ = writeln!(out, "    ? {}", fmt.text(m));
            }
        }
        eprintln!("{on} 现行有效、可能适用的措施 {} 项{}", found.len(), if args.all { "（含条件不符的）" } else { "" });
    }
    ExitCode::SUCCESS
}
