//! The text each form field takes, whatever way it was filled (typed, pasted, picked, the
//! external editor, a restored draft, an edited task): the one-line fields hold
//! [`clean_line`] text, the prompt [`clean_prompt`] text, and the account ids are lower-case
//! as well — the same rules the client applies to every body it sends.

use ratatui_textarea::{CursorMove, DataCursor, TextArea};

use crate::model::{clean_line, clean_prompt};

use super::form::Field;

/// `text` as `field` holds it. Blanks are kept (typed at the end, a space is not lost).
pub fn clean_for(field: Field, text: &str) -> String {
    match field {
        Field::Title | Field::Schedule | Field::Timezone | Field::Model => clean_line(text),
        Field::Prompt => clean_prompt(text),
        Field::Artist | Field::Account => clean_line(text).to_ascii_lowercase(),
    }
}

/// `text` as `field` sends it: clean, and a one-line field without the blanks around it.
pub fn to_send(field: Field, text: &str) -> String {
    let clean = clean_for(field, text);
    match field {
        Field::Prompt => clean,
        Field::Title
        | Field::Schedule
        | Field::Timezone
        | Field::Model
        | Field::Artist
        | Field::Account => clean.trim().to_string(),
    }
}

/// A text area holding `text`, the cursor at its end.
pub fn text_area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// `input` with its text cleaned for `field` and the cursor after the same text, or `None`
/// when the text is clean already.
pub fn cleaned(field: Field, input: &TextArea<'_>) -> Option<TextArea<'static>> {
    let value = input.lines().join("\n");
    let clean = clean_for(field, &value);
    if clean == value {
        return None;
    }
    let DataCursor(row, col) = input.cursor();
    let mut before: Vec<String> = input.lines()[..row].to_vec();
    before.push(input.lines()[row].chars().take(col).collect());
    // A mark at the cursor shows where it lands once a dropped line break is a space.
    let marked = clean_for(field, &format!("{}\u{e000}", before.join("\n")));
    let before = marked.strip_suffix('\u{e000}').unwrap_or(&marked);
    let row = before.matches('\n').count();
    let col = before
        .rsplit('\n')
        .next()
        .map_or(0, |line| line.chars().count());
    let mut area = text_area(&clean);
    let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    area.move_cursor(CursorMove::Jump(at(row), at(col)));
    Some(area)
}

/// The shell's line edits (readline's defaults), and undo, as the form's keys ask for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEdit {
    /// `Ctrl+A`.
    LineStart,
    /// `Ctrl+E`.
    LineEnd,
    /// `Ctrl+U`: the text before the cursor on its line (nothing at the line's start).
    DeleteToLineStart,
    /// `Ctrl+K`: the text after the cursor on its line.
    DeleteToLineEnd,
    /// `Ctrl+W`: back to the previous blank, as bash's `unix-word-rubout` (a UUID or
    /// `1-5` goes whole); at a line's start, the line break.
    DeleteWordBack,
    Undo,
    Redo,
}

/// Apply `edit` to `area`. Returns whether the text changed. A selection (a one-line field's
/// text, selected when Tab reached it) is what a delete takes first, as typing replaces it.
pub fn apply(area: &mut TextArea<'_>, edit: LineEdit) -> bool {
    let DataCursor(row, col) = area.cursor();
    match edit {
        LineEdit::LineStart => {
            area.cancel_selection();
            area.move_cursor(CursorMove::Head);
            false
        }
        LineEdit::LineEnd => {
            area.cancel_selection();
            area.move_cursor(CursorMove::End);
            false
        }
        LineEdit::DeleteToLineStart if area.is_selecting() || col > 0 => area.delete_line_by_head(),
        LineEdit::DeleteToLineStart => false,
        LineEdit::DeleteToLineEnd => area.delete_line_by_end(),
        LineEdit::DeleteWordBack if area.is_selecting() || col == 0 => area.delete_word(),
        LineEdit::DeleteWordBack => {
            let before: Vec<char> = area.lines()[row].chars().take(col).collect();
            let blanks = before
                .iter()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count();
            let word = before[..before.len() - blanks]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .count();
            let n = blanks + word;
            let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
            area.move_cursor(CursorMove::Jump(at(row), at(col - n)));
            area.delete_str(n)
        }
        LineEdit::Undo => area.undo(),
        LineEdit::Redo => area.redo(),
    }
}
