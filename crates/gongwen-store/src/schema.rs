//! The store's schema as a list of migrations. `PRAGMA user_version` records
//! how many have been applied; opening a store applies the missing ones in one
//! transaction, so a database made by an older gongwen opens with a newer one.
//! Never edit a released migration: append a new one.

use gongwen_parse::knowledge::Knowledge;
use rusqlite::Connection;

/// One schema change: SQL, or a Rust step over the stored rows.
pub enum Migration {
    Sql(&'static str),
    Rust(fn(&Connection, &Knowledge) -> rusqlite::Result<()>),
}

impl Migration {
    pub fn apply(&self, conn: &Connection, k: &Knowledge) -> rusqlite::Result<()> {
        match self {
            Migration::Sql(sql) => conn.execute_batch(sql),
            Migration::Rust(step) => step(conn, k),
        }
    }
}

pub const MIGRATIONS: &[Migration] = &[
    // 1: sources, documents, versions, links, lifecycle clauses.
    Migration::Sql("
    CREATE TABLE source (
        id          INTEGER PRIMARY KEY,
        path        TEXT NOT NULL UNIQUE,   -- canonical path of the file
        hash        TEXT NOT NULL,          -- xxh3-128 of the bytes
        bytes       INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    -- One row per document identity (文号, or title@date); a stub is known
    -- only through references.
    CREATE TABLE doc (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        doc_number  TEXT,
        title       TEXT NOT NULL,
        norm_title  TEXT NOT NULL,
        issuer      TEXT NOT NULL DEFAULT '',
        doc_type    TEXT,
        date        TEXT,
        stub        INTEGER NOT NULL DEFAULT 0
    );
    -- One row per place a document was read from (a gazette, a standalone copy,
    -- a republication inside a later decision).
    CREATE TABLE version (
        id          INTEGER PRIMARY KEY,
        doc_id      INTEGER NOT NULL REFERENCES doc(id),
        source_id   INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
        line_start  INTEGER NOT NULL,
        line_end    INTEGER NOT NULL,
        parent_key  TEXT,                   -- the document it is republished in
        body        TEXT NOT NULL           -- the parsed Document as JSON
    );
    CREATE TABLE link (
        id          INTEGER PRIMARY KEY,
        version_id  INTEGER NOT NULL REFERENCES version(id) ON DELETE CASCADE,
        from_doc    INTEGER NOT NULL REFERENCES doc(id),
        to_doc      INTEGER REFERENCES doc(id),
        relation    TEXT NOT NULL,
        text        TEXT NOT NULL,
        title       TEXT,
        norm_title  TEXT,
        doc_number  TEXT,
        order_no    TEXT,
        short_name  TEXT,
        line        INTEGER NOT NULL,
        from_date   TEXT,
        until_date  TEXT,
        class       TEXT,
        indefinite  INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE clause (
        id          INTEGER PRIMARY KEY,
        version_id  INTEGER NOT NULL REFERENCES version(id) ON DELETE CASCADE,
        doc_id      INTEGER NOT NULL REFERENCES doc(id),
        kind        TEXT NOT NULL,
        body        TEXT NOT NULL,          -- the Clause as JSON
        text        TEXT NOT NULL,
        line        INTEGER NOT NULL
    );
    "),
    // 2: indexes for the graph and register queries.
    Migration::Sql("
    CREATE INDEX version_doc ON version(doc_id);
    CREATE INDEX version_source ON version(source_id);
    CREATE INDEX link_from ON link(from_doc);
    CREATE INDEX link_to ON link(to_doc);
    CREATE INDEX link_version ON link(version_id);
    CREATE INDEX clause_doc ON clause(doc_id);
    CREATE INDEX clause_version ON clause(version_id);
    CREATE INDEX doc_norm_title ON doc(norm_title);
    CREATE INDEX doc_number ON doc(doc_number);
    "),
    // 3: what documents say, as data (gongwen-extract), one JSON row per item.
    Migration::Sql("
    CREATE TABLE fact (
        id          INTEGER PRIMARY KEY,
        version_id  INTEGER NOT NULL REFERENCES version(id) ON DELETE CASCADE,
        doc_id      INTEGER NOT NULL REFERENCES doc(id),
        kind        TEXT NOT NULL,          -- measure | task | target | appointment | member
        line        INTEGER NOT NULL,
        body        TEXT NOT NULL
    );
    CREATE INDEX fact_kind ON fact(kind, version_id);
    CREATE INDEX fact_version ON fact(version_id);
    "),
    // 4: personal numbers masked in everything stored before masking moved to
    // the boundary where text enters (see `gongwen_parse::privacy`).
    Migration::Rust(crate::privacy::mask_stored),
    // 5: works and their versions (`works`): each stored copy placed in its
    // work, and the validity rows of a legal database beside a law file.
    // Stores written before are filled at their next ingest of the files.
    Migration::Sql("
    CREATE TABLE work (
        id           INTEGER PRIMARY KEY,
        key          TEXT NOT NULL UNIQUE,  -- law:cn:<title>, policy:<文号>, doc:<title>@<date>
        kind         TEXT NOT NULL,         -- WorkKind
        name         TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        eli          TEXT NOT NULL UNIQUE   -- /eli/cn/law/<title>
    );
    CREATE TABLE work_text (
        copy_id      INTEGER PRIMARY KEY REFERENCES version(id) ON DELETE CASCADE,
        work_id      INTEGER NOT NULL REFERENCES work(id),
        doc_id       INTEGER NOT NULL REFERENCES doc(id),
        date         TEXT,                  -- the version's date
        part         TEXT,                  -- 合同编, for a version in several files
        part_order   INTEGER NOT NULL
    );
    CREATE INDEX work_text_work ON work_text(work_id);
    CREATE INDEX work_text_doc ON work_text(doc_id);
    CREATE TABLE record (
        id              INTEGER PRIMARY KEY,
        copy_id         INTEGER NOT NULL REFERENCES version(id) ON DELETE CASCADE,
        doc_id          INTEGER NOT NULL REFERENCES doc(id),
        source          TEXT NOT NULL,      -- the database file
        row_id          TEXT NOT NULL,      -- its `law.id`
        rowid_in_source INTEGER NOT NULL,
        level           TEXT,
        name            TEXT NOT NULL,
        publish         TEXT,
        valid_from      TEXT,
        expired         INTEGER NOT NULL,
        read_on         TEXT NOT NULL
    );
    CREATE INDEX record_copy ON record(copy_id);
    "),
    // 6: the page each item was printed on (paged sources: PDF, OFD, DOCX);
    // NULL for text, and for items stored before until their file is read
    // again (the reader version changed with it).
    Migration::Sql("ALTER TABLE fact ADD COLUMN page INTEGER;"),
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;
