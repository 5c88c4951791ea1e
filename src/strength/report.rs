//! The [`StrengthReport`] and its parts: our own types, built from zxcvbn's result.

use super::budget::{Cut, Plan};
use super::feedback::{suggestion_code, warning_code};
use crate::i18n::{Locale, Message};
use serde::Serialize;
use zxcvbn::matching::patterns::MatchPattern;
use zxcvbn::time_estimates::CrackTimeSeconds;

/// How hard a password is to guess, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StrengthReport {
    /// 0 (guessable in under 10³ tries) … 4 (more than 10¹⁰ tries), zxcvbn's scale.
    pub score: u8,
    /// A short name for the score (`strength.score.N`), for a meter's caption.
    pub score_label: Message,
    /// log10 of the estimated number of guesses. The estimate saturates at 2⁶⁴
    /// (`guessesLog10` ≈ 19.27); 0 for the empty password.
    pub guesses_log10: f64,
    /// Time to crack in four attack scenarios.
    pub crack_times: CrackTimes,
    /// What is wrong and what would help. zxcvbn gives advice for scores 0–2 only.
    pub feedback: Feedback,
    /// The patterns the estimate is based on, in password order, covering the evaluated
    /// characters.
    pub sequence: Vec<PatternMatch>,
    /// Characters (Unicode scalar values) that were evaluated: a prefix of the password.
    pub evaluated_chars: usize,
    /// Characters in the password.
    pub total_chars: usize,
    /// Whether `evaluated_chars < total_chars`. When it is, the score describes the first
    /// `evaluated_chars` characters and the rest is not credited.
    pub truncated: bool,
    /// Why the password was not evaluated whole (`strength.truncated.length` or
    /// `strength.truncated.complexity`), or `None`.
    pub truncation: Option<Message>,
    /// The locale of every text in the report.
    pub locale: &'static str,
}

/// Estimated time to crack the password in four scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CrackTimes {
    /// An online attack against a service that limits attempts (100 per hour).
    pub online_throttling_100_per_hour: CrackTime,
    /// An online attack against a service that does not (10 per second).
    pub online_no_throttling_10_per_second: CrackTime,
    /// An offline attack on a slow hash such as bcrypt or Argon2 (10⁴ per second).
    pub offline_slow_hashing_1e4_per_second: CrackTime,
    /// An offline attack on a fast hash with many GPUs (10¹⁰ per second).
    pub offline_fast_hashing_1e10_per_second: CrackTime,
}

/// One crack-time estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CrackTime {
    /// Seconds.
    pub seconds: f64,
    /// The same, for people (`3 hours`, `centuries`), localized.
    pub display: String,
}

/// Advice: an optional warning and a list of suggestions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Feedback {
    /// What is wrong, if anything specific is.
    pub warning: Option<Message>,
    /// What would help, most important first.
    pub suggestions: Vec<Message>,
}

/// The kind of a matched pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PatternKind {
    /// A word of one of the dictionaries (possibly reversed or with l33t substitutions).
    Dictionary,
    /// Keys next to each other on a keyboard (`qwerty`, `zxcvbn`).
    Spatial,
    /// A repeated character or group (`aaa`, `abcabc`).
    Repeat,
    /// A run of consecutive characters (`abcd`, `9753`).
    Sequence,
    /// A recognised format such as a recent year.
    Regex,
    /// A date (`13.05.1991`, `1991-05-13`).
    Date,
    /// Anything else, counted as random characters.
    Bruteforce,
}

/// Which dictionary a word was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DictionaryName {
    /// Common passwords.
    Passwords,
    /// Common English words.
    English,
    /// Common female first names.
    FemaleNames,
    /// Common male first names.
    MaleNames,
    /// Common surnames.
    Surnames,
    /// Words from TV and film.
    TvAndFilm,
    /// The caller's user inputs (name, email, username…).
    UserInputs,
    /// A dictionary added by a later estimator version.
    Other,
}

/// One pattern of the password, as the estimate saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatternMatch {
    /// What kind of pattern.
    pub kind: PatternKind,
    /// The characters matched.
    pub token: String,
    /// Index of the first character (in characters, not bytes).
    pub start: usize,
    /// Index one past the last character.
    pub end: usize,
    /// log10 of the guesses this part alone needs.
    pub guesses_log10: f64,
    /// The dictionary, for `dictionary` matches.
    pub dictionary: Option<DictionaryName>,
    /// The word's rank in its dictionary (1 = most common), for `dictionary` matches.
    pub rank: Option<usize>,
    /// Whether the word was found reversed.
    pub reversed: bool,
    /// Whether the word was found after undoing l33t substitutions (`p@ssw0rd`).
    pub l33t: bool,
}

/// log10 of a guess count, bit for bit the same natively and in wasm (see `libm` in
/// Cargo.toml); 0 for 0 or 1 guess.
fn log10_of(guesses: u64) -> f64 {
    libm::log10(guesses.max(1) as f64)
}

pub(super) fn build(entropy: &zxcvbn::Entropy, plan: &Plan, locale: Locale) -> StrengthReport {
    let score = u8::from(entropy.score());
    let guesses_log10 = log10_of(entropy.guesses());
    let sequence: Vec<PatternMatch> = entropy.sequence().iter().map(pattern).collect();
    let feedback = feedback(entropy, &sequence, locale);
    let truncation = plan.cut.map(|cut| {
        let code = match cut {
            Cut::Length => "strength.truncated.length",
            Cut::Complexity => "strength.truncated.complexity",
        };
        let evaluated = plan.evaluated_chars.to_string();
        let total = plan.total_chars.to_string();
        locale.message(code, &[("evaluated", &evaluated), ("total", &total)])
    });
    let times = entropy.crack_times();
    StrengthReport {
        score,
        score_label: locale.message(score_code(score), &[]),
        guesses_log10,
        crack_times: CrackTimes {
            online_throttling_100_per_hour: crack_time(
                times.online_throttling_100_per_hour(),
                locale,
            ),
            online_no_throttling_10_per_second: crack_time(
                times.online_no_throttling_10_per_second(),
                locale,
            ),
            offline_slow_hashing_1e4_per_second: crack_time(
                times.offline_slow_hashing_1e4_per_second(),
                locale,
            ),
            offline_fast_hashing_1e10_per_second: crack_time(
                times.offline_fast_hashing_1e10_per_second(),
                locale,
            ),
        },
        feedback,
        sequence,
        evaluated_chars: plan.evaluated_chars,
        total_chars: plan.total_chars,
        truncated: plan.cut.is_some(),
        truncation,
        locale: locale.tag(),
    }
}

fn score_code(score: u8) -> &'static str {
    match score {
        0 => "strength.score.0",
        1 => "strength.score.1",
        2 => "strength.score.2",
        3 => "strength.score.3",
        _ => "strength.score.4",
    }
}

fn feedback(entropy: &zxcvbn::Entropy, sequence: &[PatternMatch], locale: Locale) -> Feedback {
    let Some(advice) = entropy.feedback() else {
        return Feedback {
            warning: None,
            suggestions: Vec::new(),
        };
    };
    let contains_user_input = sequence
        .iter()
        .any(|m| m.dictionary == Some(DictionaryName::UserInputs));
    let warning = match advice.warning() {
        Some(warning) => Some(warning_code(warning)),
        None if contains_user_input => Some("strength.warning.contains_user_input"),
        None => None,
    };
    Feedback {
        warning: warning.map(|code| locale.message(code, &[])),
        suggestions: advice
            .suggestions()
            .iter()
            .map(|&s| locale.message(suggestion_code(s), &[]))
            .collect(),
    }
}

fn pattern(m: &zxcvbn::Match) -> PatternMatch {
    let guesses_log10 = m.guesses.map_or(0.0, log10_of);
    let mut out = PatternMatch {
        kind: PatternKind::Bruteforce,
        token: m.token.clone(),
        start: m.i,
        end: m.j + 1,
        guesses_log10,
        dictionary: None,
        rank: None,
        reversed: false,
        l33t: false,
    };
    out.kind = match &m.pattern {
        MatchPattern::Dictionary(d) => {
            out.dictionary = Some(dictionary_name(&format!("{:?}", d.dictionary_name)));
            out.rank = Some(d.rank);
            out.reversed = d.reversed;
            out.l33t = d.l33t;
            PatternKind::Dictionary
        }
        MatchPattern::Spatial(_) => PatternKind::Spatial,
        MatchPattern::Repeat(_) => PatternKind::Repeat,
        MatchPattern::Sequence(_) => PatternKind::Sequence,
        MatchPattern::Regex(_) => PatternKind::Regex,
        MatchPattern::Date(_) => PatternKind::Date,
        MatchPattern::BruteForce => PatternKind::Bruteforce,
    };
    out
}

/// zxcvbn does not export its dictionary enum by a nameable path, only its `Debug` form.
fn dictionary_name(debug: &str) -> DictionaryName {
    match debug {
        "Passwords" => DictionaryName::Passwords,
        "English" => DictionaryName::English,
        "FemaleNames" => DictionaryName::FemaleNames,
        "MaleNames" => DictionaryName::MaleNames,
        "Surnames" => DictionaryName::Surnames,
        "UsTvAndFilm" => DictionaryName::TvAndFilm,
        "UserInputs" => DictionaryName::UserInputs,
        _ => DictionaryName::Other,
    }
}

fn crack_time(time: CrackTimeSeconds, locale: Locale) -> CrackTime {
    let seconds = match time {
        CrackTimeSeconds::Integer(s) => s as f64,
        CrackTimeSeconds::Float(s) => s,
    };
    CrackTime {
        seconds,
        display: display_duration(seconds, locale),
    }
}

/// `seconds` for people, on zxcvbn's scale (a month is 31 days, a year 12 months).
pub(super) fn display_duration(seconds: f64, locale: Locale) -> String {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = MINUTE * 60.0;
    const DAY: f64 = HOUR * 24.0;
    const MONTH: f64 = DAY * 31.0;
    const YEAR: f64 = MONTH * 12.0;
    const CENTURY: f64 = YEAR * 100.0;
    let units: [(f64, f64, &str, &str); 6] = [
        (MINUTE, 1.0, "strength.time.second", "strength.time.seconds"),
        (
            HOUR,
            MINUTE,
            "strength.time.minute",
            "strength.time.minutes",
        ),
        (DAY, HOUR, "strength.time.hour", "strength.time.hours"),
        (MONTH, DAY, "strength.time.day", "strength.time.days"),
        (YEAR, MONTH, "strength.time.month", "strength.time.months"),
        (CENTURY, YEAR, "strength.time.year", "strength.time.years"),
    ];
    if seconds.is_nan() || seconds < 1.0 {
        return locale.text("strength.time.instant", &[]);
    }
    for (limit, unit, one, many) in units {
        if seconds < limit {
            let n = (seconds / unit).floor() as u64;
            let code = if n == 1 { one } else { many };
            return locale.text(code, &[("n", &n.to_string())]);
        }
    }
    locale.text("strength.time.centuries", &[])
}
