//! Chinese civil dates: 2024年7月11日, 2024 年 7 月 11 日, 二〇二四年七月十一日.

use gongwen_model::Date;
use regex::Regex;
use std::sync::OnceLock;

/// Digits of a date: Arabic, Chinese, and the ○ / O / Ｏ that typesetters
/// print for 〇.
const NUM: &str = r"[0-9〇○OＯ零一二三四五六七八九十]";

fn re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?P<y>{NUM}{{4}})\s*年\s*(?P<m>{NUM}{{1,3}})\s*月\s*(?P<d>{NUM}{{1,3}})\s*日"
        ))
        .unwrap()
    })
}

/// Arabic digits, or Chinese numerals either digit by digit (二〇二四) or
/// positional (十一, 二十一).
pub fn chinese_number(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    // A zero among Chinese numerals may be printed as ○, a letter O, or a
    // digit 0 (二0二四, also from a full-width ０ once lines are normalised).
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c).or(matches!(c, '零' | '○' | 'O' | 'Ｏ' | '0' | '０').then_some(0));
    if !s.contains('十') && !s.contains('百') {
        return s.chars().try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)? as u32));
    }
    let mut total = 0u32;
    let mut current = 0u32;
    for c in s.chars() {
        match c {
            '十' => {
                total += if current == 0 { 10 } else { current * 10 };
                current = 0;
            }
            '百' => {
                total += if current == 0 { 100 } else { current * 100 };
                current = 0;
            }
            _ => current = digit(c)? as u32,
        }
    }
    Some(total + current)
}

/// A date found in text with its byte range.
pub struct FoundDate {
    pub date: Date,
    pub start: usize,
    pub end: usize,
}

pub fn find_all(text: &str) -> Vec<FoundDate> {
    re().captures_iter(text)
        .filter_map(|c| {
            let y = chinese_number(&c["y"])?;
            let m = chinese_number(&c["m"])?;
            let d = chinese_number(&c["d"])?;
            let date = Date::new(y.try_into().ok()?, m.try_into().ok()?, d.try_into().ok()?)?;
            let whole = c.get(0).unwrap();
            Some(FoundDate { date, start: whole.start(), end: whole.end() })
        })
        .collect()
}

/// A date that is the whole of `text` (a 成文日期 line).
/// `（2024年1月29日在…会议上）` → the date opening the bracket and what follows
/// it (`在…会议上）`): a 题注 or a speech's subtitle.
pub fn bracketed_leading(text: &str) -> Option<(Date, &str)> {
    let inner = text.trim().strip_prefix(['（', '('])?;
    let end = inner.find('日')? + '日'.len_utf8();
    Some((parse_exact(&inner[..end])?, &inner[end..]))
}

pub fn parse_exact(text: &str) -> Option<Date> {
    let t = text.trim();
    // 二〇二四年十二月二十一日 is the longest form: 11 characters.
    if t.chars().count() > 16 {
        return None;
    }
    let f = find_all(t).into_iter().next()?;
    (f.start == 0 && f.end == t.len()).then_some(f.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(parse_exact("2024年7月11日").unwrap().to_string(), "2024-07-11");
        assert_eq!(parse_exact("2024 年 7 月 11 日").unwrap().to_string(), "2024-07-11");
        assert_eq!(parse_exact("二〇二四年十二月二十一日").unwrap().to_string(), "2024-12-21");
        assert_eq!(parse_exact("二○二四年十二月二十一日").unwrap().to_string(), "2024-12-21");
        assert_eq!(parse_exact("二0二四年十二月二十一日").unwrap().to_string(), "2024-12-21");
        assert_eq!(parse_exact("二O二四年一月五日").unwrap().to_string(), "2024-01-05");
        assert_eq!(parse_exact("2024年2月30日"), None);
        assert_eq!(parse_exact("于2024年7月11日"), None);
    }
}
