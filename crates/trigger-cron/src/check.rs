//! One evaluation of a schedule, everything a caller may want from it at once: the parsed
//! expression, the zone, cronstrue's description and the next fires. A service that refuses
//! schedules, a command that explains them and an editor that previews them each read the same
//! [`Evaluation`] and pick, in their own order, the refusal they report.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::timezones::{self, ZoneError};
use crate::{Schedule, ScheduleError, describe, parse};

/// What the scheduler makes of an expression in a zone, seen at one instant.
///
/// Each part carries its own refusal, so a caller can report them in the order it needs (the
/// hosted API names a bad expression before a bad zone; `cron --tz` names the zone first).
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The parsed expression, or why Trigger.dev would refuse to save it.
    pub schedule: Result<Schedule, ScheduleError>,
    /// The zone, or why the hosted scheduler does not accept its name.
    pub zone: Result<Tz, ZoneError>,
    /// The next fires strictly after the instant asked about, each computed from the one
    /// before. An error when the expression does not parse (its parse error), when the zone is
    /// refused (the zone's message, no field) or when the schedule never fires
    /// (`Invalid expression, loop limit exceeded`).
    pub fires: Result<Vec<DateTime<Utc>>, ScheduleError>,
    /// The expression, for [`Evaluation::description`].
    expression: String,
}

impl Evaluation {
    /// cronstrue's English sentence; the parse error again when the expression does not parse.
    /// Computed when asked for: a service that only checks a schedule, or lists its next fires
    /// for many tasks, never needs it.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    ///
    /// let now = Utc.with_ymd_and_hms(2026, 11, 29, 0, 0, 0).unwrap();
    /// let evaluation = trigger_cron::check("0 9 * * *", "UTC", now, 1);
    /// assert_eq!(evaluation.description().as_deref(), Ok("At 09:00 AM"));
    /// ```
    pub fn description(&self) -> Result<String, ScheduleError> {
        match &self.schedule {
            Ok(_) => describe(&self.expression),
            Err(error) => Err(error.clone()),
        }
    }
}

/// Evaluates `expression` in the zone named `zone_name` as the scheduler would at `now`: parse
/// it, resolve the zone and list its next `count` fires ([`Evaluation::description`] describes
/// it on demand).
///
/// A schedule that never fires is only found out by looking for a fire, so a check before
/// saving asks for at least one (`count` ≥ 1); with `count` 0 `fires` is empty.
///
/// ```
/// use chrono::{TimeZone, Utc};
///
/// let now = Utc.with_ymd_and_hms(2026, 11, 29, 0, 0, 0).unwrap();
/// let evaluation = trigger_cron::check("0 9 * * 4", "Europe/Berlin", now, 2);
/// assert!(evaluation.schedule.is_ok());
/// assert_eq!(evaluation.description().as_deref(), Ok("At 09:00 AM, only on Thursday"));
/// let fires = evaluation.fires.unwrap();
/// assert_eq!(fires[0], Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap());
/// assert_eq!(fires.len(), 2);
///
/// let refused = trigger_cron::check("0 25 * * *", "Mars/Olympus", now, 1);
/// assert_eq!(
///     refused.schedule.unwrap_err().message,
///     "Constraint error, got value 25 expected range 0-23"
/// );
/// assert_eq!(refused.zone.unwrap_err().to_string(), "Invalid IANA timezone: 'Mars/Olympus'");
/// ```
pub fn check(expression: &str, zone_name: &str, now: DateTime<Utc>, count: usize) -> Evaluation {
    let schedule = parse(expression);
    let zone = timezones::resolve(zone_name);
    let fires = match (&schedule, &zone) {
        (Err(error), _) => Err(error.clone()),
        (Ok(_), Err(error)) => Err(ScheduleError::new(error.to_string())),
        (Ok(schedule), Ok(zone)) => schedule.upcoming(*zone, now, count),
    };
    Evaluation {
        schedule,
        zone,
        fires,
        expression: expression.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn a_schedule_that_never_fires_parses_but_has_no_fires() {
        let evaluation = check("0 0 31 2,4 *", "UTC", now(), 1);
        assert!(evaluation.schedule.is_ok());
        assert_eq!(
            evaluation.fires.map_err(|e| e.message),
            Err("Invalid expression, loop limit exceeded".to_string())
        );
    }

    #[test]
    fn a_refused_zone_leaves_the_expression_checked_and_the_fires_refused() {
        let evaluation = check("0 9 * * *", "US/Eastern", now(), 3);
        assert!(evaluation.schedule.is_ok());
        assert_eq!(evaluation.description().as_deref(), Ok("At 09:00 AM"));
        assert_eq!(
            evaluation.zone,
            Err(ZoneError::NotAccepted("US/Eastern".into()))
        );
        assert_eq!(
            evaluation.fires,
            Err(ScheduleError::new("Invalid IANA timezone: 'US/Eastern'"))
        );
    }

    #[test]
    fn a_parse_error_is_the_description_and_fires_error_too() {
        let evaluation = check("0 9 * *", "UTC", now(), 1);
        let error = evaluation.schedule.as_ref().err().cloned();
        assert!(error.is_some());
        assert_eq!(evaluation.description().err(), error);
        assert_eq!(evaluation.fires.err(), error);
    }
}
