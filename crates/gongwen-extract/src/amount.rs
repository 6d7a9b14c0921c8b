//! How much a measure gives, read from its clause: a share of a base with an
//! optional cap (按设备投资的8%给予最高800万元, ranges 5-10%, ‰), an amount
//! per unit (每平方米1000元, 按每证50万元), a list (分别给予1000万元、500万元),
//! a cap (最高不超过500万元), a fixed sum (给予100万元), or nothing stated
//! (免征增值税, 给予适当补助).

use gongwen_parse::knowledge::Knowledge;
use regex::Regex;
use serde::{Deserialize, Serialize};

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
    /// The text gives no figure (免征, 给予适当补助).
    Unstated,
}

impl Amount {
    /// The most one grant can be, when the text says.
    pub fn max_yuan(&self) -> Option<f64> {
        match self {
            Amount::Rate { cap, .. } => *cap,
            // Per unit, uncapped: what one unit (one item, one person) brings.
            Amount::PerUnit { yuan, cap, .. } => cap.or(Some(*yuan)),
            Amount::List { yuan } => yuan.iter().copied().reduce(f64::max),
            Amount::Cap { yuan } | Amount::Fixed { yuan } => Some(*yuan),
            Amount::Unstated => None,
        }
    }
}

/// In words, as a reader would write it: `生产性设备投资总额的8%，最高800万元`.
impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let wan = |y: f64| format!("{}万元", y / 1e4);
        let cap = |c: &Option<f64>| c.map(|c| format!("，最高{}", wan(c))).unwrap_or_default();
        match self {
            Amount::Rate { percent, base, cap: c } if base.is_empty() => write!(f, "{percent}%{}", cap(c)),
            Amount::Rate { percent, base, cap: c } => write!(f, "{base}的{percent}%{}", cap(c)),
            Amount::PerUnit { yuan, unit, cap: c } => write!(f, "每{unit}{yuan}元{}", cap(c)),
            Amount::List { yuan } => write!(f, "{}", yuan.iter().map(|y| wan(*y)).collect::<Vec<_>>().join("、")),
            Amount::Cap { yuan } => write!(f, "最高{}", wan(*yuan)),
            Amount::Fixed { yuan } => write!(f, "{}", wan(*yuan)),
            Amount::Unstated => write!(f, "未列明金额"),
        }
    }
}

struct Patterns {
    rate: Regex,
    cap: Regex,
    per_unit: Regex,
    per_unit_after: Regex,
    list: Regex,
    money: Regex,
}

const NUM: &str = r"(\d+(?:\.\d+)?)\s*(亿|万)?元";
/// A percentage or a range of them (5-10%), or per mille (2‰).
const PCT: &str = r"(\d+(?:\.\d+)?)(?:\s*[-－~～至到]\s*(\d+(?:\.\d+)?))?\s*([%％‰])";

fn patterns(k: &Knowledge) -> std::sync::Arc<Patterns> {
    k.derived(|k| {
        let re = |s: &str| Regex::new(&s.replace("NUM", NUM).replace("PCT", PCT)).expect("valid pattern");
        let mut units: Vec<&String> = k.measures.per_units.iter().collect();
        units.sort_by_key(|u| std::cmp::Reverse(u.chars().count()));
        let units = units.iter().map(|u| regex::escape(u)).collect::<Vec<_>>().join("|");
        Patterns {
            // 按设备投资的8%, 按照10%, 按不超过所获投资额10%的比例, 给予实际采购
            // 费用30%的补贴, 按照合同额分别给予A和B各10%的奖励; the base may
            // hold figures (按销售后1年内到账额的30%).
            rate: re(r"(?:按照|依据|根据|按|给予|不高于|不超过)\s*(?:不超过|不高于|最高)?\s*([^，；。%％‰]{0,30}?)\s*(?:的\s*)?(?:不超过|最高|各)?\s*PCT"),
            // 最高给予1000万元, 分别给予最高200万元、1000万元 (the largest counts).
            cap: re(r"(?:最高|最多|不超过|上限为?)\s*(?:不超过|给予|奖励|补贴|补助|资助|支持)?\s*NUM((?:\s*[、和或]\s*NUM)*)"),
            // 按每证50万元, 每认定1家…奖励10万元, 每平方米1000元 (a unit of
            // quantity needs nothing before it).
            per_unit: re(&format!(r"(?:按照?\s*每|每(?:认定|新认定|新增|引进|新获得|培养|获得|招用|招收|吸纳|聘用)\s*\d*\s*|每)({units})[^\d；。]{{0,20}}?NUM")),
            // 80万元/项
            per_unit_after: re(&format!(r"NUM\s*/\s*({units})")),
            list: re(r"分别给予\s*(?:最高)?\s*NUM((?:\s*[、和或]\s*NUM)+)"),
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

fn money_in(k: &Knowledge, text: &str) -> std::vec::IntoIter<f64> {
    patterns(k).money.captures_iter(text).map(|m| yuan(&m[1], m.get(2).map(|u| u.as_str()))).collect::<Vec<_>>().into_iter()
}

/// Whether `text` names a sum of money.
pub fn has_money(k: &Knowledge, text: &str) -> bool {
    patterns(k).money.is_match(text)
}

/// Whether `text` states a share (%, ％, ‰), as the rates of `PCT` do.
pub fn has_rate(text: &str) -> bool {
    text.contains(['%', '％', '‰'])
}

/// Whether `text` states a rate of a base (按…的30%, 给予…费用30%的补贴).
pub fn states_rate(k: &Knowledge, text: &str) -> bool {
    patterns(k).rate.is_match(text)
}

/// The percentage of a `PCT` match: the top of a range, ‰ as a tenth.
fn percent(c: &regex::Captures, first: usize) -> Option<f64> {
    let low: f64 = c.get(first)?.as_str().parse().ok()?;
    let high: f64 = c.get(first + 1).and_then(|m| m.as_str().parse().ok()).unwrap_or(low);
    Some(if c.get(first + 2).map(|m| m.as_str()) == Some("‰") { high / 10.0 } else { high })
}

/// The amount of one measure's clause; `grant_at` is where its grant verb
/// or instrument word begins (a sum before it is a threshold: 达到1亿元以上的).
pub fn amount(k: &Knowledge, clause: &str, grant_at: usize) -> Amount {
    let p = patterns(k);
    let cap = p.cap.captures(clause).map(|c| money_in(k, c.get(0).map_or("", |m| m.as_str())).fold(0.0, f64::max));
    if let Some(c) = p.rate.captures(clause) {
        if let Some(percent) = percent(&c, 2) {
            // `合同额分别给予研发单位和使用单位各`: the base is before the grant.
            let base = c[1].split("给予").next().unwrap_or("").trim().trim_end_matches("分别").trim_end_matches('的');
            return Amount::Rate { percent, base: base.to_string(), cap };
        }
    }
    let counts = &k.measures.count_units;
    let per_unit = p.per_unit.captures_iter(clause).find(|c| {
        let m = c.get(0).map_or("", |m| m.as_str());
        // `对每个车型给予…`, `每家补助10万元`: a sum to each beneficiary.
        let by_count = m.starts_with('按') || !m.starts_with("每") || m.chars().nth(1).is_some_and(|c| !c.is_ascii_digit() && "认新引培获招吸聘".contains(c));
        // `每人每月给予3000元`: a sum per period scales with it.
        let by_period = k.measures.per_periods.iter().any(|t| m[m.char_indices().nth(1).map_or(0, |(i, _)| i)..].contains(t.as_str()));
        !counts.contains(&c[1].to_string()) || by_count || by_period
    });
    if let Some(c) = per_unit {
        return Amount::PerUnit { yuan: yuan(&c[2], c.get(3).map(|u| u.as_str())), unit: c[1].to_string(), cap };
    }
    if let Some(c) = p.per_unit_after.captures(clause) {
        return Amount::PerUnit { yuan: yuan(&c[1], c.get(2).map(|u| u.as_str())), unit: c[3].to_string(), cap };
    }
    if let Some(m) = p.list.find(clause) {
        return Amount::List { yuan: money_in(k, m.as_str()).collect() };
    }
    if let Some(y) = cap {
        return Amount::Cap { yuan: y };
    }
    match money_in(k, &clause[grant_at.min(clause.len())..]).next() {
        Some(y) => Amount::Fixed { yuan: y },
        None => Amount::Unstated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(k: &Knowledge, clause: &str) -> Amount {
        amount(k, clause, clause.find("给予").unwrap_or(0))
    }

    #[test]
    fn rates_ranges_and_per_mille() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(at(k, "按照履行完成服务合同额的5-10%给予奖励，单个企业最高奖励100万元"), Amount::Rate { percent: 10.0, base: "履行完成服务合同额".into(), cap: Some(1e6) });
        assert_eq!(at(k, "按实际融资额的2‰给予补助，每家企业每年补助最高100万元"), Amount::Rate { percent: 0.2, base: "实际融资额".into(), cap: Some(1e6) });
        assert_eq!(at(k, "按不超过平台建设总投入的30％予以资助，最高资助2000万元"), Amount::Rate { percent: 30.0, base: "平台建设总投入".into(), cap: Some(2e7) });
        assert_eq!(at(k, "按最高50％的比例给予补助"), Amount::Rate { percent: 50.0, base: String::new(), cap: None });
        // A base with figures of its own.
        assert_eq!(at(k, "按照产品销售后1年内合同到账额的30%给予资助，最高资助100万元"), Amount::Rate { percent: 30.0, base: "产品销售后1年内合同到账额".into(), cap: Some(1e6) });
    }

    #[test]
    fn per_unit_fixed_and_unstated() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(at(k, "按每证50万元给予一次性奖励"), Amount::PerUnit { yuan: 5e5, unit: "证".into(), cap: None });
        assert_eq!(at(k, "每认定1家高新技术企业，一次性奖励孵化器10万元"), Amount::PerUnit { yuan: 1e5, unit: "家".into(), cap: None });
        assert_eq!(at(k, "按照每平方米1000元的标准，给予一次性补贴，最高不超过1000万元"), Amount::PerUnit { yuan: 1000.0, unit: "平方米".into(), cap: Some(1e7) });
        assert_eq!(at(k, "对获得国家最高科学技术奖的个人，给予每人800万元奖励"), Amount::Fixed { yuan: 8e6 });
        assert_eq!(at(k, "2年内增资达到1亿元以上的，给予100万元奖励"), Amount::Fixed { yuan: 1e6 });
        assert_eq!(at(k, "对符合条件的政府奖励免征个人所得税"), Amount::Unstated);
    }
}
