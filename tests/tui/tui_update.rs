//! `App::update`: for each action, the exact state change and effects.

use crate::tui_support;

use std::time::Duration;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use recoup_tasks::client::KnownTasks;
use recoup_tasks::model::{Artist, ArtistDirectory, CreateTask, UpdateTask};
use recoup_tasks::tui::draft::Draft;
use recoup_tasks::tui::form::{Field, Mode};
use recoup_tasks::tui::keys::Context;
use recoup_tasks::tui::state::{Load, Question, Screen, Sort, TasksFocus, Toast, ToastKind};
use recoup_tasks::tui::{Action, Effect, RequestId, ServerCall};
use tui_support::*;

fn titles(app: &recoup_tasks::tui::App) -> Vec<String> {
    app.tasks()
        .visible
        .iter()
        .map(|i| app.tasks().rows[*i].task.title.clone())
        .collect()
}

fn selected_id(app: &recoup_tasks::tui::App) -> String {
    app.tasks()
        .selected_task()
        .map(|t| t.id.clone())
        .unwrap_or_default()
}

fn toast_expiry(id: u64, secs: u64) -> Effect {
    Effect::After {
        delay: Duration::from_secs(secs),
        action: Box::new(Action::ToastExpired(id)),
    }
}

#[test]
fn a_new_app_loads_tasks_and_artists() {
    let (app, effects) = new_app();
    assert_eq!(
        effects,
        [
            Effect::Server(ServerCall::LoadTasks {
                request: RequestId(1),
                known: KnownTasks::default(),
            }),
            Effect::Server(ServerCall::LoadArtists {
                request: RequestId(2)
            })
        ]
    );
    assert_eq!(app.tasks().load, Load::Loading);
    assert_eq!(app.screen(), Screen::Tasks);
    assert_eq!(app.context(), Context::Tasks);
}

#[test]
fn a_start_up_warning_is_an_error_toast_before_the_first_load() {
    let mut startup = startup((80, 24));
    startup.warnings = vec!["Theme /x/mine.toml not used (missing); using the dark theme".into()];
    let (app, effects) = recoup_tasks::tui::App::new(startup);
    let texts: Vec<&str> = app.toasts().iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Theme /x/mine.toml not used (missing); using the dark theme"]
    );
    assert_eq!(app.toasts()[0].kind, ToastKind::Error);
    assert_eq!(
        effects[1..],
        [
            Effect::Server(ServerCall::LoadTasks {
                request: RequestId(2),
                known: KnownTasks::default(),
            }),
            Effect::Server(ServerCall::LoadArtists {
                request: RequestId(3)
            })
        ]
    );
}

#[test]
fn an_unknown_account_is_asked_for_after_the_first_frame_and_named_in_the_header() {
    let mut startup = startup((80, 24));
    startup.backend.account = None;
    let (mut app, effects) = recoup_tasks::tui::App::new(startup);
    // Asked through an effect, so a slow server never holds back the first frame.
    assert_eq!(
        effects.last(),
        Some(&Effect::Server(ServerCall::LoadAccount))
    );
    assert!(
        !render(&app, 80, 24)
            .lines()
            .next()
            .unwrap_or_default()
            .contains('·')
    );
    app.take_dirty();
    app.update(Action::AccountLoaded(Err(failure("no reply"))));
    assert!(
        !app.take_dirty(),
        "a failed lookup changes nothing on screen"
    );
    app.update(Action::AccountLoaded(Ok("acct-7".into())));
    assert!(app.take_dirty());
    let header = render(&app, 80, 24);
    assert!(
        header
            .lines()
            .next()
            .unwrap_or_default()
            .ends_with("local · account acct-7"),
        "{header}"
    );
}

#[test]
fn the_header_shortens_an_account_id_that_does_not_fit() {
    let mut startup = startup((80, 24));
    startup.backend.account = Some("c15ed77c-a492-4796-b0b0-b3fd09e616a2".into());
    let (app, _) = recoup_tasks::tui::App::new(startup.clone());
    let header = |app: &recoup_tasks::tui::App, width| {
        render(app, width, 24)
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end()
            .to_string()
    };
    assert_eq!(
        header(&app, 80),
        " recoup-tasks [1 Tasks]  2 Runs   3 Agenda   local · account c15ed77c…"
    );
    startup.size = (100, 24);
    let (app, _) = recoup_tasks::tui::App::new(startup);
    assert_eq!(
        header(&app, 100),
        " recoup-tasks [1 Tasks]  2 Runs   3 Agenda   local · account c15ed77c-a492-4796-b0b0-b3fd09e616a2"
    );
}

#[test]
fn loaded_tasks_are_listed_by_next_fire_and_refresh_is_scheduled() {
    let (mut app, _) = new_app();
    let effects = app.update(Action::TasksLoaded {
        request: RequestId(1),
        result: Ok(listed(tasks())),
    });
    assert_eq!(
        titles(&app),
        ["Daily socials digest", "Weekly fan report", "Archive sweep"]
    );
    assert_eq!(app.tasks().load, Load::Loaded);
    assert_eq!(app.tasks().selected, 0);
    assert_eq!(
        effects,
        [
            // 2 s, not 30: the daily task's latest run is still REATTEMPTING.
            Effect::After {
                delay: Duration::from_secs(2),
                action: Box::new(Action::TasksRefreshDue { generation: 1 })
            },
            // The selected task's run path: may its owner's plan run it?
            Effect::Server(ServerCall::CheckTask {
                id: "task_daily".into()
            })
        ]
    );
    let daily = &app.tasks().rows[1];
    assert_eq!(
        daily.next_fire.map(|t| t.to_rfc3339()),
        Some("2026-11-29T10:30:00+00:00".into())
    );
    assert_eq!(app.tasks().rows[2].next_fire, None);
}

#[test]
fn a_stale_tasks_reply_is_dropped_without_a_redraw() {
    let (mut app, _) = new_app();
    app.take_dirty();
    let effects = app.update(Action::TasksLoaded {
        request: RequestId(99),
        result: Ok(listed(tasks())),
    });
    assert_eq!(effects, []);
    assert!(app.tasks().rows.is_empty());
    assert_eq!(app.tasks().load, Load::Loading);
    assert!(!app.take_dirty());
}

#[test]
fn an_action_that_changes_nothing_keeps_the_redraw_an_earlier_one_owes() {
    // The event loop applies every action already waiting before it draws. Seen end to end: a
    // save's reply and the unchanged list reply right after it came in one burst, and the closed
    // form and its toast were not drawn until the toast expired.
    let mut app = loaded_app();
    app.take_dirty();
    app.update(ch('j'));
    app.update(Action::TasksLoaded {
        request: RequestId(99),
        result: Ok(listed(tasks())),
    });
    assert!(app.take_dirty(), "the moved selection is still to be drawn");
    assert!(!app.take_dirty());
}

#[test]
fn an_unchanged_tasks_reply_causes_no_redraw() {
    let mut app = loaded_app();
    let effects = app.update(Action::TasksRefreshDue { generation: 1 });
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::LoadTasks {
            request: RequestId(3),
            known: KnownTasks::default(),
        })]
    );
    app.take_dirty();
    app.update(Action::TasksLoaded {
        request: RequestId(3),
        result: Ok(listed(tasks())),
    });
    assert!(!app.take_dirty());
}

#[test]
fn an_old_tasks_timer_does_nothing() {
    let mut app = loaded_app();
    assert_eq!(app.update(Action::TasksRefreshDue { generation: 0 }), []);
}

#[test]
fn a_failed_tasks_load_keeps_the_rows_and_shows_the_error() {
    let mut app = loaded_app();
    app.update(ch('r'));
    app.update(Action::TasksLoaded {
        request: RequestId(3),
        result: Err(failure("server down")),
    });
    assert_eq!(app.tasks().load, Load::Failed("server down".into()));
    assert_eq!(app.tasks().rows.len(), 3);
}

#[test]
fn j_k_g_and_shift_g_move_the_selection() {
    let mut app = loaded_app();
    app.update(ch('j'));
    assert_eq!(app.tasks().selected, 1);
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    assert_eq!(app.tasks().selected, 2);
    app.update(ch('k'));
    assert_eq!(app.tasks().selected, 1);
    app.update(ch('g'));
    assert_eq!(app.tasks().selected, 0);
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('G'),
        KeyModifiers::SHIFT,
    )));
    assert_eq!(app.tasks().selected, 2);
}

#[test]
fn slash_filters_by_title_prompt_or_artist_and_esc_clears() {
    let mut app = loaded_app();
    app.update(ch('/'));
    assert_eq!(app.context(), Context::Filter);
    type_text(&mut app, "sweep");
    assert_eq!(titles(&app), ["Archive sweep"]);
    app.update(key(KeyCode::Backspace));
    assert_eq!(app.tasks().filter, "swee");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.context(), Context::Tasks);
    assert_eq!(titles(&app), ["Archive sweep"]);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.tasks().filter, "");
    assert_eq!(titles(&app).len(), 3);
    app.update(ch('/'));
    type_text(&mut app, "2c1f0a9e");
    assert_eq!(titles(&app), ["Daily socials digest"]);
    app.update(ch('/'));
    app.update(Action::Paste("\n".into()));
    assert_eq!(app.tasks().filter, "2c1f0a9e/ ");
}

#[test]
fn s_sorts_by_title_keeping_the_selected_task() {
    let mut app = loaded_app();
    app.update(ch('j'));
    app.update(ch('s'));
    assert_eq!(app.tasks().sort, Sort::Title);
    assert_eq!(
        titles(&app),
        ["Archive sweep", "Daily socials digest", "Weekly fan report"]
    );
    assert_eq!(selected_id(&app), "task_weekly");
}

#[test]
fn space_toggles_the_selected_task_and_the_reply_replaces_it() {
    let mut app = loaded_app();
    let effects = app.update(ch(' '));
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::SetEnabled {
            request: RequestId(3),
            id: "task_daily".into(),
            enabled: false
        })]
    );
    // A second press while the first is in flight sends nothing.
    assert_eq!(app.update(ch(' ')), []);
    let mut task = tasks()[1].clone();
    task.enabled = Some(false);
    task.recent_runs.clear();
    let effects = app.update(Action::TaskToggled {
        request: RequestId(3),
        result: Ok(task),
    });
    assert_eq!(effects, [toast_expiry(4, 3)]);
    let row = app
        .tasks()
        .rows
        .iter()
        .find(|r| r.task.id == "task_daily")
        .cloned();
    let row = row.unwrap_or_else(|| panic!("row"));
    assert_eq!(row.task.enabled, Some(false));
    assert_eq!(row.next_fire, None);
    assert_eq!(
        row.task.recent_runs.len(),
        1,
        "recent runs kept from the list"
    );
    assert_eq!(
        app.toasts(),
        [Toast {
            id: 4,
            kind: ToastKind::Info,
            text: "Disabled “Daily socials digest”".into()
        }]
    );
}

#[test]
fn a_failed_toggle_is_an_error_toast() {
    let mut app = loaded_app();
    app.update(ch(' '));
    let effects = app.update(Action::TaskToggled {
        request: RequestId(3),
        result: Err(failure("429 Too Many Requests")),
    });
    assert_eq!(effects, [toast_expiry(4, 8)]);
    assert_eq!(
        app.toasts()[0].text,
        "Could not change the task: 429 Too Many Requests"
    );
    assert_eq!(app.toasts()[0].kind, ToastKind::Error);
}

#[test]
fn d_asks_then_y_deletes_and_the_reply_removes_the_task() {
    let mut app = loaded_app();
    assert_eq!(app.update(ch('d')), []);
    assert_eq!(
        app.question(),
        Some(&Question::DeleteTask {
            id: "task_daily".into(),
            title: "Daily socials digest".into()
        })
    );
    assert_eq!(app.context(), Context::Confirm);
    let effects = app.update(ch('y'));
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::DeleteTask {
            request: RequestId(3),
            id: "task_daily".into()
        })]
    );
    assert_eq!(app.question(), None);
    app.update(Action::TaskDeleted {
        request: RequestId(3),
        id: "task_daily".into(),
        result: Ok(()),
    });
    assert_eq!(titles(&app), ["Weekly fan report", "Archive sweep"]);
    assert_eq!(app.toasts()[0].text, "Task deleted");
}

#[test]
fn d_then_n_deletes_nothing() {
    let mut app = loaded_app();
    app.update(ch('d'));
    assert_eq!(app.update(ch('n')), []);
    assert_eq!(app.question(), None);
    assert_eq!(app.tasks().rows.len(), 3);
}

#[test]
fn c_copies_the_selected_id_and_the_reply_is_toasted() {
    let mut app = loaded_app();
    assert_eq!(
        app.update(ch('c')),
        [Effect::CopyToClipboard("task_daily".into())]
    );
    app.update(Action::Copied {
        text: "task_daily".into(),
        result: Ok(()),
    });
    // The terminal may ignore OSC 52: the toast says what was sent, and shows the id itself.
    assert_eq!(
        app.toasts()[0].text,
        "Sent task_daily to the terminal clipboard (OSC 52)"
    );
    app.update(Action::Copied {
        text: "task_daily".into(),
        result: Err("stdout closed".into()),
    });
    assert_eq!(app.toasts()[1].text, "Could not copy: stdout closed");
}

#[test]
fn the_runs_screen_loads_newest_first_and_refreshes_every_five_seconds() {
    let mut app = loaded_app();
    let effects = app.update(ch('2'));
    assert_eq!(app.screen(), Screen::Runs);
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::LoadRuns {
            request: RequestId(3),
            limit: 20
        })]
    );
    assert_eq!(app.runs().load, Load::Loading);
    let effects = app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(runs()),
    });
    let ids: Vec<&str> = app.runs().runs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["run_newest", "run_middle", "run_older"]);
    assert_eq!(
        effects,
        [Effect::After {
            delay: Duration::from_secs(5),
            action: Box::new(Action::RunsRefreshDue { generation: 1 })
        }]
    );
    assert_eq!(
        app.update(Action::RunsRefreshDue { generation: 1 }),
        [Effect::Server(ServerCall::LoadRuns {
            request: RequestId(4),
            limit: 20
        })]
    );
    assert_eq!(app.update(Action::RunsRefreshDue { generation: 0 }), []);
}

#[test]
fn runs_refresh_backs_off_on_errors_and_stops_when_hidden() {
    let mut app = loaded_app();
    app.update(ch('2'));
    let effects = app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Err(failure("502 Bad Gateway")),
    });
    assert_eq!(
        effects,
        [Effect::After {
            delay: Duration::from_secs(10),
            action: Box::new(Action::RunsRefreshDue { generation: 1 })
        }]
    );
    app.update(Action::RunsRefreshDue { generation: 1 });
    let effects = app.update(Action::RunsLoaded {
        request: RequestId(4),
        result: Err(failure("502 Bad Gateway")),
    });
    assert_eq!(
        effects,
        [Effect::After {
            delay: Duration::from_secs(20),
            action: Box::new(Action::RunsRefreshDue { generation: 2 })
        }]
    );
    assert_eq!(app.runs().load, Load::Failed("502 Bad Gateway".into()));
    app.update(ch('1'));
    assert_eq!(app.update(Action::RunsRefreshDue { generation: 2 }), []);
}

#[test]
fn a_run_newer_than_the_tasks_reads_the_tasks_again_once() {
    let mut app = loaded_app();
    app.update(ch('2'));
    let mut fresh = runs()[1].clone();
    fresh.id = "run_fresh".into();
    fresh.created_at = "2026-11-29T10:01:00.000Z".into();
    let with_fresh = [vec![fresh], runs()].concat();
    let effects = app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(with_fresh.clone()),
    });
    assert_eq!(
        effects,
        [
            Effect::Server(ServerCall::LoadTasks {
                request: RequestId(4),
                known: KnownTasks::default(),
            }),
            Effect::After {
                delay: Duration::from_secs(5),
                action: Box::new(Action::RunsRefreshDue { generation: 1 })
            }
        ]
    );
    // The tasks come back still without it (its task was deleted, say): no second read.
    app.update(Action::TasksLoaded {
        request: RequestId(4),
        result: Ok(listed(tasks())),
    });
    app.update(Action::RunsRefreshDue { generation: 1 });
    let effects = app.update(Action::RunsLoaded {
        request: RequestId(5),
        result: Ok(with_fresh),
    });
    assert_eq!(
        effects,
        [Effect::After {
            delay: Duration::from_secs(5),
            action: Box::new(Action::RunsRefreshDue { generation: 2 })
        }]
    );
}

#[test]
fn f_cycles_the_status_filter_and_plus_minus_change_the_limit() {
    let mut app = loaded_app();
    app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(runs()),
    });
    app.update(ch('f'));
    assert_eq!(app.runs().status_filter.as_deref(), Some("COMPLETED"));
    assert_eq!(app.runs().visible, [0]);
    app.update(ch('f'));
    assert_eq!(app.runs().status_filter.as_deref(), Some("REATTEMPTING"));
    app.update(ch('f'));
    app.update(ch('f'));
    assert_eq!(app.runs().status_filter, None);
    assert_eq!(app.runs().visible.len(), 3);
    assert_eq!(
        app.update(ch('+')),
        [Effect::Server(ServerCall::LoadRuns {
            request: RequestId(4),
            limit: 50
        })]
    );
    assert_eq!(
        app.update(ch('-')),
        [Effect::Server(ServerCall::LoadRuns {
            request: RequestId(5),
            limit: 20
        })]
    );
    app.update(ch('-'));
    assert_eq!(app.update(ch('-')), []);
    assert_eq!(app.runs().limit, 10);
}

#[test]
fn plus_stops_at_the_hundred_runs_the_api_lists_and_says_so() {
    let mut app = loaded_app();
    app.update(ch('2'));
    let limits: Vec<u32> = (0..3)
        .filter_map(|_| match &app.update(ch('+'))[..] {
            [Effect::Server(ServerCall::LoadRuns { limit, .. })] => Some(*limit),
            _ => None,
        })
        .collect();
    assert_eq!(limits, [50, 100]);
    assert_eq!(app.runs().limit, 100);
    assert_eq!(
        app.toasts().last().map(|t| t.text.as_str()),
        Some("100 runs is the most the API lists at once")
    );
}

#[test]
fn enter_opens_a_run_which_loads_and_esc_returns() {
    let mut app = loaded_app();
    app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(runs()),
    });
    app.update(ch('j'));
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::LoadRun {
            request: RequestId(4),
            id: "run_middle".into()
        })]
    );
    assert_eq!(app.context(), Context::RunDetail);
    let view = app.run_view().cloned().unwrap_or_else(|| panic!("open"));
    assert_eq!(view.load, Load::Loading);
    assert_eq!(view.run.map(|r| r.id), Some("run_middle".into()));
    let mut full = runs()[2].clone();
    full.output = Some(Box::new(serde_json::json!({"partial": true})));
    let effects = app.update(Action::RunLoaded {
        request: RequestId(4),
        result: Ok(Box::new(full.clone())),
    });
    // Not finished: refresh again in 5 s.
    assert_eq!(
        effects,
        [Effect::After {
            delay: Duration::from_secs(5),
            action: Box::new(Action::RunRefreshDue { generation: 1 })
        }]
    );
    assert_eq!(app.run_view().and_then(|v| v.run.clone()), Some(full));
    assert_eq!(
        app.update(Action::RunRefreshDue { generation: 1 }),
        [Effect::Server(ServerCall::LoadRun {
            request: RequestId(5),
            id: "run_middle".into()
        })]
    );
    app.update(ch('j'));
    assert_eq!(app.run_view().map(|v| v.scroll), Some(1));
    assert_eq!(
        app.update(ch('c')),
        [Effect::CopyToClipboard("run_middle".into())]
    );
    let effects = app.update(key(KeyCode::Esc));
    assert_eq!(app.run_view(), None);
    assert_eq!(
        effects,
        [Effect::After {
            delay: Duration::ZERO,
            action: Box::new(Action::RunsRefreshDue { generation: 2 })
        }]
    );
}

#[test]
fn a_finished_run_stops_refreshing() {
    let mut app = loaded_app();
    app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(runs()),
    });
    app.update(key(KeyCode::Enter));
    let effects = app.update(Action::RunLoaded {
        request: RequestId(4),
        result: Ok(Box::new(runs()[1].clone())),
    });
    assert_eq!(effects, []);
}

#[test]
fn tab_focuses_the_recent_runs_whose_enter_opens_the_run() {
    let mut app = loaded_app();
    app.update(ch('j'));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::RecentRuns);
    app.update(ch('j'));
    assert_eq!(app.tasks().run_selected, 1);
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::LoadRun {
            request: RequestId(3),
            id: "run_older".into()
        })]
    );
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::Detail);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::List);
}

#[test]
fn a_task_without_runs_tabs_to_its_detail_which_the_movement_keys_scroll() {
    let mut app = loaded_app();
    app.update(ch('G'));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::Detail);
    app.update(ch('j'));
    app.update(ch('j'));
    assert_eq!((app.tasks().detail_scroll, app.tasks().selected), (2, 2));
    let effects = app.update(ch('k'));
    assert_eq!((app.tasks().detail_scroll, effects.len()), (1, 0));
    assert!(app.take_dirty());
    // Back on the list, the movement keys move the selection and the next detail starts at
    // its top.
    app.update(key(KeyCode::Tab));
    app.update(ch('k'));
    assert_eq!((app.tasks().detail_scroll, app.tasks().selected), (0, 1));
}

#[test]
fn enter_on_a_task_opens_its_runs_even_one_without_recent_runs() {
    let mut app = loaded_app();
    app.update(ch('G'));
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::LoadRuns {
            request: RequestId(3),
            limit: 100
        })]
    );
    assert_eq!(app.history().map(|h| h.task_id.as_str()), Some("task_off"));
    assert_eq!(app.context(), Context::History);
}

fn empty_draft() -> Draft {
    Draft {
        timezone: "UTC".into(),
        ..Draft::default()
    }
}

#[test]
fn n_opens_an_empty_form_and_typing_saves_the_draft() {
    let mut app = loaded_app();
    let effects = app.update(ch('n'));
    assert_eq!(
        effects,
        [
            Effect::SaveDraft(empty_draft()),
            Effect::Server(ServerCall::LoadModels)
        ]
    );
    assert_eq!(app.context(), Context::Form);
    let effects = type_text(&mut app, "Hi");
    assert_eq!(
        effects,
        [Effect::SaveDraft(Draft {
            title: "Hi".into(),
            ..empty_draft()
        })]
    );
    // q is text here, not quit.
    assert_eq!(
        app.update(ch('q')),
        [Effect::SaveDraft(Draft {
            title: "Hiq".into(),
            ..empty_draft()
        })]
    );
}

#[test]
fn the_new_user_walkthrough_creates_and_selects_the_task() {
    let mut app = loaded_app();
    app.update(ch('n'));
    type_text(&mut app, "Fan report");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "Line one");
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "Line two");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 9 * * 4");
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    let fires = form
        .preview
        .outcome
        .clone()
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(fires.description, "At 09:00 AM, only on Thursday");
    assert_eq!(
        fires.lines[0],
        "Thu 2026-12-03 09:00 UTC  (Thu 2026-12-03 10:00 CET local)"
    );
    assert_eq!(fires.lines.len(), 5);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Artist));
    app.update(Action::Paste(format!("  {ARTIST}\n")));
    let effects = app.update(ctrl('s'));
    let body = CreateTask {
        title: "Fan report".into(),
        prompt: "Line one\nLine two".into(),
        schedule: "0 9 * * 4".into(),
        artist_account_id: ARTIST.into(),
        account_id: None,
        model: None,
        timezone: Some("UTC".into()),
    };
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::CreateTask {
            request: RequestId(3),
            body
        })]
    );
    assert_eq!(app.form().and_then(|f| f.submitting), Some(RequestId(3)));
    assert_eq!(
        app.update(ctrl('s')),
        [],
        "no second submit while one is in flight"
    );
    let created = task(serde_json::json!({
        "id": "task_new", "title": "Fan report", "prompt": "Line one\nLine two", "schedule": "0 9 * * 4",
        "timezone": "UTC", "enabled": true, "artist_account_id": ARTIST, "account_id": "x"
    }));
    let effects = app.update(Action::TaskSaved {
        request: RequestId(3),
        result: Ok(created),
    });
    assert_eq!(
        effects,
        [
            Effect::SaveRecentIds(vec![
                ARTIST.into(),
                "0f8fad5b-d9cb-469f-a165-70867728950e".into()
            ]),
            Effect::ClearDraft,
            toast_expiry(4, 3),
            Effect::Server(ServerCall::LoadTasks {
                request: RequestId(5),
                known: KnownTasks::default(),
            }),
            Effect::Server(ServerCall::CheckTask {
                id: "task_new".into()
            })
        ]
    );
    assert!(app.form().is_none());
    assert_eq!(selected_id(&app), "task_new");
    assert_eq!(app.recent_ids()[0], ARTIST);
    assert_eq!(app.toasts()[0].text, "Created “Fan report”");
    // The next form is empty: recent ids are offered, never prefilled.
    assert_eq!(app.update(ch('n')), [Effect::SaveDraft(empty_draft())]);
}

#[test]
fn invalid_fields_are_marked_before_any_request() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 25 * * *");
    assert_eq!(app.update(ctrl('s')), []);
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    assert_eq!(
        form.errors,
        [
            Some("a title is required".into()),
            Some("a prompt is required".into()),
            Some("Constraint error, got value 25 expected range 0-23".into()),
            None,
            Some("an artist account id is required".into()),
            None,
            None
        ]
    );
    assert_eq!(form.focus, Field::Title);
    // Typing in a field clears its mark.
    app.update(ch('T'));
    assert_eq!(app.form().and_then(|f| f.errors[0].clone()), None);
}

#[test]
fn a_failed_submit_keeps_the_form_and_everything_typed() {
    let mut app = loaded_app();
    app.update(ch('n'));
    type_text(&mut app, "T");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "P");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "* * * * *");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    app.update(Action::Paste(ARTIST.into()));
    app.update(ctrl('s'));
    let effects = app.update(Action::TaskSaved {
        request: RequestId(3),
        result: Err(failure("could not reach the server")),
    });
    assert_eq!(effects, [toast_expiry(4, 8)]);
    let form = app.form().cloned().unwrap_or_else(|| panic!("form stays"));
    assert_eq!(
        form.submit_error.as_deref(),
        Some("could not reach the server")
    );
    assert_eq!(form.submitting, None);
    assert_eq!(
        form.draft(),
        Draft {
            title: "T".into(),
            prompt: "P".into(),
            schedule: "* * * * *".into(),
            timezone: "UTC".into(),
            artist_account_id: ARTIST.into(),
            ..Draft::default()
        }
    );
}

#[test]
fn esc_closes_an_unchanged_form_and_asks_about_a_changed_one() {
    let mut app = loaded_app();
    app.update(ch('n'));
    assert_eq!(app.update(key(KeyCode::Esc)), [Effect::ClearDraft]);
    assert!(app.form().is_none());
    app.update(ch('n'));
    type_text(&mut app, "x");
    assert_eq!(app.update(key(KeyCode::Esc)), []);
    assert_eq!(app.question(), Some(&Question::DiscardForm));
    app.update(ch('n'));
    assert!(app.form().is_some(), "n keeps the form");
    app.update(key(KeyCode::Esc));
    let kept = Draft {
        title: "x".into(),
        ..empty_draft()
    };
    assert_eq!(
        app.update(ch('y')),
        [
            Effect::SavePreviousDraft(kept),
            Effect::ClearDraft,
            toast_expiry(3, 3)
        ]
    );
    assert!(app.form().is_none());
}

#[test]
fn e_edits_and_sends_only_what_changed() {
    let mut app = loaded_app();
    app.update(ch('j'));
    let effects = app.update(ch('e'));
    let draft = Draft {
        title: "Weekly fan report".into(),
        prompt: "Summarise the week's fan activity.\nSend it to the team.".into(),
        schedule: "0 9 * * 4".into(),
        timezone: "America/New_York".into(),
        artist_account_id: ARTIST.into(),
        account_id: "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a".into(),
        model: "gpt-4o".into(),
        editing: Some("task_weekly".into()),
    };
    assert_eq!(
        effects,
        [
            Effect::SaveDraft(draft),
            Effect::Server(ServerCall::LoadModels)
        ]
    );
    assert!(matches!(app.form().map(|f| &f.mode), Some(Mode::Edit(_))));
    type_text(&mut app, "!");
    let effects = app.update(Action::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::ALT,
    )));
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::UpdateTask {
            request: RequestId(3),
            body: UpdateTask {
                id: "task_weekly".into(),
                title: Some("Weekly fan report!".into()),
                ..UpdateTask::default()
            }
        })]
    );
    let mut saved = tasks()[0].clone();
    saved.title = "Weekly fan report!".into();
    app.update(Action::TaskSaved {
        request: RequestId(3),
        result: Ok(saved),
    });
    assert_eq!(app.toasts()[0].text, "Saved “Weekly fan report!”");
    assert_eq!(selected_id(&app), "task_weekly");
}

#[test]
fn y_duplicates_into_a_new_task() {
    let mut app = loaded_app();
    app.update(ch('y'));
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    assert_eq!(form.mode, Mode::Duplicate);
    assert_eq!(form.value(Field::Title), "Daily socials digest (copy)");
    let effects = app.update(ctrl('s'));
    assert!(
        matches!(&effects[..], [Effect::Server(ServerCall::CreateTask { body, .. })] if body.title == "Daily socials digest (copy)" && body.schedule == "30 10 * * *")
    );
}

#[test]
fn shift_tab_moves_back_and_wraps() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(Action::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Model));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Title));
}

#[test]
fn enter_in_a_single_line_field_moves_on_and_in_the_prompt_adds_a_line() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(key(KeyCode::Enter));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Prompt));
    type_text(&mut app, "a");
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "b");
    assert_eq!(
        app.form().map(|f| f.value(Field::Prompt)),
        Some("a\nb".into())
    );
    app.update(Action::Paste("c\r\nd".into()));
    assert_eq!(
        app.form().map(|f| f.value(Field::Prompt)),
        Some("a\nbc\nd".into())
    );
}

#[test]
fn tab_selects_a_one_line_field_so_typing_replaces_and_an_arrow_keeps_it() {
    let mut app = loaded_app();
    app.update(ch('n'));
    type_text(&mut app, "Digest");
    for _ in 0..3 {
        app.update(key(KeyCode::Tab));
    }
    app.update(key(KeyCode::Left));
    type_text(&mut app, "x");
    let value = |app: &recoup_tasks::tui::App, field| app.form().map(|f| f.value(field));
    assert_eq!(value(&app, Field::Timezone), Some("UTxC".into()));
    for _ in 0..3 {
        app.update(key(KeyCode::BackTab));
    }
    type_text(&mut app, "Weekly");
    assert_eq!(value(&app, Field::Title), Some("Weekly".into()));
    // A field left by Tab keeps no selection; the prompt is never selected whole.
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "p");
    assert_eq!(value(&app, Field::Prompt), Some("p".into()));
    assert_eq!(value(&app, Field::Title), Some("Weekly".into()));
}

#[test]
fn the_timezone_field_completes_from_the_accepted_zones() {
    let mut app = loaded_app();
    app.update(ch('n'));
    for _ in 0..3 {
        app.update(key(KeyCode::Tab));
    }
    // Reached by Tab, `UTC` is selected: typing replaces it.
    type_text(&mut app, "new_y");
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    let values: Vec<String> = form
        .suggestions(&ArtistDirectory::default(), &[])
        .into_iter()
        .map(|s| s.value)
        .collect();
    assert_eq!(values, ["America/New_York"]);
    app.update(key(KeyCode::Enter));
    assert_eq!(
        app.form().map(|f| f.value(Field::Timezone)),
        Some("America/New_York".into())
    );
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Timezone));
    // A full name needs no suggestions; Enter then moves on.
    app.update(key(KeyCode::Enter));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Artist));
}

#[test]
fn the_artist_picker_offers_recent_ids_then_artists() {
    let mut app = loaded_app();
    app.update(Action::ArtistsLoaded {
        request: RequestId(2),
        result: Ok(vec![Artist {
            account_id: ARTIST.into(),
            name: Some("Del Water Gap".into()),
            ..Artist::default()
        }]
        .into()),
    });
    assert_eq!(app.artists().len(), 1);
    app.update(ch('n'));
    for _ in 0..4 {
        app.update(key(KeyCode::Tab));
    }
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    let labels: Vec<String> = form
        .suggestions(app.artists(), app.recent_ids())
        .into_iter()
        .map(|s| s.label)
        .collect();
    assert_eq!(
        labels,
        [
            "0f8fad5b-d9cb-469f-a165-70867728950e  (recent)".to_string(),
            format!("Del Water Gap  {ARTIST}")
        ]
    );
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    assert_eq!(app.form().map(|f| f.pick), Some(1));
    app.update(key(KeyCode::Up));
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Enter));
    assert_eq!(
        app.form().map(|f| f.value(Field::Artist)),
        Some(ARTIST.into())
    );
}

#[test]
fn the_artist_picker_names_a_recent_artist_and_cleans_names() {
    const RECENT: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let mut app = loaded_app();
    app.update(Action::ArtistsLoaded {
        request: RequestId(2),
        result: Ok(vec![
            Artist {
                account_id: ARTIST.into(),
                name: Some("Del\u{1b}[2J Water\nGap".into()),
                ..Artist::default()
            },
            Artist {
                account_id: RECENT.into(),
                name: Some("Nova".into()),
                ..Artist::default()
            },
        ]
        .into()),
    });
    app.update(ch('n'));
    for _ in 0..4 {
        app.update(key(KeyCode::Tab));
    }
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    let labels: Vec<String> = form
        .suggestions(app.artists(), app.recent_ids())
        .into_iter()
        .map(|s| s.label)
        .collect();
    assert_eq!(
        labels,
        [
            format!("Nova  {RECENT}  (recent)"),
            format!("Del Water Gap  {ARTIST}")
        ]
    );
}

#[test]
fn artists_that_fail_to_load_are_an_error_toast() {
    let (mut app, _) = new_app();
    app.update(Action::ArtistsLoaded {
        request: RequestId(2),
        result: Err(failure("401 Unauthorized")),
    });
    assert_eq!(
        app.toasts()[0].text,
        "Could not load artists: 401 Unauthorized"
    );
}

#[test]
fn organisations_artists_that_fail_to_load_are_said_beside_the_accounts_own() {
    let (mut app, _) = new_app();
    let mut directory: ArtistDirectory = vec![Artist {
        account_id: ARTIST.into(),
        name: Some("Nova".into()),
        ..Artist::default()
    }]
    .into();
    directory.problem = Some("Failed to fetch organizations".into());
    app.update(Action::ArtistsLoaded {
        request: RequestId(2),
        result: Ok(directory),
    });
    assert_eq!(app.artists().len(), 1);
    assert_eq!(
        app.toasts()[0].text,
        "Organisations' artists not loaded: Failed to fetch organizations"
    );
}

/// The detail pane's rows (the third `│`-separated part, side by side with the list), trimmed.
fn detail_rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .filter_map(|line| line.split('│').nth(3))
        .map(str::trim_end)
        .collect()
}

#[test]
fn the_detail_names_the_services_artist_beside_its_id_or_above_it_when_narrow() {
    let (mut app, effects) = new_app();
    let request = load_request(&effects);
    let mut named = tasks();
    named[0].artist_name = Some("Del Water Gap".into());
    app.update(Action::TasksLoaded {
        request,
        result: Ok(listed(named)),
    });
    app.update(ch('j'));
    assert_eq!(selected_id(&app), "task_weekly");
    app.update(Action::Resize(160, 40));
    let screen = render(&app, 160, 40);
    assert!(
        detail_rows(&screen).contains(&format!("Artist    Del Water Gap  {ARTIST}").as_str()),
        "{screen}"
    );
    app.update(Action::Resize(120, 40));
    let screen = render(&app, 120, 40);
    let rows = detail_rows(&screen);
    let at = rows
        .iter()
        .position(|row| *row == "Artist    Del Water Gap")
        .unwrap_or_else(|| panic!("{screen}"));
    assert_eq!(rows[at + 1], format!("          {ARTIST}"));
}

#[test]
fn the_detail_names_a_picked_artist_beside_its_id() {
    let (mut app, effects) = new_app();
    let request = load_request(&effects);
    app.update(Action::ArtistsLoaded {
        request: RequestId(2),
        result: Ok(vec![Artist {
            account_id: ARTIST.into(),
            name: Some("Nova".into()),
            ..Artist::default()
        }]
        .into()),
    });
    app.update(Action::TasksLoaded {
        request,
        result: Ok(listed(tasks())),
    });
    app.update(ch('j'));
    assert_eq!(selected_id(&app), "task_weekly");
    let screen = render(&app, 120, 40);
    assert!(
        detail_rows(&screen).contains(&format!("Artist    Nova  {ARTIST}").as_str()),
        "{screen}"
    );
}

#[test]
fn the_filter_matches_the_artists_name() {
    let (mut app, effects) = new_app();
    let request = load_request(&effects);
    let mut named = tasks();
    named[1].artist_name = Some("Del Water Gap".into());
    app.update(Action::TasksLoaded {
        request,
        result: Ok(listed(named)),
    });
    app.update(ch('/'));
    type_text(&mut app, "water");
    let visible: Vec<&str> = app
        .tasks()
        .visible
        .iter()
        .map(|i| app.tasks().rows[*i].task.id.as_str())
        .collect();
    assert_eq!(visible, vec!["task_daily"]);
}

#[test]
fn the_end_of_the_detail_can_be_scrolled_into_view_at_the_panes_width() {
    let (mut app, effects) = recoup_tasks::tui::App::new(startup((100, 30)));
    let mut long = tasks();
    long[2].prompt = (1..=30)
        .map(|i| format!("Step {i}: sweep the drafts."))
        .chain(["The last line.".to_string()])
        .collect::<Vec<_>>()
        .join("\n");
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(long)),
    });
    app.update(ch('G'));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.tasks().focus, TasksFocus::Detail);
    app.update(ch('G'));
    let screen = render(&app, 100, 30);
    assert!(
        screen.contains("  The last line."),
        "the prompt's last line is reachable:\n{screen}"
    );
}

#[test]
fn a_long_toast_wraps_between_words_instead_of_being_cut() {
    let mut startup = startup((80, 24));
    startup.warnings =
        vec!["Could not load artists: cannot reach http://127.0.0.1:9: connection refused".into()];
    let (app, _) = recoup_tasks::tui::App::new(startup);
    let screen = render(&app, 80, 24);
    // The toast is 50 wide, at the right edge of the 80 columns, above the pane's bottom
    // border (row 22) and the bar (row 23).
    let toast: Vec<String> = screen
        .lines()
        .skip(18)
        .take(4)
        .map(|line| line.chars().skip(30).collect())
        .collect();
    assert_eq!(
        toast,
        [
            "┌────────────────────────────────────────────────┐",
            "│✗ Could not load artists: cannot reach          │",
            "│  http://127.0.0.1:9: connection refused        │",
            "└────────────────────────────────────────────────┘",
        ],
        "{screen}"
    );
}

#[test]
fn ctrl_x_ctrl_e_in_the_prompt_asks_for_the_editor_and_its_text_comes_back() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "draft");
    app.update(ctrl('x'));
    assert_eq!(
        app.update(ctrl('e')),
        [Effect::EditInEditor("draft".into())]
    );
    let effects = app.update(Action::EditorClosed(Ok("from the editor\nsecond\n".into())));
    assert_eq!(
        app.form().map(|f| f.value(Field::Prompt)),
        Some("from the editor\nsecond".into())
    );
    assert!(
        matches!(&effects[..], [Effect::SaveDraft(d)] if d.prompt == "from the editor\nsecond")
    );
    app.update(Action::EditorClosed(Err("vi exited with 1".into())));
    assert_eq!(app.toasts()[0].text, "Editor: vi exited with 1");
}

#[test]
fn question_mark_opens_the_help_and_esc_closes_it() {
    let mut app = loaded_app();
    app.update(ch('?'));
    assert_eq!(app.help_scroll(), Some(0));
    assert_eq!(app.context(), Context::Help);
    app.update(ch('j'));
    assert_eq!(app.help_scroll(), Some(1));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.help_scroll(), None);
}

#[test]
fn q_quits_and_ctrl_c_quits_even_in_the_form() {
    let mut app = loaded_app();
    assert_eq!(app.update(ch('q')), [Effect::Quit]);
    assert!(app.is_quitting());
    let mut app = loaded_app();
    app.update(ch('n'));
    assert_eq!(app.update(ctrl('c')), [Effect::Quit]);
}

#[test]
fn a_found_draft_is_offered_and_restored() {
    let mut app = loaded_app();
    let draft = Draft {
        title: "Half written".into(),
        schedule: "0 9 * * 4".into(),
        ..empty_draft()
    };
    app.update(Action::DraftFound(draft.clone()));
    assert_eq!(app.draft_offer(), Some(&draft));
    assert_eq!(app.context(), Context::DraftOffer);
    assert_eq!(
        app.update(ch('y')),
        [Effect::Server(ServerCall::LoadModels)]
    );
    let form = app.form().cloned().unwrap_or_else(|| panic!("restored"));
    assert_eq!(form.draft(), draft);
    assert!(form.preview.is_valid());
}

#[test]
fn the_clock_moves_past_fires_and_recomputes_them() {
    let mut app = loaded_app();
    app.take_dirty();
    let later = now() + chrono::Duration::seconds(20);
    app.update(Action::Clock(later));
    assert!(
        !app.take_dirty(),
        "nothing visible changed within the minute"
    );
    let after_fire = now() + chrono::Duration::minutes(31);
    app.update(Action::Clock(after_fire));
    assert!(app.take_dirty());
    let daily = app
        .tasks()
        .rows
        .iter()
        .find(|r| r.task.id == "task_daily")
        .and_then(|r| r.next_fire);
    assert_eq!(
        daily.map(|t| t.to_rfc3339()),
        Some("2026-11-30T10:30:00+00:00".into())
    );
}

#[test]
fn toasts_expire_by_id() {
    let mut app = loaded_app();
    app.update(Action::Copied {
        text: "task_daily".into(),
        result: Ok(()),
    });
    app.update(Action::ToastExpired(3));
    assert_eq!(app.toasts(), []);
    app.take_dirty();
    app.update(Action::ToastExpired(3));
    assert!(!app.take_dirty());
}

#[test]
fn resize_records_the_size() {
    let mut app = loaded_app();
    app.update(Action::Resize(120, 40));
    assert_eq!(app.size(), (120, 40));
}

#[test]
fn the_wheel_moves_and_a_click_selects_a_row() {
    let mut app = loaded_app();
    let mouse = |kind, column, row| {
        Action::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // A click aims at what a frame showed.
    show(&mut app);
    app.update(mouse(MouseEventKind::ScrollDown, 5, 5));
    assert_eq!(app.tasks().selected, 1);
    app.update(mouse(MouseEventKind::ScrollUp, 5, 5));
    assert_eq!(app.tasks().selected, 0);
    // 80×24: header row 0, list border row 1, column header row 2, first task row 3.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 10, 5));
    assert_eq!(app.tasks().selected, 2);
    // A click in the detail pane focuses it (the recent runs when the task has some).
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 10, 20));
    assert_eq!(app.tasks().focus, TasksFocus::Detail);
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 10, 3));
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 10, 20));
    assert_eq!(app.tasks().focus, TasksFocus::RecentRuns);
}

#[test]
fn a_debug_panic_does_nothing_unless_enabled() {
    let mut app = loaded_app();
    assert_eq!(app.update(Action::DebugPanic), []);
}

#[test]
#[should_panic(expected = "debug panic requested")]
fn a_debug_panic_panics_when_enabled() {
    let mut startup = startup((80, 24));
    startup.debug_panic = true;
    let (mut app, _) = recoup_tasks::tui::App::new(startup);
    app.update(Action::DebugPanic);
}

#[test]
fn saving_an_unchanged_edit_sends_nothing_and_closes() {
    let mut app = loaded_app();
    app.update(ch('e'));
    let effects = app.update(ctrl('s'));
    assert_eq!(effects, [Effect::ClearDraft, toast_expiry(4, 3)]);
    assert!(app.form().is_none());
    assert_eq!(app.toasts()[0].text, "No changes to save");
}

#[test]
fn scrolling_stops_at_the_end_of_the_run_and_the_help() {
    let mut app = loaded_app();
    app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(runs()),
    });
    app.update(ch('G'));
    app.update(key(KeyCode::Enter));
    // The end is where the drawn page ends.
    show(&mut app);
    for _ in 0..200 {
        app.update(ch('j'));
    }
    let scroll = app.run_view().map(|v| v.scroll).unwrap_or_default();
    // The last line at the pane's bottom, the pane full (lines counted as wrapped).
    let screen = render(&app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    assert_eq!(
        rows[21],
        "│triggerFunction   —                                                           │",
        "{screen}"
    );
    assert_eq!(scroll, 3);
    app.update(ch('k'));
    assert_eq!(app.run_view().map(|v| v.scroll), Some(scroll - 1));
    app.update(key(KeyCode::Esc));
    app.update(ch('?'));
    show(&mut app);
    for _ in 0..500 {
        app.update(ch('j'));
    }
    let help = app.help_scroll().unwrap_or_default();
    assert!(help > 40 && help < 100, "{help}");
}

#[test]
fn the_clock_redraws_the_form_only_when_its_preview_changes() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "* * * * *");
    app.take_dirty();
    app.update(Action::Clock(now() + chrono::Duration::seconds(61)));
    assert!(app.take_dirty());
    let first = app
        .form()
        .and_then(|f| f.preview.outcome.clone().ok())
        .map(|f| f.lines[0].clone());
    assert_eq!(
        first.as_deref(),
        Some("Sun 2026-11-29 10:02 UTC  (Sun 2026-11-29 11:02 CET local)")
    );
}

#[test]
fn clicking_a_header_tab_switches_screens() {
    let mut app = loaded_app();
    show(&mut app);
    let click = |column| {
        Action::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row: 0,
            modifiers: KeyModifiers::NONE,
        })
    };
    assert_eq!(
        app.update(click(26)),
        [Effect::Server(ServerCall::LoadRuns {
            request: RequestId(3),
            limit: 20
        })]
    );
    assert_eq!(app.screen(), Screen::Runs);
    assert_eq!(app.update(click(16)), []);
    assert_eq!(app.screen(), Screen::Tasks);
}

#[test]
fn a_restored_edit_draft_stays_an_edit_before_the_list_loads() {
    let (mut app, _) = new_app();
    let draft = Draft {
        title: "Weekly".into(),
        prompt: "P".into(),
        schedule: "0 9 * * 4".into(),
        timezone: "UTC".into(),
        artist_account_id: ARTIST.into(),
        editing: Some("task_weekly".into()),
        ..Draft::default()
    };
    app.update(Action::DraftFound(draft));
    app.update(ch('y'));
    let effects = app.update(ctrl('s'));
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::UpdateTask {
            request: RequestId(3),
            body: UpdateTask {
                id: "task_weekly".into(),
                title: Some("Weekly".into()),
                prompt: Some("P".into()),
                schedule: Some("0 9 * * 4".into()),
                artist_account_id: Some(ARTIST.into()),
                ..UpdateTask::default()
            }
        })]
    );
}

#[test]
fn clicking_a_form_field_focuses_it() {
    let mut app = loaded_app();
    app.update(ch('n'));
    show(&mut app);
    let click = |column, row| {
        Action::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // 80×24: header row 0, form border row 1, Title row 2, Prompt label row 3 and its editor rows
    // 4–6, Schedule row 7, Timezone row 8.
    app.update(click(30, 8));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Timezone));
    app.update(click(10, 5));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Prompt));
    app.take_dirty();
    app.update(click(10, 20));
    assert_eq!(app.form().map(|f| f.focus), Some(Field::Prompt));
    assert!(!app.take_dirty());
}

/// The paste: a newline, a tab and a colour escape in one string.
const DIRTY_TITLE: &str = "Line one\nline two\tTabbed\x1b[31mRED";

#[test]
fn pasted_text_is_stored_clean_and_uuids_lower_case() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(Action::Paste(DIRTY_TITLE.into()));
    let value = |app: &recoup_tasks::tui::App, field| app.form().map(|f| f.value(field));
    // One line: a line break or tab is a space, the escape sequence goes whole.
    assert_eq!(
        value(&app, Field::Title),
        Some("Line one line two TabbedRED".into())
    );
    app.update(key(KeyCode::Tab));
    // The prompt keeps its lines and tabs; escapes and other controls go.
    app.update(Action::Paste(
        "First\tline\r\n\x1b[1mSecond\x1b[0m line\x07\x1b]0;title\x07".into(),
    ));
    assert_eq!(
        value(&app, Field::Prompt),
        Some("First\tline\nSecond line".into())
    );
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 9 * * 4");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    app.update(Action::Paste(format!("  {}\n", ARTIST.to_uppercase())));
    assert_eq!(value(&app, Field::Artist), Some(ARTIST.into()));
    app.update(key(KeyCode::Tab));
    app.update(Action::Paste("9B2F0D5E-6C1A-4F7E-8D3B-2A1C0E9F8B7A".into()));
    app.update(key(KeyCode::Tab));
    app.update(Action::Paste("gpt-\x1b[4m4o\x1b[0m\n".into()));
    let effects = app.update(ctrl('s'));
    let body = CreateTask {
        title: "Line one line two TabbedRED".into(),
        prompt: "First\tline\nSecond line".into(),
        schedule: "0 9 * * 4".into(),
        artist_account_id: ARTIST.into(),
        account_id: Some("9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a".into()),
        model: Some("gpt-4o".into()),
        timezone: Some("UTC".into()),
    };
    assert_eq!(
        effects,
        [Effect::Server(ServerCall::CreateTask {
            request: RequestId(3),
            body
        })]
    );
}

#[test]
fn a_typed_upper_case_artist_id_is_sent_lower_case() {
    let mut app = loaded_app();
    fill_new_task(&mut app, "T", "P", "* * * * *");
    type_text(&mut app, &ARTIST.to_uppercase());
    let effects = app.update(ctrl('s'));
    assert!(
        matches!(&effects[..], [Effect::Server(ServerCall::CreateTask { body, .. })] if body.artist_account_id == ARTIST),
        "{effects:?}"
    );
}

#[test]
fn a_saved_upper_case_artist_id_is_remembered_once_lower_case() {
    let mut app = loaded_app();
    app.update(ch('e'));
    type_text(&mut app, "!");
    app.update(ctrl('s'));
    // The reply carries an id stored upper-case (by an older version): the recent
    // `0f8fad5b-…` is the same id.
    let mut saved = tasks()[0].clone();
    saved.artist_account_id = "0F8FAD5B-D9CB-469F-A165-70867728950E".into();
    let effects = app.update(Action::TaskSaved {
        request: RequestId(3),
        result: Ok(saved),
    });
    assert_eq!(
        effects.first(),
        Some(&Effect::SaveRecentIds(vec![
            "0f8fad5b-d9cb-469f-a165-70867728950e".into()
        ]))
    );
}

#[test]
fn a_task_stored_dirty_opens_clean_and_unchanged_sends_nothing() {
    let (mut app, effects) = new_app();
    let mut dirty = tasks();
    dirty[0].title = DIRTY_TITLE.into();
    dirty[0].prompt = "Summarise\r\nthe week\x1b[0m".into();
    dirty[0].artist_account_id = ARTIST.to_uppercase();
    let id = dirty[0].id.clone();
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(dirty)),
    });
    for _ in 0..3 {
        if selected_id(&app) != id {
            app.update(ch('j'));
        }
    }
    assert_eq!(selected_id(&app), id);
    app.update(ch('e'));
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    assert_eq!(form.value(Field::Title), "Line one line two TabbedRED");
    assert_eq!(form.value(Field::Prompt), "Summarise\nthe week");
    assert_eq!(form.value(Field::Artist), ARTIST);
    assert!(!form.is_changed(), "cleaning is not an edit");
    let effects = app.update(ctrl('s'));
    assert_eq!(effects, [Effect::ClearDraft, toast_expiry(4, 3)]);
    assert_eq!(app.toasts()[0].text, "No changes to save");
}

#[test]
fn a_restored_draft_and_the_editors_text_come_back_clean() {
    let mut app = loaded_app();
    app.update(Action::DraftFound(Draft {
        title: DIRTY_TITLE.into(),
        artist_account_id: ARTIST.to_uppercase(),
        ..empty_draft()
    }));
    app.update(ch('y'));
    let form = app.form().cloned().unwrap_or_else(|| panic!("restored"));
    assert_eq!(
        form.draft(),
        Draft {
            title: "Line one line two TabbedRED".into(),
            artist_account_id: ARTIST.into(),
            ..empty_draft()
        }
    );
    app.update(key(KeyCode::Tab));
    app.update(Action::EditorClosed(Ok(
        "one\r\n\x1b[2Jtwo\tthree\x08\r\n".into()
    )));
    assert_eq!(
        app.form().map(|f| f.value(Field::Prompt)),
        Some("one\ntwo\tthree".into())
    );
}

#[test]
fn a_key_the_text_area_reads_as_a_new_line_keeps_a_one_line_field_one_line() {
    let mut app = loaded_app();
    app.update(ch('n'));
    type_text(&mut app, "ab");
    app.update(key(KeyCode::Left));
    // Ctrl+M is Enter to the text area, and a control character can arrive as a key.
    app.update(ctrl('m'));
    app.update(ch('\u{7}'));
    type_text(&mut app, "x");
    assert_eq!(
        app.form().map(|f| f.value(Field::Title)),
        Some("a xb".into())
    );
}

#[test]
fn the_form_refuses_ids_the_api_refuses_before_sending() {
    let mut app = loaded_app();
    fill_new_task(&mut app, "T", "p", "0 9 * * 4");
    // Braces and the 32-digit form parse as UUIDs elsewhere; the API's zod rule refuses them.
    app.update(Action::Paste(format!("{{{ARTIST}}}")));
    assert_eq!(app.update(ctrl('s')), []);
    let form = app.form().cloned().unwrap_or_else(|| panic!("form"));
    assert_eq!(
        form.errors[4].as_deref(),
        Some("artist account id must be a valid UUID")
    );
}

#[test]
fn the_key_bar_drops_whole_items_that_do_not_fit_and_keeps_help() {
    let app = loaded_app();
    let frame = render(&app, 80, 24);
    let bar = frame.lines().nth(23).unwrap_or_default().to_string();
    assert_eq!(
        bar,
        "n new  e edit  space enable/disable  d delete  / filter  q quit  ? help"
    );
    let frame = render(&app, 40, 12);
    let bar = frame.lines().nth(11).unwrap_or_default().to_string();
    assert_eq!(bar, "n new  e edit  ? help");
}
