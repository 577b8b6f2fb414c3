//! Secrets stay out of process lists and out of what task owners read: `serve` takes its key
//! from a file or the environment (never only the command line, which every local user sees in
//! `/proc/<pid>/cmdline`), and the `openai:` executor tells a task owner only that the model
//! service failed, never its URL or the credentials in it.

use crate::server_support;
use crate::server_support::free_port;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use recoup_tasks::server::{Executor, ServerConfig};
use reqwest::StatusCode;
use serde_json::{Value, json};
use server_support::{TestServer, instant, manual_clock};

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
}

/// A `serve` that printed its banner, at `url`.
struct Serving {
    child: Child,
    url: String,
}

impl Serving {
    /// Stops the server; returns what it wrote on stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        let _ = self.child.wait();
        stderr
    }
}

/// Starts `serve` on a free port over `db` with `args` and `env`, and waits for its banner.
fn serve(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Serving {
    let port = free_port();
    let mut command = binary();
    command
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .args(args)
        .env("RUST_LOG", "warn")
        .env_remove("RECOUP_SERVE_API_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap_or_else(|err| panic!("serve: {err}"));
    let stdout = child
        .stdout
        .take()
        .unwrap_or_else(|| panic!("serve's stdout"));
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let up = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|line| line.contains("RECOUP_API_URL"));
        let _ = send.send(up);
    });
    let up = receive.recv_timeout(Duration::from_secs(30));
    let serving = Serving {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    if up != Ok(true) {
        let stderr = serving.stop();
        panic!("serve printed no banner; stderr:\n{stderr}");
    }
    serving
}

/// The status of `GET /api/accounts/id` with `key`.
fn status_with_key(url: &str, key: &str) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("runtime: {err}"));
    runtime.block_on(async {
        recoup_tasks::http::client()
            .get(format!("{url}/api/accounts/id"))
            .header("x-api-key", key)
            .send()
            .await
            .map(|reply| reply.status().as_u16())
            .unwrap_or_else(|err| panic!("GET /api/accounts/id: {err}"))
    })
}

/// `serve` with `args` that stops before serving: (exit code, stderr).
fn serve_refused(db: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = binary()
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{}", free_port()),
            "--db",
        ])
        .arg(db)
        .args(args)
        .env_remove("RECOUP_SERVE_API_KEY")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| panic!("serve: {err}"));
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|err| panic!("chmod {}: {err}", path.display()));
}

/// What every local user can read of a process: its command line.
#[cfg(target_os = "linux")]
fn command_line_of(child: &Child) -> String {
    let raw = std::fs::read(format!("/proc/{}/cmdline", child.id()))
        .unwrap_or_else(|err| panic!("/proc/<pid>/cmdline: {err}"));
    String::from_utf8_lossy(&raw).replace('\0', " ")
}

#[cfg(target_os = "linux")]
#[test]
fn a_key_from_a_file_works_and_stays_out_of_the_process_list() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let key_file = dir.path().join("serve.key");
    std::fs::write(
        &key_file,
        "  file-key-0123456789  \nthe second line is ignored\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    set_mode(&key_file, 0o600);
    let key_path = key_file.to_string_lossy().into_owned();
    let serving = serve(
        &dir.path().join("local.db"),
        &["--api-key-file", &key_path],
        &[],
    );
    let shown = command_line_of(&serving.child);
    assert!(shown.contains("--api-key-file"), "{shown}");
    assert!(!shown.contains("file-key"), "{shown}");
    assert_eq!(status_with_key(&serving.url, "file-key-0123456789"), 200);
    assert_eq!(status_with_key(&serving.url, "another-key"), 401);
    let stderr = serving.stop();
    assert!(!stderr.contains("Warning"), "{stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_key_from_the_environment_works_and_stays_out_of_the_process_list() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let serving = serve(
        &dir.path().join("local.db"),
        &[],
        &[("RECOUP_SERVE_API_KEY", "env-key-0123456789")],
    );
    let shown = command_line_of(&serving.child);
    assert!(!shown.contains("env-key"), "{shown}");
    assert_eq!(status_with_key(&serving.url, "env-key-0123456789"), 200);
    serving.stop();
}

#[cfg(unix)]
#[test]
fn a_key_file_others_can_read_is_used_with_a_warning() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let key_file = dir.path().join("serve.key");
    std::fs::write(&key_file, "shared-key-0123456789\n").unwrap_or_else(|err| panic!("{err}"));
    set_mode(&key_file, 0o644);
    let key_path = key_file.to_string_lossy().into_owned();
    let serving = serve(
        &dir.path().join("local.db"),
        &["--api-key-file", &key_path],
        &[],
    );
    assert_eq!(status_with_key(&serving.url, "shared-key-0123456789"), 200);
    let stderr = serving.stop();
    assert_eq!(
        stderr.lines().next(),
        Some(
            format!(
                "Warning: the key file {key_path} is readable by others (mode 644); run: chmod 600 {key_path}"
            )
            .as_str()
        ),
        "{stderr}"
    );
}

#[test]
fn an_empty_missing_or_doubled_key_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let db = dir.path().join("local.db");
    let empty = dir.path().join("empty.key");
    std::fs::write(&empty, " \n\nkey-on-the-third-line\n").unwrap_or_else(|err| panic!("{err}"));
    let empty = empty.to_string_lossy().into_owned();
    let (code, stderr) = serve_refused(&db, &["--api-key-file", &empty]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        format!("Error: the key file {empty} is empty (its first line is the key)\n")
    );
    let missing = dir
        .path()
        .join("missing.key")
        .to_string_lossy()
        .into_owned();
    let (code, stderr) = serve_refused(&db, &["--api-key-file", &missing]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        format!(
            "Error: cannot read the key file {missing}: No such file or directory (os error 2)\n"
        )
    );
    #[cfg(unix)]
    {
        let shared = dir.path().join("shared.key");
        std::fs::write(&shared, "k\n").unwrap_or_else(|err| panic!("{err}"));
        set_mode(&shared, 0o666);
        let shared = shared.to_string_lossy().into_owned();
        let (code, stderr) = serve_refused(&db, &["--api-key-file", &shared]);
        assert_eq!(code, Some(1));
        assert_eq!(
            stderr,
            format!(
                "Error: the key file {shared} is writable by others (mode 666); run: chmod go-w {shared}\n"
            )
        );
    }
    assert!(!db.exists(), "nothing is written before the key is read");
    let (code, stderr) = serve_refused(&db, &["--api-key", "k", "--api-key-file", &missing]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn serve_help_says_the_command_line_key_is_visible_and_names_the_alternatives() {
    let output = binary()
        .args(["serve", "--help"])
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let help = String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("--api-key <KEY> Make KEY (any non-empty string) a key of the default account. Other local users can read it in the process list (ps, /proc): prefer --api-key-file or RECOUP_SERVE_API_KEY"),
        "{help}"
    );
    assert!(
        help.contains("--api-key-file <PATH> Make the first line of PATH (trimmed) a key of the default account"),
        "{help}"
    );
    assert!(
        help.contains("Without either flag, the RECOUP_SERVE_API_KEY environment variable's value (if set) is used"),
        "{help}"
    );
}

/// Fires one task of a server whose `openai:` executor is `base`, with one attempt; returns
/// the finished run.
async fn openai_run(base: &str) -> Value {
    let clock = manual_clock("2026-03-02T08:59:00Z");
    let spec = format!("openai:{base}");
    let server = TestServer::start_with(|config: &mut ServerConfig| {
        config.clock = clock.clone();
        config.runs.attempts = 1;
        config.runs.timeout = Duration::from_secs(5);
        config.runs.executor =
            Executor::parse(&spec).unwrap_or_else(|err| panic!("executor {spec}: {err}"));
    })
    .await;
    server
        .create_task(json!({"schedule": "0 9 * * *", "prompt": "hi"}))
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    for _ in 0..500 {
        let reply = server.get("/api/tasks/runs?limit=10").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        if let Some(run) = reply.body["runs"]
            .as_array()
            .and_then(|runs| runs.iter().find(|run| run["isCompleted"] == true))
        {
            let id = run["id"].as_str().unwrap_or_default();
            let detail = server.get(&format!("/api/tasks/runs?runId={id}")).await;
            return detail.body["runs"][0].clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the run did not finish");
}

#[tokio::test]
async fn an_unreachable_model_service_is_a_generic_error_without_its_url() {
    let port = free_port(); // bound and released: nothing listens there
    let run = openai_run(&format!("http://user:hunter2secret@127.0.0.1:{port}")).await;
    assert_eq!(run["status"], "FAILED");
    assert_eq!(
        run["error"],
        json!({"message": "the model service could not be reached", "name": "HttpError"})
    );
    assert_eq!(
        run["attempts"][0]["error"]["message"],
        "the model service could not be reached"
    );
    let whole = run.to_string();
    assert!(!whole.contains("hunter2secret"), "{whole}");
    assert!(!whole.contains("127.0.0.1"), "{whole}");
}

#[tokio::test]
async fn a_failing_model_service_is_named_by_its_status_only() {
    use axum::{Router, http::StatusCode as AxumStatus, routing::post};
    let fake = Router::new().route(
        "/v1/chat/completions",
        post(|| async {
            (
                AxumStatus::INTERNAL_SERVER_ERROR,
                "upstream account acct_42 over quota at http://internal.example:9000",
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|err| panic!("{err}"));
    let addr = listener.local_addr().unwrap_or_else(|err| panic!("{err}"));
    tokio::spawn(async move { axum::serve(listener, fake).await });
    let run = openai_run(&format!("http://user:hunter2secret@{addr}/")).await;
    assert_eq!(
        run["error"],
        json!({"message": "the model service answered 500 Internal Server Error", "name": "HttpError"})
    );
    let whole = run.to_string();
    assert!(!whole.contains("hunter2secret"), "{whole}");
    assert!(!whole.contains("acct_42"), "{whole}");
}

#[test]
fn an_unknown_executor_is_named_without_the_credentials_in_it() {
    assert_eq!(
        Executor::parse("opena:http://user:hunter2secret@127.0.0.1:9"),
        Err("unknown executor 'opena:http://***@127.0.0.1:9': use echo, command:<shell command> or openai:<base url>".to_string())
    );
}
