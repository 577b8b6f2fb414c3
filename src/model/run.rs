//! Runs, their statuses and attempts (spec §4, §7.1).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::decode::{
    instant_or_none, null_as_default, parse_instant, strings_only, whole_as_integer,
};

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

/// The statuses a run list can be filtered by, most asked-for first (spec §4.3).
const FILTER_STATUSES: [&str; 13] = [
    "COMPLETED",
    "FAILED",
    "EXECUTING",
    "QUEUED",
    "DEQUEUED",
    "DELAYED",
    "PENDING_VERSION",
    "WAITING",
    "CANCELED",
    "CRASHED",
    "SYSTEM_FAILURE",
    "EXPIRED",
    "TIMED_OUT",
];

/// Trigger v3 names that old runs may still carry (spec §4.3).
const LEGACY_STATUSES: [&str; 4] = [
    "REATTEMPTING",
    "FROZEN",
    "INTERRUPTED",
    "WAITING_FOR_DEPLOY",
];

/// The statuses a run list can be filtered by, most asked-for first (the palette completes them).
pub fn filter_statuses() -> &'static [&'static str] {
    &FILTER_STATUSES
}

/// A status to filter runs by, as the wire name: any case is accepted; a name no run can have
/// is refused with the names that exist.
pub fn status_filter(name: &str) -> Result<String, String> {
    let wanted = name.trim().to_ascii_uppercase();
    if FILTER_STATUSES.contains(&wanted.as_str()) || LEGACY_STATUSES.contains(&wanted.as_str()) {
        return Ok(wanted);
    }
    Err(format!(
        "Unknown status “{}”: use one of {} (older runs: {}); any case",
        name.trim(),
        FILTER_STATUSES.join(", "),
        LEGACY_STATUSES.join(", ")
    ))
}

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
    // The large, rare parts are boxed (a JSON value is 72 bytes inline, a schedule 144): a list
    // of thousands of tasks holds their recent runs, which the hosted API sends without them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Box<Value>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub depth: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<Box<RunEnv>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_function: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    /// For scheduled runs, a [`SchedulePayload`]; any JSON for other tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Box<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Box<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Box<RunError>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Box<RunSchedule>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_runs: Option<Box<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt_count: Option<u32>,
    /// Only the local server sends attempts; the hosted API no longer does (§4.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<Vec<Attempt>>,
}

impl Run {
    /// The id of the scheduled task this run belongs to: its payload's `externalId`, or its
    /// schedule's (spec §4.2, §7.1). Only a retrieved run carries either; list items do not.
    pub fn task_id(&self) -> Option<&str> {
        self.payload
            .as_ref()
            .and_then(|payload| payload.get("externalId"))
            .and_then(Value::as_str)
            .or_else(|| {
                self.schedule
                    .as_ref()
                    .and_then(|schedule| schedule.external_id.as_deref())
            })
            .filter(|id| !id.is_empty())
    }
}

/// A run as a task list holds its recent runs: what the list and the task's detail show, and
/// the id that opens the whole run. Decoded straight from a run's JSON (the rest is skipped
/// unread), so 10,000 tasks with 5 runs each keep 50,000 of these, not 50,000 [`Run`]s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    pub status: RunStatus,
    // Instants, not text: three strings a run were a third of a 10,000-task list's memory.
    #[serde(default, with = "instant_or_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        with = "instant_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        with = "instant_or_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub finished_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_completed: bool,
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
    pub duration_ms: f64,
}

impl RunSummary {
    /// The summary of a whole run.
    pub fn of(run: &Run) -> RunSummary {
        let instant = |text: &Option<String>| text.as_deref().and_then(parse_instant);
        RunSummary {
            id: run.id.clone(),
            status: run.status.clone(),
            created_at: parse_instant(&run.created_at),
            started_at: instant(&run.started_at),
            finished_at: instant(&run.finished_at),
            is_completed: run.is_completed,
            cost_in_cents: run.cost_in_cents,
            duration_ms: run.duration_ms,
        }
    }

    /// When the run started, else when it was made.
    pub fn started_or_created(&self) -> Option<DateTime<Utc>> {
        self.started_at.or(self.created_at)
    }

    /// A run holding only what this summary knows: enough to open it, the rest loads.
    pub fn to_run(&self) -> Run {
        let text = |at: Option<DateTime<Utc>>| at.map(instant_or_none::text);
        Run {
            id: self.id.clone(),
            status: self.status.clone(),
            task_identifier: String::new(),
            idempotency_key: None,
            version: None,
            is_queued: false,
            is_executing: false,
            is_waiting: false,
            is_completed: self.is_completed,
            is_success: false,
            is_failed: false,
            is_cancelled: false,
            is_test: false,
            created_at: text(self.created_at).unwrap_or_default(),
            updated_at: String::new(),
            started_at: text(self.started_at),
            finished_at: text(self.finished_at),
            delayed_until: None,
            expired_at: None,
            ttl: None,
            tags: Vec::new(),
            cost_in_cents: self.cost_in_cents,
            base_cost_in_cents: 0.0,
            duration_ms: self.duration_ms,
            metadata: None,
            depth: 0,
            env: None,
            trigger_function: None,
            batch_id: None,
            payload: None,
            output: None,
            error: None,
            schedule: None,
            related_runs: None,
            attempt_count: None,
            attempts: None,
        }
    }
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
