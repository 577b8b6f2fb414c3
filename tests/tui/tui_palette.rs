//! The command palette (`:`): every command of the key table by name, fuzzy-matched, run
//! exactly as its key runs it; `:artist NAME`, `:runs STATUS` and `:profile NAME`, whose switch
//! reloads everything against the new backend and drops what the old one still sends.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::tui::keys::{self, Command, Context};
use recoup_tasks::tui::palette::Run;
use recoup_tasks::tui::state::{Backend, Screen, Sort, Switched, ToastKind};
use recoup_tasks::tui::{Action, App, Effect, ServerCall};
use tui_support::*;

fn with_profiles(profiles: &[&str]) -> App {
    let mut start = startup((100, 30));
    start.profiles = profiles.iter().map(|p| p.to_string()).collect();
    start.backend = Backend {
        name: "127.0.0.1:4001".into(),
        profile: Some("a".into()),
        account: Some("acct-a".into()),
    };
    let (mut app, effects) = App::new(start);
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks())),
    });
    app
}

/// An app that started in local mode, with the config file's `profiles`.
fn local_with_profiles(profiles: &[&str]) -> App {
    let mut start = startup((100, 30));
    start.profiles = profiles.iter().map(|p| p.to_string()).collect();
    start.backend = Backend {
        name: "local".into(),
        profile: None,
        account: Some("acct-local".into()),
    };
    App::new(start).0
}

/// `:` then `text`, as typed.
fn palette(app: &mut App, text: &str) {
    app.update(ch(':'));
    type_text(app, text);
}

fn lines(app: &App) -> Vec<String> {
    app.palette_candidates()
        .into_iter()
        .map(|c| c.line)
        .collect()
}

fn visible_ids(app: &App) -> Vec<String> {
    app.tasks()
        .visible
        .iter()
        .map(|i| app.tasks().rows[*i].task.id.clone())
        .collect()
}

fn toasts(app: &App) -> Vec<(ToastKind, String)> {
    app.toasts()
        .iter()
        .map(|t| (t.kind, t.text.clone()))
        .collect()
}

#[test]
fn colon_opens_the_palette_and_esc_closes_it() {
    let mut app = loaded_app();
    app.update(ch(':'));
    assert_eq!(app.context(), Context::Palette);
    // Letters are typed, not taken as the screen's keys.
    type_text(&mut app, "qd");
    assert!(!app.is_quitting());
    assert_eq!(app.palette().map(|p| p.input.as_str()), Some("qd"));
    app.update(key(KeyCode::Esc));
    assert!(app.palette().is_none());
    assert_eq!(app.context(), Context::Tasks);
}

#[test]
fn typing_narrows_the_matches_best_first_and_enter_runs_as_the_key_would() {
    let mut app = loaded_app();
    palette(&mut app, "sor");
    assert_eq!(lines(&app).first().map(String::as_str), Some("sort"));
    let frame = render(&app, 80, 24);
    assert!(frame.contains(":sor▏"), "{frame}");
    assert!(
        frame.contains("›sort"),
        "the chosen match is marked: {frame}"
    );
    assert!(frame.contains("sort by next fire / title"), "{frame}");
    app.update(key(KeyCode::Enter));
    assert!(app.palette().is_none());
    assert_eq!(app.tasks().sort, Sort::Title);
}

#[test]
fn down_chooses_the_next_match() {
    let mut app = loaded_app();
    palette(&mut app, "page");
    assert_eq!(lines(&app)[..2], ["page-down", "page-up"]);
    app.update(key(KeyCode::Down));
    assert_eq!(app.palette().map(|p| p.chosen), Some(1));
    app.update(key(KeyCode::Up));
    assert_eq!(app.palette().map(|p| p.chosen), Some(0));
}

#[test]
fn the_help_text_finds_a_command_too() {
    let mut app = loaded_app();
    palette(&mut app, "discarded draft");
    assert_eq!(
        app.palette_candidates().first().map(|c| c.run.clone()),
        Some(Run::Key(Command::BringBackDraft))
    );
}

#[test]
fn every_command_of_the_list_screens_has_a_name_and_is_reached_by_it() {
    for binding in keys::BINDINGS {
        let on_lists = matches!(
            binding.context,
            Context::Global | Context::Screens | Context::Tasks | Context::Runs
        );
        if !on_lists || binding.command == Command::OpenPalette {
            continue;
        }
        let name = binding
            .name
            .unwrap_or_else(|| panic!("{:?} has no palette name", binding.command));
        let mut app = loaded_app();
        if binding.context == Context::Runs {
            app.update(ch('2'));
        }
        palette(&mut app, name);
        assert_eq!(
            app.palette_candidates().first().map(|c| c.run.clone()),
            Some(Run::Key(binding.command)),
            "{name}: {:?}",
            lines(&app)
        );
    }
}

#[test]
fn the_palette_runs_what_the_keys_run_delete_asks_its_question() {
    let mut app = loaded_app();
    palette(&mut app, "delete");
    app.update(key(KeyCode::Enter));
    let mut by_key = loaded_app();
    by_key.update(ch('d'));
    assert_eq!(app.question(), by_key.question());
    assert!(app.question().is_some());
}

#[test]
fn artist_filters_the_tasks_by_artist_and_completes_the_names() {
    let mut app = loaded_app();
    app.update(ch('2'));
    palette(&mut app, "artist 2c1f");
    assert_eq!(lines(&app), ["artist 2c1f0a9e-3b4d-4e5f-8a7b-6c5d4e3f2a1b"]);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.screen(), Screen::Tasks);
    assert_eq!(visible_ids(&app), ["task_daily"]);
    let frame = render(&app, 120, 30);
    assert!(
        frame.contains(" Tasks (1 of 3) · artist 2c1f0a9e-3b4d-4e5f-8a7b-6c5d4e3f2a1b"),
        "{frame}"
    );
    // Esc in the list clears it, as it clears a filter.
    app.update(key(KeyCode::Esc));
    assert_eq!(visible_ids(&app).len(), 3);
}

#[test]
fn artist_with_a_name_not_offered_filters_by_what_is_typed() {
    let mut app = loaded_app();
    palette(&mut app, "artist zzz");
    assert_eq!(lines(&app), Vec::<String>::new());
    app.update(key(KeyCode::Enter));
    assert_eq!(visible_ids(&app), Vec::<String>::new());
    assert_eq!(app.tasks().artist_filter.as_deref(), Some("zzz"));
}

#[test]
fn runs_failed_shows_the_runs_screen_with_that_status() {
    let mut app = loaded_app();
    palette(&mut app, "runs fai");
    assert_eq!(lines(&app).first().map(String::as_str), Some("runs FAILED"));
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(app.screen(), Screen::Runs);
    assert_eq!(app.runs().status_filter.as_deref(), Some("FAILED"));
    app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(runs()),
    });
    let ids: Vec<&str> = app
        .runs()
        .visible
        .iter()
        .map(|i| app.runs().runs[*i].id.as_str())
        .collect();
    assert_eq!(ids, ["run_older"]);
}

#[test]
fn the_statuses_complete_and_every_status_comes_first() {
    let mut app = loaded_app();
    palette(&mut app, "runs ");
    let all = lines(&app);
    assert_eq!(all[..3], ["runs", "runs COMPLETED", "runs FAILED"]);
}

#[test]
fn an_unknown_status_says_which_exist() {
    let mut app = loaded_app();
    palette(&mut app, "runs zzz");
    app.update(key(KeyCode::Enter));
    assert_eq!(app.screen(), Screen::Tasks);
    let said = toasts(&app);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, ToastKind::Error);
    assert!(
        said[0]
            .1
            .starts_with("Unknown status “zzz”: use one of COMPLETED, FAILED"),
        "{said:?}"
    );
}

#[test]
fn an_unknown_command_is_said_and_nothing_runs() {
    let mut app = loaded_app();
    palette(&mut app, "xyzzy");
    assert_eq!(lines(&app), Vec::<String>::new());
    let effects = app.update(key(KeyCode::Enter));
    assert!(app.palette().is_none());
    assert!(!effects.iter().any(|e| matches!(e, Effect::Server(_))));
    assert_eq!(
        toasts(&app),
        [(
            ToastKind::Error,
            "No command “xyzzy”: type : and choose one from the list".to_string()
        )]
    );
}

#[test]
fn profile_completes_the_config_files_profiles() {
    let mut app = with_profiles(&["a", "b", "work"]);
    palette(&mut app, "prof");
    assert_eq!(
        lines(&app).first().map(String::as_str),
        Some("profile NAME")
    );
    // Tab (or Enter) on a command that needs its argument puts it in the line.
    app.update(key(KeyCode::Tab));
    assert_eq!(app.palette().map(|p| p.input.as_str()), Some("profile "));
    assert_eq!(lines(&app), ["profile a", "profile b", "profile work"]);
    type_text(&mut app, "wk");
    assert_eq!(lines(&app), ["profile work"]);
}

#[test]
fn profile_switches_in_place_and_drops_the_old_backends_replies() {
    let mut app = with_profiles(&["a", "b"]);
    app.update(ch('m'));
    // A refresh of profile a still on its way.
    let old = app.update(ch('r'));
    palette(&mut app, "profile b");
    let effects = app.update(key(KeyCode::Enter));
    assert!(
        effects.contains(&Effect::SwitchProfile("b".into())),
        "{effects:?}"
    );
    let effects = app.update(Action::ProfileSwitched {
        profile: "b".into(),
        result: Ok(Switched {
            backend: Backend {
                name: "127.0.0.1:4002".into(),
                profile: Some("b".into()),
                account: None,
            },
            plan: None,
            warnings: Vec::new(),
        }),
    });
    assert_eq!(app.backend().profile.as_deref(), Some("b"));
    assert!(app.tasks().rows.is_empty());
    assert!(app.tasks().marks.is_empty());
    let calls: Vec<&ServerCall> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Server(call) => Some(call),
            _ => None,
        })
        .collect();
    assert!(
        matches!(
            calls[..],
            [
                ServerCall::LoadTasks { .. },
                ServerCall::LoadArtists { .. },
                ServerCall::LoadAccount
            ]
        ),
        "{calls:?}"
    );
    // Profile a's answer arrives late: dropped.
    app.update(Action::TasksLoaded {
        request: load_request(&old),
        result: Ok(listed(tasks())),
    });
    assert!(app.tasks().rows.is_empty());
    let b_task = task(serde_json::json!({
        "id": "task_b", "title": "Only on b", "prompt": "p", "schedule": "0 9 * * *",
        "enabled": true, "artist_account_id": ARTIST
    }));
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(vec![b_task.listed()].into()),
    });
    assert_eq!(visible_ids(&app), ["task_b"]);
    let frame = render(&app, 100, 30);
    let header = frame.lines().next().unwrap_or_default();
    assert!(header.contains("127.0.0.1:4002 · profile b"), "{header}");
    assert!(frame.contains("Only on b"), "{frame}");
}

#[test]
fn a_profile_that_will_not_open_leaves_everything_as_it_was() {
    let mut app = with_profiles(&["a", "b"]);
    palette(&mut app, "profile nosuch");
    let effects = app.update(key(KeyCode::Enter));
    assert!(effects.contains(&Effect::SwitchProfile("nosuch".into())));
    app.update(Action::ProfileSwitched {
        profile: "nosuch".into(),
        result: Err("no profile named 'nosuch' in /c/config.toml (profiles: a, b)".into()),
    });
    assert_eq!(app.backend().profile.as_deref(), Some("a"));
    assert_eq!(visible_ids(&app).len(), 3);
    assert_eq!(
        toasts(&app).last(),
        Some(&(
            ToastKind::Error,
            "Could not open profile nosuch: no profile named 'nosuch' in /c/config.toml (profiles: a, b). Still on profile a; `recoup-tasks --profile nosuch config` shows why".to_string()
        ))
    );
}

#[test]
fn the_help_lists_the_palette_and_its_commands() {
    let mut app = loaded_app();
    app.update(ch('?'));
    let mut help = String::new();
    for _ in 0..14 {
        help.push_str(&render(&app, 100, 40));
        app.update(key(KeyCode::PageDown));
    }
    assert!(help.contains("Command palette (:)"), "{help}");
    assert!(help.contains(":profile NAME"), "{help}");
    assert!(help.contains(":runs STATUS"), "{help}");
}

#[test]
fn snapshots_of_the_palette_at_80x24_and_120x40() {
    let mut app = with_profiles(&["a", "b"]);
    palette(&mut app, "re");
    insta::assert_snapshot!("palette_80x24", render(&app, 80, 24));
    app.update(key(KeyCode::Esc));
    palette(&mut app, "profile ");
    insta::assert_snapshot!("palette_profile_120x40", render(&app, 120, 40));
}

#[test]
fn on_the_runs_screen_a_switch_reloads_the_runs_too() {
    let mut app = with_profiles(&["a", "b"]);
    let effects = app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(runs()),
    });
    assert_eq!(app.runs().runs.len(), 3);
    palette(&mut app, "profile b");
    app.update(key(KeyCode::Enter));
    let effects = app.update(Action::ProfileSwitched {
        profile: "b".into(),
        result: Ok(Switched {
            backend: Backend {
                name: "127.0.0.1:4002".into(),
                profile: Some("b".into()),
                account: Some("acct-b".into()),
            },
            plan: None,
            warnings: Vec::new(),
        }),
    });
    assert_eq!(app.screen(), Screen::Runs);
    assert!(app.runs().runs.is_empty());
    let calls: Vec<&ServerCall> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Server(call) => Some(call),
            _ => None,
        })
        .collect();
    assert!(
        matches!(
            calls[..],
            [
                ServerCall::LoadTasks { .. },
                ServerCall::LoadRuns { .. },
                ServerCall::LoadArtists { .. }
            ]
        ),
        "{calls:?}"
    );
    assert_eq!(
        toasts(&app).last(),
        Some(&(ToastKind::Info, "Switched to profile b".to_string()))
    );
}

#[test]
fn a_session_started_in_local_mode_offers_local_and_goes_back_to_it() {
    let mut app = local_with_profiles(&["b"]);
    palette(&mut app, "profile ");
    assert_eq!(lines(&app), ["profile b", "profile local"]);
    let frame = render(&app, 120, 30);
    assert!(
        frame.contains("profile local    back to this session's local mode"),
        "{frame}"
    );
    type_text(&mut app, "local");
    app.update(key(KeyCode::Enter));
    assert_eq!(
        toasts(&app).last(),
        Some(&(ToastKind::Info, "Already in local mode".to_string()))
    );

    palette(&mut app, "profile b");
    app.update(key(KeyCode::Enter));
    app.update(Action::ProfileSwitched {
        profile: "b".into(),
        result: Ok(Switched {
            backend: Backend {
                name: "127.0.0.1:4002".into(),
                profile: Some("b".into()),
                account: None,
            },
            plan: None,
            warnings: Vec::new(),
        }),
    });
    palette(&mut app, "profile local");
    let effects = app.update(key(KeyCode::Enter));
    assert!(effects.contains(&Effect::SwitchToLocal), "{effects:?}");
    assert_eq!(
        toasts(&app).last(),
        Some(&(ToastKind::Info, "Back to local mode…".to_string()))
    );
    let effects = app.update(Action::ProfileSwitched {
        profile: "local".into(),
        result: Ok(Switched {
            backend: Backend {
                name: "local".into(),
                profile: None,
                account: Some("acct-local".into()),
            },
            plan: None,
            warnings: Vec::new(),
        }),
    });
    assert_eq!(app.backend().name, "local");
    assert_eq!(app.backend().profile, None);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Server(ServerCall::LoadTasks { .. }))),
        "{effects:?}"
    );
}

#[test]
fn a_profile_named_local_is_that_profile_not_local_mode() {
    let mut app = local_with_profiles(&["local", "b"]);
    palette(&mut app, "profile ");
    assert_eq!(lines(&app), ["profile local", "profile b"]);
    type_text(&mut app, "local");
    let effects = app.update(key(KeyCode::Enter));
    assert!(
        effects.contains(&Effect::SwitchProfile("local".into())),
        "{effects:?}"
    );
}

#[test]
fn a_session_started_on_a_profile_has_no_local_mode_to_offer() {
    let mut app = with_profiles(&["a", "b"]);
    palette(&mut app, "profile ");
    assert_eq!(lines(&app), ["profile a", "profile b"]);
}
