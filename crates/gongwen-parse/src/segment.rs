//! Cutting a gazette body into documents.
//!
//! A 公文 announces itself by its anatomy, never by its content: the layouts
//! of `data/layouts.toml` (版头 + 文号; title then `文号 date`; a speech's
//! subtitle or salutation; a republished title and its 题注; a 主送 or bare
//! 文号 of a copy without 版头; 人事任免; …), read over the line tags of
//! `lex`, and a document's end (its 成文日期 under the signature, or an end
//! note), after which the next line that is not its own starts another.
//! Section markers and back matter are boundaries.

use crate::knowledge::Knowledge;
use crate::layout::{Anchor, Input, Start};
use crate::lex::{Tag, Tags};
use crate::text::{compact, content_chars, ends_sentence, Line};
use crate::docnum;

/// What ends a document without starting another.
#[derive(Debug, Clone)]
pub enum Boundary {
    Section(String),
    BackMatter,
}

pub struct Segments<'k> {
    pub starts: Vec<Start<'k>>,
    /// Section markers and back matter, by line index.
    pub boundaries: Vec<(usize, Boundary)>,
}

/// Indices of the lines that carry text, skipping noise, from `from` on.
pub fn significant(lines: &[Line], noise: &[bool], from: usize) -> Vec<usize> {
    significant_in(lines, noise, from..lines.len())
}

/// Indices of the lines that carry text within `range`, skipping noise.
pub fn significant_in(lines: &[Line], noise: &[bool], range: std::ops::Range<usize>) -> Vec<usize> {
    range.filter(|&i| !lines[i].is_blank() && !noise[i]).collect()
}

/// Where the reading stands in the current document.
#[derive(Default)]
struct Current {
    /// A document may be open (a gazette's body or a lone file begins with one).
    open: bool,
    /// Its body has a sentence after the head.
    body: bool,
    /// It has ended (成文日期 under the signature, or an end note): only
    /// trailers, its attachments and the text it encloses may follow.
    ended: bool,
    /// An attachment list (附件：1．… 2．…) is being read after the end.
    listing: bool,
    /// Lines of a 抄送 list that may still follow after the end.
    imprint_left: usize,
    /// Whether its layout ends at the 成文日期 (not 人事任免).
    ends_at_date: bool,
    /// The names of the texts it encloses (《…》 of a 印发 notice's title).
    encloses: Vec<String>,
}

impl Current {
    fn at(s: &Start, input: &Input, k: &Knowledge) -> Current {
        Current { open: true, ends_at_date: s.layout.ends_at_date, encloses: enclosed_names(&head_title(input, s), k), ..Default::default() }
    }
}

/// Cuts the significant lines `sig` into documents: at every line the
/// layouts of `data/layouts.toml` are tried in order (see `layout`); section
/// markers and back matter end a document without starting one; after a
/// document's end (its 成文日期 under the signature, or an end note), the
/// next line that is none of its trailers, attachments or enclosed text
/// starts another (layout anchor `after_end`).
pub fn find<'k>(k: &'k Knowledge, lines: &[Line], tags: &[Tags], sig: &[usize], lone_document: bool) -> Segments<'k> {
    let input = Input { lines, tags, sig };
    let after_end = k.layouts.iter().find(|l| l.anchor == Anchor::AfterEnd);
    let mut starts: Vec<Start<'k>> = Vec::new();
    let mut boundaries = Vec::new();
    let mut cur = Current { open: true, ends_at_date: true, ..Default::default() };
    let mut p = 0;
    // No title of a new document is looked for above this line (inside a head).
    let mut floor_line = 0usize;
    while p < sig.len() {
        let i = sig[p];
        let t = tags[i];
        // Back matter ends the issue's last document, not the reading: text
        // may follow it (another issue, or lines that must be reported).
        if t.has(Tag::BackMatter) {
            boundaries.push((i, Boundary::BackMatter));
            floor_line = i + 1;
            cur = Current::default();
            p += 1;
            continue;
        }
        // A republished text lives inside a document (not inside 人事任免).
        let inside_document = starts.last().is_some_and(|s| s.layout.holds_texts);
        let head_here = k
            .layouts
            .iter()
            .filter(|l| l.allowed(inside_document, lone_document))
            // (`after_body` waits for the current document's body; after a
            // section marker or back matter there is none.)
            .filter(|l| !(l.after_body && cur.open && !starts.is_empty() && !cur.body && !cur.ended))
            // The title of the text the current document encloses continues it.
            // A title alone starts a text only where nothing else marks the
            // current one's end (after an end, what follows is read below),
            // and not the title of the text the current one encloses.
            .filter(|l| !(l.anchor == Anchor::StandaloneTitle && (cur.ended || opens_enclosed(&input, p, &cur.encloses, k))))
            .find_map(|l| l.match_at(&input, p, floor_line, k));
        let found = head_here.or_else(|| {
            if t.has(Tag::Section) {
                if let Some(sec) = k.section_marker(&lines[i].text) {
                    boundaries.push((i, Boundary::Section(sec)));
                    floor_line = i + 1;
                    cur = Current::default();
                }
            }
            if !cur.ended {
                if cur.open && cur.ends_at_date {
                    read_body_line(&input, p, &mut cur, k);
                }
                return None;
            }
            match after_end_line(&input, p, &mut cur, k) {
                AfterEnd::Trailer | AfterEnd::Waits => None,
                AfterEnd::Reopens => {
                    cur.ended = false;
                    None
                }
                // A head that begins here but is anchored further down (a
                // republished title above its 题注) is read by its layout;
                // else the line opens a document of its own.
                AfterEnd::Starts => (p + 1..sig.len().min(p + 1 + MAX_TITLE_LINES))
                    .find_map(|q| {
                        let mut layouts = k.layouts.iter().filter(|l| l.allowed(inside_document, lone_document));
                        layouts.find_map(|l| l.match_at(&input, q, i, k).filter(|s| s.at <= i))
                    })
                    .or_else(|| after_end.map(|l| l.first_line(i))),
            }
        });
        match found {
            Some(mut s) => {
                // 份号, 密级 and 紧急程度 printed above a head are its own.
                let mut q = sig.partition_point(|&j| j < s.at);
                while q > 0 && sig[q - 1] >= floor_line && tags[sig[q - 1]].has(Tag::HeadMark) {
                    q -= 1;
                    s.at = sig[q];
                }
                floor_line = s.head_end + 1;
                p = past(sig, p, s.head_end);
                cur = Current::at(&s, &input, k);
                starts.push(s);
            }
            None => p += 1,
        }
    }
    // Prose before the first head of a lone file, or a document that ended
    // before it, is a document whose head the copy did not print (web
    // navigation has no sentences and no signature).
    if lone_document {
        if let (Some(first), Some(layout)) = (starts.first(), k.first_line_layout()) {
            let before = &sig[..sig.partition_point(|&j| j < first.at)];
            let prose = before.iter().any(|&j| ends_sentence(&lines[j].text) && !tags[j].has(Tag::Addressee));
            if !before.is_empty() && (prose || first.layout.anchor == Anchor::AfterEnd) {
                starts.insert(0, layout.first_line(sig[0]));
            }
        }
    }
    Segments { starts, boundaries }
}

/// What a line after a document's end is.
enum AfterEnd {
    /// Belongs to the ended document: a date, seal note, contact line, 抄送,
    /// an attachment list.
    Trailer,
    /// An attachment of it (附件1) or the text it encloses: it goes on.
    Reopens,
    /// A mark of the next head (份号, 密级): the head below takes it.
    Waits,
    /// Another document.
    Starts,
}

/// A line of the current document's body: does it end the document, show
/// that the body has begun, or name the text the document encloses?
fn read_body_line(input: &Input, p: usize, cur: &mut Current, k: &Knowledge) {
    let (i, t) = (input.sig[p], input.tags[input.sig[p]]);
    let text = &input.lines[i].text;
    let signed = t.has(Tag::Date) && p > 0 && input.tags[input.sig[p - 1]].any(&[Tag::Organ, Tag::SealNote]);
    cur.ended = signed || t.has(Tag::EndNote);
    cur.body |= ends_sentence(text) && !t.has(Tag::Addressee);
    // `现将《X》印发给你们`, `《X》已经…通过，现予公布`: the body names the
    // text it encloses (a 令 or 公告 and the text it promulgates are one).
    if text.contains('《') && (k.carrier_verb_end(text).is_some() || k.relations.issues_named_text(text)) {
        cur.encloses.extend(enclosed_names(text, k));
    }
}

fn after_end_line(input: &Input, p: usize, cur: &mut Current, k: &Knowledge) -> AfterEnd {
    let (i, t) = (input.sig[p], input.tags[input.sig[p]]);
    let text = &input.lines[i].text;
    if t.has(Tag::AttachmentNote) || text == "附件：" {
        cur.listing = true;
        return AfterEnd::Trailer;
    }
    if t.has(Tag::Trailer) && text.starts_with("抄送") {
        cur.imprint_left = IMPRINT_MAX_LINES;
        return AfterEnd::Trailer;
    }
    // `<organ> 2024年3月6日印发` closes the 版记.
    if text.ends_with("印发") && !crate::date::find_all(text).is_empty() {
        cur.imprint_left = 0;
        return AfterEnd::Trailer;
    }
    if cur.imprint_left > 0 {
        cur.imprint_left -= 1;
        return AfterEnd::Trailer;
    }
    // `襄北市人民政府` / `关于…的通告`: an organ opening the next title.
    let opens_next_title = t.has(Tag::Organ)
        && t.has(Tag::TitleLine)
        && input.sig.get(p + 1).is_some_and(|&j| input.tags[j].has(Tag::TitleLine) && input.lines[j].text.starts_with("关于"));
    if opens_next_title {
        return AfterEnd::Starts;
    }
    if t.any(&[Tag::Date, Tag::SealNote, Tag::Organ, Tag::EndNote, Tag::Trailer])
        || (cur.listing && text.starts_with(|c: char| c.is_ascii_digit()))
    {
        return AfterEnd::Trailer;
    }
    if t.has(Tag::Attachment) || opens_enclosed(input, p, &cur.encloses, k) {
        return AfterEnd::Reopens;
    }
    // 份号, 密级, a telegram's head: the next head takes them.
    if t.has(Tag::HeadMark) {
        return AfterEnd::Waits;
    }
    AfterEnd::Starts
}

/// The title a start's head prints (its title lines, or the title lines
/// right after the head).
fn head_title(input: &Input, s: &Start) -> String {
    if !s.title_lines.is_empty() {
        return s.title_lines.iter().map(|&j| input.lines[j].text.as_str()).collect();
    }
    let first = if s.layout.anchor.opens_text() { s.at } else { s.head_end + 1 };
    let from = input.sig.partition_point(|&j| j < first);
    input.sig[from..]
        .iter()
        .take(MAX_TITLE_LINES)
        .take_while(|&&j| input.tags[j].has(Tag::TitleLine) && !input.tags[j].has(Tag::Addressee))
        .map(|&j| input.lines[j].text.as_str())
        .collect()
}

/// Characters a 主送 line may hold: a national ministry's list of every
/// provincial counterpart runs to 170 and more (a joint notice of ten
/// ministries); every part must still end like a recipient.
const ADDRESSEE_MAX_CHARS: usize = 300;

/// Lines a 抄送 list may wrap over after its first.
const IMPRINT_MAX_LINES: usize = 3;

/// Lines a title may take, when reading the head of a document for what it encloses.
const MAX_TITLE_LINES: usize = 4;

/// Share of the character pairs of a printed title that the name of an
/// enclosed text (in the title of the document enclosing it) must hold for
/// the title to be that text's: `继续有效的市人民政府规范性文件目录` under
/// `关于公布继续有效的行政规范性文件目录的决定`.
const ENCLOSED_MIN_OVERLAP: f64 = 0.6;

/// `关于印发《襄江市示范办法》的通知` → [襄江市示范办法]; `关于印发襄江市示范办法的通知`
/// → the words between the carrier verb (or 关于) and the last 的.
fn enclosed_names(title: &str, k: &Knowledge) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = title;
    while let Some(a) = rest.find('《') {
        let after = &rest[a + '《'.len_utf8()..];
        let Some(b) = after.find('》') else { break };
        names.push(compact(&after[..b]));
        rest = &after[b + '》'.len_utf8()..];
    }
    // A list or text printed after the signature often bears the subject
    // of the title (关于表彰X的决定 → X名单).
    if names.is_empty() {
        let verb_end = k.carrier_verb_end(title).or_else(|| title.find("关于").map(|i| i + "关于".len()));
        if let Some(e) = verb_end {
            let inner = &title[e..];
            if let Some(d) = inner.rfind('的') {
                names.push(compact(&inner[..d]));
            }
        }
    }
    names.retain(|n| n.chars().count() >= 4);
    names
}

/// Do the lines from `sig[p]` open the text named in `names` (its title
/// shares most of a name's character pairs)?
fn opens_enclosed(input: &Input, p: usize, names: &[String], k: &Knowledge) -> bool {
    if names.is_empty() {
        return false;
    }
    let mut title = String::new();
    for &j in input.sig[p..].iter().take(MAX_TITLE_LINES) {
        if !input.tags[j].has(Tag::TitleLine) || (!title.is_empty() && input.tags[j].has(Tag::Marker)) {
            break;
        }
        title.push_str(&input.lines[j].text);
        if k.ends_like_title(&title) {
            break;
        }
    }
    let pairs = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = content_chars(s).chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    // `《X》政策解读`: a reading of the text, a document of its own.
    if k.is_reading(&title) {
        return false;
    }
    let title = pairs(&title);
    if title.len() < 3 {
        return false;
    }
    names.iter().any(|n| {
        let name = pairs(n);
        let shared = title.iter().filter(|p| name.contains(p)).count();
        shared as f64 >= ENCLOSED_MIN_OVERLAP * title.len() as f64
    })
}

/// The first index after `p` whose line lies beyond `line`. Searching from `p`
/// (not from the start of `sig`) keeps segmentation linear in the file.
fn past(sig: &[usize], p: usize, line: usize) -> usize {
    p + sig[p..].partition_point(|&j| j <= line)
}

/// `武汉市人民政府 武汉海关` / `武 汉 市 人 民 政 府` → organ names.
pub fn split_organs(k: &Knowledge, spaced: &str) -> Vec<String> {
    let spaced = k.without_seal_note(spaced);
    let parts: Vec<&str> = spaced.split([' ', '、', '\t']).filter(|s| !s.is_empty()).collect();
    if parts.len() > 1 && parts.iter().all(|p| k.is_org_name(p)) {
        parts.into_iter().flat_map(|p| k.split_glued_organs(p)).collect()
    } else {
        let whole = crate::text::compact(spaced);
        if k.is_org_name(&whole) { k.split_glued_organs(&whole) } else { vec![whole] }
    }
}

/// 主送机关 line: `各区人民政府，市人民政府各部门：` — a list of recipients,
/// each ending like one (an organ, or a word of `addressee_endings` in
/// data/anatomy.toml); prose that ends with a colon is not.
pub fn is_addressee(text: &str, k: &Knowledge) -> bool {
    text.strip_suffix('：').is_some_and(|list| is_recipient_list(list, k))
}

/// The recipients of a 主送 line, its colon left off (also where a body's
/// first paragraph runs on after it, see `reflow`).
pub fn is_recipient_list(list: &str, k: &Knowledge) -> bool {
    // With its colon, the line is that long.
    let n = list.chars().count() + 1;
    if !(3..=ADDRESSEE_MAX_CHARS).contains(&n) || list.contains(['。', '《']) {
        return false;
    }
    // `推荐单位（盖章）：` is a form's field, not a 主送.
    if k.anatomy.form_notes.iter().any(|w| list.contains(w.as_str())) {
        return false;
    }
    let recipient = |part: &str| {
        let part = part.trim();
        let bare = part.strip_suffix('）').and_then(|p| p.rfind('（').map(|i| &p[..i])).unwrap_or(part);
        !bare.is_empty()
            && (k.is_org_name(bare) || k.anatomy.addressee_endings.iter().any(|e| bare.ends_with(e.as_str())))
    };
    list.split(['，', ',', '；']).all(recipient)
}

/// `（2019年9月13日武政规〔2019〕21号公布 … 根据…修改）` under a title.
pub fn is_history_note(k: &Knowledge, text: &str) -> bool {
    text.starts_with('（')
        && text.contains("根据")
        && (text.contains("公布") || text.contains("施行") || text.contains("印发") || text.contains("发布"))
        && !docnum::find_all(k, text).is_empty()
}

