//! What Trigger.dev does for the hosted API, done locally with our schedule engine: refuse a
//! cron or zone it would refuse (with its message), compute upcoming fire times, describe.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, Utc};

use super::clock::iso_millis;
use super::error::ApiFailure;
use trigger_cron::ScheduleError;

/// Checks `expression` in `zone_name` as Trigger.dev does when a schedule is created or
/// updated. Refusals are 500s worded as the hosted API relays them.
pub fn check(expression: &str, zone_name: &str, now: DateTime<Utc>) -> Result<(), ApiFailure> {
    let cron_error = |err: ScheduleError| {
        ApiFailure::Internal(format!("Invalid cron expression: {}", err.message))
    };
    let evaluation = trigger_cron::check(expression, zone_name, now, 1);
    evaluation.schedule.map_err(cron_error)?;
    evaluation
        .zone
        .map_err(|err| ApiFailure::Internal(err.to_string()))?;
    // An expression that never fires (`0 0 31 2,4 *`) is refused too, with the engine's words.
    evaluation.fires.map_err(cron_error)?;
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

/// [`upcoming`] as instants. Memoised per expression, zone and minute: every fire time is a
/// whole minute, so any `after` within one minute has the same answer, and a list of tasks
/// sharing a schedule costs one search instead of one per task.
pub fn upcoming_times(
    expression: &str,
    zone_name: &str,
    after: DateTime<Utc>,
    count: usize,
) -> Vec<DateTime<Utc>> {
    let minute = after.timestamp().div_euclid(60);
    let key = (expression.to_string(), zone_name.to_string(), minute);
    if let Some(cached) = lock_cache()
        .get(&key)
        .filter(|cached| cached.len() >= count)
    {
        return cached[..count].to_vec();
    }
    let times = trigger_cron::check(expression, zone_name, after, count)
        .fires
        .unwrap_or_default();
    let mut cache = lock_cache();
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, times.clone());
    times
}

/// Entries kept before the memo is emptied (it refills within a minute anyway).
const CACHE_LIMIT: usize = 4096;

type UpcomingCache = HashMap<(String, String, i64), Vec<DateTime<Utc>>>;

fn lock_cache() -> std::sync::MutexGuard<'static, UpcomingCache> {
    static CACHE: OnceLock<Mutex<UpcomingCache>> = OnceLock::new();
    CACHE
        .get_or_init(|| Mutex::new(HashMap::new()))
        .lock()
        // The memo holds plain data; a panic elsewhere cannot leave it half-updated.
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The English description Trigger.dev stores on the schedule (empty if unavailable).
pub fn describe(expression: &str) -> String {
    trigger_cron::describe(expression).unwrap_or_default()
}
