//! cronstrue's `CronParser`: splits an expression into seven parts (seconds, minutes, hours,
//! day of month, month, day of week, year), rewrites them into the canonical forms the
//! sentence builder expects, and rejects what cronstrue rejects, with its messages.
//!
//! The rewriting is textual and has quirks the sentences depend on (a lone hour becomes
//! `h-h` when the minute field has `*` or `/`; `a/n` in month or day of week becomes
//! `a-12/n` / `a-6/n`; a `7` in day of week becomes `0` only in some positions), so each step
//! follows the original closely and in the original order.

use crate::js;

/// Indexes into the seven parts.
pub(super) const SECONDS: usize = 0;
pub(super) const MINUTES: usize = 1;
pub(super) const HOURS: usize = 2;
pub(super) const DAY_OF_MONTH: usize = 3;
pub(super) const MONTH: usize = 4;
pub(super) const DAY_OF_WEEK: usize = 5;
pub(super) const YEAR: usize = 6;

/// The seven normalised parts; an absent seconds or year part is empty.
pub(super) type Parts = [String; 7];

/// Splits, normalises and validates `expression`, or gives cronstrue's error message.
pub(super) fn parse(expression: &str) -> Result<Parts, String> {
    let mut parts = extract_parts(expression)?;
    normalize(&mut parts)?;
    validate(&parts)?;
    Ok(parts)
}

fn extract_parts(expression: &str) -> Result<Parts, String> {
    if expression.is_empty() {
        return Err("Expression is empty".to_string());
    }
    // `trim().split(/[ ]+/)`: only spaces separate parts (a tab stays inside one), and the
    // trimmed string has no leading or trailing space, so no part is empty unless all is.
    let trimmed = js::trim(expression);
    let mut split: Vec<&str> = trimmed.split(' ').filter(|p| !p.is_empty()).collect();
    if split.is_empty() {
        split.push("");
    }
    let count = split.len();
    if count < 5 {
        let plural = if count == 1 { "" } else { "s" };
        return Err(format!(
            "Expression has only {count} part{plural}. At least 5 parts are required."
        ));
    }
    if count > 7 {
        return Err(format!("Expression has {count} parts; too many!"));
    }
    let mut parts: Parts = Default::default();
    let first = match count {
        5 => 1,
        // Six parts are minutes..year when the last ends in four digits or a day field is
        // `?`; otherwise seconds..day of week.
        6 if ends_with_four_digits(split[5]) || split[4] == "?" || split[2] == "?" => 1,
        _ => 0,
    };
    for (slot, part) in parts[first..].iter_mut().zip(&split) {
        *slot = (*part).to_string();
    }
    Ok(parts)
}

fn ends_with_four_digits(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() >= 4 && bytes[bytes.len() - 4..].iter().all(u8::is_ascii_digit)
}

const DAY_NAMES: [(&str, &str); 7] = [
    ("SUN", "0"),
    ("MON", "1"),
    ("TUE", "2"),
    ("WED", "3"),
    ("THU", "4"),
    ("FRI", "5"),
    ("SAT", "6"),
];

const MONTH_NAMES: [(&str, &str); 12] = [
    ("JAN", "1"),
    ("FEB", "2"),
    ("MAR", "3"),
    ("APR", "4"),
    ("MAY", "5"),
    ("JUN", "6"),
    ("JUL", "7"),
    ("AUG", "8"),
    ("SEP", "9"),
    ("OCT", "10"),
    ("NOV", "11"),
    ("DEC", "12"),
];

fn normalize(parts: &mut Parts) -> Result<(), String> {
    // Only the first `?` of each day field (and of hours) becomes `*`.
    for i in [DAY_OF_MONTH, DAY_OF_WEEK, HOURS] {
        parts[i] = parts[i].replacen('?', "*", 1);
    }
    for i in [SECONDS, MINUTES, HOURS] {
        if parts[i].starts_with("0/") {
            parts[i].replace_range(..2, "*/");
        }
    }
    for i in [DAY_OF_MONTH, MONTH, YEAR] {
        if parts[i].starts_with("1/") {
            parts[i].replace_range(..2, "*/");
        }
    }
    parts[DAY_OF_WEEK] = day_of_week_sevens_to_zero(&parts[DAY_OF_WEEK]);
    if parts[DAY_OF_WEEK] == "L" {
        parts[DAY_OF_WEEK] = "6".to_string();
    }
    let day_of_month = &parts[DAY_OF_MONTH];
    if day_of_month.contains('W') && (day_of_month.contains(',') || day_of_month.contains('-')) {
        return Err("The 'W' character can be specified only when the day-of-month is a single day, not a range or list of days.".to_string());
    }
    // Names become numbers after the 7 → 0 rewrite, so e.g. `MON-SUN` reads `1-0`.
    for (name, number) in DAY_NAMES {
        parts[DAY_OF_WEEK] = replace_ignore_ascii_case(&parts[DAY_OF_WEEK], name, number);
    }
    // (cronstrue also rewrites month digits here, but only when months count from zero.)
    for (name, number) in MONTH_NAMES {
        parts[MONTH] = replace_ignore_ascii_case(&parts[MONTH], name, number);
    }
    if parts[SECONDS] == "0" {
        parts[SECONDS].clear();
    }
    // A single hour under a repeating minute or second reads as the range `h-h`, which
    // later gives "between 09:00 AM and 09:59 AM".
    if !contains_any(&parts[HOURS], "*-,/")
        && (contains_any(&parts[MINUTES], "*/") || contains_any(&parts[SECONDS], "*/"))
    {
        let hour = parts[HOURS].clone();
        parts[HOURS] = format!("{hour}-{hour}");
    }
    for (i, part) in parts.iter_mut().enumerate() {
        if part.contains(',') {
            let kept: Vec<&str> = part.split(',').filter(|s| !s.is_empty()).collect();
            *part = if kept.is_empty() {
                "*".to_string()
            } else {
                kept.join(",")
            };
        }
        if part == "*/1" {
            *part = "*".to_string();
        }
        // `a/n` in month, day of week or year becomes the range `a-<last>/n`.
        if part.contains('/')
            && !part.starts_with('*')
            && !part.contains('-')
            && !part.contains(',')
        {
            let last = match i {
                MONTH => "12",
                DAY_OF_WEEK => "6",
                YEAR => "9999",
                _ => continue,
            };
            let mut pieces = part.split('/');
            let start = pieces.next().unwrap_or("");
            let step = pieces.next().unwrap_or("");
            *part = format!("{start}-{last}/{step}");
        }
    }
    Ok(())
}

/// cronstrue's `replace(/(^\d)|([^#/\s]\d)/g, …)` on the day of week, which turns a `7`
/// into `0` only where the regex sees it alone: at the very start, or right after a
/// character that is neither a digit nor `#`, `/` or white space (and not already consumed
/// by the previous match). So `0-7` → `0-0` and `2-7/2` → `2-0/2`, but `17` and `5#7` stay.
fn day_of_week_sevens_to_zero(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if i == 0 && c.is_ascii_digit() {
            out.push(if c == '7' { '0' } else { c });
            i += 1;
        } else if i + 1 < chars.len()
            && chars[i + 1].is_ascii_digit()
            && c != '#'
            && c != '/'
            && !js::is_js_whitespace(c)
        {
            out.push(c);
            let digit = chars[i + 1];
            // Two digits together are left alone; a lone 7 becomes 0.
            out.push(if !c.is_ascii_digit() && digit == '7' {
                '0'
            } else {
                digit
            });
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `s.replace(new RegExp(name, "gi"), with)` for an upper-case ASCII `name`. A non-ASCII
/// character never matches an ASCII letter in a non-Unicode JavaScript regex.
fn replace_ignore_ascii_case(s: &str, name: &str, with: &str) -> String {
    let (bytes, pattern) = (s.as_bytes(), name.as_bytes());
    let mut out = String::with_capacity(s.len());
    let mut copied_to = 0;
    let mut i = 0;
    while i + pattern.len() <= bytes.len() {
        if bytes[i..i + pattern.len()].eq_ignore_ascii_case(pattern) {
            // The match is ASCII, so both ends are char boundaries.
            out.push_str(&s[copied_to..i]);
            out.push_str(with);
            i += pattern.len();
            copied_to = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[copied_to..]);
    out
}

pub(super) fn contains_any(s: &str, chars: &str) -> bool {
    s.contains(|c| chars.contains(c))
}

fn validate(parts: &Parts) -> Result<(), String> {
    assert_no_invalid_characters("DOW", &parts[DAY_OF_WEEK])?;
    assert_no_invalid_characters("DOM", &parts[DAY_OF_MONTH])?;
    let ranges = [
        (SECONDS, 0.0, 59.0, "seconds part must be >= 0 and <= 59"),
        (MINUTES, 0.0, 59.0, "minutes part must be >= 0 and <= 59"),
        (HOURS, 0.0, 23.0, "hours part must be >= 0 and <= 23"),
        (DAY_OF_MONTH, 1.0, 31.0, "DOM part must be >= 1 and <= 31"),
        (MONTH, 1.0, 12.0, "month part must be >= 1 and <= 12"),
        (DAY_OF_WEEK, 0.0, 6.0, "DOW part must be >= 0 and <= 6"),
    ];
    for (index, low, high, message) in ranges {
        // Only the leading number of each list item is checked, so `5-70` passes.
        for item in parts[index].split(',') {
            let value = js::parse_int_decimal(item);
            if !value.is_nan() && !(low..=high).contains(&value) {
                return Err(message.to_string());
            }
        }
    }
    Ok(())
}

/// Letters other than L and W (either case) are rejected in the day fields; the message
/// lists each run of them, comma-separated.
fn assert_no_invalid_characters(part_name: &str, part: &str) -> Result<(), String> {
    let is_invalid = |c: char| c.is_ascii_alphabetic() && !matches!(c, 'L' | 'l' | 'W' | 'w');
    let runs: Vec<&str> = part
        .split(|c: char| !is_invalid(c))
        .filter(|run| !run.is_empty())
        .collect();
    if runs.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{part_name} part contains invalid values: '{}'",
            runs.join(",")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_of_week_seven_becomes_zero_only_where_the_regex_sees_it_alone() {
        assert_eq!(day_of_week_sevens_to_zero("7"), "0");
        assert_eq!(day_of_week_sevens_to_zero("0-7"), "0-0");
        assert_eq!(day_of_week_sevens_to_zero("2-7/2"), "2-0/2");
        assert_eq!(day_of_week_sevens_to_zero("7L"), "0L");
        assert_eq!(day_of_week_sevens_to_zero("17"), "17");
        assert_eq!(day_of_week_sevens_to_zero("5#7"), "5#7");
        assert_eq!(day_of_week_sevens_to_zero("*/7"), "*/7");
        assert_eq!(day_of_week_sevens_to_zero("a77"), "a07");
    }

    #[test]
    fn five_parts_get_empty_seconds_and_year() {
        let parts = parse("0 9 * * 1").unwrap_or_default();
        assert_eq!(parts, ["", "0", "9", "*", "*", "1", ""].map(String::from));
    }

    #[test]
    fn a_single_hour_under_a_repeating_minute_becomes_a_range() {
        let parts = parse("*/5 9 * * *").unwrap_or_default();
        assert_eq!(parts[HOURS], "9-9");
    }
}
