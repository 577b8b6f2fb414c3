//! The state the panes share: how a pane's data stands, the questions, the toasts, the screens
//! and the backend in the header. Each pane's own state lives with its update in
//! [`super::panes`]; it is re-exported here, where the tests and tools have always found it.

pub use super::panes::agenda::AgendaPane;
pub use super::panes::marks::{BulkKind, Marked};
pub use super::panes::run_view::RunView;
pub use super::panes::runs::{RUN_LIMITS, RunsPane, TaskName};
pub use super::panes::task_list::{Sort, TaskRow, TasksFocus};
pub use super::panes::tasks::TasksPane;

/// Where a pane's data stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Load {
    #[default]
    Idle,
    Loading,
    Loaded,
    /// The last request failed; what was loaded before is kept and shown.
    Failed(String),
}

/// A yes/no question before something destructive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    DeleteTask {
        id: String,
        title: String,
    },
    DiscardForm,
    /// Change every marked task at once (`space` or `d` with marks).
    Bulk {
        kind: BulkKind,
        tasks: Vec<Marked>,
    },
    /// Discard the draft on offer (kept as the previous draft).
    DiscardDraft,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Tasks,
    Runs,
    Agenda,
}

/// What the header says about where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Backend {
    /// `local` or the API host.
    pub name: String,
    pub profile: Option<String>,
    pub account: Option<String>,
}

impl Backend {
    /// Whether this is the embedded local server (not a hosted API).
    pub fn is_local(&self) -> bool {
        self.name == "local"
    }
}

/// What a profile switch opened: the new header, its plan, and what to warn about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switched {
    pub backend: Backend,
    pub plan: Option<crate::model::Plan>,
    pub warnings: Vec<String>,
}
