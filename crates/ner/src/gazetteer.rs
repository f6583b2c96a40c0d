//! Gazetteer: lists of country, city and other place names, organisations and person-name
//! tokens, matched over folded tokens to give the tagger features such as "this token begins a
//! known city name".
//!
//! The list is a derived file, `models/ner/gazetteer.tsv.gz` (see the NOTICE beside it): gzip of
//! sorted, de-duplicated lines `KIND<TAB>tokens`, where `KIND` is a [`GazKind::name`] and the
//! tokens are cut by the project's tokenizer, folded with [`fold_str`] and separated by single
//! spaces. [`build`] writes it from the shared corpus folder; [`Gazetteer::from_reader`] loads it.
//!
//! Matching ([`Gazetteer::annotate`]): an entry starts at a token whose folded surface equals its
//! first token, or whose base (the folded token without proclitics) does: «وطرابلس» "and
//! Tripoli" starts «طرابلس». When the proclitics end in the article (وال، بال، لل ...), the base
//! matches entries whose first token is the article + base: «والعراق» starts «العراق». A token
//! left whole (base = surface) that begins with و is also tried without it («وروسيا»). The
//! following tokens of an entry match on their surface. For each kind, matches are taken left to
//! right, longest first, without overlap; different kinds are independent (a token can be both
//! LOC_CITY and PER).
//!
//! ```
//! use rasid_ner::gazetteer::{GazKind, Gazetteer};
//! let gz = Gazetteer::from_lines("LOC_CITY\tطرابلس\nLOC_COUNTRY\tالولايات المتحده\n").unwrap();
//! // «وطرابلس والولايات المتحدة» "and Tripoli and the United States", folded
//! let surface = ["وطرابلس", "والولايات", "المتحده"];
//! let base = ["طرابلس", "ولايات", "متحده"];
//! let mut flags = Vec::new();
//! gz.annotate(&surface, &base, &mut flags);
//! assert!(flags[0].begins(GazKind::City));
//! assert!(flags[1].begins(GazKind::Country) && flags[2].inside(GazKind::Country));
//! ```
//!
//! [`build`] keeps names in Arabic script (basic Arabic letters only: Persian and Urdu spellings
//! are dropped), plus Latin names of countries, capitals and large cities for English captions;
//! it drops names with digits or punctuation, single tokens of one or two letters, stop words,
//! frequent common words (a frequency limit per kind from wordfreq, and tests for nouns and
//! adjectives, see [`build`]'s constants) and a short hand-made blocklist. Rebuild with
//! `cargo run --release -p rasid-ner --example build_gazetteer -- ../shared/corpus/gazetteer
//! models/ner/gazetteer.tsv.gz`.

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use rasid_arabic::normalize::fold_str;
use rasid_arabic::tokenize::tokenize;
use rasid_core::TokenKind;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The longest entry, in tokens.
pub const MAX_TOKENS: usize = 6;

/// Path of the committed gazetteer, relative to the workspace root.
pub const MODEL_PATH: &str = "models/ner/gazetteer.tsv.gz";

/// The kind of a gazetteer entry.
///
/// There is no first-name kind: the ANERcorp person list is a list of single name tokens (given
/// and family names mixed, no full names), so no clean first-name list can be derived from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GazKind {
    /// Countries (ISO 3166, GeoNames, world-cities, a few common short forms).
    Country,
    /// Cities and other populated places (GeoNames, world-cities).
    City,
    /// Other locations: ANERcorp's location list, continents and regions.
    Loc,
    /// Organisations (ANERcorp's list: news outlets, agencies, clubs, companies).
    Org,
    /// Person-name tokens (ANERcorp's list: given and family names).
    Per,
}

impl GazKind {
    pub const ALL: [GazKind; 5] = [GazKind::Country, GazKind::City, GazKind::Loc, GazKind::Org, GazKind::Per];

    /// The name used in the file.
    pub fn name(self) -> &'static str {
        match self {
            GazKind::Country => "LOC_COUNTRY",
            GazKind::City => "LOC_CITY",
            GazKind::Loc => "LOC",
            GazKind::Org => "ORG",
            GazKind::Per => "PER",
        }
    }

    pub fn from_name(s: &str) -> Option<GazKind> {
        GazKind::ALL.into_iter().find(|k| k.name() == s)
    }

    #[inline]
    fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for GazKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Per-token flags: for each kind, whether the token begins (B) a match of that kind or
/// continues (I) one. Bit `2k` is B and bit `2k + 1` is I for the kind of index `k`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GazFlags(pub u16);

impl GazFlags {
    #[inline]
    const fn b_bit(k: GazKind) -> u16 {
        1 << (2 * k as u16)
    }

    #[inline]
    const fn i_bit(k: GazKind) -> u16 {
        1 << (2 * k as u16 + 1)
    }

    /// The token is the first of a match of kind `k`.
    #[inline]
    pub fn begins(self, k: GazKind) -> bool {
        self.0 & Self::b_bit(k) != 0
    }

    /// The token continues a match of kind `k` (second token or later).
    #[inline]
    pub fn inside(self, k: GazKind) -> bool {
        self.0 & Self::i_bit(k) != 0
    }

    /// The token is part of a match of kind `k` (begins or continues it).
    #[inline]
    pub fn covers(self, k: GazKind) -> bool {
        self.0 & (Self::b_bit(k) | Self::i_bit(k)) != 0
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    #[inline]
    pub fn set_begins(&mut self, k: GazKind) {
        self.0 |= Self::b_bit(k);
    }

    #[inline]
    pub fn set_inside(&mut self, k: GazKind) {
        self.0 |= Self::i_bit(k);
    }
}

/// Errors of loading and building the gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GazError {
    /// A file could not be read or written (or a stream is not gzip / UTF-8).
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line of a gazetteer or source file is malformed (`line` counts from 1).
    #[error("{path}:{line}: {reason}")]
    Parse { path: PathBuf, line: usize, reason: String },
    /// A JSON source file could not be parsed.
    #[error("{path}: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
}

/// The path shown in errors of [`Gazetteer::from_reader`] (it has no file name).
const READER: &str = "<gazetteer>";

impl GazError {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> GazError + '_ {
        move |source| GazError::Io { path: path.into(), source }
    }

    /// The same error, naming `path` instead of the reader placeholder.
    fn at(self, path: &Path) -> GazError {
        match self {
            GazError::Io { source, .. } => GazError::Io { path: path.into(), source },
            GazError::Parse { line, reason, .. } => GazError::Parse { path: path.into(), line, reason },
            GazError::Json { source, .. } => GazError::Json { path: path.into(), source },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/// FxHash (as in rustc): the keys are short strings and the map is read once or twice per token.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Index of the first token in `Gazetteer::tokens`.
    start: u32,
    len: u8,
    kind: GazKind,
}

/// An entry reachable from a first-token key.
#[derive(Clone, Copy, Debug)]
struct Cand {
    entry: u32,
    /// The key is the entry's first token without its article «ال»: it matches a base whose
    /// proclitics end in the article.
    article: bool,
}

/// One match found by [`Gazetteer::find_matches`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GazMatch {
    /// First token of the match.
    pub start: usize,
    /// Number of tokens.
    pub len: usize,
    pub kind: GazKind,
    /// The entry, for [`Gazetteer::entry_text`].
    pub entry: u32,
}

/// The name lists, indexed by first token. Loaded once, shared read-only.
pub struct Gazetteer {
    /// The tokens of all entries, one entry after the other.
    tokens: Vec<Box<str>>,
    entries: Vec<Entry>,
    /// First token (or first token without the article) → range of `cands`.
    index: FxMap<Box<str>, (u32, u32)>,
    cands: Vec<Cand>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer").field("entries", &self.entries.len()).finish()
    }
}

/// Whether `surface` is `base` after a run of proclitic letters that ends in the article (ال, or
/// ل + ال written لل): «والعراق» / «عراق».
#[inline]
fn article_before(surface: &str, base: &str) -> bool {
    if base.is_empty() || base.len() >= surface.len() {
        return false;
    }
    for (p, c) in surface.char_indices().take(5) {
        if p > 0 && surface[p..].starts_with(base) {
            let pre = &surface[..p];
            return pre.ends_with("ال") || pre.ends_with("لل");
        }
        if !matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك' | 'س' | 'ا') {
            return false;
        }
    }
    false
}

impl Gazetteer {
    /// Loads the gzip file that [`build`] writes. Errors name the line (`<gazetteer>:12: ...`);
    /// [`Gazetteer::load`] names the file.
    pub fn from_reader<R: Read>(r: R) -> Result<Gazetteer, GazError> {
        let mut text = String::new();
        GzDecoder::new(r).read_to_string(&mut text).map_err(GazError::io(Path::new(READER)))?;
        Gazetteer::from_lines(&text)
    }

    /// Loads the gazetteer file at `path`.
    pub fn load(path: &Path) -> Result<Gazetteer, GazError> {
        let f = std::fs::File::open(path).map_err(GazError::io(path))?;
        Gazetteer::from_reader(std::io::BufReader::new(f)).map_err(|e| e.at(path))
    }

    /// Parses the uncompressed lines `KIND<TAB>tokens` (for tests and tools).
    pub fn from_lines(text: &str) -> Result<Gazetteer, GazError> {
        let mut parsed: Vec<(GazKind, Vec<&str>)> = Vec::with_capacity(text.len() / 24);
        for (n, line) in text.lines().enumerate() {
            let bad = |reason: String| GazError::Parse { path: READER.into(), line: n + 1, reason };
            if line.is_empty() {
                continue;
            }
            let (kind, name) = line.split_once('\t').ok_or_else(|| bad("no tab after the kind".into()))?;
            let kind = GazKind::from_name(kind).ok_or_else(|| bad(format!("unknown kind {kind:?}")))?;
            let toks: Vec<&str> = name.split(' ').collect();
            if toks.iter().any(|t| t.is_empty() || t.contains('\t')) {
                return Err(bad(format!("empty token or stray tab in {name:?}")));
            }
            if toks.len() > MAX_TOKENS {
                return Err(bad(format!("{} tokens (at most {MAX_TOKENS})", toks.len())));
            }
            parsed.push((kind, toks));
        }
        Ok(Gazetteer::from_parsed(parsed))
    }

    fn from_parsed(parsed: Vec<(GazKind, Vec<&str>)>) -> Gazetteer {
        let mut tokens = Vec::with_capacity(parsed.len() * 2);
        let mut entries = Vec::with_capacity(parsed.len());
        let mut keyed: Vec<(&str, Cand)> = Vec::with_capacity(parsed.len() + parsed.len() / 2);
        for (kind, toks) in &parsed {
            let entry = entries.len() as u32;
            entries.push(Entry { start: tokens.len() as u32, len: toks.len() as u8, kind: *kind });
            tokens.extend(toks.iter().map(|&t| Box::<str>::from(t)));
            let first = toks[0];
            keyed.push((first, Cand { entry, article: false }));
            if let Some(rest) = first.strip_prefix("ال")
                && rest.chars().count() >= 2
            {
                keyed.push((rest, Cand { entry, article: true }));
            }
        }
        // Longer entries first under each key (the scan keeps the longest per kind anyway).
        keyed.sort_by(|a, b| {
            a.0.cmp(b.0).then(entries[b.1.entry as usize].len.cmp(&entries[a.1.entry as usize].len))
        });
        let mut index = FxMap::default();
        index.reserve(keyed.len());
        let mut cands = Vec::with_capacity(keyed.len());
        let mut i = 0;
        while i < keyed.len() {
            let key = keyed[i].0;
            let from = cands.len() as u32;
            while i < keyed.len() && keyed[i].0 == key {
                cands.push(keyed[i].1);
                i += 1;
            }
            index.insert(Box::from(key), (from, cands.len() as u32));
        }
        Gazetteer { tokens, entries, index, cands }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of entries of each kind, in the order of [`GazKind::ALL`].
    pub fn counts(&self) -> [usize; GazKind::ALL.len()] {
        let mut c = [0; GazKind::ALL.len()];
        for e in &self.entries {
            c[e.kind.index()] += 1;
        }
        c
    }

    /// The kind and the folded tokens (space-separated) of an entry.
    pub fn entry_text(&self, entry: u32) -> (GazKind, String) {
        let e = self.entries[entry as usize];
        let toks = &self.tokens[e.start as usize..e.start as usize + e.len as usize];
        (e.kind, toks.join(" "))
    }

    /// Sets `out` to one [`GazFlags`] per token. `surface[i]` is the folded token, `base[i]` the
    /// folded token without its proclitics (equal to `surface[i]` when there are none); the two
    /// slices have the same length. Allocates nothing beyond growing `out`.
    pub fn annotate(&self, surface: &[&str], base: &[&str], out: &mut Vec<GazFlags>) {
        out.clear();
        out.resize(surface.len(), GazFlags::default());
        self.scan(surface, base, |m| {
            out[m.start].set_begins(m.kind);
            for f in &mut out[m.start + 1..m.start + m.len] {
                f.set_inside(m.kind);
            }
        });
    }

    /// The matches that [`Gazetteer::annotate`] marks, appended to `out` in order of start
    /// (for explaining and evaluating features).
    pub fn find_matches(&self, surface: &[&str], base: &[&str], out: &mut Vec<GazMatch>) {
        self.scan(surface, base, |m| out.push(m));
    }

    /// The kinds of the one-word entries spelt exactly `w` (folded), without the readings that
    /// matching also tries (after a conjunction, without the article).
    pub fn word_kinds(&self, w: &str) -> impl Iterator<Item = GazKind> + '_ {
        let (a, b) = self.index.get(w).copied().unwrap_or((0, 0));
        self.cands[a as usize..b as usize].iter().filter_map(|c| {
            let en = self.entries[c.entry as usize];
            (!c.article && en.len == 1).then_some(en.kind)
        })
    }

    /// Leftmost-longest matching per kind.
    #[inline]
    fn scan(&self, surface: &[&str], base: &[&str], mut emit: impl FnMut(GazMatch)) {
        debug_assert_eq!(surface.len(), base.len());
        const K: usize = GazKind::ALL.len();
        // Per kind: the token after the last match emitted.
        let mut until = [0usize; K];
        for i in 0..surface.len() {
            // Per kind: (length, entry) of the longest entry starting here.
            let mut best = [(0usize, 0u32); K];
            let mut any = false;
            let s = surface[i];
            if let Some(&(a, b)) = self.index.get(s) {
                for c in &self.cands[a as usize..b as usize] {
                    if !c.article {
                        any |= self.try_entry(surface, i, c.entry, &mut best);
                    }
                }
            }
            let b = base.get(i).copied().unwrap_or(s);
            if b != s {
                if let Some(&(lo, hi)) = self.index.get(b) {
                    let article = article_before(s, b);
                    for c in &self.cands[lo as usize..hi as usize] {
                        if c.article == article {
                            any |= self.try_entry(surface, i, c.entry, &mut best);
                        }
                    }
                }
            } else if let Some(rest) = s.strip_prefix('و')
                && rest.chars().count() >= 4
                && let Some(&(lo, hi)) = self.index.get(rest)
            {
                // «وروسيا» "and Russia" left whole by the segmenter (unknown words are where it
                // is least sure): the conjunction is the only clitic tried here, and only before
                // four letters or more («وجود» "existence" is not و + جود).
                for c in &self.cands[lo as usize..hi as usize] {
                    if !c.article {
                        any |= self.try_entry(surface, i, c.entry, &mut best);
                    }
                }
            }
            if !any {
                continue;
            }
            for k in GazKind::ALL {
                let (len, entry) = best[k.index()];
                if len > 0 && i >= until[k.index()] {
                    emit(GazMatch { start: i, len, kind: k, entry });
                    until[k.index()] = i + len;
                }
            }
        }
    }

    /// Whether entry `e` matches at token `i` (its first token already matched); records it in
    /// `best` if it is the longest of its kind so far.
    #[inline]
    fn try_entry(&self, surface: &[&str], i: usize, e: u32, best: &mut [(usize, u32)]) -> bool {
        let en = self.entries[e as usize];
        let len = en.len as usize;
        if i + len > surface.len() || best[en.kind.index()].0 >= len {
            return false;
        }
        let toks = &self.tokens[en.start as usize + 1..en.start as usize + len];
        if toks.iter().zip(&surface[i + 1..i + len]).all(|(t, s)| **t == **s) {
            best[en.kind.index()] = (len, e);
            true
        } else {
            false
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

/// Arab League members: all their places with an Arabic name are kept.
const ARAB_LEAGUE: [&str; 22] = [
    "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA", "SO",
    "SD", "SY", "TN", "AE", "YE",
];
/// Arabic names of places outside the Arab League are kept from this population up.
const MIN_POP_ARABIC: u64 = 50_000;
/// Latin names of cities are kept from this population up (and capitals, and Arab League
/// cities from [`MIN_POP_LATIN_ARAB`]).
const MIN_POP_LATIN: u64 = 1_000_000;
const MIN_POP_LATIN_ARAB: u64 = 100_000;
/// Cities from this population up are exempt from the article toggle test and get the laxest
/// frequency limit.
const BIG_CITY: u64 = 500_000;
const MID_CITY: u64 = 100_000;

/// The frequency limit of single-token names: a name more frequent than this (log10 of the
/// relative frequency of its folded form in wordfreq, spellings that fold alike summed) is
/// dropped as a common word (or, like محمد, it is so frequent that the word itself tells the
/// tagger more than a list would). Small places named after common words («يوما» "a day",
/// «ذكر» "mentioned") are the main source of false matches, so the limit depends on the size
/// of the place. Countries and hand-written names have no limit.
fn max_log_freq(kind: GazKind, pop: u64) -> f64 {
    match kind {
        GazKind::Country => f64::INFINITY,
        GazKind::City if pop >= BIG_CITY => -3.4,
        GazKind::City if pop >= MID_CITY => -4.0,
        GazKind::City => -4.5,
        GazKind::Loc => -4.0,
        GazKind::Org => -4.2,
        GazKind::Per => -3.6,
    }
}

/// Below the limit and above this, two more tests drop common words: the article toggle
/// (a word whose form with the article toggled, حرب ↔ الحرب or الاخر ↔ اخر, is nearly as
/// frequent is a noun or adjective: names rarely take or drop the article) and the feminine
/// test (a word in ي whose form in يه is nearly as frequent is a relational adjective:
/// المصري/المصريه, العلمي/العلميه; family names such as الشافعي have no such twin).
const MID_LOG_FREQ: f64 = -4.6;

/// The margin (log10) of the article toggle test: dropped when
/// `freq(toggled) > freq(word) + margin`. Person names are often adjectives too (حسن, جميل,
/// كريم), so persons get a stricter test (only the clearest common words go).
fn toggle_margin(kind: GazKind) -> f64 {
    match kind {
        GazKind::Per => -0.3,
        _ => -0.8,
    }
}

/// The margin of the feminine test.
const FEMININE_MARGIN: f64 = -0.5;

/// Entries dropped by hand (folded): common words that survive the frequency filter and fire
/// on ordinary text, found by looking at which entries fire most on O tokens of ANERcorp's
/// training split.
#[rustfmt::skip]
const BLOCKLIST: &[&str] = &[
    "رجل",        // "man" (world-cities: Isle of Man)
    "باسم",       // "in the name of" (المتحدث باسم), also the name Basim
    "male",       // capital of the Maldives, English word
    "the valley", // capital of Anguilla
    // Titles and ordinals, in ANERcorp's person list: around names, not part of them.
    "السيد", "السيده", "الشيخ", "الملك", "الامير", "الاميره", "الرئيس", "الدكتور", "الحاج", "الامام", "الاول",
    "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر",
    // Common words in ANERcorp's person list.
    "صاحب", "اسد", "رمضان", "فتح", "الخميس", "جري", "طالب", "الحق", "كامل", "يزيد", "اسماء", "العلوم", "البريه",
    "شهد", "تحسين", "جزاء", "لاحق", "مساعد", "رؤساء", "سيره", "قسم", "مسلم", "وادي", "الحرس", "الصومالي", "العبيد",
    "مني", "بني", "باي", "مشيره",
    // Common words among GeoNames' Arabic names of small places.
    "سلاله", "الجزيره", "البحر", "صفه", "لاول", "العماره", "طراز", "الحصن", "سلطات", "كسب", "اراد", "السد",
    "الكريمه", "غابه", "عقبه", "ليل",
    // A common word in ANERcorp's organisation list ("colours").
    "الوان",
];

/// Names that the sources lack or spell in a less common way, written for this project: short
/// forms of countries as the news writes them, and regions.
const EXTRA: &[(GazKind, &str)] = &[
    (GazKind::Country, "أمريكا"),
    (GazKind::Country, "أميركا"),
    (GazKind::Country, "الولايات المتحدة"),
    (GazKind::Country, "الولايات المتحدة الأمريكية"),
    (GazKind::Country, "الولايات المتحدة الأميركية"),
    (GazKind::Country, "بريطانيا"),
    (GazKind::Country, "المملكة المتحدة"),
    (GazKind::Country, "إنجلترا"),
    (GazKind::Country, "انكلترا"),
    (GazKind::Country, "اسكتلندا"),
    (GazKind::Country, "سوريا"),
    (GazKind::Country, "سورية"),
    (GazKind::Country, "روسيا"),
    (GazKind::Country, "إيران"),
    (GazKind::Country, "تركيا"),
    (GazKind::Country, "فلسطين"),
    (GazKind::Country, "السعودية"),
    (GazKind::Country, "المملكة العربية السعودية"),
    (GazKind::Country, "الإمارات"),
    (GazKind::Country, "الإمارات العربية المتحدة"),
    (GazKind::Country, "كوريا الجنوبية"),
    (GazKind::Country, "كوريا الشمالية"),
    (GazKind::Country, "كوريا"),
    (GazKind::Country, "الكونغو الديمقراطية"),
    (GazKind::Country, "جمهورية الكونغو الديمقراطية"),
    (GazKind::Country, "كوت ديفوار"),
    (GazKind::Country, "جمهورية التشيك"),
    (GazKind::Country, "بيلاروسيا"),
    (GazKind::Country, "الفاتيكان"),
    (GazKind::Country, "فيتنام"),
    (GazKind::Country, "بورما"),
    (GazKind::Country, "كوسوفو"),
    (GazKind::Country, "مولدوفا"),
    (GazKind::Country, "البوسنة"),
    (GazKind::Country, "صربيا"),
    (GazKind::Country, "الدنمارك"),
    (GazKind::Country, "الفلبين"),
    (GazKind::Country, "جنوب أفريقيا"),
    (GazKind::Country, "أفغانستان"),
    (GazKind::Country, "Syria"),
    (GazKind::Country, "Iran"),
    (GazKind::Country, "Russia"),
    (GazKind::Country, "Britain"),
    (GazKind::Country, "Palestine"),
    (GazKind::Country, "UAE"),
    (GazKind::Loc, "أفريقيا"),
    (GazKind::Loc, "إفريقيا"),
    (GazKind::Loc, "الشرق الأوسط"),
    (GazKind::Loc, "الضفة الغربية"),
    (GazKind::Loc, "قطاع غزة"),
    (GazKind::Loc, "سيناء"),
    (GazKind::Loc, "الجولان"),
    (GazKind::Loc, "كردستان"),
    (GazKind::Loc, "دارفور"),
    (GazKind::Loc, "القرم"),
    (GazKind::Loc, "كشمير"),
    (GazKind::Loc, "البلقان"),
    (GazKind::Loc, "أمريكا اللاتينية"),
    (GazKind::Loc, "شمال أفريقيا"),
    (GazKind::Loc, "شبه الجزيرة العربية"),
    (GazKind::Loc, "الخليج"),
    (GazKind::Loc, "الخليج العربي"),
    (GazKind::Loc, "الخليج الفارسي"),
    (GazKind::Loc, "الجزيرة العربية"),
    (GazKind::Loc, "بلاد الشام"),
    (GazKind::Loc, "الشام"),
    (GazKind::Loc, "الأندلس"),
    (GazKind::Loc, "الحجاز"),
    (GazKind::Loc, "النيل"),
    (GazKind::Loc, "نهر النيل"),
    (GazKind::Loc, "الفرات"),
    (GazKind::Loc, "دجلة"),
    (GazKind::Loc, "البحر المتوسط"),
    (GazKind::Loc, "البحر الأبيض المتوسط"),
    (GazKind::Loc, "البحر الأحمر"),
    (GazKind::Loc, "البحر الأسود"),
    (GazKind::Loc, "بحر العرب"),
    (GazKind::Loc, "المحيط الهندي"),
    (GazKind::Loc, "المحيط الأطلسي"),
    (GazKind::Loc, "المحيط الهادئ"),
    (GazKind::Loc, "الصحراء الكبرى"),
    (GazKind::Loc, "مضيق هرمز"),
    (GazKind::Loc, "باب المندب"),
    (GazKind::Loc, "قناة السويس"),
    (GazKind::Loc, "المدينة المنورة"),
    (GazKind::Loc, "Middle East"),
    (GazKind::Loc, "West Bank"),
    (GazKind::Loc, "Gaza Strip"),
    (GazKind::Org, "الأمم المتحدة"),
    (GazKind::Org, "مجلس الأمن"),
    (GazKind::Org, "مجلس الأمن الدولي"),
    (GazKind::Org, "الجمعية العامة للأمم المتحدة"),
    (GazKind::Org, "الاتحاد الأوروبي"),
    (GazKind::Org, "الاتحاد الأفريقي"),
    (GazKind::Org, "جامعة الدول العربية"),
    (GazKind::Org, "الجامعة العربية"),
    (GazKind::Org, "مجلس التعاون الخليجي"),
    (GazKind::Org, "مجلس التعاون لدول الخليج العربية"),
    (GazKind::Org, "منظمة التعاون الإسلامي"),
    (GazKind::Org, "حلف شمال الأطلسي"),
    (GazKind::Org, "الناتو"),
    (GazKind::Org, "أوبك"),
    (GazKind::Org, "البنك الدولي"),
    (GazKind::Org, "صندوق النقد الدولي"),
    (GazKind::Org, "منظمة الصحة العالمية"),
    (GazKind::Org, "منظمة التجارة العالمية"),
    (GazKind::Org, "الوكالة الدولية للطاقة الذرية"),
    (GazKind::Org, "اليونسكو"),
    (GazKind::Org, "اليونيسيف"),
    (GazKind::Org, "الصليب الأحمر"),
    (GazKind::Org, "الهلال الأحمر"),
    (GazKind::Org, "منظمة العفو الدولية"),
    (GazKind::Org, "هيومن رايتس ووتش"),
    (GazKind::Org, "الكونغرس"),
    (GazKind::Org, "الكنيست"),
    (GazKind::Org, "البنتاغون"),
    (GazKind::Org, "حماس"),
    (GazKind::Org, "حزب الله"),
    (GazKind::Org, "الإخوان المسلمين"),
    (GazKind::Org, "داعش"),
    (GazKind::Org, "طالبان"),
    (GazKind::Org, "القاعدة"),
    (GazKind::Org, "رويترز"),
    (GazKind::Org, "فرانس برس"),
    (GazKind::Org, "أسوشيتد برس"),
    (GazKind::Org, "تنظيم الدولة"),
    (GazKind::Org, "تنظيم الدولة الإسلامية"),
    (GazKind::Org, "الدولة الإسلامية"),
    (GazKind::Org, "أفريكوم"),
    (GazKind::Org, "القيادة الأفريقية"),
    (GazKind::Org, "القيادة الأمريكية في أفريقيا"),
    (GazKind::Org, "القيادة الأميركية في أفريقيا"),
    (GazKind::Org, "حكومة الوفاق"),
    (GazKind::Org, "حكومة الوفاق الوطني"),
    (GazKind::Org, "المجلس الرئاسي"),
    (GazKind::Org, "الجيش الوطني الليبي"),
    (GazKind::Org, "وزارة الخارجية الأميركية"),
    (GazKind::Org, "وزارة الخارجية الأمريكية"),
    (GazKind::Org, "الخارجية الأميركية"),
    (GazKind::Org, "الخارجية الأمريكية"),
    (GazKind::Org, "وزارة الدفاع الأميركية"),
    (GazKind::Org, "وزارة الدفاع الأمريكية"),
    (GazKind::Org, "البيت الأبيض"),
    (GazKind::Org, "قناة الجزيرة"),
    (GazKind::Org, "شبكة الجزيرة"),
    (GazKind::Org, "الجيش السوري الحر"),
    (GazKind::Org, "قوات سوريا الديمقراطية"),
    (GazKind::Org, "جماعة الحوثي"),
    (GazKind::Org, "أنصار الله"),
    (GazKind::Org, "جبهة النصرة"),
    (GazKind::Org, "هيئة تحرير الشام"),
    (GazKind::Org, "الحشد الشعبي"),
    (GazKind::Org, "الحرس الثوري"),
    (GazKind::Org, "التحالف الدولي"),
    (GazKind::Org, "مجلس النواب"),
    (GazKind::Org, "المفوضية الأوروبية"),
    (GazKind::Org, "الأونروا"),
    (GazKind::Org, "مجلس حقوق الإنسان"),
    (GazKind::Org, "المحكمة الجنائية الدولية"),
    (GazKind::Org, "محكمة العدل الدولية"),
    (GazKind::Org, "وكالة الأنباء الفرنسية"),
    (GazKind::Org, "وكالة رويترز"),
    (GazKind::Org, "وكالة الأناضول"),
    (GazKind::Org, "سي إن إن"),
    (GazKind::Org, "بي بي سي"),
    (GazKind::Org, "حركة حماس"),
    (GazKind::Org, "حركة فتح"),
    (GazKind::Org, "حزب العدالة والتنمية"),
    (GazKind::Org, "الكرملين"),
    (GazKind::Org, "الموساد"),
    (GazKind::Org, "وكالة المخابرات المركزية"),
    (GazKind::Org, "سي آي إيه"),
    (GazKind::Org, "إف بي آي"),
    (GazKind::Org, "United Nations"),
    (GazKind::Org, "Reuters"),
    (GazKind::Org, "AFP"),
];

/// First tokens (folded) of administrative names: «ولاية قندهار» is also entered as «قندهار».
const ADMIN_PREFIXES: &[&str] = &[
    "محافظه",
    "مقاطعه",
    "ولايه",
    "بلديه",
    "اقليم",
    "منطقه",
    "مديريه",
    "ناحيه",
    "اداره",
    "مركز",
    "قضاء",
    "مدينه",
    "ضاحيه",
];
/// First tokens (folded) of names that are not places (world-cities has some clubs and
/// universities).
const NOT_PLACE_PREFIXES: &[&str] = &["نادي", "جامعه"];

/// What a build kept and dropped.
#[derive(Clone, Debug, Default)]
pub struct GazBuildStats {
    /// Entries per kind, in the order of [`GazKind::ALL`].
    pub per_kind: [usize; GazKind::ALL.len()],
    /// Candidate names read from each source (before filtering and de-duplication).
    pub read: Vec<(&'static str, usize)>,
    /// Dropped: a letter outside the basic Arabic alphabet (Persian, Urdu ...) or another script.
    pub dropped_script: usize,
    /// Dropped: digits, punctuation or symbols, or more than [`MAX_TOKENS`] tokens.
    pub dropped_form: usize,
    /// Dropped: a single token of one or two letters, or a lone «ال».
    pub dropped_short: usize,
    /// Dropped: a stop word or a blocklisted entry.
    pub dropped_stop: usize,
    /// Dropped: a frequent or article-toggling common word.
    pub dropped_common: usize,
    /// Dropped: an ORG or PER single token that is a country or major place name.
    pub dropped_place: usize,
    /// Size of the written file.
    pub bytes: u64,
    pub seconds: f64,
}

impl GazBuildStats {
    pub fn total(&self) -> usize {
        self.per_kind.iter().sum()
    }
}

impl std::fmt::Display for GazBuildStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "gazetteer: {} entries, {} bytes, {:.1} s", self.total(), self.bytes, self.seconds)?;
        for k in GazKind::ALL {
            writeln!(f, "  {:<12} {:>7}", k.name(), self.per_kind[k.index()])?;
        }
        let read: Vec<String> = self.read.iter().map(|(s, n)| format!("{s} {n}")).collect();
        writeln!(f, "  names read: {}", read.join(", "))?;
        write!(
            f,
            "  dropped: script {}, form {}, short {}, stop/blocklist {}, common word {}, place as ORG/PER {}",
            self.dropped_script,
            self.dropped_form,
            self.dropped_short,
            self.dropped_stop,
            self.dropped_common,
            self.dropped_place
        )
    }
}

/// Why a name was not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reject {
    Script,
    Form,
    Short,
}

/// Letters of the basic Arabic alphabet, marks that folding removes, and joiners.
fn is_arabic_name_char(c: char) -> bool {
    matches!(c,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{064B}'..='\u{0652}'
        | '\u{0670}' | '\u{0671}' | '\u{0640}' | '\u{200C}'..='\u{200F}')
}

/// The folded tokens of a name, cut by the project's tokenizer. A lone «و» joins the next token
/// («البوسنة و الهرسك» → «البوسنه والهرسك»); an inner hyphen is kept as the token «-».
fn name_tokens(name: &str, latin_ok: bool) -> Result<Vec<String>, Reject> {
    let toks = tokenize(name);
    let mut out: Vec<String> = Vec::with_capacity(toks.len());
    let mut wa = false;
    let mut script = None;
    for (i, t) in toks.iter().enumerate() {
        let s = &name[t.span.range()];
        match t.kind {
            TokenKind::Arabic => {
                if !s.chars().all(is_arabic_name_char) || script == Some(TokenKind::Latin) {
                    return Err(Reject::Script);
                }
                script = Some(TokenKind::Arabic);
                let f = fold_str(s);
                if f == "و" {
                    if wa {
                        return Err(Reject::Form);
                    }
                    wa = true;
                    continue;
                }
                out.push(if std::mem::take(&mut wa) { format!("و{f}") } else { f });
            }
            TokenKind::Latin => {
                if !latin_ok || script == Some(TokenKind::Arabic) {
                    return Err(Reject::Script);
                }
                if !s.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.')) {
                    return Err(Reject::Form);
                }
                script = Some(TokenKind::Latin);
                out.push(fold_str(s));
            }
            TokenKind::Word => return Err(Reject::Script),
            TokenKind::Dash if !out.is_empty() && !wa && i + 1 < toks.len() => out.push("-".into()),
            _ => return Err(Reject::Form),
        }
    }
    if wa || out.is_empty() || out.len() > MAX_TOKENS || out.last().is_some_and(|t| t == "-") {
        return Err(Reject::Form);
    }
    if out.iter().any(|t| t == "ال" || (t != "-" && t.chars().count() < 2)) {
        return Err(Reject::Short);
    }
    if out.len() == 1 && out[0].chars().count() < 3 {
        return Err(Reject::Short);
    }
    // «والعربية» "and the Arabic": a conjunction and the article, not a name.
    if out.len() == 1 && out[0].strip_prefix("وال").is_some_and(|r| r.chars().count() >= 3) {
        return Err(Reject::Form);
    }
    Ok(out)
}

/// The part of a source name that names the place: before the first comma («سان فرناندو،
/// الفلبين»), without parenthesised qualifiers («باتي (الكاميرون)»); and the parenthesised part.
fn split_qualifiers(name: &str) -> (String, Option<String>) {
    let name = name.split([',', '،']).next().unwrap_or("");
    let mut main = String::with_capacity(name.len());
    let mut inner = String::new();
    let mut depth = 0;
    for c in name.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            _ if depth > 0 => inner.push(c),
            _ => main.push(c),
        }
    }
    let inner = inner.trim();
    (main.trim().to_string(), (!inner.is_empty()).then(|| inner.to_string()))
}

/// Word frequencies and stop words for the filters.
struct StopFilter {
    /// Folded word → summed relative frequency of its spellings.
    freq: HashMap<String, f64>,
    stop: HashSet<String>,
    block: HashSet<String>,
}

impl StopFilter {
    fn load(lexicon: &Path) -> Result<StopFilter, GazError> {
        let wf = lexicon.join("wordfreq-ar.tsv.gz");
        let f = std::fs::File::open(&wf).map_err(GazError::io(&wf))?;
        let mut freq: HashMap<String, f64> = HashMap::with_capacity(700_000);
        for (n, line) in BufReader::new(GzDecoder::new(f)).lines().enumerate() {
            let line = line.map_err(GazError::io(&wf))?;
            let bad = || GazError::Parse {
                path: wf.clone(),
                line: n + 1,
                reason: "expected word<TAB>log10 frequency".into(),
            };
            let (w, lf) = line.split_once('\t').ok_or_else(bad)?;
            let lf: f64 = lf.trim().parse().map_err(|_| bad())?;
            *freq.entry(fold_str(w)).or_insert(0.0) += 10f64.powf(lf);
        }
        let sw = lexicon.join("stopwords-ar.txt");
        let text = std::fs::read_to_string(&sw).map_err(GazError::io(&sw))?;
        let stop = text.lines().map(|l| fold_str(l.trim())).filter(|w| !w.is_empty()).collect();
        let block = BLOCKLIST.iter().map(|w| fold_str(w)).collect();
        Ok(StopFilter { freq, stop, block })
    }

    fn log_freq(&self, w: &str) -> f64 {
        self.freq.get(w).map_or(-9.0, |f| f.log10())
    }

    /// A single-token name of `kind` (a place of population `pop`) that is mostly a common word.
    fn common(&self, w: &str, kind: GazKind, pop: u64) -> bool {
        let f = self.log_freq(w);
        if f > max_log_freq(kind, pop) {
            return true;
        }
        let arabic = w.chars().next().is_some_and(|c| ('\u{0621}'..='\u{064A}').contains(&c));
        if f <= MID_LOG_FREQ || !arabic || (kind == GazKind::City && pop >= BIG_CITY) {
            return false;
        }
        let toggled = match w.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 3 => rest.to_string(),
            _ => format!("ال{w}"),
        };
        if self.log_freq(&toggled) > f + toggle_margin(kind) {
            return true;
        }
        w.ends_with('ي') && self.log_freq(&format!("{w}ه")) > f + FEMININE_MARGIN
    }
}

/// Options of one source name.
#[derive(Clone, Copy)]
struct NameOpts {
    latin_ok: bool,
    /// Exempt from the frequency filters (countries, capitals, hand-written names).
    exempt: bool,
    /// Population of the place (0 when unknown or not a place).
    pop: u64,
}

const ARABIC: NameOpts = NameOpts { latin_ok: false, exempt: false, pop: 0 };

struct Collector {
    filter: StopFilter,
    entries: BTreeSet<(GazKind, String)>,
    /// Countries, cities of 100k or more, and ANERcorp and hand-written locations (single
    /// tokens), to drop them from the ORG and PER lists.
    major_places: HashSet<String>,
    stats: GazBuildStats,
}

impl Collector {
    /// Adds a name (with its qualifiers removed); returns the folded entry if kept.
    fn add(&mut self, kind: GazKind, name: &str, opts: NameOpts) -> Option<String> {
        let toks = match name_tokens(name, opts.latin_ok) {
            Ok(t) => t,
            Err(r) => {
                match r {
                    Reject::Script => self.stats.dropped_script += 1,
                    Reject::Form => self.stats.dropped_form += 1,
                    Reject::Short => self.stats.dropped_short += 1,
                }
                return None;
            }
        };
        let joined = toks.join(" ");
        if self.filter.block.contains(&joined) || toks.iter().all(|t| self.filter.stop.contains(t)) {
            self.stats.dropped_stop += 1;
            return None;
        }
        if toks.len() == 1 && !opts.exempt && self.filter.common(&toks[0], kind, opts.pop) {
            self.stats.dropped_common += 1;
            return None;
        }
        if toks.len() == 1
            && matches!(kind, GazKind::Org | GazKind::Per)
            && self.major_places.contains(&joined)
        {
            self.stats.dropped_place += 1;
            return None;
        }
        self.entries.insert((kind, joined.clone()));
        Some(joined)
    }

    fn add_place(&mut self, kind: GazKind, name: &str, opts: NameOpts, major: bool) {
        if let Some(e) = self.add(kind, name, opts)
            && major
        {
            self.major_places.insert(e);
        }
    }

    /// A city name: also without an administrative first word («ولاية قندهار» → «قندهار»).
    fn add_city(&mut self, name: &str, opts: NameOpts, pop: u64) {
        let (main, _) = split_qualifiers(name);
        let Ok(toks) = name_tokens(&main, opts.latin_ok) else {
            self.add(GazKind::City, &main, opts); // counts the reason
            return;
        };
        if NOT_PLACE_PREFIXES.contains(&toks[0].as_str()) {
            self.stats.dropped_form += 1;
            return;
        }
        let opts = NameOpts { pop, ..opts };
        let major = pop >= MID_CITY;
        if toks.len() > 1 && ADMIN_PREFIXES.contains(&toks[0].as_str()) {
            self.add_place(GazKind::City, &toks[1..].join(" "), opts, major);
        }
        self.add_place(GazKind::City, &main, opts, major);
    }
}

#[derive(Deserialize)]
struct GeoPlace {
    name: String,
    countrycode: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct GeoCountry {
    name: String,
    #[serde(default)]
    capital: String,
}

#[derive(Deserialize)]
struct GeoContinent {
    name: String,
    #[serde(default, rename = "alternateNames")]
    alternate_names: Vec<GeoAltName>,
}

#[derive(Deserialize)]
struct GeoAltName {
    name: String,
    #[serde(default)]
    lang: String,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, GazError> {
    let f = std::fs::File::open(path).map_err(GazError::io(path))?;
    let r: Box<dyn Read> =
        if path.extension().is_some_and(|e| e == "gz") { Box::new(GzDecoder::new(f)) } else { Box::new(f) };
    serde_json::from_reader(BufReader::with_capacity(1 << 16, r))
        .map_err(|source| GazError::Json { path: path.into(), source })
}

fn read_text(path: &Path) -> Result<String, GazError> {
    let t = std::fs::read_to_string(path).map_err(GazError::io(path))?;
    Ok(t.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(t))
}

/// Fields of one CSV line (double quotes, `""` inside them). Shared with the entity
/// catalogue builder, which reads the same world-cities file.
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Builds the gazetteer from the shared corpus folder `corpus_gazetteer_dir`
/// (`../shared/corpus/gazetteer`; the frequency filter also reads `../lexicon/wordfreq-ar.tsv.gz`
/// and `../lexicon/stopwords-ar.txt` beside it) and writes it to `out`. The same sources give
/// the same bytes.
pub fn build(corpus_gazetteer_dir: &Path, out: &Path) -> Result<GazBuildStats, GazError> {
    let t0 = Instant::now();
    let dir = corpus_gazetteer_dir;
    let lexicon = dir.parent().unwrap_or(Path::new("..")).join("lexicon");
    let mut c = Collector {
        filter: StopFilter::load(&lexicon)?,
        entries: BTreeSet::new(),
        major_places: HashSet::new(),
        stats: GazBuildStats::default(),
    };
    // Every source is read into sets, so the order of reading does not matter.
    let arab: HashSet<&str> = ARAB_LEAGUE.into_iter().collect();
    let arab_ar: HashSet<String> = ARABIC_LEAGUE_AR.iter().map(|a| fold_str(a)).collect();
    let exempt = NameOpts { latin_ok: false, exempt: true, pop: 0 };
    let exempt_latin = NameOpts { latin_ok: true, exempt: true, pop: 0 };

    // Countries: ISO 3166 (Arabic and English), GeoNames countries (English) and capitals.
    let iso = dir.join("iso3166_ar_countries.tsv");
    let mut n = 0;
    for (i, line) in read_text(&iso)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 4 {
            return Err(GazError::Parse {
                path: iso,
                line: i + 1,
                reason: format!("{} fields, expected 4", f.len()),
            });
        }
        n += 2;
        for (name, latin) in [(f[2], true), (f[3], false)] {
            let (main, inner) = split_qualifiers(name);
            let opts = if latin { exempt_latin } else { exempt };
            // «Türkiye» stands in the Arabic column: Latin names are taken from the English one.
            c.add_place(GazKind::Country, &main, opts, true);
            if let Some(inner) = inner.filter(|s| !s.contains(' ')) {
                c.add_place(GazKind::Country, &inner, opts, true); // «المجر (هنغاريا)»
            }
        }
    }
    c.stats.read.push(("iso3166", n));
    let countries_path = dir.join("countries.json");
    let countries: HashMap<String, GeoCountry> = read_json(&countries_path)?;
    for k in countries.values() {
        c.add_place(GazKind::Country, &split_qualifiers(&k.name).0, exempt_latin, true);
        if !k.capital.is_empty() {
            c.add_place(GazKind::City, &split_qualifiers(&k.capital).0, exempt_latin, true);
        }
    }
    c.stats.read.push(("countries.json", countries.len() * 2));

    // Cities: world-cities (canonical Arabic names, English names of large cities).
    let wc = dir.join("world-cities.csv");
    let text = read_text(&wc)?;
    let mut n = 0;
    let mut wc_countries = BTreeSet::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f = csv_fields(line);
        if f.len() != 5 {
            return Err(GazError::Parse {
                path: wc,
                line: i + 1,
                reason: format!("{} fields, expected 5", f.len()),
            });
        }
        let pop = f[4].trim().parse::<f64>().map_or(0, |p| p.max(0.0) as u64);
        n += 1;
        if !f[0].contains('(') {
            wc_countries.insert((f[0].clone(), f[1].clone()));
        }
        c.add_city(&f[2], ARABIC, pop);
        let arab_country = arab_ar.contains(&fold_str(f[0].trim()));
        if pop >= MIN_POP_LATIN || (arab_country && pop >= MIN_POP_LATIN_ARAB) {
            c.add_city(&f[3], exempt_latin, pop);
        }
    }
    for (ar, en) in &wc_countries {
        c.add_place(GazKind::Country, &split_qualifiers(ar).0, exempt, true);
        c.add_place(GazKind::Country, &split_qualifiers(en).0, exempt_latin, true);
    }
    c.stats.read.push(("world-cities", n));

    // GeoNames places with population >= 1000: their names in Arabic script.
    let gp = dir.join("geonames-cities1000.json.gz");
    let places: HashMap<String, GeoPlace> = read_json(&gp)?;
    let mut n = 0;
    for p in places.values() {
        let in_arab = arab.contains(p.countrycode.as_str());
        if in_arab || p.population >= MIN_POP_ARABIC {
            for alt in &p.alternatenames {
                if alt.chars().any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch)) {
                    n += 1;
                    c.add_city(alt, ARABIC, p.population);
                }
            }
        }
        if p.population >= MIN_POP_LATIN || (in_arab && p.population >= MIN_POP_LATIN_ARAB) {
            n += 1;
            c.add_city(&p.name, exempt_latin, p.population);
        }
    }
    c.stats.read.push(("geonames", n));
    drop(places);

    // Continents (GeoNames, Arabic and English names) and hand-written names.
    let cp = dir.join("continents.json");
    let continents: HashMap<String, GeoContinent> = read_json(&cp)?;
    for k in continents.values() {
        c.add_place(GazKind::Loc, &k.name, exempt_latin, true);
        for a in k.alternate_names.iter().filter(|a| a.lang == "ar") {
            c.add_place(GazKind::Loc, &a.name, exempt, true);
        }
    }
    for &(kind, name) in EXTRA {
        c.add_place(kind, name, exempt_latin, true);
    }
    c.stats.read.push(("continents+extra", continents.len() + EXTRA.len()));

    // ANERcorp's lists: one name (often one token of a longer name) a line; «====» heads a
    // continent and «****» a country in the location list.
    let ag = dir.join("anergazet");
    for (file, kind) in [
        ("AlignedLocGazetteer.txt", GazKind::Loc),
        ("AlignedOrgGazetteer.txt", GazKind::Org),
        ("AlignedPersGazetteer.txt", GazKind::Per),
    ] {
        let text = read_text(&ag.join(file))?;
        let mut n = 0;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("====") || line.starts_with("****") {
                continue;
            }
            n += 1;
            let (main, _) = split_qualifiers(line);
            c.add_place(kind, &main, ARABIC, kind == GazKind::Loc);
        }
        c.stats.read.push((file, n));
    }

    let bytes = encode(&c.entries)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(GazError::io(parent))?;
    }
    std::fs::write(out, &bytes).map_err(GazError::io(out))?;
    let mut stats = c.stats;
    for (k, _) in &c.entries {
        stats.per_kind[k.index()] += 1;
    }
    stats.bytes = bytes.len() as u64;
    stats.seconds = t0.elapsed().as_secs_f64();
    Ok(stats)
}

/// Arabic names of the Arab League members as world-cities writes them.
const ARABIC_LEAGUE_AR: [&str; 22] = [
    "الجزائر",
    "البحرين",
    "جزر القمر",
    "جيبوتي",
    "مصر",
    "العراق",
    "الأردن",
    "الكويت",
    "لبنان",
    "ليبيا",
    "موريتانيا",
    "المغرب",
    "عُمان",
    "الأرض الفلسطينية المحتلة",
    "قطر",
    "المملكة العربية السعودية",
    "الصومال",
    "السودان",
    "سوريا",
    "تونس",
    "الإمارات العربية المتحدة",
    "اليمن",
];

/// The gzip bytes of the sorted entries (no file name or time in the header).
fn encode(entries: &BTreeSet<(GazKind, String)>) -> Result<Vec<u8>, GazError> {
    let mut text = String::with_capacity(entries.len() * 24);
    for (k, name) in entries {
        text.push_str(k.name());
        text.push('\t');
        text.push_str(name);
        text.push('\n');
    }
    let mut gz = GzEncoder::new(Vec::with_capacity(text.len() / 3), Compression::best());
    let out = Path::new(READER);
    gz.write_all(text.as_bytes()).map_err(GazError::io(out))?;
    gz.finish().map_err(GazError::io(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gz_bytes(text: &str) -> Vec<u8> {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap()
    }

    fn sample() -> Gazetteer {
        let lines = [
            "LOC_CITY\tطرابلس",
            "LOC_COUNTRY\tليبيا",
            "LOC_COUNTRY\tالولايات المتحده",
            "LOC_COUNTRY\tالولايات المتحده الامريكيه",
            "LOC_CITY\tنيويورك",
            "LOC_CITY\ttripoli",
            "LOC_COUNTRY\tlibya",
            "LOC\tالشرق الاوسط",
            "ORG\tوكاله الانباء",
            "ORG\tوكاله الانباء الليبيه",
            "PER\tعمر",
            "PER\tالمختار",
            "LOC_CITY\tعمر",
            "LOC_COUNTRY\tالعراق",
        ];
        Gazetteer::from_reader(&gz_bytes(&lines.join("\n"))[..]).unwrap()
    }

    fn run(g: &Gazetteer, surface: &[&str], base: &[&str]) -> Vec<GazFlags> {
        let mut out = vec![GazFlags(0xffff); 2]; // annotate must reset stale content
        g.annotate(surface, base, &mut out);
        assert_eq!(out.len(), surface.len());
        out
    }

    #[test]
    fn multi_token_and_longest_match() {
        let g = sample();
        // «وكالة الأنباء الليبية في طرابلس» "the Libyan news agency in Tripoli"
        let s = ["وكاله", "الانباء", "الليبيه", "في", "طرابلس"];
        let f = run(&g, &s, &s);
        assert!(f[0].begins(GazKind::Org) && !f[0].inside(GazKind::Org));
        assert!(f[1].inside(GazKind::Org) && f[2].inside(GazKind::Org), "the longer entry wins");
        assert!(f[3].is_empty());
        assert!(f[4].begins(GazKind::City) && !f[4].covers(GazKind::Org));

        // Only the shorter entry is there.
        let s = ["وكاله", "الانباء", "قالت"];
        let f = run(&g, &s, &s);
        assert!(f[0].begins(GazKind::Org) && f[1].inside(GazKind::Org) && f[2].is_empty());

        let s = ["الولايات", "المتحده", "الامريكيه", "و", "ليبيا"];
        let f = run(&g, &s, &s);
        assert!(f[0].begins(GazKind::Country) && f[2].inside(GazKind::Country));
        assert!(f[4].begins(GazKind::Country) && !f[4].inside(GazKind::Country));

        // A name cut short at the end of the sentence does not match.
        let s = ["الشرق"];
        assert!(run(&g, &s, &s)[0].is_empty());
    }

    #[test]
    fn adjacent_matches_of_one_kind_each_begin() {
        let g = sample();
        let s = ["ليبيا", "ليبيا"];
        let f = run(&g, &s, &s);
        assert!(f[0].begins(GazKind::Country) && f[1].begins(GazKind::Country));
        assert!(!f[1].inside(GazKind::Country));
    }

    #[test]
    fn base_matching() {
        let g = sample();
        // «وطرابلس» "and Tripoli": the base is طرابلس.
        let f = run(&g, &["وطرابلس"], &["طرابلس"]);
        assert!(f[0].begins(GazKind::City));
        // «والعراق», «بالعراق», «للعراق»: the base without the article meets «العراق».
        for (s, b) in [("والعراق", "عراق"), ("بالعراق", "عراق"), ("للعراق", "عراق"), ("العراق", "عراق")]
        {
            assert!(run(&g, &[s], &[b])[0].begins(GazKind::Country), "{s}");
        }
        // A token that the segmenter left whole: the conjunction و is tried off.
        assert!(run(&g, &["وليبيا"], &["وليبيا"])[0].begins(GazKind::Country));
        assert!(run(&g, &["والعراق"], &["والعراق"])[0].begins(GazKind::Country));
        assert!(run(&g, &["بليبيا"], &["بليبيا"])[0].is_empty());
        // Without an article before it, the bare base does not meet an article entry.
        assert!(run(&g, &["بعراق"], &["عراق"])[0].is_empty());
        // «والولايات المتحدة»: the first token through its base, the next on its surface.
        let f = run(&g, &["والولايات", "المتحده"], &["ولايات", "متحده"]);
        assert!(f[0].begins(GazKind::Country) && f[1].inside(GazKind::Country));
        // A following token with a proclitic does not continue the entry.
        let f = run(&g, &["الولايات", "والمتحده"], &["ولايات", "متحده"]);
        assert!(f[0].is_empty() && f[1].is_empty());
        // Latin tokens (English captions, folded to lower case).
        let s = ["tripoli", ",", "libya"];
        let f = run(&g, &s, &s);
        assert!(f[0].begins(GazKind::City) && f[2].begins(GazKind::Country));
    }

    #[test]
    fn overlapping_kinds() {
        let g = sample();
        // «عمر المختار» "Omar al-Mukhtar" (also a place name «عمر» in the sample)
        let s = ["عمر", "المختار"];
        let f = run(&g, &s, &s);
        assert!(f[0].begins(GazKind::Per) && f[0].begins(GazKind::City));
        assert!(f[1].begins(GazKind::Per) && !f[1].covers(GazKind::City));
        let mut m = Vec::new();
        g.find_matches(&s, &s, &mut m);
        let kinds: Vec<(usize, GazKind)> = m.iter().map(|m| (m.start, m.kind)).collect();
        assert_eq!(kinds, [(0, GazKind::City), (0, GazKind::Per), (1, GazKind::Per)]);
        assert_eq!(g.entry_text(m[0].entry), (GazKind::City, "عمر".to_string()));
    }

    #[test]
    fn malformed_file_names_the_line() {
        let bad = gz_bytes("LOC_CITY\tطرابلس\nLOC_CITY\tبنغازي\nCITY طرابلس\n");
        let e = Gazetteer::from_reader(&bad[..]).unwrap_err();
        assert!(matches!(e, GazError::Parse { line: 3, .. }), "{e}");
        assert!(e.to_string().contains(":3:"), "{e}");
        let e = Gazetteer::from_reader(&gz_bytes("PLANET\tالمريخ\n")[..]).unwrap_err();
        assert!(e.to_string().contains("unknown kind"), "{e}");
        let e = Gazetteer::from_reader(&gz_bytes("PER\tا  ب\n")[..]).unwrap_err();
        assert!(matches!(e, GazError::Parse { line: 1, .. }), "{e}");
        let e = Gazetteer::from_reader(&gz_bytes("PER\ta b c d e f g\n")[..]).unwrap_err();
        assert!(e.to_string().contains("tokens"), "{e}");
        // Not gzip at all.
        assert!(matches!(Gazetteer::from_reader(&b"LOC\tx\n"[..]), Err(GazError::Io { .. })));
        // A file on disk: the error names it.
        let dir = std::env::temp_dir().join(format!("rasid-gaz-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("bad.tsv.gz");
        std::fs::write(&p, &bad).unwrap();
        let e = Gazetteer::load(&p).unwrap_err().to_string();
        assert!(e.contains("bad.tsv.gz:3:"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn round_trip() {
        let mut set = BTreeSet::new();
        set.insert((GazKind::Per, "المختار".to_string()));
        set.insert((GazKind::City, "طرابلس".to_string()));
        set.insert((GazKind::Country, "الولايات المتحده".to_string()));
        set.insert((GazKind::City, "نيو - يورك".to_string()));
        let bytes = encode(&set).unwrap();
        assert_eq!(bytes, encode(&set).unwrap(), "deterministic bytes");
        let g = Gazetteer::from_reader(&bytes[..]).unwrap();
        assert_eq!(g.len(), 4);
        assert_eq!(g.counts(), [1, 2, 0, 0, 1]);
        let back: BTreeSet<(GazKind, String)> = (0..g.len() as u32).map(|i| g.entry_text(i)).collect();
        assert_eq!(back, set);
        // Lines are sorted by kind, then name.
        let mut text = String::new();
        GzDecoder::new(&bytes[..]).read_to_string(&mut text).unwrap();
        assert!(text.starts_with("LOC_COUNTRY\tالولايات المتحده\nLOC_CITY\t"), "{text}");
    }

    #[test]
    fn kinds_and_flags() {
        for k in GazKind::ALL {
            assert_eq!(GazKind::from_name(k.name()), Some(k));
            let mut f = GazFlags::default();
            assert!(f.is_empty());
            f.set_begins(k);
            assert!(f.begins(k) && !f.inside(k) && f.covers(k));
            for o in GazKind::ALL.into_iter().filter(|&o| o != k) {
                assert!(!f.covers(o));
            }
        }
    }

    #[test]
    fn names_are_cut_and_filtered() {
        assert_eq!(name_tokens("البوسنة و الهرسك", false).unwrap(), ["البوسنه", "والهرسك"]);
        assert_eq!(name_tokens("تيمور-ليستي", false).unwrap(), ["تيمور", "-", "ليستي"]);
        assert_eq!(name_tokens("الإمارات العربيّة المتحدّة", false).unwrap(), ["الامارات", "العربيه", "المتحده"]);
        assert_eq!(name_tokens("Guinea-Bissau", true).unwrap(), ["guinea-bissau"]);
        assert_eq!(name_tokens("Tripoli", false), Err(Reject::Script));
        assert_eq!(name_tokens("بانگكوك", false), Err(Reject::Script)); // Persian گ
        assert_eq!(name_tokens("santa ٹykla", true), Err(Reject::Script));
        assert_eq!(name_tokens("قم", false), Err(Reject::Short));
        assert_eq!(name_tokens("ال تارتر", false), Err(Reject::Short));
        assert_eq!(name_tokens("2019", false), Err(Reject::Form));
        assert_eq!(name_tokens("-", false), Err(Reject::Form));
        assert_eq!(split_qualifiers("سان فرناندو، الفلبين"), ("سان فرناندو".into(), None));
        assert_eq!(split_qualifiers("المجر (هنغاريا)"), ("المجر".into(), Some("هنغاريا".into())));
        assert_eq!(csv_fields(r#""a,b","c""d",3"#), ["a,b", "c\"d", "3"]);
    }

    #[test]
    fn article_detection() {
        assert!(article_before("والعراق", "عراق"));
        assert!(article_before("للعراق", "عراق"));
        assert!(article_before("العراق", "عراق"));
        assert!(!article_before("وطرابلس", "طرابلس"));
        assert!(!article_before("طرابلس", "طرابلس"));
        assert!(!article_before("مالعراق", "عراق"));
    }

    /// The committed file loads, quickly, and knows the main names (skipped when it is not
    /// there, e.g. before the first build).
    #[test]
    fn committed_file_loads() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(MODEL_PATH);
        if !p.exists() {
            return;
        }
        let g = Gazetteer::load(&p).unwrap();
        assert!(g.len() > 10_000);
        let s = ["طرابلس", "ليبيا", "القاهره", "tripoli", "libya"];
        let f = run(&g, &s, &s);
        assert!(f[0].begins(GazKind::City) && f[1].begins(GazKind::Country) && f[2].begins(GazKind::City));
        assert!(f[3].begins(GazKind::City) && f[4].begins(GazKind::Country));
    }
}
