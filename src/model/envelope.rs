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

    /// The text to show a user: `error`, else `message`, as the Recoup CLI does.
    pub fn text(&self) -> Option<&str> {
        self.error.as_deref().or(self.message.as_deref())
    }
}
