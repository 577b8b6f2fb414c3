//! The theme a config file chooses, read as data: a shipped name or a theme file's colour
//! tables. Turning the tables into terminal styles is the TUI's business (`tui::theme`); this
//! half lives here so `recoup-tasks config` can check a theme file without the TUI.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

/// The shipped dark theme (the default).
pub const DARK: &str = include_str!("../../assets/themes/dark.toml");
/// The shipped light theme.
pub const LIGHT: &str = include_str!("../../assets/themes/light.toml");

/// A theme file's colours by role (`text`, `accent`, `selected_bg`…): truecolor values and
/// their 16-colour fallbacks, as written (a value the terminal cannot show is skipped later).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ThemeTables {
    pub truecolor: HashMap<String, String>,
    pub ansi: HashMap<String, String>,
}

impl ThemeTables {
    /// Parses a theme file's text.
    pub fn parse(text: &str) -> Result<ThemeTables, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// A shipped theme by name (`dark` or `light`); anything else is dark.
    pub fn builtin(name: &str) -> ThemeTables {
        let text = if name == "light" { LIGHT } else { DARK };
        ThemeTables::parse(text).unwrap_or_default()
    }
}

/// The config file's `theme`: a shipped name, or a theme file's path (relative to
/// `config_dir`). A file that cannot be used gives the dark theme and says why.
pub fn chosen_theme(choice: Option<&str>, config_dir: &Path) -> (ThemeTables, Option<String>) {
    let choice = match choice.map(str::trim) {
        None | Some("") | Some("dark") => return (ThemeTables::builtin("dark"), None),
        Some("light") => return (ThemeTables::builtin("light"), None),
        Some(path) => path,
    };
    let path = config_dir.join(choice);
    let loaded = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| ThemeTables::parse(&text));
    match loaded {
        Ok(tables) => (tables, None),
        Err(err) => (
            ThemeTables::builtin("dark"),
            Some(format!(
                "Theme {} not used ({}); using the dark theme",
                path.display(),
                err.trim()
            )),
        ),
    }
}
