//! Fixtures for the TUI tests: a fixed clock and zone, tasks and runs as the server sends them,
//! key helpers, and a plain-text render of a frame.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use recoup_tasks::client::{ClientError, TaskListReply};
use recoup_tasks::model::{ListedTask, Run, Task};
use recoup_tasks::tui::app::{App, Startup};
use recoup_tasks::tui::state::Backend;
use recoup_tasks::tui::theme::Theme;
use recoup_tasks::tui::{Action, Effect, RequestId, ServerCall, views};
use unicode_width::UnicodeWidthStr;

pub const ARTIST: &str = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

pub fn startup(size: (u16, u16)) -> Startup {
    Startup {
        backend: Backend {
            name: "local".into(),
            profile: None,
            account: Some("dev@recoup.local".into()),
        },
        now: now(),
        local: Some(Tz::Europe__Paris),
        recent_ids: vec!["0f8fad5b-d9cb-469f-a165-70867728950e".into()],
        size,
        debug_panic: false,
        warnings: Vec::new(),
        draft: None,
        previous_draft: None,
        plan: None,
        profiles: Vec::new(),
    }
}

pub fn new_app() -> (App, Vec<Effect>) {
    App::new(startup((80, 24)))
}

/// A task as the API returns it: an enabled task has a Trigger.dev schedule id unless the
/// fixture says otherwise (an orphan row).
pub fn task(mut json: serde_json::Value) -> Task {
    let enabled = json.get("enabled").and_then(serde_json::Value::as_bool) != Some(false);
    if let Some(fields) = json.as_object_mut().filter(|_| enabled) {
        fields
            .entry("trigger_schedule_id")
            .or_insert_with(|| serde_json::json!("sched_fixture"));
    }
    serde_json::from_value(json).unwrap_or_else(|e| panic!("fixture task: {e}"))
}

pub fn run(json: serde_json::Value) -> Run {
    serde_json::from_value(json).unwrap_or_else(|e| panic!("fixture run: {e}"))
}

pub fn runs() -> Vec<Run> {
    vec![
        run(serde_json::json!({
            "id": "run_older", "status": "FAILED", "taskIdentifier": "customer-prompt-task",
            "createdAt": "2026-11-28T09:00:00.000Z", "updatedAt": "2026-11-28T09:00:05.000Z",
            "startedAt": "2026-11-28T09:00:01.000Z", "finishedAt": "2026-11-28T09:00:05.000Z",
            "durationMs": 4000, "costInCents": 0.5, "attemptCount": 3
        })),
        run(serde_json::json!({
            "id": "run_newest", "status": "COMPLETED", "taskIdentifier": "customer-prompt-task",
            "createdAt": "2026-11-29T09:00:00.000Z", "updatedAt": "2026-11-29T09:00:02.000Z",
            "startedAt": "2026-11-29T09:00:00.500Z", "finishedAt": "2026-11-29T09:00:02.000Z",
            "durationMs": 1500, "costInCents": 1.25,
            "attempts": [{"id": "att_1", "status": "COMPLETED", "createdAt": "2026-11-29T09:00:00.000Z",
                          "updatedAt": "2026-11-29T09:00:02.000Z", "startedAt": "2026-11-29T09:00:00.500Z",
                          "completedAt": "2026-11-29T09:00:02.000Z"}],
            "payload": {"type": "DECLARATIVE", "timestamp": "2026-11-29T09:00:00.000Z", "timezone": "UTC", "externalId": "task_weekly"},
            "output": {"text": "Report sent"}
        })),
        run(serde_json::json!({
            "id": "run_middle", "status": "REATTEMPTING", "taskIdentifier": "customer-prompt-task",
            "createdAt": "2026-11-28T21:00:00.000Z", "updatedAt": "2026-11-28T21:00:00.000Z",
            "error": {"message": "model timed out", "name": "TimeoutError", "stackTrace": "at call (executor.rs:10)\nat run (executor.rs:20)"}
        })),
    ]
}

/// Tasks as the list holds them (their runs as summaries), as a list reply brings them.
pub fn listed(tasks: Vec<Task>) -> TaskListReply {
    tasks
        .into_iter()
        .map(Task::listed)
        .collect::<Vec<ListedTask>>()
        .into()
}

pub fn tasks() -> Vec<Task> {
    let r = runs();
    vec![
        task(serde_json::json!({
            "id": "task_weekly", "title": "Weekly fan report", "prompt": "Summarise the week's fan activity.\nSend it to the team.",
            "schedule": "0 9 * * 4", "timezone": "America/New_York", "enabled": true,
            "account_id": "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a", "artist_account_id": ARTIST,
            "model": "gpt-4o", "owner_email": "ops@label.example",
            "recent_runs": [r[1], r[0]]
        })),
        task(serde_json::json!({
            "id": "task_daily", "title": "Daily socials digest", "prompt": "Collect today's posts.",
            "schedule": "30 10 * * *", "timezone": "UTC", "enabled": true,
            "account_id": "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a", "artist_account_id": "2c1f0a9e-3b4d-4e5f-8a7b-6c5d4e3f2a1b",
            "recent_runs": [r[2]]
        })),
        task(serde_json::json!({
            "id": "task_off", "title": "Archive sweep", "prompt": "Sweep old drafts.",
            "schedule": "*/15 * * * *", "enabled": false,
            "account_id": "9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a", "artist_account_id": ARTIST
        })),
    ]
}

/// A failed server call whose message (its `Display`) is `message`.
pub fn failure(message: &str) -> ClientError {
    ClientError::Api {
        status: 500,
        message: message.into(),
        missing_fields: Vec::new(),
    }
}

pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Action {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Type each character of `text`.
pub fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    let mut last = Vec::new();
    for c in text.chars() {
        last = app.update(ch(c));
    }
    last
}

/// Open the new-task form with `n` and type a title, a one-line prompt and a schedule, leaving
/// the artist field focused (past the timezone).
pub fn fill_new_task(app: &mut App, title: &str, prompt: &str, schedule: &str) {
    app.update(ch('n'));
    type_text(app, title);
    app.update(key(KeyCode::Tab));
    type_text(app, prompt);
    app.update(key(KeyCode::Tab));
    type_text(app, schedule);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
}

/// An app with the fixture tasks loaded (and the load's effects consumed).
pub fn loaded_app() -> App {
    let (mut app, effects) = new_app();
    let request = load_request(&effects);
    app.update(Action::TasksLoaded {
        request,
        result: Ok(listed(tasks())),
    });
    app
}

/// The request id of the first `LoadTasks` effect.
pub fn load_request(effects: &[Effect]) -> RequestId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Server(ServerCall::LoadTasks { request, .. }) => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no LoadTasks in {effects:?}"))
}

/// The request id of the first `LoadRuns` effect.
pub fn runs_request(effects: &[Effect]) -> RequestId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Server(ServerCall::LoadRuns { request, .. }) => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no LoadRuns in {effects:?}"))
}

/// Draw a frame at the app's size and let the app remember what it showed (page lengths, click
/// areas), as the event loop does after each frame.
pub fn show(app: &mut App) {
    let (width, height) = app.size();
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).unwrap_or_else(|e| panic!("{e}"));
    let theme = Theme::plain();
    let mut drawn = None;
    terminal
        .draw(|frame| drawn = Some(views::draw(frame, app, &theme)))
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(drawn) = drawn {
        app.remember(drawn);
    }
}

/// The frame as text, one line per row, trailing spaces removed.
pub fn render(app: &App, width: u16, height: u16) -> String {
    render_with(app, width, height, &Theme::plain())
}

/// [`render`] with `theme`.
pub fn render_with(app: &App, width: u16, height: u16, theme: &Theme) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).unwrap_or_else(|e| panic!("{e}"));
    terminal
        .draw(|frame| {
            views::draw(frame, app, theme);
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        // A wide character (CJK, emoji) covers the next cell too: that cell is not printed, so
        // the text reads as a terminal shows it.
        let mut covered = 0;
        for x in 0..buffer.area.width {
            if covered > 0 {
                covered -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            covered = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
