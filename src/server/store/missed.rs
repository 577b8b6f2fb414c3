//! The `missed_fires` table: fires that fell while no scheduler was running, the newest few
//! per task, shown on the task so a gap in its runs is explained rather than silent.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, params, params_from_iter};

use super::{Store, StoreResult};
use crate::model::MissedFire;

/// How many missed fires a task keeps (the newest).
pub const MISSED_KEPT: usize = 5;

/// How many task ids go into one `IN (…)` list.
const CHUNK: usize = 500;

impl Store {
    /// Records `fires` (UTC ISO with milliseconds) as missed by `task_id` for `reason`, then
    /// forgets all but the task's newest [`MISSED_KEPT`].
    pub fn record_missed_fires(
        conn: &Connection,
        task_id: &str,
        fires: &[String],
        reason: &str,
    ) -> StoreResult<()> {
        let mut insert = conn.prepare_cached(
            "INSERT OR IGNORE INTO missed_fires (task_id, at, reason) VALUES (?1, ?2, ?3)",
        )?;
        for at in fires {
            insert.execute(params![task_id, at, reason])?;
        }
        conn.prepare_cached(
            "DELETE FROM missed_fires WHERE task_id = ?1 AND at NOT IN (
                 SELECT at FROM missed_fires WHERE task_id = ?1 ORDER BY at DESC LIMIT ?2)",
        )?
        .execute(params![task_id, MISSED_KEPT as i64])?;
        Ok(())
    }

    /// The missed fires of each task, newest first.
    pub fn missed_fires(
        conn: &Connection,
        task_ids: &[String],
    ) -> StoreResult<HashMap<String, Vec<MissedFire>>> {
        let mut by_task: HashMap<String, Vec<MissedFire>> = HashMap::new();
        for chunk in task_ids.chunks(CHUNK) {
            let placeholders = (1..=chunk.len())
                .map(|n| format!("?{n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT task_id, at, reason FROM missed_fires WHERE task_id IN ({placeholders})
                 ORDER BY task_id, at DESC"
            ))?;
            let rows = stmt.query_map(params_from_iter(chunk), |row| {
                Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?))
            })?;
            for row in rows {
                let (task_id, at, reason) = row?;
                by_task
                    .entry(task_id)
                    .or_default()
                    .push(MissedFire { at, reason });
            }
        }
        Ok(by_task)
    }

    /// The fire times (payload timestamps) of the runs of `schedule_id` fired after `after`
    /// (UTC ISO with milliseconds): fires that were not missed.
    pub fn fires_run_after(
        conn: &Connection,
        task_id: &str,
        schedule_id: &str,
        after: &str,
    ) -> StoreResult<HashSet<String>> {
        let mut stmt = conn.prepare_cached(
            "SELECT json_extract(doc, '$.payload.timestamp') FROM runs
             WHERE task_id = ?1 AND json_extract(doc, '$.payload.scheduleId') = ?2
               AND json_extract(doc, '$.payload.timestamp') > ?3",
        )?;
        let fired = stmt.query_map(params![task_id, schedule_id, after], |row| {
            row.get::<_, Option<String>>(0)
        })?;
        let mut times = HashSet::new();
        for at in fired {
            times.extend(at?);
        }
        Ok(times)
    }
}
