//! Tasks in running text: `请X于…前…`, `由X负责…`, `X牵头…` — a sentence
//! that names units and what they must do, with its deadline
//! (`于2026年6月30日前`, `每月7日前`, `自本通知印发之日起60日内`). The words
//! are data (data/tasks.toml `[running]`); a unit list must end like units.

use crate::deadline::{deadline_near, Deadline};
use crate::note::role_after;
use crate::task::{Role, Unit};
use crate::units::unit_list;
use gongwen_model::Date;
use gongwen_parse::knowledge::Knowledge;

/// Sentences of a paragraph, split after 。；！
fn sentences(paragraph: &str) -> impl Iterator<Item = &str> {
    paragraph.split_inclusive(['。', '；', '！']).map(str::trim).filter(|s| !s.is_empty())
}

/// How far after `请` a unit list may end (bytes; a few units' names).
const MAX_LIST_BYTES: usize = 240;

/// The first `max` bytes of `s`, cut at a character boundary.
fn head(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let cut = (0..=max).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
    &s[..cut]
}

/// The units of a list when every item is a unit.
fn units(k: &Knowledge, list: &str, role: Role) -> Option<Vec<Unit>> {
    // `请X会同Y于…`: X leads, Y takes part.
    if let Some((left, right)) = k.tasks.after_units.joiners.iter().find_map(|j| list.split_once(j.as_str())) {
        let mut out = units(k, left, Role::Lead)?;
        out.extend(units(k, right, Role::Cooperating)?);
        return Some(out);
    }
    unit_list(k, list, role)
}

/// `请X于…`: the units between the ask word (at a clause start) and the first
/// word that opens what they are asked to do.
fn asked(k: &Knowledge, sentence: &str) -> Option<Vec<Unit>> {
    let w = &k.tasks.running;
    for ask in &w.ask {
        for (at, _) in sentence.match_indices(ask.as_str()) {
            let before = sentence[..at].chars().last();
            if before.is_some_and(|c| !matches!(c, '，' | '：' | '。' | '；')) {
                continue;
            }
            // A unit list is short: look for its end near the ask word only.
            let rest = head(&sentence[at + ask.len()..], MAX_LIST_BYTES);
            // The first end word that leaves a unit list before it
            // (`请省自然资源厅于…`: not at the 自 of 自然资源厅).
            let mut ends: Vec<usize> = w.ask_ends.iter().flat_map(|e| rest.match_indices(e.as_str()).map(|(i, _)| i)).filter(|&e| e > 0).collect();
            ends.sort_unstable();
            if let Some(u) = ends.into_iter().find_map(|end| units(k, &rest[..end], Role::Responsible)) {
                return Some(u);
            }
        }
    }
    None
}

/// `由X负责…` (at a clause start) and `X牵头…` (opening the sentence).
fn led(k: &Knowledge, sentence: &str) -> Option<Vec<Unit>> {
    let w = &k.tasks.running;
    let a = &k.tasks.after_units;
    if w.not_tasks.iter().any(|n| sentence.contains(n.as_str())) {
        return None;
    }
    let clauses: Vec<&str> = sentence.split(['，', '。', '；']).collect();
    for (i, clause) in clauses.iter().enumerate() {
        let (from, body) = match w.by.iter().find_map(|b| clause.strip_prefix(b.as_str())) {
            Some(body) => (true, body),
            None if i == 0 => (false, *clause),
            None => continue,
        };
        // The role word ends the unit list: `由市财政局牵头制定…` → 市财政局;
        // without 由 only a lead word assigns a task (`X负责` is often a description).
        let responsible = a.responsible.iter().filter(|_| from).map(|w| (w, Role::Responsible));
        let words = a.lead.iter().map(|w| (w, Role::Lead)).chain(responsible);
        let Some((at, word, role)) = words.filter_map(|(w, r)| body.find(w.as_str()).map(|at| (at, w, r))).min_by_key(|x| x.0) else { continue };
        // `X牵头` without 由 must open the sentence with the units and go on
        // with a verb (not `牵头单位`, `牵头的`).
        let after = &body[at + word.len()..];
        if !from && (after.is_empty() || after.starts_with(['单', '部', '的', '人', '，']) || w.verb_openers.iter().any(|v| body.starts_with(v.as_str()))) {
            continue;
        }
        let (role, list) = role_after(k, &body[..at + word.len()]).unwrap_or((role, &body[..at]));
        if let Some(u) = units(k, list, role) {
            return Some(u);
        }
    }
    None
}

/// `以下各项均由X负责落实，不再一一列出`: units stated once for the items
/// that follow (the openers are data/tasks.toml `[running] for_all`).
pub fn stated_for_all(k: &Knowledge, paragraph: &str) -> Option<Vec<Unit>> {
    k.tasks.running.for_all.iter().find_map(|opener| {
        let at = paragraph.find(opener.as_str())?;
        let clause = paragraph[at + opener.len()..].split(['，', '。', '；']).next()?;
        // `由X负责落实`, or only `由X落实`.
        let (role, list) = role_after(k, clause).or_else(|| {
            let filler = k.tasks.after_units.fillers.iter().find(|f| clause.ends_with(f.as_str()))?;
            Some((Role::Responsible, &clause[..clause.len() - filler.len()]))
        })?;
        units(k, list, role)
    })
}

/// Every task in running text of one paragraph: (sentence, units, deadline).
pub fn tasks_in(k: &Knowledge, paragraph: &str, issued: Option<Date>) -> Vec<(String, Vec<Unit>, Option<Deadline>)> {
    sentences(paragraph)
        .filter_map(|s| {
            // An item's marker (四、请…, （二）由…) opens the sentence, not the clause.
            let body = gongwen_parse::outline::marker(s).map_or(s, |m| &s[m.rest..]);
            let units = asked(k, body).or_else(|| led(k, body))?;
            Some((s.to_string(), units, deadline_near(k, s, issued)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead_names(k: &Knowledge, paragraph: &str) -> Vec<Vec<String>> {
        tasks_in(k, paragraph, Date::new(2030, 3, 1)).into_iter().map(|(_, u, _)| u.into_iter().map(|u| u.name).collect()).collect()
    }

    #[test]
    fn asked_and_led() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(lead_names(k, "请各推荐单位于2030年8月14日前寄送推荐函。"), [["各推荐单位"]]);
        assert_eq!(lead_names(k, "现将有关事项通知如下，请各县（市、区）农业部门每月7日前报送进度。"), [["各县（市、区）农业部门"]]);
        assert_eq!(lead_names(k, "（一）健全机制。甲市政务局牵头组织全市相关工作。"), [["甲市政务局"]]);
        assert_eq!(lead_names(k, "由甲市财政局负责资金保障。"), [["甲市财政局"]]);
        // After an item's marker.
        assert_eq!(lead_names(k, "四、请各区人民政府于2030年6月30日前报送工作进展。"), [["各区人民政府"]]);
        assert_eq!(lead_names(k, "（五）由甲市财政局负责保障建设资金。"), [["甲市财政局"]]);
        // Not tasks: no unit, the interpretation clause, a 牵头单位 mention.
        assert!(lead_names(k, "请结合实际认真贯彻落实。").is_empty());
        assert!(lead_names(k, "本办法由甲市司法局负责解释。").is_empty());
        assert!(lead_names(k, "牵头单位要加强统筹。").is_empty());
        assert!(lead_names(k, "支持甲新区牵头组织实施攻关项目。").is_empty());
    }

    #[test]
    fn units_stated_for_all_items() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let u = stated_for_all(k, "三、重点任务。以下各项均由各县区人民政府负责落实，不再一一列出。").unwrap();
        assert_eq!(u.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["各县区人民政府"]);
        let u = stated_for_all(k, "各项任务由甲市发展改革委、甲市财政局落实。").unwrap();
        assert_eq!(u.len(), 2);
        assert!(stated_for_all(k, "以下各项均由企业自愿申报。").is_none());
    }

    #[test]
    fn running_deadlines() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let t = tasks_in(k, "请各区自本通知印发之日起60日内报送清单。", Date::new(2030, 3, 1));
        assert_eq!(t[0].2.as_ref().and_then(|d| d.date()), Date::new(2030, 4, 30));
        let t = tasks_in(k, "请各省局于2030年5月7日前一并报送材料。", None);
        assert_eq!(t[0].2.as_ref().and_then(|d| d.date()), Date::new(2030, 5, 7));
    }
}
