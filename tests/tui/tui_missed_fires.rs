//! The task detail shows the fires a task missed while nothing was running (the local server's
//! `missed_fires`), in the viewer's zone like the run times above them.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::tui::Action;
use tui_support::*;

#[test]
fn the_task_detail_lists_missed_fires_in_local_time_below_the_recent_runs() {
    let (mut app, effects) = new_app();
    let request = load_request(&effects);
    let missing = task(serde_json::json!({
        "id": "task_weekly", "title": "Weekly fan report", "prompt": "Summarise.",
        "schedule": "0 9 * * 4", "timezone": "America/New_York", "enabled": true,
        "account_id": "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a", "artist_account_id": ARTIST,
        "recent_runs": [runs()[1]],
        "missed_fires": [
            {"at": "2026-11-29T01:49:00.000Z", "reason": "nothing was running"},
            {"at": "2026-11-28T01:49:00.000Z", "reason": "nothing was running"}
        ]
    }));
    app.update(Action::TasksLoaded {
        request,
        result: Ok(vec![missing.listed()].into()),
    });
    let frame = render(&app, 120, 40);
    let rows: Vec<&str> = frame.lines().collect();
    let row_of = |text: &str| {
        rows.iter()
            .position(|row| row.contains(text))
            .unwrap_or_else(|| panic!("no `{text}` in\n{frame}"))
    };
    // The viewer is in Paris (UTC+1 in November).
    let newest = row_of("Missed    Sun 11-29 02:49 — nothing was running");
    let older = row_of("          Sat 11-28 02:49 — nothing was running");
    assert_eq!(older, newest + 1);
    assert!(
        row_of("✓ COMPLETED Sun 11-29") < newest,
        "below the recent runs\n{frame}"
    );
    assert!(newest < row_of("Id "), "above the task's fields\n{frame}");
}

#[test]
fn a_task_that_missed_nothing_shows_no_missed_line() {
    let app = loaded_app();
    let frame = render(&app, 120, 40);
    assert!(!frame.contains("Missed"), "{frame}");
}

/// A task whose runs the hosted API could not read from Trigger.dev (`trigger_lookup_failed`,
/// addendum §2.3) is not said to have never run.
#[test]
fn a_failed_runs_lookup_is_not_shown_as_no_runs_yet() {
    let (mut app, effects) = new_app();
    let request = load_request(&effects);
    let fixture = |id: &str, failed: Option<bool>| {
        let mut json = serde_json::json!({
            "id": id, "title": id, "prompt": "Summarise.", "schedule": "0 9 * * 4",
            "timezone": "UTC", "enabled": true, "artist_account_id": ARTIST,
            "recent_runs": [], "upcoming": [],
        });
        if let (Some(failed), Some(fields)) = (failed, json.as_object_mut()) {
            fields.insert("trigger_lookup_failed".into(), failed.into());
        }
        task(json)
    };
    app.update(Action::TasksLoaded {
        request,
        result: Ok(vec![
            fixture("a-unread", Some(true)).listed(),
            fixture("b-quiet", Some(false)).listed(),
        ]
        .into()),
    });
    app.update(ch('s')); // by title: a-unread, then b-quiet
    let recent = |app: &recoup_tasks::tui::App| {
        let frame = render(app, 120, 40);
        frame
            .lines()
            .find_map(|row| {
                row.split("│Recent    ")
                    .nth(1)
                    .map(|r| r.trim_end_matches(['│', ' ']).to_string())
            })
            .unwrap_or_else(|| panic!("no Recent line in\n{frame}"))
    };
    let first = recent(&app);
    app.update(key(KeyCode::Down));
    let second = recent(&app);
    assert_eq!(
        [first.as_str(), second.as_str()],
        ["unknown (the runs could not be read)", "no runs yet"]
    );
}
