//! Citations in running text, eyecite-style: full forms first
//! (`《title》（文号）`, `《title》`, a bare 文号, a 政府令 number), then the short
//! names a document defines for them (`（以下简称“省21号文”）`) wherever they recur.
//!
//! The relation (repeals, amends …) is read from the words around each
//! citation, using the verb lists of `data/relations.toml`.

use gongwen_model::{Citation, Document, NodeKind, Relation};
use gongwen_parse::knowledge::Knowledge;
use gongwen_parse::{date, docnum, outline, text::compact};
use regex::Regex;
use std::sync::OnceLock;

fn title_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A title holds no 《 or 》 but may hold 〈…〉 (a title inside a title).
    RE.get_or_init(|| Regex::new(r"《([^《》]{2,150})》").unwrap())
}

fn order_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // 市人民政府令第300号 · 国务院令第708号 · 国家发展改革委2023年第2号令
    RE.get_or_init(|| {
        Regex::new(r"(?P<a>\p{Han}{1,20}?令)\s*第\s*(?P<n>\d{1,4})\s*号|(?P<b>\p{Han}{2,20}?)\s*(?P<y>(?:19|20)\d{2})\s*年\s*第\s*(?P<m>\d{1,4})\s*号令|(?P<c>\p{Han}{2,12}?)\s*第?\s*(?P<k>\d{1,4})\s*号令").unwrap()
    })
}

fn short_name_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"以下简称[“"「‘]?([^”"」’）)，,。]{1,20})"#).unwrap())
}

/// A 政府令's issuer without the running text before it (根据市人民政府令 →
/// 市人民政府令): the words of data/fields.toml that precede an issuer code,
/// cut at their last occurrence, and single characters that never begin one
/// stripped from the front only (中华人民共和国国务院令 keeps its 和).
fn clean_issuer<'a>(k: &Knowledge, raw: &'a str) -> &'a str {
    let words = &k.fields;
    let mut s = raw;
    for w in &words.docnum_leading_words {
        if let Some(i) = s.rfind(w.as_str()) {
            s = &s[i + w.len()..];
        }
    }
    s.trim_start_matches(|c: char| words.docnum_not_agency_start.contains(c) || "以及或等".contains(c))
}

/// A full-form citation found in one paragraph (byte offsets into the compacted paragraph).
struct Hit {
    start: usize,
    end: usize,
    citation: Citation,
}

pub fn extract(k: &Knowledge, doc: &Document) -> Vec<Citation> {
    let own_number = doc.doc_number.clone();
    let own_title = compact(&doc.title);
    let city = doc.issuers_full.iter().find_map(|o| o.find('市').map(|i| o[..i + '市'.len_utf8()].to_string()));
    let mut out = Vec::new();
    let mut shorts: Vec<(String, Citation)> = Vec::new();
    // Short names that are only a 文种 (以下简称《条例》): they stand for their
    // document where printed in 《》, never as a bare word.
    let mut kind_shorts: Vec<(String, Citation)> = Vec::new();
    let mut heading: Option<String> = None;
    // The heading of the section a paragraph stands in, at any rank.
    let mut section: Option<String> = None;

    if let (Some(note), Some(line)) = (&doc.history_note, doc.history_note_line) {
        // A history note names the document's own amendments; they are
        // lifecycle facts (see `clause`), so its citations are plain references.
        for mut c in full_forms(k, note, line, city.as_deref()) {
            c.relation = Relation::Cites;
            if !is_self(k, &c, own_number.as_deref(), &own_title) {
                out.push(c);
            }
        }
    }
    for (line, para) in doc.paragraphs() {
        if para.contains('\t') {
            continue; // table rows: see `catalog`
        }
        // Not compacted: a space or tab is a word boundary a 文号's agency must not cross.
        let p = para.to_string();
        if let Some(m) = outline::marker(&p) {
            if m.kind == NodeKind::Item {
                heading = is_heading(&p).then(|| p.clone());
            }
            section = is_heading(&p).then(|| p.clone());
        }
        let hits = full_forms_with_spans(k, &p, line, city.as_deref());
        for (i, hit) in hits.iter().enumerate() {
            let mut c = hit.citation.clone();
            // 《条例》 after 以下简称《条例》: the document the name was given to.
            if c.doc_number.is_none() && c.order.is_none() && c.short_name.is_none() {
                if let Some((name, target)) = shorts.iter().chain(&kind_shorts).find(|(n, _)| c.title.as_deref() == Some(n.as_str())) {
                    c = Citation { text: format!("《{name}》"), ..target.clone() };
                }
            }
            // A wrapped paragraph: the line its 《 or 文号 is printed on.
            c.line = doc.line_at(line, hit.start);
            if is_self(k, &c, own_number.as_deref(), &own_title) {
                continue;
            }
            let before_start = hits[..i].last().map(|h| h.end).unwrap_or(0).min(hit.start);
            let after_end = hits.get(i + 1).map(|h| h.start).unwrap_or(p.len());
            let before = &p[before_start..hit.start];
            let rel = &k.relations;
            // A form or court paper in 《》 is no document; the text a notice
            // issues (现将《X》印发给你们) is this document.
            // Titles joined with nothing or a conjunction (制定了《A》《B》，现印发)
            // share the words after the last of them.
            let mut last = i;
            while hits.get(last + 1).is_some_and(|next| p.get(hits[last].end..next.start).is_some_and(|between| JOINERS.contains(&between.trim()))) {
                last += 1;
            }
            let after_end_of_last = hits.get(last + 1).map_or(p.len(), |h| h.start.max(hits[last].end));
            let after_sentence = p[hits[last].end..after_end_of_last].split(['。', '；']).next().unwrap_or_default();
            let bare_title = c.doc_number.is_none() && c.order.is_none();
            if c.title.as_deref().is_some_and(|t| bare_title && (rel.not_documents.iter().any(|e| t.ends_with(e.as_str())) || !k.names_a_document(t)))
                || (c.doc_number.is_none()
                    && ((rel.self_before.iter().any(|w| before.trim_end().ends_with(w.as_str()))
                        && rel.self_issue_verbs.iter().any(|v| after_sentence.contains(v.as_str())))
                        || rel.issues_named_text(after_sentence)))
            {
                continue;
            }
            c.relation = match out.last() {
                // 根据《A》和《B》, 根据《A》（…）及其配套文件、《B》: within one
                // clause the previous citation's verb carries over.
                Some(prev) if i > 0 && (matches!(before.trim(), "" | "，") || !before.contains(['，', '。', '；', '：', ',', ';'])) => {
                    let own = relation(k, before, &p[hit.end..after_end], &p[hit.end..], heading.as_deref(), section.as_deref());
                    if own == Relation::Cites { prev.relation } else { own }
                }
                _ => relation(k, before, &p[hit.end..after_end], &p[hit.end..], heading.as_deref(), section.as_deref()),
            };
            // Inside quoted new wording (修改为：“…根据《X》…”) the citation is
            // the amended text's, not an act of the citing document on X.
            if in_quotation(&p[..hit.start]) {
                c.relation = Relation::Cites;
            }
            // A suspension's end, when its sentence states one (…暂停实施至2026年12月31日).
            if c.relation == Relation::Suspends {
                let sentence = p[hit.end..].split(['。', '；']).next().unwrap_or_default();
                c.until = date::find_all(sentence).into_iter().find(|f| ["至", "到"].iter().any(|w| sentence[..f.start].ends_with(w))).map(|f| f.date);
            }
            // A short name that is only a 文种 (以下简称《通知》) would match every 通知.
            if let Some(name) = c.short_name.as_ref().filter(|n| n.chars().count() >= 2) {
                let kind_only = k.doc_type_of(name).is_some_and(|t| t == name.as_str());
                (if kind_only { &mut kind_shorts } else { &mut shorts }).push((name.clone(), Citation { short_name: None, ..c.clone() }));
            }
            out.push(c);
        }
        // Later uses of a defined short name (not the definition itself).
        for (name, target) in &shorts {
            for (at, _) in p.match_indices(name.as_str()) {
            let name_end = at + name.len();
                let is_definition = p[..at].ends_with("以下简称") || p[..at].ends_with("以下简称“") || p[..at].ends_with("以下简称\"");
                if is_definition || hits.iter().any(|h| h.start <= at && at < h.end) {
                    continue;
                }
                // From the end of the name: a name may itself hold a ；.
                let sentence_end = p[name_end..].find(['。', '；']).map(|e| name_end + e).unwrap_or(p.len());
                let sentence_start = p[..at].rfind(['。', '；']).map(|s| s + '。'.len_utf8()).unwrap_or(0);
                let mut c = target.clone();
                c.text = name.clone();
                c.line = doc.line_at(line, at);
                c.relation = relation(k, &p[sentence_start..at], &p[name_end..sentence_end], &p[name_end..sentence_end], heading.as_deref(), section.as_deref());
                out.push(c);
            }
        }
    }
    out
}

/// True when `before` leaves a “ quotation open (a quoted paragraph opens
/// with “ and may close only at its last paragraph).
fn in_quotation(before: &str) -> bool {
    before.matches('“').count() > before.matches('”').count()
}

/// A short heading line (一、废止6件…) that governs the list under it.
fn is_heading(p: &str) -> bool {
    p.chars().count() <= 80 && !p.trim_end().ends_with('。')
}

/// What may stand between titles that one verb governs together.
const JOINERS: [&str; 6] = ["", "、", "和", "及", "与", "以及"];

fn is_self(k: &Knowledge, c: &Citation, own_number: Option<&str>, own_title: &str) -> bool {
    if let (Some(n), Some(own)) = (&c.doc_number, own_number) {
        return n == own;
    }
    if c.doc_number.is_some() || c.order.is_some() {
        return false;
    }
    // 现将《武汉市碳达峰实施方案》印发给你们: the enclosed text is this document,
    // named after the carrier verb of its title (关于印发X的通知); what a title
    // names otherwise (关于贯彻落实X的实施意见) is another document.
    // A body sentence standing in for a missing title names no document.
    let enclosed = k.carrier_verb_end(own_title).map_or("", |end| &own_title[end..]);
    k.names_a_document(own_title) && c.title.as_deref().is_some_and(|t| own_title == t || enclosed.contains(t))
}

fn full_forms(k: &Knowledge, p: &str, line: usize, city: Option<&str>) -> Vec<Citation> {
    full_forms_with_spans(k, p, line, city).into_iter().map(|h| h.citation).collect()
}

fn full_forms_with_spans(k: &Knowledge, p: &str, line: usize, city: Option<&str>) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    let new = |text: &str| Citation {
        relation: Relation::Cites,
        title: None,
        doc_number: None,
        order: None,
        short_name: None,
        text: text.to_string(),
        line,
        until: None,
        from: None,
        class: None,
        indefinite: false,
    };

    // 《title》 with an optional parenthesis right after it.
    for m in title_re().find_iter(p) {
        // 《…》 inside the previous citation's parenthesis (以下简称《战略纲要》) is part of it.
        if hits.last().is_some_and(|h: &Hit| m.start() < h.end) {
            continue;
        }
        let title = compact(&p[m.start() + '《'.len_utf8()..m.end() - '》'.len_utf8()]);
        if is_generic_title(k, &title) {
            continue;
        }
        let mut end = m.end();
        let mut c = new(&title);
        c.title = Some(title);
        if let Some(inner) = paren_after(p, end) {
            let (number, order, short) = parse_paren(k, inner.0, city);
            if number.is_some() || order.is_some() || short.is_some() {
                c.doc_number = number;
                c.order = order;
                c.short_name = short;
                end = inner.1;
            }
        }
        c.text = p[m.start()..end].to_string();
        hits.push(Hit { start: m.start(), end, citation: c });
    }
    let covered = |hits: &[Hit], at: usize| hits.iter().any(|h| h.start <= at && at < h.end);

    // Bare 文号, possibly after a title printed without 《》.
    let mut bare = Vec::new();
    for f in docnum::find_all(k, p) {
        if covered(&hits, f.start) {
            continue;
        }
        let mut c = new(&p[f.start..f.end]);
        c.doc_number = Some(f.number.to_string());
        let mut start = f.start;
        // A title printed without 《》 never reaches back into an earlier citation.
        let floor = hits.iter().filter(|h| h.start < f.start).map(|h| h.end).max().unwrap_or(0).min(f.start);
        if let Some(open) = p[floor..f.start].strip_suffix('（').or_else(|| p[floor..f.start].strip_suffix('(')) {
            if let Some(t) = title_before(k, open) {
                start = floor + open.len() - t.len();
                c.title = Some(compact(t));
            }
        }
        c.text = p[start..f.end].to_string();
        // The closing bracket belongs to the citation, so the verb after it is read from there.
        let end = match p[f.end..].chars().next() {
            Some(ch @ ('）' | ')')) => f.end + ch.len_utf8(),
            _ => f.end,
        };
        bare.push(Hit { start, end, citation: c });
    }
    hits.extend(bare);

    // 政府令 numbers not already inside a citation's parenthesis.
    let mut orders = Vec::new();
    for caps in order_re().captures_iter(p) {
        let m = caps.get(0).unwrap();
        let Some(canonical) = order_canonical(k, &caps, city) else { continue };
        if covered(&hits, m.end() - 1) {
            continue;
        }
        let Some(issuer) = caps.name("a").or(caps.name("b")).or(caps.name("c")) else { continue };
        let start = issuer.end() - clean_issuer(k, issuer.as_str()).len();
        let mut c = new("");
        c.text = p[start..m.end()].to_string();
        c.order = Some(canonical);
        orders.push(Hit { start, end: m.end(), citation: c });
    }
    hits.extend(orders);
    hits.sort_by_key(|h| h.start);
    // Spans never overlap: callers slice the text between neighbouring hits.
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if kept.last().is_none_or(|k| h.start >= k.end) {
            kept.push(h);
        }
    }
    kept
}

/// The parenthesis right after a title: its inside and the byte offset after it.
fn paren_after(p: &str, at: usize) -> Option<(&str, usize)> {
    let rest = &p[at..];
    let open = rest.chars().next().filter(|c| matches!(c, '（' | '('))?;
    let inner_start = at + open.len_utf8();
    let close = p[inner_start..].find(['）', ')'])?;
    (close <= 120).then(|| (&p[inner_start..inner_start + close], inner_start + close + p[inner_start + close..].chars().next().unwrap().len_utf8()))
}

fn parse_paren(k: &Knowledge, inner: &str, city: Option<&str>) -> (Option<String>, Option<String>, Option<String>) {
    let number = docnum::find_all(k, inner).into_iter().next().map(|f| f.number.to_string());
    let order = order_re().captures(inner).and_then(|c| order_canonical(k, &c, city));
    let short = short_name_re().captures(inner).map(|c| c[1].trim_matches(['《', '》']).to_string()).filter(|s| !s.is_empty());
    (number, order, short)
}

fn order_canonical(k: &Knowledge, caps: &regex::Captures, city: Option<&str>) -> Option<String> {
    let expand = |issuer: &str| -> String {
        match city {
            Some(c) if issuer.starts_with('市') => format!("{}{}", c, &issuer['市'.len_utf8()..]),
            _ => issuer.to_string(),
        }
    };
    if let Some(a) = caps.name("a") {
        let issuer = clean_issuer(k, a.as_str());
        (issuer.chars().count() >= 2).then(|| format!("{}第{}号", expand(issuer), &caps["n"]))
    } else if let Some(b) = caps.name("b") {
        let issuer = clean_issuer(k, b.as_str());
        (issuer.chars().count() >= 2).then(|| format!("{}{}年第{}号令", expand(issuer), &caps["y"], &caps["m"]))
    } else {
        // 电监会14号令, as printed.
        let issuer = clean_issuer(k, caps.name("c")?.as_str());
        (issuer.chars().count() >= 2).then(|| format!("{}{}号令", expand(issuer), &caps["k"]))
    }
}

/// A title printed without 《》 right before a （文号）: from the last clause
/// break (or list marker) to the parenthesis, if it reads like a 公文 title.
fn title_before<'a>(k: &Knowledge, s: &'a str) -> Option<&'a str> {
    let start = s.rfind(['，', '。', '；', '：', '、', '“', '”']).map(|i| i + s[i..].chars().next().unwrap().len_utf8()).unwrap_or(0);
    let mut t = &s[start..];
    if let Some(m) = outline::marker(t) {
        t = &t[m.rest..];
    }
    let t = t.trim_start_matches(['对', '将', '按', '照', '据']);
    let n = t.chars().count();
    ((6..=150).contains(&n) && (t.contains("关于") || k.doc_type_of(t).is_some())).then_some(t)
}

/// 《通知》, 《办法》: the document speaking of itself, not a citation.
fn is_generic_title(k: &Knowledge, t: &str) -> bool {
    t.chars().count() <= 4 && k.doc_type_of(t).is_some_and(|d| d == t)
}

/// The relation the words around a citation express (data/relations.toml).
///
/// `after` runs to the next citation, `rest` to the end of the paragraph; a
/// `before_needs` word is looked for in the rest of the sentence and the next
/// one (past later citations of a run, into the sentence that enacts:
/// 根据《A》《B》等有关规定，…决定开展…工作。现将有关事项通知如下), or
/// not at all under a section heading that says so (`section`: 指导思想).
pub fn relation(k: &Knowledge, before: &str, after: &str, rest: &str, heading: Option<&str>, section: Option<&str>) -> Relation {
    let before_clause = before.rsplit(['，', '。', '；', '：']).next().unwrap_or(before);
    let after_sentence = after.split(['。', '；']).next().unwrap_or(after);
    let two_sentences = rest.match_indices('。').nth(1).map_or(rest, |(at, _)| &rest[..at]);
    let rels = &k.relations.relation;
    for r in rels {
        let kind = r.kind;
        let in_section = section.is_some_and(|h| r.sections.iter().any(|w| h.contains(w.as_str())));
        let before_counts = r.before_needs.is_empty() || in_section || r.before_needs.iter().any(|w| two_sentences.contains(w.as_str()));
        if r.after.iter().any(|w| after_sentence.contains(w.as_str())) || (before_counts && r.before.iter().any(|w| before_clause.contains(w.as_str()))) {
            return kind;
        }
    }
    if let Some(h) = heading {
        for r in rels {
            let kind = r.kind;
            if r.heading.iter().any(|w| h.contains(w.as_str())) {
                return kind;
            }
        }
    }
    Relation::Cites
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(k: &Knowledge, p: &str) -> Vec<Citation> {
        full_forms(k, p, 1, Some("武汉市"))
    }

    #[test]
    fn title_number_order_and_short_name() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let c = cites(k, "根据《关于进一步加强全省基本医疗保险门诊慢特病保障工作的通知》（鄂医保发〔2023〕21号，以下简称“省21号文”）精神");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].doc_number.as_deref(), Some("鄂医保发〔2023〕21号"));
        assert_eq!(c[0].short_name.as_deref(), Some("省21号文"));
        let c = cites(k, "按照《武汉市人民政府重大行政决策程序规定》（市人民政府令第300号）要求");
        assert_eq!(c[0].order.as_deref(), Some("武汉市人民政府令第300号"));
        let c = cites(k, "按照国家发展改革委 2023 年第 2 号令等有关法律法规进行处理");
        assert_eq!(c[0].order.as_deref(), Some("国家发展改革委2023年第2号令"));
        let c = cites(k, "（六）市人民政府关于支持开发区新型工业用地（M0）发展的意见（武政规〔2020〕19号）");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].doc_number.as_deref(), Some("武政规〔2020〕19号"));
        assert_eq!(c[0].title.as_deref(), Some("市人民政府关于支持开发区新型工业用地（M0）发展的意见"));
    }

    #[test]
    fn decree_numbers_as_printed() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let c = cites(k, "依据《电力监管条例》（中华人民共和国国务院令第432号）、《电力企业信息披露规定》（电监会14号令）等要求");
        assert_eq!(c[0].order.as_deref(), Some("中华人民共和国国务院令第432号"));
        assert_eq!(c[1].order.as_deref(), Some("电监会14号令"));
        // A bare order of that form in running text (a fuzz input) never panics.
        assert!(cites(k, "一、总体要求一一0号令。")[0].order.as_deref().is_some_and(|o| o.ends_with("一一0号令")));
    }

    #[test]
    fn a_citation_inside_quoted_new_wording_is_not_amended() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let p = "一、修改《襄江市某某办法》\n1.将第一条修改为：“为了规范管理，根据《襄江市某某条例》等规定，制定本办法。”";
        let doc = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "t.txt", &format!("关于修改《襄江市某某办法》的决定\n\n{p}\n")).documents.remove(0);
        let all = extract(k, &doc);
        let inner = all.iter().find(|c| c.title.as_deref() == Some("襄江市某某条例")).expect("the quoted citation");
        assert_eq!(inner.relation, Relation::Cites);
    }

    #[test]
    fn relations_from_surrounding_words() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let rel = |before: &str, after: &str, heading: Option<&str>| relation(k, before, after, after, heading, None);
        assert_eq!(rel("", "（武政办〔2015〕119号）同时废止。", None), Relation::Repeals);
        assert_eq!(rel("对", "作如下修改：", None), Relation::Amends);
        assert_eq!(rel("为贯彻落实", "精神，制定本方案", None), Relation::Implements);
        assert_eq!(rel("", "", Some("二、废止6件市人民政府行政规范性文件")), Relation::Repeals);
        assert_eq!(rel("详见", "", None), Relation::Cites);
        // A basis word makes `implements` only where the sentence enacts this
        // document; otherwise it is a rule to follow, a plain reference.
        assert_eq!(rel("汽车数据处理者按照", "有关要求，已向工业和信息化部报告。", None), Relation::Cites);
        assert_eq!(rel("按照", "及本市有关规定执行。", None), Relation::Cites);
        assert_eq!(rel("第一条　根据", "，结合本市实际，制定本办法。", None), Relation::Implements);
        // A penalty clause names the law the liability comes from, not the basis of this text.
        assert_eq!(rel("违反本条例规定，构成犯罪的，依照", "的有关规定追究刑事责任。", None), Relation::Cites);
    }

    #[test]
    fn a_wrapped_paragraphs_citation_is_on_the_line_of_its_title_and_a_guiding_section_implements() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        // Printed lines of equal width, wrapped mid-sentence (as a PDF's text is).
        let text = "襄江省有色金属行业智能制造标准体系建设指南\n\
一、总体要求\n\
（一）指导思想\n\
坚持以新发展理念为指导，全面贯彻落实省委省政府部\n\
署要求，立足新发展阶段，构建新发展格局，深入落实\n\
《襄江省标准化发展纲要》《襄江省智能制造发展规划\n\
》等文件要求，加快推动行业数字化转型，为高质量发\n\
展提供有力支撑，推动产业持续健康发展，全面提升行\n\
业智能制造标准化水平，推动标准体系建设取得明显成\n\
效。\n\
（二）基本原则\n\
坚持统筹规划，按照《襄江省数据管理办法》开展数据\n\
治理工作，加强标准制定和实施的统筹协调，推动标准\n\
体系建设持续优化，形成协同推进工作格局。\n";
        let doc = gongwen_parse::parse_text(k, "x.txt", text).documents.remove(0);
        let got: Vec<(usize, String, Relation)> = extract(k, &doc).into_iter().map(|c| (c.line, c.title.unwrap_or_default(), c.relation)).collect();
        assert_eq!(
            got,
            [
                (6, "襄江省标准化发展纲要".to_string(), Relation::Implements),
                (6, "襄江省智能制造发展规划".to_string(), Relation::Implements),
                (12, "襄江省数据管理办法".to_string(), Relation::Cites),
            ]
        );
    }

    #[test]
    fn what_a_title_implements_is_cited_and_a_short_name_in_guillemets_stands_for_its_document() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let text = "襄江市人民政府关于贯彻落实襄江省数据条例的实施意见\n襄政发〔2024〕11号\n各区人民政府，市人民政府各部门：\n为贯彻落实《襄江省数据条例》（以下简称《条例》），结合我市实际，提出如下意见。\n一、按照《条例》第十二条的规定，建立数据目录。\n襄江市人民政府\n2024年7月1日\n";
        let doc = gongwen_parse::parse_text(k, "x.txt", text).documents.remove(0);
        let got: Vec<(Option<String>, Relation, usize)> = extract(k, &doc).into_iter().map(|c| (c.title, c.relation, c.line)).collect();
        assert_eq!(
            got,
            [(Some("襄江省数据条例".to_string()), Relation::Implements, 4), (Some("襄江省数据条例".to_string()), Relation::Cites, 5)]
        );
    }

    #[test]
    fn forms_and_the_issued_text_are_not_citations() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let doc = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "x.txt", "襄江市数据管理局关于印发数据登记办法的通知\n各区数据管理部门：\n现将《襄江市数据登记办法》印发给你们，请认真执行。申请人应填写《数据登记申请表》，并参照《中华人民共和国数据安全法》办理。\n").documents.remove(0);
        let titles: Vec<String> = extract(k, &doc).into_iter().filter_map(|c| c.title).collect();
        assert_eq!(titles, ["中华人民共和国数据安全法"]);
    }

    #[test]
    fn a_run_of_titles_shares_the_verb_before_it() {
        let k = &gongwen_parse::knowledge::Knowledge::builtin();
        let doc = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "x.txt", "襄江市数据管理办法\n第一条　为规范数据管理，根据《中华人民共和国数据安全法》《中华人民共和国网络安全法》等法律法规，制定本办法。\n").documents.remove(0);
        let c = extract(k, &doc);
        let rels: Vec<Relation> = c.iter().map(|c| c.relation).collect();
        assert_eq!(rels, [Relation::Implements, Relation::Implements], "{c:?}");
    }
}

#[cfg(test)]
mod overlap_tests {
    use super::*;

    fn all_citations(text: &str) -> Vec<Citation> {
        let parsed = gongwen_parse::parse_text(&gongwen_parse::knowledge::Knowledge::builtin(), "t.txt", text);
        assert!(!parsed.documents.is_empty());
        parsed.documents.iter().flat_map(|d| extract(&gongwen_parse::knowledge::Knowledge::builtin(), d)).collect()
    }

    #[test]
    fn a_title_without_brackets_reaching_back_over_a_bracketed_title_does_not_overlap_it() {
        // title_before() used to extend the bare 文号's span back over 《…》, so two
        // hits overlapped and the text between them was sliced with begin > end.
        let c = all_citations("市人民政府办公厅关于开展某某工作的通知\n武政办〔2024〕5号\n\n各区人民政府：\n\n根据《关于某某工作的通知》关于加强某某管理的通知（武政办〔2020〕119号）予以废止。\n");
        assert!(c.iter().any(|c| c.doc_number.as_deref() == Some("武政办〔2020〕119号")));
        assert!(c.iter().any(|c| c.title.as_deref() == Some("关于某某工作的通知")));
    }

    #[test]
    fn a_short_name_holding_a_semicolon_does_not_end_its_own_sentence() {
        let c = all_citations("市人民政府办公厅关于开展某某工作的通知\n武政办〔2024〕5号\n\n各区人民政府：\n\n根据《关于某某工作的通知》（武政办〔2020〕119号，以下简称“甲；乙”）要求，执行甲；乙规定。\n");
        assert!(c.iter().filter(|c| c.text == "甲；乙").count() >= 1);
    }
}
