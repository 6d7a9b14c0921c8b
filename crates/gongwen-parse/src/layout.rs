//! The GB/T 9704 layouts as data: rules over the line tags of `lex`.
//!
//! `data/layouts.toml` lists the ways a 公文's head is printed (版头, the
//! department layout, a speech's subtitle, a republished text's 题注, a bare
//! 文号, 人事任免, a lone document), in the order they are tried. Each names the
//! line that anchors it and where its title, 文号 and date are; `segment` tries
//! them at every line, `meta` reads the metadata where the layout says it is.
//! A new layout with a known anchor is a new entry in the file; a new kind of
//! anchor line is a new tag in `lex` and a case in [`Layout::match_at`].

use crate::knowledge::Knowledge;
use crate::lex::{Tag, Tags};
use crate::segment::split_organs;
use crate::text::{ends_sentence, Line};
use crate::date;
use gongwen_model::{Date, DocNumber};
use serde::Deserialize;

/// The line that identifies a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// 版头: organ lines and 文件 (or `<organ>文件`), co-issuers, then a 文号.
    Header,
    DocNumberDate,
    DocNumber,
    ReportSubtitle,
    HistoryNote,
    Personnel,
    /// `（2025年6月30日）`: a 题注 date alone.
    TitleNote,
    /// `各位代表：`: a speech's salutation.
    Salutation,
    /// `各省、自治区、直辖市人民政府：`: the 主送 line.
    Addressee,
    /// The first piece of a flattened line (one text a line).
    FlattenedStart,
    /// A title standing alone after a finished sentence, ending like a
    /// title (a 文种 or the kind of a text: 规划, 指南, 行动计划) and
    /// followed by prose or the text's structure: a plan or guide printed
    /// without 版头, 文号 or 主送.
    StandaloneTitle,
    /// The first line after a document's end (its 成文日期 under the
    /// signature, or an end note such as （此件公开发布）) that is not a
    /// trailer, an attachment of it or the text it encloses.
    AfterEnd,
    /// The first line of a lone document: the fallback.
    FirstLine,
    /// `第345号` under a 令 or 公告 title (a 文种 numbered in a series of its
    /// own, data/doc_types.toml `numbered_types`).
    OrderNumber,
}

impl Anchor {
    /// The tag an anchor line carries (the 版头 is a rule over several lines).
    fn tag(self) -> Option<Tag> {
        match self {
            Anchor::DocNumberDate => Some(Tag::DocNumberDate),
            Anchor::DocNumber => Some(Tag::DocNumber),
            Anchor::ReportSubtitle => Some(Tag::ReportSubtitle),
            Anchor::HistoryNote => Some(Tag::HistoryNote),
            Anchor::Personnel => Some(Tag::Personnel),
            Anchor::TitleNote => Some(Tag::TitleNote),
            Anchor::Salutation => Some(Tag::Salutation),
            Anchor::Addressee => Some(Tag::Addressee),
            Anchor::FlattenedStart => Some(Tag::FlattenedStart),
            Anchor::OrderNumber => Some(Tag::OrderNumber),
            Anchor::Header | Anchor::AfterEnd | Anchor::FirstLine | Anchor::StandaloneTitle => None,
        }
    }

    /// The anchor is the document's first text line: its title is read
    /// from there on.
    pub fn opens_text(self) -> bool {
        matches!(self, Anchor::AfterEnd | Anchor::FirstLine | Anchor::FlattenedStart)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TitlePlace {
    /// Above the anchor line.
    Before,
    /// Below the head.
    #[default]
    After,
    /// Above if lines there end like a title, else below.
    BeforeOrAfter,
    /// The anchor line itself.
    Anchor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Within {
    #[default]
    Anywhere,
    /// Only inside a document (a text republished in a decision).
    Document,
    /// Only in a file that is not a gazette.
    Lone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberFrom {
    #[default]
    None,
    /// The first 文号 on the anchor line.
    Anchor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFrom {
    /// Under the signature (or a 题注), as `meta` finds it.
    #[default]
    Signature,
    /// The first date on the anchor line.
    Anchor,
    /// The latest date in the text (人事任免 dates its decisions).
    LatestInText,
}

/// One layout of `data/layouts.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Layout {
    pub name: String,
    pub anchor: Anchor,
    #[serde(default)]
    pub title: TitlePlace,
    #[serde(default = "default_title_lines")]
    pub max_title_lines: usize,
    #[serde(default)]
    pub title_required: bool,
    #[serde(default)]
    pub title_must_end: bool,
    #[serde(default)]
    pub within: Within,
    #[serde(default)]
    pub number: NumberFrom,
    #[serde(default)]
    pub date: DateFrom,
    #[serde(default)]
    pub speech: bool,
    #[serde(default)]
    pub doc_type: Option<String>,
    #[serde(default = "one")]
    pub head_lines: usize,
    #[serde(default)]
    pub addressee_within: usize,
    #[serde(default)]
    pub max_organ_lines: usize,
    /// A text republished inside a document of this layout is read as a
    /// document of its own (not inside 人事任免).
    #[serde(default = "yes")]
    pub holds_texts: bool,
    /// The document ends at its 成文日期 under the signature (or an end
    /// note); what follows, past trailers and attachments, is another
    /// document (not 人事任免, whose decisions are dated one by one).
    #[serde(default = "yes")]
    pub ends_at_date: bool,
    /// Starts a document only once the current one has body text (a
    /// sentence) after its head: a salutation or 题注 right under a head
    /// belongs to that head.
    #[serde(default)]
    pub after_body: bool,
}

fn yes() -> bool {
    true
}

fn default_title_lines() -> usize {
    4
}
fn one() -> usize {
    1
}

#[derive(Debug, Deserialize)]
pub struct Layouts {
    #[serde(rename = "layout")]
    pub layouts: Vec<Layout>,
}

/// Where a document begins, by which layout, and what its head already says.
#[derive(Debug, Clone)]
pub struct Start<'k> {
    /// Index of the first line of the document.
    pub at: usize,
    /// Title lines found by the layout (before the anchor, or the anchor).
    pub title_lines: Vec<usize>,
    pub layout: &'k Layout,
    /// Index of the anchor line.
    pub anchor: usize,
    /// Index of the last line of the document's head.
    pub head_end: usize,
    /// The organs of a 版头.
    pub issuers: Vec<String>,
    pub number: Option<DocNumber>,
    pub date: Option<Date>,
}

/// What the grammar reads: the lines, their tags and the significant ones.
pub struct Input<'a> {
    pub lines: &'a [Line],
    pub tags: &'a [Tags],
    /// Indices of the lines that carry text (not blank, not furniture).
    pub sig: &'a [usize],
}

impl Input<'_> {
    fn text(&self, q: usize) -> &str {
        &self.lines[self.sig[q]].text
    }
    fn tags(&self, q: usize) -> Tags {
        self.tags[self.sig[q]]
    }
}

impl Layout {
    /// May this layout start a document here: inside a document (for a
    /// republished text), in a lone file?
    pub fn allowed(&self, inside_document: bool, lone_document: bool) -> bool {
        match self.within {
            Within::Anywhere => true,
            Within::Document => inside_document,
            Within::Lone => lone_document,
        }
    }

    /// The document this layout starts at `sig[p]`, if it matches there;
    /// title lines are not looked for above line `floor_line`.
    pub fn match_at<'k>(&'k self, input: &Input, p: usize, floor_line: usize, k: &Knowledge) -> Option<Start<'k>> {
        match self.anchor {
            Anchor::Header => self.header_at(input, p, k),
            Anchor::StandaloneTitle => self.standalone_title_at(input, p, floor_line, k),
            Anchor::FirstLine | Anchor::AfterEnd => None,
            anchor => self.anchored_at(input, p, floor_line, anchor, k),
        }
    }

    /// The fallback start of a lone document at line index `at`.
    pub fn first_line<'k>(&'k self, at: usize) -> Start<'k> {
        Start { at, title_lines: vec![], layout: self, anchor: at, head_end: at, issuers: vec![], number: None, date: None }
    }

    /// Anchor line, with the title above it (or the anchor as title).
    fn anchored_at<'k>(&'k self, input: &Input, p: usize, floor_line: usize, anchor: Anchor, k: &Knowledge) -> Option<Start<'k>> {
        let i = input.sig[p];
        if !anchor.tag().is_some_and(|t| input.tags(p).has(t)) {
            return None;
        }
        // A form's field (`提交单位：`) is not a 主送 that opens a document.
        // Nor is one in a contact block (`联系人及电话：` / `技术支持单位：`).
        if anchor == Anchor::Addressee
            && (input.text(p).chars().count() <= MIN_ADDRESSEE_ANCHOR_CHARS
                || (p > 0 && input.tags(p - 1).has(Tag::Trailer) && input.text(p - 1).ends_with('：'))
                || (p + 1 < input.sig.len() && input.tags(p + 1).has(Tag::Trailer)))
        {
            return None;
        }
        // A head may need a 主送 soon after its anchor (a bare 文号 line).
        if self.addressee_within > 0 && !(p + 1..input.sig.len()).take(self.addressee_within).any(|r| input.tags(r).has(Tag::Addressee)) {
            return None;
        }
        let (mut title_lines, head_from) = match self.title {
            TitlePlace::Before | TitlePlace::BeforeOrAfter => title_before(input, p, floor_line, self.max_title_lines, k),
            TitlePlace::Anchor => (vec![i], i),
            TitlePlace::After => (vec![], i),
        };
        if self.title_must_end && !title_lines.is_empty() {
            let title: String = title_lines.iter().map(|&j| input.lines[j].text.as_str()).collect();
            if !k.ends_like_title(&title) {
                title_lines.clear();
            }
        }
        // An order number counts under a 令 or 公告 only (山东省人民政府令).
        if anchor == Anchor::OrderNumber {
            let title: String = title_lines.iter().map(|&j| input.lines[j].text.as_str()).collect();
            k.numbered_type(&crate::text::compact(&title))?;
        }
        if self.title_required && title_lines.is_empty() {
            return None;
        }
        // An anchor that wraps (——2024年1月18日在…第十五届 / 人民代表大会…上).
        let mut head_end = i;
        if self.head_lines > 1 {
            for &j in input.sig.iter().skip(p).take(self.head_lines) {
                head_end = j;
                if input.lines[j].text.ends_with('上') || ends_sentence(&input.lines[j].text) {
                    break;
                }
            }
        }
        let text = input.text(p);
        let number = match self.number {
            NumberFrom::Anchor => crate::lex::line_number(k, &input.lines[input.sig[p]]),
            NumberFrom::None => None,
        };
        let date = match self.date {
            DateFrom::Anchor => date::find_all(text).into_iter().next().map(|f| f.date),
            _ => None,
        };
        let at = title_lines.first().copied().unwrap_or(head_from).min(head_from);
        Some(Start { at, title_lines, layout: self, anchor: i, head_end, issuers: vec![], number, date })
    }

    /// A title alone: the line before it ends a sentence (the previous
    /// text's last), its lines end like a title (with an edition note such
    /// as `（2022版）` after it), and the line after it is prose or structure,
    /// not more title.
    fn standalone_title_at<'k>(&'k self, input: &Input, p: usize, floor_line: usize, k: &Knowledge) -> Option<Start<'k>> {
        let i = input.sig[p];
        if p == 0 || i < floor_line {
            return None;
        }
        let after_sentence = ends_sentence(input.text(p - 1));
        // Above a cover, a line cut short mid-sentence is prose (it holds a
        // comma or is too wide for a title), not the title's first line.
        let after_prose = after_sentence || input.text(p - 1).contains('，') || !input.tags(p - 1).has(Tag::TitleLine);
        let is_title_line = |q: usize| {
            q < input.sig.len() && input.tags(q).has(Tag::TitleLine) && !input.tags(q).any(NEVER_TITLE)
        };
        let mut title = String::new();
        let mut end = None;
        for q in p..(p + self.max_title_lines).min(input.sig.len()) {
            if !is_title_line(q) {
                break;
            }
            title.push_str(input.text(q));
            if k.ends_like_title(&title) {
                end = Some(q);
                break;
            }
        }
        let end = end?;
        if crate::text::content_chars(&title).chars().count() < MIN_STANDALONE_TITLE_CHARS
            || opens_title(&title, k)
            || title.contains(['，', '。', '；', '：'])
            || k.anatomy.box_openers.iter().chain(&k.anatomy.prose_openers).any(|b| title.starts_with(b.as_str()))
        {
            return None;
        }
        // The title is shown to head a text of its own by what stands under
        // it: an edition or period note (（2022版）, （2021-2025年）), or a
        // 目录 or 前言. A heading inside a text (a numbered item `03…计划`, a
        // list `…重点任务清单` over its table, a sub-plan `…处置预案` over
        // 一、) has prose, a table or an outline under it instead.
        let mut end = end;
        let edition = end + 1 < input.sig.len() && is_edition_note(input.text(end + 1));
        if edition {
            end += 1;
        }
        let next = end + 1;
        if next >= input.sig.len() || input.tags(next).any(HEAD_ANCHORS) {
            return None;
        }
        let structure = k.is_structure_heading(input.text(next))
            || (next..(next + CHAPTER_REACH).min(input.sig.len())).any(|q| k.opens_first_chapter(input.text(q)));
        // A reading of a text (《X》政策解读) heads a text of its own whatever
        // stands under it.
        if !edition && !structure && !k.is_reading(&title) {
            return None;
        }
        // Where the text above stops mid-sentence (a copy cut short), only a
        // cover says a text begins: the title, its edition note and the
        // 目录, with at most the month of issue between them.
        let cover = edition && (next..input.sig.len()).take(COVER_DATE_LINES + 1).any(|q| k.is_structure_heading(input.text(q)));
        if !after_sentence && !(cover && after_prose) {
            return None;
        }
        let title_lines: Vec<usize> = (p..=end).map(|q| input.sig[q]).collect();
        Some(Start { at: i, title_lines, layout: self, anchor: i, head_end: input.sig[end], issuers: vec![], number: None, date: None })
    }

    /// 版头: `<organ>文件`, joint organs, letter-spaced organs with `文`/`件`
    /// alone, co-issuers, then the 文号 (or a 主送 soon after).
    fn header_at<'k>(&'k self, input: &Input, p: usize, k: &Knowledge) -> Option<Start<'k>> {
        let sig = input.sig;
        let mut issuers = Vec::new();
        let mut q = p;
        let mut closed = false;
        while q < sig.len() && q < p + self.max_organ_lines {
            let (t, tags) = (input.text(q), input.tags(q));
            if tags.has(Tag::OrganHeader) {
                issuers.push(t.strip_suffix("文件").unwrap_or(t).to_string());
                closed = true;
                q += 1;
                break;
            }
            if tags.has(Tag::HeaderWord) && !issuers.is_empty() {
                q += 1;
                if t == "文" && q < sig.len() && input.text(q) == "件" {
                    q += 1;
                }
                closed = true;
                break;
            }
            if is_header_organ(t, tags, k) {
                issuers.extend(split_organs(k, &input.lines[sig[q]].spaced));
                q += 1;
                continue;
            }
            break;
        }
        // Printed as a 版头 (large red centred type), the organ lines alone
        // are one (a 函 or 纪要 prints no 文件).
        if !closed && !issuers.is_empty() && (p..q).all(|r| input.tags(r).has(Tag::Masthead)) {
            closed = true;
        }
        // Some extractions print the 版头's `文件` under the 文号.
        if !closed && !issuers.is_empty() && q + 1 < sig.len() && input.text(q + 1) == "文件" && input.tags(q).has(Tag::DocNumber) {
            closed = true;
        }
        // The letter format (信函格式) prints the organs without `文件`, the
        // 文号 right under them.
        if !closed && !issuers.is_empty() && q < sig.len() && input.tags(q).has(Tag::DocNumber) {
            closed = true;
        }
        if !closed {
            return None;
        }
        // Co-issuers printed under the first header line (武汉市人民政府文件 / 武汉海关).
        while q < sig.len() && issuers.len() < self.max_organ_lines && is_header_organ(input.text(q), input.tags(q), k) {
            issuers.extend(split_organs(k, &input.lines[sig[q]].spaced));
            q += 1;
        }
        let mut head_end = sig[q - 1];
        let mut number = None;
        if q < sig.len() && input.tags(q).has(Tag::DocNumber) {
            number = crate::lex::line_number(k, &input.lines[sig[q]]);
            head_end = sig[q];
        }
        // A 版头 with no 文号 (纪要, some 函) still counts if a 主送 follows.
        if number.is_none() && !(q..sig.len()).take(self.addressee_within).any(|r| input.tags(r).has(Tag::Addressee)) {
            return None;
        }
        Some(Start { at: sig[p], title_lines: vec![], layout: self, anchor: sig[p], head_end, issuers, number, date: None })
    }
}

/// An organ line of a 版头: an organ name of the lexicon, or a line printed
/// as a 版头 that reads like organ names (see `lex::apply_cues`).
fn is_header_organ(text: &str, tags: Tags, k: &Knowledge) -> bool {
    k.is_org_name(text) || tags.has(Tag::Masthead) && tags.has(Tag::Organ)
}

/// Lines (the month of issue: `2022年11月`) a cover may print between a
/// title's edition note and its 目录.
const COVER_DATE_LINES: usize = 1;

/// A standalone title whose first chapter (第一章) opens within this many
/// lines under it (one preamble paragraph may stand between) heads a text
/// of its own.
const CHAPTER_REACH: usize = 2;

/// Content characters a title standing alone needs: `工作方案` alone is a
/// heading inside a text, not a text of its own.
const MIN_STANDALONE_TITLE_CHARS: usize = 8;

/// Tags of the anchors of other layouts: under a title alone, one of them
/// means the head is that layout's.
const HEAD_ANCHORS: &[Tag] = &[
    Tag::DocNumber,
    Tag::OrderNumber,
    Tag::DocNumberDate,
    Tag::ReportSubtitle,
    Tag::TitleNote,
    Tag::HistoryNote,
    Tag::Addressee,
    Tag::Salutation,
    Tag::Speaker,
];

/// `（2022版）`, `（2021-2025年）`, `（试行）`: a note under a title.
fn is_edition_note(text: &str) -> bool {
    let inner = text.trim().strip_prefix(['（', '(']).and_then(|t| t.strip_suffix(['）', ')']));
    inner.is_some_and(|t| t.chars().count() <= 16 && !t.contains(['。', '，']))
}

/// Characters (with the colon) a 主送 line needs to open a document: `提交单位：`
/// is a form's field; `各有关单位：` opens a letter.
const MIN_ADDRESSEE_ANCHOR_CHARS: usize = 5;

/// Lines that end what stands above a head: never part of a title (nor is
/// an outline heading such as `二、关于…`).
const NEVER_TITLE: &[Tag] =
    &[Tag::Salutation, Tag::Addressee, Tag::Date, Tag::AttachmentNote, Tag::Trailer, Tag::EndNote, Tag::SealNote, Tag::Marker];

/// Walks back from `sig[anchor]` over title lines no further than
/// `floor_line`, stopping when the title has its issuer/关于 opening. Between
/// the title and the anchor a speech prints its subtitle, 题注 and speaker:
/// they belong to the head, not to the title. Returns the title lines and the
/// first line of the head below the title (the anchor, or the speech lines
/// above it).
fn title_before(input: &Input, anchor: usize, floor_line: usize, max: usize, k: &Knowledge) -> (Vec<usize>, usize) {
    let mut picked: Vec<usize> = Vec::new();
    let mut head_from = input.sig[anchor];
    let mut q = anchor;
    while q > 0 && picked.len() < max {
        q -= 1;
        let j = input.sig[q];
        if j < floor_line {
            break;
        }
        if picked.is_empty() && input.tags[j].any(&[Tag::Speaker, Tag::ReportSubtitle, Tag::TitleNote]) {
            head_from = j;
            continue;
        }
        // A speaker's bare name (张　三) between a speech's title and its
        // 题注 date is no line of the title.
        let above_ends_title = q > 0 && k.ends_like_title(&input.lines[input.sig[q - 1]].text);
        let below_is_note = input.sig.get(q + 1).is_some_and(|&b| input.tags[b].has(Tag::TitleNote));
        if picked.is_empty() && below_is_note && is_bare_name(&input.lines[j].text) && above_ends_title {
            head_from = j;
            continue;
        }
        if !input.tags[j].has(Tag::TitleLine) || input.tags[j].any(NEVER_TITLE) {
            break;
        }
        picked.insert(0, j);
        let title: String = picked.iter().map(|&j| input.lines[j].text.as_str()).collect();
        if opens_title(&title, k) {
            // `山东省人民政府` / `关于…的批复` (or `印发…的通知`): the organs
            // that open the title (发文机关 + 关于 + 事由 + 文种) may stand on
            // the lines above.
            if k.subject_start(&title) == Some(0) {
                while q > 0 && picked.len() < max {
                    let above = input.sig[q - 1];
                    let organ = input.tags[above].has(Tag::Organ) && input.tags[above].has(Tag::TitleLine);
                    if above < floor_line || !organ || input.tags[above].any(NEVER_TITLE) {
                        break;
                    }
                    q -= 1;
                    picked.insert(0, above);
                }
            }
            break;
        }
    }
    (picked, head_from)
}

/// Longest personal name printed alone on a line.
const MAX_NAME_CHARS: usize = 4;

/// A line that is only a short name (张　三, 李小明).
fn is_bare_name(text: &str) -> bool {
    let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (2..=MAX_NAME_CHARS).contains(&bare.chars().count()) && bare.chars().all(crate::text::is_cjk)
}

/// A title opens with its issuer and `关于`, or a carrier verb, or is a bare
/// `关于…` phrase.
fn opens_title(title: &str, k: &Knowledge) -> bool {
    let verbs = std::iter::once("关于").chain(k.doc_types.carrier_verbs.iter().map(String::as_str));
    verbs.into_iter().any(|v| title.find(v).is_some_and(|i| i == 0 || i >= 3))
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_built_in_layouts_load_in_order() {
        let k = crate::knowledge::Knowledge::builtin();
        let names: Vec<&str> = k.layouts.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names[0], "版头");
        assert!(k.layouts.iter().any(|l| l.anchor == super::Anchor::FirstLine));
    }
}
