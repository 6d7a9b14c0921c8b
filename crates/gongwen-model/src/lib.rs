//! Domain types shared by every gongwen crate.
//!
//! These types *are* the output contract of `gongwen parse` (one [`Document`]
//! per JSON line), so field names and shapes change only with care: the store,
//! the search index and external tools read them.

use serde::{Deserialize, Serialize};
use std::fmt;

mod vocab;
pub use vocab::{CheckKind, FactKind, LawEventKind, MeasureKind, Relation, Status, UnknownValue};
pub mod work;
pub use work::{Currency, Version, Work, WorkKind};

/// A 1-based, inclusive range of lines in the original source file.
///
/// Every extracted value carries one, so an answer can always show its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub line_start: usize,
    pub line_end: usize,
}

impl Span {
    pub fn new(line_start: usize, line_end: usize) -> Self {
        Span { line_start, line_end: line_end.max(line_start) }
    }
    pub fn line(line: usize) -> Self {
        Span { line_start: line, line_end: line }
    }
}

/// 发文字号: agency code, year and serial, e.g. 武政规〔2024〕6号.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocNumber {
    pub agency: String,
    pub year: u16,
    pub serial: u32,
}

impl fmt::Display for DocNumber {
    /// The one canonical spelling: hexagonal brackets 〔〕, no spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.agency, self.year, self.serial)
    }
}

/// A calendar date without time zone; 公文 dates are civil dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
            2 => 28,
            _ => return None,
        };
        if day == 0 || day > days_in_month || !(1900..=2200).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic.
    /// Today as a civil date in China (UTC+8), the calendar 公文 dates use.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        Date::from_day_number((secs + 8 * 3600).div_euclid(86_400)).expect("the clock is within 1900..2200")
    }

    pub fn day_number(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub fn from_day_number(z: i64) -> Option<Date> {
        let z = z + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        Date::new(u16::try_from(y).ok()?, m as u8, d as u8)
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_day_number(self.day_number() + days).unwrap_or(self)
    }

    /// The same day `years` later; 29 February becomes 28 February.
    pub fn add_years(self, years: u32) -> Date {
        let y = self.year.saturating_add(years as u16);
        Date::new(y, self.month, self.day).or_else(|| Date::new(y, self.month, 28)).unwrap_or(self)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic() {
        let d = Date::new(2024, 2, 28).unwrap();
        assert_eq!(d.add_days(1).to_string(), "2024-02-29");
        assert_eq!(d.add_days(2).to_string(), "2024-03-01");
        assert_eq!(Date::new(2024, 1, 1).unwrap().add_days(-1).to_string(), "2023-12-31");
        assert_eq!(Date::new(1970, 1, 1).unwrap().day_number(), 0);
        assert_eq!(Date::new(2024, 2, 29).unwrap().add_years(1).to_string(), "2025-02-28");
        assert_eq!(Date::new(2024, 8, 15).unwrap().add_years(4).add_days(-1).to_string(), "2028-08-14");
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s}")))
    }
}

/// What kind of input a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A gazette issue (or an excerpt of one) as text extracted from PDF.
    Gazette,
    /// One 公文 as plain text, e.g. copied from a government website.
    Single,
    /// A law in the Markdown layout of the laws corpus.
    LawMarkdown,
    /// A government portal page saved as HTML.
    Html,
    /// A PDF, read through its text layer.
    Pdf,
    /// An OFD file (GB/T 33190), read through its text objects.
    Ofd,
    /// A Word (DOCX) file.
    Docx,
}

/// Where a document was printed in a paged source (PDF): its first and last
/// page, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSpan {
    pub page_start: u32,
    pub page_end: u32,
}

/// Where a new page begins inside a document of a paged source: the first
/// source line printed on `page`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageBreak {
    pub line: usize,
    pub page: u32,
}

/// Kinds of outline node, from the outermost to the innermost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// 附件1 — an attachment appended to the document.
    Attachment,
    /// 第X编
    Part,
    /// 第X章
    Chapter,
    /// 第X节
    Section,
    /// 第X条
    Article,
    /// 一、
    Item,
    /// （一）
    SubItem,
    /// 1.
    Point,
    /// （1）
    SubPoint,
    /// 专栏 — a sidebar box inside a plan; holds no outline of its own.
    Sidebar,
}

/// One node of a document's outline: `三`, `（四）`, `第十三条`, `附件1` …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineNode {
    pub kind: NodeKind,
    /// The address segment: `三`, `（四）`, `第十三条`, `1`, `（1）`, `附件1`, `专栏2`.
    pub label: String,
    /// The heading text after the marker (up to the first full stop), if any.
    pub heading: Option<String>,
    /// The node's own text (its paragraphs before the first child), normalised.
    pub text: String,
    pub line_start: usize,
    pub line_end: usize,
    pub children: Vec<OutlineNode>,
}

/// A table recovered from lines that PDF extraction flattened: one row per
/// line, cells separated by tabs, pipes or (for rosters) spaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    #[serde(default)]
    pub kind: TableKind,
    /// `表1 …`, `专栏2 …`, `附件 …` or the line just above the table.
    pub caption: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
    /// `注：…` lines below or inside the table.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Header rows repeated after page breaks, dropped from `rows`.
    #[serde(default)]
    pub repeated_headers: usize,
    /// Stated totals and counts compared with the rows.
    #[serde(default)]
    pub checks: Vec<TableCheck>,
    pub line_start: usize,
    pub line_end: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Rows and columns as printed.
    #[default]
    Grid,
    /// A leading group's or 工作专班's members, read as 分工 / 姓名 / 职务.
    Roster,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Header text, letter-spacing removed; multi-line headers joined with `/`.
    /// Empty when the table has no header row.
    pub name: String,
    pub kind: CellKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    Text,
    /// Every non-empty cell reads as a number (`[106.74]`, `<5`, `98%`).
    Number,
    Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    pub cells: Vec<String>,
    pub line: usize,
    /// Headings between rows (`一、技术状元（32名）`, `焊接（9名）`), outermost first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Columns left empty in the source and filled from the row above (merged cells).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filled: Vec<usize>,
}

/// A total or count the document states, compared with what its rows add up to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableCheck {
    /// `total` (a 合计/总计/小计 row), `count` (a heading's `（9名）`).
    pub kind: CheckKind,
    /// The column or heading checked.
    pub subject: String,
    pub stated: f64,
    pub counted: f64,
    pub ok: bool,
    pub line: usize,
}

/// A dated event of a law's history: 通过, 公布, 修正, 修订, 施行.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LawEvent {
    pub date: Date,
    /// 通过 | 公布 | 修正 | 修订 | 施行 | 批准 | 其他
    pub kind: LawEventKind,
    pub text: String,
    pub line: usize,
}

/// A problem the parser noticed; it never stops the parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable machine-readable code, e.g. `docno_year_mismatch`.
    pub code: String,
    pub message: String,
    pub source: String,
    pub line: usize,
}

/// One entry of a gazette's table of contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TocEntry {
    pub title: String,
    pub page: Option<u32>,
    pub section: Option<String>,
    pub line_start: usize,
    pub line_end: usize,
}

/// 印发机关 and 印发日期 from the 版记.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Printing {
    pub organ: String,
    pub date: Option<Date>,
    pub line: usize,
}

/// Where a document came from when the same document arrives twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    pub source: String,
    pub line_start: usize,
    pub line_end: usize,
}

/// A 公文 (or a law, or a 人事任免 section) as parsed from one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub source: String,
    pub source_kind: SourceKind,
    pub line_start: usize,
    pub line_end: usize,
    /// For a paged source (PDF): the first and last page the document is
    /// printed on. Absent for text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_start: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u32>,
    /// For a paged source: where each page after `page_start` begins, in
    /// line order, so that every line (and every value read from it) has its
    /// page: see [`Document::page_of`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub page_breaks: Vec<PageBreak>,
    /// Canonical 发文字号, e.g. `武政规〔2024〕6号`.
    pub doc_number: Option<String>,
    /// The part of a work this text is, when one version is printed in
    /// several files (`合同编` of a code): see [`work`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    pub doc_number_parts: Option<DocNumber>,
    /// The order number of a 令 or 公告, which is numbered in a series of its
    /// own instead of a 文号: `山东省人民政府令第345号`,
    /// `北京市人民代表大会常务委员会公告〔十五届〕第62号` (the canonical form
    /// citations of it use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    pub title: String,
    /// 发文机关, as the document names them (header, signature or title).
    pub issuers: Vec<String>,
    /// The same issuers with abbreviations expanded through the alias table.
    pub issuers_full: Vec<String>,
    /// 成文日期.
    pub date: Option<Date>,
    /// One of the 15 types of 《党政机关公文处理工作条例》 (or 报告, 人事任免, 法律 …).
    pub doc_type: Option<String>,
    /// For 印发/转发/批转 notices: the kind of the enclosed text (办法, 措施, 方案 …).
    pub enclosed_type: Option<String>,
    /// The gazette section the document was printed in.
    pub section: Option<String>,
    /// Title (and 文号, if any) of the document this one is republished inside.
    pub embedded_in: Option<String>,
    /// 主送机关.
    pub addressees: Vec<String>,
    /// The organs named in the signature block.
    pub signers: Vec<String>,
    /// 附件 titles listed in the 附件说明.
    pub attachments: Vec<String>,
    /// 抄送机关.
    pub copy_to: Vec<String>,
    pub printing: Option<Printing>,
    /// The history note under a republished text (题注), verbatim.
    pub history_note: Option<String>,
    /// The line the history note is printed on.
    #[serde(default)]
    pub history_note_line: Option<usize>,
    /// Dated events of a law (通过, 公布, 修正 …).
    pub events: Vec<LawEvent>,
    pub outline: Vec<OutlineNode>,
    /// Hash of the content characters only (no spaces, line breaks or punctuation),
    /// so the same document from two layouts gets the same value.
    pub fingerprint: String,
    /// Set when this document is the same as one parsed earlier in the same run.
    pub duplicate_of: Option<SourceRef>,
    pub warnings: Vec<Warning>,
    /// The document's text, one normalised paragraph per line.
    pub text: String,
    /// The source line each paragraph of `text` starts on (parallel to its lines),
    /// so anything found in the text can cite its line.
    #[serde(default)]
    pub para_lines: Vec<usize>,
    /// Where a paragraph wrapped over several source lines, each later line's
    /// start: `[paragraph index, byte offset in the paragraph, line]`, so a
    /// value found inside a paragraph cites the line (and page) it is
    /// printed on: see [`Document::line_at`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wraps: Vec<[usize; 3]>,
    /// Where the title was printed, one entry per printed line:
    /// `[byte offset in the title, line]` (empty when no printed line is the
    /// title, as when a first sentence stands in): see
    /// [`Document::title_line_at`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title_lines: Vec<[usize; 2]>,
    /// Tables recovered from the flattened layout (tab, pipe or space separated rows).
    #[serde(default)]
    pub tables: Vec<Table>,
}

impl Document {
    /// The page a source line of this document was printed on; `None` for
    /// text sources and for lines outside the document.
    pub fn page_of(&self, line: usize) -> Option<u32> {
        let first = self.page_start?;
        if line < self.line_start || line > self.line_end {
            return None;
        }
        Some(self.page_breaks.iter().take_while(|b| b.line <= line).last().map_or(first, |b| b.page))
    }

    /// The source line byte `offset` of the title was printed on, when the
    /// title was printed (a title wrapped over two lines: the second line for
    /// what stands on it).
    pub fn title_line_at(&self, offset: usize) -> Option<usize> {
        self.title_lines.iter().take_while(|t| t[0] <= offset).last().or(self.title_lines.first()).map(|t| t[1])
    }

    /// The source line of byte `offset` in the paragraph that starts on
    /// `para_line`: the paragraph's own line unless it wrapped before it.
    pub fn line_at(&self, para_line: usize, offset: usize) -> usize {
        let Some(para) = self.para_lines.iter().position(|&l| l == para_line) else { return para_line };
        self.wraps_of(para).iter().take_while(|w| w[1] <= offset).last().map_or(para_line, |w| w[2])
    }

    /// The source lines paragraph `para` (an index into the paragraphs) goes
    /// on to after its first: where values printed inside it are cited.
    pub fn wrap_lines(&self, para: usize) -> impl Iterator<Item = usize> + '_ {
        self.wraps_of(para).iter().map(|w| w[2])
    }

    /// The entries of `wraps` of paragraph `para` (they are in paragraph order).
    fn wraps_of(&self, para: usize) -> &[[usize; 3]] {
        let from = self.wraps.partition_point(|w| w[0] < para);
        let to = from + self.wraps[from..].partition_point(|w| w[0] == para);
        &self.wraps[from..to]
    }

    /// The paragraphs of `text` with the source line each starts on.
    pub fn paragraphs(&self) -> impl Iterator<Item = (usize, &str)> {
        let fallback = self.line_start;
        self.text
            .split('\n')
            .enumerate()
            .map(move |(i, p)| (self.para_lines.get(i).copied().unwrap_or(fallback), p))
    }
}

/// A reference from one document to another, with the text as cited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    pub relation: Relation,
    /// The title inside 《》, as cited (spaces removed).
    pub title: Option<String>,
    /// The cited 文号, canonical.
    pub doc_number: Option<String>,
    /// A 政府令 number, canonical: `武汉市人民政府令第300号`, `国家发展改革委2023年第2号令`.
    pub order: Option<String>,
    /// The short name the citing document defined for it (以下简称…), if any.
    pub short_name: Option<String>,
    /// The words of the citation as they appear in the text.
    pub text: String,
    pub line: usize,
    /// What the citing text says about the cited document's life: its new
    /// expiry (catalog row, extension, republication), the date an amendment
    /// took effect, the catalog class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub indefinite: bool,
}

/// What a document says about its own life (施行, 有效期, 试行 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Clause {
    /// 自2024年8月15日起施行
    EffectiveOn { date: Date },
    /// 自公布之日起施行 / 自印发之日起施行 / 自公布之日起30日后施行
    EffectiveOnPublication { delay_days: u32 },
    /// 有效期为4年 / 有效期五年 (counted from the effective date)
    TermYears { years: u32 },
    /// 有效期至2029年3月21日
    ValidUntil { date: Date },
    /// 长期有效
    Indefinite,
    /// 试行 / 暂行
    Trial,
    /// A history note's 根据2024年3月22日施行的《…》修订: amended from that date.
    AmendedOn { date: Date },
}

/// A [`Clause`] with the line and words it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifecycleClause {
    #[serde(flatten)]
    pub clause: Clause,
    pub text: String,
    pub line: usize,
}
