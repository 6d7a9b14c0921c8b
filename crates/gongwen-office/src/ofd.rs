//! OFD (GB/T 33190): `OFD.xml` names each document's root
//! (`DocBody/DocRoot`); the document lists its pages (`Pages/Page@BaseLoc`);
//! each page's `Content.xml` holds `TextObject`s placed by `Boundary`
//! (x y w h, in mm) whose `TextCode`s give a start (`X`, `Y`: the baseline,
//! relative to the boundary) and the advances of the characters after the
//! first (`DeltaX`, with `g n d` meaning n times d). Text codes on one
//! baseline make a line, read left to right; lines are read top to bottom.
//!
//! Page templates (`Page/Template@TemplateID` → the document's
//! `CommonData/TemplatePage@ID,BaseLoc`) hold what every page using them
//! prints: often the 版头 (issuing organ, 文件) of the first page, else
//! running headers. A template's text is read on the FIRST page that uses
//! it, merged by position with that page's own text (whatever its `ZOrder`,
//! which orders drawing, not reading); on later pages it is furniture and
//! not read again. A template that is missing or broken is a [`Warning`]
//! (`ofd_template_missing`, `ofd_template_unreadable`) and the page is read
//! without it.
//!
//! `DocBody/DocInfo` of the first document (`Title`, `Author`,
//! `CreationDate`, `CustomDatas`) is the [`Meta`] of the output.

use crate::container::{dir_of, join, xml, Container};
use crate::{LineStyle, Limits, Line, Meta, OfficeError, Output, Warning};
use roxmltree::Node;
use std::collections::{HashMap, HashSet};

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// Baselines closer than this share a line, as a share of the font size.
const SAME_LINE: f64 = 0.5;
/// A gap wider than this, as a share of the font size, is written as a space.
const WORD_GAP: f64 = 1.5;

/// One run of text placed on a page.
#[derive(Debug, Clone)]
struct Run {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    color: Option<[u8; 3]>,
    text: String,
}

/// OFD places text in millimetres; a [`LineStyle`] is in points.
const POINTS_PER_MM: f64 = 72.0 / 25.4;

/// Reads the lines of an OFD file (every document it holds, in order).
pub fn read_ofd(bytes: &[u8], limits: &Limits) -> Result<Output, OfficeError> {
    let mut c = Container::open(bytes, limits)?;
    let root_text = c.text("OFD.xml")?;
    let root = xml("OFD.xml", &root_text)?;
    let doc_roots: Vec<String> = root.descendants().filter(|n| is(n, "DocRoot")).filter_map(|n| n.text()).map(|t| t.trim().to_string()).collect();
    if doc_roots.is_empty() {
        return Err(OfficeError::MissingPart("OFD.xml 的 DocRoot".into()));
    }
    let meta = root.descendants().find(|n| is(n, "DocInfo")).map(doc_info).unwrap_or_default();
    let mut out = Output { meta, ..Output::default() };
    let mut page_no = 0u32;
    for doc_root in doc_roots {
        let doc_path = join("", &doc_root);
        let doc_text = c.text(&doc_path)?;
        let doc = xml(&doc_path, &doc_text)?;
        let doc_dir = dir_of(&doc_path).to_string();
        let pages: Vec<String> = doc.descendants().filter(|n| is(n, "Page")).filter_map(|p| attr(&p, "BaseLoc")).map(|b| join(&doc_dir, b)).collect();
        let templates: HashMap<&str, String> = doc
            .descendants()
            .filter(|n| is(n, "TemplatePage"))
            .filter_map(|t| Some((attr(&t, "ID")?, join(&doc_dir, attr(&t, "BaseLoc")?))))
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        for page in pages.into_iter().take(c.limits().max_pages) {
            page_no += 1;
            let text = c.text(&page)?;
            let content = xml(&page, &text)?;
            let mut page_runs = runs(&content);
            let used: Vec<&str> = content.root_element().children().filter(|n| is(n, "Template")).filter_map(|t| attr(&t, "TemplateID")).collect();
            for id in used {
                if !seen.insert(id.to_string()) {
                    continue;
                }
                let Some(path) = templates.get(id) else {
                    out.warnings.push(Warning { code: "ofd_template_missing", message: format!("第{page_no}页的模板 {id} 在 {doc_path} 中没有定义，本页按无模板读取"), page: Some(page_no) });
                    continue;
                };
                match c.text(path).and_then(|t| xml(path, &t).map(|d| runs(&d))) {
                    Ok(r) => page_runs.extend(r),
                    Err(OfficeError::MissingPart(_)) => {
                        out.warnings.push(Warning { code: "ofd_template_missing", message: format!("第{page_no}页的模板 {id} 缺少部件 {path}，本页按无模板读取"), page: Some(page_no) })
                    }
                    Err(e) => out.warnings.push(Warning { code: "ofd_template_unreadable", message: format!("第{page_no}页的模板 {id}（{path}）无法读取，本页按无模板读取：{e}"), page: Some(page_no) }),
                }
            }
            for (text, style) in page_lines(page_runs) {
                out.lines.push(Line { page: page_no, text, style: Some(style) });
            }
        }
    }
    Ok(out)
}

/// `DocInfo`: title, author, creation date and custom data.
fn doc_info(info: Node) -> Meta {
    let field = |name: &str| info.children().find(|n| is(n, name)).and_then(|n| n.text()).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let custom = info
        .descendants()
        .filter(|n| is(n, "CustomData"))
        .map(|n| (attr(&n, "Name").unwrap_or("").to_string(), n.text().unwrap_or("").trim().to_string()))
        .collect();
    Meta { title: field("Title"), author: field("Author"), creation_date: field("CreationDate"), custom }
}

/// `DeltaX`: advances, with `g n d` for n times d.
fn advances(delta: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut it = delta.split_whitespace();
    while let Some(tok) = it.next() {
        if tok == "g" {
            let n: usize = it.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let d: f64 = it.next().and_then(|d| d.parse().ok()).unwrap_or(0.0);
            out.extend(std::iter::repeat_n(d, n.min(100_000)));
        } else if let Ok(d) = tok.parse() {
            out.push(d);
        }
    }
    out
}

/// The runs of text of one page's content or one template.
fn runs(content: &roxmltree::Document) -> Vec<Run> {
    let mut out = Vec::new();
    for obj in content.descendants().filter(|n| is(n, "TextObject")) {
        let b: Vec<f64> = attr(&obj, "Boundary").unwrap_or("0 0 0 0").split_whitespace().filter_map(|v| v.parse().ok()).collect();
        let (bx, by) = (b.first().copied().unwrap_or(0.0), b.get(1).copied().unwrap_or(0.0));
        // `Size` as the standard spells it; some writers spell it `size`.
        let size: f64 = attr(&obj, "Size").or_else(|| attr(&obj, "size")).and_then(|s| s.parse().ok()).filter(|s: &f64| *s > 0.0).unwrap_or(3.5);
        let color = obj.children().find(|n| is(n, "FillColor")).and_then(|c| attr(&c, "Value")).and_then(rgb);
        for code in obj.children().filter(|n| is(n, "TextCode")) {
            let text: String = code.text().unwrap_or("").to_string();
            if text.trim().is_empty() {
                continue;
            }
            let x = bx + attr(&code, "X").and_then(|v| v.parse().ok()).unwrap_or(0.0);
            let y = by + attr(&code, "Y").and_then(|v| v.parse().ok()).unwrap_or(0.0);
            let adv = advances(attr(&code, "DeltaX").unwrap_or(""));
            let n = text.chars().count();
            let width: f64 = if adv.is_empty() { n as f64 * size } else { adv.iter().take(n.saturating_sub(1)).sum::<f64>() + size };
            out.push(Run { x, y, end: x + width, size, color, text });
        }
    }
    out
}

/// `FillColor@Value`: `r g b` in 0–255 (other colour spaces are not read).
fn rgb(value: &str) -> Option<[u8; 3]> {
    let v: Vec<u8> = value.split_whitespace().map(|c| c.parse::<f64>().ok().map(|x| x.clamp(0.0, 255.0) as u8)).collect::<Option<_>>()?;
    (v.len() == 3).then(|| [v[0], v[1], v[2]])
}

/// The page's lines: runs on one baseline, left to right, lines top to
/// bottom, each with its style (the size and colour of most of its
/// characters, its edges and the page's text area).
fn page_lines(mut runs: Vec<Run>) -> Vec<(String, LineStyle)> {
    let area = (runs.iter().map(|r| r.x).fold(f64::INFINITY, f64::min), runs.iter().map(|r| r.end).fold(f64::NEG_INFINITY, f64::max));
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for r in runs {
        match lines.last_mut() {
            Some(line) if (line[0].y - r.y).abs() <= SAME_LINE * line[0].size.max(r.size) => line.push(r),
            _ => lines.push(vec![r]),
        }
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut end: Option<f64> = None;
            let main = line.iter().max_by_key(|r| r.text.chars().count()).map(|r| (r.size, r.color)).unwrap_or((0.0, None));
            let x0 = line.first().map_or(0.0, |r| r.x);
            let mut x1 = x0;
            for r in line {
                if end.is_some_and(|e| r.x - e > WORD_GAP * r.size) {
                    text.push(' ');
                }
                text.push_str(&r.text);
                end = Some(r.end);
                x1 = x1.max(r.end);
            }
            let pt = |v: f64| v * POINTS_PER_MM;
            let style = LineStyle { size: pt(main.0), color: main.1, x0: pt(x0), x1: pt(x1), area: (pt(area.0), pt(area.1)) };
            (text, style)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_x_with_repeats() {
        assert_eq!(advances("g 3 5.2 1"), vec![5.2, 5.2, 5.2, 1.0]);
        assert_eq!(advances(""), Vec::<f64>::new());
    }

    #[test]
    fn runs_on_one_baseline_make_a_line() {
        let page = r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>
            <ofd:TextObject ID="2" Boundary="100 50 40 10" Size="5"><ofd:TextCode X="0" Y="5" DeltaX="g 3 5">文号〔2024〕</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject ID="1" Boundary="20 50 40 10" Size="5"><ofd:TextCode X="0" Y="5.2" DeltaX="g 5 5">襄江市人民政府</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject ID="3" Boundary="20 70 40 10" Size="5"><ofd:TextCode X="0" Y="5">第二行</ofd:TextCode></ofd:TextObject>
        </ofd:Layer></ofd:Content></ofd:Page>"#;
        let doc = roxmltree::Document::parse(page).unwrap();
        let lines = page_lines(runs(&doc));
        assert_eq!(lines.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(), ["襄江市人民政府 文号〔2024〕", "第二行"]);
        assert!((lines[0].1.size - 5.0 * POINTS_PER_MM).abs() < 1e-9);
    }

    #[test]
    fn a_size_spelt_in_lower_case_is_read() {
        // As easyofd (a Python OFD writer) spells it.
        let page = r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>
            <ofd:TextObject ID="1" Boundary="20 50 40 10" size="8"><ofd:TextCode X="0" Y="5">标题</ofd:TextCode></ofd:TextObject>
        </ofd:Layer></ofd:Content></ofd:Page>"#;
        let doc = roxmltree::Document::parse(page).unwrap();
        assert!((page_lines(runs(&doc))[0].1.size - 8.0 * POINTS_PER_MM).abs() < 1e-9);
    }
}
