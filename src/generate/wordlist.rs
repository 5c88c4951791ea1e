//! The passphrase word list: the Electronic Frontier Foundation's large word list (2016), 7,776
//! words in its own order (the order of the five-dice rolls, which is alphabetical). Words are
//! 3 to 9 characters of `a`–`z`; four of them contain a hyphen (`drop-down`, `felt-tip`,
//! `t-shirt`, `yo-yo`). Source, licence (CC BY 3.0 US: credit the EFF) and how to regenerate:
//! `data/README.md`.
//!
//! # Layout
//!
//! The words are embedded as one text, a word a line (`data/eff-large-wordlist/words.txt`,
//! 62,144 bytes), and [`get`] returns a slice of it. A table of where every 16th word starts
//! (486 × 4 bytes) is computed from the text at compile time, which also checks that the text
//! holds exactly 7,776 well-formed lines, so a bad file fails the build. [`get`] is O(1): one
//! table read and a scan over at most 15 short words; nothing is allocated at any time.
//!
//! ```
//! use account_rules::generate::wordlist;
//!
//! assert_eq!(wordlist::len(), 7776);
//! assert_eq!(wordlist::get(0), Some("abacus"));
//! assert_eq!(wordlist::words().last(), Some("zoom"));
//! ```

use std::iter::FusedIterator;

/// Where the list comes from, for reports and docs.
pub const SOURCE: &str = "EFF large wordlist (CC BY 3.0 US, Electronic Frontier Foundation)";

/// The words, in list order.
#[must_use]
pub fn words() -> Words {
    Words {
        rest: TEXT,
        remaining: LEN,
    }
}

/// Number of words: 7,776 (6^5).
#[must_use]
pub const fn len() -> usize {
    LEN
}

/// The word at `index` (0-based, in list order), or `None` if `index >= len()`.
#[must_use]
pub fn get(index: usize) -> Option<&'static str> {
    if index >= LEN {
        return None;
    }
    let start = usize::try_from(*INDEX.get(index / BLOCK)?).ok()?;
    let mut rest = TEXT.get(start..)?;
    for _ in 0..index % BLOCK {
        rest = rest.split_once('\n')?.1;
    }
    Some(rest.split_once('\n')?.0)
}

/// log2([`len`]): bits of entropy each uniformly chosen word adds (about 12.925).
#[must_use]
pub fn bits_per_word() -> f64 {
    (LEN as f64).log2()
}

/// Iterator over the words in list order, returned by [`words`].
#[derive(Debug, Clone)]
pub struct Words {
    /// The text from the next word on.
    rest: &'static str,
    /// Words not yet returned.
    remaining: usize,
}

impl Iterator for Words {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        if self.remaining == 0 {
            return None;
        }
        let (word, rest) = self.rest.split_once('\n')?;
        self.rest = rest;
        self.remaining -= 1;
        Some(word)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Words {}

impl FusedIterator for Words {}

/// Number of words.
const LEN: usize = 7776;

/// Words between two entries of [`INDEX`].
const BLOCK: usize = 16;

/// The words, each followed by `\n`; made by `data/eff-large-wordlist/build_words.py`.
static TEXT: &str = WORDS_TXT;

const WORDS_TXT: &str = include_str!("../../data/eff-large-wordlist/words.txt");

/// Byte offset in [`TEXT`] of word `i * BLOCK`, for every block.
static INDEX: [u32; LEN.div_ceil(BLOCK)] = match block_starts(WORDS_TXT.as_bytes()) {
    Some(index) => index,
    None => [0; LEN.div_ceil(BLOCK)],
};

// A word list of the wrong length or with a stray character fails the build.
const _: () = assert!(
    block_starts(WORDS_TXT.as_bytes()).is_some(),
    "data/eff-large-wordlist/words.txt must hold 7776 lines of a-z and '-': run build_words.py"
);

/// Where every [`BLOCK`]-th line of `text` starts, if `text` is exactly [`LEN`] non-empty lines
/// of `a`–`z` and `-`, each ending in `\n`. Evaluated at compile time.
const fn block_starts(text: &[u8]) -> Option<[u32; LEN.div_ceil(BLOCK)]> {
    let mut index = [0_u32; LEN.div_ceil(BLOCK)];
    let mut rest = text;
    let mut position: usize = 0;
    let mut line = 0;
    let mut line_len = 0;
    while let [byte, tail @ ..] = rest {
        if line_len == 0 && line % BLOCK == 0 {
            let Some((_, [slot, ..])) = index.split_at_mut_checked(line / BLOCK) else {
                return None;
            };
            if position > u32::MAX as usize {
                return None;
            }
            *slot = position as u32;
        }
        match *byte {
            b'\n' if line_len > 0 => {
                line += 1;
                line_len = 0;
            }
            b'a'..=b'z' | b'-' => line_len += 1,
            _ => return None,
        }
        position += 1;
        rest = tail;
    }
    if line == LEN && line_len == 0 {
        Some(index)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The list exactly as the EFF publishes it: `<five dice digits>\t<word>` a line.
    const EFF: &str = include_str!("../../data/eff-large-wordlist/eff_large_wordlist.txt");

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn has_7776_unique_words() {
        assert_eq!(len(), 7776);
        assert_eq!(words().len(), 7776);
        assert_eq!(words().count(), 7776);
        assert_eq!(words().collect::<HashSet<_>>().len(), 7776);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn known_words_are_in_place() {
        assert_eq!(get(0), Some("abacus"));
        assert_eq!(get(1), Some("abdomen"));
        assert_eq!(get(15), Some("absence"));
        assert_eq!(get(16), Some("absentee"));
        assert_eq!(get(7774), Some("zoology"));
        assert_eq!(get(7775), Some("zoom"));
        assert_eq!(get(7776), None);
        assert_eq!(get(usize::MAX), None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn matches_the_eff_file_line_by_line() {
        let mut rolls = 0;
        for (i, line) in EFF.lines().enumerate() {
            let (roll, word) = line.split_once('\t').unwrap_or_default();
            // Roll i in base 6, digits 1..=6.
            let expected_roll: String = (0..5)
                .rev()
                .map(|digit| char::from(b'1' + (i / 6_usize.pow(digit) % 6) as u8))
                .collect();
            assert_eq!(roll, expected_roll);
            assert_eq!(get(i), Some(word), "word {i}");
            rolls += 1;
        }
        assert_eq!(rolls, 7776);
        let eff_words = EFF
            .lines()
            .map(|line| line.split_once('\t').unwrap_or_default().1);
        assert!(words().eq(eff_words));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn get_agrees_with_words_and_words_are_well_formed() {
        for (i, word) in words().enumerate() {
            assert_eq!(get(i), Some(word));
            assert!((3..=9).contains(&word.len()), "{word}");
            assert!(
                word.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{word}"
            );
        }
        let hyphenated: Vec<_> = words().filter(|word| word.contains('-')).collect();
        assert_eq!(hyphenated, ["drop-down", "felt-tip", "t-shirt", "yo-yo"]);
        assert!(
            words().zip(words().skip(1)).all(|(a, b)| a < b),
            "alphabetical"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn iterator_reports_its_exact_size() {
        let mut iter = words();
        assert_eq!(iter.size_hint(), (7776, Some(7776)));
        iter.nth(7774);
        assert_eq!(iter.len(), 1);
        assert_eq!(iter.next(), Some("zoom"));
        assert_eq!(iter.len(), 0);
        assert_eq!(iter.next(), None);
        assert_eq!(iter.next(), None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn bits_per_word_is_log2_of_7776() {
        assert!((bits_per_word() - 12.925).abs() < 0.001);
        assert!((bits_per_word() - 5.0 * 6_f64.log2()).abs() < 1e-12);
        assert!(SOURCE.contains("EFF") && SOURCE.contains("CC BY 3.0"));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn malformed_text_is_rejected() {
        assert!(block_starts(WORDS_TXT.as_bytes()).is_some());
        let text = WORDS_TXT.as_bytes();
        let cut = |n: usize| text.get(..text.len() - n).unwrap_or_default();
        assert!(block_starts(cut(1)).is_none(), "missing final newline");
        assert!(block_starts(cut(5)).is_none(), "7775 words");
        let doubled = [text, b"zoom\n"].concat();
        assert!(block_starts(&doubled).is_none(), "7777 words");
        let upper = WORDS_TXT.replacen("abacus", "Abacus", 1);
        assert!(block_starts(upper.as_bytes()).is_none(), "upper case");
        let blank = WORDS_TXT.replacen("abacus\n", "abacus\n\n", 1);
        assert!(block_starts(blank.as_bytes()).is_none(), "blank line");
    }
}
