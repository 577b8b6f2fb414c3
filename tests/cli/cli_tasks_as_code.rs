//! Tasks as code: `tasks export` from one real local server and `tasks apply` to another, as a
//! user runs them — exact plans, exact summaries, nothing written when the file has a problem.

use crate::server_support;

use std::path::PathBuf;
use std::process::{Command, Stdio};

use recoup_tasks::model::Plan;
use reqwest::Method;
use serde_json::{Value, json};
use server_support::{ARTIST, TestServer};

const OTHER_ARTIST: &str = "9c1d3f0e-5b7a-4c2e-8f6d-2a4b6c8e0f13";
const THIRD_ARTIST: &str = "3e7a9b1c-2d4f-4a6b-8c0d-1e2f3a4b5c6d";
const FOURTH_ARTIST: &str = "7f8e9d0c-1b2a-4938-a756-4b3c2d1e0f9a";

/// (exit status, stdout, stderr)
type Outcome = (i32, String, String);

/// The binary with its own home, talking to one server with one key.
struct Cli {
    home: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Cli {
    fn new() -> Cli {
        let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let path = |sub: &str| home.path().join(sub).display().to_string();
        let env = vec![
            ("HOME".to_string(), path("")),
            ("XDG_CONFIG_HOME".to_string(), path("config")),
            ("XDG_DATA_HOME".to_string(), path("data")),
            ("TZ".to_string(), "UTC".to_string()),
        ];
        Cli { home, env }
    }

    /// `RECOUP_API_URL`/`RECOUP_API_KEY`: `server` as `key` (no profile, so no plan known).
    fn on(server: &TestServer, key: &str) -> Cli {
        let mut cli = Cli::new();
        cli.env
            .push(("RECOUP_API_URL".into(), server.server.url.clone()));
        cli.env.push(("RECOUP_API_KEY".into(), key.to_string()));
        cli
    }

    /// A file in this home holding `text`; its path.
    fn file(&self, name: &str, text: &str) -> String {
        let path = self.home.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
        path.display().to_string()
    }

    async fn run(&self, args: &[&str]) -> Outcome {
        let mut command = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"));
        command
            .args(args)
            .env_remove("RECOUP_API_KEY")
            .env_remove("RECOUP_API_URL")
            .env_remove("XDG_STATE_HOME")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        tokio::task::spawn_blocking(move || {
            let out = command
                .output()
                .unwrap_or_else(|e| panic!("binary runs: {e}"));
            (
                out.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        })
        .await
        .unwrap_or_else(|e| panic!("join: {e}"))
    }
}

/// The stdout of a run that succeeded without a word on stderr.
fn ok(outcome: &Outcome) -> &str {
    assert_eq!(
        (outcome.0, outcome.2.as_str()),
        (0, ""),
        "stdout: {}",
        outcome.1
    );
    &outcome.1
}

/// What a person authors of each task of `key`'s account, sorted: (title, prompt, schedule,
/// timezone, artist, model, enabled).
async fn authored(server: &TestServer, key: &str) -> Vec<Value> {
    let reply = server.call(Method::GET, "/api/tasks", key, None).await;
    let mut tasks: Vec<Value> = reply.body["tasks"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|task| {
            json!([
                task["title"],
                task["prompt"],
                task["schedule"],
                task["timezone"],
                task["artist_account_id"],
                task["model"],
                task["enabled"],
            ])
        })
        .collect();
    tasks.sort_by_key(|task| task.to_string());
    tasks
}

async fn task_count(server: &TestServer, key: &str) -> usize {
    authored(server, key).await.len()
}

/// Three tasks of the tricky kinds: a prompt with quotes, backslashes, unicode and a final
/// line break in a zone; one with a model; one disabled.
async fn three_tasks(server: &TestServer) {
    server
        .create_task(json!({
            "title": "Weekly \"fan\" report",
            "prompt": "Summarize fans\\n of the week:\n\"\"\"quoted\"\"\"\tand ファン 🎸\n",
            "schedule": "0 9 * * 1",
            "timezone": "Europe/Berlin",
        }))
        .await;
    server
        .create_task(json!({
            "title": "Daily digest",
            "prompt": "One line",
            "schedule": "30 8 * * *",
            "model": "openai/gpt-5",
            "artist_account_id": OTHER_ARTIST,
        }))
        .await;
    let paused = server
        .create_task(json!({"title": "Paused", "schedule": "0 7 1 * *"}))
        .await;
    let reply = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": paused["id"], "enabled": false})),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

const CREATE_THREE: &str = "\
+ create \"Paused\" for 1b4e28ba-2fa1-41d2-883f-0016d3cca427
    schedule: \"0 7 1 * *\"
    timezone: \"UTC\"
    enabled: false
+ create \"Weekly \\\"fan\\\" report\" for 1b4e28ba-2fa1-41d2-883f-0016d3cca427
    schedule: \"0 9 * * 1\"
    timezone: \"Europe/Berlin\"
+ create \"Daily digest\" for 9c1d3f0e-5b7a-4c2e-8f6d-2a4b6c8e0f13
    schedule: \"30 8 * * *\"
    timezone: \"UTC\"
    model: \"openai/gpt-5\"

3 to create, 0 to update, 0 to delete, 0 unchanged
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_from_one_server_and_apply_to_another_gives_the_same_tasks_once() {
    let (from, to) = (TestServer::start().await, TestServer::start().await);
    three_tasks(&from).await;
    let source = Cli::on(&from, &from.key);
    let target = Cli::on(&to, &to.key);
    let path = source.home.path().join("tasks.toml").display().to_string();
    assert_eq!(
        ok(&source.run(&["tasks", "export", "-o", &path]).await),
        format!("Exported 3 tasks to {path}\n")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o644));
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        text,
        ok(&source.run(&["tasks", "export"]).await),
        "-o writes what stdout shows"
    );
    assert!(
        text.contains(
            "prompt = \"\"\"\nSummarize fans\\\\n of the week:\n\\\"\\\"\"quoted\\\"\\\"\"\tand ファン 🎸\n\"\"\"\n"
        ),
        "{text}"
    );

    let applied = target.run(&["tasks", "apply", "-f", &path, "--yes"]).await;
    assert_eq!(
        ok(&applied),
        format!("{CREATE_THREE}Applied: 3 created, 0 updated, 0 deleted\n")
    );
    assert_eq!(
        authored(&to, &to.key).await,
        authored(&from, &from.key).await
    );

    let again = target.run(&["tasks", "apply", "-f", &path]).await;
    assert_eq!(
        ok(&again),
        "0 to create, 0 to update, 0 to delete, 3 unchanged\n"
    );
    // The JSON form carries the same tasks.
    let json_path = source.home.path().join("tasks.json").display().to_string();
    ok(&source
        .run(&["tasks", "export", "--format", "json", "-o", &json_path])
        .await);
    let again = target.run(&["tasks", "apply", "-f", &json_path]).await;
    assert_eq!(
        ok(&again),
        "0 to create, 0 to update, 0 to delete, 3 unchanged\n"
    );
    from.stop().await;
    to.stop().await;
}

const TWO_TASKS: &str = r#"[[task]]
title = "Weekly report"
prompt = """
Summarize fans
of the week
in three lines
"""
schedule = "0 9 * * 1"
artist = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"

[[task]]
title = "Monthly"
prompt = "Top songs"
schedule = "0 7 1 * *"
timezone = "America/New_York"
artist = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_is_exactly_one_update_and_prune_exactly_one_delete() {
    let server = TestServer::start().await;
    let cli = Cli::on(&server, &server.key);
    let path = cli.file("tasks.toml", TWO_TASKS);
    ok(&cli.run(&["tasks", "apply", "-f", &path, "-y"]).await);

    let edited = TWO_TASKS
        .replace("0 9 * * 1", "0 10 * * 1")
        .replace("of the week\n", "of the month\n");
    cli.file("tasks.toml", &edited);
    let plan = "\
~ update \"Weekly report\" for 1b4e28ba-2fa1-41d2-883f-0016d3cca427
    prompt:
        Summarize fans
      - of the week
      + of the month
        in three lines
    schedule: \"0 9 * * 1\" → \"0 10 * * 1\"

0 to create, 1 to update, 0 to delete, 1 unchanged
";
    assert_eq!(
        ok(&cli.run(&["tasks", "apply", "-f", &path, "--dry-run"]).await),
        plan
    );
    assert_eq!(
        ok(&cli.run(&["tasks", "apply", "-f", &path, "--yes"]).await),
        format!("{plan}Applied: 0 created, 1 updated, 0 deleted\n")
    );
    let tasks = authored(&server, &server.key).await;
    assert_eq!(tasks[1][2], "0 10 * * 1", "{tasks:?}");
    assert_eq!(
        tasks[1][1],
        "Summarize fans\nof the month\nin three lines\n"
    );

    // The second task left out: kept, and said so; deleted with --prune.
    let first_only = edited
        .split("\n[[task]]\ntitle = \"Monthly\"")
        .next()
        .unwrap_or_default()
        .to_string();
    cli.file("tasks.toml", &first_only);
    assert_eq!(
        ok(&cli.run(&["tasks", "apply", "-f", &path]).await),
        "0 to create, 0 to update, 0 to delete, 1 unchanged\n1 task of the account not in the file kept (--prune deletes them)\n"
    );
    assert_eq!(
        ok(&cli
            .run(&["tasks", "apply", "-f", &path, "--prune", "--yes"])
            .await),
        "- delete \"Monthly\" for 1b4e28ba-2fa1-41d2-883f-0016d3cca427\n\n0 to create, 0 to update, 1 to delete, 1 unchanged\nApplied: 0 created, 0 updated, 1 deleted\n"
    );
    assert_eq!(task_count(&server, &server.key).await, 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_bad_values_writes_nothing_and_names_every_line() {
    let server = TestServer::start().await;
    let cli = Cli::on(&server, &server.key);
    let text = TWO_TASKS
        .replace("0 7 1 * *", "0 25 1 * *")
        .replace("America/New_York", "Mars/Base")
        + "\n[[task]]\ntitle = \"Third\"\nprompt = \"p\"\nschedule = \"0 9 * * 1\"\nartist = \"not-an-id\"\n";
    let path = cli.file("bad.toml", &text);
    let (status, stdout, stderr) = cli.run(&["tasks", "apply", "-f", &path, "--yes"]).await;
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        format!(
            "line 14: schedule \"0 25 1 * *\": Invalid cron expression: Constraint error, got value 25 expected range 0-23\n\
             line 15: timezone \"Mars/Base\": timezone must be a valid IANA time zone\n\
             line 22: artist \"not-an-id\": artist account id must be a valid UUID\n\
             Error: 3 problems in {path}; nothing was written\n"
        )
    );
    assert_eq!(task_count(&server, &server.key).await, 0);

    // A shape problem too is named by line, and stops everything.
    let path = cli.file("shape.toml", "[[task]]\ntitle = \"a\"\nprompt = \"b\"\nschedule = \"0 9 * * 1\"\nartist = \"1b4e28ba-2fa1-41d2-883f-0016d3cca427\"\nenabld = false\n");
    let (status, _, stderr) = cli.run(&["tasks", "apply", "-f", &path, "--yes"]).await;
    assert_eq!(status, 1);
    assert_eq!(
        stderr,
        format!(
            "line 6: unknown field 'enabld' (a task has title, prompt, schedule, timezone, artist or artists, model, enabled)\nError: 1 problem in {path}; nothing was written\n"
        )
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_identity_twice_is_refused_naming_both() {
    let server = TestServer::start().await;
    let cli = Cli::on(&server, &server.key);
    let twice = format!(
        "{TWO_TASKS}\n[[task]]\ntitle = \"Monthly\"\nprompt = \"again\"\nschedule = \"0 8 * * 1\"\nartist = \"1B4E28BA-2FA1-41D2-883F-0016D3CCA427\"\n"
    );
    let path = cli.file("twice.toml", &twice);
    let (status, stdout, stderr) = cli.run(&["tasks", "apply", "-f", &path, "--yes"]).await;
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        format!(
            "line 22: task \"Monthly\" for artist 1b4e28ba-2fa1-41d2-883f-0016d3cca427 is already at line 11 (a task is known by its artist and title)\nError: 1 problem in {path}; nothing was written\n"
        )
    );
    assert_eq!(task_count(&server, &server.key).await, 0);

    let first = server.create_task(json!({"title": "Monthly"})).await;
    let second = server.create_task(json!({"title": "Monthly"})).await;
    let path = cli.file("tasks.toml", TWO_TASKS);
    let (status, _, stderr) = cli.run(&["tasks", "apply", "-f", &path, "--yes"]).await;
    assert_eq!(status, 1);
    let ids = [first["id"].as_str(), second["id"].as_str()].map(Option::unwrap_or_default);
    let (a, b) = if ids[0] < ids[1] {
        (ids[0], ids[1])
    } else {
        (ids[1], ids[0])
    };
    let listed = stderr.contains(&format!("({a}, {b})")) || stderr.contains(&format!("({b}, {a})"));
    assert!(listed, "{stderr}");
    assert!(
        stderr.starts_with(
            "the account has 2 tasks \"Monthly\" for artist 1b4e28ba-2fa1-41d2-883f-0016d3cca427 ("
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(&format!(
            "): a task is known by its artist and title, so rename or delete all but one\nError: 1 problem in {path}; nothing was written\n"
        )),
        "{stderr}"
    );
    assert_eq!(task_count(&server, &server.key).await, 2);
    server.stop().await;
}

/// Four artists: four creates, and no progress bar when stderr is not a terminal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn artists_makes_one_task_per_artist() {
    let server = TestServer::start().await;
    let cli = Cli::on(&server, &server.key);
    let path = cli.file(
        "rollout.toml",
        &format!(
            "[[task]]\ntitle = \"Weekly report\"\nprompt = \"Summarize fans\"\nschedule = \"0 9 * * 1\"\nartists = [\"{ARTIST}\", \"{OTHER_ARTIST}\",\n  \"{THIRD_ARTIST}\", \"{FOURTH_ARTIST}\"]\n"
        ),
    );
    let creates: String = [ARTIST, OTHER_ARTIST, THIRD_ARTIST, FOURTH_ARTIST]
        .iter()
        .map(|artist| {
            format!(
                "+ create \"Weekly report\" for {artist}\n    schedule: \"0 9 * * 1\"\n    timezone: \"UTC\"\n"
            )
        })
        .collect();
    assert_eq!(
        ok(&cli.run(&["tasks", "apply", "-f", &path, "--yes"]).await),
        format!(
            "{creates}\n4 to create, 0 to update, 0 to delete, 0 unchanged\nApplied: 4 created, 0 updated, 0 deleted\n"
        )
    );
    let tasks = authored(&server, &server.key).await;
    let mut artists: Vec<&str> = tasks.iter().filter_map(|task| task[4].as_str()).collect();
    artists.sort_unstable();
    let mut expected = [ARTIST, OTHER_ARTIST, THIRD_ARTIST, FOURTH_ARTIST];
    expected.sort_unstable();
    assert_eq!(artists, expected);
    assert_eq!(
        ok(&cli.run(&["tasks", "apply", "-f", &path]).await),
        "0 to create, 0 to update, 0 to delete, 4 unchanged\n"
    );
    // An export keeps one table per task; filtered by artist, as JSON.
    assert_eq!(
        ok(&cli
            .run(&[
                "tasks",
                "export",
                "--artist",
                OTHER_ARTIST,
                "--format",
                "json"
            ])
            .await),
        format!(
            "[\n  {{\n    \"title\": \"Weekly report\",\n    \"prompt\": \"Summarize fans\",\n    \"schedule\": \"0 9 * * 1\",\n    \"timezone\": \"UTC\",\n    \"artist\": \"{OTHER_ARTIST}\",\n    \"enabled\": true\n  }}\n]\n"
        )
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_and_an_unasked_apply_write_nothing() {
    let server = TestServer::start().await;
    let cli = Cli::on(&server, &server.key);
    let path = cli.file("tasks.toml", TWO_TASKS);
    let plan = ok(&cli.run(&["tasks", "apply", "-f", &path, "--dry-run"]).await).to_string();
    assert!(
        plan.ends_with("\n2 to create, 0 to update, 0 to delete, 0 unchanged\n"),
        "{plan}"
    );
    assert_eq!(task_count(&server, &server.key).await, 0);
    // No terminal to ask on, no --yes: the plan, then a refusal that says what to pass.
    let (status, stdout, stderr) = cli.run(&["tasks", "apply", "-f", &path]).await;
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            1,
            plan.as_str(),
            "Error: not applied: standard input is not a terminal to ask on; pass --yes to apply without asking\n"
        )
    );
    assert_eq!(task_count(&server, &server.key).await, 0);
    server.stop().await;
}

/// A Free account the CLI does not know the plan of (no profile): the service refuses one
/// write, the others are made, the refusal is reported, exit 1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_write_is_reported_and_the_others_go_on() {
    let server = TestServer::start().await;
    let (_, free) = server
        .new_account_on("free@label.com", None, Plan::Free)
        .await;
    let cli = Cli::on(&server, &free);
    let file = TWO_TASKS
        .replace("0 9 * * 1", "0 9 * * *")
        .replace("0 7 1 * *", "0 7 * * 1");
    let path = cli.file("tasks.toml", &file);
    let (status, stdout, stderr) = cli.run(&["tasks", "apply", "-f", &path, "--yes"]).await;
    assert_eq!(status, 1, "{stdout}{stderr}");
    assert!(
        stdout.ends_with("2 to create, 0 to update, 0 to delete, 0 unchanged\nApplied: 1 created, 0 updated, 0 deleted\n"),
        "{stdout}"
    );
    assert_eq!(
        stderr,
        "Error: create \"Weekly report\" for 1b4e28ba-2fa1-41d2-883f-0016d3cca427: Free runs tasks weekly at most. Starter runs daily, Pro runs hourly. (plan free, schedule fires every 1 day, at most weekly allowed; upgrade: https://app.recoupable.dev/plan)\nError: 1 of 2 changes failed (see above); the others were made\n"
    );
    let tasks = authored(&server, &free).await;
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0][0], "Monthly");
    server.stop().await;
}

/// A profile that names its plan: the plan's limits are checked before any write, each problem
/// at its line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_known_plans_limits_are_checked_before_any_write() {
    let server = TestServer::start().await;
    let cli = Cli::new();
    let config: PathBuf = cli.home.path().join("config").join("recoup-tasks");
    std::fs::create_dir_all(&config).unwrap_or_else(|e| panic!("{e}"));
    let config = config.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[profiles]]\nname = \"free\"\napi_url = \"{}\"\napi_key = \"{}\"\nplan = \"free\"\n",
            server.server.url, server.key
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let file = TWO_TASKS.replace("0 9 * * 1", "0 9 * * *");
    let path = cli.file("tasks.toml", &file);
    let (status, stdout, stderr) = cli
        .run(&["--profile", "free", "tasks", "apply", "-f", &path, "--yes"])
        .await;
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        format!(
            "line 8: schedule \"0 9 * * *\" fires every 1 day: Free runs tasks weekly at most. Starter runs daily, Pro runs hourly.\n\
             line 11: task \"Monthly\" would be enabled task 2 of the account: Free includes 1 task. Starter includes 3, Pro is unlimited.\n\
             Error: 2 problems in {path}; nothing was written\n"
        )
    );
    assert_eq!(task_count(&server, &server.key).await, 0);
    server.stop().await;
}

/// Runs `args` in a pseudo-terminal (util-linux `script`), typing `input`: (status, screen).
async fn run_in_terminal(cli: &Cli, args: &[&str], input: &str) -> (i32, String) {
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
        .envs(cli.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let input = input.to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("script runs: {e}"));
        if let Some(mut pipe) = child.stdin.take() {
            pipe.write_all(input.as_bytes())
                .unwrap_or_else(|e| panic!("typing: {e}"));
        }
        let out = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("script finishes: {e}"));
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
        )
    })
    .await
    .unwrap_or_else(|e| panic!("join: {e}"))
}

/// On a terminal, without --yes: asked once; `n` writes nothing, `y` applies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_terminal_is_asked_once() {
    assert!(
        std::path::Path::new("/usr/bin/script").exists(),
        "util-linux `script` provides the terminal for this test"
    );
    let server = TestServer::start().await;
    let cli = Cli::on(&server, &server.key);
    let path = cli.file("tasks.toml", TWO_TASKS);
    let (status, screen) = run_in_terminal(&cli, &["tasks", "apply", "-f", &path], "n\n").await;
    assert_eq!(status, 1, "{screen}");
    assert!(
        screen.contains("2 to create, 0 to update, 0 to delete, 0 unchanged\nApply? [y/N] "),
        "{screen}"
    );
    assert!(screen.ends_with("Error: not applied\n"), "{screen}");
    assert_eq!(task_count(&server, &server.key).await, 0);
    let (status, screen) = run_in_terminal(&cli, &["tasks", "apply", "-f", &path], "y\n").await;
    assert_eq!(status, 0, "{screen}");
    assert!(
        screen.ends_with("Applied: 2 created, 0 updated, 0 deleted\n"),
        "{screen}"
    );
    assert_eq!(task_count(&server, &server.key).await, 2);
    server.stop().await;
}

/// A create whose reply is a 500 although the task was made: looked up, not sent again, said
/// in a warning, counted as created.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_that_committed_despite_an_error_is_not_sent_again() {
    use crate::client_support::{Action, FaultServer, json};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let posted = Arc::new(AtomicBool::new(false));
    let seen = posted.clone();
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let server = FaultServer::start(move |request, _| {
        if request.method == "POST" {
            seen.store(true, Ordering::SeqCst);
            return Action::Raw(json(
                500,
                r#"{"status":"error","error":"Failed to create job: boom"}"#,
            ));
        }
        if request.target.starts_with("/api/tasks") && seen.load(Ordering::SeqCst) {
            let task = json!({"id": "5d0c5a38-3a4f-4f55-9a2e-6c1f3f4a8b21", "title": "Monthly",
                "prompt": "Top songs", "schedule": "0 7 1 * *", "artist_account_id": ARTIST,
                "timezone": "America/New_York", "enabled": true, "created_at": created_at});
            return Action::Raw(json(
                200,
                &json!({"status": "success", "tasks": [task]}).to_string(),
            ));
        }
        if request.target.starts_with("/api/tasks") {
            return Action::Raw(json(200, r#"{"status":"success","tasks":[]}"#));
        }
        Action::Raw(json(404, r#"{"status":"error","error":"Not found"}"#))
    })
    .await;
    let mut cli = Cli::new();
    cli.env.push(("RECOUP_API_URL".into(), server.url.clone()));
    cli.env.push((
        "RECOUP_API_KEY".into(),
        "recoup_sk_faulty_0123456789abcdef".into(),
    ));
    let one = TWO_TASKS
        .split("\n[[task]]\n")
        .nth(1)
        .map(|second| format!("[[task]]\n{second}"))
        .unwrap_or_default();
    let path = cli.file("tasks.toml", &one);
    let (status, stdout, stderr) = cli.run(&["tasks", "apply", "-f", &path, "--yes"]).await;
    assert_eq!(
        (status, stderr.as_str()),
        (
            0,
            "Warning: Failed to create job: boom; the task \"Monthly\" had been created all the same, so it was not sent again\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 to create, 0 to update, 0 to delete, 0 unchanged\nApplied: 1 created, 0 updated, 0 deleted\n"),
        "{stdout}"
    );
    assert_eq!(server.count("POST"), 1);
}
