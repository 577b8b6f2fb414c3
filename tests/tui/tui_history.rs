//! A task's runs (`Enter` on a task): the account's runs, as many as the API lists, kept to the
//! task's by each run's `externalId`; how far back they reach; the status filter; "… ago";
//! `Enter` opens a run, `Esc` goes back to the same task.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::model::Run;
use recoup_tasks::tui::state::TasksFocus;
use recoup_tasks::tui::{Action, App, Effect, ServerCall};
use serde_json::json;
use tui_support::*;

/// The fixture's runs (two of the weekly task's, known through its recent runs; one of the
/// daily task's) and two more no recent runs name, newest first.
fn account_runs() -> Vec<Run> {
    let mut all = runs();
    all.push(run(json!({
        "id": "run_weekly_old", "status": "COMPLETED", "taskIdentifier": "customer-prompt-task",
        "createdAt": "2026-11-19T14:00:00.000Z", "updatedAt": "2026-11-19T14:00:03.000Z",
        "startedAt": "2026-11-19T14:00:00.000Z", "finishedAt": "2026-11-19T14:00:03.000Z",
        "durationMs": 3000, "costInCents": 0.9
    })));
    all.push(run(json!({
        "id": "run_content", "status": "FAILED", "taskIdentifier": "create-content",
        "createdAt": "2026-11-18T08:00:00.000Z", "updatedAt": "2026-11-18T08:00:01.000Z"
    })));
    all
}

/// `Enter` on the weekly task (second by next fire), its runs listed; returns the reads of runs
/// for their task that followed.
fn open_weekly(app: &mut App, listed: Vec<Run>) -> Vec<String> {
    app.update(ch('j'));
    assert_eq!(
        app.tasks().selected_task().map(|t| t.id.as_str()),
        Some("task_weekly")
    );
    let effects = app.update(key(KeyCode::Enter));
    let limits: Vec<u32> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Server(ServerCall::LoadRuns { limit, .. }) => Some(*limit),
            _ => None,
        })
        .collect();
    assert_eq!(limits, [100], "the most the API lists: {effects:?}");
    let effects = app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(listed),
    });
    lookups(&effects)
}

fn lookups(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Server(ServerCall::FindRunTask { id }) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

fn shown_ids(app: &App) -> Vec<String> {
    let history = app
        .history()
        .unwrap_or_else(|| panic!("no task's runs open"));
    history
        .visible
        .iter()
        .map(|i| history.listed[*i].id.clone())
        .collect()
}

#[test]
fn enter_on_a_task_lists_its_runs_found_by_their_task_and_says_how_far_back() {
    let mut app = loaded_app();
    let read = open_weekly(&mut app, account_runs());
    // Known through the tasks' recent runs: the weekly task's two, the daily task's one; the
    // other two are read for their task, newest first.
    assert_eq!(read, ["run_weekly_old", "run_content"]);
    assert_eq!(shown_ids(&app), ["run_newest", "run_older"]);
    let frame = render(&app, 80, 24);
    assert!(
        frame.contains(
            "│2 runs in all 5 of the account's runs, since Wed 11-18 09:00 (11 d ago) · fin…│"
        ),
        "{frame}"
    );
    app.update(Action::RunTaskFound {
        run_id: "run_weekly_old".into(),
        result: Ok(Some("task_weekly".into())),
    });
    app.update(Action::RunTaskFound {
        run_id: "run_content".into(),
        result: Ok(None),
    });
    assert_eq!(
        shown_ids(&app),
        ["run_newest", "run_older", "run_weekly_old"]
    );
    let frame = render(&app, 100, 30);
    for line in [
        "│3 runs in all 5 of the account's runs, since Wed 11-18 09:00 (11 d ago)  ",
        "│  Status       Started         Ago        Duration Cost      Run id",
        "│› ✓ COMPLETED  Sun 11-29 10:00 59 min ago 1.5s     $0.0125   run_newest",
        "│  ✗ FAILED     Sat 11-28 10:00 24 h ago   4.0s     $0.0050   run_older",
        "│  ✓ COMPLETED  Thu 11-19 15:00 9 d ago    3.0s     $0.0090   run_weekly_old",
    ] {
        assert!(frame.contains(line), "{line:?} missing:\n{frame}");
    }
    assert!(frame.contains("Runs of “Weekly fan report” (3)"), "{frame}");
}

#[test]
fn a_full_list_says_it_reaches_back_only_so_far() {
    let mut app = loaded_app();
    let mut listed = Vec::new();
    for i in 0..100 {
        let created = format!("2026-11-{:02}T{:02}:00:00.000Z", 29 - i / 24, 23 - i % 24);
        listed.push(run(json!({
            "id": format!("run_{i:03}"), "status": "COMPLETED",
            "taskIdentifier": "customer-prompt-task", "createdAt": created, "updatedAt": created
        })));
    }
    listed.push(runs()[1].clone());
    open_weekly(&mut app, listed[..100].to_vec());
    let frame = render(&app, 120, 40);
    assert!(
        frame.contains("│0 runs in the account's latest 100, back to Wed 11-25 21:00 (3 d ago) · finding the task of 100 more… "),
        "{frame}"
    );
}

#[test]
fn f_filters_the_task_runs_by_status() {
    let mut app = loaded_app();
    open_weekly(&mut app, account_runs());
    app.update(ch('f'));
    assert_eq!(shown_ids(&app), ["run_newest"]);
    assert!(render(&app, 80, 24).contains("Runs of “Weekly fan report” (1) · status COMPLETED"));
    app.update(ch('f'));
    assert_eq!(shown_ids(&app), ["run_older"]);
    app.update(ch('f'));
    assert_eq!(shown_ids(&app), ["run_newest", "run_older"]);
}

#[test]
fn enter_opens_a_run_and_esc_goes_back_to_the_runs_then_to_the_same_task() {
    let mut app = loaded_app();
    open_weekly(&mut app, account_runs());
    app.update(ch('j'));
    let effects = app.update(key(KeyCode::Enter));
    assert!(
        effects.iter().any(|e| matches!(e,
            Effect::Server(ServerCall::LoadRun { id, .. }) if id == "run_older")),
        "{effects:?}"
    );
    assert_eq!(app.run_view().map(|v| v.id.as_str()), Some("run_older"));
    let effects = app.update(key(KeyCode::Esc));
    assert!(app.run_view().is_none());
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Server(ServerCall::LoadRuns { limit: 100, .. }))),
        "back from the run, the task's runs are read again: {effects:?}"
    );
    assert_eq!(shown_ids(&app), ["run_newest", "run_older"]);
    assert_eq!(app.history().map(|h| h.selected), Some(1));
    // A refresh of the tasks meanwhile reorders nothing away: back on the same task, by id.
    let mut reordered = tasks();
    reordered.reverse();
    let effects = app.update(ch('r'));
    assert!(
        app.history().is_some(),
        "r refreshes the task's runs: {effects:?}"
    );
    app.update(key(KeyCode::Esc));
    assert!(app.history().is_none());
    assert_eq!(
        app.tasks().selected_task().map(|t| t.id.as_str()),
        Some("task_weekly")
    );
    assert_eq!(app.tasks().focus, TasksFocus::List);
    assert!(render(&app, 80, 24).contains("│›● Weekly fan report"));
}

#[test]
fn the_recent_runs_are_still_one_tab_away() {
    let mut app = loaded_app();
    app.update(ch('j'));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::RecentRuns);
    let effects = app.update(key(KeyCode::Enter));
    assert!(
        effects.iter().any(|e| matches!(e,
            Effect::Server(ServerCall::LoadRun { id, .. }) if id == "run_newest")),
        "{effects:?}"
    );
}

/// The weekly task's runs open, every run's task known, at `size`.
fn history_app(size: (u16, u16)) -> App {
    let mut app = loaded_app();
    app.update(Action::Resize(size.0, size.1));
    open_weekly(&mut app, account_runs());
    app.update(Action::RunTaskFound {
        run_id: "run_weekly_old".into(),
        result: Ok(Some("task_weekly".into())),
    });
    app.update(Action::RunTaskFound {
        run_id: "run_content".into(),
        result: Ok(None),
    });
    app
}

#[test]
fn snapshots_of_a_task_history() {
    for (w, h) in [(80, 24), (120, 40)] {
        let app = history_app((w, h));
        insta::assert_snapshot!(format!("task_history_{w}x{h}"), render(&app, w, h));
    }
}

/// As every screen in `tui_snapshots`: nothing cut without `…`, nothing overlapping.
#[test]
fn every_size_task_history() {
    for (w, h) in [(40, 12), (60, 20), (80, 24), (100, 30), (200, 60)] {
        let app = history_app((w, h));
        insta::assert_snapshot!(format!("all_task_history_{w}x{h}"), render(&app, w, h));
    }
}

/// A run newer than the listed ones came: the selection stays on the run it was on.
#[test]
fn a_refresh_keeps_the_selected_run_when_a_newer_one_arrives() {
    let mut app = loaded_app();
    open_weekly(&mut app, account_runs());
    app.update(ch('j'));
    assert_eq!(
        app.history()
            .and_then(|h| h.selected_run())
            .map(|r| r.id.clone()),
        Some("run_older".to_string())
    );
    let effects = app.update(ch('r'));
    // Two newer runs, of tasks not known yet.
    let mut listed = account_runs();
    for (n, at) in [
        (1, "2026-11-29T10:40:00.000Z"),
        (2, "2026-11-29T10:30:00.000Z"),
    ] {
        listed.push(run(json!({
            "id": format!("run_brand_new_{n}"), "status": "EXECUTING",
            "taskIdentifier": "customer-prompt-task", "createdAt": at, "updatedAt": at
        })));
    }
    app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(listed),
    });
    assert_eq!(
        app.history()
            .and_then(|h| h.selected_run())
            .map(|r| r.id.clone()),
        Some("run_older".to_string())
    );
}

/// While a task's runs are open they refresh every 5 s, as the Runs screen does; once closed,
/// a refresh that comes due asks for nothing.
#[test]
fn a_tasks_runs_refresh_while_open_and_not_after() {
    let mut app = loaded_app();
    app.update(ch('j'));
    let effects = app.update(key(KeyCode::Enter));
    let effects = app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(account_runs()),
    });
    let due = effects
        .iter()
        .find_map(|e| match e {
            Effect::After { delay, action } => Some((*delay, (**action).clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no refresh scheduled: {effects:?}"));
    assert_eq!(due.0, std::time::Duration::from_secs(5));
    let effects = app.update(due.1.clone());
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Server(ServerCall::LoadRuns { limit: 100, .. }))),
        "{effects:?}"
    );
    app.update(key(KeyCode::Esc));
    assert!(app.history().is_none());
    let effects = app.update(due.1);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Server(ServerCall::LoadRuns { .. }))),
        "{effects:?}"
    );
}
