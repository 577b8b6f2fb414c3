//! Text cut to a number of terminal columns (wide characters count two), for table cells in
//! both faces.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` split where its first part is at most `width` columns wide (at least one character,
/// so a character wider than `width` still moves on).
pub fn split_at_width(text: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width && at > 0 {
            return text.split_at(at);
        }
    }
    (text, "")
}

/// Cut `text` to `width` columns, with `…` when cut.
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
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn wide_characters_count_their_columns_when_cut() {
        assert_eq!(fit("ファン週報", 5), "ファ…");
        assert_eq!(fit("🎸 band", 7), "🎸 band");
        assert_eq!(fit("🎸 band", 6), "🎸 ba…");
    }
}
