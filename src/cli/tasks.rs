//! `recoup-tasks tasks list|create|update|delete|runs|status`: the Recoup CLI's task commands
//! (spec §8) — same flags, same `--json` output (2-space indent), every error one line
//! `Error: <message>` on stderr with exit status 1 — plus `--timezone`, pre-send validation and
//! local mode.

mod apply_plan;
mod as_code;
mod render;
mod terminal_json;

use std::io::{BufRead, IsTerminal, Read, Write};

use chrono::Utc;
use serde_json::Value;

use crate::backend::{self, Backend};
use crate::client::{ClientError, ClientOptions, RecoupClient, RunsQuery, TaskFilter};
use crate::model::{CreateTask, Run, Task, UpdateTask};
use crate::present::plans::refusal_line;
use crate::present::{TaskName, local_zone, sanitize, zone_hint};

/// `recoup-tasks tasks …`
#[derive(Debug, Clone, clap::Args)]
pub struct TasksArgs {
    #[command(subcommand)]
    pub command: TasksCommand,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum TasksCommand {
    /// List scheduled tasks.
    List {
        /// Account whose tasks to list (needs organisation or admin access).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// Only this artist's tasks.
        #[arg(long, value_name = "ID")]
        artist: Option<String>,
        /// Only enabled (true) or disabled (false) tasks.
        #[arg(long, value_name = "true|false", action = clap::ArgAction::Set)]
        enabled: Option<bool>,
        /// Print the tasks as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create a scheduled task.
    Create {
        #[arg(long)]
        title: String,
        /// The prompt; `-` reads it from stdin, `@FILE` from a file.
        #[arg(long)]
        prompt: String,
        /// Cron expression (5 fields), e.g. "0 9 * * 1".
        #[arg(long)]
        schedule: String,
        /// Artist account id.
        #[arg(long, value_name = "ID")]
        artist: String,
        #[arg(long)]
        model: Option<String>,
        /// Owner account (needs organisation or admin access).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// IANA time zone the schedule runs in [default: UTC].
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
        /// Print the created task as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a scheduled task.
    Update {
        #[arg(long)]
        id: String,
        #[arg(long)]
        title: Option<String>,
        /// The prompt; `-` reads it from stdin, `@FILE` from a file.
        #[arg(long)]
        prompt: Option<String>,
        #[arg(long)]
        schedule: Option<String>,
        #[arg(long, value_name = "ID")]
        artist: Option<String>,
        #[arg(long)]
        model: Option<String>,
        #[arg(long, value_name = "true|false", action = clap::ArgAction::Set)]
        enabled: Option<bool>,
        /// Act for this account (needs organisation or admin access).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a scheduled task (asks first on a terminal).
    Delete {
        #[arg(long)]
        id: String,
        /// Do not ask.
        #[arg(long, short = 'y')]
        yes: bool,
        #[arg(long)]
        json: bool,
    },
    /// List recent task runs.
    Runs {
        /// How many runs (1–100; the service's default is 20).
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// Only runs with this status (e.g. FAILED).
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one run: status, task, times, duration, cost, attempts, error.
    Status {
        #[arg(long, value_name = "ID")]
        run: String,
        #[arg(long)]
        json: bool,
    },
    /// Print the tasks as a file to edit, review and apply (TOML, or JSON).
    Export {
        /// Only this artist's tasks.
        #[arg(long, value_name = "ID")]
        artist: Option<String>,
        /// Account whose tasks to export (needs organisation or admin access).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// Only enabled (true) or disabled (false) tasks.
        #[arg(long, value_name = "true|false", action = clap::ArgAction::Set)]
        enabled: Option<bool>,
        #[arg(long, value_enum, default_value = "toml")]
        format: as_code::ExportFormat,
        /// Write the file here (whole or not at all) instead of printing it.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Make the account's tasks match a file (`tasks export` writes one): prints the plan,
    /// asks, then creates, updates and (with --prune) deletes.
    Apply {
        /// The task file (TOML; JSON when it ends in .json; `-` reads stdin).
        #[arg(long, short = 'f', value_name = "FILE")]
        file: String,
        /// Print the plan and stop.
        #[arg(long)]
        dry_run: bool,
        /// Also delete the account's tasks that the file does not have.
        #[arg(long)]
        prune: bool,
        /// Do not ask (needed when stdin is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// Act for this account (needs organisation or admin access).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
    },
}

/// What a command prints on success: stdout text and stderr notes.
struct Done {
    stdout: String,
    notes: Vec<String>,
}

impl Done {
    fn out(stdout: String) -> Done {
        Done {
            stdout,
            notes: Vec::new(),
        }
    }
}

/// Prints `Error: <message>` (one line) and returns exit status 1. The message often carries a
/// server's words: escape sequences and invisible format characters are removed first (before
/// the cut at the first line, so that a sequence spanning lines goes whole).
pub fn fail(message: impl std::fmt::Display) -> i32 {
    let text = message.to_string();
    let text = sanitize::clean(&text, true);
    let line = text.lines().next().unwrap_or("").trim_end();
    eprintln!("Error: {line}");
    1
}

/// Runs a `tasks` command against the backend `--profile`, the environment or the config file
/// selects.
pub fn run(args: TasksArgs, profile: Option<&str>, api_url: Option<&str>) -> i32 {
    let command = match read_prompt(args.command) {
        Ok(command) => command,
        Err(message) => return fail(message),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return fail(format!("cannot start the runtime: {err}")),
    };
    runtime.block_on(async move {
        let backend = match backend::open(profile, api_url, ClientOptions::default()).await {
            Ok(backend) => backend,
            Err(err) => return fail(err),
        };
        for warning in &backend.warnings {
            eprintln!("Warning: {}", sanitize::line(warning));
        }
        let outcome = match command {
            TasksCommand::Apply {
                file,
                dry_run,
                prune,
                yes,
                account,
            } => {
                let request = as_code::ApplyRequest {
                    file,
                    dry_run,
                    prune,
                    yes,
                    account,
                };
                as_code::apply(&backend, request).await
            }
            command => execute(&backend, command).await,
        };
        Backend::shutdown(backend).await;
        match outcome {
            Ok(done) => {
                for note in done.notes {
                    // A note quotes the server (the error a create survived).
                    eprintln!("Warning: {}", sanitize::line(&note));
                }
                let mut stdout = std::io::stdout().lock();
                // A closed pipe (`| head`) is not an error worth reporting.
                let _ = stdout.write_all(done.stdout.as_bytes());
                let _ = stdout.flush();
                0
            }
            Err(message) => fail(message),
        }
    })
}

/// Replaces `--prompt -` with stdin and `--prompt @FILE` with the file's contents.
fn read_prompt(mut command: TasksCommand) -> Result<TasksCommand, String> {
    let prompt = match &mut command {
        TasksCommand::Create { prompt, .. } => Some(prompt),
        TasksCommand::Update { prompt, .. } => prompt.as_mut(),
        _ => None,
    };
    if let Some(prompt) = prompt {
        if prompt == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|err| format!("cannot read the prompt from stdin: {err}"))?;
            *prompt = trim_final_newline(text);
        } else if let Some(path) = prompt.strip_prefix('@') {
            let text = std::fs::read_to_string(path)
                .map_err(|err| format!("cannot read the prompt from {path}: {err}"))?;
            *prompt = trim_final_newline(text);
        }
    }
    Ok(command)
}

/// Drops one trailing line break (what `echo` and editors add).
fn trim_final_newline(mut text: String) -> String {
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    text
}

fn pretty(value: &Value) -> Result<String, String> {
    terminal_json::pretty(value)
        .map(|text| text + "\n")
        .map_err(|err| format!("cannot print JSON: {err}"))
}

fn field<'a>(reply: &'a Value, name: &str) -> &'a Value {
    static EMPTY: Value = Value::Array(Vec::new());
    match &reply[name] {
        Value::Null => &EMPTY,
        value => value,
    }
}

fn decode<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, String> {
    T::deserialize(value).map_err(|err| format!("unreadable reply: {err}"))
}

async fn execute(backend: &Backend, command: TasksCommand) -> Result<Done, String> {
    let client = &backend.client;
    match command {
        TasksCommand::List {
            account,
            artist,
            enabled,
            json,
        } => {
            let filter = TaskFilter {
                id: None,
                account_id: account,
                artist_account_id: artist,
                enabled,
            };
            let reply = client.list_tasks_raw(&filter).await.map_err(message)?;
            let tasks = field(&reply, "tasks");
            if json {
                return pretty(tasks).map(Done::out);
            }
            let tasks: Vec<Task> = decode(tasks)?;
            if tasks.is_empty() {
                return Ok(Done::out("No results.\n".to_string()));
            }
            Ok(Done::out(render::tasks_table(
                &tasks,
                Utc::now(),
                local_zone(),
            )))
        }
        TasksCommand::Create {
            title,
            prompt,
            schedule,
            artist,
            model,
            account,
            timezone,
            json,
        } => {
            let draft = CreateTask {
                title,
                prompt,
                schedule,
                artist_account_id: artist,
                account_id: account,
                model,
                timezone,
            };
            create(client, &draft, json).await
        }
        TasksCommand::Update {
            id,
            title,
            prompt,
            schedule,
            artist,
            model,
            enabled,
            account,
            timezone,
            json,
        } => {
            let changes = UpdateTask {
                id,
                title,
                prompt,
                schedule,
                account_id: account,
                artist_account_id: artist,
                enabled: enabled.map(Some),
                model,
                timezone,
            };
            let reply = client.update_task_raw(&changes).await.map_err(|err| {
                told(
                    err,
                    changes.schedule.as_deref(),
                    changes.timezone.as_deref(),
                )
            })?;
            if json {
                return pretty(field(&reply, "tasks")).map(Done::out);
            }
            Ok(Done::out(format!("Updated task: {}\n", changes.id)))
        }
        TasksCommand::Delete { id, yes, json } => {
            if !yes && std::io::stdin().is_terminal() && !confirm_delete(&id)? {
                return Err("not deleted".to_string());
            }
            let reply = client.delete_task(&id).await.map_err(message)?;
            if json {
                return pretty(&reply).map(Done::out);
            }
            Ok(Done::out(format!("Deleted task: {id}\n")))
        }
        TasksCommand::Runs {
            limit,
            account,
            status,
            json,
        } => {
            let status = status
                .as_deref()
                .map(crate::model::status_filter)
                .transpose()?;
            let query = RunsQuery {
                limit,
                account_id: account,
            };
            let mut reply = client.list_runs_raw(&query).await.map_err(message)?;
            if let (Some(wanted), Some(runs)) = (&status, reply["runs"].as_array_mut()) {
                runs.retain(|run| run["status"].as_str() == Some(wanted.as_str()));
            }
            let runs = field(&reply, "runs");
            if json {
                return pretty(runs).map(Done::out);
            }
            let runs: Vec<Run> = decode(runs)?;
            if runs.is_empty() {
                return Ok(Done::out("No results.\n".to_string()));
            }
            Ok(Done::out(render::runs_table(&runs, local_zone())))
        }
        TasksCommand::Export {
            artist,
            account,
            enabled,
            format,
            output,
        } => {
            let filter = TaskFilter {
                id: None,
                account_id: account,
                artist_account_id: artist,
                enabled,
            };
            as_code::export(client, &filter, format, output.as_deref()).await
        }
        // `run` hands `apply` to `as_code::apply`, which needs the whole backend (its plan).
        TasksCommand::Apply { .. } => Err("apply is run by as_code::apply".to_string()),
        TasksCommand::Status { run, json } => {
            let reply = client.get_run_raw(&run).await.map_err(message)?;
            if json {
                return pretty(&reply).map(Done::out);
            }
            let runs = field(&reply, "runs");
            let Some(first) = runs.as_array().and_then(|runs| runs.first()) else {
                return Ok(Done::out("Run not found.\n".to_string()));
            };
            let video = first["output"]["video"]["signedUrl"].as_str();
            let parsed: Run = decode(first)?;
            let task = match parsed.task_id() {
                Some(id) => {
                    let filter = TaskFilter {
                        id: Some(id.to_string()),
                        ..TaskFilter::default()
                    };
                    client.list_tasks(&filter).await.ok()
                }
                None => None,
            };
            let name = task_name(parsed.task_id(), task.as_deref());
            Ok(Done::out(render::run_sheet(
                &parsed,
                name,
                video,
                local_zone(),
            )))
        }
    }
}

/// What the run's task is called: its title when the task list has it, deleted when a list
/// read after the run lacks it, unknown when the list could not be read.
fn task_name<'a>(task_id: Option<&str>, listed: Option<&'a [Task]>) -> TaskName<'a> {
    match (task_id, listed) {
        (Some(id), Some(tasks)) => match tasks.iter().find(|task| task.id == id) {
            Some(task) => TaskName::Title(&task.title),
            None => TaskName::Deleted,
        },
        (Some(_), None) | (None, _) => TaskName::Unknown,
    }
}

fn message(err: ClientError) -> String {
    told(err, None, None)
}

/// An error as the one line after `Error: `; a plan refusal with its plan, count or cadence
/// (that of `schedule`, the one sent) and where to upgrade; a refused `timezone` with the name
/// the scheduler knows it by, or the closest one.
fn told(err: ClientError, schedule: Option<&str>, timezone: Option<&str>) -> String {
    match err {
        ClientError::PlanLimit(body) => refusal_line(&body, schedule),
        ClientError::Invalid { message, field } if field == "timezone" => {
            match timezone.and_then(|zone| zone_hint(zone, Utc::now())) {
                Some(hint) => format!("{message}; {hint}"),
                None => message,
            }
        }
        other => other.to_string(),
    }
}

async fn create(client: &RecoupClient, draft: &CreateTask, json: bool) -> Result<Done, String> {
    let printed = |tasks: Value, id: &str| {
        if json {
            pretty(&tasks)
        } else {
            Ok(format!("Created task: {}\n", sanitize::line(id)))
        }
    };
    match client.create_task_raw(draft).await {
        Ok(reply) => {
            let tasks = field(&reply, "tasks").clone();
            let id = tasks[0]["id"].as_str().unwrap_or_default().to_string();
            printed(tasks, &id).map(Done::out)
        }
        Err(ClientError::CreatedDespite { task, cause }) => {
            let tasks = serde_json::to_value(vec![task.as_ref()])
                .map_err(|err| format!("cannot print JSON: {err}"))?;
            Ok(Done {
                stdout: printed(tasks, &task.id)?,
                notes: vec![format!(
                    "{cause}; the task had been created all the same, so it was not sent again"
                )],
            })
        }
        Err(other) => Err(told(
            other,
            Some(&draft.schedule),
            draft.timezone.as_deref(),
        )),
    }
}

/// Asks on the terminal; true for `y`/`yes`.
fn confirm_delete(id: &str) -> Result<bool, String> {
    eprint!("Delete task {id}? [y/N] ");
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
