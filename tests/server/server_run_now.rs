//! `POST /api/tasks/run` (a local extension: the hosted API has no such call): the task fires
//! at once as a real run with attempts, as the scheduler would fire it; one run per task at a
//! time; a disabled, unknown or foreign task makes no run.

use crate::server_support;

use std::path::Path;
use std::time::Duration;

use recoup_tasks::server::{Clock, Executor, ServerConfig};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::{TestServer, manual_clock};

fn fast(config: &mut ServerConfig, clock: &Clock) {
    config.clock = clock.clone();
    config.runs.attempts = 1;
    config.runs.timeout = Duration::from_secs(20);
}

/// A command that waits until `gate` exists, then prints its task's title.
fn gated_command(gate: &Path) -> Executor {
    Executor::Command(format!(
        "while [ ! -e '{}' ]; do sleep 0.05; done; echo \"$RECOUP_TASK_TITLE\"",
        gate.display()
    ))
}

async fn runs(server: &TestServer) -> Vec<Value> {
    let reply = server.get("/api/tasks/runs?limit=100").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["runs"].as_array().cloned().unwrap_or_default()
}

async fn retrieve(server: &TestServer, run_id: &str) -> Value {
    let reply = server.get(&format!("/api/tasks/runs?runId={run_id}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["runs"][0].clone()
}

/// Waits (real time, bounded) until run `run_id` satisfies `done`.
async fn run_until(
    server: &TestServer,
    run_id: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    for _ in 0..400 {
        let run = retrieve(server, run_id).await;
        if done(&run) {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("expected {what}, got {:#?}", retrieve(server, run_id).await);
}

async fn run_now(server: &TestServer, key: &str, id: &str) -> (StatusCode, Value) {
    let reply = server
        .call(
            Method::POST,
            "/api/tasks/run",
            key,
            Some(json!({ "id": id })),
        )
        .await;
    (reply.status, reply.body)
}

#[tokio::test]
async fn the_task_fires_at_once_as_a_run_with_an_attempt() {
    let clock = manual_clock("2026-03-02T08:30:00Z");
    let server = TestServer::start_with(|config| fast(config, &clock)).await;
    let task = server.create_task(json!({"title": "Fan report"})).await;
    let task_id = task["id"].as_str().unwrap_or_default().to_string();

    let (status, body) = run_now(&server, &server.key.clone(), &task_id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "success");
    let run_id = body["runId"].as_str().unwrap_or_default().to_string();
    assert!(run_id.starts_with("run_"), "{body}");

    let run = run_until(&server, &run_id, "a completed run", |run| {
        run["status"] == "COMPLETED"
    })
    .await;
    assert_eq!(run["payload"]["externalId"], task_id.as_str());
    assert_eq!(run["payload"]["timestamp"], "2026-03-02T08:30:00.000Z");
    assert_eq!(run["attemptCount"], 1);
    assert_eq!(run["attempts"][0]["status"], "COMPLETED");
    assert_eq!(runs(&server).await.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_or_foreign_task_is_not_found_and_makes_no_run() {
    let clock = manual_clock("2026-03-02T08:30:00Z");
    let server = TestServer::start_with(|config| fast(config, &clock)).await;
    let (_, stranger_key) = server.new_account("stranger@example.com", None).await;
    let task = server.create_task(json!({})).await;
    let task_id = task["id"].as_str().unwrap_or_default().to_string();

    let (status, body) = run_now(&server, &stranger_key, &task_id).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"], "Task not found");
    let unknown = "6f1c2a40-1111-4222-8333-944455556666";
    let (status, body) = run_now(&server, &server.key.clone(), unknown).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"], "Task not found");
    let reply = server
        .call(
            Method::POST,
            "/api/tasks/run",
            &server.key.clone(),
            Some(json!({})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(runs(&server).await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_task_whose_run_is_unfinished_is_refused_and_makes_no_second_run() {
    let clock = manual_clock("2026-03-02T08:30:00Z");
    let gate = tempfile::tempdir().expect("temp dir");
    let gate = gate.path().join("open");
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.executor = gated_command(&gate);
    })
    .await;
    let task = server.create_task(json!({"title": "Held"})).await;
    let task_id = task["id"].as_str().unwrap_or_default().to_string();

    let (status, body) = run_now(&server, &server.key.clone(), &task_id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let run_id = body["runId"].as_str().unwrap_or_default().to_string();
    run_until(&server, &run_id, "an executing run", |run| {
        run["status"] == "EXECUTING"
    })
    .await;

    let (status, body) = run_now(&server, &server.key.clone(), &task_id).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        body["error"],
        "The task already has a run queued or executing; wait for it to finish"
    );
    assert_eq!(runs(&server).await.len(), 1);

    std::fs::write(&gate, "").unwrap_or_else(|err| panic!("cannot open the gate: {err}"));
    let run = run_until(&server, &run_id, "a completed run", |run| {
        run["status"] == "COMPLETED"
    })
    .await;
    assert_eq!(run["attempts"][0]["status"], "COMPLETED", "{run:#}");
    server.stop().await;
}

#[tokio::test]
async fn a_disabled_task_is_refused() {
    let clock = manual_clock("2026-03-02T08:30:00Z");
    let server = TestServer::start_with(|config| fast(config, &clock)).await;
    let task = server.create_task(json!({})).await;
    let task_id = task["id"].as_str().unwrap_or_default().to_string();
    let reply = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key.clone(),
            Some(json!({"id": task_id, "enabled": false})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let (status, body) = run_now(&server, &server.key.clone(), &task_id).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"], "The task is disabled; enable it to run it");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(runs(&server).await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_server_without_the_scheduler_refuses_rather_than_queue_forever() {
    let server = TestServer::start().await;
    let task = server.create_task(json!({})).await;
    let task_id = task["id"].as_str().unwrap_or_default().to_string();
    let (status, body) = run_now(&server, &server.key.clone(), &task_id).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_of_body(&body), RUNS_ELSEWHERE);
    assert!(runs(&server).await.is_empty());
    server.stop().await;
}

const RUNS_ELSEWHERE: &str = "This server does not run the scheduler for its database \
     (another process does); run the task from that process";

fn error_of_body(body: &Value) -> &str {
    body["error"].as_str().unwrap_or_default()
}
