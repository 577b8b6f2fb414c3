//! Colours, from a theme file (`assets/themes/*.toml`): truecolor values with a 16-colour
//! fallback, and no colour at all when `NO_COLOR` is set. Selection and focus are also marked
//! with modifiers and symbols, so they never depend on colour alone.

use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

use crate::config::theme::{ThemeTables, chosen_theme};
use crate::model::RunStatus;

use super::glyphs::Glyphs;

/// How many colours to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    TrueColor,
    Ansi16,
    /// `NO_COLOR`: modifiers only.
    None,
}

impl ColorMode {
    /// From the environment: `NO_COLOR` (any non-empty value) wins, then `COLORTERM`.
    pub fn detect() -> ColorMode {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            ColorMode::None
        } else if std::env::var("COLORTERM").is_ok_and(|v| v == "truecolor" || v == "24bit") {
            ColorMode::TrueColor
        } else {
            ColorMode::Ansi16
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub accent: Style,
    pub border: Style,
    pub focus: Style,
    pub selected: Style,
    pub ok: Style,
    pub error: Style,
    pub warn: Style,
    pub running: Style,
    pub header: Style,
    pub title: Style,
    /// Not a colour, but chosen at start-up with them and needed wherever they are: ASCII
    /// without a UTF-8 locale.
    pub glyphs: Glyphs,
}

impl Theme {
    /// Parse a theme file; a missing or unreadable colour falls back to the terminal default.
    pub fn parse(text: &str, mode: ColorMode) -> Result<Theme, String> {
        ThemeTables::parse(text).map(|tables| Theme::from_tables(&tables, mode))
    }

    /// Styles from a theme's colour tables; a missing or unreadable colour falls back to the
    /// terminal default.
    pub fn from_tables(file: &ThemeTables, mode: ColorMode) -> Theme {
        let table = match mode {
            ColorMode::TrueColor => Some(&file.truecolor),
            ColorMode::Ansi16 => Some(&file.ansi),
            ColorMode::None => None,
        };
        let color = |name: &str| -> Option<Color> {
            let value = table?.get(name)?;
            Color::from_str(value).ok().filter(|c| *c != Color::Reset)
        };
        let fg = |name: &str| color(name).map_or(Style::new(), |c| Style::new().fg(c));
        let mut selected = Style::new().add_modifier(Modifier::BOLD);
        selected = match color("selected_bg") {
            Some(bg) => selected.bg(bg),
            None => selected.add_modifier(Modifier::REVERSED),
        };
        let header = match color("header_bg") {
            Some(bg) => fg("text").bg(bg),
            None => Style::new().add_modifier(Modifier::REVERSED),
        };
        Theme {
            text: fg("text"),
            muted: fg("muted").add_modifier(if mode == ColorMode::None {
                Modifier::DIM
            } else {
                Modifier::empty()
            }),
            accent: fg("accent"),
            border: fg("border"),
            focus: fg("focus").add_modifier(Modifier::BOLD),
            selected,
            ok: fg("ok"),
            error: fg("error").add_modifier(Modifier::BOLD),
            warn: fg("warn"),
            running: fg("running"),
            header,
            title: fg("accent").add_modifier(Modifier::BOLD),
            glyphs: Glyphs::Unicode,
        }
    }

    /// A shipped theme by name (`dark` or `light`); anything else is dark.
    pub fn builtin(name: &str, mode: ColorMode) -> Theme {
        Theme::from_tables(&ThemeTables::builtin(name), mode)
    }

    /// The config file's `theme` (see [`chosen_theme`]) in this colour mode, and why a chosen
    /// file was not used.
    pub fn chosen(
        choice: Option<&str>,
        config_dir: &Path,
        mode: ColorMode,
    ) -> (Theme, Option<String>) {
        let (tables, problem) = chosen_theme(choice, config_dir);
        (Theme::from_tables(&tables, mode), problem)
    }

    /// No colours at all.
    pub fn plain() -> Theme {
        let s = Style::new();
        Theme {
            text: s,
            muted: s.add_modifier(Modifier::DIM),
            accent: s,
            border: s,
            focus: s.add_modifier(Modifier::BOLD),
            selected: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ok: s,
            error: s.add_modifier(Modifier::BOLD),
            warn: s,
            running: s,
            header: s.add_modifier(Modifier::REVERSED),
            title: s.add_modifier(Modifier::BOLD),
            glyphs: Glyphs::Unicode,
        }
    }

    /// A run status's symbol and style: the symbol carries the meaning without colour.
    pub fn status(&self, status: &RunStatus) -> (&'static str, Style) {
        let style = match status {
            RunStatus::Completed => self.ok,
            RunStatus::Failed
            | RunStatus::Crashed
            | RunStatus::SystemFailure
            | RunStatus::Expired
            | RunStatus::TimedOut => self.error,
            RunStatus::Canceled => self.muted,
            RunStatus::Executing
            | RunStatus::Dequeued
            | RunStatus::Queued
            | RunStatus::Delayed
            | RunStatus::PendingVersion
            | RunStatus::Waiting => self.running,
            RunStatus::Other(_) => self.warn,
        };
        (crate::present::status::symbol(status), style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::theme::{DARK, LIGHT};

    #[test]
    fn both_shipped_themes_parse_in_every_mode() {
        for text in [DARK, LIGHT] {
            for mode in [ColorMode::TrueColor, ColorMode::Ansi16, ColorMode::None] {
                assert!(Theme::parse(text, mode).is_ok());
            }
        }
    }

    #[test]
    fn without_colour_selection_is_reversed_and_nothing_is_coloured() {
        let theme = Theme::builtin("dark", ColorMode::None);
        assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
        assert_eq!(theme.ok.fg, None);
        assert_eq!(theme.error.fg, None);
    }

    #[test]
    fn the_sixteen_colour_fallback_uses_named_colours() {
        let theme = Theme::builtin("dark", ColorMode::Ansi16);
        assert_eq!(theme.ok.fg, Some(Color::Green));
        assert_eq!(theme.selected.bg, Some(Color::DarkGray));
    }

    #[test]
    fn the_config_file_chooses_a_shipped_theme_or_a_file_and_a_bad_file_says_why() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mode = ColorMode::TrueColor;
        let dark = Theme::builtin("dark", mode);
        let light = Theme::builtin("light", mode);
        assert_eq!(Theme::chosen(None, dir.path(), mode), (dark.clone(), None));
        assert_eq!(
            Theme::chosen(Some("light"), dir.path(), mode),
            (light, None)
        );
        let custom = DARK.replace("#a3be8c", "#00ff00");
        std::fs::write(dir.path().join("mine.toml"), custom).unwrap_or_else(|e| panic!("{e}"));
        let (theme, warning) = Theme::chosen(Some("mine.toml"), dir.path(), mode);
        assert_eq!((theme.ok.fg, warning), (Some(Color::Rgb(0, 255, 0)), None));
        std::fs::write(dir.path().join("bad.toml"), "[truecolor\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let (theme, warning) = Theme::chosen(Some("bad.toml"), dir.path(), mode);
        assert_eq!(theme, dark);
        let warning = warning.unwrap_or_default();
        assert!(
            warning.starts_with(&format!(
                "Theme {} not used (TOML parse error at line 1",
                dir.path().join("bad.toml").display()
            )) && warning.ends_with("; using the dark theme"),
            "{warning}"
        );
        let (_, warning) = Theme::chosen(Some("missing.toml"), dir.path(), mode);
        assert!(warning.unwrap_or_default().contains("No such file"));
    }

    #[test]
    fn unknown_statuses_get_a_question_mark() {
        let theme = Theme::plain();
        assert_eq!(
            theme.status(&RunStatus::Other("REATTEMPTING".into())).0,
            "?"
        );
        assert_eq!(theme.status(&RunStatus::TimedOut).0, "✗");
    }
}
