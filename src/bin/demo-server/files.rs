//! The demo's files: `www/` at `/` (`/` is `index.html`) and the built package at `/pkg/`.
//! Only regular files inside those folders are served — no listings, no way out through `..`
//! or a symbolic link — with the content types of `pkg-scripts/serve.mjs`.

use crate::http;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The two folders served.
#[derive(Debug, Clone)]
pub struct Mounts {
    /// Served at `/`.
    pub www: PathBuf,
    /// Served at `/pkg/`.
    pub pkg: PathBuf,
}

/// Serves every request no API route took: files for GET and HEAD, JSON 404 under `/api/`.
pub async fn serve(State(app): State<Arc<crate::app::App>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    if path == "/api" || path.starts_with("/api/") {
        return http::unknown_endpoint().into_response();
    }
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Some(decoded) = percent_decode(&path) else {
        return text(StatusCode::BAD_REQUEST, "bad request");
    };
    let Some(file) = resolve(&app.mounts, &decoded).await else {
        return text(StatusCode::NOT_FOUND, "not found");
    };
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        match tokio::fs::read(&file).await {
            Ok(bytes) => Body::from(bytes),
            Err(_) => return text(StatusCode::NOT_FOUND, "not found"),
        }
    };
    let mut response = Response::new(body);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&file)),
    );
    response
}

/// The regular file `url_path` names inside its mount, or `None`.
async fn resolve(mounts: &Mounts, url_path: &str) -> Option<PathBuf> {
    if url_path.contains('\0') {
        return None;
    }
    let (root, relative) = if let Some(rest) = url_path.strip_prefix("/pkg/") {
        (&mounts.pkg, rest)
    } else {
        (&mounts.www, url_path.strip_prefix('/')?)
    };
    let mut relative = relative.to_string();
    if relative.is_empty() || relative.ends_with('/') {
        relative.push_str("index.html");
    }
    // Canonical paths resolve `..` and symbolic links alike, so the containment check sees
    // where the file really is.
    let root = tokio::fs::canonicalize(root).await.ok()?;
    let path = tokio::fs::canonicalize(root.join(&relative)).await.ok()?;
    if !path.starts_with(&root) || path == root {
        return None;
    }
    let meta = tokio::fs::metadata(&path).await.ok()?;
    meta.is_file().then_some(path)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn text(status: StatusCode, message: &str) -> Response {
    let mut response = Response::new(Body::from(format!("{message}\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
