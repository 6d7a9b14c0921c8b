//! Catalog tables: the rows of a 继续有效 (or 废止, 失效) catalog, each naming
//! a document by title and 文号, under a heading that gives the row's class
//! (执行原有效期 / 重新公布有效期至… / 长期有效) and often its new expiry.
//!
//! Rows arrive as tab-separated paragraphs (`序号\t标题\t文号\t日期`), with the
//! header row repeated on every printed page.

use gongwen_parse::knowledge::Knowledge;
use gongwen_model::{Citation, Document, NodeKind, Relation};
use gongwen_parse::text::compact;
use gongwen_parse::{date, docnum, outline};

pub fn rows(k: &Knowledge, doc: &Document) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    let mut date_is_original = false;
    for (line, para) in doc.paragraphs() {
        if !para.contains('\t') {
            let p = compact(para);
            if outline::marker(&p).is_some_and(|m| m.kind == NodeKind::Item) {
                heading = Some(p);
            }
            continue;
        }
        let cells: Vec<String> = para.split('\t').map(compact).filter(|c| !c.is_empty()).collect();
        let Some(number) = cells.iter().find_map(|c| docnum::parse_exact(k, c)) else {
            if cells.iter().any(|c| c == "文号") {
                // 原文件有效期届满日期: the row's date is the old expiry, not the new one.
                date_is_original = cells.iter().any(|c| c.contains("原") && c.contains("有效期"));
            }
            continue;
        };
        let title = cells
            .iter()
            .filter(|c| docnum::parse_exact(k, c).is_none() && date::parse_exact(c).is_none() && !c.chars().all(|ch| ch.is_ascii_digit()))
            .max_by_key(|c| c.chars().count())
            .cloned();
        let row_date = cells.iter().find_map(|c| date::parse_exact(c));
        let h = heading.as_deref().unwrap_or("");
        let heading_until = date::find_all(h)
            .into_iter()
            .find(|f| h[..f.start].ends_with("有效期至") || h[..f.start].ends_with("有效期延长至"))
            .map(|f| f.date);
        // The class words decide, not the parenthetical note after them
        // (…（共63件，有效期至届满到期自动失效）).
        let relation = match crate::cite::relation(k, "", "", "", Some(&class_of(h)), None) {
            Relation::Cites => crate::cite::relation(k, "", "", "", Some(&doc.title), None),
            r => r,
        };
        // A table that merely lists 文号 (no catalog heading or title) states nothing about them.
        let is_catalog = relation != Relation::Cites;
        let indefinite = is_catalog && h.contains("长期有效");
        out.push(Citation {
            relation,
            title,
            doc_number: Some(number.to_string()),
            order: None,
            short_name: None,
            text: cells.join(" "),
            line,
            until: if indefinite || !is_catalog { None } else { heading_until.or(if date_is_original { None } else { row_date }) },
            from: None,
            class: heading.as_deref().filter(|_| is_catalog).map(class_of),
            indefinite,
        });
    }
    out
}

/// `三、长期有效的文件（共36件，…）` → `长期有效的文件`.
fn class_of(heading: &str) -> String {
    let rest = outline::marker(heading).map(|m| &heading[m.rest..]).unwrap_or(heading);
    rest.split(['（', '(']).next().unwrap_or(rest).to_string()
}
