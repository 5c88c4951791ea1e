//! Localized texts for every stable code of the crate.
//!
//! One catalogue per locale ([`en`], [`zh_cn`]), each a sorted table `code → template`.
//! Templates name their parameters in braces (`{n}`). Codes are API; texts are presentation.
//! A test checks that every code the crate can emit has a text in every catalogue.

mod en;
mod zh_cn;

use std::fmt;

/// A locale the crate has a full catalogue for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (mainland China).
    ZhCn,
}

impl Locale {
    /// Every supported locale, in the order they are listed in errors.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The BCP 47 tag of the locale: `en` or `zh-CN`.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// Parses a BCP 47 tag. Accepts `en` and its regional forms (`en-GB`), and the tags of
    /// Simplified Chinese (`zh-CN`, `zh-Hans`, `zh-Hans-CN`, `zh-SG`, `zh`), case-insensitively.
    ///
    /// # Errors
    /// [`LocaleError`] naming the tag and the supported locales for anything else
    /// (Traditional Chinese tags such as `zh-TW` included: there is no catalogue for them).
    pub fn parse(tag: &str) -> Result<Locale, LocaleError> {
        let lower = tag.trim().to_ascii_lowercase();
        let mut parts = lower.split(['-', '_']);
        let language = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        match language {
            "en" => Ok(Locale::En),
            "zh" => match rest.as_slice() {
                [] | ["cn"] | ["sg"] | ["hans"] | ["hans", "cn" | "sg"] => Ok(Locale::ZhCn),
                _ => Err(LocaleError::Unsupported(tag.to_string())),
            },
            _ => Err(LocaleError::Unsupported(tag.to_string())),
        }
    }

    /// The template for `code`, or `None` when the catalogue has no such code.
    #[must_use]
    pub fn template(self, code: &str) -> Option<&'static str> {
        let table = match self {
            Locale::En => en::MESSAGES,
            Locale::ZhCn => zh_cn::MESSAGES,
        };
        table
            .binary_search_by(|(key, _)| (*key).cmp(code))
            .ok()
            .and_then(|index| table.get(index))
            .map(|(_, text)| *text)
    }

    /// The text for `code` with its `{name}` parameters filled in from `args`.
    /// An unknown code yields the code itself, so a missing text shows up instead of vanishing
    /// (a test makes sure no emitted code is missing).
    #[must_use]
    pub fn text(self, code: &str, args: &[(&str, &str)]) -> String {
        let Some(template) = self.template(code) else {
            return code.to_string();
        };
        fill(template, args)
    }

    /// A [`Message`] for `code`, localized.
    #[must_use]
    pub fn message(self, code: &'static str, args: &[(&str, &str)]) -> Message {
        Message {
            code,
            text: self.text(code, args),
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        let name = after.get(1..close).unwrap_or_default();
        match args.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(after.get(..=close).unwrap_or_default()),
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// A verdict or piece of advice: its stable `code` and its text in the requested locale.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    /// Stable lowercase dotted code, e.g. `strength.warning.top10_password`.
    pub code: &'static str,
    /// The localized text.
    pub text: String,
}

/// A locale tag that has no catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocaleError {
    /// The tag is not one of the supported locales.
    Unsupported(String),
}

impl fmt::Display for LocaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocaleError::Unsupported(tag) => {
                let supported: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
                write!(
                    f,
                    "unsupported locale `{tag}`: supported locales are {}",
                    supported.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for LocaleError {}

impl crate::CodedError for LocaleError {
    fn code(&self) -> &'static str {
        "locale.unsupported"
    }
    fn path(&self) -> String {
        "locale".to_string()
    }
}

/// Codes a server built on this crate answers with for what is not a verdict of the core — a
/// missing session, an edit based on an outdated model, an edit that changes nothing, a failure
/// of its own — so that a page can show them in the user's language. The demo server uses them.
pub const SERVER_CODES: &[&str] = &[
    "session.required",
    "access.model.stale",
    "access.model.unchanged",
    "server.internal",
];

/// Every code the crate can put in a [`Message`], across all modules.
#[must_use]
pub fn codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    #[cfg(feature = "passwords")]
    codes.extend(
        [
            crate::strength::CODES,
            crate::policy::CODES,
            crate::policy::lint_codes(),
            crate::account::CODES,
        ]
        .concat(),
    );
    codes.extend(crate::access::CODES);
    codes.extend(crate::access::governance::CODES);
    codes.extend(SERVER_CODES);
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn catalogues_are_sorted_and_unique() {
        for table in [en::MESSAGES, zh_cn::MESSAGES] {
            for pair in table.windows(2) {
                if let [a, b] = pair {
                    assert!(a.0 < b.0, "catalogue out of order at `{}` / `{}`", a.0, b.0);
                }
            }
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_code_has_a_text_in_every_locale_and_no_text_is_orphaned() {
        let codes = codes();
        for locale in Locale::ALL {
            for code in &codes {
                assert!(
                    locale.template(code).is_some(),
                    "`{code}` has no text in {locale}"
                );
            }
        }
        // Without the `passwords` feature the password texts stay in the catalogues, unused.
        if cfg!(feature = "passwords") {
            for (code, _) in en::MESSAGES.iter().chain(zh_cn::MESSAGES) {
                assert!(
                    codes.contains(code),
                    "catalogue text for unknown code `{code}`"
                );
            }
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn templates_use_the_same_parameters_in_every_locale() {
        fn params(template: &str) -> Vec<String> {
            let mut names: Vec<String> = template
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
                .collect();
            names.sort();
            names
        }
        for code in codes() {
            let en = params(Locale::En.template(code).unwrap_or_default());
            let zh = params(Locale::ZhCn.template(code).unwrap_or_default());
            assert_eq!(en, zh, "parameters differ for `{code}`");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn parses_tags_and_rejects_others_with_the_supported_list() {
        assert_eq!(Locale::parse("en"), Ok(Locale::En));
        assert_eq!(Locale::parse("EN-gb"), Ok(Locale::En));
        assert_eq!(Locale::parse("zh-CN"), Ok(Locale::ZhCn));
        assert_eq!(Locale::parse("zh-Hans-CN"), Ok(Locale::ZhCn));
        assert_eq!(Locale::parse("zh"), Ok(Locale::ZhCn));
        let err = Locale::parse("zh-TW").err();
        assert_eq!(err, Some(LocaleError::Unsupported("zh-TW".into())));
        let text = Locale::parse("fr")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(
            text,
            "unsupported locale `fr`: supported locales are en, zh-CN"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn fills_parameters_and_keeps_unknown_ones_visible() {
        assert_eq!(fill("{n} days", &[("n", "3")]), "3 days");
        assert_eq!(fill("{n} of {m}", &[("n", "1")]), "1 of {m}");
        assert_eq!(fill("no params", &[]), "no params");
        assert_eq!(fill("broken {n", &[("n", "1")]), "broken {n");
    }
}
