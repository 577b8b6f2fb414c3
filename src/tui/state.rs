//! The panes' state: what each list holds, what is selected, and whether it is loading.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::model::{Run, Task};

use super::effect::RequestId;

/// Where a pane's data stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Load {
    #[default]
    Idle,
    Loading,
    Loaded,
    /// The last request failed; what was loaded before is kept and shown.
    Failed(String),
}

/// A task with what the list needs computed once per reply, not per frame.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub task: Task,
    pub next_fire: Option<DateTime<Utc>>,
}

impl TaskRow {
    pub fn new(task: Task, now: DateTime<Utc>) -> TaskRow {
        let next_fire = next_fire(&task, now);
        TaskRow { task, next_fire }
    }
}

/// The engine's next fire for an enabled task; `None` when disabled or invalid.
pub fn next_fire(task: &Task, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if task.enabled == Some(false) {
        return None;
    }
    let zone = trigger_cron::timezones::resolve(
        task.timezone
            .as_deref()
            .unwrap_or(trigger_cron::timezones::DEFAULT_ZONE),
    )
    .ok()?;
    trigger_cron::parse(&task.schedule)
        .ok()?
        .next_after(zone, now)
        .ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    NextFire,
    Title,
}

impl Sort {
    pub fn label(self) -> &'static str {
        match self {
            Sort::NextFire => "next fire",
            Sort::Title => "title",
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

#[derive(Debug, Clone, Default)]
pub struct TasksPane {
    pub load: Load,
    pub rows: Vec<TaskRow>,
    /// Indexes into `rows` that pass the filter, in display order.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    pub sort: Sort,
    pub focus: TasksFocus,
    /// Position in the selected task's recent runs.
    pub run_selected: usize,
    /// The detail pane's first line when it has the focus.
    pub detail_scroll: u16,
    pub request: Option<RequestId>,
    /// Bumped whenever a refresh timer is replaced, so older timers are ignored.
    pub generation: u64,
    /// How many task lists have been loaded.
    pub loads: u64,
}

impl TasksPane {
    pub fn selected_row(&self) -> Option<&TaskRow> {
        self.visible
            .get(self.selected)
            .and_then(|i| self.rows.get(*i))
    }

    pub fn selected_task(&self) -> Option<&Task> {
        self.selected_row().map(|r| &r.task)
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
    pub fn task(&self, id: &str) -> Option<&Task> {
        self.rows.iter().map(|r| &r.task).find(|t| t.id == id)
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
        self.rows = rows;
        self.refilter_keeping(keep);
    }

    /// Put a task the server returned into the list, replacing its old version.
    pub fn upsert(&mut self, row: TaskRow) {
        let keep = self.selection();
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
        self.rows.retain(|r| r.task.id != id);
        self.refilter_keeping(keep);
    }

    /// Recompute `visible` from the filter and sort, keeping the selected task selected.
    pub fn refilter(&mut self) {
        let keep = self.selection();
        self.refilter_keeping(keep);
    }

    fn refilter_keeping(&mut self, keep: Selection) {
        let needle = self.filter.to_lowercase();
        let mut visible: Vec<usize> = (0..self.rows.len())
            .filter(|i| {
                let t = &self.rows[*i].task;
                needle.is_empty()
                    || t.title.to_lowercase().contains(&needle)
                    || t.prompt.to_lowercase().contains(&needle)
                    || t.artist_account_id.to_lowercase().contains(&needle)
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

/// The selected task and recent run, by id.
#[derive(Debug, Clone, Default)]
struct Selection {
    task: Option<String>,
    run: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunsPane {
    pub load: Load,
    /// Newest first.
    pub runs: Vec<Run>,
    pub visible: Vec<usize>,
    pub selected: usize,
    /// Show only runs with this raw status name.
    pub status_filter: Option<String>,
    pub limit: u32,
    pub request: Option<RequestId>,
    pub generation: u64,
    /// Consecutive failed refreshes, for the backoff.
    pub failures: u32,
    /// The newest run for which the tasks were read again to find its task.
    pub tasks_asked_for: Option<String>,
    /// Each run's task id, once known: from the tasks' recent runs, or by reading the run (the
    /// list carries no payload). A run's task never changes, so this is never forgotten.
    pub task_of: HashMap<String, String>,
    /// Runs being read for their task.
    pub finding: HashSet<String>,
    /// Runs whose reading failed: read again only on `r`.
    pub unfindable: HashSet<String>,
    /// Task ids that runs named but the task list lacked, with the count of task lists loaded
    /// when that was found: a later list that still lacks the task means it was deleted.
    pub missing_tasks: HashMap<String, u64>,
}

/// What a run's task is called on screen: one naming for the CLI and the TUI.
pub use crate::present::TaskName;

/// The limits `+`/`-` step through, up to the most `GET /api/tasks/runs` lists (spec §2.6).
pub const RUN_LIMITS: [u32; 4] = [10, 20, 50, 100];

impl Default for RunsPane {
    fn default() -> Self {
        RunsPane {
            load: Load::Idle,
            runs: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            status_filter: None,
            limit: 20,
            request: None,
            generation: 0,
            failures: 0,
            tasks_asked_for: None,
            task_of: HashMap::new(),
            finding: HashSet::new(),
            unfindable: HashSet::new(),
            missing_tasks: HashMap::new(),
        }
    }
}

impl RunsPane {
    pub fn selected_run(&self) -> Option<&Run> {
        self.visible
            .get(self.selected)
            .and_then(|i| self.runs.get(*i))
    }

    /// The distinct statuses among the loaded runs, in first-seen order.
    pub fn statuses(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.runs {
            let name = r.status.name();
            if !out.iter().any(|s| s == name) {
                out.push(name.to_string());
            }
        }
        out
    }

    /// Replace the runs with the server's, keeping the selected run by id.
    pub fn set_runs(&mut self, runs: Vec<Run>) {
        let keep = self.selected_run().map(|r| r.id.clone());
        self.runs = runs;
        self.refilter_keeping(keep);
    }

    /// Recompute `visible` from the status filter, keeping the selected run selected.
    pub fn refilter(&mut self) {
        let keep = self.selected_run().map(|r| r.id.clone());
        self.refilter_keeping(keep);
    }

    fn refilter_keeping(&mut self, keep: Option<String>) {
        self.visible = (0..self.runs.len())
            .filter(|i| match &self.status_filter {
                None => true,
                Some(s) => self.runs[*i].status.name() == s,
            })
            .collect();
        if let Some(pos) =
            keep.and_then(|id| self.visible.iter().position(|i| self.runs[*i].id == id))
        {
            self.selected = pos;
            return;
        }
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }
}

/// An open run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunView {
    pub id: String,
    pub load: Load,
    pub run: Option<Run>,
    pub scroll: u16,
    pub request: Option<RequestId>,
    pub generation: u64,
    pub failures: u32,
}

/// A yes/no question before something destructive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    DeleteTask {
        id: String,
        title: String,
    },
    DiscardForm,
    /// Discard the draft on offer (kept as the previous draft).
    DiscardDraft,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Tasks,
    Runs,
}

/// What the header says about where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Backend {
    /// `local` or the API host.
    pub name: String,
    pub profile: Option<String>,
    pub account: Option<String>,
}
