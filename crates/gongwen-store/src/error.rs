use rusqlite::ErrorCode;
use std::path::Path;

/// Everything that can go wrong with a store, each with a one-line message
/// that names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}: no store here; run `gongwen ingest` first")]
    Missing(String),
    #[error("{0}: the store is locked by another gongwen process; try again when it finishes")]
    Locked(String),
    #[error("{0}: the store is read-only; nothing was written")]
    ReadOnly(String),
    /// SQLite cannot read the file as a database.
    #[error("{path}: not a usable gongwen store ({source}); move it aside and ingest again")]
    Corrupt {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    /// A database whose pages fail `PRAGMA quick_check`: never written into.
    #[error("{path}: the store is damaged (quick_check: {detail}); nothing was written; move it aside and ingest again")]
    Damaged { path: String, detail: String },
    /// A file that is not a gongwen store (empty, another program's
    /// database, random bytes): refused, never overwritten.
    #[error("{path}: not a gongwen store ({why}); refusing to use or overwrite it; move it aside or choose another --db")]
    Foreign { path: String, why: String },
    #[error("{path}: made by a newer gongwen (schema version {found}; this one knows up to {known}); upgrade gongwen")]
    NewerSchema { path: String, found: i64, known: i64 },
    #[error("{path}: schema version {found} is older than {known}; run `gongwen ingest` once to upgrade it")]
    OlderSchema { path: String, found: i64, known: i64 },
    #[error("{0}: {1}")]
    Io(String, String),
    #[error("{path}: {source}")]
    Sql {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{0}: no such document in the store")]
    NotFound(String),
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
