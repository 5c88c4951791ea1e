//! Simplified Chinese catalogue (zh-CN).

/// `(code, template)`, sorted by code (a test checks the order).
pub(super) static MESSAGES: &[(&str, &str)] = &[
    ("strength.score.0", "非常弱"),
    ("strength.score.1", "弱"),
    ("strength.score.2", "一般"),
    ("strength.score.3", "强"),
    ("strength.score.4", "非常强"),
    (
        "strength.suggestion.add_another_word",
        "再加一两个单词，不常见的单词更好。",
    ),
    (
        "strength.suggestion.all_uppercase",
        "全部大写几乎和全部小写一样容易被猜到。",
    ),
    (
        "strength.suggestion.avoid_personal_dates",
        "避免使用与你相关的日期和年份。",
    ),
    (
        "strength.suggestion.avoid_personal_years",
        "避免使用与你相关的年份。",
    ),
    (
        "strength.suggestion.avoid_recent_years",
        "避免使用最近的年份。",
    ),
    (
        "strength.suggestion.avoid_repeats",
        "避免重复的单词和字符。",
    ),
    ("strength.suggestion.avoid_sequences", "避免使用序列。"),
    ("strength.suggestion.capitalization", "首字母大写帮助不大。"),
    (
        "strength.suggestion.longer_keyboard_pattern",
        "使用更长、转折更多的键盘图案。",
    ),
    (
        "strength.suggestion.no_need_for_symbols",
        "不必使用符号、数字或大写字母。",
    ),
    (
        "strength.suggestion.predictable_substitutions",
        "用“@”代替“a”这类可预测的替换帮助不大。",
    ),
    (
        "strength.suggestion.reversed_words",
        "倒写的单词并不会难猜多少。",
    ),
    (
        "strength.suggestion.use_few_words",
        "使用几个单词，避免常见短语。",
    ),
    ("strength.time.centuries", "几个世纪"),
    ("strength.time.day", "{n} 天"),
    ("strength.time.days", "{n} 天"),
    ("strength.time.hour", "{n} 小时"),
    ("strength.time.hours", "{n} 小时"),
    ("strength.time.instant", "不到一秒"),
    ("strength.time.minute", "{n} 分钟"),
    ("strength.time.minutes", "{n} 分钟"),
    ("strength.time.month", "{n} 个月"),
    ("strength.time.months", "{n} 个月"),
    ("strength.time.second", "{n} 秒"),
    ("strength.time.seconds", "{n} 秒"),
    ("strength.time.year", "{n} 年"),
    ("strength.time.years", "{n} 年"),
    (
        "strength.truncated.complexity",
        "这种符号组合的分析代价很高：只评估了全部 {total} 个字符中的前 {evaluated} 个，其余字符不计入强度。",
    ),
    (
        "strength.truncated.length",
        "只评估了全部 {total} 个字符中的前 {evaluated} 个，其余字符不计入强度。",
    ),
    (
        "strength.warning.common_name",
        "常见的名字和姓氏很容易被猜到。",
    ),
    (
        "strength.warning.common_password",
        "这是一个非常常见的密码。",
    ),
    (
        "strength.warning.contains_user_input",
        "其中包含你自己的信息（姓名、用户名或邮箱），很容易被猜到。",
    ),
    ("strength.warning.date", "日期通常很容易被猜到。"),
    (
        "strength.warning.name_by_itself",
        "单独的名字或姓氏很容易被猜到。",
    ),
    ("strength.warning.recent_year", "最近的年份很容易被猜到。"),
    (
        "strength.warning.repeated_characters",
        "像“aaa”这样的重复很容易被猜到。",
    ),
    (
        "strength.warning.repeated_pattern",
        "像“abcabcabc”这样的重复只比“abc”稍难猜一点。",
    ),
    (
        "strength.warning.sequence",
        "像 abc 或 6543 这样的序列很容易被猜到。",
    ),
    (
        "strength.warning.short_keyboard_pattern",
        "简短的键盘图案很容易被猜到。",
    ),
    (
        "strength.warning.similar_to_common_password",
        "这与一个常用密码很相似。",
    ),
    ("strength.warning.single_word", "单独一个词很容易被猜到。"),
    (
        "strength.warning.straight_row",
        "键盘上的整行按键很容易被猜到。",
    ),
    (
        "strength.warning.top100_password",
        "这是最常见的一百个密码之一。",
    ),
    (
        "strength.warning.top10_password",
        "这是最常见的十个密码之一。",
    ),
];
