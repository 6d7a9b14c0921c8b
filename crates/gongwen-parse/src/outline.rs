//! Paragraph reconstruction and the outline of a document body.
//!
//! Extraction breaks paragraphs at a fixed width and at page breaks, with or
//! without blank lines between the pieces. A line continues the previous one
//! when the previous one reached the wrap width (or is a long paragraph) and
//! did not end a sentence, unless the new line opens an outline item.

use crate::text::{ends_sentence, Line};
use gongwen_model::{NodeKind, OutlineNode};
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone)]
pub struct Para {
    pub text: String,
    /// Original line numbers (1-based) of the first and last line.
    pub first: usize,
    pub last: usize,
    /// Where each later source line begins: (byte offset in `text`, line).
    pub wraps: Vec<(usize, usize)>,
}

/// Display width in columns: CJK and full-width forms take two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The fixed width the extractor wrapped lines at, if it did: the most common
/// display width, when a large share of the long lines sit at it.
pub fn wrap_width(lines: &[Line], sig: &[usize]) -> Option<usize> {
    let widths: Vec<usize> = sig
        .iter()
        .map(|&i| display_width(&lines[i].spaced))
        .filter(|&w| w >= 30)
        .collect();
    if widths.len() < 10 {
        return None;
    }
    let mut hist = std::collections::HashMap::<usize, usize>::new();
    for &w in &widths {
        *hist.entry(w).or_default() += 1;
    }
    let (&mode, _) = hist.iter().max_by_key(|(w, n)| (**n, **w))?;
    let near = widths.iter().filter(|&&w| w + 6 >= mode && w <= mode + 4).count();
    (near >= WRAP_MIN_LINES && near * 10 >= widths.len() * 3).then_some(mode)
}

/// A wrap width is a habit of the extractor: at least this many lines sit at
/// it. (Two lines of a short page that happen to be as wide are no width a
/// title then seems to run on from.)
const WRAP_MIN_LINES: usize = 8;

/// Without a wrap width, a line this wide that does not end a sentence was cut
/// by a page break.
const UNWRAPPED_LONG: usize = 80;

fn is_continuation(prev: &Line, next: &Line, wrap: Option<usize>) -> bool {
    if prev.text.contains('\t') || next.text.contains('\t') {
        return false;
    }
    // A line that closes a bracket it never opened goes on from the line above.
    if closes_unopened(&next.text) && !ends_paragraph_plainly(&prev.text) {
        return true;
    }
    if ends_sentence(&prev.text) {
        return false;
    }
    if marker(&next.text).is_some() {
        return false;
    }
    // A list item ending in its citation — （六）…的意见（武政规〔2020〕19号） — followed
    // by the document's own closing clause (本决定自…施行).
    if prev.text.trim_end().ends_with("号）") && next.text.starts_with('本') {
        return false;
    }
    let w = display_width(&prev.spaced);
    match wrap {
        Some(wrap) => w + 8 >= wrap,
        None => w >= UNWRAPPED_LONG,
    }
}

/// The first bracket of `text` closes (`局、市公安局）`).
fn closes_unopened(text: &str) -> bool {
    text.find(['）', '（']).is_some_and(|i| text[i..].starts_with('）'))
}

/// A line ending with a full stop (not with a closing note, which a wrapped
/// note may seem to end with).
fn ends_paragraph_plainly(text: &str) -> bool {
    text.ends_with(['。', '！', '？', '；', '：'])
}

/// Joins the given lines (indices into `lines`, in order) into paragraphs.
pub fn paragraphs(lines: &[Line], idxs: &[usize], wrap: Option<usize>) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut prev: Option<usize> = None;
    for &i in idxs {
        let l = &lines[i];
        match (prev, out.last_mut()) {
            (Some(p), Some(para)) if is_continuation(&lines[p], l, wrap) => {
                if l.no != para.last {
                    para.wraps.push((para.text.len(), l.no));
                }
                para.text.push_str(&l.text);
                para.last = l.no;
            }
            _ => out.push(Para { text: l.text.clone(), first: l.no, last: l.no, wraps: Vec::new() }),
        }
        prev = Some(i);
    }
    out
}

pub struct Marker {
    pub kind: NodeKind,
    pub label: String,
    /// Byte offset where the text after the marker begins.
    pub rest: usize,
}

const CN_NUM: &str = "一二三四五六七八九十百千零〇两";

fn re_set() -> &'static [(NodeKind, Regex)] {
    static RES: OnceLock<Vec<(NodeKind, Regex)>> = OnceLock::new();
    RES.get_or_init(|| {
        let n = format!("[{CN_NUM}]");
        vec![
            (NodeKind::Attachment, Regex::new(r"^附件\s*(\d{1,2})?[：:]?$").unwrap()),
            (NodeKind::Part, Regex::new(&format!(r"^第{n}+编")).unwrap()),
            (NodeKind::Chapter, Regex::new(&format!(r"^第(?:{n}+|\d+)章")).unwrap()),
            (NodeKind::Section, Regex::new(&format!(r"^第(?:{n}+|\d+)节")).unwrap()),
            (NodeKind::Article, Regex::new(&format!(r"^第(?:{n}+|\d+)条")).unwrap()),
            (NodeKind::Item, Regex::new(&format!(r"^{n}+、")).unwrap()),
            (NodeKind::SubItem, Regex::new(&format!(r"^（{n}+）")).unwrap()),
            (NodeKind::Point, Regex::new(r"^\d{1,2}[\.．、]").unwrap()),
            (NodeKind::SubPoint, Regex::new(r"^（\d{1,2}）").unwrap()),
            (NodeKind::Sidebar, Regex::new(r"^专栏\s*\d{1,2}").unwrap()),
        ]
    })
}

/// Characters that, right after `第X条`, show a reference in running text
/// (第八条中的…, 第二十条规定…) rather than an article heading.
pub(crate) const ARTICLE_REFERENCE_NEXT: &[char] = &['的', '中', '规', '所', '之', '第', '、', '，', '和', '至', '及', '或', '修', '删', '增', '款', '项'];

/// The outline marker a paragraph opens with, if any.
pub fn marker(text: &str) -> Option<Marker> {
    marker_with(text, false)
}

/// With `strict_articles`, `第X条` counts only when followed by a space, as in
/// texts that keep the spacing of the official layout (the laws corpus).
pub fn marker_with(text: &str, strict_articles: bool) -> Option<Marker> {
    for (kind, re) in re_set() {
        let Some(m) = re.find(text) else { continue };
        let rest = &text[m.end()..];
        match kind {
            NodeKind::Article => {
                let spaced = rest.starts_with([' ', '\u{3000}']);
                if !spaced && (strict_articles || rest.starts_with(ARTICLE_REFERENCE_NEXT)) {
                    continue;
                }
            }
            // 1.5万元 is a number, not item 1.
            NodeKind::Point if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) => continue,
            _ => {}
        }
        let raw = &text[..m.end()];
        let label = match kind {
            NodeKind::Item => raw.trim_end_matches('、').to_string(),
            NodeKind::Point => raw.trim_end_matches(['.', '．', '、']).to_string(),
            NodeKind::Attachment => raw.trim_end_matches(['：', ':']).replace(' ', ""),
            _ => raw.replace(' ', ""),
        };
        return Some(Marker { kind: *kind, label, rest: m.end() });
    }
    None
}

pub(crate) fn rank(kind: NodeKind) -> u8 {
    match kind {
        NodeKind::Attachment => 0,
        NodeKind::Part => 1,
        NodeKind::Chapter => 2,
        NodeKind::Section => 3,
        NodeKind::Article => 4,
        NodeKind::Item => 5,
        NodeKind::SubItem => 6,
        NodeKind::Point => 7,
        NodeKind::SubPoint => 8,
        // A sidebar holds a box of text; any marker after it closes it.
        NodeKind::Sidebar => 9,
    }
}

fn heading_of(kind: NodeKind, rest: &str) -> Option<String> {
    let rest = rest.trim();
    match kind {
        NodeKind::Article => None,
        NodeKind::Part | NodeKind::Chapter | NodeKind::Section | NodeKind::Sidebar => {
            (!rest.is_empty()).then(|| rest.to_string())
        }
        _ => {
            // `（一）指导思想。坚持…`: the words before the first full stop head
            // the item, but only when more text follows them; a bare heading
            // line has no full stop at all; a one-sentence item has no heading.
            let (h, has_heading) = match rest.find(['。', '；']) {
                Some(i) => (&rest[..i], !rest[i..].trim_start_matches(['。', '；']).trim().is_empty()),
                None => (rest, !ends_sentence(rest)),
            };
            (has_heading && !h.is_empty() && h.chars().count() <= 60).then(|| h.trim_end_matches(['：', '，']).to_string())
        }
    }
}

/// Builds the outline tree from paragraphs.
pub fn build(paras: &[Para], strict_articles: bool) -> Vec<OutlineNode> {
    let mut roots: Vec<OutlineNode> = Vec::new();
    let mut stack: Vec<OutlineNode> = Vec::new();
    let mut iter = paras.iter().peekable();
    while let Some(p) = iter.next() {
        let Some(m) = marker_with(&p.text, strict_articles) else {
            if let Some(top) = stack.last_mut() {
                if !top.text.is_empty() {
                    top.text.push('\n');
                }
                top.text.push_str(&p.text);
                top.line_end = p.last;
            }
            continue;
        };
        let mut heading = heading_of(m.kind, &p.text[m.rest..]);
        let label = m.label;
        let mut line_end = p.last;
        let mut text = p.text.clone();
        if m.kind == NodeKind::Attachment {
            // `附件1` stands alone; the attachment's title is the next short paragraph.
            if let Some(next) = iter.peek().filter(|n| marker_with(&n.text, strict_articles).is_none() && n.text.chars().count() <= 60 && !ends_sentence(&n.text)) {
                heading = Some(next.text.clone());
                text.push('\n');
                text.push_str(&next.text);
                line_end = next.last;
                iter.next();
            }
        }
        let node = OutlineNode { kind: m.kind, label, heading, text, line_start: p.first, line_end, children: vec![] };
        while stack.last().is_some_and(|t| rank(t.kind) >= rank(node.kind)) {
            close(&mut stack, &mut roots);
        }
        stack.push(node);
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

fn close(stack: &mut Vec<OutlineNode>, roots: &mut Vec<OutlineNode>) {
    let node = stack.pop().expect("close on empty stack");
    match stack.last_mut() {
        Some(parent) => {
            parent.line_end = parent.line_end.max(node.line_end);
            parent.children.push(node);
        }
        None => roots.push(node),
    }
}

/// Every node, depth first, with its address path (`三/（四）`).
pub fn walk<'a>(nodes: &'a [OutlineNode], prefix: &str, out: &mut Vec<(String, &'a OutlineNode)>) {
    for n in nodes {
        let path = if prefix.is_empty() { n.label.clone() } else { format!("{prefix}/{}", n.label) };
        out.push((path.clone(), n));
        walk(&n.children, &path, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    #[test]
    fn markers() {
        let l = |s: &str| marker(s).map(|m| (m.kind, m.label));
        assert_eq!(l("一、总体要求"), Some((NodeKind::Item, "一".into())));
        assert_eq!(l("（十二）加强"), Some((NodeKind::SubItem, "（十二）".into())));
        assert_eq!(l("第十三条 本办法"), Some((NodeKind::Article, "第十三条".into())));
        assert_eq!(l("第八条中的“长期执行”"), None);
        assert_eq!(l("1.5万元"), None);
        assert_eq!(l("3.加快"), Some((NodeKind::Point, "3".into())));
        assert_eq!(l("附件1"), Some((NodeKind::Attachment, "附件1".into())));
        assert_eq!(l("第一章总则"), Some((NodeKind::Chapter, "第一章".into())));
    }

    #[test]
    fn joins_wrapped_lines_and_nests() {
        let src = "一、总体要求\n\n（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导全面贯彻党的\n\n二十大精神。\n（二）主要目标\n二、重点任务\n";
        let ls = lines(src);
        let idx: Vec<usize> = (0..ls.len()).filter(|&i| !ls[i].is_blank()).collect();
        let paras = paragraphs(&ls, &idx, Some(display_width(&ls[2].spaced)));
        assert_eq!(paras.len(), 4);
        assert_eq!(paras[1].first, 3);
        assert_eq!(paras[1].last, 5);
        let tree = build(&paras, false);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children.len(), 2);
        assert_eq!(tree[0].children[0].heading.as_deref(), Some("指导思想"));
        assert_eq!(tree[0].line_end, 6);
    }
}
