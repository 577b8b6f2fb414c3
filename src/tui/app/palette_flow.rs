//! The command palette's part of the app: opening it, typing into it, running the chosen line
//! (a key's command exactly as the key runs it, or `:profile`, `:artist`, `:runs`), and the
//! profile switch, which reloads every pane against the new backend.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::effect::{Effect, ServerCall};
use super::super::keys::{Command, Context};
use super::super::palette::{self, Candidate, Run, Sources};
use super::super::state::{RunsPane, Screen, Switched, TasksPane, ToastKind};
use super::*;

impl App {
    /// The palette's matches for what is typed, best first.
    pub fn palette_candidates(&self) -> Vec<Candidate> {
        match &self.palette {
            Some(p) => palette::candidates(&p.input, &self.palette_sources()),
            None => Vec::new(),
        }
    }

    fn palette_sources(&self) -> Sources<'_> {
        let context = match self.screen {
            Screen::Tasks => Context::Tasks,
            Screen::Runs => Context::Runs,
            Screen::Agenda => Context::Agenda,
        };
        // The directory's artists, then any only the tasks name.
        let mut artists: Vec<String> = Vec::new();
        let named = self
            .artists
            .iter()
            .map(|(_, a)| a.name.clone().unwrap_or_else(|| a.account_id.clone()));
        let listed = self.tasks.rows.iter().map(|r| {
            r.task
                .artist_name
                .clone()
                .unwrap_or_else(|| r.task.artist_account_id.clone())
        });
        for artist in named.chain(listed) {
            if !artist.is_empty() && !artists.contains(&artist) {
                artists.push(artist);
            }
        }
        Sources {
            context,
            local: self.backend.is_local(),
            profiles: &self.profiles,
            local_is_mode: self.local_is_mode,
            artists,
        }
    }

    /// The palette's keys.
    pub(super) fn palette_command(&mut self, command: Command, effects: &mut Vec<Effect>) {
        if command == Command::PaletteRun {
            self.run_palette(effects);
            return;
        }
        let candidates = self.palette_candidates();
        let Some(open) = self.palette.as_mut() else {
            self.shared.unchanged();
            return;
        };
        match command {
            Command::PaletteClose => self.palette = None,
            Command::PaletteNext => {
                open.chosen = (open.chosen + 1).min(candidates.len().saturating_sub(1))
            }
            Command::PalettePrevious => open.chosen = open.chosen.saturating_sub(1),
            Command::PaletteComplete => match candidates.into_iter().nth(open.chosen) {
                Some(candidate) => {
                    open.input = match candidate.run {
                        Run::Fill(line) => line,
                        _ => candidate.line,
                    };
                    open.chosen = 0;
                }
                None => self.shared.unchanged(),
            },
            _ => self.shared.unchanged(),
        }
    }

    /// A key that is no command, while the palette is open: text for it.
    pub(super) fn palette_type(&mut self, key: KeyEvent) {
        let Some(open) = self.palette.as_mut() else {
            self.shared.unchanged();
            return;
        };
        match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                open.input.push(c);
                open.chosen = 0;
            }
            KeyCode::Backspace => {
                open.input.pop();
                open.chosen = 0;
            }
            _ => self.shared.unchanged(),
        }
    }

    /// Pasted text, while the palette is open: one line of it.
    pub(super) fn palette_paste(&mut self, text: &str) {
        if let Some(open) = self.palette.as_mut() {
            open.input.push_str(&text.replace(['\n', '\r'], " "));
            open.chosen = 0;
        }
    }

    /// Enter: the chosen line, or what is typed when nothing matches.
    fn run_palette(&mut self, effects: &mut Vec<Effect>) {
        let input = self
            .palette
            .as_ref()
            .map(|p| p.input.clone())
            .unwrap_or_default();
        let chosen = self.palette_candidates().into_iter().nth(open_chosen(self));
        let run = chosen.map(|c| c.run).or_else(|| palette::literal(&input));
        if let Some(Run::Fill(line)) = &run {
            if let Some(open) = self.palette.as_mut() {
                open.input = line.clone();
                open.chosen = 0;
            }
            return;
        }
        // Closed first: a key's command then runs where the key would.
        self.palette = None;
        match run {
            Some(Run::Key(command)) => self.run_command(command, effects),
            Some(Run::Profile(name)) => self.switch_profile(name, effects),
            Some(Run::Artist(name)) => {
                self.screen = Screen::Tasks;
                self.tasks.artist_filter = Some(name).filter(|n| !n.is_empty());
                self.tasks.refilter();
            }
            Some(Run::Runs(status)) => self.show_runs_with(&status, effects),
            Some(Run::Fill(_)) => {}
            None if input.trim().is_empty() => {}
            None => self.shared.toast(
                ToastKind::Error,
                format!(
                    "No command “{}”: type : and choose one from the list",
                    input.trim()
                ),
                effects,
            ),
        }
    }

    /// `:runs STATUS`: the Runs screen showing only that status (any case; empty: all).
    fn show_runs_with(&mut self, status: &str, effects: &mut Vec<Effect>) {
        let filter = if status.is_empty() {
            None
        } else {
            match crate::model::status_filter(status) {
                Ok(name) => Some(name),
                Err(message) => {
                    self.shared.toast(ToastKind::Error, message, effects);
                    return;
                }
            }
        };
        self.runs.status_filter = filter;
        self.runs.refilter();
        if self.screen != Screen::Runs {
            self.screen = Screen::Runs;
            self.runs.load(&mut self.shared, effects);
        }
    }

    /// `:profile NAME`: open it; the panes reload once it answers.
    fn switch_profile(&mut self, name: String, effects: &mut Vec<Effect>) {
        let (kind, text) = if name.is_empty() {
            (
                ToastKind::Error,
                format!("Which profile? :profile NAME ({})", self.profile_list()),
            )
        } else if let Some(opening) = &self.switching {
            (
                ToastKind::Error,
                format!("Still opening profile {opening}: wait for it"),
            )
        } else if self.local_is_mode && name == LOCAL_MODE {
            if self.backend.profile.is_none() && self.backend.name == LOCAL_MODE {
                (ToastKind::Info, "Already in local mode".to_string())
            } else {
                self.switching = Some(name.clone());
                effects.push(Effect::SwitchToLocal);
                (ToastKind::Info, "Back to local mode…".to_string())
            }
        } else if self.backend.profile.as_deref() == Some(name.as_str()) {
            (ToastKind::Info, format!("Already on profile {name}"))
        } else {
            self.switching = Some(name.clone());
            effects.push(Effect::SwitchProfile(name.clone()));
            (ToastKind::Info, format!("Opening profile {name}…"))
        };
        self.shared.toast(kind, text, effects);
    }

    /// `profiles: a, b`, or how to make one.
    fn profile_list(&self) -> String {
        if self.profiles.is_empty() {
            "the config file has no [[profiles]]".into()
        } else {
            format!("profiles: {}", self.profiles.join(", "))
        }
    }

    /// The switch's answer: on success every pane starts again against the new backend (the
    /// old backend's replies still on their way carry request ids no pane waits for, and the
    /// event loop drops those without one); on failure nothing changes.
    pub(super) fn on_profile_switched(
        &mut self,
        profile: String,
        result: Result<Switched, String>,
        effects: &mut Vec<Effect>,
    ) {
        self.switching = None;
        let switched = match result {
            Ok(switched) => switched,
            Err(e) => {
                let here = match &self.backend.profile {
                    Some(name) => format!("profile {name}"),
                    None => self.backend.name.clone(),
                };
                let text = format!(
                    "Could not open profile {profile}: {e}. Still on {here}; `recoup-tasks --profile {profile} config` shows why"
                );
                self.shared.toast(ToastKind::Error, text, effects);
                return;
            }
        };
        self.backend = switched.backend;
        self.plan = switched.plan;
        // New panes, keeping how the user looks at them; timers of the old ones never match.
        let tasks = TasksPane {
            sort: self.tasks.sort,
            generation: self.tasks.generation + 1,
            ..TasksPane::default()
        };
        let runs = RunsPane {
            limit: self.runs.limit,
            generation: self.runs.generation + 1,
            ..RunsPane::default()
        };
        self.tasks = tasks;
        self.runs = runs;
        self.run_view = None;
        self.question = None;
        self.artists = Default::default();
        self.models = Arc::from(Vec::new());
        self.models_asked = false;
        self.models_loaded = false;
        self.tasks.load(&mut self.shared, effects);
        if self.screen == Screen::Runs {
            self.runs.load(&mut self.shared, effects);
        }
        let request = self.shared.request();
        self.artists_request = Some(request);
        effects.push(Effect::Server(ServerCall::LoadArtists { request }));
        if self.backend.account.is_none() {
            effects.push(Effect::Server(ServerCall::LoadAccount));
        }
        for warning in switched.warnings {
            self.shared.toast(ToastKind::Error, warning, effects);
        }
        self.shared.toast(
            ToastKind::Info,
            format!("Switched to profile {profile}"),
            effects,
        );
    }
}

/// The palette's chosen position (0 when closed).
fn open_chosen(app: &App) -> usize {
    app.palette.as_ref().map_or(0, |p| p.chosen)
}
