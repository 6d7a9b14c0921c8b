//! The Chinese tokenizer: jieba word segmentation in search mode, so a long
//! word (执法监督) is indexed together with the dictionary words inside it
//! (执法, 监督) and a query for either finds it.
//!
//! A token's position is its offset in content characters (letters and
//! digits; punctuation and spaces do not count), not its ordinal. Search mode
//! emits overlapping tokens, so ordinals would differ between a document and a
//! query; offsets do not, and a phrase query built from the query's own
//! offsets matches the documents containing that string whatever punctuation
//! sits inside it: 府检联动实施方案 finds 武汉市“府检联动”实施方案.

use jieba_rs::{Jieba, TokenizeMode};
use std::sync::OnceLock;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

pub const NAME: &str = "gongwen_cn";
pub const CHARS: &str = "gongwen_chars";

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Punctuation and spaces carry nothing to search for; dropping them keeps
/// the index small without breaking phrases, as positions are offsets.
fn is_searchable(word: &str) -> bool {
    word.chars().any(char::is_alphanumeric)
}

#[derive(Clone, Copy)]
pub struct CnTokenizer {
    mode: TokenizeMode,
}

impl CnTokenizer {
    /// For indexing: every dictionary word, long and short.
    pub fn index() -> Self {
        CnTokenizer { mode: TokenizeMode::Search }
    }

    /// For queries: the one best segmentation, whose words become a phrase.
    pub fn query() -> Self {
        CnTokenizer { mode: TokenizeMode::Default }
    }

    /// (word, character offset) pairs; used to build queries.
    pub fn words(self, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let mut stream = CnTokenStream::new(text, self.mode);
        while stream.advance() {
            out.push((stream.token.text.clone(), stream.token.position));
        }
        out
    }
}

impl Tokenizer for CnTokenizer {
    type TokenStream<'a> = CnTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CnTokenStream {
        CnTokenStream::new(text, self.mode)
    }
}

pub struct CnTokenStream {
    tokens: std::vec::IntoIter<Token>,
    token: Token,
}

impl CnTokenStream {
    fn new(text: &str, mode: TokenizeMode) -> Self {
        // Content characters before each character offset.
        let mut content_before = Vec::with_capacity(text.len() + 1);
        let mut n = 0;
        for c in text.chars() {
            content_before.push(n);
            n += usize::from(c.is_alphanumeric());
        }
        content_before.push(n);
        // jieba reports character offsets; tantivy wants byte offsets too (for highlighting).
        let tokens: Vec<Token> = jieba()
            .tokenize(text, mode, true)
            .into_iter()
            .filter(|t| is_searchable(t.word))
            .map(|t| {
                let from = t.word.as_ptr() as usize - text.as_ptr() as usize;
                Token {
                    offset_from: from,
                    offset_to: from + t.word.len(),
                    position: content_before[t.start],
                    text: t.word.to_lowercase(),
                    position_length: 1,
                }
            })
            .collect();
        CnTokenStream { tokens: tokens.into_iter(), token: Token::default() }
    }
}

impl TokenStream for CnTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                self.token = t;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Every letter or digit as its own token, at its content offset: the
/// fallback field that finds any string, even a name jieba segments
/// differently in a document than in the query (襄江 inside 襄江市).
#[derive(Clone, Copy)]
pub struct CharTokenizer;

impl CharTokenizer {
    /// (character, offset) pairs, as indexed; used to build queries.
    pub fn chars(text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let mut tokenizer = CharTokenizer;
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            out.push((stream.token.text.clone(), stream.token.position));
        }
        out
    }
}

impl Tokenizer for CharTokenizer {
    type TokenStream<'a> = CharTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CharTokenStream<'a> {
        CharTokenStream { chars: text.char_indices(), position: 0, token: Token::default() }
    }
}

/// Streams characters without collecting them: the char field sees every
/// character of the corpus, so it must not allocate per token.
pub struct CharTokenStream<'a> {
    chars: std::str::CharIndices<'a>,
    position: usize,
    token: Token,
}

impl TokenStream for CharTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for (at, c) in self.chars.by_ref() {
            if c.is_alphanumeric() {
                self.token.offset_from = at;
                self.token.offset_to = at + c.len_utf8();
                self.token.position = self.position;
                self.token.position_length = 1;
                self.token.text.clear();
                self.token.text.extend(c.to_lowercase());
                self.position += 1;
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_are_indexed_with_the_words_inside() {
        let words: Vec<String> = CnTokenizer::index().words("行政执法监督平台").into_iter().map(|w| w.0).collect();
        assert!(words.contains(&"执法监督".to_string()) && words.contains(&"监督".to_string()), "{words:?}");
    }

    #[test]
    fn positions_count_content_characters_and_punctuation_is_dropped() {
        let words = CnTokenizer::query().words("武政规〔2024〕6号");
        assert_eq!(words, vec![("武政规".into(), 0), ("2024".into(), 3), ("6".into(), 7), ("号".into(), 8)]);
        let quoted = CnTokenizer::query().words("“府检联动”实施");
        assert_eq!(quoted.last().unwrap().1, 4, "{quoted:?}");
    }
}
