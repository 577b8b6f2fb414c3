//! Zoned date arithmetic exactly as luxon 3.2.1 does it, which is what decides how the hosted
//! scheduler treats DST gaps and overlaps.
//!
//! luxon keeps an instant (`ts`) with the offset in force there (`o`) and the wall-clock fields
//! derived from both. Calendar arithmetic (days, months) and `startOf` change the wall clock and
//! then turn it back into an instant with `fixOffset`: guess with the current offset, correct
//! once, and in a gap move forward by the gap. Adding hours, minutes or seconds adds absolute
//! time. These few rules are what produce 02:30 → 03:30 and the dropped midnight.

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;

const MS_PER_SECOND: i64 = 1_000;
const MS_PER_MINUTE: i64 = 60 * MS_PER_SECOND;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// Wall-clock fields, as luxon's `c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millisecond: u32,
}

/// A luxon `DateTime` in one zone: the instant, the offset in force, and the wall clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Zoned {
    pub ts: i64,
    /// Offset in seconds east of UTC.
    pub offset: i32,
    pub civil: Civil,
}

/// The units `startOf` truncates to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

impl Zoned {
    /// `DateTime.fromMillis(ts, { zone })`.
    pub fn at(zone: Tz, ts: i64) -> Zoned {
        let offset = offset_at(zone, ts);
        Zoned::with_offset(ts, offset)
    }

    pub fn with_offset(ts: i64, offset: i32) -> Zoned {
        Zoned {
            ts,
            offset,
            civil: civil_from_ms(ts + i64::from(offset) * MS_PER_SECOND),
        }
    }

    /// `plus({ months, days })`: wall-clock arithmetic, the day clamped to the new month first.
    pub fn plus_calendar(&self, zone: Tz, months: i64, days: i64) -> Zoned {
        let c = self.civil;
        let month_index = i64::from(c.month) - 1 + months;
        let year = c.year + month_index.div_euclid(12);
        let month = (month_index.rem_euclid(12) + 1) as u32;
        let day = i64::from(c.day.min(days_in_month(year, month))) + days;
        let local = local_ms(year, month, 1, c.hour, c.minute, c.second, c.millisecond)
            + (day - 1) * MS_PER_DAY;
        fix_offset(local, self.offset, zone)
    }

    /// `plus({ hours | minutes | seconds })`: absolute time, then the offset in force there.
    pub fn plus_millis(&self, zone: Tz, millis: i64) -> Zoned {
        Zoned::at(zone, self.ts + millis)
    }

    /// `startOf(unit)`: zero the smaller wall-clock fields and resolve with the current offset.
    pub fn start_of(&self, zone: Tz, unit: Unit) -> Zoned {
        let c = self.civil;
        let (day, hour, minute, second) = match unit {
            Unit::Month => (1, 0, 0, 0),
            Unit::Day => (c.day, 0, 0, 0),
            Unit::Hour => (c.day, c.hour, 0, 0),
            Unit::Minute => (c.day, c.hour, c.minute, 0),
            Unit::Second => (c.day, c.hour, c.minute, c.second),
        };
        let local = local_ms(c.year, c.month, day, hour, minute, second, 0);
        fix_offset(local, self.offset, zone)
    }
}

/// The zone's offset at an instant, in seconds.
pub(super) fn offset_at(zone: Tz, ts: i64) -> i32 {
    let seconds = ts.div_euclid(MS_PER_SECOND);
    match chrono::DateTime::from_timestamp(seconds, 0) {
        Some(utc) => zone
            .offset_from_utc_datetime(&utc.naive_utc())
            .fix()
            .local_minus_utc(),
        None => 0,
    }
}

/// luxon's `fixOffset`: which instant a wall-clock time is, given a guess of the offset.
fn fix_offset(local: i64, guess: i32, zone: Tz) -> Zoned {
    let mut utc_guess = local - i64::from(guess) * MS_PER_SECOND;
    let o2 = offset_at(zone, utc_guess);
    if o2 == guess {
        return Zoned::with_offset(utc_guess, guess);
    }
    utc_guess -= i64::from(o2 - guess) * MS_PER_SECOND;
    let o3 = offset_at(zone, utc_guess);
    if o2 == o3 {
        return Zoned::with_offset(utc_guess, o2);
    }
    // A wall-clock time that does not exist: keep the fields, move forward by the gap.
    Zoned::with_offset(local - i64::from(o2.min(o3)) * MS_PER_SECOND, o2.max(o3))
}

fn local_ms(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    millisecond: u32,
) -> i64 {
    days_from_civil(year, month, day) * MS_PER_DAY
        + i64::from(hour) * MS_PER_HOUR
        + i64::from(minute) * MS_PER_MINUTE
        + i64::from(second) * MS_PER_SECOND
        + i64::from(millisecond)
}

pub(super) fn civil_from_ms(ms: i64) -> Civil {
    let days = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (in_day / MS_PER_HOUR) as u32,
        minute: (in_day % MS_PER_HOUR / MS_PER_MINUTE) as u32,
        second: (in_day % MS_PER_MINUTE / MS_PER_SECOND) as u32,
        millisecond: (in_day % MS_PER_SECOND) as u32,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(super) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;

    fn ms(rfc3339: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(rfc3339)
            .map(|t| t.timestamp_millis())
            .unwrap_or(i64::MIN)
    }

    #[test]
    fn civil_round_trips_across_eras() {
        for days in [-800_000, -1, 0, 1, 19_000, 60_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }

    #[test]
    fn wall_time_in_a_spring_gap_moves_forward_by_the_gap() {
        // 2024-03-10 01:00 EST, plus one day then back to 02:30 does not exist in New York.
        let start = Zoned::at(New_York, ms("2024-03-10T06:00:00Z"));
        let local = local_ms(2024, 3, 10, 2, 30, 0, 0);
        let resolved = fix_offset(local, start.offset, New_York);
        assert_eq!(resolved.ts, ms("2024-03-10T07:30:00Z"));
        assert_eq!((resolved.civil.hour, resolved.civil.minute), (3, 30));
    }

    #[test]
    fn ambiguous_wall_time_keeps_the_guessed_offset() {
        let local = local_ms(2024, 11, 3, 1, 30, 0, 0);
        assert_eq!(
            fix_offset(local, -4 * 3600, New_York).ts,
            ms("2024-11-03T05:30:00Z")
        );
        assert_eq!(
            fix_offset(local, -5 * 3600, New_York).ts,
            ms("2024-11-03T06:30:00Z")
        );
    }
}
