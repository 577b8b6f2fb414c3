//! Keys, paste and mouse: the app's own commands (quitting, screens, questions, drafts,
//! opening the form) run here; every other command goes to the pane in focus.

use std::time::Duration;

use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use super::super::effect::Effect;
use super::super::form::Mode;
use super::super::keys::{self, Command, Context};
use super::super::palette::Palette;
use super::super::panes::form::Choices;
use super::super::panes::help::HelpPane;
use super::super::panes::{self, Ask};
use super::super::state::{Question, RunView, Screen, TasksFocus};
use super::*;

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent, effects: &mut Vec<Effect>) {
        let context = self.context();
        match keys::lookup(context, key) {
            Some(command) => self.run_command(command, effects),
            None => self.type_key(context, key, effects),
        }
    }

    /// A key that is no command: text for the form or the filter; ignored elsewhere.
    fn type_key(&mut self, context: Context, key: KeyEvent, effects: &mut Vec<Effect>) {
        let shared = &mut self.shared;
        match (context, &mut self.form) {
            (Context::Form | Context::FormChord, Some(form)) => {
                let choices = Choices {
                    artists: &self.artists,
                    recent_ids: &self.recent_ids,
                };
                panes::form::type_key(form, key, choices, shared, effects)
            }
            (Context::Filter, _) => self.tasks.type_key(key, shared),
            (Context::Palette, _) => self.palette_type(key),
            _ => shared.unchanged(),
        }
    }

    pub(super) fn on_paste(&mut self, text: &str, effects: &mut Vec<Effect>) {
        let context = self.context();
        let shared = &mut self.shared;
        match (context, &mut self.form) {
            (Context::Form | Context::FormChord, Some(form)) => {
                form.chord = false;
                panes::form::paste(form, text, shared, effects)
            }
            (Context::Filter, _) => self.tasks.paste(text),
            (Context::Palette, _) => self.palette_paste(text),
            _ => shared.unchanged(),
        }
    }

    pub(super) fn on_mouse(&mut self, mouse: MouseEvent, effects: &mut Vec<Effect>) {
        let context = self.context();
        let command = match mouse.kind {
            MouseEventKind::ScrollDown => Command::Down,
            MouseEventKind::ScrollUp => Command::Up,
            MouseEventKind::Down(MouseButton::Left) => {
                let at = Position::new(mouse.column, mouse.row);
                let on_screens =
                    matches!(context, Context::Tasks | Context::Runs | Context::Agenda);
                match on_screens.then(|| self.drawn.tab_at(at)).flatten() {
                    Some(Screen::Tasks) => self.run_command(Command::ShowTasks, effects),
                    Some(Screen::Runs) => self.run_command(Command::ShowRuns, effects),
                    Some(Screen::Agenda) => self.run_command(Command::ShowAgenda, effects),
                    None => self.click(context, at),
                }
                return;
            }
            _ => {
                self.shared.unchanged();
                return;
            }
        };
        match context {
            Context::Form
            | Context::FormChord
            | Context::Confirm
            | Context::DraftOffer
            | Context::Palette
            | Context::Filter => self.shared.unchanged(),
            _ => self.run_command(command, effects),
        }
    }

    /// A click on what the last frame showed.
    fn click(&mut self, context: Context, at: Position) {
        let (shared, drawn) = (&mut self.shared, &self.drawn);
        match (context, &mut self.form) {
            (Context::Form, Some(form)) => panes::form::click(form, at, drawn, shared),
            (Context::Tasks, _) => self.tasks.click(at, drawn, shared),
            (Context::Runs, _) => self.runs.click(at, drawn, shared),
            (Context::Agenda, _) => self.agenda.click(at, drawn, shared),
            _ => shared.unchanged(),
        }
    }

    pub(super) fn run_command(&mut self, command: Command, effects: &mut Vec<Effect>) {
        use Command as C;
        match command {
            C::ForceQuit | C::Quit => {
                self.quitting = true;
                effects.push(Effect::Quit);
            }
            C::Suspend => effects.push(Effect::Suspend),
            C::Help => self.help = Some(HelpPane::default()),
            C::ShowTasks => {
                self.close_history();
                self.screen = Screen::Tasks;
            }
            C::ShowRuns => {
                self.close_history();
                if self.screen != Screen::Runs {
                    self.screen = Screen::Runs;
                    self.runs.load(&mut self.shared, effects);
                }
            }
            C::OpenPalette => self.palette = Some(Palette::default()),
            C::PaletteRun
            | C::PaletteComplete
            | C::PaletteNext
            | C::PalettePrevious
            | C::PaletteClose => self.palette_command(command, effects),
            // Built (or brought up to date) by `App::update`'s sync, after this command.
            C::ShowAgenda => self.screen = Screen::Agenda,
            C::NewTask => self.open_form(Mode::New, effects),
            C::EditTask => match self.tasks.selected_task() {
                Some(task) => self.open_form(Mode::Edit(Box::new(task.clone())), effects),
                None => self.shared.unchanged(),
            },
            C::DuplicateTask => match self.tasks.selected_task() {
                Some(_) => self.open_form(Mode::Duplicate, effects),
                None => self.shared.unchanged(),
            },
            C::DeleteTask if !self.tasks.marks.is_empty() => {
                match self.tasks.bulk_delete_question() {
                    Some(question) => self.question = Some(question),
                    None => self.shared.unchanged(),
                }
            }
            C::ExportTasks => self.export_listed_tasks(effects),
            C::DeleteTask => match self.tasks.selected_task() {
                Some(task) => {
                    self.question = Some(Question::DeleteTask {
                        id: task.id.clone(),
                        title: task.title.clone(),
                    })
                }
                None => self.shared.unchanged(),
            },
            C::RunNow => match self.tasks.selected_task() {
                // The hosted API has no such call: the key is not offered there.
                Some(task) if self.backend.is_local() => {
                    let (id, title) = (task.id.clone(), task.title.clone());
                    self.tasks.run_now(id, title, &mut self.shared, effects);
                }
                _ => self.shared.unchanged(),
            },
            C::Yes => match self.question.take() {
                Some(Question::DeleteTask { id, .. }) => {
                    self.tasks.delete(id, &mut self.shared, effects)
                }
                Some(Question::Bulk { kind, tasks }) => {
                    self.tasks
                        .start_bulk(kind, tasks, &mut self.shared, effects)
                }
                Some(Question::DiscardForm) => self.discard_form(effects),
                Some(Question::DiscardDraft) => self.discard_kept_draft(effects),
                None => {}
            },
            C::No => self.question = None,
            C::RestoreDraft => self.restore_draft(effects),
            C::KeepDraft => self.keep_draft(effects),
            C::DiscardDraft => self.question = Some(Question::DiscardDraft),
            C::BringBackDraft => self.bring_back_draft(effects),
            C::Up
            | C::Down
            | C::PageUp
            | C::PageDown
            | C::Top
            | C::Bottom
            | C::Open
            | C::Back
            | C::NextPane
            | C::ToggleEnabled
            | C::Mark
            | C::MarkRange
            | C::Refresh
            | C::StartFilter
            | C::EndFilter
            | C::ClearFilter
            | C::Sort
            | C::CopyId
            | C::StatusFilter
            | C::MoreRuns
            | C::FewerRuns
            | C::Submit
            | C::Cancel
            | C::NextField
            | C::PreviousField
            | C::PickPrevious
            | C::PickNext
            | C::Pick
            | C::EditPrompt
            | C::OpenPresets
            | C::CopyUpgradeLink
            | C::LineStart
            | C::LineEnd
            | C::DeleteToLineStart
            | C::DeleteToLineEnd
            | C::DeleteWordBack
            | C::Undo
            | C::Redo
            | C::StartChord
            | C::CancelChord
            | C::Widen => self.route(command, effects),
        }
    }

    /// A pane's command, to the pane in focus; then what it asks of the app.
    fn route(&mut self, command: Command, effects: &mut Vec<Effect>) {
        let context = self.context();
        let (shared, drawn) = (&mut self.shared, &self.drawn);
        let ask = match context {
            Context::Help => match &mut self.help {
                Some(help) => help.update(command, drawn, shared),
                None => Ask::Done,
            },
            Context::Form | Context::FormChord => match &mut self.form {
                Some(form) => {
                    let choices = Choices {
                        artists: &self.artists,
                        recent_ids: &self.recent_ids,
                    };
                    panes::form::update(form, command, choices, shared, effects)
                }
                None => Ask::Done,
            },
            Context::RunDetail => match &mut self.run_view {
                Some(view) => view.update(command, drawn, shared, effects),
                None => Ask::Done,
            },
            Context::Tasks | Context::Filter => self.tasks.update(command, drawn, shared, effects),
            Context::Runs => self.runs.update(command, shared, effects),
            Context::History => match &mut self.history {
                Some(history) => history.update(command, &self.runs.task_of, shared, effects),
                None => Ask::Done,
            },
            // The agenda lists the tasks' fires: `r` reads the tasks again.
            Context::Agenda if command == Command::Refresh => {
                self.tasks.load(shared, effects);
                Ask::Done
            }
            Context::Agenda => self.agenda.update(command, shared, effects),
            // No pane has the keys: the question, the offer and the palette answer with the
            // app's commands.
            Context::Confirm
            | Context::DraftOffer
            | Context::Palette
            | Context::Global
            | Context::Screens => {
                shared.unchanged();
                Ask::Done
            }
        };
        match ask {
            Ask::Done => {}
            Ask::Close => self.close(context, effects),
            Ask::OpenRun(run) => {
                let mut view = RunView::of(*run);
                view.load(&mut self.shared, effects);
                self.run_view = Some(view);
            }
            Ask::OpenHistory { task_id, title } => {
                let mut history = HistoryPane::of(task_id, title);
                history.load(&mut self.shared, effects);
                self.history = Some(history);
            }
            Ask::Confirm(question) => self.question = Some(question),
            Ask::ShowTask(id) => {
                self.screen = Screen::Tasks;
                self.tasks.reveal(&id);
            }
        }
    }

    /// Leave a task's runs for the Tasks screen, with the same task selected (by id).
    fn close_history(&mut self) {
        if let Some(history) = self.history.take() {
            self.tasks.select_id(Some(&history.task_id));
            self.tasks.focus = TasksFocus::List;
        }
    }

    /// Close the pane that has the keys in `context`.
    fn close(&mut self, context: Context, effects: &mut Vec<Effect>) {
        match context {
            Context::Help => self.help = None,
            Context::Palette => self.palette = None,
            Context::History => self.close_history(),
            Context::Form | Context::FormChord => self.form = None,
            Context::RunDetail => {
                self.run_view = None;
                // Back on the Runs screen: refresh it now; back on a task's runs, read them
                // again (the run just watched may have finished).
                if let Some(history) = self.history.as_mut() {
                    history.load(&mut self.shared, effects);
                } else if self.screen == Screen::Runs {
                    self.runs.schedule_refresh_in(Duration::ZERO, effects);
                }
            }
            Context::Tasks
            | Context::Runs
            | Context::Agenda
            | Context::Filter
            | Context::Confirm
            | Context::DraftOffer
            | Context::Global
            | Context::Screens => {}
        }
    }
}

impl App {
    /// `X`: the tasks the list shows (its filter applied) as a task file, named after the local
    /// time (`recoup-tasks-20261202-143005.toml`).
    fn export_listed_tasks(&mut self, effects: &mut Vec<Effect>) {
        let tasks: Vec<crate::model::ListedTask> = self
            .tasks
            .visible
            .iter()
            .filter_map(|i| self.tasks.rows.get(*i))
            .map(|row| (*row.task).clone())
            .collect();
        let file_tasks = crate::present::task_file::file_tasks(&tasks);
        let now = self.shared.now;
        let stamp = match self.shared.local {
            Some(zone) => now.with_timezone(&zone).format("%Y%m%d-%H%M%S").to_string(),
            None => now.format("%Y%m%d-%H%M%S").to_string(),
        };
        effects.push(Effect::ExportTasks {
            text: crate::present::task_file::to_toml(&file_tasks),
            stem: format!("recoup-tasks-{stamp}"),
            count: file_tasks.len(),
        });
    }
}
