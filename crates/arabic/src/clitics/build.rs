//! Rebuilding `data/clitics.bin.gz` from the shared corpora.
//!
//! Word frequencies are the even mixture of two relative frequencies: wordfreq 3.1's Arabic list
//! (web, subtitles, Wikipedia, Twitter; `lexicon/wordfreq-ar.tsv.gz`) and the ANT v2.1 news corpus
//! (titles and texts of `news/ant-v2.1.jsonl.gz`, counted here). Keys are the letters of a word
//! with diacritics, tatweel and joiners removed (see `letters`); words with letters outside the
//! basic Arabic block are left out. Every word of the table then gets its segmentation decision
//! computed once, with the same analysis that runs on unknown words, so that the segmenter
//! answers a known word with a single lookup.

use super::CliticError;
use super::analysis::analyze;
use super::letters::{codes_of, for_each_word};
use super::table::{Entry, FreqTable, encode, hash_parts, quantise};
use crate::corpus::AntRecord;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Paths of the sources inside the shared corpus folder.
pub const WORDFREQ: &str = "lexicon/wordfreq-ar.tsv.gz";
pub use crate::corpus::ANT;

/// What a rebuild read and wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildStats {
    /// Distinct words in the written table.
    pub entries: usize,
    /// Words of the table that are segmented (not whole).
    pub segmented: usize,
    pub wordfreq_words: usize,
    pub ant_articles: usize,
    pub ant_tokens: u64,
    /// Size of the written file in bytes.
    pub bytes: u64,
}

impl std::fmt::Display for BuildStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} words ({} segmented) from {} wordfreq words and {} ANT articles ({} tokens); {} bytes",
            self.entries, self.segmented, self.wordfreq_words, self.ant_articles, self.ant_tokens, self.bytes
        )
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CliticError + '_ {
    move |source| CliticError::Io { path: path.to_path_buf(), source }
}

fn open_gz(path: &Path) -> Result<BufReader<flate2::read::GzDecoder<std::fs::File>>, CliticError> {
    let f = std::fs::File::open(path).map_err(io_err(path))?;
    Ok(BufReader::with_capacity(1 << 20, flate2::read::GzDecoder::new(f)))
}

/// Regenerates the clitic table from `shared_corpus_dir` (the folder holding `lexicon/` and
/// `news/`) into `out`. Deterministic: the same corpora give the same bytes.
pub fn build_table(shared_corpus_dir: &Path, out: &Path) -> Result<BuildStats, CliticError> {
    // Relative frequencies from wordfreq (already relative, summed over spellings that
    // normalise to the same letters).
    let wf_path = shared_corpus_dir.join(WORDFREQ);
    let mut words: HashMap<Vec<u8>, (u64, f64)> = HashMap::with_capacity(1 << 20);
    let mut wordfreq_words = 0usize;
    for (i, line) in open_gz(&wf_path)?.lines().enumerate() {
        let line = line.map_err(io_err(&wf_path))?;
        let parse_err =
            |reason: &str| CliticError::Parse { path: wf_path.clone(), line: i + 1, reason: reason.into() };
        let (word, lf) =
            line.split_once('\t').ok_or_else(|| parse_err("expected word<TAB>log10 frequency"))?;
        let lf: f64 = lf.trim().parse().map_err(|_| parse_err("bad log10 frequency"))?;
        if let Some(k) = codes_of(word) {
            words.entry(k).or_default().1 += 10f64.powf(lf);
            wordfreq_words += 1;
        }
    }

    // Token counts from ANT titles and texts (the abstract repeats the text's start).
    let ant_path = shared_corpus_dir.join(ANT);
    let mut ant_articles = 0usize;
    let mut ant_tokens = 0u64;
    for (i, line) in open_gz(&ant_path)?.lines().enumerate() {
        let line = line.map_err(io_err(&ant_path))?;
        let rec = AntRecord::parse(&line).map_err(|e| CliticError::Parse {
            path: ant_path.clone(),
            line: i + 1,
            reason: e.to_string(),
        })?;
        let Some(rec) = rec else { continue };
        ant_articles += 1;
        for text in rec.texts() {
            for_each_word(text, |w| {
                ant_tokens += 1;
                match words.get_mut(w) {
                    Some(v) => v.0 += 1,
                    None => {
                        words.insert(w.to_vec(), (1, 0.0));
                    }
                }
            });
        }
    }

    let mut entries: Vec<Entry> = words
        .into_iter()
        .map(|(key, (ant, wf))| {
            let ant_rel = if ant_tokens > 0 { ant as f64 / ant_tokens as f64 } else { 0.0 };
            Entry { key, q: quantise(0.5 * ant_rel + 0.5 * wf), dec: 0 }
        })
        .collect();
    entries.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    let segmented = decide_all(&mut entries);

    let tmp: PathBuf = out.with_extension("tmp");
    {
        let f = std::fs::File::create(&tmp).map_err(io_err(&tmp))?;
        let mut w = BufWriter::new(f);
        encode(&entries, &mut w).map_err(io_err(&tmp))?;
        w.flush().map_err(io_err(&tmp))?;
    }
    std::fs::rename(&tmp, out).map_err(io_err(out))?;
    let bytes = std::fs::metadata(out).map_err(io_err(out))?.len();
    Ok(BuildStats { entries: entries.len(), segmented, wordfreq_words, ant_articles, ant_tokens, bytes })
}

/// Fills in every entry's decision, analysing it against the whole table. Returns how many are
/// segmented.
pub(crate) fn decide_all(entries: &mut [Entry]) -> usize {
    let mut table = FreqTable::with_capacity(entries.len());
    for e in entries.iter() {
        table.insert_hash(hash_parts(&[&e.key]), e.q, 0);
    }
    let mut segmented = 0;
    for e in entries.iter_mut() {
        e.dec = analyze(&table, &e.key, false).0;
        segmented += usize::from(e.dec != 0);
    }
    segmented
}
