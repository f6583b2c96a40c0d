//! `rasid search-bench`: search latency over a store, on a fixed list of queries.
//!
//! Each query is parsed and its names resolved through the catalogue once (as `rasid search`
//! does before searching), then run `--runs` times on one open store; a query's latency is the
//! median of its runs, and the report gives the median and 95th percentile over the queries,
//! the first (cold) run of each, and the slowest queries. The default list,
//! data/bench/search-queries.tsv, is embedded.

use crate::analyze::UsageError;
use crate::ingest::store_error;
use crate::search::FilterArgs;
use anyhow::Result;
use rasid_store::{Query, SqliteStore, Store};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const DEFAULT_QUERIES: &str = include_str!("../../../data/bench/search-queries.tsv");

#[derive(clap::Args)]
pub struct Args {
    /// The store to search (e.g. one holding the ANT corpus).
    #[arg(long, default_value = "rasid.db")]
    pub store: PathBuf,
    /// Queries, one per line: words and "phrases", then optionally a tab and filters as
    /// name=value separated by " ; " (entity, place, speaker, outlet, since, until, event).
    /// Default: the embedded list of 50.
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Timed runs of each query (after one cold run).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub runs: u64,
    /// Results asked for, as `rasid search --limit`.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

/// One line of the list, parsed.
fn parse_line(line: &str, n: usize) -> Result<Query> {
    let (words, filters) = line.split_once('\t').unwrap_or((line, ""));
    // The filters as `rasid search` takes them, names resolved the same way.
    let mut f = FilterArgs::default();
    for part in filters.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(UsageError(format!("query {n}: {part:?} is not name=value")).into());
        };
        let slot = match k.trim() {
            "entity" => &mut f.entity,
            "place" => &mut f.place,
            "speaker" => &mut f.speaker,
            "outlet" => &mut f.outlet,
            "since" => &mut f.since,
            "until" => &mut f.until,
            "event" => &mut f.event,
            other => return Err(UsageError(format!("query {n}: unknown filter {other:?}")).into()),
        };
        *slot = Some(v.trim().to_string());
    }
    let f = f.filters()?;
    let q = Query::parse(words).map_err(store_error)?.with_filters(f);
    q.check().map_err(store_error)?;
    Ok(q)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub fn run(a: Args) -> Result<ExitCode> {
    crate::ingest::require_store(&a.store)?;
    let text = match &a.queries {
        Some(p) => std::fs::read_to_string(p).map_err(|e| UsageError(format!("{}: {e}", p.display())))?,
        None => DEFAULT_QUERIES.to_string(),
    };
    let lines: Vec<&str> =
        text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).collect();
    let queries: Vec<(String, Query)> = lines
        .iter()
        .enumerate()
        .map(|(n, l)| parse_line(l, n + 1).map(|q| (l.replace('\t', "  |  "), q.with_limit(a.limit))))
        .collect::<Result<_>>()?;
    if queries.is_empty() {
        return Err(UsageError("no queries".into()).into());
    }
    let store = SqliteStore::open_reader(&a.store).map_err(store_error)?;
    let articles = store.stats().map_err(store_error)?.articles;
    let mut cold = Vec::with_capacity(queries.len());
    let mut warm = Vec::with_capacity(queries.len());
    let mut hits = 0usize;
    for (_, q) in &queries {
        let t = Instant::now();
        hits += store.search(q).map_err(store_error)?.len();
        cold.push(t.elapsed().as_secs_f64() * 1e3);
        let mut runs: Vec<f64> = (0..a.runs)
            .map(|_| {
                let t = Instant::now();
                store.search(q).map(|_| t.elapsed().as_secs_f64() * 1e3)
            })
            .collect::<Result<_, _>>()
            .map_err(store_error)?;
        runs.sort_by(f64::total_cmp);
        warm.push(percentile(&runs, 0.5));
    }
    let mut order: Vec<usize> = (0..queries.len()).collect();
    order.sort_by(|&x, &y| warm[y].total_cmp(&warm[x]));
    let mut w = warm.clone();
    w.sort_by(f64::total_cmp);
    let mut c = cold.clone();
    c.sort_by(f64::total_cmp);
    outln!("store       {} ({articles} articles)", a.store.display());
    outln!("queries     {} ({} results in all), {} runs each after a cold one", queries.len(), hits, a.runs);
    outln!(
        "latency     median {:.2} ms, 95th percentile {:.2} ms, max {:.2} ms (each query's median run)",
        percentile(&w, 0.5),
        percentile(&w, 0.95),
        w[w.len() - 1]
    );
    outln!(
        "cold        median {:.2} ms, 95th percentile {:.2} ms (first runs)",
        percentile(&c, 0.5),
        percentile(&c, 0.95)
    );
    outln!("slowest");
    for &i in order.iter().take(5) {
        outln!("  {:>8.2} ms  {}", warm[i], queries[i].0);
    }
    Ok(ExitCode::SUCCESS)
}
