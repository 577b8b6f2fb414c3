//! `recoup-tasks config` naming the selected profile's plan (`plan = "free"`), which the TUI's
//! preview judges schedules by.

use std::process::{Command, Stdio};

/// `recoup-tasks [--profile NAME] config` with `config` as the config file: (status, stdout).
fn config_report(config: &str, profile: Option<&str>) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let file = home.path().join("config/recoup-tasks/config.toml");
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&file, config).unwrap_or_else(|e| panic!("{e}"));
    let mut command = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"));
    if let Some(name) = profile {
        command.args(["--profile", name]);
    }
    let out = command
        .arg("config")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("XDG_STATE_HOME")
        .env_remove("RECOUP_API_URL")
        .env_remove("RECOUP_API_KEY")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("binary runs: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const PROFILES: &str = "default_profile = \"free\"\n\n[[profiles]]\nname = \"free\"\napi_url = \"https://recoup-api.vercel.app\"\napi_key_command = \"pass recoup\"\nplan = \"free\"\n\n[[profiles]]\nname = \"odd\"\napi_url = \"https://recoup-api.vercel.app\"\napi_key_command = \"pass recoup\"\nplan = \"Gold\"\n\n[[profiles]]\nname = \"none\"\napi_url = \"https://recoup-api.vercel.app\"\napi_key_command = \"pass recoup\"\n";

/// The report's lines from `profile:` to `config file:` (the rest names temp paths).
fn middle(report: &str) -> Vec<&str> {
    report
        .lines()
        .skip_while(|line| !line.starts_with("profile:"))
        .take_while(|line| !line.starts_with("config file:"))
        .collect()
}

#[test]
fn config_names_the_profiles_plan_when_one_is_set() {
    let (status, stdout, _) = config_report(PROFILES, None);
    assert_eq!(status, 0);
    assert_eq!(
        middle(&stdout),
        [
            "profile:     free (from default_profile)",
            "key:         from api_key_command (program `pass`; not run now)",
            "plan:        free (the TUI's preview marks schedules it refuses)",
        ]
    );
    let (_, stdout, _) = config_report(PROFILES, Some("odd"));
    assert_eq!(
        middle(&stdout)[2],
        "plan:        Gold (not free, starter or pro; ignored)"
    );
    let (_, stdout, _) = config_report(PROFILES, Some("none"));
    assert_eq!(
        middle(&stdout),
        [
            "profile:     none (from --profile)",
            "key:         from api_key_command (program `pass`; not run now)",
        ],
        "no plan line without a plan"
    );
}

/// A config file written with `file_mode` in a folder with `dir_mode`, and the binary run on
/// it with `args` (and `env`): (status, stdout, stderr). The home is returned so that files a
/// key command made can be looked for.
#[cfg(unix)]
fn run_on_config(
    config: &str,
    file_mode: u32,
    dir_mode: u32,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, String, String, tempfile::TempDir) {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let dir = home.path().join("config/recoup-tasks");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("config.toml");
    let config = config.replace("HOME", &home.path().display().to_string());
    std::fs::write(&file, config).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(file_mode))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(dir_mode))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("XDG_STATE_HOME")
        .env_remove("RECOUP_API_URL")
        .env_remove("RECOUP_API_KEY")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("binary runs: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        home,
    )
}

/// A profile whose key command leaves a marker file behind when it runs; its API is a closed
/// port, so a command that ran ends in "cannot reach".
#[cfg(unix)]
const MARKING_PROFILE: &str = "default_profile = \"dev\"\n\n[[profiles]]\nname = \"dev\"\napi_url = \"http://127.0.0.1:9\"\napi_key_command = \"touch HOME/key-command-ran; printf k\"\n";

#[cfg(unix)]
#[test]
fn a_config_others_can_write_runs_no_key_command() {
    for args in [&["tasks", "list"][..], &["config"][..]] {
        let (status, stdout, stderr, home) =
            run_on_config(MARKING_PROFILE, 0o666, 0o700, args, &[]);
        let file = home.path().join("config/recoup-tasks/config.toml");
        assert_eq!(
            (status, stdout.as_str(), stderr),
            (
                1,
                "",
                format!(
                    "Error: not using the key of profile 'dev': {0} is writable by others (mode 666); run: chmod go-w {0}\n",
                    file.display()
                )
            ),
            "{args:?}"
        );
        assert!(!home.path().join("key-command-ran").exists(), "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_config_in_a_folder_others_can_write_runs_no_key_command() {
    let (status, stdout, stderr, home) =
        run_on_config(MARKING_PROFILE, 0o600, 0o775, &["tasks", "list"], &[]);
    let dir = home.path().join("config/recoup-tasks");
    assert_eq!(
        (status, stdout.as_str(), stderr),
        (
            1,
            "",
            format!(
                "Error: not using the key of profile 'dev': {0}, the config file's folder, is writable by others (mode 775); run: chmod go-w {0}\n",
                dir.display()
            )
        )
    );
    assert!(!home.path().join("key-command-ran").exists());
}

#[cfg(unix)]
#[test]
fn an_inline_key_in_a_config_others_can_write_is_not_used() {
    let inline = "default_profile = \"dev\"\n\n[[profiles]]\nname = \"dev\"\napi_url = \"http://127.0.0.1:9\"\napi_key = \"recoup_sk_inline_0123456789\"\n";
    let (status, _, stderr, home) = run_on_config(inline, 0o620, 0o700, &["tasks", "list"], &[]);
    let file = home.path().join("config/recoup-tasks/config.toml");
    assert_eq!(status, 1);
    assert_eq!(
        stderr,
        format!(
            "Error: not using the key of profile 'dev': {0} is writable by others (mode 620); run: chmod go-w {0}\n",
            file.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_private_config_in_a_private_folder_runs_its_key_command() {
    let (status, _, stderr, home) =
        run_on_config(MARKING_PROFILE, 0o600, 0o700, &["tasks", "list"], &[]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            1,
            "Error: cannot reach http://127.0.0.1:9: connection refused\n"
        )
    );
    assert!(home.path().join("key-command-ran").exists());
}

#[cfg(unix)]
#[test]
fn a_readable_inline_key_still_only_warns() {
    let inline = "default_profile = \"dev\"\n\n[[profiles]]\nname = \"dev\"\napi_url = \"http://127.0.0.1:9\"\napi_key = \"recoup_sk_inline_0123456789\"\n";
    let (status, stdout, stderr, home) = run_on_config(inline, 0o644, 0o755, &["config"], &[]);
    let file = home.path().join("config/recoup-tasks/config.toml");
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "Warning: {0} holds an API key and is readable by others (mode 644); run: chmod 600 {0}\n",
            file.display()
        )
    );
    assert!(
        stdout.contains("key:         ****6789 (api_key in the config file)\n"),
        "{stdout}"
    );
}

/// `http://user:secret@…` as a profile's `api_url`, in `RECOUP_API_URL` and in `--api-url`.
#[cfg(unix)]
#[test]
fn credentials_in_an_api_url_are_never_printed() {
    let profile = "default_profile = \"dev\"\n\n[[profiles]]\nname = \"dev\"\napi_url = \"http://user:hunter2secret@127.0.0.1:9/\"\napi_key_command = \"printf k\"\n";
    let (status, stdout, stderr, _home) = run_on_config(profile, 0o600, 0o700, &["config"], &[]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stdout.starts_with("backend:     hosted http://***@127.0.0.1:9/\n"),
        "{stdout}"
    );
    assert!(!format!("{stdout}{stderr}").contains("hunter2secret"));
    let (status, stdout, stderr, _home) =
        run_on_config(profile, 0o600, 0o700, &["tasks", "list"], &[]);
    assert_eq!(
        (status, stdout.as_str(), stderr.as_str()),
        (
            1,
            "",
            "Error: cannot reach http://***@127.0.0.1:9: connection refused\n"
        )
    );
    let environment = [
        ("RECOUP_API_URL", "http://user:hunter2secret@127.0.0.1:9"),
        ("RECOUP_API_KEY", "k"),
    ];
    let (_, _, stderr, _home) = run_on_config("", 0o600, 0o700, &["tasks", "list"], &environment);
    assert_eq!(
        stderr,
        "Error: cannot reach http://***@127.0.0.1:9: connection refused\n"
    );
    let (_, stdout, _, _home) = run_on_config("", 0o600, 0o700, &["config"], &environment);
    assert!(
        stdout.starts_with("backend:     hosted http://***@127.0.0.1:9\n"),
        "{stdout}"
    );
    let (_, _, stderr, _home) = run_on_config(
        profile,
        0o600,
        0o700,
        &[
            "tasks",
            "list",
            "--api-url",
            "user:hunter2secret@127.0.0.1:9",
        ],
        &[],
    );
    assert_eq!(
        stderr,
        "Error: bad API URL '***@127.0.0.1:9': only http and https URLs are supported\n"
    );
}
