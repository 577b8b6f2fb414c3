//! A local-mode run's key ends with the run (issue 12 item 9): the CLI mints a session key for
//! its embedded server, revokes it when it shuts down, and prunes keys that expired.

use std::path::Path;
use std::process::{Command, Stdio};

/// `recoup-tasks ARGS` in local mode on an empty home; returns the exit code and stderr.
fn run_local(home: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("RECOUP_API_URL")
        .env_remove("RECOUP_API_KEY")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("binary runs: {e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn database(home: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(home.join("data/recoup-tasks/local.db"))
        .unwrap_or_else(|e| panic!("open the database: {e}"))
}

/// The keys that expire (session keys) in the database.
fn session_keys(home: &Path) -> i64 {
    database(home)
        .query_row(
            "SELECT count(*) FROM account_api_keys WHERE expires_at IS NOT NULL",
            [],
            |row| row.get(0),
        )
        .unwrap_or_else(|e| panic!("count keys: {e}"))
}

#[test]
fn a_local_cli_run_leaves_no_session_key_behind() {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    assert_eq!(
        run_local(home.path(), &["tasks", "list"]),
        (Some(0), String::new())
    );
    assert_eq!(session_keys(home.path()), 0);
    // A failing command shuts the backend down the same way.
    let (code, _) = run_local(
        home.path(),
        &[
            "tasks",
            "delete",
            "--id",
            "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
            "--yes",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(session_keys(home.path()), 0);
}

#[test]
fn an_expired_key_is_pruned_at_the_next_start() {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    assert_eq!(
        run_local(home.path(), &["tasks", "list"]),
        (Some(0), String::new())
    );
    let account: String = database(home.path())
        .query_row("SELECT id FROM accounts", [], |row| row.get(0))
        .unwrap_or_else(|e| panic!("account: {e}"));
    // As a run that was killed leaves its key: still valid, or already expired.
    for (id, expires_at) in [
        ("expired", "2020-01-01T00:00:00.000000+00:00"),
        ("current", "2999-01-01T00:00:00.000000+00:00"),
    ] {
        database(home.path())
            .execute(
                "INSERT INTO account_api_keys (id, account_id, key_hash, created_at, expires_at)
                 VALUES (?1, ?2, ?1, '2019-12-01T00:00:00.000000+00:00', ?3)",
                [id, account.as_str(), expires_at],
            )
            .unwrap_or_else(|e| panic!("insert a key: {e}"));
    }
    assert_eq!(
        run_local(home.path(), &["tasks", "list"]),
        (Some(0), String::new())
    );
    let left: Vec<String> = database(home.path())
        .prepare("SELECT id FROM account_api_keys WHERE expires_at IS NOT NULL")
        .and_then(|mut query| {
            query
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()
        })
        .unwrap_or_else(|e| panic!("keys: {e}"));
    assert_eq!(left, ["current"]);
}
