//! The TUI without a terminal: `update` and the views driven in process, snapshots of what
//! they draw, property tests. One test binary (each binary links the whole crate).
//!
//! Snapshots are in `snapshots/`, named after this binary and the module (`tui__tui_snapshots__…`).

#[path = "../support/server_support.rs"]
mod server_support;
mod tui_support;

mod present_agreement;
mod tui_agenda;
mod tui_drafts;
mod tui_duplicate_artists;
mod tui_editor;
mod tui_english;
mod tui_export;
mod tui_health;
mod tui_history;
mod tui_known_tasks;
mod tui_marks;
mod tui_missed_fires;
mod tui_models;
mod tui_moving;
mod tui_palette;
mod tui_plans;
mod tui_props;
mod tui_run_names;
mod tui_run_now;
mod tui_selection;
mod tui_snapshots;
mod tui_update;
mod tui_zones;
