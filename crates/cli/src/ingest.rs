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
use std::sync::mpsc;
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
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub batch: u64,
    #[command(flatten)]
    pub input: InputArgs,
    /// Stop after this many documents have been read (for measuring on part of a corpus).
    #[arg(long)]
    pub limit: Option<u64>,
}

/// Individual duplicate lines printed before they are only counted.
const SHOW_DUPLICATES: usize = 10;

/// Turns a store error into a usage error (exit 2) when the caller is at fault.
pub(crate) fn store_error(e: StoreError) -> anyhow::Error {
    if e.is_user_error() { UsageError(e.to_string()).into() } else { anyhow::Error::new(e) }
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
    let store = SqliteStore::open(&a.store).map_err(store_error)?;
    let pipeline = pipeline::analysis()?;
    let t0 = Instant::now();
    let mut failed = 0usize;
    let mut read = 0u64;
    let files = expand_inputs(&a.files, &mut failed);
    let progress = Progress::start(progress::total_of(&files, a.limit), t0);
    let opts = match progress.read_counter() {
        Some(c) => opts.with_read_counter(c),
        None => opts,
    };
    let (tx, rx) = mpsc::sync_channel::<(Vec<Prepared>, usize)>(1);
    let store_path = a.store.clone();
    let shown = progress.clone();
    let writer = std::thread::spawn(move || write_batches(store, rx, &shown, &store_path));
    let batch = a.batch as usize;
    let mut chunk: Vec<Doc> = Vec::with_capacity(batch);
    let send = |chunk: &mut Vec<Doc>, failed: &mut usize| -> bool {
        let prepared = analyse(&pipeline, std::mem::take(chunk), failed);
        prepared.is_empty() || tx.send((prepared, *failed)).is_ok()
    };
    'files: for name in &files {
        for r in read_input(name, &opts) {
            if a.limit.is_some_and(|l| read >= l) {
                break 'files;
            }
            match r {
                Ok(d) => {
                    read += 1;
                    chunk.push(d);
                    if chunk.len() >= batch && !send(&mut chunk, &mut failed) {
                        break 'files; // the writer stopped: its error is reported below
                    }
                }
                Err(e) => {
                    errln!("rasid: {e}");
                    failed += 1;
                }
            }
        }
    }
    send(&mut chunk, &mut failed);
    drop(tx);
    let w = writer.join().map_err(|_| anyhow::anyhow!("the store writer panicked"));
    progress.finish();
    let w = w??;
    let secs = t0.elapsed().as_secs_f64();
    errln!(
        "rasid: {} documents in {secs:.1} s ({:.1} docs/s, {:.2} MB/s): {} stored, {} duplicates, {failed} failed; store {} ({:.1} s writing)",
        w.stored + w.duplicates,
        (w.stored + w.duplicates) as f64 / secs.max(1e-9),
        w.bytes as f64 / 1e6 / secs.max(1e-9),
        w.stored,
        w.duplicates,
        a.store.display(),
        w.busy
    );
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Analyses a batch in parallel and prepares it for the store; failures are listed and counted.
fn analyse(pipeline: &rasid_core::Pipeline, docs: Vec<Doc>, failed: &mut usize) -> Vec<Prepared> {
    let results: Vec<Result<Prepared, String>> = pipeline
        .run_batch(docs)
        .into_par_iter()
        .map(|r| r.map(|d| Prepared::from_doc(&d)).map_err(|e| e.to_string()))
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

/// The writer thread: one transaction per batch, progress reported after each.
fn write_batches(
    mut store: SqliteStore,
    rx: mpsc::Receiver<(Vec<Prepared>, usize)>,
    progress: &Progress,
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
                        let by = match by {
                            rasid_store::DuplicateBy::Url => "same URL",
                            rasid_store::DuplicateBy::Content => "same text",
                        };
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
        progress.update(Counts {
            docs: (w.stored + w.duplicates) as u64,
            bytes: w.bytes as u64,
            stored: w.stored as u64,
            duplicates: w.duplicates as u64,
            errors: failed as u64,
        });
    }
    Ok(w)
}
