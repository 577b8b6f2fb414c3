//! cronstrue 2.21.0's English description of a cron expression, with its default options
//! (12-hour clock, Sunday = 0, not verbose), e.g. `*/15 9-17 * * 1-5` →
//! "Every 15 minutes, between 09:00 AM and 05:59 PM, Monday through Friday".
//!
//! The hosted scheduler shows cronstrue's sentence, so this is a port rather than a fresh
//! describer: `parser` reproduces cronstrue's `CronParser` (split, textual normalisation,
//! validation) and this module its `ExpressionDescriptor` (one phrase per field, glued and
//! then pruned). Both work on the expression's text the way cronstrue does, quirks included,
//! because any "improvement" would show a sentence the hosted scheduler does not. The golden
//! test `tests/describe.rs` holds the port to cronstrue's output.

mod parser;
mod segment;

use super::ScheduleError;
use super::js::{self, format};
use parser::{
    DAY_OF_MONTH, DAY_OF_WEEK, HOURS, MINUTES, MONTH, Parts, SECONDS, YEAR, contains_any,
};
use segment::{Field, format_time};

/// The English sentence cronstrue 2.21.0 gives for `expr` with its default options (12-hour
/// clock, Sunday = 0, not verbose): the description Trigger.dev's dashboard shows.
///
/// This is a port of cronstrue, quirks included, rather than a fresh describer: it takes what
/// cronstrue takes (six or seven parts, with seconds or a year, but no macro such as `@daily`)
/// and words it as cronstrue does, even where [`parse`](crate::parse) refuses the expression.
///
/// # Errors
///
/// Where cronstrue throws, the error carries its message without the `Error: ` prefix, e.g.
/// `Expression has only 4 parts. At least 5 parts are required.`; its `field` is `None`.
///
/// # Examples
///
/// ```
/// use trigger_cron::describe;
///
/// assert_eq!(
///     describe("*/15 9-17 * * 1-5").unwrap(),
///     "Every 15 minutes, between 09:00 AM and 05:59 PM, Monday through Friday"
/// );
/// assert_eq!(describe("0 0 L * *").unwrap(), "At 12:00 AM, on the last day of the month");
/// assert_eq!(
///     describe("0 9 * *").unwrap_err().message,
///     "Expression has only 4 parts. At least 5 parts are required."
/// );
/// ```
pub fn describe(expr: &str) -> Result<String, ScheduleError> {
    let parts = parser::parse(expr).map_err(ScheduleError::new)?;
    let describer = Describer { parts: &parts };
    let mut description = describer.time_of_day();
    description.push_str(&describer.day_of_month());
    description.push_str(&describer.day_of_week());
    description.push_str(&describer.month());
    description.push_str(&describer.year());
    Ok(js::upper_first(&drop_default_phrases(description)))
}

/// The characters that make a time field more than a single value.
const SPECIAL_CHARACTERS: &str = "/-,*";

struct Describer<'a> {
    parts: &'a Parts,
}

impl Describer<'_> {
    fn time_of_day(&self) -> String {
        let seconds = self.parts[SECONDS].as_str();
        let minutes = self.parts[MINUTES].as_str();
        let hours = self.parts[HOURS].as_str();
        if !contains_any(minutes, SPECIAL_CHARACTERS)
            && !contains_any(hours, SPECIAL_CHARACTERS)
            && !contains_any(seconds, SPECIAL_CHARACTERS)
        {
            return format!("At {}", format_time(hours, minutes, seconds));
        }
        if seconds.is_empty()
            && minutes.contains('-')
            && !minutes.contains(',')
            && !minutes.contains('/')
            && !contains_any(hours, SPECIAL_CHARACTERS)
        {
            let mut range = minutes.split('-');
            let from = format_time(hours, range.next().unwrap_or(""), "");
            let to = format_time(hours, range.next().unwrap_or(""), "");
            return format("Every minute between %s and %s", &[&from, &to]);
        }
        if seconds.is_empty()
            && hours.contains(',')
            && !hours.contains('-')
            && !hours.contains('/')
            && !contains_any(minutes, SPECIAL_CHARACTERS)
        {
            // "At 09:00 AM, 12:00 PM and 05:00 PM"
            let hour_list: Vec<&str> = hours.split(',').collect();
            let mut description = String::from("At");
            for (i, hour) in hour_list.iter().enumerate() {
                description.push(' ');
                description.push_str(&format_time(hour, minutes, ""));
                if i + 2 < hour_list.len() {
                    description.push(',');
                }
                if i + 2 == hour_list.len() {
                    description.push_str(" and");
                }
            }
            return description;
        }
        let seconds_description = self.segment(Field::Seconds, seconds, false);
        let minutes_description = self.segment(Field::Minutes, minutes, false);
        let hours_description = self.hours_description();
        let mut description = seconds_description;
        if !description.is_empty() && !minutes_description.is_empty() {
            description.push_str(", ");
        }
        description.push_str(&minutes_description);
        // `0 * * * *`: the minute and the hour both say "every hour"; say it once.
        if minutes_description == hours_description {
            return description;
        }
        if !description.is_empty() && !hours_description.is_empty() {
            description.push_str(", ");
        }
        description.push_str(&hours_description);
        description
    }

    /// Hours, where a range's end reads as the end of its last hour ("05:59 PM") unless the
    /// minute is exactly `0`: cronstrue rewrites the last `:00` when there are several.
    fn hours_description(&self) -> String {
        let expression = self.parts[HOURS].as_str();
        let mut description = self.segment(Field::Hours, expression, false);
        if !description.is_empty() && expression.contains('-') && self.parts[MINUTES] != "0" {
            let at_the_hour = description.matches(":00").count();
            if at_the_hour > 1
                && let Some(last) = description.rfind(":00")
            {
                description.replace_range(last..last + 3, ":59");
            }
        }
        description
    }

    fn day_of_month(&self) -> String {
        let expression = self.parts[DAY_OF_MONTH].as_str();
        match expression {
            "L" => return ", on the last day of the month".to_string(),
            "WL" | "LW" => return ", on the last weekday of the month".to_string(),
            _ => {}
        }
        if let Some(weekday) = nearest_weekday_match(expression) {
            // The day number is one or two digits, so it parses.
            let day: u32 = weekday.replacen('W', "", 1).parse().unwrap_or(0);
            let day_text = if day == 1 {
                "first weekday".to_string()
            } else {
                format!("weekday nearest day {day}")
            };
            return format(", on the %s of the month", &[&day_text]);
        }
        if let Some(offset) = days_before_last_match(expression) {
            return format(", %s days before the last day of the month", &[offset]);
        }
        if expression == "*" && self.parts[DAY_OF_WEEK] != "*" {
            return String::new();
        }
        self.segment(Field::DayOfMonth, expression, false)
    }

    fn day_of_week(&self) -> String {
        let expression = self.parts[DAY_OF_WEEK].as_str();
        if expression == "*" {
            return String::new();
        }
        self.segment(Field::DayOfWeek, expression, false)
    }

    fn month(&self) -> String {
        self.segment(Field::Month, &self.parts[MONTH], false)
    }

    fn year(&self) -> String {
        self.segment(Field::Year, &self.parts[YEAR], false)
    }
}

/// The first match of `/(\d{1,2}W)|(W\d{1,2})/`: a day number with a `W` on either side.
fn nearest_weekday_match(expression: &str) -> Option<&str> {
    let bytes = expression.as_bytes();
    let digits_from = |start: usize| {
        bytes[start.min(bytes.len())..]
            .iter()
            .take(2)
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    for start in 0..bytes.len() {
        // `\d{1,2}W`, trying two digits before one.
        for digits in (1..=digits_from(start)).rev() {
            if bytes.get(start + digits) == Some(&b'W') {
                return expression.get(start..start + digits + 1);
            }
        }
        // `W\d{1,2}`
        if bytes[start] == b'W' {
            let digits = digits_from(start + 1);
            if digits > 0 {
                return expression.get(start..start + 1 + digits);
            }
        }
    }
    None
}

/// The digits of the first match of `/L-(\d{1,2})/`.
fn days_before_last_match(expression: &str) -> Option<&str> {
    let start = expression
        .match_indices("L-")
        .map(|(i, _)| i + 2)
        .find(|&i| expression.as_bytes().get(i).is_some_and(u8::is_ascii_digit))?;
    let digits = expression.as_bytes()[start..]
        .iter()
        .take(2)
        .take_while(|b| b.is_ascii_digit())
        .count();
    expression.get(start..start + digits)
}

/// cronstrue's non-verbose pruning: the "every minute / hour / day" phrases that add
/// nothing go, then a trailing comma.
fn drop_default_phrases(description: String) -> String {
    let mut description = description
        .replace(", every minute", "")
        .replace(", every hour", "")
        .replace(", every day", "");
    if description.ends_with(", ") {
        description.truncate(description.len() - 2);
    } else if description.ends_with(',') {
        description.truncate(description.len() - 1);
    }
    description
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(expr: &str) -> String {
        describe(expr).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn single_time_on_one_weekday_reads_at_time_only_on_day() {
        assert_eq!(said("0 9 * * 4"), "At 09:00 AM, only on Thursday");
        assert_eq!(said("0 9 * * THU"), "At 09:00 AM, only on Thursday");
    }

    #[test]
    fn minute_step_within_hour_range_ends_at_the_last_minute_of_the_range() {
        assert_eq!(
            said("*/15 9-17 * * 1-5"),
            "Every 15 minutes, between 09:00 AM and 05:59 PM, Monday through Friday"
        );
    }

    #[test]
    fn hour_range_at_minute_zero_keeps_its_end_on_the_hour() {
        assert_eq!(
            said("0 9-17/3 * * 1-5"),
            "At 0 minutes past the hour, every 3 hours, between 09:00 AM and 05:00 PM, Monday through Friday"
        );
    }

    #[test]
    fn step_on_day_of_month_with_weekday_reads_every_n_days_and_on() {
        assert_eq!(
            said("0 0 */2 * MON"),
            "At 12:00 AM, every 2 days, and on Monday"
        );
    }

    #[test]
    fn hour_list_reads_as_a_list_of_times() {
        assert_eq!(said("0 0,12 * * *"), "At 12:00 AM and 12:00 PM");
        assert_eq!(
            said("30 8,12,17 * * *"),
            "At 08:30 AM, 12:30 PM and 05:30 PM"
        );
    }

    #[test]
    fn sunday_written_as_seven_is_sunday() {
        assert_eq!(said("0 0 * * 7"), "At 12:00 AM, only on Sunday");
        assert_eq!(
            said("0 0 * * 2-7/2"),
            "At 12:00 AM, every 2 days of the week, Tuesday through Sunday"
        );
    }

    #[test]
    fn last_and_nth_weekday_of_the_month() {
        assert_eq!(
            said("0 0 * * 5L"),
            "At 12:00 AM, on the last Friday of the month"
        );
        assert_eq!(
            said("0 0 * * 5#3"),
            "At 12:00 AM, on the third Friday of the month"
        );
        assert_eq!(
            said("0 0 L * *"),
            "At 12:00 AM, on the last day of the month"
        );
    }

    #[test]
    fn too_few_parts_is_an_error_worded_like_cronstrue() {
        assert_eq!(
            said("@daily"),
            "error: Expression has only 1 part. At least 5 parts are required."
        );
        assert_eq!(
            said("* * * *"),
            "error: Expression has only 4 parts. At least 5 parts are required."
        );
        assert_eq!(said(""), "error: Expression is empty");
    }

    #[test]
    fn out_of_range_values_are_errors() {
        assert_eq!(
            said("0 24 * * *"),
            "error: hours part must be >= 0 and <= 23"
        );
        assert_eq!(said("0 0 * * 8"), "error: DOW part must be >= 0 and <= 6");
    }

    #[test]
    fn huge_numbers_and_odd_text_do_not_panic() {
        for expr in [
            "99999999999999999999 * * * *",
            "0 5-99999999999999999999999 * * *",
            "0 9 * * 1#99999999999999999999",
            "é 😀 * * *",
            "0 9-😀 * * *",
            "\u{85}0 9 * * *",
            "a b c d e f g",
            "0 0 9 * * ? 99999999999999999999",
        ] {
            let _ = describe(expr);
        }
        assert_eq!(
            said("0 5-99999999999999999999999 * * *"),
            "Every hour, between 05:00 AM and 23:00 PM"
        );
    }
}
