//! Files a person keeps and shares — task files (`tasks export -o`, the TUI's `X`): mode 0644
//! whatever the umask, as a file kept in git, and written whole: a temporary file beside the
//! target, filled, then renamed, so a reader never sees half a file and an interrupted write
//! leaves the old one. (The app's own files are 0600: [`super::private_files`].)

use std::io::{self, Write};
use std::path::Path;

use tempfile::NamedTempFile;

/// A temporary file in `dir` holding `bytes`, mode 0644, for the caller to rename into place.
pub fn staged(dir: &Path, bytes: &[u8]) -> io::Result<NamedTempFile> {
    let mut file = NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    file.flush()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(file)
}

/// Writes `bytes` to `path` whole, replacing what was there.
pub fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    staged(dir, bytes)?.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_is_whole_and_0644_and_replaces_the_old() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("tasks.toml");
        write_whole(&path, b"old").unwrap_or_else(|e| panic!("{e}"));
        write_whole(&path, b"new").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&path).unwrap_or_default(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
            assert_eq!(mode.ok(), Some(0o644));
        }
        let files = std::fs::read_dir(dir.path()).map(Iterator::count).ok();
        assert_eq!(files, Some(1), "no temporary file is left behind");
    }
}
