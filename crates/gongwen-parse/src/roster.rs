//! Rosters of leading groups and 工作专班:
//!
//! ```text
//! 组 长：程用文 市委副书记、市人民政府市长
//! 副组长：刘子清 市委常委、…
//!         袁 野 市委常委、武汉警备区司令员      ← same role as the line above
//! 成 员：鲁宇清 东湖高新区管委会主任
//! ```
//!
//! Read from the spaced lines, because the space is what separates a name
//! from the title after it (`袁 野 市委常委` → 袁野 / 市委常委). Each roster
//! becomes a [`Table`] of kind `Roster` with the columns 分工, 姓名, 职务.

use crate::knowledge::Knowledge;
use crate::text::{compact, ends_sentence, is_cjk, Line};
use gongwen_model::{CellKind, Column, Table, TableKind, TableRow};

/// `组 长：程用文 市委…` → ("组长", "程用文 市委…").
fn role_line<'a>(k: &Knowledge, spaced: &'a str) -> Option<(String, &'a str)> {
    let (label, rest) = spaced.split_once('：')?;
    let label = compact(label);
    k.tables.roster_roles.iter().find(|r| **r == label).map(|r| (r.clone(), rest.trim()))
}

/// `袁 野 市委常委、…` → ("袁野", "市委常委、…"): a name of two to four
/// characters (a two-character name may be padded to three), then the title.
fn name_and_title(k: &Knowledge, s: &str) -> Option<(String, String)> {
    let tokens: Vec<&str> = s.split(' ').filter(|t| !t.is_empty()).collect();
    let han = |t: &str| t.chars().all(is_cjk);
    let (name, rest) = match tokens.as_slice() {
        [a, b, rest @ ..] if a.chars().count() == 1 && b.chars().count() == 1 && han(a) && han(b) => (format!("{a}{b}"), rest),
        [a, rest @ ..] if (2..=4).contains(&a.chars().count()) && han(a) => (a.to_string(), rest),
        _ => return None,
    };
    let title = crate::text::remove_cjk_spaces(&rest.join(" "));
    (!title.is_empty() && !k.is_org_name(&name)).then_some((name, title))
}

/// Rosters among `lines[range]`.
pub fn recover(k: &Knowledge, lines: &[Line], noise: &[bool], range: std::ops::Range<usize>) -> Vec<Table> {
    let mut out = Vec::new();
    let mut current: Option<(Table, String)> = None;
    let mut caption: Option<String> = None;
    for i in range {
        let line = &lines[i];
        if noise.get(i).copied().unwrap_or(false) || line.is_blank() {
            continue;
        }
        let spaced = line.spaced.as_str();
        if let Some((role, rest)) = role_line(k, spaced) {
            let Some((name, title)) = name_and_title(k, rest) else { continue };
            let (table, _) = current.get_or_insert_with(|| (empty(caption.clone(), line.no), role.clone()));
            table.rows.push(TableRow { cells: vec![role.clone(), name, title], line: line.no, groups: vec![], filled: vec![] });
            table.line_end = line.no;
            if let Some((_, r)) = current.as_mut() {
                *r = role;
            }
            continue;
        }
        if let Some((table, role)) = current.as_mut() {
            if let Some((name, title)) = name_and_title(k, spaced).filter(|_| !ends_sentence(&line.text) && !line.text.contains('。')) {
                table.rows.push(TableRow { cells: vec![role.clone(), name, title], line: line.no, groups: vec![], filled: vec![] });
                table.line_end = line.no;
                continue;
            }
            if let Some((t, _)) = current.take() {
                out.push(t);
            }
        }
        // The line above a roster names the group (武汉市低空经济发展工作专班).
        caption = (line.text.chars().count() <= 40 && !ends_sentence(&line.text)).then(|| line.text.clone());
    }
    out.extend(current.map(|(t, _)| t));
    out.retain(|t| t.rows.len() >= 2);
    out
}

fn empty(caption: Option<String>, line: usize) -> Table {
    let col = |name: &str| Column { name: name.into(), kind: CellKind::Text };
    Table {
        kind: TableKind::Roster,
        caption,
        columns: vec![col("分工"), col("姓名"), col("职务")],
        rows: vec![],
        notes: vec![],
        repeated_headers: 0,
        checks: vec![],
        line_start: line,
        line_end: line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    #[test]
    fn roles_carry_over_and_padded_names_are_joined() {
        let ls = lines("某某工作专班\n\n- 组 长：程用文 市委副书记、市人民政府市长\n- 副组长：刘子清 市委常委\n- 袁 野 市委常委、武汉警备区司令员\n成 员：鲁宇清 东湖高新区管委会主任\n\n马仁钊 市应急管理局局长\n\n工作专班下设办公室，在市经信局办公。\n");
        let noise = vec![false; ls.len()];
        let t = recover(&crate::knowledge::Knowledge::builtin(), &ls, &noise, 0..ls.len());
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].caption.as_deref(), Some("某某工作专班"));
        let rows: Vec<Vec<String>> = t[0].rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(rows[2], ["副组长", "袁野", "市委常委、武汉警备区司令员"]);
        assert_eq!(rows[4], ["成员", "马仁钊", "市应急管理局局长"]);
        assert_eq!(rows.len(), 5);
    }
}
