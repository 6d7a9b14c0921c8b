//! Laws in the Markdown layout of the laws corpus:
//! `# 标题`, dated event lines, `<!-- INFO END -->`, then `## 第一章` … `第一条 …`.

use crate::outline::{self, Para};
use crate::text::{self, compact};

use crate::{date, meta, ParsedFile};
use gongwen_model::{Document, LawEvent, LawEventKind, SourceKind, Warning};

pub const INFO_END: &str = "<!-- INFO END -->";

pub fn looks_like_law_markdown(input: &str) -> bool {
    input.trim_start().starts_with("# ") && input.contains(INFO_END)
}

pub fn parse(source: &str, input: &str) -> ParsedFile {
    let lines = text::lines(input);
    let title_idx = lines.iter().position(|l| l.spaced.starts_with("# "));
    let info_end = lines.iter().position(|l| l.spaced == INFO_END).unwrap_or(0);
    let title = title_idx.map(|i| compact(lines[i].spaced.trim_start_matches('#'))).unwrap_or_default();
    // A second `# ` heading in the header names the part of a work printed
    // in several files (one 编 of a code).
    let part = title_idx
        .and_then(|t| lines.get(t + 1..info_end)?.iter().find(|l| l.spaced.starts_with("# ")))
        .map(|l| compact(l.spaced.trim_start_matches('#')))
        .filter(|p| !p.is_empty());

    let mut events = Vec::new();
    let header_start = title_idx.map(|i| i + 1).unwrap_or(0);
    for l in lines.get(header_start..info_end).unwrap_or_default() {
        for f in date::find_all(&l.text) {
            events.push(LawEvent { date: f.date, kind: event_kind(&l.text), text: l.text.clone(), line: l.no });
        }
    }
    // Headings lose their `#`s; the outline recognises 第X章 by itself. Body
    // lines keep their spacing, because here an article is `第X条` + space.
    let paras: Vec<Para> = lines[(info_end + 1).min(lines.len())..]
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| Para { text: l.spaced.trim_start_matches('#').trim().to_string(), first: l.no, last: l.no, wraps: Vec::new() })
        .collect();
    let outline = outline::build(&paras, true);
    let text = paras.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");

    let issued = events.iter().filter(|e| !matches!(e.kind, LawEventKind::Effective | LawEventKind::Other)).max_by_key(|e| e.date);
    // The corpus names files `标题(YYYY-MM-DD).md`; that date stands in when
    // the header has no dated line.
    let date = issued.or(events.first()).map(|e| e.date).or_else(|| date_in_file_name(source));
    let issuers: Vec<String> = events.first().and_then(|e| issuer_of(&e.text)).into_iter().collect();
    let mut warnings = Vec::new();
    if title.is_empty() {
        warnings.push(Warning { code: "no_title".into(), message: "没有以 `# ` 开头的标题行".into(), source: source.into(), line: 1 });
    }
    let doc = Document {
        source: source.into(),
        source_kind: SourceKind::LawMarkdown,
        line_start: 1,
        line_end: lines.iter().rev().find(|l| !l.is_blank()).map(|l| l.no).unwrap_or(1),
        page_start: None,
        page_end: None,
        page_breaks: Vec::new(),
        wraps: Vec::new(),
        title_lines: Vec::new(),
        doc_number: None,
        doc_number_parts: None,
        order: None,
        doc_type: Some(law_type(&title).into()),
        title,
        issuers_full: issuers.clone(),
        issuers,
        date,
        enclosed_type: None,
        section: None,
        embedded_in: None,
        addressees: vec![],
        signers: vec![],
        attachments: vec![],
        copy_to: vec![],
        printing: None,
        history_note: None,
        history_note_line: None,
        events,
        outline,
        fingerprint: meta::fingerprint(&text),
        part,
        duplicate_of: None,
        warnings,
        text,
        para_lines: paras.iter().map(|p| p.first).collect(),
        tables: vec![],
    };
    ParsedFile { documents: vec![doc], toc: vec![], warnings: vec![], kind: SourceKind::LawMarkdown }
}

fn date_in_file_name(source: &str) -> Option<gongwen_model::Date> {
    let stem = std::path::Path::new(source).file_stem()?.to_str()?;
    let inner = stem.strip_suffix(')')?.rsplit_once('(')?.1;
    gongwen_model::Date::parse_iso(inner)
}

fn event_kind(text: &str) -> LawEventKind {
    // The verb closes the clause: …会议通过, …令第656号公布, …起施行.
    LawEventKind::ALL
        .into_iter()
        .filter(|k| *k != LawEventKind::Other)
        .filter_map(|k| text.rfind(k.as_str()).map(|i| (i, k)))
        .max_by_key(|(i, _)| *i)
        .map_or(LawEventKind::Other, |(_, k)| k)
}

fn issuer_of(text: &str) -> Option<String> {
    const BODIES: [&str; 6] = ["全国人民代表大会常务委员会", "全国人民代表大会", "国务院", "最高人民法院", "最高人民检察院", "人民代表大会常务委员会"];
    let b = BODIES.iter().find(|b| text.contains(*b))?;
    if *b != "人民代表大会常务委员会" {
        return Some((*b).to_string());
    }
    // 山东省第十三届人民代表大会常务委员会 → 山东省人民代表大会常务委员会
    let before = &text[..text.find(b)?];
    let place = before.split('第').next().unwrap_or(before);
    let place = place.trim_start_matches(|c: char| !crate::text::is_cjk(c) || c.is_ascii_digit());
    let place = place.rsplit(['年', '月', '日', ' ']).next().unwrap_or(place);
    Some(format!("{place}{b}"))
}

fn law_type(title: &str) -> &'static str {
    const KINDS: [&str; 9] = ["修正案", "决定", "解释", "条例", "规定", "办法", "规则", "法", "细则"];
    KINDS.iter().find(|k| title.trim_end_matches(['）', ')']).ends_with(*k) || title.contains(&format!("{k}（"))).copied().unwrap_or("其他")
}
