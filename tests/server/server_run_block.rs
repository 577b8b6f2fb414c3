//! The run path of the plan gate (addendum §1.10): `GET /api/tasks?id=` answers 402 for one
//! task its owner's plan blocks now (grandfathering, cadence first, then slots by age); lists
//! and unknown ids are never checked; and the local scheduler does not run a blocked task but
//! records the fire as missed, with the plan's sentence.

use crate::server_plans::plan_limit;
use crate::server_support;

use std::time::Duration;

use recoup_tasks::model::Plan;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::{Reply, TestServer, instant, manual_clock};

const FREE_COUNT: &str = "Free includes 1 task. Starter includes 3, Pro is unlimited.";
const FREE_CADENCE: &str = "Free runs tasks weekly at most. Starter runs daily, Pro runs hourly.";

async fn server_at(at: &str) -> TestServer {
    let clock = manual_clock(at);
    TestServer::start_with(|config| {
        config.clock = clock.clone();
        config.scheduler = false;
    })
    .await
}

async fn by_id(server: &TestServer, key: &str, task: &Value) -> Reply {
    let id = task["id"].as_str().unwrap_or_default();
    server
        .call(Method::GET, &format!("/api/tasks?id={id}"), key, None)
        .await
}

#[tokio::test]
async fn a_task_the_plan_no_longer_allows_answers_402_by_id_but_lists_are_never_checked() {
    let server = server_at("2026-11-02T08:00:00Z").await;
    let (account, key) = server.new_account("free@example.com", None).await;
    let hourly = server
        .create_task_as(&key, json!({"schedule": "0 * * * *"}))
        .await;
    server.set_plan(&account, Some(Plan::Free)).await;
    let blocked = by_id(&server, &key, &hourly).await;
    assert_eq!(blocked.status, StatusCode::PAYMENT_REQUIRED);
    assert_eq!(
        blocked.body,
        plan_limit("min_cadence", FREE_CADENCE, "free", 0)
    );
    assert_eq!(
        blocked
            .headers
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(&b"*"[..])
    );
    let listed = server.call(Method::GET, "/api/tasks", &key, None).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["tasks"][0]["id"], hourly["id"]);
    let unknown = server
        .call(
            Method::GET,
            "/api/tasks?id=00000000-0000-4000-8000-000000000000",
            &key,
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(unknown.body["tasks"], json!([]));
    // A disabled task is never blocked.
    let off = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &key,
            Some(json!({"id": hourly["id"], "enabled": false})),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK);
    assert_eq!(by_id(&server, &key, &hourly).await.status, StatusCode::OK);
}

#[tokio::test]
async fn over_the_cap_the_oldest_task_keeps_its_slot_and_the_newest_is_blocked() {
    let server = server_at("2026-11-02T08:00:00Z").await;
    let (account, key) = server.new_account("free@example.com", None).await;
    let older = server.create_task_as(&key, json!({"title": "Older"})).await;
    server.clock().advance(chrono::Duration::minutes(1));
    let newer = server.create_task_as(&key, json!({"title": "Newer"})).await;
    server.set_plan(&account, Some(Plan::Free)).await;
    assert_eq!(by_id(&server, &key, &older).await.status, StatusCode::OK);
    let blocked = by_id(&server, &key, &newer).await;
    assert_eq!(blocked.status, StatusCode::PAYMENT_REQUIRED);
    assert_eq!(
        blocked.body,
        plan_limit("task_count", FREE_COUNT, "free", 1)
    );
    // Every caller gets it: a Recoup admin reading by id too.
    let (_, admin_key) = server.new_account("ops@recoup.com", Some("Recoup")).await;
    assert_eq!(
        by_id(&server, &admin_key, &newer).await.status,
        StatusCode::PAYMENT_REQUIRED
    );
}

#[tokio::test]
async fn a_task_from_before_the_gate_runs_until_the_grandfather_date() {
    let server = server_at("2026-08-15T12:00:00Z").await;
    let (account, key) = server.new_account("free@example.com", None).await;
    let daily = server
        .create_task_as(&key, json!({"schedule": "0 9 * * *"}))
        .await;
    server.set_plan(&account, Some(Plan::Free)).await;
    server.clock().set(instant("2026-09-30T23:59:00Z"));
    assert_eq!(by_id(&server, &key, &daily).await.status, StatusCode::OK);
    server.clock().set(instant("2026-10-01T00:00:00Z"));
    let blocked = by_id(&server, &key, &daily).await;
    assert_eq!(
        blocked.body,
        plan_limit("min_cadence", FREE_CADENCE, "free", 0)
    );
}

#[tokio::test]
async fn a_task_of_an_account_without_a_plan_is_never_blocked() {
    let server = server_at("2026-11-02T08:00:00Z").await;
    let task = server.create_task(json!({"schedule": "* * * * *"})).await;
    let reply = by_id(&server, &server.key, &task).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["tasks"][0]["id"], task["id"]);
}

#[tokio::test]
async fn the_scheduler_does_not_run_a_blocked_task_and_records_why() {
    let clock = manual_clock("2026-11-02T08:00:00Z");
    let server = TestServer::start_with(|config| {
        config.clock = clock.clone();
        config.runs.timeout = Duration::from_secs(5);
    })
    .await;
    let (account, key) = server.new_account("free@example.com", None).await;
    let weekly = server
        .create_task_as(&key, json!({"schedule": "0 9 * * 1", "title": "Weekly"}))
        .await;
    let daily = server
        .create_task_as(&key, json!({"schedule": "0 9 * * *", "title": "Daily"}))
        .await;
    server.set_plan(&account, Some(Plan::Free)).await;
    server.clock().set(instant("2026-11-02T09:00:00Z"));
    // The allowed task runs; the blocked one gets a missed fire with the plan's sentence.
    let mut seen = Value::Null;
    for _ in 0..500 {
        let listed = server.call(Method::GET, "/api/tasks", &key, None).await;
        let tasks = listed.body["tasks"].as_array().cloned().unwrap_or_default();
        let find = |id: &Value| tasks.iter().find(|task| task["id"] == *id).cloned();
        let (weekly_now, daily_now) = (find(&weekly["id"]), find(&daily["id"]));
        let ran = weekly_now.as_ref().is_some_and(|task| {
            task["recent_runs"]
                .as_array()
                .is_some_and(|runs| !runs.is_empty())
        });
        let missed = daily_now
            .as_ref()
            .is_some_and(|task| task.get("missed_fires").is_some());
        if ran && missed {
            seen = daily_now.unwrap_or_default();
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        seen["missed_fires"],
        json!([{"at": "2026-11-02T09:00:00.000Z", "reason": format!("blocked by plan: {FREE_CADENCE}")}]),
        "{seen}"
    );
    assert_eq!(seen["recent_runs"], json!([]));
    server.stop().await;
}
