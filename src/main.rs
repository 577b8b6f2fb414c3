//! Argument parsing and dispatch — nothing else.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
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
    /// Print the completion script of a shell (bash, zsh, fish, elvish, powershell).
    Completions(cli::shell_files::CompletionsArgs),
    /// Print the manual page (roff), e.g. `recoup-tasks man | man -l -`.
    Man(cli::shell_files::ManArgs),
}

/// The commands that have no use for `--profile` and `--api-url`, each with why: their help
/// does not list the two flags, and either flag given to them is refused.
const WITHOUT_PROFILE: [(&str, &str); 6] = [
    (
        "cron",
        "it computes fire times on this machine, with the scheduler's own engine",
    ),
    (
        "serve",
        "it runs the local server, whatever the profiles say",
    ),
    (
        "accounts",
        "it changes the local server's database (--db), whatever the profiles say",
    ),
    (
        "artists",
        "it changes the local server's database (--db), whatever the profiles say",
    ),
    (
        "completions",
        "it prints a script made from the command line's definitions",
    ),
    (
        "man",
        "it prints the manual page made from the command line's definitions",
    ),
];

/// The profile flags, global so that they go before or after `tasks`/`config` alike.
const PROFILE_FLAGS: [&str; 2] = ["profile", "api_url"];

/// The command line's definition as the binary parses it: the profile flags hidden under the
/// commands of [`WITHOUT_PROFILE`], which refuse them (see [`refuse_unused_profile_flags`]).
fn command_line() -> clap::Command {
    let command = Cli::command();
    // A subcommand that defines a global argument itself gets no copy of the parent's when the
    // command is built, and passes its own (hidden) one on to its subcommands.
    let hidden: Vec<clap::Arg> = profile_flags(&command).map(|arg| arg.hide(true)).collect();
    WITHOUT_PROFILE.iter().fold(command, |command, (name, _)| {
        command.mut_subcommand(name, |sub| sub.args(hidden.clone()))
    })
}

/// The command line as the completions and the manual page describe it: the profile flags
/// only where they are used (before any command, and under the commands that use them), so
/// that a completion never offers a flag that is then refused.
fn documented_command_line() -> clap::Command {
    let command = Cli::command();
    let flags: Vec<clap::Arg> = profile_flags(&command).collect();
    let users: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .filter(|name| !WITHOUT_PROFILE.iter().any(|(without, _)| without == name))
        .collect();
    let command = PROFILE_FLAGS.iter().fold(command, |command, flag| {
        command.mut_arg(flag, |arg| arg.global(false))
    });
    users.iter().fold(command, |command, name| {
        command.mut_subcommand(name, |sub| sub.args(flags.clone()))
    })
}

/// Copies of the top level's `--profile` and `--api-url`.
fn profile_flags(command: &clap::Command) -> impl Iterator<Item = clap::Arg> {
    command
        .get_arguments()
        .filter(|arg| PROFILE_FLAGS.contains(&arg.get_id().as_str()))
        .cloned()
        .collect::<Vec<_>>()
        .into_iter()
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
        Some(Command::Completions(args)) => {
            cli::shell_files::completions(&args, documented_command_line())
        }
        Some(Command::Man(args)) => cli::shell_files::man(&args, documented_command_line()),
        None => recoup_tasks::tui::launch::run(profile, api_url),
    };
    std::process::exit(status);
}

/// Parses the arguments. Usage errors of `tasks` and `config` are one line, `Error: …`, with
/// exit status 1, as the Recoup CLI reports every error; the other commands keep clap's (exit
/// status 2), including the refusal of a profile flag they have no use for.
fn parse_arguments() -> Cli {
    let mut command = command_line();
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|matches| {
            refuse_unused_profile_flags(&mut command, &matches)?;
            Cli::from_arg_matches(&matches)
        });
    let error = match parsed {
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

/// A usage error when `--profile` or `--api-url` goes to a command of [`WITHOUT_PROFILE`]:
/// `serve does not use --profile: it runs the local server, whatever the profiles say`.
fn refuse_unused_profile_flags(
    command: &mut clap::Command,
    matches: &clap::ArgMatches,
) -> Result<(), clap::Error> {
    let Some((name, sub_matches)) = matches.subcommand() else {
        return Ok(());
    };
    let Some((_, reason)) = WITHOUT_PROFILE.iter().find(|(without, _)| *without == name) else {
        return Ok(());
    };
    let given = PROFILE_FLAGS.iter().find(|flag| {
        // A global flag given after the command is recorded in the command's matches too.
        [matches, sub_matches]
            .iter()
            .any(|m| m.value_source(flag) == Some(clap::parser::ValueSource::CommandLine))
    });
    let Some(flag) = given else {
        return Ok(());
    };
    let message = format!("{name} does not use --{}: {reason}", flag.replace('_', "-"));
    let usage_of = command
        .find_subcommand_mut(name)
        .unwrap_or_else(|| unreachable!("WITHOUT_PROFILE names subcommands of the command line"));
    Err(usage_of.error(clap::error::ErrorKind::ArgumentConflict, message))
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
