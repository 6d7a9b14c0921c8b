//! 发文字号 recognition: 武政规〔2024〕6号, 武政规[2024]6 号, 武政规〔2024〕 6 号 …

use crate::knowledge::Knowledge;
use crate::text::floor_char_boundary;
use gongwen_model::DocNumber;
use regex::Regex;
use std::sync::OnceLock;

fn re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<agency>\p{Han}{1,16}?)\s*
            [〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］】)）]\s*
            第?\s*(?P<serial>\d{1,5})\s*号",
        )
        .unwrap()
    })
}

/// The agency code at the end of `raw`, without the words of running text
/// before it (data/fields.toml: …日武政规…, 按照武政规…, 聚焦国发…).
fn clean_agency(k: &Knowledge, raw: &str) -> Option<String> {
    let words = &k.fields;
    let not_start: Vec<char> = words.docnum_not_agency_start.chars().collect();
    let mut a = raw;
    loop {
        let before = a;
        for w in &words.docnum_leading_words {
            if let Some(i) = a.rfind(w.as_str()) {
                a = &a[i + w.len()..];
            }
        }
        a = a.trim_start_matches(not_start.as_slice());
        if a == before {
            break;
        }
    }
    let n = a.chars().count();
    (1..=AGENCY_MAX_CHARS).contains(&n).then(|| a.to_string())
}

/// Longer than any agency code (国家发展改革委办公厅 is 9).
const AGENCY_MAX_CHARS: usize = 12;

/// Longer than any 文号 with a date or 签发人 beside it (in bytes).
const MAX_LINE_BYTES: usize = 160;

/// A 文号 found in text, with its byte range.
pub struct Found {
    pub number: DocNumber,
    pub start: usize,
    pub end: usize,
}

/// Every 文号 in `text`.
pub fn find_all(k: &Knowledge, text: &str) -> Vec<Found> {
    re().captures_iter(text)
        .filter_map(|c| {
            let agency = clean_agency(k, &c["agency"])?;
            let m = c.get(0).unwrap();
            let agency_start = c.name("agency").unwrap().end() - agency.len();
            Some(Found {
                number: DocNumber {
                    agency,
                    year: c["year"].parse().ok()?,
                    serial: c["serial"].parse().ok()?,
                },
                start: agency_start,
                end: m.end(),
            })
        })
        .collect()
}

/// The 文号 that makes up the whole of `text` (a 文号 line), allowing only
/// whitespace around it.
pub fn parse_exact(k: &Knowledge, text: &str) -> Option<DocNumber> {
    let t = text.trim();
    // A 文号 line is short; skipping long lines keeps the regex off paragraphs.
    if t.len() > MAX_LINE_BYTES {
        return None;
    }
    let f = find_all(k, t).into_iter().next()?;
    (f.start == 0 && t[f.end..].trim().is_empty()).then_some(f.number)
}

/// A 文号 at the start of `text`, and what follows it (the department layout
/// puts the date on the same line: `武发改规〔2023〕1号 2023年11月9日`).
pub fn parse_leading<'a>(k: &Knowledge, text: &'a str) -> Option<(DocNumber, &'a str)> {
    let t = text.trim();
    let head = &t[..floor_char_boundary(t, MAX_LINE_BYTES)];
    if !head.contains(['〔', '[', '［', '【', '(', '（']) {
        return None;
    }
    let f = find_all(k, head).into_iter().next()?;
    (f.start == 0).then(|| (f.number, t[f.end..].trim()))
}

/// The number line under a 令, 公告 or 纪要 title, canonical: `第345号`, `（第 52 号）`
/// → `第52号`; `第一〇三号` → `第103号`; `〔十五届〕第62号` and `2023年第7号` keep
/// their series. None for anything else.
pub fn order_line(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?x)^[（(]?
            (?:[〔\[［【(（](?P<term>第?[一二三四五六七八九十百〇零]+届)[〕\]］】)）] | (?P<year>(?:19|20)\d{2})年)?
            第(?P<n>[0-9一二三四五六七八九十百〇零]{1,6})(?P<unit>[号期])[）)]?$",
        )
        .unwrap()
    });
    let t = crate::text::compact(text);
    if t.len() > MAX_LINE_BYTES {
        return None;
    }
    let c = re.captures(&t)?;
    let serial = crate::date::chinese_number(&c["n"])?;
    let series = match (c.name("term"), c.name("year")) {
        (Some(term), _) => format!("〔{}〕", term.as_str()),
        (_, Some(year)) => format!("{}年", year.as_str()),
        _ => String::new(),
    };
    Some(format!("{series}第{serial}{}", &c["unit"]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn order_lines() {
        use super::order_line;
        assert_eq!(order_line("第345号").as_deref(), Some("第345号"));
        assert_eq!(order_line("（第 52 号）").as_deref(), Some("第52号"));
        assert_eq!(order_line("第一〇三号").as_deref(), Some("第103号"));
        assert_eq!(order_line("第三十一号").as_deref(), Some("第31号"));
        assert_eq!(order_line("〔十五届〕第62号").as_deref(), Some("〔十五届〕第62号"));
        assert_eq!(order_line("[十五届]第62号").as_deref(), Some("〔十五届〕第62号"));
        assert_eq!(order_line("2023年第7号").as_deref(), Some("2023年第7号"));
        assert_eq!(order_line("第12期").as_deref(), Some("第12期"));
        assert_eq!(order_line("第345号令"), None);
        assert_eq!(order_line("第一章 总则"), None);
    }

    use super::*;

    #[test]
    fn verbs_of_running_text_are_not_the_agency() {
        for (text, agency) in [("深挖国发〔2022〕2号文件政策红利", "国发"), ("聚焦国发〔2022〕2号", "国发"), ("按照武政规〔2024〕6号", "武政规"), ("国办函〔2020〕109号", "国办函")] {
            assert_eq!(find_all(&crate::knowledge::Knowledge::builtin(), text)[0].number.agency, agency, "{text}");
        }
    }

    #[test]
    fn canonical_forms() {
        for s in ["武政规〔2024〕6号", "武政规[2024]6号", "武政规〔2024〕 6 号", "武政规 [ 2024 ] 6 号", "武政规（2024）6号"] {
            assert_eq!(parse_exact(&crate::knowledge::Knowledge::builtin(), s).unwrap().to_string(), "武政规〔2024〕6号", "{s}");
        }
        assert_eq!(parse_exact(&crate::knowledge::Knowledge::builtin(), "武政规〔2024〕6号 关于"), None);
    }

    #[test]
    fn in_running_text() {
        let f = find_all(&crate::knowledge::Knowledge::builtin(), "（2019年9月13日武政规〔2019〕21号公布 根据武政规〔2024〕4号修改）");
        let v: Vec<String> = f.iter().map(|f| f.number.to_string()).collect();
        assert_eq!(v, ["武政规〔2019〕21号", "武政规〔2024〕4号"]);
        let f = find_all(&crate::knowledge::Knowledge::builtin(), "按照武发改规〔2022〕2 号文规定执行");
        assert_eq!(f[0].number.to_string(), "武发改规〔2022〕2号");
    }

    #[test]
    fn leading_with_date() {
        let (n, rest) = parse_leading(&crate::knowledge::Knowledge::builtin(), "武发改规〔2023〕1号 2023年11月9日").unwrap();
        assert_eq!(n.agency, "武发改规");
        assert_eq!(rest, "2023年11月9日");
    }
}
