//! The terminal UI: state and `update` ([`app`]), the key table ([`keys`]), the views
//! ([`views`]), the event loop and the terminal guard.
//!
//! Data flows one way: input → [`Action`] → [`App::update`] (pure; returns [`Effect`]s) →
//! effects run on tokio tasks → results come back as actions. Drawing only reads the state.
//!
//! Starting it: build a [`Startup`] (backend label, viewer's zone; `now` and the size are filled
//! in by the loop), a [`theme::Theme`] (`Theme::builtin(name, ColorMode::detect())`), and an
//! implementation of [`event_loop::ServerEffects`] that runs each [`ServerCall`] with the
//! Recoup client on a tokio task and sends the matching reply:
//!
//! | server call | request | reply |
//! |---|---|---|
//! | `LoadTasks` | `GET /api/tasks` | `TasksLoaded` |
//! | `CheckTask { id }` | `GET /api/tasks?id=` (the run path's plan check) | `TaskChecked` |
//! | `LoadRuns { limit }` | `GET /api/tasks/runs?limit=` | `RunsLoaded` |
//! | `LoadRun { id }` | `GET /api/tasks/runs?runId=` | `RunLoaded` |
//! | `LoadArtists` | `GET /api/artists` | `ArtistsLoaded` |
//! | `LoadModels` (no request id) | `GET /api/ai/models` | `ModelsLoaded` |
//! | `LoadAccount` | `GET /api/accounts/id` | `AccountLoaded` |
//! | `CreateTask { body }` | `POST /api/tasks` | `TaskSaved` |
//! | `UpdateTask { body }` | `PATCH /api/tasks` | `TaskSaved` |
//! | `SetEnabled { id, enabled }` | `PATCH /api/tasks` `{id, enabled}` | `TaskToggled` |
//! | `DeleteTask { id }` | `DELETE /api/tasks` | `TaskDeleted` |
//!
//! Each reply carries the call's `request` id back; errors are the client's
//! [`ClientError`](crate::client::ClientError) (its `Display` is what the user reads). Then
//! `event_loop::run(startup, options, &server).await` — the loop runs every other effect itself
//! (timers, OSC 52 copy, drafts, recent ids, `$EDITOR`, suspend, quit), except `:profile`'s
//! `SwitchProfile`, which it hands to `ServerEffects::switch_profile` (answered with
//! `ProfileSwitched`; replies to calls started before a switch are dropped).

pub mod action;
pub mod app;
pub mod draft;
pub mod drawn;
pub mod effect;
pub mod event_loop;
pub mod export;
pub mod form;
pub mod form_artists;
pub mod form_models;
pub mod form_presets;
pub mod form_text;
pub mod form_zones;
pub mod fuzzy;
pub mod glyphs;
pub mod keys;
pub mod launch;
pub mod palette;
pub mod panes;
pub mod preview;
pub mod recent;
pub mod signals;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod views;

pub use action::Action;
pub use app::{App, Startup};
pub use effect::{Effect, RequestId, ServerCall};
