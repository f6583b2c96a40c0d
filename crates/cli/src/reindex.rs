//! `rasid reindex`: analyse every stored article again, after a model or lexicon change.
//!
//! The stored text and metadata are read back, with the blocks found when the article was
//! first read as hints (so an article from JSON Lines or HTML keeps its title and captions),
//! analysed in parallel, and written back a batch per transaction: each article's layer rows,
//! index terms and stored analysis are replaced, its number, text, URL and content hash stay.
//! A killed reindex leaves every article either as it was or fully re-analysed; running it
//! again finishes the job.

use crate::ingest::{DEFAULT_BATCH, open_existing, store_error};
use anyhow::{Context, Result};
use rasid_extract::pipeline;
use rasid_store::{Prepared, Store, doc_for_reanalysis};
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// The store to re-analyse.
    #[arg(long, default_value = "rasid.db")]
    pub store: PathBuf,
    /// Articles per transaction.
    #[arg(long, default_value_t = DEFAULT_BATCH as u64, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub batch: u64,
}

/// An article's number and its new analysis, with whether it equals the stored one; or why
/// it failed.
type Reanalysed = (i64, Result<(Prepared, bool), String>);

pub fn run(a: Args) -> Result<ExitCode> {
    let mut store = open_existing(&a.store)?;
    let pipeline = pipeline::analysis()?;
    let ids = store.ids().map_err(store_error)?;
    let t0 = Instant::now();
    let (mut done, mut changed, mut failed, mut bytes) = (0usize, 0usize, 0usize, 0usize);
    let mut last = Instant::now();
    for chunk in ids.chunks(a.batch as usize) {
        let mut stored = Vec::with_capacity(chunk.len());
        for &id in chunk {
            match store.article(id) {
                Ok(Some(d)) => stored.push((id, d)),
                Ok(None) => {}
                Err(e) => {
                    errln!("rasid: {}: article {id}: {e}", a.store.display());
                    failed += 1;
                }
            }
        }
        let results: Vec<Reanalysed> = stored
            .into_par_iter()
            .map(|(id, old)| {
                let mut doc = doc_for_reanalysis(&old);
                let r = pipeline.run(&mut doc).map_err(|e| e.to_string()).map(|()| {
                    let p = Prepared::from_doc(&doc);
                    let same = p.doc == old;
                    (p, same)
                });
                (id, r)
            })
            .collect();
        let mut batch = Vec::with_capacity(results.len());
        for (id, r) in results {
            match r {
                Ok((p, same)) => {
                    changed += usize::from(!same);
                    bytes += p.doc.text.len();
                    batch.push((id, p));
                }
                Err(e) => {
                    errln!("rasid: article {id}: {e} (its stored analysis is kept)");
                    failed += 1;
                }
            }
        }
        done += store.replace(&batch).with_context(|| format!("writing to {}", a.store.display()))?;
        if last.elapsed().as_secs_f64() >= 1.0 {
            last = Instant::now();
            errln!("rasid: {done} / {} re-analysed ({changed} changed)", ids.len());
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    errln!(
        "rasid: {done} articles re-analysed in {secs:.1} s ({:.2} MB/s): {changed} changed, {failed} failed; store {}",
        bytes as f64 / 1e6 / secs.max(1e-9),
        a.store.display()
    );
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
