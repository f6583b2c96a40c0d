//! The web interface's files, compiled into the binary (`web/dist`, built by `web/build.sh`
//! with the vendored npm packages). Only these files are served: a path is a key into the
//! embedded set, never a file-system path, so `..` leads nowhere.

use crate::error::ApiError;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::Embed)]
#[folder = "web/dist"]
struct Assets;

pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") || path == "/api" {
        return ApiError::new(axum::http::StatusCode::NOT_FOUND, "no_route", format!("no route {path}"))
            .into_response();
    }
    let key = path.trim_start_matches('/');
    let key = if key.is_empty() { "index.html" } else { key };
    match Assets::get(key) {
        Some(file) => {
            // Revalidated on every use by its content hash: a new binary's files are never
            // mixed with an old one's cached modules, and an unchanged file costs a 304.
            let etag: String = file.metadata.sha256_hash()[..12].iter().map(|b| format!("{b:02x}")).collect();
            let etag = format!("\"{etag}\"");
            let fresh = headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
            let mut r = if fresh {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                let mut r = file.data.into_owned().into_response();
                if let Ok(v) = HeaderValue::from_str(file.metadata.mimetype()) {
                    r.headers_mut().insert(header::CONTENT_TYPE, v);
                }
                r
            };
            let h = r.headers_mut();
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            if let Ok(v) = HeaderValue::from_str(&etag) {
                h.insert(header::ETAG, v);
            }
            r
        }
        None => ApiError::new(axum::http::StatusCode::NOT_FOUND, "no_route", format!("no such page {path}"))
            .into_response(),
    }
}
