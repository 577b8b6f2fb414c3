//! `y` for several artists at once: Space in the duplicate's artist picker adds an artist or
//! takes it out, Save creates one task per artist, and the outcome is one toast.

use crate::tui_support::*;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::model::{Artist, CreateTask};
use recoup_tasks::tui::form::Field;
use recoup_tasks::tui::{Action, Effect, RequestId, ServerCall};

const SOURCE: &str = "2c1f0a9e-3b4d-4e5f-8a7b-6c5d4e3f2a1b";
const NOVA: &str = "3e7a9b1c-2d4f-4a6b-8c0d-1e2f3a4b5c6d";

/// The loaded app with two artists, the duplicate of the selected task (“Daily socials
/// digest”, for SOURCE) open on its Artist field.
fn duplicate_on_the_artist_field() -> recoup_tasks::tui::app::App {
    let mut app = loaded_app();
    app.update(Action::ArtistsLoaded {
        request: RequestId(2),
        result: Ok(vec![
            Artist {
                account_id: ARTIST.into(),
                name: Some("Del Water Gap".into()),
                ..Artist::default()
            },
            Artist {
                account_id: NOVA.into(),
                name: Some("Nova".into()),
                ..Artist::default()
            },
        ]
        .into()),
    });
    app.update(ch('y'));
    for _ in 0..4 {
        app.update(key(KeyCode::Tab));
    }
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Artist));
    app
}

fn labels(app: &recoup_tasks::tui::app::App) -> Vec<String> {
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    form.suggestions(app.artists(), app.recent_ids())
        .into_iter()
        .map(|s| s.label)
        .collect()
}

fn field(app: &recoup_tasks::tui::app::App, field: Field) -> String {
    app.form().map(|f| f.value(field)).unwrap_or_default()
}

#[test]
fn space_picks_several_artists_and_save_creates_one_task_each() {
    let mut app = duplicate_on_the_artist_field();
    assert_eq!(
        labels(&app),
        [
            format!("[x] {SOURCE}"),
            "[ ] 0f8fad5b-d9cb-469f-a165-70867728950e  (recent)".to_string(),
            format!("[ ] Del Water Gap  {ARTIST}"),
            format!("[ ] Nova  {NOVA}"),
        ]
    );
    // The source's artist out, Del Water Gap and Nova in: the copies are for other artists,
    // so the title loses its “(copy)”.
    app.update(ch(' '));
    assert_eq!(field(&app, Field::Artist), "");
    assert_eq!(field(&app, Field::Title), "Daily socials digest (copy)");
    app.update(key(KeyCode::Down));
    app.update(ch(' '));
    assert_eq!(field(&app, Field::Artist), ARTIST);
    assert_eq!(field(&app, Field::Title), "Daily socials digest");
    app.update(key(KeyCode::Down));
    app.update(ch(' '));
    assert_eq!(field(&app, Field::Artist), format!("{ARTIST}, {NOVA}"));
    assert_eq!(
        labels(&app),
        [
            format!("[x] Del Water Gap  {ARTIST}"),
            format!("[x] Nova  {NOVA}"),
            "[ ] 0f8fad5b-d9cb-469f-a165-70867728950e  (recent)".to_string(),
        ]
    );

    let effects = app.update(ctrl('s'));
    let (request, bodies) = match &effects[..] {
        [Effect::Server(ServerCall::CreateTasks { request, bodies })] => (*request, bodies.clone()),
        other => panic!("one create per artist: {other:?}"),
    };
    let body = |artist: &str| CreateTask {
        title: "Daily socials digest".into(),
        prompt: "Collect today's posts.".into(),
        schedule: "30 10 * * *".into(),
        artist_account_id: artist.into(),
        // The source's owner, as a duplicate keeps it.
        account_id: Some("9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a".into()),
        model: None,
        timezone: Some("UTC".into()),
    };
    assert_eq!(bodies, [body(ARTIST), body(NOVA)]);

    let made = |id: &str, artist: &str| {
        task(serde_json::json!({
            "id": id, "title": "Daily socials digest", "prompt": "Collect today's posts.",
            "schedule": "30 10 * * *", "artist_account_id": artist,
        }))
    };
    app.update(Action::TasksCreated {
        request,
        results: vec![
            (ARTIST.into(), Ok(made("task_a", ARTIST))),
            (NOVA.into(), Ok(made("task_b", NOVA))),
        ],
    });
    assert!(app.form().is_none());
    assert_eq!(
        app.toasts().last().map(|t| t.text.as_str()),
        Some("Created “Daily socials digest” for 2 artists")
    );
}

#[test]
fn a_failed_artist_stays_in_the_form_with_why() {
    let mut app = duplicate_on_the_artist_field();
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    app.update(ch(' '));
    assert_eq!(field(&app, Field::Artist), format!("{SOURCE}, {ARTIST}"));
    assert_eq!(
        field(&app, Field::Title),
        "Daily socials digest (copy)",
        "one copy is for the source's own artist"
    );
    let effects = app.update(ctrl('s'));
    let request = match &effects[..] {
        [Effect::Server(ServerCall::CreateTasks { request, .. })] => *request,
        other => panic!("{other:?}"),
    };
    let made = task(serde_json::json!({
        "id": "task_a", "title": "Daily socials digest (copy)", "artist_account_id": SOURCE,
    }));
    app.update(Action::TasksCreated {
        request,
        results: vec![
            (SOURCE.into(), Ok(made)),
            (ARTIST.into(), Err(failure("artist not found"))),
        ],
    });
    let text = format!(
        "Created “Daily socials digest (copy)” for 1 of 2 artists; not for {ARTIST}: artist not found"
    );
    assert_eq!(
        app.toasts().last().map(|t| t.text.as_str()),
        Some(text.as_str())
    );
    assert_eq!(
        field(&app, Field::Artist),
        ARTIST,
        "Save tries only it again"
    );
    assert_eq!(app.form().and_then(|f| f.submit_error.clone()), Some(text));
}
