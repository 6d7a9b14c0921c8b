//! Government portal pages saved as HTML: find the article body and turn it
//! into lines, then parse it as a lone 公文.

use scraper::{ElementRef, Html, Node, Selector};

const BLOCK: &[&str] = &[
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td", "th", "pre", "blockquote",
];
const SKIP: &[&str] = &["script", "style", "noscript", "nav", "header", "footer", "head", "iframe", "form", "select", "button"];

pub fn looks_like_html(input: &str) -> bool {
    let head = input.trim_start().get(..512.min(input.trim_start().len())).unwrap_or("").to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || (head.contains("<head") && head.contains("<meta"))
}

fn cjk_count(el: &ElementRef) -> usize {
    el.text().flat_map(|t| t.chars()).filter(|c| crate::text::is_cjk(*c)).count()
}

/// The element holding the article: the deepest block whose CJK text is at
/// least 70% of the page's, so menus, headers and footers fall outside it.
fn content_root(doc: &Html) -> Option<ElementRef<'_>> {
    let body = doc.select(&Selector::parse("body").ok()?).next()?;
    let total = cjk_count(&body).max(1);
    let blocks = Selector::parse("div, article, section, td, main").ok()?;
    let mut best = body;
    let mut best_depth = 0;
    for el in body.select(&blocks) {
        if cjk_count(&el) * 10 >= total * 7 {
            let depth = el.ancestors().count();
            if depth > best_depth {
                best = el;
                best_depth = depth;
            }
        }
    }
    Some(best)
}

fn push_text(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(&t.replace(['\n', '\r'], " ")),
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                let block = BLOCK.contains(&name);
                if block {
                    out.push('\n');
                }
                if let Some(ce) = ElementRef::wrap(child) {
                    push_text(ce, out);
                }
                if name == "td" || name == "th" {
                    out.push('\t');
                } else if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// The article text of a page, one block per line, with the page title first
/// when the article itself does not carry it.
pub fn extract_text(input: &str) -> String {
    let doc = Html::parse_document(input);
    let mut out = String::new();
    if let Some(root) = content_root(&doc) {
        push_text(root, &mut out);
    }
    let page_title = Selector::parse(r#"meta[name="ArticleTitle"]"#)
        .ok()
        .and_then(|s| doc.select(&s).next().and_then(|m| m.value().attr("content").map(String::from)))
        .or_else(|| Selector::parse("title").ok().and_then(|s| doc.select(&s).next().map(|t| t.text().collect::<String>())));
    let lines: Vec<&str> = out.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut text = lines.join("\n");
    if let Some(t) = page_title.map(|t| t.split(['_', '|', '-']).next().unwrap_or("").trim().to_string()) {
        if !t.is_empty() && !crate::text::compact(&text).contains(&crate::text::compact(&t)) {
            text = format!("{t}\n{text}");
        }
    }
    text
}
