//! The signals that end or pause the TUI. SIGTERM, SIGHUP (an SSH connection dropping) and
//! SIGINT (`kill -INT`; in raw mode Ctrl+C is a key) are read by the event loop, which then ends
//! as it does on `q`: the draft kept, the terminal restored, the embedded server stopped. The
//! process exits with 128 + the signal's number, the status a shell reports for a process the
//! signal killed. Ctrl+Z (also a key in raw mode) stops the process group the way the terminal
//! would have. Without Unix signals (Windows) only Ctrl+C is caught and Ctrl+Z cannot stop.

use std::io;

#[cfg(unix)]
use tokio::signal::unix::{Signal, SignalKind, signal};

/// A signal that asks the app to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndSignal {
    Terminate,
    Hangup,
    Interrupt,
}

impl EndSignal {
    /// The signal's number.
    pub fn number(self) -> i32 {
        #[cfg(unix)]
        let number = match self {
            EndSignal::Terminate => libc::SIGTERM,
            EndSignal::Hangup => libc::SIGHUP,
            EndSignal::Interrupt => libc::SIGINT,
        };
        // The numbers POSIX gives them, for the same exit statuses.
        #[cfg(not(unix))]
        let number = match self {
            EndSignal::Terminate => 15,
            EndSignal::Hangup => 1,
            EndSignal::Interrupt => 2,
        };
        number
    }

    /// The exit status after ending on this signal: 128 + its number (143, 129, 130), as a
    /// shell reports a process the signal killed, so scripts see why the app ended.
    pub fn exit_status(self) -> i32 {
        128 + self.number()
    }
}

/// The end signals, caught: once [`EndSignals::listen`] has run they no longer kill the
/// process, they wait in [`EndSignals::recv`].
#[cfg(unix)]
pub struct EndSignals {
    terminate: Signal,
    hangup: Signal,
    interrupt: Signal,
}

#[cfg(unix)]
impl EndSignals {
    /// Catch the end signals from now on. Must be called inside a tokio runtime.
    pub fn listen() -> io::Result<EndSignals> {
        Ok(EndSignals {
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// The next end signal to arrive.
    pub async fn recv(&mut self) -> EndSignal {
        tokio::select! {
            Some(()) = self.terminate.recv() => EndSignal::Terminate,
            Some(()) = self.hangup.recv() => EndSignal::Hangup,
            Some(()) = self.interrupt.recv() => EndSignal::Interrupt,
            // Only when tokio's signal driver is gone, which it is not while the runtime runs.
            else => std::future::pending().await,
        }
    }
}

/// Without Unix signals: Ctrl+C (Windows' console control event) only.
#[cfg(not(unix))]
pub struct EndSignals;

#[cfg(not(unix))]
impl EndSignals {
    /// Nothing to install before the first wait.
    pub fn listen() -> io::Result<EndSignals> {
        Ok(EndSignals)
    }

    /// The next Ctrl+C, or never when it cannot be caught.
    pub async fn recv(&mut self) -> EndSignal {
        match tokio::signal::ctrl_c().await {
            Ok(()) => EndSignal::Interrupt,
            Err(_) => std::future::pending().await,
        }
    }
}

/// Stop as Ctrl+Z in a cooked terminal would: SIGTSTP to our whole process group (a wrapper
/// script in the same job stops too, so the shell sees the job stopped). No handler is
/// installed for SIGTSTP, so its inherited disposition applies: normally the default, stop.
/// Returns once the process is continued (`fg`, `bg`, `kill -CONT`) — or at once when the
/// signal is ignored, or when the process group is orphaned (no shell doing job control), in
/// which case the kernel discards it.
#[cfg(unix)]
pub fn stop_until_continued() -> io::Result<()> {
    // SAFETY: `kill` takes no pointer; pid 0 is our own process group.
    let sent = unsafe { libc::kill(0, libc::SIGTSTP) };
    if sent == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// No job control without Unix signals: the app goes on.
#[cfg(not(unix))]
pub fn stop_until_continued() -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "this system has no job control",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exit_status_is_128_plus_the_signal_number() {
        assert_eq!(EndSignal::Terminate.exit_status(), 143);
        assert_eq!(EndSignal::Hangup.exit_status(), 129);
        assert_eq!(EndSignal::Interrupt.exit_status(), 130);
    }
}
