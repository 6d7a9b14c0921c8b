//! Masking of personal data (phone and ID numbers) for exports and API output.
//! The store keeps the text as printed; masking happens on the way out.

use regex::Regex;
use std::sync::OnceLock;

fn re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // 18-digit 身份证号, 11-digit mobile numbers, landlines written with an
    // area code (027-85xxxxxx). Digit runs inside longer numbers are left alone.
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^0-9])(?P<n>[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]|1[3-9]\d{9}|0\d{2,3}[-－]\d{7,8})(?:$|[^0-9])").unwrap()
    })
}

/// The text with personal numbers masked, keeping the first 3 and last 2
/// characters so a reader can still tell them apart.
pub fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut at = 0;
    while let Some(c) = re().captures_at(text, at) {
        let m = c.name("n").unwrap();
        out.push_str(&text[last..m.start()]);
        let chars: Vec<char> = m.as_str().chars().collect();
        for (i, ch) in chars.iter().enumerate() {
            out.push(if i < 3 || i + 2 >= chars.len() || !ch.is_ascii_digit() { *ch } else { '*' });
        }
        last = m.end();
        at = m.end();
    }
    out.push_str(&text[last..]);
    out
}

/// Masks the text and headings of outline nodes and their children, for output.
pub fn mask_outline(nodes: &mut [gongwen_model::OutlineNode]) {
    for n in nodes {
        n.text = mask(&n.text);
        n.heading = n.heading.as_deref().map(mask);
        mask_outline(&mut n.children);
    }
}

/// Masks the text, outline and table cells of a document, for output.
pub fn mask_document(doc: &mut gongwen_model::Document) {
    doc.text = mask(&doc.text);
    doc.title = mask(&doc.title);
    mask_outline(&mut doc.outline);
    for t in &mut doc.tables {
        t.caption = t.caption.as_deref().map(mask);
        t.notes.iter_mut().for_each(|n| *n = mask(n));
        for r in &mut t.rows {
            r.cells.iter_mut().for_each(|c| *c = mask(c));
        }
    }
}

/// Masks every string inside a JSON value (extracted items on their way out).
pub fn mask_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => *s = mask(s),
        serde_json::Value::Array(a) => a.iter_mut().for_each(mask_json),
        serde_json::Value::Object(o) => o.values_mut().for_each(mask_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_phones_and_ids_but_not_other_numbers() {
        assert_eq!(mask("联系电话：13912345678。"), "联系电话：139******78。");
        assert_eq!(mask("电话027-85512345"), "电话027-******45");
        assert_eq!(mask("身份证号420102199001011234"), "身份证号420*************34");
        assert_eq!(mask("奖励20000000元，武政规〔2024〕6号"), "奖励20000000元，武政规〔2024〕6号");
    }
}
