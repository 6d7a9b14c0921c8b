//! Tasks (任务分工): what must be done, by whom in which role, by when.
//!
//! Two sources. Inline: a sentence followed by `（牵头单位：…；配合单位：…）`
//! or `（责任单位：…）`, the usual layout of 实施方案 and 若干措施. Tables: a
//! recovered table with a role column (牵头单位, 责任单位 …) and usually a
//! deadline column (完成时限). Unit lists expand `各区人民政府〈含开发区、
//! 风景区管委会，下同〉` into the units it includes, and `下同` carries that
//! expansion to later mentions in the same document. Deadlines become a date,
//! a recurrence, a relative term or `持续推进`.

use crate::nodes::NodeIndex;
use gongwen_model::{Date, Document, Table};
use gongwen_parse::knowledge::{knowledge, Roles};
use gongwen_parse::text::compact;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Lead,
    Responsible,
    Cooperating,
    Guiding,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "牵头",
            Role::Responsible => "责任",
            Role::Cooperating => "配合",
            Role::Guiding => "指导",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub role: Role,
    pub name: String,
    /// Set for a unit included by an expansion: the name it was included in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Deadline {
    /// Due on or before `date` (年底 → 12-31, 10月前 → 10-31).
    By { date: Date, text: String },
    /// Every year on month/day, every month on day, every quarter.
    Yearly { month: u8, day: u8, text: String },
    Monthly { day: u8, text: String },
    Quarterly { text: String },
    /// 会后3个工作日内: relative to an event the text names.
    Relative { text: String },
    Ongoing { text: String },
}

impl Deadline {
    pub fn text(&self) -> &str {
        match self {
            Deadline::By { text, .. }
            | Deadline::Yearly { text, .. }
            | Deadline::Monthly { text, .. }
            | Deadline::Quarterly { text }
            | Deadline::Relative { text }
            | Deadline::Ongoing { text } => text,
        }
    }
    /// The date a one-off deadline falls on.
    pub fn date(&self) -> Option<Date> {
        match self {
            Deadline::By { date, .. } => Some(*date),
            _ => None,
        }
    }
}

/// `2022-12-31（2022年）`, `每年3月底前`, `持续推进`.
impl std::fmt::Display for Deadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Deadline::By { date, text } => write!(f, "{date}（{text}）"),
            d => write!(f, "{}", d.text()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub node: Vec<String>,
    pub heading: Option<String>,
    pub line: usize,
    pub text: String,
    pub units: Vec<Unit>,
    pub deadline: Option<Deadline>,
    /// The 阶段 heading the task sits under, if the document has phases.
    pub phase: Option<String>,
    /// `inline`, or the caption of the table the row came from.
    pub from: String,
}

impl Task {
    /// Does the task name `unit` (or a unit list that includes it)?
    pub fn involves(&self, unit: &str) -> bool {
        units_involve(&self.units, unit)
    }

    /// Falls due on or before `limit`: a dated deadline up to it, or a
    /// recurring one (it recurs before any date). 持续推进, relative terms and
    /// tasks without a deadline never do.
    pub fn due_by(&self, limit: Date) -> bool {
        match &self.deadline {
            Some(Deadline::By { date, .. }) => *date <= limit,
            Some(Deadline::Yearly { .. } | Deadline::Monthly { .. } | Deadline::Quarterly { .. }) => true,
            _ => false,
        }
    }
}

/// Does a unit list name `unit`: `市司法局` matches 市司法局 and 司法局;
/// `江岸区人民政府` matches 各区人民政府.
pub fn units_involve(units: &[Unit], unit: &str) -> bool {
    let needle = compact(unit);
    // `市司法局` is not `区司法局`, but matches a list that writes it `司法局`.
    let bare = needle.strip_prefix(['市', '区']).unwrap_or(&needle);
    !needle.is_empty() && units.iter().any(|u| u.name.contains(needle.as_str()) || u.name == bare || district_matches(&u.name, &needle))
}

/// `江岸区人民政府` is one of `各区人民政府`.
fn district_matches(name: &str, needle: &str) -> bool {
    name.starts_with('各') && needle.ends_with(name.trim_start_matches(['各', '新', '城']).trim_start_matches('区')) && needle.contains('区')
}

struct Patterns {
    date: Regex,
    month: Regex,
    year_end: Regex,
    half: Regex,
    quarter: Regex,
    yearly: Regex,
    monthly: Regex,
    quarterly: Regex,
    relative: Regex,
    year_only: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("valid pattern");
        Patterns {
            date: re(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:前|之前|以前|完成)"),
            month: re(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:底|末|份)?\s*(?:前|之前|以前|完成)"),
            year_end: re(r"(\d{4})\s*年\s*(?:底|末|年底|年末)?\s*(?:前|之前|以前|完成)"),
            half: re(r"(\d{4})\s*年\s*(上|下)半年"),
            quarter: re(r"(\d{4})\s*年\s*(?:第)?\s*([一二三四1-4])\s*季度"),
            yearly: re(r"每年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底|末|中旬|上旬|下旬)?"),
            monthly: re(r"每月\s*(\d{1,2})\s*日"),
            quarterly: re(r"每季度"),
            relative: re(r"[^，。；]{0,6}?\d+\s*个?(?:工作日|日|天|周|个月)\s*内"),
            year_only: re(r"^(\d{4})\s*年(?:\s*(\d{1,2})\s*月)?$"),
        }
    })
}

fn last_day(year: u16, month: u8) -> u8 {
    (28..=31u8).rev().find(|d| Date::new(year, month, *d).is_some()).unwrap_or(28)
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok().or_else(|| gongwen_parse::date::chinese_number(s))
}

/// A deadline in running text (`2024年10月底前完成`, `每年3月底前`, `持续推进`).
pub fn deadline_in(text: &str) -> Option<Deadline> {
    let p = patterns();
    let t = compact(text);
    let by = |y: &str, m: u8, d: Option<u8>, s: &str| {
        let year: u16 = y.parse().ok()?;
        let day = d.unwrap_or_else(|| last_day(year, m));
        Date::new(year, m, day).map(|date| Deadline::By { date, text: s.to_string() })
    };
    if let Some(c) = p.yearly.captures(&t) {
        let month: u8 = c[1].parse().ok().filter(|m| (1..=12).contains(m))?;
        let day = c.get(2).and_then(|d| d.as_str().parse().ok()).unwrap_or_else(|| last_day(2001, month));
        return Some(Deadline::Yearly { month, day, text: c[0].to_string() });
    }
    if let Some(c) = p.monthly.captures(&t) {
        return Some(Deadline::Monthly { day: c[1].parse().ok()?, text: c[0].to_string() });
    }
    if let Some(c) = p.quarterly.find(&t) {
        return Some(Deadline::Quarterly { text: c.as_str().to_string() });
    }
    if let Some(c) = p.date.captures(&t) {
        return by(&c[1], c[2].parse().ok()?, c[3].parse().ok(), &c[0]);
    }
    if let Some(c) = p.month.captures(&t) {
        return by(&c[1], c[2].parse().ok()?, None, &c[0]);
    }
    if let Some(c) = p.half.captures(&t) {
        return by(&c[1], if &c[2] == "上" { 6 } else { 12 }, None, &c[0]);
    }
    if let Some(c) = p.quarter.captures(&t) {
        return by(&c[1], num(&c[2])? as u8 * 3, None, &c[0]);
    }
    if let Some(c) = p.year_end.captures(&t) {
        return by(&c[1], 12, None, &c[0]);
    }
    if let Some(c) = p.relative.find(&t) {
        return Some(Deadline::Relative { text: c.as_str().to_string() });
    }
    let k = &knowledge().tasks;
    k.ongoing.iter().find(|w| t.contains(w.as_str())).map(|w| Deadline::Ongoing { text: w.clone() })
}

/// A deadline cell of a table: a bare `2022年` or `2025年12月` means by its end.
pub fn deadline_cell(cell: &str) -> Option<Deadline> {
    let t = compact(cell);
    if let Some(c) = patterns().year_only.captures(&t) {
        let year: u16 = c[1].parse().ok()?;
        let month: u8 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(12);
        return Date::new(year, month, last_day(year, month)).map(|date| Deadline::By { date, text: t.clone() });
    }
    deadline_in(&t).or_else(|| (!t.is_empty()).then_some(Deadline::Relative { text: t }))
}

fn role_of(label: &str, roles: &Roles) -> Option<Role> {
    let l = compact(label);
    let has = |ws: &[String]| ws.iter().any(|w| l.contains(w.as_str()));
    // 配合 and 指导 before 牵头: `牵头配合单位` is rare, `配合单位` common.
    if has(&roles.cooperating) {
        Some(Role::Cooperating)
    } else if has(&roles.guiding) {
        Some(Role::Guiding)
    } else if has(&roles.responsible) {
        Some(Role::Responsible)
    } else if has(&roles.lead) {
        Some(Role::Lead)
    } else {
        None
    }
}

/// What `各区人民政府〈含开发区、风景区管委会，下同〉` includes, remembered
/// for the rest of the document when it says 下同.
#[derive(Default)]
pub struct Expansions(HashMap<String, Vec<String>>);

/// Splits a unit list at top-level 、，, and reads each item's inclusion note.
pub fn split_units(list: &str, role: Role, memo: &mut Expansions) -> Vec<Unit> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in list.chars() {
        match c {
            '〈' | '（' | '(' | '<' => depth += 1,
            '〉' | '）' | ')' | '>' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(c, '、' | '，' | ',' | '；' | ';') {
            items.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    items.push(cur);
    let mut out = Vec::new();
    for item in items {
        let item = item.trim().trim_end_matches(['。', '．']);
        if item.is_empty() {
            continue;
        }
        let (base, note) = match item.find(['〈', '（', '(']) {
            Some(at) => (item[..at].trim(), Some(item[at..].trim_matches(['〈', '〉', '（', '）', '(', ')']))),
            None => (item, None),
        };
        if base.is_empty() {
            continue;
        }
        out.push(Unit { role, name: base.to_string(), via: None });
        let included = match note.and_then(|n| n.strip_prefix('含')) {
            Some(n) => {
                let list = included_units(n.split(['，', ',']).next().unwrap_or(n));
                if n.contains("下同") {
                    memo.0.insert(base.to_string(), list.clone());
                }
                list
            }
            // 〈招才局〉 after 市委组织部: another name of the same unit.
            None => memo.0.get(base).cloned().unwrap_or_default(),
        };
        out.extend(included.into_iter().map(|name| Unit { role, name, via: Some(base.to_string()) }));
    }
    out
}

/// `开发区、风景区管委会` → 开发区管委会, 风景区管委会: the last item's organ
/// ending applies to the items before it that lack one.
fn included_units(list: &str) -> Vec<String> {
    let parts: Vec<&str> = list.split('、').map(str::trim).filter(|p| !p.is_empty()).collect();
    let k = knowledge();
    let ending = parts.last().and_then(|last| k.orgs.suffixes.iter().find(|s| last.ends_with(s.as_str()) && last.len() > s.len())).cloned();
    parts
        .iter()
        .map(|p| match &ending {
            Some(e) if !p.ends_with(e.as_str()) => format!("{p}{e}"),
            _ => p.to_string(),
        })
        .collect()
}

/// `牵头单位：市招商办；配合单位：市直各相关部门，各区人民政府〈…〉`.
fn units_in(note: &str, memo: &mut Expansions) -> Vec<Unit> {
    let roles = &knowledge().tasks.roles;
    let mut out = Vec::new();
    let mut role = None;
    for part in note.split(['；', ';']) {
        let (label, list) = match part.split_once(['：', ':']) {
            Some((l, rest)) if role_of(l, roles).is_some() && l.chars().count() <= 8 => (Some(l), rest),
            _ => (None, part),
        };
        if let Some(l) = label {
            role = role_of(l, roles);
        }
        // A part without a label continues the role before it (`牵头单位：A；B`).
        if let Some(r) = role {
            out.extend(split_units(list, r, memo));
        }
    }
    out
}

/// Inline task notes of one paragraph: (text before the note, the note,
/// byte offset of the note).
fn notes(paragraph: &str) -> Vec<(String, String, usize)> {
    let roles = &knowledge().tasks.roles;
    let labels: Vec<&String> = roles.lead.iter().chain(&roles.responsible).chain(&roles.cooperating).chain(&roles.guiding).collect();
    let chars: Vec<char> = paragraph.chars().collect();
    let mut out = Vec::new();
    let mut text_from = 0;
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '（' | '(') {
            let rest: String = chars[i + 1..chars.len().min(i + 12)].iter().collect();
            if labels.iter().any(|l| rest.starts_with(l.as_str()) && rest[l.len()..].starts_with(['：', ':'])) {
                let mut depth = 0;
                let mut j = i;
                while j < chars.len() {
                    match chars[j] {
                        '（' | '(' | '〈' => depth += 1,
                        '）' | ')' | '〉' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    j += 1;
                }
                let note: String = chars[i + 1..j.min(chars.len())].iter().collect();
                let text: String = chars[text_from..i].iter().collect();
                let at: usize = chars[..i].iter().map(|c| c.len_utf8()).sum();
                out.push((text.trim().trim_start_matches(['。', '，', '；']).trim().to_string(), note, at));
                i = j + 1;
                // `（牵头单位：…）。` — the full stop closes the task just read.
                while i < chars.len() && matches!(chars[i], '。' | '；' | '，') {
                    i += 1;
                }
                text_from = i;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The units of the first task note at or after byte `at` of `paragraph`:
/// who is responsible for a measure or target stated before the note.
pub fn units_after(paragraph: &str, at: usize) -> Vec<Unit> {
    let mut memo = Expansions::default();
    notes(paragraph).into_iter().find(|n| n.2 >= at).map(|n| units_in(&n.1, &mut memo)).unwrap_or_default()
}

fn phase_of(headings: &[Option<String>]) -> Option<String> {
    headings.iter().flatten().find(|h| h.contains("阶段")).cloned()
}

/// Every task of `doc`: inline notes in text order, then table rows.
pub fn tasks(doc: &Document) -> Vec<Task> {
    let nodes = NodeIndex::new(doc);
    let mut memo = Expansions::default();
    let mut out = Vec::new();
    for (line, paragraph) in doc.paragraphs() {
        if !paragraph.contains("单位") && !paragraph.contains("部门") {
            continue;
        }
        let place = nodes.at(line);
        for (text, note, _) in notes(paragraph) {
            let units = units_in(&note, &mut memo);
            if units.is_empty() || text.is_empty() {
                continue;
            }
            out.push(Task {
                node: place.as_ref().map(|p| p.path.to_vec()).unwrap_or_default(),
                heading: place.as_ref().and_then(|p| p.headings.last().cloned().flatten()),
                line,
                deadline: deadline_in(&text),
                phase: place.as_ref().and_then(|p| phase_of(p.headings)),
                text,
                units,
                from: "inline".into(),
            });
        }
    }
    for table in &doc.tables {
        out.extend(table_tasks(table, &nodes, &mut memo));
    }
    out
}

fn table_tasks(table: &Table, nodes: &NodeIndex, memo: &mut Expansions) -> Vec<Task> {
    let k = &knowledge().tasks;
    let names: Vec<String> = table.columns.iter().map(|c| compact(&c.name)).collect();
    let role_cols: Vec<(usize, Role)> = names.iter().enumerate().filter_map(|(i, n)| role_of(n, &k.roles).map(|r| (i, r))).collect();
    if role_cols.is_empty() {
        return Vec::new();
    }
    let task_cols: Vec<usize> = names.iter().enumerate().filter(|(_, n)| k.task_columns.iter().any(|w| n.contains(w.as_str()))).map(|(i, _)| i).collect();
    let deadline_col = names.iter().position(|n| k.deadline_columns.iter().any(|w| n.contains(w.as_str())));
    let Some(&text_col) = task_cols.last() else { return Vec::new() };
    let heading_col = task_cols.first().copied().filter(|&h| h != text_col);
    let caption = table.caption.clone().unwrap_or_else(|| "表格".into());
    let mut out = Vec::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(i).map(|c| c.trim()).unwrap_or("");
        let text = cell(text_col);
        if text.is_empty() {
            continue;
        }
        let units: Vec<Unit> = role_cols.iter().flat_map(|&(i, role)| split_units(cell(i), role, memo)).collect();
        let place = nodes.at(row.line);
        out.push(Task {
            node: place.as_ref().map(|p| p.path.to_vec()).unwrap_or_default(),
            heading: heading_col.map(|h| cell(h).to_string()).filter(|h| !h.is_empty()).or_else(|| row.groups.last().cloned()),
            line: row.line,
            text: text.to_string(),
            units,
            deadline: deadline_col.and_then(|d| deadline_cell(cell(d))).or_else(|| deadline_in(text)),
            phase: row.groups.iter().find(|g| g.contains("阶段")).cloned(),
            from: caption.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn deadlines() {
        assert_eq!(deadline_in("2024年10月前完成").and_then(|d| d.date()), Some(d(2024, 10, 31)));
        assert_eq!(deadline_in("于2024年6月15日前报送").and_then(|d| d.date()), Some(d(2024, 6, 15)));
        assert_eq!(deadline_in("2022年底前建成").and_then(|d| d.date()), Some(d(2022, 12, 31)));
        assert_eq!(deadline_in("2024年上半年").and_then(|d| d.date()), Some(d(2024, 6, 30)));
        assert!(matches!(deadline_in("每年3月底前报送"), Some(Deadline::Yearly { month: 3, day: 31, .. })));
        assert!(matches!(deadline_in("每月15日前报送"), Some(Deadline::Monthly { day: 15, .. })));
        assert!(matches!(deadline_in("会后3个工作日内报送"), Some(Deadline::Relative { .. })));
        assert!(matches!(deadline_in("持续推进"), Some(Deadline::Ongoing { .. })));
        assert_eq!(deadline_cell("2022年").and_then(|d| d.date()), Some(d(2022, 12, 31)));
        assert_eq!(deadline_cell("2025年12月").and_then(|d| d.date()), Some(d(2025, 12, 31)));
        assert_eq!(deadline_in("到2025年，全市达到100万千瓦"), None);
    }

    #[test]
    fn inline_notes_with_expansion_carried_by_xiatong() {
        let mut memo = Expansions::default();
        let n = notes("一、引进头部企业。每年引进2—3家企业。（牵头单位：市招商办；配合单位：市直各相关部门，各区人民政府〈含开发区、风景区管委会，下同〉）");
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].0, "一、引进头部企业。每年引进2—3家企业。");
        let u = units_in(&n[0].1, &mut memo);
        let names: Vec<(&str, Role, Option<&str>)> = u.iter().map(|u| (u.name.as_str(), u.role, u.via.as_deref())).collect();
        assert_eq!(
            names,
            [
                ("市招商办", Role::Lead, None),
                ("市直各相关部门", Role::Cooperating, None),
                ("各区人民政府", Role::Cooperating, None),
                ("开发区管委会", Role::Cooperating, Some("各区人民政府")),
                ("风景区管委会", Role::Cooperating, Some("各区人民政府")),
            ]
        );
        // 下同: a later plain mention includes the same units.
        let later = units_in("责任单位：各区人民政府，市卫健委", &mut memo);
        assert_eq!(later.iter().filter(|u| u.via.is_some()).count(), 2);
        assert_eq!(later.last().unwrap().name, "市卫健委");
        // An unlabelled part continues the role before it.
        let u = units_in("牵头单位：市卫健委；市民政局", &mut memo);
        assert!(u.iter().all(|u| u.role == Role::Lead) && u.len() == 2);
    }

    #[test]
    fn two_tasks_in_one_paragraph() {
        let n = notes("支持流通企业发展。（牵头单位：市商务局；配合单位：市经信局）探索建立白名单。（牵头单位：市商务局；配合单位：武汉海关）");
        assert_eq!(n.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["支持流通企业发展。", "探索建立白名单。"]);
    }

    #[test]
    fn unit_filter_reaches_district_lists() {
        let t = Task {
            node: vec![],
            heading: None,
            line: 1,
            text: "x".into(),
            units: vec![Unit { role: Role::Cooperating, name: "各区人民政府".into(), via: None }, Unit { role: Role::Lead, name: "市司法局".into(), via: None }],
            deadline: None,
            phase: None,
            from: "inline".into(),
        };
        assert!(t.involves("市司法局") && t.involves("司法局") && t.involves("江岸区人民政府"));
        assert!(!t.involves("市财政局") && !t.involves("区司法局"));
    }
}
