//! Versioned schema migrations, kept in code. `PRAGMA user_version` records how many have been
//! applied; each runs in its own transaction, so a crash leaves the schema at a whole version.

use rusqlite::Connection;

use super::StoreResult;
use crate::model::RECOUP_ORG_ID;

/// Migration `n` (1-based) is `MIGRATIONS[n - 1]`. Never edit a released one; append.
const MIGRATIONS: &[&str] = &[
    // 1: accounts, organisations, keys, artists, tasks, runs, attempts.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE accounts (
        id         TEXT PRIMARY KEY,
        email      TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE organizations (
        id   TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE account_organization_ids (
        account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        PRIMARY KEY (account_id, organization_id)
    );
    CREATE INDEX account_organization_ids_org ON account_organization_ids(organization_id);
    CREATE TABLE account_api_keys (
        id         TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        key_hash   TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT
    );
    CREATE TABLE artists (
        account_id TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE scheduled_actions (
        seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
        id                  TEXT NOT NULL UNIQUE,
        title               TEXT NOT NULL,
        prompt              TEXT NOT NULL,
        schedule            TEXT NOT NULL,
        account_id          TEXT NOT NULL,
        artist_account_id   TEXT NOT NULL,
        enabled             INTEGER,
        trigger_schedule_id TEXT,
        model               TEXT,
        timezone            TEXT NOT NULL DEFAULT 'UTC',
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        -- When the schedule (cron, zone or schedule id) last changed: a running scheduler
        -- plans the first fire from here, so a change is never missed by a slow wake-up.
        schedule_changed_at TEXT NOT NULL
    );
    CREATE INDEX scheduled_actions_owner ON scheduled_actions(account_id, seq);
    CREATE INDEX scheduled_actions_scheduled ON scheduled_actions(trigger_schedule_id)
        WHERE trigger_schedule_id IS NOT NULL;
    CREATE TABLE runs (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        id         TEXT NOT NULL UNIQUE,
        task_id    TEXT NOT NULL,
        account_id TEXT NOT NULL,
        status     TEXT NOT NULL,
        doc        TEXT NOT NULL
    );
    CREATE INDEX runs_task ON runs(task_id, seq);
    CREATE INDEX runs_account ON runs(account_id, seq);
    CREATE TABLE attempts (
        id     TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        doc    TEXT NOT NULL
    );
    CREATE INDEX attempts_run ON attempts(run_id, number);
    "#,
    // 2: fires that fell while no scheduler was running (the newest few per task).
    r#"
    CREATE TABLE missed_fires (
        task_id TEXT NOT NULL REFERENCES scheduled_actions(id) ON DELETE CASCADE,
        -- The fire time, UTC ISO with milliseconds: sorts as it reads.
        at      TEXT NOT NULL,
        reason  TEXT NOT NULL,
        PRIMARY KEY (task_id, at)
    );
    "#,
    // 3: an account's plan (`free`, `starter`, `pro`); NULL is unrestricted (a local divergence:
    // the hosted API computes a plan for every account, `free` by default).
    r#"
    ALTER TABLE accounts ADD COLUMN plan TEXT;
    "#,
];

/// Applies every migration the database has not seen yet, then seeds fixed rows.
pub fn apply(conn: &mut Connection) -> StoreResult<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied.max(0) as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now_applied: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if now_applied > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        if index == 0 {
            seed(&tx)?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// Rows every database has: the Recoup organisation (its members are admins, spec §1.3).
fn seed(tx: &rusqlite::Transaction<'_>) -> StoreResult<()> {
    tx.execute(
        "INSERT OR IGNORE INTO organizations (id, name) VALUES (?1, 'Recoup')",
        [RECOUP_ORG_ID],
    )?;
    Ok(())
}
