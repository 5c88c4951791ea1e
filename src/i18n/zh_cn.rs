//! Simplified Chinese catalogue (zh-CN).

/// `(code, template)`, sorted by code (a test checks the order).
pub(super) static MESSAGES: &[(&str, &str)] = &[
    (
        "access.allowed",
        "{subject} 可以对 {resource} 执行 {action}（授予角色 {role}）",
    ),
    (
        "access.assign.max_holders",
        "将角色 `{role}` 分配给 `{user}` 会使角色 `{capped}` 有 {count} 名持有者；最多允许 {max} 名",
    ),
    (
        "access.assign.prerequisite",
        "将角色 `{role}` 分配给 `{user}` 会使其持有角色 `{dependent}`，却没有该角色所需的角色 `{requires}`",
    ),
    (
        "access.assign.separation_of_duties",
        "将角色 `{role}` 分配给 `{user}` 会使其同时持有角色 {roles}，违反职责分离",
    ),
    ("access.assign.unknown_role", "未知角色 `{role}`"),
    ("access.assign.unknown_tenant", "未知租户 `{tenant}`"),
    ("access.assign.unknown_user", "未知用户 `{user}`"),
    ("access.condition.expired", "临时授权尚未过期"),
    ("access.condition.mfa", "会话最近通过了第二重验证"),
    ("access.condition.own", "自己是资源所有者"),
    ("access.condition.timeWindow", "处于允许的时间段内"),
    (
        "access.denied.condition",
        "{subject} 只有在{condition}时才能对 {resource} 执行 {action}",
    ),
    (
        "access.denied.deny_rule",
        "{subject} 不能对 {resource} 执行 {action}：角色 {role} 上的拒绝规则禁止此操作",
    ),
    (
        "access.denied.no_grant",
        "{subject} 的角色都没有授予对 {resource} 的 {action} 权限",
    ),
    (
        "access.denied.no_grant.nearest",
        "{subject} 的角色都没有授予对 {resource} 的 {action} 权限；角色 {nearest} 拥有此权限",
    ),
    (
        "access.denied.no_subject",
        "请求既没有指定用户也没有指定角色：拒绝",
    ),
    (
        "access.denied.unknown_action",
        "{resource} 上没有 {action} 操作：拒绝",
    ),
    (
        "access.denied.unknown_resource",
        "未知资源 {resource}：拒绝",
    ),
    ("access.denied.unknown_role", "请求中的角色未知：拒绝"),
    ("access.denied.unknown_tenant", "未知租户 {tenant}：拒绝"),
    ("access.denied.unknown_user", "未知用户 {subject}：拒绝"),
    ("access.denied.user_disabled", "账户 {subject} 已停用"),
    (
        "access.model.stale",
        "访问模型在你加载之后已被更改：请重新加载后再编辑",
    ),
    (
        "access.model.unchanged",
        "模型与当前版本相同，没有需要保存的更改",
    ),
    ("account.change.allowed", "你现在可以更改密码"),
    (
        "account.change.too_soon",
        "你最近更改过密码，{days} 天后才能再次更改",
    ),
    ("account.expiry.expired", "你的密码已过期，请更改后继续"),
    ("account.expiry.never", "你的密码不会过期"),
    ("account.expiry.ok", "你的密码还可使用 {days} 天"),
    (
        "account.expiry.warning",
        "你的密码将在 {days} 天后过期，请尽快更改",
    ),
    (
        "account.lockout.locked",
        "失败次数过多，请在 {minutes} 分钟后重试",
    ),
    (
        "account.lockout.locked_until_unlocked",
        "失败次数过多，请联系管理员解锁账户",
    ),
    ("account.lockout.no_policy", "未设置尝试次数限制"),
    ("account.lockout.ok", "还可尝试 {remaining} 次"),
    ("account.login.failed", "用户名或密码错误"),
    ("account.mfa.already_enrolled", "此账户已设置第二重验证"),
    (
        "account.mfa.code_invalid",
        "验证器应用的验证码错误或已被使用",
    ),
    (
        "account.mfa.code_required",
        "请输入验证器应用中的 6 位验证码",
    ),
    ("account.mfa.not_required", "此账户可选用第二重验证"),
    ("account.mfa.not_started", "请先开始设置第二重验证"),
    ("account.mfa.required", "此账户需要第二重验证"),
    (
        "account.mfa.setup_needed",
        "此账户需要第二重验证：请在账户页面设置",
    ),
    (
        "account.mfa.verify_needed",
        "此账户需要第二重验证：请使用验证器应用中的验证码重新登录",
    ),
    (
        "account.username.invalid",
        "用户名须为 3 到 32 个字符：小写字母 a–z、数字、点、下划线或连字符",
    ),
    ("account.username.taken", "该用户名已被使用"),
    (
        "audit.disabled_user_has_roles",
        "用户 {user} 已停用，但仍持有角色：{roles}",
    ),
    (
        "audit.expired_grant",
        "授权 #{index}（角色 {role}，资源 {resource}）已于 {expiresAt} 过期，但仍留在模型中",
    ),
    (
        "audit.grant_review_due",
        "授权 #{index}（角色 {role}，资源 {resource}）最近 {days} 天内未经审查",
    ),
    (
        "audit.inactive_user_has_roles",
        "用户 {user} 已 {days} 天未活动，但仍持有角色：{roles}",
    ),
    (
        "audit.least_privilege.admin_like",
        "角色 {role} 拥有全部 {permissions} 项权限中的 {allowed} 项，且有 {count} 名用户（共 {users} 名）持有",
    ),
    (
        "audit.least_privilege.wildcard",
        "授权 #{index} 授予角色 {role} 对 {resource} 的所有操作（\"*\"），且有 {count} 名用户（共 {users} 名）持有该角色",
    ),
    (
        "audit.max_holders_exceeded",
        "角色 {role} 有 {count} 名持有者，最多允许 {max} 名",
    ),
    (
        "audit.prerequisite_missing",
        "用户 {user} 持有角色 {role}，却没有其所需的角色 {requires}",
    ),
    (
        "audit.sod_violation",
        "用户 {user} 同时持有角色 {roles}，违反职责分离",
    ),
    (
        "audit.unused_permissions",
        "自 {since} 以来，角色 {role} 的持有者未使用过其中 {count} 项权限：{permissions}",
    ),
    (
        "audit.user_review_due",
        "用户 {user} 的角色分配最近 {days} 天内未经审查",
    ),
    (
        "lint.ascii_only",
        "只允许 ASCII 字符；标准要求接受所有可打印字符，包括 Unicode 和空格。",
    ),
    (
        "lint.banned_term.too_short",
        "禁用词“{term}”少于 4 个字符，将被忽略。",
    ),
    (
        "lint.classes.impossible",
        "要求至少 {atLeast} 类字符（共 4 类），永远无法满足。",
    ),
    (
        "lint.classes.longer_than_max",
        "字符类型要求至少 {needed} 个字符，但最大长度只有 {max}。",
    ),
    (
        "lint.composition_rules",
        "不建议使用字符组成规则（要求特定字符类型或格式）：NIST 规定不得使用，ASVS 要求不设此类规则。",
    ),
    (
        "lint.duplicate_rule",
        "规则 `{rule}` 出现了不止一次，每一条都会生效。",
    ),
    (
        "lint.expiry.min_age_covers_age",
        "最短使用期限（{minAge} 天）不小于最长使用期限（{days} 天）：密码在过期前永远无法更改。",
    ),
    (
        "lint.expiry.rotation",
        "密码每 {days} 天过期；标准不建议定期更换，只在有泄露迹象时要求更换。",
    ),
    (
        "lint.expiry.warn_covers_age",
        "提醒期（{warn} 天）与密码有效期（{days} 天）一样长：用户会一直收到提醒。",
    ),
    (
        "lint.expiry.zero",
        "最长使用期限为 0 天，所有密码会立即过期。",
    ),
    ("lint.history.zero", "记住 0 个历史密码等于不检查。"),
    (
        "lint.length.max_below_64",
        "最大长度 {max} 低于 64；标准要求至少允许 64 个字符。",
    ),
    (
        "lint.length.min_above_max",
        "最小长度（{min}）大于最大长度（{max}），任何密码都无法通过。",
    ),
    (
        "lint.length.min_below_15",
        "只有在密码总是与第二重验证一起使用时，最少 {min} 个字符才够；单独使用时，NIST 要求 15 个。",
    ),
    (
        "lint.length.min_below_8",
        "最小长度 {min} 低于 8，低于任何标准的下限。",
    ),
    (
        "lint.lockout.above_nist",
        "失败 {max} 次才锁定，超过了 NIST 允许的 100 次连续失败上限。",
    ),
    (
        "lint.lockout.none",
        "没有锁定策略：服务器仍必须限制失败尝试次数。",
    ),
    ("lint.lockout.zero", "失败 0 次即锁定，会锁定所有账户。"),
    (
        "lint.no_blocklist",
        "没有常用密码规则：标准要求拒绝常用和已泄露的密码。",
    ),
    (
        "lint.no_length_rule",
        "没有长度规则：任何长度都可接受，哪怕只有一个字符。",
    ),
    (
        "lint.pattern.empty",
        "该格式规则既没有 mustMatch 也没有 mustNotMatch，不检查任何内容。",
    ),
    (
        "lint.server_only",
        "规则 `{rule}` 由服务器判定，页面上显示为待定。",
    ),
    (
        "lint.strength.out_of_range",
        "最低强度 {score} 无法达到：评分范围为 0 到 4。",
    ),
    (
        "password.banned_terms.found",
        "基于被禁用的词语（“{term}”）：请加入更多自己的字符",
    ),
    ("password.banned_terms.ok", "不依赖被禁用的词语"),
    (
        "password.breached.found",
        "出现在已知的数据泄露中：攻击者会最先尝试这类密码",
    ),
    ("password.breached.ok", "未出现在已知的数据泄露中"),
    (
        "password.breached.pending",
        "未出现在已知的数据泄露中（由服务器检查）",
    ),
    (
        "password.characters.disallowed",
        "第 {position} 个字符 {character} 不被允许（{set}）",
    ),
    ("password.characters.ok", "只使用允许的字符（{set}）"),
    ("password.classes.missing", "请加入{missing}"),
    ("password.classes.ok", "包含所需的字符类型"),
    (
        "password.classes.too_few",
        "至少使用以下 {atLeast} 类字符：大写字母、小写字母、数字、符号（目前 {found} 类）",
    ),
    (
        "password.common.found",
        "这是最常见的 {listSize} 个密码之一",
    ),
    ("password.common.ok", "不是常用密码"),
    ("password.current.not_applicable", "与当前密码不同"),
    ("password.current.ok", "与当前密码差别足够大"),
    ("password.current.same", "不能与当前密码相同"),
    (
        "password.current.too_similar",
        "与当前密码太相似：至少改动 {minDistance} 个字符",
    ),
    ("password.history.ok", "不是最近 {remember} 个密码之一"),
    (
        "password.history.pending",
        "不能是最近 {remember} 个密码之一（由服务器检查）",
    ),
    (
        "password.history.reused",
        "最近用过这个密码：请选择不在最近 {remember} 个密码之中的密码",
    ),
    ("password.length.ok", "至少 {min} 个字符"),
    (
        "password.length.too_long",
        "最多 {max} 个字符（当前 {length} 个）",
    ),
    (
        "password.length.too_short",
        "至少 {min} 个字符（当前 {length} 个）",
    ),
    (
        "password.pattern.forbidden",
        "使用了不允许的格式：{description}",
    ),
    (
        "password.pattern.not_matched",
        "必须符合要求的格式：{description}",
    ),
    ("password.pattern.ok", "符合要求的格式：{description}"),
    ("password.personal_info.found", "包含你的{field}"),
    (
        "password.personal_info.ok",
        "不包含你的姓名、用户名、邮箱、出生日期或电话号码",
    ),
    ("password.repetition.ok", "没有过长的重复或连续字符"),
    (
        "password.repetition.repeated",
        "同一字符连续不超过 {maxRepeated} 个（当前 {repeated} 个）",
    ),
    (
        "password.repetition.sequence",
        "序列或键盘连续按键不超过 {maxSequence} 个（当前 {sequence} 个）",
    ),
    (
        "password.strength.ok",
        "足够难猜（强度 {score}/4，要求 {required}）",
    ),
    (
        "password.strength.too_weak",
        "太容易被猜到（强度 {score}/4，要求 {required}）",
    ),
    ("policy.class.digit", "数字"),
    ("policy.class.lower", "小写字母"),
    ("policy.class.symbol", "符号"),
    ("policy.class.upper", "大写字母"),
    ("policy.field.birthDate", "出生日期"),
    ("policy.field.email", "邮箱地址"),
    ("policy.field.name", "姓名"),
    ("policy.field.phone", "电话号码"),
    ("policy.field.username", "用户名"),
    ("policy.set.anyPrintable", "任何可打印字符"),
    ("policy.set.asciiPrintable", "可打印 ASCII 字符"),
    ("server.internal", "服务器出错了，请重试"),
    ("session.required", "请先登录"),
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
