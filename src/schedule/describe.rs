//! cronstrue 2.21.0's English description of a cron expression (being ported).

use super::ScheduleError;

/// The sentence cronstrue 2.21.0 gives for `expr` with default options.
pub fn describe(expr: &str) -> Result<String, ScheduleError> {
    let parts = expr.trim().split(' ').filter(|p| !p.is_empty()).count();
    if parts < 5 {
        let noun = if parts == 1 { "part" } else { "parts" };
        return Err(ScheduleError::new(format!(
            "Expression has only {parts} {noun}. At least 5 parts are required."
        )));
    }
    Err(ScheduleError::new("description not available yet"))
}
