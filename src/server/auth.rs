//! Authentication (spec §1): exactly one of `x-api-key` / `Authorization: Bearer`, the exact 401
//! bodies of §1.2, and the `account_id` override through organisations of §1.3.

use axum::http::HeaderMap;
use rusqlite::Connection;

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

/// The credentials a request presents, checked for shape but not yet looked up.
#[derive(Clone)]
pub struct Credentials {
    key: String,
    /// What to answer if the key is unknown (it depends on how it was presented).
    unknown_message: &'static str,
}

/// Reads exactly one of `x-api-key` / `Authorization: Bearer` (401 bodies of §1.2).
pub fn credentials(headers: &HeaderMap) -> Result<Credentials, ApiFailure> {
    match (
        header(headers, "x-api-key"),
        header(headers, "authorization"),
    ) {
        (Some(key), None) => Ok(Credentials {
            key,
            unknown_message: UNAUTHORIZED,
        }),
        (None, Some(authorization)) => {
            let token = authorization
                .strip_prefix("Bearer ")
                .or_else(|| authorization.strip_prefix("bearer "))
                .map(str::trim)
                .filter(|token| !token.is_empty())
                .ok_or_else(|| unauthenticated(BEARER_REQUIRED))?;
            let unknown_message = if token.starts_with("recoup_sk_") {
                UNAUTHORIZED
            } else {
                INVALID_TOKEN
            };
            Ok(Credentials {
                key: token.to_string(),
                unknown_message,
            })
        }
        _ => Err(ApiFailure::Unauthenticated(ApiError::new(EXACTLY_ONE))),
    }
}

fn unauthenticated(text: &str) -> ApiFailure {
    ApiFailure::Unauthenticated(ApiError::with_message_key(text))
}

/// The account owning `credentials`, looked up on `conn` (for callers already on a reader).
pub fn account_of(
    conn: &Connection,
    secret: &[u8],
    credentials: &Credentials,
    now: &str,
) -> Result<String, ApiFailure> {
    match Store::account_for_key(conn, secret, &credentials.key, now) {
        Ok(Some(account_id)) => Ok(account_id),
        Ok(None) => Err(unauthenticated(credentials.unknown_message)),
        Err(err) => {
            // The hosted API answers a failed lookup like an unknown key.
            tracing::error!(%err, "API key lookup failed");
            Err(unauthenticated(credentials.unknown_message))
        }
    }
}

/// The account the request's credentials belong to.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<String, ApiFailure> {
    let credentials = credentials(headers)?;
    let now = db_timestamp(state.clock.now());
    state
        .store
        .read(move |conn, secret| Ok(account_of(conn, secret, &credentials, &now)))
        .await
        .map_err(|err| ApiFailure::store("Failed to check the API key", err))?
}

/// The account a request acts for: the caller, or `target` if the caller may act for it
/// (the same account, a Recoup admin, or a shared organisation; §1.3).
pub fn account_for(
    conn: &Connection,
    caller: &str,
    target: Option<&str>,
) -> Result<String, ApiFailure> {
    let Some(target) = target.filter(|target| *target != caller) else {
        return Ok(caller.to_string());
    };
    match Store::can_access_account(conn, caller, target) {
        Ok(true) => Ok(target.to_string()),
        Ok(false) => Err(ApiFailure::Forbidden(ACCESS_DENIED_ACCOUNT)),
        Err(err) => Err(ApiFailure::store("Failed to check account access", err)),
    }
}

/// [`account_for`] on a reader of the pool.
pub async fn resolve_account(
    state: &AppState,
    caller: &str,
    target: Option<&str>,
) -> Result<String, ApiFailure> {
    if target.is_none_or(|target| target == caller) {
        return Ok(caller.to_string());
    }
    let (caller, target) = (caller.to_string(), target.map(str::to_string));
    state
        .store
        .read(move |conn, _| Ok(account_for(conn, &caller, target.as_deref())))
        .await
        .map_err(|err| ApiFailure::store("Failed to check account access", err))?
}
