//! The draft's life outside the form: offered at start, put off, opened by `n`, discarded only
//! after a question, and then kept as the previous draft that `U` brings back. No single key
//! pressed out of habit (`n`, `Esc`, `q`, `Ctrl+C`) loses a word.

use super::super::draft::Draft;
use super::super::effect::Effect;
use super::super::form::{Form, Mode};
use super::super::state::ToastKind;
use super::*;

impl App {
    /// A draft found on disk at start: offered, unless nothing was typed in it.
    pub(super) fn found_draft(&mut self, draft: Draft, effects: &mut Vec<Effect>) {
        if draft.is_blank() {
            self.shared.unchanged();
            return;
        }
        if self.form.is_some() {
            // The form already owns the draft file: keep the found one as the previous draft.
            self.set_aside(draft, effects);
            return;
        }
        self.kept_draft = Some(draft);
        self.offering_draft = true;
    }

    /// How the kept draft is named in the discard question.
    pub(crate) fn kept_draft_name(&self) -> &str {
        self.kept_draft.as_ref().map_or("untitled", Draft::name)
    }

    /// The kept draft, if opening a form in `mode` should open it instead: a new task opens
    /// any kept draft; an edit opens a kept edit of the same task. Any other kept draft is set
    /// aside (kept as the previous draft) so the new form's draft cannot overwrite it.
    pub(super) fn draft_for(&mut self, mode: &Mode, effects: &mut Vec<Effect>) -> Option<Draft> {
        let kept = self.kept_draft.take()?;
        let editing = kept.editing.as_deref();
        match mode {
            Mode::New => Some(kept),
            Mode::Edit(task) if editing == Some(task.id.as_str()) => Some(kept),
            Mode::Edit(_) | Mode::Duplicate => {
                self.set_aside(kept, effects);
                None
            }
        }
    }

    /// Keep `draft` as the previous draft, and say how to bring it back.
    fn set_aside(&mut self, draft: Draft, effects: &mut Vec<Effect>) {
        let text = format!("Draft “{}” set aside: U brings it back", draft.name());
        self.remember_previous(draft, effects);
        self.shared.toast(ToastKind::Info, text, effects);
    }

    fn remember_previous(&mut self, draft: Draft, effects: &mut Vec<Effect>) {
        effects.push(Effect::SavePreviousDraft(draft.clone()));
        self.previous_draft = Some(draft);
    }

    /// Open the form on a saved draft: an edit stays an edit of its task. The form compares
    /// itself with the empty form or the task, so cancelling a restored draft asks first.
    pub(super) fn open_draft(&mut self, draft: Draft, effects: &mut Vec<Effect>) {
        let (now, local) = (self.shared.now, self.shared.local);
        let (mode, baseline) = match draft.editing.as_deref() {
            None => (Mode::New, Form::empty(now, local).draft()),
            Some(id) => {
                // The list may not have loaded (or may have lost the task): still an edit of
                // that id, never a second task; every filled field is sent.
                let task = self
                    .tasks
                    .task(id)
                    .cloned()
                    .unwrap_or_else(|| Form::bare_task(id));
                let mut baseline = Form::draft_of(&task);
                baseline.editing = Some(task.id.clone());
                (Mode::Edit(Box::new(task)), baseline)
            }
        };
        self.form = Some(Form::new(mode, draft, now, local).with_baseline(baseline));
        self.load_artists_for_the_form(effects);
        self.load_models_for_the_form(effects);
    }

    /// `y`, `Enter` or `n` on the offer.
    pub(super) fn restore_draft(&mut self, effects: &mut Vec<Effect>) {
        self.offering_draft = false;
        if let Some(draft) = self.kept_draft.take() {
            self.open_draft(draft, effects);
        }
    }

    /// `Esc` on the offer: the draft stays on disk for `n`.
    pub(super) fn keep_draft(&mut self, effects: &mut Vec<Effect>) {
        self.offering_draft = false;
        let text = format!("Draft “{}” kept: n opens it", self.kept_draft_name());
        self.shared.toast(ToastKind::Info, text, effects);
    }

    /// `y` to "Discard the draft?": it becomes the previous draft.
    pub(super) fn discard_kept_draft(&mut self, effects: &mut Vec<Effect>) {
        self.offering_draft = false;
        if let Some(draft) = self.kept_draft.take() {
            self.discard(draft, effects);
        }
    }

    /// `y` to "Discard the changes?": the form's draft becomes the previous draft.
    pub(super) fn discard_form(&mut self, effects: &mut Vec<Effect>) {
        if let Some(form) = self.form.take() {
            self.discard(form.draft(), effects);
        }
    }

    fn discard(&mut self, draft: Draft, effects: &mut Vec<Effect>) {
        let text = format!("Draft “{}” discarded: U brings it back", draft.name());
        self.remember_previous(draft, effects);
        effects.push(Effect::ClearDraft);
        self.shared.toast(ToastKind::Info, text, effects);
    }

    /// `U`: open the previous draft; a kept draft takes its place as the previous one.
    pub(super) fn bring_back_draft(&mut self, effects: &mut Vec<Effect>) {
        let Some(previous) = self.previous_draft.clone() else {
            self.shared.toast(
                ToastKind::Info,
                "No discarded draft to bring back".into(),
                effects,
            );
            return;
        };
        if let Some(kept) = self.kept_draft.take() {
            self.remember_previous(kept, effects);
        }
        effects.push(Effect::SaveDraft(previous.clone()));
        self.open_draft(previous, effects);
    }
}
