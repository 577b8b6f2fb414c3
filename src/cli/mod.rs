//! The non-interactive commands.

pub mod cron;
