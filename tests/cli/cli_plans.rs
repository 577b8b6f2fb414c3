//! `tasks create|update` refused by the hosted API's plan gate (a 402 `plan_limit`, addendum
//! §1.3): exactly one line on stderr — the sentence, the plan and its count or cadence, the
//! link — and exit status 1. Played by a fault server answering the exact bodies.

use crate::client_support;
use crate::server_support::TestServer;

use std::process::{Command, Stdio};

use client_support::{Action, FaultServer, json};
use recoup_tasks::model::Plan;

const KEY: &str = "recoup_sk_cliplantestkey_0123456789abcdefghijklmno";
const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const TASK: &str = "5d0c5a38-3a4f-4f55-9a2e-6c1f3f4a8b21";

const FREE_TASK_COUNT: &str = r#"{"status":"error","error":"plan_limit","limit":"task_count","message":"Free includes 1 task. Starter includes 3, Pro is unlimited.","plan":"free","task_limit":1,"min_cadence_minutes":10080,"current_task_count":1,"billingUrl":"https://app.recoupable.dev/plan"}"#;
const FREE_CADENCE: &str = r#"{"status":"error","error":"plan_limit","limit":"min_cadence","message":"Free runs tasks weekly at most. Starter runs daily, Pro runs hourly.","plan":"free","task_limit":1,"min_cadence_minutes":10080,"current_task_count":0,"billingUrl":"https://app.recoupable.dev/plan"}"#;
const STARTER_CADENCE: &str = r#"{"status":"error","error":"plan_limit","limit":"min_cadence","message":"Starter runs tasks daily at most. Pro runs hourly.","plan":"starter","task_limit":3,"min_cadence_minutes":1440,"current_task_count":2,"billingUrl":"https://app.recoupable.dev/plan"}"#;

/// Runs the binary against `url` with a key from the environment: (exit status, stdout, stderr).
async fn run(url: &str, args: &[&str]) -> (i32, String, String) {
    run_as(url, KEY, args).await
}

/// [`run`] with another key.
async fn run_as(url: &str, key: &str, args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut command = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"));
    command
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("XDG_STATE_HOME")
        .env("TZ", "UTC")
        .env("RECOUP_API_URL", url)
        .env("RECOUP_API_KEY", key)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    tokio::task::spawn_blocking(move || {
        let out = command
            .output()
            .unwrap_or_else(|e| panic!("binary runs: {e}"));
        drop(home);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap_or_else(|e| panic!("join: {e}"))
}

async fn refusing(body: &'static str) -> FaultServer {
    FaultServer::start(move |_, _| Action::Raw(json(402, body))).await
}

fn create(schedule: &str) -> Vec<String> {
    [
        "tasks",
        "create",
        "--title",
        "Fans",
        "--prompt",
        "Summarize",
        "--schedule",
        schedule,
        "--artist",
        ARTIST,
    ]
    .map(str::to_string)
    .to_vec()
}

#[tokio::test]
async fn a_second_task_on_free_is_refused_in_one_line_with_the_count_and_link() {
    let server = refusing(FREE_TASK_COUNT).await;
    let args = create("0 9 * * 1");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, stdout, stderr) = run(&server.url, &args).await;
    assert_eq!(status, 1);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "Error: Free includes 1 task. Starter includes 3, Pro is unlimited. (plan free, 1 of 1 enabled tasks; upgrade: https://app.recoupable.dev/plan)\n"
    );
    assert_eq!(server.count("POST"), 1);
}

#[tokio::test]
async fn a_daily_task_on_free_is_refused_naming_its_cadence_and_the_plans() {
    let server = refusing(FREE_CADENCE).await;
    let args = create("0 9 * * *");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, stdout, stderr) = run(&server.url, &args).await;
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "Error: Free runs tasks weekly at most. Starter runs daily, Pro runs hourly. (plan free, schedule fires every 1 day, at most weekly allowed; upgrade: https://app.recoupable.dev/plan)\n"
    );
}

#[tokio::test]
async fn a_twice_daily_schedule_on_starter_is_refused_on_update() {
    let server = refusing(STARTER_CADENCE).await;
    let (status, stdout, stderr) = run(
        &server.url,
        &[
            "tasks",
            "update",
            "--id",
            TASK,
            "--schedule",
            "0 9,21 * * *",
        ],
    )
    .await;
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "Error: Starter runs tasks daily at most. Pro runs hourly. (plan starter, schedule fires every 12 h, at most daily allowed; upgrade: https://app.recoupable.dev/plan)\n"
    );
    assert_eq!(server.count("PATCH"), 1);
}

#[tokio::test]
async fn a_credits_402_prints_its_sentence_not_its_code() {
    let server = refusing(
        r#"{"status":"error","error":"insufficient_credits","message":"You have no credits left.","billingUrl":"https://app.recoupable.dev"}"#,
    )
    .await;
    let args = create("0 9 * * 1");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, _, stderr) = run(&server.url, &args).await;
    assert_eq!(status, 1);
    assert_eq!(stderr, "Error: You have no credits left.\n");
}

/// The real local server with plans: a Free account's second task, and a Starter account's
/// twice-daily schedule, each refused in one line, exit 1, nothing created.
#[tokio::test]
async fn the_local_servers_plan_refusals_read_as_one_line() {
    let server = TestServer::start().await;
    let url = server.server.url.clone();
    let (_, free) = server
        .new_account_on("free@label.com", None, Plan::Free)
        .await;
    let (status, _, stderr) = run_as(
        &url,
        &free,
        &create("0 9 * * 1")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(
        (status, stderr.as_str()),
        (0, ""),
        "the first task fits Free"
    );
    let (status, stdout, stderr) = run_as(
        &url,
        &free,
        &create("0 9 * * 3")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            1,
            "",
            "Error: Free includes 1 task. Starter includes 3, Pro is unlimited. (plan free, 1 of 1 enabled tasks; upgrade: https://app.recoupable.dev/plan)\n"
        )
    );

    let (_, starter) = server
        .new_account_on("starter@label.com", None, Plan::Starter)
        .await;
    let (status, stdout, stderr) = run_as(
        &url,
        &starter,
        &create("0 9,21 * * *")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            1,
            "",
            "Error: Starter runs tasks daily at most. Pro runs hourly. (plan starter, schedule fires every 12 h, at most daily allowed; upgrade: https://app.recoupable.dev/plan)\n"
        )
    );
    let (status, stdout, _) = run_as(&url, &starter, &["tasks", "list", "--json"]).await;
    assert_eq!(status, 0);
    assert_eq!(
        stdout.matches("\"id\"").count(),
        0,
        "nothing was created: {stdout}"
    );
    server.stop().await;
}
