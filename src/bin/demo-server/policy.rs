//! The password policy the server enforces: the document, and checks exactly as the page
//! computes them (server-only rules stay `pending`: no account is involved).

use crate::app::App;
use crate::http::{self, ApiError, JsonBody, json_response};
use account_rules::policy::{Candidate, CheckOptions};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// GET /api/policy
pub async fn document(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    let policy = http::to_value(app.policy.document())?;
    Ok(json_response(
        StatusCode::OK,
        &json!({ "policy": policy, "fingerprint": app.policy.fingerprint() }),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckRequest {
    candidate: Candidate,
    #[serde(default)]
    locale: Option<String>,
}

/// POST /api/policy/check
pub async fn check(
    State(app): State<Arc<App>>,
    JsonBody(body): JsonBody<CheckRequest>,
) -> Result<Response, ApiError> {
    let locale = http::locale(body.locale.as_deref())?;
    http::blocking(move || {
        let options = CheckOptions {
            locale,
            ..CheckOptions::default()
        };
        let report = app
            .policy
            .check(&body.candidate, &options)
            .map_err(|err| ApiError::coded(StatusCode::UNPROCESSABLE_ENTITY, &err, "candidate"))?;
        Ok(json_response(StatusCode::OK, &http::to_value(&report)?))
    })
    .await
}
