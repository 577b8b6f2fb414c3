//! How the app takes the server's replies and the clock: stale replies dropped, unchanged
//! ones cause no redraw, refresh timers rescheduled with backoff.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::client::ClientError;
use crate::model::{Run, Task};

use super::super::action::Action;
use super::super::effect::{Effect, RequestId};
use super::super::form::Mode;
use super::super::state::{Load, Screen, TaskRow, TasksFocus, ToastKind};
use super::*;

impl App {
    /// The wait before the next automatic refresh: the period, doubled per consecutive error.
    pub fn backoff(period: Duration, failures: u32) -> Duration {
        let factor = 1u32 << failures.min(6);
        (period * factor).min(MAX_BACKOFF.max(period))
    }

    pub(super) fn on_clock(&mut self, now: DateTime<Utc>) {
        let minute_changed = now.timestamp() / 60 != self.now.timestamp() / 60;
        self.now = now;
        let mut moved = false;
        for row in &mut self.tasks.rows {
            if row.next_fire.is_some_and(|t| t <= now) {
                row.next_fire = super::super::state::next_fire(&row.task, now);
                moved = true;
            }
        }
        if moved {
            self.tasks.refilter();
        }
        let mut preview_changed = false;
        if let Some(form) = self.form.as_mut().filter(|_| minute_changed) {
            let before = form.preview.clone();
            form.refresh_preview(now, self.local);
            preview_changed = form.preview != before;
        }
        // Nothing on screen shows the time itself: redraw only when a fire time moved on.
        self.dirty = moved || preview_changed;
    }

    pub(super) fn on_tasks(
        &mut self,
        request: RequestId,
        result: Result<Vec<Task>, ClientError>,
        effects: &mut Vec<Effect>,
    ) {
        if self.tasks.request != Some(request) {
            self.dirty = false;
            return;
        }
        self.tasks.request = None;
        self.tasks.generation += 1;
        match result {
            Ok(tasks) => {
                let unchanged = self.tasks.load == Load::Loaded
                    && tasks.len() == self.tasks.rows.len()
                    && tasks
                        .iter()
                        .zip(&self.tasks.rows)
                        .all(|(a, b)| *a == b.task);
                // A list that still lacks a task some run named turns that run's "—" into
                // "(deleted task)": a change on screen even when the list is the same.
                let settles_names = self
                    .runs
                    .missing_tasks
                    .values()
                    .any(|at| *at == self.tasks.loads);
                if unchanged {
                    self.dirty = settles_names;
                } else {
                    let now = self.now;
                    self.tasks
                        .set_rows(tasks.into_iter().map(|t| TaskRow::new(t, now)).collect());
                    self.tasks.load = Load::Loaded;
                }
                self.tasks.loads += 1;
                self.find_run_tasks(effects);
            }
            Err(e) => self.tasks.load = Load::Failed(e.to_string()),
        }
        effects.push(Effect::After {
            delay: TASKS_REFRESH,
            action: Box::new(Action::TasksRefreshDue {
                generation: self.tasks.generation,
            }),
        });
    }

    pub(super) fn on_runs(
        &mut self,
        request: RequestId,
        result: Result<Vec<Run>, ClientError>,
        effects: &mut Vec<Effect>,
    ) {
        if self.runs.request != Some(request) {
            self.dirty = false;
            return;
        }
        self.runs.request = None;
        match result {
            Ok(mut runs) => {
                self.runs.failures = 0;
                runs.sort_by(|a, b| b.created_at.cmp(&a.created_at));
                if self.runs.load == Load::Loaded && runs == self.runs.runs {
                    self.dirty = false;
                } else {
                    self.runs.set_runs(runs);
                    self.runs.load = Load::Loaded;
                }
                self.learn_run_tasks();
                self.ask_tasks_for_a_new_run(effects);
                self.read_run_tasks(effects);
            }
            Err(e) => {
                self.runs.failures += 1;
                self.runs.load = Load::Failed(e.to_string());
            }
        }
        if self.screen == Screen::Runs {
            self.runs.generation += 1;
            effects.push(Effect::After {
                delay: Self::backoff(RUNS_REFRESH, self.runs.failures),
                action: Box::new(Action::RunsRefreshDue {
                    generation: self.runs.generation,
                }),
            });
        }
    }

    /// The runs list names no task: a run is matched to its task through the tasks' recent
    /// runs ([`App::learn_run_tasks`], just before). A newest run still unnamed is younger than
    /// the tasks last read, so read them again — once per such run, so older runs never cause a
    /// reload.
    fn ask_tasks_for_a_new_run(&mut self, effects: &mut Vec<Effect>) {
        let Some(newest) = self.runs.runs.first() else {
            return;
        };
        let asked = self.runs.tasks_asked_for.as_deref() == Some(newest.id.as_str());
        if asked || self.tasks.request.is_some() {
            return;
        }
        if !self.runs.task_of.contains_key(&newest.id) {
            self.runs.tasks_asked_for = Some(newest.id.clone());
            self.load_tasks(effects);
        }
    }

    pub(super) fn on_run(
        &mut self,
        request: RequestId,
        result: Result<Box<Run>, ClientError>,
        effects: &mut Vec<Effect>,
    ) {
        if self.run_view.as_ref().and_then(|v| v.request) != Some(request) {
            self.dirty = false;
            return;
        }
        // An opened run carries its payload: learn its task.
        let learnt = result
            .as_ref()
            .ok()
            .and_then(|run| Some((run.id.clone(), run.task_id()?.to_string())));
        if let Some((run_id, task)) = learnt {
            self.runs.task_of.insert(run_id, task.clone());
            self.notice_missing_task(&task, effects);
        }
        let Some(view) = &mut self.run_view else {
            return;
        };
        view.request = None;
        match result {
            Ok(run) => {
                view.failures = 0;
                if view.load == Load::Loaded && view.run.as_ref() == Some(&*run) {
                    self.dirty = false;
                }
                view.run = Some(*run);
                view.load = Load::Loaded;
            }
            Err(e) => {
                view.failures += 1;
                view.load = Load::Failed(e.to_string());
            }
        }
        let finished =
            view.run.as_ref().is_some_and(|r| r.status.is_terminal()) && view.load == Load::Loaded;
        if !finished {
            view.generation += 1;
            effects.push(Effect::After {
                delay: Self::backoff(RUNS_REFRESH, view.failures),
                action: Box::new(Action::RunRefreshDue {
                    generation: view.generation,
                }),
            });
        }
    }

    pub(super) fn on_saved(
        &mut self,
        request: RequestId,
        result: Result<Task, ClientError>,
        effects: &mut Vec<Effect>,
    ) {
        let Some(form) = &mut self.form else {
            self.dirty = false;
            return;
        };
        if form.submitting != Some(request) {
            self.dirty = false;
            return;
        }
        form.submitting = None;
        match result {
            Ok(task) => {
                let artist = task.artist_account_id.clone();
                let verb = if matches!(form.mode, Mode::Edit(_)) {
                    "Saved"
                } else {
                    "Created"
                };
                let text = format!("{verb} “{}”", task.title);
                self.form = None;
                self.remember_artist(artist);
                effects.push(Effect::SaveRecentIds(self.recent_ids.clone()));
                self.screen = Screen::Tasks;
                self.tasks.filter.clear();
                self.tasks.filtering = false;
                self.replace_task(task, true);
                effects.push(Effect::ClearDraft);
                self.toast(ToastKind::Info, text, effects);
                self.load_tasks(effects);
            }
            Err(e) => {
                form.submit_error = Some(e.to_string());
                self.toast(ToastKind::Error, format!("Not saved: {e}"), effects);
            }
        }
    }

    pub(super) fn remember_artist(&mut self, id: String) {
        crate::tui::recent::remember(&mut self.recent_ids, &id, MAX_RECENT);
    }

    /// Put a task the server returned into the list (replacing its old version), optionally
    /// selecting it.
    pub(super) fn replace_task(&mut self, task: Task, select: bool) {
        let id = task.id.clone();
        let mut row = TaskRow::new(task, self.now);
        if let Some(existing) = self.tasks.task(&id) {
            // PATCH replies carry no enrichment; keep what the list had.
            if row.task.recent_runs.is_empty() {
                row.task.recent_runs = existing.recent_runs.clone();
            }
            if row.task.owner_email.is_none() {
                row.task.owner_email = existing.owner_email.clone();
            }
        }
        if self.tasks.load != Load::Loaded {
            self.tasks.load = Load::Loaded;
        }
        self.tasks.upsert(row);
        if select {
            self.tasks.select_id(Some(&id));
            self.tasks.focus = TasksFocus::List;
            self.tasks.run_selected = 0;
            self.tasks.detail_scroll = 0;
        }
    }
}
