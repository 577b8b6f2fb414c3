//! The reply to a duplicate for several artists: one task per artist, reported together. What
//! was created shows in the list; the artists whose create failed stay in the form, with why,
//! so Save tries them again and only them.

use crate::client::ClientError;
use crate::model::Task;

use super::super::effect::{Effect, RequestId};
use super::super::form::Field;
use super::super::state::{Screen, ToastKind};
use super::*;

impl App {
    pub(super) fn on_created_for_artists(
        &mut self,
        request: RequestId,
        results: Vec<(String, Result<Task, ClientError>)>,
        effects: &mut Vec<Effect>,
    ) {
        let Some(form) = self.form.as_mut().filter(|f| f.submitting == Some(request)) else {
            self.shared.unchanged();
            return;
        };
        form.submitting = None;
        let title = form.value(Field::Title);
        let total = results.len();
        let mut failed: Vec<(String, ClientError)> = Vec::new();
        let mut created = 0;
        for (artist, result) in results {
            match result {
                Ok(task) => {
                    created += 1;
                    crate::tui::recent::remember(&mut self.recent_ids, &artist, MAX_RECENT);
                    self.tasks.replace(task, created == 1, self.shared.now);
                }
                Err(err) => failed.push((artist, err)),
            }
        }
        if created > 0 {
            effects.push(Effect::SaveRecentIds(self.recent_ids.clone()));
        }
        let Some((first_artist, first_error)) = failed.first() else {
            self.form = None;
            self.screen = Screen::Tasks;
            self.tasks.filter.clear();
            self.tasks.filtering = false;
            effects.push(Effect::ClearDraft);
            self.shared.toast(
                ToastKind::Info,
                format!("Created “{title}” for {total} artists"),
                effects,
            );
            self.tasks.load(&mut self.shared, effects);
            return;
        };
        let why = match first_error {
            ClientError::PlanLimit(body) => body.message.clone(),
            other => other.to_string(),
        };
        let text = format!(
            "Created “{title}” for {created} of {total} artists; not for {first_artist}{}: {why}",
            match failed.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            }
        );
        // The form keeps the artists still to do.
        let (now, local) = (self.shared.now, self.shared.local);
        let still: Vec<String> = failed.iter().map(|(artist, _)| artist.clone()).collect();
        form.set_value(Field::Artist, &still.join(", "), now, local);
        form.submit_error = Some(text.clone());
        effects.push(Effect::SaveDraft(form.draft()));
        self.shared.toast(ToastKind::Error, text, effects);
        if created > 0 {
            self.tasks.load(&mut self.shared, effects);
        }
    }
}
