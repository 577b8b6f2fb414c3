//! The task object's `artist_name` (addendum §2.1): the artist's name on GET and PATCH, `null`
//! when the artist is unknown, between `timezone` and `owner_email`.

use crate::server_support;

use recoup_tasks::server::clock::db_timestamp;
use recoup_tasks::server::store::Store;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::{ARTIST, TestServer};

async fn add_artist(server: &TestServer, name: &str) -> String {
    let (name, now) = (name.to_string(), db_timestamp(server.clock().now()));
    server
        .server
        .store
        .write(move |tx, _| Store::add_artist(tx, &name, &now))
        .await
        .unwrap_or_else(|err| panic!("artist: {err}"))
}

fn keys(task: &Value) -> Vec<String> {
    task.as_object()
        .map(|object| object.keys().cloned().collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn get_and_patch_name_the_artist_and_say_null_for_an_unknown_one() {
    let server = TestServer::start().await;
    let nova = add_artist(&server, "Nova").await;
    let named = server.create_task(json!({"artist_account_id": nova})).await;
    let unknown = server
        .create_task(json!({"artist_account_id": ARTIST}))
        .await;
    let listed = server.get("/api/tasks").await;
    let tasks = listed.body["tasks"].as_array().cloned().unwrap_or_default();
    let find = |id: &Value| {
        tasks
            .iter()
            .find(|task| task["id"] == *id)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(find(&named["id"])["artist_name"], "Nova");
    assert_eq!(find(&unknown["id"])["artist_name"], Value::Null);
    let order = keys(&find(&named["id"]));
    let at = |key: &str| order.iter().position(|k| k == key);
    assert_eq!(
        at("artist_name"),
        at("timezone").map(|i| i + 1),
        "{order:?}"
    );
    assert_eq!(
        at("owner_email"),
        at("artist_name").map(|i| i + 1),
        "{order:?}"
    );
    let patched = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": unknown["id"], "artist_account_id": nova})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK);
    assert_eq!(patched.body["tasks"][0]["artist_name"], "Nova");
}
