//! Account state over time: password expiry and minimum age, lockout after failed sign-ins,
//! and whether a second factor is required. Time is always an argument — milliseconds since
//! the Unix epoch, UTC — so the server and the page compute the same answer for the same
//! instant; only the JavaScript layer reads the clock, and only when `now` is omitted.

use crate::i18n::{Locale, Message};
use crate::policy::schema::{ExpiryPolicy, LockoutPolicy, MfaPolicy};
use serde::Serialize;

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Millis = i64;

const MINUTE: Millis = 60_000;
const DAY: Millis = 24 * 60 * MINUTE;

/// Where a password stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ExpiryState {
    /// The policy sets no maximum age.
    Never,
    /// Valid, and not yet in the warning period.
    Ok,
    /// Valid, but expiring within the warning period.
    Warning,
    /// Past its maximum age: it must be changed.
    Expired,
}

/// The answer of [`expiry`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpiryStatus {
    /// Never, ok, warning or expired.
    pub state: ExpiryState,
    /// `account.expiry.*`, localized.
    pub message: Message,
    /// When the password expires (`null`: never).
    pub expires_at: Option<Millis>,
    /// Whole days until then, rounded up; negative once expired (`null`: never).
    pub days_left: Option<i64>,
    /// Whether the minimum age allows a change now.
    pub can_change: bool,
    /// When a change becomes allowed (equal to `lastChanged` when there is no minimum age).
    pub can_change_at: Millis,
    /// `account.change.allowed` or `account.change.too_soon`, localized.
    pub change_message: Message,
}

/// Where a password set at `last_changed` stands at `now`.
#[must_use]
pub fn expiry(
    policy: Option<&ExpiryPolicy>,
    last_changed: Millis,
    now: Millis,
    locale: Locale,
) -> ExpiryStatus {
    let min_age = policy.map_or(0, |p| i64::from(p.min_age_days));
    let can_change_at = last_changed.saturating_add(min_age.saturating_mul(DAY));
    let can_change = now >= can_change_at;
    let change_message = if can_change {
        locale.message("account.change.allowed", &[])
    } else {
        let days = ceil_days(can_change_at - now).to_string();
        locale.message("account.change.too_soon", &[("days", &days)])
    };
    let Some(max_age) = policy.and_then(|p| p.max_age_days) else {
        return ExpiryStatus {
            state: ExpiryState::Never,
            message: locale.message("account.expiry.never", &[]),
            expires_at: None,
            days_left: None,
            can_change,
            can_change_at,
            change_message,
        };
    };
    let expires_at = last_changed.saturating_add(i64::from(max_age).saturating_mul(DAY));
    let left = expires_at.saturating_sub(now);
    let days_left = ceil_days(left);
    let warn = policy.map_or(0, |p| i64::from(p.warn_days));
    let days = days_left.to_string();
    let (state, message) = if left <= 0 {
        (
            ExpiryState::Expired,
            locale.message("account.expiry.expired", &[]),
        )
    } else if left <= warn.saturating_mul(DAY) {
        (
            ExpiryState::Warning,
            locale.message("account.expiry.warning", &[("days", &days)]),
        )
    } else {
        (
            ExpiryState::Ok,
            locale.message("account.expiry.ok", &[("days", &days)]),
        )
    };
    ExpiryStatus {
        state,
        message,
        expires_at: Some(expires_at),
        days_left: Some(days_left),
        can_change,
        can_change_at,
        change_message,
    }
}

/// Whole days in `span`, rounded up (towards +∞).
fn ceil_days(span: Millis) -> i64 {
    span.div_euclid(DAY) + i64::from(span.rem_euclid(DAY) != 0)
}

/// Whole minutes in `span`, rounded up.
fn ceil_minutes(span: Millis) -> i64 {
    span.div_euclid(MINUTE) + i64::from(span.rem_euclid(MINUTE) != 0)
}

/// The answer of [`lockout`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LockoutStatus {
    /// Whether sign-in is refused now.
    pub locked: bool,
    /// `account.lockout.*`, localized.
    pub message: Message,
    /// Failures still allowed before the account locks (`null` when locked or without a policy).
    pub remaining_attempts: Option<u32>,
    /// When the lock ends (`null`: not locked, or locked until an administrator unlocks it).
    pub locked_until: Option<Millis>,
    /// The failures that count now (inside the window and after the last lock ended).
    pub recent_failures: u32,
}

/// Whether an account with failed sign-ins at `failures` (any order) is locked at `now`.
///
/// Failures count inside the policy's window; reaching `maxFailures` locks the account from
/// that failure for `lockMinutes` (or until unlocked), and failures before a lock ended no
/// longer count. Failures after `now` are ignored.
#[must_use]
pub fn lockout(
    policy: Option<&LockoutPolicy>,
    failures: &[Millis],
    now: Millis,
    locale: Locale,
) -> LockoutStatus {
    let Some(policy) = policy else {
        return LockoutStatus {
            locked: false,
            message: locale.message("account.lockout.no_policy", &[]),
            remaining_attempts: None,
            locked_until: None,
            recent_failures: 0,
        };
    };
    let mut times: Vec<Millis> = failures.iter().copied().filter(|&t| t <= now).collect();
    times.sort_unstable();
    let window = policy
        .window_minutes
        .map(|m| i64::from(m).saturating_mul(MINUTE));
    let lock = policy
        .lock_minutes
        .map(|m| i64::from(m).saturating_mul(MINUTE));
    // Failures counting towards the next lock, oldest first.
    let mut counting: Vec<Millis> = Vec::new();
    // The most recent lock: (from, until); `until == None` lasts until unlocked.
    let mut last_lock: Option<(Millis, Option<Millis>)> = None;
    for &time in &times {
        if let Some((_, until)) = last_lock {
            match until {
                None => break,
                Some(until) if time < until => continue,
                Some(_) => {}
            }
        }
        counting.push(time);
        if let Some(window) = window {
            counting.retain(|&t| time.saturating_sub(t) < window);
        }
        if counting.len() >= policy.max_failures as usize {
            last_lock = Some((time, lock.map(|l| time.saturating_add(l))));
            counting.clear();
        }
    }
    if let Some((_, until)) = last_lock {
        if until.is_none_or(|until| now < until) {
            let message = match until {
                Some(until) => {
                    let minutes = ceil_minutes(until - now).to_string();
                    locale.message("account.lockout.locked", &[("minutes", &minutes)])
                }
                None => locale.message("account.lockout.locked_until_unlocked", &[]),
            };
            return LockoutStatus {
                locked: true,
                message,
                remaining_attempts: None,
                locked_until: until,
                recent_failures: policy.max_failures,
            };
        }
    }
    if let Some(window) = window {
        counting.retain(|&t| now.saturating_sub(t) < window);
    }
    let recent = u32::try_from(counting.len()).unwrap_or(u32::MAX);
    let remaining = policy.max_failures.saturating_sub(recent);
    let text = remaining.to_string();
    LockoutStatus {
        locked: false,
        message: locale.message("account.lockout.ok", &[("remaining", &text)]),
        remaining_attempts: Some(remaining),
        locked_until: None,
        recent_failures: recent,
    }
}

/// The answer of [`mfa`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaStatus {
    /// Whether the account needs a second factor.
    pub required: bool,
    /// The account's roles that require it (empty when all accounts do, or none).
    pub because_of_roles: Vec<String>,
    /// `account.mfa.required` or `account.mfa.not_required`, localized.
    pub message: Message,
}

/// Whether an account holding `roles` needs a second factor.
#[must_use]
pub fn mfa(policy: Option<&MfaPolicy>, roles: &[String], locale: Locale) -> MfaStatus {
    let because_of_roles: Vec<String> = policy
        .map(|p| {
            roles
                .iter()
                .filter(|r| p.required_for_roles.contains(r))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let required = policy.is_some_and(|p| p.required_for_all) || !because_of_roles.is_empty();
    let code = if required {
        "account.mfa.required"
    } else {
        "account.mfa.not_required"
    };
    MfaStatus {
        required,
        because_of_roles,
        message: locale.message(code, &[]),
    }
}

/// [`mfa`], with the roles of an access model: an account also needs a second factor when it
/// holds a role marked `requiresMfa` — `marked` is that list, e.g.
/// [`crate::access::Effective::requires_mfa`] of the account's user. `becauseOfRoles` lists
/// the policy's roles first, then the marked roles not already named.
#[must_use]
pub fn mfa_with_model(
    policy: Option<&MfaPolicy>,
    roles: &[String],
    marked: &[String],
    locale: Locale,
) -> MfaStatus {
    let mut status = mfa(policy, roles, locale);
    for role in marked {
        if !status.because_of_roles.contains(role) {
            status.because_of_roles.push(role.clone());
        }
    }
    if !status.required && !status.because_of_roles.is_empty() {
        status.required = true;
        status.message = locale.message("account.mfa.required", &[]);
    }
    status
}

/// Every code this module can emit (for the catalogue test).
pub const CODES: &[&str] = &[
    "account.expiry.ok",
    "account.expiry.warning",
    "account.expiry.expired",
    "account.expiry.never",
    "account.change.allowed",
    "account.change.too_soon",
    "account.lockout.ok",
    "account.lockout.locked",
    "account.lockout.locked_until_unlocked",
    "account.lockout.no_policy",
    "account.mfa.required",
    "account.mfa.not_required",
    // Answered by a server that keeps accounts (the demo server), not by this module: their
    // texts live in the catalogue so that a page shows them in the user's language.
    "account.login.failed",
    "account.username.taken",
    "account.username.invalid",
    "account.mfa.code_required",
    "account.mfa.code_invalid",
    "account.mfa.already_enrolled",
    "account.mfa.not_started",
    "account.mfa.setup_needed",
    "account.mfa.verify_needed",
];

#[cfg(test)]
mod tests;
