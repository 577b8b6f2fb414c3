//! Accounts, organisations and API keys.
//!
//! Keys are stored only as HMAC-SHA256 of the raw key, like the hosted API; the raw key exists
//! only in the caller's hands. The HMAC secret is generated once per database and kept in its
//! own file beside it ([`secret_path`], 0600), not in the database it protects: a copy of the
//! database alone (a backup, a file attached to a bug report) cannot be used to test guesses.

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::{StoreError, StoreResult};
use crate::config::private_files;
use crate::model::{Plan, RECOUP_ORG_ID};
use crate::server::ids;

/// Where versions before the secret file kept the secret: a row of the settings table.
const SECRET_SETTING: &str = "api_key_hmac_secret";

/// `<db>.secret`: the file holding the HMAC secret of the database at `db` (hex, one line).
pub fn secret_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".secret");
    PathBuf::from(name)
}

/// The HMAC secret of the database at `db`, from its file; created on first use. An older
/// database's secret moves from its settings table to the file, so its keys keep working.
pub(super) fn key_secret(conn: &mut Connection, db: &Path) -> StoreResult<Vec<u8>> {
    let path = secret_path(db);
    // One process at a time: another one opening the database waits here, then finds the file.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let stored: Option<String> = tx
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [SECRET_SETTING],
            |row| row.get(0),
        )
        .optional()?;
    let secret = match (read_secret(&path)?, stored) {
        (Some(file), None) => file,
        // A move that stopped between writing the file and committing the deletion.
        (Some(file), Some(stored)) if file == stored => file,
        (Some(_), Some(_)) => {
            return Err(StoreError::Files(format!(
                "{} holds another key secret than the one this database still keeps: it \
                 belongs to another database; move it away",
                path.display()
            )));
        }
        (None, Some(stored)) => write_secret(&path, stored)?,
        (None, None) => {
            // A new secret would make every lasting key fail as if it were wrong.
            let has_keys = tx
                .prepare("SELECT 1 FROM account_api_keys WHERE expires_at IS NULL")?
                .exists([])?;
            if has_keys {
                return Err(StoreError::Files(format!(
                    "the database's API keys were hashed with the secret in {}, which is \
                     missing: restore it beside the database",
                    path.display()
                )));
            }
            write_secret(&path, to_hex(&ids::random_bytes::<32>()))?
        }
    };
    tx.execute("DELETE FROM settings WHERE key = ?1", [SECRET_SETTING])?;
    tx.commit()?;
    Ok(secret.into_bytes())
}

/// The secret in `path`, if the file exists; an existing one readable by others is tightened.
fn read_secret(path: &Path) -> StoreResult<Option<String>> {
    let failed = |err: std::io::Error| {
        StoreError::Files(format!(
            "cannot read the key secret {}: {err}",
            path.display()
        ))
    };
    private_files::tighten(path).map_err(failed)?;
    match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => Err(StoreError::Files(format!(
            "the key secret {} is empty",
            path.display()
        ))),
        Ok(text) => Ok(Some(text.trim().to_string())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(failed(err)),
    }
}

/// Writes `secret` to `path` (0600, all at once); the secret the file holds after.
fn write_secret(path: &Path, secret: String) -> StoreResult<String> {
    let failed = |err: std::io::Error| {
        StoreError::Files(format!(
            "cannot write the key secret {}: {err}",
            path.display()
        ))
    };
    let created = private_files::create_new_atomically(path, format!("{secret}\n").as_bytes())
        .map_err(failed)?;
    if created {
        return Ok(secret);
    }
    // Made meanwhile by someone not holding the database's lock: theirs stands.
    read_secret(path)?.ok_or_else(|| failed(std::io::ErrorKind::NotFound.into()))
}

/// HMAC-SHA256 of `raw_key` under `secret`, as lowercase hex.
pub fn hash_key(secret: &[u8], raw_key: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(raw_key.as_bytes());
    to_hex(&mac.finalize().into_bytes())
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A newly created account, with the only copy of its raw key.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub account_id: String,
    pub api_key: String,
}

impl super::Store {
    /// The account owning `raw_key`, if the key is known and not expired.
    pub fn account_for_key(
        conn: &Connection,
        secret: &[u8],
        raw_key: &str,
        now: &str,
    ) -> StoreResult<Option<String>> {
        let hash = hash_key(secret, raw_key);
        let row: Option<(String, String, Option<String>)> = conn
            .prepare_cached(
                "SELECT account_id, key_hash, expires_at FROM account_api_keys WHERE key_hash = ?1",
            )?
            .query_row([&hash], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        Ok(row.and_then(|(account_id, stored, expires_at)| {
            let matches: bool = stored.as_bytes().ct_eq(hash.as_bytes()).into();
            let expired = expires_at.is_some_and(|at| at.as_str() <= now);
            (matches && !expired).then_some(account_id)
        }))
    }

    /// Creates an account (optionally with an email and an organisation, created by name if
    /// new) and a key for it: `api_key` if given, else a fresh hosted-shaped one.
    pub fn create_account(
        conn: &Connection,
        secret: &[u8],
        email: Option<&str>,
        org: Option<&str>,
        api_key: Option<&str>,
        now: &str,
    ) -> StoreResult<NewAccount> {
        let account_id = Self::create_account_without_key(conn, email, now)?;
        if let Some(name) = org {
            let org_id = Self::organization_by_name(conn, name)?;
            Self::join_organization(conn, &account_id, &org_id)?;
        }
        let api_key = api_key.map(str::to_string).unwrap_or_else(ids::api_key);
        Self::add_api_key(conn, secret, &account_id, &api_key, now)?;
        Ok(NewAccount {
            account_id,
            api_key,
        })
    }

    /// Creates an account nobody holds a key of yet; returns its id.
    pub fn create_account_without_key(
        conn: &Connection,
        email: Option<&str>,
        now: &str,
    ) -> StoreResult<String> {
        let account_id = ids::uuid();
        conn.execute(
            "INSERT INTO accounts (id, email, created_at) VALUES (?1, ?2, ?3)",
            params![account_id, email, now],
        )?;
        Ok(account_id)
    }

    /// Whether the account has a key that never expires (a session key does not count).
    pub fn has_lasting_key(conn: &Connection, account_id: &str) -> StoreResult<bool> {
        Ok(conn
            .prepare_cached(
                "SELECT 1 FROM account_api_keys WHERE account_id = ?1 AND expires_at IS NULL",
            )?
            .exists([account_id])?)
    }

    /// Makes `raw_key` a key of `account_id` (no-op if it already is one).
    pub fn add_api_key(
        conn: &Connection,
        secret: &[u8],
        account_id: &str,
        raw_key: &str,
        now: &str,
    ) -> StoreResult<()> {
        conn.execute(
            "INSERT INTO account_api_keys (id, account_id, key_hash, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(key_hash) DO UPDATE SET account_id = excluded.account_id, expires_at = NULL",
            params![ids::uuid(), account_id, hash_key(secret, raw_key), now],
        )?;
        Ok(())
    }

    /// Adds a key that expires at `expires_at` and forgets keys that have expired.
    pub fn add_session_key(
        conn: &Connection,
        secret: &[u8],
        account_id: &str,
        raw_key: &str,
        now: &str,
        expires_at: &str,
    ) -> StoreResult<()> {
        Self::prune_expired_keys(conn, now)?;
        conn.execute(
            "INSERT INTO account_api_keys (id, account_id, key_hash, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                ids::uuid(),
                account_id,
                hash_key(secret, raw_key),
                now,
                expires_at
            ],
        )?;
        Ok(())
    }

    /// Forgets the keys that expired by `now` (session keys of runs that never revoked theirs).
    pub fn prune_expired_keys(conn: &Connection, now: &str) -> StoreResult<usize> {
        Ok(conn.execute(
            "DELETE FROM account_api_keys WHERE expires_at IS NOT NULL AND expires_at <= ?1",
            [now],
        )?)
    }

    /// Forgets `raw_key` (no-op if it is not a key).
    pub fn remove_api_key(conn: &Connection, secret: &[u8], raw_key: &str) -> StoreResult<()> {
        conn.execute(
            "DELETE FROM account_api_keys WHERE key_hash = ?1",
            [hash_key(secret, raw_key)],
        )?;
        Ok(())
    }

    /// The id of the organisation called `name` or with id `name`, if there is one: the name
    /// in any letter case.
    pub fn organization_named(conn: &Connection, name: &str) -> StoreResult<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT id FROM organizations WHERE lower(name) = lower(?1) OR id = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Makes `account_id` a member of the organisation `org_id` (no-op if it is one).
    pub fn join_organization(conn: &Connection, account_id: &str, org_id: &str) -> StoreResult<()> {
        conn.execute(
            "INSERT OR IGNORE INTO account_organization_ids (account_id, organization_id) VALUES (?1, ?2)",
            params![account_id, org_id],
        )?;
        Ok(())
    }

    /// The id of the organisation called `name` (case-insensitive) or with id `name`, created
    /// if missing.
    pub fn organization_by_name(conn: &Connection, name: &str) -> StoreResult<String> {
        if let Some(id) = Self::organization_named(conn, name)? {
            return Ok(id);
        }
        let id = ids::uuid();
        conn.execute(
            "INSERT INTO organizations (id, name) VALUES (?1, ?2)",
            params![id, name],
        )?;
        Ok(id)
    }

    /// The oldest account, which `serve` treats as the default one.
    pub fn first_account(conn: &Connection) -> StoreResult<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT id FROM accounts ORDER BY created_at, rowid LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Whether `account_id` is a Recoup admin: a member of the Recoup org, or that org itself.
    pub fn is_admin(conn: &Connection, account_id: &str) -> StoreResult<bool> {
        if account_id == RECOUP_ORG_ID {
            return Ok(true);
        }
        Ok(conn
            .prepare_cached(
                "SELECT 1 FROM account_organization_ids WHERE account_id = ?1 AND organization_id = ?2",
            )?
            .exists(params![account_id, RECOUP_ORG_ID])?)
    }

    /// Whether `caller` may act for `target` — `canAccessAccount` (spec §1.3, addendum §3): the
    /// same account; else, only through memberships: any target for a member of the Recoup org,
    /// or a target sharing one of the caller's organisations. Unlike [`Store::is_admin`], the
    /// Recoup org account itself is not an admin here unless it has a membership row.
    pub fn can_access_account(conn: &Connection, caller: &str, target: &str) -> StoreResult<bool> {
        if caller.is_empty() || target.is_empty() {
            return Ok(false);
        }
        if caller == target {
            return Ok(true);
        }
        Ok(conn
            .prepare_cached(
                "SELECT 1 FROM account_organization_ids mine
                 WHERE mine.account_id = ?1 AND (mine.organization_id = ?3 OR EXISTS (
                     SELECT 1 FROM account_organization_ids theirs
                     WHERE theirs.organization_id = mine.organization_id
                       AND theirs.account_id = ?2))",
            )?
            .exists(params![caller, target, RECOUP_ORG_ID])?)
    }

    /// The account's plan; `None` is unrestricted (no plan was given).
    pub fn plan_of(conn: &Connection, account_id: &str) -> StoreResult<Option<Plan>> {
        let stored: Option<String> = conn
            .prepare_cached("SELECT plan FROM accounts WHERE id = ?1")?
            .query_row([account_id], |row| row.get::<_, Option<String>>(0))
            .optional()?
            .flatten();
        match stored {
            None => Ok(None),
            Some(name) => Plan::parse(&name)
                .map(Some)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown plan {name:?}"))),
        }
    }

    /// Puts the account on `plan` (`None`: unrestricted).
    pub fn set_plan(conn: &Connection, account_id: &str, plan: Option<Plan>) -> StoreResult<()> {
        conn.execute(
            "UPDATE accounts SET plan = ?2 WHERE id = ?1",
            params![account_id, plan.map(Plan::name)],
        )?;
        Ok(())
    }

    /// The oldest account with this email (case-insensitive), if any.
    pub fn account_by_email(conn: &Connection, email: &str) -> StoreResult<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT id FROM accounts WHERE lower(email) = lower(?1) ORDER BY created_at, rowid LIMIT 1",
                [email],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// The owner's email (the last one, if the hosted API ever had several).
    pub fn email_of(conn: &Connection, account_id: &str) -> StoreResult<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT email FROM accounts WHERE id = ?1")?
            .query_row([account_id], |row| row.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }
}
