//! Drawing: every function here reads the app's state and writes to the frame, nothing else.
//! [`draw`] returns what the frame showed (page lengths, click areas) as a [`Drawn`], which the
//! event loop hands back to the app for the next update.

pub mod agenda;
pub mod columns;
pub mod form;
pub mod format;
pub mod help;
pub mod history;
pub mod layout;
pub mod palette;
pub mod run_detail;
pub mod runs;
pub mod tasks;
pub mod toasts;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;
use super::drawn::Drawn;
use super::state::Screen;
use super::theme::Theme;
use crate::present::sanitize;
use unicode_width::UnicodeWidthStr;

/// Draw the whole app; returns what the next update needs to know of the frame.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) -> Drawn {
    let mut drawn = Drawn::default();
    let areas = layout::screen((frame.area().width, frame.area().height));
    drawn.tabs = draw_header(frame, app, theme, areas.header);
    if let Some(form) = &app.form {
        drawn.fields = form::draw(frame, app, form, theme, areas.body);
    } else if let Some(view) = &app.run_view {
        let lines = run_detail::draw(frame, app, view, theme, areas.body);
        drawn.run_lines = Some((view.id.clone(), lines));
    } else if let Some(pane) = &app.history {
        drawn.list = Some(history::draw(frame, app, pane, theme, areas.body));
    } else {
        match app.screen {
            Screen::Tasks => {
                let (list, detail) = tasks::draw(frame, app, theme, areas.body);
                drawn.list = Some(list);
                drawn.detail_tops = detail;
            }
            Screen::Runs => drawn.list = Some(runs::draw(frame, app, theme, areas.body)),
            Screen::Agenda => drawn.list = Some(agenda::draw(frame, app, theme, areas.body)),
        }
    }
    help::draw_bar(frame, app, theme, areas.bar);
    if let Some(open) = app.palette() {
        palette::draw(frame, app, open, theme, areas.body, areas.bar);
    }
    if let Some(pane) = app.help {
        drawn.help_tops = Some(help::draw(frame, app, pane.scroll, theme, areas.body));
    }
    toasts::draw(frame, app, theme, areas.body);
    theme.glyphs.apply(frame.buffer_mut());
    drawn
}

/// The header; returns where its screen tabs are.
fn draw_header(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) -> Vec<(Rect, Screen)> {
    if area.height == 0 {
        return Vec::new();
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
        Span::raw(" "),
        tab("3 Agenda", app.screen == Screen::Agenda),
        Span::raw("  "),
        Span::raw(sanitize::line(&app.backend.name).into_owned()),
    ];
    if let Some(profile) = &app.backend.profile {
        spans.push(Span::raw(format!(" · profile {}", sanitize::line(profile))));
    }
    if let Some(account) = &app.backend.account {
        let account = sanitize::line(account);
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        // The account's full id when it fits; its first 8 characters (enough to tell accounts
        // apart) when it does not; nothing when not even those do.
        let prefix = " · account ";
        let room = usize::from(area.width).saturating_sub(used + prefix.width());
        let short = format!("{}…", account.chars().take(8).collect::<String>());
        if account.width() <= room {
            spans.push(Span::raw(format!("{prefix}{account}")));
        } else if short.width() <= room {
            spans.push(Span::raw(format!("{prefix}{short}")));
        }
    }
    let line = format::fit_line(Line::from(spans), usize::from(area.width));
    frame.render_widget(Paragraph::new(line).style(theme.header), area);
    layout::TABS
        .iter()
        .map(|(start, end, screen)| {
            let width = end
                .saturating_sub(*start)
                .min(area.width.saturating_sub(*start));
            (Rect::new(area.x + start, area.y, width, 1), *screen)
        })
        .collect()
}
