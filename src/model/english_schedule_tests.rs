//! The English grammar against the engine: a translation is right when it fires as the
//! expected expression does (not when it is spelled the same).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::*;

/// The next 50 fires from two fixed instants, in UTC.
fn fires(expression: &str) -> Vec<DateTime<Utc>> {
    let schedule = trigger_cron::parse(expression)
        .unwrap_or_else(|e| panic!("{expression:?} does not parse: {e}"));
    let mut out = Vec::new();
    for start in ["2026-01-01T00:00:00Z", "2027-06-15T10:37:00Z"] {
        let start: DateTime<Utc> = start.parse().unwrap_or_else(|e| panic!("{e}"));
        out.extend(
            schedule
                .upcoming(Tz::UTC, start, 50)
                .unwrap_or_else(|e| panic!("{expression:?} has no fires: {e}")),
        );
    }
    out
}

fn translated(phrase: &str) -> String {
    translate(phrase)
        .unwrap_or_else(|e| panic!("{phrase:?} is not translated: {e}"))
        .expression
}

fn assert_fires_as(phrase: &str, expected: &str) {
    let got = translated(phrase);
    assert_eq!(
        fires(&got),
        fires(expected),
        "{phrase:?} gave {got:?}, which does not fire as {expected:?}"
    );
}

#[test]
fn the_examples_the_issue_names_translate() {
    let examples = [
        ("every 15 minutes", "*/15 * * * *"),
        ("hourly", "0 * * * *"),
        ("every 2 hours", "0 */2 * * *"),
        ("daily at midnight", "0 0 * * *"),
        ("every day at 9:30am", "30 9 * * *"),
        ("weekdays at 9am", "0 9 * * 1-5"),
        ("every monday at 17:30", "30 17 * * 1"),
        ("mondays and thursdays at 9:15", "15 9 * * 1,4"),
        ("weekends at 6pm", "0 18 * * 0,6"),
        ("on the 1st of every month at 8am", "0 8 1 * *"),
        ("every sunday at noon", "0 12 * * 0"),
    ];
    for (phrase, expected) in examples {
        // These are also spelled exactly so: the CLI and the form show the expression.
        assert_eq!(translated(phrase), expected, "{phrase:?}");
    }
}

/// Phrase → an expression that fires the same.
const TABLE: &[(&str, &str)] = &[
    ("every 15 minutes", "*/15 * * * *"),
    ("hourly", "0 * * * *"),
    ("every 2 hours", "0 */2 * * *"),
    ("daily at midnight", "0 0 * * *"),
    ("every day at 9:30am", "30 9 * * *"),
    ("weekdays at 9am", "0 9 * * MON-FRI"),
    ("every monday at 17:30", "30 17 * * 1"),
    ("mondays and thursdays at 9:15", "15 9 * * 1,4"),
    ("weekends at 6pm", "0 18 * * 6,7"),
    ("on the 1st of every month at 8am", "0 8 1 * *"),
    ("every sunday at noon", "0 12 * * 7"),
    // Intervals.
    ("every minute", "* * * * *"),
    ("every 1 minute", "*/1 * * * *"),
    ("every 5 minutes", "0-59/5 * * * *"),
    ("every 30 mins", "0,30 * * * *"),
    ("every half hour", "*/30 * * * *"),
    ("every 60 minutes", "0 * * * *"),
    ("every 120 minutes", "0 0-23/2 * * *"),
    ("every hour", "0 * * * *"),
    ("every 1 hour", "0 */1 * * *"),
    ("every 3 hours", "0 0,3,6,9,12,15,18,21 * * *"),
    ("every 6 hrs", "0 */6 * * *"),
    ("every 12 hours", "0 0,12 * * *"),
    ("every 24 hours", "0 0 * * *"),
    ("every 7 minutes", "*/7 * * * *"),
    ("every 5 hours", "0 */5 * * *"),
    // Cadence words: the macros' defaults.
    ("daily", "0 0 * * *"),
    ("every day", "0 0 * * *"),
    ("weekly", "0 0 * * 0"),
    ("every week", "0 0 * * SUN"),
    ("monthly", "0 0 1 * *"),
    ("every month", "0 0 1 * *"),
    ("yearly", "0 0 1 1 *"),
    ("annually", "0 0 1 JAN *"),
    ("every year", "0 0 1 1 *"),
    // Times.
    ("daily at 7", "0 7 * * *"),
    ("daily at 9am", "0 9 * * *"),
    ("daily at 9 am", "0 9 * * *"),
    ("daily at 9:30", "30 9 * * *"),
    ("daily at 9.30pm", "30 21 * * *"),
    ("daily at 17:45", "45 17 * * *"),
    ("daily at noon", "0 12 * * *"),
    ("at midnight", "0 0 * * *"),
    ("at 12am", "0 0 * * *"),
    ("at 12pm", "0 12 * * *"),
    ("at 12:30 am", "30 0 * * *"),
    ("at 0:15", "15 0 * * *"),
    ("at 23:59", "59 23 * * *"),
    ("at 7 o'clock", "0 7 * * *"),
    ("daily at 7:05", "5 7 * * *"),
    ("every day at 08:00", "0 8 * * *"),
    ("at 9 a.m. on mondays", "0 9 * * 1"),
    // Weekdays by name, lists and ranges.
    ("every monday", "0 0 * * 1"),
    ("mondays", "0 0 * * MON"),
    ("on tuesdays at 10", "0 10 * * 2"),
    ("every wed at 8pm", "0 20 * * 3"),
    ("thursday at 14:00", "0 14 * * 4"),
    ("fridays at 5pm", "0 17 * * 5"),
    ("every saturday at 11am", "0 11 * * 6"),
    ("sundays at 9", "0 9 * * 0"),
    ("every thursday at 9", "0 9 * * 4"),
    ("mon, wed, fri at 8:00", "0 8 * * 1,3,5"),
    ("monday, wednesday and friday at 7am", "0 7 * * 1,3,5"),
    ("every monday & friday at 11:45", "45 11 * * 1,5"),
    ("every tues and thurs at 2pm", "0 14 * * 2,4"),
    ("monday to friday at 9am", "0 9 * * 1-5"),
    ("mon-fri at 9am", "0 9 * * 1-5"),
    ("monday through friday at 9", "0 9 * * 1-5"),
    ("tue-thu at 18:30", "30 18 * * 2-4"),
    ("friday to monday at 10am", "0 10 * * 5,6,0,1"),
    ("at 6:00 pm on sat and sun", "0 18 * * 0,6"),
    ("weekdays", "0 0 * * 1-5"),
    ("every weekday at 8:30am", "30 8 * * 1-5"),
    ("weekends", "0 0 * * 0,6"),
    ("every weekend at 10am", "0 10 * * 0,6"),
    ("noon on weekdays", "0 12 * * 1-5"),
    ("midnight on sundays", "0 0 * * 0"),
    ("weekly on friday at 4pm", "0 16 * * 5"),
    // Time and day in either order.
    ("at 9am every monday", "0 9 * * 1"),
    ("at 9am on weekdays", "0 9 * * 1-5"),
    ("at noon on the 15th", "0 12 15 * *"),
    // Days of the month.
    ("on the 1st", "0 0 1 * *"),
    ("on the 15th", "0 0 15 * *"),
    ("on the last day", "0 0 L * *"),
    ("on the last day of the month at 6pm", "0 18 L * *"),
    ("monthly on the 15th at 9am", "0 9 15 * *"),
    ("on the 1st and 15th at 9am", "0 9 1,15 * *"),
    ("every month on the 10th", "0 0 10 * *"),
    ("on the first of the month", "0 0 1 * *"),
    // Months.
    ("every january on the 1st", "0 0 1 1 *"),
    ("on 1 july", "0 0 1 7 *"),
    ("on july 4th at noon", "0 12 4 7 *"),
    ("every day in january", "0 0 * 1 *"),
    ("in january", "0 0 * 1 *"),
    ("on the 1st of january and july at 8am", "0 8 1 1,7 *"),
    ("yearly on 25 december at 7am", "0 7 25 12 *"),
    ("every march on the 15th at 9:30", "30 9 15 3 *"),
    ("mondays in june at 9am", "0 9 * 6 1"),
    ("on the 1st, january to march", "0 0 1 1-3 *"),
    // Intervals on some days only.
    ("every 15 minutes on weekdays", "*/15 * * * 1-5"),
    ("every 2 hours on weekends", "0 */2 * * 0,6"),
    ("hourly on mondays", "0 * * * 1"),
    // Several hours with one minute.
    ("at 9am and 5pm", "0 9,17 * * *"),
    ("weekdays at 9am and 5pm", "0 9,17 * * 1-5"),
    // Minutes past the hour.
    ("at 15 minutes past the hour", "15 * * * *"),
    ("hourly at :30", "30 * * * *"),
    ("every 2 hours at :15", "15 */2 * * *"),
    // The n-th weekday.
    ("the first monday of the month at 9am", "0 9 * * 1#1"),
    ("the last friday of the month at 5pm", "0 17 * * 5L"),
    ("on the 2nd tuesday at 10am", "0 10 * * 2#2"),
    // A day of the month and a weekday: cron fires on either.
    ("on the 1st and on mondays", "0 0 1 * 1"),
    // Case, blanks, commas, a full stop.
    ("  Weekdays   AT  9AM  ", "0 9 * * 1-5"),
    ("EVERY MONDAY, AT 17:30", "30 17 * * 1"),
    ("every sunday at noon.", "0 12 * * 0"),
    // The engine's own descriptions, read back.
    ("At 09:00 AM, Monday through Friday", "0 9 * * 1-5"),
    (
        "At 12:00 AM, on day 1 of the month, only in January",
        "0 0 1 1 *",
    ),
    ("At 0 minutes past the hour, every 2 hours", "0 */2 * * *"),
    ("Every 15 minutes", "*/15 * * * *"),
    ("At 05:30 PM, only on Monday", "30 17 * * 1"),
    ("At 09:15 AM, only on Monday and Thursday", "15 9 * * 1,4"),
    ("At 12:00 AM, on the last day of the month", "0 0 L * *"),
    ("At 09:00 AM and 05:00 PM", "0 9,17 * * *"),
    ("Every hour, Monday through Friday", "0 * * * 1-5"),
    ("At 12:00 AM, on day 1 and 15 of the month", "0 0 1,15 * *"),
    ("Every minute", "* * * * *"),
    (
        "At 12:00 PM, on the first Monday of the month",
        "0 12 * * 1#1",
    ),
    (
        "At 12:00 AM, on day 1 of the month, and on Monday",
        "0 0 1 * 1",
    ),
];

#[test]
fn a_table_of_phrases_fires_as_expected() {
    assert!(TABLE.len() >= 100, "{} phrases", TABLE.len());
    for (phrase, expected) in TABLE {
        assert_fires_as(phrase, expected);
    }
}

#[test]
fn a_word_not_understood_is_named_with_its_place() {
    assert_eq!(
        translate("fortnightly"),
        Err(EnglishError::NotUnderstood {
            word: "fortnightly".into(),
            position: 0
        })
    );
    assert_eq!(
        translate("fortnightly").map_err(|e| e.to_string()),
        Err("`fortnightly` was not understood; try e.g. `weekdays at 9am`, `every monday at 17:30`, `every 15 minutes`".into())
    );
    let error = translate("every monday at 9am sharp").unwrap_err();
    assert_eq!(
        error,
        EnglishError::NotUnderstood {
            word: "sharp".into(),
            position: 20
        }
    );
    assert_eq!(error.span(), Some((20, 5)));
    // `every 15` says nothing of what: the number is what is not understood.
    assert!(matches!(
        translate("every 15"),
        Err(EnglishError::NotUnderstood { word, .. }) if word == "15"
    ));
    // A bare number, not after `at`, is no time.
    assert!(matches!(
        translate("mondays 9"),
        Err(EnglishError::NotUnderstood { word, .. }) if word == "9"
    ));
}

#[test]
fn times_with_different_minutes_need_two_tasks() {
    let error = translate("9:30am and 5pm").unwrap_err();
    assert!(matches!(error, EnglishError::NeedsTwoTasks { .. }));
    assert_eq!(
        error.to_string(),
        "09:30 and 17:00 have different minutes: one cron fires at every listed minute of every listed hour (09:00, 09:30, 17:00 and 17:30); make two tasks, one for each time"
    );
    let error = translate("every 90 minutes").unwrap_err();
    assert!(matches!(error, EnglishError::NeedsTwoTasks { .. }));
    assert!(error.to_string().contains("two tasks"), "{error}");
}

#[test]
fn impossible_values_get_a_specific_message() {
    let message = |phrase: &str| translate(phrase).map_err(|e| e.to_string());
    assert_eq!(
        message("daily at 25:00"),
        Err("`25:00`: an hour is 0 to 23 (or 1 to 12 with am/pm)".into())
    );
    assert_eq!(
        message("at 13pm"),
        Err("`13pm`: with am/pm the hour is 1 to 12 (13:00 is 1pm)".into())
    );
    assert_eq!(
        message("at 13 pm"),
        Err("`13 pm`: with am/pm the hour is 1 to 12 (13:00 is 1pm)".into())
    );
    assert_eq!(
        message("at 9:75"),
        Err("`9:75`: minutes are 0 to 59".into())
    );
    assert_eq!(
        message("at 24:00"),
        Err(
            "`24:00`: the day ends at 23:59; for the turn of the day say `midnight` (00:00)".into()
        )
    );
    assert_eq!(
        message("every 0 minutes"),
        Err("every 0 minutes: the count is 1 or more".into())
    );
    assert_eq!(
        message("every 0 hours"),
        Err("every 0 hours: the count is 1 or more".into())
    );
    assert_eq!(
        message("on the 32nd"),
        Err("`32nd`: a day of the month is 1 to 31 (or `the last day`)".into())
    );
    assert!(message("every 2 weeks").is_err_and(|m| m.starts_with("every 2 weeks: cron counts")));
    assert!(message("every 36 hours").is_err_and(|m| m.starts_with("every 36 hours: cron counts")));
    assert!(message("every 15 minutes at 9am").is_err());
}

#[test]
fn a_step_that_does_not_divide_says_where_the_gap_is() {
    let seven = translate("every 7 minutes").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(seven.expression, "*/7 * * * *");
    assert_eq!(
        seven.note.as_deref(),
        Some(
            "*/7 starts again each hour: fires at :00, :07, … :56, then :00 — a 4-minute gap, not every 7 minutes"
        )
    );
    let five = translate("every 5 hours").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(five.expression, "0 */5 * * *");
    assert_eq!(
        five.note.as_deref(),
        Some(
            "*/5 starts again each day: fires at 00:00, 05:00, … 20:00, then 00:00 — a 4-hour gap, not every 5 hours"
        )
    );
    assert_eq!(translate("every 15 minutes").map(|t| t.note), Ok(None));
    assert_eq!(translate("every 6 hours").map(|t| t.note), Ok(None));
}

#[test]
fn only_text_that_reads_as_english_is_read_so() {
    // Macros keep the scheduler's error (and its hint).
    assert_eq!(try_english("@daily"), None);
    assert_eq!(try_english("@every 5m"), None);
    // A broken cron expression keeps the scheduler's error.
    assert_eq!(try_english("0 25 * * *"), None);
    assert_eq!(try_english("0 9 1 1"), None);
    assert_eq!(try_english("0  9 * * *"), None);
    // A phrase, or a phrase with a word not understood, is English.
    assert_eq!(
        try_english("weekdays at 9am").map(|r| r.map(|t| t.expression)),
        Some(Ok("0 9 * * 1-5".into()))
    );
    assert!(matches!(
        try_english("fortnightly"),
        Some(Err(EnglishError::NotUnderstood { .. }))
    ));
    assert!(matches!(
        try_english("9:30am and 5pm"),
        Some(Err(EnglishError::NeedsTwoTasks { .. }))
    ));
}

// ---------------------------------------------------------------------------------------------
// The round trip: schedules in the grammar's space, said in English, translated, described by
// the engine, and the description translated back.

#[derive(Debug, Clone)]
enum When {
    Minutes(u32),
    /// Every n hours at this minute.
    Hours(u32, u32),
    /// These hours at one minute.
    Times(BTreeSet<u32>, u32),
}

#[derive(Debug, Clone)]
enum Days {
    Any,
    Weekdays(BTreeSet<u8>),
    Dates(BTreeSet<u32>),
    Last,
    Nth(u8, u8),
    LastWeekday(u8),
}

#[derive(Debug, Clone)]
struct Spec {
    when: When,
    days: Days,
    months: BTreeSet<u8>,
    /// How to say it: each bit picks one of two wordings.
    style: u32,
}

fn when() -> impl Strategy<Value = When> {
    prop_oneof![
        (1u32..=59).prop_map(When::Minutes),
        (1u32..=23, 0u32..=59).prop_map(|(n, m)| When::Hours(n, m)),
        (prop::collection::btree_set(0u32..=23, 1..=3), 0u32..=59)
            .prop_map(|(hours, m)| When::Times(hours, m)),
    ]
}

fn days() -> impl Strategy<Value = Days> {
    prop_oneof![
        Just(Days::Any),
        prop::collection::btree_set(0u8..=6, 1..=6).prop_map(Days::Weekdays),
        // Up to the 28th: every month has it, so a month list never starves the search.
        prop::collection::btree_set(1u32..=28, 1..=3).prop_map(Days::Dates),
        Just(Days::Last),
        (0u8..=6, 1u8..=4).prop_map(|(d, n)| Days::Nth(d, n)),
        (0u8..=6).prop_map(Days::LastWeekday),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        when(),
        days(),
        prop::collection::btree_set(1u8..=12, 0..=2),
        any::<u32>(),
    )
        .prop_map(|(when, days, months, style)| Spec {
            when,
            days,
            months,
            style,
        })
}

const DAY_NAMES: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];
const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const NTH: [&str; 5] = ["", "first", "second", "third", "fourth"];

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl Spec {
    fn bit(&self, i: u32) -> bool {
        self.style >> i & 1 == 1
    }

    /// The expression the phrase means, written plainly (lists, no ranges).
    fn expected(&self) -> String {
        let join = |values: Vec<String>| {
            if values.is_empty() {
                "*".to_string()
            } else {
                values.join(",")
            }
        };
        let (minute, hour) = match &self.when {
            When::Minutes(n) => (format!("*/{n}"), "*".to_string()),
            When::Hours(n, m) => (m.to_string(), format!("*/{n}")),
            When::Times(hours, m) => (
                m.to_string(),
                join(hours.iter().map(u32::to_string).collect()),
            ),
        };
        let (dom, dow) = match &self.days {
            Days::Any => ("*".to_string(), "*".to_string()),
            Days::Weekdays(days) => ("*".into(), join(days.iter().map(u8::to_string).collect())),
            Days::Dates(dates) => (join(dates.iter().map(u32::to_string).collect()), "*".into()),
            Days::Last => ("L".into(), "*".into()),
            Days::Nth(d, n) => ("*".into(), format!("{d}#{n}")),
            Days::LastWeekday(d) => ("*".into(), format!("{d}L")),
        };
        let month = join(self.months.iter().map(u8::to_string).collect());
        format!("{minute} {hour} {dom} {month} {dow}")
    }

    fn time(&self, hour: u32, minute: u32) -> String {
        let twelve = match hour % 12 {
            0 => 12,
            h => h,
        };
        let half = if hour < 12 { "am" } else { "pm" };
        match (self.bit(3), self.bit(4)) {
            (false, _) => format!("{hour}:{minute:02}"),
            (true, false) => format!("{twelve}:{minute:02}{half}"),
            (true, true) if minute == 0 => format!("{twelve} {half}"),
            (true, true) => format!("{twelve}.{minute:02} {}", half.to_uppercase()),
        }
    }

    fn phrase(&self) -> String {
        let when = match &self.when {
            When::Minutes(1) if self.bit(0) => "every minute".to_string(),
            When::Minutes(n) => {
                format!("every {n} {}", if self.bit(1) { "mins" } else { "minutes" })
            }
            When::Hours(1, m) if self.bit(0) => format!("hourly at :{m:02}"),
            When::Hours(n, m) if self.bit(1) => format!("every {n} hours at :{m:02}"),
            When::Hours(n, m) => format!("at {m} minutes past the hour, every {n} hours"),
            When::Times(hours, m) => {
                let times: Vec<String> = hours.iter().map(|h| self.time(*h, *m)).collect();
                format!("at {}", times.join(" and "))
            }
        };
        let day_name = |d: u8| {
            let name = DAY_NAMES[usize::from(d)];
            match (self.bit(5), self.bit(6)) {
                (false, false) => name.to_string(),
                (false, true) => format!("{name}s"),
                (true, _) => name[..3].to_string(),
            }
        };
        let days = match &self.days {
            Days::Any => String::new(),
            Days::Weekdays(days) => {
                let names: Vec<String> = days.iter().map(|d| day_name(*d)).collect();
                let sep = if self.bit(7) { ", " } else { " and " };
                format!(
                    "{}{}",
                    if self.bit(8) { "every " } else { "on " },
                    names.join(sep)
                )
            }
            Days::Dates(dates) => {
                let dates: Vec<String> = dates.iter().map(|d| ordinal(*d)).collect();
                format!("on the {}", dates.join(" and "))
            }
            Days::Last => "on the last day of the month".to_string(),
            Days::Nth(d, n) => format!(
                "on the {} {} of the month",
                NTH[usize::from(*n)],
                day_name(*d)
            ),
            Days::LastWeekday(d) => format!("the last {} of the month", day_name(*d)),
        };
        let months = if self.months.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = self
                .months
                .iter()
                .map(|m| {
                    let name = MONTH_NAMES[usize::from(*m) - 1];
                    if self.bit(9) { &name[..3] } else { name }
                })
                .collect();
            format!("in {}", names.join(" and "))
        };
        let mut parts = vec![when, days, months];
        if self.bit(10) {
            parts.rotate_left(1);
        }
        let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
        let phrase = parts.join(if self.bit(11) { ", " } else { " " });
        if self.bit(12) {
            phrase.to_uppercase()
        } else {
            phrase
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_phrase_translates_its_description_reads_back_and_both_fire_the_same(spec in spec()) {
        let phrase = spec.phrase();
        let expected = spec.expected();
        let translation = translate(&phrase)
            .unwrap_or_else(|e| panic!("{phrase:?} is not translated: {e}"));
        // It parses (fires panics otherwise) and fires as what the phrase means.
        prop_assert_eq!(fires(&translation.expression), fires(&expected),
            "{:?} gave {:?}, meant {:?}", phrase, translation.expression, expected);
        let description = trigger_cron::describe(&translation.expression)
            .unwrap_or_else(|e| panic!("{:?} is not described: {e}", translation.expression));
        let back = translate(&description)
            .unwrap_or_else(|e| panic!("the description {description:?} is not read back: {e}"));
        prop_assert_eq!(fires(&back.expression), fires(&translation.expression),
            "{:?} described as {:?} read back as {:?}", translation.expression, description, back.expression);
    }
}

/// The grammar's words, for phrases that are soup.
const WORDS: &[&str] = &[
    "every",
    "at",
    "on",
    "the",
    "of",
    "and",
    "to",
    "-",
    "through",
    "last",
    "first",
    "day",
    "days",
    "minutes",
    "hours",
    "hour",
    "past",
    "am",
    "pm",
    "noon",
    "midnight",
    "monday",
    "fri",
    "weekdays",
    "weekends",
    "january",
    "jul",
    "1st",
    "15th",
    "9",
    "0",
    "24",
    "60",
    "9:30",
    ":15",
    "9.30pm",
    "13pm",
    "daily",
    "weekly",
    "monthly",
    "yearly",
    "hourly",
    ",",
    "fortnightly",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Whatever is typed, the answer is a translation that parses or an error: never a panic,
    /// never an expression the scheduler refuses to parse.
    #[test]
    fn any_text_is_translated_or_refused(text in "\\PC{0,40}") {
        if let Ok(translation) = translate(&text) {
            prop_assert!(trigger_cron::parse(&translation.expression).is_ok(),
                "{:?} gave {:?}", text, translation.expression);
        }
    }

    #[test]
    fn any_soup_of_the_grammars_words_is_translated_or_refused(
        words in prop::collection::vec(prop::sample::select(WORDS), 0..8)
    ) {
        let text = words.join(" ");
        if let Ok(translation) = translate(&text) {
            prop_assert!(trigger_cron::parse(&translation.expression).is_ok(),
                "{:?} gave {:?}", text, translation.expression);
        }
    }
}
