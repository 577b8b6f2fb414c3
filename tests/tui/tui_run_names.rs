//! Every run on the Runs screen is named by its task. The list mode of `/api/tasks/runs` carries
//! no payload, so a run older than its task's recent runs is read once (its payload's
//! `externalId` is the task's id); a task that no longer exists reads `(deleted task)`.

use crate::tui_support;

use recoup_tasks::model::Run;
use recoup_tasks::tui::{Action, App, Effect, ServerCall};
use tui_support::*;

fn old_run(id: &str, created: &str) -> Run {
    run(serde_json::json!({
        "id": id, "status": "COMPLETED", "taskIdentifier": "customer-prompt-task",
        "createdAt": created, "updatedAt": created
    }))
}

/// The fixture runs (all among the tasks' recent runs) and `extra` older ones.
fn runs_with(extra: &[&str]) -> Vec<Run> {
    let mut list = runs();
    for (i, id) in extra.iter().enumerate() {
        list.push(old_run(id, &format!("2026-11-20T0{i}:00:00.000Z")));
    }
    list
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

/// The Runs screen showing `runs`; returns the effects of their arrival.
fn runs_screen(app: &mut App, runs: Vec<Run>) -> Vec<Effect> {
    let effects = app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(runs),
    })
}

/// The Task cell of the row of `run_id` in the Runs list at 120 columns (ids shown).
fn task_cell(app: &App, run_id: &str) -> String {
    let frame = render(app, 120, 30);
    let line = frame
        .lines()
        .find(|l| l.contains(run_id))
        .unwrap_or_else(|| panic!("no row for {run_id} in\n{frame}"));
    let before_id = line.split(run_id).next().unwrap_or_default();
    before_id
        .rsplit("  ")
        .find(|cell| !cell.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[test]
fn a_run_older_than_the_recent_runs_is_read_once_and_named_by_its_task() {
    let mut app = loaded_app();
    let effects = runs_screen(&mut app, runs_with(&["run_old_a"]));
    assert_eq!(lookups(&effects), ["run_old_a"]);
    assert_eq!(task_cell(&app, "run_old_a"), "—");
    let effects = app.update(Action::RunTaskFound {
        run_id: "run_old_a".into(),
        result: Ok(Some("task_weekly".into())),
    });
    assert_eq!(lookups(&effects), Vec::<String>::new());
    assert_eq!(task_cell(&app, "run_old_a"), "Weekly fan report");
    assert_eq!(task_cell(&app, "run_middle"), "Daily socials digest");
    // The next refresh asks for nothing: a run's task never changes.
    let effects = app.update(Action::RunsRefreshDue { generation: 1 });
    let effects = app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(runs_with(&["run_old_a"])),
    });
    assert_eq!(lookups(&effects), Vec::<String>::new());
}

#[test]
fn a_run_of_a_deleted_task_reads_deleted_task_after_the_tasks_are_read_again() {
    let mut app = loaded_app();
    runs_screen(&mut app, runs_with(&["run_orphan"]));
    let effects = app.update(Action::RunTaskFound {
        run_id: "run_orphan".into(),
        result: Ok(Some("task_gone".into())),
    });
    // Maybe created since the list was read: read it again before calling it deleted.
    let request = load_request(&effects);
    assert_eq!(task_cell(&app, "run_orphan"), "—");
    app.update(Action::TasksLoaded {
        request,
        result: Ok(listed(tasks())),
    });
    assert_eq!(task_cell(&app, "run_orphan"), "(deleted task)");
}

#[test]
fn at_most_four_runs_are_read_at_once() {
    let mut app = loaded_app();
    let names = ["run_a", "run_b", "run_c", "run_d", "run_e", "run_f"];
    let effects = runs_screen(&mut app, runs_with(&names));
    // Newest first: the list's order.
    assert_eq!(lookups(&effects), ["run_f", "run_e", "run_d", "run_c"]);
    let effects = app.update(Action::RunTaskFound {
        run_id: "run_e".into(),
        result: Ok(Some("task_daily".into())),
    });
    assert_eq!(lookups(&effects), ["run_b"]);
}

#[test]
fn a_failed_lookup_leaves_a_dash_and_is_tried_again_only_on_refresh() {
    let mut app = loaded_app();
    runs_screen(&mut app, runs_with(&["run_x"]));
    let effects = app.update(Action::RunTaskFound {
        run_id: "run_x".into(),
        result: Err(failure("429 Too Many Requests")),
    });
    assert_eq!(lookups(&effects), Vec::<String>::new());
    assert_eq!(task_cell(&app, "run_x"), "—");
    let effects = app.update(ch('r'));
    let effects = app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(runs_with(&["run_x"])),
    });
    assert_eq!(lookups(&effects), ["run_x"]);
}

#[test]
fn an_opened_run_of_a_deleted_task_says_so() {
    let mut app = loaded_app();
    runs_screen(&mut app, runs_with(&["run_orphan"]));
    app.update(ch('G'));
    app.update(key(crossterm::event::KeyCode::Enter));
    let view_request = app
        .run_view()
        .and_then(|v| v.request)
        .unwrap_or_else(|| panic!("no run requested"));
    let orphan = run(serde_json::json!({
        "id": "run_orphan", "status": "COMPLETED", "taskIdentifier": "customer-prompt-task",
        "createdAt": "2026-11-20T00:00:00.000Z", "updatedAt": "2026-11-20T00:00:02.000Z",
        "payload": {"timestamp": "2026-11-20T00:00:00.000Z", "externalId": "task_gone"}
    }));
    let effects = app.update(Action::RunLoaded {
        request: view_request,
        result: Ok(Box::new(orphan)),
    });
    let frame = render(&app, 100, 30);
    assert!(frame.contains("task              task_gone"), "{frame}");
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks())),
    });
    let frame = render(&app, 100, 30);
    assert!(
        frame.contains("task              (deleted task)  task_gone"),
        "{frame}"
    );
}
