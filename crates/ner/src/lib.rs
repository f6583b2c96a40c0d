//! Named-entity recognition for Arabic news: PER, ORG, LOC, MISC.
//!
//! A first-order sequence tagger trained by the project ([`train`]: averaged structured
//! perceptron) over rich features ([`features`]): the lossily folded word and its clitic-free
//! core, affixes, shape, neighbours, hierarchical word clusters learnt from unlabeled news
//! ([`clusters`]) and gazetteer membership ([`gazetteer`]). The shipped model lives in
//! `models/ner/` and is embedded in the binary.
//!
//! ```no_run
//! use rasid_ner::Tagger;
//! let tagger = Tagger::embedded().unwrap();
//! // "Prime Minister Fayez al-Sarraj said in Tripoli"
//! let labels = tagger.tag(&["وقال", "رئيس", "الوزراء", "فايز", "السراج", "في", "طرابلس"]);
//! assert_eq!(labels[6].to_string(), "B-LOC");
//! ```

pub mod clusters;
pub mod conll;
pub mod context;
pub mod crf;
pub mod error;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod label;
pub mod latin;
pub mod lexicon;
pub mod model;
pub mod tagger;
pub mod train;

pub use error::NerError;
pub use label::{EntityType, Label};
pub use tagger::{NerStage, Tagger};
