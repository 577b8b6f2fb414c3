//! An account's organisation memberships, as `GET /api/organizations` lists them (addendum §5).

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::StoreResult;
use crate::model::Organization;

impl super::Store {
    /// The organisations `account_id` belongs to, in the order it joined them, each once.
    pub fn memberships(conn: &Connection, account_id: &str) -> StoreResult<Vec<Organization>> {
        // The primary key (account, organisation) already makes each organisation appear once,
        // which is the hosted API's de-duplication by `organization_id`.
        let mut stmt = conn.prepare_cached(
            "SELECT m.organization_id, o.name FROM account_organization_ids m
             LEFT JOIN organizations o ON o.id = m.organization_id
             WHERE m.account_id = ?1 ORDER BY m.rowid",
        )?;
        let rows = stmt.query_map([account_id], |row| {
            let organization_id: String = row.get(0)?;
            Ok(Organization {
                id: membership_id(account_id, &organization_id),
                organization_id,
                organization_name: row.get(1)?,
                // The local store keeps no organisation images.
                organization_image: None,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The id of the membership of `account_id` in `organization_id`. The membership table's key
/// is the pair, so its id is derived from the pair (a name-based, version 5 shaped UUID): the
/// same on every call and in every copy of the database, with no column to migrate.
pub fn membership_id(account_id: &str, organization_id: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"account_organization_ids\0")
        .chain_update(account_id.as_bytes())
        .chain_update(b"\0")
        .chain_update(organization_id.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes)
        .into_uuid()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_membership_id_is_a_stable_uuid_of_the_pair() {
        let id = membership_id("a", "o");
        assert!(crate::model::is_uuid(&id), "{id}");
        assert_eq!(id, membership_id("a", "o"));
        assert_ne!(id, membership_id("o", "a"));
        assert_ne!(id, membership_id("a", "p"));
    }
}
