//! An artist as `GET /api/artists` lists it (addendum §4, `getFormattedArtist`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::decode::null_as_default;

/// An artist account the tasks can be run for. The keys are in the hosted API's order; the
/// hosted API may send `null` for any of the text fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Artist {
    #[serde(default)]
    pub name: Option<String>,
    /// `""` when the artist has no profile.
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub instruction: Option<String>,
    /// Any JSON; `[]` when the artist has no profile.
    #[serde(default)]
    pub knowledges: Value,
    #[serde(default)]
    pub label: Option<String>,
    /// The artist's account id (what a task's `artist_account_id` holds).
    #[serde(default, deserialize_with = "null_as_default")]
    pub account_id: String,
    /// The same value as `account_id`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// Social profiles, kept as sent (the client does not read them).
    #[serde(default, deserialize_with = "null_as_default")]
    pub account_socials: Vec<Value>,
    /// Whether the account the list was made for pinned the artist.
    #[serde(default, deserialize_with = "null_as_default")]
    pub pinned: bool,
    /// `Some(true)` on a workspace entry; the key is absent on artists.
    #[serde(
        default,
        rename = "isWorkspace",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_workspace: Option<bool>,
}

impl Artist {
    /// An artist with no profile, as the hosted API formats one: empty image, instruction
    /// and label, no knowledges, no socials.
    pub fn without_profile(account_id: &str, name: Option<String>, pinned: bool) -> Self {
        Artist {
            name,
            image: Some(String::new()),
            instruction: Some(String::new()),
            knowledges: Value::Array(Vec::new()),
            label: Some(String::new()),
            account_id: account_id.to_string(),
            id: account_id.to_string(),
            account_socials: Vec::new(),
            pinned,
            is_workspace: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_hosted_item_with_nulls_and_a_workspace_flag() {
        let artist: Artist = serde_json::from_str(
            r#"{"name":null,"image":null,"instruction":null,"knowledges":null,"label":null,
                "account_id":"a","id":"a","account_socials":null,"pinned":null,"isWorkspace":true}"#,
        )
        .unwrap();
        assert_eq!(artist.name, None);
        assert_eq!(artist.account_id, "a");
        assert!(artist.account_socials.is_empty());
        assert!(!artist.pinned);
        assert_eq!(artist.is_workspace, Some(true));
    }

    #[test]
    fn an_artist_without_profile_encodes_in_the_hosted_key_order() {
        let artist = Artist::without_profile("a", Some("Nova".to_string()), false);
        assert_eq!(
            serde_json::to_string(&artist).unwrap(),
            r#"{"name":"Nova","image":"","instruction":"","knowledges":[],"label":"","account_id":"a","id":"a","account_socials":[],"pinned":false}"#
        );
    }
}
