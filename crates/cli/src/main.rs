//! `rasid`: reads Arabic news and turns it into structured, sourced intelligence.
//!
//! Exit codes: 0 success; 1 some input failed (the others were still processed) or an
//! evaluation fell under its threshold; 2 bad usage; 3 an internal error (I/O on output, a bug).
//! A closed output pipe (`rasid analyze ... | head`) counts as success.

/// `println!` that returns an error instead of panicking when stdout is closed (`| head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*).map_err(|e| anyhow::Error::new(e).context("writing to stdout"))?
    }};
}

/// `eprintln!` that ignores a closed stderr instead of panicking (diagnostics must never end a
/// batch) and prints above a progress bar when one is shown.
macro_rules! errln {
    ($($arg:tt)*) => {{
        $crate::progress::line(format_args!($($arg)*));
    }};
}

/// mimalloc instead of glibc's malloc: the analysis allocates many small, short-lived values on
/// every core, and `rasid ingest` frees on its writer thread what the pool allocated. An ANT
/// ingest of 4,000 articles took 5% less CPU over four alternating pairs (25.97 s against
/// 27.54 s).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod analyze;
mod bench;
mod claims;
mod eval;
mod export;
mod ingest;
mod ner;
mod progress;
mod reindex;
mod search;
mod search_bench;
mod serve;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "rasid", version, about = "Arabic news → structured, sourced intelligence")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Analyse articles (text, HTML, JSON Lines; `-` reads stdin) and print a report or JSON.
    Analyze(analyze::Args),
    /// Measure accuracy against gold data; exits 1 under the threshold.
    #[command(subcommand)]
    Eval(eval::EvalCmd),
    /// Train a model from annotated data (reproducible: same data and seed, same file).
    #[command(subcommand)]
    Train(TrainCmd),
    /// Analyse articles and store them (default ./rasid.db); the same article twice is stored once.
    Ingest(ingest::Args),
    /// Analyse every stored article again (after a model or lexicon change), in place.
    Reindex(reindex::Args),
    /// Search the stored articles: words, "phrases", filters by entity, outlet, date, event type.
    Search(search::Args),
    /// Export the store's articles, attributions, events or places as JSON Lines, CSV or GeoJSON.
    Export(export::Args),
    /// Claims across articles: who affirms and who denies the same claim, with outlets and dates.
    Claims(claims::ClaimsArgs),
    /// Stories: articles of different outlets that report the same news.
    Stories(claims::StoriesArgs),
    /// Search latency over a store on a fixed list of 50 queries (median, 95th percentile).
    SearchBench(search_bench::Args),
    /// Serve the HTTP API and the web interface over a store (127.0.0.1:8080; read-only without
    /// a write token).
    Serve(serve::Args),
    /// Run the pipeline over a JSON Lines corpus and report throughput.
    Bench(bench::Args),
    /// Rebuild the data files rasid ships (from ../shared/corpus or RASID_CORPUS).
    #[command(subcommand)]
    Data(DataCmd),
}

#[derive(Subcommand)]
enum TrainCmd {
    /// The named-entity tagger (writes models/ner/ner.model.gz unless --out is given).
    Ner(ner::TrainArgs),
}

#[derive(Subcommand)]
enum DataCmd {
    /// Rebuild the clitic frequency table in crates/arabic/data/.
    BuildClitics {
        /// Corpus folder (default: $RASID_CORPUS or ../shared/corpus).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Output file (default: the committed table).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rebuild the entity catalogue data/catalogue/catalogue.tsv.gz (GeoNames places, countries,
    /// and the curated data/catalogue/entities.tsv).
    BuildCatalogue {
        /// Corpus folder (default: $RASID_CORPUS or ../shared/corpus); reads its gazetteer/.
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Output folder (default: the committed data/catalogue/); the curated table is read
        /// from data/catalogue/entities.tsv unless --curated is given.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The curated table (default: data/catalogue/entities.tsv of the repository).
        #[arg(long)]
        curated: Option<PathBuf>,
    },
}

/// The corpus folder: `--corpus`, else `$RASID_CORPUS`, else `../shared/corpus`.
pub fn corpus_dir(arg: Option<PathBuf>) -> PathBuf {
    arg.or_else(|| std::env::var_os("RASID_CORPUS").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared/corpus"))
}

/// True when an error chain ends in a closed pipe.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Analyze(a) => analyze::run(a),
        Cmd::Eval(e) => eval::run(e),
        Cmd::Bench(b) => bench::run(b),
        Cmd::Ingest(a) => ingest::run(a),
        Cmd::Search(a) => search::run(a),
        Cmd::SearchBench(a) => search_bench::run(a),
        Cmd::Reindex(a) => reindex::run(a),
        Cmd::Serve(a) => serve::run(a),
        Cmd::Export(a) => export::run(a),
        Cmd::Claims(a) => claims::run_claims(a),
        Cmd::Stories(a) => claims::run_stories(a),
        Cmd::Train(TrainCmd::Ner(a)) => ner::train_cmd(a),
        Cmd::Data(DataCmd::BuildClitics { corpus, out }) => data_build_clitics(corpus_dir(corpus), out),
        Cmd::Data(DataCmd::BuildCatalogue { corpus, out, curated }) => {
            data_build_catalogue(corpus_dir(corpus), out, curated)
        }
    };
    match r {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<analyze::UsageError>().is_some() => {
            errln!("rasid: error: {e:#}");
            ExitCode::from(2)
        }
        Err(e) => {
            errln!("rasid: error: {e:#}");
            ExitCode::from(3)
        }
    }
}

fn data_build_clitics(corpus: PathBuf, out: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    if !corpus.is_dir() {
        return Err(analyze::UsageError(format!(
            "corpus folder {} not found (give --corpus or set RASID_CORPUS)",
            corpus.display()
        ))
        .into());
    }
    // The table is written by replacing the file: never replace a device, a link or a folder.
    if let Some(p) = &out
        && let Ok(m) = std::fs::symlink_metadata(p)
        && !m.file_type().is_file()
    {
        return Err(analyze::UsageError(format!("--out {}: not a regular file", p.display())).into());
    }
    let out = out.unwrap_or_else(|| {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../arabic/data"))
            .join(rasid_arabic::clitics::TABLE_FILE)
    });
    let stats = rasid_arabic::clitics::build_table(&corpus, &out)?;
    outln!("{stats}");
    errln!("wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}

fn data_build_catalogue(
    corpus: PathBuf,
    out: Option<PathBuf>,
    curated: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    use rasid_extract::link::catalogue::{CATALOGUE_FILE, CURATED_FILE};
    let gaz = corpus.join("gazetteer");
    if !gaz.is_dir() {
        return Err(analyze::UsageError(format!(
            "gazetteer folder {} not found (give --corpus or set RASID_CORPUS)",
            gaz.display()
        ))
        .into());
    }
    let repo_data = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/catalogue"));
    let dir = out.unwrap_or_else(|| repo_data.clone());
    if dir.exists() && !dir.is_dir() {
        return Err(analyze::UsageError(format!("--out {}: not a folder", dir.display())).into());
    }
    anyhow::Context::with_context(std::fs::create_dir_all(&dir), || format!("creating {}", dir.display()))?;
    let curated = curated.unwrap_or_else(|| repo_data.join(CURATED_FILE));
    let target = dir.join(CATALOGUE_FILE);
    // The file is written by replacing it: never replace a device, a link or a folder.
    if let Ok(m) = std::fs::symlink_metadata(&target)
        && !m.file_type().is_file()
    {
        return Err(analyze::UsageError(format!("{}: not a regular file", target.display())).into());
    }
    let stats = rasid_extract::link::build::build(&gaz, &curated, &target)?;
    outln!("{stats}");
    errln!("wrote {}", target.display());
    Ok(if stats.curated_errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
