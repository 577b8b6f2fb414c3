//! A task's runs (`Enter` on a task): the account's newest runs, as many as the API lists at
//! once, kept to those of the task. The runs list carries no payload, so a run's task is known
//! through the tasks' recent runs or by reading the run once (the app's run naming, shared with
//! the Runs screen); the pane shows a run once its task is known to be this one, and says how
//! far back the list reaches.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::client::ClientError;
use crate::model::Run;
use crate::model::health::run_time;

use super::super::action::Action;
use super::super::app::RUNS_REFRESH;
use super::super::effect::{Effect, RequestId, ServerCall};
use super::super::keys::Command;
use super::super::state::Load;
use super::{Ask, Shared, backoff, step};

/// The most runs `GET /api/tasks/runs` lists at once (spec §2.6): how far back a task's runs can
/// be found.
pub const HISTORY_LIMIT: u32 = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPane {
    pub task_id: String,
    pub title: String,
    pub load: Load,
    /// The account's newest runs, newest first, as listed.
    pub listed: Vec<Run>,
    /// Indexes into `listed` of the task's runs that pass the status filter, newest first.
    pub visible: Vec<usize>,
    /// How many of the task's runs there are, whatever the filter.
    pub of_task: usize,
    /// How many listed runs' tasks are not known yet and still looked for (set by the app,
    /// which knows the runs it could not read).
    pub unknown: usize,
    pub selected: usize,
    /// Show only runs with this raw status name.
    pub status_filter: Option<String>,
    pub request: Option<RequestId>,
    /// The auto-refresh timer's number: a timer set before the latest is dropped.
    pub generation: u64,
    /// Loads that failed in a row: the auto-refresh waits longer after each.
    pub failures: u32,
}

/// How far back the listed runs reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The list came back full: older runs exist that it leaves out.
    Latest {
        listed: usize,
        oldest: Option<DateTime<Utc>>,
    },
    /// Fewer than the limit came back: every run the account has.
    All {
        listed: usize,
        oldest: Option<DateTime<Utc>>,
    },
}

impl HistoryPane {
    /// The runs of task `task_id`, about to be loaded.
    pub fn of(task_id: String, title: String) -> HistoryPane {
        HistoryPane {
            task_id,
            title,
            load: Load::Loading,
            listed: Vec::new(),
            visible: Vec::new(),
            of_task: 0,
            unknown: 0,
            selected: 0,
            status_filter: None,
            request: None,
            generation: 0,
            failures: 0,
        }
    }

    pub fn selected_run(&self) -> Option<&Run> {
        self.visible
            .get(self.selected)
            .and_then(|i| self.listed.get(*i))
    }

    /// How far back the list reaches, once loaded.
    pub fn reach(&self) -> Reach {
        let listed = self.listed.len();
        let oldest = self.listed.iter().filter_map(run_time).min();
        if listed >= HISTORY_LIMIT as usize {
            Reach::Latest { listed, oldest }
        } else {
            Reach::All { listed, oldest }
        }
    }

    /// The task's runs among the listed ones, by what is known of each run's task (`task_of`),
    /// filtered by status; the selected run kept by id.
    pub fn refilter(&mut self, task_of: &HashMap<String, String>) {
        let keep = self.selected_run().map(|r| r.id.clone());
        self.refilter_keeping(task_of, keep);
    }

    /// [`HistoryPane::refilter`], selecting the run `keep` if it is shown.
    fn refilter_keeping(&mut self, task_of: &HashMap<String, String>, keep: Option<String>) {
        let mine: Vec<usize> = (0..self.listed.len())
            .filter(|i| task_of.get(&self.listed[*i].id) == Some(&self.task_id))
            .collect();
        self.of_task = mine.len();
        self.visible = mine
            .into_iter()
            .filter(|i| match &self.status_filter {
                None => true,
                Some(s) => self.listed[*i].status.name() == s,
            })
            .collect();
        if let Some(pos) =
            keep.and_then(|id| self.visible.iter().position(|i| self.listed[*i].id == id))
        {
            self.selected = pos;
            return;
        }
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// The distinct statuses of the task's runs, newest first.
    fn statuses(&self, task_of: &HashMap<String, String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for run in &self.listed {
            let name = run.status.name();
            if task_of.get(&run.id) == Some(&self.task_id) && !out.iter().any(|s| s == name) {
                out.push(name.to_string());
            }
        }
        out
    }

    /// A key's command, while the task's runs have the keys.
    pub fn update(
        &mut self,
        command: Command,
        task_of: &HashMap<String, String>,
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
            C::Back => return Ask::Close,
            C::Refresh => self.load(shared, effects),
            C::CopyId => match self.selected_run().map(|r| r.id.clone()) {
                Some(id) if !id.is_empty() => effects.push(Effect::CopyToClipboard(id)),
                _ => shared.unchanged(),
            },
            // As on the Runs screen: the next status among the task's runs, then all.
            C::StatusFilter => {
                let statuses = self.statuses(task_of);
                self.status_filter = match &self.status_filter {
                    None => statuses.first().cloned(),
                    Some(current) => statuses
                        .iter()
                        .position(|s| s == current)
                        .and_then(|i| statuses.get(i + 1))
                        .cloned(),
                };
                self.refilter(task_of);
            }
            _ => shared.unchanged(),
        }
        Ask::Done
    }

    /// Ask the server for the account's runs, as many as it lists.
    pub fn load(&mut self, shared: &mut Shared, effects: &mut Vec<Effect>) {
        let request = shared.request();
        self.request = Some(request);
        if self.load != Load::Loaded {
            self.load = Load::Loading;
        }
        effects.push(Effect::Server(ServerCall::LoadRuns {
            request,
            limit: HISTORY_LIMIT,
        }));
    }

    /// The runs reply; whether it was this pane's (then the app learns the runs' tasks). The
    /// next refresh is set: the open runs are watched as the Runs screen's are.
    pub fn on_loaded(
        &mut self,
        request: RequestId,
        result: Result<Vec<Run>, ClientError>,
        task_of: &HashMap<String, String>,
        effects: &mut Vec<Effect>,
    ) -> bool {
        if self.request != Some(request) {
            return false;
        }
        self.request = None;
        match result {
            Ok(mut runs) => {
                // Taken before the list changes: the indexes are the old list's.
                let keep = self.selected_run().map(|r| r.id.clone());
                runs.sort_by(|a, b| b.created_at.cmp(&a.created_at));
                self.listed = runs;
                self.load = Load::Loaded;
                self.failures = 0;
                self.refilter_keeping(task_of, keep);
            }
            Err(e) => {
                self.load = Load::Failed(e.to_string());
                self.failures += 1;
            }
        }
        self.generation += 1;
        effects.push(Effect::After {
            delay: backoff(RUNS_REFRESH, self.failures),
            action: Box::new(Action::HistoryRefreshDue {
                generation: self.generation,
            }),
        });
        true
    }

    /// The auto-refresh timer: a replaced one is dropped; one that comes while something is
    /// over the pane (`covered`: a run, a form, another screen) waits another period.
    pub fn on_refresh_due(
        &mut self,
        generation: u64,
        covered: bool,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        if generation == self.generation {
            if covered || self.request.is_some() {
                effects.push(Effect::After {
                    delay: RUNS_REFRESH,
                    action: Box::new(Action::HistoryRefreshDue { generation }),
                });
            } else {
                self.load(shared, effects);
            }
        }
        shared.unchanged();
    }

    /// The visible runs' times as "… ago", which the clock alone changes.
    pub fn relative_times(&self, now: DateTime<Utc>) -> Vec<String> {
        self.visible
            .iter()
            .filter_map(|i| run_time(&self.listed[*i]))
            .map(|at| crate::present::ago(at, now))
            .collect()
    }
}
