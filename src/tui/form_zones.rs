//! The Timezone field's completion: the accepted zones and the names the scheduler knows them
//! by otherwise (`Asia/Kolkata` → `Asia/Calcutta`), matched on any part of the name in any
//! case, a space standing for `_` or `/` (`new york`, `kolk`, `eastern`); each with its UTC
//! offset now. About 420 names and 150 aliases, filtered on every keystroke.

use chrono::{DateTime, Utc};
use trigger_cron::timezones;

use crate::present;

use super::form::{SUGGESTIONS, Suggestion};

/// How well a name matches what is typed: lower comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The name starts with it (`amer` → `America/…`).
    Start,
    /// A part of the name starts with it (`york` → `America/New_York`).
    Word,
    /// It is somewhere inside (`olk` → `Asia/Kolkata`).
    Inside,
}

/// The completions for `typed`, seen at `now` (for the offsets): none when `typed` is an
/// accepted name already. An accepted name is offered for an alias that matches, labelled with
/// it: `Asia/Calcutta  UTC+05:30  (Asia/Kolkata)`.
pub fn suggestions(typed: &str, now: DateTime<Utc>) -> Vec<Suggestion> {
    if timezones::accepted_names().contains(&typed) {
        return Vec::new();
    }
    let needle = fold(typed.trim());
    let accepted = timezones::accepted_names()
        .iter()
        .map(|name| (*name, None::<&'static str>));
    let aliased = timezones::aliases().map(|(alias, name)| (name, Some(alias)));
    let mut found: Vec<(Rank, &'static str, Option<&'static str>)> = accepted
        .chain(aliased)
        .filter_map(|(name, alias)| Some((rank(&needle, alias.unwrap_or(name))?, name, alias)))
        .collect();
    // Stable: within a rank, the accepted names in their order, then the aliases.
    found.sort_by_key(|(rank, _, _)| *rank);
    let mut out: Vec<Suggestion> = Vec::new();
    for (_, name, alias) in found {
        if out.len() == SUGGESTIONS {
            break;
        }
        if out.iter().any(|s| s.value == name) {
            continue;
        }
        let offset = present::zone_offset_now(name, now).unwrap_or_default();
        let label = match alias {
            Some(alias) => format!("{name}  {offset}  ({alias})"),
            None => format!("{name}  {offset}"),
        };
        out.push(Suggestion {
            value: name.to_string(),
            label,
            group: None,
        });
    }
    out
}

/// `needle` (folded) against the zone `name`, or `None` when it is not in it.
fn rank(needle: &str, name: &str) -> Option<Rank> {
    let folded = fold(name);
    let at: Vec<usize> = folded.match_indices(needle).map(|(i, _)| i).collect();
    match at.first() {
        None => None,
        Some(0) => Some(Rank::Start),
        Some(_) if at.iter().any(|i| folded[..*i].ends_with(' ')) => Some(Rank::Word),
        Some(_) => Some(Rank::Inside),
    }
}

/// A zone name or what is typed, compared: lower case, `_`, `/` and `-` as spaces.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '_' | '/' | '-' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}
