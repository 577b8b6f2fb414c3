//! One account cannot starve the server: a global cap on running executions (the rest wait as
//! `QUEUED`, in fire order), a fire skipped while the task's previous run still runs or waits,
//! a cap on each account's tasks, and runs older than the retention window pruned.

use crate::server_support;

use std::path::Path;
use std::time::Duration;

use recoup_tasks::model::Plan;
use recoup_tasks::server::{Clock, Executor, ServerConfig};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::{TestServer, error_of, instant, manual_clock};

/// A command that waits (polling, bounded by the run timeout) until `gate` exists, then
/// prints its task's title — so a test holds runs EXECUTING for as long as it needs.
fn gated_command(gate: &Path) -> Executor {
    Executor::Command(format!(
        "while [ ! -e '{}' ]; do sleep 0.05; done; echo \"$RECOUP_TASK_TITLE\"",
        gate.display()
    ))
}

fn fast(config: &mut ServerConfig, clock: &Clock) {
    config.clock = clock.clone();
    config.runs.attempts = 1;
    config.runs.timeout = Duration::from_secs(20);
}

/// The account's runs, newest first (list mode).
async fn runs(server: &TestServer) -> Vec<Value> {
    let reply = server.get("/api/tasks/runs?limit=100").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["runs"].as_array().cloned().unwrap_or_default()
}

fn count(runs: &[Value], status: &str) -> usize {
    runs.iter().filter(|run| run["status"] == status).count()
}

/// Waits (real time, bounded) until the runs satisfy `done`; returns them.
async fn runs_until(
    server: &TestServer,
    what: &str,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    for _ in 0..400 {
        let all = runs(server).await;
        if done(&all) {
            return all;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("expected {what}, got {:#?}", runs(server).await);
}

/// Gives the scheduler time to act (or not) on a change.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(700)).await;
}

fn open(gate: &Path) {
    std::fs::write(gate, "").unwrap_or_else(|err| panic!("cannot open the gate: {err}"));
}

#[tokio::test]
async fn at_most_the_cap_runs_at_once_and_the_rest_wait_queued() {
    let clock = manual_clock("2026-03-02T08:59:00Z");
    let gate = tempfile::tempdir().expect("temp dir");
    let gate = gate.path().join("open");
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.max_running = 2;
        config.runs.executor = gated_command(&gate);
    })
    .await;
    for n in 1..=5 {
        server
            .create_task(json!({"schedule": "0 9 * * *", "title": format!("Task {n}")}))
            .await;
    }
    settle().await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    let waiting = runs_until(&server, "5 runs, 2 of them executing", |all| {
        all.len() == 5 && count(all, "EXECUTING") == 2
    })
    .await;
    settle().await;
    let waiting_later = runs(&server).await;
    for all in [&waiting, &waiting_later] {
        assert_eq!(count(all, "EXECUTING"), 2, "{all:#?}");
        assert_eq!(count(all, "QUEUED"), 3, "{all:#?}");
    }
    let queued = waiting_later
        .iter()
        .find(|run| run["status"] == "QUEUED")
        .cloned()
        .unwrap_or_default();
    assert_eq!(queued["isQueued"], true);
    assert_eq!(queued["isExecuting"], false);
    assert_eq!(queued["attempts"], json!([]));
    assert!(
        queued.get("startedAt").is_none_or(Value::is_null),
        "{queued}"
    );

    open(&gate);
    runs_until(&server, "5 completed runs", |all| {
        count(all, "COMPLETED") == 5
    })
    .await;
    server.stop().await;
}

#[tokio::test]
async fn queued_runs_start_in_the_order_they_were_fired() {
    let clock = manual_clock("2026-03-02T08:59:00Z");
    let dir = tempfile::tempdir().expect("temp dir");
    let (log, gate) = (dir.path().join("started"), dir.path().join("open"));
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.max_running = 1;
        config.runs.executor = Executor::Command(format!(
            "echo \"$RECOUP_TASK_TITLE\" >> '{}'; \
             while [ ! -e '{}' ]; do sleep 0.05; done; echo done",
            log.display(),
            gate.display()
        ));
    })
    .await;
    // Created in another order than they fire.
    for (title, minute) in [("C", 2), ("A", 0), ("D", 3), ("B", 1)] {
        server
            .create_task(json!({"title": title, "schedule": format!("{minute} 9 * * *")}))
            .await;
    }
    settle().await;
    for minute in 0..4 {
        clock.set(instant(&format!("2026-03-02T09:0{minute}:00Z")));
        runs_until(&server, "the fire stored", |all| {
            all.len() == minute + 1 && count(all, "EXECUTING") == 1
        })
        .await;
    }
    open(&gate);
    runs_until(&server, "4 completed runs", |all| {
        count(all, "COMPLETED") == 4
    })
    .await;
    let started = std::fs::read_to_string(&log).unwrap_or_else(|err| panic!("log: {err}"));
    assert_eq!(started, "A\nB\nC\nD\n");
    server.stop().await;
}

#[tokio::test]
async fn a_fire_while_the_previous_run_still_runs_or_waits_is_skipped_and_recorded() {
    let clock = manual_clock("2026-03-02T08:59:30Z");
    let gate = tempfile::tempdir().expect("temp dir");
    let gate = gate.path().join("open");
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.max_running = 1;
        config.runs.executor = gated_command(&gate);
    })
    .await;
    let first = server
        .create_task(json!({"schedule": "* * * * *", "title": "First"}))
        .await;
    let second = server
        .create_task(json!({"schedule": "* * * * *", "title": "Second"}))
        .await;
    settle().await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    runs_until(&server, "one run executing, one queued", |all| {
        count(all, "EXECUTING") == 1 && count(all, "QUEUED") == 1
    })
    .await;
    clock.set(instant("2026-03-02T09:01:00Z"));
    let skipped = json!([{
        "at": "2026-03-02T09:01:00.000Z",
        "reason": "skipped: the previous run was still running",
    }]);
    let mut listed = Value::Null;
    for _ in 0..200 {
        listed = server.get("/api/tasks").await.body;
        let tasks = listed["tasks"].as_array().cloned().unwrap_or_default();
        if tasks.iter().all(|task| task["missed_fires"] == skipped) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    for task in [&first, &second] {
        let shown = listed["tasks"]
            .as_array()
            .and_then(|tasks| tasks.iter().find(|listed| listed["id"] == task["id"]))
            .cloned()
            .unwrap_or_default();
        assert_eq!(shown["missed_fires"], skipped, "{shown:#}");
    }
    assert_eq!(runs(&server).await.len(), 2, "no second run of either task");

    open(&gate);
    runs_until(&server, "2 completed runs", |all| {
        count(all, "COMPLETED") == 2
    })
    .await;
    // Once the previous run has finished, the next fire runs again.
    clock.set(instant("2026-03-02T09:02:00Z"));
    let all = runs_until(&server, "4 completed runs", |all| {
        count(all, "COMPLETED") == 4
    })
    .await;
    assert_eq!(all.len(), 4);
    server.stop().await;
}

#[tokio::test]
async fn a_queued_run_left_by_a_stop_fails_as_never_started() {
    let clock = manual_clock("2026-03-02T08:59:00Z");
    let gate = tempfile::tempdir().expect("temp dir");
    let gate = gate.path().join("open");
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.max_running = 1;
        config.runs.executor = gated_command(&gate);
    })
    .await;
    server
        .create_task(json!({"title": "First", "schedule": "0 9 * * *"}))
        .await;
    server
        .create_task(json!({"title": "Second", "schedule": "0 9 * * *"}))
        .await;
    settle().await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    runs_until(&server, "one run executing, one queued", |all| {
        count(all, "EXECUTING") == 1 && count(all, "QUEUED") == 1
    })
    .await;
    let store = server.server.store.clone();
    server.server.stop().await;
    let docs: Vec<String> = store
        .read(|conn, _| {
            let mut stmt = conn.prepare("SELECT doc FROM runs ORDER BY seq")?;
            let docs = stmt
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(docs)
        })
        .await
        .unwrap_or_else(|err| panic!("runs read: {err}"));
    let runs: Vec<Value> = docs
        .iter()
        .map(|doc| serde_json::from_str(doc).unwrap_or_else(|err| panic!("{err}: {doc}")))
        .collect();
    assert_eq!(runs.len(), 2);
    let statuses: Vec<&Value> = runs.iter().map(|run| &run["status"]).collect();
    assert_eq!(statuses, [&json!("FAILED"), &json!("FAILED")]);
    let messages: Vec<&Value> = runs.iter().map(|run| &run["error"]["message"]).collect();
    let started = runs
        .iter()
        .find(|run| run["startedAt"].is_string())
        .unwrap_or_else(|| panic!("one run started: {runs:#?}"));
    let never = runs
        .iter()
        .find(|run| !run["startedAt"].is_string())
        .unwrap_or_else(|| panic!("one run never started: {runs:#?}"));
    assert_eq!(
        started["error"]["message"], "The run was interrupted: the server running it was stopped",
        "{messages:?}"
    );
    assert_eq!(
        never["error"]["message"],
        "The run was interrupted before it started: the server running it was stopped"
    );
    assert_eq!(never["error"]["name"], "Interrupted");
    assert_eq!(never["attemptCount"], 0);
}

#[tokio::test]
async fn an_account_over_the_task_cap_is_refused_and_nothing_is_written() {
    let server = TestServer::start_with(|config| {
        config.scheduler = false;
        config.max_tasks_per_account = 2;
    })
    .await;
    server.create_task(json!({"title": "One"})).await;
    server.create_task(json!({"title": "Two"})).await;
    let body = json!({
        "title": "Three",
        "prompt": "Summarize fans",
        "schedule": "0 9 * * 1",
        "artist_account_id": server_support::ARTIST,
    });
    let refused = server
        .call(
            Method::POST,
            "/api/tasks",
            &server.key.clone(),
            Some(body.clone()),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused.body,
        json!({
            "status": "error",
            "error": "Task limit reached: this server allows at most 2 tasks per account \
                      (serve --max-tasks-per-account); delete one to create another",
        })
    );
    let listed = server.get("/api/tasks").await;
    assert_eq!(listed.body["tasks"].as_array().map_or(0, Vec::len), 2);
    // A disabled task still counts: it is stored.
    let first = listed.body["tasks"][0]["id"].clone();
    let disabled = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key.clone(),
            Some(json!({"id": first, "enabled": false})),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.body);
    let again = server
        .call(
            Method::POST,
            "/api/tasks",
            &server.key.clone(),
            Some(body.clone()),
        )
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN, "{}", again.body);
    // The cap is per account: another account still creates.
    let (_, other) = server.new_account("other@example.com", None).await;
    server.create_task_as(&other, json!({})).await;
    // Deleting one makes room.
    let deleted = server
        .call(
            Method::DELETE,
            "/api/tasks",
            &server.key.clone(),
            Some(json!({"id": first})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    server.create_task(json!({"title": "Three"})).await;
    server.stop().await;
}

#[tokio::test]
async fn the_plan_gate_answers_before_the_task_cap() {
    let server = TestServer::start_with(|config| {
        config.scheduler = false;
        config.max_tasks_per_account = 1;
    })
    .await;
    let (_, key) = server
        .new_account_on("free@example.com", None, Plan::Free)
        .await;
    server.create_task_as(&key, json!({})).await;
    let body = json!({
        "title": "Two",
        "prompt": "Summarize fans",
        "schedule": "0 9 * * 1",
        "artist_account_id": server_support::ARTIST,
    });
    let refused = server
        .call(Method::POST, "/api/tasks", &key, Some(body))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::PAYMENT_REQUIRED,
        "{}",
        refused.body
    );
    assert_eq!(refused.body["error"], "plan_limit");
    assert_eq!(error_of(&refused), "plan_limit");
    server.stop().await;
}

/// Every stored attempt's run id.
async fn attempt_runs(server: &TestServer) -> Vec<String> {
    server
        .server
        .store
        .read(|conn, _| {
            let mut stmt = conn.prepare("SELECT run_id FROM attempts ORDER BY run_id")?;
            let ids = stmt
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ids)
        })
        .await
        .unwrap_or_else(|err| panic!("attempts read: {err}"))
}

#[tokio::test]
async fn runs_older_than_the_retention_window_are_pruned_with_their_attempts() {
    let clock = manual_clock("2026-03-01T12:00:00Z");
    let gate = tempfile::tempdir().expect("temp dir");
    let gate_path = gate.path().join("open");
    let executor = Executor::Command(format!(
        "if [ \"$RECOUP_TASK_TITLE\" = Slow ]; then \
             while [ ! -e '{}' ]; do sleep 0.05; done; fi; echo done",
        gate_path.display()
    ));
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.executor = executor;
    })
    .await;
    // Fire once each: 2 March (old by April), 20 March (recent), and a slow one on 2 March.
    server
        .create_task(json!({"title": "Old", "schedule": "0 9 2 3 *"}))
        .await;
    server
        .create_task(json!({"title": "Slow", "schedule": "0 10 2 3 *"}))
        .await;
    server
        .create_task(json!({"title": "Recent", "schedule": "0 9 20 3 *"}))
        .await;
    settle().await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    runs_until(&server, "1 completed run", |all| {
        count(all, "COMPLETED") == 1
    })
    .await;
    clock.set(instant("2026-03-02T10:00:00Z"));
    runs_until(&server, "the slow run executing", |all| {
        count(all, "EXECUTING") == 1
    })
    .await;
    clock.set(instant("2026-03-20T09:00:00Z"));
    let before = runs_until(&server, "2 completed runs", |all| {
        count(all, "COMPLETED") == 2
    })
    .await;
    // Newest first: fired on 20 March, then the two of 2 March.
    let ids: Vec<String> = before
        .iter()
        .filter_map(|run| run["id"].as_str().map(str::to_string))
        .collect();
    let [recent, slow, old] =
        <[String; 3]>::try_from(ids).unwrap_or_else(|ids| panic!("3 runs expected: {ids:?}"));
    assert_eq!(count(&before, "EXECUTING"), 1, "{before:#?}");
    assert_eq!(attempt_runs(&server).await.len(), 3);

    // 30 days and an hour after the first two fires: the old run goes, with its attempt; the
    // slow one is as old but still running, so it stays; the recent one stays.
    clock.set(instant("2026-04-01T10:30:00Z"));
    let after = runs_until(&server, "the old run pruned", |all| {
        all.iter().all(|run| run["id"] != old.as_str())
    })
    .await;
    let ids: Vec<&str> = after.iter().filter_map(|run| run["id"].as_str()).collect();
    assert_eq!(ids, [recent.as_str(), slow.as_str()]);
    let gone = server.get(&format!("/api/tasks/runs?runId={old}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.body);
    let mut expected = vec![slow.clone(), recent.clone()];
    expected.sort();
    assert_eq!(attempt_runs(&server).await, expected);

    open(&gate_path);
    runs_until(&server, "the slow run completed", |all| {
        count(all, "COMPLETED") == 2 && all.len() == 2
    })
    .await;
    server.stop().await;
}

/// A run waiting for a slot is not run for a task disabled or deleted meanwhile: when its slot
/// comes, it ends `CANCELED`, with no attempt and a reason, as the task's owner asked no more
/// of it.
#[tokio::test]
async fn a_queued_run_of_a_task_disabled_or_deleted_meanwhile_is_canceled_not_run() {
    let clock = manual_clock("2026-03-02T08:59:30Z");
    let gate = tempfile::tempdir().expect("temp dir");
    let gate = gate.path().join("open");
    let server = TestServer::start_with(|config| {
        fast(config, &clock);
        config.runs.max_running = 1;
        config.runs.executor = gated_command(&gate);
    })
    .await;
    for title in ["One", "Two", "Three"] {
        server
            .create_task(json!({"schedule": "0 9 * * *", "title": title}))
            .await;
    }
    settle().await;
    clock.set(instant("2026-03-02T09:00:00Z"));
    let all = runs_until(&server, "one run executing, two queued", |all| {
        count(all, "EXECUTING") == 1 && count(all, "QUEUED") == 2
    })
    .await;
    // List items do not name their task; the retrieved run's payload does.
    let mut queued = Vec::new();
    for run in all.iter().filter(|run| run["status"] == "QUEUED") {
        let id = run["id"].as_str().unwrap_or_default();
        let retrieved = server.get(&format!("/api/tasks/runs?runId={id}")).await;
        let task = &retrieved.body["runs"][0]["payload"]["externalId"];
        queued.push(task.as_str().unwrap_or_default().to_string());
    }
    let disabled = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": queued[0], "enabled": false})),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.body);
    let deleted = server
        .call(
            Method::DELETE,
            "/api/tasks",
            &server.key,
            Some(json!({"id": queued[1]})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);

    open(&gate);
    let all = runs_until(&server, "1 completed run and 2 canceled", |all| {
        count(all, "COMPLETED") == 1 && count(all, "CANCELED") == 2
    })
    .await;
    for run in all.iter().filter(|run| run["status"] == "CANCELED") {
        assert_eq!(run["isCancelled"], true, "{run:#}");
        assert_eq!(run["isQueued"], false, "{run:#}");
        assert_eq!(run["attempts"], json!([]), "{run:#}");
        assert!(run["finishedAt"].is_string(), "{run:#}");
        // The reason is on the retrieved run (list items carry no error).
        let id = run["id"].as_str().unwrap_or_default();
        let retrieved = server.get(&format!("/api/tasks/runs?runId={id}")).await;
        assert_eq!(
            retrieved.body["runs"][0]["error"]["message"],
            "Canceled before it started: the task was disabled or deleted while the run waited for a slot",
            "{run:#}"
        );
    }
    server.stop().await;
}
