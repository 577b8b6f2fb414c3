//! `recoup-tasks config`: which backend the settings select, from which profile, and the files
//! involved — the key masked, a key command named by its program, not run.

use crate::config::{self, Environment, ProfileKey, ProfileReason, Selection, mask};
use crate::model::Plan;
use crate::present::sanitize;

/// Prints the resolved settings; 1 with `Error: …` when they cannot be resolved.
pub fn run(profile: Option<&str>, api_url: Option<&str>) -> i32 {
    let env = Environment::from_process(api_url);
    match report(profile, &env) {
        Ok((text, warnings)) => {
            for warning in warnings {
                eprintln!("Warning: {warning}");
            }
            print!("{text}");
            0
        }
        Err(err) => super::tasks::fail(err),
    }
}

/// The TUI's theme as the config file chooses it, checked as the TUI would load it.
fn theme_line(choice: Option<&str>, config_path: &std::path::Path) -> String {
    let Some(choice) = choice.filter(|choice| !choice.trim().is_empty()) else {
        return "dark (default)".to_string();
    };
    let dir = config_path.parent().unwrap_or(std::path::Path::new("."));
    match config::theme::chosen_theme(Some(choice), dir) {
        (_, Some(problem)) => problem,
        (_, None) => choice.to_string(),
    }
}

/// The profile's `plan` as the TUI will take it: a plan, or a name it ignores.
fn plan_line(name: &str) -> String {
    match Plan::parse(name) {
        Some(plan) => format!("{plan} (the TUI's preview marks schedules it refuses)"),
        None => format!(
            "{} (not free, starter or pro; ignored)",
            sanitize::line(name)
        ),
    }
}

/// The report's text and the warnings to print beside it.
pub fn report(
    profile: Option<&str>,
    env: &Environment,
) -> Result<(String, Vec<String>), config::ConfigError> {
    let settings = config::select(profile, env)?;
    let mut lines: Vec<(&str, String)> = Vec::new();
    match &settings.selection {
        Selection::Local { db_path } => {
            lines.push((
                "backend",
                "local (embedded server; no RECOUP_API_KEY and no profile)".to_string(),
            ));
            lines.push(("profile", "none".to_string()));
            lines.push(("key", "a session key minted at start".to_string()));
            lines.push(("database", db_path.display().to_string()));
        }
        Selection::Environment { url } => {
            lines.push((
                "backend",
                format!("hosted {}", config::without_credentials(url)),
            ));
            lines.push(("profile", "none (RECOUP_API_KEY is set)".to_string()));
            let masked = env.api_key.as_deref().map(mask).unwrap_or_default();
            lines.push(("key", format!("{masked} (from RECOUP_API_KEY)")));
        }
        Selection::Profile {
            name,
            url,
            reason,
            key,
        } => {
            lines.push((
                "backend",
                format!("hosted {}", config::without_credentials(url)),
            ));
            let why = match reason {
                ProfileReason::Flag => "--profile",
                ProfileReason::Default => "default_profile",
            };
            lines.push(("profile", format!("{name} (from {why})")));
            let key = match key {
                ProfileKey::Inline(key) => format!("{} (api_key in the config file)", mask(key)),
                // Only the program: the rest of the line may hold a secret (`echo recoup_sk_…`).
                ProfileKey::Command(command) => format!(
                    "from api_key_command (program `{}`; not run now)",
                    command.split_whitespace().next().unwrap_or_default()
                ),
            };
            lines.push(("key", key));
        }
    }
    if let Some(name) = &settings.plan {
        lines.push(("plan", plan_line(name)));
    }
    let exists = if settings.config_exists {
        ""
    } else {
        " (not found)"
    };
    lines.push((
        "config file",
        format!("{}{exists}", settings.config_path.display()),
    ));
    lines.push((
        "theme",
        theme_line(settings.theme.as_deref(), &settings.config_path),
    ));
    lines.push(("data dir", config::data_dir().display().to_string()));
    lines.push(("log file", config::log_path().display().to_string()));
    let mut text = String::new();
    for (name, value) in lines {
        text.push_str(&format!("{:<12} {value}\n", format!("{name}:")));
    }
    Ok((text, settings.warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_line_names_the_choice_or_why_the_tui_will_not_use_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("config.toml");
        assert_eq!(theme_line(None, &path), "dark (default)");
        assert_eq!(theme_line(Some(" "), &path), "dark (default)");
        assert_eq!(theme_line(Some("light"), &path), "light");
        let line = theme_line(Some("mine.toml"), &path);
        assert!(
            line.starts_with(&format!(
                "Theme {} not used (",
                dir.path().join("mine.toml").display()
            )) && line.ends_with("; using the dark theme"),
            "{line}"
        );
    }
}
