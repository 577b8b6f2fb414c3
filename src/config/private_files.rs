//! The app's files are their owner's only, whatever the umask: the app's dirs 0700, its files
//! 0600 — the database (prompts, emails, key hashes) and what SQLite puts beside it, the key
//! secret, the draft, the recent ids, the log, the lock files. A file or dir an older version
//! left open is tightened when the app opens it. Only the app's own dirs (data and state) are
//! ever tightened: never the user's XDG base dirs, nor the folder of a `--db` the user named.
//!
//! Without Unix modes (Windows) these only create; a user's profile folders are private there.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The mode of the app's dirs.
#[cfg(unix)]
const DIR_MODE: u32 = 0o700;
/// The mode of the app's files.
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;

/// Creates `dir` and its missing parents 0700 (as the XDG specification asks of a base dir an
/// app creates). An existing `dir` is tightened when it is one of the app's own dirs.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)?;
    if is_app_dir(dir) {
        tighten(dir)?;
    }
    Ok(())
}

/// The app's own dirs, whose modes it may change: `<data dir>` and `<state dir>`.
fn is_app_dir(dir: &Path) -> bool {
    dir == super::data_dir() || dir == super::state_dir()
}

/// Open options that create a missing file 0600. An existing file keeps its mode: pass it to
/// [`tighten`] too.
pub fn file_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options
}

/// Takes group's and others' access away from `path` (a file or dir), if it exists.
pub fn tighten(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match std::fs::metadata(path) {
            Ok(meta) => meta.permissions().mode() & 0o7777,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(err) => return Err(err),
        };
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o077))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Writes `bytes` to `path` atomically: a 0600 temporary file (`<path>.tmp`) renamed into
/// place, so a crash leaves the old content or the new, and no one else can read either.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut file = file_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)?;
    // A temporary file a crash left behind keeps its old mode: tighten it through the handle.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(FILE_MODE))?;
    }
    file.write_all(bytes)?;
    drop(file);
    std::fs::rename(tmp, path)
}

/// Creates `path` holding `bytes`, 0600, all at once (a reader never sees it half written)
/// and only if it does not exist: answers `false`, writing nothing, when it already does.
pub fn create_new_atomically(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // tempfile makes its files 0600 on Unix.
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(err) if err.error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(err) => Err(err.error),
    }
}
