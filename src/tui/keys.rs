//! The key table: one list that both dispatches keys and writes the help screen and the context
//! bar, so the help can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the user is; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, even while typing.
    Global,
    /// The list screens (Tasks, Runs and Agenda).
    Screens,
    Tasks,
    Runs,
    /// A task's runs (`Enter` on a task).
    History,
    /// The Agenda screen (`3`).
    Agenda,
    RunDetail,
    Form,
    /// In the form after `Ctrl+X`, waiting for the second key of a chord (`Ctrl+X Ctrl+E`).
    FormChord,
    /// Typing a `/` filter.
    Filter,
    /// The command palette (`:`), open over a list screen.
    Palette,
    /// A yes/no question (delete, discard changes).
    Confirm,
    /// The offer to restore a saved draft.
    DraftOffer,
    Help,
}

impl Context {
    /// The title of this context's section in the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Screens => "Tasks, Runs and Agenda",
            Context::Tasks => "Tasks",
            Context::Runs => "Runs",
            Context::History => "A task's runs",
            Context::Agenda => "Agenda",
            Context::RunDetail => "Run detail",
            Context::Form => "Task form",
            Context::FormChord => "Task form, after Ctrl+X",
            Context::Filter => "Filter",
            Context::Palette => "Command palette (:)",
            Context::Confirm => "Questions",
            Context::DraftOffer => "Saved draft",
            Context::Help => "Help",
        }
    }

    /// The tables consulted for this context, most specific first.
    fn chain(self) -> &'static [Context] {
        match self {
            Context::Tasks => &[Context::Tasks, Context::Screens, Context::Global],
            Context::Runs => &[Context::Runs, Context::Screens, Context::Global],
            Context::History => &[Context::History, Context::Screens, Context::Global],
            Context::Agenda => &[Context::Agenda, Context::Screens, Context::Global],
            Context::Global => &[Context::Global],
            Context::Screens => &[Context::Screens, Context::Global],
            Context::RunDetail => &[Context::RunDetail, Context::Global],
            Context::Form => &[Context::Form, Context::Global],
            Context::FormChord => &[Context::FormChord, Context::Global],
            Context::Filter => &[Context::Filter, Context::Global],
            Context::Palette => &[Context::Palette, Context::Global],
            Context::Confirm => &[Context::Confirm, Context::Global],
            Context::DraftOffer => &[Context::DraftOffer, Context::Global],
            Context::Help => &[Context::Help, Context::Global],
        }
    }
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    ForceQuit,
    Suspend,
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    NextPane,
    NewTask,
    EditTask,
    DuplicateTask,
    /// Write the listed tasks to a task file in the current directory.
    ExportTasks,
    ToggleEnabled,
    DeleteTask,
    /// Fire the selected task now (local mode only).
    RunNow,
    Refresh,
    StartFilter,
    ClearFilter,
    Sort,
    CopyId,
    ShowTasks,
    ShowRuns,
    ShowAgenda,
    /// The agenda's window: 7 days or 30.
    Widen,
    Help,
    StatusFilter,
    MoreRuns,
    FewerRuns,
    Submit,
    Cancel,
    NextField,
    PreviousField,
    PickPrevious,
    PickNext,
    Pick,
    EditPrompt,
    /// `Ctrl+P`: the schedule presets.
    OpenPresets,
    CopyUpgradeLink,
    LineStart,
    LineEnd,
    DeleteToLineStart,
    DeleteToLineEnd,
    DeleteWordBack,
    Undo,
    Redo,
    /// `Ctrl+X`: the first key of a chord.
    StartChord,
    CancelChord,
    Yes,
    No,
    EndFilter,
    RestoreDraft,
    KeepDraft,
    DiscardDraft,
    BringBackDraft,
    /// Mark or unmark the selected task (bulk `space` and `d` act on the marked ones).
    Mark,
    /// Mark the tasks from the last one marked to the selected one.
    MarkRange,
    /// Open the command palette.
    OpenPalette,
    /// In the palette: run the chosen line.
    PaletteRun,
    /// In the palette: put the chosen line in the input (an argument's completion).
    PaletteComplete,
    PaletteNext,
    PalettePrevious,
    PaletteClose,
}

/// A key with its modifiers, as matched (Shift is ignored for characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn plain(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::ALT,
    }
}

/// One line of the table: the keys, where they apply, what they do, and the help text.
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub command: Command,
    pub help: &'static str,
    /// Shown in the context bar at the bottom (the rest only in `?`).
    pub in_bar: bool,
    /// The bar's shorter text, where the help's would crowd it out.
    pub bar_help: Option<&'static str>,
    /// Offered only by the embedded local server (a local extension of the API): neither the
    /// bar nor the help shows it against a hosted API, where the key does nothing.
    pub local_only: bool,
    /// The command's name in the palette (`:`), for the bindings of the list screens.
    pub name: Option<&'static str>,
}

impl Binding {
    /// The bar's text for this binding, shorter than the help's where the table says so.
    const fn in_short(self, text: &'static str) -> Binding {
        Binding {
            bar_help: Some(text),
            ..self
        }
    }

    /// The name the palette (`:`) offers this binding by.
    const fn named(self, name: &'static str) -> Binding {
        Binding {
            name: Some(name),
            ..self
        }
    }

    /// Offered only in local mode.
    const fn local_only(self) -> Binding {
        Binding {
            local_only: true,
            ..self
        }
    }

    /// Whether this binding is offered where the backend is local (`local`) or hosted.
    pub fn offered(&self, local: bool) -> bool {
        local || !self.local_only
    }

    /// What the context bar says of this binding.
    pub fn bar_text(&self) -> &'static str {
        match self.bar_help {
            Some(text) => text,
            None => self.help,
        }
    }
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    command: Command,
    help: &'static str,
    in_bar: bool,
) -> Binding {
    Binding {
        context,
        keys,
        command,
        help,
        in_bar,
        bar_help: None,
        local_only: false,
        name: None,
    }
}

use Command as C;
use Context as X;

#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind(X::Global, &[ctrl('c')], C::ForceQuit, "quit, always", false).named("force-quit"),
    // In raw mode the terminal sends Ctrl+Z as a key instead of stopping the app. It suspends
    // everywhere, the form included: a shell user's Ctrl+Z must never be taken for an edit.
    bind(X::Global, &[ctrl('z')], C::Suspend, "suspend to the shell (fg resumes)", false).named("suspend"),
    // Both list screens.
    bind(X::Screens, &[plain('q')], C::Quit, "quit", true).named("quit"),
    bind(X::Screens, &[plain('?')], C::Help, "help", true).named("help"),
    bind(X::Screens, &[plain('1')], C::ShowTasks, "Tasks screen", false).named("tasks"),
    bind(X::Screens, &[plain('2')], C::ShowRuns, "Runs screen", false).named("runs"),
    bind(X::Screens, &[plain('3')], C::ShowAgenda, "Agenda screen", false).named("agenda"),
    bind(X::Screens, &[plain('j'), code(KeyCode::Down)], C::Down, "next; in the detail, scroll down", false).named("down"),
    bind(X::Screens, &[plain('k'), code(KeyCode::Up)], C::Up, "previous; in the detail, scroll up", false).named("up"),
    bind(X::Screens, &[code(KeyCode::PageDown)], C::PageDown, "page down", false).named("page-down"),
    bind(X::Screens, &[code(KeyCode::PageUp)], C::PageUp, "page up", false).named("page-up"),
    bind(X::Screens, &[plain('g'), code(KeyCode::Home)], C::Top, "first; in the detail, its top", false).named("first"),
    bind(X::Screens, &[plain('G'), code(KeyCode::End)], C::Bottom, "last; in the detail, its end", false).named("last"),
    bind(X::Screens, &[plain('r')], C::Refresh, "refresh", true).named("refresh"),
    bind(X::Screens, &[plain('c')], C::CopyId, "copy id", false).named("copy-id"),
    bind(X::Screens, &[plain(':')], C::OpenPalette, "command palette: any command by name", false),
    bind(X::Screens, &[code(KeyCode::Enter)], C::Open, "open (a task's runs, a run, a fire's task)", false).named("open"),
    // Tasks.
    bind(X::Tasks, &[plain('n')], C::NewTask, "new", true).named("new"),
    bind(X::Tasks, &[plain('e')], C::EditTask, "edit", true).named("edit"),
    bind(X::Tasks, &[plain('U')], C::BringBackDraft, "bring back the last discarded draft", false).named("undo-discard"),
    bind(X::Tasks, &[plain('y')], C::DuplicateTask, "duplicate (Space in the picker: more artists)", false).named("duplicate"),
    bind(X::Tasks, &[plain('X')], C::ExportTasks, "export the listed tasks to a TOML file here", false).named("export"),
    bind(X::Tasks, &[plain(' ')], C::ToggleEnabled, "enable/disable", true).named("toggle"),
    bind(X::Tasks, &[plain('d')], C::DeleteTask, "delete", true).named("delete"),
    bind(X::Tasks, &[plain('/')], C::StartFilter, "filter", true).named("filter"),
    // The hosted API has no call to run a task now; the local server has (a local extension).
    bind(X::Tasks, &[plain('R')], C::RunNow, "run now (local only: the hosted API has none)", false).local_only().named("run-now"),
    bind(X::Tasks, &[code(KeyCode::Esc)], C::Back, "back; in the list, clear marks, then filter", false).named("back"),
    // Marks (as mutt's tags): space and d then act on every marked task, after one question.
    bind(X::Tasks, &[plain('m')], C::Mark, "mark/unmark (space, d then act on all marked)", false).named("mark"),
    bind(X::Tasks, &[plain('V')], C::MarkRange, "mark from the last marked row to here", false).named("mark-range"),
    bind(X::Tasks, &[plain('s')], C::Sort, "sort by next fire / title / health (worst first)", false).named("sort"),
    bind(X::Tasks, &[code(KeyCode::Tab), code(KeyCode::BackTab)], C::NextPane, "list / recent runs / detail (those on screen)", false).named("next-pane"),
    // Runs.
    bind(X::Runs, &[plain('f')], C::StatusFilter, "filter by status", true).named("status"),
    bind(X::Runs, &[plain('+')], C::MoreRuns, "more runs", false).named("more-runs"),
    bind(X::Runs, &[plain('-')], C::FewerRuns, "fewer runs", false).named("fewer-runs"),
    // A task's runs.
    bind(X::History, &[code(KeyCode::Esc)], C::Back, "back to the tasks, the same task selected", true).in_short("back"),
    bind(X::History, &[plain('f')], C::StatusFilter, "filter by status", true),
    // Agenda.
    bind(X::Agenda, &[plain('w')], C::Widen, "next 7 days / next 30 days", true).in_short("7/30 days").named("widen"),
    // Run detail.
    bind(X::RunDetail, &[code(KeyCode::Esc), plain('q')], C::Back, "back", true),
    bind(X::RunDetail, &[plain('j'), code(KeyCode::Down)], C::Down, "scroll down", true),
    bind(X::RunDetail, &[plain('k'), code(KeyCode::Up)], C::Up, "scroll up", false),
    bind(X::RunDetail, &[code(KeyCode::PageDown)], C::PageDown, "page down", false),
    bind(X::RunDetail, &[code(KeyCode::PageUp)], C::PageUp, "page up", false),
    bind(X::RunDetail, &[plain('g'), code(KeyCode::Home)], C::Top, "top", false),
    bind(X::RunDetail, &[plain('G'), code(KeyCode::End)], C::Bottom, "end", false),
    bind(X::RunDetail, &[plain('r')], C::Refresh, "refresh", true),
    bind(X::RunDetail, &[plain('c')], C::CopyId, "copy id", true),
    // Form.
    bind(X::Form, &[ctrl('s'), alt(KeyCode::Enter)], C::Submit, "save", true),
    bind(X::Form, &[code(KeyCode::Esc)], C::Cancel, "cancel (with the presets open: close them)", true).in_short("cancel"),
    bind(X::Form, &[code(KeyCode::Tab)], C::NextField, "next field; take the hinted zone or cron", true).in_short("next field"),
    bind(X::Form, &[code(KeyCode::BackTab)], C::PreviousField, "previous field", false),
    // The shell's line editing (readline's defaults), in every field.
    bind(X::Form, &[ctrl('a')], C::LineStart, "start of the line", false),
    bind(X::Form, &[ctrl('e')], C::LineEnd, "end of the line", false),
    bind(X::Form, &[ctrl('u')], C::DeleteToLineStart, "delete to the start of the line", false),
    bind(X::Form, &[ctrl('k')], C::DeleteToLineEnd, "delete to the end of the line", false),
    bind(X::Form, &[ctrl('w')], C::DeleteWordBack, "delete the word before the cursor", false),
    bind(X::Form, &[ctrl('y')], C::Redo, "redo (undo: Ctrl+X Ctrl+U)", false),
    bind(X::Form, &[ctrl('x')], C::StartChord, "then Ctrl+E: edit the prompt in $VISUAL/$EDITOR", false),
    bind(X::Form, &[ctrl('o')], C::CopyUpgradeLink, "copy the upgrade link of a plan refusal", false),
    bind(X::Form, &[code(KeyCode::Down)], C::PickNext, "next suggestion (zone, artist, model, preset)", false),
    bind(X::Form, &[code(KeyCode::Up)], C::PickPrevious, "previous suggestion", false),
    bind(X::Form, &[code(KeyCode::Enter)], C::Pick, "take suggestion (a preset, a phrase's cron); new line in the prompt", false),
    bind(X::Form, &[ctrl('p')], C::OpenPresets, "schedule presets (Enter takes one, Esc closes)", false),
    // After Ctrl+X, as bash's `Ctrl+X Ctrl+E` and `Ctrl+X Ctrl+U`; any other key just ends it.
    bind(X::FormChord, &[ctrl('e')], C::EditPrompt, "edit the prompt in $VISUAL/$EDITOR", true).in_short("edit in $EDITOR"),
    bind(X::FormChord, &[ctrl('u')], C::Undo, "undo", true),
    bind(X::FormChord, &[code(KeyCode::Esc)], C::CancelChord, "never mind", true).in_short("cancel"),
    // Filter.
    bind(X::Filter, &[code(KeyCode::Enter)], C::EndFilter, "keep filter", true),
    bind(X::Filter, &[code(KeyCode::Esc)], C::ClearFilter, "clear filter", true),
    // The command palette.
    bind(X::Palette, &[code(KeyCode::Enter)], C::PaletteRun, "run the chosen command", true),
    bind(X::Palette, &[code(KeyCode::Tab)], C::PaletteComplete, "complete with the chosen line", true).in_short("complete"),
    bind(X::Palette, &[code(KeyCode::Down), ctrl('n')], C::PaletteNext, "next match", false),
    bind(X::Palette, &[code(KeyCode::Up), ctrl('p')], C::PalettePrevious, "previous match", false),
    bind(X::Palette, &[code(KeyCode::Esc)], C::PaletteClose, "close", true),
    // Questions.
    bind(X::Confirm, &[plain('y'), code(KeyCode::Enter)], C::Yes, "yes", true),
    bind(X::Confirm, &[plain('n'), code(KeyCode::Esc)], C::No, "no", true),
    // `n` is the habit for a new task: it opens the draft too, never discards it.
    bind(X::DraftOffer, &[plain('y'), code(KeyCode::Enter), plain('n')], C::RestoreDraft, "open the draft", true),
    bind(X::DraftOffer, &[code(KeyCode::Esc)], C::KeepDraft, "later (kept; n opens it)", true),
    bind(X::DraftOffer, &[plain('d')], C::DiscardDraft, "discard (asks)", true),
    // Help.
    bind(X::Help, &[code(KeyCode::Esc), plain('?'), plain('q')], C::Back, "close help", true),
    bind(X::Help, &[plain('j'), code(KeyCode::Down)], C::Down, "scroll down", false),
    bind(X::Help, &[plain('k'), code(KeyCode::Up)], C::Up, "scroll up", false),
    bind(X::Help, &[code(KeyCode::PageDown)], C::PageDown, "page down", false),
    bind(X::Help, &[code(KeyCode::PageUp)], C::PageUp, "page up", false),
    bind(X::Help, &[plain('g'), code(KeyCode::Home)], C::Top, "top", false),
    bind(X::Help, &[plain('G'), code(KeyCode::End)], C::Bottom, "end", false),
];

/// What a palette command's argument names, so the palette can complete it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Argument {
    /// A profile of the config file.
    Profile,
    /// An artist: a name or an account id.
    Artist,
    /// A run status (`FAILED`).
    Status,
}

/// A palette command that takes an argument (`:profile work`): no key does it, but it is
/// listed with the keys, in the help and in `docs/keys.md`.
pub struct PaletteCommand {
    pub name: &'static str,
    pub argument: Argument,
    /// How the argument is written in the help: `NAME`.
    pub placeholder: &'static str,
    pub help: &'static str,
}

pub static PALETTE_COMMANDS: &[PaletteCommand] = &[
    PaletteCommand {
        name: "profile",
        argument: Argument::Profile,
        placeholder: "NAME",
        help: "switch to this profile of the config file (tasks, runs, artists reload)",
    },
    PaletteCommand {
        name: "artist",
        argument: Argument::Artist,
        placeholder: "NAME",
        help: "Tasks of this artist only (name or id; none: all)",
    },
    PaletteCommand {
        name: "runs",
        argument: Argument::Status,
        placeholder: "STATUS",
        help: "Runs screen, only runs with this status (FAILED, COMPLETED, …)",
    },
];

/// How a palette command is written in the help: `:profile NAME`.
pub fn palette_command_label(command: &PaletteCommand) -> String {
    format!(":{} {}", command.name, command.placeholder)
}

/// The key as matched: Shift is part of the character itself, and Shift+Tab arrives as
/// `BackTab`.
fn normalize(event: KeyEvent) -> Key {
    let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    if !matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
        modifiers |= event.modifiers & KeyModifiers::SHIFT;
    }
    let code = match event.code {
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        other => other,
    };
    Key { code, modifiers }
}

/// The help's sections, in order.
pub const HELP_ORDER: [Context; 14] = [
    Context::Global,
    Context::Screens,
    Context::Tasks,
    Context::Runs,
    Context::History,
    Context::Agenda,
    Context::RunDetail,
    Context::Form,
    Context::FormChord,
    Context::Filter,
    Context::Palette,
    Context::Confirm,
    Context::DraftOffer,
    Context::Help,
];

pub const MOUSE_HELP: &str = "Mouse: click selects and focuses, the wheel scrolls.";

/// The help as Markdown, for `docs/keys.md` (a test keeps that file equal to this).
pub fn help_markdown() -> String {
    let mut out = String::from(
        "# Keys\n\nWritten from the key table that dispatches the keys (`src/tui/keys.rs`), as the `?`\nscreen is; `cargo test --test docs` fails when this file is out of date.\n",
    );
    for ctx in HELP_ORDER {
        out.push_str(&format!(
            "\n## {}\n\n| key | does |\n|---|---|\n",
            ctx.title()
        ));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            let keys = keys_label(b).replace('|', "\\|");
            out.push_str(&format!("| `{keys}` | {} |\n", b.help));
        }
        if ctx == Context::Palette {
            for command in PALETTE_COMMANDS {
                let label = palette_command_label(command);
                out.push_str(&format!("| `{label}` | {} |\n", command.help));
            }
        }
    }
    out.push_str(&format!("\n{MOUSE_HELP}\n"));
    out
}

/// The command bound to `event` in `context`, if any.
pub fn lookup(context: Context, event: KeyEvent) -> Option<Command> {
    let key = normalize(event);
    context.chain().iter().find_map(|ctx| {
        BINDINGS
            .iter()
            .find(|b| b.context == *ctx && b.keys.contains(&key))
            .map(|b| b.command)
    })
}

/// The bindings shown for `context`, most specific first (the help screen and the bar).
pub fn bindings_for(context: Context) -> impl Iterator<Item = &'static Binding> {
    context
        .chain()
        .iter()
        .flat_map(|ctx| BINDINGS.iter().filter(move |b| b.context == *ctx))
}

/// How a key is written in the help: `Ctrl+S`, `Alt+Enter`, `j/↓`.
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift+Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        other => format!("{other:?}"),
    };
    let mut label = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        label.push_str("Ctrl+");
        return label + &name.to_uppercase();
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        label.push_str("Alt+");
    }
    label + &name
}

/// All of a binding's keys: `j/↓`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(key_label)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn ctrl_c_quits_from_every_context() {
        for ctx in [
            X::Tasks,
            X::Runs,
            X::RunDetail,
            X::Form,
            X::Filter,
            X::Confirm,
            X::Help,
        ] {
            assert_eq!(
                lookup(ctx, key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
                Some(C::ForceQuit)
            );
        }
    }

    #[test]
    fn ctrl_z_suspends_from_every_context_the_form_included() {
        for ctx in HELP_ORDER {
            assert_eq!(
                lookup(ctx, key(KeyCode::Char('z'), KeyModifiers::CONTROL)),
                Some(C::Suspend),
                "{ctx:?}"
            );
        }
    }

    #[test]
    fn typed_letters_in_the_form_are_not_commands() {
        assert_eq!(
            lookup(X::Form, key(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            lookup(X::Form, key(KeyCode::Char('n'), KeyModifiers::SHIFT)),
            None
        );
    }

    #[test]
    fn shift_tab_and_uppercase_match_their_bindings() {
        assert_eq!(
            lookup(X::Form, key(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(C::PreviousField)
        );
        assert_eq!(
            lookup(X::Tasks, key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(C::Bottom)
        );
        assert_eq!(
            lookup(
                X::Form,
                key(
                    KeyCode::Char('S'),
                    KeyModifiers::CONTROL | KeyModifiers::SHIFT
                )
            ),
            Some(C::Submit)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_chain() {
        for ctx in [
            X::Tasks,
            X::Runs,
            X::History,
            X::Agenda,
            X::RunDetail,
            X::Form,
            X::FormChord,
            X::Filter,
            X::Palette,
            X::Confirm,
            X::DraftOffer,
            X::Help,
        ] {
            let mut seen = Vec::new();
            for b in bindings_for(ctx) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} twice in {ctx:?}");
                    seen.push(*k);
                }
            }
        }
    }
}
