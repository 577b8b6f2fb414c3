//! The `{"status": …}` envelopes every reply comes in, success and error (spec §0, §2.0).

use serde::{Deserialize, Serialize};

use super::decode::null_as_default;
use super::{Artist, Run, Task};

/// `{"status":"success","tasks":[…]}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TasksResponse {
    pub status: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tasks: Vec<Task>,
}

/// `{"status":"success","runs":[…]}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunsResponse {
    pub status: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub runs: Vec<Run>,
}

/// `{"status":"success","accountId":"…"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountIdResponse {
    pub status: String,
    pub account_id: String,
}

/// `{"status":"success","artists":[…]}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtistsResponse {
    pub status: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub artists: Vec<Artist>,
}

/// `{"status":"error", …}`: the text is in `error`, or in `message` for some 401s (§1.2);
/// body-validation errors also name the field at fault in `missing_fields`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_fields: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl ApiError {
    /// An error envelope with the text under `error`.
    pub fn new(text: impl Into<String>) -> Self {
        ApiError {
            status: "error".to_string(),
            missing_fields: None,
            error: Some(text.into()),
            message: None,
        }
    }

    /// An error envelope with the text under `message` (the 401 quirk of §1.2).
    pub fn with_message_key(text: impl Into<String>) -> Self {
        ApiError {
            status: "error".to_string(),
            missing_fields: None,
            error: None,
            message: Some(text.into()),
        }
    }

    /// The text to show a user: see [`error_text`].
    pub fn text(&self) -> Option<&str> {
        error_text(self.error.as_deref(), self.message.as_deref())
    }
}

/// What a person reads of an error body: `error`, else `message`, as the Recoup CLI does —
/// except when `error` is only a code (`plan_limit`, `insufficient_credits`: one word of
/// lower-case letters, digits and `_`) and `message` holds a sentence, which then says more.
pub fn error_text<'a>(error: Option<&'a str>, message: Option<&'a str>) -> Option<&'a str> {
    let message = message.filter(|text| !text.trim().is_empty());
    match (error, message) {
        (Some(code), Some(sentence)) if is_code(code) => Some(sentence),
        (Some(error), _) => Some(error),
        (None, message) => message,
    }
}

/// Whether `text` is a machine code rather than words: `plan_limit`, `insufficient_credits`.
fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
