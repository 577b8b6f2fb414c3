//! How long ago something happened, as a person says it: `just now`, `12 min ago`, `3 h ago`,
//! `2 d ago` — next to an instant, so the instant need not be worked out against the clock.

use chrono::{DateTime, Utc};

/// `just now` (under a minute either way: the TUI's clock moves on at whole minutes, so what
/// happened since its last tick is up to a minute "ahead"), `12 min ago`, `3 h ago` (from an
/// hour), `2 d ago` (from two days); a time further ahead of `now` (a clock apart) reads
/// `in 3 min`.
pub fn ago(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - at).num_seconds();
    if seconds.abs() < 60 {
        return "just now".into();
    }
    if seconds < 0 {
        return format!("in {}", span(-seconds));
    }
    format!("{} ago", span(seconds))
}

/// `12 min`, `3 h`, `2 d`: whole units, rounded down.
fn span(seconds: i64) -> String {
    match seconds {
        ..3_600 => format!("{} min", seconds / 60),
        3_600..172_800 => format!("{} h", seconds / 3_600),
        _ => format!("{} d", seconds / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn times_read_as_how_long_ago() {
        let now = at("2026-11-29T10:00:00Z");
        assert_eq!(ago(at("2026-11-29T09:59:30Z"), now), "just now");
        assert_eq!(ago(at("2026-11-29T09:59:00Z"), now), "1 min ago");
        assert_eq!(ago(at("2026-11-29T09:00:01Z"), now), "59 min ago");
        assert_eq!(ago(at("2026-11-29T07:00:00Z"), now), "3 h ago");
        assert_eq!(ago(at("2026-11-27T10:00:01Z"), now), "47 h ago");
        assert_eq!(ago(at("2026-11-27T10:00:00Z"), now), "2 d ago");
        assert_eq!(ago(at("2026-10-30T10:00:00Z"), now), "30 d ago");
        assert_eq!(ago(at("2026-11-29T10:03:00Z"), now), "in 3 min");
        assert_eq!(ago(at("2026-11-29T10:00:59Z"), now), "just now");
        assert_eq!(ago(at("2026-11-29T10:01:00Z"), now), "in 1 min");
    }
}
