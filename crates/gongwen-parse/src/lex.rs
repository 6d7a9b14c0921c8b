//! The line tagger: every line of a file is tagged once, here, with what it
//! can be in the anatomy of a 公文 (GB/T 9704-2012) — 版头 organ, 文号, date,
//! 主送, title line, signature organ, outline marker, furniture … — from the
//! lexicon in `data/*.toml`. Segmentation and metadata read the tags and the
//! layouts of `data/layouts.toml` (see `layout`) instead of re-testing strings.
//!
//! A line may carry several tags (an organ line is a 版头 organ or a
//! signature organ, depending on where it stands); the grammar decides.

use crate::cues::Cues;
use crate::knowledge::Knowledge;
use crate::segment::{is_addressee, is_history_note, split_organs};
use crate::text::{ends_sentence, Line};
use crate::{date, docnum, fields, noise, outline};
use gongwen_model::NodeKind;
use serde::Deserialize;

/// Widest line that may be part of a title (a title wraps long before this).
pub const MAX_TITLE_LINE_CHARS: usize = 60;

/// Widest title printed on one line whose issuers (up to ten bodies) open
/// it (`A局 B局 … J局关于…的通知`), as portals and extractors print it.
pub const MAX_JOINT_TITLE_CHARS: usize = 240;

/// What a line can be. The names are the words of `data/layouts.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Tag {
    /// Running header, page number, masthead, portal field or button.
    Furniture,
    /// One organ name, or several separated by spaces or 、.
    Organ,
    /// `<organ>文件` on one line.
    OrganHeader,
    /// `文件` (or `文` of a letter-spaced 版头) alone.
    HeaderWord,
    /// A 文号 alone, or beside its 签发人.
    DocNumber,
    /// A 文号 and a date on one line (department layout).
    DocNumberDate,
    /// A date alone (成文日期).
    Date,
    /// 主送: `各区人民政府，市人民政府各部门：`.
    Addressee,
    /// Could be a line of a title: short, not a sentence, not a marker.
    TitleLine,
    /// `——2024年1月18日在…会议上`: a speech's subtitle.
    ReportSubtitle,
    /// `（…〔YYYY〕N号公布 根据…修改）` under a republished title.
    HistoryNote,
    /// `（2025年6月30日）`: a 题注 date alone.
    TitleNote,
    /// `各位代表：`: a speech's salutation.
    Salutation,
    /// `市长 马 军`: a speaker's post and name.
    Speaker,
    /// `（此件公开发布）`: closes a document.
    EndNote,
    /// A contact line, 抄送, 主题词: may follow a document's end.
    Trailer,
    /// The first printed line cut from a flattened line (see `reflow`): a
    /// flattened line holds one text.
    FlattenedStart,
    /// The 人事任免 section heading.
    Personnel,
    /// A gazette section marker (【规范性文件】).
    Section,
    /// The gazette's back matter heading.
    BackMatter,
    /// `（…代章）` under a signature.
    SealNote,
    /// An outline marker opens the line (一、, 第三条 …).
    Marker,
    /// `附件1` alone: the label of an attachment printed as a text of its own.
    Attachment,
    /// `附件：1．…`: the 附件说明 under the body.
    AttachmentNote,
    /// Printed as a 版头: large red centred type (a cue of the page, see
    /// `cues`; text sources have none).
    Masthead,
    /// Printed at body size right under lines printed as a title: the title
    /// ended above (a cue of the page; text sources have none).
    BodyType,
    /// `第345号`, `〔十五届〕第62号`: the number of a 令 or 公告 in its own
    /// series, on the line under its title.
    OrderNumber,
    /// 份号 (000123), 密级 (秘密★1年) or 紧急程度 (特急) printed above a 版头.
    HeadMark,
}

/// The tags of one line, as a set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tags(u32);

impl Tags {
    pub fn has(self, t: Tag) -> bool {
        self.0 & (1 << t as u8) != 0
    }
    pub fn any(self, ts: &[Tag]) -> bool {
        ts.iter().any(|&t| self.has(t))
    }
    fn set(&mut self, t: Tag, on: bool) {
        if on {
            self.0 |= 1 << t as u8;
        }
    }
    fn unset(&mut self, t: Tag) {
        self.0 &= !(1 << t as u8);
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Tags every line of a file.
pub fn tag_lines(lines: &[Line], k: &Knowledge) -> Vec<Tags> {
    let mut tags: Vec<Tags> = lines.iter().map(|l| tag_line(l, k)).collect();
    // Pieces of one flattened line keep its line number (see `reflow`).
    for i in 0..lines.len() {
        let cut = lines.get(i + 1).is_some_and(|n| n.no == lines[i].no);
        // An outline item cut from a long paragraph line is not a text of its own.
        let heads = !tags[i].has(Tag::Marker) || tags[i].has(Tag::Attachment);
        tags[i].set(Tag::FlattenedStart, cut && heads && (i == 0 || lines[i - 1].no != lines[i].no));
    }
    // A speech's subtitle may wrap: `——2024年1月16日在…第三次` / `会议上`.
    let mut open_subtitle = false;
    for (line, t) in lines.iter().zip(tags.iter_mut()) {
        if line.is_blank() {
            continue;
        }
        let text = line.text.trim_end_matches(['）', ')']);
        if open_subtitle && t.has(Tag::TitleLine) {
            t.set(Tag::ReportSubtitle, true);
        }
        open_subtitle = t.has(Tag::ReportSubtitle) && !text.ends_with('上') && !open_subtitle;
    }
    tags
}

/// Takes the visual cues of a printed file (see `cues`) as evidence, once,
/// after tagging: a line printed as a 版头 that ends in 文件 is a 版头 even
/// when its organ is not in the lexicon, and one that reads like organ names
/// is an organ line; a line printed as a title is a title line (not a 文号,
/// date or outline marker); the first line printed at body size after title
/// lines is not (the title ends where the type gets small). Without cues (text
/// sources) the tags are left as they are.
pub fn apply_cues(lines: &[Line], tags: &mut [Tags], cues: &Cues, k: &Knowledge) {
    if cues.is_empty() {
        return;
    }
    let mut after_title = false;
    for (line, t) in lines.iter().zip(tags.iter_mut()) {
        if line.is_blank() {
            continue;
        }
        let cue = cues.of_line(line.no);
        if cue.masthead && line.width() <= MAX_ORGAN_LINE_CHARS {
            t.set(Tag::Masthead, true);
            let organ = line.text.strip_suffix("文件").filter(|o| !o.is_empty());
            t.set(Tag::OrganHeader, organ.is_some_and(|o| organ_like(o, k)));
            t.set(Tag::Organ, organ.is_none() && !t.has(Tag::HeaderWord) && organ_like(&line.text, k));
        }
        let not_title = t.any(&[Tag::DocNumber, Tag::DocNumberDate, Tag::Date, Tag::Marker, Tag::Masthead]);
        if cue.title && !not_title {
            t.set(Tag::TitleLine, true);
        }
        if after_title && cue.body && !cue.title {
            t.unset(Tag::TitleLine);
            t.set(Tag::BodyType, true);
        }
        after_title = cue.title;
    }
}

/// Could a line printed as a 版头 name an organ (the lexicon's suffixes
/// aside): CJK characters only, not a title (a gazette's name ends in 公报).
fn organ_like(name: &str, k: &Knowledge) -> bool {
    (MIN_ORGAN_LIKE_CHARS..=MAX_ORGAN_LIKE_CHARS).contains(&name.chars().count())
        && name.chars().all(crate::text::is_cjk)
        && !k.ends_like_title(name)
}

/// Characters a name printed as a 版头 organ may have.
const MIN_ORGAN_LIKE_CHARS: usize = 2;
const MAX_ORGAN_LIKE_CHARS: usize = 40;

/// A whole title on one line opened by its issuers (`A局 B局关于…的通知`,
/// `A局、B局关于…`, or the names glued together): what stands before 关于
/// (or a carrier verb) is two or more organ names, and the line ends like a
/// title.
fn is_joint_title(line: &Line, k: &Knowledge) -> bool {
    let spaced = line.spaced.as_str();
    let Some(cut) = k.subject_start(spaced).filter(|&c| c > 0) else { return false };
    let parts: Vec<&str> = spaced[..cut].split([' ', '\u{3000}', '、']).filter(|p| !p.is_empty()).collect();
    let organs: Vec<String> = match parts.as_slice() {
        [one] => k.split_glued_organs(one),
        many => many.iter().map(|p| p.to_string()).collect(),
    };
    organs.len() >= 2 && organs.iter().all(|o| k.is_org_name(o)) && k.ends_like_title(&line.text)
}

/// The tags of one line.
pub fn tag_line(line: &Line, k: &Knowledge) -> Tags {
    let mut tags = Tags::default();
    let t = line.text.as_str();
    if t.is_empty() {
        return tags;
    }
    let furniture = noise::is_noise(k, t) || fields::fields(&line.spaced, k).is_some() || fields::is_page_furniture(t, k);
    tags.set(Tag::Furniture, furniture);
    let width = line.width();
    let section = k.section_marker(t).is_some();
    tags.set(Tag::Section, section);
    tags.set(Tag::Personnel, k.sections.personnel.iter().any(|m| m == t));
    tags.set(Tag::BackMatter, noise::is_back_matter(k, t));
    if width <= MAX_ORGAN_LINE_CHARS {
        let unsealed = k.without_seal_note(t);
        tags.set(Tag::Organ, k.is_org_name(unsealed) || split_organs(k, &line.spaced).len() > 1);
        tags.set(Tag::OrganHeader, t.strip_suffix("文件").is_some_and(|o| k.is_org_name(o)));
        tags.set(Tag::HeaderWord, t == "文件" || t == "文");
        tags.set(Tag::SealNote, k.is_seal_note(t));
    }
    // A 文号 printed in brackets under the title: （襄政发〔2012〕3号）.
    if let Some((_, rest)) = docnum::parse_leading(k, unbracketed(t)) {
        // Two issuers' 文号 side by side (白发改〔2025〕5号　白财〔2025〕9号).
        tags.set(Tag::DocNumber, rest.is_empty() || rest.starts_with("签发人") || is_doc_number(k, rest));
        tags.set(Tag::DocNumberDate, date::parse_exact(rest).is_some());
    }
    // The 文号 at the end of a line of the head's fields or of the organ
    // (信函格式: `白沙市卫生健康委员会　白卫函〔2025〕42号`; a 明电's
    // `等级：特急　明电　江政办明电〔2025〕5号`).
    if !tags.has(Tag::DocNumber) {
        tags.set(Tag::DocNumber, field_line_number(k, &line.spaced).is_some());
    }
    tags.set(Tag::Date, date::parse_exact(t).is_some());
    let marker = outline::marker(t);
    let salutation = k.is_salutation(t);
    tags.set(Tag::Salutation, salutation);
    // `第三条 区人民政府工作遵循以下准则：` is an article, not a 主送 (its
    // marker may show only with the space kept).
    let addressee = !salutation && marker.is_none() && is_addressee(t, k) && outline::marker(&line.spaced).is_none();
    tags.set(Tag::Addressee, addressee);
    tags.set(Tag::Marker, marker.is_some());
    tags.set(Tag::Attachment, marker.as_ref().is_some_and(|m| m.kind == NodeKind::Attachment));
    tags.set(Tag::AttachmentNote, t.starts_with("附件：") && t.chars().count() > 3);
    // A table row (`13 CE供应链管理 …`) is not a line of a title.
    let row = line.spaced.split_once(' ').is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()));
    let fits = width <= MAX_TITLE_LINE_CHARS || (width <= MAX_JOINT_TITLE_CHARS && is_joint_title(line, k));
    tags.set(Tag::TitleLine, !ends_sentence(t) && !t.ends_with('，') && fits && !section && !row);
    tags.set(Tag::ReportSubtitle, is_report_subtitle(t));
    tags.set(Tag::TitleNote, date::parse_exact(unbracketed(t)).is_some() && t != unbracketed(t));
    tags.set(Tag::Speaker, width <= MAX_TITLE_LINE_CHARS && k.is_speaker(&line.spaced));
    tags.set(Tag::EndNote, k.is_end_note(t));
    tags.set(Tag::HeadMark, k.is_head_mark(t));
    tags.set(Tag::Trailer, k.is_trailer(t) || (width <= MAX_TITLE_LINE_CHARS && has_phone_number(t)));
    tags.set(Tag::HistoryNote, is_history_note(k, t));
    tags.set(Tag::OrderNumber, docnum::order_line(t).is_some());
    tags
}

/// `——2024年1月18日在…会议上`, `（2024年1月29日在…会议上）`: where and when a
/// speech or report was given.
fn is_report_subtitle(t: &str) -> bool {
    if (t.starts_with('—') || t.starts_with("--")) && !date::find_all(t).is_empty() {
        return true;
    }
    date::bracketed_leading(t).is_some_and(|(_, rest)| rest.starts_with('在'))
}

/// Mask characters in a row that show a masked number.
const MASKED_RUN: usize = 3;

/// A contact line's telephone number: masked at the boundary (see `privacy`),
/// or `027-88886666` / `88886666` / a mobile number (not a year range such as
/// `2022-2024`).
fn has_phone_number(t: &str) -> bool {
    static PHONE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = PHONE.get_or_init(|| regex::Regex::new(r"(?:^|[^0-9])(?:[0-9]{3,4}-[0-9]{7,8}|[0-9]{7,12})(?:[^0-9]|$)").expect("a valid pattern"));
    let masked = t.as_bytes().windows(MASKED_RUN).any(|w| w.iter().all(|&b| char::from(b) == crate::privacy::MASK_CHAR));
    masked || re.is_match(t)
}

/// `text` without one pair of brackets around the whole of it.
/// `text` is one 文号 and nothing else.
fn is_doc_number(k: &Knowledge, text: &str) -> bool {
    docnum::parse_leading(k, unbracketed(text.trim())).is_some_and(|(_, rest)| rest.is_empty())
}

/// Longest word of a head's field line that is neither a field (`等级：特急`)
/// nor an organ (`明电`, `特急`).
const MAX_HEAD_WORD_CHARS: usize = 4;

/// The 文号 ending a line whose other words are the head's fields, short
/// words or organ names, and where it starts in `spaced`.
pub fn field_line_number(k: &Knowledge, spaced: &str) -> Option<usize> {
    let words: Vec<&str> = spaced.split(' ').filter(|w| !w.is_empty()).collect();
    let (last, before) = words.split_last()?;
    let head_word = |w: &&str| w.contains('：') || w.chars().count() <= MAX_HEAD_WORD_CHARS || k.is_org_name(w) || is_doc_number(k, w);
    (!before.is_empty() && is_doc_number(k, last) && before.iter().all(head_word)).then(|| spaced.rfind(last).unwrap_or(0))
}

/// The 文号 a line tagged [`Tag::DocNumber`] prints: the one ending a line
/// of fields or of the organ, else the first.
pub fn line_number(k: &Knowledge, line: &Line) -> Option<gongwen_model::DocNumber> {
    // Two 文号 side by side: the first issuer's.
    let first_word = line.spaced.split(' ').next().unwrap_or_default();
    if is_doc_number(k, first_word) {
        return docnum::parse_leading(k, unbracketed(first_word)).map(|(n, _)| n);
    }
    if let Some(at) = field_line_number(k, &line.spaced) {
        return docnum::parse_leading(k, unbracketed(line.spaced[at..].trim())).map(|(n, _)| n);
    }
    docnum::find_all(k, &line.text).into_iter().next().map(|f| f.number)
}

fn unbracketed(text: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')'), ('[', ']'), ('［', '］')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            return inner;
        }
    }
    text
}

/// Widest line that may be a line of organ names (a joint signature of
/// several organs separated by spaces).
pub const MAX_ORGAN_LINE_CHARS: usize = 120;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_line;

    fn tags(s: &str) -> Tags {
        tag_line(&normalize_line(1, s), &crate::knowledge::Knowledge::builtin())
    }

    #[test]
    fn anatomy() {
        assert!(tags("襄江市人民政府文件").has(Tag::OrganHeader));
        assert!(tags("襄江市财政局 襄江市商务局").has(Tag::Organ));
        assert!(tags("襄政规〔2024〕6号").has(Tag::DocNumber));
        assert!(tags("（襄政发〔2012〕3号）").has(Tag::DocNumber));
        assert!(tags("襄发改规〔2023〕1号 2023年11月9日").has(Tag::DocNumberDate));
        assert!(tags("2024年7月11日").has(Tag::Date));
        assert!(tags("各区人民政府，市人民政府各部门：").has(Tag::Addressee));
        // A form's field (data/anatomy.toml form_notes) is not a 主送.
        assert!(!tags("推荐单位（盖章）：").has(Tag::Addressee));
        assert!(tags("第345号").has(Tag::OrderNumber) && tags("〔十五届〕第62号").has(Tag::OrderNumber));
        let t = tags("关于印发襄江市示范工作办法的通知");
        assert!(t.has(Tag::TitleLine));
        assert!(tags("一、总体要求").has(Tag::Marker));
        assert!(tags("（襄江市商务局代章）").has(Tag::SealNote));
        assert!(tags("发文字号：襄商发〔2023〕7号").has(Tag::Furniture));
        assert!(!tags("为推动示范工作，现将有关事项通知如下。").has(Tag::TitleLine));
        assert!(tags("（2025年6月30日）").has(Tag::TitleNote));
        assert!(!tags("2025年6月30日").has(Tag::TitleNote));
        assert!(tags("（2024年1月29日在襄江市第十四届人民代表大会第四次").has(Tag::ReportSubtitle));
        assert!(tags("各位代表：").has(Tag::Salutation));
        assert!(tags("襄江市人民政府市长  张三丰").has(Tag::Speaker));
        assert!(tags("市长  马  军").has(Tag::Speaker));
        assert!(!tags("襄江市财政局 襄江市商务局").has(Tag::Speaker));
        assert!(tags("（此件公开发布）").has(Tag::EndNote));
        assert!(tags("（联系人：王五；联系电话：12345678）").has(Tag::Trailer));
        assert!(tags("襄江市信息中心 王五 027-8888****").has(Tag::Trailer));
        assert!(!tags("2024年7月11日").has(Tag::Trailer));
        assert!(!tags("襄江区行动计划（2022-2024年）").has(Tag::Trailer));
        assert!(tags("襄江市信息中心 王五 027-88886666").has(Tag::Trailer));
    }

    #[test]
    fn cues_are_evidence() {
        use gongwen_pdf::{Column, PdfText, TextLine};
        const RED: [u8; 3] = [217, 0, 0];
        const BLACK: [u8; 3] = [0, 0, 0];
        let printed = [
            ("襄江临港", 30.0, true, RED),
            ("经济开发区", 30.0, true, RED),
            ("文件", 30.0, true, RED),
            ("襄临开发〔2024〕5号", 15.0, true, BLACK),
            ("襄江临港经济开发区关于做好企业用工", 20.0, true, BLACK),
            ("保障工作的公示", 20.0, true, BLACK),
            ("为做好企业用工保障工作稳定就业岗位现将有关", 15.0, false, BLACK),
            ("事项公示如下。", 15.0, false, BLACK),
            ("襄江市人民政府公报", 30.0, true, RED),
            ("襄江新区开发建设专班文件", 30.0, true, RED),
        ];
        let pdf = PdfText {
            pages: 1,
            lines: printed
                .iter()
                .map(|&(text, size, centred, color)| TextLine { page: 1, text: text.into(), x0: 0.0, x1: 0.0, y: 0.0, size, centred, color: Some(color), bold: false, column: Column::Full })
                .collect(),
            ..Default::default()
        };
        let lines: Vec<Line> = printed.iter().enumerate().map(|(i, p)| normalize_line(i + 1, p.0)).collect();
        let plain = tag_lines(&lines, &crate::knowledge::Knowledge::builtin());
        let mut cued = plain.clone();
        apply_cues(&lines, &mut cued, &Cues::from_pdf(&pdf), &crate::knowledge::Knowledge::builtin());
        // Text alone: the organ is unknown, the first body line reads like a title.
        assert!(!plain[1].has(Tag::Organ) && !plain[9].has(Tag::OrganHeader));
        assert!(plain[6].has(Tag::TitleLine));
        // With the type: organ lines and a 版头 of an unknown organ, the title ends.
        assert!(cued[0].has(Tag::Organ) && cued[1].has(Tag::Organ) && cued[1].has(Tag::Masthead));
        assert!(cued[2].has(Tag::HeaderWord) && !cued[2].has(Tag::Organ));
        assert!(cued[3].has(Tag::DocNumber) && cued[3] == plain[3]);
        assert!(cued[4].has(Tag::TitleLine) && cued[5].has(Tag::TitleLine));
        assert!(cued[6].has(Tag::BodyType) && !cued[6].has(Tag::TitleLine));
        assert!(!cued[7].has(Tag::BodyType));
        // A gazette's name in red is no organ; an organ the lexicon lacks is a 版头.
        assert!(cued[8].has(Tag::Masthead) && !cued[8].has(Tag::Organ) && !cued[8].has(Tag::OrganHeader));
        assert!(cued[9].has(Tag::OrganHeader));
        // No cues, no change.
        let mut none = plain.clone();
        apply_cues(&lines, &mut none, &Cues::none(), &crate::knowledge::Knowledge::builtin());
        assert_eq!(none, plain);
    }
}
