//! Unit lists as 公文 print them: `、` and `及` between names, `等相关部门`
//! after them, and a suffix shared by the names before it
//! (`济南、青岛、烟台市政府` → three 市政府; `各市、州、县人民政府` → three
//! collective units); and a unit's name in full through the alias table
//! (`省发改委` → 省发展和改革委员会).

use gongwen_parse::knowledge::Knowledge;
use gongwen_parse::text::compact;

/// The levels a locality name ends with; a shared suffix starts at one.
const LEVELS: [char; 5] = ['省', '市', '区', '县', '州'];

/// Longest unit name taken for one (longer is running text).
const MAX_UNIT_CHARS: usize = 40;

/// Does `name` end like a unit (an organ ending of data/orgs.toml, or a
/// unit ending of data/tasks.toml: 部门, 各地区 …)?
pub fn unit_like(k: &Knowledge, name: &str) -> bool {
    let n = name.chars().count();
    (2..=MAX_UNIT_CHARS).contains(&n) && !name.contains(['：', ':', '。']) && (has_ending(k, name) || collective(name))
}

fn has_ending(k: &Knowledge, name: &str) -> bool {
    k.orgs.suffixes.iter().chain(&k.tasks.after_units.unit_endings).any(|s| name.ends_with(s.as_str()))
}

/// `各市`, `各县`: every unit of a level.
fn collective(name: &str) -> bool {
    name.starts_with('各') && name.chars().count() <= 3 && name.ends_with(LEVELS)
}

/// A short name without an ending of its own (`济南`, `各市`, `州`).
fn bare(k: &Knowledge, name: &str) -> bool {
    !has_ending(k, name) && name.chars().count() <= 6 && !name.is_empty()
}

/// `烟台市政府` → ('市', `政府`): the level and the ending a bare name before
/// it shares.
fn level_tail<'a>(k: &Knowledge, name: &'a str) -> Option<(char, &'a str)> {
    let (at, level) = name.char_indices().find(|(_, c)| LEVELS.contains(c))?;
    let tail = &name[at + level.len_utf8()..];
    unit_like(k, tail).then_some((level, tail))
}

/// Gives each run of bare names the ending of the named unit after it.
pub fn share_suffix(k: &Knowledge, items: Vec<String>) -> Vec<String> {
    let mut out = items.clone();
    let bare: Vec<bool> = items.iter().map(|s| bare(k, s)).collect();
    let mut i = 0;
    while i < items.len() {
        if !bare[i] {
            i += 1;
            continue;
        }
        // Linear: a run without a named unit after it ends the list.
        let Some(end) = (i..items.len()).find(|&j| !bare[j]) else { break };
        if let Some((level, tail)) = level_tail(k, &items[end]) {
            let collective = items[i].starts_with('各');
            for (j, item) in items.iter().enumerate().take(end).skip(i) {
                let name = if item.ends_with(LEVELS) { format!("{item}{tail}") } else { format!("{item}{level}{tail}") };
                out[j] = if collective && !name.starts_with('各') { format!("各{name}") } else { name };
            }
            if collective && !items[end].starts_with('各') {
                out[end] = format!("各{}", items[end]);
            }
        }
        i = end + 1;
    }
    out
}

/// `X、Y等相关部门` → X, Y (the words of data/tasks.toml `etc`).
pub fn strip_etc<'a>(k: &Knowledge, name: &'a str) -> &'a str {
    let etc = &k.tasks.after_units.etc;
    etc.iter().filter(|w| name.ends_with(w.as_str()) && name.len() > w.len()).max_by_key(|w| w.len()).map(|w| &name[..name.len() - w.len()]).unwrap_or(name)
}

/// `相关部门及各地区` → 相关部门, 各地区 — only where both sides are units
/// (so `工业和信息化部` stays whole).
pub fn split_and(k: &Knowledge, item: &str) -> Vec<String> {
    for joiner in ["以及", "及", "和"] {
        if let Some((a, b)) = item.split_once(joiner) {
            let a = strip_etc(k, a);
            if unit_like(k, a) && unit_like(k, strip_etc(k, b)) {
                let mut out = vec![a.to_string()];
                out.extend(split_and(k, b));
                return out;
            }
        }
    }
    vec![strip_etc(k, item).to_string()]
}

/// `text` cut at the separators that stand outside brackets
/// (`各省（区、市）部门` and `〈含…，下同〉` stay whole).
pub fn split_top<'a>(text: &'a str, separators: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut from = 0;
    for (i, c) in text.char_indices() {
        match c {
            '〈' | '（' | '(' | '<' => depth += 1,
            '〉' | '）' | ')' | '>' => depth -= 1,
            c if depth <= 0 && separators.contains(&c) => {
                out.push(&text[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[from..]);
    out
}

/// The separators of a unit list.
pub const LIST_SEPARATORS: [char; 5] = ['、', '，', ',', '；', ';'];

/// The units of a list, all in one role, when every item of it is a unit
/// (`甲市发改委、各区政府`); `None` when one is not (running text).
pub fn unit_list(k: &Knowledge, list: &str, role: crate::task::Role) -> Option<Vec<crate::task::Unit>> {
    let names = split_plain(k, list);
    (!names.is_empty() && names.iter().all(|n| unit_like(k, n))).then(|| names.into_iter().map(|name| crate::task::Unit::new(k, role, name)).collect())
}

/// Items of a unit list (top-level `、，；` and `及`), each without `等…`,
/// bare names given their shared suffix.
pub fn split_plain(k: &Knowledge, list: &str) -> Vec<String> {
    let list = compact(list);
    let items: Vec<String> = split_top(&list, &LIST_SEPARATORS)
        .into_iter()
        .map(|i| i.trim_end_matches(['。', '．']))
        .filter(|i| !i.is_empty())
        .flat_map(|i| split_and(k, i))
        .filter(|i| !i.is_empty())
        .collect();
    share_suffix(k, items)
}

/// A unit's name in full where the alias table knows its abbreviation,
/// keeping the level it opens with: `省发改委` → 省发展和改革委员会,
/// `国家发展改革委` → 国家发展和改革委员会; `None` when nothing changes.
pub fn full_name(k: &Knowledge, name: &str) -> Option<String> {
    let national = k.expand_national(name);
    if national != name {
        return Some(national);
    }
    let (level, rest) = name.char_indices().nth(1).map(|(at, _)| name.split_at(at)).filter(|(l, _)| l.starts_with(['省', '市', '区', '县', '州']))?;
    k.orgs.aliases.get(rest).filter(|full| full.as_str() != rest).map(|full| format!("{level}{full}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_suffixes() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(split_plain(k, "东河、西岭、南湾区人民政府"), ["东河区人民政府", "西岭区人民政府", "南湾区人民政府"]);
        assert_eq!(split_plain(k, "各市、州、县人民政府"), ["各市人民政府", "各州人民政府", "各县人民政府"]);
        assert_eq!(split_plain(k, "甲省数据局，东河、西岭市政府"), ["甲省数据局", "东河市政府", "西岭市政府"]);
        assert_eq!(split_plain(k, "甲市、乙省相关部门"), ["甲市相关部门", "乙省相关部门"]);
        // Names with their own ending are left alone.
        assert_eq!(split_plain(k, "甲省教育厅、甲省财政厅"), ["甲省教育厅", "甲省财政厅"]);
    }

    #[test]
    fn etc_and_and() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(split_plain(k, "乙部、丙委等相关部门"), ["乙部", "丙委"]);
        assert_eq!(split_plain(k, "相关部门及各地区"), ["相关部门", "各地区"]);
        assert_eq!(split_plain(k, "丁部等相关部门以及各地区"), ["丁部", "各地区"]);
        assert_eq!(split_plain(k, "甲市政务局、8区和甲市开发区"), ["甲市政务局", "8区", "甲市开发区"]);
        assert_eq!(split_plain(k, "乙省工业和信息化厅"), ["乙省工业和信息化厅"]);
    }

    #[test]
    fn full_names_through_aliases() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(full_name(k, "省发改委").as_deref(), Some("省发展和改革委员会"));
        assert_eq!(full_name(k, "省住房城乡建设厅").as_deref(), Some("省住房和城乡建设厅"));
        assert_eq!(full_name(k, "国家发展改革委").as_deref(), Some("国家发展和改革委员会"));
        assert_eq!(full_name(k, "省教育厅"), None);
    }
}
