//! How `tasks` prints for people: tables, the run status sheet, fire times in local time.
//! Text from the server is sanitised so no escape sequence reaches the terminal.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::model::{Run, Task};
use crate::present::fire_time;
use trigger_cron::timezones;

/// Replaces control characters (escape sequences included) so server text cannot drive the
/// terminal.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// At most `width` characters, with `…` when cut.
fn clip(text: &str, width: usize) -> String {
    let clean = sanitize(text);
    if clean.chars().count() <= width {
        return clean;
    }
    let mut cut: String = clean.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The next fire of an enabled task, computed with the schedule engine in the task's zone.
fn next_fire(task: &Task, now: DateTime<Utc>, local: Tz) -> String {
    // Disabled, or enabled without a schedule (a hosted create whose schedule was refused
    // leaves such an orphan): it never fires.
    if task.enabled == Some(false) || task.trigger_schedule_id.is_none() {
        return "-".to_string();
    }
    let zone_name = task.timezone.as_deref().unwrap_or(timezones::DEFAULT_ZONE);
    let next = trigger_cron::parse(&task.schedule).ok().and_then(|parsed| {
        let zone = timezones::resolve(zone_name).ok()?;
        parsed.next_after(zone, now).ok()
    });
    match next {
        Some(at) => fire_time(at, local),
        None => "-".to_string(),
    }
}

/// Rows under a header, columns padded to their widest cell, two spaces apart; the last column
/// is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let last = cells.len() - 1;
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i == last {
                text.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                let _ = write!(text, "{cell}{}  ", " ".repeat(pad));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}

/// The task list: ID, TITLE, SCHEDULE, ENABLED, NEXT FIRE (local time).
pub fn tasks_table(tasks: &[Task], now: DateTime<Utc>, local: Tz) -> String {
    let rows: Vec<Vec<String>> = tasks
        .iter()
        .map(|task| {
            vec![
                sanitize(&task.id),
                clip(&task.title, 40),
                sanitize(&task.schedule),
                match task.enabled {
                    Some(false) => "false",
                    _ => "true",
                }
                .to_string(),
                next_fire(task, now, local),
            ]
        })
        .collect();
    table(&["ID", "TITLE", "SCHEDULE", "ENABLED", "NEXT FIRE"], &rows)
}

/// `59000` ms → `59.0 s`; under a second in ms; over an hour in h/min.
pub fn duration(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if ms < 3_600_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        let minutes = (ms / 60_000.0).round() as u64;
        format!("{} h {} min", minutes / 60, minutes % 60)
    }
}

/// Cents as written by the service, without trailing zeros: `0.25 cents`.
pub fn cost(cents: f64) -> String {
    let text = format!("{cents:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} cents")
}

/// The runs list: RUN ID, STATUS, CREATED, DURATION, COST.
pub fn runs_table(runs: &[Run]) -> String {
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|run| {
            vec![
                sanitize(&run.id),
                sanitize(run.status.name()),
                sanitize(&run.created_at),
                duration(run.duration_ms),
                cost(run.cost_in_cents),
            ]
        })
        .collect();
    table(&["RUN ID", "STATUS", "CREATED", "DURATION", "COST"], &rows)
}

/// One run, field by field: id, status, task, times, duration, cost, attempts, error.
pub fn run_sheet(run: &Run, output_video: Option<&str>) -> String {
    let mut out = String::new();
    let mut field = |name: &str, value: &str| {
        let _ = writeln!(out, "{name}: {}", sanitize(value));
    };
    field("Run", &run.id);
    field("Status", run.status.name());
    let task = match run.task_id() {
        Some(id) => format!("{id} ({})", run.task_identifier),
        None => run.task_identifier.clone(),
    };
    if !task.is_empty() {
        field("Task", &task);
    }
    if let Some(schedule) = &run.schedule {
        field("Schedule", &schedule.generator.expression);
    }
    if !run.created_at.is_empty() {
        field("Created", &run.created_at);
    }
    if let Some(at) = &run.started_at {
        field("Started", at);
    }
    if let Some(at) = &run.finished_at {
        field("Finished", at);
    }
    field("Duration", &duration(run.duration_ms));
    field("Cost", &cost(run.cost_in_cents));
    match &run.attempts {
        Some(attempts) => {
            field("Attempts", &attempts.len().to_string());
            for (number, attempt) in attempts.iter().enumerate() {
                let mut line = format!("  {}. {}", number + 1, sanitize(&attempt.status));
                if let Some(at) = &attempt.started_at {
                    let _ = write!(line, "  {}", sanitize(at));
                }
                if let Some(error) = &attempt.error {
                    let _ = write!(line, "  {}", sanitize(&error.message));
                }
                out.push_str(&line);
                out.push('\n');
            }
        }
        None => {
            if let Some(count) = run.attempt_count {
                let mut field = |name: &str, value: &str| {
                    let _ = writeln!(out, "{name}: {value}");
                };
                field("Attempts", &count.to_string());
            }
        }
    }
    if let Some(error) = &run.error {
        let _ = writeln!(out, "Failure: {}", sanitize(&error.message));
    }
    if let Some(url) = output_video {
        let _ = writeln!(out, "Video URL: {}", sanitize(url));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_pads_all_but_the_last_column() {
        let rows = vec![vec![
            "a".to_string(),
            "long cell".to_string(),
            "x".to_string(),
        ]];
        assert_eq!(
            table(&["ID", "B", "C"], &rows),
            "ID  B          C\na   long cell  x\n"
        );
    }

    fn task(enabled: Option<bool>, schedule_id: Option<&str>) -> Task {
        serde_json::from_value(serde_json::json!({
            "id": "t1", "title": "Weekly", "schedule": "0 9 * * 1", "enabled": enabled,
            "trigger_schedule_id": schedule_id, "timezone": "America/New_York",
        }))
        .unwrap()
    }

    #[test]
    fn next_fire_is_computed_in_the_task_zone_and_shown_in_local_time() {
        let now = DateTime::parse_from_rfc3339("2026-03-02T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // Monday 2 March, 09:00 in New York (EST until 8 March) is 14:00Z: 15:00 in Berlin.
        assert_eq!(
            tasks_table(&[task(Some(true), Some("sched_1"))], now, berlin),
            "ID  TITLE   SCHEDULE   ENABLED  NEXT FIRE\nt1  Weekly  0 9 * * 1  true     Mon 2026-03-02 15:00 CET\n"
        );
        assert!(tasks_table(&[task(Some(false), None)], now, berlin).ends_with("false    -\n"));
        assert!(
            tasks_table(&[task(Some(true), None)], now, berlin).ends_with("true     -\n"),
            "an orphan never fires"
        );
    }

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(sanitize("a\u{1b}[31mb\n"), "a [31mb ");
    }

    #[test]
    fn durations_and_costs_read_naturally() {
        assert_eq!(duration(250.0), "250 ms");
        assert_eq!(duration(59000.0), "59.0 s");
        assert_eq!(duration(5_400_000.0), "1 h 30 min");
        assert_eq!(cost(0.25), "0.25 cents");
        assert_eq!(cost(3.0), "3 cents");
    }
}
