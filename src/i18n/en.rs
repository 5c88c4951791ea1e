//! English catalogue.

/// `(code, template)`, sorted by code (a test checks the order).
pub(super) static MESSAGES: &[(&str, &str)] = &[
    ("strength.score.0", "Very weak"),
    ("strength.score.1", "Weak"),
    ("strength.score.2", "Fair"),
    ("strength.score.3", "Strong"),
    ("strength.score.4", "Very strong"),
    (
        "strength.suggestion.add_another_word",
        "Add another word or two. Uncommon words are better.",
    ),
    (
        "strength.suggestion.all_uppercase",
        "All-uppercase is almost as easy to guess as all-lowercase.",
    ),
    (
        "strength.suggestion.avoid_personal_dates",
        "Avoid dates and years that are associated with you.",
    ),
    (
        "strength.suggestion.avoid_personal_years",
        "Avoid years that are associated with you.",
    ),
    (
        "strength.suggestion.avoid_recent_years",
        "Avoid recent years.",
    ),
    (
        "strength.suggestion.avoid_repeats",
        "Avoid repeated words and characters.",
    ),
    ("strength.suggestion.avoid_sequences", "Avoid sequences."),
    (
        "strength.suggestion.capitalization",
        "Capitalization doesn't help very much.",
    ),
    (
        "strength.suggestion.longer_keyboard_pattern",
        "Use a longer keyboard pattern with more turns.",
    ),
    (
        "strength.suggestion.no_need_for_symbols",
        "No need for symbols, digits, or uppercase letters.",
    ),
    (
        "strength.suggestion.predictable_substitutions",
        "Predictable substitutions like '@' instead of 'a' don't help very much.",
    ),
    (
        "strength.suggestion.reversed_words",
        "Reversed words aren't much harder to guess.",
    ),
    (
        "strength.suggestion.use_few_words",
        "Use a few words, avoid common phrases.",
    ),
    ("strength.time.centuries", "centuries"),
    ("strength.time.day", "{n} day"),
    ("strength.time.days", "{n} days"),
    ("strength.time.hour", "{n} hour"),
    ("strength.time.hours", "{n} hours"),
    ("strength.time.instant", "less than a second"),
    ("strength.time.minute", "{n} minute"),
    ("strength.time.minutes", "{n} minutes"),
    ("strength.time.month", "{n} month"),
    ("strength.time.months", "{n} months"),
    ("strength.time.second", "{n} second"),
    ("strength.time.seconds", "{n} seconds"),
    ("strength.time.year", "{n} year"),
    ("strength.time.years", "{n} years"),
    (
        "strength.truncated.complexity",
        "This mix of symbols is very costly to analyse: only the first {evaluated} of {total} characters were evaluated; the rest is not credited.",
    ),
    (
        "strength.truncated.length",
        "Only the first {evaluated} of {total} characters were evaluated; the rest is not credited.",
    ),
    (
        "strength.warning.common_name",
        "Common names and surnames are easy to guess.",
    ),
    (
        "strength.warning.common_password",
        "This is a very common password.",
    ),
    (
        "strength.warning.contains_user_input",
        "It contains your own details (name, username or email), which are easy to guess.",
    ),
    ("strength.warning.date", "Dates are often easy to guess."),
    (
        "strength.warning.name_by_itself",
        "Names and surnames by themselves are easy to guess.",
    ),
    (
        "strength.warning.recent_year",
        "Recent years are easy to guess.",
    ),
    (
        "strength.warning.repeated_characters",
        "Repeats like \"aaa\" are easy to guess.",
    ),
    (
        "strength.warning.repeated_pattern",
        "Repeats like \"abcabcabc\" are only slightly harder to guess than \"abc\".",
    ),
    (
        "strength.warning.sequence",
        "Sequences like abc or 6543 are easy to guess.",
    ),
    (
        "strength.warning.short_keyboard_pattern",
        "Short keyboard patterns are easy to guess.",
    ),
    (
        "strength.warning.similar_to_common_password",
        "This is similar to a commonly used password.",
    ),
    (
        "strength.warning.single_word",
        "A word by itself is easy to guess.",
    ),
    (
        "strength.warning.straight_row",
        "Straight rows of keys are easy to guess.",
    ),
    (
        "strength.warning.top100_password",
        "This is a top-100 common password.",
    ),
    (
        "strength.warning.top10_password",
        "This is a top-10 common password.",
    ),
];
