//! The client against the real local server over real HTTP: every endpoint, typed decoding,
//! the error wording of real refusals, and local mode through `backend::open_with`.

use crate::server_support;

use std::time::Duration;

use recoup_tasks::backend::{self, BackendKind};
use recoup_tasks::client::{ClientError, ClientOptions, RecoupClient, RunsQuery, TaskFilter};
use recoup_tasks::config::{self, Environment, KeySource};
use recoup_tasks::model::{CreateTask, RunStatus, UpdateTask};
use recoup_tasks::server::clock::db_timestamp;
use recoup_tasks::server::store::Store;
use serde_json::json;
use server_support::{ARTIST, TestServer, instant, manual_clock};

fn client_for(server: &TestServer) -> RecoupClient {
    RecoupClient::new(
        &server.server.url,
        server.key.clone(),
        KeySource::Environment,
    )
    .expect("client")
}

fn draft(title: &str, schedule: &str) -> CreateTask {
    CreateTask {
        title: title.into(),
        prompt: "Summarize fans".into(),
        schedule: schedule.into(),
        artist_account_id: ARTIST.into(),
        account_id: None,
        model: None,
        timezone: Some("Europe/Berlin".into()),
    }
}

#[tokio::test]
async fn create_list_update_delete_round_trip() {
    let server = TestServer::start().await;
    let client = client_for(&server);
    let created = client
        .create_task(&draft("Weekly", "0 9 * * 1"))
        .await
        .expect("created");
    assert_eq!(created.title, "Weekly");
    assert_eq!(created.timezone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(created.enabled, Some(true));
    assert_eq!(created.upcoming.len(), 5);

    let listed = client.list_tasks(&TaskFilter::default()).await.unwrap();
    assert_eq!(listed, vec![created.clone()]);

    let updated = client
        .update_task(&UpdateTask {
            id: created.id.clone(),
            title: Some("Monday report".into()),
            enabled: Some(Some(false)),
            ..UpdateTask::default()
        })
        .await
        .expect("updated");
    assert_eq!(updated.title, "Monday report");
    assert_eq!(updated.enabled, Some(false));
    assert!(updated.upcoming.is_empty());

    let disabled = client
        .list_tasks(&TaskFilter {
            enabled: Some(false),
            ..TaskFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(disabled.len(), 1);
    let enabled = client
        .list_tasks(&TaskFilter {
            enabled: Some(true),
            ..TaskFilter::default()
        })
        .await
        .unwrap();
    assert!(enabled.is_empty());

    let reply = client.delete_task(&created.id).await.expect("deleted");
    assert_eq!(reply, json!({"status": "success"}));
    assert!(
        client
            .list_tasks(&TaskFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    let again = client.delete_task(&created.id).await.unwrap_err();
    assert_eq!(again.to_string(), "Task not found");
    assert_eq!(again.status(), Some(404));
    server.stop().await;
}

#[tokio::test]
async fn filters_by_artist_and_id() {
    let server = TestServer::start().await;
    let client = client_for(&server);
    let first = client.create_task(&draft("A", "0 9 * * *")).await.unwrap();
    let other_artist = "2c5ea4c0-4067-41d2-883f-0016d3cca427";
    let mut second_draft = draft("B", "0 10 * * *");
    second_draft.artist_account_id = other_artist.into();
    let second = client.create_task(&second_draft).await.unwrap();
    let by_artist = client
        .list_tasks(&TaskFilter {
            artist_account_id: Some(other_artist.into()),
            ..TaskFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(by_artist.len(), 1);
    assert_eq!(by_artist[0].id, second.id);
    let by_id = client
        .list_tasks(&TaskFilter {
            id: Some(first.id.clone()),
            ..TaskFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(by_id.len(), 1);
    assert_eq!(by_id[0].id, first.id);
    server.stop().await;
}

#[tokio::test]
async fn refusals_are_worded_as_the_service_words_them() {
    let server = TestServer::start().await;
    let client = client_for(&server);
    let update = client
        .update_task(&UpdateTask {
            id: ARTIST.into(),
            title: Some("x".into()),
            ..UpdateTask::default()
        })
        .await
        .unwrap_err();
    assert_eq!(update.to_string(), "Task not found");
    let other = "3d6fb5d1-5178-41d2-883f-0016d3cca427";
    let denied = client
        .list_tasks(&TaskFilter {
            account_id: Some(other.into()),
            ..TaskFilter::default()
        })
        .await
        .unwrap_err();
    assert_eq!(denied.to_string(), "Access denied to specified account_id");
    assert_eq!(denied.status(), Some(403));
    let limit = client
        .list_runs(&RunsQuery {
            limit: Some(101),
            account_id: None,
        })
        .await
        .unwrap_err();
    assert_eq!(limit.to_string(), "Too big: expected number to be <=100");
    let missing = client.get_run("run_missing").await.unwrap_err();
    assert_eq!(missing.to_string(), "Task run not found");
    server.stop().await;
}

#[tokio::test]
async fn schedule_problems_are_refused_before_sending() {
    let server = TestServer::start().await;
    let client = client_for(&server);
    let cases = [
        (
            "0 25 * * *",
            None,
            "Invalid cron expression: Constraint error, got value 25 expected range 0-23",
        ),
        (
            "0 9 * * *",
            Some("Mars/Base"),
            "timezone must be a valid IANA time zone",
        ),
        (
            "0 9 * * *",
            Some("Asia/Kolkata"),
            "Invalid IANA timezone: 'Asia/Kolkata'",
        ),
        (
            "0 9 * * * *",
            None,
            "Invalid cron expression: CRON expressions with seconds are not allowed",
        ),
    ];
    for (schedule, zone, message) in cases {
        let mut bad = draft("Bad", schedule);
        bad.timezone = zone.map(str::to_string);
        let error = client.create_task(&bad).await.unwrap_err();
        assert!(matches!(error, ClientError::Invalid { .. }), "{error:?}");
        assert_eq!(error.to_string(), message);
    }
    assert!(
        client
            .list_tasks(&TaskFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    server.stop().await;
}

#[tokio::test]
async fn rejected_key_names_where_it_came_from_and_never_the_key() {
    let server = TestServer::start().await;
    let key = "recoup_sk_wrongwrongwrongwrongwrongwrongwrongwro";
    for (source, words) in [
        (
            KeySource::Environment,
            "the RECOUP_API_KEY environment variable",
        ),
        (
            KeySource::Profile("work".into()),
            "api_key of profile 'work'",
        ),
    ] {
        let client = RecoupClient::new(&server.server.url, key, source).unwrap();
        let error = client.account_id().await.unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("the API key from {words} was rejected (Unauthorized)")
        );
        assert!(!format!("{error:?}{client:?}").contains(key));
    }
    server.stop().await;
}

#[tokio::test]
async fn account_id_artists_runs_and_one_run() {
    let clock = manual_clock("2026-03-02T08:59:00Z");
    let server = TestServer::start_with(|config| {
        config.clock = clock.clone();
        config.runs.backoff = Duration::from_millis(10);
    })
    .await;
    let client = client_for(&server);
    assert_eq!(client.account_id().await.unwrap(), server.account);
    assert!(client.artists().await.unwrap().is_empty());
    let (now, account) = (db_timestamp(clock.now()), server.account.clone());
    let artist = server
        .server
        .store
        .write(move |tx, _| {
            let artist = Store::add_artist(tx, "Nova", &now)?;
            Store::link_artist(tx, &account, &artist, false)?;
            Ok(artist)
        })
        .await
        .expect("artist added");
    let artists = client.artists().await.unwrap();
    assert_eq!(artists.len(), 1);
    assert_eq!(artists[0].account_id, artist);
    assert_eq!(artists[0].name.as_deref(), Some("Nova"));
    let task = client
        .create_task(&draft("Daily", "0 9 * * *"))
        .await
        .unwrap();
    assert!(
        client
            .list_runs(&RunsQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    // 09:00 in Berlin (CET) is 08:00Z; at 08:59Z the next fire is the next morning.
    clock.set(instant("2026-03-03T08:00:00Z"));
    let mut runs = Vec::new();
    for _ in 0..300 {
        runs = client
            .list_runs(&RunsQuery {
                limit: Some(5),
                account_id: None,
            })
            .await
            .unwrap();
        if runs.iter().any(|run| run.status.is_terminal()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].status, RunStatus::Completed);
    let run = client.get_run(&runs[0].id).await.unwrap().expect("the run");
    assert_eq!(run.id, runs[0].id);
    assert_eq!(
        run.payload.as_ref().and_then(|p| p["externalId"].as_str()),
        Some(task.id.as_str())
    );
    assert_eq!(run.attempts.as_ref().map(Vec::len), Some(1));
    server.stop().await;
}

#[tokio::test]
async fn local_mode_starts_the_embedded_server_on_the_data_dir_database() {
    let dir = tempfile::tempdir().unwrap();
    let env = Environment {
        api_key: None,
        api_url: None,
        api_url_flag: None,
        config_path: dir.path().join("config.toml"),
        db_path: dir.path().join("data").join("local.db"),
    };
    let settings = config::select(None, &env).unwrap();
    let mut backend = backend::open_with(settings, ClientOptions::default())
        .await
        .expect("local backend");
    assert_eq!(
        backend.description.kind,
        BackendKind::Local {
            db_path: dir.path().join("data").join("local.db")
        }
    );
    let account = backend.fetch_account_id().await.unwrap().to_string();
    assert_eq!(
        backend.description.to_string(),
        format!("local · account {}…", &account[..8])
    );
    let created = backend
        .client
        .create_task(&draft("Local", "*/5 * * * *"))
        .await
        .unwrap();
    assert_eq!(created.account_id, account);
    assert_eq!(*backend.client.key_source(), KeySource::LocalSession);
    backend.shutdown().await;
    assert!(dir.path().join("data").join("local.db").exists());
}

/// The client's half and the server's half of a cheap refresh together: the server's ETag comes
/// back as `If-None-Match` and is answered 304; after one task changes, the others are the
/// caller's own tasks handed back, and only the changed one is new.
#[tokio::test]
async fn a_refresh_of_an_unchanged_list_is_a_304_and_of_a_changed_one_reuses_the_rest() {
    use recoup_tasks::client::{KnownTasks, TaskListReply};
    let server = TestServer::start().await;
    let client = client_for(&server);
    let mut ids = Vec::new();
    for n in 0..3 {
        let task = client
            .create_task(&draft(&format!("Task {n}"), "0 9 * * 1"))
            .await
            .expect("created");
        ids.push(task.id);
    }
    let filter = TaskFilter::default();
    let TaskListReply::Listed { tasks, etag } = client
        .list_listed_tasks(&filter, &KnownTasks::default())
        .await
        .expect("listed")
    else {
        panic!("a first list cannot be not modified");
    };
    assert_eq!(tasks.len(), 3);
    let etag = etag.expect("the local server sends an ETag");
    let held = |etag: Option<String>, tasks: &[recoup_tasks::client::ListedEntry]| {
        KnownTasks::new(
            etag,
            tasks
                .iter()
                .map(|entry| (entry.fingerprint.expect("fingerprint"), entry.task.clone())),
        )
    };
    let again = client
        .list_listed_tasks(&filter, &held(Some(etag.clone()), &tasks))
        .await
        .expect("listed again");
    assert!(matches!(again, TaskListReply::NotModified), "{again:?}");

    client
        .update_task(&UpdateTask {
            id: ids[1].clone(),
            title: Some("Task 1, renamed".into()),
            ..UpdateTask::default()
        })
        .await
        .expect("renamed");
    let TaskListReply::Listed {
        tasks: changed,
        etag: new_etag,
    } = client
        .list_listed_tasks(&filter, &held(Some(etag.clone()), &tasks))
        .await
        .expect("listed after the change")
    else {
        panic!("a changed list came back as not modified");
    };
    assert_ne!(new_etag.as_deref(), Some(etag.as_str()));
    let reused: Vec<bool> = changed
        .iter()
        .map(|entry| {
            tasks
                .iter()
                .any(|old| std::sync::Arc::ptr_eq(&old.task, &entry.task))
        })
        .collect();
    let titles: Vec<&str> = changed
        .iter()
        .map(|entry| entry.task.title.as_str())
        .collect();
    assert_eq!(titles, ["Task 2", "Task 1, renamed", "Task 0"]);
    assert_eq!(reused, [true, false, true]);
    server.stop().await;
}
