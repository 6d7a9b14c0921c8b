//! Lines that belong to the gazette as a printed object, not to any document:
//! running headers, the masthead, pinyin titles, issue numbers, rules.

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

/// Noise anywhere in a gazette.
pub fn is_noise(text: &str) -> bool {
    static PINYIN: OnceLock<Regex> = OnceLock::new();
    static RULE: OnceLock<Regex> = OnceLock::new();
    static PAGE: OnceLock<Regex> = OnceLock::new();
    gazette_name(text).is_some()
        || re(&PINYIN, r"^[A-Z]{2,}(?: [A-Z]{2,})+$").is_match(text)
        || re(&RULE, r"^[-—_=─━\t\s]{3,}$").is_match(text)
        || re(&PAGE, r"^[-—－]\s*\d{1,4}\s*[-—－]$").is_match(text)
}

/// Noise of the cover and masthead, which only appears in front matter: issue
/// numbers, editorial fields, slogans read row by row.
pub fn is_front_noise(text: &str) -> bool {
    static ISSUE: OnceLock<Regex> = OnceLock::new();
    static FIELD: OnceLock<Regex> = OnceLock::new();
    static PAREN: OnceLock<Regex> = OnceLock::new();
    if is_noise(text) {
        return true;
    }
    let short_cjk = text.chars().count() <= 4 && text.chars().all(crate::text::is_cjk);
    short_cjk
        || re(&ISSUE, r"^(?:\d{4}年?)?(?:第[\d、，,]+期)?(?:（总第\d+期）)?$").is_match(text)
        || re(&FIELD, r"^(?:主办|主管|编辑出版|编辑|出版|发行|电话|传真|电子邮箱|地址|邮政编码|邮编|印刷|准印证号|网址|刊号)[：:]").is_match(text)
        || text.ends_with("主办")
        || re(&PAREN, r"^（\p{Han}{2,10}）$").is_match(text)
}

/// `《武汉市人民政府公报》简介`: the back matter after the last document.
pub fn is_back_matter(text: &str) -> bool {
    text.starts_with('《') && (text.ends_with("》简介") || text.ends_with("》征订启事"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastheads() {
        assert_eq!(gazette_name("武汉市人民政府公报"), Some("武汉市"));
        assert_eq!(gazette_name("武汉市汉阳区人民政府公报"), Some("武汉市汉阳区"));
        assert!(is_noise("WUHANSHI HANYANGQU RENMIN ZHENGFU GONGBAO"));
        assert!(is_noise("---\t--"));
        assert!(is_front_noise("第5、6期（总第738期）"));
        assert!(is_front_noise("2024年第5、6期"));
        assert!(is_front_noise("主办：武汉市人民政府"));
        assert!(is_front_noise("（武汉政报）"));
        assert!(!is_noise("市人民政府关于印发武汉市碳达峰实施方案的通知"));
        assert!(is_back_matter("《武汉市人民政府公报》简介"));
    }
}
