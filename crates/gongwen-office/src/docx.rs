//! DOCX: `word/document.xml`'s body in order — each paragraph a line (its
//! runs' text, `w:tab` as a tab, a line break as a new line), each table row
//! a line of tab-separated cells. Pages are counted from the page breaks
//! Word recorded when it last laid the file out (`w:lastRenderedPageBreak`),
//! else from explicit ones (`w:br w:type="page"`, `w:pageBreakBefore`).
//! Headers, footers and footnotes are furniture and not read.
//!
//! Automatic numbering (`w:numPr`, see [`crate::numbering`]) is rendered in
//! front of its paragraph's text, as Word prints it. `word/numbering.xml` and
//! `word/styles.xml` are read from those names; when one is broken (or the
//! numbering a paragraph asks for is missing) the text is read without
//! numbers and the [`Output`] carries a warning.

use crate::container::{xml, Container};
use crate::numbering::{Counter, Definitions, Styles, NUMBERING, STYLES};
use crate::{Limits, Line, Meta, OfficeError, Output, Warning};
use roxmltree::Node;

const DOCUMENT: &str = "word/document.xml";

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// Reads the lines of a DOCX file.
pub fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Output, OfficeError> {
    let mut c = Container::open(bytes, limits)?;
    let text = c.text(DOCUMENT)?;
    let doc = xml(DOCUMENT, &text)?;
    let rendered = doc.descendants().any(|n| is(&n, "lastRenderedPageBreak"));
    let body = doc.descendants().find(|n| is(n, "body")).ok_or_else(|| OfficeError::MissingPart(format!("{DOCUMENT} 的 w:body")))?;
    let mut warnings = Vec::new();
    let uses_numbering = doc.descendants().any(|n| is(&n, "numPr"));
    let uses_styles = doc.descendants().any(|n| is(&n, "pStyle"));
    let styles = match c.text(STYLES).and_then(|t| Styles::parse(&t)) {
        Ok(s) => s,
        Err(OfficeError::MissingPart(_)) => Styles::default(),
        Err(e) => {
            if uses_styles || uses_numbering {
                warnings.push(Warning { code: "docx_styles_unreadable", message: format!("样式（{STYLES}）无法读取，样式带来的自动编号未读出：{}", with_cause(&e)), page: None });
            }
            Styles::default()
        }
    };
    let mut numbering_missing = false;
    let defs = match c.text(NUMBERING).and_then(|t| Definitions::parse(&t)) {
        Ok(d) => d,
        Err(OfficeError::MissingPart(_)) => {
            numbering_missing = true;
            Definitions::default()
        }
        Err(e) => {
            warnings.push(Warning { code: "docx_numbering_unreadable", message: format!("自动编号（{NUMBERING}）无法读取，正文按无编号读出：{}", with_cause(&e)), page: None });
            Definitions::default()
        }
    };
    // A broken numbering part has been reported; its paragraphs are not again.
    let broken = warnings.iter().any(|w| w.code == "docx_numbering_unreadable");
    let mut out = Lines { page: 1, rendered, lines: Vec::new(), numbers: Counter::new(defs, styles) };
    for block in body.children().filter(Node::is_element) {
        out.block(block);
    }
    if !out.numbers.undefined.is_empty() && !broken {
        let undefined = &out.numbers.undefined;
        let mut ids = undefined.iter().take(5).cloned().collect::<Vec<_>>().join("、");
        if undefined.len() > 5 {
            ids.push_str(&format!(" 等 {} 个", undefined.len()));
        }
        warnings.push(if numbering_missing {
            Warning { code: "docx_numbering_missing", message: format!("段落使用自动编号（编号 {ids}），但文件缺少 {NUMBERING}，正文按无编号读出"), page: None }
        } else {
            Warning { code: "docx_numbering_undefined", message: format!("自动编号 {ids} 在 {NUMBERING} 中没有定义，这些段落按无编号读出"), page: None }
        });
    }
    Ok(Output { lines: out.lines, warnings, meta: core_meta(&mut c) })
}

fn with_cause(e: &dyn std::error::Error) -> String {
    match e.source() {
        Some(why) => format!("{e}（{why}）"),
        None => e.to_string(),
    }
}

/// `docProps/core.xml`: title, creator, created (absent or broken: empty).
fn core_meta(c: &mut Container) -> Meta {
    let Ok(text) = c.text("docProps/core.xml") else { return Meta::default() };
    let Ok(doc) = xml("docProps/core.xml", &text) else { return Meta::default() };
    let field = |name: &str| {
        doc.descendants().find(|n| is(n, name)).and_then(|n| n.text()).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
    };
    Meta { title: field("title"), author: field("creator"), creation_date: field("created"), custom: Vec::new() }
}

struct Lines {
    page: u32,
    rendered: bool,
    lines: Vec<Line>,
    numbers: Counter,
}

impl Lines {
    fn push(&mut self, text: String) {
        self.lines.push(Line { page: self.page, text, style: None });
    }

    fn block(&mut self, n: Node) {
        match n.tag_name().name() {
            "p" => self.paragraph(n),
            "tbl" => {
                for row in n.children().filter(|r| is(r, "tr")) {
                    let cells: Vec<String> = row.children().filter(|c| is(c, "tc")).map(|c| self.cell_text(c)).collect();
                    self.push(cells.join("\t"));
                }
            }
            // Content controls and inserted text wrap blocks of their own.
            "sdt" | "sdtContent" | "customXml" | "ins" => {
                for child in n.children().filter(Node::is_element) {
                    self.block(child);
                }
            }
            _ => {}
        }
    }

    fn paragraph(&mut self, p: Node) {
        if !self.rendered && p.descendants().any(|n| is(&n, "pageBreakBefore") && attr(&n, "val") != Some("0") && attr(&n, "val") != Some("false")) {
            self.page += 1;
        }
        let mut line = self.numbers.paragraph(p).unwrap_or_default();
        // The number alone is not yet a line: a page break before the
        // paragraph's text takes the number to the new page with it.
        let mut bare = line.len();
        for n in p.descendants().filter(|n| n.is_element()) {
            match n.tag_name().name() {
                "t" => line.push_str(n.text().unwrap_or("")),
                "tab" if n.parent().is_some_and(|p| is(&p, "r")) => line.push('\t'),
                "br" | "cr" => {
                    let page_break = attr(&n, "type") == Some("page");
                    self.push(std::mem::take(&mut line));
                    bare = 0;
                    if page_break && !self.rendered {
                        self.page += 1;
                    }
                }
                "lastRenderedPageBreak" => {
                    if line.len() > bare {
                        self.push(std::mem::take(&mut line));
                        bare = 0;
                    }
                    self.page += 1;
                }
                // Deleted text of tracked changes is not the document's.
                "delText" => {}
                _ => {}
            }
        }
        self.push(line);
    }
}

impl Lines {
    /// A table cell's paragraphs (numbered as they are counted), joined by spaces.
    fn cell_text(&mut self, c: Node) -> String {
        c.descendants()
            .filter(|p| is(p, "p"))
            .map(|p| {
                let number = self.numbers.paragraph(p).unwrap_or_default();
                let text: String = p.descendants().filter(|t| is(t, "t")).filter_map(|t| t.text()).collect();
                if text.trim().is_empty() {
                    text
                } else {
                    number + &text
                }
            })
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}
