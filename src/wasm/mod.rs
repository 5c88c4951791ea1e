//! The JavaScript face of the crate: the only module with `#[wasm_bindgen]`.
//!
//! Every export converts its input, calls the core, and converts the output — nothing else.
//! Misuse becomes a thrown JS `Error` carrying `code`, `path` and `message` (see [`error`]);
//! domain outcomes (a weak password) are plain data.

pub mod access;
mod convert;
#[cfg(feature = "passwords")]
pub mod policy;
#[cfg(feature = "passwords")]
pub mod strength;
