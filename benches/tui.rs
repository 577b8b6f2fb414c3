//! TUI costs: drawing the Tasks screen with 10,000 tasks at 200×60, and one keystroke in the
//! schedule field up to an updated preview.

use std::hint::black_box;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use recoup_tasks::model::Task;
use recoup_tasks::tui::app::{App, Startup};
use recoup_tasks::tui::theme::{ColorMode, Theme};
use recoup_tasks::tui::{Action, Effect, ServerCall, views};

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
            Effect::Server(ServerCall::LoadTasks { request }) => Some(*request),
            _ => None,
        })
        .unwrap_or_default();
    app.update(Action::TasksLoaded {
        request,
        result: Ok(many_tasks(n).into_iter().map(Task::listed).collect()),
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

criterion_group!(benches, draw_tasks_screen, schedule_keystroke, min_cadence);
criterion_main!(benches);
