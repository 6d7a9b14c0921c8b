use rusqlite::ErrorCode;
use std::path::Path;

/// Everything that can go wrong with a store, each with a one-line message
/// that names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}：这里没有资料库；请先运行 `gongwen ingest`")]
    Missing(String),
    #[error("{0}：资料库正被另一个 gongwen 进程使用；请等它结束后再试")]
    Locked(String),
    #[error("{0}：资料库只读；未写入任何内容")]
    ReadOnly(String),
    /// SQLite cannot read the file as a database.
    #[error("{path}：不是可用的 gongwen 资料库（{source}）；请把它移开后重新导入")]
    Corrupt {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    /// A database whose pages fail `PRAGMA quick_check`: never written into.
    #[error("{path}：资料库已损坏（quick_check：{detail}）；未写入任何内容；请把它移开后重新导入")]
    Damaged { path: String, detail: String },
    /// A file that is not a gongwen store (empty, another program's
    /// database, random bytes): refused, never overwritten.
    #[error("{path}：不是 gongwen 资料库（{why}）；不使用也不覆盖它；请把它移开或用 --db 另选位置")]
    Foreign { path: String, why: String },
    #[error("{path}：由更新版本的 gongwen 建立（结构版本 {found}，本版本最高认识 {known}）；请升级 gongwen")]
    NewerSchema { path: String, found: i64, known: i64 },
    #[error("{path}：结构版本 {found} 低于 {known}；请运行一次 `gongwen ingest` 升级")]
    OlderSchema { path: String, found: i64, known: i64 },
    #[error("{0}：{1}")]
    Io(String, String),
    #[error("{path}：{source}")]
    Sql {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{0}：资料库中没有这份文档")]
    NotFound(String),
    /// A stored row the code cannot read back (a document's JSON, a fact):
    /// written by another version, or damaged.
    #[error("{path}：{what}无法读回（{source}）；请重新运行 `gongwen ingest`")]
    Unreadable {
        path: String,
        what: String,
        #[source]
        source: serde_json::Error,
    },
}

impl StoreError {
    pub(crate) fn from_sql(path: &Path, e: rusqlite::Error) -> StoreError {
        let p = path.display().to_string();
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked(p),
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(p),
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt { path: p, source: e },
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StoreError::Io(p, e.to_string()),
            _ => StoreError::Sql { path: p, source: e },
        }
    }

    /// True when the store itself is unusable (damaged, foreign, unreadable):
    /// not a passing condition like a lock or a missing document.
    pub fn is_damage(&self) -> bool {
        matches!(self, StoreError::Corrupt { .. } | StoreError::Damaged { .. } | StoreError::Foreign { .. })
    }
}
