//! Replies and the clock, where they reach beyond one pane: a task list names the runs, a runs
//! list may ask for the tasks again, an opened run names its task, a saved task closes the
//! form and shows in the list. Each pane takes its own part of the reply.

use chrono::{DateTime, Utc};

use crate::client::{ClientError, TaskListReply};
use crate::model::{Run, Task};

use super::super::effect::{Effect, RequestId};
use super::super::form::{Mode, PlanRefusal};
use super::super::panes::tasks::Listed;
use super::super::state::{Screen, ToastKind};
use super::*;
use crate::present::plans::refusal_facts;

impl App {
    pub(super) fn on_clock(&mut self, now: DateTime<Utc>) {
        let minute_changed = now.timestamp() / 60 != self.shared.now.timestamp() / 60;
        let relative_before = self.relative_times(self.shared.now);
        self.shared.now = now;
        let moved = self.tasks.on_clock(now);
        let mut preview_changed = false;
        if let Some(form) = self.form.as_mut().filter(|_| minute_changed) {
            let before = form.preview.clone();
            form.refresh_preview(now, self.shared.local);
            preview_changed = form.preview != before;
        }
        // Nothing on screen shows the time itself: redraw only when a fire time moved on, or
        // a "3 min ago" on screen now reads "4 min ago".
        let relative_changed = relative_before != self.relative_times(now);
        self.shared.dirty = moved || preview_changed || relative_changed;
    }

    /// The "… ago" texts on screen that the clock alone changes.
    fn relative_times(&self, now: DateTime<Utc>) -> Vec<String> {
        if self.form.is_some() || self.run_view.is_some() || self.screen != Screen::Tasks {
            return Vec::new();
        }
        match &self.history {
            Some(history) => history.relative_times(now),
            None => self.tasks.relative_times(now),
        }
    }

    pub(super) fn on_tasks(
        &mut self,
        request: RequestId,
        result: Result<TaskListReply, ClientError>,
        effects: &mut Vec<Effect>,
    ) {
        // A list that still lacks a task some run named turns that run's "—" into
        // "(deleted task)": a change on screen even when the list is the same.
        let settles_names = self
            .runs
            .missing_tasks
            .values()
            .any(|at| *at == self.tasks.loads);
        let Some(listed) = self.tasks.on_loaded(request, result, self.shared.now) else {
            self.shared.unchanged();
            return;
        };
        match listed {
            Listed::Same => {
                self.shared.dirty = settles_names;
                self.find_run_tasks(effects);
            }
            Listed::Changed => self.find_run_tasks(effects),
            Listed::Failed => {}
        }
        self.tasks.schedule_refresh(effects);
    }

    pub(super) fn on_runs(
        &mut self,
        request: RequestId,
        result: Result<Vec<Run>, ClientError>,
        effects: &mut Vec<Effect>,
    ) {
        if let Some(history) = self.history.as_mut()
            && history.request == Some(request)
        {
            if history.on_loaded(request, result, &self.runs.task_of, effects) {
                self.find_run_tasks(effects);
            }
            return;
        }
        let Some(listed) = self.runs.on_loaded(request, result, &mut self.shared) else {
            return;
        };
        if listed {
            self.learn_run_tasks();
            self.ask_tasks_for_a_new_run(effects);
            self.read_run_tasks(effects);
        }
        if self.screen == Screen::Runs {
            self.runs.schedule_refresh(effects);
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
            self.tasks.load(&mut self.shared, effects);
        }
    }

    pub(super) fn on_run(
        &mut self,
        request: RequestId,
        result: Result<Box<Run>, ClientError>,
        effects: &mut Vec<Effect>,
    ) {
        if !self.run_view.as_ref().is_some_and(|v| v.awaits(request)) {
            self.shared.unchanged();
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
            self.refilter_history();
        }
        if let Some(view) = &mut self.run_view {
            view.on_loaded(result, &mut self.shared, effects);
        }
    }

    pub(super) fn on_saved(
        &mut self,
        request: RequestId,
        result: Result<Task, ClientError>,
        effects: &mut Vec<Effect>,
    ) {
        let Some(form) = self.form.as_mut().filter(|f| f.submitting == Some(request)) else {
            self.shared.unchanged();
            return;
        };
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
                crate::tui::recent::remember(&mut self.recent_ids, &artist, MAX_RECENT);
                effects.push(Effect::SaveRecentIds(self.recent_ids.clone()));
                self.screen = Screen::Tasks;
                self.tasks.filter.clear();
                self.tasks.filtering = false;
                self.tasks.replace(task, true, self.shared.now);
                effects.push(Effect::ClearDraft);
                self.shared.toast(ToastKind::Info, text, effects);
                self.tasks.load(&mut self.shared, effects);
            }
            Err(ClientError::PlanLimit(body)) => {
                // The sentence where any failed save shows; the plan's numbers and the
                // upgrade link beside the preview. Everything typed stays.
                let sent = form.create_body().schedule;
                form.submit_error = Some(body.message.clone());
                form.refusal = Some(PlanRefusal {
                    facts: refusal_facts(&body, Some(&sent)),
                    billing_url: body.billing_url.clone(),
                });
                self.plan = Some(body.plan);
                self.shared.toast(
                    ToastKind::Error,
                    format!("Not saved: {}", body.message),
                    effects,
                );
            }
            Err(e) => {
                form.submit_error = Some(e.to_string());
                self.shared
                    .toast(ToastKind::Error, format!("Not saved: {e}"), effects);
            }
        }
    }
}
