//! The HTTP layer's error: every failure a route can answer with, turned into the status code
//! and JSON envelope of spec §2.0 (never an HTML page, never a panic).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::store::StoreError;
use crate::model::{ApiError, PlanLimitBody};

/// A failed request.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// 400 from body or query validation; `missing_fields` is absent on the runs route.
    Invalid {
        message: String,
        missing_fields: Option<Vec<String>>,
    },
    /// 401 with the exact body of spec §1.2 (some use `message`, some `error`).
    Unauthenticated(ApiError),
    /// 403
    Forbidden(&'static str),
    /// 403 from a limit of this server (not of the hosted API), its sentence saying which.
    OverLimit(String),
    /// 404
    NotFound(&'static str),
    /// 409: the task is not in a state to do this now (a local extension's refusal).
    Conflict(String),
    /// 405 (a method the route does not serve)
    MethodNotAllowed,
    /// 413 (a body over the limit)
    TooLarge,
    /// 402 `plan_limit`: the owner's plan refuses the write or the run (addendum §1.3); its
    /// body is not the usual envelope.
    PlanLimit(PlanLimitBody),
    /// 500 with the message a hosted handler would throw.
    Internal(String),
}

pub const ACCESS_DENIED_ACCOUNT: &str = "Access denied to specified account_id";
pub const ACCESS_DENIED_TASK: &str = "Access denied to this task";
pub const TASK_NOT_FOUND: &str = "Task not found";
pub const RUN_NOT_FOUND: &str = "Task run not found";

impl ApiFailure {
    /// A 400 naming the field at fault (`missing_fields`).
    pub fn invalid(message: impl Into<String>, path: Vec<String>) -> Self {
        ApiFailure::Invalid {
            message: message.into(),
            missing_fields: Some(path),
        }
    }

    /// A 500 from storage, worded as the hosted handler wraps a database error.
    pub fn store(context: &str, err: StoreError) -> Self {
        tracing::error!(%err, context, "storage failure");
        ApiFailure::Internal(format!("{context}: {err}"))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiFailure::Invalid { .. } => StatusCode::BAD_REQUEST,
            ApiFailure::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiFailure::Forbidden(_) | ApiFailure::OverLimit(_) => StatusCode::FORBIDDEN,
            ApiFailure::NotFound(_) => StatusCode::NOT_FOUND,
            ApiFailure::Conflict(_) => StatusCode::CONFLICT,
            ApiFailure::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiFailure::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiFailure::PlanLimit(_) => StatusCode::PAYMENT_REQUIRED,
            ApiFailure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The usual error envelope; a 402 `plan_limit` is answered with its own body instead
    /// (see `into_response`), which this gives in short: its sentence under `message`.
    pub fn body(&self) -> ApiError {
        match self {
            ApiFailure::Invalid {
                message,
                missing_fields,
            } => ApiError {
                missing_fields: missing_fields.clone(),
                ..ApiError::new(message.clone())
            },
            ApiFailure::Unauthenticated(body) => body.clone(),
            ApiFailure::Forbidden(message) | ApiFailure::NotFound(message) => {
                ApiError::new(*message)
            }
            ApiFailure::MethodNotAllowed => ApiError::new("Method Not Allowed"),
            ApiFailure::TooLarge => ApiError::new("Request body too large"),
            ApiFailure::PlanLimit(body) => ApiError {
                error: Some(body.error.clone()),
                ..ApiError::with_message_key(body.message.clone())
            },
            ApiFailure::OverLimit(message)
            | ApiFailure::Conflict(message)
            | ApiFailure::Internal(message) => ApiError::new(message.clone()),
        }
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        match self {
            ApiFailure::PlanLimit(body) => {
                (StatusCode::PAYMENT_REQUIRED, axum::Json(body)).into_response()
            }
            ApiFailure::Invalid { .. }
            | ApiFailure::Unauthenticated(_)
            | ApiFailure::Forbidden(_)
            | ApiFailure::OverLimit(_)
            | ApiFailure::NotFound(_)
            | ApiFailure::Conflict(_)
            | ApiFailure::MethodNotAllowed
            | ApiFailure::TooLarge
            | ApiFailure::Internal(_) => (self.status(), axum::Json(self.body())).into_response(),
        }
    }
}
