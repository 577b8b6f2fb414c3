//! The plan of `tasks apply`, as terraform shows one: what the file wants against what the
//! account has, task by task — `+` create, `~` update (each changed field old → new, the prompt
//! as a line diff), `-` delete (only with `--prune`) — and the checks that must pass before any
//! write: the same rules as the form for each value, one task per identity, the plan's limits.
//! Pure: the caller lists the tasks and does the writes.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use similar::{ChangeTag, TextDiff};

use crate::client::ClientError;
use crate::client::validate::{check_schedule, is_account_id, known_zone};
use crate::model::english_schedule::english_reading;
use crate::model::plans::{cadence_violation, min_cadence_minutes};
use crate::model::{Plan, PlanLimit, Task, UpdateTask, clean_line, clean_prompt, normalize_uuid};
use crate::present::plans::cadence;
use crate::present::task_file::{FileProblem, ReadTask};
use crate::present::{sanitize, zone_hint};

/// The zone of a task that names none.
const DEFAULT_ZONE: &str = "UTC";

/// One task the file wants, its values cleaned as the client would send them (so what is
/// compared is what would be stored), with the line of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub title: String,
    pub prompt: String,
    pub schedule: String,
    pub timezone: String,
    pub artist: String,
    pub model: Option<String>,
    pub enabled: bool,
    pub lines: WantedLines,
}

/// Where each value of a [`Wanted`] is in the file (the task's own line for one left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WantedLines {
    pub task: usize,
    pub title: usize,
    pub prompt: usize,
    pub schedule: usize,
    pub timezone: usize,
    pub artist: usize,
    pub model: usize,
    pub enabled: usize,
}

/// The tasks a file wants: one per artist of each `[[task]]`, in the file's order.
pub fn wanted(read: Vec<ReadTask>) -> Vec<Wanted> {
    let mut out = Vec::new();
    for task in read {
        for artist in &task.artists {
            out.push(Wanted {
                title: clean_line(&task.title.value),
                prompt: clean_prompt(&task.prompt.value),
                schedule: clean_line(&task.schedule.value),
                timezone: task
                    .timezone
                    .as_ref()
                    .map_or_else(|| DEFAULT_ZONE.to_string(), |zone| clean_line(&zone.value)),
                artist: normalize_uuid(&artist.value),
                model: task.model.as_ref().map(|model| clean_line(&model.value)),
                enabled: task.enabled.as_ref().is_none_or(|enabled| enabled.value),
                lines: WantedLines {
                    task: task.line,
                    title: task.title.line,
                    prompt: task.prompt.line,
                    schedule: task.schedule.line,
                    timezone: task.timezone.as_ref().map_or(task.line, |at| at.line),
                    artist: artist.line,
                    model: task.model.as_ref().map_or(task.line, |at| at.line),
                    enabled: task.enabled.as_ref().map_or(task.line, |at| at.line),
                },
            });
        }
    }
    out
}

/// `"text"`, one line, safe to print, with `"` and `\\` escaped as in the file.
fn quoted(text: &str) -> String {
    let line = sanitize::line(text);
    serde_json::to_string(line.as_ref()).unwrap_or_else(|_| format!("\"{line}\""))
}

/// Each value checked by the form's and the client's rules, every problem named at its line.
pub fn value_problems(wanted: &[Wanted], now: DateTime<Utc>) -> Vec<FileProblem> {
    let mut problems = Vec::new();
    for task in wanted {
        let lines = &task.lines;
        if task.title.trim().is_empty() {
            problems.push(FileProblem::at(lines.title, "title: a title is required"));
        }
        if task.prompt.trim().is_empty() {
            problems.push(FileProblem::at(
                lines.prompt,
                "prompt: a prompt is required",
            ));
        }
        if !is_account_id(&task.artist) {
            problems.push(FileProblem::at(
                lines.artist,
                format!(
                    "artist {}: artist account id must be a valid UUID",
                    quoted(&task.artist)
                ),
            ));
        }
        if task.model.as_deref().is_some_and(|m| m.trim().is_empty()) {
            problems.push(FileProblem::at(
                lines.model,
                "model: model must be a non-empty string",
            ));
        }
        let zone_problem = |err: ClientError| {
            let mut message = format!("timezone {}: {err}", quoted(&task.timezone));
            if let Some(hint) = zone_hint(&task.timezone, now) {
                let _ = write!(message, "; {hint}");
            }
            FileProblem::at(lines.timezone, message)
        };
        let zone_known = match known_zone(&task.timezone) {
            Ok(()) => true,
            Err(err) => {
                problems.push(zone_problem(err));
                false
            }
        };
        if task.schedule.trim().is_empty() {
            problems.push(FileProblem::at(
                lines.schedule,
                "schedule: a schedule is required",
            ));
            continue;
        }
        // A zone already refused is not refused again by the schedule's check: that one runs
        // in UTC, so the schedule still gets its own verdict.
        let zone = zone_known.then_some(task.timezone.as_str());
        match check_schedule(&task.schedule, zone, now) {
            Ok(()) => {}
            Err(ClientError::Invalid { field, message }) if field == "timezone" => {
                problems.push(zone_problem(ClientError::Invalid { field, message }));
            }
            Err(err) => {
                let mut message = format!("schedule {}: {err}", quoted(&task.schedule));
                // A phrase the form would read: the file takes cron, so say which.
                if let Some(Ok(english)) = english_reading(&task.schedule) {
                    message = format!(
                        "schedule {}: a file holds cron, not English; it reads as {}: write schedule = {}",
                        quoted(&task.schedule),
                        english.expression,
                        quoted(&english.expression)
                    );
                }
                problems.push(FileProblem::at(lines.schedule, message));
            }
        }
    }
    problems
}

/// A task's identity: its artist (lower-case) and its title.
type Identity = (String, String);

fn identity_of(task: &Task) -> Identity {
    (
        normalize_uuid(&task.artist_account_id),
        clean_line(&task.title),
    )
}

fn wanted_identity(task: &Wanted) -> Identity {
    (task.artist.clone(), task.title.clone())
}

/// Two tasks of the file with one identity: the second named at its line, with the first's.
pub fn file_duplicates(wanted: &[Wanted]) -> Vec<FileProblem> {
    let mut first: HashMap<Identity, usize> = HashMap::new();
    let mut problems = Vec::new();
    for task in wanted {
        match first.get(&wanted_identity(task)) {
            Some(line) => problems.push(FileProblem::at(
                task.lines.artist.max(task.lines.title),
                format!(
                    "task {} for artist {} is already at line {line} (a task is known by its artist and title)",
                    quoted(&task.title),
                    task.artist
                ),
            )),
            None => {
                first.insert(wanted_identity(task), task.lines.task);
            }
        }
    }
    problems
}

/// Two tasks of the account with one identity, named with their ids: which of them the file
/// means cannot be told.
pub fn account_duplicates(tasks: &[Task]) -> Vec<FileProblem> {
    let mut by_identity: BTreeMap<Identity, Vec<&str>> = BTreeMap::new();
    for task in tasks {
        by_identity
            .entry(identity_of(task))
            .or_default()
            .push(&task.id);
    }
    by_identity
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|((artist, title), ids)| FileProblem {
            line: None,
            message: format!(
                "the account has {} tasks {} for artist {} ({}): a task is known by its artist and title, so rename or delete all but one",
                ids.len(),
                quoted(&title),
                sanitize::line(&artist),
                ids.iter()
                    .map(|id| sanitize::line(id).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect()
}

/// One field an update changes, as the plan shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub name: &'static str,
    pub old: String,
    pub new: String,
}

/// A task of the account the file changes.
#[derive(Debug)]
pub struct Update<'a> {
    pub wanted: &'a Wanted,
    pub fields: Vec<FieldChange>,
    /// The PATCH body: the id and the changed fields.
    pub body: UpdateTask,
}

/// What applying the file does.
#[derive(Debug, Default)]
pub struct ApplyPlan<'a> {
    pub creates: Vec<&'a Wanted>,
    pub updates: Vec<Update<'a>>,
    pub deletes: Vec<&'a Task>,
    /// Tasks of the file the account already has as they are.
    pub unchanged: usize,
    /// Tasks of the account the file does not have, kept (without `--prune`).
    pub kept: usize,
    /// The account every write acts for (`--account`), if not the key's.
    pub account: Option<String>,
}

impl ApplyPlan<'_> {
    /// How many writes it takes.
    pub fn writes(&self) -> usize {
        self.creates.len() + self.updates.len() + self.deletes.len()
    }
}

/// The account's `tasks` made to match `wanted` (which hold one task per identity, as do the
/// tasks: checked before). `account` is sent with every write when the file acts for another
/// account.
pub fn plan<'a>(
    wanted: &'a [Wanted],
    tasks: &'a [Task],
    prune: bool,
    account: Option<&str>,
) -> ApplyPlan<'a> {
    let by_identity: HashMap<Identity, &Task> =
        tasks.iter().map(|task| (identity_of(task), task)).collect();
    let mut plan = ApplyPlan {
        account: account.map(str::to_string),
        ..ApplyPlan::default()
    };
    for want in wanted {
        match by_identity.get(&wanted_identity(want)) {
            None => plan.creates.push(want),
            Some(task) => {
                let (fields, body) = changes(want, task, account);
                if fields.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.updates.push(Update {
                        wanted: want,
                        fields,
                        body,
                    });
                }
            }
        }
    }
    let in_file: std::collections::HashSet<Identity> = wanted.iter().map(wanted_identity).collect();
    let mut absent: Vec<&Task> = tasks
        .iter()
        .filter(|task| !in_file.contains(&identity_of(task)))
        .collect();
    absent.sort_by_key(|task| identity_of(task));
    if prune {
        plan.deletes = absent;
    } else {
        plan.kept = absent.len();
    }
    plan
}

/// What differs between the wanted task and the account's, and the PATCH that changes it. The
/// task's values are compared as they would be sent (cleaned), so text an older version stored
/// unclean is not changed just by being applied. A file without `model` keeps the task's model
/// (the API cannot clear one).
fn changes(want: &Wanted, task: &Task, account: Option<&str>) -> (Vec<FieldChange>, UpdateTask) {
    let mut fields = Vec::new();
    let mut body = UpdateTask {
        id: task.id.clone(),
        account_id: account.map(str::to_string),
        ..UpdateTask::default()
    };
    let old_prompt = clean_prompt(&task.prompt);
    if old_prompt != want.prompt {
        fields.push(FieldChange {
            name: "prompt",
            old: old_prompt,
            new: want.prompt.clone(),
        });
        body.prompt = Some(want.prompt.clone());
    }
    let old_schedule = clean_line(&task.schedule);
    if old_schedule != want.schedule {
        fields.push(FieldChange {
            name: "schedule",
            old: quoted(&old_schedule),
            new: quoted(&want.schedule),
        });
        body.schedule = Some(want.schedule.clone());
    }
    let old_zone = task
        .timezone
        .as_deref()
        .map(clean_line)
        .filter(|zone| !zone.is_empty())
        .unwrap_or_else(|| DEFAULT_ZONE.to_string());
    if old_zone != want.timezone {
        fields.push(FieldChange {
            name: "timezone",
            old: quoted(&old_zone),
            new: quoted(&want.timezone),
        });
        body.timezone = Some(want.timezone.clone());
    }
    if let Some(model) = &want.model {
        let old_model = task.model.as_deref().map(clean_line).unwrap_or_default();
        if old_model != *model {
            fields.push(FieldChange {
                name: "model",
                old: if old_model.is_empty() {
                    "(none)".to_string()
                } else {
                    quoted(&old_model)
                },
                new: quoted(model),
            });
            body.model = Some(model.clone());
        }
    }
    let old_enabled = task.enabled != Some(false);
    if old_enabled != want.enabled {
        fields.push(FieldChange {
            name: "enabled",
            old: old_enabled.to_string(),
            new: want.enabled.to_string(),
        });
        body.enabled = Some(Some(want.enabled));
    }
    (fields, body)
}

/// The plan's limits, when the plan is known, checked against the writes in the order they
/// are made (deletes, updates that disable, other updates, creates): the cadence of every
/// schedule sent, and the count of enabled tasks each write that takes a slot finds.
pub fn limit_problems(apply: &ApplyPlan<'_>, tasks: &[Task], plan: Plan) -> Vec<FileProblem> {
    let mut problems = Vec::new();
    let cadence_problem = |line: usize, schedule: &str| {
        cadence_violation(schedule, plan).map(|_| {
            let gap = min_cadence_minutes(schedule)
                .map(cadence)
                .unwrap_or_default();
            FileProblem::at(
                line,
                format!(
                    "schedule {} fires every {gap}: {}",
                    quoted(schedule),
                    PlanLimit::MinCadence.message(plan)
                ),
            )
        })
    };
    let mut enabled = tasks
        .iter()
        .filter(|task| task.enabled != Some(false))
        .count() as u32;
    for task in &apply.deletes {
        if task.enabled != Some(false) {
            enabled = enabled.saturating_sub(1);
        }
    }
    let count_problem = |line: usize, title: &str, count: u32| {
        FileProblem::at(
            line,
            format!(
                "task {} would be enabled task {} of the account: {}",
                quoted(title),
                count + 1,
                PlanLimit::TaskCount.message(plan)
            ),
        )
    };
    let over = |count: u32| plan.task_limit().is_some_and(|limit| count >= limit);
    for update in ordered_updates(apply) {
        if let Some(schedule) = &update.body.schedule {
            problems.extend(cadence_problem(update.wanted.lines.schedule, schedule));
        }
        match update.body.enabled {
            Some(Some(false)) => enabled = enabled.saturating_sub(1),
            Some(Some(true)) => {
                if over(enabled) {
                    problems.push(count_problem(
                        update.wanted.lines.enabled,
                        &update.wanted.title,
                        enabled,
                    ));
                }
                enabled += 1;
            }
            _ => {}
        }
    }
    for want in &apply.creates {
        problems.extend(cadence_problem(want.lines.schedule, &want.schedule));
        // A create takes a slot even when it is disabled right after.
        if over(enabled) {
            problems.push(count_problem(want.lines.task, &want.title, enabled));
        }
        if want.enabled {
            enabled += 1;
        }
    }
    problems.sort_by_key(|problem| problem.line);
    problems
}

/// The updates in the order they are written: those that disable a task first (they free a
/// slot for the others).
pub fn ordered_updates<'p, 'a>(apply: &'p ApplyPlan<'a>) -> Vec<&'p Update<'a>> {
    let mut updates: Vec<&Update<'a>> = apply.updates.iter().collect();
    updates.sort_by_key(|update| update.body.enabled != Some(Some(false)));
    updates
}

/// A task as the plan names it: `"Weekly" for Nova  1b4e…` (the artist's name when the
/// account's tasks know it).
pub fn task_label(title: &str, artist: &str, names: &HashMap<String, String>) -> String {
    let artist = crate::present::detail_artist(names.get(artist).map(String::as_str), artist);
    format!("{} for {artist}", quoted(title))
}

/// The artists' names the account's tasks know, by artist id.
pub fn artist_names(tasks: &[Task]) -> HashMap<String, String> {
    tasks
        .iter()
        .filter_map(|task| {
            let name = task.artist_name.as_deref()?.trim();
            (!name.is_empty()).then(|| (normalize_uuid(&task.artist_account_id), name.to_string()))
        })
        .collect()
}

/// The plan as text: a block per change, then the summary line.
pub fn render(apply: &ApplyPlan<'_>, names: &HashMap<String, String>) -> String {
    let mut out = String::new();
    for want in &apply.creates {
        let _ = writeln!(
            out,
            "+ create {}",
            task_label(&want.title, &want.artist, names)
        );
        let _ = writeln!(out, "    schedule: {}", quoted(&want.schedule));
        let _ = writeln!(out, "    timezone: {}", quoted(&want.timezone));
        if let Some(model) = &want.model {
            let _ = writeln!(out, "    model: {}", quoted(model));
        }
        if !want.enabled {
            let _ = writeln!(out, "    enabled: false");
        }
    }
    for update in &apply.updates {
        let want = update.wanted;
        let _ = writeln!(
            out,
            "~ update {}",
            task_label(&want.title, &want.artist, names)
        );
        for field in &update.fields {
            if field.name == "prompt" {
                out.push_str("    prompt:\n");
                out.push_str(&line_diff(&field.old, &field.new, "      "));
            } else {
                let _ = writeln!(out, "    {}: {} → {}", field.name, field.old, field.new);
            }
        }
    }
    for task in &apply.deletes {
        let _ = writeln!(
            out,
            "- delete {}",
            task_label(
                &clean_line(&task.title),
                &normalize_uuid(&task.artist_account_id),
                names
            )
        );
    }
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} to create, {} to update, {} to delete, {} unchanged",
        apply.creates.len(),
        apply.updates.len(),
        apply.deletes.len(),
        apply.unchanged
    );
    if apply.kept > 0 {
        let _ = writeln!(
            out,
            "{} {} of the account not in the file kept (--prune deletes them)",
            apply.kept,
            if apply.kept == 1 { "task" } else { "tasks" }
        );
    }
    out
}

/// The prompt's change, line by line: `- ` a line removed, `+ ` a line added, `  ` a line kept
/// around them (two of context; `…` where unchanged lines are left out). A text that differs
/// only in its final line break says so. Myers' diff (the `similar` crate), as git shows it.
pub fn line_diff(old: &str, new: &str, indent: &str) -> String {
    let mut out = String::new();
    let diff = TextDiff::from_lines(old, new);
    for (index, group) in diff.grouped_ops(2).iter().enumerate() {
        if index > 0 {
            let _ = writeln!(out, "{indent}  …");
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => "- ",
                    ChangeTag::Insert => "+ ",
                    ChangeTag::Equal => "  ",
                };
                let text = change.value();
                let line = text.strip_suffix('\n').unwrap_or(text);
                let _ = writeln!(out, "{indent}{sign}{}", sanitize::line(line));
                if change.missing_newline() && old.ends_with('\n') != new.ends_with('\n') {
                    let _ = writeln!(out, "{indent}  (no line break at the end)");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(schedule: &str) -> Wanted {
        Wanted {
            title: "Weekly".into(),
            prompt: "Summarise.".into(),
            schedule: schedule.into(),
            timezone: "UTC".into(),
            artist: "1b4e28ba-2fa1-11d2-883f-0016d3cca427".into(),
            model: None,
            enabled: true,
            lines: WantedLines {
                task: 1,
                title: 2,
                prompt: 3,
                schedule: 4,
                timezone: 5,
                artist: 6,
                model: 1,
                enabled: 1,
            },
        }
    }

    #[test]
    fn a_schedule_in_english_is_refused_naming_the_cron_to_write() {
        let now = "2026-12-02T12:00:00Z"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let problems: Vec<String> = value_problems(&[wanted("weekdays at 9am")], now)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "line 4: schedule \"weekdays at 9am\": a file holds cron, not English; it reads as 0 9 * * 1-5: write schedule = \"0 9 * * 1-5\""
            ]
        );
        assert!(value_problems(&[wanted("0 9 * * 1-5")], now).is_empty());
    }

    #[test]
    fn the_prompt_diff_shows_changed_lines_with_context() {
        assert_eq!(
            line_diff("a\nb\nc\nd\ne\nf\ng\n", "a\nB\nc\nd\ne\nf\nG\n", ""),
            "  a\n- b\n+ B\n  c\n  d\n  e\n  f\n- g\n+ G\n"
        );
        assert_eq!(
            line_diff(
                "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
                "X\n2\n3\n4\n5\n6\n7\n8\nY\n",
                "  "
            ),
            "  - 1\n  + X\n    2\n    3\n    …\n    7\n    8\n  - 9\n  + Y\n"
        );
        assert_eq!(
            line_diff("one\n", "one", ""),
            "- one\n+ one\n  (no line break at the end)\n"
        );
    }
}
