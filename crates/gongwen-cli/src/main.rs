//! The `gongwen` command.

mod eval;
mod eval_beyond;
mod eval_links;
mod eval_measures;
mod eval_targets;
mod eval_tasks;
mod extract;
mod find;
mod help_zh;
mod register;
mod reveal;
mod search;
mod serve;
mod tables;
mod tasks;
mod works;

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use gongwen_model::Document;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "gongwen", version, about = "把政府公报和公文整理成结构化、互相链接的知识库")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const PARSE_HELP: &str = "\
把公报、公文、法律、HTML、PDF 文件解析为一份份文件，在标准输出上每份文件输出一行
JSON 对象（JSON Lines）。警告和错误写到标准错误，形如 `警告：路径:行号：说明`；
读不了的文件报告后跳过，只有一份文件也没解析出来时退出码才非零。

输入：从 PDF 提取的公报文本、单份公文的纯文本、法律语料库 Markdown 版式的法律（.md）、
门户网站页面（.html），或带文字层的 PDF（直接读取：按阅读顺序取行，去掉页码和页眉）。
可解码 UTF-8、带 BOM 的 UTF-16 以及 GB18030/GBK。给出目录时遍历其中的文件。

每行 JSON 的字段：
  `source`              给出的路径
  `source_kind`         `gazette` | `single` | `law_markdown` | `html` | `pdf`
  `line_start`/`line_end` 文件在源文件中的首行和末行（从 1 起，含两端；PDF 为其文字层按阅读顺序的行）
  `page_start`/`page_end` 仅 PDF：文件所在的第一页和最后一页
  `doc_number`          规范化的发文字号（武政规〔2024〕6号），或 `null`
  `doc_number_parts`    {`agency`, `year`, `serial`}，或 `null`
  `order`               自成序列编号的令或公告：其令号（山东省人民政府令第345号）；否则没有此字段
  `title`               标题，已接排、去掉空格
  `issuers`             发文机关，照印（版头、标题前缀或落款）
  `issuers_full`        同上，简称已展开（data/orgs.toml）
  `date`                成文日期 YYYY-MM-DD，或 `null`（法律：最近一次通过/公布/修正的日期）
  `doc_type`            文种（通知、决定、意见 …；报告；人事任免；法律：法、条例 …）
  `enclosed_type`       印发、转发类通知：所附文件的种类（办法、方案 …）
  `section`             公报栏目（市级文件选登 …），或 `null`
  `embedded_in`         转载本文件的那份文件的文号或标题，或 `null`
  `addressees`          主送机关
  `signers`             落款机关
  `attachments`         附件说明中的附件标题
  `copy_to`             抄送机关
  `printing`            印发行 {`organ`, `date`, `line`}，或 `null`
  `history_note`        转载文本的题注，照录
  `events`              法律：[{`date`, `kind`（通过|公布|修正|修订|施行）, `text`, `line`}]
  `outline`             嵌套的结构节点 {`kind`, `label`, `heading`, `text`, `line_start`, `line_end`, `children`}；
                        各级编号连起来就是地址：三/（四）、第二章/第十三条、附件1
  `fingerprint`         正文字符的哈希（与版式无关）
  `duplicate_of`        先出现的同一文本 {`source`, `line_start`, `line_end`}，或 `null`
  `warnings`            [{`code`, `message`, `source`, `line`}]
  `text`                正文，每行一个规范化的段落";

#[derive(Subcommand)]
enum Command {
    /// 把公报、公文、法律、HTML、PDF 文件解析为文件记录（JSON Lines）
    #[command(long_about = PARSE_HELP)]
    Parse {
        /// 要解析的文件或目录
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 不输出 `text` 字段（输出更小）
        #[arg(long)]
        no_text: bool,
        /// 改为输出找到的目录条目，每条一行 JSON
        #[arg(long)]
        toc: bool,
        /// 电话号码和身份证号不打码（仅本地输出，不存储任何内容）
        #[arg(long)]
        unmasked: bool,
    },
    /// 解析文件，把其中的文件、引用和效力条款记入存储
    #[command(long_about = INGEST_HELP)]
    Ingest {
        /// 要导入的文件或目录
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: Db,
    },
    /// 文件在某日的效力状态（现行有效、已废止 …）及依据
    Status {
        /// 文号（括号写法不限）或标题
        doc: String,
        /// 查询哪一天的状态（YYYY-MM-DD），不给则为今天
        #[arg(long, value_parser = register::parse_date)]
        on: Option<gongwen_model::Date>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// 把修改决定逐项适用于其前一版本：每项修改是否适用成功、未成功的原因，以及修改结果与重新公布文本的比对
    Amendments {
        /// 某一修改决定（文号或标题），不给则为全部修改决定
        decision: Option<String>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// 一份文件的元数据、结构、效力状态和关联
    Show {
        /// 文号、标题、作品名称或其地址（/eli/…）
        doc: String,
        /// 显示作品在该日（YYYY-MM-DD）有效的版本
        #[arg(long, value_parser = register::parse_date)]
        on: Option<gongwen_model::Date>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// 一份文件引用的文件及引用关系（废止、修改 …）
    Cites {
        /// 文号或标题
        doc: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// 引用某份文件的文件
    CitedBy {
        /// 文号或标题
        doc: String,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// 全文检索：词语、短语、文号；可筛选，并给出分面计数
    Search {
        #[command(flatten)]
        args: search::SearchArgs,
        #[command(flatten)]
        db: Db,
    },
    /// 提供 JSON API 和网页阅览室（可先导入文件）
    Serve {
        #[command(flatten)]
        args: serve::ServeArgs,
        #[command(flatten)]
        db: Db,
    },
    /// 从已存储文件中读出的扶持措施（金额、比例、上限、条件）
    Measures {
        #[command(flatten)]
        args: extract::MeasureArgs,
        #[command(flatten)]
        db: Db,
    },
    /// 政策匹配：企业画像（TOML/JSON）可能符合的现行有效措施
    Find {
        #[command(flatten)]
        args: find::FindArgs,
        #[command(flatten)]
        db: Db,
    },
    /// 对照人工标注（eval/labels.toml）评测措施和任务的准确率与召回率；`--docs` 按来源评测文件元数据的准确率（eval/docs.toml）
    Eval(eval::EvalArgs),
    /// 任务及其各角色单位（牵头/责任/配合/指导）和完成时限；`--ics` 生成日历
    Tasks {
        #[command(flatten)]
        args: tasks::TaskArgs,
        #[command(flatten)]
        db: Db,
    },
    /// 从展平的正文中还原一份文件的表格，并核对其中写明的合计
    Tables {
        #[command(flatten)]
        args: tables::TableArgs,
        #[command(flatten)]
        db: Db,
    },
    /// 数值目标（到2025年…达到…），约束性或预期性，及责任单位
    Targets {
        #[command(flatten)]
        args: tables::TargetArgs,
        #[command(flatten)]
        db: Db,
    },
    /// 人事任免台账（任命、免职、选举）；`--roster` 列出领导小组成员
    People {
        #[command(flatten)]
        args: extract::PeopleArgs,
        #[command(flatten)]
        db: Db,
    },
    /// 按条件列出已存储的文件
    List {
        /// 发文机关，全称或简称（市经信局、区发改局），简称按 data/orgs.toml 展开
        #[arg(long)]
        issuer: Option<String>,
        /// 文种（通知、决定、意见 …）
        #[arg(long = "type")]
        doc_type: Option<String>,
        /// 成文日期或文号中的年份
        #[arg(long)]
        year: Option<u16>,
        /// 显示每份文件在该日（YYYY-MM-DD）的效力状态
        #[arg(long, value_parser = register::parse_date)]
        status_on: Option<gongwen_model::Date>,
        /// 只列出仅经引用得知、没有正文的文件（存根）；不加此项则只列有正文的文件
        #[arg(long)]
        stubs: bool,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// 本 gongwen 使用的存储、检索索引和数据文件（GONGWEN_DATA 或内置）
    Doctor {
        #[command(flatten)]
        db: Db,
    },
    /// 基准测试输入：真实文件的副本，每份副本的年份都按其序号平移，文号和日期（因而文件身份）各不相同
    #[command(hide = true)]
    GenCorpus(GenArgs),
    /// 导出登记簿：`docs` 和 `links` 为 JSON Lines，`register` 为 CSV（带 BOM 的 UTF-8，列与网页登记簿下载的一致），`akn` 为 Akoma Ntoso 文件
    Export {
        /// 导出什么
        #[arg(value_parser = export_kinds())]
        what: String,
        /// `akn`：要写出其各版本的作品（地址、名称、文号或标题）
        work: Option<String>,
        /// 写到这里而不是标准输出（`akn`：目录，不给则为 `.`）
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// 电话号码和身份证号不打码
        #[arg(long)]
        unmasked: bool,
        /// `register`：状态列按该日（YYYY-MM-DD）计算，不给则为今天
        #[arg(long, value_parser = register::parse_date)]
        on: Option<gongwen_model::Date>,
        /// `register`：所有有正文的文件，不只是规范性文件（同网页登记簿的“含非规范性文件”）
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        db: Db,
    },
}

#[derive(clap::Args)]
struct GenArgs {
    /// 作为底本的真实文件或目录
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 输出目录（每份副本一个子目录）
    #[arg(long)]
    out: PathBuf,
    /// 副本份数
    #[arg(long, default_value_t = 10)]
    times: u32,
}

#[derive(clap::Args)]
struct Db {
    /// 存储目录（存放 gongwen.sqlite3）
    #[arg(long, default_value = gongwen_store::DEFAULT_DIR)]
    db: PathBuf,
}

/// `export`'s first argument: the machine spellings, each with its Chinese name.
fn export_kinds() -> clap::builder::PossibleValuesParser {
    use clap::builder::PossibleValue;
    clap::builder::PossibleValuesParser::new([("docs", "文件（JSON Lines）"), ("links", "关联（JSON Lines）"), ("register", "登记簿（CSV）"), ("akn", "作品的各版本（Akoma Ntoso）")]
        .map(|(v, zh)| PossibleValue::new(v).help(zh)))
}

const INGEST_HELP: &str = "\
解析文件（同 `gongwen parse`），把文件、引用和效力条款记入存储
（默认 ./gongwen-data/gongwen.sqlite3）。

未改动的文件再次导入时不做任何事（按内容哈希判断）；改动过的文件替换它先前带来的
内容。整次运行是一个事务：中途中断，存储保持原样。读不了或解析不了的文件报告后跳过。
引用依次按文号、标题、政府令令号解析；哪个都对不上的，保留为仅经引用得知的文件（存根）。";

fn main() -> ExitCode {
    // `gongwen list | head`: when the reader closes the pipe, end quietly as
    // Unix tools do, rather than panic in println! on the broken pipe.
    #[cfg(unix)]
    // SAFETY: restores the default disposition of one signal before any
    // thread starts; no handler runs Rust code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let matches = match help_zh::localise(Cli::command()).try_get_matches() {
        Ok(m) => m,
        Err(e) => return help_zh::error(&e),
    };
    if let Some(("help", m)) = matches.subcommand() {
        return help_zh::print(help_zh::localise(Cli::command()), m);
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return help_zh::error(&e),
    };
    // The 公文 knowledge is checked once, before any work: a bad file in
    // GONGWEN_DATA stops here with one line naming it.
    // Every stage is given this knowledge; no stage reads a global.
    let dir = std::env::var_os("GONGWEN_DATA");
    let knowledge = match Knowledge::load(dir.as_deref().map(std::path::Path::new)) {
        Ok(k) => Arc::new(k),
        Err(e) => {
            eprintln!("gongwen: GONGWEN_DATA：{e}");
            return ExitCode::FAILURE;
        }
    };
    let k = &knowledge;
    match cli.command {
        Command::Parse { paths, no_text, toc, unmasked } => parse(k, &paths, no_text, toc, unmasked),
        Command::Ingest { paths, db } => {
            let mut missing = 0;
            let files = collect_files(&paths, &mut missing);
            register::ingest(k, &files, &db.db, missing)
        }
        Command::Status { doc, on, json, db } => register::status(k, &db.db, &doc, on, json),
        Command::Show { doc, on, json, db } => works::show(k, &db.db, &doc, on, json),
        Command::Cites { doc, json, db } => register::links(k, &db.db, &doc, false, json),
        Command::CitedBy { doc, json, db } => register::links(k, &db.db, &doc, true, json),
        Command::Search { args, db } => search::search(k, &db.db, &args),
        Command::Serve { args, db } => serve::serve(k, &db.db, args),
        Command::Measures { args, db } => extract::run(k, &db.db, &args),
        Command::People { args, db } => extract::people(k, &db.db, &args),
        Command::Tasks { args, db } => tasks::run(k, &db.db, &args),
        Command::Find { args, db } => find::run(k, &db.db, &args),
        Command::Eval(args) => eval::run(k, &args),
        Command::Tables { args, db } => tables::tables(k, &db.db, &args),
        Command::Targets { args, db } => tables::targets(k, &db.db, &args),
        Command::List { issuer, doc_type, year, status_on, stubs, json, db } => {
            let filter = gongwen_store::query::ListFilter { issuer, doc_type, year, status_on, include_stubs: stubs };
            register::list(k, &db.db, filter, stubs, json)
        }
        Command::Doctor { db } => register::doctor(k, &db.db),
        Command::GenCorpus(g) => {
            let mut missing = 0;
            let files = collect_files(&g.paths, &mut missing);
            register::gen_corpus(&files, &g.out, g.times)
        }
        Command::Export { what, work, out, unmasked, on, all, db } => match (what.as_str(), work) {
            ("akn", Some(w)) => works::export_akn(k, &db.db, &w, out.as_deref().unwrap_or(std::path::Path::new("."))),
            ("akn", None) => register::fail("export akn：请给出作品（地址、名称、文号或标题）"),
            (_, Some(w)) => register::fail(format!("export {what}：不接受作品参数“{w}”")),
            _ => register::export(k, &db.db, &what, out.as_deref(), unmasked, on, all),
        },
        Command::Amendments { decision, json, db } => works::amendments(k, &db.db, decision.as_deref(), json),
    }
}

/// Expands directories into files, printing each path that cannot be read.
fn collect_files(paths: &[PathBuf], errors: &mut usize) -> Vec<PathBuf> {
    let (files, problems) = gongwen_store::files::collect(paths);
    for p in &problems {
        eprintln!("错误：{p}");
    }
    *errors += problems.len();
    files
}

/// Files read and parsed at once, on all cores, before their results are
/// printed in input order: enough to keep the cores busy, few enough that
/// only this many files' bytes are held at a time.
const PARSE_CHUNK: usize = 256;

/// Documents serialised at once, on all cores, before they are written in order.
const PRINT_CHUNK: usize = 256;

fn parse(k: &Arc<Knowledge>, paths: &[PathBuf], no_text: bool, toc: bool, unmasked: bool) -> ExitCode {
    use rayon::prelude::*;
    let privacy = if unmasked { gongwen_parse::Privacy::Unmasked } else { gongwen_parse::Privacy::Masked };
    let mut errors = 0usize;
    let files = collect_files(paths, &mut errors);
    let mut docs: Vec<Document> = Vec::new();
    // Each document's work and addresses, as the store will give them.
    let mut works: Vec<gongwen_store::works::WorkId> = Vec::new();
    let mut parsed_files = 0usize;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // Files are independent: each chunk is parsed in parallel, then its
    // results are reported in input order, exactly as a sequential run would.
    for chunk in files.chunks(PARSE_CHUNK) {
        let results: Vec<Result<gongwen_parse::Parsed, String>> = chunk
            .par_iter()
            .map(|f| {
                let source = f.display().to_string();
                let bytes = std::fs::read(f).map_err(|e| gongwen_store::files::io_reason(&e))?;
                gongwen_parse::parse_paged(k, &source, &bytes, privacy).map_err(|e| e.to_string())
            })
            .collect();
        for (f, result) in chunk.iter().zip(results) {
            let source = f.display().to_string();
            match result {
                Ok(gongwen_parse::Parsed { file: pf, .. }) => {
                    parsed_files += 1;
                    for w in &pf.warnings {
                        eprintln!("警告：{}:{}：{}", w.source, w.line, w.message);
                    }
                    if toc {
                        for e in &pf.toc {
                            let _ = writeln!(out, "{}", serde_json::json!({"source": source, "entry": e}));
                        }
                    }
                    works.extend(gongwen_store::works::identify(k, &pf.documents));
                    docs.extend(pf.documents);
                }
                Err(e) => {
                    eprintln!("错误：{source}：{e}");
                    errors += 1;
                }
            }
        }
    }
    gongwen_parse::mark_duplicates(&mut docs);
    if !toc {
        /// A document as `parse` prints it: its fields, and its work.
        #[derive(serde::Serialize)]
        struct Line {
            #[serde(flatten)]
            doc: Document,
            work: gongwen_store::works::WorkId,
        }
        let mut docs = docs.into_iter().zip(works);
        loop {
            let chunk: Vec<(Document, gongwen_store::works::WorkId)> = docs.by_ref().take(PRINT_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let lines: Vec<(String, String)> = chunk
                .into_par_iter()
                .map(|(mut doc, work)| {
                    if no_text {
                        doc.text.clear();
                    }
                    let warnings: String = doc.warnings.iter().map(|w| format!("警告：{}:{}：{}\n", w.source, w.line, w.message)).collect();
                    (warnings, serde_json::to_string(&Line { doc, work }).expect("documents always serialise"))
                })
                .collect();
            for (warnings, line) in lines {
                eprint!("{warnings}");
                if writeln!(out, "{line}").is_err() {
                    // stdout closed (e.g. piped into `head`): nothing more to do.
                    return ExitCode::SUCCESS;
                }
            }
        }
    }
    let _ = out.flush();
    if parsed_files == 0 {
        if errors == 0 {
            eprintln!("错误：没有可解析的文件");
        }
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
