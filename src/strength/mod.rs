//! Password strength estimation: a wrapper around the `zxcvbn` crate that returns our own
//! [`StrengthReport`] — stable codes, localized texts, and an honest account of how much of
//! the password was evaluated.
//!
//! zxcvbn's types never leave this module, so an upgrade of the estimator cannot change the
//! API. Two bounds keep the cost of one call small enough to run on every keystroke:
//!
//! * **length**: zxcvbn itself looks at the first 100 characters only
//!   ([`MAX_EVALUATED_CHARS`]);
//! * **complexity**: zxcvbn's l33t matcher tries every combination of substitutions that the
//!   password's symbols allow, against every substring; a password dense in distinct
//!   substitution symbols (`4@8({[<3691!|70$5+7%2` …) costs hundreds of milliseconds at 100
//!   characters. [`budget`] predicts that cost before running and evaluates the longest prefix
//!   that fits [`COST_BUDGET`].
//!
//! Either way the report says so ([`StrengthReport::truncated`], [`StrengthReport::truncation`],
//! [`StrengthReport::evaluated_chars`]): the score describes the evaluated characters, and the
//! characters after them are not credited. Nothing is guessed or extrapolated.

mod budget;
mod feedback;
mod report;

pub use budget::{BASE_PASSES, COST_BUDGET, MAX_EVALUATED_CHARS, predicted_cost};
pub use report::{
    CrackTime, CrackTimes, DictionaryName, Feedback, PatternKind, PatternMatch, StrengthReport,
};

use crate::i18n::{Locale, LocaleError};
use std::fmt;

/// Longest password accepted, in bytes of UTF-8. Longer input is refused with
/// [`StrengthError::PasswordTooLong`] rather than silently cut.
pub const MAX_PASSWORD_BYTES: usize = 4096;
/// Most user inputs (name, email, username, …) accepted in one call.
pub const MAX_USER_INPUTS: usize = 32;
/// Longest user input accepted, in characters.
pub const MAX_USER_INPUT_CHARS: usize = 256;

/// Every code a [`StrengthReport`] can carry (see [`crate::i18n`]).
pub const CODES: &[&str] = &[
    "strength.score.0",
    "strength.score.1",
    "strength.score.2",
    "strength.score.3",
    "strength.score.4",
    "strength.warning.straight_row",
    "strength.warning.short_keyboard_pattern",
    "strength.warning.repeated_characters",
    "strength.warning.repeated_pattern",
    "strength.warning.top10_password",
    "strength.warning.top100_password",
    "strength.warning.common_password",
    "strength.warning.similar_to_common_password",
    "strength.warning.sequence",
    "strength.warning.recent_year",
    "strength.warning.single_word",
    "strength.warning.date",
    "strength.warning.name_by_itself",
    "strength.warning.common_name",
    "strength.warning.contains_user_input",
    "strength.suggestion.use_few_words",
    "strength.suggestion.no_need_for_symbols",
    "strength.suggestion.add_another_word",
    "strength.suggestion.capitalization",
    "strength.suggestion.all_uppercase",
    "strength.suggestion.reversed_words",
    "strength.suggestion.predictable_substitutions",
    "strength.suggestion.longer_keyboard_pattern",
    "strength.suggestion.avoid_repeats",
    "strength.suggestion.avoid_sequences",
    "strength.suggestion.avoid_recent_years",
    "strength.suggestion.avoid_personal_years",
    "strength.suggestion.avoid_personal_dates",
    "strength.truncated.length",
    "strength.truncated.complexity",
    "strength.time.instant",
    "strength.time.second",
    "strength.time.seconds",
    "strength.time.minute",
    "strength.time.minutes",
    "strength.time.hour",
    "strength.time.hours",
    "strength.time.day",
    "strength.time.days",
    "strength.time.month",
    "strength.time.months",
    "strength.time.year",
    "strength.time.years",
    "strength.time.centuries",
];

/// What [`estimate`] needs besides the password.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrengthOptions {
    /// Words the user is known by — name, email, username, company… A password containing
    /// one of them is penalised exactly as zxcvbn does (a dictionary of rank 1, 2, …, in the
    /// order given; matched case-insensitively against whole inputs).
    pub user_inputs: Vec<String>,
    /// The language of the texts in the report.
    pub locale: Locale,
}

impl StrengthOptions {
    /// Options with these user inputs and the default locale (`en`).
    #[must_use]
    pub fn with_user_inputs<I, S>(inputs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        StrengthOptions {
            user_inputs: inputs.into_iter().map(Into::into).collect(),
            locale: Locale::En,
        }
    }

    /// The same options in another locale.
    #[must_use]
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = locale;
        self
    }
}

/// The options as JavaScript (or any JSON caller) sends them: `{ userInputs?, locale? }`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StrengthRequestOptions {
    /// See [`StrengthOptions::user_inputs`].
    #[serde(default)]
    pub user_inputs: Vec<String>,
    /// A BCP 47 tag (`en`, `zh-CN`); `en` when absent.
    #[serde(default)]
    pub locale: Option<String>,
}

impl TryFrom<StrengthRequestOptions> for StrengthOptions {
    type Error = StrengthError;

    fn try_from(request: StrengthRequestOptions) -> Result<Self, Self::Error> {
        let locale = match request.locale.as_deref() {
            None => Locale::En,
            Some(tag) => Locale::parse(tag).map_err(StrengthError::Locale)?,
        };
        Ok(StrengthOptions {
            user_inputs: request.user_inputs,
            locale,
        })
    }
}

/// Input that [`estimate`] refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StrengthError {
    /// The requested locale has no catalogue.
    Locale(LocaleError),
    /// The password is longer than [`MAX_PASSWORD_BYTES`].
    PasswordTooLong {
        /// Its length in bytes.
        bytes: usize,
    },
    /// More than [`MAX_USER_INPUTS`] user inputs.
    TooManyUserInputs {
        /// How many were given.
        count: usize,
    },
    /// One user input is longer than [`MAX_USER_INPUT_CHARS`].
    UserInputTooLong {
        /// Its position in `userInputs`.
        index: usize,
        /// Its length in characters.
        chars: usize,
    },
}

impl fmt::Display for StrengthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StrengthError::Locale(err) => err.fmt(f),
            StrengthError::PasswordTooLong { bytes } => write!(
                f,
                "password is {bytes} bytes long; at most {MAX_PASSWORD_BYTES} bytes are accepted"
            ),
            StrengthError::TooManyUserInputs { count } => write!(
                f,
                "{count} user inputs given; at most {MAX_USER_INPUTS} are accepted"
            ),
            StrengthError::UserInputTooLong { index, chars } => write!(
                f,
                "user input {index} is {chars} characters long; at most {MAX_USER_INPUT_CHARS} are accepted"
            ),
        }
    }
}

impl std::error::Error for StrengthError {}

impl crate::CodedError for StrengthError {
    fn code(&self) -> &'static str {
        match self {
            StrengthError::Locale(err) => err.code(),
            StrengthError::PasswordTooLong { .. } => "strength.password.too_long",
            StrengthError::TooManyUserInputs { .. } => "strength.user_inputs.too_many",
            StrengthError::UserInputTooLong { .. } => "strength.user_input.too_long",
        }
    }

    fn path(&self) -> String {
        match self {
            StrengthError::Locale(err) => err.path(),
            StrengthError::PasswordTooLong { .. } => "password".to_string(),
            StrengthError::TooManyUserInputs { .. } => "userInputs".to_string(),
            StrengthError::UserInputTooLong { index, .. } => format!("userInputs[{index}]"),
        }
    }
}

/// Does zxcvbn's one-time set-up (building its dictionaries, some tens of milliseconds) now,
/// so that the first [`estimate`] a user waits for is fast. Calling it again costs nothing.
pub fn prepare() {
    let _ = zxcvbn::zxcvbn("prepare", &[]);
}

/// Estimates how hard `password` is to guess.
///
/// The score and guesses are zxcvbn's for the evaluated characters (see the module
/// documentation for the two bounds); texts are in `options.locale`.
///
/// # Errors
/// [`StrengthError`] when the password or the user inputs exceed the documented limits.
/// A weak password is not an error: it is a report with a low score.
pub fn estimate(
    password: &str,
    options: &StrengthOptions,
) -> Result<StrengthReport, StrengthError> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(StrengthError::PasswordTooLong {
            bytes: password.len(),
        });
    }
    if options.user_inputs.len() > MAX_USER_INPUTS {
        return Err(StrengthError::TooManyUserInputs {
            count: options.user_inputs.len(),
        });
    }
    for (index, input) in options.user_inputs.iter().enumerate() {
        let chars = input.chars().count();
        if chars > MAX_USER_INPUT_CHARS {
            return Err(StrengthError::UserInputTooLong { index, chars });
        }
    }

    let plan = budget::plan(password);
    let evaluated: &str = budget::prefix(password, plan.evaluated_chars);
    let inputs: Vec<&str> = options
        .user_inputs
        .iter()
        .map(String::as_str)
        .filter(|input| !input.is_empty())
        .collect();
    let entropy = zxcvbn::zxcvbn(evaluated, &inputs);
    Ok(report::build(&entropy, &plan, options.locale))
}

#[cfg(test)]
mod tests;
