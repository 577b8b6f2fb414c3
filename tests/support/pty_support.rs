//! The real `recoup-tasks` binary in a pseudo-terminal (portable-pty), its output fed to a
//! terminal emulator (vt100) so tests read the screen a user would see, and type into it as a
//! user would. Each app gets its own empty config, data and state dirs.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// The end of a synchronized update: the app ends every frame with it.
pub const FRAME_END: &[u8] = b"\x1b[?2026l";

pub const TAB: &str = "\t";
pub const BACKTAB: &str = "\x1b[Z";
pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const CTRL_S: &str = "\x13";
pub const CTRL_C: &str = "\x03";
pub const DOWN: &str = "\x1b[B";
pub const BACKSPACE: &str = "\x7f";

/// The path of the binary under test. Cargo sets it only for tests and benches; an example
/// (`examples/readme_screens.rs`) passes its own to [`PtyApp::spawn_binary`].
pub fn binary() -> PathBuf {
    match option_env!("CARGO_BIN_EXE_recoup-tasks") {
        Some(path) => PathBuf::from(path),
        None => panic!("no CARGO_BIN_EXE_recoup-tasks here: use PtyApp::spawn_binary"),
    }
}

/// Empty XDG dirs and a home for one app; removed on drop.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("home")).expect("home dir");
        Home { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.path().join("data/recoup-tasks")
    }

    pub fn config_dir(&self) -> PathBuf {
        self.path().join("config/recoup-tasks")
    }

    pub fn state_dir(&self) -> PathBuf {
        self.path().join("state/recoup-tasks")
    }

    /// The environment of a new user: these dirs, no key, no colour preference, UTC, a UTF-8
    /// locale.
    pub fn env(&self) -> HashMap<String, String> {
        let dir = |name: &str| self.path().join(name).display().to_string();
        HashMap::from([
            ("HOME".into(), dir("home")),
            ("XDG_DATA_HOME".into(), dir("data")),
            ("XDG_CONFIG_HOME".into(), dir("config")),
            ("XDG_STATE_HOME".into(), dir("state")),
            ("TERM".into(), "xterm-256color".into()),
            ("TZ".into(), "UTC".into()),
            ("LANG".into(), "C.UTF-8".into()),
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
        ])
    }
}

/// What a running app has written so far.
struct Output {
    parser: vt100::Parser,
    bytes: Vec<u8>,
    eof: bool,
}

/// The binary running in a pseudo-terminal.
pub struct PtyApp {
    output: Arc<Mutex<Output>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    // Kept so the pseudo-terminal stays open while the app runs.
    _master: Box<dyn MasterPty + Send>,
    pub started: Instant,
}

impl PtyApp {
    /// Start the binary with `args` and exactly the environment `env` (nothing inherited).
    pub fn spawn(args: &[&str], env: &HashMap<String, String>, cols: u16, rows: u16) -> PtyApp {
        PtyApp::spawn_binary(&binary(), args, env, cols, rows)
    }

    /// [`PtyApp::spawn`] with the binary at `path`.
    pub fn spawn_binary(
        path: &Path,
        args: &[&str],
        env: &HashMap<String, String>,
        cols: u16,
        rows: u16,
    ) -> PtyApp {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut command = CommandBuilder::new(path);
        command.args(args);
        command.env_clear();
        // Without a cwd, portable-pty starts in $HOME, which the caller's env may not have.
        command.cwd(std::env::temp_dir());
        for (key, value) in env {
            command.env(key, value);
        }
        let started = Instant::now();
        let child = pty.slave.spawn_command(command).expect("spawn the app");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let size = |n: u16| NonZeroU16::new(n).expect("a terminal size above zero");
        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(size(rows), size(cols), 0),
            bytes: Vec::new(),
            eof: false,
        }));
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let mut output = sink.lock().expect("lock");
                output.bytes.extend_from_slice(&buf[..n]);
                output.parser.process(&buf[..n]);
            }
            sink.lock().expect("lock").eof = true;
        });
        PtyApp {
            output,
            writer,
            child,
            _master: pty.master,
            started,
        }
    }

    /// The screen as text, one line per row, trailing blanks trimmed.
    pub fn screen(&self) -> String {
        self.output.lock().expect("lock").parser.screen().contents()
    }

    /// Run `f` on the emulated screen (colours, attributes, modes).
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.output.lock().expect("lock").parser.screen())
    }

    /// Everything the app wrote, escape sequences included.
    pub fn bytes(&self) -> Vec<u8> {
        self.output.lock().expect("lock").bytes.clone()
    }

    /// How many frames the app has drawn.
    pub fn frames(&self) -> usize {
        count(&self.output.lock().expect("lock").bytes, FRAME_END)
    }

    /// Wait until the screen satisfies `ready`; on timeout, panic with what the screen shows.
    pub fn wait_until(&self, what: &str, timeout: Duration, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return;
            }
            if Instant::now() > deadline {
                panic!("waited {timeout:?} for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until `text` is on the screen.
    pub fn wait_for(&self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?}"), timeout, |screen| {
            screen.contains(text)
        });
    }

    /// Wait until no frame has been drawn for `quiet` and return the frame count then; on
    /// timeout, panic with what the screen shows.
    pub fn wait_frames_settle(&self, quiet: Duration, timeout: Duration) -> usize {
        let deadline = Instant::now() + timeout;
        let mut count = self.frames();
        let mut since = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.frames();
            if now != count {
                count = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return count;
            }
            if Instant::now() > deadline {
                panic!(
                    "frames kept coming for {timeout:?} ({count} so far); the screen shows:\n{}",
                    self.screen()
                );
            }
        }
    }

    /// The text of a rectangle of the screen, one string per row, trailing blanks trimmed.
    pub fn region(&self, top: u16, left: u16, height: u16, width: u16) -> Vec<String> {
        self.with_screen(|screen| {
            screen
                .rows(left, width)
                .skip(usize::from(top))
                .take(usize::from(height))
                .map(|row| row.trim_end().to_string())
                .collect()
        })
    }

    /// Wait until the app's side of the terminal is closed and all it wrote has been read (after
    /// an exit, so that the screen is final). Returns whether that happened within `timeout`.
    pub fn wait_output_closed(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while !self.output.lock().expect("lock").eof {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    /// Wait for the first frame (typed earlier, keys would meet a terminal not yet raw).
    pub fn wait_first_frame(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.frames() == 0 {
            if Instant::now() > deadline {
                panic!("no frame within {timeout:?}; wrote:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Type `keys` as raw terminal input.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Type `keys` one key at a time, the way a person does, waiting a little between keys so
    /// that a lone `Esc` is not read as the start of a sequence.
    pub fn type_slowly(&mut self, keys: &str) {
        for c in keys.chars() {
            self.send(c.encode_utf8(&mut [0; 4]));
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Paste `text` as a terminal does with bracketed paste on.
    pub fn paste(&mut self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
    }

    /// The process id, for reading its memory.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Wait for the app to exit; `None` if it is still running after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<portable_pty::ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PtyApp {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The terminal modes the app switches on while it runs: alternate screen, hidden cursor,
/// bracketed paste and mouse reporting.
pub type Modes = (bool, bool, bool, vt100::MouseProtocolMode);

/// The modes as the screen has them now.
pub fn terminal_modes(screen: &vt100::Screen) -> Modes {
    (
        screen.alternate_screen(),
        screen.hide_cursor(),
        screen.bracketed_paste(),
        screen.mouse_protocol_mode(),
    )
}

/// Every mode off: main screen, cursor shown, bracketed paste off, mouse off.
pub const RESTORED: Modes = (false, false, false, vt100::MouseProtocolMode::None);

/// Whether every mode the app runs in is on.
pub fn app_modes_on(modes: Modes) -> bool {
    modes.0 && modes.1 && modes.2 && modes.3 != vt100::MouseProtocolMode::None
}

/// Occurrences of `needle` in `haystack`.
pub fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|window| *window == needle)
        .count()
}

/// The line of `screen` holding `text`, for assertions on one row.
pub fn line_with<'a>(screen: &'a str, text: &str) -> Option<&'a str> {
    screen.lines().find(|line| line.contains(text))
}

/// `recoup-tasks serve` run by `bin`, stopped when dropped.
pub struct Serve {
    child: std::process::Child,
    /// Where it listens, as its banner says.
    pub url: String,
}

impl Serve {
    /// Start `bin serve --addr <addr> --db <db> <args…>` with exactly `env`, and wait until its
    /// banner says where it listens. The rest of its output is drained: with the pipe closed
    /// or full, the server could stop or block.
    pub fn start(
        bin: &Path,
        addr: &str,
        db: &Path,
        args: &[&str],
        env: &HashMap<String, String>,
    ) -> Serve {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut child = Command::new(bin)
            .args(["serve", "--addr", addr, "--db"])
            .arg(db)
            .args(args)
            .env_clear()
            .envs(env)
            .env("RUST_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start recoup-tasks serve");
        let stdout = child.stdout.take().expect("serve's stdout");
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(rest) = line.strip_prefix("Local Recoup Tasks API on ") {
                        break rest
                            .split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_string();
                    }
                }
                _ => panic!("the server stopped before saying where it listens"),
            }
        };
        std::thread::spawn(move || lines.for_each(drop));
        Serve { child, url }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
