//! `GET /api/ai/models` (addendum §6: no key, no `status`, a configurable list) and
//! `GET /api/organizations` (addendum §5: query before key, then access, then the memberships).

use crate::server_support;

use recoup_tasks::model::RECOUP_ORG_ID;
use recoup_tasks::server::models::{default_models, models_from_json};
use recoup_tasks::server::store::membership_id;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server_support::TestServer;

const STRANGER: &str = "2c5ea4c0-4067-11e9-8bad-9b1deb4d3b7d";

#[tokio::test]
async fn models_need_no_key_and_come_without_a_status() {
    let server = TestServer::start().await;
    let expected = json!({"models": default_models().as_slice()});
    let bearer = format!("Bearer {}", server.key);
    let header_sets: [&[(&str, &str)]; 4] = [
        &[],
        &[("x-api-key", "recoup_sk_unknown")],
        &[("x-api-key", &server.key), ("authorization", &bearer)],
        &[("authorization", "Token nope")],
    ];
    for headers in header_sets {
        let reply = server
            .send(Method::GET, "/api/ai/models?account_id=x", headers, None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{headers:?}");
        assert_eq!(reply.body, expected, "{headers:?}");
        assert_eq!(reply.headers["access-control-allow-origin"], "*");
    }
    // The shape of an entry, pinned: the gateway's keys, prices as strings.
    assert_eq!(
        expected["models"][1],
        json!({
            "id": "openai/gpt-5",
            "name": "GPT-5",
            "description": "OpenAI's flagship model for reasoning and agentic tasks.",
            "pricing": {"input": "0.00000125", "output": "0.00001"},
            "specification": {"specificationVersion": "v2", "provider": "openai", "modelId": "gpt-5"},
            "modelType": "language",
        })
    );
    let preflight = server
        .send(Method::OPTIONS, "/api/ai/models", &[], None)
        .await;
    assert_eq!(preflight.status, StatusCode::OK);
    assert_eq!(preflight.headers["access-control-allow-origin"], "*");
    assert_eq!(
        preflight.headers["access-control-allow-headers"],
        "Content-Type, Authorization, X-Requested-With, x-api-key"
    );
    server.stop().await;
}

#[tokio::test]
async fn models_are_the_configured_list_passed_through_without_embedding_models() {
    let file = r#"{"models": [
        {"id": "acme/one", "name": "One", "context_window": 1000, "cost": {"input": 1, "output": 2}},
        {"id": "acme/embed", "name": "Embed", "pricing": {"input": "0.0000001", "output": "0"}},
        {"id": "acme/two", "name": "Two", "pricing": {"input": "0.1", "output": "0.2"}}
    ]}"#;
    let models = models_from_json(file).unwrap_or_else(|err| panic!("{err}"));
    let server = TestServer::start_with(|config| {
        config.scheduler = false;
        config.models = models;
    })
    .await;
    let reply = server.send(Method::GET, "/api/ai/models", &[], None).await;
    assert_eq!(
        reply.body,
        json!({"models": [
            {"id": "acme/one", "name": "One", "context_window": 1000, "cost": {"input": 1, "output": 2}},
            {"id": "acme/two", "name": "Two", "pricing": {"input": "0.1", "output": "0.2"}},
        ]})
    );
    server.stop().await;
}

#[tokio::test]
async fn serve_models_lists_the_file_and_a_bad_file_stops_it_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let good = dir.path().join("models.json");
    std::fs::write(&good, r#"[{"id": "acme/one", "name": "One"}]"#)
        .unwrap_or_else(|err| panic!("{err}"));
    let db = dir.path().join("local.db");
    let path = good.display().to_string();
    crate::server_cli::with_serve(&db, &["--models", &path], async |url| {
        let body: Value = reqwest::get(format!("{url}/api/ai/models"))
            .await
            .unwrap_or_else(|err| panic!("GET: {err}"))
            .json()
            .await
            .unwrap_or_else(|err| panic!("body: {err}"));
        assert_eq!(body, json!({"models": [{"id": "acme/one", "name": "One"}]}));
    })
    .await;

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"models": [{"id": "a/b"}, {"name": "no id"}]}"#)
        .unwrap_or_else(|err| panic!("{err}"));
    let missing = dir.path().join("missing.json");
    let fresh_db = dir.path().join("fresh.db");
    let cases = [
        (&bad, "model 2 has no \"id\" string"),
        (&missing, "No such file or directory (os error 2)"),
    ];
    for (file, what) in cases {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
            .args(["serve", "--addr", "127.0.0.1:0", "--models"])
            .arg(file)
            .arg("--db")
            .arg(&fresh_db)
            .output()
            .unwrap_or_else(|err| panic!("serve: {err}"));
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!(
                "Error: cannot use the models file {}: {what}\n",
                file.display()
            )
        );
        assert!(String::from_utf8_lossy(&output.stdout).is_empty());
        assert!(!fresh_db.exists(), "nothing written");
    }
}

/// Makes `account` a member of a new organisation called `name` (with no image); returns its id.
async fn join_new_org(server: &TestServer, account: &str, name: &str) -> String {
    let org = uuid::Uuid::new_v4().to_string();
    let (account, name, id) = (account.to_string(), name.to_string(), org.clone());
    server
        .server
        .store
        .write(move |tx, _| {
            tx.execute(
                "INSERT INTO organizations (id, name) VALUES (?1, ?2)",
                [&id, &name],
            )?;
            tx.execute(
                "INSERT INTO account_organization_ids (account_id, organization_id) VALUES (?1, ?2)",
                [&account, &id],
            )?;
            Ok(())
        })
        .await
        .unwrap_or_else(|err| panic!("join: {err}"));
    org
}

fn membership(account: &str, org: &str, name: &str) -> Value {
    json!({
        "id": membership_id(account, org),
        "organization_id": org,
        "organization_name": name,
        "organization_image": null,
    })
}

#[tokio::test]
async fn organizations_check_the_query_before_the_key_then_access() {
    let server = TestServer::start().await;
    let (other, _) = server.new_account("other@example.com", None).await;
    let not_uuid = json!({"status": "error", "error": "account_id must be a valid UUID"});
    // The query is judged first: even with no key at all.
    for query in [
        "?account_id=",
        "?account_id=nope",
        "?account_id=1b4e28ba-2fa1-91d2-883f-0016d3cca427",
    ] {
        let reply = server
            .send(
                Method::GET,
                &format!("/api/organizations{query}"),
                &[],
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(reply.body, not_uuid, "{query}");
    }
    let no_key = server
        .send(
            Method::GET,
            &format!("/api/organizations?account_id={other}"),
            &[],
            None,
        )
        .await;
    assert_eq!(no_key.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        no_key.body,
        json!({"status": "error", "error": "Exactly one of x-api-key or Authorization must be provided"})
    );
    let unknown = server
        .call(Method::GET, "/api/organizations", "recoup_sk_nope", None)
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        unknown.body,
        json!({"status": "error", "message": "Unauthorized"})
    );
    for target in [other.as_str(), STRANGER] {
        let denied = server
            .get(&format!("/api/organizations?account_id={target}"))
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{target}");
        assert_eq!(
            denied.body,
            json!({"status": "error", "error": "Access denied to specified account_id"})
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn organizations_are_the_memberships_of_the_caller_or_of_an_account_it_reaches() {
    let server = TestServer::start().await;
    let none = server.get("/api/organizations").await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(none.body, json!({"status": "success", "organizations": []}));

    let (alice, alice_key) = server.new_account("alice@example.com", Some("Label")).await;
    let (bob, _) = server.new_account("bob@example.com", Some("Label")).await;
    let studio = join_new_org(&server, &alice, "Studio").await;
    let label = server
        .call(Method::GET, "/api/organizations", &alice_key, None)
        .await
        .body["organizations"][0]["organization_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let alices = json!({"status": "success", "organizations": [
        membership(&alice, &label, "Label"),
        membership(&alice, &studio, "Studio"),
    ]});
    // Her own, in the order she joined; the same when she names herself.
    for path in [
        "/api/organizations".to_string(),
        format!("/api/organizations?account_id={alice}"),
    ] {
        let reply = server.call(Method::GET, &path, &alice_key, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.body, alices, "{path}");
    }
    // A peer in a shared organisation may list hers; the list is the target's, not the caller's.
    let (_, carol_key) = server.new_account("carol@example.com", Some("Label")).await;
    let as_peer = server
        .call(
            Method::GET,
            &format!("/api/organizations?account_id={alice}"),
            &carol_key,
            None,
        )
        .await;
    assert_eq!(as_peer.body, alices);
    // A Recoup admin reaches anyone, Bob included; Bob's list has only the label.
    let (admin, admin_key) = server.new_account("ops@recoup.com", Some("Recoup")).await;
    let bobs = server
        .call(
            Method::GET,
            &format!("/api/organizations?account_id={bob}"),
            &admin_key,
            None,
        )
        .await;
    assert_eq!(
        bobs.body,
        json!({"status": "success", "organizations": [membership(&bob, &label, "Label")]})
    );
    let own = server
        .call(Method::GET, "/api/organizations", &admin_key, None)
        .await;
    assert_eq!(
        own.body,
        json!({"status": "success", "organizations": [membership(&admin, RECOUP_ORG_ID, "Recoup")]})
    );
    // The membership id is stable: asked again, the same.
    let again = server
        .call(Method::GET, "/api/organizations", &alice_key, None)
        .await;
    assert_eq!(again.body, alices);
    server.stop().await;
}
