//! 人事任免: who was appointed to or removed from which post, by whom, when.
//!
//! Reads the decision sentences of a 人事任免 text: `<date>，<body>决定：`
//! (or 补选：/通过：) followed by clauses `任命X为<post>`, `免去X的<post>职务`,
//! `X为<post>` (after 补选). A post splits into organ and title at the
//! longest title of `data/positions.toml` it ends with. Qualifiers in
//! parentheses (挂职, 试用期一年) are kept. Names padded with spaces by the
//! layout (`袁 野`) arrive unpadded: the parser removes spaces between CJK.

use gongwen_model::{Date, Document};
use gongwen_parse::knowledge::Knowledge;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Appointed,
    Removed,
    Elected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appointment {
    pub action: Action,
    pub person: String,
    /// The whole post as written: 武汉市经济和信息化局局长.
    pub post: String,
    pub organ: Option<String>,
    pub title: Option<String>,
    /// （挂职）, （试用期一年） …
    pub qualifiers: Vec<String>,
    /// 市第十五届人民代表大会常务委员会第十九次会议.
    pub decided_by: Option<String>,
    pub date: Option<Date>,
    pub line: usize,
    pub text: String,
}

struct Patterns {
    head: Regex,
    decided: Regex,
    /// `甲、乙为<post>` (after 任命, or under 补选).
    appoint_item: Regex,
    /// `甲的<post>职务` (after 免去).
    remove_item: Regex,
    qualifier: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        head: Regex::new(r"^(\d{4})年(\d{1,2})月(\d{1,2})日，(.+?)(?:决定|补选|通过|任命)?：").expect("valid"),
        // `经省政府研究决定：`, `市人民政府决定：`: an undated decision.
        decided: Regex::new(r"^(?:经)?([^，。；：]{0,30}?)(?:研究)?(?:决定|同意)[：:]").expect("valid"),
        appoint_item: Regex::new(r"^((?:[^，、；。为的（(]{2,4}、)*[^，、；。为的（(]{2,4}?)为(.+)$").expect("valid"),
        remove_item: Regex::new(r"^((?:[^，、；。为的（(]{2,4}、)*[^，、；。为的（(]{2,4}?)的(.+?)职务$").expect("valid"),
        qualifier: Regex::new(r"[（(]([^）)]+)[）)]").expect("valid"),
    })
}

/// 武汉市经济和信息化局局长 → (武汉市经济和信息化局, 局长).
fn split_post(k: &Knowledge, post: &str) -> (Option<String>, Option<String>) {
    k
        .positions
        .titles
        .iter()
        .find(|t| post.ends_with(t.as_str()))
        .map(|t| {
            let organ = post[..post.len() - t.len()].trim_end_matches('的');
            ((!organ.is_empty()).then(|| organ.to_string()), Some(t.clone()))
        })
        .unwrap_or((None, None))
}

/// A decision that clauses of appointments follow: who took it, when, and
/// whether it is an election (补选).
struct Decision {
    by: Option<String>,
    date: Option<Date>,
    elected: bool,
}

/// The appointments and removals stated in `doc`: after a dated decision
/// (`2024年6月21日，…会议决定：`, a 人事任免 section) or an undated one
/// (`经省政府研究决定：`, a 任免通知, dated by the document and taken by
/// its issuer), in the same paragraph or in the paragraphs that follow it,
/// one clause each, until a paragraph holds none.
pub fn appointments(k: &Knowledge, doc: &Document) -> Vec<Appointment> {
    let p = patterns();
    let mut out = Vec::new();
    let mut current: Option<Decision> = None;
    for (line, paragraph) in doc.paragraphs() {
        let (rest, opened) = if let Some(h) = p.head.captures(paragraph) {
            let date = Date::new(h[1].parse().unwrap_or(0), h[2].parse().unwrap_or(0), h[3].parse().unwrap_or(0));
            let elected = paragraph[..h.get(0).map_or(0, |m| m.end())].contains("补选");
            current = Some(Decision { by: Some(h[4].trim().to_string()), date, elected });
            (&paragraph[h.get(0).map_or(0, |m| m.end())..], true)
        } else if let Some(h) = p.decided.captures(paragraph) {
            let by = h.get(1).map(|b| b.as_str().trim()).filter(|b| !b.is_empty()).map(String::from);
            let by = by.or_else(|| doc.issuers_full.first().or(doc.issuers.first()).cloned());
            current = Some(Decision { by, date: doc.date, elected: paragraph.contains("补选") });
            (&paragraph[h.get(0).map_or(0, |m| m.end())..], true)
        } else if current.is_some() {
            (paragraph, false)
        } else {
            continue;
        };
        let Some(decision) = &current else { continue };
        let found = clauses(k, rest, decision, line);
        // A paragraph after the decision that holds none ends its list.
        if found.is_empty() && !opened {
            current = None;
        }
        out.extend(found);
    }
    out
}

/// The appointments of the clauses of `text` under `decision`. One verb may
/// govern a list: `任命甲为P1，乙、丙为P2`, `免去甲的P1职务，乙的P2职务`.
fn clauses(k: &Knowledge, text: &str, decision: &Decision, line: usize) -> Vec<Appointment> {
    let p = patterns();
    let mut out = Vec::new();
    for clause in text.split(['；', '。']).map(str::trim).filter(|c| !c.is_empty()) {
        let (action, body) = match (clause.find("免去"), clause.find("任命")) {
            (Some(i), _) => (Action::Removed, &clause[i + "免去".len()..]),
            (None, Some(i)) => (Action::Appointed, &clause[i + "任命".len()..]),
            (None, None) if decision.elected => (Action::Elected, clause),
            _ => continue,
        };
        for part in top_level_commas(body) {
            let qualifiers: Vec<String> = p.qualifier.captures_iter(part).map(|c| c[1].to_string()).collect();
            let bare = p.qualifier.replace_all(part, "");
            let found = match action {
                Action::Removed => p.remove_item.captures(&bare),
                _ => p.appoint_item.captures(&bare),
            };
            let Some(c) = found else { continue };
            let post = c[2].to_string();
            let (organ, title) = split_post(k, &post);
            for person in c[1].split('、').filter(|n| (2..=4).contains(&n.chars().count())) {
                out.push(Appointment {
                    action,
                    person: person.to_string(),
                    post: post.clone(),
                    organ: organ.clone(),
                    title: title.clone(),
                    qualifiers: qualifiers.clone(),
                    decided_by: decision.by.clone(),
                    date: decision.date,
                    line,
                    text: clause.to_string(),
                });
            }
        }
    }
    out
}

/// `甲为P1（挂职，试用期一年），乙为P2` → the parts between commas outside brackets.
fn top_level_commas(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            '，' | ',' if depth <= 0 => {
                parts.push(s[from..i].trim());
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(s[from..].trim());
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        let mut d: Document = serde_json::from_str(include_str!("../tests/empty-document.json")).unwrap();
        d.text = text.to_string();
        d.para_lines = (1..=text.lines().count()).collect();
        d
    }

    #[test]
    fn appointed_removed_and_elected_with_qualifiers() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let d = doc("2024年6月21日，市第十五届人民代表大会常务委员会第十九次会议决定：免去杨相卫的武汉市经济和信息化局局长职务；任命李世涛为武汉市经济和信息化局局长。\n2024年6月24日，市第十五届人民代表大会第四次会议补选：盛阅春为武汉市人民政府市长。\n2024年7月1日，市人民政府决定：任命王小明为襄江市科学技术局副局长（挂职，试用期一年）。");
        let a = appointments(k, &d);
        assert_eq!(a.len(), 4, "{a:#?}");
        assert_eq!((a[0].action, a[0].person.as_str(), a[0].title.as_deref()), (Action::Removed, "杨相卫", Some("局长")));
        assert_eq!((a[1].action, a[1].person.as_str()), (Action::Appointed, "李世涛"));
        assert_eq!(a[1].organ.as_deref(), Some("武汉市经济和信息化局"));
        assert_eq!(a[1].decided_by.as_deref(), Some("市第十五届人民代表大会常务委员会第十九次会议"));
        assert_eq!(a[1].date, Date::new(2024, 6, 21));
        assert_eq!((a[2].action, a[2].person.as_str(), a[2].title.as_deref()), (Action::Elected, "盛阅春", Some("市长")));
        assert_eq!(a[3].qualifiers, vec!["挂职，试用期一年".to_string()]);
        assert_eq!(a[3].title.as_deref(), Some("副局长"));
    }

    #[test]
    fn one_verb_governs_a_list() {
        let d = doc("2021年12月8日，市人民政府决定：任命甲一为襄江职业学院院长（襄江开放大学校长），乙二为襄江市财政局副局长，丙三、丁四为襄江职业学院副院长（挂职，试用期一年）；免去戊五的襄江市公安局副局长职务，己六的襄江市财政局总会计师职务。");
        let a = appointments(&Knowledge::builtin(), &d);
        let got: Vec<(Action, &str, &str)> = a.iter().map(|a| (a.action, a.person.as_str(), a.post.as_str())).collect();
        assert_eq!(
            got,
            [
                (Action::Appointed, "甲一", "襄江职业学院院长"),
                (Action::Appointed, "乙二", "襄江市财政局副局长"),
                (Action::Appointed, "丙三", "襄江职业学院副院长"),
                (Action::Appointed, "丁四", "襄江职业学院副院长"),
                (Action::Removed, "戊五", "襄江市公安局副局长"),
                (Action::Removed, "己六", "襄江市财政局总会计师"),
            ]
        );
        assert_eq!(a[0].qualifiers, ["襄江开放大学校长"]);
        assert_eq!(a[3].qualifiers, ["挂职，试用期一年"]);
    }

    #[test]
    fn a_notice_of_appointments_one_clause_a_paragraph() {
        let mut d = doc("经省政府研究决定：\n任命王大明为襄江省发展和改革委员会主任；\n任命李小红为襄江省财政厅副厅长（试用期一年）；\n免去张建国的襄江省教育厅副厅长职务。\n特此通知。\n任命大会于下周召开。");
        d.date = Date::new(2024, 2, 20);
        d.issuers_full = vec!["襄江省人民政府".into()];
        let a = appointments(&Knowledge::builtin(), &d);
        let got: Vec<(Action, &str, Option<&str>, usize)> = a.iter().map(|a| (a.action, a.person.as_str(), a.title.as_deref(), a.line)).collect();
        assert_eq!(got, [(Action::Appointed, "王大明", Some("主任"), 2), (Action::Appointed, "李小红", Some("副厅长"), 3), (Action::Removed, "张建国", Some("副厅长"), 4)]);
        assert_eq!((a[0].decided_by.as_deref(), a[0].date), (Some("省政府"), Date::new(2024, 2, 20)));
        assert_eq!(a[1].qualifiers, ["试用期一年"]);
    }
}
