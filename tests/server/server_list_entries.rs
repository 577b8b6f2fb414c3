//! `GET /api/tasks` assembled from kept list entries (`src/server/list_entries.rs`): after any
//! change, by this server or by another writer on the same file, the list equals one made from
//! scratch; and its `ETag` lets a client that holds the list get a bodiless 304.

use recoup_tasks::server::{Clock, ServerConfig, start};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::server_support::{Owner, TestServer, instant};

const START: &str = "2026-03-02T08:00:00Z";

/// The raw list body and its `ETag`.
async fn list_text(server: &TestServer, url: &str) -> (String, String) {
    let reply = server
        .http
        .get(format!("{url}/api/tasks"))
        .header("x-api-key", &server.key)
        .send()
        .await
        .unwrap_or_else(|err| panic!("list: {err}"));
    assert_eq!(reply.status(), StatusCode::OK);
    let etag = reply
        .headers()
        .get("etag")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = reply
        .text()
        .await
        .unwrap_or_else(|err| panic!("list body: {err}"));
    (text, etag)
}

/// The list as a new server on the same database, with nothing kept, makes it at the same
/// instant.
async fn list_from_scratch(server: &TestServer) -> String {
    let mut config = ServerConfig::new(server.dir.path().join("local.db"));
    config.scheduler = false;
    config.clock = Clock::manual(server.clock().now());
    let fresh = start(config)
        .await
        .unwrap_or_else(|err| panic!("second server: {err}"));
    let (text, _) = list_text(server, &fresh.url).await;
    fresh.stop().await;
    text
}

/// Asserts the kept list equals one made from scratch, and returns it parsed.
async fn list_checked(server: &TestServer, after: &str) -> Value {
    let (kept, _) = list_text(server, &server.server.url).await;
    let scratch = list_from_scratch(server).await;
    assert_eq!(kept, scratch, "after {after}: the kept list differs");
    serde_json::from_str(&kept).unwrap_or_else(|err| panic!("list JSON: {err}"))
}

fn foreign_writer(server: &TestServer) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(server.dir.path().join("local.db"))
        .unwrap_or_else(|err| panic!("open the db: {err}"));
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap_or_else(|err| panic!("busy timeout: {err}"));
    conn
}

fn exec(conn: &rusqlite::Connection, sql: &str, params: &[&dyn rusqlite::ToSql]) {
    conn.execute(sql, params)
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
}

fn task_by_title<'a>(list: &'a Value, title: &str) -> &'a Value {
    list["tasks"]
        .as_array()
        .and_then(|tasks| tasks.iter().find(|task| task["title"] == title))
        .unwrap_or_else(|| panic!("no task {title:?} in {list}"))
}

#[tokio::test]
async fn a_kept_list_equals_one_made_from_scratch_after_every_kind_of_change() {
    let server = TestServer::start_with(|config| {
        config.scheduler = false;
        config.clock = Clock::manual(instant(START));
    })
    .await;
    let artist = server
        .add_artist("Nova", Owner::Account(&server.account.clone(), false))
        .await;
    let hourly = server
        .create_task(
            json!({"title": "Hourly", "schedule": "0 * * * *", "artist_account_id": artist}),
        )
        .await;
    server
        .create_task(json!({"title": "Daily", "schedule": "0 9 * * *"}))
        .await;
    let doomed = server.create_task(json!({"title": "Doomed"})).await;
    let hourly_id = hourly["id"].as_str().unwrap_or_default().to_string();
    list_checked(&server, "creating three tasks").await;

    let db = foreign_writer(&server);
    let run = json!({"id": "run_1", "status": "EXECUTING", "taskIdentifier": "customer-prompt-task",
        "createdAt": "2026-03-02T07:00:00.000Z", "updatedAt": "2026-03-02T07:00:00.000Z"});
    exec(
        &db,
        "INSERT INTO runs (id, task_id, account_id, status, doc) VALUES ('run_1', ?1, ?2, 'EXECUTING', ?3)",
        &[&hourly_id, &server.account, &run.to_string()],
    );
    let list = list_checked(&server, "another writer added a run").await;
    assert_eq!(
        task_by_title(&list, "Hourly")["recent_runs"][0]["status"],
        "EXECUTING"
    );

    let attempt = json!({"id": "attempt_1", "status": "EXECUTING",
        "createdAt": "2026-03-02T07:00:01.000Z", "updatedAt": "2026-03-02T07:00:01.000Z"});
    exec(
        &db,
        "INSERT INTO attempts (id, run_id, number, doc) VALUES ('attempt_1', 'run_1', 1, ?1)",
        &[&attempt.to_string()],
    );
    let list = list_checked(&server, "another writer added an attempt").await;
    assert_eq!(
        task_by_title(&list, "Hourly")["recent_runs"][0]["attempts"][0]["id"],
        "attempt_1"
    );

    let finished = json!({"id": "run_1", "status": "COMPLETED", "taskIdentifier": "customer-prompt-task",
        "createdAt": "2026-03-02T07:00:00.000Z", "updatedAt": "2026-03-02T07:01:00.000Z"});
    exec(
        &db,
        "UPDATE runs SET status = 'COMPLETED', doc = ?1 WHERE id = 'run_1'",
        &[&finished.to_string()],
    );
    let list = list_checked(&server, "another writer finished the run").await;
    assert_eq!(
        task_by_title(&list, "Hourly")["recent_runs"][0]["status"],
        "COMPLETED"
    );

    exec(
        &db,
        "INSERT INTO missed_fires (task_id, at, reason) VALUES (?1, '2026-03-02T07:00:00.000Z', 'no scheduler was running')",
        &[&hourly_id],
    );
    let list = list_checked(&server, "a missed fire was recorded").await;
    assert_eq!(
        task_by_title(&list, "Hourly")["missed_fires"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    exec(&db, "UPDATE artists SET name = 'Nova Renamed'", &[]);
    let list = list_checked(&server, "the artist was renamed").await;
    assert_eq!(
        task_by_title(&list, "Hourly")["artist_name"],
        "Nova Renamed"
    );

    exec(
        &db,
        "UPDATE accounts SET email = 'new-owner@example.com' WHERE id = ?1",
        &[&server.account],
    );
    let list = list_checked(&server, "the owner's email changed").await;
    assert_eq!(
        task_by_title(&list, "Daily")["owner_email"],
        "new-owner@example.com"
    );

    exec(
        &db,
        "UPDATE scheduled_actions SET title = 'Daily, renamed' WHERE title = 'Daily'",
        &[],
    );
    list_checked(&server, "another writer renamed a task").await;

    let gone = server
        .call(
            reqwest::Method::DELETE,
            "/api/tasks",
            &server.key.clone(),
            Some(json!({"id": doomed["id"]})),
        )
        .await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    let list = list_checked(&server, "a task was deleted").await;
    assert_eq!(list["tasks"].as_array().map(Vec::len), Some(2));

    let before = task_by_title(&list, "Hourly")["upcoming"][0].clone();
    assert_eq!(before, "2026-03-02T09:00:00.000Z");
    server.clock().set(instant("2026-03-02T09:00:00Z"));
    let list = list_checked(&server, "the first upcoming fire passed").await;
    assert_eq!(
        task_by_title(&list, "Hourly")["upcoming"][0],
        "2026-03-02T10:00:00.000Z"
    );

    server.clock().set(instant("2026-03-01T09:00:00Z"));
    let list = list_checked(&server, "the clock was set back").await;
    assert_eq!(
        task_by_title(&list, "Hourly")["upcoming"][0],
        "2026-03-01T10:00:00.000Z"
    );
    server.stop().await;
}

async fn list_if_none_match(server: &TestServer, tags: &str) -> reqwest::Response {
    server
        .http
        .get(format!("{}/api/tasks", server.server.url))
        .header("x-api-key", &server.key)
        .header("if-none-match", tags)
        .send()
        .await
        .unwrap_or_else(|err| panic!("list: {err}"))
}

#[tokio::test]
async fn a_client_holding_the_list_gets_a_bodiless_304_until_it_changes() {
    let server = TestServer::start().await;
    let task = server.create_task(json!({"title": "Weekly"})).await;
    let (body, etag) = list_text(&server, &server.server.url).await;
    assert_eq!(etag.len(), 34, "{etag}");
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    let (again, same_etag) = list_text(&server, &server.server.url).await;
    assert_eq!((again, same_etag), (body, etag.clone()));

    for held in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"something-else\", {etag}"),
        "*".to_string(),
    ] {
        let reply = list_if_none_match(&server, &held).await;
        assert_eq!(
            reply.status(),
            StatusCode::NOT_MODIFIED,
            "If-None-Match: {held}"
        );
        assert_eq!(
            reply.headers().get("etag").and_then(|v| v.to_str().ok()),
            Some(etag.as_str())
        );
        assert_eq!(reply.text().await.unwrap_or_default(), "");
    }

    let renamed = server
        .call(
            reqwest::Method::PATCH,
            "/api/tasks",
            &server.key.clone(),
            Some(json!({"id": task["id"], "title": "Weekly, renamed"})),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    let reply = list_if_none_match(&server, &etag).await;
    assert_eq!(reply.status(), StatusCode::OK);
    let new_etag = reply
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_ne!(new_etag, etag);
    let text = reply.text().await.unwrap_or_default();
    assert!(text.contains("Weekly, renamed"), "{text}");

    // Another server on the same file (as after a restart) never honours this one's tag: a
    // change made while it was down would otherwise go unseen.
    let mut config = ServerConfig::new(server.dir.path().join("local.db"));
    config.scheduler = false;
    let restarted = start(config)
        .await
        .unwrap_or_else(|err| panic!("second server: {err}"));
    let reply = server
        .http
        .get(format!("{}/api/tasks", restarted.url))
        .header("x-api-key", &server.key)
        .header("if-none-match", &new_etag)
        .send()
        .await
        .unwrap_or_else(|err| panic!("list: {err}"));
    assert_eq!(reply.status(), StatusCode::OK);
    restarted.stop().await;
    server.stop().await;
}
