//! Which outline node holds a source line, so every extracted item can name
//! its place (`三 （五）`) as well as its line.

use gongwen_model::{Document, OutlineNode};

pub struct NodeIndex {
    spans: Vec<Span>,
}

/// (line_start, line_end, labels from the outermost, headings from the outermost)
type Span = (usize, usize, Vec<String>, Vec<Option<String>>);

/// The node holding one line.
pub struct Place<'a> {
    pub path: &'a [String],
    /// Headings of the node and its ancestors, outermost first.
    pub headings: &'a [Option<String>],
    /// The line starts the node (so the node's heading is this paragraph's).
    pub starts: bool,
}

impl NodeIndex {
    pub fn new(doc: &Document) -> NodeIndex {
        fn walk(nodes: &[OutlineNode], path: &mut Vec<String>, heads: &mut Vec<Option<String>>, out: &mut NodeIndex) {
            for n in nodes {
                path.push(n.label.clone());
                heads.push(n.heading.clone());
                out.spans.push((n.line_start, n.line_end, path.clone(), heads.clone()));
                walk(&n.children, path, heads, out);
                path.pop();
                heads.pop();
            }
        }
        let mut index = NodeIndex { spans: Vec::new() };
        walk(&doc.outline, &mut Vec::new(), &mut Vec::new(), &mut index);
        index
    }

    /// A node without children (an item of a list, not a heading over one).
    pub fn is_leaf(&self, path: &[String]) -> bool {
        !self.spans.iter().any(|s| s.2.len() > path.len() && s.2.starts_with(path))
    }

    /// The deepest node whose lines hold `line`.
    pub fn at(&self, line: usize) -> Option<Place<'_>> {
        self.spans
            .iter()
            .filter(|s| s.0 <= line && line <= s.1)
            .max_by_key(|s| s.2.len())
            .map(|s| Place { path: &s.2, headings: &s.3, starts: s.0 == line })
    }
}

impl Place<'_> {
    /// The node's own heading when the paragraph opens the node.
    pub fn heading(&self) -> Option<&str> {
        self.headings.last().and_then(|h| h.as_deref()).filter(|_| self.starts)
    }
}
