//! The panes: Tasks, Runs, the open run, the form and the help, each with its own state and its
//! own `update`. [`App`](super::App) owns them and routes a command to the pane in focus and a
//! reply to the pane that asked for it (as gitui's components); what spans panes — toasts,
//! questions, switching screens, drafts, naming runs by their task — stays in the app.
//!
//! A pane changes only itself. It reaches the rest through [`Shared`] (the clock, the zone, the
//! size, request and toast ids, the toasts, the redraw flag) and the effects it returns; what
//! it cannot do itself (open a run, close itself, ask a question) it hands back as an [`Ask`].

pub mod agenda;
pub mod form;
pub mod help;
pub mod history;
pub mod marks;
pub mod run_view;
pub mod runs;
pub mod task_list;
pub mod tasks;

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::model::Run;

use super::action::Action;
use super::app::{MAX_BACKOFF, MAX_TOASTS, TOAST_ERROR, TOAST_INFO};
use super::effect::{Effect, RequestId};
use super::keys::Command;
use super::state::{Question, Toast, ToastKind};

/// What every pane's update may use besides its own state. The app owns it and lends it to the
/// pane for one update.
#[derive(Debug, Clone)]
pub struct Shared {
    pub now: DateTime<Utc>,
    /// The viewer's zone, for local times.
    pub local: Option<Tz>,
    /// The terminal size.
    pub size: (u16, u16),
    pub toasts: Vec<Toast>,
    /// Whether the screen changed since the last frame.
    pub dirty: bool,
    /// The last id handed out; requests and toasts share the sequence.
    next_id: u64,
}

impl Shared {
    pub fn new(now: DateTime<Utc>, local: Option<Tz>, size: (u16, u16)) -> Shared {
        Shared {
            now,
            local,
            size,
            toasts: Vec::new(),
            dirty: true,
            next_id: 0,
        }
    }

    /// A new request id.
    pub fn request(&mut self) -> RequestId {
        self.next_id += 1;
        RequestId(self.next_id)
    }

    /// Show a toast, and ask for its expiry.
    pub fn toast(&mut self, kind: ToastKind, text: String, effects: &mut Vec<Effect>) {
        self.next_id += 1;
        let id = self.next_id;
        self.toasts.push(Toast { id, kind, text });
        if self.toasts.len() > MAX_TOASTS {
            self.toasts.remove(0);
        }
        let delay = match kind {
            ToastKind::Error => TOAST_ERROR,
            ToastKind::Info => TOAST_INFO,
        };
        effects.push(Effect::After {
            delay,
            action: Box::new(Action::ToastExpired(id)),
        });
    }

    /// This action left the screen as it was: no redraw for it.
    pub fn unchanged(&mut self) {
        self.dirty = false;
    }

    /// The rows a page key moves.
    pub fn page(&self) -> usize {
        usize::from(self.size.1.saturating_sub(6)).max(1)
    }
}

/// What a pane asks of the app: things beyond the pane itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// Nothing more.
    Done,
    /// Close this pane (the help, the open run, the form).
    Close,
    /// Open this run in the run view.
    OpenRun(Box<Run>),
    /// Open the runs of this task (its id and title).
    OpenHistory { task_id: String, title: String },
    /// Ask this question before going on.
    Confirm(Question),
    /// Show this task selected on the Tasks screen (the agenda's `Enter`).
    ShowTask(String),
}

/// A movement key's target in a list or page of `len` lines, from `pos`; `page` lines per page.
/// A position past the end (a page scrolled before its length was drawn) is first brought
/// back to the last line.
pub fn step(command: Command, pos: usize, len: usize, page: usize) -> usize {
    let last = len.saturating_sub(1);
    let pos = pos.min(last);
    match command {
        Command::Up => pos.saturating_sub(1),
        Command::Down => (pos + 1).min(last),
        Command::PageUp => pos.saturating_sub(page),
        Command::PageDown => (pos + page).min(last),
        Command::Top => 0,
        Command::Bottom => last,
        // Not a movement: stays.
        _ => pos,
    }
}

/// [`step`] for a scroll offset, whose page length is known once drawn (`None` before).
pub fn scroll(command: Command, scroll: u16, lines: Option<usize>, page: usize) -> u16 {
    let len = lines.unwrap_or(usize::MAX);
    step(command, usize::from(scroll), len, page).min(usize::from(u16::MAX)) as u16
}

/// The wait before the next automatic refresh: the period, doubled per consecutive error.
pub fn backoff(period: Duration, failures: u32) -> Duration {
    let factor = 1u32 << failures.min(6);
    (period * factor).min(MAX_BACKOFF.max(period))
}
