//! `GET /api/accounts/id` (addendum §7): unlike the other routes, every error body carries its
//! text under `message`.

use crate::server_support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use server_support::TestServer;

#[tokio::test]
async fn every_account_id_error_is_under_message() {
    let server = TestServer::start().await;
    let bearer = format!("Bearer {}", server.key);
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[],
            "Exactly one of x-api-key or Authorization must be provided",
        ),
        (
            &[("x-api-key", &server.key), ("authorization", &bearer)],
            "Exactly one of x-api-key or Authorization must be provided",
        ),
        (&[("x-api-key", "recoup_sk_nope")], "Unauthorized"),
        (
            &[("authorization", "Token abc")],
            "Authorization header with Bearer token required",
        ),
        (
            &[("authorization", "Bearer recoup_sk_nope")],
            "Unauthorized",
        ),
    ];
    for (headers, message) in cases {
        let reply = server
            .send(Method::GET, "/api/accounts/id", headers, None)
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{headers:?}");
        assert_eq!(
            reply.body,
            json!({"status": "error", "message": message}),
            "{headers:?}"
        );
    }
    let ok = server.get("/api/accounts/id").await;
    assert_eq!(
        ok.body,
        json!({"status": "success", "accountId": server.account})
    );
}
