//! The client's `models`, `organizations` and artist directory against the real local server, and against a
//! server whose model list fails or holds entries it cannot read.

use crate::client_support;
use crate::server_support;

use std::time::Duration;

use client_support::{Action, FaultServer, json};
use recoup_tasks::client::{ClientError, ClientOptions, RecoupClient};
use recoup_tasks::config::KeySource;
use recoup_tasks::model::Organization;
use recoup_tasks::server::store::membership_id;
use server_support::{Owner, TestServer};

fn client(url: &str, key: &str) -> RecoupClient {
    let options = ClientOptions {
        retry_delay: Duration::from_millis(10),
        ..ClientOptions::default()
    };
    RecoupClient::with_options(url, key, KeySource::Environment, options)
        .unwrap_or_else(|err| panic!("client: {err}"))
}

#[tokio::test]
async fn models_are_listed_with_any_key() {
    let server = TestServer::start().await;
    for key in [server.key.as_str(), "recoup_sk_not_a_key_at_all"] {
        let models = client(&server.server.url, key)
            .models()
            .await
            .unwrap_or_else(|err| panic!("models: {err}"));
        let ids: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "moonshotai/kimi-k3",
                "openai/gpt-5",
                "openai/gpt-5-mini",
                "anthropic/claude-sonnet-4.5",
                "anthropic/claude-haiku-4.5",
                "google/gemini-2.5-pro",
                "google/gemini-2.5-flash",
            ]
        );
        assert_eq!(models[3].name, "Claude Sonnet 4.5");
        let spec = models[3].specification.as_ref();
        assert_eq!(spec.map(|s| s.provider.as_str()), Some("anthropic"));
        assert_eq!(spec.map(|s| s.model_id.as_str()), Some("claude-sonnet-4.5"));
        assert_eq!(
            models[3].pricing.as_ref().map(|p| p.output.as_str()),
            Some("0.000015")
        );
        assert_eq!(models[3].model_type.as_deref(), Some("language"));
    }
    server.stop().await;
}

#[tokio::test]
async fn a_model_list_with_unreadable_entries_keeps_the_readable_ones() {
    let server = FaultServer::start(|_, _| {
        Action::Raw(json(
            200,
            r#"{"models":[{"id":"a/one","name":"One"},{"name":"no id"},7,{"id":"a/two"}]}"#,
        ))
    })
    .await;
    let models = client(&server.url, "k")
        .models()
        .await
        .unwrap_or_else(|err| panic!("models: {err}"));
    let ids: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["a/one", "a/two"]);
}

#[tokio::test]
async fn a_failed_model_list_reads_its_message() {
    let server =
        FaultServer::start(|_, _| Action::Raw(json(500, r#"{"message":"Internal server error"}"#)))
            .await;
    let error = client(&server.url, "k")
        .models()
        .await
        .err()
        .unwrap_or_else(|| panic!("a 500 is an error"));
    assert_eq!(error.to_string(), "Internal server error");
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.count("GET"), 4, "a GET is retried");
}

#[tokio::test]
async fn organizations_of_the_key_or_of_an_account_it_reaches() {
    let server = TestServer::start().await;
    let own = client(&server.server.url, &server.key)
        .organizations(None)
        .await
        .unwrap_or_else(|err| panic!("organizations: {err}"));
    assert_eq!(own, Vec::<Organization>::new());
    let (alice, alice_key) = server.new_account("alice@example.com", Some("Label")).await;
    let (_, bob_key) = server.new_account("bob@example.com", Some("Label")).await;
    let hers = client(&server.server.url, &bob_key)
        .organizations(Some(&alice.to_ascii_uppercase()))
        .await
        .unwrap_or_else(|err| panic!("organizations: {err}"));
    assert_eq!(hers.len(), 1);
    let org = &hers[0];
    assert_eq!(org.id, membership_id(&alice, &org.organization_id));
    assert_eq!(org.organization_name.as_deref(), Some("Label"));
    assert_eq!(org.organization_image, None);
    let denied = client(&server.server.url, &alice_key)
        .organizations(Some(&server.account))
        .await
        .err()
        .unwrap_or_else(|| panic!("no shared organisation"));
    assert_eq!(denied.to_string(), "Access denied to specified account_id");
    assert_eq!(denied.status(), Some(403));
    server.stop().await;
}

#[tokio::test]
async fn an_account_id_that_is_not_a_uuid_is_refused_before_sending() {
    let server = FaultServer::start(|_, _| Action::Raw(json(500, "{}"))).await;
    for bad in ["", "nope"] {
        let error = client(&server.url, "k")
            .organizations(Some(bad))
            .await
            .err()
            .unwrap_or_else(|| panic!("{bad:?} is refused"));
        assert!(
            matches!(&error, ClientError::Invalid { field, .. } if field == "account_id"),
            "{error:?}"
        );
        assert_eq!(error.to_string(), "account_id must be a valid UUID");
    }
    assert_eq!(server.count("GET"), 0);
}

#[tokio::test]
async fn the_artist_directory_groups_the_accounts_artists_then_each_organisations() {
    let server = TestServer::start().await;
    let (alice, alice_key) = server.new_account("alice@example.com", Some("Label")).await;
    server
        .add_artist("Nova", Owner::Account(&alice, false))
        .await;
    server
        .add_artist("Iris", Owner::Organization("Label"))
        .await;
    server
        .add_artist("Elsewhere", Owner::Organization("Other"))
        .await;
    let directory = client(&server.server.url, &alice_key)
        .artist_directory()
        .await
        .unwrap_or_else(|err| panic!("artists: {err}"));
    let listed: Vec<(Option<&str>, Option<&str>)> = directory
        .iter()
        .map(|(org, a)| (org, a.name.as_deref()))
        .collect();
    assert_eq!(
        listed,
        [(None, Some("Nova")), (Some("Label"), Some("Iris"))]
    );
    assert_eq!(directory.problem, None);
    // An account in no organisation: its own artists, no group named.
    let own = client(&server.server.url, &server.key)
        .artist_directory()
        .await
        .unwrap_or_else(|err| panic!("artists: {err}"));
    assert!(own.is_empty() && !own.has_organizations());
    server.stop().await;
}

#[tokio::test]
async fn organisations_that_fail_leave_the_accounts_own_artists_and_say_why() {
    let server = FaultServer::start(|request, _| {
        if request.target.starts_with("/api/organizations") {
            Action::Raw(json(
                500,
                r#"{"status":"error","error":"Failed to fetch organizations"}"#,
            ))
        } else {
            Action::Raw(json(
                200,
                r#"{"status":"success","artists":[{"account_id":"a1","id":"a1","name":"Nova"}]}"#,
            ))
        }
    })
    .await;
    let directory = client(&server.url, "k")
        .artist_directory()
        .await
        .unwrap_or_else(|err| panic!("the own artists load: {err}"));
    assert_eq!(directory.len(), 1);
    assert_eq!(
        directory.problem.as_deref(),
        Some("Failed to fetch organizations")
    );
}
