//! `AccessMatrix` and `ChangeLog`.

use super::convert::{coded, from_js, js_error, to_js};
use crate::CodedError;
#[cfg(feature = "casbin")]
use crate::access::casbin::CasbinModel;
use crate::access::changelog::ChangeLog;
use crate::access::governance::{self, UsageLog};
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

/**
 * Roles × (resource, action), row-major: cell i = row * columns.length + column.
 * kinds[i]: 0 none, 1 direct, 2 inherited, 3 denied (deny rule), 4 conditional.
 * grants[i]: the deciding grant's index in the model's `grants` (its role is where an inherited
 * or denied permission comes from), or -1.
 */
export interface Grid { columns: Permission[]; roles: string[]; kinds: Uint8Array; grants: Int32Array }

export interface Effective { id: string; roles: string[]; requiresMfa: string[]; allowed: Permission[]; conditional: Permission[]; denied: Permission[] }

export interface RoleDiff { onlyFirst: Permission[]; onlySecond: Permission[]; both: Permission[] }

export interface AuditFinding {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  objects: ({ kind: "user"; id: string } | { kind: "role"; id: string } | { kind: "grant"; index: number } | { kind: "permission"; resource: string; action: string })[];
  path: string;
}

export interface UsageLog { since: number; entries: { user: string; action: string; resource: string; at: number }[] }

/** The outcome of `assign`: the working copy with the role added, or the constraint it would break. */
export type AssignResult =
  | { ok: true; model: AccessModelDocument }
  | { ok: false; code: string; message: string };

/** One difference between two models (see the README for every kind). */
export interface Change { kind: string; [field: string]: unknown }

export interface Snapshot { document: AccessModelDocument; fullFingerprint: string }

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

/// What an `AccessMatrix` holds: an account-rules model, or a Casbin model and policy.
enum Engine {
    Model(Box<AccessMatrix>),
    #[cfg(feature = "casbin")]
    Casbin(CasbinModel),
}

/// A compiled access model: checks with explanations, the grid, effective permissions,
/// governance — or, imported from Casbin, `enforce` with Casbin's semantics.
#[wasm_bindgen(js_name = AccessMatrix)]
pub struct JsAccessMatrix {
    inner: Engine,
}

impl JsAccessMatrix {
    // Without Casbin import every matrix is a model, and `operation` is not needed.
    #[cfg_attr(not(feature = "casbin"), allow(unused_variables))]
    fn model(&self, operation: &str) -> Result<&AccessMatrix, JsValue> {
        match &self.inner {
            Engine::Model(m) => Ok(m),
            #[cfg(feature = "casbin")]
            Engine::Casbin(_) => Err(js_error(
                "access.casbin.unsupported_operation",
                "",
                &format!(
                    "`{operation}` needs an account-rules model; a model imported from Casbin supports `enforce` and `can`"
                ),
            )),
        }
    }
}

#[wasm_bindgen(js_class = AccessMatrix)]
impl JsAccessMatrix {
    /// Parses and compiles a model (JSON text or an object). Throws an `AccountRulesError`
    /// with `code` and JSON `path` (a role cycle names the cycle).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(model: ModelArg) -> Result<JsAccessMatrix, JsValue> {
        let text = text_of(JsValue::from(model), "access.model.invalid")?;
        AccessMatrix::from_json(&text)
            .map(|m| JsAccessMatrix {
                inner: Engine::Model(Box::new(m)),
            })
            .map_err(|err| coded(&err))
    }

    /// Imports a Casbin model (`model.conf` text) and policy (`policy.csv` text) of the RBAC
    /// family; anything outside it throws `casbin.unsupported` naming the construct.
    #[cfg(feature = "casbin")]
    #[wasm_bindgen(js_name = fromCasbin)]
    pub fn from_casbin(model_conf: &str, policy_csv: &str) -> Result<JsAccessMatrix, JsValue> {
        CasbinModel::from_text(model_conf, policy_csv)
            .map(|m| JsAccessMatrix {
                inner: Engine::Casbin(m),
            })
            .map_err(|err| coded(&err))
    }

    /// Casbin's call: `enforce(sub, obj, act)` or `enforce(sub, dom, obj, act)`. On an
    /// account-rules model, `dom` is the tenant. An error is a denial (false), never a throw.
    pub fn enforce(&self, a: &str, b: &str, c: &str, d: Option<String>) -> bool {
        match (&self.inner, d) {
            #[cfg(feature = "casbin")]
            (Engine::Casbin(m), None) => m.enforce(&[a, b, c]).unwrap_or(false),
            #[cfg(feature = "casbin")]
            (Engine::Casbin(m), Some(d)) => m.enforce(&[a, b, c, &d]).unwrap_or(false),
            (Engine::Model(m), None) => m.can(a, c, b, Some(js_sys::Date::now() as Millis)),
            (Engine::Model(m), Some(d)) => {
                let request = AccessRequest {
                    user: Some(a.to_string()),
                    tenant: Some(b.to_string()),
                    resource: c.to_string(),
                    action: d,
                    context: crate::access::RequestContext {
                        now: Some(js_sys::Date::now() as Millis),
                        ..Default::default()
                    },
                    ..AccessRequest::default()
                };
                m.check(&request, Locale::En).allowed
            }
        }
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
        to_js(&self.model("check")?.check(&request, locale(locale_tag)?))
    }

    /// Whether `user` may do `action` on `resource`, now. Never throws: anything unknown is `false`.
    pub fn can(&self, user: &str, action: &str, resource: &str) -> bool {
        match &self.inner {
            Engine::Model(m) => m.can(user, action, resource, Some(js_sys::Date::now() as Millis)),
            #[cfg(feature = "casbin")]
            Engine::Casbin(m) => {
                m.request_arity() == 3 && m.enforce(&[user, resource, action]).unwrap_or(false)
            }
        }
    }

    /// What a user (with inherited roles) or a role may do.
    #[wasm_bindgen(unchecked_return_type = "Effective")]
    pub fn effective(&self, id: &str) -> Result<JsValue, JsValue> {
        to_js(
            &self
                .model("effective")?
                .effective(id)
                .map_err(|err| coded(&err))?,
        )
    }

    /// Roles × (resource, action), each cell with its source (typed arrays: large grids are cheap).
    #[wasm_bindgen(unchecked_return_type = "Grid")]
    pub fn grid(&self) -> Result<JsValue, JsValue> {
        let grid = self.model("grid")?.grid();
        let object = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            js_sys::Reflect::set(&object, &key.into(), value).map(|_| ())
        };
        set("columns", &to_js(&grid.columns)?)?;
        set("roles", &to_js(&grid.roles)?)?;
        set(
            "kinds",
            &js_sys::Uint8Array::from(grid.kinds.as_slice()).into(),
        )?;
        set(
            "grants",
            &js_sys::Int32Array::from(grid.grants.as_slice()).into(),
        )?;
        Ok(object.into())
    }

    /// What role `a` may do that `b` may not, the reverse, and both.
    #[wasm_bindgen(js_name = diffRoles, unchecked_return_type = "RoleDiff")]
    pub fn diff_roles(&self, a: &str, b: &str) -> Result<JsValue, JsValue> {
        to_js(
            &self
                .model("diffRoles")?
                .diff_roles(a, b)
                .map_err(|err| coded(&err))?,
        )
    }

    /// `sha256:` + the hex SHA-256 of the canonical JSON form.
    pub fn fingerprint(&self) -> Result<String, JsValue> {
        Ok(self.model("fingerprint")?.fingerprint().to_string())
    }

    /// The document, every default filled in.
    #[wasm_bindgen(js_name = toJson, unchecked_return_type = "AccessModelDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(self.model("toJson")?.document())
    }

    /// The canonical JSON text the fingerprint hashes.
    #[wasm_bindgen(js_name = toCanonicalJson)]
    pub fn to_canonical_json(&self) -> Result<String, JsValue> {
        Ok(self.model("toCanonicalJson")?.to_canonical_json())
    }

    /// Governance findings at `now` (default: the clock), with a usage log for unused permissions.
    #[wasm_bindgen(unchecked_return_type = "AuditFinding[]")]
    pub fn audit(
        &self,
        now: Option<f64>,
        #[wasm_bindgen(unchecked_param_type = "UsageLog | null | undefined")] usage: JsValue,
        locale_tag: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let usage: Option<UsageLog> = if usage.is_undefined() || usage.is_null() {
            None
        } else {
            Some(from_js::<UsageLog>(Some(usage))?)
        };
        let now = now.map_or_else(|| js_sys::Date::now() as Millis, |ms| ms as Millis);
        to_js(
            &self
                .model("audit")?
                .audit(now, usage.as_ref(), locale(locale_tag)?),
        )
    }

    /// Tries adding `role` to `user` on a working copy: the new model, or the constraint it
    /// would break (separation of duties, holder cap, prerequisite) — data, not an exception.
    #[wasm_bindgen(unchecked_return_type = "AssignResult")]
    pub fn assign(
        &self,
        user: &str,
        role: &str,
        tenant: Option<String>,
        locale_tag: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let locale = locale(locale_tag)?;
        match self.model("assign")?.assign(user, role, tenant.as_deref()) {
            Ok(model) => to_js(&serde_json::json!({ "ok": true, "model": model })),
            Err(refusal) => to_js(&serde_json::json!({
                "ok": false,
                "code": refusal.code(),
                "message": refusal.message_in(locale),
            })),
        }
    }

    /// A minimized model holding only what `user`'s checks need, with the full model's fingerprint.
    #[wasm_bindgen(js_name = snapshotFor, unchecked_return_type = "Snapshot")]
    pub fn snapshot_for(&self, user: &str) -> Result<JsValue, JsValue> {
        to_js(
            &self
                .model("snapshotFor")?
                .snapshot_for(user)
                .map_err(|err| coded(&err))?,
        )
    }

    /// The changes from model `a` to model `b`, for the change log.
    #[wasm_bindgen(unchecked_return_type = "Change[]")]
    pub fn diff(a: &JsAccessMatrix, b: &JsAccessMatrix) -> Result<JsValue, JsValue> {
        to_js(&governance::diff(
            a.model("diff")?.document(),
            b.model("diff")?.document(),
        ))
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
