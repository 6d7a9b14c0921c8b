//! The heads of texts numbered in a series of their own, and the texts they
//! promulgate: a 令, 公告 or 纪要 prints its number on the line under its
//! title (`山东省人民政府令` / `第345号`, `…常务会议纪要` / `第12期`); a 令 or
//! 公告 then promulgates a text (`《X》…现予公布`) printed after it under its
//! own title; a 纪要 prints who issued it and when on one line
//! (`…办公厅    2023年4月6日`). `meta` reads the rest of the head.

use crate::knowledge::Knowledge;
use crate::text::compact;
use gongwen_model::Date;

/// An order number read under a numbered title.
pub struct Order {
    /// Canonical: the title and the number (`山东省人民政府令第345号`).
    pub number: String,
    /// The organ the title names (`山东省人民政府`), if any.
    pub issuer: Option<String>,
}

/// The order number that `number_line` gives a document titled `title`, if
/// the title is a numbered 文种 (data/doc_types.toml `numbered_types`).
pub fn order(k: &Knowledge, title: &str, number_line: &str) -> Option<Order> {
    let ty = k.numbered_type(title)?;
    let n = crate::docnum::order_line(number_line)?;
    let named = title.strip_suffix(ty).filter(|o| !o.is_empty());
    // `青川市人民政府常务会议纪要`: the organ before the meeting.
    Some(Order { number: format!("{title}{n}"), issuer: meeting_organ(k, title).or(named).map(String::from) })
}

/// The organ whose meeting a 纪要 records, named by its title (see [`order`]).
pub fn meeting_organ<'t>(k: &Knowledge, title: &'t str) -> Option<&'t str> {
    let ty = k.numbered_type(title)?;
    let named = title.strip_suffix(ty)?;
    k.doc_types.meetings.iter().filter_map(|m| named.find(m.as_str())).min().map(|at| &named[..at]).filter(|o| !o.is_empty() && k.is_org_name(o))
}

/// `《X》已经…通过，现予公布` opening `line`: the name X of the text it issues.
pub fn promulgated_title(k: &Knowledge, line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix('《')?;
    let (name, after) = rest.split_once('》')?;
    let sentence = after.split('。').next().unwrap_or(after);
    let issues = k.relations.issues_named_text(sentence);
    (issues && !name.is_empty() && !name.contains('《')).then(|| name.to_string())
}

/// Where the text named `name` begins among `lines` (their texts): the
/// positions of its title's line, or of the two lines it wraps over.
pub fn promulgated_text_title(name: &str, lines: &[&str]) -> Option<Vec<usize>> {
    let want = compact(name);
    if let Some(p) = lines.iter().position(|t| compact(t) == want) {
        return Some(vec![p]);
    }
    (0..lines.len().saturating_sub(1)).find(|&p| compact(&format!("{}{}", lines[p], lines[p + 1])) == want).map(|p| vec![p, p + 1])
}

/// Lines under a head in which a 纪要's issuing line is looked for.
pub const ISSUED_LINE_WITHIN: usize = 2;

/// `襄江市人民政府办公厅    2023年4月6日`: an organ and a date on one line.
pub fn issued_line(k: &Knowledge, spaced: &str) -> Option<(String, Date)> {
    let (organ, when) = spaced.trim().rsplit_once(' ')?;
    let organ = organ.trim();
    let d = crate::date::parse_exact(when.trim())?;
    k.is_org_name(organ).then(|| (organ.to_string(), d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_promulgations_and_issuing_lines() {
        let k = &Knowledge::builtin();
        let o = order(k, "襄江省人民政府令", "第 345 号").unwrap();
        assert_eq!((o.number.as_str(), o.issuer.as_deref()), ("襄江省人民政府令第345号", Some("襄江省人民政府")));
        assert!(order(k, "襄江省人民政府关于印发办法的通知", "第345号").is_none());
        let name = promulgated_title(k, "《襄江省农村公路管理办法》已经省政府常务会议通过，现予公布，自2022年1月1日起施行。").unwrap();
        assert_eq!(name, "襄江省农村公路管理办法");
        assert_eq!(promulgated_text_title(&name, &["省长　张三丰", "2021年11月15日", "襄江省农村公路", "管理办法"]), Some(vec![2, 3]));
        assert_eq!(issued_line(k, "襄江市人民政府办公厅    2023年4月6日").map(|(o, d)| (o, d.to_string())), Some(("襄江市人民政府办公厅".into(), "2023-04-06".into())));
        assert!(issued_line(k, "会议时间 2023年4月6日").is_none());
    }
}
