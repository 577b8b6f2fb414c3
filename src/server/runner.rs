//! One fire of a task, start to finish: the run is stored `QUEUED`, goes `EXECUTING`, and ends
//! `COMPLETED` or `FAILED` after up to `attempts` tries with exponential backoff, every attempt
//! recorded — the shape of a Trigger.dev run of `customer-prompt-task` (spec §4, §7).

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::json;

use super::AppState;
use super::clock::iso_millis;
use super::executor::{DEFAULT_MODEL, ExecFailure, Executor, Job};
use super::ids;
use super::plan_gate;
use super::slots::{Place, RunSlots};
use super::store::{RunRecord, Store, TaskRow};
use super::trigger;
use crate::model::{
    Attempt, Run, RunEnv, RunError, RunSchedule, RunStatus, SCHEDULED_TASK_IDENTIFIER,
    ScheduleGenerator, SchedulePayload,
};

/// The reason recorded on a fire the owner's plan blocked, before the plan's sentence.
pub const BLOCKED_BY_PLAN: &str = "blocked by plan: ";

/// The default cap on runs executing at once: enough for a team's tasks to overlap, few enough
/// that one account's `* * * * *` tasks cannot fork hundreds of commands at the minute.
pub const DEFAULT_MAX_RUNNING: usize = 16;
/// The default number of days a finished run is kept.
pub const DEFAULT_RETENTION_DAYS: u64 = 30;

/// How many fire times a run's payload lists.
const PAYLOAD_UPCOMING: usize = 10;

/// How runs are executed and retried.
#[derive(Debug, Clone)]
pub struct RunSettings {
    pub executor: Executor,
    /// Attempts per run (Trigger.dev's default: 3).
    pub attempts: u32,
    /// Wait before the second attempt; doubled for each further one, capped at `backoff_max`.
    pub backoff: Duration,
    pub backoff_max: Duration,
    /// How long a command or an HTTP call may take.
    pub timeout: Duration,
    pub http: LazyClient,
    /// How many runs may execute at once, across all tasks and accounts; further fires wait
    /// `QUEUED` for a slot, in fire order (`serve --max-running`).
    pub max_running: usize,
    /// How long a finished run (with its attempts and output) is kept (`serve
    /// --run-retention-days`).
    pub retention: Duration,
}

/// The HTTP client of the `openai:` executor, made on first use and shared by clones. Making
/// one loads the system's trust store (3–4 ms), which the echo and command executors never
/// need — and local mode starts the server before the TUI's first frame.
#[derive(Debug, Clone, Default)]
pub struct LazyClient(Arc<OnceLock<reqwest::Client>>);

impl LazyClient {
    pub fn get(&self) -> &reqwest::Client {
        self.0.get_or_init(crate::http::client)
    }
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            executor: Executor::Echo,
            attempts: 3,
            backoff: Duration::from_secs(1),
            backoff_max: Duration::from_secs(10),
            timeout: Duration::from_secs(300),
            http: LazyClient::default(),
            max_running: DEFAULT_MAX_RUNNING,
            retention: Duration::from_secs(DEFAULT_RETENTION_DAYS * 24 * 60 * 60),
        }
    }
}

/// Fires `task` for its nominal time `due` and runs it to the end: stored `QUEUED`, it waits
/// for one of `slots` (in the order runs were stored), then executes.
pub async fn fire(
    state: AppState,
    settings: RunSettings,
    slots: RunSlots,
    task: TaskRow,
    due: DateTime<Utc>,
    last: Option<DateTime<Utc>>,
) {
    // The scheduler's copy of the task may be a moment old: fire with the stored prompt,
    // model and title, and not at all if the task was disabled or deleted meanwhile.
    let task = match still_scheduled(&state, &task).await {
        Ok(Some(current)) => current,
        Ok(None) => return,
        Err(err) => {
            tracing::error!(%err, task = %task.id, "cannot read a task to fire");
            return;
        }
    };
    let Some(schedule_id) = task.trigger_schedule_id.clone() else {
        return;
    };
    if skipped_by_plan(&state, &task, due).await {
        return;
    }
    let last_timestamp = match last {
        Some(last) => Some(iso_millis(last)),
        None => {
            let (task_id, schedule) = (task.id.clone(), schedule_id.clone());
            state
                .store
                .read(move |conn, _| Store::last_fire(conn, &task_id, &schedule))
                .await
                .ok()
                .flatten()
        }
    };
    let payload = fire_payload(&task, &schedule_id, due, last_timestamp);
    let run = new_run(
        &task,
        &schedule_id,
        &iso_millis(state.clock.now()),
        &payload,
    );
    let record = RunRecord {
        run: run.clone(),
        task_id: task.id.clone(),
        account_id: task.account_id.clone(),
    };
    // The place in line is taken as the run is stored, so places follow the runs' order.
    let place = match state
        .store
        .write(move |tx, _| {
            Store::insert_run(tx, &record)?;
            Ok(slots.queue())
        })
        .await
    {
        Ok(place) => place,
        Err(err) => {
            tracing::error!(%err, task = %task.id, "cannot store a new run");
            return;
        }
    };
    if place.is_waiting() {
        tracing::info!(run = %run.id, task = %task.id, due = %payload.timestamp, "task fired; queued until a run slot is free");
    } else {
        tracing::info!(run = %run.id, task = %task.id, due = %payload.timestamp, "task fired");
    }
    execute_in_slot(&state, &settings, place, &task, run, payload.timestamp).await;
}

/// The payload of a fire of `task` at `due` (what a Trigger.dev scheduled run receives).
fn fire_payload(
    task: &TaskRow,
    schedule_id: &str,
    due: DateTime<Utc>,
    last_timestamp: Option<String>,
) -> SchedulePayload {
    SchedulePayload {
        kind: "IMPERATIVE".to_string(),
        timestamp: iso_millis(due),
        last_timestamp,
        timezone: task.timezone.clone(),
        schedule_id: schedule_id.to_string(),
        external_id: Some(task.id.clone()),
        upcoming: trigger::upcoming(&task.schedule, &task.timezone, due, PAYLOAD_UPCOMING),
    }
}

/// A run of `task` asked for by `POST /api/tasks/run` (a local extension), stored `QUEUED` by
/// the request and handed to the scheduler, which runs it like a fire.
pub struct RequestedRun {
    pub task: TaskRow,
    pub run: Run,
}

/// The `QUEUED` run of a run-now of `task` (which has a schedule id: it is enabled) at `now`:
/// the run a fire at `now` would make, `last` being the task's previous fire.
pub fn requested_run(
    task: &TaskRow,
    schedule_id: &str,
    now: DateTime<Utc>,
    last: Option<String>,
) -> Run {
    let payload = fire_payload(task, schedule_id, now, last);
    new_run(task, schedule_id, &iso_millis(now), &payload)
}

/// Runs a requested run to the end: it takes its place in line for a slot, then executes.
pub async fn run_requested(
    state: AppState,
    settings: RunSettings,
    slots: RunSlots,
    requested: RequestedRun,
) {
    let place = slots.queue();
    tracing::info!(run = %requested.run.id, task = %requested.task.id, waiting = place.is_waiting(), "task run on request");
    // A run on request fires at the moment it was made.
    let fire_time = requested.run.created_at.clone();
    execute_in_slot(
        &state,
        &settings,
        place,
        &requested.task,
        requested.run,
        fire_time,
    )
    .await;
}

/// Waits for a slot (cancelling the run if its task was disabled or deleted meanwhile), then
/// executes the run with retries; `fire_time` is the fire it is for.
async fn execute_in_slot(
    state: &AppState,
    settings: &RunSettings,
    place: Place,
    task: &TaskRow,
    mut run: Run,
    fire_time: String,
) {
    let waited = place.is_waiting();
    let _slot = place.slot().await;
    // Only a run that waited re-reads its task; a failed read lets it go ahead, as it would
    // have without the wait.
    let gone = waited
        && match still_scheduled(state, task).await {
            Ok(current) => current.is_none(),
            Err(err) => {
                tracing::error!(%err, task = %task.id, "cannot re-read a task whose run waited");
                false
            }
        };
    if gone {
        cancel_before_start(state, &mut run).await;
        return;
    }
    let job = Job {
        run_id: run.id.clone(),
        task_id: task.id.clone(),
        title: task.title.clone(),
        prompt: task.prompt.clone(),
        account_id: task.account_id.clone(),
        artist_account_id: task.artist_account_id.clone(),
        model: task
            .model
            .clone()
            .unwrap_or_else(|| DEFAULT_MODEL.to_string()),
        timezone: task.timezone.clone(),
        fire_time,
    };
    execute_with_retries(state, settings, &mut run, &job).await;
}

/// The stored task, if it still has the schedule `task` fired with: `None` when it was
/// disabled, re-enabled (a new schedule) or deleted since.
async fn still_scheduled(
    state: &AppState,
    task: &TaskRow,
) -> super::store::StoreResult<Option<TaskRow>> {
    let (task_id, schedule_id) = (task.id.clone(), task.trigger_schedule_id.clone());
    let current = state
        .store
        .read(move |conn, _| Store::task(conn, &task_id))
        .await?;
    Ok(current.filter(|current| {
        current.trigger_schedule_id.is_some() && current.trigger_schedule_id == schedule_id
    }))
}

/// Ends a run that waited for a slot while its task was disabled or deleted: `CANCELED`, no
/// attempt, saying why; its owner asked for no more of it.
async fn cancel_before_start(state: &AppState, run: &mut Run) {
    let now = iso_millis(state.clock.now());
    set_status(run, RunStatus::Canceled, &now);
    run.finished_at = Some(now);
    run.error = Some(Box::new(RunError {
        message: CANCELED_BEFORE_START.to_string(),
        name: Some("Canceled".to_string()),
        stack_trace: None,
    }));
    tracing::info!(run = %run.id, "queued run canceled: its task was disabled or deleted");
    let saved = run.clone();
    let stored = state
        .store
        .write(move |tx, _| Store::update_run(tx, &saved))
        .await;
    if let Err(err) = stored {
        tracing::error!(%err, run = %run.id, "cannot record a canceled run");
    }
}

/// The error of a queued run whose task went away before its slot came.
pub const CANCELED_BEFORE_START: &str =
    "Canceled before it started: the task was disabled or deleted while the run waited for a slot";

/// Whether the owner's plan blocks this fire (addendum §1.10: the hosted run path answers 402
/// and nothing runs). A blocked fire is recorded on the task as missed, with the plan's
/// sentence as the reason, so the gap in its runs says why.
async fn skipped_by_plan(state: &AppState, task: &TaskRow, due: DateTime<Utc>) -> bool {
    let now = state.clock.now();
    let checked = task.clone();
    let blocked = state
        .store
        .read(move |conn, _| plan_gate::run_block(conn, &checked, now))
        .await;
    let body = match blocked {
        Ok(Some(body)) => body,
        Ok(None) => return false,
        Err(err) => {
            // The hosted runner gets no config when the check fails: nothing runs either.
            tracing::error!(%err, task = %task.id, "cannot check the owner's plan; fire skipped");
            return true;
        }
    };
    let reason = format!("{BLOCKED_BY_PLAN}{}", body.message);
    tracing::info!(task = %task.id, limit = body.limit.name(), "fire blocked by plan");
    let (task_id, fires) = (task.id.clone(), vec![iso_millis(due)]);
    let recorded = state
        .store
        .write(move |tx, _| Store::record_missed_fires(tx, &task_id, &fires, &reason))
        .await;
    if let Err(err) = recorded {
        tracing::error!(%err, task = %task.id, "cannot record a fire blocked by plan");
    }
    true
}

fn new_run(task: &TaskRow, schedule_id: &str, now: &str, payload: &SchedulePayload) -> Run {
    let status = RunStatus::Queued;
    let flags = status.flags();
    Run {
        id: ids::run_id(),
        status,
        task_identifier: SCHEDULED_TASK_IDENTIFIER.to_string(),
        idempotency_key: None,
        version: None,
        is_queued: flags.is_queued,
        is_executing: flags.is_executing,
        is_waiting: flags.is_waiting,
        is_completed: flags.is_completed,
        is_success: flags.is_success,
        is_failed: flags.is_failed,
        is_cancelled: flags.is_cancelled,
        is_test: false,
        created_at: now.to_string(),
        updated_at: now.to_string(),
        started_at: None,
        finished_at: None,
        delayed_until: None,
        expired_at: None,
        ttl: None,
        tags: vec![format!("account:{}", task.account_id)],
        cost_in_cents: 0.0,
        base_cost_in_cents: 0.0,
        duration_ms: 0.0,
        metadata: None,
        depth: 0,
        env: Some(Box::new(RunEnv {
            id: "env_local".to_string(),
            name: "local".to_string(),
            user: None,
        })),
        trigger_function: Some("trigger".to_string()),
        batch_id: None,
        payload: serde_json::to_value(payload).ok().map(Box::new),
        output: None,
        error: None,
        schedule: Some(Box::new(RunSchedule {
            id: schedule_id.to_string(),
            external_id: Some(task.id.clone()),
            deduplication_key: Some(task.id.clone()),
            generator: ScheduleGenerator {
                kind: "CRON".to_string(),
                expression: task.schedule.clone(),
                description: trigger::describe(&task.schedule),
            },
        })),
        related_runs: Some(Box::new(json!({}))),
        attempt_count: Some(0),
        attempts: None,
    }
}

pub(super) fn set_status(run: &mut Run, status: RunStatus, now: &str) {
    let flags = status.flags();
    run.status = status;
    run.is_queued = flags.is_queued;
    run.is_executing = flags.is_executing;
    run.is_waiting = flags.is_waiting;
    run.is_completed = flags.is_completed;
    run.is_success = flags.is_success;
    run.is_failed = flags.is_failed;
    run.is_cancelled = flags.is_cancelled;
    run.updated_at = now.to_string();
}

async fn execute_with_retries(state: &AppState, settings: &RunSettings, run: &mut Run, job: &Job) {
    let mut busy = Duration::ZERO;
    let attempts = settings.attempts.max(1);
    for number in 1..=attempts {
        let now = iso_millis(state.clock.now());
        set_status(run, RunStatus::Executing, &now);
        run.started_at.get_or_insert_with(|| now.clone());
        run.attempt_count = Some(number);
        let mut attempt = Attempt {
            id: ids::attempt_id(),
            status: "EXECUTING".to_string(),
            created_at: now.clone(),
            updated_at: now.clone(),
            started_at: Some(now.clone()),
            completed_at: None,
            error: None,
        };
        save(state, run, number, &attempt).await;
        let started = Instant::now();
        let result = settings
            .executor
            .execute(job, settings.timeout, settings.http.get())
            .await;
        busy += started.elapsed();
        let now = iso_millis(state.clock.now());
        attempt.updated_at = now.clone();
        attempt.completed_at = Some(now.clone());
        run.duration_ms = busy.as_millis() as f64;
        match result {
            Ok(output) => {
                attempt.status = "COMPLETED".to_string();
                set_status(run, RunStatus::Completed, &now);
                run.finished_at = Some(now);
                run.output = Some(Box::new(output));
                save(state, run, number, &attempt).await;
                return;
            }
            Err(failure) => {
                let logged = failure.log_detail.as_deref().unwrap_or(&failure.message);
                tracing::warn!(run = %run.id, attempt = number, error = %logged, "attempt failed");
                let error = run_error(failure);
                attempt.status = "FAILED".to_string();
                attempt.error = Some(error.clone());
                if number == attempts {
                    set_status(run, RunStatus::Failed, &now);
                    run.finished_at = Some(now);
                    run.error = Some(Box::new(error));
                }
                save(state, run, number, &attempt).await;
            }
        }
        if number < attempts {
            tokio::time::sleep(backoff(settings, number)).await;
        }
    }
}

/// Wait after attempt `number` (1-based): `backoff`, doubled each time, at most `backoff_max`.
fn backoff(settings: &RunSettings, number: u32) -> Duration {
    let factor = 2u32.saturating_pow(number.saturating_sub(1));
    settings
        .backoff
        .saturating_mul(factor)
        .min(settings.backoff_max)
}

fn run_error(failure: ExecFailure) -> RunError {
    RunError {
        message: failure.message,
        name: Some(failure.name),
        stack_trace: failure.stack_trace,
    }
}

/// Writes the run and one attempt in one transaction.
async fn save(state: &AppState, run: &Run, number: u32, attempt: &Attempt) {
    let (run, attempt) = (run.clone(), attempt.clone());
    let run_id = run.id.clone();
    let saved = state
        .store
        .write(move |tx, _| {
            Store::update_run(tx, &run)?;
            Store::save_attempt(tx, &run.id, number, &attempt)
        })
        .await;
    if let Err(err) = saved {
        tracing::error!(%err, run = %run_id, "cannot save run progress");
    }
}
