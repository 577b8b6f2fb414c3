//! Schedules in plain English in the form: the preview shows the phrase, the cron it reads as
//! and that cron's fires; Tab or Enter takes the cron into the field (Tab going on); a save never sends the
//! phrase. And the presets (`Ctrl+P`), each with its cadence and, when the plan is known,
//! whether the plan takes it.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::model::Plan;
use recoup_tasks::tui::form::Field;
use recoup_tasks::tui::{Action, App, Effect, ServerCall};
use tui_support::*;

/// The new-task form with the Schedule field focused.
fn at_the_schedule_field() -> App {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Schedule));
    app
}

fn schedule(app: &App) -> String {
    app.form()
        .map(|f| f.value(Field::Schedule))
        .unwrap_or_else(|| panic!("no form"))
}

fn focus(app: &App) -> Option<Field> {
    app.form().map(|f| f.focus)
}

#[test]
fn a_phrase_shows_its_cron_its_description_and_the_crons_fires() {
    let mut app = at_the_schedule_field();
    type_text(&mut app, "weekdays at 9am");
    let screen = render(&app, 100, 30);
    assert!(
        screen.contains("✓ weekdays at 9am → 0 9 * * 1-5 · At 09:00 AM, Monday through Friday"),
        "{screen}"
    );
    assert!(screen.contains("Tab or Enter: use 0 9 * * 1-5"), "{screen}");
    // 2026-11-29 is a Sunday: the next fire is Monday's.
    assert!(screen.contains("Mon 2026-11-30 09:00 UTC"), "{screen}");
    assert!(!screen.contains("Sun 2026-12-06"), "{screen}");
    let form = app.form().cloned().unwrap_or_else(|| panic!("no form"));
    assert_eq!(form.translated_schedule(), Some("0 9 * * 1-5"));
    assert!(form.preview.is_valid());
}

#[test]
fn tab_takes_the_cron_into_the_field_and_moves_on() {
    let mut app = at_the_schedule_field();
    type_text(&mut app, "every monday at 17:30");
    let effects = app.update(key(KeyCode::Tab));
    assert_eq!(schedule(&app), "30 17 * * 1");
    // Tab goes on as it always does: what is typed next is the next field's.
    assert_eq!(focus(&app), Some(Field::Timezone));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SaveDraft(d) if d.schedule == "30 17 * * 1")),
        "{effects:?}"
    );
    let form = app.form().cloned().unwrap_or_else(|| panic!("no form"));
    assert_eq!(form.translated_schedule(), None);
    let screen = render(&app, 100, 30);
    assert!(
        screen.contains("✓ valid  At 05:30 PM, only on Monday"),
        "{screen}"
    );
    type_text(&mut app, "UTC");
    assert_eq!(schedule(&app), "30 17 * * 1");
}

#[test]
fn enter_takes_the_cron_too() {
    let mut app = at_the_schedule_field();
    type_text(&mut app, "on the 1st of every month at 8am");
    app.update(key(KeyCode::Enter));
    assert_eq!(schedule(&app), "0 8 1 * *");
    assert_eq!(focus(&app), Some(Field::Schedule));
}

#[test]
fn a_save_with_a_phrase_sends_the_cron_and_says_so() {
    let mut app = loaded_app();
    fill_new_task(&mut app, "Fan report", "Summarise fans", "0 9 * * 4");
    app.update(Action::Paste(ARTIST.into()));
    // Back to the schedule (its text selected), and a phrase in its place.
    app.update(key(KeyCode::BackTab));
    app.update(key(KeyCode::BackTab));
    assert_eq!(focus(&app), Some(Field::Schedule));
    type_text(&mut app, "weekends at 6pm");
    assert_eq!(schedule(&app), "weekends at 6pm");
    let effects = app.update(ctrl('s'));
    let sent = effects.iter().find_map(|e| match e {
        Effect::Server(ServerCall::CreateTask { body, .. }) => Some(body.schedule.clone()),
        _ => None,
    });
    assert_eq!(sent.as_deref(), Some("0 18 * * 0,6"), "{effects:?}");
    assert_eq!(schedule(&app), "0 18 * * 0,6");
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Schedule “weekends at 6pm” → 0 18 * * 0,6 (the"),
        "{screen}"
    );
}

#[test]
fn a_word_not_understood_is_named_and_nothing_is_taken() {
    let mut app = at_the_schedule_field();
    type_text(&mut app, "fortnightly at 9");
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("✗ invalid  `fortnightly` was not understood; try e.g. `weekdays at 9am`"),
        "{screen}"
    );
    assert!(screen.contains("│  fortnightly at 9   "), "{screen}");
    assert!(screen.contains("│  ^^^^^^^^^^^ "), "{screen}");
    assert!(
        screen.contains("hint: nor is it a cron expression"),
        "{screen}"
    );
    app.update(key(KeyCode::Tab));
    assert_eq!(schedule(&app), "fortnightly at 9");
    assert_eq!(focus(&app), Some(Field::Timezone));
}

#[test]
fn two_times_one_cron_cannot_hold_say_two_tasks() {
    let mut app = at_the_schedule_field();
    type_text(&mut app, "9:30am and 5pm");
    let form = app.form().cloned().unwrap_or_else(|| panic!("no form"));
    let message = form.preview.outcome.err().map(|e| e.message);
    assert!(
        message
            .as_deref()
            .is_some_and(|m| m.contains("make two tasks")),
        "{message:?}"
    );
}

#[test]
fn a_macro_keeps_the_schedulers_error_and_hint() {
    let mut app = at_the_schedule_field();
    type_text(&mut app, "@daily");
    let form = app.form().cloned().unwrap_or_else(|| panic!("no form"));
    assert_eq!(form.translated_schedule(), None);
    let error = form
        .preview
        .outcome
        .err()
        .unwrap_or_else(|| panic!("valid"));
    assert_eq!(
        error.message,
        "Expression has only 1 part. At least 5 parts are required."
    );
    assert_eq!(
        error.hint.map(|h| h.text).as_deref(),
        Some("macros are not accepted: @daily is `0 0 * * *`")
    );
}

#[test]
fn a_known_plan_judges_the_phrases_cron() {
    let mut startup = startup((100, 30));
    startup.plan = Some(Plan::Free);
    let (mut app, effects) = App::new(startup);
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks())),
    });
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "daily at 9am");
    let screen = render(&app, 100, 30);
    assert!(
        screen.contains("✗ Free runs tasks weekly at most. Starter runs daily, Pro runs hourly."),
        "{screen}"
    );
}

// ---------------------------------------------------------------------------------------------
// Presets.

#[test]
fn ctrl_p_opens_the_presets_and_enter_fills_the_schedule() {
    let mut app = loaded_app();
    app.update(ch('n'));
    type_text(&mut app, "Fan report");
    app.update(ctrl('p'));
    let screen = render(&app, 100, 30);
    assert!(screen.contains("daily at 09:00"), "{screen}");
    assert!(screen.contains("0 9 * * 1-5"), "{screen}");
    // The second preset: weekdays at 09:00.
    app.update(key(KeyCode::Down));
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(schedule(&app), "0 9 * * 1-5");
    assert_eq!(focus(&app), Some(Field::Schedule));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SaveDraft(d) if d.schedule == "0 9 * * 1-5")),
        "{effects:?}"
    );
    // The title typed before is kept, and the list is closed.
    assert_eq!(
        app.form().map(|f| f.value(Field::Title)).as_deref(),
        Some("Fan report")
    );
    assert!(!render(&app, 100, 30).contains("daily at 17:00"));
}

#[test]
fn esc_closes_the_presets_and_keeps_the_form() {
    let mut app = at_the_schedule_field();
    type_text(&mut app, "0 9 * * 4");
    app.update(ctrl('p'));
    app.update(key(KeyCode::Esc));
    assert!(app.form().is_some(), "Esc closed only the presets");
    assert_eq!(schedule(&app), "0 9 * * 4");
    assert!(!render(&app, 100, 30).contains("daily at 17:00"));
    // A second Esc cancels the form (it asks: something was typed).
    app.update(key(KeyCode::Esc));
    assert!(
        render(&app, 100, 30).contains("Discard"),
        "asks before discarding"
    );
}

#[test]
fn presets_say_which_fit_a_known_plan() {
    let mut startup = startup((100, 30));
    startup.plan = Some(Plan::Free);
    let (mut app, effects) = App::new(startup);
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks())),
    });
    app.update(ch('n'));
    app.update(ctrl('p'));
    let screen = render(&app, 100, 30);
    assert!(screen.contains("✗ Free: weekly at most"), "{screen}");
    assert!(screen.contains("✓ Free"), "{screen}");
}
