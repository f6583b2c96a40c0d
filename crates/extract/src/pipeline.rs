//! The stages rasid runs, in order: one place that the CLI, the benchmarks, the fuzz target
//! (and later the server and workers) build their pipeline from.
//!
//! ```
//! use rasid_core::Doc;
//! let p = rasid_extract::pipeline::text_layer();
//! let mut doc = Doc::new("d", "لماذا الآن؟\nقال الوزير إن الوضع مستقر."); // "why now? The minister said ..."
//! p.run(&mut doc).unwrap();
//! assert_eq!(doc.blocks.len(), 2);
//! assert_eq!(doc.sentences.len(), 2);
//! ```

use crate::attribution::AttributionStage;
use crate::event::EventStage;
use crate::link::LinkStage;
use crate::structure::Structure;
use crate::time::TimeStage;
use rasid_arabic::{clitics::CliticStage, sentences::SentenceSplitter, tokenize::Tokenizer};
use rasid_core::{Pipeline, PipelineBuilder};
use rasid_ner::{NerError, NerStage};

/// The text layer: tokens, clitics, blocks, sentences. Later layers are added by their issues.
pub fn text_layer() -> Pipeline {
    text_stages().build().expect("the built-in pipeline is ordered")
}

fn text_stages() -> PipelineBuilder {
    Pipeline::builder()
        .stage(Tokenizer)
        .stage(CliticStage::new())
        .stage(Structure::new())
        .stage(SentenceSplitter)
}

/// Everything `rasid analyze` runs: the text layer, named entities, entity links (identities,
/// coreference, places), time expressions, attributions and contradictions, events. Fails only
/// if the
/// embedded NER model cannot be read (a broken build).
///
/// ```
/// use rasid_core::Doc;
/// let p = rasid_extract::pipeline::analysis().unwrap();
/// // "Fayez al-Sarraj arrived in Tripoli."
/// let mut doc = Doc::new("d", "ووصل فايز السراج إلى طرابلس.");
/// p.run(&mut doc).unwrap();
/// let found: Vec<(&str, &str)> = doc.entities.iter().map(|e| (e.ty.name(), doc.slice(e.span))).collect();
/// assert!(found.contains(&("LOC", "طرابلس")), "{found:?}");
/// ```
pub fn analysis() -> Result<Pipeline, NerError> {
    analysis_with_links(LinkStage::new())
}

/// [`analysis`] with a given linking stage (another catalogue: tests, a curated table being
/// written).
pub fn analysis_with_links(links: LinkStage) -> Result<Pipeline, NerError> {
    Ok(text_stages()
        .stage(NerStage::new()?)
        .stage(links)
        .stage(TimeStage::new())
        .stage(AttributionStage::new())
        .stage(EventStage::new())
        .build()
        .expect("the built-in pipeline is ordered"))
}
