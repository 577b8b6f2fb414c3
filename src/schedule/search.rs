//! The fire-time search of cron-parser 4.9.0 (`CronExpression._findSchedule`, forward only).
//!
//! cron-parser walks from the start instant one unit at a time — a day, a month, an hour, a
//! minute, a second — re-checking every field after each step, and gives up after 10,000
//! steps. Its answers in DST gaps and overlaps, and which schedules it declares never firing,
//! follow from exactly that walk, so this module keeps the walk and its step count. It only
//! takes several steps at once where a single-step walk provably lands on the same instant
//! with the same state: no offset change in between, no field matched on the way.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::parse::days_in_month_leap;
use super::zoned::{Unit, Zoned};
use super::{CronField, Schedule, ScheduleError};

const LOOP_LIMIT: u32 = 10_000;
const LOOP_LIMIT_MESSAGE: &str = "Invalid expression, loop limit exceeded";

const MS_PER_SECOND: i64 = 1_000;
const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 3_600_000;

/// `parseExpression(expr, { currentDate: after, tz: zone }).next()`.
pub(super) fn next_after(
    schedule: &Schedule,
    zone: Tz,
    after: DateTime<Utc>,
) -> Result<DateTime<Utc>, ScheduleError> {
    let mut walk = Walk {
        schedule,
        zone,
        dst_start: None,
        dst_end: None,
        steps: 0,
        current: Zoned::at(zone, after.timestamp_millis()),
    };
    let ts = walk.run()?;
    DateTime::from_timestamp_millis(ts).ok_or_else(|| ScheduleError::new(LOOP_LIMIT_MESSAGE))
}

struct Walk<'a> {
    schedule: &'a Schedule,
    zone: Tz,
    /// cron-parser's `_dstStart` / `_dstEnd`: the hour a DST change just jumped to or repeated.
    dst_start: Option<u32>,
    dst_end: Option<u32>,
    steps: u32,
    current: Zoned,
}

/// What one pass of the loop decided.
enum Step {
    Found,
    Continue,
}

impl Walk<'_> {
    fn run(&mut self) -> Result<i64, ScheduleError> {
        let start = self.current.ts;
        loop {
            if self.steps >= LOOP_LIMIT {
                return Err(ScheduleError::new(LOOP_LIMIT_MESSAGE));
            }
            self.steps += 1;
            if let Step::Found = self.step(start)? {
                if self.steps >= LOOP_LIMIT {
                    return Err(ScheduleError::new(LOOP_LIMIT_MESSAGE));
                }
                return Ok(self.current.ts);
            }
        }
    }

    /// One iteration of `_findSchedule`'s `while` loop.
    fn step(&mut self, start: i64) -> Result<Step, ScheduleError> {
        let s = self.schedule;
        let c = self.current.civil;

        let mut day_of_month_match = s.day_of_month.contains(c.day);
        if s.day_of_month.has_last() {
            day_of_month_match = day_of_month_match || c.day == c.days_in_month();
        }
        let mut day_of_week_match = s.day_of_week.contains(c.weekday());
        if s.day_of_week.has_last() && !day_of_week_match {
            day_of_week_match = self.is_last_weekday_match()?;
        }
        let day_of_month_wildcard = s.day_of_month.count >= days_in_month_leap(c.month) as usize;
        let day_of_week_wildcard = s.day_of_week.count == 8;

        if (!day_of_month_match && (!day_of_week_match || day_of_week_wildcard))
            || (!day_of_month_wildcard && day_of_week_wildcard && !day_of_month_match)
            || (day_of_month_wildcard && !day_of_week_wildcard && !day_of_week_match)
            || (s.nth_day_of_week > 0 && !is_nth_day_match(c.day, s.nth_day_of_week))
        {
            self.shift_day_or_month(Unit::Day);
            return Ok(Step::Continue);
        }
        if !s.month.contains(c.month) {
            self.shift_day_or_month(Unit::Month);
            return Ok(Step::Continue);
        }

        let hour = c.hour;
        if !s.hour.contains(hour) {
            if self.dst_start != Some(hour) {
                self.dst_start = None;
                self.shift_time(Unit::Hour);
                return Ok(Step::Continue);
            } else if hour == 0 || !s.hour.contains(hour - 1) {
                self.current = add_hour(&self.current, self.zone);
                return Ok(Step::Continue);
            }
        } else if self.dst_end == Some(hour) {
            self.dst_end = None;
            self.shift_time(Unit::Hour);
            return Ok(Step::Continue);
        }

        if !s.minute.contains(c.minute) {
            self.shift_time(Unit::Minute);
            return Ok(Step::Continue);
        }
        if !s.second.contains(c.second) {
            self.shift_time(Unit::Second);
            return Ok(Step::Continue);
        }
        if self.current.ts == start {
            self.shift_time(Unit::Second);
            return Ok(Step::Continue);
        }
        Ok(Step::Found)
    }

    /// `isLastWeekdayOfMonthMatch`: the `nL` entries, in cron-parser's order; an entry whose
    /// first character is not a digit throws when it is reached.
    fn is_last_weekday_match(&self) -> Result<bool, ScheduleError> {
        let c = self.current.civil;
        let is_last_of_its_kind = c.day + 7 > c.days_in_month();
        for entry in &self.schedule.day_of_week.last_entries {
            let Some(digit) = entry.chars().next().and_then(|ch| ch.to_digit(10)) else {
                return Err(ScheduleError::in_field(
                    format!("Invalid last weekday of the month expression: {entry}"),
                    CronField::DayOfWeek,
                ));
            };
            if c.weekday() == digit % 7 && is_last_of_its_kind {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `_applyTimezoneShift` for days and months.
    fn shift_day_or_month(&mut self, unit: Unit) {
        let before = self.current.ts;
        self.current = match unit {
            Unit::Month => self
                .current
                .plus_calendar(self.zone, 1, 0)
                .start_of(self.zone, Unit::Month),
            _ => self
                .current
                .plus_calendar(self.zone, 0, 1)
                .start_of(self.zone, Unit::Day),
        };
        let c = self.current.civil;
        if self.current.ts == before && c.minute == 0 && c.second == 0 {
            // Stuck on a day that does not exist: cron-parser pushes on by an hour.
            self.current = add_hour(&self.current, self.zone);
        }
    }

    /// `_applyTimezoneShift` for hours, minutes and seconds: a step that jumps the wall clock
    /// two hours marks a DST start, one that repeats an hour at :00:00 marks a DST end — for
    /// schedules whose hour field is not a wildcard (cron-parser counts 24 entries).
    fn shift_time(&mut self, unit: Unit) {
        let previous_hour = self.current.civil.hour;
        self.current = match unit {
            Unit::Hour => add_hour(&self.current, self.zone),
            Unit::Minute => add_minute(&self.current, self.zone),
            _ => add_second(&self.current, self.zone),
        };
        let c = self.current.civil;
        let diff = i64::from(c.hour) - i64::from(previous_hour);
        let hour_restricted = self.schedule.hour.count != 24;
        if diff == 2 {
            if hour_restricted {
                self.dst_start = Some(c.hour);
            }
        } else if diff == 0 && c.minute == 0 && c.second == 0 && hour_restricted {
            self.dst_end = Some(c.hour);
        }
    }
}

/// `isNthDayMatch`: whether the day number falls in the k-th week of the month.
fn is_nth_day_match(day: u32, nth: u32) -> bool {
    if nth >= 6 {
        return false;
    }
    if day < 8 && nth == 1 {
        return true;
    }
    let offset = u32::from(day % 7 != 0);
    let occurrence = (day - day % 7) / 7 + offset;
    occurrence == nth
}

/// `CronDate.addHour`.
fn add_hour(current: &Zoned, zone: Tz) -> Zoned {
    let next = current
        .plus_millis(zone, MS_PER_HOUR)
        .start_of(zone, Unit::Hour);
    if next.ts <= current.ts {
        next.plus_millis(zone, MS_PER_HOUR)
    } else {
        next
    }
}

/// `CronDate.addMinute`.
fn add_minute(current: &Zoned, zone: Tz) -> Zoned {
    let next = current
        .plus_millis(zone, MS_PER_MINUTE)
        .start_of(zone, Unit::Minute);
    if next.ts < current.ts {
        next.plus_millis(zone, MS_PER_HOUR)
    } else {
        next
    }
}

/// `CronDate.addSecond`.
fn add_second(current: &Zoned, zone: Tz) -> Zoned {
    let next = current
        .plus_millis(zone, MS_PER_SECOND)
        .start_of(zone, Unit::Second);
    if next.ts < current.ts {
        next.plus_millis(zone, MS_PER_HOUR)
    } else {
        next
    }
}
