//! Argument parsing and dispatch — nothing else.

use clap::{Parser, Subcommand};
use recoup_tasks::{cli, server};

/// Author and operate Recoup's scheduled AI tasks.
#[derive(Debug, Parser)]
#[command(name = "recoup-tasks", version, about)]
struct Cli {
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
}

fn main() {
    let cli = Cli::parse();
    let status = match cli.command {
        Some(Command::Cron(args)) => cli::cron::run(&args),
        Some(Command::Serve(args)) => server::cli::serve(args),
        Some(Command::Accounts(args)) => server::cli::accounts(args),
        Some(Command::Artists(args)) => server::cli::artists(args),
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            0
        }
    };
    std::process::exit(status);
}
