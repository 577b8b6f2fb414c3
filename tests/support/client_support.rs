//! A tiny fault-injecting HTTP server for the client tests: a tokio `TcpListener` that reads
//! each request and answers as the test says — raw bytes, silence, or a pass-through to a real
//! local server (optionally dropping the reply, to play a request that commits but times out).
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub head: String,
    pub body: Vec<u8>,
}

impl Request {
    /// The value of header `name` (any case), if the request carried it.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// What the server does with a request.
pub enum Action {
    /// Write these bytes and close.
    Raw(Vec<u8>),
    /// Read the request and never answer (the connection stays open).
    Hang,
    /// Forward to `upstream` and relay its reply.
    Forward(String),
    /// Forward to `upstream`, wait for its reply, then never answer.
    ForwardThenHang(String),
}

/// Picks the action for a request (and its index among all requests so far).
type Decide = dyn Fn(&Request, usize) -> Action + Send + Sync;

pub struct FaultServer {
    pub url: String,
    pub host: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
}

impl FaultServer {
    /// Starts on a free loopback port; `decide` picks the action for each request.
    pub async fn start(
        decide: impl Fn(&Request, usize) -> Action + Send + Sync + 'static,
    ) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        let seen = requests.clone();
        let decide = Arc::new(decide);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (seen, decide) = (seen.clone(), decide.clone());
                tokio::spawn(async move { serve(stream, seen, decide).await });
            }
        });
        FaultServer {
            url: format!("http://{addr}"),
            host: addr.to_string(),
            requests,
        }
    }

    /// How many requests with this method arrived.
    pub fn count(&self, method: &str) -> usize {
        self.requests
            .lock()
            .expect("lock")
            .iter()
            .filter(|request| request.method == method)
            .count()
    }
}

async fn serve(mut stream: TcpStream, seen: Arc<Mutex<Vec<Request>>>, decide: Arc<Decide>) {
    // One request per connection is enough: every reply closes it.
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let index = {
        let mut seen = seen.lock().expect("lock");
        seen.push(request.clone());
        seen.len() - 1
    };
    match decide(&request, index) {
        Action::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Action::Hang => hang(stream).await,
        Action::Forward(upstream) => {
            let reply = forward(&upstream, &request).await;
            let _ = stream.write_all(&reply).await;
            let _ = stream.shutdown().await;
        }
        Action::ForwardThenHang(upstream) => {
            let _ = forward(&upstream, &request).await;
            hang(stream).await;
        }
    }
}

async fn hang(stream: TcpStream) {
    tokio::time::sleep(Duration::from_secs(60)).await;
    drop(stream);
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let mut words = head.split_whitespace();
    let method = words.next()?.to_string();
    let target = words.next()?.to_string();
    Some(Request {
        method,
        target,
        body: buffer[head_end..].to_vec(),
        head,
    })
}

/// Sends `request` to `upstream` (keeping its `x-api-key`) and returns the raw reply bytes.
async fn forward(upstream: &str, request: &Request) -> Vec<u8> {
    let key = request
        .head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("x-api-key")
                .then(|| value.trim().to_string())
        })
        .unwrap_or_default();
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("method");
    let reply = recoup_tasks::http::client()
        .request(method, format!("{upstream}{}", request.target))
        .header("x-api-key", key)
        .header("content-type", "application/json")
        .body(request.body.clone())
        .send()
        .await
        .expect("upstream answers");
    let status = reply.status().as_u16();
    let body = reply.bytes().await.expect("upstream body");
    response(status, "application/json", &body)
}

/// A complete HTTP/1.1 response.
pub fn response(status: u16, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A complete HTTP/1.1 response with more header lines (`name: value`).
pub fn response_with(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("HTTP/1.1 {status} X\r\n");
    for (name, value) in headers {
        bytes.push_str(&format!("{name}: {value}\r\n"));
    }
    bytes.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = bytes.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A JSON response.
pub fn json(status: u16, body: &str) -> Vec<u8> {
    response(status, "application/json", body.as_bytes())
}
