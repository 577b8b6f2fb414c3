//! What to do about a refused cron expression, said under the scheduler's own error (which stays
//! as it is): the stray space and the fixed expression, a macro's five-field equal, the dates
//! that do not exist. The same hint in `recoup-tasks cron` (text and JSON) and the form's
//! preview.

use trigger_cron::ScheduleError;

/// A hint, and where in the expression it points (start and width in characters) when it
/// points at something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleHint {
    pub text: String,
    pub caret: Option<(usize, usize)>,
}

/// The hint for `expression` refused with `error`; `None` when there is nothing to add to the
/// scheduler's message.
pub fn schedule_hint(expression: &str, error: &ScheduleError) -> Option<ScheduleHint> {
    if let Some(hint) = macro_hint(expression) {
        return Some(hint);
    }
    if let Some(hint) = spacing_hint(expression) {
        return Some(hint);
    }
    if error.message == "Invalid expression, loop limit exceeded" {
        return Some(never_fires_hint(expression));
    }
    None
}

/// `@daily` and friends: the scheduler takes five fields only.
fn macro_hint(expression: &str) -> Option<ScheduleHint> {
    let word = expression.trim();
    if !word.starts_with('@') {
        return None;
    }
    let equal = match word.to_ascii_lowercase().as_str() {
        "@yearly" | "@annually" => "0 0 1 1 *",
        "@monthly" => "0 0 1 * *",
        "@weekly" => "0 0 * * 0",
        "@daily" | "@midnight" => "0 0 * * *",
        "@hourly" => "0 * * * *",
        "@reboot" => {
            return Some(ScheduleHint {
                text: "@reboot has no five-field equal: a task runs on a schedule".into(),
                caret: None,
            });
        }
        _ => {
            return Some(ScheduleHint {
                text: "macros are not accepted: write the five fields, e.g. 0 9 * * 1".into(),
                caret: None,
            });
        }
    };
    Some(ScheduleHint {
        text: format!("macros are not accepted: {word} is `{equal}`"),
        caret: None,
    })
}

/// A leading, trailing or doubled space (or a tab): the scheduler splits on single spaces, so
/// these read as an extra field.
fn spacing_hint(expression: &str) -> Option<ScheduleHint> {
    let fields: Vec<&str> = expression.split_whitespace().collect();
    let fixed = fields.join(" ");
    if fixed == expression || fields.len() != 5 {
        return None;
    }
    let chars: Vec<char> = expression.chars().collect();
    // The first space that is not a single separator between two fields.
    let at = chars.iter().enumerate().position(|(i, c)| {
        c.is_whitespace()
            && (*c != ' '
                || i == 0
                || i + 1 == chars.len()
                || chars.get(i + 1).is_some_and(|n| n.is_whitespace()))
    })?;
    let width = chars[at..]
        .iter()
        .take_while(|c| c.is_whitespace())
        .count()
        .max(1);
    let what = match chars[at] {
        '\t' => "a tab",
        _ if at == 0 => "a leading space",
        _ if at + width == chars.len() => "a trailing space",
        _ => "two spaces",
    };
    Some(ScheduleHint {
        text: format!(
            "{what}: the scheduler splits on single spaces and sees another field; use `{fixed}`"
        ),
        caret: Some((at, width)),
    })
}

/// `February` for 2.
fn month_name(month: u32) -> String {
    u8::try_from(month)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or_else(|| month.to_string(), |m| m.name().to_string())
}

/// The longest each month gets (February in a leap year).
const LONGEST: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// A schedule the scheduler's search never reaches a fire of: say which dates do not exist when
/// that is the reason.
fn never_fires_hint(expression: &str) -> ScheduleHint {
    let impossible = impossible_dates(expression);
    let text = match impossible {
        Some((days, months)) => format!(
            "no day {} in {}: this never fires",
            or_list(&days.iter().map(u32::to_string).collect::<Vec<_>>()),
            or_list(&months.iter().map(|m| month_name(*m)).collect::<Vec<_>>())
        ),
        None => "the scheduler finds no fire time for these fields: this never fires".into(),
    };
    ScheduleHint { text, caret: None }
}

/// The day-of-month and month values of a plain numeric expression (day of week `*`) when no
/// day exists in any of the months.
fn impossible_dates(expression: &str) -> Option<(Vec<u32>, Vec<u32>)> {
    let fields: Vec<&str> = expression.split(' ').collect();
    let [_, _, days, months, "*"] = fields.as_slice() else {
        return None;
    };
    let days = numbers(days, 1, 31)?;
    let months = numbers(months, 1, 12)?;
    let exists = months
        .iter()
        .any(|m| days.iter().any(|d| *d <= LONGEST[*m as usize - 1]));
    (!exists).then_some((days, months))
}

/// Comma-separated numbers and ranges within min..=max; `None` for anything else.
fn numbers(field: &str, min: u32, max: u32) -> Option<Vec<u32>> {
    let mut values = Vec::new();
    for part in field.split(',') {
        let (from, to) = match part.split_once('-') {
            Some((a, b)) => (a.parse().ok()?, b.parse().ok()?),
            None => {
                let n: u32 = part.parse().ok()?;
                (n, n)
            }
        };
        if from < min || to > max || from > to {
            return None;
        }
        values.extend(from..=to);
    }
    values.sort_unstable();
    values.dedup();
    Some(values)
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(expression: &str) -> Option<ScheduleHint> {
        let error = match trigger_cron::parse(expression).and_then(|s| {
            s.next_after(chrono_tz::UTC, chrono::DateTime::UNIX_EPOCH)
                .map(|_| ())
        }) {
            Err(e) => e,
            Ok(()) => return None,
        };
        schedule_hint(expression, &error)
    }

    #[test]
    fn a_stray_space_is_pointed_at_and_the_expression_fixed() {
        assert_eq!(
            hint("0  9 * * *"),
            Some(ScheduleHint {
                text: "two spaces: the scheduler splits on single spaces and sees another field; use `0 9 * * *`".into(),
                caret: Some((1, 2)),
            })
        );
        assert_eq!(
            hint(" 0 9 * * *").map(|h| (h.text, h.caret)),
            Some((
                "a leading space: the scheduler splits on single spaces and sees another field; use `0 9 * * *`".into(),
                Some((0, 1))
            ))
        );
        assert_eq!(hint("0 9 * * * ").and_then(|h| h.caret), Some((9, 1)));
        assert!(hint("0\t9 * * *").is_some_and(|h| h.text.starts_with("a tab:")));
    }

    #[test]
    fn a_macro_gets_its_five_field_equal() {
        assert_eq!(
            hint("@daily").map(|h| h.text),
            Some("macros are not accepted: @daily is `0 0 * * *`".into())
        );
        assert_eq!(
            hint("@weekly").map(|h| h.text),
            Some("macros are not accepted: @weekly is `0 0 * * 0`".into())
        );
        assert!(hint("@reboot").is_some_and(|h| h.text.starts_with("@reboot has no")));
    }

    #[test]
    fn dates_that_do_not_exist_are_named() {
        assert_eq!(
            hint("0 0 31 2,4 *").map(|h| h.text),
            Some("no day 31 in February or April: this never fires".into())
        );
        assert_eq!(
            hint("0 0 31 2,4,6 *").map(|h| h.text),
            Some("no day 31 in February, April or June: this never fires".into())
        );
    }

    #[test]
    fn an_ordinary_error_gets_no_hint() {
        assert_eq!(hint("0 25 * * *"), None);
        assert_eq!(hint("0 9 * * 4"), None);
    }
}
