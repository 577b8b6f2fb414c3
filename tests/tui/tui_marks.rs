//! Marks and bulk changes on the Tasks list: `m` marks without moving, `V` marks a range, marks
//! outlast refreshes (by id) but not their task; with marks, `space` and `d` ask once, naming
//! how many and which, then change each task in turn, telling each failure and going on.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::model::Task;
use recoup_tasks::tui::state::{BulkKind, Marked, Question, ToastKind};
use recoup_tasks::tui::{Action, App, Effect, RequestId, ServerCall};
use tui_support::*;

fn selected_id(app: &App) -> String {
    app.tasks()
        .selected_task()
        .map(|t| t.id.clone())
        .unwrap_or_default()
}

fn marks(app: &App) -> Vec<String> {
    app.tasks().marks.iter().cloned().collect()
}

fn marked(id: &str, title: &str) -> Marked {
    Marked {
        id: id.into(),
        title: title.into(),
    }
}

/// The fixture listed by next fire: daily (10:30 today), weekly (Thursday), off (disabled).
fn visible_ids(app: &App) -> Vec<String> {
    app.tasks()
        .visible
        .iter()
        .map(|i| app.tasks().rows[*i].task.id.clone())
        .collect()
}

/// The fixture task `id` as the server returns it after `PATCH {enabled}`.
fn with_enabled(id: &str, enabled: bool) -> Task {
    let mut task = tasks()
        .into_iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no fixture task {id}"));
    task.enabled = Some(enabled);
    task
}

/// The `SetEnabled` or `DeleteTask` calls among `effects`: (request, id).
fn writes(effects: &[Effect]) -> Vec<(RequestId, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Server(ServerCall::SetEnabled { request, id, .. })
            | Effect::Server(ServerCall::DeleteTask { request, id }) => {
                Some((*request, id.clone()))
            }
            _ => None,
        })
        .collect()
}

fn toast_texts(app: &App) -> Vec<(ToastKind, String)> {
    app.toasts()
        .iter()
        .map(|t| (t.kind, t.text.clone()))
        .collect()
}

#[test]
fn m_marks_and_unmarks_the_selected_row_without_moving() {
    let mut app = loaded_app();
    assert_eq!(visible_ids(&app), ["task_daily", "task_weekly", "task_off"]);
    assert_eq!(app.update(ch('m')), []);
    assert_eq!(selected_id(&app), "task_daily");
    assert_eq!(marks(&app), ["task_daily"]);
    app.update(ch('j'));
    app.update(ch('m'));
    assert_eq!(selected_id(&app), "task_weekly");
    assert_eq!(marks(&app), ["task_daily", "task_weekly"]);
    app.update(ch('m'));
    assert_eq!(marks(&app), ["task_daily"]);
}

#[test]
fn marked_rows_show_a_star_and_the_title_counts_them() {
    let mut app = loaded_app();
    app.update(ch('m'));
    app.update(ch('j'));
    app.update(ch('j'));
    app.update(ch('m'));
    let frame = render(&app, 120, 30);
    assert!(
        frame.contains(" Tasks (3) · 2 marked · by next fire "),
        "{frame}"
    );
    // The list's part of each line (the detail is drawn to its right).
    let row = |title: &str| {
        frame
            .lines()
            .filter_map(|l| l.split("││").next())
            .find(|l| l.contains(title))
            .map(|l| l.trim_start_matches('│').to_string())
            .unwrap_or_default()
    };
    assert!(
        row("Daily socials digest").starts_with(" *● Daily"),
        "{frame}"
    );
    assert!(
        row("Weekly fan report").starts_with("  ● Weekly"),
        "{frame}"
    );
    assert!(row("Archive sweep").starts_with("›*○ Archive"), "{frame}");
}

#[test]
fn v_marks_from_the_last_marked_row_to_the_selected_one() {
    let mut app = loaded_app();
    // No mark yet: V marks the selected row alone.
    app.update(ch('V'));
    assert_eq!(marks(&app), ["task_daily"]);
    app.update(ch('G'));
    app.update(ch('V'));
    assert_eq!(marks(&app), ["task_daily", "task_off", "task_weekly"]);
    assert_eq!(selected_id(&app), "task_off");

    // Upwards too, from the row marked last.
    let mut app = loaded_app();
    app.update(ch('G'));
    app.update(ch('m'));
    app.update(ch('k'));
    app.update(ch('V'));
    assert_eq!(marks(&app), ["task_off", "task_weekly"]);
}

#[test]
fn marks_survive_a_refresh_a_filter_and_a_sort_by_id() {
    let mut app = loaded_app();
    app.update(ch('j'));
    app.update(ch('m'));
    assert_eq!(marks(&app), ["task_weekly"]);
    // A refresh listing the tasks in another order.
    let effects = app.update(ch('r'));
    let mut reordered = tasks();
    reordered.reverse();
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(reordered)),
    });
    assert_eq!(marks(&app), ["task_weekly"]);
    app.update(ch('s'));
    app.update(ch('/'));
    type_text(&mut app, "archive");
    app.update(key(KeyCode::Enter));
    assert_eq!(visible_ids(&app), ["task_off"]);
    assert_eq!(marks(&app), ["task_weekly"]);
}

#[test]
fn a_task_that_leaves_the_list_leaves_the_marks() {
    let mut app = loaded_app();
    app.update(ch('m'));
    app.update(ch('j'));
    app.update(ch('m'));
    assert_eq!(marks(&app), ["task_daily", "task_weekly"]);
    let effects = app.update(ch('r'));
    let without_daily: Vec<Task> = tasks()
        .into_iter()
        .filter(|t| t.id != "task_daily")
        .collect();
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(without_daily)),
    });
    assert_eq!(marks(&app), ["task_weekly"]);
}

#[test]
fn esc_clears_the_marks_first_then_the_filter() {
    let mut app = loaded_app();
    app.update(ch('/'));
    type_text(&mut app, "a");
    app.update(key(KeyCode::Enter));
    app.update(ch('m'));
    assert_eq!(marks(&app).len(), 1);
    app.update(key(KeyCode::Esc));
    assert!(marks(&app).is_empty());
    assert_eq!(app.tasks().filter, "a");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.tasks().filter, "");
}

#[test]
fn space_with_marks_asks_once_naming_how_many_and_which() {
    let mut app = loaded_app();
    app.update(ch('m'));
    app.update(ch('j'));
    app.update(ch('m'));
    // No write before the answer.
    assert_eq!(app.update(ch(' ')), []);
    assert_eq!(
        app.question(),
        Some(&Question::Bulk {
            kind: BulkKind::Disable,
            tasks: vec![
                marked("task_daily", "Daily socials digest"),
                marked("task_weekly", "Weekly fan report"),
            ],
        })
    );
    let frame = render(&app, 120, 30);
    assert!(
        frame.contains("│Disable 2 tasks: “Daily socials digest”, “Weekly fan      │"),
        "{frame}"
    );
    assert!(frame.contains("│report”?      "), "{frame}");
}

#[test]
fn a_mixed_set_is_disabled_and_the_question_says_so() {
    let mut app = loaded_app();
    app.update(ch('m'));
    app.update(ch('G'));
    app.update(ch('m'));
    app.update(ch(' '));
    let frame = render(&app, 120, 30);
    assert!(
        frame.contains("Disable 2 tasks (1 already disabled):"),
        "{frame}"
    );
}

#[test]
fn yes_disables_each_marked_task_in_turn_and_reports_once() {
    let mut app = loaded_app();
    app.update(ch('m'));
    app.update(ch('j'));
    app.update(ch('m'));
    app.update(ch(' '));
    let first = writes(&app.update(ch('y')));
    assert_eq!(
        first.iter().map(|w| w.1.as_str()).collect::<Vec<_>>(),
        ["task_daily"]
    );
    assert!(app.question().is_none());
    let second = writes(&app.update(Action::TaskToggled {
        request: first[0].0,
        result: Ok(with_enabled("task_daily", false)),
    }));
    assert_eq!(
        second.iter().map(|w| w.1.as_str()).collect::<Vec<_>>(),
        ["task_weekly"]
    );
    let rest = app.update(Action::TaskToggled {
        request: second[0].0,
        result: Ok(with_enabled("task_weekly", false)),
    });
    assert_eq!(writes(&rest), []);
    assert_eq!(
        toast_texts(&app),
        [(ToastKind::Info, "Disabled 2 tasks".to_string())]
    );
    assert!(marks(&app).is_empty());
    let enabled: Vec<Option<bool>> = tasks()
        .iter()
        .map(|t| app.tasks().task(&t.id).and_then(|t| t.enabled))
        .collect();
    assert_eq!(enabled, [Some(false), Some(false), Some(false)]);
}

#[test]
fn a_failure_is_told_and_the_rest_go_on() {
    let mut app = loaded_app();
    app.update(ch('m'));
    app.update(ch('j'));
    app.update(ch('m'));
    app.update(ch('j'));
    app.update(ch('m'));
    app.update(ch('d'));
    let question = app.question().cloned();
    assert!(
        matches!(&question, Some(Question::Bulk { kind: BulkKind::Delete, tasks }) if tasks.len() == 3),
        "{question:?}"
    );
    let frame = render(&app, 120, 30);
    assert!(frame.contains("Delete 3 tasks:"), "{frame}");
    let first = writes(&app.update(ch('y')));
    let second = writes(&app.update(Action::TaskDeleted {
        request: first[0].0,
        id: first[0].1.clone(),
        result: Ok(()),
    }));
    assert_eq!(second[0].1, "task_weekly");
    let third = writes(&app.update(Action::TaskDeleted {
        request: second[0].0,
        id: second[0].1.clone(),
        result: Err(failure("the server is on fire")),
    }));
    // The failure is told at once, and the last task still goes.
    assert_eq!(
        third.iter().map(|w| w.1.as_str()).collect::<Vec<_>>(),
        ["task_off"]
    );
    assert_eq!(
        toast_texts(&app),
        [(
            ToastKind::Error,
            "Could not delete “Weekly fan report”: the server is on fire".to_string()
        )]
    );
    app.update(Action::TaskDeleted {
        request: third[0].0,
        id: third[0].1.clone(),
        result: Ok(()),
    });
    assert_eq!(
        toast_texts(&app).last(),
        Some(&(
            ToastKind::Error,
            "Deleted 2 of 3 tasks; “Weekly fan report” failed: the server is on fire".to_string()
        ))
    );
    // The one that failed stays, marked, for another try.
    assert_eq!(visible_ids(&app), ["task_weekly"]);
    assert_eq!(marks(&app), ["task_weekly"]);
}

#[test]
fn without_marks_space_and_d_act_on_the_selected_task_as_before() {
    let mut app = loaded_app();
    let effects = app.update(ch(' '));
    assert_eq!(
        writes(&effects)
            .iter()
            .map(|w| w.1.as_str())
            .collect::<Vec<_>>(),
        ["task_daily"]
    );
    app.update(ch('d'));
    assert!(matches!(app.question(), Some(Question::DeleteTask { .. })));
}

#[test]
fn snapshots_of_marks_and_their_question_at_80x24() {
    let mut app = loaded_app();
    app.update(ch('m'));
    app.update(ch('G'));
    app.update(ch('V'));
    insta::assert_snapshot!("marks_80x24", render(&app, 80, 24));
    app.update(ch('d'));
    insta::assert_snapshot!("marks_delete_question_80x24", render(&app, 80, 24));
}
