//! Layout helpers of the TUI: fire lines broken to a pane's width, words wrapped to lines.
//! How values read (times, durations, costs, statuses, names) is `crate::present`'s, shared
//! with the CLI.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::present::fit;
use crate::present::width::split_at_width;

/// `line` cut to `width` columns, its last span ending with `…` where text was cut (for
/// paragraphs that do not wrap: ratatui would cut them at the edge without a sign).
pub fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let mut left = width;
    let mut spans = Vec::new();
    for span in line.spans {
        let span_width = span.content.width();
        if span_width < left {
            left -= span_width;
            spans.push(span);
            continue;
        }
        // The span that reaches the edge: cut, the `…` in its last column.
        let text = fit(&format!("{}…", span.content), left);
        spans.push(Span::styled(text, span.style));
        break;
    }
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    }
}

/// A fire line (`Thu … EST  (… local)  <- DST change …`) laid out for `width` columns: whole
/// when it fits, else the zone time with the rest on the lines below, indented; a local time
/// too long for its line loses its date (the weekday still places it within the week).
pub fn fire_lines(line: &str, indent: &str, width: usize) -> Vec<String> {
    if indent.width() + line.width() <= width {
        return vec![format!("{indent}{line}")];
    }
    let mut parts = line.split("  ");
    let mut out = vec![format!("{indent}{}", parts.next().unwrap_or_default())];
    let room = width.saturating_sub(indent.width() + 4);
    for part in parts.filter(|p| !p.is_empty()) {
        let part = match without_date(part) {
            Some(short) if part.width() > room => short,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_too_wide_is_cut_with_an_ellipsis_across_its_spans() {
        let line = Line::from(vec![Span::raw("  Ctrl+S  "), Span::raw("save the task")]);
        assert_eq!(
            fit_line(line.clone(), 40).to_string(),
            "  Ctrl+S  save the task"
        );
        assert_eq!(
            fit_line(line.clone(), 23).to_string(),
            "  Ctrl+S  save the task"
        );
        assert_eq!(fit_line(line.clone(), 16).to_string(), "  Ctrl+S  save …");
        assert_eq!(fit_line(line.clone(), 10).to_string(), "  Ctrl+S …");
        assert_eq!(fit_line(line, 5).to_string(), "  Ct…");
        let wide = Line::from(vec![Span::raw("ファン週報")]);
        assert_eq!(fit_line(wide, 6).to_string(), "ファ…");
    }

    #[test]
    fn wide_characters_count_their_columns_when_wrapped() {
        let lines = wrap_words("🎸 ファン週報 report", 6);
        assert_eq!(lines, ["🎸", "ファン", "週報", "report"]);
        assert!(lines.iter().all(|l| l.width() <= 6), "{lines:?}");
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
}
