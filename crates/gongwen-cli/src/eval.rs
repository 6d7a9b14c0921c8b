//! `gongwen eval`: precision and recall of measures and tasks against the
//! hand-checked labels in eval/labels.toml, on the corpus files they name;
//! with `--docs`, exact-match accuracy of document metadata (文号, title,
//! date, issuers) against eval/docs.toml, per source and split.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
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
    /// 标注文件
    #[arg(long, default_value = "eval/labels.toml")]
    pub labels: PathBuf,
    /// 标注中 `file` 路径的相对起点目录
    #[arg(long, default_value = "../shared/corpus")]
    pub corpus: PathBuf,
    /// 同时列出每处漏报和误报（配合 --docs：每处不一致）
    #[arg(long)]
    pub verbose: bool,
    /// 文件元数据模式：对照这些标注（默认 eval/docs.toml），按来源和划分评测文号、标题、日期和发文机关的准确率
    #[arg(long, num_args = 0..=1, default_missing_value = "eval/docs.toml", value_name = "LABELS")]
    pub docs: Option<PathBuf>,
    /// 配合 --docs：把拼成的多文件文本（及其标准起始行）也写到这个目录，以便查看解析器读到的内容
    #[arg(long, value_name = "DIR", requires = "docs")]
    pub write_multi: Option<PathBuf>,
    /// 任务模式：对照其他政府文件的标注（默认 eval/tasks-beyond.toml），按来源和划分评测任务的准确率与召回率
    #[arg(long, num_args = 0..=1, default_missing_value = "eval/tasks-beyond.toml", value_name = "LABELS", conflicts_with = "docs")]
    pub tasks: Option<PathBuf>,
    /// 措施模式：对照其他政府文件、法律和工作报告的标注（默认 eval/measures-beyond.toml），按来源和划分评测扶持措施的准确率与召回率
    #[arg(long, num_args = 0..=1, default_missing_value = "eval/measures-beyond.toml", value_name = "LABELS", conflicts_with_all = ["docs", "tasks"])]
    pub measures: Option<PathBuf>,
    /// 引用模式：对照其他政府文件的标注（默认 eval/citations-beyond.toml），按来源和划分评测引用的准确率与召回率（以及引用关系的一致率）
    #[arg(long, num_args = 0..=1, default_missing_value = "eval/citations-beyond.toml", value_name = "LABELS", conflicts_with_all = ["docs", "tasks", "measures"])]
    pub citations: Option<PathBuf>,
    /// 效力条款模式：文件关于自身效力的表述（施行、有效期、试行），对照同一标注文件中的 `lifecycle` 列表
    #[arg(long, num_args = 0..=1, default_missing_value = "eval/citations-beyond.toml", value_name = "LABELS", conflicts_with_all = ["docs", "tasks", "measures", "citations"])]
    pub lifecycle: Option<PathBuf>,
    /// 目标模式：对照其他政府文件的标注（默认 eval/targets-beyond.toml），按来源和划分评测数值目标
    #[arg(long, num_args = 0..=1, default_missing_value = "eval/targets-beyond.toml", value_name = "LABELS", conflicts_with_all = ["docs", "tasks", "measures", "citations", "lifecycle"])]
    pub targets: Option<PathBuf>,
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
        format!("{} 标注 {:>3}  预测 {:>3}  命中 {:>3}  准确率 {:.2}  召回率 {:.2}  F1 {:.2}", crate::eval_beyond::pad(what, 9), self.gold, self.predicted, self.matched, p, r, f)
    }
}

fn document(k: &Arc<Knowledge>, corpus: &Path, file: &str, doc: &str) -> Result<Document, String> {
    let path = corpus.join(file);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed = gongwen_parse::parse_bytes(k, file, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    parsed.documents.into_iter().find(|d| d.doc_number.as_deref() == Some(doc)).ok_or_else(|| format!("{file}：没有文号为 {doc} 的文件"))
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
            None if verbose => println!("  漏报  {}", show_g(g)),
            None => {}
        }
    }
    if verbose {
        for (p, _) in predicted.iter().zip(&used).filter(|(_, u)| !**u) {
            println!("  误报  {}", show_p(p));
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

pub fn run(k: &Arc<Knowledge>, args: &EvalArgs) -> ExitCode {
    if let Some(labels) = &args.tasks {
        return crate::eval_tasks::run(k, labels, &args.corpus, args.verbose);
    }
    if let Some(labels) = &args.measures {
        return crate::eval_measures::run(k, labels, &args.corpus, args.verbose);
    }
    if let Some(labels) = &args.citations {
        return crate::eval_links::run_citations(k, labels, &args.corpus, args.verbose);
    }
    if let Some(labels) = &args.lifecycle {
        return crate::eval_links::run_lifecycle(k, labels, &args.corpus, args.verbose);
    }
    if let Some(labels) = &args.targets {
        return crate::eval_targets::run(k, labels, &args.corpus, args.verbose);
    }
    if let Some(docs) = &args.docs {
        return run_docs(k, docs, &args.corpus, args.verbose, args.write_multi.as_deref());
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
        let d = match document(k, &args.corpus, &g.file, &g.doc) {
            Ok(d) => d,
            Err(e) => return fail(e),
        };
        let lines: BTreeSet<usize> = g.items.iter().map(|i| i.line).collect();
        let predicted: Vec<_> = measures(k, &d).into_iter().filter(|m| g.scope == "document" || lines.contains(&m.line)).collect();
        if args.verbose {
            println!("{} 的措施：", g.doc);
        }
        let s = score(
            &g.items,
            &predicted,
            |l, m| l.line == m.line && m.amount.max_yuan().is_some_and(|y| (y / 1e4 - l.max_wan).abs() < 1e-6),
            args.verbose,
            |l| format!("第{}行 最高 {}万元", l.line, l.max_wan),
            |m| format!("第{}行 最高 {:?}万元 {}", m.line, m.amount.max_yuan().map(|y| y / 1e4), m.text.chars().take(40).collect::<String>()),
        );
        println!("{}", s.line(&format!("措施 {}", g.doc)));
        m_total.gold += s.gold;
        m_total.predicted += s.predicted;
        m_total.matched += s.matched;
    }
    for g in &labels.tasks {
        let d = match document(k, &args.corpus, &g.file, &g.doc) {
            Ok(d) => d,
            Err(e) => return fail(e),
        };
        let lines: BTreeSet<usize> = g.items.iter().map(|i| i.line).collect();
        let predicted: Vec<_> = tasks(k, &d).into_iter().filter(|t| g.scope == "document" || lines.contains(&t.line)).collect();
        let leads = |t: &gongwen_extract::Task| -> BTreeSet<String> { t.units.iter().filter(|u| u.role == Role::Lead && u.via.is_none()).map(|u| compact(&u.name)).collect() };
        if args.verbose {
            println!("{} 的任务：", g.doc);
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
            |l| format!("第{}行 牵头 {:?} 期限 {:?}", l.line, l.lead, l.deadline),
            |t| format!("第{}行 牵头 {:?} 期限 {:?}", t.line, leads(t), deadline_key(&t.deadline)),
        );
        println!("{}", s.line(&format!("任务 {}", g.doc)));
        t_total.gold += s.gold;
        t_total.predicted += s.predicted;
        t_total.matched += s.matched;
    }
    println!("{}", m_total.line("措施合计"));
    println!("{}", t_total.line("任务合计"));
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
    /// False when the text opens straight with its body (no 版头, title,
    /// 文号, 主送, salutation or 题注): counted apart in the multi-document
    /// table, since nothing in the text marks where such a document begins.
    #[serde(default = "printed")]
    head: bool,
}

fn printed() -> bool {
    true
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

/// Full-width digits as ASCII (the parser prints 〔2025〕12号 where a source
/// typed 〔２０２５〕１２号, as issue 14 asks; labels copy what is printed).
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        c => c,
    }
}

/// Titles: whitespace dropped, half-width parentheses as full-width (the
/// parser prints （试行） where a source typed (试行)), digits as ASCII.
fn norm_title(s: &str) -> String {
    compact(s).chars().map(|c| match c { '(' => '（', ')' => '）', c => ascii_digit(c) }).collect()
}

/// Trivial normalisation only: whitespace dropped, 文号 brackets unified,
/// digits as ASCII.
fn norm(s: &str) -> String {
    compact(s).chars().map(|c| match c { '[' | '［' | '(' | '（' | '【' | '〖' => '〔', ']' | '］' | ')' | '）' | '】' | '〗' => '〕', c => ascii_digit(c) }).collect()
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 { "—".to_string() } else { format!("{}/{} {:.0}%", n, of, 100.0 * n as f64 / of as f64) }
}

fn run_docs(k: &Arc<Knowledge>, labels: &Path, corpus: &Path, verbose: bool, write_multi: Option<&Path>) -> ExitCode {
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
        let docs = match gongwen_parse::parse_bytes(k, &l.file, &bytes) {
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
            (l.doc_number.as_deref().map(norm), d.and_then(|d| d.doc_number.as_deref().or(d.order.as_deref()).map(norm))),
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
    match multi_docs(k, &labels.docs, corpus, verbose, write_multi) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Labelled documents laid end to end in one built file.
const GROUP: usize = 5;
/// Lines of text between two page numbers in the gazette layout.
const PAGE_LINES: usize = 40;
/// A parsed document is the labelled one when it starts at most this many
/// lines before or after the labelled first printed line.
const START_TOLERANCE: usize = 3;
/// The invented gazette whose furniture the second layout adds.
const GAZETTE: &str = "襄江市人民政府公报";

/// One built multi-document text and its gold.
struct Built {
    source: String,
    lines: Vec<String>,
    /// 1-based line where each labelled document starts, with its label.
    gold: Vec<(usize, usize)>,
    /// 1-based lines of gazette furniture (running header, page numbers).
    furniture: BTreeSet<usize>,
}

/// The labelled document's printed lines: from its start line to the start
/// of the next labelled document of the same file (`end`), else to the end
/// of the file, trailing blank lines dropped.
fn doc_lines(corpus: &Path, l: &DocLabel, end: Option<usize>) -> Result<Vec<String>, String> {
    let path = corpus.join(&l.file);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let decoded = gongwen_parse::decode::decode(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let first = l.start_line.saturating_sub(1);
    let mut lines: Vec<String> = decoded
        .text
        .split('\n')
        .skip(first)
        .take(end.map_or(usize::MAX, |e| e.saturating_sub(1).saturating_sub(first)))
        .map(|x| x.strip_suffix('\r').unwrap_or(x).to_string())
        .collect();
    while lines.last().is_some_and(|x| x.trim().is_empty()) {
        lines.pop();
    }
    Ok(lines)
}

/// Lays the documents `group` (indices into the labels, with their lines) end
/// to end: separated by a blank line, or in the gazette layout with a running
/// header before each document and a page number every [`PAGE_LINES`] lines.
fn build(source: String, group: &[(usize, &[String])], gazette: Option<usize>) -> Built {
    let mut b = Built { source, lines: Vec::new(), gold: Vec::new(), furniture: BTreeSet::new() };
    let mut page = 1;
    let mut on_page = 0;
    for (n, (label, lines)) in group.iter().enumerate() {
        if n > 0 {
            b.lines.push(String::new());
        }
        if let Some(issue) = gazette {
            b.lines.push(format!("{GAZETTE} 2024年第{issue}期"));
            b.furniture.insert(b.lines.len());
            b.lines.push(String::new());
        }
        b.gold.push((b.lines.len() + 1, *label));
        for line in lines.iter() {
            b.lines.push(line.clone());
            on_page += 1;
            if gazette.is_some() && on_page == PAGE_LINES {
                b.lines.push(format!("— {page} —"));
                b.furniture.insert(b.lines.len());
                page += 1;
                on_page = 0;
            }
        }
    }
    b
}

/// Per source × split over the built files: files, labelled documents,
/// documents found, 文号 and date (labelled, matching) on the found ones, and
/// lines in no document that no warning names.
#[derive(Default)]
struct MultiScore {
    files: usize,
    docs: usize,
    found: usize,
    doc_number: (usize, usize),
    date: (usize, usize),
    silent: usize,
    /// Parsed documents that start at no labelled document: texts enclosed
    /// in a labelled one and read as documents of their own, or wrong cuts.
    extra: usize,
    /// Documents without a printed head (`head = false`): labelled, found.
    /// `docs` and `found` count the others.
    headless: (usize, usize),
}

impl MultiScore {
    fn add(&mut self, o: &MultiScore) {
        self.files += o.files;
        self.docs += o.docs;
        self.found += o.found;
        self.doc_number.0 += o.doc_number.0;
        self.doc_number.1 += o.doc_number.1;
        self.date.0 += o.date.0;
        self.date.1 += o.date.1;
        self.silent += o.silent;
        self.extra += o.extra;
        self.headless.0 += o.headless.0;
        self.headless.1 += o.headless.1;
    }

    fn row(&self, source: &str, split: &str) -> String {
        format!(
            "| {source} | {split} | {} | {} | {} | {} | {} | {} | {} | {} |",
            self.files,
            self.docs,
            pct(self.found, self.docs),
            pct(self.doc_number.1, self.doc_number.0),
            pct(self.date.1, self.date.0),
            self.silent,
            self.extra,
            pct(self.headless.1, self.headless.0)
        )
    }
}

/// The lines a `lines_outside_documents` warning names (第a–b行 in its
/// message; the warning itself carries only the first).
fn warned_lines(w: &gongwen_model::Warning) -> std::ops::RangeInclusive<usize> {
    let range = w.message.strip_prefix('第').and_then(|m| m.split_once('行')).and_then(|(r, _)| r.split_once('–'));
    match range.and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?))) {
        Some((a, b)) => a..=b,
        None => w.line..=w.line,
    }
}

/// Writes a built file under `dir` (at its name) and its gold beside it
/// (`<name>.gold`: start line and labelled file, one per line).
fn write_built(dir: &Path, b: &Built, labels: &[DocLabel]) -> Result<(), String> {
    let path = dir.join(&b.source);
    let io = |e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::create_dir_all(path.parent().unwrap_or(dir)).map_err(io)?;
    std::fs::write(&path, b.lines.join("\n")).map_err(io)?;
    let gold: String = b.gold.iter().map(|&(start, li)| format!("{start}\t{}\n", labels[li].file)).collect();
    std::fs::write(path.with_extension("gold"), gold).map_err(io)?;
    Ok(())
}

/// Parses one built text and scores it against its gold.
fn score_built(k: &Arc<Knowledge>, b: &Built, labels: &[DocLabel], verbose: bool) -> MultiScore {
    let parsed = gongwen_parse::parse_text(k, &b.source, &b.lines.join("\n"));
    let docs = &parsed.documents;
    let headless = b.gold.iter().filter(|&&(_, li)| !labels[li].head).count();
    let mut s = MultiScore { files: 1, docs: b.gold.len() - headless, headless: (headless, 0), ..Default::default() };
    // Each labelled document takes the nearest unclaimed parsed document
    // starting within the tolerance.
    let mut used = vec![false; docs.len()];
    for &(start, li) in &b.gold {
        let l = &labels[li];
        let hit = (0..docs.len())
            .filter(|&i| !used[i] && docs[i].line_start.abs_diff(start) <= START_TOLERANCE)
            .min_by_key(|&i| docs[i].line_start.abs_diff(start));
        let Some(i) = hit else {
            if verbose {
                let near: Vec<usize> = docs.iter().map(|d| d.line_start).filter(|&x| x.abs_diff(start) <= 40).collect();
                println!("{}  第{start}行  未找到文档（{}）  附近的文档起于 {near:?}", b.source, l.file);
            }
            continue;
        };
        used[i] = true;
        if l.head {
            s.found += 1;
        } else {
            s.headless.1 += 1;
        }
        let d = &docs[i];
        if let Some(want) = l.doc_number.as_deref().map(norm) {
            s.doc_number.0 += 1;
            let got = d.doc_number.as_deref().or(d.order.as_deref()).map(norm);
            if got.as_ref() == Some(&want) {
                s.doc_number.1 += 1;
            } else if verbose {
                println!("{}  第{start}行  文号  期望 {want}  得到 {}", b.source, got.unwrap_or_else(|| "（无）".into()));
            }
        }
        if let Some(want) = &l.date {
            s.date.0 += 1;
            let got = d.date.map(|x| x.to_string());
            if got.as_ref() == Some(want) {
                s.date.1 += 1;
            } else if verbose {
                println!("{}  第{start}行  日期  期望 {want}  得到 {}", b.source, got.unwrap_or_else(|| "（无）".into()));
            }
        }
    }
    s.extra = used.iter().filter(|u| !**u).count();
    if verbose {
        for (d, _) in docs.iter().zip(&used).filter(|(_, u)| !**u) {
            let title: String = if d.title.is_empty() { "（无标题）".into() } else { d.title.chars().take(30).collect() };
            println!("{}  第{}行  多出的文档：{title}", b.source, d.line_start);
        }
    }
    // A line is accounted for by a `lines_outside_documents` warning over
    // its run, or by any warning on that very line (a TOC entry that matches
    // no document, say).
    let warned: Vec<std::ops::RangeInclusive<usize>> = parsed
        .warnings
        .iter()
        .map(|w| if w.code == "lines_outside_documents" { warned_lines(w) } else { w.line..=w.line })
        .collect();
    if verbose {
        let kept: Vec<usize> = b
            .furniture
            .iter()
            .copied()
            .filter(|&no| docs.iter().any(|d| d.line_start <= no && no <= d.line_end && d.text.contains(&compact(&b.lines[no - 1]))))
            .collect();
        if !kept.is_empty() {
            println!("{}  页眉、页码行留在文件正文中：第{kept:?}行", b.source);
        }
    }
    for (i, line) in b.lines.iter().enumerate() {
        let no = i + 1;
        if line.trim().is_empty() || b.furniture.contains(&no) {
            continue;
        }
        if docs.iter().any(|d| d.line_start <= no && no <= d.line_end) || warned.iter().any(|r| r.contains(&no)) {
            continue;
        }
        // A line the parser reads as furniture (a rule, a page number, a
        // portal button) or as a section marker (【部门文件】, which files the
        // documents after it) is accounted for.
        let tags = gongwen_parse::lex::tag_line(&gongwen_parse::text::normalize_line(no, line), k);
        if tags.any(&[gongwen_parse::lex::Tag::Furniture, gongwen_parse::lex::Tag::Section]) {
            continue;
        }
        s.silent += 1;
        if verbose {
            println!("{}  第{no}行  不属于任何文件且无警告：{}", b.source, line.chars().take(40).collect::<String>());
        }
    }
    s
}

/// Multi-document files built from the labelled documents of each source and
/// split, [`GROUP`] at a time in label order, once plain and once in a
/// gazette's layout: how many documents the parser finds at their start, their
/// 文号 and date, and lines left in no document without a warning.
fn multi_docs(k: &Arc<Knowledge>, labels: &[DocLabel], corpus: &Path, verbose: bool, write_multi: Option<&Path>) -> Result<(), String> {
    let mut groups: std::collections::BTreeMap<(&str, &str), Vec<(usize, Vec<String>)>> = Default::default();
    for (i, l) in labels.iter().enumerate() {
        let next = labels.iter().filter(|o| o.file == l.file && o.start_line > l.start_line).map(|o| o.start_line).min();
        groups.entry((l.source.as_str(), l.split.as_str())).or_default().push((i, doc_lines(corpus, l, next)?));
    }
    let mut table: std::collections::BTreeMap<(&str, &str), MultiScore> = Default::default();
    let mut by_layout: std::collections::BTreeMap<(&str, &str), MultiScore> = Default::default();
    for (&(source, split), docs) in &groups {
        for (g, chunk) in docs.chunks(GROUP).enumerate() {
            let group: Vec<(usize, &[String])> = chunk.iter().map(|(i, lines)| (*i, lines.as_slice())).collect();
            for (layout, gazette) in [("纯文本", None), ("公报版式", Some(g + 1))] {
                let name = match gazette {
                    None => format!("multi/{source}/{split}/{}.txt", g + 1),
                    Some(_) => format!("multi/{source}/{split}/gazette-{}.txt", g + 1),
                };
                let built = build(name, &group, gazette);
                if let Some(dir) = write_multi {
                    write_built(dir, &built, labels)?;
                }
                let s = score_built(k, &built, labels, verbose);
                table.entry((source, split)).or_default().add(&s);
                by_layout.entry((layout, split)).or_default().add(&s);
            }
        }
    }
    println!();
    println!("多文档文件（每{GROUP}篇首尾相接，纯文本与公报版式各一份；找到＝起始行相差不超过{START_TOLERANCE}行；文档数与找到只计印有文头的文档，正文直接开头的另列一栏）");
    println!();
    println!("| 来源 | 划分 | 文件数 | 文档数 | 找到 | 文号 | 日期 | 未归属且无警告的行 | 多出的文档 | 无文头的文档（找到） |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut total: std::collections::BTreeMap<&str, MultiScore> = Default::default();
    for (&(source, split), s) in &table {
        println!("{}", s.row(source, split));
        total.entry(split).or_default().add(s);
    }
    for (layout, split) in [("纯文本", "dev"), ("纯文本", "heldout"), ("公报版式", "dev"), ("公报版式", "heldout")] {
        if let Some(s) = by_layout.get(&(layout, split)) {
            println!("{}", s.row(&format!("合计（{layout}）"), split));
        }
    }
    for (split, s) in &total {
        println!("{}", s.row("合计", split));
    }
    Ok(())
}
