//! Where the app keeps its files (XDG base directories).

use std::path::PathBuf;

/// `$XDG_DATA_HOME/recoup-tasks`, else `~/.local/share/recoup-tasks`, else `./.recoup-tasks`.
pub fn data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|home| !home.is_empty())
                .map(|home| PathBuf::from(home).join(".local").join("share"))
        });
    match base {
        Some(base) => base.join("recoup-tasks"),
        None => PathBuf::from(".recoup-tasks"),
    }
}

/// The local server's database: `<data dir>/local.db`.
pub fn default_db_path() -> PathBuf {
    data_dir().join("local.db")
}
