//! The gazette pipeline: lines → noise → TOC → segments → documents → TOC
//! reconciliation. Also serves a lone 公文 (no gazette around it).

use crate::knowledge::knowledge;
use crate::meta::{self, FileContext};
use crate::segment::{self, Boundary, Start, StartKind};
use crate::text::{self, content_chars};
use crate::{noise, toc, ParsedFile};
use gongwen_model::{Document, SourceKind, TocEntry, Warning};

pub fn parse(source: &str, input: &str, hint: Option<SourceKind>) -> ParsedFile {
    let lines = text::lines(input);
    let mut noise: Vec<bool> = lines.iter().map(|l| noise::is_noise(&l.text)).collect();
    let masthead = lines.iter().take(200).find_map(|l| noise::gazette_name(&l.text)).map(String::from);
    let toc = toc::parse(&lines);
    let body_from = toc.as_ref().map(|t| t.end + 1).unwrap_or(0);
    for i in 0..body_from {
        noise[i] = noise[i] || noise::is_front_noise(&lines[i].text);
    }
    // The masthead (主办, 电话, 准印证号 …) often follows the TOC on the same page.
    for i in body_from..lines.len() {
        if lines[i].is_blank() || noise::is_front_noise(&lines[i].text) {
            noise[i] = true;
        } else {
            break;
        }
    }
    let sig = segment::significant(&lines, &noise, body_from);
    let lone = toc.is_none() && masthead.is_none();
    let segs = segment::find(&lines, &sig, lone);
    let mut starts = segs.starts;
    if starts.is_empty() {
        if let Some(&first) = sig.first() {
            starts.push(Start { at: first, title_lines: vec![], kind: StartKind::Untitled, head_end: first });
        }
    }

    let (city, district) = localities(masthead.as_deref(), &starts);
    let ctx = FileContext {
        source,
        kind: hint.unwrap_or(if lone && starts.len() <= 1 { SourceKind::Single } else { SourceKind::Gazette }),
        lines: &lines,
        noise: &noise,
        wrap: crate::outline::wrap_width(&lines, &sig),
        city,
        district,
    };

    let mut docs: Vec<Document> = Vec::with_capacity(starts.len());
    let mut parent: Option<usize> = None;
    for (n, s) in starts.iter().enumerate() {
        let next_start = starts.get(n + 1).map(|t| t.at).unwrap_or(lines.len());
        let end = segs
            .boundaries
            .iter()
            .map(|(i, _)| *i)
            .filter(|&i| i > s.at && i < next_start)
            .min()
            .unwrap_or(next_start);
        let section = match s.kind {
            StartKind::Personnel => Some(lines[s.at].text.clone()),
            _ => segs
                .boundaries
                .iter()
                .filter(|(i, _)| *i < s.at)
                .filter_map(|(_, b)| match b {
                    Boundary::Section(name) => Some(name.clone()),
                    Boundary::BackMatter => None,
                })
                .next_back(),
        };
        let mut doc = meta::build(&ctx, s, end, section);
        match s.kind {
            StartKind::Embedded { .. } => {
                if let Some(p) = parent {
                    let pd: &Document = &docs[p];
                    doc.embedded_in = Some(pd.doc_number.clone().unwrap_or_else(|| pd.title.clone()));
                    if doc.issuers.is_empty() {
                        doc.issuers = pd.issuers.clone();
                        doc.issuers_full = pd.issuers_full.clone();
                    }
                }
            }
            _ => parent = Some(docs.len()),
        }
        docs.push(doc);
    }

    let mut warnings = Vec::new();
    let toc_entries = toc.map(|t| t.entries).unwrap_or_default();
    reconcile(source, &toc_entries, &mut docs, &mut warnings);
    // Republished texts sit in their parent's section; the parent may have
    // learnt it only from the TOC.
    for i in 0..docs.len() {
        if docs[i].embedded_in.is_some() && docs[i].section.is_none() {
            docs[i].section = docs[..i].iter().rev().find(|d| d.embedded_in.is_none()).and_then(|d| d.section.clone());
        }
    }
    ParsedFile { documents: docs, toc: toc_entries, warnings, kind: ctx.kind }
}

/// What `市` and `区` stand for: from the masthead, else from the first 版头.
fn localities(masthead: Option<&str>, starts: &[Start]) -> (Option<String>, Option<String>) {
    let from_header = || {
        starts.iter().find_map(|s| match &s.kind {
            StartKind::Header { issuers, .. } => issuers.first().and_then(|o| {
                o.find("人民政府").map(|i| o[..i].to_string()).filter(|l| !l.is_empty())
            }),
            _ => None,
        })
    };
    let Some(local) = masthead.map(String::from).or_else(from_header) else { return (None, None) };
    if local.ends_with('区') || local.ends_with('县') {
        let city = local.find('市').map(|i| local[..i + '市'.len_utf8()].to_string());
        (city, Some(local))
    } else {
        (Some(local), None)
    }
}

/// Dice coefficient of character bigrams: robust to a few characters that the
/// TOC and the body spell differently.
fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        let mut g: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
        g.sort_unstable();
        g
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < ga.len() && j < gb.len() {
        match ga[i].cmp(&gb[j]) {
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    2.0 * common as f64 / (ga.len() + gb.len()) as f64
}

const TOC_MATCH_THRESHOLD: f64 = 0.6;

/// Pairs every TOC entry with a document of the body; reports entries that
/// match nothing, titles that differ, and documents the TOC does not list.
fn reconcile(source: &str, entries: &[TocEntry], docs: &mut [Document], warnings: &mut Vec<Warning>) {
    if entries.is_empty() {
        return;
    }
    let k = knowledge();
    let mut taken = vec![false; docs.len()];
    for e in entries {
        let want = content_chars(&e.title);
        let best = docs
            .iter()
            .enumerate()
            .filter(|(i, d)| !taken[*i] && d.embedded_in.is_none())
            .map(|(i, d)| (i, similarity(&want, &content_chars(&d.title))))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, score)) if score >= TOC_MATCH_THRESHOLD => {
                taken[i] = true;
                let d = &mut docs[i];
                if d.section.is_none() && k.section_marker(&e.title).is_none() {
                    d.section = e.section.clone();
                }
                if content_chars(&d.title) != want {
                    d.warnings.push(Warning {
                        code: "toc_title_differs".into(),
                        message: format!("TOC (line {}) lists 《{}》 but the body title is 《{}》", e.line_start, e.title, d.title),
                        source: source.into(),
                        line: d.line_start,
                    });
                }
            }
            _ => warnings.push(Warning {
                code: "toc_entry_unmatched".into(),
                message: format!("TOC entry 《{}》 (page {:?}) matches no document in the body", e.title, e.page),
                source: source.into(),
                line: e.line_start,
            }),
        }
    }
    for (i, d) in docs.iter_mut().enumerate() {
        if !taken[i] && d.embedded_in.is_none() {
            d.warnings.push(Warning {
                code: "not_in_toc".into(),
                message: format!("《{}》 is not listed in the table of contents", d.title),
                source: source.into(),
                line: d.line_start,
            });
        }
    }
}
