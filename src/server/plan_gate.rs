//! The hosted plan gate (addendum §1) for accounts that have a plan: the write gate of POST
//! and PATCH (§1.5–§1.7: count first, then cadence) and the run block of `GET /api/tasks?id=`
//! and the scheduler (§1.10: grandfathering, then cadence, then slots by age). An account with
//! no plan is never refused (a local divergence, so the embedded default keeps every schedule).

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::clock::parse_instant;
use super::store::{Store, StoreResult, TaskRow};
use crate::model::plans::cadence_violation;
use crate::model::{Plan, PlanLimit, PlanLimitBody};

/// When the hosted gate went live: tasks created before it are exempt until
/// [`TASK_GATE_GRANDFATHER_UNTIL`] (`lib/plans/const.ts`).
pub const TASK_GATE_LAUNCHED_AT: &str = "2026-09-01T00:00:00.000Z";
/// After this instant a pre-gate task outside its plan's limits is skipped instead of run.
pub const TASK_GATE_GRANDFATHER_UNTIL: &str = "2026-10-01T00:00:00.000Z";

/// What a write asks the gate (`assertTaskWithinPlan`).
#[derive(Debug, Clone, Copy)]
pub struct WriteCheck<'a> {
    /// The task's owner, whose plan and tasks count (not the caller's).
    pub owner: &'a str,
    /// The body's `schedule`, if it sent one: only then is the cadence checked.
    pub schedule: Option<&'a str>,
    /// Whether the write takes a slot (always on POST; on PATCH, enabling a disabled task).
    pub takes_slot: bool,
    /// The task being edited, which never counts against itself.
    pub exclude: Option<&'a str>,
}

/// The 402 body a write gets, if the owner's plan refuses it.
pub fn check_write(conn: &Connection, check: WriteCheck<'_>) -> StoreResult<Option<PlanLimitBody>> {
    let Some(plan) = Store::plan_of(conn, check.owner)? else {
        return Ok(None);
    };
    let enabled = Store::enabled_task_ids(conn, check.owner)?;
    let count = count_excluding(&enabled, check.exclude);
    Ok(write_violation(
        plan,
        count,
        check.takes_slot,
        check.schedule,
    ))
}

/// `findTaskPlanViolation`: the count first (only when the write takes a slot), then the
/// cadence of the sent schedule; an unparseable cron is left to the scheduler's own check.
pub fn write_violation(
    plan: Plan,
    count: u32,
    takes_slot: bool,
    schedule: Option<&str>,
) -> Option<PlanLimitBody> {
    let over_count = takes_slot && plan.task_limit().is_some_and(|limit| count >= limit);
    if over_count {
        return Some(PlanLimitBody::new(PlanLimit::TaskCount, plan, count));
    }
    schedule
        .and_then(|cron| cadence_violation(cron, plan))
        .map(|_| PlanLimitBody::new(PlanLimit::MinCadence, plan, count))
}

/// `getTaskRunBlock`: the 402 body a run of `task` gets, if its owner's plan blocks it now. A
/// disabled task is never blocked.
pub fn run_block(
    conn: &Connection,
    task: &TaskRow,
    now: DateTime<Utc>,
) -> StoreResult<Option<PlanLimitBody>> {
    if task.enabled == Some(false) {
        return Ok(None);
    }
    let Some(plan) = Store::plan_of(conn, &task.account_id)? else {
        return Ok(None);
    };
    let enabled = Store::enabled_task_ids(conn, &task.account_id)?;
    Ok(run_violation(plan, task, &enabled, now))
}

/// `isTaskPlanBlocked`: grandfathered tasks run; then the cadence of the stored schedule;
/// then the slots — `enabled` (the owner's enabled task ids, oldest first) keep theirs in
/// order, so the newest tasks over the cap are the ones blocked.
pub fn run_violation(
    plan: Plan,
    task: &TaskRow,
    enabled: &[String],
    now: DateTime<Utc>,
) -> Option<PlanLimitBody> {
    if is_grandfathered(&task.created_at, now) {
        return None;
    }
    let count = count_excluding(enabled, Some(&task.id));
    if cadence_violation(&task.schedule, plan).is_some() {
        return Some(PlanLimitBody::new(PlanLimit::MinCadence, plan, count));
    }
    let limit = plan.task_limit()?;
    let rank = enabled.iter().position(|id| *id == task.id)?;
    (rank >= limit as usize).then(|| PlanLimitBody::new(PlanLimit::TaskCount, plan, count))
}

/// A task created before the gate launched is exempt until the grandfather date. A creation
/// time that cannot be read counts as now (not pre-gate), as the hosted `null` does.
fn is_grandfathered(created_at: &str, now: DateTime<Utc>) -> bool {
    let (Some(launched), Some(until)) = (
        parse_instant(TASK_GATE_LAUNCHED_AT),
        parse_instant(TASK_GATE_GRANDFATHER_UNTIL),
    ) else {
        return false;
    };
    let created = parse_instant(created_at).unwrap_or(now);
    created < launched && now < until
}

fn count_excluding(enabled: &[String], exclude: Option<&str>) -> u32 {
    let count = enabled
        .iter()
        .filter(|id| Some(id.as_str()) != exclude)
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse_instant(text).unwrap_or_else(|| panic!("bad time {text}"))
    }

    fn task(id: &str, schedule: &str, created_at: &str) -> TaskRow {
        TaskRow {
            id: id.to_string(),
            title: "t".to_string(),
            prompt: "p".to_string(),
            schedule: schedule.to_string(),
            account_id: "owner".to_string(),
            artist_account_id: "artist".to_string(),
            enabled: Some(true),
            trigger_schedule_id: Some("sched_x".to_string()),
            model: None,
            timezone: "UTC".to_string(),
            created_at: created_at.to_string(),
            updated_at: created_at.to_string(),
            schedule_changed_at: created_at.to_string(),
        }
    }

    fn limit_of(body: Option<PlanLimitBody>) -> Option<(PlanLimit, u32)> {
        body.map(|body| (body.limit, body.current_task_count))
    }

    #[test]
    fn the_write_gate_counts_first_then_checks_the_sent_schedule() {
        // Free with one enabled task creating a daily task: task_count (count before cadence).
        assert_eq!(
            limit_of(write_violation(Plan::Free, 1, true, Some("0 9 * * *"))),
            Some((PlanLimit::TaskCount, 1))
        );
        assert_eq!(
            limit_of(write_violation(Plan::Free, 0, true, Some("0 9 * * *"))),
            Some((PlanLimit::MinCadence, 0))
        );
        assert_eq!(
            limit_of(write_violation(Plan::Starter, 2, true, Some("0 9 * * *"))),
            None
        );
        assert_eq!(
            limit_of(write_violation(Plan::Starter, 3, true, Some("0 9 * * *"))),
            Some((PlanLimit::TaskCount, 3))
        );
        assert_eq!(
            limit_of(write_violation(Plan::Pro, 50, true, Some("0 * * * *"))),
            None
        );
        // A write that takes no slot is never counted; no schedule, no cadence check.
        assert_eq!(limit_of(write_violation(Plan::Free, 5, false, None)), None);
        // An unparseable cron is not a cadence violation.
        assert_eq!(
            limit_of(write_violation(Plan::Free, 0, true, Some("0 9 * * MON"))),
            None
        );
    }

    #[test]
    fn pre_gate_tasks_run_until_the_grandfather_date_then_are_blocked() {
        let old = task("a", "0 9 * * *", "2026-06-01T00:00:00.000000+00:00");
        let enabled = ["a".to_string()];
        assert_eq!(
            limit_of(run_violation(
                Plan::Free,
                &old,
                &enabled,
                at("2026-09-30T23:59:59Z")
            )),
            None
        );
        assert_eq!(
            limit_of(run_violation(
                Plan::Free,
                &old,
                &enabled,
                at("2026-10-01T00:00:00Z")
            )),
            Some((PlanLimit::MinCadence, 0))
        );
    }

    #[test]
    fn a_post_gate_task_is_blocked_at_once_by_cadence_before_slots() {
        let hourly = task("b", "0 * * * *", "2026-09-15T00:00:00.000000+00:00");
        let enabled = ["a".to_string(), "b".to_string()];
        let now = at("2026-09-16T00:00:00Z");
        assert_eq!(
            limit_of(run_violation(Plan::Free, &hourly, &enabled, now)),
            Some((PlanLimit::MinCadence, 1))
        );
        assert_eq!(
            limit_of(run_violation(Plan::Pro, &hourly, &enabled, now)),
            None
        );
    }

    #[test]
    fn over_the_cap_the_oldest_tasks_keep_their_slots() {
        let now = at("2026-11-01T00:00:00Z");
        let enabled = ["a".to_string(), "b".to_string()];
        let oldest = task("a", "0 9 * * 1", "2026-10-02T00:00:00.000000+00:00");
        let newest = task("b", "0 9 * * 1", "2026-10-03T00:00:00.000000+00:00");
        assert_eq!(
            limit_of(run_violation(Plan::Free, &oldest, &enabled, now)),
            None
        );
        assert_eq!(
            limit_of(run_violation(Plan::Free, &newest, &enabled, now)),
            Some((PlanLimit::TaskCount, 1))
        );
        // A task not in the enabled list (enabled: null) never loses a slot.
        let unlisted = task("c", "0 9 * * 1", "2026-10-04T00:00:00.000000+00:00");
        assert_eq!(
            limit_of(run_violation(Plan::Free, &unlisted, &enabled, now)),
            None
        );
    }
}
