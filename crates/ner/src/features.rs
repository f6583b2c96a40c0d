//! Feature extraction: what the tagger sees of each token.
//!
//! Every feature is a 64-bit hash of a template number and its value (no strings are kept), so
//! extraction allocates nothing per feature and the model is a hash → weights table. Words are
//! seen through the lossy fold (`أحمد` and `احمد` are one word) and through their *core*: the
//! word without conjunction and preposition proclitics and without an attached pronoun, keeping
//! the article (`وللجزيرة` "and for Al Jazeera" → `الجزيره`), the form under which clusters and
//! the gazetteer know a name.

use crate::clusters::Clusters;
use crate::gazetteer::{GazFlags, Gazetteer};
use rasid_arabic::clitics::Segmenter;
use rasid_arabic::normalize::fold;
use rasid_core::{Proclitic, Span};

/// Bumped whenever templates change, so a model trained with other features is refused.
pub const FEATURE_VERSION: u32 = 1;

/// What feature extraction reads besides the tokens: word clusters and the gazetteer.
pub struct Resources {
    pub clusters: Clusters,
    pub gazetteer: Gazetteer,
    /// How a first pass labelled each word across unlabeled news (empty: no such features).
    pub lexicon: crate::lexicon::Lexicon,
}

/// Per-token views computed once per sentence.
#[derive(Default)]
struct Tok {
    surface: String,
    core: String,
    base: String,
    pre: u32,
    enc: u8,
    shape: u8,
    cluster: Option<crate::clusters::ClusterPath>,
    gaz: GazFlags,
}

/// Reusable buffers: extraction over many sentences allocates only when a sentence is longer
/// than any before it.
#[derive(Default)]
pub struct Scratch {
    toks: Vec<Tok>,
    gaz: Vec<GazFlags>,
}

/// The features of one sentence: token `i` has `feats[offsets[i]..offsets[i + 1]]`.
#[derive(Clone, Debug, Default)]
pub struct SentenceFeatures {
    pub feats: Vec<u64>,
    pub offsets: Vec<u32>,
    /// Per token: a hash of its core form, or 0 for a token that cannot be a name on its own
    /// (punctuation, digits, one letter). Occurrences of one word across a document share it.
    pub keys: Vec<u64>,
    /// Per token: the gazetteer's matches.
    pub gaz: Vec<GazFlags>,
}

impl SentenceFeatures {
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Appends the document-context features of each token (see [`crate::context`]).
    pub fn add_context(&mut self, ctx: &[u32]) {
        self.add_bits(40, ctx);
    }

    /// Appends, for each token `i`, one feature per set bit of the values `f(i, push)` pushes
    /// (`push(template, bits)`), rebuilding the feature vector once.
    pub fn add_bits_each(&mut self, mut f: impl FnMut(usize, &mut dyn FnMut(u8, u32))) {
        let n = self.len();
        let mut feats = Vec::with_capacity(self.feats.len() + 4 * n);
        let mut offsets = Vec::with_capacity(self.offsets.len());
        offsets.push(0);
        for i in 0..n {
            feats.extend_from_slice(self.token(i));
            f(i, &mut |tpl, v| {
                let mut v = v;
                while v != 0 {
                    let bit = v.trailing_zeros();
                    feats.push(f_num(tpl, bit as u64));
                    v &= v - 1;
                }
            });
            offsets.push(feats.len() as u32);
        }
        self.feats = feats;
        self.offsets = offsets;
    }

    /// Appends one feature per set bit of each token's value, under template `tpl`.
    pub fn add_bits(&mut self, tpl: u8, ctx: &[u32]) {
        debug_assert_eq!(ctx.len(), self.len());
        let extra: usize = ctx.iter().map(|c| c.count_ones() as usize).sum();
        if extra == 0 {
            return;
        }
        let mut feats = Vec::with_capacity(self.feats.len() + extra);
        let mut offsets = Vec::with_capacity(self.offsets.len());
        offsets.push(0);
        for (i, &c) in ctx.iter().enumerate() {
            feats.extend_from_slice(self.token(i));
            for bit in 0..32 {
                if c & (1 << bit) != 0 {
                    feats.push(f_num(tpl, bit));
                }
            }
            offsets.push(feats.len() as u32);
        }
        self.feats = feats;
        self.offsets = offsets;
    }
}

const K: u64 = 0x517c_c1b7_2722_0a95;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

#[inline]
fn hash_bytes(mut h: u64, b: &[u8]) -> u64 {
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().unwrap_or_default()));
    }
    let rest = chunks.remainder();
    let mut last = [0u8; 8];
    last[..rest.len()].copy_from_slice(rest);
    mix(mix(h, u64::from_le_bytes(last)), b.len() as u64)
}

#[inline]
fn finish(mut h: u64) -> u64 {
    // splitmix64's finaliser: the model's table probes by the low bits.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

#[inline]
fn f_str(t: u8, s: &str) -> u64 {
    finish(hash_bytes(t as u64 + 1, s.as_bytes()))
}

#[inline]
fn f_str2(t: u8, a: &str, b: &str) -> u64 {
    finish(hash_bytes(hash_bytes(t as u64 + 1, a.as_bytes()), b.as_bytes()))
}

#[inline]
fn f_num(t: u8, x: u64) -> u64 {
    finish(mix(t as u64 + 1, x ^ 0x9e37_79b9_7f4a_7c15))
}

/// The value XOR-ed into a feature hash for its copy specific to training domain `d` (see
/// [`crate::train::train`]).
pub fn domain_salt(d: u8) -> u64 {
    finish(0xd0_a1_u64 << 8 | d as u64)
}

/// Word shape classes.
mod shape {
    pub const ARABIC: u8 = 1;
    pub const LOWER: u8 = 2;
    pub const CAPITALISED: u8 = 3;
    pub const UPPER: u8 = 4;
    pub const DIGITS: u8 = 5;
    pub const PUNCT: u8 = 6;
    pub const MIXED: u8 = 7;
}

fn shape_of(s: &str) -> u8 {
    let (mut ar, mut lo, mut up, mut dig, mut other) = (0, 0, 0, 0, 0);
    let mut first_upper = false;
    for (i, c) in s.chars().enumerate() {
        if rasid_arabic::chars::is_arabic_letter(c) || rasid_arabic::chars::is_diacritic(c) {
            ar += 1
        } else if c.is_lowercase() {
            lo += 1
        } else if c.is_uppercase() {
            up += 1;
            first_upper |= i == 0;
        } else if c.is_numeric() {
            dig += 1
        } else {
            other += 1
        }
    }
    let n = ar + lo + up + dig + other;
    if n == 0 {
        shape::PUNCT
    } else if ar == n {
        shape::ARABIC
    } else if dig == n || (dig > 0 && dig + other == n) {
        shape::DIGITS
    } else if other == n {
        shape::PUNCT
    } else if up > 0 && lo == 0 && ar == 0 && dig == 0 {
        shape::UPPER
    } else if first_upper && ar == 0 && dig == 0 {
        shape::CAPITALISED
    } else if lo > 0 && up == 0 && ar == 0 && dig == 0 {
        shape::LOWER
    } else {
        shape::MIXED
    }
}

/// Replaces digits by 0 so that years and counts share features.
fn digits_to_zero(s: &mut String) {
    if s.bytes().any(|b| b.is_ascii_digit()) {
        *s = s.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect();
    }
}

/// First `n` characters of `s`.
fn prefix(s: &str, n: usize) -> Option<&str> {
    let mut it = s.char_indices();
    match it.nth(n) {
        Some((i, _)) => Some(&s[..i]),
        None if s.chars().count() == n => Some(s),
        None => None,
    }
}

/// Last `n` characters of `s`.
fn suffix(s: &str, n: usize) -> Option<&str> {
    let mut it = s.char_indices().rev();
    match it.nth(n - 1) {
        Some((i, _)) => Some(&s[i..]),
        None => None,
    }
}

const CLUSTER_PREFIXES: [u8; 5] = [4, 6, 10, 14, 20];

/// Extracts the features of a sentence of tokens (as the gold file or the tokenizer cuts them).
pub fn extract(
    tokens: &[&str],
    res: &Resources,
    seg: &Segmenter,
    scratch: &mut Scratch,
    out: &mut SentenceFeatures,
) {
    let n = tokens.len();
    if scratch.toks.len() < n {
        scratch.toks.resize_with(n, Tok::default);
    }
    for (t, &raw) in scratch.toks.iter_mut().zip(tokens) {
        fill(t, raw, res, seg);
    }
    let toks = &mut scratch.toks[..n];
    {
        let surface: Vec<&str> = toks.iter().map(|t| t.surface.as_str()).collect();
        let core: Vec<&str> = toks.iter().map(|t| t.core.as_str()).collect();
        scratch.gaz.clear();
        res.gazetteer.annotate(&surface, &core, &mut scratch.gaz);
    }
    for (t, g) in toks.iter_mut().zip(&scratch.gaz) {
        t.gaz = *g;
    }
    let toks = &scratch.toks[..n];
    out.gaz.clear();
    out.gaz.extend_from_slice(&scratch.gaz[..n]);
    out.feats.clear();
    out.offsets.clear();
    out.offsets.push(0);
    out.keys.clear();
    out.keys.extend(toks.iter().map(|t| {
        let letters = t.base.chars().count();
        let namey = matches!(t.shape, shape::ARABIC | shape::CAPITALISED | shape::UPPER | shape::MIXED);
        if namey && letters >= 2 { f_str(2, &t.core) } else { 0 }
    }));
    const BOS: &str = "<s>";
    const EOS: &str = "</s>";
    // Token `i`'s surface or core form, with sentence-boundary markers outside the sentence.
    let form = |i: isize, core: bool| -> &str {
        if i < 0 {
            BOS
        } else if i as usize >= n {
            EOS
        } else if core {
            &toks[i as usize].core
        } else {
            &toks[i as usize].surface
        }
    };
    let word = |i: isize| form(i, false);
    let core = |i: isize| form(i, true);
    let shape =
        |i: isize| -> u64 { if i < 0 || i as usize >= n { 0 } else { toks[i as usize].shape as u64 } };
    for i in 0..n {
        let t = &toks[i];
        let ii = i as isize;
        let f = &mut out.feats;
        f.push(f_num(0, 0));
        f.push(f_str(1, &t.surface));
        f.push(f_str(2, &t.core));
        f.push(f_str(3, word(ii - 1)));
        f.push(f_str(4, word(ii + 1)));
        f.push(f_str(5, word(ii - 2)));
        f.push(f_str(6, word(ii + 2)));
        f.push(f_str(7, core(ii - 1)));
        f.push(f_str(8, core(ii + 1)));
        f.push(f_str2(9, core(ii - 1), &t.core));
        f.push(f_str2(10, &t.core, core(ii + 1)));
        for k in 1..=3 {
            if let Some(p) = prefix(&t.base, k) {
                f.push(f_str(10 + k as u8, p));
            }
        }
        for k in 1..=4 {
            if let Some(s) = suffix(&t.base, k) {
                f.push(f_str(13 + k as u8, s));
            }
        }
        // Character trigrams of the base: transliterated foreign names (رامسفيلد "Rumsfeld")
        // have letter sequences Arabic words rarely do.
        // (Byte offsets of the last three characters, so nothing is allocated per token.)
        let mut at = [0usize; 3];
        for (k, (i, _)) in t.base.char_indices().chain(std::iter::once((t.base.len(), ' '))).enumerate() {
            if k >= 3 {
                f.push(f_str(37, &t.base[at[k % 3]..i]));
            }
            at[k % 3] = i;
        }
        f.push(f_num(18, t.pre as u64));
        f.push(f_num(19, t.enc as u64));
        f.push(f_num(20, t.shape as u64));
        f.push(f_num(21, shape(ii - 1) << 16 | shape(ii) << 8 | shape(ii + 1)));
        f.push(f_num(22, t.base.chars().count().min(12) as u64));
        if i == 0 {
            f.push(f_num(23, 0));
        }
        match t.cluster {
            Some(c) => {
                for (k, &p) in CLUSTER_PREFIXES.iter().enumerate() {
                    f.push(f_num(24 + k as u8, c.prefix(p)));
                }
            }
            None => f.push(f_num(29, 0)),
        }
        // The previous word with this word's class: «قال» + a name class, «مدينة» + a place class.
        if let Some(c) = t.cluster {
            f.push(finish(mix(hash_bytes(41, core(ii - 1).as_bytes()), c.prefix(6))));
        }
        if i > 0
            && let Some(c) = toks[i - 1].cluster
        {
            f.push(finish(mix(hash_bytes(42, t.core.as_bytes()), c.prefix(6))));
        }
        for (d, tpl) in [(-1isize, 30u8), (1, 32)] {
            let j = ii + d;
            if j >= 0
                && (j as usize) < n
                && let Some(c) = toks[j as usize].cluster
            {
                f.push(f_num(tpl, c.prefix(6)));
                f.push(f_num(tpl + 1, c.prefix(10)));
            }
        }
        for (d, tpl) in [(0isize, 34u8), (-1, 35), (1, 36)] {
            let j = ii + d;
            if j >= 0 && (j as usize) < n {
                let g = toks[j as usize].gaz.0;
                for bit in 0..16 {
                    if g & (1 << bit) != 0 {
                        f.push(f_num(tpl, bit));
                    }
                }
            }
        }
        out.offsets.push(out.feats.len() as u32);
    }
}

/// The token without punctuation glued to its edges (gold files have «كابول؛», «(د»).
fn trim_punct(raw: &str) -> &str {
    let keep = |c: char| c.is_alphanumeric() || rasid_arabic::chars::is_diacritic(c);
    let t = raw.trim_matches(|c: char| !keep(c));
    if t.is_empty() { raw } else { t }
}

fn fill(t: &mut Tok, raw: &str, res: &Resources, seg: &Segmenter) {
    t.shape = shape_of(raw);
    let raw = trim_punct(raw);
    t.surface.clear();
    fold(raw, &mut t.surface);
    digits_to_zero(&mut t.surface);
    t.core.clear();
    t.base.clear();
    let s = seg.segment(raw);
    let span = Span::new(0, raw.len() as u32);
    let mut pre = 0u32;
    let mut has_al = false;
    for (p, _) in s.proclitics(span) {
        pre = pre * 8 + 1 + p as u32;
        has_al |= p == Proclitic::Al;
    }
    t.pre = pre;
    t.enc = s.enclitic(span).map_or(0, |(e, _)| 1 + e as u8);
    let b = s.base(span);
    fold(&raw[b.start as usize..b.end as usize], &mut t.base);
    digits_to_zero(&mut t.base);
    if has_al {
        t.core.push_str("ال");
    }
    t.core.push_str(&t.base);
    if t.core.is_empty() {
        t.core.push_str(&t.surface);
    }
    t.cluster = res.clusters.get(&t.core).or_else(|| res.clusters.get(&t.surface));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape_of("طرابلس"), shape::ARABIC);
        assert_eq!(shape_of("Tripoli"), shape::CAPITALISED);
        assert_eq!(shape_of("AFRICOM"), shape::UPPER);
        assert_eq!(shape_of("2019"), shape::DIGITS);
        assert_eq!(shape_of("7/4"), shape::DIGITS);
        assert_eq!(shape_of("،"), shape::PUNCT);
        assert_eq!(shape_of("said"), shape::LOWER);
    }

    #[test]
    fn affixes() {
        assert_eq!(prefix("طرابلس", 2), Some("طر"));
        assert_eq!(prefix("طر", 2), Some("طر"));
        assert_eq!(prefix("ط", 2), None);
        assert_eq!(suffix("طرابلس", 3), Some("بلس"));
        assert_eq!(suffix("طر", 3), None);
    }
}
