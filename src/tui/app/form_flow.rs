//! Opening the form: on a new task, a task to edit or copy, or the draft kept for it.

use super::super::effect::{Effect, ServerCall};
use super::super::form::{Form, Mode};
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
    }

    /// The artist picker's list, asked for once when a form opens and none is loaded.
    pub(super) fn load_artists_for_the_form(&mut self, effects: &mut Vec<Effect>) {
        if self.artists.is_empty() && self.artists_request.is_none() {
            let request = self.shared.request();
            self.artists_request = Some(request);
            effects.push(Effect::Server(ServerCall::LoadArtists { request }));
        }
    }
}
