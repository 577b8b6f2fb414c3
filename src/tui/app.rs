//! The app's state and `update`, the one place it changes: an [`Action`] in, state changed,
//! [`Effect`]s out as data. Nothing here does I/O or reads the clock.

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::model::{Artist, Run};

use super::action::Action;
use super::draft::Draft;
use super::effect::{Effect, RequestId, ServerCall};
use super::form::{Field, Form};
use super::keys::Context;
use super::state::{
    Backend, Load, Question, RunView, RunsPane, Screen, TasksPane, Toast, ToastKind,
};

mod commands;
mod drafts;
mod form_flow;
mod replies;
mod run_names;

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
    /// Problems found while starting (a theme file that would not load), shown as toasts.
    pub warnings: Vec<String>,
    /// The draft saved last time (a crash or a quit with the form open), offered back.
    pub draft: Option<Draft>,
    /// The draft discarded or set aside last, which `U` brings back.
    pub previous_draft: Option<Draft>,
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
    /// The saved draft while no form holds it: offered at start, kept when the offer is put
    /// off, opened by `n`.
    kept_draft: Option<Draft>,
    /// Whether the offer to open `kept_draft` is on screen.
    offering_draft: bool,
    previous_draft: Option<Draft>,
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
            kept_draft: None,
            offering_draft: false,
            previous_draft: startup.previous_draft,
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
        for warning in startup.warnings {
            app.toast(ToastKind::Error, warning, &mut effects);
        }
        if let Some(draft) = startup.draft {
            app.found_draft(draft, &mut effects);
        }
        app.load_tasks(&mut effects);
        let request = app.request();
        app.artists_request = Some(request);
        effects.push(Effect::Server(ServerCall::LoadArtists { request }));
        // The header names the account once known; asked here, not before the first frame,
        // so a slow or unreachable server never keeps the app from drawing.
        if app.backend.account.is_none() {
            effects.push(Effect::Server(ServerCall::LoadAccount));
        }
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
    /// The draft on offer, while the offer is on screen.
    pub fn draft_offer(&self) -> Option<&Draft> {
        self.kept_draft.as_ref().filter(|_| self.offering_draft)
    }
    /// The draft discarded or set aside last.
    pub fn previous_draft(&self) -> Option<&Draft> {
        self.previous_draft.as_ref()
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
        } else if self.draft_offer().is_some() {
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
        // The loop may apply several actions before it draws: one that changes nothing must not
        // cancel the redraw an earlier one still owes.
        let owed = self.dirty;
        let effects = self.apply(action);
        self.dirty |= owed;
        effects
    }

    /// [`App::update`] for one action; sets `dirty` to whether this action changed the screen.
    fn apply(&mut self, action: Action) -> Vec<Effect> {
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
            Action::RunTaskFound { run_id, result } => {
                self.on_run_task_found(run_id, result, &mut effects)
            }
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
            Action::AccountLoaded(result) => match result {
                Ok(account) => self.backend.account = Some(account),
                // The panes show the same failure, in their own words.
                Err(_) => self.dirty = false,
            },
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
                        self.tasks.remove(&id);
                        self.toast(ToastKind::Info, "Task deleted".into(), &mut effects);
                    }
                    Err(e) => self.toast(
                        ToastKind::Error,
                        format!("Could not delete the task: {e}"),
                        &mut effects,
                    ),
                }
            }
            // The terminal may ignore OSC 52 and nothing tells: say what was sent, with the id
            // itself, which can be read or selected by hand.
            Action::Copied { text, result } => match result {
                Ok(()) => self.toast(
                    ToastKind::Info,
                    format!("Sent {text} to the terminal clipboard (OSC 52)"),
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
            Action::DraftFound(draft) => self.found_draft(draft, &mut effects),
            Action::EditorClosed(result) => {
                let (now, local) = (self.now, self.local);
                match (result, &mut self.form) {
                    (Ok(text), Some(form)) => {
                        // The one line end an editor adds, `\r\n` from a DOS-mode editor.
                        let end = text
                            .strip_suffix("\r\n")
                            .or_else(|| text.strip_suffix('\n'));
                        let text = end.unwrap_or(&text).to_string();
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
        effects.push(Effect::Server(ServerCall::LoadTasks { request }));
    }

    fn load_runs(&mut self, effects: &mut Vec<Effect>) {
        let request = self.request();
        self.runs.request = Some(request);
        if self.runs.load != Load::Loaded {
            self.runs.load = Load::Loading;
        }
        effects.push(Effect::Server(ServerCall::LoadRuns {
            request,
            limit: self.runs.limit,
        }));
    }

    fn load_run(&mut self, effects: &mut Vec<Effect>) {
        let request = self.request();
        if let Some(view) = &mut self.run_view {
            view.request = Some(request);
            if view.run.is_none() {
                view.load = Load::Loading;
            }
            effects.push(Effect::Server(ServerCall::LoadRun {
                request,
                id: view.id.clone(),
            }));
        }
    }

    pub fn selected_recent_run(&self) -> Option<&Run> {
        self.tasks
            .selected_task()
            .and_then(|t| t.recent_runs.get(self.tasks.run_selected))
    }
}
