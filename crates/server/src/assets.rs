//! The web interface's files, compiled into the binary (`web/dist`, built by `web/build.sh`
//! with the vendored npm packages). Only these files are served: a path is a key into the
//! embedded set, never a file-system path, so `..` leads nowhere.

use crate::error::ApiError;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::Embed)]
#[folder = "web/dist"]
struct Assets;

pub async fn serve(uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") || path == "/api" {
        return ApiError::new(axum::http::StatusCode::NOT_FOUND, "no_route", format!("no route {path}"))
            .into_response();
    }
    let key = path.trim_start_matches('/');
    let key = if key.is_empty() { "index.html" } else { key };
    match Assets::get(key) {
        Some(file) => {
            let mime = file.metadata.mimetype();
            let mut r = file.data.into_owned().into_response();
            let h = r.headers_mut();
            if let Ok(v) = HeaderValue::from_str(mime) {
                h.insert(header::CONTENT_TYPE, v);
            }
            // The page itself is always checked again; the rest changes with a new binary.
            let cache = if key == "index.html" { "no-cache" } else { "public, max-age=3600" };
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            r
        }
        None => ApiError::new(axum::http::StatusCode::NOT_FOUND, "no_route", format!("no such page {path}"))
            .into_response(),
    }
}
