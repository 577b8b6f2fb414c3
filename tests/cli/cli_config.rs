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
