//! The user's query: words, "quoted phrases", -exclusions and 文号 in any
//! spelling, turned into a tantivy query.
//!
//! Each word is segmented with the query tokenizer and becomes a phrase of
//! its segments at their character offsets, so 低空经济 finds the string
//! 低空经济 and nothing else; words are ANDed; each word may match the title
//! (boosted) or the body. A 文号 matches the document bearing it (strongly
//! boosted) and the documents citing it.

use crate::tokenizer::{CharTokenizer, CnTokenizer};
use crate::Fields;
use gongwen_parse::docnum;
use gongwen_parse::knowledge::Knowledge;
use tantivy::query::{BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

/// Longer queries are refused: no real query is this long, and a bound keeps
/// a hostile one from costing more than a normal one.
pub const MAX_QUERY_CHARS: usize = 200;
const MAX_TERMS: usize = 16;
const TITLE_BOOST: f32 = 3.0;
const DOC_NUMBER_BOOST: f32 = 20.0;
const EXACT_TITLE_BOOST: f32 = 10.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    TooLong { chars: usize },
    TooManyTerms { terms: usize },
    UnbalancedQuote { at: usize },
    /// Only exclusions: nothing to search for.
    NothingToFind,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::TooLong { chars } => write!(f, "检索式过长：{chars} 个字符（至多 {MAX_QUERY_CHARS} 个）"),
            QueryError::TooManyTerms { terms } => write!(f, "检索词过多：{terms} 个（至多 {MAX_TERMS} 个）"),
            QueryError::UnbalancedQuote { at } => write!(f, "第 {at} 个字符处的引号没有配对"),
            QueryError::NothingToFind => write!(f, "只有排除词（-词语），请加上要检索的词语"),
        }
    }
}

/// One thing the user asked to find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryTerm {
    /// A word or a quoted phrase, as typed.
    Text(String),
    /// A 文号 in canonical spelling.
    DocNumber(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    pub terms: Vec<QueryTerm>,
    pub excluded: Vec<String>,
}

fn is_open_quote(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        _ => None,
    }
}

impl UserQuery {
    pub fn parse(k: &Knowledge, q: &str) -> Result<UserQuery, QueryError> {
        let q = q.trim();
        let chars = q.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong { chars });
        }
        let mut out = UserQuery::default();
        // The whole query one 文号, however spaced: 武政规〔2024〕 6 号.
        let squeezed: String = q.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(n) = docnum::parse_exact(k, &squeezed) {
            out.terms.push(QueryTerm::DocNumber(n.to_string()));
            return Ok(out);
        }
        let mut words: Vec<(bool, String)> = Vec::new(); // (excluded, text)
        let mut chars = q.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            let (neg, c, at) = match c {
                '-' | '－' => match chars.next() {
                    Some((at, c)) if !c.is_whitespace() => (true, c, at),
                    _ => continue,
                },
                _ => (false, c, at),
            };
            let mut word = String::new();
            if let Some(close) = is_open_quote(c) {
                loop {
                    match chars.next() {
                        Some((_, ch)) if ch == close => break,
                        Some((_, ch)) => word.push(ch),
                        None => return Err(QueryError::UnbalancedQuote { at: q[..at].chars().count() + 1 }),
                    }
                }
            } else {
                word.push(c);
                while let Some(&(_, ch)) = chars.peek() {
                    if ch.is_whitespace() {
                        break;
                    }
                    word.push(ch);
                    chars.next();
                }
            }
            let word = word.trim().to_string();
            if !word.is_empty() {
                words.push((neg, word));
            }
        }
        if words.len() > MAX_TERMS {
            return Err(QueryError::TooManyTerms { terms: words.len() });
        }
        for (neg, w) in words {
            if neg {
                out.excluded.push(w);
            } else if let Some(n) = docnum::parse_exact(k, &w) {
                out.terms.push(QueryTerm::DocNumber(n.to_string()));
            } else {
                out.terms.push(QueryTerm::Text(w));
            }
        }
        if out.terms.is_empty() && !out.excluded.is_empty() {
            return Err(QueryError::NothingToFind);
        }
        Ok(out)
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The strings to look for in a document's text, for snippets and nodes.
    pub fn needles(&self) -> Vec<String> {
        self.terms
            .iter()
            .map(|t| match t {
                QueryTerm::Text(s) | QueryTerm::DocNumber(s) => s.to_lowercase(),
            })
            .collect()
    }

    /// The tantivy query; `None` when there is nothing to match (list all).
    pub(crate) fn to_query(&self, f: &Fields) -> Option<Box<dyn Query>> {
        if self.terms.is_empty() {
            return None;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in &self.terms {
            let q: Box<dyn Query> = match t {
                QueryTerm::Text(s) => either(vec![boost(phrase(f.title, s), TITLE_BOOST), phrase(f.body, s)]),
                QueryTerm::DocNumber(n) => either(vec![
                    boost(Box::new(TermQuery::new(Term::from_field_text(f.doc_number, n), IndexRecordOption::Basic)), DOC_NUMBER_BOOST),
                    boost(phrase(f.title, n), TITLE_BOOST),
                    phrase(f.body, n),
                ]),
            };
            clauses.push((Occur::Must, q));
        }
        if let [QueryTerm::Text(whole)] = &self.terms[..] {
            // The whole query is a title: that document first, among all containing the words.
            let exact = Term::from_field_text(f.title_exact, &gongwen_link::normalize_title(whole));
            clauses.push((Occur::Should, boost(Box::new(TermQuery::new(exact, IndexRecordOption::Basic)), EXACT_TITLE_BOOST)));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// The same terms as exact character strings over title and body: the
    /// fallback when the words match nothing (a name segmented differently).
    pub(crate) fn to_char_query(&self, f: &Fields) -> Option<Box<dyn Query>> {
        if self.terms.is_empty() {
            return None;
        }
        let clauses = self
            .terms
            .iter()
            .map(|t| {
                let (QueryTerm::Text(s) | QueryTerm::DocNumber(s)) = t;
                (Occur::Must, positioned(f.chars, CharTokenizer::chars(s)))
            })
            .collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// What the exclusions match. Applied as a filter after matching rather
    /// than as MUST_NOT clauses: tantivy 0.27 panics when a phrase scorer is
    /// the excluded side of a boolean query.
    pub(crate) fn exclusion_query(&self, f: &Fields) -> Option<Box<dyn Query>> {
        if self.excluded.is_empty() {
            return None;
        }
        let qs = self.excluded.iter().flat_map(|s| [phrase(f.title, s), phrase(f.body, s)]).collect();
        Some(either(qs))
    }
}

fn boost(q: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

fn either(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(qs.into_iter().map(|q| (Occur::Should, q)).collect()))
}

/// The words of `s` as a phrase at their offsets.
fn phrase(field: Field, s: &str) -> Box<dyn Query> {
    positioned(field, CnTokenizer::query().words(s))
}

fn positioned(field: Field, words: Vec<(String, usize)>) -> Box<dyn Query> {
    match words.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(Term::from_field_text(field, &words[0].0), IndexRecordOption::WithFreqs)),
        _ => Box::new(PhraseQuery::new_with_offset(
            words.into_iter().map(|(w, at)| (at, Term::from_field_text(field, &w))).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_numbers_in_any_spelling() {
        for q in ["武政规[2024]6号", "武政规〔2024〕 6 号", "武政规（2024）6号", " 武政规〔2024〕6号 "] {
            assert_eq!(UserQuery::parse(&gongwen_parse::knowledge::Knowledge::builtin(), q).unwrap().terms, vec![QueryTerm::DocNumber("武政规〔2024〕6号".into())], "{q}");
        }
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let q = UserQuery::parse(&gongwen_parse::knowledge::Knowledge::builtin(), "低空经济 “行政 执法” -补贴").unwrap();
        assert_eq!(q.terms, vec![QueryTerm::Text("低空经济".into()), QueryTerm::Text("行政 执法".into())]);
        assert_eq!(q.excluded, vec!["补贴".to_string()]);
    }

    #[test]
    fn bad_queries_are_errors_not_panics() {
        assert_eq!(UserQuery::parse(&gongwen_parse::knowledge::Knowledge::builtin(), "\"未闭合"), Err(QueryError::UnbalancedQuote { at: 1 }));
        assert_eq!(UserQuery::parse(&gongwen_parse::knowledge::Knowledge::builtin(), "-补贴"), Err(QueryError::NothingToFind));
        assert!(matches!(UserQuery::parse(&gongwen_parse::knowledge::Knowledge::builtin(), &"字".repeat(500)), Err(QueryError::TooLong { chars: 500 })));
        assert!(matches!(UserQuery::parse(&gongwen_parse::knowledge::Knowledge::builtin(), &"a ".repeat(40)), Err(QueryError::TooManyTerms { .. })));
        for q in ["", "   ", "-", "\"\"", "()[]{}*?:", "AND OR NOT", "\u{0}\u{1}"] {
            let _ = UserQuery::parse(&gongwen_parse::knowledge::Knowledge::builtin(), q);
        }
    }
}
