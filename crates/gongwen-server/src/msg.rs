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
        Fact::Suspended { from, until: Some(u) } => format!("{from}至{u}部分条款暂停实施"),
        Fact::Suspended { from, until: None } => format!("自{from}起部分条款暂停实施"),
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

pub fn no_such_source(slug: &str, n: usize, count: usize) -> String {
    format!("{slug} 没有第 {n} 个来源（共 {count} 个）")
}

/// The file is named, not its path: a server path tells a reader nothing.
pub fn source_unreadable(name: &str) -> String {
    format!("来源文件 {name} 已不在收录时的位置，或无法读取（移动、删除或没有权限）")
}

pub fn source_unparsable(name: &str, why: &str) -> String {
    format!("来源文件 {name} 无法读取：{why}")
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

/// The words of the search page (`/`): its controls, facets, hits and pager.
pub mod search {
    use gongwen_index::{Scope, Sort};

    pub const TITLE: &str = "检索";
    pub const PLACEHOLDER: &str = "标题、文号或正文词语，如：低空经济 补贴";
    pub const ON: &str = "状态日期";
    pub const SORT: &str = "排序";
    pub const SCOPE: &str = "范围";
    pub const ISSUER: &str = "发文机关";
    pub const ISSUER_PLACEHOLDER: &str = "如：武汉市人民政府";
    pub const ISSUER_MODE: &str = "机关匹配";
    pub const ISSUER_EXACT: &str = "仅本机关";
    pub const ISSUER_FAMILY: &str = "含所属机构";
    pub const STUBS: &str = "含仅见于引用的文件";
    pub const SUBMIT: &str = "检索";
    pub const QUERY_ERROR: &str = "检索式有误：";
    pub const MORE: &str = "更多";
    pub const STUB: &str = "仅见于引用";
    pub const FOUND_IN: &str = "见于：";
    pub const WORK_STATUS: &str = "效力";
    pub const VERSION: &str = "版本";
    pub const OTHER_VERSIONS: &str = "同一法规的其他命中版本：";
    pub const VERSIONS_LINK: &str = "全部版本";

    pub fn sort(s: Sort) -> &'static str {
        match s {
            Sort::Relevance => "相关度",
            Sort::Date => "日期（新的在前）",
            Sort::DocNumber => "文号",
        }
    }

    /// `None` is every scope.
    pub fn scope(s: Option<Scope>) -> &'static str {
        match s {
            None => "全部",
            Some(Scope::Local) => "本地规范性文件",
            Some(Scope::National) => "国家法律法规",
        }
    }

    /// The heading of a facet (`SearchResults::facets` key).
    pub fn facet(name: &str) -> &'static str {
        match name {
            "status" => "状态",
            "issuer" => "发文机关",
            "doc_type" => "文种",
            "year" => "年份",
            "section" => "栏目",
            "level" => "效力级别",
            _ => "其他",
        }
    }

    /// `共 N 件（按作品计），状态按 DATE 计（T 毫秒）`, around the count.
    pub fn summary(on: &str, millis: f64) -> (&'static str, String) {
        ("共 ", format!(" 件（同一法规的多个版本计为一件），状态按 {on} 计（{millis:.1} 毫秒）"))
    }

    pub fn version_of(date: &str) -> String {
        format!("{date} 版")
    }
}

/// The words of `/measures`: support measures grouped by document.
pub mod measures {
    pub const TITLE: &str = "惠企措施";
    pub const HINT: &str = "从各文件中读出的资金与优惠措施（补贴、奖励、贴息、减免等），按文件归组，按单项最高金额排序。";
    pub const KIND: &str = "措施类型";
    pub const ALL: &str = "全部";
    pub const ISSUER: &str = "发文机关";
    pub const ISSUER_PLACEHOLDER: &str = "如：武汉市经济和信息化局";
    pub const BENEFICIARY: &str = "对象词语";
    pub const BENEFICIARY_PLACEHOLDER: &str = "如：企业、人才、孵化器";
    pub const IN_FORCE: &str = "只看现行有效的文件";
    pub const ON: &str = "查看日期";
    pub const SUBMIT: &str = "筛选";
    pub const DOWNLOAD: &str = "下载 CSV";
    pub const ITEM: &str = "条目";
    pub const MEASURE: &str = "措施";
    pub const AMOUNT: &str = "金额";
    pub const BENEFICIARY_COL: &str = "对象";
    pub const CONDITION: &str = "条件";
    pub const MAX: &str = "单项最高";
    pub const UNSTATED: &str = "未写明";
    pub const ONE_OFF: &str = "，一次性";
    pub const PER_YEAR: &str = "，每年";
    /// The CSV columns, in order.
    pub const CSV_HEADER: [&str; 12] = ["文号", "标题", "发文机关", "成文日期", "文件状态", "条目", "措施类型", "措施", "金额", "最高金额（万元）", "对象", "条件"];

    pub fn summary(docs: usize, items: usize, on: &str) -> String {
        format!("共 {docs} 件文件、{items} 项措施（文件状态按 {on} 计）")
    }

    pub fn wan(yuan: f64) -> String {
        let w = yuan / 1e4;
        if w.fract() == 0.0 {
            format!("{w:.0}万元")
        } else {
            format!("{}万元", (w * 100.0).round() / 100.0)
        }
    }
}

/// The words of `/people`: appointments and removals (人事任免) and members of leading groups.
pub mod people {
    pub const TITLE: &str = "人事任免";
    pub const HINT: &str = "从人事任免文件与领导小组名单中读出的人员：姓名、职务、机关、日期，均链接到出处。";
    pub const NAME: &str = "姓名";
    pub const POST: &str = "职务";
    pub const ORGAN: &str = "机关";
    pub const FROM: &str = "日期不早于";
    pub const UNTIL: &str = "日期不晚于";
    pub const WHAT: &str = "类别";
    pub const ALL: &str = "全部";
    pub const APPOINTMENTS: &str = "任免";
    pub const ROSTERS: &str = "领导小组成员";
    pub const SUBMIT: &str = "查找";
    pub const ACTION: &str = "任免";
    pub const DATE: &str = "日期";
    pub const DECIDED_BY: &str = "决定机关";
    pub const SOURCE: &str = "出处";
    pub const GROUP: &str = "小组";
    pub const ROLE: &str = "职位";
    pub const ELECTED: &str = "选举";
    pub const APPOINTED: &str = "任命";
    pub const REMOVED: &str = "免去";

    pub fn summary(n: usize, of: usize) -> String {
        if n == of {
            format!("共 {n} 条")
        } else {
            format!("共 {n} 条（全部 {of} 条）")
        }
    }
}

/// The navigation bar of every page.
pub const NAV: [(&str, &str); 7] = [
    ("/", "检索"),
    ("/register", "规范性文件目录"),
    ("/measures", "惠企措施"),
    ("/find", "政策匹配"),
    ("/tasks", "任务督办"),
    ("/people", "人事任免"),
    ("/api/openapi.json", "API"),
];

pub const PREV: &str = "上一页";
pub const NEXT: &str = "下一页";
pub const PAGER: &str = "分页";

/// Numbered pages: `第 N / M 页`.
pub fn page_of(page: usize, pages: usize) -> String {
    format!("第 {page} / {pages} 页")
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
