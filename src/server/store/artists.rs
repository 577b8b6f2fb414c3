//! Artists and who sees them (addendum §4): an account's own artists (`account_artist_ids`,
//! with the account's pin) and an organisation's (`artist_organization_ids`).

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreResult;
use crate::model::Artist;
use crate::server::ids;

/// `(account_id, name, pinned)` as a listed artist; the local server keeps no profile.
fn listed(row: &rusqlite::Row<'_>) -> rusqlite::Result<Artist> {
    let account_id: String = row.get(0)?;
    Ok(Artist::without_profile(
        &account_id,
        row.get(1)?,
        row.get(2)?,
    ))
}

impl super::Store {
    /// Registers an artist, linked to no one; returns its account id.
    pub fn add_artist(conn: &Connection, name: &str, now: &str) -> StoreResult<String> {
        let id = ids::uuid();
        conn.execute(
            "INSERT INTO artists (account_id, name, created_at) VALUES (?1, ?2, ?3)",
            params![id, name, now],
        )?;
        Ok(id)
    }

    /// Makes `artist_id` one of `account_id`'s own artists (or changes its pin).
    pub fn link_artist(
        conn: &Connection,
        account_id: &str,
        artist_id: &str,
        pinned: bool,
    ) -> StoreResult<()> {
        conn.execute(
            "INSERT INTO account_artist_ids (account_id, artist_id, pinned) VALUES (?1, ?2, ?3)
             ON CONFLICT(account_id, artist_id) DO UPDATE SET pinned = excluded.pinned",
            params![account_id, artist_id, pinned],
        )?;
        Ok(())
    }

    /// Makes `artist_id` an artist of the organisation `organization_id`.
    pub fn add_artist_to_organization(
        conn: &Connection,
        artist_id: &str,
        organization_id: &str,
    ) -> StoreResult<()> {
        conn.execute(
            "INSERT OR IGNORE INTO artist_organization_ids (artist_id, organization_id)
             VALUES (?1, ?2)",
            params![artist_id, organization_id],
        )?;
        Ok(())
    }

    /// The artist's name; `None` when no artist has this id.
    pub fn artist_name(conn: &Connection, artist_id: &str) -> StoreResult<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT name FROM artists WHERE account_id = ?1")?
            .query_row([artist_id], |row| row.get(0))
            .optional()?)
    }

    /// Every registered artist, oldest first, whoever sees it (unpinned).
    pub fn artists(conn: &Connection) -> StoreResult<Vec<Artist>> {
        let mut stmt = conn
            .prepare_cached("SELECT account_id, name, 0 FROM artists ORDER BY created_at, rowid")?;
        let rows = stmt.query_map([], listed)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The account's own artists in the order they were linked, minus every artist of an
    /// organisation the account belongs to (the hosted default scope).
    pub fn personal_artists(conn: &Connection, account_id: &str) -> StoreResult<Vec<Artist>> {
        let mut stmt = conn.prepare_cached(
            "SELECT a.account_id, a.name, mine.pinned
             FROM account_artist_ids mine JOIN artists a ON a.account_id = mine.artist_id
             WHERE mine.account_id = ?1 AND NOT EXISTS (
                 SELECT 1 FROM artist_organization_ids theirs
                 JOIN account_organization_ids member
                   ON member.organization_id = theirs.organization_id
                 WHERE member.account_id = ?1 AND theirs.artist_id = a.account_id)
             ORDER BY mine.rowid",
        )?;
        let rows = stmt.query_map([account_id], listed)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The organisation's artists in the order they were added, each once, pinned as
    /// `account_id` pinned it.
    pub fn organization_artists(
        conn: &Connection,
        organization_id: &str,
        account_id: &str,
    ) -> StoreResult<Vec<Artist>> {
        let mut stmt = conn.prepare_cached(
            "SELECT a.account_id, a.name, COALESCE((
                 SELECT mine.pinned FROM account_artist_ids mine
                 WHERE mine.account_id = ?2 AND mine.artist_id = a.account_id), 0)
             FROM artist_organization_ids org JOIN artists a ON a.account_id = org.artist_id
             WHERE org.organization_id = ?1
             ORDER BY org.rowid",
        )?;
        let rows = stmt.query_map(params![organization_id, account_id], listed)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
