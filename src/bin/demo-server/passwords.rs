//! Password hashes: Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), a random
//! 16-byte salt, stored as PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`). Slow on purpose:
//! call from a blocking thread.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// OWASP Password Storage Cheat Sheet: m = 19 MiB, t = 2, p = 1 (argon2's defaults too).
fn argon2() -> Option<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).ok()?;
    Some(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The PHC string of `password` with a fresh salt; `None` if the system has no randomness.
pub fn hash(password: &str) -> Option<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).ok()?;
    let salt = SaltString::encode_b64(&salt).ok()?;
    let hash = argon2()?.hash_password(password.as_bytes(), &salt).ok()?;
    Some(hash.to_string())
}

/// Whether `password` is the one `phc` was made from. A malformed hash matches nothing.
pub fn verify(password: &str, phc: &str) -> bool {
    let (Ok(parsed), Some(argon2)) = (PasswordHash::new(phc), argon2()) else {
        return false;
    };
    argon2.verify_password(password.as_bytes(), &parsed).is_ok()
}
