//! The HTTP conventions of the API: JSON bodies (type, size, shape), the error shape
//! `{ "error": { code, path, message } }`, the locale of a request, and the security headers
//! every response carries.

use account_rules::{CodedError, Locale};
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Largest body read (and discarded) to answer 413 cleanly; larger ones are cut off.
const MAX_READ_BYTES: usize = 1024 * 1024;

/// The page and its worker load only their own files; WebAssembly may be compiled; forms are
/// never submitted anywhere (the pages call the API with `fetch`). The same as
/// `pkg-scripts/serve.mjs`.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The headers every response carries, API and files alike.
pub fn security_headers() -> [(HeaderName, HeaderValue); 3] {
    [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
    ]
}

/// A refusal: the status, and the error object of the body. `extra` adds fields next to
/// `error` (a 403 carries the access decision).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    path: String,
    message: String,
    extra: Option<(&'static str, Value)>,
}

impl ApiError {
    /// An error of the server's own, its message from the catalogue when it has one.
    pub fn new(status: StatusCode, code: &'static str, path: &str, locale: Locale) -> ApiError {
        ApiError {
            status,
            code,
            path: path.to_string(),
            message: locale.text(code, &[]),
            extra: None,
        }
    }

    /// An error with a message written here (input errors: English, like the library's).
    pub fn with_message(
        status: StatusCode,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            path: path.into(),
            message: message.into(),
            extra: None,
        }
    }

    /// One of the library's errors, as it describes itself; `prefix` puts its path inside the
    /// request (`model` → `model.roles[2]`).
    pub fn coded(status: StatusCode, err: &dyn CodedError, prefix: &str) -> ApiError {
        let inner = err.path();
        let path = match (prefix.is_empty(), inner.is_empty()) {
            (true, _) => inner,
            (false, true) => prefix.to_string(),
            (false, false) if inner.starts_with('[') => format!("{prefix}{inner}"),
            (false, false) if inner.starts_with("line ") => format!("{prefix}: {inner}"),
            (false, false) => format!("{prefix}.{inner}"),
        };
        ApiError::with_message(status, err.code(), path, err.message())
    }

    /// A failure of the server itself: no details leave it.
    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server.internal",
            "",
            Locale::En,
        )
    }

    /// Adds a field next to `error`.
    pub fn and(mut self, key: &'static str, value: Value) -> ApiError {
        self.extra = Some((key, value));
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "error": { "code": self.code, "path": self.path, "message": self.message }
        });
        if let (Some((key, value)), Some(object)) = (self.extra, body.as_object_mut()) {
            object.insert(key.to_string(), value);
        }
        json_response(self.status, &body)
    }
}

/// A JSON response with `status`.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let text = serde_json::to_vec(body).unwrap_or_default();
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Serialises a value of the library (plain structs: cannot fail) or answers 500.
pub fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|_| ApiError::internal())
}

/// A request body: `Content-Type: application/json` (a page cannot send that cross-site
/// without a CORS preflight, which this server never grants), at most [`MAX_BODY_BYTES`],
/// JSON of the request's shape with no unknown field.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(request.headers()) {
            return Err(ApiError::with_message(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "input.content_type",
                "",
                "the body must be JSON, sent with `Content-Type: application/json`",
            ));
        }
        let too_large = || {
            ApiError::with_message(
                StatusCode::PAYLOAD_TOO_LARGE,
                "input.too_large",
                "",
                format!("the body is larger than {MAX_BODY_BYTES} bytes"),
            )
        };
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_READ_BYTES as u64) {
            return Err(too_large());
        }
        // A body somewhat over the limit is read to its end, so that the client (which sends
        // the whole body before it reads the answer) receives the 413 rather than a reset.
        let bytes = axum::body::to_bytes(request.into_body(), MAX_READ_BYTES)
            .await
            .map_err(|_| too_large())?;
        if bytes.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        parse_json(&bytes).map(JsonBody)
    }
}

/// Parses a body: 400 `input.syntax` for text that is not JSON, 422 `input.invalid` with the
/// path for JSON of the wrong shape.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|err| {
        ApiError::with_message(
            StatusCode::BAD_REQUEST,
            "input.syntax",
            format!("line {}, column {}", err.line(), err.column()),
            format!("the body is not valid JSON: {err}"),
        )
    })?;
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        ApiError::with_message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "input.invalid",
            if path == "." { String::new() } else { path },
            err.into_inner().to_string(),
        )
    })
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// The locale a body asks for: `en` when absent; 422 `locale.unsupported` otherwise.
pub fn locale(tag: Option<&str>) -> Result<Locale, ApiError> {
    match tag {
        None => Ok(Locale::En),
        Some(tag) => Locale::parse(tag)
            .map_err(|err| ApiError::coded(StatusCode::UNPROCESSABLE_ENTITY, &err, "")),
    }
}

/// The `?locale=` of a GET request.
pub fn query_locale(query: Option<&str>) -> Result<Locale, ApiError> {
    let tag = query.and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == "locale")
            .map(|(_, value)| crate::files::percent_decode(value).unwrap_or_default())
    });
    locale(tag.as_deref())
}

/// Runs blocking work (Argon2, SQLite) off the async workers.
pub async fn blocking<T, F>(work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ApiError::internal())?
}

/// The 404 of a path under `/api/` that names no endpoint.
pub fn unknown_endpoint() -> ApiError {
    ApiError::with_message(
        StatusCode::NOT_FOUND,
        "api.not_found",
        "",
        "no such endpoint",
    )
}

/// The 405 of an endpoint called with the wrong method.
pub fn wrong_method() -> ApiError {
    ApiError::with_message(
        StatusCode::METHOD_NOT_ALLOWED,
        "api.method_not_allowed",
        "",
        "this endpoint does not answer this method",
    )
}
