//! The [`PolicyReport`]: every rule's verdict, localized.

use super::rules::{Status, Verdict};
use super::schema::{PasswordPolicyDocument, Rule};
use crate::i18n::Locale;
use crate::strength::StrengthReport;
use serde::Serialize;
use serde_json::Value;

/// The outcome of checking one password against a policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyReport {
    /// True when every rule passed. Pending rules (decided by the server) make it false:
    /// the browser can never declare a password accepted on its own.
    pub ok: bool,
    /// True when no rule failed: every rule passed or waits for the server.
    pub ok_so_far: bool,
    /// Every rule, in document order.
    pub rules: Vec<RuleResult>,
    /// The codes of the failed rules, in document order.
    pub failed: Vec<&'static str>,
    /// The codes of the rules only the server can decide.
    pub pending: Vec<&'static str>,
    /// The strength estimate, when requested or needed by a `minStrength` rule.
    pub strength: Option<StrengthReport>,
    /// The fingerprint of the policy that produced this report.
    pub fingerprint: String,
    /// The language of every message.
    pub locale: &'static str,
}

/// One rule's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleResult {
    /// The rule's kind, as in the document (`length`, `characterClasses`, …).
    pub rule: &'static str,
    /// Passed, failed, or pending (for the server).
    pub status: Status,
    /// `status == passed`.
    pub ok: bool,
    /// The stable verdict code, e.g. `password.length.too_short`.
    pub code: &'static str,
    /// The requirement and, on failure, what is wrong, localized.
    pub message: String,
    /// The values the message is built from (limits, what was found).
    pub params: Value,
}

/// What the server found for a rule only it can decide (see [`PolicyReport::settle`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerFinding {
    /// `history`: the password is not among the remembered ones.
    HistoryClear,
    /// `history`: the password is one of the remembered ones.
    HistoryReused,
    /// `breached`: not found in the breach corpus the server consulted.
    BreachedClear,
    /// `breached`: found in a known breach.
    Breached,
}

impl ServerFinding {
    fn rule(self) -> &'static str {
        match self {
            ServerFinding::HistoryClear | ServerFinding::HistoryReused => "history",
            ServerFinding::BreachedClear | ServerFinding::Breached => "breached",
        }
    }

    fn outcome(self) -> (Status, &'static str) {
        match self {
            ServerFinding::HistoryClear => (Status::Passed, "password.history.ok"),
            ServerFinding::HistoryReused => (Status::Failed, "password.history.reused"),
            ServerFinding::BreachedClear => (Status::Passed, "password.breached.ok"),
            ServerFinding::Breached => (Status::Failed, "password.breached.found"),
        }
    }
}

impl PolicyReport {
    /// Records what the server decided for its rules (`history`, `breached`): each pending
    /// result of that kind becomes passed or failed with its own code and message, and `ok`,
    /// `okSoFar`, `failed` and `pending` are recomputed. Rules the browser decided are left as
    /// they are, so a server report and a page report for the same candidate differ only where
    /// the page said "pending". Returns how many results were settled (0 when the policy has no
    /// such rule).
    pub fn settle(&mut self, finding: ServerFinding) -> usize {
        let locale = Locale::parse(self.locale).unwrap_or(Locale::En);
        let (status, code) = finding.outcome();
        let mut settled = 0;
        for result in self
            .rules
            .iter_mut()
            .filter(|r| r.rule == finding.rule() && r.status == Status::Pending)
        {
            result.status = status;
            result.ok = status == Status::Passed;
            result.code = code;
            result.message = message(code, &result.params, locale);
            settled += 1;
        }
        let codes = |status| -> Vec<&'static str> {
            self.rules
                .iter()
                .filter(|r| r.status == status)
                .map(|r| r.code)
                .collect()
        };
        self.failed = codes(Status::Failed);
        self.pending = codes(Status::Pending);
        self.ok = self.failed.is_empty() && self.pending.is_empty();
        self.ok_so_far = self.failed.is_empty();
        settled
    }
}

pub(super) fn build(
    document: &PasswordPolicyDocument,
    verdicts: impl Iterator<Item = Verdict>,
    strength: Option<StrengthReport>,
    fingerprint: &str,
    locale: Locale,
) -> PolicyReport {
    let rules: Vec<RuleResult> = document
        .rules
        .iter()
        .zip(verdicts)
        .map(|(rule, verdict)| RuleResult {
            rule: kind(rule),
            status: verdict.status,
            ok: verdict.status == Status::Passed,
            code: verdict.code,
            message: message(verdict.code, &verdict.params, locale),
            params: verdict.params,
        })
        .collect();
    let codes = |status| -> Vec<&'static str> {
        rules
            .iter()
            .filter(|r| r.status == status)
            .map(|r| r.code)
            .collect()
    };
    let failed = codes(Status::Failed);
    let pending = codes(Status::Pending);
    PolicyReport {
        ok: failed.is_empty() && pending.is_empty(),
        ok_so_far: failed.is_empty(),
        failed,
        pending,
        rules,
        strength,
        fingerprint: fingerprint.to_string(),
        locale: locale.tag(),
    }
}

/// The `rule` tag of a rule, as written in documents.
pub(super) fn kind(rule: &Rule) -> &'static str {
    match rule {
        Rule::Length(_) => "length",
        Rule::CharacterClasses(_) => "characterClasses",
        Rule::MinStrength(_) => "minStrength",
        Rule::PersonalInfo(_) => "personalInfo",
        Rule::CommonPasswords(_) => "commonPasswords",
        Rule::BannedTerms(_) => "bannedTerms",
        Rule::Repetition(_) => "repetition",
        Rule::NotSimilarToCurrent(_) => "notSimilarToCurrent",
        Rule::Pattern(_) => "pattern",
        Rule::AllowedCharacters(_) => "allowedCharacters",
        Rule::History(_) => "history",
        Rule::Breached(_) => "breached",
    }
}

/// The localized text of `code`, its `{params}` filled in. Lists of classes and field names are
/// localized too.
pub(super) fn message(code: &str, params: &Value, locale: Locale) -> String {
    let Value::Object(map) = params else {
        return locale.text(code, &[]);
    };
    let rendered: Vec<(&str, String)> = map
        .iter()
        .map(|(key, value)| (key.as_str(), render(key, value, locale)))
        .collect();
    let args: Vec<(&str, &str)> = rendered.iter().map(|(k, v)| (*k, v.as_str())).collect();
    locale.text(code, &args)
}

fn render(key: &str, value: &Value, locale: Locale) -> String {
    match (key, value) {
        ("missing" | "require", Value::Array(items)) => {
            let names: Vec<String> = items
                .iter()
                .filter_map(Value::as_str)
                .map(|name| term(locale, "class", name))
                .collect();
            names.join(list_separator(locale))
        }
        ("field", Value::String(name)) => term(locale, "field", name),
        ("set", Value::String(name)) => term(locale, "set", name),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Null) => "—".to_string(),
        (_, other) => other.to_string(),
    }
}

fn list_separator(locale: Locale) -> &'static str {
    match locale {
        Locale::En => ", ",
        Locale::ZhCn => "、",
    }
}

/// The localized name of a class, field or character set (`policy.class.upper` …).
fn term(locale: Locale, kind: &str, name: &str) -> String {
    let code = format!("policy.{kind}.{name}");
    match locale.template(&code) {
        Some(text) => text.to_string(),
        None => name.to_string(),
    }
}
