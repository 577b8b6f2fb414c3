//! `X` on the Tasks screen: the listed tasks written as a task file (the TOML of `tasks
//! export`) into the current directory, under a name of its own that never replaces a file.

use std::io;
use std::path::{Path, PathBuf};

use crate::config::shared_files;

/// How many names are tried (`…-HHMMSS.toml`, then `-2` … `-99`) before giving up.
const MAX_TRIES: u32 = 99;

/// Writes `text` into `dir` as `{stem}.toml`, or `{stem}-2.toml`, `{stem}-3.toml`… when that
/// name is taken: whole (a temporary file, then a rename that fails rather than replace a file
/// there), mode 0644 as a file a person keeps. The path written.
pub fn write_new(dir: &Path, stem: &str, text: &str) -> io::Result<PathBuf> {
    let mut file = shared_files::staged(dir, text.as_bytes())?;
    for attempt in 1..=MAX_TRIES {
        let name = match attempt {
            1 => format!("{stem}.toml"),
            n => format!("{stem}-{n}.toml"),
        };
        let path = dir.join(name);
        match file.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(err) if err.error.kind() == io::ErrorKind::AlreadyExists => file = err.file,
            Err(err) => return Err(err.error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{stem}.toml and {MAX_TRIES} numbered names are taken"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first =
            write_new(dir.path(), "recoup-tasks-x", "one").unwrap_or_else(|e| panic!("{e}"));
        let second =
            write_new(dir.path(), "recoup-tasks-x", "two").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first, dir.path().join("recoup-tasks-x.toml"));
        assert_eq!(second, dir.path().join("recoup-tasks-x-2.toml"));
        assert_eq!(std::fs::read_to_string(&first).unwrap_or_default(), "one");
        assert_eq!(std::fs::read_to_string(&second).unwrap_or_default(), "two");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .into_iter()
            .collect();
        assert_eq!(left, [2], "no temporary file is left behind");
    }
}
