//! The `scheduled_actions` table: the tasks as stored (before enrichment).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter, types::Value};

use super::{Store, StoreResult};

/// A task row. `timezone` is stored here (unlike the hosted API, where only Trigger.dev knows
/// it), so disabling a task keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub id: String,
    pub title: String,
    pub prompt: String,
    pub schedule: String,
    pub account_id: String,
    pub artist_account_id: String,
    pub enabled: Option<bool>,
    pub trigger_schedule_id: Option<String>,
    pub model: Option<String>,
    pub timezone: String,
    pub created_at: String,
    pub updated_at: String,
    pub schedule_changed_at: String,
}

/// Everything needed to insert a task.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub title: String,
    pub prompt: String,
    pub schedule: String,
    pub account_id: String,
    pub artist_account_id: String,
    pub model: Option<String>,
    pub timezone: String,
    pub trigger_schedule_id: String,
}

/// The columns a PATCH writes; `None` leaves a column as it is.
#[derive(Debug, Clone, Default)]
pub struct TaskChanges {
    pub title: Option<String>,
    pub prompt: Option<String>,
    pub schedule: Option<String>,
    pub artist_account_id: Option<String>,
    /// `Some(None)` writes SQL `NULL`, as the hosted API does for `enabled: null`.
    pub enabled: Option<Option<bool>>,
    pub model: Option<String>,
    pub timezone: Option<String>,
    pub trigger_schedule_id: Option<Option<String>>,
    /// Set when the cron, the zone or the schedule id changes.
    pub schedule_changed_at: Option<String>,
}

/// The filters of `GET /api/tasks`, ANDed; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TaskFilter {
    pub id: Option<String>,
    pub account_id: Option<String>,
    pub artist_account_id: Option<String>,
    pub enabled: Option<bool>,
}

/// A task's identity in a list, with what its list entry depends on besides its own rows.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskHead {
    pub id: String,
    /// Bumped by triggers on any change to the task, its runs, attempts or missed fires.
    pub rev: i64,
    pub artist_name: Option<String>,
    pub owner_email: Option<String>,
}

/// The `WHERE` conditions and their values for `filter`, on `scheduled_actions` columns.
fn filter_sql(filter: &TaskFilter) -> (String, Vec<Value>) {
    let mut conditions = String::from("1 = 1");
    let mut values: Vec<Value> = Vec::new();
    let text_filters = [
        ("id", &filter.id),
        ("account_id", &filter.account_id),
        ("artist_account_id", &filter.artist_account_id),
    ];
    for (column, wanted) in text_filters {
        if let Some(wanted) = wanted {
            values.push(Value::Text(wanted.clone()));
            conditions.push_str(&format!(" AND {column} = ?{}", values.len()));
        }
    }
    if let Some(enabled) = filter.enabled {
        values.push(Value::Integer(i64::from(enabled)));
        conditions.push_str(&format!(" AND enabled = ?{}", values.len()));
    }
    (conditions, values)
}

const COLUMNS: &str = "id, title, prompt, schedule, account_id, artist_account_id, enabled, \
                       trigger_schedule_id, model, timezone, created_at, updated_at, \
                       schedule_changed_at";

fn task_from_row(row: &Row<'_>) -> rusqlite::Result<TaskRow> {
    Ok(TaskRow {
        id: row.get(0)?,
        title: row.get(1)?,
        prompt: row.get(2)?,
        schedule: row.get(3)?,
        account_id: row.get(4)?,
        artist_account_id: row.get(5)?,
        enabled: row.get(6)?,
        trigger_schedule_id: row.get(7)?,
        model: row.get(8)?,
        timezone: row.get(9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
        schedule_changed_at: row.get(12)?,
    })
}

/// Marks the task table as changed, for the scheduler (which may live in another process).
fn bump_tasks_version(conn: &Connection) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('tasks_version', '1')
         ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        [],
    )?;
    Ok(())
}

impl Store {
    /// A number that changes whenever any task is created, changed or deleted.
    pub fn tasks_version(conn: &Connection) -> StoreResult<i64> {
        Ok(conn
            .prepare_cached(
                "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'tasks_version'",
            )?
            .query_row([], |row| row.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// Inserts a new enabled task with its schedule id and returns the stored row.
    pub fn insert_task(
        conn: &Connection,
        id: &str,
        task: &NewTask,
        now: &str,
    ) -> StoreResult<TaskRow> {
        conn.execute(
            "INSERT INTO scheduled_actions (id, title, prompt, schedule, account_id, artist_account_id,
                 enabled, trigger_schedule_id, model, timezone, created_at, updated_at,
                 schedule_changed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10, ?10, ?10)",
            params![
                id,
                task.title,
                task.prompt,
                task.schedule,
                task.account_id,
                task.artist_account_id,
                task.trigger_schedule_id,
                task.model,
                task.timezone,
                now
            ],
        )?;
        bump_tasks_version(conn)?;
        Self::task(conn, id)?
            .ok_or_else(|| super::StoreError::Corrupt("inserted task vanished".into()))
    }

    /// The task with this id, whoever owns it.
    pub fn task(conn: &Connection, id: &str) -> StoreResult<Option<TaskRow>> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM scheduled_actions WHERE id = ?1"
            ))?
            .query_row([id], task_from_row)
            .optional()?)
    }

    /// Tasks matching `filter`, newest first.
    pub fn tasks(conn: &Connection, filter: &TaskFilter) -> StoreResult<Vec<TaskRow>> {
        let (conditions, values) = filter_sql(filter);
        let sql = format!(
            "SELECT {COLUMNS} FROM scheduled_actions WHERE {conditions} \
             ORDER BY created_at DESC, seq DESC"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), task_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What decides whether a kept list entry still holds for each task matching `filter`,
    /// in [`Store::tasks`]' order: its revision, its artist's name and its owner's email. The
    /// names are read once per artist and account (a join would search for them per task).
    pub fn task_heads(conn: &Connection, filter: &TaskFilter) -> StoreResult<Vec<TaskHead>> {
        let (conditions, values) = filter_sql(filter);
        let sql = format!(
            "SELECT id, rev, artist_account_id, account_id FROM scheduled_actions \
             WHERE {conditions} ORDER BY created_at DESC, seq DESC"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        let mut artist_names: HashMap<String, Option<String>> = HashMap::new();
        let mut emails: HashMap<String, Option<String>> = HashMap::new();
        let mut heads = Vec::new();
        while let Some(row) = rows.next()? {
            let artist: String = row.get(2)?;
            let account: String = row.get(3)?;
            let artist_name =
                super::remembered(&mut artist_names, &artist, |id| Self::artist_name(conn, id))?;
            let owner_email =
                super::remembered(&mut emails, &account, |id| Self::email_of(conn, id))?;
            heads.push(TaskHead {
                id: row.get(0)?,
                rev: row.get(1)?,
                artist_name,
                owner_email,
            });
        }
        Ok(heads)
    }

    /// A summary of the task table that changes when a task is created or deleted or its
    /// `rev` is bumped (by any writer, through the triggers): count, sum of revs, newest seq.
    pub fn list_state(conn: &Connection) -> StoreResult<(i64, i64, i64)> {
        Ok(conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(rev), 0), coalesce(max(seq), 0) \
                 FROM scheduled_actions",
            )?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?)
    }

    /// The tasks with these ids (those that exist), in no particular order.
    pub fn tasks_by_ids(conn: &Connection, ids: &[&str]) -> StoreResult<Vec<TaskRow>> {
        let mut rows = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let placeholders = (1..=chunk.len())
                .map(|n| format!("?{n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM scheduled_actions WHERE id IN ({placeholders})"
            ))?;
            for row in stmt.query_map(params_from_iter(chunk), task_from_row)? {
                rows.push(row?);
            }
        }
        Ok(rows)
    }

    /// How many tasks (enabled or not) an account owns.
    pub fn task_count(conn: &Connection, account_id: &str) -> StoreResult<u64> {
        Ok(conn
            .prepare_cached("SELECT count(*) FROM scheduled_actions WHERE account_id = ?1")?
            .query_row([account_id], |row| row.get::<_, i64>(0))?
            .max(0) as u64)
    }

    /// The ids of the owner's tasks with `enabled = true` exactly (`false` and `NULL` rows do
    /// not count toward a plan, addendum §1.7), oldest first (`created_at`, then insertion).
    pub fn enabled_task_ids(conn: &Connection, account_id: &str) -> StoreResult<Vec<String>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM scheduled_actions WHERE account_id = ?1 AND enabled = 1
             ORDER BY created_at, seq",
        )?;
        let rows = stmt.query_map([account_id], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Tasks that have a schedule, i.e. the ones the scheduler fires.
    pub fn scheduled_tasks(conn: &Connection) -> StoreResult<Vec<TaskRow>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM scheduled_actions WHERE trigger_schedule_id IS NOT NULL"
        ))?;
        let rows = stmt.query_map([], task_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes `changes` to the task and returns the row as stored.
    pub fn update_task(
        conn: &Connection,
        id: &str,
        changes: &TaskChanges,
    ) -> StoreResult<Option<TaskRow>> {
        let mut sets: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let mut set = |column: &str, value: Value| {
            values.push(value);
            sets.push(format!("{column} = ?{}", values.len()));
        };
        let text = |value: &Option<String>| value.clone().map_or(Value::Null, Value::Text);
        if let Some(title) = &changes.title {
            set("title", Value::Text(title.clone()));
        }
        if let Some(prompt) = &changes.prompt {
            set("prompt", Value::Text(prompt.clone()));
        }
        if let Some(schedule) = &changes.schedule {
            set("schedule", Value::Text(schedule.clone()));
        }
        if let Some(artist) = &changes.artist_account_id {
            set("artist_account_id", Value::Text(artist.clone()));
        }
        if let Some(enabled) = changes.enabled {
            set(
                "enabled",
                enabled.map_or(Value::Null, |on| Value::Integer(i64::from(on))),
            );
        }
        if let Some(model) = &changes.model {
            set("model", Value::Text(model.clone()));
        }
        if let Some(timezone) = &changes.timezone {
            set("timezone", Value::Text(timezone.clone()));
        }
        if let Some(schedule_id) = &changes.trigger_schedule_id {
            set("trigger_schedule_id", text(schedule_id));
        }
        if let Some(changed_at) = &changes.schedule_changed_at {
            set("schedule_changed_at", Value::Text(changed_at.clone()));
        }
        if !sets.is_empty() {
            values.push(Value::Text(id.to_string()));
            let sql = format!(
                "UPDATE scheduled_actions SET {} WHERE id = ?{}",
                sets.join(", "),
                values.len()
            );
            conn.execute(&sql, params_from_iter(values))?;
            bump_tasks_version(conn)?;
        }
        Self::task(conn, id)
    }

    /// Deletes the task; its past runs stay. Returns whether a row was deleted.
    pub fn delete_task(conn: &Connection, id: &str) -> StoreResult<bool> {
        let deleted = conn.execute("DELETE FROM scheduled_actions WHERE id = ?1", [id])? > 0;
        if deleted {
            bump_tasks_version(conn)?;
        }
        Ok(deleted)
    }
}
