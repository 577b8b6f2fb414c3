//! The form pane's update: its keys, pickers, paste, clicks and submit. Its state is
//! [`Form`]; opening it (from a task or a draft) and its save reply are the app's, since they
//! touch the task list and the drafts.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;

use crate::model::{ArtistDirectory, UpdateTask};

use super::super::drawn::Drawn;
use super::super::effect::{Effect, ServerCall};
use super::super::form::{Field, Form, Mode};
use super::super::form_presets::PRESETS;
use super::super::form_text::LineEdit;
use super::super::keys::Command;
use super::super::state::{Question, ToastKind};
use super::{Ask, Shared};

/// What the form's pickers offer: the artists loaded and those used recently.
pub struct Choices<'a> {
    pub artists: &'a ArtistDirectory,
    pub recent_ids: &'a [String],
}

/// A key's command, while the form has the keys.
pub fn update(
    form: &mut Form,
    command: Command,
    choices: Choices<'_>,
    shared: &mut Shared,
    effects: &mut Vec<Effect>,
) -> Ask {
    use Command as C;
    // Whatever the key after `Ctrl+X`, the chord ends with it.
    form.chord = false;
    if let Some(at) = form.presets {
        match command {
            C::PickNext => form.presets = Some((at + 1).min(PRESETS.len() - 1)),
            C::PickPrevious => form.presets = Some(at.saturating_sub(1)),
            C::Pick => take_preset(form, at, shared, effects),
            C::Cancel | C::OpenPresets => form.presets = None,
            // Any other command closes the list and does what it does.
            _ => {
                form.presets = None;
                return update(form, command, choices, shared, effects);
            }
        }
        return Ask::Done;
    }
    match command {
        C::OpenPresets => form.presets = Some(0),
        C::Submit => return submit(form, shared, effects),
        C::Cancel if form.is_changed() => return Ask::Confirm(Question::DiscardForm),
        C::Cancel => {
            effects.push(Effect::ClearDraft);
            return Ask::Close;
        }
        // A refused zone with a hint, or a phrase in the Schedule field: Tab takes the zone
        // the hint names, or the cron the phrase reads as, as the preview says, and goes on
        // to the next field as Tab always does (staying put had the next field's text typed
        // into this one; Enter takes it and stays).
        C::NextField => {
            match form.hinted_zone() {
                Some(zone) => {
                    form.set_value(Field::Timezone, zone, shared.now, shared.local);
                    effects.push(Effect::SaveDraft(form.draft()));
                }
                None if form.focus == Field::Schedule && form.translated_schedule().is_some() => {
                    take_translation(form, shared, effects)
                }
                None => {}
            }
            form.next_field();
        }
        C::PreviousField => form.previous_field(),
        C::PickNext | C::PickPrevious | C::Pick => pick(form, command, choices, shared, effects),
        C::StartChord => form.chord = true,
        C::CancelChord => {}
        // From any field: the editor's text is the prompt's, so the prompt takes the focus.
        C::EditPrompt => {
            if form.focus != Field::Prompt {
                form.focus_on(Field::Prompt, false);
            }
            effects.push(Effect::EditInEditor(form.value(Field::Prompt)));
        }
        C::LineStart => line_edit(form, LineEdit::LineStart, shared, effects),
        C::LineEnd => line_edit(form, LineEdit::LineEnd, shared, effects),
        C::DeleteToLineStart => line_edit(form, LineEdit::DeleteToLineStart, shared, effects),
        C::DeleteToLineEnd => line_edit(form, LineEdit::DeleteToLineEnd, shared, effects),
        C::DeleteWordBack => line_edit(form, LineEdit::DeleteWordBack, shared, effects),
        C::Undo => line_edit(form, LineEdit::Undo, shared, effects),
        C::Redo => line_edit(form, LineEdit::Redo, shared, effects),
        C::CopyUpgradeLink => match &form.refusal {
            Some(refusal) => effects.push(Effect::CopyToClipboard(refusal.billing_url.clone())),
            None => shared.unchanged(),
        },
        // The app's commands never reach a pane.
        _ => shared.unchanged(),
    }
    Ask::Done
}

fn line_edit(form: &mut Form, edit: LineEdit, shared: &mut Shared, effects: &mut Vec<Effect>) {
    if form.edit(edit, shared.now, shared.local) {
        effects.push(Effect::SaveDraft(form.draft()));
    }
}

/// A key that is no command: typed into the focused field. After `Ctrl+X` a key the chord
/// does not know only ends it (as bash, which beeps): typed, it would land by surprise.
pub fn type_key(
    form: &mut Form,
    key: KeyEvent,
    choices: Choices<'_>,
    shared: &mut Shared,
    effects: &mut Vec<Effect>,
) {
    if form.chord {
        form.chord = false;
        return;
    }
    // Typing closes the presets and goes on into the field.
    form.presets = None;
    // Space in a duplicate's artist picker adds the highlighted artist or takes it out.
    let space = key.code == KeyCode::Char(' ') && key.modifiers == KeyModifiers::NONE;
    if space && form.takes_several_artists() && form.focus == Field::Artist {
        let suggestions = form.suggestions(choices.artists, choices.recent_ids);
        if let Some(s) = suggestions.get(form.pick) {
            let id = s.value.clone();
            form.toggle_artist(&id, shared.now, shared.local);
            effects.push(Effect::SaveDraft(form.draft()));
            return;
        }
    }
    if form.type_key(key, shared.now, shared.local) {
        effects.push(Effect::SaveDraft(form.draft()));
    }
}

/// Pasted text, into the focused field.
pub fn paste(form: &mut Form, text: &str, shared: &mut Shared, effects: &mut Vec<Effect>) {
    form.presets = None;
    if form.paste(text, shared.now, shared.local) {
        effects.push(Effect::SaveDraft(form.draft()));
    } else {
        shared.unchanged();
    }
}

/// A click focuses the drawn field under the pointer.
pub fn click(form: &mut Form, at: Position, drawn: &Drawn, shared: &mut Shared) {
    let closed_presets = form.presets.take().is_some();
    match drawn.field_at(at) {
        Some(field) if field != form.focus => form.focus_on(field, false),
        _ if closed_presets => {}
        _ => shared.unchanged(),
    }
}

/// The text the external editor gave back, for the prompt.
pub fn edited(form: &mut Form, text: &str, shared: &mut Shared, effects: &mut Vec<Effect>) {
    // The one line end an editor adds, `\r\n` from a DOS-mode editor.
    let end = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'));
    let text = end.unwrap_or(text);
    form.set_value(Field::Prompt, text, shared.now, shared.local);
    effects.push(Effect::SaveDraft(form.draft()));
}

fn pick(
    form: &mut Form,
    command: Command,
    choices: Choices<'_>,
    shared: &mut Shared,
    effects: &mut Vec<Effect>,
) {
    let (now, local) = (shared.now, shared.local);
    let suggestions = form.suggestions(choices.artists, choices.recent_ids);
    match command {
        Command::Pick if form.focus == Field::Prompt => {
            form.insert_newline(now, local);
            effects.push(Effect::SaveDraft(form.draft()));
        }
        Command::Pick if form.focus == Field::Schedule && form.translated_schedule().is_some() => {
            take_translation(form, shared, effects)
        }
        Command::Pick => match suggestions.get(form.pick) {
            // The choice the field holds already ("default model" on an empty Model field).
            Some(s) if s.value == form.value(form.focus) => form.next_field(),
            Some(s) => {
                let (field, value) = (form.focus, s.value.clone());
                form.set_value(field, &value, now, local);
                effects.push(Effect::SaveDraft(form.draft()));
            }
            None => form.next_field(),
        },
        _ if suggestions.is_empty() => {
            // Up and Down move the cursor in the prompt.
            if form.focus == Field::Prompt {
                let code = if command == Command::PickNext {
                    KeyCode::Down
                } else {
                    KeyCode::Up
                };
                form.type_key(KeyEvent::new(code, KeyModifiers::NONE), now, local);
            } else {
                shared.unchanged();
            }
        }
        Command::PickNext => form.pick = (form.pick + 1).min(suggestions.len() - 1),
        _ => form.pick = form.pick.saturating_sub(1),
    }
}

/// The highlighted preset's cron into the Schedule field, which takes the focus.
fn take_preset(form: &mut Form, at: usize, shared: &mut Shared, effects: &mut Vec<Effect>) {
    form.presets = None;
    let Some(preset) = PRESETS.get(at) else {
        return;
    };
    form.set_value(Field::Schedule, preset.expression, shared.now, shared.local);
    form.focus_on(Field::Schedule, false);
    effects.push(Effect::SaveDraft(form.draft()));
}

/// The Schedule field's phrase becomes the cron it reads as.
fn take_translation(form: &mut Form, shared: &mut Shared, effects: &mut Vec<Effect>) {
    if form.take_translation(shared.now, shared.local).is_some() {
        effects.push(Effect::SaveDraft(form.draft()));
    }
}

/// Ctrl+S: validate, then create or update; an edit that changes nothing just closes. A phrase
/// still in the Schedule field is taken into it as its cron first, and said so: the task
/// stores the cron, never the phrase.
fn submit(form: &mut Form, shared: &mut Shared, effects: &mut Vec<Effect>) -> Ask {
    if form.submitting.is_some() {
        shared.unchanged();
        return Ask::Done;
    }
    form.submit_error = None;
    form.refusal = None;
    if let Some(phrase) = form.take_translation(shared.now, shared.local) {
        let expression = form.value(Field::Schedule);
        effects.push(Effect::SaveDraft(form.draft()));
        shared.toast(
            ToastKind::Info,
            format!(
                "Schedule “{}” → {expression} (the task stores the cron)",
                phrase.trim()
            ),
            effects,
        );
    }
    if !form.validate() {
        return Ask::Done;
    }
    let request = shared.request();
    form.submitting = Some(request);
    match &form.mode {
        Mode::Edit(task) => {
            let body = form.update_body(task);
            let unchanged = UpdateTask {
                id: task.id.clone(),
                ..UpdateTask::default()
            };
            if body == unchanged {
                // Nothing changed: no request, the form just closes.
                effects.push(Effect::ClearDraft);
                shared.toast(ToastKind::Info, "No changes to save".into(), effects);
                return Ask::Close;
            }
            effects.push(Effect::Server(ServerCall::UpdateTask { request, body }));
        }
        Mode::New | Mode::Duplicate => {
            let mut bodies = form.create_bodies();
            match bodies.len() {
                1 => effects.push(Effect::Server(ServerCall::CreateTask {
                    request,
                    body: bodies.remove(0),
                })),
                _ => effects.push(Effect::Server(ServerCall::CreateTasks { request, bodies })),
            }
        }
    }
    Ask::Done
}
