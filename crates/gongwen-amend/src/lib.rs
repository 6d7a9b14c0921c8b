//! Amendment decisions as data. A decision's items (`将第X条修改为：“…”`,
//! `删去第X条`, `第X条增加一款…`, renumbering) are parsed into typed
//! [`Operation`]s with their source span (`parse`, words and patterns from
//! `data/amend.toml`); [`apply`] carries them out on an earlier version's
//! [`Article`]s and says, per operation, whether it applied or why not;
//! [`compare`] sets two versions side by side article by article (新旧对照),
//! ignoring layout-only differences. Pure functions, no I/O.

pub mod apply;
pub mod article;
pub mod diff;
pub mod grammar;
pub mod parse;
pub mod text;

pub use apply::{apply, Applied, Outcome};
pub use article::{articles, Article, ArticleNo};
pub use diff::{compare, Change, Pair, Piece};
pub use grammar::{Grammar, GrammarError};
pub use parse::{is_decision, parse_decision, title_target, Amendment, Loc, OpKind, Operation};
