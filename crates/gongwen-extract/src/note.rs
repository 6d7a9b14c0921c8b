//! Task notes: the brackets after a task that say who does it, in every
//! form 公文 print them — labelled (`牵头单位：X；责任单位：Y`, `参加单位：Y`)
//! or not, the role word after the units (`X牵头，Y参与`, `X、Y负责`,
//! `X会同Y负责落实`, `X指导，Y负责落实`, `…按职责分工负责`), with a
//! deadline (`完成时限：2021年10月`, `2023年10月底前完成`) and rules said
//! once for the document (`列第一位者为牵头部门`). The words are data
//! (data/tasks.toml); this module only knows where they stand.

use crate::deadline::{deadline_cell, deadline_near, Deadline};
use crate::task::{role_of, split_units, Expansions, Role, Unit};
use crate::units::{split_top, unit_list};
use gongwen_model::Date;
use gongwen_parse::knowledge::{Knowledge, AfterUnits};
use gongwen_parse::text::compact;

/// What one note says.
#[derive(Debug, Default)]
pub struct Note {
    pub units: Vec<Unit>,
    pub deadline: Option<Deadline>,
}

/// What the document has said so far that later notes depend on.
#[derive(Default)]
pub struct Rules {
    /// `…〈含…，下同〉` expansions.
    pub memo: Expansions,
    /// `列第一位者为牵头部门`: the first unit of a note without a lead leads.
    pub first_leads: bool,
    /// The document's date, for deadlines counted from its issue.
    pub issued: Option<Date>,
    /// `以下各项均由X负责落实`: the units of every item under the node (its
    /// label path) where that was said.
    pub for_all: Option<(Vec<String>, Vec<Unit>)>,
}

/// Splits at top-level `；，` (not inside `〈…〉` or `（…）`).
pub fn clauses(text: &str) -> Vec<&str> {
    split_top(text, &['；', ';', '，', ','])
        .into_iter()
        .map(|c| c.trim().trim_end_matches(['。', '．']))
        .filter(|c| !c.is_empty())
        .collect()
}

/// Does this bracket text mention a role at all (a cheap test before parsing)?
pub fn mentions_role(k: &Knowledge, text: &str) -> bool {
    let a = &k.tasks.after_units;
    let r = &k.tasks.roles;
    [&r.lead, &r.responsible, &r.cooperating, &r.guiding, &a.lead, &a.responsible, &a.cooperating, &a.guiding]
        .iter()
        .any(|ws| ws.iter().any(|w| text.contains(w.as_str())))
}

/// The role word a clause ends with (after fillers and qualifiers), and the
/// units text before it: `市科委、市商务局分别负责落实` → (责任, `市科委、市商务局`).
pub fn role_after<'a>(k: &Knowledge, clause: &'a str) -> Option<(Role, &'a str)> {
    let a = &k.tasks.after_units;
    let words: [(&Vec<String>, Role); 4] = [(&a.cooperating, Role::Cooperating), (&a.guiding, Role::Guiding), (&a.lead, Role::Lead), (&a.responsible, Role::Responsible)];
    let mut rest = clause;
    let mut roles = Vec::new();
    loop {
        let role = words.iter().flat_map(|(ws, r)| ws.iter().map(move |w| (w, *r))).filter(|(w, _)| rest.ends_with(w.as_str())).max_by_key(|(w, _)| w.len());
        if let Some((w, r)) = role {
            roles.push(r);
            rest = &rest[..rest.len() - w.len()];
            continue;
        }
        let strip = a.fillers.iter().chain(&a.qualifiers).filter(|w| rest.ends_with(w.as_str())).max_by_key(|w| w.len());
        match strip {
            Some(w) if !roles.is_empty() || a.fillers.contains(w) => rest = &rest[..rest.len() - w.len()],
            _ => break,
        }
    }
    // `牵头负责`: the lead word wins over the word after it.
    let role = if roles.contains(&Role::Lead) { Role::Lead } else { *roles.first()? };
    Some((role, rest))
}

/// `X会同Y负责`: X in the clause's role (a responsible X leads), Y cooperating;
/// `会同Y协同推进`: Y cooperating.
fn after_units(k: &Knowledge, clause: &str, a: &AfterUnits) -> Option<Vec<Unit>> {
    let (role, list) = role_after(k, clause)?;
    let joined = a.joiners.iter().find_map(|j| list.find(j.as_str()).map(|at| (&list[..at], &list[at + j.len()..])));
    let mut out = Vec::new();
    let mut push = |list: &str, role: Role| -> Option<()> {
        out.extend(unit_list(k, list, role)?);
        Some(())
    };
    match joined {
        Some((left, right)) => {
            if !left.is_empty() {
                push(left, if role == Role::Responsible { Role::Lead } else { role })?;
            }
            push(right, Role::Cooperating)?;
        }
        None => push(list, role)?,
    }
    Some(out)
}

/// Reads a note; `None` when the brackets are not a task note.
pub fn parse(k: &Knowledge, note: &str, rules: &mut Rules) -> Option<Note> {
    let a = &k.tasks.after_units;
    let mut out = Note::default();
    let mut role = None;
    let mut labelled = false;
    // A note may go on with a sentence of another kind (`…各市人民政府。以下均需
    // 各市人民政府落实，不再列出`): past its first sentence a clause that names no
    // role of its own ends the reading, and no role runs on across a 。.
    let sentences = split_top(note, &['。']);
    'sentences: for (n, sentence) in sentences.iter().enumerate() {
        if n > 0 {
            role = None;
        }
        let parts = clauses(sentence);
        for (i, clause) in parts.iter().copied().enumerate() {
            let c = compact(clause);
            if a.ignore.contains(&c) {
                continue;
            }
            if a.first_leads.iter().any(|w| c.contains(w.as_str())) {
                rules.first_leads = true;
                continue;
            }
            if let Some((label, rest)) = clause.split_once(['：', ':']) {
                let label = compact(label);
                if k.tasks.deadline_columns.iter().any(|w| label.contains(w.as_str())) {
                    out.deadline = deadline_cell(k, rest);
                    continue;
                }
                if label.chars().count() <= 8 {
                    if let Some(r) = role_of(&label, &k.tasks.roles) {
                        role = Some(r);
                        labelled = true;
                        out.units.extend(split_units(k, rest, r, &mut rules.memo));
                        continue;
                    }
                }
            }
            if let Some(units) = after_units(k, &c, a) {
                role = None;
                out.units.extend(units);
                continue;
            }
            // `…配合，各市政府落实`: units that only carry it out (not named to
            // lead or be responsible) take part.
            if n == 0 && !out.units.is_empty() {
                if let Some(units) = a.fillers.iter().find(|f| c.ends_with(f.as_str())).and_then(|f| unit_list(k, &c[..c.len() - f.len()], Role::Cooperating)) {
                    role = None;
                    out.units.extend(units);
                    continue;
                }
            }
            if let Some(d) = deadline_near(k, &c, rules.issued) {
                out.deadline.get_or_insert(d);
                continue;
            }
            // `A、B，各区政府负责落实`: units alone share the role of the units after them.
            if role.is_none() {
                let next = parts.get(i + 1).and_then(|next| after_units(k, &compact(next), a));
                if let Some(units) = next.and_then(|units| units.first().map(|u| u.role)).and_then(|r| unit_list(k, &c, r)) {
                    out.units.extend(units);
                    continue;
                }
            }
            // `（A、B）` after `列第一位者为牵头单位，下同`: units alone, the
            // first of which leads (below).
            if role.is_none() && rules.first_leads && i == 0 && n == 0 {
                if let Some(units) = unit_list(k, &c, Role::Responsible) {
                    out.units.extend(units);
                    continue;
                }
            }
            match role {
                // A part without a label continues the role before it (`牵头单位：A；B`).
                Some(r) => out.units.extend(split_units(k, clause, r, &mut rules.memo)),
                None if n > 0 && !out.units.is_empty() => break 'sentences,
                None => return None,
            }
        }
    }
    if out.units.is_empty() {
        return None;
    }
    let has_lead = out.units.iter().any(|u| u.role == Role::Lead);
    if rules.first_leads && !labelled && !has_lead {
        if let Some(first) = out.units.iter_mut().find(|u| u.role == Role::Responsible) {
            first.role = Role::Lead;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(k: &Knowledge, note: &str, rules: &mut Rules) -> Vec<(Role, String)> {
        parse(k, note, rules).map(|n| n.units.into_iter().map(|u| (u.role, u.name)).collect()).unwrap_or_default()
    }

    fn names(v: &[(Role, String)], role: Role) -> Vec<&str> {
        v.iter().filter(|(r, _)| *r == role).map(|(_, n)| n.as_str()).collect()
    }

    #[test]
    fn units_that_share_the_role_after_them_or_only_carry_it_out() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let mut r = Rules::default();
        let u = read(k, "甲市发展改革委、甲市商务局，各区政府负责落实，完成时限：2030年12月", &mut r);
        assert_eq!(names(&u, Role::Responsible), ["甲市发展改革委", "甲市商务局", "各区政府"]);
        let u = read(k, "甲省大数据局牵头，甲省住房城乡建设厅等有关部门配合，各市政府落实", &mut r);
        assert_eq!(names(&u, Role::Lead), ["甲省大数据局"]);
        assert_eq!(names(&u, Role::Cooperating), ["甲省住房城乡建设厅", "各市政府"]);
        let u = read(k, "甲省政府办公厅牵头，甲省大数据局配合，各有关部门、各市政府分工负责", &mut r);
        assert_eq!(names(&u, Role::Responsible), ["各有关部门", "各市政府"]);
        let u = read(k, "甲省大数据局牵头，各有关部门分头落实", &mut r);
        assert_eq!(names(&u, Role::Responsible), ["各有关部门"]);
    }

    #[test]
    fn role_word_after_the_units() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let mut r = Rules::default();
        let u = read(k, "甲市科技局、甲市商务局牵头，甲市财政局、各区政府负责落实，完成时限：2030年10月", &mut r);
        assert_eq!(names(&u, Role::Lead), ["甲市科技局", "甲市商务局"]);
        assert_eq!(names(&u, Role::Responsible), ["甲市财政局", "各区政府"]);
        let n = parse(k, "甲市科技局牵头，甲市财政局参与", &mut r).unwrap();
        assert_eq!(n.units[1].role, Role::Cooperating);
        let u = read(k, "乙部、丙部等相关部门按职责分工负责", &mut r);
        assert_eq!(names(&u, Role::Responsible), ["乙部", "丙部"]);
        let u = read(k, "乙部及各地区按职责分工负责", &mut r);
        assert_eq!(names(&u, Role::Responsible), ["乙部", "各地区"]);
    }

    #[test]
    fn joined_guided_and_labelled_with_commas() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let mut r = Rules::default();
        let u = read(k, "甲市发展改革委会同甲市政府相关部门负责落实", &mut r);
        assert_eq!(names(&u, Role::Lead), ["甲市发展改革委"]);
        assert_eq!(names(&u, Role::Cooperating), ["甲市政府相关部门"]);
        let u = read(k, "甲市政务局牵头，会同丁省相关部门协同推进，2031年10月底前完成并持续推进", &mut r);
        assert_eq!(names(&u, Role::Lead), ["甲市政务局"]);
        assert_eq!(names(&u, Role::Cooperating), ["丁省相关部门"]);
        let u = read(k, "甲省教育厅指导，各市负责落实", &mut r);
        assert_eq!(names(&u, Role::Guiding), ["甲省教育厅"]);
        assert_eq!(names(&u, Role::Responsible), ["各市"]);
        let u = read(k, "牵头单位：甲省卫生厅，参加单位：甲省数据局、乙市政府", &mut r);
        assert_eq!(names(&u, Role::Lead), ["甲省卫生厅"]);
        assert_eq!(names(&u, Role::Cooperating), ["甲省数据局", "乙市政府"]);
        let u = read(k, "主责部门：甲省商务厅", &mut r);
        assert_eq!(names(&u, Role::Responsible), ["甲省商务厅"]);
    }

    #[test]
    fn first_listed_leads_from_the_rule_on() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let mut r = Rules::default();
        let u = read(k, "甲省教育厅、甲省体育局负责", &mut r);
        assert!(names(&u, Role::Lead).is_empty());
        let u = read(k, "甲省教育厅、甲省体育局负责，列第一位者为牵头部门，下同", &mut r);
        assert_eq!(names(&u, Role::Lead), ["甲省教育厅"]);
        let u = read(k, "甲省体育局、甲省教育厅负责", &mut r);
        assert_eq!(names(&u, Role::Lead), ["甲省体育局"]);
        assert_eq!(names(&u, Role::Responsible), ["甲省教育厅"]);
    }

    #[test]
    fn deadlines_in_notes() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let mut r = Rules::default();
        let n = parse(k, "甲市教委负责落实，完成时限：2031年10月", &mut r).unwrap();
        assert_eq!(n.deadline.and_then(|d| d.date()), Date::new(2031, 10, 31));
        let n = parse(k, "各区按分管领域负责，2031年12月底前完成并持续推进", &mut r).unwrap();
        assert_eq!(n.deadline.and_then(|d| d.date()), Date::new(2031, 12, 31));
        assert!(matches!(parse(k, "各区负责，持续推进", &mut r).unwrap().deadline, Some(Deadline::Ongoing { .. })));
    }

    #[test]
    fn a_note_that_goes_on_with_another_sentence() {
        let k = &Knowledge::builtin();
        let mut r = Rules::default();
        let v = read(k, "责任单位：甲省商务厅、甲省财政厅，各市人民政府。以下均需各市人民政府落实，不再列出", &mut r);
        assert_eq!(names(&v, Role::Responsible), ["甲省商务厅", "甲省财政厅", "各市人民政府"]);
        // A second sentence with a role of its own is read.
        let v = read(k, "甲省商务厅牵头。甲省财政厅配合", &mut r);
        assert_eq!((names(&v, Role::Lead), names(&v, Role::Cooperating)), (vec!["甲省商务厅"], vec!["甲省财政厅"]));
    }

    #[test]
    fn brackets_that_are_not_notes() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let mut r = Rules::default();
        assert!(parse(k, "以联合体形式申报时，牵头单位填写", &mut r).is_none());
        assert!(parse(k, "联合体牵头人名称", &mut r).is_none());
        assert!(parse(k, "由企业自行负责", &mut r).is_none());
    }
}
