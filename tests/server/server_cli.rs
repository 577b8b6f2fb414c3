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

/// Runs `artists add` with `args` on `db`; returns (exit code, stdout, stderr).
fn artists_add(db: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = binary()
        .args(["artists", "add"])
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).trim().to_string(),
        String::from_utf8_lossy(&output.stderr).trim().to_string(),
    )
}

#[test]
fn artists_add_gives_the_artist_to_the_default_account_an_email_or_an_organisation() {
    use recoup_tasks::server::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.db");
    let (code, nova, _) = artists_add(&db, &["Nova"]);
    assert_eq!(code, Some(0));
    let (code, stdout, stderr) = artists_add(&db, &["Ghost", "--email", "b@example.com"]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    assert_eq!(stderr, "Error: no account has the email \"b@example.com\"");
    let created = binary()
        .args(["accounts", "create", "--email", "b@example.com", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(created.status.success());
    let (_, iris, _) = artists_add(&db, &["Iris", "--email", "B@example.com"]);
    let (_, vega, _) = artists_add(&db, &["Vega", "--org", "Label"]);
    let (code, _, stderr) = artists_add(&db, &["X", "--email", "b@example.com", "--org", "L"]);
    assert_eq!(code, Some(2), "{stderr}");

    let store = Store::open(&db).unwrap();
    let ids = |artists: Vec<recoup_tasks::model::Artist>| {
        artists
            .into_iter()
            .map(|artist| artist.account_id)
            .collect::<Vec<_>>()
    };
    let (default, b, label) = store
        .read_now(|conn, _| {
            let default = Store::first_account(conn)?.unwrap_or_default();
            let b = Store::account_by_email(conn, "b@example.com")?.unwrap_or_default();
            let label = Store::organization_by_name(conn, "Label")?;
            Ok((
                Store::personal_artists(conn, &default)?,
                Store::personal_artists(conn, &b)?,
                Store::organization_artists(conn, &label, &default)?,
            ))
        })
        .unwrap();
    assert_eq!(ids(default), vec![nova]);
    assert_eq!(ids(b), vec![iris]);
    assert_eq!(ids(label), vec![vega]);
    assert_eq!(
        store
            .read_now(|conn, _| Store::artists(conn))
            .unwrap()
            .len(),
        3,
        "the refused artist was not written"
    );
}

#[test]
fn serve_prints_a_key_for_the_account_artists_add_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.db");
    assert_eq!(artists_add(&db, &["Nova"]).0, Some(0));
    let banner = serve_banner(&db).join("\n");
    assert!(banner.contains("RECOUP_API_KEY=recoup_sk_"), "{banner}");
    let again = serve_banner(&db).join("\n");
    assert!(again.contains("RECOUP_API_KEY=<your key>"), "{again}");
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
    let reply = recoup_tasks::http::client()
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

/// `serve` on a free port over `db`, its stderr (the log, at info) collected line by line.
fn serve_logging(db: &std::path::Path) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("free port: {e}"));
    let mut child = binary()
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("serve: {e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("stderr"));
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    (child, receive)
}

/// Waits for a line containing `text`; every line seen on the way, and whether it came.
fn lines_until(
    lines: &std::sync::mpsc::Receiver<String>,
    text: &str,
    wait: Duration,
) -> (Vec<String>, bool) {
    let deadline = std::time::Instant::now() + wait;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(text);
                seen.push(line);
                if found {
                    return (seen, true);
                }
            }
            Err(_) => break,
        }
    }
    (seen, false)
}

/// A second `serve` on one database says once that another process schedules (it retries the
/// lock every 2 s, and used to log each retry), and once that it took over when the first stops.
#[test]
fn a_second_server_says_once_that_another_schedules_and_once_that_it_took_over() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = dir.path().join("local.db");
    let (mut first, first_log) = serve_logging(&db);
    let (_, started) = lines_until(&first_log, "scheduler started", Duration::from_secs(30));
    assert!(started, "the first server schedules");
    let (mut second, second_log) = serve_logging(&db);
    // Three lock retries' worth of log.
    let (seen, _) = lines_until(
        &second_log,
        "this process schedules now",
        Duration::from_secs(7),
    );
    let waiting = "another process runs the scheduler for this database";
    assert_eq!(
        seen.iter().filter(|l| l.contains(waiting)).count(),
        1,
        "said once in:\n{}",
        seen.join("\n")
    );
    let _ = first.kill();
    let _ = first.wait();
    let (seen, took_over) = lines_until(
        &second_log,
        "this process schedules now",
        Duration::from_secs(30),
    );
    assert!(took_over, "the second takes over:\n{}", seen.join("\n"));
    assert!(
        !seen.iter().any(|l| l.contains(waiting)),
        "not said again:\n{}",
        seen.join("\n")
    );
    let _ = second.kill();
    let _ = second.wait();
}

/// `accounts create --email EMAIL ARGS --db DB`; returns (exit code, stdout, stderr).
fn accounts_create(
    db: &std::path::Path,
    email: &str,
    args: &[&str],
) -> (Option<i32>, String, String) {
    let output = binary()
        .args(["accounts", "create", "--email", email])
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap_or_else(|err| panic!("accounts create: {err}"));
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Whether the account with `email` is a Recoup admin, and how many accounts there are.
fn admin_and_accounts(db: &std::path::Path, email: &str) -> (bool, usize) {
    use recoup_tasks::server::store::Store;
    let email = email.to_string();
    Store::open(db)
        .and_then(|store| {
            store.read_now(|conn, _| {
                let accounts = conn.query_row("SELECT count(*) FROM accounts", [], |row| {
                    row.get::<_, i64>(0)
                })?;
                let admin = match Store::account_by_email(conn, &email)? {
                    Some(account) => Store::is_admin(conn, &account)?,
                    None => false,
                };
                Ok((admin, accounts as usize))
            })
        })
        .unwrap_or_else(|err| panic!("read {}: {err}", db.display()))
}

const ADMIN_WARNING: &str =
    "Warning: this account is a Recoup admin: its key can read and change every account's tasks.\n";

#[test]
fn naming_the_recoup_org_without_admin_is_refused_in_any_case() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = dir.path().join("local.db");
    for org in [
        "recoup",
        "Recoup",
        "RECOUP",
        "04e3aba9-c130-4fb8-8b92-34e95d43e66b",
    ] {
        assert_eq!(
            accounts_create(&db, "ops@example.com", &["--org", org]),
            (
                Some(1),
                String::new(),
                format!(
                    "Error: {org:?} is the Recoup organisation, whose members are admins (they can \
                     read and change every account's tasks); pass --admin to create an admin\n"
                )
            )
        );
    }
    assert_eq!(admin_and_accounts(&db, "ops@example.com"), (false, 0));
}

#[test]
fn only_admin_makes_an_admin_and_says_what_that_means() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = dir.path().join("local.db");
    let (code, stdout, stderr) = accounts_create(&db, "label@example.com", &["--org", "Label"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""), "{stdout}");
    assert_eq!(admin_and_accounts(&db, "label@example.com"), (false, 1));

    let (code, stdout, stderr) = accounts_create(&db, "ops@example.com", &["--admin"]);
    assert_eq!(
        (code, stderr.as_str()),
        (Some(0), ADMIN_WARNING),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .last()
            .is_some_and(|key| key.starts_with("recoup_sk_"))
    );
    assert_eq!(admin_and_accounts(&db, "ops@example.com"), (true, 2));

    // `--admin` with the org named too (exactly) is the same admin.
    let (code, _, stderr) =
        accounts_create(&db, "ops2@example.com", &["--admin", "--org", "Recoup"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ADMIN_WARNING));
    assert_eq!(admin_and_accounts(&db, "ops2@example.com"), (true, 3));
}

#[tokio::test]
async fn serve_max_tasks_per_account_refuses_the_next_create() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let db = dir.path().join("local.db");
    let extra = ["--api-key", "k1", "--max-tasks-per-account", "1"];
    with_serve(&db, &extra, async |url| {
        assert_eq!(post_task(&url, "k1", "0 9 * * 1").await.0, 200);
        let (status, body) = post_task(&url, "k1", "0 9 * * 1").await;
        assert_eq!(status, 403, "{body}");
        assert_eq!(
            body,
            serde_json::json!({
                "status": "error",
                "error": "Task limit reached: this server allows at most 1 task per account \
                          (serve --max-tasks-per-account); delete one to create another",
            })
        );
    })
    .await;
}

#[test]
fn serve_refuses_a_zero_limit() {
    for flag in [
        "--max-running",
        "--max-tasks-per-account",
        "--run-retention-days",
    ] {
        let output = binary()
            .args(["serve", flag, "0"])
            .output()
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(output.status.code(), Some(2), "{flag}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("invalid value '0' for '{flag} <")),
            "{stderr}"
        );
    }
}
