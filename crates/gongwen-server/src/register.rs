//! The register (规范性文件目录) as rows, and as the CSV a person opens in a
//! spreadsheet. One builder and one writer serve the page, the JSON API, the
//! web download (`/api/register.csv`) and `gongwen export register`, so all
//! four show the same documents with the same columns.

use gongwen_index::{DocMeta, MetaTable, StatusSpan};
use gongwen_model::{Date, Status};
use serde::Serialize;
use std::io::Write;

/// One row of the register.
#[derive(Serialize, Clone, Debug)]
pub struct RegisterRow {
    pub slug: String,
    pub doc_number: Option<String>,
    pub title: String,
    pub issuer: String,
    pub date: Option<String>,
    pub effective: Option<Date>,
    /// Last day in force, if the timeline ends.
    pub expires: Option<Date>,
    pub status: Status,
}

/// A 规范性文件: numbered as one (…规〔year〕n号) or printed in that gazette section.
pub fn is_normative(m: &DocMeta) -> bool {
    m.doc_number.as_deref().is_some_and(|n| n.split('〔').next().is_some_and(|a| a.contains('规')))
        || m.section.as_deref().is_some_and(|s| s.contains("规范性文件"))
}

/// How many rows the register on `on` has, and the `limit` rows from
/// `offset`: documents with text (no stubs), normative ones only unless
/// `all`, newest first; sorted on the in-memory metadata, only the page's
/// rows built.
pub fn page(meta: &MetaTable, on: Date, all: bool, offset: usize, limit: usize) -> (usize, Vec<RegisterRow>) {
    let mut docs: Vec<&DocMeta> = meta.docs.values().filter(|m| !m.stub && (all || is_normative(m))).collect();
    docs.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.doc_number.cmp(&b.doc_number)));
    let live = |s: &&StatusSpan| s.status.is_live();
    let rows = docs
        .iter()
        .skip(offset)
        .take(limit)
        .map(|m| RegisterRow {
            slug: m.slug.clone(),
            doc_number: m.doc_number.clone(),
            title: m.title.clone(),
            issuer: m.issuers.join("、"),
            date: m.date.clone(),
            effective: m.spans.iter().find(live).and_then(|s| s.from),
            expires: m.spans.iter().rfind(live).and_then(|s| s.until),
            status: m.status_on(on),
        })
        .collect();
    (docs.len(), rows)
}

/// Every row of the register on `on` (see [`page`]).
pub fn rows(meta: &MetaTable, on: Date, all: bool) -> Vec<RegisterRow> {
    page(meta, on, all, 0, usize::MAX).1
}

/// The byte-order mark that makes Excel on a Chinese Windows PC read UTF-8.
pub const BOM: &str = "\u{feff}";

/// The CSV columns, in order; the status is the one on the chosen date.
pub const CSV_HEADER: [&str; 7] = ["文号", "标题", "发文机关", "成文日期", "施行日期", "有效期至", "状态"];

/// A cell starting with = + - @ is defused so a spreadsheet never runs it as a formula.
pub fn defuse(c: &str) -> String {
    if c.starts_with(['=', '+', '-', '@']) {
        format!("'{c}")
    } else {
        c.to_string()
    }
}

/// Writes a CSV for people: a BOM, then `header` and `rows`, each cell defused.
pub fn write_csv<W: Write>(mut out: W, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<usize, csv::Error> {
    out.write_all(BOM.as_bytes())?;
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    w.write_record(header)?;
    let mut n = 0;
    for r in rows {
        w.write_record(r.iter().map(|c| defuse(c)))?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

/// The cells of one register row, in [`CSV_HEADER`] order, status in Chinese.
pub fn csv_cells(r: &RegisterRow) -> Vec<String> {
    vec![
        r.doc_number.clone().unwrap_or_default(),
        r.title.clone(),
        r.issuer.clone(),
        r.date.clone().unwrap_or_default(),
        r.effective.map(|d| d.to_string()).unwrap_or_default(),
        r.expires.map(|d| d.to_string()).unwrap_or_default(),
        r.status.label_zh().to_string(),
    ]
}

/// The register as CSV (BOM, Chinese header and statuses); how many rows.
pub fn write_register_csv<W: Write>(out: W, rows: &[RegisterRow]) -> Result<usize, csv::Error> {
    write_csv(out, &CSV_HEADER, rows.iter().map(csv_cells))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: Status, title: &str) -> RegisterRow {
        RegisterRow {
            slug: "襄政规〔2025〕4号".into(),
            doc_number: Some("襄政规〔2025〕4号".into()),
            title: title.into(),
            issuer: "襄江市人民政府".into(),
            date: Some("2025-03-01".into()),
            effective: Date::new(2025, 3, 31),
            expires: Date::new(2028, 3, 30),
            status,
        }
    }

    #[test]
    fn register_csv_has_a_bom_chinese_header_and_statuses() {
        let mut out = Vec::new();
        let n = write_register_csv(&mut out, &[row(Status::InForce, "襄江市质量奖励办法"), row(Status::Repealed, "=HYPERLINK(\"x\")")]).unwrap();
        assert_eq!(n, 2);
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("\u{feff}文号,标题,发文机关,成文日期,施行日期,有效期至,状态"));
        assert_eq!(lines.next(), Some("襄政规〔2025〕4号,襄江市质量奖励办法,襄江市人民政府,2025-03-01,2025-03-31,2028-03-30,现行有效"));
        assert_eq!(lines.next(), Some("襄政规〔2025〕4号,\"'=HYPERLINK(\"\"x\"\")\",襄江市人民政府,2025-03-01,2025-03-31,2028-03-30,已废止"));
        assert_eq!(lines.next(), None);
    }
}
