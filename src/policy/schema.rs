//! The password-policy document: a versioned JSON object, camelCase, unknown fields rejected.
//!
//! ```json
//! { "schema": 1, "name": "acme",
//!   "rules": [ { "rule": "length", "min": 12, "max": 128 },
//!              { "rule": "characterClasses", "require": ["upper", "lower", "digit", "symbol"] } ],
//!   "expiry": { "maxAgeDays": 90, "warnDays": 14 },
//!   "lockout": { "maxFailures": 3, "windowMinutes": 15, "lockMinutes": 30 } }
//! ```
//!
//! Rules are a list, evaluated and reported in document order. Every field has its default
//! filled in after parsing, so [`PasswordPolicyDocument`] serialises to the canonical form
//! that the fingerprint hashes.

use serde::{Deserialize, Serialize};

/// The only document version this crate reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole policy document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordPolicyDocument {
    /// The JSON Schema the document declares, for editors; not part of the policy (not
    /// serialised, so it does not change the fingerprint).
    #[serde(rename = "$schema", default, skip_serializing)]
    pub json_schema: Option<String>,
    /// Document version; must be [`SCHEMA_VERSION`].
    pub schema: u32,
    /// A short name, e.g. `classic-enterprise`.
    #[serde(default)]
    pub name: Option<String>,
    /// What the policy is for, for people.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the rules come from (standards, internal documents).
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The password rules, checked and reported in this order.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Password age: forced rotation and minimum age.
    #[serde(default)]
    pub expiry: Option<ExpiryPolicy>,
    /// Locking an account after failed sign-ins.
    #[serde(default)]
    pub lockout: Option<LockoutPolicy>,
    /// Which accounts need a second factor.
    #[serde(default)]
    pub mfa: Option<MfaPolicy>,
}

/// A citation: the document and section a rule or preset rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// The document, e.g. `NIST SP 800-63B-4`.
    pub document: String,
    /// The section or requirement, e.g. `3.1.1.2`.
    #[serde(default)]
    pub section: Option<String>,
    /// What the section says that the policy follows.
    #[serde(default)]
    pub note: Option<String>,
}

/// One password rule. The `rule` field names the kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "camelCase")]
pub enum Rule {
    /// Length in Unicode code points after NFKC normalisation.
    Length(LengthRule),
    /// Character classes: each required class, or at least N of the four.
    CharacterClasses(CharacterClassesRule),
    /// A minimum zxcvbn score (0–4).
    MinStrength(MinStrengthRule),
    /// No username, email, name parts, birth date or phone number in the password.
    PersonalInfo(PersonalInfoRule),
    /// Not one of the embedded common passwords.
    CommonPasswords(CommonPasswordsRule),
    /// Organisation-specific banned terms, matched fuzzily.
    BannedTerms(BannedTermsRule),
    /// No long runs of one character, of a sequence or of a keyboard row.
    Repetition(RepetitionRule),
    /// On a change form: not the current password, nor too close to it.
    NotSimilarToCurrent(NotSimilarToCurrentRule),
    /// A regular expression the password must, or must not, match.
    Pattern(PatternRule),
    /// Which characters may appear at all.
    AllowedCharacters(AllowedCharactersRule),
    /// Not one of the last N passwords: decided by the server, against stored hashes.
    History(HistoryRule),
    /// Not in a breach corpus: decided by the server (or a service it calls).
    Breached(BreachedRule),
}

/// See [`Rule::Length`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LengthRule {
    /// Fewest code points.
    #[serde(default)]
    pub min: u32,
    /// Most code points; `null` for no maximum.
    #[serde(default)]
    pub max: Option<u32>,
}

/// A character class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CharClass {
    /// An uppercase letter (any script with case).
    Upper,
    /// A lowercase letter (any script with case).
    Lower,
    /// A decimal digit (any script).
    Digit,
    /// Anything that is not a letter or a digit: punctuation, symbols, spaces, emoji.
    Symbol,
}

impl CharClass {
    /// All four, in their documented order.
    pub const ALL: [CharClass; 4] = [
        CharClass::Upper,
        CharClass::Lower,
        CharClass::Digit,
        CharClass::Symbol,
    ];

    /// The class of `c`, if any. Letters of scripts without case (Chinese, Arabic…) belong to
    /// none of the four.
    #[must_use]
    pub fn of(c: char) -> Option<CharClass> {
        if c.is_uppercase() {
            Some(CharClass::Upper)
        } else if c.is_lowercase() {
            Some(CharClass::Lower)
        } else if c.is_numeric() {
            Some(CharClass::Digit)
        } else if c.is_alphabetic() {
            None
        } else {
            Some(CharClass::Symbol)
        }
    }

    /// The name used in documents and messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            CharClass::Upper => "upper",
            CharClass::Lower => "lower",
            CharClass::Digit => "digit",
            CharClass::Symbol => "symbol",
        }
    }
}

/// See [`Rule::CharacterClasses`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CharacterClassesRule {
    /// Classes that must each appear at least once.
    #[serde(default)]
    pub require: Vec<CharClass>,
    /// At least this many of the four classes must appear (`null`: no such requirement).
    #[serde(default)]
    pub at_least: Option<u8>,
}

/// See [`Rule::MinStrength`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MinStrengthRule {
    /// The lowest acceptable zxcvbn score, 0–4.
    pub score: u8,
}

/// See [`Rule::PersonalInfo`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PersonalInfoRule {
    /// Parts of names, usernames and emails shorter than this are not searched for.
    #[serde(default = "default_min_token_length")]
    pub min_token_length: u32,
}

fn default_min_token_length() -> u32 {
    3
}

/// See [`Rule::CommonPasswords`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommonPasswordsRule {}

/// See [`Rule::BannedTerms`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BannedTermsRule {
    /// The organisation's terms (company and product names, …), at least 4 characters each.
    pub terms: Vec<String>,
    /// A password containing a banned term passes only with at least this many points
    /// (one per banned term found, one per other character).
    #[serde(default = "default_min_points")]
    pub min_points: u32,
}

fn default_min_points() -> u32 {
    5
}

/// See [`Rule::Repetition`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RepetitionRule {
    /// Longest allowed run of one character (`aaa` is a run of 3); `null`: any.
    #[serde(default)]
    pub max_repeated: Option<u32>,
    /// Longest allowed run of a sequence (`abcd`, `4321`) or keyboard row (`qwer`); `null`: any.
    #[serde(default)]
    pub max_sequence: Option<u32>,
}

/// See [`Rule::NotSimilarToCurrent`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NotSimilarToCurrentRule {
    /// The new password must differ from the current one by at least this many edits
    /// (insertions, deletions, substitutions of code points, ignoring case).
    #[serde(default = "default_min_distance")]
    pub min_distance: u32,
}

fn default_min_distance() -> u32 {
    3
}

/// See [`Rule::Pattern`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PatternRule {
    /// A regular expression (Rust `regex` syntax, linear time) the password must match.
    #[serde(default)]
    pub must_match: Option<String>,
    /// A regular expression the password must not match.
    #[serde(default)]
    pub must_not_match: Option<String>,
    /// What the pattern asks for, for people (shown in the rule's message).
    #[serde(default)]
    pub description: Option<String>,
}

/// Which characters a password may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum CharacterSet {
    /// Every Unicode character except control characters (spaces and emoji included).
    #[default]
    AnyPrintable,
    /// Printable ASCII: U+0020 (space) to U+007E.
    AsciiPrintable,
}

/// See [`Rule::AllowedCharacters`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllowedCharactersRule {
    /// The set allowed.
    #[serde(default)]
    pub set: CharacterSet,
}

/// See [`Rule::History`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryRule {
    /// How many previous passwords may not be reused.
    pub remember: u32,
}

/// See [`Rule::Breached`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BreachedRule {}

/// Password age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpiryPolicy {
    /// A password expires this many days after it was set (`null`: never).
    #[serde(default)]
    pub max_age_days: Option<u32>,
    /// Warn this many days before it expires.
    #[serde(default)]
    pub warn_days: u32,
    /// A password cannot be changed again until it is this many days old.
    #[serde(default)]
    pub min_age_days: u32,
}

/// Locking an account after failed sign-ins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LockoutPolicy {
    /// This many failures within the window lock the account.
    pub max_failures: u32,
    /// Failures older than this many minutes no longer count (`null`: all count until a
    /// successful sign-in clears them).
    #[serde(default)]
    pub window_minutes: Option<u32>,
    /// The lock lasts this many minutes (`null`: until an administrator unlocks it).
    #[serde(default)]
    pub lock_minutes: Option<u32>,
}

/// Which accounts need a second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MfaPolicy {
    /// Every account needs MFA.
    #[serde(default)]
    pub required_for_all: bool,
    /// Accounts holding any of these roles need MFA.
    #[serde(default)]
    pub required_for_roles: Vec<String>,
}

/// Why one rule object does not parse: the field (relative to the rule) and the message.
/// Used to point errors inside a rule at the field, which serde's tagged-enum buffering hides.
pub(crate) fn diagnose_rule(value: &serde_json::Value) -> Option<(String, String)> {
    fn at<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Option<(String, String)> {
        serde_path_to_error::deserialize::<_, T>(value)
            .err()
            .map(|err| (err.path().to_string(), err.into_inner().to_string()))
    }
    let object = value.as_object()?;
    let Some(tag) = object.get("rule") else {
        return Some(("rule".into(), "missing field `rule`".into()));
    };
    let mut rest = object.clone();
    rest.remove("rule");
    let rest = serde_json::Value::Object(rest);
    match tag.as_str()? {
        "length" => at::<LengthRule>(rest),
        "characterClasses" => at::<CharacterClassesRule>(rest),
        "minStrength" => at::<MinStrengthRule>(rest),
        "personalInfo" => at::<PersonalInfoRule>(rest),
        "commonPasswords" => at::<CommonPasswordsRule>(rest),
        "bannedTerms" => at::<BannedTermsRule>(rest),
        "repetition" => at::<RepetitionRule>(rest),
        "notSimilarToCurrent" => at::<NotSimilarToCurrentRule>(rest),
        "pattern" => at::<PatternRule>(rest),
        "allowedCharacters" => at::<AllowedCharactersRule>(rest),
        "history" => at::<HistoryRule>(rest),
        "breached" => at::<BreachedRule>(rest),
        other => Some((
            "rule".into(),
            format!(
                "unknown rule `{other}`: the rules are {}",
                RULE_KINDS.join(", ")
            ),
        )),
    }
}

/// The `rule` tags, in the order of [`Rule`].
pub const RULE_KINDS: &[&str] = &[
    "length",
    "characterClasses",
    "minStrength",
    "personalInfo",
    "commonPasswords",
    "bannedTerms",
    "repetition",
    "notSimilarToCurrent",
    "pattern",
    "allowedCharacters",
    "history",
    "breached",
];
