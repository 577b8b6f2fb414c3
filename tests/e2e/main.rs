//! The real program in a pseudo-terminal, driven as a person would: screens, drafts, signals
//! and the terminal guard. One test binary (each binary links the whole crate).

#[path = "../support/client_support.rs"]
mod client_support;
#[path = "../support/pty_support.rs"]
mod pty_support;

mod tui_e2e;
mod tui_e2e_drafts;
mod tui_signals;
mod tui_terminal;
