//! `GET /api/artists` (addendum §4): the query is checked before auth, then auth, then access
//! to `account_id`; the list is the effective account's own artists, or an organisation's.

use axum::http::HeaderMap;

use super::AppState;
use super::auth::{account_for, authenticate};
use super::error::ApiFailure;
use super::query::ArtistsQuery;
use super::store::Store;
use crate::model::Artist;

/// The artists `query` names, for the caller of `headers`. Any authenticated caller may list
/// any organisation's artists, as on the hosted API (which never checks `org_id`).
pub async fn list(
    state: &AppState,
    headers: &HeaderMap,
    query: ArtistsQuery,
) -> Result<Vec<Artist>, ApiFailure> {
    let caller = authenticate(state, headers).await?;
    state
        .store
        .read(move |conn, _| {
            let account = match account_for(conn, &caller, query.account_id.as_deref()) {
                Ok(account) => account,
                Err(failure) => return Ok(Err(failure)),
            };
            let artists = match &query.org_id {
                Some(org_id) => Store::organization_artists(conn, org_id, &account)?,
                None => Store::personal_artists(conn, &account)?,
            };
            Ok(Ok(artists))
        })
        .await
        .map_err(|err| ApiFailure::store("Failed to list artists", err))?
}
