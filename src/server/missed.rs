//! Fires that fell while no server was running. The scheduler does not make them up (no
//! backfill, like Trigger.dev), but it records them when it starts — the fires between the
//! last moment a scheduler of this database was known alive (else the task's last fire) and
//! its own start that have no run — so the task shows them instead of a silent gap.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::AppState;
use super::clock::{iso_millis, parse_instant};
use super::store::{MISSED_KEPT, Store, StoreResult, TaskRow};
use trigger_cron::timezones;

/// Why a recorded fire produced no run.
pub const NOTHING_RAN: &str = "nothing was running";
/// Why a fire made no run while its task's previous run had not ended (still executing, or
/// queued for a slot).
pub const SKIPPED_BUSY: &str = "skipped: the previous run was still running";

/// Records, for every scheduled task, the fires in `(last_seen, started]` that have no run.
pub async fn record(state: &AppState, last_seen: Option<DateTime<Utc>>, started: DateTime<Utc>) {
    // Found on a reader, so the writer is held only for the few rows written.
    let found = state
        .store
        .read(move |conn, _| {
            let mut found = Vec::new();
            for task in Store::scheduled_tasks(conn)? {
                let fires = missed_by(conn, &task, last_seen, started)?;
                if !fires.is_empty() {
                    found.push((task.id, fires));
                }
            }
            Ok(found)
        })
        .await;
    let found = match found {
        Ok(found) if found.is_empty() => return,
        Ok(found) => found,
        Err(err) => {
            tracing::error!(%err, "cannot look for fires missed while nothing was running");
            return;
        }
    };
    let tasks = found.len();
    let written = state
        .store
        .write(move |tx, _| {
            for (task_id, fires) in &found {
                Store::record_missed_fires(tx, task_id, fires, NOTHING_RAN)?;
            }
            Ok(())
        })
        .await;
    match written {
        Ok(()) => tracing::info!(tasks, "recorded fires missed while nothing was running"),
        Err(err) => tracing::error!(%err, "cannot record fires missed while nothing was running"),
    }
}

/// The newest fires of `task` in the gap, as UTC ISO strings, newest first.
fn missed_by(
    conn: &Connection,
    task: &TaskRow,
    last_seen: Option<DateTime<Utc>>,
    started: DateTime<Utc>,
) -> StoreResult<Vec<String>> {
    let Some(schedule_id) = task.trigger_schedule_id.as_deref() else {
        return Ok(Vec::new());
    };
    let since = match last_seen {
        Some(seen) => Some(seen),
        // No heartbeat (a database from before them): the task's last fire is the one bound
        // known; with neither, nothing can be said.
        None => Store::last_fire(conn, &task.id, schedule_id)?
            .as_deref()
            .and_then(parse_instant),
    };
    let Some(since) = since else {
        return Ok(Vec::new());
    };
    // Fires from before the schedule took its present shape belong to another schedule.
    let since =
        parse_instant(&task.schedule_changed_at).map_or(since, |changed| since.max(changed));
    if since >= started {
        return Ok(Vec::new());
    }
    // Fires just before a crash may have run after the last heartbeat.
    let ran = Store::fires_run_after(conn, &task.id, schedule_id, &iso_millis(since))?;
    let fires = newest_fires(&task.schedule, &task.timezone, since, started, &ran);
    Ok(fires.into_iter().map(iso_millis).collect())
}

/// The newest [`MISSED_KEPT`] fire times in `(since, until]` that are not in `ran`, newest
/// first. It looks back in windows doubling from an hour, so a week's downtime of an
/// every-minute schedule costs no more than an hour's.
fn newest_fires(
    expression: &str,
    zone_name: &str,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    ran: &HashSet<String>,
) -> Vec<DateTime<Utc>> {
    let (Ok(schedule), Ok(zone)) = (
        trigger_cron::parse(expression),
        timezones::resolve(zone_name),
    ) else {
        return Vec::new();
    };
    let mut window = chrono::Duration::hours(1);
    loop {
        let from = until
            .checked_sub_signed(window)
            .map_or(since, |from| from.max(since));
        let mut fires = Vec::new();
        let mut at = from;
        while let Ok(next) = schedule.next_after(zone, at) {
            if next > until || next <= at {
                break;
            }
            if !ran.contains(&iso_millis(next)) {
                fires.push(next);
            }
            at = next;
        }
        if fires.len() >= MISSED_KEPT || from == since {
            fires.reverse();
            fires.truncate(MISSED_KEPT);
            return fires;
        }
        window = window * 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse_instant(text).unwrap_or_else(|| panic!("bad time {text}"))
    }

    fn texts(fires: Vec<DateTime<Utc>>) -> Vec<String> {
        fires.into_iter().map(iso_millis).collect()
    }

    #[test]
    fn the_newest_fires_of_a_long_gap_are_found_newest_first() {
        let since = at("2026-03-01T00:00:00Z");
        let until = at("2026-03-08T10:30:00Z");
        let every_minute = newest_fires("* * * * *", "UTC", since, until, &HashSet::new());
        assert_eq!(
            texts(every_minute),
            [
                "2026-03-08T10:30:00.000Z",
                "2026-03-08T10:29:00.000Z",
                "2026-03-08T10:28:00.000Z",
                "2026-03-08T10:27:00.000Z",
                "2026-03-08T10:26:00.000Z",
            ]
        );
        // Sparse: twice in the gap, both found however far back.
        let monthly = newest_fires("0 9 1,5 * *", "Europe/Paris", since, until, &HashSet::new());
        assert_eq!(
            texts(monthly),
            ["2026-03-05T08:00:00.000Z", "2026-03-01T08:00:00.000Z"]
        );
    }

    #[test]
    fn fires_that_ran_and_fires_at_the_start_of_the_gap_are_not_missed() {
        let since = at("2026-03-02T09:00:00Z");
        let until = at("2026-03-02T12:00:00Z");
        let ran = HashSet::from(["2026-03-02T10:00:00.000Z".to_string()]);
        assert_eq!(
            texts(newest_fires("0 * * * *", "UTC", since, until, &ran)),
            ["2026-03-02T12:00:00.000Z", "2026-03-02T11:00:00.000Z"]
        );
    }
}
