//! DOCX: `word/document.xml`'s body in order — each paragraph a line (its
//! runs' text, `w:tab` as a tab, a line break as a new line), each table row
//! a line of tab-separated cells. Pages are counted from the page breaks
//! Word recorded when it last laid the file out (`w:lastRenderedPageBreak`),
//! else from explicit ones (`w:br w:type="page"`, `w:pageBreakBefore`).
//! Headers, footers and footnotes are furniture and not read.

use crate::container::{xml, Container};
use crate::{Limits, Line, OfficeError};
use roxmltree::Node;

const DOCUMENT: &str = "word/document.xml";

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// Reads the lines of a DOCX file.
pub fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Vec<Line>, OfficeError> {
    let mut c = Container::open(bytes, limits)?;
    let text = c.text(DOCUMENT)?;
    let doc = xml(DOCUMENT, &text)?;
    let rendered = doc.descendants().any(|n| is(&n, "lastRenderedPageBreak"));
    let body = doc.descendants().find(|n| is(n, "body")).ok_or_else(|| OfficeError::MissingPart(format!("{DOCUMENT} 的 w:body")))?;
    let mut out = Lines { page: 1, rendered, lines: Vec::new() };
    for block in body.children().filter(Node::is_element) {
        out.block(block);
    }
    Ok(out.lines)
}

struct Lines {
    page: u32,
    rendered: bool,
    lines: Vec<Line>,
}

impl Lines {
    fn push(&mut self, text: String) {
        self.lines.push(Line { page: self.page, text });
    }

    fn block(&mut self, n: Node) {
        match n.tag_name().name() {
            "p" => self.paragraph(n),
            "tbl" => {
                for row in n.children().filter(|r| is(r, "tr")) {
                    let cells: Vec<String> = row.children().filter(|c| is(c, "tc")).map(|c| cell_text(c)).collect();
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
        let mut line = String::new();
        for n in p.descendants().filter(|n| n.is_element()) {
            match n.tag_name().name() {
                "t" => line.push_str(n.text().unwrap_or("")),
                "tab" if n.parent().is_some_and(|p| is(&p, "r")) => line.push('\t'),
                "br" | "cr" => {
                    let page_break = attr(&n, "type") == Some("page");
                    self.push(std::mem::take(&mut line));
                    if page_break && !self.rendered {
                        self.page += 1;
                    }
                }
                "lastRenderedPageBreak" => {
                    if !line.is_empty() {
                        self.push(std::mem::take(&mut line));
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

/// A table cell's paragraphs, joined by spaces.
fn cell_text(c: Node) -> String {
    c.descendants()
        .filter(|p| is(p, "p"))
        .map(|p| p.descendants().filter(|t| is(t, "t")).filter_map(|t| t.text()).collect::<String>())
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
