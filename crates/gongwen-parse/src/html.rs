//! Government portal pages saved as HTML: find the article body and turn it
//! into lines, then parse it as a lone 公文.
//!
//! The page is tokenized by html5ever's tokenizer and built into a small tree
//! here, with an explicit stack of open elements bounded by [`MAX_NESTING`]:
//! html5ever's own tree builder re-opens every unclosed formatting element
//! before each new node (quadratic in an unclosed page), and walking a tree
//! recursively overflows the stack on deep nesting. Everything below is
//! iterative and linear in the input (each tag looks at most `MAX_NESTING`
//! open elements).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// The deepest element nesting kept; elements opened deeper are flattened
/// into their nearest kept ancestor (their text stays, in order).
pub const MAX_NESTING: usize = 256;

const BLOCK: &[&str] = &[
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td", "th", "pre", "blockquote",
];
const SKIP: &[&str] = &["script", "style", "noscript", "nav", "header", "footer", "head", "iframe", "form", "select", "button", "title"];
/// Elements that never have content.
const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"];
/// Elements that may stay in an open <head>; anything else starts the body.
const HEAD_CONTENT: &[&str] = &["base", "basefont", "bgsound", "link", "meta", "title", "script", "style", "noscript", "template"];
/// Start tags that close an open <p>.
const CLOSES_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "dd", "dt", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
];
/// Elements an end tag or an implied close never reaches past.
const SCOPE: &[&str] = &["html", "table", "td", "th", "caption", "template", "applet", "object", "marquee"];
/// Elements whose end tag cannot be closed by a stray end tag of an inline element inside them.
const SPECIAL: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
];

pub fn looks_like_html(input: &str) -> bool {
    let head = input.trim_start().get(..512.min(input.trim_start().len())).unwrap_or("").to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || (head.contains("<head") && head.contains("<meta"))
}

/// One node of the page: an element (with its name) or a run of text.
struct Node {
    name: Option<String>,
    text: String,
    children: Vec<usize>,
}

/// Builds the tree from tokens (a forgiving subset of HTML's tree construction).
struct Builder {
    nodes: Vec<Node>,
    /// Open elements, innermost last; `nodes[0]` (the document) is not on it.
    open: Vec<usize>,
    body: Option<usize>,
    article_title: Option<String>,
}

impl Builder {
    fn new() -> Self {
        Builder { nodes: vec![Node { name: None, text: String::new(), children: vec![] }], open: vec![], body: None, article_title: None }
    }

    fn current(&self) -> usize {
        self.open.last().copied().unwrap_or(0)
    }

    fn name(&self, id: usize) -> &str {
        self.nodes[id].name.as_deref().unwrap_or("")
    }

    fn append(&mut self, name: &str) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node { name: Some(name.to_string()), text: String::new(), children: vec![] });
        let parent = self.current();
        self.nodes[parent].children.push(id);
        id
    }

    fn text(&mut self, t: &str) {
        let parent = self.current();
        if let Some(&last) = self.nodes[parent].children.last() {
            if self.nodes[last].name.is_none() {
                self.nodes[last].text.push_str(t);
                return;
            }
        }
        let id = self.nodes.len();
        self.nodes.push(Node { name: None, text: t.to_string(), children: vec![] });
        self.nodes[parent].children.push(id);
    }

    /// The index in `open` of the innermost open `name`, not looking past a
    /// scope boundary (unless `name` is that boundary).
    fn in_scope(&self, name: &str, boundary: &[&str]) -> Option<usize> {
        for (i, &id) in self.open.iter().enumerate().rev() {
            let n = self.name(id);
            if n == name {
                return Some(i);
            }
            if boundary.contains(&n) {
                return None;
            }
        }
        None
    }

    fn close_at(&mut self, i: usize) {
        self.open.truncate(i);
    }

    fn start(&mut self, name: &str, attrs: &[html5ever::Attribute]) {
        match name {
            "html" => return,
            "body" => {
                if let Some(i) = self.in_scope("head", &[]) {
                    self.close_at(i);
                }
                if self.body.is_none() {
                    let id = self.append("body");
                    self.body = Some(id);
                    self.open.push(id);
                }
                return;
            }
            _ => {}
        }
        if !HEAD_CONTENT.contains(&name) {
            if let Some(i) = self.in_scope("head", &[]) {
                self.close_at(i);
            }
        }
        if name == "meta" && self.article_title.is_none() {
            let attr = |n: &str| attrs.iter().find(|a| &*a.name.local == n).map(|a| a.value.to_string());
            if attr("name").as_deref() == Some("ArticleTitle") {
                self.article_title = attr("content");
            }
        }
        if CLOSES_P.contains(&name) {
            if let Some(i) = self.in_scope("p", &[SCOPE, &["button"]].concat()) {
                self.close_at(i);
            }
        }
        match name {
            "li" => self.close_open(&["li"], &[SCOPE, &["ul", "ol"]].concat()),
            "dd" | "dt" => self.close_open(&["dd", "dt"], &[SCOPE, &["dl"]].concat()),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if matches!(self.name(self.current()), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    self.open.pop();
                }
            }
            // Table parts outside a table are ignored, as browsers do.
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" if self.in_scope("table", &[]).is_none() => return,
            "td" | "th" => self.close_open(&["td", "th"], &["table"]),
            "tr" => self.close_open(&["tr"], &["table"]),
            "tbody" | "thead" | "tfoot" => {
                if let Some(i) = self.in_scope("table", &[]) {
                    self.close_at(i + 1);
                }
            }
            _ => {}
        }
        let id = self.append(name);
        if !VOID.contains(&name) && self.open.len() < MAX_NESTING {
            self.open.push(id);
        }
    }

    /// Closes the innermost open element named in `names`, if one is open
    /// inside `boundary`.
    fn close_open(&mut self, names: &[&str], boundary: &[&str]) {
        for (i, &id) in self.open.iter().enumerate().rev() {
            let n = self.name(id);
            if names.contains(&n) {
                self.open.truncate(i);
                return;
            }
            if boundary.contains(&n) {
                return;
            }
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "html" | "body" => {}
            "br" => {
                self.append("br");
            }
            "p" if self.in_scope("p", &[SCOPE, &["button"]].concat()).is_none() => {
                self.append("p");
            }
            _ if SPECIAL.contains(&name) || SCOPE.contains(&name) => {
                let boundary: &[&str] = if SCOPE.contains(&name) { &[] } else { SCOPE };
                if let Some(i) = self.in_scope(name, boundary) {
                    self.close_at(i);
                }
            }
            _ => {
                // An inline element's end tag does not reach past a block.
                for (i, &id) in self.open.iter().enumerate().rev() {
                    let n = self.name(id);
                    if n == name {
                        self.open.truncate(i);
                        return;
                    }
                    if SPECIAL.contains(&n) || SCOPE.contains(&n) {
                        return;
                    }
                }
            }
        }
    }
}

impl TokenSink for Builder {
    type Handle = ();

    fn process_token(&mut self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        self.start(&name, &tag.attrs);
                        // Only elements actually opened switch the tokenizer to raw text.
                        if self.name(self.current()) != name {
                            return TokenSinkResult::Continue;
                        }
                        return match name.as_str() {
                            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
                            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                            "plaintext" => TokenSinkResult::Plaintext,
                            _ => TokenSinkResult::Continue,
                        };
                    }
                    TagKind::EndTag => self.end(&name),
                }
            }
            Token::CharacterTokens(t) => self.text(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The page as a tree: its nodes, the body (or the document), and the
/// ArticleTitle meta.
fn build(input: &str) -> Builder {
    let mut queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(input));
    let mut tok = Tokenizer::new(Builder::new(), TokenizerOpts::default());
    let _ = tok.feed(&mut queue);
    tok.end();
    tok.sink
}

fn is_skipped(tree: &Builder, id: usize) -> bool {
    tree.nodes[id].name.as_deref().is_some_and(|n| SKIP.contains(&n))
}

/// Every node under `root` in document order (root first), with its depth.
fn preorder(tree: &Builder, root: usize) -> Vec<(usize, usize)> {
    let mut order = Vec::new();
    let mut stack = vec![(root, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        order.push((id, depth));
        for &c in tree.nodes[id].children.iter().rev() {
            stack.push((c, depth + 1));
        }
    }
    order
}

/// The element holding the article: the deepest block whose CJK text is at
/// least 70% of the page's, so menus, headers and footers fall outside it.
fn content_root(tree: &Builder) -> usize {
    let body = tree.body.unwrap_or(0);
    let order = preorder(tree, body);
    // CJK characters under each node, summed bottom-up (children come after
    // their parent in pre-order, so a reverse walk sees them first).
    let mut cjk = vec![0usize; tree.nodes.len()];
    for &(id, _) in order.iter().rev() {
        let own = tree.nodes[id].text.chars().filter(|c| crate::text::is_cjk(*c)).count();
        cjk[id] = own + tree.nodes[id].children.iter().map(|&c| cjk[c]).sum::<usize>();
    }
    let total = cjk[body].max(1);
    let mut best = body;
    let mut best_depth = 0;
    for &(id, depth) in order.iter().skip(1) {
        let is_block = matches!(tree.nodes[id].name.as_deref(), Some("div" | "article" | "section" | "td" | "main"));
        if is_block && cjk[id] * 10 >= total * 7 && depth > best_depth {
            best = id;
            best_depth = depth;
        }
    }
    best
}

/// The text under `root`, blocks on their own lines, cells ended by a tab.
fn push_text(tree: &Builder, root: usize, out: &mut String) {
    enum Step {
        Enter(usize),
        Leave(usize),
    }
    let mut stack: Vec<Step> = tree.nodes[root].children.iter().rev().map(|&c| Step::Enter(c)).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(id) => {
                let node = &tree.nodes[id];
                let Some(name) = node.name.as_deref() else {
                    out.push_str(&node.text.replace(['\n', '\r'], " "));
                    continue;
                };
                if is_skipped(tree, id) {
                    continue;
                }
                // A table row is one line, its cells separated by tabs
                // (`发文机关：\t襄江省人民政府\t成文日期：\t…`), as a row of text is.
                if BLOCK.contains(&name) && name != "td" && name != "th" {
                    out.push('\n');
                }
                stack.push(Step::Leave(id));
                stack.extend(node.children.iter().rev().map(|&c| Step::Enter(c)));
            }
            Step::Leave(id) => {
                let name = tree.name(id);
                if name == "td" || name == "th" {
                    out.push('\t');
                } else if BLOCK.contains(&name) {
                    out.push('\n');
                }
            }
        }
    }
}

/// All text under `id`, in document order.
fn all_text(tree: &Builder, id: usize) -> String {
    preorder(tree, id).into_iter().map(|(n, _)| tree.nodes[n].text.as_str()).collect()
}

/// The article text of a page, one block per line, with the page title first
/// when the article itself does not carry it.
pub fn extract_text(input: &str) -> String {
    let tree = build(input);
    let mut out = String::new();
    push_text(&tree, content_root(&tree), &mut out);
    let page_title = tree.article_title.clone().or_else(|| {
        let (title, _) = preorder(&tree, 0).into_iter().find(|&(id, _)| tree.name(id) == "title")?;
        Some(all_text(&tree, title))
    });
    let lines: Vec<&str> = out.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut text = lines.join("\n");
    if let Some(t) = page_title.map(|t| t.split(['_', '|', '-']).next().unwrap_or("").trim().to_string()) {
        if !t.is_empty() && !crate::text::compact(&text).contains(&crate::text::compact(&t)) {
            text = format!("{t}\n{text}");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hundred_thousand_nested_spans_do_not_overflow_the_stack() {
        let n = 100_000;
        let page = format!("<html><body><div>{}关于某某工作的通知{}</div></body></html>", "<span>".repeat(n), "</span>".repeat(n));
        assert_eq!(extract_text(&page), "关于某某工作的通知");
    }

    #[test]
    fn deep_nesting_is_flattened_at_max_nesting() {
        let n = 20_000;
        let page = format!("<html><body>{}正文{}</body></html>", "<div>中".repeat(n), "</div>".repeat(n));
        let tree = build(&page);
        // The open stack never grew past the bound, whatever the input's depth.
        let deepest = preorder(&tree, 0).into_iter().map(|(_, d)| d).max().unwrap_or(0);
        assert!(deepest <= MAX_NESTING + 2, "{deepest}");
        let text = extract_text(&page);
        // The article root is the deepest kept block holding ≥70% of the text.
        assert!(text.chars().filter(|c| *c == '中').count() * 10 >= n * 7);
        assert!(text.ends_with("正文"));
    }

    #[test]
    fn an_unclosed_page_builds_a_tree_linear_in_its_tags() {
        // Unclosed formatting elements with differing attributes made
        // html5ever's tree builder re-open every one of them before each new
        // node: the tree (and the time) grew with the square of the tags.
        let n = 20_000;
        let page: String = (0..n).map(|i| format!("<font color=\"#{i}\">中文内容<p>段落")).collect();
        let tree = build(&format!("<html><body>{page}"));
        assert!(tree.nodes.len() <= 4 * n + 10, "{} nodes for {n} tags", tree.nodes.len());
        let text = extract_text(&format!("<html><body>{page}"));
        assert_eq!(text.matches("段落").count(), n);
    }

    #[test]
    fn head_title_table_parts_and_raw_text() {
        let page = "<html><head><title>关于某事的通知_武汉市人民政府</title></head><body><div class=nav>首页 导航</div><div id=c><p>各区人民政府：</p><p>现将有关事项通知如下。<br>一、总体要求</p><table><tr><td>序号</td><td>名称</td></tr></table><script>var a='<div>中文</div>';</script><p>武汉市人民政府<p>2024年1月1日</div><div>版权所有</div></body></html>";
        assert_eq!(extract_text(page), "关于某事的通知\n各区人民政府：\n现将有关事项通知如下。\n一、总体要求\n序号\t名称\n武汉市人民政府\n2024年1月1日");
        let page = "<html><head><meta name=\"ArticleTitle\" content=\"关于印发某某办法的通知\"></head><body>正文没有块元素的中文内容<div>第二段中文<td>单元</td></div></body></html>";
        assert_eq!(extract_text(page), "关于印发某某办法的通知\n正文没有块元素的中文内容\n第二段中文单元");
    }
}
