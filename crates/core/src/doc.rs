//! The document: immutable text plus layers.

use crate::Span;
use crate::layers::{
    Attribution, Block, Contradiction, Entity, Event, Identity, Layer, LayerSet, Sentence, TimeExpr, Token,
};
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
    /// The structure stage keeps their kinds, except `Paragraph` hints, whose boundaries it keeps
    /// but whose kind it decides from the text (a `<p>` may hold a dateline or a source line);
    /// text outside every hint is classified from the text alone.
    pub block_hints: Vec<Block>,
    pub blocks: Vec<Block>,
    pub tokens: Vec<Token>,
    /// The lossy fold of every token's text, concatenated, and where each ends: filled with the
    /// tokens (by the tokenizer) so that later stages match words without folding them again.
    folds: String,
    fold_ends: Vec<u32>,
    pub sentences: Vec<Sentence>,
    /// Named-entity mentions, sorted and disjoint.
    pub entities: Vec<Entity>,
    /// Identities that entity mentions link to ([`Entity::identity`]), in order of first mention.
    pub identities: Vec<Identity>,
    /// Time expressions, sorted and disjoint.
    pub times: Vec<TimeExpr>,
    /// Events in text order of their triggers.
    pub events: Vec<Event>,
    /// Attributions in text order of their cues.
    pub attributions: Vec<Attribution>,
    /// Groups of attributions that affirm and deny the same claim.
    pub contradictions: Vec<Contradiction>,
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

    /// The text of each sentence's tokens, sentence by sentence: what a sequence tagger reads.
    /// A sentence whose token range is out of bounds (which [`Doc::validate`] rules out) gives
    /// no words rather than a panic.
    pub fn sentence_words(&self) -> Vec<Vec<&str>> {
        self.sentences
            .iter()
            .map(|s| {
                let toks = self.tokens.get(s.tokens.0 as usize..s.tokens.1 as usize).unwrap_or_default();
                toks.iter().map(|t| self.text.get(t.span.range()).unwrap_or("")).collect()
            })
            .collect()
    }

    /// The layers assigned so far.
    pub fn assigned(&self) -> LayerSet {
        self.assigned
    }

    /// Sets the tokens' folded forms: `ends[i]` is where token `i`'s fold ends in `folds`.
    /// Checked with the tokens layer ([`Doc::validate_layer`]).
    pub fn set_token_folds(&mut self, folds: String, ends: Vec<u32>) {
        self.folds = folds;
        self.fold_ends = ends;
    }

    /// Token `i`'s folded form, when the tokenizer recorded the folds (`None` for tokens set by
    /// hand, or out of range).
    #[inline]
    pub fn token_fold(&self, i: usize) -> Option<&str> {
        if self.fold_ends.len() != self.tokens.len() {
            return None;
        }
        let end = *self.fold_ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.fold_ends[i - 1] as usize };
        self.folds.get(start..end)
    }

    /// Records that a layer is now filled in (called by the pipeline after a stage runs).
    pub(crate) fn mark(&mut self, layer: Layer) {
        self.assigned.insert(layer);
    }

    /// Checks every layer's invariants (see [`Doc::validate_layer`]).
    pub fn validate(&self) -> Result<(), InvalidSpan> {
        Layer::ALL.iter().try_for_each(|&l| self.validate_layer(l))
    }

    /// Checks one layer's invariants: spans in bounds and on character boundaries; blocks,
    /// tokens and sentences sorted, disjoint and non-empty; segmentations inside their token;
    /// sentence token ranges consistent. The pipeline checks the layers a stage assigns right
    /// after it runs, so a buggy stage is caught at that stage rather than as a panic (or wrong
    /// offsets) at the output edge.
    pub fn validate_layer(&self, layer: Layer) -> Result<(), InvalidSpan> {
        match layer {
            // Block hints are input, not a layer: the structure stage ignores invalid ones.
            Layer::Blocks => self.check_sorted(Layer::Blocks, self.blocks.iter().map(|b| b.span)),
            Layer::Tokens => {
                self.check_sorted(Layer::Tokens, self.tokens.iter().map(|t| t.span))?;
                if !self.fold_ends.is_empty() {
                    let ok = self.fold_ends.len() == self.tokens.len()
                        && self.fold_ends.windows(2).all(|w| w[0] <= w[1])
                        && self.fold_ends.iter().all(|&e| self.folds.is_char_boundary(e as usize));
                    if !ok {
                        return Err(self.invalid(
                            Layer::Tokens,
                            0,
                            Span::new(0, 0),
                            "has folds that do not fit the tokens",
                        ));
                    }
                }
                Ok(())
            }
            Layer::Segments => {
                for (i, tok) in self.tokens.iter().enumerate().filter(|(_, t)| !t.seg.is_whole()) {
                    if !tok.seg.fits(tok.span) {
                        return Err(self.invalid(
                            Layer::Segments,
                            i,
                            tok.span,
                            "has clitics longer than the token",
                        ));
                    }
                    let parts = tok
                        .seg
                        .proclitics(tok.span)
                        .map(|(_, s)| s)
                        .chain([tok.seg.base(tok.span)])
                        .chain(tok.seg.enclitic(tok.span).map(|(_, s)| s));
                    for s in parts {
                        self.check_span(Layer::Segments, i, s)?;
                    }
                }
                Ok(())
            }
            Layer::Sentences => {
                self.check_sorted(Layer::Sentences, self.sentences.iter().map(|s| s.span))?;
                let mut prev_tok = 0;
                for (i, s) in self.sentences.iter().enumerate() {
                    let (a, b) = s.tokens;
                    if a > b || b as usize > self.tokens.len() || a < prev_tok {
                        return Err(self.invalid(
                            Layer::Sentences,
                            i,
                            s.span,
                            "has a token range out of order",
                        ));
                    }
                    if self.tokens[a as usize..b as usize].iter().any(|tk| !s.span.contains(tk.span)) {
                        return Err(self.invalid(Layer::Sentences, i, s.span, "does not contain its tokens"));
                    }
                    prev_tok = b;
                }
                Ok(())
            }
            Layer::Entities => {
                self.check_sorted(Layer::Entities, self.entities.iter().map(|e| e.span))?;
                for (i, e) in self.entities.iter().enumerate() {
                    let (a, b) = e.tokens;
                    if a >= b || b as usize > self.tokens.len() {
                        return Err(self.invalid(Layer::Entities, i, e.span, "has a bad token range"));
                    }
                    let outer =
                        Span::new(self.tokens[a as usize].span.start, self.tokens[b as usize - 1].span.end);
                    if !outer.contains(e.span) {
                        return Err(self.invalid(Layer::Entities, i, e.span, "is not inside its tokens"));
                    }
                }
                Ok(())
            }
            Layer::Attributions => {
                for (i, a) in self.attributions.iter().enumerate() {
                    let spans = [Some(a.cue), a.speaker, a.resolved, Some(a.content), a.via];
                    for s in spans.into_iter().flatten() {
                        self.check_span(Layer::Attributions, i, s)?;
                    }
                    if a.entity.is_some_and(|e| e as usize >= self.entities.len()) {
                        return Err(self.invalid(
                            Layer::Attributions,
                            i,
                            a.cue,
                            "names an entity that does not exist",
                        ));
                    }
                    if a.parent.is_some_and(|p| p as usize >= self.attributions.len()) {
                        return Err(self.invalid(
                            Layer::Attributions,
                            i,
                            a.cue,
                            "has a parent that does not exist",
                        ));
                    }
                }
                let n = self.attributions.len();
                for (i, c) in self.contradictions.iter().enumerate() {
                    self.check_span(Layer::Attributions, i, c.claim)?;
                    if c.affirm.iter().chain(&c.deny).any(|&x| x as usize >= n) {
                        return Err(self.invalid(
                            Layer::Attributions,
                            i,
                            c.claim,
                            "groups an attribution that does not exist",
                        ));
                    }
                }
                Ok(())
            }
            Layer::Links => {
                let n = self.identities.len();
                for (i, e) in self.entities.iter().enumerate() {
                    if e.identity.is_some_and(|x| x as usize >= n) {
                        return Err(self.invalid(
                            Layer::Links,
                            i,
                            e.span,
                            "links an identity that does not exist",
                        ));
                    }
                }
                for (i, id) in self.identities.iter().enumerate() {
                    if let Some(near) = id.place.as_ref().and_then(|p| p.near)
                        && near.identity as usize >= n
                    {
                        return Err(self.invalid(
                            Layer::Links,
                            i,
                            Span::new(0, 0),
                            "is near an identity that does not exist",
                        ));
                    }
                }
                Ok(())
            }
            Layer::Times => self.check_sorted(Layer::Times, self.times.iter().map(|t| t.span)),
            Layer::Events => {
                for (i, ev) in self.events.iter().enumerate() {
                    self.check_span(Layer::Events, i, ev.trigger)?;
                    for a in [ev.agent, ev.target, ev.place].into_iter().flatten() {
                        self.check_span(Layer::Events, i, a.span)?;
                        if a.entity.is_some_and(|e| e as usize >= self.entities.len()) {
                            return Err(self.invalid(
                                Layer::Events,
                                i,
                                ev.trigger,
                                "names an entity that does not exist",
                            ));
                        }
                    }
                    if ev.time.is_some_and(|t| t as usize >= self.times.len()) {
                        return Err(self.invalid(
                            Layer::Events,
                            i,
                            ev.trigger,
                            "names a time that does not exist",
                        ));
                    }
                    if ev.attribution.is_some_and(|a| a as usize >= self.attributions.len()) {
                        return Err(self.invalid(
                            Layer::Events,
                            i,
                            ev.trigger,
                            "names an attribution that does not exist",
                        ));
                    }
                }
                Ok(())
            }
            Layer::Text => Ok(()),
        }
    }

    fn invalid(&self, layer: Layer, index: usize, s: Span, problem: &'static str) -> InvalidSpan {
        InvalidSpan { layer, index, start: s.start, end: s.end, len: self.text.len(), problem }
    }

    /// In bounds and on character boundaries.
    fn check_span(&self, layer: Layer, index: usize, s: Span) -> Result<(), InvalidSpan> {
        if s.start > s.end || s.end as usize > self.text.len() {
            return Err(self.invalid(layer, index, s, "is out of bounds"));
        }
        if !self.text.is_char_boundary(s.start as usize) || !self.text.is_char_boundary(s.end as usize) {
            return Err(self.invalid(layer, index, s, "is not on a character boundary"));
        }
        Ok(())
    }

    /// Every span valid and non-empty, each starting at or after the end of the one before.
    fn check_sorted(&self, layer: Layer, spans: impl Iterator<Item = Span>) -> Result<(), InvalidSpan> {
        let mut prev = 0;
        for (i, s) in spans.enumerate() {
            self.check_span(layer, i, s)?;
            if s.is_empty() {
                return Err(self.invalid(layer, i, s, "is empty"));
            }
            if s.start < prev {
                return Err(self.invalid(layer, i, s, "overlaps or precedes the previous one"));
            }
            prev = s.end;
        }
        Ok(())
    }
}
