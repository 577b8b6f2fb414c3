//! A run's status as people read it: a symbol (which sort of outcome at a glance) and the
//! service's word (`✓ COMPLETED`, `✗ FAILED`, `▶ EXECUTING`, `… QUEUED`, `⊘ CANCELED`).

use std::borrow::Cow;

use crate::model::RunStatus;

use super::sanitize;

/// `✓` done, `✗` failed, `⊘` canceled, `▶` running, `…` waiting to run, `?` unknown.
pub fn symbol(status: &RunStatus) -> &'static str {
    match status {
        RunStatus::Completed => "✓",
        RunStatus::Failed
        | RunStatus::Crashed
        | RunStatus::SystemFailure
        | RunStatus::Expired
        | RunStatus::TimedOut => "✗",
        RunStatus::Canceled => "⊘",
        RunStatus::Executing | RunStatus::Dequeued => "▶",
        RunStatus::Queued | RunStatus::Delayed | RunStatus::PendingVersion | RunStatus::Waiting => {
            "…"
        }
        RunStatus::Other(_) => "?",
    }
}

/// The service's word for the status, safe to print (an unknown status is the server's text).
pub fn word(status: &RunStatus) -> Cow<'_, str> {
    sanitize::line(status.name())
}

/// `✓ COMPLETED`
pub fn status(status: &RunStatus) -> String {
    format!("{} {}", symbol(status), word(status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_reads_as_symbol_and_word() {
        assert_eq!(status(&RunStatus::Completed), "✓ COMPLETED");
        assert_eq!(status(&RunStatus::TimedOut), "✗ TIMED_OUT");
        assert_eq!(status(&RunStatus::Dequeued), "▶ DEQUEUED");
        assert_eq!(status(&RunStatus::from_name("NEW\u{1b}[2J")), "? NEW");
    }
}
