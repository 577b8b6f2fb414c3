//! Every way out of the real binary in a pseudo-terminal leaves the terminal as it was: SIGTERM,
//! SIGHUP and SIGINT end the app as `q` does, with the draft of an open form kept; Ctrl+Z stops
//! it for the shell's job control and `fg` brings it back, redrawn.

use crate::pty_support;

use std::collections::HashMap;
use std::num::NonZeroU16;
use std::path::Path;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use pty_support::*;
use recoup_tasks::tui::draft;

/// Long enough for a loaded 2-core machine; every wait returns as soon as its condition holds.
const WAIT: Duration = Duration::from_secs(20);

const CTRL_Z: &str = "\x1a";

/// What the empty Tasks screen says: the app's content, to find it drawn.
const EMPTY_TASKS: &str = "No tasks yet. Press n to create one.";

/// The placeholder of the form's empty Title field.
const TITLE_PLACEHOLDER: &str = "e.g. Weekly digest";

/// Send `signal` (a name `kill` knows: TERM, HUP, INT) to `pid`.
fn send_signal(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap_or_else(|e| panic!("run kill: {e}"));
    assert!(status.success(), "kill -{signal} {pid}: {status:?}");
}

/// Open the form with `n` and type `title` into it, waiting until both are drawn.
fn type_a_title(app: &mut PtyApp, title: &str) {
    app.send("n");
    app.wait_for(TITLE_PLACEHOLDER, WAIT);
    app.send(title);
    app.wait_for(title, WAIT);
}

#[test]
fn an_end_signal_keeps_the_draft_restores_the_terminal_and_exits_with_128_plus_its_number() {
    for (signal, status) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let home = Home::new();
        let mut app = PtyApp::spawn(&[], &home.env(), 100, 30);
        app.wait_for(EMPTY_TASKS, WAIT);
        let title = format!("Kept on SIG{signal}");
        type_a_title(&mut app, &title);
        let running = app.with_screen(terminal_modes);
        assert!(app_modes_on(running), "SIG{signal}: running: {running:?}");

        let pid = app.pid().unwrap_or_else(|| panic!("SIG{signal}: no pid"));
        send_signal(signal, pid);
        let exit = app.wait_exit(WAIT);
        assert!(
            exit.as_ref()
                .is_some_and(|e| e.signal().is_none() && e.exit_code() == status),
            "SIG{signal}: exits with status {status}, got {exit:?}:\n{}",
            app.screen()
        );
        assert!(app.wait_output_closed(WAIT), "SIG{signal}: output ends");
        assert_eq!(
            app.with_screen(terminal_modes),
            RESTORED,
            "SIG{signal}: main screen, cursor shown, bracketed paste off, mouse off"
        );
        assert!(
            !app.screen().contains(&title) && !app.screen().contains("recoup-tasks"),
            "SIG{signal}: nothing of the app on the main screen:\n{}",
            app.screen()
        );
        let saved = draft::load(&home.data_dir());
        assert_eq!(
            saved.as_ref().map(|d| d.title.as_str()),
            Some(title.as_str()),
            "SIG{signal}: the draft on disk"
        );
        drop(app);

        // The next start offers the draft back.
        let mut again = PtyApp::spawn(&[], &home.env(), 100, 30);
        again.wait_for(
            &format!("A draft from last time was found: “{title}”"),
            WAIT,
        );
        again.send(CTRL_C);
        assert!(
            again.wait_exit(WAIT).is_some(),
            "SIG{signal}: second run quits"
        );
    }
}

/// The app in a pseudo-terminal whose master side this test alone holds (no reader thread with
/// a copy of it), so dropping it hangs the terminal up, as a dropped SSH connection or a closed
/// terminal window does.
struct HangableApp {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    screen: vt100::Parser,
}

impl HangableApp {
    fn spawn(env: &HashMap<String, String>) -> HangableApp {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("open a pseudo-terminal: {e}"));
        let mut command = CommandBuilder::new(binary());
        command.env_clear();
        command.cwd(std::env::temp_dir());
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty
            .slave
            .spawn_command(command)
            .unwrap_or_else(|e| panic!("spawn the app: {e}"));
        HangableApp {
            master: pty.master,
            child,
            screen: vt100::Parser::new(
                NonZeroU16::new(30).unwrap_or(NonZeroU16::MIN),
                NonZeroU16::new(100).unwrap_or(NonZeroU16::MIN),
                0,
            ),
        }
    }

    fn fd(&self) -> i32 {
        self.master
            .as_raw_fd()
            .unwrap_or_else(|| panic!("no fd for the pseudo-terminal"))
    }

    /// Read what the app writes until the screen satisfies `ready`.
    fn read_until(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + WAIT;
        let mut buf = [0u8; 65536];
        while !ready(&self.screen.screen().contents()) {
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {what}; the screen shows:\n{}",
                self.screen.screen().contents()
            );
            let mut poll = libc::pollfd {
                fd: self.fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd, and the count says one.
            let ready_fds = unsafe { libc::poll(&mut poll, 1, 50) };
            if ready_fds <= 0 {
                continue;
            }
            // SAFETY: `buf` is writable for its whole length.
            let n = unsafe { libc::read(self.fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if n > 0 {
                self.screen.process(&buf[..n as usize]);
            }
        }
    }

    fn send(&self, keys: &str) {
        // SAFETY: `keys` is readable for its whole length.
        let n = unsafe { libc::write(self.fd(), keys.as_ptr().cast(), keys.len()) };
        assert_eq!(n, keys.len() as isize, "typed {keys:?}");
    }

    /// Close the terminal: the app's side hangs up (SIGHUP; writes fail, reads end).
    fn hang_up(self) -> Box<dyn Child + Send + Sync> {
        drop(self.master);
        self.child
    }
}

#[test]
fn a_terminal_that_hangs_up_keeps_the_draft_and_the_app_exits() {
    let home = Home::new();
    let mut app = HangableApp::spawn(&home.env());
    app.read_until("the Tasks screen", |s| s.contains(EMPTY_TASKS));
    app.send("n");
    app.read_until("the form", |s| s.contains(TITLE_PLACEHOLDER));
    let title = "Kept on hangup";
    app.send(title);
    app.read_until("the title typed", |s| s.contains(title));

    let mut child = app.hang_up();
    let deadline = Instant::now() + WAIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            other => panic!("the app did not exit within {WAIT:?} of the hangup: {other:?}"),
        }
    };
    assert!(
        status.signal().is_none() && status.exit_code() == 129,
        "exits with 128 + SIGHUP, not killed nor panicking: {status:?}"
    );
    assert_eq!(
        draft::load(&home.data_dir()).map(|d| d.title),
        Some(title.to_string()),
        "the draft on disk"
    );
}

/// The state letter of `/proc/<pid>/stat` (`T` when stopped), and the parent's pid.
fn proc_state(pid: u32) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split after the last.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some((state, parent))
}

/// The pid of the child of `parent` named `recoup-tasks`, once there is one.
fn child_named_recoup_tasks(parent: u32) -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .find(|pid| {
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            comm.trim() == "recoup-tasks" && proc_state(*pid).is_some_and(|(_, p)| p == parent)
        })
}

/// Wait until `ready` holds, polling every 20 ms; panic naming `what` on timeout.
fn wait_for_condition(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !ready() {
        assert!(Instant::now() < deadline, "waited {WAIT:?} for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_z_stops_the_app_for_the_shell_and_fg_redraws_it() {
    let bash = Path::new("/bin/bash");
    if !bash.exists() {
        eprintln!("no /bin/bash: the job-control test needs an interactive bash");
        return;
    }
    let home = Home::new();
    let mut env: HashMap<String, String> = home.env();
    env.insert("PS1".into(), "$ ".into());
    // Readline turns bracketed paste on at each prompt; off, the modes seen are the app's.
    let inputrc = home.path().join("inputrc");
    std::fs::write(&inputrc, "set enable-bracketed-paste off\n")
        .unwrap_or_else(|e| panic!("write {}: {e}", inputrc.display()));
    env.insert("INPUTRC".into(), inputrc.display().to_string());
    // An interactive bash is the session leader and does job control, as in a real terminal.
    let mut shell = PtyApp::spawn_binary(bash, &["--norc", "--noprofile", "-i"], &env, 100, 30);
    shell.wait_for("$", WAIT);
    let shell_pid = shell.pid().unwrap_or_else(|| panic!("no pid for bash"));
    let command = format!(
        "'{}'\r",
        binary().display().to_string().replace('\'', r"'\''")
    );
    shell.send(&command);
    shell.wait_for(EMPTY_TASKS, WAIT);
    let mut app_pid = None;
    wait_for_condition("the app's pid", || {
        app_pid = child_named_recoup_tasks(shell_pid);
        app_pid.is_some()
    });
    let app_pid = app_pid.unwrap_or_else(|| panic!("no app pid"));
    // In the form, so Ctrl+Z is seen to win over typing.
    let title = "Suspended mid-typing";
    type_a_title(&mut shell, title);

    shell.send(CTRL_Z);
    wait_for_condition("the app stopped (state T)", || {
        proc_state(app_pid).is_some_and(|(state, _)| state == 'T')
    });
    shell.wait_for("Stopped", WAIT);
    assert_eq!(
        shell.with_screen(terminal_modes),
        RESTORED,
        "stopped: the shell has a restored terminal:\n{}",
        shell.screen()
    );
    // A real terminal clears the alternate screen when it is entered again; vt100 keeps what
    // it held. Clear it, so that only a full redraw by the app brings its content back.
    shell.send("printf '\\033[?1049h\\033[2J\\033[?1049l'\r");
    let frames = shell.frames();

    shell.send("fg\r");
    shell.wait_until("the form redrawn after fg", WAIT, |screen| {
        screen.contains(title) && screen.contains("Title")
    });
    assert!(shell.frames() > frames, "a frame drawn after fg");
    assert!(
        app_modes_on(shell.with_screen(terminal_modes)),
        "after fg: the app's modes are on again"
    );
    assert!(
        proc_state(app_pid).is_some_and(|(state, _)| state != 'T'),
        "the app runs again"
    );
    // Typing still reaches the form: the new event stream reads the keyboard.
    shell.send(" again");
    shell.wait_for(&format!("{title} again"), WAIT);

    shell.send(CTRL_C);
    wait_for_condition("the app gone", || proc_state(app_pid).is_none());
    shell.wait_until("the shell's prompt back on the main screen", WAIT, |_| {
        shell.with_screen(terminal_modes) == RESTORED
    });
    shell.send("exit\r");
    assert!(shell.wait_exit(WAIT).is_some(), "bash exits");
}
