//! Progress of a long run (`rasid ingest`): an indicatif bar when stderr is a terminal (documents,
//! MB/s, duplicates, errors, and how far through the input when its size is known), plain log
//! lines at most once a second elsewhere (logs, CI, a pipe).
//!
//! While a bar is shown, every diagnostic goes through [`line`] (the `errln!` macro does), which
//! prints above the bar instead of through it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The bar being shown, if any: diagnostics are printed above it.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Prints a diagnostic line on stderr, above the progress bar when one is shown. Never fails: a
/// closed stderr is ignored.
pub fn line(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let bar = ACTIVE.lock().ok().and_then(|b| b.clone());
    match bar {
        Some(bar) => bar.suspend(|| {
            let _ = writeln!(std::io::stderr(), "{args}");
        }),
        None => {
            let _ = writeln!(std::io::stderr(), "{args}");
        }
    }
}

/// What has been done so far.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// Documents written (stored or found to be duplicates).
    pub docs: u64,
    /// Bytes of their text.
    pub bytes: u64,
    pub stored: u64,
    pub duplicates: u64,
    pub errors: u64,
}

/// How far through the input: bytes of the input files read against their total size, or
/// documents against a `--limit`.
#[derive(Clone, Debug)]
pub enum Total {
    Unknown,
    Bytes { total: u64, read: rasid_ingest::ReadCounter },
    Docs(u64),
}

/// A progress display, shared by the reading and writing threads (clones show the same bar).
#[derive(Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
    total: Total,
    t0: Instant,
    last: std::sync::Arc<Mutex<Instant>>,
}

/// Plain lines are printed at most this often.
const PLAIN_EVERY: Duration = Duration::from_secs(1);

impl Progress {
    /// A bar on a terminal, plain lines elsewhere; `t0` is when the run started.
    pub fn start(total: Total, t0: Instant) -> Progress {
        let tty = std::io::stderr().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        Progress::with_bar(total, t0, tty)
    }

    fn with_bar(total: Total, t0: Instant, bar: bool) -> Progress {
        let bar = bar.then(|| {
            let (len, template) = match &total {
                Total::Unknown => (None, "{spinner} {elapsed_precise} {msg}"),
                Total::Bytes { total, .. } => {
                    (Some(*total), "{spinner} {elapsed_precise} [{wide_bar}] {percent:>3}% of {total_bytes}, eta {eta} {msg}")
                }
                Total::Docs(n) => (Some(*n), "{spinner} {elapsed_precise} [{wide_bar}] {pos}/{len} {msg}"),
            };
            let pb = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr_with_hz(4));
            if let Ok(style) = ProgressStyle::with_template(template) {
                pb.set_style(style.progress_chars("=> "));
            }
            pb.enable_steady_tick(Duration::from_millis(250));
            if let Ok(mut a) = ACTIVE.lock() {
                *a = Some(pb.clone());
            }
            pb
        });
        Progress { bar, total, t0, last: std::sync::Arc::new(Mutex::new(t0)) }
    }

    /// The input bytes to count while reading, when the bar shows them.
    pub fn read_counter(&self) -> Option<rasid_ingest::ReadCounter> {
        match &self.total {
            Total::Bytes { read, .. } => Some(read.clone()),
            _ => None,
        }
    }

    /// Reports progress: redraws the bar, or prints a plain line if a second has passed since
    /// the last one.
    pub fn update(&self, c: Counts) {
        let secs = self.t0.elapsed().as_secs_f64().max(1e-9);
        let mb = c.bytes as f64 / 1e6;
        match &self.bar {
            Some(bar) => {
                match &self.total {
                    Total::Bytes { read, .. } => bar.set_position(read.get()),
                    Total::Docs(_) => bar.set_position(c.docs),
                    Total::Unknown => {}
                }
                bar.set_message(format!(
                    "{} docs, {:.2} MB/s, {} duplicates, {} errors",
                    c.docs,
                    mb / secs,
                    c.duplicates,
                    c.errors
                ));
            }
            None => {
                let Ok(mut last) = self.last.lock() else { return };
                if last.elapsed() < PLAIN_EVERY {
                    return;
                }
                *last = Instant::now();
                line(format_args!(
                    "rasid: {} documents, {mb:.1} MB, {:.1} docs/s, {:.2} MB/s ({} stored, {} duplicates, {} errors)",
                    c.docs,
                    c.docs as f64 / secs,
                    mb / secs,
                    c.stored,
                    c.duplicates,
                    c.errors
                ));
            }
        }
    }

    /// Removes the bar (the caller prints the summary).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            if let Ok(mut a) = ACTIVE.lock() {
                *a = None;
            }
        }
    }
}

/// What to measure progress against: documents with `--limit`, else the total size of the
/// input files when every input is a regular file (not stdin, not a URL).
pub fn total_of(files: &[String], limit: Option<u64>) -> Total {
    if let Some(n) = limit {
        return Total::Docs(n);
    }
    let mut total = 0u64;
    for f in files {
        if f == "-" || rasid_ingest::is_url(f) {
            return Total::Unknown;
        }
        match std::fs::metadata(f) {
            Ok(m) if m.is_file() => total += m.len(),
            _ => return Total::Unknown,
        }
    }
    Total::Bytes { total, read: rasid_ingest::ReadCounter::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals() {
        assert!(matches!(total_of(&["-".into()], None), Total::Unknown));
        assert!(matches!(total_of(&["https://example.org/feed".into()], None), Total::Unknown));
        assert!(matches!(total_of(&["-".into()], Some(5)), Total::Docs(5)));
        let f = std::env::temp_dir().join(format!("rasid-progress-{}.txt", std::process::id()));
        std::fs::write(&f, "نص").unwrap();
        let t = total_of(&[f.to_string_lossy().into_owned()], None);
        assert!(matches!(t, Total::Bytes { total: 4, .. }));
        std::fs::remove_file(&f).unwrap();
    }

    #[test]
    fn hidden_bar_and_plain_lines_do_not_panic() {
        let p = Progress::with_bar(Total::Docs(10), Instant::now(), true);
        p.update(Counts { docs: 3, bytes: 1000, ..Counts::default() });
        line(format_args!("a line above the bar"));
        p.finish();
        let p = Progress::with_bar(Total::Unknown, Instant::now(), false);
        p.update(Counts::default());
        assert!(p.read_counter().is_none());
    }
}
