//! The policy finder: an enterprise profile read against the conditions of
//! support measures.
//!
//! Honest by construction: a condition is *met* only when the profile holds
//! what it names (a certification, a number above a stated threshold), *not
//! met* when the profile plainly contradicts it, and otherwise left *to check*
//! with its words quoted. Nothing unevaluable is assumed true.

use crate::amount::Amount;
use crate::measure::Measure;
use gongwen_parse::knowledge::Knowledge;
use gongwen_parse::text::compact;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What an enterprise says about itself. Amounts are in 万元.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub name: Option<String>,
    /// Words of its trade (商业航天, 生物医药, 软件); a measure is shown when
    /// one appears in its text, heading or document title.
    #[serde(default)]
    pub industry: Vec<String>,
    /// Where it is registered (东湖高新区, 汉阳区).
    #[serde(default)]
    pub district: Option<String>,
    pub revenue_wan: Option<f64>,
    pub registered_capital_wan: Option<f64>,
    pub employees: Option<f64>,
    pub planned_investment_wan: Option<f64>,
    #[serde(default)]
    pub certifications: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every condition gongwen could read is met, at least one was, and
    /// none is left.
    Meets,
    /// Nothing contradicts the profile, but some conditions need a person.
    ToCheck,
    /// The profile contradicts a condition.
    NotMet,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assessment {
    pub verdict: Verdict,
    /// Why the measure was picked (the trade word and where it was found).
    pub relevant_by: Vec<String>,
    pub met: Vec<String>,
    pub not_met: Vec<String>,
    /// Conditions gongwen could not evaluate, quoted.
    pub to_check: Vec<String>,
    /// The most this enterprise could receive, when the amount and the
    /// profile allow computing it (元).
    pub max_yuan: Option<f64>,
    pub how: Option<String>,
}

fn threshold_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(达到|超过|突破|不低于|不少于|高于|在|以上|首次)?\s*(\d+(?:\.\d+)?)\s*(亿元|万元|亿|万人|人|名)(以上|及以上)?").unwrap())
}

fn folded(s: &str) -> String {
    compact(s).replace(['“', '”', '"', '「', '」'], "")
}

/// A number of the profile a condition can be compared with; the keys of
/// `[numbers]` in data/finder.toml.
#[derive(Clone, Copy)]
enum Quantity {
    Revenue,
    RegisteredCapital,
    PlannedInvestment,
    Employees,
}

impl Quantity {
    fn from_key(key: &str) -> Option<Quantity> {
        match key {
            "revenue_wan" => Some(Quantity::Revenue),
            "registered_capital_wan" => Some(Quantity::RegisteredCapital),
            "planned_investment_wan" => Some(Quantity::PlannedInvestment),
            "employees" => Some(Quantity::Employees),
            _ => None,
        }
    }
    fn value(self, p: &Profile) -> Option<f64> {
        match self {
            Quantity::Revenue => p.revenue_wan,
            Quantity::RegisteredCapital => p.registered_capital_wan,
            Quantity::PlannedInvestment => p.planned_investment_wan,
            Quantity::Employees => p.employees,
        }
    }
    fn label(self) -> &'static str {
        match self {
            Quantity::Revenue => "营业收入",
            Quantity::RegisteredCapital => "注册资本",
            Quantity::PlannedInvestment => "投资",
            Quantity::Employees => "人数",
        }
    }
}

/// The quantity a threshold sits next to: the nearest naming word before it.
fn quantity(k: &Knowledge, before: &str) -> Option<Quantity> {
    let mut best: Option<(usize, Quantity)> = None;
    for (key, words) in &k.finder.numbers {
        let Some(q) = Quantity::from_key(key) else { continue };
        for w in words {
            if let Some(at) = before.rfind(w.as_str()) {
                if best.is_none_or(|(b, _)| at > b) {
                    best = Some((at, q));
                }
            }
        }
    }
    best.map(|(_, q)| q)
}

/// Reads one measure against the profile. `doc_title` and `issuer` place it.
pub fn assess(k: &Knowledge, profile: &Profile, m: &Measure, doc_title: &str, issuer: &str) -> Option<Assessment> {
    let hay = format!("{}{}{}", m.heading.as_deref().unwrap_or(""), m.text, doc_title);
    let relevant_by: Vec<String> = profile.industry.iter().filter(|w| !w.trim().is_empty() && hay.contains(w.trim())).map(|w| format!("行业“{}”见于措施或文件标题", w.trim())).collect();
    if !profile.industry.is_empty() && relevant_by.is_empty() {
        return None;
    }
    let (mut met, mut not_met, mut to_check) = (Vec::new(), Vec::new(), Vec::new());
    let cond = m.condition.as_str();

    // Place: a district government's measure is for enterprises of that district.
    if let Some(at) = issuer.find("区人民政府").filter(|_| !issuer.starts_with('市')) {
        let district = issuer[..at].rsplit(['市', '省']).next().unwrap_or("").to_string() + "区";
        match profile.district.as_deref().map(compact) {
            Some(d) if d.contains(&district) || district.contains(&d) => met.push(format!("地域：{district}")),
            Some(d) => not_met.push(format!("地域：由{district}发布，企业在{d}")),
            None => to_check.push(format!("地域：由{district}发布，须为本区企业")),
        }
    }

    // Certifications the condition names.
    let have: Vec<String> = profile.certifications.iter().map(|c| folded(c)).collect();
    let cond_f = folded(cond);
    let mut named: Vec<String> = k.finder.certifications.iter().map(|c| folded(c)).filter(|c| cond_f.contains(c.as_str())).collect();
    // 小巨人 inside 专精特新小巨人 is one requirement, not two.
    let all = named.clone();
    named.retain(|c| !all.iter().any(|o| o != c && o.contains(c.as_str())));
    for c in named {
        if have.iter().any(|h| h.contains(&c) || c.contains(h.as_str())) {
            met.push(format!("资质：{c}"));
        } else {
            not_met.push(format!("资质：需{c}"));
        }
    }

    // Numeric thresholds next to a named quantity.
    for c in threshold_re().captures_iter(cond) {
        let Some(whole) = c.get(0) else { continue };
        let Some(q) = quantity(k, &cond[..whole.start()]) else { continue };
        let n: f64 = c[2].parse().unwrap_or(0.0);
        let stated = match &c[3] {
            "亿元" | "亿" => n * 1e4,
            _ => n,
        };
        let label = q.label();
        match q.value(profile) {
            Some(v) if v >= stated => met.push(format!("{label}{v}≥{stated}（{}）", whole.as_str())),
            Some(v) => not_met.push(format!("{label}{v}<{stated}（{}）", whole.as_str())),
            None => to_check.push(format!("{label}：条件为“{}”，企业资料未填", whole.as_str())),
        }
    }

    // Whatever else the condition says stays for a person.
    let rest = cond.trim();
    if !rest.is_empty() {
        to_check.push(format!("条件原文：{rest}"));
    }
    if m.stacking.is_some() {
        to_check.push(format!("叠加规则：{}", m.stacking.as_deref().unwrap_or("")));
    }

    // 符合 needs at least one condition actually met: a measure whose
    // conditions gongwen read none of is for a person to check.
    if met.is_empty() && not_met.is_empty() && to_check.is_empty() {
        to_check.push("条件：未读出可核对的条件，请查看原文".to_string());
    }
    let (max_yuan, how) = max_for(k, profile, &m.amount);
    let verdict = if !not_met.is_empty() {
        Verdict::NotMet
    } else if to_check.is_empty() && !met.is_empty() {
        Verdict::Meets
    } else {
        Verdict::ToCheck
    };
    Some(Assessment { verdict, relevant_by, met, not_met, to_check, max_yuan, how })
}

/// The computable maximum: a rate of a base the profile knows, capped; else
/// the stated cap or sum.
fn max_for(k: &Knowledge, profile: &Profile, a: &Amount) -> (Option<f64>, Option<String>) {
    if let Amount::Rate { percent, base, cap } = a {
        let base_value = quantity(k, base).and_then(|q| q.value(profile));
        if let Some(v) = base_value {
            let raw = v * 1e4 * percent / 100.0;
            let value = cap.map_or(raw, |c| raw.min(c));
            let how = format!("{base}{v}万元 × {percent}% = {}万元{}", raw / 1e4, cap.map(|c| format!("，上限{}万元", c / 1e4)).unwrap_or_default());
            return (Some(value), Some(how));
        }
    }
    (a.max_yuan(), a.max_yuan().map(|_| "措施所载最高额".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Measure;

    fn measure(condition: &str, amount: Amount) -> Measure {
        Measure {
            kind: gongwen_model::MeasureKind::Grant,
            beneficiary: None,
            node: vec![],
            heading: Some("支持商业航天".into()),
            line: 1,
            text: format!("{condition}，给予支持"),
            condition: condition.into(),
            amount,
            per_year: false,
            one_off: false,
            installments: None,
            stacking: None,
            clawback: None,
            units: vec![],
        }
    }

    #[test]
    fn rate_with_known_base_and_honest_leftovers() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let p = Profile { industry: vec!["商业航天".into()], planned_investment_wan: Some(20000.0), ..Default::default() };
        let m = measure("符合条件的商业航天产业化投资项目", Amount::Rate { percent: 8.0, base: "生产性设备购置与改造投资总额".into(), cap: Some(8e6) });
        let a = assess(k, &p, &m, "关于支持商业航天产业发展的若干措施", "武汉市人民政府").unwrap();
        assert_eq!(a.max_yuan, Some(8e6), "8% of 2亿 is 1600万, capped at 800万");
        assert_eq!(a.verdict, Verdict::ToCheck, "「符合条件」cannot be evaluated");
        assert!(a.to_check.iter().any(|c| c.contains("符合条件的商业航天产业化投资项目")));
    }

    #[test]
    fn thresholds_certifications_and_place() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let p = Profile { revenue_wan: Some(50000.0), certifications: vec!["专精特新小巨人".into()], district: Some("江岸区".into()), ..Default::default() };
        let m = measure("对营业收入首次突破10亿元的专精特新“小巨人”企业", Amount::Fixed { yuan: 1e6 });
        let a = assess(k, &p, &m, "t", "武汉市人民政府").unwrap();
        assert!(a.not_met.iter().any(|x| x.starts_with("营业收入")), "{a:?}");
        assert!(a.met.iter().any(|x| x.contains("小巨人")), "{a:?}");
        assert_eq!(a.verdict, Verdict::NotMet);
        let a = assess(k, &p, &measure("总部企业", Amount::Fixed { yuan: 1e6 }), "t", "武汉市汉阳区人民政府").unwrap();
        assert!(a.not_met.iter().any(|x| x.contains("汉阳区")), "{a:?}");
        let unknown = Profile::default();
        let a = assess(k, &unknown, &measure("营业收入超过5000万元的企业", Amount::Fixed { yuan: 1e6 }), "t", "武汉市人民政府").unwrap();
        assert_eq!(a.verdict, Verdict::ToCheck, "an empty field is never assumed to meet a threshold");
    }

    #[test]
    fn meets_needs_a_condition_actually_met() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        // A measure with no condition gongwen can read is never 符合.
        let p = Profile { revenue_wan: Some(50000.0), ..Profile::default() };
        let a = assess(k, &p, &measure("", Amount::Fixed { yuan: 3.6e10 }), "t", "武汉市人民政府").unwrap();
        assert_eq!(a.verdict, Verdict::ToCheck, "{a:?}");
        let a = assess(k, &p, &measure("营业收入超过5000万元的企业", Amount::Fixed { yuan: 1e6 }), "t", "武汉市人民政府").unwrap();
        assert!(a.met.iter().any(|m| m.starts_with("营业收入")), "{a:?}");
    }
}
