//! `recoup-tasks completions SHELL` and `recoup-tasks man`, generated from the command line's
//! definitions (issue 13 item 13).

use std::process::{Command, Stdio};

/// (status, stdout, stderr) of the binary run with `args`.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_recoup-tasks"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("binary runs: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn completions_of_each_shell_name_the_commands_and_their_flags() {
    let first_lines = [
        ("bash", "_recoup__tasks() {"),
        ("zsh", "#compdef recoup-tasks"),
        (
            "fish",
            "# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.",
        ),
    ];
    for (shell, first_line) in first_lines {
        let (status, script, stderr) = run(&["completions", shell]);
        assert_eq!((status, stderr.as_str()), (0, ""), "{shell}");
        assert_eq!(
            script.lines().next(),
            Some(first_line),
            "{shell}:\n{script}"
        );
        for word in [
            "tasks", "serve", "cron", "accounts", "artists", "timezone", "profile",
        ] {
            assert!(
                script.contains(word),
                "{shell} completion lacks {word}:\n{script}"
            );
        }
    }
}

/// Fish's script has one line per flag and command: `--profile` is offered before a command and
/// under those that use it, never where it would be refused.
#[test]
fn completions_offer_the_profile_only_where_it_is_used() {
    let (_, script, _) = run(&["completions", "fish"]);
    let offered_under = |command: &str| {
        script.lines().any(|line| {
            line.contains(&format!("__fish_recoup_tasks_using_subcommand {command}"))
                && line.contains(" -l profile ")
        })
    };
    for command in ["tasks", "config"] {
        assert!(offered_under(command), "{command}:\n{script}");
    }
    for command in ["cron", "serve", "accounts", "artists", "completions", "man"] {
        assert!(!offered_under(command), "{command}:\n{script}");
    }
    assert!(script.contains("__fish_recoup_tasks_needs_command\" -l profile "));
}

#[test]
fn completions_of_an_unknown_shell_are_a_usage_error() {
    let (status, stdout, stderr) = run(&["completions", "tcsh"]);
    assert_eq!((status, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr.lines().next(),
        Some("error: invalid value 'tcsh' for '<SHELL>'")
    );
}

#[test]
fn the_manual_page_is_roff_naming_every_command() {
    let (status, page, stderr) = run(&["man"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    let lines: Vec<&str> = page.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(".ie \\n(.g .ds Aq \\(aq"),
        "{page}"
    );
    assert!(
        lines.contains(&".TH recoup-tasks 1  \"recoup-tasks 0.1.0\" "),
        "no .TH header:\n{page}"
    );
    assert!(lines.contains(&".SH SUBCOMMANDS"), "{page}");
    for command in [
        "tasks",
        "serve",
        "cron",
        "accounts",
        "artists",
        "config",
        "completions",
        "man",
    ] {
        let entry = format!("recoup\\-tasks\\-{command}(1)");
        assert!(
            page.contains(&entry),
            "the page does not name {command}:\n{page}"
        );
    }
}

/// The pages the main page lists (`recoup-tasks-tasks(1)`, …) exist: `man tasks create`.
#[test]
fn each_command_has_its_own_page() {
    let (status, page, stderr) = run(&["man", "tasks", "create"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    let lines: Vec<&str> = page.lines().collect();
    assert_eq!(
        lines.get(2..5),
        Some(
            &[
                ".TH recoup-tasks-tasks-create 1  \"create 0.1.0\" ",
                ".SH NAME",
                "recoup\\-tasks\\-tasks\\-create \\- Create a scheduled task",
            ][..]
        ),
        "{page}"
    );
    assert!(page.contains("\\fB\\-\\-timezone\\fR"), "{page}");
    let (_, serve, _) = run(&["man", "serve"]);
    assert!(!serve.contains("profile"), "{serve}");
}

#[test]
fn an_unknown_page_is_a_usage_error_listing_the_pages() {
    let (status, stdout, stderr) = run(&["man", "tasks", "nope"]);
    assert_eq!((status, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr.lines().next(),
        Some(
            "error: no manual page for `tasks nope`; there are pages for cron, serve, accounts, \
             accounts create, artists, artists add, completions, man, tasks, tasks list, tasks \
             create, tasks update, tasks delete, tasks runs, tasks status, tasks export, tasks \
             apply, config"
        )
    );
}
