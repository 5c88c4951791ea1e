//! Text normalisation shared by the rules: NFKC, case folding, and undoing the character
//! substitutions people use to disguise words (`p@ssw0rd`).

use unicode_normalization::UnicodeNormalization;

/// NFKC, as NIST SP 800-63B asks for before counting or comparing: full-width letters become
/// ASCII, ligatures split, compatibility forms fold. Nothing is removed and nothing truncated.
pub(crate) fn nfkc(text: &str) -> String {
    text.nfkc().collect()
}

/// NFKC, then lower case.
pub(crate) fn folded(text: &str) -> String {
    nfkc(text).to_lowercase()
}

/// The substitutions undone before searching for words: each symbol and the letter it stands
/// for. `1`, `|` and `7` stand for two letters each, so there are two readings.
const SUBSTITUTIONS: &[(char, char, char)] = &[
    ('0', 'o', 'o'),
    ('1', 'i', 'l'),
    ('!', 'i', 'i'),
    ('|', 'i', 'l'),
    ('3', 'e', 'e'),
    ('4', 'a', 'a'),
    ('@', 'a', 'a'),
    ('5', 's', 's'),
    ('$', 's', 's'),
    ('7', 't', 'l'),
    ('+', 't', 't'),
    ('8', 'b', 'b'),
    ('9', 'g', 'g'),
    ('6', 'g', 'g'),
    ('2', 'z', 'z'),
    ('(', 'c', 'c'),
    ('<', 'c', 'c'),
    ('{', 'c', 'c'),
    ('[', 'c', 'c'),
    ('%', 'x', 'x'),
];

/// The readings of an already folded text with substitutions undone: the text itself first,
/// then each distinct reading. Every reading has the same number of characters as the input,
/// so positions line up.
pub(crate) fn readings(folded: &str) -> Vec<String> {
    let read = |second: bool| -> String {
        folded
            .chars()
            .map(|c| {
                SUBSTITUTIONS
                    .iter()
                    .find(|(symbol, _, _)| *symbol == c)
                    .map_or(c, |(_, a, b)| if second { *b } else { *a })
            })
            .collect()
    };
    let mut out = vec![folded.to_string()];
    for reading in [read(false), read(true)] {
        if !out.contains(&reading) {
            out.push(reading);
        }
    }
    out
}

/// Levenshtein distance between two strings, in code points.
pub(crate) fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let deletion = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insertion = current.get(j).copied().unwrap_or(0) + 1;
            if let Some(cell) = current.get_mut(j + 1) {
                *cell = substitution.min(deletion).min(insertion);
            }
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn nfkc_folds_compatibility_forms() {
        assert_eq!(nfkc("ｐａｓｓ"), "pass");
        assert_eq!(nfkc("ﬁle"), "file");
        assert_eq!(nfkc("e\u{301}"), "é");
        assert_eq!(folded("ÉCOLE"), "école");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn readings_undo_substitutions_both_ways() {
        assert_eq!(readings("p@ssw0rd"), vec!["p@ssw0rd", "password"]);
        assert_eq!(readings("1eet"), vec!["1eet", "ieet", "leet"]);
        assert_eq!(readings("plain"), vec!["plain"]);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn edit_distance_counts_code_points() {
        let d = |a: &str, b: &str| {
            edit_distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("密码", "密码"), 0);
        assert_eq!(d("Spring2025!", "Spring2026!"), 1);
    }
}
