//! Sessions: a random 256-bit token in the `ar_session` cookie (HttpOnly, SameSite=Strict);
//! the database keeps only its SHA-256, so a copy of the database opens no session.

use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};

/// The cookie's name, as a literal (for [`clear_cookie`]'s `concat!`).
macro_rules! cookie_name {
    () => {
        "ar_session"
    };
}

/// The cookie's name.
pub const COOKIE: &str = cookie_name!();

/// How long a session lasts: 8 hours, in milliseconds.
pub const LIFETIME_MS: i64 = 8 * 60 * 60 * 1000;

/// A new token (64 hex digits) or `None` if the system has no randomness.
pub fn new_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(hex(&bytes))
}

/// What the database stores for a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The session token a request carries, if any.
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` value that starts a session.
pub fn set_cookie(token: &str) -> Option<HeaderValue> {
    let seconds = LIFETIME_MS / 1000;
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={seconds}"
    ))
    .ok()
}

/// The `Set-Cookie` value that ends it.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static(concat!(
        cookie_name!(),
        "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
    ))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
