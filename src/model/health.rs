//! A task's health, from what the task list already carries: when it last succeeded and last
//! failed, how many of its recent runs failed, and whether a fire passed with no run — a silent
//! task. Computed with the same engine as the scheduler, in the task's zone, at a given `now`.

use std::cmp::Reverse;

use chrono::{DateTime, Duration, Utc};
use trigger_cron::timezones;

use super::{ListedTask, Run, RunStatus, RunSummary, Task, parse_instant};

/// How long after a fire its run may appear before the fire counts as missed. The local
/// scheduler creates the run at the fire and Trigger.dev within seconds, but a busy queue, a
/// scheduler that was just restarting or a clock a little apart can delay it by minutes: ten
/// minutes does not cry wolf over a slow minute, and still shows a silent task the same hour.
pub const MISSED_GRACE: Duration = Duration::minutes(10);

/// What the runs and the schedule say of a task at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Health {
    /// The start of the newest successful run among the recent ones.
    pub last_success: Option<DateTime<Utc>>,
    /// The start and status of the newest failed run among the recent ones.
    pub last_failure: Option<(DateTime<Utc>, RunStatus)>,
    /// How many of the recent runs failed, of `runs`.
    pub failed: usize,
    pub runs: usize,
    /// The newest fire that produced no run, when nothing ran after it.
    pub missed: Option<Missed>,
    /// When time alone may change the verdict: the end of the grace of the next fire (`None`
    /// when no fire is coming or nothing can be said).
    pub recheck_at: Option<DateTime<Utc>>,
}

/// A fire that produced no run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    pub at: DateTime<Utc>,
    pub why: MissedWhy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissedWhy {
    /// No run appeared within [`MISSED_GRACE`] of the fire (found here, from the schedule).
    NoRunWithinGrace,
    /// The local server recorded the fire as missed, with its reason (`nothing was running`,
    /// `skipped: the previous run was still running`, `blocked by plan: …`).
    Recorded(String),
}

/// How bad a task's health is; the derived order puts the worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// A fire passed with no run.
    Missed,
    /// Some recent runs failed.
    Failing,
    /// The recent runs succeeded (or are still going).
    Healthy,
    /// Nothing to judge by: no runs yet, nothing missed.
    Unknown,
}

impl Health {
    pub fn verdict(&self) -> Verdict {
        if self.missed.is_some() {
            Verdict::Missed
        } else if self.failed > 0 {
            Verdict::Failing
        } else if self.runs > 0 {
            Verdict::Healthy
        } else {
            Verdict::Unknown
        }
    }

    /// The key that sorts the worst first: the verdict, then more failures before fewer.
    pub fn rank(&self) -> (Verdict, Reverse<usize>) {
        (self.verdict(), Reverse(self.failed))
    }
}

/// When a run began: its start, else its creation (a queued run has not started).
pub fn run_time(run: &Run) -> Option<DateTime<Utc>> {
    run.started_at
        .as_deref()
        .filter(|s| !s.is_empty())
        .and_then(parse_instant)
        .or_else(|| parse_instant(&run.created_at))
}

/// The health of `task` at `now`.
pub fn health(task: &ListedTask, now: DateTime<Utc>) -> Health {
    let mut health = Health {
        runs: task.recent_runs.len(),
        ..Health::default()
    };
    for run in &task.recent_runs {
        if run.status.is_failure() {
            health.failed += 1;
        }
        let Some(at) = run.started_or_created() else {
            continue;
        };
        if run.status == RunStatus::Completed && health.last_success.is_none_or(|t| at > t) {
            health.last_success = Some(at);
        }
        if run.status.is_failure() && health.last_failure.as_ref().is_none_or(|(t, _)| at > *t) {
            health.last_failure = Some((at, run.status.clone()));
        }
    }
    let (computed, recheck_at) = unanswered_fire(task, now);
    health.recheck_at = recheck_at;
    health.missed = newest_missed(task, computed);
    health
}

/// The newest of the fire found here and the newest fire the server recorded, counted once when
/// they are the same fire (the server's reason is the more precise). A recorded fire counts only
/// while no run came after it.
fn newest_missed(task: &ListedTask, computed: Option<DateTime<Utc>>) -> Option<Missed> {
    if !scheduled(task) {
        return None;
    }
    let newest_run = task.recent_runs.iter().filter_map(created).max();
    let recorded = task
        .missed_fires
        .iter()
        .filter_map(|fire| Some((parse_instant(&fire.at)?, fire.reason.as_str())))
        .max_by_key(|(at, _)| *at)
        .filter(|(at, _)| newest_run.is_none_or(|run| run < *at));
    match (computed, recorded) {
        (Some(fire), Some((at, reason))) if at >= fire => Some(Missed {
            at,
            why: MissedWhy::Recorded(reason.to_string()),
        }),
        (Some(fire), _) => Some(Missed {
            at: fire,
            why: MissedWhy::NoRunWithinGrace,
        }),
        (None, Some((at, reason))) => Some(Missed {
            at,
            why: MissedWhy::Recorded(reason.to_string()),
        }),
        (None, None) => None,
    }
}

/// Whether the scheduler fires this task at all: enabled (or `null`, which the API treats as
/// enabled) with a schedule, and its runs could be read.
fn scheduled<R>(task: &Task<R>) -> bool {
    task.enabled != Some(false)
        && task.trigger_schedule_id.is_some()
        && task.trigger_lookup_failed != Some(true)
}

/// The newest fire whose grace has passed at `now` with no run created since, if there is one
/// since the task last changed; and when the next fire's grace ends.
fn unanswered_fire(
    task: &ListedTask,
    now: DateTime<Utc>,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    if !scheduled(task) {
        return (None, None);
    }
    let zone = task.timezone.as_deref().unwrap_or(timezones::DEFAULT_ZONE);
    let Some((schedule, zone)) = super::engine_schedule(&task.schedule, zone) else {
        return (None, None);
    };
    let cutoff = now - MISSED_GRACE;
    let next = schedule.next_after(zone, cutoff).ok();
    let recheck_at = next.map(|fire| fire + MISSED_GRACE);
    // The gap between the next two fires: where to start looking back for the last one.
    let gap = next
        .and_then(|first| Some(schedule.next_after(zone, first).ok()? - first))
        .unwrap_or_else(|| Duration::minutes(1));
    // Fires from before the task took its present shape (created, edited, enabled) are not
    // its own: a new task is not missed.
    let since = [task.created_at.as_deref(), task.updated_at.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(parse_instant)
        .max();
    let Some(since) = since.filter(|since| *since < cutoff) else {
        return (None, recheck_at);
    };
    let Some(fire) = last_fire_at_or_before(&schedule, zone, since, cutoff, gap) else {
        return (None, recheck_at);
    };
    // A run at or after the fire answers it; one later than the grace too (the task runs
    // again: not silent, though this fire's own run may have come late or by hand).
    let answered = task
        .recent_runs
        .iter()
        .filter_map(created)
        .any(|at| at >= fire);
    let missed = (!answered).then_some(fire);
    (missed, recheck_at)
}

/// The last fire in `(since, until]`. The engine only steps forward, so it looks back in
/// windows doubling from `window` (the schedule's gap between fires, which holds the last fire
/// of a regular schedule at once): a few steps whatever the period, and an every-minute
/// schedule costs no more than a yearly one.
fn last_fire_at_or_before(
    schedule: &trigger_cron::Schedule,
    zone: chrono_tz::Tz,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    window: Duration,
) -> Option<DateTime<Utc>> {
    let mut window = window.max(Duration::minutes(1));
    loop {
        let from = until
            .checked_sub_signed(window)
            .map_or(since, |from| from.max(since));
        let mut last = None;
        let mut at = from;
        while let Ok(next) = schedule.next_after(zone, at) {
            if next > until || next <= at {
                break;
            }
            last = Some(next);
            at = next;
        }
        if last.is_some() || from <= since {
            return last;
        }
        window = window * 2;
    }
}

fn created(run: &RunSummary) -> Option<DateTime<Utc>> {
    run.created_at
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(text: &str) -> DateTime<Utc> {
        parse_instant(text).unwrap_or_else(|| panic!("not an instant: {text}"))
    }

    fn run(id: &str, status: &str, created: &str) -> serde_json::Value {
        json!({"id": id, "status": status, "taskIdentifier": "customer-prompt-task",
               "createdAt": created, "updatedAt": created})
    }

    /// An hourly task (at minute 0, UTC) made on 1 March.
    fn hourly(runs: Vec<serde_json::Value>) -> serde_json::Value {
        json!({"id": "t1", "schedule": "0 * * * *", "timezone": "UTC", "enabled": true,
               "trigger_schedule_id": "sched_1", "created_at": "2026-03-01T00:00:00Z",
               "updated_at": "2026-03-01T00:00:00Z", "recent_runs": runs})
    }

    fn task(json: serde_json::Value) -> ListedTask {
        serde_json::from_value(json).unwrap_or_else(|e| panic!("task: {e}"))
    }

    #[test]
    fn last_success_last_failure_and_failures_come_from_the_recent_runs() {
        let health = health(
            &task(hourly(vec![
                run("r5", "COMPLETED", "2026-03-02T09:00:01Z"),
                run("r4", "FAILED", "2026-03-02T08:00:01Z"),
                run("r3", "COMPLETED", "2026-03-02T07:00:01Z"),
                run("r2", "TIMED_OUT", "2026-03-02T06:00:01Z"),
                run("r1", "CANCELED", "2026-03-02T05:00:01Z"),
            ])),
            at("2026-03-02T09:30:00Z"),
        );
        assert_eq!(health.last_success, Some(at("2026-03-02T09:00:01Z")));
        assert_eq!(
            health.last_failure,
            Some((at("2026-03-02T08:00:01Z"), RunStatus::Failed))
        );
        assert_eq!((health.failed, health.runs), (2, 5));
        assert_eq!(health.missed, None);
        assert_eq!(health.verdict(), Verdict::Failing);
        // The 10:00 fire's grace ends at 10:10.
        assert_eq!(health.recheck_at, Some(at("2026-03-02T10:10:00Z")));
    }

    #[test]
    fn a_fire_with_no_run_within_the_grace_is_missed_once_the_grace_has_passed() {
        let ran_at_nine = task(hourly(vec![run("r1", "COMPLETED", "2026-03-02T09:00:01Z")]));
        // 10:00 fired, no run; at 10:09 the grace is not over yet.
        let early = health(&ran_at_nine, at("2026-03-02T10:09:00Z"));
        assert_eq!(early.missed, None);
        assert_eq!(early.recheck_at, Some(at("2026-03-02T10:10:00Z")));
        let late = health(&ran_at_nine, at("2026-03-02T10:10:00Z"));
        assert_eq!(
            late.missed,
            Some(Missed {
                at: at("2026-03-02T10:00:00Z"),
                why: MissedWhy::NoRunWithinGrace
            })
        );
        assert_eq!(late.verdict(), Verdict::Missed);
        // Any run since the fire answers it, late or not: the task is not silent.
        let in_time = task(hourly(vec![run("r2", "COMPLETED", "2026-03-02T10:09:59Z")]));
        assert_eq!(health(&in_time, at("2026-03-02T10:20:00Z")).missed, None);
        let late = task(hourly(vec![run("r2", "COMPLETED", "2026-03-02T10:11:00Z")]));
        assert_eq!(health(&late, at("2026-03-02T10:20:00Z")).missed, None);
    }

    #[test]
    fn a_new_changed_disabled_or_unscheduled_task_is_not_missed() {
        let now = at("2026-03-02T10:30:00Z");
        let mut fresh = hourly(vec![]);
        fresh["created_at"] = json!("2026-03-02T10:05:00Z");
        fresh["updated_at"] = json!("2026-03-02T10:05:00Z");
        assert_eq!(health(&task(fresh), now).missed, None);
        let mut edited = hourly(vec![]);
        edited["updated_at"] = json!("2026-03-02T10:01:00Z");
        assert_eq!(health(&task(edited.clone()), now).missed, None);
        // The next fire after the change, with no run, is missed.
        let later = health(&task(edited), at("2026-03-02T11:10:00Z"));
        assert_eq!(later.missed.map(|m| m.at), Some(at("2026-03-02T11:00:00Z")));
        let mut off = hourly(vec![]);
        off["enabled"] = json!(false);
        assert_eq!(health(&task(off), now).missed, None);
        let mut orphan = hourly(vec![]);
        orphan["trigger_schedule_id"] = json!(null);
        assert_eq!(health(&task(orphan), now).missed, None);
        let mut unread = hourly(vec![]);
        unread["trigger_lookup_failed"] = json!(true);
        assert_eq!(health(&task(unread), now).missed, None);
        let mut bad = hourly(vec![]);
        bad["schedule"] = json!("0 25 * * *");
        assert_eq!(health(&task(bad), now), Health::default());
        let unknown = health(&task(hourly(vec![])), at("2026-03-01T00:05:00Z"));
        assert_eq!(unknown.verdict(), Verdict::Unknown);
    }

    #[test]
    fn the_fire_is_found_in_the_task_zone_for_rare_and_frequent_schedules() {
        // Mondays at 09:00 in New York (EST, 14:00Z); made a month before.
        let mut weekly = hourly(vec![]);
        weekly["schedule"] = json!("0 9 * * 1");
        weekly["timezone"] = json!("America/New_York");
        weekly["created_at"] = json!("2026-02-01T00:00:00Z");
        weekly["updated_at"] = json!("2026-02-01T00:00:00Z");
        let missed = health(&task(weekly), at("2026-03-04T12:00:00Z")).missed;
        assert_eq!(missed.map(|m| m.at), Some(at("2026-03-02T14:00:00Z")));
        // Every minute, the runs stopped at 09:00: the last fire past its grace is 09:20.
        let mut minutely = hourly(vec![run("r1", "COMPLETED", "2026-03-02T09:00:00Z")]);
        minutely["schedule"] = json!("* * * * *");
        let health = health(&task(minutely), at("2026-03-02T09:30:30Z"));
        assert_eq!(
            health.missed.map(|m| m.at),
            Some(at("2026-03-02T09:20:00Z"))
        );
        assert_eq!(health.recheck_at, Some(at("2026-03-02T09:31:00Z")));
    }

    #[test]
    fn recorded_missed_fires_count_once_and_only_while_nothing_ran_after_them() {
        let mut recorded = hourly(vec![run("r1", "COMPLETED", "2026-03-02T08:00:01Z")]);
        recorded["missed_fires"] = json!([
            {"at": "2026-03-02T10:00:00.000Z", "reason": "nothing was running"},
            {"at": "2026-03-02T09:00:00.000Z", "reason": "nothing was running"},
        ]);
        // The same 10:00 fire, found and recorded: the recorded reason, once.
        let health_now = health(&task(recorded.clone()), at("2026-03-02T10:15:00Z"));
        assert_eq!(
            health_now.missed,
            Some(Missed {
                at: at("2026-03-02T10:00:00Z"),
                why: MissedWhy::Recorded("nothing was running".into())
            })
        );
        // Recorded but still within the grace: the record says so at once.
        let within = health(&task(recorded.clone()), at("2026-03-02T10:01:00Z"));
        assert_eq!(
            within.missed.map(|m| m.at),
            Some(at("2026-03-02T10:00:00Z"))
        );
        // A run after the recorded fire answers it.
        recorded["recent_runs"] = json!([run("r2", "COMPLETED", "2026-03-02T11:00:01Z")]);
        assert_eq!(
            health(&task(recorded), at("2026-03-02T11:05:00Z")).missed,
            None
        );
    }

    #[test]
    fn the_worst_sorts_first() {
        let missed = Health {
            missed: Some(Missed {
                at: at("2026-03-02T10:00:00Z"),
                why: MissedWhy::NoRunWithinGrace,
            }),
            ..Health::default()
        };
        let failing = |failed| Health {
            failed,
            runs: 5,
            ..Health::default()
        };
        let mut all = [
            Health::default(),
            failing(0),
            failing(1),
            missed.clone(),
            failing(3),
        ];
        all.sort_by_key(Health::rank);
        let verdicts: Vec<(Verdict, usize)> = all.iter().map(|h| (h.verdict(), h.failed)).collect();
        assert_eq!(
            verdicts,
            [
                (Verdict::Missed, 0),
                (Verdict::Failing, 3),
                (Verdict::Failing, 1),
                (Verdict::Healthy, 0),
                (Verdict::Unknown, 0)
            ]
        );
    }
}
