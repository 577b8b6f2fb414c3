#![doc = include_str!("../README.md")]

mod check;
mod count;
mod describe;
mod dst;
mod error;
mod fields;
mod js;
mod parse;
mod search;
pub mod timezones;
mod zoned;

pub use check::{Evaluation, check};
pub use count::fires_per_hour;
pub use describe::describe;
pub use dst::{DstChange, DstDay, dst_days};
pub use error::{CronField, ScheduleError};
pub use parse::{Schedule, parse};
