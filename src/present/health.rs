//! A task's health as people read it: a mark for a list row (`⚠ missed`, `✗ 2/5`, `✓`) and
//! the lines of a task's detail (`✗ 2 of 5 recent runs failed`, `3 h ago  Sun 11-29 09:00`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::model::health::{Health, MISSED_GRACE, Missed, MissedWhy, Verdict};

use super::relative::ago;
use super::status::status as run_status;
use super::{sanitize, table_instant};

/// The list's mark: `⚠ missed`, `✗ 2/5` (failed of recent), `✓`, or nothing to judge by.
pub fn list_mark(health: &Health) -> String {
    match health.verdict() {
        Verdict::Missed => "⚠ missed".into(),
        Verdict::Failing => format!("✗ {}/{}", health.failed, health.runs),
        Verdict::Healthy => "✓".into(),
        Verdict::Unknown => String::new(),
    }
}

/// The mark's symbol alone, for a narrow list: `⚠`, `✗`, `✓` or nothing.
pub fn list_symbol(health: &Health) -> &'static str {
    match health.verdict() {
        Verdict::Missed => "⚠",
        Verdict::Failing => "✗",
        Verdict::Healthy => "✓",
        Verdict::Unknown => "",
    }
}

/// `2 of 5 recent runs failed`, `none of 3 recent runs failed`, `no runs yet`.
pub fn failures(health: &Health) -> String {
    let plural = if health.runs == 1 { "" } else { "s" };
    match (health.failed, health.runs) {
        (_, 0) => "no runs yet".into(),
        (0, runs) => format!("none of {runs} recent run{plural} failed"),
        (failed, runs) => format!("{failed} of {runs} recent run{plural} failed"),
    }
}

/// When the missed fire was, then how long ago and why it counts: `(Sun 11-29 09:00, 1 h ago:
/// no run within 10 min)`, or the server's reason for a fire it recorded.
pub fn missed(missed: &Missed, now: DateTime<Utc>, local: Option<Tz>) -> (String, String) {
    let why = match &missed.why {
        MissedWhy::NoRunWithinGrace => {
            format!("no run within {} min", MISSED_GRACE.num_minutes())
        }
        MissedWhy::Recorded(reason) => sanitize::line(reason).into_owned(),
    };
    let why = format!("{}: {why}", ago(missed.at, now));
    (table_instant(missed.at, local), why)
}

/// `3 h ago  Sun 11-29 09:00`: how long ago, then when.
pub fn when(at: DateTime<Utc>, now: DateTime<Utc>, local: Option<Tz>) -> String {
    format!("{}  {}", ago(at, now), table_instant(at, local))
}

/// The last success, or `none among the recent runs` when it has runs but none succeeded.
pub fn last_success(health: &Health, now: DateTime<Utc>, local: Option<Tz>) -> Option<String> {
    match health.last_success {
        Some(at) => Some(when(at, now, local)),
        None if health.runs > 0 => Some("none among the recent runs".into()),
        None => None,
    }
}

/// The last failure with its status: `1 d ago  Sat 11-28 09:00  ✗ FAILED`.
pub fn last_failure(health: &Health, now: DateTime<Utc>, local: Option<Tz>) -> Option<String> {
    let (at, failed) = health.last_failure.as_ref()?;
    Some(format!("{}  {}", when(*at, now, local), run_status(failed)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RunStatus;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn health_reads_as_a_mark_and_lines() {
        let now = at("2026-11-29T10:00:00Z");
        let mut health = Health {
            last_success: Some(at("2026-11-29T07:00:00Z")),
            last_failure: Some((at("2026-11-28T09:00:00Z"), RunStatus::Failed)),
            failed: 2,
            runs: 5,
            ..Health::default()
        };
        assert_eq!(list_mark(&health), "✗ 2/5");
        assert_eq!(failures(&health), "2 of 5 recent runs failed");
        assert_eq!(
            last_success(&health, now, None).as_deref(),
            Some("3 h ago  Sun 11-29 07:00")
        );
        assert_eq!(
            last_failure(&health, now, None).as_deref(),
            Some("25 h ago  Sat 11-28 09:00  ✗ FAILED")
        );
        health.missed = Some(Missed {
            at: at("2026-11-29T09:00:00Z"),
            why: MissedWhy::NoRunWithinGrace,
        });
        assert_eq!(
            (list_mark(&health), list_symbol(&health)),
            ("⚠ missed".into(), "⚠")
        );
        assert_eq!(
            missed(
                health.missed.as_ref().unwrap_or_else(|| panic!()),
                now,
                None
            ),
            (
                "Sun 11-29 09:00".into(),
                "1 h ago: no run within 10 min".into()
            )
        );
        let recorded = Missed {
            at: at("2026-11-29T09:00:00Z"),
            why: MissedWhy::Recorded("nothing was running\u{1b}[2J".into()),
        };
        assert_eq!(
            missed(&recorded, now, None),
            (
                "Sun 11-29 09:00".into(),
                "1 h ago: nothing was running".into()
            )
        );
        let none = Health::default();
        assert_eq!(
            (list_mark(&none), failures(&none)),
            (String::new(), "no runs yet".into())
        );
        assert_eq!(last_success(&none, now, None), None);
        let fine = Health {
            runs: 3,
            ..Health::default()
        };
        assert_eq!(list_mark(&fine), "✓");
        assert_eq!(failures(&fine), "none of 3 recent runs failed");
        assert_eq!(
            last_success(&fine, now, None).as_deref(),
            Some("none among the recent runs")
        );
    }
}
