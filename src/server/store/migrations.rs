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
    // 4: who sees an artist (addendum §4): an account's own artists, with its pin, and an
    // organisation's. Artists registered before this were listed to everyone; they become the
    // default (oldest) account's, which is where `artists add` now puts a new one.
    r#"
    CREATE TABLE account_artist_ids (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        artist_id  TEXT NOT NULL REFERENCES artists(account_id) ON DELETE CASCADE,
        pinned     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, artist_id)
    );
    CREATE INDEX account_artist_ids_artist ON account_artist_ids(artist_id);
    CREATE TABLE artist_organization_ids (
        artist_id       TEXT NOT NULL REFERENCES artists(account_id) ON DELETE CASCADE,
        organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        PRIMARY KEY (artist_id, organization_id)
    );
    CREATE INDEX artist_organization_ids_org ON artist_organization_ids(organization_id);
    INSERT INTO account_artist_ids (account_id, artist_id)
        SELECT (SELECT id FROM accounts ORDER BY created_at, rowid LIMIT 1), account_id
        FROM artists
        WHERE EXISTS (SELECT 1 FROM accounts)
        ORDER BY created_at, rowid;
    "#,
    // 5: a task's revision, bumped whenever what its list entry shows may have changed: the
    // task itself, its runs, their attempts, its missed fires. Triggers keep it, so a writer in
    // any process (or any tool) bumps it; a server's kept list entries compare it.
    r#"
    ALTER TABLE scheduled_actions ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
    -- An account's list, newest first, read in order (no sort of its tasks per request).
    CREATE INDEX scheduled_actions_listed ON scheduled_actions(account_id, created_at, seq);
    CREATE TRIGGER scheduled_actions_rev AFTER UPDATE ON scheduled_actions
        WHEN NEW.rev = OLD.rev
        BEGIN UPDATE scheduled_actions SET rev = OLD.rev + 1 WHERE seq = NEW.seq; END;
    CREATE TRIGGER runs_insert_rev AFTER INSERT ON runs
        BEGIN UPDATE scheduled_actions SET rev = rev + 1 WHERE id = NEW.task_id; END;
    CREATE TRIGGER runs_update_rev AFTER UPDATE ON runs
        BEGIN UPDATE scheduled_actions SET rev = rev + 1 WHERE id IN (OLD.task_id, NEW.task_id); END;
    CREATE TRIGGER runs_delete_rev AFTER DELETE ON runs
        BEGIN UPDATE scheduled_actions SET rev = rev + 1 WHERE id = OLD.task_id; END;
    CREATE TRIGGER attempts_insert_rev AFTER INSERT ON attempts
        BEGIN UPDATE scheduled_actions SET rev = rev + 1
            WHERE id = (SELECT task_id FROM runs WHERE id = NEW.run_id); END;
    CREATE TRIGGER attempts_update_rev AFTER UPDATE ON attempts
        BEGIN UPDATE scheduled_actions SET rev = rev + 1
            WHERE id IN (SELECT task_id FROM runs WHERE id IN (OLD.run_id, NEW.run_id)); END;
    CREATE TRIGGER attempts_delete_rev AFTER DELETE ON attempts
        BEGIN UPDATE scheduled_actions SET rev = rev + 1
            WHERE id = (SELECT task_id FROM runs WHERE id = OLD.run_id); END;
    CREATE TRIGGER missed_fires_insert_rev AFTER INSERT ON missed_fires
        BEGIN UPDATE scheduled_actions SET rev = rev + 1 WHERE id = NEW.task_id; END;
    CREATE TRIGGER missed_fires_update_rev AFTER UPDATE ON missed_fires
        BEGIN UPDATE scheduled_actions SET rev = rev + 1 WHERE id IN (OLD.task_id, NEW.task_id); END;
    CREATE TRIGGER missed_fires_delete_rev AFTER DELETE ON missed_fires
        BEGIN UPDATE scheduled_actions SET rev = rev + 1 WHERE id = OLD.task_id; END;
    "#,
];

/// Applies every migration the database has not seen yet, then seeds fixed rows.
pub fn apply(conn: &mut Connection) -> StoreResult<()> {
    apply_up_to(conn, MIGRATIONS.len())
}

/// Applies the migrations not seen yet among the first `count`.
fn apply_up_to(conn: &mut Connection, count: usize) -> StoreResult<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let pending = MIGRATIONS.iter().enumerate().take(count);
    for (index, sql) in pending.skip(applied.max(0) as usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artists_registered_before_links_become_the_default_accounts() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply_up_to(&mut conn, 3).unwrap();
        conn.execute_batch(
            "INSERT INTO accounts (id, email, created_at) VALUES
                 ('second', 'b@x', '2026-01-02'), ('first', 'a@x', '2026-01-01');
             INSERT INTO artists (account_id, name, created_at) VALUES
                 ('nova', 'Nova', '2026-01-03'), ('iris', 'Iris', '2026-01-02');",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let links: Vec<(String, String, i64)> = conn
            .prepare("SELECT account_id, artist_id, pinned FROM account_artist_ids ORDER BY rowid")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            links,
            vec![
                ("first".to_string(), "iris".to_string(), 0),
                ("first".to_string(), "nova".to_string(), 0),
            ]
        );
    }

    #[test]
    fn artists_without_any_account_stay_unlinked() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply_up_to(&mut conn, 3).unwrap();
        conn.execute(
            "INSERT INTO artists (account_id, name, created_at) VALUES ('nova', 'Nova', 'x')",
            [],
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let links: i64 = conn
            .query_row("SELECT count(*) FROM account_artist_ids", [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(links, 0);
    }
}
