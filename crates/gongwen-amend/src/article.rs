//! A version's text as a list of articles (条), each a list of paragraphs:
//! what amendments address and what 新旧对照 compares.

use gongwen_model::work::chinese_number;
use gongwen_model::{Document, NodeKind, OutlineNode};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An article's number: 第十三条 is (13, 0), 第一百三十三条之一 is (133, 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ArticleNo {
    pub n: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sub: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl ArticleNo {
    pub fn new(n: u32) -> Self {
        ArticleNo { n, sub: 0 }
    }

    /// `第十三条`, `第一百三十三条之一`, `13` → the number; else `None`.
    pub fn parse(label: &str) -> Option<ArticleNo> {
        let label = label.trim();
        let body = label.strip_prefix('第').unwrap_or(label);
        let (main, sub) = match body.split_once('条') {
            Some((m, rest)) => (m, rest.strip_prefix('之')),
            None => (body, None),
        };
        let n = number(main)?;
        let sub = match sub {
            Some(s) => number(s.trim())?,
            None => 0,
        };
        Some(ArticleNo { n, sub })
    }

    /// The address segment: `art_13`, `art_133_1`.
    pub fn anchor(self) -> String {
        if self.sub == 0 {
            format!("art_{}", self.n)
        } else {
            format!("art_{}_{}", self.n, self.sub)
        }
    }
}

/// Digits or Chinese numerals, nothing else.
fn number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || "零〇一二两三四五六七八九十百千万".contains(c)) {
        return None;
    }
    chinese_number(s).filter(|&n| n > 0)
}

impl fmt::Display for ArticleNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}条", chinese(self.n))?;
        if self.sub > 0 {
            write!(f, "之{}", chinese(self.sub))?;
        }
        Ok(())
    }
}

/// 13 → 十三, 105 → 一百零五, 1260 → 一千二百六十.
pub fn chinese(n: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = ["千", "百", "十", ""];
    let mut out = String::new();
    let mut zero = false;
    let first = digits.iter().position(|&d| d > 0).unwrap_or(3);
    for (i, &d) in digits.iter().enumerate().skip(first) {
        if d == 0 {
            zero = true;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // 十三, not 一十三, when 十 leads.
        if !(d == 1 && i == 2 && out.is_empty()) {
            out.push(D[d as usize]);
        }
        out.push_str(units[i]);
    }
    out
}

/// One article: its number and its paragraphs (the first without the `第X条` marker).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub no: ArticleNo,
    pub paragraphs: Vec<String>,
}

impl Article {
    /// The article's text, paragraphs joined by line breaks.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n")
    }

    /// The range of paragraph indexes of 款 `k` (1-based): a paragraph that
    /// is not an item (（一）, 1.) starts a 款, and the items after it belong to it.
    pub fn clause_range(&self, k: u32) -> Option<std::ops::Range<usize>> {
        let starts: Vec<usize> = (0..self.paragraphs.len()).filter(|&i| i == 0 || !is_item(&self.paragraphs[i])).collect();
        let at = usize::try_from(k).ok()?.checked_sub(1)?;
        let start = *starts.get(at)?;
        let end = starts.get(at + 1).copied().unwrap_or(self.paragraphs.len());
        Some(start..end)
    }

    /// The paragraph of 项 `x` within `range`.
    pub fn item_index(&self, range: std::ops::Range<usize>, x: u32) -> Option<usize> {
        range.filter(|&i| is_item(&self.paragraphs[i])).nth(usize::try_from(x).ok()?.checked_sub(1)?)
    }
}

/// `（一）…`, `1.…`: an item of a 款.
pub fn is_item(p: &str) -> bool {
    let p = p.trim_start();
    if let Some(rest) = p.strip_prefix('（').or_else(|| p.strip_prefix('(')) {
        let inner: String = rest.chars().take_while(|c| *c != '）' && *c != ')').collect();
        return !inner.is_empty() && inner.chars().count() <= 4 && number(&inner).is_some();
    }
    let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
    !digits.is_empty() && p[digits.len()..].starts_with(['.', '．', '、'])
}

/// The articles of a document, in order, from its outline: an article node
/// with its children's text; `第X条之一` paragraphs (which the outline keeps
/// inside the article before them) are articles of their own.
pub fn articles(doc: &Document) -> Vec<Article> {
    let mut out = Vec::new();
    fn walk(nodes: &[OutlineNode], out: &mut Vec<Article>) {
        for n in nodes {
            if n.kind == NodeKind::Article {
                out.extend(node_articles(n));
            } else {
                walk(&n.children, out);
            }
        }
    }
    walk(&doc.outline, &mut out);
    out
}

/// The article (or articles, with `第X条之一`) of one article node.
pub fn node_articles(n: &OutlineNode) -> Vec<Article> {
    fn collect(n: &OutlineNode, lines: &mut Vec<String>) {
        lines.extend(n.text.split('\n').map(|l| l.trim().to_string()).filter(|l| !l.is_empty()));
        for c in &n.children {
            collect(c, lines);
        }
    }
    let mut lines = Vec::new();
    collect(n, &mut lines);
    let mut out = Vec::new();
    split_articles(&n.label, &lines, &mut out);
    out
}

/// The lines of one article node, cut where a `第X条之Y` line begins.
fn split_articles(label: &str, lines: &[String], out: &mut Vec<Article>) {
    let Some(no) = ArticleNo::parse(label) else { return };
    let mut current = Article { no, paragraphs: Vec::new() };
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            current.paragraphs.push(strip_marker(line, label));
            continue;
        }
        if let Some((sub_label, rest)) = sub_article(line) {
            if let Some(sub) = ArticleNo::parse(&sub_label) {
                out.push(std::mem::replace(&mut current, Article { no: sub, paragraphs: vec![rest] }));
                continue;
            }
        }
        current.paragraphs.push(line.clone());
    }
    out.push(current);
}

fn strip_marker(line: &str, label: &str) -> String {
    line.strip_prefix(label).map(|r| r.trim_start_matches([' ', '\u{3000}']).to_string()).unwrap_or_else(|| line.to_string())
}

/// `第一百三十三条之一 在道路上…` → (`第一百三十三条之一`, `在道路上…`).
fn sub_article(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('第')?;
    let i = rest.find('条')?;
    let after = rest[i + '条'.len_utf8()..].strip_prefix('之')?;
    let end = after.find([' ', '\u{3000}'])?;
    let label = format!("第{}条之{}", &rest[..i], &after[..end]);
    ArticleNo::parse(&label)?;
    Some((label, after[end..].trim_start_matches([' ', '\u{3000}']).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(ArticleNo::parse("第十三条"), Some(ArticleNo::new(13)));
        assert_eq!(ArticleNo::parse("第一百三十三条之一"), Some(ArticleNo { n: 133, sub: 1 }));
        assert_eq!(ArticleNo::parse("第条"), None);
        assert_eq!(ArticleNo::parse("第甲条"), None);
        for n in [1, 10, 13, 20, 105, 110, 1000, 1260, 1001] {
            assert_eq!(chinese_number(&chinese(n)), Some(n), "{n} {}", chinese(n));
        }
        assert_eq!(chinese(13), "十三");
        assert_eq!(chinese(105), "一百零五");
        assert_eq!(ArticleNo { n: 133, sub: 1 }.to_string(), "第一百三十三条之一");
        assert_eq!(ArticleNo { n: 133, sub: 1 }.anchor(), "art_133_1");
    }

    #[test]
    fn clauses_and_items() {
        let a = Article { no: ArticleNo::new(5), paragraphs: vec!["甲：".into(), "（一）一；".into(), "（二）二。".into(), "乙。".into()] };
        assert_eq!(a.clause_range(1), Some(0..3));
        assert_eq!(a.clause_range(2), Some(3..4));
        assert_eq!(a.clause_range(3), None);
        assert_eq!(a.item_index(0..3, 2), Some(2));
        assert!(is_item("1.按时"));
        assert!(!is_item("（以下简称）"));
    }
}
