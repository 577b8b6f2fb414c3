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

/// `text` cut to `width` columns (with `…`) and padded with spaces to exactly `width` columns:
/// `format!("{:<N}")` pads by characters, which a wide character makes one column too long.
pub fn pad(text: &str, width: usize) -> String {
    let cut = fit(text, width);
    let fill = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(fill))
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

    /// The title of issue 13: cut where it is four columns wider than its characters.
    #[test]
    fn an_emoji_and_cjk_title_is_cut_with_an_ellipsis_at_its_display_width() {
        let title = "Fan digest 🎸 für Ü — ファン週報";
        assert_eq!(title.chars().count(), 26);
        assert_eq!(title.width(), 32);
        assert_eq!(fit(title, 26), "Fan digest 🎸 für Ü — フ…");
        assert_eq!(fit(title, 26).width(), 25);
        assert_eq!(fit(title, 27), "Fan digest 🎸 für Ü — ファ…");
        assert_eq!(fit(title, 14), "Fan digest 🎸…");
        assert_eq!(fit(title, 13), "Fan digest …");
        assert_eq!(fit(title, 32), title);
        assert_eq!(fit(title, 31), "Fan digest 🎸 für Ü — ファン週…");
    }

    #[test]
    fn pad_fills_to_display_width() {
        assert_eq!(pad("ファン", 8), "ファン  ");
        assert_eq!(pad("🎸", 3), "🎸 ");
        assert_eq!(pad("ファン週報", 5), "ファ…");
        assert_eq!(pad("ab", 0), "");
    }
}
