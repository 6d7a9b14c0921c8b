//! A document's neighbourhood as an SVG drawn on the server: the document in
//! the middle, what it cites on the right, what cites it on the left.

use crate::api::{LinkView, Links};
use crate::pages::doc_href;
use gongwen_index::DocMeta;
use gongwen_model::Relation;
use maud::{html, Markup, PreEscaped};

const MAX_PER_SIDE: usize = 20;
const ROW: f32 = 34.0;
const WIDTH: f32 = 980.0;

fn short(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// One neighbour per document (the strongest relation wins over `cites`).
fn neighbours(links: &[LinkView]) -> Vec<(&LinkView, String)> {
    let mut out: Vec<(&LinkView, String)> = Vec::new();
    for l in links {
        let label = l.link.other.as_ref().map(|o| o.label()).unwrap_or_else(|| l.link.text.clone());
        match out.iter_mut().find(|(_, lab)| *lab == label) {
            Some(slot) if slot.0.link.relation == Relation::Cites => slot.0 = l,
            Some(_) => {}
            None => out.push((l, label)),
        }
    }
    out.truncate(MAX_PER_SIDE);
    out
}

pub fn svg(center: &DocMeta, links: &Links) -> Markup {
    let right = neighbours(&links.cites);
    let left = neighbours(&links.cited_by);
    let rows = right.len().max(left.len()).max(1) as f32;
    let height = rows * ROW + 40.0;
    let (cx, cy) = (WIDTH / 2.0, height / 2.0);
    let node = |l: &LinkView, label: &str, x: f32, y: f32, anchor: &str| -> Markup {
        let rel = &l.link.relation;
        let unresolved = l.link.other.as_ref().is_none_or(|o| o.stub);
        html! {
            g.node translate="no" {
                @if let Some(s) = &l.slug {
                    a href=(doc_href(s)) { text x=(x) y=(y) text-anchor=(anchor) class=(format!("rel-{rel}{}", if unresolved { " unresolved" } else { "" })) { (short(label, 26)) } }
                } @else {
                    text x=(x) y=(y) text-anchor=(anchor) class="unresolved" { (short(label, 26)) }
                }
            }
        }
    };
    html! {
        svg.graph xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}")) role="img" aria-label="引用关系图" {
            (PreEscaped("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>"))
            @for (i, (l, _)) in right.iter().enumerate() {
                @let y = 30.0 + i as f32 * ROW;
                line class=(format!("edge rel-{}", l.link.relation)) x1=(cx + 110.0) y1=(cy) x2=(WIDTH - 330.0) y2=(y - 5.0) marker-end="url(#arrow)" {}
            }
            @for (i, (l, _)) in left.iter().enumerate() {
                @let y = 30.0 + i as f32 * ROW;
                line class=(format!("edge rel-{}", l.link.relation)) x1=(330.0) y1=(y - 5.0) x2=(cx - 110.0) y2=(cy) marker-end="url(#arrow)" {}
            }
            rect.center x=(cx - 110.0) y=(cy - 22.0) width="220" height="36" rx="6" {}
            text.center translate="no" x=(cx) y=(cy + 1.0) text-anchor="middle" { (short(center.doc_number.as_deref().unwrap_or(&center.title), 16)) }
            @for (i, (l, label)) in right.iter().enumerate() { (node(l, label, WIDTH - 325.0, 30.0 + i as f32 * ROW, "start")) }
            @for (i, (l, label)) in left.iter().enumerate() { (node(l, label, 325.0, 30.0 + i as f32 * ROW, "end")) }
        }
        @if links.cites.len() > MAX_PER_SIDE || links.cited_by.len() > MAX_PER_SIDE {
            p.note { "仅显示前 " (MAX_PER_SIDE) " 个关联文件；完整列表见文件页。" }
        }
    }
}
