//! Page furniture: page numbers (`—3—`, `- 3 -`, `第3页`, `3/12`) and running
//! headers or footers (the same words at the same height on many pages) at the
//! top and bottom edge of each page. Only lines at an edge are candidates, so
//! a body line that happens to look like a page number stays.

use crate::TextLine;
use std::collections::HashMap;

/// How many lines at each edge of a page may be furniture.
pub const EDGE_LINES: usize = 2;

/// A line at an edge repeated (digits aside) at the same height on at least
/// this many pages …
pub const REPEAT_MIN_PAGES: usize = 3;
/// … and on at least this share of the pages is a running header or footer
/// (gazettes alternate two headers, odd and even pages).
pub const REPEAT_MIN_SHARE: f32 = 0.3;

/// How far (points) the same running header may move between pages.
const SAME_HEIGHT: f32 = 3.0;

/// Is this a page number as printed: `—3—`, `- 3 -`, `第3页`, `第3页 共12页`, `3/12`, `3`?
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).map(ascii_digit).collect();
    let dashes = |c: char| matches!(c, '—' | '–' | '-' | '－' | '一' | '~' | '～' | '·' | '•');
    let core = t.trim_matches(dashes);
    if core.is_empty() || core.chars().count() > 12 {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 5 && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits(a) && digits(b);
    }
    // 第3页, 第3页共12页
    let Some(rest) = core.strip_prefix('第') else { return false };
    let Some((n, rest)) = rest.split_once('页') else { return false };
    digits(n) && (rest.is_empty() || rest.strip_prefix('共').and_then(|r| r.strip_suffix('页')).is_some_and(digits))
}

fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        c => c,
    }
}

/// The key under which running headers repeat: no spaces, digits as `#`.
fn key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).map(|c| if ascii_digit(c).is_ascii_digit() { '#' } else { c }).collect()
}

/// Indices (into each page's lines, top first) of the lines at its edges.
fn edges(lines: &[TextLine]) -> Vec<usize> {
    let n = lines.len();
    let mut out: Vec<usize> = (0..n.min(EDGE_LINES)).collect();
    out.extend((n.saturating_sub(EDGE_LINES)..n).filter(|i| *i >= EDGE_LINES));
    out
}

/// Removes furniture from `pages` (each page's lines top first, in reading
/// order); returns how many lines were removed.
pub fn remove(pages: &mut [Vec<TextLine>]) -> usize {
    // Running headers: the same key at about the same height on many pages.
    let mut seen: HashMap<String, Vec<(usize, f32)>> = HashMap::new();
    for (p, lines) in pages.iter().enumerate() {
        for i in edges(lines) {
            seen.entry(key(&lines[i].text)).or_default().push((p, lines[i].y));
        }
    }
    let with_text = pages.iter().filter(|l| !l.is_empty()).count();
    let needed = REPEAT_MIN_PAGES.max((REPEAT_MIN_SHARE * with_text as f32).ceil() as usize);
    let repeated = |text: &str, y: f32| {
        seen.get(&key(text)).is_some_and(|at| {
            let mut pages: Vec<usize> = at.iter().filter(|(_, y2)| (y - y2).abs() <= SAME_HEIGHT).map(|(p, _)| *p).collect();
            pages.dedup();
            pages.len() >= needed
        })
    };
    let mut removed = 0;
    for lines in pages.iter_mut() {
        // From each edge inwards while lines are furniture; one page number a page.
        let mut drop = vec![false; lines.len()];
        let mut numbered = false;
        let n = lines.len();
        let top = 0..n.min(EDGE_LINES);
        let bottom = (n.saturating_sub(EDGE_LINES)..n).rev();
        for side in [top.collect::<Vec<_>>(), bottom.collect()] {
            for i in side {
                if drop[i] {
                    continue;
                }
                let l = &lines[i];
                if repeated(&l.text, l.y) {
                    drop[i] = true;
                } else if !numbered && is_page_number(&l.text) {
                    drop[i] = true;
                    numbered = true;
                } else {
                    break;
                }
            }
        }
        removed += drop.iter().filter(|d| **d).count();
        let mut d = drop.into_iter();
        lines.retain(|_| !d.next().unwrap_or(false));
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Column;

    fn line(text: &str, y: f32) -> TextLine {
        TextLine { page: 1, text: text.into(), x0: 80.0, x1: 300.0, y, size: 15.0, centred: false, color: None, bold: false, column: Column::Full }
    }

    #[test]
    fn page_numbers_as_printed() {
        for t in ["—3—", "— 12 —", "- 3 -", "－３－", "第3页", "第 3 页 共 12 页", "3/12", "7", "一 5 一"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2023年", "第3期", "一、总体要求", "3.", "（一）", "202405061234"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn running_headers_and_page_numbers_go_body_stays() {
        let mut pages: Vec<Vec<TextLine>> = (1..=4)
            .map(|n| {
                vec![
                    line("襄江市人民政府公报", 800.0),
                    line(&format!("正文{}的第一行", ["甲", "乙", "丙", "丁"][n - 1]), 740.0),
                    line("第二行", 700.0),
                    line(["一", "二", "三", "四"][n - 1], 400.0),
                    line(&format!("—{n}—"), 50.0),
                ]
            })
            .collect();
        let removed = remove(&mut pages);
        assert_eq!(removed, 8);
        assert_eq!(pages[2].iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["正文丙的第一行", "第二行", "三"]);
    }

    #[test]
    fn a_heading_at_the_top_of_two_pages_is_not_a_header() {
        let mut pages: Vec<Vec<TextLine>> = (1..=6).map(|n| vec![line(if n < 3 { "政策依据" } else { "其他" }, 800.0), line(&format!("正文{n}"), 700.0), line("尾", 600.0)]).collect();
        remove(&mut pages);
        assert_eq!(pages[0][0].text, "政策依据");
    }
}
