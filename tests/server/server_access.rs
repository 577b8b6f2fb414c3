//! Who may PATCH and DELETE a task (addendum §3): `canAccessAccount` from the acting account to
//! the row's owner — the owner, a member of an organisation the owner belongs to, or a member
//! of the Recoup organisation — with the hosted messages.

use crate::server_support;

use recoup_tasks::model::RECOUP_ORG_ID;
use recoup_tasks::server::clock::db_timestamp;
use recoup_tasks::server::store::Store;
use reqwest::{Method, StatusCode};
use serde_json::json;
use server_support::{TestServer, error_of};

/// The Recoup organisation's own account (the hosted worker's key belongs to it), with no
/// membership row; returns its key.
async fn recoup_org_account(server: &TestServer) -> String {
    let now = db_timestamp(server.clock().now());
    let key = "recoup_sk_the_org_account_itself".to_string();
    let raw = key.clone();
    server
        .server
        .store
        .write(move |tx, secret| {
            tx.execute(
                "INSERT INTO accounts (id, email, created_at) VALUES (?1, 'org@recoup.com', ?2)",
                [RECOUP_ORG_ID, now.as_str()],
            )?;
            Store::add_api_key(tx, secret, RECOUP_ORG_ID, &raw, &now)
        })
        .await
        .unwrap_or_else(|err| panic!("org account: {err}"));
    key
}

#[tokio::test]
async fn the_recoup_org_account_itself_reads_by_id_but_may_not_edit_or_delete() {
    let server = TestServer::start().await;
    let org_key = recoup_org_account(&server).await;
    let task = server.create_task(json!({})).await;
    let id = task["id"].as_str().unwrap_or_default();
    // checkIsAdmin (GET by id) counts the org account itself as an admin…
    let read = server
        .call(Method::GET, &format!("/api/tasks?id={id}"), &org_key, None)
        .await;
    assert_eq!(read.body["tasks"][0]["id"], id);
    // …canAccessAccount (PATCH, DELETE) needs a membership row.
    let patch = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &org_key,
            Some(json!({"id": id, "title": "x"})),
        )
        .await;
    assert_eq!(patch.status, StatusCode::FORBIDDEN);
    assert_eq!(
        patch.body,
        json!({"status":"error","error":"Access denied to this task"})
    );
    let delete = server
        .call(
            Method::DELETE,
            "/api/tasks",
            &org_key,
            Some(json!({"id": id})),
        )
        .await;
    assert_eq!(delete.status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(&delete), "Access denied to this task");
}

#[tokio::test]
async fn an_admin_naming_a_customer_acts_as_that_customer() {
    let server = TestServer::start().await;
    let (_, admin_key) = server.new_account("ops@recoup.com", Some("Recoup")).await;
    let (customer, _) = server.new_account("c@example.com", None).await;
    let task = server.create_task(json!({})).await;
    // The customer cannot reach the owner, so neither can the admin acting as the customer.
    let patch = server
        .call(
            Method::PATCH,
            "/api/tasks",
            &admin_key,
            Some(json!({"id": task["id"], "title": "x", "account_id": customer})),
        )
        .await;
    assert_eq!(patch.status, StatusCode::FORBIDDEN);
    assert_eq!(error_of(&patch), "Access denied to this task");
}

#[tokio::test]
async fn an_unknown_task_is_404_for_anyone() {
    let server = TestServer::start().await;
    let (_, admin_key) = server.new_account("ops@recoup.com", Some("Recoup")).await;
    let unknown = json!({"id": "00000000-0000-4000-8000-000000000000"});
    for method in [Method::PATCH, Method::DELETE] {
        let reply = server
            .call(method, "/api/tasks", &admin_key, Some(unknown.clone()))
            .await;
        assert_eq!(
            reply.body,
            json!({"status":"error","error":"Task not found"})
        );
    }
}
