//! Checks on the repository itself: the generated key document, the layers of the import graph,
//! and the log file set-up. One test binary (each binary links the whole crate); its name keeps
//! `cargo test --test docs`, which `docs/keys.md` names, working.
//!
//! `logging` installs the process-wide tracing subscriber and counts the lines it writes, so it
//! lives here, among tests that log nothing, and never beside the server or TUI tests.

mod architecture;
mod docs;
mod logging;
