//! Tables recovered from flattened text.
//!
//! PDF and HTML extraction leave a table as one line per row: cells separated
//! by tabs, by markdown-like pipes, or (in rosters and award lists) by single
//! spaces, with the header repeated after every page break, letter-spaced
//! headers (`牵 头 单 位`), `<p>` residue in cells, merged cells left empty,
//! rows split across pages, and headings (`焊接（9名）`, `一、就业`) between rows.
//! [`recover`] turns the lines of one document into [`Table`]s and checks the
//! counts and totals the document states against the rows.

use crate::knowledge::{Knowledge, Tables};
use crate::outline;
use crate::text::{compact, is_cjk, remove_cjk_spaces, Line};
use gongwen_model::{CellKind, CheckKind, Column, Table, TableCheck, TableKind, TableRow};
use regex::Regex;
use std::sync::OnceLock;

/// What one source line is, as far as tables are concerned.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Skip,
    Row(Vec<String>, Sep),
    /// `|---|---|` or an all-empty row.
    Rule,
    /// A short line without sentence punctuation: a caption, heading or list item.
    Short(String),
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Sep {
    Tab,
    Pipe,
    Space,
}

/// A heading between rows, and what it says about the rows under it.
struct Group {
    text: String,
    rank: u8,
    line: usize,
    stated: Option<(u32, bool)>,
    counted: u32,
}

impl Group {
    fn read(text: &str, line: usize, t: &Tables) -> Group {
        Group { text: text.to_string(), rank: rank_of(text), line, stated: stated_count(text, t), counted: 0 }
    }
}

/// A heading without an outline marker sits below every marked one.
const PLAIN_RANK: u8 = 10;
/// Longest line still read as a caption or heading rather than a paragraph.
const SHORT_MAX: usize = 60;

fn tags() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9]*[^<>]*>").unwrap())
}

fn stated_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"[（(]\s*共?\s*(\d{1,5})\s*([\p{Han}])").unwrap())
}

fn name_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^\p{Han}{2,4}(?:（[女男]）)?$").unwrap())
}

fn rank_cell_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^第[一二三四五六七八九十百\d]+名$").unwrap())
}

/// A cell's text: markup residue dropped, letter-spacing removed.
pub fn clean_cell(raw: &str) -> String {
    let no_tags = tags().replace_all(raw, " ");
    remove_cjk_spaces(no_tags.split_whitespace().collect::<Vec<_>>().join(" ").trim())
}

/// `（9名）` → 9 persons; `（共63件，…）` → 63 items.
fn stated_count(text: &str, t: &Tables) -> Option<(u32, bool)> {
    let c = stated_re().captures(text)?;
    let n: u32 = c[1].parse().ok()?;
    let unit = &c[2];
    if t.person_units.iter().any(|u| u == unit) {
        Some((n, true))
    } else if t.item_units.iter().any(|u| u == unit) {
        Some((n, false))
    } else {
        None
    }
}

/// Is this a person's name as rosters print it (`李梅（女）`)?
pub fn is_person_name(k: &Knowledge, cell: &str) -> bool {
    name_re().is_match(cell) && !rank_cell_re().is_match(cell) && !k.is_org_name(cell)
}

/// Space-separated cells. A name padded to the width of three characters
/// (`林 威`) is one cell, so two single characters in a row are joined.
fn space_cells(k: &Knowledge, spaced: &str) -> Vec<String> {
    let tokens: Vec<&str> = spaced.split(' ').filter(|t| !t.is_empty()).collect();
    let single = |t: &str| {
        let mut cs = t.chars();
        matches!(cs.next(), Some(c) if is_cjk(c)) && {
            let rest: String = cs.collect();
            rest.is_empty() || rest == "（女）" || rest == "（男）"
        }
    };
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if t.chars().count() == 1 && single(t) && tokens.get(i + 1).is_some_and(|n| single(n)) {
            out.push(format!("{t}{}", tokens[i + 1]));
            i += 2;
        } else {
            out.push(clean_cell(t));
            i += 1;
        }
    }
    // Rank or category, the names, then the unit, whose own name may hold
    // spaces (`武汉 ZOZO 左佐鸡尾酒吧`). Names are taken while they look like
    // names; when more than one token is left, the unit's name was broken,
    // and a two-character token just before it is its place name (武汉), not
    // a person.
    if out.len() >= 4 {
        let mut names = 1;
        while 1 + names < out.len() - 1 && is_person_name(k, &out[1 + names]) {
            names += 1;
        }
        let mut unit_from = 1 + names;
        if out.len() - unit_from > 1 && names > 1 && out[unit_from - 1].chars().count() == 2 {
            unit_from -= 1;
        }
        if out.len() - unit_from > 1 {
            let unit = out[unit_from..].join(" ");
            out.truncate(unit_from);
            out.push(unit);
        }
    }
    out
}

fn classify(k: &Knowledge, line: &Line, noise: bool) -> Kind {
    if noise || line.is_blank() {
        return Kind::Skip;
    }
    let s = line.spaced.as_str();
    if s.contains('\t') || line.leading_tabs > 0 {
        // Normalisation trims the line; a row that began with tabs had its
        // first cells empty.
        let lead = std::iter::repeat_n(String::new(), line.leading_tabs);
        let cells: Vec<String> = lead.chain(s.split('\t').map(clean_cell)).collect();
        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        return match filled.len() {
            0 => Kind::Skip,
            // `专栏1 …\t\t\t` is a caption; `\t…\t\t` continues a row.
            1 if !cells[0].is_empty() => short_or_text(k, filled[0]),
            _ => Kind::Row(trim_trailing_empty(cells), Sep::Tab),
        };
    }
    let t = s.trim();
    if t.len() > 1 && t.starts_with('|') && t.ends_with('|') {
        let inner = &t[1..t.len() - 1];
        let cells: Vec<String> = inner.split('|').map(clean_cell).collect();
        if cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | '：' | ' '))) {
            return Kind::Rule;
        }
        return Kind::Row(cells, Sep::Pipe);
    }
    let text = clean_cell(&line.text);
    let sentence = text.contains(['。', '；', '：', '，', '？', '！']);
    if s.contains(' ') && !sentence && stated_count(&text, &k.tables).is_none() {
        let cells = space_cells(k, s);
        let balanced = |c: &String| c.matches('（').count() == c.matches('）').count();
        if cells.len() >= 3 && cells.iter().all(balanced) {
            return Kind::Row(cells, Sep::Space);
        }
    }
    short_or_text(k, &text)
}

fn short_or_text(k: &Knowledge, text: &str) -> Kind {
    let note = text.starts_with("注：") && text.chars().count() <= 4 * SHORT_MAX;
    let max = if stated_count(text, &k.tables).is_some() { 2 * SHORT_MAX } else { SHORT_MAX };
    if note || text.chars().count() <= max && !text.contains(['。', '；']) {
        Kind::Short(text.to_string())
    } else {
        Kind::Text
    }
}

fn trim_trailing_empty(mut cells: Vec<String>) -> Vec<String> {
    while cells.len() > 2 && cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    cells
}

fn headerish(cells: &[String], t: &Tables) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    if filled.len() < 2 || filled.iter().any(|c| c.chars().count() > 24 || parse_number(c).is_some()) {
        return false;
    }
    let hits = filled.iter().filter(|c| t.header_words.iter().any(|w| c.contains(w.as_str()))).count();
    hits * 2 >= filled.len()
}

/// A number as tables print it: `[106.74]`, `<5`, `>99`, `98%`, `1,200`.
pub fn parse_number(cell: &str) -> Option<f64> {
    let s: String = cell
        .trim()
        .trim_start_matches(['[', '〔', '<', '>', '＜', '＞', '≤', '≥', '约'])
        .trim_end_matches([']', '〕', '%', '％'])
        .trim_start_matches(['[', '〔'])
        .chars()
        .filter(|c| *c != ',')
        .collect();
    if s.is_empty() || !s.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '-') {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn is_date_cell(cell: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let period = R.get_or_init(|| Regex::new(r"^\d{4}年(\d{1,2}月)?(底|前|上半年|下半年)?$").unwrap());
    crate::date::parse_exact(cell).is_some() || period.is_match(cell)
}

fn rank_of(text: &str) -> u8 {
    outline::marker(text).map(|m| outline::rank(m.kind)).unwrap_or(PLAIN_RANK)
}

/// Tables among `lines[range]` (the lines of one document).
pub fn recover(k: &Knowledge, lines: &[Line], noise: &[bool], range: std::ops::Range<usize>) -> Vec<Table> {
    let t = &k.tables;
    let kinds: Vec<Kind> = range.clone().map(|i| classify(k, &lines[i], noise.get(i).copied().unwrap_or(false))).collect();
    let no = |j: usize| lines[range.start + j].no;
    let mut tables = Vec::new();
    let mut j = 0;
    while j < kinds.len() {
        if starts_table(&kinds, j) {
            let (table, next) = scan(k, &kinds, j, &no, t);
            if let Some(table) = table {
                tables.push(table);
            }
            j = next.max(j + 1);
        } else {
            j += 1;
        }
    }
    tables
}

/// A tab or pipe row opens a table; space-separated rows only in a run of
/// three with the same number of cells (a roster), so that a signature line
/// naming three organs does not.
fn starts_table(kinds: &[Kind], k: usize) -> bool {
    match &kinds[k] {
        Kind::Row(_, Sep::Tab | Sep::Pipe) => true,
        Kind::Row(cells, Sep::Space) => {
            let n = cells.len();
            kinds[k..]
                .iter()
                .filter(|x| !matches!(x, Kind::Skip))
                .take(3)
                .filter(|x| matches!(x, Kind::Row(c, Sep::Space) if c.len() == n))
                .count()
                == 3
        }
        _ => false,
    }
}

/// Reads one table from `kinds[start]`; returns it and where to continue.
fn scan(kn: &Knowledge, kinds: &[Kind], start: usize, no: &dyn Fn(usize) -> usize, t: &Tables) -> (Option<Table>, usize) {
    let (caption, mut groups) = preamble(kinds, start, no, t);
    let mut header: Option<Vec<String>> = None;
    let mut rows: Vec<TableRow> = Vec::new();
    let mut row_groups: Vec<Vec<usize>> = Vec::new();
    let mut stack: Vec<usize> = (0..groups.len()).collect();
    let mut notes = Vec::new();
    let mut repeated = 0;
    let mut header_line = None;
    let mut last = start;
    let mut k = start;
    while k < kinds.len() {
        match &kinds[k] {
            Kind::Skip | Kind::Rule => {}
            Kind::Text => break,
            Kind::Short(s) => {
                let heading = Group::read(s, no(k), t);
                if s.starts_with("注") {
                    notes.push(s.clone());
                    last = k;
                } else if heading.rank < PLAIN_RANK || heading.stated.is_some() {
                    // A heading must be followed by rows to belong to the table.
                    if !followed_by_rows(kinds, k + 1) {
                        break;
                    }
                    while stack.last().is_some_and(|&g| groups[g].rank >= heading.rank) {
                        stack.pop();
                    }
                    groups.push(heading);
                    stack.push(groups.len() - 1);
                } else if stack.last().is_some_and(|&g| groups[g].stated.is_some_and(|(_, persons)| !persons)) {
                    // A one-column list under a heading that counts items (`优秀组织单位（49个）`).
                    rows.push(TableRow { cells: vec![s.clone()], line: no(k), groups: vec![], filled: vec![] });
                    row_groups.push(stack.clone());
                    last = k;
                } else {
                    break;
                }
            }
            Kind::Row(cells, sep) => {
                let cells = cells.clone();
                if *sep == Sep::Space && k != start && header.is_none() && rows.is_empty() {
                    break;
                }
                if headerish(&cells, t) {
                    match &header {
                        None if rows.is_empty() => {
                            header_line = Some(no(k));
                            header = Some(cells);
                        }
                        Some(h) if rows.is_empty() && h.len() != cells.len() || rows.is_empty() && !repeats(h, &cells) && repeated == 0 => {
                            header = Some(join_headers(h, &cells));
                        }
                        Some(h) if repeats(h, &cells) => repeated += 1,
                        // A header of another shape starts another table.
                        _ => break,
                    }
                    last = k;
                } else {
                    push_row(&mut rows, &mut row_groups, &stack, cells, no(k), header.as_deref(), t);
                    last = k;
                }
            }
        }
        k += 1;
    }
    if rows.is_empty() {
        return (None, k);
    }
    let serial = serial_column(header.as_deref(), t);
    let mut checks = totals(&rows, header.as_deref(), serial, t);
    for (row, gs) in rows.iter_mut().zip(&row_groups) {
        let persons = persons_in(kn, &row.cells);
        for &g in gs {
            groups[g].counted += match groups[g].stated {
                Some((_, true)) => persons,
                _ => 1,
            };
        }
        row.groups = gs.iter().map(|&g| groups[g].text.clone()).collect();
    }
    let last_row_line = rows.last().map(|r| r.line).unwrap_or(0);
    // Headings after the last row open the next table, not this one.
    for g in groups.iter().filter(|g| g.line <= last_row_line) {
        if let Some((n, _)) = g.stated {
            checks.push(TableCheck {
                kind: CheckKind::Count,
                subject: g.text.clone(),
                stated: n as f64,
                counted: g.counted as f64,
                ok: n == g.counted,
                line: g.line,
            });
        }
    }
    let columns = columns(header.as_deref(), &rows);
    let line_start = header_line.unwrap_or(rows[0].line).min(rows[0].line);
    let table = Table {
        kind: TableKind::Grid,
        caption,
        columns,
        line_end: no(last).max(rows.last().map(|r| r.line).unwrap_or(0)),
        line_start,
        rows,
        notes,
        repeated_headers: repeated,
        checks,
    };
    (Some(table), last + 1)
}

fn join_header(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

/// A second header line under the first, column by column. When the first
/// is shorter, its last cell spans the columns beyond it (`策划项目个数`
/// over `总计`, `100亿元以上` …).
fn join_headers(top: &[String], below: &[String]) -> Vec<String> {
    let span = top.iter().rev().find(|c| !c.is_empty()).cloned().unwrap_or_default();
    (0..top.len().max(below.len()))
        .map(|i| {
            let a = top.get(i).cloned().unwrap_or_else(|| span.clone());
            join_header(&a, below.get(i).map(String::as_str).unwrap_or(""))
        })
        .collect()
}

/// The same header again (after a page break), letter-spacing and small
/// wording changes aside: same width and most cells equal.
fn repeats(header: &[String], cells: &[String]) -> bool {
    if header.len() != cells.len() {
        return false;
    }
    let same = header.iter().zip(cells).filter(|(a, b)| compact(a) == compact(b)).count();
    same * 2 >= header.len()
}

fn followed_by_rows(kinds: &[Kind], from: usize) -> bool {
    for x in &kinds[from..] {
        match x {
            Kind::Skip | Kind::Rule => continue,
            Kind::Row(..) => return true,
            // Another heading, or an item under a heading that counts items.
            Kind::Short(_) => return true,
            Kind::Text => return false,
        }
    }
    false
}

/// Caption and opening headings: the short lines just above the first row,
/// up to a paragraph, a date line or three lines.
fn preamble(kinds: &[Kind], start: usize, no: &dyn Fn(usize) -> usize, t: &Tables) -> (Option<String>, Vec<Group>) {
    let mut above: Vec<(usize, String)> = Vec::new();
    let mut k = start;
    while k > 0 && above.len() < 3 {
        k -= 1;
        match &kinds[k] {
            Kind::Skip => continue,
            Kind::Short(s) if crate::date::parse_exact(s).is_none() && !s.starts_with("注") => above.push((k, s.clone())),
            _ => break,
        }
    }
    above.reverse();
    let is_group = |s: &str| stated_count(s, t).is_some() || (rank_of(s) < PLAIN_RANK && !s.starts_with("专栏") && !s.starts_with("附件"));
    let caption_at = above.iter().rposition(|(_, s)| !is_group(s));
    let caption = caption_at.map(|i| {
        let s = &above[i].1;
        // `附件2` alone on the line above the title belongs to the caption.
        match i.checked_sub(1).map(|j| &above[j].1) {
            Some(prev) if outline::marker(prev).is_some_and(|m| m.kind == gongwen_model::NodeKind::Attachment) => format!("{prev} {s}"),
            _ => s.clone(),
        }
    });
    let groups = above
        .iter()
        .enumerate()
        .filter(|(i, (_, s))| caption_at.is_none_or(|c| *i > c) && is_group(s))
        .map(|(_, (k, s))| Group::read(s, no(*k), t))
        .collect();
    (caption, groups)
}

/// Adds a data row: a row with the running number empty continues the row
/// above (a page break split it); empty cells left of the first filled one
/// repeat the row above (a merged cell).
fn push_row(rows: &mut Vec<TableRow>, row_groups: &mut Vec<Vec<usize>>, stack: &[usize], mut cells: Vec<String>, line: usize, header: Option<&[String]>, t: &Tables) {
    let serial = serial_column(header, t);
    if let (Some(s), Some(prev)) = (serial, rows.last_mut()) {
        if cells.get(s).is_some_and(|c| c.is_empty()) && cells.iter().any(|c| !c.is_empty()) {
            for (i, c) in cells.into_iter().enumerate() {
                if c.is_empty() {
                    continue;
                }
                match prev.cells.get_mut(i) {
                    Some(p) => p.push_str(&c),
                    None => prev.cells.push(c),
                }
            }
            return;
        }
    }
    let mut filled = Vec::new();
    if let Some(prev) = rows.last() {
        for i in 0..cells.len() {
            let left_blank = (0..i).all(|j| cells[j].is_empty() || Some(j) == serial);
            if cells[i].is_empty() && left_blank && Some(i) != serial && i + 1 < cells.len() {
                if let Some(p) = prev.cells.get(i).filter(|p| !p.is_empty()) {
                    cells[i] = p.clone();
                    filled.push(i);
                }
            }
        }
    }
    rows.push(TableRow { cells, line, groups: vec![], filled });
    row_groups.push(stack.to_vec());
}

fn serial_column(header: Option<&[String]>, t: &Tables) -> Option<usize> {
    header?.iter().position(|h| t.serial_words.iter().any(|w| h.contains(w.as_str())))
}

/// Names in a row: every cell of a grid of names, otherwise the name cells
/// between the first (rank or category) and the last (unit).
fn persons_in(k: &Knowledge, cells: &[String]) -> u32 {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    if !filled.is_empty() && filled.iter().all(|c| is_person_name(k, c)) {
        return filled.len() as u32;
    }
    match filled.len() {
        0 | 1 => 0,
        2 => filled.iter().take(1).filter(|c| is_person_name(k, c)).count() as u32,
        n => filled[1..n - 1].iter().filter(|c| is_person_name(k, c)).count() as u32,
    }
}

fn columns(header: Option<&[String]>, rows: &[TableRow]) -> Vec<Column> {
    let width = rows.iter().map(|r| r.cells.len()).chain(header.map(|h| h.len())).max().unwrap_or(0);
    (0..width)
        .map(|i| {
            let cells: Vec<&str> = rows.iter().filter_map(|r| r.cells.get(i)).map(|c| c.as_str()).filter(|c| !c.is_empty() && *c != "—" && *c != "-").collect();
            let kind = if !cells.is_empty() && cells.iter().all(|c| parse_number(c).is_some()) {
                CellKind::Number
            } else if !cells.is_empty() && cells.iter().all(|c| is_date_cell(c)) {
                CellKind::Date
            } else {
                CellKind::Text
            };
            Column { name: header.and_then(|h| h.get(i)).map(|h| compact(h)).unwrap_or_default(), kind }
        })
        .collect()
}

/// 合计/总计 rows against the sum of the rows above them; 小计 against the
/// rows since the previous 小计.
fn totals(rows: &[TableRow], header: Option<&[String]>, serial: Option<usize>, t: &Tables) -> Vec<TableCheck> {
    let label = |r: &TableRow| -> Option<String> {
        // The label sits in the serial column or the first cell after it.
        let first = r.cells.iter().find(|c| !c.is_empty() && parse_number(c).is_none())?;
        let c = compact(first);
        t.total_words.iter().any(|w| c == *w || c.starts_with(w.as_str())).then_some(c)
    };
    let mut checks = Vec::new();
    let mut since = 0;
    for (idx, r) in rows.iter().enumerate() {
        let Some(name) = label(r) else { continue };
        let sub = t.subtotal_words.iter().any(|w| name.starts_with(w.as_str()));
        let from = if sub { since } else { 0 };
        for (j, cell) in r.cells.iter().enumerate() {
            if Some(j) == serial {
                continue;
            }
            let Some(stated) = parse_number(cell) else { continue };
            let addends: Vec<f64> = rows[from..idx].iter().filter(|x| label(x).is_none()).filter_map(|x| x.cells.get(j).and_then(|c| parse_number(c))).collect();
            if addends.is_empty() {
                continue;
            }
            let counted: f64 = addends.iter().sum();
            checks.push(TableCheck {
                kind: CheckKind::Total,
                subject: match header.and_then(|h| h.get(j)).filter(|h| !h.is_empty()) {
                    Some(h) => format!("{name} {}", compact(h)),
                    None => format!("{name} 第{}列", j + 1),
                },
                stated,
                counted: (counted * 1e6).round() / 1e6,
                ok: (stated - counted).abs() < 0.005_f64.max(stated.abs() * 1e-9),
                line: r.line,
            });
        }
        if sub {
            since = idx + 1;
        }
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    fn tables(text: &str) -> Vec<Table> {
        let ls = lines(text);
        let noise = vec![false; ls.len()];
        recover(&crate::knowledge::Knowledge::builtin(), &ls, &noise, 0..ls.len())
    }

    #[test]
    fn repeated_and_letter_spaced_headers_and_split_rows() {
        let t = tables(
            "责任清单\n\n序号\t任 务 事 项\t牵头单位\t完成时限\n1\t建设平台。\t市科技局\t2022年\n2\t推进改革\t市经信局\t持续推进\n\n序号\t任 务 事 项\t牵 头 单 位\t完 成 时 限\n3\t开展试点，\t市商务局\t2021年\n\t扩大范围。\t\t\n",
        );
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert_eq!(t.caption.as_deref(), Some("责任清单"));
        assert_eq!(t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["序号", "任务事项", "牵头单位", "完成时限"]);
        assert_eq!(t.repeated_headers, 1);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2].cells[1], "开展试点，扩大范围。");
        assert_eq!(t.columns[0].kind, CellKind::Number);
    }

    #[test]
    fn pipes_html_residue_and_merged_cells() {
        let t = tables("|  |  |\n|---|---|\n| 项目 | 单位 |\n| <p>甲</p> | 市财政局 |\n|  | 市税务局 |\n");
        assert_eq!(t[0].rows[0].cells, ["甲", "市财政局"]);
        assert_eq!(t[0].rows[1].cells, ["甲", "市税务局"]);
        assert_eq!(t[0].rows[1].filled, [0]);
    }

    #[test]
    fn stated_counts_and_padded_names() {
        let t = tables("获奖名单\n\n一、状元（5名）\n焊接\t王 五\t市公安局\n车工\t赵六（女）\t乙机械公司\n\n钳工（2名）\n第一名 林 威 丙机械公司\n第二名 李四 张三 丁机械公司\n二、教练（3名）\n王一\t李 二\t张三（女）\n");
        let t = &t[0];
        let counts: Vec<(String, f64, f64)> = t.checks.iter().map(|c| (c.subject.clone(), c.stated, c.counted)).collect();
        assert_eq!(
            counts,
            [("一、状元（5名）".to_string(), 5.0, 5.0), ("钳工（2名）".to_string(), 2.0, 3.0), ("二、教练（3名）".to_string(), 3.0, 3.0)]
        );
        assert!(!t.checks[1].ok);
        assert_eq!(t.rows[2].cells, ["第一名", "林威", "丙机械公司"]);
    }

    #[test]
    fn totals_are_checked() {
        let t = tables("表1 指标\n区域\t数量\t金额\n甲区\t3\t1.5\n乙区\t4\t2.5\n合计\t7\t4\n");
        let ok: Vec<bool> = t[0].checks.iter().map(|c| c.ok).collect();
        assert_eq!(ok, [true, true]);
        let t = tables("区域\t数量\n甲区\t3\n乙区\t4\n总计\t8\n");
        assert_eq!((t[0].checks[0].stated, t[0].checks[0].counted, t[0].checks[0].ok), (8.0, 7.0, false));
    }

    #[test]
    fn prose_and_signatures_are_not_tables() {
        assert!(tables("一、总则\n为了加强管理，制定本办法。\n武汉市人民政府 武汉市财政局 武汉市税务局\n2024年1月1日\n").is_empty());
    }
}
