//! `GET /api/tasks` decoded as a list keeps it: each task's runs as summaries, its `upcoming`
//! dropped as soon as it is read (the app computes fires with the engine).

use std::fmt;
use std::io::Read;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, de};

use crate::model::ListedTask;

/// `{"status":"success","tasks":[…]}`, the tasks as [`ListedTask`]s.
#[derive(Debug, Deserialize)]
pub(super) struct ListedTasksResponse {
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

/// The streamed decode of a task list (see [`super::stream`]).
pub(super) fn decode_listed(reader: &mut dyn Read) -> serde_json::Result<ListedTasksResponse> {
    serde_json::from_reader(reader)
}
