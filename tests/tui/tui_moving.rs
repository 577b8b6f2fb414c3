//! Moving around (issue 13 item 11): `G` shows the end of the detail with the pane full, the
//! help takes every movement key, `Esc` in the detail gives the focus back to the list, and a
//! copy says so in the form's title field from the moment the form opens.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::tui::keys::MOUSE_HELP;
use recoup_tasks::tui::state::TasksFocus;
use recoup_tasks::tui::{Action, App};
use tui_support::*;

/// An app at 80×24 whose disabled task (the last row) has a 60-line prompt, that task
/// selected and its detail focused, after a frame.
fn detail_of_a_long_prompt() -> App {
    let (mut app, effects) = App::new(startup((80, 24)));
    let mut long = tasks();
    long[2].prompt = (1..=60)
        .map(|i| format!("Line {i} of the prompt."))
        .collect::<Vec<_>>()
        .join("\n");
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(long)),
    });
    app.update(ch('G'));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::Detail);
    show(&mut app);
    app
}

/// The detail pane's rows (inside its borders), trailing spaces removed.
fn detail_rows(app: &App) -> Vec<String> {
    let screen = render(app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows
        .iter()
        .position(|r| r.contains(" Detail "))
        .unwrap_or_else(|| panic!("no detail pane:\n{screen}"));
    rows[top + 1..]
        .iter()
        .take_while(|r| !r.starts_with('└'))
        .map(|r| {
            r.trim_start_matches('│')
                .trim_end_matches('│')
                .trim_end()
                .to_string()
        })
        .collect()
}

#[test]
fn shift_g_in_the_detail_shows_its_last_page_full_and_k_moves_up_from_there() {
    let mut app = detail_of_a_long_prompt();
    app.update(ch('G'));
    show(&mut app);
    let rows = detail_rows(&app);
    let last: Vec<String> = (61 - rows.len()..=60)
        .map(|i| format!("  Line {i} of the prompt."))
        .collect();
    assert_eq!(rows, last, "G ends on the last line, the pane full");
    app.update(ch('j'));
    show(&mut app);
    assert_eq!(detail_rows(&app), last, "j at the end stays");
    app.update(ch('k'));
    show(&mut app);
    let rows = detail_rows(&app);
    assert_eq!(
        rows.last().map(String::as_str),
        Some("  Line 59 of the prompt.")
    );
    app.update(ch('g'));
    show(&mut app);
    assert_eq!(detail_rows(&app)[0], "Archive sweep");
}

#[test]
fn the_help_moves_with_g_shift_g_and_the_page_keys() {
    let mut app = loaded_app();
    app.update(ch('?'));
    show(&mut app);
    app.update(key(KeyCode::PageDown));
    assert_eq!(app.help_scroll(), Some(18), "a page is the height less 6");
    app.update(key(KeyCode::PageUp));
    assert_eq!(app.help_scroll(), Some(0));
    app.update(ch('G'));
    show(&mut app);
    let screen = render(&app, 80, 24);
    assert!(screen.contains(MOUSE_HELP), "G shows the end:\n{screen}");
    let end = app.help_scroll().unwrap_or_default();
    app.update(ch('k'));
    assert_eq!(
        app.help_scroll(),
        Some(end - 1),
        "k moves up from the end at once"
    );
    app.update(ch('g'));
    assert_eq!(app.help_scroll(), Some(0));
    app.update(key(KeyCode::End));
    assert_eq!(app.help_scroll(), Some(end));
    app.update(key(KeyCode::Home));
    assert_eq!(app.help_scroll(), Some(0));
}

#[test]
fn esc_in_the_detail_or_the_recent_runs_gives_the_focus_back_to_the_list() {
    let mut app = detail_of_a_long_prompt();
    app.update(ch('j'));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.tasks().focus, TasksFocus::List);
    assert_eq!(app.tasks().detail_scroll, 0);
    assert_eq!(app.tasks().selected, 2, "the task stays selected");

    let mut app = loaded_app();
    app.update(ch('/'));
    type_text(&mut app, "fan");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::RecentRuns);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.tasks().focus, TasksFocus::List);
    assert_eq!(
        app.tasks().filter,
        "fan",
        "the first Esc only leaves the runs"
    );
    app.update(key(KeyCode::Esc));
    assert_eq!(app.tasks().filter, "", "in the list, Esc clears the filter");
}

#[test]
fn a_copy_says_so_in_the_forms_title_field_as_soon_as_the_form_opens() {
    for (width, height, shown) in [
        (40, 12, "│›Title                   igest (copy) │"),
        (
            80,
            24,
            "│›Title                   Daily socials digest (copy)                          │",
        ),
    ] {
        let (mut app, effects) = App::new(startup((width, height)));
        app.update(Action::TasksLoaded {
            request: load_request(&effects),
            result: Ok(listed(tasks())),
        });
        app.update(ch('y'));
        let screen = render(&app, width, height);
        assert!(
            screen.lines().any(|row| row == shown),
            "{width}×{height}, before any save:\n{screen}"
        );
    }
}
