//! The server's commands as a user runs them: `accounts create`, `artists add`, and `serve`
//! printing a new key exactly once.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
}

#[test]
fn accounts_create_prints_a_hosted_shaped_key_alone_on_the_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.db");
    let output = binary()
        .args([
            "accounts",
            "create",
            "--email",
            "a@example.com",
            "--org",
            "Label",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let key = stdout.lines().last().unwrap();
    let rest = key.strip_prefix("recoup_sk_").expect("prefix");
    assert_eq!(rest.len(), 43);
    assert!(
        rest.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    // The key is stored hashed only.
    let raw = std::fs::read(&db).unwrap();
    assert!(
        !raw.windows(key.len())
            .any(|window| window == key.as_bytes())
    );
}

#[test]
fn artists_add_prints_the_new_artist_id() {
    let dir = tempfile::tempdir().unwrap();
    let output = binary()
        .args(["artists", "add", "Nova", "--db"])
        .arg(dir.path().join("local.db"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let id = String::from_utf8(output.stdout).unwrap();
    assert!(uuid::Uuid::parse_str(id.trim()).is_ok(), "{id}");
}

/// Starts `serve` on a free port and returns its stdout lines up to the CLI hint.
fn serve_banner(db: &std::path::Path) -> Vec<String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = binary()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let done = line.contains("RECOUP_API_URL");
            lines.push(line);
            if done {
                break;
            }
        }
        let _ = send.send(lines);
    });
    let lines = receive
        .recv_timeout(Duration::from_secs(30))
        .expect("serve printed its banner");
    child.kill().unwrap();
    let _ = child.wait();
    lines
}

#[test]
fn serve_prints_a_new_key_once_and_never_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.db");
    let first = serve_banner(&db).join("\n");
    assert!(first.contains("RECOUP_API_KEY=recoup_sk_"), "{first}");
    assert!(
        first.contains("RECOUP_API_URL=http://127.0.0.1:"),
        "{first}"
    );
    let second = serve_banner(&db).join("\n");
    assert!(!second.contains("recoup_sk_"), "{second}");
    assert!(second.contains("RECOUP_API_KEY=<your key>"), "{second}");
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = binary()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(dir.path().join("local.db"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok);
    assert!(lines.by_ref().any(|line| line.contains("RECOUP_API_URL")));
    let terminated = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    assert!(lines.any(|line| line == "Stopping."));
    assert!(child.wait().unwrap().success());
}

/// `accounts create … --plan PLAN --db DB`; returns the key.
fn create_account_on(db: &std::path::Path, email: &str, plan: &str) -> (String, String) {
    let output = binary()
        .args([
            "accounts", "create", "--email", email, "--plan", plan, "--db",
        ])
        .arg(db)
        .output()
        .unwrap_or_else(|err| panic!("accounts create: {err}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let key = stdout.lines().last().unwrap_or_default().to_string();
    (stdout, key)
}

async fn post_task(url: &str, key: &str, schedule: &str) -> (u16, serde_json::Value) {
    let reply = reqwest::Client::new()
        .post(format!("{url}/api/tasks"))
        .header("x-api-key", key)
        .json(
            &serde_json::json!({"title": "T", "prompt": "P", "schedule": schedule,
            "artist_account_id": "1b4e28ba-2fa1-41d2-883f-0016d3cca427"}),
        )
        .send()
        .await
        .unwrap_or_else(|err| panic!("POST: {err}"));
    let status = reply.status().as_u16();
    let body = reply
        .json()
        .await
        .unwrap_or_else(|err| panic!("body: {err}"));
    (status, body)
}

#[tokio::test]
async fn accounts_create_with_a_plan_makes_an_account_the_server_limits() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let db = dir.path().join("local.db");
    let (stdout, key) = create_account_on(&db, "free@example.com", "free");
    assert!(
        stdout.contains("<free@example.com> on plan free."),
        "{stdout}"
    );
    let server = recoup_tasks::server::start(recoup_tasks::server::ServerConfig {
        scheduler: false,
        ..recoup_tasks::server::ServerConfig::new(&db)
    })
    .await
    .unwrap_or_else(|err| panic!("start: {err}"));
    assert_eq!(post_task(&server.url, &key, "0 9 * * 1").await.0, 200);
    let (status, body) = post_task(&server.url, &key, "0 9 * * 1").await;
    assert_eq!(status, 402);
    assert_eq!(
        body["message"],
        "Free includes 1 task. Starter includes 3, Pro is unlimited."
    );
    server.stop().await;
}

#[test]
fn an_unknown_plan_is_refused_by_the_parser() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let output = binary()
        .args([
            "accounts", "create", "--email", "a@b.c", "--plan", "gold", "--db",
        ])
        .arg(dir.path().join("local.db"))
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown plan \"gold\" (free, starter or pro)"),
        "{stderr}"
    );
}

/// Runs `serve` with `extra` arguments until the banner, then `check(url)`, then stops it.
pub(crate) async fn with_serve(
    db: &std::path::Path,
    extra: &[&str],
    check: impl AsyncFnOnce(String),
) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|err| panic!("{err}"));
    let mut child = binary()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("serve: {err}"));
    let stdout = child.stdout.take();
    let banner = tokio::task::spawn_blocking(move || {
        stdout.is_some_and(|out| {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .any(|line| line.contains("RECOUP_API_URL"))
        })
    });
    let up = tokio::time::timeout(Duration::from_secs(30), banner).await;
    assert!(matches!(up, Ok(Ok(true))), "serve printed its banner");
    check(format!("http://127.0.0.1:{port}")).await;
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn serve_plan_puts_the_default_account_on_the_plan_and_without_it_nothing_is_limited() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let db = dir.path().join("local.db");
    with_serve(&db, &["--api-key", "k1"], async |url| {
        assert_eq!(post_task(&url, "k1", "* * * * *").await.0, 200);
    })
    .await;
    with_serve(&db, &["--plan", "starter"], async |url| {
        let (status, body) = post_task(&url, "k1", "0 9,21 * * *").await;
        assert_eq!(status, 402, "{body}");
        assert_eq!(body["limit"], "min_cadence");
        assert_eq!(body["plan"], "starter");
        assert_eq!(
            body["message"],
            "Starter runs tasks daily at most. Pro runs hourly."
        );
        // The every-minute task made before counts toward the cap, and its cadence is not
        // re-checked at write time.
        assert_eq!(body["current_task_count"], 1);
    })
    .await;
}
