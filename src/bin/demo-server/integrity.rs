//! The access model and its change log, checked against each other. Every entry the server
//! appends records, inside its hashed `changes`, the model version it produced and the
//! fingerprints before and after:
//! `{ "version": N, "from": "<fingerprint of N-1>", "to": "<fingerprint of N>", "changes": [ … ] }`.
//! The stored versions are trusted only when the chain verifies, there is one entry per version
//! after the first, and every `from`/`to` equals the fingerprint recomputed from the stored
//! documents of versions N−1 and N — so a model changed without a log entry is detected.

use crate::store::{LogRows, ModelRow};
use account_rules::CodedError;
use account_rules::access::AccessMatrix;
use account_rules::access::changelog::ChangeLogError;
use serde_json::{Value, json};
use std::fmt;

/// The code of a model that does not match its change log.
pub const MODEL_MISMATCH: &str = "changelog.model_mismatch";

/// Why the stored model cannot be trusted.
#[derive(Debug, Clone)]
pub enum IntegrityError {
    /// The log's own chain is broken (`changelog.tampered`, `changelog.broken_chain`, …).
    Log(ChangeLogError),
    /// The log and the stored versions of the model disagree.
    Mismatch { path: String, message: String },
}

impl fmt::Display for IntegrityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntegrityError::Log(err) => f.write_str(&err.message()),
            IntegrityError::Mismatch { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for IntegrityError {}

impl CodedError for IntegrityError {
    fn code(&self) -> &'static str {
        match self {
            IntegrityError::Log(err) => err.code(),
            IntegrityError::Mismatch { .. } => MODEL_MISMATCH,
        }
    }

    fn path(&self) -> String {
        match self {
            IntegrityError::Log(err) => err.path(),
            IntegrityError::Mismatch { path, .. } => path.clone(),
        }
    }
}

/// The model in force, once verified against the log.
pub struct Verified {
    pub matrix: AccessMatrix,
    pub version: i64,
}

/// The `changes` of the entry that produces `version`.
pub fn record(version: i64, from: &str, to: &str, changes: Value) -> Value {
    json!({ "version": version, "from": from, "to": to, "changes": changes })
}

fn mismatch(path: impl Into<String>, message: impl Into<String>) -> IntegrityError {
    IntegrityError::Mismatch {
        path: path.into(),
        message: message.into(),
    }
}

/// The entry whose `to` is `version` (or, for version 1, the first entry's `from`).
fn path_of_version(version: i64) -> String {
    if version >= 2 {
        format!("entries[{}].changes.to", version - 2)
    } else {
        "entries[0].changes.from".to_string()
    }
}

/// Checks the log's chain and every stored version of the model against it; answers the
/// newest version, parsed.
pub fn verify(rows: &LogRows, models: &[ModelRow]) -> Result<Verified, IntegrityError> {
    let entries = rows.verify().map_err(IntegrityError::Log)?;
    let Some(newest) = models.last() else {
        return Err(mismatch("", "no version of the access model is stored"));
    };
    if i64::try_from(entries).ok().and_then(|n| n.checked_add(1)) != Some(newest.version) {
        return Err(mismatch(
            "entries",
            format!(
                "the log has {entries} entries but the stored model is at version {}; every version after the first needs one entry",
                newest.version
            ),
        ));
    }
    let mut fingerprints = Vec::with_capacity(models.len());
    let mut last = None;
    for (index, row) in models.iter().enumerate() {
        let wanted = i64::try_from(index).unwrap_or(i64::MAX).saturating_add(1);
        if row.version != wanted {
            return Err(mismatch(
                path_of_version(wanted),
                format!("version {wanted} of the access model is not stored"),
            ));
        }
        let matrix = AccessMatrix::from_json(&row.document).map_err(|err| {
            mismatch(
                path_of_version(wanted),
                format!(
                    "the stored model of version {wanted} is not a valid access model ({} at `{}`)",
                    err.code(),
                    err.path()
                ),
            )
        })?;
        fingerprints.push(matrix.fingerprint().to_string());
        last = Some(matrix);
    }
    for (index, entry) in rows.log.entries.iter().enumerate() {
        let version = i64::try_from(index).unwrap_or(i64::MAX).saturating_add(2);
        let field = |name: &str| entry.changes.get(name);
        if field("version").and_then(Value::as_i64) != Some(version) {
            return Err(mismatch(
                format!("entries[{index}].changes.version"),
                format!("entry {index} does not record that it produced version {version}"),
            ));
        }
        for (name, fingerprint) in [
            ("from", fingerprints.get(index)),
            ("to", fingerprints.get(index.saturating_add(1))),
        ] {
            if fingerprint.is_none()
                || field(name).and_then(Value::as_str) != fingerprint.map(String::as_str)
            {
                return Err(mismatch(
                    format!("entries[{index}].changes.{name}"),
                    format!(
                        "entry {index} records `{name}` fingerprint `{}`, but the stored model of version {} has another",
                        field(name).and_then(Value::as_str).unwrap_or("none"),
                        if name == "from" { version - 1 } else { version }
                    ),
                ));
            }
        }
        if !field("changes").is_some_and(Value::is_array) {
            return Err(mismatch(
                format!("entries[{index}].changes.changes"),
                format!("entry {index} does not list its changes"),
            ));
        }
    }
    let matrix = last.ok_or_else(|| mismatch("", "no version of the access model is stored"))?;
    Ok(Verified {
        matrix,
        version: newest.version,
    })
}
