//! Runs older than the retention window (`serve --run-retention-days`, 30 days by default) are
//! deleted with their attempts and outputs, so a busy schedule's history does not grow without
//! bound. A run still queued or executing is never deleted, however old. The scheduler holding
//! the database's lock prunes when it starts and then once an hour.

use chrono::{DateTime, Utc};

use super::AppState;
use super::clock::iso_millis;
use super::runner::RunSettings;
use super::store::Store;

/// How often the scheduler prunes (by its clock).
const EVERY: chrono::Duration = chrono::Duration::hours(1);

/// Whether an hour has passed since the last prune (or the clock went back).
pub fn due(last: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last >= EVERY || now < last
}

/// Deletes the finished runs created before `now` minus the retention window.
pub async fn old_runs(state: &AppState, settings: &RunSettings, now: DateTime<Utc>) {
    let window = chrono::Duration::from_std(settings.retention).unwrap_or(chrono::Duration::MAX);
    let Some(cutoff) = now.checked_sub_signed(window) else {
        return;
    };
    let cutoff = iso_millis(cutoff);
    // Found on a reader (a scan of every run), so the writer is held only for the deletes.
    let found = {
        let cutoff = cutoff.clone();
        state
            .store
            .read(move |conn, _| Store::finished_runs_before(conn, &cutoff))
            .await
    };
    let ids = match found {
        Ok(ids) if ids.is_empty() => return,
        Ok(ids) => ids,
        Err(err) => {
            tracing::error!(%err, "cannot look for runs past the retention window");
            return;
        }
    };
    let deleted = state
        .store
        .write(move |tx, _| Store::delete_finished_runs(tx, &ids))
        .await;
    match deleted {
        Ok(count) => {
            tracing::info!(count, before = %cutoff, "pruned runs past the retention window")
        }
        Err(err) => tracing::error!(%err, "cannot prune runs past the retention window"),
    }
}
