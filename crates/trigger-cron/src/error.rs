//! The one error type of the schedule engine: a message worded exactly as the hosted
//! scheduler words it, plus the cron field at fault so a form can point at it.

use std::fmt;

use crate::timezones::ZoneError;

/// The five fields of a cron expression, in the order they are written: the field a
/// [`ScheduleError`] blames, so a form can point at it.
///
/// ```
/// use trigger_cron::CronField;
///
/// assert_eq!(CronField::DayOfMonth.name(), "day of month");
/// assert_eq!(CronField::DayOfMonth.to_string(), "day of month");
/// assert_eq!(CronField::ALL[CronField::Month.index()], CronField::Month);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CronField {
    /// The first field, 0–59.
    Minute,
    /// The second field, 0–23.
    Hour,
    /// The third field, 1–31 (and `L`, `?`).
    DayOfMonth,
    /// The fourth field, 1–12 or `JAN`–`DEC`.
    Month,
    /// The fifth field, 0–7 (0 and 7 are Sunday) or `SUN`–`SAT`.
    DayOfWeek,
}

impl CronField {
    /// The five fields in the order they are written.
    pub const ALL: [CronField; 5] = [
        CronField::Minute,
        CronField::Hour,
        CronField::DayOfMonth,
        CronField::Month,
        CronField::DayOfWeek,
    ];

    /// The field's name as a person reads it ("day of month"); also its
    /// [`Display`](fmt::Display).
    pub fn name(self) -> &'static str {
        match self {
            CronField::Minute => "minute",
            CronField::Hour => "hour",
            CronField::DayOfMonth => "day of month",
            CronField::Month => "month",
            CronField::DayOfWeek => "day of week",
        }
    }

    /// Zero-based position of the field in a five-field expression (`Minute` is 0,
    /// `DayOfWeek` 4), its index in [`CronField::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Where this field sits in `expression` split on single spaces, as (start, width) in
    /// characters (width at least 1, for a caret); `None` unless there are five fields.
    ///
    /// ```
    /// use trigger_cron::{CronField, parse};
    ///
    /// let expression = "0 25 * * *";
    /// let field = parse(expression).unwrap_err().field.unwrap();
    /// assert_eq!(field.span_in(expression), Some((2, 2)));
    /// // Underline the fault:
    /// let (start, width) = field.span_in(expression).unwrap();
    /// let caret = format!("{}{}", " ".repeat(start), "^".repeat(width));
    /// assert_eq!(caret, "  ^^");
    /// ```
    pub fn span_in(self, expression: &str) -> Option<(usize, usize)> {
        let parts: Vec<&str> = expression.split(' ').collect();
        if parts.len() != 5 {
            return None;
        }
        let start = parts[..self.index()]
            .iter()
            .map(|p| p.chars().count() + 1)
            .sum();
        Some((start, parts[self.index()].chars().count().max(1)))
    }
}

impl fmt::Display for CronField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an expression cannot be saved, cannot be described, or has no fire time.
///
/// `message` is exactly the text Trigger.dev (cron-parser 4.9.0, cronstrue 2.21.0) gives, with
/// no prefix, and is also its [`Display`](fmt::Display); `field` is set when one field is at
/// fault.
///
/// ```
/// use trigger_cron::{CronField, ScheduleError, parse};
///
/// let error = parse("*/0 * * * *").unwrap_err();
/// assert_eq!(error.to_string(), "Constraint error, cannot repeat at every 0 time.");
/// assert_eq!(error.field, Some(CronField::Minute));
///
/// // Errors of your own, e.g. about the zone, can share the type.
/// let zone_error = ScheduleError::new("Invalid IANA timezone: 'Mars/Olympus'");
/// assert_eq!(zone_error.field, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScheduleError {
    /// The scheduler's own words, e.g. `Constraint error, got value 24 expected range 0-23`.
    pub message: String,
    /// The field at fault, when the scheduler's error is about one field.
    pub field: Option<CronField>,
}

impl ScheduleError {
    /// An error about the expression as a whole (`field` is `None`), for callers that report
    /// their own checks beside the engine's.
    pub fn new(message: impl Into<String>) -> Self {
        ScheduleError {
            message: message.into(),
            field: None,
        }
    }

    /// An error about one field.
    ///
    /// ```
    /// use trigger_cron::{CronField, ScheduleError};
    ///
    /// let error = ScheduleError::in_field("Weekends only", CronField::DayOfWeek);
    /// assert_eq!(error.field, Some(CronField::DayOfWeek));
    /// ```
    pub fn in_field(message: impl Into<String>, field: CronField) -> Self {
        ScheduleError {
            message: message.into(),
            field: Some(field),
        }
    }
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ScheduleError {}

/// A refused zone as a schedule error, in the scheduler's words (`Invalid IANA timezone:
/// '<name>'`), so one `?` covers both the expression and its zone.
///
/// ```
/// use trigger_cron::{ScheduleError, parse, timezones};
///
/// fn next_fire(expression: &str, zone: &str) -> Result<String, ScheduleError> {
///     let zone = timezones::resolve(zone)?;
///     let after = "2024-01-01T00:00:00Z".parse().unwrap();
///     Ok(parse(expression)?.next_after(zone, after)?.to_rfc3339())
/// }
///
/// // 09:00 in Tokyo is midnight UTC; a fire is strictly after its start, so the next day's.
/// assert_eq!(next_fire("0 9 * * *", "Asia/Tokyo").unwrap(), "2024-01-02T00:00:00+00:00");
/// assert_eq!(
///     next_fire("0 9 * * *", "Asia/Kolkata").unwrap_err().message,
///     "Invalid IANA timezone: 'Asia/Kolkata'"
/// );
/// ```
impl From<ZoneError> for ScheduleError {
    fn from(error: ZoneError) -> Self {
        ScheduleError::new(error.to_string())
    }
}
