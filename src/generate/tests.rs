use super::*;
use crate::policy::PRESETS;

/// Draws per property: many natively; fewer in the browser, where tests run unoptimised.
const DRAWS: usize = if cfg!(target_arch = "wasm32") { 10 } else { 50 };
const POLICIES: usize = if cfg!(target_arch = "wasm32") {
    40
} else {
    300
};

fn options(kind: GeneratorKind) -> GenerateOptions {
    GenerateOptions {
        kind,
        ..GenerateOptions::default()
    }
}

fn passes(policy: &PasswordPolicy, password: &str) -> bool {
    let options = CheckOptions {
        strength: false,
        ..CheckOptions::default()
    };
    policy
        .check(&Candidate::password(password), &options)
        .is_ok_and(|r| r.failed.is_empty())
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn generated_passwords_pass_every_preset() {
    for name in PRESETS {
        let policy = PasswordPolicy::preset(name).unwrap_or_else(|err| unreachable!("{err}"));
        for kind in [GeneratorKind::Random, GeneratorKind::Passphrase] {
            for _ in 0..DRAWS {
                let generated = generate(&policy, &options(kind))
                    .unwrap_or_else(|err| unreachable!("{name}: {err}"));
                assert!(
                    passes(&policy, &generated.password),
                    "{name}: {}",
                    generated.password
                );
                assert!(generated.entropy_bits > 60.0, "{name}: {generated:?}");
            }
        }
    }
}

/// A small deterministic generator for random policies (the passwords themselves use getrandom).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn generated_passwords_pass_random_satisfiable_policies() {
    let mut rng = Lcg(0xC0FFEE);
    let classes = ["upper", "lower", "digit", "symbol"];
    for round in 0..POLICIES {
        let min = 6 + rng.next(30);
        let max = if rng.next(3) == 0 {
            "null".to_string()
        } else {
            (min + 8 + rng.next(60)).to_string()
        };
        let require: Vec<String> = classes
            .iter()
            .filter(|_| rng.next(2) == 0)
            .map(|c| format!("\"{c}\""))
            .collect();
        let at_least = rng.next(5);
        let mut rules = vec![
            format!(r#"{{"rule": "length", "min": {min}, "max": {max}}}"#),
            format!(
                r#"{{"rule": "characterClasses", "require": [{}], "atLeast": {at_least}}}"#,
                require.join(",")
            ),
            r#"{"rule": "commonPasswords"}"#.to_string(),
        ];
        if rng.next(2) == 0 {
            rules.push(format!(
                r#"{{"rule": "repetition", "maxRepeated": {}, "maxSequence": {}}}"#,
                2 + rng.next(3),
                3 + rng.next(3)
            ));
        }
        if rng.next(2) == 0 {
            rules.push(
                r#"{"rule": "bannedTerms", "terms": ["contoso", "fabrikam", "password"]}"#
                    .to_string(),
            );
        }
        if rng.next(3) == 0 {
            rules.push(r#"{"rule": "minStrength", "score": 3}"#.to_string());
        }
        if rng.next(4) == 0 {
            rules.push(r#"{"rule": "allowedCharacters", "set": "asciiPrintable"}"#.to_string());
        }
        let json = format!(r#"{{"schema": 1, "rules": [{}]}}"#, rules.join(","));
        let policy =
            PasswordPolicy::from_json(&json).unwrap_or_else(|err| unreachable!("{json}: {err}"));
        let kind = if round % 2 == 0 {
            GeneratorKind::Random
        } else {
            GeneratorKind::Passphrase
        };
        let generated = generate(&policy, &options(kind));
        let max_words = max.parse::<u64>().ok();
        match generated {
            Ok(g) => assert!(passes(&policy, &g.password), "{json}: {}", g.password),
            // A passphrase can only fail when the policy's maximum is too short for words.
            Err(GenerateError::Unsatisfiable) => {
                assert_eq!(kind, GeneratorKind::Passphrase, "{json}");
                assert!(max_words.is_some_and(|m| m < 60), "{json}");
            }
            Err(err) => unreachable!("{json}: {err}"),
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn uniform_draws_cover_the_range_without_bias() {
    // 6 outcomes, 60,000 draws: each count within 5 % of 10,000 (a biased modulo over a
    // byte would be off by far more for a range like 6 that does not divide 256).
    let mut counts = [0u32; 6];
    for _ in 0..60_000 {
        let i = uniform(6).unwrap_or(usize::MAX);
        if let Some(slot) = counts.get_mut(i) {
            *slot += 1;
        }
    }
    for count in counts {
        assert!((9_500..=10_500).contains(&count), "{counts:?}");
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn options_and_contradictions_are_errors() {
    use crate::CodedError;
    let policy = PasswordPolicy::preset("nist-800-63b").unwrap_or_else(|err| unreachable!("{err}"));
    let bad = GenerateOptions {
        words: Some(0),
        ..options(GeneratorKind::Passphrase)
    };
    assert_eq!(
        generate(&policy, &bad).err().map(|e| e.code()),
        Some("generate.options.invalid")
    );
    let too_long = GenerateOptions {
        length: Some(10_000),
        ..options(GeneratorKind::Random)
    };
    assert_eq!(
        generate(&policy, &too_long).err().map(|e| e.path()),
        Some("length".to_string())
    );
    let impossible = PasswordPolicy::from_json(
        r#"{"schema": 1, "rules": [{"rule": "pattern", "mustMatch": "^x+$"}]}"#,
    )
    .unwrap_or_else(|err| unreachable!("{err}"));
    assert_eq!(
        generate(&impossible, &options(GeneratorKind::Random)).err(),
        Some(GenerateError::Unsatisfiable)
    );
    let passphrase = generate(&policy, &options(GeneratorKind::Passphrase)).ok();
    let words = passphrase.as_ref().map(|g| g.password.split('-').count());
    assert!(words.is_some_and(|n| n >= 6), "{passphrase:?}");
}
