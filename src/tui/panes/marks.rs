//! Marks on the Tasks list and the bulk changes they allow: `m` marks or unmarks the selected
//! task, `V` marks from the task marked last to the selected one; with marks, `space` and `d`
//! ask once about every marked task, then change them one at a time, reporting each failure
//! and going on with the rest. Marks are task ids, so they outlast refreshes, filters and
//! sorting; a task that leaves the list leaves the marks.

use std::collections::{HashSet, VecDeque};

use crate::client::ClientError;
use crate::model::{ListedTask, Task};
use crate::present::fit;

use super::super::effect::{Effect, RequestId, ServerCall};
use super::super::state::{Question, ToastKind};
use super::tasks::TasksPane;
use super::{Ask, Shared};

/// What a bulk change does to each marked task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkKind {
    Enable,
    Disable,
    Delete,
}

impl BulkKind {
    /// The question's verb: `Disable`.
    fn verb(self) -> &'static str {
        match self {
            BulkKind::Enable => "Enable",
            BulkKind::Disable => "Disable",
            BulkKind::Delete => "Delete",
        }
    }

    /// The report's verb: `Disabled`.
    fn done(self) -> &'static str {
        match self {
            BulkKind::Enable => "Enabled",
            BulkKind::Disable => "Disabled",
            BulkKind::Delete => "Deleted",
        }
    }
}

/// One marked task as the question names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    pub id: String,
    pub title: String,
}

/// A bulk change under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulk {
    pub kind: BulkKind,
    /// Still to send, in list order.
    pub pending: VecDeque<Marked>,
    /// The one on its way.
    pub current: Option<(RequestId, Marked)>,
    pub total: usize,
    pub done: usize,
    /// Titles that failed, with the error.
    pub failed: Vec<(String, String)>,
}

/// How long one title may be in a question: enough to tell tasks apart.
const TITLE_ROOM: usize = 24;

/// The question before a bulk change, e.g. `Disable 3 tasks: “A”, “B”, “C”?`. Titles are cut
/// to fit `room` characters in all; those that do not fit are counted (`and 2 more`).
/// `already`: how many of them are that way already (a mixed set is made all one way).
pub fn question_text(kind: BulkKind, tasks: &[Marked], already: usize, room: usize) -> String {
    let count = tasks.len();
    let noun = if count == 1 { "task" } else { "tasks" };
    let mut head = format!("{} {count} {noun}", kind.verb());
    if already > 0 {
        let state = match kind {
            BulkKind::Enable => "enabled",
            BulkKind::Disable | BulkKind::Delete => "disabled",
        };
        head.push_str(&format!(" ({already} already {state})"));
    }
    let tail = match kind {
        BulkKind::Delete => "? This cannot be undone.",
        BulkKind::Enable | BulkKind::Disable => "?",
    };
    let mut names: Vec<String> = Vec::new();
    let mut used = head.chars().count() + 2 + tail.chars().count();
    for (i, task) in tasks.iter().enumerate() {
        let name = format!(
            "“{}”",
            fit(&crate::present::sanitize::line(&task.title), TITLE_ROOM)
        );
        let left = count - i - 1;
        let more = if left > 0 {
            format!(", and {left} more").chars().count()
        } else {
            0
        };
        let width = name.chars().count() + 2;
        if i > 0 && used + width + more > room {
            names.push(format!("and {} more", count - i));
            break;
        }
        used += width;
        names.push(name);
    }
    format!("{head}: {}{tail}", names.join(", "))
}

impl TasksPane {
    /// `m`: mark or unmark the selected task; the selection stays.
    pub(super) fn mark(&mut self, shared: &mut Shared) {
        let Some(id) = self.selected_task().map(|t| t.id.clone()) else {
            shared.unchanged();
            return;
        };
        if !self.marks.remove(&id) {
            self.marks.insert(id.clone());
        }
        self.mark_anchor = Some(id);
    }

    /// `V`: mark every visible task from the one marked last to the selected one (only the
    /// selected one when nothing was marked yet, or that one is hidden now).
    pub(super) fn mark_range(&mut self, shared: &mut Shared) {
        let Some(id) = self.selected_task().map(|t| t.id.clone()) else {
            shared.unchanged();
            return;
        };
        let anchor = self.mark_anchor.as_deref().and_then(|anchor| {
            self.visible
                .iter()
                .position(|i| self.rows[*i].task.id == anchor)
        });
        let (from, to) = match anchor {
            Some(at) => (at.min(self.selected), at.max(self.selected)),
            None => (self.selected, self.selected),
        };
        for index in &self.visible[from..=to] {
            self.marks.insert(self.rows[*index].task.id.clone());
        }
        self.mark_anchor = Some(id);
    }

    /// Esc in the list: every mark goes.
    pub(super) fn clear_marks(&mut self) {
        self.marks.clear();
        self.mark_anchor = None;
    }

    /// Marks of tasks no longer listed go (after a refresh or a delete).
    pub(super) fn drop_vanished_marks(&mut self) {
        if self.marks.is_empty() {
            return;
        }
        let listed: HashSet<&str> = self.rows.iter().map(|r| r.task.id.as_str()).collect();
        self.marks.retain(|id| listed.contains(id.as_str()));
        if self
            .mark_anchor
            .as_deref()
            .is_some_and(|id| !listed.contains(id))
        {
            self.mark_anchor = None;
        }
    }

    /// The marked tasks, in the order the list shows them (hidden ones after, by title).
    pub fn marked(&self) -> Vec<Marked> {
        let as_marked = |task: &ListedTask| Marked {
            id: task.id.clone(),
            title: task.title.clone(),
        };
        let mut shown: Vec<Marked> = self
            .visible
            .iter()
            .map(|i| &*self.rows[*i].task)
            .filter(|t| self.marks.contains(&t.id))
            .map(as_marked)
            .collect();
        let mut hidden: Vec<Marked> = self
            .rows
            .iter()
            .map(|r| &*r.task)
            .filter(|t| self.marks.contains(&t.id) && !shown.iter().any(|m| m.id == t.id))
            .map(as_marked)
            .collect();
        hidden.sort_by(|a, b| a.title.cmp(&b.title));
        shown.extend(hidden);
        shown
    }

    /// `space` with marks: disable them all when any is enabled, else enable them all.
    pub(super) fn ask_bulk_toggle(&self, shared: &mut Shared) -> Ask {
        if self.bulk.is_some() {
            shared.unchanged();
            return Ask::Done;
        }
        let tasks = self.marked();
        let enabled = tasks
            .iter()
            .filter(|m| self.task(&m.id).is_some_and(|t| t.enabled != Some(false)))
            .count();
        let kind = if enabled > 0 {
            BulkKind::Disable
        } else {
            BulkKind::Enable
        };
        Ask::Confirm(Question::Bulk { kind, tasks })
    }

    /// `d` with marks: the question about deleting them all; `None` while a bulk change runs.
    pub fn bulk_delete_question(&self) -> Option<Question> {
        if self.bulk.is_some() {
            return None;
        }
        Some(Question::Bulk {
            kind: BulkKind::Delete,
            tasks: self.marked(),
        })
    }

    /// How many of `tasks` are already the way `kind` makes them (for the question).
    pub fn already(&self, kind: BulkKind, tasks: &[Marked]) -> usize {
        let disabled = |m: &&Marked| self.task(&m.id).is_some_and(|t| t.enabled == Some(false));
        match kind {
            BulkKind::Disable => tasks.iter().filter(disabled).count(),
            BulkKind::Enable => tasks.iter().filter(|m| !disabled(m)).count(),
            BulkKind::Delete => 0,
        }
    }

    /// `y` to the bulk question: start with the first task.
    pub fn start_bulk(
        &mut self,
        kind: BulkKind,
        tasks: Vec<Marked>,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        self.bulk = Some(Bulk {
            kind,
            total: tasks.len(),
            pending: tasks.into(),
            current: None,
            done: 0,
            failed: Vec::new(),
        });
        self.send_next(shared, effects);
    }

    /// Whether `request` is the bulk change's call on its way.
    pub(super) fn bulk_awaits(&self, request: RequestId) -> bool {
        self.bulk
            .as_ref()
            .and_then(|b| b.current.as_ref())
            .is_some_and(|(r, _)| *r == request)
    }

    /// The reply for the bulk's current task: the task as changed (`None` once deleted), or
    /// why not. A failure is told at once; the rest go on.
    pub(super) fn on_bulk_reply(
        &mut self,
        result: Result<Option<Task>, ClientError>,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        let Some(bulk) = self.bulk.as_mut() else {
            return;
        };
        let Some((_, marked)) = bulk.current.take() else {
            return;
        };
        let kind = bulk.kind;
        match result {
            Ok(changed) => {
                bulk.done += 1;
                self.marks.remove(&marked.id);
                match changed {
                    Some(task) => self.replace(task, false, shared.now),
                    None => self.remove(&marked.id),
                }
            }
            Err(e) => {
                let error = e.to_string();
                let text = format!(
                    "Could not {} “{}”: {error}",
                    kind.verb().to_lowercase(),
                    marked.title
                );
                bulk.failed.push((marked.title, error));
                shared.toast(ToastKind::Error, text, effects);
            }
        }
        self.send_next(shared, effects);
    }

    /// The next task's call, or the report once none is left.
    fn send_next(&mut self, shared: &mut Shared, effects: &mut Vec<Effect>) {
        let Some(bulk) = self.bulk.as_mut() else {
            return;
        };
        let Some(next) = bulk.pending.pop_front() else {
            let report = bulk_report(bulk);
            let kind = if bulk.failed.is_empty() {
                ToastKind::Info
            } else {
                ToastKind::Error
            };
            self.bulk = None;
            shared.toast(kind, report, effects);
            return;
        };
        let request = shared.request();
        let id = next.id.clone();
        let call = match bulk.kind {
            BulkKind::Enable | BulkKind::Disable => ServerCall::SetEnabled {
                request,
                id,
                enabled: bulk.kind == BulkKind::Enable,
            },
            BulkKind::Delete => ServerCall::DeleteTask { request, id },
        };
        bulk.current = Some((request, next));
        effects.push(Effect::Server(call));
    }
}

/// The last word on a bulk change: `Disabled 3 tasks`, or with failures
/// `Disabled 2 of 3 tasks; “B” failed: …`.
fn bulk_report(bulk: &Bulk) -> String {
    let noun = if bulk.total == 1 { "task" } else { "tasks" };
    let verb = bulk.kind.done();
    match bulk.failed.as_slice() {
        [] => format!("{verb} {} {noun}", bulk.total),
        [(title, error)] => format!(
            "{verb} {} of {} {noun}; “{title}” failed: {error}",
            bulk.done, bulk.total
        ),
        failed => {
            let titles: Vec<String> = failed.iter().map(|(t, _)| format!("“{t}”")).collect();
            format!(
                "{verb} {} of {} {noun}; {} failed: {}",
                bulk.done,
                bulk.total,
                failed.len(),
                titles.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(titles: &[&str]) -> Vec<Marked> {
        titles
            .iter()
            .map(|t| Marked {
                id: t.to_lowercase(),
                title: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn the_question_names_the_count_and_the_titles() {
        let text = question_text(BulkKind::Disable, &marked(&["A", "B", "C"]), 0, 200);
        assert_eq!(text, "Disable 3 tasks: “A”, “B”, “C”?");
        let text = question_text(BulkKind::Delete, &marked(&["A"]), 0, 200);
        assert_eq!(text, "Delete 1 task: “A”? This cannot be undone.");
        let text = question_text(BulkKind::Disable, &marked(&["A", "B"]), 1, 200);
        assert_eq!(text, "Disable 2 tasks (1 already disabled): “A”, “B”?");
    }

    #[test]
    fn long_titles_are_cut_and_what_does_not_fit_is_counted() {
        let long = "A very long title that goes on and on and on";
        let text = question_text(BulkKind::Enable, &marked(&[long, "B", "C", "D"]), 0, 50);
        assert_eq!(
            text,
            "Enable 4 tasks: “A very long title that …”, and 3 more?"
        );
    }
}
