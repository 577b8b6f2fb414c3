//! What the scheduler does on the days a clock change skips or repeats one of a schedule's fire
//! times, as one sentence per day: `Sun 2027-03-14: 02:30 does not exist — fires at 03:30 EDT`.
//! The facts (which times, which fires) are the engine's (`trigger_cron::dst_days`); this only
//! words them.

use chrono::{DateTime, Duration, Months, NaiveDateTime, Utc};
use chrono_tz::Tz;
use trigger_cron::{DstChange, DstDay, Schedule, dst_days};

/// How far ahead the notes look.
const MONTHS_AHEAD: u32 = 12;

/// More wall times than this are summed up as a range rather than listed.
const LISTED_TIMES: usize = 4;

/// One sentence per clock change in the 12 months from `from` that skips or repeats one of
/// the schedule's fire times (none in zones without DST, or when the changes miss the
/// schedule). Empty when the engine cannot say (a schedule that never fires is refused before).
pub fn dst_notes(schedule: &Schedule, zone: Tz, from: DateTime<Utc>) -> Vec<String> {
    let until = from
        .checked_add_months(Months::new(MONTHS_AHEAD))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    match dst_days(schedule, zone, from, until) {
        Ok(days) => days.iter().map(|day| dst_note(day, zone)).collect(),
        Err(_) => Vec::new(),
    }
}

/// `Sun 2027-03-14: 02:30 does not exist — fires at 03:30 EDT`,
/// `Sun 2027-11-07: 01:30 happens twice — fires once, at the first (EDT)`.
pub fn dst_note(day: &DstDay, zone: Tz) -> String {
    let date = day.date.format("%a %Y-%m-%d");
    let what = match day.change {
        DstChange::Skipped => skipped(day, zone),
        DstChange::Repeated => repeated(day, zone),
    };
    format!("{date}: {what}")
}

fn skipped(day: &DstDay, zone: Tz) -> String {
    let times = wall_times(&day.wall_times);
    let verb = if day.wall_times.len() == 1 {
        "does not exist"
    } else {
        "do not exist"
    };
    let fires: Vec<String> = day
        .fires
        .iter()
        .map(|fire| fire.with_timezone(&zone).format("%H:%M %Z").to_string())
        .collect();
    let outcome = match fires.len() {
        0 => "not fired".to_string(),
        1 if day.wall_times.len() > 1 => format!("fires once, at {}", fires[0]),
        _ => format!("fires at {}", and_list(&fires)),
    };
    format!("{times} {verb} — {outcome}")
}

/// Which passes of a repeated wall time the scheduler fires in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Passes {
    Neither,
    First,
    Second,
    Both,
}

fn repeated(day: &DstDay, zone: Tz) -> String {
    let times = wall_times(&day.wall_times);
    let verb = if day.wall_times.len() == 1 {
        "happens twice"
    } else {
        "happen twice"
    };
    let abbreviation = |at: DateTime<Utc>| at.with_timezone(&zone).format("%Z").to_string();
    let first = abbreviation(day.transition - Duration::seconds(1));
    let second = abbreviation(day.transition);
    let passes: Vec<Passes> = day
        .wall_times
        .iter()
        .map(|wall| passes_of(day, zone, *wall))
        .collect();
    let words = |passes: Passes| match passes {
        Passes::Neither => "not fired".to_string(),
        Passes::First => format!("fires once, at the first ({first})"),
        Passes::Second => format!("fires once, at the second ({second})"),
        Passes::Both => format!("fires twice ({first}, then {second})"),
    };
    let outcome = match passes.split_first() {
        Some((one, rest)) if rest.iter().all(|p| p == one) => {
            if passes.len() == 1 {
                words(*one)
            } else {
                format!("each {}", words(*one))
            }
        }
        // The times differ (rare): say it per time.
        _ => day
            .wall_times
            .iter()
            .zip(&passes)
            .map(|(wall, passes)| format!("{} {}", wall.format("%H:%M"), words(*passes)))
            .collect::<Vec<_>>()
            .join("; "),
    };
    format!("{times} {verb} — {outcome}")
}

fn passes_of(day: &DstDay, zone: Tz, wall: NaiveDateTime) -> Passes {
    let at_wall = |fire: &&DateTime<Utc>| fire.with_timezone(&zone).naive_local() == wall;
    let in_first = day
        .fires
        .iter()
        .filter(at_wall)
        .any(|fire| *fire < day.transition);
    let in_second = day
        .fires
        .iter()
        .filter(at_wall)
        .any(|fire| *fire >= day.transition);
    match (in_first, in_second) {
        (false, false) => Passes::Neither,
        (true, false) => Passes::First,
        (false, true) => Passes::Second,
        (true, true) => Passes::Both,
    }
}

/// `02:30`, `02:00, 02:20 and 02:40`, or `the 60 times from 02:00 to 02:59`.
fn wall_times(walls: &[NaiveDateTime]) -> String {
    let clock: Vec<String> = walls
        .iter()
        .map(|w| w.format("%H:%M").to_string())
        .collect();
    match (clock.first(), clock.last()) {
        (Some(first), Some(last)) if clock.len() > LISTED_TIMES => {
            format!("the {} times from {first} to {last}", clock.len())
        }
        _ => and_list(&clock),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(expression: &str, zone_name: &str) -> Vec<String> {
        let schedule = trigger_cron::parse(expression).unwrap_or_else(|e| panic!("{e}"));
        let zone = trigger_cron::timezones::resolve(zone_name).unwrap_or_else(|e| panic!("{e}"));
        let from: DateTime<Utc> = "2026-12-01T00:00:00Z"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        dst_notes(&schedule, zone, from)
    }

    #[test]
    fn new_york_gap_and_overlap() {
        assert_eq!(
            notes("30 2 * * *", "America/New_York"),
            ["Sun 2027-03-14: 02:30 does not exist — fires at 03:30 EDT"]
        );
        assert_eq!(
            notes("30 1 * * *", "America/New_York"),
            ["Sun 2027-11-07: 01:30 happens twice — fires once, at the first (EDT)"]
        );
        assert_eq!(
            notes("*/20 2 * * *", "America/New_York"),
            ["Sun 2027-03-14: 02:00, 02:20 and 02:40 do not exist — fires once, at 03:00 EDT"]
        );
    }

    #[test]
    fn hourly_and_quarter_hourly() {
        assert_eq!(
            notes("0 * * * *", "America/New_York"),
            [
                "Sun 2027-03-14: 02:00 does not exist — not fired",
                "Sun 2027-11-07: 01:00 happens twice — fires twice (EDT, then EST)"
            ]
        );
        assert_eq!(
            notes("*/15 * * * *", "America/New_York"),
            [
                "Sun 2027-03-14: 02:00, 02:15, 02:30 and 02:45 do not exist — not fired",
                "Sun 2027-11-07: 01:00, 01:15, 01:30 and 01:45 happen twice — each fires twice (EDT, then EST)"
            ]
        );
        assert_eq!(
            notes("* * * * *", "Europe/London"),
            [
                "Sun 2027-03-28: the 60 times from 01:00 to 01:59 do not exist — not fired",
                "Sun 2027-10-31: the 60 times from 01:00 to 01:59 happen twice — each fires twice (BST, then GMT)"
            ]
        );
    }

    #[test]
    fn half_hour_and_midnight_changes() {
        assert_eq!(
            notes("15 2 * * *", "Australia/Lord_Howe"),
            ["Sun 2027-10-03: 02:15 does not exist — not fired"]
        );
        assert_eq!(
            notes("0 0 * * *", "America/Santiago"),
            ["Sun 2027-09-05: 00:00 does not exist — not fired"]
        );
        assert_eq!(
            notes("0 0 * * *", "America/Havana"),
            [
                "Sun 2027-03-14: 00:00 does not exist — not fired",
                "Sun 2027-11-07: 00:00 happens twice — fires once, at the first (CDT)"
            ]
        );
    }

    #[test]
    fn no_notes_without_dst() {
        assert!(notes("0 * * * *", "UTC").is_empty());
        assert!(notes("*/15 * * * *", "Asia/Tokyo").is_empty());
        assert!(notes("0 9 * * *", "America/New_York").is_empty());
    }
}
