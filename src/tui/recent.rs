//! Artist account ids used recently, kept in the data dir and offered in the form's picker
//! (never prefilled).

use std::io;
use std::path::{Path, PathBuf};

/// `<data dir>/recent_ids.json`.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join("recent_ids.json")
}

/// The saved ids, newest first; a missing or damaged file is no ids.
pub fn load(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(path_in(dir))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Write the ids atomically.
pub fn save(dir: &Path, ids: &[String]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_vec(ids).map_err(io::Error::other)?;
    let tmp = dir.join("recent_ids.json.tmp");
    std::fs::write(&tmp, json)?;
    std::fs::rename(tmp, path_in(dir))
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
}
