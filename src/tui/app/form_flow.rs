//! Opening the form: on a new task, a task to edit or copy, or the draft kept for it.

use super::super::effect::{Effect, ServerCall};
use super::super::form::{Field, Form, Mode};
use super::*;

impl App {
    pub(super) fn open_form(&mut self, mode: Mode, effects: &mut Vec<Effect>) {
        if let Some(draft) = self.draft_for(&mode, effects) {
            self.open_draft(draft, effects);
            return;
        }
        let (now, local) = (self.shared.now, self.shared.local);
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
        self.load_models_for_the_form(effects);
    }

    /// The artist picker's list, asked for once when a form opens and none is loaded.
    pub(super) fn load_artists_for_the_form(&mut self, effects: &mut Vec<Effect>) {
        if self.artists.is_empty() && self.artists_request.is_none() {
            let request = self.shared.request();
            self.artists_request = Some(request);
            effects.push(Effect::Server(ServerCall::LoadArtists { request }));
        }
    }

    /// What the artist picker says on a local server that has no artist yet (a fresh machine),
    /// while the field is empty and it has nothing else to offer: how to add one. `None`
    /// elsewhere, while the list is on its way, and once an id is typed (the note would cover
    /// the preview and the save's answer).
    pub fn artist_picker_note(&self) -> Option<[&'static str; 3]> {
        let form = self.form.as_ref()?;
        let idle = form.focus == Field::Artist
            && self.artists.is_empty()
            && self.artists_request.is_none()
            && self.backend.is_local()
            && form.value(Field::Artist).trim().is_empty();
        let nothing_offered = form.suggestions(&self.artists, &self.recent_ids).is_empty();
        (idle && nothing_offered).then_some([
            "No artists on this machine yet. In a shell:",
            "  recoup-tasks artists add NAME",
            "then open the form again to pick it.",
        ])
    }

    /// The Model field's list: handed to the form, and asked for when none has arrived yet
    /// (once per session when it does; a failure is asked again by the next form, silently).
    pub(super) fn load_models_for_the_form(&mut self, effects: &mut Vec<Effect>) {
        if let Some(form) = &mut self.form {
            form.models = self.models.clone();
        }
        if !self.models_loaded && !self.models_asked {
            self.models_asked = true;
            effects.push(Effect::Server(ServerCall::LoadModels));
        }
    }

    /// The reply to [`ServerCall::LoadModels`]. Offline, the field simply has no completion:
    /// no toast, since nothing the user asked for failed.
    pub(super) fn on_models(&mut self, result: Result<Vec<AiModel>, ClientError>) {
        self.models_asked = false;
        match result {
            Ok(models) => {
                self.models = Arc::from(models);
                self.models_loaded = true;
                if let Some(form) = &mut self.form {
                    form.models = self.models.clone();
                }
            }
            Err(_) => self.shared.unchanged(),
        }
    }
}
