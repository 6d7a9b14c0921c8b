//! Writers of test files in the zip forms (DOCX, OFD): a zip of named
//! parts, XML escaping, and Word automatic numbering as the 公文 outline
//! uses it (`一、` / `（一）` / `1.` / `（1）`).

use std::io::Write;

/// Text escaped for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A zip (deflated) of the given parts, in order.
pub fn zip_of<S: AsRef<str>>(parts: &[(&str, S)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(text.as_ref().as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A DOCX of a `w:body`'s inner XML, with `word/numbering.xml` and
/// `word/styles.xml` when given.
pub fn docx_of(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let doc = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>"#);
    let mut parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into()),
        ("word/document.xml", doc),
    ];
    let mut rels = String::new();
    if let Some(n) = numbering {
        parts.push(("word/numbering.xml", n.to_string()));
        rels.push_str(r#"<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#);
    }
    if let Some(s) = styles {
        parts.push(("word/styles.xml", s.to_string()));
        rels.push_str(r#"<Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#);
    }
    parts.push(("word/_rels/document.xml.rels", format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#)));
    zip_of(&parts)
}

/// One paragraph: runs split at tabs, an optional `w:pPr` inner XML.
pub fn paragraph(ppr: &str, text: &str) -> String {
    paragraph_after(ppr, "", text)
}

/// [`paragraph`] with runs (`before`, e.g. a page break) ahead of its text.
pub fn paragraph_after(ppr: &str, before: &str, text: &str) -> String {
    let runs: String = text.split('\t').map(|t| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", xml_escape(t))).collect::<Vec<_>>().join("<w:r><w:tab/></w:r>");
    let ppr = if ppr.is_empty() { String::new() } else { format!("<w:pPr>{ppr}</w:pPr>") };
    format!("<w:p>{ppr}{before}{runs}</w:p>")
}

/// `w:numPr` of a list and level.
pub fn num_pr(num_id: u32, ilvl: u32) -> String {
    format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>"#)
}

/// The 公文 outline levels: `一、`, `（一）`, `1.`, `（1）`.
pub const OUTLINE_LEVELS: [(&str, &str); 4] = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("decimal", "（%4）")];

/// `w:lvl`s of the 公文 outline, starting at 1, suffix nothing.
pub fn outline_levels() -> String {
    OUTLINE_LEVELS
        .iter()
        .enumerate()
        .map(|(i, (fmt, text))| format!(r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>"#))
        .collect()
}

/// A numbering part of the given abstract numberings (`(id, levels XML)`)
/// and nums (`(numId, abstractNumId, overrides XML)`).
pub fn numbering_xml(abstracts: &[(u32, String)], nums: &[(u32, u32, String)]) -> String {
    let a: String = abstracts.iter().map(|(id, lv)| format!(r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="multilevel"/>{lv}</w:abstractNum>"#)).collect();
    let n: String = nums.iter().map(|(id, abs, o)| format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abs}"/>{o}</w:num>"#)).collect();
    format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">{a}{n}</w:numbering>"#)
}

/// A 公文's text as Word writes it when its outline markers are automatic
/// numbering: each line a paragraph; a line opening with `一、`, `（一）`/`(一)`,
/// `1.`/`1．` or `（1）`/`(1)` loses its marker and gets the `w:numPr` whose
/// count renders it — in the current list when the count there is the
/// marker's, else in a new list (its own abstract numbering) when the marker
/// is the first of its level; any other marker stays typed. A rendered page
/// break every `per_page` lines.
pub fn docx_with_numbering(text: &str, per_page: usize) -> Vec<u8> {
    let mut body = String::new();
    let mut lists = 0u32;
    let mut counts: [Option<i64>; 4] = [None; 4];
    for (i, line) in text.lines().enumerate() {
        let brk = if i > 0 && i % per_page == 0 { "<w:r><w:lastRenderedPageBreak/></w:r>" } else { "" };
        let mut ppr = String::new();
        let mut rest = line;
        if let Some((level, n, after)) = outline_marker(line) {
            let predicted = counts[level].map_or(1, |c| c + 1);
            let fits = lists > 0 && predicted == n;
            if fits || n == 1 {
                if !fits {
                    lists += 1;
                    counts = [None; 4];
                }
                counts[level] = Some(n);
                for c in counts.iter_mut().skip(level + 1) {
                    *c = None;
                }
                ppr = num_pr(lists, level as u32);
                rest = after;
            }
        }
        body.push_str(&paragraph_after(&ppr, brk, rest));
    }
    let abstracts: Vec<(u32, String)> = (1..=lists).map(|i| (i, outline_levels())).collect();
    let nums: Vec<(u32, u32, String)> = (1..=lists).map(|i| (i, i, String::new())).collect();
    docx_of(&body, Some(&numbering_xml(&abstracts, &nums)), None)
}

fn chinese_value(s: &str) -> Option<i64> {
    let d = |c: char| "一二三四五六七八九".chars().position(|x| x == c).map(|p| p as i64 + 1);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10),
        [a] => d(*a),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

/// The outline marker a line opens with: level, number, the text after it.
pub fn outline_marker(line: &str) -> Option<(usize, i64, &str)> {
    let cn_len = line.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).map(char::len_utf8).sum::<usize>();
    if cn_len > 0 {
        if let Some(after) = line[cn_len..].strip_prefix('、') {
            return Some((0, chinese_value(&line[..cn_len])?, after));
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = line.strip_prefix(open) {
            let (num, after) = inner.split_once(close)?;
            if let Some(n) = chinese_value(num) {
                return Some((1, n, after));
            }
            if !num.is_empty() && num.len() <= 2 && num.chars().all(|c| c.is_ascii_digit()) {
                return Some((3, num.parse().ok()?, after));
            }
            return None;
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let after = &line[digits..];
        for dot in ['.', '．'] {
            if let Some(after) = after.strip_prefix(dot) {
                if !after.starts_with(|c: char| c.is_ascii_digit()) && !after.trim().is_empty() {
                    return Some((2, line[..digits].parse().ok()?, after));
                }
            }
        }
    }
    None
}

pub const OFD_NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;

/// An OFD page or template part using the given templates, with one text
/// object per `(y, text)` at x = 20 (size 4, advance 4).
pub fn ofd_page(templates: &[&str], objects: &[(f64, &str)]) -> String {
    let tpl: String = templates.iter().map(|id| format!(r#"<ofd:Template TemplateID="{id}" ZOrder="Background"/>"#)).collect();
    let objs: String = objects
        .iter()
        .map(|(y, t)| {
            let n = t.chars().count();
            format!(r#"<ofd:TextObject ID="1" Boundary="20 {y} {} 6" Font="1" Size="4"><ofd:TextCode X="0" Y="4.5" DeltaX="g {} 4">{}</ofd:TextCode></ofd:TextObject>"#, n * 4, n.saturating_sub(1), xml_escape(t))
        })
        .collect();
    format!(r#"<?xml version="1.0"?><ofd:Page {OFD_NS}>{tpl}<ofd:Content><ofd:Layer ID="2">{objs}</ofd:Layer></ofd:Content></ofd:Page>"#)
}
