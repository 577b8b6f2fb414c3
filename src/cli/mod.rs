//! The non-interactive commands.

pub mod config;
pub mod cron;
pub mod shell_files;
pub mod tasks;
