//! The terminal guard: raw mode, alternate screen, mouse capture, bracketed paste and a hidden
//! cursor are switched on together and switched off on every exit path — a normal return, an
//! error, a drop, or a panic (through a panic hook that restores before the message prints).

use std::io::{self, Stdout, Write};
use std::mem::ManuallyDrop;
use std::sync::Once;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{
    cursor,
    event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture},
    execute,
    terminal::{self, EnterAlternateScreen, LeaveAlternateScreen},
};

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the app runs; restores it when dropped.
pub struct TerminalGuard {
    /// Dropped by the guard's own drop, and only if the terminal can still be written to.
    pub terminal: ManuallyDrop<Tui>,
}

static HOOK: Once = Once::new();

/// Install (once) a panic hook that restores the terminal before the default hook prints.
pub fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(e) = enter_modes(&mut stdout) {
            restore();
            return Err(e);
        }
        let terminal = match Terminal::new(CrosstermBackend::new(stdout)) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        Ok(TerminalGuard {
            terminal: ManuallyDrop::new(terminal),
        })
    }

    /// Hand the terminal to another program (the external editor).
    pub fn suspend(&mut self) {
        restore();
    }

    /// Take the terminal back after [`suspend`](Self::suspend): the screen is cleared and the
    /// next frame drawn whole, at the terminal's size now.
    pub fn resume(&mut self) -> io::Result<()> {
        terminal::enable_raw_mode()?;
        enter_modes(&mut io::stdout())?;
        // Not `Terminal::clear`: it asks the terminal where the cursor is, and fails after two
        // seconds with a terminal that does not answer. Resizing a full-screen viewport clears
        // it and forgets the last frame without asking anything.
        let size = self.terminal.size()?;
        self.terminal.resize(size.into())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        // ratatui's `Terminal` shows the cursor when dropped if it hid it, and reports a failure
        // with `eprintln!`, which panics when stderr is a terminal that hung up (SIGHUP, a
        // dropped SSH connection). Shown here first, its drop has nothing left to write; if
        // that fails the terminal is gone, so the `Terminal` is left undropped (its buffers
        // go when the process exits, which is next).
        if self.terminal.show_cursor().is_ok() {
            // SAFETY: `terminal` is not used again: this is the guard's drop.
            unsafe { ManuallyDrop::drop(&mut self.terminal) };
        }
    }
}

/// The sequences that put the terminal in the app's modes.
pub fn enter_modes(out: &mut impl Write) -> io::Result<()> {
    execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )
}

/// The sequences that undo [`enter_modes`], in reverse order.
pub fn leave_modes(out: &mut impl Write) -> io::Result<()> {
    execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    )
}

/// Best effort: every step is tried even when an earlier one fails, and it is harmless to call
/// twice.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = leave_modes(&mut io::stdout());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaving_undoes_every_mode_that_entering_set() {
        let mut enter = Vec::new();
        let mut leave = Vec::new();
        enter_modes(&mut enter).unwrap_or_else(|e| panic!("{e}"));
        leave_modes(&mut leave).unwrap_or_else(|e| panic!("{e}"));
        let enter = String::from_utf8_lossy(&enter).into_owned();
        let leave = String::from_utf8_lossy(&leave).into_owned();
        for (on, off) in [
            ("\u{1b}[?1049h", "\u{1b}[?1049l"),
            ("\u{1b}[?2004h", "\u{1b}[?2004l"),
            ("\u{1b}[?1000h", "\u{1b}[?1000l"),
            ("\u{1b}[?25l", "\u{1b}[?25h"),
        ] {
            assert!(enter.contains(on), "{on:?} missing from {enter:?}");
            assert!(leave.contains(off), "{off:?} missing from {leave:?}");
        }
    }
}
