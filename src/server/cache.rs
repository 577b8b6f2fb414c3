//! A memo of serialised `GET /api/tasks` answers. Listing enriches every task (runs, fire
//! times, owner email) and is by far the most frequent request — the TUI polls it — so an answer
//! is reused until the database changes (any write, by any process) or the minute turns (the
//! upcoming fire times are whole minutes, so they cannot change within one).

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

use super::store::TaskFilter;

/// Answers kept before the memo is emptied.
const LIMIT: usize = 1024;

/// When an answer was made: the database version and the minute of the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub data_version: i64,
    pub minute: i64,
}

#[derive(Default)]
pub struct ListCache {
    answers: Mutex<HashMap<TaskFilter, (Stamp, Bytes)>>,
}

impl ListCache {
    /// The answer for `filter` if it was made at `stamp`.
    pub fn get(&self, filter: &TaskFilter, stamp: Stamp) -> Option<Bytes> {
        let answers = self
            .answers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        answers
            .get(filter)
            .filter(|(made, _)| *made == stamp)
            .map(|(_, body)| body.clone())
    }

    pub fn put(&self, filter: TaskFilter, stamp: Stamp, body: Bytes) {
        let mut answers = self
            .answers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if answers.len() >= LIMIT {
            answers.clear();
        }
        answers.insert(filter, (stamp, body));
    }
}
