//! The TUI as a user runs it: the real binary (release under `cargo bench`) in a
//! pseudo-terminal, measured from outside.
//!
//! (a) start to first frame (the first end of a synchronized update, `ESC [ ? 2026 l`) and to
//!     the loaded task list, in local mode: on a fresh data dir (the database is created), on
//!     an existing empty database, and on an existing database of 10,000 tasks;
//! (b) resident memory (`VmRSS`, `VmHWM`) of the TUI showing 10,000 tasks served by a separate
//!     `recoup-tasks serve`, after moving, filtering and switching screens;
//! (c) frames drawn and CPU time used by that TUI over 20 s without input (holding a whole
//!     minute), then over its first auto-refresh of the list (30 s after the load).
//!
//! Prints numbers; asserts nothing about them. Knobs: `TUI_LIVE_STARTS` (starts per case in
//! (a), default 20), `TUI_LIVE_TASKS` (default 10000), `TUI_LIVE_IDLE_SECS` (default 20),
//! `TUI_LIVE_RUNS` (past runs per task, written to the database directly; default 0, the
//! server makes runs only when tasks fire), `TUI_LIVE_ALIGN=0` (start (b) at once instead of
//! at second 44 of a minute, which waits up to a minute).
//!
//!     cargo bench --bench tui_live

#[path = "../tests/support/pty_support.rs"]
mod pty_support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pty_support::{ENTER, ESC, Home, PtyApp, Serve};

const COLS: u16 = 200;
const ROWS: u16 = 60;
const API_KEY: &str = "tui-live-bench-key";

fn knob(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs benches with no argument
    // and expects a quick success: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        println!("tui_live: run with `cargo bench --bench tui_live`");
        return;
    }
    let starts = knob("TUI_LIVE_STARTS", 20) as usize;
    let tasks = knob("TUI_LIVE_TASKS", 10_000) as usize;
    let idle = Duration::from_secs(knob("TUI_LIVE_IDLE_SECS", 20));
    let runs = knob("TUI_LIVE_RUNS", 0) as usize;
    println!("binary: {}", pty_support::binary().display());
    println!("load before: {}", loadavg());

    // The 10,000-task database, made by a separate server (used again by (a), in local mode).
    let work = tempfile::tempdir().expect("temp dir");
    let db = work.path().join("served.db");
    let server = Server::start(&db);
    let seeding = Instant::now();
    seed(&server.serve.url, tasks);
    println!(
        "seeded {tasks} tasks in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    if runs > 0 {
        seed_runs(&db, runs);
        println!("and {runs} past runs for each (written to the database directly)");
    }

    // (a)
    println!("\n(a) start to first frame / to the loaded task list, local mode, {COLS}×{ROWS}");
    println!(
        "{:<34} {:>5}  {:>24}  {:>24}",
        "case", "n", "first frame ms med/min/max", "list loaded ms med/min/max"
    );
    let fresh: Vec<Start> = (0..starts).map(|_| start_local(&Home::new(), 0)).collect();
    report("fresh data dir (db created)", &fresh);
    let home = Home::new();
    start_local(&home, 0);
    let existing: Vec<Start> = (0..starts).map(|_| start_local(&home, 0)).collect();
    report("existing db, 0 tasks", &existing);
    let big = Home::new();
    std::fs::create_dir_all(big.data_dir()).expect("data dir");
    server.copy_db(&big.data_dir().join("local.db"));
    start_local(&big, tasks);
    let big_starts: Vec<Start> = (0..starts.div_ceil(4))
        .map(|_| start_local(&big, tasks))
        .collect();
    report(&format!("existing db, {tasks} tasks"), &big_starts);

    // (b) and (c)
    println!("\n(b) memory of the TUI showing {tasks} tasks from `recoup-tasks serve`");
    if std::env::var("TUI_LIVE_ALIGN").as_deref() != Ok("0") {
        // Load the list at second 44 of a minute: the idle window of (c) then holds the next
        // whole minute (when the every-minute task's "next" moves on: one redraw) but not the
        // list's auto-refresh, 30 s after the load, which is measured on its own after it.
        let wait = wait_for_second(44);
        println!(
            "  (waited {:.1} s to start at second 44 of a minute)",
            wait.as_secs_f64()
        );
    }
    let home = Home::new();
    let mut env = home.env();
    env.insert("RECOUP_API_URL".into(), server.serve.url.clone());
    env.insert("RECOUP_API_KEY".into(), API_KEY.into());
    let mut app = PtyApp::spawn(&[], &env, COLS, ROWS);
    let pid = app.pid().expect("the TUI's pid");
    app.wait_first_frame(Duration::from_secs(10));
    let memory = |when: &str| {
        let (rss, hwm) = memory_kib(pid);
        println!(
            "  {when:<48} VmRSS {:>6.1} MiB   VmHWM {:>6.1} MiB",
            rss as f64 / 1024.0,
            hwm as f64 / 1024.0
        );
    };
    memory("first frame");
    let header = format!("Tasks ({tasks})");
    let loaded = wait_loaded(&app, &header, Duration::from_secs(60));
    let loaded_at = app.started + loaded;
    println!(
        "  list of {tasks} shown {:.0} ms after start",
        loaded.as_secs_f64() * 1e3
    );
    memory("list loaded");
    for _ in 0..5 {
        app.send("j");
        std::thread::sleep(Duration::from_millis(30));
    }
    app.type_slowly("/report 7");
    app.wait_for(&format!(" of {tasks})"), Duration::from_secs(10));
    app.send(ENTER);
    memory("after j×5 and filter `/report 7`");
    app.send("2");
    app.wait_until("the loaded Runs screen", Duration::from_secs(10), |s| {
        s.contains(" Runs (") && !s.contains("loading…")
    });
    app.send("1");
    app.wait_for(" Tasks (", Duration::from_secs(10));
    app.send(ESC);
    app.wait_for(&header, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(200));
    memory("after Runs and back, filter cleared");

    println!(
        "\n(c) {} s without input, the TUI showing {tasks} tasks",
        idle.as_secs()
    );
    println!(
        "  a frame is due at each whole minute (the every-minute task's \"next\" moves on) and"
    );
    println!("  after an auto-refresh of the list that found it changed; nothing else");
    let ticks = clock_ticks();
    let window = Window::start(&app, pid);
    std::thread::sleep(idle);
    let idle_window = window.end(&app, pid);
    let refresh = loaded_at + Duration::from_secs(30);
    let refreshes = usize::from(idle_window.holds(refresh));
    idle_window.print(ticks, refreshes);
    memory("at the end of the window");

    println!(
        "\n  then over the list's first auto-refresh, 30 s after it loaded (GET, decode, compare):"
    );
    let window = Window::start(&app, pid);
    let until = loaded_at + Duration::from_secs(33);
    std::thread::sleep(until.saturating_duration_since(Instant::now()));
    let refresh_window = window.end(&app, pid);
    refresh_window.print(ticks, usize::from(refresh_window.holds(refresh)));
    memory("after the auto-refresh");
    println!("\nload after: {}", loadavg());
}

/// Frames, CPU and wake-ups of the TUI over a stretch of time.
struct Window {
    started: Instant,
    wall: f64,
    frames: usize,
    cpu: u64,
    cpu_ns: u64,
    switches: u64,
}

/// What happened in a [`Window`].
struct Measured {
    from: Instant,
    to: Instant,
    minutes: u64,
    frames: usize,
    cpu: u64,
    cpu_ns: u64,
    switches: u64,
}

impl Window {
    fn start(app: &PtyApp, pid: u32) -> Window {
        Window {
            started: Instant::now(),
            wall: unix_time(),
            frames: app.frames(),
            cpu: cpu_ticks(pid),
            cpu_ns: cpu_ns(pid),
            switches: context_switches(pid),
        }
    }

    fn end(self, app: &PtyApp, pid: u32) -> Measured {
        let wall = unix_time();
        Measured {
            from: self.started,
            to: Instant::now(),
            minutes: (wall / 60.0).floor() as u64 - (self.wall / 60.0).floor() as u64,
            frames: app.frames() - self.frames,
            cpu: cpu_ticks(pid) - self.cpu,
            cpu_ns: cpu_ns(pid).saturating_sub(self.cpu_ns),
            switches: context_switches(pid).saturating_sub(self.switches),
        }
    }
}

impl Measured {
    fn holds(&self, at: Instant) -> bool {
        self.from <= at && at < self.to
    }

    fn print(&self, ticks: u64, refreshes: usize) {
        println!(
            "  {:.1} s: frames drawn {}; whole minutes passed {}; list auto-refreshes {refreshes}",
            (self.to - self.from).as_secs_f64(),
            self.frames,
            self.minutes
        );
        println!(
            "  CPU: utime+stime {} ticks = {:.0} ms (on-CPU time of all threads {:.1} ms); context switches {}",
            self.cpu,
            self.cpu as f64 * 1e3 / ticks as f64,
            self.cpu_ns as f64 / 1e6,
            self.switches
        );
    }
}

/// Sleeps until the wall clock is at `second` of a minute; returns how long that took.
fn wait_for_second(second: u64) -> Duration {
    let now = unix_time();
    let into = now.rem_euclid(60.0);
    let wait = (second as f64 - into).rem_euclid(60.0);
    let wait = Duration::from_secs_f64(wait);
    std::thread::sleep(wait);
    wait
}

/// One start: the time to the first frame and to the loaded list.
struct Start {
    first_frame: Duration,
    loaded: Duration,
}

/// Starts the TUI in local mode on `home`, waits for the list of `tasks` tasks, quits.
fn start_local(home: &Home, tasks: usize) -> Start {
    let mut app = PtyApp::spawn(&[], &home.env(), COLS, ROWS);
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.frames() == 0 {
        assert!(Instant::now() < deadline, "no frame:\n{}", app.screen());
        std::thread::sleep(Duration::from_micros(250));
    }
    let first_frame = app.started.elapsed();
    let loaded = wait_loaded(&app, &format!("Tasks ({tasks})"), Duration::from_secs(30));
    app.send("q");
    if app.wait_exit(Duration::from_secs(10)).is_none() {
        panic!("the TUI did not quit:\n{}", app.screen());
    }
    Start {
        first_frame,
        loaded,
    }
}

/// Waits until the screen shows `header` in a title that is no longer loading; the time since
/// the start.
fn wait_loaded(app: &PtyApp, header: &str, timeout: Duration) -> Duration {
    let deadline = Instant::now() + timeout;
    loop {
        let screen = app.screen();
        if pty_support::line_with(&screen, header).is_some_and(|line| !line.contains("loading…"))
        {
            return app.started.elapsed();
        }
        assert!(
            Instant::now() < deadline,
            "waited {timeout:?} for {header:?}:\n{screen}"
        );
        std::thread::sleep(Duration::from_micros(500));
    }
}

fn report(case: &str, starts: &[Start]) {
    let stats = |mut ms: Vec<f64>| {
        ms.sort_by(f64::total_cmp);
        let median = if ms.len() % 2 == 1 {
            ms[ms.len() / 2]
        } else {
            (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
        };
        format!("{median:>6.1} {:>6.1} {:>6.1}", ms[0], ms[ms.len() - 1])
    };
    let ms = |f: fn(&Start) -> Duration| -> Vec<f64> {
        starts.iter().map(|s| f(s).as_secs_f64() * 1e3).collect()
    };
    println!(
        "{case:<34} {:>5}  {:>24}  {:>24}",
        starts.len(),
        stats(ms(|s| s.first_frame)),
        stats(ms(|s| s.loaded))
    );
}

/// `recoup-tasks serve` on its own database, stopped on drop.
/// The separate server, and its database for copies.
struct Server {
    serve: Serve,
    db: PathBuf,
}

impl Server {
    fn start(db: &Path) -> Server {
        let env: HashMap<String, String> = std::env::vars().collect();
        let serve = Serve::start(
            &pty_support::binary(),
            "127.0.0.1:0",
            db,
            // 10,000 tasks on one account: above the server's default cap of 1,000.
            &["--api-key", API_KEY, "--max-tasks-per-account", "1000000"],
            &env,
        );
        Server {
            serve,
            db: db.to_path_buf(),
        }
    }

    /// A consistent copy of the database, made while the server runs, with the secret its
    /// API keys were hashed with (`<db>.secret`), without which the copy will not open.
    fn copy_db(&self, to: &Path) {
        let from = rusqlite::Connection::open(&self.db).expect("open the served db");
        from.execute("VACUUM INTO ?1", [to.display().to_string()])
            .expect("copy the served db");
        let secret = |db: &Path| {
            let mut name = db.as_os_str().to_owned();
            name.push(".secret");
            PathBuf::from(name)
        };
        std::fs::copy(secret(&self.db), secret(to)).expect("copy the database's secret");
    }
}

const SCHEDULES: [&str; 8] = [
    "0 9 * * 1",
    "30 2 * * *",
    "0 0 1 * *",
    "15 14 * * 1-5",
    "5 4 * * sun",
    "0 12 * * 4",
    "45 18 1,15 * *",
    "0 8 * 3,6,9,12 mon",
];
const ZONES: [&str; 6] = [
    "UTC",
    "America/New_York",
    "Europe/Paris",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/Los_Angeles",
];
const ARTISTS: [&str; 3] = [
    "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
    "6f0c8a52-3b8e-4c1d-9a7e-2d5b9e0f4c13",
    "c2d7e9f1-8a4b-4e6c-b3d2-5f1a7c9e0b84",
];

/// Gives every task `per_task` past runs, as the scheduler stores them (the server only makes
/// runs when tasks fire). Written before anything lists the tasks, so no cached list is stale.
fn seed_runs(db: &Path, per_task: usize) {
    let mut conn = rusqlite::Connection::open(db).expect("open the served db");
    conn.busy_timeout(Duration::from_secs(10))
        .expect("busy timeout");
    let tx = conn.transaction().expect("transaction");
    let tasks: Vec<(String, String)> = {
        let mut select = tx
            .prepare("SELECT id, account_id FROM scheduled_actions")
            .expect("select tasks");
        select
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("tasks")
            .collect::<Result<_, _>>()
            .expect("tasks")
    };
    let mut insert = tx
        .prepare(
            "INSERT INTO runs (id, task_id, account_id, status, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .expect("insert runs");
    for (n, (task, account)) in tasks.iter().enumerate() {
        for k in 0..per_task {
            let id = format!("run_{n:012}{k:013}");
            let status = if (n + k) % 7 == 0 {
                "FAILED"
            } else {
                "COMPLETED"
            };
            // Days before today, so the server's run retention (30 days) keeps them.
            let at = (chrono::Utc::now() - chrono::Duration::days(k as i64 + 1))
                .format("%Y-%m-%dT09:00:00.000Z")
                .to_string();
            let doc = serde_json::json!({
                "id": id, "status": status, "taskIdentifier": "customer-prompt-task",
                "isQueued": false, "isExecuting": false, "isWaiting": false,
                "isCompleted": true, "isSuccess": status == "COMPLETED",
                "isFailed": status == "FAILED", "isCancelled": false, "isTest": false,
                "createdAt": at, "updatedAt": at, "startedAt": at, "finishedAt": at,
                "tags": [format!("account:{account}")],
                "costInCents": 1.25, "baseCostInCents": 0, "durationMs": 59000, "depth": 0,
                "env": {"id": "env_local", "name": "local"},
            });
            insert
                .execute(rusqlite::params![
                    id,
                    task,
                    account,
                    status,
                    doc.to_string()
                ])
                .expect("insert a run");
        }
    }
    drop(insert);
    tx.commit().expect("commit the runs");
}

/// Creates `count` tasks for the bench key's account with concurrent `POST /api/tasks`.
fn seed(url: &str, count: usize) {
    const WORKERS: usize = 8;
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let http = recoup_tasks::http::client();
        let mut workers = Vec::new();
        for worker in 0..WORKERS {
            let (http, url) = (http.clone(), format!("{url}/api/tasks"));
            workers.push(tokio::spawn(async move {
                for i in (worker..count).step_by(WORKERS) {
                    // One task fires every minute, for (c); the others daily to quarterly.
                    let schedule = if i == 0 {
                        "* * * * *"
                    } else {
                        SCHEDULES[i % SCHEDULES.len()]
                    };
                    let body = serde_json::json!({
                        "title": format!("Weekly report {i} for the artist team"),
                        "prompt": "Summarise the week's fan activity across platforms and send it to the team.",
                        "schedule": schedule,
                        "artist_account_id": ARTISTS[i % ARTISTS.len()],
                        "timezone": ZONES[i % ZONES.len()],
                    });
                    let reply = http
                        .post(&url)
                        .header("x-api-key", API_KEY)
                        .json(&body)
                        .send()
                        .await
                        .expect("POST /api/tasks");
                    assert!(reply.status().is_success(), "{}", reply.status());
                }
            }));
        }
        for worker in workers {
            worker.await.expect("seeding worker");
        }
    });
}

/// `VmRSS` and `VmHWM` in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// utime + stime of the whole process, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')').expect("stat format") + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15; `rest` starts at field 3.
    fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0)
}

/// Time on the CPU of the process's live threads in nanoseconds (`schedstat`), finer than the
/// clock ticks of `stat`.
fn cpu_ns(pid: u32) -> u64 {
    let Ok(threads) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    threads
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// Voluntary and involuntary context switches summed over the process's threads: how often
/// any of them woke up.
fn context_switches(pid: u32) -> u64 {
    let Ok(threads) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    threads
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("status")).ok())
        .flat_map(|status| {
            status
                .lines()
                .filter(|l| l.contains("ctxt_switches:"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .collect::<Vec<_>>()
        })
        .sum()
}

fn clock_ticks() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100)
}

fn unix_time() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
