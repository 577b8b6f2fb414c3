//! Each command's `--help` lists only the flags it uses, and `--profile`/`--api-url` given to a
//! command that has no use for them is refused (issue 13 item 5).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary with `args` in an empty home: (status, stdout, stderr). A run that has not
/// ended after a generous minute (a `serve` that was not refused) is killed and fails the test.
fn run(args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env_remove("RECOUP_API_URL")
        .env_remove("RECOUP_API_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("binary runs: {e}"));
    let started = Instant::now();
    while child
        .try_wait()
        .unwrap_or_else(|e| panic!("wait: {e}"))
        .is_none()
    {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!(
                "`recoup-tasks {}` still runs after a minute",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("output: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn help(command: &[&str]) -> String {
    let mut args = command.to_vec();
    args.push("--help");
    let (status, stdout, stderr) = run(&args);
    assert_eq!(status, 0, "{command:?} --help: {stderr}");
    stdout
}

#[test]
fn commands_without_a_use_for_the_profile_do_not_list_its_flags() {
    for command in [
        &["serve"][..],
        &["accounts"],
        &["accounts", "create"],
        &["artists"],
        &["artists", "add"],
        &["cron"],
        &["completions"],
        &["man"],
    ] {
        let text = help(command);
        assert!(
            !text.contains("--profile"),
            "{command:?} lists --profile:\n{text}"
        );
        assert!(
            !text.contains("--api-url"),
            "{command:?} lists --api-url:\n{text}"
        );
    }
}

#[test]
fn commands_that_talk_to_a_backend_still_list_the_profile_flags() {
    for command in [
        &[][..],
        &["config"],
        &["tasks"],
        &["tasks", "list"],
        &["tasks", "create"],
    ] {
        let text = help(command);
        assert!(
            text.contains("--profile <NAME>"),
            "{command:?} lacks --profile:\n{text}"
        );
        assert!(
            text.contains("--api-url <URL>"),
            "{command:?} lacks --api-url:\n{text}"
        );
    }
}

#[test]
fn accounts_create_explains_its_email() {
    let text = help(&["accounts", "create"]);
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with("--email"))
        .unwrap_or_else(|| panic!("no --email line:\n{text}"));
    assert_eq!(
        line.trim(),
        "--email <EMAIL>  The new account's email (several accounts may share one)"
    );
}

/// The refusal is a usage error as clap reports those of these commands: `error: …`, the
/// command's usage, exit status 2; nothing is done.
fn assert_refused(args: &[&str], first_line: &str) {
    let (status, stdout, stderr) = run(args);
    assert_eq!(status, 2, "{args:?}: {stdout}{stderr}");
    assert_eq!(stdout, "", "{args:?}");
    assert_eq!(
        stderr.lines().next(),
        Some(first_line),
        "{args:?}: {stderr}"
    );
}

#[test]
fn a_profile_flag_given_to_a_command_without_a_use_for_it_is_refused() {
    let db = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = db.path().join("local.db");
    let db = db.to_str().unwrap_or_else(|| panic!("temp path is UTF-8"));
    let serve = "error: serve does not use --profile: it runs the local server, whatever the \
                 profiles say";
    assert_refused(
        &[
            "serve",
            "--profile",
            "work",
            "--addr",
            "127.0.0.1:0",
            "--db",
            db,
        ],
        serve,
    );
    assert_refused(
        &[
            "--profile",
            "work",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--db",
            db,
        ],
        serve,
    );
    assert_refused(
        &[
            "serve",
            "--api-url",
            "http://127.0.0.1:1",
            "--addr",
            "127.0.0.1:0",
            "--db",
            db,
        ],
        "error: serve does not use --api-url: it runs the local server, whatever the profiles say",
    );
    assert_refused(
        &[
            "accounts",
            "create",
            "--email",
            "a@example.com",
            "--db",
            db,
            "--profile",
            "work",
        ],
        "error: accounts does not use --profile: it changes the local server's database (--db), \
         whatever the profiles say",
    );
    assert_refused(
        &[
            "--api-url",
            "http://127.0.0.1:1",
            "artists",
            "add",
            "Nova",
            "--db",
            db,
        ],
        "error: artists does not use --api-url: it changes the local server's database (--db), \
         whatever the profiles say",
    );
    assert!(
        !std::path::Path::new(db).exists(),
        "a refused command made its database"
    );
    assert_refused(
        &["cron", "0 9 * * *", "--profile", "work"],
        "error: cron does not use --profile: it computes fire times on this machine, with the \
         scheduler's own engine",
    );
    assert_refused(
        &["completions", "bash", "--profile", "work"],
        "error: completions does not use --profile: it prints a script made from the command \
         line's definitions",
    );
    assert_refused(
        &["man", "--api-url", "http://127.0.0.1:1"],
        "error: man does not use --api-url: it prints the manual page made from the command \
         line's definitions",
    );
}
