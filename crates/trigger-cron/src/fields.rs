//! One cron field parsed exactly as cron-parser 4.9.0 parses it, JavaScript coercions and all.
//!
//! cron-parser keeps each field as a sorted list that may hold duplicates and `L` strings, and
//! later decides "wildcard" by counting that list. So the count is part of the meaning and is
//! kept here, next to a bit set for fast matching.

use std::borrow::Cow;

use super::js::{js_number, number_to_string as format_js_number};

/// What cron-parser knows about each field: its bounds and the one extra character allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldKind {
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl FieldKind {
    fn min(self) -> f64 {
        match self {
            FieldKind::DayOfMonth | FieldKind::Month => 1.0,
            _ => 0.0,
        }
    }

    fn max(self) -> f64 {
        match self {
            FieldKind::Second | FieldKind::Minute => 59.0,
            FieldKind::Hour => 23.0,
            FieldKind::DayOfMonth => 31.0,
            FieldKind::Month => 12.0,
            FieldKind::DayOfWeek => 7.0,
        }
    }

    fn allows_l(self) -> bool {
        matches!(self, FieldKind::DayOfMonth | FieldKind::DayOfWeek)
    }

    fn valid_character(self, c: char) -> bool {
        match c {
            ',' | '*' | '/' | '-' | '0'..='9' => true,
            '?' | 'L' => self.allows_l(),
            _ => false,
        }
    }

    fn alias(self, name: &str) -> Option<u8> {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
        let (names, first): (&[&str], u8) = match self {
            FieldKind::Month => (&MONTHS, 1),
            FieldKind::DayOfWeek => (&DAYS, 0),
            _ => return None,
        };
        names
            .iter()
            .position(|n| *n == name)
            .and_then(|i| u8::try_from(i).ok())
            .map(|i| i + first)
    }
}

/// A parsed field: the numeric values as a bit set, how many entries cron-parser's list has,
/// and the `L` entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(super) struct FieldValues {
    /// Bit `n` is set when the value `n` is listed.
    pub bits: u64,
    /// Length of cron-parser's list, duplicates and `L` entries included.
    pub count: usize,
    /// How often each day number (1-31) is listed: duplicates count, see `count`, and
    /// `_handleMaxDaysInMonth` may drop days.
    repeats: [u16; 32],
    /// Entries containing `L`, sorted as cron-parser sorts them.
    pub last_entries: Vec<String>,
}

impl FieldValues {
    fn push_number(&mut self, n: u32) {
        let n = n.min(63);
        self.bits |= 1u64 << n;
        if let Some(repeats) = self.repeats.get_mut(n as usize) {
            *repeats = repeats.saturating_add(1);
        }
        self.count += 1;
    }

    /// `_handleMaxDaysInMonth`'s filter: drop days past `days`, duplicates included.
    pub fn drop_numbers_above(&mut self, days: u32) {
        for n in (days + 1).min(32)..32 {
            self.count -= usize::from(self.repeats[n as usize]);
            self.repeats[n as usize] = 0;
            self.bits &= !(1u64 << n);
        }
    }

    pub fn contains(&self, value: u32) -> bool {
        value < 64 && self.bits & (1u64 << value) != 0
    }

    pub fn has_last(&self) -> bool {
        !self.last_entries.is_empty()
    }

    /// The smallest numeric value, as JavaScript would compare `list[0] > n` (a leading string
    /// compares as NaN, i.e. never greater).
    pub fn first_number(&self) -> Option<u32> {
        (self.bits != 0).then(|| self.bits.trailing_zeros())
    }
}

/// A scalar as JavaScript holds it while cron-parser parses: a number or a leftover string.
#[derive(Debug, Clone)]
enum JsValue<'a> {
    Number(f64),
    Text(&'a str),
}

/// Parse one field's text as `CronExpression._parseField` does. Errors carry cron-parser's
/// exact message.
pub(super) fn parse_field(kind: FieldKind, text: &str) -> Result<FieldValues, String> {
    let value = replace_aliases(kind, text)?;
    if value.is_empty() || !value.chars().all(|c| kind.valid_character(c)) {
        return Err(format!("Invalid characters, got value: {value}"));
    }
    // cron-parser replaces every `*` (or, when there is none, every `?`) by `min-max` in the
    // text before splitting it; no comma is added, so doing it per list item is the same.
    let wildcard = if value.contains('*') { '*' } else { '?' };
    if value.split(',').any(str::is_empty) {
        return Err("Invalid list value format".to_string());
    }
    let mut field = FieldValues::default();
    for item in value.split(',') {
        parse_item(kind, item, wildcard, &mut field)?;
    }
    field.last_entries.sort();
    Ok(field)
}

/// `value.replace(/[a-z]{3}/gi, …)`: every run of three ASCII letters must be a name.
fn replace_aliases(kind: FieldKind, text: &str) -> Result<Cow<'_, str>, String> {
    let names_allowed = matches!(kind, FieldKind::Month | FieldKind::DayOfWeek);
    if !names_allowed || !text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Ok(Cow::Borrowed(text));
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars.get(i..i + 3);
        if let Some(run) = run.filter(|r| r.iter().all(char::is_ascii_alphabetic)) {
            let name: String = run.iter().map(char::to_ascii_lowercase).collect();
            match kind.alias(&name) {
                Some(n) => out.push_str(&n.to_string()),
                None => return Err(format!("Validation error, cannot resolve alias \"{name}\"")),
            }
            i += 3;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    Ok(Cow::Owned(out))
}

/// One list item, after the wildcard's textual replacement.
fn parse_item(
    kind: FieldKind,
    item: &str,
    wildcard: char,
    field: &mut FieldValues,
) -> Result<(), String> {
    // The everyday shapes `*` and `*/n` are the full range; skip building their text.
    if item.len() == 1 && item.starts_with(wildcard) {
        return push_range(kind, kind.min(), kind.max(), 1.0, field);
    }
    if let Some(step) = item
        .strip_prefix(wildcard)
        .and_then(|r| r.strip_prefix('/'))
        && !step.contains(['/', wildcard])
    {
        let step = js_number(step);
        return push_range(kind, kind.min(), kind.max(), step, field);
    }
    let replaced = if item.contains(wildcard) {
        Cow::Owned(item.replace(wildcard, &format!("{}-{}", kind.min(), kind.max())))
    } else {
        Cow::Borrowed(item)
    };
    parse_repeat(kind, &replaced, field)
}

fn parse_repeat(kind: FieldKind, value: &str, field: &mut FieldValues) -> Result<(), String> {
    let mut atoms = value.split('/');
    let first = atoms.next().unwrap_or_default();
    let step = atoms.next();
    if atoms.next().is_some() {
        return Err(format!("Invalid repeat: {value}"));
    }
    match step {
        None => parse_range(kind, first, 1.0, field),
        // `atoms[0] == +atoms[0]`: a plain number N means the range N-max.
        Some(step) if !js_number(first).is_nan() => {
            let range = format!("{first}-{}", kind.max());
            parse_range(kind, &range, js_number(step), field)
        }
        Some(step) => parse_range(kind, first, js_number(step), field),
    }
}

fn parse_range(
    kind: FieldKind,
    value: &str,
    step: f64,
    field: &mut FieldValues,
) -> Result<(), String> {
    let mut atoms = value.split('-');
    let low = atoms.next().unwrap_or_default();
    let Some(high) = atoms.next() else {
        let n = js_number(value);
        let scalar = if n.is_nan() {
            JsValue::Text(value)
        } else {
            JsValue::Number(n)
        };
        return push_scalar(kind, scalar, field);
    };
    if low.is_empty() {
        if high.is_empty() {
            return Err(format!("Invalid range: {value}"));
        }
        return push_scalar(kind, JsValue::Number(js_number(value)), field);
    }
    let min = js_number(low);
    let max = js_number(high);
    if min.is_nan() || max.is_nan() || min < kind.min() || max > kind.max() {
        return Err(format!(
            "Constraint error, got range {}-{} expected range {}-{}",
            format_js_number(min),
            format_js_number(max),
            kind.min(),
            kind.max()
        ));
    }
    if min > max {
        return Err(format!("Invalid range: {value}"));
    }
    push_range(kind, min, max, step, field)
}

/// The range loop of `parseRange`, counter and all: a value already in the list (only the
/// Sunday that a range ending in 7 adds first) does not reset the step counter.
fn push_range(
    kind: FieldKind,
    min: f64,
    max: f64,
    step: f64,
    field: &mut FieldValues,
) -> Result<(), String> {
    if step.is_nan() || step <= 0.0 {
        return Err(format!(
            "Constraint error, cannot repeat at every {} time.",
            format_js_number(step)
        ));
    }
    let mut seen: u64 = 0;
    if kind == FieldKind::DayOfWeek && (max == 0.0 || max == 7.0) {
        seen |= 1;
        field.push_number(0);
    }
    // `min` and `max` are checked integers within the field's bounds (at most 59). The step
    // is a whole number; past 2^53 JavaScript's counter arithmetic is inexact, so mirror it in
    // f64 there and use integers otherwise.
    let (low, high) = (min as u32, max as u32);
    if step < 9_007_199_254_740_992.0 {
        let step = step as u64;
        let mut counter = step;
        for index in low..=high {
            let exists = seen & (1u64 << index) != 0;
            if !exists && counter.is_multiple_of(step) {
                counter = 1;
                seen |= 1u64 << index;
                field.push_number(index);
            } else {
                counter += 1;
            }
        }
        return Ok(());
    }
    let mut counter = step;
    for index in low..=high {
        let exists = seen & (1u64 << index) != 0;
        if !exists && counter % step == 0.0 {
            counter = 1.0;
            seen |= 1u64 << index;
            field.push_number(index);
        } else {
            counter += 1.0;
        }
    }
    Ok(())
}

/// `handleResult` for a scalar: an `L` string is kept, anything else must be a number in range.
fn push_scalar(kind: FieldKind, value: JsValue<'_>, field: &mut FieldValues) -> Result<(), String> {
    let number = match value {
        JsValue::Text(text) if kind.allows_l() && text.contains('L') => {
            field.last_entries.push(text.to_string());
            field.count += 1;
            return Ok(());
        }
        JsValue::Text(text) => js_number(text),
        JsValue::Number(n) => n,
    };
    if number.is_nan() || number < kind.min() || number > kind.max() {
        let shown = match value {
            JsValue::Text(text) => text.to_string(),
            JsValue::Number(n) => format_js_number(n),
        };
        return Err(format!(
            "Constraint error, got value {shown} expected range {}-{}",
            kind.min(),
            kind.max()
        ));
    }
    // In range and integral (only digits and a sign reach here), so the cast is exact.
    let mut n = number as u32;
    if kind == FieldKind::DayOfWeek {
        n %= 7;
    }
    field.push_number(n);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(kind: FieldKind, text: &str) -> Vec<u32> {
        let f = parse_field(kind, text).expect("valid field");
        (0..64).filter(|v| f.contains(*v)).collect()
    }

    #[test]
    fn step_from_a_single_value_runs_to_the_field_maximum() {
        assert_eq!(values(FieldKind::Minute, "5/15"), vec![5, 20, 35, 50]);
    }

    #[test]
    fn day_of_week_range_ending_in_seven_adds_sunday_whatever_the_step() {
        assert_eq!(values(FieldKind::DayOfWeek, "2-7/2"), vec![0, 2, 4, 6]);
        assert_eq!(values(FieldKind::DayOfWeek, "2/2"), vec![0, 2, 4, 6]);
        assert_eq!(values(FieldKind::DayOfWeek, "5-7"), vec![0, 5, 6, 7]);
    }

    #[test]
    fn wildcard_day_of_week_lists_eight_entries() {
        assert_eq!(
            parse_field(FieldKind::DayOfWeek, "*").map(|f| f.count),
            Ok(8)
        );
        assert_eq!(
            parse_field(FieldKind::DayOfWeek, "1-7").map(|f| f.count),
            Ok(8)
        );
        assert_eq!(
            parse_field(FieldKind::DayOfWeek, "0-6").map(|f| f.count),
            Ok(7)
        );
    }

    #[test]
    fn duplicates_count_towards_the_list_length() {
        assert_eq!(
            parse_field(FieldKind::Hour, "0-23,5").map(|f| f.count),
            Ok(25)
        );
    }

    #[test]
    fn scalar_seven_is_sunday() {
        assert_eq!(values(FieldKind::DayOfWeek, "7"), vec![0]);
    }

    #[test]
    fn messages_match_cron_parser() {
        let err = |k, t| parse_field(k, t).err().unwrap_or_default();
        assert_eq!(
            err(FieldKind::Minute, "60"),
            "Constraint error, got value 60 expected range 0-59"
        );
        assert_eq!(err(FieldKind::Minute, "10-1"), "Invalid range: 10-1");
        assert_eq!(err(FieldKind::Minute, "1-"), "Invalid range: 1-");
        assert_eq!(err(FieldKind::Minute, "1,,2"), "Invalid list value format");
        assert_eq!(
            err(FieldKind::Minute, "*/0"),
            "Constraint error, cannot repeat at every 0 time."
        );
        assert_eq!(
            err(FieldKind::Minute, "0-60"),
            "Constraint error, got range 0-60 expected range 0-59"
        );
        assert_eq!(
            err(FieldKind::DayOfMonth, "15W"),
            "Invalid characters, got value: 15W"
        );
        assert_eq!(
            err(FieldKind::Month, "JANUARY"),
            "Validation error, cannot resolve alias \"uar\""
        );
        assert_eq!(err(FieldKind::DayOfWeek, "MON-SUN"), "Invalid range: 1-0");
        assert_eq!(
            err(FieldKind::Minute, "/5"),
            "Constraint error, got value -59 expected range 0-59"
        );
    }
}
