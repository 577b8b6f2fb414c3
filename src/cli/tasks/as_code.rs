//! Tasks as code: `tasks export` writes the account's tasks as a file to edit and review, and
//! `tasks apply -f FILE` makes the account match one — a plan first (see [`super::apply_plan`]),
//! every value checked before any write, writes that never duplicate a task.

use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;

use chrono::Utc;

use super::apply_plan::{self, ApplyPlan, Wanted, task_label};
use super::{Done, message, told};
use crate::backend::Backend;
use crate::client::{ClientError, RecoupClient, TaskFilter};
use crate::config::shared_files;
use crate::model::{CreateTask, Task, UpdateTask};
use crate::present::sanitize;
use crate::present::task_file::{self, FileFormat, FileProblem};

/// How many writes make the progress bar worth drawing.
const BAR_FROM_WRITES: usize = 4;

/// `--format` of `tasks export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Toml,
    Json,
}

/// `tasks export`: the tasks `filter` selects, as TOML or JSON, on stdout or into `output`.
pub async fn export(
    client: &RecoupClient,
    filter: &TaskFilter,
    format: ExportFormat,
    output: Option<&Path>,
) -> Result<Done, String> {
    let tasks = client.list_tasks(filter).await.map_err(message)?;
    let file_tasks = task_file::file_tasks(&tasks);
    let text = match format {
        ExportFormat::Toml => task_file::to_toml(&file_tasks),
        ExportFormat::Json => task_file::to_json(&file_tasks),
    };
    let Some(path) = output else {
        return Ok(Done::out(text));
    };
    shared_files::write_whole(path, text.as_bytes())
        .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    let count = file_tasks.len();
    Ok(Done::out(format!(
        "Exported {count} {} to {}\n",
        if count == 1 { "task" } else { "tasks" },
        path.display()
    )))
}

/// What `tasks apply` was asked.
#[derive(Debug, Clone)]
pub struct ApplyRequest {
    pub file: String,
    pub dry_run: bool,
    pub prune: bool,
    pub yes: bool,
    pub account: Option<String>,
}

/// `tasks apply`: reads and checks the file, lists the account's tasks, prints the plan, asks
/// (or not), writes. Problems go to stderr one a line, then the returned error.
pub async fn apply(backend: &Backend, request: ApplyRequest) -> Result<Done, String> {
    let text = read_file(&request.file)?;
    let name = &request.file;
    let read = task_file::read(&text, FileFormat::of_path(name));
    let mut problems = Vec::new();
    let wanted = match read {
        Ok(read) => apply_plan::wanted(read),
        Err(found) => return Err(report(name, &found)),
    };
    let now = Utc::now();
    problems.extend(apply_plan::value_problems(&wanted, now));
    problems.extend(apply_plan::file_duplicates(&wanted));
    let filter = TaskFilter {
        account_id: request.account.clone(),
        ..TaskFilter::default()
    };
    let client = &backend.client;
    let tasks = client.list_tasks(&filter).await.map_err(message)?;
    problems.extend(apply_plan::account_duplicates(&tasks));
    if !problems.is_empty() {
        // In the file's order, the account's own problems (no line) first; a task of several
        // artists has its problems once.
        problems.sort_by(|a, b| (a.line, &a.message).cmp(&(b.line, &b.message)));
        problems.dedup();
        return Err(report(name, &problems));
    }
    let plan = apply_plan::plan(&wanted, &tasks, request.prune, request.account.as_deref());
    if let Some(account_plan) = backend.plan {
        let mut limits = apply_plan::limit_problems(&plan, &tasks, account_plan);
        limits.dedup();
        if !limits.is_empty() {
            return Err(report(name, &limits));
        }
    }
    let mut names = apply_plan::artist_names(&tasks);
    // The artists the key may use name the rest (an artist new to the account's tasks); the
    // plan shows ids alone if they cannot be listed.
    if let Ok(artists) = client.artists().await {
        for artist in artists {
            if let Some(name) = artist.name.filter(|name| !name.trim().is_empty()) {
                names
                    .entry(crate::model::normalize_uuid(&artist.account_id))
                    .or_insert(name);
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(apply_plan::render(&plan, &names).as_bytes());
    let _ = stdout.flush();
    drop(stdout);
    if request.dry_run || plan.writes() == 0 {
        return Ok(Done::out(String::new()));
    }
    if !request.yes {
        if request.file == "-" || !std::io::stdin().is_terminal() {
            return Err(
                "not applied: standard input is not a terminal to ask on; pass --yes to apply without asking"
                    .to_string(),
            );
        }
        if !confirm()? {
            return Err("not applied".to_string());
        }
    }
    let outcome = write_plan(client, &plan, &names).await;
    let mut done = Done::out(format!(
        "Applied: {} created, {} updated, {} deleted\n",
        outcome.created, outcome.updated, outcome.deleted
    ));
    done.notes = outcome.notes;
    if outcome.failed > 0 {
        // What did succeed is said all the same.
        print!("{}", done.stdout);
        for note in &done.notes {
            eprintln!("Warning: {}", sanitize::line(note));
        }
        return Err(format!(
            "{} of {} changes failed (see above); the others were made",
            outcome.failed,
            plan.writes()
        ));
    }
    Ok(done)
}

/// The file's text; `-` is stdin.
fn read_file(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|err| format!("cannot read the task file from stdin: {err}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|err| format!("cannot read {path}: {err}"))
}

/// Prints every problem on stderr, one a line; the error line that ends them.
fn report(name: &str, problems: &[FileProblem]) -> String {
    for problem in problems {
        eprintln!("{}", sanitize::line(&problem.to_string()));
    }
    let count = problems.len();
    format!(
        "{count} {} in {name}; nothing was written",
        if count == 1 { "problem" } else { "problems" }
    )
}

/// Asks once on the terminal; true for `y`/`yes`.
fn confirm() -> Result<bool, String> {
    eprint!("Apply? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|err| format!("cannot read the answer: {err}"))?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// What the writes did.
#[derive(Debug, Default)]
struct Outcome {
    created: usize,
    updated: usize,
    deleted: usize,
    failed: usize,
    notes: Vec<String>,
}

/// Makes the writes, in the order the limits were checked in (deletes, updates that disable,
/// other updates, creates). A failed write is reported and the others go on. On a terminal, a
/// progress bar while more than a few run.
async fn write_plan(
    client: &RecoupClient,
    plan: &ApplyPlan<'_>,
    names: &HashMap<String, String>,
) -> Outcome {
    let mut outcome = Outcome::default();
    let bar = (plan.writes() >= BAR_FROM_WRITES && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(plan.writes() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let failed = |outcome: &mut Outcome, what: String, err: String| {
        outcome.failed += 1;
        let line = format!("Error: {what}: {}", sanitize::line(&err));
        match &bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    };
    // The bar names the write under way, and counts those done.
    let start = |label: &str| {
        if let Some(bar) = &bar {
            bar.set_message(label.to_string());
        }
    };
    let done = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    for task in &plan.deletes {
        let label = task_label(
            &task.title,
            &crate::model::normalize_uuid(&task.artist_account_id),
            names,
        );
        start(&label);
        match client.delete_task(&task.id).await {
            Ok(_) => outcome.deleted += 1,
            Err(err) => failed(&mut outcome, format!("delete {label}"), message(err)),
        }
        done();
    }
    for update in apply_plan::ordered_updates(plan) {
        let want = update.wanted;
        let label = task_label(&want.title, &want.artist, names);
        start(&label);
        match client.update_task(&update.body).await {
            Ok(_) => outcome.updated += 1,
            Err(err) => failed(
                &mut outcome,
                format!("update {label}"),
                told(err, update.body.schedule.as_deref(), None),
            ),
        }
        done();
    }
    for want in &plan.creates {
        let label = task_label(&want.title, &want.artist, names);
        start(&label);
        match create(client, want, plan.account.as_deref()).await {
            Ok(note) => {
                outcome.created += 1;
                outcome.notes.extend(note);
            }
            Err(err) => failed(&mut outcome, format!("create {label}"), err),
        }
        done();
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    outcome
}

/// Creates `want` by the path of `tasks create`, which never sends a create twice (one that
/// timed out is looked up); a disabled one is then disabled. A note when the create's reply
/// was lost but the task was found.
async fn create(
    client: &RecoupClient,
    want: &Wanted,
    account: Option<&str>,
) -> Result<Option<String>, String> {
    let draft = CreateTask {
        title: want.title.clone(),
        prompt: want.prompt.clone(),
        schedule: want.schedule.clone(),
        artist_account_id: want.artist.clone(),
        account_id: account.map(str::to_string),
        model: want.model.clone(),
        timezone: Some(want.timezone.clone()),
    };
    let (task, note): (Task, Option<String>) = match client.create_task(&draft).await {
        Ok(task) => (task, None),
        Err(ClientError::CreatedDespite { task, cause }) => (
            *task,
            Some(format!(
                "{cause}; the task \"{}\" had been created all the same, so it was not sent again",
                want.title
            )),
        ),
        Err(err) => return Err(told(err, Some(&want.schedule), Some(&want.timezone))),
    };
    if !want.enabled {
        let disable = UpdateTask {
            id: task.id.clone(),
            account_id: account.map(str::to_string),
            enabled: Some(Some(false)),
            ..UpdateTask::default()
        };
        client.update_task(&disable).await.map_err(|err| {
            format!(
                "created, but not disabled as the file says: {}",
                message(err)
            )
        })?;
    }
    Ok(note)
}
