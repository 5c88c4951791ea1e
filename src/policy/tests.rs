use super::*;
use crate::CodedError;

fn policy(json: &str) -> PasswordPolicy {
    PasswordPolicy::from_json(json).unwrap_or_else(|err| unreachable!("{err}"))
}

fn one_rule(rule: &str) -> PasswordPolicy {
    policy(&format!(r#"{{"schema": 1, "rules": [{rule}]}}"#))
}

fn check(p: &PasswordPolicy, candidate: &Candidate) -> PolicyReport {
    let options = CheckOptions {
        strength: false,
        ..CheckOptions::default()
    };
    p.check(candidate, &options)
        .unwrap_or_else(|err| unreachable!("{err}"))
}

fn code(p: &PasswordPolicy, password: &str) -> &'static str {
    let report = check(p, &Candidate::password(password));
    report.rules.first().map_or("none", |r| r.code)
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn length_counts_code_points_after_nfkc_and_never_truncates() {
    let p = one_rule(r#"{"rule": "length", "min": 8, "max": 10}"#);
    assert_eq!(code(&p, "short"), "password.length.too_short");
    assert_eq!(code(&p, "exactly8"), "password.length.ok");
    assert_eq!(code(&p, "elevenchars"), "password.length.too_long");
    // Eight emoji are eight code points (sixteen UTF-16 units, 32 bytes).
    assert_eq!(code(&p, "🔒🔑🐉🌊🔥🌙🍀⭐"), "password.length.ok");
    // NFKC: the ligature "ﬃ" is three letters.
    assert_eq!(code(&p, "ﬃﬃab"), "password.length.ok");
    // A combining accent composes with its letter: "é" is one code point after NFKC.
    assert_eq!(
        code(&p, "e\u{301}e\u{301}e\u{301}e\u{301}"),
        "password.length.too_short"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn character_classes_required_or_counted() {
    let p = one_rule(r#"{"rule": "characterClasses", "require": ["upper", "digit"]}"#);
    let report = check(&p, &Candidate::password("lowercase!"));
    let rule = report.rules.first().cloned();
    assert_eq!(
        rule.as_ref().map(|r| r.code),
        Some("password.classes.missing")
    );
    assert_eq!(
        rule.map(|r| r.message),
        Some("Add an uppercase letter, a digit".to_string())
    );
    assert_eq!(code(&p, "Upper1"), "password.classes.ok");
    let three = one_rule(r#"{"rule": "characterClasses", "atLeast": 3}"#);
    assert_eq!(code(&three, "abcDEF"), "password.classes.too_few");
    assert_eq!(code(&three, "abcDEF1"), "password.classes.ok");
    // Greek has case; Chinese has none (no class), emoji are symbols.
    assert_eq!(code(&three, "Ωω😀"), "password.classes.ok");
    assert_eq!(code(&three, "密码😀"), "password.classes.too_few");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn min_strength_uses_the_estimate() {
    let p = one_rule(r#"{"rule": "minStrength", "score": 3}"#);
    let options = CheckOptions {
        strength: false,
        ..CheckOptions::default()
    };
    let weak = p.check(&Candidate::password("password1"), &options).ok();
    assert_eq!(
        weak.as_ref().map(|r| r.failed.clone()),
        Some(vec!["password.strength.too_weak"])
    );
    // The strength report is included because the rule needs it, even with strength: false.
    assert!(weak.is_some_and(|r| r.strength.is_some()));
    assert_eq!(
        code(&p, "vortex-quill-marigold-anchor"),
        "password.strength.ok"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn personal_information_in_many_disguises() {
    let p = one_rule(r#"{"rule": "personalInfo"}"#);
    let candidate = |password: &str| Candidate {
        password: password.into(),
        username: Some("jwick".into()),
        email: Some("jonathan.wick@example.com".into()),
        display_name: Some("Jonathan Wick".into()),
        birth_date: Some("1987-05-13".into()),
        phone: Some("+1 555 010 9999".into()),
        ..Candidate::default()
    };
    let field = |password: &str| {
        check(&p, &candidate(password)).rules.first().and_then(|r| {
            r.params
                .get("field")
                .and_then(|f| f.as_str().map(String::from))
        })
    };
    assert_eq!(field("xxJWICKxx"), Some("username".into()));
    assert_eq!(field("kciwj-reversed"), Some("username".into()));
    assert_eq!(field("J0n4th4n!!"), Some("email".into()));
    assert_eq!(field("sunny13051987"), Some("birthDate".into()));
    assert_eq!(field("call0109999now"), Some("phone".into()));
    assert_eq!(field("unrelated-horse"), None);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn common_passwords_match_exactly_after_normalisation() {
    let p = one_rule(r#"{"rule": "commonPasswords"}"#);
    assert_eq!(code(&p, "password"), "password.common.found");
    assert_eq!(code(&p, "PassWord"), "password.common.found");
    assert_eq!(code(&p, "ｐａｓｓｗｏｒｄ"), "password.common.found");
    assert_eq!(code(&p, "password-horse-staple"), "password.common.ok");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn banned_terms_follow_the_documented_examples() {
    // The examples of the Entra documentation, with "contoso" and "blank" banned.
    let p = one_rule(r#"{"rule": "bannedTerms", "terms": ["contoso", "blank"]}"#);
    assert_eq!(code(&p, "C0ntos0Blank12"), "password.banned_terms.found");
    assert_eq!(code(&p, "ContoS0Bl@nkf9!"), "password.banned_terms.ok");
    assert_eq!(code(&p, "Kontoso!"), "password.banned_terms.found");
    assert_eq!(code(&p, "entirely-unrelated"), "password.banned_terms.ok");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn repetition_and_sequences() {
    let p = one_rule(r#"{"rule": "repetition", "maxRepeated": 3, "maxSequence": 4}"#);
    assert_eq!(code(&p, "heyaaaa"), "password.repetition.repeated");
    assert_eq!(code(&p, "heyaaa"), "password.repetition.ok");
    assert_eq!(code(&p, "x12345"), "password.repetition.sequence");
    assert_eq!(code(&p, "qwerty!"), "password.repetition.sequence");
    assert_eq!(code(&p, "x1234"), "password.repetition.ok");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn current_password_same_or_too_similar() {
    let p = one_rule(r#"{"rule": "notSimilarToCurrent", "minDistance": 3}"#);
    let change = |new: &str| {
        let c = Candidate {
            password: new.into(),
            current_password: Some("Spring2025!".into()),
            ..Candidate::default()
        };
        check(&p, &c).rules.first().map_or("none", |r| r.code)
    };
    assert_eq!(change("Spring2025!"), "password.current.same");
    assert_eq!(change("spring2025!"), "password.current.same");
    assert_eq!(change("Spring2026!"), "password.current.too_similar");
    assert_eq!(change("Autumn-lantern-9"), "password.current.ok");
    assert_eq!(code(&p, "anything"), "password.current.not_applicable");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn patterns_and_allowed_characters() {
    let p = one_rule(
        r#"{"rule": "pattern", "mustMatch": "\\p{L}", "mustNotMatch": "(?i)acme", "description": "a letter, no company name"}"#,
    );
    assert_eq!(code(&p, "123456789"), "password.pattern.not_matched");
    assert_eq!(code(&p, "myACMEpass"), "password.pattern.forbidden");
    assert_eq!(code(&p, "密码123"), "password.pattern.ok");
    let ascii = one_rule(r#"{"rule": "allowedCharacters", "set": "asciiPrintable"}"#);
    assert_eq!(code(&ascii, "plain ascii ~!"), "password.characters.ok");
    let report = check(&ascii, &Candidate::password("naïve"));
    let rule = report.rules.first().cloned();
    assert_eq!(
        rule.as_ref().map(|r| r.code),
        Some("password.characters.disallowed")
    );
    assert_eq!(
        rule.map(|r| r.message),
        Some("Character U+00EF at position 3 is not allowed (printable ASCII)".to_string())
    );
    let any = one_rule(r#"{"rule": "allowedCharacters"}"#);
    assert_eq!(code(&any, "tab\there"), "password.characters.disallowed");
    assert_eq!(code(&any, "emoji 🔒 and spaces"), "password.characters.ok");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn server_rules_are_pending_never_passed() {
    let p = policy(
        r#"{"schema": 1, "rules": [{"rule": "length", "min": 4}, {"rule": "history", "remember": 5}, {"rule": "breached"}]}"#,
    );
    let report = check(&p, &Candidate::password("long enough"));
    assert!(!report.ok);
    assert!(report.ok_so_far);
    assert!(report.failed.is_empty());
    assert_eq!(
        report.pending,
        vec!["password.history.pending", "password.breached.pending"]
    );
    let statuses: Vec<Status> = report.rules.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        vec![Status::Passed, Status::Pending, Status::Pending]
    );
    assert!(
        report
            .rules
            .iter()
            .filter(|r| r.status == Status::Pending)
            .all(|r| !r.ok)
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_server_settles_only_its_own_rules() {
    let p = policy(
        r#"{"schema": 1, "rules": [{"rule": "length", "min": 40}, {"rule": "history", "remember": 5}, {"rule": "breached"}]}"#,
    );
    let zh = CheckOptions {
        locale: Locale::ZhCn,
        strength: false,
    };
    let mut report = p
        .check(&Candidate::password("short"), &zh)
        .unwrap_or_else(|err| unreachable!("{err}"));
    let before = report.clone();
    assert_eq!(report.settle(ServerFinding::HistoryReused), 1);
    assert_eq!(
        report.failed,
        vec!["password.length.too_short", "password.history.reused"]
    );
    assert_eq!(report.pending, vec!["password.breached.pending"]);
    assert!(!report.ok && !report.ok_so_far);
    let history = report
        .rules
        .get(1)
        .map(|r| (r.status, r.ok, r.message.clone()));
    assert_eq!(
        history,
        Some((
            Status::Failed,
            false,
            "最近用过这个密码：请选择不在最近 5 个密码之中的密码".to_string()
        ))
    );
    // The browser-decided rule is untouched; settling twice changes nothing more.
    assert_eq!(report.rules.first(), before.rules.first());
    assert_eq!(report.settle(ServerFinding::HistoryClear), 0);
    assert_eq!(report.settle(ServerFinding::BreachedClear), 1);
    assert!(report.pending.is_empty());

    let mut fine = check(
        &p,
        &Candidate::password("a long passphrase that is long enough ok"),
    );
    assert!(!fine.ok && fine.ok_so_far);
    fine.settle(ServerFinding::HistoryClear);
    assert!(!fine.ok, "breached still pending");
    fine.settle(ServerFinding::BreachedClear);
    assert!(fine.ok && fine.failed.is_empty() && fine.pending.is_empty());
    assert_eq!(
        fine.rules.get(1).map(|r| r.message.as_str()),
        Some("Not one of your last 5 passwords")
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn rules_are_reported_in_document_order_with_localized_messages() {
    let p = PasswordPolicy::preset("classic-enterprise").ok();
    let options = CheckOptions {
        locale: Locale::ZhCn,
        strength: false,
    };
    let report = p
        .as_ref()
        .and_then(|p| p.check(&Candidate::password("abc"), &options).ok());
    let kinds: Vec<&str> = report
        .iter()
        .flat_map(|r| r.rules.iter().map(|x| x.rule))
        .collect();
    assert_eq!(
        kinds,
        [
            "length",
            "characterClasses",
            "personalInfo",
            "commonPasswords",
            "repetition",
            "notSimilarToCurrent",
            "history"
        ]
    );
    let first = report.and_then(|r| r.rules.first().map(|x| x.message.clone()));
    assert_eq!(first.as_deref(), Some("至少 12 个字符（当前 3 个）"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn invalid_documents_name_the_path() {
    let cases = [
        (
            r#"{"schema": 1, "rules": [{"rule": "length", "min": "8"}]}"#,
            "policy.invalid",
            "rules[0].min",
        ),
        (
            r#"{"schema": 1, "rules": [{"rule": "length", "mni": 8}]}"#,
            "policy.invalid",
            "rules[0].mni",
        ),
        (
            r#"{"schema": 1, "rules": [{"rule": "lenght"}]}"#,
            "policy.invalid",
            "rules[0].rule",
        ),
        (
            r#"{"schema": 1, "colour": "red"}"#,
            "policy.invalid",
            "colour",
        ),
        (r#"{"schema": 2}"#, "policy.schema.unsupported", "schema"),
        (r#"{"rules": []}"#, "policy.invalid", ""),
        (
            r#"{"schema": 1, "rules": [{"rule": "pattern", "mustMatch": "("}]}"#,
            "policy.pattern.invalid",
            "rules[0].mustMatch",
        ),
        (r#"{"schema": 1,"#, "policy.syntax", "line 1, column 13"),
        ("[]", "policy.invalid", ""),
    ];
    for (json, code, path) in cases {
        let err = PasswordPolicy::from_json(json).err();
        assert_eq!(
            err.as_ref().map(CodedError::code),
            Some(code),
            "{json}: {err:?}"
        );
        assert_eq!(
            err.as_ref().map(CodedError::path).as_deref(),
            Some(path),
            "{json}"
        );
        assert!(err.is_some_and(|e| !e.message().is_empty()));
    }
    let unknown = PasswordPolicy::preset("nist").err();
    assert_eq!(
        unknown.as_ref().map(CodedError::code),
        Some("policy.preset.unknown")
    );
    assert!(unknown.is_some_and(|e| e.message().contains("nist-800-63b")));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn fingerprint_ignores_formatting_and_key_order_but_not_content() {
    let a = policy(r#"{"schema": 1, "rules": [{"rule": "length", "min": 12}]}"#);
    let b = policy(
        "{\n  \"rules\": [ { \"min\": 12, \"rule\": \"length\", \"max\": null } ],\n  \"schema\": 1\n}",
    );
    let c = policy(r#"{"schema": 1, "rules": [{"rule": "length", "min": 13}]}"#);
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert_ne!(a.fingerprint(), c.fingerprint());
    assert!(a.fingerprint().starts_with("sha256:"));
    assert_eq!(a.fingerprint().len(), 7 + 64);
    // The canonical form is documented: every field, keys sorted, no whitespace.
    assert_eq!(
        a.to_canonical_json(),
        r#"{"description":null,"expiry":null,"lockout":null,"mfa":null,"name":null,"rules":[{"max":null,"min":12,"rule":"length"}],"schema":1,"sources":[]}"#
    );
    // Round trip: the canonical JSON parses back to the same fingerprint.
    assert_eq!(
        policy(&a.to_canonical_json()).fingerprint(),
        a.fingerprint()
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_preset_loads_and_cites_its_sources() {
    for name in PRESETS {
        let p = PasswordPolicy::preset(name).unwrap_or_else(|err| unreachable!("{name}: {err}"));
        assert_eq!(p.document().name.as_deref(), Some(*name));
        assert!(!p.document().sources.is_empty(), "{name} cites nothing");
        let errors: Vec<Finding> = p
            .lint(Locale::En)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    let nist = PasswordPolicy::preset("nist-800-63b").ok();
    let warnings = nist.map(|p| p.lint(Locale::En)).unwrap_or_default();
    assert!(
        warnings.iter().all(|f| f.severity != Severity::Warning),
        "{warnings:?}"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lint_finds_contradictions_and_departures() {
    let p = policy(
        r#"{"schema": 1,
            "rules": [{"rule": "length", "min": 20, "max": 16},
                      {"rule": "characterClasses", "atLeast": 5},
                      {"rule": "bannedTerms", "terms": ["ab", "contoso"]}],
            "expiry": {"maxAgeDays": 30, "warnDays": 30},
            "lockout": {"maxFailures": 500}}"#,
    );
    let findings = p.lint(Locale::En);
    let has = |code: &str, severity: Severity, path: &str| {
        findings
            .iter()
            .any(|f| f.code == code && f.severity == severity && f.path == path)
    };
    assert!(
        has("lint.length.min_above_max", Severity::Error, "rules[0].min"),
        "{findings:?}"
    );
    assert!(has(
        "lint.length.max_below_64",
        Severity::Warning,
        "rules[0].max"
    ));
    assert!(has(
        "lint.classes.impossible",
        Severity::Error,
        "rules[1].atLeast"
    ));
    assert!(has("lint.composition_rules", Severity::Warning, "rules[1]"));
    assert!(has(
        "lint.banned_term.too_short",
        Severity::Error,
        "rules[2].terms[0]"
    ));
    assert!(has(
        "lint.expiry.rotation",
        Severity::Warning,
        "expiry.maxAgeDays"
    ));
    assert!(has(
        "lint.expiry.warn_covers_age",
        Severity::Error,
        "expiry.warnDays"
    ));
    assert!(has(
        "lint.lockout.above_nist",
        Severity::Error,
        "lockout.maxFailures"
    ));
    assert!(has("lint.no_blocklist", Severity::Warning, "rules"));
    let composition = findings.iter().find(|f| f.code == "lint.composition_rules");
    assert!(composition.is_some_and(|f| f.reference.is_some_and(|r| r.contains("6.2.5"))));
    // Errors come first.
    assert_eq!(findings.first().map(|f| f.severity), Some(Severity::Error));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn user_inputs_are_the_words_the_strength_estimate_penalises() {
    let candidate = Candidate {
        password: "x".into(),
        username: Some("J.Wick_77".into()),
        email: Some("Jonathan.Wick@example.com".into()),
        display_name: Some("Jo Wick".into()),
        birth_date: Some("1987-05-13".into()),
        ..Candidate::default()
    };
    let inputs = candidate.user_inputs().unwrap_or_default();
    assert_eq!(inputs, ["wick", "j.wick_77", "jonathan", "jonathan.wick"]);
    // The report's strength estimate used exactly these: same guesses as estimating directly.
    let p = one_rule(r#"{"rule": "minStrength", "score": 0}"#);
    let mut with_password = candidate.clone();
    with_password.password = "jonathanwick77".into();
    let via_check = p
        .check(&with_password, &CheckOptions::default())
        .ok()
        .and_then(|r| r.strength);
    let options = crate::strength::StrengthOptions::with_user_inputs(inputs);
    let direct = crate::strength::estimate("jonathanwick77", &options).ok();
    assert_eq!(
        via_check.map(|r| r.guesses_log10),
        direct.map(|r| r.guesses_log10)
    );
}
