//! What every handler shares: the policy, the current access model, the database, the clock,
//! the per-username sign-in locks and the limit on concurrent Argon2 work.

use crate::files::Mounts;
use crate::http::{self, ApiError};
use crate::integrity::IntegrityError;
use crate::passwords;
use crate::sessions;
use crate::store::{MIN_FAILURES_KEPT, Millis, SessionRow, Store, StoreError};
use account_rules::access::{AccessMatrix, AccessRequest, Decision, RequestContext};
use account_rules::account::{self, LockoutStatus, MfaStatus};
use account_rules::{Locale, PasswordPolicy};
use axum::http::{HeaderMap, StatusCode};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock, Weak};
use tokio::sync::{OwnedMutexGuard, Semaphore};

const DAY_MS: Millis = 24 * 60 * 60 * 1000;
const MINUTE_MS: Millis = 60 * 1000;

/// The server's clock: the system's, shifted by `--clock-offset-days`.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    offset_ms: Millis,
}

impl Clock {
    pub fn new(offset_days: i64) -> Clock {
        Clock {
            offset_ms: offset_days.saturating_mul(DAY_MS),
        }
    }

    /// Milliseconds since the epoch, as the server sees it.
    pub fn now(&self) -> Millis {
        let system = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| Millis::try_from(d.as_millis()).unwrap_or(Millis::MAX))
            .unwrap_or(0);
        system.saturating_add(self.offset_ms)
    }
}

/// The access model in force.
#[derive(Clone)]
pub struct AccessState {
    pub matrix: Arc<AccessMatrix>,
    pub version: i64,
}

/// The model in force, or why there is none: a model that does not verify against its change
/// log is never enforced (fail closed).
#[derive(Clone)]
pub enum ModelState {
    Verified(AccessState),
    Refused(IntegrityError),
}

/// The server.
pub struct App {
    pub policy: PasswordPolicy,
    pub store: Store,
    pub clock: Clock,
    pub mounts: Mounts,
    access: RwLock<ModelState>,
    /// Serialises edits of the access model.
    pub edit_lock: tokio::sync::Mutex<()>,
    /// One lock per username being signed in as (or changing its password): "check the lock,
    /// verify, record" runs for one attempt at a time. Entries die with their last user.
    sign_in_locks: Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
    /// Argon2 hashes and verifications running at once (each takes 19 MiB).
    argon2: Semaphore,
    /// A hash of no one's password, verified against when a username is unknown, so that an
    /// unknown username costs as much time as a wrong password.
    pub dummy_hash: String,
}

impl App {
    pub fn new(
        policy: PasswordPolicy,
        store: Store,
        clock: Clock,
        mounts: Mounts,
        access: ModelState,
        dummy_hash: String,
    ) -> App {
        let parallelism = std::thread::available_parallelism().map_or(1, usize::from);
        App {
            policy,
            store,
            clock,
            mounts,
            access: RwLock::new(access),
            edit_lock: tokio::sync::Mutex::new(()),
            sign_in_locks: Mutex::new(HashMap::new()),
            argon2: Semaphore::new(parallelism),
            dummy_hash,
        }
    }

    /// The state of the model: verified, or refused with the reason.
    pub fn model_state(&self) -> ModelState {
        self.access
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The access model in force; 409 with the verification's code when the stored model does
    /// not verify against its change log.
    pub fn access(&self) -> Result<AccessState, ApiError> {
        match self.model_state() {
            ModelState::Verified(state) => Ok(state),
            ModelState::Refused(err) => Err(refusal(&err)),
        }
    }

    /// Replaces the state of the model.
    pub fn set_model_state(&self, state: ModelState) {
        *self.access.write().unwrap_or_else(PoisonError::into_inner) = state;
    }

    /// Waits for the sign-in lock of `key` (a failure key: the lowercased username).
    pub async fn sign_in_lock(&self, key: &str) -> OwnedMutexGuard<()> {
        let lock = {
            let mut locks = self
                .sign_in_locks
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            locks.retain(|_, lock| lock.strong_count() > 0);
            match locks.get(key).and_then(Weak::upgrade) {
                Some(lock) => lock,
                None => {
                    let lock = Arc::new(tokio::sync::Mutex::new(()));
                    locks.insert(key.to_string(), Arc::downgrade(&lock));
                    lock
                }
            }
        };
        lock.lock_owned().await
    }

    /// Runs Argon2 work once a permit is free. Blocking: call from a blocking thread.
    /// `None` when no permit can be had (the runtime is shutting down).
    fn with_argon2<T>(&self, work: impl FnOnce() -> T) -> Option<T> {
        let handle = tokio::runtime::Handle::try_current().ok()?;
        let _permit = handle.block_on(self.argon2.acquire()).ok()?;
        Some(work())
    }

    /// The PHC string of `password` (Argon2id, fresh salt). Blocking.
    pub fn hash_password(&self, password: &str) -> Option<String> {
        self.with_argon2(|| passwords::hash(password)).flatten()
    }

    /// Whether `password` matches `phc`; false when it cannot be checked. Blocking.
    pub fn verify_password(&self, password: &str, phc: &str) -> bool {
        self.with_argon2(|| passwords::verify(password, phc))
            .unwrap_or(false)
    }

    /// The lockout state of a name with these failures, at `now`.
    pub fn lockout_of(&self, failures: &[Millis], now: Millis, locale: Locale) -> LockoutStatus {
        account::lockout(
            self.policy.document().lockout.as_ref(),
            failures,
            now,
            locale,
        )
    }

    /// Records a failed sign-in as `key` and answers the lockout state it leaves. A failure
    /// that cannot be recorded is an error: the attempt is refused, never let through.
    pub fn record_failure(
        &self,
        key: &str,
        now: Millis,
        locale: Locale,
    ) -> Result<LockoutStatus, ApiError> {
        let lockout = self.policy.document().lockout.as_ref();
        let keep = lockout.map_or(MIN_FAILURES_KEPT, |l| l.max_failures.max(MIN_FAILURES_KEPT));
        // A failure stops mattering once its window and the lock it may start are over.
        let forget_before = lockout
            .and_then(|l| Some(i64::from(l.window_minutes?) + i64::from(l.lock_minutes?)))
            .map(|minutes| now.saturating_sub(minutes.saturating_mul(MINUTE_MS)));
        let failures = self
            .store
            .add_failure(key, now, keep, forget_before)
            .map_err(internal)?;
        Ok(self.lockout_of(&failures, now, locale))
    }

    /// The request's session, if it has a valid one.
    pub async fn session(
        self: &Arc<Self>,
        headers: &HeaderMap,
    ) -> Result<Option<Session>, ApiError> {
        let Some(token) = sessions::token(headers) else {
            return Ok(None);
        };
        let app = Arc::clone(self);
        let now = self.clock.now();
        let token_hash = sessions::token_hash(&token);
        http::blocking(move || {
            Ok(app
                .store
                .session(&token_hash, now)
                .map_err(internal)?
                .map(|row| Session { row, token_hash }))
        })
        .await
    }

    /// The request's session, or 401 `session.required`.
    pub async fn require_session(
        self: &Arc<Self>,
        headers: &HeaderMap,
        locale: Locale,
    ) -> Result<Session, ApiError> {
        self.session(headers)
            .await?
            .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "session.required", "", locale))
    }

    /// Whether `username` must use a second factor: the policy's `mfa` for the roles the
    /// model gives them, or a role they hold (with inheritance) marked `requiresMfa` in
    /// `matrix` (the model in force when `None`; no role counts when it does not verify).
    pub fn mfa_status(
        &self,
        matrix: Option<&AccessMatrix>,
        username: &str,
        locale: Locale,
    ) -> MfaStatus {
        let in_force = match matrix {
            Some(_) => None,
            None => match self.model_state() {
                ModelState::Verified(state) => Some(state.matrix),
                ModelState::Refused(_) => None,
            },
        };
        let matrix = matrix.or(in_force.as_deref());
        let roles = matrix
            .map(|m| direct_roles(m, username))
            .unwrap_or_default();
        let marked = matrix
            .and_then(|m| m.effective(username).ok())
            .map(|e| e.requires_mfa)
            .unwrap_or_default();
        account::mfa_with_model(self.policy.document().mfa.as_ref(), &roles, &marked, locale)
    }

    /// 403 `account.mfa.required` when `session`'s user must use a second factor (by
    /// `matrix`) and the session has not: the message says to set one up (not enrolled) or to
    /// sign in again with a code (enrolled).
    pub fn require_mfa(
        &self,
        matrix: &AccessMatrix,
        session: &Session,
        locale: Locale,
    ) -> Result<(), ApiError> {
        if session.row.mfa_at.is_some()
            || !self
                .mfa_status(Some(matrix), &session.row.username, locale)
                .required
        {
            return Ok(());
        }
        let hint = if session.row.enrolled {
            "account.mfa.verify_needed"
        } else {
            "account.mfa.setup_needed"
        };
        Err(ApiError::with_message(
            StatusCode::FORBIDDEN,
            "account.mfa.required",
            "",
            locale.text(hint, &[]),
        )
        .and(
            "mfa",
            serde_json::json!({ "enrolled": session.row.enrolled }),
        ))
    }

    /// The decision of `matrix` on whether the session's user may do `action` on `resource`
    /// of the server's API, at the server's now, with the session's second factor.
    pub fn decide(
        &self,
        matrix: &AccessMatrix,
        session: &Session,
        action: &str,
        resource: &str,
        locale: Locale,
    ) -> Decision {
        let request = AccessRequest {
            user: Some(session.row.username.clone()),
            action: action.to_string(),
            resource: resource.to_string(),
            context: RequestContext {
                now: Some(self.clock.now()),
                mfa_at: session.row.mfa_at,
                resource_owner: None,
            },
            ..AccessRequest::default()
        };
        matrix.check(&request, locale)
    }

    /// Whether the session's user may do `action` on `resource` by `matrix`: 403
    /// `account.mfa.required` when they must use a second factor and have not in this
    /// session, 403 with the decision when the model refuses.
    pub fn authorize_by(
        &self,
        matrix: &AccessMatrix,
        session: &Session,
        action: &str,
        resource: &str,
        locale: Locale,
    ) -> Result<(), ApiError> {
        self.require_mfa(matrix, session, locale)?;
        let decision = self.decide(matrix, session, action, resource, locale);
        if decision.allowed {
            return Ok(());
        }
        let decision_value = http::to_value(&decision)?;
        Err(
            ApiError::with_message(StatusCode::FORBIDDEN, decision.code, "", decision.message)
                .and("decision", decision_value),
        )
    }

    /// Whether the session's user may do `action` on `resource` by the model in force (409
    /// when it does not verify; 403 when not allowed, see [`App::authorize_by`]).
    pub fn authorize(
        &self,
        session: &Session,
        action: &str,
        resource: &str,
        locale: Locale,
    ) -> Result<AccessState, ApiError> {
        let state = self.access()?;
        self.authorize_by(&state.matrix, session, action, resource, locale)?;
        Ok(state)
    }

    /// The roles the access model gives `username` (none when it does not name them, or when
    /// the model does not verify).
    pub fn roles_of(&self, username: &str) -> Vec<String> {
        let ModelState::Verified(state) = self.model_state() else {
            return Vec::new();
        };
        direct_roles(&state.matrix, username)
    }
}

/// A valid session: its row, and the SHA-256 of its token.
#[derive(Debug, Clone)]
pub struct Session {
    pub row: SessionRow,
    pub token_hash: String,
}

impl Session {
    /// The session's user.
    pub fn user(&self) -> &str {
        &self.row.username
    }
}

/// The roles `matrix` assigns to `username` itself (without inheritance).
fn direct_roles(matrix: &AccessMatrix, username: &str) -> Vec<String> {
    matrix
        .document()
        .users
        .iter()
        .find(|u| u.id == username)
        .map(|u| u.roles.clone())
        .unwrap_or_default()
}

/// The 409 of an endpoint guarded by a model that does not verify.
pub fn refusal(err: &IntegrityError) -> ApiError {
    ApiError::coded(StatusCode::CONFLICT, err, "changelog")
}

/// A database failure, as the client sees it: 500 without details. The operator sees its
/// code and SQLite's message on stderr (never a bound value).
pub fn internal(err: StoreError) -> ApiError {
    eprintln!("demo-server: {err}");
    ApiError::internal()
}
