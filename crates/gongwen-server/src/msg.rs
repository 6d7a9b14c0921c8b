//! The message catalogue: the Chinese words the reading room, its downloads
//! and its error messages show for values that are not a typed vocabulary's
//! own label (`Status`, `Relation` carry `label_zh` in gongwen-model). Machine
//! values (JSON fields, `data-*` attributes, query parameters) stay English;
//! what a person reads is built here.

use gongwen_link::timeline::{Conflict, Fact};

/// A lifecycle fact as a sentence fragment: `自2024-09-01起施行`.
pub fn fact(f: &Fact) -> String {
    match f {
        Fact::Effective(d) => format!("自{d}起施行"),
        Fact::EffectiveComputed(d) => format!("自{d}起施行（按成文日期推算）"),
        Fact::TermYears(n) => format!("有效期{n}年"),
        Fact::Until(d) => format!("有效期至{d}"),
        Fact::Indefinite => "长期有效".into(),
        Fact::Repealed(d) => format!("自{d}起废止"),
        Fact::DeclaredExpired(d) => format!("自{d}起宣布失效"),
        Fact::Amended(d) => format!("自{d}起修改"),
        Fact::KeptValid => "继续有效".into(),
    }
}

/// What two statements disagree about (`Conflict::about`).
pub fn conflict_about(c: &Conflict) -> &'static str {
    match c.about {
        "effective" => "施行日期",
        "expiry" => "有效期",
        _ => "效力",
    }
}

/// How the disagreement was settled (`Conflict::resolution`).
pub fn resolution(c: &Conflict) -> &'static str {
    if c.chosen.made_on == c.other.made_on {
        "同日作出的表述，采用在先者"
    } else {
        "以后作出的表述为准"
    }
}

// Parameter errors: one line naming the parameter, in Chinese; the JSON API
// and the pages share them. Machine words (a parameter's name, its allowed
// values) are in backticks: a page shows them as code (see `rich`).

pub fn param_not_date(name: &str, value: &str) -> String {
    format!("参数 `{name}`：“{value}”不是日期（应为 YYYY-MM-DD）")
}

pub fn param_not(name: &str, value: &str, what: &str) -> String {
    format!("参数 `{name}`：“{value}”不是{what}")
}

pub fn param_not_flag(name: &str, value: &str) -> String {
    format!("参数 `{name}`：“{value}”不是 `1` 或 `0`")
}

pub fn param_not_one_of(name: &str, value: &str, expected: &str) -> String {
    let expected: Vec<String> = expected.split(", ").map(|v| format!("`{v}`")).collect();
    format!("参数 `{name}`：“{value}”不是可选值之一（{}）", expected.join("、"))
}

pub fn param_required(name: &str, example: &str) -> String {
    format!("缺少参数 `{name}`，例如 {example}")
}

pub fn param_out_of_range(name: &str, value: usize, low: usize, high: usize) -> String {
    format!("参数 `{name}`：{value} 不在 {low} 到 {high} 之间")
}

pub fn no_document(slug: &str) -> String {
    format!("没有这份文件：{slug}")
}

pub fn stub_has_no_text(slug: &str) -> String {
    format!("{slug} 仅见于其他文件的引用，未收录全文")
}

pub fn no_outline_node(slug: &str, path: &str) -> String {
    format!("{slug} 没有条目 {path}")
}

pub fn bad_body(e: &dyn std::fmt::Display, expected: &str) -> String {
    format!("请求体无法解析（{e}）；应为{expected}")
}

pub fn export_failed(what: &str, e: &dyn std::fmt::Display) -> String {
    format!("{what}生成失败：{e}")
}

/// A message for a page: the backticked machine words as code, which the
/// reader types in a URL but that are no interface words.
pub fn rich(message: &str) -> maud::Markup {
    maud::html! {
        @for (i, part) in message.split('`').enumerate() {
            @if i % 2 == 1 { code translate="no" { (part) } } @else { (part) }
        }
    }
}

// Amendments and 新旧对照.

/// What became of one amendment operation.
pub fn outcome(o: &gongwen_amend::Outcome) -> String {
    use gongwen_amend::Outcome;
    match o {
        Outcome::Applied => "已适用".into(),
        Outcome::Covered => "已适用（由同项的修改文字体现）".into(),
        Outcome::ArticleMissing { article } => format!("不适用：原文没有{article}"),
        Outcome::PlaceMissing { article } => format!("不适用：原文{article}没有所指的款或项"),
        Outcome::TextNotFound { text } => format!("不适用：所指位置没有“{text}”"),
        Outcome::NumberTaken { article } => format!("不适用：{article}已存在"),
        Outcome::Unrecognized => "未识别：未按此条修改".into(),
    }
}

/// Why a decision's operations were not applied at all.
pub fn missing(m: gongwen_store::amendments::Missing) -> &'static str {
    match m {
        gongwen_store::amendments::Missing::Work => "库中没有被修改的文件",
        gongwen_store::amendments::Missing::EarlierVersion => "库中没有此决定之前的版本",
    }
}

/// How an article changed between two versions.
pub fn change(c: gongwen_amend::Change) -> &'static str {
    use gongwen_amend::Change;
    match c {
        Change::Same => "未改动",
        Change::Moved => "条序调整",
        Change::Changed => "修改",
        Change::Added => "新增",
        Change::Removed => "删除",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen_link::timeline::{Evidence, Statement};
    use gongwen_model::Date;

    fn stmt(made: (u16, u8, u8)) -> Statement {
        let evidence = Evidence { by: "甲".into(), source: "a.txt".into(), line: 1, text: String::new() };
        Statement { fact: Fact::Indefinite, made_on: Date::new(made.0, made.1, made.2), evidence }
    }

    #[test]
    fn facts_and_conflicts_read_as_chinese() {
        let d = Date::new(2024, 9, 1).unwrap();
        assert_eq!(fact(&Fact::Repealed(d)), "自2024-09-01起废止");
        assert_eq!(fact(&Fact::TermYears(5)), "有效期5年");
        let later = Conflict { about: "expiry", chosen: stmt((2024, 1, 1)), other: stmt((2023, 1, 1)), resolution: "later statement wins" };
        assert_eq!((conflict_about(&later), resolution(&later)), ("有效期", "以后作出的表述为准"));
        let same = Conflict { about: "effective", chosen: stmt((2024, 1, 1)), other: stmt((2024, 1, 1)), resolution: "same date: first one kept" };
        assert_eq!((conflict_about(&same), resolution(&same)), ("施行日期", "同日作出的表述，采用在先者"));
    }

    #[test]
    fn parameter_messages_name_the_parameter() {
        assert_eq!(param_not_date("on", "2024-13-45"), "参数 `on`：“2024-13-45”不是日期（应为 YYYY-MM-DD）");
        assert_eq!(param_not_one_of("sort", "x", "relevance, date"), "参数 `sort`：“x”不是可选值之一（`relevance`、`date`）");
        let shown = rich("参数 `on`：不是日期").into_string();
        assert_eq!(shown, r#"参数 <code translate="no">on</code>：不是日期"#);
    }
}
