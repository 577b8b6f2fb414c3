//! Cross-account isolation: an account cannot read, change or delete another's tasks; an
//! organisation peer reads them by naming the owner in `account_id` and edits them by id; a
//! non-member gets 403; a Recoup admin reads any task by id and edits it.

use crate::server_support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use server_support::{TestServer, error_of};

#[tokio::test]
async fn an_account_cannot_see_change_or_delete_another_accounts_task() {
    let server = TestServer::start().await;
    let (_, other_key) = server.new_account("b@example.com", None).await;
    let task = server.create_task(json!({})).await;
    let id = task["id"].as_str().unwrap();

    let listed = server
        .call(Method::GET, "/api/tasks", &other_key, None)
        .await;
    assert_eq!(listed.body["tasks"], json!([]));
    let by_id = server
        .call(
            Method::GET,
            &format!("/api/tasks?id={id}"),
            &other_key,
            None,
        )
        .await;
    assert_eq!(by_id.status, StatusCode::OK);
    assert_eq!(
        by_id.body["tasks"],
        json!([]),
        "someone else's id yields an empty list"
    );
    let patched = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &other_key,
            Some(json!({"id": id, "enabled": false})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::FORBIDDEN);
    let deleted = server
        .call(
            Method::DELETE,
            "/api/tasks",
            &other_key,
            Some(json!({"id": id})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::FORBIDDEN);

    let unchanged = server.get(&format!("/api/tasks?id={id}")).await;
    assert_eq!(unchanged.body["tasks"][0]["enabled"], true);
}

#[tokio::test]
async fn a_non_member_naming_another_account_is_denied_everywhere() {
    let server = TestServer::start().await;
    let (other, other_key) = server.new_account("b@example.com", Some("Label")).await;
    let task = server.create_task_as(&other_key, json!({})).await;
    let expected = "Access denied to specified account_id";
    let list = server.get(&format!("/api/tasks?account_id={other}")).await;
    assert_eq!(
        (list.status, error_of(&list)),
        (StatusCode::FORBIDDEN, expected)
    );
    let runs = server
        .get(&format!("/api/tasks/runs?account_id={other}"))
        .await;
    assert_eq!(
        (runs.status, error_of(&runs)),
        (StatusCode::FORBIDDEN, expected)
    );
    let patch = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &server.key,
            Some(json!({"id": task["id"], "account_id": other})),
        )
        .await;
    assert_eq!(
        (patch.status, error_of(&patch)),
        (StatusCode::FORBIDDEN, expected)
    );
}

#[tokio::test]
async fn an_org_peer_reads_and_edits_with_account_id() {
    let server = TestServer::start().await;
    let (_, alice_key) = server.new_account("alice@label.com", Some("Label")).await;
    let (bob, bob_key) = server.new_account("bob@label.com", Some("label")).await;
    let task = server
        .create_task_as(&bob_key, json!({"title": "Bob's"}))
        .await;
    let listed = server
        .call(
            Method::GET,
            &format!("/api/tasks?account_id={bob}"),
            &alice_key,
            None,
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["tasks"][0]["id"], task["id"]);
    let runs = server
        .call(
            Method::GET,
            &format!("/api/tasks/runs?account_id={bob}"),
            &alice_key,
            None,
        )
        .await;
    assert_eq!(runs.status, StatusCode::OK);
    let patched = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &alice_key,
            Some(json!({"id": task["id"], "account_id": bob, "title": "Edited"})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK);
    assert_eq!(patched.body["tasks"][0]["title"], "Edited");
}

#[tokio::test]
async fn a_recoup_admin_reads_any_task_by_id_and_any_account() {
    let server = TestServer::start().await;
    let (_, admin_key) = server.new_account("ops@recoup.com", Some("Recoup")).await;
    let task = server.create_task(json!({})).await;
    let id = task["id"].as_str().unwrap();
    let by_id = server
        .call(
            Method::GET,
            &format!("/api/tasks?id={id}"),
            &admin_key,
            None,
        )
        .await;
    assert_eq!(by_id.body["tasks"][0]["id"], id);
    let own = server
        .call(Method::GET, "/api/tasks", &admin_key, None)
        .await;
    assert_eq!(
        own.body["tasks"],
        json!([]),
        "without id or account_id an admin sees its own tasks"
    );
    let account = server
        .call(
            Method::GET,
            &format!("/api/tasks?account_id={}", server.account),
            &admin_key,
            None,
        )
        .await;
    assert_eq!(account.body["tasks"][0]["id"], id);
    // An admin edits any task without naming its owner (addendum §3).
    let patch = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &admin_key,
            Some(json!({"id": id, "title": "x"})),
        )
        .await;
    assert_eq!(patch.status, StatusCode::OK);
    assert_eq!(patch.body["tasks"][0]["title"], "x");
}
