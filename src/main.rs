//! Argument parsing and dispatch — nothing else.

use clap::{Parser, Subcommand};
use recoup_tasks::{cli, server};

/// Author and operate Recoup's scheduled AI tasks.
#[derive(Debug, Parser)]
#[command(name = "recoup-tasks", version, about)]
struct Cli {
    /// Use this profile of the config file (see `recoup-tasks config`).
    #[arg(long, global = true, value_name = "NAME")]
    profile: Option<String>,
    /// Talk to the hosted API at this address (instead of RECOUP_API_URL or the profile's).
    #[arg(long, global = true, value_name = "URL")]
    api_url: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a cron expression and list when the hosted scheduler will fire it.
    Cron(cli::cron::CronArgs),
    /// Run the local Recoup Tasks API (SQLite and a real scheduler).
    Serve(server::ServeArgs),
    /// Manage the local server's accounts.
    Accounts(server::AccountsArgs),
    /// Manage the local server's artists.
    Artists(server::ArtistsArgs),
    /// List, create, change and delete scheduled tasks; list and inspect runs.
    Tasks(cli::tasks::TasksArgs),
    /// Show the backend, profile and files in use (the key masked).
    Config,
}

fn main() {
    let cli = parse_arguments();
    let profile = cli.profile.as_deref();
    let api_url = cli.api_url.as_deref();
    let status = match cli.command {
        Some(Command::Cron(args)) => cli::cron::run(&args),
        Some(Command::Serve(args)) => server::cli::serve(args),
        Some(Command::Accounts(args)) => server::cli::accounts(args),
        Some(Command::Artists(args)) => server::cli::artists(args),
        Some(Command::Tasks(args)) => cli::tasks::run(args, profile, api_url),
        Some(Command::Config) => cli::config::run(profile, api_url),
        None => recoup_tasks::tui::launch::run(profile, api_url),
    };
    std::process::exit(status);
}

/// Parses the arguments. Usage errors of `tasks` and `config` are one line, `Error: …`, with
/// exit status 1, as the Recoup CLI reports every error; the other commands keep clap's.
fn parse_arguments() -> Cli {
    let error = match Cli::try_parse() {
        Ok(cli) => return cli,
        Err(error) => error,
    };
    let mut args = std::env::args().skip(1);
    let mut command = None;
    while let Some(arg) = args.next() {
        if arg == "--profile" || arg == "--api-url" {
            args.next();
        } else if !arg.starts_with('-') {
            command = Some(arg);
            break;
        }
    }
    let scripted = matches!(command.as_deref(), Some("tasks" | "config"));
    let is_usage_error = !matches!(
        error.kind(),
        clap::error::ErrorKind::DisplayHelp
            | clap::error::ErrorKind::DisplayVersion
            | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if scripted && is_usage_error {
        std::process::exit(cli::tasks::fail(one_line(&error)));
    }
    error.exit()
}

/// A clap error as one sentence: `missing required arguments: --prompt <PROMPT>, …`.
fn one_line(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() == ErrorKind::MissingRequiredArgument
        && let Some(ContextValue::Strings(missing)) = error.get(ContextKind::InvalidArg)
    {
        let noun = if missing.len() == 1 {
            "argument"
        } else {
            "arguments"
        };
        return format!("missing required {noun}: {}", missing.join(", "));
    }
    let rendered = error.render().to_string();
    let first = rendered.lines().next().unwrap_or("invalid arguments");
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}
