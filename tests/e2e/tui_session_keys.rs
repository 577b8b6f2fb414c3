//! The TUI's local session key ends with the session (issue 12 item 9): quitting with `q` or
//! being ended by a signal revokes the key its embedded server minted.

use crate::pty_support;

use std::time::Duration;

use pty_support::*;

/// Long enough for a loaded 2-core machine; every wait returns as soon as its condition holds.
const WAIT: Duration = Duration::from_secs(20);

/// What the empty Tasks screen says: the app's content, to find it drawn.
const EMPTY_TASKS: &str = "No tasks yet. Press n to create one.";

/// The keys that expire (session keys) in the local database.
fn session_keys(home: &Home) -> i64 {
    rusqlite::Connection::open(home.data_dir().join("local.db"))
        .and_then(|conn| {
            conn.query_row(
                "SELECT count(*) FROM account_api_keys WHERE expires_at IS NOT NULL",
                [],
                |row| row.get(0),
            )
        })
        .unwrap_or_else(|e| panic!("count keys: {e}"))
}

#[test]
fn quitting_or_a_signal_revokes_the_session_key() {
    for way_out in ["q", "TERM"] {
        let home = Home::new();
        let mut app = PtyApp::spawn(&[], &home.env(), 100, 30);
        app.wait_for(EMPTY_TASKS, WAIT);
        assert_eq!(session_keys(&home), 1, "{way_out}: the running app's key");
        if way_out == "q" {
            app.send("q");
        } else {
            let pid = app.pid().unwrap_or_else(|| panic!("no pid"));
            let killed = std::process::Command::new("kill")
                .args([&format!("-{way_out}"), &pid.to_string()])
                .status()
                .unwrap_or_else(|e| panic!("kill: {e}"));
            assert!(killed.success());
        }
        assert!(app.wait_exit(WAIT).is_some(), "{way_out}: the app exits");
        assert_eq!(session_keys(&home), 0, "{way_out}: no key left behind");
    }
}
