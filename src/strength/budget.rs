//! How many characters of a password to hand to zxcvbn.
//!
//! zxcvbn's cost is dominated by its l33t matcher: for every combination of substitutions that
//! the symbols present allow (`4`/`@` for `a`, `(`/`{`/`[`/`<` for `c`, …) it re-runs the
//! dictionary matcher over every substring. The number of combinations is the product, over
//! the letters, of how many of that letter's substitutes occur — doubled for each symbol that
//! stands for two letters (`1`, `|`, `7`). So the cost of evaluating `n` characters is about
//! `n² × (1 + combinations)`, and it can be computed in one pass before running zxcvbn.
//!
//! [`plan`] evaluates the longest prefix (at most [`MAX_EVALUATED_CHARS`]) whose predicted cost
//! stays within [`COST_BUDGET`]. Ordinary passwords, even long ones with a few symbols, are
//! evaluated whole, exactly as zxcvbn would; only inputs dense in distinct substitution
//! symbols are cut, and the report says where.

/// zxcvbn evaluates at most this many characters (its own limit, kept as is).
pub const MAX_EVALUATED_CHARS: usize = 100;

/// The largest predicted cost evaluated, in units of `n² × (BASE_PASSES + combinations)`.
///
/// Chosen by measurement (BENCHMARKS.md, "complexity bound"): a unit costs 20–60 ns natively,
/// so no call exceeds a few tens of milliseconds, while every password of up to 100 characters
/// without a dense mix of substitution symbols (letters, words, punctuation, digits) is
/// evaluated whole.
pub const COST_BUDGET: u64 = 500_000;

/// The cost of zxcvbn's matchers other than l33t, in l33t dictionary passes (measured).
pub const BASE_PASSES: u64 = 32;

/// The symbols zxcvbn reads as letters, and the letters each may stand for (a fact about the
/// estimator we wrap, used only to predict its cost).
const SUBSTITUTES: &[(char, &[char])] = &[
    ('4', &['a']),
    ('@', &['a']),
    ('8', &['b']),
    ('(', &['c']),
    ('{', &['c']),
    ('[', &['c']),
    ('<', &['c']),
    ('3', &['e']),
    ('6', &['g']),
    ('9', &['g']),
    ('1', &['i', 'l']),
    ('!', &['i']),
    ('|', &['i', 'l']),
    ('7', &['l', 't']),
    ('0', &['o']),
    ('$', &['s']),
    ('5', &['s']),
    ('+', &['t']),
    ('%', &['x']),
    ('2', &['z']),
];

/// The letters that have substitutes, in a fixed order (index = bit in the per-letter counts).
const LETTERS: &[char] = &['a', 'b', 'c', 'e', 'g', 'i', 'l', 'o', 's', 't', 'x', 'z'];

/// Why fewer characters than the password has were evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    /// More than [`MAX_EVALUATED_CHARS`] characters.
    Length,
    /// The predicted cost of the whole would exceed [`COST_BUDGET`].
    Complexity,
}

/// What to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Characters (Unicode scalar values) in the password.
    pub total_chars: usize,
    /// Characters handed to zxcvbn: a prefix of the password.
    pub evaluated_chars: usize,
    /// Why `evaluated_chars < total_chars`, if it is.
    pub cut: Option<Cut>,
}

/// The predicted cost of evaluating `n` characters containing `combinations` l33t
/// substitution combinations.
fn cost(n: usize, combinations: u64) -> u64 {
    let n = n as u64;
    n.saturating_mul(n)
        .saturating_mul(combinations.saturating_add(BASE_PASSES))
}

/// Tracks which substitutes have been seen and how many combinations they allow.
#[derive(Default)]
struct Substitutions {
    seen: u32,
    per_letter: [u8; 12],
    shared: u32,
}

impl Substitutions {
    /// Records `c`; returns whether it was a substitute not seen before.
    fn add(&mut self, c: char) -> bool {
        let Some(index) = SUBSTITUTES.iter().position(|(symbol, _)| *symbol == c) else {
            return false;
        };
        let bit = 1u32 << index;
        if self.seen & bit != 0 {
            return false;
        }
        self.seen |= bit;
        let letters = SUBSTITUTES
            .get(index)
            .map_or(&[][..], |(_, letters)| *letters);
        if letters.len() > 1 {
            self.shared += 1;
        }
        for letter in letters {
            if let Some(slot) = LETTERS
                .iter()
                .position(|l| l == letter)
                .and_then(|i| self.per_letter.get_mut(i))
            {
                *slot += 1;
            }
        }
        true
    }

    fn combinations(&self) -> u64 {
        if self.seen == 0 {
            return 0;
        }
        let product = self
            .per_letter
            .iter()
            .map(|&count| u64::from(count.max(1)))
            .product::<u64>();
        product.saturating_mul(1u64 << self.shared)
    }
}

/// The predicted cost of evaluating all of `password` (ignoring both bounds), in the units of
/// [`COST_BUDGET`].
#[must_use]
pub fn predicted_cost(password: &str) -> u64 {
    let mut subs = Substitutions::default();
    let mut n = 0;
    for c in password.chars() {
        subs.add(c);
        n += 1;
    }
    cost(n, subs.combinations())
}

/// Decides how many characters of `password` to evaluate.
pub(crate) fn plan(password: &str) -> Plan {
    let mut subs = Substitutions::default();
    let mut combinations = 0;
    let mut evaluated = 0;
    let mut cut = None;
    let mut total = 0;
    for c in password.chars() {
        total += 1;
        if cut.is_some() {
            continue;
        }
        if evaluated == MAX_EVALUATED_CHARS {
            cut = Some(Cut::Length);
            continue;
        }
        if subs.add(c) {
            combinations = subs.combinations();
        }
        if cost(evaluated + 1, combinations) > COST_BUDGET {
            cut = Some(Cut::Complexity);
            continue;
        }
        evaluated += 1;
    }
    Plan {
        total_chars: total,
        evaluated_chars: evaluated,
        cut,
    }
}

/// The first `chars` characters of `s`.
pub(crate) fn prefix(s: &str, chars: usize) -> &str {
    match s.char_indices().nth(chars) {
        Some((byte, _)) => s.get(..byte).unwrap_or(s),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn ordinary_passwords_are_evaluated_whole() {
        let punctuation: String = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
            .chars()
            .cycle()
            .take(100)
            .collect();
        let digits: String = "1234567890".repeat(10);
        let mixed: String = "P@ssw0rd!Tr0ub4dour&3{c0rr3ct}"
            .chars()
            .cycle()
            .take(100)
            .collect();
        for password in [
            "password",
            "correct horse battery staple",
            "P@ssw0rd!2024",
            &punctuation,
            &digits,
            &mixed,
        ] {
            let plan = plan(password);
            assert_eq!(plan.evaluated_chars, password.chars().count(), "{password}");
            assert_eq!(plan.cut, None);
        }
        let long_words = "correct horse battery staple ".repeat(3);
        assert_eq!(plan(&long_words).cut, None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn more_than_a_hundred_characters_are_cut_for_length() {
        let p = "a".repeat(150);
        let plan = plan(&p);
        assert_eq!(plan.total_chars, 150);
        assert_eq!(plan.evaluated_chars, MAX_EVALUATED_CHARS);
        assert_eq!(plan.cut, Some(Cut::Length));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn dense_substitution_symbols_are_cut_for_complexity() {
        let p: String = "4@8({[<3691!|70$5+7%2".chars().cycle().take(100).collect();
        let plan = plan(&p);
        assert_eq!(plan.cut, Some(Cut::Complexity));
        assert!(plan.evaluated_chars < 100);
        assert!(plan.evaluated_chars >= 8, "{plan:?}");
        assert!(cost(plan.evaluated_chars, 0) <= COST_BUDGET);
    }

    /// The most costly 14 characters there are (found by exhaustive search over the symbol
    /// subsets): the bound can cut no earlier than after their 13th character.
    const WORST_PREFIX: &str = "4@({[691!|7$5+";

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn no_cut_happens_before_thirteen_characters() {
        assert_eq!(plan(WORST_PREFIX).evaluated_chars, 13);
        let symbols: Vec<char> = SUBSTITUTES.iter().map(|(c, _)| *c).collect();
        let mut seed: u64 = 0x5eed;
        for _ in 0..500 {
            // A deterministic shuffle of every substitution symbol, then some letters.
            let mut shuffled = symbols.clone();
            for i in (1..shuffled.len()).rev() {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                shuffled.swap(i, (seed >> 33) as usize % (i + 1));
            }
            let password: String = shuffled.into_iter().chain("correcthorse".chars()).collect();
            let plan = plan(&password);
            assert!(plan.evaluated_chars >= 13, "{password}: {plan:?}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn combinations_multiply_per_letter_and_double_for_shared_symbols() {
        let mut subs = Substitutions::default();
        assert_eq!(subs.combinations(), 0);
        subs.add('4');
        assert_eq!(subs.combinations(), 1);
        subs.add('@');
        assert_eq!(subs.combinations(), 2);
        subs.add('(');
        subs.add('{');
        assert_eq!(subs.combinations(), 4);
        subs.add('1');
        assert_eq!(subs.combinations(), 8);
        assert!(!subs.add('1'));
        assert!(!subs.add('x'));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn prefix_counts_characters_not_bytes() {
        assert_eq!(prefix("héllo", 2), "hé");
        assert_eq!(prefix("日本語", 5), "日本語");
        assert_eq!(prefix("", 3), "");
    }
}
