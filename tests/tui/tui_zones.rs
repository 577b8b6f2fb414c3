//! The form's Timezone completion (any part of a name, aliases, the offset now), Tab taking the
//! zone the preview's hint names, and the artist picker on a fresh local machine.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::tui::form::Field;
use recoup_tasks::tui::{Action, App, Effect, RequestId, ServerCall};
use tui_support::*;

/// The new-task form with the Timezone field focused and its `UTC` selected (typing replaces it).
fn at_the_timezone_field() -> App {
    let mut app = loaded_app();
    app.update(ch('n'));
    for _ in 0..3 {
        app.update(key(KeyCode::Tab));
    }
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Timezone));
    app
}

fn labels(app: &App) -> Vec<String> {
    let form = app.form().cloned().unwrap_or_else(|| panic!("no form"));
    form.suggestions(app.artists(), app.recent_ids())
        .into_iter()
        .map(|s| s.label)
        .collect()
}

fn zone(app: &App) -> String {
    app.form()
        .map(|f| f.value(Field::Timezone))
        .unwrap_or_else(|| panic!("no form"))
}

fn preview_hint(app: &App) -> Option<String> {
    let form = app.form().cloned().unwrap_or_else(|| panic!("no form"));
    form.preview
        .outcome
        .err()
        .and_then(|e| e.hint)
        .map(|h| h.text)
}

#[test]
fn kolk_finds_the_name_the_scheduler_knows_through_its_alias() {
    let mut app = at_the_timezone_field();
    type_text(&mut app, "kolk");
    assert_eq!(labels(&app), ["Asia/Calcutta  UTC+05:30  (Asia/Kolkata)"]);
    // Enter takes it: the name the scheduler accepts, not the alias.
    app.update(key(KeyCode::Enter));
    assert_eq!(zone(&app), "Asia/Calcutta");
    assert_eq!(preview_hint(&app), None, "the zone is accepted");
}

#[test]
fn eastern_finds_the_zones_named_eastern_elsewhere() {
    let mut app = at_the_timezone_field();
    type_text(&mut app, "eastern");
    assert_eq!(
        labels(&app),
        [
            "America/Toronto  UTC-05:00  (Canada/Eastern)",
            "America/New_York  UTC-05:00  (US/Eastern)",
        ]
    );
}

#[test]
fn a_space_stands_for_an_underscore_or_a_slash_in_any_case() {
    let mut app = at_the_timezone_field();
    type_text(&mut app, "new york");
    assert_eq!(labels(&app), ["America/New_York  UTC-05:00"]);
    let mut app = at_the_timezone_field();
    type_text(&mut app, "EUROPE LON");
    assert_eq!(labels(&app), ["Europe/London  UTC+00:00"]);
}

#[test]
fn a_part_of_a_name_starting_with_the_text_comes_before_the_text_inside() {
    let mut app = at_the_timezone_field();
    type_text(&mut app, "lon");
    assert_eq!(
        labels(&app),
        [
            "Arctic/Longyearbyen  UTC+01:00",
            "Europe/London  UTC+00:00",
            "America/Blanc-Sablon  UTC-04:00",
            "America/Miquelon  UTC-03:00",
        ]
    );
}

#[test]
fn tab_takes_the_zone_the_hint_names_and_moves_on() {
    let mut app = at_the_timezone_field();
    type_text(&mut app, "Asia/Kolkata");
    assert_eq!(
        preview_hint(&app).as_deref(),
        Some("the scheduler knows this zone as Asia/Calcutta (UTC+05:30) — Tab to use it")
    );
    let effects = app.update(key(KeyCode::Tab));
    assert_eq!(zone(&app), "Asia/Calcutta");
    // And goes on, as Tab always does.
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Artist));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SaveDraft(d) if d.timezone == "Asia/Calcutta")),
        "{effects:?}"
    );
}

#[test]
fn tab_takes_the_closest_name_to_a_typo() {
    let mut app = at_the_timezone_field();
    type_text(&mut app, "Europe/Londn");
    assert_eq!(
        preview_hint(&app).as_deref(),
        Some("did you mean Europe/London (UTC+00:00)? — Tab to use it")
    );
    app.update(key(KeyCode::Tab));
    assert_eq!(zone(&app), "Europe/London");
}

#[test]
fn tab_with_no_hint_moves_on() {
    let mut app = at_the_timezone_field();
    type_text(&mut app, "Mars/Olympus");
    assert_eq!(preview_hint(&app), None);
    app.update(key(KeyCode::Tab));
    assert_eq!(zone(&app), "Mars/Olympus");
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Artist));
}

/// A fresh local machine: no artist, no recent id.
fn fresh_local_app() -> App {
    let mut startup = startup((80, 24));
    startup.recent_ids = Vec::new();
    let (mut app, effects) = App::new(startup);
    app.update(Action::ArtistsLoaded {
        request: artists_request(&effects),
        result: Ok(Vec::new().into()),
    });
    app
}

/// The request id of the `LoadArtists` in `effects`.
fn artists_request(effects: &[Effect]) -> RequestId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Server(ServerCall::LoadArtists { request }) => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no LoadArtists in {effects:?}"))
}

#[test]
fn the_empty_artist_picker_says_how_to_add_one() {
    let mut app = fresh_local_app();
    // The form asks again for the list it found empty; this answer is empty too.
    let opened = app.update(ch('n'));
    app.update(Action::ArtistsLoaded {
        request: artists_request(&opened),
        result: Ok(Vec::new().into()),
    });
    for _ in 0..4 {
        app.update(key(KeyCode::Tab));
    }
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Artist));
    assert_eq!(
        app.artist_picker_note(),
        Some([
            "No artists on this machine yet. In a shell:",
            "  recoup-tasks artists add NAME",
            "then open the form again to pick it.",
        ])
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("│  recoup-tasks artists add NAME"),
        "{screen}"
    );
    // Once an id is typed the note goes, not to cover the preview and the save's answer.
    type_text(&mut app, "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
    assert_eq!(app.artist_picker_note(), None);
    for _ in 0..36 {
        app.update(key(KeyCode::Backspace));
    }
    assert!(app.artist_picker_note().is_some());
    // Elsewhere in the form, no note.
    app.update(key(KeyCode::Tab));
    assert_eq!(app.artist_picker_note(), None);
}

#[test]
fn a_hosted_account_without_artists_gets_no_local_advice() {
    let mut startup = startup((80, 24));
    startup.recent_ids = Vec::new();
    startup.backend.name = "api.recoupable.com".into();
    let (mut app, effects) = App::new(startup);
    app.update(Action::ArtistsLoaded {
        request: artists_request(&effects),
        result: Ok(Vec::new().into()),
    });
    let opened = app.update(ch('n'));
    app.update(Action::ArtistsLoaded {
        request: artists_request(&opened),
        result: Ok(Vec::new().into()),
    });
    app.update(key(KeyCode::Esc));
    fill_new_task(&mut app, "Digest", "Summarise", "0 9 * * 4");
    assert_eq!(app.artist_picker_note(), None);
}

#[test]
fn the_empty_list_is_asked_again_when_a_form_opens() {
    let mut app = fresh_local_app();
    let effects = app.update(ch('n'));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Server(ServerCall::LoadArtists { .. }))),
        "{effects:?}"
    );
    // While it is on its way, the picker gives no advice.
    for _ in 0..4 {
        app.update(key(KeyCode::Tab));
    }
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Artist));
    assert_eq!(app.artist_picker_note(), None);
}
