//! The three engines the schedule benches compare, each doing one preview: parse, then the
//! next 5 fires in America/New_York after a start instant. Shared by `benches/schedule.rs`
//! (criterion) and `examples/preview_engines.rs` (callgrind).

use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;
use croner::parser::{CronParser, Seconds};

pub const EXPRESSIONS: [&str; 5] = [
    "0 9 * * 4",
    "*/15 * * * *",
    "30 8 * * 1-5",
    "0 0 1 * *",
    "0 9-17/3 * * 1-5",
];

pub fn ours(expr: &str, start: DateTime<Utc>) -> usize {
    match trigger_cron::parse(expr) {
        Ok(s) => s.upcoming(New_York, start, 5).map(|v| v.len()).unwrap_or(0),
        Err(_) => 0,
    }
}

pub fn cron_crate(expr: &str, start: DateTime<Utc>) -> usize {
    let with_seconds = format!("0 {expr}");
    match cron::Schedule::from_str(&with_seconds) {
        Ok(s) => s.after(&start.with_timezone(&New_York)).take(5).count(),
        Err(_) => 0,
    }
}

pub fn croner_crate(expr: &str, start: DateTime<Utc>) -> usize {
    let parser = CronParser::builder()
        .seconds(Seconds::Disallowed)
        .sloppy_ranges(true)
        .build();
    let Ok(cron) = parser.parse(expr) else {
        return 0;
    };
    let mut from = start.with_timezone(&New_York);
    let mut found = 0;
    for _ in 0..5 {
        match cron.find_next_occurrence(&from, false) {
            Ok(next) => {
                from = next;
                found += 1;
            }
            Err(_) => break,
        }
    }
    found
}
