//! The HTTP surface (axum): routes, the order of checks each one makes (spec §1.4: body first
//! for POST/PATCH/DELETE, auth first for GETs but `/api/artists`, whose query comes first),
//! CORS on every response, and JSON for every failure — unknown routes, wrong methods and
//! oversized bodies included.

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Serialize;
use std::convert::Infallible;
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;

use super::AppState;
use super::artists;
use super::auth::{authenticate, credentials, resolve_account};
use super::enrich::{list_item, retrieved};
use super::error::{ApiFailure, RUN_NOT_FOUND};
use super::query::{artists_query, runs_query, tasks_query};
use super::store::Store;
use super::tasks;
use super::validate::{create_body, delete_body, parse_json, update_body};
use crate::model::{AccountIdResponse, ArtistsResponse, Run, RunsResponse, Task, TasksResponse};

/// Bodies larger than this are refused with 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

const CORS_HEADERS: [(&str, &str); 4] = [
    ("access-control-allow-origin", "*"),
    (
        "access-control-allow-methods",
        "GET, POST, PUT, DELETE, OPTIONS, PATCH",
    ),
    (
        "access-control-allow-headers",
        "Content-Type, Authorization, X-Requested-With, x-api-key",
    ),
    (
        "access-control-expose-headers",
        "x-workflow-run-id, x-workflow-stream-tail-index",
    ),
];

/// The whole API as a router; a request that takes longer than `request_timeout` from its
/// head to its answer (a stalled body, say) is answered 408.
pub fn router(state: AppState, request_timeout: Duration) -> Router {
    Router::new()
        .route(
            "/api/tasks",
            get(list_tasks)
                .post(create_task)
                .patch(update_task)
                .delete(delete_task)
                .options(preflight),
        )
        .route("/api/tasks/runs", get(task_runs).options(preflight))
        // A local extension: the hosted API has no call to run a task now.
        .route(
            "/api/tasks/run",
            axum::routing::post(run_task).options(preflight),
        )
        .route("/api/accounts/id", get(account_id).options(preflight))
        .route("/api/artists", get(artists).options(preflight))
        .route(
            "/api/organizations",
            get(super::organizations::list).options(preflight),
        )
        .route(
            "/api/ai/models",
            get(super::models::list).options(preflight),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(axum::middleware::map_response(finish_response))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_response,
        ))
        .with_state(state)
}

type Reply<T> = Result<Json<T>, ApiFailure>;

fn tasks_reply(tasks: Vec<Task>) -> Reply<TasksResponse> {
    Ok(Json(TasksResponse {
        status: "success".to_string(),
        tasks,
    }))
}

fn runs_reply(runs: Vec<Run>) -> Reply<RunsResponse> {
    Ok(Json(RunsResponse {
        status: "success".to_string(),
        runs,
    }))
}

/// A request's raw body, or 413 when it is over [`BODY_LIMIT`]: at once, before any of it is
/// read, when its `Content-Length` says so (a client cannot make the server buffer a body it
/// will refuse anyway), else once the limit is passed.
struct RawBody(Result<Bytes, ApiFailure>);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = Infallible;

    async fn from_request(request: Request, state: &S) -> Result<Self, Infallible> {
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<usize>().ok());
        if declared.is_some_and(|length| length > BODY_LIMIT) {
            return Ok(RawBody(Err(ApiFailure::TooLarge)));
        }
        let body = Bytes::from_request(request, state).await;
        Ok(RawBody(body.map_err(
            |rejection| match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiFailure::TooLarge,
                _ => ApiFailure::Invalid {
                    message: "Invalid JSON body".to_string(),
                    missing_fields: None,
                },
            },
        )))
    }
}

pub(super) fn query_pairs(raw: Option<String>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

async fn preflight() -> StatusCode {
    StatusCode::OK
}

async fn list_tasks(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<impl IntoResponse, ApiFailure> {
    let credentials = credentials(&headers)?;
    let query = tasks_query(&query_pairs(raw));
    let listing = tasks::list(&state, credentials, query, if_none_match(&headers)).await?;
    let Some(body) = listing.body else {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, listing.etag)]).into_response());
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::ETAG, listing.etag),
        ],
        Body::new(body),
    )
        .into_response())
}

/// The entity tags of the request's `If-None-Match` (the lists the client holds), `W/` taken
/// off: RFC 9110 compares them weakly there.
fn if_none_match(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim())
        .map(|tag| tag.strip_prefix("W/").unwrap_or(tag).to_string())
        .collect()
}

async fn create_task(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Reply<TasksResponse> {
    let draft = create_body(&parse_json(&body?)?)?;
    let caller = authenticate(&state, &headers).await?;
    let owner = resolve_account(&state, &caller, draft.account_id.as_deref()).await?;
    tasks_reply(vec![tasks::create(&state, owner, draft).await?])
}

async fn update_task(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Reply<TasksResponse> {
    let changes = update_body(&parse_json(&body?)?)?;
    let caller = authenticate(&state, &headers).await?;
    let actor = resolve_account(&state, &caller, changes.account_id.as_deref()).await?;
    tasks_reply(vec![tasks::update(&state, actor, changes).await?])
}

#[derive(Serialize)]
struct Success {
    status: &'static str,
}

async fn delete_task(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Reply<Success> {
    let id = delete_body(&parse_json(&body?)?)?;
    let caller = authenticate(&state, &headers).await?;
    tasks::delete(&state, caller, id).await?;
    Ok(Json(Success { status: "success" }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunStarted {
    status: &'static str,
    run_id: String,
}

/// `POST /api/tasks/run {"id": …}`: fires the task now (a local extension).
async fn run_task(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Reply<RunStarted> {
    let id = delete_body(&parse_json(&body?)?)?;
    let caller = authenticate(&state, &headers).await?;
    let run_id = tasks::run_now(&state, caller, id).await?;
    Ok(Json(RunStarted {
        status: "success",
        run_id,
    }))
}

async fn task_runs(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Reply<RunsResponse> {
    let caller = authenticate(&state, &headers).await?;
    let query = runs_query(&query_pairs(raw))?;
    if let Some(run_id) = query.run_id {
        let record = state
            .store
            .read(move |conn, _| Store::run(conn, &run_id))
            .await
            .map_err(|err| ApiFailure::store("Failed to retrieve run", err))?;
        // Only the owner may read a run (the hosted API lets anyone; the local server does not).
        return match record {
            Some(record) if record.account_id == caller => runs_reply(vec![retrieved(record.run)]),
            _ => Err(ApiFailure::NotFound(RUN_NOT_FOUND)),
        };
    }
    let owner = resolve_account(&state, &caller, query.account_id.as_deref()).await?;
    let limit = query.limit;
    let runs = state
        .store
        .read(move |conn, _| Store::account_runs(conn, &owner, limit))
        .await
        .map_err(|err| ApiFailure::store("Failed to list runs", err))?;
    runs_reply(runs.into_iter().map(list_item).collect())
}

async fn account_id(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<AccountIdResponse>, Response<Body>> {
    let account_id = authenticate(&state, &headers)
        .await
        .map_err(account_id_failure)?;
    Ok(Json(AccountIdResponse {
        status: "success".to_string(),
        account_id,
    }))
}

/// `GET /api/accounts/id` words every failure under `message` (addendum §7), the "Exactly
/// one…" 401 included, and answers anything else as a bare 500 (never leaking its text).
fn account_id_failure(failure: ApiFailure) -> Response<Body> {
    let (status, text) = match &failure {
        ApiFailure::Unauthenticated(body) => (
            StatusCode::UNAUTHORIZED,
            body.text().unwrap_or("Unauthorized").to_string(),
        ),
        ApiFailure::Invalid { .. }
        | ApiFailure::Forbidden(_)
        | ApiFailure::OverLimit(_)
        | ApiFailure::NotFound(_)
        | ApiFailure::Conflict(_)
        | ApiFailure::MethodNotAllowed
        | ApiFailure::TooLarge
        | ApiFailure::PlanLimit(_)
        | ApiFailure::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error".to_string(),
        ),
    };
    (status, Json(crate::model::ApiError::with_message_key(text))).into_response()
}

async fn artists(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Reply<ArtistsResponse> {
    let query = artists_query(&query_pairs(raw))?;
    Ok(Json(ArtistsResponse {
        status: "success".to_string(),
        artists: artists::list(&state, &headers, query).await?,
    }))
}

async fn not_found() -> ApiFailure {
    ApiFailure::NotFound("Not Found")
}

async fn method_not_allowed() -> ApiFailure {
    ApiFailure::MethodNotAllowed
}

/// Adds the CORS headers to every response, and turns any non-JSON error the framework made
/// on its own (a bad query string, say) into the JSON envelope.
async fn finish_response(response: Response<Body>) -> Response<Body> {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    let status = response.status();
    let mut response = if !is_json && (status.is_client_error() || status.is_server_error()) {
        let text = status.canonical_reason().unwrap_or("Error");
        (status, Json(crate::model::ApiError::new(text))).into_response()
    } else {
        response
    };
    let headers = response.headers_mut();
    for (name, value) in CORS_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A panic in a handler (a bug) still answers with JSON 500 and CORS headers.
fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("request handler panicked");
    let mut response = ApiFailure::Internal("Internal server error".to_string()).into_response();
    for (name, value) in CORS_HEADERS {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}
