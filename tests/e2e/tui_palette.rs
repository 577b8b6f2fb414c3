//! `:profile` end to end: two `recoup-tasks serve` processes on their own data, one task each,
//! two profiles pointing at them; the TUI starts on profile a with a's task, and `:profile b`
//! switches the header and the list to b's, in place.

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;

use crate::pty_support::*;
use crate::server_support::free_port;
use crate::tui_e2e::{ARTIST, WAIT};
use crate::tui_marks::cli;

const KEY_A: &str = "palette-test-key-a";
const KEY_B: &str = "palette-test-key-b";

/// `serve` on a free port with its own database and `key`.
fn serve(home: &Home, name: &str, key: &str) -> Serve {
    let mut env = home.env();
    env.insert("RECOUP_SERVE_API_KEY".into(), key.into());
    let dir = home.path().join(format!("serve-{name}"));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("serve dir: {e}"));
    let addr = format!("127.0.0.1:{}", free_port());
    Serve::start(&binary(), &addr, &dir.join("tasks.db"), &[], &env)
}

#[test]
fn profile_switches_between_two_local_servers_in_place() {
    let home = Home::new();
    let a = serve(&home, "a", KEY_A);
    let b = serve(&home, "b", KEY_B);
    let config = format!(
        "default_profile = \"a\"\n\n[[profiles]]\nname = \"a\"\napi_url = \"{}\"\napi_key = \"{KEY_A}\"\n\n[[profiles]]\nname = \"b\"\napi_url = \"{}\"\napi_key = \"{KEY_B}\"\n",
        a.url, b.url
    );
    std::fs::create_dir_all(home.config_dir()).unwrap_or_else(|e| panic!("config dir: {e}"));
    let path = home.config_dir().join("config.toml");
    std::fs::write(&path, config).unwrap_or_else(|e| panic!("config: {e}"));
    // A file holding keys is read only when no one else could have written it.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
        .unwrap_or_else(|e| panic!("config mode: {e}"));
    let env: HashMap<String, String> = home.env();
    for (profile, title) in [("a", "Task on server A"), ("b", "Task on server B")] {
        cli(
            &env,
            &[
                "tasks",
                "create",
                "--profile",
                profile,
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
    let host = |url: &str| {
        url.trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    };

    let mut app = PtyApp::spawn(&[], &env, 100, 30);
    app.wait_first_frame(WAIT);
    app.wait_until("profile a with its task", WAIT, |s| {
        let header = s.lines().next().unwrap_or_default();
        header.contains(&format!("{} · profile a", host(&a.url))) && s.contains("Task on server A")
    });
    app.send(":");
    app.send("profile b");
    app.wait_for("›profile b", WAIT);
    app.send(ENTER);
    app.wait_until("profile b with its task, not a's", WAIT, |s| {
        let header = s.lines().next().unwrap_or_default();
        header.contains(&format!("{} · profile b", host(&b.url)))
            && s.contains("Task on server B")
            && !s.contains("Task on server A")
    });

    // A profile the file lacks: said, and the app stays on b.
    app.send(":");
    app.send("profile nosuch");
    app.send(ENTER);
    app.wait_for("Could not open profile nosuch", WAIT);
    let screen = app.screen();
    assert!(screen.contains("Task on server B"), "{screen}");
    assert!(
        screen
            .lines()
            .next()
            .unwrap_or_default()
            .contains("profile b"),
        "{screen}"
    );
    app.send("q");
    assert!(app.wait_exit(WAIT).is_some(), "the app did not quit");
}

/// A session that started in local mode goes to a profile and back: `:profile local` returns to
/// the local mode (its embedded server kept running), the header and list with it.
#[test]
fn profile_local_goes_back_to_the_local_mode_the_session_started_in() {
    let home = Home::new();
    let b = serve(&home, "b", KEY_B);
    let config = format!(
        "[[profiles]]\nname = \"b\"\napi_url = \"{}\"\napi_key = \"{KEY_B}\"\n",
        b.url
    );
    std::fs::create_dir_all(home.config_dir()).unwrap_or_else(|e| panic!("config dir: {e}"));
    let path = home.config_dir().join("config.toml");
    std::fs::write(&path, config).unwrap_or_else(|e| panic!("config: {e}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
        .unwrap_or_else(|e| panic!("config mode: {e}"));
    let env: HashMap<String, String> = home.env();
    for (profile, title) in [(None, "Task kept locally"), (Some("b"), "Task on server B")] {
        let mut args = vec!["tasks", "create"];
        if let Some(profile) = profile {
            args.extend(["--profile", profile]);
        }
        args.extend([
            "--title",
            title,
            "--prompt",
            "p",
            "--schedule",
            "0 9 * * 1",
            "--artist",
            ARTIST,
        ]);
        cli(&env, &args);
    }

    let mut app = PtyApp::spawn(&[], &env, 100, 30);
    app.wait_first_frame(WAIT);
    app.wait_until("local mode with its task", WAIT, |s| {
        let header = s.lines().next().unwrap_or_default();
        header.contains("local · account") && s.contains("Task kept locally")
    });
    app.send(":");
    app.send("profile b");
    app.wait_for("›profile b", WAIT);
    app.send(ENTER);
    app.wait_until("profile b with its task", WAIT, |s| {
        let header = s.lines().next().unwrap_or_default();
        header.contains("profile b")
            && s.contains("Task on server B")
            && !s.contains("Task kept locally")
    });
    app.send(":");
    app.send("profile lo");
    app.wait_for("›profile local", WAIT);
    app.send(ENTER);
    app.wait_until("local mode again with its task, not b's", WAIT, |s| {
        let header = s.lines().next().unwrap_or_default();
        header.contains("local · account")
            && !header.contains("profile b")
            && s.contains("Task kept locally")
            && !s.contains("Task on server B")
    });
    app.send("q");
    assert!(app.wait_exit(WAIT).is_some(), "the app did not quit");
}
