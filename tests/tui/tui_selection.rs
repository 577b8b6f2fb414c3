//! The selection follows the task (or run), never the row number: refreshes, saves,
//! duplicates and deletes keep `›` on what the user chose, and an action acts on what is shown.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::model::{Run, Task};
use recoup_tasks::tui::state::{Question, TasksFocus};
use recoup_tasks::tui::{Action, App, Effect, RequestId, ServerCall};
use tui_support::*;

fn selected_id(app: &App) -> String {
    app.tasks()
        .selected_task()
        .map(|t| t.id.clone())
        .unwrap_or_default()
}

fn selected_run_id(app: &App) -> String {
    app.runs()
        .selected_run()
        .map(|r| r.id.clone())
        .unwrap_or_default()
}

fn visible_ids(app: &App) -> Vec<String> {
    app.tasks()
        .visible
        .iter()
        .map(|i| app.tasks().rows[*i].task.id.clone())
        .collect()
}

/// The first `LoadTasks` among `effects`, answered with `tasks`.
fn answer_tasks(app: &mut App, effects: &[Effect], tasks: Vec<Task>) -> Vec<Effect> {
    let request = load_request(effects);
    app.update(Action::TasksLoaded {
        request,
        result: Ok(listed(tasks)),
    })
}

/// The first `LoadRuns` among `effects`, answered with `runs`.
fn answer_runs(app: &mut App, effects: &[Effect], runs: Vec<Run>) -> Vec<Effect> {
    app.update(Action::RunsLoaded {
        request: runs_request(effects),
        result: Ok(runs),
    })
}

/// A task that fires at 10:15 UTC every day: before every fixture task (the clock is 10:00).
fn soon_task(id: &str, title: &str) -> Task {
    task(serde_json::json!({
        "id": id, "title": title, "prompt": "p", "schedule": "15 10 * * *", "timezone": "UTC",
        "enabled": true, "artist_account_id": ARTIST
    }))
}

/// The server lists the newest task first.
fn tasks_with_newest(newest: Task) -> Vec<Task> {
    let mut list = vec![newest];
    list.extend(tasks());
    list
}

fn run_at(id: &str, created: &str) -> Run {
    run(serde_json::json!({
        "id": id, "status": "COMPLETED", "taskIdentifier": "customer-prompt-task",
        "createdAt": created, "updatedAt": created
    }))
}

/// Open the form, fill it in and submit it; returns the request.
fn submit_new_task(app: &mut App, title: &str, schedule: &str) -> RequestId {
    fill_new_task(app, title, "p", schedule);
    app.update(Action::Paste(ARTIST.into()));
    match &app.update(ctrl('s'))[..] {
        [Effect::Server(ServerCall::CreateTask { request, .. })] => *request,
        other => panic!("no CreateTask: {other:?}"),
    }
}

#[test]
fn a_refresh_that_brings_a_task_created_elsewhere_keeps_the_selected_task() {
    let mut app = loaded_app();
    app.update(ch('j'));
    assert_eq!(selected_id(&app), "task_weekly");
    let effects = app.update(ch('r'));
    answer_tasks(
        &mut app,
        &effects,
        tasks_with_newest(soon_task("task_other", "Made elsewhere")),
    );
    assert_eq!(
        visible_ids(&app),
        ["task_other", "task_daily", "task_weekly", "task_off"]
    );
    assert_eq!(selected_id(&app), "task_weekly");
    assert_eq!(app.tasks().selected, 2);
}

#[test]
fn an_automatic_refresh_keeps_the_selected_task() {
    let mut app = loaded_app();
    app.update(key(KeyCode::End));
    assert_eq!(selected_id(&app), "task_off");
    let effects = app.update(Action::TasksRefreshDue { generation: 1 });
    answer_tasks(
        &mut app,
        &effects,
        tasks_with_newest(soon_task("task_other", "Made elsewhere")),
    );
    assert_eq!(selected_id(&app), "task_off");
}

#[test]
fn a_created_task_stays_selected_after_the_list_is_read_again() {
    let mut app = loaded_app();
    app.update(ch('j'));
    let request = submit_new_task(&mut app, "Soon", "15 10 * * *");
    let effects = app.update(Action::TaskSaved {
        request,
        result: Ok(soon_task("task_new", "Soon")),
    });
    assert_eq!(selected_id(&app), "task_new");
    answer_tasks(
        &mut app,
        &effects,
        tasks_with_newest(soon_task("task_new", "Soon")),
    );
    assert_eq!(selected_id(&app), "task_new");
    assert_eq!(app.tasks().selected, 0);
}

#[test]
fn a_duplicated_task_is_selected_and_stays_selected() {
    let mut app = loaded_app();
    app.update(ch('j'));
    assert_eq!(selected_id(&app), "task_weekly");
    app.update(ch('y'));
    let effects = app.update(ctrl('s'));
    assert!(
        matches!(effects[..], [Effect::Server(ServerCall::CreateTask { .. })]),
        "{effects:?}"
    );
    let mut copy = tasks()[0].clone();
    copy.id = "task_copy".into();
    copy.title = "Weekly fan report (copy)".into();
    copy.recent_runs.clear();
    let effects = app.update(Action::TaskSaved {
        request: RequestId(3),
        result: Ok(copy.clone()),
    });
    assert_eq!(selected_id(&app), "task_copy");
    answer_tasks(&mut app, &effects, tasks_with_newest(copy));
    assert_eq!(selected_id(&app), "task_copy");
}

#[test]
fn a_created_task_is_scrolled_into_view() {
    let (mut app, effects) = App::new(startup((80, 12)));
    let many: Vec<Task> = (0..30)
        .map(|i| {
            task(serde_json::json!({
                "id": format!("task_{i:02}"), "title": format!("Task {i:02}"), "prompt": "p",
                "schedule": format!("{i} 11 * * *"), "timezone": "UTC", "enabled": true,
                "artist_account_id": ARTIST
            }))
        })
        .collect();
    answer_tasks(&mut app, &effects, many);
    let request = submit_new_task(&mut app, "Latest of all", "0 23 * * *");
    let last = task(serde_json::json!({
        "id": "task_late", "title": "Latest of all", "prompt": "p", "schedule": "0 23 * * *",
        "timezone": "UTC", "enabled": true, "artist_account_id": ARTIST
    }));
    app.update(Action::TaskSaved {
        request,
        result: Ok(last),
    });
    let frame = render(&app, 80, 12);
    let selected = frame
        .lines()
        .find(|l| l.contains('›'))
        .unwrap_or_else(|| panic!("no selected row in\n{frame}"));
    assert!(selected.contains("Latest of all"), "{frame}");
}

/// `d`, `y`, and the server's reply that `id` is deleted.
fn delete_selected(app: &mut App, id: &str) {
    app.update(ch('d'));
    let request = match &app.update(ch('y'))[..] {
        [Effect::Server(ServerCall::DeleteTask { request, id: asked })] if asked == id => *request,
        other => panic!("no DeleteTask for {id}: {other:?}"),
    };
    app.update(Action::TaskDeleted {
        request,
        id: id.into(),
        result: Ok(()),
    });
}

#[test]
fn deleting_selects_the_neighbour_below_or_above_at_the_end() {
    let mut app = loaded_app();
    app.update(ch('j'));
    assert_eq!(visible_ids(&app), ["task_daily", "task_weekly", "task_off"]);
    delete_selected(&mut app, "task_weekly");
    assert_eq!(selected_id(&app), "task_off", "the neighbour below");
    delete_selected(&mut app, "task_off");
    assert_eq!(selected_id(&app), "task_daily", "the neighbour above");
}

#[test]
fn a_delete_confirmed_after_a_refresh_deletes_the_task_that_was_asked_about() {
    let mut app = loaded_app();
    app.update(ch('j'));
    app.update(ch('d'));
    let effects = app.update(Action::TasksRefreshDue { generation: 1 });
    answer_tasks(
        &mut app,
        &effects,
        tasks_with_newest(soon_task("task_other", "Made elsewhere")),
    );
    assert_eq!(
        app.question(),
        Some(&Question::DeleteTask {
            id: "task_weekly".into(),
            title: "Weekly fan report".into()
        })
    );
    let effects = app.update(ch('y'));
    assert!(
        matches!(&effects[..], [Effect::Server(ServerCall::DeleteTask { id, .. })] if id == "task_weekly"),
        "{effects:?}"
    );
}

#[test]
fn keys_after_a_refresh_act_on_the_task_shown_selected() {
    let mut app = loaded_app();
    app.update(ch('j'));
    let effects = app.update(ch('r'));
    answer_tasks(
        &mut app,
        &effects,
        tasks_with_newest(soon_task("task_other", "Made elsewhere")),
    );
    let frame = render(&app, 100, 24);
    let shown = frame
        .lines()
        .find(|l| l.contains('›'))
        .unwrap_or_else(|| panic!("{frame}"));
    assert!(shown.contains("Weekly fan report"), "{frame}");
    assert!(
        matches!(&app.update(ch(' '))[..], [Effect::Server(ServerCall::SetEnabled { id, .. })] if id == "task_weekly")
    );
    assert_eq!(
        app.update(ch('c')),
        [Effect::CopyToClipboard("task_weekly".into())]
    );
    app.update(ch('e'));
    assert_eq!(
        app.form().and_then(|f| f.draft().editing),
        Some("task_weekly".into())
    );
}

#[test]
fn a_runs_refresh_that_adds_runs_keeps_the_selected_run() {
    let mut app = loaded_app();
    let effects = app.update(ch('2'));
    answer_runs(&mut app, &effects, runs());
    app.update(ch('j'));
    assert_eq!(selected_run_id(&app), "run_middle");
    let effects = app.update(Action::RunsRefreshDue { generation: 1 });
    let mut more = runs();
    more.push(run_at("run_brand_new", "2026-11-29T09:59:00.000Z"));
    answer_runs(&mut app, &effects, more);
    assert_eq!(selected_run_id(&app), "run_middle");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.run_view().map(|v| v.id.as_str()), Some("run_middle"));
}

#[test]
fn a_refresh_that_adds_a_recent_run_keeps_the_selected_recent_run() {
    let mut app = loaded_app();
    app.update(ch('j'));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::RecentRuns);
    app.update(ch('j'));
    assert_eq!(
        app.selected_recent_run().map(|r| r.id.as_str()),
        Some("run_older")
    );
    let effects = app.update(ch('r'));
    let mut list = tasks();
    list[0]
        .recent_runs
        .insert(0, run_at("run_brand_new", "2026-11-29T09:59:00.000Z"));
    answer_tasks(&mut app, &effects, list);
    assert_eq!(
        app.selected_recent_run().map(|r| r.id.as_str()),
        Some("run_older")
    );
}
