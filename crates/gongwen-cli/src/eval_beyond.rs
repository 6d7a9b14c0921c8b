//! What `eval --tasks` and `eval --measures` share: label files of documents
//! of other governments (`[[docs]]` with file, source, split and a list of
//! items), one-to-one matching of labels and predictions per document, and
//! the table of precision and recall per source and split.

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
struct LabelFile {
    docs: Vec<RawDoc>,
}

/// A `[[docs]]` entry as written: the items are under a key of their own
/// (`tasks`, `measures`, `citations`, `lifecycle`, `targets`), and one file
/// may hold several kinds.
#[derive(Deserialize)]
struct RawDoc {
    file: String,
    source: String,
    split: String,
    #[serde(flatten)]
    rest: toml::Table,
}

/// One labelled document with the items of the kind being scored.
pub struct LabelDoc<T> {
    pub file: String,
    pub source: String,
    pub split: String,
    pub items: Vec<T>,
}

/// Counts for one (source, split) cell of the table.
#[derive(Default, Clone, Copy)]
pub struct Tally {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    /// Matches whose label states a detail (a deadline, an amount), and of
    /// those the ones whose prediction agrees.
    pub detailed: usize,
    pub agreed: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.detailed += o.detailed;
        self.agreed += o.agreed;
    }

    fn row(&self, source: &str, split: &str, detail: &str) -> String {
        let ratio = |a: usize, b: usize| if b == 0 { "   – ".to_string() } else { format!("{:.2}", a as f64 / b as f64) };
        format!(
            "{} {split:<8} {:>5} {:>9} {:>7}  {:>9}  {:>6}  {detail} {}/{} ({})",
            pad(source, 16),
            self.gold,
            self.predicted,
            self.matched,
            ratio(self.matched, self.predicted),
            ratio(self.matched, self.gold),
            self.agreed,
            self.detailed,
            ratio(self.agreed, self.detailed),
        )
    }
}

/// Terminal columns of `s` (a CJK character takes two).
fn columns(s: &str) -> usize {
    s.chars().map(|c| if gongwen_parse::text::is_cjk(c) { 2 } else { 1 }).sum()
}

/// `s` padded to `width` terminal columns.
pub(crate) fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(columns(s))))
}

/// `s` right-aligned in `width` terminal columns.
fn rpad(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(columns(s))))
}

/// Greedy one-to-one matching: each label takes the first unused prediction
/// that `matches` it; `agrees` tells, for a label with a detail (`Some`),
/// whether the matched prediction has it right. Misses and false alarms are
/// printed with `verbose`.
pub fn score_doc<L, P>(
    labels: &[L],
    predicted: &[P],
    verbose: bool,
    matches: impl Fn(&L, &P) -> bool,
    agrees: impl Fn(&L, &P) -> Option<bool>,
    show_label: impl Fn(&L) -> String,
    show_predicted: impl Fn(&P) -> String,
) -> Tally {
    let mut used = vec![false; predicted.len()];
    let mut t = Tally { gold: labels.len(), predicted: predicted.len(), ..Tally::default() };
    for l in labels {
        match predicted.iter().enumerate().position(|(i, p)| !used[i] && matches(l, p)) {
            Some(i) => {
                used[i] = true;
                t.matched += 1;
                if let Some(ok) = agrees(l, &predicted[i]) {
                    t.detailed += 1;
                    if ok {
                        t.agreed += 1;
                    } else if verbose {
                        println!("  细节不符 {} 得到 {}", show_label(l), show_predicted(&predicted[i]));
                    }
                }
            }
            None if verbose => println!("  漏报 {}", show_label(l)),
            None => {}
        }
    }
    if verbose {
        for (p, _) in predicted.iter().zip(&used).filter(|(_, u)| !**u) {
            println!("  误报 {}", show_predicted(p));
        }
    }
    t
}

/// Reads `labels` and scores every document with `score`, which is given
/// the document, the parsed file's documents and `verbose`: a cell per
/// (source, split).
pub fn score_all<T: DeserializeOwned>(
    k: &Arc<Knowledge>,
    labels: &Path,
    key: &str,
    corpus: &Path,
    verbose: bool,
    score: impl Fn(&Arc<Knowledge>, &LabelDoc<T>, &[gongwen_model::Document], bool) -> Tally,
) -> Result<BTreeMap<(String, String), Tally>, String> {
    let text = std::fs::read_to_string(labels).map_err(|e| format!("{}: {e}", labels.display()))?;
    let file: LabelFile = toml::from_str(&text).map_err(|e| format!("{}: {}", labels.display(), e.message()))?;
    let mut cells: BTreeMap<(String, String), Tally> = BTreeMap::new();
    // A document without the key is not labelled for this kind.
    let docs = file.docs.into_iter().filter_map(|mut d| {
        let items = d.rest.remove(key)?;
        Some(items.try_into::<Vec<T>>().map(|items| LabelDoc { file: d.file, source: d.source, split: d.split, items }))
    });
    for doc in docs {
        let doc = doc.map_err(|e| format!("{}: `{key}`: {}", labels.display(), e.message()))?;
        let path = corpus.join(&doc.file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parsed = gongwen_parse::parse_bytes(k, &doc.file, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        if verbose {
            println!("{}（{}，{}）:", doc.file, doc.source, doc.split);
        }
        let t = score(k, &doc, &parsed.documents, verbose);
        cells.entry((doc.source.clone(), doc.split.clone())).or_default().add(t);
    }
    Ok(cells)
}

/// Scores the `key` items of `labels` and prints the table (`detail` names
/// the agreement column): what each `eval --<kind>` mode runs.
pub fn run<T: DeserializeOwned>(
    k: &Arc<Knowledge>,
    labels: &Path,
    key: &str,
    corpus: &Path,
    verbose: bool,
    detail: &str,
    score: impl Fn(&Arc<Knowledge>, &LabelDoc<T>, &[gongwen_model::Document], bool) -> Tally,
) -> std::process::ExitCode {
    match score_all(k, labels, key, corpus, verbose, score) {
        Ok(cells) => {
            print_table(&cells, detail);
            std::process::ExitCode::SUCCESS
        }
        Err(e) => crate::register::fail(e),
    }
}

/// Prints the table: a row per (source, split), then a total per split.
pub fn print_table(cells: &BTreeMap<(String, String), Tally>, detail: &str) {
    println!("{} {} {} {} {}  {}  {}", pad("来源", 16), pad("划分", 8), rpad("标注", 5), rpad("预测", 9), rpad("命中", 7), rpad("准确率", 9), rpad("召回率", 6));
    let mut per_split: BTreeMap<String, Tally> = BTreeMap::new();
    for ((source, split), t) in cells {
        println!("{}", t.row(source, split, detail));
        per_split.entry(split.clone()).or_default().add(*t);
    }
    for (split, t) in &per_split {
        println!("{}", t.row("合计", split, detail));
    }
}
