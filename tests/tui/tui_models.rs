//! The form's Model field completing from `GET /api/ai/models`, and the task detail naming the
//! model a task without one runs with.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::model::AiModel;
use recoup_tasks::tui::form::Field;
use recoup_tasks::tui::{Action, App, Effect, ServerCall};
use tui_support::*;

/// The local server's default list, as the client decodes it.
pub fn served_models() -> Vec<AiModel> {
    recoup_tasks::server::models::default_models()
        .iter()
        .map(|entry| serde_json::from_value(entry.clone()).unwrap_or_else(|e| panic!("model: {e}")))
        .collect()
}

/// Opens the new-task form and moves to the Model field (the last one).
fn at_the_model_field(app: &mut App) {
    app.update(ch('n'));
    for _ in 0..6 {
        app.update(key(KeyCode::Tab));
    }
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Model));
}

fn labels(app: &App) -> Vec<String> {
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    form.suggestions(app.artists(), app.recent_ids())
        .into_iter()
        .map(|s| s.label)
        .collect()
}

fn asks_models(effects: &[Effect]) -> bool {
    effects.contains(&Effect::Server(ServerCall::LoadModels))
}

#[test]
fn the_models_are_asked_once_when_a_form_first_opens() {
    let mut app = loaded_app();
    let first = app.update(ch('n'));
    assert!(asks_models(&first), "{first:?}");
    // Closed and opened again while the answer is on its way: not asked twice.
    app.update(key(KeyCode::Esc));
    assert!(!asks_models(&app.update(ch('n'))));
    app.update(Action::ModelsLoaded(Ok(served_models())));
    assert_eq!(app.models().len(), 7);
    assert_eq!(
        app.form().map(|f| f.models.len()),
        Some(7),
        "the open form has them"
    );
    app.update(key(KeyCode::Esc));
    assert!(!asks_models(&app.update(ch('n'))), "once per session");
    assert_eq!(app.form().map(|f| f.models.len()), Some(7));
}

#[test]
fn offline_the_field_has_no_completion_and_no_error_is_shown() {
    let mut app = loaded_app();
    at_the_model_field(&mut app);
    app.update(Action::ModelsLoaded(Err(failure(
        "cannot reach 127.0.0.1:9",
    ))));
    assert!(app.toasts().is_empty(), "{:?}", app.toasts());
    assert!(labels(&app).is_empty());
    type_text(&mut app, "openai/gpt-5");
    assert!(labels(&app).is_empty());
    // The next form asks again, as quietly.
    app.update(key(KeyCode::Esc));
    app.update(ch('y'));
    let effects = app.update(ch('n'));
    assert!(asks_models(&effects), "{effects:?}");
    app.update(Action::ModelsLoaded(Err(failure("still down"))));
    assert!(app.toasts().iter().all(|t| !t.text.contains("down")));
}

#[test]
fn the_model_field_offers_the_default_then_matches_any_part_of_the_id_or_name() {
    let mut app = loaded_app();
    at_the_model_field(&mut app);
    app.update(Action::ModelsLoaded(Ok(served_models())));
    assert_eq!(
        labels(&app),
        [
            "default model",
            "moonshotai/kimi-k3  Kimi K3",
            "openai/gpt-5  GPT-5",
            "openai/gpt-5-mini  GPT-5 mini",
            "anthropic/claude-sonnet-4.5  Claude Sonnet 4.5",
            "anthropic/claude-haiku-4.5  Claude Haiku 4.5",
        ]
    );
    // Enter on "default model" keeps the field empty and moves on.
    app.update(key(KeyCode::Enter));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Title));
    assert_eq!(
        app.form().map(|f| f.value(Field::Model)),
        Some(String::new())
    );
    app.update(key(KeyCode::BackTab));
    // Part of the name, any case.
    type_text(&mut app, "SONNET");
    assert_eq!(
        labels(&app),
        ["anthropic/claude-sonnet-4.5  Claude Sonnet 4.5"]
    );
    for _ in 0.."SONNET".len() {
        app.update(key(KeyCode::Backspace));
    }
    // Starts of ids, bare ids and names first, then the rest that holds it.
    type_text(&mut app, "g");
    assert_eq!(
        labels(&app),
        [
            "openai/gpt-5  GPT-5",
            "openai/gpt-5-mini  GPT-5 mini",
            "google/gemini-2.5-pro  Gemini 2.5 Pro",
            "google/gemini-2.5-flash  Gemini 2.5 Flash",
        ]
    );
    type_text(&mut app, "emini");
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Enter));
    assert_eq!(
        app.form().map(|f| f.value(Field::Model)),
        Some("google/gemini-2.5-flash".into())
    );
    // A listed id needs no suggestions: Enter moves on, and the id is sent.
    assert!(labels(&app).is_empty());
    app.update(key(KeyCode::Enter));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Title));
    let body = app.form().map(|f| f.create_body());
    assert_eq!(
        body.and_then(|b| b.model),
        Some("google/gemini-2.5-flash".into())
    );
}

/// The detail's value for `name` (`Name      value`), on the 120-column Tasks screen.
fn detail_value(app: &App, name: &str) -> String {
    let screen = render(app, 120, 40);
    screen
        .lines()
        .filter_map(|line| line.split('│').nth(3))
        .find_map(|row| row.strip_prefix(name))
        .map(|rest| rest.trim().to_string())
        .unwrap_or_else(|| panic!("no {name} in\n{screen}"))
}

#[test]
fn the_detail_names_the_model_a_task_without_one_runs_with() {
    let mut app = loaded_app();
    app.update(ch('j'));
    assert_eq!(detail_value(&app, "Model"), "gpt-4o");
    app.update(ch('k'));
    assert_eq!(selected_id(&app), "task_daily");
    assert_eq!(detail_value(&app, "Model"), "default: moonshotai/kimi-k3");

    let mut startup = startup((120, 40));
    startup.backend.name = "recoup-api.vercel.app".into();
    let (mut hosted, effects) = App::new(startup);
    hosted.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks())),
    });
    assert_eq!(selected_id(&hosted), "task_daily");
    assert_eq!(
        detail_value(&hosted, "Model"),
        "the account's default model"
    );
}

fn selected_id(app: &App) -> String {
    app.tasks()
        .selected_task()
        .map(|t| t.id.clone())
        .unwrap_or_default()
}

/// At 40×12 the Model field is near the bottom: its list opens above it, inside the form, and
/// covers neither the form's border nor the key bar.
#[test]
fn the_model_list_stays_inside_a_small_form() {
    let (mut app, _) = new_app();
    app.update(Action::Resize(40, 12));
    app.update(Action::ModelsLoaded(Ok(served_models())));
    at_the_model_field(&mut app);
    insta::assert_snapshot!("form_model_list_40x12", render(&app, 40, 12));
    let screen = render(&app, 40, 12);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(
        rows[10].starts_with('└') && rows[10].ends_with('┘'),
        "{screen}"
    );
    assert!(rows[11].starts_with("Ctrl+S"), "{screen}");
}
