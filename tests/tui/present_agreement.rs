//! The two faces agree: one run, its task and their instants, fired by a real local server,
//! read the same in `recoup-tasks tasks runs|status|list` (the real binary) and in the TUI's
//! Runs screen, run view and task list (drawn on a test backend) — duration, cost, status,
//! instants in the viewer's zone and the task's name, string for string.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::server_support::{self, TestServer};
use crate::tui_support::{ch, key, listed, load_request, render, runs_request, startup};
use chrono::Utc;
use chrono_tz::Tz;
use ratatui::crossterm::event::KeyCode;
use recoup_tasks::model::{Run, Task};
use recoup_tasks::tui::{Action, App};
use serde_json::{Value, json};

/// The viewer's zone in both faces: far from UTC, so a time left in UTC would show.
const ZONE: &str = "Asia/Tokyo";
const TITLE: &str = "Weekly fan report";
const ARTIST_NAME: &str = "Del Water Gap";

/// `recoup-tasks ARGS` against `server` in `ZONE`; its stdout (it must succeed quietly).
fn cli(server: &TestServer, home: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
        .args(args)
        .env_remove("XDG_STATE_HOME")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TZ", ZONE)
        .env("RECOUP_API_URL", &server.server.url)
        .env("RECOUP_API_KEY", &server.key)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("the binary runs: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "{args:?}: {stderr}"
    );
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("stdout is UTF-8: {e}"))
}

/// A table's cells: columns are two or more spaces apart.
fn cells(line: &str) -> Vec<String> {
    line.split("  ")
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .map(str::to_string)
        .collect()
}

/// The value of `Name: value` on the sheet.
fn sheet_field<'a>(sheet: &'a str, name: &str) -> &'a str {
    sheet
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in\n{sheet}"))
}

/// The line of `frame` holding `text`.
fn line_with<'a>(frame: &'a str, text: &str) -> &'a str {
    frame
        .lines()
        .find(|line| line.contains(text))
        .unwrap_or_else(|| panic!("no `{text}` in\n{frame}"))
}

/// The value of a run-view field (`name` padded to 18 columns, inside the pane's border).
fn view_field(frame: &str, name: &str) -> String {
    let prefix = format!("│{name:<18}");
    let line = frame
        .lines()
        .find(|line| line.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {name} in\n{frame}"));
    line[prefix.len()..]
        .trim_end_matches('│')
        .trim()
        .to_string()
}

/// Registers an artist called `name` as the server's account's; returns its id.
async fn artist(server: &TestServer, name: &str) -> String {
    use recoup_tasks::server::store::Store;
    let (name, account) = (name.to_string(), server.account.clone());
    let now = recoup_tasks::server::clock::db_timestamp(server.clock().now());
    server
        .server
        .store
        .write(move |tx, _| {
            let id = Store::add_artist(tx, &name, &now)?;
            Store::link_artist(tx, &account, &id, false)?;
            Ok(id)
        })
        .await
        .unwrap_or_else(|err| panic!("artist added: {err}"))
}

async fn body(server: &TestServer, path: &str) -> Value {
    server.get(path).await.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_its_task_and_their_times_read_the_same_in_the_cli_and_the_tui() {
    let clock = server_support::manual_clock("2026-03-02T08:59:00Z");
    let server = TestServer::start_with(|config| {
        config.clock = clock.clone();
        config.runs.backoff = Duration::from_millis(10);
    })
    .await;
    let artist = artist(&server, ARTIST_NAME).await;
    let task = server
        .create_task(json!({"title": TITLE, "schedule": "0 9 * * *", "artist_account_id": artist}))
        .await;
    let task_id = task["id"].as_str().unwrap_or_default().to_string();
    clock.set(server_support::instant("2026-03-02T09:00:00Z"));
    let mut run_id = String::new();
    for _ in 0..500 {
        let runs = body(&server, "/api/tasks/runs").await;
        if runs["runs"][0]["isCompleted"] == true {
            run_id = runs["runs"][0]["id"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!run_id.is_empty(), "the task fired and its run finished");

    // What the TUI is given: the same replies the CLI reads.
    let decode = |value: &Value| -> Vec<Run> {
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("runs: {e}"))
    };
    let tasks: Vec<Task> =
        serde_json::from_value(body(&server, "/api/tasks").await["tasks"].clone())
            .unwrap_or_else(|e| panic!("tasks: {e}"));
    let runs = decode(&body(&server, "/api/tasks/runs").await["runs"]);
    let full = decode(&body(&server, &format!("/api/tasks/runs?runId={run_id}")).await["runs"]);

    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let (runs_table, sheet, tasks_table) = {
        let (server, home, run_id) = (&server, home.path(), run_id.as_str());
        (
            cli(server, home, &["tasks", "runs"]),
            cli(server, home, &["tasks", "status", "--run", run_id]),
            cli(server, home, &["tasks", "list"]),
        )
    };

    let zone: Tz = ZONE.parse().unwrap_or_else(|e| panic!("{e}"));
    let mut start = startup((120, 40));
    start.local = Some(zone);
    start.now = Utc::now();
    let (mut app, effects) = App::new(start);
    app.update(Action::TasksLoaded {
        request: load_request(&effects),
        result: Ok(listed(tasks)),
    });
    let tasks_frame = render(&app, 120, 40);
    let effects = app.update(ch('2'));
    app.update(Action::RunsLoaded {
        request: runs_request(&effects),
        result: Ok(runs),
    });
    let runs_frame = render(&app, 120, 40);
    app.update(key(KeyCode::Enter));
    let request = app
        .run_view()
        .and_then(|view| view.request)
        .unwrap_or_else(|| panic!("the run is read"));
    let full = full
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("the run is found"));
    app.update(Action::RunLoaded {
        request,
        result: Ok(Box::new(full)),
    });
    let run_frame = render(&app, 120, 40);

    // The runs list: RUN ID, STATUS, CREATED, DURATION, COST in the CLI.
    let row = runs_table
        .lines()
        .find(|line| line.starts_with(&run_id))
        .unwrap_or_else(|| panic!("no run in\n{runs_table}"));
    let [_, status, created, duration, cost] =
        <[String; 5]>::try_from(cells(row)).unwrap_or_else(|row| panic!("five cells: {row:?}"));
    assert_eq!(status, "✓ COMPLETED");
    assert_eq!(
        created, "Mon 03-02 18:00",
        "09:00 UTC in Tokyo, in the table form"
    );
    // Inside the pane's border; the Started column is exactly as wide as its text.
    let tui_row = cells(line_with(&runs_frame, &run_id).trim_matches('│'));
    let wanted = [
        format!("› {status}"),
        format!("{created} {duration}"),
        cost.clone(),
        TITLE.to_string(),
        run_id.clone(),
    ];
    assert_eq!(tui_row, wanted, "the Runs screen's row\n{runs_frame}");

    // One run: the CLI's sheet and the TUI's run view.
    let task_name = format!("“{TITLE}”  {task_id}");
    assert_eq!(sheet_field(&sheet, "Task"), task_name);
    assert_eq!(view_field(&run_frame, "task"), task_name);
    assert_eq!(sheet_field(&sheet, "Status"), "✓ COMPLETED");
    assert_eq!(view_field(&run_frame, "status"), "✓ COMPLETED");
    assert_eq!(sheet_field(&sheet, "Created"), "2026-03-02 18:00:00 JST");
    for (cli_name, tui_name) in [
        ("Created", "createdAt"),
        ("Started", "startedAt"),
        ("Finished", "finishedAt"),
        ("Duration", "duration"),
        ("Cost", "cost"),
    ] {
        assert_eq!(
            sheet_field(&sheet, cli_name),
            view_field(&run_frame, tui_name),
            "{cli_name} in\n{sheet}\nand {tui_name} in\n{run_frame}"
        );
    }
    assert_eq!(sheet_field(&sheet, "Duration"), duration);
    assert!(sheet_field(&sheet, "Cost").starts_with(&format!("{cost} (base $")));

    // The task list: its title, artist and next fire.
    let listed = tasks_table
        .lines()
        .find(|line| line.starts_with(&task_id))
        .unwrap_or_else(|| panic!("no task in\n{tasks_table}"));
    let [_, title, artist_cell, _, _, next_fire] =
        <[String; 6]>::try_from(cells(listed)).unwrap_or_else(|row| panic!("six cells: {row:?}"));
    assert_eq!(title, TITLE);
    assert_eq!(artist_cell, ARTIST_NAME);
    // The detail names it (above its id at this width).
    let tui_artist = line_with(&tasks_frame, "Artist    ");
    assert!(
        tui_artist.contains(&format!("│Artist    {artist_cell}   ")),
        "`{artist_cell}` in\n{tasks_frame}"
    );
    let wide_frame = {
        app.update(Action::Resize(96, 30));
        app.update(key(KeyCode::Esc));
        app.update(ch('1'));
        render(&app, 96, 30)
    };
    let wide_row = cells(line_with(&wide_frame, &format!("›● {TITLE}")).trim_matches('│'));
    assert_eq!(
        wide_row.get(1),
        Some(&artist_cell),
        "the list's Artist column\n{wide_frame}"
    );
    assert!(
        next_fire.ends_with(" 18:00"),
        "09:00 UTC in Tokyo: {next_fire}"
    );
    let tui_listed = line_with(&tasks_frame, &format!("›● {TITLE}"));
    assert!(
        tui_listed.contains(&format!(" {next_fire} ")),
        "`{next_fire}` in\n{tasks_frame}"
    );
    server.stop().await;
}
