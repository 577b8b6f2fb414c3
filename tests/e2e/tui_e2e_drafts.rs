//! A draft in the real binary, in a pseudo-terminal: it outlives `kill -9`, and none of the
//! keys a person presses out of habit (`n`, `Esc`, `q`, `Ctrl+C`) throws it away. Discarding it
//! asks, and `U` brings it back.

use crate::pty_support;

use std::time::Duration;

use pty_support::*;
use recoup_tasks::tui::draft;

/// Long enough for a loaded 2-core machine; every wait returns as soon as its condition holds.
const WAIT: Duration = Duration::from_secs(20);

const TITLE: &str = "Half written";

fn start(home: &Home) -> PtyApp {
    let app = PtyApp::spawn(&[], &home.env(), 100, 30);
    app.wait_first_frame(WAIT);
    app
}

/// Whether the form is open with the title field showing `title`.
fn form_shows_title(screen: &str, title: &str) -> bool {
    line_with(screen, "Title").is_some_and(|line| line.contains(title))
        && screen.contains("Schedule")
}

fn saved_title(home: &Home) -> Option<String> {
    draft::load(&home.data_dir()).map(|d| d.title)
}

fn wait_for_file(what: &str, ready: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + WAIT;
    while !ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "waited {WAIT:?} for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn kill_9(app: &mut PtyApp) {
    let pid = app.pid().expect("the app's pid");
    let pid = i32::try_from(pid).expect("a pid");
    // SAFETY: sends a signal to our own child; no memory is involved.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    app.wait_exit(WAIT).expect("the app dies");
}

#[test]
fn a_draft_outlives_kill_9_and_every_habitual_key() {
    let home = Home::new();

    // Typed, then the process is killed: the draft is on disk.
    let mut app = start(&home);
    app.wait_for("No tasks yet. Press n to create one.", WAIT);
    app.send("n");
    app.wait_for("e.g. Weekly digest", WAIT);
    app.send(TITLE);
    app.wait_until("the title typed", WAIT, |s| form_shows_title(s, TITLE));
    wait_for_file("the draft saved", || {
        saved_title(&home).as_deref() == Some(TITLE)
    });
    kill_9(&mut app);

    // `n` on the offer (the key for a new task) opens the draft; `Esc` asks; `Ctrl+C` quits.
    let mut app = start(&home);
    app.wait_for(
        &format!("A draft from last time was found: “{TITLE}”"),
        WAIT,
    );
    app.send("n");
    app.wait_until("the draft in the form", WAIT, |s| {
        form_shows_title(s, TITLE)
    });
    app.type_slowly(ESC);
    app.wait_for("Discard the changes to this task?", WAIT);
    app.send("n");
    app.wait_until("the question gone, the form kept", WAIT, |s| {
        !s.contains("Discard the changes") && form_shows_title(s, TITLE)
    });
    app.send(CTRL_C);
    app.wait_exit(WAIT).expect("Ctrl+C quits");
    assert_eq!(saved_title(&home).as_deref(), Some(TITLE));

    // `Esc` on the offer puts it off; `q` quits; the draft is still there.
    let mut app = start(&home);
    app.wait_for("A draft from last time was found", WAIT);
    app.type_slowly(ESC);
    app.wait_for(&format!("Draft “{TITLE}” kept: n opens it"), WAIT);
    app.send("q");
    app.wait_exit(WAIT).expect("q quits");
    assert_eq!(saved_title(&home).as_deref(), Some(TITLE));

    // Discarding is a confirmed choice, and one more step brings the draft back.
    let mut app = start(&home);
    app.wait_for("A draft from last time was found", WAIT);
    app.send("d");
    app.wait_for(&format!("Discard the draft “{TITLE}”?"), WAIT);
    app.send("y");
    // The toast wraps before its last word.
    app.wait_for(&format!("Draft “{TITLE}” discarded: U brings it"), WAIT);
    wait_for_file("the draft moved to draft.prev.json", || {
        saved_title(&home).is_none()
            && draft::load_previous(&home.data_dir()).map(|d| d.title) == Some(TITLE.into())
    });
    app.send("U");
    app.wait_until("the discarded draft back in the form", WAIT, |s| {
        form_shows_title(s, TITLE)
    });
    wait_for_file("the draft saved again", || {
        saved_title(&home).as_deref() == Some(TITLE)
    });
}
