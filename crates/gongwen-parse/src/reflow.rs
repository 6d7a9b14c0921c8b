//! Flattened text: a whole 公文 (title, 文号, 主送, body, signature, date)
//! copied into one line, as portals and scrapers often deliver it.
//!
//! Every later stage reads lines, so a flattened line is cut back into the
//! lines it was printed as, at the boundaries the layout leaves in the text:
//! the end of the title (a 文种 followed by the body's opening), a 文号, a
//! 主送 ending in `：`, outline markers after a sentence end, and a trailing
//! signature and date. Each piece keeps the source line's number, so spans
//! still point at the file; nothing is dropped, the pieces concatenate back
//! to the line.

use crate::docnum;
use crate::fields::{self, FieldKind};
use crate::knowledge::Knowledge;
use crate::text::{self, Line};
use regex::Regex;
use std::sync::OnceLock;

/// A line at least this wide, with [`FLATTENED_MIN_BREAKS`] outline markers
/// after sentence ends, holds several printed lines.
pub const FLATTENED_MIN_CHARS: usize = 600;
/// Outline markers after a sentence end that show a flattened line.
pub const FLATTENED_MIN_BREAKS: usize = 2;
/// A line this wide is flattened whatever its markers.
pub const FLATTENED_ALWAYS_CHARS: usize = 2000;
/// Longest title looked for at the head of a flattened line.
pub const MAX_FLAT_TITLE_CHARS: usize = 90;
/// Longest 主送 looked for after a flattened title.
pub const MAX_FLAT_ADDRESSEE_CHARS: usize = 400;
/// Longest signature looked for before a trailing date.
pub const MAX_FLAT_SIGNATURE_CHARS: usize = 80;
/// Longest bracketed qualifier after a title's 文种: （试行）, （2021-2025年）.
pub const MAX_TITLE_QUALIFIER_CHARS: usize = 14;
/// Lines before the head of a file that may still be furniture.
const HEAD_LINES: usize = 3;

const CN_NUM: &str = "一二三四五六七八九十百零〇";

fn marker_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let n = format!("[{CN_NUM}]");
        Regex::new(&format!(
            r"第(?:{n}+|\d+)[章节]|第(?:{n}+|\d+)条|{n}+、|（{n}+）|\(\s*{n}+\s*\)|\d{{1,2}}[、．.](?:[^\d]|$)|（\d{{1,2}}）|附件\s*\d{{0,2}}[：:]?|抄送[：:]|联系人[：:]"
        ))
        .unwrap()
    })
}

fn date_tail_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let n = "[0-9〇○OＯ零一二三四五六七八九十]";
        Regex::new(&format!(r"{n}{{4}}\s*年\s*{n}{{1,3}}\s*月\s*{n}{{1,3}}\s*日$")).unwrap()
    })
}

fn page_number_tail_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"[—\-－]\s*\d{1,4}\s*[—\-－]$").unwrap())
}

/// Characters that end a sentence or a clause the layout starts a line after.
fn ends_clause(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？' | '：' | ';' | ':')
}

/// Is `line` a flattened 公文 rather than a long paragraph: very wide, or
/// wide with outline markers after sentence ends, or wide and opening with a
/// title its body runs on from (a news item or a text without outline:
/// `…指导意见为纵深推进…`)?
pub fn is_flattened(line: &Line, k: &Knowledge) -> bool {
    let w = line.width();
    if w >= FLATTENED_ALWAYS_CHARS {
        return true;
    }
    w >= FLATTENED_MIN_CHARS && (breaks(&line.spaced).len() >= FLATTENED_MIN_BREAKS || title_end(&line.spaced, k).is_some())
}

/// Byte offsets where an outline marker follows a sentence end.
fn breaks(s: &str) -> Vec<usize> {
    marker_re()
        .find_iter(s)
        .filter(|m| s[..m.start()].trim_end().chars().next_back().is_some_and(ends_clause))
        .map(|m| m.start())
        .filter(|&at| article_heading_at(s, at))
        .collect()
}

/// `第X条` in running text (第八条规定…) is a reference, not a heading.
fn article_heading_at(s: &str, at: usize) -> bool {
    let rest = &s[at..];
    let Some(m) = marker_re().find(rest) else { return true };
    if !m.as_str().ends_with('条') {
        return true;
    }
    !rest[m.end()..].starts_with(crate::outline::ARTICLE_REFERENCE_NEXT)
}

/// Cuts every flattened line of `lines` into the lines it was printed as.
pub fn reflow(lines: Vec<Line>, k: &Knowledge) -> Vec<Line> {
    // Where a 主送 the first paragraph runs on from ends, read once a line.
    let run_ins: Vec<Option<usize>> = lines.iter().map(|l| addressee_run_in(&l.spaced, k)).collect();
    if !run_ins.iter().any(Option::is_some) && !lines.iter().any(|l| is_flattened(l, k)) {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len() + 64);
    let mut seen_text = 0usize;
    // Flattened lines laid end to end (with only running headers and page
    // numbers between them) are texts of their own, each with its head.
    let mut after_flat = false;
    for (line, run_in) in lines.into_iter().zip(run_ins) {
        if !is_flattened(&line, k) {
            if !line.is_blank() && !crate::noise::is_noise(k, &line.text) {
                seen_text += 1;
                after_flat = false;
            }
            // `各省…医疗保障局：为贯彻落实…`: the 主送 and the body's first
            // paragraph copied into one line are two printed lines.
            if let Some(at) = run_in {
                let mut head = text::normalize_line(line.no, &line.spaced[..at]);
                head.indented = line.indented;
                out.push(head);
                out.push(text::normalize_line(line.no, &line.spaced[at..]));
                continue;
            }
            out.push(line);
            continue;
        }
        let at_head = seen_text < HEAD_LINES || after_flat;
        seen_text += 1;
        after_flat = true;
        let cuts = cuts(&line.spaced, at_head, k);
        let mut from = 0;
        for at in cuts.into_iter().chain(std::iter::once(line.spaced.len())) {
            if at > from {
                let mut piece = text::normalize_line(line.no, &line.spaced[from..at]);
                piece.indented = line.indented && from == 0;
                out.push(piece);
            }
            from = at;
        }
    }
    out
}

/// Byte offsets (ascending, unique, inside `s`) where `s` is cut.
fn cuts(s: &str, at_head: bool, k: &Knowledge) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut body_from = 0;
    if at_head {
        body_from = head_cuts(s, k, &mut cuts);
    }
    let tail_from = tail_cuts(s, body_from, k, &mut cuts);
    for at in breaks(&s[body_from..tail_from]) {
        cuts.push(body_from + at);
        // 第一章总则第一条…: the chapter heading is a line of its own.
        if let Some(article) = chapter_article(&s[body_from + at..]) {
            cuts.push(body_from + at + article);
        }
    }
    // A chapter heading right after the head (标题第一章总则第一条…).
    if body_from > 0 {
        if let Some(article) = chapter_article(&s[body_from..]) {
            cuts.push(body_from + article);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|&c| c > 0 && c < s.len());
    cuts
}

/// In `第一章总则第一条…`, the offset of `第一条`.
fn chapter_article(s: &str) -> Option<usize> {
    let m = marker_re().find(s)?;
    if m.start() != 0 || !(m.as_str().ends_with('章') || m.as_str().ends_with('节')) {
        return None;
    }
    let rest = &s[m.end()..];
    let next = marker_re().find(rest)?;
    let heading = &rest[..next.start()];
    (next.as_str().ends_with('条') && !heading.is_empty() && heading.chars().count() <= 20 && !heading.contains(['。', '，']))
        .then_some(m.end() + next.start())
}

/// Cuts the head of a flattened document: `附件N`, the title, a 文号 and a
/// 主送. Returns where the body begins.
fn head_cuts(s: &str, k: &Knowledge, cuts: &mut Vec<usize>) -> usize {
    let mut at = 0;
    // 附件1区域电网输电价格定价办法…: the attachment label stands alone.
    static ATTACHMENT: OnceLock<Regex> = OnceLock::new();
    let attachment = ATTACHMENT.get_or_init(|| Regex::new(r"^附件\s*\d{0,2}[：:]?").unwrap());
    if let Some(m) = attachment.find(s) {
        if m.end() < s.len() && s[m.end()..].starts_with(|c: char| text::is_cjk(c) || c == '《') {
            at = m.end();
            cuts.push(at);
        }
    }
    if let Some(title_end) = title_end(&s[at..], k) {
        at += title_end;
        cuts.push(at);
    }
    // The 文号 printed under the title.
    let rest = &s[at..];
    let lead = rest.trim_start_matches(['（', '(', '[', '［']);
    if let Some(f) = docnum::find_all(k, &lead[..crate::text::floor_char_boundary(lead, 120)]).into_iter().next().filter(|f| f.start == 0) {
        let mut end = at + (rest.len() - lead.len()) + f.end;
        if s[end..].starts_with(['）', ')', ']', '］']) {
            end += s[end..].chars().next().map_or(0, char::len_utf8);
        }
        at = end;
        cuts.push(at);
    }
    // Metadata fields a legal database runs in after the title
    // (文号:…效力级别:部门规章), each a line of its own.
    while let Some(end) = field_end(&s[at..], k) {
        at += end;
        cuts.push(at);
    }
    // The 主送: organs up to the first `：`, before any sentence.
    let rest = &s[at..];
    if let Some(colon) = rest.find('：') {
        let addressee = &rest[..colon];
        if addressee.chars().count() <= MAX_FLAT_ADDRESSEE_CHARS && is_flat_addressee(addressee, k) {
            at += colon + '：'.len_utf8();
            cuts.push(at);
        }
    }
    at
}

/// Where a metadata field at the head of `s` ends: after its 文号, its date,
/// its closed value (现行有效, 部门规章), or before the next field.
fn field_end(s: &str, k: &Knowledge) -> Option<usize> {
    let (kind, _, from) = fields::label_at(s, k)?;
    let value = &s[from..];
    let len = match kind {
        FieldKind::DocNumber => docnum::find_all(k, &value[..text::floor_char_boundary(value, 120)]).into_iter().next().filter(|f| f.start == 0).map(|f| f.end),
        FieldKind::Written | FieldKind::Published | FieldKind::Effective => {
            crate::date::find_all(&value[..text::floor_char_boundary(value, 60)]).into_iter().next().filter(|f| f.start == 0).map(|f| f.end)
        }
        FieldKind::Validity | FieldKind::Level => k.fields.closed_values.iter().find(|v| value.starts_with(v.as_str())).map(String::len),
        FieldKind::Title | FieldKind::Issuer | FieldKind::Other => None,
    };
    // Otherwise the value runs to the next field.
    let len = len.or_else(|| {
        value.char_indices().skip(1).take(fields::MAX_FIELD_VALUE_CHARS).find(|&(i, _)| fields::label_at(&value[i..], k).is_some()).map(|(i, _)| i)
    })?;
    Some(from + len)
}

/// Where a 主送 that the body's first paragraph runs on from ends (after
/// its `：`): `各省、自治区…医疗保障局：为贯彻落实…`. Every part ends like a
/// recipient (as a 主送 line's must), and the rest opens like a body (为,
/// 根据, 按照 …).
fn addressee_run_in(s: &str, k: &Knowledge) -> Option<usize> {
    let colon = s.find(['：', ':'])?;
    let (addressee, rest) = (&s[..colon], &s[colon..]);
    let rest = rest[rest.chars().next()?.len_utf8()..].trim_start();
    let n = addressee.chars().count();
    // `（牵头单位：X）` and `二、…情况（责任单位：X）` hold a task's note, not a
    // 主送: a 主送 opens no bracket it does not close and no outline item.
    let open = addressee.matches(['（', '(']).count();
    let balanced = open == addressee.matches(['）', ')']).count();
    let fits = (MIN_RUN_IN_ADDRESSEE_CHARS..=MAX_FLAT_ADDRESSEE_CHARS).contains(&n)
        && !addressee.contains(' ')
        && balanced
        && crate::outline::marker(addressee).is_none();
    (fits && crate::segment::is_recipient_list(addressee, k) && k.doc_types.body_openers.iter().any(|w| rest.starts_with(w.as_str()))).then(|| s.len() - rest.len())
}

/// Characters a run-in 主送 needs (`各区：` is too short to be sure).
const MIN_RUN_IN_ADDRESSEE_CHARS: usize = 4;

/// `各省、自治区…，国家电网公司、…电力交易中心` before a `：`.
fn is_flat_addressee(text: &str, k: &Knowledge) -> bool {
    if text.is_empty() || text.contains(['。', '；']) || text.contains("如下") {
        return false;
    }
    let last = text.rsplit(['、', '，', ',', ' ']).next().unwrap_or(text).trim_end_matches(['）', ')']);
    let last = last.split(['（', '(']).next().unwrap_or(last);
    text.starts_with('各') || k.is_org_name(last) || last.ends_with("单位") || last.ends_with("部门")
}

/// Where the title at the head of `s` ends: after the first 文种 (with its
/// bracketed qualifier) outside 《》 that the body's opening follows.
fn title_end(s: &str, k: &Knowledge) -> Option<usize> {
    // A title printed in 《》: 《关于…的实施意见》为贯彻…;
    // (修订征求意见稿)-like qualifiers may follow the 》.
    if let Some(inner) = s.strip_prefix('《') {
        let close = inner.find('》')?;
        let end = '《'.len_utf8() + close + '》'.len_utf8();
        let end = end + qualifiers_len(&s[end..]);
        return (k.ends_like_title(&inner[..close]) && opens_body(&s[end..], k)).then_some(end);
    }
    let words: Vec<&str> = k.doc_types.types.iter().chain(k.doc_types.enclosed.iter()).map(String::as_str).collect();
    let mut depth = 0i32;
    for (i, (at, c)) in s.char_indices().enumerate() {
        if i >= MAX_FLAT_TITLE_CHARS {
            break;
        }
        match c {
            '《' | '<' | '〈' | '“' => depth += 1,
            '》' | '>' | '〉' | '”' => depth -= 1,
            '。' | '；' | '：' => return None,
            _ => {}
        }
        if depth != 0 {
            continue;
        }
        let end = at + c.len_utf8();
        let head = &s[..end];
        if !words.iter().any(|w| head.ends_with(w)) || head.chars().count() < 4 {
            continue;
        }
        let end = end + qualifiers_len(&s[end..]);
        let rest = &s[end..];
        if rest.is_empty() {
            return None;
        }
        if opens_body(rest, k) {
            return Some(end);
        }
    }
    None
}

/// Does `rest` open a document's body: a 文号, a 主送, an outline marker or
/// an opening word (为, 根据, 近年来 … in data/doc_types.toml)?
fn opens_body(rest: &str, k: &Knowledge) -> bool {
    let lead = rest.trim_start_matches(['（', '(', '[', '［']);
    let head = &lead[..crate::text::floor_char_boundary(lead, 120)];
    marker_re().find(rest).is_some_and(|m| m.start() == 0)
        || docnum::find_all(k, head).first().is_some_and(|f| f.start == 0)
        || k.doc_types.body_openers.iter().any(|w| rest.starts_with(w.as_str()))
        || fields::label_at(rest, k).is_some()
        || rest.find('：').is_some_and(|c| rest[..c].chars().count() <= MAX_FLAT_ADDRESSEE_CHARS && is_flat_addressee(&rest[..c], k))
}

/// Length of the title qualifiers at the head of `s`: （暂行）（征求意见稿）
/// may follow one another.
pub(crate) fn qualifiers_len(s: &str) -> usize {
    let mut end = 0;
    while let Some(q) = Some(qualifier_len(&s[end..])).filter(|&q| q > 0) {
        end += q;
    }
    end
}

/// Length of a title qualifier such as （试行） or （2021-2025年） at the head of `s`.
fn qualifier_len(s: &str) -> usize {
    let Some(open) = s.chars().next().filter(|c| matches!(c, '（' | '(')) else { return 0 };
    let inner_from = open.len_utf8();
    let Some(close) = s[inner_from..].find(['）', ')']) else { return 0 };
    let inner = &s[inner_from..inner_from + close];
    if inner.chars().count() > MAX_TITLE_QUALIFIER_CHARS || inner.contains(['。', '，']) {
        return 0;
    }
    inner_from + close + s[inner_from + close..].chars().next().map_or(0, char::len_utf8)
}

/// Cuts a trailing page number, date and signature. Returns where the tail
/// begins (the end of the body).
fn tail_cuts(s: &str, body_from: usize, k: &Knowledge, cuts: &mut Vec<usize>) -> usize {
    let mut end = s.len();
    if let Some(m) = page_number_tail_re().find(&s[body_from..end]) {
        end = body_from + m.start();
        cuts.push(end);
    }
    // What a layout prints after the date: 抄送, （此件公开发布）.
    for after in ["抄送：", "抄送:", "（此件"] {
        if let Some(i) = s[body_from..end].rfind(after) {
            if date_tail_re().is_match(&s[body_from..body_from + i]) {
                end = body_from + i;
                cuts.push(end);
                break;
            }
        }
    }
    let body = &s[body_from..end];
    let Some(m) = date_tail_re().find(body) else { return end };
    let date_at = body_from + m.start();
    // The signature: organ names right before the date, back to the last
    // punctuation or digit.
    let sig_from = s[body_from..date_at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| text::is_cjk(*c) || matches!(c, '、' | ' ' | '（' | '）'))
        .last()
        .map(|(i, _)| body_from + i);
    let Some(mut sig_from) = sig_from else { return end };
    // Text glued before the organs (an attachment's title): the signature
    // begins where a name opens like an organ of its own.
    if let Some(i) = s[sig_from..date_at].char_indices().map(|(i, _)| i).find(|&i| {
        let run = &s[sig_from + i..date_at];
        k.opens_organ(run) && k.is_org_name(run.trim_end_matches(['（', '）', ' ']))
    }) {
        sig_from += i;
    }
    let signature = &s[sig_from..date_at];
    if signature.chars().count() > MAX_FLAT_SIGNATURE_CHARS || !signs_like_organs(signature, k) {
        return end;
    }
    cuts.push(sig_from);
    cuts.push(date_at);
    sig_from
}

/// A signature run: ends like an organ (…局, …综合司, …人民政府).
fn signs_like_organs(text: &str, k: &Knowledge) -> bool {
    let t = text.trim_end_matches(['（', '）', ' ']);
    let n = t.chars().count();
    n >= 2 && k.orgs.suffixes.iter().any(|s| t.ends_with(s.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(flat: &str) -> Vec<String> {
        let filler = "各地要加强组织领导，抓好工作落实，确保取得实效。".repeat(30);
        let text = flat.replace("{FILLER}", &filler);
        let out = reflow(text::lines(&text), &crate::knowledge::Knowledge::builtin());
        assert_eq!(out.iter().map(|l| l.text.as_str()).collect::<String>(), text::lines(&text).iter().map(|l| l.text.as_str()).collect::<String>());
        out.into_iter().map(|l| l.text).filter(|t| !t.contains("各地要加强")).collect()
    }

    #[test]
    fn a_addressee_the_body_runs_on_from_is_a_line_of_its_own() {
        let lines = |t: &str| reflow(text::lines(t), &crate::knowledge::Knowledge::builtin()).into_iter().map(|l| (l.no, l.text)).collect::<Vec<_>>();
        assert_eq!(
            lines("各省、自治区、直辖市医疗保障局:为贯彻落实有关要求，现就有关工作通知如下。"),
            [(1, "各省、自治区、直辖市医疗保障局：".to_string()), (1, "为贯彻落实有关要求，现就有关工作通知如下。".to_string())]
        );
        // A speech's address, a task's note and prose ending in a colon stay whole.
        for whole in [
            "各位代表，在肯定成绩的同时，我们也清醒地看到：经济结构还不够优",
            "（牵头单位：区发展改革局；责任单位：各街道）",
            "二、每年3月底前报送建设情况（责任单位：各区人民政府）。",
            "主要任务包括：为企业纾困解难。",
        ] {
            assert_eq!(lines(whole).len(), 1, "{whole}");
        }
    }

    #[test]
    fn department_notice() {
        let p = pieces("某省发展改革委办公厅关于开展示范创建工作的通知某发改办〔2019〕12号各市发展改革委，省电力公司：为推动创建工作，现将有关事项通知如下。一、总体要求{FILLER}二、工作安排{FILLER}联系人：张三，电话：010-12345678。某省发展改革委办公厅2019年3月8日");
        assert_eq!(p[0], "某省发展改革委办公厅关于开展示范创建工作的通知");
        assert_eq!(p[1], "某发改办〔2019〕12号");
        assert_eq!(p[2], "各市发展改革委，省电力公司：");
        assert!(p.contains(&"某省发展改革委办公厅".to_string()), "{p:?}");
        assert_eq!(p.last().unwrap(), "2019年3月8日");
    }

    #[test]
    fn rules_with_chapters() {
        let p = pieces("附件1示范区管理办法(试行)第一章总则第一条为规范管理，制定本办法。{FILLER}第二条本办法适用于示范区。{FILLER}第三条本办法自发布之日起施行。—6—");
        assert_eq!(&p[..3], ["附件1", "示范区管理办法（试行）", "第一章总则"]);
        assert_eq!(p.last().unwrap(), "—6—");
    }

    #[test]
    fn title_words_inside_guillemets_do_not_end_it() {
        let p = pieces("关于印发《示范工作办法》的通知为推动示范工作，现印发给你们。一、要求{FILLER}二、安排{FILLER}");
        assert_eq!(p[0], "关于印发《示范工作办法》的通知");
    }

    #[test]
    fn a_wide_text_without_outline_is_cut_after_its_title() {
        // A news item or short notice copied into one line: no 一、 after a
        // sentence end, but a title the body runs on from.
        let p = pieces("某部出台区域示范工作办法以及配套指导意见为推进示范工作，现将有关情况介绍如下。{FILLER}");
        assert_eq!(p, ["某部出台区域示范工作办法以及配套指导意见"]);
    }

    #[test]
    fn a_title_may_carry_two_qualifiers() {
        let p = pieces("示范市场信息披露办法（暂行）（征求意见稿）第一章总则第一条为规范信息披露，制定本办法。{FILLER}第二条本办法适用于示范市场。{FILLER}");
        assert_eq!(&p[..2], ["示范市场信息披露办法（暂行）（征求意见稿）", "第一章总则"]);
    }

    #[test]
    fn long_paragraphs_stay_whole() {
        let para = "各地要加强组织领导，抓好工作落实。".repeat(40);
        let out = reflow(text::lines(&para), &crate::knowledge::Knowledge::builtin());
        assert_eq!(out.len(), 1);
    }
}
