//! The fire-time search of cron-parser 4.9.0 (`CronExpression._findSchedule`, forward only).
//!
//! cron-parser walks from the start instant one unit at a time — a day, a month, an hour, a
//! minute, a second — re-checking every field after each step, and gives up after 10,000
//! steps. Its answers in DST gaps and overlaps, and which schedules it declares never firing,
//! follow from exactly that walk, so this module keeps the walk and its step count. It only
//! takes several steps at once where a single-step walk provably lands on the same instant
//! with the same state: no offset change in between, no field matched on the way.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use super::parse::days_in_month_leap;
use super::zoned::{Unit, Zoned, days_from_civil, days_in_month, offset_at};
use super::{CronField, Schedule, ScheduleError};

const LOOP_LIMIT: u32 = 10_000;
const LOOP_LIMIT_MESSAGE: &str = "Invalid expression, loop limit exceeded";

const MS_PER_SECOND: i64 = 1_000;
const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 3_600_000;
const MS_PER_DAY: i64 = 86_400_000;

/// `parseExpression(expr, { currentDate: after, tz: zone }).next()`.
pub(super) fn next_after(
    schedule: &Schedule,
    zone: Tz,
    after: DateTime<Utc>,
) -> Result<DateTime<Utc>, ScheduleError> {
    let next = next_from(schedule, zone, Zoned::at(zone, after.timestamp_millis()))?;
    to_utc(next)
}

/// The next `count` fires, each a fresh search from the one before (the scheduler's chain).
pub(super) fn upcoming(
    schedule: &Schedule,
    zone: Tz,
    after: DateTime<Utc>,
    count: usize,
) -> Result<Vec<DateTime<Utc>>, ScheduleError> {
    let mut fires = Vec::with_capacity(count);
    let mut from = Zoned::at(zone, after.timestamp_millis());
    for _ in 0..count {
        // A fire's offset is the one in force at it, so the next search starts from it as is.
        from = next_from(schedule, zone, from)?;
        fires.push(to_utc(from)?);
    }
    Ok(fires)
}

fn next_from(schedule: &Schedule, zone: Tz, from: Zoned) -> Result<Zoned, ScheduleError> {
    let mut walk = Walk {
        schedule,
        zone,
        accelerate: true,
        dst_start: None,
        dst_end: None,
        steps: 0,
        current: from,
    };
    walk.run()?;
    Ok(walk.current)
}

/// The instant as a chrono time; one past chrono's calendar (about ±262,000 years, far beyond
/// any schedule a person sets from today) is named as such rather than as a loop limit.
fn to_utc(z: Zoned) -> Result<DateTime<Utc>, ScheduleError> {
    DateTime::from_timestamp_millis(z.ts).ok_or_else(|| {
        ScheduleError::new(format!(
            "The next fire time is outside the supported years {} to {}",
            DateTime::<Utc>::MIN_UTC.year(),
            DateTime::<Utc>::MAX_UTC.year()
        ))
    })
}

struct Walk<'a> {
    schedule: &'a Schedule,
    zone: Tz,
    /// False walks strictly one unit at a time, as cron-parser does (tests compare the two).
    accelerate: bool,
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

        match day_phase(s, &CalendarDay::new(c.year, c.month, c.day))? {
            DayPhase::Pass => {}
            advance => {
                self.advance_days(advance)?;
                return Ok(Step::Continue);
            }
        }

        // Usually the rest of the day's walk needs no zone lookups but one: plan it on the wall
        // clock and take it in one jump if the offset at its end is the current one.
        if self.accelerate && self.dst_start.is_none() && self.dst_end.is_none() {
            let (target_time, count) = plan_within_day(s, &c, self.current.ts == start);
            if count >= 2 {
                let offset_ms = i64::from(self.current.offset) * MS_PER_SECOND;
                let local = self.current.ts + offset_ms;
                let target = local - local.rem_euclid(MS_PER_DAY) + target_time - offset_ms;
                if offset_at(self.zone, target) == self.current.offset {
                    self.current = Zoned::with_offset(target, self.current.offset);
                    self.steps += count - 1;
                    return Ok(Step::Continue);
                }
            }
        }

        let hour = c.hour;
        if !s.hour.contains(hour) {
            if self.dst_start != Some(hour) {
                self.dst_start = None;
                let next = (hour + 1..24).find(|h| s.hour.contains(*h)).unwrap_or(24);
                if !self.jump(MS_PER_HOUR, next - hour) {
                    self.shift_time(Unit::Hour);
                }
                return Ok(Step::Continue);
            } else if hour == 0 || !s.hour.contains(hour - 1) {
                self.current = add_unit(&self.current, self.zone, Unit::Hour);
                return Ok(Step::Continue);
            }
        } else if self.dst_end == Some(hour) {
            self.dst_end = None;
            self.shift_time(Unit::Hour);
            return Ok(Step::Continue);
        }

        if !s.minute.contains(c.minute) {
            let next = (c.minute + 1..60)
                .find(|m| s.minute.contains(*m))
                .unwrap_or(60);
            if !self.jump(MS_PER_MINUTE, next - c.minute) {
                self.shift_time(Unit::Minute);
            }
            return Ok(Step::Continue);
        }
        let second_matches = s.second.contains(c.second);
        if !second_matches || self.current.ts == start {
            let next = (c.second + 1..60)
                .find(|x| s.second.contains(*x))
                .unwrap_or(60);
            if !self.jump(MS_PER_SECOND, next - c.second) {
                self.shift_time(Unit::Second);
            }
            return Ok(Step::Continue);
        }
        Ok(Step::Found)
    }

    /// Take `count` single-unit steps at once (this iteration's and `count - 1` more), when a
    /// one-by-one walk would provably land on the same instant with the same state: the offset
    /// is the same at both ends and no DST flag is pending. Returns false to walk one step.
    fn jump(&mut self, unit_ms: i64, count: u32) -> bool {
        if !self.accelerate || count < 2 || self.dst_end.is_some() || self.dst_start.is_some() {
            return false;
        }
        let offset_ms = i64::from(self.current.offset) * MS_PER_SECOND;
        let local = self.current.ts + offset_ms;
        let target = local - local.rem_euclid(unit_ms) + i64::from(count) * unit_ms - offset_ms;
        if offset_at(self.zone, target) != self.current.offset {
            return false;
        }
        self.current = Zoned::with_offset(target, self.current.offset);
        self.steps += count - 1;
        true
    }

    /// Day and month steps until a day passes the day checks. The checks depend on the date
    /// alone, so they are run on the calendar (a month at a time where the rules allow); the
    /// walk then lands on that day, or one step short of it where luxon's arithmetic could
    /// differ from plain wall-clock midnight, and takes the last step for real.
    fn advance_days(&mut self, first: DayPhase) -> Result<(), ScheduleError> {
        let c = self.current.civil;
        let mut date = CalendarDay::new(c.year, c.month, c.day);
        let mut phase = first;
        let mut before_last = date;
        let mut last_phase = first;
        let mut advances: u32 = 0;
        let simple = self.accelerate && is_plain_day_rule(self.schedule);
        while phase != DayPhase::Pass {
            let skip = if simple && phase == DayPhase::NextDay {
                days_to_next_passing_day(self.schedule, &date)
            } else {
                1
            };
            if skip > 1 {
                before_last = date.plus_days_in_month(skip - 1);
                last_phase = DayPhase::NextDay;
                date = before_last.next();
            } else {
                before_last = date;
                last_phase = phase;
                date = if phase == DayPhase::NextMonth {
                    date.first_of_next_month()
                } else {
                    date.next()
                };
            }
            advances += skip;
            // The iteration that checks `date` is number `steps + advances`.
            if self.steps + advances > LOOP_LIMIT {
                return Err(ScheduleError::new(LOOP_LIMIT_MESSAGE));
            }
            phase = day_phase(self.schedule, &date)?;
        }
        // A day step keeps the wall-clock time of where it starts (the current instant for a
        // single step, a midnight otherwise) before truncating to the day.
        let step_origin_time = if advances == 1 {
            time_of_day_ms(&self.current)
        } else {
            0
        };
        if self.accelerate
            && last_phase == DayPhase::NextDay
            && let Some(landing) = self.midnight_reached_by_day_step(date, step_origin_time)
        {
            self.current = landing;
            self.steps += advances - 1;
            return Ok(());
        }
        if self.accelerate
            && advances >= 2
            && let Some(landing) = self.start_of_date(before_last)
        {
            self.current = landing;
            self.steps += advances - 2;
            return Ok(());
        }
        self.shift_day_or_month(if first == DayPhase::NextMonth {
            Unit::Month
        } else {
            Unit::Day
        });
        Ok(())
    }

    /// Where a day step into `date` lands, when that is plainly the date's midnight: the
    /// current offset is in force a day before that midnight, at it, and at the wall-clock
    /// time the step passes through (`origin_time` after it), so both of the step's
    /// conversions resolve to that midnight.
    fn midnight_reached_by_day_step(&self, date: CalendarDay, origin_time: i64) -> Option<Zoned> {
        let local = days_from_civil(date.year, date.month, date.day) * MS_PER_DAY;
        let offset = self.current.offset;
        let ts = local - i64::from(offset) * MS_PER_SECOND;
        let same = |at: i64| offset_at(self.zone, at) == offset;
        if !same(ts) || !same(ts - MS_PER_DAY) || (origin_time != 0 && !same(ts + origin_time)) {
            return None;
        }
        Some(Zoned::with_offset(ts, offset))
    }

    /// The start of a local date as a day step reaches it, if the date exists in the zone.
    fn start_of_date(&self, date: CalendarDay) -> Option<Zoned> {
        let CalendarDay {
            year, month, day, ..
        } = date;
        let local = days_from_civil(year, month, day) * MS_PER_DAY;
        let guess = offset_at(
            self.zone,
            local - i64::from(self.current.offset) * MS_PER_SECOND - MS_PER_DAY,
        );
        let landing = Zoned::with_offset(local - i64::from(guess) * MS_PER_SECOND, guess)
            .start_of(self.zone, Unit::Day);
        let c = landing.civil;
        ((c.year, c.month, c.day) == (year, month, day)).then_some(landing)
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
            self.current = add_unit(&self.current, self.zone, Unit::Hour);
        }
    }

    /// `_applyTimezoneShift` for hours, minutes and seconds: a step that jumps the wall clock
    /// two hours marks a DST start, one that repeats an hour at :00:00 marks a DST end — for
    /// schedules whose hour field is not a wildcard (cron-parser counts 24 entries).
    fn shift_time(&mut self, unit: Unit) {
        let previous_hour = self.current.civil.hour;
        self.current = add_unit(&self.current, self.zone, unit);
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

/// Whether a local wall-clock time passes every field check of `_findSchedule` (the day rules,
/// the month, hour, minute and second), i.e. whether the expression names that wall time.
pub(super) fn matches_wall_time(
    s: &Schedule,
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> Result<bool, ScheduleError> {
    let phase = day_phase(s, &CalendarDay::new(year, month, day))?;
    Ok(phase == DayPhase::Pass
        && s.hour.contains(hour)
        && s.minute.contains(minute)
        && s.second.contains(second))
}

/// Where the day checks of one loop iteration send the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayPhase {
    Pass,
    NextDay,
    NextMonth,
}

/// A local date with what the day checks need of it, cheap to step forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CalendarDay {
    year: i64,
    month: u32,
    day: u32,
    /// 0 = Sunday.
    weekday: u32,
    days_in_month: u32,
}

impl CalendarDay {
    fn new(year: i64, month: u32, day: u32) -> CalendarDay {
        CalendarDay {
            year,
            month,
            day,
            // 1970-01-01 was a Thursday.
            weekday: (days_from_civil(year, month, day) + 4).rem_euclid(7) as u32,
            days_in_month: days_in_month(year, month),
        }
    }

    fn next(self) -> CalendarDay {
        if self.day >= self.days_in_month {
            return self.first_of_next_month();
        }
        CalendarDay {
            day: self.day + 1,
            weekday: (self.weekday + 1) % 7,
            ..self
        }
    }

    /// `count` days later, staying within this month.
    fn plus_days_in_month(self, count: u32) -> CalendarDay {
        CalendarDay {
            day: self.day + count,
            weekday: (self.weekday + count) % 7,
            ..self
        }
    }

    fn first_of_next_month(self) -> CalendarDay {
        let (year, month) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        let weekday = (self.weekday + self.days_in_month - self.day + 1) % 7;
        CalendarDay {
            year,
            month,
            day: 1,
            weekday,
            days_in_month: days_in_month(year, month),
        }
    }
}

/// The day-of-month, day-of-week, `#` and month checks of `_findSchedule`, which depend on the
/// local date alone.
fn day_phase(s: &Schedule, date: &CalendarDay) -> Result<DayPhase, ScheduleError> {
    let CalendarDay {
        month,
        day,
        weekday,
        days_in_month: days_in_this_month,
        ..
    } = *date;
    let mut day_of_month_match = s.day_of_month.contains(day);
    if s.day_of_month.has_last() {
        day_of_month_match = day_of_month_match || day == days_in_this_month;
    }
    let mut day_of_week_match = s.day_of_week.contains(weekday);
    if s.day_of_week.has_last() && !day_of_week_match {
        day_of_week_match = is_last_weekday_match(s, weekday, day + 7 > days_in_this_month)?;
    }
    let day_of_month_wildcard = s.day_of_month.count >= days_in_month_leap(month) as usize;
    let day_of_week_wildcard = s.day_of_week.count == 8;

    // The day rules of `_findSchedule` (its second rule, a wildcard day of week with an
    // unmatched day of month, is already covered by the first); any moves to the next day.
    let day_rejected = (!day_of_month_match && (!day_of_week_match || day_of_week_wildcard))
        || (day_of_month_wildcard && !day_of_week_wildcard && !day_of_week_match);
    let nth_rejected = s.nth_day_of_week > 0 && !is_nth_day_match(day, s.nth_day_of_week);
    if day_rejected || nth_rejected {
        return Ok(DayPhase::NextDay);
    }
    if !s.month.contains(month) {
        return Ok(DayPhase::NextMonth);
    }
    Ok(DayPhase::Pass)
}

/// Whether the day rules reduce to plain sets of days and weekdays (no `L`, no `#`), so that
/// whole runs of rejected days can be counted at once.
fn is_plain_day_rule(s: &Schedule) -> bool {
    !s.day_of_month.has_last() && !s.day_of_week.has_last() && s.nth_day_of_week == 0
}

/// For a plain day rule, how many day steps from `date` (which was just rejected) reach the
/// next day that passes the day rules this month, or the first of next month.
fn days_to_next_passing_day(s: &Schedule, date: &CalendarDay) -> u32 {
    let dim = date.days_in_month;
    let valid_days: u64 = ((1u64 << (dim + 1)) - 1) & !1;
    let day_of_month_days = s.day_of_month.bits & valid_days;
    // Bit d set when day d's weekday is listed: a weekly pattern from the 1st, repeated.
    let first_weekday = (date.weekday + 35 - (date.day - 1) % 7) % 7;
    let mut week: u64 = 0;
    for k in 0..7 {
        if s.day_of_week.contains((first_weekday + k) % 7) {
            week |= 1u64 << (k + 1);
        }
    }
    let day_of_week_days = (week | week << 7 | week << 14 | week << 21 | week << 28) & valid_days;
    let day_of_month_wildcard = s.day_of_month.count >= days_in_month_leap(date.month) as usize;
    let passing = if s.day_of_week.count == 8 {
        day_of_month_days
    } else if day_of_month_wildcard {
        day_of_week_days
    } else {
        day_of_month_days | day_of_week_days
    };
    let later = passing >> (date.day + 1);
    if later == 0 {
        dim - date.day + 1
    } else {
        later.trailing_zeros() + 1
    }
}

/// `isLastWeekdayOfMonthMatch`: the `nL` entries, in cron-parser's order; an entry whose first
/// character is not a digit throws when it is reached.
fn is_last_weekday_match(
    s: &Schedule,
    weekday: u32,
    is_last_of_its_kind: bool,
) -> Result<bool, ScheduleError> {
    for entry in &s.day_of_week.last_entries {
        let Some(digit) = entry.chars().next().and_then(|ch| ch.to_digit(10)) else {
            return Err(ScheduleError::in_field(
                format!("Invalid last weekday of the month expression: {entry}"),
                CronField::DayOfWeek,
            ));
        };
        if weekday == digit % 7 && is_last_of_its_kind {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The hour, minute and second steps of the walk from `c` on an unchanging wall clock: the
/// time of day it reaches (a match, or the next midnight as 24:00) and how many steps it takes.
fn plan_within_day(s: &Schedule, c: &super::zoned::Civil, at_start: bool) -> (i64, u32) {
    let next_in = |field: &super::fields::FieldValues, from: u32, end: u32| {
        (from + 1..end).find(|v| field.contains(*v)).unwrap_or(end)
    };
    let (mut hour, mut minute, mut second) = (c.hour, c.minute, c.second);
    let mut moved = false;
    let mut steps = 0;
    loop {
        if hour == 24 {
            return (MS_PER_DAY, steps);
        }
        if !s.hour.contains(hour) {
            let next = next_in(&s.hour, hour, 24);
            steps += next - hour;
            (hour, minute, second, moved) = (next, 0, 0, true);
            continue;
        }
        if !s.minute.contains(minute) {
            let next = next_in(&s.minute, minute, 60);
            steps += next - minute;
            (minute, second, moved) = (next, 0, true);
            if minute == 60 {
                (hour, minute) = (hour + 1, 0);
            }
            continue;
        }
        if !s.second.contains(second) || (at_start && !moved) {
            let next = next_in(&s.second, second, 60);
            steps += next - second;
            (second, moved) = (next, true);
            if second == 60 {
                (minute, second) = (minute + 1, 0);
                if minute == 60 {
                    (hour, minute) = (hour + 1, 0);
                }
            }
            continue;
        }
        let time = i64::from(hour) * MS_PER_HOUR
            + i64::from(minute) * MS_PER_MINUTE
            + i64::from(second) * MS_PER_SECOND;
        return (time, steps);
    }
}

fn time_of_day_ms(z: &Zoned) -> i64 {
    let c = z.civil;
    i64::from(c.hour) * MS_PER_HOUR
        + i64::from(c.minute) * MS_PER_MINUTE
        + i64::from(c.second) * MS_PER_SECOND
        + i64::from(c.millisecond)
}

/// `isNthDayMatch`: whether the day number falls in the k-th week of the month.
fn is_nth_day_match(day: u32, nth: u32) -> bool {
    if nth >= 6 {
        return false;
    }
    if day < 8 && nth == 1 {
        return true;
    }
    let offset = u32::from(!day.is_multiple_of(7));
    let occurrence = (day - day % 7) / 7 + offset;
    occurrence == nth
}

/// `CronDate.addHour`, `addMinute` and `addSecond`: absolute time, truncated to the unit; if
/// the truncation fell back across a repeated hour, an hour more. (`addHour` also moves on
/// when it did not advance at all.)
fn add_unit(current: &Zoned, zone: Tz, unit: Unit) -> Zoned {
    let unit_ms = match unit {
        Unit::Hour => MS_PER_HOUR,
        Unit::Minute => MS_PER_MINUTE,
        _ => MS_PER_SECOND,
    };
    let next = current.plus_millis(zone, unit_ms).start_of(zone, unit);
    let fell_back = if unit == Unit::Hour {
        next.ts <= current.ts
    } else {
        next.ts < current.ts
    };
    if fell_back {
        next.plus_millis(zone, MS_PER_HOUR)
    } else {
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;
    use proptest::prelude::*;

    fn walk(schedule: &Schedule, zone: Tz, after: i64, accelerate: bool) -> Result<i64, String> {
        let mut walk = Walk {
            schedule,
            zone,
            accelerate,
            dst_start: None,
            dst_end: None,
            steps: 0,
            current: Zoned::at(zone, after),
        };
        walk.run().map_err(|e| e.message)
    }

    #[test]
    fn a_fire_past_the_end_of_the_calendar_says_so() {
        let schedule = parse("* * * * *").unwrap_or_else(|e| panic!("{e:?}"));
        let err = next_after(&schedule, Tz::UTC, DateTime::<Utc>::MAX_UTC)
            .map(|t| t.to_rfc3339())
            .map_err(|e| e.message);
        assert_eq!(
            err,
            Err("The next fire time is outside the supported years -262143 to 262142".into())
        );
    }

    fn field(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(tokens), 1..3).prop_map(|t| t.join(","))
    }

    fn expression() -> impl Strategy<Value = String> {
        let minute = field(&["*", "0", "59", "30", "*/15", "5/15", "*/7", "0-10/3", "45"]);
        let hour = field(&[
            "*", "0", "1", "2", "3", "23", "*/6", "1-3", "9-17/3", "0-23",
        ]);
        let day_of_month = prop::sample::select(vec![
            "*", "1", "15", "31", "L", "?", "1-30", "*/2", "29", "1,L", "1-31",
        ]);
        let month = prop::sample::select(vec!["*", "2", "3,11", "*/3", "jan-mar", "10-12", "4"]);
        let day_of_week = prop::sample::select(vec![
            "*", "0", "7", "MON", "1-5", "5L", "0L", "5#3", "1#5", "2-7/2", "0-6", "1-7", "6,0",
            "L",
        ]);
        (minute, hour, day_of_month, month, day_of_week)
            .prop_map(|(m, h, dom, mon, dow)| format!("{m} {h} {dom} {mon} {dow}"))
    }

    fn zone() -> impl Strategy<Value = Tz> {
        prop::sample::select(vec![
            Tz::UTC,
            chrono_tz::America::New_York,
            chrono_tz::Europe::London,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::America::Santiago,
            chrono_tz::Africa::Cairo,
            chrono_tz::Pacific::Auckland,
            chrono_tz::Atlantic::Azores,
            chrono_tz::America::Havana,
            chrono_tz::Asia::Kolkata,
        ])
    }

    /// Instants (ms) where the zone's offset changes during 2024-2026, found by scanning.
    fn transitions(zone: Tz) -> Vec<i64> {
        let mut found = Vec::new();
        let mut t = 1_704_067_200_000i64; // 2024-01-01
        let end = 1_798_761_600_000i64; // 2027-01-01
        let mut before = offset_at(zone, t);
        while t < end {
            let next = t + 15 * MS_PER_MINUTE;
            let after = offset_at(zone, next);
            if after != before {
                found.push(next);
                before = after;
            }
            t = next;
        }
        found
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        /// Same as below, from instants within two days of a DST change.
        #[test]
        fn shortcuts_agree_with_the_step_by_step_walk_around_dst_changes(
            expr in expression(),
            zone in zone(),
            pick in 0usize..1000,
            // Within two days either side, at minute, second or millisecond precision.
            delta in -172_800_000i64..172_800_000i64,
            precision in prop::sample::select(vec![60_000i64, 1_000, 1]),
        ) {
            let Ok(schedule) = parse(&expr) else { return Ok(()) };
            let changes = transitions(zone);
            let Some(change) = changes.get(pick % changes.len().max(1)) else { return Ok(()) };
            let mut from = change + delta - delta.rem_euclid(precision);
            for _ in 0..4 {
                let fast = walk(&schedule, zone, from, true);
                let slow = walk(&schedule, zone, from, false);
                prop_assert_eq!(&fast, &slow, "{} in {} after {}", expr, zone, from);
                match fast {
                    Ok(next) => from = next,
                    Err(_) => break,
                }
            }
        }

        /// The shortcuts must never change an answer: the accelerated walk agrees with the
        /// step-by-step walk on the instant, the error, and so on along the chain.
        #[test]
        fn shortcuts_land_where_the_step_by_step_walk_lands(
            expr in expression(),
            zone in zone(),
            // 2023-01-01 .. 2028-01-01, at any millisecond.
            after in 1_672_531_200_000i64..1_830_297_600_000i64,
        ) {
            let Ok(schedule) = parse(&expr) else { return Ok(()) };
            let mut from = after;
            for _ in 0..4 {
                let fast = walk(&schedule, zone, from, true);
                let slow = walk(&schedule, zone, from, false);
                prop_assert_eq!(&fast, &slow, "{} in {} after {}", expr, zone, from);
                match fast {
                    Ok(next) => from = next,
                    Err(_) => break,
                }
            }
        }
    }
}
