//! Server text made safe to print in a terminal, by the CLI and the TUI alike: no escape
//! sequence or control character reaches the terminal. (`model::text` cleans what a task
//! *stores*: it drops controls; this shows that something was there.)

use std::borrow::Cow;

use crate::model::without_escapes;

/// `text` without escape sequences (CSI, OSC, DCS … are removed whole) and with other control
/// characters shown as `�`; a tab becomes a space. Newlines are kept only when `multiline`.
pub fn clean(text: &str, multiline: bool) -> Cow<'_, str> {
    let is_safe = |c: char| !c.is_control() || (multiline && c == '\n');
    if text.chars().all(is_safe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in without_escapes(text) {
        match c {
            '\t' => out.push(' '),
            '\n' if multiline => out.push('\n'),
            '\r' => {}
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A single line of server text: newlines become spaces.
pub fn line(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') {
        return clean(text, false);
    }
    Cow::Owned(clean(&text.replace('\n', " "), false).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(clean("Weekly report ✓", false), Cow::Borrowed(_)));
    }

    #[test]
    fn csi_osc_and_c1_sequences_are_removed_whole() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b", false), "ared b");
        assert_eq!(clean("x\u{1b}]52;c;ZXZpbA==\u{7}y", false), "xy");
        assert_eq!(clean("x\u{1b}]0;title\u{1b}\\y", false), "xy");
        assert_eq!(clean("x\u{9b}2Jy", false), "xy");
        assert_eq!(clean("x\u{1b}cy", false), "xy");
    }

    #[test]
    fn other_controls_are_replaced_and_newlines_kept_only_when_asked() {
        assert_eq!(clean("a\u{8}b\tc\r\n", false), "a\u{fffd}b c\u{fffd}");
        assert_eq!(clean("a\r\nb", true), "a\nb");
        assert_eq!(line("one\ntwo"), "one two");
    }
}
