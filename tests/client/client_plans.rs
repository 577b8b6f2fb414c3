//! The client reading the hosted API's plan refusals (addendum §1.3): a 402 `plan_limit` is a
//! typed error carrying the whole body, on writes and on the run path's `GET /api/tasks?id=`;
//! other 402s stay plain API errors; and wherever a body's `message` says more than the code
//! in `error`, the sentence is what a person reads.

use crate::client_support;

use client_support::{Action, FaultServer, json};
use recoup_tasks::client::{ClientError, RecoupClient, TaskFilter};
use recoup_tasks::config::KeySource;
use recoup_tasks::model::{CreateTask, Plan, PlanLimit, PlanLimitBody, UpdateTask};

const KEY: &str = "recoup_sk_plantestkey_0123456789abcdefghijklmnopqr";
const ARTIST: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const TASK: &str = "5d0c5a38-3a4f-4f55-9a2e-6c1f3f4a8b21";

const FREE_TASK_COUNT: &str = r#"{"status":"error","error":"plan_limit","limit":"task_count","message":"Free includes 1 task. Starter includes 3, Pro is unlimited.","plan":"free","task_limit":1,"min_cadence_minutes":10080,"current_task_count":1,"billingUrl":"https://app.recoupable.dev/plan"}"#;
const STARTER_CADENCE: &str = r#"{"status":"error","error":"plan_limit","limit":"min_cadence","message":"Starter runs tasks daily at most. Pro runs hourly.","plan":"starter","task_limit":3,"min_cadence_minutes":1440,"current_task_count":2,"billingUrl":"https://app.recoupable.dev/plan"}"#;

fn client(url: &str) -> RecoupClient {
    RecoupClient::new(url, KEY, KeySource::Environment).unwrap_or_else(|e| panic!("client: {e}"))
}

fn draft(schedule: &str) -> CreateTask {
    CreateTask {
        title: "Weekly fans".into(),
        prompt: "Summarize fans".into(),
        schedule: schedule.into(),
        artist_account_id: ARTIST.into(),
        account_id: None,
        model: None,
        timezone: None,
    }
}

async fn answering(status: u16, body: &'static str) -> FaultServer {
    FaultServer::start(move |_, _| Action::Raw(json(status, body))).await
}

#[tokio::test]
async fn a_402_plan_limit_on_create_is_a_typed_error_with_the_whole_body() {
    let server = answering(402, FREE_TASK_COUNT).await;
    let error = client(&server.url)
        .create_task(&draft("0 9 * * 1"))
        .await
        .expect_err("refused");
    assert_eq!(
        error,
        ClientError::PlanLimit(Box::new(PlanLimitBody::new(
            PlanLimit::TaskCount,
            Plan::Free,
            1
        )))
    );
    assert_eq!(error.status(), Some(402));
    assert_eq!(
        error.to_string(),
        "Free includes 1 task. Starter includes 3, Pro is unlimited."
    );
    assert_eq!(
        server.count("POST"),
        1,
        "a refused create is not sent again"
    );
    assert_eq!(
        server.count("GET"),
        0,
        "a 402 is not looked for as a lost create"
    );
}

#[tokio::test]
async fn a_402_plan_limit_on_update_carries_the_cadence_limit() {
    let server = answering(402, STARTER_CADENCE).await;
    let changes = UpdateTask {
        id: TASK.into(),
        schedule: Some("0 9,21 * * *".into()),
        ..UpdateTask::default()
    };
    let error = client(&server.url)
        .update_task(&changes)
        .await
        .expect_err("refused");
    let ClientError::PlanLimit(body) = &error else {
        panic!("not a plan refusal: {error:?}");
    };
    assert_eq!(body.limit, PlanLimit::MinCadence);
    assert_eq!(body.plan, Plan::Starter);
    assert_eq!(body.task_limit, Some(3));
    assert_eq!(body.min_cadence_minutes, 1440);
    assert_eq!(body.current_task_count, 2);
    assert_eq!(body.billing_url, "https://app.recoupable.dev/plan");
    assert_eq!(
        error.to_string(),
        "Starter runs tasks daily at most. Pro runs hourly."
    );
}

#[tokio::test]
async fn a_402_on_the_single_task_get_is_a_plan_block_and_is_not_retried() {
    let server = answering(402, FREE_TASK_COUNT).await;
    let error = client(&server.url)
        .get_task(TASK)
        .await
        .expect_err("blocked");
    assert!(
        matches!(&error, ClientError::PlanLimit(body) if body.limit == PlanLimit::TaskCount),
        "{error:?}"
    );
    assert_eq!(server.count("GET"), 1);
    let target = server.requests.lock().expect("lock")[0].target.clone();
    assert_eq!(target, format!("/api/tasks?id={TASK}"));
    let listed = client(&server.url)
        .list_tasks(&TaskFilter {
            id: Some(TASK.into()),
            ..TaskFilter::default()
        })
        .await
        .expect_err("blocked");
    assert!(matches!(listed, ClientError::PlanLimit(_)), "{listed:?}");
}

#[tokio::test]
async fn other_402s_stay_api_errors_and_read_their_message() {
    let credits = answering(
        402,
        r#"{"status":"error","error":"insufficient_credits","message":"You have 0.20 credits left; this needs 1.","remaining_credits":0.2,"required_credits":1,"billingUrl":"https://app.recoupable.dev"}"#,
    )
    .await;
    let error = client(&credits.url)
        .create_task(&draft("0 9 * * 1"))
        .await
        .expect_err("refused");
    assert_eq!(
        error,
        ClientError::Api {
            status: 402,
            message: "You have 0.20 credits left; this needs 1.".into(),
            missing_fields: Vec::new(),
        }
    );
    let analyze = answering(
        402,
        r#"{"status":"error","error":"plan_limit","limit":"analyze_count","message":"Free includes 5 song analyses. Starter and Pro are unlimited.","plan":"free","analyze_limit":5,"current_analyze_count":5,"billingUrl":"https://app.recoupable.dev/plan"}"#,
    )
    .await;
    let error = client(&analyze.url)
        .create_task(&draft("0 9 * * 1"))
        .await
        .expect_err("refused");
    assert_eq!(
        error,
        ClientError::Api {
            status: 402,
            message: "Free includes 5 song analyses. Starter and Pro are unlimited.".into(),
            missing_fields: Vec::new(),
        }
    );
    let bare = answering(402, r#"{"status":"error","error":"insufficient_credits"}"#).await;
    let error = client(&bare.url)
        .create_task(&draft("0 9 * * 1"))
        .await
        .expect_err("refused");
    assert_eq!(
        error.to_string(),
        "insufficient_credits",
        "no sentence: the code"
    );
}

#[tokio::test]
async fn an_error_sentence_under_error_is_still_read_first() {
    let server = answering(
        400,
        r#"{"status":"error","error":"title parameter is required","message":"Bad Request"}"#,
    )
    .await;
    let error = client(&server.url)
        .create_task(&draft("0 9 * * 1"))
        .await
        .expect_err("refused");
    assert_eq!(error.to_string(), "title parameter is required");
}
