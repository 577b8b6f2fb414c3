//! The form's live schedule preview: recomputed on every keystroke in the schedule or timezone
//! field, from the same engine the scheduler uses.

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::present::fire_line;
use trigger_cron::{CronField, timezones};

/// How many fire times the preview lists.
pub const FIRES: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub outcome: Result<Fires, PreviewError>,
}

/// A valid schedule: its description and next fires.
#[derive(Debug, Clone, PartialEq)]
pub struct Fires {
    pub description: String,
    /// `Thu 2026-12-03 09:00 EST  (… local)  <- DST change …`, one per fire.
    pub lines: Vec<String>,
    /// Set when the zone's offset changes within the listed fires.
    pub dst_warning: Option<String>,
}

/// Why there are no fires, and which field to blame.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewError {
    pub message: String,
    pub fault: Fault,
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
/// `local`.
pub fn compute(
    expression: &str,
    zone_name: &str,
    now: DateTime<Utc>,
    local: Option<Tz>,
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
                outcome: Err(PreviewError {
                    message: e.to_string(),
                    fault: Fault::Timezone,
                }),
            };
        }
    };
    if expression.trim().is_empty() {
        return Preview {
            outcome: Err(PreviewError {
                message: "Type a cron expression: minute hour day-of-month month day-of-week, e.g. 0 9 * * 4".into(),
                fault: Fault::Schedule(None),
            }),
        };
    }
    let found = evaluation.schedule.and_then(|_| {
        let description = evaluation.description?;
        let fires = evaluation.fires?;
        Ok((description, fires))
    });
    let (description, fires) = match found {
        Ok(found) => found,
        Err(e) => {
            let span = e.field.and_then(|field| {
                field
                    .span_in(expression)
                    .map(|(start, width)| (field, start, width))
            });
            return Preview {
                outcome: Err(PreviewError {
                    message: e.message,
                    fault: Fault::Schedule(span),
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
    Preview {
        outcome: Ok(Fires {
            description,
            lines,
            dst_warning,
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
        let p = compute("0 9 * * 4", "UTC", at("2026-11-29T00:00:00Z"), None);
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
    }

    #[test]
    fn an_out_of_range_hour_points_at_the_hour_field() {
        let p = compute("0 25 * * *", "UTC", at("2026-11-29T00:00:00Z"), None);
        assert_eq!(
            p.outcome,
            Err(PreviewError {
                message: "Constraint error, got value 25 expected range 0-23".into(),
                fault: Fault::Schedule(Some((CronField::Hour, 2, 2))),
            })
        );
    }

    #[test]
    fn an_unaccepted_zone_blames_the_timezone_field() {
        let p = compute("0 9 * * *", "US/Eastern", at("2026-11-29T00:00:00Z"), None);
        assert_eq!(
            p.outcome,
            Err(PreviewError {
                message: "Invalid IANA timezone: 'US/Eastern'".into(),
                fault: Fault::Timezone,
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
        );
        let fires = p.outcome.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            fires.dst_warning.as_deref(),
            Some("A DST change in America/New_York falls within these times (marked)")
        );
        assert!(fires.lines[1].ends_with("<- DST change (UTC-05:00 -> UTC-04:00)"));
    }

    #[test]
    fn an_empty_zone_means_utc() {
        let p = compute("0 9 * * 4", " ", at("2026-11-29T00:00:00Z"), None);
        assert!(p.is_valid());
    }
}
