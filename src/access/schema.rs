//! The access-model document: roles, resources with their actions, grants, users, tenants and
//! constraints. JSON, camelCase, `"schema": 1`, unknown fields rejected.
//!
//! ```json
//! { "schema": 1,
//!   "roles": [ { "id": "viewer" }, { "id": "editor", "parents": ["viewer"] } ],
//!   "resources": [ { "id": "invoice", "actions": ["read", "update", "approve"] } ],
//!   "grants": [ { "role": "viewer", "resource": "invoice", "actions": ["read"] },
//!               { "role": "editor", "resource": "invoice", "actions": ["update"],
//!                 "condition": { "own": true } } ],
//!   "users": [ { "id": "alice", "roles": ["editor"] } ] }
//! ```
//!
//! Times are RFC 3339 strings (`2026-11-21T09:30:00Z`).

use serde::{Deserialize, Serialize};

/// The only document version this crate reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Review interval when the document gives none (a quarter).
pub const DEFAULT_REVIEW_INTERVAL_DAYS: u32 = 90;

fn default_review_interval() -> u32 {
    DEFAULT_REVIEW_INTERVAL_DAYS
}

/// A whole access model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccessModelDocument {
    /// The JSON Schema the document declares, for editors; not part of the model.
    #[serde(rename = "$schema", default, skip_serializing)]
    pub json_schema: Option<String>,
    /// Document version; must be [`SCHEMA_VERSION`].
    pub schema: u32,
    /// A short name.
    #[serde(default)]
    pub name: Option<String>,
    /// Roles, each with its parents (a role holds every permission of its parents).
    #[serde(default)]
    pub roles: Vec<RoleDef>,
    /// Resources and the actions on them.
    #[serde(default)]
    pub resources: Vec<ResourceDef>,
    /// Who may (or may not) do what.
    #[serde(default)]
    pub grants: Vec<Grant>,
    /// Accounts and their roles.
    #[serde(default)]
    pub users: Vec<UserDef>,
    /// Tenants (domains) in which users may hold different roles.
    #[serde(default)]
    pub tenants: Vec<String>,
    /// Separation of duties, holder caps, prerequisites.
    #[serde(default)]
    pub constraints: Constraints,
    /// Grants and assignments are due for review this many days after `reviewedAt`.
    #[serde(default = "default_review_interval")]
    pub review_interval_days: u32,
}

/// A role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoleDef {
    /// Unique id.
    pub id: String,
    /// For people.
    #[serde(default)]
    pub label: Option<String>,
    /// Roles whose permissions this one inherits (several allowed; no cycles).
    #[serde(default)]
    pub parents: Vec<String>,
    /// Holders of this role must use a second factor.
    #[serde(default)]
    pub requires_mfa: bool,
}

/// A resource type and its actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceDef {
    /// Unique id.
    pub id: String,
    /// For people.
    #[serde(default)]
    pub label: Option<String>,
    /// The actions that exist on it.
    pub actions: Vec<String>,
}

/// Allow or deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Effect {
    /// Grants the actions.
    #[default]
    Allow,
    /// Refuses them, whatever else allows them (deny beats allow).
    Deny,
}

/// The actions a grant covers: a list, or `"*"` for every action of the resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Actions {
    /// `"*"`.
    All(Wildcard),
    /// Named actions.
    Listed(Vec<String>),
}

/// The `"*"` string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Wildcard {
    /// Every action.
    #[serde(rename = "*")]
    All,
}

/// A grant of actions on a resource to a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Grant {
    /// The role that receives it (and every role inheriting from it).
    pub role: String,
    /// The resource.
    pub resource: String,
    /// The actions, or `"*"`.
    pub actions: Actions,
    /// Allow (default) or deny.
    #[serde(default)]
    pub effect: Effect,
    /// Applies only when this holds.
    #[serde(default)]
    pub condition: Option<Condition>,
    /// A temporary grant: no longer applies from this time on (RFC 3339).
    #[serde(default)]
    pub expires_at: Option<String>,
    /// When it was last reviewed (RFC 3339).
    #[serde(default)]
    pub reviewed_at: Option<String>,
    /// Why it exists.
    #[serde(default)]
    pub reason: Option<String>,
}

/// When a conditional grant applies. Every field given must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Condition {
    /// The subject must own the resource (`context.resourceOwner` equals the user id).
    #[serde(default)]
    pub own: bool,
    /// The session must have passed MFA within this many minutes (`context.mfaAt`).
    #[serde(default)]
    pub mfa_within_minutes: Option<u32>,
    /// Only inside this daily time window.
    #[serde(default)]
    pub time_window: Option<TimeWindow>,
}

/// A daily window: from `from` to `to` (`HH:MM`, UTC offset applied), on the given weekdays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimeWindow {
    /// Start, `HH:MM`, inclusive.
    pub from: String,
    /// End, `HH:MM`, exclusive; before `from` means the window spans midnight.
    pub to: String,
    /// Weekdays (`mon` … `sun`); empty means every day.
    #[serde(default)]
    pub days: Vec<Weekday>,
    /// Minutes east of UTC of the local time the window is written in.
    #[serde(default)]
    pub utc_offset_minutes: i32,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserDef {
    /// Unique id.
    pub id: String,
    /// Roles held everywhere.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Roles held in one tenant only: tenant id → roles.
    #[serde(default)]
    pub tenant_roles: std::collections::BTreeMap<String, Vec<String>>,
    /// A disabled account is denied everything.
    #[serde(default)]
    pub disabled: bool,
    /// Last sign-in (RFC 3339), for the audit.
    #[serde(default)]
    pub last_active_at: Option<String>,
    /// When the assignments were last reviewed (RFC 3339).
    #[serde(default)]
    pub reviewed_at: Option<String>,
}

/// Rules about who may hold which roles.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Constraints {
    /// Sets of roles one user must not hold together.
    #[serde(default)]
    pub separation_of_duties: Vec<SeparationOfDuties>,
    /// Caps on how many users may hold a role.
    #[serde(default)]
    pub max_holders: Vec<MaxHolders>,
    /// Roles that require another role first.
    #[serde(default)]
    pub prerequisites: Vec<Prerequisite>,
}

/// Roles one user must not hold together (counting inherited roles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeparationOfDuties {
    /// The roles, at least two.
    pub roles: Vec<String>,
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
}

/// At most `max` users may hold `role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MaxHolders {
    /// The role.
    pub role: String,
    /// The cap.
    pub max: u32,
}

/// Holding `role` requires holding `requires` too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Prerequisite {
    /// The role.
    pub role: String,
    /// The role it requires.
    pub requires: String,
}
