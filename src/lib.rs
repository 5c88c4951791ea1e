#![doc = include_str!("../README.md")]
#![cfg_attr(not(target_arch = "wasm32"), forbid(unsafe_code))]
#![warn(missing_docs)]

pub mod access;
#[cfg(feature = "passwords")]
pub mod account;
mod canonical;
pub mod error;
#[cfg(feature = "passwords")]
pub mod generate;
pub mod i18n;
#[cfg(feature = "passwords")]
pub mod policy;
#[cfg(feature = "passwords")]
pub mod strength;

/// The JavaScript bindings. Public only so that the browser tests can call the exports as
/// JavaScript does; JavaScript users import them from the npm package.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use error::CodedError;
pub use i18n::{Locale, LocaleError, Message};
#[cfg(feature = "passwords")]
pub use policy::{Candidate, CheckOptions, PasswordPolicy, PolicyError, PolicyReport};
#[cfg(feature = "passwords")]
pub use strength::{StrengthError, StrengthOptions, StrengthReport, estimate, prepare};

// Unit tests run natively (`cargo test`) and in headless Chromium (`wasm-pack test`).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
