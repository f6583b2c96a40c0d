//! Training: an averaged structured perceptron (Collins 2002) over the features of
//! [`crate::features`], with IOB2-constrained Viterbi decoding.
//!
//! Reproducible: sentences are visited in an order drawn from a fixed seed, features are
//! numbered in order of first appearance, and nothing depends on hash-map iteration order, so
//! the same data and options give the same model file byte for byte.

use crate::conll::Sentence;
pub use crate::crf::CrfOptions;
use crate::eval::Scores;
use crate::features::{Resources, Scratch, SentenceFeatures, extract};
use crate::label::{Label, N_LABELS};
use crate::lexicon::{Counter, Lexicon};
use crate::model::{Model, Pass, Row, Weights, viterbi};
use rasid_arabic::clitics::Segmenter;
use rayon::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the visiting order.
    pub seed: u64,
    /// Features seen fewer times than this in training are dropped.
    pub min_count: u32,
    /// Train the document-context second pass ([`crate::context`]).
    pub second_pass: bool,
    /// Folds of the jackknife that gives the second pass first-pass labels of the kind it will
    /// see at run time (from a model that did not train on the sentence).
    pub folds: usize,
    /// Sentences on each side standing in for the document in files without article
    /// boundaries.
    pub window: u32,
    /// How the weights are learnt.
    pub learner: Learner,
}

/// The learner of every pass: the averaged perceptron, or the CRF ([`crate::crf`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Learner {
    Perceptron,
    Crf(CrfOptions),
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 0x72_6173_6964, // "rasid"
            min_count: 1,
            second_pass: true,
            folds: 4,
            window: 10,
            learner: Learner::Perceptron,
        }
    }
}

/// What happened during training.
#[derive(Clone, Debug, Default)]
pub struct TrainReport {
    pub sentences: usize,
    pub tokens: usize,
    /// Distinct features seen in training and those with a non-zero weight, summed over the
    /// passes of the model (the jackknife passes are not counted).
    pub features: usize,
    pub kept_features: usize,
    /// Per epoch of the final pass: training-sequence errors and, with a development set, its
    /// micro F1 under the averaged weights so far.
    pub epochs: Vec<(usize, Option<f64>)>,
    /// Words in the corpus lexicon (0 without one).
    pub lexicon_words: usize,
    /// Development micro F1 of the first pass alone and of both passes.
    pub dev_first: Option<f64>,
    pub dev_both: Option<f64>,
    /// With the CRF learner: the objective after each L-BFGS iteration of the final pass.
    pub objective: Vec<f64>,
}

/// Extracts features for many sentences in parallel (order kept).
pub fn extract_all(sents: &[Sentence], res: &Resources, seg: &Segmenter) -> Vec<SentenceFeatures> {
    sents
        .par_iter()
        .map_init(Scratch::default, |scratch, s| {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            let mut sf = SentenceFeatures::default();
            extract(&toks, res, seg, scratch, &mut sf);
            sf
        })
        .collect()
}

struct Example {
    ids: Vec<u32>,
    offsets: Vec<u32>,
    gold: Vec<Label>,
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Averaged weights: `w` the current weights, `u` the sum of `c · Δ` over updates, so that the
/// average over all steps is `w - u / c`.
struct Averaged {
    w: Vec<f32>,
    u: Vec<f64>,
}

impl Averaged {
    fn new(n: usize) -> Averaged {
        Averaged { w: vec![0.0; n], u: vec![0.0; n] }
    }
    #[inline]
    fn add(&mut self, i: usize, d: f32, c: f64) {
        self.w[i] += d;
        self.u[i] += c * d as f64;
    }
    fn averaged(&self, c: f64) -> Vec<f32> {
        self.w.iter().zip(&self.u).map(|(w, u)| (*w as f64 - u / c) as f32).collect()
    }
}

/// Trains a model. `dev` (optional) is scored for the report only: nothing is chosen on it.
///
/// `domains[i]` is the domain of `train[i]`: 0 for the text the model is for (news), another
/// number for auxiliary data annotated under other conventions (Wikipedia). Sentences of an
/// auxiliary domain see every feature twice, once shared and once specific to the domain
/// (Daumé's "frustratingly easy" domain adaptation, source side only): what is peculiar to the
/// auxiliary data goes to the specific copies, which are never seen at run time and are dropped
/// from the model.
///
/// Sentences are taken to be in document order (the context pass reads a window around each).
///
/// With `unlabeled` documents (sentences of tokens, e.g. ANT articles), the model also learns
/// from the corpus lexicon ([`crate::lexicon`]): first passes trained without it tag the
/// documents, each training fold getting the lexicon of a pass that did not see it; the lexicon
/// of a pass trained on everything is returned for run time.
pub fn train(
    train: &[Sentence],
    domains: &[u8],
    dev: Option<&[Sentence]>,
    unlabeled: &[Vec<Vec<String>>],
    res: &Resources,
    seg: &Segmenter,
    opts: &TrainOptions,
) -> (Model, TrainReport, Option<Lexicon>) {
    assert_eq!(train.len(), domains.len(), "one domain per sentence");
    let mut feats = extract_all(train, res, seg);
    let gold: Vec<&[Label]> = train.iter().map(|s| s.labels.as_slice()).collect();
    let mut report = TrainReport {
        sentences: train.len(),
        tokens: train.iter().map(|s| s.tokens.len()).sum(),
        ..Default::default()
    };
    let mut dev_feats = dev.map(|d| extract_all(d, res, seg));
    let all: Vec<usize> = (0..train.len()).collect();
    // Contiguous blocks of sentences (documents stay mostly together) dealt to jackknife folds.
    const BLOCK: usize = 50;
    let folds = opts.folds.max(2);
    let fold_of = |i: usize| (i / BLOCK) % folds;

    let mut runtime_lexicon = None;
    if !unlabeled.is_empty() {
        let base = TrainOptions { second_pass: false, ..opts.clone() };
        let lexicon_of = |which: &[usize]| -> Lexicon {
            let mut scratch = TrainReport::default();
            let pass = train_pass(&feats, &gold, domains, which, &base, None, &mut scratch);
            tag_unlabeled(&pass, unlabeled, res, seg).finish(LEXICON_MIN_COUNT)
        };
        let mut lexicons: Vec<Lexicon> = (0..=folds)
            .into_par_iter()
            .map(|k| {
                let which: Vec<usize> =
                    all.iter().copied().filter(|&i| k == folds || fold_of(i) != k).collect();
                lexicon_of(&which)
            })
            .collect();
        let full = lexicons.pop().unwrap_or_default();
        for (i, sf) in feats.iter_mut().enumerate() {
            lexicons[fold_of(i)].add_features(sf);
        }
        for sf in dev_feats.iter_mut().flatten() {
            full.add_features(sf);
        }
        report.lexicon_words = full.len();
        // A lexicon with no word (too few documents) gives no features: the model does
        // without, rather than needing an empty file.
        runtime_lexicon = (!full.is_empty()).then_some(full);
    }

    let first_dev = if opts.second_pass { None } else { dev_feats.as_deref().zip(dev) };
    let first = train_pass(&feats, &gold, domains, &all, opts, first_dev, &mut report);
    let mut model =
        Model { first, second: None, window: opts.window, uses_lexicon: runtime_lexicon.is_some() };
    if opts.second_pass {
        // Jackknife: each fold is labelled by a first pass trained on the others.
        let labelled: Vec<Vec<(usize, Vec<Label>)>> = (0..folds)
            .into_par_iter()
            .map(|k| {
                let rest: Vec<usize> = all.iter().copied().filter(|&i| fold_of(i) != k).collect();
                let mut scratch = TrainReport::default();
                let pass = train_pass(&feats, &gold, domains, &rest, opts, None, &mut scratch);
                let (mut em, mut back) = (Vec::new(), Vec::new());
                all.iter()
                    .filter(|&&i| fold_of(i) == k)
                    .map(|&i| {
                        let mut out = Vec::new();
                        pass.decode(&feats[i], &mut em, &mut back, &mut out);
                        (i, out)
                    })
                    .collect()
            })
            .collect();
        let mut first_labels: Vec<Vec<Label>> = vec![Vec::new(); train.len()];
        for (i, l) in labelled.into_iter().flatten() {
            first_labels[i] = l;
        }
        let mut feats2 = feats;
        with_context(&mut feats2, &first_labels, opts.window);
        let second_dev = dev_feats.as_deref().zip(dev).map(|(df, d)| {
            let mut df2 = df.to_vec();
            let labels = decode_all(&model.first, df);
            report.dev_first = Some(score_labels(&labels, d).overall.f1());
            with_context(&mut df2, &labels, opts.window);
            (df2, d)
        });
        let second = train_pass(
            &feats2,
            &gold,
            domains,
            &all,
            opts,
            second_dev.as_ref().map(|(f, d)| (f.as_slice(), *d)),
            &mut report,
        );
        model.second = Some(second);
        report.dev_both = report.epochs.last().and_then(|e| e.1);
    }
    report.kept_features = model.features();
    (model, report, runtime_lexicon)
}

/// Words seen fewer times than this in the unlabeled documents are left out of the lexicon.
const LEXICON_MIN_COUNT: u32 = 3;

/// Counts how a first pass labels the words of unlabeled documents.
fn tag_unlabeled(pass: &Pass, docs: &[Vec<Vec<String>>], res: &Resources, seg: &Segmenter) -> Counter {
    docs.par_iter()
        .map_init(
            || (Scratch::default(), SentenceFeatures::default(), Vec::new(), Vec::new(), Vec::new()),
            |(scratch, sf, em, back, out), doc| {
                let mut c = Counter::default();
                for s in doc {
                    let toks: Vec<&str> = s.iter().map(String::as_str).collect();
                    extract(&toks, res, seg, scratch, sf);
                    pass.decode(sf, em, back, out);
                    c.add(&sf.keys, out);
                }
                c
            },
        )
        .reduce(Counter::default, Counter::merge)
}

/// Appends context features computed from `labels` (first-pass labels, one vector per sentence).
pub fn with_context(feats: &mut [SentenceFeatures], labels: &[Vec<Label>], window: u32) {
    let keys: Vec<&[u64]> = feats.iter().map(|f| f.keys.as_slice()).collect();
    let ls: Vec<&[Label]> = labels.iter().map(Vec::as_slice).collect();
    let ctx = crate::context::context(&keys, &ls, Some(window as usize));
    for (f, c) in feats.iter_mut().zip(&ctx) {
        f.add_context(c);
    }
}

fn decode_all(pass: &Pass, feats: &[SentenceFeatures]) -> Vec<Vec<Label>> {
    let (mut em, mut back) = (Vec::new(), Vec::new());
    feats
        .iter()
        .map(|f| {
            let mut out = Vec::new();
            pass.decode(f, &mut em, &mut back, &mut out);
            out
        })
        .collect()
}

fn score_labels(pred: &[Vec<Label>], gold: &[Sentence]) -> Scores {
    let mut s = Scores::default();
    for (p, g) in pred.iter().zip(gold) {
        s.add(&g.labels, p);
    }
    s
}

/// One pass of averaged-perceptron training over the sentences `which`.
fn train_pass(
    feats: &[SentenceFeatures],
    gold: &[&[Label]],
    domains: &[u8],
    which: &[usize],
    opts: &TrainOptions,
    dev: Option<(&[SentenceFeatures], &[Sentence])>,
    report: &mut TrainReport,
) -> Pass {
    // Number features by first appearance; count them. Domain copies are marked so the final
    // model leaves them out.
    let mut ids: HashMap<u64, u32> = HashMap::new();
    let mut hashes: Vec<u64> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut runtime: Vec<bool> = Vec::new();
    let mut id_of = |h: u64, rt: bool| -> u32 {
        let id = *ids.entry(h).or_insert_with(|| {
            hashes.push(h);
            counts.push(0);
            runtime.push(false);
            hashes.len() as u32 - 1
        });
        counts[id as usize] += 1;
        runtime[id as usize] |= rt;
        id
    };
    let mut examples: Vec<Example> = Vec::with_capacity(which.len());
    for &k in which {
        let sf = &feats[k];
        let salt = (domains[k] != 0).then(|| crate::features::domain_salt(domains[k]));
        let mut ex =
            Example { ids: Vec::with_capacity(sf.feats.len()), offsets: vec![0], gold: gold[k].to_vec() };
        for i in 0..sf.len() {
            for &h in sf.token(i) {
                ex.ids.push(id_of(h, true));
                if let Some(salt) = salt {
                    ex.ids.push(id_of(h ^ salt, false));
                }
            }
            ex.offsets.push(ex.ids.len() as u32);
        }
        examples.push(ex);
    }
    report.features += hashes.len();
    if opts.min_count > 1 {
        for ex in &mut examples {
            let mut kept = Vec::with_capacity(ex.ids.len());
            let mut offsets = vec![0u32];
            for i in 0..ex.gold.len() {
                kept.extend(
                    ex.ids[ex.offsets[i] as usize..ex.offsets[i + 1] as usize]
                        .iter()
                        .filter(|&&id| counts[id as usize] >= opts.min_count),
                );
                offsets.push(kept.len() as u32);
            }
            ex.ids = kept;
            ex.offsets = offsets;
        }
    }

    let nf = hashes.len();
    if let Learner::Crf(co) = opts.learner {
        let seqs: Vec<crate::crf::Seq> = examples
            .iter()
            .filter(|e| !e.gold.is_empty())
            .map(|e| crate::crf::Seq { ids: &e.ids, offsets: &e.offsets, gold: &e.gold })
            .collect();
        let fitted = crate::crf::fit(&seqs, nf, &co);
        let pass = finish_rows(&fitted.emissions, fitted.start, fitted.trans, &hashes, &runtime);
        let dev_f1 = dev.map(|(df, d)| score_labels(&decode_all(&pass, df), d).overall.f1());
        report.epochs = vec![(0, dev_f1)];
        report.objective = fitted.objective;
        return pass;
    }
    let mut em_w = Averaged::new(nf * N_LABELS);
    // Transitions: N_LABELS start weights, then N_LABELS × N_LABELS.
    let mut tr_w = Averaged::new(N_LABELS + N_LABELS * N_LABELS);
    let mut c = 1.0f64;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = opts.seed;
    let (mut em, mut back, mut pred) = (Vec::<Row>::new(), Vec::new(), Vec::new());
    report.epochs.clear();
    for _epoch in 0..opts.epochs {
        // Fisher-Yates with the seeded generator.
        for i in (1..order.len()).rev() {
            let j = (splitmix(&mut rng) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0;
        for &k in &order {
            let ex = &examples[k];
            let n = ex.gold.len();
            em.clear();
            for i in 0..n {
                let mut row = [0f32; N_LABELS];
                for &id in &ex.ids[ex.offsets[i] as usize..ex.offsets[i + 1] as usize] {
                    let w = &em_w.w[id as usize * N_LABELS..id as usize * N_LABELS + N_LABELS];
                    for (r, x) in row.iter_mut().zip(w) {
                        *r += x;
                    }
                }
                em.push(row);
            }
            let (start, trans) = split_trans(&tr_w.w);
            viterbi(&em, &start, &trans, &mut back, &mut pred);
            if pred != ex.gold {
                errors += 1;
                for i in 0..n {
                    let (g, p) = (ex.gold[i].index(), pred[i].index());
                    if g != p {
                        for &id in &ex.ids[ex.offsets[i] as usize..ex.offsets[i + 1] as usize] {
                            em_w.add(id as usize * N_LABELS + g, 1.0, c);
                            em_w.add(id as usize * N_LABELS + p, -1.0, c);
                        }
                    }
                    let (gp, pp) = if i == 0 {
                        (g, p)
                    } else {
                        (
                            N_LABELS + ex.gold[i - 1].index() * N_LABELS + g,
                            N_LABELS + pred[i - 1].index() * N_LABELS + p,
                        )
                    };
                    if gp != pp {
                        tr_w.add(gp, 1.0, c);
                        tr_w.add(pp, -1.0, c);
                    }
                }
            }
            c += 1.0;
        }
        let dev_f1 = dev.map(|(df, d)| {
            let pass = finish(&em_w, &tr_w, c, &hashes, &runtime);
            score_labels(&decode_all(&pass, df), d).overall.f1()
        });
        report.epochs.push((errors, dev_f1));
    }
    finish(&em_w, &tr_w, c, &hashes, &runtime)
}

fn split_trans(t: &[f32]) -> (Row, [Row; N_LABELS]) {
    let mut start = [0f32; N_LABELS];
    start.copy_from_slice(&t[..N_LABELS]);
    let mut trans = [[0f32; N_LABELS]; N_LABELS];
    for (p, row) in trans.iter_mut().enumerate() {
        row.copy_from_slice(&t[N_LABELS + p * N_LABELS..N_LABELS + (p + 1) * N_LABELS]);
    }
    (start, trans)
}

/// The averaged model, keeping only features with a non-zero weight.
fn finish(em_w: &Averaged, tr_w: &Averaged, c: f64, hashes: &[u64], runtime: &[bool]) -> Pass {
    let (start, trans) = split_trans(&tr_w.averaged(c));
    finish_rows(&em_w.averaged(c), start, trans, hashes, runtime)
}

/// The model of emission weights (`hashes.len() × N_LABELS`), keeping only run-time features
/// with a non-zero weight.
fn finish_rows(avg: &[f32], start: Row, trans: [Row; N_LABELS], hashes: &[u64], runtime: &[bool]) -> Pass {
    let mut items = Vec::new();
    for (id, &h) in hashes.iter().enumerate() {
        if !runtime[id] {
            continue;
        }
        let mut row = [0f32; N_LABELS];
        row.copy_from_slice(&avg[id * N_LABELS..(id + 1) * N_LABELS]);
        // Weights this small never change a decision; dropping them keeps the file small.
        for x in row.iter_mut() {
            if x.abs() < 1e-4 {
                *x = 0.0;
            }
        }
        if row.iter().any(|x| *x != 0.0) {
            items.push((h, row));
        }
    }
    Pass { start, trans, weights: Weights::from_rows(items) }
}
