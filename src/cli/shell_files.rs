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

/// Prints the manual page (roff) of `command` (the whole command line).
pub fn man(command: clap::Command) -> i32 {
    let mut page = Vec::new();
    match clap_mangen::Man::new(command).render(&mut page) {
        Ok(()) => print(&page),
        Err(error) => super::tasks::fail(format!("cannot render the manual page: {error}")),
    }
}

/// Writes to stdout, ignoring a reader that has gone away (`… | head`).
fn print(bytes: &[u8]) -> i32 {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes).and_then(|()| out.flush());
    0
}
