//! The HTTP conventions of the API: JSON bodies (type, size, shape), the error shape
//! `{ "error": { code, path, message } }`, the locale of a request, the security headers
//! every response carries, and the guard that refuses requests for another host (DNS
//! rebinding) or from another origin.

use account_rules::{CodedError, Locale};
use axum::body::Body;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
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

/// The headers every response carries, API and files alike (`Cache-Control` is set by
/// [`guard`]: `no-store` under `/api/`, `no-cache` for files).
pub fn security_headers() -> [(HeaderName, HeaderValue); 5] {
    [
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
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
        let json = is_json(request.headers());
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
        // Read even when refused for its type, for the same reason.
        let bytes = axum::body::to_bytes(request.into_body(), MAX_READ_BYTES)
            .await
            .map_err(|_| too_large())?;
        if !json {
            return Err(ApiError::with_message(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "input.content_type",
                "",
                "the body must be JSON, sent with `Content-Type: application/json`",
            ));
        }
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
            without_values(&err.into_inner().to_string()),
        )
    })
}

/// serde's message without the value it quotes: "invalid type: integer `12345678`, expected a
/// string" becomes "invalid type: integer, expected a string" — the value may be a password sent
/// with the wrong type, and nothing a client sends is echoed back. Field names stay.
fn without_values(message: &str) -> String {
    let Some((found, expected)) = message.split_once(", expected") else {
        return message.to_string();
    };
    if !(found.starts_with("invalid type: ") || found.starts_with("invalid value: ")) {
        return message.to_string();
    }
    let kind = found
        .find(['`', '"'])
        .and_then(|at| found.get(..at))
        .unwrap_or(found)
        .trim_end();
    format!("{kind}, expected{expected}")
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
            .map(|(_, value)| percent_decode(value).unwrap_or_default())
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

/// The names this server answers to, once its port is known.
#[derive(Debug, Clone)]
pub struct Origins {
    /// `127.0.0.1:PORT` and `localhost:PORT`.
    hosts: [String; 2],
    /// `http://127.0.0.1:PORT` and `http://localhost:PORT`.
    origins: [String; 2],
}

impl Origins {
    pub fn new(port: u16) -> Origins {
        Origins {
            hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
            origins: [
                format!("http://127.0.0.1:{port}"),
                format!("http://localhost:{port}"),
            ],
        }
    }

    fn host_allowed(&self, host: &str) -> bool {
        self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o.eq_ignore_ascii_case(origin))
    }
}

/// Every request: a `Host` that is not this server's (a page of another site whose name was
/// rebound to 127.0.0.1) is 421 `request.host_refused`; a request that may change something
/// (any method but GET and HEAD) with another `Origin`, or a `Sec-Fetch-Site` other than
/// `same-origin` or `none`, is 403 `request.origin_refused`. Sets `Cache-Control`.
pub async fn guard(
    State(origins): State<std::sync::Arc<Origins>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let api = path == "/api" || path.starts_with("/api/");
    let mut response = match admit(&origins, &request) {
        Ok(()) => next.run(request).await,
        Err(refused) => {
            // The body is read (up to a bound) first, so that the client receives the answer
            // rather than a reset.
            let _ = axum::body::to_bytes(request.into_body(), MAX_READ_BYTES).await;
            refused.into_response()
        }
    };
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if api { "no-store" } else { "no-cache" }),
    );
    response
}

fn admit(origins: &Origins, request: &Request) -> Result<(), ApiError> {
    let headers = request.headers();
    let text = |name: HeaderName| headers.get(name).map(|v| v.to_str().ok());
    let host_ok = match text(header::HOST) {
        Some(Some(host)) => origins.host_allowed(host),
        _ => false,
    } && request
        .uri()
        .authority()
        .is_none_or(|authority| origins.host_allowed(authority.as_str()));
    if !host_ok {
        return Err(ApiError::with_message(
            StatusCode::MISDIRECTED_REQUEST,
            "request.host_refused",
            "",
            "this server answers only to 127.0.0.1 and localhost on its own port",
        ));
    }
    if request.method() == Method::GET || request.method() == Method::HEAD {
        return Ok(());
    }
    let origin_ok = match text(header::ORIGIN) {
        None => true,
        Some(Some(origin)) => origins.origin_allowed(origin),
        Some(None) => false,
    };
    let site_ok = match text(HeaderName::from_static("sec-fetch-site")) {
        None => true,
        Some(Some(site)) => site == "same-origin" || site == "none",
        Some(None) => false,
    };
    if origin_ok && site_ok {
        return Ok(());
    }
    Err(ApiError::with_message(
        StatusCode::FORBIDDEN,
        "request.origin_refused",
        "",
        "requests that change something are accepted only from this server's own pages",
    ))
}
