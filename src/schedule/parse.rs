//! Validation and parsing of a cron expression, in Trigger.dev's order.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::ScheduleError;

/// A validated cron expression.
#[derive(Debug, Clone)]
pub struct Schedule {
    expression: String,
}

impl Schedule {
    /// The expression exactly as written.
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// The first fire strictly after `after`, in `zone` (0 seconds, 0 ms).
    pub fn next_after(
        &self,
        zone: Tz,
        after: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, ScheduleError> {
        let _ = (zone, after);
        todo!("schedule search is being written")
    }

    /// The next `count` fires after `after`, each computed from the one before (chain semantics).
    pub fn upcoming(
        &self,
        zone: Tz,
        after: DateTime<Utc>,
        count: usize,
    ) -> Result<Vec<DateTime<Utc>>, ScheduleError> {
        let mut fires = Vec::with_capacity(count);
        let mut from = after;
        for _ in 0..count {
            from = self.next_after(zone, from)?;
            fires.push(from);
        }
        Ok(fires)
    }
}

/// Validate `expression` as Trigger.dev does before saving a schedule.
pub fn parse(expression: &str) -> Result<Schedule, ScheduleError> {
    Ok(Schedule {
        expression: expression.to_string(),
    })
}
