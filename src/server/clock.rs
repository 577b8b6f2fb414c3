//! The server's notion of "now": the system clock, or a manual clock that tests move by hand so
//! scheduler tests never wait for real minutes.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, Timelike, Utc};
use tokio::sync::watch;

/// Where time comes from.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    /// Time stands still until [`Clock::set`] or [`Clock::advance`] moves it.
    Manual(Arc<watch::Sender<DateTime<Utc>>>),
}

/// The longest the scheduler sleeps on the system clock before looking again, so that a
/// wall-clock jump (suspend, NTP) is noticed.
const MAX_SYSTEM_NAP: Duration = Duration::from_secs(30);

impl Clock {
    /// A manual clock reading `start`.
    pub fn manual(start: DateTime<Utc>) -> Clock {
        Clock::Manual(Arc::new(watch::Sender::new(start)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Manual(sender) => *sender.borrow(),
        }
    }

    /// Moves a manual clock to `at` (ignored on the system clock).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Clock::Manual(sender) = self {
            sender.send_replace(at);
        }
    }

    /// Moves a manual clock forward by `by` (ignored on the system clock).
    pub fn advance(&self, by: chrono::Duration) {
        if let Clock::Manual(sender) = self {
            sender.send_modify(|now| *now += by);
        }
    }

    /// Returns when the clock reads `at` or later — or earlier, on the system clock, after a
    /// bounded nap, so the caller re-checks. Callers loop on [`Clock::now`].
    pub async fn sleep_until(&self, at: DateTime<Utc>) {
        match self {
            Clock::System => {
                let wait = (at - Utc::now()).to_std().unwrap_or(Duration::ZERO);
                tokio::time::sleep(wait.min(MAX_SYSTEM_NAP)).await;
            }
            Clock::Manual(sender) => {
                let mut changes = sender.subscribe();
                // Ends when the time is reached or the clock is gone (then nothing will move it).
                let _ = changes.wait_for(|now| *now >= at).await;
            }
        }
    }
}

/// An instant written in RFC 3339 (how the store and Trigger.dev write them), in UTC.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// `2026-01-01T00:00:00.123456+00:00`, as PostgREST writes `timestamptz` columns.
pub fn db_timestamp(at: DateTime<Utc>) -> String {
    let (date, time) = (at.date_naive(), at.time());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        date.year(),
        date.month(),
        date.day(),
        time.hour(),
        time.minute(),
        time.second(),
        at.timestamp_subsec_micros().min(999_999)
    )
}

/// `2026-01-01T00:00:00.123Z`, as Trigger.dev writes dates. (Hand-formatted: this runs for
/// every upcoming fire time of every listed task, and chrono's `format` is much slower.)
pub fn iso_millis(at: DateTime<Utc>) -> String {
    let (date, time) = (at.date_naive(), at.time());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        date.year(),
        date.month(),
        date.day(),
        time.hour(),
        time.minute(),
        time.second(),
        at.timestamp_subsec_millis().min(999)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_formatted_like_postgrest_and_trigger() {
        let at = DateTime::parse_from_rfc3339("2026-03-08T07:05:09.123456789Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(db_timestamp(at), "2026-03-08T07:05:09.123456+00:00");
        assert_eq!(iso_millis(at), "2026-03-08T07:05:09.123Z");
    }
}
