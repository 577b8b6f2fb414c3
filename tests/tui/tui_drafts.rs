//! No key pressed out of habit loses a draft: the offer opens it with `y`, `Enter` or `n`,
//! `Esc` keeps it for later, discarding asks and keeps the draft as the previous one, which `U`
//! brings back; a restored draft asks before it is cancelled.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::tui::draft::Draft;
use recoup_tasks::tui::form::Mode;
use recoup_tasks::tui::keys::Context;
use recoup_tasks::tui::state::Question;
use recoup_tasks::tui::{Action, App, Effect, ServerCall};
use tui_support::*;

fn half_written() -> Draft {
    Draft {
        title: "Half written".into(),
        prompt: "Line one\nLine two".into(),
        schedule: "0 9 * * 4".into(),
        timezone: "UTC".into(),
        ..Draft::default()
    }
}

/// An app that found `draft` at start-up.
fn offered(draft: Draft) -> App {
    let mut app = loaded_app();
    app.update(Action::DraftFound(draft));
    assert_eq!(app.context(), Context::DraftOffer);
    app
}

fn form_draft(app: &App) -> Draft {
    app.form()
        .map(|f| f.draft())
        .unwrap_or_else(|| panic!("no form open"))
}

/// Whether `effects` would remove or replace the saved draft.
fn loses_the_draft(effects: &[Effect]) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::ClearDraft | Effect::SaveDraft(_)))
}

#[test]
fn y_enter_and_n_on_the_offer_all_open_the_draft() {
    for key_pressed in [ch('y'), key(KeyCode::Enter), ch('n')] {
        let mut app = offered(half_written());
        let effects = app.update(key_pressed.clone());
        assert!(!loses_the_draft(&effects), "{key_pressed:?}: {effects:?}");
        assert_eq!(form_draft(&app), half_written(), "{key_pressed:?}");
        assert_eq!(app.context(), Context::Form);
    }
}

#[test]
fn esc_on_the_offer_keeps_the_draft_and_n_opens_it_later() {
    let mut app = offered(half_written());
    let effects = app.update(key(KeyCode::Esc));
    assert!(!loses_the_draft(&effects), "{effects:?}");
    assert_eq!(app.context(), Context::Tasks);
    let texts: Vec<&str> = app.toasts().iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["Draft “Half written” kept: n opens it"]);
    let effects = app.update(ch('n'));
    assert!(!loses_the_draft(&effects), "{effects:?}");
    assert_eq!(form_draft(&app), half_written());
    assert_eq!(app.form().map(|f| f.mode.clone()), Some(Mode::New));
}

#[test]
fn q_and_ctrl_c_on_the_offer_quit_and_keep_the_draft() {
    let mut app = offered(half_written());
    assert_eq!(app.update(ctrl('c')), [Effect::Quit]);
    let mut app = offered(half_written());
    let effects = app.update(ch('q'));
    assert!(!loses_the_draft(&effects), "{effects:?}");
}

#[test]
fn discarding_the_offer_asks_and_keeps_the_draft_as_the_previous_one() {
    let mut app = offered(half_written());
    assert_eq!(app.update(ch('d')), []);
    assert_eq!(app.question(), Some(&Question::DiscardDraft));
    // No keeps it on offer.
    assert_eq!(app.update(ch('n')), []);
    assert_eq!(app.context(), Context::DraftOffer);
    app.update(ch('d'));
    let effects = app.update(ch('y'));
    assert_eq!(
        effects[..2],
        [
            Effect::SavePreviousDraft(half_written()),
            Effect::ClearDraft
        ]
    );
    assert_eq!(app.context(), Context::Tasks);
    assert_eq!(
        app.toasts().last().map(|t| t.text.as_str()),
        Some("Draft “Half written” discarded: U brings it back")
    );
    // `n` now opens an empty form; U brings the draft back.
    let effects = app.update(ch('U'));
    assert_eq!(
        effects,
        [
            Effect::SaveDraft(half_written()),
            Effect::Server(ServerCall::LoadModels)
        ]
    );
    assert_eq!(form_draft(&app), half_written());
}

#[test]
fn esc_right_after_restoring_a_draft_asks_first() {
    let mut app = offered(half_written());
    app.update(ch('y'));
    let effects = app.update(key(KeyCode::Esc));
    assert!(!loses_the_draft(&effects), "{effects:?}");
    assert_eq!(app.question(), Some(&Question::DiscardForm));
    app.update(ch('n'));
    assert_eq!(form_draft(&app), half_written());
}

#[test]
fn a_discarded_form_is_kept_as_the_previous_draft_and_u_brings_it_back() {
    let mut app = loaded_app();
    app.update(ch('n'));
    type_text(&mut app, "Typed then dropped");
    app.update(key(KeyCode::Esc));
    let effects = app.update(ch('y'));
    let dropped = Draft {
        title: "Typed then dropped".into(),
        timezone: "UTC".into(),
        ..Draft::default()
    };
    assert_eq!(
        effects[..2],
        [
            Effect::SavePreviousDraft(dropped.clone()),
            Effect::ClearDraft
        ]
    );
    assert!(app.form().is_none());
    app.update(ch('U'));
    assert_eq!(form_draft(&app), dropped);
}

#[test]
fn u_with_nothing_discarded_says_so() {
    let mut app = loaded_app();
    app.update(ch('U'));
    assert!(app.form().is_none());
    assert_eq!(
        app.toasts().last().map(|t| t.text.as_str()),
        Some("No discarded draft to bring back")
    );
}

#[test]
fn the_previous_draft_from_last_time_can_be_brought_back() {
    let mut startup = startup((80, 24));
    startup.previous_draft = Some(half_written());
    let (mut app, _) = App::new(startup);
    app.update(ch('U'));
    assert_eq!(form_draft(&app), half_written());
}

#[test]
fn editing_another_task_while_a_draft_is_kept_sets_the_draft_aside() {
    let mut app = offered(half_written());
    app.update(key(KeyCode::Esc));
    let effects = app.update(ch('e'));
    assert_eq!(effects[0], Effect::SavePreviousDraft(half_written()));
    assert_eq!(form_draft(&app).editing, Some("task_daily".into()));
    assert!(
        app.toasts()
            .iter()
            .any(|t| t.text == "Draft “Half written” set aside: U brings it back"),
        "{:?}",
        app.toasts()
    );
}

#[test]
fn e_on_the_task_a_kept_edit_draft_belongs_to_opens_the_draft() {
    let draft = Draft {
        title: "Daily socials digest, revised".into(),
        editing: Some("task_daily".into()),
        ..half_written()
    };
    let mut app = offered(draft.clone());
    app.update(key(KeyCode::Esc));
    let effects = app.update(ch('e'));
    assert!(!loses_the_draft(&effects), "{effects:?}");
    assert_eq!(form_draft(&app), draft);
}

#[test]
fn a_blank_draft_is_not_offered() {
    let mut app = loaded_app();
    app.update(Action::DraftFound(Draft {
        timezone: "UTC".into(),
        ..Draft::default()
    }));
    assert_eq!(app.context(), Context::Tasks);
}

#[test]
fn the_offer_keeps_its_keys_in_sight_at_forty_by_twelve() {
    let mut app = loaded_app();
    app.update(Action::Resize(40, 12));
    app.update(Action::DraftFound(Draft {
        title: "🎸 ファン週報 report with a title long enough to wrap over lines".into(),
        ..half_written()
    }));
    let frame = render(&app, 40, 12);
    assert!(
        frame.contains("y/n/Enter open   Esc later   d discard"),
        "{frame}"
    );
    // One character per cell in `render` (a wide character's second cell is a blank).
    assert!(frame.lines().all(|l| l.chars().count() <= 40), "{frame}");
}
