//! gongwen-store: the register, on SQLite (one file, `gongwen.sqlite3`, in the
//! store directory).
//!
//! - [`Store::ingest`] parses files and records their documents, citations and
//!   lifecycle clauses in one transaction, then resolves citations
//!   ([`resolve`]). Unchanged files (same content hash) are skipped.
//! - [`Store::status`] combines every statement about a document into a
//!   [`Timeline`](gongwen_link::timeline::Timeline).
//! - [`query`] and [`export`] read the register for the CLI and the API.

mod error;
pub mod export;
pub mod files;
mod ingest;
pub mod query;
mod resolve;
pub mod said;
pub mod schema;
mod status;

pub use error::StoreError;
pub use ingest::{FileOutcome, IngestReport};
#[doc(hidden)]
pub use ingest::test_hook;
pub use status::StatusReport;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub type Result<T> = std::result::Result<T, StoreError>;

/// The default store directory, relative to the working directory.
pub const DEFAULT_DIR: &str = "gongwen-data";
const DB_FILE: &str = "gongwen.sqlite3";

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store in `dir` for writing, applying
    /// any missing migrations.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(dir.display().to_string(), e.to_string()))?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path).map_err(|e| StoreError::from_sql(&path, e))?;
        let mut store = Store { conn, path };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store for reading only; never creates or migrates.
    pub fn open_read_only(dir: &Path) -> Result<Store> {
        let path = dir.join(DB_FILE);
        if !path.exists() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| StoreError::from_sql(&path, e))?;
        let store = Store { conn, path };
        store.conn.busy_timeout(std::time::Duration::from_secs(2)).map_err(|e| store.err(e))?;
        let version = store.schema_version()?;
        if version > schema::LATEST {
            return Err(StoreError::NewerSchema { path: store.path_str(), found: version, known: schema::LATEST });
        }
        if version < schema::LATEST {
            return Err(StoreError::OlderSchema { path: store.path_str(), found: version, known: schema::LATEST });
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn path_str(&self) -> String {
        self.path.display().to_string()
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sql(&self.path, e)
    }

    fn configure(&self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(2)).map_err(|e| self.err(e))?;
        // WAL keeps readers working during an ingest; NORMAL sync is durable at
        // each commit point in WAL mode, which is all a re-runnable ingest needs.
        self.conn
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(|e| self.err(e))
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<()> {
        let version = self.schema_version()?;
        if version > schema::LATEST {
            return Err(StoreError::NewerSchema { path: self.path_str(), found: version, known: schema::LATEST });
        }
        if version == schema::LATEST {
            return Ok(());
        }
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| StoreError::from_sql(&path, e))?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql).map_err(|e| StoreError::from_sql(&path, e))?;
            tx.pragma_update(None, "user_version", (i + 1) as i64).map_err(|e| StoreError::from_sql(&path, e))?;
        }
        tx.commit().map_err(|e| StoreError::from_sql(&path, e))
    }

    /// For tests of migrations: a store with only the first `n` migrations applied.
    #[doc(hidden)]
    pub fn create_at_version(dir: &Path, n: usize) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(dir.display().to_string(), e.to_string()))?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path).map_err(|e| StoreError::from_sql(&path, e))?;
        for (i, sql) in schema::MIGRATIONS.iter().take(n).enumerate() {
            conn.execute_batch(sql).map_err(|e| StoreError::from_sql(&path, e))?;
            conn.pragma_update(None, "user_version", (i + 1) as i64).map_err(|e| StoreError::from_sql(&path, e))?;
        }
        Ok(())
    }
}
