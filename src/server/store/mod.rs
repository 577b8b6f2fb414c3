//! The local server's SQLite storage: one file in WAL mode, versioned migrations, one writer
//! connection and a small pool of readers, so reads never wait behind a write.
//!
//! Every method is synchronous; async callers go through [`Store::read`] / [`Store::write`],
//! which run the closure on tokio's blocking pool. A write is one transaction committed with
//! `synchronous=FULL`, so a request answers 200 only after its write is on disk.

mod accounts;
mod artists;
mod memberships;
mod migrations;
mod missed;
mod runs;
mod tasks;
mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags};

use crate::config::private_files;

pub use accounts::{NewAccount, hash_key, secret_path};
pub use memberships::membership_id;
pub use missed::MISSED_KEPT;
pub use runs::{RunRecord, attempt_from_row};
pub use tasks::{NewTask, TaskChanges, TaskFilter, TaskHead, TaskRow};

/// What can go wrong in storage; the message is meant for the user.
#[derive(Debug)]
pub enum StoreError {
    Sqlite(rusqlite::Error),
    /// A stored JSON document no longer decodes (a bug or a hand-edited file).
    Corrupt(String),
    /// The blocking task running the query died.
    Worker(String),
    /// A file beside the database (its dir, its key secret) could not be made or read.
    Files(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Sqlite(err) => write!(f, "{err}"),
            StoreError::Corrupt(what) => write!(f, "stored data is corrupt: {what}"),
            StoreError::Worker(what) => write!(f, "database worker failed: {what}"),
            StoreError::Files(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        StoreError::Sqlite(err)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(err: serde_json::Error) -> Self {
        StoreError::Corrupt(err.to_string())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// How many reads run at once (and reader connections stay open): enough to keep every core
/// busy while one waits on the disk; more would only add contention and open connections.
fn max_readers() -> usize {
    std::thread::available_parallelism().map_or(4, |cores| (cores.get() * 2).max(4))
}

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: std::sync::mpsc::Sender<Box<dyn writer::Job>>,
    readers: Mutex<Vec<Connection>>,
    read_slots: tokio::sync::Semaphore,
    max_readers: usize,
    /// The HMAC secret API keys are hashed with (generated once per database, kept in
    /// [`secret_path`]).
    key_secret: Vec<u8>,
    /// Whether readers map the file ([`Store::open_mapped`]).
    mapped: bool,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// The database, its `-wal` and `-shm` and its key secret are the owner's only (0600).
    pub fn open(path: &Path) -> StoreResult<Store> {
        Self::open_with(path, false)
    }

    /// [`Store::open`] whose readers map the file (256 MiB of it): pages are read from the
    /// mapping instead of copied in by a `pread` each, a quarter of listing 10,000 tasks with
    /// their runs from a cold cache. `serve` uses it; the embedded local mode does not, since
    /// each reader's mapped pages count in the process's resident size (the TUI's, there).
    pub fn open_mapped(path: &Path) -> StoreResult<Store> {
        Self::open_with(path, true)
    }

    fn open_with(path: &Path, mapped: bool) -> StoreResult<Store> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            private_files::create_dir(dir).map_err(|err| {
                StoreError::Files(format!("cannot create {}: {err}", dir.display()))
            })?;
        }
        create_private_database(path)?;
        let mut writer = open_connection(path, false)?;
        migrations::apply(&mut writer)?;
        let key_secret = accounts::key_secret(&mut writer, path)?;
        let writer = writer::spawn(writer, key_secret.clone())
            .map_err(|err| StoreError::Worker(format!("cannot start the writer: {err}")))?;
        Ok(Store {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                writer,
                readers: Mutex::new(Vec::new()),
                read_slots: tokio::sync::Semaphore::new(max_readers()),
                max_readers: max_readers(),
                key_secret,
                mapped,
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Queues `f` for the writer; answers once the transaction holding it has committed.
    /// If `f` fails, nothing it wrote is kept.
    pub async fn write<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &[u8]) -> StoreResult<T> + Send + 'static,
    {
        self.submit(f)?
            .await
            .map_err(|_| StoreError::Worker("the writer stopped".to_string()))?
    }

    fn submit<T, F>(&self, f: F) -> StoreResult<tokio::sync::oneshot::Receiver<StoreResult<T>>>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &[u8]) -> StoreResult<T> + Send + 'static,
    {
        let (reply, outcome) = tokio::sync::oneshot::channel();
        let job = writer::Typed {
            work: Some(f),
            result: None,
            reply,
        };
        self.inner
            .writer
            .send(Box::new(job))
            .map_err(|_| StoreError::Worker("the writer stopped".to_string()))?;
        Ok(outcome)
    }

    /// Runs `f` on a reader connection on the blocking pool.
    pub async fn read<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &[u8]) -> StoreResult<T> + Send + 'static,
    {
        let _slot = self
            .inner
            .read_slots
            .acquire()
            .await
            .map_err(|err| StoreError::Worker(err.to_string()))?;
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.read_now(f))
            .await
            .map_err(|err| StoreError::Worker(err.to_string()))?
    }

    /// [`Store::write`] for callers outside the async runtime (the CLI commands); it blocks,
    /// so it must not be called from async code.
    pub fn write_now<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &[u8]) -> StoreResult<T> + Send + 'static,
    {
        self.submit(f)?
            .blocking_recv()
            .map_err(|_| StoreError::Worker("the writer stopped".to_string()))?
    }

    /// [`Store::read`] for callers that are already off the async runtime.
    pub fn read_now<T>(
        &self,
        f: impl FnOnce(&Connection, &[u8]) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let conn = match self.take_reader() {
            Some(conn) => conn,
            None => open_connection(&self.inner.path, self.inner.mapped)?,
        };
        let value = f(&conn, &self.inner.key_secret);
        self.return_reader(conn);
        value
    }

    fn take_reader(&self) -> Option<Connection> {
        self.inner
            .readers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop()
    }

    fn return_reader(&self, conn: Connection) {
        let mut readers = self
            .inner
            .readers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if readers.len() < self.inner.max_readers {
            readers.push(conn);
        }
    }
}

/// `read(key)`, read once per key: a list names a few artists and owners for thousands of tasks.
pub fn remembered<T: Clone>(
    memo: &mut HashMap<String, T>,
    key: &str,
    read: impl FnOnce(&str) -> StoreResult<T>,
) -> StoreResult<T> {
    if let Some(value) = memo.get(key) {
        return Ok(value.clone());
    }
    let value = read(key)?;
    memo.insert(key.to_string(), value.clone());
    Ok(value)
}

/// Creates the database file 0600 before SQLite opens it, as SQLite gives the `-wal` and `-shm`
/// it creates the main file's mode; tightens them, and the scheduler's `.lock` beside them,
/// where an older version left them readable by others.
fn create_private_database(path: &Path) -> StoreResult<()> {
    let failed = |err: std::io::Error| {
        StoreError::Files(format!(
            "cannot make {} private to its owner: {err}",
            path.display()
        ))
    };
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        private_files::tighten(Path::new(&file)).map_err(failed)?;
    }
    private_files::file_options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(failed)?;
    Ok(())
}

/// How much of the database file a reader maps ([`Store::open_mapped`], SQLite's `mmap_size`).
const MAPPED_BYTES: i64 = 256 * 1024 * 1024;

fn open_connection(path: &Path, mapped: bool) -> StoreResult<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // Several processes (serve, a TUI, a CLI) may share the file: wait for a lock rather than
    // failing at once.
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if mapped {
        conn.pragma_update(None, "mmap_size", MAPPED_BYTES)?;
    }
    Ok(conn)
}
