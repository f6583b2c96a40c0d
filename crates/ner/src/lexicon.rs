//! A lexicon of how the tagger labels each word across a large unlabeled news corpus.
//!
//! A name is clear in some articles and not in others. Tagging thousands of ANT articles and
//! counting, for each word's core form, how often it fell inside a PER, LOC, ORG or MISC entity
//! gives corpus-wide evidence where the sentence alone is unclear (a surname that appears bare,
//! a foreign place without a preposition). Words are kept by the 64-bit hash of their core form
//! (the key [`crate::features`] computes), with their occurrence count and per-type fractions in
//! tenths.
//!
//! The lexicon is built by a first pass trained without it. In training, each fold of the
//! training data sees a lexicon built by a model that did not train on that fold (a jackknife),
//! so the tagger learns to trust it only as much as it deserves on unseen text.

use crate::error::NerError;
use crate::label::Label;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The keys are already 64-bit hashes: hashing them again (SipHash) only costs time.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// A map keyed by feature or word hashes.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;
use std::io::{Read, Write};

/// Per word: occurrences (capped) and tenths of them inside an entity of each type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub count: u32,
    pub tenths: [u8; 4],
}

/// Counts per word key, as tagged sentences are added.
#[derive(Default)]
pub struct Counter {
    map: KeyMap<[u32; 5]>,
}

impl Counter {
    /// Adds a tagged sentence: `keys` from [`crate::features::SentenceFeatures::keys`].
    pub fn add(&mut self, keys: &[u64], labels: &[Label]) {
        for (&k, l) in keys.iter().zip(labels) {
            if k == 0 {
                continue;
            }
            let c = self.map.entry(k).or_default();
            c[0] += 1;
            if let Some(t) = l.entity_type() {
                c[1 + t as usize] += 1;
            }
        }
    }

    pub fn merge(mut self, other: Counter) -> Counter {
        for (k, v) in other.map {
            let c = self.map.entry(k).or_default();
            for (a, b) in c.iter_mut().zip(v) {
                *a += b;
            }
        }
        self
    }

    /// The lexicon of words seen at least `min_count` times.
    pub fn finish(&self, min_count: u32) -> Lexicon {
        let mut map = KeyMap::default();
        for (&k, c) in &self.map {
            if c[0] < min_count {
                continue;
            }
            let mut tenths = [0u8; 4];
            for (t, x) in tenths.iter_mut().enumerate() {
                *x = ((c[1 + t] as f64 / c[0] as f64) * 10.0).round() as u8;
            }
            map.insert(k, Entry { count: c[0].min(1 << 24), tenths });
        }
        Lexicon { map }
    }
}

/// The lexicon: word key → entry. Empty means "no lexicon features".
#[derive(Default)]
pub struct Lexicon {
    map: KeyMap<Entry>,
}

const MAGIC: &[u8; 8] = b"RASIDLEX";
/// The feature template of lexicon bits.
pub const TEMPLATE: u8 = 60;
const ROW: usize = 16;

impl Lexicon {
    pub fn get(&self, key: u64) -> Option<Entry> {
        self.map.get(&key).copied()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Feature bits per token (see [`crate::features::SentenceFeatures::add_bits`]): for each
    /// type, whether a fifth, half or most of the word's occurrences fell in it; a word seen
    /// five times or more and never (under 20%) in an entity; a word the corpus does not know.
    pub fn bits(&self, keys: &[u64], out: &mut Vec<u32>) {
        out.clear();
        out.extend(keys.iter().map(|&k| {
            if k == 0 {
                return 0;
            }
            let Some(e) = self.get(k) else { return 1 << 13 };
            let mut b = 0u32;
            for (t, &x) in e.tenths.iter().enumerate() {
                let level = match x {
                    0..=1 => continue,
                    2..=4 => 0,
                    5..=7 => 1,
                    _ => 2,
                };
                b |= 1 << (t * 3 + level);
            }
            if b == 0 && e.count >= 5 {
                b |= 1 << 12;
            }
            b
        }));
    }

    /// Appends the lexicon features of a sentence: each token's bits, and its neighbours'.
    pub fn add_features(&self, sf: &mut crate::features::SentenceFeatures) {
        let mut b = Vec::new();
        self.bits(&sf.keys, &mut b);
        let n = b.len();
        let at = |i: isize| if i < 0 || i as usize >= n { 0 } else { b[i as usize] };
        sf.add_bits_each(|i, push| {
            let i = i as isize;
            for (tpl, v) in [(TEMPLATE, at(i)), (TEMPLATE + 1, at(i - 1)), (TEMPLATE + 2, at(i + 1))] {
                push(tpl, v);
            }
        });
    }

    /// gzip of: magic, row count u64, then rows sorted by key (key u64, count u32, four tenths).
    pub fn write<W: Write>(&self, w: W) -> std::io::Result<()> {
        let mut z = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        z.write_all(MAGIC)?;
        let mut rows: Vec<(&u64, &Entry)> = self.map.iter().collect();
        rows.sort_unstable_by_key(|r| *r.0);
        z.write_all(&(rows.len() as u64).to_le_bytes())?;
        for (k, e) in rows {
            z.write_all(&k.to_le_bytes())?;
            z.write_all(&e.count.to_le_bytes())?;
            z.write_all(&e.tenths)?;
        }
        z.finish()?.flush()
    }

    /// [`Lexicon::write`], or an empty gzip stream for an empty lexicon (a model without one).
    pub fn write_or_empty<W: Write>(&self, w: W) -> std::io::Result<()> {
        if self.is_empty() {
            return flate2::write::GzEncoder::new(w, flate2::Compression::best()).finish()?.flush();
        }
        self.write(w)
    }

    /// Reads what [`Lexicon::write`] wrote; `what` names it in errors.
    pub fn read<R: Read>(r: R, what: &str) -> Result<Lexicon, NerError> {
        let bad = |reason: &str| NerError::Model { what: format!("lexicon {what}"), reason: reason.into() };
        let mut b = Vec::new();
        flate2::read::GzDecoder::new(r)
            .take(1 << 30)
            .read_to_end(&mut b)
            .map_err(|e| bad(&format!("not gzip: {e}")))?;
        if b.len() >= 1 << 30 {
            return Err(bad("more than 1 GiB uncompressed"));
        }
        if b.is_empty() {
            // An empty file: no lexicon (a model trained without one).
            return Ok(Lexicon::default());
        }
        if b.len() < 16 || &b[..8] != MAGIC {
            return Err(bad("not a rasid NER lexicon"));
        }
        let n = u64::from_le_bytes(b[8..16].try_into().unwrap_or_default()) as usize;
        if Some(b.len()) != n.checked_mul(ROW).and_then(|x| x.checked_add(16)) {
            return Err(bad("truncated or trailing bytes"));
        }
        let mut map = KeyMap::with_capacity_and_hasher(n, Default::default());
        for r in b[16..].chunks_exact(ROW) {
            let k = u64::from_le_bytes(r[..8].try_into().unwrap_or_default());
            let count = u32::from_le_bytes(r[8..12].try_into().unwrap_or_default());
            let tenths = [r[12], r[13], r[14], r[15]];
            if tenths.iter().any(|t| *t > 10) {
                return Err(bad("a fraction over ten tenths"));
            }
            if map.insert(k, Entry { count, tenths }).is_some() {
                return Err(bad("a word key twice"));
            }
        }
        Ok(Lexicon { map })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::EntityType;

    #[test]
    fn counts_bits_round_trip() {
        let mut c = Counter::default();
        let per = Label::begin(EntityType::Per);
        for _ in 0..4 {
            c.add(&[7, 0, 9], &[per, per, Label::O]);
        }
        c.add(&[7, 9], &[Label::O, Label::O]);
        let lex = c.finish(2);
        assert_eq!(lex.get(7), Some(Entry { count: 5, tenths: [8, 0, 0, 0] }));
        assert_eq!(lex.get(9), Some(Entry { count: 5, tenths: [0; 4] }));
        assert_eq!(lex.get(0), None);
        let mut bits = Vec::new();
        lex.bits(&[7, 9, 0, 12345], &mut bits);
        assert_eq!(bits, vec![1 << 2, 1 << 12, 0, 1 << 13]);
        let mut buf = Vec::new();
        lex.write(&mut buf).unwrap();
        let back = Lexicon::read(&buf[..], "t").unwrap();
        assert_eq!(back.get(7), lex.get(7));
        assert!(Lexicon::read(&b"junk"[..], "t").is_err());
        assert!(Lexicon::read(&buf[..buf.len() / 2], "t").is_err());
    }
}
