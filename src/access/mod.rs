//! Permission matrices: roles × resources × actions, with inheritance, deny rules, conditions,
//! and an explanation for every decision.
//!
//! An [`AccessMatrix`] is compiled once from an [`AccessModelDocument`]; then
//! [`AccessMatrix::check`] answers a request with a [`Decision`]: allowed or not, a stable code,
//! a localized message, and the reason in data — for an allow, the path from the user through
//! the roles to the grant; for a deny, the deny rule or the failed condition; for a default
//! deny, the roles that would have granted it, nearest first. Deny beats allow, no grant means
//! deny, and an error means deny.

#[cfg(feature = "casbin")]
pub mod casbin;
pub mod changelog;
pub mod governance;
mod matrix;
pub mod schema;

pub use schema::{AccessModelDocument, Effect, SCHEMA_VERSION};

use crate::i18n::Locale;
use matrix::Compiled;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt;

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

/// Longest access document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// A compiled access model.
#[derive(Debug, Clone)]
pub struct AccessMatrix {
    document: AccessModelDocument,
    compiled: Compiled,
    /// Per grant: expiry in milliseconds, when it has one.
    expiry: Vec<Option<Millis>>,
    /// Computed on first use: hashing the canonical form of a large model costs as much as
    /// compiling it.
    fingerprint: std::sync::OnceLock<String>,
}

/// Who is asking: a user of the model, or a set of roles.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccessRequest {
    /// A user id of the model.
    #[serde(default)]
    pub user: Option<String>,
    /// Or the roles to check with (when there is no user).
    #[serde(default)]
    pub roles: Option<Vec<String>>,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The tenant, for models with tenant-specific roles.
    #[serde(default)]
    pub tenant: Option<String>,
    /// Facts the conditions read.
    #[serde(default)]
    pub context: RequestContext,
}

/// Facts about the request that conditions read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestContext {
    /// The id of the resource's owner (for `own`).
    #[serde(default)]
    pub resource_owner: Option<String>,
    /// When the session last passed MFA, milliseconds since the epoch (for `mfaWithinMinutes`).
    #[serde(default)]
    pub mfa_at: Option<Millis>,
    /// The time of the request, milliseconds since the epoch (time windows, expiring grants).
    /// The JavaScript layer fills in the clock when it is absent; in Rust it is required by
    /// any condition that needs it (absent, such a condition fails: deny).
    #[serde(default)]
    pub now: Option<Millis>,
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// Whether the action is allowed.
    pub allowed: bool,
    /// Stable code: `access.allowed`, `access.denied.*`.
    pub code: &'static str,
    /// Localized text.
    pub message: String,
    /// Why, in data.
    pub explanation: Explanation,
}

/// Why a decision came out as it did.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The roles the request was checked with (the user's, in the tenant).
    pub roles: Vec<String>,
    /// For an allow or a deny rule: the user, then the roles from the one held to the one
    /// carrying the deciding grant.
    pub path: Vec<String>,
    /// The deciding grant.
    pub grant: Option<GrantRef>,
    /// For a conditional refusal: which condition failed (`own`, `mfa`, `timeWindow`, `expired`).
    pub failed_condition: Option<&'static str>,
    /// For a default deny: roles that would allow it, nearest to the user's roles first.
    pub would_be_granted_by: Vec<NearestGrant>,
}

/// A grant of the document, by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantRef {
    /// Index in `grants`.
    pub index: usize,
    /// Its role.
    pub role: String,
    /// Allow or deny.
    pub effect: Effect,
    /// Why it exists, if the document says.
    pub reason: Option<String>,
}

/// A role that would grant a refused permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NearestGrant {
    /// The role.
    pub role: String,
    /// Steps in the role graph (parents and children alike) from the nearest role the user
    /// holds; `None` when no role held is connected to it.
    pub distance: Option<usize>,
    /// Whether its grant is conditional.
    pub conditional: bool,
}

/// How a cell of [`AccessMatrix::grid`] comes about (see [`AccessMatrix::cell`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum CellSource {
    /// Allowed by a grant on this role.
    Direct {
        /// The grant's index.
        grant: usize,
    },
    /// Allowed through a parent.
    Inherited {
        /// The role carrying the grant.
        from: String,
        /// The grant's index.
        grant: usize,
    },
    /// Denied by a deny rule (on this role or inherited).
    Denied {
        /// The role carrying the deny grant.
        from: String,
        /// The grant's index.
        grant: usize,
    },
    /// Allowed only under a condition or until an expiry.
    Conditional {
        /// The conditional grants' indices.
        grants: Vec<usize>,
    },
    /// No grant.
    None,
}

/// The roles × (resource, action) matrix, for an admin table. Compact, because it can be
/// large (10,000 roles × 1,000 permissions): one byte and one grant index per cell, row-major.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grid {
    /// The columns: (resource, action).
    pub columns: Vec<Permission>,
    /// The rows: role ids, in document order.
    pub roles: Vec<String>,
    /// Per cell (`row * columns.len() + column`): [`Grid::NONE`], [`Grid::DIRECT`],
    /// [`Grid::INHERITED`], [`Grid::DENIED`] or [`Grid::CONDITIONAL`].
    pub kinds: Vec<u8>,
    /// Per cell: the deciding grant's index in the document (its role is where an inherited or
    /// denied permission comes from; the first such grant for a conditional cell), or −1.
    pub grants: Vec<i32>,
}

impl Grid {
    /// No grant.
    pub const NONE: u8 = 0;
    /// Allowed by a grant on the row's role.
    pub const DIRECT: u8 = 1;
    /// Allowed through a parent.
    pub const INHERITED: u8 = 2;
    /// Refused by a deny rule.
    pub const DENIED: u8 = 3;
    /// Allowed only under a condition or until an expiry.
    pub const CONDITIONAL: u8 = 4;
}

/// A (resource, action) pair.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    /// The resource.
    pub resource: String,
    /// The action.
    pub action: String,
}

/// What a user or a role may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Effective {
    /// The user or role asked about.
    pub id: String,
    /// The roles that count (for a user: those held, with everything they inherit).
    pub roles: Vec<String>,
    /// Those of `roles` marked `requiresMfa`: when not empty, the holder must use a second
    /// factor (a server enforces it; conditions like `mfaWithinMinutes` read `context.mfaAt`).
    pub requires_mfa: Vec<String>,
    /// Allowed without conditions.
    pub allowed: Vec<Permission>,
    /// Allowed under a condition or until an expiry.
    pub conditional: Vec<Permission>,
    /// Refused by a deny rule.
    pub denied: Vec<Permission>,
}

/// The difference between what two roles may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleDiff {
    /// Allowed to the first role only.
    pub only_first: Vec<Permission>,
    /// Allowed to the second role only.
    pub only_second: Vec<Permission>,
    /// Allowed to both.
    pub both: Vec<Permission>,
}

impl AccessMatrix {
    /// Parses and compiles a model from JSON text.
    ///
    /// # Errors
    /// [`AccessError`] with the JSON path: malformed JSON, a field of the wrong type, an unknown
    /// field, an unsupported `schema`, a duplicate id, a reference to an unknown role, resource,
    /// action or tenant, a role cycle (named), a malformed time.
    pub fn from_json(text: &str) -> Result<AccessMatrix, AccessError> {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(AccessError::TooLarge { bytes: text.len() });
        }
        // The fast path first; only a document that fails is read again, tracking paths, to say
        // where (path tracking roughly doubles the parse time of large models).
        if let Ok(document) = serde_json::from_str::<AccessModelDocument>(text) {
            return AccessMatrix::from_document(document);
        }
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let document: AccessModelDocument = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|err| {
                let path = err.path().to_string();
                let inner = err.into_inner();
                if inner.is_syntax() || inner.is_eof() {
                    AccessError::Syntax {
                        line: inner.line(),
                        column: inner.column(),
                        message: inner.to_string(),
                    }
                } else {
                    AccessError::Invalid {
                        path: if path == "." { String::new() } else { path },
                        message: strip_position(&inner.to_string()),
                    }
                }
            })?;
        deserializer.end().map_err(|inner| AccessError::Syntax {
            line: inner.line(),
            column: inner.column(),
            message: inner.to_string(),
        })?;
        AccessMatrix::from_document(document)
    }

    /// Compiles a document already in memory.
    ///
    /// # Errors
    /// As [`AccessMatrix::from_json`], except syntax.
    pub fn from_document(document: AccessModelDocument) -> Result<AccessMatrix, AccessError> {
        if document.schema != SCHEMA_VERSION {
            return Err(AccessError::SchemaVersion {
                found: document.schema,
            });
        }
        let compiled = matrix::compile(&document)?;
        let mut expiry = Vec::with_capacity(document.grants.len());
        for (g, grant) in document.grants.iter().enumerate() {
            expiry.push(match &grant.expires_at {
                Some(text) => Some(parse_time(text, format!("grants[{g}].expiresAt"))?),
                None => None,
            });
            if let Some(text) = &grant.reviewed_at {
                parse_time(text, format!("grants[{g}].reviewedAt"))?;
            }
            if let Some(window) = grant
                .condition
                .as_ref()
                .and_then(|c| c.time_window.as_ref())
            {
                for (field, value) in [("from", &window.from), ("to", &window.to)] {
                    parse_clock(value).ok_or_else(|| AccessError::Invalid {
                        path: format!("grants[{g}].condition.timeWindow.{field}"),
                        message: format!("`{value}` is not a time of day as HH:MM"),
                    })?;
                }
            }
        }
        for (u, user) in document.users.iter().enumerate() {
            for (field, value) in [
                ("lastActiveAt", &user.last_active_at),
                ("reviewedAt", &user.reviewed_at),
            ] {
                if let Some(text) = value {
                    parse_time(text, format!("users[{u}].{field}"))?;
                }
            }
        }
        let fingerprint = std::sync::OnceLock::new();
        Ok(AccessMatrix {
            document,
            compiled,
            expiry,
            fingerprint,
        })
    }

    /// The document, with every default filled in.
    #[must_use]
    pub fn document(&self) -> &AccessModelDocument {
        &self.document
    }

    /// `sha256:` and the hex SHA-256 of the canonical form: every field present, object keys
    /// sorted, no whitespace (the same rule as policy documents).
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        self.fingerprint
            .get_or_init(|| fingerprint_of(&self.document))
    }

    /// The canonical JSON text [`AccessMatrix::fingerprint`] hashes.
    #[must_use]
    pub fn to_canonical_json(&self) -> String {
        canonical_json(&self.document)
    }

    /// The roles a request is checked with: the user's (everywhere and in the tenant) or the
    /// request's own list.
    fn request_roles(&self, request: &AccessRequest) -> Result<Vec<usize>, &'static str> {
        let c = &self.compiled;
        let mut roles: Vec<usize> = Vec::new();
        if let Some(tenant) = &request.tenant {
            if !c.tenants.contains(tenant) {
                return Err("access.denied.unknown_tenant");
            }
        }
        match (&request.user, &request.roles) {
            (Some(user), _) => {
                let &u = c.user_index.get(user).ok_or("access.denied.unknown_user")?;
                if self.document.users.get(u).is_some_and(|x| x.disabled) {
                    return Err("access.denied.user_disabled");
                }
                roles.extend(c.user_roles.get(u).map_or(&[][..], Vec::as_slice));
                if let Some(tenant) = &request.tenant {
                    if let Some(extra) = c.user_tenant_roles.get(u).and_then(|m| m.get(tenant)) {
                        roles.extend(extra);
                    }
                }
            }
            (None, Some(list)) => {
                for role in list {
                    roles.push(*c.role_index.get(role).ok_or("access.denied.unknown_role")?);
                }
            }
            (None, None) => return Err("access.denied.no_subject"),
        }
        roles.sort_unstable();
        roles.dedup();
        Ok(roles)
    }

    /// Whether `user` may do `action` on `resource` at `now` (no tenant, no other context): the
    /// shorthand of [`AccessMatrix::check`], without building an explanation — a few hash
    /// lookups and bit tests, with no allocation unless a conditional grant is involved.
    #[must_use]
    pub fn can(&self, user: &str, action: &str, resource: &str, now: Option<Millis>) -> bool {
        let c = &self.compiled;
        let Some(&u) = c.user_index.get(user) else {
            return false;
        };
        if self.document.users.get(u).is_none_or(|x| x.disabled) {
            return false;
        }
        let Some(p) = c.permission(resource, action) else {
            return false;
        };
        let roles = c.user_roles.get(u).map_or(&[][..], Vec::as_slice);
        let conditional = roles
            .iter()
            .any(|&r| c.conditional.get(r).is_some_and(|m| m.contains_key(&p)));
        if conditional {
            let request = AccessRequest {
                user: Some(user.to_string()),
                action: action.to_string(),
                resource: resource.to_string(),
                context: RequestContext {
                    now,
                    ..RequestContext::default()
                },
                ..AccessRequest::default()
            };
            return self.decide(roles, p, &request).0;
        }
        !roles
            .iter()
            .any(|&r| c.deny.get(r).is_some_and(|set| set.contains(p)))
            && roles
                .iter()
                .any(|&r| c.allow.get(r).is_some_and(|set| set.contains(p)))
    }

    /// The decision for `roles` on permission `p`: (allowed, code, deciding grant when it is
    /// conditional, failed condition). The deciding grant of an unconditional verdict is looked
    /// up only when an explanation is built.
    fn decide(
        &self,
        roles: &[usize],
        p: usize,
        request: &AccessRequest,
    ) -> (bool, &'static str, Option<usize>, Option<&'static str>) {
        let c = &self.compiled;
        // Deny beats allow: unconditional denies first, then conditional ones that hold.
        if roles
            .iter()
            .any(|&r| c.deny.get(r).is_some_and(|set| set.contains(p)))
        {
            return (false, "access.denied.deny_rule", None, None);
        }
        let conditional: BTreeSet<usize> = roles
            .iter()
            .filter_map(|&r| c.conditional.get(r).and_then(|m| m.get(&p)))
            .flatten()
            .copied()
            .collect();
        let outcomes: Vec<(usize, Option<&'static str>)> = conditional
            .iter()
            .map(|&g| (g, self.condition_fails(g, request)))
            .collect();
        let effect = |g: usize| self.document.grants.get(g).map(|x| x.effect);
        if let Some((g, _)) = outcomes
            .iter()
            .find(|(g, failed)| failed.is_none() && effect(*g) == Some(Effect::Deny))
        {
            return (false, "access.denied.deny_rule", Some(*g), None);
        }
        if roles
            .iter()
            .any(|&r| c.allow.get(r).is_some_and(|set| set.contains(p)))
        {
            return (true, "access.allowed", None, None);
        }
        if let Some((g, _)) = outcomes
            .iter()
            .find(|(g, failed)| failed.is_none() && effect(*g) == Some(Effect::Allow))
        {
            return (true, "access.allowed", Some(*g), None);
        }
        if let Some((g, failed)) = outcomes
            .iter()
            .find(|(g, failed)| failed.is_some() && effect(*g) == Some(Effect::Allow))
        {
            return (false, "access.denied.condition", Some(*g), *failed);
        }
        (false, "access.denied.no_grant", None, None)
    }

    /// The roles and permission of a request, or the code of why it cannot be decided.
    fn resolve(&self, request: &AccessRequest) -> Result<(Vec<usize>, usize), &'static str> {
        let roles = self.request_roles(request)?;
        if !self.compiled.resource_index.contains_key(&request.resource) {
            return Err("access.denied.unknown_resource");
        }
        let p = self
            .compiled
            .permission(&request.resource, &request.action)
            .ok_or("access.denied.unknown_action")?;
        Ok((roles, p))
    }

    /// Checks a request and explains the decision. Never fails: a request naming an unknown
    /// user, role, resource, action or tenant is denied with a code saying so.
    #[must_use]
    pub fn check(&self, request: &AccessRequest, locale: Locale) -> Decision {
        let (roles, p, (allowed, code, grant, failed_condition)) = match self.resolve(request) {
            Ok((roles, p)) => {
                let verdict = self.decide(&roles, p, request);
                (roles, Some(p), verdict)
            }
            Err(code) => (
                self.request_roles(request).unwrap_or_default(),
                None,
                (false, code, None, None),
            ),
        };
        let grant = grant.or_else(|| match (code, p) {
            ("access.allowed", Some(p)) => self.deciding_grant(&roles, p, Effect::Allow),
            ("access.denied.deny_rule", Some(p)) => self.deciding_grant(&roles, p, Effect::Deny),
            _ => None,
        });
        let mut explanation = Explanation {
            roles: roles.iter().filter_map(|&r| self.role_id(r)).collect(),
            failed_condition,
            ..Explanation::default()
        };
        if let Some(g) = grant {
            if let Some(def) = self.document.grants.get(g) {
                explanation.grant = Some(GrantRef {
                    index: g,
                    role: def.role.clone(),
                    effect: def.effect,
                    reason: def.reason.clone(),
                });
                let target = self.compiled.role_index.get(&def.role).copied();
                explanation.path = target
                    .and_then(|t| self.path_to(&roles, t))
                    .map(|path| path.into_iter().filter_map(|r| self.role_id(r)).collect())
                    .unwrap_or_default();
                if let Some(user) = &request.user {
                    explanation.path.insert(0, user.clone());
                }
            }
        }
        if code == "access.denied.no_grant" {
            if let Some(p) = self.compiled.permission(&request.resource, &request.action) {
                explanation.would_be_granted_by = self.nearest_grants(&roles, p);
            }
        }
        let subject = request
            .user
            .clone()
            .unwrap_or_else(|| explanation.roles.join(", "));
        let condition =
            failed_condition.map(|c| locale.text(&format!("access.condition.{c}"), &[]));
        let nearest = explanation
            .would_be_granted_by
            .first()
            .map(|n| n.role.clone())
            .unwrap_or_default();
        let message = locale.text(
            if code == "access.denied.no_grant" && !nearest.is_empty() {
                "access.denied.no_grant.nearest"
            } else {
                code
            },
            &[
                ("subject", &subject),
                ("action", &request.action),
                ("resource", &request.resource),
                (
                    "role",
                    explanation.grant.as_ref().map_or("", |g| g.role.as_str()),
                ),
                ("condition", condition.as_deref().unwrap_or_default()),
                ("nearest", &nearest),
                ("tenant", request.tenant.as_deref().unwrap_or_default()),
            ],
        );
        Decision {
            allowed,
            code,
            message,
            explanation,
        }
    }

    fn role_id(&self, r: usize) -> Option<String> {
        self.document.roles.get(r).map(|x| x.id.clone())
    }

    /// A grant of `effect` covering `p` reachable from `roles` through inheritance, nearest first.
    fn deciding_grant(&self, roles: &[usize], p: usize, effect: Effect) -> Option<usize> {
        let c = &self.compiled;
        let mut queue: VecDeque<usize> = roles.iter().copied().collect();
        let mut seen: BTreeSet<usize> = roles.iter().copied().collect();
        while let Some(r) = queue.pop_front() {
            let own = c.role_grants.get(r).map_or(&[][..], Vec::as_slice);
            let found = own.iter().copied().find(|&g| {
                self.document
                    .grants
                    .get(g)
                    .is_some_and(|x| x.effect == effect)
                    && c.grant_permissions.get(g).is_some_and(|ps| ps.contains(&p))
            });
            if found.is_some() {
                return found;
            }
            for &parent in c.parents.get(r).map_or(&[][..], Vec::as_slice) {
                if seen.insert(parent) {
                    queue.push_back(parent);
                }
            }
        }
        None
    }

    /// The chain of roles from one of `roles` up to `target`, by inheritance.
    fn path_to(&self, roles: &[usize], target: usize) -> Option<Vec<usize>> {
        let mut queue: VecDeque<usize> = roles.iter().copied().collect();
        let mut came_from: HashMap<usize, Option<usize>> =
            roles.iter().map(|&r| (r, None)).collect();
        while let Some(r) = queue.pop_front() {
            if r == target {
                let mut path = vec![r];
                let mut at = r;
                while let Some(&Some(previous)) = came_from.get(&at) {
                    path.push(previous);
                    at = previous;
                }
                path.reverse();
                return Some(path);
            }
            for &parent in self.compiled.parents.get(r).map_or(&[][..], Vec::as_slice) {
                if let std::collections::hash_map::Entry::Vacant(slot) = came_from.entry(parent) {
                    slot.insert(Some(r));
                    queue.push_back(parent);
                }
            }
        }
        None
    }

    /// Roles that would allow permission `p`, by distance in the (undirected) role graph from
    /// the roles held; ties by fewer permissions (least privilege), then document order. At
    /// most three; unconnected roles come last (`distance: None`).
    fn nearest_grants(&self, roles: &[usize], p: usize) -> Vec<NearestGrant> {
        const WANTED: usize = 3;
        let c = &self.compiled;
        let grants_it = |r: usize| -> Option<bool> {
            if c.deny.get(r).is_some_and(|set| set.contains(p)) {
                return None;
            }
            if c.allow.get(r).is_some_and(|set| set.contains(p)) {
                return Some(false);
            }
            let conditional = c
                .conditional
                .get(r)
                .and_then(|m| m.get(&p))
                .is_some_and(|gs| {
                    gs.iter().any(|&g| {
                        self.document
                            .grants
                            .get(g)
                            .is_some_and(|x| x.effect == Effect::Allow)
                    })
                });
            conditional.then_some(true)
        };
        let size = |r: usize| c.allow.get(r).map_or(0, matrix::BitSet::count);
        let mut found: Vec<NearestGrant> = Vec::new();
        let mut seen = vec![false; c.parents.len()];
        for &r in roles {
            if let Some(flag) = seen.get_mut(r) {
                *flag = true;
            }
        }
        let mut level: Vec<usize> = roles.to_vec();
        let mut distance = 0;
        while !level.is_empty() && found.len() < WANTED {
            distance += 1;
            let mut next: Vec<usize> = Vec::new();
            for &r in &level {
                for &n in c.neighbours.get(r).map_or(&[][..], Vec::as_slice) {
                    if let Some(flag) = seen.get_mut(n) {
                        if !*flag {
                            *flag = true;
                            next.push(n);
                        }
                    }
                }
            }
            let mut here: Vec<(u32, usize, bool)> = next
                .iter()
                .filter_map(|&r| grants_it(r).map(|conditional| (size(r), r, conditional)))
                .collect();
            here.sort_unstable();
            found.extend(here.into_iter().filter_map(|(_, r, conditional)| {
                Some(NearestGrant {
                    role: self.role_id(r)?,
                    distance: Some(distance),
                    conditional,
                })
            }));
            level = next;
        }
        if found.len() < WANTED {
            let mut far: Vec<(u32, usize, bool)> = (0..c.parents.len())
                .filter(|&r| !seen.get(r).copied().unwrap_or(true))
                .filter_map(|r| grants_it(r).map(|conditional| (size(r), r, conditional)))
                .collect();
            far.sort_unstable();
            found.extend(far.into_iter().filter_map(|(_, r, conditional)| {
                Some(NearestGrant {
                    role: self.role_id(r)?,
                    distance: None,
                    conditional,
                })
            }));
        }
        found.truncate(WANTED);
        found
    }

    /// Why grant `g`'s condition (or expiry) does not hold for `request`, or `None` if it does.
    fn condition_fails(&self, g: usize, request: &AccessRequest) -> Option<&'static str> {
        let grant = self.document.grants.get(g)?;
        let now = request.context.now;
        if let Some(expires) = self.expiry.get(g).copied().flatten() {
            if now.is_none_or(|now| now >= expires) {
                return Some("expired");
            }
        }
        let condition = grant.condition.as_ref()?;
        if condition.own {
            let owner = request.context.resource_owner.as_deref();
            if owner.is_none() || owner != request.user.as_deref() {
                return Some("own");
            }
        }
        if let Some(minutes) = condition.mfa_within_minutes {
            let fresh = match (request.context.mfa_at, now) {
                (Some(at), Some(now)) => now >= at && now - at <= i64::from(minutes) * 60_000,
                _ => false,
            };
            if !fresh {
                return Some("mfa");
            }
        }
        if let Some(window) = &condition.time_window {
            if !now.is_some_and(|now| in_window(window, now)) {
                return Some("timeWindow");
            }
        }
        None
    }

    /// What a user (with everything their roles inherit) or a role may do.
    ///
    /// # Errors
    /// [`AccessError::Unknown`] when `id` is neither a user nor a role.
    pub fn effective(&self, id: &str) -> Result<Effective, AccessError> {
        let c = &self.compiled;
        let roles: Vec<usize> = if let Some(&u) = c.user_index.get(id) {
            c.user_roles.get(u).cloned().unwrap_or_default()
        } else if let Some(&r) = c.role_index.get(id) {
            vec![r]
        } else {
            return Err(AccessError::Unknown {
                path: String::new(),
                kind: "user or role",
                id: id.to_string(),
            });
        };
        let mut all_roles = BTreeSet::new();
        let mut queue: VecDeque<usize> = roles.iter().copied().collect();
        while let Some(r) = queue.pop_front() {
            if all_roles.insert(r) {
                queue.extend(c.parents.get(r).map_or(&[][..], Vec::as_slice));
            }
        }
        let mut out = Effective {
            id: id.to_string(),
            roles: all_roles.iter().filter_map(|&r| self.role_id(r)).collect(),
            requires_mfa: all_roles
                .iter()
                .filter_map(|&r| self.document.roles.get(r))
                .filter(|role| role.requires_mfa)
                .map(|role| role.id.clone())
                .collect(),
            allowed: Vec::new(),
            conditional: Vec::new(),
            denied: Vec::new(),
        };
        for p in 0..c.permissions.len() {
            let any = |sets: &Vec<matrix::BitSet>| {
                roles
                    .iter()
                    .any(|&r| sets.get(r).is_some_and(|s| s.contains(p)))
            };
            let permission = self.permission(p);
            if any(&c.deny) {
                out.denied.push(permission);
            } else if any(&c.allow) {
                out.allowed.push(permission);
            } else if roles
                .iter()
                .any(|&r| c.conditional.get(r).is_some_and(|m| m.contains_key(&p)))
            {
                out.conditional.push(permission);
            }
        }
        Ok(out)
    }

    fn permission(&self, p: usize) -> Permission {
        let (r, action) = self
            .compiled
            .permissions
            .get(p)
            .cloned()
            .unwrap_or_default();
        Permission {
            resource: self
                .document
                .resources
                .get(r)
                .map(|x| x.id.clone())
                .unwrap_or_default(),
            action,
        }
    }

    /// The whole roles × (resource, action) matrix, each cell with its source, computed in one
    /// pass over the roles (parents first), so the cost is one step per cell.
    #[must_use]
    pub fn grid(&self) -> Grid {
        let c = &self.compiled;
        let cols = c.permissions.len();
        let rows = c.parents.len();
        let mut kinds = vec![Grid::NONE; rows * cols];
        let mut grants = vec![-1i32; rows * cols];
        // How many inheritance steps separate the role from its cell's grant: among parents,
        // the nearest wins and ties go to the first parent listed — the grant `check` names
        // (it searches breadth-first, parents in order).
        let mut depths = vec![u32::MAX; rows * cols];
        let at = |r: usize, p: usize| r * cols + p;
        let mut own_allow = vec![-1i32; cols];
        let mut own_deny = vec![-1i32; cols];
        for &r in &c.order {
            own_allow.fill(-1);
            own_deny.fill(-1);
            for &g in c.role_grants.get(r).map_or(&[][..], Vec::as_slice) {
                let effect = self.document.grants.get(g).map(|x| x.effect);
                let slot = if effect == Some(Effect::Deny) {
                    &mut own_deny
                } else {
                    &mut own_allow
                };
                for &p in c.grant_permissions.get(g).map_or(&[][..], Vec::as_slice) {
                    if let Some(cell) = slot.get_mut(p) {
                        if *cell < 0 {
                            *cell = i32::try_from(g).unwrap_or(-1);
                        }
                    }
                }
            }
            let parents = c.parents.get(r).map_or(&[][..], Vec::as_slice);
            for p in 0..cols {
                // The nearest parent whose cell is of a `wanted` kind: (grant, depth from r).
                let from_parent = |wanted: &[u8]| {
                    parents
                        .iter()
                        .filter_map(|&parent| {
                            let i = at(parent, p);
                            kinds.get(i).filter(|k| wanted.contains(k))?;
                            Some((*grants.get(i)?, depths.get(i)?.saturating_add(1)))
                        })
                        .min_by_key(|&(_, depth)| depth)
                        .unwrap_or((-1, u32::MAX))
                };
                let (kind, (grant, depth)) = if c.deny.get(r).is_some_and(|s| s.contains(p)) {
                    let own = own_deny.get(p).copied().unwrap_or(-1);
                    let found = if own >= 0 {
                        (own, 0)
                    } else {
                        from_parent(&[Grid::DENIED])
                    };
                    (Grid::DENIED, found)
                } else if c.allow.get(r).is_some_and(|s| s.contains(p)) {
                    let own = own_allow.get(p).copied().unwrap_or(-1);
                    if own >= 0 {
                        (Grid::DIRECT, (own, 0))
                    } else {
                        (
                            Grid::INHERITED,
                            from_parent(&[Grid::DIRECT, Grid::INHERITED]),
                        )
                    }
                } else if let Some(first) = c
                    .conditional
                    .get(r)
                    .and_then(|m| m.get(&p))
                    .and_then(|g| g.first())
                {
                    (
                        Grid::CONDITIONAL,
                        (i32::try_from(*first).unwrap_or(-1), u32::MAX),
                    )
                } else {
                    (Grid::NONE, (-1, u32::MAX))
                };
                let i = at(r, p);
                if let Some(slot) = depths.get_mut(i) {
                    *slot = depth;
                }
                if let Some(slot) = kinds.get_mut(i) {
                    *slot = kind;
                }
                if let Some(slot) = grants.get_mut(i) {
                    *slot = grant;
                }
            }
        }
        Grid {
            columns: (0..cols).map(|p| self.permission(p)).collect(),
            roles: self.document.roles.iter().map(|r| r.id.clone()).collect(),
            kinds,
            grants,
        }
    }

    /// One cell of a [`Grid`] of this model, in words.
    #[must_use]
    pub fn cell(&self, grid: &Grid, row: usize, column: usize) -> Option<CellSource> {
        let i = row * grid.columns.len() + column;
        let kind = *grid.kinds.get(i)?;
        let grant = grid
            .grants
            .get(i)
            .copied()
            .and_then(|g| usize::try_from(g).ok());
        let role_of = |g: usize| {
            self.document
                .grants
                .get(g)
                .map(|x| x.role.clone())
                .unwrap_or_default()
        };
        Some(match (kind, grant) {
            (Grid::DIRECT, Some(grant)) => CellSource::Direct { grant },
            (Grid::INHERITED, Some(grant)) => CellSource::Inherited {
                from: role_of(grant),
                grant,
            },
            (Grid::DENIED, Some(grant)) => CellSource::Denied {
                from: role_of(grant),
                grant,
            },
            (Grid::CONDITIONAL, _) => CellSource::Conditional {
                grants: self
                    .compiled
                    .conditional
                    .get(row)
                    .and_then(|m| m.get(&column))
                    .cloned()
                    .unwrap_or_default(),
            },
            _ => CellSource::None,
        })
    }

    /// What role `a` may do that `b` may not, the reverse, and what both may do.
    ///
    /// # Errors
    /// [`AccessError::Unknown`] for an unknown role.
    pub fn diff_roles(&self, a: &str, b: &str) -> Result<RoleDiff, AccessError> {
        let first = self.effective_role(a)?;
        let second = self.effective_role(b)?;
        Ok(RoleDiff {
            only_first: first.difference(&second).cloned().collect(),
            only_second: second.difference(&first).cloned().collect(),
            both: first.intersection(&second).cloned().collect(),
        })
    }

    fn effective_role(&self, id: &str) -> Result<BTreeSet<Permission>, AccessError> {
        if !self.compiled.role_index.contains_key(id) {
            return Err(AccessError::Unknown {
                path: String::new(),
                kind: "role",
                id: id.to_string(),
            });
        }
        Ok(self.effective(id)?.allowed.into_iter().collect())
    }
}

/// Whether `now` (ms, UTC) falls inside the daily window.
fn in_window(window: &schema::TimeWindow, now: Millis) -> bool {
    let local = now + i64::from(window.utc_offset_minutes) * 60_000;
    let day_ms = 86_400_000;
    let minute_of_day = local.rem_euclid(day_ms) / 60_000;
    // 1970-01-01 was a Thursday.
    let weekday = (local.div_euclid(day_ms) + 3).rem_euclid(7);
    let days = [
        schema::Weekday::Mon,
        schema::Weekday::Tue,
        schema::Weekday::Wed,
        schema::Weekday::Thu,
        schema::Weekday::Fri,
        schema::Weekday::Sat,
        schema::Weekday::Sun,
    ];
    let today = days.get(weekday as usize).copied();
    if !window.days.is_empty() && !today.is_some_and(|d| window.days.contains(&d)) {
        return false;
    }
    let (Some(from), Some(to)) = (parse_clock(&window.from), parse_clock(&window.to)) else {
        return false;
    };
    if from <= to {
        (from..to).contains(&minute_of_day)
    } else {
        minute_of_day >= from || minute_of_day < to
    }
}

/// `HH:MM` as minutes after midnight.
fn parse_clock(text: &str) -> Option<i64> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: i64 = h.parse().ok()?;
    let m: i64 = m.parse().ok()?;
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

/// An RFC 3339 time as milliseconds since the epoch.
pub(crate) fn parse_time(text: &str, path: String) -> Result<Millis, AccessError> {
    let invalid = || AccessError::Invalid {
        path: path.clone(),
        message: format!("`{text}` is not an RFC 3339 time such as 2026-11-21T09:30:00Z"),
    };
    let time = humantime::parse_rfc3339_weak(text).map_err(|_| invalid())?;
    let millis = match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).map_err(|_| invalid())?,
        Err(before) => -i64::try_from(before.duration().as_millis()).map_err(|_| invalid())?,
    };
    Ok(millis)
}

fn canonical_json(document: &AccessModelDocument) -> String {
    crate::canonical::json(document)
}

fn fingerprint_of(document: &AccessModelDocument) -> String {
    crate::canonical::sha256_tag(&canonical_json(document))
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message.get(..index).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// An access model that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessError {
    /// Not JSON.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser says.
        message: String,
    },
    /// Not the document's shape, or a malformed value.
    Invalid {
        /// Where.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// `schema` is not a version this crate reads.
    SchemaVersion {
        /// The version found.
        found: u32,
    },
    /// Two roles, resources, actions or users share an id.
    Duplicate {
        /// Where the second one is.
        path: String,
        /// `role`, `resource`, `action` or `user`.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// A reference to a role, resource, action or tenant that does not exist.
    Unknown {
        /// Where.
        path: String,
        /// What kind of thing.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// Roles that inherit from each other in a circle.
    Cycle {
        /// The parent reference that closes the circle.
        path: String,
        /// The roles, first repeated last: `a → b → a`.
        cycle: Vec<String>,
    },
    /// The document is larger than [`MAX_DOCUMENT_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// An inconsistency inside the compiler (a bug); reported rather than panicking.
    Internal,
}

impl fmt::Display for AccessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccessError::Syntax { message, .. } => {
                write!(f, "the access model is not valid JSON: {message}")
            }
            AccessError::Invalid { message, .. } => f.write_str(message),
            AccessError::SchemaVersion { found } => write!(
                f,
                "unsupported schema version `{found}`: this version of account-rules reads schema {SCHEMA_VERSION}"
            ),
            AccessError::Duplicate { kind, id, .. } => write!(f, "duplicate {kind} `{id}`"),
            AccessError::Unknown { kind, id, .. } => write!(f, "unknown {kind} `{id}`"),
            AccessError::Cycle { cycle, .. } => {
                write!(
                    f,
                    "roles inherit from each other in a cycle: {}",
                    cycle.join(" → ")
                )
            }
            AccessError::TooLarge { bytes } => write!(
                f,
                "the access model is {bytes} bytes long; at most {MAX_DOCUMENT_BYTES} are accepted"
            ),
            AccessError::Internal => f.write_str("internal error while compiling the model"),
        }
    }
}

impl std::error::Error for AccessError {}

impl crate::CodedError for AccessError {
    fn code(&self) -> &'static str {
        match self {
            AccessError::Syntax { .. } => "access.model.syntax",
            AccessError::Invalid { .. } => "access.model.invalid",
            AccessError::SchemaVersion { .. } => "access.model.schema_unsupported",
            AccessError::Duplicate { .. } => "access.model.duplicate",
            AccessError::Unknown { .. } => "access.model.unknown_reference",
            AccessError::Cycle { .. } => "access.model.role_cycle",
            AccessError::TooLarge { .. } => "access.model.too_large",
            AccessError::Internal => "access.model.internal",
        }
    }

    fn path(&self) -> String {
        match self {
            AccessError::Syntax { line, column, .. } => format!("line {line}, column {column}"),
            AccessError::Invalid { path, .. }
            | AccessError::Duplicate { path, .. }
            | AccessError::Unknown { path, .. }
            | AccessError::Cycle { path, .. } => path.clone(),
            AccessError::SchemaVersion { .. } => "schema".into(),
            AccessError::TooLarge { .. } | AccessError::Internal => String::new(),
        }
    }
}

/// Every code a [`Decision`] can carry, and the texts its messages use.
pub const CODES: &[&str] = &[
    "access.allowed",
    "access.denied.deny_rule",
    "access.denied.condition",
    "access.denied.no_grant",
    "access.denied.no_grant.nearest",
    "access.denied.user_disabled",
    "access.denied.unknown_user",
    "access.denied.unknown_role",
    "access.denied.unknown_resource",
    "access.denied.unknown_action",
    "access.denied.unknown_tenant",
    "access.denied.no_subject",
    "access.condition.own",
    "access.condition.mfa",
    "access.condition.timeWindow",
    "access.condition.expired",
];

#[cfg(test)]
mod tests;
