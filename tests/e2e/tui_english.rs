//! A schedule in plain English, typed into the real binary's form as a new user would: the
//! preview reads it, Tab takes its cron, and the task the local server stores has the cron. Then
//! a preset taken with Ctrl+P.

use crate::pty_support;
use crate::tui_e2e::{ARTIST, WAIT, paste_artist, start_local, type_new_task};

use pty_support::*;

/// `Ctrl+P`, as a terminal sends it.
const CTRL_P: &str = "\x10";

#[test]
fn a_phrase_in_the_schedule_field_is_saved_as_its_cron() {
    let home = Home::new();
    let mut app = start_local(&home, 100, 30);
    app.wait_for("No tasks yet. Press n to create one.", WAIT);
    type_new_task(
        &mut app,
        "Morning digest",
        ["Summarise overnight messages.", "Keep it short."],
        "weekdays at 9am",
    );
    app.wait_for(
        "✓ weekdays at 9am → 0 9 * * 1-5 · At 09:00 AM, Monday through Friday",
        WAIT,
    );
    app.wait_for("Tab or Enter: use 0 9 * * 1-5", WAIT);
    app.send(TAB);
    // Tab took the cron and went on to the zone, as Tab does.
    app.wait_until("the cron in the field, the zone focused", WAIT, |s| {
        s.contains(" Schedule                0 9 * * 1-5 ")
            && s.contains("›Timezone")
            && s.contains("✓ valid  At 09:00 AM, Monday through Friday")
    });
    app.send("\x1b[Z");
    app.wait_for("›Schedule                0 9 * * 1-5 ", WAIT);
    paste_artist(&mut app, ARTIST);
    app.send(CTRL_S);
    app.wait_until("the form closed and the toast", WAIT, |s| {
        !s.contains("New task") && s.contains("✓ Created “Morning digest”")
    });
    // The list shows what the server stored: the cron.
    app.wait_until("the task listed with its cron", WAIT, |s| {
        s.contains("Morning digest") && s.contains("0 9 * * 1-5") && !s.contains("weekdays at")
    });
}

#[test]
fn ctrl_p_reaches_the_app_and_a_preset_fills_the_schedule() {
    let home = Home::new();
    let mut app = start_local(&home, 100, 30);
    app.wait_for("No tasks yet. Press n to create one.", WAIT);
    app.send("n");
    app.wait_for("New task", WAIT);
    app.send(CTRL_P);
    app.wait_for("Presets · ↑↓ choose · Enter take · Esc close", WAIT);
    // Down to `daily at 17:00`, and take it.
    app.send("\x1b[B\x1b[B\x1b[B");
    app.wait_for("› daily at 17:00", WAIT);
    app.send("\r");
    app.wait_until("the preset in the field", WAIT, |s| {
        s.contains("›Schedule                0 17 * * * ")
            && s.contains("✓ valid  At 05:00 PM")
            && !s.contains("Presets ·")
    });
}
