//! Shared helpers for the server tests: a real server on a real SQLite file in a temp dir,
//! spoken to over real HTTP.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use recoup_tasks::model::Plan;
use recoup_tasks::server::clock::db_timestamp;
use recoup_tasks::server::store::Store;
use recoup_tasks::server::{Clock, RunningServer, ServerConfig, start};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

pub struct TestServer {
    pub server: RunningServer,
    pub dir: tempfile::TempDir,
    pub http: reqwest::Client,
    /// The first account and its key.
    pub account: String,
    pub key: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl TestServer {
    /// A server with the system clock and no scheduler.
    pub async fn start() -> TestServer {
        Self::start_with(|config| config.scheduler = false).await
    }

    /// A server whose config `tweak` adjusts.
    pub async fn start_with(tweak: impl FnOnce(&mut ServerConfig)) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = ServerConfig::new(dir.path().join("local.db"));
        tweak(&mut config);
        let server = start(config).await.expect("server starts");
        let mut this = TestServer {
            server,
            dir,
            http: recoup_tasks::http::client(),
            account: String::new(),
            key: String::new(),
        };
        let (account, key) = this.new_account("owner@example.com", None).await;
        this.account = account;
        this.key = key;
        this
    }

    pub fn clock(&self) -> &Clock {
        &self.server.clock
    }

    /// Creates an account (optionally in an organisation) and returns (id, key).
    pub async fn new_account(&self, email: &str, org: Option<&str>) -> (String, String) {
        let (email, org) = (email.to_string(), org.map(str::to_string));
        let now = db_timestamp(self.server.clock.now());
        let created = self
            .server
            .store
            .write(move |tx, secret| {
                Store::create_account(tx, secret, Some(&email), org.as_deref(), None, &now)
            })
            .await
            .expect("account created");
        (created.account_id, created.api_key)
    }

    /// Puts `account` on `plan` (`None`: unrestricted), as `accounts create --plan` does.
    pub async fn set_plan(&self, account: &str, plan: Option<Plan>) {
        let account = account.to_string();
        self.server
            .store
            .write(move |tx, _| Store::set_plan(tx, &account, plan))
            .await
            .expect("plan set");
    }

    /// Creates an account on `plan` (optionally in an organisation) and returns (id, key).
    pub async fn new_account_on(
        &self,
        email: &str,
        org: Option<&str>,
        plan: Plan,
    ) -> (String, String) {
        let (account, key) = self.new_account(email, org).await;
        self.set_plan(&account, Some(plan)).await;
        (account, key)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Reply {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.server.url));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body read");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    /// A request with `x-api-key: key`.
    pub async fn call(&self, method: Method, path: &str, key: &str, body: Option<Value>) -> Reply {
        let body = body.map(|body| body.to_string());
        self.send(method, path, &[("x-api-key", key)], body.as_deref())
            .await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, &self.key.clone(), None).await
    }

    /// Creates a task as `key` and returns it (panics unless 200).
    pub async fn create_task_as(&self, key: &str, extra: Value) -> Value {
        let mut body = json!({
            "title": "Weekly report",
            "prompt": "Summarize fans",
            "schedule": "0 9 * * 1",
            "artist_account_id": ARTIST,
        });
        if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
            body.extend(extra);
        }
        let reply = self.call(Method::POST, "/api/tasks", key, Some(body)).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "create failed: {}",
            reply.body
        );
        reply.body["tasks"][0].clone()
    }

    pub async fn create_task(&self, extra: Value) -> Value {
        self.create_task_as(&self.key.clone(), extra).await
    }

    pub async fn stop(self) {
        self.server.stop().await;
    }
}

/// A manual clock at `at` (RFC 3339).
pub fn manual_clock(at: &str) -> Clock {
    Clock::manual(instant(at))
}

pub fn instant(at: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(at)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// The error text of a reply.
pub fn error_of(reply: &Reply) -> &str {
    reply.body["error"].as_str().unwrap_or_default()
}

/// Who an artist added by a test is.
pub enum Owner<'a> {
    Nobody,
    /// An account's own artist, pinned or not.
    Account(&'a str, bool),
    /// An organisation's artist (the organisation named, created if new).
    Organization(&'a str),
}

impl TestServer {
    /// Registers an artist owned as `owner`; returns its id.
    pub async fn add_artist(&self, name: &str, owner: Owner<'_>) -> String {
        let now = db_timestamp(self.clock().now());
        let name = name.to_string();
        let owner = match owner {
            Owner::Nobody => None,
            Owner::Account(account, pinned) => Some((account.to_string(), Some(pinned))),
            Owner::Organization(org) => Some((org.to_string(), None)),
        };
        self.server
            .store
            .write(move |tx, _| {
                let artist = Store::add_artist(tx, &name, &now)?;
                match owner {
                    None => {}
                    Some((account, Some(pinned))) => {
                        Store::link_artist(tx, &account, &artist, pinned)?
                    }
                    Some((org, None)) => {
                        let org_id = Store::organization_by_name(tx, &org)?;
                        Store::add_artist_to_organization(tx, &artist, &org_id)?;
                    }
                }
                Ok(artist)
            })
            .await
            .unwrap_or_else(|err| panic!("artist added: {err}"))
    }
}

/// A port nothing listens on right now (the OS's pick, released at once), for a `serve` that
/// a test starts itself.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|err| panic!("no free port: {err}"))
}
