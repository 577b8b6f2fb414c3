//! The form's live schedule preview: recomputed on every keystroke in the schedule or timezone
//! field, from the same engine the scheduler uses — and, beside the fires, how often the
//! schedule fires as the hosted plan gate measures it, with the plan's refusal when the
//! account's plan is known and refuses it (addendum §1.8).

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::model::english_schedule::english_reading;
use crate::model::{Plan, PlanLimit, plans};
use crate::present::english::NOT_CRON_EITHER;
use crate::present::plans::cadence_note;
use crate::present::{ScheduleHint, dst_notes, fire_line, schedule_hint, zone_hint};
use trigger_cron::{CronField, timezones};

/// How many fire times the preview lists.
pub const FIRES: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub outcome: Result<Fires, PreviewError>,
    /// Set when the field holds a phrase the scheduler refuses and the grammar reads as one
    /// cron expression: the outcome is that expression's.
    pub translation: Option<Translation>,
}

/// A phrase read as a cron expression (`model::english_schedule`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// As typed.
    pub phrase: String,
    pub expression: String,
    /// What the expression does that the phrase may not lead one to expect.
    pub note: Option<String>,
}

/// A valid schedule: its description and next fires.
#[derive(Debug, Clone, PartialEq)]
pub struct Fires {
    pub description: String,
    /// `Thu 2026-12-03 09:00 EST  (… local)  <- DST change …`, one per fire.
    pub lines: Vec<String>,
    /// Set when the zone's offset changes within the listed fires.
    pub dst_warning: Option<String>,
    /// One sentence per DST day in the next 12 months that skips or repeats one of the
    /// schedule's fire times, and what the scheduler does (`present::dst_note`).
    pub dst_days: Vec<String>,
    /// `fires at most every 1 day`, as the hosted plan gate measures it (or that the gate
    /// skips the schedule).
    pub cadence: String,
    /// The hosted API's exact sentence when the account's plan is known and refuses this
    /// schedule's cadence (`PlanLimit::MinCadence.message(plan)`).
    pub plan_refusal: Option<String>,
}

/// Why there are no fires, and which field to blame.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewError {
    pub message: String,
    pub fault: Fault,
    /// What to do about it, under the scheduler's words (see `present::schedule_hint`).
    pub hint: Option<ScheduleHint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The schedule; with the cron field and its character span in the expression when known.
    Schedule(Option<(CronField, usize, usize)>),
    Timezone,
}

impl Preview {
    pub fn is_valid(&self) -> bool {
        self.outcome.is_ok()
    }
}

/// The preview of `expression` in `zone_name` (empty means UTC), as seen at `now` by a viewer in
/// `local`, for an account on `plan` when it is known.
pub fn compute(
    expression: &str,
    zone_name: &str,
    now: DateTime<Utc>,
    local: Option<Tz>,
    plan: Option<Plan>,
) -> Preview {
    let zone_name = if zone_name.trim().is_empty() {
        timezones::DEFAULT_ZONE
    } else {
        zone_name.trim()
    };
    let evaluation = trigger_cron::check(expression, zone_name, now, FIRES);
    let zone = match evaluation.zone {
        Ok(zone) => zone,
        Err(e) => {
            return Preview {
                translation: None,
                outcome: Err(PreviewError {
                    message: e.to_string(),
                    fault: Fault::Timezone,
                    // The form takes the hinted zone on Tab (`Form::hinted_zone`).
                    hint: zone_hint(zone_name, now).map(|text| ScheduleHint {
                        text: format!("{text} — Tab to use it"),
                        caret: None,
                    }),
                }),
            };
        }
    };
    if expression.trim().is_empty() {
        return Preview {
            translation: None,
            outcome: Err(PreviewError {
                message: "Type a cron expression: minute hour day-of-month month day-of-week, e.g. 0 9 * * 4".into(),
                fault: Fault::Schedule(None),
                hint: None,
            }),
        };
    }
    // Text the scheduler refuses may read as English: the preview is then the translation's.
    match english_reading(expression) {
        Some(Ok(translation)) => {
            let mut preview = compute(&translation.expression, zone_name, now, local, plan);
            if let Err(e) = &mut preview.outcome
                && matches!(e.fault, Fault::Schedule(_))
            {
                // The field holds the phrase: a caret under the expression's field would
                // point into it.
                e.fault = Fault::Schedule(None);
            }
            preview.translation = Some(Translation {
                phrase: expression.to_string(),
                expression: translation.expression,
                note: translation.note,
            });
            return preview;
        }
        Some(Err(e)) => {
            return Preview {
                translation: None,
                outcome: Err(PreviewError {
                    message: e.to_string(),
                    fault: Fault::Schedule(None),
                    hint: e.span().map(|caret| ScheduleHint {
                        text: NOT_CRON_EITHER.into(),
                        caret: Some(caret),
                    }),
                }),
            };
        }
        None => {}
    }
    // At most a few clock changes a year, each a few hours of fires: cheap enough to redo on
    // every keystroke.
    let dst_days = match &evaluation.schedule {
        Ok(schedule) => dst_notes(schedule, zone, now),
        Err(_) => Vec::new(),
    };
    // The description carries the parse error when there is one.
    let found = evaluation
        .description()
        .and_then(|description| Ok((description, evaluation.fires?)));
    let (description, fires) = match found {
        Ok(found) => found,
        Err(e) => {
            let span = e.field.and_then(|field| {
                field
                    .span_in(expression)
                    .map(|(start, width)| (field, start, width))
            });
            let hint = schedule_hint(expression, &e);
            return Preview {
                translation: None,
                outcome: Err(PreviewError {
                    message: e.message,
                    fault: Fault::Schedule(span),
                    hint,
                }),
            };
        }
    };
    let start_offset = zone.offset_from_utc_datetime(&now.naive_utc()).fix();
    let mut previous = start_offset;
    let lines: Vec<String> = fires
        .iter()
        .map(|fire| fire_line(*fire, zone, local, &mut previous))
        .collect();
    let dst_warning = (previous != start_offset || lines.iter().any(|l| l.contains("DST change")))
        .then(|| {
            format!(
                "A DST change in {} falls within these times (marked)",
                zone.name()
            )
        });
    // The gate reads the expression as sent (the zone plays no part) and walks about 50
    // fires day by day: well under a millisecond, fine on every keystroke.
    let plan_refusal = plan
        .filter(|plan| plans::cadence_violation(expression, *plan).is_some())
        .map(|plan| PlanLimit::MinCadence.message(plan).to_string());
    Preview {
        translation: None,
        outcome: Ok(Fires {
            description,
            lines,
            dst_warning,
            dst_days,
            cadence: cadence_note(expression),
            plan_refusal,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn thursday_nine_lists_five_thursdays() {
        let p = compute("0 9 * * 4", "UTC", at("2026-11-29T00:00:00Z"), None, None);
        let fires = p.outcome.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(fires.description, "At 09:00 AM, only on Thursday");
        assert_eq!(
            fires.lines,
            [
                "Thu 2026-12-03 09:00 UTC",
                "Thu 2026-12-10 09:00 UTC",
                "Thu 2026-12-17 09:00 UTC",
                "Thu 2026-12-24 09:00 UTC",
                "Thu 2026-12-31 09:00 UTC"
            ]
        );
        assert_eq!(fires.dst_warning, None);
        assert_eq!(fires.cadence, "fires at most every 1 week");
        assert_eq!(fires.plan_refusal, None);
    }

    #[test]
    fn a_known_plan_marks_a_schedule_it_refuses_with_the_servers_sentence() {
        let now = at("2026-11-29T00:00:00Z");
        let daily = |plan| {
            compute("0 9 * * *", "UTC", now, None, plan)
                .outcome
                .unwrap_or_else(|e| panic!("{e:?}"))
        };
        assert_eq!(daily(None).cadence, "fires at most every 1 day");
        assert_eq!(daily(None).plan_refusal, None, "no plan known: no verdict");
        assert_eq!(
            daily(Some(Plan::Free)).plan_refusal.as_deref(),
            Some("Free runs tasks weekly at most. Starter runs daily, Pro runs hourly.")
        );
        assert_eq!(daily(Some(Plan::Starter)).plan_refusal, None);
        let twice = compute(
            "0 9,21 * * *",
            "Europe/Paris",
            now,
            None,
            Some(Plan::Starter),
        );
        let twice = twice.outcome.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(twice.cadence, "fires at most every 12 h");
        assert_eq!(
            twice.plan_refusal.as_deref(),
            Some("Starter runs tasks daily at most. Pro runs hourly.")
        );
        let named = compute("*/5 * * * MON-FRI", "UTC", now, None, Some(Plan::Free));
        let named = named.outcome.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            named.cadence,
            "the plan gate skips this schedule (it reads numeric fields only)"
        );
        assert_eq!(named.plan_refusal, None, "the gate lets it through");
    }

    #[test]
    fn a_stray_space_gets_the_hint_and_its_caret() {
        let p = compute("0  9 * * *", "UTC", at("2026-11-29T00:00:00Z"), None, None);
        let hint = p.outcome.err().and_then(|e| e.hint);
        assert_eq!(hint.and_then(|h| h.caret), Some((1, 2)));
    }

    #[test]
    fn an_out_of_range_hour_points_at_the_hour_field() {
        let p = compute("0 25 * * *", "UTC", at("2026-11-29T00:00:00Z"), None, None);
        assert_eq!(
            p.outcome,
            Err(PreviewError {
                message: "Constraint error, got value 25 expected range 0-23".into(),
                fault: Fault::Schedule(Some((CronField::Hour, 2, 2))),
                hint: None,
            })
        );
    }

    #[test]
    fn an_unaccepted_zone_blames_the_timezone_field() {
        let p = compute(
            "0 9 * * *",
            "US/Eastern",
            at("2026-11-29T00:00:00Z"),
            None,
            None,
        );
        assert_eq!(
            p.outcome,
            Err(PreviewError {
                message: "Invalid IANA timezone: 'US/Eastern'".into(),
                fault: Fault::Timezone,
                hint: Some(ScheduleHint {
                    text: "the scheduler knows this zone as America/New_York (UTC-05:00) — Tab to use it"
                        .into(),
                    caret: None,
                }),
            })
        );
    }

    #[test]
    fn a_dst_change_inside_the_window_is_warned_about() {
        let p = compute(
            "30 2 * * *",
            "America/New_York",
            at("2024-03-08T12:00:00Z"),
            None,
            None,
        );
        let fires = p.outcome.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            fires.dst_warning.as_deref(),
            Some("A DST change in America/New_York falls within these times (marked)")
        );
        assert!(fires.lines[1].ends_with("<- DST change (UTC-05:00 -> UTC-04:00)"));
    }

    #[test]
    fn dst_days_of_the_next_12_months_are_named_beyond_the_five_fires() {
        // December: none of the five fires is near a change, yet 02:30 is skipped in March.
        let now = at("2026-12-01T00:00:00Z");
        let p = compute("30 2 * * *", "America/New_York", now, None, None);
        let fires = p.outcome.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(fires.dst_warning, None);
        assert_eq!(
            fires.dst_days,
            ["Sun 2027-03-14: 02:30 does not exist — fires at 03:30 EDT"]
        );
        let p = compute("30 1 * * *", "America/New_York", now, None, None);
        let fires = p.outcome.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            fires.dst_days,
            ["Sun 2027-11-07: 01:30 happens twice — fires once, at the first (EDT)"]
        );
        let p = compute("0 9 * * *", "America/New_York", now, None, None);
        let fires = p.outcome.unwrap_or_else(|e| panic!("{e:?}"));
        assert!(fires.dst_days.is_empty());
        let p = compute("*/15 * * * *", "Asia/Tokyo", now, None, None);
        let fires = p.outcome.unwrap_or_else(|e| panic!("{e:?}"));
        assert!(fires.dst_days.is_empty());
    }

    #[test]
    fn an_empty_zone_means_utc() {
        let p = compute("0 9 * * 4", " ", at("2026-11-29T00:00:00Z"), None, None);
        assert!(p.is_valid());
    }
}
