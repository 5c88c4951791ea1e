//! Policy golden vectors (`tests/fixtures/policy.json`), run natively by `cargo test` and in
//! headless Chromium by `wasm-pack test`, with the same assertions; the npm smoke test runs
//! them once more through the JavaScript API.
//! `BLESS=1 cargo test --test policy` rewrites the expectations after a deliberate change.
#![cfg(feature = "passwords")]

use account_rules::i18n::Locale;
use account_rules::policy::{Candidate, CheckOptions, PasswordPolicy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/policy.json");

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    description: String,
    policies: BTreeMap<String, serde_json::Value>,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    policy: String,
    candidate: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expect: Option<serde_json::Value>,
}

fn load(document: &serde_json::Value) -> PasswordPolicy {
    match document.as_str().and_then(|s| s.strip_prefix("preset:")) {
        Some(name) => PasswordPolicy::preset(name),
        None => PasswordPolicy::from_json(&document.to_string()),
    }
    .unwrap_or_else(|err| unreachable!("bad fixture policy: {err}"))
}

/// The report as pinned: ok, okSoFar, failed, pending, and each rule as
/// `[rule, status, code, message]`. The fingerprint is pinned per preset instead, the strength
/// report by the strength vectors, and each rule's `params` show in its message.
fn observe(policy: &PasswordPolicy, case: &Case) -> serde_json::Value {
    let candidate: Candidate = serde_json::from_value(case.candidate.clone())
        .unwrap_or_else(|err| unreachable!("{}: bad candidate: {err}", case.name));
    let locale = Locale::parse(case.locale.as_deref().unwrap_or("en"))
        .unwrap_or_else(|err| unreachable!("{err}"));
    let options = CheckOptions {
        locale,
        strength: false,
    };
    let report = policy
        .check(&candidate, &options)
        .unwrap_or_else(|err| unreachable!("{}: {err}", case.name));
    let rules: Vec<serde_json::Value> = report
        .rules
        .iter()
        .map(|r| serde_json::json!([r.rule, r.status, r.code, r.message]))
        .collect();
    serde_json::json!({
        "ok": report.ok,
        "okSoFar": report.ok_so_far,
        "failed": report.failed,
        "pending": report.pending,
        "rules": rules,
    })
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn golden_vectors() {
    let mut fixture: Fixture =
        serde_json::from_str(FIXTURE).unwrap_or_else(|err| unreachable!("bad fixture: {err}"));
    assert!(fixture.cases.len() >= 200, "the fixture lost cases");
    let policies: BTreeMap<String, PasswordPolicy> = fixture
        .policies
        .iter()
        .map(|(name, document)| (name.clone(), load(document)))
        .collect();
    let bless = cfg!(not(target_arch = "wasm32")) && std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in &mut fixture.cases {
        let policy = policies
            .get(&case.policy)
            .unwrap_or_else(|| unreachable!("{}: unknown policy", case.name));
        let seen = observe(policy, case);
        if bless {
            case.expect = Some(seen);
        } else if case.expect.as_ref() != Some(&seen) {
            failures.push(format!(
                "{}:\n  expected {:?}\n  observed {seen}",
                case.name, case.expect
            ));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    if bless {
        let text = serde_json::to_string_pretty(&fixture).unwrap_or_default();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/policy.json");
        std::fs::write(path, text + "\n").unwrap_or_else(|err| unreachable!("{err}"));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        fixture.cases.len(),
        failures.join("\n")
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn preset_fingerprints_are_stable() {
    // A preset's fingerprint changes only when the preset does: then update it here, on purpose.
    let expected = include_str!("fixtures/preset-fingerprints.json");
    let expected: BTreeMap<String, String> =
        serde_json::from_str(expected).unwrap_or_else(|err| unreachable!("{err}"));
    for (name, fingerprint) in expected {
        let policy = PasswordPolicy::preset(&name).unwrap_or_else(|err| unreachable!("{err}"));
        assert_eq!(policy.fingerprint(), fingerprint, "{name}");
    }
}
