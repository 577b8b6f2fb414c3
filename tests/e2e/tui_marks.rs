//! Marks end to end on the real binary in local mode: three tasks, two marked, `space` and `y`
//! disable exactly those two, as the CLI then lists them.

use std::process::Command;

use crate::pty_support::*;
use crate::tui_e2e::{ARTIST, WAIT, start_local};

/// `recoup-tasks <args>` with exactly `env` (the same user and data dir as the app); its stdout.
pub(crate) fn cli(env: &std::collections::HashMap<String, String>, args: &[&str]) -> String {
    let out = Command::new(binary())
        .args(args)
        .env_clear()
        .envs(env)
        .output()
        .unwrap_or_else(|e| panic!("recoup-tasks {args:?}: {e}"));
    assert!(
        out.status.success(),
        "recoup-tasks {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The titles the CLI lists with `args` (the second column of `tasks list`), sorted.
pub(crate) fn listed_titles(listing: &str) -> Vec<String> {
    let mut titles: Vec<String> = listing
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().nth(1))
        .map(str::to_string)
        .collect();
    titles.sort();
    titles
}

#[test]
fn marking_two_tasks_and_disabling_them_disables_exactly_those_two() {
    let home = Home::new();
    let env = home.env();
    for title in ["Alpha", "Bravo", "Charlie"] {
        cli(
            &env,
            &[
                "tasks",
                "create",
                "--title",
                title,
                "--prompt",
                "p",
                "--schedule",
                "0 9 * * 1",
                "--artist",
                ARTIST,
            ],
        );
    }
    let mut app = start_local(&home, 100, 30);
    app.wait_for("Charlie", WAIT);
    // By title: Alpha, Bravo, Charlie, whatever the day.
    app.send("s");
    app.wait_for("by title", WAIT);
    // The sort keeps the selected task: to the top, Alpha.
    app.send("g");
    app.wait_until("Alpha selected", WAIT, |s| {
        line_with(s, "›● Alpha").is_some()
    });
    app.send("m");
    app.send("jj");
    app.send("m");
    app.wait_for("Tasks (3) · 2 marked", WAIT);
    app.send(" ");
    app.wait_for("Disable 2 tasks: “Alpha”, “Charlie”?", WAIT);
    app.send("y");
    app.wait_for("Disabled 2 tasks", WAIT);
    app.wait_until("two rows disabled, Bravo not", WAIT, |s| {
        let row = |title: &str| {
            line_with(s, &format!(" {title} "))
                .unwrap_or_default()
                .to_string()
        };
        row("Alpha").contains('○') && row("Charlie").contains('○') && row("Bravo").contains('●')
    });
    app.send("q");
    assert!(app.wait_exit(WAIT).is_some(), "the app did not quit");

    let disabled = cli(&env, &["tasks", "list", "--enabled", "false"]);
    assert_eq!(listed_titles(&disabled), ["Alpha", "Charlie"], "{disabled}");
    let enabled = cli(&env, &["tasks", "list", "--enabled", "true"]);
    assert_eq!(listed_titles(&enabled), ["Bravo"], "{enabled}");
}
