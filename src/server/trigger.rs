//! What Trigger.dev does for the hosted API, done locally with our schedule engine: refuse a
//! cron or zone it would refuse (with its message), compute upcoming fire times, describe.

use chrono::{DateTime, Utc};

use super::clock::iso_millis;
use super::error::ApiFailure;
use crate::schedule::{self, timezones};

/// Checks `expression` in `zone_name` as Trigger.dev does when a schedule is created or
/// updated. Refusals are 500s worded as the hosted API relays them.
pub fn check(expression: &str, zone_name: &str, now: DateTime<Utc>) -> Result<(), ApiFailure> {
    let cron_error =
        |message: &str| ApiFailure::Internal(format!("Invalid cron expression: {message}"));
    let schedule = schedule::parse(expression).map_err(|err| cron_error(&err.message))?;
    let zone =
        timezones::resolve(zone_name).map_err(|err| ApiFailure::Internal(err.to_string()))?;
    // An expression that never fires (`0 0 31 2 *`) is refused too, with the engine's words.
    schedule
        .next_after(zone, now)
        .map_err(|err| cron_error(&err.message))?;
    Ok(())
}

/// The next `count` fire times after `after`, as Trigger.dev writes them; empty if the stored
/// schedule no longer checks out (it did when it was saved).
pub fn upcoming(
    expression: &str,
    zone_name: &str,
    after: DateTime<Utc>,
    count: usize,
) -> Vec<String> {
    upcoming_times(expression, zone_name, after, count)
        .iter()
        .map(|at| iso_millis(*at))
        .collect()
}

/// [`upcoming`] as instants.
pub fn upcoming_times(
    expression: &str,
    zone_name: &str,
    after: DateTime<Utc>,
    count: usize,
) -> Vec<DateTime<Utc>> {
    let Ok(schedule) = schedule::parse(expression) else {
        return Vec::new();
    };
    let Ok(zone) = timezones::resolve(zone_name) else {
        return Vec::new();
    };
    schedule.upcoming(zone, after, count).unwrap_or_default()
}

/// The English description Trigger.dev stores on the schedule (empty if unavailable).
pub fn describe(expression: &str) -> String {
    schedule::describe(expression).unwrap_or_default()
}
