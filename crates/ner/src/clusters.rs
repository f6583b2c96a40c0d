//! Word clusters learnt from unlabeled news: hierarchical bit-string paths in the manner of Brown
//! clusters (Brown et al. 1992; used as NER features by Ratinov & Roth 2009, Koo et al. 2008).
//!
//! # Keys
//!
//! A word's key is the lossy fold of the whole token ([`rasid_arabic::normalize::fold`]: hamza
//! alefs unified, ى → ي, ة → ه, diacritics and tatweel removed, Latin lowercased, Arabic-Indic
//! digits to ASCII) with every ASCII digit then written as `0` («2018» → «0000»). Clitics stay
//! attached: «وطرابلس» and «طرابلس» are two keys. URLs, e-mails, hashtags and mentions have one
//! placeholder key each (`<url>` ...). [`token_key`] computes the key of a token; [`Clusters::get`]
//! takes a folded token and maps its digits itself. Punctuation tokens are clustered too (they are
//! the strongest contexts), so they have paths as well.
//!
//! Only whole tokens are clustered, not clitic-stripped bases: the model is a bigram model over
//! the token stream, and a token cannot be both itself and its base in one stream. The bases
//! that matter (names, places) occur often enough on their own («ليبيا» as well as «وليبيا») to
//! get a path of their own, which a tagger can look up for the base of a cliticised token.
//!
//! # Algorithm
//!
//! The objective is the class-bigram log-likelihood of Brown et al. (equivalently the average
//! mutual information of adjacent classes), `Σ f(N(c,d)) − Σ f(N(c,·)) − Σ f(N(·,d))` with
//! `f(x) = x ln x`, over the token stream of titles and texts (each bracketed by a boundary token;
//! words below `min_count` or beyond `max_vocab` share one «unknown» token). Two stages:
//!
//! 1. **Exchange** (Kneser & Ney 1993; Martin, Liermann & Ney 1998): the `K` most frequent words
//!    start in classes of their own, every other word in a class drawn from a seeded hash. Each
//!    iteration visits the words by decreasing frequency and moves each to the class that
//!    increases the objective most (two-sided: the word's left and right context classes). With
//!    the word's context counts gathered per class, a move costs `O(K · (|L(w)| + |R(w)|))`
//!    where `L(w)`, `R(w)` are the distinct classes seen left and right of `w`; the `K`
//!    candidate classes are scored in parallel, and the choice does not depend on the thread
//!    schedule (every score is computed the same way, ties go to the lowest class).
//! 2. **Agglomeration** (Brown et al.): the `K` classes are merged pairwise, each time the pair
//!    whose merge loses least of the same objective, until one remains; the merge tree gives
//!    the paths (first child `0`, second `1`). The loss of every pair is kept and updated in
//!    `O(1)` per pair after each merge (Brown's bookkeeping): `O(K³)` in all.
//!
//! The unknown and boundary tokens keep classes of their own in both stages: they count as
//! contexts but are never moved or merged, and are not written out.
//!
//! # File
//!
//! gzip of UTF-8 lines `word<TAB>path<TAB>count`, the path a string of `0`/`1` read from the
//! root (as in Liang's `wcluster` paths file), sorted by path, then count (descending), then word.
//! Paths are at most [`MAX_PATH_LEN`] bits. The gzip header carries no timestamp: the same corpus
//! and options give the same bytes, whatever the number of threads. Rebuild the shipped file with
//!
//! ```text
//! cargo run --release -p rasid-ner --example build_clusters -- \
//!     ../shared/corpus/news/ant-v2.1.jsonl.gz models/ner/clusters.tsv.gz
//! ```
//!
//! (defaults: 1000 classes, words seen at least 3 times, 12 exchange iterations; about 1–2
//! minutes and 180 MB on 2 cores).

use rasid_arabic::corpus::AntRecord;
use rasid_arabic::normalize::fold;
use rasid_arabic::tokenize::tokenize_into;
use rasid_core::{Token, TokenKind};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Longest path kept (bits); [`ClusterPath::prefix`] keeps the length in the bits above.
pub const MAX_PATH_LEN: u8 = 58;

/// A word's path in the cluster tree, read from the root: the first bit is the most significant
/// of the `len` low bits of `bits`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClusterPath {
    pub bits: u64,
    pub len: u8,
}

impl ClusterPath {
    /// The first `min(n, len)` bits as a feature value, tagged with that length so that
    /// prefixes of different lengths never collide: `(bits >> (len − k)) | (k << 58)` with
    /// `k = min(n, len)` (`len` is at most [`MAX_PATH_LEN`] = 58, so the value bits stay below
    /// bit 58 and the length sits in bits 58–63).
    #[inline]
    pub fn prefix(self, n: u8) -> u64 {
        let k = n.min(self.len);
        let v = if k == 0 { 0 } else { self.bits >> (self.len - k) };
        v | ((k as u64) << 58)
    }

    /// Parses a string of `0` and `1` (at most [`MAX_PATH_LEN`] characters; empty is the root).
    pub fn parse(s: &str) -> Option<ClusterPath> {
        if s.len() > MAX_PATH_LEN as usize {
            return None;
        }
        let mut bits = 0u64;
        for b in s.bytes() {
            bits = match b {
                b'0' => bits << 1,
                b'1' => (bits << 1) | 1,
                _ => return None,
            };
        }
        Some(ClusterPath { bits, len: s.len() as u8 })
    }
}

/// The path as `0`/`1` characters from the root.
impl fmt::Display for ClusterPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in (0..self.len).rev() {
            f.write_str(if (self.bits >> i) & 1 == 1 { "1" } else { "0" })?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("{}: {source}", show(path))]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {reason}", show(path))]
    Parse { path: PathBuf, line: usize, reason: String },
    #[error("bad build options: {0}")]
    Options(String),
    #[error("{}: no words to cluster", show(path))]
    Empty { path: PathBuf },
}

fn show(p: &Path) -> String {
    if p.as_os_str().is_empty() { "<reader>".to_string() } else { p.display().to_string() }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ClusterError + '_ {
    move |source| ClusterError::Io { path: path.to_path_buf(), source }
}

/// Writes the key of a token (see the module notes) into `out` (cleared first).
pub fn token_key(token_text: &str, kind: TokenKind, out: &mut String) {
    out.clear();
    match kind {
        TokenKind::Url => out.push_str("<url>"),
        TokenKind::Email => out.push_str("<email>"),
        TokenKind::Hashtag => out.push_str("<hashtag>"),
        TokenKind::Mention => out.push_str("<mention>"),
        _ => {
            fold(token_text, out);
            zero_digits(out);
        }
    }
}

/// ASCII digits to `0`, in place.
fn zero_digits(s: &mut String) {
    if s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        let z: String = s.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect();
        *s = z;
    }
}

/// A fast non-cryptographic hasher for the word table (the FxHash mix of rustc): the table is
/// fixed once loaded, so lookups of crafted keys cannot degrade it.
#[derive(Clone, Copy, Default)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type WordMap<V> = HashMap<Box<str>, V, std::hash::BuildHasherDefault<WordHasher>>;

#[derive(Clone, Copy, Debug)]
struct Entry {
    path: ClusterPath,
    count: u64,
}

/// Word clusters loaded from the committed file.
#[derive(Clone, Debug, Default)]
pub struct Clusters {
    map: WordMap<Entry>,
}

impl Clusters {
    /// Reads the gzip TSV written by [`build`].
    pub fn from_reader<R: Read>(r: R) -> Result<Clusters, ClusterError> {
        Self::read(r, Path::new(""))
    }

    /// Reads the gzip TSV at `path`.
    pub fn load(path: &Path) -> Result<Clusters, ClusterError> {
        let f = std::fs::File::open(path).map_err(io_err(path))?;
        Self::read(f, path)
    }

    fn read<R: Read>(r: R, path: &Path) -> Result<Clusters, ClusterError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(r).read_to_string(&mut text).map_err(io_err(path))?;
        let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
        let mut map = WordMap::with_capacity_and_hasher(lines, Default::default());
        for (i, line) in text.lines().enumerate() {
            let err = |reason: &str| ClusterError::Parse {
                path: path.to_path_buf(),
                line: i + 1,
                reason: reason.to_string(),
            };
            let mut it = line.split('\t');
            let (Some(word), Some(bits), Some(count), None) = (it.next(), it.next(), it.next(), it.next())
            else {
                return Err(err("expected word<TAB>path<TAB>count"));
            };
            if word.is_empty() {
                return Err(err("empty word"));
            }
            let path = ClusterPath::parse(bits).ok_or_else(|| err("path must be 0/1, at most 58 bits"))?;
            let count: u64 = count.parse().map_err(|_| err("bad count"))?;
            if map.insert(Box::from(word), Entry { path, count }).is_some() {
                return Err(err("duplicate word"));
            }
        }
        Ok(Clusters { map })
    }

    /// The path of a folded token (as [`rasid_arabic::normalize::fold_str`] gives it; ASCII
    /// digits are mapped to `0` here). `None` for words too rare to have been clustered.
    #[inline]
    pub fn get(&self, folded_word: &str) -> Option<ClusterPath> {
        self.entry(folded_word).map(|e| e.path)
    }

    /// The corpus count of a folded token (0 when it has no path).
    pub fn count(&self, folded_word: &str) -> u64 {
        self.entry(folded_word).map_or(0, |e| e.count)
    }

    fn entry(&self, w: &str) -> Option<&Entry> {
        if w.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
            let mut s = w.to_string();
            zero_digits(&mut s);
            self.map.get(s.as_str())
        } else {
            self.map.get(w)
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// All words with their paths, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, ClusterPath)> {
        self.map.iter().map(|(w, e)| (&**w, e.path))
    }
}

/// Options of [`build`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildOptions {
    /// Flat classes of the exchange stage (leaves of the tree).
    pub clusters: usize,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// At most this many words (the most frequent) are clustered.
    pub max_vocab: usize,
    /// Most exchange iterations (stops earlier when no word moves).
    pub iterations: usize,
    /// Seed of the initial class assignment.
    pub seed: u64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            clusters: 1000,
            min_count: 3,
            max_vocab: 150_000,
            iterations: 12,
            seed: 0x0052_4153_4944,
        }
    }
}

/// What a build read, did and wrote.
#[derive(Clone, Debug, Default)]
pub struct BuildStats {
    pub articles: usize,
    /// Tokens read (titles and texts).
    pub tokens: u64,
    /// Distinct keys.
    pub types: usize,
    /// Keys clustered (written).
    pub vocab: usize,
    /// Tokens covered by the clustered keys.
    pub vocab_tokens: u64,
    /// Distinct bigrams over the clustered keys, unknown and boundary tokens.
    pub bigram_types: usize,
    pub clusters: usize,
    pub iterations: usize,
    /// Words moved in each exchange iteration.
    pub moves: Vec<usize>,
    /// AMI (bits) after each exchange iteration.
    pub ami_trace: Vec<f64>,
    /// Average mutual information of adjacent classes (bits) at the start and end of exchange.
    pub ami_start: f64,
    pub ami_end: f64,
    pub max_depth: usize,
    /// Mean path length over tokens of the clustered keys.
    pub mean_depth: f64,
    /// Leaves whose path was cut to [`MAX_PATH_LEN`] bits.
    pub truncated: usize,
    pub bytes: u64,
    pub read_time: Duration,
    pub exchange_time: Duration,
    pub tree_time: Duration,
    pub total_time: Duration,
}

impl fmt::Display for BuildStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "read {} articles, {} tokens, {} types in {:.1?}",
            self.articles, self.tokens, self.types, self.read_time
        )?;
        writeln!(
            f,
            "vocabulary {} words covering {:.2}% of tokens; {} bigram types",
            self.vocab,
            100.0 * self.vocab_tokens as f64 / self.tokens.max(1) as f64,
            self.bigram_types
        )?;
        writeln!(
            f,
            "exchange: {} classes, {} iterations, AMI {:.4} -> {:.4} bits in {:.1?}",
            self.clusters, self.iterations, self.ami_start, self.ami_end, self.exchange_time
        )?;
        for (i, (m, a)) in self.moves.iter().zip(&self.ami_trace).enumerate() {
            writeln!(f, "  iteration {}: {m} moves, AMI {a:.4}", i + 1)?;
        }
        writeln!(
            f,
            "tree: depth max {} mean {:.2} (token-weighted), {} truncated, in {:.1?}",
            self.max_depth, self.mean_depth, self.truncated, self.tree_time
        )?;
        write!(f, "wrote {} bytes; total {:.1?}", self.bytes, self.total_time)
    }
}

// ---------------------------------------------------------------------------------------------
// Corpus reading

/// Keys of one article: `buf` holds them back to back, `ends[i]` is where key `i` ends; an empty
/// key (an end equal to the previous one) closes a sequence.
#[derive(Default)]
struct LineKeys {
    buf: String,
    ends: Vec<u32>,
}

/// Token stream over interned keys; [`BREAK`] closes each sequence.
struct Corpus {
    words: Vec<String>,
    counts: Vec<u64>,
    seq: Vec<u32>,
    articles: usize,
    tokens: u64,
}

const BREAK: u32 = u32::MAX;

impl Corpus {
    fn new() -> Corpus {
        Corpus { words: Vec::new(), counts: Vec::new(), seq: Vec::new(), articles: 0, tokens: 0 }
    }

    /// A corpus of in-memory sequences of keys (tests).
    #[cfg(test)]
    fn from_sequences<S: AsRef<str>>(seqs: &[Vec<S>]) -> Corpus {
        let mut c = Corpus::new();
        let mut ids = HashMap::new();
        for s in seqs {
            let mut lk = LineKeys::default();
            for w in s {
                lk.buf.push_str(w.as_ref());
                lk.ends.push(lk.buf.len() as u32);
            }
            lk.ends.push(lk.buf.len() as u32);
            c.push(&lk, &mut ids);
        }
        c
    }

    fn push(&mut self, lk: &LineKeys, ids: &mut HashMap<String, u32>) {
        let mut start = 0usize;
        for &e in &lk.ends {
            let e = e as usize;
            if e == start {
                self.seq.push(BREAK);
                continue;
            }
            let k = &lk.buf[start..e];
            let id = match ids.get(k) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    ids.insert(k.to_string(), id);
                    self.words.push(k.to_string());
                    self.counts.push(0);
                    id
                }
            };
            self.counts[id as usize] += 1;
            self.seq.push(id);
            self.tokens += 1;
            start = e;
        }
    }
}

fn keys_of_line(line: &str, path: &Path, line_no: usize) -> Result<Option<LineKeys>, ClusterError> {
    let rec = AntRecord::parse(line).map_err(|e| ClusterError::Parse {
        path: path.to_path_buf(),
        line: line_no,
        reason: e.to_string(),
    })?;
    let Some(rec) = rec else { return Ok(None) };
    let mut lk = LineKeys::default();
    let mut toks: Vec<Token> = Vec::new();
    let mut key = String::new();
    for text in rec.texts() {
        toks.clear();
        tokenize_into(text, &mut toks);
        for t in &toks {
            token_key(&text[t.span.range()], t.kind, &mut key);
            if !key.is_empty() {
                lk.buf.push_str(&key);
                lk.ends.push(lk.buf.len() as u32);
            }
        }
        lk.ends.push(lk.buf.len() as u32);
    }
    Ok(Some(lk))
}

fn read_corpus(path: &Path) -> Result<Corpus, ClusterError> {
    let f = std::fs::File::open(path).map_err(io_err(path))?;
    let mut r = BufReader::with_capacity(1 << 20, flate2::read::GzDecoder::new(f));
    let mut corpus = Corpus::new();
    let mut ids: HashMap<String, u32> = HashMap::with_capacity(1 << 19);
    const BATCH: usize = 512;
    let mut line_no = 0usize;
    loop {
        let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let mut line = String::new();
            if r.read_line(&mut line).map_err(io_err(path))? == 0 {
                break;
            }
            line_no += 1;
            batch.push((line_no, line));
        }
        if batch.is_empty() {
            break;
        }
        let keys: Vec<Result<Option<LineKeys>, ClusterError>> =
            batch.par_iter().map(|(n, l)| keys_of_line(l, path, *n)).collect();
        for k in keys {
            if let Some(lk) = k? {
                corpus.articles += 1;
                corpus.push(&lk, &mut ids);
            }
        }
    }
    Ok(corpus)
}

// ---------------------------------------------------------------------------------------------
// Counts

/// `x ln x` with a table for small counts.
struct XLogX {
    table: Vec<f64>,
}

impl XLogX {
    const N: usize = 1 << 16;

    fn new() -> XLogX {
        XLogX { table: (0..Self::N).map(|x| Self::calc(x as f64)).collect() }
    }

    #[inline]
    fn calc(x: f64) -> f64 {
        if x > 0.0 { x * x.ln() } else { 0.0 }
    }

    #[inline]
    fn f(&self, x: u64) -> f64 {
        match self.table.get(x as usize) {
            Some(&v) => v,
            None => Self::calc(x as f64),
        }
    }
}

/// Sparse adjacency: for each id, its neighbours and bigram counts.
struct Csr {
    offsets: Vec<usize>,
    items: Vec<(u32, u32)>,
}

impl Csr {
    #[inline]
    fn of(&self, w: usize) -> &[(u32, u32)] {
        &self.items[self.offsets[w]..self.offsets[w + 1]]
    }

    /// From `(key, other)` pairs sorted by key then other, counting repeats.
    fn from_sorted(n: usize, pairs: &[u64]) -> Csr {
        let mut offsets = vec![0usize; n + 1];
        let mut items: Vec<(u32, u32)> = Vec::new();
        let mut i = 0;
        while i < pairs.len() {
            let p = pairs[i];
            let mut j = i + 1;
            while j < pairs.len() && pairs[j] == p {
                j += 1;
            }
            let (k, o) = ((p >> 32) as usize, p as u32);
            offsets[k + 1] += 1;
            items.push((o, (j - i) as u32));
            i = j;
        }
        for k in 0..n {
            offsets[k + 1] += offsets[k];
        }
        Csr { offsets, items }
    }
}

/// The clustering problem: `v` words (ids by decreasing frequency), then the unknown token
/// (`v`) and the boundary token (`v + 1`).
struct Problem {
    v: usize,
    right: Csr,
    left: Csr,
    /// Corpus counts of the `v` words.
    counts: Vec<u64>,
}

impl Problem {
    /// Vocabulary, id mapping and bigram adjacency; returns the problem and the kept words.
    fn new(corpus: &Corpus, opts: &BuildOptions) -> (Problem, Vec<usize>) {
        let mut order: Vec<usize> = (0..corpus.words.len()).collect();
        order.sort_unstable_by(|&a, &b| {
            corpus.counts[b].cmp(&corpus.counts[a]).then_with(|| corpus.words[a].cmp(&corpus.words[b]))
        });
        order.retain(|&i| corpus.counts[i] >= opts.min_count as u64);
        order.truncate(opts.max_vocab);
        let v = order.len();
        let (unk, bnd) = (v as u32, v as u32 + 1);
        let mut map = vec![unk; corpus.words.len()];
        for (new, &old) in order.iter().enumerate() {
            map[old] = new as u32;
        }
        let mut pairs: Vec<u64> = Vec::with_capacity(corpus.seq.len() + 1);
        let mut prev = bnd;
        for &x in &corpus.seq {
            let cur = if x == BREAK { bnd } else { map[x as usize] };
            if !(prev == bnd && cur == bnd) {
                pairs.push(((prev as u64) << 32) | cur as u64);
            }
            prev = cur;
        }
        if prev != bnd {
            pairs.push(((prev as u64) << 32) | bnd as u64);
        }
        pairs.par_sort_unstable();
        let right = Csr::from_sorted(v + 2, &pairs);
        for p in pairs.iter_mut() {
            *p = p.rotate_left(32);
        }
        pairs.par_sort_unstable();
        let left = Csr::from_sorted(v + 2, &pairs);
        let counts = order.iter().map(|&i| corpus.counts[i]).collect();
        (Problem { v, right, left, counts }, order)
    }
}

/// Class-bigram counts with `kk` classes (dense, and its transpose for column access).
struct ClassCounts {
    kk: usize,
    m: Vec<u32>,
    mt: Vec<u32>,
    rows: Vec<u64>,
    cols: Vec<u64>,
}

impl ClassCounts {
    fn new(p: &Problem, cls: &[u32], kk: usize) -> ClassCounts {
        let mut c = ClassCounts {
            kk,
            m: vec![0; kk * kk],
            mt: vec![0; kk * kk],
            rows: vec![0; kk],
            cols: vec![0; kk],
        };
        for w in 0..p.v + 2 {
            let a = cls[w] as usize;
            for &(u, n) in p.right.of(w) {
                let b = cls[u as usize] as usize;
                c.add(a, b, n);
            }
        }
        c
    }

    #[inline]
    fn add(&mut self, a: usize, b: usize, n: u32) {
        let kk = self.kk;
        self.m[a * kk + b] += n;
        self.mt[b * kk + a] += n;
        self.rows[a] += n as u64;
        self.cols[b] += n as u64;
    }

    /// Average mutual information of adjacent classes, in bits.
    fn ami(&self, xl: &XLogX) -> f64 {
        let n: u64 = self.rows.iter().sum();
        if n == 0 {
            return 0.0;
        }
        let l = self.m.iter().map(|&x| xl.f(x as u64)).sum::<f64>()
            - self.rows.iter().map(|&x| xl.f(x)).sum::<f64>()
            - self.cols.iter().map(|&x| xl.f(x)).sum::<f64>();
        (l / n as f64 + (n as f64).ln()) / std::f64::consts::LN_2
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

// ---------------------------------------------------------------------------------------------
// Stage 1: exchange

struct Exchange {
    classes: Vec<u32>,
    ami_start: f64,
    ami_end: f64,
    moves: Vec<usize>,
    ami_trace: Vec<f64>,
}

/// Work (candidate classes × context classes) above which candidates are scored in parallel.
const PAR_WORK: usize = 1 << 14;

fn exchange(p: &Problem, k: usize, opts: &BuildOptions, xl: &XLogX) -> Exchange {
    let kk = k + 2;
    let mut cls: Vec<u32> = (0..p.v)
        .map(|w| if w < k { w as u32 } else { (splitmix(opts.seed ^ splitmix(w as u64)) % k as u64) as u32 })
        .collect();
    cls.push(k as u32); // unknown
    cls.push(k as u32 + 1); // boundary
    let mut size = vec![0usize; kk];
    for &c in &cls {
        size[c as usize] += 1;
    }
    let mut cc = ClassCounts::new(p, &cls, kk);
    let ami_start = cc.ami(xl);
    let mut rcd = vec![0u64; kk];
    let mut lcd = vec![0u64; kk];
    let mut rc: Vec<(u32, u64)> = Vec::new();
    let mut lc: Vec<(u32, u64)> = Vec::new();
    let mut gains = vec![0f64; k];
    let mut moves = Vec::new();
    let mut ami_trace = Vec::new();
    for _ in 0..opts.iterations {
        let mut moved = 0usize;
        for w in 0..p.v {
            let a = cls[w] as usize;
            if size[a] == 1 {
                continue;
            }
            // Context counts by class.
            let mut s = 0u64;
            rc.clear();
            lc.clear();
            for &(u, n) in p.right.of(w) {
                if u as usize == w {
                    s += n as u64;
                } else {
                    let d = cls[u as usize];
                    if rcd[d as usize] == 0 {
                        rc.push((d, 0));
                    }
                    rcd[d as usize] += n as u64;
                }
            }
            for &(u, n) in p.left.of(w) {
                if u as usize != w {
                    let c = cls[u as usize];
                    if lcd[c as usize] == 0 {
                        lc.push((c, 0));
                    }
                    lcd[c as usize] += n as u64;
                }
            }
            for e in rc.iter_mut() {
                e.1 = rcd[e.0 as usize];
            }
            for e in lc.iter_mut() {
                e.1 = lcd[e.0 as usize];
            }
            let nl = s + rc.iter().map(|e| e.1).sum::<u64>();
            let nr = s + lc.iter().map(|e| e.1).sum::<u64>();
            // Take w out of its class.
            let sub = |cc: &mut ClassCounts, a: usize, sign: i64| {
                for &(d, n) in &rc {
                    let n = n as i32 * sign as i32;
                    cc.m[a * kk + d as usize] = cc.m[a * kk + d as usize].wrapping_add_signed(n);
                    cc.mt[d as usize * kk + a] = cc.mt[d as usize * kk + a].wrapping_add_signed(n);
                }
                for &(c, n) in &lc {
                    let n = n as i32 * sign as i32;
                    cc.m[c as usize * kk + a] = cc.m[c as usize * kk + a].wrapping_add_signed(n);
                    cc.mt[a * kk + c as usize] = cc.mt[a * kk + c as usize].wrapping_add_signed(n);
                }
                let sn = s as i32 * sign as i32;
                cc.m[a * kk + a] = cc.m[a * kk + a].wrapping_add_signed(sn);
                cc.mt[a * kk + a] = cc.mt[a * kk + a].wrapping_add_signed(sn);
                cc.rows[a] = cc.rows[a].wrapping_add_signed(nl as i64 * sign);
                cc.cols[a] = cc.cols[a].wrapping_add_signed(nr as i64 * sign);
            };
            #[cfg(test)]
            let before = cc.ami(xl);
            sub(&mut cc, a, -1);
            // Gains of putting w into each class, a chunk of candidate classes at a time: a
            // right context class d reads column d of the counts (a row of the transpose), a
            // left context class c reads row c, both contiguous over the candidates. Every gain
            // is summed in the same order whatever the chunking, so the choice is deterministic.
            let chunk_gains = |lo: usize, out: &mut [f64]| {
                let hi = lo + out.len();
                out.fill(0.0);
                for (&(d, n), counts) in rc.iter().map(|e| (e, &cc.mt)).chain(lc.iter().map(|e| (e, &cc.m))) {
                    let line = &counts[d as usize * kk + lo..d as usize * kk + hi];
                    for (g, &x) in out.iter_mut().zip(line) {
                        *g += xl.f(x as u64 + n) - xl.f(x as u64);
                    }
                }
                for (i, g) in out.iter_mut().enumerate() {
                    let b = lo + i;
                    // The (b, b) cell takes w's bigrams with b on both sides and with itself.
                    let (rb, lb, x) = (rcd[b], lcd[b], cc.m[b * kk + b] as u64);
                    if rb > 0 {
                        *g -= xl.f(x + rb) - xl.f(x);
                    }
                    if lb > 0 {
                        *g -= xl.f(x + lb) - xl.f(x);
                    }
                    *g += xl.f(x + rb + lb + s) - xl.f(x);
                    *g -= xl.f(cc.rows[b] + nl) - xl.f(cc.rows[b]);
                    *g -= xl.f(cc.cols[b] + nr) - xl.f(cc.cols[b]);
                }
            };
            const CHUNK: usize = 128;
            if k * (rc.len() + lc.len() + 1) >= PAR_WORK {
                gains.par_chunks_mut(CHUNK).enumerate().for_each(|(i, out)| chunk_gains(i * CHUNK, out));
            } else {
                chunk_gains(0, &mut gains);
            }
            let mut best = (f64::NEG_INFINITY, 0);
            for (b, &g) in gains.iter().enumerate() {
                if g > best.0 {
                    best = (g, b);
                }
            }
            let stay = gains[a];
            let b = if best.0 > stay + 1e-9 * stay.abs().max(1.0) { best.1 } else { a };
            sub(&mut cc, b, 1);
            #[cfg(test)]
            {
                // The objective changed by gain(b) − gain(a), in nats over all bigrams.
                let n: u64 = cc.rows.iter().sum();
                let moved_by = (cc.ami(xl) - before) * n as f64 * std::f64::consts::LN_2;
                let pred = if b == a { 0.0 } else { best.0 - stay };
                assert!((moved_by - pred).abs() < 1e-6 * n as f64, "{moved_by} {pred}");
            }
            if b != a {
                cls[w] = b as u32;
                size[a] -= 1;
                size[b] += 1;
                moved += 1;
            }
            for e in &rc {
                rcd[e.0 as usize] = 0;
            }
            for e in &lc {
                lcd[e.0 as usize] = 0;
            }
        }
        moves.push(moved);
        ami_trace.push(cc.ami(xl));
        #[cfg(test)]
        {
            let fresh = ClassCounts::new(p, &cls, kk);
            assert!(fresh.m == cc.m && fresh.mt == cc.mt && fresh.rows == cc.rows && fresh.cols == cc.cols);
        }
        if moved == 0 {
            break;
        }
    }
    let ami_end = ami_trace.last().copied().unwrap_or(ami_start);
    Exchange { classes: cls, ami_start, ami_end, moves, ami_trace }
}

// ---------------------------------------------------------------------------------------------
// Stage 2: agglomeration

/// Merges the `k` classes (of `kk`; the last `kk − k` are fixed contexts) into a binary tree.
/// Returns the path of each of the `k` leaves (cut to [`MAX_PATH_LEN`]) and how many were cut.
fn agglomerate(cc: ClassCounts, k: usize, xl: &XLogX) -> (Vec<ClusterPath>, usize) {
    let kk = cc.kk;
    let ClassCounts { m, mt, mut rows, mut cols, .. } = cc;
    let mut m: Vec<u64> = m.into_iter().map(u64::from).collect();
    let mut mt: Vec<u64> = mt.into_iter().map(u64::from).collect();
    let mut active: Vec<bool> = (0..kk).map(|c| c < k).collect();
    // Loss bookkeeping: `d[a * k + b]` (a < b) is the change of the objective when merging.
    let mut d = vec![0f64; k * k];
    let pair =
        |m: &[u64], mt: &[u64], rows: &[u64], cols: &[u64], live: &[usize], a: usize, b: usize| -> f64 {
            let (ra, rb) = (&m[a * kk..(a + 1) * kk], &m[b * kk..(b + 1) * kk]);
            let (ca, cb) = (&mt[a * kk..(a + 1) * kk], &mt[b * kk..(b + 1) * kk]);
            let mut g = 0.0;
            for &x in live {
                if x != a && x != b {
                    g += xl.f(ra[x] + rb[x]) - xl.f(ra[x]) - xl.f(rb[x]);
                    g += xl.f(ca[x] + cb[x]) - xl.f(ca[x]) - xl.f(cb[x]);
                }
            }
            g += xl.f(ra[a] + ra[b] + rb[a] + rb[b]) - xl.f(ra[a]) - xl.f(ra[b]) - xl.f(rb[a]) - xl.f(rb[b]);
            g -= xl.f(rows[a] + rows[b]) - xl.f(rows[a]) - xl.f(rows[b]);
            g -= xl.f(cols[a] + cols[b]) - xl.f(cols[a]) - xl.f(cols[b]);
            g
        };
    let live_of = |active: &[bool]| -> Vec<usize> { (0..kk).filter(|&c| active[c] || c >= k).collect() };
    let better = |x: (f64, usize, usize), y: (f64, usize, usize)| {
        if y.0 > x.0 || (y.0 == x.0 && (y.1, y.2) < (x.1, x.2)) { y } else { x }
    };
    const NONE: (f64, usize, usize) = (f64::NEG_INFINITY, usize::MAX, usize::MAX);
    let mut live = live_of(&active);
    let mut best = d
        .par_chunks_mut(k)
        .enumerate()
        .map(|(a, row)| {
            let mut bst = NONE;
            for (b, slot) in row.iter_mut().enumerate().skip(a + 1) {
                *slot = pair(&m, &mt, &rows, &cols, &live, a, b);
                bst = better(bst, (*slot, a, b));
            }
            bst
        })
        .reduce(|| NONE, better);
    // Tree: leaves 0..k, internal nodes k.. with (left, right) children.
    let mut node: Vec<usize> = (0..k).collect();
    let mut children: Vec<(usize, usize)> = Vec::with_capacity(k);
    let mut left = k;
    let mut old = vec![0u64; 4 * kk];
    while left > 1 {
        let (_, a, b) = best;
        children.push((node[a], node[b]));
        node[a] = k + children.len() - 1;
        // Old rows and columns of a and b.
        old[..kk].copy_from_slice(&m[a * kk..(a + 1) * kk]);
        old[kk..2 * kk].copy_from_slice(&m[b * kk..(b + 1) * kk]);
        old[2 * kk..3 * kk].copy_from_slice(&mt[a * kk..(a + 1) * kk]);
        old[3 * kk..].copy_from_slice(&mt[b * kk..(b + 1) * kk]);
        // Merge b into a: row a' = row a + row b, column a' = column a + column b, and the
        // four cells of a and b meet in (a', a').
        let blk = old[a] + old[b] + old[kk + a] + old[kk + b];
        for x in 0..kk {
            if x == a || x == b {
                continue;
            }
            let r = old[x] + old[kk + x];
            m[a * kk + x] = r;
            mt[x * kk + a] = r;
            let c = old[2 * kk + x] + old[3 * kk + x];
            m[x * kk + a] = c;
            mt[a * kk + x] = c;
            m[b * kk + x] = 0;
            mt[x * kk + b] = 0;
            m[x * kk + b] = 0;
            mt[b * kk + x] = 0;
        }
        m[a * kk + a] = blk;
        mt[a * kk + a] = blk;
        for (x, y) in [(a, b), (b, a), (b, b)] {
            m[x * kk + y] = 0;
            mt[y * kk + x] = 0;
        }
        rows[a] += rows[b];
        cols[a] += cols[b];
        rows[b] = 0;
        cols[b] = 0;
        active[b] = false;
        left -= 1;
        live = live_of(&active);
        if left == 1 {
            break;
        }
        let (oa, ob, oca, ocb) = (&old[..kk], &old[kk..2 * kk], &old[2 * kk..3 * kk], &old[3 * kk..]);
        let (m_, mt_, rows_, cols_, live_, active_) = (&m, &mt, &rows, &cols, &live, &active);
        best = d
            .par_chunks_mut(k)
            .enumerate()
            .filter(|(c, _)| active_[*c])
            .map(|(c, row)| {
                let mut bst = NONE;
                for e in c + 1..k {
                    if !active_[e] {
                        continue;
                    }
                    if c == a || e == a {
                        row[e] = pair(m_, mt_, rows_, cols_, live_, c, e);
                    } else {
                        // Column terms of rows c, e in columns a and b, row terms of columns
                        // c, e in rows a and b: replaced by the merged column / row.
                        let f = |x: u64, y: u64| xl.f(x + y) - xl.f(x) - xl.f(y);
                        let old_terms =
                            f(oca[c], oca[e]) + f(ocb[c], ocb[e]) + f(oa[c], oa[e]) + f(ob[c], ob[e]);
                        let new_terms =
                            f(mt_[a * kk + c], mt_[a * kk + e]) + f(m_[a * kk + c], m_[a * kk + e]);
                        row[e] += new_terms - old_terms;
                    }
                    bst = better(bst, (row[e], c, e));
                }
                bst
            })
            .reduce(|| NONE, better);
        #[cfg(test)]
        for c in 0..k {
            for e in c + 1..k {
                if active[c] && active[e] {
                    let full = pair(&m, &mt, &rows, &cols, &live, c, e);
                    assert!((full - d[c * k + e]).abs() < 1e-6 * full.abs().max(1.0), "{c} {e}");
                }
            }
        }
    }
    // Paths from the root.
    let mut paths = vec![ClusterPath { bits: 0, len: 0 }; k];
    let mut truncated = 0;
    if let Some(root) = (k + children.len()).checked_sub(1) {
        let mut stack = vec![(root, 0u64, 0usize)];
        while let Some((n, bits, len)) = stack.pop() {
            if n < k {
                if len > MAX_PATH_LEN as usize {
                    truncated += 1;
                }
                paths[n] = ClusterPath { bits, len: len.min(MAX_PATH_LEN as usize) as u8 };
            } else {
                let (l, r) = children[n - k];
                // Only the first MAX_PATH_LEN bits are kept.
                let nb = |bit: u64| if len < MAX_PATH_LEN as usize { (bits << 1) | bit } else { bits };
                stack.push((r, nb(1), len + 1));
                stack.push((l, nb(0), len + 1));
            }
        }
    }
    (paths, truncated)
}

// ---------------------------------------------------------------------------------------------
// Build

/// Result of clustering a corpus in memory.
struct Clustering {
    /// (word, path, count) for every clustered word.
    words: Vec<(String, ClusterPath, u64)>,
    stats: BuildStats,
}

fn cluster(corpus: &Corpus, opts: &BuildOptions) -> Result<Clustering, ClusterError> {
    if opts.clusters == 0 || opts.max_vocab == 0 || opts.min_count == 0 {
        return Err(ClusterError::Options("clusters, max_vocab and min_count must be positive".into()));
    }
    if opts.clusters > 1 << 16 {
        return Err(ClusterError::Options("at most 65536 clusters".into()));
    }
    let t = Instant::now();
    let (p, order) = Problem::new(corpus, opts);
    if p.right.items.iter().map(|e| e.1 as u64).sum::<u64>() >= i32::MAX as u64 {
        return Err(ClusterError::Options("corpus too large: at most 2^31 tokens".into()));
    }
    if p.v == 0 {
        return Err(ClusterError::Empty { path: PathBuf::new() });
    }
    let k = opts.clusters.min(p.v);
    let xl = XLogX::new();
    let ex = exchange(&p, k, opts, &xl);
    let exchange_time = t.elapsed();
    let t = Instant::now();
    let cc = ClassCounts::new(&p, &ex.classes, k + 2);
    let (leaf_paths, truncated) = agglomerate(cc, k, &xl);
    let tree_time = t.elapsed();
    let mut words = Vec::with_capacity(p.v);
    let mut depth_sum = 0f64;
    let mut vocab_tokens = 0u64;
    let mut max_depth = 0;
    for w in 0..p.v {
        let path = leaf_paths[ex.classes[w] as usize];
        let n = p.counts[w];
        vocab_tokens += n;
        depth_sum += path.len as f64 * n as f64;
        max_depth = max_depth.max(path.len as usize);
        words.push((corpus.words[order[w]].clone(), path, n));
    }
    let stats = BuildStats {
        articles: corpus.articles,
        tokens: corpus.tokens,
        types: corpus.words.len(),
        vocab: p.v,
        vocab_tokens,
        bigram_types: p.right.items.len(),
        clusters: k,
        iterations: ex.moves.len(),
        moves: ex.moves,
        ami_trace: ex.ami_trace,
        ami_start: ex.ami_start,
        ami_end: ex.ami_end,
        max_depth,
        mean_depth: depth_sum / vocab_tokens.max(1) as f64,
        truncated,
        exchange_time,
        tree_time,
        ..BuildStats::default()
    };
    Ok(Clustering { words, stats })
}

/// The file's bytes: sorted lines, gzip without a timestamp.
fn encode(words: &mut [(String, ClusterPath, u64)]) -> Vec<u8> {
    let key = |p: &ClusterPath| p.to_string();
    words.sort_by(|a, b| key(&a.1).cmp(&key(&b.1)).then(b.2.cmp(&a.2)).then_with(|| a.0.cmp(&b.0)));
    let mut text = String::with_capacity(words.len() * 32);
    for (w, p, n) in words.iter() {
        use std::fmt::Write as _;
        let _ = writeln!(text, "{w}\t{p}\t{n}");
    }
    let mut gz = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::best());
    gz.write_all(text.as_bytes()).expect("writing to memory");
    gz.finish().expect("writing to memory")
}

/// Clusters the words of the ANT corpus (`news/ant-v2.1.jsonl.gz`: titles and texts) and writes
/// the paths file to `out`. Deterministic: the same corpus and options give the same bytes.
pub fn build(ant_jsonl_gz: &Path, opts: &BuildOptions, out: &Path) -> Result<BuildStats, ClusterError> {
    let t0 = Instant::now();
    let corpus = read_corpus(ant_jsonl_gz)?;
    let read_time = t0.elapsed();
    let mut c = cluster(&corpus, opts).map_err(|e| match e {
        ClusterError::Empty { .. } => ClusterError::Empty { path: ant_jsonl_gz.to_path_buf() },
        e => e,
    })?;
    drop(corpus);
    let bytes = encode(&mut c.words);
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    std::fs::write(out, &bytes).map_err(io_err(out))?;
    let mut stats = c.stats;
    stats.read_time = read_time;
    stats.bytes = bytes.len() as u64;
    stats.total_time = t0.elapsed();
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcp(a: ClusterPath, b: ClusterPath) -> u8 {
        let mut n = 0;
        while n < a.len.min(b.len) && a.prefix(n + 1) == b.prefix(n + 1) {
            n += 1;
        }
        n
    }

    /// Sentences of two kinds: «قال <name> ان ...» and «في مدينة <city> ...», with shared filler.
    fn synthetic() -> Vec<Vec<String>> {
        let names = ["محمد", "احمد", "علي", "خالد", "عمر"];
        let cities = ["طرابلس", "بنغازي", "مصراته", "سبها", "درنه"];
        let verbs = ["قال", "اكد", "اعلن"];
        let preps = ["في", "من", "الي"];
        let mut seqs = Vec::new();
        let mut r = 7u64;
        let mut pick = |n: usize| {
            r = splitmix(r);
            (r % n as u64) as usize
        };
        for _ in 0..400 {
            let (v, n, p, c) = (verbs[pick(3)], names[pick(5)], preps[pick(3)], cities[pick(5)]);
            let s: Vec<String> =
                [v, n, "ان", "الوضع", p, "مدينه", c, "هادئ", "."].iter().map(|w| w.to_string()).collect();
            seqs.push(s);
        }
        seqs
    }

    fn opts(k: usize) -> BuildOptions {
        BuildOptions { clusters: k, min_count: 1, max_vocab: 1000, iterations: 10, seed: 1 }
    }

    #[test]
    fn groups_fall_in_different_subtrees() {
        let seqs = synthetic();
        let corpus = Corpus::from_sequences(&seqs);
        let c = cluster(&corpus, &opts(6)).unwrap();
        let path = |w: &str| c.words.iter().find(|x| x.0 == w).unwrap().1;
        let names = ["محمد", "احمد", "علي", "خالد", "عمر"].map(path);
        let cities = ["طرابلس", "بنغازي", "مصراته", "سبها", "درنه"].map(path);
        // The deepest node holding all names holds no city, and the other way round.
        let within =
            |g: &[ClusterPath]| g.iter().flat_map(|&x| g.iter().map(move |&y| lcp(x, y))).min().unwrap();
        let across = names.iter().flat_map(|&x| cities.iter().map(move |&y| lcp(x, y))).max().unwrap();
        assert!(within(&names) > across, "{names:?} {cities:?}");
        assert!(within(&cities) > across, "{names:?} {cities:?}");
        assert!(c.stats.ami_end >= c.stats.ami_start);
    }

    #[test]
    fn deterministic_and_round_trip() {
        let seqs = synthetic();
        let corpus = Corpus::from_sequences(&seqs);
        let mut a = cluster(&corpus, &opts(4)).unwrap().words;
        let mut b = cluster(&corpus, &opts(4)).unwrap().words;
        let (ea, eb) = (encode(&mut a), encode(&mut b));
        assert_eq!(ea, eb);
        let cl = Clusters::from_reader(&ea[..]).unwrap();
        assert_eq!(cl.len(), a.len());
        assert!(!cl.is_empty());
        for (w, p, n) in &a {
            assert_eq!(cl.get(w), Some(*p));
            assert_eq!(cl.count(w), *n);
        }
        assert_eq!(cl.get("غير_موجود"), None);
    }

    #[test]
    fn build_from_jsonl_gz() {
        let dir = std::env::temp_dir().join(format!("rasid-clusters-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("ant.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for s in synthetic() {
            let title = s[..3].join(" ");
            let text = format!("{} عام 2018", s.join(" "));
            let line = serde_json::json!({"id": "x", "title": title, "abstract": "تجاهل", "text": text});
            writeln!(gz, "{line}").unwrap();
        }
        writeln!(gz).unwrap();
        std::fs::write(&input, gz.finish().unwrap()).unwrap();
        let (o1, o2) = (dir.join("a.tsv.gz"), dir.join("b.tsv.gz"));
        let st = build(&input, &opts(5), &o1).unwrap();
        build(&input, &opts(5), &o2).unwrap();
        assert_eq!(st.articles, 400);
        assert_eq!(std::fs::read(&o1).unwrap(), std::fs::read(&o2).unwrap());
        let cl = Clusters::load(&o1).unwrap();
        assert!(cl.get("تجاهل").is_none(), "abstracts are not read");
        // Digits map to 0, both when building and when looking up.
        assert_eq!(cl.get("2018"), cl.get("0000"));
        assert!(cl.get("2019").is_some());
        assert!(!format!("{st}").is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn prefixes() {
        let p = ClusterPath::parse("101100").unwrap();
        assert_eq!((p.bits, p.len), (0b101100, 6));
        assert_eq!(p.to_string(), "101100");
        assert_eq!(p.prefix(4), 0b1011 | (4 << 58));
        assert_eq!(p.prefix(6), p.prefix(20), "prefixes longer than the path are the path");
        assert_ne!(p.prefix(1), ClusterPath::parse("0").unwrap().prefix(1));
        // Same bits, different lengths: different values.
        let q = ClusterPath::parse("01").unwrap();
        let r = ClusterPath::parse("1").unwrap();
        assert_ne!(q.prefix(2), r.prefix(1));
        assert_eq!(q.prefix(0), r.prefix(0));
        assert_eq!(ClusterPath::parse("").unwrap().prefix(4), 0);
        assert!(ClusterPath::parse("012").is_none());
        assert!(ClusterPath::parse(&"1".repeat(59)).is_none());
        let long = ClusterPath::parse(&"1".repeat(58)).unwrap();
        assert_eq!(long.prefix(58), ((1u64 << 58) - 1) | (58 << 58));
    }

    fn gz(text: &str) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn malformed_files_are_errors_with_line_numbers() {
        let cases = [
            ("a\t01\t3\nb\t0x1\t2\n", 2, "path"),
            ("a\t01\t3\nb\t01\n", 2, "expected"),
            ("a\t01\t3\nc\t1\t2\nd\t1\tmany\n", 3, "count"),
            ("a\t01\t3\na\t1\t2\n", 2, "duplicate"),
            ("\t01\t3\n", 1, "empty"),
        ];
        for (text, line, what) in cases {
            match Clusters::from_reader(&gz(text)[..]) {
                Err(e @ ClusterError::Parse { line: l, .. }) => {
                    assert_eq!(l, line, "{text:?}");
                    assert!(e.to_string().contains(what), "{e}");
                    assert!(e.to_string().contains(&format!(":{line}:")), "{e}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert!(matches!(Clusters::from_reader(&b"not gzip"[..]), Err(ClusterError::Io { .. })));
        assert!(Clusters::from_reader(&gz("")[..]).unwrap().is_empty());
    }

    #[test]
    fn keys() {
        let mut k = String::new();
        token_key("الإرهابُ", TokenKind::Arabic, &mut k);
        assert_eq!(k, "الارهاب");
        token_key("٢٠١٨", TokenKind::Number, &mut k);
        assert_eq!(k, "0000");
        token_key("https://x.y", TokenKind::Url, &mut k);
        assert_eq!(k, "<url>");
    }
}
