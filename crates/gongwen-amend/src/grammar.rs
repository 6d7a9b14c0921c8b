//! The words of amendment decisions (`data/amend.toml`), compiled once.

use regex::Regex;
use serde::Deserialize;
use std::path::Path;
use std::sync::OnceLock;

const EMBEDDED: &str = include_str!("../../../data/amend.toml");
const FILE: &str = "amend.toml";

/// Why the grammar could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GrammarError {
    #[error("{file}：无法读取：{source}")]
    Read { file: String, source: std::io::Error },
    #[error("{file}：不是有效的 TOML：{source}")]
    Toml { file: String, source: toml::de::Error },
    #[error("{file}：模式 `{pattern}` 不是有效的正则表达式：{source}")]
    Pattern { file: String, pattern: String, source: Box<regex::Error> },
    #[error("{file}：未知的操作 `{op}`")]
    UnknownOp { file: String, op: String },
}

#[derive(Deserialize)]
struct Raw {
    titles: Vec<String>,
    targets: Vec<String>,
    openers: Vec<String>,
    joiners: Vec<String>,
    clause: Vec<RawClause>,
}

#[derive(Deserialize)]
struct RawClause {
    op: String,
    pattern: String,
}

/// The kinds of clause the patterns name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClauseKind {
    RenumberList,
    RenumberAll,
    ReplaceWords,
    Merge,
    Replace,
    DeleteWords,
    Delete,
    DeleteArticles,
    DeleteList,
    InsertArticle,
    AddParagraph,
    AddItem,
    Renumber,
}

impl ClauseKind {
    fn parse(op: &str) -> Option<ClauseKind> {
        Some(match op {
            "renumber_list" => ClauseKind::RenumberList,
            "renumber_all" => ClauseKind::RenumberAll,
            "replace_words" => ClauseKind::ReplaceWords,
            "merge" => ClauseKind::Merge,
            "replace" => ClauseKind::Replace,
            "delete_words" => ClauseKind::DeleteWords,
            "delete" => ClauseKind::Delete,
            "delete_articles" => ClauseKind::DeleteArticles,
            "delete_list" => ClauseKind::DeleteList,
            "insert_article" => ClauseKind::InsertArticle,
            "add_paragraph" => ClauseKind::AddParagraph,
            "add_item" => ClauseKind::AddItem,
            "renumber" => ClauseKind::Renumber,
            _ => return None,
        })
    }
}

/// The compiled grammar.
pub struct Grammar {
    pub(crate) titles: Vec<Regex>,
    pub(crate) targets: Vec<Regex>,
    pub(crate) openers: Vec<String>,
    pub(crate) joiners: Vec<String>,
    pub(crate) clauses: Vec<(ClauseKind, Regex)>,
    /// `“第八条”调整为“第七条”` pairs of a renumbering list.
    pub(crate) renumber_pair: Regex,
    /// One `第X条` of a list.
    pub(crate) article: Regex,
}

const NUM: &str = "[零〇一二两三四五六七八九十百千0-9]+";

/// The placeholders of a pattern, expanded.
fn expand(pattern: &str) -> String {
    let art = format!("第{NUM}条(?:之{NUM})?");
    let loc = format!("(?P<art>该条|{art})?(?:(?P<para>第{NUM}款|该款))?(?:(?P<item>第{NUM}项))?");
    pattern
        .replace("{law}", "(?P<law>《[^》]{1,40}》|[^第该“”，。；：\\n《]{1,12}?)?")
        .replace("{loc}", &loc)
        .replace("{art2}", &format!("(?P<art2>{art})"))
        .replace("{as}", &format!("作为(?P<as>第{NUM}[条款项](?:之{NUM})?)"))
        .replace("{q1}", "“(?P<q1>[^”\\n]*)”")
        .replace("{q2}", "“(?P<q2>[^”\\n]*)”")
        .replace("{body}", "\\s*(?P<body>(?s:“.*”))")
}

impl Grammar {
    /// Parses a grammar from TOML text; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Grammar, GrammarError> {
        let raw: Raw = toml::from_str(text).map_err(|source| GrammarError::Toml { file: file.into(), source })?;
        let compile = |p: &str| Regex::new(&expand(p)).map_err(|source| GrammarError::Pattern { file: file.into(), pattern: p.into(), source: Box::new(source) });
        let mut clauses = Vec::new();
        for c in &raw.clause {
            let kind = ClauseKind::parse(&c.op).ok_or_else(|| GrammarError::UnknownOp { file: file.into(), op: c.op.clone() })?;
            clauses.push((kind, compile(&c.pattern)?));
        }
        Ok(Grammar {
            titles: raw.titles.iter().map(|p| compile(p)).collect::<Result<_, _>>()?,
            targets: raw.targets.iter().map(|p| compile(p)).collect::<Result<_, _>>()?,
            openers: raw.openers,
            joiners: raw.joiners,
            clauses,
            article: Regex::new(&format!("第{NUM}条(?:之{NUM})?")).expect("built-in pattern"),
            renumber_pair: Regex::new(&format!("“(?P<from>第{NUM}条(?:之{NUM})?)”调整为“(?P<to>第{NUM}条(?:之{NUM})?)”")).expect("built-in pattern"),
        })
    }

    /// `$GONGWEN_DATA/amend.toml` when that file exists, else the built-in copy.
    pub fn load(dir: Option<&Path>) -> Result<Grammar, GrammarError> {
        if let Some(path) = dir.map(|d| d.join(FILE)).filter(|p| p.is_file()) {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|source| GrammarError::Read { file: file.clone(), source })?;
            return Grammar::from_toml(&text, &file);
        }
        Grammar::from_toml(EMBEDDED, FILE)
    }

    /// The grammar every caller shares: `$GONGWEN_DATA`'s, else the built-in
    /// one (a broken override is reported on stderr and skipped).
    pub fn shared() -> &'static Grammar {
        static G: OnceLock<Grammar> = OnceLock::new();
        G.get_or_init(|| {
            let dir = std::env::var_os("GONGWEN_DATA").map(std::path::PathBuf::from);
            Grammar::load(dir.as_deref()).unwrap_or_else(|e| {
                eprintln!("警告：{e}；改用内置的 amend.toml");
                Grammar::from_toml(EMBEDDED, FILE).expect("the built-in amend.toml is valid")
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_grammar_compiles_and_errors_name_the_file() {
        Grammar::from_toml(EMBEDDED, FILE).unwrap();
        let bad = "titles=[]\ntargets=[]\nopeners=[]\njoiners=[]\n[[clause]]\nop='fly'\npattern='x'\n";
        let e = Grammar::from_toml(bad, "x.toml").err().unwrap().to_string();
        assert!(e.contains("x.toml") && e.contains("fly"), "{e}");
    }
}
