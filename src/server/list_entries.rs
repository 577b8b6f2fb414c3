//! Each task's entry in `GET /api/tasks`, serialised once and kept while it holds, so a list is
//! assembled from kept entries and only the tasks that changed are read and serialised again.
//!
//! An entry holds while its task's `rev` is the same (triggers bump it on any change to the
//! task, its runs, their attempts or its missed fires, whichever process writes), its artist's
//! name and its owner's email are the same, and its first upcoming fire has not passed. Listing
//! 10,000 tasks with 5 runs each then costs one indexed scan of the task table and a copy,
//! instead of reading and serialising 50,000 runs on every poll.
//!
//! A list's entity tag names the entries it is made of (each made entry gets a new serial
//! number; a per-process random epoch keeps a restarted server's tags apart), so a client that
//! already holds the list is answered 304 without the body being assembled.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use tokio::sync::watch;

use super::clock::Clock;
use super::enrich::{TASK_RUNS, enrich_with_runs};
use super::store::{Store, StoreError, StoreResult, TaskFilter, TaskHead};
use crate::model::parse_instant;

const LIST_START: &[u8] = br#"{"status":"success","tasks":["#;
const LIST_END: &[u8] = b"]}";

/// One task's serialised entry and what it was made from.
struct Entry {
    account_id: String,
    rev: i64,
    artist_name: Option<String>,
    owner_email: Option<String>,
    made_at: DateTime<Utc>,
    /// Unique among this process's entries: what a list's entity tag is made of.
    serial: u64,
    /// The first upcoming fire: from then on the entry's `upcoming` is out of date.
    until: Option<DateTime<Utc>>,
    json: Bytes,
}

impl Entry {
    fn holds(&self, head: &TaskHead, now: DateTime<Utc>) -> bool {
        self.rev == head.rev
            && self.artist_name == head.artist_name
            && self.owner_email == head.owner_email
            // A clock set back (tests, or a corrected system clock) makes entries again.
            && self.made_at <= now
            && self.until.is_none_or(|until| now < until)
    }
}

pub struct ListEntries {
    entries: Mutex<HashMap<String, Entry>>,
    /// Held while entries are made, so two lists asked at once do not both make the same ones.
    making: Mutex<()>,
    next_serial: AtomicU64,
    /// Random per process, so a tag from before a restart never names a list made after it.
    epoch: u128,
}

impl Default for ListEntries {
    fn default() -> Self {
        ListEntries {
            entries: Mutex::default(),
            making: Mutex::default(),
            next_serial: AtomicU64::new(0),
            epoch: uuid::Uuid::new_v4().as_u128(),
        }
    }
}

/// A list as asked for: its entity tag (quoted), and its body unless the client holds it.
pub struct Listing {
    pub etag: String,
    /// `None` when the request's `If-None-Match` named `etag`.
    pub body: Option<ListBody>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding either lock leaves whole entries behind: still usable.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl ListEntries {
    /// The serialised `{"status":"success","tasks":[…]}` answer for the tasks matching
    /// `filter`, newest first, as of `now`; without its body when `held` (the request's
    /// `If-None-Match` tags, `W/` taken off) names its tag or is `*`.
    pub fn list(
        &self,
        conn: &Connection,
        filter: &TaskFilter,
        now: DateTime<Utc>,
        held: &[String],
    ) -> StoreResult<Listing> {
        // One snapshot for the heads and for what is read to make entries.
        let snapshot = conn.unchecked_transaction()?;
        let heads = Store::task_heads(&snapshot, filter)?;
        if self.any_stale(&heads, now) {
            // Lists that find their entries ready go on meanwhile; makers take turns.
            let _making = lock(&self.making);
            self.make_stale(&snapshot, &heads, now)?;
        }
        drop(snapshot);
        let mut entries = lock(&self.entries);
        if filter.id.is_none() && filter.artist_account_id.is_none() && filter.enabled.is_none() {
            // A whole account's list (or everyone's) names all its tasks: the others of that
            // account were deleted.
            let listed: HashSet<&str> = heads.iter().map(|head| head.id.as_str()).collect();
            entries.retain(|id, entry| {
                listed.contains(id.as_str())
                    || filter
                        .account_id
                        .as_ref()
                        .is_some_and(|account| *account != entry.account_id)
            });
        }
        let mut listed = Vec::with_capacity(heads.len());
        for head in &heads {
            let Some(entry) = entries.get(&head.id) else {
                return Err(StoreError::Corrupt(format!(
                    "task {} has no list entry after it was made",
                    head.id
                )));
            };
            listed.push(entry);
        }
        let etag = self.etag(&listed);
        if held.iter().any(|tag| tag == "*" || *tag == etag) {
            return Ok(Listing { etag, body: None });
        }
        let parts = listed.iter().map(|entry| entry.json.clone()).collect();
        Ok(Listing {
            etag,
            body: Some(ListBody::new(parts)),
        })
    }

    /// The entity tag of a list made of these entries, in this order.
    fn etag(&self, listed: &[&Entry]) -> String {
        let mut names = Vec::with_capacity(16 + 8 * listed.len());
        names.extend_from_slice(&self.epoch.to_le_bytes());
        for entry in listed {
            names.extend_from_slice(&entry.serial.to_le_bytes());
        }
        format!("\"{:032x}\"", xxhash_rust::xxh3::xxh3_128(&names))
    }

    /// Makes again the entries of every task that no longer hold, and forgets deleted tasks':
    /// `serve` calls it in the background after changes, so a list finds its entries ready.
    pub fn refresh_all(&self, conn: &Connection, now: DateTime<Utc>) -> StoreResult<usize> {
        let _making = lock(&self.making);
        let snapshot = conn.unchecked_transaction()?;
        let heads = Store::task_heads(&snapshot, &TaskFilter::default())?;
        let made = self.make_stale(&snapshot, &heads, now)?;
        drop(snapshot);
        let listed: HashSet<&str> = heads.iter().map(|head| head.id.as_str()).collect();
        lock(&self.entries).retain(|id, _| listed.contains(id.as_str()));
        Ok(made)
    }

    fn any_stale(&self, heads: &[TaskHead], now: DateTime<Utc>) -> bool {
        let entries = lock(&self.entries);
        heads.iter().any(|head| {
            !entries
                .get(&head.id)
                .is_some_and(|entry| entry.holds(head, now))
        })
    }

    /// Reads, enriches and serialises the tasks among `heads` whose entry is missing or no
    /// longer holds; returns how many were made.
    fn make_stale(
        &self,
        conn: &Connection,
        heads: &[TaskHead],
        now: DateTime<Utc>,
    ) -> StoreResult<usize> {
        let stale: HashMap<&str, &TaskHead> = {
            let entries = lock(&self.entries);
            heads
                .iter()
                .filter(|head| {
                    !entries
                        .get(&head.id)
                        .is_some_and(|entry| entry.holds(head, now))
                })
                .map(|head| (head.id.as_str(), head))
                .collect()
        };
        if stale.is_empty() {
            return Ok(0);
        }
        let ids: Vec<&str> = stale.keys().copied().collect();
        let rows = Store::tasks_by_ids(conn, &ids)?;
        let mut runs = Store::recent_run_lists(conn, &ids, TASK_RUNS)?;
        let mut made = Vec::with_capacity(ids.len());
        for task in enrich_with_runs(conn, rows, now, HashMap::new())? {
            let Some(head) = stale.get(task.id.as_str()) else {
                continue;
            };
            let json = serde_json::to_vec(&task)?;
            let json = match runs.remove(&task.id) {
                Some(list) => splice_runs(&json, &list)?,
                None => json,
            };
            let entry = Entry {
                account_id: task.account_id.clone(),
                rev: head.rev,
                artist_name: head.artist_name.clone(),
                owner_email: head.owner_email.clone(),
                made_at: now,
                serial: self.next_serial.fetch_add(1, Ordering::Relaxed),
                until: task.upcoming.first().and_then(|at| parse_instant(at)),
                json: Bytes::from(json),
            };
            made.push((task.id, entry));
        }
        let count = made.len();
        lock(&self.entries).extend(made);
        Ok(count)
    }
}

/// A task serialised with no runs, with `runs` (a JSON array's text) put in place of its
/// `"recent_runs":[]`. That text is found exactly: inside a JSON string every `"` is escaped,
/// so `"recent_runs":` with bare quotes is a key, and it is the task's (its only nested
/// objects, the missed fires, come after it).
fn splice_runs(task: &[u8], runs: &str) -> StoreResult<Vec<u8>> {
    const EMPTY: &[u8] = br#""recent_runs":[]"#;
    let Some(at) = memchr::memmem::find(task, EMPTY) else {
        return Err(StoreError::Corrupt(
            "a serialised task has no \"recent_runs\":[]".to_string(),
        ));
    };
    let key = EMPTY.len() - 2;
    let mut json = Vec::with_capacity(task.len() + runs.len());
    json.extend_from_slice(&task[..at + key]);
    json.extend_from_slice(runs.as_bytes());
    json.extend_from_slice(&task[at + EMPTY.len()..]);
    Ok(json)
}

/// How many bytes of entries [`ListBody`] copies into one piece it sends.
const PIECE: usize = 64 * 1024;

/// A list's body, sent as it is copied from the entries it shares, a piece at a time: a list of
/// 36 MB is never held whole, once per client asking, and its exact length is known up front.
pub struct ListBody {
    entries: Vec<Bytes>,
    next: usize,
    /// What is left to send, `[` and `]` and commas included.
    remaining: u64,
}

impl ListBody {
    fn new(entries: Vec<Bytes>) -> ListBody {
        let commas = entries.len().saturating_sub(1);
        let length: usize = entries.iter().map(Bytes::len).sum::<usize>()
            + commas
            + LIST_START.len()
            + LIST_END.len();
        ListBody {
            entries,
            next: 0,
            remaining: length as u64,
        }
    }

    /// The next piece: whole entries up to about [`PIECE`] bytes, the list's start before the
    /// first and its end after the last.
    fn next_piece(&mut self) -> Option<Bytes> {
        if self.remaining == 0 {
            return None;
        }
        let mut piece = Vec::with_capacity(PIECE + 1024);
        if self.next == 0 {
            piece.extend_from_slice(LIST_START);
        }
        while let Some(entry) = self.entries.get(self.next) {
            if piece.len() >= PIECE {
                break;
            }
            if self.next > 0 {
                piece.push(b',');
            }
            piece.extend_from_slice(entry);
            self.next += 1;
        }
        if self.next == self.entries.len() {
            piece.extend_from_slice(LIST_END);
        }
        self.remaining = self.remaining.saturating_sub(piece.len() as u64);
        Some(Bytes::from(piece))
    }

    #[cfg(test)]
    fn collect(mut self) -> Vec<u8> {
        let mut body = Vec::with_capacity(self.remaining as usize);
        while let Some(piece) = self.next_piece() {
            body.extend_from_slice(&piece);
        }
        body
    }
}

impl http_body::Body for ListBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        std::task::Poll::Ready(
            self.get_mut()
                .next_piece()
                .map(|piece| Ok(http_body::Frame::data(piece))),
        )
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.remaining)
    }
}

/// How often `serve` looks for a change to make entries for.
const KEEP_READY_EVERY: Duration = Duration::from_secs(2);

/// `serve`'s upkeep (`ServerConfig::keep_lists_ready`): when the task table's summary changes
/// (any writer, any process: the triggers bump revs) and at every whole minute (fires pass),
/// makes again the entries that no longer hold, so the next list is a copy.
pub async fn keep_ready(
    store: Store,
    clock: Clock,
    entries: Arc<ListEntries>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut seen: Option<((i64, i64, i64), i64)> = None;
    loop {
        let now = clock.now();
        let entries = entries.clone();
        let checked = store
            .read(move |conn, _| {
                let stamp = (Store::list_state(conn)?, now.timestamp().div_euclid(60));
                if seen == Some(stamp) {
                    return Ok((stamp, None));
                }
                let started = Instant::now();
                let made = entries.refresh_all(conn, now)?;
                Ok((stamp, Some((made, started.elapsed()))))
            })
            .await;
        match checked {
            Ok((stamp, made)) => {
                seen = Some(stamp);
                if let Some((made, took)) = made.filter(|(made, _)| *made > 0) {
                    tracing::debug!(made, took_ms = took.as_millis() as u64, "list entries made");
                }
            }
            Err(err) => tracing::warn!(%err, "could not make list entries ahead"),
        }
        tokio::select! {
            _ = tokio::time::sleep(KEEP_READY_EVERY) => {}
            _ = shutdown.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::{Attempt, Run, TasksResponse};
    use crate::server::enrich::enrich_tasks;
    use crate::server::store::{NewTask, RunRecord};

    const NOW: &str = "2026-03-02T08:00:00Z";

    /// Pieces, whatever the entries' sizes, add up to the list, and the length announced
    /// before each piece is what is left.
    #[test]
    fn a_list_body_sends_exactly_its_entries_in_pieces() {
        let big = format!("{{\"prompt\":\"{}\"}}", "x".repeat(3 * PIECE));
        for entries in [
            vec![],
            vec!["{}".to_string()],
            vec![
                "{\"a\":1}".to_string(),
                big.clone(),
                "{\"b\":2}".to_string(),
            ],
            (0..5000).map(|n| format!("{{\"n\":{n}}}")).collect(),
        ] {
            let expected = format!(
                "{{\"status\":\"success\",\"tasks\":[{}]}}",
                entries.join(",")
            );
            let mut body = ListBody::new(entries.into_iter().map(Bytes::from).collect());
            let mut sent = Vec::new();
            loop {
                assert_eq!(
                    http_body::Body::size_hint(&body).exact(),
                    Some((expected.len() - sent.len()) as u64)
                );
                assert_eq!(
                    http_body::Body::is_end_stream(&body),
                    sent.len() == expected.len()
                );
                let Some(piece) = body.next_piece() else {
                    break;
                };
                assert!(!piece.is_empty());
                sent.extend_from_slice(&piece);
            }
            assert_eq!(String::from_utf8_lossy(&sent), expected);
        }
    }

    fn run(id: &str, extra: serde_json::Value) -> Run {
        let mut doc = json!({"id": id, "status": "COMPLETED", "taskIdentifier": "customer-prompt-task",
            "isCompleted": true, "isSuccess": true, "createdAt": "2026-03-01T09:00:00.000Z",
            "updatedAt": "2026-03-01T09:01:00.000Z", "startedAt": "2026-03-01T09:00:01.000Z",
            "finishedAt": "2026-03-01T09:01:00.000Z", "tags": ["account:a"], "costInCents": 1.25,
            "baseCostInCents": 0, "durationMs": 59000, "depth": 0,
            "env": {"id": "env_local", "name": "local"}});
        if let (Some(doc), serde_json::Value::Object(extra)) = (doc.as_object_mut(), extra) {
            doc.extend(extra);
        }
        serde_json::from_value(doc).unwrap_or_else(|err| panic!("run {id}: {err}"))
    }

    /// The entries' list is byte for byte what serialising the enriched tasks gives, runs with
    /// payloads, outputs, errors, schedules, odd text and attempts included.
    #[test]
    fn a_list_of_entries_is_the_serialised_enriched_tasks() {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("temp dir: {err}"));
        let store = Store::open(&dir.path().join("t.db")).unwrap_or_else(|err| panic!("{err}"));
        let now = parse_instant("2026-03-02T08:00:00.000Z").unwrap_or_else(|| panic!("{NOW}"));
        let account = "0b4e28ba-2fa1-41d2-883f-0016d3cca427".to_string();
        let filter = TaskFilter {
            account_id: Some(account.clone()),
            ..TaskFilter::default()
        };
        let odd = "quote \" backslash \\ tab \t newline \n bell \u{7} é 日本 🎵 \u{2028}";
        store
            .write_now(move |tx, _| {
                for (n, title) in ["Plain", odd, "\"recent_runs\":[] in a title"]
                    .iter()
                    .enumerate()
                {
                    let task = NewTask {
                        title: title.to_string(),
                        prompt: format!("prompt {n}: {odd}"),
                        schedule: "0 9 * * 1".to_string(),
                        account_id: account.clone(),
                        artist_account_id: "1b4e28ba-2fa1-41d2-883f-0016d3cca427".to_string(),
                        model: None,
                        timezone: "Europe/London".to_string(),
                        trigger_schedule_id: format!("sched_{n}"),
                    };
                    let id = format!("task-{n}");
                    Store::insert_task(
                        tx,
                        &id,
                        &task,
                        &format!("2026-03-0{}T00:00:00.000Z", n + 1),
                    )?;
                    if n == 2 {
                        continue;
                    }
                    for k in 0..7 {
                        let mut record = RunRecord {
                            run: run(&format!("run_{n}_{k}"), json!({"title": odd})),
                            task_id: id.clone(),
                            account_id: account.clone(),
                        };
                        if k % 2 == 0 {
                            record.run = run(
                                &format!("run_{n}_{k}"),
                                json!({"status": "FAILED", "isFailed": true, "isSuccess": false,
                                       "payload": {"externalId": id, "text": odd},
                                       "output": {"answer": odd}, "error": {"message": odd},
                                       "schedule": {"id": "sched", "generator": {"type": "CRON",
                                           "expression": "0 9 * * 1", "description": "d"}},
                                       "triggerFunction": "trigger", "attemptCount": 2,
                                       "metadata": {"note": odd}}),
                            );
                        }
                        Store::insert_run(tx, &record)?;
                        for number in 1..=(k % 3) {
                            let attempt: Attempt = serde_json::from_value(json!({
                                "id": format!("attempt_{n}_{k}_{number}"), "status": "FAILED",
                                "createdAt": "2026-03-01T09:00:00.000Z",
                                "updatedAt": "2026-03-01T09:00:00.000Z",
                                "error": {"message": odd}}))
                            .unwrap_or_else(|err| panic!("attempt: {err}"));
                            Store::save_attempt(tx, &record.run.id, number as u32, &attempt)?;
                        }
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|err| panic!("seeding: {err}"));
        let entries = ListEntries::default();
        let (listed, expected) = store
            .read_now(|conn, _| {
                let listed = entries.list(conn, &filter, now, &[])?;
                let tasks = enrich_tasks(conn, Store::tasks(conn, &filter)?, now)?;
                let expected = serde_json::to_vec(&TasksResponse {
                    status: "success".to_string(),
                    tasks,
                })?;
                Ok((listed, expected))
            })
            .unwrap_or_else(|err| panic!("listing: {err}"));
        let body = listed.body.map(ListBody::collect).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&expected)
        );
        assert!(body.len() > 10_000, "{}", body.len());
    }
}
