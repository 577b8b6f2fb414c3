//! Artist account ids used recently, kept in the data dir and offered in the form's picker
//! (never prefilled).

use std::io;
use std::path::{Path, PathBuf};

use crate::config::private_files;
use crate::model::normalize_uuid;

/// `<data dir>/recent_ids.json`.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join("recent_ids.json")
}

/// The saved ids, newest first; a missing or damaged file is no ids. A file written by an
/// older version may hold one id in two cases: it comes back once, lower-case.
pub fn load(dir: &Path) -> Vec<String> {
    let ids: Vec<String> = std::fs::read_to_string(path_in(dir))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    tidy(ids)
}

/// Write the ids atomically (0600: the owner's only), lower-case and each once.
pub fn save(dir: &Path, ids: &[String]) -> io::Result<()> {
    private_files::create_dir(dir)?;
    let json = serde_json::to_vec(&tidy(ids.to_vec())).map_err(io::Error::other)?;
    private_files::write_atomically(&path_in(dir), &json)
}

/// Put `id` first in `ids` (it was just used), keeping at most `max`.
pub fn remember(ids: &mut Vec<String>, id: &str, max: usize) {
    ids.insert(0, id.to_string());
    *ids = tidy(std::mem::take(ids));
    ids.truncate(max);
}

/// `ids` as they are kept: lower-case (UUIDs are case-insensitive), each once where it first
/// appears, no empty ones.
fn tidy(ids: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        let id = normalize_uuid(&id);
        if !id.is_empty() && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_ids_come_back_in_order_and_damage_means_none() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), Vec::<String>::new());
        let ids = vec!["b".to_string(), "a".to_string()];
        save(dir.path(), &ids).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), ids);
        std::fs::write(path_in(dir.path()), "[1,").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), Vec::<String>::new());
    }

    const UPPER: &str = "0F8FAD5B-D9CB-469F-A165-70867728950E";
    const LOWER: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const OTHER: &str = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";

    #[test]
    fn ids_are_kept_lower_case_once_even_from_an_old_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            path_in(dir.path()),
            format!(r#"["{UPPER}","{OTHER}","{LOWER}"]"#),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), [LOWER, OTHER]);
        save(dir.path(), &[OTHER.to_string(), UPPER.into(), LOWER.into()])
            .unwrap_or_else(|e| panic!("{e}"));
        let written =
            std::fs::read_to_string(path_in(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(written, format!(r#"["{OTHER}","{LOWER}"]"#));
    }

    #[test]
    fn a_used_id_moves_first_whatever_its_case() {
        let mut ids = vec![OTHER.to_string(), LOWER.into()];
        remember(&mut ids, UPPER, 5);
        assert_eq!(ids, [LOWER, OTHER]);
        remember(&mut ids, "", 5);
        assert_eq!(ids, [LOWER, OTHER], "no id, nothing to remember");
        remember(&mut ids, OTHER, 1);
        assert_eq!(ids, [OTHER]);
    }
}
