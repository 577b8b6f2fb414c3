//! The help screen and the context bar, both written from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::super::app::App;
use super::super::keys;
use super::super::theme::Theme;
use super::layout;

/// Every binding, grouped by where it applies.
pub fn help_lines<'a>(theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for ctx in keys::HELP_ORDER {
        lines.push(Line::styled(ctx.title().to_string(), theme.title));
        for b in keys::BINDINGS.iter().filter(|b| b.context == ctx) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", keys::keys_label(b)), theme.accent),
                Span::raw(b.help),
            ]));
        }
    }
    lines.push(Line::styled(keys::MOUSE_HELP, theme.muted));
    lines
}

/// The help over `body`; returns how many first lines it can start at (its lines less its
/// height, plus one), so the last one shows the end with the pane full.
pub fn draw(frame: &mut Frame<'_>, _app: &App, scroll: u16, theme: &Theme, body: Rect) -> usize {
    let area = layout::centered(body, 70, body.height);
    let lines = help_lines(theme);
    let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    let scroll = scroll.min(max);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(Span::styled(" Keys ", theme.title));
    if scroll < max {
        block = block.title_bottom(Line::styled(" more ↓ j ", theme.muted));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
    usize::from(max) + 1
}

/// The bottom line: the keys that matter here, from the table. Items that do not fit are left
/// out whole, from the end, never cut mid-word; `? help`, which lists them all, always stays.
pub fn draw_bar(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    if area.height == 0 {
        return;
    }
    let items: Vec<(String, String, bool)> = keys::bindings_for(app.context())
        .filter(|b| b.in_bar)
        .map(|b| {
            let key = keys::keys_label(b);
            let text = format!(" {}  ", b.bar_text());
            (key, text, b.command == keys::Command::Help)
        })
        .collect();
    let width = |(key, text, _): &(String, String, bool)| key.width() + text.trim_end().width();
    let gap = 2;
    let reserved = items
        .iter()
        .find(|item| item.2)
        .map_or(0, |item| width(item) + gap);
    let mut used = reserved;
    let mut full = false;
    let mut spans = Vec::new();
    for item in &items {
        if !item.2 {
            if full || used + width(item) > usize::from(area.width) {
                full = true;
                continue;
            }
            used += width(item) + gap;
        }
        spans.push(Span::styled(item.0.clone(), theme.accent));
        spans.push(Span::styled(item.1.clone(), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
