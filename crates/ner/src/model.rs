//! The trained weights, their file format and Viterbi decoding.
//!
//! A model is a table from feature hash to one weight per label (only the non-zero ones are
//! stored), plus label-to-label transition and start weights. Decoding is first-order Viterbi
//! restricted to well-formed IOB2 sequences (no `I-t` after `O` or after another type).
//!
//! File format (gzip of little-endian fields): magic `RASIDNER`, format version u32, feature
//! version u32, label count u32, pass count u32 (1 or 2), context window u32, flags u32 (bit 0:
//! the corpus lexicon is used); then per pass:
//! start weights, transition weights (row = previous label), the feature count u64, then per
//! feature, sorted by hash: hash u64, label mask u16, and one f32 per set bit of the mask.

use crate::error::NerError;
use crate::features::{FEATURE_VERSION, SentenceFeatures};
use crate::label::{Label, N_LABELS};
use std::io::{Read, Write};

const MAGIC: &[u8; 8] = b"RASIDNER";
const FORMAT_VERSION: u32 = 3;
/// Largest uncompressed model accepted (the shipped one is about 6 MB).
const MAX_INFLATED: u64 = 1 << 30;

pub type Row = [f32; N_LABELS];

/// Open-addressing table from feature hash to a row of label weights.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    /// Open addressing: (hash, index into `data`) side by side, so a probe touches one cache
    /// line for both.
    slots: Vec<(u64, u32)>,
    data: Vec<Row>,
    mask: u64,
}

const EMPTY: u64 = 0;

impl Weights {
    /// Builds the table from (hash, row) pairs; hashes must be distinct and non-zero.
    pub fn from_rows(items: Vec<(u64, Row)>) -> Weights {
        let cap = (items.len() * 2).next_power_of_two().max(16);
        let mut w = Weights {
            slots: vec![(EMPTY, 0); cap],
            data: Vec::with_capacity(items.len()),
            mask: cap as u64 - 1,
        };
        for (h, row) in items {
            let mut i = (h & w.mask) as usize;
            while w.slots[i].0 != EMPTY {
                i = (i + 1) & w.mask as usize;
            }
            w.slots[i] = (h, w.data.len() as u32);
            w.data.push(row);
        }
        w
    }

    #[inline]
    pub fn get(&self, h: u64) -> Option<&Row> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = (h & self.mask) as usize;
        loop {
            let (k, r) = self.slots[i];
            if k == h {
                return Some(&self.data[r as usize]);
            }
            if k == EMPTY {
                return None;
            }
            i = (i + 1) & self.mask as usize;
        }
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// (hash, row) pairs sorted by hash: the serialised order.
    fn sorted(&self) -> Vec<(u64, &Row)> {
        let mut v: Vec<(u64, &Row)> = self
            .slots
            .iter()
            .filter(|(k, _)| *k != EMPTY)
            .map(|(k, r)| (*k, &self.data[*r as usize]))
            .collect();
        v.sort_unstable_by_key(|x| x.0);
        v
    }
}

/// The weights of one tagging pass.
#[derive(Clone, Debug)]
pub struct Pass {
    pub start: Row,
    pub trans: [Row; N_LABELS],
    pub weights: Weights,
}

/// Scores a sentence: emission scores per token and label.
pub fn emissions(weights: &Weights, sf: &SentenceFeatures, out: &mut Vec<Row>) {
    out.clear();
    for i in 0..sf.len() {
        let mut row = [0f32; N_LABELS];
        for &h in sf.token(i) {
            if let Some(w) = weights.get(h) {
                for (r, x) in row.iter_mut().zip(w) {
                    *r += x;
                }
            }
        }
        out.push(row);
    }
}

/// Best well-formed label sequence under emission, start and transition scores.
pub fn viterbi(
    em: &[Row],
    start: &Row,
    trans: &[Row; N_LABELS],
    back: &mut Vec<[u8; N_LABELS]>,
    out: &mut Vec<Label>,
) {
    out.clear();
    back.clear();
    let n = em.len();
    if n == 0 {
        return;
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let mut score = [NEG; N_LABELS];
    for l in Label::all() {
        if l.can_start() {
            score[l.index()] = start[l.index()] + em[0][l.index()];
        }
    }
    back.push([0; N_LABELS]);
    for e in &em[1..] {
        let mut next = [NEG; N_LABELS];
        let mut bp = [0u8; N_LABELS];
        for cur in Label::all() {
            let c = cur.index();
            let mut best = NEG;
            let mut arg = 0u8;
            for prev in Label::all() {
                let p = prev.index();
                if !prev.allows(cur) || score[p] == NEG {
                    continue;
                }
                let s = score[p] + trans[p][c];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            if best > NEG {
                next[c] = best + e[c];
                bp[c] = arg;
            }
        }
        score = next;
        back.push(bp);
    }
    let mut last = 0;
    for l in 1..N_LABELS {
        if score[l] > score[last] {
            last = l;
        }
    }
    out.resize(n, Label::O);
    let mut cur = last;
    for i in (0..n).rev() {
        out[i] = Label::from_index(cur).unwrap_or(Label::O);
        cur = back[i][cur] as usize;
    }
}

impl Pass {
    /// Tags one sentence given its features.
    pub fn decode(
        &self,
        sf: &SentenceFeatures,
        em: &mut Vec<Row>,
        back: &mut Vec<[u8; N_LABELS]>,
        out: &mut Vec<Label>,
    ) {
        emissions(&self.weights, sf, em);
        viterbi(em, &self.start, &self.trans, back, out);
    }

    fn write_body<W: Write>(&self, z: &mut W) -> std::io::Result<()> {
        for x in self.start.iter().chain(self.trans.iter().flatten()) {
            z.write_all(&x.to_le_bytes())?;
        }
        let rows = self.weights.sorted();
        z.write_all(&(rows.len() as u64).to_le_bytes())?;
        for (h, row) in rows {
            let mut mask = 0u16;
            for (l, x) in row.iter().enumerate() {
                if *x != 0.0 {
                    mask |= 1 << l;
                }
            }
            z.write_all(&h.to_le_bytes())?;
            z.write_all(&mask.to_le_bytes())?;
            for x in row.iter().filter(|x| **x != 0.0) {
                z.write_all(&x.to_le_bytes())?;
            }
        }
        Ok(())
    }

    fn read_body(cur: &mut Cursor<'_>, bad: &dyn Fn(String) -> NerError) -> Result<Pass, NerError> {
        let mut start = [0f32; N_LABELS];
        let mut trans = [[0f32; N_LABELS]; N_LABELS];
        for x in start.iter_mut().chain(trans.iter_mut().flatten()) {
            *x = cur.f32().ok_or_else(|| bad("truncated".into()))?;
        }
        let n = cur.u64().ok_or_else(|| bad("truncated".into()))? as usize;
        if n > cur.b.len() / 10 {
            return Err(bad(format!("claims {n} features in {} bytes", cur.b.len())));
        }
        let mut items = Vec::with_capacity(n);
        let mut prev = 0u64;
        for i in 0..n {
            let h = cur.u64().ok_or_else(|| bad("truncated".into()))?;
            if h == EMPTY || (i > 0 && h <= prev) {
                return Err(bad(format!("feature {i}: hashes not sorted and non-zero")));
            }
            prev = h;
            let mask = cur.u16().ok_or_else(|| bad("truncated".into()))?;
            if mask >> N_LABELS != 0 {
                return Err(bad(format!("feature {i}: label mask {mask:#x} names labels that do not exist")));
            }
            let mut row = [0f32; N_LABELS];
            for (l, x) in row.iter_mut().enumerate() {
                if mask & (1 << l) != 0 {
                    *x = cur.f32().ok_or_else(|| bad("truncated".into()))?;
                    if !x.is_finite() {
                        return Err(bad(format!("feature {i}: weight {x} is not finite")));
                    }
                }
            }
            items.push((h, row));
        }
        Ok(Pass { start, trans, weights: Weights::from_rows(items) })
    }
}

/// A trained model: a first pass over each sentence, and optionally a second pass that also
/// sees how the first labelled the other occurrences of each word in the document
/// ([`crate::context`]).
#[derive(Clone, Debug)]
pub struct Model {
    pub first: Pass,
    pub second: Option<Pass>,
    /// Sentences on each side that stand in for the document when there is no article
    /// boundary (gold files); chosen at training time.
    pub window: u32,
    /// Whether the features include the corpus lexicon ([`crate::lexicon`]), which must then be
    /// loaded beside the model.
    pub uses_lexicon: bool,
}

impl Model {
    /// Feature rows in both passes.
    pub fn features(&self) -> usize {
        self.first.weights.len() + self.second.as_ref().map_or(0, |p| p.weights.len())
    }

    /// Writes the model (gzip; deterministic bytes for the same weights).
    pub fn write<W: Write>(&self, w: W) -> std::io::Result<()> {
        let mut z = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        z.write_all(MAGIC)?;
        let passes = 1 + self.second.is_some() as u32;
        for x in
            [FORMAT_VERSION, FEATURE_VERSION, N_LABELS as u32, passes, self.window, self.uses_lexicon as u32]
        {
            z.write_all(&x.to_le_bytes())?;
        }
        self.first.write_body(&mut z)?;
        if let Some(p) = &self.second {
            p.write_body(&mut z)?;
        }
        z.finish()?.flush()
    }

    /// Reads a model written by [`Model::write`]; `what` names it in errors.
    pub fn read<R: Read>(r: R, what: &str) -> Result<Model, NerError> {
        let bad = |reason: String| NerError::Model { what: format!("model {what}"), reason };
        let mut bytes = Vec::new();
        // A model is a few MB: refuse to inflate a corrupt or hostile file without bound.
        flate2::read::GzDecoder::new(r)
            .take(MAX_INFLATED + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("not a gzip model file: {e}")))?;
        if bytes.len() as u64 > MAX_INFLATED {
            return Err(bad(format!("more than {MAX_INFLATED} bytes uncompressed")));
        }
        let mut cur = Cursor { b: &bytes, at: 0 };
        if cur.take(8).ok_or_else(|| bad("truncated".into()))? != MAGIC {
            return Err(bad("not a rasid NER model".into()));
        }
        let fv = cur.u32().ok_or_else(|| bad("truncated".into()))?;
        let feat = cur.u32().ok_or_else(|| bad("truncated".into()))?;
        let nl = cur.u32().ok_or_else(|| bad("truncated".into()))?;
        if fv != FORMAT_VERSION || feat != FEATURE_VERSION || nl as usize != N_LABELS {
            return Err(bad(format!(
                "format {fv}, features {feat}, {nl} labels; this build reads format {FORMAT_VERSION}, features {FEATURE_VERSION}, {N_LABELS} labels (retrain with `rasid train ner`)"
            )));
        }
        let passes = cur.u32().ok_or_else(|| bad("truncated".into()))?;
        let window = cur.u32().ok_or_else(|| bad("truncated".into()))?;
        let flags = cur.u32().ok_or_else(|| bad("truncated".into()))?;
        if flags > 1 {
            return Err(bad(format!("unknown flags {flags}")));
        }
        if !(1..=2).contains(&passes) {
            return Err(bad(format!("{passes} passes (1 or 2 expected)")));
        }
        let first = Pass::read_body(&mut cur, &bad)?;
        let second = if passes == 2 { Some(Pass::read_body(&mut cur, &bad)?) } else { None };
        if cur.at != bytes.len() {
            return Err(bad("trailing bytes".into()));
        }
        Ok(Model { first, second, window, uses_lexicon: flags == 1 })
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at + n)?;
        self.at += n;
        Some(s)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::EntityType;

    #[test]
    fn viterbi_respects_iob2() {
        // Emissions prefer I-PER at the start, which IOB2 forbids.
        let mut em = vec![[0f32; N_LABELS]; 2];
        em[0][Label::inside(EntityType::Per).index()] = 5.0;
        em[0][Label::begin(EntityType::Loc).index()] = 1.0;
        em[1][Label::inside(EntityType::Per).index()] = 5.0;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&em, &[0.0; N_LABELS], &[[0.0; N_LABELS]; N_LABELS], &mut back, &mut out);
        // I-PER cannot open the sentence: the best well-formed path is B-PER I-PER (score 5),
        // not B-LOC followed by anything (at most 1).
        assert_eq!(out, [Label::begin(EntityType::Per), Label::inside(EntityType::Per)]);
        // An I-PER after B-LOC is never produced, even when emissions want it.
        let mut em = vec![[0f32; N_LABELS]; 2];
        em[0][Label::begin(EntityType::Loc).index()] = 9.0;
        em[1][Label::inside(EntityType::Per).index()] = 1.0;
        viterbi(&em, &[0.0; N_LABELS], &[[0.0; N_LABELS]; N_LABELS], &mut back, &mut out);
        assert_eq!(out[0], Label::begin(EntityType::Loc));
        assert_ne!(out[1], Label::inside(EntityType::Per));
    }

    #[test]
    fn round_trip_and_errors() {
        let mut row = [0f32; N_LABELS];
        row[3] = 1.5;
        row[0] = -0.25;
        let p = Pass {
            start: [0.5; N_LABELS],
            trans: [[0.1; N_LABELS]; N_LABELS],
            weights: Weights::from_rows(vec![(42, row), (7, [1.0; N_LABELS])]),
        };
        let m = Model { first: p.clone(), second: Some(p), window: 9, uses_lexicon: true };
        let mut buf = Vec::new();
        m.write(&mut buf).unwrap();
        let back = Model::read(&buf[..], "t").unwrap();
        let second = back.second.as_ref().unwrap();
        assert_eq!(second.weights.get(42), Some(&row));
        assert_eq!(second.weights.get(7), Some(&[1.0; N_LABELS]));
        assert_eq!(back.first.weights.get(8), None);
        assert_eq!(back.first.start, m.first.start);
        assert_eq!(back.window, 9);
        assert!(back.uses_lexicon);
        let mut again = Vec::new();
        back.write(&mut again).unwrap();
        assert_eq!(buf, again);
        assert!(Model::read(&b"junk"[..], "t").is_err());
        // Truncated content inside a valid gzip stream.
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"RASIDNER\x01\x00").unwrap();
        let e = Model::read(&z.finish().unwrap()[..], "t").unwrap_err().to_string();
        assert!(e.contains("truncated"), "{e}");
    }
}
