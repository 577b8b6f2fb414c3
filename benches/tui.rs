//! TUI costs: drawing the Tasks screen with 10,000 tasks at 200×60, and one keystroke in the
//! schedule field up to an updated preview; opening the agenda (`3`) over 10,000 tasks; an
//! auto-refresh of 10,000 tasks with their runs.

use std::hint::black_box;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use recoup_tasks::client::{KnownTasks, TaskListReply, decode_listed};
use recoup_tasks::model::Task;
use recoup_tasks::tui::app::{App, Startup};
use recoup_tasks::tui::theme::{ColorMode, Theme};
use recoup_tasks::tui::{Action, Effect, RequestId, ServerCall, views};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn startup(size: (u16, u16)) -> Startup {
    Startup {
        now: now(),
        local: Some(Tz::Europe__Paris),
        size,
        ..Startup::default()
    }
}

const SCHEDULES: [&str; 5] = [
    "0 9 * * 4",
    "*/15 * * * *",
    "30 2 * * *",
    "0 0 1 * *",
    "5 4 * * sun",
];
const ZONES: [&str; 4] = ["UTC", "America/New_York", "Europe/London", "Asia/Tokyo"];

fn many_tasks(n: usize) -> Vec<Task> {
    (0..n)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "id": format!("task_{i:05}"),
                "title": format!("Scheduled report number {i} for the artist team"),
                "prompt": "Summarise the week's fan activity and send it to the team.",
                "schedule": SCHEDULES[i % SCHEDULES.len()],
                "timezone": ZONES[i % ZONES.len()],
                "enabled": i % 7 != 0,
                "account_id": "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a",
                "artist_account_id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                "recent_runs": [{"id": format!("run_{i}"), "status": if i % 3 == 0 { "FAILED" } else { "COMPLETED" },
                                 "createdAt": "2026-11-29T09:00:00.000Z", "durationMs": 1500, "costInCents": 1.2}]
            }))
            .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

fn loaded(n: usize, size: (u16, u16)) -> App {
    let (mut app, effects) = App::new(startup(size));
    let request = effects
        .iter()
        .find_map(|e| match e {
            Effect::Server(ServerCall::LoadTasks { request, .. }) => Some(*request),
            _ => None,
        })
        .unwrap_or_default();
    app.update(Action::TasksLoaded {
        request,
        result: Ok(many_tasks(n)
            .into_iter()
            .map(Task::listed)
            .collect::<Vec<_>>()
            .into()),
    });
    app
}

fn draw_tasks_screen(c: &mut Criterion) {
    let mut app = loaded(10_000, (200, 60));
    // Select a task in the middle so the list is scrolled.
    for _ in 0..5_000 {
        app.update(Action::Key(KeyEvent::new(
            KeyCode::Down,
            KeyModifiers::NONE,
        )));
    }
    let theme = Theme::builtin("dark", ColorMode::TrueColor);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|e| panic!("{e}"));
    c.bench_function("tui/draw_tasks_10000_at_200x60", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| {
                    black_box(views::draw(frame, black_box(&app), &theme));
                })
                .map(|_| ())
                .unwrap_or_else(|e| panic!("{e}"));
        })
    });
}

fn schedule_keystroke(c: &mut Criterion) {
    let (mut app, _) = App::new(startup((100, 30)));
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('n'),
        KeyModifiers::NONE,
    )));
    app.update(Action::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    app.update(Action::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    for ch in "0 9 * * ".chars() {
        app.update(Action::Key(KeyEvent::new(
            KeyCode::Char(ch),
            KeyModifiers::NONE,
        )));
    }
    let four = Action::Key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE));
    c.bench_function("tui/schedule_keystroke_to_preview", |b| {
        b.iter_batched(
            || app.clone(),
            |mut app| {
                let effects = app.update(four.clone());
                black_box((app.form().map(|f| f.preview.is_valid()), effects))
            },
            BatchSize::SmallInput,
        )
    });
}

/// The plan gate's cadence walk (400 days, at most 50 fires), run on every Schedule keystroke:
/// a weekly schedule walks all 400 days, a minutely one stops at its 50th fire, a leap-day one
/// finds a single fire.
fn min_cadence(c: &mut Criterion) {
    for (name, cron) in [
        ("weekly", "0 9 * * 1"),
        ("every_5_minutes", "*/5 * * * *"),
        ("leap_day", "0 0 29 2 *"),
    ] {
        c.bench_function(&format!("plans/min_cadence_{name}"), |b| {
            b.iter(|| {
                black_box(recoup_tasks::model::plans::min_cadence_minutes(black_box(
                    cron,
                )))
            })
        });
    }
}

/// 10,000 tasks as operators set them: daily and weekly at scattered times, hourly at
/// scattered minutes, every 15 minutes, weekdays, business hours; in six zones; one in ten
/// disabled.
fn agenda_tasks(n: usize) -> Vec<Task> {
    const AGENDA_ZONES: [&str; 6] = [
        "UTC",
        "America/New_York",
        "Europe/London",
        "Europe/Berlin",
        "Asia/Tokyo",
        "America/Los_Angeles",
    ];
    (0..n)
        .map(|i| {
            let (minute, hour, day) = ((i * 7) % 60, (i * 5) % 24, i % 7);
            let schedule = match i % 20 {
                0..=6 => format!("{minute} {hour} * * *"),
                7..=9 => format!("{minute} {hour} * * {day}"),
                10..=13 => format!("{minute} * * * *"),
                14 => "*/15 * * * *".to_string(),
                15 => format!("{}/15 * * * *", i % 15),
                16 | 17 => format!("{} 9 * * 1-5", (i % 4) * 15),
                _ => "0 9-17 * * 1-5".to_string(),
            };
            serde_json::from_value(serde_json::json!({
                "id": format!("task_{i:05}"),
                "title": format!("Scheduled report number {i} for the artist team"),
                "prompt": "Summarise the week's fan activity and send it to the team.",
                "schedule": schedule,
                "timezone": AGENDA_ZONES[i % AGENDA_ZONES.len()],
                "enabled": i % 10 != 9,
                "trigger_schedule_id": format!("sched_{i}"),
                "account_id": "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a",
                "artist_account_id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                "artist_name": if i % 3 == 0 { serde_json::Value::Null } else { serde_json::json!("Nova") },
            }))
            .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

/// `3` on the Tasks screen with 10,000 tasks loaded: the agenda built up to what its first frame
/// shows (the first page of fires, their collisions and DST marks, the week's chart). Also: the
/// same in March (clock changes in the window: the chart follows the engine around them), `w`
/// to 30 days, and the first frame drawn.
fn open_agenda(c: &mut Criterion) {
    let size = (120, 40);
    for (name, at, keys) in [
        ("agenda/open_10k_tasks", "2026-11-29T10:00:00Z", "3"),
        (
            "agenda/open_10k_tasks_dst_week",
            "2027-03-10T10:00:00Z",
            "3",
        ),
        (
            "agenda/open_10k_tasks_30_days",
            "2026-11-29T10:00:00Z",
            "3w",
        ),
        // `G`: the list taken to its end, which stops at `MAX_FIRES` (100,000).
        (
            "agenda/bottom_10k_tasks_30_days",
            "2026-11-29T10:00:00Z",
            "3wG",
        ),
    ] {
        let mut start = startup(size);
        start.now = DateTime::parse_from_rfc3339(at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|e| panic!("{e}"));
        let (mut app, effects) = App::new(start);
        let request = effects
            .iter()
            .find_map(|e| match e {
                Effect::Server(ServerCall::LoadTasks { request, .. }) => Some(*request),
                _ => None,
            })
            .unwrap_or_default();
        app.update(Action::TasksLoaded {
            request,
            result: Ok(agenda_tasks(10_000)
                .into_iter()
                .map(Task::listed)
                .collect::<Vec<_>>()
                .into()),
        });
        let keys: Vec<Action> = keys
            .chars()
            .map(|c| Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
            .collect();
        c.bench_function(name, |b| {
            b.iter_batched(
                || app.clone(),
                |mut app| {
                    for key in &keys {
                        black_box(app.update(key.clone()));
                    }
                    app
                },
                BatchSize::LargeInput,
            )
        });
    }
    let mut app = loaded_agenda_app(size);
    let theme = Theme::builtin("dark", ColorMode::TrueColor);
    let mut terminal =
        Terminal::new(TestBackend::new(size.0, size.1)).unwrap_or_else(|e| panic!("{e}"));
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('3'),
        KeyModifiers::NONE,
    )));
    c.bench_function("agenda/draw_10k_tasks_at_120x40", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| {
                    black_box(views::draw(frame, black_box(&app), &theme));
                })
                .map(|_| ())
                .unwrap_or_else(|e| panic!("{e}"));
        })
    });
}

fn loaded_agenda_app(size: (u16, u16)) -> App {
    let (mut app, effects) = App::new(startup(size));
    let request = effects
        .iter()
        .find_map(|e| match e {
            Effect::Server(ServerCall::LoadTasks { request, .. }) => Some(*request),
            _ => None,
        })
        .unwrap_or_default();
    app.update(Action::TasksLoaded {
        request,
        result: Ok(agenda_tasks(10_000)
            .into_iter()
            .map(Task::listed)
            .collect::<Vec<_>>()
            .into()),
    });
    app
}

/// A `GET /api/tasks` body of `n` tasks carrying 5 recent runs each, as the local server writes
/// it (the runs as `benches/tui_live.rs::seed_runs` stores them): about 3.6 KB a task. With
/// `changed`, that task's newest run is new (the list after one more run).
fn list_body(n: usize, changed: Option<usize>) -> Vec<u8> {
    let run = |i: usize, k: usize| {
        let id = format!("run_{i:012}{k:013}");
        let status = if (i + k).is_multiple_of(7) {
            "FAILED"
        } else {
            "COMPLETED"
        };
        let at = format!("2026-11-{:02}T09:00:00.000Z", 28 - k.min(27));
        serde_json::json!({
            "id": id, "status": status, "taskIdentifier": "customer-prompt-task",
            "isQueued": false, "isExecuting": false, "isWaiting": false,
            "isCompleted": true, "isSuccess": status == "COMPLETED",
            "isFailed": status == "FAILED", "isCancelled": false, "isTest": false,
            "createdAt": at, "updatedAt": at, "startedAt": at, "finishedAt": at,
            "tags": ["account:9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a"],
            "costInCents": 1.25, "baseCostInCents": 0, "durationMs": 59000, "depth": 0,
            "env": {"id": "env_local", "name": "local"},
            "attempts": [{"number": 1, "status": status, "startedAt": at, "finishedAt": at}],
        })
    };
    let tasks: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let first = if changed == Some(i) { 100 } else { 0 };
            let runs: Vec<serde_json::Value> = (0..5).map(|k| run(i + first * 1000, k)).collect();
            serde_json::json!({
                "id": format!("7d3c9a1e-0000-4000-8000-{i:012}"),
                "title": format!("Scheduled report number {i} for the artist team"),
                "prompt": "Summarise the week's fan activity and send it to the team.",
                "schedule": SCHEDULES[i % SCHEDULES.len()],
                "account_id": "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a",
                "artist_account_id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                "enabled": i % 7 != 0,
                "trigger_schedule_id": format!("sched_{i:06}"),
                "model": "gpt-4o",
                "created_at": "2026-11-01T08:00:00.000Z",
                "updated_at": "2026-11-01T08:00:00.000Z",
                "recent_runs": runs,
                "upcoming": ["2026-11-30T09:00:00.000Z", "2026-12-01T09:00:00.000Z",
                             "2026-12-02T09:00:00.000Z", "2026-12-03T09:00:00.000Z",
                             "2026-12-04T09:00:00.000Z"],
                "timezone": ZONES[i % ZONES.len()],
                "artist_name": "Nova",
                "owner_email": "ops@label.example",
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({"status": "success", "tasks": tasks}))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The `LoadTasks` among `effects`: its request id and what it knows.
fn load_request_of(effects: &[Effect]) -> (RequestId, KnownTasks) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Server(ServerCall::LoadTasks { request, known }) => {
                Some((*request, known.clone()))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no LoadTasks in the effects"))
}

/// An auto-refresh of 10,000 tasks with 5 runs each (a 36 MB body, with no ETag: the hosted
/// API's case): the body decoded as the client does, with what the app knows of its last list,
/// then the reply taken by the app. One task got a new run, or nothing changed.
fn refresh_tasks(c: &mut Criterion) {
    let first = list_body(10_000, None);
    let changed = list_body(10_000, Some(5_000));
    let (mut app, effects) = App::new(startup((200, 60)));
    let (request, known) = load_request_of(&effects);
    app.update(Action::TasksLoaded {
        request,
        result: Ok(decode(&first, &known)),
    });
    let mut group = c.benchmark_group("tasks");
    group.sample_size(10);
    for (name, body) in [
        ("refresh_10k_tasks_5_runs_one_changed", &changed),
        ("refresh_10k_tasks_5_runs_unchanged", &first),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let mut app = app.clone();
                    let effects = app.update(Action::Key(KeyEvent::new(
                        KeyCode::Char('r'),
                        KeyModifiers::NONE,
                    )));
                    (app, load_request_of(&effects))
                },
                |(mut app, (request, known))| {
                    let reply = decode(body, &known);
                    black_box(app.update(Action::TasksLoaded {
                        request,
                        result: Ok(reply),
                    }));
                    app
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// A list body decoded as the client decodes it, reusing `known`'s tasks.
fn decode(body: &[u8], known: &KnownTasks) -> TaskListReply {
    let decoded =
        decode_listed(&mut &body[..], &known.by_fingerprint).unwrap_or_else(|e| panic!("{e}"));
    TaskListReply::Listed {
        tasks: decoded.tasks,
        etag: None,
    }
}

criterion_group!(
    benches,
    draw_tasks_screen,
    schedule_keystroke,
    min_cadence,
    open_agenda,
    refresh_tasks
);
criterion_main!(benches);
