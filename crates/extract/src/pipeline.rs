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

use crate::structure::Structure;
use rasid_arabic::{clitics::CliticStage, sentences::SentenceSplitter, tokenize::Tokenizer};
use rasid_core::Pipeline;

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
