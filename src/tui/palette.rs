//! The command palette (`:`, as in k9s): a line typed at the bottom, fuzzy-matched against every
//! command of the key table by its palette name and help (so help, docs and palette cannot
//! drift), plus the commands that take an argument (`:profile work`, `:artist Abba`,
//! `:runs FAILED`), whose arguments it completes.

use super::fuzzy;
use super::keys::{self, Argument, Command, Context};

/// How many matches the popup shows.
pub const SHOWN: usize = 8;

/// The palette while open: what is typed and which match is chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Palette {
    pub input: String,
    /// Position in the matches.
    pub chosen: usize,
}

/// What a palette line does when run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// What the key does.
    Key(Command),
    /// Switch to this profile.
    Profile(String),
    /// Show the Tasks of this artist (empty: all).
    Artist(String),
    /// Show the Runs screen with this status (empty: all).
    Runs(String),
    /// Not a command yet: put this in the input (a command that needs its argument).
    Fill(String),
}

/// One match, as the popup shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The line as typed to run it: `quit`, `profile work`; `profile ` for one to complete.
    pub line: String,
    /// Its keys (`q`, `j/↓`), or nothing for a palette-only command.
    pub keys: String,
    pub help: String,
    pub run: Run,
}

/// What the palette completes from: where it was opened and what the app knows.
pub struct Sources<'a> {
    /// `Tasks` or `Runs`: the commands offered are those of that screen.
    pub context: Context,
    /// Whether the backend is the embedded local server (local-only commands).
    pub local: bool,
    pub profiles: &'a [String],
    /// Whether the profile `local` among them is the session's local mode, not a profile.
    pub local_is_mode: bool,
    /// Artists' names (or ids when nameless).
    pub artists: Vec<String>,
}

/// The matches for `input`, best first (ties in table order).
pub fn candidates(input: &str, sources: &Sources<'_>) -> Vec<Candidate> {
    let trimmed = input.trim_start();
    if let Some((head, rest)) = trimmed.split_once(' ')
        && let Some(command) = keys::PALETTE_COMMANDS
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(head))
    {
        return argument_candidates(command, rest.trim(), sources);
    }
    let query = trimmed.trim_end();
    let mut scored: Vec<(i32, Candidate)> = Vec::new();
    for binding in keys::bindings_for(sources.context).filter(|b| b.offered(sources.local)) {
        let Some(name) = binding.name else {
            continue;
        };
        // The name counts double: `del` should find `delete` before a help text with a d.
        let by_name = fuzzy::score(query, name).map(|s| s * 2);
        let by_help = fuzzy::score(query, binding.help);
        let Some(score) = by_name.max(by_help) else {
            continue;
        };
        scored.push((
            score,
            Candidate {
                line: name.to_string(),
                keys: keys::keys_label(binding),
                help: binding.help.to_string(),
                run: Run::Key(binding.command),
            },
        ));
    }
    for command in keys::PALETTE_COMMANDS {
        let by_name = fuzzy::score(query, command.name).map(|s| s * 2);
        let by_help = fuzzy::score(query, command.help);
        let Some(score) = by_name.max(by_help) else {
            continue;
        };
        let line = format!("{} ", command.name);
        scored.push((
            score,
            Candidate {
                line: format!("{} {}", command.name, command.placeholder),
                keys: String::new(),
                help: command.help.to_string(),
                run: Run::Fill(line),
            },
        ));
    }
    // Stable: equal scores keep the table's order.
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored.into_iter().map(|(_, c)| c).collect()
}

/// The completions of `command`'s argument matching `query`, best first.
fn argument_candidates(
    command: &keys::PaletteCommand,
    query: &str,
    sources: &Sources<'_>,
) -> Vec<Candidate> {
    let values: Vec<String> = match command.argument {
        Argument::Profile => sources.profiles.to_vec(),
        Argument::Artist => sources.artists.clone(),
        Argument::Status => crate::model::filter_statuses()
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    let mut scored: Vec<(i32, String)> = values
        .into_iter()
        .filter_map(|v| fuzzy::score(query, &v).map(|s| (s, v)))
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    // Before an argument is typed, the first line of a filter is "no filter".
    let all = match command.argument {
        Argument::Artist => Some("every artist"),
        Argument::Status => Some("every status"),
        Argument::Profile => None,
    };
    let all = all.filter(|_| query.is_empty()).map(|help| Candidate {
        line: command.name.to_string(),
        keys: String::new(),
        help: help.to_string(),
        run: with_argument(command.argument, String::new()),
    });
    all.into_iter()
        .chain(scored.into_iter().map(|(_, value)| Candidate {
            line: format!("{} {value}", command.name),
            keys: String::new(),
            help: if command.argument == Argument::Profile
                && sources.local_is_mode
                && value == LOCAL_MODE_HELP.0
            {
                LOCAL_MODE_HELP.1.to_string()
            } else {
                command.help.to_string()
            },
            run: with_argument(command.argument, value),
        }))
        .collect()
}

/// `:profile local` in a session started in local mode, and what it does.
const LOCAL_MODE_HELP: (&str, &str) = (
    "local",
    "back to this session's local mode (its server and scheduler kept running)",
);

fn with_argument(argument: Argument, value: String) -> Run {
    match argument {
        Argument::Profile => Run::Profile(value),
        Argument::Artist => Run::Artist(value),
        Argument::Status => Run::Runs(value),
    }
}

/// What `input` does when no match is chosen: a command with its argument as typed
/// (`profile nosuch` still tries, and says what is wrong), or nothing.
pub fn literal(input: &str) -> Option<Run> {
    let trimmed = input.trim();
    let (head, rest) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
    let command = keys::PALETTE_COMMANDS
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(head))?;
    Some(with_argument(command.argument, rest.trim().to_string()))
}
