//! Recoup's plan limits (addendum §1): what each plan allows, the hosted gate's minimum-cadence
//! measure of a cron expression, and the exact 402 `plan_limit` body. Shared by the local
//! server (which enforces them for accounts that have a plan) and the client and TUI (which
//! read the 402 and warn before a save).

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where the hosted API sends a user to change plan (`PLAN_BILLING_URL`, §1.3).
pub const PLAN_BILLING_URL: &str = "https://app.recoupable.dev/plan";

/// The three plans an account can be on (§1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Free,
    Starter,
    Pro,
}

impl Plan {
    /// Every plan, cheapest first.
    pub const ALL: [Plan; 3] = [Plan::Free, Plan::Starter, Plan::Pro];

    /// The plan's name on the wire: `free`, `starter`, `pro`.
    pub fn name(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Starter => "starter",
            Plan::Pro => "pro",
        }
    }

    /// The plan's name as a sentence writes it: `Free`, `Starter`, `Pro`.
    pub fn title(self) -> &'static str {
        match self {
            Plan::Free => "Free",
            Plan::Starter => "Starter",
            Plan::Pro => "Pro",
        }
    }

    /// The most **enabled** tasks an owner may have; `None` is uncapped.
    pub fn task_limit(self) -> Option<u32> {
        match self {
            Plan::Free => Some(1),
            Plan::Starter => Some(3),
            Plan::Pro => None,
        }
    }

    /// The shortest gap between two fires the plan allows, in minutes.
    pub fn min_cadence_minutes(self) -> u32 {
        match self {
            Plan::Free => 10_080,
            Plan::Starter => 1_440,
            Plan::Pro => 60,
        }
    }

    /// The plan named `name` (`free`, `starter`, `pro`, any case).
    pub fn parse(name: &str) -> Option<Plan> {
        Plan::ALL
            .into_iter()
            .find(|plan| plan.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which limit a write or a run ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanLimit {
    /// Too many enabled tasks.
    TaskCount,
    /// The schedule fires more often than the plan allows.
    MinCadence,
}

impl PlanLimit {
    /// The limit's code on the wire: `task_count`, `min_cadence`.
    pub fn name(self) -> &'static str {
        match self {
            PlanLimit::TaskCount => "task_count",
            PlanLimit::MinCadence => "min_cadence",
        }
    }

    /// The hosted API's sentence for this limit on this plan (§1.4, exact).
    pub fn message(self, plan: Plan) -> &'static str {
        match (self, plan) {
            (PlanLimit::TaskCount, Plan::Free) => {
                "Free includes 1 task. Starter includes 3, Pro is unlimited."
            }
            (PlanLimit::TaskCount, Plan::Starter) => "Starter includes 3 tasks. Pro is unlimited.",
            (PlanLimit::TaskCount, Plan::Pro) => "Pro has no task limit.",
            (PlanLimit::MinCadence, Plan::Free) => {
                "Free runs tasks weekly at most. Starter runs daily, Pro runs hourly."
            }
            (PlanLimit::MinCadence, Plan::Starter) => {
                "Starter runs tasks daily at most. Pro runs hourly."
            }
            (PlanLimit::MinCadence, Plan::Pro) => "Pro runs tasks hourly at most.",
        }
    }
}

/// The 402 body the hosted API answers when a plan refuses a write or a run (§1.3), keys in
/// the order it builds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLimitBody {
    /// Always `"error"`.
    pub status: String,
    /// Always `"plan_limit"`.
    pub error: String,
    pub limit: PlanLimit,
    pub message: String,
    pub plan: Plan,
    pub task_limit: Option<u32>,
    pub min_cadence_minutes: u32,
    pub current_task_count: u32,
    #[serde(rename = "billingUrl")]
    pub billing_url: String,
}

impl PlanLimitBody {
    /// The body for `limit` on `plan`, with the count the check used.
    pub fn new(limit: PlanLimit, plan: Plan, current_task_count: u32) -> PlanLimitBody {
        PlanLimitBody {
            status: "error".to_string(),
            error: "plan_limit".to_string(),
            limit,
            message: limit.message(plan).to_string(),
            plan,
            task_limit: plan.task_limit(),
            min_cadence_minutes: plan.min_cadence_minutes(),
            current_task_count,
            billing_url: PLAN_BILLING_URL.to_string(),
        }
    }
}

/// The gate's window: a minute walk from 2026-01-01T00:00Z ("a fixed Thursday") over 400 days,
/// stopping after 50 fires (§1.8).
const WINDOW_MINUTES: i64 = 400 * 24 * 60;
const MAX_FIRES: usize = 50;

/// What the hosted gate reports for a cron that fires fewer than twice in its window.
pub const NEVER_TWICE_MINUTES: u32 = WINDOW_MINUTES as u32;

fn epoch() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .unwrap_or_default()
}

/// The shortest gap between consecutive fires of `cron`, in minutes, exactly as the hosted plan
/// gate measures it (§1.8): five numeric fields only, walked in **UTC** (the task's zone is
/// ignored), from 2026-01-01 over 400 days and at most 50 fires; fewer than two fires gives
/// 576000. `None` when the gate cannot read the expression (names, `?`, `L`, macros, six fields,
/// values out of range…) — the gate then lets the schedule through to the scheduler's own check.
pub fn min_cadence_minutes(cron: &str) -> Option<u32> {
    let fields = CadenceFields::parse(cron)?;
    let mut previous: Option<i64> = None;
    let mut smallest: Option<i64> = None;
    let mut fires = 0;
    let start = epoch();
    let days = WINDOW_MINUTES / (24 * 60);
    // Day by day, then the matching hours and minutes: the same fires, in the same order, as
    // the gate's minute-by-minute walk (a property test holds the two together).
    'days: for day in 0..days {
        let date = start + Duration::days(day);
        if !fields.day_matches(date) {
            continue;
        }
        for hour in fields.hours.iter() {
            for minute in fields.minutes.iter() {
                let at = day * 24 * 60 + hour as i64 * 60 + minute as i64;
                if let Some(before) = previous {
                    let gap = at - before;
                    smallest = Some(smallest.map_or(gap, |s: i64| s.min(gap)));
                }
                previous = Some(at);
                fires += 1;
                if fires >= MAX_FIRES {
                    break 'days;
                }
            }
        }
    }
    Some(smallest.map_or(NEVER_TWICE_MINUTES, |gap| gap as u32))
}

/// The gate's literal algorithm, one minute at a time; slow, kept for the property test.
#[cfg(test)]
fn min_cadence_by_minute_walk(cron: &str) -> Option<u32> {
    use chrono::Timelike;
    let fields = CadenceFields::parse(cron)?;
    let start = epoch();
    let (mut previous, mut smallest, mut fires) = (None::<i64>, None::<i64>, 0);
    for offset in 0..WINDOW_MINUTES {
        let at = start + Duration::minutes(offset);
        if fields.minutes.contains(at.minute())
            && fields.hours.contains(at.hour())
            && fields.day_matches(at)
        {
            if let Some(before) = previous {
                smallest = Some(smallest.map_or(offset - before, |s: i64| s.min(offset - before)));
            }
            previous = Some(offset);
            fires += 1;
            if fires >= MAX_FIRES {
                break;
            }
        }
    }
    Some(smallest.map_or(NEVER_TWICE_MINUTES, |gap| gap as u32))
}

/// The verdict of the plan's cadence limit on `cron`: `Some(gap)` when the schedule fires more
/// often than `plan` allows (the gap the gate measured), `None` when it is within the plan or
/// the gate cannot read it.
pub fn cadence_violation(cron: &str, plan: Plan) -> Option<u32> {
    min_cadence_minutes(cron).filter(|gap| *gap < plan.min_cadence_minutes())
}

/// A set of values of one field, as a bit mask (values 0–59).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Values(u64);

impl Values {
    fn contains(self, value: u32) -> bool {
        value < 64 && self.0 & (1 << value) != 0
    }

    fn iter(self) -> impl Iterator<Item = u32> {
        (0..64).filter(move |v| self.contains(*v))
    }
}

/// The five fields as the gate reads them.
struct CadenceFields {
    minutes: Values,
    hours: Values,
    days_of_month: Values,
    months: Values,
    weekdays: Values,
    /// Both day fields are restricted (neither is the literal `*`): a day matches when either
    /// does, as cron does; otherwise both must.
    either_day: bool,
}

impl CadenceFields {
    fn parse(cron: &str) -> Option<CadenceFields> {
        let parts: Vec<&str> = cron.split_whitespace().collect();
        let [minute, hour, day, month, weekday] = parts.as_slice() else {
            return None;
        };
        let mut weekdays = parse_field(weekday, 0, 7)?;
        if weekdays.contains(7) {
            weekdays.0 |= 1;
        }
        Some(CadenceFields {
            minutes: parse_field(minute, 0, 59)?,
            hours: parse_field(hour, 0, 23)?,
            days_of_month: parse_field(day, 1, 31)?,
            months: parse_field(month, 1, 12)?,
            weekdays,
            either_day: *day != "*" && *weekday != "*",
        })
    }

    /// Whether the day of `at` (UTC) is one the expression fires on.
    fn day_matches(&self, at: DateTime<Utc>) -> bool {
        if !self.months.contains(at.month()) {
            return false;
        }
        let by_date = self.days_of_month.contains(at.day());
        let by_weekday = self.weekdays.contains(at.weekday().num_days_from_sunday());
        if self.either_day {
            by_date || by_weekday
        } else {
            by_date && by_weekday
        }
    }
}

/// One field: comma-separated parts of `*`, `n` or `a-b`, each optionally `/step` (digits, at
/// least 1; `n/step` runs from n to the field's end). Only the first `/` counts, as in the
/// hosted code (`*/5/2` reads as `*/5`). Anything else makes the expression unreadable.
fn parse_field(field: &str, min: u32, max: u32) -> Option<Values> {
    let mut values = Values(0);
    for part in field.split(',') {
        let mut pieces = part.split('/');
        let range = pieces.next()?;
        let step = match pieces.next() {
            None => 1,
            Some(step) => number(step).filter(|s| *s >= 1)?,
        };
        let (from, to) = if range == "*" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            (number(a)?, number(b)?)
        } else {
            let n = number(range)?;
            let has_step = part.contains('/');
            (n, if has_step { max } else { n })
        };
        if from < min || to > max || from > to {
            return None;
        }
        let mut value = from;
        while value <= to {
            values.0 |= 1 << value;
            value += step;
        }
    }
    Some(values)
}

/// Decimal digits only.
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The addendum's worked examples (§1.9), with each plan's verdict.
    #[test]
    fn the_worked_examples_measure_and_judge_as_the_hosted_gate() {
        // (schedule, gap, refused on free, starter, pro)
        let table: [(&str, Option<u32>, [bool; 3]); 12] = [
            ("0 9 * * 1", Some(10080), [false, false, false]),
            ("0 9 * * 1,4", Some(4320), [true, false, false]),
            ("0 9 * * *", Some(1440), [true, false, false]),
            ("30 8 * * 1-5", Some(1440), [true, false, false]),
            ("0 9 */2 * *", Some(1440), [true, false, false]),
            ("0 9 1 * 1", Some(1440), [true, false, false]),
            ("0 9,21 * * *", Some(720), [true, true, false]),
            ("0 * * * *", Some(60), [true, true, false]),
            ("*/30 * * * *", Some(30), [true, true, true]),
            ("0 9 * * MON", None, [false, false, false]),
            ("0 0 1 * *", Some(40320), [false, false, false]),
            ("0 25 * * *", None, [false, false, false]),
        ];
        for (cron, gap, refused) in table {
            assert_eq!(min_cadence_minutes(cron), gap, "{cron}");
            for (plan, refused) in Plan::ALL.into_iter().zip(refused) {
                assert_eq!(
                    cadence_violation(cron, plan).is_some(),
                    refused,
                    "{cron} on {plan}"
                );
            }
        }
    }

    #[test]
    fn what_the_gate_cannot_read_is_skipped() {
        for cron in [
            "@weekly",
            "0 9 * *",
            "0 0 9 * * 1",
            "0 9 ? * 1",
            "0 9 L * *",
            "0 9 * JAN 1",
            "5-1 * * * *",
            "0 9 1, * *",
            "*/0 * * * *",
            "0 9 * * 1#2",
            "60 * * * *",
        ] {
            assert_eq!(min_cadence_minutes(cron), None, "{cron}");
        }
    }

    #[test]
    fn the_gate_reads_what_cron_parser_would_read_differently() {
        // Only the first `/` counts; `n/step` runs to the end; 7 is Sunday; spaces of any kind.
        assert_eq!(min_cadence_minutes("*/5/2 * * * *"), Some(5));
        assert_eq!(min_cadence_minutes("50/5 * * * *"), Some(5));
        assert_eq!(min_cadence_minutes("0 9 * * 7"), Some(10080));
        assert_eq!(min_cadence_minutes(" 0  9 * *\t1 "), Some(10080));
        // Never, or once in the window.
        assert_eq!(min_cadence_minutes("0 9 31 2 *"), Some(NEVER_TWICE_MINUTES));
    }

    #[test]
    fn the_402_body_is_the_hosted_one_key_for_key() {
        let body = PlanLimitBody::new(PlanLimit::TaskCount, Plan::Free, 1);
        assert_eq!(
            serde_json::to_string(&body).unwrap_or_default(),
            r#"{"status":"error","error":"plan_limit","limit":"task_count","message":"Free includes 1 task. Starter includes 3, Pro is unlimited.","plan":"free","task_limit":1,"min_cadence_minutes":10080,"current_task_count":1,"billingUrl":"https://app.recoupable.dev/plan"}"#
        );
        let pro = PlanLimitBody::new(PlanLimit::MinCadence, Plan::Pro, 0);
        assert_eq!(pro.task_limit, None);
        assert_eq!(pro.message, "Pro runs tasks hourly at most.");
    }

    fn field(min: u32, max: u32) -> impl Strategy<Value = String> {
        let value = min..=max;
        prop_oneof![
            Just("*".to_string()),
            value.clone().prop_map(|v| v.to_string()),
            (value.clone(), value.clone()).prop_map(|(a, b)| format!("{}-{}", a.min(b), a.max(b))),
            (value.clone(), 1..=30u32).prop_map(|(a, s)| format!("{a}/{s}")),
            (1..=30u32).prop_map(|s| format!("*/{s}")),
            (value.clone(), value).prop_map(|(a, b)| format!("{a},{b}")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// The day-by-day walk finds the same smallest gap as the gate's minute-by-minute walk.
        #[test]
        fn the_fast_walk_agrees_with_the_literal_minute_walk(
            minute in field(0, 59), hour in field(0, 23), day in field(1, 31),
            month in field(1, 12), weekday in field(0, 7),
        ) {
            let cron = format!("{minute} {hour} {day} {month} {weekday}");
            prop_assert_eq!(min_cadence_minutes(&cron), min_cadence_by_minute_walk(&cron), "{}", cron);
        }
    }
}
