//! Cutting a gazette body into documents.
//!
//! A 公文 announces itself by its anatomy, never by its content: the layouts
//! of `data/layouts.toml` (版头 + 文号; title then `文号 date`; title then
//! `——date 在…会议上`; a republished title and its 题注; 人事任免; a bare 文号
//! line in a lone document), read over the line tags of `lex`. Section markers
//! and back matter are boundaries.

use crate::knowledge::knowledge;
use crate::layout::{Input, Start, Within};
use crate::lex::{Tag, Tags};
use crate::text::Line;
use crate::docnum;

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

/// Cuts the significant lines `sig` into documents: at every line the
/// layouts of `data/layouts.toml` are tried in order (see `layout`); section
/// markers and back matter end a document without starting one.
pub fn find(lines: &[Line], tags: &[Tags], sig: &[usize], lone_document: bool) -> Segments {
    let k = knowledge();
    let input = Input { lines, tags, sig };
    let mut starts: Vec<Start> = Vec::new();
    let mut boundaries = Vec::new();
    let mut p = 0;
    // No title of a new document is looked for above this line (inside a head).
    let mut floor_line = 0usize;
    'lines: while p < sig.len() {
        let i = sig[p];
        let t = tags[i];
        // Back matter ends the last document, not the reading: text
        // may follow it (another issue, or lines that must be reported).
        if t.has(Tag::BackMatter) {
            boundaries.push((i, Boundary::BackMatter));
            floor_line = i + 1;
            p += 1;
            continue;
        }
        // A republished text lives inside a document (not inside 人事任免).
        let inside_document = starts.last().is_some_and(|s| s.layout.holds_texts);
        for layout in &k.layouts {
            let allowed = match layout.within {
                Within::Anywhere => true,
                Within::Document => inside_document,
                Within::Lone => lone_document,
            };
            if !allowed {
                continue;
            }
            if let Some(s) = layout.match_at(&input, p, floor_line, k) {
                floor_line = s.head_end + 1;
                p = past(sig, p, s.head_end);
                starts.push(s);
                continue 'lines;
            }
        }
        if t.has(Tag::Section) {
            if let Some(sec) = k.section_marker(&lines[i].text) {
                boundaries.push((i, Boundary::Section(sec)));
                floor_line = i + 1;
            }
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

/// `（2019年9月13日武政规〔2019〕21号公布 … 根据…修改）` under a title.
pub fn is_history_note(text: &str) -> bool {
    text.starts_with('（')
        && text.contains("根据")
        && (text.contains("公布") || text.contains("施行") || text.contains("印发") || text.contains("发布"))
        && !docnum::find_all(text).is_empty()
}
