//! The table of contents (目录) of a gazette issue: entries with leaders
//! (`.....`, `……`, a tab) and page numbers, wrapped over lines, interleaved
//! with masthead noise, grouped under section markers.

use crate::knowledge::Knowledge;
use crate::text::Line;
use gongwen_model::TocEntry;
use regex::Regex;
use std::sync::OnceLock;

pub struct Toc {
    pub entries: Vec<TocEntry>,
    /// Index (into the line vector) of the 目录 heading.
    pub start: usize,
    /// Index of the last line that belongs to the TOC.
    pub end: usize,
}

/// A TOC heading must appear early: a 目录 inside a document is a list heading.
const TOC_SEARCH_LINES: usize = 400;
/// A title without page number may wrap over this many lines at most.
const MAX_WRAP_LINES: usize = 3;

fn page_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Leaders: dots, ellipses, middle dots, or a tab; then the page, bare or in brackets.
    RE.get_or_init(|| {
        Regex::new(r"^(?P<title>.*?)(?:[\.．。·…⋯]{2,}\s*|\t\s*|…+\s*)(?:[\.．。·…⋯\s]*)[（(]?\s*(?P<page>\d{1,4})\s*[）)]?$|^(?P<title2>.*?[^\d\s])\s*[（(]\s*(?P<page2>\d{1,4})\s*[）)]$")
            .unwrap()
    })
}

/// Splits `title……(12)` / `title\t12` into the title and page.
pub fn split_page(k: &Knowledge, text: &str) -> Option<(String, u32)> {
    let c = page_re().captures(text)?;
    let (title, page) = match (c.name("title"), c.name("page")) {
        (Some(t), Some(p)) => (t.as_str(), p.as_str()),
        _ => (c.name("title2")?.as_str(), c.name("page2")?.as_str()),
    };
    Some((clean_title(k, title), page.parse().ok()?))
}

fn clean_title(k: &Knowledge, t: &str) -> String {
    let t = t.trim_end_matches(['.', '．', '。', '·', '…', '⋯', ' ', '\t']);
    let t = crate::text::compact(t).replace('\t', "");
    // `…的通知（襄南府〔2024〕12号）`, `…办法（省政府令第301号）`: the entry
    // names the document's number after its title.
    match t.strip_suffix(['）', ')']).and_then(|s| s.rfind(['（', '(']).map(|i| (i, &s[i..]))) {
        Some((i, inner)) if is_number_note(k, &inner[inner.chars().next().map_or(0, char::len_utf8)..]) => t[..i].to_string(),
        _ => t,
    }
}

/// `襄南府〔2024〕12号`, `省政府令第301号`: a document's number (a 文号, or
/// an issuer's 令 and the number line under it, `docnum::order_line`).
fn is_number_note(k: &Knowledge, s: &str) -> bool {
    crate::docnum::parse_exact(k, s).is_some() || s.split_once('令').is_some_and(|(issuer, n)| !issuer.is_empty() && crate::docnum::order_line(n).is_some())
}

fn is_doc_header(k: &Knowledge, text: &str) -> bool {
    text.strip_suffix("文件").is_some_and(|org| k.is_org_name(org))
}

pub fn parse(k: &Knowledge, lines: &[Line]) -> Option<Toc> {
    let start = lines.iter().take(TOC_SEARCH_LINES).position(|l| l.text == "目录")?;
    // An issue's TOC comes before any text: a 目录 after a sentence is the
    // contents of a document (a 指南 enclosed in a notice).
    if lines[..start].iter().any(|l| crate::text::ends_sentence(&l.text)) {
        return None;
    }
    let mut entries = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut section: Option<String> = None;
    let mut end = start;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let text = line.text.trim_end_matches('\t');
        if text.is_empty() || crate::noise::is_front_noise(k, text) {
            continue;
        }
        let ornamented = text.starts_with(|c| k.sections.ornaments.contains(c));
        if is_doc_header(k, text) || ornamented {
            break;
        }
        if let Some((title_part, page)) = split_page(k, text) {
            let first = pending.first().copied().unwrap_or(i);
            let mut title: String = pending.iter().map(|&j| clean_title(k, &lines[j].text)).collect();
            title.push_str(&title_part);
            pending.clear();
            if title.is_empty() {
                continue;
            }
            // A section name can itself carry a page (人事任免 …… (128)): it is
            // an entry of its own, and it opens its section.
            if let Some(sec) = k.section_marker(&title) {
                section = Some(sec);
            }
            entries.push(TocEntry {
                title,
                page: Some(page),
                section: section.clone(),
                line_start: lines[first].no,
                line_end: line.no,
            });
            end = i;
        } else if let Some(sec) = k.section_marker(text).filter(|_| pending.is_empty()) {
            section = Some(sec);
            end = i;
        } else {
            pending.push(i);
            let width: usize = pending.iter().map(|&j| lines[j].width()).sum();
            if pending.len() > MAX_WRAP_LINES || width > 150 {
                break;
            }
        }
    }
    (!entries.is_empty()).then_some(Toc { entries, start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_forms() {
        assert_eq!(split_page(&crate::knowledge::Knowledge::builtin(), "政府工作报告.....\t(3)"), Some(("政府工作报告".into(), 3)));
        assert_eq!(split_page(&crate::knowledge::Knowledge::builtin(), "人事任免…… (128)"), Some(("人事任免".into(), 128)));
        assert_eq!(split_page(&crate::knowledge::Knowledge::builtin(), "区人民政府印发关于落实的通知\t1"), Some(("区人民政府印发关于落实的通知".into(), 1)));
        assert_eq!(split_page(&crate::knowledge::Knowledge::builtin(), "的通知（122）"), Some(("的通知".into(), 122)));
        assert_eq!(split_page(&crate::knowledge::Knowledge::builtin(), "市十五届人大三次会议1号议案"), None);
        assert_eq!(split_page(&crate::knowledge::Knowledge::builtin(), "2024年第5、6期"), None);
        assert_eq!(split_page(&crate::knowledge::Knowledge::builtin(), "襄南省农村供水管理办法（省政府令第301号）……（3）"), Some(("襄南省农村供水管理办法".into(), 3)));
        assert_eq!(split_page(&crate::knowledge::Knowledge::builtin(), "关于印发若干措施的通知（襄南府〔2024〕12号）……（8）"), Some(("关于印发若干措施的通知".into(), 8)));
        assert_eq!(split_page(&crate::knowledge::Knowledge::builtin(), "关于开展“十四五”规划（2021—2025年）评估的通知……（9）"), Some(("关于开展“十四五”规划（2021—2025年）评估的通知".into(), 9)));
    }
}
