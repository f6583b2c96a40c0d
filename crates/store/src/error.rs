use std::path::PathBuf;

/// Errors of the store. [`StoreError::is_user_error`] separates what the caller got wrong (a bad
/// query or filter, a file that is not a store) from failures of the store itself.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be opened or set up as a store.
    #[error("{path}: cannot open the store: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The store was written by a newer rasid.
    #[error(
        "{path}: the store has schema version {found}, this rasid reads up to {supported}: use a newer rasid"
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    /// The store has an older schema and was opened read-only, so it cannot be migrated.
    #[error(
        "{path}: the store has schema version {found}, this rasid writes {current}: open it once for writing (`rasid ingest` or `rasid reindex`) to migrate it"
    )]
    OlderSchema { path: PathBuf, found: i64, current: i64 },
    /// The file is an SQLite database but not a rasid store.
    #[error("{path}: not a rasid store (it has tables but no rasid schema version)")]
    NotAStore { path: PathBuf },
    /// An SQL operation failed (I/O, a full disk, a corrupt file).
    #[error("store: {what}: {source}")]
    Sql {
        what: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    /// Stored analysis that cannot be read back.
    #[error("store: article {id}: stored analysis unreadable: {source}")]
    Corrupt {
        id: i64,
        #[source]
        source: crate::UnpackError,
    },
    /// A query that cannot be run: nothing to search for, an unbalanced quote.
    #[error("bad query: {reason}")]
    BadQuery { reason: String },
    /// A filter value that cannot be right (a date that is not a date, an unknown event type).
    #[error("bad filter --{filter} {value:?}: {reason}")]
    BadFilter { filter: &'static str, value: String, reason: String },
}

impl StoreError {
    /// True for mistakes of the caller (HTTP 4xx, CLI exit code 2), false for internal failures.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            StoreError::BadQuery { .. }
                | StoreError::BadFilter { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::OlderSchema { .. }
                | StoreError::NotAStore { .. }
        )
    }
}

/// Attaches what was being done to an SQL error.
pub(crate) trait SqlContext<T> {
    fn what(self, what: &'static str) -> Result<T, StoreError>;
}

impl<T> SqlContext<T> for Result<T, rusqlite::Error> {
    fn what(self, what: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sql { what, source })
    }
}
