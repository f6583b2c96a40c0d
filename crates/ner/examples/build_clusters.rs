//! Rebuilds the word clusters of the NER tagger from the ANT news corpus.
//!
//! ```text
//! cargo run --release -p rasid-ner --example build_clusters -- \
//!     ../shared/corpus/news/ant-v2.1.jsonl.gz models/ner/clusters.tsv.gz \
//!     [--clusters N] [--min-count N] [--max-vocab N] [--iterations N] [--seed N]
//! ```

use rasid_ner::clusters::{BuildOptions, build};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut opts = BuildOptions::default();
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if let Some(name) = a.strip_prefix("--") {
            let Some(v) = args.next().and_then(|v| v.parse::<u64>().ok()) else {
                eprintln!("--{name} needs a number");
                return ExitCode::from(2);
            };
            match name {
                "clusters" => opts.clusters = v as usize,
                "min-count" => opts.min_count = v as u32,
                "max-vocab" => opts.max_vocab = v as usize,
                "iterations" => opts.iterations = v as usize,
                "seed" => opts.seed = v,
                _ => {
                    eprintln!("unknown option --{name}");
                    return ExitCode::from(2);
                }
            }
        } else {
            paths.push(a.into());
        }
    }
    let [input, output] = &paths[..] else {
        eprintln!(
            "usage: build_clusters ANT.jsonl.gz OUT.tsv.gz [--clusters N] [--min-count N] [--max-vocab N] [--iterations N] [--seed N]"
        );
        return ExitCode::from(2);
    };
    eprintln!("{opts:?}");
    match build(input, &opts, output) {
        Ok(stats) => {
            println!("{stats}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
