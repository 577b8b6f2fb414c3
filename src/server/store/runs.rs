//! The `runs` and `attempts` tables. A run is stored as its JSON document (the wire shape, so
//! nothing is lost in translation) plus the columns the queries filter on.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Store, StoreResult};
use crate::model::{Attempt, Run};

/// A stored run with the columns that scope it.
#[derive(Debug, Clone)]
pub struct RunRecord {
    pub run: Run,
    pub task_id: String,
    pub account_id: String,
}

/// Decodes one attempt document.
pub fn attempt_from_row(doc: &str) -> StoreResult<Attempt> {
    Ok(serde_json::from_str(doc)?)
}

/// Placeholders `?1, ?2, …, ?n` for an `IN (…)` list.
fn placeholders(count: usize) -> String {
    (1..=count)
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many ids go into one `IN (…)` list.
const CHUNK: usize = 500;

/// Runs `select` (a query of `(key, doc)` rows filtered by `IN (<placeholders>)`) over `keys`
/// in chunks that stay under SQLite's parameter limit, decoding each doc and grouping by key
/// in the order the rows come.
fn select_grouped<T>(
    conn: &Connection,
    keys: &[String],
    select: impl Fn(&str) -> String,
    decode: impl Fn(&str) -> StoreResult<T>,
) -> StoreResult<HashMap<String, Vec<T>>> {
    let mut grouped: HashMap<String, Vec<T>> = HashMap::new();
    for chunk in keys.chunks(CHUNK) {
        let sql = select(&placeholders(chunk.len()));
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(chunk), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (key, doc) = row?;
            grouped.entry(key).or_default().push(decode(&doc)?);
        }
    }
    Ok(grouped)
}

/// A run's top-level members as written, values unparsed.
struct Members<'a>(Vec<(std::borrow::Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Members<'de>, M::Error> {
                let mut members = Vec::with_capacity(32);
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    members.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

/// What a run's list form leaves out of its stored document (spec §4.1).
const NOT_LISTED: [&str; 9] = [
    "triggerFunction",
    "batchId",
    "payload",
    "output",
    "error",
    "schedule",
    "relatedRuns",
    "attemptCount",
    "attempts",
];

/// Appends the list form of a stored run document to `out`: its members but those
/// [`NOT_LISTED`], in their order and as written, then `"attempts"` (the array's text) last,
/// where `Run` serialises it.
fn list_form(doc: &str, attempts: &str, out: &mut String) -> StoreResult<()> {
    let members: Members<'_> = serde_json::from_str(doc)?;
    out.push('{');
    for (key, value) in members.0 {
        if NOT_LISTED.contains(&key.as_ref()) {
            continue;
        }
        out.push_str(&serde_json::to_string(key.as_ref())?);
        out.push(':');
        out.push_str(value.get());
        out.push(',');
    }
    out.push_str("\"attempts\":");
    out.push_str(attempts);
    out.push('}');
    Ok(())
}

/// A text column that is not text.
fn sql_text(err: rusqlite::types::FromSqlError) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(err))
}

impl Store {
    /// Stores a new run (its attempts are stored separately).
    pub fn insert_run(conn: &Connection, record: &RunRecord) -> StoreResult<()> {
        let mut run = record.run.clone();
        run.attempts = None;
        conn.execute(
            "INSERT INTO runs (id, task_id, account_id, status, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                run.id,
                record.task_id,
                record.account_id,
                run.status.name(),
                serde_json::to_string(&run)?
            ],
        )?;
        Ok(())
    }

    /// Rewrites a run's document (status, times, output, error …).
    pub fn update_run(conn: &Connection, run: &Run) -> StoreResult<()> {
        let mut run = run.clone();
        run.attempts = None;
        conn.execute(
            "UPDATE runs SET status = ?2, doc = ?3 WHERE id = ?1",
            params![run.id, run.status.name(), serde_json::to_string(&run)?],
        )?;
        Ok(())
    }

    /// Inserts or rewrites attempt number `number` of a run.
    pub fn save_attempt(
        conn: &Connection,
        run_id: &str,
        number: u32,
        attempt: &Attempt,
    ) -> StoreResult<()> {
        conn.execute(
            "INSERT INTO attempts (id, run_id, number, doc) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET doc = excluded.doc",
            params![attempt.id, run_id, number, serde_json::to_string(attempt)?],
        )?;
        Ok(())
    }

    /// The `limit` newest runs of each task, newest first, with their attempts. One indexed
    /// lookup per task (`runs_task` read backwards, `limit` rows each): a window function over
    /// all of the tasks' runs sorted every run of 10,000 tasks, half of a list's time.
    pub fn recent_runs(
        conn: &Connection,
        task_ids: &[String],
        limit: usize,
    ) -> StoreResult<HashMap<String, Vec<Run>>> {
        let mut by_task: HashMap<String, Vec<Run>> = HashMap::with_capacity(task_ids.len());
        let mut stmt = conn
            .prepare_cached("SELECT doc FROM runs WHERE task_id = ?1 ORDER BY seq DESC LIMIT ?2")?;
        for id in task_ids {
            let mut rows = stmt.query(params![id, limit as i64])?;
            let mut runs = Vec::new();
            while let Some(row) = rows.next()? {
                let doc: String = row.get(0)?;
                runs.push(serde_json::from_str::<Run>(&doc)?);
            }
            if !runs.is_empty() {
                by_task.insert(id.clone(), runs);
            }
        }
        let mut runs: Vec<&mut Run> = by_task.values_mut().flatten().collect();
        Self::attach_attempts(conn, &mut runs)?;
        Ok(by_task)
    }

    /// The `limit` newest runs of each task in their list form (no payload, output, error,
    /// schedule, related runs, attempt count or trigger function; with `attempts`), newest
    /// first, as the text of a JSON array. Cut from the stored documents' text
    /// ([`list_form`]), so a list of 50,000 runs is not parsed and serialised again. Tasks
    /// without runs are left out.
    pub fn recent_run_lists(
        conn: &Connection,
        task_ids: &[&str],
        limit: usize,
    ) -> StoreResult<HashMap<String, String>> {
        let mut by_task = HashMap::with_capacity(task_ids.len());
        let mut stmt = conn.prepare_cached(
            "SELECT doc, (SELECT json_group_array(json(a.doc) ORDER BY a.number)
                            FROM attempts a WHERE a.run_id = runs.id)
             FROM runs WHERE task_id = ?1 ORDER BY seq DESC LIMIT ?2",
        )?;
        for id in task_ids {
            let mut rows = stmt.query(params![id, limit as i64])?;
            let mut list = String::new();
            while let Some(row) = rows.next()? {
                let doc = row.get_ref(0)?.as_str().map_err(sql_text)?;
                let attempts = row.get_ref(1)?.as_str().map_err(sql_text)?;
                list.push(if list.is_empty() { '[' } else { ',' });
                list_form(doc, attempts, &mut list)?;
            }
            if !list.is_empty() {
                list.push(']');
                by_task.insert(id.to_string(), list);
            }
        }
        Ok(by_task)
    }

    /// The `limit` newest runs of an account, newest first, with their attempts.
    pub fn account_runs(
        conn: &Connection,
        account_id: &str,
        limit: usize,
    ) -> StoreResult<Vec<Run>> {
        let mut stmt = conn.prepare_cached(
            "SELECT doc FROM runs WHERE account_id = ?1 ORDER BY seq DESC LIMIT ?2",
        )?;
        let docs = stmt.query_map(params![account_id, limit as i64], |row| {
            row.get::<_, String>(0)
        })?;
        let mut runs = Vec::new();
        for doc in docs {
            runs.push(serde_json::from_str::<Run>(&doc?)?);
        }
        Self::attach_attempts(conn, &mut runs.iter_mut().collect::<Vec<_>>())?;
        Ok(runs)
    }

    /// One run with its attempts, and the account it belongs to.
    pub fn run(conn: &Connection, id: &str) -> StoreResult<Option<RunRecord>> {
        let row: Option<(String, String, String)> = conn
            .prepare_cached("SELECT doc, task_id, account_id FROM runs WHERE id = ?1")?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        let Some((doc, task_id, account_id)) = row else {
            return Ok(None);
        };
        let mut run: Run = serde_json::from_str(&doc)?;
        Self::attach_attempts(conn, &mut [&mut run])?;
        Ok(Some(RunRecord {
            run,
            task_id,
            account_id,
        }))
    }

    /// Whether task `task_id` has a run `QUEUED` or `EXECUTING`.
    pub fn has_unfinished_run(conn: &Connection, task_id: &str) -> StoreResult<bool> {
        Ok(conn
            .prepare_cached(
                "SELECT 1 FROM runs WHERE task_id = ?1 AND status IN ('QUEUED', 'EXECUTING') LIMIT 1",
            )?
            .query_row([task_id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Runs left unfinished (a crash mid-run): the scheduler fails them on start.
    pub fn unfinished_runs(conn: &Connection) -> StoreResult<Vec<RunRecord>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM runs WHERE status IN ('QUEUED', 'EXECUTING') ORDER BY seq",
        )?;
        let ids = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut records = Vec::new();
        for id in ids {
            records.extend(Self::run(conn, &id)?);
        }
        Ok(records)
    }

    /// The ids of the finished runs (neither queued nor executing) created before `cutoff`
    /// (UTC ISO with milliseconds, which sorts as it reads).
    pub fn finished_runs_before(conn: &Connection, cutoff: &str) -> StoreResult<Vec<String>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM runs WHERE status NOT IN ('QUEUED', 'EXECUTING')
               AND json_extract(doc, '$.createdAt') < ?1 ORDER BY seq",
        )?;
        let ids = stmt
            .query_map([cutoff], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }

    /// Deletes these runs and their attempts, leaving any that is queued or executing (a run
    /// is never deleted under the scheduler running it). Returns how many runs went.
    pub fn delete_finished_runs(conn: &Connection, ids: &[String]) -> StoreResult<usize> {
        let mut deleted = 0;
        for chunk in ids.chunks(CHUNK) {
            let list = placeholders(chunk.len());
            let finished = format!(
                "run_id IN (SELECT id FROM runs WHERE id IN ({list})
                   AND status NOT IN ('QUEUED', 'EXECUTING'))"
            );
            conn.execute(
                &format!("DELETE FROM attempts WHERE {finished}"),
                params_from_iter(chunk),
            )?;
            deleted += conn.execute(
                &format!(
                    "DELETE FROM runs WHERE id IN ({list}) AND status NOT IN ('QUEUED', 'EXECUTING')"
                ),
                params_from_iter(chunk),
            )?;
        }
        Ok(deleted)
    }

    /// The payload timestamp of the newest run of this schedule: the previous fire, for
    /// `lastTimestamp` (a re-enabled task has a new schedule, with no previous fire).
    pub fn last_fire(
        conn: &Connection,
        task_id: &str,
        schedule_id: &str,
    ) -> StoreResult<Option<String>> {
        Ok(conn
            .prepare_cached(
                "SELECT json_extract(doc, '$.payload.timestamp') FROM runs
                 WHERE task_id = ?1 AND json_extract(doc, '$.payload.scheduleId') = ?2
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([task_id, schedule_id], |row| {
                row.get::<_, Option<String>>(0)
            })
            .optional()?
            .flatten())
    }

    fn attach_attempts(conn: &Connection, runs: &mut [&mut Run]) -> StoreResult<()> {
        let ids: Vec<String> = runs.iter().map(|run| run.id.clone()).collect();
        let mut by_run = select_grouped(
            conn,
            &ids,
            |placeholders| {
                format!(
                    "SELECT run_id, doc FROM attempts WHERE run_id IN ({placeholders}) \
                     ORDER BY run_id, number"
                )
            },
            attempt_from_row,
        )?;
        for run in runs.iter_mut() {
            run.attempts = Some(by_run.remove(&run.id).unwrap_or_default());
        }
        Ok(())
    }
}
