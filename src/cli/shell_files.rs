//! `recoup-tasks completions SHELL` and `recoup-tasks man`: the shell completion scripts and
//! the manual page, both generated from the command line's clap definitions (never written by
//! hand, so they cannot drift from what the binary accepts).

use std::io::Write;

/// `recoup-tasks completions …`
#[derive(Debug, Clone, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Prints the completion script of `args.shell` for `command` (the whole command line).
pub fn completions(args: &CompletionsArgs, mut command: clap::Command) -> i32 {
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, name, &mut script);
    print(&script)
}

/// `recoup-tasks man [COMMAND]…`
#[derive(Debug, Clone, clap::Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `tasks create` [default: the main page].
    #[arg(value_name = "COMMAND")]
    pub path: Vec<String>,
}

/// Prints the manual page (roff) of `command` (the whole command line) or of its subcommand
/// named by `args.path`: the pages the main page lists as `recoup-tasks-tasks(1)` and so on.
pub fn man(args: &ManArgs, mut command: clap::Command) -> i32 {
    // Building names each subcommand's page (`recoup-tasks-tasks-create`).
    command.build();
    let mut page_of = &command;
    for name in &args.path {
        match page_of.find_subcommand(name) {
            Some(sub) => page_of = sub,
            None => return unknown_page(&args.path, &mut command),
        }
    }
    // A subcommand's page carries the program's version in its footer too.
    let page_of = page_of.clone().version(env!("CARGO_PKG_VERSION"));
    let mut page = Vec::new();
    match clap_mangen::Man::new(page_of).render(&mut page) {
        Ok(()) => print(&page),
        Err(error) => super::tasks::fail(format!("cannot render the manual page: {error}")),
    }
}

/// A usage error, as clap reports those of `man`: `error: no manual page for `nope`; …`.
fn unknown_page(path: &[String], command: &mut clap::Command) -> i32 {
    let message = format!(
        "no manual page for `{}`; there are pages for {}",
        path.join(" "),
        page_names(command).join(", ")
    );
    let usage_of = command.find_subcommand_mut("man").unwrap_or_else(|| {
        unreachable!("`man` is a command of the command line it prints the manual of")
    });
    let _ = usage_of
        .error(clap::error::ErrorKind::InvalidValue, message)
        .print();
    2
}

/// The commands that have a page, as `man` takes them: `tasks create`, `serve`, …
fn page_names(command: &clap::Command) -> Vec<String> {
    command
        .get_subcommands()
        .filter(|sub| sub.get_name() != "help")
        .flat_map(|sub| {
            let own = sub.get_name().to_string();
            let below = page_names(sub)
                .into_iter()
                .map(move |name| format!("{} {name}", sub.get_name()));
            std::iter::once(own).chain(below)
        })
        .collect()
}

/// Writes to stdout, ignoring a reader that has gone away (`… | head`).
fn print(bytes: &[u8]) -> i32 {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes).and_then(|()| out.flush());
    0
}
