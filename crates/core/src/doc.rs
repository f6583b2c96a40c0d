//! The document: immutable text plus layers.

use crate::Span;
use crate::layers::{Block, Layer, LayerSet, Sentence, Token};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What is known about an article besides its text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    pub url: Option<String>,
    /// The outlet (e.g. `aljazeera.net`, `BBC`).
    pub source: Option<String>,
    pub byline: Option<String>,
    /// The input's own format (`text`, `html`, `jsonl`) and, for legacy input, the decoded
    /// encoding (`windows-1256`).
    pub format: Option<String>,
    pub encoding: Option<String>,
    /// Fields of a JSON Lines record that rasid does not interpret, kept as they were.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One article and all it has been annotated with.
///
/// The text is set once at construction and never rewritten: every layer points into it with
/// byte [`Span`]s, and normalised forms are computed beside it, never in place.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    /// Stable identifier (file stem, JSONL `id`).
    pub id: String,
    text: String,
    pub meta: Meta,
    /// Blocks known from the input's own markup (HTML headline, `<figcaption>`, JSONL `title`).
    /// The structure stage trusts them and classifies the rest from the text alone.
    pub block_hints: Vec<Block>,
    pub blocks: Vec<Block>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    assigned: LayerSet,
}

/// A broken layer invariant found by [`Doc::validate`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{layer} #{index}: span {start}..{end} {problem} (text is {len} bytes)")]
pub struct InvalidSpan {
    pub layer: Layer,
    pub index: usize,
    pub start: u32,
    pub end: u32,
    pub len: usize,
    pub problem: &'static str,
}

impl Doc {
    /// Maximum article size in bytes: spans are `u32`, and no news article comes near this.
    pub const MAX_LEN: usize = u32::MAX as usize;

    /// Builds a document. Panics only if `text` is over 4 GiB, which ingestion rejects first.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Doc {
        let text = text.into();
        assert!(text.len() <= Self::MAX_LEN, "document over 4 GiB reached Doc::new");
        Doc { id: id.into(), text, assigned: LayerSet::empty().with(Layer::Text), ..Doc::default() }
    }

    pub fn with_meta(mut self, meta: Meta) -> Doc {
        self.meta = meta;
        self
    }

    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text under a span (zero-copy). Panics on a span that breaks the invariant, which
    /// [`Doc::validate`] rules out after every stage.
    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The layers assigned so far.
    pub fn assigned(&self) -> LayerSet {
        self.assigned
    }

    /// Records that a layer is now filled in (called by the pipeline after a stage runs).
    pub fn mark(&mut self, layer: Layer) {
        self.assigned.insert(layer);
    }

    /// The tokens of a sentence.
    pub fn sentence_tokens(&self, s: &Sentence) -> &[Token] {
        &self.tokens[s.tokens.0 as usize..s.tokens.1 as usize]
    }

    /// Checks every layer's invariants: spans in bounds and on character boundaries, blocks and
    /// tokens and sentences sorted and disjoint, segmentations inside their token, sentence token
    /// ranges consistent. The pipeline calls it after each stage, so a buggy stage is caught at
    /// the stage rather than as a panic (or wrong offsets) at the output edge.
    pub fn validate(&self) -> Result<(), InvalidSpan> {
        let t = &self.text;
        let check = |layer: Layer, index: usize, s: Span, prev_end: u32| -> Result<(), InvalidSpan> {
            let err =
                |problem| InvalidSpan { layer, index, start: s.start, end: s.end, len: t.len(), problem };
            if s.start > s.end || s.end as usize > t.len() {
                return Err(err("is out of bounds"));
            }
            if !t.is_char_boundary(s.start as usize) || !t.is_char_boundary(s.end as usize) {
                return Err(err("is not on a character boundary"));
            }
            if s.start < prev_end {
                return Err(err("overlaps or precedes the previous one"));
            }
            Ok(())
        };
        let mut prev = 0;
        for (i, b) in self.block_hints.iter().enumerate() {
            check(Layer::Blocks, i, b.span, prev)?;
            prev = b.span.end;
        }
        prev = 0;
        for (i, b) in self.blocks.iter().enumerate() {
            check(Layer::Blocks, i, b.span, prev)?;
            prev = b.span.end;
        }
        prev = 0;
        for (i, tok) in self.tokens.iter().enumerate() {
            check(Layer::Tokens, i, tok.span, prev)?;
            if tok.span.is_empty() {
                return Err(InvalidSpan {
                    layer: Layer::Tokens,
                    index: i,
                    start: tok.span.start,
                    end: tok.span.end,
                    len: t.len(),
                    problem: "is empty",
                });
            }
            if !tok.seg.is_whole() {
                if !tok.seg.fits(tok.span) {
                    return Err(InvalidSpan {
                        layer: Layer::Segments,
                        index: i,
                        start: tok.span.start,
                        end: tok.span.end,
                        len: t.len(),
                        problem: "has clitics longer than the token",
                    });
                }
                let parts = tok
                    .seg
                    .proclitics(tok.span)
                    .map(|(_, s)| s)
                    .chain([tok.seg.base(tok.span)])
                    .chain(tok.seg.enclitic(tok.span).map(|(_, s)| s));
                for s in parts {
                    check(Layer::Segments, i, s, 0)?;
                }
            }
            prev = tok.span.end;
        }
        prev = 0;
        let mut prev_tok = 0;
        for (i, s) in self.sentences.iter().enumerate() {
            check(Layer::Sentences, i, s.span, prev)?;
            let (a, b) = s.tokens;
            if a > b || b as usize > self.tokens.len() || a < prev_tok {
                return Err(InvalidSpan {
                    layer: Layer::Sentences,
                    index: i,
                    start: s.span.start,
                    end: s.span.end,
                    len: t.len(),
                    problem: "has a token range out of order",
                });
            }
            if self.tokens[a as usize..b as usize].iter().any(|tk| !s.span.contains(tk.span)) {
                return Err(InvalidSpan {
                    layer: Layer::Sentences,
                    index: i,
                    start: s.span.start,
                    end: s.span.end,
                    len: t.len(),
                    problem: "does not contain its tokens",
                });
            }
            prev = s.span.end;
            prev_tok = b;
        }
        Ok(())
    }
}
