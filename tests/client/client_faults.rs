//! The client against a server that misbehaves the way real networks and proxies do: HTML error
//! pages, JSON 500s, garbage, bodies cut short, silence, 429s — and a create that commits but
//! whose reply never arrives, which must be found instead of duplicated.

use crate::client_support;
use crate::server_support;

use std::time::{Duration, Instant};

use client_support::{Action, FaultServer, json, response};
use recoup_tasks::client::{ClientError, ClientOptions, RecoupClient, TaskFilter};
use recoup_tasks::config::KeySource;
use recoup_tasks::model::CreateTask;
use server_support::{ARTIST, TestServer};

const KEY: &str = "recoup_sk_faulttestkey_0123456789abcdefghijklmnopq";

fn quick() -> ClientOptions {
    ClientOptions {
        request_timeout: Duration::from_millis(600),
        retry_delay: Duration::from_millis(10),
        ..ClientOptions::default()
    }
}

fn client(url: &str, options: ClientOptions) -> RecoupClient {
    RecoupClient::with_options(url, KEY, KeySource::Environment, options).expect("client")
}

fn draft(title: &str) -> CreateTask {
    CreateTask {
        title: title.into(),
        prompt: "Summarize fans".into(),
        schedule: "0 9 * * 1".into(),
        artist_account_id: ARTIST.into(),
        account_id: None,
        model: None,
        timezone: None,
    }
}

fn assert_no_key(error: &ClientError) {
    assert!(!error.to_string().contains(KEY));
    assert!(!format!("{error:?}").contains(KEY));
}

const BAD_GATEWAY: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

#[tokio::test]
async fn html_502_page_is_reported_by_status_host_and_title_after_three_retries() {
    let server =
        FaultServer::start(|_, _| Action::Raw(response(502, "text/html", BAD_GATEWAY.as_bytes())))
            .await;
    let error = client(&server.url, quick())
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("HTTP 502 from {}: 502 Bad Gateway", server.host)
    );
    assert_eq!(server.count("GET"), 4, "one try and three retries");
    assert_no_key(&error);
}

#[tokio::test]
async fn json_500_envelope_gives_its_message_and_a_get_is_retried() {
    let server = FaultServer::start(|_, _| {
        Action::Raw(json(
            500,
            r#"{"status":"error","error":"Failed to fetch scheduled actions: boom"}"#,
        ))
    })
    .await;
    let error = client(&server.url, quick())
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap_err();
    assert_eq!(error.to_string(), "Failed to fetch scheduled actions: boom");
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.count("GET"), 4);
}

#[tokio::test]
async fn get_recovers_when_a_retry_succeeds() {
    let server = FaultServer::start(|_, index| {
        if index == 0 {
            Action::Raw(response(503, "text/plain", b"busy"))
        } else {
            Action::Raw(json(200, r#"{"status":"success","tasks":[]}"#))
        }
    })
    .await;
    let tasks = client(&server.url, quick())
        .list_tasks(&TaskFilter::default())
        .await
        .expect("the retry succeeds");
    assert!(tasks.is_empty());
    assert_eq!(server.count("GET"), 2);
}

#[tokio::test]
async fn garbage_json_is_an_unreadable_reply_and_not_retried() {
    let server =
        FaultServer::start(|_, _| Action::Raw(json(200, r#"{"status":"success","tasks":[{"#)))
            .await;
    let error = client(&server.url, quick())
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "unreadable reply from {} (HTTP 200): not JSON (EOF while parsing an object at line 1 column 30)",
            server.host
        )
    );
    assert_eq!(server.count("GET"), 1);
}

#[tokio::test]
async fn wrongly_shaped_json_is_an_unreadable_reply() {
    let server = FaultServer::start(|_, _| {
        Action::Raw(json(200, r#"{"status":"success","tasks":{"a":1}}"#))
    })
    .await;
    let error = client(&server.url, quick())
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap_err();
    assert!(
        error.to_string().starts_with(&format!(
            "unreadable reply from {} (HTTP 200): invalid type: map",
            server.host
        )),
        "{error}"
    );
}

#[tokio::test]
async fn body_cut_short_is_reported_as_such() {
    let server = FaultServer::start(|_, _| {
        Action::Raw(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"status\":\"success\",\"ta"
                .to_vec(),
        )
    })
    .await;
    let error = client(&server.url, quick())
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "the reply from {} was cut short (connection closed)",
            server.host
        )
    );
}

#[tokio::test]
async fn silent_server_times_out_with_the_configured_limit_and_is_not_retried() {
    let server = FaultServer::start(|_, _| Action::Hang).await;
    let started = Instant::now();
    let error = client(&server.url, quick())
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("no reply from {} within 0.6 s", server.url)
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.count("GET"), 1);
}

#[tokio::test]
async fn rate_limited_get_waits_for_retry_after_then_succeeds() {
    let server = FaultServer::start(|_, index| {
        if index == 0 {
            Action::Raw(
                b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: 0\r\n\r\n"
                    .to_vec(),
            )
        } else {
            Action::Raw(json(200, r#"{"status":"success","tasks":[]}"#))
        }
    })
    .await;
    let started = Instant::now();
    client(&server.url, quick())
        .list_tasks(&TaskFilter::default())
        .await
        .expect("succeeds after waiting");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After: 1 honoured, waited {:?}",
        started.elapsed()
    );
    assert_eq!(server.count("GET"), 2);
}

#[tokio::test]
async fn rate_limit_longer_than_the_cap_is_reported_at_once_with_its_wait() {
    let server = FaultServer::start(|_, _| {
        Action::Raw(
            b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 120\r\ncontent-length: 0\r\n\r\n"
                .to_vec(),
        )
    })
    .await;
    let error = client(&server.url, quick())
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{} is rate limiting requests (HTTP 429); try again in 120 s",
            server.host
        )
    );
    assert_eq!(server.count("GET"), 1);
}

#[tokio::test]
async fn connection_refused_names_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = client(&url, quick()).account_id().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("cannot reach {url}: connection refused")
    );
}

#[tokio::test]
async fn create_that_commits_but_times_out_is_found_not_duplicated() {
    let real = TestServer::start().await;
    let upstream = real.server.url.clone();
    let server = FaultServer::start(move |request, _| {
        if request.method == "POST" {
            Action::ForwardThenHang(upstream.clone())
        } else {
            Action::Forward(upstream.clone())
        }
    })
    .await;
    let client = RecoupClient::with_options(
        &server.url,
        real.key.clone(),
        KeySource::Environment,
        quick(),
    )
    .unwrap();
    let error = client.create_task(&draft("Weekly")).await.unwrap_err();
    let task = error.created_task().expect("the committed task is found");
    assert_eq!(task.title, "Weekly");
    assert_eq!(
        error.to_string(),
        format!(
            "no reply from {} within 0.6 s, but the task was created: {} (found it; not sent again)",
            server.url, task.id
        )
    );
    assert_eq!(server.count("POST"), 1, "the create is never re-sent");
    let tasks = real.get("/api/tasks").await.body["tasks"].clone();
    assert_eq!(tasks.as_array().map(Vec::len), Some(1), "no duplicate");
    assert_eq!(tasks[0]["id"], task.id.as_str());
    real.stop().await;
}

#[tokio::test]
async fn create_that_times_out_without_committing_reports_the_timeout() {
    let real = TestServer::start().await;
    // An older task with the same fields must not be mistaken for this one: only its own
    // artist, title, prompt and schedule within the window count — this one has another title.
    real.create_task(serde_json::json!({"title": "Other"}))
        .await;
    let upstream = real.server.url.clone();
    let server = FaultServer::start(move |request, _| {
        if request.method == "POST" {
            Action::Hang
        } else {
            Action::Forward(upstream.clone())
        }
    })
    .await;
    let client = RecoupClient::with_options(
        &server.url,
        real.key.clone(),
        KeySource::Environment,
        quick(),
    )
    .unwrap();
    let error = client.create_task(&draft("Weekly")).await.unwrap_err();
    assert!(matches!(error, ClientError::Timeout { .. }), "{error:?}");
    assert_eq!(server.count("POST"), 1);
    real.stop().await;
}

#[tokio::test]
async fn create_with_500_whose_lookup_also_fails_says_the_task_may_exist() {
    let server = FaultServer::start(|request, _| {
        if request.method == "POST" {
            Action::Raw(json(
                500,
                r#"{"status":"error","error":"Failed to create job: boom"}"#,
            ))
        } else {
            Action::Raw(response(502, "text/html", BAD_GATEWAY.as_bytes()))
        }
    })
    .await;
    let error = client(&server.url, quick())
        .create_task(&draft("Weekly"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "Failed to create job: boom; the task may have been created (checking failed: HTTP 502 from {}: 502 Bad Gateway) — run `recoup-tasks tasks list` before trying again",
            server.host
        )
    );
    assert_eq!(server.count("POST"), 1);
}

#[tokio::test]
async fn invalid_create_is_refused_without_any_request() {
    let server = FaultServer::start(|_, _| Action::Hang).await;
    let mut bad = draft("Weekly");
    bad.schedule = "0 9 * * 8".into();
    let error = client(&server.url, quick())
        .create_task(&bad)
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "Invalid cron expression: Constraint error, got value 8 expected range 0-7"
    );
    assert!(server.requests.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_key_travels_only_in_the_x_api_key_header() {
    let server =
        FaultServer::start(|_, _| Action::Raw(json(200, r#"{"status":"success","tasks":[]}"#)))
            .await;
    let client = client(&server.url, quick());
    client
        .list_tasks(&TaskFilter {
            artist_account_id: Some(ARTIST.into()),
            enabled: Some(false),
            ..TaskFilter::default()
        })
        .await
        .unwrap();
    let requests = server.requests.lock().unwrap().clone();
    assert_eq!(
        requests[0].target,
        format!("/api/tasks?artist_account_id={ARTIST}"),
        "enabled=false is filtered here: the hosted API reads it as true"
    );
    assert!(
        requests[0]
            .head
            .to_ascii_lowercase()
            .contains(&format!("x-api-key: {}", KEY.to_ascii_lowercase()))
    );
    assert!(!requests[0].target.contains(KEY));
    assert!(!format!("{client:?}").contains(KEY));
}

#[tokio::test]
async fn disabled_filter_is_right_against_the_hosted_enabled_quirk() {
    // The hosted API answers `enabled=false` with enabled tasks and, without the parameter,
    // with all of them: the client picks the disabled ones itself.
    let server = FaultServer::start(|_, _| {
        Action::Raw(json(
            200,
            r#"{"status":"success","tasks":[{"id":"a","enabled":true},{"id":"b","enabled":false},{"id":"c","enabled":null}]}"#,
        ))
    })
    .await;
    let client = client(&server.url, quick());
    let only = |enabled| TaskFilter {
        enabled: Some(enabled),
        ..TaskFilter::default()
    };
    let disabled = client.list_tasks(&only(false)).await.unwrap();
    assert_eq!(
        disabled.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["b"]
    );
    let enabled = client.list_tasks(&only(true)).await.unwrap();
    assert_eq!(
        enabled.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["a", "c"],
        "null counts as enabled (the schedule stays as it was)"
    );
}

#[tokio::test]
async fn hosted_raw_row_from_post_decodes_as_a_task() {
    let row = r#"{"status":"success","tasks":[{"id":"5f0c8f2e-1c7e-4a53-9a7e-3f0a2b1c4d5e","title":"Weekly","prompt":"Summarize fans","schedule":"0 9 * * 1","account_id":"04e3aba9-c130-4fb8-8b92-34e95d43e66b","artist_account_id":"1b4e28ba-2fa1-41d2-883f-0016d3cca427","enabled":true,"created_at":"2026-01-01T00:00:00.123456+00:00","updated_at":"2026-01-01T00:00:00.123456+00:00","trigger_schedule_id":"sched_abc","model":null,"last_run":null,"next_run":null}]}"#;
    let server = FaultServer::start(move |_, _| Action::Raw(json(200, row))).await;
    let task = client(&server.url, quick())
        .create_task(&draft("Weekly"))
        .await
        .expect("decodes");
    assert_eq!(task.id, "5f0c8f2e-1c7e-4a53-9a7e-3f0a2b1c4d5e");
    assert_eq!(task.timezone, None);
    assert!(task.recent_runs.is_empty() && task.upcoming.is_empty());
    assert_eq!(server.count("POST"), 1);
}
