//! The demo's files: `www/` at `/` (`/` is `index.html`) and the built package at `/pkg/`.
//! Only regular files inside those folders are served — no listings, no way out through `..`
//! or a symbolic link — and of those only files of the known types (the content types of
//! `pkg-scripts/serve.mjs`), never a dotfile, and never `www/access.json` (the model is read
//! through the API, with `read` on `accessModel`).

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
    let Some(decoded) = http::percent_decode(&path) else {
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
        HeaderValue::from_static(content_type(&file).unwrap_or("application/octet-stream")),
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
    let inside = path.strip_prefix(&root).ok()?;
    let hidden = inside.components().any(|part| {
        part.as_os_str()
            .to_str()
            .is_none_or(|name| name.starts_with('.'))
    });
    let model = root == tokio::fs::canonicalize(&mounts.www).await.ok()?
        && inside == Path::new("access.json");
    if hidden || model || content_type(&path).is_none() {
        return None;
    }
    let meta = tokio::fs::metadata(&path).await.ok()?;
    meta.is_file().then_some(path)
}

/// Whether `path` lies inside `folder` (both made absolute; `path` may not exist yet).
pub fn is_inside(path: &Path, folder: &Path) -> bool {
    let (Some(path), Ok(folder)) = (absolute(path), std::fs::canonicalize(folder)) else {
        return false;
    };
    path.starts_with(folder)
}

/// `path` made absolute through its nearest existing ancestor (symbolic links resolved).
fn absolute(path: &Path) -> Option<PathBuf> {
    let mut existing = std::path::absolute(path).ok()?;
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(&existing) {
            return Some(rest.iter().rev().fold(real, |acc, part| acc.join(part)));
        }
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?.to_path_buf();
    }
}

/// The content type of a file served, by its extension; `None`: not served.
fn content_type(path: &Path) -> Option<&'static str> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => Some("text/html; charset=utf-8"),
        Some("js" | "mjs") => Some("text/javascript; charset=utf-8"),
        Some("css") => Some("text/css; charset=utf-8"),
        Some("json") => Some("application/json"),
        Some("wasm") => Some("application/wasm"),
        Some("svg") => Some("image/svg+xml"),
        Some("png") => Some("image/png"),
        _ => None,
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
