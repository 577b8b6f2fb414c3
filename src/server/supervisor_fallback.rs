//! Where there is no `fork` (Windows): the command is a child that tokio kills when it is
//! dropped or ended. Unlike the Unix supervisor (`supervisor.rs`), what the command itself
//! started may outlive it, and a server that dies leaves it running.

use std::io;
use std::process::ExitStatus;

/// A command running as a plain child. Dropping it kills the command.
#[derive(Debug)]
pub struct Supervised {
    pub child: tokio::process::Child,
}

/// Spawns `command`, killed when the returned value is dropped.
pub fn spawn(command: &mut tokio::process::Command) -> io::Result<Supervised> {
    command.kill_on_drop(true);
    Ok(Supervised {
        child: command.spawn()?,
    })
}

impl Supervised {
    /// Kills the command and waits for it.
    pub async fn end(mut self) -> io::Result<ExitStatus> {
        self.child.start_kill()?;
        self.child.wait().await
    }
}
