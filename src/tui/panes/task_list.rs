//! The task list's mechanics: rows with their next fire, the filter and sort, and a selection
//! kept by id across every change of the list.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::client::{KnownTasks, ListedEntry};
use crate::model::ListedTask;
use crate::model::health::{self, Health};

use super::tasks::TasksPane;

/// A task with what the list needs computed once per reply, not per frame.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    /// Shared with the next list request ([`KnownTasks`]), which hands it back unchanged when
    /// its text in the reply is the same.
    pub task: Arc<ListedTask>,
    /// The fingerprint of the task's text in the reply it came from; `None` for a task put in
    /// here (a PATCH's reply), which no reply's text is known to be.
    pub fingerprint: Option<u128>,
    pub next_fire: Option<DateTime<Utc>>,
    /// Its runs and missed fires judged at the time of the reply, judged again when a fire's
    /// grace ends (`Health::recheck_at`).
    pub health: Health,
}

impl TaskRow {
    /// A row of a task with no reply's text behind it.
    pub fn new(task: impl Into<Arc<ListedTask>>, now: DateTime<Utc>) -> TaskRow {
        TaskRow::listed(
            ListedEntry {
                fingerprint: None,
                task: task.into(),
            },
            now,
        )
    }

    /// A row of a task of a list reply, computed at `now`.
    pub fn listed(entry: ListedEntry, now: DateTime<Utc>) -> TaskRow {
        let next_fire = entry.task.next_fire(now);
        let health = health::health(&entry.task, now);
        TaskRow {
            task: entry.task,
            fingerprint: entry.fingerprint,
            next_fire,
            health,
        }
    }

    /// A row of `entry`, a task equal to this row's: its next fire and health as they are (the
    /// clock keeps them current), computed again only where the clock has not caught up yet,
    /// as [`TasksPane::on_clock`] would.
    fn kept_for(&self, entry: ListedEntry, now: DateTime<Utc>) -> TaskRow {
        let mut row = TaskRow {
            task: entry.task,
            fingerprint: entry.fingerprint,
            next_fire: self.next_fire,
            health: self.health.clone(),
        };
        if row.next_fire.is_some_and(|t| t <= now) {
            row.next_fire = row.task.next_fire(now);
        }
        if row.health.recheck_at.is_some_and(|t| t <= now) {
            row.health = health::health(&row.task, now);
        }
        row
    }

    /// Whether this row shows `task`: the same shared task, or an equal one.
    pub fn shows(&self, task: &Arc<ListedTask>) -> bool {
        Arc::ptr_eq(&self.task, task) || self.task == *task
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    NextFire,
    Title,
    /// The worst first (missed, then failing), ties by next fire.
    Health,
}

impl Sort {
    pub fn label(self) -> &'static str {
        match self {
            Sort::NextFire => "next fire",
            Sort::Title => "title",
            Sort::Health => "health",
        }
    }

    /// The next order `s` steps to.
    pub fn next(self) -> Sort {
        match self {
            Sort::NextFire => Sort::Title,
            Sort::Title => Sort::Health,
            Sort::Health => Sort::NextFire,
        }
    }
}

/// Which part of the Tasks screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TasksFocus {
    #[default]
    List,
    RecentRuns,
    /// The detail pane, scrolled with the movement keys (a long prompt).
    Detail,
}

impl TasksPane {
    pub fn selected_row(&self) -> Option<&TaskRow> {
        self.visible
            .get(self.selected)
            .and_then(|i| self.rows.get(*i))
    }

    pub fn selected_task(&self) -> Option<&ListedTask> {
        self.selected_row().map(|r| &*r.task)
    }

    /// Where the focus goes when it leaves the list: the selected task's recent runs when it has
    /// some, else the rest of its detail.
    pub fn detail_focus(&self) -> TasksFocus {
        match self.selected_task() {
            Some(task) if !task.recent_runs.is_empty() => TasksFocus::RecentRuns,
            _ => TasksFocus::Detail,
        }
    }

    /// The task with this id, among those loaded.
    pub fn task(&self, id: &str) -> Option<&ListedTask> {
        self.rows.iter().map(|r| &*r.task).find(|t| t.id == id)
    }

    /// The ids of the tasks whose recent runs include `run_ids` (`None` for a run older than
    /// its task's recent runs).
    pub fn tasks_of_runs(&self, run_ids: &[&str]) -> Vec<Option<&str>> {
        let mut found = vec![None; run_ids.len()];
        let mut missing = run_ids.len();
        for task in self.rows.iter().map(|r| &r.task) {
            for run in &task.recent_runs {
                let at = run_ids.iter().position(|id| *id == run.id);
                if let Some(i) = at.filter(|i| found[*i].is_none()) {
                    found[i] = Some(task.id.as_str());
                    missing -= 1;
                }
            }
            if missing == 0 {
                break;
            }
        }
        found
    }

    /// What the next list request hands the client: the ETag of the reply the rows came from,
    /// and the rows' tasks by the fingerprint of their text in it (shared, not copied).
    pub fn known_tasks(&self) -> KnownTasks {
        KnownTasks::new(
            self.etag.clone(),
            self.rows
                .iter()
                .filter_map(|row| Some((row.fingerprint?, row.task.clone()))),
        )
    }

    /// The rows of a new list: a task equal to the one of the row with its id keeps that row's
    /// computed next fire and health ([`TaskRow::kept_for`]); only new and changed tasks are
    /// computed (35–50 ms for 10,000 tasks).
    pub(super) fn rows_for(&self, tasks: Vec<ListedEntry>, now: DateTime<Utc>) -> Vec<TaskRow> {
        let by_id: HashMap<&str, &TaskRow> = self
            .rows
            .iter()
            .map(|row| (row.task.id.as_str(), row))
            .collect();
        tasks
            .into_iter()
            .map(|entry| match by_id.get(entry.task.id.as_str()) {
                Some(row) if row.shows(&entry.task) => row.kept_for(entry, now),
                _ => TaskRow::listed(entry, now),
            })
            .collect()
    }

    /// What is selected, by id: kept across every change of the list.
    fn selection(&self) -> Selection {
        let task = self.selected_task();
        Selection {
            task: task.map(|t| t.id.clone()),
            run: task
                .filter(|_| self.focus == TasksFocus::RecentRuns)
                .and_then(|t| t.recent_runs.get(self.run_selected))
                .map(|r| r.id.clone()),
        }
    }

    /// Replace the list with the server's (a load or a refresh), keeping the selection by id.
    pub fn set_rows(&mut self, rows: Vec<TaskRow>) {
        let keep = self.selection();
        self.changes += 1;
        self.rows = rows;
        self.drop_vanished_marks();
        self.refilter_keeping(keep);
    }

    /// Put a task the server returned into the list, replacing its old version. The rows are
    /// no longer those of a reply: its ETag is forgotten.
    pub fn upsert(&mut self, row: TaskRow) {
        let keep = self.selection();
        self.changes += 1;
        self.etag = None;
        match self.rows.iter_mut().find(|r| r.task.id == row.task.id) {
            Some(existing) => *existing = row,
            None => self.rows.push(row),
        }
        self.refilter_keeping(keep);
    }

    /// Remove a deleted task. When it was the selected one, its neighbour below takes the
    /// selection (the one above when it was last), as in a file manager.
    pub fn remove(&mut self, id: &str) {
        let keep = self.selection();
        self.changes += 1;
        self.etag = None;
        self.rows.retain(|r| r.task.id != id);
        self.drop_vanished_marks();
        self.refilter_keeping(keep);
    }

    /// Recompute `visible` from the filter and sort, keeping the selected task selected.
    pub fn refilter(&mut self) {
        let keep = self.selection();
        self.refilter_keeping(keep);
    }

    fn refilter_keeping(&mut self, keep: Selection) {
        let needle = self.filter.to_lowercase();
        let artist = self.artist_filter.as_deref().map(str::to_lowercase);
        let mut visible: Vec<usize> = (0..self.rows.len())
            .filter(|i| {
                let t = &self.rows[*i].task;
                artist.as_deref().is_none_or(|artist| by_artist(t, artist))
            })
            .filter(|i| {
                let t = &self.rows[*i].task;
                needle.is_empty()
                    || t.title.to_lowercase().contains(&needle)
                    || t.prompt.to_lowercase().contains(&needle)
                    || t.artist_account_id.to_lowercase().contains(&needle)
                    || t.artist_name
                        .as_deref()
                        .is_some_and(|name| name.to_lowercase().contains(&needle))
            })
            .collect();
        let rows = &self.rows;
        match self.sort {
            Sort::Title => visible.sort_by(|a, b| {
                rows[*a]
                    .task
                    .title
                    .to_lowercase()
                    .cmp(&rows[*b].task.title.to_lowercase())
            }),
            // Tasks that never fire (disabled, invalid) go last.
            Sort::NextFire => {
                visible.sort_by_key(|i| (rows[*i].next_fire.is_none(), rows[*i].next_fire))
            }
            Sort::Health => visible.sort_by_key(|i| {
                let row = &rows[*i];
                (row.health.rank(), row.next_fire.is_none(), row.next_fire)
            }),
        }
        self.visible = visible;
        self.select_id(keep.task.as_deref());
        let same_task = keep.task.is_some()
            && self.selected_task().map(|t| t.id.as_str()) == keep.task.as_deref();
        if !same_task {
            self.run_selected = 0;
            self.detail_scroll = 0;
        }
        let runs = self.selected_task().map_or(&[][..], |t| &t.recent_runs[..]);
        let kept_run = keep
            .run
            .as_deref()
            .filter(|_| same_task)
            .and_then(|id| runs.iter().position(|r| r.id == id));
        let count = runs.len();
        self.run_selected = kept_run
            .unwrap_or(self.run_selected)
            .min(count.saturating_sub(1));
        if self.focus == TasksFocus::RecentRuns && count == 0 {
            self.focus = TasksFocus::List;
        }
    }

    /// Select the task with `id` if it is visible; otherwise keep the position in range.
    pub fn select_id(&mut self, id: Option<&str>) {
        if let Some(pos) = id.and_then(|id| {
            self.visible
                .iter()
                .position(|i| self.rows[*i].task.id == id)
        }) {
            self.selected = pos;
            return;
        }
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }
}

/// Whether `task`'s artist name or id contains `needle` (lower case): `:artist NAME`.
fn by_artist(task: &ListedTask, needle: &str) -> bool {
    task.artist_account_id.to_lowercase().contains(needle)
        || task
            .artist_name
            .as_deref()
            .is_some_and(|name| name.to_lowercase().contains(needle))
}

/// The selected task and recent run, by id.
#[derive(Debug, Clone, Default)]
struct Selection {
    task: Option<String>,
    run: Option<String>,
}
