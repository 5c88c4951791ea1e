//! `AccessMatrix` and `ChangeLog`.

use super::convert::{coded, from_js, js_error, to_js};
use crate::access::changelog::ChangeLog;
use crate::access::{AccessMatrix, AccessRequest, Millis};
use crate::i18n::Locale;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const ACCESS_TYPES: &str = r#"
/** An access-model document (schema 1). */
export interface AccessModelDocument {
  schema: 1;
  name?: string | null;
  roles?: { id: string; label?: string | null; parents?: string[]; requiresMfa?: boolean }[];
  resources?: { id: string; label?: string | null; actions: string[] }[];
  grants?: {
    role: string;
    resource: string;
    actions: string[] | "*";
    effect?: "allow" | "deny";
    condition?: {
      own?: boolean;
      mfaWithinMinutes?: number | null;
      timeWindow?: { from: string; to: string; days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[]; utcOffsetMinutes?: number } | null;
    } | null;
    /** RFC 3339 */
    expiresAt?: string | null;
    reviewedAt?: string | null;
    reason?: string | null;
  }[];
  users?: { id: string; roles?: string[]; tenantRoles?: Record<string, string[]>; disabled?: boolean; lastActiveAt?: string | null; reviewedAt?: string | null }[];
  tenants?: string[];
  constraints?: {
    separationOfDuties?: { roles: string[]; reason?: string | null }[];
    maxHolders?: { role: string; max: number }[];
    prerequisites?: { role: string; requires: string }[];
  };
  reviewIntervalDays?: number;
}

export interface AccessRequest {
  user?: string | null;
  roles?: string[] | null;
  action: string;
  resource: string;
  tenant?: string | null;
  context?: {
    resourceOwner?: string | null;
    /** When the session last passed MFA: ms since the epoch. */
    mfaAt?: number | null;
    /** The time of the request: ms since the epoch (default: the clock). */
    now?: number | null;
  };
}

export interface GrantRef { index: number; role: string; effect: "allow" | "deny"; reason: string | null }

export interface Decision {
  allowed: boolean;
  code: string;
  message: string;
  explanation: {
    roles: string[];
    path: string[];
    grant: GrantRef | null;
    failedCondition: "own" | "mfa" | "timeWindow" | "expired" | null;
    wouldBeGrantedBy: { role: string; distance: number | null; conditional: boolean }[];
  };
}

export interface Permission { resource: string; action: string }

export type CellSource =
  | { kind: "direct"; grant: number }
  | { kind: "inherited"; from: string; grant: number }
  | { kind: "denied"; from: string; grant: number }
  | { kind: "conditional"; grants: number[] }
  | { kind: "none" };

export interface Grid { columns: Permission[]; rows: { role: string; cells: CellSource[] }[] }

export interface Effective { id: string; roles: string[]; allowed: Permission[]; conditional: Permission[]; denied: Permission[] }

export interface RoleDiff { onlyFirst: Permission[]; onlySecond: Permission[]; both: Permission[] }

export interface ChangeLogEntry {
  seq: number;
  at: number;
  actor: string;
  reason: string;
  changes: unknown;
  prevHash: string;
  hash: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A model as JSON text or as an object.
    #[wasm_bindgen(typescript_type = "string | AccessModelDocument")]
    pub type ModelArg;
    /// A request.
    #[wasm_bindgen(typescript_type = "AccessRequest")]
    pub type RequestArg;
}

fn locale(tag: Option<String>) -> Result<Locale, JsValue> {
    match tag.as_deref() {
        None => Ok(Locale::En),
        Some(tag) => Locale::parse(tag).map_err(|err| coded(&err)),
    }
}

fn text_of(value: JsValue, code: &str) -> Result<String, JsValue> {
    match value.as_string() {
        Some(text) => Ok(text),
        None => js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| js_error(code, "", "expected JSON text or a plain object")),
    }
}

/// A compiled access model: checks with explanations, the grid, effective permissions.
#[wasm_bindgen(js_name = AccessMatrix)]
pub struct JsAccessMatrix {
    inner: AccessMatrix,
}

#[wasm_bindgen(js_class = AccessMatrix)]
impl JsAccessMatrix {
    /// Parses and compiles a model (JSON text or an object). Throws an `AccountRulesError`
    /// with `code` and JSON `path` (a role cycle names the cycle).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(model: ModelArg) -> Result<JsAccessMatrix, JsValue> {
        let text = text_of(JsValue::from(model), "access.model.invalid")?;
        AccessMatrix::from_json(&text)
            .map(|inner| JsAccessMatrix { inner })
            .map_err(|err| coded(&err))
    }

    /// Checks a request and explains the decision. An unknown user, role, resource, action or
    /// tenant is a denial with a code saying so; a malformed request throws.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn check(
        &self,
        request: RequestArg,
        locale_tag: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let mut request: AccessRequest = from_js(Some(JsValue::from(request)))?;
        if request.context.now.is_none() {
            request.context.now = Some(js_sys::Date::now() as Millis);
        }
        to_js(&self.inner.check(&request, locale(locale_tag)?))
    }

    /// Whether `user` may do `action` on `resource`. Never throws: anything unknown is `false`.
    pub fn can(&self, user: &str, action: &str, resource: &str) -> bool {
        self.inner.can(user, action, resource)
    }

    /// What a user (with inherited roles) or a role may do.
    #[wasm_bindgen(unchecked_return_type = "Effective")]
    pub fn effective(&self, id: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.effective(id).map_err(|err| coded(&err))?)
    }

    /// Roles × (resource, action), each cell with its source.
    #[wasm_bindgen(unchecked_return_type = "Grid")]
    pub fn grid(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.grid())
    }

    /// What role `a` may do that `b` may not, the reverse, and both.
    #[wasm_bindgen(js_name = diffRoles, unchecked_return_type = "RoleDiff")]
    pub fn diff_roles(&self, a: &str, b: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.diff_roles(a, b).map_err(|err| coded(&err))?)
    }

    /// `sha256:` + the hex SHA-256 of the canonical JSON form.
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint().to_string()
    }

    /// The document, every default filled in.
    #[wasm_bindgen(js_name = toJson, unchecked_return_type = "AccessModelDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.document())
    }

    /// The canonical JSON text the fingerprint hashes.
    #[wasm_bindgen(js_name = toCanonicalJson)]
    pub fn to_canonical_json(&self) -> String {
        self.inner.to_canonical_json()
    }
}

/// A hash-chained log of permission changes: who, when, why, what.
#[wasm_bindgen(js_name = ChangeLog)]
pub struct JsChangeLog {
    inner: ChangeLog,
}

#[wasm_bindgen(js_class = ChangeLog)]
impl JsChangeLog {
    /// An empty log.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsChangeLog {
        JsChangeLog {
            inner: ChangeLog::new(),
        }
    }

    /// A log read from its JSON form (not verified: call `verify`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<JsChangeLog, JsValue> {
        ChangeLog::from_json(text)
            .map(|inner| JsChangeLog { inner })
            .map_err(|err| coded(&err))
    }

    /// Appends an entry; `at` defaults to the clock. Returns the entry.
    #[wasm_bindgen(unchecked_return_type = "ChangeLogEntry")]
    pub fn append(
        &mut self,
        actor: &str,
        reason: &str,
        #[wasm_bindgen(unchecked_param_type = "unknown")] changes: JsValue,
        at: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        let changes: serde_json::Value = serde_wasm_bindgen::from_value(changes)
            .map_err(|err| js_error("changelog.invalid", "changes", &err.to_string()))?;
        let at = at.map_or_else(|| js_sys::Date::now() as Millis, |ms| ms as Millis);
        let entry = self
            .inner
            .append(actor, at, reason, changes)
            .map_err(|err| coded(&err))?;
        to_js(entry)
    }

    /// Checks the whole chain: the number of entries, or throws naming the first tampered entry.
    pub fn verify(&self) -> Result<usize, JsValue> {
        self.inner.verify().map_err(|err| coded(&err))
    }

    /// The hash of the last entry (store it elsewhere to detect a rewritten log).
    pub fn head(&self) -> String {
        self.inner.head()
    }

    /// The entries.
    #[wasm_bindgen(unchecked_return_type = "ChangeLogEntry[]")]
    pub fn entries(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.entries)
    }

    /// The JSON form.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}

impl Default for JsChangeLog {
    fn default() -> Self {
        JsChangeLog::new()
    }
}
