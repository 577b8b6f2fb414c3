#![doc = include_str!("../README.md")]

mod describe;
mod error;
mod fields;
mod js;
mod parse;
mod search;
pub mod timezones;
mod zoned;

pub use describe::describe;
pub use error::{CronField, ScheduleError};
pub use parse::{Schedule, parse};
