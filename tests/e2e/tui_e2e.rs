//! The real binary in a pseudo-terminal, driven as a new user would: what the screen shows after
//! each step, read through a terminal emulator. Local mode runs the embedded server on the
//! test's own data dir; hosted mode points at a port with nothing behind it or at a small server
//! that answers with faults.

use crate::client_support;
use crate::pty_support;

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc, Weekday};
use client_support::{Action, FaultServer, Request, json, response};
use pty_support::*;

/// Long enough for a loaded 2-core machine; every wait returns as soon as its condition holds.
pub(crate) const WAIT: Duration = Duration::from_secs(20);

pub(crate) const ARTIST: &str = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

/// A row of a boxed pane as its text between the borders: `│ Title  x   │` → ` Title  x`.
fn inner(line: &str) -> &str {
    let line = line.strip_prefix('│').unwrap_or(line);
    let line = line.trim_end();
    line.strip_suffix('│').unwrap_or(line).trim_end()
}

/// A form field's row as drawn: the focus mark, the label in its 23 columns, then the value.
fn field_row(label: &str, value: &str, focused: bool) -> String {
    let mark = if focused { "›" } else { " " };
    format!("{:<25}{value}", format!("{mark}{label}"))
        .trim_end()
        .to_string()
}

/// The row of the form showing the field `label`, between the left border and the next box
/// edge (the form's right border, or a toast's left one).
fn form_field(screen: &str, label: &str) -> Option<String> {
    screen
        .lines()
        .map(|line| {
            let row = line.strip_prefix('│').unwrap_or(line);
            row.split('│').next().unwrap_or_default().trim_end()
        })
        .find(|row| {
            ["›", " "].iter().any(|mark| {
                let padded = format!("{:<25}", format!("{mark}{label}"));
                row.starts_with(&padded) || *row == padded.trim_end()
            })
        })
        .map(str::to_string)
}

/// The lines of the form's prompt editor, each up to the next box edge.
fn prompt_lines(screen: &str) -> Vec<String> {
    let edges = ['│', '┌', '└'];
    let rows: Vec<&str> = screen.lines().collect();
    let Some(label) = rows.iter().position(|line| {
        line.strip_prefix('│')
            .and_then(|row| row.split(edges).next())
            .is_some_and(|row| [" Prompt", "›Prompt"].contains(&row.trim_end()))
    }) else {
        return Vec::new();
    };
    rows[label + 1..]
        .iter()
        .map_while(|line| line.strip_prefix("│  │"))
        .map(|row| {
            row.split(edges)
                .next()
                .unwrap_or_default()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The cells of a table row: the text between runs of two or more spaces.
fn cells(row: &str) -> Vec<&str> {
    row.split("  ")
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .collect()
}

/// Text wrapped over the rows of a pane, put back on one line.
fn unwrapped(rows: &[String]) -> String {
    rows.iter()
        .map(|row| row.trim())
        .filter(|row| !row.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The five fire times of `0 9 * * 4` in UTC after `after`, as the preview writes them.
fn thursdays_at_nine(after: DateTime<Utc>) -> Vec<String> {
    let mut day = after.date_naive();
    let mut fires = Vec::new();
    while fires.len() < 5 {
        let fire = day.and_hms_opt(9, 0, 0).expect("09:00 exists").and_utc();
        if day.weekday() == Weekday::Thu && fire > after {
            fires.push(fire.format("%a %Y-%m-%d %H:%M UTC").to_string());
        }
        day = day.succ_opt().expect("a next day");
    }
    fires
}

/// The lines of the form's preview below its `✓ valid` line.
fn preview_fires(screen: &str, description: &str) -> Option<Vec<String>> {
    let rows: Vec<&str> = screen.lines().map(inner).collect();
    let at = rows
        .iter()
        .position(|row| *row == format!("✓ valid  {description}"))?;
    Some(
        rows[at + 1..]
            .iter()
            .take(5)
            .map(|row| row.to_string())
            .collect(),
    )
}

/// The app in local mode for a new user, once it has drawn.
pub(crate) fn start_local(home: &Home, cols: u16, rows: u16) -> PtyApp {
    let app = PtyApp::spawn(&[], &home.env(), cols, rows);
    app.wait_first_frame(WAIT);
    app
}

/// The environment of a user of a hosted API at `url`.
fn hosted_env(home: &Home, url: &str) -> HashMap<String, String> {
    let mut env = home.env();
    env.insert("RECOUP_API_KEY".into(), "test-key".into());
    env.insert("RECOUP_API_URL".into(), url.into());
    env
}

/// A loopback URL where nothing listens: a port the system just handed out, then freed.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// Open the form with `n` and type a task as a person would, checking each field as it fills.
pub(crate) fn type_new_task(app: &mut PtyApp, title: &str, prompt: [&str; 2], schedule: &str) {
    app.send("n");
    app.wait_until("the new-task form", WAIT, |s| {
        // Empty and focused, the field shows the cursor and what it wants.
        form_field(s, "Title").as_deref()
            == Some(&field_row(
                "Title",
                " e.g. Weekly digest; newlines and control chars dropped",
                true,
            ))
    });
    app.send(title);
    app.wait_until("the title typed", WAIT, |s| {
        form_field(s, "Title").as_deref() == Some(&field_row("Title", title, true))
    });
    app.send(TAB);
    // Enter in the prompt is a new line, not a submit.
    app.send(prompt[0]);
    app.send(ENTER);
    app.send(prompt[1]);
    app.wait_until("the two prompt lines", WAIT, |s| {
        prompt_lines(s).starts_with(&[prompt[0].to_string(), prompt[1].to_string()])
    });
    app.send(TAB);
    app.send(schedule);
    app.wait_until("the schedule typed", WAIT, |s| {
        form_field(s, "Schedule").as_deref() == Some(&field_row("Schedule", schedule, true))
    });
}

/// From the schedule field: two Tabs to the artist field (past the timezone) and paste the id.
pub(crate) fn paste_artist(app: &mut PtyApp, artist: &str) {
    app.send(TAB);
    app.send(TAB);
    app.wait_until("the artist field focused", WAIT, |s| {
        form_field(s, "Artist account id").as_deref()
            == Some(&field_row(
                "Artist account id",
                " the artist's account id (a UUID): paste it, or pick one",
                true,
            ))
    });
    app.paste(artist);
    app.wait_until("the artist id pasted", WAIT, |s| {
        form_field(s, "Artist account id").as_deref()
            == Some(&field_row("Artist account id", artist, true))
    });
}

#[test]
fn a_new_user_writes_a_weekly_task_sees_its_fires_and_finds_it_selected() {
    let home = Home::new();
    let before = Utc::now();
    let mut app = start_local(&home, 100, 30);
    app.wait_for("No tasks yet. Press n to create one.", WAIT);

    type_new_task(
        &mut app,
        "Weekly fan report",
        [
            "Summarise this week's fan messages.",
            "Flag anything urgent.",
        ],
        "0 9 * * 4",
    );
    // The preview: the English description, then five Thursdays at 09:00 (the viewer is in UTC,
    // so no local times are added). The app's clock is between `before` and now.
    app.wait_until("the Thursday preview", WAIT, |s| {
        let shown = preview_fires(s, "At 09:00 AM, only on Thursday");
        [before, Utc::now()].into_iter().any(|t| {
            let expected: Vec<String> = thursdays_at_nine(t)
                .iter()
                .map(|fire| format!("  {fire}"))
                .collect();
            shown.as_ref() == Some(&expected)
        })
    });
    paste_artist(&mut app, ARTIST);

    app.send(CTRL_S);
    // 100 columns: the list is columns 0..55, the detail 55..100, a toast 50 wide at the right.
    app.wait_until("the form closed and the toast", WAIT, |s| {
        !s.contains("New task") && s.contains("✓ Created “Weekly fan report”")
    });
    // The toast sits at the bottom right, above the pane's border, for 3 s.
    app.wait_until("the toast gone", WAIT, |s| !s.contains("Created"));
    let detail = app.region(2, 56, 26, 43);
    let from = |label: &str| {
        detail
            .iter()
            .position(|row| row == label || row.starts_with(&format!("{label:<10}")))
            .unwrap_or_else(|| panic!("no {label} in the detail:\n{}", detail.join("\n")))
    };
    let next = from("Next");
    // As of the app's clock: its start, or a later whole minute.
    let fires = [before, Utc::now()]
        .map(thursdays_at_nine)
        .into_iter()
        .find(|fires| detail[next] == format!("Next      {}", fires[0]))
        .unwrap_or_else(|| panic!("the next fire:\n{}", detail.join("\n")));

    let list = app.region(2, 1, 26, 53);
    // The health column outlasts the last run's: a silent task must be seen at any width.
    assert_eq!(
        cells(&list[0]),
        ["Title", "Schedule", "Next fire", "Health"]
    );
    // `Thu 2026-12-03 09:00 UTC` → `12-03 09:00`: at 100 columns the list gives the title
    // room before the weekday.
    let first_fire = &fires[0];
    let short = first_fire[9..20].to_string();
    assert_eq!(
        cells(&list[1]),
        ["›● Weekly fan report", "0 9 * * 4", short.as_str()],
        "the new task is listed, selected and enabled:\n{}",
        app.screen()
    );
    assert!(list[2..].iter().all(String::is_empty), "one task only");

    assert_eq!(detail[0], "Weekly fan report");
    for (i, fire) in fires.iter().enumerate() {
        let label = if i == 0 { "Next" } else { "" };
        assert_eq!(detail[next + i], format!("{label:<10}{fire}"));
    }
    assert_eq!(detail[from("Recent")], "Recent    no runs yet");
    let artist = from("Artist");
    assert_eq!(detail[artist + 1], format!("  {ARTIST}"));
    let prompt = from("Prompt");
    assert_eq!(
        detail[prompt + 1..prompt + 3],
        [
            "  Summarise this week's fan messages.",
            "  Flag anything urgent."
        ]
    );
}

#[test]
fn an_every_minute_task_runs_within_a_minute_and_its_attempts_open() {
    let home = Home::new();
    let mut app = start_local(&home, 100, 30);
    app.wait_for("No tasks yet. Press n to create one.", WAIT);
    type_new_task(
        &mut app,
        "Minutely ping",
        ["Say hello.", "Then stop."],
        "* * * * *",
    );
    app.wait_for("✓ valid  Every minute", WAIT);
    paste_artist(&mut app, ARTIST);
    app.send(CTRL_S);
    app.wait_for("Created “Minutely ping”", WAIT);

    // The scheduler fires at the next whole minute; the Runs screen refreshes every 5 s.
    app.send("2");
    app.wait_for("Runs (", WAIT);
    let selected = |s: &str| {
        s.lines()
            .map(inner)
            .find(|row| row.starts_with('›'))
            .map(|row| cells(&row['›'.len_utf8()..]).join("|"))
    };
    app.wait_until("a completed run, selected", Duration::from_secs(90), |s| {
        selected(s).is_some_and(|row| row.starts_with("✓ COMPLETED|"))
    });
    // The runs list names no task; the app finds it by reading the tasks again.
    app.wait_until("the run named by its task", WAIT, |s| {
        selected(s).is_some_and(|row| row.ends_with("|$0.0000|Minutely ping"))
    });

    app.send(ENTER);
    app.wait_until("the run view", WAIT, |s| {
        s.lines().any(|line| line.contains("Run run_"))
    });
    let screen = app.screen();
    let title = screen
        .lines()
        .find_map(|line| line.split("Run ").nth(1))
        .expect("the run view's title");
    let run_id = title
        .split_whitespace()
        .next()
        .expect("the run id")
        .to_string();
    app.wait_until("the run's attempts", WAIT, |s| {
        let rows: Vec<&str> = s.lines().map(inner).collect();
        rows.contains(&"status            ✓ COMPLETED")
            && rows.contains(&"Attempts (1)")
            && rows
                .iter()
                .any(|row| row.starts_with("  #1 ✓ COMPLETED  attempt_"))
            && rows
                .iter()
                .any(|row| row.starts_with("task              “Minutely ping”  "))
    });
    let screen = app.screen();
    let rows: Vec<&str> = screen.lines().map(inner).collect();
    assert_eq!(
        rows.iter().find(|row| row.starts_with("id ")).copied(),
        Some(format!("{:<18}{run_id}", "id").as_str())
    );
}

#[test]
fn a_submit_that_cannot_reach_the_server_keeps_every_field_as_typed() {
    let home = Home::new();
    let url = closed_port_url();
    // 140 columns: toasts (50 wide, top right) stay clear of the field values.
    let mut app = PtyApp::spawn(&[], &hosted_env(&home, &url), 140, 30);
    app.wait_first_frame(WAIT);
    let refused = format!("cannot reach {url}: connection refused");

    type_new_task(
        &mut app,
        "Label digest",
        ["Collect the label's news.", "Send a summary."],
        "30 8 * * 1-5",
    );
    app.send(TAB);
    app.wait_until("the timezone field focused", WAIT, |s| {
        form_field(s, "Timezone").as_deref() == Some(&field_row("Timezone", "UTC", true))
    });
    // Reached by Tab, the zone's `UTC` is selected: what is typed replaces it.
    app.send("America/New_York");
    app.wait_until("the zone typed", WAIT, |s| {
        form_field(s, "Timezone").as_deref()
            == Some(&field_row("Timezone", "America/New_York", true))
    });
    app.send(TAB);
    app.paste(ARTIST);
    app.send(TAB);
    app.send(TAB);
    app.send("gpt-4o-mini");
    app.wait_until("the model typed", WAIT, |s| {
        form_field(s, "Model (optional)").as_deref()
            == Some(&field_row("Model (optional)", "gpt-4o-mini", true))
    });

    app.send(CTRL_S);
    let not_saved = format!("Not saved: {refused}");
    app.wait_until("the submit error", WAIT, |s| {
        s.lines()
            .any(|line| line.starts_with(&format!("└ {not_saved} ─")))
    });
    let screen = app.screen();
    assert!(
        screen
            .lines()
            .nth(1)
            .is_some_and(|line| line.starts_with("┌▌ New task ─")),
        "the form is still open:\n{screen}"
    );
    let fields = [
        ("Title", "Label digest"),
        ("Schedule", "30 8 * * 1-5"),
        ("Timezone", "America/New_York"),
        ("Artist account id", ARTIST),
        ("Account id (optional)", ""),
    ];
    for (label, value) in fields {
        assert_eq!(
            form_field(&screen, label),
            Some(field_row(label, value, false)),
            "{label}:\n{screen}"
        );
    }
    assert_eq!(
        form_field(&screen, "Model (optional)"),
        Some(field_row("Model (optional)", "gpt-4o-mini", true))
    );
    // The editor takes the spare rows; what it holds is the two lines typed and an empty one.
    let mut lines = prompt_lines(&screen);
    while lines.len() > 3 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    assert_eq!(lines, ["Collect the label's news.", "Send a summary.", ""]);

    // Esc asks before throwing the typing away; `n` keeps it.
    app.send(ESC);
    app.wait_for("Discard the changes to this task?", WAIT);
    app.send("n");
    app.wait_until("the question gone", WAIT, |s| {
        !s.contains("Discard the changes")
    });
    assert_eq!(
        form_field(&app.screen(), "Title"),
        Some(field_row("Title", "Label digest", false))
    );
}

/// What the Tasks pane should come to show against a faulty server.
enum Expect {
    /// The request is still pending: `Loading tasks…`.
    Pending,
    /// The load failed with this message (the client error's `Display`).
    Failed(String),
}

/// One way a server can fail, and what the user should read.
struct Fault {
    name: &'static str,
    /// How the server answers every request; `None` for a port with nothing listening.
    reply: Option<fn(&Request, usize) -> Action>,
    /// The expected outcome, from the server's URL and `host:port`.
    expect: fn(&str, &str) -> Expect,
}

fn faults() -> Vec<Fault> {
    vec![
        Fault {
            name: "server down",
            reply: None,
            expect: |url, _| Expect::Failed(format!("cannot reach {url}: connection refused")),
        },
        Fault {
            // The client gives up after 30 s; the test does not wait that long, it checks that
            // the app is usable meanwhile.
            name: "slow",
            reply: Some(|_, _| Action::Hang),
            expect: |_, _| Expect::Pending,
        },
        Fault {
            name: "HTML 502",
            reply: Some(|_, _| {
                Action::Raw(response(
                    502,
                    "text/html",
                    b"<html><head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
                ))
            }),
            expect: |_, host| Expect::Failed(format!("HTTP 502 from {host}: 502 Bad Gateway")),
        },
        Fault {
            name: "garbage JSON",
            reply: Some(|_, _| Action::Raw(json(200, "{not json"))),
            expect: |_, host| {
                let parse =
                    serde_json::from_str::<serde_json::Value>("{not json").expect_err("not JSON");
                Expect::Failed(format!(
                    "unreadable reply from {host} (HTTP 200): not JSON ({parse})"
                ))
            },
        },
        Fault {
            // The body the hosted API sends for an unknown x-api-key (spec §1.2).
            name: "401",
            reply: Some(|_, _| {
                Action::Raw(json(401, r#"{"status":"error","message":"Unauthorized"}"#))
            }),
            expect: |_, _| {
                Expect::Failed(
                    "the API key from the RECOUP_API_KEY environment variable was rejected (Unauthorized)"
                        .into(),
                )
            },
        },
        Fault {
            // GETs are retried three times, each after the 1 s asked for: about 3 s in all.
            name: "429 with Retry-After",
            reply: Some(|_, _| {
                let body = r#"{"status":"error","error":"Too many requests"}"#;
                Action::Raw(
                    format!(
                        "HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    )
                    .into_bytes(),
                )
            }),
            expect: |_, host| {
                Expect::Failed(format!(
                    "{host} is rate limiting requests (HTTP 429); try again in 1 s"
                ))
            },
        },
    ]
}

#[test]
fn server_faults_are_named_in_the_tasks_pane_and_the_app_stays_usable() {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime for the fault server");
    // 120 columns: the list is columns 0..66, clear of the toasts (columns 70..120).
    let (cols, list_width) = (120, 64);
    for fault in faults() {
        let name = fault.name;
        let server = fault
            .reply
            .map(|reply| runtime.block_on(FaultServer::start(reply)));
        let url = server
            .as_ref()
            .map_or_else(closed_port_url, |server| server.url.clone());
        let host = url.trim_start_matches("http://").to_string();
        let home = Home::new();
        let mut app = PtyApp::spawn(&[], &hosted_env(&home, &url), cols, 30);
        app.wait_first_frame(WAIT);

        let (tasks_text, state) = match (fault.expect)(&url, &host) {
            Expect::Pending => ("Loading tasks…".to_string(), "loading…"),
            Expect::Failed(message) => (format!("Could not load tasks: {message}"), "error"),
        };
        app.wait_until(&format!("{name}: {tasks_text:?}"), WAIT, |s| {
            unwrapped(&app.region(3, 1, 25, list_width)) == tasks_text
                && s.lines().nth(1).is_some_and(|line| {
                    line.starts_with(&format!("┌▌ Tasks (0) · by next fire · {state} ─"))
                })
        });
        if let Some(server) = &server {
            // "Loading tasks…" is drawn before the request leaves: wait for it to arrive.
            let deadline = std::time::Instant::now() + WAIT;
            loop {
                let asked = server.requests.lock().expect("lock").clone();
                if asked
                    .iter()
                    .any(|r| r.method == "GET" && r.target == "/api/tasks")
                {
                    break;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "{name}: the list was asked for: {asked:?}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        app.send("?");
        app.wait_until(&format!("{name}: the help"), WAIT, |s| {
            s.contains(" Keys ") && s.contains("  Ctrl+C            quit, always")
        });
        app.send(ESC);
        app.wait_until(&format!("{name}: the help closed"), WAIT, |s| {
            !s.contains("quit, always")
        });

        app.send("2");
        let runs_text = tasks_text.replace("tasks", "runs");
        app.wait_until(&format!("{name}: the Runs screen"), WAIT, |s| {
            let mut lines = s.lines();
            lines.next().is_some_and(|line| line.contains("[2 Runs]"))
                && lines.next().is_some_and(|line| {
                    line.starts_with(&format!("┌▌ Runs (0) · limit 20 · {state} ─"))
                })
        });
        // Left of where a toast may sit, the message reads as in the Tasks pane.
        let shown = app.region(3, 1, 1, 68).concat();
        assert!(
            !shown.is_empty() && runs_text.starts_with(&shown),
            "{name}: the Runs pane shows {shown:?}, expected {runs_text:?}:\n{}",
            app.screen()
        );

        app.send("q");
        let status = app.wait_exit(Duration::from_secs(2));
        assert!(
            status.as_ref().is_some_and(|s| s.success()),
            "{name}: q quits within 2 s with status 0, got {status:?}:\n{}",
            app.screen()
        );
    }
}

#[test]
fn an_idle_app_draws_nothing() {
    let home = Home::new();
    // A task made beforehand with the CLI on the same local database, so the screen has next
    // fires and a detail pane to keep still.
    let created = std::process::Command::new(binary())
        .args([
            "tasks",
            "create",
            "--title",
            "Weekly fan report",
            "--prompt",
        ])
        .args(["Summarise.", "--schedule", "0 9 * * 4", "--artist", ARTIST])
        .env_clear()
        .envs(home.env())
        .output()
        .expect("run tasks create");
    assert!(created.status.success(), "{created:?}");

    let mut app = start_local(&home, 100, 30);
    app.wait_until("the task listed", WAIT, |s| {
        s.lines()
            .any(|line| line.starts_with("│›● Weekly fan report"))
    });
    app.wait_frames_settle(Duration::from_millis(500), WAIT);
    // The loop wakes at every whole minute and redraws only if a fire time moved on; this
    // task's next fire is days away, so none is due. Still, keep the window clear of a minute
    // boundary, so that only a redraw with no cause can fail the test.
    let into_minute = Utc::now().timestamp_millis().rem_euclid(60_000);
    if into_minute > 55_000 {
        std::thread::sleep(Duration::from_millis((61_000 - into_minute) as u64));
    }
    let before = app.frames();
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        app.frames(),
        before,
        "frames drawn in 3 s without input:\n{}",
        app.screen()
    );
    // The count does move when something changes.
    app.send("?");
    app.wait_for("quit, always", WAIT);
    assert!(app.frames() > before);
}

#[test]
fn quitting_restores_the_terminal() {
    let home = Home::new();
    let mut app = start_local(&home, 100, 30);
    app.wait_for("No tasks yet. Press n to create one.", WAIT);
    let running = app.with_screen(terminal_modes);
    assert!(
        app_modes_on(running),
        "while running: alternate screen, hidden cursor, bracketed paste, mouse: {running:?}"
    );

    app.send("q");
    let status = app.wait_exit(WAIT).expect("the app exits");
    assert!(status.success(), "{status:?}");
    assert!(app.wait_output_closed(WAIT), "the terminal output ends");
    assert_eq!(
        app.with_screen(terminal_modes),
        RESTORED,
        "after quitting: main screen, cursor shown, bracketed paste off, mouse off"
    );
    assert!(
        !app.screen().contains("recoup-tasks"),
        "nothing was drawn on the main screen:\n{}",
        app.screen()
    );
}

/// `R` in local mode fires the selected weekly task at once: the toast names the run, the
/// screen stays on the task, and the run is listed with its one attempt.
#[test]
fn r_runs_the_selected_task_now_and_its_run_opens_with_its_attempt() {
    let home = Home::new();
    let mut app = start_local(&home, 100, 30);
    app.wait_for("No tasks yet. Press n to create one.", WAIT);
    type_new_task(
        &mut app,
        "Weekly on demand",
        ["Say hello.", "Then stop."],
        "0 9 * * 1",
    );
    paste_artist(&mut app, ARTIST);
    app.send(CTRL_S);
    app.wait_for("Created “Weekly on demand”", WAIT);

    app.send("R");
    // The toast wraps its run id onto a second line.
    app.wait_for("Started a run of “Weekly on demand”:", WAIT);
    assert!(
        app.screen()
            .lines()
            .any(|line| line.contains("›● Weekly on demand")),
        "the task stays selected:\n{}",
        app.screen()
    );
    // The list refreshes while the run has not ended: its detail is seen to finish.
    app.wait_until("the run finished in the task's detail", WAIT, |s| {
        s.lines().any(|line| line.contains("│  ✓ COMPLETED "))
    });

    app.send("2");
    let selected = |s: &str| {
        s.lines()
            .map(inner)
            .find(|row| row.starts_with('›'))
            .map(|row| cells(&row['›'.len_utf8()..]).join("|"))
    };
    app.wait_until("the run, completed and named by its task", WAIT, |s| {
        selected(s)
            .is_some_and(|row| row.starts_with("✓ COMPLETED|") && row.contains("Weekly on demand"))
    });
    app.send(ENTER);
    app.wait_until("the run's attempt", WAIT, |s| {
        let rows: Vec<&str> = s.lines().map(inner).collect();
        rows.contains(&"Attempts (1)")
            && rows
                .iter()
                .any(|row| row.starts_with("  #1 ✓ COMPLETED  attempt_"))
    });
}
