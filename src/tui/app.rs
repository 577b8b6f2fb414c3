//! The app's state and `update`, the one place it changes: an [`Action`] in, state changed,
//! [`Effect`]s out as data. Nothing here does I/O or reads the clock.

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::model::{Artist, Run, Task, UpdateTask};

use super::action::Action;
use super::draft::Draft;
use super::effect::{Effect, RequestId};
use super::form::{Field, Form, Mode};
use super::keys::{self, Command, Context};
use super::state::{
    Backend, Load, Question, RUN_LIMITS, RunView, RunsPane, Screen, TaskRow, TasksFocus, TasksPane,
    Toast, ToastKind,
};
use super::views::layout;

/// How often the Runs screen and an open run refresh while visible.
pub const RUNS_REFRESH: Duration = Duration::from_secs(5);
/// How often the task list refreshes.
pub const TASKS_REFRESH: Duration = Duration::from_secs(30);
/// The longest wait between refreshes after repeated errors.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// How long a toast stays.
pub const TOAST_INFO: Duration = Duration::from_secs(3);
pub const TOAST_ERROR: Duration = Duration::from_secs(8);
/// The most toasts on screen at once.
pub const MAX_TOASTS: usize = 3;
/// How many recently used artist ids are remembered.
pub const MAX_RECENT: usize = 8;

/// What the app starts with.
#[derive(Debug, Clone, Default)]
pub struct Startup {
    pub backend: Backend,
    pub now: DateTime<Utc>,
    /// The viewer's zone, for local times.
    pub local: Option<Tz>,
    /// Artist ids used recently (newest first), offered in the form's picker.
    pub recent_ids: Vec<String>,
    /// The terminal size.
    pub size: (u16, u16),
    /// Let [`Action::DebugPanic`] panic (tests of the terminal guard).
    pub debug_panic: bool,
}

#[derive(Debug, Clone)]
pub struct App {
    pub(crate) backend: Backend,
    pub(crate) now: DateTime<Utc>,
    pub(crate) local: Option<Tz>,
    pub(crate) size: (u16, u16),
    pub(crate) screen: Screen,
    pub(crate) tasks: TasksPane,
    pub(crate) runs: RunsPane,
    pub(crate) run_view: Option<RunView>,
    pub(crate) form: Option<Form>,
    pub(crate) question: Option<Question>,
    pub(crate) draft_offer: Option<Draft>,
    /// `Some(scroll)` while the help is open.
    pub(crate) help: Option<u16>,
    pub(crate) toasts: Vec<Toast>,
    pub(crate) artists: Vec<Artist>,
    pub(crate) recent_ids: Vec<String>,
    artists_request: Option<RequestId>,
    toggle_request: Option<RequestId>,
    delete_request: Option<RequestId>,
    next_id: u64,
    quitting: bool,
    dirty: bool,
    debug_panic: bool,
}

impl App {
    /// The app and the effects that load its first data.
    pub fn new(startup: Startup) -> (App, Vec<Effect>) {
        let mut app = App {
            backend: startup.backend,
            now: startup.now,
            local: startup.local,
            size: startup.size,
            screen: Screen::Tasks,
            tasks: TasksPane::default(),
            runs: RunsPane::default(),
            run_view: None,
            form: None,
            question: None,
            draft_offer: None,
            help: None,
            toasts: Vec::new(),
            artists: Vec::new(),
            recent_ids: startup.recent_ids,
            artists_request: None,
            toggle_request: None,
            delete_request: None,
            next_id: 0,
            quitting: false,
            dirty: true,
            debug_panic: startup.debug_panic,
        };
        let mut effects = Vec::new();
        app.load_tasks(&mut effects);
        let request = app.request();
        app.artists_request = Some(request);
        effects.push(Effect::LoadArtists { request });
        (app, effects)
    }

    /// Whether something changed since the last call: the event loop draws only then.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    pub fn is_quitting(&self) -> bool {
        self.quitting
    }

    /// Read-only views of the state, for tests and tools; drawing reads the fields directly.
    pub fn screen(&self) -> Screen {
        self.screen
    }
    pub fn tasks(&self) -> &TasksPane {
        &self.tasks
    }
    pub fn runs(&self) -> &RunsPane {
        &self.runs
    }
    pub fn run_view(&self) -> Option<&RunView> {
        self.run_view.as_ref()
    }
    pub fn form(&self) -> Option<&Form> {
        self.form.as_ref()
    }
    pub fn question(&self) -> Option<&Question> {
        self.question.as_ref()
    }
    pub fn draft_offer(&self) -> Option<&Draft> {
        self.draft_offer.as_ref()
    }
    pub fn help_scroll(&self) -> Option<u16> {
        self.help
    }
    pub fn toasts(&self) -> &[Toast] {
        &self.toasts
    }
    pub fn artists(&self) -> &[Artist] {
        &self.artists
    }
    pub fn recent_ids(&self) -> &[String] {
        &self.recent_ids
    }
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The context that decides what keys do.
    pub fn context(&self) -> Context {
        if self.question.is_some() {
            Context::Confirm
        } else if self.draft_offer.is_some() {
            Context::DraftOffer
        } else if self.help.is_some() {
            Context::Help
        } else if self.form.is_some() {
            Context::Form
        } else if self.run_view.is_some() {
            Context::RunDetail
        } else if self.screen == Screen::Tasks && self.tasks.filtering {
            Context::Filter
        } else if self.screen == Screen::Tasks {
            Context::Tasks
        } else {
            Context::Runs
        }
    }

    fn request(&mut self) -> RequestId {
        self.next_id += 1;
        RequestId(self.next_id)
    }

    /// Apply one action; returns what to do next.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.dirty = true;
        match action {
            Action::Key(key) => self.on_key(key, &mut effects),
            Action::Paste(text) => self.on_paste(&text, &mut effects),
            Action::Mouse(mouse) => self.on_mouse(mouse, &mut effects),
            Action::Resize(w, h) => self.size = (w, h),
            Action::Clock(now) => self.on_clock(now),
            Action::TasksLoaded { request, result } => self.on_tasks(request, result, &mut effects),
            Action::RunsLoaded { request, result } => self.on_runs(request, result, &mut effects),
            Action::RunLoaded { request, result } => self.on_run(request, result, &mut effects),
            Action::ArtistsLoaded { request, result } => {
                if self.artists_request != Some(request) {
                    self.dirty = false;
                    return effects;
                }
                self.artists_request = None;
                match result {
                    Ok(artists) => self.artists = artists,
                    Err(e) => self.toast(
                        ToastKind::Error,
                        format!("Could not load artists: {e}"),
                        &mut effects,
                    ),
                }
            }
            Action::TaskSaved { request, result } => self.on_saved(request, result, &mut effects),
            Action::TaskToggled { request, result } => {
                if self.toggle_request != Some(request) {
                    self.dirty = false;
                    return effects;
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
                        self.replace_task(task, false);
                        self.toast(ToastKind::Info, text, &mut effects);
                    }
                    Err(e) => self.toast(
                        ToastKind::Error,
                        format!("Could not change the task: {e}"),
                        &mut effects,
                    ),
                }
            }
            Action::TaskDeleted {
                request,
                id,
                result,
            } => {
                if self.delete_request != Some(request) {
                    self.dirty = false;
                    return effects;
                }
                self.delete_request = None;
                match result {
                    Ok(()) => {
                        self.tasks.rows.retain(|r| r.task.id != id);
                        self.tasks.refilter();
                        self.toast(ToastKind::Info, "Task deleted".into(), &mut effects);
                    }
                    Err(e) => self.toast(
                        ToastKind::Error,
                        format!("Could not delete the task: {e}"),
                        &mut effects,
                    ),
                }
            }
            Action::Copied(result) => match result {
                Ok(()) => self.toast(
                    ToastKind::Info,
                    "Copied to the clipboard".into(),
                    &mut effects,
                ),
                Err(e) => self.toast(
                    ToastKind::Error,
                    format!("Could not copy: {e}"),
                    &mut effects,
                ),
            },
            Action::RunsRefreshDue { generation } => {
                if generation != self.runs.generation
                    || self.screen != Screen::Runs
                    || self.run_view.is_some()
                {
                    self.dirty = false;
                    return effects;
                }
                self.load_runs(&mut effects);
                self.dirty = false;
            }
            Action::RunRefreshDue { generation } => {
                let Some(view) = &self.run_view else {
                    self.dirty = false;
                    return effects;
                };
                if view.generation != generation || self.form.is_some() {
                    self.dirty = false;
                    return effects;
                }
                self.load_run(&mut effects);
                self.dirty = false;
            }
            Action::TasksRefreshDue { generation } => {
                if generation == self.tasks.generation {
                    self.load_tasks(&mut effects);
                }
                self.dirty = false;
            }
            Action::ToastExpired(id) => {
                let before = self.toasts.len();
                self.toasts.retain(|t| t.id != id);
                self.dirty = self.toasts.len() != before;
            }
            Action::DraftFound(draft) => {
                if self.form.is_none() {
                    self.draft_offer = Some(draft);
                } else {
                    self.dirty = false;
                }
            }
            Action::EditorClosed(result) => {
                let (now, local) = (self.now, self.local);
                match (result, &mut self.form) {
                    (Ok(text), Some(form)) => {
                        let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
                        form.set_value(Field::Prompt, &text, now, local);
                        effects.push(Effect::SaveDraft(form.draft()));
                    }
                    (Err(e), _) => {
                        self.toast(ToastKind::Error, format!("Editor: {e}"), &mut effects)
                    }
                    (Ok(_), None) => self.dirty = false,
                }
            }
            Action::DebugPanic => {
                if self.debug_panic {
                    panic!("debug panic requested");
                }
                self.dirty = false;
            }
        }
        effects
    }

    fn toast(&mut self, kind: ToastKind, text: String, effects: &mut Vec<Effect>) {
        self.next_id += 1;
        let id = self.next_id;
        self.toasts.push(Toast { id, kind, text });
        if self.toasts.len() > MAX_TOASTS {
            self.toasts.remove(0);
        }
        let delay = if kind == ToastKind::Error {
            TOAST_ERROR
        } else {
            TOAST_INFO
        };
        effects.push(Effect::After {
            delay,
            action: Box::new(Action::ToastExpired(id)),
        });
    }

    fn load_tasks(&mut self, effects: &mut Vec<Effect>) {
        let request = self.request();
        self.tasks.request = Some(request);
        if self.tasks.load != Load::Loaded {
            self.tasks.load = Load::Loading;
        }
        effects.push(Effect::LoadTasks { request });
    }

    fn load_runs(&mut self, effects: &mut Vec<Effect>) {
        let request = self.request();
        self.runs.request = Some(request);
        if self.runs.load != Load::Loaded {
            self.runs.load = Load::Loading;
        }
        effects.push(Effect::LoadRuns {
            request,
            limit: self.runs.limit,
        });
    }

    fn load_run(&mut self, effects: &mut Vec<Effect>) {
        let request = self.request();
        if let Some(view) = &mut self.run_view {
            view.request = Some(request);
            if view.run.is_none() {
                view.load = Load::Loading;
            }
            effects.push(Effect::LoadRun {
                request,
                id: view.id.clone(),
            });
        }
    }

    /// The wait before the next automatic refresh: the period, doubled per consecutive error.
    pub fn backoff(period: Duration, failures: u32) -> Duration {
        let factor = 1u32 << failures.min(6);
        (period * factor).min(MAX_BACKOFF.max(period))
    }

    fn on_clock(&mut self, now: DateTime<Utc>) {
        let minute_changed = now.timestamp() / 60 != self.now.timestamp() / 60;
        self.now = now;
        let mut moved = false;
        for row in &mut self.tasks.rows {
            if row.next_fire.is_some_and(|t| t <= now) {
                row.next_fire = super::state::next_fire(&row.task, now);
                moved = true;
            }
        }
        if moved {
            self.tasks.refilter();
        }
        if let Some(form) = self.form.as_mut().filter(|_| minute_changed) {
            form.refresh_preview(now, self.local);
        }
        self.dirty = moved || minute_changed;
    }

    fn on_tasks(
        &mut self,
        request: RequestId,
        result: Result<Vec<Task>, String>,
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
                if unchanged {
                    self.dirty = false;
                } else {
                    let now = self.now;
                    self.tasks.rows = tasks.into_iter().map(|t| TaskRow::new(t, now)).collect();
                    self.tasks.load = Load::Loaded;
                    self.tasks.refilter();
                }
            }
            Err(e) => self.tasks.load = Load::Failed(e),
        }
        effects.push(Effect::After {
            delay: TASKS_REFRESH,
            action: Box::new(Action::TasksRefreshDue {
                generation: self.tasks.generation,
            }),
        });
    }

    fn on_runs(
        &mut self,
        request: RequestId,
        result: Result<Vec<Run>, String>,
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
                    self.runs.runs = runs;
                    self.runs.load = Load::Loaded;
                    self.runs.refilter();
                }
            }
            Err(e) => {
                self.runs.failures += 1;
                self.runs.load = Load::Failed(e);
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

    fn on_run(
        &mut self,
        request: RequestId,
        result: Result<Box<Run>, String>,
        effects: &mut Vec<Effect>,
    ) {
        let Some(view) = &mut self.run_view else {
            self.dirty = false;
            return;
        };
        if view.request != Some(request) {
            self.dirty = false;
            return;
        }
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
                view.load = Load::Failed(e);
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

    fn on_saved(
        &mut self,
        request: RequestId,
        result: Result<Task, String>,
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
                form.submit_error = Some(e.clone());
                self.toast(ToastKind::Error, format!("Not saved: {e}"), effects);
            }
        }
    }

    fn remember_artist(&mut self, id: String) {
        if id.is_empty() {
            return;
        }
        self.recent_ids.retain(|r| *r != id);
        self.recent_ids.insert(0, id);
        self.recent_ids.truncate(MAX_RECENT);
    }

    /// Put a task the server returned into the list (replacing its old version), optionally
    /// selecting it.
    fn replace_task(&mut self, task: Task, select: bool) {
        let id = task.id.clone();
        let row = TaskRow::new(task, self.now);
        match self.tasks.rows.iter_mut().find(|r| r.task.id == id) {
            Some(existing) => {
                // PATCH replies carry no enrichment; keep what the list had.
                let mut row = row;
                if row.task.recent_runs.is_empty() {
                    row.task.recent_runs = existing.task.recent_runs.clone();
                }
                if row.task.owner_email.is_none() {
                    row.task.owner_email = existing.task.owner_email.clone();
                }
                *existing = row;
            }
            None => self.tasks.rows.push(row),
        }
        if self.tasks.load != Load::Loaded {
            self.tasks.load = Load::Loaded;
        }
        self.tasks.refilter();
        if select {
            self.tasks.select_id(Some(&id));
        }
    }

    fn on_paste(&mut self, text: &str, effects: &mut Vec<Effect>) {
        let (now, local) = (self.now, self.local);
        if let Some(form) = &mut self.form {
            if self.question.is_none() && self.help.is_none() && form.paste(text, now, local) {
                effects.push(Effect::SaveDraft(form.draft()));
                return;
            }
        } else if self.context() == Context::Filter {
            self.tasks.filter.push_str(&text.replace(['\n', '\r'], " "));
            self.tasks.refilter();
            return;
        }
        self.dirty = false;
    }

    fn on_mouse(&mut self, mouse: MouseEvent, effects: &mut Vec<Effect>) {
        let command = match mouse.kind {
            MouseEventKind::ScrollDown => Command::Down,
            MouseEventKind::ScrollUp => Command::Up,
            MouseEventKind::Down(MouseButton::Left) => {
                self.click(mouse.column, mouse.row);
                return;
            }
            _ => {
                self.dirty = false;
                return;
            }
        };
        match self.context() {
            Context::Form | Context::Confirm | Context::DraftOffer | Context::Filter => {
                self.dirty = false
            }
            _ => self.run_command(command, effects),
        }
    }

    /// Select the list row under the pointer and focus its pane.
    fn click(&mut self, column: u16, row: u16) {
        let ctx = self.context();
        if !matches!(ctx, Context::Tasks | Context::Runs) {
            self.dirty = false;
            return;
        }
        let areas = layout::screen(self.size);
        let (list, len) = match self.screen {
            Screen::Tasks => (layout::tasks(areas.body).list, self.tasks.visible.len()),
            Screen::Runs => (areas.body, self.runs.visible.len()),
        };
        let rows = layout::list_rows(list);
        if !rows.contains(ratatui::layout::Position { x: column, y: row }) {
            if self.screen == Screen::Tasks {
                self.tasks.focus = TasksFocus::RecentRuns;
            }
            return;
        }
        let selected = match self.screen {
            Screen::Tasks => self.tasks.selected,
            Screen::Runs => self.runs.selected,
        };
        let offset = layout::list_offset(selected, rows.height as usize);
        let index = offset + usize::from(row - rows.y);
        if index >= len {
            return;
        }
        match self.screen {
            Screen::Tasks => {
                self.tasks.selected = index;
                self.tasks.focus = TasksFocus::List;
                self.tasks.run_selected = 0;
            }
            Screen::Runs => self.runs.selected = index,
        }
    }

    fn on_key(&mut self, key: KeyEvent, effects: &mut Vec<Effect>) {
        let context = self.context();
        match keys::lookup(context, key) {
            Some(command) => self.run_command(command, effects),
            None => self.type_key(context, key, effects),
        }
    }

    /// A key that is no command: text for the form or the filter; ignored elsewhere.
    fn type_key(&mut self, context: Context, key: KeyEvent, effects: &mut Vec<Effect>) {
        let (now, local) = (self.now, self.local);
        match context {
            Context::Form => {
                let Some(form) = &mut self.form else { return };
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                if ctrl && key.code == KeyCode::Char('e') && form.focus == Field::Prompt {
                    effects.push(Effect::EditInEditor(form.value(Field::Prompt)));
                    return;
                }
                if form.type_key(key, now, local) {
                    effects.push(Effect::SaveDraft(form.draft()));
                } else {
                    self.dirty = true;
                }
            }
            Context::Filter => match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.tasks.filter.push(c);
                    self.tasks.refilter();
                }
                KeyCode::Backspace => {
                    self.tasks.filter.pop();
                    self.tasks.refilter();
                }
                _ => self.dirty = false,
            },
            _ => self.dirty = false,
        }
    }

    fn run_command(&mut self, command: Command, effects: &mut Vec<Effect>) {
        use Command as C;
        let context = self.context();
        match command {
            C::ForceQuit => {
                self.quit(effects);
            }
            C::Quit => self.quit(effects),
            C::Help => self.help = Some(0),
            C::ShowTasks => {
                self.screen = Screen::Tasks;
            }
            C::ShowRuns => {
                if self.screen != Screen::Runs {
                    self.screen = Screen::Runs;
                    self.load_runs(effects);
                }
            }
            C::Up | C::Down | C::PageUp | C::PageDown | C::Top | C::Bottom => {
                self.move_selection(command)
            }
            C::Open => self.open_run(effects),
            C::Back => {
                if self.help.is_some() {
                    self.help = None;
                } else {
                    self.run_view = None;
                    if self.screen == Screen::Runs {
                        self.runs.generation += 1;
                        effects.push(Effect::After {
                            delay: Duration::ZERO,
                            action: Box::new(Action::RunsRefreshDue {
                                generation: self.runs.generation,
                            }),
                        });
                    }
                }
            }
            C::NextPane => {
                self.tasks.focus = match self.tasks.focus {
                    TasksFocus::List
                        if self
                            .tasks
                            .selected_task()
                            .is_some_and(|t| !t.recent_runs.is_empty()) =>
                    {
                        TasksFocus::RecentRuns
                    }
                    _ => TasksFocus::List,
                };
                self.tasks.run_selected = 0;
            }
            C::NewTask => self.open_form(Mode::New, effects),
            C::EditTask => match self.tasks.selected_task() {
                Some(task) => self.open_form(Mode::Edit(Box::new(task.clone())), effects),
                None => self.dirty = false,
            },
            C::DuplicateTask => match self.tasks.selected_task() {
                Some(_) => self.open_form(Mode::Duplicate, effects),
                None => self.dirty = false,
            },
            C::ToggleEnabled => {
                let target = self
                    .tasks
                    .selected_task()
                    .map(|t| (t.id.clone(), t.enabled == Some(false)));
                match target {
                    Some((id, enabled)) if self.toggle_request.is_none() => {
                        let request = self.request();
                        self.toggle_request = Some(request);
                        effects.push(Effect::SetEnabled {
                            request,
                            id,
                            enabled,
                        });
                    }
                    _ => self.dirty = false,
                }
            }
            C::DeleteTask => match self.tasks.selected_task() {
                Some(task) => {
                    self.question = Some(Question::DeleteTask {
                        id: task.id.clone(),
                        title: task.title.clone(),
                    })
                }
                None => self.dirty = false,
            },
            C::Refresh => match context {
                Context::RunDetail => self.load_run(effects),
                _ if self.screen == Screen::Runs => self.load_runs(effects),
                _ => self.load_tasks(effects),
            },
            C::StartFilter => self.tasks.filtering = true,
            C::EndFilter => self.tasks.filtering = false,
            C::ClearFilter => {
                if self.tasks.filter.is_empty() && !self.tasks.filtering {
                    self.dirty = false;
                }
                self.tasks.filter.clear();
                self.tasks.filtering = false;
                self.tasks.refilter();
            }
            C::Sort => {
                self.tasks.sort = match self.tasks.sort {
                    super::state::Sort::NextFire => super::state::Sort::Title,
                    super::state::Sort::Title => super::state::Sort::NextFire,
                };
                self.tasks.refilter();
            }
            C::CopyId => {
                let id = match context {
                    Context::RunDetail => self.run_view.as_ref().map(|v| v.id.clone()),
                    _ if self.screen == Screen::Runs => {
                        self.runs.selected_run().map(|r| r.id.clone())
                    }
                    _ if self.tasks.focus == TasksFocus::RecentRuns => {
                        self.selected_recent_run().map(|r| r.id.clone())
                    }
                    _ => self.tasks.selected_task().map(|t| t.id.clone()),
                };
                match id {
                    Some(id) if !id.is_empty() => effects.push(Effect::CopyToClipboard(id)),
                    _ => self.dirty = false,
                }
            }
            C::StatusFilter => {
                let statuses = self.runs.statuses();
                self.runs.status_filter = match &self.runs.status_filter {
                    None => statuses.first().cloned(),
                    Some(current) => statuses
                        .iter()
                        .position(|s| s == current)
                        .and_then(|i| statuses.get(i + 1))
                        .cloned(),
                };
                self.runs.refilter();
            }
            C::MoreRuns | C::FewerRuns => {
                let at = RUN_LIMITS
                    .iter()
                    .position(|l| *l >= self.runs.limit)
                    .unwrap_or(RUN_LIMITS.len() - 1);
                let at = if command == C::MoreRuns {
                    (at + 1).min(RUN_LIMITS.len() - 1)
                } else {
                    at.saturating_sub(1)
                };
                if RUN_LIMITS[at] == self.runs.limit {
                    self.dirty = false;
                } else {
                    self.runs.limit = RUN_LIMITS[at];
                    self.load_runs(effects);
                }
            }
            C::Submit => self.submit(effects),
            C::Cancel => match &self.form {
                Some(form) if form.is_changed() => self.question = Some(Question::DiscardForm),
                _ => {
                    self.form = None;
                    effects.push(Effect::ClearDraft);
                }
            },
            C::NextField | C::PreviousField => {
                if let Some(form) = &mut self.form {
                    if command == C::NextField {
                        form.next_field();
                    } else {
                        form.previous_field();
                    }
                }
            }
            C::PickNext | C::PickPrevious | C::Pick => self.pick(command, effects),
            C::Yes => match self.question.take() {
                Some(Question::DeleteTask { id, .. }) => {
                    let request = self.request();
                    self.delete_request = Some(request);
                    effects.push(Effect::DeleteTask { request, id });
                }
                Some(Question::DiscardForm) => {
                    self.form = None;
                    effects.push(Effect::ClearDraft);
                }
                None => {}
            },
            C::No => self.question = None,
            C::RestoreDraft => {
                if let Some(draft) = self.draft_offer.take() {
                    let mode = match draft
                        .editing
                        .as_deref()
                        .and_then(|id| self.tasks.rows.iter().find(|r| r.task.id == id))
                    {
                        Some(row) => Mode::Edit(Box::new(row.task.clone())),
                        None => Mode::New,
                    };
                    self.form = Some(Form::new(mode, draft, self.now, self.local));
                }
            }
            C::DiscardDraft => {
                self.draft_offer = None;
                effects.push(Effect::ClearDraft);
            }
        }
    }

    fn quit(&mut self, effects: &mut Vec<Effect>) {
        self.quitting = true;
        effects.push(Effect::Quit);
    }

    pub(crate) fn selected_recent_run(&self) -> Option<&Run> {
        self.tasks
            .selected_task()
            .and_then(|t| t.recent_runs.get(self.tasks.run_selected))
    }

    fn move_selection(&mut self, command: Command) {
        use Command as C;
        let page = usize::from(self.size.1.saturating_sub(6)).max(1);
        let step = |pos: usize, len: usize| -> usize {
            let last = len.saturating_sub(1);
            match command {
                C::Up => pos.saturating_sub(1),
                C::Down => (pos + 1).min(last),
                C::PageUp => pos.saturating_sub(page),
                C::PageDown => (pos + page).min(last),
                C::Top => 0,
                _ => last,
            }
        };
        if let Some(scroll) = &mut self.help {
            *scroll = step(usize::from(*scroll), usize::from(u16::MAX)) as u16;
            return;
        }
        if let Some(view) = &mut self.run_view {
            view.scroll =
                step(usize::from(view.scroll), usize::from(u16::MAX)).min(u16::MAX as usize) as u16;
            return;
        }
        match self.screen {
            Screen::Tasks if self.tasks.focus == TasksFocus::RecentRuns => {
                let len = self
                    .tasks
                    .selected_task()
                    .map_or(0, |t| t.recent_runs.len());
                self.tasks.run_selected = step(self.tasks.run_selected, len);
            }
            Screen::Tasks => {
                let before = self.tasks.selected;
                self.tasks.selected = step(before, self.tasks.visible.len());
                if before != self.tasks.selected {
                    self.tasks.run_selected = 0;
                } else {
                    self.dirty = false;
                }
            }
            Screen::Runs => {
                let before = self.runs.selected;
                self.runs.selected = step(before, self.runs.visible.len());
                self.dirty = before != self.runs.selected;
            }
        }
    }

    fn open_run(&mut self, effects: &mut Vec<Effect>) {
        let run = match self.screen {
            Screen::Runs => self.runs.selected_run().cloned(),
            Screen::Tasks if self.tasks.focus == TasksFocus::RecentRuns => {
                self.selected_recent_run().cloned()
            }
            Screen::Tasks => None,
        };
        let Some(run) = run else {
            self.dirty = false;
            return;
        };
        self.run_view = Some(RunView {
            id: run.id.clone(),
            load: Load::Loading,
            run: Some(run),
            scroll: 0,
            request: None,
            generation: 0,
            failures: 0,
        });
        self.load_run(effects);
    }

    fn open_form(&mut self, mode: Mode, effects: &mut Vec<Effect>) {
        let (now, local) = (self.now, self.local);
        let form = match &mode {
            Mode::New => Form::empty(now, local),
            Mode::Edit(task) => {
                let mut draft = Form::draft_of(task);
                draft.editing = Some(task.id.clone());
                Form::new(mode.clone(), draft, now, local)
            }
            Mode::Duplicate => {
                let Some(task) = self.tasks.selected_task() else {
                    return;
                };
                let mut draft = Form::draft_of(task);
                draft.title = format!("{} (copy)", draft.title);
                Form::new(Mode::Duplicate, draft, now, local)
            }
        };
        effects.push(Effect::SaveDraft(form.draft()));
        self.form = Some(form);
        if self.artists.is_empty() && self.artists_request.is_none() {
            let request = self.request();
            self.artists_request = Some(request);
            effects.push(Effect::LoadArtists { request });
        }
    }

    fn pick(&mut self, command: Command, effects: &mut Vec<Effect>) {
        let (now, local) = (self.now, self.local);
        let Some(form) = &mut self.form else { return };
        let suggestions = form.suggestions(&self.artists, &self.recent_ids);
        match command {
            Command::Pick if form.focus == Field::Prompt => {
                form.insert_newline(now, local);
                effects.push(Effect::SaveDraft(form.draft()));
            }
            Command::Pick => match suggestions.get(form.pick) {
                Some(s) => {
                    let (field, value) = (form.focus, s.value.clone());
                    form.set_value(field, &value, now, local);
                    effects.push(Effect::SaveDraft(form.draft()));
                }
                None => form.next_field(),
            },
            _ if suggestions.is_empty() => {
                // Up and Down move the cursor in the prompt.
                if form.focus == Field::Prompt {
                    let code = if command == Command::PickNext {
                        KeyCode::Down
                    } else {
                        KeyCode::Up
                    };
                    form.type_key(KeyEvent::new(code, KeyModifiers::NONE), now, local);
                } else {
                    self.dirty = false;
                }
            }
            Command::PickNext => form.pick = (form.pick + 1).min(suggestions.len() - 1),
            _ => form.pick = form.pick.saturating_sub(1),
        }
    }

    fn submit(&mut self, effects: &mut Vec<Effect>) {
        let next = self.next_id + 1;
        let Some(form) = &mut self.form else { return };
        if form.submitting.is_some() {
            self.dirty = false;
            return;
        }
        form.submit_error = None;
        if !form.validate() {
            return;
        }
        self.next_id = next;
        let request = RequestId(next);
        form.submitting = Some(request);
        match &form.mode {
            Mode::Edit(task) => {
                let body = form.update_body(task);
                if body == (UpdateTask { id: task.id.clone(), ..UpdateTask::default() }) {
                    // Nothing changed: no request, the form just closes.
                    self.form = None;
                    effects.push(Effect::ClearDraft);
                    self.toast(ToastKind::Info, "No changes to save".into(), effects);
                    return;
                }
                effects.push(Effect::UpdateTask { request, body });
            }
            Mode::New | Mode::Duplicate => effects.push(Effect::CreateTask {
                request,
                body: form.create_body(),
            }),
        }
    }
}
