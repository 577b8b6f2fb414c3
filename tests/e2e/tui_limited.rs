//! Limited terminals (issue 13 item 12): a `dumb` terminal is refused, no terminal at all is
//! said in words, and without a UTF-8 locale the screen is drawn in ASCII.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::pty_support::*;

const WAIT: Duration = Duration::from_secs(20);

/// Box-drawing and the marks that need a UTF-8 locale.
const NOT_ASCII: &[char] = &[
    '─', '│', '┌', '┐', '└', '┘', '├', '┤', '┬', '┴', '╭', '╮', '╰', '╯', '›', '●', '○', '✓', '✗',
    '⚠', '⊘', '▶', '…', '▌', '·', '—', '↓',
];

#[test]
fn a_dumb_terminal_is_refused_in_one_line_and_left_untouched() {
    let home = Home::new();
    let mut env = home.env();
    env.insert("TERM".into(), "dumb".into());
    let mut app = PtyApp::spawn(&[], &env, 80, 24);
    let status = app
        .wait_exit(WAIT)
        .unwrap_or_else(|| panic!("still running:\n{}", app.screen()));
    assert_eq!(status.exit_code(), 1);
    app.wait_output_closed(WAIT);
    let bytes = app.bytes();
    let written = String::from_utf8_lossy(&bytes);
    assert_eq!(
        written.trim_end(),
        "Error: the TUI cannot draw on TERM=dumb; \
         use recoup-tasks tasks (see recoup-tasks tasks --help) instead"
    );
    assert!(!written.contains('\u{1b}'), "escape sequences: {written:?}");
}

#[test]
fn no_terminal_at_all_is_said_in_words() {
    let home = Home::new();
    let output = Command::new(binary())
        .env_clear()
        .envs(home.env())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("run the binary: {e}"));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "Error: the TUI needs a terminal; \
         use recoup-tasks tasks (see recoup-tasks tasks --help) for scripts\n"
    );
}

#[test]
fn without_a_utf8_locale_the_screen_is_ascii() {
    for (name, value) in [
        ("LANG", "C"),
        ("LC_ALL", "POSIX"),
        ("LC_CTYPE", "en_US.ISO-8859-1"),
    ] {
        let home = Home::new();
        let mut env = home.env();
        // The first set of LC_ALL, LC_CTYPE, LANG decides; a UTF-8 LANG below loses.
        env.insert(name.into(), value.into());
        let mut app = PtyApp::spawn(&[], &env, 80, 24);
        app.wait_first_frame(WAIT);
        app.wait_until("the tasks pane's border", WAIT, |s| {
            s.lines()
                .any(|line| line.starts_with('+') && line.contains("Tasks (0)"))
        });
        app.wait_frames_settle(Duration::from_millis(300), WAIT);
        let screen = app.screen();
        assert!(
            !screen.contains(NOT_ASCII),
            "{name}={value}: not ASCII:\n{screen}"
        );
        assert!(
            screen
                .lines()
                .any(|line| line.starts_with('|') && line.ends_with('|')),
            "{name}={value}: no side borders:\n{screen}"
        );
        app.send("q");
        let status = app.wait_exit(WAIT);
        assert_eq!(status.map(|s| s.exit_code()), Some(0), "{name}={value}");
    }
}
