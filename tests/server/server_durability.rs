//! Durability: the real `serve` binary is SIGKILLed in the middle of a burst of creates; after a
//! restart every create that was answered 200 is there, and nothing is half-written.

use crate::server_support::free_port;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const KEY: &str = "durability-test-key";
const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

fn spawn_serve(db: &std::path::Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--api-key",
            KEY,
            "--db",
        ])
        .arg(db)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts")
}

async fn wait_ready(http: &reqwest::Client, url: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let reply = http
            .get(format!("{url}/api/accounts/id"))
            .header("x-api-key", KEY)
            .send()
            .await;
        if reply.is_ok_and(|reply| reply.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server at {url} did not become ready");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_create_survives_a_sigkill_mid_burst() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("local.db");
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let http = recoup_tasks::http::client();
    let mut child = spawn_serve(&db, port);
    wait_ready(&http, &url).await;

    let mut writers = Vec::new();
    for writer in 0..8 {
        let (http, url) = (http.clone(), url.clone());
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for n in 0.. {
                let body = json!({
                    "title": format!("w{writer}-{n}"),
                    "prompt": format!("prompt {writer} {n}"),
                    "schedule": "*/5 * * * *",
                    "artist_account_id": ARTIST,
                });
                let sent = http
                    .post(format!("{url}/api/tasks"))
                    .header("x-api-key", KEY)
                    .json(&body)
                    .send()
                    .await;
                let Ok(reply) = sent else { break };
                if !reply.status().is_success() {
                    break;
                }
                let Ok(value) = reply.json::<Value>().await else {
                    break;
                };
                acknowledged.push((
                    value["tasks"][0]["id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    body["title"].clone(),
                ));
            }
            acknowledged
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.extend(writer.await.expect("writer"));
    }
    assert!(
        acknowledged.len() > 10,
        "the burst was too short to mean anything: {}",
        acknowledged.len()
    );

    let mut child = spawn_serve(&db, port);
    wait_ready(&http, &url).await;
    let listed: Value = http
        .get(format!("{url}/api/tasks"))
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let tasks = listed["tasks"].as_array().expect("tasks");
    for (id, title) in &acknowledged {
        let found = tasks.iter().find(|task| task["id"] == id.as_str());
        let found =
            found.unwrap_or_else(|| panic!("acknowledged task {id} is missing after the crash"));
        assert_eq!(&found["title"], title);
    }
    for task in tasks {
        let title = task["title"].as_str().unwrap_or_default();
        let (writer, n) = title
            .trim_start_matches('w')
            .split_once('-')
            .expect("title shape");
        assert_eq!(
            task["prompt"],
            format!("prompt {writer} {n}"),
            "half-written task {task}"
        );
        assert_eq!(task["schedule"], "*/5 * * * *");
        assert!(
            task["trigger_schedule_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("sched_"))
        );
        assert_eq!(task["upcoming"].as_array().map(Vec::len), Some(5));
    }
    let conn = rusqlite::Connection::open(&db).expect("open db");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("check");
    assert_eq!(check, "ok");
}
