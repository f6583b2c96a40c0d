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
    /// Input files (`.txt`, `.html`, `.jsonl`, RSS/Atom `.rss`/`.atom`/`.xml`, optionally `.gz`)
    /// or folders of them, http(s) URLs (a feed or a page, fetched once); `-` reads stdin.
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
    #[command(flatten)]
    pub input: InputArgs,
    /// Include tokens and their clitic parts (report and JSON).
    #[arg(long)]
    pub tokens: bool,
}

/// How inputs are read: the options `analyze` and `ingest` share.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Publication date (YYYY-MM-DD) for inputs that carry none (plain text).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: Option<String>,
    /// Force the input format instead of guessing from the extension and content.
    #[arg(long, value_parser = ["text", "html", "jsonl", "feed"])]
    pub format: Option<String>,
    /// Largest article accepted, in bytes.
    #[arg(long, default_value_t = rasid_ingest::Options::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
}

impl InputArgs {
    /// The reading options; a bad `--published` is a usage error.
    pub fn options(&self) -> Result<rasid_ingest::Options> {
        let mut opts = rasid_ingest::Options::default().with_max_bytes(self.max_bytes);
        if let Some(p) = &self.published {
            opts = opts.with_published(p).map_err(|e| UsageError(format!("--published: {e}")))?;
        }
        if let Some(f) = &self.format {
            opts = opts.with_format(f.parse()?);
        }
        Ok(opts)
    }
}

/// Documents are analysed in parallel chunks, gathered across inputs, so that a folder of
/// small files keeps every core busy and a large JSON Lines file streams in bounded memory.
const CHUNK_DOCS: usize = 512;
const CHUNK_BYTES: usize = 64 << 20;

/// Leading unreadable records after which a file is abandoned.
pub(crate) const GIVE_UP_AFTER: usize = 20;

/// Longest output file name stem, in bytes (file systems allow 255 for the whole name).
const MAX_STEM: usize = 150;

pub fn run(a: Args) -> Result<ExitCode> {
    let opts = a.input.options()?;
    if let Some(dir) = &a.out {
        std::fs::create_dir_all(dir)
            .map_err(|e| UsageError(format!("--out {}: cannot create the folder: {e}", dir.display())))?;
    }
    let pipeline = pipeline::analysis()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut st = Tally::default();
    let mut chunk: Vec<Doc> = Vec::with_capacity(CHUNK_DOCS);
    let mut chunk_bytes = 0;
    for name in &expand_inputs(&a.files, &mut st.failed) {
        for r in read_input(name, &opts) {
            match r {
                Ok(d) => {
                    chunk_bytes += d.text().len();
                    chunk.push(d);
                    if chunk.len() == CHUNK_DOCS || chunk_bytes >= CHUNK_BYTES {
                        analyse_chunk(&a, &pipeline, &mut chunk, &mut out, &mut st)?;
                        chunk_bytes = 0;
                    }
                }
                Err(e) => {
                    errln!("rasid: {e}");
                    st.failed += 1;
                }
            }
        }
    }
    analyse_chunk(&a, &pipeline, &mut chunk, &mut out, &mut st)?;
    out.flush().context("writing to stdout")?;
    if a.out.is_some() {
        errln!("rasid: {} analysed, {} failed", st.done, st.failed);
    }
    Ok(if st.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A mistake in how rasid was called (exit code 2), as opposed to a bad input or an internal
/// failure.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The records of one input. A file that is not JSON Lines at all would give one error per line:
/// it is given up with one message once its first [`GIVE_UP_AFTER`] records all fail.
pub(crate) fn read_input<'a>(
    name: &'a str,
    opts: &rasid_ingest::Options,
) -> impl Iterator<Item = Result<rasid_core::Doc, rasid_ingest::IngestError>> + 'a {
    let mut read_ok = false;
    let mut bad_run = 0;
    rasid_ingest::read_path(name, opts).map_while(move |r| {
        if r.is_err() && !read_ok {
            bad_run += 1;
            if bad_run > GIVE_UP_AFTER {
                errln!(
                    "rasid: {name}: giving up after {GIVE_UP_AFTER} unreadable records (is it JSON Lines?)"
                );
                return None;
            }
        }
        read_ok |= r.is_ok();
        Some(r)
    })
}

/// Replaces each folder by the article files under it (sorted, recursively, known extensions).
/// Symbolic links to folders are not followed (they could loop); a folder that cannot be read is
/// reported and the others go on.
pub(crate) fn expand_inputs(args: &[String], failed: &mut usize) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>, failed: &mut usize) {
        let entries = match std::fs::read_dir(dir).and_then(|rd| rd.collect::<Result<Vec<_>, _>>()) {
            Ok(e) => e,
            Err(e) => {
                errln!("rasid: {}: {e}", dir.display());
                *failed += 1;
                return;
            }
        };
        let mut entries: Vec<(PathBuf, std::io::Result<std::fs::FileType>)> =
            entries.into_iter().map(|e| (e.path(), e.file_type())).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (p, ft) in entries {
            match ft {
                Ok(ft) if ft.is_dir() => walk(&p, out, failed),
                Ok(ft) if ft.is_symlink() && p.is_dir() => {
                    errln!("rasid: {}: not following a link to a folder", p.display())
                }
                // Regular files (or links to them) only: a FIFO or device would block or never end.
                _ if !p.is_file() => {}
                _ if rasid_ingest::Format::from_path(&p).is_some() => out.push(p),
                _ => {}
            }
        }
    }
    let mut files = Vec::new();
    for a in args {
        let p = Path::new(a);
        if a != "-" && p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, failed);
            if found.is_empty() {
                errln!("rasid: {a}: no .txt, .html, .jsonl, .rss, .atom, .xml (or .gz) files in this folder");
                *failed += 1;
            }
            files.extend(found.into_iter().map(|f| f.to_string_lossy().into_owned()));
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

/// Analyses a chunk of documents in parallel and emits them in input order. A document that
/// fails (in analysis, or when its output file cannot be written) is reported and counted; only
/// a failure to write to stdout ends the run.
fn analyse_chunk(
    a: &Args,
    pipeline: &rasid_core::Pipeline,
    chunk: &mut Vec<Doc>,
    out: &mut dyn Write,
    st: &mut Tally,
) -> Result<()> {
    for r in pipeline.run_batch(std::mem::take(chunk)) {
        match r {
            Ok(doc) => match emit(a, &doc, out, &mut st.written)? {
                Ok(()) => st.done += 1,
                Err(e) => {
                    errln!("rasid: {}: {e:#}", doc.id.escape_debug());
                    st.failed += 1;
                }
            },
            Err(e) => {
                errln!("rasid: {e}");
                st.failed += 1;
            }
        }
    }
    Ok(())
}

/// Writes one document. The outer error is fatal (stdout), the inner one is the document's own
/// (its output file).
fn emit(a: &Args, doc: &Doc, out: &mut dyn Write, written: &mut HashSet<String>) -> Result<Result<()>> {
    let opts = JsonOptions { tokens: a.tokens };
    if let Some(dir) = &a.out {
        let json = serde_json::to_vec_pretty(&DocJson::from_doc(doc, opts))?;
        let (path, renamed) = unique_path(dir, &doc.id, written);
        if renamed {
            errln!("rasid: {}: written as {}", doc.id.escape_debug(), path.display());
        }
        return Ok(write_atomic(&path, &json));
    }
    let bytes = if a.json {
        let j = DocJson::from_doc(doc, opts);
        let mut v = if a.pretty { serde_json::to_vec_pretty(&j)? } else { serde_json::to_vec(&j)? };
        v.push(b'\n');
        v
    } else {
        let mut r = report::render(doc, a.tokens).into_bytes();
        r.push(b'\n');
        r
    };
    // Serialised first and written with io::Write, so a closed pipe surfaces as an io::Error
    // (which main treats as success) rather than wrapped in serde_json's error.
    out.write_all(&bytes).context("writing to stdout")?;
    Ok(Ok(()))
}

/// `DIR/<id>.json`, with the id made safe as a file name (no separators, no leading dot, at most
/// [`MAX_STEM`] bytes) and unique within this run (`id~2.json`), so that two articles never
/// overwrite each other. The flag says the name is not simply `<id>.json`.
fn unique_path(dir: &Path, id: &str, written: &mut HashSet<String>) -> (PathBuf, bool) {
    let mut safe: String = id
        .chars()
        .map(|c| if matches!(c, '/' | '\\' | '\0' | ':') || c.is_control() { '_' } else { c })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string();
    if safe.len() > MAX_STEM {
        let mut cut = MAX_STEM;
        while !safe.is_char_boundary(cut) {
            cut -= 1;
        }
        safe.truncate(cut);
    }
    if safe.is_empty() {
        safe = "doc".to_string();
    }
    let mut name = safe.clone();
    let mut n = 1;
    while !written.insert(name.clone()) {
        n += 1;
        name = format!("{safe}~{n}");
    }
    let renamed = name != id;
    (dir.join(format!("{name}.json")), renamed)
}

/// Writes through a temporary file and a rename, so a crash never leaves a half-written file.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming to {}", path.display()))?;
    Ok(())
}
