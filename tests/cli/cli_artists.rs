//! `tasks list` names each task's artist: an ARTIST column with the name the service sent
//! (`artist_name`, addendum §2.1), cleaned and cut, `—` when it sent none; `--json` prints the
//! service's tasks as they are.

use crate::server_support;

use std::process::{Command, Stdio};

use recoup_tasks::server::clock::db_timestamp;
use recoup_tasks::server::store::Store;
use serde_json::json;
use server_support::TestServer;

/// `recoup-tasks ARGS` against `server`: (exit status, stdout, stderr).
async fn run(server: &TestServer, args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut command = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"));
    command
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("XDG_STATE_HOME")
        .env("TZ", "UTC")
        .env("RECOUP_API_URL", &server.server.url)
        .env("RECOUP_API_KEY", &server.key)
        .stdin(Stdio::null());
    tokio::task::spawn_blocking(move || {
        let out = command
            .output()
            .unwrap_or_else(|e| panic!("binary runs: {e}"));
        drop(home);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap_or_else(|e| panic!("binary waited for: {e}"))
}

/// Registers an artist called `name` as the server's account's; returns its id.
async fn artist(server: &TestServer, name: &str) -> String {
    let (name, account) = (name.to_string(), server.account.clone());
    let now = db_timestamp(server.clock().now());
    server
        .server
        .store
        .write(move |tx, _| {
            let id = Store::add_artist(tx, &name, &now)?;
            Store::link_artist(tx, &account, &id, false)?;
            Ok(id)
        })
        .await
        .unwrap_or_else(|err| panic!("artist added: {err}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_list_names_each_tasks_artist_and_json_keeps_the_services_value() {
    let server = TestServer::start().await;
    let nova = artist(&server, "Nova \u{1b}[31mand the Very Long Named Band").await;
    let named = server
        .create_task(json!({"title": "Named", "artist_account_id": nova}))
        .await;
    // The support artist is not registered: the service sends `artist_name: null`.
    let unknown = server.create_task(json!({"title": "Unknown"})).await;
    let (status, table, stderr) = run(&server, &["tasks", "list"]).await;
    assert_eq!((status, stderr.as_str()), (0, ""));
    // `0 9 * * 1` in UTC (the server's and the table's zone), as the table shows it.
    let next = trigger_cron::parse("0 9 * * 1")
        .and_then(|cron| cron.next_after(chrono_tz::UTC, chrono::Utc::now()))
        .map(|at| at.format("%a %m-%d %H:%M").to_string())
        .unwrap_or_else(|e| panic!("the schedule fires: {e:?}"));
    let row = |cells: [&str; 6]| {
        format!(
            "{:<36}  {:<7}  {:<24}  {:<9}  {:<7}  {}\n",
            cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]
        )
    };
    let id = |task: &serde_json::Value| task["id"].as_str().unwrap_or_default().to_string();
    let expected = [
        row(["ID", "TITLE", "ARTIST", "SCHEDULE", "ENABLED", "NEXT FIRE"]),
        // Newest first, as the service lists them.
        row([&id(&unknown), "Unknown", "—", "0 9 * * 1", "true", &next]),
        row([
            &id(&named),
            "Named",
            "Nova and the Very Long …",
            "0 9 * * 1",
            "true",
            &next,
        ]),
    ]
    .concat();
    assert_eq!(table, expected);
    let (_, json_out, _) = run(&server, &["tasks", "list", "--json"]).await;
    let printed: serde_json::Value =
        serde_json::from_str(&json_out).unwrap_or_else(|e| panic!("JSON: {e}\n{json_out}"));
    assert_eq!(printed, server.get("/api/tasks").await.body["tasks"]);
    assert_eq!(
        printed[1]["artist_name"], "Nova \u{1b}[31mand the Very Long Named Band",
        "the service's data, unchanged"
    );
    server.stop().await;
}
