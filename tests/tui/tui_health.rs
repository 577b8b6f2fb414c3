//! Task health in the Tasks list and detail: a missed fire, failures among the recent runs, the
//! last success and failure as "… ago", and the list sorted worst first.

use crate::tui_support;

use chrono::{DateTime, Utc};
use recoup_tasks::model::Task;
use recoup_tasks::tui::state::Sort;
use recoup_tasks::tui::{Action, App};
use serde_json::{Value, json};
use tui_support::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn run_at(id: &str, status: &str, created: &str) -> Value {
    json!({"id": id, "status": status, "taskIdentifier": "customer-prompt-task",
           "createdAt": created, "updatedAt": created, "startedAt": created,
           "finishedAt": created, "durationMs": 1200, "costInCents": 0.4})
}

/// Four tasks, the clock at 2026-11-29 10:00Z: one hourly whose 09:00 fire made no run (its
/// last ran at 08:00), one failing 2 of 5, one healthy, and one without runs.
pub fn health_tasks() -> Vec<Task> {
    let made = "2026-11-20T00:00:00.000Z";
    vec![
        task(json!({
            "id": "task_healthy", "title": "Healthy digest", "prompt": "Digest.",
            "schedule": "0 7 * * *", "timezone": "UTC", "enabled": true,
            "artist_account_id": ARTIST, "created_at": made, "updated_at": made,
            "recent_runs": [run_at("run_h1", "COMPLETED", "2026-11-29T07:00:00.000Z")]
        })),
        task(json!({
            "id": "task_silent", "title": "Hourly mentions", "prompt": "Mentions.",
            "schedule": "0 * * * *", "timezone": "UTC", "enabled": true,
            "artist_account_id": ARTIST, "created_at": made, "updated_at": made,
            "recent_runs": [run_at("run_s1", "COMPLETED", "2026-11-29T08:00:00.000Z")]
        })),
        task(json!({
            "id": "task_failing", "title": "Weekly fan report", "prompt": "Report.",
            "schedule": "0 9 * * *", "timezone": "America/New_York", "enabled": true,
            "artist_account_id": ARTIST, "created_at": made, "updated_at": made,
            "recent_runs": [
                run_at("run_f5", "COMPLETED", "2026-11-28T14:00:00.000Z"),
                run_at("run_f4", "FAILED", "2026-11-27T14:00:00.000Z"),
                run_at("run_f3", "COMPLETED", "2026-11-26T14:00:00.000Z"),
                run_at("run_f2", "TIMED_OUT", "2026-11-25T14:00:00.000Z"),
                run_at("run_f1", "COMPLETED", "2026-11-24T14:00:00.000Z"),
            ]
        })),
        task(json!({
            "id": "task_new", "title": "Brand new task", "prompt": "New.",
            "schedule": "0 12 * * *", "timezone": "UTC", "enabled": true,
            "artist_account_id": ARTIST, "created_at": "2026-11-29T09:58:00.000Z",
            "updated_at": "2026-11-29T09:58:00.000Z"
        })),
    ]
}

pub fn health_app(size: (u16, u16)) -> App {
    let (mut app, effects) = App::new(startup(size));
    let request = load_request(&effects);
    app.update(Action::TasksLoaded {
        request,
        result: Ok(listed(health_tasks())),
    });
    app
}

/// The list row of the task titled `title`.
fn row<'a>(frame: &'a str, title: &str) -> &'a str {
    frame
        .lines()
        .find(|line| line.contains(title))
        .unwrap_or_else(|| panic!("no row for {title}:\n{frame}"))
}

fn visible_ids(app: &App) -> Vec<&str> {
    let pane = app.tasks();
    pane.visible
        .iter()
        .map(|i| pane.rows[*i].task.id.as_str())
        .collect()
}

#[test]
fn the_list_marks_a_missed_fire_failures_and_health() {
    let app = health_app((80, 24));
    let frame = render(&app, 80, 24);
    assert!(
        row(&frame, "Hourly mentions").ends_with("Sun 11-29 12:00 ✓ COMPLETED ⚠ missed│"),
        "{frame}"
    );
    assert!(
        row(&frame, "Weekly fan report").ends_with("Sun 11-29 15:00 ✓ COMPLETED ✗ 2/5   │"),
        "{frame}"
    );
    assert!(
        row(&frame, "Healthy digest").ends_with("Mon 11-30 08:00 ✓ COMPLETED ✓       │"),
        "{frame}"
    );
    assert!(
        row(&frame, "Brand new task").ends_with("Sun 11-29 13:00                     │"),
        "{frame}"
    );
    assert!(
        frame
            .lines()
            .nth(2)
            .is_some_and(|l| l.ends_with("Next fire       Last run    Health  │")),
        "{frame}"
    );
}

#[test]
fn the_missed_mark_survives_a_narrow_list() {
    for (w, h) in [(50, 14), (40, 12)] {
        let app = health_app((w, h));
        let frame = render(&app, w, h);
        let silent = row(&frame, "Hourly");
        assert!(silent.ends_with("⚠│"), "{w}x{h}: {frame}");
        assert!(row(&frame, "Weekly").ends_with("✗│"), "{w}x{h}: {frame}");
    }
}

#[test]
fn the_detail_says_when_it_last_succeeded_and_failed_and_what_it_missed() {
    let mut app = health_app((120, 40));
    // By next fire: the hourly task (11:00) is first, and selected.
    assert_eq!(visible_ids(&app)[0], "task_silent");
    let frame = render(&app, 120, 40);
    for line in [
        "│Health    ⚠ missed Sun 11-29 10:00",
        "│            1 h ago: no run within 10 min",
        "│          ✓ none of 1 recent run failed",
        "│Succeeded 2 h ago  Sun 11-29 09:00",
    ] {
        assert!(frame.contains(line), "{line:?} missing:\n{frame}");
    }
    let failing = visible_ids(&app)
        .iter()
        .position(|id| *id == "task_failing")
        .unwrap_or_else(|| panic!("no failing task"));
    app.update(ch('g'));
    for _ in 0..failing {
        app.update(ch('j'));
    }
    let frame = render(&app, 120, 40);
    for line in [
        "│Health    ✗ 2 of 5 recent runs failed",
        "│Succeeded 20 h ago  Sat 11-28 15:00",
        "│Failed    44 h ago  Fri 11-27 15:00  ✗ FAILED",
    ] {
        assert!(frame.contains(line), "{line:?} missing:\n{frame}");
    }
}

#[test]
fn s_sorts_by_health_worst_first_then_by_next_fire() {
    let mut app = health_app((80, 24));
    app.update(ch('s'));
    assert_eq!(app.tasks().sort, Sort::Title);
    app.update(ch('s'));
    assert_eq!(app.tasks().sort, Sort::Health);
    assert_eq!(
        visible_ids(&app),
        ["task_silent", "task_failing", "task_healthy", "task_new"]
    );
    assert!(render(&app, 80, 24).contains("Tasks (4) · by health"));
    app.update(ch('s'));
    assert_eq!(app.tasks().sort, Sort::NextFire);
}

#[test]
fn a_fire_whose_grace_ends_turns_the_task_missed_and_redraws() {
    let mut app = health_app((80, 24));
    // The healthy task fires daily at 07:00; a day later nothing ran.
    app.take_dirty();
    app.update(Action::Clock(at("2026-11-30T07:09:00Z")));
    let frame = render(&app, 80, 24);
    assert!(
        row(&frame, "Healthy digest").ends_with("✓       │"),
        "{frame}"
    );
    app.take_dirty();
    app.update(Action::Clock(at("2026-11-30T07:10:00Z")));
    assert!(app.take_dirty(), "a newly missed fire is drawn");
    let frame = render(&app, 80, 24);
    assert!(
        row(&frame, "Healthy digest").ends_with("⚠ missed│"),
        "{frame}"
    );
}

#[test]
fn the_minute_redraws_only_when_an_ago_on_screen_reads_differently() {
    let mut app = health_app((80, 24));
    // The selected task (the hourly one) shows "2 h ago" and "1 h ago".
    app.take_dirty();
    app.update(Action::Clock(at("2026-11-29T10:00:30Z")));
    assert!(!app.take_dirty(), "still the same hours ago");
    app.update(Action::Clock(at("2026-11-29T11:00:00Z")));
    assert!(app.take_dirty(), "2 h ago is now 3 h ago");
}

#[test]
fn snapshots_of_health() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = health_app((w, h));
        app.update(ch('s'));
        app.update(ch('s'));
        insta::assert_snapshot!(format!("tasks_health_{w}x{h}"), render(&app, w, h));
    }
}
