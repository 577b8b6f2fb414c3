//! The app's files are its owner's only, whatever the umask (issue 12 item 3): under
//! `umask 022` the data and state dirs are 0700 and every file in them 0600 — the database and
//! its `-wal`/`-shm`, the key secret, the draft, the recent ids, the log, the lock files — and
//! files and dirs an older version left readable are tightened when the app opens them. The
//! user's XDG base directories themselves are left as they are.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use recoup_tasks::tui::draft::{self, Draft, DraftWriter};

/// Set in the child this test runs of itself, under `umask 022`.
const CHILD_VAR: &str = "RECOUP_FILE_MODES_CHILD";
const TEST_NAME: &str = "cli_file_modes::app_files_are_private_under_umask_022";

/// The three XDG base directories of one run, under a temporary home.
struct Homes {
    _home: tempfile::TempDir,
    home: PathBuf,
    data: PathBuf,
    state: PathBuf,
    config: PathBuf,
}

impl Homes {
    fn new() -> Homes {
        let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let path = home.path().to_path_buf();
        let homes = Homes {
            data: path.join("data"),
            state: path.join("state"),
            config: path.join("config"),
            home: path,
            _home: home,
        };
        // The user's own base directories, as a umask of 022 makes them.
        for dir in [&homes.data, &homes.state, &homes.config] {
            std::fs::create_dir(dir).unwrap_or_else(|e| panic!("mkdir: {e}"));
            set_mode(dir, 0o755);
        }
        homes
    }

    /// `command` under `umask 022`, with these directories and no hosted API.
    fn umask_022(&self, program: &Path) -> Command {
        let mut command = Command::new("sh");
        command
            .args(["-c", "umask 022; exec \"$0\" \"$@\""])
            .arg(program)
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", &self.data)
            .env("XDG_STATE_HOME", &self.state)
            .env("XDG_CONFIG_HOME", &self.config)
            .env_remove("RECOUP_API_URL")
            .env_remove("RECOUP_API_KEY")
            .stdin(Stdio::null());
        command
    }
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// `dir`'s own mode, then each file in it with its mode, sorted: `["dir 700", "local.db 600", …]`.
fn modes_in(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.unwrap_or_else(|e| panic!("entry: {e}"));
            format!(
                "{} {:o}",
                entry.file_name().to_string_lossy(),
                mode_of(&entry.path())
            )
        })
        .collect();
    files.sort();
    let mut lines = vec![format!("dir {:o}", mode_of(dir))];
    lines.extend(files);
    lines
}

/// Writes what the TUI writes, through its own functions: the log, a draft (its slot and the
/// previous one), the recent ids.
fn write_tui_files() {
    if let Err(err) = recoup_tasks::logging::to_file(&recoup_tasks::config::log_path()) {
        panic!("log: {err}");
    }
    tracing::info!("a line, so the log is written to");
    let data = recoup_tasks::config::data_dir();
    let writer = DraftWriter::new(data.clone(), draft::claim_slot(&data));
    let typed = Draft {
        title: "Weekly digest".to_string(),
        prompt: "Summarise the week".to_string(),
        ..Draft::default()
    };
    writer.save_previous(typed.clone());
    writer.save(typed);
    writer.flush();
    recoup_tasks::tui::recent::save(&data, &["1b4e28ba-2fa1-41d2-883f-0016d3cca427".to_string()])
        .unwrap_or_else(|e| panic!("recent ids: {e}"));
}

/// `serve` on the default database, running; its stdout is read up to the banner's end.
fn start_serve(homes: &Homes) -> Child {
    let mut child = homes
        .umask_022(Path::new(env!("CARGO_BIN_EXE_recoup-tasks")))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("serve: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let _ = send.send(lines.any(|line| line.contains("RECOUP_API_URL")));
        // Keep reading, so the server never blocks on a full pipe.
        lines.for_each(drop);
    });
    let started = receive.recv_timeout(Duration::from_secs(30));
    assert_eq!(started, Ok(true), "serve printed its banner");
    child
}

/// One round: the TUI's files written in a child under `umask 022`, then `serve` started on
/// the default database; the modes are read while it runs (its `-wal` and `-shm` exist then).
fn run_round(homes: &Homes) -> (Vec<String>, Vec<String>) {
    let this_test = std::env::current_exe().unwrap_or_else(|e| panic!("test binary: {e}"));
    let child = homes
        .umask_022(&this_test)
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_VAR, "1")
        .output()
        .unwrap_or_else(|e| panic!("child: {e}"));
    assert!(
        child.status.success(),
        "child failed:\n{}\n{}",
        String::from_utf8_lossy(&child.stdout),
        String::from_utf8_lossy(&child.stderr)
    );
    let mut serve = start_serve(homes);
    // The scheduler takes its lock just after the banner.
    let lock = homes.data.join("recoup-tasks/local.db.lock");
    for _ in 0..200 {
        if lock.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let data = modes_in(&homes.data.join("recoup-tasks"));
    let state = modes_in(&homes.state.join("recoup-tasks"));
    let _ = serve.kill();
    let _ = serve.wait();
    (data, state)
}

const DATA_FILES: [&str; 10] = [
    "dir 700",
    "draft.json 600",
    "draft.json.lock 600",
    "draft.prev.json 600",
    "local.db 600",
    "local.db-shm 600",
    "local.db-wal 600",
    "local.db.lock 600",
    "local.db.secret 600",
    "recent_ids.json 600",
];
const STATE_FILES: [&str; 2] = ["dir 700", "recoup-tasks.log 600"];

#[test]
fn app_files_are_private_under_umask_022() {
    if std::env::var_os(CHILD_VAR).is_some() {
        write_tui_files();
        return;
    }
    let homes = Homes::new();
    let (data, state) = run_round(&homes);
    assert_eq!(data, DATA_FILES);
    assert_eq!(state, STATE_FILES);

    // As an older version left them: every file readable by all, the dirs open.
    for app_dir in [
        homes.data.join("recoup-tasks"),
        homes.state.join("recoup-tasks"),
    ] {
        for entry in std::fs::read_dir(&app_dir).unwrap_or_else(|e| panic!("read dir: {e}")) {
            let path = entry.unwrap_or_else(|e| panic!("entry: {e}")).path();
            set_mode(&path, 0o644);
        }
        set_mode(&app_dir, 0o755);
    }
    let (data, state) = run_round(&homes);
    assert_eq!(data, DATA_FILES);
    assert_eq!(state, STATE_FILES);

    // The user's base directories are theirs: never changed, and no config dir is made.
    for base in [&homes.data, &homes.state, &homes.config] {
        assert_eq!(mode_of(base), 0o755, "{}", base.display());
    }
    assert!(!homes.config.join("recoup-tasks").exists());
}

/// A local-mode CLI command makes its database private too (the same store, opened the way
/// the TUI opens it).
#[test]
fn a_local_cli_run_leaves_a_private_database() {
    let homes = Homes::new();
    let out = homes
        .umask_022(Path::new(env!("CARGO_BIN_EXE_recoup-tasks")))
        .args(["tasks", "list"])
        .output()
        .unwrap_or_else(|e| panic!("tasks list: {e}"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // SQLite removes `-wal` and `-shm` when the last connection closes cleanly, which it
    // may or may not have done by now: while they exist they are 0600 like the rest.
    let mut modes = modes_in(&homes.data.join("recoup-tasks"));
    for transient in ["local.db-shm 600", "local.db-wal 600"] {
        modes.retain(|line| line != transient);
    }
    assert_eq!(
        modes,
        [
            "dir 700",
            "local.db 600",
            "local.db.lock 600",
            "local.db.secret 600"
        ]
    );
}
