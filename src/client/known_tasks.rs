//! A task list that costs only what changed since the last one: the caller hands back what it
//! holds of that list ([`KnownTasks`]): the reply's ETag, sent as `If-None-Match` (a `304 Not
//! Modified` means nothing changed, and nothing is read), and its tasks by the fingerprint of
//! their text in the reply (a task whose text is the same is not decoded again: the caller's
//! own task is shared). A list of 10,000 tasks with their runs is 36 MB; decoding it whole took
//! 90 ms on every refresh, for one task that got a new run.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::model::ListedTask;

/// The fingerprint of a task's text as a list reply sends it: xxh3-128 of its bytes.
pub fn fingerprint(text: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(text)
}

/// What the caller holds of its last list of the same filter (empty on the first).
#[derive(Clone, Default)]
pub struct KnownTasks {
    /// The ETag of the reply the tasks came from, as the server sent it.
    pub etag: Option<String>,
    /// The tasks, by the [`fingerprint`] of their text in that reply; shared, not copied.
    pub by_fingerprint: Arc<HashMap<u128, Arc<ListedTask>>>,
}

impl KnownTasks {
    pub fn new(
        etag: Option<String>,
        tasks: impl IntoIterator<Item = (u128, Arc<ListedTask>)>,
    ) -> KnownTasks {
        KnownTasks {
            etag,
            by_fingerprint: Arc::new(tasks.into_iter().collect()),
        }
    }
}

/// The tasks are shared with the caller's list: equal when they are the same tasks.
impl PartialEq for KnownTasks {
    fn eq(&self, other: &KnownTasks) -> bool {
        let (mine, theirs) = (&self.by_fingerprint, &other.by_fingerprint);
        self.etag == other.etag
            && (Arc::ptr_eq(mine, theirs)
                || mine.len() == theirs.len()
                    && mine.iter().all(|(key, task)| {
                        theirs
                            .get(key)
                            .is_some_and(|other| Arc::ptr_eq(task, other) || task == other)
                    }))
    }
}

/// Thousands of tasks are not printed (an effect's `Debug` is logged and asserted on).
impl fmt::Debug for KnownTasks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KnownTasks")
            .field("etag", &self.etag)
            .field("tasks", &self.by_fingerprint.len())
            .finish()
    }
}

/// One task of a list reply.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedEntry {
    /// The [`fingerprint`] of its text in the reply; `None` when it was not read from its own
    /// text (a reply decoded another way), so it is never taken for a known one.
    pub fingerprint: Option<u128>,
    pub task: Arc<ListedTask>,
}

/// What `GET /api/tasks` answered to [`super::RecoupClient::list_listed_tasks`].
#[derive(Debug, Clone, PartialEq)]
pub enum TaskListReply {
    /// `304 Not Modified`: the list is the one whose ETag was sent.
    NotModified,
    /// The tasks (the known ones shared), and the reply's ETag if it had one.
    Listed {
        tasks: Vec<ListedEntry>,
        etag: Option<String>,
    },
}

/// Tasks with no reply behind them (tests, benches): no fingerprint, no ETag.
impl From<Vec<ListedTask>> for TaskListReply {
    fn from(tasks: Vec<ListedTask>) -> TaskListReply {
        TaskListReply::Listed {
            tasks: tasks
                .into_iter()
                .map(|task| ListedEntry {
                    fingerprint: None,
                    task: Arc::new(task),
                })
                .collect(),
            etag: None,
        }
    }
}
