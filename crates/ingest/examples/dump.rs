//! Prints what ingestion makes of some inputs, for looking at real files by eye:
//!
//! ```text
//! cargo run -p rasid-ingest --example dump -- page.html feed.jsonl.gz -
//! ```
//!
//! `DUMP_LIMIT=N` stops after N documents of each input.
use std::io::Write;

fn main() -> std::io::Result<()> {
    let opts = rasid_ingest::Options::default();
    let limit = std::env::var("DUMP_LIMIT").ok().and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for path in std::env::args().skip(1) {
        for item in rasid_ingest::read_path(&path, &opts).take(limit) {
            let res = match item {
                Ok(doc) => {
                    writeln!(out, "== {} {:?}", doc.id, doc.meta)?;
                    for b in &doc.block_hints {
                        let (k, l) = (b.kind.name(), b.lang.code());
                        writeln!(out, "  [{k} {}..{} {l}] {}", b.span.start, b.span.end, doc.slice(b.span))?;
                    }
                    writeln!(out, "{}", doc.text())
                }
                Err(e) => writeln!(out, "!! [{}] {e}", e.code()),
            };
            match res {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
                r => r?,
            }
        }
    }
    out.flush().or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(e) })
}
