//! Works and their versions: one law or policy (the *work*) has texts that
//! follow each other in time (its *versions*: the original, each revision or
//! amended republication), and one version may be printed in several files
//! (the *parts* of a code, such as the 编 of a civil code). The ELI pattern
//! gives each a stable address: `/eli/<jurisdiction>/<kind>/<name>` for the
//! work (its current version), `…/<YYYY-MM-DD>` for one version, `/art_N`
//! for an article.
//!
//! Two questions are asked of a work on a date, each with its own vocabulary:
//! is the work in force ([`Status`](crate::Status): 现行有效 / 尚未施行 /
//! 已废止 / 已失效), and is this version the one in force
//! ([`Currency`]: 现行版本 / 已被修订 …).

use crate::vocab::UnknownValue;
use crate::{Date, NodeKind, OutlineNode};
use std::fmt;
use std::str::FromStr;
use serde::{Deserialize, Serialize};

/// What kind of text a work is; its spelling is the `<kind>` of the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkKind {
    /// 法律 (and the Constitution), made by the NPC or its Standing Committee.
    Law,
    /// 行政法规, made by the State Council.
    Regulation,
    /// 司法解释, by the Supreme People's Court or Procuratorate.
    Interpretation,
    /// 地方性法规, by a local people's congress.
    LocalRegulation,
    /// 部门规章 and other rules without a 文号 that are read as laws.
    Rule,
    /// A 公文 with a 文号: a policy, a normative document.
    Policy,
    /// Anything else: a report, a 人事任免 list, a document without 文号.
    Document,
}

/// The vocabulary's spellings (`as_str`, `ALL`, `Display`, `FromStr`) and,
/// from the same table, the Chinese label.
macro_rules! spelled {
    ($ty:ident, $name:literal, [$(($v:ident, $s:literal, $zh:literal)),+ $(,)?]) => {
        crate::vocab::vocabulary!($ty, $name, [$(($v, $s)),+]);

        impl $ty {
            /// The label the reading room shows.
            pub fn label_zh(self) -> &'static str {
                match self {
                    $($ty::$v => $zh,)+
                }
            }
        }
    };
}

spelled!(WorkKind, "work kind", [
    (Law, "law", "法律"),
    (Regulation, "regulation", "行政法规"),
    (Interpretation, "interpretation", "司法解释"),
    (LocalRegulation, "local_regulation", "地方性法规"),
    (Rule, "rule", "规章"),
    (Policy, "policy", "规范性文件"),
    (Document, "document", "文件"),
]);

/// Whether a version is the text in force on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Currency {
    /// The text in force (现行版本).
    Current,
    /// A later version took effect (已被修订).
    Superseded,
    /// Published, not yet in effect (尚未施行).
    NotYetEffective,
    /// The last version of a work no longer in force (已不再有效).
    Lapsed,
}

spelled!(Currency, "version currency", [
    (Current, "current", "现行版本"),
    (Superseded, "superseded", "已被修订"),
    (NotYetEffective, "not_yet_effective", "尚未施行"),
    (Lapsed, "lapsed", "已不再有效"),
]);

/// One law or policy across its versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    /// `law:cn:中华人民共和国产品质量法`, `policy:武政规〔2019〕21号`: the
    /// identity versions are grouped by.
    pub key: String,
    pub kind: WorkKind,
    /// The title without the version (民法典, not 民法典 合同编).
    pub name: String,
    /// `cn`, or `cn-` and the place that made it (`cn-山东省`, `cn-武汉市`).
    pub jurisdiction: String,
    /// The address of the work: `/eli/cn/law/中华人民共和国产品质量法`.
    pub eli: String,
}

/// One text of a work: its dates, and the documents (parts) that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// The date that names the version: adoption or last amendment of a law,
    /// the 成文日期 of a policy, the decision's date for a republished text.
    pub date: Option<Date>,
    /// The day this text took effect, if known.
    pub effective: Option<Date>,
    /// The day the next version took effect: this one is superseded from it.
    pub superseded_from: Option<Date>,
    /// The address of this version: `…/2018-12-29`.
    pub eli: String,
}

/// Where a document belongs: the work, and the part of a version it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub key: String,
    pub kind: WorkKind,
    pub name: String,
    pub jurisdiction: String,
    /// `合同编` for one of several files of one version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

/// The words that make a national law-making body in a law's header.
const NATIONAL_LEGISLATURE: &str = "全国人民代表大会";
const STATE_COUNCIL: &str = "国务院";
const SUPREME_ORGANS: [&str; 2] = ["最高人民法院", "最高人民检察院"];
const LOCAL_LEGISLATURE: &str = "人民代表大会";

impl Membership {
    /// The work of a law text (Markdown of the laws corpus): by its title
    /// within its jurisdiction; the kind from the body that made it.
    pub fn of_law(title: &str, norm_title: &str, issuers: &[String], doc_type: Option<&str>, part: Option<&str>) -> Membership {
        let issuer = issuers.first().map(String::as_str).unwrap_or("");
        let (kind, jurisdiction) = if issuer.contains(NATIONAL_LEGISLATURE) {
            (WorkKind::Law, "cn".to_string())
        } else if issuer.contains(STATE_COUNCIL) {
            (WorkKind::Regulation, "cn".to_string())
        } else if SUPREME_ORGANS.iter().any(|o| issuer.contains(o)) || SUPREME_ORGANS.iter().any(|o| title.starts_with(o)) {
            (WorkKind::Interpretation, "cn".to_string())
        } else if issuer.contains(LOCAL_LEGISLATURE) {
            (WorkKind::LocalRegulation, jurisdiction_of(issuer))
        } else if title.ends_with('法') || doc_type == Some("法") {
            (WorkKind::Law, "cn".to_string())
        } else {
            (WorkKind::Rule, jurisdiction_of(title))
        };
        Membership {
            key: format!("law:{jurisdiction}:{norm_title}"),
            kind,
            name: title.to_string(),
            jurisdiction,
            part: part.map(String::from),
        }
    }

    /// The work of a 公文 with a 文号: the 文号 names it across its versions.
    pub fn of_policy(doc_number: &str, title: &str, issuers: &[String]) -> Membership {
        let jurisdiction = issuers.first().map(|i| jurisdiction_of(i)).unwrap_or_else(|| "cn".into());
        Membership { key: format!("policy:{doc_number}"), kind: WorkKind::Policy, name: title.to_string(), jurisdiction, part: None }
    }

    /// A text without 文号 that is not a law: a work of one version.
    pub fn of_document(title: &str, norm_title: &str, date: Option<Date>, issuers: &[String]) -> Membership {
        let jurisdiction = issuers.first().map(|i| jurisdiction_of(i)).unwrap_or_else(|| "cn".into());
        let date = date.map(|d| d.to_string()).unwrap_or_default();
        Membership { key: format!("doc:{norm_title}@{date}"), kind: WorkKind::Document, name: title.to_string(), jurisdiction, part: None }
    }
}

/// `cn`, or `cn-` and the place an organ's name opens with: 省, then 市/州,
/// then 区/县 (`武汉市汉阳区人民政府` → `cn-武汉市汉阳区`). National organs
/// (国务院, 国家…) name no place.
pub fn jurisdiction_of(organ: &str) -> String {
    let chars: Vec<char> = organ.chars().collect();
    let mut end = 0;
    // Each level: 1–7 characters that end no level themselves, then the level word.
    let levels: [&[char]; 3] = [&['省'], &['市', '州', '盟'], &['区', '县', '市', '旗']];
    let stop = ['省', '市', '区', '县', '州'];
    for level in levels {
        let rest = &chars[end..];
        let found = rest.iter().take(8).position(|c| stop.contains(c));
        if let Some(i) = found.filter(|&i| (1..=7).contains(&i) && level.contains(&rest[i])) {
            end += i + 1;
        }
    }
    // 自治区 is a province-level name.
    if end == 0 {
        if let Some(i) = organ.find("自治区").filter(|&i| i > 0 && organ[..i].chars().count() <= 6) {
            return format!("cn-{}", &organ[..i + "自治区".len()]);
        }
        return "cn".into();
    }
    format!("cn-{}", chars[..end].iter().collect::<String>())
}

/// The address segment of an outline node: `art_13` for 第十三条 (articles
/// are numbered through a law, so they stand alone), else the path of its
/// ancestors (`chp_2__sec_1`, `item_3__subitem_4`).
pub fn node_anchor(parent: Option<&str>, node: &OutlineNode, index: usize) -> String {
    let n = chinese_number(&node.label).map(|n| n.to_string()).unwrap_or_else(|| (index + 1).to_string());
    let own = match node.kind {
        NodeKind::Attachment => format!("att_{n}"),
        NodeKind::Part => format!("part_{n}"),
        NodeKind::Chapter => format!("chp_{n}"),
        NodeKind::Section => format!("sec_{n}"),
        NodeKind::Article => return format!("art_{n}"),
        NodeKind::Item => format!("item_{n}"),
        NodeKind::SubItem => format!("subitem_{n}"),
        NodeKind::Point => format!("point_{n}"),
        NodeKind::SubPoint => format!("subpoint_{n}"),
        NodeKind::Sidebar => format!("box_{n}"),
    };
    match parent {
        // Chapters and parts are numbered through the text too.
        Some(p) if !matches!(node.kind, NodeKind::Part | NodeKind::Chapter | NodeKind::Attachment) => format!("{p}__{own}"),
        _ => own,
    }
}

/// Every node of an outline with its anchor, depth first, with the line it starts on.
pub fn anchors(outline: &[OutlineNode]) -> Vec<(String, &OutlineNode)> {
    fn walk<'a>(nodes: &'a [OutlineNode], parent: Option<&str>, out: &mut Vec<(String, &'a OutlineNode)>) {
        for (i, n) in nodes.iter().enumerate() {
            let a = node_anchor(parent, n, i);
            out.push((a.clone(), n));
            walk(&n.children, Some(&a), out);
        }
    }
    let mut out = Vec::new();
    walk(outline, None, &mut out);
    out
}

/// The number in a marker: `第一千二百六十条` → 1260, `（四）` → 4, `3.` → 3, `附件2` → 2.
pub fn chinese_number(label: &str) -> Option<u32> {
    let digits: String = label.chars().filter(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    let mut total = 0u32;
    let mut section = 0u32;
    let mut current = 0u32;
    let mut seen = false;
    for c in label.chars() {
        let d = match c {
            '零' | '〇' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            current = d;
            seen = true;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10000,
            _ => continue,
        };
        seen = true;
        if unit == 10000 {
            total += (section + current) * unit;
            section = 0;
        } else {
            section += current.max(u32::from(unit == 10 && current == 0)) * unit;
        }
        current = 0;
    }
    seen.then_some(total + section + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_markers() {
        assert_eq!(chinese_number("第一千二百六十条"), Some(1260));
        assert_eq!(chinese_number("第十三条"), Some(13));
        assert_eq!(chinese_number("第二十条"), Some(20));
        assert_eq!(chinese_number("第一百零五条"), Some(105));
        assert_eq!(chinese_number("（四）"), Some(4));
        assert_eq!(chinese_number("3."), Some(3));
        assert_eq!(chinese_number("附件"), None);
    }

    #[test]
    fn places_of_organs() {
        assert_eq!(jurisdiction_of("国务院办公厅"), "cn");
        assert_eq!(jurisdiction_of("襄江市人民政府"), "cn-襄江市");
        assert_eq!(jurisdiction_of("襄江市市场监督管理局"), "cn-襄江市");
        assert_eq!(jurisdiction_of("襄江市汉水区人民政府"), "cn-襄江市汉水区");
        assert_eq!(jurisdiction_of("某某省人民代表大会常务委员会"), "cn-某某省");
        assert_eq!(jurisdiction_of("襄江市发展和改革委员会"), "cn-襄江市");
    }

    #[test]
    fn vocabularies_round_trip() {
        for k in WorkKind::ALL {
            assert_eq!(k.as_str().parse::<WorkKind>(), Ok(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for c in Currency::ALL {
            assert_eq!(c.as_str().parse::<Currency>(), Ok(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
        assert!("amended".parse::<Currency>().is_err());
    }
}
