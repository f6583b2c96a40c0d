//! `rasid train ner` and `rasid eval ner`.

use crate::analyze::UsageError;
use anyhow::{Context, Result};
use rasid_ner::conll::{self, Sentence, UnknownTags};
use rasid_ner::eval::Scores;
use rasid_ner::tagger::{self, Tagger};
use rasid_ner::train::{CrfOptions, Learner, TrainOptions, train};
use rasid_ner::{EntityType, Label};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The committed model folder (`models/ner/`), where `rasid train ner` writes by default.
pub fn default_model_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner"))
}

/// A finite number, zero or more.
fn non_negative(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("{s} is not a number of at least 0")),
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LearnerArg {
    Perceptron,
    Crf,
}

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Training files in the `token TAG` format (IOB2; PER(S), LOC, ORG, MISC/MIS), e.g.
    /// ../shared/corpus/ner/anercorp/train.txt. Never a test file you report on.
    #[arg(required = true)]
    train: Vec<PathBuf>,
    /// Auxiliary training files from another domain or annotation convention (e.g. Wikipedia
    /// NER mapped to the four types): learnt through shared and domain-specific feature copies.
    #[arg(long)]
    aux: Vec<PathBuf>,
    /// A development file scored after each epoch, for the report only (it does not choose
    /// anything).
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Seed of the order sentences are visited in.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Drop features seen fewer times than this.
    #[arg(long, default_value_t = TrainOptions::default().min_count)]
    min_count: u32,
    /// The learner: the averaged perceptron, or a CRF (L-BFGS/OWL-QN, elastic net).
    #[arg(long, value_enum, default_value_t = LearnerArg::Perceptron)]
    learner: LearnerArg,
    /// CRF: L1 coefficient.
    #[arg(long, default_value_t = CrfOptions::default().c1, value_parser = non_negative)]
    c1: f64,
    /// CRF: L2 coefficient.
    #[arg(long, default_value_t = CrfOptions::default().c2, value_parser = non_negative)]
    c2: f64,
    /// CRF: most L-BFGS iterations per pass.
    #[arg(long, default_value_t = CrfOptions::default().iterations)]
    iterations: usize,
    /// Train only the first pass (no document-context second pass).
    #[arg(long)]
    one_pass: bool,
    /// Folds of the jackknife that labels training data for the second pass.
    #[arg(long, default_value_t = TrainOptions::default().folds)]
    folds: usize,
    /// Sentences on each side standing in for the document in files without article boundaries.
    #[arg(long, default_value_t = TrainOptions::default().window)]
    window: u32,
    /// Also learn from the corpus lexicon: tag this many ANT news articles with first passes
    /// trained without it and count how each word was labelled (0: no lexicon).
    #[arg(long, default_value_t = 0)]
    lexicon_articles: usize,
    /// Corpus folder for --lexicon-articles (default: $RASID_CORPUS or ../shared/corpus).
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Read tags other than PER/LOC/ORG/MISC as O instead of refusing the file.
    #[arg(long)]
    unknown_as_o: bool,
    /// Folder with clusters.tsv.gz and gazetteer.tsv.gz (default: those embedded in the binary).
    #[arg(long)]
    resources: Option<PathBuf>,
    /// Where to write the model (default: models/ner/ner.model.gz in the source tree).
    #[arg(long)]
    out: Option<PathBuf>,
}

fn read_gold(path: &Path, unknown: UnknownTags) -> Result<Vec<Sentence>> {
    if !path.is_file() {
        return Err(UsageError(format!("{}: no such file", path.display())).into());
    }
    let s = conll::read_file(path, unknown)?;
    if s.is_empty() {
        return Err(UsageError(format!("{}: no `token TAG` sentences", path.display())).into());
    }
    Ok(s)
}

pub fn train_cmd(a: TrainArgs) -> Result<ExitCode> {
    let unknown = if a.unknown_as_o { UnknownTags::AsOutside } else { UnknownTags::Error };
    let out = a.out.clone().unwrap_or_else(|| default_model_dir().join(tagger::MODEL_FILE));
    // Checked before training: the model and its lexicon replace files in that folder.
    if out.is_dir() || out.file_name().is_none() {
        return Err(UsageError(format!("--out {}: not a file path", out.display())).into());
    }
    let out_dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    std::fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    if a.aux.len() > 254 {
        return Err(UsageError("at most 254 --aux files".into()).into());
    }
    let mut sents = Vec::new();
    let mut domains = Vec::new();
    for (p, d) in a.train.iter().map(|p| (p, 0u8)).chain(a.aux.iter().zip(1u8..)) {
        let s = read_gold(p, unknown)?;
        errln!("read {} sentences from {} (domain {d})", s.len(), p.display());
        domains.extend(std::iter::repeat_n(d, s.len()));
        sents.extend(s.into_iter().map(|mut s| {
            conll::to_iob2(&mut s.labels);
            s
        }));
    }
    if sents.is_empty() {
        return Err(UsageError("no training sentences".into()).into());
    }
    let dev = a.dev.as_deref().map(|p| read_gold(p, unknown)).transpose()?;
    let res = match &a.resources {
        Some(d) => Tagger::load_resources(d)?,
        None => Tagger::embedded_resources()?,
    };
    let opts = TrainOptions {
        epochs: a.epochs,
        seed: a.seed,
        min_count: a.min_count,
        second_pass: !a.one_pass,
        folds: a.folds,
        window: a.window,
        learner: match a.learner {
            LearnerArg::Perceptron => Learner::Perceptron,
            LearnerArg::Crf => Learner::Crf(CrfOptions { c1: a.c1, c2: a.c2, iterations: a.iterations }),
        },
    };
    let t0 = Instant::now();
    let unlabeled = if a.lexicon_articles > 0 {
        read_unlabeled(&crate::corpus_dir(a.corpus.clone()), a.lexicon_articles)?
    } else {
        Vec::new()
    };
    let (model, report, lexicon) = train(
        &sents,
        &domains,
        dev.as_deref(),
        &unlabeled,
        &res,
        rasid_arabic::clitics::Segmenter::embedded(),
        &opts,
    );
    if let (Some(a), Some(b)) = (report.dev_first, report.dev_both) {
        errln!("dev F1: first pass {a:.4}, with document context {b:.4}");
    }
    if let (Some(first), Some(last)) = (report.objective.first(), report.objective.last()) {
        errln!("CRF: {} L-BFGS iterations, objective {first:.1} -> {last:.1}", report.objective.len() - 1);
        if let Some((_, Some(f))) = report.epochs.last() {
            errln!("dev F1 {f:.4}");
        }
    } else {
        for (i, (errors, f1)) in report.epochs.iter().enumerate() {
            match f1 {
                Some(f) => errln!("epoch {:>2}: {errors} sentences wrong, dev F1 {f:.4}", i + 1),
                None => errln!("epoch {:>2}: {errors} sentences wrong", i + 1),
            }
        }
    }
    let mut buf = Vec::new();
    model.write(&mut buf).context("encoding the model")?;
    // The lexicon goes beside the model, empty when the model does not use one, so a folder
    // never pairs a model with another model's lexicon.
    let lex_path = out_dir.join(tagger::LEXICON_FILE);
    let mut lex_buf = Vec::new();
    lexicon.unwrap_or_default().write_or_empty(&mut lex_buf).context("encoding the lexicon")?;
    // Both written beside first, then both renamed: a failure never pairs a new model with an
    // old lexicon.
    let lex_tmp = write_tmp(&lex_path, &lex_buf)?;
    let model_tmp = write_tmp(&out, &buf)?;
    std::fs::rename(&lex_tmp, &lex_path).with_context(|| format!("replacing {}", lex_path.display()))?;
    std::fs::rename(&model_tmp, &out).with_context(|| format!("replacing {}", out.display()))?;
    outln!(
        "trained on {} sentences, {} tokens: {} features, {} with weights, {} epochs in {:.1} s",
        report.sentences,
        report.tokens,
        report.features,
        report.kept_features,
        opts.epochs,
        t0.elapsed().as_secs_f64()
    );
    outln!("wrote {} ({} bytes)", out.display(), buf.len());
    if report.lexicon_words > 0 {
        outln!("wrote {} ({} words, {} bytes)", lex_path.display(), report.lexicon_words, lex_buf.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// Options of `rasid eval ner`.
pub struct EvalArgs {
    pub gold: PathBuf,
    pub model: Option<PathBuf>,
    pub min_f1: f64,
    pub json: bool,
    pub errors: usize,
    pub predictions: Option<PathBuf>,
}

pub fn eval_cmd(a: EvalArgs) -> Result<ExitCode> {
    let gold = read_gold(&a.gold, UnknownTags::Error)?;
    let t_load = Instant::now();
    let tagger: &Tagger = match &a.model {
        Some(d) => Box::leak(Box::new(Tagger::load(d)?)),
        None => Tagger::embedded()?,
    };
    let load_s = t_load.elapsed().as_secs_f64();
    let mut scores = Scores::default();
    let words: Vec<Vec<&str>> = gold.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
    let sents: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
    // A gold file has no article boundaries: the context pass reads the window of sentences
    // the model was trained with.
    let t0 = Instant::now();
    let preds = tagger.tag_mixed(&sents, Some(tagger.window()));
    let secs = t0.elapsed().as_secs_f64();
    for (s, p) in gold.iter().zip(&preds) {
        scores.add(&s.labels, p);
    }
    if let Some(path) = &a.predictions {
        let mut out = String::new();
        for (s, p) in gold.iter().zip(&preds) {
            for ((tok, g), q) in s.tokens.iter().zip(&s.labels).zip(p) {
                out.push_str(&format!("{tok} {g} {q}\n"));
            }
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    let tokens = scores.tokens;
    let tps = tokens as f64 / secs.max(1e-9);
    let f1 = scores.overall.f1();
    if a.json {
        let per_type: serde_json::Map<String, serde_json::Value> = scores
            .per_type
            .iter()
            .map(|(t, c)| {
                (t.name().to_string(), serde_json::json!({"precision": c.precision(), "recall": c.recall(), "f1": c.f1(), "gold": c.gold, "predicted": c.predicted, "correct": c.correct}))
            })
            .collect();
        let o = &scores.overall;
        let j = serde_json::json!({
            "gold": a.gold.display().to_string(),
            "overall": {"precision": o.precision(), "recall": o.recall(), "f1": f1, "gold": o.gold, "predicted": o.predicted, "correct": o.correct},
            "macro_f1": scores.macro_f1(),
            "per_type": per_type,
            "token_accuracy": scores.accuracy(),
            "sentences": gold.len(),
            "tokens": tokens,
            "seconds": secs,
            "tokens_per_second": tps,
            "load_seconds": load_s,
            "model_features": tagger.model().features(),
        });
        outln!("{}", serde_json::to_string_pretty(&j)?);
    } else {
        outln!("{}: {} sentences, {} tokens", a.gold.display(), gold.len(), tokens);
        outln!(
            "{:<8} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
            "type",
            "precision",
            "recall",
            "F1",
            "gold",
            "pred",
            "ok"
        );
        let row = |name: &str, c: &rasid_ner::eval::Counts| {
            format!(
                "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>6} {:>6} {:>6}",
                name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.gold,
                c.predicted,
                c.correct
            )
        };
        for t in EntityType::ALL {
            if let Some(c) = scores.per_type.get(&t) {
                outln!("{}", row(t.name(), c));
            }
        }
        outln!("{}", row("overall", &scores.overall));
        outln!("macro F1 {:.4}, token accuracy {:.4}", scores.macro_f1(), scores.accuracy());
        outln!(
            "tagging (features + decoding, one thread): {tokens} tokens in {secs:.3} s = {tps:.0} tokens/s; model loaded in {load_s:.3} s"
        );
        if a.errors > 0 {
            show_errors(&gold, &preds, a.errors)?;
        }
    }
    if f1 < a.min_f1 {
        errln!("rasid: NER F1 {f1:.4} is under the threshold {:.4}", a.min_f1);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn show_errors(gold: &[Sentence], preds: &[Vec<Label>], limit: usize) -> Result<()> {
    let mut shown = 0;
    outln!("mistakes (gold → predicted), Arabic last:");
    for (s, p) in gold.iter().zip(preds) {
        if s.labels == *p {
            continue;
        }
        let g = rasid_ner::label::chunks(&s.labels);
        let pc = rasid_ner::label::chunks(p);
        for c in g.iter().filter(|c| !pc.contains(c)) {
            outln!("  missed  {:<4} {}", c.ty.name(), s.tokens[c.start..c.end].join(" "));
        }
        for c in pc.iter().filter(|c| !g.contains(c)) {
            outln!("  spurious {:<4} {}", c.ty.name(), s.tokens[c.start..c.end].join(" "));
        }
        shown += 1;
        if shown >= limit {
            break;
        }
    }
    Ok(())
}

/// Writes `PATH.tmp` (renamed over `path` by the caller), so an interrupted run never leaves
/// half a file.
fn write_tmp(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    Ok(tmp)
}

/// The first `limit` ANT articles as sentences of tokens (rasid's own text layer).
fn read_unlabeled(corpus: &Path, limit: usize) -> Result<Vec<Vec<Vec<String>>>> {
    use rayon::prelude::*;
    let ant = corpus.join("news/ant-v2.1.jsonl.gz");
    if !ant.is_file() {
        return Err(UsageError(format!(
            "{}: no such file (give --corpus or set RASID_CORPUS)",
            ant.display()
        ))
        .into());
    }
    let mut docs: Vec<rasid_core::Doc> = Vec::new();
    let mut failed = 0usize;
    for r in rasid_ingest::read_path(&ant, &rasid_ingest::Options::default()) {
        match r {
            Ok(d) => docs.push(d),
            Err(_) => failed += 1,
        }
        if docs.len() >= limit {
            break;
        }
    }
    if docs.is_empty() {
        anyhow::bail!("{}: no readable article for the lexicon ({failed} unreadable)", ant.display());
    }
    if failed > 0 {
        errln!("rasid: {}: {failed} unreadable articles skipped for the lexicon", ant.display());
    }
    let text_layer = rasid_extract::pipeline::text_layer();
    Ok(docs
        .into_par_iter()
        .filter_map(|mut d| {
            text_layer.run(&mut d).ok()?;
            Some(d.sentence_words().iter().map(|s| s.iter().map(|w| w.to_string()).collect()).collect())
        })
        .collect())
}
