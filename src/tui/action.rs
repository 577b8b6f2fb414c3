//! Everything that can happen to the app: terminal input, server replies and timers. Each one
//! goes through `App::update`, the only place state changes.
//!
//! Server replies carry the client's [`ClientError`], so the app can tell a rejected key from
//! an unreachable server; local failures (the clipboard, the editor) are their message.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::client::{ClientError, TaskListReply};
use crate::model::{AiModel, ArtistDirectory, Run, Task};

use super::draft::Draft;
use super::effect::RequestId;
use super::state::Switched;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A key press (releases and repeats are filtered out by the event loop).
    Key(KeyEvent),
    /// Text pasted through bracketed paste, whole.
    Paste(String),
    Mouse(MouseEvent),
    /// The terminal's new size in columns and rows.
    Resize(u16, u16),
    /// The wall clock, so fire times move on; render never reads the clock itself.
    Clock(DateTime<Utc>),
    TasksLoaded {
        request: RequestId,
        result: Result<TaskListReply, ClientError>,
    },
    RunsLoaded {
        request: RequestId,
        result: Result<Vec<Run>, ClientError>,
    },
    RunLoaded {
        request: RequestId,
        /// Boxed: a retrieved run is large and most actions are small.
        result: Result<Box<Run>, ClientError>,
    },
    ArtistsLoaded {
        request: RequestId,
        result: Result<ArtistDirectory, ClientError>,
    },
    /// Reply to [`ServerCall::LoadModels`]: the models the form's Model field completes from.
    ///
    /// [`ServerCall::LoadModels`]: super::effect::ServerCall::LoadModels
    ModelsLoaded(Result<Vec<AiModel>, ClientError>),
    /// The account the key belongs to, for the header (asked once, at start).
    AccountLoaded(Result<String, ClientError>),
    /// Reply to [`ServerCall::CheckTask`]: `Ok` when the task may run (or is gone).
    ///
    /// [`ServerCall::CheckTask`]: super::effect::ServerCall::CheckTask
    TaskChecked {
        id: String,
        result: Result<(), ClientError>,
    },
    /// Reply to a create or an update from the form.
    TaskSaved {
        request: RequestId,
        result: Result<Task, ClientError>,
    },
    TaskToggled {
        request: RequestId,
        result: Result<Task, ClientError>,
    },
    /// Reply to [`ServerCall::RunTask`]: the new run's id.
    ///
    /// [`ServerCall::RunTask`]: super::effect::ServerCall::RunTask
    TaskRunStarted {
        request: RequestId,
        title: String,
        result: Result<String, ClientError>,
    },
    TaskDeleted {
        request: RequestId,
        id: String,
        result: Result<(), ClientError>,
    },
    /// Reply to [`ServerCall::FindRunTask`]: the run's task id, `None` when it names none.
    ///
    /// [`ServerCall::FindRunTask`]: super::effect::ServerCall::FindRunTask
    RunTaskFound {
        run_id: String,
        result: Result<Option<String>, ClientError>,
    },
    /// Reply to [`super::effect::Effect::ExportTasks`]: the file written and how many tasks it
    /// holds, or why not.
    TasksExported {
        result: Result<(String, usize), String>,
    },
    /// Reply to [`ServerCall::CreateTasks`]: each artist's create, in order.
    ///
    /// [`ServerCall::CreateTasks`]: super::effect::ServerCall::CreateTasks
    TasksCreated {
        request: RequestId,
        results: Vec<(String, Result<Task, ClientError>)>,
    },
    /// Reply to an OSC 52 copy.
    Copied {
        text: String,
        result: Result<(), String>,
    },
    /// A timer for the Runs screen's auto-refresh; `generation` drops timers that were replaced.
    RunsRefreshDue {
        generation: u64,
    },
    /// A timer for the auto-refresh of a task's runs (`Enter` on a task), while open.
    HistoryRefreshDue {
        generation: u64,
    },
    /// A timer for the open run's auto-refresh.
    RunRefreshDue {
        generation: u64,
    },
    /// A timer for the Tasks list's 30 s refresh.
    TasksRefreshDue {
        generation: u64,
    },
    /// A toast's time is up.
    ToastExpired(u64),
    /// The external editor exited with this text (or could not run).
    EditorClosed(Result<String, String>),
    /// Reply to [`Effect::SwitchProfile`]: the profile opened (every server call now goes to
    /// it), or why it could not be (nothing changed).
    ///
    /// [`Effect::SwitchProfile`]: super::effect::Effect::SwitchProfile
    ProfileSwitched {
        profile: String,
        result: Result<Switched, String>,
    },
    /// A draft left by a previous session that crashed or quit with the form open.
    DraftFound(Draft),
    /// Hidden: panic on purpose, to test that the terminal is restored (debug builds only).
    DebugPanic,
}
