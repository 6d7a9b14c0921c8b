//! The `gongwen` command.

mod eval;
mod eval_beyond;
mod eval_links;
mod eval_measures;
mod eval_targets;
mod eval_tasks;
mod extract;
mod find;
mod register;
mod reveal;
mod search;
mod serve;
mod tables;
mod tasks;
mod works;

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use clap::{Parser, Subcommand};
use gongwen_model::Document;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "gongwen", version, about = "Chinese government gazettes and 公文 as a structured, linked knowledge base")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const PARSE_HELP: &str = "\
Prints one JSON object per document (JSON Lines) on stdout. Warnings and
errors go to stderr as `file:line: message`; a file that cannot be read is
reported and skipped, and the exit code is non-zero only if nothing parsed.

Input: gazette text extracted from PDF, a single 公文 as plain text, a law in
the Markdown layout of the laws corpus (.md), a portal page (.html), or a PDF
with a text layer (read directly: lines in reading order, page numbers and
running headers removed). UTF-8, UTF-16 with BOM and GB18030/GBK are decoded.
A directory is walked.

Fields of each JSON line:
  source              the path as given
  source_kind         gazette | single | law_markdown | html | pdf
  line_start/line_end 1-based inclusive lines of the document in the source
                      (for a PDF: lines of its text layer in reading order)
  page_start/page_end PDF only: first and last page the document is printed on
  doc_number          canonical 发文字号 (武政规〔2024〕6号) or null
  doc_number_parts    {agency, year, serial} or null
  order               a 令 or 公告 numbered in its own series: its order number
                      (山东省人民政府令第345号); absent otherwise
  title               title, unwrapped, spaces removed
  issuers             发文机关 as printed (版头, title prefix or signature)
  issuers_full        the same with abbreviations expanded (data/orgs.toml)
  date                成文日期 YYYY-MM-DD or null (laws: latest 通过/公布/修正)
  doc_type            文种 (通知, 决定, 意见 …; 报告; 人事任免; laws: 法, 条例 …)
  enclosed_type       for 印发/转发 notices: kind of the enclosed text (办法, 方案 …)
  section             gazette section (市级文件选登 …) or null
  embedded_in         文号/title of the document this one is republished in, or null
  addressees          主送机关
  signers             organs of the signature block
  attachments         titles in the 附件说明
  copy_to             抄送机关
  printing            {organ, date, line} of the 印发 line, or null
  history_note        题注 of a republished text, verbatim
  events              laws: [{date, kind (通过|公布|修正|修订|施行), text, line}]
  outline             nested nodes {kind, label, heading, text, line_start, line_end, children};
                      labels form addresses: 三/（四）, 第二章/第十三条, 附件1
  fingerprint         hash of the content characters (layout-independent)
  duplicate_of        {source, line_start, line_end} of an earlier copy, or null
  warnings            [{code, message, source, line}]
  text                the body, one normalised paragraph per line";

#[derive(Subcommand)]
enum Command {
    /// Parse gazette/公文/law/HTML/PDF files into documents (JSON Lines).
    #[command(long_about = PARSE_HELP)]
    Parse {
        /// Files or directories to parse.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Leave out the `text` field (smaller output).
        #[arg(long)]
        no_text: bool,
        /// Print the table of contents entries found, one JSON line each, instead of documents.
        #[arg(long)]
        toc: bool,
        /// Print phone and ID numbers in clear (local output only; nothing is stored).
        #[arg(long)]
        unmasked: bool,
    },
    /// Parse files and record their documents, citations and lifecycle clauses in the store.
    #[command(long_about = INGEST_HELP)]
    Ingest {
        /// Files or directories to ingest.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: Db,
    },
    /// A document's status (in force, repealed …) on a date, with the evidence.
    Status {
        /// 文号 (any bracket variant) or title.
        doc: String,
        /// The date to answer for (YYYY-MM-DD); today if not given.
        #[arg(long, value_parser = register::parse_date)]
        on: Option<gongwen_model::Date>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// Amendment decisions applied to the version before them: per operation
    /// applied or why not, and the result against the republished text.
    Amendments {
        /// One decision (文号 or title); all decisions if not given.
        decision: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// Metadata, outline, status and links of one document.
    Show {
        /// 文号, title, work name or its address (/eli/…).
        doc: String,
        /// Show the work's version in force on this date (YYYY-MM-DD).
        #[arg(long, value_parser = register::parse_date)]
        on: Option<gongwen_model::Date>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// The documents a document cites, with the relation (repeals, amends …).
    Cites {
        doc: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// The documents that cite a document.
    CitedBy {
        doc: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// Full-text search: words, phrases, 文号; filters and facet counts.
    Search {
        #[command(flatten)]
        args: search::SearchArgs,
        #[command(flatten)]
        db: Db,
    },
    /// Serve the JSON API and the web reading room (optionally ingesting first).
    Serve {
        #[command(flatten)]
        args: serve::ServeArgs,
        #[command(flatten)]
        db: Db,
    },
    /// Support measures (amounts, rates, caps, conditions) read from the stored documents.
    Measures {
        #[command(flatten)]
        args: extract::MeasureArgs,
        #[command(flatten)]
        db: Db,
    },
    /// Policy finder: measures in force an enterprise profile (TOML/JSON) may qualify for.
    Find {
        #[command(flatten)]
        args: find::FindArgs,
        #[command(flatten)]
        db: Db,
    },
    /// Precision and recall of measures and tasks against the hand labels (eval/labels.toml);
    /// `--docs` for document metadata accuracy per source (eval/docs.toml).
    Eval(eval::EvalArgs),
    /// Tasks with their units by role (牵头/责任/配合/指导) and deadlines; `--ics` for a calendar.
    Tasks {
        #[command(flatten)]
        args: tasks::TaskArgs,
        #[command(flatten)]
        db: Db,
    },
    /// Tables of one document, recovered from the flattened text, with stated totals checked.
    Tables {
        #[command(flatten)]
        args: tables::TableArgs,
        #[command(flatten)]
        db: Db,
    },
    /// Numeric targets (到2025年…达到…), firm or aspirational, with responsible units.
    Targets {
        #[command(flatten)]
        args: tables::TargetArgs,
        #[command(flatten)]
        db: Db,
    },
    /// The 人事任免 ledger (appointments, removals, elections); `--roster` for leading groups.
    People {
        #[command(flatten)]
        args: extract::PeopleArgs,
        #[command(flatten)]
        db: Db,
    },
    /// List stored documents, filtered.
    List {
        /// Issuer, full or abbreviated (市经信局, 区发改局); expanded through data/orgs.toml.
        #[arg(long)]
        issuer: Option<String>,
        /// 文种 (通知, 决定, 意见 …).
        #[arg(long = "type")]
        doc_type: Option<String>,
        /// Year of the 成文日期 or of the 文号.
        #[arg(long)]
        year: Option<u16>,
        /// Show each document's status on this date (YYYY-MM-DD).
        #[arg(long, value_parser = register::parse_date)]
        status_on: Option<gongwen_model::Date>,
        /// List only the documents known only through references (stubs);
        /// without it, only documents with their text.
        #[arg(long)]
        stubs: bool,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: Db,
    },
    /// Which store, index and data files (GONGWEN_DATA or built-in) this gongwen uses.
    Doctor {
        #[command(flatten)]
        db: Db,
    },
    /// Benchmark input: copies of real documents with every year shifted by
    /// the copy's number, so 文号 and dates (and so document identities) differ.
    #[command(hide = true)]
    GenCorpus(GenArgs),
    /// Export the register: `docs` and `links` as JSON Lines, `register` as CSV
    /// (UTF-8 with BOM, the columns of the web register's download).
    Export {
        #[arg(value_parser = ["docs", "links", "register", "akn"])]
        what: String,
        /// `akn`: the work (address, name, 文号 or title) whose versions to write.
        work: Option<String>,
        /// Write here instead of stdout (`akn`: the directory, `.` if not given).
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Do not mask phone and ID numbers.
        #[arg(long)]
        unmasked: bool,
        /// `register`: the status column on this date (YYYY-MM-DD); today if not given.
        #[arg(long, value_parser = register::parse_date)]
        on: Option<gongwen_model::Date>,
        /// `register`: every document with text, not only 规范性文件 (as the web register's 含非规范性文件).
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        db: Db,
    },
}

#[derive(clap::Args)]
struct GenArgs {
    /// Files or directories of real documents to vary.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output directory (one sub-directory per copy).
    #[arg(long)]
    out: PathBuf,
    /// Number of copies.
    #[arg(long, default_value_t = 10)]
    times: u32,
}

#[derive(clap::Args)]
struct Db {
    /// Store directory (holds gongwen.sqlite3).
    #[arg(long, default_value = gongwen_store::DEFAULT_DIR)]
    db: PathBuf,
}

const INGEST_HELP: &str = "\
Parses the files (as `gongwen parse` does) and records documents, citations
and lifecycle clauses in the store (default ./gongwen-data/gongwen.sqlite3).

Re-ingesting an unchanged file does nothing (content hash); a changed file
replaces what it contributed. The whole run is one transaction: interrupted,
it leaves the store as it was. A file that cannot be read or parsed is
reported and skipped. Citations are resolved by 文号, then title, then 政府令
number; what resolves to nothing is kept as a document known only by reference.";

fn main() -> ExitCode {
    // `gongwen list | head`: when the reader closes the pipe, end quietly as
    // Unix tools do, rather than panic in println! on the broken pipe.
    #[cfg(unix)]
    // SAFETY: restores the default disposition of one signal before any
    // thread starts; no handler runs Rust code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
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
        let mut docs = docs.into_iter();
        loop {
            let chunk: Vec<Document> = docs.by_ref().take(PRINT_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let lines: Vec<(String, String)> = chunk
                .into_par_iter()
                .map(|mut d| {
                    if no_text {
                        d.text.clear();
                    }
                    let warnings: String = d.warnings.iter().map(|w| format!("警告：{}:{}：{}\n", w.source, w.line, w.message)).collect();
                    (warnings, serde_json::to_string(&d).expect("documents always serialise"))
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
