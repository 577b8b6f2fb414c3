//! How long a run took: `850ms`, `12.3s`, `4m 05s`, `2h 03m` — short enough for a table
//! column, exact enough to compare runs.

use crate::model::{Run, RunSummary};

/// `850ms`, `12.3s`, `4m 05s`, `2h 03m`; `—` for no reading (zero, negative or not a number).
pub fn duration(ms: f64) -> String {
    if !ms.is_finite() || ms <= 0.0 {
        return super::NONE.into();
    }
    let ms = ms.round() as u64;
    match ms {
        0..=999 => format!("{ms}ms"),
        1_000..=59_999 => format!("{:.1}s", ms as f64 / 1000.0),
        60_000..=3_599_999 => format!("{}m {:02}s", ms / 60_000, ms / 1000 % 60),
        _ => format!("{}h {:02}m", ms / 3_600_000, ms / 60_000 % 60),
    }
}

/// A run's duration: `—` until it has finished, `<1ms` for a finished run that took no
/// measurable time (a `durationMs` of 0 is then a reading, not a gap).
pub fn run_duration(run: &Run) -> String {
    finished_duration(
        run.finished_at.is_some() || run.is_completed,
        run.duration_ms,
    )
}

/// [`run_duration`] of a run's summary (a task's recent run).
pub fn summary_duration(run: &RunSummary) -> String {
    finished_duration(
        run.finished_at.is_some() || run.is_completed,
        run.duration_ms,
    )
}

fn finished_duration(finished: bool, ms: f64) -> String {
    if finished && ms == 0.0 {
        return "<1ms".into();
    }
    duration(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(850.0), "850ms");
        assert_eq!(duration(12_345.0), "12.3s");
        assert_eq!(duration(245_000.0), "4m 05s");
        assert_eq!(duration(7_380_000.0), "2h 03m");
        assert_eq!(duration(0.0), "—");
        assert_eq!(duration(f64::NAN), "—");
    }

    #[test]
    fn a_finished_run_of_zero_milliseconds_is_under_one_not_unknown() {
        let mut run: Run = serde_json::from_value(serde_json::json!({
            "id": "run_1", "status": "EXECUTING", "taskIdentifier": "t",
            "createdAt": "2026-11-28T09:00:00.000Z", "updatedAt": "2026-11-28T09:00:00.000Z",
            "durationMs": 0
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run_duration(&run), "—");
        run.finished_at = Some("2026-11-28T09:00:00.000Z".into());
        assert_eq!(run_duration(&run), "<1ms");
        run.duration_ms = 1500.0;
        assert_eq!(run_duration(&run), "1.5s");
    }
}
