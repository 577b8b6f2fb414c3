//! Local mode: the server embedded in the calling process on a free port, with a session key
//! for the default account — what the TUI and the CLI use when no hosted key is configured.

use recoup_tasks::server::start_local;
use serde_json::Value;

async fn account_id(url: &str, key: &str) -> Value {
    recoup_tasks::http::client()
        .get(format!("{url}/api/accounts/id"))
        .header("x-api-key", key)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn start_local_serves_on_a_free_loopback_port_with_a_working_session_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested").join("local.db");
    let (server, session) = start_local(&db).await.expect("starts");
    assert!(server.url.starts_with("http://127.0.0.1:"));
    assert!(db.exists(), "the data directory is created");
    let reply = account_id(&server.url, &session.api_key).await;
    assert_eq!(reply["accountId"], session.account_id.as_str());
    assert!(
        !format!("{session:?}").contains(&session.api_key),
        "Debug never shows the key"
    );
    server.stop().await;
}

#[tokio::test]
async fn two_embedded_servers_on_one_database_share_the_default_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.db");
    let (first, first_session) = start_local(&db).await.expect("first");
    let (second, second_session) = start_local(&db).await.expect("second");
    assert_ne!(first.url, second.url);
    assert_eq!(first_session.account_id, second_session.account_id);
    assert_ne!(first_session.api_key, second_session.api_key);
    // Each key works against either server: they share the database.
    let reply = account_id(&second.url, &first_session.api_key).await;
    assert_eq!(reply["accountId"], first_session.account_id.as_str());
    first.stop().await;
    second.stop().await;
}
