//! Password and passphrase generation that satisfies a policy.
//!
//! Randomness comes from `getrandom` only (the operating system natively,
//! `crypto.getRandomValues` in the browser). Every choice is uniform: indices are drawn by
//! rejection sampling, never by a biased modulo. A candidate is checked against the policy
//! and drawn again if it fails a rule (a repetition, a banned term…), so what is returned
//! always passes every rule the client can decide.

pub mod wordlist;

use crate::policy::schema::{CharClass, CharacterSet, Rule};
use crate::policy::{Candidate, CheckOptions, PasswordPolicy, PolicyError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Draws before giving up on a policy that no generated password satisfies.
pub const MAX_ATTEMPTS: u32 = 1000;
/// Longest random password generated.
pub const MAX_LENGTH: u32 = 256;
/// Most words in a passphrase.
pub const MAX_WORDS: u32 = 32;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum GeneratorKind {
    /// Random characters.
    #[default]
    Random,
    /// Words from the EFF large word list, joined by a separator.
    Passphrase,
}

/// Options of [`generate`], as JavaScript sends them: `{ kind, length?, words?, separator? }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenerateOptions {
    /// Random characters or a passphrase.
    #[serde(default)]
    pub kind: GeneratorKind,
    /// For `random`: the length (default: 20, or the policy's minimum if higher).
    #[serde(default)]
    pub length: Option<u32>,
    /// For `passphrase`: how many words (default: 6, or more to reach the policy's minimum).
    #[serde(default)]
    pub words: Option<u32>,
    /// For `passphrase`: what goes between words (default `-`).
    #[serde(default)]
    pub separator: Option<String>,
}

/// A generated password.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedPassword {
    /// The password.
    pub password: String,
    /// What kind it is.
    pub kind: GeneratorKind,
    /// Bits of entropy of the draw (log2 of the number of equally likely outcomes), before the
    /// policy's rejections, which remove a vanishing share of outcomes.
    pub entropy_bits: f64,
    /// Draws it took to satisfy the policy.
    pub attempts: u32,
}

/// Why nothing was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenerateError {
    /// The options are out of range.
    Options {
        /// Which option, e.g. `length`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// No generated password satisfied the policy within [`MAX_ATTEMPTS`] draws (the policy
    /// contradicts itself, or a pattern rule asks for what the generator does not produce).
    Unsatisfiable,
    /// The system's random number generator failed.
    Random(String),
    /// Checking a candidate failed (cannot happen with generated passwords; reported, not hidden).
    Policy(PolicyError),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Options { message, .. } => f.write_str(message),
            GenerateError::Unsatisfiable => write!(
                f,
                "no generated password satisfied the policy in {MAX_ATTEMPTS} attempts; run lint() on the policy"
            ),
            GenerateError::Random(message) => {
                write!(f, "the random number generator failed: {message}")
            }
            GenerateError::Policy(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for GenerateError {}

impl crate::CodedError for GenerateError {
    fn code(&self) -> &'static str {
        match self {
            GenerateError::Options { .. } => "generate.options.invalid",
            GenerateError::Unsatisfiable => "generate.unsatisfiable",
            GenerateError::Random(_) => "generate.random_unavailable",
            GenerateError::Policy(err) => err.code(),
        }
    }

    fn path(&self) -> String {
        match self {
            GenerateError::Options { path, .. } => path.clone(),
            GenerateError::Policy(err) => err.path(),
            _ => String::new(),
        }
    }
}

/// A uniform random integer in `0..n` (`n > 0`), by rejection sampling over 32-bit draws.
fn uniform(n: usize) -> Result<usize, GenerateError> {
    let n = u32::try_from(n.max(1)).unwrap_or(u32::MAX);
    // The largest multiple of n that fits: draws at or above it are rejected.
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).map_err(|err| GenerateError::Random(err.to_string()))?;
        let x = u32::from_le_bytes(bytes);
        if x < zone {
            return Ok((x % n) as usize);
        }
    }
}

fn pick<T: Copy>(items: &[T]) -> Result<Option<T>, GenerateError> {
    Ok(items.get(uniform(items.len())?).copied())
}

/// What the policy asks of length and characters, read from its rules.
struct Needs {
    min: u32,
    max: Option<u32>,
    classes: Vec<CharClass>,
    at_least: usize,
    ascii_only: bool,
}

fn needs(policy: &PasswordPolicy) -> Needs {
    let mut needs = Needs {
        min: 0,
        max: None,
        classes: Vec::new(),
        at_least: 0,
        ascii_only: false,
    };
    for rule in &policy.document().rules {
        match rule {
            Rule::Length(r) => {
                needs.min = needs.min.max(r.min);
                needs.max = match (needs.max, r.max) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            Rule::CharacterClasses(r) => {
                needs.classes.extend(r.require.iter().copied());
                needs.at_least = needs.at_least.max(usize::from(r.at_least.unwrap_or(0)));
            }
            Rule::AllowedCharacters(r) => {
                needs.ascii_only |= r.set == CharacterSet::AsciiPrintable;
            }
            _ => {}
        }
    }
    needs
}

/// The characters random passwords are drawn from: printable ASCII without the space (94).
fn alphabet() -> Vec<char> {
    ('!'..='~').collect()
}

/// Generates a password that passes every rule of `policy` the client can decide.
///
/// # Errors
/// [`GenerateError`] for out-of-range options, a policy nothing generated satisfies, or a
/// failing random number generator.
pub fn generate(
    policy: &PasswordPolicy,
    options: &GenerateOptions,
) -> Result<GeneratedPassword, GenerateError> {
    let needs = needs(policy);
    let check_options = CheckOptions {
        strength: false,
        ..CheckOptions::default()
    };
    for attempt in 1..=MAX_ATTEMPTS {
        let (password, entropy_bits) = match options.kind {
            GeneratorKind::Random => random(&needs, options)?,
            GeneratorKind::Passphrase => passphrase(&needs, options)?,
        };
        let report = policy
            .check(&Candidate::password(password.clone()), &check_options)
            .map_err(GenerateError::Policy)?;
        if report.failed.is_empty() {
            return Ok(GeneratedPassword {
                password,
                kind: options.kind,
                entropy_bits,
                attempts: attempt,
            });
        }
    }
    Err(GenerateError::Unsatisfiable)
}

fn random(needs: &Needs, options: &GenerateOptions) -> Result<(String, f64), GenerateError> {
    let wanted = options.length.unwrap_or(20).max(needs.min);
    let length = needs.max.map_or(wanted, |max| wanted.min(max));
    if length == 0 || length > MAX_LENGTH {
        return Err(GenerateError::Options {
            path: "length".into(),
            message: format!(
                "length must be between 1 and {MAX_LENGTH}; the policy and options ask for {length}"
            ),
        });
    }
    let alphabet = alphabet();
    let mut password = String::with_capacity(length as usize);
    for _ in 0..length {
        if let Some(c) = pick(&alphabet)? {
            password.push(c);
        }
    }
    let bits = f64::from(length) * (alphabet.len() as f64).log2();
    Ok((password, bits))
}

fn passphrase(needs: &Needs, options: &GenerateOptions) -> Result<(String, f64), GenerateError> {
    let separator = options.separator.clone().unwrap_or_else(|| "-".to_string());
    if separator.chars().count() > 8 || (needs.ascii_only && !separator.is_ascii()) {
        return Err(GenerateError::Options {
            path: "separator".into(),
            message: "the separator must be at most 8 characters (ASCII when the policy allows only ASCII)".into(),
        });
    }
    let requested = options.words.unwrap_or(6);
    if requested == 0 || requested > MAX_WORDS {
        return Err(GenerateError::Options {
            path: "words".into(),
            message: format!("words must be between 1 and {MAX_WORDS}"),
        });
    }
    let mut words: Vec<String> = Vec::new();
    let mut bits = 0.0;
    let length = |words: &[String]| -> u32 {
        let letters: usize = words.iter().map(|w| w.chars().count()).sum();
        let separators = separator.chars().count() * words.len().saturating_sub(1);
        u32::try_from(letters + separators + 2).unwrap_or(u32::MAX)
    };
    while (words.len() as u32) < requested
        || (length(&words) < needs.min && words.len() < MAX_WORDS as usize)
    {
        let index = uniform(wordlist::len())?;
        words.push(wordlist::get(index).unwrap_or_default().to_string());
        bits += wordlist::bits_per_word();
    }
    // Classes the words alone lack: an uppercase first letter on one word, a digit after one
    // word; a symbol comes from the separator, or is appended.
    let wants = |class: CharClass| needs.classes.contains(&class) || needs.at_least >= 3;
    if wants(CharClass::Upper) {
        let which = uniform(words.len())?;
        if let Some(word) = words.get_mut(which) {
            let mut chars = word.chars();
            *word = chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
        }
        bits += (words.len() as f64).log2();
    }
    if wants(CharClass::Digit) {
        let which = uniform(words.len())?;
        let digit = uniform(10)?;
        if let Some(word) = words.get_mut(which) {
            word.push(char::from(b'0' + digit as u8));
        }
        bits += (words.len() as f64).log2() + 10f64.log2();
    }
    let mut password = words.join(&separator);
    let has_symbol = password
        .chars()
        .any(|c| CharClass::of(c) == Some(CharClass::Symbol));
    if (wants(CharClass::Symbol) || needs.at_least >= 4) && !has_symbol {
        let symbols: Vec<char> = "!#$%&*+-=?@^_~".chars().collect();
        if let Some(symbol) = pick(&symbols)? {
            password.push(symbol);
        }
        bits += (symbols.len() as f64).log2();
    }
    Ok((password, bits))
}

#[cfg(test)]
mod tests;
