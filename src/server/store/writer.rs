//! The one writer: a thread that owns the write connection and commits queued writes in
//! groups. Each write runs in its own savepoint, so a failing write rolls back alone; the group
//! shares one COMMIT, so concurrent requests share one fsync instead of queueing for one each.
//! Nobody hears back before the COMMIT that makes their write durable.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::{StoreError, StoreResult};

/// At most this many writes share a commit.
const GROUP: usize = 64;

/// One queued write, type-erased for the queue.
pub(super) trait Job: Send {
    /// Runs the write on the open transaction; false if it failed (its savepoint is undone).
    fn run(&mut self, conn: &Connection, secret: &[u8]) -> bool;
    /// Tells the caller the outcome once the group's commit has succeeded or failed.
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

/// A write closure and where its result goes.
pub(super) struct Typed<T, F> {
    pub work: Option<F>,
    pub result: Option<StoreResult<T>>,
    pub reply: oneshot::Sender<StoreResult<T>>,
}

impl<T, F> Job for Typed<T, F>
where
    T: Send,
    F: FnOnce(&Connection, &[u8]) -> StoreResult<T> + Send,
{
    fn run(&mut self, conn: &Connection, secret: &[u8]) -> bool {
        let Some(work) = self.work.take() else {
            return false;
        };
        let result = catch_unwind(AssertUnwindSafe(|| work(conn, secret)))
            .unwrap_or_else(|_| Err(StoreError::Worker("a write panicked".to_string())));
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let outcome = match (committed, self.result) {
            (Ok(()), Some(result)) => result,
            (Ok(()), None) => Err(StoreError::Worker("the write never ran".to_string())),
            (Err(message), _) => Err(StoreError::Worker(message)),
        };
        // The caller may have gone away (a dropped request); the write stands regardless.
        let _ = self.reply.send(outcome);
    }
}

/// Starts the writer thread; it stops when every sender is dropped.
pub(super) fn spawn(
    mut conn: Connection,
    secret: Vec<u8>,
) -> std::io::Result<mpsc::Sender<Box<dyn Job>>> {
    let (sender, jobs) = mpsc::channel::<Box<dyn Job>>();
    std::thread::Builder::new()
        .name("recoup-db-writer".to_string())
        .spawn(move || {
            while let Ok(first) = jobs.recv() {
                let mut group = vec![first];
                while group.len() < GROUP {
                    match jobs.try_recv() {
                        Ok(job) => group.push(job),
                        Err(_) => break,
                    }
                }
                commit_group(&mut conn, &secret, group);
            }
        })?;
    Ok(sender)
}

fn commit_group(conn: &mut Connection, secret: &[u8], mut group: Vec<Box<dyn Job>>) {
    let committed = run_group(conn, secret, &mut group).map_err(|err| {
        // Nothing of the group is kept; the connection is ready for the next one.
        let _ = conn.execute_batch("ROLLBACK");
        err.to_string()
    });
    for job in group {
        job.finish(committed.clone());
    }
}

fn run_group(conn: &Connection, secret: &[u8], group: &mut [Box<dyn Job>]) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    for job in group.iter_mut() {
        conn.execute_batch("SAVEPOINT job")?;
        if job.run(conn, secret) {
            conn.execute_batch("RELEASE job")?;
        } else {
            conn.execute_batch("ROLLBACK TO job; RELEASE job")?;
        }
    }
    conn.execute_batch("COMMIT")
}
