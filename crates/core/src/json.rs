//! The JSON contract of `rasid analyze --json` (spec/output.md).
//!
//! Offsets here are **Unicode code points** into the text as read (BOM removed), computed once
//! from the byte spans of the layers by [`CodePoints`]. Fields named in the spec are a contract;
//! extra fields (`meta`, `tokens`) may be added freely.

use crate::layers::{BlockKind, EventType, Lang, Polarity, Relation, TimeKind, TokenKind};
use crate::{Doc, Meta, Span};
use serde::{Deserialize, Serialize};

/// Maps byte offsets to code-point offsets in O(1) after an O(n) build.
pub struct CodePoints {
    /// `at[b]` = number of code points that start before byte `b`.
    at: Vec<u32>,
}

impl CodePoints {
    pub fn new(text: &str) -> CodePoints {
        let mut at = Vec::with_capacity(text.len() + 1);
        let mut n = 0u32;
        for b in text.as_bytes() {
            at.push(n);
            // Every byte that is not a UTF-8 continuation byte starts a code point.
            if (b & 0xC0) != 0x80 {
                n += 1;
            }
        }
        at.push(n);
        CodePoints { at }
    }

    #[inline]
    pub fn cp(&self, byte: u32) -> u32 {
        self.at[byte as usize]
    }

    pub fn span(&self, s: Span) -> (u32, u32) {
        (self.cp(s.start), self.cp(s.end))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpanJson {
    pub start: u32,
    pub end: u32,
}

/// A block. `kind` keeps to the contract's list (spec/output.md); kinds rasid knows beyond it
/// (`byline`) are written as `other` with the finer kind in `role`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockJson {
    pub kind: BlockKind,
    pub start: u32,
    pub end: u32,
    pub lang: Lang,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<BlockKind>,
}

impl BlockJson {
    /// The block's own kind: `role` where the contract's `kind` is coarser.
    pub fn fine_kind(&self) -> BlockKind {
        self.role.unwrap_or(self.kind)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextSpanJson {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityJson {
    pub id: String,
    pub start: u32,
    pub end: u32,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub canonical: Option<String>,
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Whether `canonical` is a catalogue entry (else an id from the normalised name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known: Option<bool>,
    /// Mentions of one identity share it (`i0`, `i1` ...): within-article coreference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceJson>,
}

/// Where a place is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceJson {
    pub lat: f64,
    pub lon: f64,
    pub country: Option<String>,
    pub geonames: Option<u32>,
    pub population: u64,
    /// For a place the catalogue lacks: the place the text attaches it to, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<NearJson>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearJson {
    pub canonical: String,
    pub name: String,
    pub relation: Relation,
}

/// A time expression (`times[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeJson {
    pub start: u32,
    pub end: u32,
    pub text: String,
    pub kind: TimeKind,
    pub value: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub relative: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hijri: Option<String>,
}

/// An event participant or place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArgJson {
    pub start: u32,
    pub end: u32,
    pub text: String,
    /// The entity mention (`e3`) when the words are one.
    pub entity: Option<String>,
    pub canonical: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceJson>,
}

/// An event (`events[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventJson {
    pub trigger: TextSpanJson,
    #[serde(rename = "type")]
    pub kind: EventType,
    /// The ACLED event type it falls under.
    pub acled: String,
    pub agent: Option<ArgJson>,
    pub target: Option<ArgJson>,
    pub place: Option<ArgJson>,
    /// Index into `times`.
    pub time: Option<usize>,
    /// The event's normalised date or range (the time's value).
    pub date: Option<String>,
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    pub arrested: Option<u32>,
    /// Index into `attributions` when the event is reported inside one (a claim, not a fact).
    pub attribution: Option<usize>,
    pub negated: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeakerJson {
    pub start: Option<u32>,
    pub end: Option<u32>,
    pub text: Option<String>,
    pub resolved: Option<String>,
    pub anonymous: bool,
    pub entity: Option<String>,
    /// The speaker's identity (`africom`, `x:per:...`) when the speaker is a linked entity, so
    /// that statements can be gathered per speaker across articles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributionJson {
    pub cue: TextSpanJson,
    pub speaker: SpeakerJson,
    pub content: TextSpanJson,
    pub polarity: Polarity,
    pub direct: bool,
    pub via: Option<TextSpanJson>,
    /// What carries the reporting meaning (`verb`, `participle`, `noun`, `marker`, `colon`,
    /// `passive`, `light`): beyond the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<crate::layers::CueKind>,
    /// Index of the attribution this one is reported inside: beyond the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContradictionJson {
    pub claim: String,
    pub affirm: Vec<usize>,
    pub deny: Vec<usize>,
}

/// One clitic part of a word token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartJson {
    pub role: PartRole,
    pub start: u32,
    pub end: u32,
    /// The clitic's dictionary form (`ال` for the article even where written `ل`), or the
    /// base's text.
    pub form: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartRole {
    Proclitic,
    Base,
    Enclitic,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenJson {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartJson>,
}

/// The whole output object for one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocJson {
    pub doc: String,
    pub published: Option<String>,
    /// The article text every offset points into: the file as read (BOM removed) for plain
    /// text; for HTML and JSON Lines, the text rasid assembled (title, blank line, blocks).
    pub text: String,
    pub blocks: Vec<BlockJson>,
    pub sentences: Vec<SpanJson>,
    pub entities: Vec<EntityJson>,
    pub attributions: Vec<AttributionJson>,
    pub contradictions: Vec<ContradictionJson>,
    pub events: Vec<EventJson>,
    pub times: Vec<TimeJson>,
    /// Everything else known about the article (url, source, byline, input format ...).
    pub meta: Meta,
    /// Present with `--tokens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<TokenJson>>,
}

/// What to include beyond the contract.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonOptions {
    pub tokens: bool,
}

impl DocJson {
    pub fn from_doc(doc: &Doc, opts: JsonOptions) -> DocJson {
        let cp = CodePoints::new(doc.text());
        let tokens = opts.tokens.then(|| {
            doc.tokens
                .iter()
                .map(|t| {
                    let (start, end) = cp.span(t.span);
                    let mut parts = Vec::new();
                    if !t.seg.is_whole() {
                        for (p, s) in t.seg.proclitics(t.span) {
                            let (a, b) = cp.span(s);
                            parts.push(PartJson {
                                role: PartRole::Proclitic,
                                start: a,
                                end: b,
                                form: p.form().into(),
                            });
                        }
                        // «بها» "with it" is ب + ها: no base is left between the clitics.
                        let base = t.seg.base(t.span);
                        if !base.is_empty() {
                            let (a, b) = cp.span(base);
                            parts.push(PartJson {
                                role: PartRole::Base,
                                start: a,
                                end: b,
                                form: doc.slice(base).into(),
                            });
                        }
                        if let Some((_, s)) = t.seg.enclitic(t.span) {
                            let (a, b) = cp.span(s);
                            parts.push(PartJson {
                                role: PartRole::Enclitic,
                                start: a,
                                end: b,
                                form: doc.slice(s).into(),
                            });
                        }
                    }
                    TokenJson { start, end, kind: t.kind, text: doc.slice(t.span).into(), parts }
                })
                .collect()
        });
        DocJson {
            doc: doc.id.clone(),
            published: doc.meta.published.clone(),
            text: doc.text().to_string(),
            blocks: doc
                .blocks
                .iter()
                .map(|b| {
                    let (start, end) = cp.span(b.span);
                    let (kind, role) = match b.kind {
                        BlockKind::Byline => (BlockKind::Other, Some(BlockKind::Byline)),
                        k => (k, None),
                    };
                    BlockJson { kind, start, end, lang: b.lang, role }
                })
                .collect(),
            sentences: doc
                .sentences
                .iter()
                .map(|s| {
                    let (start, end) = cp.span(s.span);
                    SpanJson { start, end }
                })
                .collect(),
            entities: doc
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let (start, end) = cp.span(e.span);
                    let id = e.identity.and_then(|i| doc.identities.get(i as usize));
                    EntityJson {
                        id: format!("e{i}"),
                        start,
                        end,
                        text: doc.slice(e.span).into(),
                        kind: e.ty.name().into(),
                        canonical: id.map(|x| x.canonical.clone()),
                        name: id.map(|x| x.name.clone()),
                        name_en: id.and_then(|x| x.name_en.clone()),
                        known: id.map(|x| x.known),
                        identity: e.identity.map(|i| format!("i{i}")),
                        place: id.and_then(|x| place_json(doc, x)),
                    }
                })
                .collect(),
            attributions: doc
                .attributions
                .iter()
                .map(|a| {
                    let text_span = |s: Span| {
                        let (start, end) = cp.span(s);
                        TextSpanJson { start, end, text: doc.slice(s).into() }
                    };
                    let sp = a.speaker.map(|s| cp.span(s));
                    let speaker_text = a.speaker.map(|s| doc.slice(s).to_string());
                    // The resolved name: the antecedent's words; the mention itself when it is
                    // its own most specific name; "unknown" for a passive with nothing known.
                    // A name written as a hashtag reads as words: «#تركي_المالكي» → «تركي المالكي».
                    let resolved = match (a.resolved, &speaker_text) {
                        (Some(r), _) => Some(doc.slice(r).replace('#', "").replace('_', " ")),
                        (None, Some(t)) => Some(t.clone()),
                        (None, None) => Some("unknown".to_string()),
                    };
                    AttributionJson {
                        cue: text_span(a.cue),
                        speaker: SpeakerJson {
                            start: sp.map(|x| x.0),
                            end: sp.map(|x| x.1),
                            text: speaker_text,
                            resolved,
                            anonymous: a.anonymous,
                            entity: a.entity.map(|e| format!("e{e}")),
                            canonical: a
                                .entity
                                .and_then(|e| doc.entities.get(e as usize))
                                .and_then(|e| e.identity)
                                .and_then(|i| doc.identities.get(i as usize))
                                .map(|x| x.canonical.clone()),
                        },
                        content: text_span(a.content),
                        polarity: a.polarity,
                        direct: a.direct,
                        via: a.via.map(text_span),
                        kind: Some(a.kind),
                        parent: a.parent,
                    }
                })
                .collect(),
            contradictions: doc
                .contradictions
                .iter()
                .map(|c| ContradictionJson {
                    claim: doc.slice(c.claim).to_string(),
                    affirm: c.affirm.iter().map(|&i| i as usize).collect(),
                    deny: c.deny.iter().map(|&i| i as usize).collect(),
                })
                .collect(),
            events: doc
                .events
                .iter()
                .map(|ev| {
                    let arg = |a: &crate::Arg| {
                        let (start, end) = cp.span(a.span);
                        let id = a
                            .entity
                            .and_then(|e| doc.entities.get(e as usize))
                            .and_then(|e| e.identity)
                            .and_then(|i| doc.identities.get(i as usize));
                        ArgJson {
                            start,
                            end,
                            text: doc.slice(a.span).into(),
                            entity: a.entity.map(|e| format!("e{e}")),
                            canonical: id.map(|x| x.canonical.clone()),
                            place: id.and_then(|x| place_json(doc, x)),
                        }
                    };
                    let (start, end) = cp.span(ev.trigger);
                    EventJson {
                        trigger: TextSpanJson { start, end, text: doc.slice(ev.trigger).into() },
                        kind: ev.ty,
                        acled: ev.ty.acled().into(),
                        agent: ev.agent.as_ref().map(arg),
                        target: ev.target.as_ref().map(arg),
                        place: ev.place.as_ref().map(arg),
                        time: ev.time.map(|t| t as usize),
                        date: ev.date.clone(),
                        killed: ev.killed,
                        injured: ev.injured,
                        arrested: ev.arrested,
                        attribution: ev.attribution.map(|a| a as usize),
                        negated: ev.negated,
                    }
                })
                .collect(),
            times: doc
                .times
                .iter()
                .map(|t| {
                    let (start, end) = cp.span(t.span);
                    TimeJson {
                        start,
                        end,
                        text: doc.slice(t.span).into(),
                        kind: t.kind,
                        value: t.value.clone(),
                        from: t.from.clone(),
                        to: t.to.clone(),
                        relative: t.relative,
                        hijri: t.hijri.clone(),
                    }
                })
                .collect(),
            meta: doc.meta.clone(),
            tokens,
        }
    }
}

/// The place of an identity, with the identity it is attached to named.
fn place_json(doc: &Doc, id: &crate::Identity) -> Option<PlaceJson> {
    let p = id.place.as_ref()?;
    Some(PlaceJson {
        lat: p.lat,
        lon: p.lon,
        country: p.country.clone(),
        geonames: p.geonames,
        population: p.population,
        near: p.near.and_then(|n| {
            let to = doc.identities.get(n.identity as usize)?;
            Some(NearJson { canonical: to.canonical.clone(), name: to.name.clone(), relation: n.relation })
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_to_the_contract_kinds() {
        let mut d = Doc::new("d", "بقلم: سارة\n\nنص");
        d.blocks = vec![
            crate::Block { kind: BlockKind::Byline, span: Span::new(0, 18), lang: Lang::Ar },
            crate::Block { kind: BlockKind::Paragraph, span: Span::new(20, 24), lang: Lang::Ar },
        ];
        let j = DocJson::from_doc(&d, JsonOptions::default());
        let v = serde_json::to_value(&j).unwrap();
        assert_eq!(v["blocks"][0]["kind"], "other");
        assert_eq!(v["blocks"][0]["role"], "byline");
        assert!(v["blocks"][1].get("role").is_none());
        assert_eq!(j.blocks[0].fine_kind(), BlockKind::Byline);
        assert_eq!((j.blocks[1].start, j.blocks[1].end), (12, 14));
    }

    #[test]
    fn code_points_count_arabic_letters_once() {
        let t = "aب c";
        let cp = CodePoints::new(t);
        assert_eq!(cp.cp(0), 0);
        assert_eq!(cp.cp(1), 1);
        assert_eq!(cp.cp(3), 2); // after the two-byte ب
        assert_eq!(cp.cp(t.len() as u32), 4);
    }
}
