//! A refresh costs what changed: the list request carries the rows' tasks by fingerprint and
//! the ETag of their reply; a `304` is the same list; rows of unchanged tasks keep what was
//! computed for them; a change made here forgets the ETag.

use crate::tui_support;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyCode;
use recoup_tasks::client::{KnownTasks, ListedEntry, TaskListReply};
use recoup_tasks::model::{ListedTask, Task};
use recoup_tasks::tui::{Action, App, Effect, RequestId, ServerCall};
use tui_support::*;

const ETAG: &str = "\"00112233445566778899aabbccddeeff\"";

/// `tasks` as a list reply brings them: fingerprint `1 + i` for the i-th, and `etag`.
fn reply(tasks: Vec<Task>, etag: Option<&str>) -> TaskListReply {
    entries(
        tasks
            .into_iter()
            .map(|t| Arc::new(t.listed()))
            .collect::<Vec<_>>(),
        etag,
    )
}

fn entries(tasks: Vec<Arc<ListedTask>>, etag: Option<&str>) -> TaskListReply {
    TaskListReply::Listed {
        tasks: tasks
            .into_iter()
            .enumerate()
            .map(|(i, task)| ListedEntry {
                fingerprint: Some(1 + i as u128),
                task,
            })
            .collect(),
        etag: etag.map(str::to_string),
    }
}

/// The `LoadTasks` among `effects`: its request and what it knows.
fn load_of(effects: &[Effect]) -> (RequestId, KnownTasks) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Server(ServerCall::LoadTasks { request, known }) => {
                Some((*request, known.clone()))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no LoadTasks in {effects:?}"))
}

/// An app with the fixture tasks loaded from a reply with fingerprints and `ETAG`.
fn app_with_etag() -> App {
    let (mut app, effects) = new_app();
    let (request, known) = load_of(&effects);
    assert_eq!(known, KnownTasks::default());
    app.update(Action::TasksLoaded {
        request,
        result: Ok(reply(tasks(), Some(ETAG))),
    });
    app
}

/// `r`: the next list request.
fn refresh(app: &mut App) -> (RequestId, KnownTasks) {
    load_of(&app.update(ch('r')))
}

fn row_tasks(app: &App) -> Vec<Arc<ListedTask>> {
    app.tasks().rows.iter().map(|r| r.task.clone()).collect()
}

fn selected_id(app: &App) -> Option<String> {
    app.tasks().selected_task().map(|t| t.id.clone())
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn the_next_list_request_carries_the_rows_tasks_and_their_etag() {
    let mut app = app_with_etag();
    let (_, known) = refresh(&mut app);
    assert_eq!(known.etag.as_deref(), Some(ETAG));
    let rows = row_tasks(&app);
    assert_eq!(known.by_fingerprint.len(), 3);
    for (i, task) in rows.iter().enumerate() {
        let fingerprint = app.tasks().rows[i]
            .fingerprint
            .unwrap_or_else(|| panic!("row {i} has no fingerprint"));
        let held = &known.by_fingerprint[&fingerprint];
        assert!(Arc::ptr_eq(held, task), "row {i} is shared, not copied");
    }
}

#[test]
fn a_304_keeps_the_list_and_the_selection_and_draws_nothing() {
    let mut app = app_with_etag();
    app.update(key(KeyCode::Down));
    let selected = selected_id(&app);
    assert!(selected.is_some());
    let before = row_tasks(&app);
    let (request, _) = refresh(&mut app);
    app.take_dirty();
    app.update(Action::TasksLoaded {
        request,
        result: Ok(TaskListReply::NotModified),
    });
    assert!(!app.take_dirty(), "the same list draws nothing");
    let after = row_tasks(&app);
    assert!(before.iter().zip(&after).all(|(a, b)| Arc::ptr_eq(a, b)));
    assert_eq!(after.len(), before.len());
    assert_eq!(selected_id(&app), selected);
    let (_, known) = refresh(&mut app);
    assert_eq!(known.etag.as_deref(), Some(ETAG), "still the rows' ETag");
}

#[test]
fn a_list_without_an_etag_is_listed_and_the_next_request_sends_none() {
    let (mut app, effects) = new_app();
    let (request, _) = load_of(&effects);
    app.update(Action::TasksLoaded {
        request,
        result: Ok(reply(tasks(), None)),
    });
    assert_eq!(app.tasks().rows.len(), 3);
    let (_, known) = refresh(&mut app);
    assert_eq!(known.etag, None);
    assert_eq!(known.by_fingerprint.len(), 3);
}

#[test]
fn a_change_made_here_forgets_the_etag_and_the_changed_task() {
    let mut app = app_with_etag();
    // The daily task is selected first (its fire is the nearest): toggle it.
    assert_eq!(selected_id(&app).as_deref(), Some("task_daily"));
    app.update(ch(' '));
    let mut task = tasks()[1].clone();
    task.enabled = Some(false);
    app.update(Action::TaskToggled {
        request: RequestId(3),
        result: Ok(task),
    });
    let (_, known) = refresh(&mut app);
    assert_eq!(known.etag, None, "the rows are no longer the reply's");
    let ids: Vec<&str> = {
        let mut ids: Vec<&str> = known
            .by_fingerprint
            .values()
            .map(|t| t.id.as_str())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids, ["task_off", "task_weekly"]);
}

#[test]
fn a_failed_load_forgets_the_etag() {
    let mut app = app_with_etag();
    let (request, _) = refresh(&mut app);
    app.update(Action::TasksLoaded {
        request,
        result: Err(failure(
            "could not reach http://127.0.0.1:9 (connection refused)",
        )),
    });
    let (_, known) = refresh(&mut app);
    assert_eq!(known.etag, None);
}

#[test]
fn a_list_reordered_with_a_task_gone_and_one_new_keeps_the_selection_by_id() {
    let mut app = app_with_etag();
    let weekly = app
        .tasks()
        .rows
        .iter()
        .position(|r| r.task.id == "task_weekly")
        .unwrap_or_else(|| panic!("no weekly row"));
    let rows = row_tasks(&app);
    app.update(ch('j'));
    assert_eq!(selected_id(&app).as_deref(), Some("task_weekly"));
    let (request, _) = refresh(&mut app);
    let mut new = tasks()[0].clone();
    new.id = "task_new".into();
    new.title = "New report".into();
    new.schedule = "0 12 * * *".into();
    new.timezone = Some("UTC".into());
    // The daily task is gone; the new one first; the off and weekly ones swapped.
    let off = rows
        .iter()
        .find(|t| t.id == "task_off")
        .cloned()
        .unwrap_or_else(|| panic!("no off row"));
    let list = vec![Arc::new(new.listed()), off, rows[weekly].clone()];
    app.update(Action::TasksLoaded {
        request,
        result: Ok(entries(list, Some(ETAG))),
    });
    let ids: Vec<&str> = app
        .tasks()
        .rows
        .iter()
        .map(|r| r.task.id.as_str())
        .collect();
    assert_eq!(ids, ["task_new", "task_off", "task_weekly"]);
    let shown: Vec<&str> = app
        .tasks()
        .visible
        .iter()
        .map(|i| app.tasks().rows[*i].task.id.as_str())
        .collect();
    assert_eq!(shown, ["task_new", "task_weekly", "task_off"]);
    assert_eq!(selected_id(&app).as_deref(), Some("task_weekly"));
    assert!(Arc::ptr_eq(&app.tasks().rows[2].task, &rows[weekly]));
}

#[test]
fn rows_of_unchanged_tasks_keep_what_was_computed_and_changed_ones_are_computed() {
    // Loaded at 2026-11-29 10:00: the daily task fires next at 10:30 that day.
    let mut app = app_with_etag();
    let daily = |app: &App| {
        app.tasks()
            .rows
            .iter()
            .find(|r| r.task.id == "task_daily")
            .cloned()
            .unwrap_or_else(|| panic!("no daily row"))
    };
    let kept = daily(&app);
    assert_eq!(kept.next_fire, Some(at("2026-11-29T10:30:00Z")));
    // The clock goes back a day: no fire has passed, so nothing is computed again, and a
    // row computed now would fire on the 28th.
    app.update(Action::Clock(at("2026-11-28T10:00:00Z")));
    let (request, _) = refresh(&mut app);
    let mut list = row_tasks(&app);
    // The weekly task changed: now daily at 10:30 too.
    let weekly = list
        .iter()
        .position(|t| t.id == "task_weekly")
        .unwrap_or_else(|| panic!("no weekly row"));
    let mut changed = (*list[weekly]).clone();
    changed.schedule = "30 10 * * *".into();
    changed.timezone = Some("UTC".into());
    list[weekly] = Arc::new(changed);
    // The daily task comes back equal but not shared (its text differed: another `upcoming`).
    let at_daily = list
        .iter()
        .position(|t| t.id == "task_daily")
        .unwrap_or_else(|| panic!("no daily row"));
    list[at_daily] = Arc::new((*list[at_daily]).clone());
    app.update(Action::TasksLoaded {
        request,
        result: Ok(entries(list, Some(ETAG))),
    });
    let row = daily(&app);
    assert_eq!(row.next_fire, kept.next_fire, "kept, not computed again");
    assert_eq!(row.health, kept.health);
    let weekly = app
        .tasks()
        .rows
        .iter()
        .find(|r| r.task.id == "task_weekly")
        .unwrap_or_else(|| panic!("no weekly row"));
    assert_eq!(weekly.next_fire, Some(at("2026-11-28T10:30:00Z")));
}
