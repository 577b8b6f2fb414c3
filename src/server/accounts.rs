//! Account set-up done outside a request: the default account of a fresh database, the session
//! key of local mode, and the `accounts create` / `artists add` commands' writes.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::LocalSession;
use super::clock::db_timestamp;
use super::ids;
use super::store::{NewAccount, Store, StoreError};
use crate::model::{Plan, RECOUP_ORG_ID};

/// The email of an account made for a local user: `$USER@localhost`.
pub fn default_email() -> String {
    let user = std::env::var("USER").unwrap_or_else(|_| "owner".to_string());
    format!("{user}@localhost")
}

/// Makes sure the database has a default account with a lasting key; returns the key to print
/// once, if one was generated. A key given with `--api-key` is attached to the default account,
/// never printed.
/// With `plan`, the default account (new or not) is put on it; without, its plan is left as is.
pub fn prepare_default_account(
    path: &Path,
    email: &str,
    api_key: Option<&str>,
    plan: Option<Plan>,
) -> Result<Option<String>, StoreError> {
    let store = Store::open(path)?;
    let now = db_timestamp(Utc::now());
    let (email, api_key) = (email.to_string(), api_key.map(str::to_string));
    store.write_now(move |tx, secret| {
        // Session keys of local runs that never revoked theirs (killed) and have expired.
        Store::prune_expired_keys(tx, &now)?;
        let (account, new_key) = match (Store::first_account(tx)?, api_key.as_deref()) {
            (Some(account), Some(key)) => {
                Store::add_api_key(tx, secret, &account, key, &now)?;
                (account, None)
            }
            (None, Some(key)) => (
                Store::create_account(tx, secret, Some(&email), None, Some(key), &now)?.account_id,
                None,
            ),
            (None, None) => {
                let created = Store::create_account(tx, secret, Some(&email), None, None, &now)?;
                (created.account_id, Some(created.api_key))
            }
            // An account `artists add` made has no key yet: this is its first chance to get one.
            (Some(account), None) if !Store::has_lasting_key(tx, &account)? => {
                let key = ids::api_key();
                Store::add_api_key(tx, secret, &account, &key, &now)?;
                (account, Some(key))
            }
            (Some(account), None) => (account, None),
        };
        if plan.is_some() {
            Store::set_plan(tx, &account, plan)?;
        }
        Ok(new_key)
    })
}

/// Mints a 30-day key for the default account (created if the database is empty).
pub(super) fn session_key(store: &Store, now: DateTime<Utc>) -> Result<LocalSession, StoreError> {
    let expires = db_timestamp(now + chrono::Duration::days(30));
    let now = db_timestamp(now);
    let email = default_email();
    store.write_now(move |tx, secret| {
        let account_id = match Store::first_account(tx)? {
            Some(account) => account,
            None => Store::create_account(tx, secret, Some(&email), None, None, &now)?.account_id,
        };
        let api_key = ids::api_key();
        Store::add_session_key(tx, secret, &account_id, &api_key, &now, &expires)?;
        let plan = Store::plan_of(tx, &account_id)?;
        Ok(LocalSession {
            account_id,
            plan,
            api_key,
        })
    })
}

/// Whether an account made by `accounts create` is a Recoup admin: one who can read and change
/// every account's tasks. Only an explicit `--admin` makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Member,
    Admin,
}

/// Why `accounts create` failed.
#[derive(Debug)]
pub enum CreateAccountError {
    Store(StoreError),
    /// `--org` named the Recoup organisation (in any letter case, or by id) without `--admin`.
    RecoupOrgWithoutAdmin(String),
}

impl std::fmt::Display for CreateAccountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CreateAccountError::Store(err) => write!(f, "{err}"),
            CreateAccountError::RecoupOrgWithoutAdmin(name) => write!(
                f,
                "{name:?} is the Recoup organisation, whose members are admins (they can read \
                 and change every account's tasks); pass --admin to create an admin"
            ),
        }
    }
}

impl From<StoreError> for CreateAccountError {
    fn from(err: StoreError) -> Self {
        CreateAccountError::Store(err)
    }
}

/// Creates an account in the database at `path` (joining `org`, created if new; on `plan`, or
/// unrestricted without one) with a fresh key, which the caller shows once. An admin joins the
/// Recoup organisation by its id; naming that organisation as `org` is refused for a member,
/// and nothing is written then.
pub fn create_account(
    path: &Path,
    email: &str,
    org: Option<&str>,
    plan: Option<Plan>,
    role: Role,
) -> Result<NewAccount, CreateAccountError> {
    let now = db_timestamp(Utc::now());
    let (email, org) = (email.to_string(), org.map(str::to_string));
    let store = Store::open(path)?;
    store.write_now(move |tx, secret| {
        if let Some(name) = &org
            && role == Role::Member
            && Store::organization_named(tx, name)?.as_deref() == Some(RECOUP_ORG_ID)
        {
            return Ok(Err(CreateAccountError::RecoupOrgWithoutAdmin(name.clone())));
        }
        let created = Store::create_account(tx, secret, Some(&email), org.as_deref(), None, &now)?;
        if role == Role::Admin {
            Store::join_organization(tx, &created.account_id, RECOUP_ORG_ID)?;
        }
        Store::set_plan(tx, &created.account_id, plan)?;
        Ok(Ok(created))
    })?
}

/// Whose an artist added by `artists add` is.
#[derive(Debug, Clone, PartialEq)]
pub enum ArtistOwner {
    /// The default (oldest) account, created (with no key yet) if the database has none.
    DefaultAccount,
    /// The oldest account with this email.
    Email(String),
    /// The organisation with this name or id, created if new.
    Organization(String),
}

/// The row that makes an artist someone's: an account id or an organisation id.
enum ArtistLink {
    Account(String),
    Organization(String),
}

/// Why `artists add` failed.
#[derive(Debug)]
pub enum AddArtistError {
    Store(StoreError),
    NoAccountWithEmail(String),
}

impl std::fmt::Display for AddArtistError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddArtistError::Store(err) => write!(f, "{err}"),
            AddArtistError::NoAccountWithEmail(email) => {
                write!(f, "no account has the email {email:?}")
            }
        }
    }
}

impl From<StoreError> for AddArtistError {
    fn from(err: StoreError) -> Self {
        AddArtistError::Store(err)
    }
}

/// Registers an artist in the database at `path`, as `owner`'s; returns its account id.
/// Nothing is written when the owner cannot be found.
pub fn add_artist(path: &Path, name: &str, owner: ArtistOwner) -> Result<String, AddArtistError> {
    let now = db_timestamp(Utc::now());
    let name = name.to_string();
    let email = default_email();
    let store = Store::open(path)?;
    store.write_now(move |tx, _| {
        let link = match &owner {
            ArtistOwner::DefaultAccount => ArtistLink::Account(match Store::first_account(tx)? {
                Some(account) => account,
                // Keyless: `serve` mints and prints the key when it first opens the database.
                None => Store::create_account_without_key(tx, Some(&email), &now)?,
            }),
            ArtistOwner::Email(email) => match Store::account_by_email(tx, email)? {
                Some(account) => ArtistLink::Account(account),
                None => return Ok(Err(AddArtistError::NoAccountWithEmail(email.clone()))),
            },
            ArtistOwner::Organization(org) => {
                ArtistLink::Organization(Store::organization_by_name(tx, org)?)
            }
        };
        let artist = Store::add_artist(tx, &name, &now)?;
        match link {
            ArtistLink::Account(account) => Store::link_artist(tx, &account, &artist, false)?,
            ArtistLink::Organization(org_id) => {
                Store::add_artist_to_organization(tx, &artist, &org_id)?
            }
        }
        Ok(Ok(artist))
    })?
}
