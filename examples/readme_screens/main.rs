//! Draws the README's pictures of each screen from the real app: starts a local server
//! (`recoup-tasks serve`) on a fresh database, seeds tasks through the CLI and its HTTP API,
//! waits for the scheduler to fire some of them, then drives the TUI in a 100×30
//! pseudo-terminal and writes each screen as `assets/screens/<name>.svg` (with the terminal's
//! colours) and `<name>.txt` (for diffs).
//!
//! Run `scripts/readme-screens.sh`, which builds the release binary first. By hand:
//! `cargo run --example readme_screens -- [--bin PATH] [--out DIR]` (defaults:
//! `target/release/recoup-tasks`, `assets/screens`).

#[path = "../../tests/support/pty_support.rs"]
mod pty_support;
mod svg;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pty_support::{BACKTAB, ENTER, ESC, Home, PtyApp, Serve, TAB};

const COLS: u16 = 100;
const ROWS: u16 = 30;
const API_KEY: &str = "readme-screens-key";
const EMAIL: &str = "ops@northside-records.com";
/// Long enough for the scheduler's next whole minute and a failing run's three attempts.
const RUNS_TIMEOUT: Duration = Duration::from_secs(100);
const SCREEN_TIMEOUT: Duration = Duration::from_secs(10);
/// How long without a new frame counts as the app having settled.
const SETTLED: Duration = Duration::from_millis(400);

/// What a run does: a shell snippet choosing by task title, with the prompt on stdin.
const EXECUTOR: &str = r#"command:cat >/dev/null; sleep 1
case "$RECOUP_TASK_TITLE" in
  "Instagram comment sync")
    echo "Fetching comments for @novamusic since $RECOUP_FIRE_TIME" >&2
    echo "Instagram Graph API: (#190) Error validating access token: Session has expired" >&2
    exit 1 ;;
  "Weekly fan digest")
    printf '%s\n' "Nova, this week: +1,240 followers (TikTok +860, Instagram +310, Spotify +70)." \
      "Most shared: the Afterglow teaser (2,100 shares). 6 comments deserve a reply;" \
      "drafts are ready. Listening grew most in Mexico City, Manila and Leeds." ;;
  "Fan mail triage")
    printf '%s\n' "14 new messages since the last run." \
      "- 3 booking enquiries: Brooklyn Steel (Oct 12), Lollapalooza, a Berlin promoter" \
      "- 1 sync request from a Netflix music supervisor: flagged for the team" \
      "- 10 fan notes; 4 reply drafts are waiting in Recoup." ;;
  *)
    printf '%s\n' "Pitched 14 playlists this week: 3 adds (Fresh Finds UK, Indie Chill," \
      "Late Night Drive), 9 pending, 2 declined." ;;
esac"#;

struct Seed {
    title: &'static str,
    /// What it fires on at first, so that it has runs to show, before it gets `schedule`.
    first: Option<&'static str>,
    schedule: &'static str,
    timezone: &'static str,
    artist: usize,
    enabled: bool,
    prompt: &'static str,
}

const EVERY_MINUTE: &str = "* * * * *";

const ARTISTS: [&str; 3] = ["Nova", "The Midnight Static", "Lila Moreno"];

const SEEDS: &[Seed] = &[
    Seed {
        title: "Weekly fan digest",
        first: Some(EVERY_MINUTE),
        schedule: "0 9 * * 4",
        timezone: "America/New_York",
        artist: 0,
        enabled: true,
        prompt: "Summarize this week's fan activity for Nova: new followers by platform, the \
                 most-shared posts, comments worth a reply, and the cities where listening grew.",
    },
    Seed {
        title: "Daily streaming report",
        first: None,
        schedule: "30 8 * * 1-5",
        timezone: "Europe/London",
        artist: 1,
        enabled: true,
        prompt: "Compare yesterday's Spotify and Apple Music streams for The Midnight Static \
                 with the 7-day average and flag any track up or down more than 20%.",
    },
    Seed {
        title: "Release-day reminder",
        first: None,
        schedule: "0 12 1 * *",
        timezone: "UTC",
        artist: 2,
        enabled: true,
        prompt: "List Lila Moreno's releases due this month and draft a reminder for the team \
                 with the pre-save links and the press checklist.",
    },
    Seed {
        title: "Tour-date announcer",
        first: None,
        schedule: "0 17 * * 5",
        timezone: "America/Los_Angeles",
        artist: 0,
        enabled: false,
        prompt: "Draft posts announcing Nova's newly confirmed tour dates, one per platform, \
                 with the ticket link.",
    },
    Seed {
        title: "Fan mail triage",
        first: None,
        schedule: EVERY_MINUTE,
        timezone: "UTC",
        artist: 0,
        enabled: true,
        prompt: "Sort new messages to Nova's inbox into bookings, sync requests and fan notes, \
                 and draft replies to the fan notes.",
    },
    Seed {
        title: "Playlist pitch tracker",
        first: None,
        schedule: EVERY_MINUTE,
        timezone: "UTC",
        artist: 1,
        enabled: true,
        prompt: "Check which playlists The Midnight Static's single was pitched to have added it.",
    },
    Seed {
        title: "Instagram comment sync",
        first: None,
        schedule: EVERY_MINUTE,
        timezone: "UTC",
        artist: 0,
        enabled: true,
        prompt: "Pull new Instagram comments on Nova's posts and tag the ones that ask a question.",
    },
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bin = root.join("target/release/recoup-tasks");
    let mut out = root.join("assets/screens");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--bin", Some(path)) => bin = PathBuf::from(path),
            ("--out", Some(dir)) => out = PathBuf::from(dir),
            _ => fail("usage: readme_screens [--bin PATH] [--out DIR]"),
        }
    }
    // Absolute, as the app is started in another directory.
    let bin = match bin.canonicalize() {
        Ok(bin) if bin.is_file() => bin,
        _ => fail(&format!(
            "no binary at {}: run `cargo build --release` first",
            bin.display()
        )),
    };
    std::fs::create_dir_all(&out).unwrap_or_else(|e| fail(&format!("{}: {e}", out.display())));

    let home = Home::new();
    let db = home.path().join("screens.db");
    let mut env = home.env();
    env.insert("COLORTERM".into(), "truecolor".into());

    let artists: Vec<String> = ARTISTS
        .iter()
        .map(|name| {
            let id = output(&bin, &env, &["artists", "add", name, "--db", path(&db)]);
            id.trim().to_string()
        })
        .collect();
    println!("registered {} artists", artists.len());

    let server = start_server(&bin, &env, &db);
    println!("server on {}", server.url);
    env.insert("RECOUP_API_URL".into(), server.url.clone());
    env.insert("RECOUP_API_KEY".into(), API_KEY.into());

    let mut ids = Vec::new();
    for seed in SEEDS {
        let created = output(
            &bin,
            &env,
            &[
                "tasks",
                "create",
                "--title",
                seed.title,
                "--prompt",
                seed.prompt,
                "--schedule",
                seed.first.unwrap_or(seed.schedule),
                "--timezone",
                if seed.first.is_some() {
                    "UTC"
                } else {
                    seed.timezone
                },
                "--artist",
                &artists[seed.artist],
            ],
        );
        let id = created
            .trim()
            .strip_prefix("Created task: ")
            .unwrap_or_else(|| fail(&format!("unexpected reply to create: {created}")))
            .to_string();
        if !seed.enabled {
            output(
                &bin,
                &env,
                &["tasks", "update", "--id", &id, "--enabled", "false"],
            );
        }
        ids.push(id);
    }
    println!("created {} tasks", SEEDS.len());

    wait_for_runs(&bin, &env);
    for (seed, id) in SEEDS.iter().zip(&ids) {
        if seed.first.is_some() {
            output(
                &bin,
                &env,
                &[
                    "tasks",
                    "update",
                    "--id",
                    id,
                    "--schedule",
                    seed.schedule,
                    "--timezone",
                    seed.timezone,
                ],
            );
        }
    }

    let mut app = PtyApp::spawn_binary(&bin, &[], &env, COLS, ROWS);
    app.wait_first_frame(SCREEN_TIMEOUT);
    app.wait_for("Weekly fan digest", SCREEN_TIMEOUT);
    let shots = Shots { out: &out };

    // Tasks: the weekly digest selected, its detail beside the list.
    select(&mut app, "Weekly fan digest");
    shots.take(
        &app,
        "tasks",
        "Tasks: the list and the selected task's detail",
    );

    // Runs, then the failed run's detail.
    app.send("2");
    app.wait_for("Runs (", SCREEN_TIMEOUT);
    app.wait_until("the runs", SCREEN_TIMEOUT, |s| s.contains("FAILED"));
    shots.take(&app, "runs", "Runs: the account's recent runs");
    select(&mut app, "FAILED");
    app.send(ENTER);
    app.wait_for("Attempts", SCREEN_TIMEOUT);
    shots.take(
        &app,
        "run",
        "A run: its fields, and each attempt with its error",
    );
    app.send(ESC);
    app.wait_for("Runs (", SCREEN_TIMEOUT);

    // A task's runs (Enter on a task), then the agenda.
    app.send("1");
    app.wait_for("Tasks (", SCREEN_TIMEOUT);
    select(&mut app, "Weekly fan digest");
    app.send(ENTER);
    app.wait_until("the task's runs", SCREEN_TIMEOUT, |s| {
        s.contains("Runs of “Weekly fan digest”") && !s.contains("finding the task")
    });
    app.wait_frames_settle(SETTLED, SCREEN_TIMEOUT);
    shots.take(
        &app,
        "history",
        "A task's runs, and how far back they reach",
    );
    app.send(ESC);
    app.wait_for("Tasks (", SCREEN_TIMEOUT);
    app.send("3");
    app.wait_for("Agenda · next 7 days", SCREEN_TIMEOUT);
    app.wait_frames_settle(SETTLED, SCREEN_TIMEOUT);
    shots.take(
        &app,
        "agenda",
        "The agenda: the next 7 days' fires by day, and fires per hour",
    );

    // The form, filled in with a valid schedule.
    app.send("1");
    app.wait_for("Tasks (", SCREEN_TIMEOUT);
    app.send("n");
    app.wait_for("New task", SCREEN_TIMEOUT);
    app.type_slowly("Monthly fan report");
    app.send(TAB);
    app.paste("Summarize the month's fan activity for Nova and send it to the team.");
    app.send(TAB);
    // Monthly from December: the fifth fire is after the March DST change, which the preview marks.
    app.type_slowly("0 9 1 * *");
    app.send(TAB);
    // The zone starts as UTC, selected by the Tab: typing replaces it; then pick a suggestion.
    app.type_slowly("new_y");
    app.wait_for("America/New_York", SCREEN_TIMEOUT);
    app.send(ENTER);
    app.send(TAB);
    app.type_slowly("Nova");
    app.wait_for(&artists[0], SCREEN_TIMEOUT);
    app.send(ENTER);
    app.wait_until("the artist's id in its field", SCREEN_TIMEOUT, |screen| {
        pty_support::line_with(screen, "Artist account id").is_some_and(|l| l.contains(&artists[0]))
    });
    // Back to the schedule, so the form shows where the preview comes from.
    app.send(BACKTAB);
    app.send(BACKTAB);
    app.wait_until("the schedule focused", SCREEN_TIMEOUT, |screen| {
        pty_support::line_with(screen, "›Schedule").is_some()
    });
    shots.take(
        &app,
        "form",
        "The task form with the schedule's live preview",
    );

    // The same schedule with an hour out of range (reached by Tab, its text is selected, so the
    // new expression replaces it).
    app.type_slowly("0 25 1 * *");
    app.wait_for("expected range", SCREEN_TIMEOUT);
    shots.take(
        &app,
        "form-error",
        "The task form pointing at a schedule's error",
    );

    // The schedule in plain English: its cron, read back, and that cron's fires.
    app.send("\x15"); // Ctrl+U: the field emptied, as in a shell
    app.type_slowly("weekdays at 9am");
    app.wait_for("0 9 * * 1-5", SCREEN_TIMEOUT);
    app.wait_frames_settle(SETTLED, SCREEN_TIMEOUT);
    shots.take(
        &app,
        "form-english",
        "The task form reading a schedule in plain English",
    );
    app.send(ESC);
    app.wait_for("Discard the changes", SCREEN_TIMEOUT);
    app.send("y");
    app.wait_for("Tasks (", SCREEN_TIMEOUT);
    // The discarded draft's toast expires before the help is pictured.
    app.wait_until("the toast gone", SCREEN_TIMEOUT, |s| {
        !s.contains("discarded")
    });

    app.send("?");
    app.wait_for("Keys", SCREEN_TIMEOUT);
    shots.take(
        &app,
        "help",
        "Help: every key, from the table that dispatches them",
    );
    app.send(ESC);
    app.wait_frames_settle(SETTLED, SCREEN_TIMEOUT);
    app.send("q");
    if app.wait_exit(SCREEN_TIMEOUT).is_none() {
        eprintln!("warning: the app did not quit");
    }
    drop(server);
    println!("wrote {}", out.display());
}

/// Stops with `message`. A panic rather than an exit, so that unwinding stops the server and
/// removes the temp dir (as when the harness panics on a screen that never came).
fn fail(message: &str) -> ! {
    panic!("readme_screens: {message}")
}

fn path(p: &Path) -> &str {
    p.to_str()
        .unwrap_or_else(|| fail("the temp dir's path is not UTF-8"))
}

/// Runs the binary with `args` in `env`; its stdout, or the end of the program on failure.
fn output(bin: &Path, env: &HashMap<String, String>, args: &[&str]) -> String {
    let done = Command::new(bin)
        .args(args)
        .env_clear()
        .envs(env)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| fail(&format!("cannot run {}: {e}", bin.display())));
    if !done.status.success() {
        fail(&format!(
            "`recoup-tasks {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&done.stderr)
        ));
    }
    String::from_utf8_lossy(&done.stdout).into_owned()
}

/// `recoup-tasks serve` on a free port, stopped on drop.
/// The server for the pictures: the default port when it is free, so the header looks as it
/// does for a user.
fn start_server(bin: &Path, env: &HashMap<String, String>, db: &Path) -> Serve {
    let addr = match std::net::TcpListener::bind("127.0.0.1:8787") {
        Ok(_) => "127.0.0.1:8787",
        Err(_) => "127.0.0.1:0",
    };
    let args = [
        "--api-key",
        API_KEY,
        "--email",
        EMAIL,
        "--executor",
        EXECUTOR,
    ];
    Serve::start(bin, addr, db, &args, env)
}

/// Waits until every task firing every minute has run once and no run is still going.
fn wait_for_runs(bin: &Path, env: &HashMap<String, String>) {
    let wanted = SEEDS
        .iter()
        .filter(|s| s.first.unwrap_or(s.schedule) == EVERY_MINUTE)
        .count();
    let started = Instant::now();
    let (mut last, mut shown) = (String::new(), 0);
    println!("waiting for the scheduler's next whole minute");
    loop {
        let runs = output(bin, env, &["tasks", "runs", "--json"]);
        let runs: serde_json::Value = serde_json::from_str(&runs)
            .unwrap_or_else(|e| fail(&format!("runs are not JSON: {e}")));
        let statuses: Vec<&str> = runs
            .as_array()
            .map(|runs| runs.iter().filter_map(|r| r["status"].as_str()).collect())
            .unwrap_or_default();
        let finished = statuses
            .iter()
            .filter(|s| matches!(**s, "COMPLETED" | "FAILED"))
            .count();
        let progress = format!(
            "{}/{wanted} runs finished ({:?})",
            finished.min(wanted),
            statuses
        );
        // Say so when something changed, and every 10 s while waiting for the minute to turn.
        let elapsed = started.elapsed().as_secs();
        if progress != last || elapsed >= shown + 10 {
            println!("  {progress}  [{elapsed} s]");
            (last, shown) = (progress, elapsed);
        }
        if finished >= wanted && finished == statuses.len() {
            return;
        }
        if started.elapsed() > RUNS_TIMEOUT {
            fail("the scheduler did not run the tasks in time");
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// Moves the selection down until the selected row (marked `›`) holds `text`.
fn select(app: &mut PtyApp, text: &str) {
    for _ in 0..20 {
        let screen = app.screen();
        if screen
            .lines()
            .any(|line| line.contains('›') && line.contains(text))
        {
            return;
        }
        let frames = app.frames();
        app.send("j");
        let deadline = Instant::now() + SCREEN_TIMEOUT;
        while app.frames() == frames && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    fail(&format!("could not select {text:?}:\n{}", app.screen()));
}

struct Shots<'a> {
    out: &'a Path,
}

impl Shots<'_> {
    /// Once the app has settled, the screen as `<name>.svg` and `<name>.txt`.
    fn take(&self, app: &PtyApp, name: &str, title: &str) {
        app.wait_frames_settle(SETTLED, SCREEN_TIMEOUT);
        let (picture, text) =
            app.with_screen(|screen| (svg::render(screen, title), svg::text(screen)));
        for (ext, contents) in [("svg", picture), ("txt", text)] {
            let file = self.out.join(format!("{name}.{ext}"));
            std::fs::write(&file, contents)
                .unwrap_or_else(|e| fail(&format!("{}: {e}", file.display())));
        }
        println!("  {name}");
    }
}
