//! Numeric targets: `到2025年，全市低空经济规模达到1000亿元以上`, `力争…`, and
//! the rows of indicator tables (指标 / 2025年 / 属性 预期性·约束性).
//!
//! A target is firm unless the text hedges it (力争, 争取, 努力) or the table
//! marks it 预期性; the units responsible are those of the task note that
//! follows it in the paragraph, or the table row's role columns.

use crate::nodes::NodeIndex;
use crate::task::Unit;
use gongwen_model::{Document, Table, TableKind};
use gongwen_parse::table::parse_number;
use gongwen_parse::text::compact;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub node: Vec<String>,
    pub line: usize,
    /// What is measured (`全市低空经济规模`, `城镇新增就业人数（万人）`).
    pub metric: String,
    pub value: f64,
    /// `亿元`, `%`, `万千瓦` … as printed.
    pub unit: String,
    /// `以上`, `不低于`, `<`, `>` …, when the text bounds the value.
    pub bound: Option<String>,
    pub year: Option<u16>,
    /// 力争 / 争取 / 预期性: an aim rather than a commitment.
    pub aspirational: bool,
    pub units: Vec<Unit>,
    /// The sentence or table row, as written.
    pub text: String,
    /// `inline`, or the caption of the table.
    pub from: String,
}

struct Patterns {
    year: Regex,
    reach: Regex,
}

const UNITS: &str = r"万亿元|亿元|万元|元|万千瓦|千瓦|万吨|吨|万平方米|平方米|平方公里|公里|千米|万亩|亩|万人次|万人|人次|人|万户|户|万个|个|家|所|项|座|张|辆|台|套|条|倍|%|％|‰";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        year: Regex::new(r"(?:到|至|于|在)?\s*(20\d{2})\s*年(?:底|末)?").unwrap(),
        reach: Regex::new(&format!(
            r"(达到|超过|突破|不低于|不少于|不超过|提高到|提高至|提升到|提升至|增长到|增加到|增至|降至|降低到|下降到|控制在|保持在|稳定在|达)\s*(\d+(?:\.\d+)?)\s*({UNITS})(以上|以内|以下|左右)?"
        ))
        .unwrap(),
    })
}

const HEDGES: [&str; 4] = ["力争", "争取", "努力", "预期"];

/// Targets in the sentences of one paragraph.
fn inline(paragraph: &str, line: usize, node: &[String], units_after: &dyn Fn(usize) -> Vec<Unit>) -> Vec<Target> {
    let p = patterns();
    let mut out = Vec::new();
    let mut offset = 0;
    for sentence in paragraph.split_inclusive(['。', '；']) {
        let years: Vec<(usize, u16)> = p.year.captures_iter(sentence).filter_map(|c| Some((c.get(0)?.start(), c[1].parse().ok()?))).collect();
        for c in p.reach.captures_iter(sentence) {
            let at = c.get(0).map_or(0, |m| m.start());
            let Some(year) = years.iter().rev().find(|(y, _)| *y < at).or(years.first()).map(|y| y.1) else { continue };
            // The metric is the clause before the verb, without the year and hedges.
            let clause_start = sentence[..at].rfind(['，', '：', '。']).map_or(0, |i| i + '，'.len_utf8());
            let mut metric = sentence[clause_start..at].trim().to_string();
            if let Some(m) = p.year.find(&metric) {
                if m.start() == 0 {
                    metric = metric[m.end()..].to_string();
                }
            }
            for h in HEDGES.iter().chain(&["全市", "全区", "，"]) {
                metric = metric.trim_start_matches(h).trim_end_matches(h).to_string();
            }
            if metric.chars().count() < 2 {
                continue;
            }
            let before = &sentence[..at];
            out.push(Target {
                node: node.to_vec(),
                line,
                metric,
                value: c[2].parse().unwrap_or(0.0),
                unit: c[3].to_string(),
                bound: c.get(4).map(|m| m.as_str().to_string()).or_else(|| matches!(&c[1], "不低于" | "不少于" | "超过" | "突破" | "不超过").then(|| c[1].to_string())),
                year: Some(year),
                aspirational: HEDGES.iter().any(|h| before.contains(h)),
                units: units_after(offset + at),
                text: sentence.trim().to_string(),
                from: "inline".into(),
            });
        }
        offset += sentence.len();
    }
    out
}

/// The year a column names (`2025年`, `2025年目标值`): four ASCII digits
/// starting 20 and followed by 年. Byte offsets are checked, never assumed: the
/// bytes after a `20` may be the middle of a character (`20万`).
fn year_of(column: &str) -> Option<u16> {
    let c = compact(column);
    c.match_indices("20").find_map(|(at, _)| {
        let digits = c.get(at..at + 4).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
        c[at + 4..].starts_with('年').then(|| digits.parse().ok()).flatten()
    })
}

/// Rows of an indicator table: one target per row and future-year column.
fn table_targets(table: &Table, doc_year: Option<u16>, node: &[String]) -> Vec<Target> {
    if table.kind != TableKind::Grid {
        return Vec::new();
    }
    let names: Vec<String> = table.columns.iter().map(|c| compact(&c.name)).collect();
    let Some(metric_col) = names.iter().position(|n| n.contains("指标")) else { return Vec::new() };
    let kind_col = names.iter().position(|n| n.contains("属性"));
    // Columns of target years: named 目标 or a year after the document's.
    let target_cols: Vec<(usize, u16)> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.contains("基") && !n.contains("完成"))
        .filter_map(|(i, n)| year_of(n).map(|y| (i, y)))
        .filter(|(i, y)| names[*i].contains("目标") || doc_year.is_none_or(|d| *y > d))
        .collect();
    let caption = table.caption.clone().unwrap_or_else(|| "表格".into());
    let mut out = Vec::new();
    for row in &table.rows {
        // A row number before the indicator (`3.`, `3．`, `3、`) is not part of
        // it; a number that is (`70岁以下人口占比`) stays.
        let metric = row.cells.get(metric_col).map(|m| strip_row_number(m).to_string()).unwrap_or_default();
        if metric.is_empty() {
            continue;
        }
        let unit = metric.rfind('（').map(|i| metric[i..].trim_matches(['（', '）']).to_string()).unwrap_or_default();
        for &(col, year) in &target_cols {
            let Some(cell) = row.cells.get(col) else { continue };
            let Some(value) = parse_number(cell) else { continue };
            let bound = cell.trim().chars().next().filter(|c| matches!(c, '<' | '>' | '≥' | '≤' | '＜' | '＞')).map(|c| c.to_string());
            out.push(Target {
                node: node.to_vec(),
                line: row.line,
                metric: metric.clone(),
                value,
                unit: unit.clone(),
                bound,
                year: Some(year),
                aspirational: kind_col.and_then(|k| row.cells.get(k)).is_some_and(|k| k.contains("预期")),
                units: vec![],
                text: row.cells.join(" | "),
                from: caption.clone(),
            });
        }
    }
    out
}

/// Every numeric target of `doc`.
pub fn targets(doc: &Document) -> Vec<Target> {
    let nodes = NodeIndex::new(doc);
    let mut out = Vec::new();
    for (line, paragraph) in doc.paragraphs() {
        if !paragraph.contains("20") || paragraph.contains('\t') {
            continue;
        }
        let place = nodes.at(line);
        let node = place.as_ref().map(|p| p.path.to_vec()).unwrap_or_default();
        let units_after = |at: usize| crate::task::units_after(paragraph, at);
        out.extend(inline(paragraph, line, &node, &units_after));
    }
    let doc_year = doc.date.map(|d| d.year);
    for t in &doc.tables {
        let node = nodes.at(t.line_start).map(|p| p.path.to_vec()).unwrap_or_default();
        out.extend(table_targets(t, doc_year, &node));
    }
    out
}

/// `3.指标` → `指标`; `70岁以下…` unchanged.
fn strip_row_number(cell: &str) -> &str {
    let digits = cell.len() - cell.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &cell[digits..];
    match rest.chars().next() {
        Some(c @ ('.' | '．' | '、')) if digits > 0 => rest[c.len_utf8()..].trim_start(),
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(p: &str) -> Vec<Target> {
        inline(p, 1, &[], &|_| vec![])
    }

    #[test]
    fn a_column_with_20_before_a_wide_character_is_no_year() {
        // `20万` used to be sliced at a byte inside 万.
        assert_eq!(year_of("20万人"), None);
        assert_eq!(year_of("规模20万2025年目标"), Some(2025));
        assert_eq!(year_of("2025年"), Some(2025));
        assert_eq!(year_of("20"), None);
    }

    #[test]
    fn firm_and_aspirational_targets() {
        let t = one("到2025年，全市低空经济规模达到1000亿元以上，力争新能源装机容量达到100万千瓦。");
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!((t[0].metric.as_str(), t[0].value, t[0].unit.as_str(), t[0].bound.as_deref(), t[0].year, t[0].aspirational), ("低空经济规模", 1000.0, "亿元", Some("以上"), Some(2025), false));
        assert_eq!((t[1].metric.as_str(), t[1].value, t[1].unit.as_str(), t[1].aspirational), ("新能源装机容量", 100.0, "万千瓦", true));
        assert!(one("全市生产总值达到2万亿元。").is_empty(), "no year, no target");
    }

    #[test]
    fn row_numbers_go_leading_numbers_of_the_indicator_stay() {
        assert_eq!(strip_row_number("3.高新技术企业数量"), "高新技术企业数量");
        assert_eq!(strip_row_number("12、研发投入强度"), "研发投入强度");
        assert_eq!(strip_row_number("70岁以下老年人健康管理率"), "70岁以下老年人健康管理率");
        assert_eq!(strip_row_number("5G基站数"), "5G基站数");
    }
}
