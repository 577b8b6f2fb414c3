//! The days on which a zone's clock change skips or repeats one of a schedule's fire times, and
//! what the scheduler really fires around each: plain data for a warning such as "02:30 does
//! not exist on 14 March — fires at 03:30 EDT".
//!
//! The fires are the engine's own ([`Schedule::next_after`], followed as the scheduler's
//! chain), never a second reading of the DST rules; this module only finds the clock changes
//! (chrono-tz's offsets, compared a day apart, then narrowed to the second) and which of the
//! schedule's wall times they touch ([`Schedule::matches_wall_time`]).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use super::{Schedule, ScheduleError};

/// What a clock change does to the wall times it touches.
///
/// # Examples
///
/// ```
/// use trigger_cron::DstChange;
///
/// // Spring forward skips wall times; fall back repeats them.
/// assert_ne!(DstChange::Skipped, DstChange::Repeated);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DstChange {
    /// The clock jumps forward: these wall times do not exist that day.
    Skipped,
    /// The clock goes back: these wall times happen twice that day.
    Repeated,
}

/// One clock change that skips or repeats at least one of a schedule's fire times, with the
/// fires the scheduler makes around it. Made by [`dst_days`].
///
/// # Examples
///
/// ```
/// use chrono::{DateTime, Utc};
/// use trigger_cron::{DstChange, dst_days, parse, timezones};
///
/// let zone = timezones::resolve("America/New_York").unwrap();
/// let from: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
/// let until: DateTime<Utc> = "2027-12-01T00:00:00Z".parse().unwrap();
/// let days = dst_days(&parse("30 2 * * *").unwrap(), zone, from, until).unwrap();
/// assert_eq!(days.len(), 1);
/// let day = &days[0];
/// assert_eq!(day.date.to_string(), "2027-03-14");
/// assert_eq!(day.change, DstChange::Skipped);
/// assert_eq!(day.wall_times[0].to_string(), "2027-03-14 02:30:00");
/// // The scheduler fires at 03:30 EDT instead.
/// assert_eq!(day.fires[0].to_rfc3339(), "2027-03-14T07:30:00+00:00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DstDay {
    /// The local date of the first wall time touched.
    pub date: NaiveDate,
    /// Whether the touched wall times are skipped or repeated.
    pub change: DstChange,
    /// The instant the offset changes.
    pub transition: DateTime<Utc>,
    /// The offset in force just before the change.
    pub offset_before: FixedOffset,
    /// The offset in force from the change on.
    pub offset_after: FixedOffset,
    /// The schedule's wall times (in order) that the change skips or repeats.
    pub wall_times: Vec<NaiveDateTime>,
    /// What the scheduler fires for them, in order. For [`DstChange::Skipped`]: its fires in
    /// the hour (or half hour…) just after the jump that are *not* at one of the schedule's own
    /// wall times — the fires it makes instead of the skipped ones (often none). For
    /// [`DstChange::Repeated`]: all its fires in both passes of the repeated wall times.
    pub fires: Vec<DateTime<Utc>>,
}

/// How far before the change the fire chain starts, beyond the touched wall times: far enough
/// that its first fire is an ordinary one, from which it is the scheduler's own chain.
const CHAIN_LEAD: Duration = Duration::hours(3);

/// At most this many fires are followed around one change (an every-minute schedule needs a
/// few hundred), so the work stays bounded for a preview recomputed on every keystroke.
const MAX_FIRES_PER_CHANGE: usize = 5_000;

/// The clock changes of `zone` from `from` (inclusive) to `until` (exclusive) that skip or
/// repeat one of `schedule`'s fire times, in order, each with what the scheduler fires around
/// it. Zones without DST (UTC, Asia/Tokyo) give none, and so do schedules whose times the
/// changes miss.
///
/// Clock changes are found by comparing the zone's offset a day apart, so two changes less
/// than a day apart (none in the tz database since 1990) would be missed. The work is about
/// one offset lookup per day of the window plus, per change, one chain of fires over a few
/// hours.
///
/// # Errors
///
/// The error [`Schedule::next_after`] or [`Schedule::matches_wall_time`] meets (a schedule
/// that never fires, an `L` cron-parser throws on).
///
/// # Examples
///
/// ```
/// use chrono::{DateTime, Utc};
/// use trigger_cron::{DstChange, dst_days, parse, timezones};
///
/// let zone = timezones::resolve("America/New_York").unwrap();
/// let from: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
/// let until: DateTime<Utc> = "2027-12-01T00:00:00Z".parse().unwrap();
///
/// // 01:30 happens twice on 7 November 2027; the scheduler fires once, in the first pass.
/// let days = dst_days(&parse("30 1 * * *").unwrap(), zone, from, until).unwrap();
/// assert_eq!(days.len(), 1);
/// assert_eq!(days[0].change, DstChange::Repeated);
/// assert_eq!(days[0].fires.len(), 1);
/// assert_eq!(days[0].fires[0].to_rfc3339(), "2027-11-07T05:30:00+00:00");
///
/// // 09:00 is never skipped nor repeated.
/// assert!(dst_days(&parse("0 9 * * *").unwrap(), zone, from, until).unwrap().is_empty());
/// ```
pub fn dst_days(
    schedule: &Schedule,
    zone: Tz,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<DstDay>, ScheduleError> {
    let mut days = Vec::new();
    for change in clock_changes(zone, from, until) {
        if let Some(day) = dst_day(schedule, zone, &change)? {
            days.push(day);
        }
    }
    Ok(days)
}

/// One change of the zone's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ClockChange {
    pub at: DateTime<Utc>,
    before: FixedOffset,
    after: FixedOffset,
}

fn offset_at(zone: Tz, at: DateTime<Utc>) -> FixedOffset {
    zone.offset_from_utc_datetime(&at.naive_utc()).fix()
}

/// The offset changes in `[from, until)`: a day-by-day comparison, each change then narrowed
/// by halving to the second it takes effect.
pub(super) fn clock_changes(
    zone: Tz,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<ClockChange> {
    let mut changes = Vec::new();
    // From a whole second, so that halving lands on the second the change takes effect, and
    // one second early, so that a change at `from` itself is seen as one.
    let whole_second = DateTime::from_timestamp(from.timestamp(), 0).unwrap_or(from);
    let mut start = whole_second - Duration::seconds(1);
    let mut offset = offset_at(zone, start);
    while start < until {
        let end = (start + Duration::days(1)).min(until);
        let end_offset = offset_at(zone, end);
        if end_offset != offset {
            // Invariant: `low` has the old offset, `high` the new one.
            let (mut low, mut high) = (start, end);
            while high - low > Duration::seconds(1) {
                // Whole seconds: offsets change on a second (in practice a minute).
                let middle = low + Duration::seconds((high - low).num_seconds() / 2);
                if offset_at(zone, middle) == offset {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            // A change at exactly `until` belongs to the next window.
            if from <= high && high < until {
                changes.push(ClockChange {
                    at: high,
                    before: offset,
                    after: offset_at(zone, high),
                });
            }
        }
        start = end;
        offset = end_offset;
    }
    changes
}

/// The change as a [`DstDay`] when it touches one of the schedule's wall times.
fn dst_day(
    schedule: &Schedule,
    zone: Tz,
    change: &ClockChange,
) -> Result<Option<DstDay>, ScheduleError> {
    let before = Duration::seconds(i64::from(change.before.local_minus_utc()));
    let after = Duration::seconds(i64::from(change.after.local_minus_utc()));
    let (kind, first_wall, length) = if after > before {
        (
            DstChange::Skipped,
            change.at.naive_utc() + before,
            after - before,
        )
    } else {
        (
            DstChange::Repeated,
            change.at.naive_utc() + after,
            before - after,
        )
    };
    let wall_times = schedule_wall_times(schedule, first_wall, first_wall + length)?;
    let Some(first) = wall_times.first() else {
        return Ok(None);
    };
    let date = first.date();
    let (window_start, window_end) = match kind {
        DstChange::Skipped => (change.at, change.at + length),
        DstChange::Repeated => (change.at - length, change.at + length),
    };
    let mut fires = Vec::new();
    for fire in fires_between(schedule, zone, window_start, window_end)? {
        let keep = match kind {
            DstChange::Skipped => {
                !schedule.matches_wall_time(fire.with_timezone(&zone).naive_local())?
            }
            DstChange::Repeated => true,
        };
        if keep {
            fires.push(fire);
        }
    }
    Ok(Some(DstDay {
        date,
        change: kind,
        transition: change.at,
        offset_before: change.before,
        offset_after: change.after,
        wall_times,
        fires,
    }))
}

/// The whole minutes in `[start, end)` (wall clock) that the schedule names.
fn schedule_wall_times(
    schedule: &Schedule,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, ScheduleError> {
    // Changes fall on whole minutes; round up in case one does not.
    let seconds = start.and_utc().timestamp().rem_euclid(60);
    let mut wall = if seconds == 0 {
        start
    } else {
        start + Duration::seconds(60 - seconds)
    };
    let mut times = Vec::new();
    while wall < end {
        if schedule.matches_wall_time(wall)? {
            times.push(wall);
        }
        wall += Duration::minutes(1);
    }
    Ok(times)
}

/// The scheduler's fires in `[start, end)`: its chain, begun a few hours earlier so that the
/// chain's first fire is an ordinary one.
fn fires_between(
    schedule: &Schedule,
    zone: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, ScheduleError> {
    let mut fires = Vec::new();
    let mut previous = start - (end - start) - CHAIN_LEAD;
    for _ in 0..MAX_FIRES_PER_CHANGE {
        let fire = schedule.next_after(zone, previous)?;
        if fire >= end {
            break;
        }
        if fire >= start {
            fires.push(fire);
        }
        previous = fire;
    }
    Ok(fires)
}
