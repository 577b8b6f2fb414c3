//! The Agenda screen (`3`): every fire of the enabled tasks in the next 7 days (`w`: 30), by
//! the viewer's day; fires sharing a minute marked `×N`; fires on a day a clock change touches
//! marked `DST`, the selected one's note in words; a chart of fires per hour; `Enter` selects
//! the fire's task on the Tasks screen.

use crate::tui_support;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use recoup_tasks::model::Task;
use recoup_tasks::tui::state::{Screen, TasksFocus};
use recoup_tasks::tui::{Action, App, RequestId};
use tui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const ALL_SIZES: [(u16, u16); 5] = [(40, 12), (60, 20), (80, 24), (100, 30), (200, 60)];

/// Friday 12 March 2027, 10:00 UTC: New York's clocks go forward on Sunday 14 March.
fn march() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2027-03-12T10:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Four enabled tasks and a disabled one: two fire at 10:30 UTC every day (a collision), one at
/// 02:30 New York time (skipped on 14 March: the scheduler fires at 03:30 EDT), one weekly.
fn agenda_tasks() -> Vec<Task> {
    let mut list = tasks();
    list.push(task(serde_json::json!({
        "id": "task_london", "title": "London press digest", "prompt": "Press.",
        "schedule": "30 10 * * *", "timezone": "Europe/London", "enabled": true,
        "account_id": "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a", "artist_account_id": ARTIST,
        "artist_name": "Nova"
    })));
    list.push(task(serde_json::json!({
        "id": "task_night", "title": "Night shift sweep", "prompt": "Sweep.",
        "schedule": "30 2 * * *", "timezone": "America/New_York", "enabled": true,
        "account_id": "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a", "artist_account_id": ARTIST,
        "artist_name": "Nova"
    })));
    list
}

fn app_at(now: DateTime<Utc>, size: (u16, u16), list: Vec<Task>) -> App {
    let mut start = startup(size);
    start.now = now;
    let (mut app, effects) = App::new(start);
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(list
            .into_iter()
            .map(Task::listed)
            .collect::<Vec<_>>()
            .into()),
    });
    app
}

fn agenda_app(size: (u16, u16)) -> App {
    let mut app = app_at(march(), size, agenda_tasks());
    app.update(ch('3'));
    app
}

fn snap_at(sizes: &[(u16, u16)], name: &str, app: &mut App) {
    for &(w, h) in sizes {
        app.update(Action::Resize(w, h));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

/// The fires on the list as `local time  task id  ×N`, in order.
fn listed(app: &App) -> Vec<String> {
    let pane = app.agenda();
    pane.fires
        .iter()
        .map(|f| {
            let at = f.at.with_timezone(&chrono_tz::Europe::Paris);
            format!(
                "{} {} ×{}{}",
                at.format("%a %d %H:%M"),
                pane.tasks[f.task].id,
                f.together,
                if f.dst.is_some() { " DST" } else { "" }
            )
        })
        .collect()
}

#[test]
fn three_opens_the_agenda_with_the_fires_in_time_order_and_the_collisions_marked() {
    let app = agenda_app((120, 40));
    assert_eq!(app.screen(), Screen::Agenda);
    let fires = listed(&app);
    assert_eq!(
        fires[..8],
        [
            "Fri 12 11:30 task_daily ×2",
            "Fri 12 11:30 task_london ×2",
            "Sat 13 08:30 task_night ×1",
            "Sat 13 11:30 task_daily ×2",
            "Sat 13 11:30 task_london ×2",
            "Sun 14 08:30 task_night ×1 DST",
            "Sun 14 11:30 task_daily ×2",
            "Sun 14 11:30 task_london ×2",
        ]
    );
    // The disabled task never fires; the chart counts the whole week: 7 × 3 daily fires and
    // the weekly one (Thursday 18 March).
    assert!(app.agenda().tasks.iter().all(|t| t.id != "task_off"));
    assert_eq!(app.agenda().total(), 22);
}

#[test]
fn w_widens_the_window_to_thirty_days_and_back() {
    let mut app = agenda_app((120, 40));
    assert_eq!(app.agenda().total(), 22);
    app.update(ch('w'));
    // To Sunday 11 April 10:00 UTC: 30 fires of each daily task, and one more of London's,
    // at 09:30 UTC once British Summer Time began (28 March); 4 Thursdays.
    assert_eq!(app.agenda().total(), 30 * 3 + 1 + 4);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Agenda · next 30 days (w: 7) · 95 fires"),
        "{screen}"
    );
    app.update(ch('w'));
    assert_eq!(app.agenda().total(), 22);
}

#[test]
fn the_selected_dst_fire_says_what_the_scheduler_does_that_day() {
    let mut app = agenda_app((120, 40));
    // Fri (2 fires), Sat (3), then Sunday's 08:30: the sixth fire.
    for _ in 0..5 {
        app.update(ch('j'));
    }
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains(
            "DST Sun 2027-03-14: 02:30 does not exist — fires at 03:30 EDT (America/New_York)"
        ),
        "{screen}"
    );
}

#[test]
fn enter_on_a_fire_selects_its_task_on_the_tasks_screen() {
    let mut app = agenda_app((120, 40));
    app.update(ch('j'));
    app.update(ch('j'));
    let fire = app.agenda().selected_fire().copied();
    let id = fire.map(|f| app.agenda().tasks[f.task].id.clone());
    assert_eq!(id.as_deref(), Some("task_night"));
    app.update(key(KeyCode::Enter));
    assert_eq!(app.screen(), Screen::Tasks);
    assert_eq!(
        app.tasks().selected_task().map(|t| t.id.as_str()),
        Some("task_night")
    );
    assert_eq!(app.tasks().focus, TasksFocus::List);
}

#[test]
fn enter_clears_a_filter_that_hides_the_task() {
    let mut app = app_at(march(), (120, 40), agenda_tasks());
    app.update(ch('/'));
    type_text(&mut app, "weekly");
    app.update(key(KeyCode::Enter));
    app.update(ch('3'));
    app.update(key(KeyCode::Enter));
    assert_eq!(
        app.tasks().selected_task().map(|t| t.id.as_str()),
        Some("task_daily")
    );
    assert_eq!(app.tasks().filter, "");
}

#[test]
fn a_changed_task_list_rebuilds_the_agenda_keeping_the_selected_fire() {
    let mut app = agenda_app((120, 40));
    app.update(ch('j'));
    app.update(ch('j'));
    let effects = app.update(ch('r'));
    let mut list = agenda_tasks();
    list.retain(|t| t.id != "task_london");
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(list
            .into_iter()
            .map(Task::listed)
            .collect::<Vec<_>>()
            .into()),
    });
    assert_eq!(
        listed(&app)[..3],
        [
            "Fri 12 11:30 task_daily ×1",
            "Sat 13 08:30 task_night ×1",
            "Sat 13 11:30 task_daily ×1",
        ]
    );
    let fire = app.agenda().selected_fire().copied();
    let id = fire.map(|f| app.agenda().tasks[f.task].id.clone());
    assert_eq!(id.as_deref(), Some("task_night"));
}

#[test]
fn movement_skips_the_day_headings_and_g_reaches_the_last_fire() {
    let mut app = agenda_app((120, 40));
    app.update(ch('G'));
    let last = app.agenda().selected_fire().copied();
    assert_eq!(
        last.map(|f| f.at.to_rfc3339()).as_deref(),
        Some("2027-03-19T06:30:00+00:00")
    );
    assert!(app.agenda().complete);
    app.update(ch('g'));
    assert_eq!(app.agenda().selected, 1, "the first fire, under its day");
    app.update(ch('k'));
    assert_eq!(app.agenda().selected, 1);
}

#[test]
fn agenda_snapshots() {
    let mut app = agenda_app((80, 24));
    snap_at(&SIZES, "agenda", &mut app);
    snap_at(&ALL_SIZES, "all_agenda", &mut app);
}

#[test]
fn the_empty_agenda_says_why_and_what_to_do() {
    let first_line = |app: &App| {
        render(app, 100, 12)
            .lines()
            .nth(2)
            .map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string())
            .unwrap_or_default()
    };
    let (mut app, _) = App::new(startup((100, 12)));
    app.update(ch('3'));
    assert_eq!(first_line(&app), "Loading tasks…");
    app.update(Action::TasksLoaded {
        request: RequestId(1),
        result: Err(failure("could not reach http://127.0.0.1:9")),
    });
    assert_eq!(
        first_line(&app),
        "Could not load tasks: could not reach http://127.0.0.1:9. r tries again."
    );
    let mut app = app_at(now(), (100, 12), Vec::new());
    app.update(ch('3'));
    assert_eq!(
        first_line(&app),
        "No tasks yet, so nothing fires. Press 1, then n to create one."
    );
    let mut off = tasks();
    off.retain(|t| t.enabled == Some(false));
    let mut app = app_at(now(), (100, 12), off);
    app.update(ch('3'));
    assert_eq!(
        first_line(&app),
        "No enabled task, so nothing fires. On the Tasks screen (1), space enables one."
    );
    let mut yearly = tasks();
    yearly.truncate(1);
    yearly[0].schedule = "0 9 1 6 *".into();
    let mut app = app_at(now(), (100, 12), yearly);
    app.update(ch('3'));
    assert_eq!(
        first_line(&app),
        "No fire in the next 7 days. w looks 30 days ahead."
    );
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Action {
    Action::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn the_tab_opens_the_agenda_the_wheel_moves_and_a_click_selects_a_fire() {
    let mut app = app_at(march(), (80, 24), agenda_tasks());
    show(&mut app);
    // `[3 Agenda]` in the header.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 36, 0));
    assert_eq!(app.screen(), Screen::Agenda);
    show(&mut app);
    app.update(mouse(MouseEventKind::ScrollDown, 40, 12));
    // Past the heading of Saturday: the wheel moves from fire to fire as `j` does.
    app.update(mouse(MouseEventKind::ScrollDown, 40, 12));
    assert_eq!(app.agenda().selected, 4);
    show(&mut app);
    // A day's heading is no fire: a click on it changes nothing.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 40, 17));
    assert_eq!(app.agenda().selected, 4);
    // The row of Sunday's 08:30, under it (header, chart, list title, then the rows from 10).
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 40, 18));
    let fire = app.agenda().selected_fire().copied();
    assert_eq!(
        fire.map(|f| f.at.to_rfc3339()).as_deref(),
        Some("2027-03-14T07:30:00+00:00")
    );
}
