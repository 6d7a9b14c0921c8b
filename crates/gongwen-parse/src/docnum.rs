//! 发文字号 recognition: 武政规〔2024〕6号, 武政规[2024]6 号, 武政规〔2024〕 6 号 …

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

/// Characters that cannot begin an agency code: they belong to the words
/// around a 文号 in running text (…日武政规…, 按照武政规…, 和武政规…).
const NOT_AGENCY_START: &[char] = &['日', '的', '和', '及', '与', '按', '照', '据', '依', '见', '即', '在', '以', '为', '经', '对', '将', '是', '由', '于', '号', '文', '、', '，'];

/// Words before an agency code in running text that are not part of it.
const LEADING_WORDS: &[&str] = &["根据", "按照", "依据", "参照", "执行", "落实", "印发", "关于", "通过", "废止", "修改"];

fn clean_agency(raw: &str) -> Option<String> {
    let mut a = raw;
    loop {
        let before = a;
        for w in LEADING_WORDS {
            if let Some(i) = a.rfind(w) {
                a = &a[i + w.len()..];
            }
        }
        a = a.trim_start_matches(NOT_AGENCY_START);
        if a == before {
            break;
        }
    }
    let n = a.chars().count();
    (1..=12).contains(&n).then(|| a.to_string())
}

/// Longer than any 文号 with a date or 签发人 beside it (in bytes).
const MAX_LINE_BYTES: usize = 160;

/// A 文号 found in text, with its byte range.
pub struct Found {
    pub number: DocNumber,
    pub start: usize,
    pub end: usize,
}

/// Every 文号 in `text`.
pub fn find_all(text: &str) -> Vec<Found> {
    re().captures_iter(text)
        .filter_map(|c| {
            let agency = clean_agency(&c["agency"])?;
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
pub fn parse_exact(text: &str) -> Option<DocNumber> {
    let t = text.trim();
    // A 文号 line is short; skipping long lines keeps the regex off paragraphs.
    if t.len() > MAX_LINE_BYTES {
        return None;
    }
    let f = find_all(t).into_iter().next()?;
    (f.start == 0 && t[f.end..].trim().is_empty()).then_some(f.number)
}

/// A 文号 at the start of `text`, and what follows it (the department layout
/// puts the date on the same line: `武发改规〔2023〕1号 2023年11月9日`).
pub fn parse_leading(text: &str) -> Option<(DocNumber, &str)> {
    let t = text.trim();
    let head = &t[..floor_char_boundary(t, MAX_LINE_BYTES)];
    if !head.contains(['〔', '[', '［', '【', '(', '（']) {
        return None;
    }
    let f = find_all(head).into_iter().next()?;
    (f.start == 0).then(|| (f.number, t[f.end..].trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        for s in ["武政规〔2024〕6号", "武政规[2024]6号", "武政规〔2024〕 6 号", "武政规 [ 2024 ] 6 号", "武政规（2024）6号"] {
            assert_eq!(parse_exact(s).unwrap().to_string(), "武政规〔2024〕6号", "{s}");
        }
        assert_eq!(parse_exact("武政规〔2024〕6号 关于"), None);
    }

    #[test]
    fn in_running_text() {
        let f = find_all("（2019年9月13日武政规〔2019〕21号公布 根据武政规〔2024〕4号修改）");
        let v: Vec<String> = f.iter().map(|f| f.number.to_string()).collect();
        assert_eq!(v, ["武政规〔2019〕21号", "武政规〔2024〕4号"]);
        let f = find_all("按照武发改规〔2022〕2 号文规定执行");
        assert_eq!(f[0].number.to_string(), "武发改规〔2022〕2号");
    }

    #[test]
    fn leading_with_date() {
        let (n, rest) = parse_leading("武发改规〔2023〕1号 2023年11月9日").unwrap();
        assert_eq!(n.agency, "武发改规");
        assert_eq!(rest, "2023年11月9日");
    }
}
