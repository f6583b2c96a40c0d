//! `rasid claims` and `rasid stories`: the collection read across articles.

use crate::ingest::{open_existing, store_error};
use anyhow::{Context, Result};
use rasid_store::claims::excerpt;
use rasid_store::{ClaimQuery, ClaimSource, Store, StoryQuery};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// What `claims` and `stories` read: the store, and which sources count.
#[derive(clap::Args)]
pub struct Scope {
    /// The store to read.
    #[arg(long, default_value = "rasid.db")]
    pub store: PathBuf,
    /// Only claims or stories involving this entity: a canonical id (country:RU) or a name
    /// (روسيا "Russia"), named in a statement, speaking, or in an article's lead.
    #[arg(long)]
    pub entity: Option<String>,
    /// Only claims or stories with a source from this outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Sources published on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<String>,
    /// Sources published on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
}

impl Scope {
    /// The store's scope, the entity's name resolved through the catalogue.
    fn into_store(self) -> rasid_store::Scope {
        rasid_store::Scope {
            entity: self.entity,
            outlet: self.outlet,
            since: self.since,
            until: self.until,
            ..rasid_store::Scope::default()
        }
        .with_ids(rasid_extract::link::Catalogue::embedded_ids_named)
    }
}

#[derive(clap::Args)]
pub struct ClaimsArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// Also claims nobody denies (several sources affirming the same thing).
    #[arg(long)]
    pub all: bool,
    /// Most days between the publication of two sources of one claim.
    #[arg(long, default_value_t = 4)]
    pub window: u32,
    /// Least similarity (0..1) of a source to its claim.
    #[arg(long, default_value_t = 0.45)]
    pub min_similarity: f32,
    /// Most claims to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Most sources to show on each side of a claim, closest first (all with --json).
    #[arg(long, default_value_t = 5)]
    pub sources: usize,
    /// One JSON object per claim and line.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    pub scope: Scope,
    /// Only stories told by at least this many outlets.
    #[arg(long, default_value_t = 2)]
    pub min_outlets: usize,
    /// Most days between two articles of one story.
    #[arg(long, default_value_t = 2)]
    pub window: u32,
    /// Least similarity (0..1) of an article to its story.
    #[arg(long, default_value_t = 0.4)]
    pub min_similarity: f32,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

pub fn run_claims(a: ClaimsArgs) -> Result<ExitCode> {
    let store = open_existing(&a.scope.store)?;
    let q = ClaimQuery {
        scope: a.scope.into_store(),
        disputed_only: !a.all,
        window_days: a.window,
        min_similarity: a.min_similarity,
        limit: a.limit,
    };
    let t = Instant::now();
    let claims = store.claims(&q).map_err(store_error)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (i, c) in claims.iter().enumerate() {
        if a.json {
            let mut line = serde_json::to_vec(c)?;
            line.push(b'\n');
            out.write_all(&line).context("writing to stdout")?;
            continue;
        }
        let kind = match (c.disputed, c.cross_outlet) {
            (true, true) => "disputed across outlets",
            (true, false) => "disputed",
            _ => "affirmed",
        };
        let mut s = format!(
            "{}. {kind}  {} … {}  {} outlet{} ({})  {} affirm, {} deny\n",
            i + 1,
            c.first.as_deref().unwrap_or("----------"),
            c.last.as_deref().unwrap_or("----------"),
            c.outlets.len(),
            if c.outlets.len() == 1 { "" } else { "s" },
            c.outlets.join(", "),
            c.affirm.len(),
            c.deny.len()
        );
        if !c.entities.is_empty() || !c.events.is_empty() {
            s.push_str(&format!("   entities {}", c.entities.join(" ")));
            if !c.events.is_empty() {
                s.push_str(&format!("   events {}", c.events.join(" ")));
            }
            s.push('\n');
        }
        s.push_str(&format!("   claim    {}\n", c.summary));
        for (label, side) in [("affirms", &c.affirm), ("denies", &c.deny)] {
            if side.is_empty() {
                continue;
            }
            s.push_str(&format!("   {label}\n"));
            // The closest to the claim first.
            let mut by_sim: Vec<&ClaimSource> = side.iter().collect();
            by_sim.sort_by(|x, y| y.similarity.total_cmp(&x.similarity));
            for src in by_sim.iter().take(a.sources.max(1)) {
                s.push_str(&source_lines(src));
            }
            if side.len() > a.sources.max(1) {
                s.push_str(&format!("     … {} more\n", side.len() - a.sources.max(1)));
            }
        }
        s.push('\n');
        out.write_all(s.as_bytes()).context("writing to stdout")?;
    }
    out.flush().context("writing to stdout")?;
    if !a.json {
        errln!(
            "rasid: {} claim{} in {:.2} s",
            claims.len(),
            if claims.len() == 1 { "" } else { "s" },
            t.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// One source: date, outlet, article and similarity first, then the Arabic (speaker, cue,
/// content), so right-to-left text cannot scramble the columns.
fn source_lines(s: &ClaimSource) -> String {
    let mut l = format!(
        "     {}  {:<9} article {}#{}  sim {:.2}  {}",
        s.published.as_deref().unwrap_or("----------"),
        s.outlet.as_deref().unwrap_or("-"),
        s.article,
        s.attribution,
        s.similarity,
        s.speaker
    );
    if let Some(c) = &s.speaker_canonical {
        l.push_str(&format!(" ({c})"));
    }
    l.push('\n');
    l.push_str(&format!("        {}  {}\n", s.cue, excerpt(&s.content, 200)));
    if let Some(u) = &s.url {
        l.push_str(&format!("        {u}\n"));
    }
    l
}

pub fn run_stories(a: StoriesArgs) -> Result<ExitCode> {
    let store = open_existing(&a.scope.store)?;
    let q = StoryQuery {
        scope: a.scope.into_store(),
        min_outlets: a.min_outlets,
        window_days: a.window,
        min_similarity: a.min_similarity,
        limit: a.limit,
    };
    let t = Instant::now();
    let stories = store.stories(&q).map_err(store_error)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (i, st) in stories.iter().enumerate() {
        if a.json {
            let mut line = serde_json::to_vec(st)?;
            line.push(b'\n');
            out.write_all(&line).context("writing to stdout")?;
            continue;
        }
        let mut s = format!(
            "{}. {} … {}  {} articles, {} outlets ({})\n",
            i + 1,
            st.first.as_deref().unwrap_or("----------"),
            st.last.as_deref().unwrap_or("----------"),
            st.articles.len(),
            st.outlets.len(),
            st.outlets.join(", ")
        );
        if !st.entities.is_empty() {
            s.push_str(&format!("   entities {}\n", st.entities.join(" ")));
        }
        s.push_str(&format!("   story    {}\n", excerpt(&st.title, 200)));
        for art in &st.articles {
            s.push_str(&format!(
                "     {}  {:<9} article {:<6} sim {:.2}  {}\n",
                art.published.as_deref().unwrap_or("----------"),
                art.outlet.as_deref().unwrap_or("-"),
                art.id,
                art.similarity,
                excerpt(art.title.as_deref().unwrap_or(&art.doc), 160)
            ));
        }
        s.push('\n');
        out.write_all(s.as_bytes()).context("writing to stdout")?;
    }
    out.flush().context("writing to stdout")?;
    if !a.json {
        errln!(
            "rasid: {} stor{} in {:.2} s",
            stories.len(),
            if stories.len() == 1 { "y" } else { "ies" },
            t.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}
