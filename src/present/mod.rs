//! How the domain reads to a person, the same in every output: the CLI's tables and sheets, the
//! TUI's panes and the preview. Formatting only — no I/O beyond reading the viewer's zone.

pub mod time;

pub use time::{fire_line, fire_time, local_zone};
