//! `gongwen search` and keeping the search index in step with the store.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use crate::register::{fail, today};
use gongwen_index::{SearchIndex, SearchRequest, SearchResults, Sort};
use gongwen_model::Status;
use gongwen_store::Store;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Opens the store's index and brings it up to date, with a progress bar on a terminal.
pub fn synced_index(store: &Store) -> Result<SearchIndex, gongwen_index::IndexError> {
    let bar = ProgressBar::new(0);
    bar.set_style(ProgressStyle::with_template("{spinner} 建立索引 [{bar:30}] {pos}/{len}").unwrap().progress_chars("=> "));
    let (index, report) = SearchIndex::open_synced(store, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if let Some(note) = index.note() {
        eprintln!("提示：{note}");
    }
    if let Some(r) = report {
        eprintln!(
            "检索索引：文件 {} 份，新编入 {} 份，删除 {} 份；{:.2} 秒，{:.1} MB → {}",
            r.documents,
            r.indexed,
            r.deleted,
            r.millis as f64 / 1000.0,
            index.size_bytes() as f64 / 1e6,
            if index.in_memory() { format!("{}（只读：索引建在内存中，不保存）", index.dir().display()) } else { index.dir().display().to_string() }
        );
    }
    Ok(index)
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// 检索词（同时满足）、"加引号的短语"、以 - 开头的排除词，或任意写法的文号；留空并给出筛选条件时，列出筛选出的文件
    #[arg(default_value = "")]
    pub query: String,
    /// 发文机关，全称或简称（市医保局）
    #[arg(long)]
    pub issuer: Option<String>,
    /// 文种（通知、决定、意见 …）
    #[arg(long = "type")]
    pub doc_type: Option<String>,
    /// 成文日期或文号中的年份
    #[arg(long)]
    pub year: Option<u16>,
    /// 公报栏目（规范性文件、市政府文件 …）或栏目名称的一部分
    #[arg(long)]
    pub section: Option<String>,
    /// 只列在 --on 当日处于此效力状态的文件
    #[arg(long, value_parser = status_parser())]
    pub status: Option<Status>,
    /// 按哪一天（YYYY-MM-DD）计算效力状态，不给则为今天
    #[arg(long, value_parser = crate::register::parse_date)]
    pub on: Option<gongwen_model::Date>,
    /// 不列仅经引用得知的文件（存根）
    #[arg(long)]
    pub no_stubs: bool,
    /// 按日期而不是相关度排序
    #[arg(long)]
    pub by_date: bool,
    /// 第几页
    #[arg(long, default_value_t = 1)]
    pub page: usize,
    /// 每页条数
    #[arg(long, default_value_t = 10)]
    pub per_page: usize,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

/// `--status`: the spellings of [`Status::ALL`], listed in `--help` and in
/// the error for any other word.
fn status_parser() -> impl clap::builder::TypedValueParser<Value = Status> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Status::ALL.map(|s| clap::builder::PossibleValue::new(s.as_str()).help(s.label_zh())))
        .try_map(|s| s.parse::<Status>())
}

impl SearchArgs {
    pub fn request(&self) -> SearchRequest {
        SearchRequest {
            issuer: self.issuer.clone(),
            doc_type: self.doc_type.clone(),
            year: self.year,
            section: self.section.clone(),
            status: self.status,
            include_stubs: !self.no_stubs,
            sort: if self.by_date { Sort::Date } else { Sort::Relevance },
            page: self.page,
            per_page: self.per_page,
            ..SearchRequest::new(&self.query, self.on.unwrap_or_else(today))
        }
    }
}

pub fn search(k: &Arc<Knowledge>, db: &Path, args: &SearchArgs) -> ExitCode {
    let store = match Store::open_read_only(k.clone(), db) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let index = match synced_index(&store) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    match index.search(&store, &args.request()) {
        Ok(r) if args.json => {
            let _ = serde_json::to_writer_pretty(std::io::stdout().lock(), &r);
            let _ = writeln!(std::io::stdout());
            ExitCode::SUCCESS
        }
        Ok(r) => {
            print(&r);
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn print(r: &SearchResults) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "共 {} 件（第 {} 页，状态按 {} 计；{} 微秒）", r.total, r.page, r.on, r.took_micros);
    for (i, h) in r.hits.iter().enumerate() {
        let n = (r.page - 1) * r.per_page + i + 1;
        let number = h.doc.doc_number.as_deref().map(|n| format!("{n} ")).unwrap_or_default();
        let _ = writeln!(out, "\n{n}. {number}《{}》［{}］{}{}", h.doc.title, h.status.label_zh(), h.doc.date.as_deref().unwrap_or(""), if h.doc.stub { "（仅见于引用）" } else { "" });
        let snippet: String = h.snippet.iter().map(|f| if f.mark { format!("【{}】", f.text) } else { f.text.clone() }).collect();
        if !snippet.is_empty() {
            let _ = writeln!(out, "   {snippet}");
        }
        for node in &h.nodes {
            let _ = writeln!(out, "   → {} {}（第 {} 行）", node.path.join(" "), node.heading.as_deref().unwrap_or(""), node.line);
        }
    }
    for (dim, values) in &r.facets {
        if values.is_empty() {
            continue;
        }
        let status = |v: &str| v.parse::<Status>().map_or_else(|_| v.to_string(), |s| s.label_zh().to_string());
        let shown: Vec<String> = values.iter().take(6).map(|f| format!("{} {}", if *dim == "status" { status(&f.value) } else { f.value.clone() }, f.count)).collect();
        let label = match *dim {
            "status" => "状态",
            "issuer" => "发文机关",
            "doc_type" => "文种",
            "year" => "年份",
            "section" => "栏目",
            other => other,
        };
        let _ = writeln!(out, "\n{label}：{}", shown.join(" · "));
    }
}
