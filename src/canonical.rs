//! The canonical JSON form and its SHA-256 tag, shared by every document this crate
//! fingerprints (password policies, access models) and by the change log's entry hashes.
//!
//! Canonical form: the value serialised by serde, every field present (the document types fill
//! their defaults in), object keys sorted by code point at every depth, no whitespace, UTF-8.
//! serde_json's map keeps its keys sorted (this crate does not enable `preserve_order`), so
//! going through a `serde_json::Value` produces exactly that.

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// The canonical JSON text of `value`.
pub(crate) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .map(|value| value.to_string())
        .unwrap_or_default()
}

/// `sha256:` and the lowercase hex SHA-256 of `text`.
pub(crate) fn sha256_tag(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        // Writing to a String cannot fail.
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn keys_are_sorted_at_every_depth_and_hashed_as_text() {
        let value = serde_json::json!({ "b": 1, "a": { "d": [2, { "f": 3, "e": 4 }], "c": null } });
        assert_eq!(
            json(&value),
            r#"{"a":{"c":null,"d":[2,{"e":4,"f":3}]},"b":1}"#
        );
        assert_eq!(
            sha256_tag("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
