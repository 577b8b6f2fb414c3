//! Focus and the prompt editor (issue 13 items 9, 10 and 11): Tab and a resize never leave the
//! focus in a pane the screen hides, the form scrolls to its focused field, the prompt wraps
//! and grows with the terminal, the fields edit as a shell's line does, `Ctrl+X Ctrl+E` opens
//! the external editor, and `G` reaches the end of a run whose lines wrap.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::tui::form::Field;
use recoup_tasks::tui::keys::Context;
use recoup_tasks::tui::state::TasksFocus;
use recoup_tasks::tui::views::{form as form_view, layout};
use recoup_tasks::tui::{Action, App, Effect, ServerCall};
use tui_support::*;

fn loaded_at(width: u16, height: u16) -> App {
    let (mut app, effects) = App::new(startup((width, height)));
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks())),
    });
    app
}

/// Sixty words on one line, `start` first and `end` last.
fn sixty_words() -> String {
    let mut words: Vec<String> = (2..=59).map(|i| format!("w{i}")).collect();
    words.insert(0, "start".into());
    words.push("end".into());
    words.join(" ")
}

#[test]
fn tab_at_40x12_stays_in_the_list_the_detail_being_hidden() {
    let mut app = loaded_at(40, 12);
    let screen = render(&app, 40, 12);
    assert!(!screen.contains("Detail"), "hidden at 40×12:\n{screen}");
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::List);
    app.update(key(KeyCode::BackTab));
    assert_eq!(app.tasks().focus, TasksFocus::List);
    // Enter opens the task's runs, which need no detail pane.
    let effects = app.update(key(KeyCode::Enter));
    assert!(
        matches!(
            &effects[..],
            [Effect::Server(ServerCall::LoadRuns { limit: 100, .. })]
        ),
        "{effects:?}"
    );
    assert_eq!(app.context(), Context::History);
}

#[test]
fn a_pane_hidden_by_a_resize_gives_the_focus_back_to_the_list() {
    let mut app = loaded_at(80, 24);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::RecentRuns);
    app.update(Action::Resize(40, 12));
    assert_eq!(app.tasks().focus, TasksFocus::List);
    app.update(Action::Resize(80, 24));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::Detail);
    app.update(Action::Resize(80, 24));
    assert_eq!(app.tasks().focus, TasksFocus::Detail, "still shown: kept");
}

#[test]
fn at_40x12_every_field_tab_reaches_is_on_screen() {
    let mut app = loaded_at(40, 12);
    app.update(ch('n'));
    for field in Field::ALL {
        assert_eq!(app.form().map(|f| f.focus), Some(field));
        let screen = render(&app, 40, 12);
        let label = format!("›{}", field.label());
        assert!(
            screen.lines().any(|row| row.contains(&label)),
            "{label} at 40×12:\n{screen}"
        );
        app.update(key(KeyCode::Tab));
    }
    // Typed into the Model field, the text is seen where it goes.
    app.update(key(KeyCode::BackTab));
    type_text(&mut app, "openai/gpt");
    let screen = render(&app, 40, 12);
    assert!(
        screen
            .lines()
            .any(|row| row.contains("›Model (optional)") && row.contains("openai/gpt")),
        "{screen}"
    );
}

#[test]
fn a_sixty_word_prompt_line_wraps_its_start_and_end_both_shown() {
    let mut app = loaded_at(80, 24);
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(Action::Paste(sixty_words()));
    let screen = render(&app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    let first = rows
        .iter()
        .position(|row| row.contains("│start w2 w3"))
        .unwrap_or_else(|| panic!("the start is shown:\n{screen}"));
    assert!(
        rows[first + 1..]
            .iter()
            .take(3)
            .any(|row| row.contains("w59 end")),
        "the end on a row below:\n{screen}"
    );
}

/// The prompt editor's rows in the form at `width`×`height`.
fn prompt_rows(app: &App, width: u16, height: u16) -> u16 {
    let form = app.form().unwrap_or_else(|| panic!("no form"));
    let body = layout::screen((width, height)).body;
    let (fields, _) = form_view::split(form, body);
    form_view::places(form, fields)
        .into_iter()
        .find(|p| p.field == Field::Prompt)
        .map_or(0, |p| p.input.height)
}

#[test]
fn the_prompt_editor_takes_the_spare_rows_of_a_tall_terminal() {
    let mut app = loaded_at(200, 60);
    app.update(ch('n'));
    let tall = prompt_rows(&app, 200, 60);
    let small = prompt_rows(&app, 80, 24);
    assert_eq!((small, tall), (3, 49));
    // Drawn so: the editor's left border runs down to the row above Schedule.
    let screen = render(&app, 200, 60);
    let rows: Vec<&str> = screen.lines().collect();
    let row = |label: &str| rows.iter().position(|r| r.starts_with(label));
    let (prompt, model) = (row("│ Prompt"), row("│ Model (optional)"));
    assert_eq!((prompt, model), (Some(3), Some(57)), "{screen}");
}

/// The focused field's text.
fn value(app: &App, field: Field) -> String {
    app.form().map(|f| f.value(field)).unwrap_or_default()
}

#[test]
fn the_fields_edit_as_a_shell_line_does() {
    let mut app = loaded_at(80, 24);
    app.update(ch('n'));
    type_text(&mut app, "hello big world");
    app.update(ctrl('w'));
    assert_eq!(value(&app, Field::Title), "hello big ");
    app.update(ctrl('w'));
    assert_eq!(
        value(&app, Field::Title),
        "hello ",
        "the blank and the word"
    );
    app.update(ctrl('a'));
    app.update(ch('X'));
    app.update(ctrl('e'));
    app.update(ch('Y'));
    assert_eq!(value(&app, Field::Title), "Xhello Y");
    app.update(ctrl('a'));
    for _ in 0..6 {
        app.update(key(KeyCode::Right));
    }
    let effects = app.update(ctrl('u'));
    assert_eq!(value(&app, Field::Title), " Y");
    assert!(matches!(&effects[..], [Effect::SaveDraft(d)] if d.title == " Y"));
    assert_eq!(app.update(ctrl('u')), [], "at the line's start: nothing");
    app.update(ctrl('k'));
    assert_eq!(value(&app, Field::Title), "");
    app.update(ctrl('x'));
    app.update(ctrl('u'));
    assert_eq!(
        value(&app, Field::Title),
        " Y",
        "Ctrl+X Ctrl+U undoes, as in bash"
    );
    app.update(ctrl('x'));
    app.update(ctrl('u'));
    assert_eq!(value(&app, Field::Title), "Xhello Y");
    app.update(ctrl('y'));
    assert_eq!(value(&app, Field::Title), " Y", "Ctrl+Y redoes");
    // Words are what blanks separate, as bash's Ctrl+W: a weekday range goes whole.
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 9 * * 1-5");
    app.update(ctrl('w'));
    assert_eq!(value(&app, Field::Schedule), "0 9 * * ");
    // In the prompt, Ctrl+U takes the start of the cursor's line only.
    app.update(key(KeyCode::BackTab));
    type_text(&mut app, "one");
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "two three");
    app.update(ctrl('u'));
    assert_eq!(value(&app, Field::Prompt), "one\n");
}

#[test]
fn ctrl_x_ctrl_e_opens_the_editor_and_says_so_while_it_waits() {
    let mut app = loaded_at(80, 24);
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "draft");
    // Ctrl+E alone is the end of the line now.
    assert_eq!(app.update(ctrl('e')), []);
    assert_eq!(app.update(ctrl('x')), []);
    assert_eq!(app.context(), Context::FormChord);
    let bar = render(&app, 80, 24)
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    assert_eq!(
        bar, "Ctrl+E edit in $EDITOR  Ctrl+U undo  Esc cancel",
        "the bar tells what comes next"
    );
    let narrow = render(&app, 40, 12);
    assert_eq!(
        narrow.lines().last(),
        Some("Ctrl+E edit in $EDITOR  Ctrl+U undo")
    );
    assert_eq!(
        app.update(ctrl('e')),
        [Effect::EditInEditor("draft".into())]
    );
    assert_eq!(app.context(), Context::Form);
    // Another key only ends the chord; it is not typed.
    app.update(ctrl('x'));
    app.update(ch('q'));
    assert_eq!(app.context(), Context::Form);
    assert_eq!(value(&app, Field::Prompt), "draft");
    // From another field the chord edits the prompt too, which takes the focus.
    app.update(key(KeyCode::BackTab));
    app.update(ctrl('x'));
    assert_eq!(
        app.update(ctrl('e')),
        [Effect::EditInEditor("draft".into())]
    );
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Prompt));
    // Esc after Ctrl+X cancels the chord, not the form.
    app.update(ctrl('x'));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.context(), Context::Form);
}

#[test]
fn shift_g_in_a_run_whose_lines_wrap_reaches_its_last_line() {
    let mut app = loaded_at(80, 24);
    app.update(key(KeyCode::Tab));
    let effects = app.update(key(KeyCode::Enter));
    let request = effects
        .iter()
        .find_map(|e| match e {
            Effect::Server(ServerCall::LoadRun { request, .. }) => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no LoadRun in {effects:?}"));
    let mut run = runs()[1].clone();
    let text = (1..=60)
        .map(|i| format!("{i}: {}", sixty_words()))
        .collect::<Vec<_>>()
        .join(" ");
    run.output = Some(Box::new(
        serde_json::json!({ "text": format!("{text} LAST") }),
    ));
    app.update(Action::RunLoaded {
        request,
        result: Ok(Box::new(run)),
    });
    show(&mut app);
    app.update(ch('G'));
    show(&mut app);
    let screen = render(&app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[rows.len() - 4].contains("LAST\""), "{screen}");
    assert!(rows[rows.len() - 3].contains('}'), "{screen}");
}
