//! The access model over HTTP: decisions, the model and its edits (validated, diffed, logged
//! in the hash-chained change log, stored in one transaction), the log with its verification,
//! and the audit. The server's own endpoints are guarded by the model itself — and only by a
//! model that verifies against its change log (see [`crate::integrity`]); otherwise they
//! answer 409 with the verification's code.

use crate::app::{AccessState, App, ModelState, internal};
use crate::http::{self, ApiError, JsonBody, json_response};
use crate::integrity::{self, IntegrityError};
use crate::store::EditToStore;
use account_rules::CodedError;
use account_rules::access::changelog::{ChangeLogError, GENESIS};
use account_rules::access::governance;
use account_rules::access::{AccessMatrix, AccessRequest, RequestContext};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

/// The context a page may give; `now` and `mfaAt` are the server's to set (`mfaAt`: when the
/// session used its second factor, for a decision about the session's own user).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckContext {
    #[serde(default)]
    resource_owner: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckRequest {
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    roles: Option<Vec<String>>,
    action: String,
    resource: String,
    #[serde(default)]
    tenant: Option<String>,
    #[serde(default)]
    context: CheckContext,
    #[serde(default)]
    locale: Option<String>,
}

/// POST /api/access/check
pub async fn check(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<CheckRequest>,
) -> Result<Response, ApiError> {
    let locale = http::locale(body.locale.as_deref())?;
    let me = app.require_session(&headers, locale).await?;
    let state = app.access()?;
    // Asking about someone else, or about roles, reads the model.
    let about_me = body.roles.is_none() && body.user.as_ref().is_none_or(|user| user == me.user());
    if !about_me {
        app.authorize_by(&state.matrix, &me, "read", "accessModel", locale)?;
    }
    let user = match (&body.user, &body.roles) {
        (Some(user), _) => Some(user.clone()),
        (None, Some(_)) => None,
        (None, None) => Some(me.user().to_string()),
    };
    let request = AccessRequest {
        user,
        roles: body.roles,
        action: body.action,
        resource: body.resource,
        tenant: body.tenant,
        context: RequestContext {
            resource_owner: body.context.resource_owner,
            // The session's second factor speaks for its own user only.
            mfa_at: if about_me { me.row.mfa_at } else { None },
            now: Some(app.clock.now()),
        },
    };
    let decision = state.matrix.check(&request, locale);
    Ok(json_response(StatusCode::OK, &http::to_value(&decision)?))
}

/// GET /api/access/snapshot — what the session's own checks need
/// (`AccessMatrix::snapshot_for`), so that the page mirrors them (e.g. which of the user's roles
/// need a second factor) without seeing anyone else's: `{ snapshot: null }` for a user the model
/// does not name. Needs a session and a model that verifies, no permission.
pub async fn snapshot(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let locale = http::query_locale(uri.query())?;
    let me = app.require_session(&headers, locale).await?;
    let state = app.access()?;
    let snapshot = match state.matrix.snapshot_for(me.user()) {
        Ok(snapshot) => http::to_value(&snapshot)?,
        Err(_) => Value::Null,
    };
    Ok(json_response(
        StatusCode::OK,
        &json!({ "snapshot": snapshot }),
    ))
}

/// GET /api/access/model
pub async fn model(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let locale = http::query_locale(uri.query())?;
    let me = app.require_session(&headers, locale).await?;
    let state = app.authorize(&me, "read", "accessModel", locale)?;
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "model": http::to_value(state.matrix.document())?,
            "fingerprint": state.matrix.fingerprint(),
            "version": state.version,
        }),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditRequest {
    model: Value,
    reason: String,
    base_fingerprint: String,
    #[serde(default)]
    locale: Option<String>,
}

/// PUT /api/access/model
pub async fn edit(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<EditRequest>,
) -> Result<Response, ApiError> {
    let locale = http::locale(body.locale.as_deref())?;
    let me = app.require_session(&headers, locale).await?;
    app.authorize(&me, "edit", "accessModel", locale)?;
    let text = body.model.to_string();
    let new = http::blocking(move || {
        AccessMatrix::from_json(&text)
            .map_err(|err| ApiError::coded(StatusCode::UNPROCESSABLE_ENTITY, &err, "model"))
    })
    .await?;
    if body.reason.trim().is_empty() {
        return Err(ApiError::with_message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "changelog.invalid",
            "reason",
            "every change needs a reason",
        ));
    }
    let _edit = app.edit_lock.lock().await;
    let new = Arc::new(new);
    let worker = Arc::clone(&app);
    let proposed = Arc::clone(&new);
    let now = app.clock.now();
    let committed = http::blocking(move || {
        let app = worker;
        let new = proposed;
        app.store
            .commit_edit(|rows, models| {
                // What is stored now, verified against its log inside the transaction: the
                // edit applies to it, and is authorised by it.
                let current = integrity::verify(rows, models).map_err(Refused::Integrity)?;
                app.authorize_by(&current.matrix, &me, "edit", "accessModel", locale)
                    .map_err(Refused::Api)?;
                let from = current.matrix.fingerprint().to_string();
                if body.base_fingerprint != from {
                    return Err(Refused::Api(stale(locale)));
                }
                let changes = governance::diff(current.matrix.document(), new.document());
                if changes.is_empty() {
                    return Err(Refused::Api(ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "access.model.unchanged",
                        "model",
                        locale,
                    )));
                }
                let changes = http::to_value(&changes).map_err(Refused::Api)?;
                let version = current.version.saturating_add(1);
                let to = new.fingerprint().to_string();
                let record = integrity::record(version, &from, &to, changes.clone());
                rows.log
                    .append(me.user(), now, &body.reason, record)
                    .map_err(|err| Refused::Api(log_refusal(&err)))?;
                let document = serde_json::to_string(new.document())
                    .map_err(|_| Refused::Api(ApiError::internal()))?;
                Ok((
                    EditToStore {
                        document,
                        fingerprint: to,
                    },
                    changes,
                ))
            })
            .map_err(internal)
    })
    .await?;
    let (version, entry, changes) = match committed {
        Ok(done) => done,
        Err(Refused::Api(err)) => return Err(err),
        Err(Refused::Integrity(err)) => {
            // The stored model no longer verifies: nothing is enforced from now on.
            eprintln!("demo-server: warning: {}", integrity_warning(&err));
            let refusal = crate::app::refusal(&err);
            app.set_model_state(ModelState::Refused(err));
            return Err(refusal);
        }
    };
    let fingerprint = new.fingerprint().to_string();
    app.set_model_state(ModelState::Verified(AccessState {
        matrix: new,
        version,
    }));
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "version": version,
            "fingerprint": fingerprint,
            "changes": changes,
            "entry": http::to_value(&entry)?,
        }),
    ))
}

/// Why an edit was refused inside its transaction.
enum Refused {
    Api(ApiError),
    Integrity(IntegrityError),
}

/// The operator's line about a model that does not verify (stderr).
pub fn integrity_warning(err: &IntegrityError) -> String {
    format!(
        "the access model does not verify against its change log ({} at `{}`): {}; the endpoints guarded by the model are refused",
        err.code(),
        err.path(),
        err.message()
    )
}

fn stale(locale: account_rules::Locale) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "access.model.stale",
        "baseFingerprint",
        locale,
    )
}

/// A log that refuses the edit: broken or tampered (409, fail closed), an empty reason (422),
/// a time before the last entry's (409).
fn log_refusal(err: &ChangeLogError) -> ApiError {
    match err {
        ChangeLogError::Invalid { path, .. } if path.ends_with(".reason") => {
            ApiError::with_message(
                StatusCode::UNPROCESSABLE_ENTITY,
                err.code(),
                "reason",
                err.message(),
            )
        }
        _ => ApiError::coded(StatusCode::CONFLICT, err, "changelog"),
    }
}

/// GET /api/access/changelog
pub async fn change_log(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let locale = http::query_locale(uri.query())?;
    let me = app.require_session(&headers, locale).await?;
    if let ModelState::Refused(err) = app.model_state() {
        // Who may read the log is the model's to say, and it cannot be trusted: the answer
        // is the verification's verdict alone.
        return Err(crate::app::refusal(&err).and("verification", failed(&err)));
    }
    app.authorize(&me, "read", "changeLog", locale)?;
    let worker = Arc::clone(&app);
    let (models, rows) =
        http::blocking(move || worker.store.model_and_log().map_err(internal)).await?;
    // Read again, so verified again: a change of the file since the last check shows here.
    if let Err(err) = integrity::verify(&rows, &models) {
        eprintln!("demo-server: warning: {}", integrity_warning(&err));
        let refusal = crate::app::refusal(&err).and("verification", failed(&err));
        app.set_model_state(ModelState::Refused(err));
        return Err(refusal);
    }
    let verification = json!({ "ok": true, "entries": rows.log.entries.len() });
    let head = rows
        .log
        .entries
        .last()
        .map_or(GENESIS, |e| e.hash.as_str())
        .to_string();
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "entries": http::to_value(&rows.log.entries)?,
            "head": head,
            "verification": verification,
        }),
    ))
}

fn failed(err: &IntegrityError) -> Value {
    json!({
        "ok": false,
        "code": err.code(),
        "path": err.path(),
        "message": err.message(),
    })
}

/// GET /api/access/audit
pub async fn audit(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let locale = http::query_locale(uri.query())?;
    let me = app.require_session(&headers, locale).await?;
    let matrix = app.authorize(&me, "read", "audit", locale)?.matrix;
    let now = app.clock.now();
    let findings = http::blocking(move || http::to_value(&matrix.audit(now, None, locale))).await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({ "findings": findings }),
    ))
}
