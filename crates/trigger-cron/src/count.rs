//! How many times the scheduler fires in a window, counted by the hour of the day on a
//! viewer's clock — without following the chain fire by fire where it need not.
//!
//! Away from a clock change of the schedule's zone, the scheduler fires at exactly the wall
//! times the expression names (its walk finds the next named minute, and nothing shifts it), so
//! a day is counted from the fields: which days pass, times the named hours, times the named
//! minutes. Around each clock change (a margin either side, far wider than the hour or so that
//! luxon's gap and overlap rules reach) the engine's own chain is followed, fire by fire, so
//! what the scheduler does there is never guessed. An every-15-minutes schedule over 30 days
//! is then some 30 day checks and a few hundred additions instead of 2,880 searches.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::dst::clock_changes;
use super::search;
use super::zoned::{civil_from_ms, offset_at};
use super::{Schedule, ScheduleError};

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 3_600_000;
const MS_PER_DAY: i64 = 86_400_000;

/// How far either side of a clock change of the schedule's zone the chain is followed fire by
/// fire (the engine's DST module starts its chains 3 hours early; this is wider still).
const WALK_MARGIN: Duration = Duration::hours(12);

/// How many of the scheduler's fires fall after `from` and up to `until` (`from < fire ≤
/// until`), by the hour of the day each falls in on `viewer`'s clock: the same counts as
/// following [`Schedule::next_after`] from `from`, fire by fire, and reading each fire's hour
/// in `viewer` — at a small part of the cost for frequent schedules.
///
/// # Errors
///
/// The error the engine meets on the way (an `L` that cron-parser throws on; a schedule
/// followed near a clock change that never fires again).
///
/// # Examples
///
/// ```
/// use chrono::{DateTime, Utc};
/// use trigger_cron::{fires_per_hour, parse, timezones};
///
/// let london = timezones::resolve("Europe/London").unwrap();
/// let paris = timezones::resolve("Europe/Paris").unwrap();
/// let from: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
/// let until: DateTime<Utc> = "2026-12-08T00:00:00Z".parse().unwrap();
/// // Every 15 minutes from 09:00 to 09:59 in London: 10:00 to 10:59 in Paris, 4 a day.
/// let counts = fires_per_hour(&parse("*/15 9 * * *").unwrap(), london, from, until, paris).unwrap();
/// assert_eq!(counts[10], 28);
/// assert_eq!(counts.iter().sum::<u32>(), 28);
/// ```
pub fn fires_per_hour(
    schedule: &Schedule,
    zone: Tz,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    viewer: Tz,
) -> Result<[u32; 24], ScheduleError> {
    let mut counts = [0u32; 24];
    if until <= from {
        return Ok(counts);
    }
    // A seconds field (six atoms, only with tabs) other than `0`: followed fire by fire.
    if schedule.second.bits != 1 {
        walk(schedule, zone, from, until, viewer, &mut counts)?;
        return Ok(counts);
    }
    // The scheduler chains each fire from the one before, and near a clock change where its
    // search starts decides which of an overlap's two times it takes: the chain is followed
    // from the last fire counted before it (else from `from`), never from an arbitrary instant.
    let mut cursor = from;
    let mut last_fire = None;
    for change in clock_changes(zone, from - WALK_MARGIN, until + WALK_MARGIN) {
        let start = (change.at - WALK_MARGIN).max(cursor);
        let end = (change.at + WALK_MARGIN).min(until);
        if start >= end {
            continue;
        }
        if cursor < start {
            last_fire =
                by_fields(schedule, zone, cursor, start, viewer, &mut counts)?.or(last_fire);
        }
        last_fire = walk(
            schedule,
            zone,
            last_fire.unwrap_or(from),
            end,
            viewer,
            &mut counts,
        )?
        .or(last_fire);
        cursor = end;
    }
    if cursor < until {
        by_fields(schedule, zone, cursor, until, viewer, &mut counts)?;
    }
    Ok(counts)
}

/// The hour of the day of `at` (ms) on a clock `offset` ms ahead of UTC.
fn hour_of(at: i64, offset: i64) -> usize {
    ((at + offset).rem_euclid(MS_PER_DAY) / MS_PER_HOUR) as usize
}

fn viewer_offset(viewer: Tz, at: i64) -> i64 {
    i64::from(offset_at(viewer, at)) * 1_000
}

/// The engine's chain from `start`, each fire up to `end` counted; the last one counted.
fn walk(
    schedule: &Schedule,
    zone: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    viewer: Tz,
    counts: &mut [u32; 24],
) -> Result<Option<DateTime<Utc>>, ScheduleError> {
    let mut last = None;
    let mut fire = schedule.next_after(zone, start)?;
    while fire <= end {
        let at = fire.timestamp_millis();
        counts[hour_of(at, viewer_offset(viewer, at))] += 1;
        last = Some(fire);
        fire = schedule.next_after(zone, fire)?;
    }
    Ok(last)
}

/// The fires in `start < fire ≤ end`, a stretch with no clock change of `zone` near it, counted
/// from the fields: each wall day that passes the day rules fires at every named hour and
/// minute. Returns the last fire counted.
fn by_fields(
    schedule: &Schedule,
    zone: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    viewer: Tz,
    counts: &mut [u32; 24],
) -> Result<Option<DateTime<Utc>>, ScheduleError> {
    let (Some(first_hour), Some(first_minute)) =
        (schedule.hour.first_number(), schedule.minute.first_number())
    else {
        return Ok(None);
    };
    let mut last_wall: Option<i64> = None;
    let offset = i64::from(offset_at(zone, start.timestamp_millis())) * 1_000;
    let wall_start = start.timestamp_millis() + offset;
    let wall_end = end.timestamp_millis() + offset;
    let minutes = schedule.minute.bits & ((1u64 << 60) - 1);
    for day in wall_start.div_euclid(MS_PER_DAY)..=wall_end.div_euclid(MS_PER_DAY) {
        let midnight = day * MS_PER_DAY;
        let date = civil_from_ms(midnight);
        // The hour and minute fields do not depend on the day: the day passes when its first
        // named time does.
        if !search::matches_wall_time(
            schedule,
            date.year,
            date.month,
            date.day,
            first_hour,
            first_minute,
            0,
        )? {
            continue;
        }
        // The viewer's clock: one offset for the whole day unless it changes that day.
        let first = viewer_offset(viewer, midnight - offset);
        let last = viewer_offset(viewer, midnight + MS_PER_DAY - 1 - offset);
        for hour in (0..24u32).filter(|h| schedule.hour.contains(*h)) {
            let hour_start = midnight + i64::from(hour) * MS_PER_HOUR;
            let whole = hour_start > wall_start && hour_start + 59 * MS_PER_MINUTE <= wall_end;
            let shift = first - offset;
            if whole && first == last && shift % MS_PER_HOUR == 0 {
                counts[hour_of(hour_start, shift)] += minutes.count_ones();
                if minutes != 0 {
                    let last_minute = i64::from(63 - minutes.leading_zeros());
                    last_wall = Some(hour_start + last_minute * MS_PER_MINUTE);
                }
                continue;
            }
            let mut left = minutes;
            while left != 0 {
                let minute = i64::from(left.trailing_zeros());
                left &= left - 1;
                let wall = hour_start + minute * MS_PER_MINUTE;
                if wall <= wall_start || wall > wall_end {
                    continue;
                }
                let at = wall - offset;
                let viewer_now = if first == last {
                    first
                } else {
                    viewer_offset(viewer, at)
                };
                counts[hour_of(at, viewer_now)] += 1;
                last_wall = Some(wall);
            }
        }
    }
    Ok(last_wall.and_then(|wall| DateTime::from_timestamp_millis(wall - offset)))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::parse;

    /// The chain followed fire by fire: what [`fires_per_hour`] must equal.
    fn walked(
        schedule: &Schedule,
        zone: Tz,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        viewer: Tz,
    ) -> Result<[u32; 24], ScheduleError> {
        let mut counts = [0u32; 24];
        walk(schedule, zone, from, until, viewer, &mut counts)?;
        Ok(counts)
    }

    /// Any zone of the tz database (the viewer's need not be one the hosted scheduler accepts).
    fn zone(name: &str) -> Tz {
        name.parse().unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn a_new_york_gap_and_overlap_count_as_the_scheduler_fires() {
        let ny = zone("America/New_York");
        for (expression, from, until) in [
            ("30 2 * * *", "2027-03-10T00:00:00Z", "2027-03-20T00:00:00Z"),
            (
                "*/15 * * * *",
                "2027-03-13T00:00:00Z",
                "2027-03-16T00:00:00Z",
            ),
            ("30 1 * * *", "2027-11-01T00:00:00Z", "2027-11-12T00:00:00Z"),
            ("0 * * * *", "2027-11-06T03:17:00Z", "2027-11-08T00:00:00Z"),
        ] {
            let schedule = parse(expression).unwrap_or_else(|e| panic!("{e}"));
            let (from, until) = (at(from), at(until));
            for viewer in [ny, zone("Europe/Paris"), zone("Asia/Kolkata")] {
                assert_eq!(
                    fires_per_hour(&schedule, ny, from, until, viewer),
                    walked(&schedule, ny, from, until, viewer),
                    "{expression} seen from {viewer}"
                );
            }
        }
    }

    #[test]
    fn the_window_is_after_from_and_up_to_until() {
        let utc = zone("UTC");
        let schedule = parse("0 9 * * *").unwrap_or_else(|e| panic!("{e}"));
        let counts = fires_per_hour(
            &schedule,
            utc,
            at("2026-12-01T09:00:00Z"),
            at("2026-12-03T09:00:00Z"),
            utc,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        // Not the fire at `from`; the one at `until`.
        assert_eq!(counts[9], 2);
    }

    fn field(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
        proptest::sample::select(tokens).prop_map(str::to_string)
    }

    fn expression() -> impl Strategy<Value = String> {
        (
            field(&["0", "30", "*/15", "*/7", "5,35", "*", "59"]),
            field(&["*", "9", "1-3", "*/4", "2", "0", "23", "0-2"]),
            field(&["*", "1", "15", "L", "*/10", "31"]),
            field(&["*", "3", "10", "11", "*/2"]),
            field(&["*", "0", "1-5", "5L", "6#2", "sun"]),
        )
            .prop_map(|(m, h, dom, mon, dow)| format!("{m} {h} {dom} {mon} {dow}"))
    }

    fn zones() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(
            &[
                "America/New_York",
                "Europe/London",
                "Australia/Lord_Howe",
                "America/Santiago",
                "America/Havana",
                "Asia/Kolkata",
                "UTC",
            ][..],
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Over windows that cross clock changes (each window starts up to 3 days before one of
        /// the zone's 2027 changes), in zones with gaps and overlaps of an hour, half an hour and
        /// at midnight, seen from viewers whose own clocks change or sit half an hour off.
        #[test]
        fn counting_by_the_fields_equals_following_the_chain(
            expression in expression(),
            zone_name in zones(),
            viewer_name in proptest::sample::select(&["Europe/Paris", "Asia/Kolkata", "America/New_York", "UTC"][..]),
            change in 0usize..4,
            minutes_before in 0i64..(3 * 1440),
            days in 1i64..8,
        ) {
            // Some mixes are refused (`31` in November): nothing to count.
            let Ok(schedule) = parse(&expression) else { return Ok(()) };
            let (task_zone, viewer) = (zone(zone_name), zone(viewer_name));
            let changes = clock_changes(task_zone, at("2027-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z"));
            // A zone without changes: any window of the year.
            let anchor = changes.get(change % changes.len().max(1)).map_or(at("2027-06-01T00:00:00Z"), |c| c.at);
            let from = anchor - Duration::minutes(minutes_before) + Duration::seconds(17);
            let until = from + Duration::days(days);
            // A chain that ends in an error (a schedule that never fires) has no counts to agree
            // with.
            if let Ok(expected) = walked(&schedule, task_zone, from, until, viewer) {
                prop_assert_eq!(fires_per_hour(&schedule, task_zone, from, until, viewer), Ok(expected));
            }
        }
    }
}
