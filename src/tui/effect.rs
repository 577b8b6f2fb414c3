//! What the app asks the outside world to do: every server call, timer, clipboard write and
//! draft save is an [`Effect`] value returned by `App::update`, run by the event loop on a tokio
//! task, and answered with an [`Action`].

use std::time::Duration;

use crate::client::KnownTasks;
use crate::model::{CreateTask, UpdateTask};

use super::action::Action;
use super::draft::Draft;

/// Identifies one request so a reply to an older one can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct RequestId(pub u64);

/// A request to the server; the client runs it on a tokio task and sends the reply action.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerCall {
    /// `GET /api/tasks` → [`Action::TasksLoaded`], with what the list holds of its last reply
    /// (its ETag, its tasks by fingerprint), so what did not change is not read again.
    LoadTasks {
        request: RequestId,
        known: KnownTasks,
    },
    /// `GET /api/tasks/runs?limit=` → [`Action::RunsLoaded`].
    LoadRuns { request: RequestId, limit: u32 },
    /// `GET /api/tasks/runs?runId=` → [`Action::RunLoaded`].
    LoadRun { request: RequestId, id: String },
    /// `GET /api/tasks/runs?runId=`, for the task id in its payload → [`Action::RunTaskFound`].
    FindRunTask { id: String },
    /// `GET /api/tasks?id=` for the selected task: the hosted API's run path, where the owner's
    /// plan may block the task (a 402) → [`Action::TaskChecked`].
    CheckTask { id: String },
    /// `GET /api/artists` → [`Action::ArtistsLoaded`].
    LoadArtists { request: RequestId },
    /// `GET /api/ai/models` → [`Action::ModelsLoaded`] (one at a time; the list is the same
    /// whoever asked, so no request id).
    LoadModels,
    /// `GET /api/accounts/id` → [`Action::AccountLoaded`].
    LoadAccount,
    /// `POST /api/tasks` → [`Action::TaskSaved`].
    CreateTask {
        request: RequestId,
        body: CreateTask,
    },
    /// `POST /api/tasks` once per body, one after the other (a duplicate for several
    /// artists) → [`Action::TasksCreated`].
    CreateTasks {
        request: RequestId,
        bodies: Vec<CreateTask>,
    },
    /// `PATCH /api/tasks` → [`Action::TaskSaved`].
    UpdateTask {
        request: RequestId,
        body: UpdateTask,
    },
    /// `PATCH /api/tasks` with only `enabled` → [`Action::TaskToggled`].
    SetEnabled {
        request: RequestId,
        id: String,
        enabled: bool,
    },
    /// `POST /api/tasks/run` (the local server only) → [`Action::TaskRunStarted`].
    RunTask {
        request: RequestId,
        id: String,
        /// For the reply's toast.
        title: String,
    },
    /// `DELETE /api/tasks` → [`Action::TaskDeleted`].
    DeleteTask { request: RequestId, id: String },
}

/// Server calls in one variant, local effects beside it: the event loop matches every variant,
/// so a new local effect is a compile error until the loop runs it, and the client's runner
/// only ever sees a [`ServerCall`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Talk to the server (run by the client, answered with an action).
    Server(ServerCall),
    /// Write the text to the terminal's clipboard with OSC 52 → [`Action::Copied`].
    CopyToClipboard(String),
    /// Write the form's draft to the data dir (no reply; failures are logged).
    SaveDraft(Draft),
    /// Remove the saved draft (no reply).
    ClearDraft,
    /// Keep a discarded or set-aside draft as the previous one, which `U` brings back (no
    /// reply). Written before a `ClearDraft` or `SaveDraft` that follows it.
    SavePreviousDraft(Draft),
    /// Write the listed tasks (`text`, a task file) into the current directory as
    /// `{stem}.toml`, never over a file → [`Action::TasksExported`].
    ExportTasks {
        text: String,
        stem: String,
        count: usize,
    },
    /// Remember the recently used artist ids, newest first (no reply).
    SaveRecentIds(Vec<String>),
    /// Send `action` back after `delay` (auto-refresh, toast expiry).
    After {
        delay: Duration,
        action: Box<Action>,
    },
    /// Edit the prompt in `$VISUAL`/`$EDITOR` (the terminal is handed over meanwhile) →
    /// [`Action::EditorClosed`].
    EditInEditor(String),
    /// Stop for the shell's job control (Ctrl+Z): the terminal is restored meanwhile and
    /// taken back, redrawn whole, once the process is continued (no reply).
    Suspend,
    /// Open the config file's profile (`:profile NAME`) and send every later server call to it;
    /// replies to calls made before are dropped → [`Action::ProfileSwitched`].
    SwitchProfile(String),
    /// `:profile local`: back to the local mode this session started in (its embedded server
    /// has kept running) → [`Action::ProfileSwitched`].
    SwitchToLocal,
    /// Leave the app: the event loop restores the terminal and returns.
    Quit,
}

impl From<ServerCall> for Effect {
    fn from(call: ServerCall) -> Effect {
        Effect::Server(call)
    }
}
