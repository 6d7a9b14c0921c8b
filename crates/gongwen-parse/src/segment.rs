//! Cutting a gazette body into documents.
//!
//! A 公文 announces itself by its anatomy, never by its content:
//! - a 版头 `<organ>文件` (or several organs, or the organ letter-spaced with
//!   `文`/`件` on lines of their own) followed by the 发文字号;
//! - the department layout: title lines, then `文号 date` on one line;
//! - a speech report: title, then `——YYYY年M月D日在…会议上`;
//! - a republished text inside a decision: title, then a 题注
//!   `（…〔YYYY〕N号公布…根据…修改）`;
//! - the 人事任免 section; and, for a lone document, a bare 文号 line.

use crate::knowledge::knowledge;
use crate::text::{ends_sentence, Line};
use crate::{date, docnum};
use gongwen_model::DocNumber;

#[derive(Debug, Clone)]
pub enum StartKind {
    /// 版头 with the organs it names.
    Header { issuers: Vec<String>, number: Option<DocNumber> },
    /// Title lines `title` then `文号 date` on line `number_line`.
    Department { number: DocNumber, number_line: usize, date: gongwen_model::Date },
    /// A report or speech: title then the `——date 在…会议上` line.
    Report { subtitle_line: usize },
    /// A republished text: title then the 题注 on `note_line`.
    Embedded { note_line: usize },
    /// The 人事任免 section.
    Personnel,
    /// Title (possibly before) and a bare 文号 line: a document without 版头.
    Bare { number: DocNumber, number_line: usize },
    /// A lone document with nothing to anchor on: the first lines are its title.
    Untitled,
}

#[derive(Debug, Clone)]
pub struct Start {
    /// Index of the first line of the document.
    pub at: usize,
    /// Index of the first title line, if the title precedes the anchor line.
    pub title_lines: Vec<usize>,
    pub kind: StartKind,
    /// Index of the last line of the document's head (header, 文号, anchor line).
    pub head_end: usize,
}

/// What ends a document without starting another.
#[derive(Debug, Clone)]
pub enum Boundary {
    Section(String),
    BackMatter,
}

pub struct Segments {
    pub starts: Vec<Start>,
    /// Section markers and back matter, by line index.
    pub boundaries: Vec<(usize, Boundary)>,
}

/// Indices of the lines that carry text, skipping noise, from `from` on.
pub fn significant(lines: &[Line], noise: &[bool], from: usize) -> Vec<usize> {
    significant_in(lines, noise, from..lines.len())
}

/// Indices of the lines that carry text within `range`, skipping noise.
pub fn significant_in(lines: &[Line], noise: &[bool], range: std::ops::Range<usize>) -> Vec<usize> {
    range.filter(|&i| !lines[i].is_blank() && !noise[i]).collect()
}

pub fn find(lines: &[Line], sig: &[usize], lone_document: bool) -> Segments {
    let k = knowledge();
    let mut starts: Vec<Start> = Vec::new();
    let mut boundaries = Vec::new();
    let mut p = 0;
    // Index into `sig` before which no new document may begin (inside a head).
    let mut floor_line = 0usize;
    while p < sig.len() {
        let i = sig[p];
        let text = lines[i].text.as_str();
        // Back matter ends the last document, not the reading: text
        // may follow it (another issue, or lines that must be reported).
        if crate::noise::is_back_matter(text) {
            boundaries.push((i, Boundary::BackMatter));
            floor_line = i + 1;
            p += 1;
            continue;
        }
        if let Some(s) = header_at(lines, sig, p) {
            p = past(sig, p, s.head_end);
            floor_line = s.head_end + 1;
            starts.push(s);
            continue;
        }
        if k.sections.personnel.iter().any(|m| *m == text) {
            starts.push(Start { at: i, title_lines: vec![i], kind: StartKind::Personnel, head_end: i });
            floor_line = i + 1;
            p += 1;
            continue;
        }
        if let Some(sec) = k.section_marker(text) {
            boundaries.push((i, Boundary::Section(sec)));
            floor_line = i + 1;
            p += 1;
            continue;
        }
        let inside_top_level = starts.last().is_some_and(|s| !matches!(s.kind, StartKind::Personnel));
        let found = department_at(lines, sig, p, floor_line)
            .or_else(|| report_at(lines, sig, p, floor_line))
            .or_else(|| if inside_top_level { embedded_at(lines, sig, p, floor_line) } else { None })
            .or_else(|| if lone_document { bare_at(lines, sig, p, floor_line) } else { None });
        if let Some(s) = found {
            floor_line = s.head_end + 1;
            p = past(sig, p, s.head_end);
            starts.push(s);
            continue;
        }
        p += 1;
    }
    Segments { starts, boundaries }
}

/// The first index after `p` whose line lies beyond `line`. Searching from `p`
/// (not from the start of `sig`) keeps segmentation linear in the file.
fn past(sig: &[usize], p: usize, line: usize) -> usize {
    p + sig[p..].partition_point(|&j| j <= line)
}

/// `<organ>文件`, joint organs, letter-spaced organs with `文`/`件` alone, then 文号.
fn header_at(lines: &[Line], sig: &[usize], p: usize) -> Option<Start> {
    let k = knowledge();
    let mut issuers = Vec::new();
    let mut q = p;
    let mut closed = false;
    while q < sig.len() && q < p + 6 {
        let t = lines[sig[q]].text.as_str();
        if let Some(org) = t.strip_suffix("文件").filter(|o| k.is_org_name(o)) {
            issuers.push(org.to_string());
            closed = true;
            q += 1;
            break;
        }
        if (t == "文件" || t == "文") && !issuers.is_empty() {
            q += 1;
            if t == "文" && q < sig.len() && lines[sig[q]].text == "件" {
                q += 1;
            }
            closed = true;
            break;
        }
        if k.is_org_name(t) {
            issuers.extend(split_organs(&lines[sig[q]].spaced));
            q += 1;
            continue;
        }
        break;
    }
    // Some extractions print the 版头's `文件` under the 文号.
    if !closed && !issuers.is_empty() && q + 1 < sig.len() && lines[sig[q + 1]].text == "文件" && docnum::parse_leading(&lines[sig[q]].text).is_some() {
        closed = true;
    }
    if !closed {
        return None;
    }
    // Co-issuers printed under the first header line (武汉市人民政府文件 / 武汉海关).
    while q < sig.len() && issuers.len() < 6 && k.is_org_name(&lines[sig[q]].text) {
        issuers.extend(split_organs(&lines[sig[q]].spaced));
        q += 1;
    }
    let mut head_end = sig[q - 1];
    let mut number = None;
    if let Some(&j) = sig.get(q) {
        if let Some((n, rest)) = docnum::parse_leading(&lines[j].text) {
            // 上行文 print 签发人 beside the 文号; anything else means this was not a 文号 line.
            if rest.is_empty() || rest.starts_with("签发人") {
                number = Some(n);
                head_end = j;
            }
        }
    }
    if number.is_none() {
        // A 版头 with no 文号 (纪要, some 函) still counts if a title and 主送 follow.
        let looks_like_doc = sig.iter().skip(q).take(5).any(|&j| is_addressee(&lines[j].text));
        if !looks_like_doc {
            return None;
        }
    }
    Some(Start {
        at: sig[p],
        title_lines: vec![],
        kind: StartKind::Header { issuers, number },
        head_end,
    })
}

/// `武汉市人民政府 武汉海关` / `武 汉 市 人 民 政 府` → organ names.
pub fn split_organs(spaced: &str) -> Vec<String> {
    let k = knowledge();
    let spaced = k.without_seal_note(spaced);
    let parts: Vec<&str> = spaced.split([' ', '、', '\t']).filter(|s| !s.is_empty()).collect();
    if parts.len() > 1 && parts.iter().all(|p| k.is_org_name(p)) {
        parts.into_iter().flat_map(|p| k.split_glued_organs(p)).collect()
    } else {
        let whole = crate::text::compact(spaced);
        if k.is_org_name(&whole) { k.split_glued_organs(&whole) } else { vec![whole] }
    }
}

/// 主送机关 line: `各区人民政府，市人民政府各部门：`.
pub fn is_addressee(text: &str) -> bool {
    let n = text.chars().count();
    text.ends_with('：')
        && (3..=80).contains(&n)
        && !text.contains('。')
        && (text.starts_with('各')
            || text.contains("人民政府")
            || text.contains('局')
            || text.contains("委员会")
            || text.contains("单位")
            || text.contains("部门")
            || text.contains('、'))
}

/// Does the collected title (in order) look complete: ends with a 文种?
fn ends_like_title(title: &str) -> bool {
    knowledge().doc_type_of(title).is_some()
}

/// Walks back from `anchor` over title lines (non-sentence, short) no further
/// than `floor_line`, stopping when the title has its issuer/关于 opening.
fn title_before(lines: &[Line], sig: &[usize], anchor: usize, floor_line: usize, max: usize) -> Vec<usize> {
    let k = knowledge();
    let mut picked: Vec<usize> = Vec::new();
    let mut q = anchor;
    while q > 0 && picked.len() < max {
        q -= 1;
        let j = sig[q];
        if j < floor_line {
            break;
        }
        let t = lines[j].text.as_str();
        if ends_sentence(t) || t.ends_with('，') || t.chars().count() > 60 || k.section_marker(t).is_some() {
            break;
        }
        picked.insert(0, j);
        let title: String = picked.iter().map(|&j| lines[j].text.as_str()).collect();
        if opens_title(&title) {
            break;
        }
    }
    picked
}

/// A title opens with its issuer and `关于`, or a carrier verb, or is a bare
/// `关于…` phrase.
fn opens_title(title: &str) -> bool {
    let k = knowledge();
    let verbs = std::iter::once("关于").chain(k.doc_types.carrier_verbs.iter().map(String::as_str));
    verbs.into_iter().any(|v| title.find(v).is_some_and(|i| i == 0 || i >= 3))
}

fn department_at(lines: &[Line], sig: &[usize], p: usize, floor_line: usize) -> Option<Start> {
    let i = sig[p];
    let (number, rest) = docnum::parse_leading(&lines[i].text)?;
    let date = date::parse_exact(rest)?;
    let title_lines = title_before(lines, sig, p, floor_line, 4);
    let title: String = title_lines.iter().map(|&j| lines[j].text.as_str()).collect();
    if title_lines.is_empty() || !ends_like_title(&title) {
        return None;
    }
    Some(Start {
        at: title_lines[0],
        title_lines,
        kind: StartKind::Department { number, number_line: i, date },
        head_end: i,
    })
}

fn report_at(lines: &[Line], sig: &[usize], p: usize, floor_line: usize) -> Option<Start> {
    let i = sig[p];
    let t = lines[i].text.as_str();
    if !(t.starts_with('—') || t.starts_with("--")) || date::find_all(t).is_empty() {
        return None;
    }
    let title_lines = title_before(lines, sig, p, floor_line, 2);
    let &first = title_lines.first()?;
    // The subtitle wraps (——2024年1月18日在…第十五届 / 人民代表大会第三次会议上).
    let mut head_end = i;
    for &j in sig.iter().skip(p).take(3) {
        head_end = j;
        if lines[j].text.ends_with('上') || ends_sentence(&lines[j].text) {
            break;
        }
    }
    Some(Start { at: first, title_lines, kind: StartKind::Report { subtitle_line: i }, head_end })
}

/// `（2019年9月13日武政规〔2019〕21号公布 … 根据…修改）` under a title.
pub fn is_history_note(text: &str) -> bool {
    text.starts_with('（')
        && text.contains("根据")
        && (text.contains("公布") || text.contains("施行") || text.contains("印发") || text.contains("发布"))
        && !docnum::find_all(text).is_empty()
}

fn embedded_at(lines: &[Line], sig: &[usize], p: usize, floor_line: usize) -> Option<Start> {
    let i = sig[p];
    if !is_history_note(&lines[i].text) {
        return None;
    }
    let title_lines = title_before(lines, sig, p, floor_line, 3);
    let &first = title_lines.first()?;
    Some(Start { at: first, title_lines, kind: StartKind::Embedded { note_line: i }, head_end: i })
}

fn bare_at(lines: &[Line], sig: &[usize], p: usize, floor_line: usize) -> Option<Start> {
    let i = sig[p];
    let number = docnum::parse_exact(&lines[i].text)?;
    let before = title_before(lines, sig, p, floor_line, 4);
    let title: String = before.iter().map(|&j| lines[j].text.as_str()).collect();
    let title_lines = if !before.is_empty() && ends_like_title(&title) { before } else { vec![] };
    Some(Start {
        at: title_lines.first().copied().unwrap_or(i),
        title_lines,
        kind: StartKind::Bare { number, number_line: i },
        head_end: i,
    })
}
