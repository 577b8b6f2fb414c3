//! The cron engine, faithful to the hosted scheduler (Trigger.dev: cron-parser 4.9.0 with
//! luxon 3.2.1 for zones, cronstrue 2.21.0 for descriptions).
//!
//! - [`parse`] validates in Trigger.dev's order and returns a [`Schedule`].
//! - [`Schedule::next_after`] and [`Schedule::upcoming`] compute fire times in an IANA zone
//!   with the scheduler's *chain* semantics: each fire is strictly after the previous one and
//!   computed afresh from it.
//! - [`describe`] gives cronstrue's English sentence.
//! - [`check`] does all of it at once: the parse, the zone, the description and the next fires.
//! - [`timezones`] knows which zone names the hosted scheduler accepts.

mod check;
pub mod describe;
mod error;
mod fields;
mod js;
mod parse;
mod search;
pub mod timezones;
mod zoned;

pub use check::{Evaluation, check};
pub use describe::describe;
pub use error::{CronField, ScheduleError};
pub use parse::{Schedule, parse};
