//! A review of the policy document itself: contradictions are errors, departures from
//! NIST SP 800-63B-4 and OWASP ASVS 5.0 are warnings naming the section, and notes on what only
//! the server can do are infos.

use super::report::kind;
use super::schema::{CharacterSet, PasswordPolicyDocument, Rule};
use crate::i18n::Locale;
use serde::Serialize;

/// Banned terms shorter than this are ignored when checking (and reported as errors here).
pub(crate) const MIN_BANNED_TERM_CHARS: usize = 4;

/// NIST SP 800-63B-4 §3.2.2: no more than 100 consecutive failed attempts.
const NIST_MAX_FAILURES: u32 = 100;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The document contradicts itself or cannot be satisfied.
    Error,
    /// The document departs from a standard; customers may still want it.
    Warning,
    /// Worth knowing.
    Info,
}

/// One remark about a policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable code, e.g. `lint.composition_rules`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Where in the document, e.g. `rules[1]`.
    pub path: String,
    /// What is wrong, localized.
    pub message: String,
    /// The standard and section, e.g. `NIST SP 800-63B-4 §3.1.1.2`, when one applies.
    pub reference: Option<&'static str>,
}

const NIST_PASSWORDS: &str = "NIST SP 800-63B-4 §3.1.1.2";
const NIST_THROTTLING: &str = "NIST SP 800-63B-4 §3.2.2";
const ASVS_COMPOSITION: &str = "OWASP ASVS 5.0.0 6.2.5; NIST SP 800-63B-4 §3.1.1.2";
const ASVS_ROTATION: &str = "OWASP ASVS 5.0.0 6.2.10; NIST SP 800-63B-4 §3.1.1.2";
const ASVS_MAX_LENGTH: &str = "OWASP ASVS 5.0.0 6.2.9; NIST SP 800-63B-4 §3.1.1.2";
const ASVS_BLOCKLIST: &str = "OWASP ASVS 5.0.0 6.2.4; NIST SP 800-63B-4 §3.1.1.2";
const ASVS_MIN_LENGTH: &str = "OWASP ASVS 5.0.0 6.2.1; NIST SP 800-63B-4 §3.1.1.2";

struct Lint<'a> {
    locale: Locale,
    findings: Vec<Finding>,
    document: &'a PasswordPolicyDocument,
}

impl Lint<'_> {
    fn add(
        &mut self,
        severity: Severity,
        code: &'static str,
        path: String,
        reference: Option<&'static str>,
        args: &[(&str, String)],
    ) {
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.findings.push(Finding {
            code,
            severity,
            path,
            message: self.locale.text(code, &args),
            reference,
        });
    }
}

pub(super) fn lint(document: &PasswordPolicyDocument, locale: Locale) -> Vec<Finding> {
    let mut lint = Lint {
        locale,
        findings: Vec::new(),
        document,
    };
    rules(&mut lint);
    account(&mut lint);
    lint.findings.sort_by_key(|f| f.severity);
    lint.findings
}

fn rules(lint: &mut Lint<'_>) {
    use Severity::{Error, Info, Warning};
    let document = lint.document;
    let mut seen: Vec<&str> = Vec::new();
    let mut min_length = 0;
    let mut max_length = None;
    let mut has_blocklist = false;
    for (index, rule) in document.rules.iter().enumerate() {
        let path = format!("rules[{index}]");
        let name = kind(rule);
        if seen.contains(&name) && !matches!(rule, Rule::Pattern(_) | Rule::BannedTerms(_)) {
            lint.add(
                Warning,
                "lint.duplicate_rule",
                path.clone(),
                None,
                &[("rule", name.into())],
            );
        }
        seen.push(name);
        match rule {
            Rule::Length(r) => {
                min_length = min_length.max(r.min);
                max_length = match (max_length, r.max) {
                    (Some(a), Some(b)) => Some(u32::min(a, b)),
                    (a, b) => a.or(b),
                };
                if let Some(max) = r.max {
                    if r.min > max {
                        lint.add(
                            Error,
                            "lint.length.min_above_max",
                            format!("{path}.min"),
                            None,
                            &[("min", r.min.to_string()), ("max", max.to_string())],
                        );
                    }
                    if max < 64 {
                        lint.add(
                            Warning,
                            "lint.length.max_below_64",
                            format!("{path}.max"),
                            Some(ASVS_MAX_LENGTH),
                            &[("max", max.to_string())],
                        );
                    }
                }
                if r.min < 8 {
                    lint.add(
                        Warning,
                        "lint.length.min_below_8",
                        format!("{path}.min"),
                        Some(ASVS_MIN_LENGTH),
                        &[("min", r.min.to_string())],
                    );
                } else if r.min < 15 && !document.mfa.as_ref().is_some_and(|m| m.required_for_all) {
                    lint.add(
                        Info,
                        "lint.length.min_below_15",
                        format!("{path}.min"),
                        Some(NIST_PASSWORDS),
                        &[("min", r.min.to_string())],
                    );
                }
            }
            Rule::CharacterClasses(r) => {
                lint.add(
                    Warning,
                    "lint.composition_rules",
                    path.clone(),
                    Some(ASVS_COMPOSITION),
                    &[],
                );
                if r.at_least.is_some_and(|n| n > 4) {
                    lint.add(
                        Error,
                        "lint.classes.impossible",
                        format!("{path}.atLeast"),
                        None,
                        &[("atLeast", r.at_least.unwrap_or_default().to_string())],
                    );
                }
                let needed = r
                    .require
                    .len()
                    .max(usize::from(r.at_least.unwrap_or_default()));
                if max_length.is_some_and(|max| (max as usize) < needed) {
                    lint.add(
                        Error,
                        "lint.classes.longer_than_max",
                        path.clone(),
                        None,
                        &[
                            ("needed", needed.to_string()),
                            ("max", max_length.unwrap_or_default().to_string()),
                        ],
                    );
                }
            }
            Rule::MinStrength(r) if r.score > 4 => {
                lint.add(
                    Error,
                    "lint.strength.out_of_range",
                    format!("{path}.score"),
                    None,
                    &[("score", r.score.to_string())],
                );
            }
            Rule::CommonPasswords(_) => has_blocklist = true,
            Rule::BannedTerms(r) => {
                for (i, term) in r.terms.iter().enumerate() {
                    if term.chars().count() < MIN_BANNED_TERM_CHARS {
                        lint.add(
                            Error,
                            "lint.banned_term.too_short",
                            format!("{path}.terms[{i}]"),
                            None,
                            &[("term", term.clone())],
                        );
                    }
                }
            }
            Rule::Pattern(r) => {
                if r.must_match.is_none() && r.must_not_match.is_none() {
                    lint.add(Warning, "lint.pattern.empty", path.clone(), None, &[]);
                } else if r.must_match.is_some() {
                    lint.add(
                        Warning,
                        "lint.composition_rules",
                        path.clone(),
                        Some(ASVS_COMPOSITION),
                        &[],
                    );
                }
            }
            Rule::AllowedCharacters(r) if r.set == CharacterSet::AsciiPrintable => {
                lint.add(
                    Warning,
                    "lint.ascii_only",
                    format!("{path}.set"),
                    Some(NIST_PASSWORDS),
                    &[],
                );
            }
            Rule::History(r) => {
                if r.remember == 0 {
                    lint.add(
                        Warning,
                        "lint.history.zero",
                        format!("{path}.remember"),
                        None,
                        &[],
                    );
                }
                lint.add(
                    Info,
                    "lint.server_only",
                    path.clone(),
                    None,
                    &[("rule", name.into())],
                );
            }
            Rule::Breached(_) => {
                lint.add(
                    Info,
                    "lint.server_only",
                    path.clone(),
                    None,
                    &[("rule", name.into())],
                );
            }
            _ => {}
        }
    }
    if !has_blocklist {
        lint.add(
            Warning,
            "lint.no_blocklist",
            "rules".into(),
            Some(ASVS_BLOCKLIST),
            &[],
        );
    }
    if !seen.contains(&"length") {
        lint.add(
            Warning,
            "lint.no_length_rule",
            "rules".into(),
            Some(ASVS_MIN_LENGTH),
            &[],
        );
    }
}

fn account(lint: &mut Lint<'_>) {
    use Severity::{Error, Info, Warning};
    let document = lint.document;
    if let Some(expiry) = &document.expiry {
        if let Some(max_age) = expiry.max_age_days {
            lint.add(
                Warning,
                "lint.expiry.rotation",
                "expiry.maxAgeDays".into(),
                Some(ASVS_ROTATION),
                &[("days", max_age.to_string())],
            );
            if max_age == 0 {
                lint.add(
                    Error,
                    "lint.expiry.zero",
                    "expiry.maxAgeDays".into(),
                    None,
                    &[],
                );
            }
            if expiry.warn_days >= max_age && max_age > 0 {
                lint.add(
                    Error,
                    "lint.expiry.warn_covers_age",
                    "expiry.warnDays".into(),
                    None,
                    &[
                        ("warn", expiry.warn_days.to_string()),
                        ("days", max_age.to_string()),
                    ],
                );
            }
            if expiry.min_age_days >= max_age && max_age > 0 {
                lint.add(
                    Error,
                    "lint.expiry.min_age_covers_age",
                    "expiry.minAgeDays".into(),
                    None,
                    &[
                        ("minAge", expiry.min_age_days.to_string()),
                        ("days", max_age.to_string()),
                    ],
                );
            }
        }
    }
    match &document.lockout {
        Some(lockout) if lockout.max_failures == 0 => {
            lint.add(
                Error,
                "lint.lockout.zero",
                "lockout.maxFailures".into(),
                None,
                &[],
            );
        }
        Some(lockout) if lockout.max_failures > NIST_MAX_FAILURES => {
            lint.add(
                Error,
                "lint.lockout.above_nist",
                "lockout.maxFailures".into(),
                Some(NIST_THROTTLING),
                &[("max", lockout.max_failures.to_string())],
            );
        }
        Some(_) => {}
        None => lint.add(
            Info,
            "lint.lockout.none",
            "lockout".into(),
            Some(NIST_THROTTLING),
            &[],
        ),
    }
}

/// Every code `lint` can emit (for the catalogue test).
pub(crate) const CODES: &[&str] = &[
    "lint.duplicate_rule",
    "lint.length.min_above_max",
    "lint.length.max_below_64",
    "lint.length.min_below_8",
    "lint.length.min_below_15",
    "lint.composition_rules",
    "lint.classes.impossible",
    "lint.classes.longer_than_max",
    "lint.strength.out_of_range",
    "lint.banned_term.too_short",
    "lint.pattern.empty",
    "lint.ascii_only",
    "lint.history.zero",
    "lint.server_only",
    "lint.no_blocklist",
    "lint.no_length_rule",
    "lint.expiry.rotation",
    "lint.expiry.zero",
    "lint.expiry.warn_covers_age",
    "lint.expiry.min_age_covers_age",
    "lint.lockout.zero",
    "lint.lockout.above_nist",
    "lint.lockout.none",
];
