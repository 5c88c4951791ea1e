//! Casbin import: a Casbin `model.conf` and `policy.csv` of the RBAC family, parsed and enforced
//! with Casbin's semantics, so that an existing Casbin deployment can be read, checked and
//! compared against an [`AccessMatrix`](super::AccessMatrix).
//!
//! What is read (anything else is refused with `casbin.unsupported`, naming the construct):
//! - `[request_definition] r` and `[policy_definition] p`: lists of field names, such as
//!   `sub, obj, act` or `sub, dom, obj, act`; a policy field named `eft` holds `allow` or `deny`.
//! - `[role_definition]`: `g = _, _` or `g = _, _, _` (roles per domain), and `g2` likewise
//!   (resource roles). Inheritance is transitive up to [`MAX_HIERARCHY_LEVEL`] steps, as in
//!   Casbin's default role manager; everyone holds their own name as a role.
//! - `[policy_effect] e`: allow-override `some(where (p.eft == allow))`, deny-override
//!   `!some(where (p.eft == deny))` and allow-and-not-deny
//!   `some(where (p.eft == allow)) && !some(where (p.eft == deny))`. Without an `eft` field,
//!   every matching rule allows.
//! - `[matchers] m`: `&&`, `||` and parentheses over `a == b` (fields `r.x`, `p.x` or quoted
//!   strings), `g(…)`, `g2(…)`, `keyMatch(a, b)` and `keyMatch2(a, b)`.
//! - Comments (`#`, `;`), blank lines and `\` line continuations; whitespace is insignificant.
//!
//! Where Casbin is lenient, this import refuses (`casbin.invalid`): a policy line must have
//! exactly the fields its definition names (Casbin ignores extra fields, so `deny` on a model
//! without `eft` would silently allow), an `eft` must be `allow` or `deny`, and a `g(…)` call
//! must have as many arguments as its definition. Quoted CSV fields are not read.

use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// How many inheritance steps a role chain may have, as in Casbin's default role manager:
/// `g(u, r10)` holds through `u → r1 → … → r10`, and not one step further.
pub const MAX_HIERARCHY_LEVEL: usize = 10;

/// Longest `model.conf` or `policy.csv` accepted, in bytes.
pub const MAX_TEXT_BYTES: usize = super::MAX_DOCUMENT_BYTES;

/// Deepest nesting of parentheses accepted in a matcher.
const MAX_NESTING: usize = 32;

/// The sections of `model.conf` that are read, with the keys each may hold.
const SECTIONS: &[(&str, &[&str])] = &[
    ("request_definition", &["r"]),
    ("policy_definition", &["p"]),
    ("role_definition", &["g", "g2"]),
    ("policy_effect", &["e"]),
    ("matchers", &["m"]),
];

const MATCHER_PATH: &str = "[matchers] m";

/// A Casbin model and its policy, compiled for enforcement.
#[derive(Debug, Clone)]
pub struct CasbinModel {
    request: Vec<String>,
    policy: Vec<String>,
    effect: PolicyEffect,
    matcher: Expr,
    rules: Vec<Rule>,
    g: Option<RoleGraph>,
    g2: Option<RoleGraph>,
    /// `keyMatch2` patterns known at load time, compiled.
    patterns: HashMap<String, Regex>,
}

/// One `p` line.
#[derive(Debug, Clone)]
struct Rule {
    values: Vec<String>,
    deny: bool,
    line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PolicyEffect {
    AllowOverride,
    DenyOverride,
    AllowAndNotDeny,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Graph {
    G,
    G2,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Operand {
    Request(usize),
    Policy(usize),
    Literal(String),
}

#[derive(Debug, Clone)]
enum Expr {
    Any(Vec<Expr>),
    All(Vec<Expr>),
    Equal(Operand, Operand),
    HasRole(Graph, Vec<Operand>),
    KeyMatch(Operand, Operand),
    KeyMatch2(Operand, Operand),
}

/// The links of `g` or `g2`: per domain (`""` without domains), each name's direct roles.
#[derive(Debug, Clone)]
struct RoleGraph {
    arity: usize,
    links: HashMap<String, HashMap<String, Vec<String>>>,
}

impl RoleGraph {
    fn new(arity: usize) -> RoleGraph {
        RoleGraph {
            arity,
            links: HashMap::new(),
        }
    }

    fn add(&mut self, name: &str, role: &str, domain: &str) {
        let roles = self
            .links
            .entry(domain.to_string())
            .or_default()
            .entry(name.to_string())
            .or_default();
        if !roles.iter().any(|r| r == role) {
            roles.push(role.to_string());
        }
    }

    /// Whether `name` holds `role` in `domain`, directly or within [`MAX_HIERARCHY_LEVEL`] steps.
    fn has_link(&self, name: &str, role: &str, domain: &str) -> bool {
        if name == role {
            return true;
        }
        let Some(links) = self.links.get(domain) else {
            return false;
        };
        let mut seen: HashSet<&str> = HashSet::from([name]);
        let mut frontier = vec![name];
        for _ in 0..MAX_HIERARCHY_LEVEL {
            let mut next = Vec::new();
            for current in frontier {
                for parent in links.get(current).into_iter().flatten() {
                    if parent == role {
                        return true;
                    }
                    if seen.insert(parent.as_str()) {
                        next.push(parent.as_str());
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        false
    }
}

impl CasbinModel {
    /// Reads a Casbin model (`model.conf`) and its policy (`policy.csv`).
    ///
    /// # Errors
    /// [`CasbinError::Unsupported`] for a construct outside the RBAC family (ABAC attributes,
    /// `regexMatch`, priority effects, …), [`CasbinError::Invalid`] for malformed text, and
    /// [`CasbinError::TooLarge`] beyond [`MAX_TEXT_BYTES`].
    pub fn from_text(model_conf: &str, policy_csv: &str) -> Result<CasbinModel, CasbinError> {
        for (path, text) in [("model.conf", model_conf), ("policy.csv", policy_csv)] {
            if text.len() > MAX_TEXT_BYTES {
                return Err(CasbinError::TooLarge {
                    path: path.into(),
                    bytes: text.len(),
                });
            }
        }
        let conf = parse_conf(model_conf)?;
        let request = field_names(conf.require("request_definition", "r")?)?;
        let policy = field_names(conf.require("policy_definition", "p")?)?;
        let role_graph = |key: &str| -> Result<Option<RoleGraph>, CasbinError> {
            let Some(entry) = conf.get("role_definition", key) else {
                return Ok(None);
            };
            let parts: Vec<&str> = entry.value.split(',').map(str::trim).collect();
            if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| *p != "_") {
                return Err(unsupported(
                    entry.path(),
                    format!("the role definition `{}`", entry.value),
                ));
            }
            Ok(Some(RoleGraph::new(parts.len())))
        };
        let g = role_graph("g")?;
        let g2 = role_graph("g2")?;
        let effect = parse_effect(conf.require("policy_effect", "e")?)?;
        let scope = Scope {
            request: &request,
            policy: &policy,
            g: g.as_ref().map(|x| x.arity),
            g2: g2.as_ref().map(|x| x.arity),
        };
        let matcher = Parser::parse(&conf.require("matchers", "m")?.value, &scope)?;
        let mut model = CasbinModel {
            request,
            policy,
            effect,
            matcher,
            rules: Vec::new(),
            g,
            g2,
            patterns: HashMap::new(),
        };
        model.load_policy(policy_csv)?;
        model.compile_patterns()?;
        Ok(model)
    }

    /// How many values a request has: 3 for `(sub, obj, act)`, 4 for `(sub, dom, obj, act)`.
    #[must_use]
    pub fn request_arity(&self) -> usize {
        self.request.len()
    }

    /// Whether the request is allowed. `args` are the request's values in the order of the
    /// model's request definition: `(sub, obj, act)` or `(sub, dom, obj, act)`.
    ///
    /// As in Casbin, a model with no `p` rule evaluates its matcher once against an empty rule.
    ///
    /// # Errors
    /// [`CasbinError::RequestArity`] for a request of the wrong length, and
    /// [`CasbinError::Invalid`] when a `keyMatch2` pattern taken from the request is not a
    /// valid pattern. Callers must treat any error as a deny.
    pub fn enforce(&self, args: &[&str]) -> Result<bool, CasbinError> {
        if args.len() != self.request.len() {
            return Err(CasbinError::RequestArity {
                expected: self.request.len(),
                found: args.len(),
            });
        }
        let empty;
        let rules: &[Rule] = if self.rules.is_empty() {
            empty = [Rule {
                values: vec![String::new(); self.policy.len()],
                deny: false,
                line: 0,
            }];
            &empty
        } else {
            &self.rules
        };
        let mut allowed = false;
        for rule in rules {
            if !self.holds(&self.matcher, args, &rule.values)? {
                continue;
            }
            match (self.effect, rule.deny) {
                (PolicyEffect::AllowOverride, false) => return Ok(true),
                (PolicyEffect::AllowOverride, true) => {}
                (_, true) => return Ok(false),
                (_, false) => allowed = true,
            }
        }
        Ok(match self.effect {
            PolicyEffect::AllowOverride => false,
            PolicyEffect::DenyOverride => true,
            PolicyEffect::AllowAndNotDeny => allowed,
        })
    }

    fn holds(&self, expr: &Expr, request: &[&str], rule: &[String]) -> Result<bool, CasbinError> {
        let value = |operand| value_of(operand, request, rule);
        Ok(match expr {
            Expr::Any(parts) => {
                for part in parts {
                    if self.holds(part, request, rule)? {
                        return Ok(true);
                    }
                }
                false
            }
            Expr::All(parts) => {
                for part in parts {
                    if !self.holds(part, request, rule)? {
                        return Ok(false);
                    }
                }
                true
            }
            Expr::Equal(a, b) => value(a) == value(b),
            Expr::HasRole(graph, args) => {
                let graph = match graph {
                    Graph::G => self.g.as_ref(),
                    Graph::G2 => self.g2.as_ref(),
                };
                let arg = |i: usize| args.get(i).map_or("", value);
                graph.is_some_and(|g| g.has_link(arg(0), arg(1), arg(2)))
            }
            Expr::KeyMatch(key, pattern) => key_match(value(key), value(pattern)),
            Expr::KeyMatch2(key, pattern) => {
                let (key, pattern) = (value(key), value(pattern));
                match self.patterns.get(pattern) {
                    Some(regex) => regex.is_match(key),
                    None => key_match2_regex(pattern, MATCHER_PATH)?.is_match(key),
                }
            }
        })
    }

    fn load_policy(&mut self, text: &str) -> Result<(), CasbinError> {
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let path = format!("policy.csv line {line}");
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if trimmed.contains('"') {
                return Err(unsupported(path, "quoted CSV fields".into()));
            }
            let mut fields = trimmed.split(',').map(str::trim);
            let kind = fields.next().unwrap_or_default();
            let values: Vec<&str> = fields.collect();
            match kind {
                "p" => {
                    if values.len() != self.policy.len() {
                        return Err(invalid(
                            path,
                            format!(
                                "a `p` line needs {} values ({}); found {}",
                                self.policy.len(),
                                self.policy.join(", "),
                                values.len()
                            ),
                        ));
                    }
                    let eft = self.policy.iter().position(|f| f == "eft");
                    let deny = match eft.and_then(|i| values.get(i)).copied() {
                        None | Some("allow") => false,
                        Some("deny") => true,
                        Some(other) => {
                            return Err(invalid(
                                path,
                                format!("an effect is `allow` or `deny`, not `{other}`"),
                            ));
                        }
                    };
                    self.rules.push(Rule {
                        values: values.iter().map(|v| v.to_string()).collect(),
                        deny,
                        line,
                    });
                }
                "g" | "g2" => {
                    let graph = if kind == "g" {
                        self.g.as_mut()
                    } else {
                        self.g2.as_mut()
                    };
                    let Some(graph) = graph else {
                        return Err(invalid(
                            path,
                            format!("`{kind}` lines need `{kind}` in [role_definition]"),
                        ));
                    };
                    if values.len() != graph.arity {
                        let (arity, found) = (graph.arity, values.len());
                        let message =
                            format!("a `{kind}` line needs {arity} values; found {found}");
                        return Err(invalid(path, message));
                    }
                    let value = |i: usize| values.get(i).copied().unwrap_or_default();
                    graph.add(value(0), value(1), value(2));
                }
                _ if kind.starts_with('p') || kind.starts_with('g') => {
                    return Err(unsupported(path, format!("the policy type `{kind}`")));
                }
                _ => {
                    return Err(invalid(
                        path,
                        format!("`{kind}` is not a policy type (`p`, `g` or `g2`)"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Compiles every `keyMatch2` pattern known before any request: literals of the matcher
    /// and the policy's values, so that a bad pattern is reported with its line.
    fn compile_patterns(&mut self) -> Result<(), CasbinError> {
        let mut sources = Vec::new();
        collect_patterns(&self.matcher, &mut sources);
        for source in sources {
            match source {
                Operand::Literal(pattern) => {
                    let regex = key_match2_regex(pattern, MATCHER_PATH)?;
                    self.patterns.insert(pattern.clone(), regex);
                }
                Operand::Policy(i) => {
                    for rule in &self.rules {
                        let Some(pattern) = rule.values.get(*i) else {
                            continue;
                        };
                        if !self.patterns.contains_key(pattern) {
                            let path = format!("policy.csv line {}", rule.line);
                            let regex = key_match2_regex(pattern, &path)?;
                            self.patterns.insert(pattern.clone(), regex);
                        }
                    }
                }
                Operand::Request(_) => {}
            }
        }
        Ok(())
    }
}

fn collect_patterns<'a>(expr: &'a Expr, out: &mut Vec<&'a Operand>) {
    match expr {
        Expr::Any(parts) | Expr::All(parts) => {
            for part in parts {
                collect_patterns(part, out);
            }
        }
        Expr::KeyMatch2(_, pattern) => out.push(pattern),
        _ => {}
    }
}

fn value_of<'a>(operand: &'a Operand, request: &[&'a str], rule: &'a [String]) -> &'a str {
    match operand {
        Operand::Request(i) => request.get(*i).copied().unwrap_or_default(),
        Operand::Policy(i) => rule.get(*i).map_or("", String::as_str),
        Operand::Literal(text) => text,
    }
}

/// Casbin's `keyMatch`: `key` equals `pattern`, or, when `pattern` has a `*`, starts with what
/// comes before the first `*`.
fn key_match(key: &str, pattern: &str) -> bool {
    pattern
        .split_once('*')
        .map_or(key == pattern, |(prefix, _)| key.starts_with(prefix))
}

/// Casbin's `keyMatch2` as a regular expression: `/*` matches any rest, `:name` one segment,
/// and (as in Casbin) the rest of the pattern is read as a regular expression, anchored.
fn key_match2_regex(pattern: &str, path: &str) -> Result<Regex, CasbinError> {
    let wildcards = pattern.replace("/*", "/.*");
    let mut expression = String::from("^");
    let mut rest = wildcards.as_str();
    while let Some((before, after)) = rest.split_once(':') {
        expression.push_str(before);
        let name = after.find('/').unwrap_or(after.len());
        expression.push_str(if name == 0 { ":" } else { "[^/]+" });
        rest = after.get(name..).unwrap_or_default();
    }
    expression.push_str(rest);
    expression.push('$');
    Regex::new(&expression).map_err(|_| {
        invalid(
            path.to_string(),
            format!("`{pattern}` is not a valid keyMatch2 pattern"),
        )
    })
}

fn parse_effect(entry: &Entry) -> Result<PolicyEffect, CasbinError> {
    let compact: String = entry.value.split_whitespace().collect();
    match compact.as_str() {
        "some(where(p.eft==allow))" => Ok(PolicyEffect::AllowOverride),
        "!some(where(p.eft==deny))" => Ok(PolicyEffect::DenyOverride),
        "some(where(p.eft==allow))&&!some(where(p.eft==deny))" => Ok(PolicyEffect::AllowAndNotDeny),
        _ => Err(unsupported(
            entry.path(),
            format!("the policy effect `{}`", entry.value),
        )),
    }
}

/// The field names of `r` or `p`: distinct identifiers.
fn field_names(entry: &Entry) -> Result<Vec<String>, CasbinError> {
    let mut names: Vec<String> = Vec::new();
    for name in entry.value.split(',').map(str::trim) {
        let identifier = name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !identifier {
            return Err(invalid(
                entry.path(),
                format!("`{name}` is not a field name"),
            ));
        }
        if names.iter().any(|n| n == name) {
            return Err(invalid(
                entry.path(),
                format!("the field `{name}` appears twice"),
            ));
        }
        names.push(name.to_string());
    }
    Ok(names)
}

/// A `key = value` line of `model.conf`.
struct Entry {
    section: &'static str,
    key: String,
    value: String,
}

impl Entry {
    fn path(&self) -> String {
        format!("[{}] {}", self.section, self.key)
    }
}

struct Conf {
    entries: Vec<Entry>,
}

impl Conf {
    fn get(&self, section: &str, key: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.section == section && e.key == key)
    }

    fn require(&self, section: &str, key: &str) -> Result<&Entry, CasbinError> {
        self.get(section, key).ok_or_else(|| {
            invalid(
                format!("[{section}] {key}"),
                format!("the model needs `{key}` in [{section}]"),
            )
        })
    }
}

/// Everything from the first `#` or `;` outside quotes on is a comment.
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#' | ';') => return line.get(..i).unwrap_or(line),
            _ => {}
        }
    }
    line
}

fn parse_conf(text: &str) -> Result<Conf, CasbinError> {
    // Logical lines: a trailing `\` continues on the next line.
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut continued = false;
    for (index, raw) in text.lines().enumerate() {
        let mut line = strip_comment(raw).trim();
        let continues = line.ends_with('\\');
        if continues {
            line = line.trim_end_matches('\\').trim_end();
        }
        match lines.last_mut() {
            Some((_, last)) if continued => {
                last.push(' ');
                last.push_str(line);
            }
            _ => lines.push((index + 1, line.to_string())),
        }
        continued = continues;
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut section: Option<(&'static str, &'static [&'static str])> = None;
    for (number, line) in lines {
        let path = || format!("model.conf line {number}");
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim();
            section = SECTIONS.iter().find(|(s, _)| *s == name).copied();
            if section.is_none() {
                return Err(unsupported(path(), format!("the section `[{name}]`")));
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(invalid(
                path(),
                format!("`{line}` is neither `[section]` nor `key = value`"),
            ));
        };
        let Some((name, keys)) = section else {
            return Err(invalid(
                path(),
                format!("`{line}` comes before any section"),
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        if !keys.contains(&key) {
            return Err(unsupported(
                format!("[{name}] {key}"),
                format!("the definition `{key}` in [{name}]"),
            ));
        }
        if entries.iter().any(|e| e.section == name && e.key == key) {
            return Err(invalid(
                path(),
                format!("`{key}` is defined twice in [{name}]"),
            ));
        }
        entries.push(Entry {
            section: name,
            key: key.to_string(),
            value: value.to_string(),
        });
    }
    Ok(Conf { entries })
}

/// What a matcher may refer to.
struct Scope<'a> {
    request: &'a [String],
    policy: &'a [String],
    g: Option<usize>,
    g2: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Name(String),
    Text(String),
    Open,
    Close,
    Comma,
    And,
    Or,
    Equal,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Name(name) => write!(f, "`{name}`"),
            Token::Text(text) => write!(f, "`\"{text}\"`"),
            Token::Open => f.write_str("`(`"),
            Token::Close => f.write_str("`)`"),
            Token::Comma => f.write_str("`,`"),
            Token::And => f.write_str("`&&`"),
            Token::Or => f.write_str("`||`"),
            Token::Equal => f.write_str("`==`"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, CasbinError> {
    let mut tokens = Vec::new();
    let mut pos = 0;
    while let Some(rest) = text.get(pos..).filter(|r| !r.is_empty()) {
        let c = rest.chars().next().unwrap_or_default();
        let (token, len) = match c {
            c if c.is_whitespace() => (None, c.len_utf8()),
            '(' => (Some(Token::Open), 1),
            ')' => (Some(Token::Close), 1),
            ',' => (Some(Token::Comma), 1),
            '"' | '\'' => {
                let body = rest.get(1..).unwrap_or_default();
                let Some(end) = body.find(c) else {
                    return Err(invalid(
                        MATCHER_PATH.into(),
                        "a string is not closed".into(),
                    ));
                };
                let text = body.get(..end).unwrap_or_default().to_string();
                (Some(Token::Text(text)), end + 2)
            }
            c if c.is_alphanumeric() || c == '_' => {
                let len = rest
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '.'))
                    .unwrap_or(rest.len());
                let name = rest.get(..len).unwrap_or_default().to_string();
                (Some(Token::Name(name)), len)
            }
            _ => {
                let len = rest
                    .find(|ch: char| {
                        ch.is_alphanumeric() || ch.is_whitespace() || "()\"',_".contains(ch)
                    })
                    .unwrap_or(rest.len());
                let token = match rest.get(..len).unwrap_or_default() {
                    "&&" => Token::And,
                    "||" => Token::Or,
                    "==" => Token::Equal,
                    other => {
                        return Err(unsupported(
                            MATCHER_PATH.into(),
                            format!("the operator `{other}`"),
                        ));
                    }
                };
                (Some(token), len)
            }
        };
        tokens.extend(token);
        pos += len;
    }
    Ok(tokens)
}

/// A recursive-descent parser: `any := all ('||' all)*`, `all := atom ('&&' atom)*`,
/// `atom := '(' any ')' | call | value '==' value`.
struct Parser<'a> {
    tokens: std::iter::Peekable<std::vec::IntoIter<Token>>,
    scope: &'a Scope<'a>,
}

impl Parser<'_> {
    fn parse(text: &str, scope: &Scope<'_>) -> Result<Expr, CasbinError> {
        let mut parser = Parser {
            tokens: tokenize(text)?.into_iter().peekable(),
            scope,
        };
        let expr = parser.any(0)?;
        match parser.tokens.next() {
            None => Ok(expr),
            Some(token) => Err(invalid(MATCHER_PATH.into(), format!("unexpected {token}"))),
        }
    }

    fn eat(&mut self, token: &Token) -> bool {
        self.tokens.next_if_eq(token).is_some()
    }

    fn next(&mut self) -> Result<Token, CasbinError> {
        self.tokens
            .next()
            .ok_or_else(|| invalid(MATCHER_PATH.into(), "the matcher ends too early".into()))
    }

    fn expect(&mut self, token: &Token) -> Result<(), CasbinError> {
        match self.next()? {
            found if found == *token => Ok(()),
            found => Err(invalid(
                MATCHER_PATH.into(),
                format!("expected {token}, found {found}"),
            )),
        }
    }

    fn any(&mut self, depth: usize) -> Result<Expr, CasbinError> {
        let mut parts = vec![self.all(depth)?];
        while self.eat(&Token::Or) {
            parts.push(self.all(depth)?);
        }
        Ok(Expr::Any(parts))
    }

    fn all(&mut self, depth: usize) -> Result<Expr, CasbinError> {
        let mut parts = vec![self.atom(depth)?];
        while self.eat(&Token::And) {
            parts.push(self.atom(depth)?);
        }
        Ok(Expr::All(parts))
    }

    fn atom(&mut self, depth: usize) -> Result<Expr, CasbinError> {
        match self.next()? {
            Token::Open => {
                if depth >= MAX_NESTING {
                    return Err(unsupported(
                        MATCHER_PATH.into(),
                        format!("nesting deeper than {MAX_NESTING} parentheses"),
                    ));
                }
                let expr = self.any(depth + 1)?;
                self.expect(&Token::Close)?;
                Ok(expr)
            }
            Token::Name(name) if self.tokens.peek() == Some(&Token::Open) => self.call(&name),
            token => {
                let left = self.operand(token)?;
                match self.next()? {
                    Token::Equal => {}
                    Token::Name(op) => {
                        return Err(unsupported(
                            MATCHER_PATH.into(),
                            format!("the operator `{op}`"),
                        ));
                    }
                    found => {
                        return Err(invalid(
                            MATCHER_PATH.into(),
                            format!("expected `==`, found {found}"),
                        ));
                    }
                }
                let token = self.next()?;
                Ok(Expr::Equal(left, self.operand(token)?))
            }
        }
    }

    fn call(&mut self, name: &str) -> Result<Expr, CasbinError> {
        let arity = match name {
            "g" => self.scope.g,
            "g2" => self.scope.g2,
            "keyMatch" | "keyMatch2" => Some(2),
            _ => {
                return Err(unsupported(
                    MATCHER_PATH.into(),
                    format!("the function `{name}`"),
                ));
            }
        };
        let Some(arity) = arity else {
            return Err(invalid(
                MATCHER_PATH.into(),
                format!("`{name}` is called but not defined in [role_definition]"),
            ));
        };
        self.expect(&Token::Open)?;
        let mut args = Vec::new();
        if !self.eat(&Token::Close) {
            loop {
                let token = self.next()?;
                if matches!(token, Token::Name(_)) && self.tokens.peek() == Some(&Token::Open) {
                    return Err(unsupported(
                        MATCHER_PATH.into(),
                        "nested function calls".into(),
                    ));
                }
                args.push(self.operand(token)?);
                if !self.eat(&Token::Comma) {
                    self.expect(&Token::Close)?;
                    break;
                }
            }
        }
        if args.len() != arity {
            return Err(invalid(
                MATCHER_PATH.into(),
                format!(
                    "`{name}` takes {arity} arguments here; {} given",
                    args.len()
                ),
            ));
        }
        let mut args = args.into_iter();
        let mut take = || args.next().unwrap_or(Operand::Literal(String::new()));
        Ok(match name {
            "keyMatch" => Expr::KeyMatch(take(), take()),
            "keyMatch2" => Expr::KeyMatch2(take(), take()),
            "g" => Expr::HasRole(Graph::G, (0..arity).map(|_| take()).collect()),
            _ => Expr::HasRole(Graph::G2, (0..arity).map(|_| take()).collect()),
        })
    }

    fn operand(&self, token: Token) -> Result<Operand, CasbinError> {
        let name = match token {
            Token::Text(text) => return Ok(Operand::Literal(text)),
            Token::Name(name) => name,
            other => {
                return Err(invalid(
                    MATCHER_PATH.into(),
                    format!("expected a value, found {other}"),
                ));
            }
        };
        let (fields, prefix, field, kind) = if let Some(field) = name.strip_prefix("r.") {
            (
                self.scope.request,
                "r",
                field,
                Operand::Request as fn(usize) -> Operand,
            )
        } else if let Some(field) = name.strip_prefix("p.") {
            (
                self.scope.policy,
                "p",
                field,
                Operand::Policy as fn(usize) -> Operand,
            )
        } else {
            return Err(unsupported(
                MATCHER_PATH.into(),
                format!("the value `{name}`"),
            ));
        };
        if let Some(i) = fields.iter().position(|f| f == field) {
            return Ok(kind(i));
        }
        if field.contains('.') {
            return Err(unsupported(
                MATCHER_PATH.into(),
                format!("attribute access `{name}`"),
            ));
        }
        Err(invalid(
            MATCHER_PATH.into(),
            format!("`{name}`: `{prefix}` has no field `{field}`"),
        ))
    }
}

fn unsupported(path: String, construct: String) -> CasbinError {
    CasbinError::Unsupported { path, construct }
}

fn invalid(path: String, message: String) -> CasbinError {
    CasbinError::Invalid { path, message }
}

/// A Casbin model or policy that cannot be imported, or a request that cannot be enforced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CasbinError {
    /// A construct outside the RBAC family this import reads.
    Unsupported {
        /// Where: `[matchers] m`, `policy.csv line 7`, …
        path: String,
        /// What, with the user's text in backticks.
        construct: String,
    },
    /// Malformed model or policy text.
    Invalid {
        /// Where.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A request whose length differs from the request definition.
    RequestArity {
        /// Values the request definition names.
        expected: usize,
        /// Values given.
        found: usize,
    },
    /// `model.conf` or `policy.csv` is longer than [`MAX_TEXT_BYTES`].
    TooLarge {
        /// Which text.
        path: String,
        /// Its length.
        bytes: usize,
    },
}

impl fmt::Display for CasbinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CasbinError::Unsupported { construct, .. } => write!(
                f,
                "{construct} is not supported: only Casbin models of the RBAC family are imported"
            ),
            CasbinError::Invalid { message, .. } => f.write_str(message),
            CasbinError::RequestArity { expected, found } => write!(
                f,
                "the request has {found} values; the model's request definition has {expected}"
            ),
            CasbinError::TooLarge { path, bytes } => write!(
                f,
                "{path} is {bytes} bytes long; at most {MAX_TEXT_BYTES} are accepted"
            ),
        }
    }
}

impl std::error::Error for CasbinError {}

impl crate::CodedError for CasbinError {
    fn code(&self) -> &'static str {
        match self {
            CasbinError::Unsupported { .. } => "casbin.unsupported",
            CasbinError::Invalid { .. } => "casbin.invalid",
            CasbinError::RequestArity { .. } => "casbin.request_arity",
            CasbinError::TooLarge { .. } => "casbin.too_large",
        }
    }

    fn path(&self) -> String {
        match self {
            CasbinError::Unsupported { path, .. }
            | CasbinError::Invalid { path, .. }
            | CasbinError::TooLarge { path, .. } => path.clone(),
            CasbinError::RequestArity { .. } => "request".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodedError;

    fn model(conf: &str, csv: &str) -> CasbinModel {
        CasbinModel::from_text(conf, csv).unwrap_or_else(|err| unreachable!("{err}"))
    }

    /// Each case is `"v1 v2 v3 → expected"` in request order.
    fn expect(m: &CasbinModel, cases: &[(&str, bool)]) {
        for (request, expected) in cases {
            let args: Vec<&str> = request.split_whitespace().collect();
            let got = m.enforce(&args).unwrap_or_else(|err| unreachable!("{err}"));
            assert_eq!(got, *expected, "{request}");
        }
    }

    fn error(conf: &str, csv: &str) -> (&'static str, String) {
        match CasbinModel::from_text(conf, csv) {
            Ok(_) => unreachable!("accepted"),
            Err(err) => (err.code(), err.path()),
        }
    }

    const BASIC: &str = "[request_definition]\nr = sub, obj, act\n\n[policy_definition]\np = sub, obj, act\n\n[policy_effect]\ne = some(where (p.eft == allow))\n\n[matchers]\nm = r.sub == p.sub && r.obj == p.obj && r.act == p.act\n";
    const BASIC_POLICY: &str = "p, alice, data1, read\np, bob, data2, write\n";
    const RBAC: &str = "[request_definition]\nr = sub, obj, act\n\n[policy_definition]\np = sub, obj, act\n\n[role_definition]\ng = _, _\n\n[policy_effect]\ne = some(where (p.eft == allow))\n\n[matchers]\nm = r.obj == p.obj && r.act == p.act && g(r.sub, p.sub)\n";
    const RBAC_POLICY: &str = "p, alice, data1, read\np, bob, data2, write\np, data2_admin, data2, read\np, data2_admin, data2, write\n\ng, alice, data2_admin\n";
    const DENY_POLICY: &str = "p, alice, data1, read, allow\np, bob, data2, write, allow\np, data2_admin, data2, read, allow\np, data2_admin, data2, write, allow\np, alice, data2, write, deny\n\ng, alice, data2_admin\n";
    const ACL_CASES: &[(&str, bool)] = &[
        ("alice data1 read", true),
        ("alice data1 write", false),
        ("alice data2 read", false),
        ("alice data2 write", false),
        ("bob data1 read", false),
        ("bob data1 write", false),
        ("bob data2 read", false),
        ("bob data2 write", true),
    ];

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn basic_acl() {
        expect(&model(BASIC, BASIC_POLICY), ACL_CASES);
        let without_spaces = BASIC.replace(", ", ",");
        expect(
            &model(&without_spaces, "p,alice,data1,read\np,bob,data2,write"),
            ACL_CASES,
        );
        // No policy at all: nothing is allowed.
        expect(&model(BASIC, ""), &[("alice data1 read", false)]);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn basic_with_root_superuser() {
        let conf = BASIC.replace("r.act == p.act\n", "r.act == p.act || r.sub == \"root\"\n");
        let m = model(&conf, BASIC_POLICY);
        expect(&m, ACL_CASES);
        expect(&m, &[("root data1 read", true), ("root data2 write", true)]);
        // Casbin evaluates the matcher once against an empty rule when there is no policy.
        expect(
            &model(&conf, ""),
            &[("root data1 read", true), ("bob data2 write", false)],
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rbac() {
        let m = model(RBAC, RBAC_POLICY);
        assert_eq!(m.request_arity(), 3);
        expect(
            &m,
            &[
                ("alice data1 read", true),
                ("alice data1 write", false),
                ("alice data2 read", true),
                ("alice data2 write", true),
                ("bob data1 read", false),
                ("bob data1 write", false),
                ("bob data2 read", false),
                ("bob data2 write", true),
            ],
        );
        // The same model written over two lines, with comments.
        let multi = RBAC.replace(
            "m = r.obj == p.obj && ",
            "# matchers\nm = r.obj == p.obj \\\n  && ",
        );
        expect(&model(&multi, RBAC_POLICY), &[("alice data2 write", true)]);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn role_hierarchy_stops_after_ten_steps() {
        let mut chain = String::from("p, r10, data, read\np, r11, data, write\ng, u, r1\n");
        for i in 1..=10 {
            chain.push_str(&format!("g, r{i}, r{}\n", i + 1));
        }
        chain.push_str("g, r3, r1\n"); // a cycle is harmless
        expect(
            &model(RBAC, &chain),
            &[
                ("u data read", true),
                ("u data write", false),
                ("r1 data write", true),
            ],
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rbac_with_resource_roles() {
        let conf = RBAC.replace("g = _, _\n", "g = _, _\ng2 = _, _\n").replace(
            "m = r.obj == p.obj && r.act == p.act && g(r.sub, p.sub)",
            "m = g(r.sub, p.sub) && g2(r.obj, p.obj) && r.act == p.act",
        );
        let policy = "p, alice, data1, read\np, bob, data2, write\np, data_group_admin, data_group, write\n\ng, alice, data_group_admin\ng2, data1, data_group\ng2, data2, data_group\n";
        expect(
            &model(&conf, policy),
            &[
                ("alice data1 read", true),
                ("alice data1 write", true),
                ("alice data2 read", false),
                ("alice data2 write", true),
                ("bob data1 read", false),
                ("bob data1 write", false),
                ("bob data2 read", false),
                ("bob data2 write", true),
            ],
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rbac_with_domains() {
        let conf = "[request_definition]\nr = sub, dom, obj, act\n\n[policy_definition]\np = sub, dom, obj, act\n\n[role_definition]\ng = _, _, _\n\n[policy_effect]\ne = some(where (p.eft == allow))\n\n[matchers]\nm = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act\n";
        let policy = "p, admin, domain1, data1, read\np, admin, domain1, data1, write\np, admin, domain2, data2, read\np, admin, domain2, data2, write\n\ng, alice, admin, domain1\ng, bob, admin, domain2\n";
        let m = model(conf, policy);
        assert_eq!(m.request_arity(), 4);
        expect(
            &m,
            &[
                ("alice domain1 data1 read", true),
                ("alice domain1 data1 write", true),
                ("alice domain1 data2 read", false),
                ("alice domain1 data2 write", false),
                ("bob domain2 data1 read", false),
                ("bob domain2 data1 write", false),
                ("bob domain2 data2 read", true),
                ("bob domain2 data2 write", true),
                // Roles do not cross domains.
                ("alice domain2 data2 read", false),
            ],
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rbac_with_deny_allow_and_not_deny() {
        let conf = RBAC
            .replace("p = sub, obj, act\n", "p = sub, obj, act, eft\n")
            .replace(
                "e = some(where (p.eft == allow))",
                "e = some(where (p.eft == allow)) && !some(where (p.eft == deny))",
            );
        expect(
            &model(&conf, DENY_POLICY),
            &[
                ("alice data1 read", true),
                ("alice data1 write", false),
                ("alice data2 read", true),
                ("alice data2 write", false),
                ("bob data1 read", false),
                ("bob data1 write", false),
                ("bob data2 read", false),
                ("bob data2 write", true),
            ],
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rbac_with_deny_override() {
        // Casbin's rbac_with_not_deny_model: whatever no rule denies is allowed.
        let conf = "[request_definition]\nr = sub, obj, act\n\n[policy_definition]\np = sub, obj, act, eft\n\n[role_definition]\ng = _, _\n\n[policy_effect]\ne = !some(where (p.eft == deny))\n\n[matchers]\nm = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act";
        expect(
            &model(conf, DENY_POLICY),
            &[
                ("alice data2 write", false),
                ("alice data1 read", true),
                ("bob data1 read", true),
                ("nobody data9 anything", true),
            ],
        );
        // Under allow-override, a matching deny rule is simply not an allow.
        let allow_override = conf.replace(
            "e = !some(where (p.eft == deny))",
            "e = some(where (p.eft == allow))",
        );
        expect(
            &model(&allow_override, DENY_POLICY),
            &[("alice data2 write", true), ("bob data1 read", false)],
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn key_match_model() {
        let conf = BASIC.replace("r.obj == p.obj", "keyMatch(r.obj, p.obj)");
        let policy = "p, alice, /alice_data/*, GET\np, alice, /alice_data/resource1, POST\np, bob, /alice_data/resource2, GET\np, bob, /bob_data/*, POST\n";
        expect(
            &model(&conf, policy),
            &[
                ("alice /alice_data/resource1 GET", true),
                ("alice /alice_data/resource1 POST", true),
                ("alice /alice_data/resource2 GET", true),
                ("alice /alice_data/resource2 POST", false),
                ("alice /bob_data/resource1 GET", false),
                ("alice /bob_data/resource1 POST", false),
                ("bob /alice_data/resource1 GET", false),
                ("bob /alice_data/resource2 GET", true),
                ("bob /alice_data/resource2 POST", false),
                ("bob /bob_data/resource1 GET", false),
                ("bob /bob_data/resource1 POST", true),
                ("bob /bob_data/resource2 POST", true),
            ],
        );
        for (key, pattern, expected) in [
            ("/foo", "/foo", true),
            ("/foo", "/foo*", true),
            ("/foo", "/foo/*", false),
            ("/foo/bar", "/foo", false),
            ("/foo/bar", "/foo*", true),
            ("/foo/bar", "/foo/*", true),
            ("/foobar", "/foo", false),
            ("/foobar", "/foo*", true),
            ("/foobar", "/foo/*", false),
        ] {
            assert_eq!(key_match(key, pattern), expected, "{key} {pattern}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn key_match2_model() {
        // Casbin's keymatch2_model compares actions with `regexMatch`; with plain actions
        // `r.act == p.act` gives the same answers.
        let conf = BASIC.replace("r.obj == p.obj", "keyMatch2(r.obj, p.obj)");
        let policy =
            "p, alice, /alice_data/:resource, GET\np, alice, /alice_data2/:id/using/:resId, GET\n";
        expect(
            &model(&conf, policy),
            &[
                ("alice /alice_data GET", false),
                ("alice /alice_data/resource1 GET", true),
                ("alice /alice_data2/myid GET", false),
                ("alice /alice_data2/myid/using/res_id GET", true),
                ("alice /alice_data2/myid/using/res_id POST", false),
            ],
        );
        for (key, pattern, expected) in [
            ("/foo", "/foo", true),
            ("/foo", "/foo*", true),
            ("/foo", "/foo/*", false),
            ("/foo/bar", "/foo", false),
            ("/foo/bar", "/foo*", false),
            ("/foo/bar", "/foo/*", true),
            ("/foobar", "/foo*", false),
            ("/", "/:resource", false),
            ("/resource1", "/:resource", true),
            ("/myid", "/:id/using/:resId", false),
            ("/myid/using/myresid", "/:id/using/:resId", true),
            ("/proxy/myid", "/proxy/:id/*", false),
            ("/proxy/myid/", "/proxy/:id/*", true),
            ("/proxy/myid/res/res2", "/proxy/:id/*", true),
            ("/proxy/", "/proxy/:id/*", false),
            ("/alice/all", "/:id/all", true),
            ("/alice/all", "/:id", false),
            ("/alice/all", "/:/all", false),
        ] {
            let regex =
                key_match2_regex(pattern, "test").unwrap_or_else(|err| unreachable!("{err}"));
            assert_eq!(regex.is_match(key), expected, "{key} {pattern}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn unsupported_constructs_are_named() {
        let abac = BASIC.replace("r.sub == p.sub", "r.sub.Age > 18");
        assert_eq!(
            error(&abac, ""),
            ("casbin.unsupported", "[matchers] m".into())
        );
        let regex = BASIC.replace("r.act == p.act", "regexMatch(r.act, p.act)");
        let err = CasbinModel::from_text(&regex, "").err();
        assert_eq!(
            err.as_ref().map(CodedError::code),
            Some("casbin.unsupported")
        );
        assert!(err.is_some_and(|e| e.to_string().contains("`regexMatch`")));
        let priority = BASIC.replace("some(where (p.eft == allow))", "priority(p.eft) || deny");
        assert_eq!(
            error(&priority, ""),
            ("casbin.unsupported", "[policy_effect] e".into())
        );
        let not_equal = BASIC.replace("r.act == p.act", "r.act != p.act");
        assert_eq!(error(&not_equal, "").0, "casbin.unsupported");
        let p2 = format!("{BASIC_POLICY}p2, bob, read\n");
        assert_eq!(
            error(BASIC, &p2),
            ("casbin.unsupported", "policy.csv line 3".into())
        );
        let section = format!("{BASIC}\n[constraint_definition]\nc = x\n");
        assert_eq!(error(&section, "").0, "casbin.unsupported");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn malformed_input_is_invalid_with_its_place() {
        let short = "p, alice, data1, read\n\n# comment\np, bob, data2\n";
        assert_eq!(
            error(BASIC, short),
            ("casbin.invalid", "policy.csv line 4".into())
        );
        let deny_without_eft = "p, alice, data1, read, deny\n";
        assert_eq!(
            error(BASIC, deny_without_eft),
            ("casbin.invalid", "policy.csv line 1".into())
        );
        let conf = RBAC.replace("p = sub, obj, act\n", "p = sub, obj, act, eft\n");
        let bad_effect = "p, alice, data1, read, maybe\n";
        assert_eq!(
            error(&conf, bad_effect),
            ("casbin.invalid", "policy.csv line 1".into())
        );
        assert_eq!(
            error(BASIC, "g, alice, admin\n"),
            ("casbin.invalid", "policy.csv line 1".into())
        );
        let unknown_field = BASIC.replace("r.act == p.act", "r.action == p.act");
        assert_eq!(
            error(&unknown_field, ""),
            ("casbin.invalid", "[matchers] m".into())
        );
        let unbalanced = BASIC.replace("r.act == p.act", "(r.act == p.act");
        assert_eq!(
            error(&unbalanced, ""),
            ("casbin.invalid", "[matchers] m".into())
        );
        let no_matcher = BASIC.replace("[matchers]", "").replace("m = ", "# m = ");
        assert_eq!(
            error(&no_matcher, ""),
            ("casbin.invalid", "[matchers] m".into())
        );
        let g_arity = RBAC.replace("g(r.sub, p.sub)", "g(r.sub, p.sub, r.act)");
        assert_eq!(
            error(&g_arity, ""),
            ("casbin.invalid", "[matchers] m".into())
        );
        assert_eq!(error("r = sub\n", "").0, "casbin.invalid");
        let bad_pattern = BASIC.replace("r.obj == p.obj", "keyMatch2(r.obj, p.obj)");
        assert_eq!(
            error(&bad_pattern, "p, alice, /a/(, read\n"),
            ("casbin.invalid", "policy.csv line 1".into())
        );
        let deep = BASIC.replace(
            "r.act == p.act",
            &format!("{}r.act == p.act{}", "(".repeat(100), ")".repeat(100)),
        );
        assert_eq!(error(&deep, "").0, "casbin.unsupported");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn request_of_the_wrong_length_is_an_error() {
        let m = model(BASIC, BASIC_POLICY);
        let err = m.enforce(&["alice", "data1"]).err();
        assert_eq!(
            err.as_ref().map(CodedError::code),
            Some("casbin.request_arity")
        );
        assert_eq!(err.map(|e| e.path()), Some("request".to_string()));
    }
}
