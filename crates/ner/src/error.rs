//! The crate's error type.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum NerError {
    /// The cause is the error's source (shown after the path by `{:#}` and error chains).
    #[error("{path}")]
    Io { path: PathBuf, source: std::io::Error },
    /// A line of a `token TAG` file that cannot be read.
    #[error("{path}:{line}: {reason}")]
    Format { path: PathBuf, line: usize, reason: String },
    /// A model file that is not one this version writes.
    #[error("{what}: {reason}")]
    Model { what: String, reason: String },
    /// The model built into the binary cannot be read (a broken build).
    #[error("the embedded NER model: {0}")]
    Embedded(String),
    #[error("no training sentences in {path}")]
    NoData { path: PathBuf },
    #[error(transparent)]
    Clusters(#[from] crate::clusters::ClusterError),
    #[error(transparent)]
    Gazetteer(#[from] crate::gazetteer::GazError),
}
