//! The help pane: every binding of the key table, scrolled.

use super::super::drawn::Drawn;
use super::super::keys::Command;
use super::{Ask, Shared, scroll};

/// The open help.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpPane {
    /// The first line shown.
    pub scroll: u16,
}

impl HelpPane {
    /// A key's command, while the help has the keys.
    pub fn update(&mut self, command: Command, drawn: &Drawn, shared: &mut Shared) -> Ask {
        use Command as C;
        match command {
            // Scrolling stops at the last line, once the help has been drawn.
            C::Up | C::Down | C::PageUp | C::PageDown | C::Top | C::Bottom => {
                self.scroll = scroll(command, self.scroll, drawn.help_tops, shared.page());
            }
            C::Back => return Ask::Close,
            // The app's commands never reach a pane.
            _ => shared.unchanged(),
        }
        Ask::Done
    }
}
