//! Accounts: signup, sign-in (with lockout and the second factor), sign-out, the session's
//! account, password changes (minimum age, history) and the set-up of the second factor
//! (TOTP). Every verdict is the library's: `PasswordPolicy::check`, `PolicyReport::settle`,
//! `account::{expiry, lockout, mfa}` with the server's clock.

use crate::app::{App, Session, internal};
use crate::http::{self, ApiError, JsonBody, json_response};
use crate::sessions;
use crate::store::{AccountRow, Millis, NewSession};
use crate::totp;
use account_rules::Locale;
use account_rules::account::{self, ExpiryStatus, LockoutStatus, MfaStatus};
use account_rules::i18n::Message;
use account_rules::policy::schema::Rule;
use account_rules::policy::{Candidate, CheckOptions, PolicyReport, ServerFinding};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;

/// What a page is told about an account.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    username: String,
    display_name: Option<String>,
    roles: Vec<String>,
    password_changed_at: Millis,
    expiry: ExpiryStatus,
    lockout: LockoutStatus,
    mfa: MfaView,
}

/// Whether the account must use a second factor (the library's `MfaStatus` for its roles by
/// the policy, with the roles marked `requiresMfa` in the access model added), whether it has
/// one, and whether this session used it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MfaView {
    #[serde(flatten)]
    status: MfaStatus,
    /// A second factor is set up and confirmed.
    enrolled: bool,
    /// This session used it (its `mfaAt` is set).
    session_verified: bool,
    /// When `required` and this session has not used a second factor:
    /// `account.mfa.setup_needed` (not enrolled) or `account.mfa.verify_needed`, localized.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<Message>,
}

/// The second factor as one answer sees it.
#[derive(Debug, Clone, Copy, Default)]
struct Factor {
    enrolled: bool,
    session_verified: bool,
}

impl App {
    fn account_view(
        &self,
        row: &AccountRow,
        failures: &[Millis],
        factor: Factor,
        locale: Locale,
    ) -> AccountView {
        let now = self.clock.now();
        let document = self.policy.document();
        let roles = self.roles_of(&row.username);
        AccountView {
            username: row.username.clone(),
            display_name: row.display_name.clone(),
            password_changed_at: row.password_changed_at,
            expiry: account::expiry(
                document.expiry.as_ref(),
                row.password_changed_at,
                now,
                locale,
            ),
            lockout: self.lockout_of(failures, now, locale),
            mfa: self.mfa_view(&row.username, factor, locale),
            roles,
        }
    }

    fn mfa_view(&self, username: &str, factor: Factor, locale: Locale) -> MfaView {
        let status = self.mfa_status(None, username, locale);
        let note = (status.required && !factor.session_verified).then(|| {
            let code = if factor.enrolled {
                "account.mfa.verify_needed"
            } else {
                "account.mfa.setup_needed"
            };
            locale.message(code, &[])
        });
        MfaView {
            status,
            enrolled: factor.enrolled,
            session_verified: factor.session_verified,
            note,
        }
    }

    /// How many previous passwords the policy's `history` rule remembers (0: no such rule).
    fn remembered(&self) -> u32 {
        self.policy
            .document()
            .rules
            .iter()
            .filter_map(|rule| match rule {
                Rule::History(r) => Some(r.remember),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }

    /// Checks a password with the library and settles the history rule against `previous`
    /// hashes. Blocking: strength estimation and Argon2.
    fn report(
        &self,
        candidate: &Candidate,
        previous: &[String],
        locale: Locale,
    ) -> Result<PolicyReport, ApiError> {
        let options = CheckOptions {
            locale,
            ..CheckOptions::default()
        };
        let mut report = self
            .policy
            .check(candidate, &options)
            .map_err(|err| ApiError::coded(StatusCode::UNPROCESSABLE_ENTITY, &err, ""))?;
        let reused = previous
            .iter()
            .any(|hash| self.verify_password(&candidate.password, hash));
        report.settle(if reused {
            ServerFinding::HistoryReused
        } else {
            ServerFinding::HistoryClear
        });
        Ok(report)
    }

    /// A new session starting now (`mfa`: its second factor used now): what to store, and
    /// the `Set-Cookie` value.
    fn new_session(&self, mfa: bool) -> Result<(NewSession, HeaderValue), ApiError> {
        let token = sessions::new_token().ok_or_else(ApiError::internal)?;
        let now = self.clock.now();
        let cookie = sessions::set_cookie(&token).ok_or_else(ApiError::internal)?;
        Ok((
            NewSession {
                token_hash: sessions::token_hash(&token),
                created_at: now,
                expires_at: now.saturating_add(sessions::LIFETIME_MS),
                mfa_at: mfa.then_some(now),
            },
            cookie,
        ))
    }

    /// A failed sign-in as `key`: recorded (or refused with 500 when it cannot be), then 401
    /// or, when it locks, 423.
    fn failed_sign_in(&self, key: &str, locale: Locale) -> Result<Response, ApiError> {
        let lockout = self.record_failure(key, self.clock.now(), locale)?;
        Ok(refusal(&lockout, locale))
    }

    /// A wrong code of the second factor as `key`: a failed sign-in (recorded, or 500), then
    /// 401 `account.mfa.code_invalid` or, when it locks, 423.
    fn failed_code(&self, key: &str, locale: Locale) -> Result<Response, ApiError> {
        let lockout = self.record_failure(key, self.clock.now(), locale)?;
        if lockout.locked {
            return Ok(refusal(&lockout, locale));
        }
        Ok(json_response(
            StatusCode::UNAUTHORIZED,
            &json!({
                "ok": false,
                "code": "account.mfa.code_invalid",
                "message": locale.text("account.mfa.code_invalid", &[]),
                "lockout": lockout,
            }),
        ))
    }
}

/// 401 `account.login.failed` or, when locked, 423 `account.lockout.locked`.
fn refusal(lockout: &LockoutStatus, locale: Locale) -> Response {
    let (status, code, message) = if lockout.locked {
        (
            StatusCode::LOCKED,
            "account.lockout.locked",
            lockout.message.text.clone(),
        )
    } else {
        (
            StatusCode::UNAUTHORIZED,
            "account.login.failed",
            locale.text("account.login.failed", &[]),
        )
    };
    json_response(
        status,
        &json!({ "ok": false, "code": code, "message": message, "lockout": lockout }),
    )
}

/// Usernames: 3 to 32 of `a-z 0-9 . _ -`, ASCII only, lowercased (`Carol` is `carol`).
fn username(raw: &str) -> Option<String> {
    if !raw.is_ascii() {
        return None;
    }
    let name = raw.to_ascii_lowercase();
    let valid = (3..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    valid.then_some(name)
}

/// The key failed sign-ins are recorded (and sign-ins serialised) under: the username with
/// its ASCII letters lowercased — a valid username's own form — bounded in length (an
/// unknown, even invalid, username is recorded too).
fn failure_key(raw: &str) -> String {
    raw.to_ascii_lowercase().chars().take(64).collect()
}

fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignupRequest {
    username: String,
    password: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    birth_date: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    locale: Option<String>,
}

/// POST /api/signup
pub async fn signup(
    State(app): State<Arc<App>>,
    JsonBody(body): JsonBody<SignupRequest>,
) -> Result<Response, ApiError> {
    let locale = http::locale(body.locale.as_deref())?;
    let Some(name) = username(&body.username) else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "account.username.invalid",
            "username",
            locale,
        ));
    };
    http::blocking(move || {
        let taken = || {
            ApiError::new(
                StatusCode::CONFLICT,
                "account.username.taken",
                "username",
                locale,
            )
        };
        if app.store.account_exists(&name).map_err(internal)? {
            return Err(taken());
        }
        let candidate = Candidate {
            password: body.password,
            username: Some(name.clone()),
            email: body.email.clone(),
            display_name: body.display_name.clone(),
            birth_date: body.birth_date.clone(),
            phone: body.phone.clone(),
            current_password: None,
        };
        let report = app.report(&candidate, &[], locale)?;
        if !report.ok_so_far {
            return Ok(json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                &json!({ "ok": false, "report": report }),
            ));
        }
        let hash = app
            .hash_password(&candidate.password)
            .ok_or_else(ApiError::internal)?;
        let (session, cookie) = app.new_session(false)?;
        let row = AccountRow {
            username: name,
            display_name: body.display_name,
            email: body.email,
            birth_date: body.birth_date,
            phone: body.phone,
            password_hash: hash,
            password_changed_at: session.created_at,
        };
        // The account, its history, no failures on record and the session: all or nothing.
        if !app.store.sign_up(&row, &session).map_err(internal)? {
            return Err(taken());
        }
        let account = app.account_view(&row, &[], Factor::default(), locale);
        Ok(with_cookie(
            json_response(
                StatusCode::CREATED,
                &json!({ "ok": true, "report": report, "account": account }),
            ),
            cookie,
        ))
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    username: String,
    password: String,
    /// The code of the second factor, for an account that has one.
    #[serde(default)]
    otp: Option<String>,
    #[serde(default)]
    locale: Option<String>,
}

/// POST /api/login
pub async fn login(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Result<Response, ApiError> {
    let locale = http::locale(body.locale.as_deref())?;
    let key = failure_key(&body.username);
    // The session the request carried ends (rotation), whoever's it was.
    let previous = sessions::token(&headers).map(|token| sessions::token_hash(&token));
    // "Check the lock, verify, record" for one attempt at a time per name: parallel guesses
    // cannot all pass the check before the first failure is recorded.
    let turn = app.sign_in_lock(&key).await;
    http::blocking(move || {
        let _turn = turn;
        let now = app.clock.now();
        let failures = app.store.failures(&key).map_err(internal)?;
        let lockout = app.lockout_of(&failures, now, locale);
        if lockout.locked {
            return Ok(refusal(&lockout, locale));
        }
        let account = match username(&body.username) {
            Some(name) => app.store.account(&name).map_err(internal)?,
            None => None,
        };
        let verified = match &account {
            Some(row) => app.verify_password(&body.password, &row.password_hash),
            None => {
                // As long as a wrong password, and never true.
                let _ = app.verify_password(&body.password, &app.dummy_hash);
                false
            }
        };
        let Some(row) = account.filter(|_| verified) else {
            return app.failed_sign_in(&key, locale);
        };
        // An account with a second factor needs its code too: asked for (not a failure)
        // when missing, a failed sign-in when wrong or already used.
        let factor = app.store.factor(&row.username).map_err(internal)?;
        let step = match (factor.filter(|f| f.enrolled), body.otp.as_deref()) {
            (None, _) => None,
            (Some(_), None) => {
                return Ok(json_response(
                    StatusCode::UNAUTHORIZED,
                    &json!({
                        "ok": false,
                        "code": "account.mfa.code_required",
                        "message": locale.text("account.mfa.code_required", &[]),
                    }),
                ));
            }
            (Some(factor), Some(code)) => {
                match totp::accept(&factor.secret, code, factor.last_step) {
                    Some(step) => Some(step),
                    None => return app.failed_code(&key, locale),
                }
            }
        };
        let (session, cookie) = app.new_session(step.is_some())?;
        app.store
            .sign_in(&row.username, &key, previous.as_deref(), step, &session)
            .map_err(internal)?;
        let factor = Factor {
            enrolled: step.is_some(),
            session_verified: step.is_some(),
        };
        let account = app.account_view(&row, &[], factor, locale);
        Ok(with_cookie(
            json_response(StatusCode::OK, &json!({ "ok": true, "account": account })),
            cookie,
        ))
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogoutRequest {
    #[serde(default)]
    locale: Option<String>,
}

/// POST /api/logout
pub async fn logout(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<LogoutRequest>,
) -> Result<Response, ApiError> {
    http::locale(body.locale.as_deref())?;
    if let Some(token) = sessions::token(&headers) {
        http::blocking(move || {
            app.store
                .delete_session(&sessions::token_hash(&token))
                .map_err(internal)
        })
        .await?;
    }
    Ok(with_cookie(
        json_response(StatusCode::OK, &json!({ "ok": true })),
        sessions::clear_cookie(),
    ))
}

/// GET /api/session
pub async fn session(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Result<Response, ApiError> {
    let locale = http::query_locale(uri.query())?;
    let Some(session) = app.session(&headers).await? else {
        return Ok(json_response(StatusCode::OK, &json!({ "account": null })));
    };
    http::blocking(move || {
        let user = session.user();
        let Some(row) = app.store.account(user).map_err(internal)? else {
            return Ok(json_response(StatusCode::OK, &json!({ "account": null })));
        };
        let failures = app.store.failures(user).map_err(internal)?;
        let account = app.account_view(&row, &failures, factor_of(&session), locale);
        Ok(json_response(
            StatusCode::OK,
            &json!({ "account": account }),
        ))
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordChangeRequest {
    current_password: String,
    new_password: String,
    #[serde(default)]
    locale: Option<String>,
}

/// POST /api/account/password
pub async fn change_password(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<PasswordChangeRequest>,
) -> Result<Response, ApiError> {
    let locale = http::locale(body.locale.as_deref())?;
    let session = app.require_session(&headers, locale).await?;
    let user = session.user().to_string();
    let session_required =
        move || ApiError::new(StatusCode::UNAUTHORIZED, "session.required", "", locale);
    let this_session = session.token_hash.clone();
    // The current password counts as a sign-in: one check at a time per name, as for login.
    let turn = app.sign_in_lock(&user).await;
    http::blocking(move || {
        let _turn = turn;
        let now = app.clock.now();
        let Some(row) = app.store.account(&user).map_err(internal)? else {
            return Err(session_required());
        };
        let document = app.policy.document();
        let failures = app.store.failures(&user).map_err(internal)?;
        let lockout = app.lockout_of(&failures, now, locale);
        if lockout.locked {
            return Ok(refusal(&lockout, locale));
        }
        let expiry = account::expiry(
            document.expiry.as_ref(),
            row.password_changed_at,
            now,
            locale,
        );
        if !expiry.can_change {
            return Ok(json_response(
                StatusCode::CONFLICT,
                &json!({
                    "ok": false,
                    "code": expiry.change_message.code,
                    "message": expiry.change_message.text,
                    "expiry": expiry,
                }),
            ));
        }
        if !app.verify_password(&body.current_password, &row.password_hash) {
            return app.failed_sign_in(&user, locale);
        }
        let remember = app.remembered();
        let previous = app
            .store
            .password_history(&user, remember)
            .map_err(internal)?;
        let candidate = Candidate {
            password: body.new_password,
            username: Some(row.username.clone()),
            email: row.email.clone(),
            display_name: row.display_name.clone(),
            birth_date: row.birth_date.clone(),
            phone: row.phone.clone(),
            current_password: Some(body.current_password),
        };
        let report = app.report(&candidate, &previous, locale)?;
        if !report.ok_so_far {
            return Ok(json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                &json!({ "ok": false, "report": report }),
            ));
        }
        let hash = app
            .hash_password(&candidate.password)
            .ok_or_else(ApiError::internal)?;
        // The password, its history, no failures on record and the end of every other
        // session: all or nothing.
        app.store
            .change_password(&user, &hash, now, remember, &this_session)
            .map_err(internal)?;
        let updated = AccountRow {
            password_hash: hash,
            password_changed_at: now,
            ..row
        };
        let account = app.account_view(&updated, &[], factor_of(&session), locale);
        Ok(json_response(
            StatusCode::OK,
            &json!({ "ok": true, "report": report, "account": account }),
        ))
    })
    .await
}

/// The second factor of an account as its session sees it.
fn factor_of(session: &Session) -> Factor {
    Factor {
        enrolled: session.row.enrolled,
        session_verified: session.row.mfa_at.is_some(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MfaSetupRequest {
    #[serde(default)]
    locale: Option<String>,
}

/// POST /api/account/mfa: a new secret for the session's account, waiting for its first code
/// (a set-up that waits is replaced); 409 `account.mfa.already_enrolled` once confirmed.
pub async fn start_mfa(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<MfaSetupRequest>,
) -> Result<Response, ApiError> {
    let locale = http::locale(body.locale.as_deref())?;
    let session = app.require_session(&headers, locale).await?;
    let user = session.user().to_string();
    let turn = app.sign_in_lock(&user).await;
    http::blocking(move || {
        let _turn = turn;
        let secret = totp::new_secret().ok_or_else(ApiError::internal)?;
        if !app
            .store
            .start_factor(&user, &secret, app.clock.now())
            .map_err(internal)?
        {
            return Err(already_enrolled(locale));
        }
        Ok(json_response(
            StatusCode::OK,
            &json!({
                "secret": secret,
                "otpauthUri": totp::uri(&secret, &user),
                "issuer": totp::ISSUER,
                "account": user,
            }),
        ))
    })
    .await
}

fn already_enrolled(locale: Locale) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "account.mfa.already_enrolled",
        "",
        locale,
    )
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MfaConfirmRequest {
    code: String,
    #[serde(default)]
    locale: Option<String>,
}

/// POST /api/account/mfa/confirm: the first code of the waiting set-up. Right: enrolled, and
/// this session has used its second factor. Wrong: a failed sign-in (lockout applies).
pub async fn confirm_mfa(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<MfaConfirmRequest>,
) -> Result<Response, ApiError> {
    let locale = http::locale(body.locale.as_deref())?;
    let session = app.require_session(&headers, locale).await?;
    let user = session.user().to_string();
    // A code counts as a sign-in: one check at a time per name, as for login.
    let turn = app.sign_in_lock(&user).await;
    http::blocking(move || {
        let _turn = turn;
        let now = app.clock.now();
        let failures = app.store.failures(&user).map_err(internal)?;
        let lockout = app.lockout_of(&failures, now, locale);
        if lockout.locked {
            return Ok(refusal(&lockout, locale));
        }
        let factor = match app.store.factor(&user).map_err(internal)? {
            Some(factor) if factor.enrolled => return Err(already_enrolled(locale)),
            Some(factor) => factor,
            None => {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "account.mfa.not_started",
                    "",
                    locale,
                ));
            }
        };
        let Some(step) = totp::accept(&factor.secret, &body.code, factor.last_step) else {
            return app.failed_code(&user, locale);
        };
        if !app
            .store
            .confirm_factor(&user, step, &session.token_hash, now)
            .map_err(internal)?
        {
            return Err(already_enrolled(locale));
        }
        let Some(row) = app.store.account(&user).map_err(internal)? else {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "session.required",
                "",
                locale,
            ));
        };
        let factor = Factor {
            enrolled: true,
            session_verified: true,
        };
        let account = app.account_view(&row, &failures, factor, locale);
        Ok(json_response(
            StatusCode::OK,
            &json!({ "ok": true, "account": account }),
        ))
    })
    .await
}
