//! How times, durations and costs are written on screen.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// An instant in the viewer's zone: `Thu 12-03 09:00`.
pub fn short_local(t: DateTime<Utc>, local: Option<Tz>) -> String {
    match local {
        Some(zone) => t.with_timezone(&zone).format("%a %m-%d %H:%M").to_string(),
        None => t.format("%a %m-%d %H:%M").to_string(),
    }
}

/// A server timestamp in the viewer's zone with seconds; unparseable text is shown as sent.
pub fn timestamp(text: &str, local: Option<Tz>) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => {
            let t = t.with_timezone(&Utc);
            match local {
                Some(zone) => t
                    .with_timezone(&zone)
                    .format("%Y-%m-%d %H:%M:%S %Z")
                    .to_string(),
                None => t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            }
        }
        Err(_) => super::super::sanitize::line(text).into_owned(),
    }
}

/// `850ms`, `12.3s`, `4m 05s`, `2h 03m`.
pub fn duration_ms(ms: f64) -> String {
    if !ms.is_finite() || ms <= 0.0 {
        return "—".into();
    }
    let ms = ms.round() as u64;
    match ms {
        0..=999 => format!("{ms}ms"),
        1_000..=59_999 => format!("{:.1}s", ms as f64 / 1000.0),
        60_000..=3_599_999 => format!("{}m {:02}s", ms / 60_000, ms / 1000 % 60),
        _ => format!("{}h {:02}m", ms / 3_600_000, ms / 60_000 % 60),
    }
}

/// A run's duration: `—` until it has finished, `<1ms` for a finished run that took no
/// measurable time (a `durationMs` of 0 is then a reading, not a gap).
pub fn run_duration(run: &crate::model::Run) -> String {
    let finished = run.finished_at.is_some() || run.is_completed;
    if finished && run.duration_ms == 0.0 {
        return "<1ms".into();
    }
    duration_ms(run.duration_ms)
}

/// Cost in cents as dollars: `$0.0123`.
pub fn cost(cents: f64) -> String {
    if !cents.is_finite() {
        return "—".into();
    }
    format!("${:.4}", cents / 100.0)
}

/// A fire line (`Thu … EST  (… local)  <- DST change …`) laid out for `width` columns: whole
/// when it fits, else the zone time with the rest on the lines below, indented; a local time
/// too long for its line loses its date (the weekday still places it within the week).
pub fn fire_lines(line: &str, indent: &str, width: usize) -> Vec<String> {
    if indent.chars().count() + line.chars().count() <= width {
        return vec![format!("{indent}{line}")];
    }
    let mut parts = line.split("  ");
    let mut out = vec![format!("{indent}{}", parts.next().unwrap_or_default())];
    let room = width.saturating_sub(indent.chars().count() + 4);
    for part in parts.filter(|p| !p.is_empty()) {
        let part = match without_date(part) {
            Some(short) if part.chars().count() > room => short,
            _ => part.to_string(),
        };
        out.push(format!("{indent}    {part}"));
    }
    out
}

/// `(Sun 2026-11-29 05:35 CET local)` as `(Sun 05:35 CET local)`; `None` for other parts.
fn without_date(part: &str) -> Option<String> {
    let inner = part.strip_prefix('(')?.strip_suffix(" local)")?;
    let mut words = inner.split(' ');
    let (weekday, date) = (words.next()?, words.next()?);
    if date.len() != 10 || date.as_bytes().get(4) != Some(&b'-') {
        return None;
    }
    let rest: Vec<&str> = words.collect();
    Some(format!("({weekday} {} local)", rest.join(" ")))
}

/// A timestamp for a compact run line: `11-29 10:00:00` in the viewer's zone.
pub fn short_timestamp(text: &str, local: Option<Tz>) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => {
            let t = t.with_timezone(&Utc);
            match local {
                Some(zone) => t.with_timezone(&zone).format("%m-%d %H:%M:%S").to_string(),
                None => t.format("%m-%d %H:%M:%S").to_string(),
            }
        }
        Err(_) => super::super::sanitize::line(text).into_owned(),
    }
}

/// `text` in lines of at most `width` columns, broken between words (a word longer than a
/// line is cut into pieces).
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let used = line.width();
            let gap = usize::from(used > 0);
            if used + gap + word.width() <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word wider than the line is split at the last character that fits (at least
            // one, so a character wider than the line still moves on).
            let (head, rest) = split_at_width(&word, width);
            lines.push(head.to_string());
            word = rest.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` split where its first part is at most `width` columns wide (at least one character).
fn split_at_width(text: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width && at > 0 {
            return text.split_at(at);
        }
    }
    (text, "")
}

/// Cut `text` to `width` columns, with `…` when cut (wide characters count two).
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let (head, _) = split_at_width(text, width - 1);
    let head = if head.width() > width - 1 { "" } else { head };
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_their_columns_when_cut_and_wrapped() {
        assert_eq!(fit("ファン週報", 5), "ファ…");
        assert_eq!(fit("🎸 band", 7), "🎸 band");
        assert_eq!(fit("🎸 band", 6), "🎸 ba…");
        let lines = wrap_words("🎸 ファン週報 report", 6);
        assert_eq!(lines, ["🎸", "ファン", "週報", "report"]);
        assert!(lines.iter().all(|l| l.width() <= 6), "{lines:?}");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_ms(850.0), "850ms");
        assert_eq!(duration_ms(12_345.0), "12.3s");
        assert_eq!(duration_ms(245_000.0), "4m 05s");
        assert_eq!(duration_ms(7_380_000.0), "2h 03m");
        assert_eq!(duration_ms(0.0), "—");
        assert_eq!(duration_ms(f64::NAN), "—");
    }

    #[test]
    fn a_finished_run_of_zero_milliseconds_is_under_one_not_unknown() {
        let mut run: crate::model::Run = serde_json::from_value(serde_json::json!({
            "id": "run_1", "status": "EXECUTING", "taskIdentifier": "t",
            "createdAt": "2026-11-28T09:00:00.000Z", "updatedAt": "2026-11-28T09:00:00.000Z",
            "durationMs": 0
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run_duration(&run), "—");
        run.finished_at = Some("2026-11-28T09:00:00.000Z".into());
        assert_eq!(run_duration(&run), "<1ms");
        run.duration_ms = 1500.0;
        assert_eq!(run_duration(&run), "1.5s");
    }

    #[test]
    fn cost_is_dollars_from_cents() {
        assert_eq!(cost(1.23), "$0.0123");
    }

    #[test]
    fn a_long_fire_line_breaks_before_the_local_time_and_the_dst_mark() {
        let line = "Sun 2027-03-28 02:30 BST  (Sun 2027-03-28 03:30 CEST local)  <- DST change (UTC+00:00 -> UTC+01:00)";
        assert_eq!(
            fire_lines(line, "  ", 60),
            [
                "  Sun 2027-03-28 02:30 BST",
                "      (Sun 2027-03-28 03:30 CEST local)",
                "      <- DST change (UTC+00:00 -> UTC+01:00)"
            ]
        );
        assert_eq!(
            fire_lines("Thu 2026-12-03 09:00 UTC", "", 40),
            ["Thu 2026-12-03 09:00 UTC"]
        );
        assert_eq!(
            fire_lines(line, "", 35),
            [
                "Sun 2027-03-28 02:30 BST",
                "    (Sun 03:30 CEST local)",
                "    <- DST change (UTC+00:00 -> UTC+01:00)"
            ]
        );
    }

    #[test]
    fn words_wrap_between_words_and_long_words_are_cut() {
        assert_eq!(
            wrap_words("cannot reach http://127.0.0.1:9: connection refused", 20),
            ["cannot reach", "http://127.0.0.1:9:", "connection refused"]
        );
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_words("  ", 4), Vec::<String>::new());
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn unparseable_timestamps_are_shown_sanitised() {
        assert_eq!(timestamp("soon\u{1b}[2J", None), "soon");
        assert_eq!(
            timestamp("2026-12-03T09:00:00.000Z", None),
            "2026-12-03 09:00:00 UTC"
        );
    }
}
