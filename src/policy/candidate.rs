//! What is checked: the password and what is known about its owner, and its prepared
//! (normalised) form that every rule reads.

use super::PolicyError;
use super::normalize::{folded, nfkc, readings};
use serde::Deserialize;

/// Longest password accepted by `check`, in bytes of UTF-8 (a policy's own maximum is a rule;
/// this limit only keeps a single call cheap).
pub const MAX_CANDIDATE_BYTES: usize = 4096;

/// A password to check, with what is known about its owner. Every field but the password is
/// optional; the personal-information rule searches for the ones given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Candidate {
    /// The proposed password.
    pub password: String,
    /// The account's username.
    #[serde(default)]
    pub username: Option<String>,
    /// The account's email address (its local part is searched for).
    #[serde(default)]
    pub email: Option<String>,
    /// The person's name as displayed (each part is searched for).
    #[serde(default)]
    pub display_name: Option<String>,
    /// Date of birth, `YYYY-MM-DD` (searched for in its usual numeric forms).
    #[serde(default)]
    pub birth_date: Option<String>,
    /// Phone number, any formatting (its digits are searched for).
    #[serde(default)]
    pub phone: Option<String>,
    /// On a change form: the password being replaced.
    #[serde(default)]
    pub current_password: Option<String>,
}

impl Candidate {
    /// A candidate with just a password.
    #[must_use]
    pub fn password(password: impl Into<String>) -> Self {
        Candidate {
            password: password.into(),
            ..Candidate::default()
        }
    }

    /// The words the strength estimate penalises for this candidate — the username and its
    /// parts, the email's local part and its parts, the name's parts (folded, each once, at
    /// least 3 characters) — exactly as [`super::PasswordPolicy::check`] passes them to zxcvbn.
    /// A page that estimates strength separately (in a worker) passes these as `userInputs`,
    /// so that its meter and the `minStrength` rule agree.
    ///
    /// # Errors
    /// [`PolicyError`] for a malformed birth date or an over-long password, as `check`.
    pub fn user_inputs(&self) -> Result<Vec<String>, PolicyError> {
        Prepared::new(self).map(|prepared| prepared.user_inputs)
    }
}

/// User inputs shorter than this are not given to the strength estimator: a one-letter "word"
/// would make every password containing that letter look guessable.
const MIN_USER_INPUT_CHARS: usize = 3;

/// One piece of personal information to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PersonalToken {
    /// `username`, `email`, `name`, `birthDate` or `phone`.
    pub field: &'static str,
    pub token: String,
    pub reversed: String,
}

/// The candidate, normalised once for all rules.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// The password after NFKC.
    pub nfkc: String,
    /// Its code points.
    pub chars: Vec<char>,
    /// NFKC, lower case.
    pub folded: String,
    pub folded_chars: Vec<char>,
    /// The folded password and its readings with substitutions undone.
    pub readings: Vec<String>,
    pub personal: Vec<PersonalToken>,
    pub current_folded: Option<String>,
    /// Words to hand to the strength estimator as user inputs.
    pub user_inputs: Vec<String>,
}

impl Prepared {
    pub(crate) fn new(candidate: &Candidate) -> Result<Prepared, PolicyError> {
        if candidate.password.len() > MAX_CANDIDATE_BYTES {
            return Err(PolicyError::CandidateTooLong {
                bytes: candidate.password.len(),
            });
        }
        let nfkc = nfkc(&candidate.password);
        let folded = folded(&candidate.password);
        let mut personal = Vec::new();
        let mut user_inputs = Vec::new();
        let mut add = |field: &'static str, token: String| {
            if token.is_empty() || personal.iter().any(|p: &PersonalToken| p.token == token) {
                return;
            }
            if field != "birthDate"
                && field != "phone"
                && token.chars().count() >= MIN_USER_INPUT_CHARS
                && user_inputs.len() < 32
            {
                user_inputs.push(token.chars().take(256).collect());
            }
            personal.push(PersonalToken {
                field,
                reversed: token.chars().rev().collect(),
                token,
            });
        };
        if let Some(username) = &candidate.username {
            let username = folded_field(username);
            for part in words(&username) {
                add("username", part);
            }
            add("username", username);
        }
        if let Some(email) = &candidate.email {
            let email = folded_field(email);
            let local = email.split('@').next().unwrap_or_default().to_string();
            for part in words(&local) {
                add("email", part);
            }
            add("email", local);
        }
        if let Some(name) = &candidate.display_name {
            for part in words(&folded_field(name)) {
                add("name", part);
            }
        }
        if let Some(date) = &candidate.birth_date {
            for form in date_forms(date)? {
                add("birthDate", form);
            }
        }
        if let Some(phone) = &candidate.phone {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 7 {
                let tail: String = digits.chars().skip(digits.len() - 7).collect();
                add("phone", digits);
                add("phone", tail);
            }
        }
        let current_folded = match &candidate.current_password {
            Some(current) if current.len() > MAX_CANDIDATE_BYTES => {
                return Err(PolicyError::CandidateTooLong {
                    bytes: current.len(),
                });
            }
            Some(current) => Some(folded_field(current)),
            None => None,
        };
        Ok(Prepared {
            chars: nfkc.chars().collect(),
            folded_chars: folded.chars().collect(),
            readings: readings(&folded),
            nfkc,
            folded,
            personal,
            current_folded,
            user_inputs,
        })
    }
}

fn folded_field(text: &str) -> String {
    folded(text.trim())
}

/// The alphanumeric runs of `text`.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The numeric forms of a `YYYY-MM-DD` birth date that people put in passwords.
fn date_forms(date: &str) -> Result<Vec<String>, PolicyError> {
    let invalid = || PolicyError::Candidate {
        path: "birthDate".into(),
        message: format!("birth date `{date}` is not a valid YYYY-MM-DD date"),
    };
    let parts: Vec<&str> = date.trim().split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(invalid());
    };
    let digits = |s: &str, len: usize| s.len() == len && s.chars().all(|c| c.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return Err(invalid());
    }
    let month: u32 = m.parse().map_err(|_| invalid())?;
    let day: u32 = d.parse().map_err(|_| invalid())?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(invalid());
    }
    let yy = y.get(2..).unwrap_or_default();
    Ok(vec![
        format!("{y}{m}{d}"),
        format!("{d}{m}{y}"),
        format!("{m}{d}{y}"),
        format!("{yy}{m}{d}"),
        format!("{d}{m}{yy}"),
        format!("{m}{d}{yy}"),
        format!("{d}{m}"),
        format!("{m}{d}"),
        (*y).to_string(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn birth_dates_give_their_usual_forms_and_bad_ones_are_errors() {
        let forms = date_forms("1987-05-13").unwrap_or_default();
        for form in [
            "19870513", "13051987", "05131987", "870513", "130587", "1305", "0513", "1987",
        ] {
            assert!(forms.iter().any(|f| f == form), "{form}");
        }
        for bad in ["1987-13-01", "87-05-13", "1987/05/13", "1987-5-13", ""] {
            assert!(date_forms(bad).is_err(), "{bad}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn personal_tokens_come_from_every_field() {
        let candidate = Candidate {
            password: "x".into(),
            username: Some("J.Wick_77".into()),
            email: Some("Jonathan.Wick+news@example.com".into()),
            display_name: Some("Jonathan  Wick".into()),
            phone: Some("+1 (555) 010-9999".into()),
            ..Candidate::default()
        };
        let prepared = Prepared::new(&candidate).ok();
        let tokens: Vec<(&str, String)> = prepared
            .map(|p| p.personal.into_iter().map(|t| (t.field, t.token)).collect())
            .unwrap_or_default();
        for (field, token) in [
            ("username", "wick"),
            ("username", "j.wick_77"),
            ("email", "jonathan"),
            ("email", "news"),
            ("phone", "15550109999"),
            ("phone", "5550109999".get(3..).unwrap_or_default()),
        ] {
            assert!(
                tokens.contains(&(field, token.to_string())),
                "{field} {token}: {tokens:?}"
            );
        }
    }
}
