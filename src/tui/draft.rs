//! The form's draft, saved to the data dir as the user types so a crash or a quit loses
//! nothing; offered back (showing its title) the next time the app starts.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Everything typed into the form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Draft {
    pub title: String,
    pub prompt: String,
    pub schedule: String,
    pub timezone: String,
    pub artist_account_id: String,
    pub account_id: String,
    pub model: String,
    /// The task being edited, when the draft is an edit rather than a new task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editing: Option<String>,
}

/// `<data dir>/draft.json`.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join("draft.json")
}

/// The saved draft, if there is a readable one. A damaged file is treated as no draft.
pub fn load(dir: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(path_in(dir)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Write the draft atomically (temporary file, then rename), so a crash mid-write leaves the
/// previous draft intact.
pub fn save(dir: &Path, draft: &Draft) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_vec(draft).map_err(io::Error::other)?;
    let tmp = dir.join("draft.json.tmp");
    std::fs::write(&tmp, json)?;
    std::fs::rename(tmp, path_in(dir))
}

/// Remove the draft; a missing one is fine.
pub fn clear(dir: &Path) -> io::Result<()> {
    match std::fs::remove_file(path_in(dir)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_draft_comes_back_and_clear_removes_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let draft = Draft {
            title: "Weekly report".into(),
            prompt: "line one\nline two".into(),
            ..Draft::default()
        };
        save(dir.path(), &draft).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), Some(draft));
        clear(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), None);
        assert!(clear(dir.path()).is_ok());
    }

    #[test]
    fn a_damaged_draft_is_no_draft() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(path_in(dir.path()), "{not json").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), None);
    }
}
