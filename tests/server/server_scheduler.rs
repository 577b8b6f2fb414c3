//! The scheduler with a manual clock: fires on time (across a DST change), records runs and
//! attempts, retries, skips what was missed while down, stops at once when a task is disabled
//! or deleted, and runs once per database file.

use crate::server_support;

use std::time::Duration;

use recoup_tasks::server::{Clock, Executor, ServerConfig};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::{TestServer, instant, manual_clock};

fn fast(config: &mut ServerConfig, clock: &Clock) {
    config.clock = clock.clone();
    config.runs.backoff = Duration::from_millis(10);
    config.runs.backoff_max = Duration::from_millis(40);
    config.runs.timeout = Duration::from_secs(5);
}

async fn scheduled_server(start: &str) -> TestServer {
    let clock = manual_clock(start);
    TestServer::start_with(|config| fast(config, &clock)).await
}

/// The account's runs, newest first (list mode).
async fn runs(server: &TestServer) -> Vec<Value> {
    let reply = server.get("/api/tasks/runs?limit=100").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["runs"].as_array().cloned().unwrap_or_default()
}

/// Waits (real time, bounded) until `count` runs have finished.
async fn finished_runs(server: &TestServer, count: usize) -> Vec<Value> {
    for _ in 0..500 {
        let all = runs(server).await;
        let done = all.iter().filter(|run| run["isCompleted"] == true).count();
        if done >= count {
            return all;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "expected {count} finished runs, got {:#?}",
        runs(server).await
    );
}

async fn retrieve(server: &TestServer, run_id: &str) -> Value {
    let reply = server.get(&format!("/api/tasks/runs?runId={run_id}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["runs"][0].clone()
}

/// Gives the scheduler time to act on a change it should ignore.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(700)).await;
}

#[tokio::test]
async fn task_fires_at_its_time_and_the_run_carries_every_field() {
    let server = scheduled_server("2026-03-02T08:00:00Z").await;
    let task = server
        .create_task(json!({"schedule": "0 9 * * *", "title": "Daily"}))
        .await;
    settle().await;
    assert!(runs(&server).await.is_empty(), "nothing fires early");
    let before = server.get("/api/tasks").await;
    assert_eq!(before.body["tasks"][0]["recent_runs"], json!([]));
    assert_eq!(
        before.body["tasks"][0]["upcoming"][0],
        "2026-03-02T09:00:00.000Z"
    );
    server.clock().set(instant("2026-03-02T09:00:00Z"));
    let listed = finished_runs(&server, 1).await;
    assert_eq!(listed.len(), 1);
    let item = &listed[0];
    assert_eq!(item["status"], "COMPLETED");
    assert!(item.get("payload").is_none(), "list items carry no payload");
    assert_eq!(item["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(item["env"]["name"], "local");

    let run = retrieve(&server, item["id"].as_str().unwrap()).await;
    assert!(run["id"].as_str().unwrap().starts_with("run_"));
    assert_eq!(run["taskIdentifier"], "customer-prompt-task");
    assert_eq!(run["tags"], json!([format!("account:{}", server.account)]));
    assert_eq!(run["isCompleted"], true);
    assert_eq!(run["isSuccess"], true);
    assert_eq!(run["isFailed"], false);
    assert_eq!(run["depth"], 0);
    assert_eq!(run["triggerFunction"], "trigger");
    assert!(run.get("env").is_none(), "retrieved runs carry no env");
    for field in [
        "createdAt",
        "updatedAt",
        "startedAt",
        "finishedAt",
        "costInCents",
        "baseCostInCents",
        "durationMs",
        "relatedRuns",
    ] {
        assert!(run.get(field).is_some(), "missing {field}");
    }
    let payload = &run["payload"];
    assert_eq!(payload["type"], "IMPERATIVE");
    assert_eq!(payload["timestamp"], "2026-03-02T09:00:00.000Z");
    assert_eq!(payload["timezone"], "UTC");
    assert_eq!(payload["scheduleId"], task["trigger_schedule_id"]);
    assert_eq!(payload["externalId"], task["id"]);
    let upcoming = payload["upcoming"].as_array().unwrap();
    assert_eq!(upcoming.len(), 10);
    assert_eq!(upcoming[0], "2026-03-03T09:00:00.000Z");
    assert_eq!(run["schedule"]["id"], task["trigger_schedule_id"]);
    assert_eq!(run["schedule"]["externalId"], task["id"]);
    assert_eq!(run["schedule"]["generator"]["type"], "CRON");
    assert_eq!(run["schedule"]["generator"]["expression"], "0 9 * * *");
    assert_eq!(run["schedule"]["generator"]["description"], "At 09:00 AM");
    let output = &run["output"];
    assert_eq!(output["prompt"], "Summarize fans");
    assert_eq!(output["model"], "moonshotai/kimi-k3");
    assert_eq!(output["firedAt"], "2026-03-02T09:00:00.000Z");
    let attempt = &run["attempts"][0];
    assert_eq!(attempt["status"], "COMPLETED");
    assert!(attempt["id"].as_str().unwrap().starts_with("attempt_"));

    // The listing made before the fire is not served again: runs and fire times moved on.
    let listed_task = server.get("/api/tasks").await;
    assert_eq!(
        listed_task.body["tasks"][0]["upcoming"][0],
        "2026-03-03T09:00:00.000Z"
    );
    let recent = &listed_task.body["tasks"][0]["recent_runs"];
    assert_eq!(recent[0]["id"], item["id"]);
    assert_eq!(recent[0]["attempts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn fires_at_nine_local_time_on_both_sides_of_a_dst_change() {
    // US clocks spring forward on Sunday 2026-03-08.
    let server = scheduled_server("2026-03-07T12:00:00Z").await;
    server
        .create_task(json!({"schedule": "0 9 * * *", "timezone": "America/New_York"}))
        .await;
    settle().await;
    server.clock().set(instant("2026-03-07T14:00:00Z"));
    finished_runs(&server, 1).await;
    server.clock().set(instant("2026-03-08T13:00:00Z"));
    let all = finished_runs(&server, 2).await;
    let newest = retrieve(&server, all[0]["id"].as_str().unwrap()).await;
    assert_eq!(newest["payload"]["timestamp"], "2026-03-08T13:00:00.000Z");
    assert_eq!(
        newest["payload"]["lastTimestamp"],
        "2026-03-07T14:00:00.000Z"
    );
    assert_eq!(newest["payload"]["timezone"], "America/New_York");
    let oldest = retrieve(&server, all[1]["id"].as_str().unwrap()).await;
    assert_eq!(oldest["payload"]["timestamp"], "2026-03-07T14:00:00.000Z");
}

#[tokio::test]
async fn a_failing_command_is_retried_three_times_and_the_run_fails() {
    let clock = manual_clock("2026-03-02T08:59:00Z");
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.executor = Executor::Command("echo boom >&2; exit 3".to_string());
    })
    .await;
    server.create_task(json!({"schedule": "0 9 * * *"})).await;
    settle().await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    let all = finished_runs(&server, 1).await;
    let run = retrieve(&server, all[0]["id"].as_str().unwrap()).await;
    assert_eq!(run["status"], "FAILED");
    assert_eq!(run["isFailed"], true);
    assert_eq!(run["error"]["message"], "command exited with status 3");
    assert_eq!(run["error"]["stackTrace"], "boom\n");
    assert_eq!(run["attemptCount"], 3);
    let attempts = run["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3);
    assert!(attempts.iter().all(|attempt| attempt["status"] == "FAILED"));
    assert!(run.get("output").is_none());
}

#[tokio::test]
async fn a_hanging_command_times_out_and_fails_the_attempt() {
    let clock = manual_clock("2026-03-02T08:59:00Z");
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.attempts = 1;
        config.runs.timeout = Duration::from_millis(300);
        config.runs.executor = Executor::Command("sleep 30".to_string());
    })
    .await;
    server.create_task(json!({"schedule": "0 9 * * *"})).await;
    settle().await;
    let started = std::time::Instant::now();
    clock.set(instant("2026-03-02T09:00:00Z"));
    let all = finished_runs(&server, 1).await;
    assert!(started.elapsed() < Duration::from_secs(10));
    let run = retrieve(&server, all[0]["id"].as_str().unwrap()).await;
    assert_eq!(run["status"], "FAILED");
    assert_eq!(run["error"]["name"], "TimeoutError");
}

#[tokio::test]
async fn a_command_gets_the_prompt_on_stdin_and_task_fields_in_env() {
    let clock = manual_clock("2026-03-02T08:59:00Z");
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.executor = Executor::Command(
            r#"printf '%s|%s|%s|' "$RECOUP_TASK_TITLE" "$RECOUP_FIRE_TIME" "$RECOUP_MODEL"; cat"#
                .to_string(),
        );
    })
    .await;
    server.create_task(json!({"schedule": "0 9 * * *", "title": "T1", "model": "m1", "prompt": "héllo\nworld"})).await;
    settle().await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    let all = finished_runs(&server, 1).await;
    let run = retrieve(&server, all[0]["id"].as_str().unwrap()).await;
    assert_eq!(run["status"], "COMPLETED");
    assert_eq!(run["output"], "T1|2026-03-02T09:00:00.000Z|m1|héllo\nworld");
}

#[tokio::test]
async fn openai_executor_posts_the_prompt_and_keeps_the_reply_text() {
    use axum::{Json, Router, routing::post};
    let fake = Router::new().route(
        "/v1/chat/completions",
        post(|Json(body): Json<Value>| async move {
            let prompt = body["messages"][1]["content"].as_str().unwrap_or_default().to_string();
            let model = body["model"].as_str().unwrap_or_default().to_string();
            Json(json!({"choices": [{"message": {"role": "assistant", "content": format!("{model} says: {prompt}")}}]}))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, fake).await });
    let clock = manual_clock("2026-03-02T08:59:00Z");
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.executor = Executor::parse(&format!("openai:{base}")).unwrap();
    })
    .await;
    server
        .create_task(json!({"schedule": "0 9 * * *", "prompt": "hi", "model": "tiny"}))
        .await;
    settle().await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    let all = finished_runs(&server, 1).await;
    let run = retrieve(&server, all[0]["id"].as_str().unwrap()).await;
    assert_eq!(run["output"], "tiny says: hi");
}

#[tokio::test]
async fn disabled_and_deleted_tasks_stop_firing_at_once() {
    let server = scheduled_server("2026-03-02T08:00:00Z").await;
    let disabled = server.create_task(json!({"schedule": "0 9 * * *"})).await;
    let deleted = server.create_task(json!({"schedule": "0 9 * * *"})).await;
    let off = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": disabled["id"], "enabled": false})),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK);
    let gone = server
        .call(
            Method::DELETE,
            "/api/tasks",
            &server.key,
            Some(json!({"id": deleted["id"]})),
        )
        .await;
    assert_eq!(gone.status, StatusCode::OK);
    server.clock().set(instant("2026-03-02T09:00:00Z"));
    settle().await;
    assert!(runs(&server).await.is_empty());
}

#[tokio::test]
async fn a_late_wake_fires_once_and_does_not_catch_up() {
    let server = scheduled_server("2026-03-02T08:30:00Z").await;
    server.create_task(json!({"schedule": "0 * * * *"})).await;
    settle().await;
    // Four hourly fires were missed; only one run happens, then the schedule resumes from now.
    server.clock().set(instant("2026-03-02T12:30:00Z"));
    finished_runs(&server, 1).await;
    settle().await;
    assert_eq!(runs(&server).await.len(), 1);
    server.clock().set(instant("2026-03-02T13:00:00Z"));
    let all = finished_runs(&server, 2).await;
    let newest = retrieve(&server, all[0]["id"].as_str().unwrap()).await;
    assert_eq!(newest["payload"]["timestamp"], "2026-03-02T13:00:00.000Z");
}

#[tokio::test]
async fn no_backfill_after_downtime() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.db");
    let clock = manual_clock("2026-03-02T08:00:00Z");
    let first = TestServer::start_with(|config| {
        fast(config, &clock);
        config.db_path = db.clone();
    })
    .await;
    first.create_task(json!({"schedule": "0 * * * *"})).await;
    let key = first.key.clone();
    first.stop().await;
    // Down from 08:00 to 11:30: the 09:00, 10:00 and 11:00 fires are never made up.
    let later = manual_clock("2026-03-02T11:30:00Z");
    let mut second = TestServer::start_with(|config| {
        fast(config, &later);
        config.db_path = db.clone();
    })
    .await;
    second.key = key;
    settle().await;
    assert!(runs(&second).await.is_empty());
    later.set(instant("2026-03-02T12:00:00Z"));
    let all = finished_runs(&second, 1).await;
    let run = retrieve(&second, all[0]["id"].as_str().unwrap()).await;
    assert_eq!(run["payload"]["timestamp"], "2026-03-02T12:00:00.000Z");
}

#[tokio::test]
async fn two_servers_on_one_database_fire_a_task_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.db");
    let clock = manual_clock("2026-03-02T08:00:00Z");
    let first = TestServer::start_with(|config| {
        fast(config, &clock);
        config.db_path = db.clone();
    })
    .await;
    let second = TestServer::start_with(|config| {
        fast(config, &clock);
        config.db_path = db.clone();
    })
    .await;
    first.create_task(json!({"schedule": "0 9 * * *"})).await;
    settle().await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    finished_runs(&first, 1).await;
    settle().await;
    assert_eq!(runs(&first).await.len(), 1);
    drop(second);
}

#[tokio::test]
async fn runs_are_private_to_their_owner() {
    let server = scheduled_server("2026-03-02T08:00:00Z").await;
    let (_, other_key) = server.new_account("other@example.com", None).await;
    server.create_task(json!({"schedule": "0 9 * * *"})).await;
    settle().await;
    server.clock().set(instant("2026-03-02T09:00:00Z"));
    let all = finished_runs(&server, 1).await;
    let run_id = all[0]["id"].as_str().unwrap();
    let reply = server
        .call(
            Method::GET,
            &format!("/api/tasks/runs?runId={run_id}"),
            &other_key,
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.body["error"], "Task run not found");
    let listed = server
        .call(Method::GET, "/api/tasks/runs", &other_key, None)
        .await;
    assert_eq!(listed.body["runs"], json!([]));
}

#[tokio::test]
async fn a_prompt_edited_just_before_the_fire_is_the_one_sent() {
    let server = scheduled_server("2026-03-02T08:00:00Z").await;
    let task = server.create_task(json!({"schedule": "0 9 * * *"})).await;
    settle().await;
    let patched = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": task["id"], "prompt": "Edited"})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK);
    server.clock().set(instant("2026-03-02T09:00:00Z"));
    let all = finished_runs(&server, 1).await;
    let run = retrieve(&server, all[0]["id"].as_str().unwrap()).await;
    assert_eq!(run["output"]["prompt"], "Edited");
    assert!(
        run["payload"].get("lastTimestamp").is_none(),
        "a first fire has no previous one"
    );
}
