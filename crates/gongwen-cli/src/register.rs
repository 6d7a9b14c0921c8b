//! The register commands: ingest, status, show, cites, cited-by, list, export.

use gongwen_model::Date;
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
    eprintln!("error: {e}");
    ExitCode::FAILURE
}

pub fn today() -> Date {
    Date::today()
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("`{s}` is not a date; use YYYY-MM-DD"))
}

pub fn ingest(files: &[PathBuf], db: &Path, missing_paths: usize) -> ExitCode {
    let started = std::time::Instant::now();
    let mut store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(ProgressStyle::with_template("{spinner} ingest [{bar:30}] {pos}/{len} {wide_msg}").unwrap().progress_chars("=> "));
    let report = store.ingest(files, |path, outcome| {
        bar.inc(1);
        bar.set_message(path.display().to_string());
        if let FileOutcome::Failed(e) = outcome {
            bar.suspend(|| eprintln!("error: {}: {e}", path.display()));
        }
    });
    bar.finish_and_clear();
    let r = match report {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    eprintln!(
        "{} files: {} new, {} changed, {} unchanged, {} failed; {} documents, {} citations ({} to stored documents, {} to documents known only by reference), {} lifecycle clauses; {:.2} s → {}",
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
        return fail(format!("{e} (the store is updated and intact; the index keeps its last complete state and `gongwen search` will update it)"));
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
    say!("{}{}", r.doc.label(), if r.doc.stub { "  (known only through references)" } else { "" });
    say!("on {}: {}  ({})", r.on, r.status.as_str(), range(r.from, r.until));
    for e in &r.evidence {
        say!("  evidence: {} — {}:{} — {}", e.by, e.source, e.line, e.text);
    }
    say!("timeline:");
    for s in &r.timeline.segments {
        let ev: Vec<String> = s.evidence.iter().map(|e| format!("{} @{}:{}", e.by, short(&e.source), e.line)).collect();
        say!("  {:<25} {:<17} {}", range(s.from, s.until), s.status.as_str(), ev.join("; "));
    }
    for c in &r.timeline.conflicts {
        say!(
            "conflict ({}): {} from {} vs {} from {} — {}",
            c.about, c.chosen.fact, c.chosen.evidence.by, c.other.fact, c.other.evidence.by, c.resolution
        );
    }
}

fn short(path: &str) -> &str {
    Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path)
}

pub fn status(db: &Path, doc: &str, on: Option<Date>, json: bool) -> ExitCode {
    let result = Store::open_read_only(db).and_then(|s| {
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
        let other = l.other.as_ref().map(|d| format!("{}{}", d.label(), if d.stub { " (ref only)" } else { "" })).unwrap_or_default();
        let extra = match (&l.class, &l.until) {
            (Some(c), Some(u)) => format!(" [{c}; until {u}]"),
            (Some(c), None) => format!(" [{c}]"),
            (None, Some(u)) => format!(" [until {u}]"),
            _ => String::new(),
        };
        say!("  {:<16} {arrow} {other}{extra}  @{}:{}", l.relation, short(&l.source), l.line);
    }
}

pub fn links(db: &Path, doc: &str, incoming: bool, json: bool) -> ExitCode {
    let result = Store::open_read_only(db).and_then(|s| {
        let d = s.find(doc)?;
        let rows = if incoming { s.cited_by(&d)? } else { s.cites(&d)? };
        Ok((d, rows))
    });
    match result {
        Ok((_, rows)) if json => print_json(&rows),
        Ok((d, rows)) => {
            say!("{} — {} {}", d.label(), rows.len(), if incoming { "citing documents' references" } else { "references" });
            print_links(&rows, if incoming { "←" } else { "→" });
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

pub fn show(db: &Path, doc: &str, json: bool) -> ExitCode {
    let result = (|| -> Result<_, StoreError> {
        let s = Store::open_read_only(db)?;
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
        say!("  (known only through references)");
    }
    for (p, a, b, parent) in &sources {
        say!("  source    {p}:{a}-{b}{}", parent.as_ref().map(|x| format!(" (republished in {x})")).unwrap_or_default());
    }
    say!("  status    {} on {} ({})", status.status.as_str(), status.on, range(status.from, status.until));
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
            say!("  outline:");
            for n in &doc.outline {
                say!("    {} {}", n.label, n.heading.clone().unwrap_or_default());
            }
        }
    }
    say!("  cites ({}):", out.len());
    print_links(&out, "→");
    say!("  cited by ({}):", inc.len());
    print_links(&inc, "←");
    ExitCode::SUCCESS
}

pub fn list(db: &Path, filter: ListFilter, json: bool) -> ExitCode {
    let rows = match Store::open_read_only(db).and_then(|s| s.list(&filter)) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if json {
        return print_json(&rows);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in &rows {
        let _ = writeln!(
            out,
            "{:<10}  {:<22}  {}{}",
            r.doc.date.clone().unwrap_or_default(),
            r.doc.doc_number.clone().unwrap_or_default(),
            r.doc.title,
            r.status.as_ref().map(|s| format!("  [{s}]")).unwrap_or_default()
        );
    }
    eprintln!("{} documents", rows.len());
    ExitCode::SUCCESS
}

pub fn export(db: &Path, what: &str, out_path: Option<&Path>, unmasked: bool) -> ExitCode {
    let store = match Store::open_read_only(db) {
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
        "docs" => store.export_docs(sink, today()),
        "links" => store.export_links(sink),
        "register" => store.export_register(sink, today()),
        _ => unreachable!("clap restricts the values"),
    };
    if unmasked {
        crate::reveal::enable(&store);
        let _ = out.write_all(crate::reveal::text(&String::from_utf8_lossy(&buf)).as_bytes());
    }
    let _ = out.flush();
    match result {
        Ok(n) => {
            eprintln!("{n} {what} rows");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
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
    eprintln!("{written} files written under {}", out.display());
    ExitCode::SUCCESS
}
