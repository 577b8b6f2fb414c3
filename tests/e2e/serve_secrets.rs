//! The real `serve` binary keeps its own secrets from the runs it executes: a `command:` run
//! sees only `PATH`, `HOME`, `LANG`, `TZ` and its task's `RECOUP_*` values, not the server's
//! `OPENAI_API_KEY` or `AWS_SECRET_ACCESS_KEY` (nor `serve`'s own key variable); an `openai:`
//! run's failure is logged with its detail but without the credentials of the URL.
//!
//! These tests wait for a real minute to turn (`* * * * *` on the system clock), in parallel
//! with the other such tests of this binary.

#![cfg(target_os = "linux")]

use crate::server_support::free_port;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const KEY: &str = "serve-secrets-test-key";
const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
/// Long enough for the next minute to turn and the run to finish, on a loaded machine.
const FIRE_WAIT: Duration = Duration::from_secs(100);

struct Serve {
    child: Child,
    url: String,
    http: reqwest::Client,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `serve` with `executor`, its key in `RECOUP_SERVE_API_KEY`, and `env` besides; stderr (the
/// log) piped when `log` is set.
async fn start_serve(
    db: &std::path::Path,
    executor: &str,
    env: &[(&str, &str)],
    log: bool,
) -> Serve {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--executor",
            executor,
            "--db",
        ])
        .arg(db)
        .env("RECOUP_SERVE_API_KEY", KEY)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(if log { Stdio::piped() } else { Stdio::null() })
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
            let created = serve
                .http
                .post(format!("{}/api/tasks", serve.url))
                .header("x-api-key", KEY)
                .json(&json!({
                    "title": "Every minute",
                    "prompt": "Hello",
                    "schedule": "* * * * *",
                    "artist_account_id": ARTIST,
                }))
                .send()
                .await
                .unwrap_or_else(|e| panic!("create: {e}"));
            assert!(created.status().is_success(), "create: {created:?}");
            return serve;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("serve at {} did not become ready", serve.url);
}

impl Serve {
    /// The first run whose first attempt has ended, as `GET /api/tasks/runs?runId=` shows it.
    async fn first_finished_attempt(&self) -> Value {
        let deadline = Instant::now() + FIRE_WAIT;
        while Instant::now() < deadline {
            let listed: Value = self.get("/api/tasks/runs").await;
            if let Some(id) = listed["runs"][0]["id"].as_str() {
                let run = self.get(&format!("/api/tasks/runs?runId={id}")).await["runs"][0].clone();
                let first = &run["attempts"][0]["status"];
                if first == "COMPLETED" || first == "FAILED" {
                    return run;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("no run finished an attempt in time");
    }

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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_run_sees_only_its_allowed_environment() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".to_string());
    let serve = start_serve(
        &dir.path().join("local.db"),
        "command:env",
        &[
            ("OPENAI_API_KEY", "sk-server-secret-openai"),
            ("AWS_SECRET_ACCESS_KEY", "server-secret-aws"),
            ("RECOUP_API_KEY", "recoup_sk_server_secret"),
            ("HOME", "/home/serving-user"),
            ("LANG", "C.UTF-8"),
            ("TZ", "Europe/Paris"),
            ("PATH", &path),
        ],
        false,
    )
    .await;
    let run = serve.first_finished_attempt().await;
    assert_eq!(run["status"], "COMPLETED", "{run:#}");
    let output = run["output"].as_str().unwrap_or_default();
    for secret in [
        "sk-server-secret-openai",
        "server-secret-aws",
        "recoup_sk_server_secret",
        KEY,
    ] {
        assert!(!output.contains(secret), "{output}");
    }
    let mut variables: Vec<(&str, &str)> = output
        .lines()
        .filter_map(|line| line.split_once('='))
        // What `sh` sets itself, whatever its environment.
        .filter(|(name, _)| !matches!(*name, "PWD" | "OLDPWD" | "SHLVL" | "_"))
        .collect();
    variables.sort();
    let names: Vec<&str> = variables.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        [
            "HOME",
            "LANG",
            "PATH",
            "RECOUP_ACCOUNT_ID",
            "RECOUP_ARTIST_ACCOUNT_ID",
            "RECOUP_FIRE_TIME",
            "RECOUP_MODEL",
            "RECOUP_RUN_ID",
            "RECOUP_TASK_ID",
            "RECOUP_TASK_TITLE",
            "RECOUP_TIMEZONE",
            "TZ",
        ],
        "{output}"
    );
    let value = |wanted: &str| {
        variables
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, value)| *value)
    };
    assert_eq!(value("HOME"), Some("/home/serving-user"));
    assert_eq!(value("LANG"), Some("C.UTF-8"));
    assert_eq!(value("TZ"), Some("Europe/Paris"));
    assert_eq!(value("PATH"), Some(path.as_str()));
    assert_eq!(value("RECOUP_TASK_TITLE"), Some("Every minute"));
    assert_eq!(value("RECOUP_ARTIST_ACCOUNT_ID"), Some(ARTIST));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_openai_run_logs_its_failure_without_the_urls_credentials() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let closed = free_port();
    let mut serve = start_serve(
        &dir.path().join("local.db"),
        &format!("openai:http://user:hunter2secret@127.0.0.1:{closed}"),
        &[],
        true,
    )
    .await;
    let stderr = serve
        .child
        .stderr
        .take()
        .unwrap_or_else(|| panic!("serve's stderr"));
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let run = serve.first_finished_attempt().await;
    assert_eq!(
        run["attempts"][0]["error"],
        json!({"message": "the model service could not be reached", "name": "HttpError"})
    );
    let mut log = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match receive.recv_timeout(left) {
            Ok(line) => {
                let done = line.contains("attempt failed");
                log.push(line);
                if done {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    let log = log.join("\n");
    assert!(log.contains("attempt failed"), "{log}");
    assert!(
        log.contains(&format!(
            "http://***@127.0.0.1:{closed}/v1/chat/completions: error sending request"
        )),
        "{log}"
    );
    assert!(!log.contains("hunter2secret"), "{log}");
}
