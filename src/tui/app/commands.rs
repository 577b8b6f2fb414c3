//! Keys, paste and mouse: the key table's commands applied to the state.

use std::time::Duration;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::super::action::Action;
use super::super::effect::{Effect, ServerCall};
use super::super::form::{Field, Mode};
use super::super::keys::{self, Command, Context};
use super::super::state::{Load, Question, RUN_LIMITS, RunView, Screen, TasksFocus};
use super::super::theme::Theme;
use super::super::views::{self, layout};
use super::*;

impl App {
    pub(super) fn on_paste(&mut self, text: &str, effects: &mut Vec<Effect>) {
        let (now, local) = (self.now, self.local);
        if let Some(form) = &mut self.form {
            if self.question.is_none() && self.help.is_none() && form.paste(text, now, local) {
                effects.push(Effect::SaveDraft(form.draft()));
                return;
            }
        } else if self.context() == Context::Filter {
            self.tasks.filter.push_str(&text.replace(['\n', '\r'], " "));
            self.tasks.refilter();
            return;
        }
        self.dirty = false;
    }

    pub(super) fn on_mouse(&mut self, mouse: MouseEvent, effects: &mut Vec<Effect>) {
        let command = match mouse.kind {
            MouseEventKind::ScrollDown => Command::Down,
            MouseEventKind::ScrollUp => Command::Up,
            MouseEventKind::Down(MouseButton::Left) => {
                let on_tab = (mouse.row == 0
                    && matches!(self.context(), Context::Tasks | Context::Runs))
                .then(|| layout::header_tab_at(mouse.column))
                .flatten();
                match on_tab {
                    Some(Screen::Tasks) => self.run_command(Command::ShowTasks, effects),
                    Some(Screen::Runs) => self.run_command(Command::ShowRuns, effects),
                    None => self.click(mouse.column, mouse.row),
                }
                return;
            }
            _ => {
                self.dirty = false;
                return;
            }
        };
        match self.context() {
            Context::Form | Context::Confirm | Context::DraftOffer | Context::Filter => {
                self.dirty = false
            }
            _ => self.run_command(command, effects),
        }
    }

    /// Focus the form field under the pointer.
    pub(super) fn click_form(&mut self, column: u16, row: u16) {
        let body = layout::screen(self.size).body;
        let Some(form) = &mut self.form else { return };
        let (area, _) = views::form::split(form, body);
        let at = ratatui::layout::Position { x: column, y: row };
        let field = views::form::places(form, area)
            .into_iter()
            .find(|p| p.label.contains(at) || p.input.contains(at))
            .map(|p| p.field);
        match field {
            Some(field) if field != form.focus => form.focus_on(field, false),
            _ => self.dirty = false,
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let ctx = self.context();
        if ctx == Context::Form {
            self.click_form(column, row);
            return;
        }
        if !matches!(ctx, Context::Tasks | Context::Runs) {
            self.dirty = false;
            return;
        }
        let areas = layout::screen(self.size);
        let (list, len) = match self.screen {
            Screen::Tasks => (layout::tasks(areas.body).list, self.tasks.visible.len()),
            Screen::Runs => (areas.body, self.runs.visible.len()),
        };
        let rows = layout::list_rows(list);
        if !rows.contains(ratatui::layout::Position { x: column, y: row }) {
            if self.screen == Screen::Tasks {
                self.tasks.focus = self.tasks.detail_focus();
            }
            return;
        }
        let selected = match self.screen {
            Screen::Tasks => self.tasks.selected,
            Screen::Runs => self.runs.selected,
        };
        let offset = layout::list_offset(selected, rows.height as usize);
        let index = offset + usize::from(row - rows.y);
        if index >= len {
            return;
        }
        match self.screen {
            Screen::Tasks => {
                self.tasks.selected = index;
                self.tasks.focus = TasksFocus::List;
                self.tasks.run_selected = 0;
                self.tasks.detail_scroll = 0;
            }
            Screen::Runs => self.runs.selected = index,
        }
    }

    pub(super) fn on_key(&mut self, key: KeyEvent, effects: &mut Vec<Effect>) {
        let context = self.context();
        match keys::lookup(context, key) {
            Some(command) => self.run_command(command, effects),
            None => self.type_key(context, key, effects),
        }
    }

    /// A key that is no command: text for the form or the filter; ignored elsewhere.
    pub(super) fn type_key(&mut self, context: Context, key: KeyEvent, effects: &mut Vec<Effect>) {
        let (now, local) = (self.now, self.local);
        match context {
            Context::Form => {
                let Some(form) = &mut self.form else { return };
                if form.type_key(key, now, local) {
                    effects.push(Effect::SaveDraft(form.draft()));
                } else {
                    self.dirty = true;
                }
            }
            Context::Filter => match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.tasks.filter.push(c);
                    self.tasks.refilter();
                }
                KeyCode::Backspace => {
                    self.tasks.filter.pop();
                    self.tasks.refilter();
                }
                _ => self.dirty = false,
            },
            _ => self.dirty = false,
        }
    }

    pub(super) fn run_command(&mut self, command: Command, effects: &mut Vec<Effect>) {
        use Command as C;
        let context = self.context();
        match command {
            C::ForceQuit => {
                self.quit(effects);
            }
            C::Quit => self.quit(effects),
            C::Suspend => effects.push(Effect::Suspend),
            C::Help => self.help = Some(0),
            C::ShowTasks => {
                self.screen = Screen::Tasks;
            }
            C::ShowRuns => {
                if self.screen != Screen::Runs {
                    self.screen = Screen::Runs;
                    self.load_runs(effects);
                }
            }
            C::Up | C::Down | C::PageUp | C::PageDown | C::Top | C::Bottom => {
                self.move_selection(command)
            }
            C::Open => self.open_run(effects),
            C::Back => {
                if self.help.is_some() {
                    self.help = None;
                } else {
                    self.run_view = None;
                    if self.screen == Screen::Runs {
                        self.runs.generation += 1;
                        effects.push(Effect::After {
                            delay: Duration::ZERO,
                            action: Box::new(Action::RunsRefreshDue {
                                generation: self.runs.generation,
                            }),
                        });
                    }
                }
            }
            C::NextPane => {
                if self.tasks.selected_task().is_none() {
                    self.dirty = false;
                    return;
                }
                self.tasks.focus = match self.tasks.focus {
                    TasksFocus::List => self.tasks.detail_focus(),
                    TasksFocus::RecentRuns => TasksFocus::Detail,
                    TasksFocus::Detail => TasksFocus::List,
                };
                self.tasks.run_selected = 0;
                self.tasks.detail_scroll = 0;
            }
            C::NewTask => self.open_form(Mode::New, effects),
            C::EditTask => match self.tasks.selected_task() {
                Some(task) => self.open_form(Mode::Edit(Box::new(task.clone())), effects),
                None => self.dirty = false,
            },
            C::DuplicateTask => match self.tasks.selected_task() {
                Some(_) => self.open_form(Mode::Duplicate, effects),
                None => self.dirty = false,
            },
            C::ToggleEnabled => {
                let target = self
                    .tasks
                    .selected_task()
                    .map(|t| (t.id.clone(), t.enabled == Some(false)));
                match target {
                    Some((id, enabled)) if self.toggle_request.is_none() => {
                        let request = self.request();
                        self.toggle_request = Some(request);
                        effects.push(Effect::Server(ServerCall::SetEnabled {
                            request,
                            id,
                            enabled,
                        }));
                    }
                    _ => self.dirty = false,
                }
            }
            C::DeleteTask => match self.tasks.selected_task() {
                Some(task) => {
                    self.question = Some(Question::DeleteTask {
                        id: task.id.clone(),
                        title: task.title.clone(),
                    })
                }
                None => self.dirty = false,
            },
            C::Refresh => match context {
                Context::RunDetail => self.load_run(effects),
                _ if self.screen == Screen::Runs => {
                    self.retry_run_tasks();
                    self.load_runs(effects);
                }
                _ => self.load_tasks(effects),
            },
            C::StartFilter => self.tasks.filtering = true,
            C::EndFilter => self.tasks.filtering = false,
            C::ClearFilter => {
                if self.tasks.filter.is_empty() && !self.tasks.filtering {
                    self.dirty = false;
                }
                self.tasks.filter.clear();
                self.tasks.filtering = false;
                self.tasks.refilter();
            }
            C::Sort => {
                self.tasks.sort = match self.tasks.sort {
                    super::super::state::Sort::NextFire => super::super::state::Sort::Title,
                    super::super::state::Sort::Title => super::super::state::Sort::NextFire,
                };
                self.tasks.refilter();
            }
            C::CopyId => {
                let id = match context {
                    Context::RunDetail => self.run_view.as_ref().map(|v| v.id.clone()),
                    _ if self.screen == Screen::Runs => {
                        self.runs.selected_run().map(|r| r.id.clone())
                    }
                    _ if self.tasks.focus == TasksFocus::RecentRuns => {
                        self.selected_recent_run().map(|r| r.id.clone())
                    }
                    _ => self.tasks.selected_task().map(|t| t.id.clone()),
                };
                match id {
                    Some(id) if !id.is_empty() => effects.push(Effect::CopyToClipboard(id)),
                    _ => self.dirty = false,
                }
            }
            C::StatusFilter => {
                let statuses = self.runs.statuses();
                self.runs.status_filter = match &self.runs.status_filter {
                    None => statuses.first().cloned(),
                    Some(current) => statuses
                        .iter()
                        .position(|s| s == current)
                        .and_then(|i| statuses.get(i + 1))
                        .cloned(),
                };
                self.runs.refilter();
            }
            C::MoreRuns | C::FewerRuns => {
                let at = RUN_LIMITS
                    .iter()
                    .position(|l| *l >= self.runs.limit)
                    .unwrap_or(RUN_LIMITS.len() - 1);
                let at = if command == C::MoreRuns {
                    (at + 1).min(RUN_LIMITS.len() - 1)
                } else {
                    at.saturating_sub(1)
                };
                if RUN_LIMITS[at] == self.runs.limit && command == C::MoreRuns {
                    let most = self.runs.limit;
                    let text = format!("{most} runs is the most the API lists at once");
                    self.toast(ToastKind::Info, text, effects);
                } else if RUN_LIMITS[at] == self.runs.limit {
                    self.dirty = false;
                } else {
                    self.runs.limit = RUN_LIMITS[at];
                    self.load_runs(effects);
                }
            }
            C::Submit => self.submit(effects),
            C::Cancel => match &self.form {
                Some(form) if form.is_changed() => self.question = Some(Question::DiscardForm),
                _ => {
                    self.form = None;
                    effects.push(Effect::ClearDraft);
                }
            },
            C::NextField | C::PreviousField => {
                if let Some(form) = &mut self.form {
                    if command == C::NextField {
                        form.next_field();
                    } else {
                        form.previous_field();
                    }
                }
            }
            C::PickNext | C::PickPrevious | C::Pick => self.pick(command, effects),
            C::EditPrompt => {
                let (now, local) = (self.now, self.local);
                if let Some(form) = &mut self.form {
                    if form.focus == Field::Prompt {
                        effects.push(Effect::EditInEditor(form.value(Field::Prompt)));
                    } else {
                        // Elsewhere Ctrl+E keeps its editing meaning: the end of the line.
                        let end = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
                        form.type_key(end, now, local);
                    }
                }
            }
            C::Yes => match self.question.take() {
                Some(Question::DeleteTask { id, .. }) => {
                    let request = self.request();
                    self.delete_request = Some(request);
                    effects.push(Effect::Server(ServerCall::DeleteTask { request, id }));
                }
                Some(Question::DiscardForm) => self.discard_form(effects),
                Some(Question::DiscardDraft) => self.discard_kept_draft(effects),
                None => {}
            },
            C::No => self.question = None,
            C::RestoreDraft => self.restore_draft(effects),
            C::KeepDraft => self.keep_draft(effects),
            C::DiscardDraft => self.ask_to_discard_draft(),
            C::BringBackDraft => self.bring_back_draft(effects),
        }
    }

    pub(super) fn quit(&mut self, effects: &mut Vec<Effect>) {
        self.quitting = true;
        effects.push(Effect::Quit);
    }

    pub(super) fn move_selection(&mut self, command: Command) {
        use Command as C;
        let page = usize::from(self.size.1.saturating_sub(6)).max(1);
        let step = |pos: usize, len: usize| -> usize {
            let last = len.saturating_sub(1);
            match command {
                C::Up => pos.saturating_sub(1),
                C::Down => (pos + 1).min(last),
                C::PageUp => pos.saturating_sub(page),
                C::PageDown => (pos + page).min(last),
                C::Top => 0,
                _ => last,
            }
        };
        // Scrolling stops at the last line of the text (unwrapped).
        if let Some(scroll) = self.help {
            let lines = views::help::help_lines(&Theme::plain()).len();
            self.help = Some(step(usize::from(scroll), lines).min(usize::from(u16::MAX)) as u16);
            return;
        }
        if let Some(view) = &self.run_view {
            let lines = view.run.as_ref().map_or(1, |run| {
                views::run_detail::run_lines(run, self, &Theme::plain()).len()
            });
            let scroll = step(usize::from(view.scroll), lines).min(usize::from(u16::MAX)) as u16;
            if let Some(view) = &mut self.run_view {
                view.scroll = scroll;
            }
            return;
        }
        match self.screen {
            Screen::Tasks if self.tasks.focus == TasksFocus::RecentRuns => {
                let len = self
                    .tasks
                    .selected_task()
                    .map_or(0, |t| t.recent_runs.len());
                self.tasks.run_selected = step(self.tasks.run_selected, len);
            }
            Screen::Tasks if self.tasks.focus == TasksFocus::Detail => {
                let lines = self.tasks.selected_task().map_or(1, |task| {
                    views::tasks::detail_lines(self, task, &Theme::plain(), usize::MAX).len()
                });
                let before = self.tasks.detail_scroll;
                self.tasks.detail_scroll =
                    step(usize::from(before), lines).min(usize::from(u16::MAX)) as u16;
                self.dirty = before != self.tasks.detail_scroll;
            }
            Screen::Tasks => {
                let before = self.tasks.selected;
                self.tasks.selected = step(before, self.tasks.visible.len());
                if before != self.tasks.selected {
                    self.tasks.run_selected = 0;
                    self.tasks.detail_scroll = 0;
                } else {
                    self.dirty = false;
                }
            }
            Screen::Runs => {
                let before = self.runs.selected;
                self.runs.selected = step(before, self.runs.visible.len());
                self.dirty = before != self.runs.selected;
            }
        }
    }

    pub(super) fn open_run(&mut self, effects: &mut Vec<Effect>) {
        let run = match self.screen {
            Screen::Runs => self.runs.selected_run().cloned(),
            Screen::Tasks if self.tasks.focus == TasksFocus::RecentRuns => {
                self.selected_recent_run().cloned()
            }
            Screen::Tasks => {
                // On a task row, Enter steps into its recent runs (the next Enter opens one).
                match (self.tasks.selected_task(), self.tasks.detail_focus()) {
                    (None, _) => self.dirty = false,
                    (Some(_), TasksFocus::RecentRuns) => {
                        self.tasks.focus = TasksFocus::RecentRuns;
                        self.tasks.run_selected = 0;
                    }
                    (Some(_), _) => {
                        self.toast(ToastKind::Info, "This task has not run yet".into(), effects)
                    }
                }
                return;
            }
        };
        let Some(run) = run else {
            self.dirty = false;
            return;
        };
        self.run_view = Some(RunView {
            id: run.id.clone(),
            load: Load::Loading,
            run: Some(run),
            scroll: 0,
            request: None,
            generation: 0,
            failures: 0,
        });
        self.load_run(effects);
    }
}
