//! Access golden vectors (`tests/fixtures/access.json`): one model, many requests, the whole
//! decision pinned. Run natively by `cargo test` and in headless Chromium by `wasm-pack test`;
//! the npm smoke test runs them through the JavaScript API too.
//! `BLESS=1 cargo test --test access` rewrites the expectations after a deliberate change.

use account_rules::access::{AccessMatrix, AccessRequest};
use account_rules::i18n::Locale;
use serde::{Deserialize, Serialize};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/access.json");

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    description: String,
    model: serde_json::Value,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Case {
    request: serde_json::Value,
    locale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expect: Option<serde_json::Value>,
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn golden_vectors() {
    let mut fixture: Fixture =
        serde_json::from_str(FIXTURE).unwrap_or_else(|err| unreachable!("bad fixture: {err}"));
    assert!(fixture.cases.len() >= 60, "the fixture lost cases");
    let matrix = AccessMatrix::from_json(&fixture.model.to_string())
        .unwrap_or_else(|err| unreachable!("bad model: {err}"));
    let bless = cfg!(not(target_arch = "wasm32")) && std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in &mut fixture.cases {
        let request: AccessRequest = serde_json::from_value(case.request.clone())
            .unwrap_or_else(|err| unreachable!("bad request {}: {err}", case.request));
        let locale = Locale::parse(&case.locale).unwrap_or_else(|err| unreachable!("{err}"));
        let seen = serde_json::to_value(matrix.check(&request, locale)).unwrap_or_default();
        if bless {
            case.expect = Some(seen);
        } else if case.expect.as_ref() != Some(&seen) {
            failures.push(format!(
                "{}:\n  expected {:?}\n  observed {seen}",
                case.request, case.expect
            ));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    if bless {
        let text = serde_json::to_string_pretty(&fixture).unwrap_or_default();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/access.json");
        std::fs::write(path, text + "\n").unwrap_or_else(|err| unreachable!("{err}"));
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
