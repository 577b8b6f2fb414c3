//! Validation and parsing of a cron expression, in Trigger.dev's order: its own two rules, then
//! cron-parser 4.9.0's grammar, then cronstrue's "at least 5 parts".

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::fields::{FieldKind, FieldValues, parse_field};
use super::js;
use super::{CronField, ScheduleError, describe, search};

/// A cron expression that Trigger.dev would save, parsed as cron-parser 4.9.0 parses it.
#[derive(Debug, Clone)]
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
    /// The expression exactly as written.
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// The first fire strictly after `after`, in `zone` (0 seconds, 0 ms), as the scheduler
    /// computes it: `parseExpression(expr, { currentDate: after, tz }).next()`.
    ///
    /// Fails with `Invalid expression, loop limit exceeded` for a schedule that never fires.
    pub fn next_after(
        &self,
        zone: Tz,
        after: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, ScheduleError> {
        search::next_after(self, zone, after)
    }

    /// The next `count` fires after `after`, each computed from the one before (the chain the
    /// scheduler really follows).
    pub fn upcoming(
        &self,
        zone: Tz,
        after: DateTime<Utc>,
        count: usize,
    ) -> Result<Vec<DateTime<Utc>>, ScheduleError> {
        search::upcoming(self, zone, after, count)
    }
}

/// Validate `expression` exactly as Trigger.dev does before saving a schedule.
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
