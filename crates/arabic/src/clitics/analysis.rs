//! Choosing the segmentation of one word from corpus frequencies.
//!
//! A word `w` has its whole reading and the candidate readings `[conj][prep] base [enclitic]`,
//! where conj is و or ف, prep is ب ل ك or the future marker س, and the enclitic one of the
//! pronouns هما كما ها هم هن كم كن نا ني ه ك ي. Each reading gets a score and the best wins
//! (the whole reading on ties):
//!
//! * whole: `f(w)`, the word's corpus frequency (`floor_oov` if it is not in the table);
//! * split: `f(base) · Π bonus(clitic) · Π penalty(clitic)`.
//!
//! **Bonuses** are per clitic constants: a split is preferred when its base is frequent enough,
//! relative to the whole word, to explain it. «وقال» (و + قال "and he said") splits because قال is
//! as frequent as the word; «وزارة» "ministry" stays whole because زارة is almost unseen.
//!
//! **Penalties** weigh the corpus evidence *against* a clitic: the remainder of the word (clitic
//! included) occurring with something that could not stand outside that clitic.
//! `penalty = (1 + counter / (tau · f(remainder)))^-gamma`.
//!
//! * Conjunctions come first: «الوزارة», «بوزارة», «ووزارة» show that وزارة is a stem, not
//!   و + زارة. Prepositions follow only conjunctions: «البيان», «لبيان» show that «بيان»
//!   "statement" is a stem.
//! * A pronoun ends a word and excludes the article: «المصري» shows that «مصري» "Egyptian" is
//!   not مصر + ي "my Egypt"; another pronoun after it («أكدناه») shows the ending is no pronoun.
//!   A final ي that takes ة or ين («سياسية», «سياسيين») is the adjective ending.
//! * نا after a perfect verb is its subject ending, not a pronoun: a base that also takes وا or
//!   تم («أكدوا», «أكدتم») is penalised (`tau_na`), so «أكدنا» "we confirmed" stays whole while
//!   «بلادنا» "our country" splits.
//!
//! **Spelling rules.** ل + ال is written لل («للجزيرة» = ل + ال + جزيرة), so after ل a base
//! starting with ل is also read as ال + base. Before a pronoun ة is written ت and ى is written
//! ا or ي (حكومته, مستواه, عليه), so the base is looked up with ة/ى restored too (a restored ة
//! counts as evidence: `teh_mult`); also وا → و (دعوه) and ء → ؤ/ئ (أبناؤه). A base with the
//! article takes no pronoun; س only precedes an imperfect verb (ي ت ن أ); ل and ب may carry a
//! pronoun and no base (له, بها). A base with the article after a proclitic also counts a share
//! of the noun without it (`art_backoff`: «بالإضافة» "in addition", where إضافة is far more
//! common than الإضافة). Two-letter bases before a pronoun are discounted (`short_enc`).
//!
//! **The article** is split from the base afterwards (it does not compete): when the rest is a
//! word of the table, ال is not the start of a stem also spelt with hamza (البانيا is
//! ألبانيا "Albania"), the word takes no pronouns (التقاها, so التقى "he met" has no article),
//! and it is not one of the relative pronouns or الله.
//!
//! **Constants** ([`Params::DEFAULT`]) were set by coordinate search on the UD Arabic-PADT
//! treebanks (vocalised syntactic words regrouped into surface words; dev for the search,
//! test to check it) with, as negative examples, single-word names from the shared gazetteers
//! (ANERgazet persons, world-cities, ISO 3166), weighted 0.2 — never on UD Arabic-PUD, the test
//! set. Bonuses of the rare pronouns (نا, ي, ني, ك) were checked by eye on samples of corpus
//! words. Nothing derived from PADT or the gazetteers is shipped: only these numbers.

use super::letters::*;
use super::table::FreqTable;
use rasid_core::{Enclitic, Proclitic};

/// Frequency floor for a whole word absent from the table.
const FLOOR: f64 = 1e-9;

/// Conjunctions (position 1) and prepositions with the future marker (position 2), in the
/// order of [`Params::conj`] and [`Params::prep`].
const CONJ: [u8; 2] = [WAW, FEH];
const PREP: [u8; 4] = [BEH, LAM, KAF, SEEN];

/// Enclitic pronouns, longest first, in the order of [`Params::enc`].
pub(crate) const ENCLITICS: [(&[u8], Enclitic); 12] = [
    (&[HEH, MEEM, ALEF], Enclitic::Hum),
    (&[KAF, MEEM, ALEF], Enclitic::Kum),
    (&[HEH, ALEF], Enclitic::Ha),
    (&[HEH, MEEM], Enclitic::Hum),
    (&[HEH, NOON], Enclitic::Hum),
    (&[KAF, MEEM], Enclitic::Kum),
    (&[KAF, NOON], Enclitic::Kum),
    (&[NOON, ALEF], Enclitic::Na),
    (&[NOON, YEH], Enclitic::Ya),
    (&[HEH], Enclitic::Hu),
    (&[KAF], Enclitic::Ka),
    (&[YEH], Enclitic::Ya),
];

/// The constants of the model. [`Params::DEFAULT`] is what ships; other values are for tuning
/// (see [`super::Segmenter::segment_tuned`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Bonus of و and ف.
    pub conj: [f64; 2],
    /// Bonus of ب, ل, ك and س.
    pub prep: [f64; 4],
    /// Bonus of each enclitic: هما كما ها هم هن كم كن نا ني ه ك ي.
    pub enc: [f64; 12],
    /// Penalty scales for proclitics and enclitics.
    pub tau_pre: f64,
    pub tau_enc: f64,
    /// Stand-in base frequency for a preposition carrying only a pronoun (له "for him").
    pub empty_base: f64,
    /// Exponents of the proclitic and enclitic penalties.
    pub gamma_pre: f64,
    pub gamma_enc: f64,
    /// A base with the article after a proclitic also counts this share of the frequency of
    /// the same noun without the article («بالإضافة» "in addition": إضافة is far more common
    /// than الإضافة outside the phrase).
    pub art_backoff: f64,
    /// Frequency of a whole word that is not in the table (mostly rare names).
    pub floor_oov: f64,
    /// Multiplier of an enclitic's bonus when the base ends in ت written for ة (حكومته): the
    /// spelling change is itself evidence of the pronoun.
    pub teh_mult: f64,
    /// Penalty scale of the perfect-verb evidence against نا.
    pub tau_na: f64,
    /// Multiplier for a two-letter base before an enclitic (unless it is ى respelt, as in
    /// لديه): the frequencies of such short strings come as much from dialect, names and
    /// fragments as from words («بينا», «جينا» are not بي + نا, جي + نا).
    pub short_enc: f64,
}

impl Params {
    pub const DEFAULT: Params = Params {
        conj: [89.6, 0.7],
        prep: [14.56, 3.4, 0.035, 10.976],
        enc: [0.07, 0.01, 5.6, 4.8, 0.12, 0.14, 0.000625, 1.0, 0.0343, 11.2, 0.0021875, 0.00009765625],
        tau_pre: 0.003125,
        tau_enc: 0.0015625,
        empty_base: 0.0896,
        gamma_pre: 2.0,
        gamma_enc: 1.0,
        art_backoff: 0.1,
        floor_oov: 1.024e-6,
        teh_mult: 2.8,
        tau_na: 0.00125,
        short_enc: 0.1,
    };

    const LEN: usize = 28;

    /// The parameters as one flat list (for coordinate search), and back.
    pub fn to_vec(&self) -> Vec<f64> {
        let mut v = Vec::with_capacity(Self::LEN);
        v.extend_from_slice(&self.conj);
        v.extend_from_slice(&self.prep);
        v.extend_from_slice(&self.enc);
        v.extend_from_slice(&[self.tau_pre, self.tau_enc, self.empty_base]);
        v.extend_from_slice(&[self.gamma_pre, self.gamma_enc, self.art_backoff]);
        v.extend_from_slice(&[self.floor_oov, self.teh_mult, self.tau_na, self.short_enc]);
        v
    }

    pub fn from_slice(v: &[f64]) -> Option<Params> {
        if v.len() != Self::LEN {
            return None;
        }
        let mut p = Params::DEFAULT;
        p.conj.copy_from_slice(&v[0..2]);
        p.prep.copy_from_slice(&v[2..6]);
        p.enc.copy_from_slice(&v[6..18]);
        (p.tau_pre, p.tau_enc, p.empty_base) = (v[18], v[19], v[20]);
        (p.gamma_pre, p.gamma_enc, p.art_backoff) = (v[21], v[22], v[23]);
        (p.floor_oov, p.teh_mult, p.tau_na, p.short_enc) = (v[24], v[25], v[26], v[27]);
        Some(p)
    }
}

/// First letters of an imperfect verb (the only words س attaches to).
const IMPERFECT: [u8; 4] = [YEH, TEH, NOON, ALEF_HAMZA];

/// Words spelt with an initial ال that is not the article to split off (relative pronouns,
/// الله "God", and the spellings الى/الا/الي of إلى/إلا which are too short anyway).
const NOT_ARTICLE: [&str; 12] = [
    "الله",
    "اللهم",
    "الذي",
    "التي",
    "الذين",
    "اللذان",
    "اللتان",
    "اللذين",
    "اللتين",
    "اللاتي",
    "اللواتي",
    "اللائي",
];

/// A segmentation decision in one byte: `stack * 15 + tail`, where `stack = conj * 5 + prep`
/// (conj: 0 none, 1 و, 2 ف; prep: 0 none, 1 ب, 2 ل, 3 ك, 4 س) and tail is 0 (nothing), 1 (the
/// article ال, or its ل after the preposition ل) or 2 + index into [`ENCLITICS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decision(pub u8);

impl Decision {
    pub const WHOLE: Decision = Decision(0);
    const TAIL_AL: u8 = 1;

    fn new(conj: u8, prep: u8, tail: u8) -> Decision {
        Decision((conj * 5 + prep) * 15 + tail)
    }
    #[inline]
    fn tail(self) -> u8 {
        self.0 % 15
    }

    /// Does the decision give the word an article or a pronoun (which a word marked indefinite
    /// cannot have)?
    #[inline]
    pub fn is_definite(self) -> bool {
        self.tail() != 0
    }

    /// What the decision byte means, from a table (no arithmetic on the hot path).
    #[inline]
    pub fn shape(self) -> &'static Shape {
        &SHAPES[self.0 as usize]
    }
}

/// A decision unpacked: the proclitics with the letter each must be (0 for the article, which is
/// ال, or ل after the preposition ل), and the enclitic as an index into [`ENCLITICS`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shape {
    pub n_pre: u8,
    pub pre: [(Proclitic, u8); 3],
    /// Index into [`ENCLITICS`] plus one; 0 for none.
    pub enc: u8,
}

impl Shape {
    pub const NONE: Shape = Shape { n_pre: 0, pre: [(Proclitic::Wa, 0); 3], enc: 0 };

    /// Nothing to split (the whole decision, or a byte no decision has).
    #[inline]
    pub fn is_whole(&self) -> bool {
        self.n_pre == 0 && self.enc == 0
    }
}

/// [`Shape`] of every decision byte; bytes past the last decision are [`Shape::NONE`].
static SHAPES: [Shape; 256] = {
    let mut t = [Shape::NONE; 256];
    let mut d = 0;
    while d < 225 {
        let (conj, prep, tail) = (d / 75, d / 15 % 5, d % 15);
        let mut sh = Shape::NONE;
        let mut n = 0;
        if conj > 0 {
            sh.pre[n] = if conj == 1 { (Proclitic::Wa, WAW) } else { (Proclitic::Fa, FEH) };
            n += 1;
        }
        if prep > 0 {
            sh.pre[n] = match prep {
                1 => (Proclitic::Bi, BEH),
                2 => (Proclitic::Li, LAM),
                3 => (Proclitic::Ka, KAF),
                _ => (Proclitic::Sa, SEEN),
            };
            n += 1;
        }
        if tail == Decision::TAIL_AL as usize {
            sh.pre[n] = (Proclitic::Al, 0);
            n += 1;
        } else if tail >= 2 {
            sh.enc = (tail - 1) as u8;
        }
        sh.n_pre = n as u8;
        t[d] = sh;
        d += 1;
    }
    t
};

#[inline]
fn starts_with_al(b: &[u8]) -> bool {
    b.len() >= 2 && b[0] == ALEF && b[1] == LAM
}

/// Evidence that `x` (a word or the remainder of one) is itself a stem, which a clitic of the
/// given class could not have produced.
fn counter(t: &FreqTable, x: &[u8], class: Class) -> f64 {
    let mut s = 0.0;
    if class == Class::Enclitic && x.len() >= 3 && x.last() != Some(&TEH_MARBUTA) {
        s += t.freq(&[x, &[HEH]]) + t.freq(&[x, &[HEH, ALEF]]) + t.freq(&[x, &[HEH, MEEM]]);
        if x.last() == Some(&YEH) {
            // A final ي that also takes the feminine ة or the plural ين is the adjective
            // ending: «سياسي» "political" has سياسية and سياسيين, «حياتي» "my life" has neither
            // as often.
            s += t.freq(&[x, &[TEH_MARBUTA]]) + t.freq(&[x, &[YEH, NOON]]);
        }
    }
    if x.len() >= 3 {
        s += t.freq(&[&[ALEF, LAM], x]);
    }
    if x.len() >= 4 && class != Class::Enclitic {
        let outer: &[u8] = if class == Class::Conj { &[WAW, FEH, BEH, LAM, KAF] } else { &[BEH, LAM, KAF] };
        for &p in outer {
            if p == LAM {
                if x[0] == LAM {
                    // ل + ل... reads as ل + ال + ..., which is no evidence either way.
                    continue;
                }
                if starts_with_al(x) {
                    s += t.freq(&[&[LAM], &x[1..]]);
                    continue;
                }
            }
            s += t.freq(&[&[p], x]);
        }
    }
    s
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Conj,
    Prep,
    Enclitic,
}

#[inline]
fn penalty(t: &FreqTable, x: &[u8], class: Class, tau: f64, gamma: f64) -> f64 {
    let c = counter(t, x, class);
    if c == 0.0 {
        return 0.0;
    }
    let fx = t.freq(&[x]).max(FLOOR);
    -gamma * (1.0 + c / (tau * fx)).ln()
}

/// Frequency of a base that carried a pronoun, trying the spellings the pronoun changed:
/// ت for ة (حكومته), ا or ي for ى (مستواه, عليه), و for وا (دعوه), ؤ/ئ for ء (أبناؤه).
/// The second value tells whether a restored ة or ى spelling won.
fn base_before_enclitic(t: &FreqTable, b: &[u8]) -> (f64, Restored) {
    let f = t.freq(&[b]);
    let (last, head) = match b.split_last() {
        Some((l, h)) => (*l, h),
        None => return (f, Restored::No),
    };
    let (alt, how) = match last {
        TEH => (t.freq(&[head, &[TEH_MARBUTA]]), Restored::TehMarbuta),
        ALEF | YEH => (t.freq(&[head, &[ALEF_MAKSURA]]), Restored::Maksura),
        WAW => (t.freq(&[b, &[ALEF]]), Restored::No),
        WAW_HAMZA | YEH_HAMZA => (t.freq(&[head, &[HAMZA]]), Restored::No),
        _ => (0.0, Restored::No),
    };
    if alt > f { (alt, how) } else { (f, Restored::No) }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Restored {
    No,
    TehMarbuta,
    Maksura,
}

/// Evidence that a base before نا is a perfect verb, whose نا is the subject ending «أكدنا» "we
/// confirmed", not the pronoun «بلادنا» "our country": the same stem with the endings وا and تم.
fn perfect_verb(t: &FreqTable, b: &[u8]) -> f64 {
    t.freq(&[b, &[WAW, ALEF]]) + t.freq(&[b, &[TEH, MEEM]])
}

/// Should the article be split off `b` (which starts with ال)? The rest must be a word of the
/// table; ال must not be the start of a stem spelt with hamza elsewhere (البانيا is ألبانيا
/// "Albania"); and the word must not take pronouns (التقى "he met" has التقاها).
fn article_splits(t: &FreqTable, b: &[u8]) -> bool {
    if b.len() < 4 || !starts_with_al(b) {
        return false;
    }
    if NOT_ARTICLE.iter().any(|w| w.chars().map(code).eq(b.iter().copied())) {
        return false;
    }
    let rest = &b[2..];
    if t.freq(&[rest]) == 0.0 {
        return false;
    }
    let fb = t.freq(&[b]).max(FLOOR);
    let tail = &b[1..];
    let hamzated = t.freq(&[&[ALEF_HAMZA], tail])
        + t.freq(&[&[ALEF_HAMZA_BELOW], tail])
        + t.freq(&[&[ALEF_MADDA], tail]);
    if hamzated >= fb {
        return false;
    }
    let (head, last) = (&b[..b.len() - 1], b[b.len() - 1]);
    let stem_last = match last {
        ALEF_MAKSURA => ALEF,
        TEH_MARBUTA => TEH,
        l => l,
    };
    let with_pronoun = t.freq(&[head, &[stem_last, HEH, ALEF]]) + t.freq(&[head, &[stem_last, HEH, MEEM]]);
    with_pronoun < 0.05 * fb && form_viii_imperfect(t, b) < 0.1 * fb
}

/// Evidence that `b`, spelt الت..., is the perfect of a form VIII verb whose root begins with ل
/// («التقى» "he met", «التزمت» "she committed", «التحق» "he joined") rather than the article
/// before a noun in ت («التقرير» "the report"): the imperfect of the same verb, «يلتقي»,
/// «يلتزم», «يلتحق». A final ى of the perfect is ي in the imperfect; a final ت may be the
/// feminine ending, with or without the weak letter it replaced («التقت» → «يلتقي»).
fn form_viii_imperfect(t: &FreqTable, b: &[u8]) -> f64 {
    if b.len() < 5 || b[2] != TEH {
        return 0.0;
    }
    let x = &b[1..]; // لتقى
    let (head, last) = (&x[..x.len() - 1], x[x.len() - 1]);
    let mut f = match last {
        ALEF_MAKSURA => t.freq(&[&[YEH], head, &[YEH]]),
        TEH => t.freq(&[&[YEH], head]) + t.freq(&[&[YEH], head, &[YEH]]),
        _ => 0.0,
    };
    f += t.freq(&[&[YEH], x]);
    f
}

/// The best reading of the word `w` (letter codes, 1..=[`MAX_LETTERS`] of them). An
/// `indefinite` word (marked with tanwin) is given neither an article nor a pronoun.
pub(crate) fn analyze(t: &FreqTable, w: &[u8], indefinite: bool) -> Decision {
    analyze_with(t, w, &Params::DEFAULT, indefinite)
}

/// [`analyze`] with other constants.
pub(crate) fn analyze_with(t: &FreqTable, w: &[u8], prm: &Params, indefinite: bool) -> Decision {
    let n = w.len();
    if n < 2 {
        return Decision::WHOLE;
    }
    let mut best = Decision::WHOLE;
    let fw = t.freq(&[w]);
    let mut best_score = if fw > 0.0 { fw } else { prm.floor_oov }.ln();
    // The base of the best reading, to decide the article on it afterwards.
    let mut best_base = (0usize, n);

    // Proclitic stacks in a fixed order: none, prep, conj, conj + prep.
    let mut stacks = [(0u8, 0u8, 0usize); 4];
    let mut n_stacks = 1;
    let conj = CONJ.iter().position(|&c| c == w[0]).map(|i| i as u8 + 1);
    for c in [None, conj] {
        let (c, j) = match c {
            None => (0, 0),
            Some(c) => {
                stacks[n_stacks] = (c, 0, 1);
                n_stacks += 1;
                (c, 1)
            }
        };
        if let Some(p) = PREP.iter().position(|&p| p == w[j])
            && j + 1 < n
        {
            stacks[n_stacks] = (c, p as u8 + 1, j + 1);
            n_stacks += 1;
        }
        if conj.is_none() {
            break;
        }
    }

    // Enclitics present at the end (index into ENCLITICS), none first.
    let mut encs = [usize::MAX; 1 + ENCLITICS.len()];
    let mut n_encs = 1;
    for (i, (letters, _)) in ENCLITICS.iter().enumerate() {
        if !indefinite && n > letters.len() && w.ends_with(letters) {
            encs[n_encs] = i;
            n_encs += 1;
        }
    }

    // Penalties depend only on the word, the clitic and where the remainder starts: compute
    // each once, lazily (the enclitic's evidence is on the word without its proclitics).
    let mut pen_conj: Option<f64> = None;
    let mut pen_prep: [Option<f64>; 2] = [None, None];
    let mut pen_enc: [Option<f64>; 3] = [None, None, None];

    for &(c, p, k) in &stacks[..n_stacks] {
        for &e in &encs[..n_encs] {
            let el = if e == usize::MAX { 0 } else { ENCLITICS[e].0.len() };
            if k + el > n {
                continue;
            }
            let base = &w[k..n - el];
            if p == 4 && !base.first().is_some_and(|b| IMPERFECT.contains(b)) {
                continue;
            }
            if el > 0 && starts_with_al(base) && t.freq(&[&base[2..]]) > 1e-6 {
                continue;
            }
            // Readings of the base: as written, and ال + base for the ل of لل.
            let alts: &[bool] = if !indefinite && el == 0 && p == 2 && base.len() >= 3 && base[0] == LAM {
                &[false, true]
            } else {
                &[false]
            };
            for &art in alts {
                if !art && base.len() < 2 && !(base.is_empty() && el > 0 && (p == 1 || p == 2)) {
                    continue;
                }
                let mut lp = 0.0;
                let mut pos = 0usize;
                if c != 0 {
                    let pen = *pen_conj
                        .get_or_insert_with(|| penalty(t, w, Class::Conj, prm.tau_pre, prm.gamma_pre));
                    lp += prm.conj[c as usize - 1].ln() + pen;
                    pos = 1;
                }
                if p != 0 {
                    let pen = *pen_prep[pos].get_or_insert_with(|| {
                        penalty(t, &w[pos..], Class::Prep, prm.tau_pre, prm.gamma_pre)
                    });
                    lp += prm.prep[p as usize - 1].ln() + pen;
                }
                if el > 0 {
                    let pen = *pen_enc[k].get_or_insert_with(|| {
                        penalty(t, &w[k..], Class::Enclitic, prm.tau_enc, prm.gamma_enc)
                    });
                    lp += prm.enc[e].ln() + pen;
                }
                let definite = art || (k > 0 && base.len() >= 4 && starts_with_al(base));
                let f = if art {
                    let f = t.freq(&[&[ALEF], base]);
                    if prm.art_backoff > 0.0 { f.max(prm.art_backoff * t.freq(&[&base[1..]])) } else { f }
                } else if base.is_empty() {
                    prm.empty_base
                } else if el > 0 {
                    let (f, restored) = base_before_enclitic(t, base);
                    match restored {
                        Restored::TehMarbuta => lp += prm.teh_mult.ln(),
                        Restored::No if base.len() == 2 => lp += prm.short_enc.ln(),
                        Restored::No | Restored::Maksura => {}
                    }
                    // (An imperfect verb, يجمعنا "gathers us", has وا in the subjunctive too.)
                    if ENCLITICS[e].1 == Enclitic::Na && f > 0.0 && base[0] != YEH {
                        let pv = perfect_verb(t, base);
                        if pv > 0.0 {
                            lp -= prm.gamma_enc * (1.0 + pv / (prm.tau_na * f)).ln();
                        }
                    }
                    f
                } else if definite {
                    let f = t.freq(&[base]);
                    if prm.art_backoff > 0.0 { f.max(prm.art_backoff * t.freq(&[&base[2..]])) } else { f }
                } else {
                    t.freq(&[base])
                };
                if f <= 0.0 {
                    continue;
                }
                let score = lp + f.ln();
                if (c != 0 || p != 0 || el > 0) && score > best_score {
                    best_score = score;
                    let tail = if el > 0 {
                        2 + e as u8
                    } else if art {
                        Decision::TAIL_AL
                    } else {
                        0
                    };
                    best = Decision::new(c, p, tail);
                    best_base = (k, n - el);
                }
            }
        }
    }
    if !indefinite && best.tail() == 0 && article_splits(t, &w[best_base.0..best_base.1]) {
        best = Decision(best.0 + Decision::TAIL_AL);
    }
    best
}
