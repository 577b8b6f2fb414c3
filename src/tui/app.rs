//! The app: it owns the panes and routes each [`Action`] — a key to the pane in focus, a reply
//! to the pane that asked — and keeps what spans panes (screens, questions, toasts, drafts).
//! `update` is the one place state changes: an action in, [`Effect`]s out as data. Nothing
//! here does I/O, reads the clock, or draws: what the last frame showed comes in through
//! [`App::remember`] (see [`super::drawn`]).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::client::ClientError;
use crate::model::{AiModel, ArtistDirectory, Plan, RunSummary};

use super::action::Action;
use super::draft::Draft;
use super::drawn::Drawn;
use super::effect::{Effect, RequestId, ServerCall};
use super::form::Form;
use super::keys::Context;
use super::palette::Palette;
use super::panes::help::HelpPane;
use super::panes::history::HistoryPane;
use super::panes::{self, Shared};
use super::state::{
    AgendaPane, Backend, Question, RunView, RunsPane, Screen, TasksPane, Toast, ToastKind,
};

mod commands;
mod drafts;
mod form_flow;
mod palette_flow;
mod replies;
mod run_names;
mod several_artists;

/// How often the Runs screen and an open run refresh while visible.
pub const RUNS_REFRESH: Duration = Duration::from_secs(5);
/// How often the task list refreshes.
pub const TASKS_REFRESH: Duration = Duration::from_secs(30);
/// The tasks' refresh while a listed task's latest run is queued or executing.
pub const TASKS_RUNNING_REFRESH: Duration = Duration::from_secs(2);
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
    /// The account's plan, when the profile names it (`plan = "free"`).
    pub plan: Option<Plan>,
    /// The config file's profiles, which `:profile` completes.
    pub profiles: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub(crate) backend: Backend,
    /// The clock, zone, size, ids, toasts and redraw flag every pane may use.
    pub(crate) shared: Shared,
    pub(crate) screen: Screen,
    pub(crate) tasks: TasksPane,
    pub(crate) runs: RunsPane,
    pub(crate) agenda: AgendaPane,
    pub(crate) run_view: Option<RunView>,
    /// A task's runs, over the Tasks screen (`Enter` on a task).
    pub(crate) history: Option<HistoryPane>,
    pub(crate) form: Option<Form>,
    pub(crate) help: Option<HelpPane>,
    /// The command palette (`:`), while open.
    pub(crate) palette: Option<Palette>,
    /// The config file's profiles, which `:profile` completes; and `local` when the session
    /// started in local mode and no profile has that name (`:profile local` goes back to it).
    pub(crate) profiles: Vec<String>,
    /// Whether `:profile local` means this session's local mode (not a profile named so).
    pub(crate) local_is_mode: bool,
    /// The profile being opened by `:profile`, until it answers.
    pub(crate) switching: Option<String>,
    pub(crate) question: Option<Question>,
    /// The saved draft while no form holds it: offered at start, kept when the offer is put
    /// off, opened by `n`.
    kept_draft: Option<Draft>,
    /// Whether the offer to open `kept_draft` is on screen.
    offering_draft: bool,
    previous_draft: Option<Draft>,
    pub(crate) artists: ArtistDirectory,
    pub(crate) recent_ids: Vec<String>,
    /// The account's plan when known: from the profile, or from a plan refusal this session
    /// (the latest wins). The form's preview marks a schedule it refuses.
    pub(crate) plan: Option<Plan>,
    artists_request: Option<RequestId>,
    /// The models the form's Model field completes from: asked when a form opens, until a
    /// list arrives (empty while none has; a failure is silent, the field works without).
    pub(crate) models: Arc<[AiModel]>,
    models_asked: bool,
    models_loaded: bool,
    /// What the last frame showed: page lengths and click areas.
    drawn: Drawn,
    quitting: bool,
    debug_panic: bool,
}

/// The name local mode goes by: the backend's label, and what `:profile` goes back to it by.
pub(crate) const LOCAL_MODE: &str = "local";

impl App {
    /// The app and the effects that load its first data.
    pub fn new(startup: Startup) -> (App, Vec<Effect>) {
        let local_is_mode = startup.backend.profile.is_none()
            && startup.backend.name == LOCAL_MODE
            && !startup.profiles.iter().any(|name| name == LOCAL_MODE);
        let mut profiles = startup.profiles;
        if local_is_mode {
            profiles.push(LOCAL_MODE.to_string());
        }
        let mut app = App {
            backend: startup.backend,
            shared: Shared::new(startup.now, startup.local, startup.size),
            screen: Screen::Tasks,
            tasks: TasksPane::default(),
            runs: RunsPane::default(),
            agenda: AgendaPane::default(),
            run_view: None,
            history: None,
            form: None,
            help: None,
            palette: None,
            profiles,
            local_is_mode,
            switching: None,
            question: None,
            kept_draft: None,
            offering_draft: false,
            previous_draft: startup.previous_draft,
            artists: ArtistDirectory::default(),
            recent_ids: startup.recent_ids,
            plan: startup.plan,
            artists_request: None,
            models: Arc::from(Vec::new()),
            models_asked: false,
            models_loaded: false,
            drawn: Drawn::default(),
            quitting: false,
            debug_panic: startup.debug_panic,
        };
        let mut effects = Vec::new();
        for warning in startup.warnings {
            app.shared.toast(ToastKind::Error, warning, &mut effects);
        }
        if let Some(draft) = startup.draft {
            app.found_draft(draft, &mut effects);
        }
        app.tasks.load(&mut app.shared, &mut effects);
        let request = app.shared.request();
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
        std::mem::take(&mut self.shared.dirty)
    }

    /// What the frame just drawn showed, for the next updates (the event loop calls this after
    /// each frame). Changes nothing on screen.
    pub fn remember(&mut self, drawn: Drawn) {
        self.drawn = drawn;
    }

    pub fn is_quitting(&self) -> bool {
        self.quitting
    }

    /// Read-only views of the state, for the views, tests and tools.
    pub fn screen(&self) -> Screen {
        self.screen
    }
    pub fn tasks(&self) -> &TasksPane {
        &self.tasks
    }
    pub fn runs(&self) -> &RunsPane {
        &self.runs
    }
    pub fn agenda(&self) -> &AgendaPane {
        &self.agenda
    }
    pub fn run_view(&self) -> Option<&RunView> {
        self.run_view.as_ref()
    }
    /// The task's runs on screen, if open.
    pub fn history(&self) -> Option<&HistoryPane> {
        self.history.as_ref()
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
    /// Where the data comes from, as the header says.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }
    /// The command palette, while open.
    pub fn palette(&self) -> Option<&Palette> {
        self.palette.as_ref()
    }
    /// The config file's profiles.
    pub fn profiles(&self) -> &[String] {
        &self.profiles
    }
    pub fn help_scroll(&self) -> Option<u16> {
        self.help.map(|h| h.scroll)
    }
    pub fn toasts(&self) -> &[Toast] {
        &self.shared.toasts
    }
    pub fn artists(&self) -> &ArtistDirectory {
        &self.artists
    }
    /// The models loaded for the form's Model field (empty until they are).
    pub fn models(&self) -> &[AiModel] {
        &self.models
    }
    pub fn recent_ids(&self) -> &[String] {
        &self.recent_ids
    }
    pub fn now(&self) -> DateTime<Utc> {
        self.shared.now
    }
    /// The viewer's zone, for local times.
    pub fn local(&self) -> Option<Tz> {
        self.shared.local
    }
    pub fn size(&self) -> (u16, u16) {
        self.shared.size
    }

    /// The context that decides what keys do.
    pub fn context(&self) -> Context {
        if self.question.is_some() {
            Context::Confirm
        } else if self.draft_offer().is_some() {
            Context::DraftOffer
        } else if self.help.is_some() {
            Context::Help
        } else if self.palette.is_some() {
            Context::Palette
        } else if self.form.as_ref().is_some_and(|f| f.chord) {
            Context::FormChord
        } else if self.form.is_some() {
            Context::Form
        } else if self.run_view.is_some() {
            Context::RunDetail
        } else if self.history.is_some() {
            Context::History
        } else if self.screen == Screen::Tasks && self.tasks.filtering {
            Context::Filter
        } else if self.screen == Screen::Tasks {
            Context::Tasks
        } else if self.screen == Screen::Agenda {
            Context::Agenda
        } else {
            Context::Runs
        }
    }

    /// The wait before the next automatic refresh: the period, doubled per consecutive error.
    pub fn backoff(period: Duration, failures: u32) -> Duration {
        panes::backoff(period, failures)
    }

    /// Apply one action; returns what to do next.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        // The loop may apply several actions before it draws: one that changes nothing must not
        // cancel the redraw an earlier one still owes.
        let owed = self.shared.dirty;
        let mut effects = Vec::new();
        self.shared.dirty = true;
        self.apply(action, &mut effects);
        self.plan_to_form();
        if self.screen == Screen::Tasks && self.form.is_none() {
            self.tasks.check_selected(&mut effects);
        }
        // The agenda follows the task list (and the clock) while it is on screen.
        if self.screen == Screen::Agenda {
            self.agenda.sync(&self.tasks, &mut self.shared);
        }
        self.shared.dirty |= owed;
        effects
    }

    /// [`App::update`] for one action; leaves `dirty` saying whether it changed the screen.
    fn apply(&mut self, action: Action, effects: &mut Vec<Effect>) {
        let shared = &mut self.shared;
        match action {
            Action::Key(key) => self.on_key(key, effects),
            Action::Paste(text) => self.on_paste(&text, effects),
            Action::Mouse(mouse) => self.on_mouse(mouse, effects),
            Action::Resize(w, h) => {
                shared.size = (w, h);
                self.tasks.on_resize(shared);
            }
            Action::Clock(now) => self.on_clock(now),
            Action::TasksLoaded { request, result } => self.on_tasks(request, result, effects),
            Action::RunsLoaded { request, result } => self.on_runs(request, result, effects),
            Action::RunLoaded { request, result } => self.on_run(request, result, effects),
            Action::RunTaskFound { run_id, result } => {
                self.on_run_task_found(run_id, result, effects)
            }
            Action::ArtistsLoaded { request, result } => {
                if self.artists_request != Some(request) {
                    shared.unchanged();
                    return;
                }
                self.artists_request = None;
                match result {
                    Ok(artists) => {
                        if let Some(problem) = &artists.problem {
                            shared.toast(
                                ToastKind::Error,
                                format!("Organisations' artists not loaded: {problem}"),
                                effects,
                            );
                        }
                        self.artists = artists;
                    }
                    Err(e) => shared.toast(
                        ToastKind::Error,
                        format!("Could not load artists: {e}"),
                        effects,
                    ),
                }
            }
            Action::ModelsLoaded(result) => self.on_models(result),
            Action::AccountLoaded(result) => match result {
                Ok(account) => self.backend.account = Some(account),
                // The panes show the same failure, in their own words.
                Err(_) => shared.unchanged(),
            },
            Action::TaskChecked { id, result } => {
                if let Err(ClientError::PlanLimit(body)) = &result {
                    self.plan = Some(body.plan);
                }
                self.tasks.on_checked(id, result, shared)
            }
            Action::TaskSaved { request, result } => self.on_saved(request, result, effects),
            Action::TasksCreated { request, results } => {
                self.on_created_for_artists(request, results, effects)
            }
            Action::TaskToggled { request, result } => {
                if let Err(ClientError::PlanLimit(body)) = &result {
                    self.plan = Some(body.plan);
                }
                self.tasks.on_toggled(request, result, shared, effects)
            }
            Action::TaskRunStarted {
                request,
                title,
                result,
            } => self
                .tasks
                .on_run_started(request, &title, result, shared, effects),
            Action::TaskDeleted {
                request,
                id,
                result,
            } => self.tasks.on_deleted(request, &id, result, shared, effects),
            // The terminal may ignore OSC 52 and nothing tells: say what was sent, with the id
            // itself, which can be read or selected by hand.
            Action::TasksExported { result } => match result {
                Ok((path, count)) => shared.toast(
                    ToastKind::Info,
                    format!(
                        "Exported {count} {} to {path}",
                        if count == 1 { "task" } else { "tasks" }
                    ),
                    effects,
                ),
                Err(e) => shared.toast(ToastKind::Error, format!("Could not export: {e}"), effects),
            },
            Action::Copied { text, result } => match result {
                Ok(()) => shared.toast(
                    ToastKind::Info,
                    format!("Sent {text} to the terminal clipboard (OSC 52)"),
                    effects,
                ),
                Err(e) => shared.toast(ToastKind::Error, format!("Could not copy: {e}"), effects),
            },
            Action::RunsRefreshDue { generation } => {
                let showing = self.screen == Screen::Runs && self.run_view.is_none();
                if generation == self.runs.generation && showing {
                    self.runs.load(shared, effects);
                }
                shared.unchanged();
            }
            Action::HistoryRefreshDue { generation } => {
                let covered =
                    self.screen != Screen::Tasks || self.run_view.is_some() || self.form.is_some();
                match &mut self.history {
                    Some(history) => history.on_refresh_due(generation, covered, shared, effects),
                    None => shared.unchanged(),
                }
            }
            Action::RunRefreshDue { generation } => match &mut self.run_view {
                // The form over the run holds its refresh.
                Some(view) if self.form.is_none() => {
                    view.on_refresh_due(generation, shared, effects)
                }
                _ => shared.unchanged(),
            },
            Action::TasksRefreshDue { generation } => {
                self.tasks.on_refresh_due(generation, shared, effects)
            }
            Action::ToastExpired(id) => {
                let before = shared.toasts.len();
                shared.toasts.retain(|t| t.id != id);
                shared.dirty = shared.toasts.len() != before;
            }
            Action::ProfileSwitched { profile, result } => {
                self.on_profile_switched(profile, result, effects)
            }
            Action::DraftFound(draft) => self.found_draft(draft, effects),
            Action::EditorClosed(result) => match (result, &mut self.form) {
                (Ok(text), Some(form)) => panes::form::edited(form, &text, shared, effects),
                (Err(e), _) => shared.toast(ToastKind::Error, format!("Editor: {e}"), effects),
                (Ok(_), None) => shared.unchanged(),
            },
            Action::DebugPanic => {
                if self.debug_panic {
                    panic!("debug panic requested");
                }
                shared.unchanged();
            }
        }
    }

    /// The account's plan, when known.
    pub fn plan(&self) -> Option<Plan> {
        self.plan
    }

    /// An open form judges its schedule by the plan known now (a form opened before a refusal
    /// taught it, or one opened from any path).
    fn plan_to_form(&mut self) {
        let (plan, now, local) = (self.plan, self.shared.now, self.shared.local);
        if let Some(form) = self.form.as_mut().filter(|form| form.plan != plan) {
            form.set_plan(plan, now, local);
            self.shared.dirty = true;
        }
    }

    /// The selected task's recent run under the cursor.
    pub fn selected_recent_run(&self) -> Option<&RunSummary> {
        self.tasks.selected_recent_run()
    }
}
