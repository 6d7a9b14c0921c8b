//! Deadlines (完成时限) as 公文 print them: a date (`2024年10月底前`, a
//! half-year, a quarter), a recurrence (`每年3月底前`, `每月7日前`), a term
//! (`会后3个工作日内`), `持续推进`; with the document's date, also a term
//! counted from its issue (`自本通知印发之日起60日内`) and a month or year
//! end printed without its year (`6月底前`, `年底前`).

use gongwen_model::Date;
use gongwen_parse::knowledge::Knowledge;
use gongwen_parse::text::compact;
use regex::Regex;
use serde::{Deserialize, Serialize};

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
    /// `自本通知印发之日起60日内`: the event words come from data/tasks.toml.
    since_issue: Regex,
    /// `6月底前`, `年底前` with the year left to the reader.
    bare_month: Regex,
    bare_year_end: Regex,
    yearly_end: Regex,
}

fn patterns(k: &Knowledge) -> std::sync::Arc<Patterns> {
    k.derived(|k| {
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
            since_issue: re(&format!(
                r"自?(?:本[^，。；自]{{0,6}}?)?(?:{})之日起\s*([0-9一二三四五六七八九十百]+)\s*(个工作日|日|天|周|个月)(?:内|以内|之内)",
                alternation(&k.tasks.issue_words)
            )),
            bare_month: re(r"(?:^|[^\d年])(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底|末|份)?\s*(?:前|之前|以前)"),
            bare_year_end: re(r"(?:^|[^\d])年\s*(?:底|末)\s*(?:前|之前|以前)"),
            yearly_end: re(r"每年\s*(?:年底|年末|底)"),
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
pub fn deadline_in(k: &Knowledge, text: &str) -> Option<Deadline> {
    deadline_near(k, text, None)
}

/// `a|b|c` of literal words, for a pattern.
pub(crate) fn alternation(words: &[String]) -> String {
    let mut w: Vec<String> = words.iter().filter(|w| !w.is_empty()).map(|w| regex::escape(w)).collect();
    if w.is_empty() {
        w.push("印发".into());
    }
    w.join("|")
}

/// [`deadline_in`] for a document issued on `issued`: a term counted from
/// its issue (`自本通知印发之日起60日内`) and a date without a year
/// (`6月底前`, `年底前`) are resolved against that date.
pub fn deadline_near(k: &Knowledge, text: &str, issued: Option<Date>) -> Option<Deadline> {
    let p = patterns(k);
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
    if let Some(c) = p.yearly_end.find(&t) {
        return Some(Deadline::Yearly { month: 12, day: 31, text: c.as_str().to_string() });
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
    if let Some(d) = issued.and_then(|on| relative_to_issue(k, &t, on)) {
        return Some(d);
    }
    if let Some(c) = p.relative.find(&t) {
        return Some(Deadline::Relative { text: c.as_str().to_string() });
    }
    k.tasks.ongoing.iter().find(|w| t.contains(w.as_str())).map(|w| Deadline::Ongoing { text: w.clone() })
}

/// Deadlines that need the document's date: a term from its issue, a
/// month or year end without a year.
fn relative_to_issue(k: &Knowledge, t: &str, on: Date) -> Option<Deadline> {
    let p = patterns(k);
    if let Some(c) = p.since_issue.captures(t) {
        let n = num(&c[1])? as i64;
        let date = match &c[2] {
            "日" | "天" => on.add_days(n),
            "周" => on.add_days(7 * n),
            "个月" => {
                let months = on.month as i64 - 1 + n;
                let year = on.year as i64 + months / 12;
                let month = (months % 12 + 1) as u8;
                let year = u16::try_from(year).ok()?;
                Date::new(year, month, on.day.min(last_day(year, month)))?
            }
            // 工作日: the calendar date depends on holidays; leave it relative.
            _ => return Some(Deadline::Relative { text: c[0].to_string() }),
        };
        return Some(Deadline::By { date, text: c[0].to_string() });
    }
    if let Some(c) = p.bare_month.captures(t) {
        let month: u8 = c[1].parse().ok().filter(|m| (1..=12).contains(m))?;
        let day = c.get(2).and_then(|d| d.as_str().parse().ok()).unwrap_or_else(|| last_day(on.year, month));
        let text = c[0].trim_start_matches(|ch: char| !ch.is_ascii_digit()).to_string();
        return Date::new(on.year, month, day).map(|date| Deadline::By { date, text });
    }
    if let Some(c) = p.bare_year_end.find(t) {
        let text = c.as_str().trim_start_matches(|ch: char| ch != '年').to_string();
        return Date::new(on.year, 12, 31).map(|date| Deadline::By { date, text });
    }
    None
}

/// A deadline cell of a table: a bare `2022年` or `2025年12月` means by its end.
pub fn deadline_cell(k: &Knowledge, cell: &str) -> Option<Deadline> {
    let t = compact(cell);
    if let Some(c) = patterns(k).year_only.captures(&t) {
        let year: u16 = c[1].parse().ok()?;
        let month: u8 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(12);
        return Date::new(year, month, last_day(year, month)).map(|date| Deadline::By { date, text: t.clone() });
    }
    deadline_in(k, &t).or_else(|| (!t.is_empty()).then_some(Deadline::Relative { text: t }))
}


#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn deadlines() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(deadline_in(k, "2024年10月前完成").and_then(|d| d.date()), Some(d(2024, 10, 31)));
        assert_eq!(deadline_in(k, "于2024年6月15日前报送").and_then(|d| d.date()), Some(d(2024, 6, 15)));
        assert_eq!(deadline_in(k, "2022年底前建成").and_then(|d| d.date()), Some(d(2022, 12, 31)));
        assert_eq!(deadline_in(k, "2024年上半年").and_then(|d| d.date()), Some(d(2024, 6, 30)));
        assert!(matches!(deadline_in(k, "每年3月底前报送"), Some(Deadline::Yearly { month: 3, day: 31, .. })));
        assert!(matches!(deadline_in(k, "每月15日前报送"), Some(Deadline::Monthly { day: 15, .. })));
        assert!(matches!(deadline_in(k, "会后3个工作日内报送"), Some(Deadline::Relative { .. })));
        assert!(matches!(deadline_in(k, "持续推进"), Some(Deadline::Ongoing { .. })));
        assert_eq!(deadline_cell(k, "2022年").and_then(|d| d.date()), Some(d(2022, 12, 31)));
        assert_eq!(deadline_cell(k, "2025年12月").and_then(|d| d.date()), Some(d(2025, 12, 31)));
        assert_eq!(deadline_in(k, "到2025年，全市达到100万千瓦"), None);
    }

    #[test]
    fn deadlines_against_the_document_date() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let on = Some(d(2026, 3, 10));
        let by = |t: &str| deadline_near(k, t, on).and_then(|d| d.date());
        assert_eq!(by("请各县区自本通知印发之日起60日内报送"), Some(d(2026, 5, 9)));
        assert_eq!(by("自本方案发布之日起3个月内完成"), Some(d(2026, 6, 10)));
        assert_eq!(by("请于2026年6月30日前报送"), Some(d(2026, 6, 30)));
        assert_eq!(by("2027年上半年完成"), Some(d(2027, 6, 30)));
        assert_eq!(by("年底前完成清理"), Some(d(2026, 12, 31)));
        assert_eq!(by("6月底前启动招标"), Some(d(2026, 6, 30)));
        assert!(matches!(deadline_near(k, "每年11月底前报送", on), Some(Deadline::Yearly { month: 11, day: 30, .. })));
        assert!(matches!(deadline_near(k, "每年年底前报送", on), Some(Deadline::Yearly { month: 12, day: 31, .. })));
        assert!(matches!(deadline_near(k, "自印发之日起10个工作日内", on), Some(Deadline::Relative { .. })));
        // Without the document's date a year-less month stays unread.
        assert_eq!(deadline_in(k, "6月底前启动招标"), None);
    }
}
