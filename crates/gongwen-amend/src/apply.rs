//! Operations applied to an earlier version's articles. Each operation is
//! applied or reported as not applicable with the reason; nothing is guessed.

use crate::article::{Article, ArticleNo};
use crate::parse::{Loc, OpKind, Operation};
use crate::text::find_all;
use serde::Serialize;

/// What became of one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    /// A paragraph added without its words, which a later replacement of the
    /// same article in the same item gives.
    Covered,
    /// The article is not in the earlier text.
    ArticleMissing { article: ArticleNo },
    /// The 款 or 项 is not in the article.
    PlaceMissing { article: ArticleNo },
    /// The quoted words are not in the place named.
    TextNotFound { text: String },
    /// The number an inserted article would take is already taken.
    NumberTaken { article: ArticleNo },
    /// No pattern read the clause.
    Unrecognized,
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Covered => "covered",
            Outcome::ArticleMissing { .. } => "article_missing",
            Outcome::PlaceMissing { .. } => "place_missing",
            Outcome::TextNotFound { .. } => "text_not_found",
            Outcome::NumberTaken { .. } => "number_taken",
            Outcome::Unrecognized => "unrecognized",
        }
    }

    pub fn is_applied(&self) -> bool {
        matches!(self, Outcome::Applied | Outcome::Covered)
    }
}

/// The amended text and what became of each operation (parallel to the operations).
#[derive(Debug, Clone, Serialize)]
pub struct Applied {
    pub articles: Vec<Article>,
    pub outcomes: Vec<Outcome>,
}

struct Slot {
    /// The number in the earlier text; `None` for an inserted article.
    orig: Option<ArticleNo>,
    no: ArticleNo,
    paragraphs: Vec<String>,
    deleted: bool,
}

/// Applies `ops` in order to `earlier`.
pub fn apply(earlier: &[Article], ops: &[Operation]) -> Applied {
    let mut slots: Vec<Slot> = earlier.iter().map(|a| Slot { orig: Some(a.no), no: a.no, paragraphs: a.paragraphs.clone(), deleted: false }).collect();
    let mut outcomes = Vec::with_capacity(ops.len());
    let mut renumber_all = false;
    for (i, op) in ops.iter().enumerate() {
        let outcome = match &op.kind {
            OpKind::RenumberAll => {
                renumber_all = true;
                Outcome::Applied
            }
            OpKind::AddParagraph { at, text: None, .. } => {
                // Covered when a later clause of the same item rewrites the article.
                let covered = ops[i + 1..].iter().take_while(|o| o.item == op.item && o.span == op.span).any(|o| {
                    matches!(&o.kind, OpKind::Replace { at: a, .. } if a.article == at.article && a.clause.is_none())
                });
                if covered {
                    Outcome::Covered
                } else {
                    Outcome::Unrecognized
                }
            }
            kind => one(&mut slots, kind),
        };
        outcomes.push(outcome);
    }
    let mut live: Vec<Slot> = slots.into_iter().filter(|s| !s.deleted).collect();
    if renumber_all {
        for (i, s) in live.iter_mut().enumerate() {
            s.no = ArticleNo::new(i as u32 + 1);
        }
    }
    Applied { articles: live.into_iter().map(|s| Article { no: s.no, paragraphs: s.paragraphs }).collect(), outcomes }
}

/// The slot of an article: by its number in the earlier text, else an inserted one by its new number.
fn find(slots: &[Slot], no: ArticleNo) -> Option<usize> {
    slots.iter().position(|s| !s.deleted && s.orig == Some(no)).or_else(|| slots.iter().position(|s| !s.deleted && s.orig.is_none() && s.no == no))
}

/// The paragraph indexes `at` names inside an article (the whole article without 款).
fn place(paragraphs: &[String], at: &Loc) -> Option<std::ops::Range<usize>> {
    let a = Article { no: ArticleNo::new(1), paragraphs: paragraphs.to_vec() };
    let range = match at.clause {
        Some(k) => a.clause_range(k)?,
        None => 0..paragraphs.len(),
    };
    match at.item {
        Some(x) => a.item_index(range, x).map(|i| i..i + 1),
        None => Some(range),
    }
}

/// New wording without a leading `第X条` marker.
fn wording(text: &[String]) -> Vec<String> {
    let mut out = text.to_vec();
    if let Some(first) = out.first_mut() {
        if let Some(i) = first.find('条') {
            let (head, rest) = first.split_at(i + '条'.len_utf8());
            if head.starts_with('第') && ArticleNo::parse(head).is_some() && rest.starts_with([' ', '\u{3000}']) {
                *first = rest.trim_start_matches([' ', '\u{3000}']).to_string();
            }
        }
    }
    out
}

fn one(slots: &mut Vec<Slot>, kind: &OpKind) -> Outcome {
    let article_of = |at: &Loc| at.article.expect("parsed operations name an article");
    match kind {
        OpKind::Replace { at, text } | OpKind::Merge { at, text, .. } => {
            let no = article_of(at);
            let Some(s) = find(slots, no) else { return Outcome::ArticleMissing { article: no } };
            if let OpKind::Merge { with, .. } = kind {
                let Some(w) = find(slots, *with) else { return Outcome::ArticleMissing { article: *with } };
                slots[w].deleted = true;
            }
            let Some(range) = place(&slots[s].paragraphs, at) else { return Outcome::PlaceMissing { article: no } };
            slots[s].paragraphs.splice(range, wording(text));
            Outcome::Applied
        }
        OpKind::ReplaceWords { at, old, new } => words(slots, at, old, new),
        OpKind::DeleteWords { at, old } => words(slots, at, old, ""),
        OpKind::Delete { at } => {
            let no = article_of(at);
            let Some(s) = find(slots, no) else { return Outcome::ArticleMissing { article: no } };
            if at.clause.is_none() && at.item.is_none() {
                slots[s].deleted = true;
                return Outcome::Applied;
            }
            let Some(range) = place(&slots[s].paragraphs, at) else { return Outcome::PlaceMissing { article: no } };
            slots[s].paragraphs.drain(range);
            Outcome::Applied
        }
        OpKind::DeleteArticles { articles } => {
            let found: Result<Vec<usize>, ArticleNo> = articles.iter().map(|&a| find(slots, a).ok_or(a)).collect();
            match found {
                Ok(idx) => {
                    for i in idx {
                        slots[i].deleted = true;
                    }
                    Outcome::Applied
                }
                Err(a) => Outcome::ArticleMissing { article: a },
            }
        }
        OpKind::InsertArticle { after, number, text } => {
            let Some(s) = find(slots, *after) else { return Outcome::ArticleMissing { article: *after } };
            // A 第X条之一 must not take an existing number.
            if number.sub > 0 && slots.iter().any(|x| !x.deleted && x.no == *number) {
                return Outcome::NumberTaken { article: *number };
            }
            // After the article and any inserted after it already.
            let mut at = s + 1;
            while slots.get(at).is_some_and(|x| x.orig.is_none()) {
                at += 1;
            }
            slots.insert(at, Slot { orig: None, no: *number, paragraphs: wording(text), deleted: false });
            Outcome::Applied
        }
        OpKind::AddParagraph { at, number, text: Some(text) } => {
            let no = article_of(at);
            let Some(s) = find(slots, no) else { return Outcome::ArticleMissing { article: no } };
            let a = Article { no, paragraphs: slots[s].paragraphs.clone() };
            let index = match number {
                None => a.paragraphs.len(),
                Some(k) => match a.clause_range(*k) {
                    Some(r) => r.start,
                    // The next 款 after the last one.
                    None if a.clause_range(k - 1).is_some_and(|r| r.end == a.paragraphs.len()) => a.paragraphs.len(),
                    None => return Outcome::PlaceMissing { article: no },
                },
            };
            slots[s].paragraphs.splice(index..index, text.iter().cloned());
            Outcome::Applied
        }
        OpKind::AddItem { at, number, text } => {
            let no = article_of(at);
            let Some(s) = find(slots, no) else { return Outcome::ArticleMissing { article: no } };
            let a = Article { no, paragraphs: slots[s].paragraphs.clone() };
            let Some(range) = place(&a.paragraphs, &Loc { item: None, ..*at }) else { return Outcome::PlaceMissing { article: no } };
            let index = match number {
                Some(x) => match a.item_index(range.clone(), *x) {
                    Some(i) => i,
                    None if *x > 1 && a.item_index(range.clone(), x - 1).is_some_and(|i| i + 1 == range.end) => range.end,
                    None => return Outcome::PlaceMissing { article: no },
                },
                None => range.end,
            };
            slots[s].paragraphs.splice(index..index, text.iter().cloned());
            Outcome::Applied
        }
        OpKind::Renumber { pairs } => {
            let found: Result<Vec<usize>, ArticleNo> = pairs.iter().map(|&(from, _)| find(slots, from).ok_or(from)).collect();
            match found {
                Ok(idx) => {
                    for (i, &(_, to)) in idx.into_iter().zip(pairs) {
                        slots[i].no = to;
                    }
                    Outcome::Applied
                }
                Err(a) => Outcome::ArticleMissing { article: a },
            }
        }
        OpKind::AddParagraph { text: None, .. } | OpKind::RenumberAll | OpKind::Unrecognized => Outcome::Unrecognized,
    }
}

/// Replaces every occurrence of `old` in the place named (the convention of
/// 将第X条中的“A”修改为“B”), comparing punctuation width-blind.
fn words(slots: &mut [Slot], at: &Loc, old: &str, new: &str) -> Outcome {
    let no = at.article.expect("parsed operations name an article");
    let Some(s) = find(slots, no) else { return Outcome::ArticleMissing { article: no } };
    let Some(range) = place(&slots[s].paragraphs, at) else { return Outcome::PlaceMissing { article: no } };
    let mut hits = 0;
    for p in &mut slots[s].paragraphs[range] {
        let found = find_all(p, old);
        hits += found.len();
        for r in found.into_iter().rev() {
            p.replace_range(r, new);
        }
    }
    if hits == 0 {
        Outcome::TextNotFound { text: old.to_string() }
    } else {
        Outcome::Applied
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::Grammar;
    use crate::parse::parse_decision;

    fn law(articles: &[&[&str]]) -> Vec<Article> {
        articles.iter().enumerate().map(|(i, ps)| Article { no: ArticleNo::new(i as u32 + 1), paragraphs: ps.iter().map(|p| p.to_string()).collect() }).collect()
    }

    fn run(earlier: &[Article], decision: &str) -> Applied {
        let paras: Vec<(usize, &str)> = decision.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
        let a = parse_decision(Grammar::shared(), "关于修改《某条例》的决定", &paras);
        apply(earlier, &a[0].operations)
    }

    #[test]
    fn applies_and_reports() {
        let earlier = law(&[&["第一句。"], &["甲公共绿地，城市。", "乙公共绿地。"], &["删我。"], &["单位设计：", "（一）一；", "（二）二。"]]);
        let r = run(
            &earlier,
            "一、将第一条修改为：“新句。”\n二、将第二条第二款中的“公共绿地”修改为“公园绿地”。\n三、删去第三条。\n四、在第四条后增加一条，作为第五条：“节水。”\n五、第四条增加一款，作为第二款：“公开。”\n六、删去第二条中的“城市”，并将第四条中的“单位”修改为“机构”。\n七、将第九条中的“甲”修改为“乙”。\n八、删去第一条中的“不存在”。\n九、条文顺序作相应调整。",
        );
        let names: Vec<&str> = r.outcomes.iter().map(Outcome::as_str).collect();
        assert_eq!(names, ["applied", "applied", "applied", "applied", "applied", "applied", "applied", "article_missing", "text_not_found", "applied"]);
        let texts: Vec<(u32, String)> = r.articles.iter().map(|a| (a.no.n, a.text())).collect();
        assert_eq!(
            texts,
            [
                (1, "新句。".into()),
                (2, "甲公共绿地，。\n乙公园绿地。".into()),
                (3, "机构设计：\n（一）一；\n（二）二。\n公开。".into()),
                (4, "节水。".into()),
            ]
        );
    }

    #[test]
    fn merge_renumber_and_covered_paragraphs() {
        let earlier = law(&[&["一。"], &["二。"], &["三。"], &["四。"]]);
        let r = run(&earlier, "一、将第二条和第三条合并修改为：“二三。”\n二、“第四条”调整为“第三条”。\n三、将《某条例》的条文顺序作相应调整：“第四条”调整为“第三条”。\n四、在第一条中增加一款作为第二款，将该条修改为：“一。\n“一之二。”");
        assert_eq!(r.outcomes.iter().map(Outcome::as_str).collect::<Vec<_>>(), ["applied", "unrecognized", "applied", "covered", "applied"]);
        assert_eq!(r.articles.iter().map(|a| (a.no.n, a.text())).collect::<Vec<_>>(), [(1, "一。\n一之二。".to_string()), (2, "二三。".into()), (3, "四。".into())]);
    }
}
