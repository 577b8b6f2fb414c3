//! `R`, run now (local mode only): the selected task fires at once on the local server; the
//! screen stays where it is. The hosted API has no such call: there the key does nothing and
//! neither the bar nor the help offers it.

use crate::tui_support;

use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::client::KnownTasks;
use recoup_tasks::tui::state::{Backend, Screen, Toast, ToastKind};
use recoup_tasks::tui::{Action, App, Effect, RequestId, ServerCall};
use tui_support::*;

const HELP_TEXT: &str = "run now (local only: the hosted API has none)";

fn hosted_app(size: (u16, u16)) -> App {
    let mut start = startup(size);
    start.backend = Backend {
        name: "api.recoupable.com".into(),
        profile: None,
        account: Some("dev@recoup.local".into()),
    };
    let (mut app, effects) = App::new(start);
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks())),
    });
    app
}

fn local_app(size: (u16, u16)) -> App {
    let (mut app, effects) = App::new(startup(size));
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks())),
    });
    app
}

#[test]
fn r_runs_the_selected_task_and_the_reply_toasts_and_reloads_its_runs() {
    let mut app = local_app((120, 40));
    let selected = app.tasks().selected_task().map(|t| t.id.clone());
    assert_eq!(selected.as_deref(), Some("task_daily"));
    let effects = app.update(ch('R'));
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::RunTask {
            request: RequestId(3),
            id: "task_daily".into(),
            title: "Daily socials digest".into(),
        })]
    );
    assert_eq!(app.screen(), Screen::Tasks);
    let effects = app.update(Action::TaskRunStarted {
        request: RequestId(3),
        title: "Daily socials digest".into(),
        result: Ok("run_now123".into()),
    });
    assert_eq!(
        effects,
        [
            Effect::After {
                delay: Duration::from_secs(3),
                action: Box::new(Action::ToastExpired(4)),
            },
            Effect::Server(ServerCall::LoadTasks {
                request: RequestId(5),
                known: KnownTasks::default(),
            }),
        ]
    );
    assert_eq!(
        app.toasts(),
        [Toast {
            id: 4,
            kind: ToastKind::Info,
            text: "Started a run of “Daily socials digest”: run_now123".into()
        }]
    );
    assert_eq!(app.screen(), Screen::Tasks);
    let selected = app.tasks().selected_task().map(|t| t.id.clone());
    assert_eq!(selected.as_deref(), Some("task_daily"));
}

#[test]
fn a_refused_run_says_why() {
    let mut app = local_app((120, 40));
    app.update(ch('R'));
    app.update(Action::TaskRunStarted {
        request: RequestId(3),
        title: "Weekly fan report".into(),
        result: Err(failure(
            "The task already has a run queued or executing; wait for it to finish",
        )),
    });
    let texts: Vec<&str> = app.toasts().iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(
        texts[0].starts_with("Could not run “Weekly fan report”: "),
        "{texts:?}"
    );
    assert!(
        texts[0].contains("The task already has a run queued or executing"),
        "{texts:?}"
    );
    assert_eq!(app.toasts()[0].kind, ToastKind::Error);
}

#[test]
fn the_help_offers_r_in_local_mode() {
    let mut app = local_app((160, 40));
    app.update(ch('?'));
    let mut help = String::new();
    for _ in 0..12 {
        help.push_str(&render(&app, 160, 40));
        app.update(key(KeyCode::PageDown));
    }
    assert!(help.contains(HELP_TEXT), "{help}");
}

#[test]
fn in_hosted_mode_r_does_nothing_and_is_not_offered() {
    let mut app = hosted_app((160, 40));
    let frame = render(&app, 160, 40);
    assert!(!frame.contains("run now"), "{frame}");
    assert_eq!(app.update(ch('R')), []);
    assert!(app.toasts().is_empty());
    app.update(ch('?'));
    let mut help = String::new();
    for _ in 0..12 {
        help.push_str(&render(&app, 160, 40));
        app.update(key(KeyCode::PageDown));
    }
    assert!(help.contains("Tasks"), "{help}");
    assert!(!help.contains("run now"), "{help}");
}

/// The list refreshes every 2 s while a task's latest run has not ended (so a run started with
/// `R` is seen to finish), every 30 s once every latest run has.
#[test]
fn the_list_refreshes_sooner_while_a_latest_run_has_not_ended() {
    let refresh_after = |tasks| {
        let (mut app, effects) = App::new(startup((120, 40)));
        let effects = app.update(Action::TasksLoaded {
            request: load_request(&effects),
            result: Ok(tasks),
        });
        effects.into_iter().find_map(|effect| match effect {
            Effect::After { delay, action }
                if matches!(*action, Action::TasksRefreshDue { .. }) =>
            {
                Some(delay)
            }
            _ => None,
        })
    };
    let mut running = tasks();
    // The daily task's latest run is REATTEMPTING.
    assert!(running.iter().any(|task| {
        task.recent_runs
            .first()
            .is_some_and(|run| run.status.name() == "REATTEMPTING")
    }));
    assert_eq!(
        refresh_after(listed(running.clone())),
        Some(Duration::from_secs(2))
    );
    for task in &mut running {
        task.recent_runs.retain(|run| run.status.is_terminal());
    }
    assert_eq!(
        refresh_after(listed(running)),
        Some(Duration::from_secs(30))
    );
}
