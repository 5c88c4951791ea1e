//! The demo server (`demo-server`, feature `server`) as a browser and an operator meet it: the
//! real binary on a free port, a real SQLite file in a temporary folder, HTTP calls.
//! The verdicts must be the library's own, byte for byte.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use account_rules::access::AccessMatrix;
use account_rules::policy::{Candidate, CheckOptions, PasswordPolicy};
use account_rules::{CodedError, Locale};
use serde_json::{Value, json};
use std::cell::Cell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use totp_rs::{Algorithm, Secret, TOTP};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BINARY: &str = env!("CARGO_BIN_EXE_demo-server");

/// Passwords the demo policy accepts (long, three classes or more, nothing personal), far
/// enough apart that none is "too similar" to another.
const STRONG: [&str; 4] = [
    "Tundra-Velvet-42-Orbit",
    "Quasar!Maple7Lantern",
    "Glacier#Pepper93Wombat",
    "Nimbus&Cobalt58Fennel",
];

// ---------------------------------------------------------------------------------------------
// The server and a client.

struct Server {
    child: Child,
    url: String,
    output: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
}

/// Where a test's server keeps its database and reads its documents.
struct Site {
    dir: tempfile::TempDir,
    db: PathBuf,
    www: PathBuf,
}

/// A stand-in for the built npm package (`--pkg`): these tests must not depend on
/// `pkg-scripts/build.sh` having run; the e2e tests serve the real one.
fn package_fixture(dir: &Path) -> PathBuf {
    let pkg = dir.join("pkg");
    for (file, text) in [
        (
            "web/account_rules.js",
            "export default function init() {}\n",
        ),
        ("web/account_rules.d.ts", "export {};\n"),
        ("bundler/.gitignore", "*\n"),
        ("package.json", "{}\n"),
    ] {
        let path = pkg.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    pkg
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data").join("accounts.sqlite3");
        package_fixture(dir.path());
        Site {
            db,
            www: Path::new(ROOT).join("www"),
            dir,
        }
    }

    fn start(&self) -> Server {
        self.start_with(0)
    }

    fn start_with(&self, clock_offset_days: i64) -> Server {
        Server::start(
            &self.db,
            &self.www,
            &self.dir.path().join("pkg"),
            clock_offset_days,
        )
    }

    /// The bytes of the database and its WAL and shared-memory files, as they are now.
    fn database_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut path = self.db.clone().into_os_string();
            path.push(suffix);
            if let Ok(content) = std::fs::read(&path) {
                bytes.extend(content);
            }
        }
        bytes
    }
}

impl Server {
    fn start(db: &Path, www: &Path, pkg: &Path, clock_offset_days: i64) -> Server {
        let mut command = Command::new(BINARY);
        command
            .args(["--port", "0", "--db"])
            .arg(db)
            .arg("--www")
            .arg(www)
            .arg("--pkg")
            .arg(pkg)
            .env_remove("PORT")
            .env_remove("DEMO_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if clock_offset_days != 0 {
            command.arg(format!("--clock-offset-days={clock_offset_days}"));
        }
        let mut child = command.spawn().unwrap();
        let output = Arc::new(Mutex::new(String::new()));
        let stdout = Arc::new(Mutex::new(String::new()));
        let pipes: [(Box<dyn Read + Send>, bool); 2] = [
            (Box::new(child.stdout.take().unwrap()), true),
            (Box::new(child.stderr.take().unwrap()), false),
        ];
        for (mut pipe, is_stdout) in pipes {
            let output = Arc::clone(&output);
            let stdout = Arc::clone(&stdout);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    let text = String::from_utf8_lossy(&buffer[..n]).to_string();
                    output.lock().unwrap().push_str(&text);
                    if is_stdout {
                        stdout.lock().unwrap().push_str(&text);
                    }
                }
            });
        }
        let started = Instant::now();
        let url = loop {
            let line = stdout.lock().unwrap().clone();
            if let Some(url) = line
                .strip_prefix("demo-server: listening on ")
                .and_then(|rest| rest.strip_suffix('\n'))
            {
                break url.to_string();
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "demo-server exited ({status}) before listening:\n{}",
                    output.lock().unwrap()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "demo-server did not start:\n{}",
                output.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
            "{url}"
        );
        Server {
            child,
            url,
            output,
            stdout,
        }
    }

    /// Stops the server with SIGTERM, waits for it, and answers all it printed.
    fn stop(mut self) -> String {
        let terminated = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(terminated.success());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "demo-server did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        assert!(status.success(), "demo-server exited with {status}");
        // Let the readers drain the pipes.
        std::thread::sleep(Duration::from_millis(50));
        let stdout = self.stdout.lock().unwrap().clone();
        assert_eq!(
            stdout,
            format!("demo-server: listening on {}\n", self.url),
            "stdout must be the one line"
        );
        self.output.lock().unwrap().clone()
    }

    fn client(&self) -> Client {
        Client {
            base: self.url.clone(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into(),
            cookie: None,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser tab: one cookie jar.
struct Client {
    base: String,
    agent: ureq::Agent,
    cookie: Option<String>,
}

struct Answer {
    status: u16,
    body: Value,
    headers: ureq::http::HeaderMap,
    text: String,
}

impl Client {
    fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        content_type: Option<&str>,
    ) -> Answer {
        self.request_with(method, path, body, content_type, &[])
    }

    /// A request with extra headers (`Origin`, `Sec-Fetch-Site`, …).
    fn request_with(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        content_type: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Answer {
        let url = format!("{}{}", self.base, path.trim_start_matches('/'));
        let mut builder = ureq::http::Request::builder().method(method).uri(&url);
        for (name, value) in extra {
            builder = builder.header(*name, *value);
        }
        if let Some(cookie) = &self.cookie {
            builder = builder.header("Cookie", cookie);
        }
        if let Some(content_type) = content_type {
            builder = builder.header("Content-Type", content_type);
        }
        let request = builder
            .body(body.map(<[u8]>::to_vec).unwrap_or_default())
            .unwrap();
        let mut response = self.agent.run(request).unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if let Some(set) = headers.get("set-cookie").and_then(|v| v.to_str().ok()) {
            let pair = set.split(';').next().unwrap_or_default().to_string();
            self.cookie = if pair.ends_with('=') {
                None
            } else {
                Some(pair)
            };
        }
        let text = response.body_mut().read_to_string().unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            body,
            headers,
            text,
        }
    }

    fn get(&mut self, path: &str) -> Answer {
        self.request("GET", path, None, None)
    }

    fn post(&mut self, path: &str, body: &Value) -> Answer {
        let text = body.to_string();
        self.request(
            "POST",
            path,
            Some(text.as_bytes()),
            Some("application/json"),
        )
    }

    fn put(&mut self, path: &str, body: &Value) -> Answer {
        let text = body.to_string();
        self.request("PUT", path, Some(text.as_bytes()), Some("application/json"))
    }

    fn signup(&mut self, username: &str, password: &str) -> Answer {
        self.post(
            "/api/signup",
            &json!({ "username": username, "password": password }),
        )
    }

    fn login(&mut self, username: &str, password: &str) -> Answer {
        self.post(
            "/api/login",
            &json!({ "username": username, "password": password }),
        )
    }

    /// Signs in with the password and a fresh code of `factor`.
    fn login_with(&mut self, username: &str, password: &str, factor: &Authenticator) -> Answer {
        self.post(
            "/api/login",
            &json!({ "username": username, "password": password, "otp": factor.code() }),
        )
    }

    /// Sets up and confirms a second factor for the session's account; this session is then
    /// verified.
    fn enroll(&mut self) -> Authenticator {
        let setup = self.post("/api/account/mfa", &json!({}));
        assert_eq!(setup.status, 200, "{}", setup.text);
        let factor = Authenticator::new(setup.body["secret"].as_str().unwrap());
        let confirmed = self.post(
            "/api/account/mfa/confirm",
            &json!({ "code": factor.code() }),
        );
        assert_eq!(confirmed.status, 200, "{}", confirmed.text);
        assert_eq!(confirmed.body["account"]["mfa"]["enrolled"], true);
        assert_eq!(confirmed.body["account"]["mfa"]["sessionVerified"], true);
        factor
    }
}

/// An authenticator app: the secret, and the last time step whose code was used (the server
/// takes each step's code once, within one step of now).
struct Authenticator {
    totp: TOTP,
    last: Cell<u64>,
}

impl Authenticator {
    fn new(secret: &str) -> Authenticator {
        let bytes = Secret::Encoded(secret.to_string()).to_bytes().unwrap();
        assert_eq!(bytes.len(), 20, "160-bit secrets");
        Authenticator {
            totp: TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes).unwrap(),
            last: Cell::new(0),
        }
    }

    fn now_step() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            / 30
    }

    fn code_at(&self, step: u64) -> String {
        self.totp.generate(step * 30)
    }

    /// A code not used yet: the current step's or the next one's, waiting when both were.
    fn code(&self) -> String {
        loop {
            let now = Self::now_step();
            let step = now.max(self.last.get() + 1);
            if step <= now + 1 {
                self.last.set(step);
                return self.code_at(step);
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    /// A code that is wrong now (not the code of any step within one of now).
    fn wrong_code(&self) -> String {
        let now = Self::now_step();
        let taken: Vec<String> = (now - 2..=now + 2).map(|s| self.code_at(s)).collect();
        (0..)
            .map(|n: u32| format!("{:06}", (n * 7919) % 1_000_000))
            .find(|code| !taken.contains(code))
            .unwrap()
    }
}

fn policy() -> PasswordPolicy {
    let text = std::fs::read_to_string(Path::new(ROOT).join("www/policy.json")).unwrap();
    PasswordPolicy::from_json(&text).unwrap()
}

fn access_document() -> Value {
    let text = std::fs::read_to_string(Path::new(ROOT).join("www/access.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The library's report for a candidate, as JSON text parsed back (as the server's is).
fn library_report(candidate: &Candidate, locale: Locale) -> Value {
    let options = CheckOptions {
        locale,
        ..CheckOptions::default()
    };
    let report = policy().check(candidate, &options).unwrap();
    serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap()
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

fn error_code(answer: &Answer) -> &str {
    answer.body["error"]["code"].as_str().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Accounts.

#[test]
fn signup_then_login_session_and_logout() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();

    assert_eq!(tab.get("/api/session").body, json!({ "account": null }));
    let signup = tab.post(
        "/api/signup",
        &json!({ "username": "Carol.W", "password": STRONG[0], "displayName": "Carol Weiss",
                 "email": "carol@example.com" }),
    );
    assert_eq!(signup.status, 201, "{}", signup.text);
    assert_eq!(signup.body["ok"], true);
    assert_eq!(signup.body["report"]["ok"], true);
    let cookie = signup.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("ar_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("ar_session=");
    assert_eq!(token.len(), 64);
    let account = &signup.body["account"];
    assert_eq!(account["username"], "carol.w", "usernames are lowercased");
    assert_eq!(account["displayName"], "Carol Weiss");
    assert_eq!(account["roles"], json!([]));
    assert_eq!(account["expiry"]["state"], "ok");
    assert_eq!(account["lockout"]["locked"], false);
    assert_eq!(account["mfa"]["required"], false);
    assert_eq!(account["mfa"]["becauseOfRoles"], json!([]));
    assert_eq!(account["mfa"]["enrolled"], false);
    assert_eq!(account["mfa"]["sessionVerified"], false);
    assert!(account["mfa"].get("note").is_none(), "{account}");
    assert!(account["mfa"].get("available").is_none(), "{account}");

    // The signup signed in.
    let session = tab.get("/api/session");
    assert_eq!(session.body["account"]["username"], "carol.w");

    assert_eq!(
        tab.post("/api/logout", &json!({})).body,
        json!({ "ok": true })
    );
    assert!(tab.cookie.is_none(), "the cookie is cleared");
    assert_eq!(tab.get("/api/session").body["account"], Value::Null);

    // The old token no longer opens the session either.
    let mut old = server.client();
    old.cookie = Some(format!("ar_session={token}"));
    assert_eq!(old.get("/api/session").body["account"], Value::Null);

    let login = tab.login("CAROL.W", STRONG[0]);
    assert_eq!(login.status, 200, "{}", login.text);
    assert_eq!(login.body["ok"], true);
    assert_eq!(login.body["account"]["username"], "carol.w");
    assert_eq!(
        tab.get("/api/session").body["account"]["username"],
        "carol.w"
    );

    // Taken and invalid usernames.
    let mut other = server.client();
    let taken = other.signup("carol.w", STRONG[1]);
    assert_eq!(
        (taken.status, error_code(&taken)),
        (409, "account.username.taken")
    );
    for bad in ["ab", "carol weiss", "c@rol", &"x".repeat(33), "名字名字"] {
        let invalid = other.signup(bad, STRONG[1]);
        assert_eq!(
            (invalid.status, error_code(&invalid)),
            (422, "account.username.invalid"),
            "{bad}"
        );
        assert_eq!(invalid.body["error"]["path"], "username");
    }
    let zh = other.post(
        "/api/signup",
        &json!({ "username": "carol.w", "password": STRONG[1], "locale": "zh-CN" }),
    );
    assert_eq!(zh.body["error"]["message"], "该用户名已被使用");

    let output = server.stop();
    assert!(!output.contains(STRONG[0]));
}

#[test]
fn a_weak_password_is_refused_with_the_librarys_verdicts() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();
    for (username, password, email) in [
        ("dana", "password", None),
        ("dana", "dana1987Dana!", None),
        ("dana", "AcmeRocket!1", None),
        ("dana", "aaaaBBBB1111", None),
        ("dana", "Tr0ub4dor&3", Some("dana@example.com")),
        (
            "erik",
            "erik.larsen@Example1",
            Some("erik.larsen@example.com"),
        ),
    ] {
        let refused = tab.post(
            "/api/signup",
            &json!({ "username": username, "password": password, "email": email }),
        );
        assert_eq!(refused.status, 422, "{password}: {}", refused.text);
        assert_eq!(refused.body["ok"], false);
        let library = library_report(
            &Candidate {
                password: password.into(),
                username: Some(username.into()),
                email: email.map(str::to_string),
                ..Candidate::default()
            },
            Locale::En,
        );
        let failed = codes(&refused.body["report"]["failed"]);
        assert!(!failed.is_empty());
        assert_eq!(failed, codes(&library["failed"]), "{password}");
        // The history rule is the server's to settle: a new account has no history.
        let history = refused.body["report"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "history")
            .unwrap();
        assert_eq!(history["code"], "password.history.ok");
        assert_eq!(
            codes(&refused.body["report"]["pending"]),
            Vec::<String>::new()
        );
    }
    // Nobody was created.
    assert_eq!(tab.get("/api/session").body["account"], Value::Null);
    let created = tab.signup("dana", STRONG[1]);
    assert_eq!(created.status, 201, "{}", created.text);
    server.stop();
}

#[test]
fn policy_check_answers_exactly_the_librarys_report() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();

    let document = tab.get("/api/policy");
    assert_eq!(document.status, 200);
    assert_eq!(document.body["fingerprint"], policy().fingerprint());
    let parsed: Value =
        serde_json::from_str(&serde_json::to_string(policy().document()).unwrap()).unwrap();
    assert_eq!(document.body["policy"], parsed);

    let passwords = [
        "",
        "a",
        "password",
        "Password1",
        "correct horse battery staple",
        "Tr0ub4dor&3",
        "qwertyuiop123",
        "aaaaaaaaaaaaaaaa",
        "abcdefgh12345678",
        "Acme2024!Acme2024!",
        "RocketScience!99",
        "jonathan1987",
        "J0nathan.W1ck!",
        "emma@example.com",
        "Zebra-Quill-9-Harbor",
        "ünïcödé-Pässwörd-2024",
        "密码密码密码密码123",
        "Emoji🙂Password🙂42",
        "   spaces   around   ",
        "1234567890123",
        "P@ssw0rd!P@ssw0rd!",
        STRONG[0],
        STRONG[1],
        STRONG[2],
        STRONG[3],
    ];
    let mut count = 0;
    for (i, password) in passwords.iter().enumerate() {
        let candidate = Candidate {
            password: (*password).into(),
            username: Some("jwick".into()),
            email: Some("jonathan.wick@example.com".into()),
            display_name: Some("Jonathan Wick".into()),
            birth_date: Some("1987-05-13".into()),
            phone: (i % 3 == 0).then(|| "+1 555 010 9999".into()),
            current_password: (i % 4 == 0).then(|| "J0nathan.W1ck!".into()),
        };
        for locale in [Locale::En, Locale::ZhCn] {
            let mut body = json!({
                "candidate": {
                    "password": candidate.password,
                    "username": candidate.username,
                    "email": candidate.email,
                    "displayName": candidate.display_name,
                    "birthDate": candidate.birth_date,
                    "phone": candidate.phone,
                    "currentPassword": candidate.current_password,
                },
            });
            if locale == Locale::ZhCn {
                body["locale"] = json!("zh-CN");
            }
            let answer = tab.post("/api/policy/check", &body);
            assert_eq!(answer.status, 200, "{password}: {}", answer.text);
            let mut ours = answer.body.clone();
            let mut theirs = library_report(&candidate, locale);
            // zxcvbn's reading of a password is not a function of the password: it breaks ties
            // between equally likely readings (`12345678` as a sequence or as a common
            // password; any split once the guess count saturates at u64::MAX), and even picks
            // readings of different cost (`emma@example.com`: 10^12.05 or 10^12.34 guesses),
            // differently from call to call, within one process too. The reading decides
            // `sequence`, `feedback`, `guessesLog10` and `crackTimes`; those are left out. The
            // score and every rule's verdict must be equal.
            for report in [&mut ours, &mut theirs] {
                for field in ["sequence", "feedback", "guessesLog10", "crackTimes"] {
                    report["strength"][field] = Value::Null;
                }
            }
            assert_eq!(ours, theirs, "{password} ({locale})");
            assert_eq!(
                codes(&answer.body["pending"]),
                vec!["password.history.pending"]
            );
            count += 1;
        }
    }
    assert_eq!(count, 2 * passwords.len());

    // Misuse is an error with the library's code and a path inside the request.
    let long = tab.post(
        "/api/policy/check",
        &json!({ "candidate": { "password": "x".repeat(5000) } }),
    );
    assert_eq!(
        (long.status, error_code(&long)),
        (422, "candidate.too_long")
    );
    assert_eq!(long.body["error"]["path"], "candidate.password");
    let date = tab.post(
        "/api/policy/check",
        &json!({ "candidate": { "password": "x", "birthDate": "1987/05/13" } }),
    );
    assert_eq!((date.status, error_code(&date)), (422, "candidate.invalid"));
    assert_eq!(date.body["error"]["path"], "candidate.birthDate");
    let locale = tab.post(
        "/api/policy/check",
        &json!({ "candidate": { "password": "x" }, "locale": "fr" }),
    );
    assert_eq!(
        (locale.status, error_code(&locale)),
        (422, "locale.unsupported")
    );
    server.stop();
}

#[test]
fn failed_sign_ins_lock_the_account_and_unknown_names_alike() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();
    assert_eq!(tab.signup("frank", STRONG[0]).status, 201);
    tab.post("/api/logout", &json!({}));
    let max = policy().document().lockout.as_ref().unwrap().max_failures;
    assert_eq!(max, 5);

    for username in ["frank", "nobody-here"] {
        for attempt in 1..max {
            let refused = tab.login(username, "Wrong-Password-123");
            assert_eq!(
                refused.status, 401,
                "{username} #{attempt}: {}",
                refused.text
            );
            assert_eq!(refused.body["code"], "account.login.failed");
            assert_eq!(refused.body["message"], "Wrong username or password");
            assert_eq!(refused.body["lockout"]["remainingAttempts"], max - attempt);
            assert_eq!(refused.body["lockout"]["locked"], false);
        }
        let locked = tab.login(username, "Wrong-Password-123");
        assert_eq!(locked.status, 423, "{username}: {}", locked.text);
        assert_eq!(locked.body["code"], "account.lockout.locked");
        assert_eq!(locked.body["lockout"]["locked"], true);
        let until = locked.body["lockout"]["lockedUntil"].as_i64().unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let fifteen_minutes = 15 * 60 * 1000;
        assert!(
            (until - now - fifteen_minutes).abs() < 60_000,
            "{until} vs {now}"
        );
        assert!(
            locked.body["message"]
                .as_str()
                .unwrap()
                .contains("15 minutes"),
            "{}",
            locked.text
        );
    }
    // Locked: even the right password is refused, and no session starts.
    let locked = tab.login("frank", STRONG[0]);
    assert_eq!(locked.status, 423);
    assert!(tab.cookie.is_none());
    // Other accounts are not affected.
    let mut other = server.client();
    assert_eq!(other.signup("gina", STRONG[1]).status, 201);

    // After the lock (a restart 16 minutes later would do; a day later certainly), sign-in
    // works again and clears the failures.
    let output = server.stop();
    assert!(!output.contains("Wrong-Password-123"));
    let server = site.start_with(1);
    let mut tab = server.client();
    let login = tab.login("frank", STRONG[0]);
    assert_eq!(login.status, 200, "{}", login.text);
    assert_eq!(login.body["account"]["lockout"]["remainingAttempts"], max);
    server.stop();
}

#[test]
fn a_password_change_waits_for_the_minimum_age() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();
    assert_eq!(tab.signup("hana", STRONG[0]).status, 201);
    let change = json!({ "currentPassword": STRONG[0], "newPassword": STRONG[1] });

    let too_soon = tab.post("/api/account/password", &change);
    assert_eq!(too_soon.status, 409, "{}", too_soon.text);
    assert_eq!(too_soon.body["code"], "account.change.too_soon");
    assert_eq!(too_soon.body["expiry"]["canChange"], false);

    // Without a session: 401.
    let mut stranger = server.client();
    let anonymous = stranger.post("/api/account/password", &change);
    assert_eq!(
        (anonymous.status, error_code(&anonymous)),
        (401, "session.required")
    );
    server.stop();

    // Two days later the change is allowed.
    let server = site.start_with(2);
    let mut tab = server.client();
    assert_eq!(tab.login("hana", STRONG[0]).status, 200);
    let wrong = tab.post(
        "/api/account/password",
        &json!({ "currentPassword": "not-the-password", "newPassword": STRONG[1] }),
    );
    assert_eq!(wrong.status, 401, "{}", wrong.text);
    assert_eq!(wrong.body["code"], "account.login.failed");
    assert_eq!(wrong.body["lockout"]["remainingAttempts"], 4);

    let similar = tab.post(
        "/api/account/password",
        &json!({ "currentPassword": STRONG[0], "newPassword": format!("{}!", STRONG[0]) }),
    );
    assert_eq!(similar.status, 422, "{}", similar.text);
    assert!(
        codes(&similar.body["report"]["failed"])
            .contains(&"password.current.too_similar".to_string())
    );

    let changed = tab.post("/api/account/password", &change);
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["ok"], true);
    assert_eq!(changed.body["account"]["expiry"]["canChange"], false);
    assert_eq!(changed.body["account"]["lockout"]["remainingAttempts"], 5);
    let history = changed.body["report"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "history")
        .unwrap()
        .clone();
    assert_eq!(history["code"], "password.history.ok");
    tab.post("/api/logout", &json!({}));
    assert_eq!(tab.login("hana", STRONG[0]).status, 401);
    assert_eq!(tab.login("hana", STRONG[1]).status, 200);
    server.stop();
}

#[test]
fn a_recent_password_cannot_be_used_again() {
    let site = Site::new();
    let server = site.start();
    assert_eq!(server.client().signup("ivan", STRONG[0]).status, 201);
    server.stop();

    let server = site.start_with(2);
    let mut tab = server.client();
    assert_eq!(tab.login("ivan", STRONG[0]).status, 200);
    let changed = tab.post(
        "/api/account/password",
        &json!({ "currentPassword": STRONG[0], "newPassword": STRONG[1] }),
    );
    assert_eq!(changed.status, 200, "{}", changed.text);
    server.stop();

    let server = site.start_with(4);
    let mut tab = server.client();
    assert_eq!(tab.login("ivan", STRONG[1]).status, 200);
    let reused = tab.post(
        "/api/account/password",
        &json!({ "currentPassword": STRONG[1], "newPassword": STRONG[0], "locale": "zh-CN" }),
    );
    assert_eq!(reused.status, 422, "{}", reused.text);
    assert_eq!(reused.body["ok"], false);
    assert_eq!(
        codes(&reused.body["report"]["failed"]),
        vec!["password.history.reused"]
    );
    assert_eq!(reused.body["report"]["locale"], "zh-CN");
    // Everything else is the library's verdict for the same candidate.
    let mut library = library_report(
        &Candidate {
            password: STRONG[0].into(),
            username: Some("ivan".into()),
            current_password: Some(STRONG[1].into()),
            ..Candidate::default()
        },
        Locale::ZhCn,
    );
    let server_rules = reused.body["report"]["rules"].as_array().unwrap();
    let library_rules = library["rules"].as_array_mut().unwrap();
    for (ours, theirs) in server_rules.iter().zip(library_rules.iter()) {
        if theirs["rule"] != "history" {
            assert_eq!(ours, theirs);
        }
    }
    let fresh = tab.post(
        "/api/account/password",
        &json!({ "currentPassword": STRONG[1], "newPassword": STRONG[2] }),
    );
    assert_eq!(fresh.status, 200, "{}", fresh.text);
    server.stop();
}

#[test]
fn expiry_shows_in_the_account_view() {
    let site = Site::new();
    let server = site.start();
    assert_eq!(server.client().signup("jade", STRONG[0]).status, 201);
    server.stop();

    // 180 days of life, a warning in the last 14.
    let server = site.start_with(170);
    let mut tab = server.client();
    let login = tab.login("jade", STRONG[0]);
    assert_eq!(login.status, 200);
    assert_eq!(login.body["account"]["expiry"]["state"], "warning");
    assert_eq!(login.body["account"]["expiry"]["daysLeft"], 10);
    assert_eq!(
        tab.get("/api/session?locale=zh-CN").body["account"]["expiry"]["message"]["text"],
        "你的密码将在 10 天后过期，请尽快更改"
    );
    server.stop();

    // Expired: sign-in works, and the account says the password must change.
    let server = site.start_with(200);
    let mut tab = server.client();
    let login = tab.login("jade", STRONG[0]);
    assert_eq!(login.status, 200);
    assert_eq!(login.body["account"]["expiry"]["state"], "expired");
    assert_eq!(
        login.body["account"]["expiry"]["message"]["code"],
        "account.expiry.expired"
    );
    let changed = tab.post(
        "/api/account/password",
        &json!({ "currentPassword": STRONG[0], "newPassword": STRONG[1] }),
    );
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["account"]["expiry"]["state"], "ok");
    server.stop();
}

// ---------------------------------------------------------------------------------------------
// The access model.

#[test]
fn admin_endpoints_follow_the_access_model() {
    let site = Site::new();
    let server = site.start();
    let mut anonymous = server.client();
    let mut carol = server.client();
    let mut sam = server.client();
    let mut admin = server.client();
    assert_eq!(carol.signup("carol", STRONG[0]).status, 201);
    assert_eq!(sam.signup("sam", STRONG[1]).status, 201);
    let signup = admin.signup("admin", STRONG[2]);
    assert_eq!(signup.status, 201);
    assert_eq!(signup.body["account"]["roles"], json!(["admin"]));
    assert_eq!(signup.body["account"]["mfa"]["required"], true);
    assert_eq!(
        signup.body["account"]["mfa"]["becauseOfRoles"],
        json!(["admin"])
    );
    assert_eq!(signup.body["account"]["mfa"]["enrolled"], false);
    assert_eq!(
        signup.body["account"]["mfa"]["note"]["code"],
        "account.mfa.setup_needed"
    );
    // Without the second factor the model's endpoints refuse the admin.
    for path in [
        "/api/access/model",
        "/api/access/changelog",
        "/api/access/audit",
    ] {
        let refused = admin.get(path);
        assert_eq!(
            (refused.status, error_code(&refused)),
            (403, "account.mfa.required"),
            "{path}: {}",
            refused.text
        );
        assert!(
            refused.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("set it up"),
            "{}",
            refused.text
        );
    }
    admin.enroll();

    for path in [
        "/api/access/model",
        "/api/access/changelog",
        "/api/access/audit",
    ] {
        let answer = anonymous.get(path);
        assert_eq!(
            (answer.status, error_code(&answer)),
            (401, "session.required"),
            "{path}"
        );
        for (tab, code) in [
            (&mut carol, "access.denied.unknown_user"),
            (&mut sam, "access.denied.no_grant"),
        ] {
            let refused = tab.get(path);
            assert_eq!(refused.status, 403, "{path}: {}", refused.text);
            assert_eq!(error_code(&refused), code, "{path}");
            assert_eq!(refused.body["decision"]["allowed"], false);
            assert_eq!(refused.body["decision"]["code"], code);
        }
        let allowed = admin.get(path);
        assert_eq!(allowed.status, 200, "{path}: {}", allowed.text);
    }
    let model = admin.get("/api/access/model");
    assert_eq!(model.body["version"], 1);
    let put = json!({ "model": model.body["model"], "reason": "no-op",
                      "baseFingerprint": model.body["fingerprint"] });
    let refused = sam.put("/api/access/model", &put);
    assert_eq!(
        (refused.status, error_code(&refused)),
        (403, "access.denied.no_grant")
    );

    // Decisions: one's own without asking; someone else's needs `read` on the model.
    let own = sam.post(
        "/api/access/check",
        &json!({ "action": "update", "resource": "customers" }),
    );
    assert_eq!(own.status, 200, "{}", own.text);
    assert_eq!(own.body["allowed"], true);
    assert_eq!(own.body["explanation"]["path"], json!(["sam", "support"]));
    let nosy = sam.post(
        "/api/access/check",
        &json!({ "user": "ari", "action": "approve", "resource": "invoices" }),
    );
    assert_eq!(
        (nosy.status, error_code(&nosy)),
        (403, "access.denied.no_grant")
    );
    let checked = admin.post(
        "/api/access/check",
        &json!({ "user": "ari", "action": "approve", "resource": "invoices" }),
    );
    assert_eq!(checked.status, 200);
    // Ari's grant needs a recent second factor; the admin's session speaks for the admin only.
    assert_eq!(checked.body["code"], "access.denied.condition");
    assert_eq!(checked.body["explanation"]["failedCondition"], "mfa");
    let forged = admin.post(
        "/api/access/check",
        &json!({ "user": "ari", "action": "approve", "resource": "invoices",
                 "context": { "mfaAt": 0 } }),
    );
    assert_eq!((forged.status, error_code(&forged)), (422, "input.invalid"));
    assert_eq!(forged.body["error"]["path"], "context.mfaAt");

    let audit = admin.get("/api/access/audit?locale=zh-CN");
    let findings = audit.body["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["code"] == "audit.sod_violation"));
    server.stop();
}

// ---------------------------------------------------------------------------------------------
// The second factor.

#[test]
fn a_second_factor_is_set_up_then_asked_for_at_every_sign_in() {
    let site = Site::new();
    let server = site.start();
    let mut anonymous = server.client();
    let refused = anonymous.post("/api/account/mfa", &json!({}));
    assert_eq!(
        (refused.status, error_code(&refused)),
        (401, "session.required")
    );
    let mut tab = server.client();
    assert_eq!(tab.signup("dora", STRONG[0]).status, 201);
    let max = policy().document().lockout.as_ref().unwrap().max_failures;

    let early = tab.post("/api/account/mfa/confirm", &json!({ "code": "123456" }));
    assert_eq!(
        (early.status, error_code(&early)),
        (409, "account.mfa.not_started")
    );
    let first = tab.post("/api/account/mfa", &json!({}));
    assert_eq!(first.status, 200, "{}", first.text);
    // A set-up that waits is replaced by a new one.
    let setup = tab.post("/api/account/mfa", &json!({ "locale": "zh-CN" }));
    assert_eq!(setup.status, 200, "{}", setup.text);
    let secret = setup.body["secret"].as_str().unwrap();
    assert_ne!(first.body["secret"].as_str().unwrap(), secret);
    assert_eq!(secret.len(), 32, "160 bits in base32");
    assert_eq!(setup.body["issuer"], "account-rules demo");
    assert_eq!(setup.body["account"], "dora");
    assert_eq!(
        setup.body["otpauthUri"],
        format!(
            "otpauth://totp/account-rules%20demo:dora?secret={secret}&issuer=account-rules%20demo&algorithm=SHA1&digits=6&period=30"
        )
    );
    let factor = Authenticator::new(secret);
    let stale = Authenticator::new(first.body["secret"].as_str().unwrap());

    // A wrong code (here: the replaced secret's) counts as a failed sign-in.
    let wrong = tab.post("/api/account/mfa/confirm", &json!({ "code": stale.code() }));
    assert_eq!(wrong.status, 401, "{}", wrong.text);
    assert_eq!(wrong.body["code"], "account.mfa.code_invalid");
    assert_eq!(wrong.body["lockout"]["remainingAttempts"], max - 1);
    let confirmed = tab.post(
        "/api/account/mfa/confirm",
        &json!({ "code": factor.code(), "locale": "zh-CN" }),
    );
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    assert_eq!(confirmed.body["account"]["mfa"]["enrolled"], true);
    assert_eq!(confirmed.body["account"]["mfa"]["sessionVerified"], true);
    let again = tab.post("/api/account/mfa", &json!({}));
    assert_eq!(
        (again.status, error_code(&again)),
        (409, "account.mfa.already_enrolled")
    );
    assert_eq!(
        again.body["error"]["message"],
        "A second factor is already set up for this account"
    );
    let again = tab.post(
        "/api/account/mfa/confirm",
        &json!({ "code": factor.code_at(factor.last.get()) }),
    );
    assert_eq!(
        (again.status, error_code(&again)),
        (409, "account.mfa.already_enrolled")
    );
    let session = tab.get("/api/session");
    assert_eq!(session.body["account"]["mfa"]["enrolled"], true);
    assert_eq!(session.body["account"]["mfa"]["sessionVerified"], true);
    tab.post("/api/logout", &json!({}));

    // The password alone is not enough now, and asking for the code is no failure.
    let asked = tab.login("dora", STRONG[0]);
    assert_eq!(asked.status, 401, "{}", asked.text);
    assert_eq!(asked.body["code"], "account.mfa.code_required");
    assert_eq!(
        asked.body["message"],
        "Enter the 6-digit code from your authenticator app"
    );
    assert!(tab.cookie.is_none());
    let asked = tab.post(
        "/api/login",
        &json!({ "username": "dora", "password": STRONG[0], "locale": "zh-CN" }),
    );
    assert_eq!(asked.body["message"], "请输入验证器应用中的 6 位验证码");
    // A wrong code, and a code already used (the confirmation's), count as failures.
    let wrong = tab.post(
        "/api/login",
        &json!({ "username": "dora", "password": STRONG[0], "otp": factor.wrong_code() }),
    );
    assert_eq!(wrong.status, 401, "{}", wrong.text);
    assert_eq!(wrong.body["code"], "account.mfa.code_invalid");
    assert_eq!(wrong.body["lockout"]["remainingAttempts"], max - 2);
    let replayed = tab.post(
        "/api/login",
        &json!({ "username": "dora", "password": STRONG[0], "otp": factor.code_at(factor.last.get()) }),
    );
    assert_eq!(replayed.status, 401, "{}", replayed.text);
    assert_eq!(replayed.body["code"], "account.mfa.code_invalid");
    assert_eq!(replayed.body["lockout"]["remainingAttempts"], max - 3);
    assert!(tab.cookie.is_none());
    // A wrong password with a right code is a wrong password.
    let code = factor.code();
    let wrong = tab.post(
        "/api/login",
        &json!({ "username": "dora", "password": STRONG[1], "otp": code }),
    );
    assert_eq!(wrong.body["code"], "account.login.failed");
    let login = tab.post(
        "/api/login",
        &json!({ "username": "dora", "password": STRONG[0], "otp": code }),
    );
    assert_eq!(login.status, 200, "{}", login.text);
    assert_eq!(login.body["account"]["mfa"]["sessionVerified"], true);
    assert_eq!(login.body["account"]["lockout"]["remainingAttempts"], max);
    // That code is spent: another sign-in with it is refused.
    let mut other = server.client();
    let replayed = other.post(
        "/api/login",
        &json!({ "username": "dora", "password": STRONG[0], "otp": code }),
    );
    assert_eq!(
        replayed.body["code"], "account.mfa.code_invalid",
        "{}",
        replayed.text
    );

    // Wrong codes lock the account like wrong passwords; then even a right code is refused.
    for attempt in 2..max {
        let wrong = other.post(
            "/api/login",
            &json!({ "username": "dora", "password": STRONG[0], "otp": factor.wrong_code() }),
        );
        assert_eq!(wrong.status, 401, "#{attempt}: {}", wrong.text);
        assert_eq!(wrong.body["lockout"]["remainingAttempts"], max - attempt);
    }
    let locked = other.post(
        "/api/login",
        &json!({ "username": "dora", "password": STRONG[0], "otp": factor.wrong_code() }),
    );
    assert_eq!(locked.status, 423, "{}", locked.text);
    assert_eq!(locked.body["code"], "account.lockout.locked");
    let locked = other.login_with("dora", STRONG[0], &factor);
    assert_eq!(locked.status, 423, "{}", locked.text);
    assert!(other.cookie.is_none());
    let output = server.stop();
    assert!(!output.contains(secret), "the secret is never printed");
}

#[test]
fn the_admin_needs_the_second_factor_for_the_models_endpoints() {
    let site = Site::new();
    let server = site.start();
    let mut admin = server.client();
    let mut elsewhere = server.client();
    assert_eq!(admin.signup("admin", STRONG[0]).status, 201);
    assert_eq!(elsewhere.login("admin", STRONG[0]).status, 200);
    let model = admin.get("/api/access/model?locale=zh-CN");
    assert_eq!(
        (model.status, error_code(&model)),
        (403, "account.mfa.required")
    );
    assert_eq!(
        model.body["error"]["message"],
        "此账户需要第二重验证：请在账户页面设置"
    );
    assert_eq!(model.body["mfa"]["enrolled"], false);
    let put = admin.put(
        "/api/access/model",
        &json!({ "model": access_document(), "reason": "Try", "baseFingerprint": "sha256:0" }),
    );
    assert_eq!(
        (put.status, error_code(&put)),
        (403, "account.mfa.required")
    );
    let nosy = admin.post(
        "/api/access/check",
        &json!({ "user": "sam", "action": "read", "resource": "customers" }),
    );
    assert_eq!(
        (nosy.status, error_code(&nosy)),
        (403, "account.mfa.required")
    );
    // One's own decisions need no model access: answered, with the session's mfaAt.
    let own = admin.post(
        "/api/access/check",
        &json!({ "action": "read", "resource": "customers" }),
    );
    assert_eq!(own.status, 200, "{}", own.text);

    admin.enroll();
    for path in [
        "/api/access/model",
        "/api/access/changelog",
        "/api/access/audit",
    ] {
        let allowed = admin.get(path);
        assert_eq!(allowed.status, 200, "{path}: {}", allowed.text);
        // A session signed in before the set-up has not used the second factor.
        let refused = elsewhere.get(path);
        assert_eq!(
            (refused.status, error_code(&refused)),
            (403, "account.mfa.required"),
            "{path}"
        );
        assert_eq!(refused.body["mfa"]["enrolled"], true);
        assert!(
            refused.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("sign in again"),
            "{}",
            refused.text
        );
    }
    let view = elsewhere.get("/api/session");
    assert_eq!(view.body["account"]["mfa"]["enrolled"], true);
    assert_eq!(view.body["account"]["mfa"]["sessionVerified"], false);
    assert_eq!(
        view.body["account"]["mfa"]["note"]["code"],
        "account.mfa.verify_needed"
    );
    let nosy = admin.post(
        "/api/access/check",
        &json!({ "user": "sam", "action": "read", "resource": "customers" }),
    );
    assert_eq!(nosy.status, 200, "{}", nosy.text);
    server.stop();
}

#[test]
fn a_grant_that_needs_a_recent_second_factor_follows_the_session() {
    let site = Site::new();
    let server = site.start();
    let mut ari = server.client();
    let mut elsewhere = server.client();
    let signup = ari.signup("ari", STRONG[0]);
    assert_eq!(signup.status, 201);
    // The policy asks it of admins only; the model marks `approver` as needing it.
    assert_eq!(
        signup.body["account"]["roles"],
        json!(["billing", "approver"])
    );
    assert_eq!(signup.body["account"]["mfa"]["required"], true);
    assert_eq!(
        signup.body["account"]["mfa"]["becauseOfRoles"],
        json!(["approver"])
    );
    assert_eq!(
        signup.body["account"]["mfa"]["message"]["code"],
        "account.mfa.required"
    );
    assert_eq!(elsewhere.login("ari", STRONG[0]).status, 200);
    let approve = json!({ "action": "approve", "resource": "invoices" });
    let refused = ari.post("/api/access/check", &approve);
    assert_eq!(refused.status, 200);
    assert_eq!(refused.body["allowed"], false);
    assert_eq!(refused.body["code"], "access.denied.condition");
    assert_eq!(refused.body["explanation"]["failedCondition"], "mfa");
    let model = ari.get("/api/access/model");
    assert_eq!(
        (model.status, error_code(&model)),
        (403, "account.mfa.required")
    );

    ari.enroll();
    let allowed = ari.post("/api/access/check", &approve);
    assert_eq!(allowed.status, 200);
    assert_eq!(allowed.body["allowed"], true, "{}", allowed.text);
    // Another session of ari's, signed in without the code, is still refused.
    let refused = elsewhere.post("/api/access/check", &approve);
    assert_eq!(refused.body["allowed"], false);
    assert_eq!(refused.body["explanation"]["failedCondition"], "mfa");
    // Verified, ari reaches the model's endpoints, and the model refuses them.
    let model = ari.get("/api/access/model");
    assert_eq!(
        (model.status, error_code(&model)),
        (403, "access.denied.no_grant")
    );
    server.stop();
}

#[test]
fn a_database_of_schema_version_1_is_brought_up_to_date() {
    let site = Site::new();
    let server = site.start();
    assert_eq!(server.client().signup("erin", STRONG[0]).status, 201);
    server.stop();
    {
        let db = rusqlite::Connection::open(&site.db).unwrap();
        db.execute_batch(
            "DROP TABLE second_factors;
             ALTER TABLE sessions DROP COLUMN mfa_at;
             UPDATE meta SET value = '1' WHERE key = 'schema_version';",
        )
        .unwrap();
    }
    let server = site.start();
    let mut tab = server.client();
    assert_eq!(tab.login("erin", STRONG[0]).status, 200);
    tab.enroll();
    server.stop();
    let db = rusqlite::Connection::open(&site.db).unwrap();
    let version: String = db
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, "2");
}

#[test]
fn model_edits_are_checked_logged_and_kept() {
    let site = Site::new();
    let server = site.start();
    let mut admin = server.client();
    let mut carol = server.client();
    assert_eq!(admin.signup("admin", STRONG[0]).status, 201);
    let factor = admin.enroll();
    assert_eq!(carol.signup("carol", STRONG[1]).status, 201);
    let before = admin.get("/api/access/model");
    let base = before.body["fingerprint"].as_str().unwrap().to_string();
    assert_eq!(before.body["model"]["name"], access_document()["name"]);

    // Carol becomes an auditor.
    let mut edited = before.body["model"].clone();
    edited["users"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "carol", "roles": ["auditor"] }));
    let saved = admin.put(
        "/api/access/model",
        &json!({ "model": edited, "reason": "Carol joins internal audit", "baseFingerprint": base }),
    );
    assert_eq!(saved.status, 200, "{}", saved.text);
    assert_eq!(saved.body["version"], 2);
    assert_ne!(saved.body["fingerprint"], base.as_str());
    let kinds: Vec<&str> = saved.body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["userAdded", "assignmentAdded"]);
    let entry = &saved.body["entry"];
    assert_eq!(entry["seq"], 0);
    assert_eq!(entry["actor"], "admin");
    assert_eq!(entry["reason"], "Carol joins internal audit");
    assert!(entry["at"].as_i64().unwrap() > 1_700_000_000_000);
    let fingerprint = saved.body["fingerprint"].as_str().unwrap().to_string();
    // The entry ties the log to the model: the version it produced, the fingerprints before
    // and after, and the changes.
    assert_eq!(
        entry["changes"],
        json!({ "version": 2, "from": base, "to": fingerprint, "changes": saved.body["changes"] })
    );

    // The model in force changed: Carol's roles and permissions follow.
    assert_eq!(
        carol.get("/api/session").body["account"]["roles"],
        json!(["auditor"])
    );
    let log = carol.get("/api/access/changelog");
    assert_eq!(log.status, 200, "{}", log.text);
    assert_eq!(
        log.body["verification"],
        json!({ "ok": true, "entries": 1 })
    );
    assert_eq!(log.body["head"], entry["hash"]);
    assert_eq!(log.body["entries"][0], *entry);

    // A stale base, an invalid model, no change, no reason: refused, nothing changes.
    let stale = admin.put(
        "/api/access/model",
        &json!({ "model": before.body["model"], "reason": "undo", "baseFingerprint": base }),
    );
    assert_eq!(
        (stale.status, error_code(&stale)),
        (409, "access.model.stale")
    );
    let mut invalid = edited.clone();
    invalid["grants"][0]["role"] = json!("nobody");
    let refused = admin.put(
        "/api/access/model",
        &json!({ "model": invalid, "reason": "typo", "baseFingerprint": fingerprint }),
    );
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(error_code(&refused), "access.model.unknown_reference");
    assert_eq!(refused.body["error"]["path"], "model.grants[0].role");
    let mut cyclic = edited.clone();
    cyclic["roles"][0]["parents"] = json!(["admin"]);
    let refused = admin.put(
        "/api/access/model",
        &json!({ "model": cyclic, "reason": "loop", "baseFingerprint": fingerprint }),
    );
    assert_eq!(error_code(&refused), "access.model.role_cycle");
    assert!(
        refused.body["error"]["path"]
            .as_str()
            .unwrap()
            .starts_with("model.")
    );
    let mut shapeless = edited.clone();
    shapeless["roles"][0]["colour"] = json!("red");
    let refused = admin.put(
        "/api/access/model",
        &json!({ "model": shapeless, "reason": "colour", "baseFingerprint": fingerprint }),
    );
    assert_eq!(
        (refused.status, error_code(&refused)),
        (422, "access.model.invalid")
    );
    assert_eq!(refused.body["error"]["path"], "model.roles[0].colour");
    let unchanged = admin.put(
        "/api/access/model",
        &json!({ "model": edited, "reason": "again", "baseFingerprint": fingerprint }),
    );
    assert_eq!(
        (unchanged.status, error_code(&unchanged)),
        (422, "access.model.unchanged")
    );
    let mut renamed = edited.clone();
    renamed["name"] = json!("renamed");
    let reasonless = admin.put(
        "/api/access/model",
        &json!({ "model": renamed, "reason": "  ", "baseFingerprint": fingerprint }),
    );
    assert_eq!(
        (reasonless.status, error_code(&reasonless)),
        (422, "changelog.invalid")
    );
    let current = admin.get("/api/access/model");
    assert_eq!(current.body["version"], 2);
    assert_eq!(current.body["fingerprint"], fingerprint.as_str());
    assert_eq!(
        admin.get("/api/access/changelog").body["entries"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    server.stop();

    // A restart keeps accounts, the model and its log.
    let server = site.start();
    let mut admin = server.client();
    assert_eq!(admin.login_with("admin", STRONG[0], &factor).status, 200);
    let current = admin.get("/api/access/model");
    assert_eq!(current.body["version"], 2);
    assert_eq!(current.body["fingerprint"], fingerprint.as_str());
    let log = admin.get("/api/access/changelog");
    assert_eq!(
        log.body["verification"],
        json!({ "ok": true, "entries": 1 })
    );
    assert_eq!(log.body["entries"][0], *entry);
    let mut carol = server.client();
    let login = carol.login("carol", STRONG[1]);
    assert_eq!(login.body["account"]["roles"], json!(["auditor"]));

    // A second edit chains to the first.
    let again = admin.put(
        "/api/access/model",
        &json!({ "model": renamed, "reason": "A clearer name", "baseFingerprint": fingerprint }),
    );
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["version"], 3);
    assert_eq!(again.body["entry"]["seq"], 1);
    assert_eq!(again.body["entry"]["prevHash"], entry["hash"]);
    assert_eq!(again.body["entry"]["changes"]["version"], 3);
    assert_eq!(again.body["entry"]["changes"]["from"], fingerprint.as_str());
    assert_eq!(
        again.body["entry"]["changes"]["to"],
        again.body["fingerprint"]
    );
    server.stop();
}

#[test]
fn a_tampered_change_log_is_reported_and_blocks_edits() {
    let (site, _, factor) = site_with_one_edit();
    {
        let db = rusqlite::Connection::open(&site.db).unwrap();
        let changed = db
            .execute(
                "UPDATE change_log SET reason = 'Nothing to see here' WHERE seq = 0",
                [],
            )
            .unwrap();
        assert_eq!(changed, 1);
    }

    let server = site.start();
    let mut admin = server.client();
    assert_eq!(admin.login_with("admin", STRONG[0], &factor).status, 200);
    let log = admin.get("/api/access/changelog");
    assert_eq!(
        (log.status, error_code(&log)),
        (409, "changelog.tampered"),
        "{}",
        log.text
    );
    assert_eq!(log.body["verification"]["ok"], false);
    assert_eq!(log.body["verification"]["code"], "changelog.tampered");
    assert_eq!(log.body["verification"]["path"], "entries[0].hash");
    assert_model_refused(&mut admin, "changelog.tampered");
    let output = server.stop();
    assert!(output.contains("changelog.tampered"), "{output}");
}

/// Every endpoint guarded by the model answers 409 `code` (the model is not enforced); the
/// account's own endpoints keep working.
fn assert_model_refused(tab: &mut Client, code: &str) {
    let model = tab.get("/api/access/model");
    assert_eq!(
        (model.status, error_code(&model)),
        (409, code),
        "{}",
        model.text
    );
    let edit = tab.put(
        "/api/access/model",
        &json!({ "model": access_document(), "reason": "Try", "baseFingerprint": "sha256:0" }),
    );
    assert_eq!(
        (edit.status, error_code(&edit)),
        (409, code),
        "{}",
        edit.text
    );
    let log = tab.get("/api/access/changelog");
    assert_eq!((log.status, error_code(&log)), (409, code), "{}", log.text);
    assert_eq!(log.body["verification"]["ok"], false);
    assert_eq!(log.body["verification"]["code"], code);
    assert!(log.body.get("entries").is_none());
    let audit = tab.get("/api/access/audit");
    assert_eq!(
        (audit.status, error_code(&audit)),
        (409, code),
        "{}",
        audit.text
    );
    let check = tab.post(
        "/api/access/check",
        &json!({ "action": "read", "resource": "reports" }),
    );
    assert_eq!(
        (check.status, error_code(&check)),
        (409, code),
        "{}",
        check.text
    );
    let session = tab.get("/api/session");
    assert_eq!(session.status, 200);
    assert!(session.body["account"]["username"].is_string());
}

/// Signs up `admin` with a second factor, saves one edit of the model (version 2) and stops
/// the server.
fn site_with_one_edit() -> (Site, Value, Authenticator) {
    let site = Site::new();
    let server = site.start();
    let mut admin = server.client();
    assert_eq!(admin.signup("admin", STRONG[0]).status, 201);
    let factor = admin.enroll();
    let model = admin.get("/api/access/model");
    let mut edited = model.body["model"].clone();
    edited["name"] = json!("demo, edited");
    let saved = admin.put(
        "/api/access/model",
        &json!({ "model": edited, "reason": "Rename", "baseFingerprint": model.body["fingerprint"] }),
    );
    assert_eq!(saved.status, 200, "{}", saved.text);
    server.stop();
    (site, saved.body, factor)
}

#[test]
fn a_model_changed_without_a_log_entry_is_detected_and_not_enforced() {
    // A writer of the file gives `sam` the admin role in the stored version 2: the log has no
    // entry for it, so the fingerprints no longer match.
    let (site, saved, factor) = site_with_one_edit();
    {
        let db = rusqlite::Connection::open(&site.db).unwrap();
        let document: String = db
            .query_row(
                "SELECT document FROM access_models WHERE version = 2",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let mut document: Value = serde_json::from_str(&document).unwrap();
        document["users"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "id": "sam2", "roles": ["admin"] }));
        let changed = db
            .execute(
                "UPDATE access_models SET document = ?1 WHERE version = 2",
                [document.to_string()],
            )
            .unwrap();
        assert_eq!(changed, 1);
    }
    let server = site.start();
    let mut admin = server.client();
    assert_eq!(admin.login_with("admin", STRONG[0], &factor).status, 200);
    let log = admin.get("/api/access/changelog");
    assert_eq!(log.body["verification"]["path"], "entries[0].changes.to");
    assert_model_refused(&mut admin, "changelog.model_mismatch");
    // The pages that need no model keep working.
    let mut sam = server.client();
    let signup = sam.signup("sam2", STRONG[1]);
    assert_eq!(signup.status, 201, "{}", signup.text);
    assert_eq!(signup.body["account"]["roles"], json!([]));
    assert_model_refused(&mut sam, "changelog.model_mismatch");
    let output = server.stop();
    assert!(output.contains("changelog.model_mismatch"), "{output}");

    // The log is never rewritten to fit: still refused after another restart.
    let server = site.start();
    let mut admin = server.client();
    assert_eq!(admin.login_with("admin", STRONG[0], &factor).status, 200);
    assert_model_refused(&mut admin, "changelog.model_mismatch");
    server.stop();

    // Deleting the newest version (back to the seed, which the log says was changed).
    let (site, _, factor) = site_with_one_edit();
    {
        let db = rusqlite::Connection::open(&site.db).unwrap();
        assert_eq!(
            db.execute("DELETE FROM access_models WHERE version = 2", [])
                .unwrap(),
            1
        );
    }
    let server = site.start();
    let mut admin = server.client();
    assert_eq!(admin.login_with("admin", STRONG[0], &factor).status, 200);
    let log = admin.get("/api/access/changelog");
    assert_eq!(log.body["verification"]["path"], "entries");
    assert_model_refused(&mut admin, "changelog.model_mismatch");
    server.stop();

    // A version 1 changed under a log that has entries: its `from` no longer matches, and the
    // seed is not taken from access.json again.
    let (site, _, factor) = site_with_one_edit();
    {
        let db = rusqlite::Connection::open(&site.db).unwrap();
        let document: String = db
            .query_row(
                "SELECT document FROM access_models WHERE version = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let mut document: Value = serde_json::from_str(&document).unwrap();
        document["name"] = json!("someone else's");
        db.execute(
            "UPDATE access_models SET document = ?1 WHERE version = 1",
            [document.to_string()],
        )
        .unwrap();
    }
    let server = site.start();
    let mut admin = server.client();
    assert_eq!(admin.login_with("admin", STRONG[0], &factor).status, 200);
    let log = admin.get("/api/access/changelog");
    assert_eq!(log.body["verification"]["path"], "entries[0].changes.from");
    assert_model_refused(&mut admin, "changelog.model_mismatch");
    server.stop();
    assert_eq!(saved["version"], 2);
}

#[test]
fn before_the_first_edit_the_model_is_access_json() {
    let site = Site::new();
    let server = site.start();
    let mut admin = server.client();
    assert_eq!(admin.signup("admin", STRONG[0]).status, 201);
    let factor = admin.enroll();
    let seed = admin.get("/api/access/model");
    assert_eq!(seed.body["version"], 1);
    server.stop();
    // Version 1 changed (or a version 2 added) while the log is empty: nothing was recorded,
    // so the model is taken from access.json again.
    {
        let db = rusqlite::Connection::open(&site.db).unwrap();
        db.execute(
            "UPDATE access_models SET document = replace(document, '\"admin\"', '\"sam\"')",
            [],
        )
        .unwrap();
        db.execute(
            "INSERT INTO access_models (version, document, fingerprint, created_at)
             SELECT 2, document, fingerprint, created_at FROM access_models WHERE version = 1",
            [],
        )
        .unwrap();
    }
    let server = site.start();
    let mut admin = server.client();
    assert_eq!(admin.login_with("admin", STRONG[0], &factor).status, 200);
    let model = admin.get("/api/access/model");
    assert_eq!(model.status, 200, "{}", model.text);
    assert_eq!(model.body["version"], 1);
    assert_eq!(model.body["fingerprint"], seed.body["fingerprint"]);
    let log = admin.get("/api/access/changelog");
    assert_eq!(
        log.body["verification"],
        json!({ "ok": true, "entries": 0 })
    );
    server.stop();
}

// ---------------------------------------------------------------------------------------------
// HTTP.

#[test]
fn bad_requests_are_refused_with_codes() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();

    let syntax = tab.request(
        "POST",
        "/api/login",
        Some(b"{\"username\": "),
        Some("application/json"),
    );
    assert_eq!((syntax.status, error_code(&syntax)), (400, "input.syntax"));
    let unknown = tab.post(
        "/api/signup",
        &json!({ "username": "kim", "password": STRONG[0], "nickname": "k" }),
    );
    assert_eq!(
        (unknown.status, error_code(&unknown)),
        (422, "input.invalid")
    );
    assert_eq!(unknown.body["error"]["path"], "nickname");
    let nested = tab.post(
        "/api/policy/check",
        &json!({ "candidate": { "password": "x", "pet": "rex" } }),
    );
    assert_eq!((nested.status, error_code(&nested)), (422, "input.invalid"));
    assert_eq!(nested.body["error"]["path"], "candidate.pet");
    let wrong_type = tab.post("/api/login", &json!({ "username": 7, "password": "x" }));
    assert_eq!(
        (wrong_type.status, error_code(&wrong_type)),
        (422, "input.invalid")
    );
    assert_eq!(wrong_type.body["error"]["path"], "username");
    // A password sent with the wrong type is not echoed back in the message.
    let numeric = tab.post(
        "/api/login",
        &json!({ "username": "kim", "password": 73_519_842_066_u64 }),
    );
    assert_eq!(
        (numeric.status, error_code(&numeric)),
        (422, "input.invalid")
    );
    assert_eq!(numeric.body["error"]["path"], "password");
    assert_eq!(
        numeric.body["error"]["message"],
        "invalid type: integer, expected a string"
    );
    assert!(!numeric.text.contains("73519842066"), "{}", numeric.text);
    let missing = tab.post("/api/login", &json!({ "username": "kim" }));
    assert_eq!(
        (missing.status, error_code(&missing)),
        (422, "input.invalid")
    );

    let huge = json!({ "candidate": { "password": "x", "displayName": "y".repeat(70 * 1024) } })
        .to_string();
    let too_large = tab.request(
        "POST",
        "/api/policy/check",
        Some(huge.as_bytes()),
        Some("application/json"),
    );
    assert_eq!(
        (too_large.status, error_code(&too_large)),
        (413, "input.too_large")
    );

    let body = json!({ "username": "kim", "password": STRONG[0] }).to_string();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let refused = tab.request("POST", "/api/signup", Some(body.as_bytes()), content_type);
        assert_eq!(
            (refused.status, error_code(&refused)),
            (415, "input.content_type"),
            "{content_type:?}"
        );
    }
    let charset = tab.request(
        "POST",
        "/api/policy/check",
        Some(b"{\"candidate\":{\"password\":\"x\"}}"),
        Some("application/json; charset=utf-8"),
    );
    assert_eq!(charset.status, 200);

    let locale = tab.post(
        "/api/login",
        &json!({ "username": "kim", "password": "x", "locale": "fr" }),
    );
    assert_eq!(
        (locale.status, error_code(&locale)),
        (422, "locale.unsupported")
    );
    assert_eq!(locale.body["error"]["path"], "locale");

    let missing = tab.get("/api/nothing-here");
    assert_eq!(
        (missing.status, error_code(&missing)),
        (404, "api.not_found")
    );
    let method = tab.request("DELETE", "/api/login", None, None);
    assert_eq!(
        (method.status, error_code(&method)),
        (405, "api.method_not_allowed")
    );

    // Every answer carries the demo's headers, errors included.
    for answer in [&syntax, &too_large, &missing, &method] {
        assert_eq!(answer.headers["x-content-type-options"], "nosniff");
        assert!(
            answer.headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
    }
    server.stop();
}

#[test]
fn files_are_served_from_www_and_nowhere_else() {
    let site = Site::new();
    // A copy of the documents plus a file outside, reachable only through a symbolic link.
    let www = site.dir.path().join("www");
    std::fs::create_dir_all(www.join("sub")).unwrap();
    for name in ["policy.json", "access.json", "index.html"] {
        std::fs::copy(Path::new(ROOT).join("www").join(name), www.join(name)).unwrap();
    }
    std::fs::write(site.dir.path().join("secret.txt"), "top secret").unwrap();
    std::os::unix::fs::symlink(site.dir.path().join("secret.txt"), www.join("link.txt")).unwrap();
    std::fs::write(www.join("sub").join("page.css"), "body{}").unwrap();
    // Never served: the model (read through the API), dotfiles, unknown types.
    std::fs::write(www.join(".env.json"), "{\"secret\": \"top secret\"}").unwrap();
    std::fs::create_dir_all(www.join(".git")).unwrap();
    std::fs::write(www.join(".git").join("config.js"), "top secret").unwrap();
    std::fs::write(www.join("notes.txt"), "top secret").unwrap();
    std::fs::write(www.join("backup.sqlite3"), "top secret").unwrap();
    std::os::unix::fs::symlink(www.join("access.json"), www.join("model.json")).unwrap();
    let server = Server::start(&site.db, &www, &site.dir.path().join("pkg"), 0);
    let mut tab = server.client();

    let index = tab.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(index.headers["content-type"], "text/html; charset=utf-8");
    assert!(index.text.contains("<html"));
    assert_eq!(index.headers["cache-control"], "no-cache");
    assert_eq!(
        index.headers["content-security-policy"],
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    assert_eq!(tab.get("/index.html").text, index.text);
    let css = tab.get("/sub/page.css");
    assert_eq!(
        (css.status, css.headers["content-type"].to_str().unwrap()),
        (200, "text/css; charset=utf-8")
    );
    assert_eq!(
        tab.get("/policy.json").headers["content-type"],
        "application/json"
    );
    let head = tab.request("HEAD", "/", None, None);
    assert_eq!((head.status, head.text.as_str()), (200, ""));

    for path in [
        "/link.txt",
        "/sub/",
        "/sub",
        "/missing.html",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/index.html%00",
        "/pkg/",
        "/pkg/../Cargo.toml",
        "/pkg/%2e%2e/Cargo.toml",
        "/access.json",
        "/ACCESS.JSON",
        "/sub/../access.json",
        "/%61ccess.json",
        "/model.json",
        "/.env.json",
        "/.git/config.js",
        "/notes.txt",
        "/backup.sqlite3",
        "/pkg/web/account_rules.d.ts",
        "/pkg/bundler/.gitignore",
        "/pkg/package.json/",
    ] {
        let refused = tab.get(path);
        assert!(
            refused.status == 404 || refused.status == 400,
            "{path}: {} {}",
            refused.status,
            refused.text
        );
        assert!(!refused.text.contains("top secret"), "{path}");
        assert!(!refused.text.contains("[package]"), "{path}");
        assert!(!refused.text.contains("\"grants\""), "{path}");
    }
    let wasm = tab.get("/pkg/web/account_rules.js");
    assert_eq!(wasm.status, 200);
    let post = tab.request("POST", "/index.html", Some(b"{}"), Some("application/json"));
    assert_eq!(post.status, 405);
    assert_eq!(post.headers["allow"], "GET, HEAD");
    server.stop();
}

#[test]
fn passwords_never_reach_the_output_or_the_database() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();
    let secrets = [
        STRONG[0],
        STRONG[1],
        "Wrong-Guess-4711",
        "Checked-Only-8813!",
    ];
    assert_eq!(tab.signup("lena", secrets[0]).status, 201);
    tab.post("/api/logout", &json!({}));
    assert_eq!(tab.login("lena", secrets[2]).status, 401);
    assert_eq!(tab.login("nobody", secrets[2]).status, 401);
    assert_eq!(tab.login("lena", secrets[0]).status, 200);
    let check = tab.post(
        "/api/policy/check",
        &json!({ "candidate": { "password": secrets[3] } }),
    );
    assert_eq!(check.status, 200);
    let refused = tab.post(
        "/api/account/password",
        &json!({ "currentPassword": secrets[0], "newPassword": secrets[1] }),
    );
    assert_eq!(refused.status, 409);
    let running = site.database_bytes();
    assert!(!running.is_empty());
    let output = server.stop();

    let server = site.start_with(3);
    let mut tab = server.client();
    assert_eq!(tab.login("lena", secrets[0]).status, 200);
    let changed = tab.post(
        "/api/account/password",
        &json!({ "currentPassword": secrets[0], "newPassword": secrets[1] }),
    );
    assert_eq!(changed.status, 200, "{}", changed.text);
    let running_again = site.database_bytes();
    let output_again = server.stop();
    let stopped = site.database_bytes();

    for secret in secrets {
        for (what, bytes) in [
            ("database while running", &running),
            ("database after a change", &running_again),
            ("database when stopped", &stopped),
        ] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "`{secret}` found in the {what}"
            );
        }
        assert!(!output.contains(secret) && !output_again.contains(secret));
    }
    // What is stored is an Argon2id PHC string with OWASP's parameters.
    let db = rusqlite::Connection::open(&site.db).unwrap();
    let hash: String = db
        .query_row(
            "SELECT password_hash FROM accounts WHERE username = 'lena'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    let tokens: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM sessions WHERE length(token_hash) = 64",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(tokens >= 1);
}

/// Starts the server on `www` holding the demo's documents but `file` replaced by `text`;
/// it must refuse to start. Returns what it wrote to stderr.
fn refused_start(site: &Site, file: &str, text: &str) -> String {
    let www = site.dir.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    for name in ["policy.json", "access.json"] {
        std::fs::copy(Path::new(ROOT).join("www").join(name), www.join(name)).unwrap();
    }
    std::fs::write(www.join(file), text).unwrap();
    let output = Command::new(BINARY)
        .args(["--port", "0", "--db"])
        .arg(&site.db)
        .arg("--www")
        .arg(&www)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn invalid_documents_stop_the_server_with_code_and_path() {
    let site = Site::new();
    let policy = r#"{ "schema": 1, "rules": [ { "rule": "length", "min": "twelve" } ] }"#;
    let stderr = refused_start(&site, "policy.json", policy);
    let expected = PasswordPolicy::from_json(policy).err().unwrap();
    assert!(stderr.contains(expected.code()), "{stderr}");
    assert!(stderr.contains(&expected.path()), "{stderr}");

    let access = r#"{ "schema": 1, "roles": [ { "id": "a", "parents": ["b"] } ] }"#;
    let stderr = refused_start(&site, "access.json", access);
    assert!(
        stderr.contains("access.model.unknown_reference"),
        "{stderr}"
    );
    assert!(stderr.contains("roles[0].parents[0]"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Hardening.

/// A raw HTTP/1.1 request (to send a `Host` no client library would); the status and the
/// whole answer.
fn raw(server: &Server, request: &str) -> (u16, String) {
    use std::io::Write;
    let address = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    (status, text)
}

fn port_of(server: &Server) -> String {
    server
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn parallel_wrong_guesses_cannot_pass_the_lockout() {
    let site = Site::new();
    let server = site.start();
    assert_eq!(server.client().signup("frank", STRONG[0]).status, 201);
    assert_eq!(server.client().signup("gus", STRONG[1]).status, 201);
    let max = policy().document().lockout.as_ref().unwrap().max_failures as usize;

    let statuses = |work: Arc<dyn Fn() -> u16 + Send + Sync>| {
        let threads: Vec<_> = (0..20)
            .map(|_| {
                let work = Arc::clone(&work);
                std::thread::spawn(move || work())
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect::<Vec<u16>>()
    };
    let url = server.url.clone();
    let client = move || Client {
        base: url.clone(),
        agent: ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into(),
        cookie: None,
    };
    let make = client.clone();
    let logins = statuses(Arc::new(move || {
        make().login("frank", "Wrong-Password-123").status
    }));
    let unauthorized = logins.iter().filter(|&&s| s == 401).count();
    let locked = logins.iter().filter(|&&s| s == 423).count();
    assert!(unauthorized <= max, "{logins:?}");
    assert_eq!(unauthorized + locked, 20, "{logins:?}");
    // Locked: the right password is refused too.
    assert_eq!(client().login("frank", STRONG[0]).status, 423);
    let failures: i64 = rusqlite::Connection::open(&site.db)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM failed_sign_ins WHERE username = 'frank'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(failures <= max as i64, "{failures} failures recorded");
    server.stop();

    // The current password of a password change counts the same way.
    let server = site.start_with(2);
    let mut gus = server.client();
    assert_eq!(gus.login("gus", STRONG[1]).status, 200);
    let cookie = gus.cookie.clone();
    let url = server.url.clone();
    let changes = statuses(Arc::new(move || {
        let mut tab = Client {
            base: url.clone(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into(),
            cookie: cookie.clone(),
        };
        tab.post(
            "/api/account/password",
            &json!({ "currentPassword": "Wrong-Password-123", "newPassword": STRONG[2] }),
        )
        .status
    }));
    let unauthorized = changes.iter().filter(|&&s| s == 401).count();
    let locked = changes.iter().filter(|&&s| s == 423).count();
    assert!(unauthorized <= max, "{changes:?}");
    assert_eq!(unauthorized + locked, 20, "{changes:?}");
    let right = gus.post(
        "/api/account/password",
        &json!({ "currentPassword": STRONG[1], "newPassword": STRONG[2] }),
    );
    assert_eq!(right.status, 423, "{}", right.text);
    server.stop();
}

#[test]
fn requests_for_another_host_or_from_another_origin_are_refused() {
    let site = Site::new();
    let server = site.start();
    let port = port_of(&server);
    // DNS rebinding: a page of another site whose name now points at 127.0.0.1.
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "127.0.0.1".to_string(),
        format!("localhost:{port}0"),
    ] {
        for path in ["/api/policy", "/", "/policy.json"] {
            let (status, text) = raw(
                &server,
                &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            );
            assert_eq!(status, 421, "{host}{path}: {text}");
            assert!(text.contains("request.host_refused"), "{text}");
            assert!(!text.contains("\"rules\""), "{text}");
        }
    }
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let (status, text) = raw(
            &server,
            &format!("GET /api/policy HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(status, 200, "{host}: {text}");
    }

    // Cross-origin writes: refused by `Origin` and by `Sec-Fetch-Site`.
    let mut tab = server.client();
    let login = json!({ "username": "nobody", "password": "x" }).to_string();
    let own = format!("http://localhost:{port}");
    let other_port = format!("http://127.0.0.1:{port}1");
    for (headers, status) in [
        (vec![("Origin", "http://evil.example")], 403),
        (vec![("Origin", other_port.as_str())], 403),
        (vec![("Origin", "null")], 403),
        (vec![("Sec-Fetch-Site", "cross-site")], 403),
        (vec![("Sec-Fetch-Site", "same-site")], 403),
        (vec![("Origin", own.as_str())], 401),
        (
            vec![("Origin", own.as_str()), ("Sec-Fetch-Site", "same-origin")],
            401,
        ),
        (vec![], 401),
    ] {
        let answer = tab.request_with(
            "POST",
            "/api/login",
            Some(login.as_bytes()),
            Some("application/json"),
            &headers,
        );
        assert_eq!(answer.status, status, "{headers:?}: {}", answer.text);
        if status == 403 {
            assert_eq!(error_code(&answer), "request.origin_refused");
            assert_eq!(answer.headers["cache-control"], "no-store");
            assert_eq!(answer.headers["x-content-type-options"], "nosniff");
        }
    }
    for method in ["PUT", "DELETE"] {
        let answer = tab.request_with(
            method,
            "/api/access/model",
            Some(b"{}"),
            Some("application/json"),
            &[("Origin", "http://evil.example")],
        );
        assert_eq!(
            (answer.status, error_code(&answer)),
            (403, "request.origin_refused"),
            "{method}"
        );
    }
    // Reading is not refused by an Origin (a page's own GETs may carry one).
    let read = tab.request_with(
        "GET",
        "/api/policy",
        None,
        None,
        &[("Origin", "http://evil.example")],
    );
    assert_eq!(read.status, 200);
    server.stop();
}

#[test]
fn the_database_cannot_lie_in_a_served_folder() {
    let site = Site::new();
    let www = site.dir.path().join("www");
    let pkg = site.dir.path().join("pkg");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    for name in ["policy.json", "access.json"] {
        std::fs::copy(Path::new(ROOT).join("www").join(name), www.join(name)).unwrap();
    }
    for db in [
        www.join("accounts.sqlite3"),
        www.join("data").join("accounts.sqlite3"),
        pkg.join("accounts.sqlite3"),
        www.join("..").join("www").join("x.sqlite3"),
    ] {
        let output = Command::new(BINARY)
            .args(["--port", "0", "--db"])
            .arg(&db)
            .arg("--www")
            .arg(&www)
            .arg("--pkg")
            .arg(&pkg)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{}", db.display());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("must not lie inside"), "{stderr}");
        assert!(!db.exists(), "{}", db.display());
    }
    assert!(!www.join("data").exists());
}

#[cfg(unix)]
#[test]
fn the_database_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    let server = site.start();
    assert_eq!(server.client().signup("olga", STRONG[0]).status, 201);
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(site.db.parent().unwrap()), 0o700);
    assert_eq!(mode(&site.db), 0o600);
    let mut wal = site.db.clone().into_os_string();
    wal.push("-wal");
    assert_eq!(mode(Path::new(&wal)), 0o600);
    server.stop();
}

#[test]
fn sessions_rotate_and_end_with_a_password_change_or_an_earlier_clock() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();
    assert_eq!(tab.signup("rosa", STRONG[0]).status, 201);
    // Signing in again ends the session the request carried.
    let before = tab.cookie.clone();
    assert_eq!(tab.login("rosa", STRONG[0]).status, 200);
    assert_ne!(tab.cookie, before);
    let mut old = server.client();
    old.cookie = before;
    assert_eq!(old.get("/api/session").body["account"], Value::Null);
    assert_eq!(tab.get("/api/session").body["account"]["username"], "rosa");
    server.stop();

    // A password change ends every other session of the account.
    let server = site.start_with(2);
    let mut laptop = server.client();
    let mut phone = server.client();
    assert_eq!(laptop.login("rosa", STRONG[0]).status, 200);
    assert_eq!(phone.login("rosa", STRONG[0]).status, 200);
    let changed = laptop.post(
        "/api/account/password",
        &json!({ "currentPassword": STRONG[0], "newPassword": STRONG[1] }),
    );
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(
        laptop.get("/api/session").body["account"]["username"],
        "rosa"
    );
    assert_eq!(phone.get("/api/session").body["account"], Value::Null);
    let cookie = laptop.cookie.clone();
    server.stop();

    // A session started "later" than the server's clock is not valid.
    let server = site.start();
    let mut laptop = server.client();
    laptop.cookie = cookie;
    assert_eq!(laptop.get("/api/session").body["account"], Value::Null);
    server.stop();
}

/// The exit status and stderr of the binary run with `args`, which must stop by itself.
fn stops_by_itself(args: &[&str]) -> (std::process::ExitStatus, String) {
    let site = Site::new();
    let mut child = Command::new(BINARY)
        .args(["--port", "0", "--db"])
        .arg(&site.db)
        .arg("--www")
        .arg(Path::new(ROOT).join("www"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("demo-server started with {args:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stderr)
}

#[test]
fn the_clock_offset_is_bounded() {
    for value in ["36501", "-36501", "9223372036854775807"] {
        let (status, stderr) = stops_by_itself(&[&format!("--clock-offset-days={value}")]);
        assert!(!status.success());
        assert!(stderr.contains("--clock-offset-days"), "{stderr}");
    }
}

#[test]
fn usernames_are_ascii_and_lowercased_as_ascii() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();
    assert_eq!(tab.signup("KARL", STRONG[0]).status, 201);
    tab.post("/api/logout", &json!({}));
    // U+212A KELVIN SIGN lowercases to `k` in Unicode, never here.
    let kelvin = tab.signup("\u{212A}arl", STRONG[1]);
    assert_eq!(
        (kelvin.status, error_code(&kelvin)),
        (422, "account.username.invalid")
    );
    assert_eq!(tab.login("\u{212A}ARL", STRONG[0]).status, 401);
    let login = tab.login("Karl", STRONG[0]);
    assert_eq!(login.status, 200, "{}", login.text);
    // The failure under the other name did not count against `karl`.
    assert_eq!(login.body["account"]["lockout"]["remainingAttempts"], 5);
    server.stop();
}

#[test]
fn failures_of_unknown_names_are_forgotten_once_they_no_longer_count() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();
    assert_eq!(tab.signup("hilda", STRONG[0]).status, 201);
    for name in ["ghost", "ghost", "hilda"] {
        assert_eq!(tab.login(name, "Wrong-Password-123").status, 401);
    }
    server.stop();
    // A day later (window and lock: 30 minutes), the next failure prunes the old ones of
    // names without an account.
    let server = site.start_with(1);
    assert_eq!(
        server.client().login("spook", "Wrong-Password-123").status,
        401
    );
    server.stop();
    let db = rusqlite::Connection::open(&site.db).unwrap();
    let count = |name: &str| -> i64 {
        db.query_row(
            "SELECT COUNT(*) FROM failed_sign_ins WHERE username = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!((count("ghost"), count("hilda"), count("spook")), (0, 1, 1));
}

#[test]
fn api_answers_are_not_stored_and_every_answer_isolates_the_page() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();
    let api = tab.get("/api/policy");
    let file = tab.get("/");
    let missing = tab.get("/api/nothing");
    assert_eq!(api.headers["cache-control"], "no-store");
    assert_eq!(missing.headers["cache-control"], "no-store");
    assert_eq!(file.headers["cache-control"], "no-cache");
    for answer in [&api, &file, &missing] {
        assert_eq!(answer.headers["referrer-policy"], "no-referrer");
        assert_eq!(answer.headers["cross-origin-opener-policy"], "same-origin");
        assert_eq!(
            answer.headers["cross-origin-resource-policy"],
            "same-origin"
        );
    }
    let method = tab.request("DELETE", "/api/login", None, None);
    assert_eq!(method.status, 405);
    assert_eq!(method.headers["allow"], "POST");
    let method = tab.request(
        "POST",
        "/api/access/model",
        Some(b"{}"),
        Some("application/json"),
    );
    assert_eq!(method.status, 405);
    let allow = method.headers["allow"].to_str().unwrap();
    assert!(allow.contains("GET") && allow.contains("PUT"), "{allow}");
    server.stop();
}

#[test]
fn a_user_gets_their_own_snapshot_of_the_model_and_nothing_more() {
    let site = Site::new();
    let server = site.start();
    let mut tab = server.client();
    assert_eq!(
        error_code(&tab.get("/api/access/snapshot")),
        "session.required"
    );

    let signup = tab.post(
        "/api/signup",
        &json!({ "username": "ari", "password": STRONG[0] }),
    );
    assert_eq!(signup.status, 201, "{}", signup.text);
    let answer = tab.get("/api/access/snapshot");
    assert_eq!(answer.status, 200, "{}", answer.text);
    let snapshot = &answer.body["snapshot"];
    let users: Vec<&str> = snapshot["document"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["ari"]);
    // The page reads the second factor's requirement from it, as the server does.
    let matrix = AccessMatrix::from_json(&snapshot["document"].to_string()).unwrap();
    assert_eq!(matrix.effective("ari").unwrap().requires_mfa, ["approver"]);
    let full = AccessMatrix::from_json(
        &std::fs::read_to_string(Path::new(ROOT).join("www/access.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(snapshot["fullFingerprint"], full.fingerprint());

    // An account the model does not name has no snapshot.
    let mut other = server.client();
    let signup = other.post(
        "/api/signup",
        &json!({ "username": "kim", "password": STRONG[2] }),
    );
    assert_eq!(signup.status, 201, "{}", signup.text);
    assert_eq!(
        other.get("/api/access/snapshot").body,
        json!({ "snapshot": null })
    );
    server.stop();
}
