//! The Tasks pane: the list, the selected task's recent runs and its detail. Its keys, its
//! clicks, the filter typed into it, and the replies about its tasks.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;

use crate::client::{ClientError, TaskListReply};
use crate::model::health;
use crate::model::{RunSummary, Task};
use crate::present::plans::refusal_line;

use super::super::action::Action;
use super::super::app::{TASKS_REFRESH, TASKS_RUNNING_REFRESH};
use super::super::drawn::Drawn;
use super::super::effect::{Effect, RequestId, ServerCall};
use super::super::keys::Command;
use super::super::state::{Load, Screen, ToastKind};
use super::super::views::layout;
use super::marks::Bulk;
use super::task_list::{Sort, TaskRow, TasksFocus};
use super::{Ask, Shared, scroll, step};

#[derive(Debug, Clone, Default)]
pub struct TasksPane {
    pub load: Load,
    pub rows: Vec<TaskRow>,
    /// Indexes into `rows` that pass the filter, in display order.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    pub sort: Sort,
    pub focus: TasksFocus,
    /// Position in the selected task's recent runs.
    pub run_selected: usize,
    /// The detail pane's first line when it has the focus.
    pub detail_scroll: u16,
    pub request: Option<RequestId>,
    /// Bumped whenever a refresh timer is replaced, so older timers are ignored.
    pub generation: u64,
    /// How many task lists have been loaded.
    pub loads: u64,
    /// Bumped whenever the rows change (a load, a task put in or removed): the agenda
    /// rebuilds when it differs from what it was built from.
    pub changes: u64,
    /// The enable/disable on its way (one at a time).
    pub toggle_request: Option<RequestId>,
    /// The delete on its way.
    pub delete_request: Option<RequestId>,
    /// The `R` in flight (run now).
    pub run_request: Option<RequestId>,
    /// What the run path (`GET /api/tasks?id=`) said of each task checked since it last
    /// changed: the hosted API answers 402 for a task its owner's plan no longer runs.
    pub plan_checks: HashMap<String, PlanCheck>,
    /// The marked tasks, by id (see [`super::marks`]).
    pub marks: BTreeSet<String>,
    /// The task `m` or `V` marked last: where the next `V` range starts.
    pub mark_anchor: Option<String>,
    /// The bulk change going through the marked tasks, one at a time.
    pub bulk: Option<Bulk>,
    /// `:artist NAME`: only tasks whose artist name or id contains this (any case).
    pub artist_filter: Option<String>,
    /// The ETag of the list reply the rows are, sent with the next list request (a `304`
    /// means the same list); `None` once the rows are changed here, or a load failed.
    pub etag: Option<String>,
}

/// The run path's verdict on one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanCheck {
    Asked,
    Runs,
    /// Blocked by the owner's plan: the server's sentence.
    Blocked(String),
}

/// How a task list reply left the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// The same tasks as shown.
    Same,
    Changed,
    Failed,
}

impl TasksPane {
    /// A key's command, while the Tasks screen (or its filter) has the keys.
    pub fn update(
        &mut self,
        command: Command,
        drawn: &Drawn,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) -> Ask {
        use Command as C;
        match command {
            C::Up | C::Down | C::PageUp | C::PageDown | C::Top | C::Bottom => {
                self.move_by(command, drawn, shared)
            }
            C::Open => return self.open(shared),
            C::NextPane => self.next_pane(shared),
            C::ToggleEnabled if !self.marks.is_empty() => return self.ask_bulk_toggle(shared),
            C::ToggleEnabled => self.toggle(shared, effects),
            C::Mark => self.mark(shared),
            C::MarkRange => self.mark_range(shared),
            C::Refresh => self.load(shared, effects),
            C::StartFilter => self.filtering = true,
            C::EndFilter => self.filtering = false,
            C::Back => match self.focus {
                // Out of the recent runs or the detail first, as Esc leaves a run or the help.
                TasksFocus::RecentRuns | TasksFocus::Detail => {
                    self.focus = TasksFocus::List;
                    self.run_selected = 0;
                    self.detail_scroll = 0;
                }
                // Marks first (they took work to make), then the filter.
                TasksFocus::List if !self.marks.is_empty() => self.clear_marks(),
                TasksFocus::List => self.clear_filter(shared),
            },
            C::ClearFilter => self.clear_filter(shared),
            C::Sort => {
                self.sort = self.sort.next();
                self.refilter();
            }
            C::CopyId => {
                let id = match self.focus {
                    TasksFocus::RecentRuns => self.selected_recent_run().map(|r| r.id.clone()),
                    TasksFocus::List | TasksFocus::Detail => {
                        self.selected_task().map(|t| t.id.clone())
                    }
                };
                match id {
                    Some(id) if !id.is_empty() => effects.push(Effect::CopyToClipboard(id)),
                    _ => shared.unchanged(),
                }
            }
            // The app's commands never reach a pane.
            _ => shared.unchanged(),
        }
        Ask::Done
    }

    fn clear_filter(&mut self, shared: &mut Shared) {
        if self.filter.is_empty() && !self.filtering && self.artist_filter.is_none() {
            shared.unchanged();
        }
        self.filter.clear();
        self.artist_filter = None;
        self.filtering = false;
        self.refilter();
    }

    /// The selected task's recent run under the cursor.
    pub fn selected_recent_run(&self) -> Option<&RunSummary> {
        self.selected_task()
            .and_then(|t| t.recent_runs.get(self.run_selected))
    }

    fn move_by(&mut self, command: Command, drawn: &Drawn, shared: &mut Shared) {
        let page = shared.page();
        match self.focus {
            TasksFocus::RecentRuns => {
                let len = self.selected_task().map_or(0, |t| t.recent_runs.len());
                self.run_selected = step(command, self.run_selected, len, page);
            }
            TasksFocus::Detail => {
                let lines = self
                    .selected_task()
                    .map_or(Some(1), |task| drawn.detail_tops(&task.id));
                let before = self.detail_scroll;
                self.detail_scroll = scroll(command, before, lines, page);
                shared.dirty = before != self.detail_scroll;
            }
            TasksFocus::List => {
                let before = self.selected;
                self.selected = step(command, before, self.visible.len(), page);
                if before != self.selected {
                    self.run_selected = 0;
                    self.detail_scroll = 0;
                } else {
                    shared.unchanged();
                }
            }
        }
    }

    /// Enter: on a recent run, open it; on a task, open its runs (the account's, kept to the
    /// task's: more than the five recent ones).
    fn open(&mut self, shared: &mut Shared) -> Ask {
        if self.focus == TasksFocus::RecentRuns {
            return match self.selected_recent_run() {
                Some(run) => Ask::OpenRun(Box::new(run.to_run())),
                None => {
                    shared.unchanged();
                    Ask::Done
                }
            };
        }
        match self.selected_task() {
            Some(task) => Ask::OpenHistory {
                task_id: task.id.clone(),
                title: task.title.clone(),
            },
            None => {
                shared.unchanged();
                Ask::Done
            }
        }
    }

    /// Tab: the next pane on screen (none but the list when the detail is hidden).
    fn next_pane(&mut self, shared: &mut Shared) {
        if self.selected_task().is_none() || !detail_shown(shared) {
            shared.unchanged();
            return;
        }
        self.focus = match self.focus {
            TasksFocus::List => self.detail_focus(),
            TasksFocus::RecentRuns => TasksFocus::Detail,
            TasksFocus::Detail => TasksFocus::List,
        };
        self.run_selected = 0;
        self.detail_scroll = 0;
    }

    fn toggle(&mut self, shared: &mut Shared, effects: &mut Vec<Effect>) {
        let target = self
            .selected_task()
            .map(|t| (t.id.clone(), t.enabled == Some(false)));
        match target {
            Some((id, enabled)) if self.toggle_request.is_none() => {
                let request = shared.request();
                self.toggle_request = Some(request);
                effects.push(Effect::Server(ServerCall::SetEnabled {
                    request,
                    id,
                    enabled,
                }));
            }
            _ => shared.unchanged(),
        }
    }

    /// Ask the server for the list.
    pub fn load(&mut self, shared: &mut Shared, effects: &mut Vec<Effect>) {
        let request = shared.request();
        self.request = Some(request);
        if self.load != Load::Loaded {
            self.load = Load::Loading;
        }
        effects.push(Effect::Server(ServerCall::LoadTasks {
            request,
            known: self.known_tasks(),
        }));
    }

    /// `y` to "Delete the task?".
    pub fn delete(&mut self, id: String, shared: &mut Shared, effects: &mut Vec<Effect>) {
        let request = shared.request();
        self.delete_request = Some(request);
        effects.push(Effect::Server(ServerCall::DeleteTask { request, id }));
    }

    /// `R`: fire task `id` now on the local server. The list stays as it is.
    pub fn run_now(
        &mut self,
        id: String,
        title: String,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        let request = shared.request();
        self.run_request = Some(request);
        effects.push(Effect::Server(ServerCall::RunTask { request, id, title }));
    }

    /// The reply to `R`: a toast naming the run, and the list read again so the task's recent
    /// runs show it.
    pub fn on_run_started(
        &mut self,
        request: RequestId,
        title: &str,
        result: Result<String, ClientError>,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        if self.run_request != Some(request) {
            shared.unchanged();
            return;
        }
        self.run_request = None;
        match result {
            Ok(run_id) => {
                let text = format!("Started a run of “{title}”: {run_id}");
                shared.toast(ToastKind::Info, text, effects);
                self.load(shared, effects);
            }
            Err(e) => shared.toast(
                ToastKind::Error,
                format!("Could not run “{title}”: {e}"),
                effects,
            ),
        }
    }

    /// A key that is no command, while filtering: text for the filter.
    pub fn type_key(&mut self, key: KeyEvent, shared: &mut Shared) {
        match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filter.push(c);
                self.refilter();
            }
            KeyCode::Backspace => {
                self.filter.pop();
                self.refilter();
            }
            _ => shared.unchanged(),
        }
    }

    /// Pasted text, while filtering: one line of filter.
    pub fn paste(&mut self, text: &str) {
        self.filter.push_str(&text.replace(['\n', '\r'], " "));
        self.refilter();
    }

    /// A click: on a drawn row, select it; elsewhere, focus the detail.
    pub fn click(&mut self, at: Position, drawn: &Drawn, shared: &mut Shared) {
        let Some(list) = drawn.list.filter(|l| l.screen == Screen::Tasks) else {
            shared.unchanged();
            return;
        };
        if !list.rows.contains(at) {
            if detail_shown(shared) {
                self.focus = self.detail_focus();
            } else {
                shared.unchanged();
            }
            return;
        }
        let index = list.first + usize::from(at.y - list.rows.y);
        if index >= self.visible.len() {
            return;
        }
        self.selected = index;
        self.focus = TasksFocus::List;
        self.run_selected = 0;
        self.detail_scroll = 0;
    }

    /// The terminal was resized: a focused pane the new size hides gives the focus back to
    /// the list.
    pub fn on_resize(&mut self, shared: &Shared) {
        if self.focus != TasksFocus::List && !detail_shown(shared) {
            self.focus = TasksFocus::List;
            self.run_selected = 0;
            self.detail_scroll = 0;
        }
    }

    /// The clock moved on: fires that passed, and health whose grace ended, are computed
    /// again. Returns whether any changed.
    pub fn on_clock(&mut self, now: DateTime<Utc>) -> bool {
        let mut moved = false;
        for row in &mut self.rows {
            if row.next_fire.is_some_and(|t| t <= now) {
                row.next_fire = row.task.next_fire(now);
                moved = true;
            }
            if row.health.recheck_at.is_some_and(|t| t <= now) {
                let health = health::health(&row.task, now);
                // The next grace's end is no change on screen; a fire newly missed is.
                moved |= health.missed != row.health.missed;
                row.health = health;
            }
        }
        if moved {
            self.refilter();
        }
        moved
    }

    /// The selected task's times as "… ago", which the clock alone changes: a redraw is owed
    /// when they read differently.
    pub fn relative_times(&self, now: DateTime<Utc>) -> Vec<String> {
        let Some(health) = self.selected_row().map(|row| &row.health) else {
            return Vec::new();
        };
        let failure = health.last_failure.as_ref().map(|(at, _)| *at);
        let missed = health.missed.as_ref().map(|m| m.at);
        [health.last_success, failure, missed]
            .into_iter()
            .flatten()
            .map(|at| crate::present::ago(at, now))
            .collect()
    }

    /// A task list reply; `None` when it answers an older request (dropped).
    pub fn on_loaded(
        &mut self,
        request: RequestId,
        result: Result<TaskListReply, ClientError>,
        now: DateTime<Utc>,
    ) -> Option<Listed> {
        if self.request != Some(request) {
            return None;
        }
        self.request = None;
        self.generation += 1;
        let listed = match result {
            // The ETag sent is the rows' own: the list is the one shown.
            Ok(TaskListReply::NotModified) => {
                self.loads += 1;
                Listed::Same
            }
            Ok(TaskListReply::Listed { tasks, etag }) => {
                // Known tasks come back shared: comparing pointers settles most rows.
                let same = self.load == Load::Loaded
                    && tasks.len() == self.rows.len()
                    && tasks.iter().zip(&self.rows).all(|(a, b)| b.shows(&a.task));
                self.loads += 1;
                if same {
                    // Equal tasks from other text (another `upcoming`): known by that text now.
                    for (entry, row) in tasks.into_iter().zip(&mut self.rows) {
                        row.fingerprint = entry.fingerprint;
                        row.task = entry.task;
                    }
                    self.etag = etag;
                    Listed::Same
                } else {
                    // A task that changed may run again (or be blocked now): ask again.
                    self.plan_checks.clear();
                    let rows = self.rows_for(tasks, now);
                    self.set_rows(rows);
                    self.etag = etag;
                    self.load = Load::Loaded;
                    Listed::Changed
                }
            }
            Err(e) => {
                self.etag = None;
                self.load = Load::Failed(e.to_string());
                Listed::Failed
            }
        };
        Some(listed)
    }

    /// The next refresh of the list, after a reply.
    /// Sooner while a listed task's latest run has not ended, so a run started with `R` (or
    /// by the scheduler) is seen to finish.
    pub fn schedule_refresh(&self, effects: &mut Vec<Effect>) {
        let running = self.rows.iter().any(|row| {
            row.task
                .recent_runs
                .first()
                .is_some_and(|run| !run.status.is_terminal())
        });
        effects.push(Effect::After {
            delay: if running {
                TASKS_RUNNING_REFRESH
            } else {
                TASKS_REFRESH
            },
            action: Box::new(Action::TasksRefreshDue {
                generation: self.generation,
            }),
        });
    }

    /// The refresh timer: a replaced one is ignored.
    pub fn on_refresh_due(
        &mut self,
        generation: u64,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        if generation == self.generation {
            self.load(shared, effects);
        }
        shared.unchanged();
    }

    pub fn on_toggled(
        &mut self,
        request: RequestId,
        result: Result<Task, ClientError>,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        if self.bulk_awaits(request) {
            self.on_bulk_reply(result.map(Some), shared, effects);
            return;
        }
        if self.toggle_request != Some(request) {
            shared.unchanged();
            return;
        }
        self.toggle_request = None;
        match result {
            Ok(task) => {
                let word = if task.enabled == Some(false) {
                    "Disabled"
                } else {
                    "Enabled"
                };
                let text = format!("{word} “{}”", task.title);
                self.replace(task, false, shared.now);
                shared.toast(ToastKind::Info, text, effects);
            }
            Err(ClientError::PlanLimit(body)) => shared.toast(
                ToastKind::Error,
                format!("Could not enable the task: {}", refusal_line(&body, None)),
                effects,
            ),
            Err(e) => shared.toast(
                ToastKind::Error,
                format!("Could not change the task: {e}"),
                effects,
            ),
        }
    }

    pub fn on_deleted(
        &mut self,
        request: RequestId,
        id: &str,
        result: Result<(), ClientError>,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        if self.bulk_awaits(request) {
            self.on_bulk_reply(result.map(|()| None), shared, effects);
            return;
        }
        if self.delete_request != Some(request) {
            shared.unchanged();
            return;
        }
        self.delete_request = None;
        match result {
            Ok(()) => {
                self.remove(id);
                shared.toast(ToastKind::Info, "Task deleted".into(), effects);
            }
            Err(e) => shared.toast(
                ToastKind::Error,
                format!("Could not delete the task: {e}"),
                effects,
            ),
        }
    }

    /// The selected task, when it is enabled and the run path has not been asked about it
    /// yet: ask now (once per task until it changes). A disabled task never runs, so it is
    /// never blocked.
    pub fn check_selected(&mut self, effects: &mut Vec<Effect>) {
        let Some(task) = self.selected_task() else {
            return;
        };
        if task.enabled == Some(false) || self.plan_checks.contains_key(&task.id) {
            return;
        }
        let id = task.id.clone();
        self.plan_checks.insert(id.clone(), PlanCheck::Asked);
        effects.push(Effect::Server(ServerCall::CheckTask { id }));
    }

    /// The run path's answer about task `id`; a failure that is not a plan block says
    /// nothing about the plan (asked again when the task changes).
    pub fn on_checked(&mut self, id: String, result: Result<(), ClientError>, shared: &mut Shared) {
        let check = match result {
            Ok(()) => PlanCheck::Runs,
            Err(ClientError::PlanLimit(body)) => PlanCheck::Blocked(body.message),
            Err(_) => PlanCheck::Runs,
        };
        let shown = self.plan_block(&id).map(str::to_string);
        self.plan_checks.insert(id.clone(), check);
        shared.dirty = shown.as_deref() != self.plan_block(&id);
    }

    /// What the run path said of `id` when the owner's plan blocks it.
    pub fn plan_block(&self, id: &str) -> Option<&str> {
        match self.plan_checks.get(id) {
            Some(PlanCheck::Blocked(message)) => Some(message),
            Some(PlanCheck::Asked | PlanCheck::Runs) | None => None,
        }
    }

    /// Put a task the server returned into the list (replacing its old version), optionally
    /// selecting it.
    pub fn replace(&mut self, task: Task, select: bool, now: DateTime<Utc>) {
        let id = task.id.clone();
        self.plan_checks.remove(&id);
        let mut row = TaskRow::new(task.listed(), now);
        if let Some(existing) = self.task(&id) {
            // PATCH replies carry no enrichment; keep what the list had (the row's own task:
            // nothing else holds it yet, so this copies nothing).
            let task = Arc::make_mut(&mut row.task);
            if task.recent_runs.is_empty() {
                task.recent_runs = existing.recent_runs.clone();
            }
            if task.owner_email.is_none() {
                task.owner_email = existing.owner_email.clone();
            }
        }
        if self.load != Load::Loaded {
            self.load = Load::Loaded;
        }
        self.upsert(row);
        if select {
            self.select_id(Some(&id));
            self.focus = TasksFocus::List;
            self.run_selected = 0;
            self.detail_scroll = 0;
        }
    }
}

/// Whether the detail pane (with the recent runs) is on screen at the terminal's size.
fn detail_shown(shared: &Shared) -> bool {
    layout::tasks_detail_shown(shared.size)
}
