//! `rasid bench`: the pipeline over a real corpus, in MB/s and documents/s.
//!
//! The documents are read and decoded first (not timed); each run then analyses fresh copies.
//! A run on one thread gives the per-core figure, a run on all threads the total. Every run
//! must produce the same token and sentence counts, which must be non-zero, so the benchmark
//! cannot silently measure nothing.

use anyhow::{Result, bail};
use rasid_core::Doc;
use rasid_extract::pipeline;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// A JSON Lines corpus (may be gzipped), e.g. ../shared/corpus/news/ant-v2.1.jsonl.gz.
    pub corpus: PathBuf,
    /// Use at most this many articles.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
    /// Threads for the parallel run (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Timed runs per configuration; the median is reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Only the run on all threads: no single-thread run, no stage and store breakdown (for
    /// pairing with `rasid ingest` over the same corpus, round after round).
    #[arg(long)]
    pub parallel_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    docs: usize,
    failed: usize,
    tokens: usize,
    sentences: usize,
    blocks: usize,
    entities: usize,
    attributions: usize,
    contradictions: usize,
    identities: usize,
    times: usize,
    events: usize,
}

fn run_once(docs: &[Doc], threads: usize) -> Result<(f64, Counts)> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let p = pipeline::analysis()?;
    let batch = docs.to_vec();
    let t0 = Instant::now();
    let out = pool.install(|| p.run_batch(batch));
    let secs = t0.elapsed().as_secs_f64();
    let mut c = Counts {
        docs: 0,
        failed: 0,
        tokens: 0,
        sentences: 0,
        blocks: 0,
        entities: 0,
        attributions: 0,
        contradictions: 0,
        identities: 0,
        times: 0,
        events: 0,
    };
    for r in &out {
        match r {
            Ok(d) => {
                c.docs += 1;
                c.tokens += d.tokens.len();
                c.sentences += d.sentences.len();
                c.blocks += d.blocks.len();
                c.entities += d.entities.len();
                c.attributions += d.attributions.len();
                c.contradictions += d.contradictions.len();
                c.identities += d.identities.len();
                c.times += d.times.len();
                c.events += d.events.len();
            }
            Err(_) => c.failed += 1,
        }
    }
    drop(out);
    Ok((secs, c))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

pub fn run(a: Args) -> Result<ExitCode> {
    let name = a.corpus.to_string_lossy().to_string();
    let opts = rasid_ingest::Options::default().with_format(rasid_ingest::Format::Jsonl);
    let t0 = Instant::now();
    let mut docs = Vec::new();
    let mut bad = 0usize;
    for r in rasid_ingest::read_path(&a.corpus, &opts) {
        match r {
            Ok(d) => docs.push(d),
            // A file that cannot be opened or read is not a corpus with bad lines.
            Err(
                e @ (rasid_ingest::IngestError::NotFound { .. }
                | rasid_ingest::IngestError::Io { .. }
                | rasid_ingest::IngestError::Gzip { .. }),
            ) => return Err(crate::analyze::UsageError(e.to_string()).into()),
            Err(e) => {
                bad += 1;
                if bad <= 5 {
                    errln!("rasid: skipped: {e}");
                }
            }
        }
        if a.limit.is_some_and(|l| docs.len() as u64 >= l) {
            break;
        }
    }
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let mb = bytes as f64 / 1e6;
    errln!(
        "read {} articles ({mb:.1} MB of text, {bad} unreadable) in {:.1}s",
        docs.len(),
        t0.elapsed().as_secs_f64()
    );
    if docs.is_empty() {
        return Err(crate::analyze::UsageError(format!("{name}: no articles to measure")).into());
    }
    // The entity catalogue is parsed once per process, on first use: timed on its own.
    let t_cat = Instant::now();
    let cat = rasid_extract::link::Catalogue::embedded();
    let cat_ms = t_cat.elapsed().as_secs_f64() * 1e3;
    let threads = a.threads.unwrap_or_else(rayon::current_num_threads).max(1);
    let runs = a.runs.max(1);
    // A warm-up run loads the embedded tables and faults the pages in; it also gives the
    // counts every timed run must reproduce. The first 2,000 articles are enough for the
    // tables; the whole corpus when it is the reference for every configuration's runs.
    let warm = if a.parallel_only { &docs[..docs.len().min(2000)] } else { &docs[..] };
    let (_, warm_counts) = run_once(warm, threads)?;
    if warm_counts.tokens == 0 || warm_counts.sentences == 0 || warm_counts.docs == 0 {
        bail!("the pipeline produced no tokens or sentences: nothing was measured ({warm_counts:?})");
    }
    let configs = if a.parallel_only || threads == 1 { vec![threads] } else { vec![1, threads] };
    // The warm-up saw part of the corpus: then the first full run is the reference.
    let mut reference = (!a.parallel_only).then_some(warm_counts);
    let mut lines = Vec::new();
    for t in configs {
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let (secs, c) = run_once(&docs, t)?;
            let r = *reference.get_or_insert(c);
            if c != r {
                bail!("run on {t} threads gave different output: {c:?} vs {r:?}");
            }
            times.push(secs);
        }
        let s = median(times.clone());
        let mbs = mb / s;
        lines.push(format!(
            "threads {t:<3} median {s:>7.3}s  {mbs:>7.1} MB/s  {:>8.0} docs/s  {:>6.1} MB/s per core  (runs: {})",
            reference.map_or(0, |r| r.docs) as f64 / s,
            mbs / t as f64,
            times.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(" ")
        ));
    }
    let reference = reference.unwrap_or(warm_counts);
    outln!("corpus      {name}");
    outln!("articles    {}  ({} failed in analysis)", reference.docs, reference.failed);
    outln!("text        {mb:.2} MB");
    outln!(
        "output      {} tokens, {} sentences, {} blocks, {} entities ({} identities), {} attributions, {} \
         contradictions, {} times, {} events",
        reference.tokens,
        reference.sentences,
        reference.blocks,
        reference.entities,
        reference.identities,
        reference.attributions,
        reference.contradictions,
        reference.times,
        reference.events
    );
    outln!("catalogue   {} entries, loaded in {cat_ms:.0} ms (once per process)", cat.len());
    outln!("pipeline    {}", pipeline::analysis()?.stage_names().collect::<Vec<_>>().join(" → "));
    for l in lines {
        outln!("{l}");
    }
    if a.parallel_only {
        return Ok(ExitCode::SUCCESS);
    }
    // Each stage's share of one single-threaded pass: shares are what contention on a shared
    // machine skews least.
    {
        let p = pipeline::analysis()?;
        let names: Vec<&str> = p.stage_names().collect();
        let mut secs = vec![0.0; names.len()];
        // The same pass prepares each analysed article for the store, timed apart, so that
        // measuring the store does not take a second analysis of the corpus.
        let mut prepared = Vec::with_capacity(docs.len());
        let mut prepare = 0.0;
        for d in &docs {
            let mut d = d.clone();
            // A failing document was counted above; its partial time is kept.
            if p.run_timed(&mut d, &mut secs).is_ok() {
                let t = Instant::now();
                prepared.push(rasid_store::Prepared::from_doc(&d));
                prepare += t.elapsed().as_secs_f64();
            }
        }
        let total: f64 = secs.iter().sum();
        outln!("stages      one thread, {total:.3}s in all");
        for (n, s) in names.iter().zip(&secs) {
            outln!(
                "  {n:<13} {s:>7.3}s  {:>5.1}%  {:>8.1} MB/s alone",
                100.0 * s / total.max(1e-9),
                mb / s.max(1e-9)
            );
        }
        drop(docs);
        store_cost(&prepared, prepare, total, mb)?;
    }
    if let Some(kb) = peak_rss_kb() {
        outln!(
            "peak memory {:.0} MB (resident, whole process, corpus in memory included)",
            kb as f64 / 1024.0
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// What storing costs beside the analysis, on one thread: preparing each analysed article for
/// the store (its JSON, compressed, and its index terms) and the store's writes, in batches as
/// `rasid ingest` makes them, into a fresh store in the temporary folder. `rasid ingest` runs
/// the writes on a thread of their own, so on a machine with `n` cores its throughput is about
/// the pipeline's times `n·pipeline / (n·pipeline + prepare + write)` when the pipeline keeps
/// every core busy.
fn store_cost(prepared: &[rasid_store::Prepared], prepare: f64, pipeline_secs: f64, mb: f64) -> Result<()> {
    use rasid_store::{SqliteStore, Store};
    let dir = std::env::temp_dir().join(format!("rasid-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.db");
    let result = (|| -> Result<(f64, Option<f64>, u64)> {
        let mut store = SqliteStore::open(&path)?;
        let (t, cpu) = (Instant::now(), thread_cpu_secs());
        // As `rasid ingest` writes into an empty store: in bulk, indexes built at the end.
        store.begin_bulk()?;
        for batch in prepared.chunks(crate::ingest::DEFAULT_BATCH) {
            store.put(batch)?;
        }
        store.end_bulk()?;
        let write = t.elapsed().as_secs_f64();
        let write_cpu = thread_cpu_secs().zip(cpu).map(|(b, a)| b - a);
        drop(store);
        let size = std::fs::read_dir(&dir)?.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum();
        Ok((write, write_cpu, size))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    let (write, write_cpu, size) = result?;
    let pct = |s: f64| 100.0 * s / pipeline_secs.max(1e-9);
    // The writer's time on the CPU is what it takes from the analysis; its waits for the disk
    // (a flush at each commit) overlap the analysis of the next batch.
    let cpu = write_cpu.map_or(String::new(), |c| format!(", {c:.3}s of it on the CPU ({:.1}%)", pct(c)));
    outln!(
        "store       one thread: prepare {prepare:.3}s ({:.1}% of the pipeline), write {write:.3}s{cpu} \
         ({:.1} MB/s); {:.1} MB on disk for {mb:.1} MB of text",
        pct(prepare),
        mb / write.max(1e-9),
        size as f64 / 1e6
    );
    Ok(())
}

/// The calling thread's time on the CPU so far (Linux: /proc/thread-self/schedstat, in ns).
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<u64>().ok()? as f64 / 1e9)
}

/// The process's peak resident set (`VmHWM` in /proc/self/status), on Linux.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
