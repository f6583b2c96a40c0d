//! The embedded store: one SQLite file in WAL mode with an FTS5 index.
//!
//! Durability: every batch is one transaction, committed with `synchronous=FULL`, so a killed
//! process (or a power cut) loses at most the batch being written and the file stays
//! consistent. The schema version is kept in `meta`; a store written by a newer rasid is
//! refused rather than misread.

use crate::error::SqlContext;
use crate::terms::{Term, terms};
use crate::{DuplicateBy, Hit, Prepared, Put, Query, Stats, Store, StoreError};
use rasid_arabic::normalize::fold_str;
use rasid_core::{BlockKind, DocJson};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// The schema this code writes. Bump it with a migration in [`SqliteStore::migrate`].
///
/// * 1: the first.
/// * 2: `articles.analysis` compressed ([`crate::pack_analysis`]; version 1's plain JSON is
///   still read); the full-text index holds bases and stems (no surface forms) with the `ascii`
///   tokenizer; `attributions.speaker_fold` for the speaker filter; no `entities.name_fold`.
pub const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL,            -- the article's own id (file stem, JSONL id)
    url TEXT UNIQUE,
    source TEXT,
    title TEXT,
    published TEXT,               -- YYYY-MM-DD
    hash BLOB NOT NULL UNIQUE,    -- SHA-256 of the normalised text
    text TEXT NOT NULL,
    analysis BLOB NOT NULL        -- the JSON contract without its text, deflated (pack_analysis)
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source COLLATE NOCASE);
-- Offsets are code points into articles.text, as in the JSON contract.
CREATE TABLE entities (
    article INTEGER NOT NULL REFERENCES articles(id), n INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, type TEXT NOT NULL, text TEXT NOT NULL,
    canonical TEXT, name TEXT, identity INTEGER,
    PRIMARY KEY (article, n)) WITHOUT ROWID;
CREATE INDEX entities_canonical ON entities(canonical);
CREATE TABLE identities (
    article INTEGER NOT NULL REFERENCES articles(id), n INTEGER NOT NULL,
    canonical TEXT NOT NULL, name TEXT, name_en TEXT, type TEXT NOT NULL, known INTEGER,
    lat REAL, lon REAL, country TEXT,
    PRIMARY KEY (article, n)) WITHOUT ROWID;
CREATE INDEX identities_canonical ON identities(canonical);
CREATE TABLE attributions (
    article INTEGER NOT NULL REFERENCES articles(id), n INTEGER NOT NULL,
    cue TEXT NOT NULL, cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL,
    speaker TEXT, speaker_resolved TEXT, speaker_canonical TEXT, anonymous INTEGER NOT NULL,
    content TEXT NOT NULL, content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    polarity TEXT NOT NULL, direct INTEGER NOT NULL, via TEXT, kind TEXT, parent INTEGER,
    speaker_fold TEXT,            -- the resolved speaker (else the speaker as written), folded
    PRIMARY KEY (article, n)) WITHOUT ROWID;
CREATE INDEX attributions_speaker ON attributions(speaker_canonical);
CREATE INDEX attributions_speaker_fold ON attributions(speaker_fold);
CREATE TABLE contradictions (
    article INTEGER NOT NULL REFERENCES articles(id), n INTEGER NOT NULL,
    claim TEXT NOT NULL, affirm TEXT NOT NULL, deny TEXT NOT NULL,  -- JSON arrays of attribution n
    PRIMARY KEY (article, n)) WITHOUT ROWID;
CREATE TABLE events (
    article INTEGER NOT NULL REFERENCES articles(id), n INTEGER NOT NULL,
    type TEXT NOT NULL, acled TEXT NOT NULL, trigger TEXT NOT NULL,
    date TEXT, date_from TEXT, date_to TEXT,
    place TEXT, place_canonical TEXT, lat REAL, lon REAL,
    agent TEXT, agent_canonical TEXT, target TEXT, target_canonical TEXT,
    killed INTEGER, injured INTEGER, arrested INTEGER, attribution INTEGER, negated INTEGER NOT NULL,
    PRIMARY KEY (article, n)) WITHOUT ROWID;
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date_from);
CREATE TABLE times (
    article INTEGER NOT NULL REFERENCES articles(id), n INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL,
    value TEXT NOT NULL, date_from TEXT, date_to TEXT, relative INTEGER NOT NULL, hijri TEXT,
    PRIMARY KEY (article, n)) WITHOUT ROWID;
"#;

/// The full-text index, fed with rasid's own folded words (crate::terms), never raw text: FTS5's
/// tokenizer only splits them at spaces. That is the `ascii` tokenizer's work: every non-ASCII
/// character is part of a word, ASCII punctuation and spaces separate. `unicode61` looked every
/// Arabic letter up in its Unicode tables and was 86% of the index's cost. Contentless: the text
/// lives in articles; rowid = articles.id.
const FTS_SCHEMA: &str = "CREATE VIRTUAL TABLE fts USING fts5(base, stem, content='', \
    contentless_delete=1, tokenize='ascii');";

/// BM25 column weights: a shared base counts, a shared stem a third as much («التفاوض»
/// "negotiating" is found for «المفاوضات» "the negotiations" but ranks below the articles that
/// have the word itself, which match on both columns).
const BM25: &str = "bm25(fts, 1.0, 0.3)";

/// The page size of a new store (an existing one keeps its own). SQLite's default, 4 KiB,
/// cost a third more of the writer's CPU on the ANT corpus: an article's text and analysis
/// spilled into overflow pages, and each page is a WAL frame with its own checksum and write.
const PAGE_SIZE: i64 = 16384;

/// The `meta` key under which a bulk load ([`SqliteStore::begin_bulk`]) records the indexes it
/// dropped, as a JSON array of `[name, sql]`: while it is there, any writable open of the store
/// ends the bulk load, so an interrupted one never leaves a store without them for long.
const DROPPED_INDEXES: &str = "dropped_indexes";

/// The page cache of a writable connection, as `PRAGMA cache_size` has it (negative: KiB).
const WRITER_CACHE_KIB: i64 = -65536;

pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens the store at `path`, creating it if the file does not exist.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(open_err)?;
        // Before WAL mode, which fixes the page size: it only applies to a new file.
        conn.pragma_update(None, "page_size", PAGE_SIZE).map_err(open_err)?;
        // WAL: readers do not block the writer, and a commit is one append to the log.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        SqliteStore::setup(conn, path.to_path_buf())
    }

    /// Opens an existing store for reading only: searches, exports, and the look-ups an
    /// ingest makes beside its writer. Fails if there is no store at `path`; never creates or
    /// migrates one.
    pub fn open_reader(path: &Path) -> Result<SqliteStore, StoreError> {
        use rusqlite::OpenFlags;
        let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(open_err)?;
        match schema_version(&conn).map_err(open_err)? {
            None => Err(StoreError::NotAStore { path: path.to_path_buf() }),
            Some(v) if v > SCHEMA_VERSION => {
                Err(StoreError::NewerSchema { path: path.to_path_buf(), found: v, supported: SCHEMA_VERSION })
            }
            Some(v) if v < SCHEMA_VERSION => {
                Err(StoreError::OlderSchema { path: path.to_path_buf(), found: v, current: SCHEMA_VERSION })
            }
            Some(_) => {
                rusqlite::vtab::array::load_module(&conn).map_err(open_err)?;
                // Readers map the file (pages shared through the OS cache, not copied by a read
                // per page: a third of a facet query's time on the ANT store) and keep a page
                // cache of up to 16 MB each.
                conn.pragma_update(None, "mmap_size", 1i64 << 30).map_err(open_err)?;
                conn.pragma_update(None, "cache_size", -16384).map_err(open_err)?;
                Ok(SqliteStore { conn })
            }
        }
    }

    /// A store in memory, for tests and examples.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let conn = Connection::open_in_memory()
            .map_err(|source| StoreError::Open { path: ":memory:".into(), source })?;
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(|source| StoreError::Open { path: ":memory:".into(), source })?;
        SqliteStore::setup(conn, ":memory:".into())
    }

    fn setup(conn: Connection, path: PathBuf) -> Result<SqliteStore, StoreError> {
        let open_err = |source| StoreError::Open { path: path.clone(), source };
        conn.pragma_update(None, "synchronous", "FULL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        // A page cache of up to 64 MB (SQLite's default is 2 MB): writing 5,000 ANT articles took
        // 1.36-1.50 s of CPU against 1.62-1.92 s with the default, which spills dirty pages
        // mid-transaction and reads index pages back for every batch; 256 MB gained nothing more.
        conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB).map_err(open_err)?;
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(open_err)?;
        // `rarray(?)`: a list of ids as a table (search facets).
        rusqlite::vtab::array::load_module(&conn).map_err(open_err)?;
        let has_meta: bool = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'", [], |r| {
                r.get::<_, i64>(0).map(|n| n > 0)
            })
            .map_err(open_err)?;
        if !has_meta {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(open_err)?;
            if tables > 0 {
                return Err(StoreError::NotAStore { path });
            }
            conn.execute_batch(&format!(
                "BEGIN; {SCHEMA} {FTS_SCHEMA} INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}'); COMMIT;"
            ))
            .map_err(open_err)?;
        }
        let Some(found) = schema_version(&conn).map_err(open_err)? else {
            return Err(StoreError::NotAStore { path });
        };
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { path, found, supported: SCHEMA_VERSION });
        }
        let mut s = SqliteStore { conn };
        s.migrate(found)?;
        // A bulk load that was interrupted is finished now.
        s.end_bulk()?;
        Ok(s)
    }

    /// Brings an older schema up to [`SCHEMA_VERSION`], in one transaction: a store is either
    /// migrated or left as it was.
    fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        if from >= SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self.conn.transaction().what("starting a migration")?;
        if from < 2 {
            // Version 1 stored the analysis as plain JSON: still read as it is.
            // Entity names are matched by canonical id now, not by a folded name column.
            tx.execute_batch(
                "ALTER TABLE attributions ADD COLUMN speaker_fold TEXT;
                 CREATE INDEX attributions_speaker_fold ON attributions(speaker_fold);
                 DROP INDEX entities_name;
                 ALTER TABLE entities DROP COLUMN name_fold;",
            )
            .what("adding the speaker column")?;
            {
                let mut get = tx
                    .prepare("SELECT article, n, coalesce(speaker_resolved, speaker) FROM attributions")
                    .what("reading speakers")?;
                let rows: Vec<(i64, i64, Option<String>)> = get
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .what("reading speakers")?
                    .collect::<Result<_, _>>()
                    .what("reading speakers")?;
                let mut set = tx
                    .prepare("UPDATE attributions SET speaker_fold = ?3 WHERE article = ?1 AND n = ?2")
                    .what("folding speakers")?;
                for (article, n, speaker) in rows {
                    set.execute(params![article, n, speaker.as_deref().map(speaker_fold)])
                        .what("folding speakers")?;
                }
            }
            // The index gains the stem column: rebuilt from the stored texts.
            tx.execute_batch(&format!("DROP TABLE fts; {FTS_SCHEMA}")).what("recreating the index")?;
            {
                let mut get = tx.prepare("SELECT id, text FROM articles").what("reading texts")?;
                let mut put = tx
                    .prepare("INSERT INTO fts (rowid, base, stem) VALUES (?1, ?2, ?3)")
                    .what("reindexing")?;
                let mut rows = get.query([]).what("reading texts")?;
                while let Some(r) = rows.next().what("reading texts")? {
                    let id: i64 = r.get(0).what("reading texts")?;
                    let text: String = r.get(1).what("reading texts")?;
                    let c = crate::terms::index_columns(&terms(&text));
                    put.execute(params![id, c.base, c.stem]).what("reindexing")?;
                }
            }
        }
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'schema_version'", [SCHEMA_VERSION.to_string()])
            .what("recording the schema version")?;
        tx.commit().what("committing a migration")
    }

    /// Starts a bulk load: drops the secondary indexes (not the URL and hash look-ups that
    /// [`Store::put`] needs), so that the batches that follow append rows without updating an
    /// index B-tree at a random place for each, and has the full-text index merge 16 segments at
    /// a time instead of 4, so that each batch's terms are not merged again and again as the
    /// index grows. [`SqliteStore::end_bulk`] builds each index in one sort and sets the merges
    /// back. Worth it when the load is large
    /// beside what the store holds (the rebuild reads every row): `rasid ingest` uses it for a
    /// store that is empty or small beside its input.
    ///
    /// What was dropped is recorded in `meta` in the same transaction, and any writable open
    /// finishes the bulk load, so a killed load leaves a store that readers can still query
    /// (without those indexes: slower) until it is next
    /// opened for writing. Returns false (and does nothing) when a bulk load is already under
    /// way.
    pub fn begin_bulk(&mut self) -> Result<bool, StoreError> {
        let tx = self.conn.transaction().what("starting a bulk load")?;
        if bulk_record(&tx)?.is_some() {
            return Ok(false);
        }
        let indexes: Vec<(String, String)> = {
            let mut st = tx
                .prepare(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
                     AND tbl_name NOT LIKE 'fts%' ORDER BY name",
                )
                .what("listing indexes")?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .what("listing indexes")?
                .collect::<Result<_, _>>()
                .what("listing indexes")?
        };
        let recorded = serde_json::to_string(&indexes).unwrap_or_default();
        tx.execute("INSERT INTO meta VALUES (?1, ?2)", [DROPPED_INDEXES, &recorded])
            .what("recording the dropped indexes")?;
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))
                .what("dropping an index")?;
        }
        // Merges of 16 segments at a time instead of 4: each batch's terms are rewritten once
        // or twice over the load instead of at every level. They run during the load, beside
        // the analysis, rather than as one merge at its end that the analysis cannot overlap
        // (an `optimize` at the end cost the same CPU and added a second and more to the wall
        // time of an ANT ingest, on one core).
        tx.execute_batch("INSERT INTO fts (fts, rank) VALUES ('automerge', 16);")
            .what("setting the index's merges")?;
        tx.commit().what("starting a bulk load")?;
        // No foreign-key look-up of the article for each of the ~40 rows an article adds:
        // [`Store::put`] writes an article's rows in the transaction that inserts the article,
        // under the id it was just given, so the check cannot fail. It was 6% of the writer's
        // instructions (callgrind, 3,000 ANT articles). Outside a transaction, as SQLite requires;
        // `end_bulk` and every new connection turn the checks back on.
        self.conn.pragma_update(None, "foreign_keys", "OFF").what("starting a bulk load")?;
        Ok(true)
    }

    /// Ends a bulk load ([`SqliteStore::begin_bulk`]), in one transaction: builds the indexes
    /// it dropped and sets the full-text index's merges back. Does nothing when no bulk load is
    /// under way.
    pub fn end_bulk(&mut self) -> Result<(), StoreError> {
        // Every writable open calls this: without a bulk load under way it reads one row.
        if bulk_record(&self.conn)?.is_none() {
            return Ok(());
        }
        // The index builds sort in small runs spilled to temporary files, merged: with the
        // writer's 64 MB page cache and temporary data in memory, SQLite sorted each index in
        // one large in-memory run, and the builds of the ANT corpus's eight indexes took
        // 1.3-1.5 s of CPU instead of 0.72-0.75 s. (Both are connection settings, outside the
        // transaction, put back below.) Sorting on a second thread (`PRAGMA threads`) took the
        // same wall time for a third more CPU.
        self.conn.pragma_update(None, "temp_store", "FILE").what("rebuilding indexes")?;
        self.conn.pragma_update(None, "cache_size", -2048).what("rebuilding indexes")?;
        let ended = self.end_bulk_indexes();
        // Both settings are put back even when the rebuild failed, and the rebuild's error is
        // the one reported: it says what went wrong with the user's data, a failed restore only
        // what went wrong with this connection's memory use.
        let temp = self.conn.pragma_update(None, "temp_store", "MEMORY");
        let cache = self.conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB);
        ended.and(temp.and(cache).what("restoring the writer's settings"))
    }

    fn end_bulk_indexes(&mut self) -> Result<(), StoreError> {
        let tx = self.conn.transaction().what("ending a bulk load")?;
        let Some(recorded) = bulk_record(&tx)? else { return Ok(()) };
        let indexes: Vec<(String, String)> = serde_json::from_str(&recorded).unwrap_or_default();
        for (name, sql) in &indexes {
            let exists: bool = tx
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1",
                    [name],
                    |r| r.get::<_, i64>(0).map(|n| n > 0),
                )
                .what("rebuilding indexes")?;
            if !exists {
                tx.execute_batch(sql).what("rebuilding an index")?;
            }
        }
        // FTS5's default merge setting again.
        tx.execute_batch("INSERT INTO fts (fts, rank) VALUES ('automerge', 4);")
            .what("setting the index's merges")?;
        tx.execute("DELETE FROM meta WHERE key = ?1", [DROPPED_INDEXES]).what("ending a bulk load")?;
        tx.commit().what("ending a bulk load")?;
        self.conn.pragma_update(None, "foreign_keys", "ON").what("ending a bulk load")
    }

    /// The underlying connection, for checks (`PRAGMA integrity_check`) and ad-hoc queries.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// `PRAGMA integrity_check` and the FTS5 index's own check; `Ok(())` when both pass.
    pub fn check(&self) -> Result<(), String> {
        let r: String =
            self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
        if r != "ok" {
            return Err(r);
        }
        self.conn
            .execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0)", [])
            .map_err(|e| format!("FTS index: {e}"))?;
        Ok(())
    }
}

/// Appends the filters as conditions on the articles table (aliased `a`): one function for
/// search, export and every other reader of the collection.
pub(crate) fn where_articles(f: &crate::Filters, sql: &mut String, args: &mut Vec<rusqlite::types::Value>) {
    // Each named filter: the article's id among those with a row of one of the canonical
    // ids the name may stand for, found through the canonical-id indexes.
    let mut named = |name: &Option<String>, ids: &[String], types: &[&str], rows: &str, folded: bool| {
        named_condition(name, ids, types, rows, folded, sql, args)
    };
    named(
        &f.entity,
        &f.entity_ids,
        ENTITY_TYPES,
        " AND a.id IN (SELECT article FROM entities WHERE canonical IN ({ids}))",
        false,
    );
    named(
        &f.place,
        &f.place_ids,
        &["loc"],
        " AND a.id IN (SELECT article FROM entities WHERE type = 'LOC' AND canonical IN ({ids}))",
        false,
    );
    named(
        &f.speaker,
        &f.speaker_ids,
        ENTITY_TYPES,
        " AND a.id IN (SELECT article FROM attributions WHERE speaker_canonical IN ({ids}) OR speaker_fold = ?)",
        true,
    );
    if let Some(o) = &f.outlet {
        sql.push_str(" AND a.source = ? COLLATE NOCASE");
        args.push(o.clone().into());
    }
    date_range("a.published", &f.since, &f.until, sql, args);
    if let Some(t) = f.event {
        sql.push_str(" AND EXISTS (SELECT 1 FROM events v WHERE v.article = a.id AND v.type = ?)");
        args.push(t.name().to_string().into());
    }
}

/// Appends `cond` for a named filter when `name` is given: `{ids}` in it becomes one `?` for
/// each canonical id the name may stand for ([`canonical_candidates`] with the caller's `ids`
/// and `types`); with `folded`, `cond` ends in one more `?`, the name folded.
pub(crate) fn named_condition(
    name: &Option<String>,
    ids: &[String],
    types: &[&str],
    cond: &str,
    folded: bool,
    sql: &mut String,
    args: &mut Vec<rusqlite::types::Value>,
) {
    let Some(name) = name else { return };
    let ids = canonical_candidates(name, ids, types);
    sql.push_str(&cond.replace("{ids}", &vec!["?"; ids.len()].join(", ")));
    args.extend(ids.into_iter().map(Into::into));
    if folded {
        args.push(fold_str(name.trim()).into());
    }
}

/// `SELECT cols` of the articles a query matches, by its words (when it has some) and its
/// filters; `{score}` in `cols` is the BM25 score (0 without words). Returns whether it has
/// words. Search and its facets share it.
pub(crate) fn matches_sql(q: &Query, cols: &str, args: &mut Vec<rusqlite::types::Value>) -> (String, bool) {
    let fts = q.fts();
    let mut sql = match &fts {
        Some(m) => {
            args.push(m.clone().into());
            format!(
                "SELECT {} FROM fts JOIN articles a ON a.id = fts.rowid WHERE fts MATCH ?",
                cols.replace("{score}", &format!("-{BM25}"))
            )
        }
        None => format!("SELECT {} FROM articles a WHERE 1", cols.replace("{score}", "0.0")),
    };
    where_articles(&q.filters, &mut sql, args);
    (sql, fts.is_some())
}

/// `AND` the date column (`YYYY-MM-DD` text) on or after `since` and on or before `until`.
pub(crate) fn date_range(
    col: &str,
    since: &Option<String>,
    until: &Option<String>,
    sql: &mut String,
    args: &mut Vec<rusqlite::types::Value>,
) {
    if let Some(s) = since {
        sql.push_str(&format!(" AND {col} >= ?"));
        args.push(s.clone().into());
    }
    if let Some(u) = until {
        sql.push_str(&format!(" AND {col} <= ?"));
        args.push(u.clone().into());
    }
}

/// The record of a bulk load under way ([`SqliteStore::begin_bulk`]): the indexes it dropped.
fn bulk_record(conn: &Connection) -> Result<Option<String>, StoreError> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [DROPPED_INDEXES], |r| r.get(0))
        .optional()
        .what("reading the bulk load's record")
}

/// The schema version a store records in `meta`; `None` when it records none (or not a number).
fn schema_version(conn: &Connection) -> Result<Option<i64>, rusqlite::Error> {
    let v: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key='schema_version'", [], |r| r.get(0)).optional()?;
    Ok(v.and_then(|v| v.parse().ok()))
}

/// The entity types in the linker's ids for unknown names (`x:<type>:...`).
pub(crate) const ENTITY_TYPES: &[&str] = &["per", "org", "loc", "misc"];

/// The canonical ids a filter's name may stand for: the name itself (given as an id), the ids
/// the caller found for it (the catalogue's), and the id the linker gives a name it does not
/// know, `x:<type>:<folded words joined by ->` («خليفة حفتر» → `x:per:خليفه-حفتر`), for each
/// entity type.
pub(crate) fn canonical_candidates(name: &str, ids: &[String], types: &[&str]) -> Vec<String> {
    let name = name.trim();
    let folded = fold_str(name);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut out = vec![name.to_string()];
    out.extend(ids.iter().cloned());
    if !words.is_empty() {
        out.extend(types.iter().map(|t| format!("x:{t}:{}", words.join("-"))));
    }
    out.sort();
    out.dedup();
    out
}

/// The tables of an article's analysis rows.
const LAYER_TABLES: [&str; 6] =
    ["entities", "identities", "attributions", "contradictions", "events", "times"];

/// The folded form the speaker filter compares: «المتحدث باسم الحكومة» and «المتحدث باسم
/// الحكومه» meet.
fn speaker_fold(s: &str) -> String {
    fold_str(s.trim())
}

fn title(doc: &DocJson) -> Option<String> {
    let b = doc.blocks.iter().find(|b| b.fine_kind() == BlockKind::Title)?;
    let t: String = doc.text.chars().skip(b.start as usize).take((b.end - b.start) as usize).collect();
    Some(t.trim().to_string())
}

fn opt_str<T: serde::Serialize>(v: &T) -> String {
    // Enums of the contract serialise as JSON strings: keep the bare name.
    let s = serde_json::to_string(v).unwrap_or_default();
    s.trim_matches('"').to_string()
}

fn insert_layers(tx: &rusqlite::Transaction, id: i64, d: &DocJson) -> Result<(), rusqlite::Error> {
    let mut st = tx.prepare_cached("INSERT INTO entities VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
    for (n, e) in d.entities.iter().enumerate() {
        let identity =
            e.identity.as_deref().and_then(|i| i.strip_prefix('i')).and_then(|i| i.parse::<i64>().ok());
        st.execute(params![id, n, e.start, e.end, e.kind, e.text, e.canonical, e.name, identity])?;
    }
    // Identities: one row per distinct identity of the article, from its first mention.
    let mut st = tx.prepare_cached(
        "INSERT OR IGNORE INTO identities VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut seen = std::collections::HashSet::new();
    for e in &d.entities {
        let (Some(i), Some(c)) = (e.identity.as_deref().and_then(|i| i.strip_prefix('i')), &e.canonical)
        else {
            continue;
        };
        let Ok(n) = i.parse::<i64>() else { continue };
        if !seen.insert(n) {
            continue;
        }
        let p = e.place.as_ref();
        st.execute(params![
            id,
            n,
            c,
            e.name,
            e.name_en,
            e.kind,
            e.known,
            p.map(|p| p.lat),
            p.map(|p| p.lon),
            p.and_then(|p| p.country.clone())
        ])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO attributions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for (n, a) in d.attributions.iter().enumerate() {
        st.execute(params![
            id,
            n,
            a.cue.text,
            a.cue.start,
            a.cue.end,
            a.speaker.text,
            a.speaker.resolved,
            a.speaker.canonical,
            a.speaker.anonymous,
            a.content.text,
            a.content.start,
            a.content.end,
            opt_str(&a.polarity),
            a.direct,
            a.via.as_ref().map(|v| v.text.clone()),
            a.kind.map(|k| opt_str(&k)),
            a.parent,
            a.speaker.resolved.as_deref().or(a.speaker.text.as_deref()).map(speaker_fold)
        ])?;
    }
    let mut st = tx.prepare_cached("INSERT INTO contradictions VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (n, c) in d.contradictions.iter().enumerate() {
        st.execute(params![
            id,
            n,
            c.claim,
            serde_json::to_string(&c.affirm).unwrap_or_default(),
            serde_json::to_string(&c.deny).unwrap_or_default()
        ])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?;
    for (n, e) in d.events.iter().enumerate() {
        let time = e.time.and_then(|t| d.times.get(t));
        let place = e.place.as_ref();
        let loc = place.and_then(|p| p.place.as_ref());
        st.execute(params![
            id,
            n,
            e.kind.name(),
            e.acled,
            e.trigger.text,
            e.date,
            time.and_then(|t| t.from.clone()),
            time.and_then(|t| t.to.clone()),
            place.map(|p| p.text.clone()),
            place.and_then(|p| p.canonical.clone()),
            loc.map(|l| l.lat),
            loc.map(|l| l.lon),
            e.agent.as_ref().map(|a| a.text.clone()),
            e.agent.as_ref().and_then(|a| a.canonical.clone()),
            e.target.as_ref().map(|a| a.text.clone()),
            e.target.as_ref().and_then(|a| a.canonical.clone()),
            e.killed,
            e.injured,
            e.arrested,
            e.attribution,
            e.negated
        ])?;
    }
    let mut st =
        tx.prepare_cached("INSERT INTO times VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?;
    for (n, t) in d.times.iter().enumerate() {
        st.execute(params![
            id,
            n,
            t.start,
            t.end,
            t.text,
            opt_str(&t.kind),
            t.value,
            t.from,
            t.to,
            t.relative,
            t.hijri
        ])?;
    }
    Ok(())
}

impl Store for SqliteStore {
    fn put(&mut self, docs: &[Prepared]) -> Result<Vec<Put>, StoreError> {
        let tx = self.conn.transaction().what("starting a batch")?;
        let mut out = Vec::with_capacity(docs.len());
        {
            let mut by_url =
                tx.prepare_cached("SELECT id FROM articles WHERE url = ?1").what("looking up a URL")?;
            let mut by_hash = tx
                .prepare_cached("SELECT id FROM articles WHERE hash = ?1")
                .what("looking up a content hash")?;
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO articles (doc, url, source, title, published, hash, text, analysis)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .what("preparing the article insert")?;
            let mut fts = tx
                .prepare_cached("INSERT INTO fts (rowid, base, stem) VALUES (?1, ?2, ?3)")
                .what("preparing the index insert")?;
            for p in docs {
                let d = &p.doc;
                let url = d.meta.url.as_deref().filter(|u| !u.is_empty());
                if let Some(u) = url
                    && let Some(of) =
                        by_url.query_row([u], |r| r.get(0)).optional().what("looking up a URL")?
                {
                    out.push(Put::Duplicate { of, by: DuplicateBy::Url });
                    continue;
                }
                if let Some(of) =
                    by_hash.query_row([&p.hash[..]], |r| r.get(0)).optional().what("looking up a hash")?
                {
                    out.push(Put::Duplicate { of, by: DuplicateBy::Content });
                    continue;
                }
                let published = d.published.clone().or_else(|| d.meta.published.clone());
                ins.execute(params![
                    d.doc,
                    url,
                    d.meta.source,
                    title(d),
                    published,
                    &p.hash[..],
                    d.text,
                    p.analysis
                ])
                .what("inserting an article")?;
                let id = tx.last_insert_rowid();
                let c = &p.index;
                fts.execute(params![id, c.base, c.stem]).what("indexing an article")?;
                insert_layers(&tx, id, d).what("inserting analysis rows")?;
                out.push(Put::Stored { id });
            }
        }
        tx.commit().what("committing a batch")?;
        Ok(out)
    }

    fn stored_as(&self, url: Option<&str>, text: &str) -> Result<Option<(i64, DuplicateBy)>, StoreError> {
        if let Some(u) = url.filter(|u| !u.is_empty()) {
            let mut st = self
                .conn
                .prepare_cached("SELECT id FROM articles WHERE url = ?1")
                .what("looking up a URL")?;
            return Ok(st
                .query_row([u], |r| r.get(0))
                .optional()
                .what("looking up a URL")?
                .map(|id| (id, DuplicateBy::Url)));
        }
        let hash = crate::terms::content_hash(text);
        let mut st =
            self.conn.prepare_cached("SELECT id FROM articles WHERE hash = ?1").what("looking up a hash")?;
        Ok(st
            .query_row([&hash[..]], |r| r.get(0))
            .optional()
            .what("looking up a hash")?
            .map(|id| (id, DuplicateBy::Content)))
    }

    fn search(&self, q: &Query) -> Result<Vec<Hit>, StoreError> {
        q.check()?;
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        // The best `limit` articles are picked by id and score alone, then their rows read: a
        // sort that carried every match's text cost a query matching 13,000 ANT articles most
        // of its time.
        let (sql, words) =
            matches_sql(q, "a.id AS id, {score} AS score, a.published AS published", &mut args);
        let order = if words { "score DESC, id" } else { "published DESC, id" };
        let sql = format!(
            "SELECT a.id, a.doc, a.url, a.source, a.title, a.published, a.text, best.score
             FROM ({sql} ORDER BY {order} LIMIT ?) AS best JOIN articles a ON a.id = best.id
             ORDER BY {}",
            if words { "best.score DESC, a.id" } else { "a.published DESC, a.id" }
        );
        args.push((q.limit.min(i64::MAX as usize) as i64).into());
        let mut st = self.conn.prepare(&sql).what("preparing a search")?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((
                    Hit {
                        id: r.get(0)?,
                        doc: r.get(1)?,
                        url: r.get(2)?,
                        source: r.get(3)?,
                        title: r.get(4)?,
                        published: r.get(5)?,
                        score: r.get(7)?,
                        snippet: String::new(),
                        highlights: Vec::new(),
                    },
                    r.get::<_, String>(6)?,
                ))
            })
            .what("searching")?;
        let mut hits = Vec::new();
        for row in rows {
            let (mut hit, text) = row.what("reading a search result")?;
            let (s, h) = snippet(&text, q);
            hit.snippet = s;
            hit.highlights = h;
            hits.push(hit);
        }
        Ok(hits)
    }

    fn ids(&self) -> Result<Vec<i64>, StoreError> {
        let mut st = self.conn.prepare("SELECT id FROM articles ORDER BY id").what("listing articles")?;
        let ids = st
            .query_map([], |r| r.get(0))
            .what("listing articles")?
            .collect::<Result<Vec<i64>, _>>()
            .what("listing articles")?;
        Ok(ids)
    }

    fn replace(&mut self, batch: &[(i64, Prepared)]) -> Result<usize, StoreError> {
        let tx = self.conn.transaction().what("starting a batch")?;
        let mut n = 0;
        {
            let mut update = tx
                .prepare_cached("UPDATE articles SET title = ?2, analysis = ?3 WHERE id = ?1")
                .what("preparing the article update")?;
            let mut unindex = tx.prepare_cached("DELETE FROM fts WHERE rowid = ?1").what("unindexing")?;
            let mut index = tx
                .prepare_cached("INSERT INTO fts (rowid, base, stem) VALUES (?1, ?2, ?3)")
                .what("preparing the index insert")?;
            for (id, p) in batch {
                if update.execute(params![id, title(&p.doc), p.analysis]).what("updating an article")? == 0 {
                    continue;
                }
                for t in LAYER_TABLES {
                    tx.prepare_cached(&format!("DELETE FROM {t} WHERE article = ?1"))
                        .and_then(|mut st| st.execute([id]))
                        .what("deleting analysis rows")?;
                }
                unindex.execute([id]).what("unindexing")?;
                index.execute(params![id, p.index.base, p.index.stem]).what("indexing an article")?;
                insert_layers(&tx, *id, &p.doc).what("inserting analysis rows")?;
                n += 1;
            }
        }
        tx.commit().what("committing a batch")?;
        Ok(n)
    }

    fn delete(&mut self, id: i64) -> Result<bool, StoreError> {
        let tx = self.conn.transaction().what("starting a deletion")?;
        for t in LAYER_TABLES {
            tx.execute(&format!("DELETE FROM {t} WHERE article = ?1"), [id])
                .what("deleting analysis rows")?;
        }
        tx.execute("DELETE FROM fts WHERE rowid = ?1", [id]).what("unindexing")?;
        let n = tx.execute("DELETE FROM articles WHERE id = ?1", [id]).what("deleting an article")?;
        tx.commit().what("committing a deletion")?;
        Ok(n > 0)
    }

    fn article(&self, id: i64) -> Result<Option<DocJson>, StoreError> {
        let row: Option<(String, Vec<u8>)> = self
            .conn
            .query_row("SELECT text, CAST(analysis AS BLOB) FROM articles WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .what("reading an article")?;
        let Some((text, analysis)) = row else { return Ok(None) };
        crate::unpack_analysis(&analysis, text).map(Some).map_err(|source| StoreError::Corrupt { id, source })
    }

    fn claims(&self, q: &crate::ClaimQuery) -> Result<Vec<crate::Claim>, StoreError> {
        q.check()?;
        let mut rows = crate::claims::load(&self.conn, &q.scope.since, &q.scope.until)?;
        rows.entity_ids = q.scope.entity_ids();
        Ok(crate::claims::group(&rows, q))
    }

    fn stories(&self, q: &crate::StoryQuery) -> Result<Vec<crate::Story>, StoreError> {
        q.check()?;
        let ids = q.scope.entity_ids();
        Ok(crate::stories::group(&crate::stories::load(&self.conn, &q.scope.since, &q.scope.until)?, q, &ids))
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        let count = |t: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .what("counting rows")
        };
        Ok(Stats {
            articles: count("articles")?,
            entities: count("entities")?,
            identities: count("identities")?,
            attributions: count("attributions")?,
            contradictions: count("contradictions")?,
            events: count("events")?,
            times: count("times")?,
            text_bytes: self
                .conn
                .query_row("SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM articles", [], |r| {
                    r.get::<_, i64>(0)
                })
                .what("summing text sizes")? as u64,
        })
    }
}

/// Words of context in a snippet.
const SNIPPET_WORDS: usize = 24;

/// The passage of `text` with the most query words in a window of [`SNIPPET_WORDS`] words, and
/// the matched words' code-point ranges inside it. Matching is by the same terms as the index
/// (base or stem), so what is highlighted is what matched.
fn snippet(text: &str, q: &Query) -> (String, Vec<(u32, u32)>) {
    let words = terms(text);
    if words.is_empty() {
        return (String::new(), Vec::new());
    }
    let wanted: Vec<&Term> = q.groups.iter().flatten().collect();
    let hit: Vec<bool> =
        words.iter().map(|w| wanted.iter().any(|t| w.base == t.base || w.stem == t.stem)).collect();
    // Best window by a running count.
    let n = SNIPPET_WORDS.min(words.len());
    let mut count: usize = hit[..n].iter().filter(|&&h| h).count();
    let (mut best, mut best_at) = (count, 0);
    for i in n..words.len() {
        count += hit[i] as usize;
        count -= hit[i - n] as usize;
        if count > best {
            best = count;
            best_at = i + 1 - n;
        }
    }
    // Start a little before the first match, so it is read in context.
    let first = (best_at..best_at + n).find(|&i| hit[i]).unwrap_or(best_at);
    let start = first.saturating_sub(4).max(best_at.min(first));
    let end = (start + n).min(words.len());
    let (from, to) = (words[start].span.start as usize, words[end - 1].span.end as usize);
    let passage = &text[from..to];
    let mut highlights = Vec::new();
    for i in start..end {
        if hit[i] {
            let s = &words[i].span;
            let a = passage[..s.start as usize - from].chars().count() as u32;
            let b = a + text[s.range()].chars().count() as u32;
            highlights.push((a, b));
        }
    }
    // Line breaks become spaces one for one, so the code-point ranges still hold.
    let mut out: String = passage.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    if start > 0 {
        out.insert_str(0, "… ");
        highlights.iter_mut().for_each(|h| {
            h.0 += 2;
            h.1 += 2;
        });
    }
    if end < words.len() {
        out.push_str(" …");
    }
    (out, highlights)
}
