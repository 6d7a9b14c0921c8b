//! Support measures (惠企政策): clauses that grant money, read into numbers.
//!
//! A clause is a sentence part (split at 。 and ；) with a grant verb
//! (给予, 奖励, 补贴, 资助, 支持 …) and an amount or a rate. Its amount is read
//! as one of: a rate of a base with an optional cap (按设备投资的8%给予最高
//! 800万元), a per-unit amount (每平方米1000元), a list (分别给予1000万元、500
//! 万元), a cap (最高不超过500万元) or a fixed sum (给予100万元). Around it:
//! the condition (the words before the grant), per-year or one-off, payment
//! in instalments (分2年兑现, 按4:3:3), and, from the whole paragraph, the
//! stacking rule (就高不重复) and the clawback (退回所享受的奖励).

use crate::nodes::NodeIndex;
use gongwen_model::Document;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Amounts are in yuan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Amount {
    /// `percent` of `base` (设备投资总额), at most `cap`.
    Rate { percent: f64, base: String, cap: Option<f64> },
    /// `yuan` per `unit` (平方米, 人 …), at most `cap`.
    PerUnit { yuan: f64, unit: String, cap: Option<f64> },
    /// 分别给予 a、b、c: one amount per case named before it.
    List { yuan: Vec<f64> },
    /// At most this much (最高 / 不超过).
    Cap { yuan: f64 },
    Fixed { yuan: f64 },
}

impl Amount {
    /// The most one grant can be, when the text says.
    pub fn max_yuan(&self) -> Option<f64> {
        match self {
            Amount::Rate { cap, .. } | Amount::PerUnit { cap, .. } => *cap,
            Amount::List { yuan } => yuan.iter().copied().reduce(f64::max),
            Amount::Cap { yuan } | Amount::Fixed { yuan } => Some(*yuan),
        }
    }
}

/// In words, as a reader would write it: `生产性设备投资总额的8%，最高800万元`.
impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let wan = |y: f64| format!("{}万元", y / 1e4);
        let cap = |c: &Option<f64>| c.map(|c| format!("，最高{}", wan(c))).unwrap_or_default();
        match self {
            Amount::Rate { percent, base, cap: c } => write!(f, "{base}的{percent}%{}", cap(c)),
            Amount::PerUnit { yuan, unit, cap: c } => write!(f, "每{unit}{yuan}元{}", cap(c)),
            Amount::List { yuan } => write!(f, "{}", yuan.iter().map(|y| wan(*y)).collect::<Vec<_>>().join("、")),
            Amount::Cap { yuan } => write!(f, "最高{}", wan(*yuan)),
            Amount::Fixed { yuan } => write!(f, "{}", wan(*yuan)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Installments {
    pub years: Option<u32>,
    /// 4:3:3 → [4, 3, 3].
    pub ratio: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// Outline labels from the outermost: ["三", "（五）"].
    pub node: Vec<String>,
    /// The node's heading (落户奖励), which usually names the measure.
    pub heading: Option<String>,
    /// Source line of the paragraph.
    pub line: usize,
    /// The clause as written.
    pub text: String,
    /// The words before the grant: who qualifies and when.
    pub condition: String,
    pub amount: Amount,
    pub per_year: bool,
    pub one_off: bool,
    pub installments: Option<Installments>,
    /// The paragraph's sentence on combining measures (就高不重复 …).
    pub stacking: Option<String>,
    /// The paragraph's sentence on returning the money (退回 …).
    pub clawback: Option<String>,
    /// Units in charge, from the task note after the clause (牵头单位：…).
    #[serde(default)]
    pub units: Vec<crate::task::Unit>,
}

struct Patterns {
    grant: Regex,
    rate: Regex,
    cap: Regex,
    per_unit: Regex,
    list: Regex,
    fixed: Regex,
    years: Regex,
    ratio: Regex,
    money: Regex,
}

const NUM: &str = r"(\d+(?:\.\d+)?)\s*(亿|万)?元";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: &str| Regex::new(&s.replace("NUM", NUM)).expect("valid pattern");
        Patterns {
            grant: re(r"给予|奖励|补贴|补助|资助|支持|奖补|贴息"),
            rate: re(r"(?:按照|依据|根据|按)([^，；。]{1,30}?)的\s*(\d+(?:\.\d+)?)\s*[%％]"),
            // 最高给予1000万元, 分别给予最高200万元、1000万元 (the largest counts).
            cap: re(r"(?:最高|最多|不超过|上限为?)\s*(?:不超过|给予|奖励|补贴|支持)?\s*NUM((?:\s*[、和或]\s*NUM)*)"),
            per_unit: re(r"每(平方米|人|户|家|个|项|台|套|次|吨|亩)\s*(?:给予)?\s*NUM"),
            list: re(r"分别给予\s*NUM((?:\s*[、和或]\s*NUM)+)"),
            fixed: re(r"NUM"),
            years: re(r"分\s*(\d+)\s*年"),
            ratio: re(r"按\s*(\d+(?:\s*[:∶：]\s*\d+)+)"),
            money: re(r"(\d+(?:\.\d+)?)\s*(亿|万)?元"),
        }
    })
}

fn yuan(number: &str, unit: Option<&str>) -> f64 {
    let n: f64 = number.parse().unwrap_or(0.0);
    match unit {
        Some("亿") => n * 1e8,
        Some("万") => n * 1e4,
        _ => n,
    }
}

/// The amount of one clause, if it grants money.
fn amount(clause: &str) -> Option<Amount> {
    let p = patterns();
    let cap = p.cap.captures(clause).map(|c| {
        let all = c.get(0).map_or("", |m| m.as_str());
        p.money.captures_iter(all).map(|m| yuan(&m[1], m.get(2).map(|u| u.as_str()))).fold(0.0, f64::max)
    });
    if let Some(c) = p.rate.captures(clause) {
        return Some(Amount::Rate { percent: c[2].parse().ok()?, base: c[1].to_string(), cap });
    }
    if let Some(c) = p.per_unit.captures(clause) {
        return Some(Amount::PerUnit { yuan: yuan(&c[2], c.get(3).map(|m| m.as_str())), unit: c[1].to_string(), cap });
    }
    if let Some(c) = p.list.captures(clause) {
        let all = &clause[c.get(0)?.start()..c.get(0)?.end()];
        let yuan = p.money.captures_iter(all).map(|m| yuan(&m[1], m.get(2).map(|u| u.as_str()))).collect();
        return Some(Amount::List { yuan });
    }
    if let Some(y) = cap {
        return Some(Amount::Cap { yuan: y });
    }
    // A sum right after the grant verb, not a threshold (达到1亿元以上).
    let grant = p.grant.find(clause)?;
    let c = p.fixed.captures(&clause[grant.start()..])?;
    Some(Amount::Fixed { yuan: yuan(&c[1], c.get(2).map(|m| m.as_str())) })
}

fn sentence_with<'a>(paragraph: &'a str, words: &[&str]) -> Option<&'a str> {
    paragraph.split_inclusive('。').find(|s| words.iter().any(|w| s.contains(w))).map(str::trim)
}

const STACKING: [&str; 6] = ["就高不重复", "不重复享受", "不能同时享受", "不得同时享受", "不重复支持", "择优"];
const CLAWBACK: [&str; 4] = ["退回", "收回", "追回", "返还"];

/// The measures of one paragraph.
fn paragraph_measures(paragraph: &str, line: usize, node: &[String], heading: Option<&str>) -> Vec<Measure> {
    let p = patterns();
    let stacking = sentence_with(paragraph, &STACKING).map(str::to_string);
    let clawback = sentence_with(paragraph, &CLAWBACK).map(str::to_string);
    let mut out = Vec::new();
    // The heading (（一）落户奖励。) is not a clause of its own.
    let body = match heading {
        Some(h) => paragraph.find(h).map(|at| &paragraph[at + h.len()..]).unwrap_or(paragraph).trim_start_matches('。'),
        None => paragraph,
    };
    let body_at = paragraph.len() - body.len();
    let mut sentence_at = body_at;
    for sentence in body.split_inclusive('。') {
        let here = sentence_at;
        sentence_at += sentence.len();
        for clause in sentence.split_inclusive('；') {
            let clause = clause.trim().trim_end_matches(['。', '；']);
            if !p.grant.is_match(clause) {
                continue;
            }
            let Some(amount) = amount(clause) else { continue };
            // 给予 marks the grant; a bare 奖励 may be the measure's name (申请落户奖励的企业).
            let grant = clause.find("给予").or_else(|| p.grant.find(clause).map(|m| m.start())).unwrap_or(0);
            // The installment terms often sit in the next clause of the sentence.
            let installments = p.years.captures(sentence).map(|c| c[1].parse().ok()).map(|years| Installments {
                years,
                ratio: p.ratio.captures(sentence).map(|r| r[1].split([':', '∶', '：']).filter_map(|n| n.trim().parse().ok()).collect()).unwrap_or_default(),
            });
            // The condition ends where the grant, or the rate it is computed by, begins.
            let end = p.rate.find(clause).map_or(grant, |r| r.start().min(grant));
            let condition = clause[..end].trim_start_matches('对').trim_end_matches("分别").trim_end_matches(['，', '的']).to_string();
            out.push(Measure {
                node: node.to_vec(),
                heading: heading.map(str::to_string),
                line,
                text: clause.to_string(),
                condition,
                amount,
                per_year: clause.contains("每年"),
                one_off: clause.contains("一次性"),
                installments: installments.filter(|_| sentence.contains("兑现") || sentence.contains("拨付") || sentence.contains("支付")),
                stacking: stacking.clone(),
                clawback: clawback.clone(),
                units: crate::task::units_after(paragraph, here),
            });
        }
    }
    out
}

/// Every support measure of `doc`, in text order.
pub fn measures(doc: &Document) -> Vec<Measure> {
    let nodes = NodeIndex::new(doc);
    let mut out = Vec::new();
    for (line, paragraph) in doc.paragraphs() {
        if !patterns().money.is_match(paragraph) && !paragraph.contains('%') && !paragraph.contains('％') {
            continue;
        }
        let place = nodes.at(line);
        let path = place.as_ref().map(|p| p.path.to_vec()).unwrap_or_default();
        let heading = place.as_ref().and_then(|p| p.heading());
        out.extend(paragraph_measures(paragraph, line, &path, heading));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(p: &str) -> Vec<Measure> {
        paragraph_measures(p, 1, &[], None)
    }

    #[test]
    fn rate_of_a_base_with_a_cap_paid_in_instalments() {
        let m = one("申请落户奖励的总部企业，按照企业实缴注册资本的2%给予落户奖励，奖励资金分2年兑现，最高不超过4000万元。");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].amount, Amount::Rate { percent: 2.0, base: "企业实缴注册资本".into(), cap: Some(4e7) });
        assert_eq!(m[0].installments, Some(Installments { years: Some(2), ratio: vec![] }));
        let m = one("按4:3:3比例分3年拨付，给予最高500万元支持。");
        assert_eq!(m[0].installments, Some(Installments { years: Some(3), ratio: vec![4, 3, 3] }));
        let m = one("按照企业实缴注册资本的2%给予落户奖励，最高不超过4000万元，奖励资金分2年兑现。");
        assert_eq!(m[0].amount, Amount::Rate { percent: 2.0, base: "企业实缴注册资本".into(), cap: Some(4e7) });
        assert_eq!(m[0].installments, Some(Installments { years: Some(2), ratio: vec![] }));
    }

    #[test]
    fn lists_fixed_sums_per_unit_stacking_and_clawback() {
        let m = one("对入选的企业，分别给予1000万元、500万元、200万元一次性奖励。对获批示范企业，给予100万元一次性奖励。同一企业不能同时享受以上两项补贴。凡在规定期限内交易的，退回所享受的奖励资金。");
        assert_eq!(m[0].amount, Amount::List { yuan: vec![1e7, 5e6, 2e6] });
        assert!(m[0].one_off);
        assert_eq!(m[1].amount, Amount::Fixed { yuan: 1e6 });
        assert_eq!(m[1].condition, "获批示范企业");
        assert!(m[1].stacking.as_deref().unwrap().contains("不能同时享受"));
        assert!(m[1].clawback.as_deref().unwrap().contains("退回"));
        let m = one("按照每平方米1000元的标准，给予购建自用办公用房一次性补贴，最高不超过1000万元。");
        assert_eq!(m[0].amount, Amount::PerUnit { yuan: 1000.0, unit: "平方米".into(), cap: Some(1e7) });
    }

    #[test]
    fn thresholds_are_not_amounts() {
        let m = one("2年内增资达到1亿元以上的，按照实际到资额的1%给予一次性资金奖励，最高不超过500万元。");
        assert_eq!(m[0].amount, Amount::Rate { percent: 1.0, base: "实际到资额".into(), cap: Some(5e6) });
        assert!(one("全市生产总值达到2万亿元。").is_empty());
    }
}
