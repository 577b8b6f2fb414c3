//! The rules for text a task stores, shared by the TUI's form, the CLI (through the client) and
//! the TUI's display of server text:
//!
//! - a one-line field (title, schedule, timezone, model) keeps no line break, tab, control
//!   character or escape sequence: a run of line breaks and tabs becomes one space between
//!   words (gluing `one\ntwo` into `onetwo` would read worse), and is dropped at either end;
//! - the prompt keeps its line breaks (`\r\n` and `\r` become `\n`) and tabs, and drops escape
//!   sequences and every other control character;
//! - an account id is a UUID written lower-case, without surrounding blanks.
//!
//! Escape sequences go whole: `\x1b[31mRED` is `RED`, not `[31mRED`. Invisible Unicode format
//! characters ([`is_invisible_format`]: bidi overrides, zero-width characters, tags) go too in
//! every field: they can make stored text read as something else than it is.

use super::{CreateTask, UpdateTask};

/// `text` as a one-line field stores it. Blanks the user typed are kept as they are (a space
/// typed at the end of a title is not lost while typing); only line breaks and tabs collapse.
pub fn clean_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A line break or tab was dropped since the last kept character.
    let mut gap = false;
    for c in without_escapes(text) {
        if is_line_break(c) || c == '\t' {
            gap = true;
        } else if c.is_control() || is_invisible_format(c) || (gap && c == ' ') {
            // A control character is dropped; a blank next to a line break joins its space.
        } else {
            if gap && !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        }
    }
    out
}

/// `text` as the prompt stores it: lines and tabs kept, escapes and other controls dropped.
pub fn clean_prompt(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for c in without_escapes(&text) {
        if is_line_break(c) {
            out.push('\n');
        } else if c == '\t' || !(c.is_control() || is_invisible_format(c)) {
            out.push(c);
        }
    }
    out
}

/// An account id as stored: one clean line, trimmed, lower-case (UUIDs are case-insensitive,
/// and one id written two ways would be two ids to everything that compares them).
pub fn normalize_uuid(text: &str) -> String {
    clean_line(text).trim().to_ascii_lowercase()
}

/// A create body with every field cleaned by its rule.
pub fn clean_create(body: &CreateTask) -> CreateTask {
    CreateTask {
        title: clean_line(&body.title),
        prompt: clean_prompt(&body.prompt),
        schedule: clean_line(&body.schedule),
        artist_account_id: normalize_uuid(&body.artist_account_id),
        account_id: body.account_id.as_deref().map(normalize_uuid),
        model: body.model.as_deref().map(clean_line),
        timezone: body.timezone.as_deref().map(clean_line),
    }
}

/// An update body with every field it changes cleaned by its rule (the task's id is sent as
/// given: it names a task, it is not stored).
pub fn clean_update(body: &UpdateTask) -> UpdateTask {
    UpdateTask {
        id: body.id.clone(),
        title: body.title.as_deref().map(clean_line),
        prompt: body.prompt.as_deref().map(clean_prompt),
        schedule: body.schedule.as_deref().map(clean_line),
        account_id: body.account_id.as_deref().map(normalize_uuid),
        artist_account_id: body.artist_account_id.as_deref().map(normalize_uuid),
        enabled: body.enabled,
        model: body.model.as_deref().map(clean_line),
        timezone: body.timezone.as_deref().map(clean_line),
    }
}

/// Whether `c` is one of Unicode's format characters (category Cf) that draw nothing but can
/// change how the text around them reads: bidi marks, embeddings, overrides and isolates
/// (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069, which turn `fdp.exe` into `exe.pdf`),
/// zero-width and invisible characters (U+00AD, U+180E, U+200B–U+200D, U+2060–U+2064, U+FEFF),
/// deprecated format controls (U+206A–U+206F), interlinear annotation (U+FFF9–U+FFFB),
/// shorthand and musical format controls, and tag characters (U+E0001, U+E0020–U+E007F), which
/// can spell hidden ASCII. The Cf characters that draw a sign (the Arabic number signs
/// U+0600–U+0605, U+06DD, U+08E2, U+0890–U+0891, the Syriac U+070F, the Kaithi U+110BD and
/// U+110CD, the Egyptian hieroglyph controls U+13430–U+1343F) are kept. Emoji joined by
/// U+200D (woman, ZWJ, laptop) fall apart into their parts, which still read.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// Unicode's mandatory line breaks: LF, VT, FF, CR, NEL, LINE and PARAGRAPH SEPARATOR.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The characters of `text` with every escape sequence removed whole: CSI (`ESC [` … final
/// byte), the string sequences OSC, DCS, SOS, PM and APC (`ESC ]` … BEL or ST), two-character
/// escapes (`ESC c`, `ESC 7` …) and their C1 single-byte forms. Other control characters are
/// left for the caller to decide about.
pub fn without_escapes(text: &str) -> WithoutEscapes<'_> {
    WithoutEscapes {
        chars: text.chars().peekable(),
    }
}

/// See [`without_escapes`].
pub struct WithoutEscapes<'a> {
    chars: Chars<'a>,
}

impl Iterator for WithoutEscapes<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        loop {
            match self.chars.next()? {
                '\u{1b}' => skip_escape(&mut self.chars),
                // C1 introducers of string sequences (DCS, SOS, OSC, PM, APC): skip to ST or BEL.
                '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                    skip_string(&mut self.chars)
                }
                '\u{9b}' => skip_csi(&mut self.chars),
                c => return Some(c),
            }
        }
    }
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Two-character escapes (ESC c, ESC 7 …) and ESC + intermediate + final.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paste from issue 9.
    const ISSUE: &str = "Line one\nline two\tTabbed\x1b[31mRED";

    #[test]
    fn a_line_turns_breaks_and_tabs_into_one_space_and_drops_escapes_whole() {
        assert_eq!(clean_line(ISSUE), "Line one line two TabbedRED");
        assert_eq!(clean_line("a\r\n\r\n\t b"), "a b");
        assert_eq!(clean_line("a \n b"), "a b");
        assert_eq!(clean_line("\n\tlead and trail\r\n"), "lead and trail");
        assert_eq!(
            clean_line("x\u{1b}]0;title\u{7}y\u{1b}]8;;u\u{1b}\\z"),
            "xyz"
        );
        assert_eq!(
            clean_line("bell\u{7} del\u{7f} c1\u{9b}2J nul\0!"),
            "bell del c1 nul!"
        );
        assert_eq!(clean_line("one\u{2028}two\u{85}three"), "one two three");
    }

    #[test]
    fn a_clean_line_is_left_as_typed() {
        for text in [
            "",
            " ",
            "Weekly fan report  ",
            "  Ünïcødé ✓ 数据",
            "0 9 * * 4",
        ] {
            assert_eq!(clean_line(text), text);
        }
        assert_eq!(clean_line(&clean_line(ISSUE)), clean_line(ISSUE));
    }

    #[test]
    fn the_prompt_keeps_lines_and_tabs_and_drops_escapes_and_controls() {
        assert_eq!(clean_prompt(ISSUE), "Line one\nline two\tTabbedRED");
        assert_eq!(clean_prompt("a\r\nb\rc\n\nd"), "a\nb\nc\n\nd");
        assert_eq!(
            clean_prompt("\u{1b}[2J\u{1b}cStep\u{8}s:\n\t1. go\u{7}"),
            "Steps:\n\t1. go"
        );
        let plain = "Summarise the week.\n\n\tThen send it.";
        assert_eq!(clean_prompt(plain), plain);
    }

    #[test]
    fn bidi_controls_and_invisible_format_characters_are_not_stored() {
        assert_eq!(clean_line("invoice\u{202e}fdp.exe"), "invoicefdp.exe");
        assert_eq!(
            clean_line("a\u{2066}b\u{2069}c\u{200b}d\u{200d}e\u{feff}f\u{200e}g\u{e0041}h"),
            "abcdefgh"
        );
        assert_eq!(
            clean_prompt("Step\u{202d}s:\n\t1.\u{2060} go\u{ad}"),
            "Steps:\n\t1. go"
        );
        assert_eq!(clean_line("عربي ✓ 数据"), "عربي ✓ 数据");
    }

    #[test]
    fn a_uuid_is_trimmed_and_lower_case() {
        assert_eq!(
            normalize_uuid("  1B4E28BA-2FA1-41D2-883F-0016D3CCA427\r\n"),
            "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
        );
    }

    #[test]
    fn bodies_are_cleaned_field_by_field() {
        let create = CreateTask {
            title: ISSUE.into(),
            prompt: ISSUE.into(),
            schedule: "0 9 * * 4\n".into(),
            artist_account_id: "1B4E28BA-2FA1-41D2-883F-0016D3CCA427".into(),
            account_id: Some(" 9B2F0D5E-6C1A-4F7E-8D3B-2A1C0E9F8B7A".into()),
            model: Some("gpt\t4o".into()),
            timezone: Some("UTC\n".into()),
        };
        assert_eq!(
            clean_create(&create),
            CreateTask {
                title: "Line one line two TabbedRED".into(),
                prompt: "Line one\nline two\tTabbedRED".into(),
                schedule: "0 9 * * 4".into(),
                artist_account_id: "1b4e28ba-2fa1-41d2-883f-0016d3cca427".into(),
                account_id: Some("9b2f0d5e-6c1a-4f7e-8d3b-2a1c0e9f8b7a".into()),
                model: Some("gpt 4o".into()),
                timezone: Some("UTC".into()),
            }
        );
        let update = UpdateTask {
            id: "ID".into(),
            title: Some("\u{1b}[1mBold\u{1b}[0m".into()),
            enabled: Some(None),
            ..UpdateTask::default()
        };
        assert_eq!(
            clean_update(&update),
            UpdateTask {
                title: Some("Bold".into()),
                ..update
            }
        );
    }
}
