//! What the last frame showed that the next update needs: how long the scrollable pages were and
//! where the clickable things were.
//!
//! `views::draw` takes `&App`, so drawing cannot change the state; it returns this record, the
//! event loop hands it to `App::remember`, and `update` reads it. So `update` never lays out or
//! renders anything to learn a scroll limit or what a click hit, and a click always means what
//! was on screen when it was made.
//!
//! Before the first frame (tests that drive `update` alone) nothing is known: a scroll moves
//! without an upper limit (the view clamps what it shows, and the first movement after a frame
//! brings the position back to the drawn end), and a click, which can only aim at something
//! drawn, does nothing.

use ratatui::layout::{Position, Rect};

use super::form::Field;
use super::state::Screen;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    /// How many first lines the help can start at, while it was open: its lines less its
    /// height, plus one (the last shows the end, the pane full).
    pub help_tops: Option<usize>,
    /// The open run's id and how many first lines its page can start at: its lines wrapped at
    /// the pane's width less the pane's height, plus one.
    pub run_lines: Option<(String, usize)>,
    /// The selected task's id and how many first lines its detail can start at: its lines at
    /// the pane's width less the pane's height, plus one.
    pub detail_tops: Option<(String, usize)>,
    /// The list on screen.
    pub list: Option<DrawnList>,
    /// The header's screen tabs.
    pub tabs: Vec<(Rect, Screen)>,
    /// The form's fields, while it was open.
    pub fields: Vec<DrawnField>,
}

/// Where a list's rows were drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawnList {
    pub screen: Screen,
    /// The rows, below the column names.
    pub rows: Rect,
    /// The index (in the visible rows) of the first row shown.
    pub first: usize,
}

/// Where a form field's label and input were drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawnField {
    pub field: Field,
    pub label: Rect,
    pub input: Rect,
}

impl Drawn {
    /// How many first lines the open run's page can start at, if that run was drawn.
    pub fn run_lines(&self, run_id: &str) -> Option<usize> {
        self.run_lines
            .as_ref()
            .filter(|(id, _)| id == run_id)
            .map(|(_, lines)| *lines)
    }

    /// How many first lines the task detail can start at, if that task's detail was drawn.
    pub fn detail_tops(&self, task_id: &str) -> Option<usize> {
        self.detail_tops
            .as_ref()
            .filter(|(id, _)| id == task_id)
            .map(|(_, lines)| *lines)
    }

    /// The screen tab under the pointer.
    pub fn tab_at(&self, at: Position) -> Option<Screen> {
        self.tabs
            .iter()
            .find(|(area, _)| area.contains(at))
            .map(|(_, screen)| *screen)
    }

    /// The form field whose label or input is under the pointer.
    pub fn field_at(&self, at: Position) -> Option<Field> {
        self.fields
            .iter()
            .find(|f| f.label.contains(at) || f.input.contains(at))
            .map(|f| f.field)
    }
}
