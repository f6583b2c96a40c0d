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
//! use rasid_core::{Doc, DocJson, JsonOptions, Span};
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

pub mod browse;
pub mod claims;
mod error;
pub mod export;
mod query;
mod similar;
mod sqlite;
pub mod stories;
pub mod terms;

pub use browse::{
    Alias, ArticleList, ArticleMeta, Browse, Entity, EntityPage, Event, EventQuery, FacetValue, Facets,
    MonthCount, Outlet, Place, Speaker, Statement, StatementQuery,
};
pub use claims::{Claim, ClaimQuery, ClaimSource, Scope};
pub use error::StoreError;
pub use export::{ArticleRecord, AttributionRecord, EventRecord, Export, PlaceRecord};
pub use query::{Filters, Query, event_type};
pub use sqlite::{SCHEMA_VERSION, SqliteStore};
pub use stories::{Story, StoryArticle, StoryQuery};

use rasid_core::{Doc, DocJson, JsonOptions, Span};
use serde::Serialize;

/// An article ready to be written: its analysis and what the index needs, computed off the
/// writer's thread.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub doc: DocJson,
    /// SHA-256 of the normalised text ([`terms::content_hash`]).
    pub hash: [u8; 32],
    /// The index columns ([`terms::index_columns`]): folded surface forms, bases and stems.
    pub index: terms::Columns,
    /// The stored analysis: the JSON contract without its text (the text is its own column),
    /// deflated ([`pack_analysis`]). Serialised and compressed here, in parallel, rather than by
    /// the single writer: at under a third of the size it is also under a third of the bytes to
    /// write.
    pub analysis: Vec<u8>,
}

impl Prepared {
    /// From the JSON contract alone: tokenizes, folds and segments the text again.
    pub fn new(mut doc: DocJson) -> Prepared {
        let t = terms::terms(&doc.text);
        let index = terms::index_columns(&t);
        let analysis = pack_analysis(&mut doc);
        Prepared { hash: terms::content_hash(&doc.text), index, analysis, doc }
    }

    /// From an analysed document: the same result as [`Prepared::new`], reusing the pipeline's
    /// tokens, folds and clitic segmentations instead of computing them again.
    pub fn from_doc(doc: &Doc) -> Prepared {
        let index = terms::doc_columns(doc);
        let hash = terms::content_hash_of_doc(doc);
        let mut doc = DocJson::from_doc(doc, JsonOptions::default());
        let analysis = pack_analysis(&mut doc);
        Prepared { hash, index, analysis, doc }
    }
}

/// The document to analyse again for a stored article: its text, metadata and, as hints, the
/// blocks found when it was first read (titles, captions, paragraphs), so that a re-analysis
/// sees the article as the first one did.
pub fn doc_for_reanalysis(stored: &DocJson) -> Doc {
    let mut meta = stored.meta.clone();
    if meta.published.is_none() {
        meta.published = stored.published.clone();
    }
    let mut doc = Doc::new(stored.doc.clone(), stored.text.clone()).with_meta(meta);
    // Code-point offsets (the contract's) to byte spans.
    let bytes: Vec<u32> = stored
        .text
        .char_indices()
        .map(|(b, _)| b as u32)
        .chain(std::iter::once(stored.text.len() as u32))
        .collect();
    let at = |cp: u32| bytes.get(cp as usize).copied();
    doc.block_hints = stored
        .blocks
        .iter()
        .filter_map(|b| {
            Some(rasid_core::Block {
                kind: b.fine_kind(),
                span: Span::new(at(b.start)?, at(b.end)?),
                lang: b.lang,
            })
        })
        .collect();
    doc
}

/// zstd level of the stored analyses: level 1 is the fastest of the ones that compress well.
const ZSTD_LEVEL: i32 = 1;

/// The stored form of an analysis: the JSON contract with an empty `text` (the text is stored
/// on its own), compressed with zstd. `doc` is left as it was. [`unpack_analysis`] reads it
/// back.
///
/// Each thread keeps one compressor: a new compression context per article would cost more
/// than the compression (zeroing its tables was a tenth of `rasid ingest`'s time with deflate).
pub fn pack_analysis(doc: &mut DocJson) -> Vec<u8> {
    thread_local! {
        static Z: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    let text = std::mem::take(&mut doc.text);
    // Serialising plain data into a Vec cannot fail.
    let json = serde_json::to_vec(&*doc).unwrap_or_default();
    doc.text = text;
    Z.with(|z| {
        let mut z = z.borrow_mut();
        if z.is_none() {
            *z = zstd::bulk::Compressor::new(ZSTD_LEVEL).ok();
        }
        z.as_mut().and_then(|c| c.compress(&json).ok())
    })
    // Without a compressor (zstd could not allocate one), the plain JSON: it reads back too.
    .unwrap_or(json)
}

/// The analysis stored by [`pack_analysis`], with its `text` put back. Also reads plain JSON,
/// as stores of schema version 1 hold it.
pub fn unpack_analysis(stored: &[u8], text: String) -> Result<DocJson, UnpackError> {
    let mut doc: DocJson = if stored.first() == Some(&b'{') {
        serde_json::from_slice(stored)?
    } else {
        serde_json::from_slice(&zstd::decode_all(stored)?)?
    };
    doc.text = text;
    Ok(doc)
}

/// A stored analysis that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum UnpackError {
    #[error("not zstd: {0}")]
    Zstd(#[from] std::io::Error),
    #[error("not the JSON contract: {0}")]
    Json(#[from] serde_json::Error),
}

/// What happened to one article of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Put {
    /// Stored under this article number.
    Stored { id: i64 },
    /// Already in the store as article `of` (same URL or same normalised content).
    Duplicate { of: i64, by: DuplicateBy },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DuplicateBy {
    Url,
    Content,
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// A collection of analysed articles with search, whose records can be read out
/// ([`Export`]: articles, attributions, events, places, streamed).
pub trait Store: Export + Browse {
    /// Writes a batch in one transaction: either every new article of it is committed, or none.
    /// Articles already present (same URL or same normalised content, also within the batch)
    /// are not written again. Outcomes are in the order of `docs`.
    fn put(&mut self, docs: &[Prepared]) -> Result<Vec<Put>, StoreError>;

    /// The stored article an incoming one repeats, looked up before analysing it: by its URL
    /// when it has one, else by its normalised text ([`terms::content_hash`]). [`Store::put`]
    /// checks both again.
    fn stored_as(&self, url: Option<&str>, text: &str) -> Result<Option<(i64, DuplicateBy)>, StoreError>;

    /// Articles matching the query's words and filters, best first.
    fn search(&self, q: &Query) -> Result<Vec<Hit>, StoreError>;

    /// The stored articles' numbers, in order.
    fn ids(&self) -> Result<Vec<i64>, StoreError>;

    /// Replaces the analysis of stored articles (after a model change: `rasid reindex`), in one
    /// transaction: their layer rows, index terms and stored analysis. Text, URL and content
    /// hash stay. Numbers not in the store are skipped; returns how many were replaced.
    fn replace(&mut self, batch: &[(i64, Prepared)]) -> Result<usize, StoreError>;

    /// Removes an article with its rows and index terms, in one transaction; false when there
    /// is no such article.
    fn delete(&mut self, id: i64) -> Result<bool, StoreError>;

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
