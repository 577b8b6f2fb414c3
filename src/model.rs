//! The wire types of the Recoup Tasks API (spec `recoup-api.md` §2–§4), shared by the client and
//! the local server so the two cannot drift.
//!
//! Decoding is tolerant: unknown fields are ignored, optional fields may be absent or `null`, and
//! an unknown run status is kept as written. Encoding leaves unset optional fields out, as the
//! hosted API does.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// The `taskIdentifier` of every scheduled-task run.
pub const SCHEDULED_TASK_IDENTIFIER: &str = "customer-prompt-task";

/// The Recoup organisation: its members (and the org account itself) are admins (spec §1.3).
pub const RECOUP_ORG_ID: &str = "04e3aba9-c130-4fb8-8b92-34e95d43e66b";

/// A scheduled task as GET, POST (local server) and PATCH return it (spec §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
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
    pub recent_runs: Vec<Run>,
    /// Upcoming fire times as UTC ISO strings; non-string items are dropped, as the API does.
    #[serde(default, deserialize_with = "strings_only")]
    pub upcoming: Vec<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub owner_email: Option<String>,
}

/// A run's status (spec §4.3). Names the client does not know are kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RunStatus {
    PendingVersion,
    Delayed,
    Queued,
    Dequeued,
    Executing,
    Waiting,
    Completed,
    Canceled,
    Failed,
    Crashed,
    SystemFailure,
    Expired,
    TimedOut,
    Other(String),
}

const KNOWN_STATUSES: [(&str, RunStatus); 13] = [
    ("PENDING_VERSION", RunStatus::PendingVersion),
    ("DELAYED", RunStatus::Delayed),
    ("QUEUED", RunStatus::Queued),
    ("DEQUEUED", RunStatus::Dequeued),
    ("EXECUTING", RunStatus::Executing),
    ("WAITING", RunStatus::Waiting),
    ("COMPLETED", RunStatus::Completed),
    ("CANCELED", RunStatus::Canceled),
    ("FAILED", RunStatus::Failed),
    ("CRASHED", RunStatus::Crashed),
    ("SYSTEM_FAILURE", RunStatus::SystemFailure),
    ("EXPIRED", RunStatus::Expired),
    ("TIMED_OUT", RunStatus::TimedOut),
];

impl RunStatus {
    /// The status for a wire name; unknown names become [`RunStatus::Other`].
    pub fn from_name(name: &str) -> RunStatus {
        KNOWN_STATUSES
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, status)| status.clone())
            .unwrap_or_else(|| RunStatus::Other(name.to_string()))
    }

    /// The wire name, exactly as received for unknown statuses.
    pub fn name(&self) -> &str {
        if let RunStatus::Other(name) = self {
            return name;
        }
        KNOWN_STATUSES
            .iter()
            .find(|(_, status)| status == self)
            .map(|(known, _)| *known)
            .unwrap_or("")
    }

    /// Whether the run can change no more. Unknown statuses count as not terminal.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            RunStatus::Completed
                | RunStatus::Canceled
                | RunStatus::Failed
                | RunStatus::Crashed
                | RunStatus::SystemFailure
                | RunStatus::Expired
                | RunStatus::TimedOut
        )
    }

    /// Whether the run ended in failure (the SDK's `isFailed`).
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            RunStatus::Failed
                | RunStatus::Crashed
                | RunStatus::SystemFailure
                | RunStatus::Expired
                | RunStatus::TimedOut
        )
    }

    /// The `is*` booleans of a run with this status, as the SDK 4.4.3 helper derives them.
    pub fn flags(&self) -> RunFlags {
        RunFlags {
            is_queued: matches!(
                self,
                RunStatus::PendingVersion | RunStatus::Delayed | RunStatus::Queued
            ),
            is_executing: matches!(self, RunStatus::Dequeued | RunStatus::Executing),
            is_waiting: matches!(self, RunStatus::Waiting),
            is_completed: self.is_terminal() && *self != RunStatus::Canceled,
            is_success: *self == RunStatus::Completed,
            is_failed: self.is_failure(),
            is_cancelled: *self == RunStatus::Canceled,
        }
    }
}

impl Serialize for RunStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for RunStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
        Ok(RunStatus::from_name(&name))
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The `is*` booleans derived from a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunFlags {
    pub is_queued: bool,
    pub is_executing: bool,
    pub is_waiting: bool,
    pub is_completed: bool,
    pub is_success: bool,
    pub is_failed: bool,
    pub is_cancelled: bool,
}

/// A run, in either shape: list items (§4.1) leave out payload/output/error/schedule, retrieved
/// runs (§4.2) leave out `env`. The local server adds `attempts` to both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    pub status: RunStatus,
    #[serde(default, deserialize_with = "null_as_default")]
    pub task_identifier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_queued: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_executing: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_waiting: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_completed: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_success: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_failed: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_cancelled: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_test: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub updated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delayed_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(
        default,
        deserialize_with = "null_as_default",
        serialize_with = "whole_as_integer"
    )]
    pub cost_in_cents: f64,
    #[serde(
        default,
        deserialize_with = "null_as_default",
        serialize_with = "whole_as_integer"
    )]
    pub base_cost_in_cents: f64,
    #[serde(
        default,
        deserialize_with = "null_as_default",
        serialize_with = "whole_as_integer"
    )]
    pub duration_ms: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub depth: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<RunEnv>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_function: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    /// For scheduled runs, a [`SchedulePayload`]; any JSON for other tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<RunError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<RunSchedule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_runs: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt_count: Option<u32>,
    /// Only the local server sends attempts; the hosted API no longer does (§4.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<Vec<Attempt>>,
}

/// The environment a run ran in (list items only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunEnv {
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

/// Why a run or an attempt failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunError {
    #[serde(default, deserialize_with = "null_as_default")]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_trace: Option<String>,
}

/// The schedule that triggered a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSchedule {
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deduplication_key: Option<String>,
    pub generator: ScheduleGenerator,
}

/// How a schedule generates fire times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleGenerator {
    #[serde(rename = "type", default, deserialize_with = "null_as_default")]
    pub kind: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub expression: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub description: String,
}

/// One attempt of a run (the local server's runs carry them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// `PENDING`, `EXECUTING`, `PAUSED`, `COMPLETED`, `FAILED`, `CANCELED`, or anything newer.
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_at: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub updated_at: String,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
    #[serde(default)]
    pub error: Option<RunError>,
}

/// The payload of a scheduled run (spec §7.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulePayload {
    #[serde(rename = "type", default, deserialize_with = "null_as_default")]
    pub kind: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub timestamp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_timestamp: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub timezone: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub schedule_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, deserialize_with = "strings_only")]
    pub upcoming: Vec<String>,
}

/// An artist account the tasks can be run for (`GET /api/artists`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Artist {
    #[serde(default, deserialize_with = "null_as_default")]
    pub account_id: String,
    #[serde(default)]
    pub name: Option<String>,
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

/// `{"status":"success","tasks":[…]}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TasksResponse {
    pub status: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tasks: Vec<Task>,
}

/// `{"status":"success","runs":[…]}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunsResponse {
    pub status: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub runs: Vec<Run>,
}

/// `{"status":"success","accountId":"…"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountIdResponse {
    pub status: String,
    pub account_id: String,
}

/// `{"status":"success","artists":[…]}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtistsResponse {
    pub status: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub artists: Vec<Artist>,
}

/// `{"status":"error", …}`: the text is in `error`, or in `message` for some 401s (§1.2);
/// body-validation errors also name the field at fault in `missing_fields`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_fields: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl ApiError {
    /// An error envelope with the text under `error`.
    pub fn new(text: impl Into<String>) -> Self {
        ApiError {
            status: "error".to_string(),
            missing_fields: None,
            error: Some(text.into()),
            message: None,
        }
    }

    /// An error envelope with the text under `message` (the 401 quirk of §1.2).
    pub fn with_message_key(text: impl Into<String>) -> Self {
        ApiError {
            status: "error".to_string(),
            missing_fields: None,
            error: None,
            message: Some(text.into()),
        }
    }

    /// The text to show a user: `error`, else `message`, as the Recoup CLI does.
    pub fn text(&self) -> Option<&str> {
        self.error.as_deref().or(self.message.as_deref())
    }
}

/// `null` decodes as the type's default, so a `null` where a value was expected is not fatal.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Writes `59000` rather than `59000.0`, as a JavaScript server would.
fn whole_as_integer<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// Keeps the string items of an array, as the API does for `upcoming`.
fn strings_only<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let items = Option::<Vec<Value>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(items
        .into_iter()
        .filter_map(|item| match item {
            Value::String(text) => Some(text),
            _ => None,
        })
        .collect())
}

/// Tells a present `null` (`Some(None)`) from an absent field (`None`).
fn present_or_null<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<bool>>, D::Error> {
    Ok(Some(Option::<bool>::deserialize(deserializer)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_run_status_is_kept_verbatim() {
        let run: Run = serde_json::from_str(r#"{"id":"run_1","status":"REATTEMPTING"}"#).unwrap();
        assert_eq!(run.status, RunStatus::Other("REATTEMPTING".into()));
        assert_eq!(
            serde_json::to_value(&run).unwrap()["status"],
            "REATTEMPTING"
        );
    }

    #[test]
    fn task_decoding_ignores_unknown_fields_and_accepts_nulls() {
        let task: Task = serde_json::from_str(
            r#"{"id":"t","title":null,"enabled":null,"last_run":null,"upcoming":["a",1,null,"b"],"recent_runs":null}"#,
        )
        .unwrap();
        assert_eq!(task.title, "");
        assert_eq!(task.enabled, None);
        assert_eq!(task.upcoming, vec!["a", "b"]);
        assert!(task.recent_runs.is_empty());
    }

    #[test]
    fn canceled_is_cancelled_but_not_completed() {
        let flags = RunStatus::Canceled.flags();
        assert!(flags.is_cancelled && !flags.is_completed && !flags.is_failed);
        assert!(RunStatus::Failed.flags().is_completed);
    }

    #[test]
    fn error_text_prefers_error_over_message() {
        let err: ApiError =
            serde_json::from_str(r#"{"status":"error","message":"Unauthorized"}"#).unwrap();
        assert_eq!(err.text(), Some("Unauthorized"));
    }

    #[test]
    fn update_body_tells_null_enabled_from_absent() {
        let absent: UpdateTask = serde_json::from_str(r#"{"id":"x"}"#).unwrap();
        let null: UpdateTask = serde_json::from_str(r#"{"id":"x","enabled":null}"#).unwrap();
        assert_eq!(absent.enabled, None);
        assert_eq!(null.enabled, Some(None));
    }
}
