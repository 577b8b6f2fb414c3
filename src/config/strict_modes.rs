//! As ssh's StrictModes: a key is taken from the config file (its `api_key`, or the output of
//! its `api_key_command`, which runs through `sh -c`) only when nobody else could have written
//! it — the file and its folder belong to the user (or root) and are not writable by group or
//! others. Whoever can write the file chooses the command the user runs and the URL the key is
//! sent to.

use std::path::Path;

/// Why the config file at `path` may not supply a key, worded with its fix; `None` when it
/// may (or does not exist, or this is not Unix).
#[cfg(unix)]
pub fn problem_with(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid has no preconditions and cannot fail.
    let me = unsafe { libc::getuid() };
    let file = std::fs::metadata(path).ok()?;
    if let Some(problem) = judge(
        &path.display().to_string(),
        path,
        file.mode(),
        file.uid(),
        me,
    ) {
        return Some(problem);
    }
    // The folder that holds the name, and the real one when the name is a link elsewhere:
    // whoever can write either can put another file in its place.
    let mut folders = vec![folder_of(path)];
    if let Some(real) = std::fs::canonicalize(path)
        .ok()
        .and_then(|real| real.parent().map(Path::to_path_buf))
        && !folders.contains(&real)
    {
        folders.push(real);
    }
    folders.iter().find_map(|folder| {
        let meta = std::fs::metadata(folder).ok()?;
        let described = format!("{}, the config file's folder,", folder.display());
        judge(&described, folder, meta.mode(), meta.uid(), me)
    })
}

#[cfg(not(unix))]
pub fn problem_with(_: &Path) -> Option<String> {
    None
}

/// `path`'s folder (`.` for a bare file name).
#[cfg(unix)]
fn folder_of(path: &Path) -> std::path::PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// The problem with a file or folder (`described`, at `path`) of `mode` owned by `owner`, for
/// the user `me`. Root's files are trusted, as ssh trusts them: root can change anything anyway.
#[cfg(unix)]
fn judge(described: &str, path: &Path, mode: u32, owner: u32, me: u32) -> Option<String> {
    let shown = path.display();
    if owner != me && owner != 0 {
        return Some(format!(
            "{described} belongs to another user (uid {owner}; yours is {me}); run: sudo chown {me} {shown}"
        ));
    }
    (mode & 0o022 != 0).then(|| {
        format!(
            "{described} is writable by others (mode {:o}); run: chmod go-w {shown}",
            mode & 0o777
        )
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::judge;
    use std::path::Path;

    #[test]
    fn only_the_users_or_roots_files_that_nobody_else_can_write_pass() {
        let path = Path::new("/h/.config/recoup-tasks/config.toml");
        assert_eq!(judge("f", path, 0o100600, 1000, 1000), None);
        assert_eq!(judge("f", path, 0o100644, 1000, 1000), None);
        assert_eq!(judge("f", path, 0o100644, 0, 1000), None);
        assert_eq!(
            judge("f", path, 0o100664, 1000, 1000).as_deref(),
            Some(
                "f is writable by others (mode 664); run: chmod go-w /h/.config/recoup-tasks/config.toml"
            )
        );
        assert_eq!(
            judge(
                "d, the config file's folder,",
                Path::new("/h/d"),
                0o40757,
                1000,
                1000
            )
            .as_deref(),
            Some(
                "d, the config file's folder, is writable by others (mode 757); run: chmod go-w /h/d"
            )
        );
        assert_eq!(
            judge("f", path, 0o100600, 1001, 1000).as_deref(),
            Some(
                "f belongs to another user (uid 1001; yours is 1000); run: sudo chown 1000 /h/.config/recoup-tasks/config.toml"
            )
        );
    }
}
