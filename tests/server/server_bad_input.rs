//! Bad input never panics the server and is always answered with JSON: arbitrary bytes, wrong
//! types, huge strings, unicode and control characters, in every field and query parameter.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use recoup_tasks::server::store::Store;
use recoup_tasks::server::{RunningServer, ServerConfig, start};
use reqwest::Method;
use serde_json::{Map, Value, json};

const FIELDS: &[&str] = &[
    "id",
    "title",
    "prompt",
    "schedule",
    "artist_account_id",
    "account_id",
    "model",
    "timezone",
    "enabled",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\u{7f}-\\u{9f}]{0,8}",
        "[0-9*/,L#? -]{0,20}",
        "[A-Za-z_/+-]{0,30}",
        (0usize..200_000).prop_map(|n| "é".repeat(n / 2)),
        Just("1b4e28ba-2fa1-41d2-883f-0016d3cca427".to_string()),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(|n| json!(n)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Bodies that are mostly shaped like task bodies, with any field of any type.
fn task_body() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (
            prop_oneof![
                prop::sample::select(FIELDS).prop_map(str::to_string),
                any::<String>()
            ],
            json_value(),
        ),
        0..10,
    )
    .prop_map(|pairs| Value::Object(pairs.into_iter().collect()))
}

#[derive(Debug)]
enum Body {
    Bytes(Vec<u8>),
    Json(Value),
}

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512).prop_map(Body::Bytes),
        json_value().prop_map(Body::Json),
        task_body().prop_map(Body::Json),
    ]
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(vec![
        Method::POST,
        Method::PATCH,
        Method::DELETE,
        Method::GET,
        Method::PUT,
    ])
}

struct Fixture {
    runtime: tokio::runtime::Runtime,
    server: RunningServer,
    http: reqwest::Client,
    key: String,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = ServerConfig::new(dir.path().join("local.db"));
    config.scheduler = false;
    let server = runtime.block_on(start(config)).expect("server");
    let key = server
        .store
        .write_now(|tx, secret| {
            Store::create_account(
                tx,
                secret,
                Some("fuzz@example.com"),
                None,
                None,
                "2026-01-01",
            )
        })
        .expect("account")
        .api_key;
    Fixture {
        runtime,
        server,
        // A fresh connection per request: when the server answers without reading a body
        // (a GET or a 405 with a body), it closes the connection, and a pooled client can race
        // that close on its next request — a client artefact, not what is under test.
        http: recoup_tasks::http::client_builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("client"),
        key,
        _dir: dir,
    }
}

impl Fixture {
    /// Sends a request and checks the answer is a JSON envelope (or the empty 200 of OPTIONS).
    fn check(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<(), TestCaseError> {
        self.runtime.block_on(async {
            let mut request = self
                .http
                .request(method, format!("{}{path}", self.server.url))
                .header("x-api-key", &self.key);
            if let Some(body) = body {
                request = request.body(body);
            }
            let reply = request
                .send()
                .await
                .map_err(|err| TestCaseError::fail(format!("no answer: {err}")))?;
            let status = reply.status();
            let text = reply
                .text()
                .await
                .map_err(|err| TestCaseError::fail(err.to_string()))?;
            let value: Value = serde_json::from_str(&text)
                .map_err(|_| TestCaseError::fail(format!("{status} is not JSON: {text:.200}")))?;
            let envelope = value["status"].as_str().unwrap_or_default();
            prop_assert!(
                envelope == "success" || envelope == "error",
                "{status} {text:.200}"
            );
            prop_assert!(
                status.as_u16() != 500 || !text.contains("panicked"),
                "{text:.200}"
            );
            Ok(())
        })
    }
}

#[test]
fn arbitrary_bodies_are_answered_with_json_and_never_panic() {
    let fixture = fixture();
    let mut runner = TestRunner::new(Config {
        cases: 400,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&(method(), body()), |(method, body)| {
            let bytes = match body {
                Body::Bytes(bytes) => bytes,
                Body::Json(value) => value.to_string().into_bytes(),
            };
            fixture.check(method, "/api/tasks", Some(bytes))
        })
        .expect("property holds");
    // Still serving afterwards.
    fixture
        .check(Method::GET, "/api/tasks", None)
        .expect("alive");
}

#[test]
fn arbitrary_query_strings_are_answered_with_json() {
    let fixture = fixture();
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    let pairs = prop::collection::vec(
        (
            prop::sample::select(vec![
                "id",
                "account_id",
                "artist_account_id",
                "enabled",
                "runId",
                "limit",
                "x",
            ]),
            text(),
        ),
        0..5,
    );
    runner
        .run(&(pairs, any::<bool>()), |(pairs, runs)| {
            let query: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(
                    pairs
                        .iter()
                        .map(|(k, v)| (*k, v.chars().take(2000).collect::<String>())),
                )
                .finish();
            let path = if runs {
                "/api/tasks/runs"
            } else {
                "/api/tasks"
            };
            fixture.check(Method::GET, &format!("{path}?{query}"), None)
        })
        .expect("property holds");
}
