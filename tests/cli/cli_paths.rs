//! Where the files go. On Linux (and every system but macOS and Windows, which have their own
//! folders) the XDG base directories, defaulting under `$HOME`; a set XDG variable wins
//! everywhere (issue 13 item 13).

use std::path::Path;
use std::process::{Command, Stdio};

/// `recoup-tasks config` with `HOME=home` and the XDG variables given (the others unset): the
/// lines naming files, with `home` written `~`.
fn file_lines(home: &Path, xdg: &[(&str, &Path)]) -> Vec<String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"));
    command
        .arg("config")
        .env("HOME", home)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_STATE_HOME")
        .env_remove("RECOUP_API_URL")
        .env_remove("RECOUP_API_KEY")
        .stdin(Stdio::null());
    for (variable, dir) in xdg {
        command.env(variable, dir);
    }
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("binary runs: {e}"));
    assert_eq!(out.status.code(), Some(0));
    let home = home.display().to_string();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|line| {
            ["database:", "config file:", "data dir:", "log file:"]
                .iter()
                .any(|key| line.starts_with(key))
        })
        .map(|line| line.replace(&home, "~"))
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn linux_keeps_the_xdg_defaults_under_home() {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    assert_eq!(
        file_lines(home.path(), &[]),
        [
            "database:    ~/.local/share/recoup-tasks/local.db",
            "config file: ~/.config/recoup-tasks/config.toml (not found)",
            "data dir:    ~/.local/share/recoup-tasks",
            "log file:    ~/.local/state/recoup-tasks/recoup-tasks.log",
        ]
    );
}

#[test]
fn set_xdg_variables_win() {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let (config, data, state) = (
        home.path().join("c"),
        home.path().join("d"),
        home.path().join("s"),
    );
    let xdg = [
        ("XDG_CONFIG_HOME", config.as_path()),
        ("XDG_DATA_HOME", data.as_path()),
        ("XDG_STATE_HOME", state.as_path()),
    ];
    assert_eq!(
        file_lines(home.path(), &xdg),
        [
            "database:    ~/d/recoup-tasks/local.db",
            "config file: ~/c/recoup-tasks/config.toml (not found)",
            "data dir:    ~/d/recoup-tasks",
            "log file:    ~/s/recoup-tasks/recoup-tasks.log",
        ]
    );
}
