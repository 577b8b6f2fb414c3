//! Whole-screen snapshots (`TestBackend`): every screen at the five sizes of [`ALL_SIZES`], the
//! form's states at 80×24 and 120×40. The clock and the viewer's zone are injected, so nothing
//! volatile reaches the frames.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use recoup_tasks::tui::draft::Draft;
use recoup_tasks::tui::glyphs::Glyphs;
use recoup_tasks::tui::theme::Theme;
use recoup_tasks::tui::{Action, App, RequestId};
use tui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The sizes every screen is drawn at: nothing cut without `…`, nothing overlapping, at each.
const ALL_SIZES: [(u16, u16); 5] = [(40, 12), (60, 20), (80, 24), (100, 30), (200, 60)];

fn snap(name: &str, app: &mut App) {
    snap_at(&SIZES, name, app);
}

fn snap_all(name: &str, app: &mut App) {
    snap_at(&ALL_SIZES, name, app);
}

fn snap_at(sizes: &[(u16, u16)], name: &str, app: &mut App) {
    for &(w, h) in sizes {
        app.update(Action::Resize(w, h));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

/// The fixture tasks, the second titled in emoji and CJK (four columns wider than its
/// characters), with a toast on screen.
fn app_with_a_wide_title() -> App {
    let (mut app, effects) = new_app();
    let request = load_request(&effects);
    let mut wide = tasks();
    wide[1].title = "Fan digest 🎸 für Ü — ファン週報 every week of the year".into();
    app.update(Action::TasksLoaded {
        request,
        result: Ok(listed(wide)),
    });
    app.update(Action::Copied {
        text: "ファン週報 🎸".into(),
        result: Ok(()),
    });
    app
}

#[test]
fn every_screen_at_every_size_tasks() {
    let mut app = loaded_app();
    app.update(ch('j'));
    snap_all("all_tasks", &mut app);
}

#[test]
fn every_screen_at_every_size_wide_titles_and_a_toast() {
    let mut app = app_with_a_wide_title();
    snap_all("all_wide_tasks", &mut app);
    app.update(ch('2'));
    let effects = app.update(ch('r'));
    app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(runs()),
    });
    snap_all("all_wide_runs", &mut app);
}

#[test]
fn every_screen_at_every_size_loading_empty_error_filtered() {
    let (mut app, _) = new_app();
    snap_all("all_tasks_loading", &mut app);
    app.update(Action::TasksLoaded {
        request: RequestId(1),
        result: Err(failure(
            "could not reach http://127.0.0.1:9 (connection refused)",
        )),
    });
    snap_all("all_tasks_error", &mut app);
    let (mut app, _) = new_app();
    app.update(Action::TasksLoaded {
        request: RequestId(1),
        result: Ok(Vec::new().into()),
    });
    snap_all("all_tasks_empty", &mut app);
    let mut app = loaded_app();
    app.update(ch('/'));
    type_text(&mut app, "fan");
    snap_all("all_tasks_filtered", &mut app);
}

/// A refresh that failed while the list keeps its rows: the error on the border, cut with `…`.
#[test]
fn every_screen_at_every_size_refresh_failed() {
    let mut app = loaded_app();
    let effects = app.update(ch('r'));
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Err(failure(
            "could not reach http://127.0.0.1:9 (connection refused)",
        )),
    });
    snap_all("all_tasks_refresh_failed", &mut app);
    app.update(ch('2'));
    let effects = app.update(ch('r'));
    app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(runs()),
    });
    let effects = app.update(ch('r'));
    app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Err(failure(
            "could not reach http://127.0.0.1:9 (connection refused)",
        )),
    });
    snap_all("all_runs_refresh_failed", &mut app);
}

#[test]
fn every_screen_at_every_size_runs_and_run_detail() {
    let mut app = loaded_app();
    app.update(ch('2'));
    snap_all("all_runs_loading", &mut app);
    app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(Vec::new()),
    });
    snap_all("all_runs_empty", &mut app);
    let effects = app.update(ch('r'));
    app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(runs()),
    });
    snap_all("all_runs", &mut app);
    app.update(key(KeyCode::Enter));
    snap_all("all_run_detail", &mut app);
}

#[test]
fn every_screen_at_every_size_form_and_help() {
    let mut app = loaded_app();
    app.update(ch('n'));
    type_text(&mut app, "Fan digest 🎸 für Ü — ファン週報");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "Line one");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 9 * * 4");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    app.update(Action::Paste(ARTIST.into()));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "abc");
    app.update(ctrl('s'));
    snap_all("all_form", &mut app);
    let mut app = loaded_app();
    app.update(ch('?'));
    snap_all("all_help", &mut app);
}

#[test]
fn tasks_screen() {
    let mut app = loaded_app();
    app.update(ch('j'));
    snap("tasks", &mut app);
}

#[test]
fn tasks_screen_loading() {
    let (mut app, _) = new_app();
    snap("tasks_loading", &mut app);
}

#[test]
fn tasks_screen_error() {
    let (mut app, _) = new_app();
    app.update(Action::TasksLoaded {
        request: RequestId(1),
        result: Err(failure(
            "could not reach http://127.0.0.1:9 (connection refused)",
        )),
    });
    snap("tasks_error", &mut app);
}

#[test]
fn tasks_screen_empty_and_filtered() {
    let (mut app, _) = new_app();
    app.update(Action::TasksLoaded {
        request: RequestId(1),
        result: Ok(Vec::new().into()),
    });
    snap("tasks_empty", &mut app);
    let mut app = loaded_app();
    app.update(ch('/'));
    type_text(&mut app, "fan");
    snap("tasks_filtered", &mut app);
}

#[test]
fn runs_screen() {
    let mut app = loaded_app();
    app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(runs()),
    });
    snap("runs", &mut app);
}

#[test]
fn run_detail_with_attempts_and_with_attempt_count() {
    let mut app = loaded_app();
    app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: RequestId(3),
        result: Ok(runs()),
    });
    app.update(key(KeyCode::Enter));
    snap("run_detail_attempts", &mut app);
    app.update(key(KeyCode::Esc));
    app.update(ch('G'));
    app.update(key(KeyCode::Enter));
    snap("run_detail_attempt_count", &mut app);
}

#[test]
fn form_with_a_valid_preview() {
    let mut app = loaded_app();
    app.update(ch('n'));
    type_text(&mut app, "Fan report");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "Line one");
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "Line two");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 9 * * 4");
    snap("form_valid", &mut app);
}

/// A stray space: the scheduler's error, a caret under the spaces, and the hint with the fixed
/// expression.
#[test]
fn form_with_a_schedule_hint() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0  9 * * *");
    snap("form_hint", &mut app);
}

#[test]
fn form_with_errors_and_a_dst_warning() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 25 * * *");
    app.update(ctrl('s'));
    snap("form_invalid", &mut app);
    let mut app = loaded_app();
    app.update(Action::DraftFound(Draft {
        title: "Spring forward".into(),
        schedule: "30 2 * * *".into(),
        timezone: "Europe/London".into(),
        ..Draft::default()
    }));
    app.update(ch('y'));
    app.update(Action::Clock(
        chrono::DateTime::parse_from_rfc3339("2027-03-26T12:00:00Z")
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default(),
    ));
    snap("form_dst", &mut app);
}

/// December in New York: none of the five fires is near a clock change, yet 02:30 is skipped
/// in March and 01:30 repeated in November; the preview names both days.
#[test]
fn form_names_the_dst_days_of_the_year() {
    let mut app = loaded_app();
    app.update(Action::DraftFound(Draft {
        title: "Night digest".into(),
        schedule: "30 1,2 * * *".into(),
        timezone: "America/New_York".into(),
        ..Draft::default()
    }));
    app.update(ch('y'));
    app.update(Action::Clock(
        chrono::DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default(),
    ));
    snap("form_dst_year", &mut app);
}

#[test]
fn form_timezone_completion() {
    let mut app = loaded_app();
    app.update(ch('n'));
    for _ in 0..3 {
        app.update(key(KeyCode::Tab));
    }
    for _ in 0..3 {
        app.update(key(KeyCode::Backspace));
    }
    type_text(&mut app, "Europe/B");
    snap("form_zone_completion", &mut app);
}

#[test]
fn form_model_completion() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(Action::ModelsLoaded(Ok(crate::tui_models::served_models())));
    for _ in 0..6 {
        app.update(key(KeyCode::Tab));
    }
    type_text(&mut app, "claude");
    snap("form_model_completion", &mut app);
}

#[test]
fn help_screen() {
    let mut app = loaded_app();
    app.update(ch('?'));
    snap("help", &mut app);
}

#[test]
fn delete_confirmation_and_toasts() {
    let mut app = loaded_app();
    app.update(Action::Copied {
        text: "task_daily".into(),
        result: Ok(()),
    });
    app.update(ch('d'));
    snap("delete_confirm", &mut app);
}

#[test]
fn draft_offer() {
    let mut app = loaded_app();
    app.update(Action::DraftFound(Draft {
        title: "Half written".into(),
        ..Draft::default()
    }));
    snap("draft_offer", &mut app);
}

#[test]
fn server_text_cannot_inject_escape_sequences() {
    let mut evil = tasks()[0].clone();
    evil.title = "Evil\u{1b}]52;c;cHduZWQ=\u{7} title\u{1b}[2J".into();
    let (mut app, _) = new_app();
    app.update(Action::TasksLoaded {
        request: RequestId(1),
        result: Ok(vec![evil.listed()].into()),
    });
    let frame = render(&app, 80, 24);
    assert!(!frame.contains('\u{1b}'));
    assert!(frame.contains("Evil title"));
}

#[test]
fn tiny_terminals_degrade_without_panicking() {
    for (w, h) in [(0, 0), (1, 1), (10, 3), (20, 5), (40, 10), (79, 12)] {
        let mut app = loaded_app();
        app.update(Action::Resize(w, h));
        render(&app, w, h);
        app.update(ch('n'));
        render(&app, w, h);
        app.update(key(KeyCode::Esc));
        app.update(ch('2'));
        render(&app, w, h);
        app.update(ch('?'));
        render(&app, w, h);
    }
}

#[test]
fn small_terminal_tasks_and_form() {
    let mut app = loaded_app();
    app.update(Action::Resize(50, 14));
    insta::assert_snapshot!("tasks_50x14", render(&app, 50, 14));
    app.update(ch('n'));
    insta::assert_snapshot!("form_50x14", render(&app, 50, 14));
}

#[test]
fn form_refused_by_the_plan_and_marked_by_it() {
    use recoup_tasks::client::ClientError;
    use recoup_tasks::model::{Plan, PlanLimit, PlanLimitBody};
    let mut app = loaded_app();
    fill_new_task(&mut app, "Second report", "Summarise fans", "0 9 * * *");
    app.update(Action::Paste(ARTIST.into()));
    let effects = app.update(ctrl('s'));
    let request = effects
        .iter()
        .find_map(|e| match e {
            recoup_tasks::tui::Effect::Server(recoup_tasks::tui::ServerCall::CreateTask {
                request,
                ..
            }) => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no CreateTask in {effects:?}"));
    app.update(Action::TaskSaved {
        request,
        result: Err(ClientError::PlanLimit(Box::new(PlanLimitBody::new(
            PlanLimit::TaskCount,
            Plan::Free,
            1,
        )))),
    });
    snap("form_plan_refused", &mut app);
}

/// The fixture tasks, two of them with the artist's name the service sends.
fn app_with_artist_names() -> App {
    let (mut app, effects) = new_app();
    let request = load_request(&effects);
    let mut named = tasks();
    named[0].artist_name = Some("Del Water Gap".into());
    named[1].artist_name = Some("Phoebe Bridgers and the Band".into());
    app.update(Action::TasksLoaded {
        request,
        result: Ok(listed(named)),
    });
    app
}

#[test]
fn the_artist_column_shows_where_the_list_is_wide_and_goes_first_when_narrow() {
    let mut app = app_with_artist_names();
    app.update(Action::Resize(96, 24));
    insta::assert_snapshot!("tasks_artists_96x24", render(&app, 96, 24));
    for (w, h) in [(80, 24), (120, 40), (50, 14), (40, 12)] {
        app.update(Action::Resize(w, h));
        let screen = render(&app, w, h);
        let header = screen.lines().nth(2).unwrap_or_default();
        assert!(
            header.contains("Next fire") && !header.contains("Artist"),
            "{w}x{h}:\n{screen}"
        );
    }
}

/// `kolk` finds Asia/Calcutta through its alias, each completion with its offset now.
#[test]
fn form_timezone_completion_by_alias() {
    let mut app = loaded_app();
    app.update(ch('n'));
    for _ in 0..3 {
        app.update(key(KeyCode::Tab));
    }
    type_text(&mut app, "kolk");
    snap("form_zone_alias", &mut app);
}

/// A refused zone: the scheduler's error, and the hint saying Tab takes the name it knows.
#[test]
fn form_with_a_zone_hint() {
    let mut app = loaded_app();
    app.update(ch('n'));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "0 9 * * *");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "Asia/Kolkata");
    snap("form_zone_hint", &mut app);
}

/// The artist picker groups the artists under their organisations' names, recent ids first.
#[test]
fn form_artist_picker_grouped_by_organisation() {
    use recoup_tasks::model::{Artist, ArtistDirectory};
    let mut app = loaded_app();
    let artist = |id: &str, name: &str| Artist::without_profile(id, Some(name.into()), false);
    app.update(Action::ArtistsLoaded {
        request: RequestId(2),
        result: Ok(ArtistDirectory::new(
            vec![artist("5b1e3c44-1111-4c55-8a2b-000000000001", "Nova")],
            vec![
                (
                    "Acme Records".into(),
                    vec![
                        artist("5b1e3c44-1111-4c55-8a2b-000000000002", "Iris"),
                        artist("5b1e3c44-1111-4c55-8a2b-000000000003", "Del Water Gap"),
                    ],
                ),
                (
                    "Side Label".into(),
                    vec![artist("5b1e3c44-1111-4c55-8a2b-000000000004", "Phoebe")],
                ),
            ],
        )),
    });
    app.update(ch('n'));
    for _ in 0..4 {
        app.update(key(KeyCode::Tab));
    }
    snap("form_artist_groups", &mut app);
}

/// Without a UTF-8 locale: `+ - |` borders and ASCII marks, the layout unchanged.
#[test]
fn ascii_screens_without_a_utf8_locale() {
    let theme = Theme {
        glyphs: Glyphs::Ascii,
        ..Theme::plain()
    };
    let mut app = loaded_app();
    app.update(ch('j'));
    app.update(Action::Resize(80, 24));
    let tasks = render_with(&app, 80, 24, &theme);
    insta::assert_snapshot!("ascii_tasks_80x24", tasks);
    let mut app = loaded_app();
    app.update(Action::DraftFound(Draft {
        title: "Spring forward".into(),
        schedule: "30 2 * * *".into(),
        timezone: "Europe/London".into(),
        ..Draft::default()
    }));
    app.update(ch('y'));
    app.update(Action::Resize(80, 24));
    let form = render_with(&app, 80, 24, &theme);
    insta::assert_snapshot!("ascii_form_80x24", form);
    for screen in [tasks, form] {
        assert!(screen.is_ascii(), "{screen}");
    }
}

/// The bar drops whole hints from its end, never cuts one, and ends with `? help` at every
/// width.
#[test]
fn the_footer_drops_whole_hints_and_ends_with_help() {
    let mut app = loaded_app();
    app.update(Action::Resize(200, 24));
    let full = render(&app, 200, 24);
    let all: Vec<String> = full
        .lines()
        .last()
        .unwrap_or_default()
        .split("  ")
        .map(str::to_string)
        .collect();
    assert_eq!(all.last().map(String::as_str), Some("? help"), "{all:?}");
    for width in 20..=120 {
        app.update(Action::Resize(width, 24));
        let screen = render(&app, width, 24);
        let bar = screen.lines().last().unwrap_or_default();
        assert!(bar.ends_with("? help"), "{width}: {bar:?}");
        let shown: Vec<&str> = bar.split("  ").collect();
        // The hints shown are the first ones of the full bar, whole, then `? help`.
        let (help, hints) = shown.split_last().unwrap_or((&"", &[]));
        assert_eq!(*help, "? help");
        assert_eq!(hints, &all[..hints.len()], "{width}: {bar:?}");
    }
    app.update(Action::Resize(80, 24));
    let bar = render(&app, 80, 24)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        bar,
        "n new  e edit  space enable/disable  d delete  / filter  q quit  ? help"
    );
}

/// While a filter is typed or kept the count says how many of all it matches, even all.
#[test]
fn the_filter_count_says_of_all_while_filtering() {
    let mut app = loaded_app();
    let header = |app: &App| {
        render(app, 100, 24)
            .lines()
            .nth(1)
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        header(&app).starts_with("┌▌ Tasks (3) · by next fire "),
        "{}",
        header(&app)
    );
    app.update(ch('/'));
    assert!(
        header(&app).starts_with("┌▌ Tasks (3 of 3) · by next fire · /▏ "),
        "{}",
        header(&app)
    );
    type_text(&mut app, "e");
    assert!(
        header(&app).starts_with("┌▌ Tasks (3 of 3) · by next fire · /e▏ "),
        "{}",
        header(&app)
    );
    type_text(&mut app, "ek");
    assert!(
        header(&app).starts_with("┌▌ Tasks (1 of 3) · by next fire · /eek▏ "),
        "{}",
        header(&app)
    );
    app.update(key(KeyCode::Enter));
    assert!(
        header(&app).starts_with("┌▌ Tasks (1 of 3) · by next fire · /eek "),
        "{}",
        header(&app)
    );
}

/// A schedule in plain English: the phrase, the cron it reads as and its description, the key
/// that takes it, and that cron's fires.
#[test]
fn form_schedule_in_english() {
    let mut app = loaded_app();
    app.update(ch('n'));
    type_text(&mut app, "Fan report");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "Summarise the week's fans");
    app.update(key(KeyCode::Tab));
    type_text(&mut app, "weekdays at 9am");
    snap("form_schedule_english", &mut app);
}

/// The presets (`Ctrl+P`) on a Free plan: which of them the plan takes.
#[test]
fn form_presets_on_a_free_plan() {
    let mut startup = startup((80, 24));
    startup.plan = Some(recoup_tasks::model::Plan::Free);
    let (mut app, effects) = App::new(startup);
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks())),
    });
    app.update(ch('n'));
    type_text(&mut app, "Fan report");
    app.update(ctrl('p'));
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    snap("form_presets_free", &mut app);
}
