//! `dst_days`: which clock changes skip or repeat a schedule's fire times, and the scheduler's
//! fires around each — by hand for the shapes that matter, and against the oracle's fire chains
//! (`tests/data/cron_dst_days.json`, written by `tools/cron-oracle/dst-days.js`).

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde_json::Value;
use trigger_cron::{DstChange, DstDay, dst_days, parse, timezones};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn zone(name: &str) -> Tz {
    timezones::resolve(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn days(expression: &str, zone_name: &str, from: &str) -> Vec<DstDay> {
    let schedule = parse(expression).unwrap_or_else(|e| panic!("{expression}: {e}"));
    let from = at(from);
    dst_days(&schedule, zone(zone_name), from, from + Duration::days(365))
        .unwrap_or_else(|e| panic!("{expression} in {zone_name}: {e}"))
}

/// One line per day: `date kind walls -> fires` with times on the zone's wall clock.
fn summary(expression: &str, zone_name: &str, from: &str) -> Vec<String> {
    let tz = zone(zone_name);
    days(expression, zone_name, from)
        .iter()
        .map(|day| {
            let walls: Vec<String> = day
                .wall_times
                .iter()
                .map(|w| w.format("%H:%M").to_string())
                .collect();
            let fires: Vec<String> = day
                .fires
                .iter()
                .map(|f| f.with_timezone(&tz).format("%H:%M %Z").to_string())
                .collect();
            format!(
                "{} {:?} {} -> [{}]",
                day.date,
                day.change,
                walls.join(","),
                fires.join(", ")
            )
        })
        .collect()
}

const FROM: &str = "2026-12-01T00:00:00Z";

#[test]
fn new_york_fixed_times_in_the_gap_and_the_overlap() {
    assert_eq!(
        summary("30 2 * * *", "America/New_York", FROM),
        ["2027-03-14 Skipped 02:30 -> [03:30 EDT]"]
    );
    assert_eq!(
        summary("30 1 * * *", "America/New_York", FROM),
        ["2027-11-07 Repeated 01:30 -> [01:30 EDT]"]
    );
    // Several times in the gap: the chain fires once, at 03:00, then waits for the next day.
    assert_eq!(
        summary("*/20 2 * * *", "America/New_York", FROM),
        ["2027-03-14 Skipped 02:00,02:20,02:40 -> [03:00 EDT]"]
    );
    // 02:00 merges into the 03:00 fire the schedule has anyway: no fire of its own.
    assert_eq!(
        summary("0 1-3 * * *", "America/New_York", FROM),
        [
            "2027-03-14 Skipped 02:00 -> []",
            "2027-11-07 Repeated 01:00 -> [01:00 EDT]"
        ]
    );
}

#[test]
fn hourly_and_quarter_hourly_schedules_are_skipped_and_fire_twice() {
    assert_eq!(
        summary("0 * * * *", "America/New_York", FROM),
        [
            "2027-03-14 Skipped 02:00 -> []",
            "2027-11-07 Repeated 01:00 -> [01:00 EDT, 01:00 EST]"
        ]
    );
    assert_eq!(
        summary("*/15 * * * *", "America/New_York", FROM),
        [
            "2027-03-14 Skipped 02:00,02:15,02:30,02:45 -> []",
            "2027-11-07 Repeated 01:00,01:15,01:30,01:45 -> [01:00 EDT, 01:15 EDT, 01:30 EDT, \
             01:45 EDT, 01:00 EST, 01:15 EST, 01:30 EST, 01:45 EST]"
        ]
    );
}

#[test]
fn london_changes_at_one_in_the_morning() {
    assert_eq!(
        summary("30 1 * * *", "Europe/London", FROM),
        [
            "2027-03-28 Skipped 01:30 -> [02:30 BST]",
            "2027-10-31 Repeated 01:30 -> [01:30 BST]"
        ]
    );
}

#[test]
fn lord_howe_shifts_by_half_an_hour_and_drops_the_skipped_fire() {
    assert_eq!(
        summary("15 2 * * *", "Australia/Lord_Howe", FROM),
        ["2027-10-03 Skipped 02:15 -> []"]
    );
    assert_eq!(
        summary("*/15 * * * *", "Australia/Lord_Howe", FROM),
        [
            "2027-04-04 Repeated 01:30,01:45 -> [01:30 +11, 01:45 +11, 01:30 +1030, 01:45 +1030]",
            "2027-10-03 Skipped 02:00,02:15 -> []"
        ]
    );
}

#[test]
fn a_missing_or_repeated_midnight() {
    // Santiago starts summer time at 24:00: the day's midnight fire is dropped.
    assert_eq!(
        summary("0 0 * * *", "America/Santiago", FROM),
        ["2027-09-05 Skipped 00:00 -> []"]
    );
    // Its fall-back repeats 23:00 on the Saturday.
    assert_eq!(
        summary("0 23 * * *", "America/Santiago", FROM),
        ["2027-04-03 Repeated 23:00 -> [23:00 -03]"]
    );
    // Havana: 00:00 is skipped in March and happens twice in November.
    assert_eq!(
        summary("0 0 * * *", "America/Havana", FROM),
        [
            "2027-03-14 Skipped 00:00 -> []",
            "2027-11-07 Repeated 00:00 -> [00:00 CDT]"
        ]
    );
}

#[test]
fn no_lines_without_dst_or_when_the_changes_miss_the_schedule() {
    assert!(days("* * * * *", "UTC", FROM).is_empty());
    assert!(days("0 * * * *", "Asia/Tokyo", FROM).is_empty());
    assert!(days("0 9 * * *", "America/New_York", FROM).is_empty());
    // Only on Mondays: New York's changes fall on Sundays.
    assert!(days("30 1,2 * * 1", "America/New_York", FROM).is_empty());
}

#[test]
fn the_window_is_from_inclusive_until_exclusive() {
    let schedule = parse("30 2 * * *").unwrap_or_else(|e| panic!("{e}"));
    let ny = zone("America/New_York");
    let change = at("2027-03-14T07:00:00Z");
    let before = dst_days(&schedule, ny, change - Duration::days(1), change);
    assert_eq!(before.map(|d| d.len()), Ok(0));
    let from_it = dst_days(&schedule, ny, change, change + Duration::days(1));
    assert_eq!(from_it.map(|d| d.len()), Ok(1));
}

/// The oracle's fires in the window `dst_days` describes for this day.
fn expected_fires(
    day: &DstDay,
    oracle_fires: &[DateTime<Utc>],
    schedule: &trigger_cron::Schedule,
    tz: Tz,
) -> Vec<DateTime<Utc>> {
    let length = (day.offset_after.local_minus_utc() - day.offset_before.local_minus_utc()).abs();
    let length = Duration::seconds(i64::from(length));
    oracle_fires
        .iter()
        .copied()
        .filter(|fire| match day.change {
            DstChange::Skipped => {
                *fire >= day.transition
                    && *fire < day.transition + length
                    && !schedule
                        .matches_wall_time(fire.with_timezone(&tz).naive_local())
                        .unwrap_or_else(|e| panic!("{e}"))
            }
            DstChange::Repeated => {
                *fire >= day.transition - length && *fire < day.transition + length
            }
        })
        .collect()
}

#[test]
fn fires_equal_the_oracle_chain_around_every_change() {
    let path = format!(
        "{}/tests/data/cron_dst_days.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(cases.len() >= 10, "{} cases", cases.len());
    let mut compared = 0;
    for case in &cases {
        let text = |key: &str| case[key].as_str().unwrap_or_default().to_string();
        let (cron, tz_name) = (text("cron"), text("tz"));
        let schedule = parse(&cron).unwrap_or_else(|e| panic!("{cron}: {e}"));
        let tz = zone(&tz_name);
        let days = dst_days(&schedule, tz, at(&text("from")), at(&text("until")))
            .unwrap_or_else(|e| panic!("{cron} in {tz_name}: {e}"));
        let changes = case["changes"].as_array().cloned().unwrap_or_default();
        for day in &days {
            let change = changes
                .iter()
                .find(|c| c["at"].as_str().map(at) == Some(day.transition))
                .unwrap_or_else(|| {
                    panic!(
                        "{cron} in {tz_name}: no oracle change at {}",
                        day.transition
                    )
                });
            let minutes = |key: &str| change[key].as_i64().unwrap_or(i64::MIN) * 60;
            assert_eq!(
                i64::from(day.offset_before.local_minus_utc()),
                minutes("before")
            );
            assert_eq!(
                i64::from(day.offset_after.local_minus_utc()),
                minutes("after")
            );
            let oracle: Vec<DateTime<Utc>> = change["fires"]
                .as_array()
                .map(|fires| fires.iter().filter_map(|f| f.as_str()).map(at).collect())
                .unwrap_or_default();
            assert_eq!(
                day.fires,
                expected_fires(day, &oracle, &schedule, tz),
                "{cron} in {tz_name} on {}",
                day.date
            );
            compared += 1;
        }
        if tz_name == "UTC" || tz_name == "Asia/Tokyo" {
            assert!(changes.is_empty() && days.is_empty(), "{tz_name}");
        }
    }
    assert!(compared >= 20, "{compared} days compared");
}
