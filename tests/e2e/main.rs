//! The real program, driven as a person or the system would: in a pseudo-terminal (screens,
//! drafts, signals, the terminal guard), and `serve` killed or stopped while a run executes.
//! One test binary (each binary links the whole crate).
//!
//! `tui_e2e` and `server_runs` both wait for a real minute to turn: in one binary, on parallel
//! test threads (`.cargo/config.toml`), the suite waits for that minute once.

#[path = "../support/client_support.rs"]
mod client_support;
#[path = "../support/pty_support.rs"]
mod pty_support;
#[path = "../support/server_support.rs"]
mod server_support;

mod serve_secrets;
mod serve_slow_clients;
mod server_runs;
mod tui_agenda;
mod tui_e2e;
mod tui_e2e_drafts;
mod tui_english;
mod tui_health;
mod tui_limited;
mod tui_marks;
mod tui_palette;
mod tui_plans_local;
mod tui_session_keys;
mod tui_signals;
mod tui_terminal;
