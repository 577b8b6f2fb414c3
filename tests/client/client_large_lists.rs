//! Task lists larger than a reply the client reads whole: decoded as they arrive (10,000 tasks
//! with their runs are 30 MB of JSON, which a 16 MiB cap refused: the list never loaded), and
//! for the TUI with each task's runs as summaries.

use crate::client_support;

use std::time::Duration;

use client_support::{Action, FaultServer};
use recoup_tasks::client::{ClientOptions, KnownTasks, RecoupClient, TaskFilter, TaskListReply};
use recoup_tasks::config::KeySource;
use recoup_tasks::model::{ListedTask, RunSummary, Task};

const KEY: &str = "recoup_sk_large_lists";
const ARTIST: &str = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

fn client(url: &str) -> RecoupClient {
    let options = ClientOptions {
        request_timeout: Duration::from_secs(10),
        retry_delay: Duration::from_millis(10),
        max_retries: 0,
        // Far below the lists served here: a list is not held whole, so this cap is not its.
        max_reply_bytes: 64 * 1024,
        ..ClientOptions::default()
    };
    RecoupClient::with_options(url, KEY, KeySource::Environment, options)
        .unwrap_or_else(|e| panic!("client: {e}"))
}

/// One task with two runs (one carrying an attempt) and upcoming fires, as the local server
/// sends it.
fn task_json(i: usize) -> String {
    format!(
        r#"{{"id":"task_{i}","title":"Report {i}","prompt":"Summarise the week for artist {i}.","schedule":"0 9 * * 1","account_id":"{ARTIST}","artist_account_id":"{ARTIST}","enabled":true,"trigger_schedule_id":"sched_{i}","model":null,"created_at":"2026-11-01T09:00:00.000Z","updated_at":"2026-11-01T09:00:00.000Z","recent_runs":[{{"id":"run_{i}_b","status":"FAILED","taskIdentifier":"customer-prompt-task","isQueued":false,"isExecuting":false,"isWaiting":false,"isCompleted":true,"isSuccess":false,"isFailed":true,"isCancelled":false,"isTest":false,"createdAt":"2026-11-30T09:00:00.000Z","updatedAt":"2026-11-30T09:00:59.000Z","startedAt":"2026-11-30T09:00:01.000Z","finishedAt":"2026-11-30T09:00:59.000Z","tags":["account:{ARTIST}"],"costInCents":1.25,"baseCostInCents":0,"durationMs":58000,"depth":0,"env":{{"id":"env_local","name":"local"}},"attempts":[{{"id":"att_{i}","status":"FAILED","createdAt":"2026-11-30T09:00:00.000Z","updatedAt":"2026-11-30T09:00:59.000Z"}}]}},{{"id":"run_{i}_a","status":"COMPLETED","taskIdentifier":"customer-prompt-task","createdAt":"2026-11-23T09:00:00.000Z","updatedAt":"2026-11-23T09:01:00.000Z","costInCents":1,"durationMs":60000}}],"upcoming":["2026-12-07T09:00:00.000Z","2026-12-14T09:00:00.000Z"],"timezone":"UTC","artist_name":"Artist {i}","owner_email":"ops@label.example"}}"#
    )
}

/// The tasks of a list reply (a 304 has none).
fn listed_tasks(reply: TaskListReply) -> Vec<ListedTask> {
    match reply {
        TaskListReply::Listed { tasks, .. } => tasks
            .into_iter()
            .map(|entry| (*entry.task).clone())
            .collect(),
        TaskListReply::NotModified => panic!("not modified"),
    }
}

fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn list_body(count: usize) -> String {
    let tasks: Vec<String> = (0..count).map(task_json).collect();
    format!(r#"{{"status":"success","tasks":[{}]}}"#, tasks.join(","))
}

fn reply(head: &str, body: &[u8]) -> Vec<u8> {
    let mut reply = head.as_bytes().to_vec();
    reply.extend_from_slice(body);
    reply
}

const COUNT: usize = 2_000;

#[tokio::test]
async fn a_task_list_larger_than_the_reply_cap_loads_whole_in_both_shapes() {
    let body = list_body(COUNT);
    assert!(body.len() > 2 * 1024 * 1024, "{} bytes", body.len());
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let whole = reply(&head, body.as_bytes());
    let server = FaultServer::start(move |_, _| Action::Raw(whole.clone())).await;
    let client = client(&server.url);

    let tasks = client
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap_or_else(|e| panic!("whole tasks: {e}"));
    assert_eq!(tasks.len(), COUNT);
    let last = &tasks[COUNT - 1];
    assert_eq!(last.title, format!("Report {}", COUNT - 1));
    assert_eq!(last.recent_runs.len(), 2);
    assert_eq!(last.recent_runs[0].attempts.as_ref().map(Vec::len), Some(1));
    assert_eq!(last.upcoming.len(), 2);

    let listed = client
        .list_listed_tasks(&TaskFilter::default(), &KnownTasks::default())
        .await
        .map(listed_tasks)
        .unwrap_or_else(|e| panic!("listed tasks: {e}"));
    assert_eq!(listed.len(), COUNT);
    let expected: Vec<_> = tasks.into_iter().map(Task::listed).collect();
    assert!(
        listed == expected,
        "the listed shape is the whole one, summarised"
    );
    assert_eq!(
        listed[7].recent_runs[0],
        RunSummary {
            id: "run_7_b".into(),
            status: recoup_tasks::model::RunStatus::Failed,
            created_at: Some(at("2026-11-30T09:00:00Z")),
            started_at: Some(at("2026-11-30T09:00:01Z")),
            finished_at: Some(at("2026-11-30T09:00:59Z")),
            is_completed: true,
            cost_in_cents: 1.25,
            duration_ms: 58_000.0,
        }
    );
    assert!(
        listed[7].upcoming.is_empty(),
        "a list never keeps `upcoming`"
    );
}

#[tokio::test]
async fn a_small_list_is_listed_as_a_large_one_is() {
    let body = list_body(3);
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let whole = reply(&head, body.as_bytes());
    let server = FaultServer::start(move |_, _| Action::Raw(whole.clone())).await;
    let client = client(&server.url);
    let tasks = client
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap_or_else(|e| panic!("whole tasks: {e}"));
    let listed = client
        .list_listed_tasks(&TaskFilter::default(), &KnownTasks::default())
        .await
        .map(listed_tasks)
        .unwrap_or_else(|e| panic!("listed tasks: {e}"));
    let expected: Vec<_> = tasks.into_iter().map(Task::listed).collect();
    assert!(listed == expected);
}

#[tokio::test]
async fn a_large_list_cut_short_says_so() {
    let body = list_body(COUNT);
    // The head promises the whole list; the connection closes after half of it.
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let half = reply(&head, &body.as_bytes()[..body.len() / 2]);
    let server = FaultServer::start(move |_, _| Action::Raw(half.clone())).await;
    let error = client(&server.url)
        .list_listed_tasks(&TaskFilter::default(), &KnownTasks::default())
        .await
        .expect_err("cut short");
    assert_eq!(
        error.to_string(),
        format!(
            "the reply from {} was cut short (connection closed)",
            server.host
        )
    );
}

#[tokio::test]
async fn a_large_reply_that_is_not_a_task_list_says_what_is_wrong() {
    let numbers: Vec<String> = (0..400_000).map(|i| i.to_string()).collect();
    let body = format!(r#"{{"status":"success","tasks":[{}]}}"#, numbers.join(","));
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
    let whole = reply(head, body.as_bytes());
    let server = FaultServer::start(move |_, _| Action::Raw(whole.clone())).await;
    let error = client(&server.url)
        .list_listed_tasks(&TaskFilter::default(), &KnownTasks::default())
        .await
        .expect_err("not tasks");
    assert_eq!(
        error.to_string(),
        format!(
            "unreadable reply from {} (HTTP 200): not the expected JSON (task 1: invalid type: integer `0`, expected struct Task at line 1 column 1)",
            server.host
        )
    );
}

#[tokio::test]
async fn a_list_over_the_list_cap_is_refused_without_holding_it() {
    let body = list_body(COUNT);
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
    let whole = reply(head, body.as_bytes());
    let server = FaultServer::start(move |_, _| Action::Raw(whole.clone())).await;
    let options = ClientOptions {
        max_retries: 0,
        max_list_bytes: 1536 * 1024,
        ..ClientOptions::default()
    };
    let error = RecoupClient::with_options(&server.url, KEY, KeySource::Environment, options)
        .unwrap_or_else(|e| panic!("client: {e}"))
        .list_listed_tasks(&TaskFilter::default(), &KnownTasks::default())
        .await
        .expect_err("over the list cap");
    assert_eq!(
        error.to_string(),
        format!(
            "the reply from {} is larger than 1536 KiB, the most the client reads; not read",
            server.host
        )
    );
}

#[tokio::test]
async fn a_small_success_that_says_error_tells_its_words_in_every_shape() {
    // HTTP 200 with `"status": "error"`: the Recoup CLI's rule reads it as an error, and the
    // service's words are what the user reads, whichever way the list is asked for.
    let body = r#"{"status":"error","message":"Database unavailable"}"#;
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let whole = reply(&head, body.as_bytes());
    let server = FaultServer::start(move |_, _| Action::Raw(whole.clone())).await;
    let client = client(&server.url);
    let raw = client
        .list_tasks_raw(&TaskFilter::default())
        .await
        .expect_err("an error reply")
        .to_string();
    assert!(raw.contains("Database unavailable"), "{raw}");
    let whole = client
        .list_tasks(&TaskFilter::default())
        .await
        .expect_err("an error reply");
    assert_eq!(whole.to_string(), raw);
    let listed = client
        .list_listed_tasks(&TaskFilter::default(), &KnownTasks::default())
        .await
        .expect_err("an error reply");
    assert_eq!(listed.to_string(), raw);
}
