//! The stages `rasid` runs, in order.

use rasid_arabic::{clitics::CliticStage, sentences::SentenceSplitter, tokenize::Tokenizer};
use rasid_core::Pipeline;
use rasid_extract::structure::Structure;

/// The text layer: tokens, clitics, blocks, sentences. Later layers are added by their issues.
pub fn text_layer() -> Pipeline {
    Pipeline::builder()
        .stage(Tokenizer)
        .stage(CliticStage::new())
        .stage(Structure::new())
        .stage(SentenceSplitter)
        .build()
        .expect("the built-in pipeline is ordered")
}
