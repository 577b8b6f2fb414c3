//! The form's schedule presets (`Ctrl+P`), as the web app offers them: common schedules with
//! their cron and cadence, and — when the account's plan is known — whether the plan takes
//! each, judged by the same gate as the preview.

use crate::model::Plan;
use crate::model::plans::cadence_violation;
use crate::present::plans::floor;

/// One preset: how it reads, its cron, and how often it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub expression: &'static str,
    /// The shortest gap between two fires, in a word.
    pub cadence: &'static str,
}

/// The presets, in the order listed. The first of the month is at 09:00, as the others: a
/// report read at the start of a working day.
pub const PRESETS: [Preset; 5] = [
    Preset {
        name: "daily at 09:00",
        expression: "0 9 * * *",
        cadence: "daily",
    },
    Preset {
        name: "weekdays at 09:00",
        expression: "0 9 * * 1-5",
        cadence: "daily",
    },
    Preset {
        name: "every Monday at 09:00",
        expression: "0 9 * * 1",
        cadence: "weekly",
    },
    Preset {
        name: "daily at 17:00",
        expression: "0 17 * * *",
        cadence: "daily",
    },
    Preset {
        name: "the 1st of the month, 09:00",
        expression: "0 9 1 * *",
        cadence: "monthly",
    },
];

/// Whether `plan` takes the preset: `✓ Free`, or `✗ Free: weekly at most`; `None` when the
/// plan is not known.
pub fn fit(preset: &Preset, plan: Option<Plan>) -> Option<String> {
    let plan = plan?;
    Some(match cadence_violation(preset.expression, plan) {
        None => format!("✓ {}", plan.title()),
        Some(_) => format!(
            "✗ {}: {} at most",
            plan.title(),
            floor(plan.min_cadence_minutes())
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plans::min_cadence_minutes;
    use crate::present::plans::cadence;

    #[test]
    fn each_cadence_word_is_the_gates_gap() {
        for preset in PRESETS {
            let gap = min_cadence_minutes(preset.expression)
                .unwrap_or_else(|| panic!("{} not read by the gate", preset.expression));
            let word = match cadence(gap).as_str() {
                "1 day" => "daily",
                "1 week" => "weekly",
                "4 weeks" => "monthly",
                other => panic!("{}: {other}", preset.expression),
            };
            assert_eq!(preset.cadence, word, "{}", preset.expression);
        }
    }

    #[test]
    fn a_free_plan_takes_the_weekly_and_monthly_presets_only() {
        let fits: Vec<Option<String>> = PRESETS.iter().map(|p| fit(p, Some(Plan::Free))).collect();
        assert_eq!(
            fits,
            [
                Some("✗ Free: weekly at most".to_string()),
                Some("✗ Free: weekly at most".to_string()),
                Some("✓ Free".to_string()),
                Some("✗ Free: weekly at most".to_string()),
                Some("✓ Free".to_string()),
            ]
        );
        assert_eq!(
            fit(&PRESETS[0], Some(Plan::Starter)).as_deref(),
            Some("✓ Starter")
        );
        assert_eq!(fit(&PRESETS[0], None), None);
    }
}
