//! `gongwen eval`: precision and recall of measures and tasks against the
//! hand-checked labels in eval/labels.toml, on the corpus files they name;
//! with `--docs`, exact-match accuracy of document metadata (文号, title,
//! date, issuers) against eval/docs.toml, per source and split.

use crate::register::fail;
use gongwen_extract::{measures, tasks, Deadline, Role};
use gongwen_model::Document;
use gongwen_parse::text::compact;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct EvalArgs {
    /// The labels file.
    #[arg(long, default_value = "eval/labels.toml")]
    pub labels: PathBuf,
    /// Directory the labels' `file` paths are relative to.
    #[arg(long, default_value = "../shared/corpus")]
    pub corpus: PathBuf,
    /// Also list every miss and false alarm (with --docs: every mismatch).
    #[arg(long)]
    pub verbose: bool,
    /// Document metadata mode: accuracy of 文号, title, date and issuers
    /// against these labels (default eval/docs.toml), per source and split.
    #[arg(long, num_args = 0..=1, default_missing_value = "eval/docs.toml", value_name = "LABELS")]
    pub docs: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Labels {
    measures: Vec<Group<MeasureLabel>>,
    tasks: Vec<Group<TaskLabel>>,
}

#[derive(Deserialize)]
struct Group<T> {
    file: String,
    doc: String,
    scope: String,
    items: Vec<T>,
}

#[derive(Deserialize, Clone)]
struct MeasureLabel {
    line: usize,
    max_wan: f64,
}

#[derive(Deserialize, Clone)]
struct TaskLabel {
    line: usize,
    lead: Vec<String>,
    deadline: Option<String>,
}

#[derive(Default)]
struct Score {
    gold: usize,
    predicted: usize,
    matched: usize,
}

impl Score {
    fn line(&self, what: &str) -> String {
        let p = self.matched as f64 / self.predicted.max(1) as f64;
        let r = self.matched as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        format!("{what:<9} gold {:>3}  predicted {:>3}  matched {:>3}  precision {:.2}  recall {:.2}  F1 {:.2}", self.gold, self.predicted, self.matched, p, r, f)
    }
}

fn document(corpus: &Path, file: &str, doc: &str) -> Result<Document, String> {
    let path = corpus.join(file);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed = gongwen_parse::parse_bytes(file, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    parsed.documents.into_iter().find(|d| d.doc_number.as_deref() == Some(doc)).ok_or_else(|| format!("{file}: no document {doc}"))
}

/// Greedy one-to-one matching of gold and predicted items by key.
fn score<G, P>(gold: &[G], predicted: &[P], same: impl Fn(&G, &P) -> bool, verbose: bool, show_g: impl Fn(&G) -> String, show_p: impl Fn(&P) -> String) -> Score {
    let mut used = vec![false; predicted.len()];
    let mut matched = 0;
    for g in gold {
        match predicted.iter().enumerate().position(|(i, p)| !used[i] && same(g, p)) {
            Some(i) => {
                used[i] = true;
                matched += 1;
            }
            None if verbose => println!("  miss        {}", show_g(g)),
            None => {}
        }
    }
    if verbose {
        for (p, _) in predicted.iter().zip(&used).filter(|(_, u)| !**u) {
            println!("  false alarm {}", show_p(p));
        }
    }
    Score { gold: gold.len(), predicted: predicted.len(), matched }
}

fn deadline_key(d: &Option<Deadline>) -> Option<String> {
    match d {
        Some(Deadline::By { date, .. }) => Some(date.to_string()),
        Some(d) => Some(d.text().to_string()),
        None => None,
    }
}

pub fn run(args: &EvalArgs) -> ExitCode {
    if let Some(docs) = &args.docs {
        return run_docs(docs, &args.corpus, args.verbose);
    }
    let text = match std::fs::read_to_string(&args.labels) {
        Ok(t) => t,
        Err(e) => return fail(format!("{}: {e}", args.labels.display())),
    };
    let labels: Labels = match toml::from_str(&text) {
        Ok(l) => l,
        Err(e) => return fail(format!("{}: {}", args.labels.display(), e.message())),
    };
    let (mut m_total, mut t_total) = (Score::default(), Score::default());
    for g in &labels.measures {
        let d = match document(&args.corpus, &g.file, &g.doc) {
            Ok(d) => d,
            Err(e) => return fail(e),
        };
        let lines: BTreeSet<usize> = g.items.iter().map(|i| i.line).collect();
        let predicted: Vec<_> = measures(&d).into_iter().filter(|m| g.scope == "document" || lines.contains(&m.line)).collect();
        if args.verbose {
            println!("measures of {}:", g.doc);
        }
        let s = score(
            &g.items,
            &predicted,
            |l, m| l.line == m.line && m.amount.max_yuan().is_some_and(|y| (y / 1e4 - l.max_wan).abs() < 1e-6),
            args.verbose,
            |l| format!("line {} max {}万元", l.line, l.max_wan),
            |m| format!("line {} max {:?}万元 {}", m.line, m.amount.max_yuan().map(|y| y / 1e4), m.text.chars().take(40).collect::<String>()),
        );
        println!("{}", s.line(&format!("measures {}", g.doc)));
        m_total.gold += s.gold;
        m_total.predicted += s.predicted;
        m_total.matched += s.matched;
    }
    for g in &labels.tasks {
        let d = match document(&args.corpus, &g.file, &g.doc) {
            Ok(d) => d,
            Err(e) => return fail(e),
        };
        let lines: BTreeSet<usize> = g.items.iter().map(|i| i.line).collect();
        let predicted: Vec<_> = tasks(&d).into_iter().filter(|t| g.scope == "document" || lines.contains(&t.line)).collect();
        let leads = |t: &gongwen_extract::Task| -> BTreeSet<String> { t.units.iter().filter(|u| u.role == Role::Lead && u.via.is_none()).map(|u| compact(&u.name)).collect() };
        if args.verbose {
            println!("tasks of {}:", g.doc);
        }
        let s = score(
            &g.items,
            &predicted,
            |l, t| {
                l.line == t.line
                    && l.lead.iter().map(|x| compact(x)).collect::<BTreeSet<_>>() == leads(t)
                    && l.deadline.as_ref().is_none_or(|want| deadline_key(&t.deadline).as_ref() == Some(want))
            },
            args.verbose,
            |l| format!("line {} lead {:?} {:?}", l.line, l.lead, l.deadline),
            |t| format!("line {} lead {:?} {:?}", t.line, leads(t), deadline_key(&t.deadline)),
        );
        println!("{}", s.line(&format!("tasks {}", g.doc)));
        t_total.gold += s.gold;
        t_total.predicted += s.predicted;
        t_total.matched += s.matched;
    }
    println!("{}", m_total.line("measures"));
    println!("{}", t_total.line("tasks"));
    ExitCode::SUCCESS
}

#[derive(Deserialize)]
struct DocLabels {
    docs: Vec<DocLabel>,
}

#[derive(Deserialize)]
struct DocLabel {
    file: String,
    source: String,
    split: String,
    start_line: usize,
    doc_number: Option<String>,
    title: Option<String>,
    issuers: Option<Vec<String>>,
    date: Option<String>,
}

/// Per source × split: labelled documents, documents found, and per field
/// (文号, title, date, issuers) how many labels have it and how many match.
#[derive(Default)]
struct DocScore {
    count: usize,
    found: usize,
    fields: [(usize, usize); 4],
}

const FIELDS: [&str; 4] = ["文号", "标题", "日期", "发文机关"];

/// Titles: whitespace dropped, half-width parentheses as full-width (the
/// parser prints （试行） where a source typed (试行)).
fn norm_title(s: &str) -> String {
    compact(s).chars().map(|c| match c { '(' => '（', ')' => '）', c => c }).collect()
}

/// Trivial normalisation only: whitespace dropped, 文号 brackets unified.
fn norm(s: &str) -> String {
    compact(s).chars().map(|c| match c { '[' | '［' | '(' | '（' | '【' | '〖' => '〔', ']' | '］' | ')' | '）' | '】' | '〗' => '〕', c => c }).collect()
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 { "—".to_string() } else { format!("{}/{} {:.0}%", n, of, 100.0 * n as f64 / of as f64) }
}

fn run_docs(labels: &Path, corpus: &Path, verbose: bool) -> ExitCode {
    if !corpus.is_dir() {
        println!("SKIPPED: 未找到语料目录 {}", corpus.display());
        return ExitCode::SUCCESS;
    }
    let text = match std::fs::read_to_string(labels) {
        Ok(t) => t,
        Err(e) => return fail(format!("{}: {e}", labels.display())),
    };
    let labels: DocLabels = match toml::from_str(&text) {
        Ok(l) => l,
        Err(e) => return fail(format!("{}: {}", labels.display(), e.message())),
    };
    let mut table: std::collections::BTreeMap<(String, String), DocScore> = Default::default();
    for l in &labels.docs {
        let path = corpus.join(&l.file);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => return fail(format!("{}: {e}", path.display())),
        };
        let docs = match gongwen_parse::parse_bytes(&l.file, &bytes) {
            Ok(p) => p.documents,
            Err(_) => Vec::new(),
        };
        // The document whose span holds start_line, else the one starting
        // nearest to it (within 5 lines), else the first.
        let d = docs
            .iter()
            .find(|d| d.line_start <= l.start_line && l.start_line <= d.line_end)
            .or_else(|| docs.iter().filter(|d| d.line_start.abs_diff(l.start_line) <= 5).min_by_key(|d| d.line_start.abs_diff(l.start_line)))
            .or(docs.first());
        let s = table.entry((l.source.clone(), l.split.clone())).or_default();
        s.count += 1;
        if d.is_some() {
            s.found += 1;
        } else if verbose {
            println!("{}  未找到文档", l.file);
        }
        let got_issuers = |d: &Document| -> BTreeSet<String> { d.issuers_full.iter().map(|x| compact(x)).collect() };
        let checks: [(Option<String>, Option<String>); 4] = [
            (l.doc_number.as_deref().map(norm), d.and_then(|d| d.doc_number.as_deref().map(norm))),
            (l.title.as_deref().map(norm_title), d.map(|d| norm_title(&d.title)).filter(|t| !t.is_empty())),
            (l.date.clone(), d.and_then(|d| d.date.map(|x| x.to_string()))),
            (
                l.issuers.as_ref().map(|v| format!("{:?}", v.iter().map(|x| compact(x)).collect::<BTreeSet<_>>())),
                d.map(|d| format!("{:?}", got_issuers(d))),
            ),
        ];
        for (i, (want, got)) in checks.into_iter().enumerate() {
            let Some(want) = want else { continue };
            s.fields[i].0 += 1;
            if got.as_ref() == Some(&want) {
                s.fields[i].1 += 1;
            } else if verbose {
                println!("{}  {}  期望 {}  得到 {}", l.file, FIELDS[i], want, got.unwrap_or_else(|| "（无）".into()));
            }
        }
    }
    println!("| 来源 | 划分 | 文档数 | 找到 | 文号 | 标题 | 日期 | 发文机关 |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut total: std::collections::BTreeMap<String, DocScore> = Default::default();
    for ((source, split), s) in &table {
        println!("| {source} | {split} | {} | {} | {} | {} | {} | {} |", s.count, pct(s.found, s.count), pct(s.fields[0].1, s.fields[0].0), pct(s.fields[1].1, s.fields[1].0), pct(s.fields[2].1, s.fields[2].0), pct(s.fields[3].1, s.fields[3].0));
        let t = total.entry(split.clone()).or_default();
        t.count += s.count;
        t.found += s.found;
        for i in 0..4 {
            t.fields[i].0 += s.fields[i].0;
            t.fields[i].1 += s.fields[i].1;
        }
    }
    for (split, s) in &total {
        println!("| 合计 | {split} | {} | {} | {} | {} | {} | {} |", s.count, pct(s.found, s.count), pct(s.fields[0].1, s.fields[0].0), pct(s.fields[1].1, s.fields[1].0), pct(s.fields[2].1, s.fields[2].0), pct(s.fields[3].1, s.fields[3].0));
    }
    ExitCode::SUCCESS
}
