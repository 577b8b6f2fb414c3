//! A task list that costs only what changed: the tasks the caller holds are handed back when
//! their text in the reply is the same (not decoded again), and the reply's ETag goes back as
//! `If-None-Match`, to which a `304 Not Modified` means the same list.

use crate::client_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_support::{Action, FaultServer, response_with};
use recoup_tasks::client::{
    ClientOptions, KnownTasks, ListedEntry, RecoupClient, TaskFilter, TaskListReply,
};
use recoup_tasks::config::KeySource;

const KEY: &str = "recoup_sk_known_tasks";
const ARTIST: &str = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
const ETAG: &str = "\"0123456789abcdef0123456789abcdef\"";

fn client(url: &str) -> RecoupClient {
    let options = ClientOptions {
        request_timeout: Duration::from_secs(10),
        max_retries: 0,
        ..ClientOptions::default()
    };
    RecoupClient::with_options(url, KEY, KeySource::Environment, options)
        .unwrap_or_else(|e| panic!("client: {e}"))
}

/// Task `i` with one run, `run_{i}_{newest}`, as the local server sends it.
fn task_json(i: usize, newest: &str) -> String {
    format!(
        r#"{{"id":"task_{i}","title":"Report {i}","prompt":"Summarise the week for artist {i}.","schedule":"0 9 * * 1","account_id":"{ARTIST}","artist_account_id":"{ARTIST}","enabled":true,"trigger_schedule_id":"sched_{i}","recent_runs":[{{"id":"run_{i}_{newest}","status":"COMPLETED","taskIdentifier":"customer-prompt-task","createdAt":"2026-11-30T09:00:00.000Z","updatedAt":"2026-11-30T09:00:59.000Z","tags":["account:{ARTIST}"],"costInCents":1.25,"durationMs":58000}}],"upcoming":["2026-12-07T09:00:00.000Z"],"timezone":"UTC","artist_name":"Artist {i}"}}"#
    )
}

/// A list of `count` tasks; task `changed` (if any) has a newer run.
fn list_body(count: usize, changed: Option<usize>) -> Vec<u8> {
    let tasks: Vec<String> = (0..count)
        .map(|i| task_json(i, if changed == Some(i) { "new" } else { "old" }))
        .collect();
    format!(r#"{{"status":"success","tasks":[{}]}}"#, tasks.join(",")).into_bytes()
}

fn entries(reply: TaskListReply) -> (Vec<ListedEntry>, Option<String>) {
    match reply {
        TaskListReply::Listed { tasks, etag } => (tasks, etag),
        TaskListReply::NotModified => panic!("not modified"),
    }
}

/// What a caller holds after `tasks` (as the TUI builds it from its rows).
fn known(tasks: &[ListedEntry], etag: Option<String>) -> KnownTasks {
    KnownTasks::new(
        etag,
        tasks.iter().map(|e| {
            (
                e.fingerprint.unwrap_or_else(|| panic!("no fingerprint")),
                e.task.clone(),
            )
        }),
    )
}

/// A server answering the first list request with `first`, every later one with `then`.
async fn serving(first: Vec<u8>, then: Vec<u8>) -> FaultServer {
    FaultServer::start(move |_, index| {
        let body = if index == 0 { &first } else { &then };
        Action::Raw(response_with(
            200,
            &[("content-type", "application/json")],
            body,
        ))
    })
    .await
}

async fn changed_list_reuses_the_unchanged_tasks(count: usize, changed: usize) {
    let server = serving(list_body(count, None), list_body(count, Some(changed))).await;
    let client = client(&server.url);
    let filter = TaskFilter::default();
    let (first, _) = entries(
        client
            .list_listed_tasks(&filter, &KnownTasks::default())
            .await
            .unwrap_or_else(|e| panic!("first list: {e}")),
    );
    let (second, _) = entries(
        client
            .list_listed_tasks(&filter, &known(&first, None))
            .await
            .unwrap_or_else(|e| panic!("second list: {e}")),
    );
    assert_eq!(second.len(), count);
    let reused: Vec<bool> = first
        .iter()
        .zip(&second)
        .map(|(a, b)| Arc::ptr_eq(&a.task, &b.task))
        .collect();
    let expected: Vec<bool> = (0..count).map(|i| i != changed).collect();
    assert!(reused == expected, "reused exactly the unchanged tasks");
    assert_eq!(second[changed].task.id, format!("task_{changed}"));
    assert_eq!(
        second[changed].task.recent_runs[0].id,
        format!("run_{changed}_new")
    );
    assert_ne!(second[changed].fingerprint, first[changed].fingerprint);
    assert!(second[changed].task.upcoming.is_empty());
}

#[tokio::test]
async fn a_changed_small_list_reuses_exactly_the_unchanged_tasks() {
    changed_list_reuses_the_unchanged_tasks(3, 1).await;
}

#[tokio::test]
async fn a_changed_large_list_reuses_exactly_the_unchanged_tasks() {
    // Over a MiB: decoded as it arrives.
    let count = 3_000;
    assert!(list_body(count, None).len() > 1024 * 1024);
    changed_list_reuses_the_unchanged_tasks(count, 2_000).await;
}

/// A server that sends `ETAG` with the list, and answers 304 to a request that sends it back.
async fn etag_server(body: Vec<u8>) -> FaultServer {
    FaultServer::start(move |request, _| {
        if request.header("if-none-match").as_deref() == Some(ETAG) {
            return Action::Raw(response_with(304, &[("etag", ETAG)], b""));
        }
        Action::Raw(response_with(
            200,
            &[("content-type", "application/json"), ("etag", ETAG)],
            &body,
        ))
    })
    .await
}

#[tokio::test]
async fn the_etag_goes_back_as_if_none_match_and_a_304_is_the_same_list() {
    let server = etag_server(list_body(3, None)).await;
    let client = client(&server.url);
    let filter = TaskFilter::default();
    let (tasks, etag) = entries(
        client
            .list_listed_tasks(&filter, &KnownTasks::default())
            .await
            .unwrap_or_else(|e| panic!("first list: {e}")),
    );
    assert_eq!(etag.as_deref(), Some(ETAG));
    let again = client
        .list_listed_tasks(&filter, &known(&tasks, etag))
        .await
        .unwrap_or_else(|e| panic!("second list: {e}"));
    assert_eq!(again, TaskListReply::NotModified);
    let sent: Vec<Option<String>> = server
        .requests
        .lock()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|r| r.header("if-none-match"))
        .collect();
    assert_eq!(sent, [None, Some(ETAG.to_string())]);
}

#[tokio::test]
async fn a_list_without_an_etag_is_listed_and_asks_with_none_next() {
    let server = serving(list_body(2, None), list_body(2, None)).await;
    let client = client(&server.url);
    let filter = TaskFilter::default();
    let (tasks, etag) = entries(
        client
            .list_listed_tasks(&filter, &KnownTasks::default())
            .await
            .unwrap_or_else(|e| panic!("first list: {e}")),
    );
    assert_eq!(etag, None);
    assert_eq!(tasks.len(), 2);
    let (again, _) = entries(
        client
            .list_listed_tasks(&filter, &known(&tasks, etag))
            .await
            .unwrap_or_else(|e| panic!("second list: {e}")),
    );
    assert!(
        again
            .iter()
            .zip(&tasks)
            .all(|(a, b)| Arc::ptr_eq(&a.task, &b.task))
    );
    assert_eq!(server.count("GET"), 2);
    let sent: Vec<Option<String>> = server
        .requests
        .lock()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|r| r.header("if-none-match"))
        .collect();
    assert_eq!(sent, [None, None]);
}

#[tokio::test]
async fn a_304_to_a_list_that_sent_no_etag_is_an_error_as_before() {
    let server =
        FaultServer::start(|_, _| Action::Raw(response_with(304, &[("etag", ETAG)], b""))).await;
    let error = client(&server.url)
        .list_listed_tasks(&TaskFilter::default(), &KnownTasks::default())
        .await
        .expect_err("a 304 nobody asked for");
    assert_eq!(
        error.to_string(),
        format!("HTTP 304 from {} (not a JSON reply)", server.host)
    );
}

#[tokio::test]
async fn the_enabled_filter_and_error_replies_still_apply_with_known_tasks() {
    let off = task_json(1, "old").replace(r#""enabled":true"#, r#""enabled":false"#);
    let body = format!(
        r#"{{"status":"success","tasks":[{},{off}]}}"#,
        task_json(0, "old")
    );
    let said: Arc<Mutex<usize>> = Arc::default();
    let count = said.clone();
    let server = FaultServer::start(move |_, index| {
        *count.lock().unwrap_or_else(|e| panic!("{e}")) = index;
        if index == 0 {
            Action::Raw(response_with(
                200,
                &[("content-type", "application/json"), ("etag", ETAG)],
                body.as_bytes(),
            ))
        } else {
            Action::Raw(response_with(
                200,
                &[("content-type", "application/json")],
                br#"{"status":"error","message":"Database unavailable"}"#,
            ))
        }
    })
    .await;
    let client = client(&server.url);
    let disabled = TaskFilter {
        enabled: Some(false),
        ..TaskFilter::default()
    };
    let (tasks, _) = entries(
        client
            .list_listed_tasks(&disabled, &KnownTasks::default())
            .await
            .unwrap_or_else(|e| panic!("list: {e}")),
    );
    let ids: Vec<&str> = tasks.iter().map(|e| e.task.id.as_str()).collect();
    assert_eq!(ids, ["task_1"]);
    let error = client
        .list_listed_tasks(&disabled, &known(&tasks, Some(ETAG.into())))
        .await
        .expect_err("an error reply");
    assert_eq!(error.to_string(), "Database unavailable");
}

/// A list whose task `corrupt` (counted from 1) is not a task.
fn corrupt_body(count: usize, corrupt: usize) -> Vec<u8> {
    let tasks: Vec<String> = (0..count)
        .map(|i| {
            let text = task_json(i, "old");
            if i + 1 == corrupt {
                text.replace(r#""recent_runs":["#, r#""recent_runs":5,"x":["#)
            } else {
                text
            }
        })
        .collect();
    format!(r#"{{"status":"success","tasks":[{}]}}"#, tasks.join(",")).into_bytes()
}

#[tokio::test]
async fn a_corrupt_task_is_reported_as_before_whatever_is_known() {
    for (count, expected) in [
        (
            3,
            "unreadable reply from {host} (HTTP 200): invalid type: integer `5`, expected a sequence",
        ),
        (
            3_000,
            "unreadable reply from {host} (HTTP 200): not the expected JSON (task 2: invalid type: integer `5`, expected a sequence at line 1 column 274)",
        ),
    ] {
        let server = serving(list_body(count, None), corrupt_body(count, 2)).await;
        let client = client(&server.url);
        let filter = TaskFilter::default();
        let (tasks, _) = entries(
            client
                .list_listed_tasks(&filter, &KnownTasks::default())
                .await
                .unwrap_or_else(|e| panic!("first list: {e}")),
        );
        let with_known = client
            .list_listed_tasks(&filter, &known(&tasks, None))
            .await
            .expect_err("a corrupt task");
        let without = client
            .list_listed_tasks(&filter, &KnownTasks::default())
            .await
            .expect_err("a corrupt task");
        let expected = expected.replace("{host}", &server.host);
        assert_eq!(with_known.to_string(), expected, "{count} tasks");
        assert_eq!(without.to_string(), expected, "{count} tasks");
    }
}
