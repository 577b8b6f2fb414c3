//! Instants as people read them: fire times in a schedule's zone and the viewer's local zone,
//! with the DST changes between them marked.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, Offset, Utc};
use chrono_tz::Tz;

/// The zone "local time" means: `$TZ` if it names a zone, else the system's, else UTC (what
/// the C library, and so `date`, falls back to for an unknown `TZ`).
pub fn local_zone() -> Tz {
    std::env::var("TZ")
        .ok()
        .map(|name| name.trim_start_matches(':').to_string())
        .and_then(|name| name.parse::<Tz>().ok())
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|name| name.parse::<Tz>().ok())
        })
        .unwrap_or(chrono_tz::UTC)
}

/// `Thu 2026-12-03 09:00 CET`
pub fn fire_time(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%a %Y-%m-%d %H:%M %Z")
        .to_string()
}

/// One line of a list of fires: `Thu 2026-12-03 09:00 EST`, then the viewer's local time when
/// its offset differs, then a DST mark when the zone's offset changed since the previous line
/// (`previous_offset`, updated here).
pub fn fire_line(
    fire: DateTime<Utc>,
    zone: Tz,
    local: Option<Tz>,
    previous_offset: &mut FixedOffset,
) -> String {
    let in_zone = fire.with_timezone(&zone);
    let mut line = fire_time(fire, zone);
    if let Some(local) = local {
        let in_local = fire.with_timezone(&local);
        if in_local.offset().fix() != in_zone.offset().fix() {
            let _ = write!(line, "  ({} local)", fire_time(fire, local));
        }
    }
    let offset = in_zone.offset().fix();
    if offset != *previous_offset {
        let before = offset_name(*previous_offset);
        let _ = write!(
            line,
            "  <- DST change ({before} -> {})",
            offset_name(offset)
        );
        *previous_offset = offset;
    }
    line
}

/// `UTC+05:30`
pub(crate) fn offset_name(offset: FixedOffset) -> String {
    let seconds = offset.local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.abs();
    format!("UTC{sign}{:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}
