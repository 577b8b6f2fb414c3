//! The form's draft, saved to the data dir as the user types so a crash or a quit loses
//! nothing; offered back (showing its title) the next time the app starts.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use tokio::sync::Notify;

use serde::{Deserialize, Serialize};

use crate::config::private_files;

/// Everything typed into the form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Draft {
    pub title: String,
    pub prompt: String,
    pub schedule: String,
    pub timezone: String,
    pub artist_account_id: String,
    pub account_id: String,
    pub model: String,
    /// The task being edited, when the draft is an edit rather than a new task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editing: Option<String>,
}

impl Draft {
    /// Whether nothing was typed: an empty new-task form (its zone is the default).
    pub fn is_blank(&self) -> bool {
        let Draft {
            title,
            prompt,
            schedule,
            timezone,
            artist_account_id,
            account_id,
            model,
            editing,
        } = self;
        [
            title,
            prompt,
            schedule,
            artist_account_id,
            account_id,
            model,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
            && (timezone.is_empty() || timezone == trigger_cron::timezones::DEFAULT_ZONE)
            && editing.is_none()
    }

    /// How the draft is named in messages: its title, or `untitled`.
    pub fn name(&self) -> &str {
        match self.title.trim() {
            "" => "untitled",
            title => title,
        }
    }
}

/// `<data dir>/draft.json`: the form's content, as typed.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join("draft.json")
}

/// `<data dir>/draft.prev.json`: the last draft discarded or set aside.
pub fn previous_path_in(dir: &Path) -> PathBuf {
    dir.join("draft.prev.json")
}

/// The saved draft, if there is a readable one. A damaged file is treated as no draft.
pub fn load(dir: &Path) -> Option<Draft> {
    read(&path_in(dir))
}

/// How many instances on one data dir each keep a draft of their own.
const SLOTS: usize = 16;

/// The draft file this process alone writes, locked while the process lives, so two instances
/// on one data dir never write over each other's draft.
#[derive(Debug)]
pub struct DraftSlot {
    pub path: PathBuf,
    _lock: Option<std::fs::File>,
}

impl DraftSlot {
    /// The draft last saved in this slot.
    pub fn load(&self) -> Option<Draft> {
        read(&self.path)
    }
}

/// Slot 1 is `draft.json`, slot n is `draft-n.json`.
fn slot_path(dir: &Path, n: usize) -> PathBuf {
    match n {
        1 => path_in(dir),
        n => dir.join(format!("draft-{n}.json")),
    }
}

/// A draft slot no running instance holds: the first that holds a draft from last time (an
/// instance that crashed or was killed), else the first free one. Past [`SLOTS`] instances, a
/// file of this process's own, unlocked.
pub fn claim_slot(dir: &Path) -> DraftSlot {
    let _ = private_files::create_dir(dir);
    let mut first_free: Option<DraftSlot> = None;
    for n in 1..=SLOTS {
        let path = slot_path(dir, n);
        // Past the first free slot only a draft matters (and no lock file is made).
        if first_free.is_some() && !path.exists() {
            continue;
        }
        let Some(lock) = lock_exclusively(&path) else {
            continue;
        };
        let slot = DraftSlot {
            path,
            _lock: Some(lock),
        };
        if slot.load().is_some_and(|d| !d.is_blank()) {
            return slot;
        }
        // Only the first free slot stays locked; a later one is released when dropped.
        first_free.get_or_insert(slot);
    }
    first_free.unwrap_or_else(|| DraftSlot {
        path: dir.join(format!("draft-pid{}.json", std::process::id())),
        _lock: None,
    })
}

/// An exclusive lock on `<path>.lock`, if no other process (or open file) holds it.
fn lock_exclusively(path: &Path) -> Option<std::fs::File> {
    let mut lock_path = path.as_os_str().to_owned();
    lock_path.push(".lock");
    let lock_path = PathBuf::from(lock_path);
    private_files::tighten(&lock_path).ok()?;
    let file = private_files::file_options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)
        .ok()?;
    // std's lock is `flock` on Unix (as the scheduler's), `LockFileEx` on Windows.
    file.try_lock().ok()?;
    Some(file)
}

/// The previous draft, if there is a readable one.
pub fn load_previous(dir: &Path) -> Option<Draft> {
    read(&previous_path_in(dir))
}

fn read(path: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Write the previous draft, atomically like [`write`].
pub fn save_previous(dir: &Path, draft: &Draft) -> io::Result<()> {
    write(dir, &previous_path_in(dir), draft)
}

/// Write a draft file atomically (temporary file, then rename), so a crash mid-write leaves the
/// draft before it intact; 0600, as a prompt may be private.
fn write(dir: &Path, path: &Path, draft: &Draft) -> io::Result<()> {
    private_files::create_dir(dir)?;
    let json = serde_json::to_vec(draft).map_err(io::Error::other)?;
    private_files::write_atomically(path, &json)
}

/// Remove a draft file; a missing one is fine.
fn remove(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes the draft files off the event loop. Only the newest content of each file is
/// written, so typing fast costs few writes; the previous draft is written before the current
/// one is replaced or removed, so a crash between the two leaves the draft in one file or
/// both, never in neither.
#[derive(Debug)]
pub struct DraftWriter {
    dir: PathBuf,
    slot: DraftSlot,
    pending: Mutex<PendingWrites>,
    /// Held while files are written, so a last [`DraftWriter::flush`] waits for a write in
    /// progress and an older content can never land after a newer one.
    writing: Mutex<()>,
    wake: Notify,
}

#[derive(Debug, Default)]
struct PendingWrites {
    /// `Some(None)` removes the draft.
    current: Option<Option<Draft>>,
    previous: Option<Draft>,
}

impl DraftWriter {
    pub fn new(dir: PathBuf, slot: DraftSlot) -> DraftWriter {
        DraftWriter {
            dir,
            slot,
            pending: Mutex::new(PendingWrites::default()),
            writing: Mutex::new(()),
            wake: Notify::new(),
        }
    }

    pub fn save(&self, draft: Draft) {
        self.queue(|p| p.current = Some(Some(draft)));
    }

    pub fn clear(&self) {
        self.queue(|p| p.current = Some(None));
    }

    pub fn save_previous(&self, draft: Draft) {
        self.queue(|p| p.previous = Some(draft));
    }

    fn queue(&self, change: impl FnOnce(&mut PendingWrites)) {
        change(&mut self.pending.lock().unwrap_or_else(PoisonError::into_inner));
        self.wake.notify_one();
    }

    /// Write what is pending, now, on this thread (the app is about to exit).
    pub fn flush(&self) {
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        self.write_pending();
    }

    /// Write pending changes as they come, until the runtime stops.
    pub async fn run(self: std::sync::Arc<Self>) {
        loop {
            self.wake.notified().await;
            let writer = std::sync::Arc::clone(&self);
            let _ = tokio::task::spawn_blocking(move || writer.flush()).await;
        }
    }

    fn write_pending(&self) {
        let pending =
            std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner));
        let dir = &self.dir;
        let written = pending
            .previous
            .as_ref()
            .map_or(Ok(()), |d| save_previous(dir, d))
            .and_then(|()| match &pending.current {
                Some(Some(current)) => write(dir, &self.slot.path, current),
                Some(None) => remove(&self.slot.path),
                None => Ok(()),
            });
        if let Err(e) = written {
            tracing::warn!("draft not written: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_draft_comes_back_and_clear_removes_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let draft = Draft {
            title: "Weekly report".into(),
            prompt: "line one\nline two".into(),
            ..Draft::default()
        };
        let path = path_in(dir.path());
        write(dir.path(), &path, &draft).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), Some(draft));
        remove(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), None);
        assert!(remove(&path).is_ok());
    }

    #[test]
    fn the_previous_draft_is_a_file_of_its_own() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let draft = Draft {
            title: "Discarded".into(),
            ..Draft::default()
        };
        save_previous(dir.path(), &draft).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load_previous(dir.path()), Some(draft));
        assert_eq!(load(dir.path()), None);
        assert!(previous_path_in(dir.path()).ends_with("draft.prev.json"));
    }

    #[test]
    fn a_blank_draft_is_one_with_nothing_typed() {
        let blank = Draft {
            timezone: "UTC".into(),
            ..Draft::default()
        };
        assert!(blank.is_blank());
        assert!(
            !Draft {
                title: "x".into(),
                ..blank.clone()
            }
            .is_blank()
        );
        assert!(
            !Draft {
                timezone: "Asia/Tokyo".into(),
                ..blank.clone()
            }
            .is_blank()
        );
        assert!(
            !Draft {
                editing: Some("t".into()),
                ..blank
            }
            .is_blank()
        );
    }

    #[test]
    fn the_writer_keeps_the_newest_content_and_writes_the_previous_draft_first() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let writer = DraftWriter::new(dir.path().to_path_buf(), claim_slot(dir.path()));
        let typed = |title: &str| Draft {
            title: title.into(),
            ..Draft::default()
        };
        writer.save(typed("a"));
        writer.save(typed("ab"));
        writer.flush();
        assert_eq!(load(dir.path()), Some(typed("ab")));
        writer.save_previous(typed("ab"));
        writer.clear();
        writer.flush();
        assert_eq!(load(dir.path()), None);
        assert_eq!(load_previous(dir.path()), Some(typed("ab")));
    }

    #[test]
    fn two_instances_on_one_data_dir_write_two_drafts() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = claim_slot(dir.path());
        let second = claim_slot(dir.path());
        assert_eq!(first.path, path_in(dir.path()));
        assert_eq!(second.path, dir.path().join("draft-2.json"));
        let typed = |title: &str| Draft {
            title: title.into(),
            ..Draft::default()
        };
        let (a, b) = (
            DraftWriter::new(dir.path().to_path_buf(), first),
            DraftWriter::new(dir.path().to_path_buf(), second),
        );
        a.save(typed("from the first"));
        b.save(typed("from the second"));
        a.flush();
        b.flush();
        drop((a, b));
        // Both crashed: the next two instances get one draft each. (Which gets which is not
        // asserted: a child process another test forks in this process can hold a copy of a
        // dropped lock's descriptor for a moment, and the slot is then passed over.)
        let again = claim_slot(dir.path());
        let other = claim_slot(dir.path());
        let mut titles = [&again.path, &other.path].map(|p| read(p).map(|d| d.title));
        titles.sort();
        assert_eq!(
            titles,
            [
                Some("from the first".into()),
                Some("from the second".into())
            ]
        );
    }

    #[test]
    fn a_free_slot_holding_a_draft_is_taken_before_an_empty_one() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let draft = Draft {
            title: "left in slot 3".into(),
            ..Draft::default()
        };
        write(dir.path(), &dir.path().join("draft-3.json"), &draft)
            .unwrap_or_else(|e| panic!("{e}"));
        let slot = claim_slot(dir.path());
        assert_eq!(slot.path, dir.path().join("draft-3.json"));
        assert_eq!(read(&slot.path), Some(draft));
    }

    #[test]
    fn a_damaged_draft_is_no_draft() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(path_in(dir.path()), "{not json").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(dir.path()), None);
    }
}
