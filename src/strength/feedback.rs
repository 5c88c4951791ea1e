//! zxcvbn's warnings and suggestions mapped to our stable codes. The matches are exhaustive
//! on purpose: a zxcvbn upgrade that adds a variant fails to compile here instead of
//! reaching users as an unknown code.

use zxcvbn::feedback::{Suggestion, Warning};

pub(super) fn warning_code(warning: Warning) -> &'static str {
    match warning {
        Warning::StraightRowsOfKeysAreEasyToGuess => "strength.warning.straight_row",
        Warning::ShortKeyboardPatternsAreEasyToGuess => "strength.warning.short_keyboard_pattern",
        Warning::RepeatsLikeAaaAreEasyToGuess => "strength.warning.repeated_characters",
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            "strength.warning.repeated_pattern"
        }
        Warning::ThisIsATop10Password => "strength.warning.top10_password",
        Warning::ThisIsATop100Password => "strength.warning.top100_password",
        Warning::ThisIsACommonPassword => "strength.warning.common_password",
        Warning::ThisIsSimilarToACommonlyUsedPassword => {
            "strength.warning.similar_to_common_password"
        }
        Warning::SequencesLikeAbcAreEasyToGuess => "strength.warning.sequence",
        Warning::RecentYearsAreEasyToGuess => "strength.warning.recent_year",
        Warning::AWordByItselfIsEasyToGuess => "strength.warning.single_word",
        Warning::DatesAreOftenEasyToGuess => "strength.warning.date",
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => "strength.warning.name_by_itself",
        Warning::CommonNamesAndSurnamesAreEasyToGuess => "strength.warning.common_name",
    }
}

pub(super) fn suggestion_code(suggestion: Suggestion) -> &'static str {
    match suggestion {
        Suggestion::UseAFewWordsAvoidCommonPhrases => "strength.suggestion.use_few_words",
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => {
            "strength.suggestion.no_need_for_symbols"
        }
        Suggestion::AddAnotherWordOrTwo => "strength.suggestion.add_another_word",
        Suggestion::CapitalizationDoesntHelpVeryMuch => "strength.suggestion.capitalization",
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => {
            "strength.suggestion.all_uppercase"
        }
        Suggestion::ReversedWordsArentMuchHarderToGuess => "strength.suggestion.reversed_words",
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => {
            "strength.suggestion.predictable_substitutions"
        }
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => {
            "strength.suggestion.longer_keyboard_pattern"
        }
        Suggestion::AvoidRepeatedWordsAndCharacters => "strength.suggestion.avoid_repeats",
        Suggestion::AvoidSequences => "strength.suggestion.avoid_sequences",
        Suggestion::AvoidRecentYears => "strength.suggestion.avoid_recent_years",
        Suggestion::AvoidYearsThatAreAssociatedWithYou => {
            "strength.suggestion.avoid_personal_years"
        }
        Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => {
            "strength.suggestion.avoid_personal_dates"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_mapped_code_is_declared() {
        let warnings = [
            Warning::StraightRowsOfKeysAreEasyToGuess,
            Warning::ShortKeyboardPatternsAreEasyToGuess,
            Warning::RepeatsLikeAaaAreEasyToGuess,
            Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
            Warning::ThisIsATop10Password,
            Warning::ThisIsATop100Password,
            Warning::ThisIsACommonPassword,
            Warning::ThisIsSimilarToACommonlyUsedPassword,
            Warning::SequencesLikeAbcAreEasyToGuess,
            Warning::RecentYearsAreEasyToGuess,
            Warning::AWordByItselfIsEasyToGuess,
            Warning::DatesAreOftenEasyToGuess,
            Warning::NamesAndSurnamesByThemselvesAreEasyToGuess,
            Warning::CommonNamesAndSurnamesAreEasyToGuess,
        ];
        let suggestions = [
            Suggestion::UseAFewWordsAvoidCommonPhrases,
            Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters,
            Suggestion::AddAnotherWordOrTwo,
            Suggestion::CapitalizationDoesntHelpVeryMuch,
            Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase,
            Suggestion::ReversedWordsArentMuchHarderToGuess,
            Suggestion::PredictableSubstitutionsDontHelpVeryMuch,
            Suggestion::UseALongerKeyboardPatternWithMoreTurns,
            Suggestion::AvoidRepeatedWordsAndCharacters,
            Suggestion::AvoidSequences,
            Suggestion::AvoidRecentYears,
            Suggestion::AvoidYearsThatAreAssociatedWithYou,
            Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou,
        ];
        let mut codes: Vec<&str> = warnings.into_iter().map(warning_code).collect();
        codes.extend(suggestions.into_iter().map(suggestion_code));
        let count = codes.len();
        for code in &codes {
            assert!(
                super::super::CODES.contains(code),
                "`{code}` is not in CODES"
            );
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), count, "two zxcvbn variants share a code");
    }
}
