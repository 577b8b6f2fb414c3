//! Slow and many clients cannot stall the server (issue 12, item 1): an idle connection, a
//! half-sent request head and a stalled body are closed after their timeouts; a valid request
//! is answered while hundreds of slow connections are held; connections over the cap wait to
//! be accepted; a stop ends within its grace period even while a POST is stalled. Raw TCP
//! clients on loopback against the real server, with timeouts configured short.

use crate::server_support::TestServer;

use std::time::Duration;

use recoup_tasks::server::ConnectionLimits;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The short timeouts these tests configure.
const SHORT: Duration = Duration::from_secs(1);
/// Generous: how long a test waits for what must happen after a short timeout.
const WAIT: Duration = Duration::from_secs(5);

async fn start_with(limits: ConnectionLimits) -> TestServer {
    TestServer::start_with(|config| {
        config.scheduler = false;
        config.connections = limits;
    })
    .await
}

fn short_timeouts() -> ConnectionLimits {
    ConnectionLimits {
        header_read_timeout: SHORT,
        request_timeout: SHORT,
        ..ConnectionLimits::default()
    }
}

async fn connect(server: &TestServer) -> TcpStream {
    TcpStream::connect(server.server.addr)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", server.server.addr))
}

/// Everything the server sends until it closes the connection, or `None` if it is still open
/// after `within`.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&received).into_owned())
}

/// The first reply on `stream` (its head and a `Content-Length` body), or `None` if none
/// arrives within `within`.
async fn read_reply(stream: &mut TcpStream, within: Duration) -> Option<(String, String)> {
    let mut received = Vec::new();
    tokio::time::timeout(within, async {
        let mut chunk = [0u8; 4096];
        loop {
            let text = String::from_utf8_lossy(&received).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    return (head.to_string(), body.to_string());
                }
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return (text.clone(), String::new()),
                Ok(n) => received.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await
    .ok()
}

fn status_line(head: &str) -> &str {
    head.lines().next().unwrap_or_default()
}

async fn send(stream: &mut TcpStream, bytes: &[u8]) {
    stream
        .write_all(bytes)
        .await
        .unwrap_or_else(|e| panic!("cannot send: {e}"));
}

fn get_tasks(key: &str) -> String {
    format!("GET /api/tasks HTTP/1.1\r\nhost: localhost\r\nx-api-key: {key}\r\n\r\n")
}

fn post_head(key: &str, length: usize) -> String {
    format!(
        "POST /api/tasks HTTP/1.1\r\nhost: localhost\r\nx-api-key: {key}\r\n\
         content-type: application/json\r\ncontent-length: {length}\r\n\r\n"
    )
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_header_read_timeout() {
    let server = start_with(short_timeouts()).await;
    let mut idle = connect(&server).await;
    assert_eq!(
        read_until_closed(&mut idle, WAIT).await.as_deref(),
        Some(""),
        "the idle connection is closed, with nothing sent"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_half_sent_request_head_is_closed_after_the_header_read_timeout() {
    let server = start_with(short_timeouts()).await;
    let mut half = connect(&server).await;
    send(&mut half, b"GET /api/tasks HTTP/1.1\r\nhost: local").await;
    let closed = read_until_closed(&mut half, WAIT).await;
    assert!(closed.is_some(), "the half-sent head is still open");
    server.stop().await;
}

#[tokio::test]
async fn a_kept_alive_connection_is_closed_once_idle_for_the_header_read_timeout() {
    let server = start_with(short_timeouts()).await;
    let mut kept = connect(&server).await;
    send(&mut kept, get_tasks(&server.key).as_bytes()).await;
    let (head, _) = read_reply(&mut kept, WAIT)
        .await
        .unwrap_or_else(|| panic!("no reply to a valid GET"));
    assert_eq!(status_line(&head), "HTTP/1.1 200 OK");
    assert_eq!(
        read_until_closed(&mut kept, WAIT).await.as_deref(),
        Some(""),
        "the kept-alive connection is closed once idle"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_stalled_body_is_answered_408_and_closed_after_the_request_timeout() {
    let server = start_with(short_timeouts()).await;
    let mut stalled = connect(&server).await;
    send(&mut stalled, post_head(&server.key, 1000).as_bytes()).await;
    send(&mut stalled, br#"{"title":"#).await;
    let (head, body) = read_reply(&mut stalled, WAIT)
        .await
        .unwrap_or_else(|| panic!("no reply to a stalled body"));
    assert_eq!(status_line(&head), "HTTP/1.1 408 Request Timeout");
    assert_eq!(body, r#"{"status":"error","error":"Request Timeout"}"#);
    assert_eq!(
        read_until_closed(&mut stalled, WAIT).await.as_deref(),
        Some(""),
        "the connection is closed after the 408"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_valid_request_is_answered_while_300_slow_connections_are_held() {
    // Default timeouts: the slow connections stay open for the whole test.
    let server = start_with(ConnectionLimits::default()).await;
    let mut held = Vec::new();
    for _ in 0..100 {
        held.push(connect(&server).await);
        let mut half = connect(&server).await;
        send(&mut half, b"POST /api/tasks HTTP/1.1\r\nhost: local").await;
        held.push(half);
        let mut stalled = connect(&server).await;
        send(&mut stalled, post_head("no-key", 64 * 1024).as_bytes()).await;
        send(&mut stalled, &[b'x'; 32 * 1024]).await;
        held.push(stalled);
    }
    let reply = tokio::time::timeout(WAIT, server.get("/api/tasks")).await;
    let reply = reply.unwrap_or_else(|_| panic!("no answer while 300 slow connections are held"));
    assert_eq!(reply.status, StatusCode::OK);
    drop(held);
    server.stop().await;
}

#[tokio::test]
async fn connections_over_the_cap_wait_and_are_served_once_others_close() {
    let server = start_with(ConnectionLimits {
        max_connections: Some(3),
        ..ConnectionLimits::default()
    })
    .await;
    let mut idle = vec![
        connect(&server).await,
        connect(&server).await,
        connect(&server).await,
    ];
    let mut waiting = connect(&server).await;
    send(&mut waiting, get_tasks(&server.key).as_bytes()).await;
    assert_eq!(
        read_reply(&mut waiting, SHORT).await,
        None,
        "a fourth connection is served while three are open"
    );
    idle.pop();
    let (head, _) = read_reply(&mut waiting, WAIT)
        .await
        .unwrap_or_else(|| panic!("the waiting request is not served once a connection closes"));
    assert_eq!(status_line(&head), "HTTP/1.1 200 OK");
    drop(idle);
    server.stop().await;
}

#[tokio::test]
async fn a_stop_ends_within_its_grace_period_while_a_post_is_stalled() {
    let server = start_with(ConnectionLimits {
        shutdown_grace: SHORT,
        ..ConnectionLimits::default()
    })
    .await;
    let mut stalled = connect(&server).await;
    send(&mut stalled, post_head(&server.key, 1000).as_bytes()).await;
    send(&mut stalled, br#"{"title":"#).await;
    // Let the server start reading the body.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopped = tokio::time::timeout(WAIT, server.stop()).await;
    assert!(stopped.is_ok(), "the stop waits on the stalled POST");
    let closed = read_until_closed(&mut stalled, WAIT).await;
    assert!(
        closed.is_some(),
        "the stalled POST's connection is still open"
    );
}

#[tokio::test]
async fn a_request_in_flight_at_stop_gets_its_answer_and_new_connections_are_refused() {
    let server = start_with(ConnectionLimits::default()).await;
    let addr = server.server.addr;
    let body = format!(
        r#"{{"title":"Late","prompt":"p","schedule":"0 9 * * 1","artist_account_id":"{}"}}"#,
        crate::server_support::ARTIST
    );
    let (first, rest) = body.split_at(10);
    let mut in_flight = connect(&server).await;
    send(
        &mut in_flight,
        post_head(&server.key, body.len()).as_bytes(),
    )
    .await;
    send(&mut in_flight, first.as_bytes()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopping = tokio::spawn(server.stop());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "a new connection is accepted after the stop"
    );
    send(&mut in_flight, rest.as_bytes()).await;
    let (head, _) = read_reply(&mut in_flight, WAIT)
        .await
        .unwrap_or_else(|| panic!("the request in flight got no answer"));
    assert_eq!(status_line(&head), "HTTP/1.1 200 OK");
    let stopped = tokio::time::timeout(WAIT, stopping).await;
    assert!(stopped.is_ok(), "the stop did not end");
}

#[tokio::test]
async fn a_body_declared_over_the_limit_is_refused_413_before_it_is_sent() {
    let server = start_with(ConnectionLimits::default()).await;
    let mut declared = connect(&server).await;
    send(
        &mut declared,
        post_head(&server.key, 2 * 1024 * 1024).as_bytes(),
    )
    .await;
    let (head, body) = read_reply(&mut declared, WAIT)
        .await
        .unwrap_or_else(|| panic!("no reply before the body is sent"));
    assert_eq!(status_line(&head), "HTTP/1.1 413 Payload Too Large");
    assert_eq!(
        body,
        r#"{"status":"error","error":"Request body too large"}"#
    );
    server.stop().await;
}
