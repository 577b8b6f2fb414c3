//! Authentication (spec §1): exactly one of `x-api-key` / `Authorization: Bearer`, the exact 401
//! bodies of §1.2, and the `account_id` override through organisations of §1.3.

use axum::http::HeaderMap;

use super::AppState;
use super::clock::db_timestamp;
use super::error::{ACCESS_DENIED_ACCOUNT, ApiFailure};
use super::store::Store;
use crate::model::ApiError;

const EXACTLY_ONE: &str = "Exactly one of x-api-key or Authorization must be provided";
const UNAUTHORIZED: &str = "Unauthorized";
const BEARER_REQUIRED: &str = "Authorization header with Bearer token required";
/// What the hosted API answers for a bearer token that is not a Recoup key (a Privy token the
/// local server cannot verify).
const INVALID_TOKEN: &str = "Invalid authentication token";

/// A non-empty header value (an empty one counts as absent).
fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .filter(|value| !value.is_empty())
}

/// The account the request's credentials belong to.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<String, ApiFailure> {
    let unauthenticated =
        |text: &str| ApiFailure::Unauthenticated(ApiError::with_message_key(text));
    let (key, unknown_message) = match (
        header(headers, "x-api-key"),
        header(headers, "authorization"),
    ) {
        (Some(key), None) => (key, UNAUTHORIZED),
        (None, Some(authorization)) => {
            let token = authorization
                .strip_prefix("Bearer ")
                .or_else(|| authorization.strip_prefix("bearer "))
                .map(str::trim)
                .filter(|token| !token.is_empty())
                .ok_or_else(|| unauthenticated(BEARER_REQUIRED))?;
            let message = if token.starts_with("recoup_sk_") {
                UNAUTHORIZED
            } else {
                INVALID_TOKEN
            };
            (token.to_string(), message)
        }
        _ => return Err(ApiFailure::Unauthenticated(ApiError::new(EXACTLY_ONE))),
    };
    let now = db_timestamp(state.clock.now());
    match state
        .store
        .read(move |conn, secret| Store::account_for_key(conn, secret, &key, &now))
        .await
    {
        Ok(Some(account_id)) => Ok(account_id),
        Ok(None) => Err(unauthenticated(unknown_message)),
        Err(err) => {
            // The hosted API answers a failed lookup like an unknown key.
            tracing::error!(%err, "API key lookup failed");
            Err(unauthenticated(unknown_message))
        }
    }
}

/// The account a request acts for: the caller, or `target` if the caller may act for it.
pub async fn resolve_account(
    state: &AppState,
    caller: &str,
    target: Option<&str>,
) -> Result<String, ApiFailure> {
    let Some(target) = target.filter(|target| *target != caller) else {
        return Ok(caller.to_string());
    };
    let (caller_owned, target_owned) = (caller.to_string(), target.to_string());
    let allowed = state
        .store
        .read(move |conn, _| Store::can_access_account(conn, &caller_owned, &target_owned))
        .await
        .map_err(|err| ApiFailure::store("Failed to check account access", err))?;
    if allowed {
        Ok(target.to_string())
    } else {
        Err(ApiFailure::Forbidden(ACCESS_DENIED_ACCOUNT))
    }
}

/// Whether the caller is a Recoup admin (§1.3).
pub async fn is_admin(state: &AppState, caller: &str) -> Result<bool, ApiFailure> {
    let caller = caller.to_string();
    state
        .store
        .read(move |conn, _| Store::is_admin(conn, &caller))
        .await
        .map_err(|err| ApiFailure::store("Failed to check account access", err))
}
