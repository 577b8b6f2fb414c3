//! Runs that were in progress when their server stopped or died: each is finished as `FAILED`
//! with an `Interrupted` error, and so is its last attempt, with the same error — both ending
//! when the server was last known to be running it, so their durations are the time it ran.
//! A run still queued for a slot never started: it fails the same way, its error saying it
//! never started (it is not run late by the next server, which makes up no fire either).

use chrono::{DateTime, SubsecRound, Utc};

use super::AppState;
use super::clock::{iso_millis, parse_instant};
use super::runner::set_status;
use super::store::{RunRecord, Store};
use crate::model::{Run, RunError, RunStatus};

/// How the runs in progress came to an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// The server was stopped (Ctrl+C, SIGTERM, an embedded server's `stop`) at this time.
    Stopped(DateTime<Utc>),
    /// The server died; its heartbeat last said it was alive at this time (`None`: no
    /// heartbeat was ever written, so only the run's own last save is known).
    Died(Option<DateTime<Utc>>),
}

impl Interruption {
    /// The error of a run that had `started` (else it was still queued).
    fn error(self, started: bool) -> RunError {
        let cause = match self {
            Interruption::Stopped(_) => "the server running it was stopped",
            Interruption::Died(_) => "the server running it died",
        };
        let when = if started { "" } else { " before it started" };
        RunError {
            message: format!("The run was interrupted{when}: {cause}"),
            name: Some("Interrupted".to_string()),
            stack_trace: None,
        }
    }

    /// The latest moment the run can be said to have run until: the stop, or the last
    /// heartbeat — never before its last recorded step (`since`), never after `now`.
    fn ended(self, since: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
        let bound = match self {
            Interruption::Stopped(at) => at,
            Interruption::Died(Some(seen)) => seen,
            Interruption::Died(None) => since,
        };
        bound.max(since).min(now.max(since)).trunc_subsecs(3)
    }
}

/// Finishes every run left `QUEUED`/`EXECUTING`. Only the scheduler holding the database's
/// lock calls this, so none of them can still be running anywhere.
pub async fn fail_interrupted(state: &AppState, how: Interruption) {
    let now = state.clock.now();
    let result = state
        .store
        .write(move |tx, _| {
            let records = Store::unfinished_runs(tx)?;
            for record in &records {
                finish(tx, record, how, now)?;
            }
            Ok(records.len())
        })
        .await;
    match result {
        Ok(0) => {}
        Ok(count) => tracing::warn!(count, ?how, "marked interrupted runs as failed"),
        Err(err) => tracing::error!(%err, "cannot check for interrupted runs"),
    }
}

fn finish(
    tx: &rusqlite::Connection,
    record: &RunRecord,
    how: Interruption,
    now: DateTime<Utc>,
) -> Result<(), super::store::StoreError> {
    let mut run: Run = record.run.clone();
    let error = how.error(run.started_at.is_some());
    let updated = iso_millis(now);
    let attempts = run.attempts.take().unwrap_or_default();
    // The attempt in progress, if the run was executing one (not waiting between two).
    let current = attempts
        .iter()
        .enumerate()
        .next_back()
        .filter(|(_, attempt)| attempt.completed_at.is_none());
    let since = current
        .and_then(|(_, attempt)| attempt.started_at.as_deref())
        .or(run.started_at.as_deref())
        .and_then(parse_instant)
        .or_else(|| parse_instant(&run.updated_at))
        .or_else(|| parse_instant(&run.created_at))
        .unwrap_or(now);
    let ended = how.ended(since, now);
    let ended_text = iso_millis(ended);
    if let Some((index, attempt)) = current {
        let mut attempt = attempt.clone();
        attempt.status = "FAILED".to_string();
        attempt.completed_at = Some(ended_text.clone());
        attempt.updated_at = updated.clone();
        attempt.error = Some(error.clone());
        // The attempts before it are already counted in the run's duration.
        run.duration_ms += (ended - since).num_milliseconds().max(0) as f64;
        Store::save_attempt(tx, &run.id, index as u32 + 1, &attempt)?;
    }
    set_status(&mut run, RunStatus::Failed, &updated);
    run.finished_at = Some(ended_text);
    run.error = Some(Box::new(error));
    Store::update_run(tx, &run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse_instant(text).unwrap_or_else(|| panic!("bad time {text}"))
    }

    #[test]
    fn a_run_ends_at_the_stop_or_the_last_heartbeat_within_its_own_times() {
        let since = at("2026-03-02T09:00:00Z");
        let now = at("2026-03-02T12:00:00Z");
        let stopped = Interruption::Stopped(at("2026-03-02T09:00:07.123456Z"));
        assert_eq!(stopped.ended(since, now), at("2026-03-02T09:00:07.123Z"));
        let died = Interruption::Died(Some(at("2026-03-02T09:00:12Z")));
        assert_eq!(died.ended(since, now), at("2026-03-02T09:00:12Z"));
        // A heartbeat from before the run started (it died within a beat): no time at all.
        let early = Interruption::Died(Some(at("2026-03-02T08:59:59Z")));
        assert_eq!(early.ended(since, now), since);
        assert_eq!(Interruption::Died(None).ended(since, now), since);
        // A heartbeat from the future (a clock set back) is not believed past now.
        let future = Interruption::Died(Some(at("2026-03-03T00:00:00Z")));
        assert_eq!(future.ended(since, now), now);
    }
}
