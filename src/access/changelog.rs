//! A hash-chained change log for permission changes: each entry records who changed what, when
//! and why, plus the hash of the entry before it. Altering, removing or reordering an entry
//! breaks the chain, and [`ChangeLog::verify`] names the first entry where it breaks.
//!
//! # Canonical form
//!
//! An entry's `hash` is `"sha256:"` followed by the lowercase hex SHA-256 of the UTF-8 bytes of
//! this JSON text: an object with every field of the entry except `hash` — `actor`, `at`,
//! `changes`, `prevHash`, `reason`, `seq` — with the keys of every object, at every depth, sorted
//! by code point (bytewise in UTF-8), and no whitespace. Strings are written as raw UTF-8 with
//! only `"`, `\` and control characters escaped (`\b \f \n \r \t`, others as `\u00xx`, lowercase
//! hex); integers in plain decimal. For example:
//!
//! ```text
//! {"actor":"alice","at":1700000000000,"changes":[{"op":"grant","role":"editor","user":"bob"}],"prevHash":"sha256:0000…0000","reason":"onboarding: café team","seq":0}
//! ```
//!
//! Fractional numbers in `changes` are written in serde_json's shortest form; prefer integers
//! and strings there if another language must recompute the hash. The first entry's `prevHash`
//! is [`GENESIS`].
//!
//! The chain shows that entries were changed unless everything after the change was rewritten
//! too; keep [`ChangeLog::head`] somewhere else (a server, a signed record) to detect that.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Milliseconds since the Unix epoch, UTC.
pub use super::Millis;

/// The `prevHash` of the first entry: `sha256:` followed by 64 zeros.
pub const GENESIS: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// One permission change: who made it, when, why and what it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeLogEntry {
    /// Position in the log: 0, 1, 2, …
    pub seq: u64,
    /// When the change was made.
    pub at: Millis,
    /// Who made it (a user id).
    pub actor: String,
    /// Why (never empty).
    pub reason: String,
    /// What changed: the caller's change records, hashed as given.
    pub changes: serde_json::Value,
    /// The `hash` of the previous entry, or [`GENESIS`] for the first.
    pub prev_hash: String,
    /// `sha256:<hex>` of this entry's canonical form (see the module docs).
    pub hash: String,
}

/// The log: entries in order, each chained to the one before.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeLog {
    /// The entries, oldest first.
    pub entries: Vec<ChangeLogEntry>,
}

impl ChangeLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses a log from JSON text. The chain is not checked: call [`ChangeLog::verify`].
    ///
    /// # Errors
    /// [`ChangeLogError::Syntax`] if the text is not JSON, [`ChangeLogError::Invalid`] with the
    /// path of the problem if it does not have the log's shape.
    pub fn from_json(text: &str) -> Result<ChangeLog, ChangeLogError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|err| ChangeLogError::Syntax {
                line: err.line(),
                column: err.column(),
                message: err.to_string(),
            })?;
        serde_path_to_error::deserialize(&value).map_err(|err| {
            let path = err.path().to_string();
            ChangeLogError::Invalid {
                // serde_path_to_error writes the root as `.`.
                path: if path == "." { String::new() } else { path },
                message: err.into_inner().to_string(),
            }
        })
    }

    /// The log as compact JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain structs and `serde_json::Value` (string keys only) cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Appends a change, filling in `seq`, `prevHash` and `hash`.
    ///
    /// # Errors
    /// [`ChangeLogError::Invalid`] if `actor` or `reason` is empty (after trimming),
    /// [`ChangeLogError::Time`] if `at` is earlier than the last entry's.
    pub fn append(
        &mut self,
        actor: &str,
        at: Millis,
        reason: &str,
        changes: serde_json::Value,
    ) -> Result<&ChangeLogEntry, ChangeLogError> {
        let index = self.entries.len();
        require_text(index, "actor", actor)?;
        require_text(index, "reason", reason)?;
        if let Some(last) = self.entries.last().filter(|last| at < last.at) {
            return Err(ChangeLogError::Time {
                index,
                at,
                previous: last.at,
            });
        }
        let mut entry = ChangeLogEntry {
            seq: index as u64,
            at,
            actor: actor.to_string(),
            reason: reason.to_string(),
            changes,
            prev_hash: self.head(),
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry);
        self.entries.push(entry);
        // Just pushed, so never empty.
        self.entries.last().ok_or(ChangeLogError::Invalid {
            path: "entries".to_string(),
            message: "the log is empty".to_string(),
        })
    }

    /// Checks the whole chain, entry by entry: its hash, its link to the previous entry, its
    /// `seq`, its time and its `actor` and `reason`.
    ///
    /// # Errors
    /// The first problem found, for the first entry that has one.
    pub fn verify(&self) -> Result<usize, ChangeLogError> {
        let mut previous: Option<&ChangeLogEntry> = None;
        for (index, entry) in self.entries.iter().enumerate() {
            if entry_hash(entry) != entry.hash {
                return Err(ChangeLogError::Tampered { index });
            }
            if entry.prev_hash != previous.map_or(GENESIS, |p| p.hash.as_str()) {
                return Err(ChangeLogError::BrokenChain { index });
            }
            if entry.seq != index as u64 {
                return Err(ChangeLogError::Sequence {
                    index,
                    found: entry.seq,
                });
            }
            if let Some(p) = previous.filter(|p| entry.at < p.at) {
                return Err(ChangeLogError::Time {
                    index,
                    at: entry.at,
                    previous: p.at,
                });
            }
            require_text(index, "actor", &entry.actor)?;
            require_text(index, "reason", &entry.reason)?;
            previous = Some(entry);
        }
        Ok(self.entries.len())
    }

    /// The hash of the last entry, or [`GENESIS`] for an empty log.
    pub fn head(&self) -> String {
        self.entries
            .last()
            .map_or(GENESIS, |e| e.hash.as_str())
            .to_string()
    }
}

/// The canonical form of an entry (see the module docs). `serde_json::Value` objects are
/// `BTreeMap`s unless serde_json's `preserve_order` feature is on (it is not), so serialising
/// this value sorts the keys at every depth, including inside `changes`; the pinned-hash test
/// fails if that ever changes.
fn canonical(entry: &ChangeLogEntry) -> String {
    serde_json::json!({
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "reason": entry.reason,
        "changes": entry.changes,
        "prevHash": entry.prev_hash,
    })
    .to_string()
}

fn entry_hash(entry: &ChangeLogEntry) -> String {
    crate::canonical::sha256_tag(&canonical(entry))
}

fn require_text(index: usize, field: &str, value: &str) -> Result<(), ChangeLogError> {
    if value.trim().is_empty() {
        return Err(ChangeLogError::Invalid {
            path: format!("entries[{index}].{field}"),
            message: format!("entry {index} has an empty `{field}`; every change needs one"),
        });
    }
    Ok(())
}

/// A change log that cannot be read or whose chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeLogError {
    /// The text is not JSON.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser says.
        message: String,
    },
    /// The JSON does not have the log's shape, or an `actor` or `reason` is empty.
    Invalid {
        /// Where, e.g. `entries[2].reason`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The entry's `hash` does not match its contents: the entry was altered.
    Tampered {
        /// Index of the entry.
        index: usize,
    },
    /// The entry's `prevHash` is not the previous entry's hash: an entry before it was
    /// removed, reordered or altered.
    BrokenChain {
        /// Index of the entry.
        index: usize,
    },
    /// The entry's `seq` is not its position.
    Sequence {
        /// Index of the entry.
        index: usize,
        /// The `seq` it has.
        found: u64,
    },
    /// The entry is dated earlier than the one before it.
    Time {
        /// Index of the entry.
        index: usize,
        /// Its time.
        at: Millis,
        /// The previous entry's time.
        previous: Millis,
    },
}

impl fmt::Display for ChangeLogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeLogError::Syntax { message, .. } => {
                write!(f, "the change log is not valid JSON: {message}")
            }
            ChangeLogError::Invalid { message, .. } => write!(f, "{message}"),
            ChangeLogError::Tampered { index } => write!(
                f,
                "entry {index} was altered: its `hash` does not match its contents"
            ),
            ChangeLogError::BrokenChain { index: 0 } => write!(
                f,
                "entry 0 does not start the log: its `prevHash` is not the genesis value"
            ),
            ChangeLogError::BrokenChain { index } => write!(
                f,
                "entry {index} does not follow entry {}: an entry before it was removed, reordered or altered",
                index - 1
            ),
            ChangeLogError::Sequence { index, found } => {
                write!(f, "entry {index} has seq `{found}`; expected `{index}`")
            }
            ChangeLogError::Time {
                index,
                at,
                previous,
            } => write!(
                f,
                "entry {index} is dated `{at}`, earlier than the entry before it (`{previous}`)"
            ),
        }
    }
}

impl std::error::Error for ChangeLogError {}

impl crate::CodedError for ChangeLogError {
    fn code(&self) -> &'static str {
        match self {
            ChangeLogError::Syntax { .. } => "changelog.syntax",
            ChangeLogError::Invalid { .. } => "changelog.invalid",
            ChangeLogError::Tampered { .. } => "changelog.tampered",
            ChangeLogError::BrokenChain { .. } => "changelog.broken_chain",
            ChangeLogError::Sequence { .. } => "changelog.sequence",
            ChangeLogError::Time { .. } => "changelog.time",
        }
    }

    fn path(&self) -> String {
        match self {
            ChangeLogError::Syntax { line, column, .. } => format!("line {line}, column {column}"),
            ChangeLogError::Invalid { path, .. } => path.clone(),
            ChangeLogError::Tampered { index } => format!("entries[{index}].hash"),
            ChangeLogError::BrokenChain { index } => format!("entries[{index}].prevHash"),
            ChangeLogError::Sequence { index, .. } => format!("entries[{index}].seq"),
            ChangeLogError::Time { index, .. } => format!("entries[{index}].at"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodedError;
    use serde_json::json;
    use sha2::{Digest, Sha256};

    const T0: Millis = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    fn three() -> ChangeLog {
        let mut log = ChangeLog::new();
        for (i, user) in ["bob", "carol", "dave"].into_iter().enumerate() {
            let change =
                json!([{ "op": "grant", "user": user, "role": "editor", "scope": { "ids": [i] } }]);
            log.append("alice", T0 + i as i64 * 1000, "onboarding", change)
                .unwrap_or_else(|err| unreachable!("{err}"));
        }
        log
    }

    fn entry(log: &mut ChangeLog, index: usize) -> &mut ChangeLogEntry {
        log.entries
            .get_mut(index)
            .unwrap_or_else(|| unreachable!("no entry {index}"))
    }

    /// The code and path of `verify`'s error.
    fn failure(log: &ChangeLog) -> (&'static str, String) {
        match log.verify() {
            Ok(n) => unreachable!("verified {n} entries"),
            Err(err) => (err.code(), err.path()),
        }
    }

    /// Rewrites links and hashes from `from` on, as a forger hiding an edit would.
    fn reseal(log: &mut ChangeLog, from: usize) {
        for index in from..log.entries.len() {
            let prev = index
                .checked_sub(1)
                .map_or(GENESIS.to_string(), |p| entry(log, p).hash.clone());
            let e = entry(log, index);
            e.prev_hash = prev;
            e.hash = entry_hash(e);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn appended_entries_verify_and_survive_a_json_round_trip() {
        let log = three();
        assert_eq!(log.verify(), Ok(3));
        assert_eq!(Some(log.head()), log.entries.last().map(|e| e.hash.clone()));
        let back = ChangeLog::from_json(&log.to_json()).unwrap_or_else(|err| unreachable!("{err}"));
        assert_eq!(back, log);
        assert_eq!(back.verify(), Ok(3));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn altering_any_field_is_tampering_at_that_entry() {
        let edits: [fn(&mut ChangeLogEntry); 6] = [
            |e| e.actor = "mallory".into(),
            |e| e.reason = "because".into(),
            |e| e.at += 1,
            |e| e.seq = 7,
            |e| e.prev_hash = GENESIS.into(),
            |e| e.changes = json!([{ "op": "grant", "user": "carol", "role": "editor", "scope": { "ids": [99] } }]),
        ];
        for edit in edits {
            let mut log = three();
            edit(entry(&mut log, 1));
            assert_eq!(
                failure(&log),
                ("changelog.tampered", "entries[1].hash".into())
            );
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn removing_or_reordering_breaks_the_chain() {
        let mut removed = three();
        removed.entries.remove(1);
        assert_eq!(
            failure(&removed),
            ("changelog.broken_chain", "entries[1].prevHash".into())
        );
        let mut swapped = three();
        swapped.entries.swap(1, 2);
        assert_eq!(
            failure(&swapped),
            ("changelog.broken_chain", "entries[1].prevHash".into())
        );
        let mut headless = three();
        headless.entries.remove(0);
        let err = headless.verify().err();
        assert_eq!(
            err.as_ref().map(|e| e.path()),
            Some("entries[0].prevHash".into())
        );
        assert_eq!(
            err.map(|e| e.to_string()),
            Some("entry 0 does not start the log: its `prevHash` is not the genesis value".into())
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_recomputed_hash_moves_the_break_to_the_next_entry() {
        let mut log = three();
        let e = entry(&mut log, 1);
        e.reason = "no reason".into();
        e.hash = entry_hash(e);
        assert_eq!(
            failure(&log),
            ("changelog.broken_chain", "entries[2].prevHash".into())
        );
        // Only rewriting everything after it hides the edit; `head` then differs.
        let head = three().head();
        reseal(&mut log, 2);
        assert_eq!(log.verify(), Ok(3));
        assert_ne!(log.head(), head);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn empty_actor_or_reason_is_rejected() {
        let mut log = three();
        let err = log.append("alice", T0 + 5000, "  ", json!([])).err();
        assert_eq!(err.as_ref().map(|e| e.code()), Some("changelog.invalid"));
        assert_eq!(
            err.as_ref().map(|e| e.path()),
            Some("entries[3].reason".into())
        );
        assert_eq!(
            err.map(|e| e.to_string()),
            Some("entry 3 has an empty `reason`; every change needs one".into())
        );
        let err = log.append("", T0 + 5000, "why", json!([])).err();
        assert_eq!(err.map(|e| e.path()), Some("entries[3].actor".into()));
        assert_eq!(log.verify(), Ok(3));
        entry(&mut log, 1).reason = String::new();
        reseal(&mut log, 1);
        assert_eq!(
            failure(&log),
            ("changelog.invalid", "entries[1].reason".into())
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn time_going_backwards_is_rejected_and_detected() {
        let mut log = three();
        let err = log.append("alice", T0 + 1999, "late", json!([])).err();
        assert_eq!(err.as_ref().map(|e| e.code()), Some("changelog.time"));
        assert_eq!(
            err.map(|e| e.to_string()),
            Some(format!(
                "entry 3 is dated `{}`, earlier than the entry before it (`{}`)",
                T0 + 1999,
                T0 + 2000
            ))
        );
        // The same time as the last entry is fine.
        assert!(
            log.append("alice", T0 + 2000, "same instant", json!([]))
                .is_ok()
        );
        entry(&mut log, 2).at = T0 - 1;
        reseal(&mut log, 2);
        assert_eq!(failure(&log), ("changelog.time", "entries[2].at".into()));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn sequence_must_be_the_position() {
        let mut log = three();
        entry(&mut log, 1).seq = 5;
        reseal(&mut log, 1);
        assert_eq!(
            failure(&log),
            ("changelog.sequence", "entries[1].seq".into())
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn genesis_starts_the_chain() {
        let empty = ChangeLog::new();
        assert_eq!(empty.head(), format!("sha256:{}", "0".repeat(64)));
        assert_eq!(empty.verify(), Ok(0));
        assert_eq!(entry(&mut three(), 0).prev_hash, GENESIS);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_canonical_form_and_hash_are_pinned() {
        // Keys given out of order, to pin the sorting.
        let changes = serde_json::from_str(r#"[{"user":"bob","role":"editor","op":"grant"}]"#)
            .unwrap_or_else(|err| unreachable!("{err}"));
        let mut log = ChangeLog::new();
        let hash = log
            .append("alice", 1_700_000_000_000, "onboarding: café team", changes)
            .map(|e| e.hash.clone())
            .unwrap_or_else(|err| unreachable!("{err}"));
        let expected = concat!(
            r#"{"actor":"alice","at":1700000000000,"#,
            r#""changes":[{"op":"grant","role":"editor","user":"bob"}],"#,
            r#""prevHash":"sha256:0000000000000000000000000000000000000000000000000000000000000000","#,
            r#""reason":"onboarding: café team","seq":0}"#
        );
        assert_eq!(canonical(entry(&mut log, 0)), expected);
        let independent: String = Sha256::digest(expected.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, format!("sha256:{independent}"));
        assert_eq!(
            hash,
            "sha256:e6afad1c66b0e8acb2f1df3141c5ad7d7fc161ea33bda0b616aff2fd46f2eb84"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn bad_documents_name_the_problem() {
        let err = ChangeLog::from_json("{").err();
        assert_eq!(err.map(|e| e.code()), Some("changelog.syntax"));
        let mut value = serde_json::to_value(three()).unwrap_or_else(|err| unreachable!("{err}"));
        if let Some(e) = value
            .pointer_mut("/entries/1")
            .and_then(|e| e.as_object_mut())
        {
            e.insert("extra".into(), json!(true));
        }
        let err = ChangeLog::from_json(&value.to_string()).err();
        assert_eq!(err.as_ref().map(|e| e.code()), Some("changelog.invalid"));
        assert_eq!(err.map(|e| e.path()), Some("entries[1].extra".into()));
        let err = ChangeLog::from_json(r#"{"entries":[{"seq":"0"}]}"#).err();
        assert_eq!(err.map(|e| e.path()), Some("entries[0].seq".into()));
    }
}
