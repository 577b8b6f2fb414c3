//! The one error type of the schedule engine: a message worded exactly as the hosted
//! scheduler words it, plus the cron field at fault so a form can point at it.

use std::fmt;

/// The five fields of a cron expression, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

    /// The field's name as a person reads it ("day of month").
    pub fn name(self) -> &'static str {
        match self {
            CronField::Minute => "minute",
            CronField::Hour => "hour",
            CronField::DayOfMonth => "day of month",
            CronField::Month => "month",
            CronField::DayOfWeek => "day of week",
        }
    }

    /// Zero-based position of the field in a five-field expression.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Where this field sits in `expression` split on single spaces, as (start, width) in
    /// characters (width at least 1, for a caret); `None` unless there are five fields.
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

/// Why an expression cannot be saved or has no fire time.
///
/// `message` is exactly the text Trigger.dev (cron-parser 4.9.0, cronstrue 2.21.0) gives, with
/// no prefix; `field` is set when one field is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    /// The scheduler's own words, e.g. `Constraint error, got value 24 expected range 0-23`.
    pub message: String,
    /// The field at fault, when the scheduler's error is about one field.
    pub field: Option<CronField>,
}

impl ScheduleError {
    /// An error about the expression as a whole.
    pub fn new(message: impl Into<String>) -> Self {
        ScheduleError {
            message: message.into(),
            field: None,
        }
    }

    /// An error about one field.
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
