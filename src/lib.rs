#![doc = include_str!("../README.md")]
#![cfg_attr(not(target_arch = "wasm32"), forbid(unsafe_code))]
#![warn(missing_docs)]

pub mod error;
pub mod i18n;
pub mod strength;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::CodedError;
pub use i18n::{Locale, LocaleError, Message};
pub use strength::{StrengthError, StrengthOptions, StrengthReport, estimate, prepare};
