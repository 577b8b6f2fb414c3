//! Server text made safe to print in a terminal, by the CLI and the TUI alike: no escape
//! sequence, control character or invisible format character (bidi overrides, zero-width
//! characters: [`crate::model::is_invisible_format`]) reaches the terminal. (`model::text` cleans what a task
//! *stores*: it drops controls; this shows that something was there.)

use std::borrow::Cow;

use crate::model::{is_invisible_format, without_escapes};

/// `text` without escape sequences (CSI, OSC, DCS … are removed whole) and invisible format
/// characters, and with other control characters shown as `�`; a tab becomes a space. Newlines
/// are kept only when `multiline`.
pub fn clean(text: &str, multiline: bool) -> Cow<'_, str> {
    let is_safe = |c: char| !(c.is_control() || is_invisible_format(c)) || (multiline && c == '\n');
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
            c if is_invisible_format(c) => {}
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

    #[test]
    fn bidi_controls_are_removed() {
        // With U+202E between them, "invoice" and "fdp.exe" show as "invoiceexe.pdf".
        assert_eq!(clean("invoice\u{202e}fdp.exe", false), "invoicefdp.exe");
        assert_eq!(
            clean(
                "a\u{202a}b\u{202b}c\u{202c}d\u{202d}e\u{202e}f\u{2066}g\u{2067}h\u{2068}i\u{2069}j",
                false
            ),
            "abcdefghij"
        );
        assert_eq!(clean("l\u{200e}r\u{200f}m\u{61c}!", false), "lrm!");
    }

    #[test]
    fn zero_width_and_other_invisible_format_characters_are_removed() {
        assert_eq!(
            clean(
                "z\u{200b}n\u{200c}j\u{200d}w\u{2060}b\u{feff}s\u{ad}m\u{180e}!",
                false
            ),
            "znjwbsm!"
        );
        assert_eq!(
            clean("i\u{2061}\u{2062}\u{2063}\u{2064}\u{206a}\u{206f}!", false),
            "i!"
        );
        assert_eq!(clean("a\u{fff9}b\u{fffa}c\u{fffb}", false), "abc");
        // Tag characters spell hidden ASCII ("ASCII smuggling").
        assert_eq!(clean("ok\u{e0001}\u{e0069}\u{e0067}\u{e007f}", false), "ok");
        assert_eq!(clean("multi\u{202e}\nline\u{200b}", true), "multi\nline");
        assert_eq!(line("one\u{2067}\ntwo"), "one two");
    }

    #[test]
    fn visible_text_of_any_script_is_borrowed_untouched() {
        for text in ["Ünïcødé ✓ 数据", "עברית and العربية", "emoji 🎉", "؀١٢ ۝"]
        {
            assert!(matches!(clean(text, false), Cow::Borrowed(_)), "{text}");
        }
    }
}
