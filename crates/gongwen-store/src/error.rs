use rusqlite::ErrorCode;
use std::fmt;
use std::path::Path;

/// Everything that can go wrong with a store, each with a one-line message
/// that names the file.
#[derive(Debug)]
pub enum StoreError {
    Missing(String),
    Locked(String),
    ReadOnly(String),
    Corrupt(String, String),
    NewerSchema { path: String, found: i64, known: i64 },
    OlderSchema { path: String, found: i64, known: i64 },
    Io(String, String),
    Sql(String, String),
    NotFound(String),
}

impl StoreError {
    pub(crate) fn from_sql(path: &Path, e: rusqlite::Error) -> StoreError {
        let p = path.display().to_string();
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked(p),
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(p),
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt(p, e.to_string()),
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StoreError::Io(p, e.to_string()),
            _ => StoreError::Sql(p, e.to_string()),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Missing(p) => write!(f, "{p}: no store here; run `gongwen ingest` first"),
            StoreError::Locked(p) => write!(f, "{p}: the store is locked by another gongwen process; try again when it finishes"),
            StoreError::ReadOnly(p) => write!(f, "{p}: the store is read-only; nothing was written"),
            StoreError::Corrupt(p, e) => write!(f, "{p}: not a usable gongwen store ({e}); move it aside and ingest again"),
            StoreError::NewerSchema { path, found, known } => write!(
                f,
                "{path}: made by a newer gongwen (schema version {found}; this one knows up to {known}); upgrade gongwen"
            ),
            StoreError::OlderSchema { path, found, known } => write!(
                f,
                "{path}: schema version {found} is older than {known}; run `gongwen ingest` once to upgrade it"
            ),
            StoreError::Io(p, e) => write!(f, "{p}: {e}"),
            StoreError::Sql(p, e) => write!(f, "{p}: {e}"),
            StoreError::NotFound(what) => write!(f, "{what}: no such document in the store"),
        }
    }
}

impl std::error::Error for StoreError {}
