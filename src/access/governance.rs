//! Governance of an access model: the audit, checks before an assignment, change records and
//! per-user snapshots.
//!
//! - [`AccessMatrix::audit`] reviews a compiled model at a given time and reports
//!   [`AuditFinding`]s: broken constraints (separation of duties, holder caps, prerequisites),
//!   overdue reviews, expired grants still present, disabled or inactive users still holding
//!   roles, over-broad grants held by many users and — given a [`UsageLog`] — permissions
//!   nobody uses.
//! - [`AccessMatrix::assign`] adds a role to a user only if no constraint would break, and says
//!   which one otherwise ([`AssignRefusal`]).
//! - [`diff`] lists what changed between two documents as [`Change`] records, the `changes` of a
//!   [`ChangeLog`](super::changelog::ChangeLog) entry.
//! - [`AccessMatrix::snapshot_for`] cuts a model down to what one user's checks need, to ship
//!   to that user's browser.
//!
//! # Who holds a role
//!
//! Everywhere in this module a user *holds* a role when it is assigned to them — globally or in
//! any tenant — or inherited by a role assigned to them. Constraints, holder counts and the
//! audit all count this way, disabled users included (their assignments still exist).
//! Constraints naming a role the model does not have never apply to it (a separation-of-duties
//! set with such a role, or with fewer than two roles, is ignored); a prerequisite that
//! `requires` an unknown role cannot be met.

use super::matrix::BitSet;
use super::schema::{
    AccessModelDocument, Actions, Constraints, Effect, Grant, ResourceDef, RoleDef, UserDef,
};
use super::{AccessError, AccessMatrix, Millis, parse_time};
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

/// Every code this module emits: audit findings and assignment refusals.
pub const CODES: &[&str] = &[
    "audit.sod_violation",
    "audit.max_holders_exceeded",
    "audit.prerequisite_missing",
    "audit.grant_review_due",
    "audit.user_review_due",
    "audit.expired_grant",
    "audit.disabled_user_has_roles",
    "audit.inactive_user_has_roles",
    "audit.least_privilege.wildcard",
    "audit.least_privilege.admin_like",
    "audit.unused_permissions",
    "access.assign.unknown_user",
    "access.assign.unknown_role",
    "access.assign.unknown_tenant",
    "access.assign.separation_of_duties",
    "access.assign.max_holders",
    "access.assign.prerequisite",
];

const DAY_MS: Millis = 86_400_000;

/// A role held by more than this many users (and by more than a fifth of all users) counts as
/// held by many, for the least-privilege findings.
const MANY_HOLDERS_MIN: usize = 3;

// ---------------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------------

/// How serious a finding is. Findings are ordered by severity: errors first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A constraint of the model is broken.
    Error,
    /// Something to fix or review.
    Warning,
    /// Worth knowing.
    Info,
}

/// Something of the model a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ObjectRef {
    /// A user, by id.
    User {
        /// The user id.
        id: String,
    },
    /// A role, by id.
    Role {
        /// The role id.
        id: String,
    },
    /// A grant, by position in `grants`.
    Grant {
        /// Index in `grants`.
        index: usize,
    },
    /// A (resource, action) permission.
    Permission {
        /// The resource.
        resource: String,
        /// The action.
        action: String,
    },
}

/// One result of [`AccessMatrix::audit`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditFinding {
    /// Stable code, `audit.*`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Localized text.
    pub message: String,
    /// What it is about: users, roles, grants, permissions.
    pub objects: Vec<ObjectRef>,
    /// Where in the document to fix it, e.g. `users[3]` or `grants[7].reviewedAt`.
    pub path: String,
}

/// Who used which permission, for the unused-permissions finding.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UsageLog {
    /// Uses of permissions; entries before `since` are ignored.
    pub entries: Vec<UsageEntry>,
    /// Start of the period the log covers, milliseconds since the epoch.
    pub since: Millis,
}

/// One use of a permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UsageEntry {
    /// The user id.
    pub user: String,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// When, milliseconds since the epoch.
    pub at: Millis,
}

/// Parts of the document, in document order; findings are sorted by where they point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Roles,
    Grants,
    Users,
    MaxHolders,
}

/// Who holds what, counted as the module docs say.
struct Holdings {
    /// Per user: every role they hold.
    held: Vec<BitSet>,
    /// Per role: the users holding it, ascending.
    holders: Vec<Vec<usize>>,
}

/// Findings as they are found, with where they point for sorting.
struct Findings {
    locale: Locale,
    items: Vec<((Severity, Section, usize), AuditFinding)>,
}

impl Findings {
    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        at: (Section, usize),
        path: String,
        objects: Vec<ObjectRef>,
        args: &[(&str, &str)],
    ) {
        let finding = AuditFinding {
            code,
            severity,
            message: self.locale.text(code, args),
            objects,
            path,
        };
        self.items.push(((severity, at.0, at.1), finding));
    }

    /// By severity, then document order; ties keep the order they were found in.
    fn finish(mut self) -> Vec<AuditFinding> {
        self.items.sort_by_key(|(key, _)| *key);
        self.items.into_iter().map(|(_, finding)| finding).collect()
    }
}

/// Items joined the way the locale writes a list.
fn list(locale: Locale, items: &[String]) -> String {
    items.join(match locale {
        Locale::En => ", ",
        Locale::ZhCn => "、",
    })
}

/// A day as `YYYY-MM-DD` (UTC), from milliseconds since the epoch.
fn format_day(millis: Millis) -> String {
    // Howard Hinnant's civil-from-days.
    let z = millis.div_euclid(DAY_MS) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn role_ref(id: &str) -> ObjectRef {
    ObjectRef::Role { id: id.to_string() }
}

fn user_ref(id: &str) -> ObjectRef {
    ObjectRef::User { id: id.to_string() }
}

/// The roles of a separation-of-duties set, if every one exists and there are at least two.
fn sod_roles(matrix: &AccessMatrix, roles: &[String]) -> Option<Vec<usize>> {
    let mut found: Vec<usize> = roles
        .iter()
        .map(|id| matrix.compiled.role_index.get(id).copied())
        .collect::<Option<_>>()?;
    found.sort_unstable();
    found.dedup();
    (found.len() >= 2).then_some(found)
}

impl AccessMatrix {
    /// Reviews the model at time `now` and lists what needs attention, errors first, then in
    /// document order.
    ///
    /// | code | severity | when |
    /// |---|---|---|
    /// | `audit.sod_violation` | error | a user holds every role of a `separationOfDuties` set |
    /// | `audit.max_holders_exceeded` | error | more users hold a role than its `maxHolders` |
    /// | `audit.prerequisite_missing` | error | a user holds `role` of a prerequisite but not `requires` |
    /// | `audit.expired_grant` | warning | a grant's `expiresAt` is at or before `now` |
    /// | `audit.grant_review_due` | warning | a (not expired) grant has no `reviewedAt`, or it is `reviewIntervalDays` old |
    /// | `audit.disabled_user_has_roles` | warning | a disabled user still has roles assigned |
    /// | `audit.inactive_user_has_roles` | warning | an enabled user with roles was last active `reviewIntervalDays` ago or more |
    /// | `audit.user_review_due` | warning | an enabled user's assignments have no `reviewedAt`, or it is `reviewIntervalDays` old |
    /// | `audit.least_privilege.wildcard` | warning | an allow grant of `"*"` on a role held by many users |
    /// | `audit.least_privilege.admin_like` | warning | an admin-like role held by many users |
    /// | `audit.unused_permissions` | info | with a usage log: permissions a role's own allow grants give that none of its holders used since `usage.since` |
    ///
    /// "Many users" is more than three and more than a fifth of all users. A role is admin-like
    /// when it is allowed (unconditionally, with what it inherits) every permission of the
    /// model, or when no deny rule reaches it and it is allowed more than half of them. Users
    /// without `lastActiveAt` are not reported as inactive. Roles nobody holds are not reported
    /// as unused; permissions a role is denied are not counted as unused.
    #[must_use]
    pub fn audit(
        &self,
        now: Millis,
        usage: Option<&UsageLog>,
        locale: Locale,
    ) -> Vec<AuditFinding> {
        let holdings = self.holdings();
        let mut findings = Findings {
            locale,
            items: Vec::new(),
        };
        self.audit_constraints(&holdings, &mut findings);
        self.audit_grants(now, &mut findings);
        self.audit_users(now, &mut findings);
        self.audit_least_privilege(now, &holdings, &mut findings);
        if let Some(usage) = usage {
            self.audit_usage(now, &holdings, usage, &mut findings);
        }
        findings.finish()
    }

    fn review_interval_ms(&self) -> Millis {
        i64::from(self.document.review_interval_days).saturating_mul(DAY_MS)
    }

    /// Whether grant `g` has expired at `now`.
    fn expired(&self, g: usize, now: Millis) -> bool {
        self.expiry
            .get(g)
            .copied()
            .flatten()
            .is_some_and(|at| at <= now)
    }

    /// The roles assigned to user `u`, globally and then in each tenant, without repeats.
    fn assigned(&self, u: usize) -> Vec<usize> {
        let Some(user) = self.document.users.get(u) else {
            return Vec::new();
        };
        let mut roles: Vec<usize> = Vec::new();
        for id in user
            .roles
            .iter()
            .chain(user.tenant_roles.values().flatten())
        {
            if let Some(&r) = self.compiled.role_index.get(id) {
                if !roles.contains(&r) {
                    roles.push(r);
                }
            }
        }
        roles
    }

    /// The assignments of user `u` for people: `role`, or `role (tenant)`.
    fn assignment_labels(&self, u: usize) -> Vec<String> {
        let Some(user) = self.document.users.get(u) else {
            return Vec::new();
        };
        let mut labels = user.roles.clone();
        for (tenant, roles) in &user.tenant_roles {
            labels.extend(roles.iter().map(|role| format!("{role} ({tenant})")));
        }
        labels
    }

    /// `roles` and every role they inherit from.
    fn closure_of(&self, roles: &[usize]) -> BitSet {
        let parents = &self.compiled.parents;
        let mut set = BitSet::new(parents.len());
        let mut stack: Vec<usize> = roles.to_vec();
        while let Some(r) = stack.pop() {
            if r < parents.len() && !set.contains(r) {
                set.insert(r);
                stack.extend(parents.get(r).map_or(&[][..], Vec::as_slice));
            }
        }
        set
    }

    fn holdings(&self) -> Holdings {
        let n_roles = self.compiled.parents.len();
        let held: Vec<BitSet> = (0..self.document.users.len())
            .map(|u| self.closure_of(&self.assigned(u)))
            .collect();
        let mut holders = vec![Vec::new(); n_roles];
        for (u, set) in held.iter().enumerate() {
            for (r, list) in holders.iter_mut().enumerate() {
                if set.contains(r) {
                    list.push(u);
                }
            }
        }
        Holdings { held, holders }
    }

    fn role_name(&self, r: usize) -> &str {
        self.document.roles.get(r).map_or("", |x| x.id.as_str())
    }

    fn audit_constraints(&self, holdings: &Holdings, out: &mut Findings) {
        let constraints = &self.document.constraints;
        let index = &self.compiled.role_index;
        for (u, user) in self.document.users.iter().enumerate() {
            let Some(held) = holdings.held.get(u) else {
                continue;
            };
            for sod in &constraints.separation_of_duties {
                let Some(roles) = sod_roles(self, &sod.roles) else {
                    continue;
                };
                if roles.iter().all(|&r| held.contains(r)) {
                    let names: Vec<String> = roles
                        .iter()
                        .map(|&r| self.role_name(r).to_string())
                        .collect();
                    let mut objects = vec![user_ref(&user.id)];
                    objects.extend(names.iter().map(|id| role_ref(id)));
                    out.push(
                        Severity::Error,
                        "audit.sod_violation",
                        (Section::Users, u),
                        format!("users[{u}]"),
                        objects,
                        &[("user", &user.id), ("roles", &list(out.locale, &names))],
                    );
                }
            }
            for prerequisite in &constraints.prerequisites {
                let holds = |id: &str| index.get(id).is_some_and(|&r| held.contains(r));
                if holds(&prerequisite.role) && !holds(&prerequisite.requires) {
                    out.push(
                        Severity::Error,
                        "audit.prerequisite_missing",
                        (Section::Users, u),
                        format!("users[{u}]"),
                        vec![
                            user_ref(&user.id),
                            role_ref(&prerequisite.role),
                            role_ref(&prerequisite.requires),
                        ],
                        &[
                            ("user", &user.id),
                            ("role", &prerequisite.role),
                            ("requires", &prerequisite.requires),
                        ],
                    );
                }
            }
        }
        for (i, cap) in constraints.max_holders.iter().enumerate() {
            let Some(holders) = index.get(&cap.role).and_then(|&r| holdings.holders.get(r)) else {
                continue;
            };
            if holders.len() > cap.max as usize {
                let mut objects = vec![role_ref(&cap.role)];
                objects.extend(
                    holders
                        .iter()
                        .filter_map(|&u| self.document.users.get(u))
                        .map(|user| user_ref(&user.id)),
                );
                out.push(
                    Severity::Error,
                    "audit.max_holders_exceeded",
                    (Section::MaxHolders, i),
                    format!("constraints.maxHolders[{i}]"),
                    objects,
                    &[
                        ("role", &cap.role),
                        ("count", &holders.len().to_string()),
                        ("max", &cap.max.to_string()),
                    ],
                );
            }
        }
    }

    fn audit_grants(&self, now: Millis, out: &mut Findings) {
        let interval = self.review_interval_ms();
        let days = self.document.review_interval_days.to_string();
        for (g, grant) in self.document.grants.iter().enumerate() {
            let index = g.to_string();
            let objects = vec![ObjectRef::Grant { index: g }, role_ref(&grant.role)];
            let args = [
                ("index", index.as_str()),
                ("role", grant.role.as_str()),
                ("resource", grant.resource.as_str()),
                ("expiresAt", grant.expires_at.as_deref().unwrap_or_default()),
                ("days", days.as_str()),
            ];
            if self.expired(g, now) {
                out.push(
                    Severity::Warning,
                    "audit.expired_grant",
                    (Section::Grants, g),
                    format!("grants[{g}].expiresAt"),
                    objects,
                    &args,
                );
                continue;
            }
            let reviewed = grant
                .reviewed_at
                .as_deref()
                .and_then(|text| parse_time(text, String::new()).ok());
            if reviewed.is_none_or(|at| now.saturating_sub(at) >= interval) {
                out.push(
                    Severity::Warning,
                    "audit.grant_review_due",
                    (Section::Grants, g),
                    format!("grants[{g}].reviewedAt"),
                    objects,
                    &args,
                );
            }
        }
    }

    fn audit_users(&self, now: Millis, out: &mut Findings) {
        let interval = self.review_interval_ms();
        let interval_days = self.document.review_interval_days.to_string();
        for (u, user) in self.document.users.iter().enumerate() {
            let labels = self.assignment_labels(u);
            if labels.is_empty() {
                continue;
            }
            let roles = list(out.locale, &labels);
            if user.disabled {
                out.push(
                    Severity::Warning,
                    "audit.disabled_user_has_roles",
                    (Section::Users, u),
                    format!("users[{u}].disabled"),
                    vec![user_ref(&user.id)],
                    &[("user", &user.id), ("roles", &roles)],
                );
                continue;
            }
            let time = |text: &Option<String>| {
                text.as_deref()
                    .and_then(|text| parse_time(text, String::new()).ok())
            };
            if let Some(at) = time(&user.last_active_at) {
                let idle = now.saturating_sub(at);
                if idle >= interval {
                    out.push(
                        Severity::Warning,
                        "audit.inactive_user_has_roles",
                        (Section::Users, u),
                        format!("users[{u}].lastActiveAt"),
                        vec![user_ref(&user.id)],
                        &[
                            ("user", &user.id),
                            ("roles", &roles),
                            ("days", &(idle / DAY_MS).to_string()),
                        ],
                    );
                }
            }
            if time(&user.reviewed_at).is_none_or(|at| now.saturating_sub(at) >= interval) {
                out.push(
                    Severity::Warning,
                    "audit.user_review_due",
                    (Section::Users, u),
                    format!("users[{u}].reviewedAt"),
                    vec![user_ref(&user.id)],
                    &[("user", &user.id), ("days", &interval_days)],
                );
            }
        }
    }

    fn audit_least_privilege(&self, now: Millis, holdings: &Holdings, out: &mut Findings) {
        let c = &self.compiled;
        let users = self.document.users.len();
        let many = |count: usize| count > MANY_HOLDERS_MIN && count * 5 > users;
        let holder_count = |r: usize| holdings.holders.get(r).map_or(0, Vec::len);
        let total_users = users.to_string();
        for (g, grant) in self.document.grants.iter().enumerate() {
            if !matches!(grant.actions, Actions::All(_))
                || grant.effect != Effect::Allow
                || self.expired(g, now)
            {
                continue;
            }
            let count = c
                .role_index
                .get(&grant.role)
                .map_or(0, |&r| holder_count(r));
            if many(count) {
                out.push(
                    Severity::Warning,
                    "audit.least_privilege.wildcard",
                    (Section::Grants, g),
                    format!("grants[{g}].actions"),
                    vec![ObjectRef::Grant { index: g }, role_ref(&grant.role)],
                    &[
                        ("index", &g.to_string()),
                        ("role", &grant.role),
                        ("resource", &grant.resource),
                        ("count", &count.to_string()),
                        ("users", &total_users),
                    ],
                );
            }
        }
        let permissions = c.permissions.len();
        if permissions == 0 {
            return;
        }
        for (r, role) in self.document.roles.iter().enumerate() {
            let allowed = c.allow.get(r).map_or(0, BitSet::count) as usize;
            let deny_free = c.deny.get(r).is_none_or(|set| set.count() == 0)
                && !c.conditional.get(r).is_some_and(|map| {
                    map.values().flatten().any(|&g| {
                        self.document
                            .grants
                            .get(g)
                            .is_some_and(|x| x.effect == Effect::Deny)
                    })
                });
            let admin_like = allowed == permissions || (deny_free && allowed * 2 > permissions);
            let count = holder_count(r);
            if admin_like && many(count) {
                out.push(
                    Severity::Warning,
                    "audit.least_privilege.admin_like",
                    (Section::Roles, r),
                    format!("roles[{r}]"),
                    vec![role_ref(&role.id)],
                    &[
                        ("role", &role.id),
                        ("allowed", &allowed.to_string()),
                        ("permissions", &permissions.to_string()),
                        ("count", &count.to_string()),
                        ("users", &total_users),
                    ],
                );
            }
        }
    }

    fn audit_usage(&self, now: Millis, holdings: &Holdings, usage: &UsageLog, out: &mut Findings) {
        let c = &self.compiled;
        let used: HashSet<(usize, usize)> = usage
            .entries
            .iter()
            .filter(|entry| entry.at >= usage.since)
            .filter_map(|entry| {
                let u = *c.user_index.get(&entry.user)?;
                Some((u, c.permission(&entry.resource, &entry.action)?))
            })
            .collect();
        let mut own_grants: Vec<Vec<usize>> = vec![Vec::new(); c.parents.len()];
        for (g, grant) in self.document.grants.iter().enumerate() {
            if grant.effect == Effect::Allow && !self.expired(g, now) {
                if let Some(list) = c
                    .role_index
                    .get(&grant.role)
                    .and_then(|&r| own_grants.get_mut(r))
                {
                    list.push(g);
                }
            }
        }
        let since = format_day(usage.since);
        for (r, role) in self.document.roles.iter().enumerate() {
            let holders = holdings.holders.get(r).map_or(&[][..], Vec::as_slice);
            if holders.is_empty() {
                continue;
            }
            let given: BTreeSet<usize> = own_grants
                .get(r)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter_map(|&g| c.grant_permissions.get(g))
                .flatten()
                .copied()
                .filter(|&p| !c.deny.get(r).is_some_and(|set| set.contains(p)))
                .collect();
            let unused: Vec<super::Permission> = given
                .into_iter()
                .filter(|&p| !holders.iter().any(|&u| used.contains(&(u, p))))
                .map(|p| self.permission(p))
                .collect();
            if unused.is_empty() {
                continue;
            }
            let names: Vec<String> = unused
                .iter()
                .map(|p| format!("{}.{}", p.resource, p.action))
                .collect();
            let mut objects = vec![role_ref(&role.id)];
            objects.extend(unused.into_iter().map(|p| ObjectRef::Permission {
                resource: p.resource,
                action: p.action,
            }));
            out.push(
                Severity::Info,
                "audit.unused_permissions",
                (Section::Roles, r),
                format!("roles[{r}]"),
                objects,
                &[
                    ("role", &role.id),
                    ("count", &names.len().to_string()),
                    ("permissions", &list(out.locale, &names)),
                    ("since", &since),
                ],
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Assignment
// ---------------------------------------------------------------------------------------------

/// Why [`AccessMatrix::assign`] refused an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignRefusal {
    /// The model has no such user.
    UnknownUser {
        /// The user id asked for.
        user: String,
    },
    /// The model has no such role.
    UnknownRole {
        /// The role id asked for.
        role: String,
    },
    /// The model has no such tenant.
    UnknownTenant {
        /// The tenant asked for.
        tenant: String,
    },
    /// The user would hold every role of a separation-of-duties set.
    SeparationOfDuties {
        /// The user.
        user: String,
        /// The role being assigned.
        role: String,
        /// Index of the set in `constraints.separationOfDuties`.
        index: usize,
        /// The roles of the set.
        roles: Vec<String>,
        /// The set's reason, if it gives one.
        reason: Option<String>,
    },
    /// A role would have more holders than its cap.
    MaxHolders {
        /// The user.
        user: String,
        /// The role being assigned.
        role: String,
        /// Index of the cap in `constraints.maxHolders`.
        index: usize,
        /// The capped role (the one assigned, or one it inherits).
        capped: String,
        /// The cap.
        max: u32,
        /// How many users hold the capped role now.
        holders: usize,
    },
    /// The user would hold a role without the role it requires.
    Prerequisite {
        /// The user.
        user: String,
        /// The role being assigned.
        role: String,
        /// Index in `constraints.prerequisites`.
        index: usize,
        /// The role needing the prerequisite (the one assigned, or one it inherits).
        dependent: String,
        /// The role it requires.
        requires: String,
    },
}

impl AssignRefusal {
    /// The refusal in `locale`.
    #[must_use]
    pub fn message_in(&self, locale: Locale) -> String {
        let code = crate::CodedError::code(self);
        let quote = |id: &str| format!("`{id}`");
        match self {
            AssignRefusal::UnknownUser { user } => locale.text(code, &[("user", user)]),
            AssignRefusal::UnknownRole { role } => locale.text(code, &[("role", role)]),
            AssignRefusal::UnknownTenant { tenant } => locale.text(code, &[("tenant", tenant)]),
            AssignRefusal::SeparationOfDuties {
                user, role, roles, ..
            } => {
                let quoted: Vec<String> = roles.iter().map(|r| quote(r)).collect();
                locale.text(
                    code,
                    &[
                        ("user", user),
                        ("role", role),
                        ("roles", &list(locale, &quoted)),
                    ],
                )
            }
            AssignRefusal::MaxHolders {
                user,
                role,
                capped,
                max,
                holders,
                ..
            } => locale.text(
                code,
                &[
                    ("user", user),
                    ("role", role),
                    ("capped", capped),
                    ("max", &max.to_string()),
                    ("count", &(holders + 1).to_string()),
                ],
            ),
            AssignRefusal::Prerequisite {
                user,
                role,
                dependent,
                requires,
                ..
            } => locale.text(
                code,
                &[
                    ("user", user),
                    ("role", role),
                    ("dependent", dependent),
                    ("requires", requires),
                ],
            ),
        }
    }
}

impl fmt::Display for AssignRefusal {
    /// The English text of the catalogue.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(Locale::En))
    }
}

impl std::error::Error for AssignRefusal {}

impl crate::CodedError for AssignRefusal {
    fn code(&self) -> &'static str {
        match self {
            AssignRefusal::UnknownUser { .. } => "access.assign.unknown_user",
            AssignRefusal::UnknownRole { .. } => "access.assign.unknown_role",
            AssignRefusal::UnknownTenant { .. } => "access.assign.unknown_tenant",
            AssignRefusal::SeparationOfDuties { .. } => "access.assign.separation_of_duties",
            AssignRefusal::MaxHolders { .. } => "access.assign.max_holders",
            AssignRefusal::Prerequisite { .. } => "access.assign.prerequisite",
        }
    }

    /// The argument at fault (`user`, `role`, `tenant`) or the constraint that would break.
    fn path(&self) -> String {
        match self {
            AssignRefusal::UnknownUser { .. } => "user".into(),
            AssignRefusal::UnknownRole { .. } => "role".into(),
            AssignRefusal::UnknownTenant { .. } => "tenant".into(),
            AssignRefusal::SeparationOfDuties { index, .. } => {
                format!("constraints.separationOfDuties[{index}]")
            }
            AssignRefusal::MaxHolders { index, .. } => format!("constraints.maxHolders[{index}]"),
            AssignRefusal::Prerequisite { index, .. } => {
                format!("constraints.prerequisites[{index}]")
            }
        }
    }
}

impl AccessMatrix {
    /// The document with `role` assigned to `user` — everywhere, or in `tenant` only — if that
    /// breaks no constraint. The model itself is unchanged: compile the returned document (and
    /// record [`diff`] of the two) to apply it. Assigning a role the user already has in that
    /// scope returns the document unchanged.
    ///
    /// A constraint breaks when the assignment makes the user newly hold (directly or by
    /// inheritance, in any tenant) every role of a separation-of-duties set, a capped role one
    /// holder too many, or a role whose prerequisite they would still lack. Constraints already
    /// broken before the assignment do not refuse it unless it makes them worse; the audit
    /// reports them.
    ///
    /// # Errors
    /// [`AssignRefusal`]: an unknown user, tenant or role (checked in that order), or the first
    /// constraint that would break (separation of duties, then caps, then prerequisites, each
    /// in document order).
    pub fn assign(
        &self,
        user: &str,
        role: &str,
        tenant: Option<&str>,
    ) -> Result<AccessModelDocument, AssignRefusal> {
        let c = &self.compiled;
        let unknown_user = || AssignRefusal::UnknownUser {
            user: user.to_string(),
        };
        let &u = c.user_index.get(user).ok_or_else(unknown_user)?;
        let def = self.document.users.get(u).ok_or_else(unknown_user)?;
        if let Some(tenant) = tenant {
            if !c.tenants.iter().any(|t| t == tenant) {
                return Err(AssignRefusal::UnknownTenant {
                    tenant: tenant.to_string(),
                });
            }
        }
        let &r = c
            .role_index
            .get(role)
            .ok_or_else(|| AssignRefusal::UnknownRole {
                role: role.to_string(),
            })?;
        let held_already = match tenant {
            None => def.roles.iter().any(|x| x == role),
            Some(tenant) => def
                .tenant_roles
                .get(tenant)
                .is_some_and(|roles| roles.iter().any(|x| x == role)),
        };
        let mut document = self.document.clone();
        if held_already {
            return Ok(document);
        }
        self.check_assignment(u, r)?;
        if let Some(target) = document.users.get_mut(u) {
            match tenant {
                None => target.roles.push(role.to_string()),
                Some(tenant) => target
                    .tenant_roles
                    .entry(tenant.to_string())
                    .or_default()
                    .push(role.to_string()),
            }
        }
        Ok(document)
    }

    /// The first constraint that giving role `r` to user `u` would break.
    fn check_assignment(&self, u: usize, r: usize) -> Result<(), AssignRefusal> {
        let c = &self.compiled;
        let constraints = &self.document.constraints;
        let user = self
            .document
            .users
            .get(u)
            .map_or(String::new(), |x| x.id.clone());
        let role = self.role_name(r).to_string();
        let mut assigned = self.assigned(u);
        let before = self.closure_of(&assigned);
        assigned.push(r);
        let after = self.closure_of(&assigned);
        let gained = |x: usize| after.contains(x) && !before.contains(x);
        for (index, sod) in constraints.separation_of_duties.iter().enumerate() {
            let Some(roles) = sod_roles(self, &sod.roles) else {
                continue;
            };
            if roles.iter().all(|&x| after.contains(x))
                && !roles.iter().all(|&x| before.contains(x))
            {
                return Err(AssignRefusal::SeparationOfDuties {
                    user,
                    role,
                    index,
                    roles: roles
                        .iter()
                        .map(|&x| self.role_name(x).to_string())
                        .collect(),
                    reason: sod.reason.clone(),
                });
            }
        }
        for (index, cap) in constraints.max_holders.iter().enumerate() {
            let Some(&x) = c.role_index.get(&cap.role) else {
                continue;
            };
            if !gained(x) {
                continue;
            }
            let holders = (0..self.document.users.len())
                .filter(|&v| self.closure_of(&self.assigned(v)).contains(x))
                .count();
            if holders >= cap.max as usize {
                return Err(AssignRefusal::MaxHolders {
                    user,
                    role,
                    index,
                    capped: cap.role.clone(),
                    max: cap.max,
                    holders,
                });
            }
        }
        for (index, prerequisite) in constraints.prerequisites.iter().enumerate() {
            let Some(&x) = c.role_index.get(&prerequisite.role) else {
                continue;
            };
            let has_required = c
                .role_index
                .get(&prerequisite.requires)
                .is_some_and(|&y| after.contains(y));
            if gained(x) && !has_required {
                return Err(AssignRefusal::Prerequisite {
                    user,
                    role,
                    index,
                    dependent: prerequisite.role.clone(),
                    requires: prerequisite.requires.clone(),
                });
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Change records
// ---------------------------------------------------------------------------------------------

/// One difference between two access documents, as [`diff`] reports it and a change log
/// records it. Serialized with its kind in `kind`: `{"kind": "grantAdded", "index": 3, …}`.
// Records are made once per edit and then serialized; boxing the grants would only make them
// clumsier to build and match.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Change {
    /// `name` changed.
    NameChanged {
        /// The old name.
        before: Option<String>,
        /// The new name.
        after: Option<String>,
    },
    /// A role was removed.
    RoleRemoved {
        /// Its old definition.
        role: RoleDef,
    },
    /// A role's parents changed (as a set).
    RoleParentsChanged {
        /// The role id.
        role: String,
        /// The old parents.
        before: Vec<String>,
        /// The new parents.
        after: Vec<String>,
    },
    /// A role's label or `requiresMfa` changed.
    RoleChanged {
        /// The role id.
        role: String,
        /// The old definition.
        before: RoleDef,
        /// The new definition.
        after: RoleDef,
    },
    /// A role was added.
    RoleAdded {
        /// Its definition.
        role: RoleDef,
    },
    /// A resource was removed.
    ResourceRemoved {
        /// Its old definition.
        resource: ResourceDef,
    },
    /// A resource's actions changed (as a set).
    ActionsChanged {
        /// The resource id.
        resource: String,
        /// The old actions.
        before: Vec<String>,
        /// The new actions.
        after: Vec<String>,
    },
    /// A resource's label changed.
    ResourceChanged {
        /// The resource id.
        resource: String,
        /// The old definition.
        before: ResourceDef,
        /// The new definition.
        after: ResourceDef,
    },
    /// A resource was added.
    ResourceAdded {
        /// Its definition.
        resource: ResourceDef,
    },
    /// A grant was removed.
    GrantRemoved {
        /// Its index in the old document.
        index: usize,
        /// The grant.
        grant: Grant,
    },
    /// A grant with the same role, resource and effect changed otherwise.
    GrantChanged {
        /// Its index in the new document.
        index: usize,
        /// The old grant.
        before: Grant,
        /// The new grant.
        after: Grant,
    },
    /// A grant was added.
    GrantAdded {
        /// Its index in the new document.
        index: usize,
        /// The grant.
        grant: Grant,
    },
    /// A user was removed (after the removal of each of their assignments).
    UserRemoved {
        /// The user id.
        user: String,
    },
    /// A user's `disabled`, `lastActiveAt` or `reviewedAt` changed.
    UserChanged {
        /// The user id.
        user: String,
        /// The old definition.
        before: UserDef,
        /// The new definition.
        after: UserDef,
    },
    /// A user was added (before the addition of each of their assignments).
    UserAdded {
        /// The user id.
        user: String,
    },
    /// A role was taken from a user.
    AssignmentRemoved {
        /// The user id.
        user: String,
        /// The role id.
        role: String,
        /// The tenant, for a tenant-specific assignment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tenant: Option<String>,
    },
    /// A role was given to a user.
    AssignmentAdded {
        /// The user id.
        user: String,
        /// The role id.
        role: String,
        /// The tenant, for a tenant-specific assignment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tenant: Option<String>,
    },
    /// A tenant was removed.
    TenantRemoved {
        /// The tenant.
        tenant: String,
    },
    /// A tenant was added.
    TenantAdded {
        /// The tenant.
        tenant: String,
    },
    /// The constraints changed.
    ConstraintsChanged {
        /// The old constraints.
        before: Constraints,
        /// The new constraints.
        after: Constraints,
    },
    /// `reviewIntervalDays` changed.
    ReviewIntervalChanged {
        /// The old interval, in days.
        before: u32,
        /// The new interval, in days.
        after: u32,
    },
}

/// What changed from `old` to `new`, as records for a change log.
///
/// Differences in meaning only: the order of roles, resources, grants, users, tenants, parents,
/// actions and assignments is ignored. Grants are matched by identity — (role, resource,
/// effect) — identical grants first, then the rest of each identity in order; a matched pair
/// that differs is a `grantChanged`, an unmatched one a `grantRemoved` or `grantAdded`.
///
/// The order is deterministic: by part of the document (name, roles, resources, grants, users,
/// tenants, constraints, review interval); within a part, removals in the old document's order,
/// then changes, then additions in the new document's order. A removed user's
/// `assignmentRemoved` records come before its `userRemoved`; an added user's `userAdded` comes
/// before its `assignmentAdded` records. Ids are expected to be unique (as in any document
/// that compiles); for a repeated id the first occurrence counts.
#[must_use]
pub fn diff(old: &AccessModelDocument, new: &AccessModelDocument) -> Vec<Change> {
    let mut out = Vec::new();
    if old.name != new.name {
        out.push(Change::NameChanged {
            before: old.name.clone(),
            after: new.name.clone(),
        });
    }
    diff_roles(&old.roles, &new.roles, &mut out);
    diff_resources(&old.resources, &new.resources, &mut out);
    diff_grants(&old.grants, &new.grants, &mut out);
    diff_users(&old.users, &new.users, &mut out);
    for tenant in &old.tenants {
        if !new.tenants.contains(tenant) {
            out.push(Change::TenantRemoved {
                tenant: tenant.clone(),
            });
        }
    }
    for tenant in &new.tenants {
        if !old.tenants.contains(tenant) {
            out.push(Change::TenantAdded {
                tenant: tenant.clone(),
            });
        }
    }
    if old.constraints != new.constraints {
        out.push(Change::ConstraintsChanged {
            before: old.constraints.clone(),
            after: new.constraints.clone(),
        });
    }
    if old.review_interval_days != new.review_interval_days {
        out.push(Change::ReviewIntervalChanged {
            before: old.review_interval_days,
            after: new.review_interval_days,
        });
    }
    out
}

/// Items by id; the first occurrence of a repeated id wins.
fn by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<&str, &T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        map.entry(id(item)).or_insert(item);
    }
    map
}

fn as_set(items: &[String]) -> BTreeSet<&str> {
    items.iter().map(String::as_str).collect()
}

fn diff_roles(old: &[RoleDef], new: &[RoleDef], out: &mut Vec<Change>) {
    let (before, after) = (by_id(old, |r| &r.id), by_id(new, |r| &r.id));
    for role in old.iter().filter(|r| !after.contains_key(r.id.as_str())) {
        out.push(Change::RoleRemoved { role: role.clone() });
    }
    for role in new {
        let Some(previous) = before.get(role.id.as_str()) else {
            continue;
        };
        if as_set(&previous.parents) != as_set(&role.parents) {
            out.push(Change::RoleParentsChanged {
                role: role.id.clone(),
                before: previous.parents.clone(),
                after: role.parents.clone(),
            });
        }
        if previous.label != role.label || previous.requires_mfa != role.requires_mfa {
            out.push(Change::RoleChanged {
                role: role.id.clone(),
                before: (*previous).clone(),
                after: role.clone(),
            });
        }
    }
    for role in new.iter().filter(|r| !before.contains_key(r.id.as_str())) {
        out.push(Change::RoleAdded { role: role.clone() });
    }
}

fn diff_resources(old: &[ResourceDef], new: &[ResourceDef], out: &mut Vec<Change>) {
    let (before, after) = (by_id(old, |r| &r.id), by_id(new, |r| &r.id));
    for resource in old.iter().filter(|r| !after.contains_key(r.id.as_str())) {
        out.push(Change::ResourceRemoved {
            resource: resource.clone(),
        });
    }
    for resource in new {
        let Some(previous) = before.get(resource.id.as_str()) else {
            continue;
        };
        if as_set(&previous.actions) != as_set(&resource.actions) {
            out.push(Change::ActionsChanged {
                resource: resource.id.clone(),
                before: previous.actions.clone(),
                after: resource.actions.clone(),
            });
        }
        if previous.label != resource.label {
            out.push(Change::ResourceChanged {
                resource: resource.id.clone(),
                before: (*previous).clone(),
                after: resource.clone(),
            });
        }
    }
    for resource in new.iter().filter(|r| !before.contains_key(r.id.as_str())) {
        out.push(Change::ResourceAdded {
            resource: resource.clone(),
        });
    }
}

/// Whether two grants are the same apart from order: action lists compared as sets.
fn same_grant(a: &Grant, b: &Grant) -> bool {
    let actions_equal = match (&a.actions, &b.actions) {
        (Actions::All(_), Actions::All(_)) => true,
        (Actions::Listed(x), Actions::Listed(y)) => as_set(x) == as_set(y),
        _ => false,
    };
    actions_equal
        && a.role == b.role
        && a.resource == b.resource
        && a.effect == b.effect
        && a.condition == b.condition
        && a.expires_at == b.expires_at
        && a.reviewed_at == b.reviewed_at
        && a.reason == b.reason
}

/// A grant's identity for matching: (role, resource, effect).
fn identity(grant: &Grant) -> (&str, &str, Effect) {
    (&grant.role, &grant.resource, grant.effect)
}

fn diff_grants(old: &[Grant], new: &[Grant], out: &mut Vec<Change>) {
    // Unmatched old grants of each identity, ascending.
    let mut open: HashMap<(&str, &str, Effect), Vec<usize>> = HashMap::new();
    for (i, grant) in old.iter().enumerate() {
        open.entry(identity(grant)).or_default().push(i);
    }
    let mut matched: Vec<Option<usize>> = vec![None; new.len()];
    // Identical grants first, so that an insertion does not read as a chain of changes.
    for (j, grant) in new.iter().enumerate() {
        if let Some(candidates) = open.get_mut(&identity(grant)) {
            let same = candidates
                .iter()
                .position(|&i| old.get(i).is_some_and(|o| same_grant(o, grant)));
            if let Some(k) = same {
                if let Some(slot) = matched.get_mut(j) {
                    *slot = Some(candidates.remove(k));
                }
            }
        }
    }
    let mut changed = Vec::new();
    for (j, grant) in new.iter().enumerate() {
        if matched.get(j).is_some_and(Option::is_some) {
            continue;
        }
        if let Some(candidates) = open.get_mut(&identity(grant)) {
            if !candidates.is_empty() {
                let i = candidates.remove(0);
                if let (Some(slot), Some(before)) = (matched.get_mut(j), old.get(i)) {
                    *slot = Some(i);
                    changed.push(Change::GrantChanged {
                        index: j,
                        before: before.clone(),
                        after: grant.clone(),
                    });
                }
            }
        }
    }
    let mut removed: Vec<usize> = open.into_values().flatten().collect();
    removed.sort_unstable();
    for i in removed {
        if let Some(grant) = old.get(i) {
            out.push(Change::GrantRemoved {
                index: i,
                grant: grant.clone(),
            });
        }
    }
    out.append(&mut changed);
    for (j, grant) in new.iter().enumerate() {
        if matched.get(j).is_some_and(Option::is_none) {
            out.push(Change::GrantAdded {
                index: j,
                grant: grant.clone(),
            });
        }
    }
}

/// A user's assignments: (role, tenant), global ones first, without repeats.
fn assignments(user: &UserDef) -> Vec<(&str, Option<&str>)> {
    let mut list: Vec<(&str, Option<&str>)> = Vec::new();
    let global = user.roles.iter().map(|r| (r.as_str(), None));
    let tenant = user
        .tenant_roles
        .iter()
        .flat_map(|(t, roles)| roles.iter().map(move |r| (r.as_str(), Some(t.as_str()))));
    for item in global.chain(tenant) {
        if !list.contains(&item) {
            list.push(item);
        }
    }
    list
}

fn assignment_changes(
    user: &str,
    before: &[(&str, Option<&str>)],
    after: &[(&str, Option<&str>)],
    out: &mut Vec<Change>,
) {
    for &(role, tenant) in before.iter().filter(|a| !after.contains(a)) {
        out.push(Change::AssignmentRemoved {
            user: user.to_string(),
            role: role.to_string(),
            tenant: tenant.map(str::to_string),
        });
    }
    for &(role, tenant) in after.iter().filter(|a| !before.contains(a)) {
        out.push(Change::AssignmentAdded {
            user: user.to_string(),
            role: role.to_string(),
            tenant: tenant.map(str::to_string),
        });
    }
}

fn diff_users(old: &[UserDef], new: &[UserDef], out: &mut Vec<Change>) {
    let (before, after) = (by_id(old, |u| &u.id), by_id(new, |u| &u.id));
    for user in old.iter().filter(|u| !after.contains_key(u.id.as_str())) {
        assignment_changes(&user.id, &assignments(user), &[], out);
        out.push(Change::UserRemoved {
            user: user.id.clone(),
        });
    }
    for user in new {
        let Some(previous) = before.get(user.id.as_str()) else {
            continue;
        };
        if previous.disabled != user.disabled
            || previous.last_active_at != user.last_active_at
            || previous.reviewed_at != user.reviewed_at
        {
            out.push(Change::UserChanged {
                user: user.id.clone(),
                before: (*previous).clone(),
                after: user.clone(),
            });
        }
        assignment_changes(&user.id, &assignments(previous), &assignments(user), out);
    }
    for user in new.iter().filter(|u| !before.contains_key(u.id.as_str())) {
        out.push(Change::UserAdded {
            user: user.id.clone(),
        });
        assignment_changes(&user.id, &[], &assignments(user), out);
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------------------------

/// A model cut down to one user, for that user's browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// The minimized document (it compiles on its own).
    pub document: AccessModelDocument,
    /// The fingerprint of the full model it was cut from.
    pub full_fingerprint: String,
}

impl AccessMatrix {
    /// What `user`'s checks need, and nothing about anyone else: checking that user against
    /// the snapshot gives the same decision — allowed, code, deciding grant (its role, effect
    /// and reason; indices differ), failed condition and path — as against the full model, for
    /// every request, at any time and in any tenant. The explanation's `wouldBeGrantedBy` only
    /// names roles of the snapshot.
    ///
    /// Kept: the user (roles, tenant roles, `disabled`); the roles they hold anywhere and
    /// every role those inherit from; the grants on those roles, in order (without
    /// `reviewedAt`); every resource with all its actions; every tenant; the name and review
    /// interval. Dropped: every other user, role and grant, the constraints, and the user's
    /// `lastActiveAt` and `reviewedAt`.
    ///
    /// Resources and tenants are kept whole because decisions depend on them: a request on a
    /// resource none of the user's grants touch is `access.denied.no_grant` in the full model,
    /// and would become `access.denied.unknown_resource` without it; a request in a tenant the
    /// user has no roles in is decided by their global roles, and would become
    /// `access.denied.unknown_tenant`. They name the application's vocabulary, not who may do
    /// what.
    ///
    /// # Errors
    /// [`AccessError::Unknown`] when the model has no such user.
    pub fn snapshot_for(&self, user: &str) -> Result<Snapshot, AccessError> {
        let unknown = || AccessError::Unknown {
            path: String::new(),
            kind: "user",
            id: user.to_string(),
        };
        let &u = self.compiled.user_index.get(user).ok_or_else(unknown)?;
        let def = self.document.users.get(u).ok_or_else(unknown)?;
        let kept = self.closure_of(&self.assigned(u));
        let keeps = |role: &str| {
            self.compiled
                .role_index
                .get(role)
                .is_some_and(|&r| kept.contains(r))
        };
        let document = AccessModelDocument {
            json_schema: None,
            schema: self.document.schema,
            name: self.document.name.clone(),
            roles: self
                .document
                .roles
                .iter()
                .filter(|r| keeps(&r.id))
                .cloned()
                .collect(),
            resources: self.document.resources.clone(),
            grants: self
                .document
                .grants
                .iter()
                .filter(|g| keeps(&g.role))
                .map(|g| Grant {
                    reviewed_at: None,
                    ..g.clone()
                })
                .collect(),
            users: vec![UserDef {
                id: def.id.clone(),
                roles: def.roles.clone(),
                tenant_roles: def.tenant_roles.clone(),
                disabled: def.disabled,
                last_active_at: None,
                reviewed_at: None,
            }],
            tenants: self.document.tenants.clone(),
            constraints: Constraints::default(),
            review_interval_days: self.document.review_interval_days,
        };
        Ok(Snapshot {
            document,
            full_fingerprint: self.fingerprint().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodedError;
    use crate::access::changelog::ChangeLog;
    use crate::access::schema::{
        Condition, MaxHolders, Prerequisite, SeparationOfDuties, TimeWindow, Weekday, Wildcard,
    };
    use crate::access::{AccessRequest, Decision};

    /// 2026-11-23 (a Monday) at 10:00 UTC.
    const MONDAY_10: Millis = 1_795_428_000_000;

    const AUDITED: &str = r#"{
      "schema": 1,
      "tenants": ["eu"],
      "roles": [
        { "id": "viewer" },
        { "id": "clerk", "parents": ["viewer"] },
        { "id": "approver", "parents": ["viewer"] },
        { "id": "admin", "parents": ["clerk", "approver"] },
        { "id": "trained" },
        { "id": "payer" }
      ],
      "resources": [
        { "id": "invoice", "actions": ["read", "create", "approve"] },
        { "id": "report", "actions": ["read"] }
      ],
      "grants": [
        { "role": "viewer", "resource": "invoice", "actions": ["read"], "reviewedAt": "2026-11-01T00:00:00Z" },
        { "role": "clerk", "resource": "invoice", "actions": ["create"] },
        { "role": "approver", "resource": "invoice", "actions": ["approve"], "reviewedAt": "2026-01-01T00:00:00Z" },
        { "role": "viewer", "resource": "report", "actions": "*", "reviewedAt": "2026-11-01T00:00:00Z" },
        { "role": "payer", "resource": "report", "actions": ["read"], "expiresAt": "2026-11-01T00:00:00Z" }
      ],
      "users": [
        { "id": "alice", "roles": ["clerk"], "reviewedAt": "2026-11-01T00:00:00Z", "lastActiveAt": "2026-11-22T00:00:00Z" },
        { "id": "bob", "roles": ["approver", "trained"], "reviewedAt": "2026-11-01T00:00:00Z" },
        { "id": "carol", "roles": ["admin"], "reviewedAt": "2026-11-01T00:00:00Z" },
        { "id": "dave", "roles": ["trained"], "tenantRoles": { "eu": ["admin"] }, "reviewedAt": "2026-11-01T00:00:00Z" },
        { "id": "erin", "roles": ["clerk"], "disabled": true },
        { "id": "frank", "roles": ["viewer"], "lastActiveAt": "2026-01-01T00:00:00Z" },
        { "id": "grace" }
      ],
      "constraints": {
        "separationOfDuties": [ { "roles": ["clerk", "approver"], "reason": "four eyes" } ],
        "maxHolders": [ { "role": "admin", "max": 1 }, { "role": "trained", "max": 2 } ],
        "prerequisites": [ { "role": "approver", "requires": "trained" } ]
      }
    }"#;

    fn audited() -> AccessMatrix {
        AccessMatrix::from_json(AUDITED).unwrap_or_else(|err| unreachable!("{err}"))
    }

    /// The example model of the golden vectors, and their requests.
    fn example() -> (AccessMatrix, Vec<AccessRequest>) {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/access.json"))
                .unwrap_or_else(|err| unreachable!("{err}"));
        let model = fixture.get("model").cloned().unwrap_or_default();
        let document: AccessModelDocument =
            serde_json::from_value(model).unwrap_or_else(|err| unreachable!("{err}"));
        let requests = fixture
            .get("cases")
            .and_then(serde_json::Value::as_array)
            .map(|cases| {
                cases
                    .iter()
                    .filter_map(|case| case.get("request").cloned())
                    .filter_map(|request| serde_json::from_value(request).ok())
                    .collect()
            })
            .unwrap_or_default();
        let matrix =
            AccessMatrix::from_document(document).unwrap_or_else(|err| unreachable!("{err}"));
        (matrix, requests)
    }

    fn usage() -> UsageLog {
        let entry = |user: &str, action: &str, resource: &str, at: Millis| UsageEntry {
            user: user.into(),
            action: action.into(),
            resource: resource.into(),
            at,
        };
        UsageLog {
            entries: vec![
                entry("alice", "read", "invoice", MONDAY_10 - DAY_MS),
                entry("alice", "create", "invoice", MONDAY_10 - DAY_MS),
                entry("bob", "approve", "invoice", MONDAY_10 - 2 * DAY_MS),
                // Before `since`: does not count.
                entry("frank", "read", "report", MONDAY_10 - 100 * DAY_MS),
                // Unknown user and permission: ignored.
                entry("mallory", "read", "report", MONDAY_10),
                entry("alice", "fly", "invoice", MONDAY_10),
            ],
            since: MONDAY_10 - 22 * DAY_MS,
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn audit_reports_every_finding_by_severity_then_document_order() {
        let m = audited();
        let usage = usage();
        let findings = m.audit(MONDAY_10, Some(&usage), Locale::En);
        let summary: Vec<(Severity, &str, &str)> = findings
            .iter()
            .map(|f| (f.severity, f.code, f.path.as_str()))
            .collect();
        use Severity::{Error, Info, Warning};
        assert_eq!(
            summary,
            [
                (Error, "audit.sod_violation", "users[2]"),
                (Error, "audit.prerequisite_missing", "users[2]"),
                (Error, "audit.sod_violation", "users[3]"),
                (
                    Error,
                    "audit.max_holders_exceeded",
                    "constraints.maxHolders[0]"
                ),
                (Warning, "audit.least_privilege.admin_like", "roles[1]"),
                (Warning, "audit.grant_review_due", "grants[1].reviewedAt"),
                (Warning, "audit.grant_review_due", "grants[2].reviewedAt"),
                (
                    Warning,
                    "audit.least_privilege.wildcard",
                    "grants[3].actions"
                ),
                (Warning, "audit.expired_grant", "grants[4].expiresAt"),
                (
                    Warning,
                    "audit.disabled_user_has_roles",
                    "users[4].disabled"
                ),
                (
                    Warning,
                    "audit.inactive_user_has_roles",
                    "users[5].lastActiveAt"
                ),
                (Warning, "audit.user_review_due", "users[5].reviewedAt"),
                (Info, "audit.unused_permissions", "roles[0]"),
            ]
        );
        let by_code = |code: &str| findings.iter().find(|f| f.code == code);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages.first().copied(),
            Some(
                "User carol holds roles clerk, approver together, which separation of duties forbids"
            )
        );
        assert_eq!(
            by_code("audit.sod_violation").map(|f| f.objects.clone()),
            Some(vec![
                user_ref("carol"),
                role_ref("clerk"),
                role_ref("approver")
            ])
        );
        assert_eq!(
            by_code("audit.max_holders_exceeded").map(|f| (f.message.as_str(), f.objects.len())),
            Some(("Role admin is held by 2 users; at most 1 are allowed", 3))
        );
        assert_eq!(
            by_code("audit.prerequisite_missing").map(|f| f.message.as_str()),
            Some("User carol holds role approver without the role it requires, trained")
        );
        assert_eq!(
            by_code("audit.least_privilege.wildcard").map(|f| f.message.as_str()),
            Some(
                "Grant #3 gives role viewer every action on report (\"*\") and the role is held by 6 of 7 users"
            )
        );
        assert_eq!(
            by_code("audit.least_privilege.admin_like").map(|f| f.message.as_str()),
            Some("Role clerk is allowed 3 of the 4 permissions and is held by 4 of 7 users")
        );
        assert_eq!(
            by_code("audit.expired_grant").map(|f| f.message.as_str()),
            Some(
                "Grant #4 (role payer on report) expired at 2026-11-01T00:00:00Z but is still in the model"
            )
        );
        assert_eq!(
            by_code("audit.inactive_user_has_roles").map(|f| f.message.as_str()),
            Some("User frank has not been active for 326 days but still holds roles: viewer")
        );
        let unused = by_code("audit.unused_permissions");
        assert_eq!(
            unused.map(|f| f.message.as_str()),
            Some(
                "No holder of role viewer has used 1 of its permissions since 2026-11-01: report.read"
            )
        );
        assert_eq!(
            unused.map(|f| f.objects.clone()),
            Some(vec![
                role_ref("viewer"),
                ObjectRef::Permission {
                    resource: "report".into(),
                    action: "read".into()
                }
            ])
        );
        // Without a usage log there is no unused-permissions finding.
        let without = m.audit(MONDAY_10, None, Locale::En);
        assert_eq!(without.len(), findings.len() - 1);
        assert!(without.iter().all(|f| f.code != "audit.unused_permissions"));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn audit_speaks_chinese_and_serializes_in_camel_case() {
        let m = audited();
        let findings = m.audit(MONDAY_10, Some(&usage()), Locale::ZhCn);
        let en = m.audit(MONDAY_10, Some(&usage()), Locale::En);
        // The same findings, only the text differs.
        let codes = |list: &[AuditFinding]| -> Vec<(&'static str, String)> {
            list.iter().map(|f| (f.code, f.path.clone())).collect()
        };
        assert_eq!(codes(&findings), codes(&en));
        assert_eq!(
            findings.first().map(|f| f.message.as_str()),
            Some("用户 carol 同时持有角色 clerk、approver，违反职责分离")
        );
        assert!(
            findings
                .iter()
                .all(|f| !f.message.contains('{') && f.message != f.code)
        );
        let json = serde_json::to_value(findings.last()).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "audit.unused_permissions",
                "severity": "info",
                "message": "自 2026-11-01 以来，角色 viewer 的持有者未使用过其中 1 项权限：report.read",
                "objects": [
                    { "kind": "role", "id": "viewer" },
                    { "kind": "permission", "resource": "report", "action": "read" }
                ],
                "path": "roles[0]"
            })
        );
        let grant = serde_json::to_value(ObjectRef::Grant { index: 4 }).unwrap_or_default();
        assert_eq!(grant, serde_json::json!({ "kind": "grant", "index": 4 }));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn audit_review_and_inactivity_follow_the_interval() {
        let mut doc = audited().document().clone();
        doc.constraints = Constraints::default();
        doc.review_interval_days = 400;
        let m = AccessMatrix::from_document(doc.clone()).unwrap_or_else(|e| unreachable!("{e}"));
        let codes: Vec<&str> = m
            .audit(MONDAY_10, None, Locale::En)
            .iter()
            .map(|f| f.code)
            .collect();
        // grants[1] was never reviewed; frank was never reviewed; nothing is old enough.
        assert_eq!(
            codes,
            [
                "audit.least_privilege.admin_like",
                "audit.grant_review_due",
                "audit.least_privilege.wildcard",
                "audit.expired_grant",
                "audit.disabled_user_has_roles",
                "audit.user_review_due",
            ]
        );
        // Exactly at the end of the interval a review is due.
        doc.review_interval_days = 22;
        let m = AccessMatrix::from_document(doc).unwrap_or_else(|e| unreachable!("{e}"));
        let due: Vec<String> = m
            .audit(MONDAY_10, None, Locale::En)
            .into_iter()
            .filter(|f| f.code == "audit.grant_review_due")
            .map(|f| f.path)
            .collect();
        assert_eq!(
            due,
            [
                "grants[0].reviewedAt",
                "grants[1].reviewedAt",
                "grants[2].reviewedAt",
                "grants[3].reviewedAt"
            ]
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_clean_model_has_no_findings() {
        let clean = r#"{
          "schema": 1,
          "roles": [ { "id": "viewer" }, { "id": "editor", "parents": ["viewer"] } ],
          "resources": [ { "id": "doc", "actions": ["read", "write", "delete"] } ],
          "grants": [
            { "role": "viewer", "resource": "doc", "actions": ["read"], "reviewedAt": "2026-11-01T00:00:00Z" },
            { "role": "editor", "resource": "doc", "actions": "*", "reviewedAt": "2026-11-01T00:00:00Z" }
          ],
          "users": [
            { "id": "a", "roles": ["viewer"], "reviewedAt": "2026-11-01T00:00:00Z" },
            { "id": "b", "roles": ["editor"], "reviewedAt": "2026-11-01T00:00:00Z", "lastActiveAt": "2026-11-20T00:00:00Z" },
            { "id": "c" }
          ],
          "constraints": { "maxHolders": [ { "role": "editor", "max": 1 } ],
                           "separationOfDuties": [ { "roles": ["viewer", "ghost"] } ] }
        }"#;
        let m = AccessMatrix::from_json(clean).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(m.audit(MONDAY_10, None, Locale::En), []);
        let used = UsageLog {
            entries: ["read", "write", "delete"]
                .iter()
                .map(|action| UsageEntry {
                    user: "b".into(),
                    action: (*action).into(),
                    resource: "doc".into(),
                    at: MONDAY_10,
                })
                .collect(),
            since: MONDAY_10 - DAY_MS,
        };
        assert_eq!(m.audit(MONDAY_10, Some(&used), Locale::En), []);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn many_holders_means_more_than_three_and_more_than_a_fifth() {
        let model = |users: usize, holders: usize| {
            let users: Vec<String> = (0..users)
                .map(|u| {
                    let roles = if u < holders { r#"["all"]"# } else { "[]" };
                    format!(r#"{{ "id": "u{u}", "roles": {roles}, "reviewedAt": "2026-11-01T00:00:00Z" }}"#)
                })
                .collect();
            let json = format!(
                r#"{{ "schema": 1, "roles": [{{ "id": "all" }}],
                     "resources": [{{ "id": "r", "actions": ["x", "y"] }}],
                     "grants": [{{ "role": "all", "resource": "r", "actions": "*", "reviewedAt": "2026-11-01T00:00:00Z" }}],
                     "users": [{}] }}"#,
                users.join(",")
            );
            let m = AccessMatrix::from_json(&json).unwrap_or_else(|e| unreachable!("{e}"));
            m.audit(MONDAY_10, None, Locale::En)
                .iter()
                .map(|f| f.code)
                .collect::<Vec<_>>()
        };
        let flagged = [
            "audit.least_privilege.admin_like",
            "audit.least_privilege.wildcard",
        ];
        assert_eq!(model(3, 3), Vec::<&str>::new());
        assert_eq!(model(4, 4), flagged);
        assert_eq!(model(20, 4), Vec::<&str>::new());
        assert_eq!(model(20, 5), flagged);
        assert_eq!(model(25, 5), Vec::<&str>::new());
        assert_eq!(model(100, 21), flagged);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn assign_adds_the_role_or_names_the_constraint_it_would_break() {
        let m = audited();
        let refusal = |user: &str, role: &str, tenant: Option<&str>| {
            m.assign(user, role, tenant)
                .err()
                .unwrap_or_else(|| unreachable!("{user} {role} was allowed"))
        };

        let sod = refusal("alice", "approver", None);
        assert_eq!(sod.code(), "access.assign.separation_of_duties");
        assert_eq!(sod.path(), "constraints.separationOfDuties[0]");
        assert_eq!(
            sod.to_string(),
            "assigning role `approver` to `alice` would give them roles `clerk`, `approver` together, which separation of duties forbids"
        );
        assert_eq!(
            sod.message_in(Locale::ZhCn),
            "将角色 `approver` 分配给 `alice` 会使其同时持有角色 `clerk`、`approver`，违反职责分离"
        );
        if let AssignRefusal::SeparationOfDuties { reason, .. } = &sod {
            assert_eq!(reason.as_deref(), Some("four eyes"));
        }
        // In a tenant too: roles of any tenant count.
        assert_eq!(
            refusal("alice", "approver", Some("eu")).code(),
            "access.assign.separation_of_duties"
        );

        let cap = refusal("grace", "trained", None);
        assert_eq!(
            (cap.code(), cap.path().as_str()),
            ("access.assign.max_holders", "constraints.maxHolders[1]")
        );
        assert_eq!(
            cap.to_string(),
            "assigning role `trained` to `grace` would make 3 holders of role `trained`; at most 2 are allowed"
        );

        let prerequisite = refusal("grace", "approver", None);
        assert_eq!(
            (prerequisite.code(), prerequisite.path().as_str()),
            ("access.assign.prerequisite", "constraints.prerequisites[0]")
        );
        assert_eq!(
            prerequisite.to_string(),
            "assigning role `approver` to `grace` would give them role `approver` without the role it requires, `trained`"
        );

        for (refused, code, path) in [
            (
                refusal("mallory", "viewer", None),
                "access.assign.unknown_user",
                "user",
            ),
            (
                refusal("grace", "ghost", None),
                "access.assign.unknown_role",
                "role",
            ),
            (
                refusal("grace", "viewer", Some("mars")),
                "access.assign.unknown_tenant",
                "tenant",
            ),
        ] {
            assert_eq!((refused.code(), refused.path().as_str()), (code, path));
        }
        assert_eq!(
            refusal("mallory", "viewer", None).to_string(),
            "unknown user `mallory`"
        );

        // Allowed: the new document holds the assignment, and diff records just that.
        let added = m
            .assign("grace", "viewer", None)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            diff(m.document(), &added),
            [Change::AssignmentAdded {
                user: "grace".into(),
                role: "viewer".into(),
                tenant: None
            }]
        );
        let in_tenant = m
            .assign("grace", "clerk", Some("eu"))
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            diff(m.document(), &in_tenant),
            [Change::AssignmentAdded {
                user: "grace".into(),
                role: "clerk".into(),
                tenant: Some("eu".into())
            }]
        );
        assert!(AccessMatrix::from_document(in_tenant).is_ok());
        // Held already: unchanged.
        assert_eq!(
            m.assign("alice", "clerk", None).ok().as_ref(),
            Some(m.document())
        );
        // carol already breaks separation of duties through admin; approver adds nothing new.
        let again = m
            .assign("carol", "approver", None)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(diff(m.document(), &again).len(), 1);
    }

    // -----------------------------------------------------------------------------------------
    // Random models
    // -----------------------------------------------------------------------------------------

    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n.max(1)
        }

        fn chance(&mut self, one_in: usize) -> bool {
            self.next(one_in) == 0
        }
    }

    fn day(millis: Millis) -> String {
        format!("{}T00:00:00Z", format_day(millis))
    }

    /// A model using everything: inheritance, tenants, wildcards, denies, every condition,
    /// expiries, disabled users, review dates and constraints.
    fn random_model(rng: &mut Lcg) -> AccessModelDocument {
        let n_roles = 1 + rng.next(10);
        let role = |i: usize| format!("r{i}");
        let roles = (0..n_roles)
            .map(|i| RoleDef {
                id: role(i),
                label: None,
                parents: (0..i).filter(|_| rng.chance(4)).map(role).collect(),
                requires_mfa: false,
            })
            .collect();
        let resources: Vec<ResourceDef> = (0..1 + rng.next(3))
            .map(|i| ResourceDef {
                id: format!("res{i}"),
                label: None,
                actions: (0..1 + rng.next(4)).map(|a| format!("a{a}")).collect(),
            })
            .collect();
        let tenants: Vec<String> = (0..rng.next(3)).map(|t| format!("t{t}")).collect();
        let time = |rng: &mut Lcg| day(MONDAY_10 + (rng.next(400) as Millis - 300) * DAY_MS);
        let grants = (0..rng.next(16))
            .filter_map(|_| {
                let resource = resources.get(rng.next(resources.len()))?;
                let actions = if rng.chance(5) {
                    Actions::All(Wildcard::All)
                } else {
                    Actions::Listed(
                        resource
                            .actions
                            .iter()
                            .filter(|_| rng.chance(2))
                            .cloned()
                            .collect(),
                    )
                };
                let condition = rng.chance(3).then(|| Condition {
                    own: rng.chance(2),
                    mfa_within_minutes: rng.chance(3).then_some(15),
                    time_window: rng.chance(3).then(|| TimeWindow {
                        from: "08:00".into(),
                        to: "18:00".into(),
                        days: vec![Weekday::Mon, Weekday::Tue],
                        utc_offset_minutes: 60,
                    }),
                });
                Some(Grant {
                    role: role(rng.next(n_roles)),
                    resource: resource.id.clone(),
                    actions,
                    effect: if rng.chance(4) {
                        Effect::Deny
                    } else {
                        Effect::Allow
                    },
                    condition,
                    expires_at: rng.chance(5).then(|| time(rng)),
                    reviewed_at: rng.chance(2).then(|| time(rng)),
                    reason: rng.chance(3).then(|| "because".to_string()),
                })
            })
            .collect();
        let mut users = Vec::new();
        for u in 0..1 + rng.next(6) {
            let mut tenant_roles = std::collections::BTreeMap::new();
            for tenant in &tenants {
                if rng.chance(2) {
                    let held = (0..n_roles).filter(|_| rng.chance(4)).map(role).collect();
                    tenant_roles.insert(tenant.clone(), held);
                }
            }
            users.push(UserDef {
                id: format!("u{u}"),
                roles: (0..n_roles).filter(|_| rng.chance(4)).map(role).collect(),
                tenant_roles,
                disabled: rng.chance(8),
                last_active_at: rng.chance(2).then(|| time(rng)),
                reviewed_at: rng.chance(2).then(|| time(rng)),
            });
        }
        let constraints = Constraints {
            separation_of_duties: (0..rng.next(3))
                .map(|_| SeparationOfDuties {
                    roles: vec![role(rng.next(n_roles)), role(rng.next(n_roles))],
                    reason: None,
                })
                .collect(),
            max_holders: (0..rng.next(3))
                .map(|_| MaxHolders {
                    role: role(rng.next(n_roles)),
                    max: rng.next(4) as u32,
                })
                .collect(),
            prerequisites: (0..rng.next(3))
                .map(|_| Prerequisite {
                    role: role(rng.next(n_roles)),
                    requires: role(rng.next(n_roles)),
                })
                .collect(),
        };
        AccessModelDocument {
            json_schema: None,
            schema: 1,
            name: Some("random".into()),
            roles,
            resources,
            grants,
            users,
            tenants,
            constraints,
            review_interval_days: 90,
        }
    }

    fn compile(document: AccessModelDocument) -> AccessMatrix {
        AccessMatrix::from_document(document).unwrap_or_else(|err| unreachable!("{err}"))
    }

    // -----------------------------------------------------------------------------------------
    // Assignment and audit agree
    // -----------------------------------------------------------------------------------------

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_allowed_assignment_never_adds_a_constraint_error() {
        let mut rng = Lcg(0x5EED);
        let errors = |m: &AccessMatrix| -> Vec<AuditFinding> {
            m.audit(MONDAY_10, None, Locale::En)
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .collect()
        };
        let (mut allowed, mut refused) = (0, 0);
        for _ in 0..if cfg!(target_arch = "wasm32") {
            100
        } else {
            500
        } {
            let m = compile(random_model(&mut rng));
            let before = errors(&m);
            for _ in 0..5 {
                let doc = m.document();
                let user = format!("u{}", rng.next(doc.users.len()));
                let role = format!("r{}", rng.next(doc.roles.len()));
                let tenant = doc.tenants.get(rng.next(doc.tenants.len() + 1)).cloned();
                match m.assign(&user, &role, tenant.as_deref()) {
                    Ok(next) => {
                        allowed += 1;
                        let changes = diff(doc, &next);
                        assert!(changes.len() <= 1, "{changes:?}");
                        let after = errors(&compile(next));
                        for finding in &after {
                            assert!(before.contains(finding), "{finding:?} is new");
                        }
                    }
                    Err(refusal) => {
                        refused += 1;
                        assert!(refusal.code().starts_with("access.assign."));
                        assert!(refusal.path().starts_with("constraints."));
                        // Forcing it through breaks exactly what the refusal names.
                        let mut forced = doc.clone();
                        if let Some(target) = forced.users.iter_mut().find(|u| u.id == user) {
                            match &tenant {
                                None => target.roles.push(role.clone()),
                                Some(t) => target
                                    .tenant_roles
                                    .entry(t.clone())
                                    .or_default()
                                    .push(role.clone()),
                            }
                        }
                        let after = errors(&compile(forced));
                        let expected = match &refusal {
                            AssignRefusal::SeparationOfDuties { .. } => "audit.sod_violation",
                            AssignRefusal::MaxHolders { .. } => "audit.max_holders_exceeded",
                            _ => "audit.prerequisite_missing",
                        };
                        assert!(
                            after
                                .iter()
                                .any(|f| f.code == expected && !before.contains(f)),
                            "{refusal:?}"
                        );
                    }
                }
            }
        }
        assert!(allowed > 50 && refused > 50, "{allowed} / {refused}");
    }

    // -----------------------------------------------------------------------------------------
    // Change records
    // -----------------------------------------------------------------------------------------

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn diff_lists_every_kind_of_change_in_order() {
        let old = audited().document().clone();
        let mut new = old.clone();
        new.name = Some("invoices v2".into());
        new.roles.retain(|r| r.id != "payer");
        new.roles.push(RoleDef {
            id: "auditor".into(),
            label: None,
            parents: vec![],
            requires_mfa: false,
        });
        for role in &mut new.roles {
            if role.id == "clerk" {
                role.parents = vec!["viewer".into(), "trained".into()];
            }
            if role.id == "approver" {
                role.requires_mfa = true;
            }
        }
        new.resources.push(ResourceDef {
            id: "payroll".into(),
            label: None,
            actions: vec!["read".into()],
        });
        if let Some(invoice) = new.resources.first_mut() {
            invoice.actions.push("delete".into());
        }
        if let Some(grant) = new.grants.get_mut(1) {
            grant.actions = Actions::Listed(vec!["create".into(), "delete".into()]);
        }
        new.grants.retain(|g| g.role != "payer");
        new.grants.push(Grant {
            role: "auditor".into(),
            resource: "report".into(),
            actions: Actions::Listed(vec!["read".into()]),
            effect: Effect::Allow,
            condition: None,
            expires_at: None,
            reviewed_at: None,
            reason: None,
        });
        new.users.retain(|u| u.id != "grace" && u.id != "frank");
        new.users.push(UserDef {
            id: "henry".into(),
            roles: vec!["auditor".into()],
            tenant_roles: Default::default(),
            disabled: false,
            last_active_at: None,
            reviewed_at: None,
        });
        for user in &mut new.users {
            if user.id == "alice" {
                user.roles = vec!["approver".into(), "trained".into()];
            }
            if user.id == "erin" {
                user.disabled = false;
            }
            if user.id == "dave" {
                user.tenant_roles.clear();
            }
        }
        new.tenants.push("us".into());
        new.constraints.max_holders.clear();
        new.review_interval_days = 30;
        assert!(AccessMatrix::from_document(new.clone()).is_ok());

        let changes = diff(&old, &new);
        let kinds: Vec<String> = changes
            .iter()
            .map(|c| {
                let json = serde_json::to_value(c).unwrap_or_default();
                let kind = json.get("kind").and_then(|k| k.as_str()).unwrap_or("?");
                let who = ["user", "role", "resource", "index", "tenant"]
                    .iter()
                    .find_map(|key| {
                        json.get(*key).map(|v| match v {
                            serde_json::Value::Object(o) => o
                                .get("id")
                                .and_then(|id| id.as_str())
                                .unwrap_or_default()
                                .to_string(),
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                    })
                    .unwrap_or_default();
                format!("{kind} {who}")
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "nameChanged ",
                "roleRemoved payer",
                "roleParentsChanged clerk",
                "roleChanged approver",
                "roleAdded auditor",
                "actionsChanged invoice",
                "resourceAdded payroll",
                "grantRemoved 4",
                "grantChanged 1",
                "grantAdded 4",
                "assignmentRemoved frank",
                "userRemoved frank",
                "userRemoved grace",
                "assignmentRemoved alice",
                "assignmentAdded alice",
                "assignmentAdded alice",
                "assignmentRemoved dave",
                "userChanged erin",
                "userAdded henry",
                "assignmentAdded henry",
                "tenantAdded us",
                "constraintsChanged ",
                "reviewIntervalChanged ",
            ]
        );
        let json = serde_json::to_value(&changes).unwrap_or_default();
        assert_eq!(
            json.get(16),
            Some(&serde_json::json!({
                "kind": "assignmentRemoved", "user": "dave", "role": "admin", "tenant": "eu"
            }))
        );
        assert_eq!(
            json.get(13),
            Some(
                &serde_json::json!({ "kind": "assignmentRemoved", "user": "alice", "role": "clerk" })
            )
        );
        assert_eq!(
            json.get(22),
            Some(
                &serde_json::json!({ "kind": "reviewIntervalChanged", "before": 90, "after": 30 })
            )
        );
        // Records read back as they were written.
        let back: Vec<Change> = serde_json::from_value(json).unwrap_or_default();
        assert_eq!(back, changes);
        // The reverse diff is as long, and no difference means no records.
        assert_eq!(diff(&new, &old).len(), changes.len());
        assert_eq!(diff(&old, &old), []);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn diff_ignores_order_and_matches_grants_by_identity() {
        let old = audited().document().clone();
        let mut reordered = old.clone();
        reordered.roles.reverse();
        reordered.resources.reverse();
        reordered.grants.reverse();
        reordered.users.reverse();
        for resource in &mut reordered.resources {
            resource.actions.reverse();
        }
        for user in &mut reordered.users {
            user.roles.reverse();
        }
        assert_eq!(diff(&old, &reordered), []);

        let grant = |actions: &[&str], reason: Option<&str>| Grant {
            role: "clerk".into(),
            resource: "invoice".into(),
            actions: Actions::Listed(actions.iter().map(|a| (*a).to_string()).collect()),
            effect: Effect::Allow,
            condition: None,
            expires_at: None,
            reviewed_at: None,
            reason: reason.map(str::to_string),
        };
        let mut a = old.clone();
        a.grants = vec![grant(&["create"], None), grant(&["read"], None)];
        let mut b = old.clone();
        // A new grant in front of identical ones is one addition, not a chain of changes.
        b.grants = vec![
            grant(&["approve"], None),
            grant(&["read"], None),
            grant(&["create"], None),
        ];
        assert_eq!(
            diff(&a, &b),
            [Change::GrantAdded {
                index: 0,
                grant: grant(&["approve"], None)
            }]
        );
        // Same identity, different content: a change.
        b.grants = vec![
            grant(&["read"], None),
            grant(&["create"], Some("month end")),
        ];
        assert_eq!(
            diff(&a, &b),
            [Change::GrantChanged {
                index: 1,
                before: grant(&["create"], None),
                after: grant(&["create"], Some("month end"))
            }]
        );
        // A different effect is a different grant.
        let mut denied = grant(&["create"], None);
        denied.effect = Effect::Deny;
        b.grants = vec![denied.clone(), grant(&["read"], None)];
        assert_eq!(
            diff(&a, &b),
            [
                Change::GrantRemoved {
                    index: 0,
                    grant: grant(&["create"], None)
                },
                Change::GrantAdded {
                    index: 0,
                    grant: denied
                }
            ]
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn change_records_go_into_the_change_log() {
        let m = audited();
        let next = m
            .assign("grace", "viewer", None)
            .unwrap_or_else(|e| unreachable!("{e}"));
        let mut log = ChangeLog::new();
        let changes = serde_json::to_value(diff(m.document(), &next)).unwrap_or_default();
        assert!(
            log.append("alice", MONDAY_10, "onboarding", changes)
                .is_ok()
        );
        let later = compile(next.clone())
            .assign("grace", "clerk", Some("eu"))
            .unwrap_or_else(|e| unreachable!("{e}"));
        let changes = serde_json::to_value(diff(&next, &later)).unwrap_or_default();
        assert!(
            log.append("alice", MONDAY_10 + 1, "eu desk", changes)
                .is_ok()
        );
        assert_eq!(log.verify().ok(), Some(2));
        let recorded: Vec<Change> = log
            .entries
            .get(1)
            .and_then(|e| serde_json::from_value(e.changes.clone()).ok())
            .unwrap_or_default();
        assert_eq!(
            recorded,
            [Change::AssignmentAdded {
                user: "grace".into(),
                role: "clerk".into(),
                tenant: Some("eu".into())
            }]
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn diff_of_random_models_is_empty_only_between_equal_ones() {
        let mut rng = Lcg(0xD1FF);
        for _ in 0..200 {
            let a = random_model(&mut rng);
            let b = random_model(&mut rng);
            assert_eq!(diff(&a, &a), []);
            let changes = diff(&a, &b);
            // Serialised records read back unchanged.
            let json = serde_json::to_string(&changes).unwrap_or_default();
            let back: Vec<Change> = serde_json::from_str(&json).unwrap_or_default();
            assert_eq!(back, changes);
            if changes.is_empty() {
                assert_eq!(
                    (a.roles.len(), a.grants.len(), a.users.len()),
                    (b.roles.len(), b.grants.len(), b.users.len())
                );
            }
            assert_eq!(diff(&a, &b).len(), changes.len());
        }
    }

    // -----------------------------------------------------------------------------------------
    // Snapshots
    // -----------------------------------------------------------------------------------------

    /// What must agree between the full model and a snapshot.
    fn essence(d: &Decision) -> impl PartialEq + std::fmt::Debug + use<> {
        (
            d.allowed,
            d.code,
            d.explanation.failed_condition,
            d.explanation
                .grant
                .as_ref()
                .map(|g| (g.role.clone(), g.effect, g.reason.clone())),
            d.explanation.path.clone(),
            d.explanation.roles.clone(),
        )
    }

    /// Checks that `user` is decided alike by `m` and by their snapshot, and that the
    /// snapshot holds nothing about anyone else.
    /// Returns the codes of the decisions compared.
    fn assert_snapshot_agrees(
        m: &AccessMatrix,
        user: &str,
        requests: &[AccessRequest],
    ) -> Vec<&'static str> {
        let snapshot = m
            .snapshot_for(user)
            .unwrap_or_else(|err| unreachable!("{err}"));
        assert_eq!(snapshot.full_fingerprint, m.fingerprint());
        let doc = &snapshot.document;
        let ids: Vec<&str> = doc.users.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, [user]);
        let others: Vec<&str> = m
            .document()
            .users
            .iter()
            .map(|u| u.id.as_str())
            .filter(|id| *id != user)
            .collect();
        let mut strings = Vec::new();
        collect_strings(&serde_json::to_value(doc).unwrap_or_default(), &mut strings);
        for other in &others {
            assert!(!strings.contains(&other.to_string()), "{other} in {doc:?}");
        }
        let held: Vec<String> = m.effective(user).map(|e| e.roles).unwrap_or_default();
        let tenant_held: BTreeSet<&String> = m
            .document()
            .users
            .iter()
            .filter(|u| u.id == user)
            .flat_map(|u| u.tenant_roles.values().flatten())
            .collect();
        for grant in &doc.grants {
            let by_tenant = tenant_held.iter().any(|t| {
                m.effective(t)
                    .map(|e| e.roles.contains(&grant.role))
                    .unwrap_or(false)
            });
            assert!(held.contains(&grant.role) || by_tenant, "{grant:?}");
        }
        assert_eq!(doc.constraints, Constraints::default());
        let small =
            AccessMatrix::from_document(doc.clone()).unwrap_or_else(|err| unreachable!("{err}"));
        let mut codes = Vec::with_capacity(requests.len());
        for request in requests {
            let mut request = request.clone();
            request.user = Some(user.to_string());
            let full = m.check(&request, Locale::En);
            let cut = small.check(&request, Locale::En);
            assert_eq!(essence(&full), essence(&cut), "{request:?}\n{doc:?}");
            codes.push(full.code);
        }
        codes
    }

    fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
            serde_json::Value::Object(map) => {
                for (key, v) in map {
                    out.push(key.clone());
                    collect_strings(v, out);
                }
            }
            _ => {}
        }
    }

    /// Every combination of resource, action, tenant and context worth trying on `doc`.
    fn requests_for(doc: &AccessModelDocument, rng: &mut Lcg) -> Vec<AccessRequest> {
        let mut resources: Vec<&str> = doc.resources.iter().map(|r| r.id.as_str()).collect();
        resources.push("nowhere");
        let mut actions: BTreeSet<&str> = doc
            .resources
            .iter()
            .flat_map(|r| r.actions.iter().map(String::as_str))
            .collect();
        actions.insert("fly");
        let mut tenants: Vec<Option<String>> = vec![None, Some("nowhere".into())];
        tenants.extend(doc.tenants.iter().cloned().map(Some));
        let mut out = Vec::new();
        for resource in &resources {
            for action in &actions {
                for tenant in &tenants {
                    let mut request = AccessRequest {
                        action: (*action).into(),
                        resource: (*resource).into(),
                        tenant: tenant.clone(),
                        ..AccessRequest::default()
                    };
                    out.push(request.clone());
                    request.context.now =
                        Some(MONDAY_10 + (rng.next(200) as Millis - 100) * DAY_MS / 3);
                    request.context.mfa_at = rng.chance(2).then(|| {
                        request.context.now.unwrap_or(0) - rng.next(30) as Millis * 60_000
                    });
                    request.context.resource_owner = rng.chance(2).then(|| "someone".into());
                    out.push(request);
                }
            }
        }
        out
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_snapshot_decides_like_the_full_model_on_random_models() {
        let mut rng = Lcg(0x5A4A);
        let mut codes: Vec<&str> = Vec::new();
        for _ in 0..if cfg!(target_arch = "wasm32") {
            60
        } else {
            300
        } {
            let m = compile(random_model(&mut rng));
            let requests = requests_for(m.document(), &mut rng);
            let users: Vec<String> = m.document().users.iter().map(|u| u.id.clone()).collect();
            for user in users {
                // The owner is the user in half of the requests.
                let own: Vec<AccessRequest> = requests
                    .iter()
                    .cloned()
                    .map(|mut r| {
                        if r.context.resource_owner.is_some() && rng.chance(2) {
                            r.context.resource_owner = Some(user.clone());
                        }
                        r
                    })
                    .collect();
                codes.extend(assert_snapshot_agrees(&m, &user, &own));
            }
        }
        assert!(codes.len() > 10_000, "{}", codes.len());
        // Every kind of decision a user request can get was compared, allows among them.
        let seen: BTreeSet<&str> = codes.iter().copied().collect();
        for code in [
            "access.allowed",
            "access.denied.deny_rule",
            "access.denied.condition",
            "access.denied.no_grant",
            "access.denied.user_disabled",
            "access.denied.unknown_resource",
            "access.denied.unknown_action",
            "access.denied.unknown_tenant",
        ] {
            assert!(seen.contains(code), "{code} never came up");
        }
        let allowed = codes.iter().filter(|c| **c == "access.allowed").count();
        assert!(allowed * 40 > codes.len(), "{allowed} of {}", codes.len());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_snapshot_of_the_example_model_decides_like_it() {
        let (m, mut requests) = example();
        assert!(requests.len() > 50);
        let mut rng = Lcg(7);
        requests.extend(requests_for(m.document(), &mut rng));
        for user in ["alice", "bob", "carol", "dave", "erin"] {
            let own: Vec<AccessRequest> = requests
                .iter()
                .cloned()
                .map(|mut r| {
                    if r.context.resource_owner.is_some() {
                        r.context.resource_owner = Some(user.into());
                    }
                    r
                })
                .collect();
            assert_snapshot_agrees(&m, user, &own);
            assert_snapshot_agrees(&m, user, &requests);
        }
        // What alice's snapshot holds.
        let alice = m
            .snapshot_for("alice")
            .unwrap_or_else(|err| unreachable!("{err}"))
            .document;
        let roles: Vec<&str> = alice.roles.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(roles, ["viewer", "clerk"]);
        let granted: Vec<&str> = alice.grants.iter().map(|g| g.role.as_str()).collect();
        assert_eq!(granted, ["viewer", "clerk", "clerk", "viewer"]);
        assert_eq!(alice.resources, m.document().resources);
        assert_eq!(alice.tenants, m.document().tenants);
        // bob holds admin in `eu`: admin and everything it inherits come along.
        let bob = m
            .snapshot_for("bob")
            .unwrap_or_else(|err| unreachable!("{err}"))
            .document;
        let roles: Vec<&str> = bob.roles.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(roles, ["viewer", "clerk", "approver", "admin"]);
        assert_eq!(
            m.snapshot_for("mallory").err().map(|e| e.code()),
            Some("access.model.unknown_reference")
        );
        let json = serde_json::to_value(m.snapshot_for("erin").ok()).unwrap_or_default();
        assert_eq!(
            json.get("fullFingerprint").and_then(|f| f.as_str()),
            Some(m.fingerprint())
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn days_are_written_as_calendar_dates() {
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(MONDAY_10), "2026-11-23");
        assert_eq!(format_day(-1), "1969-12-31");
        assert_eq!(format_day(951_782_400_000), "2000-02-29");
        assert_eq!(format_day(4_107_542_400_000), "2100-03-01");
    }
}
