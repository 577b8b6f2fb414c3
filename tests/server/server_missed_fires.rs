//! Fires that fell while no server was running are not made up (no backfill) but recorded: the
//! next scheduler lists them on the task as `missed_fires`, newest first, at most five.

use crate::server_support;

use std::path::Path;
use std::time::Duration;

use recoup_tasks::server::{Clock, ServerConfig};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::{TestServer, instant, manual_clock};

fn fast(config: &mut ServerConfig, clock: &Clock, db: &Path) {
    config.clock = clock.clone();
    config.db_path = db.to_path_buf();
    config.runs.backoff = Duration::from_millis(10);
    config.runs.backoff_max = Duration::from_millis(40);
}

/// A scheduling server on `db` whose manual clock reads `at`, acting as the account `key`.
async fn server_at(db: &Path, at: &str, key: Option<&str>) -> TestServer {
    let clock = manual_clock(at);
    let mut server = TestServer::start_with(|config| fast(config, &clock, db)).await;
    if let Some(key) = key {
        server.key = key.to_string();
    }
    // Let the scheduler take the lock and look at the tasks.
    settle().await;
    server
}

async fn settle() {
    tokio::time::sleep(Duration::from_millis(700)).await;
}

async fn tasks(server: &TestServer) -> Vec<Value> {
    let reply = server.get("/api/tasks").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["tasks"].as_array().cloned().unwrap_or_default()
}

async fn task(server: &TestServer, id: &Value) -> Value {
    tasks(server)
        .await
        .into_iter()
        .find(|task| &task["id"] == id)
        .unwrap_or_else(|| panic!("task {id} is not listed"))
}

async fn run_count(server: &TestServer) -> usize {
    let reply = server.get("/api/tasks/runs?limit=100").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["runs"].as_array().map_or(0, Vec::len)
}

fn missed(times: &[&str]) -> Value {
    Value::Array(
        times
            .iter()
            .map(|at| json!({"at": at, "reason": "nothing was running"}))
            .collect(),
    )
}

#[tokio::test]
async fn fires_that_fell_while_no_server_ran_are_listed_on_the_task_and_not_run() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = dir.path().join("local.db");
    let first = server_at(&db, "2026-03-02T08:00:00Z", None).await;
    let hourly = first.create_task(json!({"schedule": "0 * * * *"})).await;
    let disabled = first.create_task(json!({"schedule": "0 * * * *"})).await;
    let off = first
        .call(
            Method::PATCH,
            "/api/tasks",
            &first.key,
            Some(json!({"id": disabled["id"], "enabled": false})),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK);
    settle().await;
    first.clock().set(instant("2026-03-02T09:00:00Z"));
    for _ in 0..200 {
        if run_count(&first).await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(run_count(&first).await, 1, "the 09:00 fire ran");
    assert!(
        task(&first, &hourly["id"])
            .await
            .get("missed_fires")
            .is_none(),
        "nothing was missed yet, and an empty list is not sent"
    );
    first.clock().set(instant("2026-03-02T09:30:00Z"));
    let key = first.key.clone();
    first.stop().await;

    // Down from 09:30 to 12:30: the 10:00, 11:00 and 12:00 fires fell while nothing ran.
    let second = server_at(&db, "2026-03-02T12:30:00Z", Some(&key)).await;
    let listed = task(&second, &hourly["id"]).await;
    assert_eq!(
        listed["missed_fires"],
        missed(&[
            "2026-03-02T12:00:00.000Z",
            "2026-03-02T11:00:00.000Z",
            "2026-03-02T10:00:00.000Z",
        ])
    );
    assert!(
        task(&second, &disabled["id"])
            .await
            .get("missed_fires")
            .is_none(),
        "a disabled task misses nothing"
    );
    settle().await;
    assert_eq!(run_count(&second).await, 1, "missed fires are not made up");
    second.stop().await;
}

#[tokio::test]
async fn only_the_five_newest_missed_fires_of_a_task_are_kept() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = dir.path().join("local.db");
    let first = server_at(&db, "2026-03-02T08:00:00Z", None).await;
    let hourly = first.create_task(json!({"schedule": "0 * * * *"})).await;
    let key = first.key.clone();
    first.stop().await;

    let second = server_at(&db, "2026-03-02T20:30:00Z", Some(&key)).await;
    assert_eq!(
        task(&second, &hourly["id"]).await["missed_fires"],
        missed(&[
            "2026-03-02T20:00:00.000Z",
            "2026-03-02T19:00:00.000Z",
            "2026-03-02T18:00:00.000Z",
            "2026-03-02T17:00:00.000Z",
            "2026-03-02T16:00:00.000Z",
        ])
    );
    second.stop().await;

    // A second downtime adds its fires; the oldest ones make room.
    let third = server_at(&db, "2026-03-02T22:30:00Z", Some(&key)).await;
    assert_eq!(
        task(&third, &hourly["id"]).await["missed_fires"],
        missed(&[
            "2026-03-02T22:00:00.000Z",
            "2026-03-02T21:00:00.000Z",
            "2026-03-02T20:00:00.000Z",
            "2026-03-02T19:00:00.000Z",
            "2026-03-02T18:00:00.000Z",
        ])
    );
    third.stop().await;
}
