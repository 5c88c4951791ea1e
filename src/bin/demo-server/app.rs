//! What every handler shares: the policy, the current access model, the database, the clock.

use crate::files::Mounts;
use crate::http::{self, ApiError};
use crate::sessions;
use crate::store::{Millis, Store, StoreError};
use account_rules::access::{AccessMatrix, AccessRequest, RequestContext};
use account_rules::{Locale, PasswordPolicy};
use axum::http::{HeaderMap, StatusCode};
use std::sync::{Arc, RwLock};

const DAY_MS: Millis = 24 * 60 * 60 * 1000;

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

/// The server.
pub struct App {
    pub policy: PasswordPolicy,
    pub store: Store,
    pub clock: Clock,
    pub mounts: Mounts,
    access: RwLock<AccessState>,
    /// Serialises edits of the access model.
    pub edit_lock: tokio::sync::Mutex<()>,
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
        access: AccessState,
        dummy_hash: String,
    ) -> App {
        App {
            policy,
            store,
            clock,
            mounts,
            access: RwLock::new(access),
            edit_lock: tokio::sync::Mutex::new(()),
            dummy_hash,
        }
    }

    /// The access model in force.
    pub fn access(&self) -> Result<AccessState, ApiError> {
        self.access
            .read()
            .map(|state| state.clone())
            .map_err(|_| ApiError::internal())
    }

    /// Replaces the access model in force.
    pub fn set_access(&self, state: AccessState) -> Result<(), ApiError> {
        let mut current = self.access.write().map_err(|_| ApiError::internal())?;
        *current = state;
        Ok(())
    }

    /// The user of the request's session, if it has a valid one.
    pub async fn session_user(
        self: &Arc<Self>,
        headers: &HeaderMap,
    ) -> Result<Option<String>, ApiError> {
        let Some(token) = sessions::token(headers) else {
            return Ok(None);
        };
        let app = Arc::clone(self);
        let now = self.clock.now();
        http::blocking(move || {
            app.store
                .session_user(&sessions::token_hash(&token), now)
                .map_err(internal)
        })
        .await
    }

    /// The session's user, or 401 `session.required`.
    pub async fn require_session(
        self: &Arc<Self>,
        headers: &HeaderMap,
        locale: Locale,
    ) -> Result<String, ApiError> {
        self.session_user(headers)
            .await?
            .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "session.required", "", locale))
    }

    /// Whether `user` may do `action` on `resource` of the server's API, by the access model
    /// itself; 403 with the decision when not.
    pub fn authorize(
        &self,
        user: &str,
        action: &str,
        resource: &str,
        locale: Locale,
    ) -> Result<(), ApiError> {
        let state = self.access()?;
        let request = AccessRequest {
            user: Some(user.to_string()),
            action: action.to_string(),
            resource: resource.to_string(),
            context: RequestContext {
                now: Some(self.clock.now()),
                // The demo has no second factor: a grant that needs one is refused.
                mfa_at: None,
                resource_owner: None,
            },
            ..AccessRequest::default()
        };
        let decision = state.matrix.check(&request, locale);
        if decision.allowed {
            return Ok(());
        }
        let decision_value = http::to_value(&decision)?;
        Err(
            ApiError::with_message(StatusCode::FORBIDDEN, decision.code, "", decision.message)
                .and("decision", decision_value),
        )
    }

    /// The roles the access model gives `username` (none when it does not name them).
    pub fn roles_of(&self, username: &str) -> Result<Vec<String>, ApiError> {
        let state = self.access()?;
        Ok(state
            .matrix
            .document()
            .users
            .iter()
            .find(|u| u.id == username)
            .map(|u| u.roles.clone())
            .unwrap_or_default())
    }
}

/// A database failure, as the client sees it: 500 without details.
pub fn internal(_err: StoreError) -> ApiError {
    ApiError::internal()
}
