//! Personal data — mobile and landline numbers, 身份证号 — is masked once,
//! where text enters gongwen: [`crate::parse_text`] masks the decoded input
//! (after HTML extraction) before any stage reads it. Titles, 主送, 附件,
//! tables, citations, extracted items, the store, the search index and every
//! output are built from the masked text, so no output can print a number and
//! no query can match digits that nobody may see.
//!
//! Unmasking is an explicit, local choice: an [`Unmasker`] learns the numbers
//! from source files the user can read anyway and restores them in what a
//! local command prints (`--unmasked`). The server never unmasks.
//!
//! Numbers are recognised by shape (mobile numbers with or without `+86` and
//! with spaces or hyphens between groups, landlines with an area code,
//! 18-digit 身份证号) and, for local numbers without an area code, after a
//! label from `data/privacy.toml` (`电话：85512345`). Full-width digits are
//! folded to ASCII first, as the line normaliser does anyway.

use crate::knowledge::{Knowledge, PrivacyWords};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// Whether personal numbers are masked where text enters gongwen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Privacy {
    /// The default everywhere: what is stored, indexed and printed is masked.
    #[default]
    Masked,
    /// Only for a local command the user asked to unmask (`parse --unmasked`).
    Unmasked,
}

/// The character that replaces a hidden digit.
pub const MASK_CHAR: char = '*';
/// Digits left visible at the start and the end of a masked number, so that a
/// reader can tell two numbers apart …
pub const KEEP_HEAD: usize = 3;
pub const KEEP_TAIL: usize = 2;
/// … but never fewer than this many digits hidden (a local 8-digit number
/// keeps only its last two).
pub const MIN_HIDDEN: usize = 6;

#[derive(Debug)]
pub(crate) struct Patterns {
    /// Numbers recognised by their shape alone; the `n` group is the part to
    /// mask (a `+86` prefix stays as printed).
    shaped: Regex,
    /// A label that announces a phone number.
    label: Regex,
    /// One number after a label (anchored at the cursor).
    listed: Regex,
}

impl Patterns {
    /// The patterns for the labels of `words` (built once per [`Knowledge`]).
    pub(crate) fn new(words: &PrivacyWords) -> Patterns {
        let sep = r"[\x20\-－‐–—]";
        let shaped = format!(
            r"(?:(?:\+|00)?86{sep}?)?(?P<n>{id}|{mobile}|{spaced_mobile}|{land})",
            id = r"[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]",
            mobile = format!(r"1[3-9]\d(?:{sep}?\d{{4}}){{2}}"),
            spaced_mobile = r"1\x20[3-9](?:\x20\d){9}",
            land = format!(r"(?:[（(]0\d{{2,3}}[)）]{sep}?|0\d{{2,3}}{sep})\d{{3,4}}{sep}?\d{{4}}(?:(?:转|-|－)\d{{1,5}})?"),
        );
        let labels: Vec<String> = {
            let mut l = words.labels.clone();
            l.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
            l.iter().map(|s| regex::escape(s)).collect()
        };
        let label = format!(r"(?:{})(?:号码)?[：:\x20]*", labels.join("|"));
        let listed = format!(
            r"^(?:[（(]?0\d{{2,3}}[)）]?{sep}?)?\d{{3,4}}{sep}?\d{{4}}(?:(?:转|-|－)\d{{1,5}})?"
        );
        Patterns {
            shaped: Regex::new(&shaped).expect("privacy pattern"),
            label: Regex::new(&label).expect("privacy label pattern"),
            listed: Regex::new(&listed).expect("privacy list pattern"),
        }
    }
}

fn is_digit_at_end(s: &str) -> bool {
    s.chars().next_back().is_some_and(|c| c.is_ascii_digit())
}

fn is_digit_at_start(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Full-width digits (０–９) as ASCII; borrowed when there are none.
fn fold_digits(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| ('０'..='９').contains(&c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else { c })
            .collect(),
    )
}

/// Byte ranges of the personal numbers in `text` (ASCII digits), in order,
/// never overlapping and never touching another digit.
pub fn find(k: &Knowledge, text: &str) -> Vec<Range<usize>> {
    let p = &k.privacy_patterns;
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    while let Some(c) = p.shaped.captures_at(text, at) {
        let whole = c.get(0).expect("group 0");
        let n = c.name("n").expect("group n");
        // The whole match must stand alone: no digit just before or after it.
        if is_digit_at_end(&text[..whole.start()]) || is_digit_at_start(&text[n.end()..]) {
            at = whole.start() + text[whole.start()..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        found.push(n.range());
        at = n.end();
    }
    for l in p.label.find_iter(text) {
        let mut pos = l.end();
        loop {
            let rest = &text[pos..];
            let skip = rest.len() - rest.trim_start_matches(|c| k.privacy.list_separators.contains(c)).len();
            let Some(m) = p.listed.find(&rest[skip..]) else { break };
            let range = pos + skip + m.start()..pos + skip + m.end();
            if is_digit_at_end(&text[..range.start]) || is_digit_at_start(&text[range.end..]) {
                break;
            }
            if !found.iter().any(|f| f.start < range.end && range.start < f.end) {
                found.push(range.clone());
            }
            pos = range.end;
        }
    }
    found.sort_by_key(|r| r.start);
    found
}

/// The masked form of one number: digits hidden except the first
/// [`KEEP_HEAD`] and last [`KEEP_TAIL`], with at least [`MIN_HIDDEN`] hidden;
/// separators and brackets stay as printed.
fn mask_number(number: &str) -> String {
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let tail = KEEP_TAIL.min(digits.saturating_sub(MIN_HIDDEN));
    let head = KEEP_HEAD.min(digits.saturating_sub(MIN_HIDDEN + tail));
    let mut seen = 0;
    number
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= head || seen > digits - tail {
                c
            } else {
                MASK_CHAR
            }
        })
        .collect()
}

/// The text with every personal number masked. Lines and characters keep
/// their count (each hidden digit becomes one `*`), so line numbers and
/// spans computed on masked text hold for the source.
pub fn mask(k: &Knowledge, text: &str) -> String {
    let text = fold_digits(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in find(k, &text) {
        out.push_str(&text[last..r.start]);
        out.push_str(&mask_number(&text[r.clone()]));
        last = r.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Applies [`mask`] to every string inside a JSON value. Used only to bring
/// a store written by an older gongwen (which masked on output) up to date.
pub fn mask_json(k: &Knowledge, v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            if s.bytes().any(|b| b.is_ascii_digit()) || s.chars().any(|c| ('０'..='９').contains(&c)) {
                *s = mask(k, s);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|v| mask_json(k, v)),
        serde_json::Value::Object(o) => o.values_mut().for_each(|v| mask_json(k, v)),
        _ => {}
    }
}

/// Restores masked numbers in local output, from source files the user reads.
///
/// It learns, for each number in the texts it is shown, the masked form and
/// the original. A masked form that stands for two different numbers is
/// ambiguous and stays masked.
#[derive(Default)]
pub struct Unmasker {
    originals: HashMap<String, Option<String>>,
    matcher: Option<(AhoCorasick, Vec<String>)>,
}

impl Unmasker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Learns the numbers of `original` (text as it enters gongwen, unmasked;
    /// see [`crate::entering_text`]).
    pub fn learn(&mut self, k: &Knowledge, original: &str) {
        let text = fold_digits(original);
        for r in find(k, &text) {
            let number = &text[r];
            let entry = self.originals.entry(mask_number(number)).or_insert_with(|| Some(number.to_string()));
            if entry.as_deref().is_some_and(|known| known != number) {
                *entry = None;
            }
        }
        self.matcher = None;
    }

    /// Masked forms that stand for more than one number (left masked).
    pub fn ambiguous(&self) -> usize {
        self.originals.values().filter(|v| v.is_none()).count()
    }

    pub fn known(&self) -> usize {
        self.originals.values().filter(|v| v.is_some()).count()
    }

    fn matcher(&mut self) -> Option<&(AhoCorasick, Vec<String>)> {
        if self.matcher.is_none() {
            let (masked, originals): (Vec<&String>, Vec<String>) =
                self.originals.iter().filter_map(|(m, o)| Some((m, o.clone()?))).unzip();
            if masked.is_empty() {
                return None;
            }
            let ac = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(masked).ok()?;
            self.matcher = Some((ac, originals));
        }
        self.matcher.as_ref()
    }

    /// `text` with every masked number it learnt restored.
    pub fn unmask(&mut self, text: &str) -> String {
        if !text.contains(MASK_CHAR) {
            return text.to_string();
        }
        match self.matcher() {
            Some((ac, originals)) => ac.replace_all(text, originals),
            None => text.to_string(),
        }
    }

    /// [`Unmasker::unmask`] on every string inside a JSON value.
    pub fn unmask_json(&mut self, v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => *s = self.unmask(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| self.unmask_json(x)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|x| self.unmask_json(x)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_phones_and_ids_but_not_other_numbers() {
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "联系电话：13912345678。"), "联系电话：139******78。");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "电话027-85512345"), "电话027-******45");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "身份证号420102199001011234"), "身份证号420*************34");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "奖励20000000元，武政规〔2024〕6号"), "奖励20000000元，武政规〔2024〕6号");
    }

    #[test]
    fn masks_the_shapes_that_escaped_before() {
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "+8613712345678"), "+86137******78");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "手机 139 1234 5678 联系"), "手机 139 **** **78 联系");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "139-1234-5679"), "139-****-**79");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "１３９１２３４５６７８"), "139******78");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "（027）85512345转802"), "（027）********转*02");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "1 3 9 1 2 3 4 5 6 7 8"), "1 3 9 * * * * * * 7 8");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "0086 13712345678"), "0086 137******78");
    }

    #[test]
    fn local_numbers_only_after_a_label() {
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "联系电话：85512345、85512346"), "联系电话：******45、******46");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "传真:85512345"), "传真:******45");
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), "共85512345元"), "共85512345元");
    }

    #[test]
    fn leaves_dates_amounts_and_codes_alone() {
        for s in [
            "2021-2025年",
            "2024年1月1日",
            "统一社会信用代码91420100MA4K2XYZ1A",
            "投资12345678901234567890元",
            "第13912345678901号",
            "编号0271234",
        ] {
            assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), s), s, "{s}");
        }
    }

    #[test]
    fn keeps_character_count_and_lines() {
        let s = "甲\n电话：027-85512345\n+86 139 1234 5678\n乙";
        let m = mask(&crate::knowledge::Knowledge::builtin(), s);
        assert_eq!(m.chars().count(), s.chars().count());
        assert_eq!(m.lines().count(), s.lines().count());
        assert_eq!(mask(&crate::knowledge::Knowledge::builtin(), &m), m, "masking is idempotent");
    }

    #[test]
    fn unmasker_restores_what_it_learnt_and_nothing_ambiguous() {
        let original = "电话：027-85512345；手机13912345678；另13912345778";
        let mut u = Unmasker::new();
        u.learn(&crate::knowledge::Knowledge::builtin(), original);
        assert_eq!(u.unmask(&mask(&crate::knowledge::Knowledge::builtin(), original)), "电话：027-85512345；手机139******78；另139******78");
        // 13912345678 and 13912345778 share a masked form: both stay masked.
        assert_eq!(u.ambiguous(), 1);
        assert_eq!(u.unmask("电话：027-******45"), "电话：027-85512345");
        assert_eq!(u.unmask("139******78"), "139******78");
    }
}
