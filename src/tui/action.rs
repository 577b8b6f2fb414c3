//! Everything that can happen to the app: terminal input, server replies and timers. Each one
//! goes through `App::update`, the only place state changes.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::model::{Artist, Run, Task};

use super::draft::Draft;
use super::effect::RequestId;

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
        result: Result<Vec<Task>, String>,
    },
    RunsLoaded {
        request: RequestId,
        result: Result<Vec<Run>, String>,
    },
    RunLoaded {
        request: RequestId,
        /// Boxed: a retrieved run is large and most actions are small.
        result: Result<Box<Run>, String>,
    },
    ArtistsLoaded {
        request: RequestId,
        result: Result<Vec<Artist>, String>,
    },
    /// The account the key belongs to, for the header (asked once, at start).
    AccountLoaded(Result<String, String>),
    /// Reply to a create or an update from the form.
    TaskSaved {
        request: RequestId,
        result: Result<Task, String>,
    },
    TaskToggled {
        request: RequestId,
        result: Result<Task, String>,
    },
    TaskDeleted {
        request: RequestId,
        id: String,
        result: Result<(), String>,
    },
    /// Reply to [`Effect::FindRunTask`]: the run's task id, `None` when it names none.
    ///
    /// [`Effect::FindRunTask`]: super::effect::Effect::FindRunTask
    RunTaskFound {
        run_id: String,
        result: Result<Option<String>, String>,
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
    /// A draft left by a previous session that crashed or quit with the form open.
    DraftFound(Draft),
    /// Hidden: panic on purpose, to test that the terminal is restored (debug builds only).
    DebugPanic,
}
