//! Running a search: match with tantivy, filter and count facets on the
//! in-memory metadata, then read the page's documents from the store to cut
//! snippets and point each hit at the outline nodes where its words occur.

use crate::meta::{DocHead, DocMeta};
use crate::query::UserQuery;
use crate::{index_err, Result, SearchIndex};
use gongwen_model::{Currency, Date, Document, OutlineNode, Status};
use gongwen_parse::knowledge::Knowledge;
use gongwen_store::Store;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::AllQuery;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

pub const MAX_PER_PAGE: usize = 100;
const SNIPPET_CHARS: usize = 90;
const MAX_NODES: usize = 3;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (newest first when there are no words).
    #[default]
    Relevance,
    /// Newest 成文日期 first.
    Date,
    /// By 文号: agency, year, serial; documents without one last.
    DocNumber,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Date, Sort::DocNumber];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Date => "date",
            Sort::DocNumber => "doc_number",
        }
    }
}

/// Whose texts: national law (法律, 行政法规 … of the jurisdiction
/// `national` in data/levels.toml) or everything else (local texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Local,
    National,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Local, Scope::National];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Local => "local",
            Scope::National => "national",
        }
    }

    fn of(m: &DocMeta) -> Scope {
        if m.national {
            Scope::National
        } else {
            Scope::Local
        }
    }
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    /// Through the alias table: 市医保局 finds 武汉市医疗保障局.
    pub issuer: Option<String>,
    /// The issuer exactly (武汉市人民政府, not its 办公厅); else every organ
    /// whose name holds it (the family).
    pub issuer_exact: bool,
    pub doc_type: Option<String>,
    pub year: Option<u16>,
    pub section: Option<String>,
    /// 效力级别 (data/levels.toml).
    pub level: Option<String>,
    pub scope: Option<Scope>,
    /// in_force, repealed, … on `on`.
    pub status: Option<Status>,
    /// The date statuses are computed for.
    pub on: Date,
    pub include_stubs: bool,
    pub sort: Sort,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

impl SearchRequest {
    pub fn new(query: &str, on: Date) -> Self {
        SearchRequest {
            query: query.to_string(),
            issuer: None,
            issuer_exact: false,
            doc_type: None,
            year: None,
            section: None,
            level: None,
            scope: None,
            status: None,
            on,
            include_stubs: false,
            sort: Sort::Relevance,
            page: 1,
            per_page: 10,
        }
    }
}

/// A piece of a snippet; `mark` pieces are what matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fragment {
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mark: bool,
}

/// An outline node where the query's words occur.
#[derive(Debug, Clone, Serialize)]
pub struct NodeHit {
    /// Labels from the outermost node: ["三", "（四）"].
    pub path: Vec<String>,
    pub heading: Option<String>,
    pub line: usize,
    /// How many of the query's words the node's own text contains.
    pub matched: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    #[serde(flatten)]
    pub doc: DocHead,
    pub status: Status,
    pub score: f32,
    pub snippet: Vec<Fragment>,
    /// The source line of the snippet.
    pub line: Option<usize>,
    pub nodes: Vec<NodeHit>,
    /// 效力级别.
    pub level: String,
    pub scope: Scope,
    /// The work this document is the version shown of, and its two
    /// statuses on the date; absent for stubs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work: Option<HitWork>,
    /// Other versions of the same work that matched too, newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_versions: Vec<VersionHit>,
}

/// The work of a hit on the search date.
#[derive(Debug, Clone, Serialize)]
pub struct HitWork {
    pub eli: String,
    /// Is the work in force (现行有效 / 已废止 …).
    pub status: Status,
    /// Is the shown version the current one (现行版本 / 已被修订 …).
    pub currency: Currency,
    /// How many versions the work has.
    pub versions: usize,
}

/// Another version of a hit's work that matched the query.
#[derive(Debug, Clone, Serialize)]
pub struct VersionHit {
    pub slug: String,
    pub title: String,
    pub version: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    pub value: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub on: Date,
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub hits: Vec<Hit>,
    /// Counts per value of issuer, doc_type, year, section and status; each
    /// dimension is counted with every *other* filter applied, so a count
    /// says how many results choosing that value would give.
    pub facets: BTreeMap<&'static str, Vec<Facet>>,
    /// `words`, or `characters` when the words matched nothing and the
    /// query was run again as exact character strings.
    pub matched_by: &'static str,
    /// The query is a 文号 (in any spelling) and exactly one document has
    /// it: that document's slug, where the reading room takes the reader.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub landing: Option<String>,
    pub took_micros: u128,
}

/// Every matching (store id, score); filtering happens on the metadata.
struct AllMatches;

struct SegmentMatches {
    ord: Column<u64>,
    out: Vec<(i64, Score)>,
}

impl Collector for AllMatches {
    type Fruit = Vec<(i64, Score)>;
    type Child = SegmentMatches;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches { ord: segment.fast_fields().u64("ord")?, out: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i64, Score)>>) -> tantivy::Result<Vec<(i64, Score)>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<(i64, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(id) = self.ord.first(doc) {
            self.out.push((id as i64, score));
        }
    }

    fn harvest(self) -> Vec<(i64, Score)> {
        self.out
    }
}

const DIMENSIONS: [&str; 6] = ["issuer", "doc_type", "year", "section", "status", "level"];

/// Which filters a document passes, dimension by dimension (DIMENSIONS order).
fn passes(req: &SearchRequest, issuer: Option<&str>, m: &DocMeta, status: Status) -> [bool; 6] {
    let raw = req.issuer.as_deref().map(str::trim);
    [
        issuer.is_none_or(|i| m.issuers.iter().any(|x| if req.issuer_exact { x == i || Some(x.as_str()) == raw } else { x.contains(i) })),
        req.doc_type.as_deref().is_none_or(|t| m.doc_type.as_deref() == Some(t)),
        req.year.is_none_or(|y| m.year == Some(y)),
        req.section.as_deref().is_none_or(|s| m.section.as_deref().is_some_and(|x| x.contains(s))),
        req.status.is_none_or(|s| s == status),
        req.level.as_deref().is_none_or(|l| m.level == l),
    ]
}

fn facet_values(m: &DocMeta, status: Status) -> [Vec<String>; 6] {
    [
        m.issuers.clone(),
        m.doc_type.iter().cloned().collect(),
        m.year.iter().map(|y| y.to_string()).collect(),
        m.section.iter().cloned().collect(),
        vec![status.as_str().to_string()],
        vec![m.level.clone()],
    ]
}

/// Facet values in the order a reader scans them: years newest first,
/// levels in the order of data/levels.toml, the rest most frequent first.
fn facet_order(k: &Knowledge, name: &str, v: &mut [Facet]) {
    match name {
        "year" => v.sort_by(|a, b| b.value.cmp(&a.value)),
        "level" => {
            let levels = &k.levels;
            v.sort_by_key(|f| levels.rank(&f.value))
        }
        _ => v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))),
    }
}

/// A 文号 as a sort key: agency, year, serial; documents without one last.
fn doc_number_key(k: &Knowledge, m: &DocMeta) -> (bool, String, u16, u32) {
    match m.doc_number.as_deref().and_then(|n| gongwen_parse::docnum::parse_exact(k, n)) {
        Some(n) => (false, n.agency, n.year, n.serial),
        None => (true, m.doc_number.clone().unwrap_or_default(), 0, 0),
    }
}

/// A result before its page is cut: the version shown, its best score, its status, and every version that matched.
struct Kept<'a> {
    shown: &'a DocMeta,
    score: Score,
    status: Status,
    matched: Vec<&'a DocMeta>,
}

impl SearchIndex {
    pub fn search(&self, store: &Store, req: &SearchRequest) -> Result<SearchResults> {
        let k = store.knowledge();
        let started = std::time::Instant::now();
        let user = UserQuery::parse(k, &req.query)?;
        let query = user.to_query(&self.fields).unwrap_or_else(|| Box::new(AllQuery));
        let searcher = self.reader.searcher();
        let mut matches = searcher.search(query.as_ref(), &AllMatches).map_err(index_err(&self.dir))?;
        let mut matched_by = "words";
        if matches.is_empty() {
            if let Some(chars) = user.to_char_query(&self.fields) {
                matches = searcher.search(chars.as_ref(), &AllMatches).map_err(index_err(&self.dir))?;
                matched_by = "characters";
            }
        }
        if let Some(excluded) = user.exclusion_query(&self.fields) {
            let out: HashSet<i64> = searcher.search(excluded.as_ref(), &AllMatches).map_err(index_err(&self.dir))?.into_iter().map(|m| m.0).collect();
            matches.retain(|m| !out.contains(&m.0));
        }
        let meta = self.meta();
        let issuer = req.issuer.as_deref().filter(|s| !s.trim().is_empty()).map(|i| k.issuer_needle(i));

        // One result per work (and part): the versions that matched, under the one in force on the date.
        let mut groups: HashMap<(i64, Option<String>), (Score, Vec<&DocMeta>)> = HashMap::new();
        for (id, score) in matches {
            let Some(m) = meta.docs.get(&id) else { continue };
            if m.stub && !req.include_stubs {
                continue;
            }
            let key = match &m.work {
                Some(w) => (w.id, w.part.clone()),
                None => (-m.id, None),
            };
            let g = groups.entry(key).or_insert((score, Vec::new()));
            g.0 = g.0.max(score);
            g.1.push(m);
        }
        let mut counts: [BTreeMap<String, usize>; 6] = Default::default();
        let mut kept: Vec<Kept> = Vec::new();
        for (_, (score, matched)) in groups {
            let shown = meta.current_on(matched[0], req.on);
            let status = shown.status_on(req.on);
            if req.scope.is_some_and(|s| s != Scope::of(shown)) {
                continue;
            }
            let ok = passes(req, issuer.as_deref(), shown, status);
            for (d, values) in facet_values(shown, status).into_iter().enumerate() {
                // Counted if every filter but this dimension's own passes.
                if ok.iter().enumerate().all(|(j, p)| j == d || *p) {
                    for v in values {
                        *counts[d].entry(v).or_default() += 1;
                    }
                }
            }
            if ok.iter().all(|p| *p) {
                kept.push(Kept { shown, score, status, matched });
            }
        }
        let by_date = |a: &Kept, b: &Kept| b.shown.date.cmp(&a.shown.date).then(a.shown.key.cmp(&b.shown.key));
        match req.sort {
            Sort::DocNumber => kept.sort_by(|a, b| doc_number_key(k, a.shown).cmp(&doc_number_key(k, b.shown)).then_with(|| by_date(a, b))),
            Sort::Date => kept.sort_by(by_date),
            Sort::Relevance if user.is_empty() => kept.sort_by(by_date),
            Sort::Relevance => kept.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| by_date(a, b))),
        }
        let per_page = req.per_page.clamp(1, MAX_PER_PAGE);
        let page = req.page.max(1);
        let needles = user.needles();
        let mut hits = Vec::new();
        for k in kept.iter().skip((page - 1).saturating_mul(per_page)).take(per_page) {
            let m = k.shown;
            // Stored documents were masked when read: snippets need no second pass.
            let document = if m.stub { None } else { store.document(&m.doc_ref())? };
            let (snippet, line, nodes) = match &document {
                Some(d) => locate(d, &needles),
                None => (Vec::new(), None, Vec::new()),
            };
            let mut other_versions: Vec<VersionHit> = k
                .matched
                .iter()
                .filter(|v| v.id != m.id)
                .map(|v| VersionHit { slug: v.slug.clone(), title: v.title.clone(), version: v.work.as_ref().and_then(|w| w.version) })
                .collect();
            other_versions.sort_by(|a, b| b.version.cmp(&a.version));
            hits.push(Hit {
                doc: m.head.clone(),
                status: k.status,
                score: k.score,
                snippet,
                line,
                nodes,
                level: m.level.clone(),
                scope: Scope::of(m),
                work: self.hit_work(store, m, req.on)?,
                other_versions,
            });
        }
        let facets = DIMENSIONS
            .iter()
            .zip(counts)
            .map(|(name, c)| {
                let mut v: Vec<Facet> = c.into_iter().map(|(value, count)| Facet { value, count }).collect();
                facet_order(k, name, &mut v);
                (*name, v)
            })
            .collect();
        Ok(SearchResults {
            query: req.query.clone(),
            on: req.on,
            total: kept.len(),
            page,
            per_page,
            hits,
            facets,
            matched_by,
            landing: landing(k, &meta, &req.query),
            took_micros: started.elapsed().as_micros(),
        })
    }

    /// The two statuses of `m`'s work on `on`: is the work in force, is `m` its current version.
    fn hit_work(&self, store: &Store, m: &DocMeta, on: Date) -> Result<Option<HitWork>> {
        let Some(w) = &m.work else { return Ok(None) };
        let Some(work) = store.work_of(&m.doc_ref())? else { return Ok(None) };
        let report = store.work_report(&work, on)?;
        // A document whose copies are several versions (a policy republished
        // as amended) is the current one when any of them is.
        let holds = |v: &&gongwen_store::works::VersionReport| v.parts.iter().any(|p| p.doc.id == m.id);
        let current = report.current.and_then(|i| report.versions.get(i)).filter(holds);
        let currency = current.or_else(|| report.versions.iter().find(holds)).map_or(Currency::Current, |v| v.currency);
        Ok(Some(HitWork { eli: w.eli.clone(), status: report.status, currency, versions: report.versions.len() }))
    }
}

/// The slug of the one document with text whose 文号 `query` is (in any
/// spelling). A stub is no landing: its page has nothing to read.
fn landing(k: &Knowledge, meta: &crate::MetaTable, query: &str) -> Option<String> {
    let number = gongwen_parse::docnum::parse_exact(k, query.trim())?.to_string();
    let mut found = meta.docs.values().filter(|d| !d.stub && d.doc_number.as_deref() == Some(number.as_str()));
    match (found.next(), found.next()) {
        (Some(d), None) => Some(d.slug.clone()),
        _ => None,
    }
}

/// The snippet (from the paragraph holding most of the needles), its line,
/// and the outline nodes whose own text holds most of them.
fn locate(doc: &Document, needles: &[String]) -> (Vec<Fragment>, Option<usize>, Vec<NodeHit>) {
    let count = |text: &str| {
        let lower = text.to_lowercase();
        needles.iter().filter(|n| lower.contains(n.as_str())).count()
    };
    let best = doc
        .paragraphs()
        .filter(|(_, p)| !p.trim().is_empty())
        .map(|(line, p)| (count(p), line, p))
        .fold(None, |best: Option<(usize, usize, &str)>, cur| match best {
            Some(b) if b.0 >= cur.0 => Some(b),
            _ => Some(cur),
        });
    let (snippet, line) = match best {
        Some((_, line, p)) => (snippet(p, needles), Some(line)),
        None => (Vec::new(), None),
    };
    let mut nodes = Vec::new();
    if !needles.is_empty() {
        collect_nodes(&doc.outline, &mut Vec::new(), &count, &mut nodes);
    }
    nodes.sort_by(|a, b| b.matched.cmp(&a.matched).then(a.line.cmp(&b.line)));
    nodes.truncate(MAX_NODES);
    (snippet, line, nodes)
}

fn collect_nodes(nodes: &[OutlineNode], path: &mut Vec<String>, count: &dyn Fn(&str) -> usize, out: &mut Vec<NodeHit>) {
    for n in nodes {
        path.push(n.label.clone());
        let heading_text = n.heading.as_deref().unwrap_or("");
        let matched = count(&format!("{heading_text}\n{}", n.text));
        if matched > 0 {
            out.push(NodeHit { path: path.clone(), heading: n.heading.clone(), line: n.line_start, matched });
        }
        collect_nodes(&n.children, path, count, out);
        path.pop();
    }
}

/// A window of the paragraph around the first needle, needles marked.
fn snippet(paragraph: &str, needles: &[String]) -> Vec<Fragment> {
    let chars: Vec<char> = paragraph.chars().collect();
    let lower: Vec<char> = paragraph.to_lowercase().chars().collect();
    // Lowercasing can change the length of exotic characters; then do not mark.
    let same_len = lower.len() == chars.len();
    let needle_chars: Vec<Vec<char>> = needles.iter().map(|n| n.chars().collect()).filter(|n: &Vec<char>| !n.is_empty()).collect();
    let mut marks = vec![false; chars.len()];
    if same_len {
        for n in &needle_chars {
            let mut i = 0;
            while i + n.len() <= lower.len() {
                if lower[i..i + n.len()] == n[..] {
                    marks[i..i + n.len()].iter_mut().for_each(|m| *m = true);
                    i += n.len();
                } else {
                    i += 1;
                }
            }
        }
    }
    let first = marks.iter().position(|m| *m).unwrap_or(0);
    let start = first.saturating_sub(SNIPPET_CHARS / 3);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let mut out: Vec<Fragment> = Vec::new();
    if start > 0 {
        out.push(Fragment { text: "…".into(), mark: false });
    }
    for i in start..end {
        match out.last_mut() {
            Some(f) if f.mark == marks[i] && f.text != "…" => f.text.push(chars[i]),
            _ => out.push(Fragment { text: chars[i].to_string(), mark: marks[i] }),
        }
    }
    if end < chars.len() {
        out.push(Fragment { text: "…".into(), mark: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_every_needle_and_cut_around_the_first() {
        let p = format!("{}支持低空经济发展，给予补贴。{}", "前".repeat(100), "后".repeat(100));
        let s = snippet(&p, &["低空经济".into(), "补贴".into()]);
        let marked: Vec<&str> = s.iter().filter(|f| f.mark).map(|f| f.text.as_str()).collect();
        assert_eq!(marked, ["低空经济", "补贴"]);
        assert_eq!(s.first().unwrap().text, "…");
        assert_eq!(s.last().unwrap().text, "…");
        let len: usize = s.iter().map(|f| f.text.chars().count()).sum();
        assert!(len <= SNIPPET_CHARS + 2, "{len}");
    }
}
