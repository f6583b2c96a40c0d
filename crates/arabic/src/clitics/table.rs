//! The word table: letter sequence → quantised frequency and cached segmentation decision.
//!
//! In memory it is an open-addressing hash table of `u64` slots, each holding a 48-bit
//! fingerprint of the key, the quantised frequency and the decision byte, so that a lookup
//! hashes the letters (no allocation; a key may be given in several pieces) and reads one or two
//! cache lines. Fingerprints of 48 bits make a false hit for a word not in the table about one in
//! 10^8 lookups; a false hit only changes that word's segmentation, never safety.
//!
//! On disk (`data/clitics.bin.gz`) it is a gzip stream of:
//!
//! ```text
//! magic  b"RASIDCL1"
//! u32 LE number of entries n
//! n keys, sorted, front-coded: shared-prefix length u8, suffix length u8, suffix letter codes
//! n frequency bytes q            (frequency = 10^(q/10 - 10), q >= 1)
//! n decision bytes               (see analysis::Decision)
//! ```

use super::CliticError;
use super::letters::{ALPHABET, MAX_LETTERS};
use std::io::{Read, Write};

pub(crate) const MAGIC: &[u8; 8] = b"RASIDCL1";

/// At most this many of the most frequent words also go to the hot table.
const HOT_WORDS: usize = 16_384;

/// Streaming hash of a letter sequence. Letters (6-bit codes, never 0) are packed ten to a
/// `u64`, which is injective, and each full word is mixed in with a multiply; a 64-bit
/// finaliser spreads the bits so that the low bits (slot) and the high bits (fingerprint) are
/// both well mixed. Words of up to ten letters therefore never collide.
#[derive(Clone, Copy)]
pub(crate) struct KeyHasher {
    h: u64,
    acc: u64,
    n: u32,
}

impl KeyHasher {
    #[inline]
    pub const fn new() -> KeyHasher {
        KeyHasher { h: 0x243f_6a88_85a3_08d3, acc: 0, n: 0 }
    }

    #[inline]
    pub fn push(&mut self, code: u8) {
        self.acc = self.acc << 6 | code as u64;
        self.n += 1;
        if self.n.is_multiple_of(10) {
            self.h = (self.h ^ self.acc).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
            self.acc = 0;
        }
    }

    #[inline]
    pub fn push_all(&mut self, codes: &[u8]) {
        for &c in codes {
            self.push(c);
        }
    }

    #[inline]
    pub fn finish(self) -> u64 {
        let mut h = self.h ^ self.acc ^ (self.n as u64) << 60;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Hash of the key made of `parts` joined.
#[inline]
pub(crate) fn hash_parts(parts: &[&[u8]]) -> u64 {
    let mut k = KeyHasher::new();
    for p in parts {
        k.push_all(p);
    }
    k.finish()
}

#[inline]
fn fingerprint(h: u64) -> u64 {
    let fp = h >> 16;
    if fp == 0 { 1 } else { fp }
}

/// 10^(q/10 - 10) for every q (index 0 is "absent": 0.0).
fn freq_of_q() -> &'static [f64; 256] {
    static T: std::sync::OnceLock<[f64; 256]> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut t = [0.0; 256];
        for (q, v) in t.iter_mut().enumerate().skip(1) {
            *v = 10f64.powf(q as f64 / 10.0 - 10.0);
        }
        t
    })
}

/// Quantises a relative frequency (0 < f <= 1) to a byte: tenths of a decade above 10^-10.
pub(crate) fn quantise(f: f64) -> u8 {
    if f.is_nan() || f <= 0.0 {
        return 1;
    }
    ((f.log10() + 10.0) * 10.0).round().clamp(1.0, 255.0) as u8
}

pub(crate) struct FreqTable {
    slots: Box<[u64]>,
    mask: usize,
    len: usize,
    freq: &'static [f64; 256],
}

impl FreqTable {
    pub fn with_capacity(n: usize) -> FreqTable {
        let cap = (n.saturating_mul(10) / 6).max(1024).next_power_of_two();
        FreqTable { slots: vec![0u64; cap].into_boxed_slice(), mask: cap - 1, len: 0, freq: freq_of_q() }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Inserts by hash; keeps the first entry when the key (or its fingerprint) is already there.
    pub fn insert_hash(&mut self, h: u64, q: u8, dec: u8) -> bool {
        let fp = fingerprint(h);
        let mut i = h as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                self.slots[i] = fp << 16 | (q as u64) << 8 | dec as u64;
                self.len += 1;
                return true;
            }
            if s >> 16 == fp {
                return false;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// `(q, decision)` of the key with hash `h`.
    #[inline]
    pub fn get_hash(&self, h: u64) -> Option<(u8, u8)> {
        let fp = fingerprint(h);
        let mut i = h as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            if s >> 16 == fp {
                return Some(((s >> 8) as u8, s as u8));
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Relative frequency of the key made of `parts` (0.0 when absent).
    #[inline]
    pub fn freq(&self, parts: &[&[u8]]) -> f64 {
        match self.get_hash(hash_parts(parts)) {
            Some((q, _)) => self.freq[q as usize],
            None => 0.0,
        }
    }
}

/// One row of the table file.
pub(crate) struct Entry {
    pub key: Vec<u8>,
    pub q: u8,
    pub dec: u8,
}

/// Writes entries (sorted by key, keys of 1..=MAX_LETTERS valid codes) as a gzip stream.
pub(crate) fn encode(entries: &[Entry], out: impl Write) -> std::io::Result<()> {
    let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::best());
    gz.write_all(MAGIC)?;
    gz.write_all(&(entries.len() as u32).to_le_bytes())?;
    let mut prev: &[u8] = &[];
    let mut buf = Vec::with_capacity(1 << 16);
    for e in entries {
        let shared = prev.iter().zip(&e.key).take_while(|(a, b)| a == b).count();
        buf.push(shared as u8);
        buf.push((e.key.len() - shared) as u8);
        buf.extend_from_slice(&e.key[shared..]);
        if buf.len() > 1 << 15 {
            gz.write_all(&buf)?;
            buf.clear();
        }
        prev = &e.key;
    }
    gz.write_all(&buf)?;
    gz.write_all(&entries.iter().map(|e| e.q).collect::<Vec<_>>())?;
    gz.write_all(&entries.iter().map(|e| e.dec).collect::<Vec<_>>())?;
    gz.finish()?.flush()
}

/// Reads a table file. With `keep_keys`, also returns the entries (for tests and rebuilds).
pub(crate) fn decode(
    bytes: &[u8],
    keep_keys: bool,
) -> Result<(FreqTable, FreqTable, Vec<Entry>), CliticError> {
    let corrupt = |reason| CliticError::Corrupt { reason };
    let mut raw = Vec::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut raw).map_err(|_| corrupt("not a gzip stream"))?;
    if raw.len() < 12 || &raw[..8] != MAGIC {
        return Err(corrupt("bad magic"));
    }
    let n = u32::from_le_bytes([raw[8], raw[9], raw[10], raw[11]]) as usize;
    let mut at = 12usize;
    let mut key = [0u8; MAX_LETTERS];
    let mut klen = 0usize;
    let mut hashes = Vec::with_capacity(n.min(raw.len()));
    let mut keys = Vec::new();
    for _ in 0..n {
        let (shared, suffix) = match raw.get(at..at + 2) {
            Some(&[s, l]) => (s as usize, l as usize),
            _ => return Err(corrupt("truncated key")),
        };
        at += 2;
        if shared > klen || shared + suffix > MAX_LETTERS || shared + suffix == 0 {
            return Err(corrupt("bad key length"));
        }
        let suf = raw.get(at..at + suffix).ok_or(corrupt("truncated key"))?;
        if suf.iter().any(|&c| c == 0 || c > ALPHABET) {
            return Err(corrupt("bad letter code"));
        }
        key[shared..shared + suffix].copy_from_slice(suf);
        klen = shared + suffix;
        at += suffix;
        hashes.push(hash_parts(&[&key[..klen]]));
        if keep_keys {
            keys.push(key[..klen].to_vec());
        }
    }
    let qs = raw.get(at..at + n).ok_or(corrupt("truncated frequencies"))?;
    let decs = raw.get(at + n..at + 2 * n).ok_or(corrupt("truncated decisions"))?;
    if at + 2 * n != raw.len() {
        return Err(corrupt("trailing bytes"));
    }
    let mut t = FreqTable::with_capacity(n);
    for i in 0..n {
        t.insert_hash(hashes[i], qs[i].max(1), decs[i]);
    }
    // The hot table: the most frequent words (a few hundred KB, so it stays in cache), where a
    // lookup goes first. Top-N by frequency, cut at a whole frequency step.
    let mut per_q = [0usize; 256];
    for &q in qs {
        per_q[q as usize] += 1;
    }
    let (mut q_min, mut taken) = (256usize, 0usize);
    while q_min > 1 && taken + per_q[q_min - 1] <= HOT_WORDS {
        q_min -= 1;
        taken += per_q[q_min];
    }
    let mut hot = FreqTable::with_capacity(taken);
    for i in 0..n {
        if qs[i] as usize >= q_min {
            hot.insert_hash(hashes[i], qs[i].max(1), decs[i]);
        }
    }
    let entries =
        keys.into_iter().enumerate().map(|(i, key)| Entry { key, q: qs[i].max(1), dec: decs[i] }).collect();
    Ok((t, hot, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_lookup() {
        let mut entries = vec![
            Entry { key: vec![7, 30, 12], q: 40, dec: 0 },
            Entry { key: vec![7, 30, 12, 18], q: 50, dec: 3 },
            Entry { key: vec![34, 28], q: 60, dec: 7 },
        ];
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        let mut bytes = Vec::new();
        encode(&entries, &mut bytes).unwrap();
        let (t, hot, back) = decode(&bytes, true).unwrap();
        assert_eq!(hot.len(), 3);
        assert_eq!(t.len(), 3);
        assert_eq!(back.len(), 3);
        assert_eq!(back[1].key, vec![7, 30, 12, 18]);
        assert_eq!(t.get_hash(hash_parts(&[&[7, 30], &[12, 18]])), Some((50, 3)));
        assert_eq!(t.get_hash(hash_parts(&[&[34, 28]])), Some((60, 7)));
        assert!(t.get_hash(hash_parts(&[&[34]])).is_none());
        assert!((t.freq(&[&[34, 28]]) - 1e-4).abs() < 1e-9);
        assert!(decode(&bytes[..bytes.len() - 3], false).is_err());
        assert!(decode(b"not gzip", false).is_err());
    }

    #[test]
    fn quantisation() {
        assert_eq!(quantise(1e-10), 1);
        assert_eq!(quantise(1e-5), 50);
        assert_eq!(quantise(0.0), 1);
        assert_eq!(quantise(1.0), 100);
    }
}
