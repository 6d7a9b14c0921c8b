//! Metadata fields printed around a 公文 by portals and legal databases
//! (`发文字号：…`, `成文日期：…`, `时效性：现行有效`; words in data/fields.toml).
//!
//! A field line is furniture: it is not the document's title, 主送 or text.
//! What it states about the document is kept as evidence, used only where
//! the document itself prints nothing (see `meta`).

use crate::knowledge::Knowledge;
use crate::lex::{Tag, Tags};
use crate::text::Line;
use crate::{date, docnum};
use gongwen_model::{Document, Warning};
use serde::Deserialize;

/// What a metadata field states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// 标题: the document's title as the portal lists it.
    Title,
    DocNumber,
    /// 成文日期.
    Written,
    Published,
    Effective,
    Issuer,
    /// 时效性.
    Validity,
    /// 效力级别.
    Level,
    Other,
}

/// One `label：value` of a field line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<'a> {
    pub kind: FieldKind,
    pub label: &'a str,
    pub value: &'a str,
}

/// Longest value a field may hold before the line reads as prose.
pub const MAX_FIELD_VALUE_CHARS: usize = 80;

/// The label at the head of `text` followed by a colon, or in brackets as
/// a legal database prints it (`【发布部门】…`, `[时效性]…`): (kind, label,
/// where the value begins). A label may be spaced out to the width of the
/// others (`标　　题：`, `索 引 号：`).
pub(crate) fn label_at<'a>(text: &'a str, k: &Knowledge) -> Option<(FieldKind, &'a str, usize)> {
    let open = ['【', '[', '［'].into_iter().find(|&o| text.starts_with(o)).map_or(0, char::len_utf8);
    let inner = &text[open..];
    k.fields
        .labels
        .iter()
        .filter_map(|(label, kind)| spaced_prefix(inner, label).map(|end| (open + end, label, kind)))
        .max_by_key(|(_, label, _)| label.len())
        .and_then(|(end, _, kind)| {
            let after = text[end..].trim_start();
            let after = if open > 0 { after.strip_prefix(['】', ']', '］'])?.trim_start() } else { after };
            let value = match after.strip_prefix('：').or_else(|| after.strip_prefix(':')) {
                Some(v) => v,
                None if open > 0 => after,
                None => return None,
            };
            Some((*kind, &text[open..end], text.len() - value.len()))
        })
}

/// Where `word` ends if `text` opens with it, whitespace between its
/// characters allowed.
fn spaced_prefix(text: &str, word: &str) -> Option<usize> {
    let mut at = 0;
    for (n, want) in word.chars().enumerate() {
        let rest = &text[at..];
        let rest_trimmed = if n == 0 { rest } else { rest.trim_start() };
        at += rest.len() - rest_trimmed.len();
        let c = rest_trimmed.chars().next()?;
        if c != want {
            return None;
        }
        at += c.len_utf8();
    }
    Some(at)
}

/// The fields of a field line (one or several `label：value` on one line,
/// as portal tables flatten into), or `None` if `text` is not one.
pub fn fields<'a>(text: &'a str, k: &Knowledge) -> Option<Vec<Field<'a>>> {
    let text = text.trim();
    let (mut kind, mut label, mut from) = label_at(text, k)?;
    let mut out = Vec::new();
    loop {
        // The value runs to the next label that follows a space or tab.
        let rest = &text[from..];
        let next = rest
            .char_indices()
            .filter(|&(i, c)| (c == ' ' || c == '\t') && i + 1 < rest.len())
            .find_map(|(i, _)| {
                let at = from + i + 1;
                label_at(text[at..].trim_start(), k).map(|l| (at + (text[at..].len() - text[at..].trim_start().len()), l))
            });
        let end = next.map_or(text.len(), |(at, _)| at);
        let value = text[from..end].trim();
        if value.chars().count() > MAX_FIELD_VALUE_CHARS {
            return None;
        }
        out.push(Field { kind, label, value });
        match next {
            Some((at, (k2, l2, v2))) => {
                kind = k2;
                label = l2;
                from = at + v2;
            }
            None => return Some(out),
        }
    }
}

/// Is `text` a whole line of a portal page's furniture (收藏 打印本页 关闭窗口)?
pub fn is_page_furniture(text: &str, k: &Knowledge) -> bool {
    // `首页 > 政务公开 > 省政府文件`: the page's breadcrumb trail.
    if text.contains(['>', '》', '»', '＞']) && k.fields.breadcrumb_openers.iter().any(|o| text.trim_start().starts_with(o.as_str())) && text.chars().count() <= BREADCRUMB_MAX_CHARS {
        return true;
    }
    // `首页 | 政务公开 | 政务服务`: the page's navigation bar.
    let items: Vec<&str> = text.split(['|', '｜']).map(str::trim).collect();
    if k.fields.nav_bar_items > 0 && items.len() >= k.fields.nav_bar_items && items.iter().all(|i| !i.is_empty() && i.chars().count() <= NAV_ITEM_MAX_CHARS) {
        return true;
    }
    // `相关链接：…`, `上一篇：…`: the page's links to other articles.
    let opens_with_link = |l: &String| text.trim_start().strip_prefix(l.as_str()).is_some_and(|r| r.starts_with(['：', ':']));
    if k.fields.link_labels.iter().any(opens_with_link) {
        return true;
    }
    // The data's lines are stored without whitespace (see `knowledge`).
    let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let known = |t: &str| k.fields.furniture_lines.iter().any(|f| f == t);
    if bare.is_empty() {
        return false;
    }
    // Buttons in brackets, several on one line (【打印本页】【关闭窗口】).
    let buttons: Vec<&str> = bare.split(['【', '】', '[', ']', '［', '］']).filter(|b| !b.is_empty()).collect();
    known(&bare) || (bare.starts_with(['【', '[', '［']) && !buttons.is_empty() && buttons.iter().all(|b| known(b)))
}

/// Longest item of a navigation bar.
const NAV_ITEM_MAX_CHARS: usize = 8;

/// Longest breadcrumb trail (a title after `>` may be long).
const BREADCRUMB_MAX_CHARS: usize = 120;

/// Fills in the title, 文号, 成文日期 and issuers of `doc` from the metadata fields
/// in `range` (line indices around and in the document) where the document
/// prints none, with a warning naming the field's line: the evidence is the
/// publisher's, not the document's.
pub fn fill_from_fields(doc: &mut Document, lines: &[Line], tags: &[Tags], range: std::ops::Range<usize>, k: &Knowledge) {
    for i in range.start.min(lines.len())..range.end.min(lines.len()) {
        // Field lines are tagged furniture; only those are read again.
        if !tags[i].has(Tag::Furniture) {
            continue;
        }
        let line = &lines[i];
        let Some(found) = fields(&line.spaced, k) else { continue };
        for f in found {
            let used = match f.kind {
                FieldKind::Title if doc.title.is_empty() && !f.value.is_empty() => {
                    doc.title = crate::text::compact(f.value);
                    doc.doc_type = doc.doc_type.take().or_else(|| k.doc_type_of(&doc.title).map(String::from));
                    doc.enclosed_type = doc.enclosed_type.take().or_else(|| crate::meta::enclosed_type(k, &doc.title));
                    doc.warnings.retain(|w| w.code != "no_title");
                    Some(())
                }
                FieldKind::DocNumber if doc.doc_number.is_none() => docnum::parse_exact(k, f.value).map(|n| {
                    doc.doc_number = Some(n.to_string());
                    doc.doc_number_parts = Some(n);
                }),
                FieldKind::Written if doc.date.is_none() => date::parse_exact(f.value).map(|d| doc.date = Some(d)),
                FieldKind::Issuer if doc.issuers.is_empty() => {
                    let names: Vec<String> = f.value.split([' ', '、', '，', '\t']).filter(|n| k.is_org_name(n)).map(String::from).collect();
                    (!names.is_empty()).then(|| {
                        doc.issuers_full = names.iter().map(|n| k.expand_national(n)).collect();
                        doc.issuers = names;
                    })
                }
                _ => None,
            };
            if used.is_some() {
                doc.warnings.push(Warning {
                    code: "metadata_from_fields".into(),
                    message: format!("文件正文未印{}，取自第{}行的元数据栏“{}：{}”", crate::text::compact(f.label), line.no, f.label, f.value),
                    source: doc.source.clone(),
                    line: line.no,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_several_fields_a_line() {
        let k = &crate::knowledge::Knowledge::builtin();
        let f = fields("标　　题：\t襄江省人民政府关于做好春耕工作的通知", k).unwrap();
        assert_eq!((f[0].kind, f[0].label, f[0].value), (FieldKind::Title, "标　　题", "襄江省人民政府关于做好春耕工作的通知"));
        assert!(is_page_furniture("首页 > 政务公开 > 省政府文件", k));
        let f = fields("发文字号：襄政办发〔2024〕3号", k).unwrap();
        assert_eq!(f, [Field { kind: FieldKind::DocNumber, label: "发文字号", value: "襄政办发〔2024〕3号" }]);
        let f = fields("索引号: 000014349/2024-00012\t主题分类：财政\t发文机关：襄江市人民政府办公厅 成文日期：2024年01月02日", k).unwrap();
        let got: Vec<(FieldKind, &str)> = f.iter().map(|f| (f.kind, f.value)).collect();
        assert_eq!(got, [(FieldKind::Other, "000014349/2024-00012"), (FieldKind::Other, "财政"), (FieldKind::Issuer, "襄江市人民政府办公厅"), (FieldKind::Written, "2024年01月02日")]);
    }

    #[test]
    fn prose_is_not_a_field() {
        let k = &crate::knowledge::Knowledge::builtin();
        assert!(fields("来源于本市的统计数据表明，全年增长5%。", k).is_none());
        assert!(fields(&format!("来源：{}", "很长的说明文字".repeat(20)), k).is_none());
        assert!(fields("各区人民政府：", k).is_none());
        // Prose that opens with a label's characters is no field.
        assert!(fields("标题党现象：要加以整治", k).is_none());
    }
}
