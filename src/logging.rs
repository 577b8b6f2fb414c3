//! Where log lines go: a file in the state dir, never a terminal the TUI is drawing on.

use std::fs;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

use crate::config::private_files;

/// The variable that sets the log filter (`info` unless set), as `RUST_LOG` would.
pub const LOG_VAR: &str = "RECOUP_LOG";

/// A log file past this size is moved to `<name>.1` (replacing the previous one) at start-up.
const ROTATE_AT: u64 = 8 * 1024 * 1024;

/// Send this process's log lines to `path`, appending. The file is its owner's only (0600, in a
/// 0700 dir; an older, readable one is tightened): lines name tasks and accounts. On failure
/// nothing is logged and the reason is returned for the caller to show.
pub fn to_file(path: &Path) -> Result<(), String> {
    let opened = (|| {
        if let Some(dir) = path.parent() {
            private_files::create_dir(dir)?;
        }
        private_files::tighten(path)?;
        if fs::metadata(path).is_ok_and(|meta| meta.len() > ROTATE_AT) {
            let mut old = path.as_os_str().to_owned();
            old.push(".1");
            fs::rename(path, old)?;
        }
        private_files::file_options()
            .create(true)
            .append(true)
            .open(path)
    })();
    let file =
        opened.map_err(|err| format!("cannot open the log file {}: {err}", path.display()))?;
    let filter = EnvFilter::try_from_env(LOG_VAR).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .map_err(|err| format!("logging is already set up: {err}"))
}
