//! Password policies: one JSON document, the same verdicts natively and in the browser.
//!
//! A [`PasswordPolicy`] is parsed (and checked for shape) from a [`PasswordPolicyDocument`],
//! then [`PasswordPolicy::check`] evaluates every rule of the document, in order, against a
//! [`Candidate`] and returns a [`PolicyReport`]: each rule's verdict with a stable code and a
//! localized message. Rules only a server can decide (password history, breach corpora) are
//! reported as `pending`, never as passed. [`PasswordPolicy::lint`] reviews the document
//! itself; [`PasswordPolicy::fingerprint`] identifies it so that the two sides can tell whether
//! they hold the same one; account state (expiry, lockout, MFA) lives in [`crate::account`].

pub mod blocklist;
mod candidate;
mod lint;
mod normalize;
mod presets;
mod report;
mod rules;
pub mod schema;

pub use candidate::{Candidate, MAX_CANDIDATE_BYTES};
pub use lint::{Finding, Severity};
pub use presets::PRESETS;
pub use report::{PolicyReport, RuleResult, ServerFinding};
pub use rules::Status;
pub use schema::{PasswordPolicyDocument, Rule, SCHEMA_VERSION};

use crate::i18n::{Locale, LocaleError};
use crate::strength::{self, StrengthOptions};
use std::fmt;

/// Every code a [`PolicyReport`] can carry, and the names its messages use.
pub const CODES: &[&str] = &[
    "password.length.ok",
    "password.length.too_short",
    "password.length.too_long",
    "password.classes.ok",
    "password.classes.missing",
    "password.classes.too_few",
    "password.strength.ok",
    "password.strength.too_weak",
    "password.personal_info.ok",
    "password.personal_info.found",
    "password.common.ok",
    "password.common.found",
    "password.banned_terms.ok",
    "password.banned_terms.found",
    "password.repetition.ok",
    "password.repetition.repeated",
    "password.repetition.sequence",
    "password.current.ok",
    "password.current.not_applicable",
    "password.current.same",
    "password.current.too_similar",
    "password.pattern.ok",
    "password.pattern.not_matched",
    "password.pattern.forbidden",
    "password.characters.ok",
    "password.characters.disallowed",
    "password.history.pending",
    "password.history.ok",
    "password.history.reused",
    "password.breached.pending",
    "password.breached.ok",
    "password.breached.found",
    "policy.class.upper",
    "policy.class.lower",
    "policy.class.digit",
    "policy.class.symbol",
    "policy.field.username",
    "policy.field.email",
    "policy.field.name",
    "policy.field.birthDate",
    "policy.field.phone",
    "policy.set.anyPrintable",
    "policy.set.asciiPrintable",
];

/// Every code [`PasswordPolicy::lint`] can emit.
#[must_use]
pub fn lint_codes() -> &'static [&'static str] {
    lint::CODES
}

/// Longest policy document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024;

/// A parsed, validated policy, ready to check passwords.
#[derive(Debug, Clone)]
pub struct PasswordPolicy {
    document: PasswordPolicyDocument,
    compiled: Vec<Compiled>,
    fingerprint: String,
}

/// What a rule needs precomputed (regexes, folded terms).
#[derive(Debug, Clone)]
enum Compiled {
    Nothing,
    Pattern {
        must_match: Option<regex::Regex>,
        must_not_match: Option<regex::Regex>,
    },
    Terms(Vec<Vec<char>>),
}

/// Options of [`PasswordPolicy::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// The language of every message.
    pub locale: Locale,
    /// Whether to include the strength estimate in the report even when no rule needs it.
    pub strength: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            locale: Locale::En,
            strength: true,
        }
    }
}

/// [`CheckOptions`] as JavaScript (or any JSON caller) sends them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckRequestOptions {
    /// A BCP 47 tag; `en` when absent.
    #[serde(default)]
    pub locale: Option<String>,
    /// See [`CheckOptions::strength`]; `true` when absent.
    #[serde(default)]
    pub strength: Option<bool>,
}

impl TryFrom<CheckRequestOptions> for CheckOptions {
    type Error = PolicyError;

    fn try_from(request: CheckRequestOptions) -> Result<Self, Self::Error> {
        Ok(CheckOptions {
            locale: match request.locale.as_deref() {
                None => Locale::En,
                Some(tag) => Locale::parse(tag).map_err(PolicyError::Locale)?,
            },
            strength: request.strength.unwrap_or(true),
        })
    }
}

impl PasswordPolicy {
    /// Parses a policy from JSON text.
    ///
    /// # Errors
    /// [`PolicyError`] with the JSON path of the problem: malformed JSON, a field of the wrong
    /// type, an unknown field, an unsupported `schema`, an invalid regular expression.
    pub fn from_json(text: &str) -> Result<PasswordPolicy, PolicyError> {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(PolicyError::TooLarge { bytes: text.len() });
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|err| PolicyError::Syntax {
                line: err.line(),
                column: err.column(),
                message: err.to_string(),
            })?;
        let document: PasswordPolicyDocument =
            serde_path_to_error::deserialize(&value).map_err(|err| {
                let path = clean_path(&err.path().to_string());
                // Inside a rule the tag decides the type, and serde buffers the rule before
                // reading it, so the path stops at `rules[i]`: read that rule again on its own
                // to find the field.
                let inner = value
                    .get("rules")
                    .and_then(|rules| rules.get(rule_index(&path)?))
                    .and_then(schema::diagnose_rule);
                match inner {
                    Some((field, message)) => PolicyError::Invalid {
                        path: format!("{path}.{field}"),
                        message,
                    },
                    None => PolicyError::Invalid {
                        path,
                        message: err.into_inner().to_string(),
                    },
                }
            })?;
        PasswordPolicy::from_document(document)
    }

    /// Builds a policy from a document already in memory.
    ///
    /// # Errors
    /// [`PolicyError`] for an unsupported `schema` or an invalid regular expression.
    pub fn from_document(document: PasswordPolicyDocument) -> Result<PasswordPolicy, PolicyError> {
        if document.schema != SCHEMA_VERSION {
            return Err(PolicyError::SchemaVersion {
                found: document.schema,
            });
        }
        let mut compiled = Vec::with_capacity(document.rules.len());
        for (index, rule) in document.rules.iter().enumerate() {
            compiled.push(match rule {
                Rule::Pattern(p) => Compiled::Pattern {
                    must_match: compile_regex(p.must_match.as_deref(), index, "mustMatch")?,
                    must_not_match: compile_regex(
                        p.must_not_match.as_deref(),
                        index,
                        "mustNotMatch",
                    )?,
                },
                Rule::BannedTerms(b) => Compiled::Terms(
                    b.terms
                        .iter()
                        .filter(|t| t.chars().count() >= lint::MIN_BANNED_TERM_CHARS)
                        .map(|t| rules::prepare_term(t))
                        .collect(),
                ),
                _ => Compiled::Nothing,
            });
        }
        let fingerprint = fingerprint_of(&document);
        Ok(PasswordPolicy {
            document,
            compiled,
            fingerprint,
        })
    }

    /// One of the shipped presets (see [`PRESETS`]).
    ///
    /// # Errors
    /// [`PolicyError::UnknownPreset`] naming the presets that exist.
    pub fn preset(name: &str) -> Result<PasswordPolicy, PolicyError> {
        let text = presets::text(name).ok_or_else(|| PolicyError::UnknownPreset(name.into()))?;
        PasswordPolicy::from_json(text)
    }

    /// The document, with every default filled in.
    #[must_use]
    pub fn document(&self) -> &PasswordPolicyDocument {
        &self.document
    }

    /// The canonical JSON form of the document: every field present (defaults filled in),
    /// object keys sorted, no whitespace. [`PasswordPolicy::fingerprint`] hashes exactly this.
    #[must_use]
    pub fn to_canonical_json(&self) -> String {
        canonical_json(&self.document)
    }

    /// The document as readable JSON (defaults filled in, keys sorted, indented).
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_value(&self.document)
            .and_then(|value| serde_json::to_string_pretty(&value))
            .unwrap_or_default()
    }

    /// `sha256:` and the lowercase hex SHA-256 of [`PasswordPolicy::to_canonical_json`].
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Reviews the document: contradictions (errors) and departures from NIST SP 800-63B-4 and
    /// OWASP ASVS 5.0 (warnings), each with the JSON path and the section it rests on.
    #[must_use]
    pub fn lint(&self, locale: Locale) -> Vec<Finding> {
        lint::lint(&self.document, locale)
    }

    /// Checks a candidate password against every rule, in document order.
    ///
    /// # Errors
    /// [`PolicyError`] for misuse only — a password over [`MAX_CANDIDATE_BYTES`], a malformed
    /// birth date. A password that breaks rules is a report with `ok: false`.
    pub fn check(
        &self,
        candidate: &Candidate,
        options: &CheckOptions,
    ) -> Result<PolicyReport, PolicyError> {
        let prepared = candidate::Prepared::new(candidate)?;
        let needs_strength = options.strength
            || self
                .document
                .rules
                .iter()
                .any(|r| matches!(r, Rule::MinStrength(_)));
        let strength = if needs_strength {
            let strength_options = StrengthOptions {
                user_inputs: prepared.user_inputs.clone(),
                locale: options.locale,
            };
            Some(
                strength::estimate(&candidate.password, &strength_options)
                    .map_err(PolicyError::Strength)?,
            )
        } else {
            None
        };
        let score = strength.as_ref().map_or(0, |s| s.score);
        let verdicts = self
            .document
            .rules
            .iter()
            .zip(&self.compiled)
            .map(|(rule, compiled)| evaluate(rule, compiled, &prepared, score));
        Ok(report::build(
            &self.document,
            verdicts,
            strength,
            &self.fingerprint,
            options.locale,
        ))
    }
}

fn evaluate(
    rule: &Rule,
    compiled: &Compiled,
    prepared: &candidate::Prepared,
    score: u8,
) -> rules::Verdict {
    use serde_json::json;
    match (rule, compiled) {
        (Rule::Length(r), _) => rules::length(prepared, r),
        (Rule::CharacterClasses(r), _) => rules::character_classes(prepared, r),
        (Rule::MinStrength(r), _) => rules::min_strength(score, r),
        (Rule::PersonalInfo(r), _) => rules::personal_info(prepared, r),
        (Rule::CommonPasswords(_), _) => rules::common_passwords(prepared),
        (Rule::BannedTerms(r), Compiled::Terms(terms)) => rules::banned_terms(prepared, r, terms),
        (Rule::BannedTerms(r), _) => rules::banned_terms(prepared, r, &[]),
        (Rule::Repetition(r), _) => rules::repetition(prepared, r),
        (Rule::NotSimilarToCurrent(r), _) => rules::not_similar_to_current(prepared, r),
        (
            Rule::Pattern(r),
            Compiled::Pattern {
                must_match,
                must_not_match,
            },
        ) => rules::pattern(
            prepared,
            must_match.as_ref(),
            must_not_match.as_ref(),
            r.description.as_deref(),
        ),
        (Rule::Pattern(r), _) => rules::pattern(prepared, None, None, r.description.as_deref()),
        (Rule::AllowedCharacters(r), _) => rules::allowed_characters(prepared, r),
        (Rule::History(r), _) => rules::pending(
            "password.history.pending",
            json!({ "remember": r.remember }),
        ),
        (Rule::Breached(_), _) => rules::pending("password.breached.pending", json!({})),
    }
}

/// Longest regular expression accepted, in bytes; compiled programs are capped too.
const MAX_PATTERN_BYTES: usize = 1024;

fn compile_regex(
    pattern: Option<&str>,
    index: usize,
    field: &str,
) -> Result<Option<regex::Regex>, PolicyError> {
    let Some(pattern) = pattern else {
        return Ok(None);
    };
    let path = format!("rules[{index}].{field}");
    if pattern.len() > MAX_PATTERN_BYTES {
        return Err(PolicyError::Pattern {
            path,
            message: format!(
                "pattern is {} bytes long; at most {MAX_PATTERN_BYTES} are accepted",
                pattern.len()
            ),
        });
    }
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map(Some)
        .map_err(|err| PolicyError::Pattern {
            path,
            message: err.to_string(),
        })
}

fn canonical_json(document: &PasswordPolicyDocument) -> String {
    crate::canonical::json(document)
}

fn fingerprint_of(document: &PasswordPolicyDocument) -> String {
    crate::canonical::sha256_tag(&canonical_json(document))
}

/// The index `i` of a path that is exactly `rules[i]`.
fn rule_index(path: &str) -> Option<usize> {
    path.strip_prefix("rules[")?.strip_suffix(']')?.parse().ok()
}

/// serde_path_to_error writes the root as `.`; documents' paths read better without it.
fn clean_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        path.to_string()
    }
}

/// Misuse of the policy API: an invalid document or candidate, an unknown preset or locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyError {
    /// The text is not JSON.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser says.
        message: String,
    },
    /// The JSON does not have the document's shape (wrong type, unknown or missing field).
    Invalid {
        /// Where, e.g. `rules[2].min`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// `schema` is not a version this crate reads.
    SchemaVersion {
        /// The version found.
        found: u32,
    },
    /// A `pattern` rule's regular expression does not compile.
    Pattern {
        /// Where, e.g. `rules[4].mustMatch`.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// The document is larger than [`MAX_DOCUMENT_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// No preset has this name.
    UnknownPreset(String),
    /// The requested locale has no catalogue.
    Locale(LocaleError),
    /// A candidate field is malformed.
    Candidate {
        /// Which field, e.g. `birthDate`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The password (or current password) is over [`MAX_CANDIDATE_BYTES`].
    CandidateTooLong {
        /// Its size.
        bytes: usize,
    },
    /// The strength estimator refused its input.
    Strength(strength::StrengthError),
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::Syntax { message, .. } => {
                write!(f, "the policy is not valid JSON: {message}")
            }
            PolicyError::Invalid { message, .. } => write!(f, "{message}"),
            PolicyError::SchemaVersion { found } => write!(
                f,
                "unsupported schema version `{found}`: this version of account-rules reads schema {SCHEMA_VERSION}"
            ),
            PolicyError::Pattern { message, .. } => {
                write!(f, "invalid regular expression: {message}")
            }
            PolicyError::TooLarge { bytes } => write!(
                f,
                "the policy is {bytes} bytes long; at most {MAX_DOCUMENT_BYTES} are accepted"
            ),
            PolicyError::UnknownPreset(name) => write!(
                f,
                "unknown preset `{name}`: the presets are {}",
                PRESETS.join(", ")
            ),
            PolicyError::Locale(err) => err.fmt(f),
            PolicyError::Candidate { message, .. } => write!(f, "{message}"),
            PolicyError::CandidateTooLong { bytes } => write!(
                f,
                "the password is {bytes} bytes long; at most {MAX_CANDIDATE_BYTES} are accepted"
            ),
            PolicyError::Strength(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for PolicyError {}

impl crate::CodedError for PolicyError {
    fn code(&self) -> &'static str {
        match self {
            PolicyError::Syntax { .. } => "policy.syntax",
            PolicyError::Invalid { .. } => "policy.invalid",
            PolicyError::SchemaVersion { .. } => "policy.schema.unsupported",
            PolicyError::Pattern { .. } => "policy.pattern.invalid",
            PolicyError::TooLarge { .. } => "policy.too_large",
            PolicyError::UnknownPreset(_) => "policy.preset.unknown",
            PolicyError::Locale(err) => err.code(),
            PolicyError::Candidate { .. } => "candidate.invalid",
            PolicyError::CandidateTooLong { .. } => "candidate.too_long",
            PolicyError::Strength(err) => err.code(),
        }
    }

    fn path(&self) -> String {
        match self {
            PolicyError::Syntax { line, column, .. } => format!("line {line}, column {column}"),
            PolicyError::Invalid { path, .. }
            | PolicyError::Pattern { path, .. }
            | PolicyError::Candidate { path, .. } => path.clone(),
            PolicyError::SchemaVersion { .. } => "schema".to_string(),
            PolicyError::TooLarge { .. } | PolicyError::UnknownPreset(_) => String::new(),
            PolicyError::Locale(err) => err.path(),
            PolicyError::CandidateTooLong { .. } => "password".to_string(),
            PolicyError::Strength(err) => err.path(),
        }
    }
}

#[cfg(test)]
mod tests;
