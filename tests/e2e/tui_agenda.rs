//! The agenda (`3`) on the real binary in local mode: three tasks made with the CLI on the same
//! data dir, two of them firing in the same minute; the agenda lists their fires in time order,
//! the shared minute marked `×2`.

use std::process::Command;

use crate::pty_support::*;
use crate::tui_e2e::{ARTIST, WAIT, start_local};

fn create(home: &Home, title: &str, schedule: &str, zone: &str) {
    let out = Command::new(binary())
        .args([
            "tasks",
            "create",
            "--title",
            title,
            "--prompt",
            "Summarise.",
        ])
        .args([
            "--schedule",
            schedule,
            "--artist",
            ARTIST,
            "--timezone",
            zone,
        ])
        .env_clear()
        .envs(home.env())
        .output()
        .unwrap_or_else(|e| panic!("tasks create: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The list's rows between the borders, from the agenda's title down.
fn agenda_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip_while(|line| !line.contains("Agenda · next 7 days"))
        .skip(1)
        .map_while(|line| line.strip_prefix('│'))
        .map(|row| row.trim_end().trim_end_matches('│').trim_end().to_string())
        .collect()
}

#[test]
fn the_agenda_lists_three_tasks_fires_in_time_order_with_the_shared_minute_marked() {
    let home = Home::new();
    // The viewer's zone is UTC (the pty's `TZ`): the two UTC tasks' times read as they are set.
    create(&home, "Alpha digest", "30 10 * * *", "UTC");
    create(&home, "Beta sweep", "30 10 * * *", "UTC");
    create(&home, "Gamma report", "0 9 * * *", "America/New_York");
    let mut app = start_local(&home, 100, 40);
    app.wait_for("Gamma report", WAIT);
    app.send("3");
    app.wait_for("Agenda · next 7 days (w: 30) · 21 fires", WAIT);
    // The whole frame, not one caught while being written.
    app.wait_until("the agenda's bar", WAIT, |s| s.contains("w 7/30 days"));
    app.wait_frames_settle(std::time::Duration::from_millis(300), WAIT);
    let screen = app.screen();
    let rows = agenda_rows(&screen);
    // Days, each followed by its fires: `Fri 4 Dec` (` · today`), then `  10:30 …`.
    let mut times_by_day: Vec<Vec<String>> = Vec::new();
    // The legend (`×N …`) closes the list.
    for row in rows.iter().take_while(|row| !row.starts_with("×N")) {
        if row.starts_with(char::is_alphabetic) {
            times_by_day.push(Vec::new());
        } else if let Some(day) = times_by_day.last_mut() {
            day.push(row.chars().skip(2).take(5).collect());
        }
    }
    assert!(times_by_day.len() >= 3, "{screen}");
    for (i, day) in times_by_day.iter().enumerate() {
        let mut sorted = day.clone();
        sorted.sort();
        assert_eq!(*day, sorted, "day {i} in time order:\n{screen}");
    }
    // The two UTC tasks share 10:30, each marked ×2; New York's 09:00 is 13:00 or 14:00 UTC,
    // alone, its zone time beside it.
    let alpha = line_with(&screen, "Alpha digest").unwrap_or_default();
    let beta = line_with(&screen, "Beta sweep").unwrap_or_default();
    let gamma = line_with(&screen, "Gamma report").unwrap_or_default();
    let end = |line: &str| line.trim_end_matches(['│', ' ']).to_string();
    assert!(
        alpha.contains("10:30") && end(alpha).ends_with("×2"),
        "{screen}"
    );
    assert!(
        beta.contains("10:30") && end(beta).ends_with("×2"),
        "{screen}"
    );
    assert!(
        gamma.contains("(09:00 America/New_York)") && !gamma.contains('×'),
        "{screen}"
    );
    // Within a day, Alpha and Beta are next to each other (the same minute).
    let alpha_at = rows.iter().position(|r| r.contains("Alpha digest"));
    let beta_at = rows.iter().position(|r| r.contains("Beta sweep"));
    let apart = alpha_at.zip(beta_at).map(|(a, b)| a.abs_diff(b));
    assert_eq!(apart, Some(1), "{screen}");
    assert!(
        screen.contains("×N N tasks fire in the same minute"),
        "{screen}"
    );

    // Enter on the selected fire (the first) shows its task selected on the Tasks screen.
    let selected = rows.iter().find(|r| r.starts_with('›'));
    let title = ["Alpha digest", "Beta sweep", "Gamma report"]
        .into_iter()
        .find(|t| selected.is_some_and(|r| r.contains(t)))
        .unwrap_or_else(|| panic!("no fire selected:\n{screen}"));
    app.send(ENTER);
    app.wait_until("the Tasks screen, the fire's task selected", WAIT, |s| {
        s.contains("[1 Tasks]") && s.lines().any(|l| l.starts_with(&format!("│›● {title}")))
    });
    app.send("q");
    let status = app.wait_exit(WAIT);
    assert!(status.is_some_and(|s| s.success()));
}
