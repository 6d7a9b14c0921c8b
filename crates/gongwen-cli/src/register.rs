//! The register commands: ingest, status, show, cites, cited-by, list, export.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use gongwen_model::{Date, Relation};
use gongwen_store::query::{LinkRow, ListFilter};
use gongwen_store::{FileOutcome, Store, StatusReport, StoreError};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `println!` that stops quietly when stdout is closed (piped into `head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("错误：{e}");
    ExitCode::FAILURE
}

pub fn today() -> Date {
    Date::today()
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("“{s}”不是日期，应为 YYYY-MM-DD"))
}

pub fn ingest(k: &Arc<Knowledge>, files: &[PathBuf], db: &Path, missing_paths: usize) -> ExitCode {
    let started = std::time::Instant::now();
    let mut store = match Store::open(k.clone(), db) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(ProgressStyle::with_template("{spinner} 导入 [{bar:30}] {pos}/{len} {wide_msg}").unwrap().progress_chars("=> "));
    let report = store.ingest(files, |path, outcome| {
        bar.inc(1);
        bar.set_message(path.display().to_string());
        if let FileOutcome::Failed(e) = outcome {
            bar.suspend(|| eprintln!("错误：{}：{e}", path.display()));
        }
    });
    bar.finish_and_clear();
    let r = match report {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    eprintln!(
        "{} 个源文件：新增 {}，变更 {}，未变 {}，失败 {}；文件 {} 份，引用 {} 处（指向已收录文件 {} 处，指向仅见于引用的文件 {} 处），效力条款 {} 条；{:.2} 秒 → {}",
        files.len(),
        r.new,
        r.changed,
        r.unchanged,
        r.failed,
        r.documents,
        r.links,
        r.resolved_links,
        r.stub_links,
        r.clauses,
        started.elapsed().as_secs_f64(),
        store.path().display()
    );
    // What was read but not kept: one line each, so nothing is lost silently.
    for w in &r.warnings {
        eprintln!("警告：{} 第{}行：{}（{}）", w.source, w.line, w.message, w.code);
    }
    // The store is committed and stays so; an index that cannot be written
    // (a full disk) fails the run, saying what is intact.
    if let Err(e) = crate::search::synced_index(&store) {
        return fail(format!("{e}（存储已更新且完好；检索索引保持上次完整的状态，下次 `gongwen search` 时更新）"));
    }
    if r.failed + missing_paths > 0 && r.new + r.changed + r.unchanged == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_json(v: &impl serde::Serialize) -> ExitCode {
    say!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
    ExitCode::SUCCESS
}

fn range(from: Option<Date>, until: Option<Date>) -> String {
    let show = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_else(|| "…".into());
    format!("{} – {}", show(from), show(until))
}

fn print_status(r: &StatusReport) {
    use gongwen_server::msg;
    say!("{}{}", r.doc.label(), if r.doc.stub { "（仅见于引用）" } else { "" });
    say!("{}：{}（{}）", r.on, r.status.label_zh(), range(r.from, r.until));
    for e in &r.evidence {
        say!("  依据：{} — {}:{} — {}", e.by, e.source, e.line, e.text);
    }
    if let Some(v) = &r.version {
        say!("  本版本：{}", version_line(v));
    }
    say!("效力时间线：");
    for s in &r.timeline.segments {
        let ev: Vec<String> = s.evidence.iter().map(|e| format!("{} @{}:{}", e.by, short(&e.source), e.line)).collect();
        let mut label = if s.amended { format!("{}（修改后）", s.status.label_zh()) } else { s.status.label_zh().to_string() };
        if s.suspended {
            label.push_str("（部分条款暂停实施）");
        }
        say!("  {} {} {}", pad(&range(s.from, s.until), 25), pad(&label, 18), ev.join("；"));
    }
    for c in &r.timeline.conflicts {
        say!(
            "相互矛盾（{}）：采用 {} 的“{}”，未采用 {} 的“{}”；{}",
            msg::conflict_about(c),
            c.chosen.evidence.by,
            msg::fact(&c.chosen.fact),
            c.other.evidence.by,
            msg::fact(&c.other.fact),
            msg::resolution(c)
        );
    }
}

/// 已被修订（2022-05-01 起），现行版本 …/2022-04-20；共 2 个版本，见 /eli/…
fn version_line(v: &gongwen_store::works::Standing) -> String {
    let since = v.superseded_from.filter(|_| v.currency == gongwen_model::Currency::Superseded).map(|d| format!("（{d} 起）")).unwrap_or_default();
    let current = v.current.as_ref().map(|c| format!("，现行版本 {c}")).unwrap_or_default();
    format!("{}{since}{current}；共 {} 个版本，见 {}", v.currency.label_zh(), v.versions, v.work.eli)
}

fn short(path: &str) -> &str {
    Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path)
}

pub fn status(k: &Arc<Knowledge>, db: &Path, doc: &str, on: Option<Date>, json: bool) -> ExitCode {
    let result = Store::open_read_only(k.clone(), db).and_then(|s| {
        let d = s.find(doc)?;
        s.status(&d, on.unwrap_or_else(today))
    });
    match result {
        Ok(r) if json => print_json(&r),
        Ok(r) => {
            print_status(&r);
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn print_links(rows: &[LinkRow], arrow: &str) {
    for l in rows {
        let other = l.other.as_ref().map(|d| format!("{}{}", d.label(), if d.stub { "（仅见于引用）" } else { "" })).unwrap_or_default();
        // A suspension's end is when the provisions apply again, not a term.
        let until = |u: &String| if l.relation == Relation::Suspends { format!("暂停至{u}") } else { format!("有效期至{u}") };
        let extra = match (&l.class, &l.until) {
            (Some(c), Some(u)) => format!("［{c}；{}］", until(u)),
            (Some(c), None) => format!("［{c}］"),
            (None, Some(u)) => format!("［{}］", until(u)),
            _ => String::new(),
        };
        say!("  {} {arrow} {other}{extra}  @{}:{}", pad(l.relation.label_zh(), 10), short(&l.source), l.line);
    }
}

pub fn links(k: &Arc<Knowledge>, db: &Path, doc: &str, incoming: bool, json: bool) -> ExitCode {
    let result = Store::open_read_only(k.clone(), db).and_then(|s| {
        let d = s.find(doc)?;
        let rows = if incoming { s.cited_by(&d)? } else { s.cites(&d)? };
        Ok((d, rows))
    });
    match result {
        Ok((_, rows)) if json => print_json(&rows),
        Ok((d, rows)) => {
            say!("{} — {} 处{}", d.label(), rows.len(), if incoming { "被引用" } else { "引用" });
            print_links(&rows, if incoming { "←" } else { "→" });
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

pub fn show(k: &Arc<Knowledge>, db: &Path, doc: &str, json: bool) -> ExitCode {
    let result = (|| -> Result<_, StoreError> {
        let s = Store::open_read_only(k.clone(), db)?;
        let d = s.find(doc)?;
        let status = s.status(&d, today())?;
        let document = s.document(&d)?;
        let sources = s.sources(&d)?;
        let out = s.cites(&d)?;
        let inc = s.cited_by(&d)?;
        Ok((d, status, document, sources, out, inc))
    })();
    let (d, status, document, sources, out, inc) = match result {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    if json {
        return print_json(&serde_json::json!({
            "doc": d, "status": status, "document": document,
            "sources": sources.iter().map(|(p, a, b, parent)| serde_json::json!({"source": p, "line_start": a, "line_end": b, "republished_in": parent})).collect::<Vec<_>>(),
            "cites": out, "cited_by": inc,
        }));
    }
    say!("{}", d.label());
    if let Some(doc) = &document {
        say!("  发文机关  {}", doc.issuers_full.join("、"));
        say!("  成文日期  {}", doc.date.map(|x| x.to_string()).unwrap_or_default());
        say!("  文种      {}", doc.doc_type.clone().unwrap_or_default());
    } else {
        say!("  （仅见于引用）");
    }
    for (p, a, b, parent) in &sources {
        say!("  来源      {p}:{a}-{b}{}", parent.as_ref().map(|x| format!("（载于{x}）")).unwrap_or_default());
    }
    say!("  状态      {}：{}（{}）", status.on, status.status.label_zh(), range(status.from, status.until));
    if let Some(v) = &status.version {
        say!("  版本      {}", version_line(v));
    }
    if let Some(e) = status.timeline.effective {
        say!("  施行      {e}");
    }
    match (status.timeline.expires, status.timeline.indefinite) {
        (Some(x), _) => say!("  有效期至  {x}"),
        (None, true) => say!("  有效期    长期有效"),
        _ => {}
    }
    if let Some(doc) = &document {
        if !doc.outline.is_empty() {
            say!("  目录：");
            for n in &doc.outline {
                say!("    {} {}", n.label, n.heading.clone().unwrap_or_default());
            }
        }
    }
    say!("  引用（{}）：", out.len());
    print_links(&out, "→");
    say!("  被引用（{}）：", inc.len());
    print_links(&inc, "←");
    ExitCode::SUCCESS
}

/// `s` padded with spaces to `width` terminal columns (a CJK character
/// takes two), never cut.
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// With `stubs`, only the documents known through references; else only
/// documents with text.
pub fn list(k: &Arc<Knowledge>, db: &Path, filter: ListFilter, stubs: bool, json: bool) -> ExitCode {
    let mut rows = match Store::open_read_only(k.clone(), db).and_then(|s| s.list(&filter)) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    rows.retain(|r| r.doc.stub == stubs);
    if json {
        return print_json(&rows);
    }
    let number_width = rows.iter().filter_map(|r| r.doc.doc_number.as_deref()).map(unicode_width::UnicodeWidthStr::width).max().unwrap_or(0);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in &rows {
        let _ = writeln!(
            out,
            "{}  {}  {}{}",
            pad(r.doc.date.as_deref().unwrap_or(""), 10),
            pad(r.doc.doc_number.as_deref().unwrap_or(""), number_width),
            r.doc.title,
            r.status.map(|s| format!("  [{}]", s.label_zh())).unwrap_or_default()
        );
    }
    eprintln!("{} 份文件{}", rows.len(), if stubs { "（仅见于引用）" } else { "" });
    ExitCode::SUCCESS
}

/// `gongwen doctor`: the store, index and data files in use, one line each.
pub fn doctor(k: &Arc<Knowledge>, db: &Path) -> ExitCode {
    say!("gongwen {}", env!("CARGO_PKG_VERSION"));
    match Store::open_read_only(k.clone(), db) {
        Ok(store) => {
            let all = ListFilter { include_stubs: true, ..ListFilter::default() };
            let (docs, stubs) = store.list(&all).map(|rows| (rows.len(), rows.iter().filter(|r| r.doc.stub).count())).unwrap_or((0, 0));
            say!("存储：{}（{} 份文件，其中 {} 份仅见于引用）", store.path().display(), docs, stubs);
            let index = gongwen_index::SearchIndex::dir_for(store.path());
            say!("索引：{}（{}）", index.display(), if index.is_dir() { "已建立" } else { "尚未建立，首次检索时建立" });
        }
        Err(e) => say!("存储：{}（无法打开：{e}）", db.display()),
    }
    match std::env::var_os("GONGWEN_DATA") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let mut files: Vec<String> = std::fs::read_dir(&dir)
                .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().to_string()).filter(|n| n.ends_with(".toml")).collect())
                .unwrap_or_default();
            files.sort();
            if files.is_empty() {
                say!("数据：GONGWEN_DATA={} 中没有 .toml 文件，全部使用内置数据", dir.display());
            } else {
                say!("数据：GONGWEN_DATA={}（采用其中的 {}；其余使用内置数据）", dir.display(), files.join("、"));
            }
        }
        None => say!("数据：内置（未设置 GONGWEN_DATA）"),
    }
    ExitCode::SUCCESS
}

pub fn export(k: &Arc<Knowledge>, db: &Path, what: &str, out_path: Option<&Path>, unmasked: bool, on: Option<Date>, all: bool) -> ExitCode {
    let store = match Store::open_read_only(k.clone(), db) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut out: Box<dyn Write> = match out_path {
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => return fail(format!("{}: {e}", p.display())),
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    // Unmasking is a filter over the masked export: the originals are learnt
    // again from the sources on this machine (see `reveal`).
    let mut buf = Vec::new();
    let sink: &mut dyn Write = if unmasked { &mut buf } else { &mut out };
    let result = match what {
        "docs" => store.export_docs(sink, today()).map_err(|e| e.to_string()),
        "links" => store.export_links(sink).map_err(|e| e.to_string()),
        "register" => export_register(&store, sink, on.unwrap_or_else(today), all),
        _ => unreachable!("clap restricts the values"),
    };
    if unmasked {
        crate::reveal::enable(k, &store);
        let _ = out.write_all(crate::reveal::text(&String::from_utf8_lossy(&buf)).as_bytes());
    }
    let _ = out.flush();
    match result {
        Ok(n) => {
            eprintln!("已导出 {n} 行（{what}）");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// The register as the web download has it (one builder, one writer): the
/// rows come from the search index's metadata, synced first.
fn export_register(store: &Store, out: &mut dyn Write, on: Date, all: bool) -> Result<usize, String> {
    let index = crate::search::synced_index(store).map_err(|e| e.to_string())?;
    let rows = gongwen_server::register::rows(&index.meta(), on, all);
    gongwen_server::register::write_register_csv(out, &rows).map_err(|e| format!("目录 CSV：{e}"))
}

/// Writes `times` variants of each file under `out/<k>/`: every year (in 文号
/// brackets and in dates) is shifted by k, so each copy holds new documents
/// with the same structure, citations and clauses as the real ones.
pub fn gen_corpus(files: &[PathBuf], out: &Path, times: u32) -> ExitCode {
    let year = regex::Regex::new(r"(19|20)(\d{2})(\s*[年〕\]］)）])").unwrap();
    let mut written = 0usize;
    for k in 0..times {
        let dir = out.join(k.to_string());
        for (i, f) in files.iter().enumerate() {
            let Ok(text) = std::fs::read_to_string(f) else { continue };
            let shifted = year.replace_all(&text, |c: &regex::Captures| {
                let y: u32 = format!("{}{}", &c[1], &c[2]).parse().unwrap_or(2000);
                format!("{}{}", y + k, &c[3])
            });
            let name = format!("{i:05}-{}", f.file_name().and_then(|n| n.to_str()).unwrap_or("file"));
            if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(dir.join(name), shifted.as_bytes())) {
                return fail(format!("{}: {e}", dir.display()));
            }
            written += 1;
        }
    }
    eprintln!("已在 {} 下写出 {written} 个文件", out.display());
    ExitCode::SUCCESS
}
