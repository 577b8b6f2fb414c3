//! The terminal guard, end to end: the real event loop runs in a pseudo-terminal (util-linux
//! `script`), and whether it quits with `q` or panics (the hidden F12 debug action), every mode
//! it switched on is switched off — before the panic message is printed.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use recoup_tasks::client::ClientError;
use recoup_tasks::tui::app::Startup;
use recoup_tasks::tui::event_loop::{self, LoopOptions, ServerEffects};
use recoup_tasks::tui::theme::Theme;
use recoup_tasks::tui::{Action, ServerCall};
use tokio::sync::mpsc::UnboundedSender;

const CHILD: &str = "RECOUP_TUI_GUARD_CHILD";

/// Every frame ends with the end of a synchronized update.
const FRAME_END: &str = "\u{1b}[?2026l";

fn failure(message: &str) -> ClientError {
    ClientError::Api {
        status: 503,
        message: message.into(),
        missing_fields: Vec::new(),
    }
}

/// Answers every server call with an error, as a server that is down would.
struct Unreachable;

impl ServerEffects for Unreachable {
    fn start(&self, call: ServerCall, reply: UnboundedSender<Action>) {
        let error = failure("no server in this test");
        let action = match call {
            ServerCall::LoadTasks { request, .. } => Action::TasksLoaded {
                request,
                result: Err(error),
            },
            ServerCall::LoadArtists { request } => Action::ArtistsLoaded {
                request,
                result: Err(error),
            },
            ServerCall::LoadModels => Action::ModelsLoaded(Err(error)),
            _ => return,
        };
        let _ = reply.send(action);
    }
}

/// Runs only inside the pseudo-terminal, started by the tests below.
#[test]
fn guard_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("recoup-tui-guard-{}", std::process::id()));
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    let options = LoopOptions {
        theme: Theme::plain(),
        data_dir: dir,
        debug_panic_key: true,
    };
    runtime
        .block_on(event_loop::run(Startup::default(), options, &Unreachable))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Start the child in a pseudo-terminal, type `input` once its first frame is drawn (typed
/// earlier, it would sit in the line buffer of a terminal not yet raw), and return its
/// transcript and whether it exited successfully.
fn run_in_pty(input: &[u8]) -> Option<(String, bool, usize)> {
    let exe = std::env::current_exe().ok()?;
    // The test's name as the harness knows it: its module path without the binary's name.
    let module = module_path!().split_once("::").map_or("", |(_, path)| path);
    // Without a terminal of its own, `script` gives the pseudo-terminal no size.
    let command = format!(
        "stty rows 24 cols 80; {} {module}::guard_child --exact --nocapture --test-threads=1",
        exe.display()
    );
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env(CHILD, "1")
        .env("TERM", "xterm-256color")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = child.stdout.take()?;
    let transcript = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let transcript = Arc::clone(&transcript);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                if let Ok(mut t) = transcript.lock() {
                    t.extend_from_slice(&chunk[..n]);
                }
            }
        })
    };
    let started = Instant::now();
    let frames = |t: &Arc<Mutex<Vec<u8>>>| {
        t.lock()
            .map(|t| String::from_utf8_lossy(&t).matches(FRAME_END).count())
            .unwrap_or(0)
    };
    // The first frame, then the one showing the server's (error) replies.
    while frames(&transcript) < 2 && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    // Idle for a second: nothing changes, so nothing may be drawn.
    let before_idle = frames(&transcript);
    std::thread::sleep(Duration::from_secs(1));
    let idle_frames = frames(&transcript) - before_idle;
    let mut stdin = child.stdin.take()?;
    stdin.write_all(input).ok()?;
    stdin.flush().ok()?;
    let status = child.wait().ok()?;
    drop(stdin);
    reader.join().ok()?;
    let text = transcript
        .lock()
        .ok()
        .map(|t| String::from_utf8_lossy(&t).into_owned())?;
    Some((text, status.success(), idle_frames))
}

fn assert_restored(transcript: &str) -> usize {
    let entered = transcript
        .find("\u{1b}[?1049h")
        .unwrap_or_else(|| panic!("never entered: {transcript:?}"));
    // The first time the alternate screen is left (the guard's drop may restore once more).
    let left = entered
        + transcript[entered..]
            .find("\u{1b}[?1049l")
            .unwrap_or_else(|| panic!("alternate screen not left: {transcript:?}"));
    for off in ["\u{1b}[?2004l", "\u{1b}[?1000l", "\u{1b}[?25h"] {
        assert!(
            transcript[entered..].contains(off),
            "{off:?} missing: {transcript:?}"
        );
    }
    left
}

#[test]
fn quitting_with_q_restores_the_terminal() {
    if std::env::var_os(CHILD).is_some()
        || Command::new("script").arg("--version").output().is_err()
    {
        return;
    }
    let (transcript, success, idle_frames) =
        run_in_pty(b"q").unwrap_or_else(|| panic!("could not run script"));
    assert_restored(&transcript);
    // The server calls went out as effects and their replies were drawn; then, idle, nothing.
    assert!(transcript.matches(FRAME_END).count() >= 2, "{transcript:?}");
    assert_eq!(idle_frames, 0, "drawn while idle: {transcript:?}");
    assert!(success, "{transcript:?}");
}

#[test]
fn a_panic_restores_the_terminal_before_the_message_prints() {
    if std::env::var_os(CHILD).is_some()
        || Command::new("script").arg("--version").output().is_err()
    {
        return;
    }
    // F12 is the hidden debug action.
    let (transcript, success, _) =
        run_in_pty(b"\x1b[24~").unwrap_or_else(|| panic!("could not run script"));
    let left = assert_restored(&transcript);
    let message = transcript
        .find("debug panic requested")
        .unwrap_or_else(|| panic!("no panic: {transcript:?}"));
    assert!(
        message > left,
        "the message printed before the terminal was restored"
    );
    assert!(!success);
}
