//! `rasid analyze`.

use anyhow::{Context, Result};
use rasid_cli::report;
use rasid_core::{Doc, DocJson, JsonOptions};
use rasid_extract::pipeline;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Input files (`.txt`, `.html`, `.jsonl`, optionally `.gz`) or folders of them; `-` reads
    /// stdin.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Print the JSON contract (spec/output.md), one object per line, instead of the report.
    #[arg(long)]
    pub json: bool,
    /// With --json, indent the JSON.
    #[arg(long, requires = "json")]
    pub pretty: bool,
    /// Write `DIR/<id>.json` for each article instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Publication date (YYYY-MM-DD) for inputs that carry none (plain text).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: Option<String>,
    /// Force the input format instead of guessing from the extension and content.
    #[arg(long, value_parser = ["text", "html", "jsonl"])]
    pub format: Option<String>,
    /// Include tokens and their clitic parts (report and JSON).
    #[arg(long)]
    pub tokens: bool,
    /// Largest article accepted, in bytes.
    #[arg(long, default_value_t = rasid_ingest::Options::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
}

/// Documents are analysed in chunks so that a large JSON Lines file streams in bounded memory.
const CHUNK: usize = 512;

pub fn run(a: Args) -> Result<ExitCode> {
    let mut opts = rasid_ingest::Options::default().with_max_bytes(a.max_bytes);
    if let Some(p) = &a.published {
        opts = opts.with_published(p).context("--published")?;
    }
    if let Some(f) = &a.format {
        opts = opts.with_format(f.parse()?);
    }
    if let Some(dir) = &a.out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let pipeline = pipeline::text_layer();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut st = Tally::default();
    for name in &expand_inputs(&a.files, &mut st) {
        let mut chunk: Vec<Doc> = Vec::with_capacity(CHUNK);
        for r in rasid_ingest::read_path(name, &opts) {
            match r {
                Ok(d) => {
                    chunk.push(d);
                    if chunk.len() == CHUNK {
                        analyse_chunk(&a, &pipeline, name, &mut chunk, &mut out, &mut st)?;
                    }
                }
                Err(e) => {
                    eprintln!("rasid: {e}");
                    st.failed += 1;
                }
            }
        }
        analyse_chunk(&a, &pipeline, name, &mut chunk, &mut out, &mut st)?;
    }
    out.flush().context("writing to stdout")?;
    if a.out.is_some() {
        eprintln!("rasid: {} analysed, {} failed", st.done, st.failed);
    }
    Ok(if st.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Replaces each folder by the article files under it (sorted, recursively, known extensions).
fn expand_inputs(args: &[String], st: &mut Tally) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if rasid_ingest::Format::from_path(&p).is_some() {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    for a in args {
        let p = Path::new(a);
        if a != "-" && p.is_dir() {
            let mut found = Vec::new();
            match walk(p, &mut found) {
                Ok(()) if found.is_empty() => {
                    eprintln!("rasid: {a}: no .txt, .html, .jsonl (or .gz) files in this folder");
                    st.failed += 1;
                }
                Ok(()) => files.extend(found.into_iter().map(|f| f.to_string_lossy().into_owned())),
                Err(e) => {
                    eprintln!("rasid: {a}: {e}");
                    st.failed += 1;
                }
            }
        } else {
            files.push(a.clone());
        }
    }
    files
}

#[derive(Default)]
struct Tally {
    done: usize,
    failed: usize,
    /// Output file names used so far in this run.
    written: HashSet<String>,
}

/// Analyses a chunk of documents in parallel and emits them in input order.
fn analyse_chunk(
    a: &Args,
    pipeline: &rasid_core::Pipeline,
    name: &str,
    chunk: &mut Vec<Doc>,
    out: &mut dyn Write,
    st: &mut Tally,
) -> Result<()> {
    for r in pipeline.run_batch(std::mem::take(chunk)) {
        match r {
            Ok(doc) => {
                emit(a, &doc, out, &mut st.written)?;
                st.done += 1;
            }
            Err(e) => {
                eprintln!("rasid: {name}: {e}");
                st.failed += 1;
            }
        }
    }
    Ok(())
}

fn emit(a: &Args, doc: &Doc, out: &mut dyn Write, written: &mut HashSet<String>) -> Result<()> {
    let opts = JsonOptions { tokens: a.tokens };
    if let Some(dir) = &a.out {
        let json = serde_json::to_string_pretty(&DocJson::from_doc(doc, opts))?;
        let path = unique_path(dir, &doc.id, written);
        write_atomic(&path, json.as_bytes())?;
    } else if a.json {
        let j = DocJson::from_doc(doc, opts);
        if a.pretty {
            serde_json::to_writer_pretty(&mut *out, &j)?;
        } else {
            serde_json::to_writer(&mut *out, &j)?;
        }
        writeln!(out).context("writing to stdout")?;
    } else {
        out.write_all(report::render(doc, a.tokens).as_bytes()).context("writing to stdout")?;
        writeln!(out).context("writing to stdout")?;
    }
    Ok(())
}

/// `DIR/<id>.json`, with the id made safe as a file name and made unique within this run
/// (`id~2.json`) so that two articles with one id never overwrite each other.
fn unique_path(dir: &Path, id: &str, written: &mut HashSet<String>) -> PathBuf {
    let safe: String = id
        .chars()
        .map(|c| if c == '/' || c == '\\' || c == '\0' || c == ':' { '_' } else { c })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string();
    let safe = if safe.is_empty() { "doc".to_string() } else { safe };
    let mut name = safe.clone();
    let mut n = 1;
    while !written.insert(name.clone()) {
        n += 1;
        name = format!("{safe}~{n}");
    }
    dir.join(format!("{name}.json"))
}

/// Writes through a temporary file and a rename, so a crash never leaves a half-written file.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming to {}", path.display()))?;
    Ok(())
}
