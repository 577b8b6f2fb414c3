//! cronstrue 2.21.0's English description of a cron expression, with its default options
//! (12-hour clock, Sunday = 0, not verbose), e.g. `*/15 9-17 * * 1-5` →
//! "Every 15 minutes, between 09:00 AM and 05:59 PM, Monday through Friday".
//!
//! The hosted scheduler shows cronstrue's sentence, so this is a port rather than a fresh
//! describer: [`parser`] reproduces cronstrue's `CronParser` (split, textual normalisation,
//! validation) and this module its `ExpressionDescriptor` (one phrase per field, glued and
//! then pruned). Both work on the expression's text the way cronstrue does, quirks included,
//! because any "improvement" would show a sentence the hosted scheduler does not. The golden
//! test `tests/schedule_describe.rs` holds the port to cronstrue's output.

mod js;
mod parser;

use super::ScheduleError;
use js::format;
use parser::{
    DAY_OF_MONTH, DAY_OF_WEEK, HOURS, MINUTES, MONTH, Parts, SECONDS, YEAR, contains_any,
};

/// The sentence cronstrue 2.21.0 gives for `expr` with default options.
///
/// Where cronstrue throws, the error carries its message without the `Error: ` prefix,
/// e.g. `Expression has only 4 parts. At least 5 parts are required.`
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

const DAYS_OF_THE_WEEK: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

const MONTHS_OF_THE_YEAR: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The characters that make a time field more than a single value.
const SPECIAL_CHARACTERS: &str = "/-,*";

/// The fields cronstrue describes with its generic segment describer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Seconds,
    Minutes,
    Hours,
    DayOfMonth,
    Month,
    DayOfWeek,
    Year,
}

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

    /// cronstrue's `getSegmentDescription`: `*`, a single value, a list, a step or a range.
    /// `through_range` is set for a plain range inside a list, which always reads
    /// "a through b" whatever the field's own range wording.
    fn segment(&self, field: Field, expression: &str, through_range: bool) -> String {
        let has_step = expression.contains('/');
        let has_range = expression.contains('-');
        let has_list = expression.contains(',');
        if expression.is_empty() {
            return String::new();
        }
        if expression == "*" {
            return all_description(field).to_string();
        }
        if !has_step && !has_range && !has_list {
            let item = self.single_item(field, expression);
            return format(&self.description_format(field, expression), &[&item]);
        }
        if has_list {
            let items: Vec<&str> = expression.split(',').collect();
            let count = items.len();
            let mut content = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 && count > 2 {
                    content.push(',');
                    if i < count - 1 {
                        content.push(' ');
                    }
                }
                if i > 0 && (i == count - 1 || count == 2) {
                    content.push_str(" and ");
                }
                if item.contains('/') || item.contains('-') {
                    let plain_range = item.contains('-') && !item.contains('/');
                    let mut text = self.segment(field, item, plain_range || through_range);
                    if plain_range {
                        text = text.replacen(", ", "", 1);
                    }
                    content.push_str(&text);
                } else if !has_step {
                    content.push_str(&self.single_item(field, item));
                } else {
                    content.push_str(&self.segment(field, item, through_range));
                }
            }
            if has_step {
                return content;
            }
            return format(&self.description_format(field, expression), &[&content]);
        }
        if has_step {
            let mut pieces = expression.split('/');
            let start = pieces.next().unwrap_or("");
            let step = pieces.next().unwrap_or("");
            let mut description = format(&self.step_format(field, step), &[step]);
            if start.contains('-') {
                let range = self.range(field, start, through_range);
                if !range.starts_with(", ") {
                    description.push_str(", ");
                }
                description.push_str(&range);
            } else if !start.contains('*') {
                let item = self.single_item(field, start);
                let starting = format(&self.description_format(field, start), &[&item]);
                let starting = starting.replacen(", ", "", 1);
                description.push_str(&format(", starting %s", &[&starting]));
            }
            return description;
        }
        self.range(field, expression, through_range)
    }

    /// cronstrue's `generateRangeSegmentDescription`: "a through b" in the field's wording.
    fn range(&self, field: Field, expression: &str, through_range: bool) -> String {
        let mut ends = expression.split('-');
        let from = self.single_item(field, ends.next().unwrap_or(""));
        let to = self.single_item(field, ends.next().unwrap_or(""));
        let template = if through_range {
            ", %s through %s"
        } else {
            range_format(field)
        };
        format(template, &[&from, &to])
    }

    /// How one value of the field reads ("09:00 AM", "Monday", "January", "15").
    fn single_item(&self, field: Field, s: &str) -> String {
        match field {
            Field::Seconds | Field::Minutes => s.to_string(),
            Field::Hours => format_time(s, "0", ""),
            Field::DayOfMonth if s == "L" => "the last day".to_string(),
            Field::DayOfMonth => s.to_string(),
            Field::Month => js::index(&MONTHS_OF_THE_YEAR, js::parse_int_auto(s) - 1.0).to_string(),
            Field::DayOfWeek => {
                // `5#3` and `5L` name day 5.
                let day = match s.find('#') {
                    Some(hash) => s[..hash].to_string(),
                    None => s.replacen('L', "", 1),
                };
                js::index(&DAYS_OF_THE_WEEK, js::parse_int_auto(&day)).to_string()
            }
            Field::Year if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                year_of(js::parse_int_auto(s))
            }
            Field::Year => s.to_string(),
        }
    }

    /// The template a single value or a list of values goes into.
    fn description_format(&self, field: Field, s: &str) -> String {
        let template = match field {
            Field::Seconds if s == "0" => "",
            Field::Seconds => "at %s seconds past the minute",
            Field::Minutes
                if s == "0"
                    && !self.parts[HOURS].contains('/')
                    && self.parts[SECONDS].is_empty() =>
            {
                "every hour"
            }
            Field::Minutes => "at %s minutes past the hour",
            Field::Hours => "at %s",
            Field::DayOfMonth => ", on day %s of the month",
            Field::Month | Field::Year => ", only in %s",
            Field::DayOfWeek => return self.day_of_week_format(s),
        };
        template.to_string()
    }

    fn day_of_week_format(&self, s: &str) -> String {
        if let Some(hash) = s.find('#') {
            // Whatever follows `#` (even `3,1` in `5#3,1`) picks the ordinal; cronstrue
            // writes "null" when it is not 1 to 5.
            let ordinal = match &s[hash + 1..] {
                "1" => "first",
                "2" => "second",
                "3" => "third",
                "4" => "fourth",
                "5" => "fifth",
                _ => "null",
            };
            format!(", on the {ordinal} %s of the month")
        } else if s.contains('L') {
            ", on the last %s of the month".to_string()
        } else if self.parts[DAY_OF_MONTH] != "*" {
            ", and on %s".to_string()
        } else {
            ", only on %s".to_string()
        }
    }

    /// The "every n …" phrase of a step. cronstrue fills it in here and then fills it in
    /// again with the same value, which only shows when the step itself contains `%s`.
    fn step_format(&self, field: Field, step: &str) -> String {
        let template = match field {
            Field::Seconds => "every %s seconds",
            Field::Minutes => "every %s minutes",
            Field::Hours => "every %s hours",
            // Not filled in twice: returned as a template.
            Field::DayOfMonth if step == "1" => return ", every day".to_string(),
            Field::DayOfMonth => return ", every %s days".to_string(),
            Field::Month | Field::DayOfWeek if js::parse_int_auto(step) == 1.0 => "",
            Field::Month => ", every %s months",
            Field::DayOfWeek => ", every %s days of the week",
            Field::Year => ", every %s years",
        };
        format(template, &[step])
    }
}

/// What `*` says for the field.
fn all_description(field: Field) -> &'static str {
    match field {
        Field::Seconds => "every second",
        Field::Minutes => "every minute",
        Field::Hours => "every hour",
        Field::DayOfMonth | Field::DayOfWeek => ", every day",
        Field::Month | Field::Year => "",
    }
}

/// The template a range `a-b` goes into.
fn range_format(field: Field) -> &'static str {
    match field {
        Field::Seconds => "seconds %s through %s past the minute",
        Field::Minutes => "minutes %s through %s past the hour",
        Field::Hours => "between %s and %s",
        Field::DayOfMonth => ", between day %s and %s of the month",
        Field::Month | Field::DayOfWeek | Field::Year => ", %s through %s",
    }
}

/// cronstrue's `formatTime` on the 12-hour clock: the hour is read with `parseInt`, each
/// component is then cut or padded to two characters, e.g. ("9", "5", "") → "09:05 AM".
fn format_time(hour_expression: &str, minute: &str, second: &str) -> String {
    let mut hour = js::parse_int_auto(hour_expression);
    let period = if hour >= 12.0 { " PM" } else { " AM" };
    if hour > 12.0 {
        hour -= 12.0;
    }
    if hour == 0.0 {
        hour = 12.0;
    }
    let mut time = js::pad2(&js::number_to_string(hour));
    time.push(':');
    time.push_str(&js::pad2(minute));
    if !second.is_empty() {
        time.push(':');
        time.push_str(&js::pad2(second));
    }
    time.push_str(period);
    time
}

/// `new Date(year, 1).getFullYear()`: years 0-99 mean 1900-1999, and a year past the
/// JavaScript Date range (±8.64e15 ms, i.e. after 275760) is NaN.
fn year_of(year: f64) -> String {
    if (0.0..=99.0).contains(&year) {
        js::number_to_string(year + 1900.0)
    } else if year <= 275_760.0 {
        js::number_to_string(year)
    } else {
        "NaN".to_string()
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
