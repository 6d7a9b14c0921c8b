//! 新旧对照: two versions side by side, article by article. Articles are
//! paired when their text is the same (layout aside), even under a new
//! number, else with the most similar text (half of the character pairs
//! shared), else by number; what changed inside a pair is marked character
//! by character.

use crate::article::{Article, ArticleNo};
use crate::text::{fold, normalize};
use serde::Serialize;
use std::collections::HashMap;

/// How an article changed from the old version to the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The same text (layout aside) under the same number.
    Same,
    /// The same text under another number.
    Moved,
    Changed,
    Added,
    Removed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Same => "same",
            Change::Moved => "moved",
            Change::Changed => "changed",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }
}

/// A run of characters: in both texts, only in the old, or only in the new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "in", content = "text", rename_all = "snake_case")]
pub enum Piece {
    Both(String),
    Old(String),
    New(String),
}

/// One row of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub change: Change,
    pub old: Option<Article>,
    pub new: Option<Article>,
    /// For a changed article: the texts (paragraphs joined by line breaks) as pieces.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<Piece>,
}

/// Above this many cells the middle of two texts is shown as replaced whole.
const MAX_CELLS: usize = 2_000_000;

/// The two versions article by article, in the new version's order with
/// removed articles where they stood.
pub fn compare(old: &[Article], new: &[Article]) -> Vec<Pair> {
    let norm_old: Vec<String> = old.iter().map(|a| normalize(&a.text())).collect();
    let norm_new: Vec<String> = new.iter().map(|a| normalize(&a.text())).collect();
    let mut match_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    let by_no: HashMap<ArticleNo, usize> = old.iter().enumerate().map(|(i, a)| (a.no, i)).collect();
    // 1. Same number, same text.
    for (j, a) in new.iter().enumerate() {
        if let Some(&i) = by_no.get(&a.no).filter(|&&i| norm_old[i] == norm_new[j]) {
            match_of_new[j] = Some(i);
            taken[i] = true;
        }
    }
    // 2. Same text under another number, when that text is unique on both sides.
    let mut count_old: HashMap<&str, usize> = HashMap::new();
    for (i, n) in norm_old.iter().enumerate().filter(|(i, _)| !taken[*i]) {
        let _ = i;
        *count_old.entry(n.as_str()).or_default() += 1;
    }
    let mut count_new: HashMap<&str, usize> = HashMap::new();
    for (j, n) in norm_new.iter().enumerate().filter(|(j, _)| match_of_new[*j].is_none()) {
        let _ = j;
        *count_new.entry(n.as_str()).or_default() += 1;
    }
    for j in 0..new.len() {
        if match_of_new[j].is_some() || count_new.get(norm_new[j].as_str()) != Some(&1) || count_old.get(norm_new[j].as_str()) != Some(&1) {
            continue;
        }
        if let Some(i) = (0..old.len()).find(|&i| !taken[i] && norm_old[i] == norm_new[j]) {
            match_of_new[j] = Some(i);
            taken[i] = true;
        }
    }
    // 3. The most similar text (character pairs), when at least half is shared.
    let grams = |s: &str| -> std::collections::HashSet<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let grams_old: Vec<_> = norm_old.iter().map(|s| grams(s)).collect();
    for j in 0..new.len() {
        if match_of_new[j].is_some() {
            continue;
        }
        let g = grams(&norm_new[j]);
        let best = (0..old.len())
            .filter(|&i| !taken[i])
            .map(|i| {
                let common = g.intersection(&grams_old[i]).count();
                let dice = 2.0 * common as f64 / (g.len() + grams_old[i].len()).max(1) as f64;
                (i, dice, old[i].no == new[j].no)
            })
            .filter(|(_, d, _)| *d >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(a.2.cmp(&b.2)));
        if let Some((i, _, _)) = best {
            match_of_new[j] = Some(i);
            taken[i] = true;
        }
    }
    // 4. The rest by number.
    for (j, a) in new.iter().enumerate() {
        if match_of_new[j].is_none() {
            if let Some(&i) = by_no.get(&a.no).filter(|&&i| !taken[i]) {
                match_of_new[j] = Some(i);
                taken[i] = true;
            }
        }
    }
    let mut out = Vec::new();
    let mut emitted = vec![false; old.len()];
    let removed = |upto: usize, emitted: &mut Vec<bool>, out: &mut Vec<Pair>| {
        for i in 0..upto {
            if !taken[i] && !emitted[i] {
                emitted[i] = true;
                out.push(Pair { change: Change::Removed, old: Some(old[i].clone()), new: None, pieces: vec![] });
            }
        }
    };
    for (j, a) in new.iter().enumerate() {
        match match_of_new[j] {
            Some(i) => {
                removed(i, &mut emitted, &mut out);
                emitted[i] = true;
                let change = if norm_old[i] != norm_new[j] {
                    Change::Changed
                } else if old[i].no == a.no {
                    Change::Same
                } else {
                    Change::Moved
                };
                let pieces = if change == Change::Changed { pieces(&old[i].text(), &a.text()) } else { vec![] };
                out.push(Pair { change, old: Some(old[i].clone()), new: Some(a.clone()), pieces });
            }
            None => out.push(Pair { change: Change::Added, old: None, new: Some(a.clone()), pieces: vec![] }),
        }
    }
    removed(old.len(), &mut emitted, &mut out);
    out
}

/// Whether two texts differ only in layout (whitespace, punctuation width).
pub fn same_text(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

/// The two texts as runs of common, old-only and new-only characters.
pub fn pieces(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let eq = |x: char, y: char| fold(x) == fold(y);
    let prefix = a.iter().zip(&b).take_while(|(x, y)| eq(**x, **y)).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| eq(**x, **y)).count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<(u8, char)> = Vec::new();
    ops.extend(a[..prefix].iter().map(|&c| (0, c)));
    if ma.len().saturating_mul(mb.len()) > MAX_CELLS {
        ops.extend(ma.iter().map(|&c| (1, c)));
        ops.extend(mb.iter().map(|&c| (2, c)));
    } else {
        lcs(ma, mb, &eq, &mut ops);
    }
    ops.extend(a[a.len() - suffix..].iter().map(|&c| (0, c)));
    let mut out: Vec<Piece> = Vec::new();
    for (k, c) in ops {
        let same_kind = matches!((out.last(), k), (Some(Piece::Both(_)), 0) | (Some(Piece::Old(_)), 1) | (Some(Piece::New(_)), 2));
        if !same_kind {
            out.push(match k {
                0 => Piece::Both(String::new()),
                1 => Piece::Old(String::new()),
                _ => Piece::New(String::new()),
            });
        }
        if let Some(Piece::Both(s) | Piece::Old(s) | Piece::New(s)) = out.last_mut() {
            s.push(c);
        }
    }
    out
}

/// Longest common subsequence by dynamic programming (both sides are short: the middle of one article).
fn lcs(a: &[char], b: &[char], eq: &dyn Fn(char, char) -> bool, ops: &mut Vec<(u8, char)>) {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let mut t = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * w + j] = if eq(a[i], b[j]) { t[(i + 1) * w + j + 1] + 1 } else { t[(i + 1) * w + j].max(t[i * w + j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if eq(a[i], b[j]) {
            ops.push((0, a[i]));
            i += 1;
            j += 1;
        } else if t[(i + 1) * w + j] >= t[i * w + j + 1] {
            ops.push((1, a[i]));
            i += 1;
        } else {
            ops.push((2, b[j]));
            j += 1;
        }
    }
    ops.extend(a[i..].iter().map(|&c| (1, c)));
    ops.extend(b[j..].iter().map(|&c| (2, c)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(n: u32, t: &str) -> Article {
        Article { no: ArticleNo::new(n), paragraphs: t.split('\n').map(String::from).collect() }
    }

    #[test]
    fn pairs_articles() {
        let old = [art(1, "甲, 乙。"), art(2, "删去的。"), art(3, "丙丁。"), art(4, "戊条规定的内容。")];
        let new = [art(1, "甲，乙。"), art(2, "丙丁。"), art(3, "戊条规定的内容己。"), art(4, "新增。")];
        let p = compare(&old, &new);
        let kinds: Vec<(&str, Option<u32>, Option<u32>)> = p.iter().map(|x| (x.change.as_str(), x.old.as_ref().map(|a| a.no.n), x.new.as_ref().map(|a| a.no.n))).collect();
        assert_eq!(
            kinds,
            [("same", Some(1), Some(1)), ("removed", Some(2), None), ("moved", Some(3), Some(2)), ("changed", Some(4), Some(3)), ("added", None, Some(4))]
        );
        assert_eq!(p[3].pieces, vec![Piece::Both("戊条规定的内容".into()), Piece::New("己".into()), Piece::Both("。".into())]);
        assert!(same_text("甲, 乙", "甲，乙"));
    }
}
