//! A Free account in local mode, end to end on the real binary: the preview warns before the
//! save, the first weekly task is saved, and the second task is refused by the embedded server
//! with the plan's sentence while the form keeps everything typed.

use std::process::Command;

use crate::pty_support::*;
use crate::tui_e2e::{ARTIST, WAIT, paste_artist, start_local, type_new_task};

/// Makes the data dir's database with its first account (the one local mode uses) on `plan`.
fn local_account_on(home: &Home, plan: &str) {
    std::fs::create_dir_all(home.data_dir()).unwrap_or_else(|e| panic!("data dir: {e}"));
    let db = home.data_dir().join("local.db");
    let out = Command::new(binary())
        .args([
            "accounts",
            "create",
            "--email",
            "free@localhost",
            "--plan",
            plan,
            "--db",
        ])
        .arg(&db)
        .envs(home.env())
        .output()
        .unwrap_or_else(|e| panic!("accounts create: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_free_account_is_warned_before_saving_and_its_second_task_is_refused_in_the_form() {
    let home = Home::new();
    local_account_on(&home, "free");
    let mut app = start_local(&home, 100, 30);
    app.wait_for("No tasks yet. Press n to create one.", WAIT);

    // Weekly is within the plan: the preview measures it and has nothing against it.
    type_new_task(
        &mut app,
        "Weekly digest",
        ["Summarise the week.", "Be brief."],
        "0 9 * * 1",
    );
    app.wait_until("a weekly schedule within the plan", WAIT, |s| {
        s.contains("fires at most every 1 week") && !s.contains("Free runs tasks weekly at most")
    });
    // Daily is more than Free allows: the preview says so, in the server's words, before a save.
    app.send(BACKSPACE);
    app.send("*");
    app.wait_until("the plan warning in the preview", WAIT, |s| {
        s.contains("✗ Free runs tasks weekly at most. Starter runs daily, Pro runs hourly.")
            && s.contains("fires at most every 1 day")
            && s.contains("›✗ Schedule")
    });
    app.send(BACKSPACE);
    app.send("1");
    app.wait_until("back to weekly", WAIT, |s| {
        !s.contains("Free runs tasks weekly at most")
    });
    paste_artist(&mut app, ARTIST);
    app.send(CTRL_S);
    app.wait_until("the first task saved", WAIT, |s| !s.contains("New task"));

    // A second task: Free includes one. The embedded server answers 402 and the form stays.
    type_new_task(
        &mut app,
        "Second report",
        ["Another one.", "Weekly too."],
        "0 10 * * 2",
    );
    paste_artist(&mut app, ARTIST);
    app.send(CTRL_S);
    app.wait_until("the refusal in the form", WAIT, |s| {
        s.contains("Free includes 1 task. Starter includes 3, Pro is unlimited.")
            && s.contains("plan free, 1 of 1 enabled tasks")
            && s.contains("https://app.recoupable.dev/plan")
    });
    let screen = app.screen();
    assert!(
        screen.contains("New task"),
        "the form stays open:\n{screen}"
    );
    assert!(
        screen.contains("Second report") && screen.contains("0 10 * * 2"),
        "everything typed is kept:\n{screen}"
    );
}
