//! The plan gate of the local server (addendum §1) for accounts that have a plan: the exact
//! 402 `plan_limit` bodies, the order of checks of POST (§1.5) and PATCH (§1.6), the counting
//! rule (§1.7), and that nothing is written when the gate refuses. Accounts without a plan are
//! unrestricted (a local divergence).

use crate::server_support;

use recoup_tasks::model::Plan;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::{ARTIST, Reply, TestServer, error_of};

const FREE_COUNT: &str = "Free includes 1 task. Starter includes 3, Pro is unlimited.";
const FREE_CADENCE: &str = "Free runs tasks weekly at most. Starter runs daily, Pro runs hourly.";
const STARTER_COUNT: &str = "Starter includes 3 tasks. Pro is unlimited.";
const STARTER_CADENCE: &str = "Starter runs tasks daily at most. Pro runs hourly.";
const PRO_CADENCE: &str = "Pro runs tasks hourly at most.";

/// The exact 402 body of §1.3, keys in the hosted order.
pub fn plan_limit(limit: &str, message: &str, plan: &str, count: u32) -> Value {
    let (task_limit, min_cadence) = match plan {
        "free" => (json!(1), 10080),
        "starter" => (json!(3), 1440),
        _ => (Value::Null, 60),
    };
    json!({
        "status": "error",
        "error": "plan_limit",
        "limit": limit,
        "message": message,
        "plan": plan,
        "task_limit": task_limit,
        "min_cadence_minutes": min_cadence,
        "current_task_count": count,
        "billingUrl": "https://app.recoupable.dev/plan",
    })
}

fn task_body(schedule: &str) -> Value {
    json!({"title": "Weekly", "prompt": "Summarize fans", "schedule": schedule, "artist_account_id": ARTIST})
}

async fn post(server: &TestServer, key: &str, body: Value) -> Reply {
    server
        .call(Method::POST, "/api/tasks", key, Some(body))
        .await
}

async fn patch(server: &TestServer, key: &str, body: Value) -> Reply {
    server
        .call(Method::PATCH, "/api/tasks", key, Some(body))
        .await
}

/// The account's tasks, as GET lists them (newest first).
async fn tasks_of(server: &TestServer, key: &str) -> Vec<Value> {
    let reply = server.call(Method::GET, "/api/tasks", key, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["tasks"].as_array().cloned().unwrap_or_default()
}

fn assert_refused(reply: &Reply, expected: Value) {
    assert_eq!(reply.status, StatusCode::PAYMENT_REQUIRED, "{}", reply.body);
    assert_eq!(reply.body, expected);
    // Key order as the hosted API builds the body.
    let keys: Vec<&String> = reply
        .body
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    let expected_keys: Vec<&String> = expected
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, expected_keys);
    assert_eq!(
        reply
            .headers
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(&b"*"[..]),
        "402 carries the CORS headers"
    );
}

// ---- POST (§1.5) ----

#[tokio::test]
async fn a_free_accounts_second_task_is_refused_with_the_exact_402_and_nothing_is_written() {
    let server = TestServer::start().await;
    let (_, key) = server
        .new_account_on("free@example.com", None, Plan::Free)
        .await;
    let first = post(&server, &key, task_body("0 9 * * 1")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = post(&server, &key, task_body("0 9 * * 1")).await;
    assert_refused(&second, plan_limit("task_count", FREE_COUNT, "free", 1));
    assert_eq!(tasks_of(&server, &key).await.len(), 1, "nothing written");
}

#[tokio::test]
async fn post_counts_before_it_checks_the_cadence() {
    let server = TestServer::start().await;
    let (_, key) = server
        .new_account_on("free@example.com", None, Plan::Free)
        .await;
    server
        .create_task_as(&key, json!({"schedule": "0 9 * * 1"}))
        .await;
    let reply = post(&server, &key, task_body("* * * * *")).await;
    assert_refused(&reply, plan_limit("task_count", FREE_COUNT, "free", 1));
}

#[tokio::test]
async fn post_refuses_a_schedule_faster_than_the_plan_with_each_plans_sentence() {
    let server = TestServer::start().await;
    let (_, free) = server
        .new_account_on("f@example.com", None, Plan::Free)
        .await;
    let (_, starter) = server
        .new_account_on("s@example.com", None, Plan::Starter)
        .await;
    let (_, pro) = server
        .new_account_on("p@example.com", None, Plan::Pro)
        .await;
    let cases = [
        (
            &free,
            "0 9 * * 1,4",
            plan_limit("min_cadence", FREE_CADENCE, "free", 0),
        ),
        (
            &free,
            "0 9 * * *",
            plan_limit("min_cadence", FREE_CADENCE, "free", 0),
        ),
        (
            &starter,
            "0 9,21 * * *",
            plan_limit("min_cadence", STARTER_CADENCE, "starter", 0),
        ),
        (
            &pro,
            "*/30 * * * *",
            plan_limit("min_cadence", PRO_CADENCE, "pro", 0),
        ),
    ];
    for (key, schedule, expected) in cases {
        let reply = post(&server, key, task_body(schedule)).await;
        assert_refused(&reply, expected);
    }
    for (key, schedule) in [
        (&starter, "0 9 * * *"),
        (&pro, "0 * * * *"),
        (&free, "0 0 1 * *"),
    ] {
        let reply = post(&server, key, task_body(schedule)).await;
        assert_eq!(reply.status, StatusCode::OK, "{schedule}: {}", reply.body);
    }
}

#[tokio::test]
async fn a_starter_account_gets_three_enabled_tasks_and_a_pro_account_any_number() {
    let server = TestServer::start().await;
    let (_, starter) = server
        .new_account_on("s@example.com", None, Plan::Starter)
        .await;
    let (_, pro) = server
        .new_account_on("p@example.com", None, Plan::Pro)
        .await;
    for _ in 0..3 {
        server
            .create_task_as(&starter, json!({"schedule": "0 9 * * *"}))
            .await;
    }
    let fourth = post(&server, &starter, task_body("0 9 * * *")).await;
    assert_refused(
        &fourth,
        plan_limit("task_count", STARTER_COUNT, "starter", 3),
    );
    for _ in 0..5 {
        server
            .create_task_as(&pro, json!({"schedule": "0 * * * *"}))
            .await;
    }
}

#[tokio::test]
async fn post_validates_authenticates_and_checks_the_override_before_the_gate() {
    let server = TestServer::start().await;
    let (_, key) = server
        .new_account_on("free@example.com", None, Plan::Free)
        .await;
    server.create_task_as(&key, json!({})).await;
    let invalid = post(
        &server,
        &key,
        json!({"title": "", "prompt": "p", "schedule": "* * * * *", "artist_account_id": ARTIST}),
    )
    .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&invalid), "title parameter is required");
    let unauthenticated = post(&server, "recoup_sk_nope", task_body("* * * * *")).await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
    let mut override_body = task_body("* * * * *");
    override_body["account_id"] = json!(server.account);
    let denied = post(&server, &key, override_body).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(&denied), "Access denied to specified account_id");
}

#[tokio::test]
async fn an_unparseable_cron_skips_the_cadence_check() {
    let server = TestServer::start().await;
    let (_, key) = server
        .new_account_on("free@example.com", None, Plan::Free)
        .await;
    // Out of range: the gate skips it and the scheduler's check refuses it (nothing written).
    let refused = post(&server, &key, task_body("0 25 * * *")).await;
    assert_eq!(
        refused.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        refused.body
    );
    assert!(
        error_of(&refused).starts_with("Invalid cron expression"),
        "{}",
        refused.body
    );
    assert!(tasks_of(&server, &key).await.is_empty());
    // Names: the gate cannot read them, the scheduler can (the hosted QUIRK of §1.8).
    let names = post(&server, &key, task_body("*/5 * * * MON-FRI")).await;
    assert_eq!(names.status, StatusCode::OK, "{}", names.body);
}

#[tokio::test]
async fn only_the_owners_tasks_enabled_exactly_true_count() {
    let server = TestServer::start().await;
    let (_, key) = server
        .new_account_on("free@example.com", None, Plan::Free)
        .await;
    // Another account's tasks never count.
    server.create_task(json!({})).await;
    let disabled = server.create_task_as(&key, json!({})).await;
    let off = patch(
        &server,
        &key,
        json!({"id": disabled["id"], "enabled": false}),
    )
    .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    let nulled = server.create_task_as(&key, json!({})).await;
    let null = patch(&server, &key, json!({"id": nulled["id"], "enabled": null})).await;
    assert_eq!(null.status, StatusCode::OK, "{}", null.body);
    // One false, one null: neither counts, so a third task fits the Free slot.
    let third = post(&server, &key, task_body("0 9 * * 1")).await;
    assert_eq!(third.status, StatusCode::OK, "{}", third.body);
    let fourth = post(&server, &key, task_body("0 9 * * 1")).await;
    assert_refused(&fourth, plan_limit("task_count", FREE_COUNT, "free", 1));
}

#[tokio::test]
async fn the_owners_plan_decides_not_the_callers() {
    let server = TestServer::start().await;
    let (alice, alice_key) = server.new_account("alice@example.com", Some("Label")).await;
    let (bob, bob_key) = server
        .new_account_on("bob@example.com", Some("Label"), Plan::Free)
        .await;
    server.create_task_as(&bob_key, json!({})).await;
    let mut for_bob = task_body("0 9 * * 1");
    for_bob["account_id"] = json!(bob);
    assert_refused(
        &post(&server, &alice_key, for_bob).await,
        plan_limit("task_count", FREE_COUNT, "free", 1),
    );
    let mut for_alice = task_body("* * * * *");
    for_alice["account_id"] = json!(alice);
    let allowed = post(&server, &bob_key, for_alice).await;
    assert_eq!(allowed.status, StatusCode::OK, "{}", allowed.body);
}

#[tokio::test]
async fn an_account_without_a_plan_is_unrestricted() {
    let server = TestServer::start().await;
    for _ in 0..3 {
        server.create_task(json!({"schedule": "* * * * *"})).await;
    }
}

// ---- PATCH (§1.6) ----

/// A Free account with two enabled weekly tasks (made before it was put on the plan).
async fn free_over_its_cap(server: &TestServer) -> (String, Value, Value) {
    let (account, key) = server.new_account("free@example.com", None).await;
    let older = server.create_task_as(&key, json!({"title": "Older"})).await;
    let newer = server.create_task_as(&key, json!({"title": "Newer"})).await;
    server.set_plan(&account, Some(Plan::Free)).await;
    (key, older, newer)
}

#[tokio::test]
async fn an_edit_without_schedule_or_a_slot_never_consults_the_plan() {
    let server = TestServer::start().await;
    let (key, older, _) = free_over_its_cap(&server).await;
    let bodies = [
        json!({"id": older["id"], "title": "Renamed", "prompt": "New", "model": "m", "timezone": "Europe/Paris"}),
        json!({"id": older["id"], "enabled": true}),
        json!({"id": older["id"], "enabled": false}),
        json!({"id": older["id"], "enabled": null}),
    ];
    for body in bodies {
        let reply = patch(&server, &key, body.clone()).await;
        assert_eq!(reply.status, StatusCode::OK, "{body}: {}", reply.body);
    }
}

#[tokio::test]
async fn enabling_a_disabled_task_takes_a_slot_excluding_itself_and_writes_nothing_on_402() {
    let server = TestServer::start().await;
    let (key, older, newer) = free_over_its_cap(&server).await;
    let off = patch(&server, &key, json!({"id": newer["id"], "enabled": false})).await;
    assert_eq!(off.status, StatusCode::OK);
    let on = patch(&server, &key, json!({"id": newer["id"], "enabled": true})).await;
    assert_refused(&on, plan_limit("task_count", FREE_COUNT, "free", 1));
    let stored = server
        .call(
            Method::GET,
            &format!("/api/tasks?id={}", newer["id"].as_str().unwrap_or_default()),
            &key,
            None,
        )
        .await;
    assert_eq!(stored.body["tasks"][0]["enabled"], false, "nothing written");
    assert_eq!(stored.body["tasks"][0]["trigger_schedule_id"], Value::Null);
    // Free the slot: now it fits (the task does not count against itself).
    let older_off = patch(&server, &key, json!({"id": older["id"], "enabled": false})).await;
    assert_eq!(older_off.status, StatusCode::OK);
    let on_again = patch(&server, &key, json!({"id": newer["id"], "enabled": true})).await;
    assert_eq!(on_again.status, StatusCode::OK, "{}", on_again.body);
}

#[tokio::test]
async fn a_schedule_change_checks_the_cadence_without_counting_the_task_again() {
    let server = TestServer::start().await;
    let (key, older, _) = free_over_its_cap(&server).await;
    let weekly = patch(
        &server,
        &key,
        json!({"id": older["id"], "schedule": "0 10 * * 2"}),
    )
    .await;
    assert_eq!(weekly.status, StatusCode::OK, "{}", weekly.body);
    let daily = patch(
        &server,
        &key,
        json!({"id": older["id"], "schedule": "0 9 * * *", "title": "Daily"}),
    )
    .await;
    assert_refused(&daily, plan_limit("min_cadence", FREE_CADENCE, "free", 1));
    // Even with enabled: false, a sent schedule is checked.
    let disabling = patch(
        &server,
        &key,
        json!({"id": older["id"], "schedule": "0 * * * *", "enabled": false}),
    )
    .await;
    assert_refused(
        &disabling,
        plan_limit("min_cadence", FREE_CADENCE, "free", 1),
    );
    let stored = server
        .call(
            Method::GET,
            &format!("/api/tasks?id={}", older["id"].as_str().unwrap_or_default()),
            &key,
            None,
        )
        .await;
    let task = &stored.body["tasks"][0];
    assert_eq!(
        (
            task["schedule"].clone(),
            task["title"].clone(),
            task["enabled"].clone()
        ),
        (json!("0 10 * * 2"), json!("Older"), json!(true)),
        "nothing written"
    );
}

#[tokio::test]
async fn enabling_with_a_schedule_counts_first_then_checks_the_cadence() {
    let server = TestServer::start().await;
    let (key, _, newer) = free_over_its_cap(&server).await;
    patch(&server, &key, json!({"id": newer["id"], "enabled": false})).await;
    let both = patch(
        &server,
        &key,
        json!({"id": newer["id"], "enabled": true, "schedule": "* * * * *"}),
    )
    .await;
    assert_refused(&both, plan_limit("task_count", FREE_COUNT, "free", 1));
}

#[tokio::test]
async fn re_enabling_without_a_schedule_never_checks_the_stored_cron() {
    let server = TestServer::start().await;
    let (account, key) = server.new_account("free@example.com", None).await;
    let task = server
        .create_task_as(&key, json!({"schedule": "* * * * *"}))
        .await;
    patch(&server, &key, json!({"id": task["id"], "enabled": false})).await;
    server.set_plan(&account, Some(Plan::Free)).await;
    let on = patch(&server, &key, json!({"id": task["id"], "enabled": true})).await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.body);
}

#[tokio::test]
async fn patch_answers_404_and_403_before_the_gate() {
    let server = TestServer::start().await;
    let (key, older, _) = free_over_its_cap(&server).await;
    let missing = patch(
        &server,
        &key,
        json!({"id": "00000000-0000-4000-8000-000000000000", "schedule": "* * * * *"}),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(error_of(&missing), "Task not found");
    let (_, stranger) = server.new_account("stranger@example.com", None).await;
    let denied = patch(
        &server,
        &stranger,
        json!({"id": older["id"], "schedule": "* * * * *"}),
    )
    .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(&denied), "Access denied to this task");
}
