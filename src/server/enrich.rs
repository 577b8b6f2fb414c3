//! Turning stored rows into the wire objects: tasks enriched as GET returns them (spec §3, with
//! the local server's live `upcoming`), and runs in their list and retrieve shapes (§4).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::store::{Store, StoreResult, TaskRow, remembered};
use super::trigger;
use crate::model::{Run, Task};

/// How many recent runs and upcoming fire times a task carries.
pub const TASK_RUNS: usize = 5;
pub const TASK_UPCOMING: usize = 5;

/// Enriches rows with their 5 newest runs, the next 5 fire times computed now (none when the
/// task has no schedule), the owner's email, the stored timezone, the artist's name (`None`
/// when the artist is unknown), and the fires missed while nothing was running.
pub fn enrich_tasks(
    conn: &Connection,
    rows: Vec<TaskRow>,
    now: DateTime<Utc>,
) -> StoreResult<Vec<Task>> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let runs = Store::recent_runs(conn, &ids, TASK_RUNS)?
        .into_iter()
        .map(|(task, runs)| (task, runs.into_iter().map(list_item).collect()))
        .collect();
    enrich_with_runs(conn, rows, now, runs)
}

/// [`enrich_tasks`] with the recent runs given (by task id; none for a task not there).
pub fn enrich_with_runs(
    conn: &Connection,
    rows: Vec<TaskRow>,
    now: DateTime<Utc>,
    mut runs: HashMap<String, Vec<Run>>,
) -> StoreResult<Vec<Task>> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let mut missed = Store::missed_fires(conn, &ids)?;
    let mut emails: HashMap<String, Option<String>> = HashMap::new();
    let mut artist_names: HashMap<String, Option<String>> = HashMap::new();
    let mut tasks = Vec::with_capacity(rows.len());
    for row in rows {
        let owner_email = remembered(&mut emails, &row.account_id, |id| Store::email_of(conn, id))?;
        let artist_name = remembered(&mut artist_names, &row.artist_account_id, |id| {
            Store::artist_name(conn, id)
        })?;
        let upcoming = if row.trigger_schedule_id.is_some() {
            trigger::upcoming(&row.schedule, &row.timezone, now, TASK_UPCOMING)
        } else {
            Vec::new()
        };
        let recent_runs = runs.remove(&row.id).unwrap_or_default();
        let missed_fires = missed.remove(&row.id).unwrap_or_default();
        tasks.push(Task {
            id: row.id,
            title: row.title,
            prompt: row.prompt,
            schedule: row.schedule,
            account_id: row.account_id,
            artist_account_id: row.artist_account_id,
            enabled: row.enabled,
            trigger_schedule_id: row.trigger_schedule_id,
            model: row.model,
            created_at: Some(row.created_at),
            updated_at: Some(row.updated_at),
            recent_runs,
            upcoming,
            timezone: Some(row.timezone),
            trigger_lookup_failed: None,
            artist_name,
            owner_email,
            missed_fires,
        });
    }
    Ok(tasks)
}

/// A run as the list endpoint gives it: no payload, output, error, schedule or related runs
/// (the local server keeps `attempts`).
pub fn list_item(mut run: Run) -> Run {
    run.trigger_function = None;
    run.batch_id = None;
    run.payload = None;
    run.output = None;
    run.error = None;
    run.schedule = None;
    run.related_runs = None;
    run.attempt_count = None;
    run
}

/// A run as the retrieve endpoint gives it: everything but `env`.
pub fn retrieved(mut run: Run) -> Run {
    run.env = None;
    run
}
