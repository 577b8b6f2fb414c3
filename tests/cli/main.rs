//! The command line as a user runs it: the real binary's `cron`, `tasks` and `config`
//! commands. One test binary (each binary links the whole crate).

#[path = "../support/client_support.rs"]
mod client_support;
#[path = "../support/server_support.rs"]
mod server_support;

mod cli_artists;
mod cli_config;
mod cli_cron;
mod cli_file_modes;
mod cli_flags;
mod cli_paths;
mod cli_plans;
mod cli_session_keys;
mod cli_shell_files;
mod cli_tasks;
mod cli_tasks_as_code;
mod cli_untrusted_server;
