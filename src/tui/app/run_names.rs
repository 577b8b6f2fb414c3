//! Naming each run by its task. The runs list carries no payload, so a run's task is found
//! through the tasks' recent runs, or else by reading the run once (its payload's `externalId`);
//! a task id the task list lacks makes the app read the list again before the run reads
//! `(deleted task)`.

use super::super::effect::{Effect, ServerCall};
use super::super::state::TaskName;
use super::*;
use crate::client::ClientError;
use crate::model::Run;

/// The most runs read for their task at once.
pub const MAX_FINDING: usize = 4;

impl App {
    /// What the task with this id is called on screen.
    pub fn task_name(&self, task_id: &str) -> TaskName<'_> {
        match self.tasks.task(task_id) {
            Some(task) => TaskName::Title(&task.title),
            None => match self.runs.missing_tasks.get(task_id) {
                Some(at) if *at < self.tasks.loads => TaskName::Deleted,
                _ => TaskName::Unknown,
            },
        }
    }

    /// What the task of the run with this id is called on screen.
    pub fn run_task_name(&self, run_id: &str) -> TaskName<'_> {
        self.runs
            .task_of
            .get(run_id)
            .map_or(TaskName::Unknown, |task| self.task_name(task))
    }

    /// Learn the tasks of the listed runs: first through the tasks' recent runs, then — once no
    /// task list is on its way — by reading the rest, newest first, at most [`MAX_FINDING`] at
    /// a time.
    pub(super) fn find_run_tasks(&mut self, effects: &mut Vec<Effect>) {
        self.learn_run_tasks();
        self.read_run_tasks(effects);
        self.refilter_history();
    }

    /// The runs listed on the Runs screen and in an open task's runs: those whose task is
    /// looked for.
    fn listed_runs(&self) -> impl Iterator<Item = &Run> {
        let history = self.history.as_ref().map_or(&[][..], |h| &h.listed[..]);
        self.runs.runs.iter().chain(history)
    }

    /// An open task's runs shows what is known now of each run's task.
    pub(super) fn refilter_history(&mut self) {
        let runs = &self.runs;
        if let Some(history) = self.history.as_mut() {
            history.refilter(&runs.task_of);
            history.unknown = history
                .listed
                .iter()
                .filter(|run| !runs.task_of.contains_key(&run.id))
                .filter(|run| !runs.unfindable.contains(&run.id))
                .count();
        }
    }

    /// The tasks of listed runs not known yet, found through the tasks' recent runs.
    pub(super) fn learn_run_tasks(&mut self) {
        let unknown: Vec<&str> = self
            .listed_runs()
            .map(|r| r.id.as_str())
            .filter(|id| !self.runs.task_of.contains_key(*id))
            .collect();
        if unknown.is_empty() {
            return;
        }
        let found: Vec<(String, String)> = unknown
            .iter()
            .zip(self.tasks.tasks_of_runs(&unknown))
            .filter_map(|(run, task)| Some((run.to_string(), task?.to_string())))
            .collect();
        for (run, task) in found {
            self.runs.finding.remove(&run);
            self.runs.task_of.insert(run, task);
        }
    }

    /// Read the listed runs whose task is still unknown, newest first, at most [`MAX_FINDING`]
    /// at a time — unless a task list on its way may name them through their recent runs.
    pub(super) fn read_run_tasks(&mut self, effects: &mut Vec<Effect>) {
        if self.tasks.request.is_some() {
            return;
        }
        let to_read: Vec<String> = self
            .listed_runs()
            .map(|r| r.id.as_str())
            .filter(|id| {
                !self.runs.task_of.contains_key(*id)
                    && !self.runs.finding.contains(*id)
                    && !self.runs.unfindable.contains(*id)
            })
            .map(str::to_string)
            .collect();
        for id in to_read {
            if self.runs.finding.len() >= MAX_FINDING {
                break;
            }
            // A run listed twice (the Runs screen and a task's runs) is read once.
            if !self.runs.finding.insert(id.clone()) {
                continue;
            }
            effects.push(Effect::Server(ServerCall::FindRunTask { id }));
        }
    }

    /// A run read for its task.
    pub(super) fn on_run_task_found(
        &mut self,
        run_id: String,
        result: Result<Option<String>, ClientError>,
        effects: &mut Vec<Effect>,
    ) {
        self.runs.finding.remove(&run_id);
        match result {
            Ok(Some(task)) => {
                self.runs.task_of.insert(run_id, task.clone());
                self.notice_missing_task(&task, effects);
            }
            // A run with no task id (not a scheduled task's) or a failed read: left unnamed.
            Ok(None) | Err(_) => {
                self.runs.unfindable.insert(run_id);
            }
        }
        self.find_run_tasks(effects);
    }

    /// A task id a run named: if the list lacks it, read the list again (the task may be newer
    /// than the list); a list read after that which still lacks it means the task is deleted.
    pub(super) fn notice_missing_task(&mut self, task: &str, effects: &mut Vec<Effect>) {
        if self.tasks.task(task).is_some() || self.runs.missing_tasks.contains_key(task) {
            return;
        }
        self.runs
            .missing_tasks
            .insert(task.to_string(), self.tasks.loads);
        if self.tasks.request.is_none() {
            self.tasks.load(&mut self.shared, effects);
        }
    }
}
