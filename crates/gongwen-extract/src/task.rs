//! Tasks (任务分工): what must be done, by whom in which role, by when.
//!
//! Two sources. Inline: a sentence followed by `（牵头单位：…；配合单位：…）`
//! or `（责任单位：…）`, the usual layout of 实施方案 and 若干措施. Tables: a
//! recovered table with a role column (牵头单位, 责任单位 …) and usually a
//! deadline column (完成时限). Unit lists expand `各区人民政府〈含开发区、
//! 风景区管委会，下同〉` into the units it includes, and `下同` carries that
//! expansion to later mentions in the same document. Deadlines become a date,
//! a recurrence, a relative term or `持续推进`.

pub use crate::deadline::{deadline_cell, deadline_in, deadline_near, Deadline};
use crate::nodes::NodeIndex;
use crate::note::{self, Rules};
use crate::units::{full_name, share_suffix, split_and, split_top, strip_etc, LIST_SEPARATORS};
use gongwen_model::{Date, Document, Table};
use gongwen_parse::knowledge::{Knowledge, Roles};
use gongwen_parse::text::compact;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    /// The name in full where it is an abbreviation the alias table knows
    /// (`省发改委` → 省发展和改革委员会).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full: Option<String>,
}

impl Unit {
    /// A unit named by the text itself (not through an expansion).
    pub fn new(k: &Knowledge, role: Role, name: String) -> Unit {
        Unit { role, full: full_name(k, &name), name, via: None }
    }

    fn included(k: &Knowledge, role: Role, name: String, via: &str) -> Unit {
        Unit { via: Some(via.to_string()), ..Unit::new(k, role, name) }
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
    !needle.is_empty()
        && units.iter().any(|u| u.name.contains(needle.as_str()) || u.name == bare || u.full.as_deref().is_some_and(|f| f.contains(needle.as_str())) || district_matches(&u.name, &needle))
}

/// `江岸区人民政府` is one of `各区人民政府`.
fn district_matches(name: &str, needle: &str) -> bool {
    name.starts_with('各') && needle.ends_with(name.trim_start_matches(['各', '新', '城']).trim_start_matches('区')) && needle.contains('区')
}

pub(crate) fn role_of(label: &str, roles: &Roles) -> Option<Role> {
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
pub fn split_units(k: &Knowledge, list: &str, role: Role, memo: &mut Expansions) -> Vec<Unit> {
    let items = split_top(list, &LIST_SEPARATORS);
    // Notes in brackets stay with their item; `等相关部门` goes, and bare
    // names take the ending they share with the next (`济南、青岛市政府`).
    let (bases, notes): (Vec<String>, Vec<Option<String>>) = items
        .iter()
        .map(|item| item.trim().trim_end_matches(['。', '．']))
        .filter(|item| !item.is_empty())
        // A bracket closing the item is a note on it; one inside the name
        // (`各省（区、市）粮食部门`) is part of the name.
        .flat_map(|item| match item.find(['〈', '（', '(']).filter(|_| item.ends_with(['〉', '）', ')'])) {
            Some(at) => vec![(strip_etc(k, item[..at].trim()).to_string(), Some(item[at..].trim_matches(['〈', '〉', '（', '）', '(', ')']).to_string()))],
            None => split_and(k, item).into_iter().map(|name| (name, None)).collect(),
        })
        .unzip();
    let mut out = Vec::new();
    for (base, note) in share_suffix(k, bases).iter().zip(notes) {
        let (base, note) = (base.as_str(), note.as_deref());
        if base.is_empty() {
            continue;
        }
        out.push(Unit::new(k, role, base.to_string()));
        let included = match note.and_then(|n| n.strip_prefix('含')) {
            Some(n) => {
                let list = included_units(k, n.split(['，', ',']).next().unwrap_or(n));
                if n.contains("下同") {
                    memo.0.insert(base.to_string(), list.clone());
                }
                list
            }
            // 〈招才局〉 after 市委组织部: another name of the same unit.
            None => memo.0.get(base).cloned().unwrap_or_default(),
        };
        out.extend(included.into_iter().map(|name| Unit::included(k, role, name, base)));
    }
    out
}

/// `开发区、风景区管委会` → 开发区管委会, 风景区管委会: the last item's organ
/// ending applies to the items before it that lack one.
fn included_units(k: &Knowledge, list: &str) -> Vec<String> {
    let parts: Vec<&str> = list.split('、').map(str::trim).filter(|p| !p.is_empty()).collect();
    let ending = parts.last().and_then(|last| k.orgs.suffixes.iter().find(|s| last.ends_with(s.as_str()) && last.len() > s.len())).cloned();
    parts
        .iter()
        .map(|p| match &ending {
            Some(e) if !p.ends_with(e.as_str()) => format!("{p}{e}"),
            _ => p.to_string(),
        })
        .collect()
}

/// Where each bracket of `chars` closes (index of an opening → index of its
/// closing), in one pass, so that unbalanced text stays linear.
fn closing_brackets(chars: &[char]) -> HashMap<usize, usize> {
    let mut open = Vec::new();
    let mut out = HashMap::new();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '（' | '(' | '〈' => open.push(i),
            '）' | ')' | '〉' => {
                if let Some(o) = open.pop() {
                    out.insert(o, i);
                }
            }
            _ => {}
        }
    }
    out
}

/// Task notes of one paragraph: (text before the note, what the note says,
/// byte offset of the note). A note is any bracket that reads as one.
fn notes(k: &Knowledge, paragraph: &str, rules: &mut Rules) -> Vec<(String, note::Note, usize)> {
    let chars: Vec<char> = paragraph.chars().collect();
    let closing = closing_brackets(&chars);
    let mut out = Vec::new();
    let mut text_from = 0;
    let mut i = 0;
    while i < chars.len() {
        if !matches!(chars[i], '（' | '(') {
            i += 1;
            continue;
        }
        // An unclosed bracket runs to the end of the paragraph.
        let j = closing.get(&i).copied().unwrap_or(chars.len());
        let inner: String = chars[i + 1..j].iter().collect();
        // Units alone in brackets are a note only where a note stands: after
        // the task's sentence, ending it (not `理事会（董事会）`).
        let closes_sentence = i > 0 && matches!(chars[i - 1], '。' | '；') || chars.get(j + 1).is_none_or(|c| matches!(c, '。' | '；'));
        let read = if note::mentions_role(k, &inner) || (rules.first_leads && closes_sentence) { note::parse(k, &inner, rules) } else { None };
        let Some(read) = read else {
            i += 1;
            continue;
        };
        let text: String = chars[text_from..i].iter().collect();
        let at: usize = chars[..i].iter().map(|c| c.len_utf8()).sum();
        out.push((text.trim().trim_start_matches(['。', '，', '；']).trim().to_string(), read, at));
        i = j + 1;
        // `（牵头单位：…）。` — the full stop closes the task just read.
        while i < chars.len() && matches!(chars[i], '。' | '；' | '，') {
            i += 1;
        }
        text_from = i;
    }
    out
}

/// The units of the first task note at or after byte `at` of `paragraph`:
/// who is responsible for a measure or target stated before the note.
pub fn units_after(k: &Knowledge, paragraph: &str, at: usize) -> Vec<Unit> {
    let mut rules = Rules::default();
    notes(k, paragraph, &mut rules).into_iter().find(|n| n.2 >= at).map(|n| n.1.units).unwrap_or_default()
}

fn phase_of(headings: &[Option<String>]) -> Option<String> {
    headings.iter().flatten().find(|h| h.contains("阶段")).cloned()
}

/// Every task of `doc`: inline notes and tasks in running text in text
/// order, then table rows.
pub fn tasks(k: &Knowledge, doc: &Document) -> Vec<Task> {
    let nodes = NodeIndex::new(doc);
    let mut rules = Rules { issued: doc.date, ..Rules::default() };
    let mut out = Vec::new();
    for (line, paragraph) in doc.paragraphs() {
        let place = nodes.at(line);
        // A task cites the line its text begins on (a paragraph may wrap).
        let task = |text: String, units: Vec<Unit>, deadline: Option<Deadline>| Task {
            node: place.as_ref().map(|p| p.path.to_vec()).unwrap_or_default(),
            heading: place.as_ref().and_then(|p| p.headings.last().cloned().flatten()),
            line: paragraph.find(text.as_str()).map_or(line, |at| doc.line_at(line, at)),
            deadline,
            phase: place.as_ref().and_then(|p| phase_of(p.headings)),
            text,
            units,
            from: "inline".into(),
        };
        let path = place.as_ref().map(|p| p.path.to_vec()).unwrap_or_default();
        // `各项任务中列第一位者为牵头单位` said in the text, not in a note.
        if k.tasks.after_units.first_leads.iter().any(|w| compact(paragraph).contains(w.as_str())) {
            rules.first_leads = true;
        }
        if let Some(units) = crate::running::stated_for_all(k, paragraph) {
            rules.for_all = Some((path, units));
            continue;
        }
        let found = if note::mentions_role(k, paragraph) || rules.first_leads { notes(k, paragraph, &mut rules) } else { Vec::new() };
        if found.is_empty() {
            let mut running = crate::running::tasks_in(k, paragraph, rules.issued);
            // A paragraph that is a note without brackets (`X牵头，Y、Z配合。`,
            // under a heading such as 指导单位): the task of its item.
            if running.is_empty() && !paragraph.trim_start().starts_with(['[', '［', '（', '(', '【']) {
                if let Some(read) = note::parse(k, paragraph.trim().trim_end_matches('。'), &mut rules).filter(|n| !n.units.is_empty()) {
                    running.push((paragraph.to_string(), read.units, read.deadline));
                }
            }
            // An item under `以下各项均由…落实` that names no unit of its own.
            let item = place.as_ref().is_some_and(|p| p.starts && nodes.is_leaf(p.path));
            match &rules.for_all {
                Some((scope, units)) if running.is_empty() && item && path.len() > scope.len() && path.starts_with(scope) => {
                    out.push(task(paragraph.to_string(), units.clone(), deadline_near(k, paragraph, rules.issued)));
                }
                _ => out.extend(running.into_iter().map(|(text, units, deadline)| task(text, units, deadline))),
            }
        }
        for (text, read, _) in found {
            if read.units.is_empty() || text.is_empty() {
                continue;
            }
            let deadline = read.deadline.or_else(|| deadline_near(k, &text, rules.issued));
            out.push(task(text, read.units, deadline));
        }
    }
    for table in &doc.tables {
        out.extend(table_tasks(k, table, &nodes, &mut rules.memo));
    }
    out
}

fn table_tasks(k: &Knowledge, table: &Table, nodes: &NodeIndex, memo: &mut Expansions) -> Vec<Task> {
    let names: Vec<String> = table.columns.iter().map(|c| compact(&c.name)).collect();
    // A column of people (牵头领导, 责任人) names no unit.
    let people = |n: &str| k.tasks.person_columns.iter().any(|p| n.contains(p.as_str()));
    let role_cols: Vec<(usize, Role)> = names.iter().enumerate().filter(|(_, n)| !people(n)).filter_map(|(i, n)| role_of(n, &k.tasks.roles).map(|r| (i, r))).collect();
    if role_cols.is_empty() {
        return Vec::new();
    }
    let task_cols: Vec<usize> = names.iter().enumerate().filter(|(_, n)| k.tasks.task_columns.iter().any(|w| n.contains(w.as_str()))).map(|(i, _)| i).collect();
    let deadline_col = names.iter().position(|n| k.tasks.deadline_columns.iter().any(|w| n.contains(w.as_str())));
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
        let units: Vec<Unit> = role_cols.iter().flat_map(|&(i, role)| split_units(k, cell(i), role, memo)).collect();
        let place = nodes.at(row.line);
        out.push(Task {
            node: place.as_ref().map(|p| p.path.to_vec()).unwrap_or_default(),
            heading: heading_col.map(|h| cell(h).to_string()).filter(|h| !h.is_empty()).or_else(|| row.groups.last().cloned()),
            line: row.line,
            text: text.to_string(),
            units,
            deadline: deadline_col.and_then(|d| deadline_cell(k, cell(d))).or_else(|| deadline_in(k, text)),
            phase: row.groups.iter().find(|g| g.contains("阶段")).cloned(),
            from: caption.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_notes_with_expansion_carried_by_xiatong() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let mut rules = Rules::default();
        let n = notes(k, "一、引进头部企业。每年引进2—3家企业。（牵头单位：市招商办；配合单位：市直各相关部门，各区人民政府〈含开发区、风景区管委会，下同〉）", &mut rules);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].0, "一、引进头部企业。每年引进2—3家企业。");
        let u = &n[0].1.units;
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
        let later = note::parse(k, "责任单位：各区人民政府，市卫健委", &mut rules).unwrap().units;
        assert_eq!(later.iter().filter(|u| u.via.is_some()).count(), 2);
        assert_eq!(later.last().unwrap().name, "市卫健委");
        // An unlabelled part continues the role before it.
        let u = note::parse(k, "牵头单位：市卫健委；市民政局", &mut rules).unwrap().units;
        assert!(u.iter().all(|u| u.role == Role::Lead) && u.len() == 2);
    }

    /// A paragraph that is a note without brackets, under a heading naming
    /// who guides the work, is the task of its item.
    #[test]
    fn a_note_printed_as_a_paragraph() {
        let k = gongwen_parse::knowledge::Knowledge::builtin();
        let pf = gongwen_parse::parse_text(&k, "t.txt", "甲市交通运输局关于开展试点工作的通知\n　　一、试点单位。\n　　甲市大学。\n　　二、试点指导单位。\n　　市交通运输局运输服务处牵头，科技处、人事教育处配合。\n　　三、试点内容。\n　　开展智慧交通试点。\n");
        let t = tasks(&k, &pf.documents[0]);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].line, 5);
        let lead: Vec<&str> = t[0].units.iter().filter(|u| u.role == Role::Lead).map(|u| u.name.as_str()).collect();
        assert_eq!(lead, ["市交通运输局运输服务处"]);
    }

    #[test]
    fn two_tasks_in_one_paragraph() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let n = notes(k, "支持流通企业发展。（牵头单位：市商务局；配合单位：市经信局）探索建立白名单。（牵头单位：市商务局；配合单位：武汉海关）", &mut Rules::default());
        assert_eq!(n.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["支持流通企业发展。", "探索建立白名单。"]);
    }

    #[test]
    fn unit_filter_reaches_district_lists() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = Task {
            node: vec![],
            heading: None,
            line: 1,
            text: "x".into(),
            units: vec![Unit::new(k, Role::Cooperating, "各区人民政府".into()), Unit::new(k, Role::Lead, "市司法局".into())],
            deadline: None,
            phase: None,
            from: "inline".into(),
        };
        assert!(t.involves("市司法局") && t.involves("司法局") && t.involves("江岸区人民政府"));
        assert!(!t.involves("市财政局") && !t.involves("区司法局"));
    }
}
