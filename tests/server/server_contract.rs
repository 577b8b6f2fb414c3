//! The local API's contract over real HTTP against a real SQLite file: every status/message
//! pair of spec §2.8, the auth rules of §1, and the local server's decided divergences.

use crate::server_support;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::{ARTIST, TestServer, error_of};

fn valid_body() -> Value {
    json!({"title": "Weekly", "prompt": "Summarize fans", "schedule": "0 9 * * 1", "artist_account_id": ARTIST})
}

fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

fn without(mut body: Value, key: &str) -> Value {
    if let Some(object) = body.as_object_mut() {
        object.remove(key);
    }
    body
}

async fn post(server: &TestServer, body: Value) -> server_support::Reply {
    server
        .call(Method::POST, "/api/tasks", &server.key, Some(body))
        .await
}

async fn task_count(server: &TestServer) -> usize {
    server.get("/api/tasks").await.body["tasks"]
        .as_array()
        .map_or(0, Vec::len)
}

fn assert_invalid(reply: &server_support::Reply, message: &str, path: &[&str]) {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.body["status"], "error");
    assert_eq!(error_of(reply), message);
    assert_eq!(reply.body["missing_fields"], json!(path));
}

// ---- authentication (§1) ----

#[tokio::test]
async fn request_without_credentials_is_rejected_with_exactly_one_message() {
    let server = TestServer::start().await;
    let reply = server.send(Method::GET, "/api/tasks", &[], None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.body,
        json!({"status":"error","error":"Exactly one of x-api-key or Authorization must be provided"})
    );
}

#[tokio::test]
async fn request_with_both_headers_is_rejected_with_exactly_one_message() {
    let server = TestServer::start().await;
    let bearer = format!("Bearer {}", server.key);
    let reply = server
        .send(
            Method::GET,
            "/api/tasks",
            &[("x-api-key", &server.key), ("authorization", &bearer)],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        error_of(&reply),
        "Exactly one of x-api-key or Authorization must be provided"
    );
}

#[tokio::test]
async fn unknown_api_key_is_unauthorized_under_the_message_key() {
    let server = TestServer::start().await;
    let reply = server
        .call(Method::GET, "/api/tasks", "recoup_sk_nope", None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.body,
        json!({"status":"error","message":"Unauthorized"})
    );
}

#[tokio::test]
async fn empty_api_key_header_counts_as_absent() {
    let server = TestServer::start().await;
    let reply = server
        .send(Method::GET, "/api/tasks", &[("x-api-key", "")], None)
        .await;
    assert_eq!(
        error_of(&reply),
        "Exactly one of x-api-key or Authorization must be provided"
    );
}

#[tokio::test]
async fn authorization_must_be_bearer_with_a_token() {
    let server = TestServer::start().await;
    for value in ["Token abc", "BEARER abc", "Bearer ", "Bearer    "] {
        let reply = server
            .send(Method::GET, "/api/tasks", &[("authorization", value)], None)
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{value}");
        assert_eq!(
            reply.body,
            json!({"status":"error","message":"Authorization header with Bearer token required"}),
            "{value}"
        );
    }
}

#[tokio::test]
async fn bearer_api_key_authenticates_in_either_casing_of_bearer() {
    let server = TestServer::start().await;
    for prefix in ["Bearer", "bearer"] {
        let value = format!("{prefix} {}", server.key);
        let reply = server
            .send(
                Method::GET,
                "/api/accounts/id",
                &[("authorization", &value)],
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.body,
            json!({"status":"success","accountId": server.account})
        );
    }
}

#[tokio::test]
async fn unknown_bearer_tokens_are_rejected_by_kind() {
    let server = TestServer::start().await;
    let reply = server
        .send(
            Method::GET,
            "/api/tasks",
            &[("authorization", "Bearer recoup_sk_unknown")],
            None,
        )
        .await;
    assert_eq!(
        reply.body,
        json!({"status":"error","message":"Unauthorized"})
    );
    let reply = server
        .send(
            Method::GET,
            "/api/tasks",
            &[("authorization", "Bearer eyJhbGciOi")],
            None,
        )
        .await;
    assert_eq!(
        reply.body,
        json!({"status":"error","message":"Invalid authentication token"})
    );
}

// ---- framework-level answers ----

#[tokio::test]
async fn options_needs_no_auth_and_carries_cors_headers() {
    let server = TestServer::start().await;
    for path in ["/api/tasks", "/api/tasks/runs"] {
        let reply = server.send(Method::OPTIONS, path, &[], None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.body, Value::Null);
        assert_eq!(reply.headers["access-control-allow-origin"], "*");
        assert_eq!(
            reply.headers["access-control-allow-methods"],
            "GET, POST, PUT, DELETE, OPTIONS, PATCH"
        );
        assert_eq!(
            reply.headers["access-control-allow-headers"],
            "Content-Type, Authorization, X-Requested-With, x-api-key"
        );
        assert_eq!(
            reply.headers["access-control-expose-headers"],
            "x-workflow-run-id, x-workflow-stream-tail-index"
        );
    }
}

#[tokio::test]
async fn error_responses_carry_cors_headers_too() {
    let server = TestServer::start().await;
    let reply = server.send(Method::GET, "/api/tasks", &[], None).await;
    assert_eq!(reply.headers["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn unknown_route_is_a_json_404() {
    let server = TestServer::start().await;
    let reply = server.send(Method::GET, "/api/nothing", &[], None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.body["status"], "error");
    assert_eq!(reply.headers["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn unsupported_method_is_a_json_405() {
    let server = TestServer::start().await;
    let reply = server
        .send(Method::PUT, "/api/tasks", &[], Some("{}"))
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.body["status"], "error");
}

#[tokio::test]
async fn body_over_one_mebibyte_is_a_json_413() {
    let server = TestServer::start().await;
    let huge = format!("{{\"title\":\"{}\"}}", "x".repeat(1024 * 1024 + 10));
    let reply = server
        .send(
            Method::POST,
            "/api/tasks",
            &[("x-api-key", &server.key)],
            Some(&huge),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.body["status"], "error");
}

// ---- POST /api/tasks ----

#[tokio::test]
async fn post_with_unparseable_json_is_invalid_json_body_without_missing_fields() {
    let server = TestServer::start().await;
    let reply = server
        .send(
            Method::POST,
            "/api/tasks",
            &[("x-api-key", &server.key)],
            Some("{nope"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.body,
        json!({"status":"error","error":"Invalid JSON body"})
    );
}

#[tokio::test]
async fn post_validates_the_body_before_authenticating() {
    let server = TestServer::start().await;
    let reply = server
        .send(Method::POST, "/api/tasks", &[], Some("{}"))
        .await;
    assert_invalid(
        &reply,
        "Invalid input: expected string, received undefined",
        &["title"],
    );
}

#[tokio::test]
async fn post_field_rules_report_the_first_issue_in_schema_order() {
    let server = TestServer::start().await;
    let cases: Vec<(Value, &str, &[&str])> = vec![
        (
            json!(null),
            "Invalid input: expected object, received null",
            &[],
        ),
        (
            json!([]),
            "Invalid input: expected object, received array",
            &[],
        ),
        (
            json!("x"),
            "Invalid input: expected object, received string",
            &[],
        ),
        (
            without(valid_body(), "title"),
            "Invalid input: expected string, received undefined",
            &["title"],
        ),
        (
            with(valid_body(), "title", json!("")),
            "title parameter is required",
            &["title"],
        ),
        (
            with(valid_body(), "title", json!(5)),
            "Invalid input: expected string, received number",
            &["title"],
        ),
        (
            with(valid_body(), "prompt", json!("")),
            "prompt parameter is required",
            &["prompt"],
        ),
        (
            with(valid_body(), "prompt", json!(true)),
            "Invalid input: expected string, received boolean",
            &["prompt"],
        ),
        (
            with(valid_body(), "schedule", json!("")),
            "schedule parameter is required",
            &["schedule"],
        ),
        (
            with(valid_body(), "artist_account_id", json!("")),
            "artist_account_id parameter is required",
            &["artist_account_id"],
        ),
        (
            with(valid_body(), "artist_account_id", json!("artist-1")),
            "artist_account_id must be a valid UUID",
            &["artist_account_id"],
        ),
        (
            with(valid_body(), "account_id", json!("me")),
            "account_id must be a valid UUID",
            &["account_id"],
        ),
        (
            with(valid_body(), "model", json!(null)),
            "Invalid input: expected string, received null",
            &["model"],
        ),
        (
            with(valid_body(), "timezone", json!("")),
            "timezone must be a valid IANA time zone",
            &["timezone"],
        ),
        (
            with(valid_body(), "timezone", json!("Mars/Olympus")),
            "timezone must be a valid IANA time zone",
            &["timezone"],
        ),
        (
            with(valid_body(), "enabled", json!(true)),
            "Unrecognized key: \"enabled\"",
            &[],
        ),
        (
            with(with(valid_body(), "foo", json!(1)), "bar", json!(2)),
            "Unrecognized keys: \"foo\", \"bar\"",
            &[],
        ),
        // Two issues: the field issue wins over the unknown key, and title over prompt.
        (
            json!({"foo": 1, "prompt": ""}),
            "Invalid input: expected string, received undefined",
            &["title"],
        ),
    ];
    for (body, message, path) in cases {
        let reply = post(&server, body.clone()).await;
        assert_invalid(&reply, message, path);
    }
    assert_eq!(task_count(&server).await, 0);
}

#[tokio::test]
async fn post_with_unknown_key_is_rejected_with_unrecognized_key() {
    let server = TestServer::start().await;
    let reply = post(&server, with(valid_body(), "enabled", json!(false))).await;
    assert_invalid(&reply, "Unrecognized key: \"enabled\"", &[]);
}

#[tokio::test]
async fn post_returns_the_enriched_task_with_every_field() {
    let server = TestServer::start().await;
    let reply = post(
        &server,
        with(valid_body(), "timezone", json!("America/New_York")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["status"], "success");
    let task = &reply.body["tasks"][0];
    for field in [
        "id",
        "title",
        "prompt",
        "schedule",
        "account_id",
        "artist_account_id",
        "enabled",
        "trigger_schedule_id",
        "recent_runs",
        "upcoming",
        "owner_email",
        "model",
        "timezone",
        "created_at",
        "updated_at",
    ] {
        assert!(task.get(field).is_some(), "missing {field}: {task}");
    }
    assert_eq!(task["account_id"], server.account.as_str());
    assert_eq!(task["enabled"], true);
    assert_eq!(task["model"], Value::Null);
    assert_eq!(task["timezone"], "America/New_York");
    assert_eq!(task["owner_email"], "owner@example.com");
    assert_eq!(task["recent_runs"], json!([]));
    assert!(
        task["trigger_schedule_id"]
            .as_str()
            .unwrap()
            .starts_with("sched_")
    );
    let upcoming = task["upcoming"].as_array().unwrap();
    assert_eq!(upcoming.len(), 5);
    // Monday 09:00 in New York is 13:00 or 14:00 UTC.
    for at in upcoming {
        let at = at.as_str().unwrap();
        assert!(at.ends_with(":00:00.000Z"), "{at}");
        assert!(at.contains("T13:") || at.contains("T14:"), "{at}");
    }
    assert!(task["created_at"].as_str().unwrap().ends_with("+00:00"));
}

#[tokio::test]
async fn post_defaults_the_timezone_to_utc() {
    let server = TestServer::start().await;
    let task = server.create_task(json!({})).await;
    assert_eq!(task["timezone"], "UTC");
    assert!(
        task["upcoming"][0]
            .as_str()
            .unwrap()
            .ends_with("T09:00:00.000Z")
    );
}

#[tokio::test]
async fn post_with_invalid_cron_is_a_500_and_writes_nothing() {
    let server = TestServer::start().await;
    let cases = [
        (
            "0 25 * * *",
            "Invalid cron expression: Constraint error, got value 25 expected range 0-23",
        ),
        (
            "0 9 * *",
            "Invalid cron expression: Expression has only 4 parts. At least 5 parts are required.",
        ),
        (
            "0 0 9 * * 1",
            "Invalid cron expression: CRON expressions with seconds are not allowed",
        ),
        (
            "0 0 31 2,4 *",
            "Invalid cron expression: Invalid expression, loop limit exceeded",
        ),
    ];
    for (cron, message) in cases {
        let reply = post(&server, with(valid_body(), "schedule", json!(cron))).await;
        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{cron}");
        assert_eq!(
            reply.body,
            json!({"status":"error","error": message}),
            "{cron}"
        );
    }
    assert_eq!(task_count(&server).await, 0, "no orphan rows");
}

#[tokio::test]
async fn post_with_zone_missing_from_the_hosted_list_is_a_500_and_writes_nothing() {
    let server = TestServer::start().await;
    let reply = post(&server, with(valid_body(), "timezone", json!("US/Eastern"))).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error_of(&reply), "Invalid IANA timezone: 'US/Eastern'");
    assert_eq!(task_count(&server).await, 0);
}

#[tokio::test]
async fn post_with_account_id_acts_for_an_org_peer_and_is_denied_otherwise() {
    let server = TestServer::start().await;
    let (alice, alice_key) = server.new_account("alice@label.com", Some("Label")).await;
    let (bob, _) = server.new_account("bob@label.com", Some("Label")).await;
    let task = server
        .create_task_as(&alice_key, json!({"account_id": bob}))
        .await;
    assert_eq!(task["account_id"], bob.as_str());
    assert_eq!(task["owner_email"], "bob@label.com");
    // The first account belongs to no organisation.
    let reply = post(&server, with(valid_body(), "account_id", json!(alice))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        reply.body,
        json!({"status":"error","error":"Access denied to specified account_id"})
    );
}

// ---- GET /api/tasks ----

#[tokio::test]
async fn get_authenticates_before_anything_else() {
    let server = TestServer::start().await;
    let reply = server
        .send(Method::GET, "/api/tasks?id=not-a-uuid", &[], None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn get_lists_own_tasks_newest_first_and_filters() {
    let server = TestServer::start().await;
    let first = server.create_task(json!({"title": "first"})).await;
    let second = server.create_task(json!({"title": "second"})).await;
    let reply = server.get("/api/tasks").await;
    assert_eq!(reply.status, StatusCode::OK);
    let titles: Vec<&str> = reply.body["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["second", "first"]);
    let by_id = server
        .get(&format!("/api/tasks?id={}", first["id"].as_str().unwrap()))
        .await;
    assert_eq!(by_id.body["tasks"].as_array().unwrap().len(), 1);
    let by_artist = server
        .get(&format!("/api/tasks?artist_account_id={ARTIST}"))
        .await;
    assert_eq!(by_artist.body["tasks"].as_array().unwrap().len(), 2);
    let none = server
        .get("/api/tasks?id=00000000-0000-0000-0000-000000000000")
        .await;
    assert_eq!(none.body, json!({"status":"success","tasks":[]}));
    let _ = second;
}

#[tokio::test]
async fn get_enabled_false_means_disabled_tasks() {
    let server = TestServer::start().await;
    let on = server.create_task(json!({"title": "on"})).await;
    let off = server.create_task(json!({"title": "off"})).await;
    let reply = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": off["id"], "enabled": false})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let disabled = server.get("/api/tasks?enabled=false").await;
    assert_eq!(disabled.body["tasks"].as_array().unwrap().len(), 1);
    assert_eq!(disabled.body["tasks"][0]["id"], off["id"]);
    let enabled = server.get("/api/tasks?enabled=true").await;
    assert_eq!(enabled.body["tasks"][0]["id"], on["id"]);
}

#[tokio::test]
async fn get_with_a_non_uuid_id_is_a_database_style_500() {
    let server = TestServer::start().await;
    let reply = server.get("/api/tasks?id=abc").await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        error_of(&reply),
        "Failed to fetch scheduled actions: invalid input syntax for type uuid: \"abc\""
    );
}

#[tokio::test]
async fn a_listing_reflects_a_change_made_right_after_the_previous_listing() {
    let server = TestServer::start().await;
    let task = server.create_task(json!({})).await;
    let first = server.get("/api/tasks").await;
    assert_eq!(first.body["tasks"][0]["title"], "Weekly report");
    server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": task["id"], "title": "Renamed"})),
        )
        .await;
    let second = server.get("/api/tasks").await;
    assert_eq!(second.body["tasks"][0]["title"], "Renamed");
}

// ---- PATCH /api/tasks ----

#[tokio::test]
async fn patch_field_rules_report_the_first_issue_in_schema_order() {
    let server = TestServer::start().await;
    let id = json!("1b4e28ba-2fa1-41d2-883f-0016d3cca427");
    let cases: Vec<(Value, &str, &[&str])> = vec![
        (
            json!({}),
            "Invalid input: expected string, received undefined",
            &["id"],
        ),
        (json!({"id": "x"}), "id must be a valid UUID", &["id"]),
        (
            json!({"id": 7}),
            "Invalid input: expected string, received number",
            &["id"],
        ),
        (
            json!({"id": id, "title": ""}),
            "title must be a non-empty string",
            &["title"],
        ),
        (
            json!({"id": id, "prompt": ""}),
            "prompt must be a non-empty string",
            &["prompt"],
        ),
        (
            json!({"id": id, "schedule": ""}),
            "schedule must be a non-empty string",
            &["schedule"],
        ),
        (
            json!({"id": id, "account_id": "x"}),
            "account_id must be a valid UUID",
            &["account_id"],
        ),
        (
            json!({"id": id, "artist_account_id": "x"}),
            "artist_account_id must be a valid UUID",
            &["artist_account_id"],
        ),
        (
            json!({"id": id, "enabled": "true"}),
            "Invalid input: expected boolean, received string",
            &["enabled"],
        ),
        (
            json!({"id": id, "model": ""}),
            "model must be a non-empty string",
            &["model"],
        ),
        (
            json!({"id": id, "model": null}),
            "Invalid input: expected string, received null",
            &["model"],
        ),
        (
            json!({"id": id, "timezone": "Nowhere/City"}),
            "timezone must be a valid IANA time zone",
            &["timezone"],
        ),
        (
            json!({"id": id, "owner": "me"}),
            "Unrecognized key: \"owner\"",
            &[],
        ),
    ];
    for (body, message, path) in cases {
        let reply = server
            .send(Method::PATCH, "/api/tasks", &[], Some(&body.to_string()))
            .await;
        assert_invalid(&reply, message, path);
    }
}

#[tokio::test]
async fn patch_unknown_task_is_404_and_someone_elses_is_403() {
    let server = TestServer::start().await;
    let (_, other_key) = server.new_account("other@example.com", None).await;
    let reply = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": "1b4e28ba-2fa1-41d2-883f-0016d3cca427"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.body,
        json!({"status":"error","error":"Task not found"})
    );
    let task = server.create_task(json!({})).await;
    let reply = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &other_key,
            Some(json!({"id": task["id"], "title": "mine"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        reply.body,
        json!({"status":"error","error":"Access denied to this task"})
    );
}

#[tokio::test]
async fn disabling_keeps_timezone_and_reenabling_gets_a_new_schedule() {
    let server = TestServer::start().await;
    let task = server
        .create_task(json!({"timezone": "Europe/Paris"}))
        .await;
    let patch = |body: Value| server.call(Method::PATCH, "/api/tasks", &server.key, Some(body));
    let off = patch(json!({"id": task["id"], "enabled": false})).await;
    assert_eq!(off.status, StatusCode::OK);
    let off = &off.body["tasks"][0];
    assert_eq!(off["enabled"], false);
    assert_eq!(off["trigger_schedule_id"], Value::Null);
    assert_eq!(off["upcoming"], json!([]));
    assert_eq!(off["timezone"], "Europe/Paris");
    let on = patch(json!({"id": task["id"], "enabled": true})).await;
    let on = &on.body["tasks"][0];
    assert_eq!(on["timezone"], "Europe/Paris");
    assert!(
        on["trigger_schedule_id"]
            .as_str()
            .unwrap()
            .starts_with("sched_")
    );
    assert_ne!(on["trigger_schedule_id"], task["trigger_schedule_id"]);
    assert_eq!(on["upcoming"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn patch_on_a_disabled_task_validates_the_schedule_and_stores_the_timezone() {
    let server = TestServer::start().await;
    let task = server.create_task(json!({})).await;
    let patch = |body: Value| server.call(Method::PATCH, "/api/tasks", &server.key, Some(body));
    patch(json!({"id": task["id"], "enabled": false})).await;
    let bad = patch(json!({"id": task["id"], "schedule": "0 9 * * 9"})).await;
    assert_eq!(bad.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        error_of(&bad),
        "Invalid cron expression: Constraint error, got value 9 expected range 0-7"
    );
    let zone = patch(json!({"id": task["id"], "timezone": "Asia/Tokyo"})).await;
    assert_eq!(zone.status, StatusCode::OK);
    assert_eq!(zone.body["tasks"][0]["timezone"], "Asia/Tokyo");
    assert_eq!(zone.body["tasks"][0]["schedule"], "0 9 * * 1");
}

#[tokio::test]
async fn patch_with_a_refused_cron_leaves_the_task_unchanged() {
    let server = TestServer::start().await;
    let task = server.create_task(json!({})).await;
    let reply = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": task["id"], "title": "changed", "schedule": "61 * * * *"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        error_of(&reply),
        "Invalid cron expression: Constraint error, got value 61 expected range 0-59"
    );
    let stored = server
        .get(&format!("/api/tasks?id={}", task["id"].as_str().unwrap()))
        .await;
    assert_eq!(stored.body["tasks"][0]["title"], "Weekly report");
    let zone = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": task["id"], "timezone": "Asia/Kolkata"})),
        )
        .await;
    assert_eq!(zone.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error_of(&zone), "Invalid IANA timezone: 'Asia/Kolkata'");
}

#[tokio::test]
async fn patch_updates_fields_and_enabled_null_keeps_the_schedule() {
    let server = TestServer::start().await;
    let task = server.create_task(json!({})).await;
    let reply = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": task["id"], "title": "New", "model": "gpt-x", "enabled": null, "schedule": "30 8 * * 1-5"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let updated = &reply.body["tasks"][0];
    assert_eq!(updated["title"], "New");
    assert_eq!(updated["model"], "gpt-x");
    assert_eq!(updated["enabled"], Value::Null);
    assert_eq!(updated["trigger_schedule_id"], task["trigger_schedule_id"]);
    assert!(
        updated["upcoming"][0]
            .as_str()
            .unwrap()
            .ends_with("T08:30:00.000Z")
    );
}

#[tokio::test]
async fn patch_by_org_peer_works_with_or_without_the_owners_account_id() {
    // Addendum §3: the row's owner is checked with canAccessAccount, not for equality.
    let server = TestServer::start().await;
    let (_, alice_key) = server.new_account("alice@label.com", Some("Label")).await;
    let (bob, bob_key) = server.new_account("bob@label.com", Some("Label")).await;
    let task = server.create_task_as(&bob_key, json!({})).await;
    let patch = |body: Value| server.call(Method::PATCH, "/api/tasks", &alice_key, Some(body));
    let without_override = patch(json!({"id": task["id"], "title": "x"})).await;
    assert_eq!(without_override.status, StatusCode::OK);
    assert_eq!(without_override.body["tasks"][0]["title"], "x");
    let with_override = patch(json!({"id": task["id"], "title": "y", "account_id": bob})).await;
    assert_eq!(with_override.status, StatusCode::OK);
    assert_eq!(with_override.body["tasks"][0]["account_id"], bob.as_str());
}

// ---- DELETE /api/tasks ----

#[tokio::test]
async fn delete_rules() {
    let server = TestServer::start().await;
    let absent = server
        .send(
            Method::DELETE,
            "/api/tasks",
            &[("x-api-key", &server.key)],
            None,
        )
        .await;
    assert_eq!(absent.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        absent.body,
        json!({"status":"error","error":"Invalid JSON body"})
    );
    let bad = server
        .send(Method::DELETE, "/api/tasks", &[], Some(r#"{"id":"x"}"#))
        .await;
    assert_invalid(&bad, "id must be a valid UUID", &["id"]);
    let unknown = server
        .call(
            Method::DELETE,
            "/api/tasks",
            &server.key,
            Some(json!({"id": ARTIST, "anything": 1})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(error_of(&unknown), "Task not found");
}

async fn delete_as(server: &TestServer, key: &str, task: &Value) -> server_support::Reply {
    let body = json!({"id": task["id"]});
    server
        .call(Method::DELETE, "/api/tasks", key, Some(body))
        .await
}

#[tokio::test]
async fn delete_is_allowed_to_the_owner_org_peers_and_admins_and_denied_to_strangers() {
    let server = TestServer::start().await;
    let (_, alice_key) = server.new_account("alice@label.com", Some("Label")).await;
    let (_, bob_key) = server.new_account("bob@label.com", Some("Label")).await;
    let (_, admin_key) = server.new_account("admin@recoup.com", Some("Recoup")).await;
    let (_, stranger_key) = server.new_account("eve@else.com", Some("Else")).await;
    let task = server.create_task_as(&bob_key, json!({})).await;
    let denied = delete_as(&server, &stranger_key, &task).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(&denied), "Access denied to this task");
    for key in [&alice_key, &admin_key, &bob_key] {
        let task = server.create_task_as(&bob_key, json!({})).await;
        let reply = delete_as(&server, key, &task).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.body, json!({"status":"success"}));
    }
    let left = server.call(Method::GET, "/api/tasks", &bob_key, None).await;
    assert_eq!(left.body["tasks"].as_array().map(Vec::len), Some(1));
    assert_eq!(left.body["tasks"][0]["id"], task["id"]);
}

// ---- GET /api/tasks/runs ----

#[tokio::test]
async fn runs_query_errors_carry_no_missing_fields() {
    let server = TestServer::start().await;
    let cases = [
        ("limit=0", "Too small: expected number to be >=1"),
        ("limit=", "Too small: expected number to be >=1"),
        ("limit=101", "Too big: expected number to be <=100"),
        ("limit=abc", "Invalid input: expected number, received NaN"),
        ("limit=1.5", "Invalid input: expected int, received number"),
        (
            "runId=run_x&limit=0",
            "Too small: expected number to be >=1",
        ),
    ];
    for (query, message) in cases {
        let reply = server.get(&format!("/api/tasks/runs?{query}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            reply.body,
            json!({"status":"error","error": message}),
            "{query}"
        );
    }
}

#[tokio::test]
async fn runs_authenticate_before_validating_the_query() {
    let server = TestServer::start().await;
    let reply = server
        .send(Method::GET, "/api/tasks/runs?limit=0", &[], None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_run_id_is_404_task_run_not_found() {
    let server = TestServer::start().await;
    let reply = server.get("/api/tasks/runs?runId=run_doesnotexist").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.body,
        json!({"status":"error","error":"Task run not found"})
    );
}

#[tokio::test]
async fn runs_list_is_empty_before_any_fire_and_denies_non_members() {
    let server = TestServer::start().await;
    let (other, _) = server.new_account("other@example.com", None).await;
    let reply = server.get("/api/tasks/runs?runId=%20%20").await;
    assert_eq!(reply.body, json!({"status":"success","runs":[]}));
    let denied = server
        .get(&format!("/api/tasks/runs?account_id={other}"))
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(&denied), "Access denied to specified account_id");
}

// ---- accounts and artists ----

#[tokio::test]
async fn account_id_route_names_the_caller() {
    let server = TestServer::start().await;
    let reply = server.get("/api/accounts/id").await;
    assert_eq!(
        reply.body,
        json!({"status":"success","accountId": server.account})
    );
}

#[tokio::test]
async fn artists_route_lists_the_callers_artists() {
    use recoup_tasks::server::store::Store;
    let server = TestServer::start().await;
    let now = recoup_tasks::server::clock::db_timestamp(chrono::Utc::now());
    let account = server.account.clone();
    let id = server
        .server
        .store
        .write(move |tx, _| {
            let id = Store::add_artist(tx, "Nova", &now)?;
            Store::link_artist(tx, &account, &id, false)?;
            Ok(id)
        })
        .await
        .unwrap();
    let reply = server.get("/api/artists").await;
    assert_eq!(
        reply.body,
        json!({"status":"success","artists":[{
            "name": "Nova", "image": "", "instruction": "", "knowledges": [], "label": "",
            "account_id": id, "id": id, "account_socials": [], "pinned": false
        }]})
    );
}
