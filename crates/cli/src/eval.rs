//! `rasid eval`: accuracy against gold data, with a threshold that sets the exit code.

use anyhow::{Context, Result};
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum EvalCmd {
    /// Clitic segmentation against a UD treebank with surface segments (UD Arabic-PUD).
    Segment {
        /// The treebank, e.g. ../shared/corpus/ud/ar_pud-ud-test.conllu.
        #[arg(long)]
        conllu: PathBuf,
        /// Fail (exit 1) under this word accuracy.
        #[arg(long, default_value_t = 0.97, value_parser = unit_interval)]
        min: f64,
        /// Show this many mistakes.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// Named entities against a `token TAG` file (ANERcorp, AQMAR): exact-span precision,
    /// recall and F1 per type and overall, over the gold file's own tokens.
    Ner {
        /// The gold file, e.g. ../shared/corpus/ner/anercorp/test.txt.
        #[arg(long)]
        gold: PathBuf,
        /// A model folder (ner.model.gz, clusters.tsv.gz, gazetteer.tsv.gz) instead of the embedded one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Fail (exit 1) under this micro F1.
        #[arg(long, default_value_t = 0.0, value_parser = unit_interval)]
        min_f1: f64,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Show the mistakes of this many sentences.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// Write `token GOLD PREDICTED` per line (conlleval's input, sentences separated by a
        /// blank line) to this file, for error analysis.
        #[arg(long)]
        predictions: Option<PathBuf>,
    },
    /// Sentence splitting against a UD treebank's `# text` sentences (UD Arabic-PUD).
    Sentences {
        /// The treebank, e.g. ../shared/corpus/ud/ar_pud-ud-test.conllu.
        #[arg(long)]
        conllu: PathBuf,
        /// Fail (exit 1) under this boundary F1.
        #[arg(long, default_value_t = 0.0, value_parser = unit_interval)]
        min: f64,
        /// Show this many mistakes.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// Time expressions against Duckling's Arabic time corpus (reference time 2013-02-12
    /// 04:30, future-directed): share of examples whose value is right at Duckling's grain,
    /// and of negative examples left alone.
    Time {
        /// Corpus folder (default: $RASID_CORPUS or ../shared/corpus); reads
        /// timex/duckling-ar/Duckling_Time_AR_Corpus.hs in it.
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Fail (exit 1) under this share correct.
        #[arg(long, default_value_t = 0.0, value_parser = unit_interval)]
        min_share: f64,
        /// Print every failure.
        #[arg(long)]
        verbose: bool,
    },
}

/// A threshold between 0 and 1 (NaN refused).
fn unit_interval(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&v) { Ok(v) } else { Err(format!("{s} is not between 0 and 1")) }
}

/// A missing gold file is a usage mistake (exit 2), not an internal error.
fn gold_file(path: &std::path::Path) -> Result<()> {
    if !path.is_file() {
        return Err(crate::analyze::UsageError(format!("{}: no such file", path.display())).into());
    }
    Ok(())
}

pub fn run(cmd: EvalCmd) -> Result<ExitCode> {
    match cmd {
        EvalCmd::Time { corpus, min_share, verbose } => {
            let path = crate::corpus_dir(corpus).join("timex/duckling-ar/Duckling_Time_AR_Corpus.hs");
            gold_file(&path)?;
            let src =
                std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let c = rasid_extract::time::duckling::parse(&src);
            if c.examples.is_empty() {
                errln!("rasid: {}: no examples to score", path.display());
                return Ok(ExitCode::from(1));
            }
            let r = rasid_extract::time::duckling::evaluate(&rasid_extract::TimeStage::new(), &c);
            outln!("corpus     {}", path.display());
            for (g, (ok, n)) in &r.by_grain {
                outln!("{g:<10} {ok:>4} / {n:<4} {:.3}", *ok as f64 / *n as f64);
            }
            let (ok, n) = r.negative;
            outln!("negative   {ok:>4} / {n:<4} (no expression expected)");
            outln!("overall    {:>4} / {:<4} {:.4}", r.correct(), r.total(), r.share());
            if verbose {
                for f in &r.failures {
                    outln!(
                        "  {:<8} expected {:<40} got {:<40} {}",
                        f.grain,
                        f.expected,
                        f.got.as_deref().unwrap_or("-"),
                        f.text
                    );
                }
            }
            if r.share() < min_share {
                errln!("rasid: time share {:.4} is under the threshold {min_share}", r.share());
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCmd::Ner { gold, model, min_f1, json, errors, predictions } => {
            crate::ner::eval_cmd(crate::ner::EvalArgs { gold, model, min_f1, json, errors, predictions })
        }
        EvalCmd::Segment { conllu, min, errors } => {
            gold_file(&conllu)?;
            let seg = rasid_arabic::clitics::Segmenter::embedded();
            let r = rasid_arabic::segeval::eval_conllu(seg, &conllu)
                .with_context(|| format!("evaluating on {}", conllu.display()))?;
            if r.words == 0 || r.words_with_clitics == 0 {
                // A treebank without surface segments (no `# text`, no SpaceAfter=No, such as
                // UD PADT's 2016 release) has nothing to compare clitic boundaries with.
                errln!("rasid: {}: no words with surface clitic segments to score", conllu.display());
                return Ok(ExitCode::from(1));
            }
            outln!("treebank            {}", conllu.display());
            outln!("words               {}", r.words);
            outln!("words with clitics  {}", r.words_with_clitics);
            outln!("leave-whole baseline {:.4}", r.baseline_whole_accuracy);
            outln!("word accuracy       {:.4}  ({} / {})", r.accuracy, r.correct, r.words);
            outln!("over-split / under-split  {} / {}", r.over_split, r.under_split);
            for m in r.mistakes(errors) {
                outln!("  {:<14} gold {:<24} got {:<24} {}", m.sent_id, m.gold, m.predicted, m.word);
            }
            if r.accuracy < min {
                errln!("rasid: segmentation accuracy {:.4} is under the threshold {min}", r.accuracy);
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalCmd::Sentences { conllu, min, errors } => {
            gold_file(&conllu)?;
            let r = rasid_arabic::senteval::eval_sentences_conllu(&conllu)
                .with_context(|| format!("reading {}", conllu.display()))?;
            if r.gold_boundaries == 0 {
                errln!("rasid: {}: no sentences with `# text` to score", conllu.display());
                return Ok(ExitCode::from(1));
            }
            outln!("treebank            {}", conllu.display());
            outln!("{r}");
            for m in r.mistakes.iter().take(errors) {
                outln!("  {m}");
            }
            if r.f1() < min {
                errln!("rasid: sentence boundary F1 {:.4} is under the threshold {min}", r.f1());
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
