//! The Runs pane: the account's recent runs, newest first, with a status filter and a limit;
//! each run named by its task (the app finds the names, across panes).

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use ratatui::layout::Position;

use crate::client::ClientError;
use crate::model::Run;

use super::super::action::Action;
use super::super::app::RUNS_REFRESH;
use super::super::drawn::Drawn;
use super::super::effect::{Effect, RequestId, ServerCall};
use super::super::keys::Command;
use super::super::state::{Load, Screen, ToastKind};
use super::{Ask, Shared, backoff, step};

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

impl RunsPane {
    /// A key's command, while the Runs screen has the keys.
    pub fn update(
        &mut self,
        command: Command,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) -> Ask {
        use Command as C;
        match command {
            C::Up | C::Down | C::PageUp | C::PageDown | C::Top | C::Bottom => {
                let before = self.selected;
                self.selected = step(command, before, self.visible.len(), shared.page());
                shared.dirty = before != self.selected;
            }
            C::Open => match self.selected_run() {
                Some(run) => return Ask::OpenRun(Box::new(run.clone())),
                None => shared.unchanged(),
            },
            C::Refresh => {
                // Runs whose reading failed are tried again.
                self.unfindable.clear();
                self.load(shared, effects);
            }
            C::CopyId => match self.selected_run().map(|r| r.id.clone()) {
                Some(id) if !id.is_empty() => effects.push(Effect::CopyToClipboard(id)),
                _ => shared.unchanged(),
            },
            C::StatusFilter => {
                let statuses = self.statuses();
                self.status_filter = match &self.status_filter {
                    None => statuses.first().cloned(),
                    Some(current) => statuses
                        .iter()
                        .position(|s| s == current)
                        .and_then(|i| statuses.get(i + 1))
                        .cloned(),
                };
                self.refilter();
            }
            C::MoreRuns | C::FewerRuns => self.change_limit(command, shared, effects),
            // The app's commands never reach a pane.
            _ => shared.unchanged(),
        }
        Ask::Done
    }

    fn change_limit(&mut self, command: Command, shared: &mut Shared, effects: &mut Vec<Effect>) {
        let at = RUN_LIMITS
            .iter()
            .position(|l| *l >= self.limit)
            .unwrap_or(RUN_LIMITS.len() - 1);
        let more = command == Command::MoreRuns;
        let at = if more {
            (at + 1).min(RUN_LIMITS.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        if RUN_LIMITS[at] == self.limit && more {
            let text = format!("{} runs is the most the API lists at once", self.limit);
            shared.toast(ToastKind::Info, text, effects);
        } else if RUN_LIMITS[at] == self.limit {
            shared.unchanged();
        } else {
            self.limit = RUN_LIMITS[at];
            self.load(shared, effects);
        }
    }

    /// Ask the server for the runs.
    pub fn load(&mut self, shared: &mut Shared, effects: &mut Vec<Effect>) {
        let request = shared.request();
        self.request = Some(request);
        if self.load != Load::Loaded {
            self.load = Load::Loading;
        }
        effects.push(Effect::Server(ServerCall::LoadRuns {
            request,
            limit: self.limit,
        }));
    }

    /// A click on a drawn row selects it.
    pub fn click(&mut self, at: Position, drawn: &Drawn, shared: &mut Shared) {
        let Some(list) = drawn.list.filter(|l| l.screen == Screen::Runs) else {
            shared.unchanged();
            return;
        };
        if !list.rows.contains(at) {
            return;
        }
        let index = list.first + usize::from(at.y - list.rows.y);
        if index < self.visible.len() {
            self.selected = index;
        }
    }

    /// A runs reply; `None` when it answers an older request (dropped), else whether it
    /// brought runs.
    pub fn on_loaded(
        &mut self,
        request: RequestId,
        result: Result<Vec<Run>, ClientError>,
        shared: &mut Shared,
    ) -> Option<bool> {
        if self.request != Some(request) {
            shared.unchanged();
            return None;
        }
        self.request = None;
        match result {
            Ok(mut runs) => {
                self.failures = 0;
                runs.sort_by(|a, b| b.created_at.cmp(&a.created_at));
                if self.load == Load::Loaded && runs == self.runs {
                    shared.unchanged();
                } else {
                    self.set_runs(runs);
                    self.load = Load::Loaded;
                }
                Some(true)
            }
            Err(e) => {
                self.failures += 1;
                self.load = Load::Failed(e.to_string());
                Some(false)
            }
        }
    }

    /// The next refresh while the Runs screen shows, later after each failure.
    pub fn schedule_refresh(&mut self, effects: &mut Vec<Effect>) {
        self.schedule_refresh_in(backoff(RUNS_REFRESH, self.failures), effects);
    }

    /// A refresh after `delay`; any timer set before is dropped.
    pub fn schedule_refresh_in(&mut self, delay: Duration, effects: &mut Vec<Effect>) {
        self.generation += 1;
        effects.push(Effect::After {
            delay,
            action: Box::new(Action::RunsRefreshDue {
                generation: self.generation,
            }),
        });
    }
}
