use std::process::ExitCode;

use clap::{Parser, Subcommand};
use recoup_tasks::server;

/// A terminal app, CLI and local API for Recoup's scheduled AI tasks.
#[derive(Parser)]
#[command(name = "recoup-tasks", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the local Recoup Tasks API (SQLite and a real scheduler).
    Serve(server::ServeArgs),
    /// Manage the local server's accounts.
    Accounts(server::AccountsArgs),
    /// Manage the local server's artists.
    Artists(server::ArtistsArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Some(Command::Serve(args)) => server::cli::serve(args),
        Some(Command::Accounts(args)) => server::cli::accounts(args),
        Some(Command::Artists(args)) => server::cli::artists(args),
        None => {
            println!("recoup-tasks");
            ExitCode::SUCCESS
        }
    }
}
