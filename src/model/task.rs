//! Tasks and the request bodies that create, change and delete them (spec §2.3–§2.5, §3).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use trigger_cron::timezones;

use super::decode::{null_as_default, present_or_null, strings_only};
use super::{Run, RunSummary};

/// A scheduled task as GET, POST (local server) and PATCH return it (spec §3). `R` is how its
/// recent runs are held: whole ([`Run`], the default) or as [`RunSummary`] rows, which a list of
/// thousands of tasks keeps in a tenth of the memory ([`ListedTask`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "R: Serialize", deserialize = "R: Deserialize<'de>"))]
pub struct Task<R = Run> {
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub title: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub prompt: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub schedule: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub account_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub artist_account_id: String,
    /// `null` is possible: PATCH writes `enabled: null` as sent.
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub trigger_schedule_id: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The 5 newest runs, newest first.
    #[serde(default, deserialize_with = "null_as_default")]
    pub recent_runs: Vec<R>,
    /// Upcoming fire times as UTC ISO strings; non-string items are dropped, as the API does.
    #[serde(default, deserialize_with = "strings_only")]
    pub upcoming: Vec<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    /// `true` when the hosted API could not read the task's runs from Trigger.dev (then
    /// `recent_runs` and `upcoming` are empty for that reason, not because it never ran).
    /// Optional: on a branch of the hosted API, not on its `main` (addendum §2.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_lookup_failed: Option<bool>,
    /// The name of the artist the task runs for; `null` when the artist is unknown (GET and
    /// PATCH, addendum §2.1).
    #[serde(default)]
    pub artist_name: Option<String>,
    #[serde(default)]
    pub owner_email: Option<String>,
    /// Fires that fell while no server was running, newest first (the local server only; the
    /// hosted API never sends it, and an empty list is left out).
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub missed_fires: Vec<MissedFire>,
}

/// A task as a list keeps it: its recent runs as summaries, and without `upcoming` (the app
/// computes every fire with the engine and never reads it).
pub type ListedTask = Task<RunSummary>;

impl From<Task> for ListedTask {
    fn from(task: Task) -> ListedTask {
        task.listed()
    }
}

impl Task {
    /// This task as a list keeps it ([`ListedTask`]).
    pub fn listed(self) -> ListedTask {
        Task {
            id: self.id,
            title: self.title,
            prompt: self.prompt,
            schedule: self.schedule,
            account_id: self.account_id,
            artist_account_id: self.artist_account_id,
            enabled: self.enabled,
            trigger_schedule_id: self.trigger_schedule_id,
            model: self.model,
            created_at: self.created_at,
            updated_at: self.updated_at,
            recent_runs: self.recent_runs.iter().map(RunSummary::of).collect(),
            upcoming: Vec::new(),
            timezone: self.timezone,
            trigger_lookup_failed: self.trigger_lookup_failed,
            artist_name: self.artist_name,
            owner_email: self.owner_email,
            missed_fires: self.missed_fires,
        }
    }
}

impl<R> Task<R> {
    /// When the scheduler fires this task next after `now`, computed with the engine in the
    /// task's zone; `None` when it never will: disabled, or enabled without a schedule (a hosted
    /// create whose schedule was refused leaves such an orphan row), or refused by the engine.
    pub fn next_fire(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.enabled == Some(false) || self.trigger_schedule_id.is_none() {
            return None;
        }
        let zone = self.timezone.as_deref().unwrap_or(timezones::DEFAULT_ZONE);
        let (schedule, zone) = super::engine_schedule(&self.schedule, zone)?;
        // As `trigger_cron::check` computes fires: the chain from `now`.
        schedule.upcoming(zone, now, 1).ok()?.first().copied()
    }
}

/// A fire time that produced no run, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissedFire {
    /// The fire time, UTC ISO with milliseconds (like `upcoming`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub at: String,
    /// `nothing was running`, or `blocked by plan: <the plan's sentence>` (a fire the
    /// owner's plan refused).
    #[serde(default, deserialize_with = "null_as_default")]
    pub reason: String,
}

/// `POST /api/tasks` body. Unset optional fields are left out of the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateTask {
    pub title: String,
    pub prompt: String,
    pub schedule: String,
    pub artist_account_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// `PATCH /api/tasks` body: `id` plus the fields to change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateTask {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artist_account_id: Option<String>,
    /// `Some(None)` is an explicit `null` (the API stores it; it keeps the schedule as it is).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_or_null"
    )]
    pub enabled: Option<Option<bool>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// `DELETE /api/tasks` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeleteTask {
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(enabled: Option<bool>, schedule_id: Option<&str>) -> Task {
        let json = serde_json::json!({
            "id": "t1", "schedule": "0 9 * * 1", "timezone": "America/New_York",
            "enabled": enabled, "trigger_schedule_id": schedule_id,
        });
        serde_json::from_value(json).unwrap_or_else(|e| panic!("task: {e}"))
    }

    #[test]
    fn only_an_enabled_task_with_a_schedule_fires_next() {
        let now = DateTime::parse_from_rfc3339("2026-03-02T12:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|e| panic!("{e}"));
        // Monday 2 March, 09:00 in New York (EST) is 14:00Z.
        assert_eq!(
            task(Some(true), Some("sched_1"))
                .next_fire(now)
                .map(|t| t.to_rfc3339()),
            Some("2026-03-02T14:00:00+00:00".to_string())
        );
        assert!(task(None, Some("sched_1")).next_fire(now).is_some());
        assert_eq!(task(Some(false), Some("sched_1")).next_fire(now), None);
        assert_eq!(
            task(Some(true), None).next_fire(now),
            None,
            "an orphan never fires"
        );
    }
}
