//! Drawing: every function here reads the app's state and writes to the frame, nothing else.

pub mod form;
pub mod format;
pub mod help;
pub mod layout;
pub mod run_detail;
pub mod runs;
pub mod tasks;
pub mod toasts;

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;
use super::state::Screen;
use super::theme::Theme;
use crate::present::sanitize;

/// Draw the whole app.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let areas = layout::screen((frame.area().width, frame.area().height));
    draw_header(frame, app, theme, areas.header);
    if let Some(form) = &app.form {
        form::draw(frame, app, form, theme, areas.body);
    } else if let Some(view) = &app.run_view {
        run_detail::draw(frame, app, view, theme, areas.body);
    } else {
        match app.screen {
            Screen::Tasks => tasks::draw(frame, app, theme, areas.body),
            Screen::Runs => runs::draw(frame, app, theme, areas.body),
        }
    }
    help::draw_bar(frame, app, theme, areas.bar);
    if let Some(scroll) = app.help {
        help::draw(frame, app, scroll, theme, areas.body);
    }
    toasts::draw(frame, app, theme, areas.body);
}

fn draw_header(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: ratatui::layout::Rect) {
    if area.height == 0 {
        return;
    }
    let tab = |label: &'static str, on: bool| {
        if on {
            Span::styled(format!("[{label}]"), theme.title)
        } else {
            Span::raw(format!(" {label} "))
        }
    };
    let mut spans = vec![
        Span::styled(" recoup-tasks ", theme.title),
        tab("1 Tasks", app.screen == Screen::Tasks),
        Span::raw(" "),
        tab("2 Runs", app.screen == Screen::Runs),
        Span::raw("  "),
        Span::raw(sanitize::line(&app.backend.name).into_owned()),
    ];
    if let Some(profile) = &app.backend.profile {
        spans.push(Span::raw(format!(" · profile {}", sanitize::line(profile))));
    }
    if let Some(account) = &app.backend.account {
        let account = sanitize::line(account);
        let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        // The account's full id when it fits; its first 8 characters (enough to tell accounts
        // apart) when it does not.
        let prefix = " · account ";
        let shown =
            if used + prefix.chars().count() + account.chars().count() <= usize::from(area.width) {
                account.into_owned()
            } else {
                format!("{}…", account.chars().take(8).collect::<String>())
            };
        spans.push(Span::raw(format!("{prefix}{shown}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.header), area);
}
