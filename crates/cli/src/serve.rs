//! `rasid serve`: the HTTP API and the web interface over a store.

use crate::analyze::UsageError;
use anyhow::{Context, Result};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// The store to serve.
    #[arg(long, default_value = "rasid.db")]
    pub store: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. The default serves this machine only; 0.0.0.0 serves the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// A file holding the write token that `POST /api/ingest` and `DELETE /api/articles/{id}`
    /// require (`Authorization: Bearer <token>`). Without it (or $RASID_WRITE_TOKEN) the server
    /// is read-only.
    #[arg(long, value_name = "FILE")]
    pub write_token_file: Option<PathBuf>,
    /// Largest request body, in MiB.
    #[arg(long, default_value_t = 8)]
    pub max_body_mib: usize,
    /// Longest a request may take, in seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Worker threads for requests (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let token = match &a.write_token_file {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .with_context(|| format!("{}: cannot read the write token", f.display()))?
                .trim()
                .to_string(),
        ),
        None => {
            std::env::var("RASID_WRITE_TOKEN").ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
        }
    };
    if a.max_body_mib == 0 || a.timeout == 0 {
        return Err(UsageError("--max-body-mib and --timeout must be at least 1".into()).into());
    }
    let config = rasid_server::Config {
        store: a.store.clone(),
        write_token: token,
        max_body: a.max_body_mib << 20,
        timeout: Duration::from_secs(a.timeout),
    };
    let writable = config.write_token.is_some();
    let app = match rasid_server::App::new(config) {
        Ok(app) => Arc::new(app),
        Err(e @ (rasid_server::StartError::NoStore(_) | rasid_server::StartError::WeakToken)) => {
            return Err(UsageError(e.to_string()).into());
        }
        Err(e) => return Err(anyhow::Error::new(e)),
    };
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = a.threads {
        rt.worker_threads(n.max(1));
    }
    let rt = rt.enable_all().build().context("starting the server's runtime")?;
    rt.block_on(async move {
        let addr = SocketAddr::new(a.host, a.port);
        let listener =
            tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr().context("reading the listening address")?;
        errln!(
            "rasid: serving {} on http://{local}/ ({}); Ctrl-C stops",
            a.store.display(),
            if writable { "writable with the token" } else { "read-only" }
        );
        rasid_server::serve(listener, app).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
