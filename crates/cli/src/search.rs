//! `rasid search`: ranked full-text search over the store, with filters.

use crate::ingest::{require_store, store_error};
use anyhow::{Context, Result};
use rasid_store::{Filters, Query, SqliteStore, Store, event_type};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Words and "quoted phrases", all required; may be empty ("") when a filter is given.
    pub query: String,
    /// The store to search.
    #[arg(long, default_value = "rasid.db")]
    pub store: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Most results to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// One JSON object per result and line.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    require_store(&a.store)?;
    let filters = a.filters.filters()?;
    let q = Query::parse(&a.query).map_err(store_error)?.with_filters(filters).with_limit(a.limit);
    let store = SqliteStore::open(&a.store).map_err(store_error)?;
    let hits = store.search(&q).map_err(store_error)?;
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, h) in hits.iter().enumerate() {
        if a.json {
            let mut line = serde_json::to_vec(h)?;
            line.push(b'\n');
            out.write_all(&line).context("writing to stdout")?;
            continue;
        }
        let mut s = format!(
            "{}. {}  {}  {}  (score {:.2}, article {})\n",
            i + 1,
            h.published.as_deref().unwrap_or("----------"),
            h.source.as_deref().unwrap_or("-"),
            h.title.as_deref().unwrap_or(&h.doc),
            h.score,
            h.id
        );
        if let Some(u) = &h.url {
            s.push_str(&format!("   {u}\n"));
        }
        s.push_str("   ");
        s.push_str(&highlight(&h.snippet, &h.highlights, color));
        s.push('\n');
        out.write_all(s.as_bytes()).context("writing to stdout")?;
    }
    out.flush().context("writing to stdout")?;
    if !a.json && hits.is_empty() {
        errln!("rasid: no match");
    }
    Ok(ExitCode::SUCCESS)
}

/// The filters `search`, `export` and `search-bench` share.
#[derive(clap::Args, Default)]
pub struct FilterArgs {
    /// Articles mentioning this entity: a canonical id (gna-libya) or a name (طرابلس).
    #[arg(long)]
    pub entity: Option<String>,
    /// Articles mentioning this place (a canonical id or a name; a shared name matches every
    /// place of that name).
    #[arg(long)]
    pub place: Option<String>,
    /// Articles quoting this speaker: a canonical id, a name the catalogue knows («حفتر»), or
    /// the speaker as rasid resolved it («المتحدث باسم الجيش الليبي»).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Articles from this outlet (the `source` field).
    #[arg(long)]
    pub outlet: Option<String>,
    /// Published on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<String>,
    /// Published on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
    /// Articles with an event of this type (air_strike, armed_clash, arrest ...); `export
    /// --what events` keeps only those events.
    #[arg(long, value_name = "TYPE")]
    pub event: Option<String>,
}

impl FilterArgs {
    /// The store's filters, names resolved to the catalogue ids they may stand for; an unknown
    /// event type is a usage error.
    pub fn filters(self) -> Result<Filters> {
        let event = self.event.as_deref().map(event_type).transpose().map_err(store_error)?;
        let f = Filters {
            entity: self.entity,
            place: self.place,
            speaker: self.speaker,
            outlet: self.outlet,
            since: self.since,
            until: self.until,
            event,
            ..Filters::default()
        };
        Ok(f.with_ids(rasid_extract::link::Catalogue::embedded_ids_named))
    }
}

/// Marks the matched words: bold on a terminal, `[...]` elsewhere.
fn highlight(snippet: &str, spans: &[(u32, u32)], color: bool) -> String {
    let (open, close) = if color { ("\x1b[1m", "\x1b[0m") } else { ("[", "]") };
    let mut out = String::with_capacity(snippet.len() + spans.len() * 8);
    for (i, c) in snippet.chars().enumerate() {
        let i = i as u32;
        if spans.iter().any(|s| s.0 == i) {
            out.push_str(open);
        }
        out.push(c);
        if spans.iter().any(|s| s.1 == i + 1) {
            out.push_str(close);
        }
    }
    out
}
