//! `estimateStrength` and `prepare`.

use super::convert::{coded, from_js, to_js};
use crate::strength::{self, StrengthOptions, StrengthRequestOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const STRENGTH_TYPES: &str = r#"
/** Options of `estimateStrength`. */
export interface StrengthOptions {
  /** Words the user is known by (name, email, username…); a password containing one is penalised. At most 32, each at most 256 characters. */
  userInputs?: string[];
  /** `en` (default) or `zh-CN`; other tags throw `locale.unsupported`. */
  locale?: string;
}

/** A stable machine code and its text in the requested locale. */
export interface Message {
  code: string;
  text: string;
}

export interface CrackTime {
  seconds: number;
  /** Localized, e.g. `3 hours`, `centuries`. */
  display: string;
}

export interface CrackTimes {
  onlineThrottling100PerHour: CrackTime;
  onlineNoThrottling10PerSecond: CrackTime;
  offlineSlowHashing1e4PerSecond: CrackTime;
  offlineFastHashing1e10PerSecond: CrackTime;
}

export type PatternKind = "dictionary" | "spatial" | "repeat" | "sequence" | "regex" | "date" | "bruteforce";
export type DictionaryName = "passwords" | "english" | "femaleNames" | "maleNames" | "surnames" | "tvAndFilm" | "userInputs" | "other";

export interface PatternMatch {
  kind: PatternKind;
  token: string;
  /** Character (not byte, not UTF-16 unit) index of the first character. */
  start: number;
  /** Character index one past the last character. */
  end: number;
  guessesLog10: number;
  dictionary: DictionaryName | null;
  rank: number | null;
  reversed: boolean;
  l33t: boolean;
}

/** How hard a password is to guess, and why. */
export interface StrengthReport {
  /** 0 … 4 (zxcvbn's scale). */
  score: 0 | 1 | 2 | 3 | 4;
  scoreLabel: Message;
  guessesLog10: number;
  crackTimes: CrackTimes;
  feedback: { warning: Message | null; suggestions: Message[] };
  sequence: PatternMatch[];
  /** Characters (Unicode scalar values) evaluated: a prefix of the password. */
  evaluatedChars: number;
  totalChars: number;
  /** True when only the first `evaluatedChars` characters were evaluated; the rest is not credited. */
  truncated: boolean;
  /** `strength.truncated.length` or `strength.truncated.complexity`, or null. */
  truncation: Message | null;
  locale: "en" | "zh-CN";
}

/** What every function of this package throws on misuse. */
export interface AccountRulesError extends Error {
  name: "AccountRulesError";
  /** Stable code, e.g. `locale.unsupported`, `input.invalid`. */
  code: string;
  /** Where in the input, e.g. `userInputs[2]`; empty for the input as a whole. */
  path: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A `StrengthOptions` object as JavaScript passes it (checked when read).
    #[wasm_bindgen(typescript_type = "StrengthOptions")]
    pub type StrengthOptionsArg;
}

/// Estimates how hard `password` is to guess. Throws an `AccountRulesError` on misuse
/// (unknown locale, unknown option, limits exceeded); a weak password is a report, not an error.
#[wasm_bindgen(js_name = estimateStrength, unchecked_return_type = "StrengthReport")]
pub fn estimate_strength(
    password: &str,
    options: Option<StrengthOptionsArg>,
) -> Result<JsValue, JsValue> {
    let request: StrengthRequestOptions = from_js(options.map(JsValue::from))?;
    let options = StrengthOptions::try_from(request).map_err(|err| coded(&err))?;
    let report = strength::estimate(password, &options).map_err(|err| coded(&err))?;
    to_js(&report)
}

/// Does the one-time dictionary set-up now (tens of milliseconds), ahead of the first keystroke.
#[wasm_bindgen]
pub fn prepare() {
    strength::prepare();
}
