//! `PasswordPolicy` and `generatePassword`.

use super::convert::{coded, from_js, js_error, to_js};
use crate::account::{self, Millis};
use crate::generate::{self, GenerateOptions};
use crate::i18n::Locale;
use crate::policy::{Candidate, CheckOptions, CheckRequestOptions, PRESETS, PasswordPolicy};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const POLICY_TYPES: &str = r#"
export type CharClass = "upper" | "lower" | "digit" | "symbol";

/** One rule of a policy document; `rule` names the kind. */
export type PolicyRule =
  | { rule: "length"; min?: number; max?: number | null }
  | { rule: "characterClasses"; require?: CharClass[]; atLeast?: number | null }
  | { rule: "minStrength"; score: 0 | 1 | 2 | 3 | 4 }
  | { rule: "personalInfo"; minTokenLength?: number }
  | { rule: "commonPasswords" }
  | { rule: "bannedTerms"; terms: string[]; minPoints?: number }
  | { rule: "repetition"; maxRepeated?: number | null; maxSequence?: number | null }
  | { rule: "notSimilarToCurrent"; minDistance?: number }
  | { rule: "pattern"; mustMatch?: string | null; mustNotMatch?: string | null; description?: string | null }
  | { rule: "allowedCharacters"; set?: "anyPrintable" | "asciiPrintable" }
  | { rule: "history"; remember: number }
  | { rule: "breached" };

/** A password-policy document (schema 1). The JSON Schema ships as `account-rules/schema/password-policy.schema.json`. */
export interface PasswordPolicyDocument {
  schema: 1;
  name?: string | null;
  description?: string | null;
  sources?: { document: string; section?: string | null; note?: string | null }[];
  rules?: PolicyRule[];
  expiry?: { maxAgeDays?: number | null; warnDays?: number; minAgeDays?: number } | null;
  lockout?: { maxFailures: number; windowMinutes?: number | null; lockMinutes?: number | null } | null;
  mfa?: { requiredForAll?: boolean; requiredForRoles?: string[] } | null;
}

/** A password to check, and what is known about its owner. */
export interface Candidate {
  password: string;
  username?: string | null;
  email?: string | null;
  displayName?: string | null;
  /** YYYY-MM-DD */
  birthDate?: string | null;
  phone?: string | null;
  /** On a change form: the password being replaced. */
  currentPassword?: string | null;
}

export interface CheckOptions {
  locale?: string;
  /** Include the strength report even when no rule needs it (default true). */
  strength?: boolean;
}

export type RuleStatus = "passed" | "failed" | "pending";

export interface RuleResult {
  rule: PolicyRule["rule"];
  status: RuleStatus;
  /** status === "passed" */
  ok: boolean;
  code: string;
  message: string;
  params: Record<string, unknown>;
}

export interface PolicyReport {
  /** Every rule passed. Pending (server-side) rules make it false. */
  ok: boolean;
  /** No rule failed (pending rules allowed). */
  okSoFar: boolean;
  rules: RuleResult[];
  failed: string[];
  pending: string[];
  strength: StrengthReport | null;
  fingerprint: string;
  locale: "en" | "zh-CN";
}

export interface Finding {
  code: string;
  severity: "error" | "warning" | "info";
  path: string;
  message: string;
  reference: string | null;
}

/** A point in time: a Date, milliseconds since the epoch, or an ISO 8601 string. */
export type TimeInput = Date | number | string;

export interface LocaleOptions {
  locale?: string;
}

export interface MfaOptions {
  locale?: string;
  /** Roles of an access model the account holds that are marked `requiresMfa`: `matrix.effective(user).requiresMfa`. */
  requiresMfa?: string[];
}

export interface ExpiryStatus {
  state: "never" | "ok" | "warning" | "expired";
  message: Message;
  /** Milliseconds since the epoch, or null when passwords never expire. */
  expiresAt: number | null;
  daysLeft: number | null;
  canChange: boolean;
  canChangeAt: number;
  changeMessage: Message;
}

export interface LockoutStatus {
  locked: boolean;
  message: Message;
  remainingAttempts: number | null;
  /** Milliseconds since the epoch; null when not locked or locked until an administrator unlocks. */
  lockedUntil: number | null;
  recentFailures: number;
}

export interface MfaStatus {
  required: boolean;
  becauseOfRoles: string[];
  message: Message;
}

export interface GenerateOptions {
  kind?: "random" | "passphrase";
  length?: number;
  words?: number;
  separator?: string;
}

export interface GeneratedPassword {
  password: string;
  kind: "random" | "passphrase";
  entropyBits: number;
  attempts: number;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A document as JSON text or as an object.
    #[wasm_bindgen(typescript_type = "string | PasswordPolicyDocument")]
    pub type DocumentArg;
    /// A candidate, or just the password.
    #[wasm_bindgen(typescript_type = "string | Candidate")]
    pub type CandidateArg;
    /// Check options.
    #[wasm_bindgen(typescript_type = "CheckOptions")]
    pub type CheckOptionsArg;
    /// Options carrying a locale.
    #[wasm_bindgen(typescript_type = "LocaleOptions")]
    pub type LocaleOptionsArg;
    /// Options of `mfaRequired`.
    #[wasm_bindgen(typescript_type = "MfaOptions")]
    pub type MfaOptionsArg;
    /// A point in time.
    #[wasm_bindgen(typescript_type = "TimeInput")]
    pub type TimeArg;
    /// Points in time.
    #[wasm_bindgen(typescript_type = "TimeInput[]")]
    pub type TimesArg;
    /// Generator options.
    #[wasm_bindgen(typescript_type = "GenerateOptions")]
    pub type GenerateOptionsArg;
}

/// A password policy: parse it once, then check passwords, lint it, fingerprint it, and work
/// out account state (expiry, lockout, MFA) — with the same results as the server's copy.
#[wasm_bindgen(js_name = PasswordPolicy)]
pub struct JsPasswordPolicy {
    inner: PasswordPolicy,
}

fn locale_of(options: Option<LocaleOptionsArg>) -> Result<Locale, JsValue> {
    #[derive(serde::Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    struct LocaleOnly {
        #[serde(default)]
        locale: Option<String>,
    }
    let options: LocaleOnly = from_js(options.map(JsValue::from))?;
    parse_locale(options.locale.as_deref())
}

/// `en` when absent, else the tag parsed (`locale.unsupported` as a JS error).
fn parse_locale(tag: Option<&str>) -> Result<Locale, JsValue> {
    match tag {
        None => Ok(Locale::En),
        Some(tag) => Locale::parse(tag).map_err(|err| coded(&err)),
    }
}

/// Milliseconds since the epoch from a Date, a number or an ISO 8601 string.
fn millis(value: &JsValue, path: &str) -> Result<Millis, JsValue> {
    let ms = if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        date.get_time()
    } else if let Some(number) = value.as_f64() {
        number
    } else if let Some(text) = value.as_string() {
        js_sys::Date::parse(&text)
    } else {
        f64::NAN
    };
    if ms.is_finite() && ms.abs() < 8.64e15 {
        Ok(ms as Millis)
    } else {
        Err(js_error(
            "time.invalid",
            path,
            "expected a Date, milliseconds since the epoch, or an ISO 8601 date string",
        ))
    }
}

fn now_or(value: Option<TimeArg>) -> Result<Millis, JsValue> {
    match value
        .map(JsValue::from)
        .filter(|v| !v.is_undefined() && !v.is_null())
    {
        Some(value) => millis(&value, "now"),
        None => Ok(js_sys::Date::now() as Millis),
    }
}

#[wasm_bindgen(js_class = PasswordPolicy)]
impl JsPasswordPolicy {
    /// Parses a policy document given as JSON text or as an object. Throws an
    /// `AccountRulesError` with the `code` and JSON `path` of the first problem.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(document: DocumentArg) -> Result<JsPasswordPolicy, JsValue> {
        let value = JsValue::from(document);
        let text = match value.as_string() {
            Some(text) => text,
            None => js_sys::JSON::stringify(&value)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| {
                    js_error("policy.invalid", "", "expected JSON text or a plain object")
                })?,
        };
        PasswordPolicy::from_json(&text)
            .map(|inner| JsPasswordPolicy { inner })
            .map_err(|err| coded(&err))
    }

    /// One of the shipped presets: `classic-enterprise`, `nist-800-63b`, `owasp-asvs-5-l2`,
    /// `pci-dss-4`.
    pub fn preset(name: &str) -> Result<JsPasswordPolicy, JsValue> {
        PasswordPolicy::preset(name)
            .map(|inner| JsPasswordPolicy { inner })
            .map_err(|err| coded(&err))
    }

    /// The names of the shipped presets.
    #[wasm_bindgen(js_name = presetNames)]
    pub fn preset_names() -> Vec<String> {
        PRESETS.iter().map(|s| (*s).to_string()).collect()
    }

    /// Checks a password (or a candidate with the owner's details) against every rule.
    #[wasm_bindgen(unchecked_return_type = "PolicyReport")]
    pub fn check(
        &self,
        candidate: CandidateArg,
        options: Option<CheckOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let value = JsValue::from(candidate);
        let candidate = match value.as_string() {
            Some(password) => Candidate::password(password),
            None => from_js::<Candidate>(Some(value))?,
        };
        let request: CheckRequestOptions = from_js(options.map(JsValue::from))?;
        let options = CheckOptions::try_from(request).map_err(|err| coded(&err))?;
        let report = self
            .inner
            .check(&candidate, &options)
            .map_err(|err| coded(&err))?;
        to_js(&report)
    }

    /// Reviews the document: contradictions, departures from NIST SP 800-63B-4 and ASVS 5.0.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn lint(&self, options: Option<LocaleOptionsArg>) -> Result<JsValue, JsValue> {
        to_js(&self.inner.lint(locale_of(options)?))
    }

    /// `sha256:` + the hex SHA-256 of the canonical JSON form.
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint().to_string()
    }

    /// The document with every default filled in, as a plain object.
    #[wasm_bindgen(js_name = toJson, unchecked_return_type = "PasswordPolicyDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.document())
    }

    /// The canonical JSON text the fingerprint hashes.
    #[wasm_bindgen(js_name = toCanonicalJson)]
    pub fn to_canonical_json(&self) -> String {
        self.inner.to_canonical_json()
    }

    /// Where a password set at `lastChanged` stands at `now` (default: the current time).
    #[wasm_bindgen(unchecked_return_type = "ExpiryStatus")]
    pub fn expiry(
        &self,
        last_changed: TimeArg,
        now: Option<TimeArg>,
        options: Option<LocaleOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let last_changed = millis(&JsValue::from(last_changed), "lastChanged")?;
        let now = now_or(now)?;
        let status = account::expiry(
            self.inner.document().expiry.as_ref(),
            last_changed,
            now,
            locale_of(options)?,
        );
        to_js(&status)
    }

    /// Whether an account with these failed sign-ins is locked at `now` (default: the current time).
    #[wasm_bindgen(unchecked_return_type = "LockoutStatus")]
    pub fn lockout(
        &self,
        failed_attempts: TimesArg,
        now: Option<TimeArg>,
        options: Option<LocaleOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let value = JsValue::from(failed_attempts);
        let Some(array) = value.dyn_ref::<js_sys::Array>() else {
            return Err(js_error(
                "time.invalid",
                "failedAttempts",
                "expected an array of the failed attempts' times",
            ));
        };
        let mut failures = Vec::with_capacity(array.length() as usize);
        for (index, item) in array.iter().enumerate() {
            failures.push(millis(&item, &format!("failedAttempts[{index}]"))?);
        }
        let now = now_or(now)?;
        let status = account::lockout(
            self.inner.document().lockout.as_ref(),
            &failures,
            now,
            locale_of(options)?,
        );
        to_js(&status)
    }

    /// Whether an account holding `roles` needs a second factor; with `requiresMfa`, also
    /// when it holds a role of the access model marked so.
    #[wasm_bindgen(js_name = mfaRequired, unchecked_return_type = "MfaStatus")]
    pub fn mfa_required(
        &self,
        roles: Vec<String>,
        options: Option<MfaOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        #[derive(Default, serde::Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        struct MfaOptions {
            #[serde(default)]
            locale: Option<String>,
            #[serde(default)]
            requires_mfa: Vec<String>,
        }
        let options: MfaOptions = from_js(options.map(JsValue::from))?;
        let status = account::mfa_with_model(
            self.inner.document().mfa.as_ref(),
            &roles,
            &options.requires_mfa,
            parse_locale(options.locale.as_deref())?,
        );
        to_js(&status)
    }
}

/// The words `PasswordPolicy.check` gives the strength estimate for this candidate: pass them as
/// `userInputs` to `estimateStrength` (or the worker) so the meter and `minStrength` agree.
#[wasm_bindgen(js_name = userInputsOf)]
pub fn user_inputs_of(candidate: CandidateArg) -> Result<Vec<String>, JsValue> {
    let candidate: Candidate = from_js(Some(JsValue::from(candidate)))?;
    candidate.user_inputs().map_err(|err| coded(&err))
}

/// Generates a password (or passphrase) that passes every rule of `policy` the page can decide.
#[wasm_bindgen(js_name = generatePassword, unchecked_return_type = "GeneratedPassword")]
pub fn generate_password(
    policy: &JsPasswordPolicy,
    options: Option<GenerateOptionsArg>,
) -> Result<JsValue, JsValue> {
    let options: GenerateOptions = from_js(options.map(JsValue::from))?;
    let generated = generate::generate(&policy.inner, &options).map_err(|err| coded(&err))?;
    to_js(&generated)
}
