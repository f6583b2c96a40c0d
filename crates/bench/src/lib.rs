//! Inputs for rasid's criterion benchmarks: real news text from the ANT corpus when
//! `../shared/corpus` (or `$RASID_CORPUS`) is present, else the example article repeated.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    std::env::var_os("RASID_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus")))
}

/// A file under the corpus folder (which may not exist).
pub fn corpus_path(rel: &str) -> PathBuf {
    corpus_dir().join(rel)
}

/// About `max_bytes` of article texts (title + body), in corpus order.
pub fn sample_texts(max_bytes: usize) -> Vec<String> {
    let path = corpus_dir().join("news/ant-v2.1.jsonl.gz");
    let mut out = Vec::new();
    let mut total = 0;
    if let Ok(f) = std::fs::File::open(&path) {
        let r = BufReader::new(flate2::read::GzDecoder::new(f));
        for line in r.lines() {
            let Ok(line) = line else { break };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            let title = v["title"].as_str().unwrap_or("");
            let text = v["text"].as_str().unwrap_or("");
            let s = format!("{title}\n\n{text}");
            total += s.len();
            out.push(s);
            if total >= max_bytes {
                break;
            }
        }
    }
    if out.is_empty() {
        eprintln!("{} not found: benchmarking the example article", path.display());
        let seed = include_str!("../../../examples/seed-libya-africom.txt");
        while total < max_bytes {
            out.push(seed.to_string());
            total += seed.len();
        }
    }
    out
}
