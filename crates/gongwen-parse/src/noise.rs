//! Lines that belong to the gazette as a printed object, not to any document:
//! running headers, the masthead, pinyin titles, issue numbers, rules.

use crate::knowledge::Knowledge;
use regex::Regex;
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap())
}

/// `武汉市人民政府公报` → the locality `武汉市`; `武汉市汉阳区人民政府公报` →
/// `武汉市汉阳区`. Running headers repeat this line on every page.
pub fn gazette_name(text: &str) -> Option<&str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = re(&RE, r"^(\p{Han}{2,20}?)(?:人民政府|政府)?(?:办公厅|办公室)?公报$").captures(text)?;
    Some(c.get(1).unwrap().as_str())
}

/// `襄江市人民政府公报 2024年第5期` (or the issue first): the running header
/// of a gazette's pages → the locality, as [`gazette_name`].
pub fn running_header<'a>(k: &Knowledge, text: &'a str) -> Option<&'a str> {
    let bare = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let end = text.find("公报")? + "公报".len();
    let (name, issue) = text.split_at(end);
    if !issue.trim().is_empty() && is_issue_number(k, &bare(issue)) {
        return gazette_name(name.trim());
    }
    let (issue, name) = text.rsplit_once(' ').or_else(|| text.rsplit_once('\t'))?;
    if is_issue_number(k, &bare(issue)) {
        return gazette_name(name.trim());
    }
    None
}

/// Noise anywhere in a gazette.
pub fn is_noise(k: &Knowledge, text: &str) -> bool {
    static PINYIN: OnceLock<Regex> = OnceLock::new();
    static RULE: OnceLock<Regex> = OnceLock::new();
    static PAGE: OnceLock<Regex> = OnceLock::new();
    gazette_name(text).is_some()
        || running_header(k, text).is_some()
        || re(&PINYIN, r"^[A-Z]{2,}(?: [A-Z]{2,})+$").is_match(text)
        || re(&RULE, r"^[-—_=─━═★☆\t\s]{3,}$").is_match(text)
        || re(&PAGE, r"^(?:[-—－]\s*\d{1,4}\s*[-—－]|[·•]\s*\d{1,4}\s*[·•])$").is_match(text)
}

/// Noise of the cover and masthead, which only appears in front matter: issue
/// numbers, editorial fields, slogans read row by row.
pub fn is_front_noise(k: &Knowledge, text: &str) -> bool {
    static ISSUE: OnceLock<Regex> = OnceLock::new();
    static FIELD: OnceLock<Regex> = OnceLock::new();
    static PAREN: OnceLock<Regex> = OnceLock::new();
    if is_noise(k, text) {
        return true;
    }
    // A short word of the cover (主办, 目录) — not an attachment's label
    // (附件), which may head a text.
    let short_cjk = text.chars().count() <= 4 && text.chars().all(crate::text::is_cjk) && !text.starts_with("附件");
    short_cjk
        || re(&ISSUE, r"^(?:\d{4}年?)?(?:第[\d、，,]+期)?(?:（总第\d+期）)?$").is_match(text)
        || re(&FIELD, r"^(?:主办|主管|编辑出版|编辑|出版|发行|电话|传真|电子邮箱|地址|邮政编码|邮编|印刷|准印证号|网址|刊号)[：:]").is_match(text)
        || text.ends_with("主办")
        || re(&PAREN, r"^（\p{Han}{2,10}）$").is_match(text)
}

/// `《武汉市人民政府公报》简介`: the back matter of an issue, after its last
/// document (suffixes in data/sections.toml). Another issue may follow.
pub fn is_back_matter(k: &Knowledge, text: &str) -> bool {
    let Some(rest) = text.strip_prefix('《') else { return false };
    let Some((name, suffix)) = rest.split_once('》') else { return false };
    gazette_name(name).is_some() && k.sections.back_matter_suffixes.iter().any(|s| s == suffix)
}

/// A line of back matter that belongs to the printed gazette: an editorial
/// field, a furniture phrase (data/sections.toml), or prose about the gazette
/// itself (`《武汉市人民政府公报》的前身是…`).
pub fn is_back_matter_line(k: &Knowledge, text: &str) -> bool {
    let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if is_front_noise(k, text) || is_front_noise(k, &bare) || is_furniture(k, text) {
        return true;
    }
    let mut rest = text;
    while let Some(i) = rest.find('《') {
        let after = &rest[i + '《'.len_utf8()..];
        let Some((name, tail)) = after.split_once('》') else { break };
        if gazette_name(name).is_some() {
            return true;
        }
        rest = tail;
    }
    false
}

/// `内部资料 免费交流`: a phrase of the printed gazette (data/sections.toml).
pub fn is_furniture(k: &Knowledge, text: &str) -> bool {
    let mut bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if bare.is_empty() {
        return false;
    }
    // A line made of furniture phrases, longest first.
    let mut words: Vec<&str> = k.sections.furniture.iter().map(String::as_str).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    'outer: while !bare.is_empty() {
        for w in &words {
            if let Some(r) = bare.strip_prefix(w) {
                bare = r.to_string();
                continue 'outer;
            }
        }
        return false;
    }
    true
}

/// `第18期（总第690期）`: an issue number (pattern in data/sections.toml).
pub fn is_issue_number(k: &Knowledge, text: &str) -> bool {
    let re = &k.issue_number_re;
    let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    re.is_match(&bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastheads() {
        assert_eq!(gazette_name("武汉市人民政府公报"), Some("武汉市"));
        assert_eq!(gazette_name("武汉市汉阳区人民政府公报"), Some("武汉市汉阳区"));
        assert!(is_noise(&crate::knowledge::Knowledge::builtin(), "WUHANSHI HANYANGQU RENMIN ZHENGFU GONGBAO"));
        assert!(is_noise(&crate::knowledge::Knowledge::builtin(), "---\t--"));
        assert!(is_front_noise(&crate::knowledge::Knowledge::builtin(), "第5、6期（总第738期）"));
        assert!(is_front_noise(&crate::knowledge::Knowledge::builtin(), "2024年第5、6期"));
        assert!(is_front_noise(&crate::knowledge::Knowledge::builtin(), "主办：武汉市人民政府"));
        assert!(is_front_noise(&crate::knowledge::Knowledge::builtin(), "（武汉政报）"));
        assert!(!is_noise(&crate::knowledge::Knowledge::builtin(), "市人民政府关于印发武汉市碳达峰实施方案的通知"));
        assert!(is_back_matter(&crate::knowledge::Knowledge::builtin(), "《武汉市人民政府公报》简介"));
        assert!(!is_back_matter(&crate::knowledge::Knowledge::builtin(), "《武汉市人民政府公报》的前身是《武汉政报》"));
        assert!(is_back_matter_line(&crate::knowledge::Knowledge::builtin(), "《武汉市人民政府公报》的前身是《武汉政报》，2002年起"));
        assert!(is_back_matter_line(&crate::knowledge::Knowledge::builtin(), "内部资料 免费交流"));
        assert!(is_back_matter_line(&crate::knowledge::Knowledge::builtin(), "邮 编：430014"));
        assert!(!is_back_matter_line(&crate::knowledge::Knowledge::builtin(), "根据《中华人民共和国立法法》的有关规定"));
        assert_eq!(running_header(&crate::knowledge::Knowledge::builtin(), "襄江市人民政府公报 2024年第5期"), Some("襄江市"));
        assert_eq!(running_header(&crate::knowledge::Knowledge::builtin(), "襄江市人民政府公报2024年第5期"), Some("襄江市"));
        assert_eq!(running_header(&crate::knowledge::Knowledge::builtin(), "2024年第5期 襄江市人民政府公报"), Some("襄江市"));
        assert_eq!(running_header(&crate::knowledge::Knowledge::builtin(), "襄江市人民政府公报"), None);
        assert!(is_noise(&crate::knowledge::Knowledge::builtin(), "襄江市人民政府公报 2024年第5期"));
        assert!(is_issue_number(&crate::knowledge::Knowledge::builtin(), "第18期（总第690期）"));
        assert!(is_issue_number(&crate::knowledge::Knowledge::builtin(), "第5,6期（总第738期）"));
        assert!(is_issue_number(&crate::knowledge::Knowledge::builtin(), "2024年第5、6期"));
        assert!(!is_issue_number(&crate::knowledge::Knowledge::builtin(), "2024"));
        assert!(!is_issue_number(&crate::knowledge::Knowledge::builtin(), "第十八期工作简报"));
    }
}
