//! Document context: what the first pass said about the other occurrences of a word.
//!
//! A name is often clear once in an article («قال بهاء الاعرجي» "Bahaa al-Araji said") and
//! unclear elsewhere («ووصف الاعرجي مشروع المصالحة» "al-Araji described the reconciliation
//! plan"). The second pass sees, for each token, how the first pass labelled the other tokens of
//! the document with the same core form: whether any or most of them were inside a PER, LOC,
//! ORG or MISC entity, or all outside one.
//!
//! A document is an article; a gold file without article boundaries is read with a window of
//! sentences on each side standing in for the article.

use crate::label::{Label, N_LABELS};
use crate::lexicon::KeyMap;

const TYPES: usize = 4;

/// Bits of a context value.
pub mod bits {
    /// `ANY + t`: some other occurrence is inside an entity of type `t` (PER, LOC, ORG, MISC).
    pub const ANY: u32 = 0;
    /// `MOST + t`: most other occurrences are inside an entity of type `t`.
    pub const MOST: u32 = 4;
    /// Other occurrences exist and none is inside an entity.
    pub const NEVER: u32 = 8;
    /// Some other occurrence begins a multi-word entity here, or continues one.
    pub const BEGINS_LONGER: u32 = 9;
    pub const CONTINUES: u32 = 10;
}

/// Counts per key: occurrences outside entities, inside each type, as B of a longer entity, as I.
type Counts = [u32; 1 + TYPES + 2];

fn type_slot(l: Label) -> usize {
    match l.entity_type() {
        None => 0,
        Some(t) => 1 + t as usize,
    }
}

fn add(map: &mut KeyMap<Counts>, keys: &[u64], labels: &[Label], sign: i64) {
    for (i, (&k, &l)) in keys.iter().zip(labels).enumerate() {
        if k == 0 {
            continue;
        }
        let c = map.entry(k).or_insert([0; 1 + TYPES + 2]);
        let mut bump = |slot: usize| c[slot] = (c[slot] as i64 + sign) as u32;
        bump(type_slot(l));
        if l.is_begin() && labels.get(i + 1).is_some_and(|n| n.is_inside()) {
            bump(1 + TYPES);
        }
        if l.is_inside() {
            bump(2 + TYPES);
        }
    }
}

/// Context values for every token of a document of sentences. `window`: `None` for the whole
/// document, `Some(n)` for `n` sentences on each side.
pub fn context(keys: &[&[u64]], labels: &[&[Label]], window: Option<usize>) -> Vec<Vec<u32>> {
    debug_assert_eq!(keys.len(), labels.len());
    let n = keys.len();
    let mut map: KeyMap<Counts> = KeyMap::default();
    let mut out = Vec::with_capacity(n);
    let (mut lo, mut hi) = (0usize, 0usize); // sentences [lo, hi) are counted
    for s in 0..n {
        let (want_lo, want_hi) = match window {
            None => (0, n),
            Some(w) => (s.saturating_sub(w), (s + w + 1).min(n)),
        };
        while hi < want_hi {
            add(&mut map, keys[hi], labels[hi], 1);
            hi += 1;
        }
        while lo < want_lo {
            add(&mut map, keys[lo], labels[lo], -1);
            lo += 1;
        }
        let mut v = Vec::with_capacity(keys[s].len());
        for (i, &k) in keys[s].iter().enumerate() {
            if k == 0 {
                v.push(0);
                continue;
            }
            let all = map.get(&k).copied().unwrap_or_default();
            // Leave out this token's own label (not the other occurrences in its sentence).
            let mut mine = [0u32; 1 + TYPES + 2];
            add_one(&mut mine, labels[s], i);
            let c: Vec<u32> = all.iter().zip(&mine).map(|(a, b)| a.saturating_sub(*b)).collect();
            let total: u32 = c[..1 + TYPES].iter().sum();
            let mut bitsv = 0u32;
            if total > 0 {
                for t in 0..TYPES {
                    if c[1 + t] > 0 {
                        bitsv |= 1 << (bits::ANY + t as u32);
                    }
                    if 2 * c[1 + t] > total {
                        bitsv |= 1 << (bits::MOST + t as u32);
                    }
                }
                if c[0] == total {
                    bitsv |= 1 << bits::NEVER;
                }
                if c[1 + TYPES] > 0 {
                    bitsv |= 1 << bits::BEGINS_LONGER;
                }
                if c[2 + TYPES] > 0 {
                    bitsv |= 1 << bits::CONTINUES;
                }
            }
            v.push(bitsv);
        }
        out.push(v);
    }
    out
}

fn add_one(c: &mut Counts, labels: &[Label], i: usize) {
    let l = labels[i];
    c[type_slot(l)] += 1;
    if l.is_begin() && labels.get(i + 1).is_some_and(|n| n.is_inside()) {
        c[1 + TYPES] += 1;
    }
    if l.is_inside() {
        c[2 + TYPES] += 1;
    }
}

const _: () = assert!(N_LABELS == 1 + 2 * TYPES);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::EntityType;

    #[test]
    fn other_occurrences_only() {
        let per_b = Label::begin(EntityType::Per);
        let per_i = Label::inside(EntityType::Per);
        // Sentence 0: «بهاء الاعرجي» tagged PER; sentence 1: «الاعرجي» alone, tagged O.
        let k0 = [11u64, 22, 0];
        let l0 = [per_b, per_i, Label::O];
        let k1 = [22u64, 33];
        let l1 = [Label::O, Label::O];
        let ctx = context(&[&k0, &k1], &[&l0, &l1], None);
        let most_per = 1 << (bits::MOST + EntityType::Per as u32);
        assert_ne!(ctx[1][0] & most_per, 0, "the later mention learns PER from the first");
        assert_ne!(ctx[1][0] & (1 << bits::CONTINUES), 0);
        assert_eq!(ctx[1][1], 0, "a word seen once has no context");
        assert_eq!(ctx[0][2], 0, "key 0 is never counted");
        // The first mention sees only the O of the second.
        assert_eq!(ctx[0][1], 1 << bits::NEVER);
        // A window of 0 sentences: only the sentence itself.
        let w = context(&[&k0, &k1], &[&l0, &l1], Some(0));
        assert_eq!(w[1][0], 0);
    }
}
