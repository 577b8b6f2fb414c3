//! cronstrue's generic segment describer (`getSegmentDescription`) and the wording of
//! each field: how `*`, a single value, a list, a step `a/n` and a range `a-b` read for
//! seconds, minutes, hours, day of month, month, day of week and year.

use super::Describer;
use super::parser::{DAY_OF_MONTH, HOURS, SECONDS};
use crate::js::{self, format};

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

/// The fields cronstrue describes with its generic segment describer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Seconds,
    Minutes,
    Hours,
    DayOfMonth,
    Month,
    DayOfWeek,
    Year,
}

impl Describer<'_> {
    /// cronstrue's `getSegmentDescription`: `*`, a single value, a list, a step or a range.
    /// `through_range` is set for a plain range inside a list, which always reads
    /// "a through b" whatever the field's own range wording.
    pub(super) fn segment(&self, field: Field, expression: &str, through_range: bool) -> String {
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
            // "a and b", or "a, b, and c" (cronstrue puts a comma before the "and" of three
            // or more).
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
                    // A plain range inside a list reads "a through b", without the leading
                    // comma its own phrase would have.
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
            // With a step anywhere, each item already carries its own phrase.
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
pub(super) fn format_time(hour_expression: &str, minute: &str, second: &str) -> String {
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
