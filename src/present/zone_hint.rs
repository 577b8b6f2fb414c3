//! What to do about a zone name the scheduler refuses (its error, `Invalid IANA timezone: '…'`,
//! stays as it is): the name it knows the same zone by, or the accepted names closest to a typo,
//! each with its UTC offset now. The same hint in `cron --tz`, `tasks create --timezone` and the
//! form's preview.

use chrono::{DateTime, Offset, TimeZone, Utc};
use trigger_cron::timezones;

use super::time::offset_name;

/// The hint for the refused zone `name`, seen at `now`; `None` when there is nothing to suggest.
pub fn zone_hint(name: &str, now: DateTime<Utc>) -> Option<String> {
    let name = name.trim();
    let target = zone_hint_target(name)?;
    let offset = zone_offset_now(target, now)?;
    if timezones::accepted_name_for(name).is_some() {
        Some(format!(
            "the scheduler knows this zone as {target} ({offset})"
        ))
    } else {
        Some(format!("did you mean {target} ({offset})?"))
    }
}

/// The accepted name [`zone_hint`] suggests for the refused `name`: the name the scheduler
/// knows the same zone by, else the closest to a typo; `None` when there is none (the form
/// takes it on Tab).
pub fn zone_hint_target(name: &str) -> Option<&'static str> {
    let name = name.trim();
    timezones::accepted_name_for(name)
        .or_else(|| timezones::closest_accepted_names(name, 1).first().copied())
}

/// `UTC+05:30`: the accepted zone's offset at `now`.
pub fn zone_offset_now(accepted: &str, now: DateTime<Utc>) -> Option<String> {
    let zone = timezones::resolve(accepted).ok()?;
    Some(offset_name(
        zone.offset_from_utc_datetime(&now.naive_utc()).fix(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn december() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn a_newer_spelling_or_a_link_gets_the_name_the_scheduler_knows() {
        let hint = |name| zone_hint(name, december());
        assert_eq!(
            hint("Asia/Kolkata").as_deref(),
            Some("the scheduler knows this zone as Asia/Calcutta (UTC+05:30)")
        );
        assert_eq!(
            hint("US/Eastern").as_deref(),
            Some("the scheduler knows this zone as America/New_York (UTC-05:00)")
        );
        assert_eq!(
            hint("Etc/UTC").as_deref(),
            Some("the scheduler knows this zone as UTC (UTC+00:00)")
        );
        for name in [
            "Europe/Kyiv",
            "Asia/Ho_Chi_Minh",
            "Asia/Kathmandu",
            "America/Argentina/Buenos_Aires",
        ] {
            assert!(
                hint(name).is_some_and(|h| h.starts_with("the scheduler knows")),
                "{name}"
            );
        }
    }

    #[test]
    fn a_typo_gets_the_closest_names() {
        assert_eq!(
            zone_hint("Europe/Londn", december()).as_deref(),
            Some("did you mean Europe/London (UTC+00:00)?")
        );
        assert_eq!(zone_hint("Mars/Olympus", december()), None);
    }
}
