//! Validation and parsing of a cron expression, in Trigger.dev's order: its own two rules, then
//! cron-parser 4.9.0's grammar, then cronstrue's "at least 5 parts".

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;

use super::fields::{FieldKind, FieldValues, parse_field};
use super::js;
use super::{CronField, ScheduleError, describe, search};

/// A cron expression that Trigger.dev would save, parsed as cron-parser 4.9.0 parses it.
///
/// Made by [`parse`] (or [`str::parse`]); it keeps the expression as written, which is what
/// [`Display`](fmt::Display) prints and [`Schedule::expression`] returns. Two schedules are equal
/// when their expressions are: `0 9 * * 0` and `0 9 * * 7` fire alike but are not equal.
///
/// # Examples
///
/// ```
/// use trigger_cron::Schedule;
///
/// let schedule: Schedule = "*/15 * * * *".parse().unwrap();
/// assert_eq!(schedule.to_string(), "*/15 * * * *");
/// assert_eq!(schedule, trigger_cron::parse("*/15 * * * *").unwrap());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Schedule {
    expression: String,
    pub(super) second: FieldValues,
    pub(super) minute: FieldValues,
    pub(super) hour: FieldValues,
    pub(super) day_of_month: FieldValues,
    pub(super) month: FieldValues,
    pub(super) day_of_week: FieldValues,
    /// The `#k` of the day-of-week field (0 when absent); cron-parser keeps one per expression.
    pub(super) nth_day_of_week: u32,
}

impl Schedule {
    /// The expression exactly as written (the text given to [`parse`]).
    ///
    /// ```
    /// let schedule = trigger_cron::parse("30 8 * * mon-fri").unwrap();
    /// assert_eq!(schedule.expression(), "30 8 * * mon-fri");
    /// ```
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// The first fire strictly after `after`, in `zone` (0 seconds, 0 ms), as the scheduler
    /// computes it: `parseExpression(expr, { currentDate: after, tz }).next()`.
    ///
    /// Wall-clock fields are read in `zone`, with luxon's answers in DST changes: a fixed time
    /// that falls in a gap fires an hour later (`30 2 * * *` fires at 03:30 on New York's
    /// spring-forward day), a day whose midnight is missing is skipped by a midnight schedule,
    /// and a fixed time in an overlap fires once, in the first pass.
    ///
    /// # Errors
    ///
    /// `Invalid expression, loop limit exceeded` for a schedule cron-parser gives up on (one
    /// that never fires, such as `0 0 31 2,4 *`, or fires too rarely for its 10,000-step walk),
    /// `Invalid last weekday of the month expression: …` where cron-parser throws that, and
    /// `The next fire time is outside the supported years …` past chrono's calendar.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use trigger_cron::{parse, timezones};
    ///
    /// let zone = timezones::resolve("America/New_York").unwrap();
    /// let after: DateTime<Utc> = "2024-03-09T12:00:00Z".parse().unwrap();
    /// let fire = parse("30 2 * * *").unwrap().next_after(zone, after).unwrap();
    /// // 02:30 does not exist on 10 March 2024: the fire is 03:30 EDT.
    /// assert_eq!(fire.to_rfc3339(), "2024-03-10T07:30:00+00:00");
    /// ```
    pub fn next_after(
        &self,
        zone: Tz,
        after: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, ScheduleError> {
        search::next_after(self, zone, after)
    }

    /// The next `count` fires after `after`, each computed from the one before (the chain the
    /// scheduler really follows): the same as calling [`Schedule::next_after`] `count` times,
    /// each from the previous fire.
    ///
    /// # Errors
    ///
    /// The first error [`Schedule::next_after`] meets on the way; the fires found before it are
    /// not returned.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use trigger_cron::{parse, timezones};
    ///
    /// let zone = timezones::resolve("Europe/London").unwrap();
    /// let after: DateTime<Utc> = "2024-01-01T00:00:00Z".parse().unwrap();
    /// let fires = parse("0 0 * * 5#3").unwrap().upcoming(zone, after, 2).unwrap();
    /// // The third Friday of January and of February, at midnight in London.
    /// assert_eq!(fires[0].to_rfc3339(), "2024-01-19T00:00:00+00:00");
    /// assert_eq!(fires[1].to_rfc3339(), "2024-02-16T00:00:00+00:00");
    /// ```
    pub fn upcoming(
        &self,
        zone: Tz,
        after: DateTime<Utc>,
        count: usize,
    ) -> Result<Vec<DateTime<Utc>>, ScheduleError> {
        search::upcoming(self, zone, after, count)
    }

    /// Whether the expression names this local wall-clock time: its date passes the day of
    /// month, day of week (`L`, `#` included) and month fields, and its hour, minute and second
    /// are listed. A yes is not a promise of a fire: in a DST gap the time does not exist, and
    /// [`Schedule::next_after`] says what the scheduler does instead.
    ///
    /// # Errors
    ///
    /// `Invalid last weekday of the month expression: …` where cron-parser throws that while
    /// checking the day.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    ///
    /// let schedule = trigger_cron::parse("30 2 * * 0").unwrap();
    /// let sunday = NaiveDate::from_ymd_opt(2027, 3, 14).unwrap();
    /// assert!(schedule.matches_wall_time(sunday.and_hms_opt(2, 30, 0).unwrap()).unwrap());
    /// assert!(!schedule.matches_wall_time(sunday.and_hms_opt(2, 31, 0).unwrap()).unwrap());
    /// let monday = sunday.succ_opt().unwrap();
    /// assert!(!schedule.matches_wall_time(monday.and_hms_opt(2, 30, 0).unwrap()).unwrap());
    /// ```
    pub fn matches_wall_time(&self, wall: NaiveDateTime) -> Result<bool, ScheduleError> {
        search::matches_wall_time(
            self,
            i64::from(wall.year()),
            wall.month(),
            wall.day(),
            wall.hour(),
            wall.minute(),
            wall.second(),
        )
    }
}

impl fmt::Display for Schedule {
    /// The expression as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.expression)
    }
}

impl FromStr for Schedule {
    type Err = ScheduleError;

    /// The same as [`parse`].
    fn from_str(expression: &str) -> Result<Self, Self::Err> {
        parse(expression)
    }
}

/// Validate `expression` exactly as Trigger.dev does before saving a schedule, and parse it as
/// cron-parser 4.9.0 does.
///
/// The checks run in Trigger.dev's order: more than five parts when split on single spaces
/// (so a doubled, leading or trailing space counts), the empty string, cron-parser's grammar
/// (names, ranges, steps, lists, `L`, `#`, `?`, with JavaScript's number coercions), then
/// cronstrue's own checks (at least five parts, its value ranges), which every save path runs.
///
/// # Errors
///
/// A [`ScheduleError`] whose `message` is the scheduler's, word for word, and whose `field` is
/// the field at fault when the error is about one field.
///
/// # Examples
///
/// ```
/// use trigger_cron::{CronField, parse};
///
/// assert!(parse("0 9-17/3 * * 1-5").is_ok());
///
/// let error = parse("0 9 * * 8").unwrap_err();
/// assert_eq!(error.message, "Constraint error, got value 8 expected range 0-7");
/// assert_eq!(error.field, Some(CronField::DayOfWeek));
///
/// // Any sixth part, even an empty one after a trailing space, reads as seconds.
/// assert_eq!(
///     parse("0 9 * * 1 ").unwrap_err().message,
///     "CRON expressions with seconds are not allowed"
/// );
/// ```
pub fn parse(expression: &str) -> Result<Schedule, ScheduleError> {
    // Trigger.dev's `CronPattern`: a raw split on single spaces, before anything else.
    if expression.split(' ').count() > 5 {
        return Err(ScheduleError::new(
            "CRON expressions with seconds are not allowed",
        ));
    }
    if expression.is_empty() {
        return Err(ScheduleError::new("CRON expression is required"));
    }
    let schedule = parse_cron_parser(expression)?;
    // Every save path then calls cronstrue, whose own checks (five space-separated parts,
    // value ranges after its normalisation, e.g. `07` as a weekday) can still refuse it.
    if cronstrue_may_refuse(expression) {
        describe(expression)?;
    }
    Ok(schedule)
}

/// Whether cronstrue could refuse an expression that cron-parser accepted. It checks the part
/// count and, per list item, the leading number against the field's range; cron-parser has
/// already bounded every field but the day of week, where `07`, `8L` or `17L` get through it.
/// Anything else unusual (names, `L`, `#`, `?`, tabs) goes to cronstrue to be sure.
fn cronstrue_may_refuse(expression: &str) -> bool {
    let mut parts = expression.split(' ');
    let (Some(minute), Some(hour), Some(day_of_month), Some(month), Some(day_of_week), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return true;
    };
    let plain = |field: &str| {
        field
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'*' | b',' | b'-' | b'/'))
    };
    let plain_weekday = day_of_week.split(',').all(|item| {
        plain(item)
            && !item.bytes().any(|b| b.is_ascii_digit() && b > b'6')
            && !has_two_digits(item)
    });
    ![minute, hour, day_of_month, month].iter().all(|f| plain(f)) || !plain_weekday
}

fn has_two_digits(item: &str) -> bool {
    item.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit())
}

/// `CronExpression.parse` of cron-parser 4.9.0.
fn parse_cron_parser(expression: &str) -> Result<Schedule, ScheduleError> {
    let text = match predefined(expression) {
        Some(text) => text,
        None => expression,
    };
    // At most six atoms are used; a seventh only matters as "too many".
    let mut atoms = [""; 7];
    let mut found = 0;
    for atom in text.split(js::is_js_whitespace).filter(|a| !a.is_empty()) {
        if found == atoms.len() {
            found += 1;
            break;
        }
        atoms[found] = atom;
        found += 1;
    }
    // `"".split(/\s+/)` is `[""]`: one (empty) atom.
    let atom_count = found.max(1);
    if atom_count > 6 {
        return Err(ScheduleError::new("Invalid cron expression"));
    }
    let start = 6 - atom_count;
    let typed = |i: usize| -> Option<&str> {
        i.checked_sub(start)
            .and_then(|k| atoms.get(k))
            .copied()
            .filter(|a| !a.is_empty())
    };
    let field_of =
        |i: usize, kind: FieldKind, default: &str| -> Result<FieldValues, ScheduleError> {
            match typed(i) {
                None => parse_field(kind, default).map_err(ScheduleError::new),
                Some(text) => parse_field(kind, text).map_err(|message| ScheduleError {
                    message,
                    field: blamed_field(i - start, atom_count),
                }),
            }
        };
    let second = field_of(0, FieldKind::Second, "0")?;
    let minute = field_of(1, FieldKind::Minute, "*")?;
    let hour = field_of(2, FieldKind::Hour, "*")?;
    let mut day_of_month = field_of(3, FieldKind::DayOfMonth, "*")?;
    let month = field_of(4, FieldKind::Month, "*")?;
    let (day_of_week, nth_day_of_week) = match typed(5) {
        None => (
            parse_field(FieldKind::DayOfWeek, "*").map_err(ScheduleError::new)?,
            0,
        ),
        Some(text) => {
            let blame = |message: String| ScheduleError {
                message,
                field: blamed_field(5 - start, atom_count),
            };
            let (text, nth) = split_nth_day(text).map_err(blame)?;
            (parse_field(FieldKind::DayOfWeek, text).map_err(blame)?, nth)
        }
    };
    limit_days_to_single_month(&mut day_of_month, &month).map_err(|message| ScheduleError {
        message,
        field: (atom_count >= 5).then_some(CronField::DayOfMonth),
    })?;
    Ok(Schedule {
        expression: expression.to_string(),
        second,
        minute,
        hour,
        day_of_month,
        month,
        day_of_week,
        nth_day_of_week,
    })
}

/// The field a person typed at position `k` (0-based) of `count` atoms.
fn blamed_field(k: usize, count: usize) -> Option<CronField> {
    // With six atoms (only possible with tabs) the first is cron-parser's seconds field.
    let k = if count == 6 { k.checked_sub(1)? } else { k };
    CronField::ALL.get(k).copied()
}

/// `CronExpression.predefined[expression]`: a plain object lookup, so the names inherited from
/// `Object.prototype` resolve too (to a function or to the prototype itself).
fn predefined(expression: &str) -> Option<&'static str> {
    match expression {
        "@yearly" => Some("0 0 1 1 *"),
        "@monthly" => Some("0 0 1 * *"),
        "@weekly" => Some("0 0 * * 0"),
        "@daily" => Some("0 0 * * *"),
        "@hourly" => Some("0 * * * *"),
        "constructor"
        | "hasOwnProperty"
        | "isPrototypeOf"
        | "propertyIsEnumerable"
        | "toString"
        | "valueOf"
        | "toLocaleString"
        | "__defineGetter__"
        | "__defineSetter__"
        | "__lookupGetter__"
        | "__lookupSetter__" => Some("function () { [native code] }"),
        "__proto__" => Some("[object Object]"),
        _ => None,
    }
}

/// `parseNthDay`: strip a `#k` suffix from the day-of-week field.
fn split_nth_day(value: &str) -> Result<(&str, u32), String> {
    let mut atoms = value.split('#');
    let first = atoms.next().unwrap_or_default();
    let Some(second) = atoms.next() else {
        return Ok((value, 0));
    };
    let more = atoms.clone().next().is_some();
    let last = value.rsplit('#').next().unwrap_or(second);
    for (c, name) in [(',', ","), ('/', "/"), ('-', "-")] {
        if value.contains(c) {
            return Err(format!(
                "Constraint error, invalid dayOfWeek `#` and `{name}` special characters are incompatible"
            ));
        }
    }
    let nth = js::js_number(last);
    if more || nth.is_nan() || !(1.0..=5.0).contains(&nth) {
        return Err("Constraint error, invalid dayOfWeek occurrence number (#)".to_string());
    }
    Ok((first, nth as u32))
}

/// `_handleMaxDaysInMonth`: with a single month, a first day past that month's length is an
/// error and later ones are dropped (February counts 29 days).
fn limit_days_to_single_month(
    day_of_month: &mut FieldValues,
    month: &FieldValues,
) -> Result<(), String> {
    if month.count != 1 {
        return Ok(());
    }
    let Some(only_month) = month.first_number() else {
        return Ok(());
    };
    let days = days_in_month_leap(only_month);
    if day_of_month
        .first_number()
        .is_some_and(|first| first > days)
    {
        return Err("Invalid explicit day of month definition".to_string());
    }
    day_of_month.drop_numbers_above(days);
    Ok(())
}

/// cron-parser's table of month lengths, February always 29.
pub(super) fn days_in_month_leap(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(expr: &str) -> String {
        parse(expr).err().map(|e| e.message).unwrap_or_default()
    }

    #[test]
    fn any_extra_single_space_reads_as_a_seconds_field() {
        for expr in ["0  9 * * *", " 0 9 * * *", "0 9 * * * ", "0 9 * * * *"] {
            assert_eq!(
                message(expr),
                "CRON expressions with seconds are not allowed"
            );
        }
    }

    #[test]
    fn empty_expression_is_required() {
        assert_eq!(message(""), "CRON expression is required");
    }

    #[test]
    fn fewer_than_five_parts_fail_with_cronstrue_words() {
        assert_eq!(
            message("0 9 * *"),
            "Expression has only 4 parts. At least 5 parts are required."
        );
        assert_eq!(
            message("@daily"),
            "Expression has only 1 part. At least 5 parts are required."
        );
        assert_eq!(
            message(" "),
            "Expression has only 1 part. At least 5 parts are required."
        );
    }

    #[test]
    fn grammar_errors_name_the_field_at_fault() {
        let err = parse("0 25 * * *").err();
        assert_eq!(
            err,
            Some(ScheduleError::in_field(
                "Constraint error, got value 25 expected range 0-23",
                CronField::Hour
            ))
        );
        let err = parse("0 0 * * 5#6").err().and_then(|e| e.field);
        assert_eq!(err, Some(CronField::DayOfWeek));
    }

    #[test]
    fn single_month_with_impossible_day_is_refused() {
        assert_eq!(
            message("0 0 30 2 *"),
            "Invalid explicit day of month definition"
        );
        assert_eq!(
            message("0 0 31 4 *"),
            "Invalid explicit day of month definition"
        );
        assert!(parse("0 0 29 2 *").is_ok());
        assert!(parse("0 0 31 2,3 *").is_ok());
    }

    #[test]
    fn nth_weekday_rules_match_cron_parser() {
        assert_eq!(
            message("0 0 * * 1,5#3"),
            "Constraint error, invalid dayOfWeek `#` and `,` special characters are incompatible"
        );
        assert_eq!(
            message("0 0 * * 5#0"),
            "Constraint error, invalid dayOfWeek occurrence number (#)"
        );
        assert!(parse("0 0 * * MON#2").is_ok());
    }

    #[test]
    fn object_prototype_names_fail_as_cron_parser_fails_on_them() {
        assert_eq!(
            message("toString"),
            "Invalid characters, got value: function"
        );
        assert_eq!(
            message("__proto__"),
            "Validation error, cannot resolve alias \"obj\""
        );
    }
}
