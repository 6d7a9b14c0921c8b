//! Word's automatic numbering: the `一、`, `（一）`, `1.`, `（1）` of a Word
//! 公文 are seldom typed; they are `w:numPr` (`w:numId`, `w:ilvl`) on the
//! paragraph or on its style (`w:pStyle`, followed through `w:basedOn`; the
//! default paragraph style when none is named), defined in
//! `word/numbering.xml`: `w:num` → `w:abstractNumId` with `w:lvlOverride`
//! (`w:startOverride`, or a whole `w:lvl`), `w:abstractNum/w:lvl` with
//! `w:start`, `w:numFmt`, `w:lvlText` (`%1、`, `（%2）`, `%1.%2`: `%n` is level n's number),
//! `w:lvlRestart`, `w:suff`, `w:isLgl`, `w:pStyle`.
//!
//! Counting follows Word: lists that share an abstract numbering continue one
//! another unless a `w:num` overrides a level's start (its first paragraph
//! restarts that level); using a level restarts every deeper level unless
//! that level's `w:lvlRestart` says otherwise (`0`: never; `n`: only after
//! level n or a higher one); `numId` 0 means no numbering.
//!
//! Rendering: the level text with each `%n` as level n's counter in its
//! format, then the suffix — nothing after a number that ends in punctuation
//! (`一、`, `（一）`, `1.`), else one space for `tab` or `space` (a tab would
//! read as a table cell). Bullets (`bullet`) and `none` render as nothing:
//! a bullet glyph is a symbol-font code, not text of the document.

use crate::container::xml;
use roxmltree::{Document, Node};
use std::collections::HashMap;

const W_LEVELS: usize = 9;

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn val<'a>(n: &Node<'a, '_>) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == "val").map(|a| a.value())
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(c, name))
}

fn child_val<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(n, name).and_then(|c| val(&c))
}

/// An `on/off` property: present and not `0`/`false`/`off`.
fn flag(n: Node, name: &str) -> bool {
    child(n, name).is_some_and(|c| !matches!(val(&c), Some("0" | "false" | "off")))
}

/// One level of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub start: i64,
    pub format: String,
    pub text: String,
    /// `None`: restart after any higher level; `Some(0)`: never; `Some(n)`:
    /// after level n (1-based) or a higher one.
    pub restart: Option<u32>,
    pub suffix: Suffix,
    /// `w:isLgl`: every level's number in decimal.
    pub legal: bool,
    /// The paragraph style bound to this level (`w:pStyle`).
    pub style: Option<String>,
}

impl Default for Level {
    fn default() -> Level {
        Level { start: 0, format: "decimal".into(), text: String::new(), restart: None, suffix: Suffix::Tab, legal: false, style: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    Tab,
    Space,
    Nothing,
}

fn level(n: Node) -> (usize, Level) {
    let ilvl = n.attributes().find(|a| a.name() == "ilvl").and_then(|a| a.value().parse().ok()).unwrap_or(0usize);
    let l = Level {
        // ECMA-376 17.9.25: an omitted start is zero.
        start: child_val(n, "start").and_then(|v| v.parse().ok()).unwrap_or(0),
        format: child_val(n, "numFmt").unwrap_or("decimal").to_string(),
        text: child_val(n, "lvlText").unwrap_or("").to_string(),
        restart: child_val(n, "lvlRestart").and_then(|v| v.parse().ok()),
        suffix: match child_val(n, "suff") {
            Some("space") => Suffix::Space,
            Some("nothing") => Suffix::Nothing,
            _ => Suffix::Tab,
        },
        legal: flag(n, "isLgl"),
        style: child_val(n, "pStyle").map(str::to_string),
    };
    (ilvl, l)
}

fn levels_of(n: Node) -> Vec<Level> {
    let mut out = vec![Level::default(); W_LEVELS];
    for l in n.children().filter(|c| is(c, "lvl")) {
        let (i, lvl) = level(l);
        if i < W_LEVELS {
            out[i] = lvl;
        }
    }
    out
}

/// One `w:num`: its abstract numbering and its overrides.
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// Per level: a start override, a replaced level.
    start_override: HashMap<usize, i64>,
    level_override: HashMap<usize, Level>,
}

/// `word/numbering.xml`, read.
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    abstracts: HashMap<String, Vec<Level>>,
    /// An abstract numbering that only links to a numbering style (`w:numStyleLink`).
    style_links: HashMap<String, String>,
    nums: HashMap<String, Num>,
}

impl Definitions {
    pub fn parse(text: &str) -> Result<Definitions, crate::OfficeError> {
        let doc = xml(NUMBERING, text)?;
        let mut d = Definitions::default();
        for a in doc.descendants().filter(|n| is(n, "abstractNum")) {
            let Some(id) = a.attributes().find(|x| x.name() == "abstractNumId").map(|x| x.value().to_string()) else { continue };
            if let Some(link) = child_val(a, "numStyleLink") {
                d.style_links.insert(id.clone(), link.to_string());
            }
            d.abstracts.insert(id, levels_of(a));
        }
        for n in doc.descendants().filter(|n| is(n, "num")) {
            let Some(id) = n.attributes().find(|x| x.name() == "numId").map(|x| x.value().to_string()) else { continue };
            let mut num = Num { abstract_id: child_val(n, "abstractNumId").unwrap_or("").to_string(), ..Num::default() };
            for o in n.children().filter(|c| is(c, "lvlOverride")) {
                let ilvl: usize = o.attributes().find(|a| a.name() == "ilvl").and_then(|a| a.value().parse().ok()).unwrap_or(0);
                if ilvl >= W_LEVELS {
                    continue;
                }
                if let Some(s) = child_val(o, "startOverride").and_then(|v| v.parse().ok()) {
                    num.start_override.insert(ilvl, s);
                }
                if let Some(l) = child(o, "lvl") {
                    num.level_override.insert(ilvl, level(l).1);
                }
            }
            d.nums.insert(id, num);
        }
        Ok(d)
    }
}

pub const NUMBERING: &str = "word/numbering.xml";
pub const STYLES: &str = "word/styles.xml";

/// A paragraph style's numbering and what it is based on.
#[derive(Debug, Clone, Default)]
struct Style {
    num_id: Option<String>,
    ilvl: Option<usize>,
    based_on: Option<String>,
}

/// `word/styles.xml`, read: the numbering of paragraph styles.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    default: Option<String>,
}

impl Styles {
    pub fn parse(text: &str) -> Result<Styles, crate::OfficeError> {
        let doc: Document = xml(STYLES, text)?;
        let mut s = Styles::default();
        for st in doc.descendants().filter(|n| is(n, "style")) {
            let attr = |name: &str| st.attributes().find(|a| a.name() == name).map(|a| a.value());
            if attr("type").is_some_and(|t| t != "paragraph") {
                continue;
            }
            let Some(id) = attr("styleId") else { continue };
            if matches!(attr("default"), Some("1" | "true" | "on")) {
                s.default = Some(id.to_string());
            }
            let num_pr = child(st, "pPr").and_then(|p| child(p, "numPr"));
            s.styles.insert(
                id.to_string(),
                Style {
                    num_id: num_pr.and_then(|n| child_val(n, "numId")).map(str::to_string),
                    ilvl: num_pr.and_then(|n| child_val(n, "ilvl")).and_then(|v| v.parse().ok()),
                    based_on: child_val(st, "basedOn").map(str::to_string),
                },
            );
        }
        Ok(s)
    }

    /// The numbering a style gives (through `basedOn`): numId and level, each
    /// from the nearest style that states it.
    fn numbering(&self, id: &str) -> (Option<String>, Option<usize>) {
        let (mut num, mut ilvl) = (None, None);
        let mut at = Some(id.to_string());
        for _ in 0..32 {
            let Some(style) = at.as_deref().and_then(|i| self.styles.get(i)) else { break };
            if num.is_none() {
                num = style.num_id.clone();
            }
            if ilvl.is_none() {
                ilvl = style.ilvl;
            }
            at = style.based_on.clone();
        }
        (num, ilvl)
    }
}

/// Counting through a document.
#[derive(Debug, Default)]
pub struct Counter {
    defs: Definitions,
    styles: Styles,
    /// Per abstract numbering: the current number of each level (`None`:
    /// not used since it last restarted).
    counts: HashMap<String, [Option<i64>; W_LEVELS]>,
    /// The nums whose overrides have been applied.
    started: std::collections::HashSet<String>,
    /// numIds used that numbering.xml does not define.
    pub undefined: Vec<String>,
}

impl Counter {
    pub fn new(defs: Definitions, styles: Styles) -> Counter {
        Counter { defs, styles, ..Counter::default() }
    }

    /// The number text of a paragraph (`w:p`) with its suffix, or `None`.
    pub fn paragraph(&mut self, p: Node) -> Option<String> {
        let ppr = child(p, "pPr");
        let style_id = ppr.and_then(|x| child_val(x, "pStyle")).map(str::to_string).or_else(|| self.styles.default.clone());
        let direct = ppr.and_then(|x| child(x, "numPr"));
        let (d_num, d_ilvl) = (direct.and_then(|n| child_val(n, "numId")).map(str::to_string), direct.and_then(|n| child_val(n, "ilvl")).and_then(|v| v.parse::<usize>().ok()));
        let (s_num, s_ilvl) = style_id.as_deref().map(|s| self.styles.numbering(s)).unwrap_or((None, None));
        let num_id = d_num.or(s_num)?;
        if num_id.trim() == "0" {
            return None;
        }
        let Some(num) = self.defs.nums.get(&num_id).cloned() else {
            if !self.undefined.contains(&num_id) {
                self.undefined.push(num_id);
            }
            return None;
        };
        let abstract_id = self.resolve_abstract(&num.abstract_id);
        let Some(base) = self.defs.abstracts.get(&abstract_id) else {
            if !self.undefined.contains(&num_id) {
                self.undefined.push(num_id);
            }
            return None;
        };
        let mut levels = base.clone();
        for (i, l) in &num.level_override {
            levels[*i] = l.clone();
        }
        for (i, s) in &num.start_override {
            levels[*i].start = *s;
        }
        // The level: stated, else the level bound to the paragraph's style, else 0.
        let ilvl = d_ilvl
            .or(s_ilvl)
            .or_else(|| style_id.as_deref().and_then(|s| levels.iter().position(|l| l.style.as_deref() == Some(s))))
            .unwrap_or(0)
            .min(W_LEVELS - 1);
        let counts = self.counts.entry(abstract_id).or_insert([None; W_LEVELS]);
        if self.started.insert(num_id.clone()) {
            for i in num.start_override.keys().chain(num.level_override.keys()) {
                counts[*i] = None;
            }
        }
        counts[ilvl] = Some(match counts[ilvl] {
            Some(n) => n + 1,
            None => levels[ilvl].start,
        });
        for (k, lvl) in levels.iter().enumerate().skip(ilvl + 1) {
            let restart = match lvl.restart {
                None => true,
                Some(0) => false,
                Some(r) => (ilvl as u32) < r,
            };
            if restart {
                counts[k] = None;
            }
        }
        let this = &levels[ilvl];
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).saturating_sub(1).min(W_LEVELS - 1);
                    let n = counts[k].unwrap_or(levels[k].start);
                    let fmt = if this.legal && k != ilvl { "decimal" } else { levels[k].format.as_str() };
                    out.push_str(&format_number(n, fmt));
                    continue;
                }
            }
            out.push(c);
        }
        if matches!(this.format.as_str(), "bullet" | "none") && !this.text.contains('%') {
            out.clear();
        }
        let out = out.trim_end().to_string();
        if out.is_empty() {
            return Some(String::new());
        }
        let ends_in_punct = out.chars().last().is_some_and(|c| !c.is_alphanumeric());
        Some(match this.suffix {
            Suffix::Nothing => out,
            _ if ends_in_punct => out,
            _ => out + " ",
        })
    }

    /// An abstract numbering that links to a numbering style stands for the
    /// abstract numbering of that style's list.
    fn resolve_abstract(&self, id: &str) -> String {
        let mut id = id.to_string();
        for _ in 0..4 {
            let Some(style) = self.defs.style_links.get(&id) else { break };
            let Some(num) = self.styles.numbering(style).0 else { break };
            let Some(next) = self.defs.nums.get(&num).map(|n| n.abstract_id.clone()) else { break };
            if next == id {
                break;
            }
            id = next;
        }
        id
    }
}

const CN_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// A number in Chinese counting: 一…十, 十一, 二十, 二十一, 一百, 一百零一,
/// 一百一十 … up to 9999; larger numbers digit by digit.
pub fn chinese(n: i64) -> String {
    chinese_with(n, &CN_DIGITS, ['十', '百', '千'], true)
}

fn chinese_with(n: i64, digits: &[char; 10], units: [char; 3], bare_ten: bool) -> String {
    if n < 0 {
        return n.to_string();
    }
    if n >= 10_000 {
        return n.to_string().chars().map(|c| digits[c.to_digit(10).unwrap_or(0) as usize]).collect();
    }
    if n == 0 {
        return digits[0].to_string();
    }
    let ds = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let unit = [Some(units[2]), Some(units[1]), Some(units[0]), None];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            // An inner zero is read 零 (一百零一), whatever the digit 0 is written.
            out.push('零');
            zero = false;
        }
        // 十一, not 一十一, when ten is the highest place.
        if !(bare_ten && i == 2 && d == 1 && out.is_empty()) {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit[i] {
            out.push(u);
        }
    }
    out
}

fn letters(n: i64, base: u8) -> String {
    if n <= 0 {
        return n.to_string();
    }
    // Word: A … Z, AA … ZZ, AAA …
    let k = (n - 1) as usize;
    std::iter::repeat_n((base + (k % 26) as u8) as char, k / 26 + 1).collect()
}

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn enclosed(n: i64, first: u32, last: i64) -> String {
    if (1..=last).contains(&n) {
        char::from_u32(first + n as u32 - 1).map(String::from).unwrap_or_else(|| n.to_string())
    } else {
        n.to_string()
    }
}

/// `n` in a `w:numFmt` format; formats not known here are written in decimal.
pub fn format_number(n: i64, fmt: &str) -> String {
    const GAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    const ZHI: [char; 12] = ['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'];
    match fmt {
        "bullet" | "none" => String::new(),
        "chineseCounting" | "chineseCountingThousand" | "japaneseCounting" | "taiwaneseCounting" | "taiwaneseCountingThousand" | "koreanCounting" => chinese(n),
        "chineseLegalSimplified" | "japaneseLegal" => chinese_with(n, &CN_LEGAL, ['拾', '佰', '仟'], false),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
            n.to_string().chars().map(|c| c.to_digit(10).map_or(c, |d| CN_DIGITS[d as usize])).collect()
        }
        "ideographTraditional" if n >= 1 => GAN[((n - 1) % 10) as usize].to_string(),
        "ideographZodiac" if n >= 1 => ZHI[((n - 1) % 12) as usize].to_string(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => enclosed(n, 0x2460, 20),
        "decimalEnclosedParen" => enclosed(n, 0x2474, 20),
        "decimalEnclosedFullstop" => enclosed(n, 0x2488, 20),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "decimalFullWidth" | "decimalFullWidth2" => n.to_string().chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(0xFF10 + d)).unwrap_or(c)).collect(),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting() {
        let got: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 45, 99, 100, 101, 110, 120, 1001, 2024].iter().map(|&n| chinese(n)).collect();
        assert_eq!(got, ["一", "九", "十", "十一", "十九", "二十", "二十一", "四十五", "九十九", "一百", "一百零一", "一百一十", "一百二十", "一千零一", "二千零二十四"]);
        assert_eq!(chinese(0), "〇");
    }

    #[test]
    fn other_formats() {
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(11, "ideographTraditional"), "甲");
        assert_eq!(format_number(5, "decimalEnclosedCircle"), "⑤");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "21");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(2, "lowerLetter"), "b");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(9, "lowerRoman"), "ix");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(12, "chineseLegalSimplified"), "壹拾贰");
        assert_eq!(format_number(7, "bullet"), "");
        assert_eq!(format_number(7, "cardinalText"), "7");
    }
}
