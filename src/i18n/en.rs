//! English catalogue.

/// `(code, template)`, sorted by code (a test checks the order).
pub(super) static MESSAGES: &[(&str, &str)] = &[
    (
        "access.allowed",
        "{subject} may {action} {resource} (granted to role {role})",
    ),
    (
        "access.assign.max_holders",
        "assigning role `{role}` to `{user}` would make {count} holders of role `{capped}`; at most {max} are allowed",
    ),
    (
        "access.assign.prerequisite",
        "assigning role `{role}` to `{user}` would give them role `{dependent}` without the role it requires, `{requires}`",
    ),
    (
        "access.assign.separation_of_duties",
        "assigning role `{role}` to `{user}` would give them roles {roles} together, which separation of duties forbids",
    ),
    ("access.assign.unknown_role", "unknown role `{role}`"),
    ("access.assign.unknown_tenant", "unknown tenant `{tenant}`"),
    ("access.assign.unknown_user", "unknown user `{user}`"),
    (
        "access.condition.expired",
        "the temporary grant has not yet expired",
    ),
    (
        "access.condition.mfa",
        "the session has recently passed a second factor",
    ),
    ("access.condition.own", "they own it"),
    ("access.condition.timeWindow", "within the allowed hours"),
    (
        "access.denied.condition",
        "{subject} may {action} {resource} only when {condition}",
    ),
    (
        "access.denied.deny_rule",
        "{subject} may not {action} {resource}: a deny rule on role {role} forbids it",
    ),
    (
        "access.denied.no_grant",
        "No role of {subject} grants {action} on {resource}",
    ),
    (
        "access.denied.no_grant.nearest",
        "No role of {subject} grants {action} on {resource}; role {nearest} would",
    ),
    (
        "access.denied.no_subject",
        "The request names neither a user nor roles: denied",
    ),
    (
        "access.denied.unknown_action",
        "Unknown action {action} on {resource}: denied",
    ),
    (
        "access.denied.unknown_resource",
        "Unknown resource {resource}: denied",
    ),
    (
        "access.denied.unknown_role",
        "A requested role is unknown: denied",
    ),
    (
        "access.denied.unknown_tenant",
        "Unknown tenant {tenant}: denied",
    ),
    (
        "access.denied.unknown_user",
        "Unknown user {subject}: denied",
    ),
    (
        "access.denied.user_disabled",
        "The account {subject} is disabled",
    ),
    (
        "access.model.stale",
        "The access model changed after you loaded it: reload it and make your edit again",
    ),
    (
        "access.model.unchanged",
        "The model is the same as the current one: there is nothing to save",
    ),
    ("account.change.allowed", "You can change your password now"),
    (
        "account.change.too_soon",
        "You changed your password recently; you can change it again in {days} days",
    ),
    (
        "account.expiry.expired",
        "Your password has expired; change it to continue",
    ),
    ("account.expiry.never", "Your password does not expire"),
    (
        "account.expiry.ok",
        "Your password is valid for {days} more days",
    ),
    (
        "account.expiry.warning",
        "Your password expires in {days} days; change it soon",
    ),
    (
        "account.lockout.locked",
        "Too many failed attempts; try again in {minutes} minutes",
    ),
    (
        "account.lockout.locked_until_unlocked",
        "Too many failed attempts; ask an administrator to unlock your account",
    ),
    ("account.lockout.no_policy", "No limit on attempts is set"),
    ("account.lockout.ok", "{remaining} attempts left"),
    ("account.login.failed", "Wrong username or password"),
    (
        "account.mfa.already_enrolled",
        "A second factor is already set up for this account",
    ),
    (
        "account.mfa.code_invalid",
        "Wrong or already used code from the authenticator app",
    ),
    (
        "account.mfa.code_required",
        "Enter the 6-digit code from your authenticator app",
    ),
    (
        "account.mfa.not_required",
        "A second factor is optional for this account",
    ),
    (
        "account.mfa.not_started",
        "Start the set-up of a second factor first",
    ),
    (
        "account.mfa.required",
        "A second factor is required for this account",
    ),
    (
        "account.mfa.setup_needed",
        "A second factor is required for this account: set it up on your account page",
    ),
    (
        "account.mfa.verify_needed",
        "A second factor is required for this account: sign in again with the code from your authenticator app",
    ),
    (
        "account.username.invalid",
        "A username has 3 to 32 characters: letters a–z, digits, dot, underscore or hyphen",
    ),
    ("account.username.taken", "This username is already taken"),
    (
        "audit.disabled_user_has_roles",
        "User {user} is disabled but still holds roles: {roles}",
    ),
    (
        "audit.expired_grant",
        "Grant #{index} (role {role} on {resource}) expired at {expiresAt} but is still in the model",
    ),
    (
        "audit.grant_review_due",
        "Grant #{index} (role {role} on {resource}) has not been reviewed in the last {days} days",
    ),
    (
        "audit.inactive_user_has_roles",
        "User {user} has not been active for {days} days but still holds roles: {roles}",
    ),
    (
        "audit.least_privilege.admin_like",
        "Role {role} is allowed {allowed} of the {permissions} permissions and is held by {count} of {users} users",
    ),
    (
        "audit.least_privilege.wildcard",
        "Grant #{index} gives role {role} every action on {resource} (\"*\") and the role is held by {count} of {users} users",
    ),
    (
        "audit.max_holders_exceeded",
        "Role {role} is held by {count} users; at most {max} are allowed",
    ),
    (
        "audit.prerequisite_missing",
        "User {user} holds role {role} without the role it requires, {requires}",
    ),
    (
        "audit.sod_violation",
        "User {user} holds roles {roles} together, which separation of duties forbids",
    ),
    (
        "audit.unused_permissions",
        "No holder of role {role} has used {count} of its permissions since {since}: {permissions}",
    ),
    (
        "audit.user_review_due",
        "The role assignments of {user} have not been reviewed in the last {days} days",
    ),
    (
        "lint.ascii_only",
        "Only ASCII is allowed; the standards ask to accept every printable character, Unicode and spaces included.",
    ),
    (
        "lint.banned_term.too_short",
        "The banned term “{term}” is shorter than 4 characters and is ignored.",
    ),
    (
        "lint.classes.impossible",
        "At least {atLeast} of the 4 character classes can never be met.",
    ),
    (
        "lint.classes.longer_than_max",
        "The character classes need {needed} characters but the maximum length is {max}.",
    ),
    (
        "lint.composition_rules",
        "Composition rules (required kinds of characters or formats) are discouraged: NIST says SHALL NOT, ASVS says there must be none.",
    ),
    (
        "lint.duplicate_rule",
        "The rule `{rule}` appears more than once; every copy applies.",
    ),
    (
        "lint.expiry.min_age_covers_age",
        "The minimum age ({minAge} days) is not below the maximum age ({days} days): a password could never be changed before it expires.",
    ),
    (
        "lint.expiry.rotation",
        "Passwords expire every {days} days; the standards advise against periodic changes and ask for a change only on evidence of compromise.",
    ),
    (
        "lint.expiry.warn_covers_age",
        "The warning period ({warn} days) is as long as a password's life ({days} days): users are always being warned.",
    ),
    (
        "lint.expiry.zero",
        "A maximum age of 0 days expires every password at once.",
    ),
    (
        "lint.history.zero",
        "Remembering 0 previous passwords checks nothing.",
    ),
    (
        "lint.length.max_below_64",
        "A maximum length of {max} is below 64; the standards ask to allow at least 64 characters.",
    ),
    (
        "lint.length.min_above_max",
        "The minimum length ({min}) is above the maximum ({max}): no password can pass.",
    ),
    (
        "lint.length.min_below_15",
        "A minimum of {min} characters is enough only where the password is always used with a second factor; alone, NIST asks for 15.",
    ),
    (
        "lint.length.min_below_8",
        "A minimum length of {min} is below 8, the least any standard allows.",
    ),
    (
        "lint.lockout.above_nist",
        "Locking only after {max} failures allows more than the 100 consecutive failures NIST permits.",
    ),
    (
        "lint.lockout.none",
        "No lockout policy: the server must still limit failed attempts.",
    ),
    (
        "lint.lockout.zero",
        "Locking after 0 failures locks every account.",
    ),
    (
        "lint.no_blocklist",
        "No common-password rule: the standards require refusing common and compromised passwords.",
    ),
    (
        "lint.no_length_rule",
        "No length rule: any length is accepted, even a single character.",
    ),
    (
        "lint.pattern.empty",
        "This pattern rule has neither mustMatch nor mustNotMatch and checks nothing.",
    ),
    (
        "lint.server_only",
        "The rule `{rule}` is decided by the server; the page shows it as pending.",
    ),
    (
        "lint.strength.out_of_range",
        "A minimum strength of {score} is impossible: scores go from 0 to 4.",
    ),
    (
        "password.banned_terms.found",
        "Built on a banned word (“{term}”): add more characters of your own",
    ),
    ("password.banned_terms.ok", "Does not rely on banned words"),
    (
        "password.breached.found",
        "Found in a known data breach: attackers try these first",
    ),
    ("password.breached.ok", "Not found in known data breaches"),
    (
        "password.breached.pending",
        "Not found in known data breaches (the server checks this)",
    ),
    (
        "password.characters.disallowed",
        "Character {character} at position {position} is not allowed ({set})",
    ),
    (
        "password.characters.ok",
        "Uses only allowed characters ({set})",
    ),
    ("password.classes.missing", "Add {missing}"),
    (
        "password.classes.ok",
        "Contains the required kinds of characters",
    ),
    (
        "password.classes.too_few",
        "Use at least {atLeast} of: uppercase letters, lowercase letters, digits, symbols ({found} so far)",
    ),
    (
        "password.common.found",
        "This is one of the {listSize} most common passwords",
    ),
    ("password.common.ok", "Not a commonly used password"),
    (
        "password.current.not_applicable",
        "Different from your current password",
    ),
    (
        "password.current.ok",
        "Different enough from your current password",
    ),
    (
        "password.current.same",
        "Must differ from your current password",
    ),
    (
        "password.current.too_similar",
        "Too close to your current password: change at least {minDistance} characters",
    ),
    (
        "password.history.ok",
        "Not one of your last {remember} passwords",
    ),
    (
        "password.history.pending",
        "Not one of your last {remember} passwords (the server checks this)",
    ),
    (
        "password.history.reused",
        "You used this password recently: choose one that is not among your last {remember}",
    ),
    ("password.length.ok", "At least {min} characters"),
    (
        "password.length.too_long",
        "At most {max} characters (now {length})",
    ),
    (
        "password.length.too_short",
        "At least {min} characters (now {length})",
    ),
    (
        "password.pattern.forbidden",
        "Uses a forbidden format: {description}",
    ),
    (
        "password.pattern.not_matched",
        "Must match the required format: {description}",
    ),
    (
        "password.pattern.ok",
        "Matches the required format: {description}",
    ),
    ("password.personal_info.found", "Contains your {field}"),
    (
        "password.personal_info.ok",
        "Does not contain your name, username, email, birth date or phone number",
    ),
    (
        "password.repetition.ok",
        "No long runs of repeated or sequential characters",
    ),
    (
        "password.repetition.repeated",
        "No more than {maxRepeated} identical characters in a row (now {repeated})",
    ),
    (
        "password.repetition.sequence",
        "No sequences or keyboard runs longer than {maxSequence} (now {sequence})",
    ),
    (
        "password.strength.ok",
        "Hard enough to guess (strength {score} of 4; {required} needed)",
    ),
    (
        "password.strength.too_weak",
        "Too easy to guess (strength {score} of 4; {required} needed)",
    ),
    ("policy.class.digit", "a digit"),
    ("policy.class.lower", "a lowercase letter"),
    ("policy.class.symbol", "a symbol"),
    ("policy.class.upper", "an uppercase letter"),
    ("policy.field.birthDate", "birth date"),
    ("policy.field.email", "email address"),
    ("policy.field.name", "name"),
    ("policy.field.phone", "phone number"),
    ("policy.field.username", "username"),
    ("policy.set.anyPrintable", "any printable character"),
    ("policy.set.asciiPrintable", "printable ASCII"),
    (
        "server.internal",
        "Something went wrong on the server; please try again",
    ),
    ("session.required", "Please sign in first"),
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
