//! Task health in the real app: in local mode, a task whose fire passed without a run is marked
//! missed in the list, and `Enter` opens its runs saying how far back they were looked for.
//!
//! No fire runs here: the test holds the database's scheduler lock, as another process that
//! schedules for the same database would (one scheduler per database), and that process never
//! fires. The task is made with the CLI, then dated two hours back in the database, so fires
//! of its own schedule have passed since it was made.

use crate::pty_support;
use crate::tui_e2e::{ARTIST, WAIT, start_local};

use std::fs::OpenOptions;

use chrono::{Duration, Utc};
use pty_support::*;

#[test]
fn a_task_whose_fire_passed_without_a_run_shows_as_missed() {
    let home = Home::new();
    let created = std::process::Command::new(binary())
        .args(["tasks", "create", "--title", "Every five minutes"])
        .args([
            "--prompt",
            "Check the mentions.",
            "--schedule",
            "*/5 * * * *",
        ])
        .args(["--artist", ARTIST])
        .env_clear()
        .envs(home.env())
        .output()
        .expect("run tasks create");
    assert!(created.status.success(), "{created:?}");

    let db = home.data_dir().join("local.db");
    // Held for the whole test: the app's scheduler waits for it and fires nothing.
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(db.with_extension("db.lock"))
        .unwrap_or_else(|e| panic!("open the scheduler lock: {e}"));
    lock.try_lock()
        .unwrap_or_else(|e| panic!("take the scheduler lock: {e}"));
    let two_hours_ago = (Utc::now() - Duration::hours(2))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    let conn = rusqlite::Connection::open(&db).unwrap_or_else(|e| panic!("open the db: {e}"));
    let changed = conn
        .execute(
            "UPDATE scheduled_actions SET created_at = ?1, updated_at = ?1, \
             schedule_changed_at = ?1",
            [&two_hours_ago],
        )
        .unwrap_or_else(|e| panic!("date the task back: {e}"));
    assert_eq!(changed, 1);
    drop(conn);

    let mut app = start_local(&home, 120, 30);
    app.wait_until("the task marked missed", WAIT, |s| {
        line_with(s, "● Every five minutes").is_some_and(|row| row.contains("⚠ missed"))
    });
    app.wait_for("no run within 10 min", WAIT);
    let screen = app.screen();
    assert!(
        line_with(&screen, "Health    ⚠ missed").is_some(),
        "the detail says so:\n{screen}"
    );

    // Its runs: none, and the app says how far it looked.
    app.send("\r");
    app.wait_for("Runs of “Every five minutes” (0)", WAIT);
    app.wait_for("The account has no runs yet", WAIT);
    app.send("\u{1b}");
    app.wait_until("back on the list, the same task selected", WAIT, |s| {
        line_with(s, "● Every five minutes").is_some_and(|row| row.contains("›●"))
    });
    app.send("q");
    let status = app.wait_exit(std::time::Duration::from_secs(5));
    assert!(
        status.as_ref().is_some_and(|s| s.success()),
        "q quits with status 0, got {status:?}:\n{}",
        app.screen()
    );
    drop(lock);
}
