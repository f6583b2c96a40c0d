//! Storage and search of analysed articles.
//!
//! [`Store`] is the interface every backend implements; [`SqliteStore`] is the embedded default
//! (one SQLite file, e.g. `rasid.db`, with an FTS5 full-text index). A PostgreSQL backend for
//! teams will implement the same trait.
//!
//! Articles go in as the JSON contract ([`DocJson`], spec/output.md) so that a backend depends on
//! the published output, not on the pipeline's internal layers. [`Prepared::new`] does the
//! per-article work (search terms, content hash) and is meant to run in parallel; the write
//! itself is serial, one transaction per batch.
//!
//! ```
//! use rasid_core::{Doc, DocJson, JsonOptions};
//! use rasid_store::{Prepared, Query, SqliteStore, Store};
//!
//! let mut store = SqliteStore::open_in_memory().unwrap();
//! // «وقالت الحكومة» "and the government said"
//! let doc = DocJson::from_doc(&Doc::new("a1", "وقالت الحكومة إن المفاوضات مستمرة"), JsonOptions::default());
//! store.put(&[Prepared::new(doc)]).unwrap();
//! // «حكومة» "government" finds «الحكومة» "the government".
//! let hits = store.search(&Query::parse("حكومة").unwrap()).unwrap();
//! assert_eq!(hits[0].doc, "a1");
//! ```

pub mod claims;
mod error;
mod query;
mod similar;
mod sqlite;
pub mod stories;
pub mod terms;

pub use claims::{Claim, ClaimQuery, ClaimSource};
pub use error::StoreError;
pub use query::{Filters, Query, event_type};
pub use sqlite::{SCHEMA_VERSION, SqliteStore};
pub use stories::{Story, StoryArticle, StoryQuery};

use rasid_core::{Doc, DocJson, JsonOptions};
use serde::Serialize;

/// An article ready to be written: its analysis and what the index needs, computed off the
/// writer's thread.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub doc: DocJson,
    /// SHA-256 of the normalised text ([`terms::content_hash`]).
    pub hash: [u8; 32],
    /// The index columns ([`terms::index_columns`]): folded surface forms and bases.
    pub surface: String,
    pub base: String,
    /// The stored analysis: the JSON contract without its text (the text is its own column).
    /// Serialised here, in parallel, rather than by the single writer.
    pub analysis: String,
}

impl Prepared {
    /// From the JSON contract alone: tokenizes, folds and segments the text again.
    pub fn new(doc: DocJson) -> Prepared {
        let t = terms::terms(&doc.text);
        let (surface, base) = terms::index_columns(&t);
        Prepared { hash: terms::content_hash(&doc.text), surface, base, analysis: analysis_json(&doc), doc }
    }

    /// From an analysed document: the same result as [`Prepared::new`], reusing the pipeline's
    /// tokens, folds and clitic segmentations instead of computing them again.
    pub fn from_doc(doc: &Doc) -> Prepared {
        let t = terms::doc_terms(doc);
        let (surface, base) = terms::index_columns(&t);
        let hash = terms::content_hash_of_doc(doc);
        let doc = DocJson::from_doc(doc, JsonOptions::default());
        Prepared { hash, surface, base, analysis: analysis_json(&doc), doc }
    }
}

/// The JSON contract without `text`.
fn analysis_json(d: &DocJson) -> String {
    let mut j = serde_json::to_value(d).unwrap_or_default();
    if let Some(o) = j.as_object_mut() {
        o.remove("text");
    }
    j.to_string()
}

/// What happened to one article of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Put {
    /// Stored under this article number.
    Stored { id: i64 },
    /// Already in the store as article `of` (same URL or same normalised content).
    Duplicate { of: i64, by: DuplicateBy },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DuplicateBy {
    Url,
    Content,
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The store's article number.
    pub id: i64,
    /// The article's own id (file stem, JSON Lines `id`).
    pub doc: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// BM25 score (higher is better); 0 when the query has no words (filters only).
    pub score: f64,
    /// A passage around the best cluster of matches.
    pub snippet: String,
    /// Matched words in `snippet`, as half-open code-point ranges.
    pub highlights: Vec<(u32, u32)>,
}

/// Row counts of the store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub entities: u64,
    pub identities: u64,
    pub attributions: u64,
    pub contradictions: u64,
    pub events: u64,
    pub times: u64,
    /// Bytes of article text stored.
    pub text_bytes: u64,
}

/// A collection of analysed articles with search.
pub trait Store {
    /// Writes a batch in one transaction: either every new article of it is committed, or none.
    /// Articles already present (same URL or same normalised content, also within the batch)
    /// are not written again. Outcomes are in the order of `docs`.
    fn put(&mut self, docs: &[Prepared]) -> Result<Vec<Put>, StoreError>;

    /// Articles matching the query's words and filters, best first.
    fn search(&self, q: &Query) -> Result<Vec<Hit>, StoreError>;

    /// The stored analysis of one article.
    fn article(&self, id: i64) -> Result<Option<DocJson>, StoreError>;

    fn stats(&self) -> Result<Stats, StoreError>;

    /// Claims that attributions in different articles make, with who affirms and who denies
    /// them, best first ([`claims`]). A backend loads [`claims::Rows`] and calls
    /// [`claims::group`].
    fn claims(&self, q: &ClaimQuery) -> Result<Vec<Claim>, StoreError>;

    /// Articles of different outlets that report the same story ([`stories`]). A backend loads
    /// [`stories::LeadRow`]s and calls [`stories::group`].
    fn stories(&self, q: &StoryQuery) -> Result<Vec<Story>, StoreError>;
}
