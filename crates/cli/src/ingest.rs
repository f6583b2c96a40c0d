//! `rasid ingest`: analyse articles and write them to the store.
//!
//! The main thread reads documents and analyses one batch at a time in parallel (rayon), then
//! prepares them for the index (search terms, content hash), also in parallel; a writer thread
//! commits each batch in one transaction while the next batch is analysed. A killed ingest
//! loses at most the batches not yet committed; running it again stores only what is missing
//! (the rest is reported as duplicates).

use crate::analyze::{InputArgs, UsageError, expand_inputs, read_input};
use crate::progress::{self, Counts, Progress};
use anyhow::{Context, Result};
use rasid_core::Doc;
use rasid_extract::pipeline;
use rasid_store::{Prepared, Put, SqliteStore, Store, StoreError};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Input files (`.txt`, `.html`, `.jsonl`, RSS/Atom `.rss`/`.atom`/`.xml`, optionally `.gz`)
    /// or folders of them, http(s) URLs (a feed or a page, fetched once); `-` reads stdin.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// The store (created if missing).
    #[arg(long, default_value = "rasid.db")]
    pub store: PathBuf,
    /// Documents per transaction: a killed ingest loses at most the batch being written.
    #[arg(long, default_value_t = DEFAULT_BATCH as u64, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub batch: u64,
    #[command(flatten)]
    pub input: InputArgs,
    /// Stop after this many documents have been read (for measuring on part of a corpus).
    #[arg(long)]
    pub limit: Option<u64>,
}

/// Documents per transaction unless `--batch` says otherwise.
pub(crate) const DEFAULT_BATCH: usize = 256;

/// Individual duplicate lines printed before they are only counted.
const SHOW_DUPLICATES: usize = 10;

/// Turns a store error into a usage error (exit 2) when the caller is at fault.
pub(crate) fn store_error(e: StoreError) -> anyhow::Error {
    if e.is_user_error() { UsageError(e.to_string()).into() } else { anyhow::Error::new(e) }
}

/// Refuses a store path with no store: commands that read the collection must not create an
/// empty store where the user mistyped a path.
pub(crate) fn require_store(path: &Path) -> Result<()> {
    if path.is_file() {
        return Ok(());
    }
    Err(UsageError(format!(
        "{}: no store here (create one with `rasid ingest --store {} FILES`)",
        path.display(),
        path.display()
    ))
    .into())
}

/// Opens an existing store ([`require_store`]), migrating it if it is older.
pub(crate) fn open_existing(path: &Path) -> Result<SqliteStore> {
    require_store(path)?;
    SqliteStore::open(path).map_err(store_error)
}

/// What the writer thread reports at the end.
#[derive(Default)]
struct Written {
    stored: usize,
    duplicates: usize,
    bytes: usize,
    /// Time spent in store writes (the writer thread's busy time).
    busy: f64,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let opts = a.input.options()?;
    let mut inputs_failed = 0usize;
    let files = expand_inputs(&a.files, &mut inputs_failed);
    let mut store = SqliteStore::open(&a.store).map_err(store_error)?;
    let bulk = bulk_load(&store, &a.store, &files, a.limit)? && store.begin_bulk().map_err(store_error)?;
    // A second connection, read-only, for the reader's look-ups of what is already stored.
    let known = SqliteStore::open_reader(&a.store).map_err(store_error)?;
    let pipeline = pipeline::analysis()?;
    let t0 = Instant::now();
    let progress = Progress::start(progress::total_of(&files, a.limit), t0);
    let opts = match progress.read_counter() {
        Some(c) => opts.with_read_counter(c),
        None => opts,
    };
    let skipped = Arc::new(Skipped::default());
    // Two analysed batches may wait for the writer, so that a slow commit (a checkpoint, a
    // flush to disk) does not stop the analysis at once.
    let (tx, rx) = mpsc::sync_channel::<(Vec<Prepared>, usize)>(2);
    let store_path = a.store.clone();
    let (shown, seen) = (progress.clone(), skipped.clone());
    let writer = std::thread::spawn(move || write_batches(store, bulk, rx, &shown, &seen, &store_path));
    // The reader reads, decodes and skips articles already stored while the pool analyses the
    // previous batch.
    let (batches_tx, batches) = mpsc::sync_channel::<Vec<Doc>>(2);
    let (batch, limit) = (a.batch as usize, a.limit);
    let reader =
        std::thread::spawn(move || read_batches(&files, &opts, &known, batch, limit, &skipped, &batches_tx));
    // Two batches in the pool at once: while the last documents of one are analysed, the
    // other core starts on the next, instead of waiting for the slowest document of each batch
    // (a wait per batch of 256, about a tenth of a core over the ANT corpus). Batches still
    // reach the writer in order.
    let pipeline = Arc::new(pipeline);
    let mut in_flight: std::collections::VecDeque<mpsc::Receiver<(Vec<Prepared>, usize)>> =
        std::collections::VecDeque::new();
    let (mut failed, mut panicked) = (0usize, false);
    let forward = |done: (Vec<Prepared>, usize), failed: &mut usize| {
        *failed += done.1;
        tx.send((done.0, *failed)).is_ok()
    };
    'batches: for docs in batches {
        let (done_tx, done) = mpsc::sync_channel(1);
        let p = pipeline.clone();
        rayon::spawn(move || {
            // A panic drops `done_tx`: the receiver sees it as an error.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut n = 0;
                let prepared = analyse(&p, docs, &mut n);
                let _ = done_tx.send((prepared, n));
            }));
        });
        in_flight.push_back(done);
        while in_flight.len() > 1 {
            let Some(done) = in_flight.pop_front() else { break };
            let Ok(d) = done.recv() else {
                panicked = true;
                break 'batches;
            };
            if !forward(d, &mut failed) {
                break 'batches; // the writer stopped: its error is reported below
            }
        }
    }
    if !panicked {
        for done in in_flight.drain(..) {
            let Ok(d) = done.recv() else {
                panicked = true;
                break;
            };
            if !forward(d, &mut failed) {
                break;
            }
        }
    }
    drop(in_flight);
    drop(tx);
    let r = reader.join().map_err(|_| anyhow::anyhow!("the reader panicked"));
    let w = writer.join().map_err(|_| anyhow::anyhow!("the store writer panicked"));
    progress.finish();
    let (r, w) = (r?, w??);
    if panicked {
        anyhow::bail!("the analysis panicked");
    }
    failed += inputs_failed + r.failed;
    let secs = t0.elapsed().as_secs_f64();
    let duplicates = w.duplicates + r.known;
    errln!(
        "rasid: {} documents in {secs:.1} s ({:.1} docs/s, {:.2} MB/s): {} stored, {duplicates} duplicates, {failed} failed; store {} ({:.1} s writing)",
        w.stored + duplicates,
        (w.stored + duplicates) as f64 / secs.max(1e-9),
        (w.bytes + r.known_bytes) as f64 / 1e6 / secs.max(1e-9),
        w.stored,
        a.store.display(),
        w.busy
    );
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// What the reader thread reports at the end.
#[derive(Default)]
struct ReadTally {
    failed: usize,
    /// Articles skipped because the store already has them (same URL, or same text for those
    /// without one) or because an article with the same URL was read before them, and their
    /// bytes.
    known: usize,
    known_bytes: usize,
}

/// The reader's running count of skipped articles and errors, for the progress display.
#[derive(Default)]
struct Skipped {
    docs: AtomicU64,
    bytes: AtomicU64,
    errors: AtomicU64,
}

/// Reads every input in order and sends batches of articles the store does not have yet. A
/// stored article is recognised by its URL (or, without one, its normalised text) before it is
/// analysed, so that running an interrupted ingest again costs little for what is already in,
/// and so is a URL read earlier in this ingest (the ANT corpus holds 1,424 of its 31,505
/// articles twice: analysing them only for the writer to refuse them cost 4.5% of the
/// analysis). The writer checks again (the same text under another URL, or without one).
fn read_batches(
    files: &[String],
    opts: &rasid_ingest::Options,
    known: &SqliteStore,
    batch: usize,
    limit: Option<u64>,
    skipped: &Skipped,
    out: &mpsc::SyncSender<Vec<Doc>>,
) -> ReadTally {
    let mut t = ReadTally::default();
    let mut read = 0u64;
    let mut chunk: Vec<Doc> = Vec::with_capacity(batch);
    // The URLs sent for analysis so far (whole, not hashed: a collision would drop an article).
    let mut sent: std::collections::HashSet<String> = std::collections::HashSet::new();
    'files: for name in files {
        for r in read_input(name, opts) {
            if limit.is_some_and(|l| read >= l) {
                break 'files;
            }
            match r {
                Ok(d) => {
                    read += 1;
                    let url = d.meta.url.as_deref().filter(|u| !u.is_empty());
                    let repeated = url.is_some_and(|u| !sent.insert(u.to_string()));
                    let stored = if repeated {
                        None
                    } else {
                        // On an error the writer will decide, with the same check.
                        known.stored_as(url, d.text()).unwrap_or_else(|e| {
                            errln!("rasid: {e}");
                            None
                        })
                    };
                    if repeated || stored.is_some() {
                        t.known += 1;
                        t.known_bytes += d.text().len();
                        skipped.docs.fetch_add(1, Ordering::Relaxed);
                        skipped.bytes.fetch_add(d.text().len() as u64, Ordering::Relaxed);
                        if t.known <= SHOW_DUPLICATES {
                            match stored {
                                Some((of, by)) => errln!(
                                    "rasid: {}: already stored as article {of} ({}), skipped",
                                    d.id.escape_debug(),
                                    duplicate_reason(by)
                                ),
                                None => errln!(
                                    "rasid: {}: same URL as an article read before it, skipped",
                                    d.id.escape_debug()
                                ),
                            }
                        } else if t.known == SHOW_DUPLICATES + 1 {
                            errln!("rasid: (further articles already stored or repeated are only counted)");
                        }
                        continue;
                    }
                    chunk.push(d);
                    if chunk.len() >= batch && out.send(std::mem::take(&mut chunk)).is_err() {
                        break 'files;
                    }
                }
                Err(e) => {
                    errln!("rasid: {e}");
                    t.failed += 1;
                    skipped.errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }
    if !chunk.is_empty() {
        let _ = out.send(chunk);
    }
    t
}

fn duplicate_reason(by: rasid_store::DuplicateBy) -> &'static str {
    match by {
        rasid_store::DuplicateBy::Url => "same URL",
        rasid_store::DuplicateBy::Content => "same text",
    }
}

/// Analyses a batch in parallel and prepares it for the store; failures are listed and counted.
fn analyse(pipeline: &rasid_core::Pipeline, docs: Vec<Doc>, failed: &mut usize) -> Vec<Prepared> {
    // One parallel pass (analysis and preparation together): one wait for the slowest
    // document per batch, not two.
    let results: Vec<Result<Prepared, String>> = docs
        .into_par_iter()
        .map(|mut d| pipeline.run(&mut d).map(|()| Prepared::from_doc(&d)).map_err(|e| e.to_string()))
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(p) => out.push(p),
            Err(e) => {
                errln!("rasid: {e}");
                *failed += 1;
            }
        }
    }
    out
}

/// Whether to load the store in bulk ([`SqliteStore::begin_bulk`]: secondary indexes dropped
/// and built again at the end): when it holds no article yet, or when the input files are larger
/// than the store's file (compressed input counted as it is on disk, so the rule errs towards
/// keeping the indexes). Rebuilding an index reads all of its table, so a small ingest into a
/// large store keeps them. On the ANT corpus (31.5k articles into an empty store) the bulk load
/// took the writer's CPU from 12.9 s to 8.3 s.
fn bulk_load(store: &SqliteStore, path: &Path, files: &[String], limit: Option<u64>) -> Result<bool> {
    let empty: bool = store
        .connection()
        .query_row("SELECT NOT EXISTS (SELECT 1 FROM articles)", [], |r| r.get(0))
        .with_context(|| format!("reading {}", path.display()))?;
    if empty {
        return Ok(true);
    }
    if limit.is_some() {
        return Ok(false);
    }
    let input: u64 = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let stored = std::fs::metadata(path).map_or(0, |m| m.len());
    Ok(input > stored)
}

/// The writer thread: one transaction per batch, progress reported after each. After a bulk
/// load the dropped indexes are built again, also when a write failed (else the next writable
/// open of the store does it).
fn write_batches(
    mut store: SqliteStore,
    bulk: bool,
    rx: mpsc::Receiver<(Vec<Prepared>, usize)>,
    progress: &Progress,
    skipped: &Skipped,
    path: &Path,
) -> Result<Written> {
    let written = write_each(&mut store, rx, progress, skipped, path);
    if bulk {
        let t = Instant::now();
        let ended = store.end_bulk().with_context(|| format!("indexing {}", path.display()));
        let mut w = written?;
        ended?;
        w.busy += t.elapsed().as_secs_f64();
        return Ok(w);
    }
    written
}

fn write_each(
    store: &mut SqliteStore,
    rx: mpsc::Receiver<(Vec<Prepared>, usize)>,
    progress: &Progress,
    skipped: &Skipped,
    path: &Path,
) -> Result<Written> {
    let mut w = Written::default();
    for (batch, failed) in rx {
        let t = Instant::now();
        let outcomes = store.put(&batch).with_context(|| format!("writing to {}", path.display()))?;
        w.busy += t.elapsed().as_secs_f64();
        for (p, o) in batch.iter().zip(&outcomes) {
            w.bytes += p.doc.text.len();
            match o {
                Put::Stored { .. } => w.stored += 1,
                Put::Duplicate { of, by } => {
                    w.duplicates += 1;
                    if w.duplicates <= SHOW_DUPLICATES {
                        let by = duplicate_reason(*by);
                        errln!(
                            "rasid: {}: duplicate of stored article {of} ({by}), skipped",
                            p.doc.doc.escape_debug()
                        );
                    } else if w.duplicates == SHOW_DUPLICATES + 1 {
                        errln!("rasid: (further duplicates are only counted)");
                    }
                }
            }
        }
        let (known, known_bytes) =
            (skipped.docs.load(Ordering::Relaxed), skipped.bytes.load(Ordering::Relaxed));
        progress.update(Counts {
            docs: (w.stored + w.duplicates) as u64 + known,
            bytes: w.bytes as u64 + known_bytes,
            stored: w.stored as u64,
            duplicates: w.duplicates as u64 + known,
            errors: failed as u64 + skipped.errors.load(Ordering::Relaxed),
        });
    }
    Ok(w)
}
