//! The task operations behind `/api/tasks`, after validation and authentication: create, list,
//! update (with the schedule state machine of spec §2.4 and the local divergences), delete.
//! Each write is one transaction; a refused cron or zone writes nothing.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::auth;
use super::auth::Credentials;
use super::clock::db_timestamp;
use super::enrich::enrich_tasks;
use super::error::{ACCESS_DENIED_TASK, ApiFailure, TASK_NOT_FOUND};
use super::ids;
use super::list_entries::Listing;
use super::plan_gate::{self, WriteCheck};
use super::query::TasksQuery;
use super::runner;
use super::store::{NewTask, RunRecord, Store, StoreError, TaskChanges, TaskFilter};
use super::trigger;
use super::{AppState, RunRequests};
use crate::model::{CreateTask, PlanLimitBody, Task, UpdateTask};
use trigger_cron::timezones::DEFAULT_ZONE;

/// Outcome of a transaction that may refuse the request without writing.
type Decided<T> = Result<Result<T, ApiFailure>, StoreError>;

/// Creates a task owned by `owner` and returns it enriched. The owner's plan is checked
/// before the schedule (addendum §1.5: the gate runs before the scheduler sees the cron), then
/// this server's cap on an account's tasks (a local limit, after the hosted answer), and the
/// counts and the insert are one transaction.
pub async fn create(state: &AppState, owner: String, body: CreateTask) -> Result<Task, ApiFailure> {
    let now = state.clock.now();
    let timezone = body.timezone.unwrap_or_else(|| DEFAULT_ZONE.to_string());
    let cap = state.max_tasks_per_account;
    let new = NewTask {
        title: body.title,
        prompt: body.prompt,
        schedule: body.schedule,
        account_id: owner,
        artist_account_id: body.artist_account_id,
        model: body.model,
        timezone,
        trigger_schedule_id: ids::schedule_id(),
    };
    let decided: Decided<Task> = state
        .store
        .write(move |tx, _| {
            let gate = WriteCheck {
                owner: &new.account_id,
                schedule: Some(&new.schedule),
                takes_slot: true,
                exclude: None,
            };
            if let Some(refused) = plan_gate::check_write(tx, gate)? {
                return Ok(Err(ApiFailure::PlanLimit(refused)));
            }
            if Store::task_count(tx, &new.account_id)? >= u64::from(cap) {
                return Ok(Err(over_task_cap(cap)));
            }
            if let Err(refused) = trigger::check(&new.schedule, &new.timezone, now) {
                return Ok(Err(refused));
            }
            let row = Store::insert_task(tx, &ids::uuid(), &new, &db_timestamp(now))?;
            Ok(Ok(one(enrich_tasks(tx, vec![row], now)?)?))
        })
        .await;
    let task = flatten(decided, "Failed to create job")?;
    state.wake_scheduler();
    Ok(task)
}

/// The refusal of a create over `serve --max-tasks-per-account`.
fn over_task_cap(cap: u32) -> ApiFailure {
    let tasks = if cap == 1 { "task" } else { "tasks" };
    ApiFailure::OverLimit(format!(
        "Task limit reached: this server allows at most {cap} {tasks} per account \
         (serve --max-tasks-per-account); delete one to create another"
    ))
}

/// Lists the tasks the caller may see that match `query` (spec §2.2), newest first, as the
/// serialised `{"status":"success","tasks":[…]}` answer, or only its tag when `held` (the
/// request's `If-None-Match`) names it. Authentication happens here, in the
/// same trip to the database as the listing: this is the request clients poll.
pub async fn list(
    state: &AppState,
    credentials: Credentials,
    query: TasksQuery,
    held: Vec<String>,
) -> Result<Listing, ApiFailure> {
    let now = state.clock.now();
    let entries = state.list_entries.clone();
    state
        .store
        .read(move |conn, secret| {
            let filter = match auth::account_of(conn, secret, &credentials, &db_timestamp(now))
                .and_then(|caller| list_filter(conn, &caller, query))
            {
                Ok(filter) => filter,
                Err(refused) => return Ok(Err(refused)),
            };
            if let Some(refused) = run_path_block(conn, &filter, now)? {
                return Ok(Err(ApiFailure::PlanLimit(refused)));
            }
            entries.list(conn, &filter, now, &held).map(Ok)
        })
        .await
        .map_err(|err| ApiFailure::store("Failed to fetch scheduled actions", err))?
}

/// The run path (addendum §1.10): a get-by-id matching exactly one task answers 402 when the
/// owner's plan blocks that task now. Lists, and an id matching nothing, are never checked.
fn run_path_block(
    conn: &Connection,
    filter: &TaskFilter,
    now: DateTime<Utc>,
) -> Result<Option<PlanLimitBody>, StoreError> {
    if filter.id.is_none() {
        return Ok(None);
    }
    match Store::tasks(conn, filter)?.as_slice() {
        [task] => plan_gate::run_block(conn, task, now),
        _ => Ok(None),
    }
}

/// Which tasks `caller` sees for `query`: its own by default, another account's through the
/// override rules, and any task by id for a Recoup admin.
fn list_filter(
    conn: &Connection,
    caller: &str,
    query: TasksQuery,
) -> Result<TaskFilter, ApiFailure> {
    let admin_by_id = query.account_id.is_none() && query.id.is_some() && {
        Store::is_admin(conn, caller)
            .map_err(|err| ApiFailure::store("Failed to check account access", err))?
    };
    let owner = if admin_by_id {
        None
    } else {
        Some(auth::account_for(
            conn,
            caller,
            query.account_id.as_deref(),
        )?)
    };
    let filter = TaskFilter {
        id: query.id,
        account_id: owner,
        artist_account_id: query.artist_account_id,
        enabled: query.enabled,
    };
    // The hosted columns are uuids, so Postgres refuses anything else; say it the same way.
    for value in [&filter.id, &filter.account_id, &filter.artist_account_id]
        .into_iter()
        .flatten()
    {
        if uuid::Uuid::parse_str(value).is_err() {
            return Err(ApiFailure::Internal(format!(
                "Failed to fetch scheduled actions: invalid input syntax for type uuid: \"{value}\""
            )));
        }
    }
    Ok(filter)
}

/// Applies a PATCH for `actor` (the caller, or its `account_id` override), who must be able to
/// reach the task's owner (own account, a shared organisation, or a Recoup admin; addendum §3).
pub async fn update(state: &AppState, actor: String, body: UpdateTask) -> Result<Task, ApiFailure> {
    let now = state.clock.now();
    let decided: Decided<Task> = state
        .store
        .write(move |tx, _| {
            let Some(row) = Store::task(tx, &body.id)? else {
                return Ok(Err(ApiFailure::NotFound(TASK_NOT_FOUND)));
            };
            if !Store::can_access_account(tx, &actor, &row.account_id)? {
                return Ok(Err(ApiFailure::Forbidden(ACCESS_DENIED_TASK)));
            }
            // The gate (addendum §1.6) runs only for a write that takes a slot (enabling a
            // disabled task) or sends a schedule, and reads the owner's plan, not the caller's.
            let takes_slot = body.enabled == Some(Some(true)) && row.enabled == Some(false);
            if takes_slot || body.schedule.is_some() {
                let gate = WriteCheck {
                    owner: &row.account_id,
                    schedule: body.schedule.as_deref(),
                    takes_slot,
                    exclude: Some(&row.id),
                };
                if let Some(refused) = plan_gate::check_write(tx, gate)? {
                    return Ok(Err(ApiFailure::PlanLimit(refused)));
                }
            }
            let changes = match plan_update(
                &row.enabled,
                &row.trigger_schedule_id,
                &row.schedule,
                &row.timezone,
                &body,
                now,
            ) {
                Ok(changes) => changes,
                Err(refused) => return Ok(Err(refused)),
            };
            let Some(updated) = Store::update_task(tx, &body.id, &changes)? else {
                return Ok(Err(ApiFailure::NotFound(TASK_NOT_FOUND)));
            };
            Ok(Ok(one(enrich_tasks(tx, vec![updated], now)?)?))
        })
        .await;
    let task = flatten(decided, "Failed to update task")?;
    state.wake_scheduler();
    Ok(task)
}

/// Decides what a PATCH writes. `E` = effective enabled, `S` = has a schedule, `C` = body has
/// `schedule` or `timezone`. Unlike the hosted API, a disabled task's timezone is stored and its
/// schedule validated, and disabling keeps the timezone.
fn plan_update(
    enabled: &Option<bool>,
    schedule_id: &Option<String>,
    stored_schedule: &str,
    stored_zone: &str,
    body: &UpdateTask,
    now: DateTime<Utc>,
) -> Result<TaskChanges, ApiFailure> {
    let effective = match body.enabled {
        Some(Some(flag)) => flag,
        _ => enabled.unwrap_or(true),
    };
    let has_schedule = schedule_id.is_some();
    let schedule_changes = body.schedule.is_some() || body.timezone.is_some();
    let new_schedule_id = match (effective, has_schedule) {
        (false, true) => Some(None),
        (true, false) => Some(Some(ids::schedule_id())),
        _ => None,
    };
    let touches_trigger = effective && (!has_schedule || schedule_changes);
    if touches_trigger || schedule_changes {
        let expression = body.schedule.as_deref().unwrap_or(stored_schedule);
        let zone = body.timezone.as_deref().unwrap_or(stored_zone);
        trigger::check(expression, zone, now)?;
    }
    Ok(TaskChanges {
        title: body.title.clone(),
        prompt: body.prompt.clone(),
        schedule: body.schedule.clone(),
        artist_account_id: body.artist_account_id.clone(),
        enabled: body.enabled,
        model: body.model.clone(),
        timezone: body.timezone.clone(),
        schedule_changed_at: (schedule_changes || new_schedule_id.is_some())
            .then(|| db_timestamp(now)),
        trigger_schedule_id: new_schedule_id,
    })
}

/// Deletes task `id` if `caller` can reach its owner (own account, a shared organisation, or a
/// Recoup admin; addendum §3). DELETE takes no override: the row names its owner.
pub async fn delete(state: &AppState, caller: String, id: String) -> Result<(), ApiFailure> {
    let decided: Decided<()> = state
        .store
        .write(move |tx, _| {
            let Some(row) = Store::task(tx, &id)? else {
                return Ok(Err(ApiFailure::NotFound(TASK_NOT_FOUND)));
            };
            if !Store::can_access_account(tx, &caller, &row.account_id)? {
                return Ok(Err(ApiFailure::Forbidden(ACCESS_DENIED_TASK)));
            }
            Store::delete_task(tx, &id)?;
            Ok(Ok(()))
        })
        .await;
    flatten(decided, "Failed to delete scheduled action")?;
    state.wake_scheduler();
    Ok(())
}

/// Why a run-now was refused: the task is disabled.
pub const RUN_DISABLED: &str = "The task is disabled; enable it to run it";
/// Why a run-now was refused: one run per task at a time, as for scheduled fires.
pub const RUN_UNFINISHED: &str =
    "The task already has a run queued or executing; wait for it to finish";
/// Why a run-now was refused: runs are executed by the process holding the scheduler lock.
pub const RUN_ELSEWHERE: &str = "This server does not run the scheduler for its database \
     (another process does); run the task from that process";

/// Where this process's scheduler takes run requests. A server that has just started may not
/// have taken the database's lock yet (it first ends the runs a dead server left): wait for it
/// a few seconds rather than refuse a run the user asked for in the first moment.
async fn scheduler_of(
    state: &AppState,
) -> Result<tokio::sync::mpsc::UnboundedSender<runner::RequestedRun>, ApiFailure> {
    let deadline = tokio::time::Instant::now() + SCHEDULER_START_WAIT;
    loop {
        let standing = state.run_requests().clone();
        match standing {
            RunRequests::Here(requests) => return Ok(requests),
            RunRequests::NotRunning if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            RunRequests::NotRunning | RunRequests::Elsewhere => {
                return Err(ApiFailure::Conflict(RUN_ELSEWHERE.to_string()));
            }
        }
    }
}

/// How long a run-now waits for a starting scheduler.
const SCHEDULER_START_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Fires task `id` now for `caller` (a local extension, `POST /api/tasks/run`): the run is
/// stored `QUEUED` — the one a fire at this moment would make — and handed to this process's
/// scheduler, which runs it within the cap on running runs. Returns the run's id. The task
/// must be the caller's or reachable by it (a shared organisation, a Recoup admin); another
/// account's task is not found, as for reading a run. A disabled task, a task whose run has
/// not ended, and a server whose scheduler runs elsewhere make no run (409); the owner's plan
/// blocks it as it blocks a fire (402).
pub async fn run_now(state: &AppState, caller: String, id: String) -> Result<String, ApiFailure> {
    let requests = scheduler_of(state).await?;
    let now = state.clock.now();
    let decided: Decided<runner::RequestedRun> = state
        .store
        .write(move |tx, _| {
            let Some(task) = Store::task(tx, &id)? else {
                return Ok(Err(ApiFailure::NotFound(TASK_NOT_FOUND)));
            };
            if !Store::can_access_account(tx, &caller, &task.account_id)? {
                return Ok(Err(ApiFailure::NotFound(TASK_NOT_FOUND)));
            }
            let Some(schedule_id) = task.trigger_schedule_id.clone() else {
                return Ok(Err(ApiFailure::Conflict(RUN_DISABLED.to_string())));
            };
            if let Some(refused) = plan_gate::run_block(tx, &task, now)? {
                return Ok(Err(ApiFailure::PlanLimit(refused)));
            }
            if Store::has_unfinished_run(tx, &task.id)? {
                return Ok(Err(ApiFailure::Conflict(RUN_UNFINISHED.to_string())));
            }
            let last = Store::last_fire(tx, &task.id, &schedule_id)?;
            let run = runner::requested_run(&task, &schedule_id, now, last);
            Store::insert_run(
                tx,
                &RunRecord {
                    run: run.clone(),
                    task_id: task.id.clone(),
                    account_id: task.account_id.clone(),
                },
            )?;
            Ok(Ok(runner::RequestedRun { task, run }))
        })
        .await;
    let requested = flatten(decided, "Failed to run task")?;
    let run_id = requested.run.id.clone();
    if requests.send(requested).is_err() {
        // The scheduler stopped meanwhile; its stop records unfinished runs as interrupted.
        tracing::warn!(run = %run_id, "a run asked for as the scheduler stopped");
    }
    Ok(run_id)
}

fn one(mut tasks: Vec<Task>) -> Result<Task, StoreError> {
    tasks
        .pop()
        .ok_or_else(|| StoreError::Corrupt("task vanished while being enriched".into()))
}

fn flatten<T>(decided: Decided<T>, context: &str) -> Result<T, ApiFailure> {
    decided.map_err(|err| ApiFailure::store(context, err))?
}
