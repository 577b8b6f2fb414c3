//! The API client against the real local server and against servers that misbehave. One test
//! binary (each binary links the whole crate).

#[path = "../support/client_support.rs"]
mod client_support;
#[path = "../support/server_support.rs"]
mod server_support;

mod client_catalog;
mod client_faults;
mod client_known_tasks;
mod client_large_lists;
mod client_local;
mod client_plans;
mod client_redirects;
