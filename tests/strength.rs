//! Strength golden vectors (`tests/fixtures/strength.json`), run natively by `cargo test` and
//! in headless Chromium by `wasm-pack test`, with the same assertions.
//! `BLESS=1 cargo test --test strength` rewrites the expectations after a deliberate change.
#![cfg(feature = "passwords")]

use account_rules::strength::{StrengthOptions, StrengthRequestOptions, estimate};
use serde::{Deserialize, Serialize};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// log10(2⁶⁴) rounded down: guess counts at or above it are saturated.
const SATURATED_LOG10: f64 = 19.26;

const FIXTURE: &str = include_str!("fixtures/strength.json");

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    description: String,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    password: String,
    options: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expect: Option<Expect>,
}

/// What is pinned for each case: everything that is stable across years and platforms.
/// Guess counts of dates and years move with zxcvbn's reference year, so they are not pinned;
/// nor is the pattern sequence once the guess count saturates at 2⁶⁴, where several sequences
/// tie and zxcvbn's choice among them follows hash-map order.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Expect {
    score: u8,
    warning: Option<String>,
    warning_text: Option<String>,
    suggestions: Vec<String>,
    patterns: Option<Vec<String>>,
    evaluated_chars: usize,
    total_chars: usize,
    truncated: bool,
    truncation: Option<String>,
    locale: String,
}

fn observe(case: &Case) -> Expect {
    let request: StrengthRequestOptions = serde_json::from_value(case.options.clone())
        .unwrap_or_else(|err| unreachable!("{}: bad options: {err}", case.name));
    let options = StrengthOptions::try_from(request)
        .unwrap_or_else(|err| unreachable!("{}: bad options: {err}", case.name));
    let report = estimate(&case.password, &options)
        .unwrap_or_else(|err| unreachable!("{}: estimate failed: {err}", case.name));
    let kind = |k| match serde_json::to_value(k) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("pattern kind serialised as {other:?}"),
    };
    Expect {
        score: report.score,
        warning: report.feedback.warning.as_ref().map(|m| m.code.to_string()),
        warning_text: report.feedback.warning.as_ref().map(|m| m.text.clone()),
        suggestions: report
            .feedback
            .suggestions
            .iter()
            .map(|m| m.code.to_string())
            .collect(),
        patterns: (report.guesses_log10 < SATURATED_LOG10)
            .then(|| report.sequence.iter().map(|m| kind(m.kind)).collect()),
        evaluated_chars: report.evaluated_chars,
        total_chars: report.total_chars,
        truncated: report.truncated,
        truncation: report.truncation.as_ref().map(|m| m.code.to_string()),
        locale: report.locale.to_string(),
    }
}

fn fixture() -> Fixture {
    serde_json::from_str(FIXTURE).unwrap_or_else(|err| unreachable!("bad fixture: {err}"))
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn golden_vectors() {
    let mut fixture = fixture();
    assert!(fixture.cases.len() >= 40, "the fixture lost cases");
    let bless = cfg!(not(target_arch = "wasm32")) && std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in &mut fixture.cases {
        let seen = observe(case);
        if bless {
            case.expect = Some(seen);
        } else if case.expect.as_ref() != Some(&seen) {
            failures.push(format!(
                "{}:\n  expected {:?}\n  observed {seen:?}",
                case.name, case.expect
            ));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    if bless {
        let text = serde_json::to_string_pretty(&fixture).unwrap_or_default();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/strength.json");
        std::fs::write(path, text + "\n").unwrap_or_else(|err| unreachable!("{err}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn known_passwords_score_as_expected() {
    let en = StrengthOptions::default();
    let score = |p: &str, o: &StrengthOptions| estimate(p, o).map(|r| r.score).ok();
    assert_eq!(score("password", &en), Some(0));
    assert_eq!(score("vortex-quill-marigold-anchor-tundra", &en), Some(4));
    let plain = estimate("jonathanwick1987", &en)
        .map(|r| r.guesses_log10)
        .ok();
    let personal = StrengthOptions::with_user_inputs(["Jonathan", "jonathanwick"]);
    let penalised = estimate("jonathanwick1987", &personal)
        .map(|r| r.guesses_log10)
        .ok();
    assert!(penalised < plain, "{penalised:?} !< {plain:?}");
}

/// The exported JavaScript function, called as JavaScript calls it: plain objects in and out,
/// `AccountRulesError`s thrown on misuse.
#[cfg(target_arch = "wasm32")]
mod js_boundary {
    use account_rules::wasm::strength::{StrengthOptionsArg, estimate_strength};
    use js_sys::{JSON, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn options(json: &str) -> Option<StrengthOptionsArg> {
        JSON::parse(json).ok().map(JsCast::unchecked_into)
    }

    fn get(value: &JsValue, path: &[&str]) -> JsValue {
        path.iter().fold(value.clone(), |v, key| {
            Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        })
    }

    #[wasm_bindgen_test]
    fn reports_are_plain_camel_case_objects() {
        let report = estimate_strength("password", options(r#"{"locale":"zh-CN"}"#));
        let report = report.unwrap_or(JsValue::NULL);
        assert_eq!(get(&report, &["score"]).as_f64(), Some(0.0));
        assert_eq!(
            get(&report, &["feedback", "warning", "code"])
                .as_string()
                .as_deref(),
            Some("strength.warning.top10_password")
        );
        assert_eq!(
            get(&report, &["locale"]).as_string().as_deref(),
            Some("zh-CN")
        );
        assert!(
            get(
                &report,
                &["crackTimes", "offlineSlowHashing1e4PerSecond", "display"]
            )
            .is_string()
        );
        assert!(get(&report, &["truncation"]).is_null());
        assert_eq!(get(&report, &["evaluatedChars"]).as_f64(), Some(8.0));
        let no_options = estimate_strength("password", None).unwrap_or(JsValue::NULL);
        assert_eq!(
            get(&no_options, &["locale"]).as_string().as_deref(),
            Some("en")
        );
    }

    #[wasm_bindgen_test]
    fn misuse_throws_errors_with_code_and_path() {
        let cases = [
            (r#"{"locale":"fr"}"#, "locale.unsupported", "locale"),
            (
                r#"{"userInputs":["a", 3]}"#,
                "input.invalid",
                "userInputs[1]",
            ),
            (r#"{"colour":"red"}"#, "input.invalid", "colour"),
        ];
        for (json, code, path) in cases {
            let err = estimate_strength("x", options(json))
                .err()
                .unwrap_or(JsValue::NULL);
            assert!(
                err.is_instance_of::<js_sys::Error>(),
                "{json}: not an Error"
            );
            assert_eq!(
                get(&err, &["name"]).as_string().as_deref(),
                Some("AccountRulesError")
            );
            assert_eq!(
                get(&err, &["code"]).as_string().as_deref(),
                Some(code),
                "{json}"
            );
            assert_eq!(
                get(&err, &["path"]).as_string().as_deref(),
                Some(path),
                "{json}"
            );
            assert!(
                get(&err, &["message"])
                    .as_string()
                    .is_some_and(|m| !m.is_empty())
            );
        }
    }
}
