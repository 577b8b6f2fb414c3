//! The local server: its HTTP contract, store, scheduler, durability and commands. One test
//! binary (each binary links the whole crate). Its runs under a real clock are in `e2e`.

#[path = "../support/server_support.rs"]
mod server_support;

mod server_access;
mod server_account_id;
mod server_artists;
mod server_bad_input;
mod server_cli;
mod server_contract;
mod server_durability;
mod server_embedded;
mod server_isolation;
mod server_key_secret;
mod server_limits;
mod server_list_entries;
mod server_missed_fires;
mod server_models_orgs;
mod server_plans;
mod server_run_block;
mod server_run_now;
mod server_scheduler;
mod server_secrets;
mod server_slow_clients;
mod server_store;
mod server_task_object;
