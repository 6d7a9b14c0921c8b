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
    appoint: Regex,
    remove: Regex,
    elect: Regex,
    qualifier: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        head: Regex::new(r"^(\d{4})年(\d{1,2})月(\d{1,2})日，(.+?)(?:决定|补选|通过|任命)?：").expect("valid"),
        appoint: Regex::new(r"任命([^，、；。为]{2,4}?)为(.+)$").expect("valid"),
        remove: Regex::new(r"免去([^，、；。的]{2,4}?)的(.+?)职务$").expect("valid"),
        elect: Regex::new(r"^([^，、；。为]{2,4}?)为(.+)$").expect("valid"),
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

/// The appointments and removals stated in `doc`.
pub fn appointments(k: &Knowledge, doc: &Document) -> Vec<Appointment> {
    let p = patterns();
    let mut out = Vec::new();
    for (line, paragraph) in doc.paragraphs() {
        let Some(h) = p.head.captures(paragraph) else { continue };
        let date = Date::new(h[1].parse().unwrap_or(0), h[2].parse().unwrap_or(0), h[3].parse().unwrap_or(0));
        let by = h[4].trim().to_string();
        let elected = paragraph[..h.get(0).map_or(0, |m| m.end())].contains("补选");
        let rest = &paragraph[h.get(0).map_or(0, |m| m.end())..];
        for clause in rest.split(['；', '。']).map(str::trim).filter(|c| !c.is_empty()) {
            let qualifiers: Vec<String> = p.qualifier.captures_iter(clause).map(|c| c[1].to_string()).collect();
            let bare = p.qualifier.replace_all(clause, "");
            let found = if let Some(c) = p.remove.captures(&bare) {
                Some((Action::Removed, c[1].to_string(), c[2].to_string()))
            } else if let Some(c) = p.appoint.captures(&bare) {
                Some((Action::Appointed, c[1].to_string(), c[2].to_string()))
            } else if elected {
                p.elect.captures(&bare).map(|c| (Action::Elected, c[1].to_string(), c[2].to_string()))
            } else {
                None
            };
            let Some((action, person, post)) = found else { continue };
            let (organ, title) = split_post(k, &post);
            out.push(Appointment {
                action,
                person,
                post,
                organ,
                title,
                qualifiers,
                decided_by: Some(by.clone()),
                date,
                line,
                text: clause.to_string(),
            });
        }
    }
    out
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
}
