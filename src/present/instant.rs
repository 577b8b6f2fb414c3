//! Instants as people read them, always in the viewer's zone (`None` means UTC). Two forms:
//!
//! - in a table (a list row, a compact line): `Thu 12-03 09:00` — the weekday places it in the
//!   week, the zone is the same on every row, and it fits a narrow column;
//! - in a detail view (one run, one task): `2026-12-03 09:00:14 CET` — the full date, to the
//!   second, with the zone named (a weekday more would push an attempt's `started … completed
//!   …` line past 80 columns).
//!
//! Fire lists (`cron`, the form's preview) have their own form in [`super::time`].

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::sanitize;
use crate::model::parse_instant;

/// `Thu 12-03 09:00` in the viewer's zone.
pub fn table_instant(at: DateTime<Utc>, local: Option<Tz>) -> String {
    at.with_timezone(&local.unwrap_or(chrono_tz::UTC))
        .format("%a %m-%d %H:%M")
        .to_string()
}

/// `2026-12-03 09:00:14 CET` in the viewer's zone.
pub fn detail_instant(at: DateTime<Utc>, local: Option<Tz>) -> String {
    at.with_timezone(&local.unwrap_or(chrono_tz::UTC))
        .format("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

/// A server timestamp (RFC 3339) in the table form; other text is shown as sent, sanitised.
pub fn table_timestamp(text: &str, local: Option<Tz>) -> String {
    match parse_instant(text) {
        Some(at) => table_instant(at, local),
        None => sanitize::line(text).into_owned(),
    }
}

/// A server timestamp (RFC 3339) in the detail form; other text is shown as sent, sanitised.
pub fn detail_timestamp(text: &str, local: Option<Tz>) -> String {
    match parse_instant(text) {
        Some(at) => detail_instant(at, local),
        None => sanitize::line(text).into_owned(),
    }
}

/// A task's next fire in a table: the instant, `disabled`, or `—` when it has none (its
/// schedule no longer checks out, or it is an orphan without one).
pub fn next_fire(at: Option<DateTime<Utc>>, enabled: bool, local: Option<Tz>) -> String {
    match at {
        Some(at) => table_instant(at, local),
        None if !enabled => "disabled".into(),
        None => super::NONE.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: &str = "2026-12-02T01:57:00.001Z";

    #[test]
    fn tables_show_weekday_date_and_minute_and_details_everything() {
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap_or(chrono_tz::UTC);
        assert_eq!(table_timestamp(AT, Some(tokyo)), "Wed 12-02 10:57");
        assert_eq!(detail_timestamp(AT, Some(tokyo)), "2026-12-02 10:57:00 JST");
        assert_eq!(table_timestamp(AT, None), "Wed 12-02 01:57");
        assert_eq!(detail_timestamp(AT, None), "2026-12-02 01:57:00 UTC");
    }

    #[test]
    fn unparseable_timestamps_are_shown_sanitised() {
        assert_eq!(detail_timestamp("soon\u{1b}[2J", None), "soon");
        assert_eq!(table_timestamp("soon\nlater", None), "soon later");
    }

    #[test]
    fn a_task_without_a_next_fire_says_why_it_can() {
        assert_eq!(next_fire(None, false, None), "disabled");
        assert_eq!(next_fire(None, true, None), "—");
    }
}
