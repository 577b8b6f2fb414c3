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

/// The artists a key can pick from, grouped as the picker shows them: the account's own
/// (`GET /api/artists`), then each of its organisations' (`GET /api/artists?org_id=`). An artist
/// listed twice is kept in its first group only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArtistDirectory {
    pub groups: Vec<ArtistGroup>,
    /// Why the organisations' artists are missing, when the account's own loaded but they
    /// did not.
    pub problem: Option<String>,
}

/// One group of [`ArtistDirectory`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArtistGroup {
    /// The organisation's name (its id when it has none); `None` for the account's own artists.
    pub organization: Option<String>,
    pub artists: Vec<Artist>,
}

impl ArtistDirectory {
    /// The account's own artists, then each organisation's (`organizations` in the order
    /// given, each with its name), without repeating an artist.
    pub fn new(own: Vec<Artist>, organizations: Vec<(String, Vec<Artist>)>) -> Self {
        let mut seen: Vec<String> = Vec::new();
        let mut keep = |artists: Vec<Artist>| -> Vec<Artist> {
            artists
                .into_iter()
                .filter(|a| {
                    let id = a.account_id.to_ascii_lowercase();
                    let new = !seen.contains(&id);
                    if new {
                        seen.push(id);
                    }
                    new
                })
                .collect()
        };
        let mut groups = vec![ArtistGroup {
            organization: None,
            artists: keep(own),
        }];
        for (name, artists) in organizations {
            let artists = keep(artists);
            if !artists.is_empty() {
                groups.push(ArtistGroup {
                    organization: Some(name),
                    artists,
                });
            }
        }
        ArtistDirectory {
            groups,
            problem: None,
        }
    }

    /// Every artist with its group's organisation, in the picker's order.
    pub fn iter(&self) -> impl Iterator<Item = (Option<&str>, &Artist)> {
        self.groups.iter().flat_map(|g| {
            g.artists
                .iter()
                .map(move |a| (g.organization.as_deref(), a))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|g| g.artists.is_empty())
    }

    pub fn len(&self) -> usize {
        self.groups.iter().map(|g| g.artists.len()).sum()
    }

    /// Whether any artist comes from an organisation (the picker then names the groups).
    pub fn has_organizations(&self) -> bool {
        self.groups
            .iter()
            .any(|g| g.organization.is_some() && !g.artists.is_empty())
    }

    /// The artist with this account id (compared as UUIDs are: whatever the case).
    pub fn find(&self, account_id: &str) -> Option<&Artist> {
        self.iter()
            .map(|(_, a)| a)
            .find(|a| a.account_id.eq_ignore_ascii_case(account_id))
    }
}

/// The account's own artists only (no organisation's).
impl From<Vec<Artist>> for ArtistDirectory {
    fn from(own: Vec<Artist>) -> Self {
        ArtistDirectory::new(own, Vec::new())
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

    fn named(id: &str, name: &str) -> Artist {
        Artist::without_profile(id, Some(name.to_string()), false)
    }

    #[test]
    fn a_directory_keeps_an_artist_in_its_first_group_and_drops_empty_organisations() {
        let directory = ArtistDirectory::new(
            vec![named("a", "Nova")],
            vec![
                ("Acme".into(), vec![named("A", "Nova"), named("b", "Del")]),
                ("Empty".into(), vec![named("b", "Del")]),
            ],
        );
        let listed: Vec<(Option<&str>, &str)> = directory
            .iter()
            .map(|(org, a)| (org, a.account_id.as_str()))
            .collect();
        assert_eq!(listed, [(None, "a"), (Some("Acme"), "b")]);
        assert_eq!(directory.groups.len(), 2);
        assert!(directory.has_organizations());
        assert_eq!(
            directory.find("B").and_then(|a| a.name.as_deref()),
            Some("Del")
        );
        let own: ArtistDirectory = vec![named("a", "Nova")].into();
        assert!(!own.has_organizations());
        assert_eq!(own.len(), 1);
    }
}
