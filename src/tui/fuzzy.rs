//! Fuzzy matching for the command palette: the query's characters must appear in the text in
//! order (a subsequence, any case); runs of consecutive characters and characters that start a
//! word score higher, so `dt` finds "**d**elete **t**ask" before "e**d**i**t**" and `run` finds
//! "**run**s screen" before "f**r**esh".

/// A match's points for each character found.
const FOUND: i32 = 1;
/// Points for a character right after the previous one found.
const CONSECUTIVE: i32 = 5;
/// Points for a character that starts a word (or the text).
const WORD_START: i32 = 8;
/// Points for a text that starts with the whole query.
const PREFIX: i32 = 10;

/// The score of `query` in `text`, or `None` when `query` is not a subsequence of it. An empty
/// query matches everything with 0. Higher is better.
pub fn score(query: &str, text: &str) -> Option<i32> {
    let query: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    if query.is_empty() {
        return Some(0);
    }
    let text: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let word_start = |j: usize| j == 0 || !text[j - 1].is_alphanumeric();
    let points_at = |j: usize| FOUND + if word_start(j) { WORD_START } else { 0 };
    // The best alignment, not the first one found (a greedy match would take the `t` inside
    // "delete" for `dt` and miss "task"): for each query character, the best score of a match
    // ending with it at each position of the text.
    let mut ending: Vec<Option<i32>> = (0..text.len())
        .map(|j| (text[j] == query[0]).then(|| points_at(j)))
        .collect();
    for wanted in &query[1..] {
        let mut next = vec![None; text.len()];
        // The best match of the query so far ending two or more characters before `j`.
        let mut before: Option<i32> = None;
        for j in 0..text.len() {
            if j >= 2 {
                before = before.max(ending[j - 2]);
            }
            if text[j] != *wanted {
                continue;
            }
            let adjacent = j
                .checked_sub(1)
                .and_then(|k| ending[k])
                .map(|p| p + CONSECUTIVE);
            next[j] = before.max(adjacent).map(|p| p + points_at(j));
        }
        ending = next;
    }
    let best = ending.into_iter().flatten().max();
    let prefix = text.starts_with(&query);
    best.map(|points| if prefix { points + PREFIX } else { points })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subsequence_matches_in_any_case_and_anything_else_does_not() {
        assert!(score("dlt", "Delete").is_some());
        assert!(score("DEL", "delete").is_some());
        assert_eq!(score("xyz", "delete"), None);
        // In order only.
        assert_eq!(score("ed", "de"), None);
        assert_eq!(score("", "anything"), Some(0));
    }

    #[test]
    fn consecutive_characters_beat_scattered_ones() {
        let together = score("run", "runs screen");
        let scattered = score("run", "refresh unit now");
        assert!(together > scattered, "{together:?} {scattered:?}");
    }

    #[test]
    fn word_starts_beat_the_middle_of_words() {
        let starts = score("dt", "delete task");
        let middle = score("dt", "edit");
        assert!(starts > middle, "{starts:?} {middle:?}");
    }

    #[test]
    fn the_best_place_wins_not_the_first() {
        // The `r` of "fewer" is not where `run` scores best.
        assert_eq!(score("run", "fewer runs"), score("run", "x runs"));
        // Nor is the `t` inside "delete" for `dt`.
        assert_eq!(score("dt", "delete task"), score("dt", "d task"));
    }

    #[test]
    fn a_prefix_beats_the_same_word_later() {
        assert!(score("quit", "quit") > score("quit", "force quit"));
    }

    #[test]
    fn exact_scores() {
        // r(1+8) u(1+5) n(1+5) + prefix 10.
        assert_eq!(score("run", "runs"), Some(31));
        // d(1+8) t(1+8).
        assert_eq!(score("dt", "delete task"), Some(18));
    }
}
