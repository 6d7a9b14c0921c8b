//! gongwen-store: the register, on SQLite (one file, `gongwen.sqlite3`, in the
//! store directory).
//!
//! - [`Store::ingest`] parses files and records their documents, citations and
//!   lifecycle clauses in one transaction, then resolves citations
//!   ([`resolve`]). Unchanged files (same content hash) are skipped.
//! - [`Store::status`] combines every statement about a document into a
//!   [`Timeline`](gongwen_link::timeline::Timeline).
//! - [`query`] and [`export`] read the register for the CLI and the API.

pub mod akn;
pub mod amendments;
mod error;
pub mod export;
pub mod files;
mod ingest;
mod privacy;
pub mod query;
mod resolve;
pub mod said;
pub mod schema;
mod status;
pub mod works;

pub use error::StoreError;
pub use ingest::{FileOutcome, IngestReport};
#[doc(hidden)]
pub use ingest::test_hook;
pub use status::StatusReport;

use gongwen_parse::knowledge::Knowledge;
use std::sync::Arc;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub type Result<T> = std::result::Result<T, StoreError>;

/// The default store directory, relative to the working directory.
pub const DEFAULT_DIR: &str = "gongwen-data";
const DB_FILE: &str = "gongwen.sqlite3";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Opened with `immutable=1`: the file or its directory cannot be written,
    /// so SQLite takes no locks and creates no `-shm`/`-wal` files.
    immutable: bool,
    /// The knowledge ingest parses with, and that masking and queries read
    /// (loaded once by the caller, shared with the search index and server).
    knowledge: Arc<Knowledge>,
}

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Tables every gongwen store has from its first migration on.
const OWN_TABLES: [&str; 5] = ["source", "doc", "version", "link", "clause"];

/// Refuses, before SQLite touches it, a file that cannot be a store: an empty
/// file (SQLite would take it for a new database and write into it) or one
/// that does not start like an SQLite database.
fn check_file(path: &Path) -> Result<()> {
    use std::io::Read;
    let io = |e: std::io::Error| StoreError::Io(path.display().to_string(), e.to_string());
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(path).map_err(io)?.take(16).read_to_end(&mut head).map_err(io)?;
    let foreign = |why: &str| Err(StoreError::Foreign { path: path.display().to_string(), why: why.into() });
    if head.is_empty() {
        // A store whose first transaction is still only in its write-ahead log is not empty.
        let wal = path.with_extension("sqlite3-wal");
        if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) == 0 {
            return foreign("文件为空（0 字节）");
        }
        return Ok(());
    }
    if head.as_slice() != SQLITE_MAGIC {
        return foreign("不是 SQLite 数据库");
    }
    Ok(())
}

/// `path` as an SQLite URI opening the file immutable (no locks, no journal).
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

impl Store {
    /// Opens (creating if needed) the store in `dir` for writing, applying
    /// any missing migrations. An existing file must be a gongwen store that
    /// passes `PRAGMA quick_check`; nothing is written into anything else.
    pub fn open(knowledge: Arc<Knowledge>, dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(dir.display().to_string(), e.to_string()))?;
        let path = dir.join(DB_FILE);
        let existed = path.exists();
        if existed {
            check_file(&path)?;
        }
        let conn = Connection::open(&path).map_err(|e| StoreError::from_sql(&path, e))?;
        let mut store = Store { conn, path, immutable: false, knowledge };
        store.conn.busy_timeout(std::time::Duration::from_secs(2)).map_err(|e| store.err(e))?;
        if existed {
            store.identify()?;
            store.quick_check()?;
        }
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store for reading only; never creates or migrates.
    /// A store that cannot be written (read-only file, directory or file
    /// system) is opened immutable: no lock, no `-shm` file.
    pub fn open_read_only(knowledge: Arc<Knowledge>, dir: &Path) -> Result<Store> {
        let path = dir.join(DB_FILE);
        if !path.exists() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        check_file(&path)?;
        let store = match Store::connect_read_only(knowledge.clone(), &path, false) {
            Ok(store) => store,
            Err(e) if needs_write_access(&e) => Store::connect_read_only(knowledge, &path, true).map_err(|e| StoreError::from_sql(&path, e))?,
            Err(e) => return Err(StoreError::from_sql(&path, e)),
        };
        let version = store.identify()?;
        if version > schema::LATEST {
            return Err(StoreError::NewerSchema { path: store.path_str(), found: version, known: schema::LATEST });
        }
        if version < schema::LATEST {
            return Err(StoreError::OlderSchema { path: store.path_str(), found: version, known: schema::LATEST });
        }
        Ok(store)
    }

    fn connect_read_only(knowledge: Arc<Knowledge>, path: &Path, immutable: bool) -> rusqlite::Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = if immutable {
            Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)?
        } else {
            Connection::open_with_flags(path, flags)?
        };
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        // Reading is what needs the `-shm` file of a WAL database: try it now.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
        Ok(Store { conn, path: path.to_path_buf(), immutable, knowledge })
    }

    /// The knowledge the store was opened with.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// The shared knowledge, for another owner (the search index, the server).
    pub fn knowledge_arc(&self) -> Arc<Knowledge> {
        self.knowledge.clone()
    }

    /// True when the store was opened immutable because it cannot be written.
    /// Changes another process commits afterwards are not seen.
    pub fn is_immutable(&self) -> bool {
        self.immutable
    }

    /// The schema version, after making sure the file is a gongwen store:
    /// version 0 must be an empty database, a known version must have the
    /// store's tables.
    fn identify(&self) -> Result<i64> {
        let version = self.schema_version()?;
        let mut st = self.conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map_err(|e| self.err(e))?;
        let tables: Vec<String> = st.query_map([], |r| r.get(0)).and_then(|r| r.collect()).map_err(|e| self.err(e))?;
        let foreign = |why: String| Err(StoreError::Foreign { path: self.path_str(), why });
        if version == 0 && !tables.is_empty() {
            let shown: Vec<&str> = tables.iter().take(3).map(String::as_str).collect();
            return foreign(format!("含有其他表的 SQLite 数据库：{}", shown.join("、")));
        }
        if (1..=schema::LATEST).contains(&version) && !OWN_TABLES.iter().all(|t| tables.iter().any(|n| n == t)) {
            return foreign(format!("结构版本 {version}，却没有资料库的表"));
        }
        Ok(version)
    }

    /// `PRAGMA quick_check`: page structure, record formats, NOT NULL and
    /// UNIQUE (not index contents). A store that fails it is refused for
    /// writing and for serving.
    pub fn quick_check(&self) -> Result<()> {
        let mut st = self.conn.prepare("PRAGMA quick_check(10)").map_err(|e| self.err(e))?;
        let rows: Vec<String> = st.query_map([], |r| r.get(0)).and_then(|r| r.collect()).map_err(|e| self.err(e))?;
        if rows.len() == 1 && rows[0] == "ok" {
            return Ok(());
        }
        // One line for the message: the first problem SQLite names, and how many more it found.
        let problems: Vec<&str> = rows.iter().flat_map(|r| r.lines()).filter(|l| !l.starts_with("***") && !l.trim().is_empty()).collect();
        let detail = match problems.as_slice() {
            [] => "failed".to_string(),
            [one] => one.to_string(),
            [first, rest @ ..] => format!("{first}, and {} more", rest.len()),
        };
        Err(StoreError::Damaged { path: self.path_str(), detail })
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

    /// A stored JSON body (`what`: 文档《X》的正文 …) that does not read back.
    pub(crate) fn unreadable(&self, what: impl Into<String>, e: serde_json::Error) -> StoreError {
        StoreError::Unreadable { path: self.path.display().to_string(), what: what.into(), source: e }
    }

    fn configure(&self) -> Result<()> {
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
        for (i, step) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            step.apply(&tx, &self.knowledge).map_err(|e| StoreError::from_sql(&path, e))?;
            tx.pragma_update(None, "user_version", (i + 1) as i64).map_err(|e| StoreError::from_sql(&path, e))?;
        }
        tx.commit().map_err(|e| StoreError::from_sql(&path, e))
    }

    /// For tests of migrations: a store with only the first `n` migrations applied.
    #[doc(hidden)]
    pub fn create_at_version(k: &Knowledge, dir: &Path, n: usize) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(dir.display().to_string(), e.to_string()))?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path).map_err(|e| StoreError::from_sql(&path, e))?;
        for (i, step) in schema::MIGRATIONS.iter().take(n).enumerate() {
            step.apply(&conn, k).map_err(|e| StoreError::from_sql(&path, e))?;
            conn.pragma_update(None, "user_version", (i + 1) as i64).map_err(|e| StoreError::from_sql(&path, e))?;
        }
        Ok(())
    }
}

/// Errors of a read-only open that an immutable open avoids: SQLite wanted
/// to create or lock the `-shm` file beside a database it may not write.
fn needs_write_access(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::*;
    matches!(e.sqlite_error_code(), Some(CannotOpen | ReadOnly | PermissionDenied | SystemIoFailure))
}
