//! Writes the first-pass features of a `token TAG` file in CRFsuite's text format (one token a
//! line: label, then its feature hashes in hexadecimal), to compare learners on the same
//! features (`scripts/ner_learners.py`).
//!
//! ```text
//! cargo run --release -p rasid-ner --example dump_features -- GOLD.txt OUT.txt [MODEL_DIR]
//! ```

use rasid_arabic::clitics::Segmenter;
use rasid_ner::conll::{UnknownTags, read_file};
use rasid_ner::tagger::Tagger;
use rasid_ner::train::extract_all;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if args.len() < 2 {
        eprintln!("usage: dump_features GOLD.txt OUT.txt [MODEL_DIR]");
        return ExitCode::from(2);
    }
    let run = || -> Result<(), Box<dyn std::error::Error>> {
        let sents = read_file(&args[0], UnknownTags::Error)?;
        let res = match args.get(2) {
            Some(d) => Tagger::load_resources(d)?,
            None => Tagger::embedded_resources()?,
        };
        let feats = extract_all(&sents, &res, Segmenter::embedded());
        let mut out = std::io::BufWriter::new(std::fs::File::create(&args[1])?);
        for (s, sf) in sents.iter().zip(&feats) {
            for (i, l) in s.labels.iter().enumerate() {
                write!(out, "{l}")?;
                for h in sf.token(i) {
                    write!(out, "\t{h:x}")?;
                }
                writeln!(out)?;
            }
            writeln!(out)?;
        }
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
