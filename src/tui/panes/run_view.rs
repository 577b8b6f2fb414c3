//! The open run: one run's page, scrolled, refreshed until it finishes.

use crate::client::ClientError;
use crate::model::Run;

use super::super::action::Action;
use super::super::app::RUNS_REFRESH;
use super::super::drawn::Drawn;
use super::super::effect::{Effect, RequestId, ServerCall};
use super::super::keys::Command;
use super::super::state::Load;
use super::{Ask, Shared, backoff, scroll};

/// An open run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunView {
    pub id: String,
    pub load: Load,
    pub run: Option<Run>,
    pub scroll: u16,
    pub request: Option<RequestId>,
    pub generation: u64,
    pub failures: u32,
}

impl RunView {
    /// The view of a run from a list: shown at once, read whole (payload, output) next.
    pub fn of(run: Run) -> RunView {
        RunView {
            id: run.id.clone(),
            load: Load::Loading,
            run: Some(run),
            scroll: 0,
            request: None,
            generation: 0,
            failures: 0,
        }
    }

    /// A key's command, while the run has the keys.
    pub fn update(
        &mut self,
        command: Command,
        drawn: &Drawn,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) -> Ask {
        use Command as C;
        match command {
            C::Up | C::Down | C::PageUp | C::PageDown | C::Top | C::Bottom => {
                // Scrolling stops at the page's last line, once the page has been drawn.
                let lines = match &self.run {
                    Some(_) => drawn.run_lines(&self.id),
                    None => Some(1),
                };
                self.scroll = scroll(command, self.scroll, lines, shared.page());
            }
            C::Back => return Ask::Close,
            C::Refresh => self.load(shared, effects),
            C::CopyId if !self.id.is_empty() => {
                effects.push(Effect::CopyToClipboard(self.id.clone()))
            }
            // The app's commands never reach a pane.
            _ => shared.unchanged(),
        }
        Ask::Done
    }

    /// Read the run again.
    pub fn load(&mut self, shared: &mut Shared, effects: &mut Vec<Effect>) {
        let request = shared.request();
        self.request = Some(request);
        if self.run.is_none() {
            self.load = Load::Loading;
        }
        effects.push(Effect::Server(ServerCall::LoadRun {
            request,
            id: self.id.clone(),
        }));
    }

    /// Whether `request` is the read this view waits for.
    pub fn awaits(&self, request: RequestId) -> bool {
        self.request == Some(request)
    }

    /// The run read again; another read is scheduled until it finishes.
    pub fn on_loaded(
        &mut self,
        result: Result<Box<Run>, ClientError>,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        self.request = None;
        match result {
            Ok(run) => {
                self.failures = 0;
                if self.load == Load::Loaded && self.run.as_ref() == Some(&*run) {
                    shared.unchanged();
                }
                self.run = Some(*run);
                self.load = Load::Loaded;
            }
            Err(e) => {
                self.failures += 1;
                self.load = Load::Failed(e.to_string());
            }
        }
        let finished =
            self.run.as_ref().is_some_and(|r| r.status.is_terminal()) && self.load == Load::Loaded;
        if !finished {
            self.generation += 1;
            effects.push(Effect::After {
                delay: backoff(RUNS_REFRESH, self.failures),
                action: Box::new(Action::RunRefreshDue {
                    generation: self.generation,
                }),
            });
        }
    }

    /// The refresh timer: a replaced one is ignored.
    pub fn on_refresh_due(
        &mut self,
        generation: u64,
        shared: &mut Shared,
        effects: &mut Vec<Effect>,
    ) {
        if generation == self.generation {
            self.load(shared, effects);
        }
        shared.unchanged();
    }
}
