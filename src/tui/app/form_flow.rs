//! Opening the form, its pickers, and submitting it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::UpdateTask;

use super::super::effect::{Effect, RequestId, ServerCall};
use super::super::form::{Field, Form, Mode};
use super::super::keys::Command;
use super::super::state::ToastKind;
use super::*;

impl App {
    pub(super) fn open_form(&mut self, mode: Mode, effects: &mut Vec<Effect>) {
        if let Some(draft) = self.draft_for(&mode, effects) {
            self.open_draft(draft, effects);
            return;
        }
        let (now, local) = (self.now, self.local);
        let form = match &mode {
            Mode::New => Form::empty(now, local),
            Mode::Edit(task) => {
                let mut draft = Form::draft_of(task);
                draft.editing = Some(task.id.clone());
                Form::new(mode.clone(), draft, now, local)
            }
            Mode::Duplicate => {
                let Some(task) = self.tasks.selected_task() else {
                    return;
                };
                let mut draft = Form::draft_of(task);
                draft.title = format!("{} (copy)", draft.title);
                Form::new(Mode::Duplicate, draft, now, local)
            }
        };
        effects.push(Effect::SaveDraft(form.draft()));
        self.form = Some(form);
        self.load_artists_for_the_form(effects);
    }

    /// The artist picker's list, asked for once when a form opens and none is loaded.
    pub(super) fn load_artists_for_the_form(&mut self, effects: &mut Vec<Effect>) {
        if self.artists.is_empty() && self.artists_request.is_none() {
            let request = self.request();
            self.artists_request = Some(request);
            effects.push(Effect::Server(ServerCall::LoadArtists { request }));
        }
    }

    pub(super) fn pick(&mut self, command: Command, effects: &mut Vec<Effect>) {
        let (now, local) = (self.now, self.local);
        let Some(form) = &mut self.form else { return };
        let suggestions = form.suggestions(&self.artists, &self.recent_ids);
        match command {
            Command::Pick if form.focus == Field::Prompt => {
                form.insert_newline(now, local);
                effects.push(Effect::SaveDraft(form.draft()));
            }
            Command::Pick => match suggestions.get(form.pick) {
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
                    self.dirty = false;
                }
            }
            Command::PickNext => form.pick = (form.pick + 1).min(suggestions.len() - 1),
            _ => form.pick = form.pick.saturating_sub(1),
        }
    }

    pub(super) fn submit(&mut self, effects: &mut Vec<Effect>) {
        let next = self.next_id + 1;
        let Some(form) = &mut self.form else { return };
        if form.submitting.is_some() {
            self.dirty = false;
            return;
        }
        form.submit_error = None;
        if !form.validate() {
            return;
        }
        self.next_id = next;
        let request = RequestId(next);
        form.submitting = Some(request);
        match &form.mode {
            Mode::Edit(task) => {
                let body = form.update_body(task);
                if body
                    == (UpdateTask {
                        id: task.id.clone(),
                        ..UpdateTask::default()
                    })
                {
                    // Nothing changed: no request, the form just closes.
                    self.form = None;
                    effects.push(Effect::ClearDraft);
                    self.toast(ToastKind::Info, "No changes to save".into(), effects);
                    return;
                }
                effects.push(Effect::Server(ServerCall::UpdateTask { request, body }));
            }
            Mode::New | Mode::Duplicate => effects.push(Effect::Server(ServerCall::CreateTask {
                request,
                body: form.create_body(),
            })),
        }
    }
}
