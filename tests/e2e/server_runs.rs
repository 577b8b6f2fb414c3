//! A run never lies about its state, and a run that is cut short leaves nothing running: the
//! real `serve` binary runs `sleep 40` under `sh -c` for a `* * * * *` task and is killed
//! (SIGKILL) or stopped (SIGTERM, SIGINT) while the run executes. Linux only (`/proc`).
//!
//! These tests wait for a real minute to turn (the `serve` binary runs on the system clock);
//! they run in parallel, so the suite waits for one minute, not three.

#![cfg(target_os = "linux")]

use crate::server_support;
use crate::server_support::free_port;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

const KEY: &str = "runs-test-key";
const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const EXECUTOR: &str = "command:sleep 40; echo done";
/// Long enough for the next minute to turn and the run to start, on a loaded machine.
const FIRE_WAIT: Duration = Duration::from_secs(100);
/// Generous: how long a killed process group may take to disappear.
const GONE_WAIT: Duration = Duration::from_secs(20);

struct Serve {
    child: Child,
    url: String,
    http: reqwest::Client,
}

async fn start_serve(db: &Path, port: u16) -> Serve {
    let child = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--api-key",
            KEY,
            "--executor",
            EXECUTOR,
            "--db",
        ])
        .arg(db)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("serve does not start: {e}"));
    let serve = Serve {
        child,
        url: format!("http://127.0.0.1:{port}"),
        http: recoup_tasks::http::client(),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let reply = serve
            .http
            .get(format!("{}/api/accounts/id", serve.url))
            .header("x-api-key", KEY)
            .send()
            .await;
        if reply.is_ok_and(|reply| reply.status().is_success()) {
            return serve;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("serve at {} did not become ready", serve.url);
}

impl Serve {
    async fn get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.url))
            .header("x-api-key", KEY)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("GET {path} is not JSON: {e}"))
    }

    async fn create_every_minute_task(&self) {
        let reply = self
            .http
            .post(format!("{}/api/tasks", self.url))
            .header("x-api-key", KEY)
            .json(&json!({
                "title": "Every minute",
                "prompt": "Sleep",
                "schedule": "* * * * *",
                "artist_account_id": ARTIST,
            }))
            .send()
            .await
            .unwrap_or_else(|e| panic!("create: {e}"));
        assert!(reply.status().is_success(), "create failed: {reply:?}");
    }

    /// Waits for the first run to be EXECUTING with `sleep` started under it; returns the run
    /// id and every process the run started (the `sleep` among them).
    async fn executing_run(&self) -> (String, Vec<Proc>) {
        let deadline = Instant::now() + FIRE_WAIT;
        while Instant::now() < deadline {
            let listed = self.get("/api/tasks/runs").await;
            let executing = listed["runs"]
                .as_array()
                .and_then(|runs| runs.iter().find(|run| run["status"] == "EXECUTING"));
            if let Some(run) = executing
                && let Some(started) = run_processes(self.child.id() as i32, "sleep 40")
            {
                let id = run["id"].as_str().unwrap_or_default().to_string();
                return (id, started);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no run started `sleep 40` in time");
    }
}

/// One process as `/proc` shows it.
#[derive(Debug, Clone)]
struct Proc {
    pid: i32,
    ppid: i32,
    pgid: i32,
    /// `Z` for a zombie: dead, only waiting to be reaped.
    state: char,
    cmdline: String,
}

fn processes() -> Vec<Proc> {
    let entries = std::fs::read_dir("/proc").unwrap_or_else(|e| panic!("cannot list /proc: {e}"));
    let mut all = Vec::new();
    for entry in entries.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        // A process may end while we look: skip what cannot be read.
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some((_, after_name)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        let (Some(state), Some(ppid), Some(pgid)) = (
            fields.first().and_then(|s| s.chars().next()),
            fields.get(1).and_then(|s| s.parse().ok()),
            fields.get(2).and_then(|s| s.parse().ok()),
        ) else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline"))
            .map(|raw| {
                raw.split(|b| *b == 0)
                    .filter(|part| !part.is_empty())
                    .map(|part| String::from_utf8_lossy(part).into_owned())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        all.push(Proc {
            pid,
            ppid,
            pgid,
            state,
            cmdline,
        });
    }
    all
}

/// The live process running `cmdline` below `root`, and every process between them (what the
/// server started to run it), or `None` while there is no such process.
fn run_processes(root: i32, cmdline: &str) -> Option<Vec<Proc>> {
    let all = processes();
    let by_pid: HashMap<i32, &Proc> = all.iter().map(|proc| (proc.pid, proc)).collect();
    for candidate in all
        .iter()
        .filter(|proc| proc.cmdline == cmdline && proc.state != 'Z')
    {
        let mut chain = vec![candidate.clone()];
        let mut parent = candidate.ppid;
        while parent != root {
            match by_pid.get(&parent) {
                Some(proc) if proc.pid > 1 => {
                    chain.push((*proc).clone());
                    parent = proc.ppid;
                }
                Some(_) | None => break,
            }
        }
        if parent == root {
            return Some(chain);
        }
    }
    None
}

/// Waits until none of `started`, and nothing in their process groups, is alive; panics with
/// what is left otherwise.
async fn assert_all_gone(started: &[Proc]) {
    let pids: HashSet<i32> = started.iter().map(|proc| proc.pid).collect();
    let groups: HashSet<i32> = started.iter().map(|proc| proc.pgid).collect();
    let deadline = Instant::now() + GONE_WAIT;
    loop {
        let left: Vec<Proc> = processes()
            .into_iter()
            .filter(|proc| proc.state != 'Z')
            .filter(|proc| pids.contains(&proc.pid) || groups.contains(&proc.pgid))
            .collect();
        if left.is_empty() {
            return;
        }
        if Instant::now() > deadline {
            panic!("still running after the run was cut short: {left:#?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn instant(value: &Value) -> DateTime<Utc> {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("not a timestamp: {value}"));
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("not RFC 3339 ({e}): {text}"))
        .with_timezone(&Utc)
}

/// The run and its only attempt are finished and FAILED with the interruption, and agree on
/// when it ended and how long it ran.
fn assert_interrupted(run: &Value) {
    assert_eq!(run["status"], "FAILED", "{run:#}");
    assert_eq!(run["isCompleted"], true);
    assert_eq!(run["isFailed"], true);
    assert_eq!(run["isExecuting"], false);
    assert_eq!(run["error"]["name"], "Interrupted");
    let attempts = run["attempts"]
        .as_array()
        .unwrap_or_else(|| panic!("no attempts: {run:#}"));
    assert_eq!(attempts.len(), 1, "{run:#}");
    let attempt = &attempts[0];
    assert_eq!(attempt["status"], "FAILED", "{run:#}");
    assert_eq!(
        attempt["error"], run["error"],
        "the attempt's error is the run's"
    );
    assert_eq!(attempt["completedAt"], run["finishedAt"]);
    let ran = instant(&attempt["completedAt"]) - instant(&attempt["startedAt"]);
    assert_eq!(
        run["durationMs"].as_f64(),
        Some(ran.num_milliseconds() as f64),
        "the run's duration is its attempt's: {run:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkilled_serve_leaves_no_process_and_its_run_reads_failed_with_the_time_it_ran() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = dir.path().join("local.db");
    let port = free_port();
    let mut serve = start_serve(&db, port).await;
    serve.create_every_minute_task().await;
    let (run_id, started) = serve.executing_run().await;
    // Let it run a few seconds, so a duration of "nothing" cannot pass for the truth.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let killed_at = Utc::now();
    serve
        .child
        .kill()
        .unwrap_or_else(|e| panic!("SIGKILL: {e}"));
    let _ = serve.child.wait();
    assert_all_gone(&started).await;

    let mut restarted = start_serve(&db, port).await;
    // The new scheduler finishes the run as soon as it holds the database's lock.
    let deadline = Instant::now() + Duration::from_secs(30);
    let run = loop {
        let listed = restarted
            .get(&format!("/api/tasks/runs?runId={run_id}"))
            .await;
        let run = listed["runs"][0].clone();
        if run["isCompleted"] == true || Instant::now() > deadline {
            break run;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let _ = restarted.child.kill();
    let _ = restarted.child.wait();
    let run = &run;
    assert_interrupted(run);
    let duration = run["durationMs"].as_f64().unwrap_or_default();
    assert!(duration >= 2000.0, "it ran about 4 s, not {duration} ms");
    // It ended when the server was last known alive, not when the next one started.
    assert!(
        instant(&run["finishedAt"]) <= killed_at,
        "finished {} after the kill at {killed_at}",
        run["finishedAt"]
    );
}

/// Stops `serve` with `signal` while a run executes: the run is FAILED (interrupted) in the
/// database as soon as `serve` has exited, and nothing the run started is left.
async fn graceful_stop_ends_the_run_at_once(signal: libc::c_int) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = dir.path().join("local.db");
    let mut serve = start_serve(&db, free_port()).await;
    let stdout = serve
        .child
        .stdout
        .take()
        .unwrap_or_else(|| panic!("no stdout"));
    serve.create_every_minute_task().await;
    let (run_id, started) = serve.executing_run().await;
    // SAFETY: a plain kill(2) of the child we spawned.
    let sent = unsafe { libc::kill(serve.child.id() as i32, signal) };
    assert_eq!(sent, 0, "cannot signal serve");
    let said_stopping = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line == "Stopping.");
    assert!(said_stopping);
    let status = serve.child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
    assert!(status.success(), "serve exited with {status}");
    assert_all_gone(&started).await;

    // Read the file as the stopped server left it: nothing waits for the next start.
    let conn = rusqlite::Connection::open(&db).unwrap_or_else(|e| panic!("open db: {e}"));
    let (status, doc): (String, String) = conn
        .query_row(
            "SELECT status, doc FROM runs WHERE id = ?1",
            [&run_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("read run: {e}"));
    assert_eq!(status, "FAILED");
    let mut run: Value = serde_json::from_str(&doc).unwrap_or_else(|e| panic!("run doc: {e}"));
    let mut stmt = conn
        .prepare("SELECT doc FROM attempts WHERE run_id = ?1 ORDER BY number")
        .unwrap_or_else(|e| panic!("prepare: {e}"));
    let attempts: Vec<Value> = stmt
        .query_map([&run_id], |row| row.get::<_, String>(0))
        .unwrap_or_else(|e| panic!("read attempts: {e}"))
        .map(|doc| {
            let doc = doc.unwrap_or_else(|e| panic!("attempt row: {e}"));
            serde_json::from_str(&doc).unwrap_or_else(|e| panic!("attempt doc: {e}"))
        })
        .collect();
    run["attempts"] = Value::Array(attempts);
    assert_interrupted(&run);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_of_serve_ends_a_running_command_and_fails_its_run_at_once() {
    graceful_stop_ends_the_run_at_once(libc::SIGTERM).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_of_serve_ends_a_running_command_and_fails_its_run_at_once() {
    graceful_stop_ends_the_run_at_once(libc::SIGINT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_embedded_server_ends_a_running_command_and_fails_its_run() {
    let clock = server_support::manual_clock("2026-03-02T08:59:00Z");
    let server = server_support::TestServer::start_with(|config| {
        config.clock = clock.clone();
        config.runs.executor =
            recoup_tasks::server::Executor::Command("sleep 41; echo done".to_string());
    })
    .await;
    server.create_task(json!({"schedule": "0 9 * * *"})).await;
    // Let the scheduler plan the task before the clock reaches its fire time.
    tokio::time::sleep(Duration::from_millis(700)).await;
    clock.set(server_support::instant("2026-03-02T09:00:00Z"));
    let deadline = Instant::now() + FIRE_WAIT;
    let started = loop {
        if let Some(started) = run_processes(std::process::id() as i32, "sleep 41") {
            break started;
        }
        assert!(Instant::now() < deadline, "the command never started");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    clock.set(server_support::instant("2026-03-02T09:00:07Z"));
    let store = server.server.store.clone();
    server.stop().await;
    assert_all_gone(&started).await;
    let runs = store
        .read(|conn, _| {
            recoup_tasks::server::store::Store::account_runs(conn, &account_of(conn), 10)
        })
        .await
        .unwrap_or_else(|e| panic!("read runs: {e}"));
    assert_eq!(runs.len(), 1);
    let run = serde_json::to_value(&runs[0]).unwrap_or_else(|e| panic!("run: {e}"));
    assert_interrupted(&run);
    // On the manual clock the run started at 09:00:00 and was stopped at 09:00:07.
    assert_eq!(run["durationMs"], 7000.0);
    assert_eq!(run["finishedAt"], "2026-03-02T09:00:07.000Z");
}

fn account_of(conn: &rusqlite::Connection) -> String {
    conn.query_row("SELECT account_id FROM runs LIMIT 1", [], |row| row.get(0))
        .unwrap_or_else(|e| panic!("no run stored: {e}"))
}
