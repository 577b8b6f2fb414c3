//! `recoup-tasks tasks …` and `recoup-tasks config` run as a user runs them: the real binary
//! against a real local server, exact stdout, stderr and exit status.

use crate::server_support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::Utc;

use serde_json::Value;
use server_support::{ARTIST, TestServer};

/// (exit status, stdout, stderr)
type Outcome = (i32, String, String);

struct Shell {
    home: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Shell {
    /// No key, no profile: local mode on a database in a temp dir.
    fn local() -> Shell {
        let home = tempfile::tempdir().expect("temp dir");
        let env = vec![
            ("HOME".into(), home.path().display().to_string()),
            (
                "XDG_CONFIG_HOME".into(),
                home.path().join("config").display().to_string(),
            ),
            (
                "XDG_DATA_HOME".into(),
                home.path().join("data").display().to_string(),
            ),
            ("TZ".into(), "UTC".into()),
        ];
        Shell { home, env }
    }

    /// `RECOUP_API_URL`/`RECOUP_API_KEY` pointing at `server`.
    fn hosted(server: &TestServer) -> Shell {
        Shell::local()
            .with("RECOUP_API_URL", &server.server.url)
            .with("RECOUP_API_KEY", &server.key)
    }

    fn with(mut self, name: &str, value: &str) -> Shell {
        self.env.push((name.into(), value.into()));
        self
    }

    fn config_file(&self) -> std::path::PathBuf {
        self.home
            .path()
            .join("config")
            .join("recoup-tasks")
            .join("config.toml")
    }

    fn write_config(&self, text: &str, mode: u32) {
        let path = self.config_file();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        set_mode(&path, mode);
    }

    async fn run(&self, args: &[&str]) -> Outcome {
        self.run_with_stdin(args, None).await
    }

    async fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Outcome {
        let mut command = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"));
        command
            .args(args)
            .env_remove("RECOUP_API_KEY")
            .env_remove("RECOUP_API_URL")
            .env_remove("XDG_STATE_HOME")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let stdin = stdin.map(str::to_string);
        tokio::task::spawn_blocking(move || {
            let mut child = command.spawn().expect("binary runs");
            if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
                pipe.write_all(text.as_bytes()).unwrap();
            }
            let out = child.wait_with_output().expect("binary finishes");
            (
                out.status.code().unwrap_or(-1),
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(out.stderr).unwrap(),
            )
        })
        .await
        .unwrap()
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

fn ok(outcome: &Outcome) -> &str {
    assert_eq!(outcome.0, 0, "stderr: {}", outcome.2);
    assert_eq!(outcome.2, "");
    &outcome.1
}

fn error(outcome: &Outcome, message: &str) {
    assert_eq!(
        (outcome.0, outcome.1.as_str(), outcome.2.as_str()),
        (1, "", format!("Error: {message}\n").as_str())
    );
}

fn created_id(stdout: &str) -> String {
    stdout
        .strip_prefix("Created task: ")
        .and_then(|rest| rest.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("unexpected: {stdout:?}"))
        .to_string()
}

const CREATE: &[&str] = &[
    "tasks",
    "create",
    "--title",
    "Weekly",
    "--prompt",
    "Summarize fans",
    "--schedule",
    "0 9 * * 1",
    "--artist",
    ARTIST,
];

fn create_with(extra: &[&str]) -> Vec<String> {
    CREATE
        .iter()
        .chain(extra.iter())
        .map(|s| s.to_string())
        .collect()
}

/// The `CREATE` arguments with some flags' values replaced and others added.
fn create_changing(changes: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = CREATE.iter().map(|s| s.to_string()).collect();
    for pair in changes.chunks(2) {
        match args.iter().position(|arg| arg == pair[0]) {
            Some(at) => args[at + 1] = pair[1].to_string(),
            None => args.extend(pair.iter().map(|s| s.to_string())),
        }
    }
    args
}

async fn run_owned(shell: &Shell, args: &[String]) -> Outcome {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    shell.run(&args).await
}

/// The next fire of `0 9 * * 1` in UTC, as the table shows it.
fn next_monday_nine() -> String {
    let at = trigger_cron::parse("0 9 * * 1")
        .unwrap()
        .next_after(chrono_tz::UTC, Utc::now())
        .unwrap();
    at.format("%a %m-%d %H:%M").to_string()
}

/// A server timestamp as a table shows it in UTC: `Mon 03-02 09:00`.
fn in_table(timestamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(timestamp)
        .unwrap_or_else(|e| panic!("{timestamp}: {e}"))
        .with_timezone(&Utc)
        .format("%a %m-%d %H:%M")
        .to_string()
}

/// A server timestamp as a detail view shows it in UTC: `2026-03-02 09:00:00 UTC`.
fn in_detail(timestamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(timestamp)
        .unwrap_or_else(|e| panic!("{timestamp}: {e}"))
        .with_timezone(&Utc)
        .format("%Y-%m-%d %H:%M:%S UTC")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_is_empty_then_shows_the_created_task_as_table_and_json() {
    let server = TestServer::start().await;
    let shell = Shell::hosted(&server);
    assert_eq!(ok(&shell.run(&["tasks", "list"]).await), "No results.\n");
    assert_eq!(ok(&shell.run(&["tasks", "list", "--json"]).await), "[]\n");
    let id = created_id(ok(&shell.run(CREATE).await));
    let table = shell.run(&["tasks", "list"]).await;
    assert_eq!(
        ok(&table),
        format!(
            "ID                                    TITLE   ARTIST  SCHEDULE   ENABLED  NEXT FIRE\n{id}  Weekly  —       0 9 * * 1  true     {}\n",
            next_monday_nine()
        )
    );
    let json = shell.run(&["tasks", "list", "--json"]).await;
    let expected = server.get("/api/tasks").await.body["tasks"].clone();
    assert_eq!(
        ok(&json),
        format!("{}\n", serde_json::to_string_pretty(&expected).unwrap())
    );
    assert!(json.1.starts_with("[\n  {\n    \"id\": "), "2-space indent");
    server.stop().await;
}

/// A title in emoji and CJK is wider than its characters: the table cuts it at 40 terminal
/// columns with `…` and the columns after it start where they do on the other rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_keeps_its_columns_aligned_beside_an_emoji_and_cjk_title() {
    use unicode_width::UnicodeWidthStr;
    let server = TestServer::start().await;
    let shell = Shell::hosted(&server);
    let wide = "Fan digest 🎸 für Ü — ファン週報 every week of the whole year";
    let wide_id = created_id(ok(
        &run_owned(&shell, &create_changing(&["--title", wide])).await
    ));
    let plain_id = created_id(ok(&shell.run(CREATE).await));
    let table = shell.run(&["tasks", "list"]).await;
    let table = ok(&table);
    let row = |id: &str| {
        table
            .lines()
            .find(|line| line.starts_with(id))
            .unwrap_or_else(|| panic!("no {id} in\n{table}"))
            .to_string()
    };
    // 39 columns of the title and the `…`, then the two spaces before the artist column.
    let cut = "Fan digest 🎸 für Ü — ファン週報 every …";
    assert_eq!(cut.width(), 40);
    assert_eq!(
        row(&wide_id),
        format!(
            "{wide_id}  {cut}  —       0 9 * * 1  true     {}",
            next_monday_nine()
        )
    );
    assert_eq!(
        row(&plain_id),
        format!(
            "{plain_id}  Weekly{}  —       0 9 * * 1  true     {}",
            " ".repeat(34),
            next_monday_nine()
        )
    );
    // Where each column starts, in terminal columns, is the same on every line.
    let schedule_at = |line: &str| line[..line.find("0 9 * * 1").unwrap_or(0)].width();
    let header = table.lines().next().unwrap_or_default();
    let heading_at = header[..header.find("SCHEDULE").unwrap_or(0)].width();
    assert_eq!(schedule_at(&row(&wide_id)), heading_at, "{table}");
    assert_eq!(schedule_at(&row(&plain_id)), heading_at, "{table}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_json_prints_the_tasks_array_and_honours_timezone_and_model() {
    let server = TestServer::start().await;
    let shell = Shell::hosted(&server);
    let args = create_with(&["--timezone", "Europe/Berlin", "--model", "m1", "--json"]);
    let out = run_owned(&shell, &args).await;
    let tasks: Value = serde_json::from_str(ok(&out)).unwrap();
    assert_eq!(tasks.as_array().map(Vec::len), Some(1));
    assert_eq!(tasks[0]["timezone"], "Europe/Berlin");
    assert_eq!(tasks[0]["model"], "m1");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_refuses_bad_input_before_sending_with_the_service_wording() {
    let server = TestServer::start().await;
    let shell = Shell::hosted(&server);
    // The hint names New York's offset now (EST or EDT).
    let new_york = {
        use chrono::{Offset, TimeZone};
        let offset = chrono_tz::America::New_York
            .offset_from_utc_datetime(&Utc::now().naive_utc())
            .fix()
            .local_minus_utc();
        if offset == -4 * 3600 {
            "UTC-04:00"
        } else {
            "UTC-05:00"
        }
    };
    let us_eastern = format!(
        "Invalid IANA timezone: 'US/Eastern'; the scheduler knows this zone as America/New_York ({new_york})"
    );
    let cases: &[(&[&str], &str)] = &[
        (
            &["--schedule", "0 25 * * *"],
            "Invalid cron expression: Constraint error, got value 25 expected range 0-23",
        ),
        (
            &["--schedule", "0 9 * * * *"],
            "Invalid cron expression: CRON expressions with seconds are not allowed",
        ),
        (
            &["--schedule", "0 0 30 2 *"],
            "Invalid cron expression: Invalid explicit day of month definition",
        ),
        (
            &["--timezone", "Mars/Base"],
            "timezone must be a valid IANA time zone",
        ),
        (&["--timezone", "US/Eastern"], us_eastern.as_str()),
        (
            &["--timezone", "Asia/Kolkata"],
            "Invalid IANA timezone: 'Asia/Kolkata'; the scheduler knows this zone as Asia/Calcutta (UTC+05:30)",
        ),
        (
            &["--timezone", "Asia/Tokio"],
            "timezone must be a valid IANA time zone; did you mean Asia/Tokyo (UTC+09:00)?",
        ),
        (
            &["--artist", "not-a-uuid"],
            "artist_account_id must be a valid UUID",
        ),
        (&["--account", "nope"], "account_id must be a valid UUID"),
        (&["--title", ""], "title parameter is required"),
        (&["--prompt", ""], "prompt parameter is required"),
    ];
    for (changes, message) in cases {
        let args = create_changing(changes);
        error(&run_owned(&shell, &args).await, message);
    }
    assert_eq!(
        server.get("/api/tasks").await.body["tasks"],
        serde_json::json!([]),
        "nothing reached the service"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_delete_and_their_json() {
    let server = TestServer::start().await;
    let shell = Shell::hosted(&server);
    let id = created_id(ok(&shell.run(CREATE).await));
    let out = shell
        .run(&["tasks", "update", "--id", &id, "--enabled", "false"])
        .await;
    assert_eq!(ok(&out), format!("Updated task: {id}\n"));
    let disabled = shell
        .run(&["tasks", "list", "--enabled", "false", "--json"])
        .await;
    let tasks: Value = serde_json::from_str(ok(&disabled)).unwrap();
    assert_eq!(tasks[0]["id"], id.as_str());
    assert_eq!(
        ok(&shell.run(&["tasks", "list", "--enabled", "true"]).await),
        "No results.\n"
    );
    let out = shell
        .run(&[
            "tasks", "update", "--id", &id, "--title", "Renamed", "--json",
        ])
        .await;
    let tasks: Value = serde_json::from_str(ok(&out)).unwrap();
    assert_eq!(tasks[0]["title"], "Renamed");
    error(
        &shell.run(&["tasks", "update", "--id", "x"]).await,
        "id must be a valid UUID",
    );
    error(
        &shell
            .run(&["tasks", "update", "--id", &id, "--schedule", "61 * * * *"])
            .await,
        "Invalid cron expression: Constraint error, got value 61 expected range 0-59",
    );
    error(
        &shell
            .run(&["tasks", "update", "--id", ARTIST, "--title", "x"])
            .await,
        "Task not found",
    );
    let deleted = shell.run(&["tasks", "delete", "--id", &id, "--json"]).await;
    assert_eq!(ok(&deleted), "{\n  \"status\": \"success\"\n}\n");
    error(
        &shell.run(&["tasks", "delete", "--id", &id]).await,
        "Task not found",
    );
    let id = created_id(ok(&shell.run(CREATE).await));
    assert_eq!(
        ok(&shell.run(&["tasks", "delete", "--id", &id, "--yes"]).await),
        format!("Deleted task: {id}\n")
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prompt_reads_from_stdin_and_from_a_file() {
    let server = TestServer::start().await;
    let shell = Shell::hosted(&server);
    let file = shell.home.path().join("prompt.txt");
    std::fs::write(&file, "From a file\nline two\n").unwrap();
    let at_file = format!("@{}", file.display());
    let mut args = create_with(&[]);
    args[5] = at_file;
    ok(&run_owned(&shell, &args).await);
    args[5] = "-".into();
    args[3] = "Second".into();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&shell.run_with_stdin(&refs, Some("From stdin\n")).await);
    let tasks = server.get("/api/tasks").await.body["tasks"].clone();
    assert_eq!(tasks[0]["prompt"], "From stdin");
    assert_eq!(tasks[1]["prompt"], "From a file\nline two");
    args[5] = "@/nonexistent/prompt".into();
    error(
        &run_owned(&shell, &args).await,
        "cannot read the prompt from /nonexistent/prompt: No such file or directory (os error 2)",
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_and_update_store_clean_text_and_lower_case_ids() {
    let server = TestServer::start().await;
    let shell = Shell::hosted(&server);
    let upper = ARTIST.to_uppercase();
    let args = create_changing(&[
        "--title",
        "Line one\nline two\tTabbed\x1b[31mRED",
        "--prompt",
        "First\tline\r\n\x1b[1mSecond\x1b[0m line\x07",
        "--artist",
        &upper,
        "--model",
        "gpt-\x1b[4m4o\x1b[0m",
        "--timezone",
        "Europe/Berlin\n",
    ]);
    let id = created_id(ok(&run_owned(&shell, &args).await));
    let stored = server.get("/api/tasks").await.body["tasks"][0].clone();
    assert_eq!(stored["title"], "Line one line two TabbedRED");
    assert_eq!(stored["prompt"], "First\tline\nSecond line");
    assert_eq!(stored["artist_account_id"], ARTIST);
    assert_eq!(stored["model"], "gpt-4o");
    assert_eq!(stored["timezone"], "Europe/Berlin");
    let out = shell
        .run(&[
            "tasks",
            "update",
            "--id",
            &id,
            "--title",
            "\x1b]0;x\x07Renamed\r\n",
            "--artist",
            &upper,
        ])
        .await;
    assert_eq!(ok(&out), format!("Updated task: {id}\n"));
    let stored = server.get("/api/tasks").await.body["tasks"][0].clone();
    assert_eq!(stored["title"], "Renamed");
    assert_eq!(stored["artist_account_id"], ARTIST);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_and_status_report_service_errors_in_one_line() {
    let server = TestServer::start().await;
    let shell = Shell::hosted(&server);
    assert_eq!(ok(&shell.run(&["tasks", "runs"]).await), "No results.\n");
    assert_eq!(
        ok(&shell
            .run(&["tasks", "runs", "--json", "--limit", "5"])
            .await),
        "[]\n"
    );
    error(
        &shell.run(&["tasks", "runs", "--limit", "0"]).await,
        "Too small: expected number to be >=1",
    );
    error(
        &shell.run(&["tasks", "status", "--run", "run_nope"]).await,
        "Task run not found",
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_with_an_unknown_status_names_the_statuses_that_exist() {
    let shell = Shell::local();
    error(
        &shell.run(&["tasks", "runs", "--status", "BOGUS"]).await,
        "Unknown status “BOGUS”: use one of COMPLETED, FAILED, EXECUTING, QUEUED, \
         DEQUEUED, DELAYED, PENDING_VERSION, WAITING, CANCELED, CRASHED, SYSTEM_FAILURE, \
         EXPIRED, TIMED_OUT (older runs: REATTEMPTING, FROZEN, INTERRUPTED, \
         WAITING_FOR_DEPLOY); any case",
    );
    assert_eq!(
        ok(&shell
            .run(&["tasks", "runs", "--status", "reattempting"])
            .await),
        "No results.\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_are_one_line_with_status_1() {
    let shell = Shell::local();
    error(
        &shell.run(&["tasks", "create", "--title", "x"]).await,
        "missing required arguments: --prompt <PROMPT>, --schedule <SCHEDULE>, --artist <ID>",
    );
    error(
        &shell.run(&["tasks", "list", "--enabled", "maybe"]).await,
        "invalid value 'maybe' for '--enabled <true|false>'",
    );
    error(
        &shell.run(&["tasks", "list", "--bogus"]).await,
        "unexpected argument '--bogus' found",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_key_is_named_by_source_and_never_printed() {
    let server = TestServer::start().await;
    let key = "recoup_sk_doNotPrintMe_0123456789abcdefghijklmnopqr";
    let shell = Shell::local()
        .with("RECOUP_API_URL", &server.server.url)
        .with("RECOUP_API_KEY", key)
        .with("RUST_LOG", "trace")
        .with("RUST_BACKTRACE", "1");
    let out = shell.run(&["tasks", "list"]).await;
    error(
        &out,
        "the API key from the RECOUP_API_KEY environment variable was rejected (Unauthorized)",
    );
    let out = shell.run(&["config"]).await;
    assert_eq!(out.0, 0);
    assert!(
        out.1
            .contains("key:         ****opqr (from RECOUP_API_KEY)"),
        "{}",
        out.1
    );
    for args in [
        &["tasks", "runs"][..],
        &["tasks", "status", "--run", "r"][..],
    ] {
        let out = shell.run(args).await;
        assert!(!out.1.contains(key) && !out.2.contains(key), "{out:?}");
    }
    // Nothing is logged to the state dir either.
    assert!(!shell.home.path().join(".local").join("state").exists());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_service_is_reported_with_its_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let shell = Shell::local()
        .with("RECOUP_API_URL", &url)
        .with("RECOUP_API_KEY", "k");
    error(
        &shell.run(&["tasks", "list"]).await,
        &format!("cannot reach {url}: connection refused"),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_select_the_backend_and_warn_about_readable_keys() {
    let server = TestServer::start().await;
    let shell = Shell::local();
    shell.write_config(
        &format!(
            "default_profile = \"dev\"\n\n[[profiles]]\nname = \"dev\"\napi_url = \"{}\"\napi_key_command = \"printf %s {}\"\n\n[[profiles]]\nname = \"inline\"\napi_url = \"{}\"\napi_key = \"{}\"\n",
            server.server.url, server.key, server.server.url, server.key
        ),
        0o600,
    );
    let id = created_id(ok(&shell.run(CREATE).await));
    let listed = shell
        .run(&["--profile", "inline", "tasks", "list", "--json"])
        .await;
    let tasks: Value = serde_json::from_str(ok(&listed)).unwrap();
    assert_eq!(tasks[0]["id"], id.as_str());
    let path = shell.config_file();
    error(
        &shell.run(&["tasks", "list", "--profile", "nope"]).await,
        &format!(
            "no profile named 'nope' in {} (profiles: dev, inline)",
            path.display()
        ),
    );
    let config = shell.run(&["config"]).await;
    assert!(
        !config.1.contains(&server.key),
        "the command may hold a key"
    );
    assert_eq!(
        ok(&config),
        format!(
            "backend:     hosted {url}\nprofile:     dev (from default_profile)\nkey:         from api_key_command (program `printf`; not run now)\nconfig file: {}\ntheme:       dark (default)\ndata dir:    {}\nlog file:    {}\n",
            path.display(),
            shell
                .home
                .path()
                .join("data")
                .join("recoup-tasks")
                .display(),
            shell
                .home
                .path()
                .join(".local/state/recoup-tasks/recoup-tasks.log")
                .display(),
            url = server.server.url,
        )
    );
    set_mode(&path, 0o644);
    let warned = shell.run(&["tasks", "list"]).await;
    assert_eq!(warned.0, 0);
    assert_eq!(
        warned.2,
        format!(
            "Warning: {0} holds an API key and is readable by others (mode 644); run: chmod 600 {0}\n",
            path.display()
        )
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_mode_works_on_a_fresh_machine_and_keeps_its_database() {
    let shell = Shell::local();
    assert_eq!(ok(&shell.run(&["tasks", "list"]).await), "No results.\n");
    let id = created_id(ok(&shell.run(CREATE).await));
    let listed = shell.run(&["tasks", "list", "--json"]).await;
    let tasks: Value = serde_json::from_str(ok(&listed)).unwrap();
    assert_eq!(tasks[0]["id"], id.as_str());
    assert!(
        shell
            .home
            .path()
            .join("data")
            .join("recoup-tasks")
            .join("local.db")
            .exists()
    );
    let config = shell.run(&["config"]).await;
    assert!(
        ok(&config).starts_with(
            "backend:     local (embedded server; no RECOUP_API_KEY and no profile)\n"
        ),
        "{}",
        config.1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_table_and_status_sheet_show_a_real_run() {
    let clock = server_support::manual_clock("2026-03-02T08:59:00Z");
    let server = TestServer::start_with(|config| {
        config.clock = clock.clone();
        config.runs.backoff = std::time::Duration::from_millis(10);
    })
    .await;
    let shell = Shell::hosted(&server);
    let args = create_changing(&["--schedule", "0 9 * * *"]);
    let task_id = created_id(ok(&run_owned(&shell, &args).await));
    clock.set(server_support::instant("2026-03-02T09:00:00Z"));
    let mut run = Value::Null;
    for _ in 0..300 {
        let reply = server.get("/api/tasks/runs").await;
        if reply.body["runs"][0]["isCompleted"] == true {
            run = reply.body["runs"][0].clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let run_id = run["id"].as_str().expect("a finished run").to_string();
    let created = run["createdAt"].as_str().unwrap().to_string();

    let table = shell.run(&["tasks", "runs"]).await;
    let lines: Vec<&str> = ok(&table).lines().collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("RUN ID "), "{lines:?}");
    assert!(
        lines[1].starts_with(&format!("{run_id}  ✓ COMPLETED  {}  ", in_table(&created))),
        "{lines:?}"
    );
    let failed = shell.run(&["tasks", "runs", "--status", "failed"]).await;
    assert_eq!(ok(&failed), "No results.\n");
    let json = shell
        .run(&["tasks", "runs", "--status", "COMPLETED", "--json"])
        .await;
    let runs: Value = serde_json::from_str(ok(&json)).unwrap();
    assert_eq!(runs[0]["id"], run_id.as_str());

    let sheet = shell.run(&["tasks", "status", "--run", &run_id]).await;
    let text = ok(&sheet);
    let full = server
        .get(&format!("/api/tasks/runs?runId={run_id}"))
        .await
        .body;
    let started = in_detail(full["runs"][0]["startedAt"].as_str().unwrap());
    let finished = in_detail(full["runs"][0]["finishedAt"].as_str().unwrap());
    let created = in_detail(&created);
    let expected_start = format!(
        "Run: {run_id}\nStatus: ✓ COMPLETED\nTask: “Weekly”  {task_id}\nSchedule: 0 9 * * *\nCreated: {created}\nStarted: {started}\nFinished: {finished}\nDuration: "
    );
    assert!(text.starts_with(&expected_start), "{text}");
    assert!(text.contains("\nCost: $"), "{text}");
    assert!(text.contains("\nAttempts: 1\n  1. ✓ COMPLETED  "), "{text}");
    let json = shell
        .run(&["tasks", "status", "--run", &run_id, "--json"])
        .await;
    assert_eq!(
        ok(&json),
        format!("{}\n", serde_json::to_string_pretty(&full).unwrap())
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_mode_shares_the_database_with_a_running_embedded_server() {
    let shell = Shell::local();
    let db = shell
        .home
        .path()
        .join("data")
        .join("recoup-tasks")
        .join("local.db");
    // What a TUI (or `serve`) holds open while the CLI runs.
    let (running, session) = recoup_tasks::server::start_local(&db)
        .await
        .expect("embedded server");
    let id = created_id(ok(&shell.run(CREATE).await));
    let seen: Value = recoup_tasks::http::client()
        .get(format!("{}/api/tasks", running.url))
        .header("x-api-key", &session.api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["tasks"][0]["id"], id.as_str());
    assert_eq!(seen["tasks"][0]["account_id"], session.account_id.as_str());
    running.stop().await;
}

/// Runs `args` in a pseudo-terminal (util-linux `script`), typing `input`.
async fn run_in_terminal(shell: &Shell, args: &[&str], input: &str) -> (i32, String) {
    let line = std::iter::once(env!("CARGO_BIN_EXE_recoup-tasks"))
        .chain(args.iter().copied())
        .map(|arg| format!("'{arg}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut command = Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .env_remove("RECOUP_API_KEY")
        .env_remove("RECOUP_API_URL")
        .envs(shell.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let input = input.to_string();
    tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().expect("script runs");
        if let Some(mut pipe) = child.stdin.take() {
            pipe.write_all(input.as_bytes()).unwrap();
        }
        let out = child.wait_with_output().expect("script finishes");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
        )
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_asks_on_a_terminal_and_keeps_the_task_unless_told_yes() {
    assert!(
        Path::new("/usr/bin/script").exists(),
        "util-linux `script` provides the terminal for this test"
    );
    let server = TestServer::start().await;
    let shell = Shell::hosted(&server);
    let id = created_id(ok(&shell.run(CREATE).await));
    let (code, screen) = run_in_terminal(&shell, &["tasks", "delete", "--id", &id], "n\n").await;
    assert_eq!(code, 1, "{screen}");
    assert!(
        screen.contains(&format!("Delete task {id}? [y/N] ")),
        "{screen}"
    );
    assert!(screen.ends_with("Error: not deleted\n"), "{screen}");
    assert_eq!(
        server.get("/api/tasks").await.body["tasks"][0]["id"],
        id.as_str()
    );
    let (code, screen) = run_in_terminal(&shell, &["tasks", "delete", "--id", &id], "y\n").await;
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.ends_with(&format!("Deleted task: {id}\n")),
        "{screen}"
    );
    assert_eq!(
        server.get("/api/tasks").await.body["tasks"],
        serde_json::json!([])
    );
    server.stop().await;
}
