use super::*;
use crate::CodedError;

fn en(password: &str) -> StrengthReport {
    match estimate(password, &StrengthOptions::default()) {
        Ok(report) => report,
        Err(err) => unreachable!("estimate failed: {err}"),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_top_ten_password_scores_zero_with_its_warning() {
    let report = en("password");
    assert_eq!(report.score, 0);
    assert_eq!(
        report.feedback.warning.as_ref().map(|m| m.code),
        Some("strength.warning.top10_password")
    );
    assert_eq!(report.sequence.len(), 1);
    assert_eq!(
        report.sequence.first().map(|m| m.kind),
        Some(PatternKind::Dictionary)
    );
    assert_eq!(
        report.sequence.first().and_then(|m| m.dictionary),
        Some(DictionaryName::Passwords)
    );
    assert!(!report.truncated);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_long_random_passphrase_scores_four_without_advice() {
    let report = en("vortex-quill-marigold-anchor-tundra");
    assert_eq!(report.score, 4);
    assert!(report.guesses_log10 > 10.0);
    assert_eq!(report.feedback.warning, None);
    assert!(report.feedback.suggestions.is_empty());
    assert_eq!(report.score_label.code, "strength.score.4");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_users_own_name_is_penalised_and_named() {
    let plain = en("jonathanwick1987");
    let options = StrengthOptions::with_user_inputs(["jonathanwick", "jw@example.com"]);
    let personal = estimate("jonathanwick1987", &options).ok();
    let personal = personal.as_ref();
    assert!(personal.map(|r| r.guesses_log10) < Some(plain.guesses_log10));
    assert!(
        personal
            .map(|r| r
                .sequence
                .iter()
                .any(|m| m.dictionary == Some(DictionaryName::UserInputs)))
            .unwrap_or(false)
    );
    assert_eq!(
        personal
            .and_then(|r| r.feedback.warning.as_ref())
            .map(|m| m.code),
        Some("strength.warning.contains_user_input")
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn texts_follow_the_locale() {
    let options = StrengthOptions::default().locale(Locale::ZhCn);
    let report = estimate("password", &options).ok();
    let warning = report.as_ref().and_then(|r| r.feedback.warning.clone());
    assert_eq!(
        warning.as_ref().map(|m| m.code),
        Some("strength.warning.top10_password")
    );
    assert_eq!(
        warning.map(|m| m.text),
        Some("这是最常见的十个密码之一。".to_string())
    );
    assert_eq!(report.map(|r| r.locale), Some("zh-CN"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_empty_password_scores_zero_with_default_advice() {
    let report = en("");
    assert_eq!(report.score, 0);
    assert_eq!(report.guesses_log10, 0.0);
    assert_eq!(report.total_chars, 0);
    let codes: Vec<&str> = report.feedback.suggestions.iter().map(|m| m.code).collect();
    assert_eq!(
        codes,
        [
            "strength.suggestion.use_few_words",
            "strength.suggestion.no_need_for_symbols"
        ]
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn long_passwords_report_what_was_evaluated() {
    let long = format!("{}{}", "correct horse battery staple ".repeat(4), "x");
    let report = en(&long);
    assert_eq!(report.total_chars, 117);
    assert_eq!(report.evaluated_chars, MAX_EVALUATED_CHARS);
    assert!(report.truncated);
    assert_eq!(
        report.truncation.map(|m| m.code),
        Some("strength.truncated.length")
    );
    let covered = report.sequence.last().map(|m| m.end);
    assert_eq!(covered, Some(MAX_EVALUATED_CHARS));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn symbol_dense_passwords_are_bounded_and_say_so() {
    let adversarial: String = "4@8({[<3691!|70$5+7%2".chars().cycle().take(1000).collect();
    // Too long for the byte limit? 1000 ASCII bytes is fine.
    let report = en(&adversarial);
    assert!(report.truncated);
    assert_eq!(report.total_chars, 1000);
    assert!(report.evaluated_chars < MAX_EVALUATED_CHARS);
    let truncation = report.truncation.as_ref().map(|m| (m.code, m.text.clone()));
    assert_eq!(
        truncation.as_ref().map(|t| t.0),
        Some("strength.truncated.complexity")
    );
    let expected = format!("first {} of 1000 characters", report.evaluated_chars);
    assert!(truncation.is_some_and(|t| t.1.contains(&expected)));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn sequence_covers_the_evaluated_characters_in_order() {
    for password in [
        "Tr0ub4dour&3",
        "qwerty2024!!",
        "abcabcabc",
        "13.05.1991xyz",
        "日本語のパスワード",
    ] {
        let report = en(password);
        let mut next = 0;
        for m in &report.sequence {
            assert_eq!(m.start, next, "{password}: gap before {m:?}");
            assert!(m.end > m.start);
            assert_eq!(m.token.chars().count(), m.end - m.start);
            next = m.end;
        }
        assert_eq!(next, report.evaluated_chars, "{password}");
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn limits_are_errors_with_code_and_path() {
    let too_long = "a".repeat(MAX_PASSWORD_BYTES + 1);
    let err = estimate(&too_long, &StrengthOptions::default()).err();
    assert_eq!(
        err.as_ref().map(CodedError::code),
        Some("strength.password.too_long")
    );

    let many = StrengthOptions::with_user_inputs(vec!["x"; MAX_USER_INPUTS + 1]);
    let err = estimate("pw", &many).err();
    assert_eq!(
        err.as_ref().map(CodedError::path),
        Some("userInputs".to_string())
    );

    let big = StrengthOptions::with_user_inputs(["ok".to_string(), "y".repeat(300)]);
    let err = estimate("pw", &big).err();
    assert_eq!(
        err.as_ref().map(CodedError::code),
        Some("strength.user_input.too_long")
    );
    assert_eq!(
        err.as_ref().map(CodedError::path),
        Some("userInputs[1]".to_string())
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn request_options_parse_the_locale_and_reject_unknown_ones() {
    let ok = StrengthOptions::try_from(StrengthRequestOptions {
        user_inputs: vec!["alice".into()],
        locale: Some("zh-CN".into()),
    });
    assert_eq!(ok.as_ref().map(|o| o.locale).ok(), Some(Locale::ZhCn));
    let err = StrengthOptions::try_from(StrengthRequestOptions {
        user_inputs: vec![],
        locale: Some("de".into()),
    })
    .err();
    assert_eq!(
        err.as_ref().map(CodedError::code),
        Some("locale.unsupported")
    );
    assert_eq!(
        err.as_ref().map(CodedError::path),
        Some("locale".to_string())
    );
    assert_eq!(
        err.map(|e| e.message()),
        Some("unsupported locale `de`: supported locales are en, zh-CN".to_string())
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn durations_are_displayed_on_zxcvbn_scale_in_both_locales() {
    use super::report::display_duration;
    assert_eq!(display_duration(0.5, Locale::En), "less than a second");
    assert_eq!(display_duration(1.0, Locale::En), "1 second");
    assert_eq!(display_duration(59.9, Locale::En), "59 seconds");
    assert_eq!(display_duration(7200.0, Locale::En), "2 hours");
    assert_eq!(display_duration(86_400.0 * 31.0, Locale::En), "1 month");
    assert_eq!(display_duration(1e12, Locale::En), "centuries");
    assert_eq!(display_duration(7200.0, Locale::ZhCn), "2 小时");
    assert_eq!(display_duration(f64::NAN, Locale::ZhCn), "不到一秒");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_shortest_prefix_the_bound_can_keep_already_scores_four() {
    // The most costly symbols, then more: cut after 13 characters, the earliest possible.
    let report = en("4@({[691!|7$5+%2380<");
    assert_eq!(report.evaluated_chars, 13);
    assert_eq!(report.score, 4);
    assert!(report.guesses_log10 >= 12.0, "{}", report.guesses_log10);
}
