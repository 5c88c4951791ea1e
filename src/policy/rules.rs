//! One function per rule. Each takes the prepared candidate and its rule's settings and returns
//! a [`Verdict`]: passed, failed or pending (for the server), with a stable code and the
//! parameters its message needs.

use super::blocklist;
use super::candidate::Prepared;
use super::normalize::{edit_distance, readings};
use super::schema::{
    AllowedCharactersRule, BannedTermsRule, CharClass, CharacterClassesRule, CharacterSet,
    LengthRule, MinStrengthRule, NotSimilarToCurrentRule, PersonalInfoRule, RepetitionRule,
};
use serde_json::{Value, json};

/// How a rule came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// The password satisfies the rule.
    Passed,
    /// It does not.
    Failed,
    /// Only the server can decide (stored hashes, a breach service): never counted as passed.
    Pending,
}

/// A rule's outcome before localisation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Verdict {
    pub status: Status,
    pub code: &'static str,
    pub params: Value,
}

fn passed(code: &'static str, params: Value) -> Verdict {
    Verdict {
        status: Status::Passed,
        code,
        params,
    }
}

fn failed(code: &'static str, params: Value) -> Verdict {
    Verdict {
        status: Status::Failed,
        code,
        params,
    }
}

pub(crate) fn pending(code: &'static str, params: Value) -> Verdict {
    Verdict {
        status: Status::Pending,
        code,
        params,
    }
}

pub(crate) fn length(c: &Prepared, rule: &LengthRule) -> Verdict {
    let length = c.chars.len();
    let params = json!({ "min": rule.min, "max": rule.max, "length": length });
    if length < rule.min as usize {
        failed("password.length.too_short", params)
    } else if rule.max.is_some_and(|max| length > max as usize) {
        failed("password.length.too_long", params)
    } else {
        passed("password.length.ok", params)
    }
}

pub(crate) fn character_classes(c: &Prepared, rule: &CharacterClassesRule) -> Verdict {
    let present: Vec<CharClass> = CharClass::ALL
        .into_iter()
        .filter(|class| c.chars.iter().any(|&ch| CharClass::of(ch) == Some(*class)))
        .collect();
    let missing: Vec<&str> = rule
        .require
        .iter()
        .filter(|class| !present.contains(class))
        .map(|class| class.name())
        .collect();
    let found = present.len();
    let params = json!({
        "require": rule.require.iter().map(|class| class.name()).collect::<Vec<_>>(),
        "atLeast": rule.at_least,
        "found": found,
        "missing": missing,
    });
    if !missing.is_empty() {
        failed("password.classes.missing", params)
    } else if rule.at_least.is_some_and(|n| found < usize::from(n)) {
        failed("password.classes.too_few", params)
    } else {
        passed("password.classes.ok", params)
    }
}

pub(crate) fn min_strength(score: u8, rule: &MinStrengthRule) -> Verdict {
    let params = json!({ "score": score, "required": rule.score });
    if score < rule.score {
        failed("password.strength.too_weak", params)
    } else {
        passed("password.strength.ok", params)
    }
}

pub(crate) fn personal_info(c: &Prepared, rule: &PersonalInfoRule) -> Verdict {
    let min = rule.min_token_length as usize;
    let found = c.personal.iter().find(|item| {
        item.token.chars().count() >= min
            && c.readings.iter().any(|reading| {
                reading.contains(item.token.as_str()) || reading.contains(item.reversed.as_str())
            })
    });
    match found {
        Some(item) => failed(
            "password.personal_info.found",
            json!({ "field": item.field }),
        ),
        None => passed("password.personal_info.ok", json!({})),
    }
}

pub(crate) fn common_passwords(c: &Prepared) -> Verdict {
    let params = json!({ "listSize": blocklist::len() });
    if blocklist::contains(&c.folded) {
        failed("password.common.found", params)
    } else {
        passed("password.common.ok", params)
    }
}

/// Banned terms, in the spirit of Microsoft Entra password protection: the password is folded
/// and its substitutions undone; every banned term found (allowing one edit) scores 1 point,
/// every other character 1 point; a password containing a banned term needs `minPoints`.
pub(crate) fn banned_terms(c: &Prepared, rule: &BannedTermsRule, terms: &[Vec<char>]) -> Verdict {
    let mut worst: Option<(usize, String)> = None;
    for reading in &c.readings {
        let chars: Vec<char> = reading.chars().collect();
        let (points, first_term) = score_terms(&chars, terms);
        if let Some(term) = first_term {
            if worst.as_ref().is_none_or(|(p, _)| points < *p) {
                worst = Some((points, term));
            }
        }
    }
    match worst {
        Some((points, term)) if points < rule.min_points as usize => failed(
            "password.banned_terms.found",
            json!({ "term": term, "points": points, "minPoints": rule.min_points }),
        ),
        _ => passed(
            "password.banned_terms.ok",
            json!({ "minPoints": rule.min_points }),
        ),
    }
}

/// Scans left to right: at each position the longest banned term found there (within one
/// edit) is consumed for 1 point, otherwise one character is, for 1 point. Returns the points
/// and the first term found.
fn score_terms(chars: &[char], terms: &[Vec<char>]) -> (usize, Option<String>) {
    let mut points = 0;
    let mut first = None;
    let mut i = 0;
    while i < chars.len() {
        let rest = chars.get(i..).unwrap_or_default();
        let consumed = terms
            .iter()
            .filter_map(|term| fuzzy_prefix(rest, term).map(|len| (len, term)))
            .max_by_key(|(len, _)| *len);
        points += 1;
        match consumed {
            Some((len, term)) => {
                first.get_or_insert_with(|| term.iter().collect::<String>());
                i += len.max(1);
            }
            None => i += 1,
        }
    }
    (points, first)
}

/// The length of the prefix of `text` that matches `term` within one edit, if any: an exact
/// match first, then one character short, then one character long.
fn fuzzy_prefix(text: &[char], term: &[char]) -> Option<usize> {
    let n = term.len();
    let candidates = [n, n.saturating_sub(1), n + 1];
    let distance = |len: usize| edit_distance(text.get(..len).unwrap_or_default(), term);
    let usable = |&len: &usize| len > 0 && len <= text.len();
    candidates
        .into_iter()
        .filter(usable)
        .find(|&len| distance(len) == 0)
        .or_else(|| {
            candidates
                .into_iter()
                .filter(usable)
                .find(|&len| distance(len) == 1)
        })
}

pub(crate) fn repetition(c: &Prepared, rule: &RepetitionRule) -> Verdict {
    let repeated = longest_repeat(&c.folded_chars);
    let sequence = longest_sequence(&c.folded_chars);
    let params = json!({
        "maxRepeated": rule.max_repeated,
        "maxSequence": rule.max_sequence,
        "repeated": repeated,
        "sequence": sequence,
    });
    if rule.max_repeated.is_some_and(|max| repeated > max as usize) {
        failed("password.repetition.repeated", params)
    } else if rule.max_sequence.is_some_and(|max| sequence > max as usize) {
        failed("password.repetition.sequence", params)
    } else {
        passed("password.repetition.ok", params)
    }
}

fn longest_repeat(chars: &[char]) -> usize {
    let mut best = usize::from(!chars.is_empty());
    let mut run = 1;
    for pair in chars.windows(2) {
        if let [a, b] = pair {
            run = if a == b { run + 1 } else { 1 };
            best = best.max(run);
        }
    }
    best
}

/// Keyboard rows, read in both directions as sequences.
const ROWS: &[&str] = &["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

/// The longest run where each character follows the previous one by the same step: +1 or −1
/// code point (`abcd`, `4321`), or one key along a keyboard row (`qwer`, `lkjh`).
fn longest_sequence(chars: &[char]) -> usize {
    let code_point = |a: char, b: char| match b as i64 - a as i64 {
        delta @ (1 | -1) => Some(delta),
        _ => None,
    };
    let keyboard = |a: char, b: char| {
        ROWS.iter().find_map(|row| {
            let ia = row.chars().position(|c| c == a)? as i64;
            let ib = row.chars().position(|c| c == b)? as i64;
            match ib - ia {
                delta @ (1 | -1) => Some(delta),
                _ => None,
            }
        })
    };
    longest_run(chars, code_point).max(longest_run(chars, keyboard))
}

/// The longest run of characters where `step` gives the same direction between neighbours.
fn longest_run(chars: &[char], step: impl Fn(char, char) -> Option<i64>) -> usize {
    let mut best = usize::from(!chars.is_empty());
    let mut run = 1;
    let mut direction = None;
    for pair in chars.windows(2) {
        if let [a, b] = pair {
            match step(*a, *b) {
                Some(d) if direction == Some(d) => run += 1,
                Some(d) => {
                    run = 2;
                    direction = Some(d);
                }
                None => {
                    run = 1;
                    direction = None;
                }
            }
            best = best.max(run);
        }
    }
    best
}

pub(crate) fn not_similar_to_current(c: &Prepared, rule: &NotSimilarToCurrentRule) -> Verdict {
    let Some(current) = &c.current_folded else {
        return passed("password.current.not_applicable", json!({}));
    };
    let current: Vec<char> = current.chars().collect();
    let distance = edit_distance(&c.folded_chars, &current);
    let params = json!({ "distance": distance, "minDistance": rule.min_distance });
    if distance == 0 {
        failed("password.current.same", params)
    } else if distance < rule.min_distance as usize {
        failed("password.current.too_similar", params)
    } else {
        passed("password.current.ok", params)
    }
}

pub(crate) fn pattern(
    c: &Prepared,
    must_match: Option<&regex::Regex>,
    must_not_match: Option<&regex::Regex>,
    description: Option<&str>,
) -> Verdict {
    let params = json!({ "description": description.unwrap_or_default() });
    if must_match.is_some_and(|re| !re.is_match(&c.nfkc)) {
        failed("password.pattern.not_matched", params)
    } else if must_not_match.is_some_and(|re| re.is_match(&c.nfkc)) {
        failed("password.pattern.forbidden", params)
    } else {
        passed("password.pattern.ok", params)
    }
}

pub(crate) fn allowed_characters(c: &Prepared, rule: &AllowedCharactersRule) -> Verdict {
    let allowed = |ch: char| match rule.set {
        CharacterSet::AnyPrintable => !ch.is_control(),
        CharacterSet::AsciiPrintable => (' '..='~').contains(&ch),
    };
    let params = |ch: Option<(usize, char)>| {
        json!({
            "set": serde_json::to_value(rule.set).unwrap_or(Value::Null),
            "character": ch.map(|(_, c)| format!("U+{:04X}", c as u32)),
            "position": ch.map(|(i, _)| i + 1),
        })
    };
    match c
        .chars
        .iter()
        .copied()
        .enumerate()
        .find(|(_, ch)| !allowed(*ch))
    {
        Some(found) => failed("password.characters.disallowed", params(Some(found))),
        None => passed("password.characters.ok", params(None)),
    }
}

/// A banned term as [`banned_terms`] compares it: folded, substitutions undone (first reading).
pub(crate) fn prepare_term(term: &str) -> Vec<char> {
    let folded = super::normalize::folded(term);
    readings(&folded)
        .into_iter()
        .nth(1)
        .unwrap_or(folded)
        .chars()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn runs_of_one_character() {
        assert_eq!(longest_repeat(&chars("")), 0);
        assert_eq!(longest_repeat(&chars("a")), 1);
        assert_eq!(longest_repeat(&chars("abbbcdd")), 3);
        assert_eq!(longest_repeat(&chars("😀😀😀😀")), 4);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn sequences_and_keyboard_rows_both_ways() {
        assert_eq!(longest_sequence(&chars("xabcdx")), 4);
        assert_eq!(longest_sequence(&chars("98765")), 5);
        assert_eq!(longest_sequence(&chars("zqwertz")), 5);
        assert_eq!(longest_sequence(&chars("lkjh")), 4);
        assert_eq!(longest_sequence(&chars("abab")), 2);
        assert_eq!(longest_sequence(&chars("aceg")), 1);
        assert_eq!(longest_sequence(&chars("")), 0);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn banned_terms_score_like_entra() {
        let terms = vec![chars("contoso"), chars("spring")];
        // "contoso" found (1 point) + "1" (1 point) = 2 points.
        assert_eq!(
            score_terms(&chars("contoso1"), &terms),
            (2, Some("contoso".into()))
        );
        // One edit away still counts as the term.
        assert_eq!(
            score_terms(&chars("kontoso"), &terms).1,
            Some("contoso".into())
        );
        // Two terms and three other characters: 5 points.
        assert_eq!(score_terms(&chars("springcontosoabc"), &terms).0, 5);
        // No term: every character a point, and no term reported.
        assert_eq!(score_terms(&chars("horse"), &terms), (5, None));
    }
}
