//! The gazette pipeline: lines → noise → TOC → segments → documents → TOC
//! reconciliation. Also serves a lone 公文 (no gazette around it).

use crate::cues::Cues;
use crate::knowledge::Knowledge;
use crate::meta::{self, FileContext};
use crate::layout::{Anchor, Start, TitlePlace, Within};
use crate::lex::{self, Tag};
use crate::segment::{self, Boundary};
use crate::text::{self, content_chars};
use crate::{fields, noise, toc, ParsedFile};
use gongwen_model::{Document, SourceKind, TocEntry, Warning};

/// Parses `input`; `cues` are what the printed page says about its lines
/// (a PDF's type sizes, colours, centring: see `cues`), [`Cues::none`] for text.
pub fn parse(k: &Knowledge, source: &str, input: &str, hint: Option<SourceKind>, cues: &Cues) -> ParsedFile {
    let lines = crate::reflow::reflow(text::lines(input), k);
    // Every line is tagged once (running headers, portal fields and page
    // buttons are furniture; what the fields state is evidence, see
    // `fields::fill_from_fields`), then the page's cues are weighed.
    let mut tags = lex::tag_lines(&lines, k);
    lex::apply_cues(&lines, &mut tags, cues, k);
    let mut noise: Vec<bool> = tags.iter().map(|t| t.has(Tag::Furniture)).collect();
    let mut out = ParsedFile { documents: Vec::new(), toc: Vec::new(), warnings: Vec::new(), kind: SourceKind::Single };
    // A file may hold several issues, each with its own cover, TOC, masthead
    // and back matter: each is read on its own, in order.
    let mut from = 0;
    let mut issues = 0;
    while from < lines.len() {
        let (to, kind) = parse_issue(k, source, &lines, &tags, &mut noise, from, hint, &mut out);
        issues += 1;
        out.kind = if issues > 1 { hint.unwrap_or(SourceKind::Gazette) } else { kind };
        from = to.max(from + 1);
    }
    out
}

/// Reads the issue that begins at line index `from`; returns where the next
/// one begins (or the end of the file) and the kind of source it is.
fn parse_issue(
    k: &Knowledge,
    source: &str,
    lines: &[text::Line],
    tags: &[lex::Tags],
    noise: &mut [bool],
    from: usize,
    hint: Option<SourceKind>,
    out: &mut ParsedFile,
) -> (usize, SourceKind) {
    let masthead = lines[from..].iter().take(200).find_map(|l| noise::gazette_name(&l.text).or_else(|| noise::running_header(k, &l.spaced))).map(String::from);
    let toc = toc::parse(k, &lines[from..]).map(|mut t| {
        t.start += from;
        t.end += from;
        t
    });
    let body_from = toc.as_ref().map(|t| t.end + 1).unwrap_or(from);
    for i in from..body_from {
        noise[i] = noise[i] || noise::is_front_noise(k, &lines[i].text);
    }
    // The masthead (主办, 电话, 准印证号 …) often follows the TOC on the same page.
    let mut body_start = body_from;
    let front = toc.is_some() || masthead.is_some();
    while front && body_start < lines.len() && (lines[body_start].is_blank() || noise::is_front_noise(k, &lines[body_start].text)) {
        noise[body_start] = true;
        body_start += 1;
    }
    let to = next_issue(k, lines, body_start).unwrap_or(lines.len());
    mark_back_matter(k, lines, noise, body_start, to);

    let sig = segment::significant_in(lines, noise, body_from..to);
    let lone = toc.is_none() && masthead.is_none();
    let segs = segment::find(k, lines, tags, &sig, lone);
    let mut starts = segs.starts;
    if starts.is_empty() && from == 0 && to == lines.len() {
        if let (Some(&first), Some(layout)) = (sig.first(), k.first_line_layout()) {
            starts.push(layout.first_line(first));
        }
    }

    let (city, district) = localities(masthead.as_deref(), &starts);
    let ctx = FileContext {
        source,
        kind: hint.unwrap_or(if lone && starts.len() <= 1 { SourceKind::Single } else { SourceKind::Gazette }),
        lines,
        tags,
        noise,
        wrap: crate::outline::wrap_width(lines, &sig),
        city,
        district,
    };

    let mut docs: Vec<Document> = Vec::with_capacity(starts.len());
    let mut extents: Vec<(usize, usize)> = Vec::with_capacity(starts.len());
    // The extents of the documents that were built (one may fail alone).
    let mut built: Vec<(usize, usize)> = Vec::with_capacity(starts.len());
    let mut parent: Option<usize> = None;
    // Boundaries are in line order, like the starts: one pass over both.
    let mut b = 0;
    let mut section: Option<String> = None;
    for (n, s) in starts.iter().enumerate() {
        let next_start = starts.get(n + 1).map(|t| t.at).unwrap_or(to);
        while b < segs.boundaries.len() && segs.boundaries[b].0 < s.at {
            if let Boundary::Section(name) = &segs.boundaries[b].1 {
                section = Some(name.clone());
            }
            b += 1;
        }
        let end = segs.boundaries[b..]
            .iter()
            .map(|(i, _)| *i)
            .find(|&i| i > s.at)
            .filter(|&i| i < next_start)
            .unwrap_or(next_start);
        // A section that is a layout of its own (人事任免) is its own section.
        let section = match s.layout.title {
            TitlePlace::Anchor => Some(lines[s.at].text.clone()),
            _ => section.clone(),
        };
        extents.push((s.at, end));
        // One document that cannot be read must not lose the others.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| meta::build(k, &ctx, s, end, section)));
        let Ok(mut doc) = result else {
            out.warnings.push(Warning {
                code: "step_failed".into(),
                message: format!(
                    "第{}–{}行的文件未能读取（内部错误），已跳过；文件中的其他文件照常读取，请报告此文件",
                    lines[s.at].no,
                    lines[end.saturating_sub(1).max(s.at)].no
                ),
                source: source.into(),
                line: lines[s.at].no,
            });
            continue;
        };
        match s.layout.within {
            Within::Document => {
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
        built.push((s.at, end));
        docs.push(doc);
    }

    // Metadata fields printed around a document (before it, or in it) fill in
    // what the document itself does not print.
    let mut prev_end = body_from;
    for (doc, &(at, end)) in docs.iter_mut().zip(&built) {
        fields::fill_from_fields(doc, lines, tags, prev_end.min(at)..end, k);
        prev_end = end;
    }
    let toc_entries = toc.as_ref().map(|t| t.entries.clone()).unwrap_or_default();
    reconcile(k, source, &toc_entries, &mut docs, &mut out.warnings);
    // Republished texts sit in their parent's section; the parent may have
    // learnt it only from the TOC.
    for i in 0..docs.len() {
        if docs[i].embedded_in.is_some() && docs[i].section.is_none() {
            docs[i].section = docs[..i].iter().rev().find(|d| d.embedded_in.is_none()).and_then(|d| d.section.clone());
        }
    }
    let furniture: Vec<usize> = segs.boundaries.iter().map(|(i, _)| *i).collect();
    let toc_lines = toc.as_ref().map(|t| t.start..t.end + 1);
    let outside = segment::significant_in(lines, noise, from..to)
        .into_iter()
        .filter(|i| !toc_lines.as_ref().is_some_and(|r| r.contains(i)))
        .filter(|i| furniture.binary_search(i).is_err());
    report_outside(source, lines, outside, &extents, &mut out.warnings);
    out.documents.extend(docs);
    out.toc.extend(toc_entries);
    (to, ctx.kind)
}

/// Where the next issue in the file begins, searching from `from` (past this
/// issue's front matter): a cover — the gazette's name, then an issue number
/// within a few lines — after this issue's back matter, or followed by a
/// table of contents.
fn next_issue(k: &Knowledge, lines: &[text::Line], from: usize) -> Option<usize> {
    const ISSUE_NUMBER_WITHIN: usize = 12;
    const TOC_WITHIN: usize = 60;
    let mut after_back_matter = false;
    for i in from..lines.len() {
        let t = lines[i].text.as_str();
        if noise::is_back_matter(k, t) {
            after_back_matter = true;
            continue;
        }
        if noise::gazette_name(t).is_none() {
            continue;
        }
        let mut near = lines[i + 1..].iter().filter(|l| !l.is_blank());
        if !near.by_ref().take(ISSUE_NUMBER_WITHIN).any(|l| noise::is_issue_number(k, &l.text)) {
            continue;
        }
        if after_back_matter || lines[i + 1..].iter().take(TOC_WITHIN).any(|l| l.text == "目录") {
            return Some(i);
        }
    }
    None
}

/// The lines after a back-matter heading (`《…公报》简介`) that describe the
/// gazette (its history, address, 内部资料) are furniture; anything else
/// there stays text, so that it is either a document or reported.
fn mark_back_matter(k: &Knowledge, lines: &[text::Line], noise: &mut [bool], from: usize, to: usize) {
    let mut in_back_matter = false;
    for i in from..to {
        let t = lines[i].text.as_str();
        if noise::is_back_matter(k, t) {
            in_back_matter = true;
        } else if in_back_matter && !lines[i].is_blank() {
            if noise::is_back_matter_line(k, t) {
                noise[i] = true;
            } else {
                in_back_matter = false;
            }
        }
    }
}

/// Warns about every run of significant lines that no document holds and that
/// is not furniture (TOC, section markers, back matter, mastheads): no line
/// of input disappears silently.
fn report_outside(
    source: &str,
    lines: &[text::Line],
    candidates: impl Iterator<Item = usize>,
    extents: &[(usize, usize)],
    warnings: &mut Vec<Warning>,
) {
    let mut e = 0;
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, warnings: &mut Vec<Warning>| {
        let (Some(&a), Some(&b)) = (run.first(), run.last()) else { return };
        let first: String = lines[a].text.chars().take(30).collect();
        warnings.push(Warning {
            code: "lines_outside_documents".into(),
            message: format!(
                "第{}–{}行（{}行文字）不属于任何已识别的文件，也不是目录、页眉或页码：“{}”",
                lines[a].no,
                lines[b].no,
                run.len(),
                first
            ),
            source: source.into(),
            line: lines[a].no,
        });
        run.clear();
    };
    for i in candidates {
        while e < extents.len() && extents[e].1 <= i {
            e += 1;
        }
        let inside = e < extents.len() && extents[e].0 <= i;
        if inside {
            flush(&mut run, warnings);
        } else {
            run.push(i);
        }
    }
    flush(&mut run, warnings);
}

/// What `市` and `区` stand for: from the masthead, else from the first 版头.
fn localities(masthead: Option<&str>, starts: &[Start]) -> (Option<String>, Option<String>) {
    let from_header = || {
        starts.iter().find_map(|s| match s.layout.anchor {
            Anchor::Header => s.issuers.first().and_then(|o| {
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
fn reconcile(k: &Knowledge, source: &str, entries: &[TocEntry], docs: &mut [Document], warnings: &mut Vec<Warning>) {
    if entries.is_empty() {
        return;
    }
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
                        message: format!("目录（第{}行）列为《{}》，正文标题为《{}》", e.line_start, e.title, d.title),
                        source: source.into(),
                        line: d.line_start,
                    });
                }
            }
            _ => warnings.push(Warning {
                code: "toc_entry_unmatched".into(),
                message: format!("目录条目《{}》（页码 {}）在正文中找不到对应的文件", e.title, e.page.map_or("无".to_string(), |p| p.to_string())),
                source: source.into(),
                line: e.line_start,
            }),
        }
    }
    for (i, d) in docs.iter_mut().enumerate() {
        if !taken[i] && d.embedded_in.is_none() {
            d.warnings.push(Warning {
                code: "not_in_toc".into(),
                message: format!("《{}》未列入目录", d.title),
                source: source.into(),
                line: d.line_start,
            });
        }
    }
}
