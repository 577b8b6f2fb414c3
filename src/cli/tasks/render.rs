//! How `tasks` prints for people: tables and the run status sheet, every value in the look
//! `crate::present` gives it (the TUI's look), instants in local time. Text from the server is
//! sanitised so no escape sequence reaches the terminal.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use unicode_width::UnicodeWidthStr;

use crate::model::{Run, Task};
use crate::present::{self, TaskName, sanitize};

/// One line of server text, safe to print.
fn line(text: &str) -> String {
    sanitize::line(text).into_owned()
}

/// Rows under a header, columns padded to their widest cell (in terminal columns), two spaces
/// apart; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
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
                let pad = widths[i] - cell.width();
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

/// The task list: ID, TITLE, ARTIST (its name, `—` when unknown), SCHEDULE, ENABLED, NEXT
/// FIRE (local time). Titles and names are cut to fixed widths so a long one cannot push the
/// other columns off the screen.
pub fn tasks_table(tasks: &[Task], now: DateTime<Utc>, local: Tz) -> String {
    let rows: Vec<Vec<String>> = tasks
        .iter()
        .map(|task| {
            let enabled = task.enabled != Some(false);
            vec![
                line(&task.id),
                present::fit(&line(&task.title), 40),
                present::fit(&present::list_artist(task.artist_name.as_deref()), 24),
                line(&task.schedule),
                enabled.to_string(),
                present::next_fire(task.next_fire(now), enabled, Some(local)),
            ]
        })
        .collect();
    table(
        &["ID", "TITLE", "ARTIST", "SCHEDULE", "ENABLED", "NEXT FIRE"],
        &rows,
    )
}

/// The runs list: RUN ID, STATUS, CREATED (local time), DURATION, COST.
pub fn runs_table(runs: &[Run], local: Tz) -> String {
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|run| {
            vec![
                line(&run.id),
                present::status(&run.status),
                present::table_timestamp(&run.created_at, Some(local)),
                present::run_duration(run),
                present::cost(run.cost_in_cents),
            ]
        })
        .collect();
    table(&["RUN ID", "STATUS", "CREATED", "DURATION", "COST"], &rows)
}

/// One run, field by field: id, status, task (by its title, `task` being what is known of
/// it), times (local time), duration, cost, attempts, error.
pub fn run_sheet(run: &Run, task: TaskName<'_>, output_video: Option<&str>, local: Tz) -> String {
    let local = Some(local);
    let mut out = String::new();
    let mut field = |name: &str, value: &str| {
        let _ = writeln!(out, "{name}: {value}");
    };
    field("Run", &line(&run.id));
    field("Status", &present::status(&run.status));
    if let Some(id) = run.task_id() {
        field("Task", &present::detail_name(task, id));
    }
    if let Some(schedule) = &run.schedule {
        field("Schedule", &line(&schedule.generator.expression));
    }
    for (name, at) in [
        ("Created", Some(run.created_at.as_str())),
        ("Started", run.started_at.as_deref()),
        ("Finished", run.finished_at.as_deref()),
    ] {
        if let Some(at) = at.filter(|at| !at.is_empty()) {
            field(name, &present::detail_timestamp(at, local));
        }
    }
    field("Duration", &present::run_duration(run));
    field(
        "Cost",
        &present::cost_with_base(run.cost_in_cents, run.base_cost_in_cents),
    );
    match &run.attempts {
        Some(attempts) => {
            field("Attempts", &attempts.len().to_string());
            for (number, attempt) in attempts.iter().enumerate() {
                let status = crate::model::RunStatus::from_name(&attempt.status);
                let mut text = format!("  {}. {}", number + 1, present::status(&status));
                if let Some(at) = &attempt.started_at {
                    let _ = write!(text, "  {}", present::detail_timestamp(at, local));
                }
                if let Some(error) = &attempt.error {
                    let _ = write!(text, "  {}", line(&error.message));
                }
                out.push_str(&text);
                out.push('\n');
            }
        }
        None => {
            if let Some(count) = run.attempt_count {
                field("Attempts", &count.to_string());
            }
        }
    }
    if let Some(error) = &run.error {
        let _ = writeln!(out, "Failure: {}", line(&error.message));
    }
    if let Some(url) = output_video {
        let _ = writeln!(out, "Video URL: {}", line(url));
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
            "ID  TITLE   ARTIST  SCHEDULE   ENABLED  NEXT FIRE\nt1  Weekly  —       0 9 * * 1  true     Mon 03-02 15:00\n"
        );
        assert!(
            tasks_table(&[task(Some(false), None)], now, berlin).ends_with("false    disabled\n")
        );
        assert!(
            tasks_table(&[task(Some(true), None)], now, berlin).ends_with("true     —\n"),
            "an orphan never fires"
        );
    }

    #[test]
    fn the_artist_column_names_the_artist_clean_and_cut() {
        let now = DateTime::parse_from_rfc3339("2026-03-02T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut named = task(Some(false), None);
        named.artist_name = Some("Del \u{1b}[31mWater Gap and the Long Name Band".into());
        let table = tasks_table(&[named], now, Tz::UTC);
        assert_eq!(
            table.lines().nth(1),
            Some("t1  Weekly  Del Water Gap and the L…  0 9 * * 1  false    disabled")
        );
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(line("a\u{1b}[31mb\n"), "ab ");
    }

    #[test]
    fn wide_titles_keep_the_columns_aligned() {
        let rows = vec![vec!["ファン".to_string(), "x".to_string()]];
        assert_eq!(table(&["T", "C"], &rows), "T       C\nファン  x\n");
    }
}
