//! Times the store's writes alone, without the analysis: reads analysed articles (the JSON
//! contract, one per line, as `rasid analyze --json` prints them), prepares them in parallel,
//! then writes them into a fresh store in batches as `rasid ingest` does, on one thread, and
//! prints the writer's CPU and wall time and the store's size.
//!
//! ```text
//! rasid analyze --json corpus.jsonl.gz > analysed.jsonl
//! cargo run --release -p rasid-store --example write_bench -- analysed.jsonl [LIMIT] [BATCH]
//! ```
//!
//! Run it under `valgrind --tool=callgrind --toggle-collect='*SqliteStore*put*'` (or
//! `*write_all*`) for instruction counts that a busy machine does not skew.

use rasid_core::DocJson;
use rasid_store::{Prepared, SqliteStore, Store};
use rayon::prelude::*;
use std::io::BufRead;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: write_bench ANALYSED.jsonl [LIMIT] [BATCH]");
    let limit: usize = args.next().map_or(usize::MAX, |s| s.parse().expect("LIMIT"));
    let batch: usize = args.next().map_or(256, |s| s.parse().expect("BATCH"));
    let lines: Vec<String> = std::io::BufReader::new(std::fs::File::open(&file).expect("open"))
        .lines()
        .take(limit)
        .map(|l| l.expect("read"))
        .collect();
    let t = Instant::now();
    let prepared: Vec<Prepared> = lines
        .par_iter()
        .map(|l| Prepared::new(serde_json::from_str::<DocJson>(l).expect("the JSON contract")))
        .collect();
    drop(lines);
    eprintln!("prepared {} articles in {:.2} s", prepared.len(), t.elapsed().as_secs_f64());
    // WRITE_BENCH_KEEP=DIR keeps the store in DIR (for a look at its tables).
    let keep = std::env::var_os("WRITE_BENCH_KEEP");
    let dir = keep.clone().map_or_else(
        || std::env::temp_dir().join(format!("write-bench-{}", std::process::id())),
        std::path::PathBuf::from,
    );
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bench.db");
    // WRITE_BENCH_REPEAT=N writes N fresh stores, for the least of their times.
    let repeat: usize = std::env::var("WRITE_BENCH_REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(1);
    let (mut wall, mut cpu) = (f64::MAX, f64::MAX);
    for i in 0..repeat {
        if i > 0 {
            let _ = std::fs::remove_file(&path);
        }
        let (w, c) = write_all(&path, &prepared, batch);
        eprintln!("  run {}: {w:.3} s wall, {c:.3} s CPU", i + 1);
        (wall, cpu) = (wall.min(w), cpu.min(c));
    }
    let size: u64 = std::fs::read_dir(&dir)
        .expect("temp dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "write {} articles in batches of {batch}: {wall:.3} s wall, {cpu:.3} s CPU; store {:.1} MB",
        prepared.len(),
        size as f64 / 1e6
    );
}

#[inline(never)]
fn write_all(path: &std::path::Path, prepared: &[Prepared], batch: usize) -> (f64, f64) {
    let (t, c0) = (Instant::now(), thread_cpu_secs());
    let mut store = SqliteStore::open(path).expect("open the store");
    let bulk = std::env::var_os("WRITE_BENCH_NO_BULK").is_none();
    if bulk {
        store.begin_bulk().expect("starting a bulk load");
    }
    for b in prepared.chunks(batch) {
        store.put(b).expect("put");
    }
    if bulk {
        store.end_bulk().expect("ending a bulk load");
    }
    drop(store);
    (t.elapsed().as_secs_f64(), thread_cpu_secs() - c0)
}

/// The calling thread's time on the CPU so far (Linux: /proc/thread-self/schedstat, in ns).
fn thread_cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0.0, |ns| ns as f64 / 1e9)
}
