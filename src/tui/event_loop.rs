//! The event loop: terminal events, effect replies and the clock become actions; effects are
//! started on tokio tasks; a frame is drawn only when the state changed, at most one per
//! [`FRAME`], so a burst of input or replies costs one draw.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use ratatui::crossterm::event::{Event, EventStream, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::client::TaskListReply;

use super::action::Action;
use super::app::{App, Startup};
use super::draft::{self, DraftWriter};
use super::effect::{Effect, ServerCall};
use super::recent;
use super::signals::{self, EndSignal, EndSignals};
use super::terminal::TerminalGuard;
use super::theme::Theme;
use super::views;

/// The shortest time between two frames.
pub const FRAME: Duration = Duration::from_millis(8);

/// The most actions applied between two frames.
const BURST: usize = 1024;

/// Runs the effects that talk to the server (the Recoup client), sending each reply back as an
/// action on `reply`.
pub trait ServerEffects {
    fn start(&self, call: ServerCall, reply: mpsc::UnboundedSender<Action>);

    /// Open the config file's profile `name`, send [`Action::ProfileSwitched`], and from then
    /// on run every call against it, dropping the replies to calls started before. Without
    /// profiles (a test's fake server), the switch fails and nothing changes.
    fn switch_profile(&self, name: String, reply: mpsc::UnboundedSender<Action>) {
        let _ = reply.send(Action::ProfileSwitched {
            profile: name,
            result: Err("this app cannot switch profiles".into()),
        });
    }

    /// Go back to the local mode the session started in, send [`Action::ProfileSwitched`]
    /// (profile `local`), and run every later call there. Without one, nothing changes.
    fn switch_to_local(&self, reply: mpsc::UnboundedSender<Action>) {
        let _ = reply.send(Action::ProfileSwitched {
            profile: "local".into(),
            result: Err("this session did not start in local mode".into()),
        });
    }
}

/// What the loop needs besides the app.
pub struct LoopOptions {
    pub theme: Theme,
    /// Where the draft is kept (the data dir).
    pub data_dir: PathBuf,
    /// Map F12 to [`Action::DebugPanic`] (tests of the terminal guard).
    pub debug_panic_key: bool,
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `q`, Ctrl+C, or the end of the terminal's input.
    Quit,
    /// SIGTERM, SIGHUP or SIGINT.
    Signal(EndSignal),
}

/// Where the loop writes the app's files.
struct Files {
    drafts: Arc<DraftWriter>,
    dir: PathBuf,
}

/// The terminal event as an action; `None` for events the app ignores (key releases, focus).
pub fn event_to_action(event: Event, debug_panic_key: bool) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Release => None,
        Event::Key(key)
            if debug_panic_key
                && key.code == KeyCode::F(12)
                && key.modifiers == KeyModifiers::NONE =>
        {
            Some(Action::DebugPanic)
        }
        Event::Key(key) => Some(Action::Key(key)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(mouse) => Some(Action::Mouse(mouse)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// The OSC 52 sequence that puts `text` on the clipboard of the terminal — the local one, even
/// over SSH.
pub fn osc52(text: &str) -> String {
    format!(
        "\u{1b}]52;c;{}\u{7}",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

/// The instant the wall clock next reaches a whole minute.
fn next_minute(now: DateTime<Utc>) -> Duration {
    let into = now.timestamp().rem_euclid(60) as u64;
    Duration::from_secs(60 - into)
}

/// Run the app until it quits or an end signal arrives. However this returns, the terminal is
/// restored and the newest draft is on disk.
pub async fn run(
    mut startup: Startup,
    options: LoopOptions,
    server: &dyn ServerEffects,
) -> io::Result<Exit> {
    // Caught before the terminal changes modes, so no end signal can kill the process and
    // leave the terminal in them.
    let mut signals = EndSignals::listen()?;
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    startup.size = (size.width, size.height);
    startup.now = Utc::now();
    startup.debug_panic = options.debug_panic_key;
    if startup.recent_ids.is_empty() {
        startup.recent_ids = recent::load(&options.data_dir);
    }
    let slot = draft::claim_slot(&options.data_dir);
    startup.draft = slot.load();
    startup.previous_draft = draft::load_previous(&options.data_dir);
    let (mut app, effects) = App::new(startup);
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let drafts = Arc::new(DraftWriter::new(options.data_dir.clone(), slot));
    tokio::spawn(Arc::clone(&drafts).run());
    let mut events = EventStream::new();
    let mut last_frame: Option<Instant> = None;
    let files = Files {
        drafts,
        dir: options.data_dir.clone(),
    };
    let mut ended = start_effects(effects, &tx, &files, server, &mut guard, &mut events);
    // A change waiting to be drawn; drawn at once unless a frame was drawn less than FRAME ago.
    let mut pending = false;
    let outcome = loop {
        if let Some(outcome) = ended.take() {
            break outcome;
        }
        pending |= app.take_dirty();
        let due = last_frame.map_or_else(Instant::now, |t| t + FRAME);
        if pending && due <= Instant::now() {
            if let Err(e) = draw(&mut guard, &mut app, &options.theme) {
                break Err(e);
            }
            last_frame = Some(Instant::now());
            pending = false;
        }
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => event_to_action(event, options.debug_panic_key),
                Some(Err(e)) => break Err(e),
                None => break Ok(Exit::Quit),
            },
            signal = signals.recv() => break Ok(Exit::Signal(signal)),
            Some(action) = rx.recv() => Some(action),
            _ = tokio::time::sleep(next_minute(Utc::now())) => Some(Action::Clock(Utc::now())),
            _ = tokio::time::sleep_until(due), if pending => None,
        };
        if let Some(action) = action {
            let effects = apply(&mut app, action);
            ended = start_effects(effects, &tx, &files, server, &mut guard, &mut events);
        }
        // Coalesce a burst of replies arriving together: apply everything already waiting
        // before the next frame. Terminal input is not polled here: crossterm's EventStream
        // keeps the waker of its first pending poll, so polling it with a no-op waker (as
        // `now_or_never` does) would leave the loop deaf to the keyboard. Key bursts still
        // share frames, since drawing waits for the frame interval.
        for _ in 0..BURST {
            if ended.is_some() {
                break;
            }
            let Ok(action) = rx.try_recv() else {
                break;
            };
            let effects = apply(&mut app, action);
            ended = start_effects(effects, &tx, &files, server, &mut guard, &mut events);
        }
    };
    drop(guard);
    // A draft save is asynchronous: what was typed last is written now, before the process
    // exits, whether the loop ended on `q`, a signal or an error.
    files.drafts.flush();
    outcome
}

/// [`App::update`], then, once a task list reply has replaced (or been compared with and
/// dropped in favour of) the list shown, the freed memory handed back to the system (a `304`
/// freed nothing).
fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    let list = matches!(
        action,
        Action::TasksLoaded {
            result: Ok(TaskListReply::Listed { .. }) | Err(_),
            ..
        }
    );
    let effects = app.update(action);
    if list {
        release_freed_memory();
    }
    effects
}

/// glibc keeps what its per-thread arenas free resident: a reply of 10,000 tasks decoded next
/// to the list shown (about 14 MiB each, plus the 7 MB body) left the TUI at 40–60 MiB after
/// each auto-refresh instead of the 29 MiB it needs (`benches/tui_live.rs`). Trimming gives the
/// free pages back; it takes a few milliseconds, once per list reply.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointer and only releases memory that is already free.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// One frame, wrapped in synchronized-update codes so the terminal shows it whole; then the
/// app remembers what the frame showed (the views only read it).
fn draw(guard: &mut TerminalGuard, app: &mut App, theme: &Theme) -> io::Result<()> {
    let _ = ratatui::crossterm::execute!(io::stdout(), BeginSynchronizedUpdate);
    let mut drawn = None;
    let done = guard
        .terminal
        .draw(|frame| drawn = Some(views::draw(frame, app, theme)))
        .map(|_| ());
    let _ = ratatui::crossterm::execute!(io::stdout(), EndSynchronizedUpdate);
    if let Some(drawn) = drawn {
        app.remember(drawn);
    }
    done
}

/// Start each effect; returns how the loop ends when one of them ends it: [`Effect::Quit`], or
/// an error when the terminal could not be taken back after a suspend.
fn start_effects(
    effects: Vec<Effect>,
    tx: &mpsc::UnboundedSender<Action>,
    files: &Files,
    server: &dyn ServerEffects,
    guard: &mut TerminalGuard,
    events: &mut EventStream,
) -> Option<io::Result<Exit>> {
    for effect in effects {
        match effect {
            Effect::Quit => return Some(Ok(Exit::Quit)),
            Effect::After { delay, action } => {
                let tx = tx.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    let _ = tx.send(*action);
                });
            }
            Effect::CopyToClipboard(text) => {
                let mut out = io::stdout();
                let result = out
                    .write_all(osc52(&text).as_bytes())
                    .and_then(|()| out.flush())
                    .map_err(|e| e.to_string());
                let _ = tx.send(Action::Copied { text, result });
            }
            Effect::ExportTasks { text, stem, count } => {
                let tx = tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = std::env::current_dir()
                        .and_then(|dir| super::export::write_new(&dir, &stem, &text))
                        .map(|path| (path.display().to_string(), count))
                        .map_err(|e| e.to_string());
                    let _ = tx.send(Action::TasksExported { result });
                });
            }
            Effect::SaveDraft(draft) => files.drafts.save(draft),
            Effect::ClearDraft => files.drafts.clear(),
            Effect::SavePreviousDraft(draft) => files.drafts.save_previous(draft),
            Effect::SaveRecentIds(ids) => {
                let dir = files.dir.clone();
                tokio::task::spawn_blocking(move || {
                    if let Err(e) = recent::save(&dir, &ids) {
                        tracing::warn!("recent ids not written: {e}");
                    }
                });
            }
            Effect::EditInEditor(text) => {
                // The editor owns the terminal meanwhile: no events are read until it exits.
                guard.suspend();
                let result = edit_externally(&text);
                let resumed = guard.resume();
                *events = EventStream::new();
                let result = match resumed {
                    Ok(()) => result,
                    Err(e) => Err(e.to_string()),
                };
                let _ = tx.send(Action::EditorClosed(result));
            }
            Effect::Suspend => {
                guard.suspend();
                if let Err(e) = signals::stop_until_continued() {
                    tracing::warn!("cannot stop for the shell: {e}");
                }
                // Continued: the terminal is taken back and cleared, so the next frame paints
                // it whole, at the size it may have been given meanwhile.
                let size = guard.resume().and_then(|()| guard.terminal.size());
                *events = EventStream::new();
                match size {
                    Ok(size) => {
                        let _ = tx.send(Action::Resize(size.width, size.height));
                    }
                    Err(e) => return Some(Err(e)),
                }
            }
            Effect::Server(call) => server.start(call, tx.clone()),
            Effect::SwitchProfile(name) => server.switch_profile(name, tx.clone()),
            Effect::SwitchToLocal => server.switch_to_local(tx.clone()),
        }
    }
    None
}

/// Edit `text` in `$VISUAL`, `$EDITOR`, or `vi`, through a temporary file.
fn edit_externally(text: &str) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    // A new private file (0600, a name no one can guess), removed when `file` drops.
    let mut file = tempfile::Builder::new()
        .prefix("recoup-tasks-prompt-")
        .suffix(".md")
        .tempfile()
        .map_err(|e| format!("cannot create a file for the editor: {e}"))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| format!("cannot write the file for the editor: {e}"))?;
    let path = file.path().to_path_buf();
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&path)
        .status()
        .map_err(|e| format!("could not start {program}: {e}"));
    match status {
        // The app drops the final newline editors add.
        Ok(s) if s.success() => std::fs::read_to_string(&path).map_err(|e| e.to_string()),
        Ok(s) => Err(format!("{program} exited with {s}")),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyEvent, KeyEventState};

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52("run_1"), "\u{1b}]52;c;cnVuXzE=\u{7}");
    }

    #[test]
    fn key_releases_are_ignored_and_f12_panics_only_when_enabled() {
        let release = KeyEvent {
            code: KeyCode::Char('a'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        };
        assert_eq!(event_to_action(Event::Key(release), false), None);
        let f12 = KeyEvent::new(KeyCode::F(12), KeyModifiers::NONE);
        assert_eq!(
            event_to_action(Event::Key(f12), true),
            Some(Action::DebugPanic)
        );
        assert_eq!(
            event_to_action(Event::Key(f12), false),
            Some(Action::Key(f12))
        );
    }

    #[test]
    fn the_clock_wakes_at_the_next_whole_minute() {
        let t = DateTime::parse_from_rfc3339("2026-11-29T10:00:45Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(next_minute(t), Duration::from_secs(15));
    }
}
