//! Where the key goes, and how much a server can make the client read: a redirect to another
//! origin (scheme, host and port) is not followed, so neither `x-api-key` nor the body reaches
//! it; a same-origin redirect is; a reply over the cap is refused; a create reply that names no
//! task id is a bad reply.

use crate::client_support;

use std::time::Duration;

use client_support::{Action, FaultServer, json};
use recoup_tasks::client::{ClientError, ClientOptions, RecoupClient, TaskFilter};
use recoup_tasks::config::KeySource;
use recoup_tasks::http::{RedirectRefusal, check_redirect};
use recoup_tasks::model::CreateTask;

const KEY: &str = "recoup_sk_redirecttestkey_0123456789abcdefghijklmn";
const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const TASK: &str = "5d0c5a38-3a4f-4f55-9a2e-6c1f3f4a8b21";

fn created_body() -> String {
    format!(
        r#"{{"status":"success","tasks":[{{"id":"{TASK}","title":"Fans","prompt":"Summarize fans","schedule":"0 9 * * 1","account_id":"{ARTIST}","artist_account_id":"{ARTIST}","enabled":true}}]}}"#
    )
}

fn options() -> ClientOptions {
    ClientOptions {
        request_timeout: Duration::from_secs(5),
        retry_delay: Duration::from_millis(10),
        ..ClientOptions::default()
    }
}

fn client(url: &str, options: ClientOptions) -> RecoupClient {
    RecoupClient::with_options(url, KEY, KeySource::Environment, options)
        .unwrap_or_else(|e| panic!("client: {e}"))
}

fn draft() -> CreateTask {
    CreateTask {
        title: "Fans".into(),
        prompt: "Summarize fans".into(),
        schedule: "0 9 * * 1".into(),
        artist_account_id: ARTIST.into(),
        account_id: None,
        model: None,
        timezone: None,
    }
}

/// A redirect with an empty body.
fn redirect(status: u16, location: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} X\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    )
    .into_bytes()
}

fn url(text: &str) -> reqwest::Url {
    reqwest::Url::parse(text).unwrap_or_else(|e| panic!("url {text}: {e}"))
}

fn requests(server: &FaultServer) -> usize {
    server
        .requests
        .lock()
        .unwrap_or_else(|e| panic!("lock: {e}"))
        .len()
}

#[tokio::test]
async fn a_307_to_another_port_is_not_followed_and_the_other_server_gets_nothing() {
    let other = FaultServer::start(|_, _| Action::Raw(json(200, &created_body()))).await;
    let target = format!("{}/api/tasks", other.url);
    let first = FaultServer::start(move |_, _| Action::Raw(redirect(307, &target))).await;
    let error = client(&first.url, options())
        .create_task(&draft())
        .await
        .expect_err("a cross-origin redirect is an error");
    assert_eq!(
        error.to_string(),
        format!(
            "the server redirected to {}/api/tasks, another origin; not followed (the key is sent only to {})",
            other.url, first.url
        )
    );
    assert_eq!(first.count("POST"), 1, "the create was sent once");
    assert_eq!(
        requests(&other),
        0,
        "neither the key nor the body reached the other origin"
    );
}

#[tokio::test]
async fn a_get_redirected_to_another_origin_is_neither_followed_nor_retried() {
    let other =
        FaultServer::start(|_, _| Action::Raw(json(200, r#"{"status":"success","tasks":[]}"#)))
            .await;
    let target = format!(
        "http://localhost:{}/api/tasks",
        other.url.rsplit(':').next().unwrap_or("")
    );
    let first = FaultServer::start(move |_, _| Action::Raw(redirect(302, &target))).await;
    let error = client(&first.url, options())
        .list_tasks(&TaskFilter::default())
        .await
        .expect_err("a redirect to another host is an error");
    let port = other.url.rsplit(':').next().unwrap_or("");
    assert_eq!(
        error.to_string(),
        format!(
            "the server redirected to http://localhost:{port}/api/tasks, another origin; not followed (the key is sent only to {})",
            first.url
        ),
        "127.0.0.1 and localhost are two origins"
    );
    assert_eq!(first.count("GET"), 1, "not retried");
    assert_eq!(requests(&other), 0);
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_key_and_the_body() {
    let body = created_body();
    let server = FaultServer::start(move |request, _| {
        if request.target == "/api/tasks" {
            Action::Raw(redirect(307, "/api/v2/tasks"))
        } else {
            Action::Raw(json(200, &body))
        }
    })
    .await;
    let task = client(&server.url, options())
        .create_task(&draft())
        .await
        .unwrap_or_else(|e| panic!("followed: {e}"));
    assert_eq!(task.id, TASK);
    let seen = server
        .requests
        .lock()
        .unwrap_or_else(|e| panic!("lock: {e}"))
        .clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].target, "/api/v2/tasks");
    assert!(seen[1].head.contains(&format!("x-api-key: {KEY}")));
    assert_eq!(seen[1].body, seen[0].body, "a 307 repeats the body");
}

#[tokio::test]
async fn a_same_origin_redirect_loop_stops_after_five() {
    let server =
        FaultServer::start(|_, index| Action::Raw(redirect(302, &format!("/hop/{index}")))).await;
    let error = client(&server.url, options())
        .account_id()
        .await
        .expect_err("a loop ends");
    assert_eq!(
        error.to_string(),
        format!(
            "the server at {} redirected more than 5 times; stopped",
            server.host
        )
    );
    assert_eq!(
        server.count("GET"),
        6,
        "the request and five redirects, not retried"
    );
}

#[test]
fn https_to_http_is_refused_even_on_the_same_host() {
    let origin = url("https://api.example.com");
    let refusal = check_redirect(&origin, &url("http://api.example.com/api/tasks"), 0)
        .expect_err("a downgrade is refused");
    assert_eq!(
        refusal.to_string(),
        "the server redirected from https to plain http (http://api.example.com/api/tasks); not followed (the key is sent only to https://api.example.com)"
    );
    assert!(matches!(refusal, RedirectRefusal::Downgrade { .. }));
    assert_eq!(
        check_redirect(&origin, &url("https://api.example.com/v2/tasks?x=1"), 0),
        Ok(())
    );
    assert_eq!(
        check_redirect(&origin, &url("https://api.example.com:443/v2"), 0),
        Ok(()),
        "the default port is the same origin"
    );
    assert_eq!(
        check_redirect(&origin, &url("https://evil.example.com/api/tasks"), 0)
            .map_err(|r| r.to_string()),
        Err("the server redirected to https://evil.example.com/api/tasks, another origin; not followed (the key is sent only to https://api.example.com)".to_string())
    );
    assert_eq!(
        check_redirect(&origin, &url("https://user:secret@evil.example.com/a?token=1"), 0)
            .map_err(|r| r.to_string()),
        Err("the server redirected to https://evil.example.com/a, another origin; not followed (the key is sent only to https://api.example.com)".to_string()),
        "no credentials or query of the target are printed"
    );
}

#[tokio::test]
async fn a_reply_over_the_cap_is_refused_with_a_clear_message() {
    // No Content-Length: the body is read until the connection closes, and reading stops at
    // the cap.
    let mut reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{\"status\":\"success\",\"tasks\":[".to_vec();
    reply.extend(std::iter::repeat_n(b' ', 4096));
    reply.extend_from_slice(b"]}");
    let server = FaultServer::start(move |_, _| Action::Raw(reply.clone())).await;
    let error = client(
        &server.url,
        ClientOptions {
            max_list_bytes: 1024,
            ..options()
        },
    )
    .list_tasks(&TaskFilter::default())
    .await
    .expect_err("over the cap");
    assert_eq!(
        error.to_string(),
        format!(
            "the reply from {} is larger than 1 KiB, the most the client reads; not read",
            server.host
        )
    );
    assert_eq!(server.count("GET"), 1, "an oversized reply is not retried");
}

#[tokio::test]
async fn a_content_length_over_the_default_cap_is_refused_without_reading_the_body() {
    // The head claims 17 MiB and the body never comes: reading it would end in "cut short".
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 17825792\r\nconnection: close\r\n\r\n{";
    let server = FaultServer::start(move |_, _| Action::Raw(head.as_bytes().to_vec())).await;
    let error = client(&server.url, options())
        .account_id()
        .await
        .expect_err("over the cap");
    assert_eq!(
        error.to_string(),
        format!(
            "the reply from {} is larger than 16 MiB, the most the client reads; not read",
            server.host
        )
    );
    assert!(matches!(error, ClientError::ReplyTooLarge { .. }));
}

#[tokio::test]
async fn a_create_reply_without_the_task_id_is_a_bad_reply() {
    for body in [
        r#"{"status":"success","tasks":[{"title":"Fans"}]}"#,
        r#"{"status":"success","tasks":[{"id":"","title":"Fans"}]}"#,
        r#"{"status":"success","tasks":[{"id":null}]}"#,
        r#"{"status":"success","tasks":[]}"#,
        r#"{"status":"success"}"#,
    ] {
        let server = FaultServer::start(move |_, _| Action::Raw(json(200, body))).await;
        let client = client(&server.url, options());
        let expected = format!(
            "unreadable reply from {} (HTTP 200): the reply holds no id of the created task",
            server.host
        );
        let raw = client.create_task_raw(&draft()).await.expect_err(body);
        assert_eq!(raw.to_string(), expected, "{body}");
        let typed = client.create_task(&draft()).await.expect_err(body);
        assert_eq!(typed.to_string(), expected, "{body}");
        assert_eq!(server.count("POST"), 2, "never sent twice: {body}");
    }
}
