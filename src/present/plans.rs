//! Plan limits as a person reads them: a cadence in words (`1 day`, `12 h`), a plan's floor
//! (`weekly`), the one-line refusal the CLI prints for a 402 `plan_limit`, the facts the TUI
//! shows under it, and the preview's note on how often a schedule fires as the hosted gate
//! measures it.

use crate::model::plans::{NEVER_TWICE_MINUTES, min_cadence_minutes};
use crate::model::{PlanLimit, PlanLimitBody};

use super::sanitize;

const HOUR: u32 = 60;
const DAY: u32 = 24 * HOUR;
const WEEK: u32 = 7 * DAY;

/// A gap in minutes in the largest whole unit: `30 min`, `12 h`, `1 day`, `3 days`, `1 week`,
/// `4 weeks`; `90 min` stays minutes, `36 h` stays hours.
pub fn cadence(minutes: u32) -> String {
    let plural = |n: u32, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if minutes > 0 && minutes.is_multiple_of(WEEK) {
        plural(minutes / WEEK, "week", "weeks")
    } else if minutes > 0 && minutes.is_multiple_of(DAY) {
        plural(minutes / DAY, "day", "days")
    } else if minutes > 0 && minutes.is_multiple_of(HOUR) {
        format!("{} h", minutes / HOUR)
    } else {
        format!("{minutes} min")
    }
}

/// A plan's floor as an adverb when there is one: `weekly`, `daily`, `hourly`, else
/// `every 3 days`.
pub fn floor(minutes: u32) -> String {
    match minutes {
        WEEK => "weekly".to_string(),
        DAY => "daily".to_string(),
        HOUR => "hourly".to_string(),
        other => format!("every {}", cadence(other)),
    }
}

/// How often a schedule fires, as the hosted plan gate measures it (UTC, from 2026-01-01):
/// `fires at most every 1 day`; a schedule the gate cannot read is let through, and says so.
pub fn cadence_note(schedule: &str) -> String {
    match min_cadence_minutes(schedule) {
        Some(NEVER_TWICE_MINUTES) => "fires at most once in 400 days".to_string(),
        Some(gap) => format!("fires at most every {}", cadence(gap)),
        None => "the plan gate skips this schedule (it reads numeric fields only)".to_string(),
    }
}

/// The facts behind a refusal, without the link: `plan free, 1 of 1 enabled tasks`, or for a
/// cadence refusal `plan free, schedule fires every 1 day, at most weekly allowed` (the gap of
/// `schedule`, the one that was sent, when it is known).
pub fn refusal_facts(body: &PlanLimitBody, schedule: Option<&str>) -> String {
    let plan = body.plan.name();
    match body.limit {
        PlanLimit::TaskCount => {
            let count = body.current_task_count;
            match body.task_limit {
                Some(limit) => format!("plan {plan}, {count} of {limit} enabled tasks"),
                None => format!("plan {plan}, {count} enabled tasks"),
            }
        }
        PlanLimit::MinCadence => {
            let allowed = format!("at most {} allowed", floor(body.min_cadence_minutes));
            match schedule.and_then(min_cadence_minutes) {
                Some(gap) => format!(
                    "plan {plan}, schedule fires every {}, {allowed}",
                    cadence(gap)
                ),
                None => format!("plan {plan}, {allowed}"),
            }
        }
    }
}

/// The one line a refusal is told in: `Free includes 1 task. Starter includes 3, Pro is
/// unlimited. (plan free, 1 of 1 enabled tasks; upgrade: https://app.recoupable.dev/plan)`.
pub fn refusal_line(body: &PlanLimitBody, schedule: Option<&str>) -> String {
    format!(
        "{} ({}; upgrade: {})",
        sanitize::line(&body.message),
        refusal_facts(body, schedule),
        sanitize::line(&body.billing_url)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Plan;

    #[test]
    fn cadences_read_in_their_largest_whole_unit() {
        let cases = [
            (30, "30 min"),
            (60, "1 h"),
            (90, "90 min"),
            (720, "12 h"),
            (1440, "1 day"),
            (2160, "36 h"),
            (4320, "3 days"),
            (10080, "1 week"),
            (40320, "4 weeks"),
            (0, "0 min"),
        ];
        for (minutes, words) in cases {
            assert_eq!(cadence(minutes), words, "{minutes}");
        }
        assert_eq!(floor(10080), "weekly");
        assert_eq!(floor(1440), "daily");
        assert_eq!(floor(60), "hourly");
        assert_eq!(floor(4320), "every 3 days");
    }

    #[test]
    fn the_cadence_note_follows_the_gate() {
        assert_eq!(cadence_note("0 9 * * *"), "fires at most every 1 day");
        assert_eq!(cadence_note("0 9,21 * * *"), "fires at most every 12 h");
        assert_eq!(cadence_note("*/30 * * * *"), "fires at most every 30 min");
        assert_eq!(cadence_note("0 9 * * 1"), "fires at most every 1 week");
        assert_eq!(cadence_note("0 0 1 * *"), "fires at most every 4 weeks");
        assert_eq!(cadence_note("0 9 31 2 *"), "fires at most once in 400 days");
        for skipped in ["0 9 * * MON", "0 9 ? * 1", "0 9 L * *", "@weekly"] {
            assert_eq!(
                cadence_note(skipped),
                "the plan gate skips this schedule (it reads numeric fields only)",
                "{skipped}"
            );
        }
    }

    #[test]
    fn a_task_count_refusal_is_one_line_with_the_count_and_the_link() {
        let body = PlanLimitBody::new(PlanLimit::TaskCount, Plan::Free, 1);
        assert_eq!(
            refusal_line(&body, Some("0 9 * * 1")),
            "Free includes 1 task. Starter includes 3, Pro is unlimited. (plan free, 1 of 1 enabled tasks; upgrade: https://app.recoupable.dev/plan)"
        );
        let starter = PlanLimitBody::new(PlanLimit::TaskCount, Plan::Starter, 3);
        assert_eq!(
            refusal_facts(&starter, None),
            "plan starter, 3 of 3 enabled tasks"
        );
        let pro = PlanLimitBody::new(PlanLimit::TaskCount, Plan::Pro, 7);
        assert_eq!(refusal_facts(&pro, None), "plan pro, 7 enabled tasks");
    }

    #[test]
    fn a_cadence_refusal_names_the_schedules_gap_and_the_plans_floor() {
        let body = PlanLimitBody::new(PlanLimit::MinCadence, Plan::Free, 0);
        assert_eq!(
            refusal_line(&body, Some("0 9 * * *")),
            "Free runs tasks weekly at most. Starter runs daily, Pro runs hourly. (plan free, schedule fires every 1 day, at most weekly allowed; upgrade: https://app.recoupable.dev/plan)"
        );
        let starter = PlanLimitBody::new(PlanLimit::MinCadence, Plan::Starter, 1);
        assert_eq!(
            refusal_facts(&starter, Some("0 9,21 * * *")),
            "plan starter, schedule fires every 12 h, at most daily allowed"
        );
        assert_eq!(
            refusal_facts(&starter, None),
            "plan starter, at most daily allowed"
        );
    }

    #[test]
    fn server_text_is_cleaned() {
        let mut body = PlanLimitBody::new(PlanLimit::TaskCount, Plan::Free, 1);
        body.message = "Free\u{1b}[2J includes\n1 task.".into();
        assert!(refusal_line(&body, None).starts_with("Free includes 1 task. (plan free"));
    }
}
