//! Plan limits in the TUI, through `update` and the views: a save the plan refuses (a 402
//! `plan_limit`) keeps the form with everything typed and shows the sentence, the plan and
//! its count, and the upgrade link (Ctrl+O copies it); the preview says how often the schedule
//! fires as the hosted gate measures it, and once the plan is known — from a refusal or from
//! the profile — marks a schedule the plan refuses before anything is sent.

use crate::tui_support::*;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::client::ClientError;
use recoup_tasks::model::{Plan, PlanLimit, PlanLimitBody};
use recoup_tasks::tui::app::App;
use recoup_tasks::tui::form::Field;
use recoup_tasks::tui::{Action, Effect, RequestId, ServerCall};

const FREE_SENTENCE: &str = "Free includes 1 task. Starter includes 3, Pro is unlimited.";
const FREE_CADENCE: &str = "Free runs tasks weekly at most. Starter runs daily, Pro runs hourly.";

/// The request id of the create the form just sent.
fn create_request(effects: &[Effect]) -> RequestId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Server(ServerCall::CreateTask { request, .. }) => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no CreateTask in {effects:?}"))
}

/// A new task typed in whole and saved; the server's answer is `refusal`.
fn refused_save(app: &mut App, schedule: &str, refusal: PlanLimitBody) {
    fill_new_task(app, "Second report", "Summarise fans", schedule);
    app.update(Action::Paste(ARTIST.into()));
    let effects = app.update(ctrl('s'));
    let request = create_request(&effects);
    app.update(Action::TaskSaved {
        request,
        result: Err(ClientError::PlanLimit(Box::new(refusal))),
    });
}

#[test]
fn a_refused_save_keeps_the_form_and_shows_the_sentence_the_count_and_the_link() {
    let mut app = loaded_app();
    refused_save(
        &mut app,
        "0 9 * * 1",
        PlanLimitBody::new(PlanLimit::TaskCount, Plan::Free, 1),
    );
    let form = app.form().unwrap_or_else(|| panic!("the form stays open"));
    assert_eq!(form.value(Field::Title), "Second report");
    assert_eq!(form.value(Field::Prompt), "Summarise fans");
    assert_eq!(form.value(Field::Schedule), "0 9 * * 1");
    assert_eq!(form.value(Field::Artist), ARTIST);
    assert_eq!(form.submit_error.as_deref(), Some(FREE_SENTENCE));
    let refusal = form.refusal.clone().unwrap_or_else(|| panic!("no refusal"));
    assert_eq!(refusal.facts, "plan free, 1 of 1 enabled tasks");
    assert_eq!(refusal.billing_url, "https://app.recoupable.dev/plan");
    assert_eq!(app.plan(), Some(Plan::Free), "the refusal taught the plan");
    assert_eq!(
        app.update(ctrl('o')),
        [Effect::CopyToClipboard(
            "https://app.recoupable.dev/plan".into()
        )]
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains(&format!("Not saved: {FREE_SENTENCE}")),
        "{screen}"
    );
    assert!(
        screen.contains("✗ Not saved: plan free, 1 of 1 enabled tasks"),
        "{screen}"
    );
    assert!(
        screen.contains("upgrade: https://app.recoupable.dev/plan  Ctrl+O copy"),
        "{screen}"
    );
}

#[test]
fn ctrl_o_without_a_refusal_copies_nothing() {
    let mut app = loaded_app();
    app.update(ch('n'));
    assert_eq!(app.update(ctrl('o')), []);
}

#[test]
fn a_cadence_refusal_names_the_schedules_gap_and_the_next_schedule_is_judged_before_sending() {
    let mut app = loaded_app();
    refused_save(
        &mut app,
        "0 9 * * *",
        PlanLimitBody::new(PlanLimit::MinCadence, Plan::Free, 0),
    );
    let form = app.form().unwrap_or_else(|| panic!("the form stays open"));
    assert_eq!(
        form.refusal.as_ref().map(|r| r.facts.as_str()),
        Some("plan free, schedule fires every 1 day, at most weekly allowed")
    );
    // The plan is known now: the preview already marks the daily schedule.
    let fires = form
        .preview
        .outcome
        .clone()
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(fires.plan_refusal.as_deref(), Some(FREE_CADENCE));
    assert_eq!(fires.cadence, "fires at most every 1 day");
    // A weekly one is fine, before anything is sent.
    for _ in 0..9 {
        app.update(key(KeyCode::BackTab));
        if app.form().map(|f| f.focus) == Some(Field::Schedule) {
            break;
        }
    }
    app.update(key(KeyCode::End));
    app.update(key(KeyCode::Backspace));
    app.update(ch('1'));
    assert_eq!(
        app.form().map(|f| f.value(Field::Schedule)),
        Some("0 9 * * 1".into())
    );
    let fires = app
        .form()
        .map(|f| f.preview.outcome.clone())
        .unwrap_or_else(|| panic!("no form"))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(fires.cadence, "fires at most every 1 week");
    assert_eq!(fires.plan_refusal, None);
}

#[test]
fn the_profiles_plan_marks_a_refused_schedule_before_the_first_save() {
    let mut startup = startup((80, 24));
    startup.plan = Some(Plan::Starter);
    let (mut app, _) = App::new(startup);
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 9,21 * * *");
    let form = app.form().unwrap_or_else(|| panic!("no form"));
    let fires = form
        .preview
        .outcome
        .clone()
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        fires.plan_refusal.as_deref(),
        Some("Starter runs tasks daily at most. Pro runs hourly.")
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("✗ Starter runs tasks daily at most. Pro runs hourly."),
        "{screen}"
    );
    assert!(screen.contains("  fires at most every 12 h"), "{screen}");
    assert!(
        screen.contains("✗ Schedule"),
        "the field is marked: {screen}"
    );
}

#[test]
fn without_a_known_plan_the_preview_only_says_how_often() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 9 * * MON");
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("the plan gate skips this schedule (it reads numeric fields only)"),
        "{screen}"
    );
    assert!(!screen.contains("✗ Schedule"), "{screen}");
}

#[test]
fn a_task_the_run_path_blocks_shows_blocked_by_plan_in_its_detail() {
    let mut app = loaded_app();
    // The list's selected task (the next to fire) was asked about once.
    app.update(Action::TaskChecked {
        id: "task_daily".into(),
        result: Err(ClientError::PlanLimit(Box::new(PlanLimitBody::new(
            PlanLimit::MinCadence,
            Plan::Free,
            0,
        )))),
    });
    assert_eq!(app.tasks().plan_block("task_daily"), Some(FREE_CADENCE));
    assert_eq!(app.plan(), Some(Plan::Free));
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("│Plan                                                │"),
        "{screen}"
    );
    assert!(
        screen.contains("│  blocked by plan: Free runs tasks weekly at most.  │"),
        "{screen}"
    );
    assert!(
        screen.contains("│  Starter runs daily, Pro runs hourly.              │"),
        "{screen}"
    );
    // Moving on asks about the next enabled task, once; the disabled one is never asked.
    let effects = app.update(ch('j'));
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::CheckTask {
            id: "task_weekly".into()
        })]
    );
    app.update(Action::TaskChecked {
        id: "task_weekly".into(),
        result: Ok(()),
    });
    assert_eq!(app.tasks().plan_block("task_weekly"), None);
    assert_eq!(app.update(ch('j')), [], "Archive sweep is disabled");
    assert_eq!(app.update(ch('k')), [], "already asked");
}
