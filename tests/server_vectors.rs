//! The policy golden vectors (`tests/fixtures/policy.json`) once more, through the demo server:
//! for each policy of the fixture, the real `demo-server` binary is started on a folder holding
//! that policy as its `policy.json`, and every case of the policy goes through
//! `POST /api/policy/check`. The answers must be the pinned ones — the same expectations the
//! native tests, the browser tests and the npm smoke test assert.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use account_rules::policy::PasswordPolicy;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BINARY: &str = env!("CARGO_BIN_EXE_demo-server");
const FIXTURE: &str = include_str!("fixtures/policy.json");

#[derive(Deserialize)]
struct Fixture {
    policies: BTreeMap<String, Value>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    policy: String,
    candidate: Value,
    #[serde(default)]
    locale: Option<String>,
    expect: Value,
}

/// A running server; killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server on `www` (a fresh database next to it) and waits for its URL line.
fn start(www: &Path) -> Server {
    let mut child = Command::new(BINARY)
        .args(["--port", "0", "--db"])
        .arg(www.with_file_name("accounts.sqlite3"))
        .arg("--www")
        .arg(www)
        .arg("--pkg")
        .arg(Path::new(ROOT).join("pkg"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("demo-server: listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    Server { child, url }
}

/// The policy document a fixture entry stands for (`preset:NAME` or the document itself).
fn document(entry: &Value) -> String {
    match entry.as_str().and_then(|s| s.strip_prefix("preset:")) {
        Some(name) => PasswordPolicy::preset(name).unwrap().to_json_pretty(),
        None => entry.to_string(),
    }
}

/// The server's report in the fixture's terms: ok, okSoFar, failed, pending and each rule as
/// `[rule, status, code, message]`.
fn observed(report: &Value) -> Value {
    let rules: Vec<Value> = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| json!([r["rule"], r["status"], r["code"], r["message"]]))
        .collect();
    json!({
        "ok": report["ok"],
        "okSoFar": report["okSoFar"],
        "failed": report["failed"],
        "pending": report["pending"],
        "rules": rules,
    })
}

#[test]
fn the_server_answers_every_policy_vector_as_pinned() {
    let fixture: Fixture = serde_json::from_str(FIXTURE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, entry) in &fixture.policies {
        let www = dir.path().join(name).join("www");
        std::fs::create_dir_all(&www).unwrap();
        std::fs::write(www.join("policy.json"), document(entry)).unwrap();
        std::fs::copy(
            Path::new(ROOT).join("www/access.json"),
            www.join("access.json"),
        )
        .unwrap();
        let server = start(&www);
        for case in fixture.cases.iter().filter(|c| &c.policy == name) {
            let body = json!({
                "candidate": case.candidate,
                "locale": case.locale.as_deref().unwrap_or("en"),
            });
            let mut response = agent
                .post(format!("{}api/policy/check", server.url))
                .header("Content-Type", "application/json")
                .send(body.to_string())
                .unwrap();
            let status = response.status().as_u16();
            let answer: Value =
                serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
            let seen = if status == 200 {
                observed(&answer)
            } else {
                json!({ "status": status, "answer": answer })
            };
            if seen != case.expect {
                failures.push(format!(
                    "{} ({name}):\n  expected {}\n  server   {seen}",
                    case.name, case.expect
                ));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, fixture.cases.len(), "every case has a policy");
    assert!(
        failures.is_empty(),
        "{} of {checked} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
