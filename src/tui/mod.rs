//! The terminal UI: state and `update` ([`app`]), the key table ([`keys`]), the views
//! ([`views`]), the event loop and the terminal guard.
//!
//! Data flows one way: input → [`Action`] → [`App::update`] (pure; returns [`Effect`]s) →
//! effects run on tokio tasks → results come back as actions. Drawing only reads the state.

pub mod action;
pub mod app;
pub mod draft;
pub mod effect;
pub mod event_loop;
pub mod form;
pub mod keys;
pub mod preview;
pub mod recent;
pub mod sanitize;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod views;

pub use action::Action;
pub use app::{App, Startup};
pub use effect::{Effect, RequestId};
