//! The scheduler: fires every task that has a schedule at the engine's times and records each
//! run and attempt. One scheduler per database file (an OS lock on `<db>.lock`), so a TUI, a CLI
//! and `serve` sharing a database never fire a task twice.
//!
//! Timing follows Trigger.dev: chain semantics (each fire computed from the previous nominal
//! fire), no backfill (a fire missed while nothing was running is skipped — and recorded, see
//! `missed` — the next one is computed from now), a change takes effect at once.
//!
//! Stopping ends the runs in progress and records them as interrupted; a heartbeat in the lock
//! file tells the next scheduler when this one was last alive (see `heartbeat`).

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::clock::{iso_millis, parse_instant};
use super::heartbeat;
use super::interruption::{self, Interruption};
use super::missed::{self, SKIPPED_BUSY};
use super::prune;
use super::runner::{self, RunSettings};
use super::slots::RunSlots;
use super::store::{Store, TaskRow};
use super::trigger;
use super::{AppState, RunRequests};
use crate::config::private_files;

/// How often the scheduler looks at the database on its own (changes made by another process
/// have no other way to reach it), and retries the lock when another process holds it.
const POLL: Duration = Duration::from_millis(500);
const LOCK_RETRY: Duration = Duration::from_secs(2);
/// The least time between two reloads of the task list, so a burst of creates costs a few
/// reloads rather than one each.
const RELOAD_GAP: Duration = Duration::from_millis(100);

/// What the scheduler knows about one scheduled task.
struct Planned {
    /// The inputs the plan was made from; a change re-plans.
    key: (String, String, Option<String>, String),
    next: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
}

/// Runs the scheduler until `shutdown` turns true.
pub async fn run(state: AppState, settings: RunSettings, mut shutdown: watch::Receiver<bool>) {
    let lock_path = lock_path(state.store.path());
    // Retried every LOCK_RETRY; each state is logged when it begins, not on every retry (a
    // second instance would otherwise log a line every 2 s for as long as it runs).
    let mut waiting: Option<String> = None;
    let lock = loop {
        let now_waiting = match try_lock(&lock_path) {
            Ok(Some(file)) => {
                if waiting.is_some() {
                    tracing::info!(path = %lock_path.display(), "the other scheduler stopped; this process schedules now");
                }
                break file;
            }
            Ok(None) => "held".to_string(),
            Err(err) => err.to_string(),
        };
        if waiting.as_ref() != Some(&now_waiting) {
            *state.run_requests() = if now_waiting == "held" {
                RunRequests::Elsewhere
            } else {
                RunRequests::NotRunning
            };
            if now_waiting == "held" {
                tracing::info!(path = %lock_path.display(), "another process runs the scheduler for this database; this one takes over when it stops");
            } else {
                tracing::warn!(err = %now_waiting, path = %lock_path.display(), "cannot open the scheduler lock");
            }
            waiting = Some(now_waiting);
        }
        tokio::select! {
            _ = tokio::time::sleep(LOCK_RETRY) => {}
            _ = shutdown.changed() => return,
        }
    };
    // Taken over from another process: a run-now waits for the start below, as at a first start.
    *state.run_requests() = RunRequests::NotRunning;
    tracing::info!("scheduler started");
    let started = state.clock.now();
    let last_seen = heartbeat::last_seen(&lock);
    heartbeat::beat(&lock, started);
    let mut last_beat = Instant::now();
    interruption::fail_interrupted(&state, Interruption::Died(last_seen)).await;
    missed::record(&state, last_seen, started).await;
    prune::old_runs(&state, &settings, started).await;
    let mut last_prune = started;
    // Every fire runs here, so that stopping can end the runs in progress; `in_flight` says
    // which task each unfinished fire belongs to (a task is busy until its run has ended).
    let mut fires = JoinSet::new();
    let mut in_flight = InFlight::default();
    let slots = RunSlots::new(settings.max_running);
    let mut plans: HashMap<String, Planned> = HashMap::new();
    let mut tasks: Vec<TaskRow> = Vec::new();
    let mut seen_version = None;
    let mut last_reload: Option<Instant> = None;
    let (requests, mut requested) = tokio::sync::mpsc::unbounded_channel();
    *state.run_requests() = RunRequests::Here(requests);
    loop {
        if let Some(gap) = last_reload.and_then(|at| RELOAD_GAP.checked_sub(at.elapsed())) {
            tokio::time::sleep(gap).await;
        }
        last_reload = None;
        let now = state.clock.now();
        if last_beat.elapsed() >= heartbeat::EVERY {
            heartbeat::beat(&lock, now);
            last_beat = Instant::now();
        }
        while let Some(done) = fires.try_join_next_with_id() {
            in_flight.finished(match done {
                Ok((id, ())) => id,
                Err(err) => err.id(),
            });
        }
        if prune::due(last_prune, now) {
            prune::old_runs(&state, &settings, now).await;
            last_prune = now;
        }
        // Reload only when a task changed (cheap to ask; large databases have many tasks).
        let loaded = state
            .store
            .read(move |conn, _| match Store::tasks_version(conn)? {
                version if Some(version) == seen_version => Ok((version, None)),
                version => Ok((version, Some(Store::scheduled_tasks(conn)?))),
            })
            .await;
        match loaded {
            Ok((version, fresh)) => {
                seen_version = Some(version);
                if let Some(fresh) = fresh {
                    last_reload = Some(Instant::now());
                    tasks = fresh;
                    reconcile(&mut plans, &tasks, started, now);
                }
            }
            Err(err) => tracing::error!(%err, "scheduler cannot read tasks"),
        }
        for task in &tasks {
            let fire = Fire {
                state: &state,
                settings: &settings,
                slots: &slots,
                fires: &mut fires,
                in_flight: &mut in_flight,
            };
            fire_if_due(fire, &mut plans, task, now);
        }
        let earliest = plans.values().filter_map(|plan| plan.next).min();
        let wait_for_fire = async {
            match earliest {
                Some(at) => state.clock.sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = wait_for_fire => {}
            _ = state.wake.notified() => {}
            Some(request) = requested.recv() => run_requested(&state, &settings, &slots, &mut fires, &mut in_flight, request),
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.changed() => break,
        }
    }
    // Runs asked for from now on are refused; those already stored end as interrupted below.
    *state.run_requests() = RunRequests::NotRunning;
    // Stopping: the runs in progress end now (their commands with them), recorded as
    // interrupted at the stop rather than left for the next start to find.
    fires.shutdown().await;
    let stopped = state.clock.now();
    heartbeat::beat(&lock, stopped);
    interruption::fail_interrupted(&state, Interruption::Stopped(stopped)).await;
    tracing::info!("scheduler stopped");
}

/// Plans new and changed tasks and forgets deleted or disabled ones. A task's first fire is
/// the first after its schedule changed, or after the scheduler started if that is later (no
/// backfill across downtime).
fn reconcile(
    plans: &mut HashMap<String, Planned>,
    tasks: &[TaskRow],
    started: DateTime<Utc>,
    now: DateTime<Utc>,
) {
    let present: HashSet<&str> = tasks.iter().map(|task| task.id.as_str()).collect();
    plans.retain(|id, _| present.contains(id.as_str()));
    for task in tasks {
        let key = (
            task.schedule.clone(),
            task.timezone.clone(),
            task.trigger_schedule_id.clone(),
            task.schedule_changed_at.clone(),
        );
        if plans.get(&task.id).is_some_and(|plan| plan.key == key) {
            continue;
        }
        let changed = parse_instant(&task.schedule_changed_at).unwrap_or(now);
        let from = changed.max(started).min(now);
        let next = first_fire(task, from);
        plans.insert(
            task.id.clone(),
            Planned {
                key,
                next,
                last: None,
            },
        );
    }
}

fn first_fire(task: &TaskRow, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    trigger::upcoming_times(&task.schedule, &task.timezone, after, 1)
        .into_iter()
        .next()
}

/// The fires in progress, by the tokio task running each, and the scheduled task each is for.
#[derive(Default)]
struct InFlight {
    by_fire: HashMap<tokio::task::Id, String>,
    /// How many unfinished fires each task has (one, since a busy task's fires are skipped).
    by_task: HashMap<String, usize>,
}

impl InFlight {
    fn started(&mut self, fire: tokio::task::Id, task_id: &str) {
        self.by_fire.insert(fire, task_id.to_string());
        *self.by_task.entry(task_id.to_string()).or_default() += 1;
    }

    /// A tokio task ended; those that were no fire (a skip being recorded) are ignored.
    fn finished(&mut self, fire: tokio::task::Id) {
        let Some(task_id) = self.by_fire.remove(&fire) else {
            return;
        };
        if let Some(count) = self.by_task.get_mut(&task_id) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.by_task.remove(&task_id);
            }
        }
    }

    fn is_busy(&self, task_id: &str) -> bool {
        self.by_task.contains_key(task_id)
    }
}

/// What firing a task needs from the scheduler loop.
struct Fire<'a> {
    state: &'a AppState,
    settings: &'a RunSettings,
    slots: &'a RunSlots,
    fires: &'a mut JoinSet<()>,
    in_flight: &'a mut InFlight,
}

/// Fires `task` if its next time has come, and plans the one after: chained from the nominal
/// time, or from now if that is already past (missed fires are skipped, not caught up). While
/// the task's previous run still runs or waits for a slot, the fire makes no run and is
/// recorded on the task as skipped (as Trigger.dev's one-run-per-schedule concurrency would
/// have it wait, but a queue of fires behind a stuck run would only grow).
fn fire_if_due(
    fire: Fire<'_>,
    plans: &mut HashMap<String, Planned>,
    task: &TaskRow,
    now: DateTime<Utc>,
) {
    let Some(plan) = plans.get_mut(&task.id) else {
        return;
    };
    let Some(due) = plan.next.filter(|due| *due <= now) else {
        return;
    };
    if fire.in_flight.is_busy(&task.id) {
        // Recorded on the task; at info, one account's every-minute tasks would flood the log.
        tracing::debug!(task = %task.id, "fire skipped: the previous run is still running");
        fire.fires
            .spawn(record_skipped(fire.state.clone(), task.id.clone(), due));
    } else {
        let handle = fire.fires.spawn(runner::fire(
            fire.state.clone(),
            fire.settings.clone(),
            fire.slots.clone(),
            task.clone(),
            due,
            plan.last,
        ));
        fire.in_flight.started(handle.id(), &task.id);
    }
    plan.last = Some(due);
    plan.next = first_fire(task, due).map(|next| {
        if next <= now {
            first_fire(task, now).unwrap_or(next)
        } else {
            next
        }
    });
}

/// Runs a run stored by `POST /api/tasks/run` among the fires, so that it counts against the
/// cap, keeps the task busy (its scheduled fires are skipped meanwhile) and ends at a stop.
fn run_requested(
    state: &AppState,
    settings: &RunSettings,
    slots: &RunSlots,
    fires: &mut JoinSet<()>,
    in_flight: &mut InFlight,
    request: runner::RequestedRun,
) {
    let task_id = request.task.id.clone();
    let handle = fires.spawn(runner::run_requested(
        state.clone(),
        settings.clone(),
        slots.clone(),
        request,
    ));
    in_flight.started(handle.id(), &task_id);
}

/// Records a fire skipped because the task's previous run had not ended.
async fn record_skipped(state: AppState, task_id: String, due: DateTime<Utc>) {
    let fires = vec![iso_millis(due)];
    let recorded = state
        .store
        .write(move |tx, _| Store::record_missed_fires(tx, &task_id, &fires, SKIPPED_BUSY))
        .await;
    if let Err(err) = recorded {
        tracing::error!(%err, "cannot record a skipped fire");
    }
}

/// `<db>.lock` beside the database.
fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// The lock file, held, or `None` when another process holds it.
fn try_lock(path: &Path) -> std::io::Result<Option<File>> {
    private_files::tighten(path)?;
    let file = private_files::file_options()
        .create(true)
        .truncate(false)
        // Read and written: it holds the heartbeat too.
        .read(true)
        .write(true)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(err)) => Err(err),
    }
}
