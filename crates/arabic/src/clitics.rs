//! Clitic segmentation: the conjunctions, prepositions, future marker and article written joined
//! to an Arabic word, and the pronoun at its end, as sub-spans of the token.
//!
//! ```
//! use rasid_arabic::clitics::{render, Segmenter};
//!
//! let seg = Segmenter::embedded();
//! // «وقال» "and he said" = و + قال
//! assert_eq!(render("وقال", &seg.segment("وقال")), "و+قال");
//! // «باسمها» "in her name" = ب + اسم + ها
//! assert_eq!(render("باسمها", &seg.segment("باسمها")), "ب+اسم+ها");
//! // «للجزيرة» "for Al Jazeera" = ل + ال (written ل) + جزيرة
//! assert_eq!(render("للجزيرة", &seg.segment("للجزيرة")), "ل+ل+جزيرة");
//! // «وزارة» "ministry" is a word, not و + زارة
//! assert!(seg.segment("وزارة").is_whole());
//! ```
//!
//! The text is never touched: a [`Segmentation`] holds byte lengths into the surface token, so
//! diacritics and tatweel inside a word stay where they are («وَقـالَ» = «وَ» + «قـالَ»).
//!
//! Decisions come from corpus frequencies, not from stripping every letter that looks like a
//! clitic. Each reading of a word (whole, or conjunction + preposition + base + pronoun) is
//! scored by the frequency of its base times a bonus per clitic, against the frequency of the
//! whole word; a clitic is penalised by corpus evidence that the word is a stem of its own
//! («الوزارة» shows that «وزارة» "ministry" is not و + زارة). Spelling rules restore what
//! cliticisation changes (ل + ال → لل, ة → ت and ى → ي/ا before a pronoun). The model and how its
//! constants were set are described in `clitics/analysis.rs`; [`Params`] exposes them for tuning.
//!
//! The frequencies (wordfreq 3.1 and the ANT news corpus) are a derived table committed as
//! `data/clitics.bin.gz` (see `data/NOTICE`) and embedded in the binary. It also caches the
//! decision for each of its 617k words, so a known word costs one hash lookup and only unknown
//! words are analysed. [`build_table`] regenerates it
//! (`cargo run --release -p rasid-cli -- data build-clitics`).

mod analysis;
mod build;
mod letters;
mod table;

pub use build::{ANT, BuildStats, WORDFREQ, build_table};

pub use analysis::Params;
use analysis::{Decision, analyze, analyze_with};
use letters::{Letters, scan};
use rasid_core::{Doc, Layer, Proclitic, Segmentation, Span, Stage, StageError, TokenKind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use table::{FreqTable, decode};

/// File name of the committed table under `crates/arabic/data/`.
pub const TABLE_FILE: &str = "clitics.bin.gz";

static EMBEDDED: &[u8] = include_bytes!("../data/clitics.bin.gz");

/// Errors of building, loading and evaluating the clitic segmenter.
#[derive(Debug, thiserror::Error)]
pub enum CliticError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A corpus or gold file has a malformed line.
    #[error("{path}:{line}: {reason}")]
    Parse { path: PathBuf, line: usize, reason: String },
    /// The table file is not one that [`build_table`] writes.
    #[error("clitic table is corrupt: {reason}")]
    Corrupt { reason: &'static str },
}

/// Segments Arabic words into proclitics, base and enclitic. Cheap to share (`&'static` via
/// [`Segmenter::embedded`]); `segment` takes `&self`, allocates nothing and never panics.
pub struct Segmenter {
    /// Every word of the table.
    table: FreqTable,
    /// The ~15k most frequent words again, small enough to stay in cache (they are most of
    /// the words of news text).
    hot: FreqTable,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter").field("words", &self.table.len()).finish()
    }
}

impl Segmenter {
    /// The segmenter over the table embedded in the binary, decoded once on first use.
    pub fn embedded() -> &'static Segmenter {
        static S: OnceLock<Segmenter> = OnceLock::new();
        S.get_or_init(|| {
            // The embedded table is written by `build_table` and checked by the tests: failing
            // to decode it is a broken build, not an input problem.
            Segmenter::from_bytes(EMBEDDED).expect("embedded clitic table is corrupt; rebuild it")
        })
    }

    /// A segmenter over a table in the format [`build_table`] writes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Segmenter, CliticError> {
        let (table, hot, _) = decode(bytes, false)?;
        Ok(Segmenter { table, hot })
    }

    /// A segmenter over a table file (e.g. one just rebuilt).
    pub fn load(path: &Path) -> Result<Segmenter, CliticError> {
        let bytes = std::fs::read(path).map_err(|source| CliticError::Io { path: path.into(), source })?;
        Segmenter::from_bytes(&bytes)
    }

    /// Number of words in the table.
    pub fn words(&self) -> usize {
        self.table.len()
    }

    /// The segmentation of one surface word. Anything that is not an Arabic word (letters with
    /// optional diacritics, tatweel and joiners) is returned whole.
    pub fn segment(&self, word: &str) -> Segmentation {
        let Some(l) = scan(word) else { return Segmentation::WHOLE };
        let dec = match self.hot.get_hash(l.hash).or_else(|| self.table.get_hash(l.hash)) {
            // The table's decisions are for unmarked spellings; a tanwin rules out some.
            Some((_, d)) if !(Decision(d).is_definite() && l.indefinite()) => Decision(d),
            _ => analyze(&self.table, l.codes(), l.indefinite()),
        };
        to_segmentation(&l, dec)
    }

    /// [`Segmenter::segment_uncached`] with other model constants: for tuning them on a
    /// development set before changing [`Params::DEFAULT`] and rebuilding the table.
    pub fn segment_tuned(&self, word: &str, params: &Params) -> Segmentation {
        let Some(l) = scan(word) else { return Segmentation::WHOLE };
        to_segmentation(&l, analyze_with(&self.table, l.codes(), params, l.indefinite()))
    }

    /// Like [`Segmenter::segment`] but always analysing, ignoring the decision cached in the
    /// table (to check the cache, and to try changes to the analysis without a rebuild).
    pub fn segment_uncached(&self, word: &str) -> Segmentation {
        let Some(l) = scan(word) else { return Segmentation::WHOLE };
        to_segmentation(&l, analyze(&self.table, l.codes(), l.indefinite()))
    }
}

/// Turns a decision over letters into byte lengths over the surface word; whole if it does not
/// fit the letters (a stale table or a fingerprint collision) or a part is over 255 bytes.
#[inline]
fn to_segmentation(l: &Letters, dec: Decision) -> Segmentation {
    let sh = dec.shape();
    if sh.is_whole() {
        return Segmentation::WHOLE;
    }
    let w = l.codes();
    let mut seg = Segmentation::WHOLE;
    let mut at = 0usize;
    for &(p, letter) in &sh.pre[..sh.n_pre as usize] {
        let len = match (letter, w.get(at), w.get(at + 1)) {
            (0, Some(&letters::ALEF), Some(&letters::LAM)) => 2,
            (0, Some(&letters::LAM), _) if at > 0 && w[at - 1] == letters::LAM => 1,
            (0, _, _) => return Segmentation::WHOLE,
            (want, Some(&c), _) if c == want => 1,
            _ => return Segmentation::WHOLE,
        };
        let Ok(bytes) = u8::try_from(l.part_len(at, at + len)) else { return Segmentation::WHOLE };
        seg.push_proclitic(p, bytes);
        at += len;
    }
    if sh.enc > 0 {
        let (letters, kind) = analysis::ENCLITICS[sh.enc as usize - 1];
        // (A byte loop: `ends_with` would call memcmp for two or three bytes.)
        if at + letters.len() > w.len() || !w.iter().rev().zip(letters.iter().rev()).all(|(a, b)| a == b) {
            return Segmentation::WHOLE;
        }
        let from = l.start[l.n - letters.len()];
        let Ok(bytes) = u8::try_from(l.start[l.n] - from) else { return Segmentation::WHOLE };
        seg.set_enclitic(kind, bytes);
    }
    seg
}

/// The parts of a segmented word joined with `+`, proclitics first: «ب+اسم+ها». The article
/// after ل shows as the ل it is written with («ل+ل+جزيرة»); an empty base is left out («ل+ه»).
pub fn render(word: &str, seg: &Segmentation) -> String {
    let span = Span::new(0, word.len() as u32);
    if !seg.fits(span) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len() + 8);
    let mut push = |s: Span| {
        if let Some(t) = word.get(s.range())
            && !t.is_empty()
        {
            if !out.is_empty() {
                out.push('+');
            }
            out.push_str(t);
        }
    };
    for (_, s) in seg.proclitics(span) {
        push(s);
    }
    push(seg.base(span));
    if let Some((_, s)) = seg.enclitic(span) {
        push(s);
    }
    out
}

/// Byte offsets (inside the word) where the segmentation puts a boundary, in order and without
/// duplicates. With `merge_article`, the boundary after the article is left out, as treebanks
/// that keep ال on its noun write it (UD: «بالنسبة» = ب + النسبة, «للسلطة» = ل + لسلطة).
pub fn boundaries(word_len: usize, seg: &Segmentation, merge_article: bool, out: &mut Vec<u32>) {
    let span = Span::new(0, word_len.min(u32::MAX as usize) as u32);
    if !seg.fits(span) {
        return;
    }
    let mut push = |b: u32| {
        if b > 0 && b < span.end && out.last() != Some(&b) {
            out.push(b);
        }
    };
    for (p, s) in seg.proclitics(span) {
        if !(merge_article && p == Proclitic::Al) {
            push(s.end);
        }
    }
    if let Some((_, s)) = seg.enclitic(span) {
        push(s.start);
    }
}

/// The pipeline stage: fills [`rasid_core::Token::seg`] of every Arabic word token.
pub struct CliticStage {
    seg: &'static Segmenter,
}

impl CliticStage {
    /// The stage over the embedded table.
    pub fn new() -> CliticStage {
        CliticStage { seg: Segmenter::embedded() }
    }

    /// The stage over another segmenter (e.g. `Box::leak(Box::new(Segmenter::load(path)?))`).
    pub fn with_segmenter(seg: &'static Segmenter) -> CliticStage {
        CliticStage { seg }
    }
}

impl Default for CliticStage {
    fn default() -> Self {
        CliticStage::new()
    }
}

impl Stage for CliticStage {
    fn name(&self) -> &'static str {
        "clitics"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Segments]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        for i in 0..doc.tokens.len() {
            let tok = doc.tokens[i];
            if tok.kind != TokenKind::Arabic {
                continue;
            }
            let seg = match doc.text().get(tok.span.range()) {
                Some(word) => self.seg.segment(word),
                None => {
                    return Err(StageError::Input {
                        stage: "clitics",
                        reason: format!(
                            "token {i} span {}..{} is not in the text",
                            tok.span.start, tok.span.end
                        ),
                    });
                }
            };
            doc.tokens[i].seg = seg;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rasid_core::{Enclitic, Pipeline, Token};
    use std::path::PathBuf;

    fn seg(w: &str) -> String {
        render(w, &Segmenter::embedded().segment(w))
    }

    /// Small cases: surface word, expected parts. Positives from the issue and everyday news
    /// words; negatives are words whose first or last letters only look like clitics.
    const CASES: &[(&str, &str)] = &[
        // و + قال "and he said"
        ("وقال", "و+قال"),
        // ب + اسم + ها "in her name"
        ("باسمها", "ب+اسم+ها"),
        // ل + ال(ل) + جزيرة "for Al Jazeera"
        ("للجزيرة", "ل+ل+جزيرة"),
        // و + ال + حكومة "and the government"
        ("والحكومة", "و+ال+حكومة"),
        // ب + ال + نسبة "regarding"
        ("بالنسبة", "ب+ال+نسبة"),
        // و + ب + ال + تالي "and therefore"
        ("وبالتالي", "و+ب+ال+تالي"),
        // ال + جزيرة "the island / Al Jazeera"
        ("الجزيرة", "ال+جزيرة"),
        // س + يكون "will be"
        ("سيكون", "س+يكون"),
        // و + س + يكون "and will be"
        ("وسيكون", "و+س+يكون"),
        // ف + إن "so indeed"
        ("فإن", "ف+إن"),
        // حكومة + ه "his government" (ة written ت)
        ("حكومته", "حكومت+ه"),
        // على + ه "on him" (ى written ي)
        ("عليه", "علي+ه"),
        // أن + ه "that he"
        ("أنه", "أن+ه"),
        // في + ها "in it"
        ("فيها", "في+ها"),
        // ل + ه "for him": preposition and pronoun, no base
        ("له", "ل+ه"),
        // ب + ها "with it"
        ("بها", "ب+ها"),
        // نشرت + ها "she published it"
        ("نشرتها", "نشرت+ها"),
        // ل + أن "because"
        ("لأن", "ل+أن"),
        // و + في "and in"
        ("وفي", "و+في"),
        // ب + سبب "because of"
        ("بسبب", "ب+سبب"),
        // Negatives: "ministry", "statement", "book", "state", "Palestine", "Britain",
        // "Lebanon", "she was", "idea", "film", "Albania", "Egyptian", "bank", "God", "which".
        ("وزارة", "وزارة"),
        ("بيان", "بيان"),
        ("كتاب", "كتاب"),
        ("ولاية", "ولاية"),
        ("فلسطين", "فلسطين"),
        ("بريطانيا", "بريطانيا"),
        ("لبنان", "لبنان"),
        ("كانت", "كانت"),
        ("فكرة", "فكرة"),
        ("فيلم", "فيلم"),
        ("البانيا", "البانيا"),
        // form VIII verbs of roots in ل, not the article: "he met", "she committed", "he joined"
        ("التقى", "التقى"),
        ("التزمت", "التزمت"),
        ("التحق", "التحق"),
        ("التقرير", "ال+تقرير"), // "the report": the article
        ("مصري", "مصري"),
        ("بنك", "بنك"),
        ("الله", "الله"),
        ("الذي", "الذي"),
        ("كما", "كما"),
        ("لكن", "لكن"),
        ("فقط", "فقط"),
        ("سيارة", "سيارة"),
        ("السيد", "ال+سيد"),
        // ل + لبنان "for Lebanon": the ل is not the article here
        ("للبنان", "ل+لبنان"),
    ];

    #[test]
    fn table_of_cases() {
        let mut bad = Vec::new();
        for &(w, want) in CASES {
            let got = seg(w);
            if got != want {
                bad.push(format!("{w}: want {want}, got {got}"));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn kinds_and_lengths() {
        let s = Segmenter::embedded().segment("باسمها");
        let span = Span::new(0, "باسمها".len() as u32);
        let pre: Vec<_> = s.proclitics(span).collect();
        assert_eq!(pre, vec![(Proclitic::Bi, Span::new(0, 2))]);
        assert_eq!(s.base(span), Span::new(2, 8));
        assert_eq!(s.enclitic(span), Some((Enclitic::Ha, Span::new(8, 12))));
        let s = Segmenter::embedded().segment("للجزيرة");
        let kinds: Vec<_> = s.proclitics(Span::new(0, 14)).map(|p| p.0).collect();
        assert_eq!(kinds, vec![Proclitic::Li, Proclitic::Al]);
    }

    #[test]
    fn diacritics_and_tatweel_stay_in_place() {
        // «وَقـالَ» "and he said", vocalised and stretched.
        assert_eq!(seg("وَقـالَ"), "وَ+قـالَ");
        // «بـاسمِهـا» "in her name" with tatweel before the pronoun.
        assert_eq!(seg("بـاسمِهـا"), "بـ+اسمِ+هـا");
        // «لِلْجَزِيرَةِ» fully vocalised.
        assert_eq!(seg("لِلْجَزِيرَةِ"), "لِ+لْ+جَزِيرَةِ");
        // Tanwin marks an indefinite noun, which takes no pronoun: «أماناً» "safety" is not
        // أما + نا, while «أمانَنا» "our safety" is أمان + نا.
        assert_eq!(seg("أماناً"), "أماناً");
        assert_eq!(seg("بشكلٍ"), "ب+شكلٍ");
    }

    #[test]
    fn not_words_stay_whole() {
        let s = Segmenter::embedded();
        for w in ["", "و", "abc", "2019", "وقال،", "«وقال", "\u{064E}\u{0640}", "ـ"] {
            assert!(s.segment(w).is_whole(), "{w:?}");
        }
    }

    #[test]
    fn unknown_words_are_analysed() {
        let s = Segmenter::embedded();
        // An invented name after و + ب: و + ب + base is only possible if the base is known,
        // so this stays whole ...
        assert!(s.segment("وبزرقلوني").is_whole());
        // ... while a long known base with clitics the table may not hold is split.
        assert_eq!(render("وبالمستشفيات", &s.segment_uncached("وبالمستشفيات")), "و+ب+ال+مستشفيات");
    }

    #[test]
    fn cached_decisions_match_the_analysis() {
        // The table's cached decisions must be what the analysis gives today (else the table
        // is stale: rebuild it). Checks a sample in debug builds.
        let (t, _, entries) = decode(EMBEDDED, true).unwrap();
        let step = if cfg!(debug_assertions) { 211 } else { 1 };
        let mut stale = Vec::new();
        for e in entries.iter().step_by(step) {
            let now = analyze(&t, &e.key, false).0;
            if now != e.dec {
                stale.push(e.key.iter().map(|&c| letters::letter_char(c)).collect::<String>());
            }
        }
        assert!(
            stale.len() <= entries.len() / step / 1000,
            "{} stale decisions, e.g. {:?}",
            stale.len(),
            &stale[..stale.len().min(10)]
        );
    }

    #[test]
    fn boundaries_merge_the_article() {
        let s = Segmenter::embedded();
        let mut b = Vec::new();
        boundaries("بالنسبة".len(), &s.segment("بالنسبة"), true, &mut b);
        assert_eq!(b, vec![2]);
        b.clear();
        boundaries("للسلطة".len(), &s.segment("للسلطة"), true, &mut b);
        assert_eq!(b, vec![2]);
        b.clear();
        boundaries("له".len(), &s.segment("له"), true, &mut b);
        assert_eq!(b, vec![2]);
    }

    /// Splits on spaces, marking Arabic words: just enough of a tokenizer for the stage test.
    struct Spaces;
    impl Stage for Spaces {
        fn name(&self) -> &'static str {
            "spaces"
        }
        fn requires(&self) -> &'static [Layer] {
            &[]
        }
        fn assigns(&self) -> &'static [Layer] {
            &[Layer::Tokens]
        }
        fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
            let mut at = 0;
            let mut toks = Vec::new();
            for w in doc.text().split(' ') {
                if !w.is_empty() {
                    let kind = if w.chars().all(crate::chars::is_arabic_word_char) {
                        TokenKind::Arabic
                    } else {
                        TokenKind::Latin
                    };
                    toks.push(Token::new(Span::from_range(at..at + w.len()), kind));
                }
                at += w.len() + 1;
            }
            doc.tokens = toks;
            Ok(())
        }
    }

    #[test]
    fn stage_fills_sub_spans_inside_tokens() {
        let p = Pipeline::builder().stage(Spaces).stage(CliticStage::new()).build().unwrap();
        assert!(p.provides().contains(Layer::Segments));
        // "And the spokesman in her name said: Al Jazeera" with a Latin word in the middle.
        let mut doc = Doc::new("d", "وقال الناطق باسمها CNN للجزيرة");
        p.run(&mut doc).unwrap();
        let t = &doc.tokens;
        assert_eq!(t.len(), 5);
        let parts = |i: usize| {
            let tok = t[i];
            let mut v: Vec<&str> = tok.seg.proclitics(tok.span).map(|(_, s)| doc.slice(s)).collect();
            v.push(doc.slice(tok.seg.base(tok.span)));
            if let Some((_, s)) = tok.seg.enclitic(tok.span) {
                v.push(doc.slice(s));
            }
            v
        };
        assert_eq!(parts(0), ["و", "قال"]);
        assert_eq!(parts(1), ["ال", "ناطق"]);
        assert_eq!(parts(2), ["ب", "اسم", "ها"]);
        assert!(t[3].seg.is_whole());
        assert_eq!(parts(4), ["ل", "ل", "جزيرة"]);
        for tok in t {
            for (_, s) in tok.seg.proclitics(tok.span) {
                assert!(tok.span.contains(s));
            }
        }
    }

    /// Rough segmentation throughput on ANT news (needs the shared corpus; not timed by CI):
    /// `cargo test --release -p rasid-arabic clitics_throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn clitics_throughput() {
        use std::io::BufRead;
        // The corpus folder as the CLI finds it: $RASID_CORPUS, $RASID_SHARED/corpus, or
        // ../shared/corpus from the workspace root.
        let dir = std::env::var_os("RASID_CORPUS").map(PathBuf::from).unwrap_or_else(|| {
            std::env::var_os("RASID_SHARED")
                .map(|s| PathBuf::from(s).join("corpus"))
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
        });
        let path = dir.join(ANT);
        let Ok(f) = std::fs::File::open(&path) else {
            eprintln!("skipping: {} not found", path.display());
            return;
        };
        let mut text = String::new();
        let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(f)).lines();
        for line in lines.take(5000) {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            text.push_str(v["text"].as_str().unwrap_or(""));
            text.push('\n');
        }
        // Arabic word runs, as the tokenizer would give them.
        let words: Vec<&str> =
            text.split(|c: char| !crate::chars::is_arabic_word_char(c)).filter(|w| !w.is_empty()).collect();
        let bytes: usize = words.iter().map(|w| w.len()).sum();
        let s = Segmenter::embedded();
        let mut best = f64::MAX;
        let mut split = 0;
        for _ in 0..3 {
            let t = std::time::Instant::now();
            split = words.iter().filter(|w| !s.segment(w).is_whole()).count();
            best = best.min(t.elapsed().as_secs_f64());
        }
        let share = split as f64 / words.len() as f64;
        eprintln!(
            "{} words, {:.1} MB: {:.0} MB/s of Arabic words, {:.0} ns/word; {:.1}% segmented",
            words.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / best,
            best * 1e9 / words.len() as f64,
            100.0 * share
        );
        assert!((0.2..0.7).contains(&share), "{share}");
    }

    /// Arabic-biased strings: clitic letters, other letters, marks, tatweel, joiners, and now
    /// and then anything at all.
    fn arabic_word() -> impl Strategy<Value = String> {
        let ch = prop_oneof![
            4 => prop::sample::select(vec!['و', 'ف', 'ب', 'ل', 'ك', 'س', 'ا', 'ه', 'ي', 'ن', 'م', 'ة', 'ت', 'ى']),
            3 => (0x0621u32..=0x064A).prop_map(|c| char::from_u32(c).unwrap()),
            2 => (0x064Bu32..=0x0652).prop_map(|c| char::from_u32(c).unwrap()),
            1 => prop::sample::select(vec!['\u{0640}', '\u{200C}', '\u{200D}', 'ٱ', 'پ', 'ی', 'ک', '\u{0670}']),
            1 => any::<char>(),
        ];
        prop::collection::vec(ch, 0..40).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn segment_never_panics_and_fits(w in arabic_word()) {
            let s = Segmenter::embedded();
            for seg in [s.segment(&w), s.segment_uncached(&w)] {
                let span = Span::new(0, w.len() as u32);
                prop_assert!(seg.fits(span));
                let mut end = 0;
                for (_, p) in seg.proclitics(span) {
                    prop_assert_eq!(p.start, end);
                    prop_assert!(!p.is_empty());
                    prop_assert!(w.is_char_boundary(p.start as usize) && w.is_char_boundary(p.end as usize));
                    end = p.end;
                }
                let b = seg.base(span);
                prop_assert_eq!(b.start, end);
                prop_assert!(w.is_char_boundary(b.start as usize) && w.is_char_boundary(b.end as usize));
                if let Some((_, e)) = seg.enclitic(span) {
                    prop_assert_eq!(e.start, b.end);
                    prop_assert_eq!(e.end, span.end);
                    prop_assert!(!e.is_empty());
                    prop_assert!(w.is_char_boundary(e.start as usize));
                }
                let _ = render(&w, &seg);
            }
        }
    }
}
