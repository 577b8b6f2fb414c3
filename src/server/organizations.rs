//! `GET /api/organizations` (addendum §5): the organisations the caller — or an account it may
//! act for — belongs to. The query is checked before the key, as on the hosted API.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;

use super::AppState;
use super::auth::{authenticate, resolve_account};
use super::error::ApiFailure;
use super::query::uuid_param;
use super::store::Store;
use crate::model::OrganizationsResponse;

#[cfg(test)]
const ACCOUNT_ID_NOT_UUID: &str = "account_id must be a valid UUID";

/// The `account_id` of the query, if any; 400 unless it is a UUID (an empty one included).
fn account_id_param(pairs: &[(String, String)]) -> Result<Option<String>, ApiFailure> {
    uuid_param(pairs, "account_id")
}

/// The route: query, then key (401), then access to the named account (403), then the list.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<OrganizationsResponse>, ApiFailure> {
    let target = account_id_param(&super::routes::query_pairs(raw))?;
    let caller = authenticate(&state, &headers).await?;
    let account = resolve_account(&state, &caller, target.as_deref()).await?;
    let organizations = state
        .store
        .read(move |conn, _| Store::memberships(conn, &account))
        .await
        .map_err(|err| ApiFailure::store("Failed to list organizations", err))?;
    Ok(Json(OrganizationsResponse {
        status: "success".to_string(),
        organizations,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn account_id_must_be_a_uuid_when_given() {
        let id = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
        assert_eq!(account_id_param(&[]), Ok(None));
        assert_eq!(
            account_id_param(&pairs(&[("account_id", id)])),
            Ok(Some(id.to_string()))
        );
        for bad in ["", "nope", " 1b4e28ba-2fa1-41d2-883f-0016d3cca427"] {
            assert_eq!(
                account_id_param(&pairs(&[("account_id", bad)])),
                Err(ApiFailure::Invalid {
                    message: ACCOUNT_ID_NOT_UUID.to_string(),
                    missing_fields: None
                }),
                "{bad:?}"
            );
        }
        assert!(account_id_param(&pairs(&[("account_id", "x"), ("account_id", id)])).is_ok());
    }
}
