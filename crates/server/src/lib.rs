//! `rasid serve`: the HTTP API over a store ([docs/api.md](../../docs/api.md), OpenAPI at
//! `/api/openapi.json`) and the web interface, whose assets are compiled into the binary.
//!
//! Safe by default: the CLI binds to 127.0.0.1; without a write token every route that would
//! change the store answers 403 (401 with a wrong or missing token); bodies are limited and
//! requests time out; nothing is read from the file system but the store; every response has a
//! Content-Security-Policy.
//!
//! Store work runs on tokio's blocking threads with a small pool of read-only connections (WAL
//! lets them read while the one writer writes).

mod api;
mod assets;
pub mod error;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use error::ApiError;
use rasid_core::Pipeline;
use rasid_store::{SqliteStore, StoreError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;

pub use api::ApiDoc;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    pub store: PathBuf,
    /// Routes that change the store need `Authorization: Bearer <token>`; without a token they
    /// are refused.
    pub write_token: Option<String>,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Longest a request may take.
    pub timeout: Duration,
}

impl Config {
    pub fn new(store: impl Into<PathBuf>) -> Config {
        Config { store: store.into(), write_token: None, max_body: 8 << 20, timeout: Duration::from_secs(30) }
    }
}

/// What the handlers share.
pub struct App {
    config: Config,
    readers: Mutex<Vec<SqliteStore>>,
    writer: Option<Mutex<SqliteStore>>,
    pipeline: Pipeline,
    /// Results of the slow collection-wide groupings (claims, stories), by query, with the
    /// store fingerprint they were computed on.
    cache: Mutex<Vec<Cached>>,
}

/// What changes when articles are added or removed: their count and highest number.
type Fingerprint = (i64, i64);

/// A cached result: its query, the store it was computed on, the value.
type Cached = (String, Fingerprint, Arc<dyn std::any::Any + Send + Sync>);

/// Cached results kept.
const CACHE_ENTRIES: usize = 32;

/// Idle read connections kept.
const MAX_IDLE_READERS: usize = 16;

/// The Content-Security-Policy of every response: the page's own scripts, styles and images
/// only; no inline script, no framing, no other origin.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

impl App {
    /// Opens the store (for writing too when there is a write token: an older schema is
    /// migrated then) and loads the analysis pipeline.
    pub fn new(config: Config) -> Result<App, StartError> {
        let writer = match &config.write_token {
            Some(t) if t.trim().len() < 8 => return Err(StartError::WeakToken),
            Some(_) => Some(Mutex::new(SqliteStore::open(&config.store)?)),
            None => {
                if !config.store.exists() {
                    return Err(StartError::NoStore(config.store.clone()));
                }
                None
            }
        };
        // Fails early on a file that is not a store, or one of another schema version.
        let first = SqliteStore::open_reader(&config.store)?;
        let pipeline =
            rasid_extract::pipeline::analysis().map_err(|e| StartError::Pipeline(e.to_string()))?;
        Ok(App { config, readers: Mutex::new(vec![first]), writer, pipeline, cache: Mutex::new(Vec::new()) })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// `f`'s result for `key`, computed again only when the store has changed since.
    pub(crate) async fn cached<T: Send + Sync + 'static>(
        self: &Arc<App>,
        key: String,
        f: impl FnOnce(&SqliteStore) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<Arc<T>, ApiError> {
        let app = self.clone();
        let got = read(self, move |s| {
            let fp: Fingerprint = s
                .connection()
                .query_row("SELECT count(*), coalesce(max(id), 0) FROM articles", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .map_err(|source| StoreError::Sql { what: "reading the store's size", source })?;
            let hit = app
                .cache
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .iter()
                .find(|(k, f, _)| *k == key && *f == fp)
                .map(|(_, _, v)| v.clone());
            if let Some(v) = hit.and_then(|v| v.downcast::<T>().ok()) {
                return Ok(v);
            }
            let v = Arc::new(f(s)?);
            let mut c = app.cache.lock().unwrap_or_else(|p| p.into_inner());
            c.retain(|(k, _, _)| *k != key);
            if c.len() >= CACHE_ENTRIES {
                c.remove(0);
            }
            c.push((key, fp, v.clone()));
            Ok(v)
        })
        .await?;
        Ok(got)
    }

    pub(crate) fn clear_cache(&self) {
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Runs `f` with a read connection from the pool.
    fn with_reader<T>(&self, f: impl FnOnce(&SqliteStore) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let idle = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let s = match idle {
            Some(s) => s,
            None => SqliteStore::open_reader(&self.config.store)?,
        };
        let r = f(&s);
        let mut idle = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE_READERS {
            idle.push(s);
        }
        r
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{}: no store here (create one with `rasid ingest --store {}`)", .0.display(), .0.display())]
    NoStore(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the write token must have at least 8 characters")]
    WeakToken,
    #[error("cannot load the analysis pipeline: {0}")]
    Pipeline(String),
}

/// Runs store work on a blocking thread with a read connection.
pub(crate) async fn read<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&SqliteStore) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || app.with_reader(f))
        .await
        .map_err(|e| ApiError::internal(format!("store task failed: {e}")))?
        .map_err(ApiError::from)
}

/// The whole application: API, OpenAPI document, web assets, and the layers that make it safe.
pub fn router(app: Arc<App>) -> Router {
    let max_body = app.config.max_body;
    let timeout = app.config.timeout;
    let (api, _doc) = api::routes().split_for_parts();
    let api = api.with_state(app);
    Router::new()
        .merge(api)
        .route("/api/openapi.json", axum::routing::get(api::openapi_json))
        .fallback(assets::serve)
        .layer(axum::middleware::from_fn(json_errors))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ))
}

/// Turns the plain-text error answers of axum's extractors and of the layers (a malformed
/// query string, a body over the limit, a wrong method, a timeout) into the API's JSON errors.
async fn json_errors(req: Request, next: Next) -> Response {
    let r = next.run(req).await;
    let status = r.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return r;
    }
    let is_json = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return r;
    }
    let (parts, body) = r.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let mut message = String::from_utf8_lossy(&text).trim().to_string();
    if message.is_empty() {
        message = status.canonical_reason().unwrap_or("error").to_lowercase();
    }
    let mut out = ApiError::new(status, ApiError::code_for(status), message).into_response();
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

/// Serves until Ctrl-C (or SIGTERM), then finishes the requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) -> std::io::Result<()> {
    axum::serve(listener, router(app)).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// The body of a response as bytes (for tests and tools).
pub async fn body_bytes(body: Body) -> Vec<u8> {
    axum::body::to_bytes(body, usize::MAX).await.map(|b| b.to_vec()).unwrap_or_default()
}

/// True when `path` names an existing store file (for the CLI's message).
pub fn store_exists(path: &Path) -> bool {
    path.is_file()
}
