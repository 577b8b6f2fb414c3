//! The HMAC secret API keys are hashed with lives in its own file beside the database, not in
//! the database it protects (issue 12 item 3); an older database's secret moves out and its
//! keys keep working.

use std::path::{Path, PathBuf};

use chrono::Utc;
use recoup_tasks::server::clock::db_timestamp;
use recoup_tasks::server::store::Store;

const SECRET_SETTING: &str = "api_key_hmac_secret";

fn secret_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".secret");
    PathBuf::from(name)
}

/// Opens `db` and creates an account; returns (account id, its key).
fn account_in(db: &Path) -> (String, String) {
    let store = Store::open(db).unwrap_or_else(|e| panic!("open: {e}"));
    let now = db_timestamp(Utc::now());
    let created = store
        .write_now(move |tx, secret| {
            Store::create_account(tx, secret, Some("a@example.com"), None, None, &now)
        })
        .unwrap_or_else(|e| panic!("account: {e}"));
    (created.account_id, created.api_key)
}

/// The account `key` belongs to, through a freshly opened store.
fn account_for(db: &Path, key: &str) -> Option<String> {
    let store = Store::open(db).unwrap_or_else(|e| panic!("open: {e}"));
    let (key, now) = (key.to_string(), db_timestamp(Utc::now()));
    store
        .read_now(|conn, secret| Store::account_for_key(conn, secret, &key, &now))
        .unwrap_or_else(|e| panic!("key lookup: {e}"))
}

/// The secret the database itself holds, if any.
fn secret_in_database(db: &Path) -> Option<String> {
    let conn = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("open: {e}"));
    rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        [SECRET_SETTING],
        |row| row.get(0),
    ))
    .unwrap_or_else(|e| panic!("settings: {e}"))
}

#[test]
fn the_key_secret_is_a_private_file_beside_the_database() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = dir.path().join("team.db");
    let (account, key) = account_in(&db);
    let secret = std::fs::read_to_string(secret_path(&db))
        .unwrap_or_else(|e| panic!("the secret file: {e}"));
    let secret = secret.trim_end();
    assert_eq!(secret.len(), 64, "{secret:?}");
    assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(secret_in_database(&db), None);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(secret_path(&db))
            .unwrap_or_else(|e| panic!("{e}"))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(account_for(&db, &key), Some(account));
}

#[test]
fn an_older_database_keeps_its_keys_when_its_secret_moves_out() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = dir.path().join("local.db");
    let (account, key) = account_in(&db);
    // As an older version kept it: the secret in the settings table, no file.
    let secret = std::fs::read_to_string(secret_path(&db))
        .unwrap_or_else(|e| panic!("the secret file: {e}"));
    let secret = secret.trim_end().to_string();
    rusqlite::Connection::open(&db)
        .and_then(|conn| {
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                [SECRET_SETTING, secret.as_str()],
            )
        })
        .unwrap_or_else(|e| panic!("old layout: {e}"));
    std::fs::remove_file(secret_path(&db)).unwrap_or_else(|e| panic!("remove: {e}"));

    assert_eq!(account_for(&db, &key), Some(account));
    assert_eq!(secret_in_database(&db), None);
    let moved = std::fs::read_to_string(secret_path(&db))
        .unwrap_or_else(|e| panic!("the secret file: {e}"));
    assert_eq!(moved.trim_end(), secret);
}

#[test]
fn keys_without_their_secret_stop_the_store_rather_than_fail_one_by_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = dir.path().join("local.db");
    account_in(&db);
    std::fs::remove_file(secret_path(&db)).unwrap_or_else(|e| panic!("remove: {e}"));
    let err = match Store::open(&db) {
        Ok(_) => panic!("opened without the keys' secret"),
        Err(err) => err.to_string(),
    };
    assert_eq!(
        err,
        format!(
            "the database's API keys were hashed with the secret in {}, which is missing: \
             restore it beside the database",
            secret_path(&db).display()
        )
    );
    assert!(
        !secret_path(&db).exists(),
        "no new secret replaced the lost one"
    );
}
