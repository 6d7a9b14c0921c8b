//! A decision's items → typed operations, grouped by the text they amend.

use crate::article::ArticleNo;
use crate::grammar::{ClauseKind, Grammar};
use gongwen_model::work::chinese_number;
use gongwen_model::Span;
use regex::Captures;
use serde::{Deserialize, Serialize};

/// Where an operation acts: an article, optionally one 款 and one 项 of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Loc {
    pub article: Option<ArticleNo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
}

/// One instruction of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum OpKind {
    /// 将第X条（第Y款）修改为：“…”
    Replace { at: Loc, text: Vec<String> },
    /// 将第X条中的“A”修改为“B”
    ReplaceWords { at: Loc, old: String, new: String },
    /// 将第X条和第Y条合并修改为：“…”
    Merge { at: Loc, with: ArticleNo, text: Vec<String> },
    /// 删去第X条（第Y款）
    Delete { at: Loc },
    /// 删去第X条和第Y条
    DeleteArticles { articles: Vec<ArticleNo> },
    /// 删去第X条中的“A”
    DeleteWords { at: Loc, old: String },
    /// 在第X条后增加一条，作为第Y条：“…”
    InsertArticle { after: ArticleNo, number: ArticleNo, text: Vec<String> },
    /// 第X条增加一款，作为第Y款：“…” (no text: the wording follows in a replacement)
    AddParagraph { at: Loc, number: Option<u32>, text: Option<Vec<String>> },
    /// 第X条第Y款增加一项，作为第Z项：“…”
    AddItem { at: Loc, number: Option<u32>, text: Vec<String> },
    /// 将第X条改为第Y条; “第八条”调整为“第七条”…
    Renumber { pairs: Vec<(ArticleNo, ArticleNo)> },
    /// 条文顺序作相应调整
    RenumberAll,
    /// A clause no pattern reads: reported, never guessed.
    Unrecognized,
}

/// An operation with the words it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    #[serde(flatten)]
    pub kind: OpKind,
    /// The item's number as printed (`三`, `2`), if any.
    pub item: Option<String>,
    /// The clause as written.
    pub source: String,
    pub span: Span,
}

/// The operations a decision makes on one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    /// The amended text's title as the decision writes it.
    pub target: Option<String>,
    /// Its 文号, when the decision gives one.
    pub number: Option<String>,
    pub operations: Vec<Operation>,
}

/// The text a decision's title says it amends (`关于修改《X》的决定`, `X修正案（十二）`).
pub fn title_target(g: &Grammar, title: &str) -> Option<String> {
    g.titles.iter().find_map(|re| re.captures(title).and_then(|c| c.name("target")).map(|m| m.as_str().to_string()))
}

/// Whether a title reads as an amendment decision.
pub fn is_decision(g: &Grammar, title: &str) -> bool {
    title_target(g, title).is_some()
}

struct Item {
    label: Option<String>,
    text: String,
    span: Span,
}

/// Whether a quotation is open at the end of `s`, starting from `open`.
fn quote_open(s: &str, mut open: bool) -> bool {
    for c in s.chars() {
        match c {
            '“' => open = true,
            '”' => open = false,
            _ => {}
        }
    }
    open
}

/// `一、`, `1.`, `（一）` at the start of a paragraph: (label, rest).
fn item_marker(p: &str) -> Option<(String, &str)> {
    let head: String = p.chars().take_while(|c| "零〇一二三四五六七八九十百".contains(*c)).collect();
    if !head.is_empty() {
        if let Some(rest) = p[head.len()..].strip_prefix('、') {
            return Some((head, rest));
        }
    }
    let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        if let Some(rest) = p[digits.len()..].strip_prefix(['.', '．', '、']) {
            return Some((digits, rest));
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = p.strip_prefix(open) {
            let inner: String = rest.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
            if !inner.is_empty() {
                if let Some(after) = rest[inner.len()..].strip_prefix(close) {
                    return Some((inner, after));
                }
            }
        }
    }
    None
}

/// The target a line names (`一、修改《X》`, `对《X》（文号）作如下修改`).
fn target_line(g: &Grammar, p: &str) -> Option<(String, Option<String>)> {
    g.targets.iter().find_map(|re| {
        let c = re.captures(p)?;
        Some((c.name("target")?.as_str().to_string(), c.name("number").map(|m| m.as_str().to_string())))
    })
}

/// Reads a decision: its title and its paragraphs (source line, text).
/// Every item becomes operations; a clause no pattern reads is `Unrecognized`.
pub fn parse_decision(g: &Grammar, title: &str, paragraphs: &[(usize, &str)]) -> Vec<Amendment> {
    let mut groups: Vec<(Amendment, Vec<Item>)> = vec![(Amendment { target: title_target(g, title), number: None, operations: vec![] }, vec![])];
    let mut open = false;
    let mut continues = false;
    for &(line, raw) in paragraphs {
        let p = raw.trim();
        if p.is_empty() {
            continue;
        }
        if open || continues {
            if let Some(item) = groups.last_mut().and_then(|(_, items)| items.last_mut()) {
                item.text.push('\n');
                item.text.push_str(p);
                item.span = Span::new(item.span.line_start, line);
                open = quote_open(p, open);
                continues = !open && p.ends_with(['：', ':']);
                continue;
            }
        }
        if let Some((target, number)) = target_line(g, p) {
            let empty = groups.last().is_some_and(|(_, items)| items.is_empty());
            if empty {
                groups.pop();
            }
            groups.push((Amendment { target: Some(target), number, operations: vec![] }, vec![]));
            open = false;
            continues = false;
            continue;
        }
        let (label, rest) = match item_marker(p) {
            Some((l, r)) => (Some(l), r),
            None => (None, p),
        };
        // A paragraph is an item when it opens like an instruction or quotes
        // wording; a numbered heading (一、集中修改…的具体内容) is not.
        if !g.openers.iter().any(|o| rest.starts_with(o.as_str())) && (label.is_none() || !rest.contains('“')) {
            continue;
        }
        if let Some((_, items)) = groups.last_mut() {
            items.push(Item { label, text: rest.to_string(), span: Span::line(line) });
        }
        open = quote_open(rest, false);
        continues = !open && rest.ends_with(['：', ':']);
    }
    groups
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(mut a, items)| {
            for item in items {
                a.operations.extend(parse_item(g, &item));
            }
            a
        })
        .collect()
}

/// One item's clauses, split at `；`/`。` and at a comma before an opener, outside quotes.
fn clauses<'a>(g: &Grammar, text: &'a str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut open = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '“' => open = true,
            '”' => open = false,
            '；' | '。' | ';' if !open => {
                out.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            '，' | ',' if !open => {
                let next = &text[i + c.len_utf8()..];
                if g.openers.iter().any(|o| next.starts_with(o.as_str())) {
                    out.push(&text[start..i]);
                    start = i + c.len_utf8();
                }
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect()
}

fn parse_item(g: &Grammar, item: &Item) -> Vec<Operation> {
    let mut ops = Vec::new();
    let mut last_article: Option<ArticleNo> = None;
    for clause in clauses(g, &item.text) {
        let mut c = clause;
        for j in &g.joiners {
            c = c.strip_prefix(j.as_str()).unwrap_or(c).trim_start_matches(['，', ',']);
        }
        let kind = read_clause(g, c, &mut last_article);
        ops.push(Operation { kind, item: item.label.clone(), source: clause.to_string(), span: item.span });
    }
    ops
}

fn article(c: &Captures, name: &str) -> Option<ArticleNo> {
    c.name(name).and_then(|m| ArticleNo::parse(m.as_str()))
}

fn ordinal(c: &Captures, name: &str) -> Option<u32> {
    c.name(name).and_then(|m| chinese_number(m.as_str()))
}

/// The quoted paragraphs of new wording: each opens with “, the last closes with ”.
fn body(c: &Captures) -> Vec<String> {
    let Some(b) = c.name("body") else { return vec![] };
    let b = b.as_str();
    let b = b.strip_suffix('”').unwrap_or(b);
    b.split('\n').map(|p| p.trim().strip_prefix('“').unwrap_or(p.trim()).to_string()).filter(|p| !p.is_empty()).collect()
}

fn read_clause(g: &Grammar, c: &str, last: &mut Option<ArticleNo>) -> OpKind {
    for (kind, re) in &g.clauses {
        let Some(m) = re.captures(c) else { continue };
        // The place: a named article, 该条 or none (the previous one).
        let art = match m.name("art").map(|a| a.as_str()) {
            Some("该条") | None => *last,
            Some(a) => ArticleNo::parse(a),
        };
        let clause = m.name("para").and_then(|p| if p.as_str() == "该款" { None } else { chinese_number(p.as_str()) });
        let at = Loc { article: art, clause, item: ordinal(&m, "item") };
        let needs_article = !matches!(kind, ClauseKind::RenumberList | ClauseKind::RenumberAll | ClauseKind::DeleteList);
        if needs_article && art.is_none() {
            continue;
        }
        *last = art.or(*last);
        let op = match kind {
            ClauseKind::RenumberAll => OpKind::RenumberAll,
            ClauseKind::RenumberList => {
                let list = m.name("list").map(|l| l.as_str()).unwrap_or("");
                let pairs: Vec<_> = g
                    .renumber_pair
                    .captures_iter(list)
                    .filter_map(|p| Some((ArticleNo::parse(&p["from"])?, ArticleNo::parse(&p["to"])?)))
                    .collect();
                if pairs.is_empty() {
                    continue;
                }
                OpKind::Renumber { pairs }
            }
            ClauseKind::ReplaceWords => OpKind::ReplaceWords { at, old: m["q1"].to_string(), new: m["q2"].to_string() },
            ClauseKind::Merge => match article(&m, "art2") {
                Some(with) => OpKind::Merge { at, with, text: body(&m) },
                None => continue,
            },
            ClauseKind::Replace => OpKind::Replace { at, text: body(&m) },
            ClauseKind::DeleteWords => OpKind::DeleteWords { at, old: m["q1"].to_string() },
            ClauseKind::Delete => OpKind::Delete { at },
            ClauseKind::DeleteArticles => match (art, article(&m, "art2")) {
                (Some(a), Some(b)) if at.clause.is_none() => OpKind::DeleteArticles { articles: vec![a, b] },
                _ => continue,
            },
            ClauseKind::DeleteList => {
                let list = m.name("list").map(|l| l.as_str()).unwrap_or("");
                let articles: Option<Vec<ArticleNo>> = g.article.find_iter(list).map(|a| ArticleNo::parse(a.as_str())).collect();
                match articles {
                    Some(a) if a.len() >= 2 => OpKind::DeleteArticles { articles: a },
                    _ => continue,
                }
            }
            ClauseKind::InsertArticle => match (art, m.name("as").and_then(|a| ArticleNo::parse(a.as_str()))) {
                (Some(after), Some(number)) => OpKind::InsertArticle { after, number, text: body(&m) },
                _ => continue,
            },
            ClauseKind::AddParagraph => {
                let text = body(&m);
                OpKind::AddParagraph { at, number: ordinal(&m, "as"), text: (!text.is_empty()).then_some(text) }
            }
            ClauseKind::AddItem => OpKind::AddItem { at, number: ordinal(&m, "as"), text: body(&m) },
            ClauseKind::Renumber => match article(&m, "art2") {
                Some(to) if at.clause.is_none() => OpKind::Renumber { pairs: vec![(art.unwrap_or(to), to)] },
                _ => continue,
            },
        };
        return op;
    }
    OpKind::Unrecognized
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(title: &str, text: &str) -> Vec<Amendment> {
        let paras: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
        parse_decision(Grammar::shared(), title, &paras)
    }

    #[test]
    fn every_kind_of_instruction() {
        let a = ops(
            "襄江市人民代表大会常务委员会关于修改《襄江市城市绿化条例》的决定",
            "襄江市人民代表大会常务委员会决定对《襄江市城市绿化条例》作如下修改：\n\
             一、将第一条修改为：“为了发展城市绿化，制定本条例。”\n\
             二、将第二条第二款中的“公共绿地”修改为“公园绿地”。\n\
             三、删去第三条。\n\
             四、在第四条后增加一条，作为第五条：“城市绿化应当节约用水。”\n\
             五、第四条增加一款，作为第二款：“设计应当公开。”\n\
             六、删去第二条中的“城市”，并将第四条中的“单位”修改为“机构”。\n\
             七、将第二条和第四条合并修改为：\n\
             “甲。\n\
             “乙。”\n\
             八、条文顺序作相应调整。\n\
             九、第五条条首部分修改为：“某某”。\n\
             本决定自2021年1月1日起施行。",
        );
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].target.as_deref(), Some("襄江市城市绿化条例"));
        let k: Vec<&OpKind> = a[0].operations.iter().map(|o| &o.kind).collect();
        let n = ArticleNo::new;
        assert_eq!(k[0], &OpKind::Replace { at: Loc { article: Some(n(1)), ..Loc::default() }, text: vec!["为了发展城市绿化，制定本条例。".into()] });
        assert_eq!(k[1], &OpKind::ReplaceWords { at: Loc { article: Some(n(2)), clause: Some(2), item: None }, old: "公共绿地".into(), new: "公园绿地".into() });
        assert_eq!(k[2], &OpKind::Delete { at: Loc { article: Some(n(3)), ..Loc::default() } });
        assert_eq!(k[3], &OpKind::InsertArticle { after: n(4), number: n(5), text: vec!["城市绿化应当节约用水。".into()] });
        assert_eq!(k[4], &OpKind::AddParagraph { at: Loc { article: Some(n(4)), ..Loc::default() }, number: Some(2), text: Some(vec!["设计应当公开。".into()]) });
        assert_eq!(k[5], &OpKind::DeleteWords { at: Loc { article: Some(n(2)), ..Loc::default() }, old: "城市".into() });
        assert_eq!(k[6], &OpKind::ReplaceWords { at: Loc { article: Some(n(4)), ..Loc::default() }, old: "单位".into(), new: "机构".into() });
        assert_eq!(k[7], &OpKind::Merge { at: Loc { article: Some(n(2)), ..Loc::default() }, with: n(4), text: vec!["甲。".into(), "乙。".into()] });
        assert_eq!(k[8], &OpKind::RenumberAll);
        assert_eq!(k[9], &OpKind::Unrecognized);
        assert_eq!(a[0].operations.len(), 10, "the closing 施行 sentence is no item");
        assert_eq!(a[0].operations[7].span, Span::new(8, 10));
        assert_eq!(a[0].operations[5].item.as_deref(), Some("六"));
    }

    #[test]
    fn groups_by_target_and_law_short_names() {
        let a = ops(
            "某某关于修改《甲规定》等二件的决定",
            "决定对《甲规定》等二件作如下修改：\n一、修改《甲规定》\n1.将第二条修改为：\n“新的第二条。”\n二、修改《乙解释》\n1.删去第三条和第四条。\n2.将《乙解释》的条文顺序作相应调整：“第五条”调整为“第三条”，“第六条”调整为“第四条”。",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].target.as_deref(), Some("甲规定"));
        assert_eq!(a[0].operations[0].kind, OpKind::Replace { at: Loc { article: Some(ArticleNo::new(2)), ..Loc::default() }, text: vec!["新的第二条。".into()] });
        assert_eq!(a[1].operations[0].kind, OpKind::DeleteArticles { articles: vec![ArticleNo::new(3), ArticleNo::new(4)] });
        assert_eq!(a[1].operations[1].kind, OpKind::Renumber { pairs: vec![(ArticleNo::new(5), ArticleNo::new(3)), (ArticleNo::new(6), ArticleNo::new(4))] });

        let c = ops("关于修改《丙》的决定", "一、删除第二条、第三条和第七条。");
        assert_eq!(c[0].operations[0].kind, OpKind::DeleteArticles { articles: vec![ArticleNo::new(2), ArticleNo::new(3), ArticleNo::new(7)] });

        let b = ops("中华人民共和国刑法修正案（十二）", "一、在刑法第一百六十五条中增加一款作为第二款，将该条修改为：“甲。\n“乙。”\n二、将刑法第一百三十三条之一第一款修改为：“丙。”");
        assert_eq!(b[0].target.as_deref(), Some("中华人民共和国刑法"));
        let k: Vec<&OpKind> = b[0].operations.iter().map(|o| &o.kind).collect();
        assert_eq!(k[0], &OpKind::AddParagraph { at: Loc { article: Some(ArticleNo::new(165)), ..Loc::default() }, number: Some(2), text: None });
        assert_eq!(k[1], &OpKind::Replace { at: Loc { article: Some(ArticleNo::new(165)), ..Loc::default() }, text: vec!["甲。".into(), "乙。".into()] });
        assert_eq!(k[2], &OpKind::Replace { at: Loc { article: Some(ArticleNo { n: 133, sub: 1 }), clause: Some(1), item: None }, text: vec!["丙。".into()] });
    }

    #[test]
    fn a_policy_decision_names_each_text_by_its_number() {
        let a = ops(
            "市人民政府关于集中修改和废止部分行政规范性文件的决定",
            "一、集中修改3件文件部分条款的具体内容\n（一）对《关于加强管理的通告》（某政规〔2019〕21号）作如下修改：\n删去第八条中的“长期执行”。\n（二）对《另一通知》（某政规〔2022〕22号）作如下修改：\n删去“十一、其他事项”中的“某句。”",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].number.as_deref(), Some("某政规〔2019〕21号"));
        assert_eq!(a[0].operations[0].kind, OpKind::DeleteWords { at: Loc { article: Some(ArticleNo::new(8)), ..Loc::default() }, old: "长期执行".into() });
        assert_eq!(a[1].operations[0].kind, OpKind::Unrecognized, "a heading named by its words is not guessed");
    }
}
