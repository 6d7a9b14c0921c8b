//! Line normalisation that keeps provenance.
//!
//! PDF extraction spaces out CJK text (`人 事 任 免`, `2024 年 7 月`), triples
//! bold glyphs (`人人人 事事事`), mixes half- and full-width punctuation and adds
//! stray bullets. Each source line becomes one [`Line`] that remembers its
//! original number; nothing is dropped here, so every later stage can point back.

/// One source line after normalisation.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the original file.
    pub no: usize,
    /// Trimmed, whitespace runs folded to one space, punctuation normalised.
    /// Spaces are kept: they separate joint issuers and roster columns.
    pub spaced: String,
    /// `spaced` without the spaces that PDF extraction put around CJK text.
    pub text: String,
    /// The source line began with whitespace (a page-break continuation marker
    /// in some extractions).
    pub indented: bool,
    /// Tabs the source line began with: a table row whose first cells are empty.
    pub leading_tabs: usize,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
    /// Number of characters, counting each CJK character as one.
    pub fn width(&self) -> usize {
        self.text.chars().count()
    }
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// CJK punctuation and full-width forms: spaces next to these are extraction noise too.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2014..=0x201F | 0x2026 | 0x00B7)
        || matches!(c, '〈' | '〉' | '《' | '》' | '〔' | '〕' | '∶')
}

fn is_wide(c: char) -> bool {
    is_cjk(c) || is_cjk_punct(c)
}

/// Zero-width spaces and joiners, marks, bidi controls, word joiners and
/// BOMs: invisible, and inside a word they break every pattern.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// The text every stage reads: a lone CR, NEL (U+0085), LINE SEPARATOR and
/// PARAGRAPH SEPARATOR become `\n` (CRLF stays: lines drop the CR), and
/// invisible characters ([`is_invisible`]) are removed. Idempotent.
pub fn normalize_input(s: &str) -> std::borrow::Cow<'_, str> {
    let needs = |c: char| matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') || is_invisible(c);
    if !s.chars().any(needs) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => out.push('\r'),
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_invisible(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The largest char boundary of `s` at or below `max` bytes.
pub fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    (0..=max).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// Normalises every line of `text`, numbering from 1.
pub fn lines(text: &str) -> Vec<Line> {
    let raw: Vec<&str> = text.split('\n').collect();
    let numbered = numbered_lines(&raw);
    raw.iter()
        .enumerate()
        .map(|(i, l)| normalize_line(i + 1, if numbered { strip_line_number(l, i + 1) } else { l }))
        .collect()
}

/// Share of non-blank lines that must print their own line number for the
/// numbers to be a listing's, not the text's.
const LINE_NUMBERED_SHARE: f64 = 0.9;
/// Fewest numbered lines for a listing.
const MIN_NUMBERED_LINES: usize = 5;

/// A copy whose every line opens with its own line number (`  3  白沙市…`),
/// as listings and some viewers print text.
fn numbered_lines(raw: &[&str]) -> bool {
    let non_blank = raw.iter().filter(|l| !l.trim().is_empty()).count();
    let numbered = raw.iter().enumerate().filter(|(i, l)| !l.trim().is_empty() && strip_line_number(l, i + 1).len() < l.len()).count();
    non_blank >= MIN_NUMBERED_LINES && numbered as f64 >= LINE_NUMBERED_SHARE * non_blank as f64
}

/// `line` without its own number `no` and the whitespace after it.
fn strip_line_number(line: &str, no: usize) -> &str {
    let t = line.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &t[digits..];
    if digits > 0 && t[..digits].parse() == Ok(no) && (rest.is_empty() || rest.starts_with([' ', '\t', '\u{3000}'])) {
        rest.trim_start_matches([' ', '\t'])
    } else {
        line
    }
}

pub fn normalize_line(no: usize, raw: &str) -> Line {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let indented = raw.starts_with(|c: char| c.is_whitespace());
    let leading_tabs = raw.trim_start_matches(' ').chars().take_while(|c| *c == '\t').count();
    let folded = fold_whitespace(raw);
    let folded = strip_bullet(&folded);
    let punct = normalize_punct(folded);
    let spaced = collapse_repeated_glyphs(&punct).unwrap_or(punct);
    let text = remove_cjk_spaces(&spaced);
    Line { no, spaced, text, indented, leading_tabs }
}

/// Whitespace runs (ASCII, U+3000, NBSP) become one space; tabs survive, one
/// per tab, because they separate table cells (two tabs: an empty cell) and
/// TOC page numbers.
fn fold_whitespace(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut tabs = 0usize;
    let mut space = false;
    for c in raw.chars() {
        if c == '\t' {
            tabs += 1;
        } else if c.is_whitespace() || c == '\u{feff}' {
            space = true;
        } else {
            if !out.is_empty() {
                if tabs > 0 {
                    out.extend(std::iter::repeat_n('\t', tabs));
                } else if space {
                    out.push(' ');
                }
            }
            tabs = 0;
            space = false;
            out.push(c);
        }
    }
    out
}

/// Extraction turns list formatting into `- ` / `• ` prefixes.
fn strip_bullet(s: &str) -> &str {
    for prefix in ["- ", "• ", "· ", "● "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            // Not a page number framed by the same mark (`- 3 -`, `· 2 ·`).
            if !rest.is_empty() && !rest.trim_end().ends_with(prefix.trim()) {
                return rest;
            }
        }
    }
    s
}

/// Half-width punctuation inside Chinese text becomes full-width, so that
/// `(一)` and `（一）`, `各部门:` and `各部门：` compare equal.
fn normalize_punct(s: &str) -> String {
    let needs_work = s.chars().any(|c| {
        matches!(c, ',' | ':' | ';' | '(' | ')' | '!' | '?' | '～' | '〜' | '﹝' | '﹞')
            || ('０'..='ｚ').contains(&c)
    });
    if !needs_work {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = chars[..i].iter().rev().find(|c| **c != ' ').copied();
        let next = chars[i + 1..].iter().find(|c| **c != ' ').copied();
        let digits_around = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let cjk_around = prev.is_some_and(is_wide) || next.is_some_and(is_wide);
        let mapped = match c {
            '(' => '（',
            ')' => '）',
            ',' if !digits_around => '，',
            ':' if !digits_around && next.is_none_or(|n| n != '/') => '：',
            ';' => '；',
            '!' if cjk_around => '！',
            '?' if cjk_around => '？',
            '～' | '〜' => '～',
            '﹝' => '〔',
            '﹞' => '〕',
            // Full-width digits and Latin letters (２００２年) are plain ones.
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        out.push(mapped);
    }
    out
}

/// `人人人 事事事 任任任 免免免` → `人 事 任 免`: bold text extracted as every
/// glyph repeated. Only when *every* token is one character repeated the same
/// number of times, so that real words such as 人人 are left alone.
fn collapse_repeated_glyphs(s: &str) -> Option<String> {
    if !s.contains(' ') {
        return None;
    }
    let tokens: Vec<&str> = s.split(' ').filter(|t| !t.is_empty()).collect();
    if tokens.len() < 2 {
        return None;
    }
    let mut k = None;
    let mut out = Vec::with_capacity(tokens.len());
    for t in &tokens {
        let chars: Vec<char> = t.chars().collect();
        if chars.len() < 2 || !is_cjk(chars[0]) || chars.iter().any(|c| *c != chars[0]) {
            return None;
        }
        if *k.get_or_insert(chars.len()) != chars.len() {
            return None;
        }
        out.push(chars[0].to_string());
    }
    Some(out.join(" "))
}

/// Drops spaces that touch a CJK character or CJK punctuation; keeps spaces
/// between two Latin words and tabs.
pub fn remove_cjk_spaces(s: &str) -> String {
    if !s.contains(' ') {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            let keep = matches!((prev, next), (Some(p), Some(n)) if !is_wide(p) && !is_wide(n));
            if !keep {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// All whitespace removed: the form used to compare titles.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Only the characters that carry content: CJK, letters and digits. Used for
/// fingerprints and fuzzy title comparison, where layout and punctuation vary.
pub fn content_chars(s: &str) -> String {
    s.chars().filter(|c| is_cjk(*c) || c.is_alphanumeric()).collect()
}

/// Sentence-final punctuation: a line ending in one of these ends a paragraph.
pub fn ends_sentence(s: &str) -> bool {
    s.ends_with(['。', '！', '？', '；', '：', '…'])
        || s.ends_with("。”")
        || s.ends_with("。）")
        || s.ends_with("！”")
        || ends_with_closing_note(s)
}

/// Longest note in brackets that closes a sentence (`…负责。（省工信厅牵头）`).
const MAX_CLOSING_NOTE_CHARS: usize = 80;

/// A sentence closed by a note in brackets: `…。（省财政厅、省工信厅按职责分工负责）`.
fn ends_with_closing_note(s: &str) -> bool {
    let Some(inner) = s.strip_suffix('）') else { return false };
    let Some(open) = inner.rfind('（') else { return false };
    let note = &inner[open + '（'.len_utf8()..];
    !note.is_empty()
        && note.chars().count() <= MAX_CLOSING_NOTE_CHARS
        && !note.contains(['（', '）'])
        && inner[..open].ends_with(['。', '；', '！', '？'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_with_line_numbers_loses_them() {
        let text = "  1  白沙市卫生健康委员会文件\n  2  白卫发〔2025〕13号\n  3  关于开展检查的通知\n  4  各县卫生健康局：\n  5  　　现将有关事项通知如下。\n  6  \n  7  白沙市卫生健康委员会";
        let got: Vec<String> = lines(text).into_iter().map(|l| l.text).collect();
        assert_eq!(got[0], "白沙市卫生健康委员会文件");
        assert_eq!(got[4], "现将有关事项通知如下。");
        // Numbers that are not the lines' own stay.
        let items = "1 总则\n2 范围\n3 职责\n5 附则\n6 其他\n7 施行";
        assert_eq!(lines(items)[0].text, "1总则");
    }

    #[test]
    fn a_note_in_brackets_after_a_full_stop_ends_a_sentence() {
        assert!(ends_sentence("给予贴息。（省地方金融监管局牵头，省财政厅配合）"));
        assert!(!ends_sentence("按照《意见》（襄政发〔2024〕3号）"));
        assert!(!ends_sentence("给予贴息（最高"));
    }

    #[test]
    fn letter_spacing_and_bold_glyphs() {
        assert_eq!(normalize_line(1, "人 事 任 免").text, "人事任免");
        assert_eq!(normalize_line(1, "人人人\u{3000}\u{3000}\u{3000} 事事事\u{3000} 任任任 免免免").text, "人事任免");
        assert_eq!(normalize_line(1, "第一章 总 则").text, "第一章总则");
        assert_eq!(normalize_line(1, "2024 年 7 月 11 日").text, "2024年7月11日");
        assert_eq!(normalize_line(1, "人人都有").text, "人人都有");
    }

    #[test]
    fn punctuation_and_bullets() {
        let l = normalize_line(3, "- (一)对《通告》(武政规〔2019〕21号)作如下修改:");
        assert_eq!(l.text, "（一）对《通告》（武政规〔2019〕21号）作如下修改：");
        assert_eq!(l.no, 3);
        assert_eq!(normalize_line(1, "时间 8:30,共 1,000 人").text, "时间8:30，共1,000人");
        assert_eq!(normalize_line(1, "WUHANSHI RENMIN ZHENGFU").text, "WUHANSHI RENMIN ZHENGFU");
        assert_eq!(normalize_line(1, "２００２年６月２９日").text, "2002年6月29日");
    }

    #[test]
    fn keeps_spaces_for_issuer_lines_and_tabs() {
        let l = normalize_line(1, "武汉市人民政府\u{3000} 武汉市人民检察院");
        assert_eq!(l.spaced, "武汉市人民政府 武汉市人民检察院");
        assert_eq!(normalize_line(1, "序号\t标 题\t文号").text, "序号\t标题\t文号");
        assert!(normalize_line(1, "    ").is_blank());
    }
}
