//! rasid's document model: an immutable article text, typed annotation layers over byte spans,
//! stages that declare what they need and provide, a pipeline that checks their order, and the
//! JSON contract that `rasid analyze --json` emits.
//!
//! ```
//! use rasid_core::{Doc, Layer, Pipeline, Span, Stage, StageError, Token, TokenKind};
//!
//! /// Splits on ASCII spaces: a toy tokenizer, just to show the shape of a stage.
//! struct Spaces;
//! impl Stage for Spaces {
//!     fn name(&self) -> &'static str { "spaces" }
//!     fn requires(&self) -> &'static [Layer] { &[] }
//!     fn assigns(&self) -> &'static [Layer] { &[Layer::Tokens] }
//!     fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
//!         let mut at = 0;
//!         let mut toks = Vec::new();
//!         for w in doc.text().split(' ') {
//!             if !w.is_empty() {
//!                 toks.push(Token::new(Span::from_range(at..at + w.len()), TokenKind::Arabic));
//!             }
//!             at += w.len() + 1;
//!         }
//!         doc.tokens = toks;
//!         Ok(())
//!     }
//! }
//!
//! let pipeline = Pipeline::builder().stage(Spaces).build().unwrap();
//! let mut doc = Doc::new("d1", "قال الناطق"); // "the spokesman said"
//! pipeline.run(&mut doc).unwrap();
//! assert_eq!(doc.slice(doc.tokens[1].span), "الناطق");
//! ```

pub mod doc;
pub mod json;
pub mod layers;
pub mod span;
pub mod stage;

pub use doc::{Doc, InvalidSpan, Meta};
pub use json::{CodePoints, DocJson, JsonOptions};
pub use layers::{
    Arg, Attribution, Block, BlockKind, Contradiction, CueKind, Enclitic, Entity, EntityType, Event,
    EventType, Identity, Lang, Layer, LayerSet, Near, Place, Polarity, Proclitic, Relation, Segmentation,
    Sentence, TimeExpr, TimeKind, Token, TokenKind,
};
pub use span::Span;
pub use stage::{DocError, Pipeline, PipelineBuilder, PipelineError, Stage, StageError};
