//! Layout-blind text: punctuation width and whitespace do not count.

/// A character as compared: ASCII punctuation and quotes as their full-width forms.
pub fn fold(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        '"' => '“',
        '”' => '“',
        '\'' => '‘',
        '’' => '‘',
        '［' => '[',
        '］' => ']',
        c => c,
    }
}

/// The text as compared: folded, without whitespace.
pub fn normalize(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).map(fold).collect()
}

/// Every non-overlapping byte range of `s` whose folded characters equal
/// `needle`'s (folding maps one character to one, so ranges are exact).
pub fn find_all(s: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    let want: Vec<char> = needle.chars().map(fold).collect();
    if want.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = s.char_indices().map(|(i, c)| (i, fold(c))).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + want.len() <= chars.len() {
        if chars[i..i + want.len()].iter().map(|(_, c)| *c).eq(want.iter().copied()) {
            let end = chars.get(i + want.len()).map(|(b, _)| *b).unwrap_or(s.len());
            out.push(chars[i].0..end);
            i += want.len();
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_blind() {
        assert_eq!(normalize("甲, 乙(丙)"), "甲，乙（丙）");
        assert_eq!(find_all("损害,有下列,有", "，有"), vec![6..10, 16..20]);
        assert!(find_all("abc", "").is_empty());
    }
}
