//! The second factor: time-based one-time passwords (TOTP, RFC 6238) as authenticator apps
//! make them — 160-bit secrets, HMAC-SHA-1, 6 digits, 30-second steps, one step of skew
//! either way. Steps are counted on the real wall clock, never on the server's shifted one
//! (`--clock-offset-days`): an authenticator app is not shifted.

use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per time step.
pub const STEP_SECONDS: u64 = 30;

/// Digits per code.
pub const DIGITS: usize = 6;

/// The issuer an authenticator app shows next to the account.
pub const ISSUER: &str = "account-rules demo";

/// A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), in base32 without
/// padding. `None` if the system has no randomness.
pub fn new_secret() -> Option<String> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).ok()?;
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(text) => Some(text),
        Secret::Raw(_) => None,
    }
}

/// The `otpauth://` URI an authenticator app reads (as a QR code or pasted).
pub fn uri(secret: &str, account: &str) -> String {
    let issuer = encode(ISSUER);
    let account = encode(account);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    use std::fmt::Write;
    text.bytes().fold(String::new(), |mut out, b| {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
        out
    })
}

/// The current time step on the wall clock.
fn wall_step() -> Option<u64> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(seconds / STEP_SECONDS)
}

/// The step `code` was made for, if it is right for `secret` within one step of now and later
/// than `last_step` (the last one accepted: a code is good once). Spaces are ignored.
pub fn accept(secret: &str, code: &str, last_step: Option<i64>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    // Skew 0 here: the steps either side are tried one by one, to know which one matched.
    let totp = TOTP::new(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, bytes).ok()?;
    let now = wall_step()?;
    [now.checked_sub(1), Some(now), now.checked_add(1)]
        .into_iter()
        .flatten()
        .filter_map(|step| Some((step, i64::try_from(step).ok()?)))
        .filter(|(_, step)| last_step.is_none_or(|last| *step > last))
        .find(|(step, _)| totp.check(&code, step.saturating_mul(STEP_SECONDS)))
        .map(|(_, step)| step)
}
