//! recoup-tasks: a terminal app, CLI and local API for Recoup's scheduled AI tasks.

pub mod backend;
pub mod cli;
pub mod client;
pub mod config;
pub mod http;
pub mod logging;
pub mod model;
pub mod present;
pub mod server;
pub mod tui;
