use super::*;
use crate::policy::schema::{ExpiryPolicy, LockoutPolicy, MfaPolicy};

const T0: Millis = 1_767_225_600_000; // 2026-01-01T00:00:00Z

fn days(n: i64) -> Millis {
    n * DAY
}

fn minutes(n: i64) -> Millis {
    n * MINUTE
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn expiry_walks_through_ok_warning_expired() {
    let policy = ExpiryPolicy {
        max_age_days: Some(90),
        warn_days: 14,
        min_age_days: 1,
    };
    let at = |now| expiry(Some(&policy), T0, now, Locale::En);
    let fresh = at(T0 + minutes(5));
    assert_eq!(fresh.state, ExpiryState::Ok);
    assert!(!fresh.can_change);
    assert_eq!(fresh.change_message.code, "account.change.too_soon");
    assert_eq!(fresh.expires_at, Some(T0 + days(90)));
    let later = at(T0 + days(2));
    assert!(later.can_change);
    assert_eq!(later.days_left, Some(88));
    let warning = at(T0 + days(80));
    assert_eq!(warning.state, ExpiryState::Warning);
    assert_eq!(warning.days_left, Some(10));
    assert_eq!(
        warning.message.text,
        "Your password expires in 10 days; change it soon"
    );
    assert_eq!(at(T0 + days(90)).state, ExpiryState::Expired);
    assert_eq!(at(T0 + days(91)).days_left, Some(-1));
    let never = expiry(None, T0, T0 + days(1000), Locale::ZhCn);
    assert_eq!(never.state, ExpiryState::Never);
    assert_eq!(never.message.text, "你的密码不会过期");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lockout_counts_failures_in_the_window_and_locks_for_a_while() {
    let policy = LockoutPolicy {
        max_failures: 3,
        window_minutes: Some(15),
        lock_minutes: Some(30),
    };
    let at = |failures: &[Millis], now| lockout(Some(&policy), failures, now, Locale::En);
    let none = at(&[], T0);
    assert_eq!(none.remaining_attempts, Some(3));
    let two = at(&[T0, T0 + minutes(1)], T0 + minutes(2));
    assert_eq!(two.remaining_attempts, Some(1));
    assert_eq!(two.message.text, "1 attempts left");
    // Older than the window: they no longer count.
    let stale = at(&[T0, T0 + minutes(1)], T0 + minutes(20));
    assert_eq!(stale.remaining_attempts, Some(3));
    // Three within the window: locked for 30 minutes from the third.
    let failures = [T0, T0 + minutes(1), T0 + minutes(2)];
    let locked = at(&failures, T0 + minutes(12));
    assert!(locked.locked);
    assert_eq!(locked.locked_until, Some(T0 + minutes(32)));
    assert_eq!(
        locked.message.text,
        "Too many failed attempts; try again in 20 minutes"
    );
    // After the lock the slate is clean.
    let after = at(&failures, T0 + minutes(33));
    assert!(!after.locked);
    assert_eq!(after.remaining_attempts, Some(3));
    // Failures during the lock do not extend it; order of input does not matter.
    let during = at(
        &[T0 + minutes(10), T0 + minutes(2), T0, T0 + minutes(1)],
        T0 + minutes(33),
    );
    assert_eq!(during.remaining_attempts, Some(3));
    // Spread out beyond the window: never locked.
    let spread = at(&[T0, T0 + minutes(20), T0 + minutes(40)], T0 + minutes(41));
    assert!(!spread.locked);
    assert_eq!(spread.remaining_attempts, Some(2));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lockout_without_duration_lasts_until_unlocked() {
    let policy = LockoutPolicy {
        max_failures: 2,
        window_minutes: None,
        lock_minutes: None,
    };
    let status = lockout(
        Some(&policy),
        &[T0, T0 + days(3)],
        T0 + days(300),
        Locale::En,
    );
    assert!(status.locked);
    assert_eq!(status.locked_until, None);
    assert_eq!(status.message.code, "account.lockout.locked_until_unlocked");
    let no_policy = lockout(None, &[T0; 50], T0, Locale::En);
    assert!(!no_policy.locked);
    assert_eq!(no_policy.message.code, "account.lockout.no_policy");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn mfa_for_sensitive_roles_or_everyone() {
    let policy = MfaPolicy {
        required_for_all: false,
        required_for_roles: vec!["admin".into()],
    };
    let roles = |r: &[&str]| r.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    let admin = mfa(Some(&policy), &roles(&["viewer", "admin"]), Locale::En);
    assert!(admin.required);
    assert_eq!(admin.because_of_roles, vec!["admin"]);
    assert!(!mfa(Some(&policy), &roles(&["viewer"]), Locale::En).required);
    let all = MfaPolicy {
        required_for_all: true,
        required_for_roles: vec![],
    };
    assert!(mfa(Some(&all), &[], Locale::En).required);
    assert!(!mfa(None, &roles(&["admin"]), Locale::En).required);

    // With the access model's roles marked requiresMfa: the policy's roles first, no repeats.
    let both = mfa_with_model(
        Some(&policy),
        &roles(&["admin"]),
        &roles(&["approver", "admin"]),
        Locale::ZhCn,
    );
    assert!(both.required);
    assert_eq!(both.because_of_roles, vec!["admin", "approver"]);
    let marked_only = mfa_with_model(
        Some(&policy),
        &roles(&["viewer"]),
        &roles(&["approver"]),
        Locale::En,
    );
    assert!(marked_only.required);
    assert_eq!(marked_only.message.code, "account.mfa.required");
    let neither = mfa_with_model(None, &roles(&["viewer"]), &[], Locale::En);
    assert!(!neither.required);
    assert_eq!(neither.message.code, "account.mfa.not_required");
}
