//! http(s) inputs, fetched once with a time limit and a size limit. Only what the user names is
//! fetched: a feed's entries are read from the feed, their pages are not downloaded.

use crate::IngestError;
use std::time::Duration;

/// The whole request, connection to last byte.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What a URL gave.
pub(crate) struct Fetched {
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, lowercased, without parameters.
    pub content_type: Option<String>,
}

/// True for `http://` and `https://` names.
pub fn is_url(name: &str) -> bool {
    let lower = name.get(..8).unwrap_or(name).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// GETs `url`, following redirects; a status other than 2xx, a time-out or a body over `limit`
/// bytes is an error naming the URL.
pub(crate) fn fetch(url: &str, limit: usize) -> Result<Fetched, IngestError> {
    let err = |message: String| IngestError::Fetch { name: url.to_owned(), message };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .timeout_connect(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .user_agent(concat!("rasid/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut resp = agent.get(url).call().map_err(|e| err(describe(&e)))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(err(format!("HTTP {status}")));
    }
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase());
    let bytes = resp.body_mut().with_config().limit(limit as u64 + 1).read_to_vec().map_err(|e| match e {
        ureq::Error::BodyExceedsLimit(_) => IngestError::TooLarge {
            name: url.to_owned(),
            at: crate::Loc::NONE,
            size: limit as u64 + 1,
            limit,
        },
        e => err(describe(&e)),
    })?;
    if bytes.len() > limit {
        return Err(IngestError::TooLarge {
            name: url.to_owned(),
            at: crate::Loc::NONE,
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(Fetched { bytes, content_type })
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("no complete answer within {} s", TIMEOUT.as_secs()),
        e => e.to_string(),
    }
}
