//! `GET /api/tasks` decoded as a list keeps it: each task's runs as summaries, its `upcoming`
//! dropped as soon as it is read (the app computes fires with the engine).

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::sync::Arc;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, de};

use super::known_tasks::{ListedEntry, fingerprint};
use crate::model::{ListedTask, TasksResponse};

/// `{"status":"success","tasks":[…]}`, the tasks as [`ListedTask`]s, decoded from a JSON value
/// (a reply the splitter refused, read again to say what is wrong with it).
#[derive(Debug, Deserialize)]
pub(super) struct ListedTasksResponse {
    /// Required, as the streamed decode requires it; the reply was judged a success already.
    #[allow(dead_code)]
    pub status: String,
    #[serde(default)]
    pub tasks: ListedTasks,
}

/// The tasks of a list, `null` read as none.
#[derive(Debug, Default)]
pub(super) struct ListedTasks(pub Vec<ListedTask>);

impl<'de> Deserialize<'de> for ListedTasks {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(ListedTasksVisitor)
    }
}

struct ListedTasksVisitor;

impl<'de> Visitor<'de> for ListedTasksVisitor {
    type Value = ListedTasks;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of tasks")
    }

    fn visit_none<E: de::Error>(self) -> Result<ListedTasks, E> {
        Ok(ListedTasks::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<ListedTasks, E> {
        Ok(ListedTasks::default())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<ListedTasks, D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListedTasks, A::Error> {
        let mut tasks = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(mut task) = seq.next_element::<ListedTask>()? {
            task.upcoming = Vec::new();
            tasks.push(task);
        }
        tasks.shrink_to_fit();
        Ok(ListedTasks(tasks))
    }
}

/// A task list's body decoded: its `status`, and its tasks as [`ListedEntry`]s.
#[derive(Debug)]
pub struct DecodedTaskList {
    pub status: String,
    pub tasks: Vec<ListedEntry>,
}

/// A task list's body decoded as the list keeps it, streamed (see [`super::stream`]) or whole:
/// each task read with `from_slice` once its text has arrived, unless the [`fingerprint`] of its
/// text is one of `known`'s: then it is that task, shared, not decoded again. serde_json's
/// reader path pulls the body a byte at a time through `Read`, three times slower on a 35 MB
/// list (280 ms against 90).
pub fn decode_listed(
    reader: &mut dyn Read,
    known: &HashMap<u128, Arc<ListedTask>>,
) -> serde_json::Result<DecodedTaskList> {
    let mut tasks = Vec::new();
    let envelope = split_tasks(reader, |text| {
        let fingerprint = fingerprint(text);
        let task = match known.get(&fingerprint) {
            Some(task) => task.clone(),
            None => {
                let mut task: ListedTask = serde_json::from_slice(text)?;
                // The fingerprint is of the text, `upcoming` included: dropping it here
                // changes nothing of which text is which task.
                task.upcoming = Vec::new();
                Arc::new(task)
            }
        };
        tasks.push(ListedEntry {
            fingerprint: Some(fingerprint),
            task,
        });
        Ok(())
    })?;
    let envelope: Envelope = serde_json::from_slice(&envelope)?;
    tasks.shrink_to_fit();
    Ok(DecodedTaskList {
        status: envelope.status,
        tasks,
    })
}

/// [`decode_listed`] for whole tasks (`tasks list` and the CLI).
pub(super) fn decode_whole(reader: &mut dyn Read) -> serde_json::Result<TasksResponse> {
    let mut tasks = Vec::new();
    let envelope = split_tasks(reader, |text| {
        tasks.push(serde_json::from_slice(text)?);
        Ok(())
    })?;
    let envelope: Envelope = serde_json::from_slice(&envelope)?;
    Ok(TasksResponse {
        status: envelope.status,
        tasks,
    })
}

/// A task list's envelope without its tasks.
#[derive(Deserialize)]
struct Envelope {
    status: String,
}

/// How much is read from the body at a time.
const BLOCK: usize = 64 * 1024;

/// Reads `{…, "tasks": [ELEMENT, …], …}` from `reader`, handing each element of the top-level
/// `tasks` array to `element` as its own text, and returns the rest: the envelope with the
/// array written as `null`. Strings and nesting are followed, so no brace or bracket inside a
/// prompt is mistaken for the structure; what is not JSON is left to serde to refuse.
fn split_tasks(
    reader: &mut dyn Read,
    mut each: impl FnMut(&[u8]) -> serde_json::Result<()>,
) -> serde_json::Result<Vec<u8>> {
    // Which task a failure is in: serde's line and column are within the task's own text.
    let mut count = 0usize;
    let mut element = |text: &[u8]| {
        count += 1;
        each(text).map_err(|err| de::Error::custom(format!("task {count}: {err}")))
    };
    let mut envelope = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(2 * BLOCK);
    // The scan: where it is in `buf`, how deep, inside a string or an escape.
    let mut at = 0;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    // A key of the envelope (depth 1) as it is read, and the last one completed.
    let mut text_start: Option<usize> = None;
    let mut last_text: Vec<u8> = Vec::new();
    let mut key: Vec<u8> = Vec::new();
    // Inside the tasks array: where the element being read starts in `buf`.
    let mut in_tasks = false;
    let mut start: Option<usize> = None;
    let mut ended = false;
    loop {
        if at == buf.len() {
            if ended {
                break;
            }
            // Keep only what is still needed: the element being read, or the string being read.
            let keep = start.or(text_start).unwrap_or(at);
            buf.drain(..keep);
            at -= keep;
            start = start.map(|s| s - keep);
            text_start = text_start.map(|s| s - keep);
            let filled = buf.len();
            buf.resize(filled + BLOCK, 0);
            let read = loop {
                match reader.read(&mut buf[filled..]) {
                    Ok(read) => break read,
                    Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(err) => return Err(serde_json::Error::io(err)),
                }
            };
            buf.truncate(filled + read);
            if read == 0 {
                ended = true;
            }
            continue;
        }
        if in_tasks && depth > 2 {
            // Inside a task, only its end matters: skimmed in a loop of its own (most of a
            // list is inside its tasks).
            at = skim_task(&buf, at, &mut depth, &mut in_string, &mut escaped);
            if depth == 2
                && let Some(from) = start.take()
            {
                element(&buf[from..at])?;
            }
            continue;
        }
        if in_string {
            // Most of a list is text: skip to its next quote or backslash at once.
            if escaped {
                escaped = false;
            } else {
                let plain = memchr::memchr2(b'"', b'\\', &buf[at..]).unwrap_or(buf.len() - at);
                if !in_tasks {
                    envelope.extend_from_slice(&buf[at..at + plain]);
                }
                at += plain;
                if at == buf.len() {
                    continue;
                }
                if buf[at] == b'\\' {
                    escaped = true;
                } else {
                    in_string = false;
                    if let Some(from) = text_start.take() {
                        last_text.clear();
                        last_text.extend_from_slice(&buf[from..at]);
                    }
                }
            }
            if !in_tasks {
                envelope.push(buf[at]);
            }
            at += 1;
            continue;
        }
        let byte = buf[at];
        at += 1;
        match byte {
            b'"' => {
                in_string = true;
                if depth == 1 && !in_tasks {
                    text_start = Some(at);
                }
                if in_tasks && depth == 2 && start.is_none() {
                    start = Some(at - 1);
                }
            }
            b':' if depth == 1 && !in_tasks => key = std::mem::take(&mut last_text),
            b'[' if depth == 1 && !in_tasks && key == b"tasks" => {
                in_tasks = true;
                depth += 1;
                envelope.extend_from_slice(b"null");
                continue;
            }
            b'{' | b'[' => {
                if in_tasks && depth == 2 {
                    start = Some(at - 1);
                }
                depth += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if in_tasks && depth == 2 {
                    if let Some(from) = start.take() {
                        element(&buf[from..at])?;
                    }
                } else if in_tasks && depth == 1 {
                    // The array's end (after an element that was not an object, give it whole
                    // to serde, which refuses it).
                    if let Some(from) = start.take() {
                        element(&buf[from..at - 1])?;
                    }
                    in_tasks = false;
                    continue;
                }
            }
            b',' if in_tasks && depth == 2 => {
                if let Some(from) = start.take() {
                    element(&buf[from..at - 1])?;
                }
                continue;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ if in_tasks && depth == 2 && start.is_none() => start = Some(at - 1),
            _ => {}
        }
        if !in_tasks {
            envelope.push(byte);
        }
    }
    Ok(envelope)
}

/// Reads a task's text from `at` (inside it: `depth` > 2) to its end, following strings and
/// nesting: where its closing byte ends (`depth` back to 2), or the end of `buf`. A loop of
/// its own over a table of the bytes that matter: most of a list is inside its tasks, in short
/// strings, where starting a SIMD search for each costs more than it saves.
fn skim_task(
    buf: &[u8],
    mut at: usize,
    depth: &mut usize,
    in_string: &mut bool,
    escaped: &mut bool,
) -> usize {
    if *escaped && at < buf.len() {
        *escaped = false;
        at += 1;
    }
    while at < buf.len() {
        let byte = buf[at];
        at += 1;
        if *in_string {
            match byte {
                b'"' => *in_string = false,
                b'\\' => {
                    if at == buf.len() {
                        *escaped = true;
                    } else {
                        at += 1;
                    }
                }
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => *in_string = true,
            b'{' | b'[' => *depth += 1,
            b'}' | b']' => {
                *depth -= 1;
                if *depth == 2 {
                    return at;
                }
            }
            _ => {}
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body handed over `piece` bytes at a time, as a network would cut it.
    struct Pieces<'a> {
        text: &'a [u8],
        piece: usize,
    }

    impl Read for Pieces<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.piece.min(out.len()).min(self.text.len());
            out[..n].copy_from_slice(&self.text[..n]);
            self.text = &self.text[n..];
            Ok(n)
        }
    }

    fn split(body: &str, piece: usize) -> serde_json::Result<(Vec<String>, String)> {
        let mut elements = Vec::new();
        let mut reader = Pieces {
            text: body.as_bytes(),
            piece,
        };
        let rest = split_tasks(&mut reader, |text| {
            elements.push(String::from_utf8_lossy(text).into_owned());
            Ok(())
        })?;
        Ok((elements, String::from_utf8_lossy(&rest).into_owned()))
    }

    #[test]
    fn each_task_comes_whole_whatever_its_text_and_however_the_body_is_cut() {
        let body = r#"{"tasks": [ {"title":"a } ] , { [","prompt":"say \"}\" then \\","n":[1,{"x":[]}]} ,{"title":"b"}],"status":"success","extra":{"tasks":[1]}}"#;
        for piece in [1, 2, 3, 7, 64, 100_000] {
            let (elements, rest) = split(body, piece).unwrap_or_else(|e| panic!("{piece}: {e}"));
            assert_eq!(
                elements,
                [
                    r#"{"title":"a } ] , { [","prompt":"say \"}\" then \\","n":[1,{"x":[]}]}"#,
                    r#"{"title":"b"}"#
                ],
                "{piece}"
            );
            assert_eq!(
                rest, r#"{"tasks": null,"status":"success","extra":{"tasks":[1]}}"#,
                "{piece}"
            );
        }
    }

    #[test]
    fn a_list_reads_as_serde_would_read_it() {
        let body = r#"{"status":"success","tasks":[{"id":"t1","title":"A","recent_runs":[{"id":"r","status":"FAILED","createdAt":"2026-11-28T09:00:00.000Z"}],"upcoming":["2026-12-01T00:00:00.000Z"]},{"id":"t2"}]}"#;
        let mut reader = Pieces {
            text: body.as_bytes(),
            piece: 5,
        };
        let listed = decode_listed(&mut reader, &HashMap::new()).unwrap_or_else(|e| panic!("{e}"));
        let expected: ListedTasksResponse =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(listed.status, "success");
        let tasks: Vec<ListedTask> = listed.tasks.iter().map(|e| (*e.task).clone()).collect();
        assert!(tasks == expected.tasks.0);
        assert_eq!(tasks.len(), 2);
        assert!(tasks[0].upcoming.is_empty());
        let mut reader = Pieces {
            text: body.as_bytes(),
            piece: 5,
        };
        let whole = decode_whole(&mut reader).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(whole.tasks.len(), 2);
        assert_eq!(whole.tasks[0].upcoming.len(), 1);
    }

    #[test]
    fn what_is_not_a_task_list_is_refused() {
        for body in [
            r#"{"status":"success","tasks":[1,2]}"#,
            r#"{"status":"success","tasks":["a"]}"#,
            r#"{"status":"success","tasks":[{"id":"t1"}"#,
            r#"{"tasks":[]}"#,
            r#"[{"id":"t1"}]"#,
        ] {
            let mut reader = Pieces {
                text: body.as_bytes(),
                piece: 3,
            };
            assert!(
                decode_listed(&mut reader, &HashMap::new()).is_err(),
                "{body}"
            );
        }
        let mut reader = Pieces {
            text: br#"{"status":"success","tasks":null}"#,
            piece: 3,
        };
        let empty = decode_listed(&mut reader, &HashMap::new()).unwrap_or_else(|e| panic!("{e}"));
        assert!(empty.tasks.is_empty());
    }
}
