//! When the scheduler of a database was last known to be alive: it writes the time into its
//! lock file (`<db>.lock`) every second and when it stops, and the next scheduler reads it
//! before writing its own. A run found unfinished ended no later than that, and fires after it
//! fell while nothing was running.
//!
//! Why the lock file and not the database: a write a second to the database would be a commit
//! (an fsync) and would make every cached task list stale; the lock file belongs to exactly the
//! process that schedules the database, and a killed process's last write is kept by the
//! kernel.

use std::fs::File;
use std::io;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::clock::iso_millis;

/// How often the scheduler says it is alive: the most a crashed run's duration is short by.
pub const EVERY: Duration = Duration::from_secs(1);

/// The time the last scheduler wrote, if any (a new lock file, or one from an older version,
/// has none).
pub fn last_seen(lock: &File) -> Option<DateTime<Utc>> {
    let mut buffer = [0u8; 64];
    let read = read_start(lock, &mut buffer).ok()?;
    let text = std::str::from_utf8(&buffer[..read]).ok()?;
    super::clock::parse_instant(text)
}

/// Records that the scheduler is alive at `at`. Best effort: a failed write only makes the
/// next start's bound older.
pub fn beat(lock: &File, at: DateTime<Utc>) {
    let text = iso_millis(at);
    let written = write_start(lock, text.as_bytes()).and_then(|()| lock.set_len(text.len() as u64));
    if let Err(err) = written {
        tracing::warn!(%err, "cannot write the scheduler's heartbeat");
    }
}

// Reads and writes at offset 0 without moving a cursor another thread may share: each platform
// has its own positioned calls.

#[cfg(unix)]
fn read_start(file: &File, buffer: &mut [u8]) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buffer, 0)
}

#[cfg(unix)]
fn write_start(file: &File, bytes: &[u8]) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, 0)
}

#[cfg(windows)]
fn read_start(file: &File, buffer: &mut [u8]) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buffer, 0)
}

#[cfg(windows)]
fn write_start(file: &File, bytes: &[u8]) -> io::Result<()> {
    let written = std::os::windows::fs::FileExt::seek_write(file, bytes, 0)?;
    if written == bytes.len() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::WriteZero,
            "the heartbeat was written in part",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_beat_is_read_back_and_an_empty_file_has_none() {
        let file = tempfile::tempfile().unwrap_or_else(|e| panic!("temp file: {e}"));
        assert_eq!(last_seen(&file), None);
        let at = DateTime::parse_from_rfc3339("2026-03-02T09:00:01.250Z")
            .unwrap_or_else(|e| panic!("{e}"))
            .with_timezone(&Utc);
        beat(&file, at + chrono::Duration::days(4000));
        beat(&file, at);
        assert_eq!(last_seen(&file), Some(at));
    }
}
