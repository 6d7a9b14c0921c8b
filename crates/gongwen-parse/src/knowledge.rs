//! 公文 knowledge that users extend lives in `data/*.toml`, not in code.
//!
//! The files are embedded at build time so the binary works anywhere; setting
//! `GONGWEN_DATA` to a folder with files of the same names replaces them.

use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
pub struct DocTypes {
    pub types: Vec<String>,
    pub enclosed: Vec<String>,
    pub carrier_verbs: Vec<String>,
    /// Words a body opens with right after its title, where a flattened text
    /// runs title and body together (为贯彻…, 根据…, 近年来…).
    #[serde(default)]
    pub body_openers: Vec<String>,
    /// 文种 numbered in a series of their own (令, 公告): the number line under
    /// the title makes the order number.
    #[serde(default)]
    pub numbered_types: Vec<String>,
    /// Kinds of meeting a 纪要's title names after the organ whose meeting
    /// it records (青川市人民政府常务会议纪要 → 青川市人民政府).
    #[serde(default)]
    pub meetings: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Sections {
    pub markers: Vec<String>,
    /// Bracket pairs a section name is printed in (`【省政府令】`).
    #[serde(default)]
    pub brackets: Vec<String>,
    pub suffixes: Vec<String>,
    pub personnel: Vec<String>,
    pub ornaments: String,
    pub back_matter_suffixes: Vec<String>,
    pub furniture: Vec<String>,
    pub issue_number: String,
}

#[derive(Debug, Deserialize)]
pub struct Orgs {
    pub suffixes: Vec<String>,
    pub aliases: HashMap<String, String>,
    /// Words of a seal note under a signature (代章).
    #[serde(default)]
    pub seal_notes: Vec<String>,
    /// 规范简称 of national organs → full names.
    #[serde(default)]
    pub national: HashMap<String, String>,
    /// How the name of an organ of its own begins (国家, 国务院, a province):
    /// where organ names printed together are cut.
    #[serde(default)]
    pub leads: Vec<String>,
    /// Provinces and other localities an organ's name may open with.
    #[serde(default)]
    pub localities: Vec<String>,
    /// The state's name that opens a national organ's full name
    /// (中华人民共和国海洋资源部), left out when it signs.
    #[serde(default)]
    pub state_prefix: String,
    /// A party committee's 规范简称 (中共青川市委, …办公室) and its full name.
    #[serde(default)]
    pub party: Option<PartyNames>,
}

/// `中共X委` → `中国共产党X委员会`, and the offices named after it.
#[derive(Debug, Deserialize)]
pub struct PartyNames {
    pub short: String,
    pub full: String,
    pub committee_short: String,
    pub committee_full: String,
    #[serde(default)]
    pub offices: Vec<String>,
}

/// Shortest organ name (财政部, 商务部).
const MIN_ORGAN_CHARS: usize = 3;

/// `济南市` of `济南市公安局`: the locality a name opens with, if any.
fn locality_prefix(name: &str) -> Option<&str> {
    name.char_indices()
        .take(8)
        .find(|(i, c)| *i >= 3 && matches!(c, '省' | '市' | '区' | '县' | '州' | '盟'))
        .map(|(i, c)| &name[..i + c.len_utf8()])
}

/// Position titles (局长, 副市长 …) for reading appointments (data/positions.toml).
#[derive(Debug, Deserialize)]
pub struct Positions {
    pub titles: Vec<String>,
}

/// How flattened tables are read (data/tables.toml).
#[derive(Debug, Deserialize)]
pub struct Tables {
    pub header_words: Vec<String>,
    pub serial_words: Vec<String>,
    pub total_words: Vec<String>,
    pub subtotal_words: Vec<String>,
    pub person_units: Vec<String>,
    pub item_units: Vec<String>,
    pub roster_roles: Vec<String>,
}

/// How tasks are read (data/tasks.toml).
#[derive(Debug, Deserialize)]
pub struct TaskWords {
    pub roles: Roles,
    pub task_columns: Vec<String>,
    /// Columns of people, not units (牵头领导, 责任人).
    #[serde(default)]
    pub person_columns: Vec<String>,
    pub deadline_columns: Vec<String>,
    pub ongoing: Vec<String>,
    /// Events a deadline may count from (印发, 发布 …之日起).
    #[serde(default)]
    pub issue_words: Vec<String>,
    #[serde(default)]
    pub after_units: AfterUnits,
    #[serde(default)]
    pub running: RunningWords,
}

/// Notes whose role word follows the units (`X、Y负责`, `X牵头，Y参与`).
#[derive(Debug, Default, Deserialize)]
pub struct AfterUnits {
    pub lead: Vec<String>,
    pub responsible: Vec<String>,
    pub cooperating: Vec<String>,
    pub guiding: Vec<String>,
    pub fillers: Vec<String>,
    pub qualifiers: Vec<String>,
    pub joiners: Vec<String>,
    pub unit_endings: Vec<String>,
    pub etc: Vec<String>,
    pub ignore: Vec<String>,
    pub first_leads: Vec<String>,
}

/// Tasks in running text (`请X于…前…`, `由X负责…`).
#[derive(Debug, Default, Deserialize)]
pub struct RunningWords {
    pub ask: Vec<String>,
    pub ask_ends: Vec<String>,
    pub by: Vec<String>,
    #[serde(default)]
    pub for_all: Vec<String>,
    #[serde(default)]
    pub verb_openers: Vec<String>,
    pub not_tasks: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Roles {
    pub lead: Vec<String>,
    pub responsible: Vec<String>,
    pub cooperating: Vec<String>,
    pub guiding: Vec<String>,
}

/// How numeric targets are read (data/targets.toml).
#[derive(Debug, Deserialize)]
pub struct TargetWords {
    pub level_verbs: Vec<String>,
    pub count_verbs: Vec<String>,
    pub goal_words: Vec<String>,
    pub goal_year_before: Vec<String>,
    pub goal_year_after: Vec<String>,
    pub this_year: Vec<String>,
    /// An undated text names its own year so: `二、2024年工作安排` (the
    /// words right after `YYYY年`); these win over the others.
    #[serde(default)]
    pub year_declarations: Vec<String>,
    /// A report's review of the year before its own: `一、2023年工作回顾`
    /// (its own year is the next).
    #[serde(default)]
    pub review_declarations: Vec<String>,
    /// Words of a top-level heading over a report's review of past years
    /// (`一、2023年工作回顾`): what it says was done, never a goal.
    #[serde(default)]
    pub review_headings: Vec<String>,
    /// Weaker: `2024年是…关键一年` may speak of the year reviewed as well;
    /// the first one counts when nothing above is said.
    #[serde(default)]
    pub year_openers: Vec<String>,
    /// Words that open the part of a report about its own year (做好今年…):
    /// goals under the same top-level heading without a year of their own
    /// are for the document's year.
    #[serde(default)]
    pub this_year_section: Vec<String>,
    /// Words that keep a list piece without a verb from being a target
    /// (`按照每亩30元`, `补贴上限为每年50万元`, `人数应在5人以上`): rates,
    /// caps, support amounts and rules.
    #[serde(default)]
    pub verbless_not: Vec<String>,
    /// Words of a heading over goals (`二、行动目标`, `（二）工作目标`): every
    /// paragraph under it sets goals.
    #[serde(default)]
    pub goal_headings: Vec<String>,
    /// Periods of the document's year that open a milestone (第二季度：…).
    #[serde(default)]
    pub period_openers: Vec<String>,
    /// What, right after a number, names it a goal (10%的要求, 15%的目标).
    #[serde(default)]
    pub goal_after: Vec<String>,
    /// What a count of items of a text counts (30条措施, 13件民生实事).
    #[serde(default)]
    pub text_items: Vec<String>,
    /// Marks of a list item printed without a number (——, ●): such items
    /// under a paragraph that sets goals for a year set goals for it too.
    #[serde(default)]
    pub bullets: Vec<String>,
    pub past_words: Vec<String>,
    pub past_year_before: Vec<String>,
    pub hedges: Vec<String>,
    pub units: Vec<String>,
    pub class_marks: Vec<String>,
    /// Words of a metric that name money granted or invested (专项债券资金,
    /// 中央预算内投资, 总投资): a budget, not a target.
    #[serde(default)]
    pub budget_words: Vec<String>,
    /// Level verbs after which a number followed by a noun counts things that
    /// exist (不断提升22个国考断面水质), not a level.
    #[serde(default)]
    pub improving_verbs: Vec<String>,
    /// Units of technical performance (dB, Pa, TFLOPS): `达到135dB的传感器`
    /// and `精度100Pa以内` are targets though a product follows or no verb
    /// precedes.
    #[serde(default)]
    pub technical_units: Vec<String>,
    /// Words after a year that name what was issued then (2016年下达的指标):
    /// a reference, not a report of the past.
    #[serde(default)]
    pub reference_year_after: Vec<String>,
}

/// How support measures are read (data/measures.toml).
#[derive(Debug, Deserialize)]
pub struct MeasureWords {
    pub instruments: Instruments,
    pub grant_verbs: Vec<String>,
    pub not_measures: Vec<String>,
    pub statistic_words: Vec<String>,
    pub qualifier_starts: Vec<String>,
    pub cap_words: Vec<String>,
    pub references: Vec<String>,
    pub duties: Vec<String>,
    pub noun_after: Vec<String>,
    pub relief_verbs: Vec<String>,
    /// Charges that a relief verb before them turns into relief (减免交叉补贴).
    #[serde(default)]
    pub relievable: Vec<String>,
    /// Nouns that make a grant word (not a relief word) a name (激励措施).
    #[serde(default)]
    pub noun_after_grant: Vec<String>,
    /// After an instrument, a grant verb applying to it (方面给予, 中给予).
    #[serde(default)]
    pub aspect_gives: Vec<String>,
    /// Words whose 对 names no beneficiary (对接, 对标).
    #[serde(default)]
    pub not_dui: Vec<String>,
    /// A grant word after one of these is paid per unit (度电补贴).
    #[serde(default)]
    pub per_unit_before: Vec<String>,
    /// Verbs that take a beneficiary into an instrument's scope (纳入…补贴范围).
    #[serde(default)]
    pub inclusion_verbs: Vec<String>,
    #[serde(default)]
    pub inclusion_nouns: Vec<String>,
    /// Relief words that give relief only after one of `relief_marks` (向企业减免).
    #[serde(default)]
    pub relief_needs_mark: Vec<String>,
    #[serde(default)]
    pub relief_marks: Vec<String>,
    /// Instruments that are verbs themselves (优先兑付): they give what they
    /// name, and are the clause's predicate after a grant noun.
    #[serde(default)]
    pub self_giving: Vec<String>,
    /// Instruments named as the means of a support verb (通过贴息、风险补偿等
    /// 方式，支持…): the frame's opening words, its closing words and the verbs
    /// after it that give them.
    #[serde(default)]
    pub means_opens: Vec<String>,
    #[serde(default)]
    pub means_closes: Vec<String>,
    #[serde(default)]
    pub means_verbs: Vec<String>,
    /// Verbs before a means that make it the party's own (鼓励公民通过…).
    #[serde(default)]
    pub means_party_verbs: Vec<String>,
    /// Money words that an aspect frame (在…资金等方面给予支持) gives as a grant.
    #[serde(default)]
    pub aspect_money: Vec<String>,
    /// Money words that name an administrative matter, not aid (资金管理).
    #[serde(default)]
    pub aspect_money_not: Vec<String>,
    /// What the aspects' support must be to give money (支持, 扶持), not
    /// convenience or guarantees (便利, 保障).
    #[serde(default)]
    pub aspect_support: Vec<String>,
    /// Grant words that are verbs taking whom they fund as their object
    /// (资助科研机构开展…): given without another verb when one follows them.
    #[serde(default)]
    pub funding_verbs: Vec<String>,
    /// Who a funding verb's object names as its recipient (企业, 机构, 学生).
    #[serde(default)]
    pub funded_heads: Vec<String>,
    /// Words that may stand before a funding verb heading its piece (并, 重点).
    #[serde(default)]
    pub funding_leads: Vec<String>,
    /// Words of a share whose figure is left open (给予一定比例奖励): a grant
    /// stating one is a rate.
    #[serde(default)]
    pub share_words: Vec<String>,
    /// Periods a sum per head scales with (每人每月3000元 is per unit).
    #[serde(default)]
    pub per_periods: Vec<String>,
    /// What ends a base a sum is measured on (按照…成交额给予): the grant is a share of it.
    #[serde(default)]
    pub share_bases: Vec<String>,
    pub verb_reach: usize,
    pub negations: Vec<String>,
    pub amount_is: Vec<String>,
    pub beneficiary_marks: Vec<String>,
    pub owed: Vec<String>,
    pub honours: Vec<String>,
    pub count_units: Vec<String>,
    pub per_units: Vec<String>,
    /// A paragraph's sentence on combining measures (就高不重复).
    #[serde(default)]
    pub stacking: Vec<String>,
    /// A paragraph's sentence on returning the money (退回).
    #[serde(default)]
    pub clawback: Vec<String>,
    /// Verbs whose object before a sum is who receives it (奖励孵化器10万元).
    #[serde(default)]
    pub object_verbs: Vec<String>,
    /// Characters that end such an object (最高, 一次性, 每…, 按…).
    #[serde(default)]
    pub object_stops: String,
}

/// The words naming what a measure gives, by kind.
#[derive(Debug, Deserialize)]
pub struct Instruments {
    pub grant: Vec<String>,
    pub loan: Vec<String>,
    pub interest: Vec<String>,
    pub refund: Vec<String>,
    pub tax_relief: Vec<String>,
    pub other: Vec<String>,
}

/// How the policy finder reads conditions (data/finder.toml).
#[derive(Debug, Deserialize)]
pub struct FinderWords {
    pub certifications: Vec<String>,
    /// Profile field → words naming the quantity it is compared with.
    pub numbers: HashMap<String, Vec<String>>,
}

/// Metadata fields around a 公文 (data/fields.toml).
#[derive(Debug, Deserialize)]
pub struct FieldWords {
    pub labels: HashMap<String, crate::fields::FieldKind>,
    #[serde(default)]
    pub closed_values: Vec<String>,
    #[serde(default)]
    pub furniture_lines: Vec<String>,
    /// How a portal's breadcrumb trail opens (首页 > …).
    #[serde(default)]
    pub breadcrumb_openers: Vec<String>,
    /// Fewest items of a navigation bar (首页 | 政务公开 | …).
    #[serde(default)]
    pub nav_bar_items: usize,
    /// Labels of a portal's links around the article (相关链接：…, 上一篇：…).
    #[serde(default)]
    pub link_labels: Vec<String>,
    /// Words before a 文号's agency code in running text, not part of it.
    #[serde(default)]
    pub docnum_leading_words: Vec<String>,
    /// Characters an agency code never begins with.
    #[serde(default)]
    pub docnum_not_agency_start: String,
}

/// Labels that announce a phone number (data/privacy.toml).
#[derive(Debug, Deserialize)]
pub struct PrivacyWords {
    pub labels: Vec<String>,
    pub list_separators: String,
}

/// Words of the head and the end of a document (data/anatomy.toml).
#[derive(Debug, Deserialize)]
pub struct Anatomy {
    /// Notes of a form's field (盖章, 签字): a line holding one is never a 主送.
    #[serde(default)]
    pub form_notes: Vec<String>,
    pub end_notes: Vec<String>,
    /// 密级 (绝密, 机密, 秘密) and 紧急程度 (特急, 加急) over a 版头.
    #[serde(default)]
    pub secrecy_levels: Vec<String>,
    #[serde(default)]
    pub urgency_levels: Vec<String>,
    /// Digits of a 份号 (GB/T 9704: 6).
    #[serde(default)]
    pub copy_number_digits: usize,
    /// Endings of the title of a reading of a text (《X》政策解读): never the
    /// text a notice encloses.
    #[serde(default)]
    pub readings: Vec<String>,
    /// Heads of a telegram (明传电报) and the labels of its fields
    /// (发电单位：…　签批盘号：…), printed above its 文号 line.
    #[serde(default)]
    pub head_words: Vec<String>,
    #[serde(default)]
    pub head_fields: Vec<String>,
    pub trailers: Vec<String>,
    pub salutations: Vec<String>,
    pub addressee_endings: Vec<String>,
    /// Lines that open a text's structure under its title: 目录, 前言.
    #[serde(default)]
    pub structure_headings: Vec<String>,
    /// Openers of a text's first chapter (第一章).
    #[serde(default)]
    pub first_chapters: Vec<String>,
    /// Lines opening with these are boxes inside a text (专栏一 …), never
    /// the title of a text of their own.
    #[serde(default)]
    pub box_openers: Vec<String>,
    /// Words that open a sentence of prose (一是, 此外): a line opening with
    /// one is not a title, whatever it ends with.
    #[serde(default)]
    pub prose_openers: Vec<String>,
}

#[derive(Debug)]
pub struct Knowledge {
    /// The GB/T 9704 layouts, in the order they are tried (data/layouts.toml).
    pub layouts: Vec<crate::layout::Layout>,
    pub anatomy: Anatomy,
    pub fields: FieldWords,
    pub privacy: PrivacyWords,
    pub finder: FinderWords,
    pub measures: MeasureWords,
    pub targets: TargetWords,
    pub tables: Tables,
    pub tasks: TaskWords,
    pub doc_types: DocTypes,
    pub sections: Sections,
    pub orgs: Orgs,
    pub relations: Relations,
    pub positions: Positions,
    pub levels: Levels,
    /// Built from the words above in [`Knowledge::load`], so that each
    /// `Knowledge` has its own (`sections.issue_number`, privacy labels).
    pub(crate) issue_number_re: regex::Regex,
    pub(crate) privacy_patterns: crate::privacy::Patterns,
    derived: Derived,
}

/// What other stages build from a [`Knowledge`] (compiled patterns), one
/// value per type, built on first use and kept with the knowledge it was
/// built from.
#[derive(Debug, Default)]
struct Derived(std::sync::Mutex<HashMap<std::any::TypeId, std::sync::Arc<dyn std::any::Any + Send + Sync>>>);

/// 效力级别 and scope for search (data/levels.toml).
#[derive(Debug, Deserialize)]
pub struct Levels {
    /// In the order the facet lists them.
    pub levels: Vec<Level>,
    /// The level of a document no rule places.
    pub fallback: String,
    /// The jurisdiction of national law (`cn`); any other is local.
    pub national: String,
    /// Kinds of work (`WorkKind` spellings) national in that jurisdiction
    /// even without a named issuer.
    #[serde(default)]
    pub national_kinds: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Level {
    pub name: String,
    /// What a legal database's `level` column says for it.
    #[serde(default)]
    pub records: Vec<String>,
    /// `gongwen_model::WorkKind` spellings.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// A word in the agency part of the 文号 (武政规 → 规).
    #[serde(default)]
    pub docno_marks: Vec<String>,
    /// A word of the gazette section it was printed in.
    #[serde(default)]
    pub sections: Vec<String>,
}

impl Levels {
    /// The level of a document: from its database record, else its work's
    /// kind, else its 文号's agency or its section, else the fallback.
    pub fn level_of(&self, record: Option<&str>, kind: Option<&str>, agency: Option<&str>, section: Option<&str>) -> &str {
        let by = |f: &dyn Fn(&Level) -> bool| self.levels.iter().find(|l| f(l)).map(|l| l.name.as_str());
        record
            .and_then(|r| by(&|l| l.records.iter().any(|x| x == r)))
            .or_else(|| kind.and_then(|k| by(&|l| l.kinds.iter().any(|x| x == k))))
            .or_else(|| agency.and_then(|a| by(&|l| l.docno_marks.iter().any(|x| a.contains(x.as_str())))))
            .or_else(|| section.and_then(|s| by(&|l| l.sections.iter().any(|x| s.contains(x.as_str())))))
            .unwrap_or(&self.fallback)
    }

    /// Is a text of this jurisdiction and kind of work, with these issuers, national (国家法律法规)?
    pub fn is_national(&self, jurisdiction: &str, kind: &str, has_issuers: bool) -> bool {
        jurisdiction == self.national && (has_issuers || self.national_kinds.iter().any(|k| k == kind))
    }

    /// The facet's order of `name` (unknown names last).
    pub fn rank(&self, name: &str) -> usize {
        self.levels.iter().position(|l| l.name == name).unwrap_or(self.levels.len())
    }
}

/// Words that say how a citing document relates to the cited one (data/relations.toml).
#[derive(Debug, Deserialize)]
pub struct Relations {
    pub relation: Vec<RelationWords>,
    /// Endings of names in 《》 that are forms, certificates or court papers,
    /// not documents: 《家庭唯一住房承诺表》, 《民事裁定书》.
    #[serde(default)]
    pub not_documents: Vec<String>,
    /// Words around 《X》 that make X the citing document itself: 现将《X》印发给你们,
    /// 《X》已由…通过，现予公布 (`before` ends the words before it, `after`
    /// opens or stands in the sentence after it).
    #[serde(default)]
    pub self_before: Vec<String>,
    #[serde(default)]
    pub self_after: Vec<String>,
    /// With `self_before`, the sentence must issue X (现将《X》转发给你们 cites X).
    #[serde(default)]
    pub self_issue_verbs: Vec<String>,
    /// Endings besides the 文种 and enclosed kinds that make a name in 《》
    /// a document (法, 战略, 公约, a standard's 分类).
    #[serde(default)]
    pub cited_endings: Vec<String>,
}

impl Relations {
    /// Does this sentence issue the text it names (`《X》已经…通过，现予公布`,
    /// `现将《X》印发给你们`: a word of `self_after`)?
    pub fn issues_named_text(&self, sentence: &str) -> bool {
        self.self_after.iter().any(|w| sentence.contains(w.as_str()))
    }
}

#[derive(Debug, Deserialize)]
pub struct RelationWords {
    /// A [`gongwen_model::Relation`] spelling; a word outside it fails the load.
    pub kind: gongwen_model::Relation,
    #[serde(default)]
    pub after: Vec<String>,
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub heading: Vec<String>,
    /// When not empty, a `before` word counts only if the rest of the
    /// citation's sentence holds one of these (根据《X》… 制定本办法: made
    /// under X; 按照《X》开展… is a plain reference).
    #[serde(default)]
    pub before_needs: Vec<String>,
    /// Under a section heading holding one of these (（一）指导思想), a
    /// `before` word counts without `before_needs`: the section states what
    /// the document is made to carry out.
    #[serde(default)]
    pub sections: Vec<String>,
}

const DOC_TYPES: &str = include_str!("../../../data/doc_types.toml");
const SECTIONS: &str = include_str!("../../../data/sections.toml");
const ORGS: &str = include_str!("../../../data/orgs.toml");
const RELATIONS: &str = include_str!("../../../data/relations.toml");
const POSITIONS: &str = include_str!("../../../data/positions.toml");
const TABLES: &str = include_str!("../../../data/tables.toml");
const TASKS: &str = include_str!("../../../data/tasks.toml");
const FINDER: &str = include_str!("../../../data/finder.toml");
const MEASURES: &str = include_str!("../../../data/measures.toml");
const TARGETS: &str = include_str!("../../../data/targets.toml");
const PRIVACY: &str = include_str!("../../../data/privacy.toml");
const FIELDS: &str = include_str!("../../../data/fields.toml");
const LAYOUTS: &str = include_str!("../../../data/layouts.toml");
const ANATOMY: &str = include_str!("../../../data/anatomy.toml");
const LEVELS: &str = include_str!("../../../data/levels.toml");

/// A data file that cannot be used; the message names the file.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{path}：无法读取数据文件")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}：数据文件格式错误：{message}")]
    Invalid {
        path: String,
        message: String,
        #[source]
        source: Option<toml::de::Error>,
    },
}

/// Reads `name` from `dir` when the folder has it, else the built-in text.
fn load<T: for<'de> Deserialize<'de>>(dir: Option<&Path>, name: &str, embedded: &str) -> Result<T, DataError> {
    let (path, text) = match dir.map(|d| d.join(name)).filter(|p| p.exists()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|source| DataError::Read { path: path.display().to_string(), source })?;
            (path.display().to_string(), std::borrow::Cow::Owned(text))
        }
        None => (format!("内置 data/{name}"), std::borrow::Cow::Borrowed(embedded)),
    };
    toml::from_str(&text).map_err(|e| DataError::Invalid { path, message: e.message().trim().replace('\n', "；"), source: Some(e) })
}

impl Knowledge {
    /// The built-in data files (those embedded at build time), freshly loaded.
    pub fn builtin() -> Knowledge {
        Knowledge::load(None).expect("the built-in data files are checked by the tests")
    }

    /// Loads the data files from `dir` (those it has; the built-in ones
    /// otherwise), checking each.
    pub fn load(dir: Option<&Path>) -> Result<Knowledge, DataError> {
        let mut doc_types: DocTypes = load(dir, "doc_types.toml", DOC_TYPES)?;
        // Longest first, so that 实施方案 wins over 方案 and 通告 over 告.
        doc_types.enclosed.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        doc_types.types.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let mut orgs: Orgs = load(dir, "orgs.toml", ORGS)?;
        orgs.suffixes.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let mut positions: Positions = load(dir, "positions.toml", POSITIONS)?;
        positions.titles.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let mut tables: Tables = load(dir, "tables.toml", TABLES)?;
        tables.roster_roles.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let mut fields: FieldWords = load(dir, "fields.toml", FIELDS)?;
        fields.closed_values.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        // Page buttons are compared without whitespace.
        fields.furniture_lines = fields.furniture_lines.iter().map(|l| l.chars().filter(|c| !c.is_whitespace()).collect()).collect();
        let sections: Sections = load(dir, "sections.toml", SECTIONS)?;
        let issue_number_re = match regex::Regex::new(&sections.issue_number) {
            Ok(re) => re,
            Err(e) => {
                return Err(DataError::Invalid { path: "sections.toml".into(), message: format!("issue_number 不是正则表达式：{e}"), source: None })
            }
        };
        let privacy: PrivacyWords = load(dir, "privacy.toml", PRIVACY)?;
        Ok(Knowledge {
            tables,
            tasks: load(dir, "tasks.toml", TASKS)?,
            privacy_patterns: crate::privacy::Patterns::new(&privacy),
            privacy,
            issue_number_re,
            derived: Derived::default(),
            layouts: load::<crate::layout::Layouts>(dir, "layouts.toml", LAYOUTS)?.layouts,
            anatomy: load(dir, "anatomy.toml", ANATOMY)?,
            fields,
            finder: load(dir, "finder.toml", FINDER)?,
            measures: load(dir, "measures.toml", MEASURES)?,
            targets: load(dir, "targets.toml", TARGETS)?,
            positions,
            doc_types,
            sections,
            orgs,
            relations: load(dir, "relations.toml", RELATIONS)?,
            levels: load(dir, "levels.toml", LEVELS)?,
        })
    }

    /// The value of type `T` built from this knowledge by `build` (once; later
    /// calls return the same value).
    pub fn derived<T: std::any::Any + Send + Sync>(&self, build: impl FnOnce(&Knowledge) -> T) -> std::sync::Arc<T> {
        let id = std::any::TypeId::of::<T>();
        let found = self.derived.0.lock().unwrap_or_else(|e| e.into_inner()).get(&id).cloned();
        let value = match found {
            Some(v) => v,
            None => {
                let built: std::sync::Arc<dyn std::any::Any + Send + Sync> = std::sync::Arc::new(build(self));
                self.derived.0.lock().unwrap_or_else(|e| e.into_inner()).entry(id).or_insert(built).clone()
            }
        };
        value.downcast().expect("keyed by its type")
    }

    /// The fallback layout of a lone document (anchor `first_line`).
    pub fn first_line_layout(&self) -> Option<&crate::layout::Layout> {
        self.layouts.iter().find(|l| l.anchor == crate::layout::Anchor::FirstLine)
    }

    /// Does `name` end like the name of an organ (人民政府, 办公厅, …局)?
    /// A field label run into its value (`发文机构北京市发展和改革委员会`, its
    /// colon lost) is no organ's name.
    pub fn is_org_name(&self, name: &str) -> bool {
        let n = name.chars().count();
        (2..=40).contains(&n)
            && name.chars().all(crate::text::is_cjk)
            && self.orgs.suffixes.iter().any(|s| name.ends_with(s.as_str()) && name != s)
            && !self.fields.labels.keys().any(|l| name.starts_with(l.as_str()))
    }

    /// A national organ's 规范简称 (国家发展改革委办公厅) in full; the longest
    /// abbreviation the name starts with wins, what follows it is kept.
    pub fn expand_national(&self, name: &str) -> String {
        if let Some(full) = self.expand_party(name) {
            return full;
        }
        self.orgs
            .national
            .iter()
            .filter(|(short, _)| name.starts_with(short.as_str()))
            .max_by_key(|(short, _)| short.len())
            .map(|(short, full)| format!("{full}{}", &name[short.len()..]))
            .unwrap_or_else(|| name.to_string())
    }

    /// `中共青川市委` → `中国共产党青川市委员会`, `中共南湖区委办公室` →
    /// `中国共产党南湖区委员会办公室` (a committee of a place, or its office;
    /// other bodies keep their names: 中共北京市委机构编制委员会办公室).
    fn expand_party(&self, name: &str) -> Option<String> {
        let p = self.orgs.party.as_ref()?;
        let rest = name.strip_prefix(p.short.as_str())?;
        let office = p.offices.iter().find(|o| rest.ends_with(o.as_str())).map_or("", String::as_str);
        let place = rest[..rest.len() - office.len()].strip_suffix(p.committee_short.as_str())?;
        locality_prefix(place).filter(|l| *l == place)?;
        Some(format!("{}{place}{}{office}", p.full, p.committee_full))
    }

    /// A signature line without the seal note printed after the organ
    /// (北京市…办公室（北京市政务服务管理局代章）→ 北京市…办公室).
    pub fn without_seal_note<'a>(&self, text: &'a str) -> &'a str {
        let t = text.trim_end();
        match t.rfind(['（', '(']) {
            Some(open) if open > 0 && self.is_seal_note(&t[open..]) => t[..open].trim_end(),
            _ => t,
        }
    }

    /// Is `text` a seal note under a signature: （…代章）?
    pub fn is_seal_note(&self, text: &str) -> bool {
        let t = text.trim();
        let Some(inner) = t.strip_prefix(['（', '(']).and_then(|i| i.strip_suffix(['）', ')'])) else { return false };
        self.orgs.seal_notes.iter().any(|w| inner.ends_with(w.as_str()))
    }

    /// The 文种 a title ends with, longest match first.
    /// The 文种 numbered in a series of its own (令, 公告) that `title` is, if
    /// the title is an organ's name and that word (山东省人民政府令).
    pub fn numbered_type(&self, title: &str) -> Option<&str> {
        self.doc_types.numbered_types.iter().map(String::as_str).find(|ty| title.strip_suffix(ty).is_some_and(|o| !o.is_empty() && !o.contains("关于")))
    }

    pub fn doc_type_of(&self, title: &str) -> Option<&str> {
        let t = title.trim_end_matches(['）', ')']);
        self.doc_types.types.iter().find(|ty| t.ends_with(ty.as_str())).map(String::as_str)
    }

    /// `目 录`, `前言`: a line that opens a text's structure (spaces ignored).
    pub fn is_structure_heading(&self, text: &str) -> bool {
        let t = crate::text::compact(text);
        self.anatomy.structure_headings.iter().any(|h| *h == t)
    }

    /// Does the line open a text's first chapter (`第一章　总则`)?
    pub fn opens_first_chapter(&self, text: &str) -> bool {
        let t = crate::text::compact(text);
        self.anatomy.first_chapters.iter().any(|h| t.starts_with(h.as_str()))
    }

    /// Does a title end like one: a 文种 (通知, 意见) or the kind of an enclosed
    /// text (办法, 规则), with a bracketed qualifier after it (（试行）,
    /// （2021-2025年）, （征求意见稿））?
    pub fn ends_like_title(&self, title: &str) -> bool {
        let t = without_qualifiers(title);
        self.doc_types.types.iter().chain(&self.doc_types.enclosed).any(|ty| t.ends_with(ty.as_str()))
    }

    /// Can a name in 《》 printed without a 文号 be a document: does it end
    /// like a title or like a law, strategy or standard (data/relations.toml
    /// `cited_endings`)? 《情满天山》, 《项目库》 cannot.
    pub fn names_a_document(&self, title: &str) -> bool {
        let t = without_qualifiers(title);
        self.ends_like_title(title) || self.relations.cited_endings.iter().any(|e| t.ends_with(e.as_str()))
    }

    /// Does `text` open like the name of an organ of its own (国家…, 国务院…,
    /// a province, a national short name)?
    pub fn opens_organ(&self, text: &str) -> bool {
        self.orgs.leads.iter().any(|l| text.starts_with(l.as_str()))
            || self.orgs.national.iter().any(|(short, full)| text.starts_with(short.as_str()) || text.starts_with(full.as_str()))
    }

    /// Organ names printed together without a space (国家发展改革委办公厅国家能源局综合司),
    /// cut where the next organ begins: after an organ ending, at a name that
    /// opens like an organ of its own (国家…, a national short name, or the same
    /// locality as the first: 济南市公安局济南市…). One name if no cut fits.
    pub fn split_glued_organs(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = name;
        let locality = locality_prefix(name);
        'outer: while !rest.is_empty() {
            for (at, _) in rest.char_indices().skip(MIN_ORGAN_CHARS) {
                let (left, right) = rest.split_at(at);
                if right.chars().count() < MIN_ORGAN_CHARS || !self.is_org_name(left) {
                    continue;
                }
                // A national organ's local branch (国家税务总局北京市税务局) is one organ.
                let local = self.orgs.localities.iter().any(|l| right.starts_with(l.as_str())) || locality.is_some_and(|l| right.starts_with(l));
                let opens = self.opens_organ(right) || (local && !self.opens_organ(left));
                if opens && !self.orgs.suffixes.iter().any(|s| right.starts_with(s.as_str())) && self.is_org_name(right) {
                    out.push(left.to_string());
                    rest = right;
                    continue 'outer;
                }
            }
            out.push(rest.to_string());
            break;
        }
        out
    }

    /// Where a title's subject begins: its first 关于 or carrier verb (印发,
    /// 转发 …); what stands before names its issuers (市发改委 市财政局关于…).
    pub fn subject_start(&self, title: &str) -> Option<usize> {
        std::iter::once("关于").chain(self.doc_types.carrier_verbs.iter().map(String::as_str)).filter_map(|v| title.find(v)).min()
    }

    /// Where the first carrier verb (印发, 转发 …) of `title` ends: the
    /// enclosed text's name follows it.
    pub fn carrier_verb_end(&self, title: &str) -> Option<usize> {
        self.doc_types.carrier_verbs.iter().filter_map(|v| title.find(v.as_str()).map(|i| i + v.len())).min()
    }

    /// `（此件公开发布）`: a note that closes a document (data/anatomy.toml).
    pub fn is_end_note(&self, text: &str) -> bool {
        let bare = text.trim_start_matches(['（', '(']);
        bare.len() < text.len() && self.anatomy.end_notes.iter().any(|n| bare.starts_with(n.as_str()))
    }

    /// 份号 (`000123`), 密级 (`秘密★1年`, `机密`) or 紧急程度 (`特急`), the
    /// marks GB/T 9704 prints above the organ of a 版头 (data/anatomy.toml).
    pub fn is_head_mark(&self, text: &str) -> bool {
        let a = &self.anatomy;
        let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let copy_number = a.copy_number_digits > 0 && bare.len() == a.copy_number_digits && bare.chars().all(|c| c.is_ascii_digit());
        let secrecy = a.secrecy_levels.iter().any(|l| bare.strip_prefix(l.as_str()).is_some_and(|r| r.is_empty() || r.starts_with(['★', '☆', '*'])));
        let fields = !text.trim().is_empty()
            && text.split_whitespace().all(|w| w.split_once(['：', ':']).is_some_and(|(label, _)| a.head_fields.iter().any(|f| f == label)));
        copy_number || secrecy || fields || a.urgency_levels.iter().chain(&a.head_words).any(|u| bare == *u)
    }

    /// `《X》政策解读`: the title of a reading of a text (data/anatomy.toml
    /// `readings`), a document of its own.
    pub fn is_reading(&self, title: &str) -> bool {
        let title = title.trim_end();
        self.anatomy.readings.iter().any(|r| title.ends_with(r.as_str()))
    }

    /// A national organ's name without the state's name it opens with
    /// (中华人民共和国海屿海关 → 海屿海关), as it signs; the name itself otherwise.
    pub fn without_state_prefix<'a>(&self, name: &'a str) -> &'a str {
        name.strip_prefix(self.orgs.state_prefix.as_str()).filter(|bare| !bare.is_empty()).unwrap_or(name)
    }

    /// A contact line, 抄送 or 主题词 that may follow a document's end.
    pub fn is_trailer(&self, text: &str) -> bool {
        let bare = text.trim_start_matches(['（', '(']);
        self.anatomy.trailers.iter().any(|n| bare.starts_with(n.as_str()))
    }

    /// `各位代表：`: the salutation that opens a speech or report.
    pub fn is_salutation(&self, text: &str) -> bool {
        text.strip_suffix(['：', ':']).is_some_and(|w| self.anatomy.salutations.iter().any(|s| s == w))
    }

    /// `市长 马 军`, `杭州市人民政府市长 姚高员`: a post and a name under a
    /// speech's subtitle.
    pub fn is_speaker(&self, spaced: &str) -> bool {
        let Some((post, name)) = spaced.split_once(' ') else { return false };
        let name: String = name.chars().filter(|c| *c != ' ').collect();
        (2..=4).contains(&name.chars().count())
            && name.chars().all(crate::text::is_cjk)
            && post.chars().count() <= 20
            && self.positions.titles.iter().any(|t| post.ends_with(t.as_str()))
    }

    /// The gazette section a line opens, if it is a section marker.
    pub fn section_marker(&self, text: &str) -> Option<String> {
        let ornaments = &self.sections.ornaments;
        // `● 市级文件选登 ●`: ornaments around the name, not between words
        // (`□中央企业 □地方国企` is a row of checkboxes).
        let inner = text.trim_matches(|c: char| ornaments.contains(c) || c.is_whitespace());
        let decorated = text.starts_with(|c| ornaments.contains(c)) && !inner.contains(|c| ornaments.contains(c));
        let bare: String = text.chars().filter(|c| !ornaments.contains(*c) && !c.is_whitespace()).collect();
        if bare.is_empty() || bare.chars().count() > 16 {
            return None;
        }
        let known = self.sections.markers.contains(&bare)
            || self.sections.suffixes.iter().any(|s| bare.ends_with(s.as_str()));
        // `【省政府令】`: a name in the brackets of data/sections.toml.
        let bracketed = self.sections.brackets.iter().find_map(|pair| {
            let mut cs = pair.chars();
            let (open, close) = (cs.next()?, cs.next()?);
            bare.strip_prefix(open)?.strip_suffix(close).filter(|n| !n.is_empty() && n.chars().all(crate::text::is_cjk)).map(String::from)
        });
        if bracketed.is_some() {
            return bracketed;
        }
        (known || (decorated && bare.chars().all(crate::text::is_cjk))).then_some(bare)
    }

    /// Expands an abbreviated organ (市发改委) given the locality prefixes of the
    /// gazette (`市` → 武汉市, `区` → 武汉市汉阳区).
    /// What an issuer filter looks for in full issuer names: the name with
    /// its 市/区 prefix dropped, expanded through the alias table (市医保局 →
    /// 医疗保障局), so an abbreviation finds the full name.
    pub fn issuer_needle(&self, issuer: &str) -> String {
        let bare = issuer.trim().trim_start_matches(['市', '区']);
        self.orgs.aliases.get(bare).cloned().unwrap_or_else(|| bare.to_string())
    }

    pub fn expand_org(&self, name: &str, city: Option<&str>, district: Option<&str>) -> String {
        // 市场监管总局 is national, not 市 + 场监管总局.
        let national = self.expand_national(name);
        if national != name {
            return national;
        }
        let (local, rest) = if let Some(r) = name.strip_prefix('市') {
            (city, r)
        } else if let Some(r) = name.strip_prefix('区') {
            (district, r)
        } else {
            return self.expand_national(name);
        };
        let Some(local) = local else { return name.to_string() };
        let full = self.orgs.aliases.get(rest).map(String::as_str).unwrap_or(rest);
        format!("{local}{full}")
    }
}

/// `title` without the bracketed qualifiers after it (（试行）（2021年版）)
/// and closing quotes.
fn without_qualifiers(title: &str) -> &str {
    let mut t = title.trim();
    while let Some(open) = t.strip_suffix(['）', ')']).and_then(|u| u.rfind(['（', '('])) {
        t = &t[..open];
    }
    t.trim_end_matches(['》', '”'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_marks_and_party_names() {
        let k = Knowledge::load(None).unwrap();
        for mark in ["000123", "秘密★1年", "机密", "特急", "加 急"] {
            assert!(k.is_head_mark(mark), "{mark}");
        }
        for not in ["0001234", "秘密文件管理", "特急通知", "2025"] {
            assert!(!k.is_head_mark(not), "{not}");
        }
        assert_eq!(k.expand_org("中共青川市委", None, None), "中国共产党青川市委员会");
        assert_eq!(k.expand_org("中共南湖区委办公室", None, None), "中国共产党南湖区委员会办公室");
        assert_eq!(k.expand_org("中共北京市委机构编制委员会办公室", None, None), "中共北京市委机构编制委员会办公室");
    }

    #[test]
    fn levels_from_the_record_then_the_kind_then_the_number() {
        let k = Knowledge::load(None).unwrap();
        let l = &k.levels;
        assert_eq!(l.level_of(Some("部门规章"), Some("law"), None, None), "规章");
        assert_eq!(l.level_of(Some("司法解释"), None, None, None), "其他");
        assert_eq!(l.level_of(None, Some("regulation"), None, None), "行政法规");
        assert_eq!(l.level_of(None, Some("policy"), Some("武政规"), None), "规范性文件");
        assert_eq!(l.level_of(None, Some("policy"), Some("武政办"), Some("区级规范性文件")), "规范性文件");
        assert_eq!(l.level_of(None, Some("policy"), Some("武政办"), Some("市级文件选登")), "其他");
        assert!(l.is_national("cn", "law", false) && l.is_national("cn", "policy", true));
        assert!(!l.is_national("cn", "document", false) && !l.is_national("cn-武汉市", "policy", true));
        assert!(l.rank("法律") < l.rank("规范性文件") && l.rank("规范性文件") < l.rank("其他"));
    }

    #[test]
    fn the_built_in_data_loads() {
        assert!(Knowledge::load(None).is_ok());
    }

    #[test]
    fn a_bad_file_is_named() {
        let dir = std::env::temp_dir().join(format!("gongwen-data-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("anatomy.toml"), "end_notes = 3").unwrap();
        let e = Knowledge::load(Some(&dir)).unwrap_err();
        assert!(e.to_string().contains("anatomy.toml"), "{e}");
        assert!(std::error::Error::source(&e).is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

