//! GB/T 9704-2012 metadata of one segmented document: title, 发文机关, 文号,
//! 主送, signature and 成文日期, 附件说明, 抄送, 印发, and the body outline.

use crate::knowledge::Knowledge;
use crate::outline;
use crate::layout::{Anchor, DateFrom, Start, TitlePlace};
use crate::lex::{Tag, Tags, MAX_TITLE_LINE_CHARS};
use crate::segment::split_organs;
use crate::text::{compact, content_chars, ends_sentence, Line};
use crate::{date, decree};
use gongwen_model::{Date, DocNumber, Document, Printing, SourceKind, Warning};
use regex::Regex;
use std::sync::OnceLock;

/// Most organ lines a signature block above its date can hold (joint
/// documents of many bodies sign one organ a line).
const MAX_SIGNATURE_LINES: usize = 16;

/// How far into a document a 题注 (the date in brackets under or above the
/// title) is looked for.
const TITLE_NOTE_LINES: usize = 4;

/// The date of a 题注 line: a bracketed date alone, or one that opens the
/// note of where a speech was given.
fn title_note_date(text: &str) -> Option<Date> {
    date::bracketed_leading(text).map(|(d, _)| d)
}

/// What every document of one file shares.
pub struct FileContext<'a> {
    pub source: &'a str,
    pub kind: SourceKind,
    pub lines: &'a [Line],
    /// The tags of each line (see `lex`).
    pub tags: &'a [Tags],
    pub noise: &'a [bool],
    pub wrap: Option<usize>,
    /// `武汉市`: what `市` stands for in abbreviated organ names.
    pub city: Option<String>,
    /// `武汉市汉阳区`: what `区` stands for.
    pub district: Option<String>,
}

impl FileContext<'_> {
    fn warn(&self, code: &str, line: usize, message: String) -> Warning {
        Warning { code: code.into(), message, source: self.source.into(), line }
    }
    fn text(&self, i: usize) -> &str {
        &self.lines[i].text
    }
    fn has(&self, i: usize, tag: Tag) -> bool {
        self.tags[i].has(tag)
    }
}

/// Builds the document that starts at `start` and ends before line index `end`.
pub fn build(k: &Knowledge, ctx: &FileContext, start: &Start, end: usize, section: Option<String>) -> Document {
    let sig: Vec<usize> = (start.at..end).filter(|&i| !ctx.lines[i].is_blank() && !ctx.noise[i]).collect();
    let mut used = vec![false; end.saturating_sub(start.at)];
    let mut mark = |i: usize| used[i - start.at] = true;
    let layout = start.layout;
    // A layout whose anchor is the text's first line (a lone text, a
    // flattened line) has no head: that line is the title or the body's,
    // unless it is a label above the title (附件2, a 版头's 文件).
    let label = |i: usize| ctx.tags[i].any(&[Tag::HeaderWord, Tag::Attachment]);
    let in_head = |i: usize| i <= start.head_end && !(layout.anchor.opens_text() && i >= start.anchor && !label(i));
    for &i in sig.iter().filter(|&&i| in_head(i)) {
        mark(i);
    }
    let after_head: Vec<usize> = sig.iter().copied().filter(|&i| !in_head(i)).collect();

    // What the layout's head already says (版头 organs, 文号, a dated anchor).
    let mut number: Option<DocNumber> = start.number.clone();
    let mut issuers: Vec<String> = start.issuers.clone();
    let mut date_found: Option<(Date, usize)> = start.date.map(|d| (d, start.anchor));
    let mut signers: Vec<String> = Vec::new();
    let (history_note, history_note_line) = match layout.anchor {
        Anchor::HistoryNote => (Some(ctx.text(start.anchor).to_string()), Some(ctx.lines[start.anchor].no)),
        _ => (None, None),
    };
    let title_lines = match layout.title {
        TitlePlace::After if layout.anchor.opens_text() => title_after(k, ctx, &sig),
        TitlePlace::After => title_after(k, ctx, &after_head),
        TitlePlace::BeforeOrAfter if start.title_lines.is_empty() => title_after(k, ctx, &after_head),
        _ => start.title_lines.clone(),
    };
    for &i in &title_lines {
        mark(i);
    }
    // A text that opens straight with its body (为贯彻落实《X》…，制定本办法。)
    // prints no title: its first sentence stands in as the name shown, and
    // stays in the body, where its citations and statements are read.
    let stand_in = match title_lines.is_empty() && matches!(layout.title, TitlePlace::After | TitlePlace::BeforeOrAfter) {
        true => after_head.first().filter(|&&i| !ctx.has(i, Tag::Addressee) && !lists_recipients(ctx.text(i)) && ends_sentence(ctx.text(i))).map(|&i| ctx.text(i).to_string()),
        false => None,
    };
    let title = compact(&title_lines.iter().map(|&i| ctx.text(i)).collect::<String>());
    // A text that opens with its promulgation (《X》已经…通过，现予公布) and
    // prints no title of its own is X.
    let promulgated = match title.is_empty() {
        true => sig.iter().find(|&&i| i >= start.at).and_then(|&i| decree::promulgated_title(k, ctx.text(i))),
        false => None,
    };
    let stand_in = promulgated.or(stand_in);
    let title = stand_in.map(|t| compact(&t)).filter(|_| title.is_empty()).unwrap_or(title);
    // A title printed in guillemets (《…实施意见》, 《…办法》（征求意见稿）)
    // is the title inside them, with the qualifier after them.
    let title = match title.strip_prefix('《').and_then(|t| t.split_once('》')) {
        Some((inner, after)) if !inner.contains(['《', '》']) && (after.is_empty() || is_qualifier(after)) => format!("{inner}{after}"),
        _ => title,
    };

    // 主送机关: the first line after the title, if it is addressed.
    // A text that opens with its first line and prints no title: that line
    // (a 主送, say) is read with the rest.
    let rest: Vec<usize> = match title_lines.last() {
        None if layout.anchor.opens_text() => sig.iter().copied().filter(|&i| i >= start.at).collect(),
        last => {
            let body_from = last.copied().unwrap_or(start.head_end).max(start.head_end);
            sig.iter().copied().filter(|&i| i > body_from).collect()
        }
    };
    let mut addressees = Vec::new();
    let mut next = 0;
    // A 文号 printed under the title (国务院 and many portals, flattened
    // texts), or opening a copy that prints no 版头.
    if number.is_none() {
        let under_title = rest.first().filter(|&&i| ctx.has(i, Tag::DocNumber));
        let opening = sig.first().filter(|&&i| ctx.has(i, Tag::DocNumber) && !title_lines.contains(&i));
        if let Some(&i) = under_title.or(opening) {
            number = crate::lex::line_number(k, &ctx.lines[i]);
            mark(i);
            next = usize::from(under_title.is_some());
        }
    }
    // A 令, 公告 or 纪要 prints its number in a series of its own under its
    // title (山东省人民政府令 / 第345号): the two make its order number. The
    // number line is the head's anchor (layout 令), or the line under the title.
    let mut order = None;
    let mut order_issuer = None;
    let mut person_signer: Option<String> = None;
    if number.is_none() {
        let (line, in_rest) = match layout.anchor {
            Anchor::OrderNumber => (Some(start.anchor), false),
            _ => (rest.first().copied(), true),
        };
        if let Some((i, o)) = line.and_then(|i| decree::order(k, &title, ctx.text(i)).map(|o| (i, o))) {
            mark(i);
            next = usize::from(in_rest);
            order = Some(o.number);
            order_issuer = o.issuer;
        }
    }
    // The text a 令 or 公告 promulgates (《X》…现予公布) follows it under its own
    // title: the document is that text, published by this 令 (as registers
    // name it: X, 山东省人民政府令第345号); its 文种 stays the 令's.
    let form_title = title.clone();
    let mut title = title;
    if let Some(name) = order.as_ref().and_then(|_| rest.get(next)).and_then(|&i| decree::promulgated_title(k, ctx.text(i))) {
        let after: Vec<&str> = rest[next..].iter().map(|&j| ctx.text(j)).collect();
        if let Some(at) = decree::promulgated_text_title(&name, &after) {
            at.into_iter().for_each(|p| mark(rest[next + p]));
            title = compact(&name);
        }
    }
    // A 公告 in its series (X税务局公告 / 2025年第3号) that prints its own
    // title under its number (X税务局关于…的公告): that is its title.
    if order.is_some() && title == form_title {
        let mut own = String::new();
        let mut lines = Vec::new();
        for &i in rest.iter().skip(next).take(MAX_OWN_TITLE_LINES) {
            if !ctx.has(i, Tag::TitleLine) || ctx.has(i, Tag::Marker) {
                break;
            }
            own.push_str(ctx.text(i));
            lines.push(i);
            if k.ends_like_title(&own) {
                break;
            }
        }
        if !lines.is_empty() && k.ends_like_title(&own) && k.subject_start(&own).is_some() {
            lines.iter().for_each(|&i| mark(i));
            next += lines.len();
            title = own;
        }
    }
    // A 纪要 or 简报 prints who issued it and when on one line under its head.
    if date_found.is_none() {
        let issued = rest.iter().take(decree::ISSUED_LINE_WITHIN).enumerate().find_map(|(p, &i)| decree::issued_line(k, &ctx.lines[i].spaced).map(|(o, d)| (p, o, d)));
        if let Some((p, organ, d)) = issued {
            date_found = Some((d, rest[p]));
            if issuers.is_empty() {
                // A 纪要 is issued by the organ whose meeting it records.
                issuers.push(decree::meeting_organ(k, &title).map_or(organ, String::from));
            }
            mark(rest[p]);
            next = next.max(p + 1);
        }
    }
    // A report names its speaker under the subtitle: `市长 程用文`.
    if let (true, Some(&i)) = (layout.speech, rest.first()) {
        let spaced = &ctx.lines[i].spaced;
        if spaced.split(' ').count() == 2 && ctx.text(i).chars().count() <= 12 && !ends_sentence(spaced) {
            signers.push(spaced.clone());
            mark(i);
            next = 1;
        }
    }
    // A copy that opens with its 主送 (layout 主送) has it as its anchor.
    if layout.anchor == Anchor::Addressee {
        addressees = split_list(ctx.text(start.anchor).trim_end_matches('：'));
    } else if let Some(&i) = rest.get(next) {
        if ctx.has(i, Tag::Addressee) {
            addressees = split_list(ctx.text(i).trim_end_matches('：'));
            mark(i);
        }
    }

    // Signature: organ lines right above a date line. The first such block is
    // the cover note's; a date line alone at the end is the fallback.
    if date_found.is_none() || signers.is_empty() {
        for (pos, &i) in rest.iter().enumerate() {
            let Some(d) = ctx.has(i, Tag::Date).then(|| date::parse_exact(ctx.text(i))).flatten() else { continue };
            // A seal note (（…代章）) between the organs and the date belongs to the block.
            let seals: Vec<usize> = rest[..pos].iter().rev().take_while(|&&j| ctx.has(j, Tag::SealNote)).copied().collect();
            let block: Vec<usize> = rest[..pos - seals.len()]
                .iter()
                .rev()
                .take(MAX_SIGNATURE_LINES)
                .take_while(|&&j| ctx.has(j, Tag::Organ))
                .copied()
                .collect();
            if !block.is_empty() {
                seals.iter().for_each(|&j| mark(j));
            }
            // A 令 is signed by a person: `省长　张三丰` above the date.
            if block.is_empty() && seals.is_empty() && pos > 0 && ctx.has(rest[pos - 1], Tag::Speaker) && order.is_some() {
                let j = rest[pos - 1];
                person_signer = Some(ctx.lines[j].spaced.clone());
                mark(j);
                mark(i);
                date_found = date_found.or(Some((d, i)));
                break;
            }
            if !block.is_empty() {
                for &j in block.iter().rev() {
                    signers.extend(split_organs(k, &ctx.lines[j].spaced));
                    mark(j);
                }
                mark(i);
                if date_found.is_none() {
                    date_found = Some((d, i));
                }
                break;
            }
        }
    }
    if date_found.is_none() {
        if let Some(&i) = rest.iter().rev().find(|&&i| ctx.has(i, Tag::Date)) {
            date_found = date::parse_exact(ctx.text(i)).map(|d| (d, i));
            mark(i);
        }
    }
    // A 题注 at the head: （2025年6月30日）, （2024年1月29日在…会议上）.
    if date_found.is_none() {
        if let Some((i, d)) = sig.iter().take(TITLE_NOTE_LINES).find_map(|&i| title_note_date(ctx.text(i)).map(|d| (i, d))) {
            date_found = Some((d, i));
            mark(i);
        }
    }

    // The 附注 under the date (（此件公开发布）) is the document's, not its body's.
    if let Some((_, at)) = date_found {
        for &i in rest.iter().filter(|&&i| i > at && ctx.has(i, Tag::EndNote)) {
            mark(i);
        }
    }
    let (copy_to, printing) = imprint(ctx, &rest, &mut mark);
    let attachments = attachment_list(ctx, &rest, &mut mark);

    // Without a 版头 the signature names the issuers in full; the title prefix
    // (市发改委关于…) is the last resort.
    // A report's signature is its speaker, not an issuing organ.
    if issuers.is_empty() && !layout.speech {
        issuers = signers.clone();
    }
    // A unit of the organ in the 版头 signs for itself (a 司's 复函 on its
    // ministry's letterhead): the signature names the issuer.
    let national = |o: &str| k.expand_national(o);
    let unit_of = |s: &String| issuers.iter().any(|o| {
        let base = k.orgs.national.iter().find(|(_, full)| **full == national(o)).map_or(o.as_str(), |(short, _)| short.as_str());
        [base, k.without_state_prefix(o), o.as_str()].iter().any(|b| s.len() > b.len() && s.starts_with(b)) && k.is_org_name(s)
    });
    if !layout.speech && !signers.is_empty() && !issuers.is_empty() && signers.iter().all(unit_of) {
        issuers = signers.clone();
    }
    // A 令 signed by a person (省长 周乃翔) is issued by the organ it names;
    // one that signs without the state's name (海屿海关 under 中华人民共和国海屿海关
    // 公告) is that organ, named in full.
    if let Some(full) = &order_issuer {
        let bare = k.without_state_prefix(full);
        for issuer in issuers.iter_mut().filter(|i| bare != full && i.as_str() == bare) {
            *issuer = full.clone();
        }
    }
    if issuers.is_empty() {
        issuers.extend(order_issuer);
    }
    signers.extend(person_signer);
    if issuers.is_empty() {
        issuers = issuers_from_title(k, &title_lines.first().map(|&i| ctx.lines[i].spaced.clone()).unwrap_or_default());
    }
    let issuers_full: Vec<String> = issuers
        .iter()
        .map(|o| k.expand_org(o, ctx.city.as_deref(), ctx.district.as_deref()))
        .collect();

    let body: Vec<usize> = sig.iter().copied().filter(|&i| !used[i - start.at]).collect();
    let paras = outline::paragraphs(ctx.lines, &body, ctx.wrap);
    let outline = outline::build(&paras, false);
    let text = paras.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");

    // The layout's 文种 (人事任免) names the document whatever its title; a
    // speech's (报告) only when the title names none.
    let doc_type = match layout.title {
        TitlePlace::Anchor => layout.doc_type.clone(),
        _ => k.doc_type_of(&form_title).map(String::from).or_else(|| layout.doc_type.clone()),
    };
    let enclosed_type = enclosed_type(k, &title);

    let line_start = ctx.lines[start.at].no;
    let line_end = sig.last().map(|&i| ctx.lines[i].no).unwrap_or(line_start);
    let mut warnings = Vec::new();
    let date = date_found.map(|(d, _)| d).or_else(|| match layout.date {
        // 人事任免 carries the dates of its decisions; the latest one dates the section.
        DateFrom::LatestInText => date::find_all(&text).into_iter().map(|f| f.date).max(),
        _ => None,
    });
    match (&number, date) {
        (Some(n), Some(d)) if n.year != d.year => warnings.push(ctx.warn(
            "docno_year_mismatch",
            line_start,
            format!("文号 {n} 的年份是 {}，但成文日期是 {d}", n.year),
        )),
        (_, None) => {
            let what = if title.is_empty() { "此文件".to_string() } else { format!("《{title}》") };
            warnings.push(ctx.warn("no_date", line_start, format!("{what}未找到成文日期")))
        }
        _ => {}
    }
    if title.is_empty() {
        warnings.push(ctx.warn("no_title", line_start, "未找到标题".into()));
    }
    // Tables are recovered per document and per step: one odd table must not
    // lose the document (or the file) — only that step's tables.
    let mut tables = isolated(ctx, line_start, &title, "tables", &mut warnings, || {
        crate::table::recover(k, ctx.lines, ctx.noise, start.at..end)
    });
    tables.extend(isolated(ctx, line_start, &title, "rosters", &mut warnings, || {
        crate::roster::recover(k, ctx.lines, ctx.noise, start.at..end)
    }));

    Document {
        source: ctx.source.into(),
        source_kind: ctx.kind,
        line_start,
        line_end,
        page_start: None,
        page_end: None,
        page_breaks: Vec::new(),
        doc_number: number.as_ref().map(|n| n.to_string()),
        doc_number_parts: number,
        order,
        title_lines: printed_at(ctx, &title_lines, &title),
        title: match (&layout.doc_type, layout.title) {
            (Some(kind), TitlePlace::Anchor) if title.is_empty() => kind.clone(),
            _ => title,
        },
        issuers,
        issuers_full,
        date,
        doc_type,
        enclosed_type,
        section,
        embedded_in: None,
        addressees,
        signers,
        attachments,
        copy_to,
        printing,
        history_note,
        history_note_line,
        events: vec![],
        outline,
        fingerprint: fingerprint(&text),
        part: None,
        duplicate_of: None,
        warnings,
        text,
        para_lines: paras.iter().map(|p| p.first).collect(),
        wraps: paras.iter().enumerate().flat_map(|(i, p)| p.wraps.iter().map(move |&(at, line)| [i, at, line])).collect(),
        tables,
    }
}

/// Runs one recovery step of a document; a panic becomes a `step_failed`
/// warning and no items.
fn isolated<T>(
    ctx: &FileContext,
    line: usize,
    title: &str,
    step: &str,
    warnings: &mut Vec<Warning>,
    f: impl FnOnce() -> Vec<T>,
) -> Vec<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(items) => items,
        Err(_) => {
            warnings.push(ctx.warn(
                "step_failed",
                line,
                format!("《{title}》第{line}行起：步骤 {step} 失败（内部错误），此项已丢弃，文件其余内容保留；请报告此文件"),
            ));
            Vec::new()
        }
    }
}

/// Title lines after the head: up to four lines, ending at the 文种 or before
/// the 主送 line or the first sentence.
fn title_after(k: &Knowledge, ctx: &FileContext, after: &[usize]) -> Vec<usize> {
    let mut picked = Vec::new();
    for (n, &i) in after.iter().take(4).enumerate() {
        let t = ctx.text(i);
        // The 版头's `文件`, printed on a line of its own below the 文号 by
        // some extractions, is not the start of the title; nor is the label
        // of an attachment printed as a text of its own (附件1).
        if picked.is_empty() && (ctx.has(i, Tag::HeaderWord) || ctx.has(i, Tag::Attachment)) {
            continue;
        }
        // A title never goes on into the body's outline (第一章 总则, 一、…),
        // nor past the title type into body type.
        if ctx.has(i, Tag::Addressee) || (!picked.is_empty() && ctx.tags[i].any(&[Tag::BodyType, Tag::TitleNote])) || ends_sentence(t) || opens_list(t) || t.contains('\t') || (!picked.is_empty() && (t.chars().count() > MAX_TITLE_LINE_CHARS || ctx.has(i, Tag::Marker))) {
            break;
        }
        picked.push(i);
        let title: String = picked.iter().map(|&j| ctx.text(j)).collect();
        if k.ends_like_title(&title) {
            // A qualifier printed under the title belongs to it:
            // `（2021-2025年）`, `（试行）`, `（征求意见稿）` — not a 题注 date.
            if let Some(&q) = after.get(n + 1) {
                if is_title_qualifier(ctx.text(q)) && !ctx.tags[q].any(&[Tag::TitleNote, Tag::ReportSubtitle, Tag::HistoryNote, Tag::EndNote]) {
                    picked.push(q);
                }
            }
            break;
        }
    }
    if picked.is_empty() {
        // Nothing title-like: the first line stands in, unless it is the 主送
        // or a sentence of the body (see `stand_in_title`).
        after.first().copied().filter(|&i| !ctx.has(i, Tag::Addressee) && !ends_sentence(ctx.text(i)) && !opens_list(ctx.text(i))).into_iter().collect()
    } else {
        picked
    }
}

/// Where each printed line of the title stands in the title as read:
/// `[byte offset, line]`, for the lines found there in order (a title read
/// from elsewhere — a stand-in, a promulgated text's name — has none).
fn printed_at(ctx: &FileContext, lines: &[usize], title: &str) -> Vec<[usize; 2]> {
    let mut out = Vec::new();
    let mut from = 0;
    for &i in lines {
        let piece = compact(ctx.text(i));
        let piece = piece.trim_start_matches('《');
        let Some(at) = title.get(from..).and_then(|rest| rest.find(piece)).filter(|_| !piece.is_empty()) else { continue };
        out.push([from + at, ctx.lines[i].no]);
        from += at + piece.len();
    }
    out
}

/// A line ending in a colon (a 主送 the lexicon does not know, `特此通知如下：`)
/// introduces what follows: no title does.
fn opens_list(text: &str) -> bool {
    text.trim_end().ends_with(['：', ':'])
}

/// Longest piece of a recipients line (between ，、；) the lexicon does not
/// know as a 主送 (`各煤矿安全监察分局，各市煤矿安全监管部门，各煤矿：`).
const MAX_RECIPIENT_CHARS: usize = 20;

/// A colon-ended line of short pieces: recipients, not the body's opening
/// sentence (`为…，现就…提出如下意见：`), so it stands in for no title.
fn lists_recipients(text: &str) -> bool {
    opens_list(text) && text.trim_end().trim_end_matches(['：', ':']).split(['，', '、', '；', ',']).all(|p| p.chars().count() <= MAX_RECIPIENT_CHARS)
}

/// Widest bracketed qualifier printed under a title (`（2021—2025年）`).
const MAX_QUALIFIER_CHARS: usize = 20;

/// `（2021-2025年）`, `（试行）`, `（2022 版）`: a whole line in brackets, short.
fn is_title_qualifier(text: &str) -> bool {
    let inner = text.strip_prefix(['（', '(']).and_then(|t| t.strip_suffix(['）', ')']));
    inner.is_some_and(|i| !i.is_empty() && !i.contains(['（', '(', '。', '，']) && text.chars().count() <= MAX_QUALIFIER_CHARS)
}

/// 市医保局 市财政局关于废止… → [市医保局, 市财政局].
fn issuers_from_title(k: &Knowledge, first_line_spaced: &str) -> Vec<String> {
    let Some(cut) = k.subject_start(first_line_spaced) else { return vec![] };
    let prefix = first_line_spaced[..cut].trim();
    if prefix.is_empty() {
        return vec![];
    }
    let parts: Vec<String> = prefix.split([' ', '、']).filter(|s| !s.is_empty()).map(String::from).collect();
    if parts.iter().all(|p| p.chars().count() >= 2) {
        parts.iter().flat_map(|p| if k.is_org_name(p) { k.split_glued_organs(p) } else { vec![p.clone()] }).collect()
    } else {
        vec![compact(prefix)]
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(['，', '、', '；', ','])
        .map(|p| p.trim().trim_end_matches(['。', '：']).to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn printing_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?P<organ>\p{Han}{2,40}?)(?P<date>\d{4}年\d{1,2}月\d{1,2}日)印发$").unwrap())
}

/// 版记: `抄送：…` (possibly over several lines) and `<organ> <date>印发`.
fn imprint(ctx: &FileContext, rest: &[usize], mark: &mut impl FnMut(usize)) -> (Vec<String>, Option<Printing>) {
    let mut copy_to = Vec::new();
    let mut printing = None;
    let Some(pos) = rest.iter().position(|&i| ctx.text(i).starts_with("抄送：") || printing_re().is_match(ctx.text(i))) else {
        return (copy_to, printing);
    };
    for &i in &rest[pos..] {
        let t = ctx.text(i);
        if let Some(c) = printing_re().captures(t) {
            printing = Some(Printing {
                organ: c["organ"].to_string(),
                date: date::parse_exact(&c["date"]),
                line: ctx.lines[i].no,
            });
            mark(i);
            break;
        }
        copy_to.extend(split_list(t.trim_start_matches("抄送：")));
        mark(i);
    }
    (copy_to, printing)
}

/// 附件说明: `附件：1．XXX` followed by `2．YYY` lines, or `附件：XXX`.
fn attachment_list(ctx: &FileContext, rest: &[usize], mark: &mut impl FnMut(usize)) -> Vec<String> {
    let Some(pos) = rest.iter().position(|&i| ctx.has(i, Tag::AttachmentNote)) else {
        return vec![];
    };
    let strip_no = |s: &str| -> String {
        let s = s.trim();
        let body = s.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['.', '．', '、']);
        body.trim().to_string()
    };
    let first = ctx.text(rest[pos]).trim_start_matches("附件：");
    mark(rest[pos]);
    let mut out = vec![strip_no(first)];
    if first.starts_with(|c: char| c.is_ascii_digit()) {
        for &i in &rest[pos + 1..] {
            let t = ctx.text(i);
            if t.starts_with(|c: char| c.is_ascii_digit()) && !ends_sentence(t) && t.chars().count() <= 80 {
                out.push(strip_no(t));
                mark(i);
            } else {
                break;
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// For 印发/转发/批转 notices: the kind of the enclosed text.
pub fn enclosed_type(k: &Knowledge, title: &str) -> Option<String> {
    let verb_end = k.carrier_verb_end(title)?;
    let inner = &title[verb_end..];
    let inner = inner.rfind('的').map(|i| &inner[..i]).unwrap_or(inner);
    // Drop closing quotes and trailing qualifiers: 》, （试行）, （2021—2025年）.
    let mut inner = inner.trim_end_matches(['》', '”', '〉']);
    while let Some(open) = inner.rfind('（').filter(|_| inner.ends_with('）')) {
        inner = inner[..open].trim_end_matches(['》', '”', '〉']);
    }
    k.doc_types.enclosed.iter().find(|e| inner.ends_with(e.as_str())).cloned()
}

/// Most lines of a 公告's own title under its number.
const MAX_OWN_TITLE_LINES: usize = 3;

/// Hash of the content characters only, so layout and punctuation do not matter.
pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(content_chars(text).as_bytes()))
}

/// `《X》已经…通过，现予公布…`: the X a promulgation issues, when the line
/// opens with it and issues it (the words of `self_after` in
/// data/relations.toml).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enclosed_kinds() {
        assert_eq!(enclosed_type(&crate::knowledge::Knowledge::builtin(), "市人民政府关于印发武汉市碳达峰实施方案的通知").as_deref(), Some("方案"));
        assert_eq!(enclosed_type(&crate::knowledge::Knowledge::builtin(), "市市场监管局关于印发《“武汉精品”认定管理办法》的通知").as_deref(), Some("办法"));
        assert_eq!(
            enclosed_type(&crate::knowledge::Knowledge::builtin(), "区人民政府印发关于支持中国武汉人力资源服务产业园（汉阳集聚区）发展的扶持政策（试行）的通知").as_deref(),
            Some("政策")
        );
        assert_eq!(enclosed_type(&crate::knowledge::Knowledge::builtin(), "市人民政府关于加快推进北斗产业发展的意见"), None);
    }

    #[test]
    fn title_qualifiers() {
        assert!(is_title_qualifier("（2021-2025年）"));
        assert!(is_title_qualifier("（试行）"));
        assert!(!is_title_qualifier("（此件公开发布）。"));
        assert!(!is_title_qualifier("为推动示范工作，制定本办法。"));
    }

    #[test]
    fn title_issuers() {
        assert_eq!(issuers_from_title(&crate::knowledge::Knowledge::builtin(), "市医保局 市财政局关于废止《武汉市欺诈"), ["市医保局", "市财政局"]);
        assert_eq!(issuers_from_title(&crate::knowledge::Knowledge::builtin(), "市发改委关于印发武汉市固定资产投资 项目节能审查实施办法的通知"), ["市发改委"]);
    }
}

/// A bracketed qualifier printed after a title (（试行）, （征求意见稿）): one
/// or more of what reflow reads as one (`reflow::qualifiers_len`), naming
/// no document.
fn is_qualifier(s: &str) -> bool {
    !s.contains('《') && crate::reflow::qualifiers_len(s) == s.len()
}
