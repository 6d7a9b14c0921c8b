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

use gongwen_parse::knowledge::Knowledge;
use crate::nodes::NodeIndex;
use crate::amount::Amount;
use gongwen_model::{Document, MeasureKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Installments {
    pub years: Option<u32>,
    /// 4:3:3 → [4, 3, 3].
    pub ratio: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// What it gives.
    #[serde(default)]
    pub kind: MeasureKind,
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
    /// Who receives it, as printed (企业, 个人, 孵化器), when the clause says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiary: Option<String>,
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
    years: Regex,
    ratio: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns { years: Regex::new(r"分\s*(\d+)\s*年").expect("valid pattern"), ratio: Regex::new(r"按\s*(\d+(?:\s*[:∶：]\s*\d+)+)").expect("valid pattern") })
}

/// Who receives it: the words after `对` in the condition, from its last
/// `的` (`对获得…奖的个人` → 个人), else the object of the grant verb before
/// a sum (`奖励孵化器10万元` → 孵化器).
fn beneficiary(k: &Knowledge, condition: &str, grant: &str) -> Option<String> {
    let fits = |t: &str| (1..=24).contains(&t.chars().count());
    let after_de = |s: &str| s.rsplit_once('的').map_or(s, |(_, t)| t).trim_matches(['，', '、', ' ']).to_string();
    // The condition's last piece that names someone (`对…`, `…的企业`).
    let piece = condition.split(['，', ',']).rev().find(|p| p.contains('对') || p.contains('的')).unwrap_or(condition);
    if let Some(after) = piece.rfind('对').map(|at| &piece[at + '对'.len_utf8()..]) {
        let t = after_de(after);
        if fits(&t) {
            return Some(t);
        }
    }
    let words = &k.measures;
    let object: String = words
        .object_verbs
        .iter()
        .find_map(|v| grant.find(v.as_str()).map(|at| &grant[at + v.len()..]))
        .map(|rest| rest.chars().take_while(|c| gongwen_parse::text::is_cjk(*c) && !words.object_stops.contains(*c)).collect())
        .unwrap_or_default();
    if (2..=12).contains(&object.chars().count()) && crate::grant::first_instrument(k, &object).is_none() {
        return Some(object);
    }
    let t = after_de(piece);
    (fits(&t) && piece.contains('的')).then_some(t)
}

/// Whether a grant word is named as paid per unit (`度电补贴`).
fn per_unit_by_name(k: &Knowledge, clause: &str) -> bool {
    let w = &k.measures;
    w.per_unit_before.iter().any(|p| clause.match_indices(p.as_str()).any(|(at, _)| w.instruments.grant.iter().any(|g| clause[at + p.len()..].starts_with(g.as_str()))))
}

fn sentence_with<'a>(paragraph: &'a str, words: &[String]) -> Option<&'a str> {
    paragraph.split_inclusive('。').find(|s| words.iter().any(|w| s.contains(w.as_str()))).map(str::trim)
}

/// The measures of one paragraph.
/// `line_at(offset)`: the source line a byte offset of `paragraph` is printed
/// on (a paragraph may wrap over several lines of the source).
fn paragraph_measures(k: &Knowledge, paragraph: &str, line_at: &dyn Fn(usize) -> usize, node: &[String], heading: Option<&str>) -> Vec<Measure> {
    let p = patterns();
    let words = &k.measures;
    let stacking = sentence_with(paragraph, &words.stacking).map(str::to_string);
    let clawback = sentence_with(paragraph, &words.clawback).map(str::to_string);
    let mut out = Vec::new();
    // The heading (（一）落户奖励。) is not a clause of its own — unless it
    // grants a sum itself (（四）个人创业可申请最高30万元创业担保贷款。（…负责）).
    let heading = heading.filter(|h| !((crate::amount::has_money(k, h) || crate::amount::has_rate(h)) && !crate::grant::grants(k, h).is_empty()));
    let body = match heading {
        Some(h) => paragraph.find(h).map(|at| &paragraph[at + h.len()..]).unwrap_or(paragraph).trim_start_matches('。'),
        None => paragraph,
    };
    let body_at = paragraph.len() - body.len();
    let mut sentence_at = body_at;
    for sentence in body.split_inclusive(['。', '；', ';']) {
        let here = sentence_at;
        sentence_at += sentence.len();
        for g in crate::grant::grants(k, sentence) {
            let clause = sentence[g.start..g.end].trim().trim_end_matches(['。', '；', ';', '，', ',']);
            let lead = sentence[g.start..g.end].len() - sentence[g.start..g.end].trim_start().len();
            let grant_at = g.grant_at.saturating_sub(lead).min(clause.len());
            let amount = crate::amount::amount(k, clause, grant_at);
            let kind = match (g.kind, &amount) {
                (MeasureKind::Grant, Amount::Rate { .. }) => MeasureKind::Rate,
                (MeasureKind::Grant, Amount::PerUnit { .. }) => MeasureKind::PerUnit,
                // Shares stated without a base (`给予五年房租补贴，其中前两年100%`).
                (MeasureKind::Grant, Amount::Unstated) if crate::amount::has_rate(clause) => MeasureKind::Rate,
                // A share whose figure is left open (`给予一定比例奖励`).
                (MeasureKind::Grant, Amount::Unstated) if k.measures.share_words.iter().any(|w| clause.contains(w.as_str())) => MeasureKind::Rate,
                // A sum in proportion to a base (`按照其上年度技术合同成交额给予一定奖励`).
                (MeasureKind::Grant, Amount::Unstated) if scales_with_base(k, clause) => MeasureKind::Rate,
                // A subsidy per unit by its name (`给予度电补贴`).
                (MeasureKind::Grant, Amount::Unstated) if per_unit_by_name(k, clause) => MeasureKind::PerUnit,
                (k, _) => k,
            };
            // The installment terms often sit in the next clause of the sentence.
            let installments = p.years.captures(sentence).map(|c| c[1].parse().ok()).map(|years| Installments {
                years,
                ratio: p.ratio.captures(sentence).map(|r| r[1].split([':', '∶', '：']).filter_map(|n| n.trim().parse().ok()).collect()).unwrap_or_default(),
            });
            // The condition ends where the grant, or the rate it is computed by, begins.
            let rate_at = ["按照", "依据", "根据", "按"].iter().filter_map(|w| clause.find(w)).min().unwrap_or(clause.len());
            let end = grant_at.min(rate_at);
            // An item's marker (六、) opens the clause, not the condition.
            let cond = &clause[..end];
            let cond = gongwen_parse::outline::marker(cond).map_or(cond, |m| &cond[m.rest..]);
            let condition = cond.trim_start_matches('对').trim_end_matches("分别").trim_end_matches(['，', '的']).to_string();
            out.push(Measure {
                kind,
                beneficiary: beneficiary(k, &clause[..end], &clause[grant_at..]),
                node: node.to_vec(),
                heading: heading.map(str::to_string),
                line: line_at(here + g.start + lead),
                text: clause.to_string(),
                condition,
                amount,
                per_year: clause.contains("每年"),
                one_off: clause.contains("一次性"),
                installments: installments.filter(|_| sentence.contains("兑现") || sentence.contains("拨付") || sentence.contains("支付")),
                stacking: stacking.clone(),
                clawback: clawback.clone(),
                units: crate::task::units_after(k, paragraph, here),
            });
        }
    }
    out
}

/// Every support measure of `doc`, in text order.
pub fn measures(k: &Knowledge, doc: &Document) -> Vec<Measure> {
    let nodes = NodeIndex::new(doc);
    let mut out = Vec::new();
    for (line, paragraph) in doc.paragraphs() {
        let money_aspect = k.measures.aspect_money.iter().any(|w| paragraph.contains(w.as_str())) && k.measures.aspect_support.iter().any(|w| paragraph.contains(w.as_str()));
        if crate::grant::first_instrument(k, paragraph).is_none() && !crate::amount::has_money(k, paragraph) && !money_aspect {
            continue;
        }
        let place = nodes.at(line);
        let path = place.as_ref().map(|p| p.path.to_vec()).unwrap_or_default();
        let heading = place.as_ref().and_then(|p| p.heading());
        out.extend(paragraph_measures(k, paragraph, &|at| doc.line_at(line, at), &path, heading));
    }
    out
}

/// `按(照)…成交额给予…`: what the clause gives is measured on a base (a word
/// of `share_bases` ends what stands between 按 and the grant verb).
fn scales_with_base(k: &Knowledge, clause: &str) -> bool {
    let w = &k.measures;
    let Some(by) = clause.find('按') else { return false };
    let after = &clause[by..];
    crate::grant::GIVE.iter().filter_map(|g| after.find(g)).min().is_some_and(|give| {
        let base = after[..give].trim_end_matches(['，', ',']).trim_end_matches("的");
        !base.contains(['，', ',', '。']) && w.share_bases.iter().any(|b| base.ends_with(b.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(k: &Knowledge, p: &str) -> Vec<Measure> {
        paragraph_measures(k, p, &|_| 1, &[], None)
    }

    #[test]
    fn rate_of_a_base_with_a_cap_paid_in_instalments() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "申请落户奖励的总部企业，按照企业实缴注册资本的2%给予落户奖励，奖励资金分2年兑现，最高不超过4000万元。");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].amount, Amount::Rate { percent: 2.0, base: "企业实缴注册资本".into(), cap: Some(4e7) });
        assert_eq!(m[0].installments, Some(Installments { years: Some(2), ratio: vec![] }));
        let m = one(k, "按4:3:3比例分3年拨付，给予最高500万元支持。");
        assert_eq!(m[0].installments, Some(Installments { years: Some(3), ratio: vec![4, 3, 3] }));
        let m = one(k, "按照企业实缴注册资本的2%给予落户奖励，最高不超过4000万元，奖励资金分2年兑现。");
        assert_eq!(m[0].amount, Amount::Rate { percent: 2.0, base: "企业实缴注册资本".into(), cap: Some(4e7) });
        assert_eq!(m[0].installments, Some(Installments { years: Some(2), ratio: vec![] }));
    }

    #[test]
    fn lists_fixed_sums_per_unit_stacking_and_clawback() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "对入选的企业，分别给予1000万元、500万元、200万元一次性奖励。对获批示范企业，给予100万元一次性奖励。同一企业不能同时享受以上两项补贴。凡在规定期限内交易的，退回所享受的奖励资金。");
        assert_eq!(m[0].amount, Amount::List { yuan: vec![1e7, 5e6, 2e6] });
        assert!(m[0].one_off);
        assert_eq!(m[1].amount, Amount::Fixed { yuan: 1e6 });
        assert_eq!(m[1].condition, "获批示范企业");
        assert!(m[1].stacking.as_deref().unwrap().contains("不能同时享受"));
        assert!(m[1].clawback.as_deref().unwrap().contains("退回"));
        let m = one(k, "按照每平方米1000元的标准，给予购建自用办公用房一次性补贴，最高不超过1000万元。");
        assert_eq!(m[0].amount, Amount::PerUnit { yuan: 1000.0, unit: "平方米".into(), cap: Some(1e7) });
    }

    #[test]
    fn a_rate_stated_as_the_instruments_is_a_grant_and_an_aside_does_not_negate_it() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        // 资助强度约为…/项 names no beneficiary, yet is no total.
        let m = one(k, "今年拟资助培育项目20～30项，直接费用资助强度约为80万元/项，资助期限为3年。");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].amount, Amount::PerUnit { yuan: 8e5, unit: "项".into(), cap: None });
        let m = one(k, "中方对获批准项目的资助强度为直接经费不超过200万元（请注意：申请直接费用大于200万元将不予受理），其中包括研究经费。");
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(one(k, "对骗取补贴的企业，不予受理其申请。").is_empty());
    }

    #[test]
    fn priority_payment_gives_itself() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "电网企业应优先兑付扶贫项目的补贴资金。");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].kind, MeasureKind::Other);
        let m = one(k, "对于自愿转为平价项目的存量项目，主管部门将在补贴优先兑付、新增项目规模等方面给予政策支持。");
        assert_eq!(m.iter().map(|m| m.kind).collect::<Vec<_>>(), vec![MeasureKind::Other]);
        assert_eq!(one(k, "上述项目可优先拨付资金。").len(), 1);
    }

    #[test]
    fn an_items_marker_is_not_part_of_the_condition() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "六、对符合条件的小微企业，免征增值税。");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].condition, "符合条件的小微企业");
    }

    #[test]
    fn shares_without_a_base_make_a_rate() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "对新入驻的企业，给予最长五年的房租补贴，其中前两年100%、后三年50%。");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].kind, MeasureKind::Rate);
    }

    #[test]
    fn a_subsidy_per_unit_by_its_name() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "项目建成后，按照全部发电量给予度电补贴。");
        assert_eq!(m.iter().map(|m| m.kind).collect::<Vec<_>>(), vec![MeasureKind::PerUnit]);
    }

    #[test]
    fn thresholds_are_not_amounts() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "2年内增资达到1亿元以上的，按照实际到资额的1%给予一次性资金奖励，最高不超过500万元。");
        assert_eq!(m[0].amount, Amount::Rate { percent: 1.0, base: "实际到资额".into(), cap: Some(5e6) });
        assert!(one(k, "全市生产总值达到2万亿元。").is_empty());
    }

    #[test]
    fn the_head_of_a_compound_names_its_kind() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let kinds = |p: &str| one(k, p).iter().map(|m| m.kind).collect::<Vec<_>>();
        assert_eq!(kinds("襄江新区的技术改造项目，可以享受贷款贴息。"), vec![MeasureKind::Interest]);
        assert_eq!(kinds("对符合条件的小微企业，可申请最高不超过300万元的贴息贷款。"), vec![MeasureKind::Loan]);
    }

    #[test]
    fn instruments_named_as_the_means_of_support_are_given() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "县级以上人民政府可以通过风险补偿、贷款贴息等方式，鼓励和支持银行开展知识产权质押贷款。");
        assert_eq!(m.iter().map(|m| m.kind).collect::<Vec<_>>(), vec![MeasureKind::Other], "{m:?}");
        assert_eq!(one(k, "通过保险费补贴等方式，支持保险机构开发首台套保险产品。").len(), 1);
        // The support verb's own clause stays with its means, which gives the kind.
        let m = one(k, "国家通过贴息等措施，鼓励金融机构向农户提供贷款。");
        assert_eq!(m.iter().map(|m| (m.kind, m.text.as_str())).collect::<Vec<_>>(), vec![(MeasureKind::Interest, "国家通过贴息等措施，鼓励金融机构向农户提供贷款")]);
        // A means with no support verb after it, or denied, gives nothing.
        assert!(one(k, "通过贷款贴息等方式筹集的资金应当专款专用。").is_empty());
        assert!(one(k, "不得通过财政补贴等方式，支持未经批准的项目。").is_empty());
    }

    #[test]
    fn a_grant_on_a_base_is_a_rate_and_an_exhortation_is_no_condition() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "鼓励企业转移转化先进技术成果，对省内企业购买先进技术成果并在省内实施转化的，可以按照其上年度技术合同成交额给予一定奖励。");
        assert_eq!(m.iter().map(|m| (m.kind, m.text.as_str())).collect::<Vec<_>>(), vec![(MeasureKind::Rate, "对省内企业购买先进技术成果并在省内实施转化的，可以按照其上年度技术合同成交额给予一定奖励")]);
        // A condition stays, however it opens.
        let m = one(k, "经认定的高新技术企业新建生产性用房，对其应当缴纳的城市建设配套费可以给予减免。");
        assert!(m[0].text.starts_with("经认定的高新技术企业"), "{m:?}");
    }

    #[test]
    fn a_funding_verb_gives_to_its_object() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(one(k, "本市安排科技型中小企业创新资金，资助中小企业开展技术创新。").len(), 1);
        // Received, a purpose, or no recipient named: no measure.
        assert!(one(k, "获资助项目负责人应当按时提交年度报告。").is_empty());
        assert!(one(k, "本市设立专利专项资金，用于资助专利申请和授权。").is_empty());
    }

    #[test]
    fn an_open_share_makes_a_rate_and_pay_for_merit_is_no_measure() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let m = one(k, "鼓励高等院校承接企业研发项目，可以根据项目实际到位资金给予一定比例奖励。");
        assert_eq!(m.iter().map(|m| m.kind).collect::<Vec<_>>(), vec![MeasureKind::Rate]);
        assert!(one(k, "对完成、转化职务科技成果做出重要贡献的人员给予奖励和报酬。").is_empty());
    }

    #[test]
    fn support_in_aspects_that_name_money_is_a_grant() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(one(k, "有关部门应当在技术、资金等方面给予扶持。").len(), 1);
        assert_eq!(one(k, "县级以上人民政府应当在发展规划、用地、财政等方面支持科技企业孵化器建设。").len(), 1);
        // No money named, convenience or guarantees, or money as an administrative matter: none.
        assert!(one(k, "有关部门应当在技术、人才等方面给予支持。").is_empty());
        assert!(one(k, "在政策、资金、人才等方面提供便利。").is_empty());
        assert!(one(k, "按照有关规定在企业资金管理、出入境等方面给予支持。").is_empty());
        // Money in what the verb gives; not a modifier, not what a party is urged to give.
        assert_eq!(one(k, "对高层次人才及其团队，按照有关规定给予资金、用地等支持。").len(), 1);
        assert!(one(k, "财政给予经费补助的事业单位的管理办法，由财政部门制定。").is_empty());
        assert!(one(k, "鼓励社会力量对文明行为促进工作提供资金与物质支持。").is_empty());
    }

    #[test]
    fn a_means_is_the_grantors_unless_a_party_is_set_acting() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        assert_eq!(one(k, "发挥财政性科技资金的引导作用，通过贴息等方式，引导社会资金投向科技创新。").len(), 1);
        assert_eq!(one(k, "探索通过“创新券”等形式支持大模型产品研发推广。").iter().map(|m| m.kind).collect::<Vec<_>>(), vec![MeasureKind::Other]);
        assert!(one(k, "国家鼓励公民通过捐赠、资助等方式参与保护活动，支持保护公益事业。").is_empty());
    }
}
